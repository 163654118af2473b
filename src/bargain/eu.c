/* SPDX-License-Identifier: MIT */
/*
 * eu.c — Bueno de Mesquita's expected-utility model as reconstructed by Scholz, Calbert & Smith
 * (2011), with the variant switches of eu.h. Equation numbers are Scholz's; the notes in
 * docs/bargaining.md say which published or public choice each switch reproduces.
 *
 * One round (Scholz's appendix, steps 2-12):
 *   1. R, the range that normalises distances; mu, the Condorcet winner among the positions.
 *   2. First pass with every risk exponent r = 1: win probabilities P_ij and expected utilities
 *      E(U_ij) for every ordered pair; security S_i = sum_j E(U_ji); R_i = (2 S_i - max S -
 *      min S) / (max S - min S); r_i = (1 - R_i/k) / (1 + R_i/k).
 *   3. Second pass with those r_i; every actor i classifies the offer of every j != i at another
 *      position (confrontation, compromise, capitulation) and accepts one.
 *   4. Positions change (all at once, or one actor after another).
 *
 * Ownership: brink_eu_run allocates one block before the first round and nothing afterwards: the
 * result at its start, then the workspace (eu_lay_out), which lives on unused until the result is
 * freed. brink_eu_run_ws lays the same out in a block the caller owns and allocates nothing; its
 * result lives in that block until the next run. Invariant: every
 * move goes to a point between the mover and the proposer, so positions never leave the hull of
 * the initial positions; distances (and the distance to mu, itself a position) never exceed the
 * range in any range mode, so the bases raised to fractional powers stay in [0, 1]. bdm_utility
 * clamps at 0 all the same, as a guard.
 */
#include "bargain/eu.h"

#include "bargain/baseline.h"
#include "core/fminmax.h"

#include <math.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The win-probability sweep is compiled twice, for AVX2 and for baseline x86-64, and the loader
 * picks one (an ifunc), as in smp.c: each lane computes what the scalar code computes (no FMA
 * contraction in C11 mode), so the results are the same bits either way. Sanitizer builds leave
 * it out (ifunc resolvers run before the sanitizer's runtime is initialised). */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                         \
    __has_feature(memory_sanitizer)
#define EU_NO_CLONES 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define EU_NO_CLONES 1
#endif
#if defined(__x86_64__) && defined(__gnu_linux__) && !defined(EU_NO_CLONES)
#define EU_HOT_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define EU_HOT_CLONES
#endif

/* ---------------------------------------------------------------------------------------------- */
/* Options and presets                                                                            */
/* ---------------------------------------------------------------------------------------------- */

brink_eu_options brink_eu_options_scholz_code(void)
{
    brink_eu_options o;
    memset(&o, 0, sizeof o);
    o.prob_norm = BRINK_EU_PROB_GLOBAL;
    o.votes = BRINK_EU_VOTES_RISK_WEIGHTED;
    o.perspective = BRINK_EU_VIEW_MOVER;
    o.q = 1.0;
    o.select = BRINK_EU_SELECT_SCHOLZ_CODE;
    o.capitulation = 0;
    o.range = BRINK_EU_RANGE_INITIAL;
    o.scale_range = 0.0;
    o.salience_scale = 1.0;
    o.risk_divisor = 3.0;
    o.stop = BRINK_EU_STOP_FIXED_ROUNDS;
    o.max_rounds = 10;
    o.median_tolerance = 0.0;
    o.stable_rounds = 1;
    o.detect_cycles = 1;
    o.cycle_tolerance = 0.0;
    o.simultaneous = 1;
    return o;
}

brink_eu_options brink_eu_options_scholz_paper(void)
{
    brink_eu_options o = brink_eu_options_scholz_code();
    o.prob_norm = BRINK_EU_PROB_PER_PAIR;
    o.votes = BRINK_EU_VOTES_LINEAR;
    o.perspective = BRINK_EU_VIEW_OWN;
    o.select = BRINK_EU_SELECT_TYPE_THEN_LEAST_MOVE;
    o.capitulation = 1;
    return o;
}

int brink_eu_options_preset(const char *name, brink_eu_options *out, brink_error *err)
{
    if (!name || !out)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "brink_eu_options_preset: name and out must not be NULL");
    if (strcmp(name, "scholz-code") == 0) {
        *out = brink_eu_options_scholz_code();
        return BRINK_OK;
    }
    if (strcmp(name, "scholz-paper") == 0) {
        *out = brink_eu_options_scholz_paper();
        return BRINK_OK;
    }
    return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                           "unknown expected-utility preset '%s'; expected scholz-code or "
                           "scholz-paper",
                           name);
}

/* Reports a bad option field. */
static int bad_option(brink_error *err, const char *field, double value, const char *expected)
{
    return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                           "expected-utility option %s = %g; expected %s", field, value, expected);
}

int brink_eu_options_check(const brink_eu_options *o, brink_error *err)
{
    if (!o)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "brink_eu_options_check: options must not be NULL");
    if (o->prob_norm != BRINK_EU_PROB_GLOBAL && o->prob_norm != BRINK_EU_PROB_PER_PAIR)
        return bad_option(err, "prob_norm", (double)o->prob_norm, "GLOBAL or PER_PAIR");
    if (o->votes != BRINK_EU_VOTES_RISK_WEIGHTED && o->votes != BRINK_EU_VOTES_LINEAR)
        return bad_option(err, "votes", (double)o->votes, "RISK_WEIGHTED or LINEAR");
    if (o->perspective != BRINK_EU_VIEW_MOVER && o->perspective != BRINK_EU_VIEW_OWN)
        return bad_option(err, "perspective", (double)o->perspective, "MOVER or OWN");
    if (!(o->q >= 0.0 && o->q <= 1.0))
        return bad_option(err, "q", o->q, "a probability in [0, 1]");
    if (o->select != BRINK_EU_SELECT_SCHOLZ_CODE &&
        o->select != BRINK_EU_SELECT_TYPE_THEN_LEAST_MOVE &&
        o->select != BRINK_EU_SELECT_LEAST_MOVE && o->select != BRINK_EU_SELECT_MOST_ENFORCEABLE)
        return bad_option(err, "select", (double)o->select,
                          "SCHOLZ_CODE, TYPE_THEN_LEAST_MOVE, LEAST_MOVE or MOST_ENFORCEABLE");
    if (o->capitulation != 0 && o->capitulation != 1)
        return bad_option(err, "capitulation", (double)o->capitulation, "0 or 1");
    if (o->range != BRINK_EU_RANGE_INITIAL && o->range != BRINK_EU_RANGE_PER_ROUND &&
        o->range != BRINK_EU_RANGE_SCALE)
        return bad_option(err, "range", (double)o->range, "INITIAL, PER_ROUND or SCALE");
    if (o->range == BRINK_EU_RANGE_SCALE && !(isfinite(o->scale_range) && o->scale_range > 0.0))
        return bad_option(err, "scale_range", o->scale_range,
                          "a finite width > 0 (position units) with range SCALE");
    if (!(isfinite(o->salience_scale) && o->salience_scale > 0.0))
        return bad_option(err, "salience_scale", o->salience_scale,
                          "a finite value > 0 (1 for saliences on 0-1, 100 for 0-100)");
    if (!(isfinite(o->risk_divisor) && o->risk_divisor > 1.0))
        return bad_option(err, "risk_divisor", o->risk_divisor,
                          "a finite value > 1 (3 in Scholz eq. 34)");
    if (o->stop != BRINK_EU_STOP_FIXED_ROUNDS && o->stop != BRINK_EU_STOP_MEDIAN_TOLERANCE)
        return bad_option(err, "stop", (double)o->stop, "FIXED_ROUNDS or MEDIAN_TOLERANCE");
    if (o->max_rounds < 1 || o->max_rounds > BRINK_EU_MAX_ROUNDS)
        return bad_option(err, "max_rounds", (double)o->max_rounds,
                          "a whole number of rounds in [1, 100000]");
    if (!(isfinite(o->median_tolerance) && o->median_tolerance >= 0.0))
        return bad_option(err, "median_tolerance", o->median_tolerance,
                          "a finite value >= 0 (position units)");
    if (o->stable_rounds < 1)
        return bad_option(err, "stable_rounds", (double)o->stable_rounds, "at least 1");
    if (o->detect_cycles != 0 && o->detect_cycles != 1)
        return bad_option(err, "detect_cycles", (double)o->detect_cycles, "0 or 1");
    if (!(isfinite(o->cycle_tolerance) && o->cycle_tolerance >= 0.0))
        return bad_option(err, "cycle_tolerance", o->cycle_tolerance,
                          "a finite value >= 0 (position units)");
    if (o->simultaneous != 0 && o->simultaneous != 1)
        return bad_option(err, "simultaneous", (double)o->simultaneous, "0 or 1");
    return BRINK_OK;
}

const char *brink_eu_offer_type_name(brink_eu_offer_type t)
{
    switch (t) {
    case BRINK_EU_OFFER_NONE:
        return "none";
    case BRINK_EU_OFFER_CONFRONTATION:
        return "confrontation";
    case BRINK_EU_OFFER_COMPROMISE:
        return "compromise";
    case BRINK_EU_OFFER_CAPITULATION:
        return "capitulation";
    }
    return "unknown";
}

const char *brink_eu_stop_reason_name(brink_eu_stop_reason r)
{
    switch (r) {
    case BRINK_EU_STOPPED_MAX_ROUNDS:
        return "max-rounds";
    case BRINK_EU_STOPPED_MEDIAN_STABLE:
        return "median-stable";
    case BRINK_EU_STOPPED_CYCLE:
        return "cycle";
    }
    return "unknown";
}

/* ---------------------------------------------------------------------------------------------- */
/* The model's arithmetic                                                                         */
/* ---------------------------------------------------------------------------------------------- */

/* Everything one round reads, and the workspace it writes. All arrays have n elements. */
typedef struct model {
    const brink_eu_options *opt;
    size_t n;
    const double *s; /* salience on 0-1 */
    const double *w; /* capability x salience: a voter's weight */
    double *x;       /* current positions */
    double *next;    /* positions after the round (simultaneous updating) */
    double *r;       /* risk exponents of the current pass */
    double *ones;    /* all 1: exponents of the first pass, and of linear votes */
    /* [n*n] the pass's powered distances: dpow[k*n + a] = (|x_k - x_a| / R)^rv_k for the voter
     * exponents rv of the current pass (fill_dpow); every vote and the global normaliser read
     * them instead of raising the same distances to the same powers again (O(n^2) powers per
     * pass instead of O(n^3)). */
    double *dpow;
    /* [n*n] win probabilities of every ordered pair at the current positions: prob[i*n + j] is
     * P_ij (pass_probs) */
    double *prob;
    /* [n] same[a]: the lowest index of an actor at x_a's position (a when none precedes it).
     * Actors at one position are at the same distance from everyone, so they share powered
     * distances and stakes: copying them gives the very doubles a pow call would. */
    size_t *same;
    double *stake_success; /* [n] one mover's U_s against each target (best_offer_for) */
    double *stake_failure; /* [n] and U_f */
    /* [n*n] simultaneous rounds: U_s and U_f of every ordered pair (i, j), priced with r_i, and
     * [n] U_sq of every actor (tabulate_stakes; valid only in the rows it filled this round) */
    double *u_success_tab, *u_failure_tab, *u_sq;
    double *security; /* S_i of the current round */
    double range;     /* R of the current round (> 0 while the round computes anything) */
    double median;    /* mu at the start of the round */
} model;

/* d^r for a normalised distance d in [0, 1] (r = 1 kept exact). d is never -0 (it is a quotient
 * of fabs() or the 0.0 of bdm_utility's clamp), and r > 0 always (eq. 34 with k > 1), so the two
 * shortcuts return exactly what pow would (C11 F.10.4.4: pow(+0, y) = +0 for y > 0,
 * pow(+1, y) = 1); they save the call where actors share a position or span the range. */
static double power(double d, double r)
{
    if (r == 1.0)
        return d;
    if (d == 0.0 && r > 0.0)
        return 0.0;
    if (d == 1.0)
        return 1.0;
    return pow(d, r);
}

/* Fills m->same from the current positions. Equal positions compare equal even as +0 and -0,
 * whose distances to anything are equal too (fabs). */
static void find_same(const model *m)
{
    for (size_t a = 0; a < m->n; a++) {
        size_t first = a;
        for (size_t b = 0; b < a; b++)
            if (m->x[b] == m->x[a]) {
                first = b;
                break;
            }
        m->same[a] = first;
    }
}

/* Fills m->same and m->dpow for voter exponents rv (one pass): row k holds
 * (|x_k - x_a| / R)^rv_k. */
static void fill_dpow(const model *m, const double *rv)
{
    size_t n = m->n;
    find_same(m);
    for (size_t k = 0; k < n; k++)
        for (size_t a = 0; a < n; a++) {
            size_t first = m->same[a];
            m->dpow[k * n + a] = first != a ? m->dpow[k * n + first]
                                            : power(fabs(m->x[k] - m->x[a]) / m->range, rv[k]);
        }
}

/* Refreshes m->same, and row i and column i of m->dpow, after actor i moved (sequential
 * updating). */
static void refresh_dpow(const model *m, const double *rv, size_t i)
{
    size_t n = m->n;
    find_same(m);
    for (size_t a = 0; a < n; a++) {
        m->dpow[i * n + a] = power(fabs(m->x[i] - m->x[a]) / m->range, rv[i]);
        m->dpow[a * n + i] = power(fabs(m->x[a] - m->x[i]) / m->range, rv[a]);
    }
}

/* The global normaliser: sum over voters k and ordered pairs (a, b) of |votes of k for x_a over
 * x_b|, with the pass's powered distances. O(n^3) additions, in the order k, a, b. */
static double global_norm(const model *m)
{
    size_t n = m->n;
    double total = 0.0;
    for (size_t k = 0; k < n; k++) {
        const double *row = &m->dpow[k * n];
        for (size_t a = 0; a < n; a++)
            for (size_t b = 0; b < n; b++)
                total += fabs(m->w[k] * (row[b] - row[a]));
    }
    return total;
}

/* P_ij and P_ji, the probabilities that i prevails against j and j against i (Scholz eqs.
 * 30-31): the positive votes for one position over the other divided by the global normaliser or
 * by the pair's absolute votes. Both 0 when the two hold the same position or nobody's vote
 * distinguishes them. The votes of k for x_i over x_j (eq. 28, risk-weighted as in the
 * reconstruction when the pass's exponents are not 1) are w_k [(|x_k - x_j|/R)^r_k -
 * (|x_k - x_i|/R)^r_k], read from the pass's table; the votes for x_j over x_i are their exact
 * negatives, so one sweep over the voters serves both directions and the absolute votes are summed
 * once. Each sum adds the same terms in the same order as a sweep of its own would. */
static inline void win_probs(const model *m, double norm, size_t i, size_t j, double *p_ij,
                             double *p_ji)
{
    *p_ij = 0.0;
    *p_ji = 0.0;
    if (m->x[i] == m->x[j])
        return;
    size_t n = m->n;
    double num_ij = 0.0, num_ji = 0.0, pair = 0.0;
    for (size_t k = 0; k < n; k++) {
        const double *row = &m->dpow[k * n];
        double v_ij = m->w[k] * (row[j] - row[i]);
        double v_ji = m->w[k] * (row[i] - row[j]);
        if (v_ij > 0.0)
            num_ij += v_ij;
        if (v_ji > 0.0)
            num_ji += v_ji;
        pair += fabs(v_ij);
    }
    double den = m->opt->prob_norm == BRINK_EU_PROB_PER_PAIR ? pair : norm;
    if (den > 0.0) {
        *p_ij = num_ij / den;
        *p_ji = num_ji / den;
    }
}

/* 2 - 4 base^r, the utility transform of BDM (1985) that keeps bases non-negative. */
static double bdm_utility(double base, double r)
{
    return 2.0 - 4.0 * power(base > 0.0 ? base : 0.0, r);
}

/* E(U_ij): what i expects from challenging j, priced with exponent rv (the viewer's), given the
 * probability p that i prevails (Scholz eqs. 5-7, 15-16, 22-25):
 *   s_j [P U_s + (1 - P) U_f] + (1 - s_j) U_s - {Q U_sq + (1 - Q) [T U_b + (1 - T) U_w]}
 * with T = 1 iff |x_i - mu| < |x_i - x_j|. At Q = 1 the bracket is skipped, which leaves the
 * value bit-identical to Q U_sq. u_success, u_failure and u_status_quo are U_s, U_f and U_sq
 * priced with rv (see stakes_for); they depend on the dyad only through |x_i - x_j|, so the mover's
 * two expected utilities share them when both are priced with the same exponent. */
static inline double expected_utility_with(const model *m, double rv, double p, size_t i, size_t j,
                                           double u_success, double u_failure, double u_status_quo)
{
    double xi = m->x[i], xj = m->x[j];
    double sj = m->s[j];
    double challenge = sj * (p * u_success + (1.0 - p) * u_failure) + (1.0 - sj) * u_success;
    double q = m->opt->q;
    double no_challenge = q * u_status_quo;
    if (q < 1.0) {
        double to_mu = fabs(xi - m->median);
        double drift = 0.25 * (to_mu + fabs(xi - xj)) / m->range;
        double better = to_mu < fabs(xi - xj) ? 1.0 : 0.0;
        double u_better = bdm_utility(0.5 - drift, rv);
        double u_worse = bdm_utility(0.5 + drift, rv);
        no_challenge += (1.0 - q) * (better * u_better + (1.0 - better) * u_worse);
    }
    return challenge - no_challenge;
}

/* U_s and U_f of a challenge across |x_i - x_j| (either order gives the same d), priced with rv;
 * u_status_quo must be bdm_utility(0.5, rv). At d = 0 both bases are exactly 0.5, so both
 * utilities are U_sq. */
static inline void stakes_for(const model *m, double rv, double u_status_quo, size_t i, size_t j,
                              double *u_success, double *u_failure)
{
    double d = fabs(m->x[i] - m->x[j]) / m->range;
    if (d == 0.0) {
        *u_success = u_status_quo;
        *u_failure = u_status_quo;
        return;
    }
    *u_success = bdm_utility(0.5 - 0.5 * d, rv);
    *u_failure = bdm_utility(0.5 + 0.5 * d, rv);
}

/* E(U_ij) priced with rv, computing its own utilities. */
static double expected_utility(const model *m, double rv, double p, size_t i, size_t j)
{
    double u_success, u_failure, u_status_quo = bdm_utility(0.5, rv);
    stakes_for(m, rv, u_status_quo, i, j, &u_success, &u_failure);
    return expected_utility_with(m, rv, p, i, j, u_success, u_failure, u_status_quo);
}

/* Width of the blocks that norm_row and pass_probs compute side by side (one vector of doubles). */
#define EU_LANES 4

#if defined(__GNUC__)
/* GCC and Clang vector extensions: four doubles, and the matching lane masks. */
typedef double eu_v4 __attribute__((vector_size(4 * sizeof(double))));
typedef long long eu_m4 __attribute__((vector_size(4 * sizeof(double))));
#endif

/* total plus |w (row[b] - row_a)| for b = 0..n-1, added one by one in that order (one row of the
 * normaliser's chain). With GNU C vectors the terms are formed EU_LANES at a time (the exact
 * products, lane by lane) and only the additions stay sequential. */
static inline double norm_row(double total, double w, const double *row, double row_a, size_t n)
{
#if defined(__GNUC__)
    const eu_m4 abs_mask = {INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX};
    eu_v4 wv = {w, w, w, w}, av = {row_a, row_a, row_a, row_a};
    size_t b = 0;
    for (; b + EU_LANES <= n; b += EU_LANES) {
        eu_v4 rb;
        memcpy(&rb, &row[b], sizeof rb);
        eu_v4 t = (eu_v4)((eu_m4)(wv * (rb - av)) & abs_mask);
        total += t[0];
        total += t[1];
        total += t[2];
        total += t[3];
    }
    for (; b < n; b++)
        total += fabs(w * (row[b] - row_a));
#else
    for (size_t b = 0; b < n; b++)
        total += fabs(w * (row[b] - row_a));
#endif
    return total;
}

/* fill_dpow, and with GLOBAL normalisation the normaliser global_norm returns, in one sweep.
 *
 * Why one sweep: the normaliser is a chain of n^3 dependent additions in a fixed order (k, a,
 * b), bound by the latency of an addition rather than by arithmetic, while the powers of the
 * next row of the table are independent calls; interleaving one power of row k + 1 with each
 * row (k, a) of the chain lets the processor run the two together. The chain keeps its terms and
 * their order, and every power is the call fill_dpow makes, so the bits do not change. */
EU_HOT_CLONES static double fill_dpow_norm(const model *m, const double *rv)
{
    size_t n = m->n;
    int global = m->opt->prob_norm == BRINK_EU_PROB_GLOBAL;
    find_same(m);
    for (size_t a = 0; a < n; a++) { /* row 0 */
        size_t first = m->same[a];
        m->dpow[a] = first != a ? m->dpow[first] : power(fabs(m->x[0] - m->x[a]) / m->range, rv[0]);
    }
    double total = 0.0;
    for (size_t k = 0; k < n; k++) {
        const double *row = &m->dpow[k * n];
        double *next = k + 1 < n ? &m->dpow[(k + 1) * n] : NULL;
        double wk = m->w[k];
        for (size_t a = 0; a < n; a++) {
            if (next) {
                size_t first = m->same[a];
                next[a] = first != a ? next[first]
                                     : power(fabs(m->x[k + 1] - m->x[a]) / m->range, rv[k + 1]);
            }
            if (global)
                total = norm_row(total, wk, row, row[a], n);
        }
    }
    return total;
}

/* The win probabilities of every ordered pair into m->prob (diagonal 0), given the normaliser
 * norm of the current table (ignored with per-pair normalisation): what win_probs gives, bit for
 * bit. With GNU C vectors, mover i's sums against EU_LANES targets j > i at a time run side by
 * side, one lane per j, each over the voters in index order as win_probs adds them; a
 * non-positive vote adds +0.0 (its lane masked) where win_probs skips it, which leaves a sum that
 * starts at +0 and only grows unchanged. The last block may run past row k into row k + 1 or the
 * zeroed padding after the table (see eu_lay_out); those lanes are computed and dropped. */
EU_HOT_CLONES static void pass_probs(const model *m, double norm)
{
    size_t n = m->n;
#if defined(__GNUC__)
    int global = m->opt->prob_norm == BRINK_EU_PROB_GLOBAL;
    const eu_m4 abs_mask = {INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX};
    const eu_v4 zero = {0.0, 0.0, 0.0, 0.0};
    for (size_t i = 0; i < n; i++) {
        m->prob[i * n + i] = 0.0;
        for (size_t j0 = i + 1; j0 < n; j0 += EU_LANES) {
            eu_v4 num_ij = zero, num_ji = zero, pair = zero;
            for (size_t k = 0; k < n; k++) {
                eu_v4 row_j;
                memcpy(&row_j, &m->dpow[k * n + j0], sizeof row_j);
                double wk1 = m->w[k], row_i1 = m->dpow[k * n + i];
                eu_v4 wk = {wk1, wk1, wk1, wk1}, row_i = {row_i1, row_i1, row_i1, row_i1};
                eu_v4 v_ij = wk * (row_j - row_i);
                eu_v4 v_ji = wk * (row_i - row_j);
                num_ij += (eu_v4)((eu_m4)v_ij & (v_ij > zero));
                num_ji += (eu_v4)((eu_m4)v_ji & (v_ji > zero));
                pair += (eu_v4)((eu_m4)v_ij & abs_mask);
            }
            for (size_t l = 0; l < EU_LANES && j0 + l < n; l++) {
                size_t j = j0 + l;
                double p_ij = 0.0, p_ji = 0.0;
                double den = global ? norm : pair[l];
                if (m->x[i] != m->x[j] && den > 0.0) {
                    p_ij = num_ij[l] / den;
                    p_ji = num_ji[l] / den;
                }
                m->prob[i * n + j] = p_ij;
                m->prob[j * n + i] = p_ji;
            }
        }
    }
#else
    for (size_t i = 0; i < n; i++) {
        m->prob[i * n + i] = 0.0;
        for (size_t j = i + 1; j < n; j++)
            win_probs(m, norm, i, j, &m->prob[i * n + j], &m->prob[j * n + i]);
    }
#endif
}

/* U_sq of actor i and U_s, U_f of every pair (i, j), priced with r_i, into m->u_sq[i] and row i
 * of m->u_success_tab and m->u_failure_tab: what stakes_for gives. */
static void tabulate_stakes(const model *m, size_t i)
{
    size_t n = m->n;
    double ri = m->r[i];
    double u_status_quo = bdm_utility(0.5, ri);
    m->u_sq[i] = u_status_quo;
    for (size_t j = 0; j < n; j++)
        if (j != i)
            stakes_for(m, ri, u_status_quo, i, j, &m->u_success_tab[i * n + j],
                       &m->u_failure_tab[i * n + j]);
}

/* Shortest normalised distance, and the band of exponents, for which no_offer_possible's margin
 * is proven (see there). */
#define EU_SKIP_MIN_DISTANCE 1e-3
#define EU_SKIP_MIN_EXPONENT 0.5
#define EU_SKIP_MAX_EXPONENT 2.0
/* Slack on the bound of rho; dwarfs every rounding error the bound has to cover. */
#define EU_SKIP_SLACK 1e-6

/* 1 when no proposer j can make mover i an offer, so that i's stakes need not be priced (the
 * powers are most of a round's work). Applies with Q = 1 and the mover's perspective only, and
 * only when it is certain for the doubles the model would compute; 0 means "price them".
 *
 * Every offer needs b = E(U_ji) > 0, with b = U_s - U_sq - s_i (1 - P_ji) (U_s - U_f) at Q = 1.
 * With u = 1/2 - d/2, v = 1/2 + d/2 and f(x) = x^r: U_s - U_sq = 4 (f(1/2) - f(u)) and U_s - U_f
 * = 4 (f(v) - f(u)), so b <= 0 iff rho = (f(1/2) - f(u)) / (f(v) - f(u)) <= s_i (1 - P_ji). For
 * r >= 1 f is convex and rho <= 1/2; for r < 1 rho <= 2^-r, its value at d = 1 (rho grows with
 * d; checked on a fine grid of r in [0.5, 1] and d in (0, 1] in 40-digit arithmetic). With d >=
 * 1e-3 and r in [0.5, 2], f(v) - f(u) >= min(r d, d^r) >= 1e-6, so s_i (1 - P_ji) >= bound +
 * 1e-6 puts b below -4e-12, far beyond the rounding of b (a few 1e-16 on values of order 1) and
 * of pow (< 1 ulp): the computed b is negative and classify finds no offer. A proposer at i's
 * position makes no offer either (classify). */
static int no_offer_possible(const model *m, size_t i)
{
    double ri = m->r[i];
    if (m->opt->q != 1.0 || m->opt->perspective != BRINK_EU_VIEW_MOVER ||
        !(ri >= EU_SKIP_MIN_EXPONENT && ri <= EU_SKIP_MAX_EXPONENT))
        return 0;
    double si = m->s[i];
    double rho_max = ri >= 1.0 ? 0.5 : pow(0.5, ri);
    if (!(si >= rho_max + EU_SKIP_SLACK)) /* cheap exit: s_i (1 - P) <= s_i */
        return 0;
    size_t n = m->n;
    for (size_t j = 0; j < n; j++) {
        if (j == i || m->x[j] == m->x[i])
            continue;
        double d = fabs(m->x[i] - m->x[j]) / m->range;
        if (!(d >= EU_SKIP_MIN_DISTANCE && d <= 1.0))
            return 0;
        if (!(si * (1.0 - m->prob[j * n + i]) >= rho_max + EU_SKIP_SLACK))
            return 0;
    }
    return 1;
}

/* Condorcet winner among the positions x[0..n) with linear votes weighted by w: the position no
 * other position beats. Votes for p over y are sum_k w_k (|x_k - y| - |x_k - p|) = D(y) - D(p),
 * a difference of potentials, so the pairwise contest is transitive and one sweep finds the
 * minimiser of D (the weighted median, Black 1948). Exact ties go to the lower position. */
static double condorcet_median(const double *x, const double *w, size_t n)
{
    double best = x[0];
    for (size_t i = 1; i < n; i++) {
        double p = x[i];
        if (p == best)
            continue;
        double votes = 0.0;
        for (size_t k = 0; k < n; k++)
            votes += w[k] * (fabs(x[k] - best) - fabs(x[k] - p));
        if (votes > 0.0 || (votes == 0.0 && p < best))
            best = p;
    }
    return best;
}

/* An offer j makes to i, as i sees it. */
typedef struct offer {
    brink_eu_offer_type type;
    size_t proposer;
    double position;
    double eu_ij; /* i challenging j */
    double eu_ji; /* j challenging i */
} offer;

/* Classifies the dyad from the mover i's side (Scholz §6.1, fig. 6, eqs. 35-36): the offer j
 * makes to i, or type NONE. a = E(U_ij), b = E(U_ji). */
static offer classify(const model *m, size_t i, size_t j, double a, double b)
{
    offer o = {BRINK_EU_OFFER_NONE, j, NAN, a, b};
    double xi = m->x[i], xj = m->x[j];
    if (xi == xj)
        return o;
    if (b > a && a > 0.0) {
        o.type = BRINK_EU_OFFER_CONFRONTATION;
        o.position = xj;
    } else if (b > 0.0 && a < 0.0 && b > fabs(a)) {
        o.type = BRINK_EU_OFFER_COMPROMISE;
        o.position = xi + (xj - xi) * fabs(a / b);
    } else if (m->opt->capitulation && b > 0.0 && a < 0.0) {
        o.type = BRINK_EU_OFFER_CAPITULATION;
        o.position = xj;
    }
    return o;
}

/* Preference order of offer types for the type-first rules. */
static int type_rank(brink_eu_offer_type t)
{
    switch (t) {
    case BRINK_EU_OFFER_CONFRONTATION:
        return 0;
    case BRINK_EU_OFFER_COMPROMISE:
        return 1;
    case BRINK_EU_OFFER_CAPITULATION:
        return 2;
    case BRINK_EU_OFFER_NONE:
        break;
    }
    return 3;
}

/* The key the SCHOLZ_CODE rule minimises within a type: the distance moved for confrontation and
 * capitulation; for compromise the EU-weighted average (|a| x_i + |b| x_j) / (|a| + |b|), which
 * depends on the orientation of the scale (the quirk that reproduces Table 2). */
static double scholz_code_key(const model *m, size_t i, const offer *o)
{
    double xi = m->x[i];
    if (o->type != BRINK_EU_OFFER_COMPROMISE)
        return fabs(xi - o->position);
    double a = fabs(o->eu_ij), b = fabs(o->eu_ji);
    return (a * xi + b * m->x[o->proposer]) / (a + b);
}

/* 1 when candidate c beats the best offer so far (best->type NONE: nothing yet) under the
 * selection rule. Offers arrive in proposer order and a tie never displaces, so the earliest
 * proposer wins ties. */
static int better_offer(const model *m, size_t i, const offer *c, const offer *best)
{
    if (best->type == BRINK_EU_OFFER_NONE)
        return 1;
    double xi = m->x[i];
    double move_c = fabs(xi - c->position), move_b = fabs(xi - best->position);
    int rank_c = type_rank(c->type), rank_b = type_rank(best->type);
    switch (m->opt->select) {
    case BRINK_EU_SELECT_SCHOLZ_CODE:
        if (rank_c != rank_b)
            return rank_c < rank_b;
        return scholz_code_key(m, i, c) < scholz_code_key(m, i, best);
    case BRINK_EU_SELECT_TYPE_THEN_LEAST_MOVE:
        if (rank_c != rank_b)
            return rank_c < rank_b;
        return move_c < move_b;
    case BRINK_EU_SELECT_LEAST_MOVE:
        if (move_c != move_b)
            return move_c < move_b;
        return rank_c < rank_b;
    case BRINK_EU_SELECT_MOST_ENFORCEABLE:
        if (c->eu_ji != best->eu_ji)
            return c->eu_ji > best->eu_ji;
        return move_c < move_b;
    }
    return 0;
}

/* The spread max - min of x[0..n). */
static double spread_of(const double *x, size_t n)
{
    double lo = x[0], hi = x[0];
    for (size_t i = 1; i < n; i++) {
        lo = brink_fmin(lo, x[i]);
        hi = brink_fmax(hi, x[i]);
    }
    return hi - lo;
}

/* First pass (all r = 1): security sums, then the risk exponents into m->r (Scholz eqs. 32-34).
 * Writes R_i into risk_acceptance and the pair values into pairs when they are not NULL. */
static void risk_exponents(const model *m, double *risk_acceptance, brink_eu_pair *pairs)
{
    size_t n = m->n;
    pass_probs(m, fill_dpow_norm(m, m->ones));
    for (size_t i = 0; i < n; i++)
        m->security[i] = 0.0;
    /* S_b accumulates E(U_ab) over challengers a in index order. With every r = 1 the viewer
     * does not matter. */
    for (size_t a = 0; a < n; a++) {
        for (size_t b = 0; b < n; b++) {
            if (a == b)
                continue;
            double p = m->prob[a * n + b];
            double e = expected_utility(m, 1.0, p, a, b);
            m->security[b] += e;
            if (pairs) {
                pairs[a * n + b].p_first = p;
                pairs[a * n + b].eu_first = e;
            }
        }
    }
    double lo = m->security[0], hi = m->security[0];
    for (size_t i = 1; i < n; i++) {
        lo = brink_fmin(lo, m->security[i]);
        hi = brink_fmax(hi, m->security[i]);
    }
    double k = m->opt->risk_divisor;
    for (size_t i = 0; i < n; i++) {
        /* Equal exposures (e.g. a symmetric configuration) leave everyone risk-neutral. */
        double ri = hi > lo ? (2.0 * m->security[i] - hi - lo) / (hi - lo) : 0.0;
        if (risk_acceptance)
            risk_acceptance[i] = ri;
        m->r[i] = (1.0 - ri / k) / (1.0 + ri / k);
    }
}

/* The offer j makes to mover i given a = E(U_ij) and b = E(U_ji) (classify): recorded in pairs
 * when wanted, and kept in *best when better_offer prefers it. */
static inline void weigh_offer(const model *m, size_t i, size_t j, double p_ij, double a, double b,
                               brink_eu_pair *pairs, offer *best)
{
    offer o = classify(m, i, j, a, b);
    if (pairs) {
        brink_eu_pair *pr = &pairs[i * m->n + j];
        pr->p = p_ij;
        pr->eu_ij = a;
        pr->eu_ji = b;
        pr->offer = o.type;
        pr->offer_position = o.position;
    }
    if (o.type != BRINK_EU_OFFER_NONE && better_offer(m, i, &o, best))
        *best = o;
}

/* Second pass for mover i in a sequential round: prices every dyad with the round's exponents
 * and returns the best offer (type NONE when there is none). Records the pair values when pairs
 * is not NULL. m->dpow and m->same must describe the current positions (fill_dpow,
 * refresh_dpow); the win probabilities are computed here, since earlier movers may have moved
 * (simultaneous rounds use best_offer_tabled). */
static offer best_offer_for(const model *m, size_t i, double norm, brink_eu_pair *pairs)
{
    size_t n = m->n;
    double ri = m->r[i];
    double u_status_quo = bdm_utility(0.5, ri);
    int own_view = m->opt->perspective == BRINK_EU_VIEW_OWN;
    offer best = {BRINK_EU_OFFER_NONE, 0, NAN, 0.0, 0.0};
    for (size_t j = 0; j < n; j++) {
        if (j == i)
            continue;
        double p_ij, p_ji;
        win_probs(m, norm, i, j, &p_ij, &p_ji);
        /* a target at the position of an earlier target faces the same stakes; at i's own
         * position (d = 0) stakes_for has them at once */
        double u_success, u_failure;
        size_t first = m->same[j];
        if (first != j && first != i) {
            u_success = m->stake_success[first];
            u_failure = m->stake_failure[first];
        } else {
            stakes_for(m, ri, u_status_quo, i, j, &u_success, &u_failure);
        }
        m->stake_success[j] = u_success;
        m->stake_failure[j] = u_failure;
        double a = expected_utility_with(m, ri, p_ij, i, j, u_success, u_failure, u_status_quo);
        double b =
            own_view ? expected_utility(m, m->r[j], p_ji, j, i)
                     : expected_utility_with(m, ri, p_ji, j, i, u_success, u_failure, u_status_quo);
        weigh_offer(m, i, j, p_ij, a, b, pairs, &best);
    }
    return best;
}

/* best_offer_for for a simultaneous round, reading the win probabilities from m->prob and the
 * stakes from the tables (row i, and with the proposer's perspective every row, filled by
 * tabulate_stakes): the same values in the same order, so the same offer. */
static offer best_offer_tabled(const model *m, size_t i, brink_eu_pair *pairs)
{
    size_t n = m->n;
    double ri = m->r[i];
    double u_status_quo = m->u_sq[i];
    int own_view = m->opt->perspective == BRINK_EU_VIEW_OWN;
    offer best = {BRINK_EU_OFFER_NONE, 0, NAN, 0.0, 0.0};
    for (size_t j = 0; j < n; j++) {
        if (j == i)
            continue;
        double p_ij = m->prob[i * n + j], p_ji = m->prob[j * n + i];
        double u_success = m->u_success_tab[i * n + j], u_failure = m->u_failure_tab[i * n + j];
        double a = expected_utility_with(m, ri, p_ij, i, j, u_success, u_failure, u_status_quo);
        /* j's own view: j's stakes across the same distance, priced with r_j (table row j) */
        double b =
            own_view ? expected_utility_with(m, m->r[j], p_ji, j, i, m->u_success_tab[j * n + i],
                                             m->u_failure_tab[j * n + i], m->u_sq[j])
                     : expected_utility_with(m, ri, p_ji, j, i, u_success, u_failure, u_status_quo);
        weigh_offer(m, i, j, p_ij, a, b, pairs, &best);
    }
    return best;
}

/* ---------------------------------------------------------------------------------------------- */
/* Memory layout                                                                                  */
/* ---------------------------------------------------------------------------------------------- */

/* Reserves count elements of size bytes at the next max-aligned offset of a block being laid out;
 * returns the offset. Sets *overflow instead of wrapping. */
static size_t reserve(size_t *total, size_t count, size_t size, int *overflow)
{
    const size_t align = alignof(max_align_t);
    size_t off = *total;
    if (off > SIZE_MAX - (align - 1)) {
        *overflow = 1;
        return 0;
    }
    off = (off + align - 1) / align * align;
    if (size && count > (SIZE_MAX - off) / size) {
        *overflow = 1;
        return 0;
    }
    *total = off + count * size;
    return off;
}

/* ---------------------------------------------------------------------------------------------- */
/* The run                                                                                        */
/* ---------------------------------------------------------------------------------------------- */

/* Checks the actors against the model's domain (see brink_eu_run). */
static int check_actors(const brink_eu_actor *actors, size_t n, const brink_eu_options *opt,
                        brink_error *err)
{
    if (n < 2)
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "expected-utility model: %zu actor%s; expected at least 2", n,
                               n == 1 ? "" : "s");
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        const brink_eu_actor *a = &actors[i];
        const char *name = a->name ? a->name : "";
        const char *open = a->name ? " (" : "", *close = a->name ? ")" : "";
        if (!(isfinite(a->capability) && a->capability >= 0.0))
            return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                                   "actor %zu%s%s%s: capability %g; expected a finite value >= 0",
                                   i + 1, open, name, close, a->capability);
        if (!isfinite(a->position))
            return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                                   "actor %zu%s%s%s: position %g; expected a finite number", i + 1,
                                   open, name, close, a->position);
        double s = a->salience / opt->salience_scale;
        if (!(isfinite(a->salience) && s >= 0.0 && s <= 1.0))
            return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                                   "actor %zu%s%s%s: salience %g; expected a value in [0, %g] "
                                   "(salience_scale)",
                                   i + 1, open, name, close, a->salience, opt->salience_scale);
        total += a->capability * s;
    }
    if (!(isfinite(total) && total > 0.0))
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "expected-utility model: the total capability x salience is %g; "
                               "expected a finite value > 0",
                               total);
    return BRINK_OK;
}

/* Summaries of the positions in row t: median, mean and weighted median. */
static int summarise(brink_eu_result *res, const double *c, const double *s, const double *w,
                     size_t t, brink_error *err)
{
    size_t n = res->n;
    const double *x = &res->position[t * n];
    res->median[t] = condorcet_median(x, w, n);
    if (!res->mean) /* summaries not wanted (brink_eu_run_ws) */
        return BRINK_OK;
    int rc = brink_baseline_weighted_mean(x, c, s, n, &res->mean[t], err);
    if (rc == BRINK_OK)
        rc = brink_baseline_weighted_median(x, c, s, n, &res->weighted_median[t], err);
    return rc;
}

/* Compares row t with every earlier row, most recent first; returns the smallest period whose
 * positions all lie within tol, or 0. */
static int find_cycle(const brink_eu_result *res, size_t t, double tol)
{
    size_t n = res->n;
    const double *now = &res->position[t * n];
    for (size_t back = t; back-- > 0;) {
        const double *then = &res->position[back * n];
        size_t i = 0;
        while (i < n && fabs(now[i] - then[i]) <= tol)
            i++;
        if (i == n)
            return (int)(t - back);
    }
    return 0;
}

/* Where everything lives in a workspace block for up to n actors and cap rounds: the result
 * header first (so that brink_eu_run's result is the block it frees), then the workspace header,
 * the result's arrays and the model's. */
typedef struct eu_layout {
    size_t total, ws, pos, risk, range, median, mean, wmedian, moves, pairs, security, racc;
    size_t vectors, tables, same;
} eu_layout;

struct brink_eu_workspace {
    size_t max_n;
    int max_rounds;
    unsigned char *block; /* the block the workspace was laid out in (starts with the result) */
    eu_layout layout;
};

/* Number of n-vectors of doubles and n x n tables of doubles in a workspace. */
#define EU_VECTORS 11
#define EU_TABLES 4

/* Fills *l for n actors and cap rounds; returns 0 when the sizes overflow. */
static int eu_lay_out(size_t n, size_t cap, eu_layout *l)
{
    int overflow = 0;
    size_t total = 0, rows = 0;
    if (n == 0 || n > SIZE_MAX / (cap + 1) || n > SIZE_MAX / n ||
        n * n > (SIZE_MAX - EU_LANES) / EU_TABLES || n > SIZE_MAX / EU_VECTORS)
        return 0;
    rows = (cap + 1) * n;
    reserve(&total, 1, sizeof(brink_eu_result), &overflow);
    l->ws = reserve(&total, 1, sizeof(brink_eu_workspace), &overflow);
    l->pos = reserve(&total, rows, sizeof(double), &overflow);
    l->risk = reserve(&total, rows, sizeof(double), &overflow);
    l->range = reserve(&total, cap, sizeof(double), &overflow);
    l->median = reserve(&total, cap + 1, sizeof(double), &overflow);
    l->mean = reserve(&total, cap + 1, sizeof(double), &overflow);
    l->wmedian = reserve(&total, cap + 1, sizeof(double), &overflow);
    l->moves = reserve(&total, rows, sizeof(brink_eu_move), &overflow);
    l->pairs = reserve(&total, n * n, sizeof(brink_eu_pair), &overflow);
    l->security = reserve(&total, n, sizeof(double), &overflow);
    l->racc = reserve(&total, n, sizeof(double), &overflow);
    l->vectors = reserve(&total, EU_VECTORS * n, sizeof(double), &overflow);
    /* the tables, then EU_LANES doubles of padding that pass_probs may read past the last */
    l->tables = reserve(&total, EU_TABLES * n * n + EU_LANES, sizeof(double), &overflow);
    l->same = reserve(&total, n, sizeof(size_t), &overflow);
    l->total = total;
    return !overflow;
}

size_t brink_eu_workspace_size(size_t max_n, int max_rounds)
{
    eu_layout l;
    if (max_rounds < 1 || max_rounds > BRINK_EU_MAX_ROUNDS)
        return 0;
    return eu_lay_out(max_n, (size_t)max_rounds, &l) ? l.total : 0;
}

brink_eu_workspace *brink_eu_workspace_init(void *mem, size_t size, size_t max_n, int max_rounds)
{
    eu_layout l;
    if (!mem || (uintptr_t)mem % alignof(max_align_t) != 0 || max_rounds < 1 ||
        max_rounds > BRINK_EU_MAX_ROUNDS || !eu_lay_out(max_n, (size_t)max_rounds, &l) ||
        size < l.total)
        return NULL;
    unsigned char *block = mem;
    brink_eu_workspace *ws = (brink_eu_workspace *)(void *)(block + l.ws);
    ws->max_n = max_n;
    ws->max_rounds = max_rounds;
    ws->block = block;
    ws->layout = l;
    return ws;
}

/* The model on validated input in a workspace big enough for it: fills the result at the start
 * of ws's block and returns BRINK_OK, or an error (BRINK_EINTERNAL). Allocates nothing. */
static int eu_run_in(brink_eu_workspace *ws, const brink_eu_actor *actors, size_t n,
                     const brink_eu_options *opt, unsigned want, double initial_spread,
                     brink_eu_result **out, brink_error *err)
{
    const eu_layout *l = &ws->layout;
    unsigned char *block = ws->block;
    int rc;
    brink_eu_result *res = (brink_eu_result *)(void *)block;
    res->n = n;
    res->rounds = 0;
    res->stop_reason = BRINK_EU_STOPPED_MAX_ROUNDS;
    res->cycle_round = 0;
    res->cycle_period = 0;
    res->nmoves = 0;
    res->position = (double *)(void *)(block + l->pos);
    res->risk_exponent = (double *)(void *)(block + l->risk);
    res->range = (double *)(void *)(block + l->range);
    res->median = (double *)(void *)(block + l->median);
    res->mean = want & BRINK_EU_WANT_SUMMARIES ? (double *)(void *)(block + l->mean) : NULL;
    res->weighted_median =
        want & BRINK_EU_WANT_SUMMARIES ? (double *)(void *)(block + l->wmedian) : NULL;
    res->moves = (brink_eu_move *)(void *)(block + l->moves);
    res->pairs = want & BRINK_EU_WANT_PAIRS ? (brink_eu_pair *)(void *)(block + l->pairs) : NULL;
    res->security = (double *)(void *)(block + l->security);
    res->risk_acceptance = (double *)(void *)(block + l->racc);

    double *vec = (double *)(void *)(block + l->vectors);
    double *capab = vec, *sal = vec + n, *wt = vec + 2 * n;
    model m = {0};
    m.opt = opt;
    m.n = n;
    m.s = sal;
    m.w = wt;
    m.x = vec + 3 * n;
    m.next = vec + 4 * n;
    m.r = vec + 5 * n;
    m.ones = vec + 6 * n;
    m.security = vec + 7 * n;
    m.stake_success = vec + 8 * n;
    m.stake_failure = vec + 9 * n;
    m.u_sq = vec + 10 * n;
    /* dpow last, so that the padding (zeroed here) follows it */
    m.prob = (double *)(void *)(block + l->tables);
    m.u_success_tab = m.prob + n * n;
    m.u_failure_tab = m.u_success_tab + n * n;
    m.dpow = m.u_failure_tab + n * n;
    for (size_t k = 0; k < EU_LANES; k++)
        m.dpow[n * n + k] = 0.0;
    m.same = (size_t *)(void *)(block + l->same);
    for (size_t i = 0; i < n; i++) {
        capab[i] = actors[i].capability;
        sal[i] = actors[i].salience / opt->salience_scale;
        wt[i] = capab[i] * sal[i];
        m.x[i] = actors[i].position;
        m.ones[i] = 1.0;
        m.r[i] = 1.0;
        res->position[i] = m.x[i];
    }
    if (res->pairs) {
        memset(res->pairs, 0, n * n * sizeof(brink_eu_pair));
        for (size_t k = 0; k < n * n; k++)
            res->pairs[k].offer_position = NAN;
    }
    if ((rc = summarise(res, capab, sal, wt, 0, err)) != BRINK_OK)
        return rc;

    /* The round loop: no allocation from here on. */
    int stable = 0;
    for (int round = 1; round <= opt->max_rounds; round++) {
        size_t t = (size_t)round;
        int first = round == 1;
        brink_eu_pair *pairs = first ? res->pairs : NULL;
        double *r_row = &res->risk_exponent[(t - 1) * n];
        m.median = res->median[t - 1];
        switch (opt->range) {
        case BRINK_EU_RANGE_INITIAL:
            m.range = initial_spread;
            break;
        case BRINK_EU_RANGE_PER_ROUND:
            m.range = spread_of(m.x, n);
            break;
        case BRINK_EU_RANGE_SCALE:
            m.range = opt->scale_range;
            break;
        }
        res->range[t - 1] = m.range;

        if (m.range > 0.0) {
            risk_exponents(&m, first ? res->risk_acceptance : NULL, pairs);
            if (first)
                memcpy(res->security, m.security, n * sizeof(double));
            const double *rv = opt->votes == BRINK_EU_VOTES_RISK_WEIGHTED ? m.r : m.ones;
            int global = opt->prob_norm == BRINK_EU_PROB_GLOBAL;
            double norm = 0.0;
            if (opt->simultaneous) {
                norm = fill_dpow_norm(&m, rv);
                pass_probs(&m, norm);
                if (opt->perspective == BRINK_EU_VIEW_OWN)
                    for (size_t i = 0; i < n; i++)
                        tabulate_stakes(&m, i);
            } else {
                fill_dpow(&m, rv);
                norm = global ? global_norm(&m) : 0.0;
            }
            memcpy(m.next, m.x, n * sizeof(double));
            for (size_t i = 0; i < n; i++) {
                offer o;
                if (!opt->simultaneous) {
                    o = best_offer_for(&m, i, norm, pairs);
                } else if (!pairs && no_offer_possible(&m, i)) {
                    continue; /* nothing to price: no offer, no pair values wanted */
                } else {
                    if (opt->perspective != BRINK_EU_VIEW_OWN)
                        tabulate_stakes(&m, i);
                    o = best_offer_tabled(&m, i, pairs);
                }
                if (o.type == BRINK_EU_OFFER_NONE)
                    continue;
                brink_eu_move *mv = &res->moves[res->nmoves++];
                mv->round = round;
                mv->mover = i;
                mv->proposer = o.proposer;
                mv->type = o.type;
                mv->eu_mover = o.eu_ij;
                mv->eu_proposer = o.eu_ji;
                mv->position_before = m.x[i];
                mv->position_after = o.position;
                if (opt->simultaneous) {
                    m.next[i] = o.position;
                } else {
                    /* Later movers see this move; the normaliser follows the positions. */
                    m.x[i] = o.position;
                    refresh_dpow(&m, rv, i);
                    if (global)
                        norm = global_norm(&m);
                }
            }
            if (opt->simultaneous)
                memcpy(m.x, m.next, n * sizeof(double));
        } else {
            /* Everyone at one point: nothing to bargain over. */
            for (size_t i = 0; i < n; i++)
                m.r[i] = 1.0;
            if (first)
                for (size_t i = 0; i < n; i++) {
                    res->security[i] = 0.0;
                    res->risk_acceptance[i] = 0.0;
                }
        }
        memcpy(r_row, m.r, n * sizeof(double));
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(m.x[i]))
                return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                                       "expected-utility model: round %d: actor %zu's position "
                                       "is not finite",
                                       round, i + 1);
            res->position[t * n + i] = m.x[i];
        }
        res->rounds = round;
        if ((rc = summarise(res, capab, sal, wt, t, err)) != BRINK_OK)
            return rc;

        int period = opt->detect_cycles ? find_cycle(res, t, opt->cycle_tolerance) : 0;
        if (period > 0 && res->cycle_round == 0) {
            res->cycle_round = round;
            res->cycle_period = period;
        }
        if (opt->stop == BRINK_EU_STOP_MEDIAN_TOLERANCE) {
            if (fabs(res->median[t] - res->median[t - 1]) < opt->median_tolerance)
                stable++;
            else
                stable = 0;
            if (stable >= opt->stable_rounds) {
                res->stop_reason = BRINK_EU_STOPPED_MEDIAN_STABLE;
                break;
            }
            if (period > 0) {
                res->stop_reason = BRINK_EU_STOPPED_CYCLE;
                break;
            }
        }
    }
    *out = res;
    return BRINK_OK;
}

/* Checks the arguments common to brink_eu_run and brink_eu_run_ws and writes the initial spread
 * of the positions to *spread. */
static int eu_check(const brink_eu_actor *actors, size_t n, const brink_eu_options *opt,
                    double *spread, brink_error *err)
{
    int rc;
    if (!actors)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "brink_eu_run: actors must not be NULL");
    if ((rc = brink_eu_options_check(opt, err)) != BRINK_OK)
        return rc;
    if ((rc = check_actors(actors, n, opt, err)) != BRINK_OK)
        return rc;
    double lo = actors[0].position, hi = actors[0].position;
    for (size_t i = 1; i < n; i++) {
        lo = brink_fmin(lo, actors[i].position);
        hi = brink_fmax(hi, actors[i].position);
    }
    double initial_spread = hi - lo;
    if (!isfinite(initial_spread))
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "expected-utility model: the spread of the positions overflows");
    if (opt->range == BRINK_EU_RANGE_SCALE && opt->scale_range < initial_spread)
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "expected-utility option scale_range = %.17g is smaller than the "
                               "spread of the positions %.17g; expected scale_range >= spread",
                               opt->scale_range, initial_spread);
    *spread = initial_spread;
    return BRINK_OK;
}

int brink_eu_run(const brink_eu_actor *actors, size_t n, const brink_eu_options *opt,
                 brink_eu_result **out, brink_error *err)
{
    brink_eu_options preset = brink_eu_options_scholz_code();
    double spread = 0.0;
    int rc;

    if (!out)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0, "brink_eu_run: out must not be NULL");
    *out = NULL;
    if (!opt)
        opt = &preset;
    if ((rc = eu_check(actors, n, opt, &spread, err)) != BRINK_OK)
        return rc;

    /* One block: the result, sized for max_rounds, and the workspace behind it. */
    size_t total = brink_eu_workspace_size(n, opt->max_rounds);
    if (total == 0)
        return brink_error_set(err, BRINK_ERANGE, NULL, 0, 0,
                               "expected-utility model: %zu actors x %d rounds is too large to "
                               "allocate",
                               n, opt->max_rounds);
    unsigned char *block = brink_calloc(1, total);
    if (!block)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0,
                               "expected-utility model: out of memory for the result (%zu bytes)",
                               total);
    brink_eu_workspace *ws = brink_eu_workspace_init(block, total, n, opt->max_rounds);
    brink_eu_result *res = NULL;
    rc = ws ? eu_run_in(ws, actors, n, opt, BRINK_EU_WANT_ALL, spread, &res, err)
            : brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                              "expected-utility model: workspace layout failed");
    if (rc != BRINK_OK) {
        brink_free(block);
        return rc;
    }
    *out = res;
    return BRINK_OK;
}

int brink_eu_run_ws(brink_eu_workspace *ws, const brink_eu_actor *actors, size_t n,
                    const brink_eu_options *opt, unsigned want, const brink_eu_result **out,
                    brink_error *err)
{
    brink_eu_options preset = brink_eu_options_scholz_code();
    double spread = 0.0;
    int rc;

    if (!out)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "brink_eu_run_ws: out must not be NULL");
    *out = NULL;
    if (!ws)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "brink_eu_run_ws: workspace must not be NULL");
    if (!opt)
        opt = &preset;
    if ((rc = eu_check(actors, n, opt, &spread, err)) != BRINK_OK)
        return rc;
    if (n > ws->max_n || opt->max_rounds > ws->max_rounds)
        return brink_error_set(err, BRINK_ERANGE, NULL, 0, 0,
                               "expected-utility model: %zu actors x %d rounds exceed the "
                               "workspace (%zu actors x %d rounds)",
                               n, opt->max_rounds, ws->max_n, ws->max_rounds);
    brink_eu_result *res = NULL;
    rc = eu_run_in(ws, actors, n, opt, want, spread, &res, err);
    if (rc == BRINK_OK)
        *out = res;
    return rc;
}

void brink_eu_result_free(brink_eu_result *res)
{
    brink_free(res);
}
