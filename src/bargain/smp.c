/* SPDX-License-Identifier: MIT */
/*
 * smp.c — KTAB's spatial model of politics (smpc): the turn loop, the probabilistic Condorcet
 * elections and the bargaining, restated from shared/reference/ktab-smp.md §2 (written from
 * KTAB's sources, MIT; none of its code is reproduced here).
 *
 * One run owns a workspace (struct ws) allocated once before the first turn; the turn loop only
 * reads and writes it. Arithmetic follows smpc's order of operations wherever a different order
 * could move a result by an ulp (sums in index order, R^h_h computed by the BigRAdjust formula,
 * pow() for the bargain weights), because smpc picks winners by exact comparisons: an ulp can
 * decide which bargain an actor takes, and from then on the histories differ.
 *
 * Invariants: internal positions, ideals and saliences are on the unit scale (input / 100);
 * dist[i][j] is the salience-weighted distance from i's ideal to j's position; rh[h][i] is h's
 * estimate of i's risk attitude; util_true[i][j] = u(dist[i][j]; rh[i][i]) is i's own utility
 * for j's position. All are recomputed for every state before anything reads them.
 */
#include "bargain/smp.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Numerical guards of smpc, not model coefficients: they only keep ratios away from 0/0. */
#define PCE_COALITION_FLOOR 1e-8    /* empty coalition strength in an election */
#define CHLG_COALITION_FLOOR 1e-10  /* empty coalition strength in a challenge */
#define MARKOV_INCENTIVE_SELF 1e-10 /* incentive of an option to "challenge" itself */
#define GAIN_BOUND_SLACK 1e-12      /* relative slack of propose's bounds on a challenge's gain */

/* The hot loops are compiled twice, for AVX2 and for baseline x86-64, and the loader picks one
 * (an ifunc): each lane computes what the scalar code computes (no FMA contraction in C11 mode),
 * so the results are the same bits either way. Sanitizer builds leave it out, because the ifunc
 * resolvers run before the sanitizer's runtime is initialised (TSan crashes at start-up). */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                         \
    __has_feature(memory_sanitizer)
#define BRINK_NO_CLONES 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BRINK_NO_CLONES 1
#endif
#if defined(__x86_64__) && defined(__gnu_linux__) && !defined(BRINK_NO_CLONES)
#define BRINK_HOT_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define BRINK_HOT_CLONES
#endif
#define BARGAIN_MIN_WEIGHT 1e-6     /* own-weight floor in a bargain interpolation */
#define BINARY_VOTE_RAMP 1e-8       /* utility difference that saturates a binary vote */
#define BINARY_VPM_FLOOR 1e-6       /* the loser's strength under a certain binary victory */
#define PROP_BIN_MIX 0.2            /* weight of the binary part in PropBin */
#define PROP_CUBIC_MIX 0.5          /* weight of the cubic part in PropCbc */

/* ============================================================================================ */
/* Options                                                                                      */
/* ============================================================================================ */

void brink_smp_options_default(brink_smp_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->victory_prob_model = BRINK_SMP_VPM_LINEAR;
    opt->voting_rule = BRINK_SMP_VOTE_PROP;
    opt->pce_model = BRINK_SMP_PCE_CONDITIONAL;
    opt->state_transitions = BRINK_SMP_DETERMINISTIC;
    opt->bigr_range = BRINK_SMP_BIGR_MID;
    opt->bigr_adjust = BRINK_SMP_BIGR_ADJ_ONE_THIRD;
    opt->third_party_commit = BRINK_SMP_TP_SEMI_COMMIT;
    opt->inter_vec_brgn = BRINK_SMP_INTERP_S2P2;
    opt->bargn_model = BRINK_SMP_BARGN_INIT_ONLY;
    opt->accommodation = NULL;
    opt->fix_receiver_bargains = 0;
    opt->min_turns = 2;
    opt->max_turns = 100;
    opt->stop_ratio = 0.02;
    opt->stop_floor = 1e-4;
    opt->min_challenge_gain = 1e-5;
    opt->equal_position_tolerance = 1e-3;
    opt->bargain_decimals = 4;
    opt->binary_vpm_threshold = 1.10;
    opt->markov_incentive_tol = 1e-8;
    opt->markov_uniform_tol = 1e-6;
    opt->markov_max_iter = 1000;
}

/* smpc's parameter names and, for each, its value names in enum order. */
static const char *const vpm_names[] = {"Linear", "Square", "Quartic", "Octic", "Binary", NULL};
static const char *const vr_names[] = {"Binary", "PropBin",   "Prop", "PropCbc",
                                       "Cubic",  "ASymProsp", NULL};
static const char *const pce_names[] = {"Conditional", "MarkovIncentive", "MarkovUniform", NULL};
static const char *const stm_names[] = {"Deterministic", "Stochastic", NULL};
static const char *const rr_names[] = {"Min", "Mid", "Max", NULL};
static const char *const ra_names[] = {"None", "OneThird", "Half", "TwoThirds", "Full", NULL};
static const char *const tpc_names[] = {"NoCommit", "SemiCommit", "FullCommit", NULL};
static const char *const ivb_names[] = {"S1P1", "S2P2", "S2PMax", NULL};
static const char *const bm_names[] = {"InitOnlyInterp", "InitRcvrInterp", "PWCompInterp", NULL};

static const struct {
    const char *param;
    const char *const *values;
} option_table[] = {
    {"VictoryProbModel", vpm_names}, {"VotingRule", vr_names},    {"PCEModel", pce_names},
    {"StateTransitions", stm_names}, {"BigRRange", rr_names},     {"BigRAdjust", ra_names},
    {"ThirdPartyCommit", tpc_names}, {"InterVecBrgn", ivb_names}, {"BargnModel", bm_names},
};
#define N_OPTION_PARAMS (sizeof option_table / sizeof option_table[0])

static int find_param(const char *param)
{
    if (!param)
        return -1;
    for (size_t p = 0; p < N_OPTION_PARAMS; p++)
        if (strcasecmp(param, option_table[p].param) == 0)
            return (int)p;
    return -1;
}

const char *brink_smp_option_name(const char *param, int value)
{
    int p = find_param(param);
    if (p < 0 || value < 0)
        return NULL;
    const char *const *v = option_table[p].values;
    for (int i = 0; v[i]; i++)
        if (i == value)
            return v[i];
    return NULL;
}

int brink_smp_options_set(brink_smp_options *opt, const char *param, const char *value,
                          brink_error *err)
{
    if (!opt || !param || !value)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "smp: brink_smp_options_set needs opt, param and value");
    int p = find_param(param);
    if (p < 0)
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "smp: unknown parameter '%s'; expected VictoryProbModel, "
                               "VotingRule, PCEModel, StateTransitions, BigRRange, BigRAdjust, "
                               "ThirdPartyCommit, InterVecBrgn or BargnModel",
                               param);
    const char *const *v = option_table[p].values;
    int found = -1;
    for (int i = 0; v[i]; i++)
        if (strcasecmp(value, v[i]) == 0)
            found = i;
    if (found < 0) {
        char list[256] = "";
        size_t used = 0;
        for (int i = 0; v[i] && used < sizeof list; i++) {
            int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", v[i]);
            if (w < 0)
                break;
            used += (size_t)w;
        }
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "smp: unknown %s '%s'; expected one of %s", option_table[p].param,
                               value, list);
    }
    switch (p) {
    case 0:
        opt->victory_prob_model = (brink_smp_vpm)found;
        break;
    case 1:
        opt->voting_rule = (brink_smp_voting_rule)found;
        break;
    case 2:
        opt->pce_model = (brink_smp_pce)found;
        break;
    case 3:
        opt->state_transitions = (brink_smp_transitions)found;
        break;
    case 4:
        opt->bigr_range = (brink_smp_bigr_range)found;
        break;
    case 5:
        opt->bigr_adjust = (brink_smp_bigr_adjust)found;
        break;
    case 6:
        opt->third_party_commit = (brink_smp_tp_commit)found;
        break;
    case 7:
        opt->inter_vec_brgn = (brink_smp_interp)found;
        break;
    default:
        opt->bargn_model = (brink_smp_bargn_model)found;
        break;
    }
    return BRINK_OK;
}

/* 1 when an enum field holds one of its n values. */
static int enum_ok(int v, int n)
{
    return v >= 0 && v < n;
}

int brink_smp_options_validate(const brink_smp_options *opt, size_t n_actors, brink_error *err)
{
    if (!opt)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0, "smp: options are NULL");
    const struct {
        int value, n;
        const char *name;
    } enums[] = {
        {(int)opt->victory_prob_model, 5, "victory_prob_model"},
        {(int)opt->voting_rule, 6, "voting_rule"},
        {(int)opt->pce_model, 3, "pce_model"},
        {(int)opt->state_transitions, 2, "state_transitions"},
        {(int)opt->bigr_range, 3, "bigr_range"},
        {(int)opt->bigr_adjust, 5, "bigr_adjust"},
        {(int)opt->third_party_commit, 3, "third_party_commit"},
        {(int)opt->inter_vec_brgn, 3, "inter_vec_brgn"},
        {(int)opt->bargn_model, 3, "bargn_model"},
    };
    for (size_t e = 0; e < sizeof enums / sizeof enums[0]; e++)
        if (!enum_ok(enums[e].value, enums[e].n))
            return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                                   "smp: option %s = %d; expected 0..%d", enums[e].name,
                                   enums[e].value, enums[e].n - 1);
    if (opt->max_turns < 1 || opt->max_turns > BRINK_SMP_MAX_TURNS)
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "smp: option max_turns = %d; expected 1..%d", opt->max_turns,
                               BRINK_SMP_MAX_TURNS);
    if (opt->min_turns < 1)
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "smp: option min_turns = %d; expected >= 1", opt->min_turns);
    const struct {
        double value;
        int strictly_positive;
        const char *name;
    } reals[] = {
        {opt->stop_ratio, 0, "stop_ratio"},
        {opt->stop_floor, 0, "stop_floor"},
        {opt->min_challenge_gain, 0, "min_challenge_gain"},
        {opt->equal_position_tolerance, 1, "equal_position_tolerance"},
        {opt->markov_incentive_tol, 1, "markov_incentive_tol"},
        {opt->markov_uniform_tol, 1, "markov_uniform_tol"},
    };
    for (size_t r = 0; r < sizeof reals / sizeof reals[0]; r++) {
        double x = reals[r].value;
        if (!isfinite(x) || x < 0 || (reals[r].strictly_positive && x == 0))
            return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                                   "smp: option %s = %g; expected a finite number %s 0",
                                   reals[r].name, x, reals[r].strictly_positive ? ">" : ">=");
    }
    if (!isfinite(opt->binary_vpm_threshold) || opt->binary_vpm_threshold <= 1)
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "smp: option binary_vpm_threshold = %g; expected a finite number "
                               "> 1",
                               opt->binary_vpm_threshold);
    if (opt->bargain_decimals < -1 || opt->bargain_decimals > 15)
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "smp: option bargain_decimals = %d; expected -1 (no rounding) "
                               "or 0..15",
                               opt->bargain_decimals);
    if (opt->markov_max_iter < 1)
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "smp: option markov_max_iter = %d; expected >= 1",
                               opt->markov_max_iter);
    if (opt->accommodation) {
        const double *a = opt->accommodation;
        for (size_t i = 0; i < n_actors; i++) {
            double row = 0;
            for (size_t j = 0; j < n_actors; j++) {
                double x = a[i * n_actors + j];
                if (!isfinite(x) || x < 0 || x > 1)
                    return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                                           "smp: accommodation[%zu][%zu] = %g; expected a "
                                           "number in [0, 1]",
                                           i, j, x);
                row += x;
            }
            /* smpc allows row sums slightly above 1 (round-off) and clips them */
            if (row > 1 + 1e-10)
                return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                                       "smp: accommodation row %zu sums to %.17g; expected at "
                                       "most 1",
                                       i, row);
        }
    }
    return BRINK_OK;
}

/* ============================================================================================ */
/* Scenario checks                                                                              */
/* ============================================================================================ */

/* Writes "actor 3 (\"XJ\")" or "actor 3" into buf. */
static const char *actor_label(const brink_smp_scenario *sc, size_t i, char *buf, size_t n)
{
    if (sc->actor_names && sc->actor_names[i])
        snprintf(buf, n, "actor %zu (\"%s\")", i + 1, sc->actor_names[i]);
    else
        snprintf(buf, n, "actor %zu", i + 1);
    return buf;
}

int brink_smp_scenario_validate(const brink_smp_scenario *sc, brink_error *err)
{
    char who[96];
    if (!sc)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0, "smp: scenario is NULL");
    if (sc->n_actors < 2 || sc->n_actors > BRINK_SMP_MAX_ACTORS)
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0, "smp: %zu actors; expected 2..%d",
                               sc->n_actors, BRINK_SMP_MAX_ACTORS);
    if (sc->n_dims < 1 || sc->n_dims > BRINK_SMP_MAX_DIMS)
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0, "smp: %zu dimensions; expected 1..%d",
                               sc->n_dims, BRINK_SMP_MAX_DIMS);
    if (!sc->capability || !sc->position || !sc->salience)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "smp: scenario lacks capability, position or salience arrays");
    const size_t n = sc->n_actors, d = sc->n_dims;
    for (size_t i = 0; i < n; i++) {
        double c = sc->capability[i];
        if (!isfinite(c) || c <= 0)
            return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                                   "smp: %s: capability %g; expected a finite number > 0",
                                   actor_label(sc, i, who, sizeof who), c);
        double total = 0;
        for (size_t k = 0; k < d; k++) {
            double p = sc->position[i * d + k], s = sc->salience[i * d + k];
            if (!isfinite(p) || p < 0 || p > 100)
                return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                                       "smp: %s, dimension %zu: position %g; expected a "
                                       "number in [0, 100]",
                                       actor_label(sc, i, who, sizeof who), k + 1, p);
            if (!isfinite(s) || s < 0 || s > 100)
                return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                                       "smp: %s, dimension %zu: salience %g; expected a "
                                       "number in [0, 100]",
                                       actor_label(sc, i, who, sizeof who), k + 1, s);
            total += s;
        }
        if (total > 100)
            return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                                   "smp: %s: saliences sum to %g; expected at most 100",
                                   actor_label(sc, i, who, sizeof who), total);
        if (!(total > 0))
            return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                                   "smp: %s: every salience is 0; expected at least one > 0",
                                   actor_label(sc, i, who, sizeof who));
    }
    return BRINK_OK;
}

/* ============================================================================================ */
/* The workspace of one run                                                                     */
/* ============================================================================================ */

typedef struct ws {
    const brink_smp_options *opt;
    size_t n, d;
    size_t max_opts; /* the largest election: a queue of 1 + 2N options */
    double *cap;     /* [n] capability */
    double *sal;     /* [n*d] unit-scale salience */
    double *sal_sum; /* [n] S_i, summed in dimension order */
    double *sal_sq;  /* [n] sum_k s_ik^2 */
    double *pos;     /* [n*d] current positions, unit scale */
    double *newpos;  /* [n*d] positions after this turn */
    double *ideal;   /* [n*d] ideal points */
    double *idealtmp;
    double *dist;      /* [n*n] d(ideal_i, pos_j) */
    double *risk;      /* [n] R_i */
    double *rh;        /* [n*n] R^h_i at rh[h*n + i] */
    double *util_true; /* [n*n] u(dist[i][j]; R^i_i) */
    double *umat;      /* [n*max_opts] voters x options utilities of the current election */
    double *coal;      /* [max_opts^2] coalition strengths */
    double *vp;        /* [max_opts^2] pairwise victory probabilities */
    double *chlg;      /* [max_opts^2] Markov-incentive challenge probabilities */
    double *pce_p;     /* [max_opts] election result */
    double *pce_q;     /* [max_opts] Markov iterate */
    double *sq_util;   /* [n] each actor's mean true utility over the current positions */
    double *clout;     /* [n] effective power in a challenge: S_i * c_i */
    double *u_to_i;    /* [n] one challenge sweep's U^h(t, i) for every t (perceive_sweep) */
    double *u_own;     /* [n] and U^h(t, t) */
    double *tp_vote;   /* [n] one challenge's third-party votes (third_parties) */
    double *gain_ub;   /* [n] propose: an upper bound of the initiator's gain against each target */
    /* [n*2*n] bargain_util[(i*2 + b)*n + a]: voter a's mean utility of the world after
     * initiator i's bargain b (resolve; the same in the initiator's and in the target's queue) */
    double *bargain_util;
    int *target;     /* [n] initiator's target or -1 */
    size_t *cand;    /* [n] propose: the targets to assess, by decreasing gain_ub */
    int *n_bargains; /* [n] bargains proposed by each initiator (0, 1 or 2) */
    double *bargain; /* [n*2*2*d]: initiator i, bargain b, role r (0 init, 1 rcvr), dim k */
    int *queue_init; /* [max_opts] initiator of each queued option, -1 = status quo */
    int *queue_brg;  /* [max_opts] that initiator's bargain index */
    size_t *uniq;    /* [n] actor index of each distinct position */
} ws;

static double *bargain_at(const ws *w, size_t i, int b, int role)
{
    return w->bargain + ((i * 2 + (size_t)b) * 2 + (size_t)role) * w->d;
}

/* Allocates every array of w; returns BRINK_OK or BRINK_ENOMEM/BRINK_ERANGE. */
static int ws_alloc(ws *w, size_t n, size_t d, brink_error *err)
{
    size_t m = 2 * n + 1;
    w->n = n;
    w->d = d;
    w->max_opts = m;
    if (m > SIZE_MAX / m || n > SIZE_MAX / n || n * d > SIZE_MAX / 4 || n * m > SIZE_MAX / n ||
        n * n > SIZE_MAX / 2)
        return brink_error_set(err, BRINK_ERANGE, NULL, 0, 0, "smp: problem too large");
    double **dbl[] = {&w->cap,    &w->sal,       &w->sal_sum,  &w->sal_sq,       &w->pos,
                      &w->newpos, &w->ideal,     &w->idealtmp, &w->dist,         &w->risk,
                      &w->rh,     &w->util_true, &w->umat,     &w->coal,         &w->vp,
                      &w->chlg,   &w->pce_p,     &w->pce_q,    &w->bargain,      &w->sq_util,
                      &w->clout,  &w->u_to_i,    &w->u_own,    &w->bargain_util, &w->tp_vote,
                      &w->gain_ub};
    size_t counts[] = {n,         n * d, n,     n,     n * d, n * d,     n * d, n * d, n * n,
                       n,         n * n, n * n, n * m, m * m, m * m,     m * m, m,     m,
                       n * 4 * d, n,     n,     n,     n,     2 * n * n, n,
                       n};
    for (size_t a = 0; a < sizeof dbl / sizeof dbl[0]; a++) {
        *dbl[a] = brink_mallocarray(counts[a], sizeof(double));
        if (!*dbl[a])
            goto nomem;
    }
    w->target = brink_mallocarray(n, sizeof(int));
    w->n_bargains = brink_mallocarray(n, sizeof(int));
    w->queue_init = brink_mallocarray(m, sizeof(int));
    w->queue_brg = brink_mallocarray(m, sizeof(int));
    w->uniq = brink_mallocarray(n, sizeof(size_t));
    w->cand = brink_mallocarray(n, sizeof(size_t));
    if (!w->target || !w->n_bargains || !w->queue_init || !w->queue_brg || !w->uniq || !w->cand)
        goto nomem;
    return BRINK_OK;
nomem:
    return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "smp: out of memory for the workspace");
}

static void ws_free(ws *w)
{
    double *dbl[] = {w->cap,    w->sal,       w->sal_sum,  w->sal_sq,       w->pos,
                     w->newpos, w->ideal,     w->idealtmp, w->dist,         w->risk,
                     w->rh,     w->util_true, w->umat,     w->coal,         w->vp,
                     w->chlg,   w->pce_p,     w->pce_q,    w->bargain,      w->sq_util,
                     w->clout,  w->u_to_i,    w->u_own,    w->bargain_util, w->tp_vote,
                     w->gain_ub};
    for (size_t a = 0; a < sizeof dbl / sizeof dbl[0]; a++)
        brink_free(dbl[a]);
    brink_free(w->target);
    brink_free(w->n_bargains);
    brink_free(w->queue_init);
    brink_free(w->queue_brg);
    brink_free(w->uniq);
    brink_free(w->cand);
}

/* ============================================================================================ */
/* Utilities, votes and elections (ktab-smp.md §2.2-2.5)                                        */
/* ============================================================================================ */

/* Salience-weighted distance between x (an actor's ideal) and y with that actor's saliences s:
 * sqrt(sum_k (s_k (x_k - y_k))^2 / sum_k s_k^2); sal_sq = sum_k s_k^2. */
static double wdist(const double *x, const double *y, const double *s, double sal_sq, size_t d)
{
    double acc = 0;
    for (size_t k = 0; k < d; k++) {
        double ds = (x[k] - y[k]) * s[k];
        acc = acc + ds * ds;
    }
    return sqrt(acc / sal_sq);
}

/* Plain Euclidean distance between x and y. */
static double plain_dist(const double *x, const double *y, size_t d)
{
    double acc = 0;
    for (size_t k = 0; k < d; k++) {
        double v = x[k] - y[k];
        acc = acc + v * v;
    }
    return sqrt(acc);
}

/* The big-R utility of distance x with risk attitude r: (1 - x)(1 + r x), with x capped at 1 in
 * the second factor (round-off can push x slightly above 1). */
static double util(double x, double r)
{
    if (x <= 1)
        return (1 - x) * (1 + x * r);
    return (1 - x) * (1 + r);
}

/* The binary part of a vote on utility difference du: du / BINARY_VOTE_RAMP clipped to [-1, 1]. */
static double binary_vote(double du)
{
    double bin = du / BINARY_VOTE_RAMP;
    bin = bin > 1 ? 1 : bin;
    bin = bin < -1 ? -1 : bin;
    return bin;
}

/* The vote of an actor of weight wt between options with utilities ua and ub. (On the hot paths:
 * the binary part, a division, is computed only for the rules that use it.) */
static double vote(brink_smp_voting_rule rule, double wt, double ua, double ub)
{
    const double du = ua - ub;
    switch (rule) {
    case BRINK_SMP_VOTE_BINARY:
        return wt * binary_vote(du);
    case BRINK_SMP_VOTE_PROP_BIN:
        return wt * ((1 - PROP_BIN_MIX) * du + PROP_BIN_MIX * binary_vote(du));
    case BRINK_SMP_VOTE_PROP_CUBIC:
        return wt * ((1 - PROP_CUBIC_MIX) * du + PROP_CUBIC_MIX * (du * du * du));
    case BRINK_SMP_VOTE_CUBIC:
        return wt * (du * du * du);
    case BRINK_SMP_VOTE_ASYM_PROSP:
        if (du < 0)
            return wt * du;
        if (du > 0)
            return (2.0 * wt * du) / 3.0;
        return 0;
    case BRINK_SMP_VOTE_PROP:
    default:
        return wt * du;
    }
}

/* vote() with the default rule spelled out, for the innermost loops: the same expression, without
 * the call and the switch. */
#define VOTE(rule, wt, ua, ub)                                                                     \
    ((rule) == BRINK_SMP_VOTE_PROP ? (wt) * ((ua) - (ub)) : vote((rule), (wt), (ua), (ub)))

/* Victory probabilities *p1 of side 1 and *p2 of side 2 from coalition strengths s1, s2. */
static void victory_prob(const brink_smp_options *opt, double s1, double s2, double *p1, double *p2)
{
    double x1 = s1, x2 = s2;
    switch (opt->victory_prob_model) {
    case BRINK_SMP_VPM_SQUARE:
        x1 = s1 * s1;
        x2 = s2 * s2;
        break;
    case BRINK_SMP_VPM_QUARTIC:
        x1 = (s1 * s1) * (s1 * s1);
        x2 = (s2 * s2) * (s2 * s2);
        break;
    case BRINK_SMP_VPM_OCTIC: {
        double q1 = (s1 * s1) * (s1 * s1), q2 = (s2 * s2) * (s2 * s2);
        x1 = q1 * q1;
        x2 = q2 * q2;
        break;
    }
    case BRINK_SMP_VPM_BINARY: {
        const double t = opt->binary_vpm_threshold;
        if (s1 >= t * s2) {
            x1 = 1;
            x2 = BINARY_VPM_FLOOR;
        } else if (s2 >= t * s1) {
            x1 = BINARY_VPM_FLOOR;
            x2 = 1;
        } else {
            /* linear between the two thresholds, 1/2 at equal strength */
            double r12 = s1 / (s1 + s2);
            double p12 = (r12 * (t + 1.0) - 1.0) / (t - 1.0);
            x1 = p12;
            x2 = 1 - p12;
        }
        break;
    }
    case BRINK_SMP_VPM_LINEAR:
    default:
        break;
    }
    *p1 = x1 / (x1 + x2);
    *p2 = x2 / (x1 + x2);
}

/* The coalitions of an election for options a and b: *c_ab = the floor + the support for a over b
 * (the positive votes), summed over the nv voters in index order, and *c_ba likewise. Adding +0
 * for the side a voter does not support leaves a coalition (> 0 by the floor) exactly as it was,
 * and keeps data-dependent branches out of this O(N^3) loop (c + (-v) is c - v exactly). Called
 * with a constant rule where it can be, so that the compiler specialises the loop. */
static inline void coalitions(brink_smp_voting_rule rule, size_t nv, const double *wt,
                              const double *u, size_t ld, size_t a, size_t b, double *c_ab,
                              double *c_ba)
{
    double cab = PCE_COALITION_FLOOR, cba = PCE_COALITION_FLOOR;
    for (size_t k = 0; k < nv; k++) {
        const double v = VOTE(rule, wt[k], u[k * ld + a], u[k * ld + b]);
        const double against = -v;
        cab = cab + (v > 0 ? v : 0.0);
        cba = cba + (against > 0 ? against : 0.0);
    }
    *c_ab = cab;
    *c_ba = cba;
}

/* A probabilistic Condorcet election among m options voted on by nv voters with weights wt[nv]
 * and utilities u[v * ld + option]. Leaves the distribution in w->pce_p[0..m-1] (sum 1).
 * Returns BRINK_OK, or BRINK_ERANGE when a Markov iteration does not converge. */
BRINK_HOT_CLONES
static int pce(ws *w, size_t nv, size_t m, const double *wt, const double *u, size_t ld,
               brink_error *err)
{
    const brink_smp_options *opt = w->opt;
    double *c = w->coal, *vp = w->vp, *p = w->pce_p, *q = w->pce_q;

    /* coalition strengths: c[i][j] = support for i over j, from the lower triangle's votes */
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < i; j++) {
            if (opt->voting_rule == BRINK_SMP_VOTE_PROP)
                coalitions(BRINK_SMP_VOTE_PROP, nv, wt, u, ld, i, j, &c[i * m + j], &c[j * m + i]);
            else
                coalitions(opt->voting_rule, nv, wt, u, ld, i, j, &c[i * m + j], &c[j * m + i]);
        }
        c[i * m + i] = PCE_COALITION_FLOOR;
    }
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < i; j++)
            victory_prob(opt, c[i * m + j], c[j * m + i], &vp[i * m + j], &vp[j * m + i]);
        vp[i * m + i] = 0.5;
    }

    switch (opt->pce_model) {
    case BRINK_SMP_PCE_MARKOV_INCENTIVE: {
        /* chlg[i][j] = P[i challenges | j is the favourite], in proportion to incentive */
        double *ch = w->chlg;
        for (size_t j = 0; j < m; j++) {
            double total = 0;
            for (size_t k = 0; k < m; k++) {
                double inc = c[k * m + j] * vp[k * m + j];
                if (k == j)
                    inc = inc + MARKOV_INCENTIVE_SELF;
                ch[k * m + j] = inc;
                total = total + inc;
            }
            for (size_t k = 0; k < m; k++)
                ch[k * m + j] = ch[k * m + j] / total;
        }
        for (size_t i = 0; i < m; i++)
            p[i] = 1.0 / (double)m;
        double change = 1.0;
        int iter = 0;
        while (opt->markov_incentive_tol < change) {
            if (iter >= opt->markov_max_iter)
                goto no_convergence;
            change = 0;
            for (size_t i = 0; i < m; i++) {
                double qi = 0;
                for (size_t j = 0; j < m; j++) {
                    double cj = p[i] * ch[j * m + i] + p[j] * ch[i * m + j];
                    qi = qi + vp[i * m + j] * cj;
                }
                q[i] = qi;
                double dq = fabs(qi - p[i]);
                change = dq > change ? dq : change;
            }
            for (size_t i = 0; i < m; i++)
                p[i] = (p[i] + q[i]) / 2.0;
            iter++;
        }
        break;
    }
    case BRINK_SMP_PCE_MARKOV_UNIFORM: {
        for (size_t i = 0; i < m; i++)
            p[i] = 1.0 / (double)m;
        double change = 1.0;
        int iter = 0;
        while (opt->markov_uniform_tol < change) {
            if (iter >= opt->markov_max_iter)
                goto no_convergence;
            change = 0;
            for (size_t i = 0; i < m; i++) {
                double pi = 0;
                for (size_t j = 0; j < m; j++)
                    pi = pi + vp[i * m + j] * (p[i] + p[j]);
                q[i] = pi / (double)m;
                double dq = fabs(q[i] - p[i]);
                change = dq > change ? dq : change;
            }
            for (size_t i = 0; i < m; i++)
                p[i] = (p[i] + q[i]) / 2.0;
            iter++;
        }
        break;
    }
    case BRINK_SMP_PCE_CONDITIONAL:
    default: {
        /* P(i beats every rival), contests treated as independent, renormalised */
        double total = 0;
        for (size_t i = 0; i < m; i++) {
            double pi = 1.0;
            for (size_t j = 0; j < m; j++)
                pi = pi * vp[i * m + j];
            p[i] = pi;
        }
        for (size_t i = 0; i < m; i++)
            total = total + p[i];
        for (size_t i = 0; i < m; i++)
            p[i] = p[i] / total;
        break;
    }
    }
    return BRINK_OK;
no_convergence:
    return brink_error_set(err, BRINK_ERANGE, NULL, 0, 0,
                           "smp: the %s election among %zu options did not converge in %d "
                           "iterations (markov_max_iter)",
                           opt->pce_model == BRINK_SMP_PCE_MARKOV_INCENTIVE ? "MarkovIncentive"
                                                                            : "MarkovUniform",
                           m, opt->markov_max_iter);
}

/* h's estimate of i's risk attitude from R_h and R_i. */
static double perceived_risk(brink_smp_bigr_adjust adj, double rh, double ri)
{
    switch (adj) {
    case BRINK_SMP_BIGR_ADJ_FULL:
        return ri;
    case BRINK_SMP_BIGR_ADJ_TWO_THIRDS:
        return (rh + (2.0 * ri)) / 3.0;
    case BRINK_SMP_BIGR_ADJ_HALF:
        return (rh + ri) / 2;
    case BRINK_SMP_BIGR_ADJ_NONE:
        return rh;
    case BRINK_SMP_BIGR_ADJ_ONE_THIRD:
    default:
        return ((2.0 * rh) + ri) / 3.0;
    }
}

/* Recomputes everything derived from the current positions and ideals: distances, risk
 * attitudes (from a PCE over all N positions with risk-neutral utilities and capability
 * weights), perceived risk attitudes and true utilities (§2.6). */
static int assess_state(ws *w, brink_error *err)
{
    const size_t n = w->n, d = w->d;
    const brink_smp_options *opt = w->opt;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            w->dist[i * n + j] =
                wdist(w->ideal + i * d, w->pos + j * d, w->sal + i * d, w->sal_sq[i], d);

    /* risk-neutral utilities, N voters over N options */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            w->umat[i * n + j] = util(w->dist[i * n + j], 0.0);
    int rc = pce(w, n, n, w->cap, w->umat, n, err);
    if (rc)
        return rc;

    const double *p = w->pce_p;
    double pmin = 1.0, pmax = 0.0;
    for (size_t i = 0; i < n; i++) {
        pmin = p[i] < pmin ? p[i] : pmin;
        pmax = p[i] > pmax ? p[i] : pmax;
    }
    for (size_t i = 0; i < n; i++) {
        double r;
        if (!(pmax > pmin)) {
            /* every position equally likely (e.g. all at one point): smpc divides by zero
             * here; everyone is taken as risk-neutral instead */
            r = 0;
        } else {
            switch (opt->bigr_range) {
            case BRINK_SMP_BIGR_MIN:
                r = (p[i] - pmin) / (pmax - pmin);
                break;
            case BRINK_SMP_BIGR_MAX:
                r = (2 * p[i] - (pmax + pmin)) / (pmax - pmin);
                break;
            case BRINK_SMP_BIGR_MID:
            default:
                r = (3 * p[i] - (pmax + 2 * pmin)) / (2 * (pmax - pmin));
                break;
            }
        }
        w->risk[i] = r;
    }
    for (size_t h = 0; h < n; h++)
        for (size_t i = 0; i < n; i++)
            w->rh[h * n + i] = perceived_risk(opt->bigr_adjust, w->risk[h], w->risk[i]);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            w->util_true[i * n + j] = util(w->dist[i * n + j], w->rh[i * n + i]);
    return BRINK_OK;
}

/* The election reported for a state (§2.13): a PCE over the distinct positions with each actor's
 * true utilities and capability weights; writes each actor's probability to prob[n], and, when
 * the arrays are given, the distinct positions (first holder), each actor's position index and
 * the distribution. */
static int report_state(ws *w, double *prob, size_t *n_unique_out, size_t *pos_of,
                        size_t *unique_actor, double *unique_prob, brink_error *err)
{
    const size_t n = w->n, d = w->d;
    const double tol = w->opt->equal_position_tolerance;
    /* Distinct positions in order of first appearance (plain Euclidean distance < tol). */
    size_t nu = 0;
    for (size_t i = 0; i < n; i++) {
        int found = 0;
        for (size_t c = 0; c < nu && !found; c++)
            found = plain_dist(w->pos + i * d, w->pos + w->uniq[c] * d, d) < tol;
        if (!found)
            w->uniq[nu++] = i;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < nu; c++)
            w->umat[i * nu + c] = w->util_true[i * n + w->uniq[c]];
    int rc = pce(w, n, nu, w->cap, w->umat, nu, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        /* as smpc: the last distinct position within tolerance of i's (tolerance is not
         * transitive, so i may be near more than one) */
        size_t which = 0;
        for (size_t c = 0; c < nu; c++)
            if (plain_dist(w->pos + i * d, w->pos + w->uniq[c] * d, d) < tol)
                which = c;
        prob[i] = w->pce_p[which];
        if (pos_of)
            pos_of[i] = which;
    }
    if (n_unique_out)
        *n_unique_out = nu;
    if (unique_actor)
        for (size_t c = 0; c < nu; c++) {
            unique_actor[c] = w->uniq[c];
            unique_prob[c] = w->pce_p[c];
        }
    return BRINK_OK;
}

/* ============================================================================================ */
/* Challenges and bargains (ktab-smp.md §2.7-2.9)                                               */
/* ============================================================================================ */

/* Fills w->u_to_i[t] = U^h(t, i) and w->u_own[t] = U^h(t, t) for every t: the perceptions of
 * viewer h that every challenge by i reads whatever its target (challenge). */
static void perceive_sweep(ws *w, size_t h, size_t i)
{
    const size_t n = w->n;
    const double *rh = w->rh + h * n;
    for (size_t t = 0; t < n; t++) {
        w->u_to_i[t] = util(w->dist[t * n + i], rh[t]);
        w->u_own[t] = util(w->dist[t * n + t], rh[t]);
    }
}

/* The third parties' side of a challenge of j by i as h sees it (§2.7): every t other than i and
 * j joins the side it prefers, given its own estimate of the odds once it has joined, and its vote
 * is added to *c_ij (support for i) or *c_ji (for j), in index order; on entry they hold the
 * principals' coalitions. w->u_to_i and w->u_own must hold perceive_sweep(w, h, i).
 * The votes are independent of one another, so they are computed first, in a loop whose
 * iterations overlap (t = i and t = j are computed too and left out), and summed afterwards in
 * index order. Adding +0 for the side t does not support leaves a coalition
 * (> 0 by the floor) exactly as it was, and keeps data-dependent branches out of this O(N^3)
 * work (c + (-v) is c - v exactly). Called with constant rules for smpc's defaults, so that the
 * compiler specialises the loops for them. */
static inline void third_parties(const ws *w, size_t h, size_t i, size_t j,
                                 brink_smp_voting_rule vr, brink_smp_tp_commit commit, double *c_ij,
                                 double *c_ji)
{
    const size_t n = w->n;
    const double *dist = w->dist, *rh = w->rh + h * n;
    const double *u_to_i = w->u_to_i, *u_own = w->u_own, *clout = w->clout;
    const double prin_i = *c_ij, prin_j = *c_ji;
    double *tp_vote = w->tp_vote;
    for (size_t t = 0; t < n; t++) {
        const double wt = clout[t];
        const double uti = u_to_i[t], utj = util(dist[t * n + j], rh[t]), utt = u_own[t];
        /* t's estimate that i wins once t has joined the side it prefers */
        const double ct = VOTE(vr, wt, uti, utj);
        const double ct_against = -ct;
        const double cti = prin_i + (ct > 0 ? ct : 0.0);
        const double ctj = prin_j + (ct_against > 0 ? ct_against : 0.0);
        const double pi = cti / (cti + ctj), pj = 1.0 - pi;
        /* utilities summed over the three affected positions (i's, j's, t's) */
        double join_i_win, join_i_lose, join_j_lose, join_j_win;
        switch (commit) {
        case BRINK_SMP_TP_FULL_COMMIT:
            join_i_win = uti + uti + uti;
            join_i_lose = utj + utj + utj;
            join_j_lose = uti + uti + uti;
            join_j_win = utj + utj + utj;
            break;
        case BRINK_SMP_TP_NO_COMMIT:
            join_i_win = uti + uti + utt;
            join_i_lose = utj + utj + utt;
            join_j_lose = uti + uti + utt;
            join_j_win = utj + utj + utt;
            break;
        case BRINK_SMP_TP_SEMI_COMMIT:
        default:
            join_i_win = uti + uti + utt;  /* a winning ally keeps its own position */
            join_i_lose = utj + utj + utj; /* a losing ally is dragged to the winner's */
            join_j_lose = uti + uti + uti;
            join_j_win = utj + utj + utt;
            break;
        }
        const double eu_join_i = (pi * join_i_win) + (pj * join_i_lose);
        const double eu_join_j = (pi * join_j_lose) + (pj * join_j_win);
        tp_vote[t] = VOTE(vr, wt, eu_join_i, eu_join_j);
    }
    double chij = prin_i, chji = prin_j;
    for (size_t t = 0; t < n; t++) {
        if (t == i || t == j)
            continue;
        const double vt = tp_vote[t], vt_against = -vt;
        chij = chij + (vt > 0 ? vt : 0.0);
        chji = chji + (vt_against > 0 ? vt_against : 0.0);
    }
    *c_ij = chij;
    *c_ji = chji;
}

/* h's estimate of the probability *p_win that i beats j, and of the expected change *gain in
 * the utility of k (relative to the status quo) when i challenges j. Utilities are h's
 * perceptions U^h(x, y) = u(dist[x][y]; R^h_x); effective power is capability x total salience;
 * each third party weighs in on its own against the two principals ("little conflict").
 * w->u_to_i and w->u_own must hold perceive_sweep(w, h, i): one sweep serves every target j, so
 * an initiator's N - 1 challenges compute N utilities per challenge instead of 3N. */
static inline __attribute__((always_inline)) void challenge(const ws *w, size_t h, size_t k, size_t i, size_t j, double *p_win,
                      double *gain)
{
    const size_t n = w->n;
    const brink_smp_voting_rule vr = w->opt->voting_rule;
    const double *dist = w->dist, *rh = w->rh + h * n;
    const double *u_to_i = w->u_to_i, *u_own = w->u_own, *clout = w->clout;
    const double uii = u_to_i[i], uij = util(dist[i * n + j], rh[i]);
    const double uji = u_to_i[j], ujj = u_own[j];
    const double uki = u_to_i[k], ukj = util(dist[k * n + j], rh[k]);
    const double eu_sq = uki + ukj;   /* positions stay as they are */
    const double eu_win = uki + uki;  /* j adopts i's position */
    const double eu_lose = ukj + ukj; /* i adopts j's position */
    const double sj = w->sal_sum[j];

    /* the principals' own contributions */
    double ci = vote(vr, clout[i], uii, uij);
    double cj = vote(vr, clout[j], uji, ujj);
    double chij = CHLG_COALITION_FLOOR, chji = CHLG_COALITION_FLOOR;
    if (ci > 0)
        chij = chij + ci;
    if (ci < 0)
        chji = chji - ci;
    if (cj > 0)
        chij = chij + cj;
    if (cj < 0)
        chji = chji - cj;
    const brink_smp_tp_commit commit = w->opt->third_party_commit;
    if (vr == BRINK_SMP_VOTE_PROP && commit == BRINK_SMP_TP_SEMI_COMMIT)
        third_parties(w, h, i, j, BRINK_SMP_VOTE_PROP, BRINK_SMP_TP_SEMI_COMMIT, &chij, &chji);
    else
        third_parties(w, h, i, j, vr, commit, &chij, &chji);

    /* always the linear strength ratio here, whatever victory_prob_model says (as smpc) */
    const double pij = chij / (chij + chji), pji = chji / (chij + chji);
    const double eu_contest = pij * eu_win + pji * eu_lose;
    /* the target yields outright with probability 1 - S_j */
    const double eu_chlg = (1 - sj) * eu_win + sj * eu_contest;
    *p_win = pij;
    *gain = eu_chlg - eu_sq;
}

/* Rounds x to the option's number of decimals, truncating x * 10^dec + 1/2 as smpc does. */
static double round_bargain(const ws *w, double x)
{
    int dec = w->opt->bargain_decimals;
    if (dec < 0)
        return x;
    double scale = 1;
    for (int e = 0; e < dec; e++)
        scale *= 10.0;
    return trunc(0.5 + x * scale) / scale;
}

/* Interpolates the bargain between initiator i and target j with win probabilities prb_i and
 * prb_j, per dimension (InterVecBrgn): bi is offered to i, bj to j. */
static void interpolate(const ws *w, size_t i, size_t j, double prb_i, double prb_j, double *bi,
                        double *bj)
{
    const size_t d = w->d;
    for (size_t k = 0; k < d; k++) {
        const double ti = w->pos[i * d + k], si = w->sal[i * d + k];
        const double tj = w->pos[j * d + k], sj = w->sal[j * d + k];
        if (w->opt->inter_vec_brgn == BRINK_SMP_INTERP_S2PMAX) {
            /* only the side less likely to win moves, toward the other */
            double di = (prb_j > prb_i) ? (prb_j - prb_i) : 0;
            double dj = (prb_i > prb_j) ? (prb_i - prb_j) : 0;
            double si2 = si * si, sj2 = sj * sj;
            double fi = (di * sj2) / ((di * sj2) + BARGAIN_MIN_WEIGHT + ((1 - di) * si2));
            double fj = (dj * si2) / ((dj * si2) + BARGAIN_MIN_WEIGHT + ((1 - dj) * sj2));
            bi[k] = ti + fi * (tj - ti);
            bj[k] = tj + fj * (ti - tj);
        } else {
            /* weights salience^e x probability^e; each side's copy adds a small floor to its own
             * weight so that 0/0 leaves both where they are */
            const double e = w->opt->inter_vec_brgn == BRINK_SMP_INTERP_S1P1 ? 1.0 : 2.0;
            const double wi = pow(si, e) * pow(prb_i, e);
            const double wj = pow(sj, e) * pow(prb_j, e);
            const double m = BARGAIN_MIN_WEIGHT;
            bi[k] = round_bargain(w, ((wi + m) * ti + wj * tj) / (wi + m + wj));
            bj[k] = round_bargain(w, (wi * ti + (m + wj) * tj) / (wi + m + wj));
        }
    }
}

/* The targets initiator i must assess, into w->cand (returned count), by decreasing upper bound
 * w->gain_ub[j] of i's gain from challenging j (ties by index). challenge's gain is
 *   g = (1 - S_j) eu_win + S_j (p eu_win + (1 - p) eu_lose) - eu_sq,
 * linear in the win probability p in [0, 1], so it is at most its value at p = 0 or p = 1. Those
 * bounds cost O(1) per target against challenge's O(N), and once the best gain found reaches the
 * bound of the next candidate, no later candidate can win: propose stops there. The bound carries
 * a relative slack of GAIN_BOUND_SLACK (far above the few ulps by which the computed p and 1 - p
 * can exceed the exact ones), so the target chosen is exactly the one a full sweep chooses, and
 * the results stay bit-identical. Targets whose bound is not above min_challenge_gain are left
 * out: they could never qualify. */
static size_t candidates(ws *w, size_t i)
{
    const size_t n = w->n;
    const double *rh = w->rh + i * n;
    const double uki = w->u_to_i[i];
    size_t nc = 0;
    for (size_t j = 0; j < n; j++) {
        if (j == i)
            continue;
        const double ukj = util(w->dist[i * n + j], rh[i]);
        const double eu_sq = uki + ukj, eu_win = uki + uki, eu_lose = ukj + ukj;
        const double sj = w->sal_sum[j];
        const double at1 = (1 - sj) * eu_win + sj * eu_win, at0 = (1 - sj) * eu_win + sj * eu_lose;
        const double ub = (at1 > at0 ? at1 : at0) - eu_sq +
                          GAIN_BOUND_SLACK * (fabs(eu_win) + fabs(eu_lose) + fabs(eu_sq) + 1);
        if (!(ub > w->opt->min_challenge_gain))
            continue;
        w->gain_ub[j] = ub;
        /* insertion by decreasing bound, stable in index order (N is small) */
        size_t c = nc++;
        while (c > 0 && w->gain_ub[w->cand[c - 1]] < ub) {
            w->cand[c] = w->cand[c - 1];
            c--;
        }
        w->cand[c] = j;
    }
    return nc;
}

/* Each actor picks its most advantageous target and proposes bargain(s) to it (§2.8-2.9). */
BRINK_HOT_CLONES
static void propose(ws *w)
{
    const size_t n = w->n, d = w->d;
    const brink_smp_options *opt = w->opt;
    for (size_t i = 0; i < n; i++) {
        int best = -1;
        double best_gain = -1.0, best_p = 0;
        perceive_sweep(w, i, i);
        size_t nc = candidates(w, i);
        for (size_t c = 0; c < nc; c++) {
            const size_t j = w->cand[c];
            if (w->gain_ub[j] < best_gain)
                break; /* neither j nor any later candidate can beat the best */
            double p, g;
            challenge(w, i, i, i, j, &p, &g);
            /* smpc takes the first target in index order among equal gains */
            if (opt->min_challenge_gain < g &&
                (best_gain < g || (g == best_gain && (int)j < best))) {
                best = (int)j;
                best_p = p;
                best_gain = g;
            }
        }
        w->target[i] = -1;
        w->n_bargains[i] = 0;
        if (best < 0 || !(0 < best_gain))
            continue;
        const size_t j = (size_t)best;
        w->target[i] = best;
        double *b0i = bargain_at(w, i, 0, 0), *b0j = bargain_at(w, i, 0, 1);
        interpolate(w, i, j, best_p, 1 - best_p, b0i, b0j);
        w->n_bargains[i] = 1;
        if (opt->bargn_model == BRINK_SMP_BARGN_INIT_ONLY)
            continue;

        /* the bargain from the target's view; smpc reads j's estimate of i's expected gain
         * where j's estimate of i's win probability is meant (fix_receiver_bargains) */
        double pj, gj;
        perceive_sweep(w, j, i);
        challenge(w, j, i, i, j, &pj, &gj);
        const double x = opt->fix_receiver_bargains ? pj : gj;
        double *b1i = bargain_at(w, i, 1, 0), *b1j = bargain_at(w, i, 1, 1);
        interpolate(w, i, j, x, 1 - x, b1i, b1j);
        if (opt->bargn_model == BRINK_SMP_BARGN_INIT_RCVR) {
            w->n_bargains[i] = 2;
            continue;
        }
        /* PW_COMP: the two averaged with weights c S (smpc: c_i S_i and c_i S_j) */
        const double wi = w->cap[i] * w->sal_sum[i];
        const double wj = (opt->fix_receiver_bargains ? w->cap[j] : w->cap[i]) * w->sal_sum[j];
        for (size_t k = 0; k < d; k++) {
            b0i[k] = (wi * b0i[k] + wj * b1i[k]) / (wi + wj);
            b0j[k] = (wi * b0j[k] + wj * b1j[k]) / (wi + wj);
        }
    }
}

/* Every actor k resolves its queue, {status quo} + the bargains it initiated or received, by a
 * PCE in which all actors vote with the average utility of the resulting world (capability
 * weights), and takes its own role in the winner (§2.10). A bargain sits in two queues (its
 * initiator's and its target's) with the same voter utilities, so these are computed once per
 * turn, before the queues. */
BRINK_HOT_CLONES
static int resolve(ws *w, brink_rng *rng, brink_error *err)
{
    const size_t n = w->n, d = w->d;
    const brink_smp_options *opt = w->opt;
    for (size_t a = 0; a < n; a++) {
        double s = 0;
        for (size_t m = 0; m < n; m++)
            s = s + w->util_true[a * n + m];
        w->sq_util[a] = s / (double)n;
    }
    for (size_t i = 0; i < n; i++) {
        if (w->target[i] < 0)
            continue;
        const size_t j = (size_t)w->target[i];
        for (int b = 0; b < w->n_bargains[i]; b++) {
            double *vals = w->bargain_util + (i * 2 + (size_t)b) * n;
            /* voter a's sum: its utilities of the two new positions, then of the unchanged ones
             * in index order; the voters' sums are independent, so they advance together (the
             * same additions in the same order for each voter, without a chain of n dependent
             * additions per voter) */
            for (size_t a = 0; a < n; a++) {
                const double *ia = w->ideal + a * d, *sa = w->sal + a * d;
                double s = 0;
                s = s + util(wdist(ia, bargain_at(w, i, b, 0), sa, w->sal_sq[a], d), w->risk[a]);
                s = s + util(wdist(ia, bargain_at(w, i, b, 1), sa, w->sal_sq[a], d), w->risk[a]);
                vals[a] = s;
            }
            for (size_t x = 0; x < n; x++) {
                if (x == i || x == j)
                    continue;
                for (size_t a = 0; a < n; a++)
                    vals[a] = vals[a] + w->util_true[a * n + x];
            }
            for (size_t a = 0; a < n; a++)
                vals[a] = vals[a] / (double)n;
        }
    }
    for (size_t k = 0; k < n; k++) {
        size_t nq = 0;
        w->queue_init[nq] = -1;
        w->queue_brg[nq++] = 0;
        for (size_t i = 0; i < n; i++)
            if (w->target[i] >= 0 && (i == k || (size_t)w->target[i] == k))
                for (int b = 0; b < w->n_bargains[i]; b++) {
                    w->queue_init[nq] = (int)i;
                    w->queue_brg[nq++] = b;
                }
        for (size_t a = 0; a < n; a++) {
            for (size_t m = 0; m < nq; m++) {
                if (w->queue_init[m] < 0) {
                    w->umat[a * nq + m] = w->sq_util[a];
                    continue;
                }
                const size_t i = (size_t)w->queue_init[m];
                const size_t b = (size_t)w->queue_brg[m];
                w->umat[a * nq + m] = w->bargain_util[(i * 2 + b) * n + a];
            }
        }
        int rc = pce(w, n, nq, w->cap, w->umat, nq, err);
        if (rc)
            return rc;
        const double *p = w->pce_p;
        size_t pick = 0;
        if (opt->state_transitions == BRINK_SMP_STOCHASTIC) {
            double u = brink_rng_uniform01(rng), cum = 0;
            pick = nq;
            for (size_t m = 0; m < nq; m++) {
                cum += p[m];
                if (u < cum) {
                    pick = m;
                    break;
                }
            }
            if (pick == nq) /* u beyond the rounded total: the last option with mass */
                for (size_t m = nq; m-- > 0;)
                    if (p[m] > 0) {
                        pick = m;
                        break;
                    }
            if (pick == nq)
                pick = 0;
        } else {
            double best = -1.0;
            for (size_t m = 0; m < nq; m++)
                if (best < fabs(p[m])) {
                    best = fabs(p[m]);
                    pick = m;
                }
        }
        const double *src = w->pos + k * d;
        if (w->queue_init[pick] >= 0) {
            const size_t i = (size_t)w->queue_init[pick];
            src = bargain_at(w, i, w->queue_brg[pick], i == k ? 0 : 1);
        }
        memcpy(w->newpos + k * d, src, d * sizeof(double));
    }
    return BRINK_OK;
}

/* Moves ideals toward the new positions through the accommodation matrix (§2.11):
 * q_i <- sum_j a_ij theta_j + (1 - sum_j a_ij) q_i, with theta the new positions (w->pos, so
 * call it once the new positions have become the current ones). */
static void update_ideals(ws *w)
{
    const size_t n = w->n, d = w->d;
    const double *acc = w->opt->accommodation;
    for (size_t i = 0; i < n; i++) {
        double *q = w->idealtmp + i * d;
        double si = 0;
        for (size_t k = 0; k < d; k++)
            q[k] = 0;
        for (size_t j = 0; j < n; j++) {
            const double a = acc ? acc[i * n + j] : (i == j ? 1.0 : 0.0);
            si = si + a;
            for (size_t k = 0; k < d; k++)
                q[k] = q[k] + a * w->pos[j * d + k];
        }
        si = si > 1.0 ? 1.0 : si;
        const double lag = 1.0 - si;
        for (size_t k = 0; k < d; k++)
            q[k] = q[k] + lag * w->ideal[i * d + k];
    }
    double *t = w->ideal;
    w->ideal = w->idealtmp;
    w->idealtmp = t;
}

/* ============================================================================================ */
/* The run                                                                                      */
/* ============================================================================================ */

void brink_smp_result_free(brink_smp_result *res)
{
    if (!res)
        return;
    brink_free(res->positions);
    brink_free(res->position_prob);
    brink_free(res->movement);
    brink_free(res->final_position_of);
    brink_free(res->final_position_actor);
    brink_free(res->final_position_prob);
    brink_free(res);
}

/* Allocates a result sized for states 0..max_turns. */
static int result_alloc(size_t n, size_t d, int max_turns, brink_smp_result **out, brink_error *err)
{
    const size_t states = (size_t)max_turns + 1;
    if (states > SIZE_MAX / n || states * n > SIZE_MAX / d)
        return brink_error_set(err, BRINK_ERANGE, NULL, 0, 0,
                               "smp: %d turns x %zu actors x %zu dimensions is too large",
                               max_turns, n, d);
    brink_smp_result *res = brink_calloc(1, sizeof *res);
    if (!res)
        goto nomem;
    res->n_actors = n;
    res->n_dims = d;
    res->positions = brink_mallocarray(states * n * d, sizeof(double));
    res->position_prob = brink_mallocarray(states * n, sizeof(double));
    res->movement = brink_mallocarray(states, sizeof(double));
    res->final_position_of = brink_mallocarray(n, sizeof(size_t));
    res->final_position_actor = brink_mallocarray(n, sizeof(size_t));
    res->final_position_prob = brink_mallocarray(n, sizeof(double));
    if (!res->positions || !res->position_prob || !res->movement || !res->final_position_of ||
        !res->final_position_actor || !res->final_position_prob)
        goto nomem;
    *out = res;
    return BRINK_OK;
nomem:
    brink_smp_result_free(res);
    return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "smp: out of memory for the result");
}

/* Records the current state t into res: positions (0-100) and the reported election. */
static int record_state(ws *w, brink_smp_result *res, int t, brink_error *err)
{
    const size_t n = w->n, d = w->d, base = (size_t)t * n;
    for (size_t x = 0; x < n * d; x++)
        res->positions[base * d + x] = w->pos[x] * 100.0;
    return report_state(w, res->position_prob + base, &res->n_final_positions,
                        res->final_position_of, res->final_position_actor, res->final_position_prob,
                        err);
}

int brink_smp_run(const brink_smp_scenario *sc, const brink_smp_options *opt, brink_rng *rng,
                  brink_smp_result **out, brink_error *err)
{
    brink_smp_options defaults;
    brink_smp_result *res = NULL;
    ws w;
    int rc;

    memset(&w, 0, sizeof w);
    if (!out)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0, "smp: out is NULL");
    *out = NULL;
    rc = brink_smp_scenario_validate(sc, err);
    if (rc)
        return rc;
    if (!opt) {
        brink_smp_options_default(&defaults);
        opt = &defaults;
    }
    rc = brink_smp_options_validate(opt, sc->n_actors, err);
    if (rc)
        return rc;
    if (opt->state_transitions == BRINK_SMP_STOCHASTIC && !rng)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "smp: stochastic state transitions need a brink_rng");

    const size_t n = sc->n_actors, d = sc->n_dims;
    rc = result_alloc(n, d, opt->max_turns, &res, err);
    if (rc)
        goto fail;
    w.opt = opt;
    rc = ws_alloc(&w, n, d, err);
    if (rc)
        goto fail;

    /* internal unit scale, as smpc: input / 100 */
    for (size_t i = 0; i < n; i++) {
        w.cap[i] = sc->capability[i];
        double s = 0, s2 = 0;
        for (size_t k = 0; k < d; k++) {
            const double sik = sc->salience[i * d + k] / 100.0;
            w.sal[i * d + k] = sik;
            w.pos[i * d + k] = sc->position[i * d + k] / 100.0;
            w.ideal[i * d + k] = w.pos[i * d + k];
            s = s + sik;
            s2 = s2 + sik * sik;
        }
        w.sal_sum[i] = s;
        w.sal_sq[i] = s2;
        w.clout[i] = w.sal_sum[i] * w.cap[i];
    }

    rc = assess_state(&w, err);
    if (rc)
        goto fail;
    rc = record_state(&w, res, 0, err);
    if (rc)
        goto fail;
    res->movement[0] = 0;

    double first_move = 0;
    int t = 0;
    for (;;) {
        t++;
        propose(&w);
        rc = resolve(&w, rng, err);
        if (rc)
            goto fail;
        double moved = 0;
        for (size_t i = 0; i < n; i++)
            moved = moved + plain_dist(w.pos + i * d, w.newpos + i * d, d);
        double *tmp = w.pos;
        w.pos = w.newpos;
        w.newpos = tmp;
        update_ideals(&w);
        rc = assess_state(&w, err);
        if (rc)
            goto fail;
        rc = record_state(&w, res, t, err);
        if (rc)
            goto fail;
        res->movement[t] = moved;
        if (t == 1)
            first_move = moved;
        /* smpc's rule; the floor keeps the ratio finite (with stop_floor = 0 and a first turn
         * in which nobody moved, only a turn without movement counts as quiet) */
        const double denom = first_move + opt->stop_floor;
        const int quiet =
            t >= opt->min_turns && (denom > 0 ? moved / denom < opt->stop_ratio : moved == 0);
        if (quiet || t >= opt->max_turns) {
            res->stop_reason = quiet ? BRINK_SMP_STOPPED_CONVERGED : BRINK_SMP_STOPPED_MAX_TURNS;
            break;
        }
    }
    res->turns = t;
    ws_free(&w);
    *out = res;
    return BRINK_OK;

fail:
    ws_free(&w);
    brink_smp_result_free(res);
    return rc;
}
