/* SPDX-License-Identifier: MIT */
/*
 * conflict.h — escalation, proxies and chokepoints (internal; MODEL.md section 3, step 3 of the
 * schedule: "interactions resolve"). See conflict.c for the equations and docs/ODD.md,
 * "Submodels → Escalation, proxies and chokepoints", for their basis and parameters.
 *
 * The mechanism acts between UNITS: the roots of the actor tree (states and armed groups; a
 * faction belongs to its state's unit). A unit decides through its AGENT, itself when it has the
 * military domain, else its first faction that has it. Strikes are recorded with actor = the
 * agent (or the proxy that attacked) and target = the struck unit (a state or an armed group),
 * and event size = a rough count of people killed (threats: the rung threatened; closures and
 * attacks on shipping: the chokepoint's world oil share; ceasefires: the dyad's war costs).
 *
 * It owns, in w->m: hostility (of unit pairs), rung, air_defence, proxy_capacity, casualties,
 * war_cost, grievance, blocked (flows behind a closed chokepoint, which the economy reads),
 * choke_shock, choke_status, and the reply bookkeeping (pending_*, reply_*, signal_event,
 * last_strike, stance).
 *
 * Thread-safety: every function reads or writes only the world it is given.
 */
#ifndef BRINK_WORLD_CONFLICT_H
#define BRINK_WORLD_CONFLICT_H

#include "world/world.h"

extern const brink_mechanism brink_mech_conflict;

/* Status of a chokepoint (w->m.choke_status, indicator chokepoint_status). */
typedef enum brink_choke_status {
    BRINK_CHOKE_OPEN = 0,
    BRINK_CHOKE_HARASSED = 1, /* attacks on shipping: conflict.harass_share of it blocked */
    BRINK_CHOKE_CLOSED = 2
} brink_choke_status;

/* A restraining power's stance on its client's direct strikes (w->m.stance[R * na + client]). */
typedef enum brink_stance {
    BRINK_STANCE_PERMIT = 0,
    BRINK_STANCE_RESTRAIN = 1,
    BRINK_STANCE_JOIN = 2
} brink_stance;

/* Actor `actor` strikes `target` at `rung` (4 proxy or armed-group attack, 5 sabotage or
 * assassination, 6 military targets, 7 nuclear sites, 8 energy infrastructure, 9 deployed
 * forces; a rung the target offers no object for falls back to a military strike). Applies the
 * damage (air defences, programme integrity through brink_nuclear_strike, export flows, proxy
 * capacity, casualties), raises the ladder and the victim's grievance, opens the victim's
 * account for a reply (or lets it go: generous tit-for-tat) and, where the striker's restraining
 * power joins, its strike too. Records the event (unless projecting) and returns its index, or
 * -1. Invalid indices or rungs: returns -1 and changes nothing. Used by the mechanism's choices
 * and by the schedule's `strike` entries. */
long brink_conflict_strike(brink_world *w, int actor, int target, int rung, long cause);

/* Sets chokepoint c to `status` (brink_choke_status) by actor (its controller's agent, or -1):
 * the flows it carries are blocked (wholly, or conflict.harass_share of them when harassed), the
 * oil price jumps by conflict.closure_price_log x world_oil_share (or back, on reopening: the
 * jump then decays with the economy's price half-life). Records hormuz_closed, shipping_attack
 * or hormuz_reopened. Returns the event index or -1. */
long brink_conflict_set_chokepoint(brink_world *w, int c, int status, int actor, long cause);

/* The preventive-strike term of unit u's utility for a strike on the programme of unit t now:
 * conflict.prevention_utility x the hawkishness of u's agent x the latency the programme is
 * projected to gain over conflict.projection_weeks (brink_nuclear_latency in a projection minus
 * now, >= 0), x
 * conflict.talks_restraint while the two are in talks; 0 unless u (or its agent) fears t and t
 * owns a programme. Projects the programme alone (brink_nuclear_latency_ahead; deterministic),
 * once per step: the first call of a step fixes the step's value. */
double brink_conflict_prevention(brink_world *w, int u, int t);

/* The unit (root of the actor tree) that actor a belongs to, and the agent that decides for
 * unit u (-1: none). -1 for invalid indices. */
int brink_conflict_unit(const brink_world *w, int a);
int brink_conflict_agent(const brink_world *w, int u);

#endif
