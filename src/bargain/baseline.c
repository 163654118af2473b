/* SPDX-License-Identifier: MIT */
/*
 * baseline.c — weighted mean, lower weighted median and linear-utility Nash bargaining solution
 * for one issue (see baseline.h for the definitions and their sources).
 *
 * Invariants: weights are w_i = c_i s_i >= 0 with a positive, finite total; actors with w_i = 0
 * take no part. Nothing here allocates, so none of these functions can fail for lack of memory,
 * and sums run in actor-index order so results are bit-reproducible.
 */
#include "bargain/baseline.h"

#include "core/fminmax.h"

#include <math.h>

/* The weight of actor i: capability x salience, either array optional (NULL = all 1). */
static double weight_of(const double *capability, const double *salience, size_t i)
{
    double c = capability ? capability[i] : 1.0;
    double s = salience ? salience[i] : 1.0;
    return c * s;
}

/* Checks the inputs shared by every baseline and returns the total weight in *total. */
static int check_inputs(const char *what, const double *position, const double *capability,
                        const double *salience, size_t n, const double *out, double *total,
                        brink_error *err)
{
    if (!position || !out)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "%s: position and out must not be NULL", what);
    if (n < 1)
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "%s: no actors; expected at least one", what);
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(position[i]))
            return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                                   "%s: actor %zu: position %g is not a finite number", what, i + 1,
                                   position[i]);
        if (capability && !(isfinite(capability[i]) && capability[i] >= 0.0))
            return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                                   "%s: actor %zu: capability %g; expected a finite value >= 0",
                                   what, i + 1, capability[i]);
        if (salience && !(isfinite(salience[i]) && salience[i] >= 0.0))
            return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                                   "%s: actor %zu: salience %g; expected a finite value >= 0", what,
                                   i + 1, salience[i]);
        sum += weight_of(capability, salience, i);
    }
    if (!isfinite(sum))
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "%s: the total capability x salience weight overflows", what);
    if (!(sum > 0.0))
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "%s: every actor has capability x salience 0; expected at least "
                               "one positive weight",
                               what);
    *total = sum;
    return BRINK_OK;
}

int brink_baseline_weighted_mean(const double *position, const double *capability,
                                 const double *salience, size_t n, double *out, brink_error *err)
{
    double total;
    int rc = check_inputs("weighted mean", position, capability, salience, n, out, &total, err);
    if (rc != BRINK_OK)
        return rc;
    double num = 0.0;
    for (size_t i = 0; i < n; i++)
        num += weight_of(capability, salience, i) * position[i];
    *out = num / total;
    return BRINK_OK;
}

int brink_baseline_weighted_median(const double *position, const double *capability,
                                   const double *salience, size_t n, double *out, brink_error *err)
{
    double total;
    int rc = check_inputs("weighted median", position, capability, salience, n, out, &total, err);
    if (rc != BRINK_OK)
        return rc;
    /* Candidates are the positions of weighted actors; the answer is the lowest one whose
     * cumulative weight reaches half. Summing in index order for every candidate keeps the
     * comparison identical for equal positions. */
    int found = 0;
    double best = 0.0;
    for (size_t k = 0; k < n; k++) {
        if (!(weight_of(capability, salience, k) > 0.0))
            continue;
        double xk = position[k];
        if (found && xk >= best)
            continue;
        double below = 0.0;
        for (size_t i = 0; i < n; i++)
            if (position[i] <= xk)
                below += weight_of(capability, salience, i);
        if (2.0 * below >= total) {
            best = xk;
            found = 1;
        }
    }
    if (!found) /* cannot happen: the highest weighted position has all the weight below it */
        return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                               "weighted median: no position reached half the weight");
    *out = best;
    return BRINK_OK;
}

/* Sign-carrying derivative of sum(w_i log u_i) at x, times the range (a positive factor that
 * does not change signs). right != 0: the right derivative (an actor at x pulls left);
 * otherwise the left derivative (an actor at x pulls right). Zero-weight actors are skipped,
 * so 0/0 never occurs; an actor at distance range contributes +-infinity. */
static double nash_slope(const double *position, const double *capability, const double *salience,
                         size_t n, double range, double x, int right)
{
    double slope = 0.0;
    for (size_t i = 0; i < n; i++) {
        double w = weight_of(capability, salience, i);
        if (!(w > 0.0))
            continue;
        double xi = position[i];
        double u = 1.0 - fabs(x - xi) / range;
        int pulls_right = right ? xi > x : xi >= x;
        slope += pulls_right ? w / u : -w / u;
    }
    return slope;
}

int brink_baseline_nash(const double *position, const double *capability, const double *salience,
                        size_t n, double range, double *out, brink_error *err)
{
    double total;
    int rc = check_inputs("Nash bargaining solution", position, capability, salience, n, out,
                          &total, err);
    if (rc != BRINK_OK)
        return rc;
    if (isnan(range) || isinf(range))
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "Nash bargaining solution: range %g; expected a finite number "
                               "(<= 0 for the spread of the positions)",
                               range);
    double lo = position[0], hi = position[0];
    for (size_t i = 1; i < n; i++) {
        lo = brink_fmin(lo, position[i]);
        hi = brink_fmax(hi, position[i]);
    }
    double spread = hi - lo;
    if (range <= 0.0) {
        range = spread;
    } else if (range < spread) {
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "Nash bargaining solution: range %.17g is smaller than the spread "
                               "of the positions %.17g; expected range >= spread",
                               range, spread);
    }

    /* All weighted actors at one point: that point (also covers range == 0). */
    int first = 1;
    double wlo = 0.0, whi = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!(weight_of(capability, salience, i) > 0.0))
            continue;
        wlo = first ? position[i] : brink_fmin(wlo, position[i]);
        whi = first ? position[i] : brink_fmax(whi, position[i]);
        first = 0;
    }
    if (wlo == whi) {
        *out = wlo;
        return BRINK_OK;
    }

    /* The objective is strictly concave, so its maximiser x* is where the right derivative
     * turns <= 0 and the left one >= 0. First try every kink (actor position) exactly. */
    double a = wlo, b = whi; /* invariant: a < x* < b once no kink qualified */
    for (size_t k = 0; k < n; k++) {
        if (!(weight_of(capability, salience, k) > 0.0))
            continue;
        double xk = position[k];
        double r = nash_slope(position, capability, salience, n, range, xk, 1);
        double l = nash_slope(position, capability, salience, n, range, xk, 0);
        if (r <= 0.0 && l >= 0.0) {
            *out = xk;
            return BRINK_OK;
        }
        if (r > 0.0 && xk > a)
            a = xk;
        if (l < 0.0 && xk < b)
            b = xk;
    }
    /* No actor sits strictly between a and b (it would have qualified as a kink), so the
     * objective is smooth on (a, b): bisect on the sign of the derivative until a and b are
     * adjacent doubles. */
    for (;;) {
        double m = a + (b - a) / 2.0;
        if (!(m > a && m < b))
            break;
        double d = nash_slope(position, capability, salience, n, range, m, 1);
        if (d > 0.0) {
            a = m;
        } else if (d < 0.0) {
            b = m;
        } else {
            *out = m;
            return BRINK_OK;
        }
    }
    double da = fabs(nash_slope(position, capability, salience, n, range, a, 1));
    double db = fabs(nash_slope(position, capability, salience, n, range, b, 0));
    *out = da <= db ? a : b;
    return BRINK_OK;
}

/* Derivative of sum_i c_i log(R_i - |x - x_i|) at x, for x strictly inside the feasible interval
 * (every R_i - |x - x_i| > 0); at a kink (x == x_i) the right derivative when right != 0. */
static double nash_ref_slope(const double *position, const double *capability,
                             const double *salience, size_t n, double reference, double x,
                             int right)
{
    double g = 0.0;
    for (size_t i = 0; i < n; i++) {
        double c = capability ? capability[i] : 1.0, s = salience ? salience[i] : 1.0;
        if (!(c > 0.0) || !(s > 0.0))
            continue;
        double r = fabs(reference - position[i]);
        double gap = r - fabs(x - position[i]);
        double sign = x > position[i] ? 1.0 : x < position[i] ? -1.0 : (right ? 1.0 : -1.0);
        /* d/dx log(R - |x - x_i|) = -sign(x - x_i) / (R - |x - x_i|) */
        g -= c * sign / gap;
    }
    return g;
}

int brink_baseline_nash_reference(const double *position, const double *capability,
                                  const double *salience, size_t n, double reference, double *out,
                                  brink_error *err)
{
    double total;
    int rc = check_inputs("Nash bargaining solution", position, capability, salience, n, out,
                          &total, err);
    if (rc != BRINK_OK)
        return rc;
    if (!isfinite(reference))
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "Nash bargaining solution: reference point %g; expected a finite "
                               "number",
                               reference);
    /* the feasible interval: every staked actor gains at least its reference utility */
    double lo = -INFINITY, hi = INFINITY;
    for (size_t i = 0; i < n; i++) {
        double c = capability ? capability[i] : 1.0, s = salience ? salience[i] : 1.0;
        if (!(c > 0.0) || !(s > 0.0))
            continue;
        double r = fabs(reference - position[i]);
        lo = brink_fmax(lo, position[i] - r);
        hi = brink_fmin(hi, position[i] + r);
    }
    if (!(lo < hi)) {
        *out = reference; /* only the status quo is acceptable to everyone */
        return BRINK_OK;
    }
    /* strictly concave on (lo, hi), tending to -inf at both ends: first the kinks exactly, then
     * bisection on the derivative between the kinks around the maximum */
    double a = lo, b = hi;
    for (size_t k = 0; k < n; k++) {
        double xk = position[k];
        if (!(xk > lo && xk < hi))
            continue;
        double r = nash_ref_slope(position, capability, salience, n, reference, xk, 1);
        double l = nash_ref_slope(position, capability, salience, n, reference, xk, 0);
        if (r <= 0.0 && l >= 0.0) {
            *out = xk;
            return BRINK_OK;
        }
        if (r > 0.0 && xk > a)
            a = xk;
        if (l < 0.0 && xk < b)
            b = xk;
    }
    for (int it = 0; it < 2000; it++) {
        double m = a + (b - a) / 2;
        if (!(m > a && m < b))
            break;
        if (nash_ref_slope(position, capability, salience, n, reference, m, 1) > 0.0)
            a = m;
        else
            b = m;
    }
    *out = a + (b - a) / 2;
    return BRINK_OK;
}
