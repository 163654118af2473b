/* SPDX-License-Identifier: MIT */
/*
 * beliefs.h — trust and resolve (internal; MODEL.md section 3 "Trust and reputation", step 8 of
 * the schedule). See beliefs.c for the equations and docs/ODD.md, "Submodels -> Trust and
 * resolve", for their basis and parameters.
 *
 * Trust is a state, not a per-run distribution: actor i's belief that j keeps its commitments is
 * Beta(alpha, beta) held as pseudo-counts in w->m.trust_alpha / trust_beta (pair i * na + j),
 * initialised by the world from the scenario's relations (the priors, e.g. Beta(2, 6) for Iran's
 * trust in the US after 2018, domain facts C.4). Commitments kept add to alpha, broken ones to
 * beta, weighted by salience (brink_beliefs_observe, called by the mechanism that sees the
 * commitment: diplomacy for deals, their interim steps and walk-outs); every step the counts
 * forget toward the prior with trust.forgetting_halflife_weeks (Josang & Ismail 2002).
 *
 * Beliefs about resolve are the decision mechanism's (decide.c moves them when threats are
 * carried out or lapse); this module reads them through brink_beliefs_resolve and does not keep
 * a second copy.
 *
 * The mechanism owns trust_alpha and trust_beta. It does not step inside decisions'
 * projections (no objective reads trust). Thread-safety: every function reads or writes only the
 * world it is given.
 */
#ifndef BRINK_WORLD_BELIEFS_H
#define BRINK_WORLD_BELIEFS_H

#include "world/world.h"

extern const brink_mechanism brink_mech_beliefs;

/* i's expected trust in j now, alpha / (alpha + beta) in (0, 1); 0.5 for invalid indices or
 * i == j. Reads w only. */
double brink_beliefs_trust(const brink_world *w, int i, int j);

/* o's belief now that a carries out what it threatens (decide.c's resolve_belief, decayed to
 * the current step); 0 for invalid indices. */
double brink_beliefs_resolve(const brink_world *w, int o, int a);

/* One commitment of `keeper` toward `counterpart` was kept (kept != 0) or broken, with weight
 * `weight` (pseudo-observations at salience 1; the caller multiplies by the salience of what was
 * at stake). Every actor o outside keeper's unit updates its trust in every member of keeper's
 * unit (the state, its factions): by the full weight when o belongs to counterpart's unit, by
 * trust.third_party_weight times it otherwise (reputation is public; Sartori 2005). Units are
 * the roots of the parent chain (a faction belongs to its state). Does nothing when projecting,
 * for invalid indices or a non-positive weight. */
void brink_beliefs_observe(brink_world *w, int keeper, int counterpart, int kept, double weight);

/* The Beta-Bernoulli update with forgetting toward a prior, for one pair of pseudo-counts (pure;
 * exposed for tests): first moves (*alpha, *beta) toward (alpha0, beta0), keeping the share
 * `keep` (0-1) of the gap, then adds kept_weight to *alpha and broken_weight to *beta. */
void brink_beliefs_update(double *alpha, double *beta, double alpha0, double beta0, double keep,
                          double kept_weight, double broken_weight);

#endif
