/* SPDX-License-Identifier: MIT */
/*
 * diplomacy.h — talks, bargaining inside talks and deals (internal; MODEL.md section 3
 * "Negotiation", steps 3 and 7 of the schedule). See diplomacy.c for the equations and
 * docs/ODD.md, "Submodels -> Diplomacy", for their basis and parameters.
 *
 * Negotiations run between the UNITS of principal relations (the roots of the parent chain: a
 * faction's principal relation counts for its state, and factions never sit beside their state at
 * the table). The mechanism owns, in w->m: talks (of every member pair of the two units),
 * talks_event, talks_step, adv_pos (advocated positions), deal_pos, deal_enf0, deal_enf_target,
 * deal_step, deal_event, deal_interim, dip_forecast and dip_round (per negotiating dyad where
 * per dyad). It records talks_proposed, talks_opened, talks_broken, deal_signed,
 * interim_deal_signed, deal_breached and the sanctions_eased of a deal's relief. It writes
 * enforcement only through brink_economy_set_enforcement (a deal's relief), freezes
 * programmes only through brink_nuclear_set_freeze, attaches ultimatums as the decision
 * mechanism's public threats (brink_decide_apply) and reports commitments kept and broken to
 * brink_beliefs_observe.
 *
 * Executed terms: a deal carries out its point on the issue marked `executes: sanctions_relief`
 * as relief (0 = maximum pressure kept, 100 = all enforcement lifted) and on the issue marked
 * `executes: nuclear_constraints` as constraints on the programmes of the parties (0 = zero
 * enrichment ... 100 = unconstrained); other issues are bargained and agreed but carry no
 * executed terms (docs/scenario-format.md).
 *
 * It does not step inside decisions' projections. Thread-safety: every function reads or writes
 * only the world it is given; a world belongs to one thread.
 */
#ifndef BRINK_WORLD_DIPLOMACY_H
#define BRINK_WORLD_DIPLOMACY_H

#include "world/world.h"

extern const brink_mechanism brink_mech_diplomacy;

/* Why a deal cannot be signed now (brink_diplomacy_deal_check); 0: it can. */
enum {
    BRINK_DEAL_OK = 0,
    BRINK_DEAL_NO_TALKS = 1, /* the units are not in talks, or a deal is in force */
    BRINK_DEAL_APART = 2,    /* advocated positions farther apart than the tolerance */
    BRINK_DEAL_OUTSIDE = 3,  /* a side prefers its outside option */
    BRINK_DEAL_DISTRUST = 4  /* the side that moves first does not trust the other enough */
};

/* The unit (root of the parent chain) of actor a; -1 for an invalid index. */
int brink_diplomacy_unit(const brink_world *w, int a);

/* Net utility now for unit i of talks with unit j at `level` (brink_talks_status: 1 indirect,
 * 2 direct): the expected value of talking minus the reputational and audience costs, for the
 * unit's decider (for a state with a veto rule, the least willing of its veto holders and
 * proposer). -HUGE_VAL when the level is not available (indirect talks need a mediator). */
double brink_diplomacy_talks_utility(const brink_world *w, int i, int j, int level);

/* The ideal position now of actor a on issue k (0-100): a faction's or an undivided actor's own
 * (plus succession shifts), a state's aggregated from its factions by its rule. NaN when a has no
 * stake in k. */
double brink_diplomacy_ideal(const brink_world *w, int a, int k);

/* The interval [*lo, *hi] inside which a state with a veto rule may advocate on issue k now: the
 * intersection of its veto holders' intervals. Returns 1 when a has a veto rule and a stake, else
 * 0 (*lo = 0, *hi = 100). */
int brink_diplomacy_veto_interval(const brink_world *w, int a, int k, double *lo, double *hi);

/* Actor a's capability at the table now: its base capability (military + economic) times
 * exp(diplomacy.leverage_elasticity * tanh(leverage)), leverage = pressure it imposes - pressure
 * it absorbs - its revenue loss + its programme's latency term. */
double brink_diplomacy_capability(const brink_world *w, int a);

/* Whether units a and b (a != b) could sign a comprehensive deal now (also while an interim deal
 * is in force, which it supersedes): one of the BRINK_DEAL_* codes. Reads w only. */
int brink_diplomacy_deal_check(const brink_world *w, int a, int b);

/* Whether units a and b (a != b) could sign an INTERIM deal now: in talks with no deal in force,
 * positions within negotiation.interim_tolerance (wider than negotiation.deal_tolerance) on every
 * issue both have a stake in, and the outside-option and trust conditions of a deal. One of the
 * BRINK_DEAL_* codes (BRINK_DEAL_NO_TALKS also when interim deals are off: the interim tolerance
 * is not above the deal tolerance). Reads w only. */
int brink_diplomacy_interim_check(const brink_world *w, int a, int b);

/* 1 while a deal (interim or comprehensive) between the units of a and b is in force. */
int brink_diplomacy_deal_in_force(const brink_world *w, int a, int b);

#endif
