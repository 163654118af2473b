/* SPDX-License-Identifier: MIT */
/*
 * domestic.h — pressure from within: grievance, protest waves, repression, legitimacy, the
 * factional balance and leadership (internal; MODEL.md section 3 "Domestic stability", step 5 of
 * the schedule). See domestic.c for the equations and docs/ODD.md, "Submodels -> Domestic
 * stability", for their basis and parameters.
 *
 * The mechanism covers every state whose scenario gives its `legitimacy` internal (a "domestic
 * state"), and every actor with a birth date `born` (a "leader": its leader can die and be
 * succeeded). It owns, in w->m: legitimacy and protest (the indicators), dom_* (its stocks),
 * hardliner_share, leader_age, leader_alive, leader_due, leader_death_event, successions,
 * hawk_shift and position_shift. It reads hardship, fx and fx_trend (the economy), the
 * scenario's price_hike schedule entries and the event log (strikes on a state or its factions
 * rally its population and may kill its leaders; a leader_killed event of another mechanism
 * ends a leader's life). It writes nothing that another mechanism owns.
 *
 * What the future negotiation reads: brink_domestic_hardliner_share (weights of hard-liners and
 * pragmatists inside a state), brink_domestic_hawk_shift and brink_domestic_position_shift (what
 * successions changed).
 *
 * It does not step inside decisions' projections (no objective reads its state yet), so a
 * projection sees the domestic state frozen. Thread-safety: every function reads or writes only
 * the world it is given; a world belongs to one thread.
 */
#ifndef BRINK_WORLD_DOMESTIC_H
#define BRINK_WORLD_DOMESTIC_H

#include "world/world.h"

extern const brink_mechanism brink_mech_domestic;

/* Epstein's (2002) grievance G = H (1 - L) of hardship H and legitimacy L, each clamped to
 * [0, 1]. Pure. */
double brink_domestic_grievance(double hardship, double legitimacy);

/* Gompertz hazard of death per year at age `age` (years): m80 * 2^((age - 80) / doubling), with
 * m80 the hazard per year at 80 and doubling the years over which it doubles (> 0; returns 0
 * otherwise). Pure. */
double brink_domestic_mortality_hazard(double age, double m80, double doubling);

/* The share of the population whose thresholds are met at protest participation p: the
 * Granovetter (1978) response F(p) = Phi((G - R P(p) - T) / sigma) of Epstein's (2002) rule
 * "active if G - R P > T", with the estimated arrest probability
 * P(p) = 1 - exp(-k c / (p_seen + 1 / n)), p_seen = p (1 - cut) the participation citizens can
 * see (cut: what an internet shutdown hides), c police per citizen and n the citizens in vision.
 * sigma = 0 gives the step function (1 when the rule holds, else 0). Pure. */
double brink_domestic_response(double p, double grievance, double risk_aversion, double threshold,
                               double sigma, double k, double police, double vision, double cut);

/* A state's hard-liners' share of influence now (0-1), or NaN when the actor is not a domestic
 * state (its scenario gives no hardliner_share and no legitimacy). */
double brink_domestic_hardliner_share(const brink_world *w, int state);

/* The weight of a state's presidency (its pragmatists), 1 - hardliner_share: weakened when
 * hard-liners gain (attacks, crackdowns, a harder successor), strengthened when they lose
 * (reversion, hardship that the pragmatists promise to relieve). NaN as above. */
double brink_domestic_presidency(const brink_world *w, int state);

/* Change of actor a's hawkishness and of its positions (issue points, on every issue it has a
 * stake in) since the start of the run, from successions. 0 for invalid indices. */
double brink_domestic_hawk_shift(const brink_world *w, int a);
double brink_domestic_position_shift(const brink_world *w, int a);

/* Number of successors named for leader actor a since the start of the run (0 for invalid
 * indices). */
int brink_domestic_successions(const brink_world *w, int a);

/* 1 once the security forces of state s have split, or its regime has collapsed (the second);
 * 0 otherwise or for invalid indices. */
int brink_domestic_split(const brink_world *w, int s);
int brink_domestic_collapsed(const brink_world *w, int s);

#endif
