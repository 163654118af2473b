/* SPDX-License-Identifier: MIT */
/*
 * decide.h — actors' choices among actions, scored by projection (internal). See decide.c for
 * the equations and docs/ODD.md section 3.4.3 for their basis and parameters.
 *
 * Besides choosing, the decision mechanism keeps in w->m the state its choices create: buyers'
 * cuts of their purchases (buyer_cut), outstanding public threats (threat_kind, threat_level,
 * threat_due), the audience costs of threats not carried out (audience_cost) and beliefs about
 * resolve (resolve_belief), which move when threats are carried out or not. Their clocks also run
 * inside projections, so an actor's projection sees what a threat will cost it.
 *
 * Thread-safety: every function reads or writes only the world it is given (and its mechanism
 * state); a world belongs to one thread.
 */
#ifndef BRINK_WORLD_DECIDE_H
#define BRINK_WORLD_DECIDE_H

#include "world/world.h"

typedef enum brink_action_kind {
    BRINK_ACT_HOLD = 0,
    BRINK_ACT_TIGHTEN,       /* raise enforcement on target by decide.enforcement_step */
    BRINK_ACT_EASE,          /* lower it */
    BRINK_ACT_REVOKE_WAIVER, /* aux = flow */
    BRINK_ACT_GRANT_WAIVER,  /* aux = flow */
    BRINK_ACT_NOTIFY,        /* trigger instrument aux (e.g. snapback) */
    BRINK_ACT_THREATEN,      /* publicly threaten target; aux = brink_threat_kind */
    BRINK_ACT_CUT,           /* buyer cuts its purchases of flow aux by decide.purchase_step
                              * (target = the flow's seller) */
    BRINK_ACT_RESTORE        /* buyer restores them */
} brink_action_kind;

/* What a public threat commits the threatener to (w->m.threat_kind). Only economic escalation
 * exists in this build. Hook for other kinds (a strike, closing a strait): add the kind here,
 * list it in decide.c's list_actions for actors with the domain of the threatened act, and say in
 * decide.c's threat_kept what carries it out (e.g. an event of the conflict mechanism at the
 * threatened rung); the clock, audience cost and belief updates are the same for every kind. */
typedef enum brink_threat_kind {
    BRINK_THREAT_NONE = 0,
    BRINK_THREAT_TIGHTEN = 1 /* raise enforcement on the target to at least threat_level */
} brink_threat_kind;

typedef struct brink_action {
    brink_action_kind kind;
    int target; /* actor index, or -1 */
    int aux;    /* flow, instrument or threat kind, or -1 */
} brink_action;

/* Name of an action kind ("tighten", "threaten", "cut", ...); static string, "?" if unknown. */
const char *brink_action_kind_name(brink_action_kind k);

/* The objective J of actor a in world w (utility per year; see decide.c). w must have been reset
 * (brink_world_reset), or be a projection of such a world. */
double brink_decide_objective(const brink_world *w, int a);

/* Marks (sets to 1, leaving the other entries as they are) in mark[0..na) the actors whose
 * economy brink_decide_objective(w, a) reads: the economies with a revenue baseline that a is
 * aligned or hostile to (their revenue), a's own when it has one, and the sellers of the
 * sanctioned flows a buys (their volumes, discounts and the pressure on them). Decisions'
 * projections advance only these economies (w->proj_econ). */
void brink_decide_objective_reads(const brink_world *w, int a, unsigned char *mark);

/* How decisions' projections use the holding path of their review (process-wide, for tests: set
 * it before runs start). BRINK_REUSE_ON (the default): an option's projection takes the prices
 * and the economies the option cannot reach from the holding path's record and steps only the
 * economy it reaches (decide.c's econ_split), and decide's clocks visit only the cuts and threats
 * that can move in the projection; BRINK_REUSE_OFF: a projection steps every economy its
 * objective reads and every clock. Results are identical either way (and in the full projection
 * mode, which steps everything). BRINK_REUSE_BROKEN, for tests' negative controls only, takes every
 * option to reach no economy, which is wrong and changes results. */
enum { BRINK_REUSE_ON = 0, BRINK_REUSE_OFF = 1, BRINK_REUSE_BROKEN = 2 };
void brink_decide_set_reuse(int mode);
int brink_decide_reuse(void);

/* Applies action act of actor a to w (recording its event unless w is projecting); returns the
 * event index or -1. */
long brink_decide_apply(brink_world *w, int a, brink_action act, long cause);

/* The options actor a weighed at its last review, with utilities (relative to holding) and
 * hazards per week; returns their number (pointers borrowed from w's mechanism state, valid until
 * the next step). For `brink run --trace` and observers. */
size_t brink_decide_options(const brink_world *w, int a, const brink_action **actions,
                            const double **utility, const double **hazard);

/* What actor a did at the current step (w->step), for observers: *reviewed (may be NULL) is set
 * to 1 when a scored its options at this step (it has options and a review ran), else 0. Returns
 * the index into brink_decide_options of the option a carried out at this step, or -1 when it
 * held. */
long brink_decide_choice(const brink_world *w, int a, int *reviewed);

/* o's belief, now, that a carries out what it threatens (0-1; w->m.resolve_belief brought to
 * the current step: see world.h), and a's audience cost now (utility/yr). 0 for invalid
 * indices. */
double brink_decide_resolve_belief(const brink_world *w, int o, int a);
double brink_decide_audience_cost(const brink_world *w, int a);

/* Quantal-response hazards with an explicit hold (the rule of decide.c, for every mechanism that
 * chooses): given n options with utilities u[k] relative to holding (U_hold = 0), rationality
 * lambda and a base hazard per week, sets h[k] = base exp(lambda u_k) / (exp(0) + sum_j
 * exp(lambda u_j)) (computed shifted by the maximum) and returns sum_k h[k]. In a step of dt
 * weeks the chooser acts with probability brink_hazard_prob(sum, dt), picking k with weight h[k].
 * n may be 0 (returns 0). */
double brink_quantal_hazards(const double *u, size_t n, double lambda, double base, double *h);

#endif
