/* SPDX-License-Identifier: MIT */
/*
 * eu.h — Bueno de Mesquita's expected-utility ("challenge") model of group decisions on one issue,
 * as reconstructed by Scholz, Calbert & Smith (2011, ICAART 2011, 18-30; the appendix's 13-step
 * algorithm), with every choice the reconstruction leaves open exposed as a named switch.
 *
 * Actors hold a position on one policy dimension, a capability and a salience. Each round every
 * actor estimates, for every other actor, the expected utility of challenging it and of being
 * challenged by it (utilities in distances normalised by a range, win probabilities from
 * capability x salience weighted votes, the target's salience as the probability that it
 * resists), derives a risk exponent from how exposed it is, recomputes the expected utilities with
 * that exponent, classifies each dyad (confrontation, compromise, capitulation, nothing) and
 * accepts one offer. The forecast is the median-voter (Condorcet) position when bargaining stops.
 *
 * The model has no solid empirical edge over the capability x salience weighted mean (see
 * docs/bargaining.md and bargain/baseline.h); it is provided so that its forecasts can be reported
 * next to those baselines, not instead of them.
 *
 * Internal API for now (the lead will move the public part into brink.h); written as if public.
 * Everything here is reentrant: no global state, no I/O; a brink_eu_result is immutable once
 * returned and may be read by many threads at once. Identical inputs and options give
 * bit-identical results.
 */
#ifndef BRINK_BARGAIN_EU_H
#define BRINK_BARGAIN_EU_H

#include "brink.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Upper bound on brink_eu_options.max_rounds (the result is sized for max_rounds up front). */
#define BRINK_EU_MAX_ROUNDS 100000

/* One actor on one issue. */
typedef struct brink_eu_actor {
    const char *name;  /* used in error messages only; may be NULL; borrowed */
    double capability; /* >= 0, any scale (only ratios matter) */
    double position;   /* any finite value on the scale */
    double salience;   /* in [0, salience_scale]; divided by salience_scale before use */
} brink_eu_actor;

/* How the probability that i prevails against j is normalised (Scholz eqs. 30-31). */
typedef enum brink_eu_prob_norm {
    /* Denominator: the sum of |votes| over every voter and every ordered pair of actors (the
     * public reconstruction, following Scholz's own code). Keeps P near 1/n^2. */
    BRINK_EU_PROB_GLOBAL = 0,
    /* Denominator: the sum of |votes| over voters for this pair only (eq. 31 as printed), so
     * P_ij + P_ji = 1 whenever anyone votes. */
    BRINK_EU_PROB_PER_PAIR = 1
} brink_eu_prob_norm;

/* How a voter's support for x_i over x_j is measured in the win probability. */
typedef enum brink_eu_votes {
    /* c_k s_k [(|x_k - x_j|/R)^r_k - (|x_k - x_i|/R)^r_k] with the voter's current exponent
     * (the public reconstruction). */
    BRINK_EU_VOTES_RISK_WEIGHTED = 0,
    /* The same with r_k = 1 (eq. 28 as printed). */
    BRINK_EU_VOTES_LINEAR = 1
} brink_eu_votes;

/* Whose risk exponent prices the two expected utilities of a dyad. */
typedef enum brink_eu_perspective {
    /* Both E(U_ij) and E(U_ji) as estimated by the prospective mover i, with r_i (the public
     * reconstruction; BDM's "perceptual" quadrant charts). */
    BRINK_EU_VIEW_MOVER = 0,
    /* E(U_ij) with r_i and E(U_ji) with r_j (the axis labels of Scholz's Fig. 6). */
    BRINK_EU_VIEW_OWN = 1
} brink_eu_perspective;

/* How an actor chooses among the offers it receives (Scholz §6.2). */
typedef enum brink_eu_select {
    /* The nearest confrontation it loses; else the compromise minimising
     * (|E_ij| x_i + |E_ji| x_j) / (|E_ij| + |E_ji|); else the nearest capitulation. Reproduces
     * Scholz's code (and Table 2), but is not invariant to reversing the scale. */
    BRINK_EU_SELECT_SCHOLZ_CODE = 0,
    /* Confrontation before compromise before capitulation; the smallest move within a type
     * (the order Scholz et al. propose in the text). */
    BRINK_EU_SELECT_TYPE_THEN_LEAST_MOVE = 1,
    /* The smallest move over all offers ("players move the least that they can", BDM 1997);
     * ties by type order, then by proposer index. */
    BRINK_EU_SELECT_LEAST_MOVE = 2,
    /* The offer whose proposer expects most from challenging the mover ("those better able to
     * enforce their wishes ... make their proposals stick"); ties by the smallest move. */
    BRINK_EU_SELECT_MOST_ENFORCEABLE = 3
} brink_eu_select;

/* The range R that normalises distances. */
typedef enum brink_eu_range {
    BRINK_EU_RANGE_INITIAL = 0,   /* spread of the initial positions, fixed for the run */
    BRINK_EU_RANGE_PER_ROUND = 1, /* spread of the positions at the start of each round */
    BRINK_EU_RANGE_SCALE = 2      /* options.scale_range: the width of the declared scale */
} brink_eu_range;

/* When the run ends. */
typedef enum brink_eu_stop {
    BRINK_EU_STOP_FIXED_ROUNDS = 0,    /* run exactly max_rounds rounds (Scholz step 13) */
    BRINK_EU_STOP_MEDIAN_TOLERANCE = 1 /* stop when the median settles or cycles (BDM 2002) */
} brink_eu_stop;

/* Why the run ended. */
typedef enum brink_eu_stop_reason {
    BRINK_EU_STOPPED_MAX_ROUNDS = 0,    /* max_rounds reached */
    BRINK_EU_STOPPED_MEDIAN_STABLE = 1, /* |median shift| < tolerance for stable_rounds rounds */
    BRINK_EU_STOPPED_CYCLE = 2          /* positions repeated an earlier round's */
} brink_eu_stop_reason;

/* The kind of offer an actor accepts (from the mover's point of view). */
typedef enum brink_eu_offer_type {
    BRINK_EU_OFFER_NONE = 0,
    /* 0 < E_ij < E_ji: the mover expects to lose a conflict and moves to the proposer. */
    BRINK_EU_OFFER_CONFRONTATION = 1,
    /* E_ij < 0 < E_ji, E_ji > |E_ij|: the mover moves part way, by the ratio |E_ij / E_ji|. */
    BRINK_EU_OFFER_COMPROMISE = 2,
    /* E_ij < 0 < E_ji, E_ji <= |E_ij|: the mover gives in completely (only with capitulation). */
    BRINK_EU_OFFER_CAPITULATION = 3
} brink_eu_offer_type;

/* Every contested choice of the model. Obtain a complete set from a preset
 * (brink_eu_options_scholz_code, brink_eu_options_preset) and change fields by name. */
typedef struct brink_eu_options {
    brink_eu_prob_norm prob_norm;
    brink_eu_votes votes;
    brink_eu_perspective perspective;
    /* Probability that an unchallenged target stays put (Scholz eqs. 25a/b); in [0, 1].
     * 1 in BDM 1985 and in Scholz's replication, 0.5 in BDM & Lalman 1986. */
    double q;
    brink_eu_select select;
    /* 1: an actor facing E_ij < 0 < E_ji <= |E_ij| capitulates (moves to x_j). 0: that branch
     * never fires, as in the public reconstruction, whose condition contains a typo. */
    int capitulation;
    brink_eu_range range;
    /* Width of the position scale, for BRINK_EU_RANGE_SCALE; must be >= the initial spread
     * (position units). Ignored otherwise. */
    double scale_range;
    /* Input saliences are divided by this (1 for a 0-1 scale, 100 for 0-100); > 0. */
    double salience_scale;
    /* k in r = (1 - R_i/k) / (1 + R_i/k) (Scholz eq. 34); > 1. 3 gives r in [0.5, 2]. */
    double risk_divisor;
    brink_eu_stop stop;
    /* Rounds to run (fixed) or at most (tolerance); 1..BRINK_EU_MAX_ROUNDS. */
    int max_rounds;
    /* A round whose median moved by less than this counts as stable (position units, >= 0). */
    double median_tolerance;
    /* Consecutive stable rounds that end a tolerance run; >= 1. */
    int stable_rounds;
    /* 1: compare each round's positions with every earlier round's; a repeat (all positions
     * within cycle_tolerance) is a cycle, recorded in the result, and ends a tolerance run. */
    int detect_cycles;
    double cycle_tolerance; /* position units, >= 0 */
    /* 1: every actor chooses from the start-of-round positions and all move at once (Scholz).
     * 0: actors choose and move one after another in index order, each seeing earlier moves;
     * risk exponents, range and median stay those of the start of the round. */
    int simultaneous;
    /* 0 (both presets): the exact arithmetic, libm's pow and the normaliser summed term by term
     * in a fixed order, so results are reproducible against published tables to the last bit.
     * 1: a faster path for simulations that run the model every step: powers from vectorised
     * log and exp (core/vmath.h, <= 4 ulp from pow), each pair's logarithms computed once for
     * both orders, the global normaliser and (GLOBAL) the win probabilities in O(n^2) from the
     * positions' order. Values differ from the exact path by rounding only (about 1e-13 on the
     * round's values of order 1; a move or median can still differ when two contests are
     * within rounding of a tie); still deterministic, and the same bits whether the AVX2 or the
     * baseline code runs. See docs/bargaining.md, "The fast path". */
    int fast_math;
} brink_eu_options;

/* The preset "scholz-code": the choices of the public Python reconstruction
 * (jmckib/bdm-scholz-expected-utility-model, which follows Scholz's own code), which reproduces
 * Scholz et al.'s Table 2: global normaliser, risk-weighted votes, mover's perspective, Q = 1,
 * SCHOLZ_CODE selection, capitulation off, initial range, salience on 0-1, divisor 3, 10 fixed
 * rounds, simultaneous moves, cycle detection on (recorded only), exact arithmetic (fast_math
 * 0). Pure; thread-safe. */
brink_eu_options brink_eu_options_scholz_code(void);

/* The preset "scholz-paper": the equations as printed — per-pair normaliser, linear votes, each
 * side's own exponent, Q = 1, TYPE_THEN_LEAST_MOVE selection, capitulation on, initial range,
 * salience on 0-1, divisor 3, 10 fixed rounds, simultaneous moves, exact arithmetic. Documented,
 * not validated against any published trajectory (none exists). Pure; thread-safe. */
brink_eu_options brink_eu_options_scholz_paper(void);

/* Looks a preset up by name ("scholz-code", "scholz-paper") and writes it to *out.
 * Returns BRINK_OK, BRINK_EINVAL (unknown name; the message lists the known ones) or
 * BRINK_EUSAGE (name or out NULL). Thread-safe. */
int brink_eu_options_preset(const char *name, brink_eu_options *out, brink_error *err);

/* Checks every field of opt. Returns BRINK_OK or BRINK_EINVAL naming the field, its value and
 * what was expected (BRINK_EUSAGE when opt is NULL). Thread-safe. */
int brink_eu_options_check(const brink_eu_options *opt, brink_error *err);

/* Short static names: an offer type ("none", "confrontation", "compromise", "capitulation"),
 * a stop reason ("max-rounds", "median-stable", "cycle"); "unknown" for other values. */
const char *brink_eu_offer_type_name(brink_eu_offer_type t);
const char *brink_eu_stop_reason_name(brink_eu_stop_reason r);

/* One accepted offer. Indices refer to the input actor array. */
typedef struct brink_eu_move {
    int round;       /* 1-based */
    size_t mover;    /* the actor that moved */
    size_t proposer; /* the actor whose offer it accepted */
    brink_eu_offer_type type;
    double eu_mover;    /* E(U_ij): what the mover expects from challenging the proposer */
    double eu_proposer; /* E(U_ji): what the proposer expects from challenging the mover, as the
                           options' perspective prices it */
    double position_before;
    double position_after;
} brink_eu_move;

/* Round-1 values for the ordered pair (i, j), i != j: at the start of round 1 (with sequential
 * updating, the second-pass values are those i saw when its turn came). */
typedef struct brink_eu_pair {
    double p_first;            /* P_ij with every r = 1 (first pass) */
    double eu_first;           /* E(U_ij) with every r = 1 */
    double p;                  /* P_ij with the round's risk exponents (second pass) */
    double eu_ij;              /* E(U_ij) priced with r_i */
    double eu_ji;              /* E(U_ji), priced with r_i (VIEW_MOVER) or r_j (VIEW_OWN) */
    brink_eu_offer_type offer; /* the offer j makes to i (i would move), NONE if none */
    double offer_position;     /* where i would move; NaN when offer is NONE */
} brink_eu_pair;

/* The outcome of one run. Read-only; every array is owned by the result. With n actors and
 * T = rounds:
 *   position[t*n + i]       actor i's position after round t (t = 0: the input), t = 0..T
 *   risk_exponent[(t-1)*n + i]  the exponent r_i that actor i used in round t, t = 1..T
 *   range[t-1]              the range R used in round t
 *   median[t], mean[t], weighted_median[t]  after round t, t = 0..T: the Condorcet winner among
 *                           the positions (linear votes, ties to the lowest position), the
 *                           capability x salience weighted mean, the lower weighted median
 *   moves[0..nmoves)        every accepted offer, by round, then by mover index
 *   pairs[i*n + j]          round-1 values of the ordered pair (i, j); diagonal: zeros, NONE, NaN
 *   security[i]             S_i = sum over j != i of E(U_ji) at r = 1, round 1
 *   risk_acceptance[i]      R_i in [-1, 1], round 1 (0 for every actor when all S_i are equal)
 * A lean result of brink_eu_run_ws has pairs, mean and weighted_median NULL unless asked for.
 */
typedef struct brink_eu_result {
    size_t n;
    int rounds;
    brink_eu_stop_reason stop_reason;
    int cycle_round;  /* first round whose positions repeated an earlier round's; 0 = none seen */
    int cycle_period; /* cycle_round minus the round it repeated; 0 = none */
    double *position;
    double *risk_exponent;
    double *range;
    double *median;
    double *mean;
    double *weighted_median;
    brink_eu_move *moves;
    size_t nmoves;
    brink_eu_pair *pairs;
    double *security;
    double *risk_acceptance;
} brink_eu_result;

/* Runs the model on n actors with options opt (NULL: the scholz-code preset).
 * On success returns BRINK_OK and *out is a new result, freed with brink_eu_result_free.
 * Errors (with *out set to NULL and a message in err):
 *   BRINK_EINVAL  n < 2; a capability negative or not finite; a position not finite; a salience
 *                 not finite or outside [0, 1] after dividing by salience_scale; every
 *                 capability x salience zero; an invalid option (see brink_eu_options_check);
 *                 scale_range below the initial spread
 *   BRINK_ENOMEM  an allocation failed (nothing leaks)
 *   BRINK_ERANGE  (max_rounds + 1) * n too large to allocate
 *   BRINK_EUSAGE  actors or out NULL
 * All memory (the result and one workspace, in one block) is allocated before the first round;
 * the round loop allocates nothing (brink_eu_run_ws allocates nothing at all). Borrows actors and
 * opt for the duration of the call. Reentrant. */
int brink_eu_run(const brink_eu_actor *actors, size_t n, const brink_eu_options *opt,
                 brink_eu_result **out, brink_error *err);

/* Frees a result; NULL is allowed. */
void brink_eu_result_free(brink_eu_result *res);

/* A workspace for running the model many times without allocating (a simulation that bargains
 * every step): the result and every scratch array of brink_eu_run, sized once for up to max_n
 * actors and max_rounds rounds, in memory the caller provides (an arena, say). One workspace
 * serves one thread at a time; a result obtained from it lives in it and is overwritten by the
 * next run. */
typedef struct brink_eu_workspace brink_eu_workspace;

/* What brink_eu_run_ws fills besides positions, risk exponents, ranges, medians, moves, security
 * and risk acceptance (which it always fills). Left out, the result's pointer is NULL. */
#define BRINK_EU_WANT_PAIRS 1u     /* pairs: the round-1 values of every ordered pair */
#define BRINK_EU_WANT_SUMMARIES 2u /* mean and weighted_median of every row */
#define BRINK_EU_WANT_ALL 3u       /* everything brink_eu_run fills */

/* Bytes of a workspace for up to max_n actors and max_rounds rounds (1..BRINK_EU_MAX_ROUNDS);
 * 0 when max_n is 0, max_rounds is out of range or the size overflows. Pure; thread-safe. */
size_t brink_eu_workspace_size(size_t max_n, int max_rounds);

/* Lays a workspace out in mem, which must be aligned to max_align_t and hold size >=
 * brink_eu_workspace_size(max_n, max_rounds) bytes (contents irrelevant); the workspace borrows
 * mem, so nothing is freed. Returns it, or NULL when mem is NULL or misaligned, size is too
 * small or the arguments are out of range. */
brink_eu_workspace *brink_eu_workspace_init(void *mem, size_t size, size_t max_n, int max_rounds);

/* brink_eu_run in a workspace: same checks and errors (NULL ws is BRINK_EUSAGE; n above max_n or
 * opt->max_rounds above max_rounds is BRINK_ERANGE), bit-identical values in every field it
 * fills, and no allocation. want is a set of BRINK_EU_WANT_* bits (0: the lean result, e.g. for
 * the final median alone). On success *out points into ws (do not free it) and stays valid until
 * the next run in ws; on error *out is NULL. Not reentrant on the same ws. */
int brink_eu_run_ws(brink_eu_workspace *ws, const brink_eu_actor *actors, size_t n,
                    const brink_eu_options *opt, unsigned want, const brink_eu_result **out,
                    brink_error *err);

#ifdef __cplusplus
}
#endif

#endif /* BRINK_BARGAIN_EU_H */
