/* SPDX-License-Identifier: MIT */
/*
 * baseline.h — the simple forecasts every bargaining model must be reported next to, for one issue
 * at a time: the capability x salience weighted mean (the "compromise model", van den Bos 1991;
 * Achen 2006 shows it is the Nash bargaining solution under quadratic loss), the lower weighted
 * median (the Condorcet winner under single-peaked linear preferences, Black 1948) and the
 * asymmetric Nash bargaining solution with linear utilities.
 *
 * On EU legislative data the weighted mean is as accurate as or more accurate than the
 * expected-utility and procedural models (Achen 2006; Thomson 2011; Leinaweaver & Thomson 2014);
 * see docs/bargaining.md.
 *
 * Weights are w_i = capability_i x salience_i; only their ratios matter, so any salience scale
 * works. Internal API for now, written as if public. Every function here is pure: no allocation,
 * no global state, thread-safe; identical inputs give bit-identical outputs.
 */
#ifndef BRINK_BARGAIN_BASELINE_H
#define BRINK_BARGAIN_BASELINE_H

#include "brink.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Conventions shared by the functions below:
 * - position[0..n) must be finite; capability and salience, when not NULL, finite and >= 0; a
 *   NULL capability or salience array means "all 1" (so both NULL gives the unweighted forms).
 * - n >= 1 and the total weight sum(w_i) > 0 (actors with w_i = 0 are ignored).
 * - The answer is written to *out only on success.
 * - Errors: BRINK_EINVAL with a message naming the actor index and the bad value;
 *   BRINK_EUSAGE when position or out is NULL. All arrays are borrowed. */

/* Weighted mean sum(w_i x_i) / sum(w_i). */
int brink_baseline_weighted_mean(const double *position, const double *capability,
                                 const double *salience, size_t n, double *out, brink_error *err);

/* Lower weighted median: the smallest position x_k such that the weight of the actors at or below
 * x_k is at least half the total (2 * W(<= x_k) >= W). O(n^2), no allocation. */
int brink_baseline_weighted_median(const double *position, const double *capability,
                                   const double *salience, size_t n, double *out, brink_error *err);

/* Asymmetric Nash bargaining solution with disagreement utility 0: the x maximising
 * sum(w_i log u_i(x)) with u_i(x) = 1 - |x - x_i| / range. range <= 0 means the spread of the
 * positions (max - min); a positive range must be at least that spread (else some utility is
 * negative inside the actors' hull: BRINK_EINVAL). The objective is strictly concave, so the
 * maximiser is unique; it lies in [min x_i, max x_i]. It is found exactly when it sits on an
 * actor's position (a kink), otherwise by bisection on the derivative to the last representable
 * double. With two actors at the ends of the range it equals the weighted mean. When every
 * weighted actor holds the same position, that position is the answer. */
int brink_baseline_nash(const double *position, const double *capability, const double *salience,
                        size_t n, double range, double *out, brink_error *err);

/* Asymmetric Nash bargaining solution with a reference point d (the status quo, or what each
 * actor gets if bargaining fails), per bargaining-models.md section 3.7 with linear loss:
 * u_i(x) = -s_i |x - x_i|, weights w_i = c_i, and
 *     x* = argmax over x of sum_i c_i log(u_i(x) - u_i(d))   subject to u_i(x) >= u_i(d),
 * over the actors with c_i > 0 and s_i > 0 (an actor with no salience has no stake; s_i cancels
 * otherwise). Each actor accepts only points no farther from x_i than d is, so the feasible set is
 * the intersection of the intervals [x_i - |d - x_i|, x_i + |d - x_i|]; when actors lie on both
 * sides of d (or one sits at d) that set is the point d itself and the answer is d (no agreement
 * improves on the status quo for everyone). Otherwise the objective is strictly concave on the
 * open feasible interval and its maximiser is found by bisection on the derivative to the last
 * representable double. Errors as the other functions; reference must be finite. */
int brink_baseline_nash_reference(const double *position, const double *capability,
                                  const double *salience, size_t n, double reference, double *out,
                                  brink_error *err);

#ifdef __cplusplus
}
#endif

#endif /* BRINK_BARGAIN_BASELINE_H */
