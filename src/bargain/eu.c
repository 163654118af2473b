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
 * Ownership: brink_eu_run allocates the result (one block) and a workspace (one block) before the
 * first round and nothing afterwards; the workspace is freed before returning. Invariant: every
 * move goes to a point between the mover and the proposer, so positions never leave the hull of
 * the initial positions; distances (and the distance to mu, itself a position) never exceed the
 * range in any range mode, so the bases raised to fractional powers stay in [0, 1]. bdm_utility
 * clamps at 0 all the same, as a guard.
 */
#include "bargain/eu.h"

#include "bargain/baseline.h"

#include <math.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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
     * P_ij (all_win_probs) */
    double *prob;
    /* [n] same[a]: the lowest index of an actor at x_a's position (a when none precedes it).
     * Actors at one position are at the same distance from everyone, so they share powered
     * distances and stakes: copying them gives the very doubles a pow call would. */
    size_t *same;
    double *stake_success; /* [n] one mover's U_s against each target (best_offer_for) */
    double *stake_failure; /* [n] and U_f */
    double *security;      /* S_i of the current round */
    double range;          /* R of the current round (> 0 while the round computes anything) */
    double median;         /* mu at the start of the round */
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

/* Fills m->prob with the win probabilities of every ordered pair (diagonal 0). */
static void all_win_probs(const model *m, double norm)
{
    size_t n = m->n;
    for (size_t i = 0; i < n; i++) {
        m->prob[i * n + i] = 0.0;
        for (size_t j = i + 1; j < n; j++)
            win_probs(m, norm, i, j, &m->prob[i * n + j], &m->prob[j * n + i]);
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
        lo = fmin(lo, x[i]);
        hi = fmax(hi, x[i]);
    }
    return hi - lo;
}

/* First pass (all r = 1): security sums, then the risk exponents into m->r (Scholz eqs. 32-34).
 * Writes R_i into risk_acceptance and the pair values into pairs when they are not NULL. */
static void risk_exponents(model *m, double *risk_acceptance, brink_eu_pair *pairs)
{
    size_t n = m->n;
    fill_dpow(m, m->ones);
    double norm = m->opt->prob_norm == BRINK_EU_PROB_GLOBAL ? global_norm(m) : 0.0;
    all_win_probs(m, norm);
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
        lo = fmin(lo, m->security[i]);
        hi = fmax(hi, m->security[i]);
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

/* Second pass for mover i: prices every dyad with the round's exponents and returns the best
 * offer (type NONE when there is none). Records the pair values when pairs is not NULL. m->dpow
 * and m->same must describe the current positions (fill_dpow, refresh_dpow). With have_prob the
 * win probabilities are read from m->prob (simultaneous moves: positions do not change within
 * the round); otherwise they are computed here. */
static offer best_offer_for(const model *m, size_t i, double norm, int have_prob,
                            brink_eu_pair *pairs)
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
        if (have_prob) {
            p_ij = m->prob[i * n + j];
            p_ji = m->prob[j * n + i];
        } else {
            win_probs(m, norm, i, j, &p_ij, &p_ji);
        }
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
        offer o = classify(m, i, j, a, b);
        if (pairs) {
            brink_eu_pair *pr = &pairs[i * n + j];
            pr->p = p_ij;
            pr->eu_ij = a;
            pr->eu_ji = b;
            pr->offer = o.type;
            pr->offer_position = o.position;
        }
        if (o.type != BRINK_EU_OFFER_NONE && better_offer(m, i, &o, &best))
            best = o;
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

int brink_eu_run(const brink_eu_actor *actors, size_t n, const brink_eu_options *opt,
                 brink_eu_result **out, brink_error *err)
{
    brink_eu_options preset = brink_eu_options_scholz_code();
    brink_eu_result *res = NULL;
    unsigned char *work = NULL;
    int rc;

    if (!out)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0, "brink_eu_run: out must not be NULL");
    *out = NULL;
    if (!actors)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "brink_eu_run: actors must not be NULL");
    if (!opt)
        opt = &preset;
    if ((rc = brink_eu_options_check(opt, err)) != BRINK_OK)
        return rc;
    if ((rc = check_actors(actors, n, opt, err)) != BRINK_OK)
        return rc;

    double initial_spread = 0.0;
    {
        double lo = actors[0].position, hi = actors[0].position;
        for (size_t i = 1; i < n; i++) {
            lo = fmin(lo, actors[i].position);
            hi = fmax(hi, actors[i].position);
        }
        initial_spread = hi - lo;
    }
    if (!isfinite(initial_spread))
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "expected-utility model: the spread of the positions overflows");
    if (opt->range == BRINK_EU_RANGE_SCALE && opt->scale_range < initial_spread)
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "expected-utility option scale_range = %.17g is smaller than the "
                               "spread of the positions %.17g; expected scale_range >= spread",
                               opt->scale_range, initial_spread);

    /* One block for the result, sized for max_rounds. */
    size_t cap = (size_t)opt->max_rounds; /* rounds the result has room for */
    int overflow = 0;
    size_t total = 0;
    size_t rows = 0;
    if (n > SIZE_MAX / (cap + 1))
        overflow = 1;
    else
        rows = (cap + 1) * n;
    reserve(&total, 1, sizeof(brink_eu_result), &overflow);
    size_t off_pos = reserve(&total, rows, sizeof(double), &overflow);
    size_t off_risk = reserve(&total, rows, sizeof(double), &overflow);
    size_t off_range = reserve(&total, cap, sizeof(double), &overflow);
    size_t off_median = reserve(&total, cap + 1, sizeof(double), &overflow);
    size_t off_mean = reserve(&total, cap + 1, sizeof(double), &overflow);
    size_t off_wmedian = reserve(&total, cap + 1, sizeof(double), &overflow);
    size_t off_moves = reserve(&total, rows, sizeof(brink_eu_move), &overflow);
    size_t off_pairs = 0;
    if (n > SIZE_MAX / n)
        overflow = 1;
    else
        off_pairs = reserve(&total, n * n, sizeof(brink_eu_pair), &overflow);
    size_t off_security = reserve(&total, n, sizeof(double), &overflow);
    size_t off_racc = reserve(&total, n, sizeof(double), &overflow);
    /* The workspace, one block: ten arrays of n doubles, two n x n tables (powered distances, win
     * probabilities) and n indices. */
    size_t wtotal = 0, off_vectors = 0, off_tables = 0, off_same = 0;
    if (n > SIZE_MAX / 10 || n > SIZE_MAX / n || n * n > SIZE_MAX / 2) {
        overflow = 1;
    } else {
        off_vectors = reserve(&wtotal, 10 * n, sizeof(double), &overflow);
        off_tables = reserve(&wtotal, 2 * n * n, sizeof(double), &overflow);
        off_same = reserve(&wtotal, n, sizeof(size_t), &overflow);
    }
    if (overflow)
        return brink_error_set(err, BRINK_ERANGE, NULL, 0, 0,
                               "expected-utility model: %zu actors x %d rounds is too large to "
                               "allocate",
                               n, opt->max_rounds);

    unsigned char *block = brink_calloc(1, total);
    if (!block) {
        rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0,
                             "expected-utility model: out of memory for the result (%zu bytes)",
                             total);
        goto fail;
    }
    res = (brink_eu_result *)(void *)block;
    res->n = n;
    res->position = (double *)(void *)(block + off_pos);
    res->risk_exponent = (double *)(void *)(block + off_risk);
    res->range = (double *)(void *)(block + off_range);
    res->median = (double *)(void *)(block + off_median);
    res->mean = (double *)(void *)(block + off_mean);
    res->weighted_median = (double *)(void *)(block + off_wmedian);
    res->moves = (brink_eu_move *)(void *)(block + off_moves);
    res->pairs = (brink_eu_pair *)(void *)(block + off_pairs);
    res->security = (double *)(void *)(block + off_security);
    res->risk_acceptance = (double *)(void *)(block + off_racc);

    work = brink_malloc(wtotal);
    if (!work) {
        rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0,
                             "expected-utility model: out of memory for the workspace");
        goto fail;
    }
    double *vec = (double *)(void *)(work + off_vectors);
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
    m.dpow = (double *)(void *)(work + off_tables);
    m.prob = m.dpow + n * n;
    m.same = (size_t *)(void *)(work + off_same);
    for (size_t i = 0; i < n; i++) {
        capab[i] = actors[i].capability;
        sal[i] = actors[i].salience / opt->salience_scale;
        wt[i] = capab[i] * sal[i];
        m.x[i] = actors[i].position;
        m.ones[i] = 1.0;
        res->position[i] = m.x[i];
    }
    for (size_t k = 0; k < n * n; k++)
        res->pairs[k].offer_position = NAN;
    if ((rc = summarise(res, capab, sal, wt, 0, err)) != BRINK_OK)
        goto fail;

    /* The round loop: no allocation from here on. */
    int stable = 0;
    res->stop_reason = BRINK_EU_STOPPED_MAX_ROUNDS;
    for (int round = 1; round <= opt->max_rounds; round++) {
        size_t t = (size_t)round;
        int first = round == 1;
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
            risk_exponents(&m, first ? res->risk_acceptance : NULL, first ? res->pairs : NULL);
            if (first)
                memcpy(res->security, m.security, n * sizeof(double));
            const double *rv = opt->votes == BRINK_EU_VOTES_RISK_WEIGHTED ? m.r : m.ones;
            int global = opt->prob_norm == BRINK_EU_PROB_GLOBAL;
            fill_dpow(&m, rv);
            double norm = global ? global_norm(&m) : 0.0;
            if (opt->simultaneous)
                all_win_probs(&m, norm);
            memcpy(m.next, m.x, n * sizeof(double));
            for (size_t i = 0; i < n; i++) {
                offer o = best_offer_for(&m, i, norm, opt->simultaneous, first ? res->pairs : NULL);
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
            if (!isfinite(m.x[i])) {
                rc = brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                                     "expected-utility model: round %d: actor %zu's position "
                                     "is not finite",
                                     round, i + 1);
                goto fail;
            }
            res->position[t * n + i] = m.x[i];
        }
        res->rounds = round;
        if ((rc = summarise(res, capab, sal, wt, t, err)) != BRINK_OK)
            goto fail;

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

    brink_free(work);
    *out = res;
    return BRINK_OK;

fail:
    brink_free(work);
    brink_free(res);
    return rc;
}

void brink_eu_result_free(brink_eu_result *res)
{
    brink_free(res);
}
