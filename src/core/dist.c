/* SPDX-License-Identifier: MIT */
/*
 * dist.c — the distributions scenario values and mechanisms draw from. Every function takes its
 * brink_rng and keeps no other state (no cached second normal deviate, no tables), so a copy of
 * the generator reproduces the draws exactly, and two threads with their own generators never
 * share anything. Parameters outside their domain, NaN or infinite, give NaN (-1 for the integer
 * draws) and consume no random numbers.
 *
 * Methods and their sources:
 * - normal: Marsaglia and Bray's polar form of the Box–Muller transform (SIAM Review 6(3), 1964);
 *   of each accepted pair only the first deviate is used, so no state survives a call.
 * - gamma: G. Marsaglia and W. W. Tsang, "A simple method for generating gamma variables",
 *   ACM TOMS 26(3), 2000, with their boost Gamma(k) = Gamma(k + 1) * U^(1/k) for k < 1.
 * - beta: X / (X + Y) for X ~ Gamma(a), Y ~ Gamma(b), computed from the logarithms of X and Y so
 *   that tiny shapes (where both gammas underflow to 0) still give a value in [0, 1].
 * - triangular: inversion of the closed-form CDF (one uniform per draw).
 * - poisson: inversion by sequential search for lambda < 30 (one uniform per draw, bar a redraw
 *   with probability ~1e-16 when rounding stops the partial sums short of the uniform); for
 *   lambda >= 30 W. Hörmann's transformed rejection with squeeze, PTRS ("The transformed
 *   rejection method for generating Poisson random variables", Insurance: Mathematics and
 *   Economics 12, 1993). Both are exact up to floating-point rounding.
 * - categorical: inversion over the cumulative weights (one uniform per draw).
 *
 * log(k!) is computed here rather than with lgamma(), because POSIX lets lgamma write the global
 * signgam, a data race when workers draw in parallel.
 */
#include "brink.h"

#include <limits.h>
#include <math.h>

/* A uniform on the open interval (0, 1): the 53-bit grid shifted by half a step, so log() and
 * pow(u, 1/k) never see 0. */
static double open01(brink_rng *rng)
{
    return ((double)(brink_rng_next(rng) >> 11) + 0.5) * 0x1.0p-53;
}

/* A standard normal deviate (polar method). The pair (u, v) is uniform on the square
 * [-1, 1)^2; those inside the unit disc (probability pi/4) are kept. */
static double std_normal(brink_rng *rng)
{
    for (;;) {
        double u = 2.0 * brink_rng_uniform01(rng) - 1.0;
        double v = 2.0 * brink_rng_uniform01(rng) - 1.0;
        double s = u * u + v * v;
        if (s < 1.0 && s > 0.0)
            return u * sqrt(-2.0 * log(s) / s);
    }
}

/* Marsaglia–Tsang for shape k >= 1, scale 1. Returns d*v, where the caller may want log(d*v). */
static double gamma_ge1(brink_rng *rng, double k)
{
    const double d = k - 1.0 / 3.0;
    const double c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = std_normal(rng);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        double u = open01(rng);
        double x2 = x * x;
        /* The squeeze accepts about 98% of candidates without a logarithm. */
        if (u < 1.0 - 0.0331 * x2 * x2)
            return d * v;
        if (log(u) < 0.5 * x2 + d * (1.0 - v + log(v)))
            return d * v;
    }
}

/* log of a Gamma(k, 1) variate, k > 0. For k < 1 the boost adds log(U)/k in log space, where
 * U^(1/k) itself could underflow. */
static double log_gamma_variate(brink_rng *rng, double k)
{
    if (k >= 1.0)
        return log(gamma_ge1(rng, k));
    double g = gamma_ge1(rng, k + 1.0);
    return log(g) + log(open01(rng)) / k;
}

/* isfinite() as a plain int, for the domain checks. */
static int fin(double x)
{
    return isfinite(x) != 0;
}

double brink_dist_uniform(brink_rng *rng, double a, double b)
{
    if (!fin(a) || !fin(b) || a > b)
        return NAN;
    double u = brink_rng_uniform01(rng);
    double width = b - a;
    if (!fin(width)) /* a and b of opposite signs near DBL_MAX: interpolate instead */
        return a * (1.0 - u) + b * u;
    double x = a + width * u;
    return x > b ? b : x; /* rounding can carry a + width*u just past b */
}

double brink_dist_normal(brink_rng *rng, double mu, double sd)
{
    if (!fin(mu) || !fin(sd) || sd < 0.0)
        return NAN;
    /* sd == 0 still draws, so that the stream advances the same way whatever sd is. */
    return mu + sd * std_normal(rng);
}

double brink_dist_lognormal(brink_rng *rng, double mu, double sigma)
{
    if (!fin(mu) || !fin(sigma) || sigma < 0.0)
        return NAN;
    return exp(mu + sigma * std_normal(rng));
}

double brink_dist_gamma(brink_rng *rng, double k, double theta)
{
    if (!fin(k) || !fin(theta) || k <= 0.0 || theta <= 0.0)
        return NAN;
    if (k >= 1.0)
        return theta * gamma_ge1(rng, k);
    double g = gamma_ge1(rng, k + 1.0);
    return theta * g * pow(open01(rng), 1.0 / k);
}

double brink_dist_beta(brink_rng *rng, double a, double b)
{
    if (!fin(a) || !fin(b) || a <= 0.0 || b <= 0.0)
        return NAN;
    double lx = log_gamma_variate(rng, a);
    double ly = log_gamma_variate(rng, b);
    /* X / (X + Y) = 1 / (1 + exp(log Y - log X)). */
    double diff = ly - lx;
    if (isnan(diff)) {
        /* Both logarithms overflowed to -inf (shapes below ~1e-308): Beta(a, b) tends to a
         * Bernoulli(a / (a + b)) there, which is what we return. */
        return brink_rng_uniform01(rng) < a / (a + b) ? 1.0 : 0.0;
    }
    return 1.0 / (1.0 + exp(diff));
}

double brink_dist_triangular(brink_rng *rng, double lo, double mode, double hi)
{
    if (!fin(lo) || !fin(mode) || !fin(hi) || lo > mode || mode > hi)
        return NAN;
    double u = brink_rng_uniform01(rng);
    double width = hi - lo;
    if (width == 0.0)
        return lo;
    /* F(x) = (x-lo)^2 / (width (mode-lo)) on [lo, mode], 1 - (hi-x)^2 / (width (hi-mode)) above. */
    double split = (mode - lo) / width;
    double x;
    if (u < split)
        x = lo + sqrt(u * width * (mode - lo));
    else
        x = hi - sqrt((1.0 - u) * width * (hi - mode));
    if (x < lo)
        x = lo;
    if (x > hi)
        x = hi;
    return x;
}

int brink_dist_bernoulli(brink_rng *rng, double p)
{
    /* Always one draw, whatever p is, so the stream advances the same way. A NaN p compares false
     * and gives 0, as p <= 0 does. */
    double u = brink_rng_uniform01(rng);
    return u < p ? 1 : 0;
}

/* log(k!) for k >= 0: exact products below 16 (15! < 2^53), Stirling's series in k + 1 above,
 * whose first omitted term is below 1e-15 there. */
static double log_factorial(double k)
{
    if (k < 16.0) {
        double f = 1.0;
        for (double i = 2.0; i <= k; i += 1.0)
            f *= i;
        return log(f);
    }
    const double x = k + 1.0;
    const double half_log_2pi = 0.91893853320467274178; /* log(2 pi) / 2 */
    const double r = 1.0 / x, r2 = r * r;
    /* Bernoulli-number coefficients: 1/12, -1/360, 1/1260, -1/1680, 1/1188. */
    double series =
        r * (1.0 / 12.0 + r2 * (-1.0 / 360.0 +
                                r2 * (1.0 / 1260.0 + r2 * (-1.0 / 1680.0 + r2 * (1.0 / 1188.0)))));
    return (x - 0.5) * log(x) - x + half_log_2pi + series;
}

/* Sequential-search inversion for lambda < 30: P(0) = e^-lambda > 9e-14, so nothing underflows.
 * The partial sums reach 1 only up to rounding; a uniform above where they stop (probability
 * near 1e-16) is redrawn rather than answered with a tail index. */
static long poisson_inversion(brink_rng *rng, double lambda)
{
    const double p0 = exp(-lambda);
    for (;;) {
        double u = brink_rng_uniform01(rng);
        double p = p0, cdf = p0;
        long k = 0;
        while (u >= cdf) {
            k++;
            p *= lambda / (double)k;
            if (p == 0.0 || cdf + p == cdf)
                break;
            cdf += p;
        }
        if (u < cdf)
            return k;
    }
}

/* PTRS, Hörmann (1993), constants as published: a hat of the form (2a/us + b) u + lambda + 0.43
 * with a squeeze accepting most candidates without a logarithm. */
static long poisson_ptrs(brink_rng *rng, double lambda)
{
    const double slam = sqrt(lambda);
    const double loglam = log(lambda);
    const double b = 0.931 + 2.53 * slam;
    const double a = -0.059 + 0.02483 * b;
    const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    const double v_r = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
        double u = brink_rng_uniform01(rng) - 0.5;
        double v = brink_rng_uniform01(rng);
        double us = 0.5 - fabs(u);
        double k = floor((2.0 * a / us + b) * u + lambda + 0.43);
        if (us >= 0.07 && v <= v_r)
            return (long)k;
        /* k beyond what a long holds has negligible mass; treat it as outside the support. */
        if (k < 0.0 || k > (double)(LONG_MAX / 2) || (us < 0.013 && v > us))
            continue;
        if (log(v) + log(inv_alpha) - log(a / (us * us) + b) <=
            -lambda + k * loglam - log_factorial(k))
            return (long)k;
    }
}

long brink_dist_poisson(brink_rng *rng, double lambda)
{
    /* The upper bound keeps every likely draw (lambda + 40 sd) representable as a long. */
    if (!fin(lambda) || lambda < 0.0 || lambda > (double)(LONG_MAX / 4))
        return -1;
    if (lambda < 30.0)
        return poisson_inversion(rng, lambda);
    return poisson_ptrs(rng, lambda);
}

long brink_dist_categorical(brink_rng *rng, const double *w, size_t n)
{
    if (!w || n == 0 || n > (size_t)LONG_MAX)
        return -1;
    double sum = 0.0, max = 0.0;
    size_t last = 0; /* the last index with a positive weight */
    for (size_t i = 0; i < n; i++) {
        if (!fin(w[i]) || w[i] < 0.0)
            return -1;
        sum += w[i];
        if (w[i] > max)
            max = w[i];
        if (w[i] > 0.0)
            last = i;
    }
    if (!(max > 0.0))
        return -1;
    /* Huge weights can overflow the sum; the same draw on weights scaled by 1/max is exact in
     * distribution. */
    double scale = fin(sum) ? 1.0 : 1.0 / max;
    if (scale != 1.0) {
        sum = 0.0;
        for (size_t i = 0; i < n; i++)
            sum += w[i] * scale;
    }
    double target = brink_rng_uniform01(rng) * sum;
    double cum = 0.0;
    /* target < cum is strict, so an index with weight 0 is never chosen. */
    for (size_t i = 0; i < n; i++) {
        cum += w[i] * scale;
        if (target < cum)
            return (long)i;
    }
    return (long)last; /* rounding left target at or above the final sum */
}
