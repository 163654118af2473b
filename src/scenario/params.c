/* SPDX-License-Identifier: MIT */
/*
 * params.c — the one registry of mechanism parameters. Each entry names a coefficient that a
 * mechanism uses, its scope (one global value, or one per actor, per dyad or per flow), its
 * generic default (not about any country), unit, bounds, meaning and the basis of the default.
 * Validation of scenario overrides, `brink params` and the parameter table of
 * docs/scenario-format.md are all generated from this table, so adding a parameter is one entry.
 *
 * Names are "module.what_unit". Entries stay sorted by name (a test checks it), so lookups can
 * bisect and the printed table is stable.
 */
#include "brink.h"

#include <string.h>

static const brink_param_def registry[] = {
    {"beliefs.resolve_halflife_weeks", BRINK_SCOPE_GLOBAL, 0, 104, "weeks", 1, 5200,
     "half-life with which beliefs about an actor's resolve revert to the scenario's "
     "resolve_belief after threats kept or not",
     "as trust.forgetting_halflife_weeks: forgetting pulls toward the prior (Josang & Ismail "
     "2002; domain facts C.4); assumed"},
    {"beliefs.resolve_update", BRINK_SCOPE_GLOBAL, 0, 0.2, "1", 0, 1,
     "share of the way to 1 (threat carried out) or 0 (not carried out by its deadline) that "
     "every other actor's belief in the threatener's resolve moves",
     "the Beta posterior-mean update with a prior weight of 4 observations (domain facts C.4, "
     "Beta-Bernoulli reputation); MODEL.md: beliefs about resolve update when threats are "
     "carried out or not; assumed"},
    {"conflict.air_defence_casualties", BRINK_SCOPE_GLOBAL, 0, 0.8, "1", 0, 1,
     "share of a strike's casualties that fully working air defences prevent",
     "Apr 2024: ~300 drones and missiles almost all intercepted (domain facts A.8); assumed"},
    {"conflict.air_defence_damage", BRINK_SCOPE_GLOBAL, 0, 0.3, "1", 0, 1,
     "share of the target's working air defences a strike on military targets destroys",
     "26 Oct 2024: Israeli strikes on Iranian air-defence sites (domain facts A.8); assumed"},
    {"conflict.air_defence_halflife_weeks", BRINK_SCOPE_GLOBAL, 0, 52, "weeks", 1, 1040,
     "half-life with which destroyed air defences are rebuilt toward the scenario's level",
     "assumed: replacing long-range SAM systems takes a year or more (GK)"},
    {"conflict.base_hazard_per_week", BRINK_SCOPE_GLOBAL, 0, 0.6, "1/week", 0, 20,
     "scale of the hazards of military choices: h = base x quantal share (as "
     "decide.base_hazard_per_week)",
     "calibrated on pattern 2: replies come within days to weeks (domain facts A.8)"},
    {"conflict.casualties_per_strike", BRINK_SCOPE_GLOBAL, 0, 20, "people", 0, 100000,
     "rough count killed by a strike at rung 6 on undefended targets; it doubles per rung above "
     "and halves per rung below, times 1 - the target's air defences",
     "2024 exchanges: tens killed per strike (Damascus 1 Apr: 16; 26 Oct: 4 soldiers; GK); "
     "an order of magnitude only"},
    {"conflict.ceasefire_hazard_per_week", BRINK_SCOPE_GLOBAL, 0, 0.02, "1/week", 0, 10,
     "hazard of a ceasefire in a dyad at rung 4 or more, per unit of the two sides' war costs "
     "(one unit: a strike at rung 6 suffered, fading with conflict.hostility_halflife_weeks), "
     "where a mediator links the two (x conflict.unmediated_factor where none does)",
     "MODEL.md: ceasefires come through mediators with a hazard that rises with costs (Lebanon, "
     "27 Nov 2024; Gaza, 19 Jan 2025: domain facts A.8); assumed"},
    {"conflict.closure_halflife_weeks", BRINK_SCOPE_GLOBAL, 0, 4, "weeks", 0.1, 520,
     "expected half-life of a chokepoint's closure or harassment (it ends with hazard ln 2 / "
     "this, or at a ceasefire)",
     "assumed: a closure is hard to hold against navies and costs the closer its own exports "
     "(GK: the 1980s Tanker War never closed the strait)"},
    {"conflict.closure_price_log", BRINK_SCOPE_GLOBAL, 0, 2.5, "log price/share", 0, 20,
     "log jump of the oil price per unit of world oil share a closed chokepoint carries "
     "(harassment: conflict.harass_share of it)",
     "assumed: a closure of a 20 % strait (+0.5 log, about +65 %) in the range of published "
     "estimates of $100-150/bbl from $70 (GK, not in the fact sheet)"},
    {"conflict.cost_per_rung", BRINK_SCOPE_ACTOR, 0, 0.6, "utility/rung", 0, 100,
     "cost of a military act per rung of the ladder, times the actor's cost_sensitivity",
     "assumed; calibrated on pattern 2 (no unprovoked exchanges at the baseline hostility)"},
    {"conflict.energy_damage", BRINK_SCOPE_GLOBAL, 0, 0.3, "1", 0, 1,
     "share of the target's export flows a strike on its energy infrastructure cuts at once "
     "(regained as the buyers' demand returns, economy.buyer_halflife_weeks)",
     "assumed: Abqaiq, Sep 2019, took half of Saudi output off for weeks (GK)"},
    {"conflict.fatigue", BRINK_SCOPE_DYAD, 0, 0.3, "1/week", 0, 5,
     "Richardson fatigue a: how fast an actor's hostility above its baseline decays on its own",
     "Richardson (1960); domain facts C.2: drawn so that fatigue products exceed reaction "
     "products (stable region)"},
    {"conflict.firebreak_cost", BRINK_SCOPE_ACTOR, 0, 3, "utility", 0, 100,
     "extra cost of crossing each firebreak of the ladder (4->5, 6->7, 8->9) above the dyad's "
     "current rung",
     "Kahn (1965) firebreaks; domain facts C.2: an extra fixed cost; assumed"},
    {"conflict.forgiveness", BRINK_SCOPE_ACTOR, 0, 0.4, "probability", 0, 1,
     "generous tit-for-tat: chance q of letting a strike go unanswered when it answers one's own "
     "(an echo); an echo n deep in a chain is let go with chance 1 - (1 - q)^n, a first move "
     "never",
     "prior Nowak & Sigmund (1992): q* = 1/3 for the standard payoffs (domain facts C.2); 0.4 "
     "by history matching on pattern 2 (2024: both echoes of echoes were let go)"},
    {"conflict.grievance", BRINK_SCOPE_DYAD, 0, 0.05, "hostility/week", 0, 1,
     "Richardson grievance g: the drift of the victim's hostility that a strike at rung 6 adds "
     "(in proportion to the rung); it fades with conflict.hostility_halflife_weeks",
     "Richardson (1960); domain facts C.2: shocks add impulses to g/h; assumed, calibrated on "
     "pattern 2"},
    {"conflict.harass_share", BRINK_SCOPE_GLOBAL, 0, 0.25, "1", 0, 1,
     "share of a chokepoint's flows and price effect that harassment (rung 8 short of closure: "
     "attacks on shipping) has",
     "assumed: the Red Sea attacks of 2024 diverted about half the traffic (GK) with a small "
     "price effect"},
    {"conflict.hostility_halflife_weeks", BRINK_SCOPE_GLOBAL, 0, 8, "weeks", 0.5, 520,
     "half-life with which the grievance of a strike fades",
     "calibrated on pattern 2 (no direct exchange for >= 12 weeks after a calibrated reply)"},
    {"conflict.hostility_max", BRINK_SCOPE_GLOBAL, 0, 10, "hostility", 1, 1000,
     "upper bound of hostility (the scenario's baselines lie in 0-1): where Richardson's "
     "hostility runs away it stops here",
     "MODEL.md: every accumulating quantity is a bounded stock; assumed"},
    {"conflict.hostility_utility", BRINK_SCOPE_ACTOR, 0, 6, "utility", 0, 100,
     "utility of striking a target when the actor's hostility toward it is at its maximum above "
     "the baseline (in proportion below)",
     "assumed; makes Richardson's runaway hostility a spiral of strikes (domain facts C.2)"},
    {"conflict.join_relief", BRINK_SCOPE_GLOBAL, 0, 0.5, "1", 0, 1,
     "share of a client's expected cost of being answered that a restraining power joining its "
     "strike takes off",
     "assumed: the US shared the defence against Iran's salvoes in 2024 (domain facts A.8)"},
    {"conflict.power_ratio_cap", BRINK_SCOPE_GLOBAL, 0, 1.5, "1", 0.1, 100,
     "cap on the target's military capability relative to the actor's in the expected cost of "
     "being answered (a far stronger power's answer is not proportionally worse)",
     "assumed"},
    {"conflict.prevention_utility", BRINK_SCOPE_ACTOR, 0, 1.2, "utility/latency", 0, 1000,
     "utility of a strike on a feared programme per unit of latency it is projected to gain over "
     "conflict.projection_weeks, times the actor's hawkishness",
     "Powell (2006): a large expected shift of power makes bargaining fail (domain facts C.2); "
     "assumed, not calibrated: the built-in forecast of a strike within 12 months is steep in it "
     "(docs/validation.md)"},
    {"conflict.projection_weeks", BRINK_SCOPE_GLOBAL, 0, 26, "weeks", 1, 260,
     "horizon over which those who fear a programme project its latency",
     "assumed: half a year, the span of the 2024-25 debates on a strike window"},
    {"conflict.proxy_act_capacity", BRINK_SCOPE_GLOBAL, 0, 0.05, "1", 0, 1,
     "capacity below which an armed group neither acts nor is used by its patron",
     "assumed: a group at a twentieth of its strength is spent"},
    {"conflict.proxy_cut_resupply", BRINK_SCOPE_GLOBAL, 0, 0.2, "1", 0, 1,
     "share of its resupply an armed group still receives while its route is cut (smuggling, "
     "sea and air)",
     "assumed: the Syrian land corridor carried most of Hezbollah's supplies until Dec 2024 "
     "(domain facts 0)"},
    {"conflict.proxy_damage", BRINK_SCOPE_GLOBAL, 0, 0.25, "1", 0, 1,
     "share of an armed group's capacity a strike on it destroys",
     "assumed; Hezbollah lost most of its leadership and a large share of its arsenal in the "
     "2024 campaign (domain facts A.8)"},
    {"conflict.reaction", BRINK_SCOPE_DYAD, 0, 0.2, "1/week", 0, 5,
     "Richardson reaction k: how strongly hostility responds to the other's hostility above its "
     "baseline",
     "Richardson (1960); domain facts C.2 (bounded reciprocity: coefficients well below 1)"},
    {"conflict.reciprocity_utility", BRINK_SCOPE_ACTOR, 0, 8, "utility", 0, 100,
     "utility of answering an unanswered strike at its rung or one above",
     "Goldstein & Freeman (1990): retaliation is likely (domain facts C.2); calibrated on "
     "pattern 2"},
    {"conflict.reply_window_weeks", BRINK_SCOPE_GLOBAL, 0, 12, "weeks", 1, 520,
     "how long a strike stays open to an answer; after it, it is no longer answered",
     "assumed: Iran's longest wait in 2024 was about nine weeks (Haniyeh 31 Jul - 1 Oct; domain "
     "facts A.8)"},
    {"conflict.restraint_utility", BRINK_SCOPE_ACTOR, 0, 6, "utility", 0, 100,
     "cost to an actor of striking against its restraining power's will, times its alignment "
     "with it",
     "assumed: Israel depends on US interceptors and munitions (domain facts A.8)"},
    {"conflict.retaliation_cost", BRINK_SCOPE_ACTOR, 0, 4, "utility", 0, 100,
     "expected cost of being answered: times the target's military capability relative to the "
     "actor's (capped at 2) and the actor's belief in the target's resolve",
     "Fearon (1995): war costs; assumed"},
    {"conflict.richardson_stable_share", BRINK_SCOPE_GLOBAL, 0, 0.9, "1", 0.01, 0.999,
     "a dyad drawn outside Richardson's stable region has its reactions scaled so that k_ij k_ji "
     "= this x a_ij a_ji",
     "domain facts E: a small positive stability margin in the base case"},
    {"conflict.richardson_unstable", BRINK_SCOPE_GLOBAL, 1, 0, "0/1", 0, 1,
     "1: keep Richardson coefficients as drawn even where reaction products exceed fatigue "
     "products (runaway hostility); 0: scale such a dyad's reactions into the stable region",
     "domain facts C.2 and E: the stability margin a b - k l is small and positive in the base "
     "case, negative only in tail scenarios"},
    {"conflict.rung_decay_weeks", BRINK_SCOPE_GLOBAL, 0, 8, "weeks", 0.5, 520,
     "weeks without a new act after which a dyad's rung falls one step toward its baseline",
     "assumed; the Apr and Oct 2024 exchanges were followed by months of pauses (domain facts "
     "A.8)"},
    {"conflict.signal_lead_days", BRINK_SCOPE_GLOBAL, 0, 8, "days", 0, 90,
     "mean time from a reply's public signal (a threat event) to the strike; drawn uniformly "
     "from half to one and a half times it",
     "Apr 2024: Iran threatened from 2 Apr and struck on 13 Apr; Oct 2024: days of warnings "
     "(domain facts A.8)"},
    {"conflict.signal_share", BRINK_SCOPE_ACTOR, 0, 0.9, "probability", 0, 1,
     "share of replies pre-signalled by a public threat",
     "domain facts A.8: both Iranian replies of 2024 were announced days ahead, Israel's October "
     "reply for weeks; calibrated on pattern 2"},
    {"conflict.talks_restraint", BRINK_SCOPE_GLOBAL, 0, 0.5, "1", 0, 1,
     "factor on the preventive-strike incentive while the fearing actor (or its agent) is in "
     "talks with the programme's owner; failing talks (none) leave it whole",
     "MODEL.md: the incentive is driven by failing talks; assumed"},
    {"conflict.unmediated_factor", BRINK_SCOPE_GLOBAL, 0, 0.2, "1", 0, 1,
     "factor on the ceasefire hazard of a dyad that no mediator links",
     "MODEL.md: ceasefires come through mediators (Oman, Qatar: domain facts A.1); assumed"},
    {"conflict.world_oil_mbd", BRINK_SCOPE_GLOBAL, 0, 103, "mb/d", 1, 1000,
     "world oil consumption, against which an energy strike's lost exports move the oil price "
     "(as a closed chokepoint's world_oil_share does)",
     "IEA: world oil demand about 103 mb/d in 2024 (GK, not in the fact sheet)"},
    {"decide.audience_cost", BRINK_SCOPE_ACTOR, 0, 4, "utility/yr", 0, 100,
     "audience cost an actor bears, per year, when a public threat lapses unfulfilled (it then "
     "fades with decide.audience_cost_halflife_weeks)",
     "Fearon (1994), domain facts C.2: unfulfilled public threats cost the leader at home; "
     "assumed of the order of what one tightening step gains a hawk; calibrate"},
    {"decide.audience_cost_halflife_weeks", BRINK_SCOPE_GLOBAL, 0, 26, "weeks", 0.5, 520,
     "half-life with which the audience cost of a lapsed threat fades",
     "assumed: a climb-down is remembered for months, not for ever (MODEL.md: bounded stocks "
     "revert)"},
    {"decide.base_hazard_per_week", BRINK_SCOPE_GLOBAL, 0, 0.1, "1/week", 0, 10,
     "scale of action hazards: h = base * logit share, P(act in a step) = 1 - exp(-h dt)",
     "assumed; makes choice rates independent of step_days (MODEL.md section 3)"},
    {"decide.breach_cost", BRINK_SCOPE_ACTOR, 0, 8, "utility/yr", 0, 100,
     "audience cost an actor takes on when it re-imposes sanctions on the partner of a deal in "
     "force (a breach): added to its audience cost, fading with "
     "decide.audience_cost_halflife_weeks",
     "assumed: twice a lapsed threat's decide.audience_cost, since a signed deal is a larger "
     "public commitment; the JPOA and JCPOA held for years until the 2018 withdrawal (domain "
     "facts A.10); checked on pattern 5 (docs/validation.md)"},
    {"decide.budget_usd_bn", BRINK_SCOPE_ACTOR, 0, 100, "USD bn/yr", 0.1, 100000,
     "revenue that values money for an actor whose scenario gives no revenue_usd_bn: 1 USD bn/yr "
     "is worth 100 x cost_sensitivity / budget utility/yr",
     "assumed; the unit of utility is 1 % of an economy's baseline revenue for a year "
     "(docs/ODD.md 3.4.3); set it per actor where money matters to a decision"},
    {"decide.discount_per_week", BRINK_SCOPE_ACTOR, 0, 0.99, "factor/week", 0.5, 1,
     "weekly discount factor applied to anticipated effects",
     "assumed; about 40 % annual discounting of political payoffs"},
    {"decide.enforcement_cost", BRINK_SCOPE_ACTOR, 0, 2, "utility/yr", 0, 100,
     "running cost to a sender, per unit of enforcement it maintains on a target, per year",
     "assumed; stands for diplomatic friction and enforcement effort (TIES: long episodes end "
     "mostly in sender fatigue, domain facts C.1); calibrate on sanction durations"},
    {"decide.enforcement_step", BRINK_SCOPE_GLOBAL, 0, 0.1, "enforcement", 0.01, 1,
     "change of enforcement intensity (0-1) made by one tighten or ease action",
     "assumed; a designation round or a port ban moves enforcement by about a tenth"},
    {"decide.horizon_weeks", BRINK_SCOPE_GLOBAL, 1, 26, "weeks", 1, 260,
     "how far ahead actors project the indicators they weigh",
     "MODEL.md section 3: a one-step view makes talks and enrichment worthless"},
    {"decide.pressure_weight", BRINK_SCOPE_ACTOR, 0, 1, "1", 0, 10,
     "weight an actor puts on the economic pain of those it is hostile to (times -alignment)",
     "assumed; the coercive objective of MODEL.md section 3, scaled by hawkishness"},
    {"decide.projection_step_weeks", BRINK_SCOPE_GLOBAL, 0, 4, "weeks", 0.1, 52,
     "step length with which projections advance the economy and the nuclear programme (the "
     "mechanisms with continuous dynamics); rounded to whole steps, at least one; clocks, dated "
     "events and the objective still advance step by step",
     "numerical, not behavioural: their half-lives (months) are long against 4 weeks and their "
     "keep factors are exact over any step, so the projection's error is first order in the "
     "nonlinear terms; 1 step reproduces step-by-step projection to the bit (docs/ODD.md 3.4.3)"},
    {"decide.purchase_cut_halflife_weeks", BRINK_SCOPE_FLOW, 0, 26, "weeks", 0.5, 1040,
     "half-life with which a buyer's cut of its purchases fades unless renewed",
     "assumed: buyers drift back to discounted supply within months as intermediaries adapt "
     "(domain facts A.2; MODEL.md: bounded stocks revert)"},
    {"decide.purchase_step", BRINK_SCOPE_GLOBAL, 0, 0.1, "share", 0.01, 1,
     "share of its base purchases of a flow that a buyer withdraws (or restores) in one action",
     "assumed, as decide.enforcement_step: a tenth of the flow per decision"},
    {"decide.rationality", BRINK_SCOPE_ACTOR, 0, 2, "1/utility", 0, 100,
     "quantal-response precision: 0 chooses at random, large values choose the best action",
     "McKelvey & Palfrey (1995); calibrated by history matching (MODEL.md section 6)"},
    {"decide.review_weeks", BRINK_SCOPE_GLOBAL, 0, 4, "weeks", 0.1, 52,
     "how often actors re-project the utilities of their actions (hazards apply every step)",
     "assumed; a monthly policy review; keeps the cost of projections bounded"},
    {"decide.threat_horizon_weeks", BRINK_SCOPE_ACTOR, 0, 8, "weeks", 1, 104,
     "deadline of a public threat: the threatened act must be carried out within it, or the "
     "threat lapses (audience cost, lower beliefs in the threatener's resolve)",
     "assumed: public ultimatums give weeks to months (domain facts C.2: Trump's deadlines)"},
    {"diplomacy.base_hazard_per_week", BRINK_SCOPE_GLOBAL, 0, 0.15, "1/week", 0, 20,
     "scale of the hazards of proposing talks, upgrading them and walking out: h = base x "
     "quantal share (as decide.base_hazard_per_week)",
     "assumed: a proposal within weeks once talking pays (the letter of Mar 2025 came 5 weeks "
     "after NSPM-2: domain facts A.5)"},
    {"diplomacy.concession_rate_per_week", BRINK_SCOPE_GLOBAL, 0, 0.05, "1/week", 0, 1,
     "share of the gap between a principal's advocated position and the bargaining model's "
     "forecast closed per week of direct talks (damped steps)",
     "assumed: talks of 2013 took about 8 months from the first secret meeting to the interim "
     "deal (domain facts A.10); calibrate on pattern 5"},
    {"diplomacy.eu_fast_math", BRINK_SCOPE_GLOBAL, 1, 1, "0/1", 0, 1,
     "1: the expected-utility model's rounds inside talks use its fast arithmetic (vectorised "
     "powers within 4 ulp of pow, an O(n^2) normaliser; brink_eu_options.fast_math); 0: the exact "
     "arithmetic of brink bargain",
     "numerical, not behavioural: the two differ by rounding only (tests/unit/"
     "test_bargain_eu_fast.c); compare them with brink compare --set "
     "params.diplomacy.eu_fast_math=0"},
    {"diplomacy.fear_latency_scale", BRINK_SCOPE_GLOBAL, 0, 10, "latency", 0.01, 1000,
     "latency at which the fear of a programme reaches tanh(1) = 0.76 of its maximum "
     "(fear = tanh(latency / scale))",
     "assumed: the March 2025 programme (about 6 weapon-quantities of 60 % stock, reduced IAEA "
     "access: nuclear.c latency about 9) is near the top of the scale (domain facts A.6)"},
    {"diplomacy.fear_weight", BRINK_SCOPE_GLOBAL, 0, 1, "utility", 0, 10,
     "weight of the fear of the other side's programme in a side's stake in a settlement",
     "MODEL.md section 3: capability and stakes from latency; Powell (2006); assumed"},
    {"diplomacy.guarantee_weight", BRINK_SCOPE_GLOBAL, 0, 0.3, "1", 0, 1,
     "share of the first mover's missing trust that the mediator's guarantee supplies, times "
     "the first mover's trust in the mediator",
     "domain facts C.4: Iran's demand for guarantees that a future administration will not "
     "walk out; assumed"},
    {"diplomacy.hardliner_hawkishness", BRINK_SCOPE_GLOBAL, 0, 0.5, "1", 0, 1,
     "hawkishness from which a faction counts as hard-line when a weighted-mean state weights "
     "its factions by the hard-liners' share",
     "assumed: the midpoint of the disposition scale"},
    {"diplomacy.indirect_efficiency", BRINK_SCOPE_GLOBAL, 0, 0.5, "1", 0, 1,
     "value and concession speed of indirect talks relative to direct ones",
     "assumed: messages through a go-between are slower (Oman 2013 and 2025 talks moved to "
     "direct contact once they progressed: domain facts A.10)"},
    {"diplomacy.interim_relief_share", BRINK_SCOPE_GLOBAL, 0, 0.2, "1", 0, 1,
     "share of the agreed sanctions relief that an interim deal executes (the rest waits for the "
     "comprehensive deal); an interim deal also freezes the programme at its current level and "
     "stock",
     "domain facts A.10: the Joint Plan of Action (24 Nov 2013) froze the programme for limited "
     "relief (about $7 bn over six months against a far larger cost of the sanctions, GK); "
     "assumed"},
    {"diplomacy.leverage_elasticity", BRINK_SCOPE_GLOBAL, 0, 0.7, "1", 0, 5,
     "elasticity of capability at the table in leverage: C = base x exp(e tanh(leverage)); 0 "
     "takes no capability from leverage (the control of pattern 5)",
     "MODEL.md section 3: a base capability times a smoothed function of the pain an actor can "
     "impose or absorb; assumed (e^0.7 = 2: full leverage doubles capability)"},
    {"diplomacy.mediator_relief", BRINK_SCOPE_GLOBAL, 0, 0.8, "1", 0, 1,
     "share of the reputational and audience costs of talking that indirect talks through a "
     "mediator avoid",
     "domain facts C.4: third-party venues (Oman, UAE, Qatar) lower the reputational cost, so "
     "indirect talks come first; assumed"},
    {"diplomacy.pain_weight", BRINK_SCOPE_GLOBAL, 0, 1, "utility", 0, 10,
     "weight of the pain the other side inflicts (its enforcement plus the revenue loss) in a "
     "side's stake in a settlement",
     "MODEL.md section 3; TIES: targets concede more under costly sanctions (domain facts C.1); "
     "assumed"},
    {"diplomacy.phase_weeks", BRINK_SCOPE_GLOBAL, 0, 13, "weeks", 0, 520,
     "interval at which a deal's compliance counts as a kept interim step for trust (0: none)",
     "JCPOA implementation was verified in IAEA quarterly reports (domain facts A.6); assumed"},
    {"diplomacy.pressure_cost", BRINK_SCOPE_GLOBAL, 0, 0.3, "utility", 0, 10,
     "reputational cost of talking under pressure, per unit of enforcement or outstanding "
     "threat on the side, times its resolve",
     "Kreps & Wilson (1982); domain facts C.4: 'no talks under pressure' (Khamenei 8 Mar "
     "2025, A.5); assumed"},
    {"diplomacy.rationality", BRINK_SCOPE_GLOBAL, 0, 10, "1/utility", 0, 1000,
     "rationality of the quantal choices of talks (proposing, accepting, walking out)",
     "McKelvey & Palfrey (1995); assumed: stakes and costs are O(0.1-1), so 10 makes a "
     "difference of 0.1 worth a factor e"},
    {"diplomacy.relief_weeks", BRINK_SCOPE_GLOBAL, 0, 26, "weeks", 0, 520,
     "weeks over which a deal's sanctions relief phases in",
     "JCPOA: agreed 14 Jul 2015, Implementation Day 16 Jan 2016 (domain facts A.10)"},
    {"diplomacy.round_weeks", BRINK_SCOPE_GLOBAL, 0, 1, "weeks", 0, 52,
     "interval between rounds of the negotiation model while any talks sit (at least one step); "
     "between rounds, concessions follow the last round's forecast",
     "assumed: the Oman rounds of April-May 2025 came 1 to 2 weeks apart (GK; the built-in "
     "scenario takes 2); keeps results and cost independent of step_days"},
    {"diplomacy.stake_salience", BRINK_SCOPE_GLOBAL, 0, 1, "1", 0, 10,
     "rise of salience with the current stake: s = s0 (1 + k stake), stake the pressure on the "
     "actor (issue `sanctions`) or its fear of a programme (issue `nuclear`)",
     "MODEL.md section 3: salience from current stakes; assumed"},
    {"diplomacy.stock_cap_exponent", BRINK_SCOPE_GLOBAL, 0, 2, "1", 0.1, 10,
     "a deal caps a programme's total enriched stock at the current stock x (x_nuclear / "
     "100)^exponent",
     "assumed: the JCPOA's 300 kg UF6 cap against a stock of about 8 t in Feb 2025 is the "
     "square of an issue point near 20 (domain facts A.6, A.10)"},
    {"diplomacy.strike_breakdown", BRINK_SCOPE_GLOBAL, 0, 0.8, "1", 0, 1,
     "probability that a strike between two parties in talks breaks them off (the struck side "
     "walks out)",
     "MODEL.md section 3: breakdowns caused by strikes; assumed"},
    {"diplomacy.trust_threshold", BRINK_SCOPE_ACTOR, 0, 0.35, "1", 0, 1,
     "expected trust (with guarantees) the side that moves first needs in the other to sign",
     "domain facts C.4: a trust threshold on Iran's trust in the US; the JCPOA was signed at a "
     "prior near Beta(3, 5); assumed"},
    {"diplomacy.ultimatum_share", BRINK_SCOPE_GLOBAL, 0, 0.5, "1", 0, 1,
     "probability, times the proposer's hawkishness, that a coercing proposer attaches a "
     "deadline (a public threat of decide.c) to its offer of talks",
     "the letter of Mar 2025 came with a two-month deadline and threats of force (domain facts "
     "A.5, GK); assumed"},
    {"diplomacy.veto_pain_points", BRINK_SCOPE_GLOBAL, 0, 40, "points", 0, 100,
     "widening of a veto holder's acceptable interval per unit of pain the state absorbs",
     "assumed: 'heroic flexibility' of 2013 under the oil embargo (GK; domain facts A.10)"},
    {"diplomacy.veto_range_points", BRINK_SCOPE_GLOBAL, 0, 40, "points", 0, 100,
     "half-width of a veto holder's acceptable interval when the hard-liners' share is 0 "
     "(times 1 - the share)",
     "MODEL.md section 3: a veto interval held by the Leader inside which the government "
     "proposes; assumed"},
    {"diplomacy.walkout_cost", BRINK_SCOPE_GLOBAL, 0, 0.1, "utility", 0, 10,
     "cost to a side of walking out of talks (the audience cost of a failed initiative)",
     "Fearon (1994); assumed"},
    {"diplomacy.weakness_cost", BRINK_SCOPE_GLOBAL, 0, 0.2, "utility", 0, 10,
     "audience cost of appearing weak by talking with an adversary, times hawkishness and "
     "hostility (-alignment)",
     "Fearon (1994); domain facts C.4: the US audience cost of appearing weak; assumed"},
    {"domestic.attack_hardliner_shift", BRINK_SCOPE_ACTOR, 0, 0.1, "share", 0, 1,
     "share of the way to 1 that a state's hard-liners' share of influence moves after an "
     "external attack on the state or its factions",
     "MODEL.md section 3: external attack shifts influence to hard-liners; assumed: 0.1 moves a "
     "share of 0.7 to 0.73 per attack, reverting with domestic.hardliner_halflife_weeks"},
    {"domestic.collapse_after_split_per_week", BRINK_SCOPE_ACTOR, 0, 0.2, "1/week", 0, 10,
     "hazard of regime collapse per week per unit of protest intensity once the security forces "
     "have split",
     "domain facts C.3 (PITF): collapse is rare unless the security forces split; assumed: a "
     "split facing a wave of intensity 0.5 topples the regime within about 7 weeks on average"},
    {"domestic.collapse_base_per_year", BRINK_SCOPE_ACTOR, 0, 0.004, "1/yr", 0, 1,
     "hazard of regime collapse per year without a split of the security forces",
     "Goldstone et al. (2010), domain facts C.3: full autocracies are the most stable regime "
     "type; assumed 0.4 %/yr for a coherent autocracy with low infant mortality"},
    {"domestic.crackdown_cost", BRINK_SCOPE_ACTOR, 0, 5, "utility/yr", 0, 1000,
     "cost to the ruling faction of ordering a crackdown (lethal force, mass arrests)",
     "assumed, calibrated on pattern 3: crackdowns come within days of a wave and are rare in "
     "quiet times (docs/validation.md)"},
    {"domestic.crackdown_halflife_weeks", BRINK_SCOPE_ACTOR, 0, 4, "weeks", 0.1, 520,
     "half-life with which a crackdown's intensity fades",
     "domain facts A.9: lethal force and mass arrests over weeks (Nov 2019) to months (2022); "
     "assumed"},
    {"domestic.crackdown_hardliner_shift", BRINK_SCOPE_ACTOR, 0, 0.02, "share", 0, 1,
     "share of the way to 1 that the hard-liners' share of influence moves with each crackdown",
     "assumed: the security organs that end a wave gain standing (MODEL.md section 3)"},
    {"domestic.crackdown_legitimacy_cost", BRINK_SCOPE_ACTOR, 0, 0.01, "legitimacy", 0, 1,
     "fall of the legitimacy index with each crackdown (it reverts with "
     "domestic.legitimacy_halflife_weeks)",
     "domain facts A.9: each wave was larger than the last; assumed"},
    {"domestic.crackdown_surge", BRINK_SCOPE_ACTOR, 0, 3, "1", 0, 100,
     "extra police presence per citizen, as a multiple of the standing presence, at full "
     "crackdown intensity",
     "assumed, calibrated on pattern 3 (Basij and IRGC deployed beside the police in Nov 2019, "
     "domain facts A.9)"},
    {"domestic.epstein_k", BRINK_SCOPE_ACTOR, 0, 2.3, "1", 0, 20,
     "Epstein's arrest-probability constant in the estimated risk of protesting",
     "Epstein (2002); domain facts C.3 and E"},
    {"domestic.epstein_threshold", BRINK_SCOPE_ACTOR, 0, 0.1, "1", 0, 1,
     "net grievance above which an individual protests",
     "Epstein (2002); domain facts C.3 and E"},
    {"domestic.fx_jump_instigators", BRINK_SCOPE_ACTOR, 0, 0.1, "share/log", 0, 10,
     "share of the population a currency collapse puts on the street per unit of the step's "
     "log depreciation beyond its trend",
     "domain facts A.9: currency and price shocks trigger waves; but the rial's collapse of "
     "2018 (jumps of 15-30 %, A.3) started no nationwide wave by itself (GK): a 15 % jump "
     "beyond trend brings out 1.4 %, a quarter of a 2019-like price hike; assumed"},
    {"domestic.hardliner_halflife_weeks", BRINK_SCOPE_ACTOR, 0, 52, "weeks", 1, 5200,
     "half-life with which the hard-liners' share of influence reverts to its target",
     "assumed: shifts of factional balance last about a year (MODEL.md: bounded stocks revert)"},
    {"domestic.hardship_hardliner_shift", BRINK_SCOPE_ACTOR, 0, 0.2, "share/hardship", 0, 10,
     "fall of the hard-liners' target share per unit of hardship above its baseline (the "
     "pragmatists who promise relief gain)",
     "assumed: the 2013 election of a pragmatist president under the oil embargo (domain facts "
     "A.10)"},
    {"domestic.instigator_halflife_weeks", BRINK_SCOPE_ACTOR, 0, 1.5, "weeks", 0.05, 52,
     "half-life with which the instigators a trigger put on the street go home",
     "assumed: the Nov 2019 wave peaked within 2-3 days of the price hike (domain facts A.9)"},
    {"domestic.interregnum_collapse_factor", BRINK_SCOPE_ACTOR, 0, 20, "1", 1, 10000,
     "multiple of the base hazard of regime collapse while a leader of the state is dead and "
     "no successor is named",
     "domain facts C.3: collapse is unlikely unless the security forces split or the "
     "leadership is removed; assumed"},
    {"domestic.legitimacy_halflife_weeks", BRINK_SCOPE_ACTOR, 0, 104, "weeks", 1, 5200,
     "half-life with which the legitimacy index reverts to its scenario baseline",
     "assumed: turnout recovered within an electoral cycle after earlier lows (domain facts A.9)"},
    {"domestic.mortality_at_80_per_year", BRINK_SCOPE_ACTOR, 0, 0.06, "1/yr", 0, 1,
     "a leader's hazard of death per year at age 80 (Gompertz baseline)",
     "period life tables: male death rate near 6 %/yr at 80 in high-income countries (GK, e.g. "
     "US SSA 2020 table); assumed for leaders with good medical care"},
    {"domestic.mortality_doubling_years", BRINK_SCOPE_ACTOR, 0, 8, "years", 1, 50,
     "years over which a leader's hazard of death doubles (Gompertz slope ln 2 / doubling)",
     "Gompertz (1825): adult human mortality doubles about every 8 years (GK)"},
    {"domestic.participation_halflife_weeks", BRINK_SCOPE_ACTOR, 0, 0.02, "weeks", 0.001, 52,
     "half-life with which protest participation moves toward the share whose thresholds are met",
     "domain facts A.9: the Nov 2019 protests began within hours of the hike and reached about "
     "100 cities within 2 days (a half-life of a few hours); assumed"},
    {"domestic.police_per_citizen", BRINK_SCOPE_ACTOR, 0, 0.03, "1", 0, 1,
     "standing police presence per citizen at full repression capacity (Epstein's cop density "
     "relative to citizens)",
     "Epstein (2002), domain facts C.3: cop density 0.04-0.074 against citizen density 0.7; "
     "calibrated on pattern 3"},
    {"domestic.price_hike_instigators", BRINK_SCOPE_ACTOR, 0, 0.15, "share/log", 0, 10,
     "share of the population a price hike of size s puts on the street, per unit of ln(1 + s)",
     "calibrated on pattern 3: the fuel hike of 15 Nov 2019 (+50 % to +300 %) started a "
     "nationwide wave within a day (domain facts A.9)"},
    {"domestic.rally_halflife_weeks", BRINK_SCOPE_ACTOR, 0, 8, "weeks", 0.1, 520,
     "half-life of the rally-round-the-flag boost of legitimacy after an external attack",
     "Mueller (1973); rally effects are small and short-lived (Baker & Oneal 2001); assumed"},
    {"domestic.rally_legitimacy", BRINK_SCOPE_ACTOR, 0, 0.05, "legitimacy", 0, 1,
     "rise of the legitimacy index per external attack on the state or its factions (the "
     "boost is capped at twice this)",
     "Mueller (1973); MODEL.md section 3: external attack rallies support; assumed"},
    {"domestic.regime_threat_weight", BRINK_SCOPE_ACTOR, 0, 40, "utility/yr", 0, 10000,
     "utility the ruling faction puts on ending protest, per unit of protest intensity, times "
     "its hawkishness",
     "assumed, calibrated on pattern 3 (regime survival first, MODEL.md section 3)"},
    {"domestic.reorder_below", BRINK_SCOPE_ACTOR, 0, 0.5, "1", 0, 1,
     "level below which a fading crackdown or internet shutdown (each 1 when ordered, fading with "
     "its half-life) may be ordered again",
     "assumed: a measure is renewed once it has lost half its force; pattern 3 calibrated with it"},
    {"domestic.response_hazard_per_week", BRINK_SCOPE_ACTOR, 0, 3, "1/week", 0, 100,
     "scale of the hazards of crackdowns and internet shutdowns (quantal response)",
     "domain facts A.9: the Nov 2019 shutdown began the day after the hike; assumed"},
    {"domestic.risk_aversion", BRINK_SCOPE_ACTOR, 0, 0.5, "1", 0, 1,
     "mean risk aversion R in Epstein's net risk R P",
     "Epstein (2002): R ~ U(0, 1), mean 0.5; domain facts C.3"},
    {"domestic.shutdown_cost", BRINK_SCOPE_ACTOR, 0, 4, "utility/yr", 0, 1000,
     "cost to the ruling faction of shutting the internet down (lost output, trade)",
     "assumed, calibrated on pattern 3"},
    {"domestic.shutdown_halflife_weeks", BRINK_SCOPE_ACTOR, 0, 1, "weeks", 0.05, 52,
     "half-life with which an internet shutdown is lifted",
     "domain facts A.9: the near-total shutdown of Nov 2019 lasted about a week"},
    {"domestic.shutdown_visibility_cut", BRINK_SCOPE_ACTOR, 0, 0.8, "share", 0, 1,
     "share of the protesters that citizens cannot see during a full internet shutdown",
     "domain facts C.3: a shutdown is a reduction of Epstein's vision; connectivity fell to "
     "about 7 % of normal in Nov 2019 (A.9)"},
    {"domestic.split_hazard_per_week", BRINK_SCOPE_ACTOR, 0, 0.05, "1/week", 0, 10,
     "hazard per week that the security forces split, per unit of (1 - cohesion) x protest "
     "intensity x crackdown intensity",
     "domain facts A.9: no wave has split the security forces; calibrated on pattern 3 (< 5 % "
     "of 2019-like waves)"},
    {"domestic.split_police_loss", BRINK_SCOPE_ACTOR, 0, 0.5, "share", 0, 1,
     "share of the police presence lost when the security forces split",
     "assumed"},
    {"domestic.strike_leader_death_prob", BRINK_SCOPE_ACTOR, 0, 0.01, "probability", 0, 1,
     "chance that a strike on a leader's state or its factions kills the leader",
     "assumed: Israel killed the leaders of Hezbollah and Hamas in 2024 (domain facts A.8); a "
     "state's leader is far better protected"},
    {"domestic.substep_days", BRINK_SCOPE_GLOBAL, 0, 0.25, "days", 0.01, 7,
     "longest sub-step of the protest cascade and the repressor's reaction (a step is cut into "
     "equal sub-steps no longer than this)",
     "numerical: protests spread and regimes react within hours (domain facts A.9, Nov 2019), so "
     "a round of the threshold cascade must be shorter than a day; results then do not depend "
     "on step_days"},
    {"domestic.succession_weeks", BRINK_SCOPE_ACTOR, 0, 1, "weeks", 0, 520,
     "time from a leader's death to the naming of a successor",
     "GK: the Assembly of Experts named Khamenei the day after Khomeini died (3-4 Jun 1989)"},
    {"domestic.successor_age_years", BRINK_SCOPE_ACTOR, 0, 65, "years", 20, 110,
     "age of a successor when named",
     "assumed; set per leader faction in the scenario"},
    {"domestic.successor_hawkishness_shift", BRINK_SCOPE_ACTOR, 0, 0, "hawkishness", -1, 1,
     "change of the faction's hawkishness when a successor takes over (also added to its state's "
     "hard-liners' share)",
     "assumed; set per leader faction in the scenario"},
    {"domestic.successor_position_shift", BRINK_SCOPE_ACTOR, 0, 0, "issue points", -100, 100,
     "change of the faction's positions on every issue it has a stake in when a successor takes "
     "over (positive: toward the high end of each issue's scale)",
     "assumed; set per leader faction in the scenario"},
    {"domestic.symbolic_death_instigators", BRINK_SCOPE_ACTOR, 0, 0.03, "share", 0, 1,
     "mean share of the population a random trigger (a symbolic death, a viral incident) puts "
     "on the street; exponentially distributed",
     "calibrated on pattern 3: about 0.3 waves a year (domain facts A.9, E)"},
    {"domestic.symbolic_death_rate_per_year", BRINK_SCOPE_ACTOR, 0, 1, "1/yr", 0, 100,
     "rate of random triggers (symbolic deaths, viral incidents)",
     "calibrated on pattern 3: the death of Mahsa Amini started the 2022 wave (domain facts A.9)"},
    {"domestic.threshold_spread", BRINK_SCOPE_ACTOR, 0, 0.15, "1", 0, 1,
     "standard deviation of individual protest thresholds",
     "Granovetter (1978): small spreads flip outcomes; calibrated on pattern 3"},
    {"domestic.vision_citizens", BRINK_SCOPE_ACTOR, 0, 80, "citizens", 1, 1000000,
     "citizens an individual sees (Epstein's vision): the arrest risk counts oneself as one of "
     "them",
     "Epstein (2002): vision 7 on a grid at density 0.7 (domain facts C.3)"},
    {"domestic.wave_end_intensity", BRINK_SCOPE_GLOBAL, 0, 0.1, "share", 0, 1,
     "protest intensity below which a wave has ended",
     "assumed; below domestic.wave_start_intensity so a wave does not flicker"},
    {"domestic.wave_start_intensity", BRINK_SCOPE_GLOBAL, 0, 0.25, "share", 0, 1,
     "protest intensity above which a nationwide protest wave has started",
     "assumed: the share of the mobilisable population out in a wave like Nov 2019"},
    {"economy.buyer_halflife_weeks", BRINK_SCOPE_FLOW, 0, 1, "weeks", 0, 104,
     "half-life with which a buyer's purchases follow their target (when falling: divided by "
     "1 - switching_cost, so a switching cost slows the exit)",
     "assumed; deliveries to China fell within the month of the Jan 2025 Shandong port ban "
     "(domain facts A.2)"},
    {"economy.enforcement_discount_usd", BRINK_SCOPE_FLOW, 0, 8, "USD/bbl", 0, 60,
     "widening of the sanctioned seller's discount at full enforcement",
     "domain facts A.2: discounts of 2-13 USD/bbl under changing enforcement"},
    {"economy.evasion_halflife_weeks", BRINK_SCOPE_FLOW, 0, 11, "weeks", 0.5, 520,
     "half-life with which the shadow fleet regains volume lost to an enforcement shock",
     "domain facts E: enforcement shocks recover with a half-life of about 2.5 months"},
    {"economy.fx_gap_depreciation", BRINK_SCOPE_ACTOR, 0, 1, "log/yr", 0, 10,
     "extra log depreciation of the exchange rate per year per unit of revenue gap (share of "
     "baseline revenue lost from exports)",
     "MODEL.md pattern 4: about +50 %/yr over 2018-25 after a revenue gap of about 0.3 on top of "
     "pre-sanctions inflation near 10 % (domain facts A.3, A.10; GK); to be calibrated"},
    {"economy.fx_news_jump", BRINK_SCOPE_ACTOR, 0, 0.15, "fraction", 0, 2,
     "jump of the open-market exchange rate on a major sanctions or war shock",
     "domain facts A.3 and MODEL.md pattern 4: jumps of about 15 % at shocks"},
    {"economy.gas_mmbtu_per_mcm", BRINK_SCOPE_GLOBAL, 0, 36600, "MMBtu/mcm", 30000, 45000,
     "energy content of a million cubic metres of natural gas (values gas flows priced per MMBtu)",
     "about 1,036 Btu per cubic foot (EIA, GK) x 35,315 cubic feet per 1,000 m3"},
    {"economy.hardship_halflife_weeks", BRINK_SCOPE_ACTOR, 0, 8, "weeks", 0.5, 520,
     "half-life with which hardship follows its baseline plus the effects of inflation and "
     "lost revenue",
     "assumed: prices reach households within a few months (domain facts A.3); calibrated on "
     "pattern 3"},
    {"economy.hardship_inflation", BRINK_SCOPE_ACTOR, 0, 0.5, "1/(fraction/yr)", 0, 10,
     "rise of hardship per unit of inflation above its baseline (10 points -> +0.05)",
     "assumed; calibrated on pattern 3 (waves after price and currency shocks)"},
    {"economy.hardship_revenue", BRINK_SCOPE_ACTOR, 0, 0.5, "1", 0, 10,
     "rise of hardship per unit of revenue gap (share of baseline revenue lost from exports)",
     "assumed; calibrated on pattern 3"},
    {"economy.inflation_halflife_weeks", BRINK_SCOPE_ACTOR, 0, 26, "weeks", 1, 520,
     "half-life with which inflation follows its baseline plus the pass-through of depreciation",
     "Laudati & Pesaran (2021): inflation follows the rial with a lag; 26 weeks spreads a "
     "depreciation over about a year, like a year-on-year rate"},
    {"economy.inflation_passthrough", BRINK_SCOPE_ACTOR, 0, 0.5, "1", 0, 2,
     "share of a currency depreciation passed into annual inflation",
     "Laudati & Pesaran (2021): the rial over-reacts, inflation follows"},
    {"economy.news_halflife_weeks", BRINK_SCOPE_ACTOR, 0, 0.5, "weeks", 0, 52,
     "half-life with which shock news (w->m.news) is priced into the exchange rate and fades "
     "(0: at once)",
     "domain facts A.3: the open-market rial peaked within days of the Apr 2024 Iran-Israel "
     "exchange"},
    {"economy.oil_price_halflife_weeks", BRINK_SCOPE_GLOBAL, 0, 26, "weeks", 1, 1040,
     "half-life with which the log oil price reverts to its drawn baseline",
     "assumed; with economy.oil_price_volatility it keeps a 90 % band of about 52-95 USD/bbl "
     "around 70 USD/bbl (domain facts E: 55-90)"},
    {"economy.oil_price_volatility", BRINK_SCOPE_GLOBAL, 0, 0.035, "1/sqrt(week)", 0, 0.5,
     "volatility of the log oil price: standard deviation per square root of a week",
     "Brent's realised volatility of about 25 %/yr (GK): 0.25 / sqrt(52)"},
    {"economy.output_gap_elasticity", BRINK_SCOPE_ACTOR, 0, 0.75, "1", 0, 1,
     "long-run fall of the output index per unit of revenue gap",
     "Ghomi (2021): the 2012 sanctions cost up to 19.1 % of real GDP after four years, with a "
     "revenue gap of about 0.25 (domain facts A.3)"},
    {"economy.output_halflife_weeks", BRINK_SCOPE_ACTOR, 0, 52, "weeks", 1, 1040,
     "half-life with which output follows its target (output falls after the rial and prices)",
     "Laudati & Pesaran (2021); Ghomi (2021): losses build over years (domain facts A.3)"},
    {"economy.sanctions_news", BRINK_SCOPE_GLOBAL, 0, 1, "news", 0, 10,
     "news shock to a target's currency when an instrument restores UN sanctions on it",
     "a major shock (1) moves the rate by economy.fx_news_jump; MODEL.md pattern 4 (jumps of "
     "about 15 % at shocks)"},
    {"economy.un_sanctions_enforcement", BRINK_SCOPE_ACTOR, 0, 0.25, "enforcement", 0, 2,
     "enforcement-equivalent of UN sanctions in force on a seller (added to its senders' sum)",
     "assumed: UNSC resolutions 1737-1929 restrict nuclear, missile, arms and some financial "
     "trade but embargo no oil (GK)"},
    {"negotiation.deal_tolerance", BRINK_SCOPE_GLOBAL, 0, 5, "points", 0, 50,
     "distance on every issue (0-100 scale) within which principals can sign",
     "assumed; MODEL.md section 3"},
    {"negotiation.interim_tolerance", BRINK_SCOPE_GLOBAL, 0, 15, "points", 0, 100,
     "distance on every issue (0-100 scale) within which principals in talks without a deal can "
     "sign an interim deal (a freeze for limited relief); at or below negotiation.deal_tolerance "
     "there are no interim deals",
     "MODEL.md pattern 5: an interim deal about a year and a half before the comprehensive one "
     "(JPOA Nov 2013, JCPOA Jul 2015, domain facts A.10); assumed (three times the deal "
     "tolerance)"},
    {"negotiation.position_halflife_weeks", BRINK_SCOPE_ACTOR, 0, 26, "weeks", 0.5, 1040,
     "half-life with which advocated positions relax back to ideal positions out of talks",
     "MODEL.md section 3: a concession is not permanent by accident"},
    {"nuclear.breakout_max_weeks", BRINK_SCOPE_GLOBAL, 0, 520, "weeks", 1, 5200,
     "breakout time reported for a programme without working enrichment capacity",
     "a cap for display and questions (10 years); no basis needed"},
    {"nuclear.breakout_setup_weeks", BRINK_SCOPE_GLOBAL, 0, 0.3, "weeks", 0, 52,
     "time to reconfigure cascades before the separative work of a breakout starts",
     "assumed; with the default capacity it puts the first significant quantity in under a "
     "week, as ISIS estimated on the IAEA report of Feb 2025 (domain facts A.6)"},
    {"nuclear.cap_cost", BRINK_SCOPE_ACTOR, 0, 2, "utility/yr", 0, 100,
     "cost to a programme's owner of each cap of an agreement (level, stock) it exceeds: the "
     "relief and support the agreement still brings",
     "assumed; calibrated on pattern 6 (Iran kept the JCPOA caps for a year after the US exit, "
     "domain facts A.10)"},
    {"nuclear.capacity_max", BRINK_SCOPE_GLOBAL, 0, 3, "multiple", 1, 100,
     "installed enrichment capacity an owner can reach by expanding, as a multiple of the "
     "scenario's",
     "assumed: Iran roughly tripled its installed capacity 2019-2025 (IR-2m and IR-6 cascades, "
     "domain facts A.6; GK)"},
    {"nuclear.downblend_halflife_weeks", BRINK_SCOPE_GLOBAL, 0, 8, "weeks", 0.5, 520,
     "half-life with which stock above an agreement's stock cap is down-blended or shipped out "
     "while the programme is frozen",
     "assumed: the JCPOA's excess LEU was shipped out within weeks of Implementation Day (GK)"},
    {"nuclear.expand_step", BRINK_SCOPE_GLOBAL, 0, 0.25, "multiple", 0, 10,
     "capacity added by one expansion, as a multiple of the scenario's capacity",
     "assumed: one expansion installs cascades adding about a quarter of the capacity (8 IR-6 "
     "cascades at Fordow, domain facts A.6)"},
    {"nuclear.fear_adapt_halflife_weeks", BRINK_SCOPE_GLOBAL, 0, 8, "weeks", 1, 1040,
     "half-life with which the latency the world is used to follows the programme's latency",
     "assumed; calibrated on pattern 6 (months between Iran's steps, domain facts A.10); "
     "Powell (2006): the shift of power, not its level, drives preventive war"},
    {"nuclear.fear_capability", BRINK_SCOPE_GLOBAL, 0, 1, "1/capability", 0, 20,
     "weight of a fearer's military capability in the logit of the strike hazard the owner "
     "perceives",
     "assumed: a capable fearer is a more credible striker (domain facts C.2)"},
    {"nuclear.fear_change", BRINK_SCOPE_GLOBAL, 0, 2, "1/latency", 0, 20,
     "weight of the latency the fearers have not got used to (latency minus its reference) in "
     "the logit of the perceived strike hazard",
     "Powell (2006), MODEL.md section 3: the projected change in latency drives the "
     "preventive-strike incentive; calibrated on pattern 6"},
    {"nuclear.fear_hostility", BRINK_SCOPE_GLOBAL, 0, 2, "1/hostility", 0, 20,
     "weight of a fearer's hostility toward the owner in the logit of the perceived strike "
     "hazard",
     "assumed (domain facts C.2: hostility raises the chance of moving up the ladder)"},
    {"nuclear.fear_intercept", BRINK_SCOPE_GLOBAL, 0, -9, "logit", -30, 10,
     "intercept of the logit of the perceived strike hazard (no change of latency, no "
     "hostility, no capability)",
     "assumed; calibrated on pattern 6"},
    {"nuclear.fear_level", BRINK_SCOPE_GLOBAL, 0, 0.05, "1/latency", 0, 10,
     "weight of the level of latency in the logit of the perceived strike hazard",
     "assumed small: the level of breakout time (about a week in 2025) matters less than its "
     "change (MODEL.md section 3)"},
    {"nuclear.fear_max_per_week", BRINK_SCOPE_GLOBAL, 0, 0.02, "1/week", 0, 1,
     "strike hazard per fearer that the owner perceives at its most alarmed (the logistic's "
     "ceiling); 0 switches the preventive-strike response off",
     "assumed: about one strike a year from an alarmed, capable fearer (Israel struck Iran "
     "twice in 2024, domain facts A.8)"},
    {"nuclear.grievance_attack", BRINK_SCOPE_GLOBAL, 0, 3.5, "grievance", 0, 100,
     "grievance an owner gains from a sabotage, strike or killed leader against its state",
     "assumed; domain facts A.10: Iran's steps followed the killings and the Natanz sabotage of "
     "2020-21"},
    {"nuclear.grievance_breach", BRINK_SCOPE_GLOBAL, 0, 1, "grievance", 0, 100,
     "grievance an owner gains from the other side's breach of a deal, a snapback notification "
     "or restored UN sanctions",
     "assumed; domain facts A.10: Iran answered the US exit from the JCPOA by stepping out of "
     "its limits"},
    {"nuclear.grievance_enforcement", BRINK_SCOPE_GLOBAL, 0, 1, "grievance/enforcement", 0, 100,
     "grievance an owner gains per unit of sanctions enforcement tightened on its state",
     "assumed; MODEL.md section 3: escalation answers pressure"},
    {"nuclear.grievance_halflife_weeks", BRINK_SCOPE_GLOBAL, 0, 52, "weeks", 1, 1040,
     "half-life with which an owner's grievance fades",
     "assumed: a bounded stock that reverts (MODEL.md section 3); grievances of 2018-2020 still "
     "drove the steps of 2021 (domain facts A.10)"},
    {"nuclear.heu_threshold_pct", BRINK_SCOPE_GLOBAL, 0, 20, "% U-235", 1, 99,
     "enrichment at and above which uranium is highly enriched (the HEU significant quantity "
     "applies)",
     "IAEA Safeguards Glossary (2001): HEU is uranium enriched to 20 % U-235 or more"},
    {"nuclear.iaea_step", BRINK_SCOPE_GLOBAL, 0, 0.25, "access", 0, 1,
     "IAEA access cut or restored by one decision",
     "assumed: Iran cut access in steps (Additional Protocol Feb 2021, cameras 2022, inspectors "
     "Sep 2023; domain facts A.6, A.10)"},
    {"nuclear.latency_90", BRINK_SCOPE_GLOBAL, 0, 2, "latency", 0, 100,
     "latency added by enriching to weapon grade, in weapon-quantities",
     "assumed: crossing to 90 % is a threshold of its own (MODEL.md section 3)"},
    {"nuclear.latency_iaea", BRINK_SCOPE_GLOBAL, 0, 1, "latency", 0, 100,
     "latency added by the loss of all IAEA access, in weapon-quantities",
     "assumed (MODEL.md section 3: loss of IAEA access is part of latency)"},
    {"nuclear.latency_level", BRINK_SCOPE_GLOBAL, 0, 4, "latency", 0, 100,
     "latency of enriching at weapon grade relative to none, scaled by the maximum level over "
     "weapon grade, in weapon-quantities",
     "assumed; calibrated on pattern 6"},
    {"nuclear.latency_npt", BRINK_SCOPE_GLOBAL, 0, 2, "latency", 0, 100,
     "latency added by leaving the NPT, in weapon-quantities",
     "assumed (MODEL.md section 3: NPT exit is part of latency)"},
    {"nuclear.motivation_base", BRINK_SCOPE_ACTOR, 0, -3, "1", -100, 100,
     "an owner's motivation to add latency without hardship or grievance (negative: content "
     "with the status quo until hardship rises)",
     "assumed; calibrated on pattern 6"},
    {"nuclear.motivation_grievance", BRINK_SCOPE_ACTOR, 0, 1, "1/grievance", 0, 100,
     "motivation added per unit of grievance",
     "assumed; calibrated on pattern 6"},
    {"nuclear.motivation_hardship", BRINK_SCOPE_ACTOR, 0, 5, "1/hardship", 0, 100,
     "motivation added per unit of hardship of the owner's state (what sanctions do to it, "
     "economy.c)",
     "assumed; MODEL.md section 3: escalation answers pressure; calibrated on pattern 6 (Iran "
     "stepped out of the caps after the oil waivers ended, domain facts A.10)"},
    {"nuclear.npt_exit_cost", BRINK_SCOPE_ACTOR, 0, 10, "utility/yr", 0, 1000,
     "cost to the owner of being outside the NPT: isolation, the loss of its partners' cover",
     "assumed: no state has left the NPT since 2003 (GK); Iran threatened it but stayed (domain "
     "facts A.6)"},
    {"nuclear.rebuild_halflife_weeks", BRINK_SCOPE_GLOBAL, 0, 52, "weeks", 1, 1040,
     "half-life with which struck facilities regain integrity",
     "assumed: Natanz resumed within months of the 2020 and 2021 sabotage (GK); a destroyed "
     "plant takes years (domain facts A.6, C.2)"},
    {"nuclear.security_value", BRINK_SCOPE_ACTOR, 0, 2, "utility/yr/latency", 0, 100,
     "security an owner draws from one weapon-quantity of latency per unit of motivation",
     "assumed; sets the scale of nuclear utilities against decide.rationality; calibrated on "
     "pattern 6"},
    {"nuclear.sq_heu_u235_kg", BRINK_SCOPE_GLOBAL, 0, 25, "kg U-235", 1, 1000,
     "significant quantity of highly enriched uranium: U-235 for one weapon",
     "IAEA Safeguards Glossary (2001), table II: 25 kg U-235 in HEU; ISIS (domain facts A.6) "
     "counts 25 kg of weapon-grade uranium a weapon"},
    {"nuclear.sq_leu_u235_kg", BRINK_SCOPE_GLOBAL, 0, 75, "kg U-235", 1, 10000,
     "significant quantity of low-enriched uranium (U-235 contained)",
     "IAEA Safeguards Glossary (2001), table II: 75 kg U-235 in LEU"},
    {"nuclear.strike_cost", BRINK_SCOPE_ACTOR, 0, 20, "utility", 0, 10000,
     "what one strike on its programme costs the owner (damage, casualties, humiliation)",
     "assumed; calibrated on pattern 6"},
    {"nuclear.strike_cost_latency", BRINK_SCOPE_ACTOR, 0, 25, "utility/latency", 0, 10000,
     "what one strike on its programme costs the owner per weapon-quantity of latency at stake",
     "assumed: a strike destroys what the programme built (MODEL.md section 3); it must exceed "
     "the owner's security value of latency divided by 52 x the fearers' ceiling hazard, or a "
     "saturated fear makes the biggest jump the best; calibrated on pattern 6"},
    {"nuclear.strike_integrity", BRINK_SCOPE_GLOBAL, 0, 0.8, "share", 0, 1,
     "share of a programme's integrity a strike of severity 1 destroys",
     "assumed: deeply buried plants (Fordow) survive most strikes in part (domain facts A.6)"},
    {"nuclear.strike_stock_loss", BRINK_SCOPE_GLOBAL, 0, 0.2, "share", 0, 1,
     "mean share of the enriched stock a strike of severity 1 destroys or buries (drawn "
     "uniform on [0, twice the mean])",
     "assumed: MODEL.md section 3, strikes may not destroy the stock"},
    {"nuclear.tails_pct", BRINK_SCOPE_GLOBAL, 0, 0.3, "% U-235", 0.05, 0.711,
     "tails assay of the separative-work breakout formula",
     "assumed: a common commercial tails assay (GK); with it one significant quantity of "
     "weapon grade takes 38 kg of 60 % feed, near the IAEA's 42 kg (domain facts A.6)"},
    {"nuclear.weapon_grade_pct", BRINK_SCOPE_GLOBAL, 0, 90, "% U-235", 20, 99,
     "enrichment counted as weapon grade (breakout product, the enrichment_90 event)",
     "domain facts A.6: breakout to one significant quantity of 90 % uranium"},
    {"trust.breach_weight", BRINK_SCOPE_GLOBAL, 0, 2, "observations", 0, 100,
     "pseudo-observations a broken deal adds to the victim's distrust (beta), times the "
     "victim's mean salience",
     "domain facts C.4: weight by salience (a treaty exit counts more than a missed deadline); "
     "the 2018 exit is about 2 of the 6 in Iran's Beta(2, 6); assumed"},
    {"trust.forgetting_halflife_weeks", BRINK_SCOPE_DYAD, 0, 104, "weeks", 1, 5200,
     "half-life with which trust pseudo-counts revert to the prior",
     "Josang & Ismail (2002): Beta reputation with forgetting; domain facts C.4"},
    {"trust.interim_weight", BRINK_SCOPE_GLOBAL, 0, 0.5, "observations", 0, 100,
     "pseudo-observations each kept interim step of a deal (every diplomacy.phase_weeks) adds "
     "to trust (alpha), times the observer's mean salience",
     "domain facts C.4: interim steps count; Josang & Ismail (2002); assumed"},
    {"trust.third_party_weight", BRINK_SCOPE_GLOBAL, 0, 0.25, "1", 0, 1,
     "share of a commitment's weight that actors outside the dyad add to their trust in the "
     "keeper",
     "Sartori (2005), Crescenzi (2007): reputation is public; assumed"},
    {"trust.walkout_weight", BRINK_SCOPE_GLOBAL, 0, 0.5, "observations", 0, 100,
     "pseudo-observations a walk-out (or a strike that breaks talks) adds to the other side's "
     "distrust, times its mean salience",
     "MODEL.md section 3: breaches and walk-outs update trust; assumed"},
};

size_t brink_param_count(void)
{
    return sizeof registry / sizeof registry[0];
}

const brink_param_def *brink_param_get(size_t i)
{
    return i < brink_param_count() ? &registry[i] : NULL;
}

int brink_param_find(const char *name)
{
    size_t lo = 0, hi = brink_param_count();
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, registry[mid].name);
        if (c == 0)
            return (int)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

const char *brink_param_scope_name(brink_param_scope s)
{
    switch (s) {
    case BRINK_SCOPE_GLOBAL:
        return "global";
    case BRINK_SCOPE_ACTOR:
        return "actor";
    case BRINK_SCOPE_DYAD:
        return "dyad";
    case BRINK_SCOPE_FLOW:
        return "flow";
    }
    return "?";
}
