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
    {"decide.base_hazard_per_week", BRINK_SCOPE_GLOBAL, 0, 0.1, "1/week", 0, 10,
     "scale of action hazards: h = base * logit share, P(act in a step) = 1 - exp(-h dt)",
     "assumed; makes choice rates independent of step_days (MODEL.md section 3)"},
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
    {"decide.rationality", BRINK_SCOPE_ACTOR, 0, 2, "1/utility", 0, 100,
     "quantal-response precision: 0 chooses at random, large values choose the best action",
     "McKelvey & Palfrey (1995); calibrated by history matching (MODEL.md section 6)"},
    {"decide.review_weeks", BRINK_SCOPE_GLOBAL, 0, 4, "weeks", 0.1, 52,
     "how often actors re-project the utilities of their actions (hazards apply every step)",
     "assumed; a monthly policy review; keeps the cost of projections bounded"},
    {"domestic.epstein_k", BRINK_SCOPE_ACTOR, 0, 2.3, "1", 0, 20,
     "Epstein's arrest-probability constant in the estimated risk of protesting",
     "Epstein (2002); domain facts C.3 and E"},
    {"domestic.epstein_threshold", BRINK_SCOPE_ACTOR, 0, 0.1, "1", 0, 1,
     "net grievance above which an individual protests",
     "Epstein (2002); domain facts C.3 and E"},
    {"domestic.threshold_spread", BRINK_SCOPE_ACTOR, 0, 0.15, "1", 0, 1,
     "standard deviation of individual protest thresholds",
     "Granovetter (1978): small spreads flip outcomes; calibrated on pattern 3"},
    {"economy.enforcement_discount_usd", BRINK_SCOPE_FLOW, 0, 8, "USD/bbl", 0, 60,
     "widening of the sanctioned seller's discount at full enforcement",
     "domain facts A.2: discounts of 2-13 USD/bbl under changing enforcement"},
    {"economy.evasion_halflife_weeks", BRINK_SCOPE_FLOW, 0, 11, "weeks", 0.5, 520,
     "half-life with which the shadow fleet regains volume lost to an enforcement shock",
     "domain facts E: enforcement shocks recover with a half-life of about 2.5 months"},
    {"economy.fx_news_jump", BRINK_SCOPE_ACTOR, 0, 0.15, "fraction", 0, 2,
     "jump of the open-market exchange rate on a major sanctions or war shock",
     "domain facts A.3 and MODEL.md pattern 4: jumps of about 15 % at shocks"},
    {"economy.inflation_passthrough", BRINK_SCOPE_ACTOR, 0, 0.5, "1", 0, 2,
     "share of a currency depreciation passed into annual inflation",
     "Laudati & Pesaran (2021): the rial over-reacts, inflation follows"},
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
