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
    {"conflict.fatigue", BRINK_SCOPE_DYAD, 0, 0.3, "1/week", 0, 5,
     "Richardson fatigue: how fast an actor's hostility decays on its own",
     "Richardson (1960); drawn so that fatigue products exceed reaction products (stable region)"},
    {"conflict.forgiveness", BRINK_SCOPE_ACTOR, 0, 0.33, "probability", 0, 1,
     "chance of not answering a provocation in kind (generous tit-for-tat)",
     "Nowak & Sigmund (1992): generous TFT forgives about one defection in three"},
    {"conflict.grievance", BRINK_SCOPE_DYAD, 0, 0.02, "hostility/week", 0, 1,
     "Richardson grievance: standing hostility that persists without provocation",
     "Richardson (1960); assumed small, calibrated on pattern 2"},
    {"conflict.hostility_halflife_weeks", BRINK_SCOPE_GLOBAL, 0, 8, "weeks", 0.5, 520,
     "half-life with which hostility reverts to its scenario baseline",
     "calibrated on pattern 2 (no direct exchange for >= 12 weeks after a calibrated reply)"},
    {"conflict.reaction", BRINK_SCOPE_DYAD, 0, 0.2, "1/week", 0, 5,
     "Richardson reaction: how strongly hostility responds to the other's hostility",
     "Richardson (1960); domain facts C.2"},
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
    {"domestic.epstein_k", BRINK_SCOPE_ACTOR, 0, 2.3, "1", 0, 20,
     "Epstein's arrest-probability constant in the estimated risk of protesting",
     "Epstein (2002); domain facts C.3 and E"},
    {"domestic.epstein_threshold", BRINK_SCOPE_ACTOR, 0, 0.1, "1", 0, 1,
     "net grievance above which an individual protests",
     "Epstein (2002); domain facts C.3 and E"},
    {"domestic.threshold_spread", BRINK_SCOPE_ACTOR, 0, 0.15, "1", 0, 1,
     "standard deviation of individual protest thresholds",
     "Granovetter (1978): small spreads flip outcomes; calibrated on pattern 3"},
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
    {"negotiation.position_halflife_weeks", BRINK_SCOPE_ACTOR, 0, 26, "weeks", 0.5, 1040,
     "half-life with which advocated positions relax back to ideal positions out of talks",
     "MODEL.md section 3: a concession is not permanent by accident"},
    {"nuclear.rebuild_halflife_weeks", BRINK_SCOPE_GLOBAL, 0, 52, "weeks", 1, 1040,
     "half-life with which struck facilities regain integrity",
     "domain facts A.6 and C.2; assumed"},
    {"trust.forgetting_halflife_weeks", BRINK_SCOPE_DYAD, 0, 104, "weeks", 1, 5200,
     "half-life with which trust pseudo-counts revert to the prior",
     "Josang & Ismail (2002): Beta reputation with forgetting; domain facts C.4"},
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
