/* SPDX-License-Identifier: MIT */
/*
 * test_bargain_baseline.c — weighted mean, lower weighted median and Nash bargaining solution
 * (src/bargain/baseline.c) against answers computed by hand (each test's comment shows the
 * arithmetic), plus the emission-standards case (mean 5.003 / 0.677, median 7) and bad input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bargain/baseline.h"

#include <math.h>
#include <string.h>

#define assert_near(a, b, tol) near_check((a), (b), (tol), __FILE__, __LINE__)

static void near_check(double a, double b, double tol, const char *file, int line)
{
    if (!(fabs(a - b) <= tol))
        fail_msg("%s:%d: %.17g and %.17g differ by more than %g", file, line, a, b, tol);
}

/* The emission case (BDM 1994; Scholz et al. 2011 Table 1), salience on 0-1. */
static const double em_x[10] = {4, 7, 4, 4, 10, 10, 10, 7, 4, 7};
static const double em_c[10] = {0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08};
static const double em_s[10] = {0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7};

/* w = {0.5, 1, 1}: (0 * 0.5 + 10 + 4) / 2.5 = 5.6. Unweighted {1, 2, 6}: 3. Emission: weights sum
 * to 0.677; 4 x 0.248 + 7 x 0.093 + 10 x 0.336 = 5.003. */
static void test_weighted_mean(void **state)
{
    (void)state;
    double out = -1.0;
    const double x[3] = {0.0, 10.0, 4.0}, c[3] = {1.0, 2.0, 1.0}, s[3] = {0.5, 0.5, 1.0};
    assert_int_equal(brink_baseline_weighted_mean(x, c, s, 3, &out, NULL), BRINK_OK);
    assert_near(out, 5.6, 1e-15);
    const double y[3] = {1.0, 2.0, 6.0};
    assert_int_equal(brink_baseline_weighted_mean(y, NULL, NULL, 3, &out, NULL), BRINK_OK);
    assert_near(out, 3.0, 0.0);
    assert_int_equal(brink_baseline_weighted_mean(em_x, em_c, em_s, 10, &out, NULL), BRINK_OK);
    assert_near(out, 5.003 / 0.677, 1e-12);
    assert_near(out, 7.389955686853767, 1e-12); /* emission_ref_summary.csv, round 0 */
}

/* Lower weighted median: {1, 2, 3} equal weights -> 2 (cumulative 2 of 3); {1, 2} -> 1 (1 of 2
 * reaches half: the lower one); {3, 1, 2} with weights {1, 1, 2} -> 2 (1, then 3 of 4);
 * weights {5, 1, 1} -> 3 (1, 2, then 7 of 7); a zero-weight actor at 0 is not a candidate -> 5;
 * emission -> 7 (0.248 at 4 < 0.3385, 0.341 at <= 7). */
static void test_weighted_median(void **state)
{
    (void)state;
    double out = -1.0;
    const double a[3] = {1.0, 2.0, 3.0};
    assert_int_equal(brink_baseline_weighted_median(a, NULL, NULL, 3, &out, NULL), BRINK_OK);
    assert_near(out, 2.0, 0.0);
    assert_int_equal(brink_baseline_weighted_median(a, NULL, NULL, 2, &out, NULL), BRINK_OK);
    assert_near(out, 1.0, 0.0);
    const double b[3] = {3.0, 1.0, 2.0}, wb[3] = {1.0, 1.0, 2.0}, wc[3] = {5.0, 1.0, 1.0};
    assert_int_equal(brink_baseline_weighted_median(b, wb, NULL, 3, &out, NULL), BRINK_OK);
    assert_near(out, 2.0, 0.0);
    assert_int_equal(brink_baseline_weighted_median(b, NULL, wc, 3, &out, NULL), BRINK_OK);
    assert_near(out, 3.0, 0.0);
    const double d[3] = {0.0, 5.0, 6.0}, wd[3] = {0.0, 1.0, 1.0};
    assert_int_equal(brink_baseline_weighted_median(d, wd, NULL, 3, &out, NULL), BRINK_OK);
    assert_near(out, 5.0, 0.0);
    assert_int_equal(brink_baseline_weighted_median(em_x, em_c, em_s, 10, &out, NULL), BRINK_OK);
    assert_near(out, 7.0, 0.0);
    /* One actor. */
    assert_int_equal(brink_baseline_weighted_median(d + 1, NULL, NULL, 1, &out, NULL), BRINK_OK);
    assert_near(out, 5.0, 0.0);
}

/* Nash bargaining solution, u_i = 1 - |x - x_i| / R:
 * - {0, 1}, w {1, 3}, R = 1: f = log(1 - x) + 3 log x -> x = 3/4 (the weighted mean);
 * - {2, 8}, w {0.3, 0.7}, R = 6: f = 0.3 log(8 - x) + 0.7 log(x - 2) + const -> 6.2;
 * - {0, 1}, R = 2: f = w1 log(2 - x) + w2 log(1 + x) + const -> x = (2 w2 - w1) / (w1 + w2):
 *   w {1, 1} -> 0.5, w {2, 3} -> 0.8, w {1, 2} -> 1 (clipped: the optimum is the kink at 1);
 * - {0, 0.5, 1} equal, R = 1: kink at 0.5 (right slope -1, left slope +1);
 * - {0, 1, 4} equal, R = 4: on (1, 4) f = log(4 - x) + log x + log(5 - x) + const, so
 *   3x^2 - 18x + 20 = 0 and x = 3 - sqrt(84) / 6. */
static void test_nash(void **state)
{
    (void)state;
    double out = -1.0;
    const double x01[2] = {0.0, 1.0};
    const double w13[2] = {1.0, 3.0}, w11[2] = {1.0, 1.0}, w23[2] = {2.0, 3.0}, w12[2] = {1.0, 2.0};
    assert_int_equal(brink_baseline_nash(x01, w13, NULL, 2, 0.0, &out, NULL), BRINK_OK);
    assert_near(out, 0.75, 1e-15);
    const double x28[2] = {2.0, 8.0}, s37[2] = {0.3, 0.7};
    assert_int_equal(brink_baseline_nash(x28, NULL, s37, 2, -1.0, &out, NULL), BRINK_OK);
    assert_near(out, 6.2, 1e-14);
    assert_int_equal(brink_baseline_nash(x01, w11, NULL, 2, 2.0, &out, NULL), BRINK_OK);
    assert_near(out, 0.5, 1e-15);
    assert_int_equal(brink_baseline_nash(x01, w23, NULL, 2, 2.0, &out, NULL), BRINK_OK);
    assert_near(out, 0.8, 1e-15);
    assert_int_equal(brink_baseline_nash(x01, w12, NULL, 2, 2.0, &out, NULL), BRINK_OK);
    assert_near(out, 1.0, 0.0);
    const double x3[3] = {0.0, 0.5, 1.0};
    assert_int_equal(brink_baseline_nash(x3, NULL, NULL, 3, 0.0, &out, NULL), BRINK_OK);
    assert_near(out, 0.5, 0.0);
    const double x014[3] = {0.0, 1.0, 4.0};
    assert_int_equal(brink_baseline_nash(x014, NULL, NULL, 3, 0.0, &out, NULL), BRINK_OK);
    assert_near(out, 3.0 - sqrt(84.0) / 6.0, 1e-14);
    /* Actor order does not matter. */
    const double x410[3] = {4.0, 1.0, 0.0};
    double again = -1.0;
    assert_int_equal(brink_baseline_nash(x410, NULL, NULL, 3, 0.0, &again, NULL), BRINK_OK);
    assert_near(again, out, 1e-15);
    /* Everyone (with weight) at one point. */
    const double same[3] = {2.5, 2.5, 9.0}, w0[3] = {1.0, 2.0, 0.0};
    assert_int_equal(brink_baseline_nash(same, w0, NULL, 3, 0.0, &out, NULL), BRINK_OK);
    assert_near(out, 2.5, 0.0);
    assert_int_equal(brink_baseline_nash(same, NULL, NULL, 2, 0.0, &out, NULL), BRINK_OK);
    assert_near(out, 2.5, 0.0);
}

/* The emission case: the optimum is interior and f is lower a little to either side. */
static double nash_objective(const double *x, const double *c, const double *s, size_t n,
                             double range, double at)
{
    double f = 0.0;
    for (size_t i = 0; i < n; i++)
        f += c[i] * s[i] * log(1.0 - fabs(at - x[i]) / range);
    return f;
}

static void test_nash_emission(void **state)
{
    (void)state;
    double out = -1.0;
    assert_int_equal(brink_baseline_nash(em_x, em_c, em_s, 10, 0.0, &out, NULL), BRINK_OK);
    print_message("[ baseline ] emission NBS (R = 6) = %.17g\n", out);
    assert_true(out > 4.0 && out < 10.0);
    double f = nash_objective(em_x, em_c, em_s, 10, 6.0, out);
    for (double h = 1e-6; h < 1.0; h *= 10.0) {
        assert_true(f >= nash_objective(em_x, em_c, em_s, 10, 6.0, out - h));
        assert_true(f >= nash_objective(em_x, em_c, em_s, 10, 6.0, out + h));
    }
    /* A wide declared scale makes log u_i ~ -|x - x_i| / R, a weighted sum of absolute
     * distances, so the answer tends to the weighted median (7), not to the mean. */
    double wide = -1.0;
    assert_int_equal(brink_baseline_nash(em_x, em_c, em_s, 10, 600.0, &wide, NULL), BRINK_OK);
    print_message("[ baseline ] emission NBS (R = 600) = %.17g\n", wide);
    assert_near(wide, 7.0, 1e-9);
}

static void expect_error(int rc, int want, const brink_error *err, const char *needle)
{
    assert_int_equal(rc, want);
    assert_int_equal(err->code, want);
    if (!strstr(err->message, needle))
        fail_msg("message \"%s\" lacks \"%s\"", err->message, needle);
}

static void test_bad_input(void **state)
{
    (void)state;
    brink_error err;
    double out = 42.0;
    const double x[3] = {0.0, 1.0, 2.0}, c[3] = {1.0, 1.0, 1.0};
    const double xnan[3] = {0.0, NAN, 2.0}, cneg[3] = {1.0, -1.0, 1.0}, zero[3] = {0.0, 0.0, 0.0};
    const double sinf[3] = {1.0, INFINITY, 1.0};
    expect_error(brink_baseline_weighted_mean(x, c, NULL, 0, &out, &err), BRINK_EINVAL, &err,
                 "no actors");
    expect_error(brink_baseline_weighted_mean(xnan, c, NULL, 3, &out, &err), BRINK_EINVAL, &err,
                 "actor 2: position");
    expect_error(brink_baseline_weighted_median(x, cneg, NULL, 3, &out, &err), BRINK_EINVAL, &err,
                 "actor 2: capability");
    expect_error(brink_baseline_weighted_median(x, c, sinf, 3, &out, &err), BRINK_EINVAL, &err,
                 "actor 2: salience");
    expect_error(brink_baseline_nash(x, zero, NULL, 3, 0.0, &out, &err), BRINK_EINVAL, &err,
                 "capability x salience 0");
    expect_error(brink_baseline_nash(x, c, NULL, 3, 1.5, &out, &err), BRINK_EINVAL, &err,
                 "smaller than the spread");
    expect_error(brink_baseline_nash(x, c, NULL, 3, NAN, &out, &err), BRINK_EINVAL, &err, "range");
    expect_error(brink_baseline_nash(x, c, NULL, 3, INFINITY, &out, &err), BRINK_EINVAL, &err,
                 "range");
    expect_error(brink_baseline_weighted_mean(NULL, c, NULL, 3, &out, &err), BRINK_EUSAGE, &err,
                 "NULL");
    expect_error(brink_baseline_nash(x, c, NULL, 3, 0.0, NULL, &err), BRINK_EUSAGE, &err, "NULL");
    assert_near(out, 42.0, 0.0); /* untouched by every failure */
    const double huge[2] = {1e300, 1e300};
    expect_error(brink_baseline_weighted_mean(x, huge, huge, 2, &out, &err), BRINK_EINVAL, &err,
                 "overflows");
    /* err may be NULL. */
    assert_int_equal(brink_baseline_weighted_mean(x, zero, NULL, 3, &out, NULL), BRINK_EINVAL);
}


/* Nash with a reference point (bargaining-models.md section 3.7, linear loss). Actors at 2 and 8,
 * reference 0: the feasible set is [0, 4] (actor 1 accepts nothing farther than 2 from 2); on
 * (2, 4) the objective is c1 log(4 - x) + c2 log(x), maximised at x = 4 c2 / (c1 + c2) when that
 * exceeds 2, else at the kink 2. */
static void test_nash_reference(void **state)
{
    (void)state;
    double x[2] = {2, 8}, c[2] = {1, 1}, out = -1;
    brink_error err;
    assert_int_equal(brink_baseline_nash_reference(x, c, NULL, 2, 0.0, &out, &err), BRINK_OK);
    assert_true(out == 2.0); /* equal weights: the kink */
    c[1] = 3;
    assert_int_equal(brink_baseline_nash_reference(x, c, NULL, 2, 0.0, &out, &err), BRINK_OK);
    assert_true(fabs(out - 3.0) < 1e-12); /* 4 * 3 / 4 */
    /* actors on both sides of the reference: only the reference is acceptable to both */
    double y[2] = {-1, 1};
    assert_int_equal(brink_baseline_nash_reference(y, NULL, NULL, 2, 0.0, &out, &err), BRINK_OK);
    assert_true(out == 0.0);
    /* an actor without salience has no stake and no veto */
    double z[3] = {2, 8, -5}, s[3] = {1, 1, 0}, cz[3] = {1, 3, 100};
    assert_int_equal(brink_baseline_nash_reference(z, cz, s, 3, 0.0, &out, &err), BRINK_OK);
    assert_true(fabs(out - 3.0) < 1e-12);
    /* and the reference must be finite */
    assert_int_equal(brink_baseline_nash_reference(x, c, NULL, 2, NAN, &out, &err),
                     BRINK_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nash_reference),
        cmocka_unit_test(test_weighted_mean), cmocka_unit_test(test_weighted_median),
        cmocka_unit_test(test_nash),          cmocka_unit_test(test_nash_emission),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
