/* SPDX-License-Identifier: MIT */
/*
 * economy.h — sanctions, evasion and the economy (internal; MODEL.md section 3, step 4 of the
 * schedule). See economy.c for the equations and docs/ODD.md, "Submodels → Economy", for their
 * basis and parameters.
 *
 * The economy owns, in w->m: price, price_shock (markets); volume, lost, discount (flows);
 * revenue, oil_revenue, fx, fx_trend, inflation, gdp_index, hardship (actors); and the decay of
 * news (it absorbs news into the exchange rate). It reads enforcement, un_sanctions,
 * waiver_active and buyer_cut, which decisions and the schedule write.
 *
 * A rise of enforcement above its scenario baseline cuts flows at the moment it happens, and
 * the cut is then regained by evasion; the economy cannot tell a rise that happened since its
 * last step from one it has already seen (world.h keeps no memory of past enforcement), so
 * every RISE of enforcement or of UN sanctions must go through brink_economy_set_enforcement /
 * brink_economy_enforce / brink_economy_set_un_sanctions. Falls may be written directly: they
 * act through levels that the step reads.
 *
 * The economy records no events: sanctions, waiver and UN-sanctions events come from the
 * mechanisms that change those instruments (decisions, schedule).
 *
 * Thread-safety: every function reads or writes only the world it is given; a world belongs to
 * one thread (world.h), so distinct worlds may be used from distinct threads.
 */
#ifndef BRINK_WORLD_ECONOMY_H
#define BRINK_WORLD_ECONOMY_H

#include "world/world.h"

extern const brink_mechanism brink_mech_economy;

/* Enforcement pressure on `seller` now: the sum over senders of enforcement[sender][seller] plus
 * economy.un_sanctions_enforcement times un_sanctions[seller]. Returns 0 for an invalid index.
 * Reads w only; thread-safe for distinct worlds. */
double brink_economy_pressure(const brink_world *w, int seller);

/* The same pressure at the start of the run (the scenario's relation sanctions of this run's
 * draws, no UN sanctions): the level the scenario's flows, discounts and exchange-rate trend
 * already reflect. */
double brink_economy_base_pressure(const brink_world *w, int seller);

/* Sets sender's enforcement on target to `level` (clamped to [0, 1]; a NaN level changes
 * nothing) and applies the change to target's flows: the part of a rise above the baseline
 * pressure cuts each of target's flows at once by base volume x enforcement_sensitivity x rise
 * (added to w->m.lost and taken off w->m.volume); a fall lifts cuts that exceed what the new
 * pressure justifies. Records no event and adds no news (the caller does both). Works inside
 * projections (no randomness).
 * Returns the change of enforcement actually applied (new level - old level), 0 for invalid
 * indices or sender == target. */
double brink_economy_set_enforcement(brink_world *w, int sender, int target, double level);

/* As brink_economy_set_enforcement with the current level + delta. Returns the change applied
 * (delta after clamping to [0, 1]). */
double brink_economy_enforce(brink_world *w, int sender, int target, double delta);

/* Puts UN sanctions on target in force (on != 0) or lifts them, applying the change of pressure
 * to target's flows as brink_economy_set_enforcement does. Records no event. */
void brink_economy_set_un_sanctions(brink_world *w, int target, int on);

/* Hook for price shocks from outside the economy (a chokepoint closed or reopened, war news):
 * adds log_jump to the log deviation of market's price from its baseline, which then reverts
 * with economy.oil_price_halflife_weeks. The price itself is updated at the next economy step.
 * Invalid market indices or non-finite jumps are ignored. */
void brink_economy_price_shock(brink_world *w, int market, double log_jump);

/* USD bn per year earned by `volume` of flow's commodity (in the flow's volume unit) sold at
 * usd_per_unit USD per unit of the commodity's price (USD/bbl, USD/MMBtu, USD/MWh; may be
 * negative): the conversion the economy uses for export earnings, for decisions that value
 * flows (a buyer's discount and exposure). Returns 0 for an invalid flow index. Reads w only. */
double brink_economy_flow_usd_bn(const brink_world *w, int flow, double volume,
                                 double usd_per_unit);

/* The conversion brink_economy_flow_usd_bn applies to flow `flow` in this run: sets *conv to the
 * commodity's units per day per unit of volume and USD per unit (1e6 for oil in mb/d,
 * economy.gas_mmbtu_per_mcm for gas, 24 for electricity) and returns 1, or sets it to 0 and
 * returns 0 when the flow earns nothing (an invalid index, a commodity without a conversion).
 * For callers that value a flow often (decisions' objectives, every block of a projection):
 * brink_economy_usd_bn(conv, volume, usd_per_unit) is brink_economy_flow_usd_bn's value to the
 * bit for a flow that earns, and brink_economy_flow_usd_bn returns 0 for one that does not. */
int brink_economy_flow_conv(const brink_world *w, int flow, double *conv);

/* Days in a (Julian) year and USD in a billion: the units of the economy's annual USD bn. */
#define BRINK_DAYS_PER_YEAR 365.25
#define BRINK_USD_PER_BN 1e9

/* USD bn/yr from a flow's conversion (brink_economy_flow_conv): the arithmetic of
 * brink_economy_flow_usd_bn, in the same order (per day, then per year, then in USD bn). */
static inline double brink_economy_usd_bn(double conv, double volume, double usd_per_unit)
{
    return volume * conv * usd_per_unit * BRINK_DAYS_PER_YEAR / BRINK_USD_PER_BN;
}

/* Writes into w->value the series the economy owns (indicators oil_exports_mbd, flow_volume,
 * oil_price, oil_discount, revenue_usd_bn, exchange_rate, inflation, hardship) from the current
 * state; other series are left untouched. Call at the end of each step. */
void brink_economy_sample(brink_world *w);

#endif
