/* SPDX-License-Identifier: MIT */
/*
 * test_dist.c — core/dist, tested as GSL's randist/test.c does: draw many samples with a fixed
 * seed and compare them with the exact distribution.
 *
 * For every distribution, N = 200,000 draws:
 * - the sample mean must lie within 5 standard errors of the exact mean (SE = sd / sqrt(N)) and
 *   the sample variance within 5 SE of the exact variance (SE = var * sqrt((kurt_excess + 2) / N),
 *   the large-sample SE of a variance); a correct generator fails either with p ~ 6e-7;
 * - continuous ones: the Kolmogorov–Smirnov statistic sqrt(N) * D against the exact CDF must stay
 *   below 2.2253, the asymptotic Kolmogorov critical value at alpha = 1e-4;
 * - discrete ones: Pearson's chi-square over cells with expected counts >= 10 (tails pooled) must
 *   stay below the chi-square critical value at alpha = 1e-4 for cells - 1 degrees of freedom
 *   (computed here by bisection; 15.137 for 1 df, 33.720 for 9).
 * The seeds are fixed, so each outcome is deterministic; the bounds are what a correct sampler
 * meets except with probability about 1e-4, and what a wrong one (a missing boost, a shifted
 * mode, a biased tail) misses by far.
 *
 * The exact CDFs of gamma and beta need the regularised incomplete gamma and beta functions; they
 * are implemented below (series and Lentz continued fractions, after the classical formulas in
 * Abramowitz & Stegun 6.5 and 26.5) and checked against closed forms first.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brink.h"

enum { N = 200000 };

#define PI 3.14159265358979323846
#define KS_CRIT 2.2253 /* sqrt(N) * D at alpha = 1e-4, asymptotic Kolmogorov distribution */

/* Asserts |x - expect| <= tol, printing the numbers when it fails. */
#define assert_near(x, expect, tol)                                                                \
    do {                                                                                           \
        double x_ = (x), e_ = (expect), t_ = (tol);                                                \
        if (!(fabs(x_ - e_) <= t_))                                                                \
            print_error("%s = %.17g, expected %.17g +- %.3g\n", #x, x_, e_, t_);                   \
        assert_true(fabs(x_ - e_) <= t_);                                                          \
    } while (0)

/* ---------------------------------------------------------------------------------------------- */
/* Special functions for the exact CDFs                                                           */
/* ---------------------------------------------------------------------------------------------- */

/* Regularised lower incomplete gamma P(a, x) by its power series (good for x < a + 1). */
static double gamma_p_series(double a, double x)
{
    double term = 1.0 / a, sum = term;
    for (int n = 1; n < 10000; n++) {
        term *= x / (a + n);
        sum += term;
        if (fabs(term) < fabs(sum) * 1e-16)
            break;
    }
    return sum * exp(-x + a * log(x) - lgamma(a));
}

/* Regularised upper incomplete gamma Q(a, x) by its continued fraction (x >= a + 1), evaluated
 * with the modified Lentz method. */
static double gamma_q_fraction(double a, double x)
{
    const double tiny = 1e-300;
    double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
    for (int i = 1; i < 10000; i++) {
        double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (fabs(d) < tiny)
            d = tiny;
        c = b + an / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        double delta = d * c;
        h *= delta;
        if (fabs(delta - 1.0) < 1e-16)
            break;
    }
    return exp(-x + a * log(x) - lgamma(a)) * h;
}

static double gamma_p(double a, double x)
{
    if (x <= 0.0)
        return 0.0;
    return x < a + 1.0 ? gamma_p_series(a, x) : 1.0 - gamma_q_fraction(a, x);
}

static double gamma_q(double a, double x)
{
    if (x <= 0.0)
        return 1.0;
    return x < a + 1.0 ? 1.0 - gamma_p_series(a, x) : gamma_q_fraction(a, x);
}

/* The continued fraction of the incomplete beta function (modified Lentz). */
static double beta_fraction(double a, double b, double x)
{
    const double tiny = 1e-300;
    double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0, d = 1.0 - qab * x / qap;
    if (fabs(d) < tiny)
        d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m < 10000; m++) {
        int m2 = 2 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        double delta = d * c;
        h *= delta;
        if (fabs(delta - 1.0) < 1e-16)
            break;
    }
    return h;
}

/* Regularised incomplete beta I_x(a, b), using the symmetry I_x(a,b) = 1 - I_{1-x}(b,a) where
 * the fraction converges faster. */
static double beta_i(double a, double b, double x)
{
    if (x <= 0.0)
        return 0.0;
    if (x >= 1.0)
        return 1.0;
    double front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
    if (x < (a + 1.0) / (a + b + 2.0))
        return front * beta_fraction(a, b, x) / a;
    return 1.0 - front * beta_fraction(b, a, 1.0 - x) / b;
}

/* The chi-square value exceeded with probability alpha for df degrees of freedom: the root of
 * Q(df/2, x/2) = alpha, by bisection. */
static double chi2_critical(int df, double alpha)
{
    double lo = 0.0, hi = 10.0 * df + 100.0;
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        if (gamma_q(0.5 * df, 0.5 * mid) > alpha)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

static void cdf_helpers_match_closed_forms(void **state)
{
    (void)state;
    const double xs[] = {1e-6, 0.01, 0.3, 0.5, 1.0, 2.0, 3.7, 8.0, 20.0};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i];
        assert_near(gamma_p(1.0, x), -expm1(-x), 1e-12);
        assert_near(gamma_p(0.5, x), erf(sqrt(x)), 1e-12);
        assert_near(gamma_q(3.0, x), exp(-x) * (1.0 + x + 0.5 * x * x), 1e-12);
    }
    const double us[] = {1e-6, 0.05, 0.25, 0.5, 0.7, 0.99};
    for (size_t i = 0; i < sizeof us / sizeof us[0]; i++) {
        double u = us[i], v = 1.0 - u;
        assert_near(beta_i(1.0, 1.0, u), u, 1e-12);
        assert_near(beta_i(3.0, 1.0, u), u * u * u, 1e-12);
        assert_near(beta_i(0.5, 0.5, u), 2.0 / PI * asin(sqrt(u)), 1e-12);
        /* I_u(2, 3) = sum_{j=2..4} C(4, j) u^j (1-u)^(4-j). */
        assert_near(beta_i(2.0, 3.0, u), 6 * u * u * v * v + 4 * u * u * u * v + u * u * u * u,
                    1e-12);
    }
    /* Critical values from an independent computation (mpmath). */
    assert_near(chi2_critical(1, 1e-4), 15.1367052, 1e-5);
    assert_near(chi2_critical(9, 1e-4), 33.7199484, 1e-5);
    assert_near(chi2_critical(40, 1e-4), 82.0622938, 1e-5);
}

/* ---------------------------------------------------------------------------------------------- */
/* Statistical checks                                                                             */
/* ---------------------------------------------------------------------------------------------- */

/* Mean within 5 SE, variance within 5 SE (see the file comment). */
static void check_moments(const char *name, const double *x, size_t n, double mean, double var,
                          double kurt_excess)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += x[i];
    double m = sum / (double)n, ss = 0.0;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - m) * (x[i] - m);
    double v = ss / (double)(n - 1);
    double tol_mean = 5.0 * sqrt(var / (double)n);
    double tol_var = 5.0 * var * sqrt((kurt_excess + 2.0) / (double)n);
    if (!(fabs(m - mean) <= tol_mean) || !(fabs(v - var) <= tol_var))
        print_error(
            "%s: mean %.8g (expected %.8g +- %.3g), variance %.8g (expected %.8g +- %.3g)\n", name,
            m, mean, tol_mean, v, var, tol_var);
    assert_true(fabs(m - mean) <= tol_mean);
    assert_true(fabs(v - var) <= tol_var);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Kolmogorov–Smirnov: sorts x in place and asserts sqrt(n) * D < KS_CRIT. */
static void check_ks(const char *name, double *x, size_t n, double (*cdf)(double, const double *),
                     const double *par)
{
    qsort(x, n, sizeof *x, cmp_double);
    double d = 0.0;
    for (size_t i = 0; i < n; i++) {
        double f = cdf(x[i], par);
        double above = (double)(i + 1) / (double)n - f, below = f - (double)i / (double)n;
        if (above > d)
            d = above;
        if (below > d)
            d = below;
    }
    double k = sqrt((double)n) * d;
    if (!(k < KS_CRIT))
        print_error("%s: KS sqrt(n)*D = %.4f, critical %.4f\n", name, k, KS_CRIT);
    assert_true(k < KS_CRIT);
}

/* Pearson's chi-square of observed counts against probabilities p (summing to 1), with
 * cells - 1 degrees of freedom, at alpha = 1e-4. */
static void check_chi2(const char *name, const long *observed, const double *p, int cells, long n)
{
    double chi2 = 0.0;
    for (int c = 0; c < cells; c++) {
        double e = (double)n * p[c];
        chi2 += ((double)observed[c] - e) * ((double)observed[c] - e) / e;
    }
    double crit = chi2_critical(cells - 1, 1e-4);
    if (!(chi2 < crit))
        print_error("%s: chi2 = %.3f with %d df, critical %.3f\n", name, chi2, cells - 1, crit);
    assert_true(chi2 < crit);
}

static double *samples(void)
{
    double *x = malloc(N * sizeof *x);
    assert_non_null(x);
    return x;
}

/* ---------------------------------------------------------------------------------------------- */
/* Continuous distributions                                                                       */
/* ---------------------------------------------------------------------------------------------- */

static double cdf_uniform(double x, const double *p)
{
    return x <= p[0] ? 0.0 : x >= p[1] ? 1.0 : (x - p[0]) / (p[1] - p[0]);
}

static double cdf_normal(double x, const double *p)
{
    return 0.5 * erfc(-(x - p[0]) / (p[1] * sqrt(2.0)));
}

static double cdf_lognormal(double x, const double *p)
{
    return x <= 0.0 ? 0.0 : 0.5 * erfc(-(log(x) - p[0]) / (p[1] * sqrt(2.0)));
}

static double cdf_gamma(double x, const double *p)
{
    return gamma_p(p[0], x / p[1]);
}

static double cdf_beta(double x, const double *p)
{
    return beta_i(p[0], p[1], x);
}

static double cdf_triangular(double x, const double *p)
{
    double lo = p[0], mode = p[1], hi = p[2];
    if (x <= lo)
        return 0.0;
    if (x >= hi)
        return 1.0;
    if (x <= mode)
        return (x - lo) * (x - lo) / ((hi - lo) * (mode - lo));
    return 1.0 - (hi - x) * (hi - x) / ((hi - lo) * (hi - mode));
}

static void uniform_matches(void **state)
{
    (void)state;
    const double par[2] = {-2.0, 3.0};
    brink_rng r;
    brink_rng_seed(&r, 101, 0);
    double *x = samples();
    for (int i = 0; i < N; i++) {
        x[i] = brink_dist_uniform(&r, par[0], par[1]);
        assert_true(x[i] >= par[0] && x[i] <= par[1]);
    }
    check_moments("uniform(-2,3)", x, N, 0.5, 25.0 / 12.0, -1.2);
    check_ks("uniform(-2,3)", x, N, cdf_uniform, par);
    free(x);
}

static void normal_matches(void **state)
{
    (void)state;
    const double par[2] = {1.5, 2.0};
    brink_rng r;
    brink_rng_seed(&r, 102, 0);
    double *x = samples();
    for (int i = 0; i < N; i++)
        x[i] = brink_dist_normal(&r, par[0], par[1]);
    check_moments("normal(1.5,2)", x, N, 1.5, 4.0, 0.0);
    check_ks("normal(1.5,2)", x, N, cdf_normal, par);
    free(x);
}

static void lognormal_matches(void **state)
{
    (void)state;
    const double par[2] = {0.3, 0.5};
    const double s2 = par[1] * par[1];
    brink_rng r;
    brink_rng_seed(&r, 103, 0);
    double *x = samples();
    for (int i = 0; i < N; i++) {
        x[i] = brink_dist_lognormal(&r, par[0], par[1]);
        assert_true(x[i] > 0.0);
    }
    double mean = exp(par[0] + 0.5 * s2), var = expm1(s2) * exp(2.0 * par[0] + s2);
    double kurt = exp(4 * s2) + 2 * exp(3 * s2) + 3 * exp(2 * s2) - 6;
    check_moments("lognormal(0.3,0.5)", x, N, mean, var, kurt);
    check_ks("lognormal(0.3,0.5)", x, N, cdf_lognormal, par);
    free(x);
}

static void check_gamma(double k, double theta, uint64_t seed)
{
    const double par[2] = {k, theta};
    char name[64];
    snprintf(name, sizeof name, "gamma(%g,%g)", k, theta);
    brink_rng r;
    brink_rng_seed(&r, seed, 0);
    double *x = samples();
    for (int i = 0; i < N; i++) {
        x[i] = brink_dist_gamma(&r, k, theta);
        assert_true(x[i] >= 0.0 && isfinite(x[i]));
    }
    check_moments(name, x, N, k * theta, k * theta * theta, 6.0 / k);
    check_ks(name, x, N, cdf_gamma, par);
    free(x);
}

static void gamma_small_shape_matches(void **state)
{
    (void)state;
    check_gamma(0.3, 2.0, 104); /* the k < 1 boost */
}

static void gamma_unit_shape_matches(void **state)
{
    (void)state;
    check_gamma(1.0, 3.0, 105); /* the boundary: an exponential */
}

static void gamma_large_shape_matches(void **state)
{
    (void)state;
    check_gamma(4.5, 0.5, 106);
}

static void check_beta(double a, double b, uint64_t seed)
{
    const double par[2] = {a, b};
    char name[64];
    snprintf(name, sizeof name, "beta(%g,%g)", a, b);
    brink_rng r;
    brink_rng_seed(&r, seed, 0);
    double *x = samples();
    for (int i = 0; i < N; i++) {
        x[i] = brink_dist_beta(&r, a, b);
        assert_true(x[i] >= 0.0 && x[i] <= 1.0);
    }
    double s = a + b;
    double mean = a / s, var = a * b / (s * s * (s + 1.0));
    double kurt =
        6.0 * ((a - b) * (a - b) * (s + 1.0) - a * b * (s + 2.0)) / (a * b * (s + 2.0) * (s + 3.0));
    check_moments(name, x, N, mean, var, kurt);
    check_ks(name, x, N, cdf_beta, par);
    free(x);
}

static void beta_u_shaped_matches(void **state)
{
    (void)state;
    check_beta(0.5, 0.5, 107);
}

static void beta_skewed_matches(void **state)
{
    (void)state;
    check_beta(2.0, 5.0, 108);
}

static void triangular_matches(void **state)
{
    (void)state;
    const double par[3] = {1.0, 2.0, 4.0};
    brink_rng r;
    brink_rng_seed(&r, 109, 0);
    double *x = samples();
    for (int i = 0; i < N; i++) {
        x[i] = brink_dist_triangular(&r, par[0], par[1], par[2]);
        assert_true(x[i] >= par[0] && x[i] <= par[2]);
    }
    /* mean (lo+mode+hi)/3; variance (lo^2+mode^2+hi^2-lo*mode-lo*hi-mode*hi)/18 = 7/18. */
    check_moments("triangular(1,2,4)", x, N, 7.0 / 3.0, 7.0 / 18.0, -0.6);
    check_ks("triangular(1,2,4)", x, N, cdf_triangular, par);

    /* Mode at an end: a ramp. */
    const double ramp[3] = {0.0, 0.0, 1.0};
    for (int i = 0; i < N; i++)
        x[i] = brink_dist_triangular(&r, ramp[0], ramp[1], ramp[2]);
    check_ks("triangular(0,0,1)", x, N, cdf_triangular, ramp);
    const double ramp_up[3] = {-1.0, 1.0, 1.0};
    for (int i = 0; i < N; i++)
        x[i] = brink_dist_triangular(&r, ramp_up[0], ramp_up[1], ramp_up[2]);
    check_ks("triangular(-1,1,1)", x, N, cdf_triangular, ramp_up);
    free(x);
}

/* ---------------------------------------------------------------------------------------------- */
/* Discrete distributions                                                                         */
/* ---------------------------------------------------------------------------------------------- */

static void bernoulli_matches(void **state)
{
    (void)state;
    const double p = 0.3;
    brink_rng r;
    brink_rng_seed(&r, 110, 0);
    double *x = samples();
    long count[2] = {0, 0};
    for (int i = 0; i < N; i++) {
        int b = brink_dist_bernoulli(&r, p);
        assert_true(b == 0 || b == 1);
        count[b]++;
        x[i] = b;
    }
    check_moments("bernoulli(0.3)", x, N, p, p * (1 - p), (1 - 6 * p * (1 - p)) / (p * (1 - p)));
    const double prob[2] = {1 - p, p};
    check_chi2("bernoulli(0.3)", count, prob, 2, N);
    free(x);
}

/* Draws N Poisson(lambda) values and checks moments and a chi-square over cells with expected
 * count >= 10: a pooled lower tail {X <= kl}, single values, a pooled upper tail {X >= ku}. */
static void check_poisson(double lambda, uint64_t seed)
{
    char name[64];
    snprintf(name, sizeof name, "poisson(%g)", lambda);
    const long kmax = (long)(lambda + 30.0 * sqrt(lambda) + 40.0); /* tail beyond: < 1e-30 */
    double *pmf = calloc((size_t)kmax + 1, sizeof *pmf);
    long *obs = calloc((size_t)kmax + 1, sizeof *obs);
    double *x = samples();
    assert_non_null(pmf);
    assert_non_null(obs);
    for (long k = 0; k <= kmax; k++)
        pmf[k] = exp((double)k * log(lambda) - lambda - lgamma((double)k + 1.0));

    brink_rng r;
    brink_rng_seed(&r, seed, 0);
    for (int i = 0; i < N; i++) {
        long k = brink_dist_poisson(&r, lambda);
        assert_true(k >= 0 && k <= kmax);
        obs[k]++;
        x[i] = (double)k;
    }
    check_moments(name, x, N, lambda, lambda, 1.0 / lambda);

    /* Cells. */
    long kl = 0, ku = kmax;
    double lower = pmf[0];
    while (kl < kmax && N * lower < 10.0)
        lower += pmf[++kl];
    double upper = pmf[kmax];
    while (ku > 0 && N * upper < 10.0)
        upper += pmf[--ku];
    assert_true(kl < ku);
    int cells = (int)(ku - kl + 1);
    double *p = calloc((size_t)cells, sizeof *p);
    long *o = calloc((size_t)cells, sizeof *o);
    assert_non_null(p);
    assert_non_null(o);
    for (long k = 0; k <= kmax; k++) {
        int c = k <= kl ? 0 : k >= ku ? cells - 1 : (int)(k - kl);
        p[c] += pmf[k];
        o[c] += obs[k];
    }
    check_chi2(name, o, p, cells, N);
    free(p);
    free(o);
    free(pmf);
    free(obs);
    free(x);
}

static void poisson_small_lambda_matches(void **state)
{
    (void)state;
    check_poisson(0.05, 111);
    check_poisson(3.5, 112);
    check_poisson(29.5, 113); /* the largest inversion regime */
}

static void poisson_large_lambda_matches(void **state)
{
    (void)state;
    check_poisson(30.0, 114); /* PTRS from here on */
    check_poisson(250.0, 115);
    check_poisson(1e5, 116);
}

static void poisson_huge_lambda_moments(void **state)
{
    (void)state;
    /* Far beyond any table: PTRS only needs log(k!) by Stirling's series. */
    const double lambda = 1e12;
    brink_rng r;
    brink_rng_seed(&r, 117, 0);
    double *x = samples();
    for (int i = 0; i < N; i++)
        x[i] = (double)brink_dist_poisson(&r, lambda);
    check_moments("poisson(1e12)", x, N, lambda, lambda, 1.0 / lambda);
    free(x);
}

static void categorical_matches(void **state)
{
    (void)state;
    const double w[5] = {1.0, 0.0, 2.5, 0.5, 6.0}; /* sum 10 */
    brink_rng r;
    brink_rng_seed(&r, 118, 0);
    long count[5] = {0};
    for (int i = 0; i < N; i++) {
        long c = brink_dist_categorical(&r, w, 5);
        assert_true(c >= 0 && c < 5);
        count[c]++;
    }
    assert_int_equal(count[1], 0); /* weight 0: never */
    const long o[4] = {count[0], count[2], count[3], count[4]};
    const double p[4] = {0.1, 0.25, 0.05, 0.6};
    check_chi2("categorical", o, p, 4, N);

    /* Weights whose sum overflows a double draw the same proportions. */
    const double big[3] = {DBL_MAX, 0.0, DBL_MAX};
    long nbig[3] = {0};
    for (int i = 0; i < 20000; i++) {
        long c = brink_dist_categorical(&r, big, 3);
        assert_true(c == 0 || c == 2);
        nbig[c]++;
    }
    /* SE of a proportion 1/2 over 20000 draws: 0.00354; 5 SE. */
    assert_near((double)nbig[0] / 20000.0, 0.5, 5.0 * sqrt(0.25 / 20000.0));

    /* A single positive weight is always chosen. */
    const double one[4] = {0.0, 0.0, 0.0, 1e-300};
    for (int i = 0; i < 1000; i++)
        assert_int_equal(brink_dist_categorical(&r, one, 4), 3);
}

/* ---------------------------------------------------------------------------------------------- */
/* Edges, invalid parameters, state                                                               */
/* ---------------------------------------------------------------------------------------------- */

static void degenerate_parameters(void **state)
{
    (void)state;
    brink_rng r;
    brink_rng_seed(&r, 119, 0);
    for (int i = 0; i < 1000; i++) {
        assert_true(brink_dist_uniform(&r, 2.5, 2.5) == 2.5);
        assert_true(brink_dist_normal(&r, -1.25, 0.0) == -1.25);
        assert_true(brink_dist_lognormal(&r, 0.0, 0.0) == 1.0);
        assert_true(brink_dist_triangular(&r, 7.0, 7.0, 7.0) == 7.0);
        assert_int_equal(brink_dist_bernoulli(&r, 0.0), 0);
        assert_int_equal(brink_dist_bernoulli(&r, -3.0), 0);
        assert_int_equal(brink_dist_bernoulli(&r, 1.0), 1);
        assert_int_equal(brink_dist_bernoulli(&r, 42.0), 1);
        assert_int_equal(brink_dist_bernoulli(&r, NAN), 0);
        assert_int_equal(brink_dist_poisson(&r, 0.0), 0);
        double u = brink_dist_uniform(&r, -DBL_MAX, DBL_MAX);
        assert_true(isfinite(u));
    }
    /* Tiny shapes: beta concentrates at 0 and 1 but stays a number in [0, 1], with the right
     * mean (1/2 by symmetry; SE 0.5/sqrt(20000), 5 SE = 0.0177). */
    const double shapes[3] = {1e-3, 1e-200, 1e-310};
    for (int s = 0; s < 3; s++) {
        double sum = 0.0;
        for (int i = 0; i < 20000; i++) {
            double b = brink_dist_beta(&r, shapes[s], shapes[s]);
            assert_true(b >= 0.0 && b <= 1.0);
            sum += b;
        }
        assert_near(sum / 20000.0, 0.5, 5.0 * 0.5 / sqrt(20000.0));
        double g = brink_dist_gamma(&r, shapes[s], 1.0);
        assert_true(g >= 0.0 && isfinite(g));
    }
}

static void invalid_parameters(void **state)
{
    (void)state;
    brink_rng r, before;
    brink_rng_seed(&r, 120, 0);
    before = r;
    const double inf = INFINITY;
    assert_true(isnan(brink_dist_uniform(&r, 1.0, 0.0)));
    assert_true(isnan(brink_dist_uniform(&r, NAN, 1.0)));
    assert_true(isnan(brink_dist_uniform(&r, 0.0, inf)));
    assert_true(isnan(brink_dist_normal(&r, 0.0, -1.0)));
    assert_true(isnan(brink_dist_normal(&r, NAN, 1.0)));
    assert_true(isnan(brink_dist_normal(&r, 0.0, inf)));
    assert_true(isnan(brink_dist_lognormal(&r, 0.0, -0.1)));
    assert_true(isnan(brink_dist_lognormal(&r, inf, 1.0)));
    assert_true(isnan(brink_dist_gamma(&r, 0.0, 1.0)));
    assert_true(isnan(brink_dist_gamma(&r, -2.0, 1.0)));
    assert_true(isnan(brink_dist_gamma(&r, 2.0, 0.0)));
    assert_true(isnan(brink_dist_gamma(&r, NAN, 1.0)));
    assert_true(isnan(brink_dist_gamma(&r, 2.0, inf)));
    assert_true(isnan(brink_dist_beta(&r, 0.0, 1.0)));
    assert_true(isnan(brink_dist_beta(&r, 1.0, -1.0)));
    assert_true(isnan(brink_dist_beta(&r, NAN, 1.0)));
    assert_true(isnan(brink_dist_beta(&r, 1.0, inf)));
    assert_true(isnan(brink_dist_triangular(&r, 2.0, 1.0, 3.0)));
    assert_true(isnan(brink_dist_triangular(&r, 1.0, 4.0, 3.0)));
    assert_true(isnan(brink_dist_triangular(&r, 3.0, 2.0, 1.0)));
    assert_true(isnan(brink_dist_triangular(&r, 0.0, NAN, 1.0)));
    assert_int_equal(brink_dist_poisson(&r, -1.0), -1);
    assert_int_equal(brink_dist_poisson(&r, NAN), -1);
    assert_int_equal(brink_dist_poisson(&r, inf), -1);
    assert_int_equal(brink_dist_poisson(&r, 1e300), -1);
    const double neg[3] = {1.0, -0.5, 2.0}, zero[3] = {0.0, 0.0, 0.0};
    const double nan3[3] = {1.0, NAN, 1.0}, inf3[3] = {1.0, INFINITY, 1.0};
    assert_int_equal(brink_dist_categorical(&r, NULL, 3), -1);
    assert_int_equal(brink_dist_categorical(&r, neg, 0), -1);
    assert_int_equal(brink_dist_categorical(&r, neg, 3), -1);
    assert_int_equal(brink_dist_categorical(&r, zero, 3), -1);
    assert_int_equal(brink_dist_categorical(&r, nan3, 3), -1);
    assert_int_equal(brink_dist_categorical(&r, inf3, 3), -1);
    /* A rejected call draws nothing: the stream is where it was. */
    assert_memory_equal(r.s, before.s, sizeof r.s);
}

static void no_hidden_state(void **state)
{
    (void)state;
    /* A generator that cached the second normal of a pair would hand the cached value to the
     * next caller, whichever generator it passed; here a copy must reproduce the original. */
    brink_rng a, c;
    brink_rng_seed(&a, 121, 0);
    (void)brink_dist_normal(&a, 0.0, 1.0);
    c = a;
    for (int i = 0; i < 100; i++) {
        double x = brink_dist_normal(&a, 0.0, 1.0), y = brink_dist_normal(&c, 0.0, 1.0);
        assert_true(x == y);
        x = brink_dist_gamma(&a, 0.7, 1.0);
        y = brink_dist_gamma(&c, 0.7, 1.0);
        assert_true(x == y);
        x = brink_dist_beta(&a, 2.0, 3.0);
        y = brink_dist_beta(&c, 2.0, 3.0);
        assert_true(x == y);
        assert_true(brink_dist_poisson(&a, 80.0) == brink_dist_poisson(&c, 80.0));
    }
    assert_memory_equal(a.s, c.s, sizeof a.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cdf_helpers_match_closed_forms),
        cmocka_unit_test(uniform_matches),
        cmocka_unit_test(normal_matches),
        cmocka_unit_test(lognormal_matches),
        cmocka_unit_test(gamma_small_shape_matches),
        cmocka_unit_test(gamma_unit_shape_matches),
        cmocka_unit_test(gamma_large_shape_matches),
        cmocka_unit_test(beta_u_shaped_matches),
        cmocka_unit_test(beta_skewed_matches),
        cmocka_unit_test(triangular_matches),
        cmocka_unit_test(bernoulli_matches),
        cmocka_unit_test(poisson_small_lambda_matches),
        cmocka_unit_test(poisson_large_lambda_matches),
        cmocka_unit_test(poisson_huge_lambda_moments),
        cmocka_unit_test(categorical_matches),
        cmocka_unit_test(degenerate_parameters),
        cmocka_unit_test(invalid_parameters),
        cmocka_unit_test(no_hidden_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
