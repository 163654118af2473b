/* SPDX-License-Identifier: MIT */
/*
 * nuclear.h — nuclear programmes: enriched stock, breakout time, latency, the owner's
 * escalation choices and the effect of strikes (internal; MODEL.md section 3, step 6 of the
 * schedule). See nuclear.c for the equations and docs/ODD.md, "Submodels → Nuclear programme",
 * for their basis and parameters.
 *
 * The mechanism owns, in w->m, every per-programme array named nuc_* (stock by level, the
 * current maximum level, enrichment running or frozen, facility integrity, IAEA access, NPT
 * membership, an agreement's caps, the owner's grievance and the latency the world is used to).
 * It records the events enrichment_expanded, enrichment_90, iaea_access_cut,
 * iaea_access_restored, npt_withdrawal and deal_breached (an escalation while frozen under an
 * agreement); world.c samples the indicators stock_60_kg, breakout_weeks and iaea_access from
 * this state (brink_nuclear_stock_at, brink_nuclear_breakout_weeks, w->m.nuc_iaea).
 *
 * Strikes: the conflict mechanism (conflict.c) decides and carries out strikes on programmes and
 * records the strike events; it calls brink_nuclear_strike for their effect. The owner's
 * decisions here read only the EXPECTED strike risk it perceives from those that `fear` it in
 * the scenario (a parameter-weighted function of latency and the fearer's hostility and
 * capability), so the programme's escalation logic stands on its own.
 *
 * Thread-safety: every function reads or writes only the world it is given.
 */
#ifndef BRINK_WORLD_NUCLEAR_H
#define BRINK_WORLD_NUCLEAR_H

#include "world/world.h"

extern const brink_mechanism brink_mech_nuclear;

/* Index of the programme owned by actor a or by the state a belongs to (parent chain), or -1. */
int brink_nuclear_programme_of(const brink_world *w, int a);

/* Breakout time of programme p now, in weeks, to one significant quantity of weapons-grade
 * uranium (90 %), from the stock by level, the highest level enriched and the facilities'
 * integrity. Returns a large finite value (nuclear.breakout_max_weeks) for a programme that has
 * no working cascades, and 0 once a significant quantity of 90 % exists. -1 for an invalid p. */
double brink_nuclear_breakout_weeks(const brink_world *w, int p);

/* Latency index of programme p now (>= 0, larger = closer to a weapon): combines weapon-quantities
 * of enriched stock, 90 % enrichment, loss of IAEA access and NPT exit; what `fears` relations
 * read. 0 for an invalid p. */
double brink_nuclear_latency(const brink_world *w, int p);

/* Latency of programme p as a projection of w that steps this mechanism alone (no decisions,
 * no strikes, no deals: only the stock, its down-blending and integrity move) finds it after n1
 * steps of dt1 weeks and then n2 of dt2 weeks: the same arithmetic, on a copy of p's state (w is
 * not changed). 0 for an invalid p. */
double brink_nuclear_latency_ahead(const brink_world *w, int p, long n1, double dt1, long n2,
                                   double dt2);

/* A strike of the given severity (0-1) on programme p: integrity falls, with an uncertain effect
 * on the stock (random only when !w->projecting; expected values in projections). Returns the
 * integrity lost. The caller (conflict) records the strike event and passes its index as cause
 * for any follow-on events this records. */
double brink_nuclear_strike(brink_world *w, int p, double severity, long cause);

/* Imposes (on != 0) or lifts (on == 0) a freeze of programme p under an agreement (called by
 * diplomacy when a deal is signed or collapses): while frozen, enrichment above level_cap_pct
 * stops, stock above stock_cap_kg (total enriched uranium, kg of U) is down-blended or shipped
 * out over nuclear.downblend_weeks, and the owner will not choose to escalate unless it decides
 * to breach (which lifts the freeze and records deal_breached). A cap <= 0 means no cap on that
 * quantity. Lifting keeps the caps recorded as the reference for later breaches. Returns
 * BRINK_OK, or BRINK_EUSAGE for an invalid p. Records no event (the caller records the deal). */
int brink_nuclear_set_freeze(brink_world *w, int p, int on, double level_cap_pct,
                             double stock_cap_kg, long cause);

/* Total enriched stock of programme p (kg of uranium, all levels), and the stock at the level
 * closest to level_pct (0 when the programme has no such level). */
double brink_nuclear_stock_total(const brink_world *w, int p);
double brink_nuclear_stock_at(const brink_world *w, int p, double level_pct);

/* Expected strike risk that programme p's owner perceives now (hazard per week, >= 0): the sum
 * over actors that `fear` the owner of a logistic of their hostility, capability and the
 * programme's latency (nuclear.c). Conflict carries out the strikes; this is the owner's view. */
double brink_nuclear_perceived_strike_hazard(const brink_world *w, int p);

#endif
