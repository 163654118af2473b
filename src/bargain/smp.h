/* SPDX-License-Identifier: MIT */
/*
 * smp.h — KTAB's spatial model of politics with probabilistic Condorcet elections ("smpc",
 * KAPSARC Toolkit for Behavioral Analysis; B. P. Wise et al.), re-implemented from the research
 * note shared/reference/ktab-smp.md §2 and checked against smpc's own runs (docs/smp.md).
 *
 * N actors hold positions on D issue dimensions (0-100), a capability and a salience per
 * dimension. Every turn each actor re-infers its risk attitude from how likely its position is to
 * win a probabilistic Condorcet election (PCE) among all positions, picks the rival whose
 * challenge it expects to gain most from (third parties joining either side), proposes a
 * compromise interpolated per dimension, and then every actor holds a small PCE among the
 * proposals that involve it (plus the status quo) and moves to the winner. The run stops when a
 * turn moves less than 2 % of what the first turn moved (at least 2, at most 100 turns).
 *
 * Every switch of smpc's model is a named enum in brink_smp_options with smpc's default; so are
 * the coefficients smpc hard-codes. With the defaults the results equal smpc's (same turn count,
 * same positions, same probabilities; docs/smp.md gives the measured agreement). Two things
 * differ on purpose: ties are always broken by the lowest index (smpc's multi-threaded queues
 * break exact ties in thread order), and the stochastic mode draws from a caller's brink_rng in a
 * fixed order, so it is reproducible from a seed (smpc's is not).
 *
 * Internal API (the lead may move the public part into brink.h); written as if public. All
 * functions are reentrant: no global state, no I/O except brink_smp_csv_load reading its file.
 * A brink_smp_scenario and a brink_smp_result are immutable once returned and may be read by
 * many threads at once. Identical inputs, options and rng state give bit-identical results.
 *
 * Scales: positions and saliences are given and returned on smpc's 0-100 scale; internally (as in
 * smpc) both are divided by 100. Options documented "unit scale" are on that internal 0-1 scale.
 */
#ifndef BRINK_BARGAIN_SMP_H
#define BRINK_BARGAIN_SMP_H

#include "brink.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Largest problem accepted (smpc itself accepts 3..250 actors). */
#define BRINK_SMP_MAX_ACTORS 1000
#define BRINK_SMP_MAX_DIMS 100
/* Upper bound on brink_smp_options.max_turns (the result is sized for max_turns up front). */
#define BRINK_SMP_MAX_TURNS 100000

/* ============================================================================================ */
/* Scenario                                                                                     */
/* ============================================================================================ */

/* A scenario: N actors, each with a capability and, on each of D dimensions, a position and a
 * salience. A caller may fill one itself with borrowed arrays (storage_ = NULL; never pass such a
 * scenario to brink_smp_scenario_free); the CSV readers return one that owns everything. */
typedef struct brink_smp_scenario {
    const char *name;                      /* may be NULL */
    const char *description;               /* may be NULL */
    size_t n_actors;                       /* N, 2..BRINK_SMP_MAX_ACTORS */
    size_t n_dims;                         /* D, 1..BRINK_SMP_MAX_DIMS */
    const char *const *actor_names;        /* [N] (used in messages) or NULL */
    const char *const *actor_descriptions; /* [N] or NULL */
    const char *const *dim_names;          /* [D] or NULL */
    const double *capability;              /* [N], finite and > 0 (any unit; only ratios matter) */
    const double *position;                /* [N*D] row-major (actor i, dim k at i*D+k), 0..100 */
    /* [N*D], each 0..100 with 0 < sum over k <= 100 for every actor (percent of attention) */
    const double *salience;
    void *storage_; /* private: the memory a loaded scenario owns */
} brink_smp_scenario;

/* Checks a scenario: 2 <= N <= BRINK_SMP_MAX_ACTORS, 1 <= D <= BRINK_SMP_MAX_DIMS, non-NULL
 * arrays, every number finite, capabilities > 0, positions and saliences in [0, 100], each
 * actor's saliences summing to more than 0 and at most 100. Returns BRINK_OK or BRINK_EINVAL
 * (BRINK_EUSAGE for sc == NULL) with a message naming the actor and dimension. Borrows sc;
 * thread-safe. */
int brink_smp_scenario_validate(const brink_smp_scenario *sc, brink_error *err);

/* Frees a scenario returned by brink_smp_csv_parse or brink_smp_csv_load; NULL is allowed.
 * Must not be given a scenario the caller filled itself. */
void brink_smp_scenario_free(brink_smp_scenario *sc);

/* Parses smpc's CSV layout (ktab-smp.md §1.1; docs/smp.md):
 *
 *   <scenario name>,<scenario description>,<N>,<D>
 *   Actor,Description,Power,<dim-1 name>,<sal-1 header>,...,<dim-D name>,<sal-D header>
 *   <name>,<description>,<capability>,<pos_1>,<sal_1>,...,<pos_D>,<sal_D>      (N rows)
 *
 * RFC 4180 quoting; trailing empty or blank fields (a trailing comma) are ignored; numbers may
 * have surrounding blanks; text fields are kept as written. Checks everything
 * brink_smp_scenario_validate checks and that there are exactly N actor rows; every error gives
 * file:line:col of the offending field (file is the name used in messages; may be NULL).
 * On success *out is a new scenario freed with brink_smp_scenario_free; on failure *out is NULL.
 * Errors: BRINK_EINVAL (with line and column), BRINK_ENOMEM, BRINK_EUSAGE (NULL text or out).
 * Borrows text; thread-safe. */
int brink_smp_csv_parse(const char *text, size_t len, const char *file, brink_smp_scenario **out,
                        brink_error *err);

/* Reads the file at path and parses it as brink_smp_csv_parse does (path names it in messages).
 * Errors: BRINK_EIO (cannot open or read), and those of brink_smp_csv_parse. */
int brink_smp_csv_load(const char *path, brink_smp_scenario **out, brink_error *err);

/* ============================================================================================ */
/* Options: every switch and coefficient of smpc's model, with smpc's defaults                  */
/* ============================================================================================ */

/* VictoryProbModel: P[a beats b] from coalition strengths C_ab, C_ba (ktab-smp.md §2.4). */
typedef enum brink_smp_vpm {
    BRINK_SMP_VPM_LINEAR = 0,  /* C_ab / (C_ab + C_ba)   (default) */
    BRINK_SMP_VPM_SQUARE = 1,  /* the same with C^2 */
    BRINK_SMP_VPM_QUARTIC = 2, /* C^4 */
    BRINK_SMP_VPM_OCTIC = 3,   /* C^8 */
    /* certain once one side is binary_vpm_threshold times stronger, linear in between */
    BRINK_SMP_VPM_BINARY = 4
} brink_smp_vpm;

/* VotingRule: the vote of an actor of weight w between options with utilities u_a, u_b,
 * d = u_a - u_b (positive supports a). */
typedef enum brink_smp_voting_rule {
    BRINK_SMP_VOTE_BINARY = 0,     /* w * clip(d / 1e-8, -1, 1) */
    BRINK_SMP_VOTE_PROP_BIN = 1,   /* w * (0.8 d + 0.2 clip(d / 1e-8, -1, 1)) */
    BRINK_SMP_VOTE_PROP = 2,       /* w * d   (default) */
    BRINK_SMP_VOTE_PROP_CUBIC = 3, /* w * (0.5 d + 0.5 d^3) */
    BRINK_SMP_VOTE_CUBIC = 4,      /* w * d^3 */
    BRINK_SMP_VOTE_ASYM_PROSP = 5  /* w * d for d < 0, (2/3) w * d for d > 0 (losses weigh more) */
} brink_smp_voting_rule;

/* PCEModel: from pairwise victory probabilities to one distribution over options (§2.5). */
typedef enum brink_smp_pce {
    BRINK_SMP_PCE_CONDITIONAL = 0,      /* P(a) ~ prod_b P[a beats b]   (default) */
    BRINK_SMP_PCE_MARKOV_INCENTIVE = 1, /* Markov chain, challenges in proportion to incentive */
    BRINK_SMP_PCE_MARKOV_UNIFORM = 2    /* Markov chain, every challenger equally likely */
} brink_smp_pce;

/* StateTransitions: how an actor's bargain queue picks the option it moves to. */
typedef enum brink_smp_transitions {
    BRINK_SMP_DETERMINISTIC =
        0,                   /* the most probable option, lowest queue index on ties (default) */
    BRINK_SMP_STOCHASTIC = 1 /* drawn from the queue's PCE with the caller's brink_rng */
} brink_smp_transitions;

/* BigRRange: the range the inferred risk attitudes R are mapped onto (§2.6). */
typedef enum brink_smp_bigr_range {
    BRINK_SMP_BIGR_MIN = 0, /* [0, 1] */
    BRINK_SMP_BIGR_MID = 1, /* [-1/2, 1]   (default) */
    BRINK_SMP_BIGR_MAX = 2  /* [-1, 1] */
} brink_smp_bigr_range;

/* BigRAdjust: how actor h perceives actor i's risk attitude, R^h_i. */
typedef enum brink_smp_bigr_adjust {
    BRINK_SMP_BIGR_ADJ_NONE = 0,       /* R_h */
    BRINK_SMP_BIGR_ADJ_ONE_THIRD = 1,  /* (2 R_h + R_i) / 3   (default) */
    BRINK_SMP_BIGR_ADJ_HALF = 2,       /* (R_h + R_i) / 2 */
    BRINK_SMP_BIGR_ADJ_TWO_THIRDS = 3, /* (R_h + 2 R_i) / 3 */
    BRINK_SMP_BIGR_ADJ_FULL = 4        /* R_i (smpc aborts with this; here it runs) */
} brink_smp_bigr_adjust;

/* ThirdPartyCommit: what a third party expects to happen to its own position (§2.7). */
typedef enum brink_smp_tp_commit {
    BRINK_SMP_TP_NO_COMMIT = 0,   /* keeps its position whoever wins */
    BRINK_SMP_TP_SEMI_COMMIT = 1, /* dragged to the winner only if its side loses   (default) */
    BRINK_SMP_TP_FULL_COMMIT = 2  /* always adopts the winner's position */
} brink_smp_tp_commit;

/* InterVecBrgn: how a bargain between positions is interpolated per dimension (§2.9). */
typedef enum brink_smp_interp {
    BRINK_SMP_INTERP_S1P1 = 0,  /* weights salience x win probability */
    BRINK_SMP_INTERP_S2P2 = 1,  /* weights salience^2 x win probability^2   (default) */
    BRINK_SMP_INTERP_S2PMAX = 2 /* only the weaker side moves, by salience^2 and the odds gap */
} brink_smp_interp;

/* BargnModel: whose win-probability estimate the bargain uses. */
typedef enum brink_smp_bargn_model {
    BRINK_SMP_BARGN_INIT_ONLY = 0, /* one bargain, from the initiator's estimate   (default) */
    BRINK_SMP_BARGN_INIT_RCVR = 1, /* two bargains, from the initiator's and the target's view */
    BRINK_SMP_BARGN_PW_COMP = 2    /* one bargain, power-weighted mean of those two */
} brink_smp_bargn_model;

/* The model's switches and coefficients. Get smpc's defaults from brink_smp_options_default and
 * change fields by name (or by smpc's names with brink_smp_options_set). */
typedef struct brink_smp_options {
    brink_smp_vpm victory_prob_model;        /* VictoryProbModel, default LINEAR */
    brink_smp_voting_rule voting_rule;       /* VotingRule, default PROP */
    brink_smp_pce pce_model;                 /* PCEModel, default CONDITIONAL */
    brink_smp_transitions state_transitions; /* StateTransitions, default DETERMINISTIC */
    brink_smp_bigr_range bigr_range;         /* BigRRange, default MID */
    brink_smp_bigr_adjust bigr_adjust;       /* BigRAdjust, default ONE_THIRD */
    brink_smp_tp_commit third_party_commit;  /* ThirdPartyCommit, default SEMI_COMMIT */
    brink_smp_interp inter_vec_brgn;         /* InterVecBrgn, default S2P2 */
    brink_smp_bargn_model bargn_model;       /* BargnModel, default INIT_ONLY */
    /* Ideal-accommodation ("pragmatic affinity") matrix a_ij, N*N row-major, borrowed: after each
     * turn q_i <- sum_j a_ij theta_j + (1 - sum_j a_ij) q_i. Entries in [0, 1], row sums <= 1.
     * NULL = identity (smpc's CSV default: an actor's ideal is its latest position). */
    const double *accommodation;
    /* 0 (default): INIT_RCVR and PW_COMP bargains are formed exactly as smpc forms them, i.e.
     * with the target's estimate of the initiator's expected utility gain where its win
     * probability is meant, and PW_COMP weighting the target's bargain by c_i S_j (ktab-smp.md
     * §7 item 7). 1: with the target's win probability and c_j S_j, as intended. No effect with
     * INIT_ONLY. */
    int fix_receiver_bargains;
    int min_turns; /* the run never stops before this many turns; >= 1; default 2 */
    /* The run stops after this many turns at the latest; 1..BRINK_SMP_MAX_TURNS; default 100. */
    int max_turns;
    /* Stop once movement(t-1, t) / (movement(0, 1) + stop_floor) < stop_ratio, where movement is
     * the sum over actors of the Euclidean distance moved (unit scale). Defaults 0.02 and 1e-4;
     * both >= 0. */
    double stop_ratio;
    double stop_floor;
    /* An actor proposes only if its best challenge gains more than this (utility; default 1e-5). */
    double min_challenge_gain;
    /* Positions closer than this (Euclidean, unit scale) count as one position in the reported
     * election (default 1e-3, i.e. 0.1 points on 0-100); > 0. */
    double equal_position_tolerance;
    /* S1P1/S2P2 bargains are rounded to this many decimals on the unit scale (default 4);
     * -1 = no rounding; at most 15. */
    int bargain_decimals;
    /* BINARY victory model: strength ratio that makes victory certain (default 1.1); > 1. */
    double binary_vpm_threshold;
    /* Markov PCE: stop when no probability changes by more than the tolerance (defaults 1e-8
     * incentive, 1e-6 uniform; > 0); fail with BRINK_ERANGE after markov_max_iter iterations
     * (default 1000; smpc checks this only after its loop ends). */
    double markov_incentive_tol;
    double markov_uniform_tol;
    int markov_max_iter;
} brink_smp_options;

/* Fills opt with smpc's defaults (the table in docs/smp.md). opt must not be NULL. */
void brink_smp_options_default(brink_smp_options *opt);

/* Sets one switch by smpc's parameter and value names (ktab-smp.md §2.14; case-insensitive),
 * e.g. ("VotingRule", "PropBin"), ("PCEModel", "MarkovIncentive"), ("BigRAdjust", "OneThird").
 * Returns BRINK_OK, or BRINK_EINVAL naming the accepted values. Thread-safe. */
int brink_smp_options_set(brink_smp_options *opt, const char *param, const char *value,
                          brink_error *err);

/* smpc's name of a switch value, e.g. ("VotingRule", 2) -> "Prop"; NULL for an unknown parameter
 * or value. Static storage. */
const char *brink_smp_option_name(const char *param, int value);

/* Checks every field (enum ranges, limits above) and, when accommodation is given, its N*N
 * entries for n_actors actors. Returns BRINK_OK or BRINK_EINVAL naming the field. */
int brink_smp_options_validate(const brink_smp_options *opt, size_t n_actors, brink_error *err);

/* ============================================================================================ */
/* Running the model                                                                            */
/* ============================================================================================ */

/* Why a run ended. */
typedef enum brink_smp_stop_reason {
    BRINK_SMP_STOPPED_CONVERGED = 0, /* the movement ratio fell below stop_ratio */
    BRINK_SMP_STOPPED_MAX_TURNS = 1  /* max_turns reached (smpc: cycling scenarios end here) */
} brink_smp_stop_reason;

/* The outcome of a run. State 0 is the input; state t the positions after turn t. */
typedef struct brink_smp_result {
    size_t n_actors;
    size_t n_dims;
    int turns; /* number of turns run = states - 1 (smpc's "S-1 steps") */
    brink_smp_stop_reason stop_reason;
    /* Positions of every actor in every state, 0-100 scale:
     * positions[(t * n_actors + i) * n_dims + k] for t = 0..turns. */
    double *positions;
    /* Probability of actor i's position in state t's election among the distinct positions
     * (smpc's "prob" lines and PosProb table): position_prob[t * n_actors + i]. Actors sharing a
     * position share its probability, so a state's values can sum to more than 1. */
    double *position_prob;
    /* Movement of each turn, sum over actors of the Euclidean distance moved (unit scale):
     * movement[t] for t = 1..turns; movement[0] = 0. */
    double *movement;
    /* The final state's election: final_position_of[i] is the index (0..n_final_positions-1) of
     * the distinct position actor i holds, final_position_actor[c] the first actor holding
     * position c and final_position_prob[c] its probability (summing to 1). */
    size_t n_final_positions;
    size_t *final_position_of;    /* [n_actors] */
    size_t *final_position_actor; /* [n_final_positions] */
    double *final_position_prob;  /* [n_final_positions] */
} brink_smp_result;

/* Runs the model on sc with options opt (NULL = defaults) until the stopping rule ends it.
 * rng is required (non-NULL) in STOCHASTIC mode, where actor k's queue draw in turn t is the
 * (t-1)*N + k + 1-th brink_rng_uniform01 draw taken from rng after the call starts (one draw per
 * actor per turn, in actor order), so a run is reproducible from the rng's state; rng is ignored
 * (may be NULL) in DETERMINISTIC mode. All memory (result and a workspace) is allocated before
 * the first turn; the turn loop allocates nothing.
 * On success *out is a new result freed with brink_smp_result_free; on failure *out is NULL and
 * nothing leaks. Errors: BRINK_EINVAL (scenario or options invalid), BRINK_ERANGE (a Markov PCE
 * did not converge, sizes overflow), BRINK_ENOMEM, BRINK_EUSAGE (NULL sc or out, or NULL rng in
 * STOCHASTIC mode). Borrows sc and opt; advances rng; thread-safe for distinct rng and out. */
int brink_smp_run(const brink_smp_scenario *sc, const brink_smp_options *opt, brink_rng *rng,
                  brink_smp_result **out, brink_error *err);

/* Frees a result; NULL is allowed. */
void brink_smp_result_free(brink_smp_result *res);

/* The position of actor i on dimension k in state t (0-100); no bounds checks. */
static inline double brink_smp_result_position(const brink_smp_result *res, int t, size_t i,
                                               size_t k)
{
    return res->positions[((size_t)t * res->n_actors + i) * res->n_dims + k];
}

#ifdef __cplusplus
}
#endif

#endif /* BRINK_BARGAIN_SMP_H */
