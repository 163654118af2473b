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
#include "core/vmath.h"

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
    if (o->fast_math != 0 && o->fast_math != 1)
        return bad_option(err, "fast_math", (double)o->fast_math, "0 or 1");
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
    /* fast_math only (see "The fast path"): */
    int fast;
    size_t *order; /* [2n] actors by position, then each actor's rank in that order */
    /* lean rounds (lean_prices): the pairs that might carry an offer, mover by mover: pair c is
     * mover cand_i[c] and proposer cand_j[c] ([n*n] each), mover i's are c in
     * [cand_start[i], cand_start[i + 1]) ([n + 1]); their stakes in u_success_tab[c] and
     * u_failure_tab[c] */
    size_t *cand_i, *cand_j, *cand_start;
    /* [n*n + EU_LANES] split logarithms (brink_v_log_split) of the bases of every pair,
     * symmetric: dist_* of |x_a - x_b| / R, succ_* of 1/2 - d/2 and fail_* of 1/2 + d/2 */
    double *dist_e, *dist_lm, *succ_e, *succ_lm, *fail_e, *fail_lm;
    double *dist;     /* [n*n + EU_LANES] |x_a - x_b| / R at the start of the round (fill_dist) */
    double *wdpow;    /* [n*n + EU_LANES] w_k dpow[k*n + a] (pass_probs_fast); padding zero */
    double *half_pow; /* [n] 0.5^r_i of the round's exponents */
    double *flat;     /* [3 (n*n + EU_LANES)] scratch: pass_probs_fast's prefix sums */
    int dist_split;   /* 1: dist_* hold this round's split logarithms (fill_dpow_fast) */
} model;

/* d^r for a normalised distance d in [0, 1] (r = 1 kept exact); with fast_math,
 * brink_fast_pow instead of pow. d is never -0 (it is a quotient of fabs() or the 0.0 of
 * bdm_utility's clamp), and r > 0 always (eq. 34 with k > 1), so the two shortcuts return exactly
 * what pow would (C11 F.10.4.4: pow(+0, y) = +0 for y > 0, pow(+1, y) = 1); they save the call
 * where actors share a position or span the range. */
static double power(const model *m, double d, double r)
{
    if (r == 1.0)
        return d;
    if (d == 0.0 && r > 0.0)
        return 0.0;
    if (d == 1.0)
        return 1.0;
    return m->fast ? brink_fast_pow(d, r) : pow(d, r); /* fast: <= 4 ulp (core/vmath.h) */
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
                                            : power(m, fabs(m->x[k] - m->x[a]) / m->range, rv[k]);
        }
}

/* Refreshes m->same, and row i and column i of m->dpow, after actor i moved (sequential
 * updating). */
static void refresh_dpow(const model *m, const double *rv, size_t i)
{
    size_t n = m->n;
    find_same(m);
    for (size_t a = 0; a < n; a++) {
        m->dpow[i * n + a] = power(m, fabs(m->x[i] - m->x[a]) / m->range, rv[i]);
        m->dpow[a * n + i] = power(m, fabs(m->x[a] - m->x[i]) / m->range, rv[a]);
    }
}

static double global_norm_fast(const model *m);

/* The global normaliser: sum over voters k and ordered pairs (a, b) of |votes of k for x_a over
 * x_b|, with the pass's powered distances. O(n^3) additions, in the order k, a, b (with
 * fast_math: global_norm_fast). */
static double global_norm(const model *m)
{
    if (m->fast)
        return global_norm_fast(m);
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
static double bdm_utility(const model *m, double base, double r)
{
    return 2.0 - 4.0 * power(m, base > 0.0 ? base : 0.0, r);
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
        double u_better = bdm_utility(m, 0.5 - drift, rv);
        double u_worse = bdm_utility(m, 0.5 + drift, rv);
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
    *u_success = bdm_utility(m, 0.5 - 0.5 * d, rv);
    *u_failure = bdm_utility(m, 0.5 + 0.5 * d, rv);
}

/* E(U_ij) priced with rv, computing its own utilities. */
static double expected_utility(const model *m, double rv, double p, size_t i, size_t j)
{
    double u_success, u_failure, u_status_quo = bdm_utility(m, 0.5, rv);
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

/* ---------------------------------------------------------------------------------------------- */
/* The fast path (options.fast_math)                                                              */
/* ---------------------------------------------------------------------------------------------- */

/* Why: a simulation that runs one round of the model every step spends most of it in pow (n^2
 * powered distances and 2 n^2 powered stakes a round) and in the O(n^3) chains of the global
 * normaliser and the win probabilities. The fast path computes the same quantities with other
 * roundings: powers from core/vmath.h's kernels, four at a time, each base's logarithm once for
 * both orders of a pair (|x_a - x_b| and 1/2 -+ |x_a - x_b|/2 are symmetric); the normaliser
 * from sorted rows in O(n^2); the win probabilities (GLOBAL) from prefix sums in O(n^2). It
 * serves simultaneous rounds (sequential rounds use it for the first pass, then only swap pow for
 * brink_fast_pow and the normaliser for global_norm_fast). Every function here gives the same
 * bits in its AVX2 and baseline clones (lane arithmetic only, no contraction). */

/* m->dist: the normalised distance |x_a - x_b| / R of every pair at the round's starting
 * positions, once per unordered pair (fabs makes both orders the same double); every vectorised
 * step of the fast path reads it instead of dividing again. */
static void fill_dist(const model *m)
{
    size_t n = m->n;
    double range = m->range;
    /* the upper triangle row by row (contiguous, so the compiler vectorises it), then mirrored */
    for (size_t a = 0; a < n; a++) {
        double xa = m->x[a];
        double *row = &m->dist[a * n];
        row[a] = 0.0;
        for (size_t b = a + 1; b < n; b++)
            row[b] = fabs(xa - m->x[b]) / range;
    }
    for (size_t a = 1; a < n; a++)
        for (size_t b = 0; b < a; b++)
            m->dist[a * n + b] = m->dist[b * n + a];
}

#if defined(BRINK_VMATH_VECTORS)

/* Helpers take vectors by pointer, never by value, and are always inlined (see core/vmath.h:
 * clang rejects by-value 32-byte vectors in calls from the baseline clone, and an out-of-line
 * copy would be called with another ABI from the AVX2 clone). */
#define EU_VINLINE static inline __attribute__((always_inline))

/* *v = count doubles from src (all four when count >= EU_LANES), the other lanes fill: a partial
 * block without reading past an array. */
EU_VINLINE void load_lanes(brink_vd4 *v, const double *src, size_t count, double fill)
{
    if (count >= EU_LANES) {
        brink_vd4_load(v, src);
        return;
    }
    *v = BRINK_VD4_SPLAT(fill);
    for (size_t l = 0; l < count; l++)
        (*v)[l] = src[l];
}

/* Stores the first count lanes of *v at dst (all when count >= EU_LANES). */
EU_VINLINE void store_lanes(double *dst, const brink_vd4 *v, size_t count)
{
    if (count >= EU_LANES) {
        brink_vd4_store(dst, v);
        return;
    }
    for (size_t l = 0; l < count; l++)
        dst[l] = (*v)[l];
}

/* Stores lane l < count of (*ve, *vlm) at column a of rows b..b+count-1 (the transposed half of
 * a symmetric table). */
EU_VINLINE void scatter_column(double *e, double *lm, size_t n, size_t b, size_t a,
                               const brink_vd4 *ve, const brink_vd4 *vlm, size_t count)
{
    for (size_t l = 0; l < EU_LANES && l < count; l++) {
        e[(b + l) * n + a] = (*ve)[l];
        lm[(b + l) * n + a] = (*vlm)[l];
    }
}

/* The split logarithms of the bases of every unordered pair {a, b} into the symmetric tables
 * (diagonal 0): with SPLIT_DIST the distance d = |x_a - x_b| / R (dist_*), with SPLIT_STAKES the
 * success base 1/2 - d/2 (succ_*) and the failure base 1/2 + d/2 (fail_*), d from m->dist. Row
 * a's pairs with b > a four at a time, stored in row a and scattered to column a. A base <= 0 (a
 * zero distance, or the success base at d = 1) is split as 1: its powers come from the
 * shortcuts. */
#define SPLIT_DIST 1
#define SPLIT_STAKES 2
EU_HOT_CLONES static void split_pairs(const model *m, int what)
{
    size_t n = m->n;
    const brink_vd4 half = BRINK_VD4_SPLAT(0.5);
    const brink_vd4 zero = BRINK_VD4_SPLAT(0.0), one = BRINK_VD4_SPLAT(1.0);
    for (size_t a = 0; a < n; a++) {
        size_t aa = a * n + a;
        m->dist_e[aa] = m->dist_lm[aa] = m->succ_e[aa] = m->succ_lm[aa] = 0.0;
        m->fail_e[aa] = m->fail_lm[aa] = 0.0;
        for (size_t b = a + 1; b < n; b += EU_LANES) {
            size_t count = n - b;
            brink_vd4 d, ve, vlm;
            /* a whole vector: past row a it reads the next row or the zeroed padding (eu_run_in),
             * lanes computed and dropped */
            brink_vd4_load(&d, &m->dist[a * n + b]);
            if (what & SPLIT_DIST) {
                brink_vd4 base = BRINK_VD4_SELECT(d > zero, d, one);
                brink_v_log_split(&base, &ve, &vlm);
                store_lanes(&m->dist_e[a * n + b], &ve, count);
                store_lanes(&m->dist_lm[a * n + b], &vlm, count);
                scatter_column(m->dist_e, m->dist_lm, n, b, a, &ve, &vlm, count);
            }
            if (what & SPLIT_STAKES) {
                brink_vd4 bs = half - half * d, bf = half + half * d;
                bs = BRINK_VD4_SELECT(bs > zero, bs, one);
                brink_v_log_split(&bs, &ve, &vlm);
                store_lanes(&m->succ_e[a * n + b], &ve, count);
                store_lanes(&m->succ_lm[a * n + b], &vlm, count);
                scatter_column(m->succ_e, m->succ_lm, n, b, a, &ve, &vlm, count);
                brink_v_log_split(&bf, &ve, &vlm); /* bf >= 1/2 */
                store_lanes(&m->fail_e[a * n + b], &ve, count);
                store_lanes(&m->fail_lm[a * n + b], &vlm, count);
                scatter_column(m->fail_e, m->fail_lm, n, b, a, &ve, &vlm, count);
            }
        }
    }
}

/* *out = 2 - 4 base^r for four bases, their split logarithms (e, lm) and r: bdm_utility with
 * the fast power (the same shortcuts: a base <= 0 gives 2, a base of 1 gives -2, r = 1 gives
 * 2 - 4 base). */
EU_VINLINE void utility4(brink_vd4 *out, const brink_vd4 *base, const brink_vd4 *e,
                         const brink_vd4 *lm, const brink_vd4 *r)
{
    const brink_vd4 zero = BRINK_VD4_SPLAT(0.0);
    brink_vd4 b = BRINK_VD4_SELECT(*base > zero, *base, zero), p;
    brink_v_pow_split_base(&p, &b, e, lm, r);
    *out = BRINK_VD4_SPLAT(2.0) - BRINK_VD4_SPLAT(4.0) * p;
}

/* fill_dpow for the fast path: row k of m->dpow is (|x_k - x_a| / R)^rv_k, rows with rv_k = 1
 * exactly d (m->dist, filled at the start of the round); the others from the distances' split
 * logarithms, computed once per unordered pair (only when some exponent is not 1: the first pass
 * has none) unless split_all did it already. */
EU_HOT_CLONES static void fill_dpow_fast(const model *m, const double *rv)
{
    size_t n = m->n;
    int powers = 0;
    for (size_t k = 0; k < n; k++)
        powers |= rv[k] != 1.0;
    if (powers && !m->dist_split)
        split_pairs(m, SPLIT_DIST);
    for (size_t k = 0; k < n; k++) {
        double *row = &m->dpow[k * n];
        double rk = rv[k];
        if (rk == 1.0) {
            memcpy(row, &m->dist[k * n], n * sizeof(double));
            continue;
        }
        const brink_vd4 vr = BRINK_VD4_SPLAT(rk);
        for (size_t a = 0; a < n; a += EU_LANES) {
            size_t count = n - a;
            brink_vd4 d, e, lm, v;
            /* whole vectors: past the row end they read the next row or the zeroed padding
             * (eu_run_in), lanes whose powers are computed and dropped */
            brink_vd4_load(&d, &m->dist[k * n + a]);
            brink_vd4_load(&e, &m->dist_e[k * n + a]);
            brink_vd4_load(&lm, &m->dist_lm[k * n + a]);
            brink_v_pow_split_base(&v, &d, &e, &lm, &vr);
            store_lanes(&row[a], &v, count);
        }
    }
}

/* m->order: the actors by position (stable insertion sort: n is small), then their ranks. Run
 * whenever the positions change (eu_run_in: at the start of a round and after each sequential
 * move); global_norm_fast and pass_probs_fast read it. */
static void sort_positions(const model *m)
{
    size_t n = m->n;
    size_t *ord = m->order, *rank = m->order + n;
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        while (j > 0 && m->x[ord[j - 1]] > m->x[i]) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = i;
    }
    for (size_t i = 0; i < n; i++)
        rank[ord[i]] = i;
}

/* The global normaliser in O(n^2): with w_k >= 0, voter k's share is
 * w_k sum_{a,b} |row_b - row_a| = 2 w_k sum_i (2i - n + 1) s_i over the row sorted ascending
 * (s_0 <= s_1 <= ...). Powers are increasing in the distance, so row k sorted is row k read
 * outward from k along the positions' order: merging the actors below and above x_k sorts it in
 * O(n). (Rounding could leave two nearly equal powers out of order; the sum then changes by
 * their difference, a few ulp.) */
static double global_norm_fast(const model *m)
{
    size_t n = m->n;
    const size_t *ord = m->order, *rank = m->order + n;
    double total = 0.0, n1 = (double)n - 1.0;
    for (size_t k = 0; k < n; k++) {
        const double *row = &m->dpow[k * n];
        size_t lo = rank[k], hi = rank[k] + 1; /* next below: lo - 1; next above: hi */
        double sum = -n1 * row[k], c = -n1;
        while (lo > 0 || hi < n) {
            double below = lo > 0 ? row[ord[lo - 1]] : INFINITY;
            double above = hi < n ? row[ord[hi]] : INFINITY;
            double v;
            if (below <= above) {
                v = below;
                lo--;
            } else {
                v = above;
                hi++;
            }
            c += 2.0;
            sum += c * v;
        }
        total += m->w[k] * (2.0 * sum);
    }
    return total;
}

/* pass_probs for the fast path, with W_ka = w_k dpow[k*n + a].
 *
 * GLOBAL normalisation, in O(n^2): k votes for x_i over x_j, W_kj - W_ki > 0, exactly when k is
 * nearer to x_i (powers increase with the distance), and for x_i < x_j the voters nearer to x_i
 * are a prefix of the actors sorted by position. With prefix sums PW[t][a] of W_ka over the first
 * t sorted voters and column sums C_a = PW[n][a], and t the number of voters nearer to x_i,
 *   num_ij = PW[t][j] - PW[t][i],   num_ji = (C_i - PW[t][i]) - (C_j - PW[t][j])
 * (equidistant voters vote 0 either way). For each i the prefix grows with x_j, so t is found by
 * a pointer that only moves forward. The differences of sums cost an absolute error of a few ulp
 * of C, harmless over the global normaliser (of order n C), and near-ties of distances that
 * rounding misplaces have votes of that size too.
 *
 * PER_PAIR normalisation divides by the pair's own votes, which vanish as the two positions meet,
 * so that error would not be harmless: the votes are summed term by term there, both directions,
 * four targets at a time. */
EU_HOT_CLONES static void pass_probs_fast(const model *m, double norm)
{
    size_t n = m->n;
    int global = m->opt->prob_norm == BRINK_EU_PROB_GLOBAL;
    for (size_t i = 0; i < n; i++)
        m->prob[i * n + i] = 0.0;
    if (global) {
        double *pw = m->flat; /* (n + 1) x n: PW[t][a] at pw[t*n + a] */
        const size_t *ord = m->order;
        for (size_t a = 0; a < n; a++)
            pw[a] = 0.0;
        for (size_t t = 0; t < n; t++) {
            size_t k = ord[t];
            double wk = m->w[k];
            for (size_t a = 0; a < n; a++)
                pw[(t + 1) * n + a] = pw[t * n + a] + wk * m->dpow[k * n + a];
        }
        const double *col = &pw[n * n];
        for (size_t si = 0; si < n; si++) {
            size_t i = ord[si], t = si + 1;
            double xi = m->x[i];
            for (size_t sj = si + 1; sj < n; sj++) {
                size_t j = ord[sj];
                double xj = m->x[j], p_ij = 0.0, p_ji = 0.0;
                if (xi != xj && norm > 0.0) {
                    while (t < n && fabs(m->x[ord[t]] - xi) < fabs(m->x[ord[t]] - xj))
                        t++;
                    double num_ij = pw[t * n + j] - pw[t * n + i];
                    double num_ji = (col[i] - pw[t * n + i]) - (col[j] - pw[t * n + j]);
                    p_ij = num_ij > 0.0 ? num_ij : 0.0;
                    p_ji = num_ji > 0.0 ? num_ji : 0.0;
                }
                m->prob[i * n + j] = p_ij; /* divided by norm below */
                m->prob[j * n + i] = p_ji;
            }
        }
        /* the divisions by the normaliser in one vectorisable sweep (lane by lane the same
         * quotients; the zeros stay +0) */
        if (norm > 0.0)
            for (size_t k = 0; k < n * n; k++)
                m->prob[k] = m->prob[k] / norm;
        return;
    }
    for (size_t k = 0; k < n; k++)
        for (size_t a = 0; a < n; a++)
            m->wdpow[k * n + a] = m->w[k] * m->dpow[k * n + a];
    const brink_vd4 zero = BRINK_VD4_SPLAT(0.0);
    for (size_t i = 0; i < n; i++) {
        for (size_t j0 = i + 1; j0 < n; j0 += EU_LANES) {
            brink_vd4 num = zero, rev = zero;
            /* the last block may run into row k + 1 or the zeroed padding: lanes dropped */
            for (size_t k = 0; k < n; k++) {
                brink_vd4 v;
                brink_vd4_load(&v, &m->wdpow[k * n + j0]);
                v -= BRINK_VD4_SPLAT(m->wdpow[k * n + i]);
                num += BRINK_VD4_SELECT(v > zero, v, zero);
                rev -= BRINK_VD4_SELECT(v < zero, v, zero);
            }
            for (size_t l = 0; l < EU_LANES && j0 + l < n; l++) {
                size_t j = j0 + l;
                double num_ij = num[l], num_ji = rev[l], den = num_ij + num_ji;
                double p_ij = 0.0, p_ji = 0.0;
                if (m->x[i] != m->x[j] && den > 0.0) {
                    p_ij = num_ij / den;
                    p_ji = num_ji / den;
                }
                m->prob[i * n + j] = p_ij;
                m->prob[j * n + i] = p_ji;
            }
        }
    }
}

/* tabulate_stakes for the fast path: row i of the stake tables from the stakes' split logarithms
 * (split_stakes must have run this round). */
EU_HOT_CLONES static void tabulate_stakes_fast(const model *m, size_t i)
{
    size_t n = m->n;
    double ri = m->r[i];
    double u_status_quo = 2.0 - 4.0 * m->half_pow[i];
    m->u_sq[i] = u_status_quo;
    const brink_vd4 vr = BRINK_VD4_SPLAT(ri), half = BRINK_VD4_SPLAT(0.5);
    const brink_vd4 zero = BRINK_VD4_SPLAT(0.0), usq = BRINK_VD4_SPLAT(u_status_quo);
    const double *se = &m->succ_e[i * n], *slm = &m->succ_lm[i * n];
    const double *fe = &m->fail_e[i * n], *flm = &m->fail_lm[i * n];
    for (size_t j = 0; j < n; j += EU_LANES) {
        size_t count = n - j;
        brink_vd4 d, e1, l1, e2, l2, us, uf;
        load_lanes(&d, &m->dist[i * n + j], count, 0.0);
        load_lanes(&e1, &se[j], count, 0.0);
        load_lanes(&l1, &slm[j], count, 0.0);
        load_lanes(&e2, &fe[j], count, 0.0);
        load_lanes(&l2, &flm[j], count, 0.0);
        brink_vd4 bs = half - half * d, bf = half + half * d;
        utility4(&us, &bs, &e1, &l1, &vr);
        utility4(&uf, &bf, &e2, &l2, &vr);
        /* at d = 0 both stakes are U_sq (stakes_for) */
        us = BRINK_VD4_SELECT(d == zero, usq, us);
        uf = BRINK_VD4_SELECT(d == zero, usq, uf);
        store_lanes(&m->u_success_tab[i * n + j], &us, count);
        store_lanes(&m->u_failure_tab[i * n + j], &uf, count);
    }
}

/* m->half_pow[i] = 0.5^r_i for the round's exponents, four at a time (the bits of
 * brink_fast_pow): U_sq = 2 - 4 half_pow[i], and no_offer_possible's bound. */
EU_HOT_CLONES static void fill_half_pow(const model *m)
{
    size_t n = m->n;
    for (size_t i = 0; i < n; i += EU_LANES) {
        size_t count = n - i;
        brink_vd4 r, v, half = BRINK_VD4_SPLAT(0.5);
        load_lanes(&r, &m->r[i], count, 1.0);
        brink_v_pow(&v, &half, &r);
        store_lanes(&m->half_pow[i], &v, count);
    }
}

/* U_s and U_f of the candidate pairs c in [0, nc) (lean_prices), each priced with its mover's
 * exponent, into m->u_success_tab[c] and m->u_failure_tab[c]: tabulate_stakes_fast's values for
 * those pairs alone, four pairs at a time whoever the movers. The logarithms of the bases are
 * taken here, per lane, instead of once per unordered pair by split_stakes (a pair rarely carries
 * an offer both ways, see lean_prices): brink_v_pow_split_base on the split of the same base (the
 * success base split as 1 where it is <= 0) gives the same bits in any lane, and U_sq is
 * tabulate_stakes_fast's 2 - 4 half_pow[i]. */
EU_HOT_CLONES static void lean_stakes(const model *m, size_t nc)
{
    size_t n = m->n;
    const brink_vd4 half = BRINK_VD4_SPLAT(0.5), two = BRINK_VD4_SPLAT(2.0);
    const brink_vd4 zero = BRINK_VD4_SPLAT(0.0), one = BRINK_VD4_SPLAT(1.0);
    const brink_vd4 four = BRINK_VD4_SPLAT(4.0);
    for (size_t c = 0; c < nc; c += EU_LANES) {
        size_t count = nc - c;
        brink_vd4 d = zero, r = one, hp = half, e, lm, us, uf;
        for (size_t l = 0; l < EU_LANES && l < count; l++) {
            size_t i = m->cand_i[c + l];
            d[l] = m->dist[i * n + m->cand_j[c + l]];
            r[l] = m->r[i];
            hp[l] = m->half_pow[i];
        }
        brink_vd4 usq = two - four * hp;
        brink_vd4 bs = half - half * d, bf = half + half * d;
        brink_vd4 bs_split = BRINK_VD4_SELECT(bs > zero, bs, one);
        brink_v_log_split(&bs_split, &e, &lm);
        utility4(&us, &bs, &e, &lm, &r);
        brink_v_log_split(&bf, &e, &lm); /* bf >= 1/2 */
        utility4(&uf, &bf, &e, &lm, &r);
        us = BRINK_VD4_SELECT(d == zero, usq, us);
        uf = BRINK_VD4_SELECT(d == zero, usq, uf);
        store_lanes(&m->u_success_tab[c], &us, count);
        store_lanes(&m->u_failure_tab[c], &uf, count);
    }
}

/* The first pass's expected utilities with Q = 1 (risk_exponents): every r = 1, so U_s =
 * 2 - 4 (1/2 - d/2), U_f = 2 - 4 (1/2 + d/2) and U_sq = 0, the values stakes_for's shortcuts give,
 * and E(U_ab) = s_b [P_ab U_s + (1 - P_ab) U_f] + (1 - s_b) U_s - U_sq, for four targets b at a
 * time; S_b accumulates over challengers a in index order, as in risk_exponents. The same
 * arithmetic, so the same bits as the scalar loop; pair values stored when pairs is not NULL. */
EU_HOT_CLONES static void first_pass_fast(const model *m, brink_eu_pair *pairs)
{
    size_t n = m->n;
    const brink_vd4 half = BRINK_VD4_SPLAT(0.5);
    const brink_vd4 zero = BRINK_VD4_SPLAT(0.0), one = BRINK_VD4_SPLAT(1.0);
    const brink_vd4 two = BRINK_VD4_SPLAT(2.0), four = BRINK_VD4_SPLAT(4.0);
    const brink_vd4 usq = two - four * half;
    for (size_t b = 0; b < n; b++)
        m->security[b] = 0.0;
    for (size_t a = 0; a < n; a++) {
        for (size_t b = 0; b < n; b += EU_LANES) {
            size_t count = n - b;
            brink_vd4 d, sb, p;
            /* whole vectors where the memory allows (dist's padding, s followed by w); the
             * lanes past count are dropped */
            brink_vd4_load(&d, &m->dist[a * n + b]);
            brink_vd4_load(&sb, &m->s[b]);
            load_lanes(&p, &m->prob[a * n + b], count, 0.0);
            brink_vd4 bs = half - half * d, bf = half + half * d;
            brink_vd4 us = two - four * BRINK_VD4_SELECT(bs > zero, bs, zero);
            brink_vd4 uf = two - four * BRINK_VD4_SELECT(bf > zero, bf, zero);
            us = BRINK_VD4_SELECT(d == zero, usq, us);
            uf = BRINK_VD4_SELECT(d == zero, usq, uf);
            brink_vd4 e = sb * (p * us + (one - p) * uf) + (one - sb) * us - one * usq;
            for (size_t l = 0; l < EU_LANES && l < count; l++) {
                if (b + l == a)
                    continue;
                m->security[b + l] += e[l];
                if (pairs) {
                    pairs[a * n + b + l].p_first = p[l];
                    pairs[a * n + b + l].eu_first = e[l];
                }
            }
        }
    }
}

/* The stakes' split logarithms of every pair at the current positions (once a round, before the
 * first tabulate_stakes_fast). */
static void split_stakes(const model *m)
{
    split_pairs(m, SPLIT_STAKES);
}

/* Both kinds of split logarithms in one sweep, before the second pass of a simultaneous round
 * with risk-weighted votes (the usual case: some mover is priced, and the votes need powers). */
static void split_all(const model *m)
{
    split_pairs(m, SPLIT_DIST | SPLIT_STAKES);
}

#else /* no GNU C vectors: the fast path is the exact one, with brink_fast_pow (libm) */

static void fill_dpow_fast(const model *m, const double *rv)
{
    fill_dpow(m, rv);
}

static double global_norm_fast(const model *m)
{
    size_t n = m->n;
    double total = 0.0;
    for (size_t k = 0; k < n; k++)
        for (size_t a = 0; a < n; a++)
            for (size_t b = 0; b < n; b++)
                total += fabs(m->w[k] * (m->dpow[k * n + b] - m->dpow[k * n + a]));
    return total;
}

static void split_stakes(const model *m)
{
    (void)m;
}

static void split_all(const model *m)
{
    (void)m;
}

static void fill_half_pow(const model *m)
{
    for (size_t i = 0; i < m->n; i++)
        m->half_pow[i] = brink_fast_pow(0.5, m->r[i]);
}

#endif

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
    if (m->fast) {
        fill_dpow_fast(m, rv);
        return global ? global_norm_fast(m) : 0.0;
    }
    find_same(m);
    for (size_t a = 0; a < n; a++) { /* row 0 */
        size_t first = m->same[a];
        m->dpow[a] =
            first != a ? m->dpow[first] : power(m, fabs(m->x[0] - m->x[a]) / m->range, rv[0]);
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
                                     : power(m, fabs(m->x[k + 1] - m->x[a]) / m->range, rv[k + 1]);
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
#if defined(BRINK_VMATH_VECTORS)
    if (m->fast) {
        pass_probs_fast(m, norm);
        return;
    }
#endif
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
 * of m->u_success_tab and m->u_failure_tab: what stakes_for gives (with fast_math:
 * tabulate_stakes_fast, after split_stakes). */
static void tabulate_stakes(const model *m, size_t i)
{
#if defined(BRINK_VMATH_VECTORS)
    if (m->fast) {
        tabulate_stakes_fast(m, i);
        return;
    }
#endif
    size_t n = m->n;
    double ri = m->r[i];
    double u_status_quo = bdm_utility(m, 0.5, ri);
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
 * of pow (< 1 ulp; <= 4 ulp with fast_math): the computed b is negative and classify finds no
 * offer. A proposer at i's
 * position makes no offer either (classify). */
static int no_offer_possible(const model *m, size_t i)
{
    double ri = m->r[i];
    if (m->opt->q != 1.0 || m->opt->perspective != BRINK_EU_VIEW_MOVER ||
        !(ri >= EU_SKIP_MIN_EXPONENT && ri <= EU_SKIP_MAX_EXPONENT))
        return 0;
    double si = m->s[i];
    double rho_max = ri >= 1.0 ? 0.5 : m->fast ? m->half_pow[i] : pow(0.5, ri);
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
    int done = 0; /* the fast path's vectorised first pass (Q = 1) */
#if defined(BRINK_VMATH_VECTORS)
    if (m->fast && m->opt->q == 1.0) {
        first_pass_fast(m, pairs);
        done = 1;
    }
#endif
    /* S_b accumulates E(U_ab) over challengers a in index order. With every r = 1 the viewer
     * does not matter. */
    for (size_t a = 0; !done && a < n; a++) {
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
    double u_status_quo = bdm_utility(m, 0.5, ri);
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

#if defined(BRINK_VMATH_VECTORS)
/* The prices of a lean simultaneous round on the fast path with Q = 1 and the mover's perspective
 * (no pair values wanted): lists the pairs (i, j) in which proposer j might make mover i an offer
 * (m->cand_*, movers in index order, proposers in index order within a mover) and prices their
 * stakes (lean_stakes); best_offer_lean then weighs them.
 *
 * Why: the stakes' powers are most of a round's work, and most pairs provably carry no offer.
 * At Q = 1 both expected utilities of the dyad share U_s, U_f and U_sq (the mover's), and
 *   a = E(U_ij) = U_s - U_sq - s_j (1 - P_ij) (U_s - U_f),
 *   b = E(U_ji) = U_s - U_sq - s_i (1 - P_ji) (U_s - U_f),
 * so with h_i = s_i (1 - P_ji), h_j = s_j (1 - P_ij) and rho as in no_offer_possible,
 *   b - a = (U_s - U_f) (h_j - h_i),  b = (U_s - U_f) (rho - h_i),
 *   a + b = (U_s - U_f) (2 rho - h_i - h_j).
 * Every offer needs b > a (a confrontation says so; a compromise or capitulation needs
 * a < 0 < b) and b > 0; without capitulation also a + b > 0 (a confrontation has 0 < a < b, a
 * compromise b > |a|). With d >= EU_SKIP_MIN_DISTANCE and r_i within [EU_SKIP_MIN_EXPONENT,
 * EU_SKIP_MAX_EXPONENT], U_s - U_f = 4 (f(v) - f(u)) >= 4e-6 and rho <= rho_max (see
 * no_offer_possible), so h_j - h_i <= -EU_SKIP_SLACK, h_i >= rho_max + EU_SKIP_SLACK or
 * h_i + h_j >= 2 (rho_max + EU_SKIP_SLACK) puts b - a, b or a + b below -4e-12: far beyond the
 * rounding of a and b (a few 1e-16 on values of order 1), so the computed pair would classify as
 * NONE, and it is left out. A proposer at the mover's position makes no offer (classify). In the
 * simulation's rounds this leaves about 40 % of the ordered pairs (against 60 % in the rows of
 * the movers no_offer_possible cannot skip), and since the first test is antisymmetric a pair
 * rarely stays in both orders, so the logarithms are not shared. */
static void lean_prices(const model *m)
{
    size_t n = m->n, nc = 0;
    for (size_t i = 0; i < n; i++) {
        m->cand_start[i] = nc;
        double ri = m->r[i], si = m->s[i], xi = m->x[i];
        int band = ri >= EU_SKIP_MIN_EXPONENT && ri <= EU_SKIP_MAX_EXPONENT;
        double rho_max = ri >= 1.0 ? 0.5 : m->half_pow[i];
        double bound = rho_max + EU_SKIP_SLACK;
        /* without capitulation every offer needs a + b > 0 (see above) */
        double sum_bound = m->opt->capitulation ? INFINITY : 2.0 * bound;
        /* without branches (the tests go either way at random): every j is written at the end
         * of the list, and the count moves past it when it stays (the list has room for n*n) */
        for (size_t j = 0; j < n; j++) {
            double d = m->dist[i * n + j];
            double hold_i = si * (1.0 - m->prob[j * n + i]);
            double hold_j = m->s[j] * (1.0 - m->prob[i * n + j]);
            int proven = band & (d >= EU_SKIP_MIN_DISTANCE) & (d <= 1.0) &
                         ((hold_i >= bound) | (hold_j - hold_i <= -EU_SKIP_SLACK) |
                          (hold_i + hold_j >= sum_bound));
            int keep = (j != i) & (m->x[j] != xi) & !proven;
            m->cand_i[nc] = i;
            m->cand_j[nc] = j;
            nc += (size_t)keep;
        }
    }
    m->cand_start[n] = nc;
    lean_stakes(m, nc);
}

/* best_offer_tabled for mover i of a lean round (after lean_prices): the pairs lean_prices kept,
 * weighed in proposer order as best_offer_tabled weighs them, with the same values; the pairs
 * left out are offers of type NONE, which never displace a best offer, so the choice is the
 * same. */
static offer best_offer_lean(const model *m, size_t i)
{
    size_t n = m->n;
    double ri = m->r[i];
    double u_status_quo = 2.0 - 4.0 * m->half_pow[i]; /* tabulate_stakes_fast's U_sq */
    offer best = {BRINK_EU_OFFER_NONE, 0, NAN, 0.0, 0.0};
    for (size_t c = m->cand_start[i]; c < m->cand_start[i + 1]; c++) {
        size_t j = m->cand_j[c];
        double u_success = m->u_success_tab[c], u_failure = m->u_failure_tab[c];
        double p_ij = m->prob[i * n + j], p_ji = m->prob[j * n + i];
        double a = expected_utility_with(m, ri, p_ij, i, j, u_success, u_failure, u_status_quo);
        double b = expected_utility_with(m, ri, p_ji, j, i, u_success, u_failure, u_status_quo);
        weigh_offer(m, i, j, p_ij, a, b, NULL, &best);
    }
    return best;
}
#endif

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
    size_t vectors, tables, same, fast, order;
    int has_fast; /* 1: the fast path's blocks are laid out (fast, order) */
} eu_layout;

struct brink_eu_workspace {
    size_t max_n;
    int max_rounds;
    unsigned char *block; /* the block the workspace was laid out in (starts with the result) */
    eu_layout layout;
};

/* Number of n-vectors of doubles and n x n tables of doubles in a workspace. */
#define EU_VECTORS 12
#define EU_TABLES 4
/* Blocks of n*n + EU_LANES doubles that only the fast path uses: six split-logarithm tables,
 * dist, wdpow and three blocks of scratch. */
#define EU_FAST_BLOCKS 11

/* Fills *l for n actors and cap rounds, with the fast path's blocks when fast is 1 (a workspace
 * always has them; brink_eu_run only when its options ask for the fast path, so the exact path
 * needs no more memory than before); returns 0 when the sizes overflow. */
static int eu_lay_out(size_t n, size_t cap, int fast, eu_layout *l)
{
    int overflow = 0;
    size_t total = 0, rows = 0;
    if (n == 0 || n > SIZE_MAX / (cap + 1) || n > SIZE_MAX / n ||
        n * n > (SIZE_MAX - EU_LANES) / EU_TABLES || n > SIZE_MAX / EU_VECTORS ||
        n * n > SIZE_MAX / (2 * EU_FAST_BLOCKS) - EU_LANES)
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
    l->has_fast = fast;
    l->fast =
        reserve(&total, fast ? EU_FAST_BLOCKS * (n * n + EU_LANES) : 0, sizeof(double), &overflow);
    /* order and rank (2n), then lean_prices' lists: cand_start (n + 1), cand_i and cand_j */
    l->order = reserve(&total, fast ? 3 * n + 1 + 2 * n * n : 0, sizeof(size_t), &overflow);
    l->total = total;
    return !overflow;
}

/* brink_eu_workspace_size with or without the fast path's blocks. */
static size_t ws_size(size_t max_n, int max_rounds, int fast)
{
    eu_layout l;
    if (max_rounds < 1 || max_rounds > BRINK_EU_MAX_ROUNDS)
        return 0;
    return eu_lay_out(max_n, (size_t)max_rounds, fast, &l) ? l.total : 0;
}

/* brink_eu_workspace_init with or without the fast path's blocks. */
static brink_eu_workspace *ws_init(void *mem, size_t size, size_t max_n, int max_rounds, int fast)
{
    eu_layout l;
    if (!mem || (uintptr_t)mem % alignof(max_align_t) != 0 || max_rounds < 1 ||
        max_rounds > BRINK_EU_MAX_ROUNDS || !eu_lay_out(max_n, (size_t)max_rounds, fast, &l) ||
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

size_t brink_eu_workspace_size(size_t max_n, int max_rounds)
{
    return ws_size(max_n, max_rounds, 1);
}

brink_eu_workspace *brink_eu_workspace_init(void *mem, size_t size, size_t max_n, int max_rounds)
{
    return ws_init(mem, size, max_n, max_rounds, 1);
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
    m.fast = opt->fast_math;
    m.half_pow = vec + 11 * n;
    m.order = (size_t *)(void *)(block + l->order);
    m.cand_start = m.order + 2 * n;
    m.cand_i = m.cand_start + n + 1;
    m.cand_j = m.cand_i + n * n;
    if (m.fast && !l->has_fast)
        return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                               "expected-utility model: the workspace has no room for fast_math");
    if (m.fast) {
        double *f = (double *)(void *)(block + l->fast);
        double **blocks[] = {&m.dist_e,  &m.dist_lm, &m.succ_e, &m.succ_lm, &m.fail_e,
                             &m.fail_lm, &m.dist,    &m.wdpow,  &m.flat};
        for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++)
            *blocks[b] = f + b * (n * n + EU_LANES); /* flat: the last three blocks */
        /* whole-vector loads (fill_dpow_fast, split_pairs, first_pass_fast, pass_probs_fast)
         * read into the padding */
        for (size_t k = 0; k < EU_LANES; k++)
            m.wdpow[n * n + k] = m.dist[n * n + k] = m.dist_e[n * n + k] = m.dist_lm[n * n + k] =
                0.0;
    }
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
            if (m.fast) {
                fill_dist(&m);
#if defined(BRINK_VMATH_VECTORS)
                sort_positions(&m);
#endif
            }
            risk_exponents(&m, first ? res->risk_acceptance : NULL, pairs);
            if (m.fast)
                fill_half_pow(&m);
            if (first)
                memcpy(res->security, m.security, n * sizeof(double));
            const double *rv = opt->votes == BRINK_EU_VOTES_RISK_WEIGHTED ? m.r : m.ones;
            int global = opt->prob_norm == BRINK_EU_PROB_GLOBAL;
            double norm = 0.0;
            /* fast path: the stakes' logarithms, once a round before the first row is priced
             * (a round whose movers are all skipped never needs them) */
            int stakes_split = 0;
            m.dist_split = 0;
            /* best_offer_lean prices the movers (no stake tables, no split_stakes) */
            int lean = 0;
#if defined(BRINK_VMATH_VECTORS)
            lean = m.fast && opt->simultaneous && !pairs && opt->q == 1.0 &&
                   opt->perspective == BRINK_EU_VIEW_MOVER;
#endif
            if (m.fast && opt->simultaneous && rv == m.r && !lean) {
                split_all(&m);
                m.dist_split = stakes_split = 1;
            }
            if (opt->simultaneous) {
                norm = fill_dpow_norm(&m, rv);
                pass_probs(&m, norm);
#if defined(BRINK_VMATH_VECTORS)
                if (lean)
                    lean_prices(&m);
#endif
                if (opt->perspective == BRINK_EU_VIEW_OWN) {
                    if (m.fast) {
                        split_stakes(&m);
                        stakes_split = 1;
                    }
                    for (size_t i = 0; i < n; i++)
                        tabulate_stakes(&m, i);
                }
            } else {
                fill_dpow(&m, rv);
                norm = global ? global_norm(&m) : 0.0;
            }
            memcpy(m.next, m.x, n * sizeof(double));
            for (size_t i = 0; i < n; i++) {
                offer o;
                if (!opt->simultaneous) {
                    o = best_offer_for(&m, i, norm, pairs);
#if defined(BRINK_VMATH_VECTORS)
                } else if (lean) {
                    o = best_offer_lean(&m, i);
#endif
                } else if (!pairs && no_offer_possible(&m, i)) {
                    continue; /* nothing to price: no offer, no pair values wanted */
                } else {
                    if (m.fast && !stakes_split) {
                        split_stakes(&m);
                        stakes_split = 1;
                    }
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
#if defined(BRINK_VMATH_VECTORS)
                    if (m.fast)
                        sort_positions(&m);
#endif
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
    size_t total = ws_size(n, opt->max_rounds, opt->fast_math);
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
    brink_eu_workspace *ws = ws_init(block, total, n, opt->max_rounds, opt->fast_math);
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
