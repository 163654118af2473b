/* SPDX-License-Identifier: MIT */
/*
 * names.c — the scenario keywords of every enumeration of the data model. The loader matches
 * words against these functions (so one table serves parsing and printing); their order must
 * follow the enums in brink.h, which a unit test checks by round trip.
 */
#include "brink.h"

#include <stddef.h>

#define NAME_OF(table, i)                                                                          \
    ((size_t)(i) < sizeof(table) / sizeof(table[0]) ? table[(size_t)(i)] : NULL)

const char *brink_dist_kind_name(brink_dist_kind k)
{
    static const char *const t[] = {"value", "uniform", "triangular", "normal",
                                    "lognormal", "beta", "gamma"};
    return NAME_OF(t, k);
}

const char *brink_actor_kind_name(brink_actor_kind k)
{
    static const char *const t[] = {"state", "faction", "armed_group",
                                    "bloc", "organisation", "mediator"};
    return NAME_OF(t, k);
}

const char *brink_disposition_name(brink_disposition d)
{
    static const char *const t[] = {"resolve", "risk", "hawkishness", "cost_sensitivity"};
    return NAME_OF(t, d);
}

const char *brink_capability_name(brink_capability c)
{
    static const char *const t[] = {"military", "economic", "air_defence", "forces_deployed"};
    return NAME_OF(t, c);
}

static const struct {
    const char *name, *unit;
} internals[] = {
    {"gdp_usd_bn", "USD bn"},
    {"gdp_growth", "fraction/yr"},
    {"revenue_usd_bn", "USD bn/yr"},
    {"oil_revenue_share", "fraction"},
    {"inflation", "fraction/yr"},
    {"exchange_rate", "local per USD"},
    {"hardship", "index"},
    {"legitimacy", "index"},
    {"repression_capacity", "index"},
    {"security_cohesion", "index"},
    {"hardliner_share", "fraction"},
    {"protest_intensity", "index"},
    {"shadow_fleet_mbd", "mb/d"},
};

const char *brink_internal_name(brink_internal i)
{
    return (size_t)i < sizeof internals / sizeof internals[0] ? internals[i].name : NULL;
}

const char *brink_internal_unit(brink_internal i)
{
    return (size_t)i < sizeof internals / sizeof internals[0] ? internals[i].unit : NULL;
}

const char *brink_issue_role_name(brink_issue_role r)
{
    static const char *const t[] = {"nothing", "sanctions_relief", "nuclear_constraints"};
    return NAME_OF(t, r);
}

const char *brink_talks_status_name(brink_talks_status s)
{
    static const char *const t[] = {"none", "indirect", "direct"};
    return NAME_OF(t, s);
}

const char *brink_commodity_name(brink_commodity c)
{
    static const char *const t[] = {"oil", "gas", "electricity"};
    return NAME_OF(t, c);
}

const char *brink_commodity_volume_unit(brink_commodity c)
{
    static const char *const t[] = {"mb/d", "mcm/d", "MW"};
    return NAME_OF(t, c);
}

const char *brink_schedule_type_name(brink_schedule_type s)
{
    static const char *const t[] = {"waiver_expiry", "deadline",    "termination", "election",
                                    "custom",        "enforcement", "news",
                                    "strike",        "price_hike"};
    return NAME_OF(t, s);
}

const char *brink_event_type_name(brink_event_type e)
{
    static const char *const t[] = {
        "talks_proposed",      "talks_opened",         "talks_broken",
        "deal_signed",         "deal_breached",        "sanctions_tightened",
        "sanctions_eased",     "waiver_granted",       "waiver_revoked",
        "snapback_notified",   "un_sanctions_restored", "enrichment_expanded",
        "enrichment_90",       "iaea_access_cut",      "iaea_access_restored",
        "npt_withdrawal",      "threat",               "proxy_attack",
        "sabotage",            "strike_military",      "strike_nuclear",
        "strike_energy",       "shipping_attack",      "hormuz_closed",
        "hormuz_reopened",     "attack_us_forces",     "ceasefire",
        "protest_wave_started", "protest_wave_ended",  "crackdown",
        "internet_shutdown",   "leader_died",          "leader_killed",
        "leader_replaced",     "regime_collapse",      "interim_deal_signed"};
    return NAME_OF(t, e);
}

const char *brink_indicator_name(brink_indicator i)
{
    static const char *const t[] = {
        "oil_exports_mbd", "flow_volume",       "oil_price",         "oil_discount",
        "revenue_usd_bn",  "exchange_rate",     "inflation",         "hardship",
        "legitimacy",      "protest_intensity", "stock_60_kg",       "breakout_weeks",
        "iaea_access",     "rung",              "trust",             "position",
        "talks_status",    "proxy_capacity",    "chokepoint_status", "hardliner_share"};
    return NAME_OF(t, i);
}
