/* SPDX-License-Identifier: MIT */
/*
 * test_scenario.c — scenario/: the YAML loader and the data model it fills (actors, kinds,
 * parents, patrons, positions and saliences with their present flags, relations listed and
 * default, flows, programme levels and level-keyed stocks, questions with their windows in
 * dates and steps, the schedule, parameter overrides and their resolution), value paths and
 * stream keys, strict mode, per-run draws (determinism, stability under added values, truncation,
 * a triangular mean against its exact value), the built-in scenario, allocation failure at every
 * allocation (ASan checks for leaks), the size cap, nesting and alias limits, JSON input, and the
 * round trip of every enumeration's keyword through the loader.
 *
 * The malformed files with their expected error positions live in tests/data/bad/ (run by ctest
 * through `brink check`); this file tests the library directly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "brink.h"

/* ---- fixtures ---- */

/* A small scenario that uses every section, in two literals (ISO C caps one at 4095 characters)
 * joined into SCN by the group setup. Dates and steps asserted below were computed by hand from
 * start 2025-03-12 with 7-day steps; line numbers are those of the joined text. */
static const char *const scn_parts[] = {
    "brink: 1\n"
    "scenario:\n"
    "  name: Unit test scenario\n"
    "  description: for the unit tests\n"
    "  start: 2025-03-12\n"
    "  horizon_weeks: 52\n"
    "  seed: 42\n"
    "  negotiation_model: nash\n"
    "  source: tests\n"
    "issues:\n"
    "  - {id: nuclear, name: Nuclear, low: none, high: all}\n"
    "  - {id: sanctions, name: Sanctions, low: max, high: lifted}\n"
    "  - {id: regional, name: Regional}\n"
    "actors:\n"
    "  - id: USA\n"
    "    name: United States\n"
    "    kind: state\n"
    "    domains: [diplomatic, economic, military]\n"
    "    capability: {military: 1.0, economic: {value: 0.9, source: World Bank}}\n"
    "    dispositions: {resolve: {triangular: [0.1, 0.2, 0.9], assumed: true, note: judgment}}\n"
    "    positions: {nuclear: 10, sanctions: {uniform: [10, 30]}}\n"
    "    salience: {nuclear: 0.9, sanctions: 0.5}\n"
    "    params: {decide.rationality: 4}\n"
    "  - id: IRN\n"
    "    name: Iran\n"
    "    kind: state\n"
    "    aggregation: {rule: veto, veto: [IRN_LEADER], proposer: IRN_GOV}\n"
    "    internals:\n"
    "      gdp_usd_bn: {value: 437, unit: USD bn, source: WB}\n"
    "      inflation: {value: 0.35, unit: fraction/yr, as_of: 2025-02-01, source: IMF}\n"
    "  - id: IRN_LEADER\n"
    "    name: Supreme Leader\n"
    "    kind: faction\n"
    "    parent: IRN\n"
    "    born: 1939-04-19\n"
    "    domains: [nuclear, domestic]\n"
    "    positions: {nuclear: {normal: [50, 30], bounds: [40, 60]}}\n"
    "    salience: {nuclear: 0.9}\n"
    "  - id: IRN_GOV\n"
    "    name: Government\n"
    "    kind: faction\n"
    "    parent: IRN\n"
    "  - id: CHN\n"
    "    name: China\n"
    "    kind: state\n"
    "  - id: HEZ\n"
    "    name: Hezbollah\n"
    "    kind: armed_group\n"
    "    patron: IRN_LEADER\n"
    "  - id: WEST\n"
    "    name: The West\n"
    "    kind: bloc\n"
    "    members: [USA, CHN]\n"
    "  - id: OMN\n"
    "    name: Oman\n"
    "    kind: mediator\n"
    ,
    "relations:\n"
    "  default: {alignment: {uniform: [-0.2, 0.2]}, trust: {alpha: 1, beta: 1}, "
    "resolve_belief: 0.4}\n"
    "  pairs:\n"
    "    - {from: USA, to: IRN, alignment: -0.9, trust: {alpha: 2, beta: 6}, rung: 3, "
    "talks: indirect, mediator: OMN, sanctions: 0.9, principal: true, fears: true, "
    "params: {conflict.reaction: 0.5}}\n"
    "    - {from: IRN, to: USA, hostility: 0.7, restrains: false}\n"
    "markets:\n"
    "  - {id: BRENT, name: Brent, commodity: oil, price: {value: 75, unit: USD/bbl}}\n"
    "  - {id: HH, name: Henry Hub, commodity: gas, price: 3.5}\n"
    "flows:\n"
    "  - id: IRN_OIL_CHN\n"
    "    commodity: oil\n"
    "    from: IRN\n"
    "    to: CHN\n"
    "    market: BRENT\n"
    "    volume: {triangular: [1.2, 1.45, 1.7], unit: mb/d, source: Kpler}\n"
    "    discount: 5\n"
    "    waiver: {by: USA, active: false, expires: 2025-05-01}\n"
    "    params: {economy.evasion_halflife_weeks: {uniform: [8, 12]}}\n"
    "  - {id: IRN_GAS_CHN, commodity: gas, from: IRN, to: CHN, market: HH, volume: 20}\n"
    "programmes:\n"
    "  - id: IRN_NUC\n"
    "    owner: IRN\n"
    "    sq_kg: 42\n"
    "    levels: [3.67, 20, 60, 90]\n"
    "    stock_kg: {3.67: 6000, 60: {value: 274.8, as_of: 2025-02-08, source: IAEA}}\n"
    "    rate_kg_per_month: {60: 35}\n"
    "    max_level: 60\n"
    "    npt_member: true\n"
    "    breakout_weeks: {value: 1, unit: weeks, assumed: true}\n"
    "chokepoints:\n"
    "  - {id: HORMUZ, name: Hormuz, controller: IRN_LEADER, carries: [IRN_OIL_CHN], "
    "world_oil_share: 0.2}\n"
    "instruments:\n"
    "  - {id: SNAPBACK, name: UN snapback, notifiers: [CHN, USA], notify_by: 2025-10-18, "
    "delay_days: 30, blockable: false, vetoers: [], effect: {sanctions: UN, target: IRN}}\n"
    "schedule:\n"
    "  - {date: 2025-05-01, type: waiver_expiry, flow: IRN_OIL_CHN, actor: USA}\n"
    "  - {date: 2025-05-07, type: deadline, actor: USA, target: IRN, text: two months}\n"
    "  - {date: 2018-05-08, type: termination, actor: USA, past: true}\n"
    "  - {date: 2025-03-12, type: custom, instrument: SNAPBACK}\n"
    "questions:\n"
    "  - id: q_within\n"
    "    text: within\n"
    "    event: {type: talks_opened, actor: USA*, target: IRN, within_weeks: 26}\n"
    "  - id: q_by\n"
    "    text: by\n"
    "    event: {type: strike_nuclear, actor: \"*\", target: IRN*, by: 2025-09-30, "
    "from: 2025-04-01}\n"
    "  - id: q_at\n"
    "    text: at\n"
    "    indicator: {name: rung, of: USA>IRN, above: 5, at: 2025-06-01}\n"
    "  - id: q_for\n"
    "    text: for\n"
    "    indicator: {name: flow_volume, of: IRN_OIL_CHN, below: 1.0, for_weeks: 4, "
    "from: 2025-06-01, to: 2025-12-31}\n"
    "  - id: q_pos\n"
    "    text: position\n"
    "    indicator: {name: position, of: IRN, issue: nuclear, below: 50, at: 2025-12-01}\n"
    "  - id: q_stock\n"
    "    text: stock\n"
    "    indicator: {name: stock_60_kg, of: IRN_NUC, above: 400, at: 2026-03-10}\n"
    "  - id: q_price\n"
    "    text: price\n"
    "    indicator: {name: oil_price, of: BRENT, above: 100, at: 2025-07-01}\n"
    "params:\n"
    "  conflict.hostility_halflife_weeks: 10\n"
    "  decide.horizon_weeks: 13\n",
};
static char SCN[8192];

static int join_scn(void **state)
{
    (void)state;
    size_t n = 0;
    for (size_t i = 0; i < sizeof scn_parts / sizeof scn_parts[0]; i++) {
        size_t k = strlen(scn_parts[i]);
        if (n + k >= sizeof SCN)
            return -1;
        memcpy(SCN + n, scn_parts[i], k + 1);
        n += k;
    }
    return 0;
}

/* The smallest valid scenario. */
static const char MINI[] = "brink: 1\n"
                           "scenario: {name: Mini, start: 2025-03-12, horizon_weeks: 52}\n"
                           "issues: [{id: a, name: A}]\n"
                           "actors: [{id: X, name: X, kind: state}, {id: Y, name: Y, kind: state}]\n";

/* ---- helpers ---- */

static brink_scenario *load_text(const char *text, size_t len, const brink_load_options *opts)
{
    brink_scenario *sc = NULL;
    brink_error err;
    brink_error_clear(&err);
    int rc = brink_scenario_load_buffer(text, len, "test.yaml", opts, &sc, &err);
    if (rc != BRINK_OK)
        print_error("load failed (%d): %d:%d: %s\n", rc, err.line, err.column, err.message);
    assert_int_equal(rc, BRINK_OK);
    assert_non_null(sc);
    return sc;
}

static brink_scenario *load_ok(const char *text)
{
    return load_text(text, strlen(text), NULL);
}

/* Loads text and asserts code at line:column (0: any) with needle in the message. */
static void load_fails(const char *text, const brink_load_options *opts, int code, int line,
                       int column, const char *needle)
{
    brink_scenario *sc = (brink_scenario *)(uintptr_t)1; /* must be reset to NULL */
    brink_error err;
    brink_error_clear(&err);
    int rc = brink_scenario_load_buffer(text, strlen(text), "test.yaml", opts, &sc, &err);
    if (rc != code || (line && err.line != line) || (column && err.column != column) ||
        (needle && !strstr(err.message, needle)))
        print_error("got %d at %d:%d '%s'; expected %d at %d:%d with '%s'\n", rc, err.line,
                    err.column, err.message, code, line, column, needle ? needle : "");
    assert_int_equal(rc, code);
    assert_int_equal(err.code, code);
    assert_null(sc);
    if (line)
        assert_int_equal(err.line, line);
    if (column)
        assert_int_equal(err.column, column);
    if (needle)
        assert_non_null(strstr(err.message, needle));
}

/* A new copy of text with the one occurrence of old replaced by rep (freed with free). */
static char *replace(const char *text, const char *old, const char *rep)
{
    const char *at = strstr(text, old);
    assert_non_null(at);
    assert_null(strstr(at + 1, old));
    size_t n = strlen(text) - strlen(old) + strlen(rep);
    char *out = malloc(n + 1);
    assert_non_null(out);
    size_t pre = (size_t)(at - text);
    memcpy(out, text, pre);
    memcpy(out + pre, rep, strlen(rep));
    memcpy(out + pre + strlen(rep), at + strlen(old), strlen(at + strlen(old)) + 1);
    return out;
}

static void assert_date(brink_date d, const char *s)
{
    char buf[16];
    brink_date_format(d, buf, sizeof buf);
    assert_string_equal(buf, s);
}

/* The value registered under path, or NULL. */
static const brink_value *value_at(const brink_scenario *sc, const char *path)
{
    for (size_t i = 0; i < sc->nvalues; i++)
        if (!strcmp(sc->values[i]->path, path))
            return sc->values[i];
    return NULL;
}

static int actor(const brink_scenario *sc, const char *id)
{
    int i = brink_scenario_actor(sc, id);
    assert_true(i >= 0);
    return i;
}

static double *draw_run(const brink_scenario *sc, uint64_t seed, uint64_t run)
{
    double *d = calloc(sc->nvalues ? sc->nvalues : 1, sizeof *d);
    assert_non_null(d);
    brink_error err;
    brink_error_clear(&err);
    int rc = brink_scenario_draw(sc, seed, run, d, &err);
    if (rc != BRINK_OK)
        print_error("draw failed: %s\n", err.message);
    assert_int_equal(rc, BRINK_OK);
    return d;
}

/* ---- the data model ---- */

static void scenario_block_and_issues(void **state)
{
    (void)state;
    brink_scenario *sc = load_ok(SCN);
    assert_string_equal(sc->file, "test.yaml");
    assert_string_equal(sc->name, "Unit test scenario");
    assert_string_equal(sc->description, "for the unit tests");
    assert_string_equal(sc->source, "tests");
    assert_date(sc->start, "2025-03-12");
    assert_int_equal(sc->horizon_weeks, 52);
    assert_int_equal(sc->step_days, 7);
    assert_int_equal(sc->nsteps, 52);
    assert_true(sc->seed == 42);
    assert_string_equal(sc->negotiation_model, "nash");
    assert_int_equal(sc->nissues, 3);
    assert_string_equal(sc->issues[0].id, "nuclear");
    assert_string_equal(sc->issues[0].low, "none");
    assert_string_equal(sc->issues[1].high, "lifted");
    assert_null(sc->issues[2].low);
    assert_int_equal(brink_scenario_issue(sc, "regional"), 2);
    assert_int_equal(brink_scenario_issue(sc, "Regional"), -1);
    brink_scenario_free(sc);

    /* defaults: step_days 7, seed 1, model eu; nsteps rounds up */
    sc = load_ok(MINI);
    assert_int_equal(sc->step_days, 7);
    assert_true(sc->seed == 1);
    assert_string_equal(sc->negotiation_model, "eu");
    assert_null(sc->description);
    assert_int_equal(sc->nsteps, 52);
    assert_int_equal(sc->nmarkets + sc->nflows + sc->nprogrammes + sc->nchokepoints +
                         sc->ninstruments + sc->nschedule + sc->nquestions + sc->nparams +
                         sc->nlisted_pairs,
                     0);
    brink_scenario_free(sc);
    char *t = replace(MINI, "horizon_weeks: 52}", "horizon_weeks: 3, step_days: 5}");
    sc = load_ok(t);
    assert_int_equal(sc->nsteps, 5); /* 21 days in steps of 5: ceil(4.2) */
    brink_scenario_free(sc);
    free(t);
    brink_scenario_free(NULL);
}

static void actors_kinds_parents_patrons(void **state)
{
    (void)state;
    brink_scenario *sc = load_ok(SCN);
    assert_int_equal(sc->nactors, 8);
    int usa = actor(sc, "USA"), irn = actor(sc, "IRN"), ldr = actor(sc, "IRN_LEADER");
    int gov = actor(sc, "IRN_GOV"), chn = actor(sc, "CHN"), hez = actor(sc, "HEZ");
    int west = actor(sc, "WEST"), omn = actor(sc, "OMN");
    assert_int_equal(brink_scenario_actor(sc, "usa"), -1);
    const brink_actor *a = sc->actors;
    assert_string_equal(a[usa].name, "United States");
    assert_int_equal(a[usa].kind, BRINK_ACTOR_STATE);
    assert_int_equal(a[ldr].kind, BRINK_ACTOR_FACTION);
    assert_int_equal(a[hez].kind, BRINK_ACTOR_ARMED_GROUP);
    assert_int_equal(a[west].kind, BRINK_ACTOR_BLOC);
    assert_int_equal(a[omn].kind, BRINK_ACTOR_MEDIATOR);
    assert_int_equal(a[ldr].parent, irn);
    assert_int_equal(a[gov].parent, irn);
    assert_int_equal(a[irn].parent, -1);
    assert_int_equal(a[hez].patron, ldr);
    assert_int_equal(a[usa].patron, -1);
    assert_int_equal(a[west].nmembers, 2);
    assert_int_equal(a[west].members[0], usa);
    assert_int_equal(a[west].members[1], chn);
    assert_int_equal(a[usa].domains,
                     BRINK_DOMAIN_DIPLOMATIC | BRINK_DOMAIN_ECONOMIC | BRINK_DOMAIN_MILITARY);
    assert_int_equal(a[ldr].domains, BRINK_DOMAIN_NUCLEAR | BRINK_DOMAIN_DOMESTIC);
    assert_int_equal(a[chn].domains, 0);
    assert_true(a[ldr].has_born);
    assert_date(a[ldr].born, "1939-04-19");
    assert_false(a[usa].has_born);
    assert_int_equal(a[irn].aggregation, BRINK_AGG_VETO);
    assert_int_equal(a[irn].nveto, 1);
    assert_int_equal(a[irn].veto[0], ldr);
    assert_int_equal(a[irn].proposer, gov);
    assert_int_equal(a[usa].aggregation, BRINK_AGG_NONE);
    assert_int_equal(a[usa].proposer, -1);
    /* capability, dispositions, internals */
    assert_true(a[usa].capability[BRINK_CAP_MILITARY].present);
    assert_true(a[usa].capability[BRINK_CAP_MILITARY].value == 1.0);
    assert_string_equal(a[usa].capability[BRINK_CAP_ECONOMIC].source, "World Bank");
    assert_false(a[chn].capability[BRINK_CAP_MILITARY].present);
    const brink_value *res = &a[usa].disposition[BRINK_DISP_RESOLVE];
    assert_int_equal(res->dist, BRINK_DIST_TRIANGULAR);
    assert_true(res->p[0] == 0.1 && res->p[1] == 0.2 && res->p[2] == 0.9);
    assert_true(res->assumed);
    assert_string_equal(res->note, "judgment");
    assert_false(a[usa].disposition[BRINK_DISP_RISK].present);
    const brink_value *gdp = &a[irn].internal[BRINK_INT_GDP_USD_BN];
    assert_true(gdp->present && gdp->value == 437);
    assert_string_equal(gdp->unit, "USD bn");
    const brink_value *inf = &a[irn].internal[BRINK_INT_INFLATION];
    assert_true(inf->has_as_of);
    assert_date(inf->as_of, "2025-02-01");
    assert_false(a[irn].internal[BRINK_INT_HARDSHIP].present);
    /* where each actor was written (read before freeing, so that a failure leaks nothing) */
    int usa_line = a[usa].line, usa_column = a[usa].column, irn_line = a[irn].line;
    brink_scenario_free(sc);
    assert_int_equal(usa_line, 15);
    assert_int_equal(usa_column, 5);
    assert_int_equal(irn_line, 24);
}

static void positions_and_saliences(void **state)
{
    (void)state;
    brink_scenario *sc = load_ok(SCN);
    int usa = actor(sc, "USA"), ldr = actor(sc, "IRN_LEADER"), chn = actor(sc, "CHN");
    const brink_actor *a = sc->actors;
    /* given: present, with their numbers and positions in the file */
    assert_true(a[usa].position[0].present);
    assert_true(a[usa].position[0].value == 10);
    assert_int_equal(a[usa].position[0].dist, BRINK_DIST_FIXED);
    assert_int_equal(a[usa].position[0].line, 21);
    assert_int_equal(a[usa].position[0].column, 26);
    assert_true(a[usa].salience[0].present && a[usa].salience[0].value == 0.9);
    assert_true(a[usa].salience[1].present && a[usa].salience[1].value == 0.5);
    assert_int_equal(a[usa].position[1].dist, BRINK_DIST_UNIFORM);
    assert_true(a[usa].position[1].p[0] == 10 && a[usa].position[1].p[1] == 30);
    assert_true(a[usa].position[1].value == 20); /* the central value, for display */
    /* not given: absent, with the documented neutral defaults and no slot */
    assert_false(a[usa].position[2].present);
    assert_false(a[usa].salience[2].present);
    assert_true(a[usa].salience[2].value == 0);
    assert_false(a[chn].position[0].present);
    assert_true(a[chn].position[0].slot == (size_t)-1);
    assert_true(a[ldr].position[0].has_bounds);
    assert_true(a[ldr].position[0].lo == 40 && a[ldr].position[0].hi == 60);
    assert_false(a[ldr].position[1].present);
    brink_scenario_free(sc);
}

static void relations_default_and_listed(void **state)
{
    (void)state;
    brink_scenario *sc = load_ok(SCN);
    int usa = actor(sc, "USA"), irn = actor(sc, "IRN"), chn = actor(sc, "CHN");
    int omn = actor(sc, "OMN");
    assert_int_equal(sc->nlisted_pairs, 2);
    const brink_relation *r = brink_scenario_relation(sc, usa, irn);
    assert_non_null(r);
    assert_true(r->listed);
    assert_true(r->alignment.present && r->alignment.value == -0.9);
    assert_true(r->trust_alpha.value == 2 && r->trust_beta.value == 6);
    assert_int_equal(r->rung, 3);
    assert_int_equal(r->talks, BRINK_TALKS_INDIRECT);
    assert_int_equal(r->mediator, omn);
    assert_true(r->sanctions.value == 0.9);
    assert_true(r->principal && r->fears && !r->restrains);
    assert_int_equal(r->nparams, 1);
    assert_string_equal(r->alignment.path, "relations.USA>IRN.alignment");
    /* the reverse pair is listed with its own fields; what it leaves out is the default's */
    r = brink_scenario_relation(sc, irn, usa);
    assert_true(r->listed);
    assert_true(r->hostility.value == 0.7);
    assert_int_equal(r->rung, 0);
    assert_int_equal(r->talks, BRINK_TALKS_NONE);
    assert_int_equal(r->mediator, -1);
    assert_false(r->principal);
    assert_string_equal(r->alignment.path, "relations.default.alignment");
    assert_true(r->resolve_belief.value == 0.4);
    /* an unlisted pair is the default, sharing the default's draw slot */
    const brink_value *def = value_at(sc, "relations.default.alignment");
    assert_non_null(def);
    assert_int_equal(def->dist, BRINK_DIST_UNIFORM);
    r = brink_scenario_relation(sc, chn, usa);
    assert_false(r->listed);
    assert_int_equal(r->alignment.dist, BRINK_DIST_UNIFORM);
    assert_true(r->alignment.slot == def->slot);
    assert_true(r->trust_alpha.value == 1 && r->trust_beta.value == 1);
    assert_true(r->resolve_belief.value == 0.4);
    assert_true(r->hostility.value == 0);
    assert_int_equal(r->mediator, -1);
    assert_int_equal(r->nparams, 0);
    /* out of range */
    assert_null(brink_scenario_relation(sc, -1, usa));
    assert_null(brink_scenario_relation(sc, usa, (int)sc->nactors));
    brink_scenario_free(sc);

    /* without a relations section every pair has the built-in neutral default */
    sc = load_ok(MINI);
    r = brink_scenario_relation(sc, 0, 1);
    assert_false(r->listed);
    assert_true(r->alignment.value == 0 && !r->alignment.present);
    assert_true(r->trust_alpha.value == 1 && r->trust_beta.value == 1);
    assert_true(r->resolve_belief.value == 0.5);
    brink_scenario_free(sc);
}

static void markets_and_flows(void **state)
{
    (void)state;
    brink_scenario *sc = load_ok(SCN);
    assert_int_equal(sc->nmarkets, 2);
    assert_int_equal(sc->markets[1].commodity, BRINK_GAS);
    assert_true(sc->markets[0].price.value == 75);
    assert_string_equal(sc->markets[0].price.unit, "USD/bbl");
    assert_int_equal(sc->nflows, 2);
    int f = brink_scenario_flow(sc, "IRN_OIL_CHN");
    assert_int_equal(f, 0);
    assert_int_equal(brink_scenario_flow(sc, "nope"), -1);
    const brink_flow *fl = &sc->flows[f];
    assert_int_equal(fl->commodity, BRINK_OIL);
    assert_int_equal(fl->from, actor(sc, "IRN"));
    assert_int_equal(fl->to, actor(sc, "CHN"));
    assert_int_equal(fl->market, 0);
    assert_int_equal(fl->volume.dist, BRINK_DIST_TRIANGULAR);
    assert_true(fl->volume.value == 1.45);
    assert_string_equal(fl->volume.unit, "mb/d");
    assert_string_equal(fl->volume.source, "Kpler");
    assert_string_equal(fl->volume.path, "flows.IRN_OIL_CHN.volume");
    assert_true(fl->discount.present && fl->discount.value == 5);
    assert_false(fl->switching_cost.present);
    assert_true(fl->has_waiver);
    assert_int_equal(fl->waiver_by, actor(sc, "USA"));
    assert_false(fl->waiver_active);
    assert_true(fl->waiver_has_expiry);
    assert_date(fl->waiver_expires, "2025-05-01");
    assert_int_equal(fl->nparams, 1);
    assert_int_equal(sc->flows[1].market, 1);
    assert_true(sc->flows[1].volume.value == 20);
    assert_false(sc->flows[1].has_waiver);
    assert_int_equal(sc->flows[1].nparams, 0);
    /* chokepoints and instruments */
    assert_int_equal(sc->nchokepoints, 1);
    assert_int_equal(sc->chokepoints[0].controller, actor(sc, "IRN_LEADER"));
    assert_int_equal(sc->chokepoints[0].ncarries, 1);
    assert_int_equal(sc->chokepoints[0].carries[0], f);
    assert_true(sc->chokepoints[0].world_oil_share.value == 0.2);
    assert_int_equal(sc->ninstruments, 1);
    const brink_instrument *in = &sc->instruments[0];
    assert_int_equal(in->nnotifiers, 2);
    assert_int_equal(in->notifiers[1], actor(sc, "USA"));
    assert_true(in->has_notify_by);
    assert_date(in->notify_by, "2025-10-18");
    assert_int_equal(in->delay_days, 30);
    assert_false(in->blockable);
    assert_int_equal(in->nvetoers, 0);
    assert_string_equal(in->effect_sanctions, "UN");
    assert_int_equal(in->effect_target, actor(sc, "IRN"));
    brink_scenario_free(sc);
}

static void programme_levels_and_stocks(void **state)
{
    (void)state;
    brink_scenario *sc = load_ok(SCN);
    assert_int_equal(sc->nprogrammes, 1);
    const brink_programme *p = &sc->programmes[0];
    assert_string_equal(p->id, "IRN_NUC");
    assert_int_equal(p->owner, actor(sc, "IRN"));
    assert_int_equal(p->nlevels, 4);
    assert_true(p->levels[0] == 3.67 && p->levels[1] == 20 && p->levels[2] == 60 &&
                p->levels[3] == 90);
    assert_true(p->stock_kg[0].present && p->stock_kg[0].value == 6000);
    assert_false(p->stock_kg[1].present);
    assert_true(p->stock_kg[1].value == 0);
    assert_true(p->stock_kg[2].present && p->stock_kg[2].value == 274.8);
    assert_true(p->stock_kg[2].has_as_of);
    assert_date(p->stock_kg[2].as_of, "2025-02-08");
    assert_string_equal(p->stock_kg[2].path, "programmes.IRN_NUC.stock_kg.60");
    assert_string_equal(p->stock_kg[0].path, "programmes.IRN_NUC.stock_kg.3.67");
    assert_false(p->stock_kg[3].present);
    assert_true(p->rate_kg_per_month[2].present && p->rate_kg_per_month[2].value == 35);
    assert_false(p->rate_kg_per_month[0].present);
    assert_int_equal(p->max_level, 2);
    assert_true(p->npt_member);
    assert_true(p->sq_kg.value == 42);
    assert_true(p->breakout_weeks.value == 1 && p->breakout_weeks.assumed);
    assert_false(p->integrity.present);
    assert_true(p->integrity.value == 1); /* intact unless said otherwise */
    brink_scenario_free(sc);
}

static void questions_patterns_and_windows(void **state)
{
    (void)state;
    brink_scenario *sc = load_ok(SCN);
    assert_int_equal(sc->nquestions, 7);
    const brink_question *q = &sc->questions[0];
    int usa = actor(sc, "USA"), irn = actor(sc, "IRN");
    /* within_weeks 26 from the start: 26 weeks = 182 days, the last being 2025-09-09 */
    assert_string_equal(q->id, "q_within");
    assert_string_equal(q->text, "within");
    assert_true(q->is_event);
    assert_int_equal(q->event, BRINK_EV_TALKS_OPENED);
    assert_int_equal(q->actor.actor, usa);
    assert_true(q->actor.family);
    assert_int_equal(q->target.actor, irn);
    assert_false(q->target.family);
    assert_date(q->from, "2025-03-12");
    assert_date(q->to, "2025-09-09");
    assert_int_equal(q->from_step, 0);
    assert_int_equal(q->to_step, 25);
    assert_int_equal(q->line, 96);
    assert_int_equal(q->column, 5);
    /* by with from: days 20 and 202 after the start */
    q = &sc->questions[1];
    assert_int_equal(q->event, BRINK_EV_STRIKE_NUCLEAR);
    assert_int_equal(q->actor.actor, -1);
    assert_false(q->actor.family);
    assert_int_equal(q->target.actor, irn);
    assert_true(q->target.family);
    assert_date(q->from, "2025-04-01");
    assert_date(q->to, "2025-09-30");
    assert_int_equal(q->from_step, 2);
    assert_int_equal(q->to_step, 28);
    /* indicator at a date: from == to, for_weeks 0, on a dyad */
    q = &sc->questions[2];
    assert_false(q->is_event);
    assert_int_equal(q->indicator, BRINK_IND_RUNG);
    assert_int_equal(q->subject_kind, BRINK_SUBJECT_DYAD);
    assert_int_equal(q->subject, usa);
    assert_int_equal(q->subject2, irn);
    assert_true(q->above);
    assert_true(q->threshold == 5);
    assert_int_equal(q->for_weeks, 0);
    assert_date(q->from, "2025-06-01");
    assert_date(q->to, "2025-06-01");
    assert_int_equal(q->from_step, 11);
    assert_int_equal(q->to_step, 11);
    /* for_weeks in a window, on a flow */
    q = &sc->questions[3];
    assert_int_equal(q->indicator, BRINK_IND_FLOW_VOLUME);
    assert_int_equal(q->subject_kind, BRINK_SUBJECT_FLOW);
    assert_int_equal(q->subject, 0);
    assert_false(q->above);
    assert_true(q->threshold == 1.0);
    assert_int_equal(q->for_weeks, 4);
    assert_int_equal(q->from_step, 11);
    assert_int_equal(q->to_step, 42);
    /* position on an issue, stock on a programme, price on a market */
    q = &sc->questions[4];
    assert_int_equal(q->indicator, BRINK_IND_POSITION);
    assert_int_equal(q->subject_kind, BRINK_SUBJECT_ACTOR);
    assert_int_equal(q->subject, irn);
    assert_int_equal(q->issue, 0);
    q = &sc->questions[5];
    assert_int_equal(q->subject_kind, BRINK_SUBJECT_PROGRAMME);
    assert_int_equal(q->subject, 0);
    assert_int_equal(q->to_step, 51); /* the last day of the horizon's last step */
    q = &sc->questions[6];
    assert_int_equal(q->subject_kind, BRINK_SUBJECT_MARKET);
    assert_int_equal(q->subject, 0);
    assert_int_equal(q->issue, -1);
    brink_scenario_free(sc);

    /* with one-day steps the same windows are counted in days */
    char *t = replace(SCN, "  horizon_weeks: 52\n", "  horizon_weeks: 52\n  step_days: 1\n");
    sc = load_ok(t);
    assert_int_equal(sc->nsteps, 364);
    assert_int_equal(sc->questions[0].to_step, 181);
    assert_int_equal(sc->questions[1].from_step, 20);
    assert_int_equal(sc->questions[1].to_step, 202);
    assert_int_equal(sc->questions[5].to_step, 363);
    assert_int_equal(sc->schedule[0].step, 50);
    brink_scenario_free(sc);
    free(t);

    /* the last day of the horizon is inside; the day after is not */
    t = replace(SCN, "at: 2026-03-10}", "at: 2026-03-11}");
    load_fails(t, NULL, BRINK_EINVAL, 0, 0, "after the horizon");
    free(t);
}

static void schedule_steps(void **state)
{
    (void)state;
    brink_scenario *sc = load_ok(SCN);
    assert_int_equal(sc->nschedule, 4);
    const brink_scheduled *s = sc->schedule;
    assert_int_equal(s[0].type, BRINK_SCHED_WAIVER_EXPIRY);
    assert_int_equal(s[0].step, 7); /* 50 days after the start */
    assert_int_equal(s[0].flow, 0);
    assert_int_equal(s[0].actor, actor(sc, "USA"));
    assert_int_equal(s[0].target, -1);
    assert_int_equal(s[1].type, BRINK_SCHED_DEADLINE);
    assert_int_equal(s[1].step, 8); /* 56 days: the first day of step 8 */
    assert_int_equal(s[1].target, actor(sc, "IRN"));
    assert_string_equal(s[1].text, "two months");
    assert_int_equal(s[2].type, BRINK_SCHED_TERMINATION);
    assert_true(s[2].past);
    assert_int_equal(s[2].step, -358); /* floor(-2500 / 7) */
    assert_int_equal(s[3].type, BRINK_SCHED_CUSTOM);
    assert_int_equal(s[3].step, 0);
    assert_int_equal(s[3].instrument, 0);
    assert_false(s[3].past);
    brink_scenario_free(sc);
}

/* ---- parameters ---- */

static void param_registry_is_sorted_and_sane(void **state)
{
    (void)state;
    size_t n = brink_param_count();
    assert_true(n >= 1);
    for (size_t i = 0; i < n; i++) {
        const brink_param_def *d = brink_param_get(i);
        assert_non_null(d);
        assert_non_null(d->name);
        if (i)
            assert_true(strcmp(brink_param_get(i - 1)->name, d->name) < 0);
        assert_non_null(strchr(d->name, '.'));
        if (!(d->lo <= d->def && d->def <= d->hi))
            print_error("%s: default %g outside [%g, %g]\n", d->name, d->def, d->lo, d->hi);
        assert_true(d->lo <= d->def && d->def <= d->hi);
        assert_true(d->lo < d->hi);
        assert_true(d->unit && d->unit[0]);
        assert_true(d->meaning && d->meaning[0]);
        assert_true(d->basis && d->basis[0]);
        assert_true(d->scope >= BRINK_SCOPE_GLOBAL && d->scope <= BRINK_SCOPE_FLOW);
        if (d->integer)
            assert_true(d->def == floor(d->def) && d->lo == floor(d->lo));
        assert_int_equal(brink_param_find(d->name), (int)i);
    }
    assert_null(brink_param_get(n));
    assert_int_equal(brink_param_find(""), -1);
    assert_int_equal(brink_param_find("decide"), -1);
    assert_int_equal(brink_param_find("zzz.zzz"), -1);
    assert_int_equal(brink_param_find("aaa.aaa"), -1);
    assert_int_equal(brink_param_find("decide.rationality "), -1);
}

static void param_resolution_order(void **state)
{
    (void)state;
    brink_scenario *sc = load_ok(SCN);
    int usa = actor(sc, "USA"), irn = actor(sc, "IRN"), chn = actor(sc, "CHN");
    int rat = brink_param_find("decide.rationality");
    int react = brink_param_find("conflict.reaction");
    int evade = brink_param_find("economy.evasion_halflife_weeks");
    int host = brink_param_find("conflict.hostility_halflife_weeks");
    int horiz = brink_param_find("decide.horizon_weeks");
    int rebuild = brink_param_find("nuclear.rebuild_halflife_weeks");
    assert_true(rat >= 0 && react >= 0 && evade >= 0 && host >= 0 && horiz >= 0 && rebuild >= 0);
    /* actor scope: the actor's override, else the registry default */
    assert_true(brink_scenario_param(sc, NULL, rat, usa, -1, -1) == 4);
    assert_true(brink_scenario_param(sc, NULL, rat, irn, -1, -1) ==
                brink_param_get((size_t)rat)->def);
    /* dyad scope: directed */
    assert_true(brink_scenario_param(sc, NULL, react, usa, irn, -1) == 0.5);
    assert_true(brink_scenario_param(sc, NULL, react, irn, usa, -1) ==
                brink_param_get((size_t)react)->def);
    /* flow scope: the central value without draws, the run's draw with them */
    assert_true(brink_scenario_param(sc, NULL, evade, -1, -1, 0) == 10);
    assert_true(brink_scenario_param(sc, NULL, evade, -1, -1, 1) ==
                brink_param_get((size_t)evade)->def);
    const brink_value *ev = value_at(sc, "flows.IRN_OIL_CHN.params.economy.evasion_halflife_weeks");
    assert_non_null(ev);
    double *d = draw_run(sc, 7, 3);
    double x = brink_scenario_param(sc, d, evade, -1, -1, 0);
    assert_true(x == d[ev->slot]);
    assert_true(x >= 8 && x <= 12);
    free(d);
    /* global scope: the top-level override, else the default */
    assert_true(brink_scenario_param(sc, NULL, host, -1, -1, -1) == 10);
    assert_true(brink_scenario_param(sc, NULL, horiz, -1, -1, -1) == 13);
    assert_true(brink_scenario_param(sc, NULL, rebuild, -1, -1, -1) ==
                brink_param_get((size_t)rebuild)->def);
    assert_true(isnan(brink_scenario_param(sc, NULL, -1, -1, -1, -1)));
    assert_true(isnan(brink_scenario_param(sc, NULL, (int)brink_param_count(), -1, -1, -1)));
    assert_int_equal(sc->nparams, 2);
    assert_int_equal(sc->actors[usa].nparams, 1);
    assert_int_equal(sc->actors[usa].params[0].param, rat);
    assert_int_equal(sc->actors[chn].nparams, 0);
    brink_scenario_free(sc);
}

/* brink.h: brink_scenario_param resolves "from the most specific override to the global override
 * to the registry's default", so a top-level override of an actor (dyad, flow) parameter is the
 * fallback for every actor (dyad, flow) without its own. */
static void param_global_override_of_scoped_param(void **state)
{
    (void)state;
    char *t = replace(SCN, "params:\n  conflict.hostility_halflife_weeks: 10\n",
                      "params:\n  conflict.hostility_halflife_weeks: 10\n"
                      "  decide.rationality: 7\n  conflict.reaction: 0.25\n");
    brink_scenario *sc = load_ok(t);
    int usa = actor(sc, "USA"), irn = actor(sc, "IRN");
    int rat = brink_param_find("decide.rationality");
    int react = brink_param_find("conflict.reaction");
    assert_true(brink_scenario_param(sc, NULL, rat, usa, -1, -1) == 4); /* actor > global */
    assert_true(brink_scenario_param(sc, NULL, rat, irn, -1, -1) == 7); /* global > default */
    assert_true(brink_scenario_param(sc, NULL, react, usa, irn, -1) == 0.5);
    assert_true(brink_scenario_param(sc, NULL, react, irn, usa, -1) == 0.25);
    brink_scenario_free(sc);
    free(t);
}

static void param_override_errors(void **state)
{
    (void)state;
    char *t = replace(SCN, "params: {decide.rationality: 4}", "params: {decide.rationality: 101}");
    load_fails(t, NULL, BRINK_EINVAL, 23, 34, "out of range");
    free(t);
    t = replace(SCN, "params: {decide.rationality: 4}", "params: {conflict.reaction: 1}");
    load_fails(t, NULL, BRINK_EINVAL, 23, 14, "scope");
    free(t);
    t = replace(SCN, "  decide.horizon_weeks: 13\n", "  decide.horizon_weeks: {uniform: [10, 20]}\n");
    load_fails(t, NULL, BRINK_EINVAL, 0, 0, "integer");
    free(t);
    t = replace(SCN, "  decide.horizon_weeks: 13\n", "  decide.horizon_weeks: {value: 13, unit: days}\n");
    load_fails(t, NULL, BRINK_EINVAL, 0, 0, "unit");
    free(t);
}

/* ---- values ---- */

static void value_paths_keys_and_slots(void **state)
{
    (void)state;
    brink_scenario *sc = load_ok(SCN);
    assert_true(sc->nvalues > 20);
    for (size_t i = 0; i < sc->nvalues; i++) {
        const brink_value *v = sc->values[i];
        assert_true(v->slot == i);
        assert_true(v->present);
        assert_non_null(v->path);
        assert_true(v->key == brink_hash_str(v->path));
        assert_true(v->line > 0 && v->column > 0);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(sc->values[j]->path, v->path);
        if (i)
            assert_true(v->line >= sc->values[i - 1]->line ||
                        !strncmp(v->path, "params.", 7)); /* file order */
    }
    static const char *const paths[] = {
        "actors.USA.capability.military",
        "actors.USA.capability.economic",
        "actors.USA.dispositions.resolve",
        "actors.USA.positions.nuclear",
        "actors.USA.salience.sanctions",
        "actors.USA.params.decide.rationality",
        "actors.IRN.internals.gdp_usd_bn",
        "actors.IRN_LEADER.positions.nuclear",
        "relations.default.alignment",
        "relations.default.trust.alpha",
        "relations.default.resolve_belief",
        "relations.USA>IRN.alignment",
        "relations.USA>IRN.trust.beta",
        "relations.USA>IRN.params.conflict.reaction",
        "relations.IRN>USA.hostility",
        "markets.BRENT.price",
        "flows.IRN_OIL_CHN.volume",
        "flows.IRN_OIL_CHN.discount",
        "flows.IRN_OIL_CHN.params.economy.evasion_halflife_weeks",
        "flows.IRN_GAS_CHN.volume",
        "programmes.IRN_NUC.sq_kg",
        "programmes.IRN_NUC.stock_kg.60",
        "programmes.IRN_NUC.rate_kg_per_month.60",
        "programmes.IRN_NUC.breakout_weeks",
        "chokepoints.HORMUZ.world_oil_share",
        "params.conflict.hostility_halflife_weeks",
        "params.decide.horizon_weeks",
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        if (!value_at(sc, paths[i]))
            print_error("no value at %s\n", paths[i]);
        assert_non_null(value_at(sc, paths[i]));
    }
    const brink_value *v = value_at(sc, "actors.USA.positions.nuclear");
    assert_ptr_equal(v, &sc->actors[0].position[0]);
    brink_scenario_free(sc);
}

static void strict_mode_requires_a_source(void **state)
{
    (void)state;
    brink_load_options strict = {.strict = 1};
    /* a bare value has no source */
    load_fails(SCN, &strict, BRINK_EINVAL, 19, 28, "no source");
    const char ok[] = "brink: 1\n"
                      "scenario: {name: S, start: 2025-03-12, horizon_weeks: 52}\n"
                      "issues: [{id: a, name: A}]\n"
                      "actors:\n"
                      "  - {id: X, name: X, kind: state, positions: {a: {value: 10, source: s}},"
                      " salience: {a: {value: 1, assumed: true}}}\n"
                      "  - {id: Y, name: Y, kind: state}\n";
    brink_scenario_free(load_text(ok, sizeof ok - 1, &strict));
    char *t = replace(ok, "{value: 1, assumed: true}", "{value: 1, note: judgment}");
    load_fails(t, &strict, BRINK_EINVAL, 5, 0, "no source");
    brink_scenario_free(load_ok(t)); /* not strict: fine */
    free(t);
    t = replace(ok, "{value: 1, assumed: true}", "{value: 1, assumed: false}");
    load_fails(t, &strict, BRINK_EINVAL, 5, 0, "no source");
    free(t);
}

/* ---- draws ---- */

static void draws_are_deterministic(void **state)
{
    (void)state;
    brink_scenario *sc = load_ok(SCN);
    double *a = draw_run(sc, 11, 5), *b = draw_run(sc, 11, 5);
    assert_memory_equal(a, b, sc->nvalues * sizeof *a);
    double *c = draw_run(sc, 11, 6), *e = draw_run(sc, 12, 5);
    size_t ndist = 0, diff_run = 0, diff_seed = 0;
    for (size_t i = 0; i < sc->nvalues; i++) {
        const brink_value *v = sc->values[i];
        if (v->dist == BRINK_DIST_FIXED) {
            /* fixed values copy through */
            assert_true(a[i] == v->value && c[i] == v->value && e[i] == v->value);
            continue;
        }
        ndist++;
        diff_run += a[i] != c[i];
        diff_seed += a[i] != e[i];
    }
    assert_int_equal(ndist, 6);
    assert_int_equal(diff_run, ndist);
    assert_int_equal(diff_seed, ndist);
    free(a);
    free(b);
    free(c);
    free(e);
    /* the same text loaded twice draws the same */
    brink_scenario *sc2 = load_ok(SCN);
    a = draw_run(sc, 99, 1234567);
    b = draw_run(sc2, 99, 1234567);
    assert_memory_equal(a, b, sc->nvalues * sizeof *a);
    free(a);
    free(b);
    brink_scenario_free(sc2);
    brink_scenario_free(sc);
}

static void draws_keyed_by_path(void **state)
{
    (void)state;
    /* B adds distributions before USA's sanctions position; that value keeps its draws */
    char *t = replace(SCN, "    capability: {military: 1.0,",
                      "    capability: {military: {uniform: [0.5, 1]},");
    char *t2 = replace(t, "  - {id: regional, name: Regional}\n",
                       "  - {id: regional, name: Regional}\n  - {id: oil, name: Oil}\n");
    char *t3 = replace(t2, "    positions: {nuclear: 10,", "    positions: {oil: {beta: [2, 2]}, nuclear: 10,");
    char *t4 = replace(t3, "    salience: {nuclear: 0.9, sanctions: 0.5}", "    salience: {nuclear: 0.9, sanctions: 0.5, oil: 1}");
    brink_scenario *a = load_ok(SCN), *b = load_ok(t4);
    const brink_value *va = value_at(a, "actors.USA.positions.sanctions");
    const brink_value *vb = value_at(b, "actors.USA.positions.sanctions");
    assert_non_null(va);
    assert_non_null(vb);
    assert_true(va->slot != vb->slot); /* it moved in the draw vector */
    assert_true(va->key == vb->key);
    assert_true(b->nvalues == a->nvalues + 2);
    for (uint64_t run = 0; run < 50; run++) {
        double *da = draw_run(a, 2025, run), *db = draw_run(b, 2025, run);
        assert_true(da[va->slot] == db[vb->slot]);
        free(da);
        free(db);
    }
    brink_scenario_free(a);
    brink_scenario_free(b);
    free(t);
    free(t2);
    free(t3);
    free(t4);
}

static void truncated_draws_stay_inside(void **state)
{
    (void)state;
    brink_scenario *sc = load_ok(SCN);
    const brink_value *v = value_at(sc, "actors.IRN_LEADER.positions.nuclear");
    assert_non_null(v);
    assert_int_equal(v->dist, BRINK_DIST_NORMAL);
    int below = 0, above = 0;
    for (uint64_t run = 0; run < 2000; run++) {
        double *d = draw_run(sc, 3, run);
        double x = d[v->slot];
        assert_true(x >= 40 && x <= 60);
        assert_true(x != 40 && x != 60); /* redrawn, never clamped */
        below += x < 50;
        above += x > 50;
        free(d);
    }
    /* symmetric around the mean: each half within 6 standard errors of 1000 */
    assert_true(abs(below - 1000) < 6 * 23 && abs(above - 1000) < 6 * 23);
    brink_scenario_free(sc);

    /* bounds far in a tail: the draw gives up with an error naming the value */
    char *t = replace(SCN, "{normal: [50, 30], bounds: [40, 60]}", "{normal: [10, 1], bounds: [30, 40]}");
    sc = load_ok(t);
    double *d = calloc(sc->nvalues, sizeof *d);
    brink_error err;
    brink_error_clear(&err);
    assert_int_equal(brink_scenario_draw(sc, 1, 0, d, &err), BRINK_ERANGE);
    assert_int_equal(err.code, BRINK_ERANGE);
    assert_non_null(strstr(err.message, "actors.IRN_LEADER.positions.nuclear"));
    assert_int_equal(err.line, 37);
    free(d);
    brink_scenario_free(sc);
    free(t);
}

static void triangular_mean_and_variance(void **state)
{
    (void)state;
    /* triangular [0.1, 0.2, 0.9]: mean (a + m + b) / 3 = 0.4, variance
     * (a^2 + m^2 + b^2 - am - ab - mb) / 18 = 0.57 / 18 */
    brink_scenario *sc = load_ok(SCN);
    const brink_value *v = value_at(sc, "actors.USA.dispositions.resolve");
    assert_non_null(v);
    const int n = 20000;
    double sum = 0, sum2 = 0, lo = 1, hi = 0;
    double *d = calloc(sc->nvalues, sizeof *d);
    for (int run = 0; run < n; run++) {
        assert_int_equal(brink_scenario_draw(sc, 77, (uint64_t)run, d, NULL), BRINK_OK);
        double x = d[v->slot];
        sum += x;
        sum2 += x * x;
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
    }
    free(d);
    double mean = sum / n, var = sum2 / n - mean * mean;
    double var_exact = 0.57 / 18, se = sqrt(var_exact / n);
    if (fabs(mean - 0.4) > 5 * se || fabs(var / var_exact - 1) > 0.05)
        print_error("triangular: mean %g (exact 0.4, se %g), variance %g (exact %g)\n", mean, se,
                    var, var_exact);
    assert_true(fabs(mean - 0.4) < 5 * se);       /* 5 standard errors: about 0.0063 */
    assert_true(fabs(var / var_exact - 1) < 0.05); /* the variance within 5 % */
    assert_true(lo >= 0.1 && hi <= 0.9);
    assert_true(lo < 0.12 && hi > 0.85); /* the whole support is reached */
    brink_scenario_free(sc);
}

/* ---- the built-in scenario, allocation failure, limits ---- */

static void builtin_scenario_loads(void **state)
{
    (void)state;
    size_t len = 0;
    const char *name = NULL;
    const char *text = brink_builtin_scenario(&len, &name);
    assert_non_null(text);
    assert_non_null(name);
    assert_true(len > 1000);
    assert_true(strlen(text) == len);
    brink_scenario *sc = NULL;
    brink_error err;
    brink_error_clear(&err);
    int rc = brink_scenario_load_buffer(text, len, name, NULL, &sc, &err);
    if (rc != BRINK_OK)
        print_error("%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
    assert_int_equal(rc, BRINK_OK);
    assert_string_equal(sc->file, name);
    assert_true(sc->nactors >= 2 && sc->nissues >= 1 && sc->nquestions >= 1);
    double *d = draw_run(sc, sc->seed, 0);
    free(d);
    brink_scenario_free(sc);
    /* a shipped scenario gives a source or `assumed: true` for every value */
    brink_load_options strict = {.strict = 1};
    sc = load_text(text, len, &strict);
    brink_scenario_free(sc);
}

static void allocation_failures_leak_nothing(void **state)
{
    (void)state;
    size_t len = 0;
    const char *text = brink_builtin_scenario(&len, NULL);
    long k;
    int rc = BRINK_ENOMEM;
    for (k = 1; k < 200000; k++) {
        brink_scenario *sc = (brink_scenario *)(uintptr_t)1;
        brink_error err;
        brink_error_clear(&err);
        brink_alloc_set_fail_after(k);
        rc = brink_scenario_load_buffer(text, len, "builtin", NULL, &sc, &err);
        brink_alloc_set_fail_after(0);
        if (rc == BRINK_OK) {
            assert_non_null(sc);
            brink_scenario_free(sc);
            break;
        }
        if (rc != BRINK_ENOMEM || err.code != BRINK_ENOMEM)
            print_error("k = %ld: rc %d, err.code %d: %s\n", k, rc, err.code, err.message);
        assert_int_equal(rc, BRINK_ENOMEM);
        assert_int_equal(err.code, BRINK_ENOMEM);
        assert_null(sc);
    }
    assert_int_equal(rc, BRINK_OK);
    assert_true(k > 3);
    /* the same on a file with every section, failing through load_file's reader too */
    char path[] = "/tmp/brink_test_scenario_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_true(write(fd, SCN, strlen(SCN)) == (ssize_t)strlen(SCN));
    close(fd);
    for (k = 1; k < 200000; k++) {
        brink_scenario *sc = NULL;
        brink_error err;
        brink_error_clear(&err);
        brink_alloc_set_fail_after(k);
        rc = brink_scenario_load_file(path, NULL, &sc, &err);
        brink_alloc_set_fail_after(0);
        if (rc == BRINK_OK) {
            brink_scenario_free(sc);
            break;
        }
        assert_int_equal(rc, BRINK_ENOMEM);
        assert_int_equal(err.code, BRINK_ENOMEM);
        assert_null(sc);
    }
    assert_int_equal(rc, BRINK_OK);
    unlink(path);
    brink_alloc_set_fail_after(0);
}

static void size_cap(void **state)
{
    (void)state;
    size_t n = sizeof MINI - 1;
    brink_load_options opts = {.max_bytes = n - 1};
    brink_scenario *sc = (brink_scenario *)(uintptr_t)1;
    brink_error err;
    brink_error_clear(&err);
    assert_int_equal(brink_scenario_load_buffer(MINI, n, "cap.yaml", &opts, &sc, &err),
                     BRINK_EINVAL);
    assert_null(sc);
    char cap[32];
    snprintf(cap, sizeof cap, "%zu", n - 1);
    assert_non_null(strstr(err.message, "size cap"));
    assert_non_null(strstr(err.message, cap));
    opts.max_bytes = n; /* exactly at the cap: fine */
    brink_scenario_free(load_text(MINI, n, &opts));

    /* through a file, with a cap below the reader's first chunk */
    char path[] = "/tmp/brink_test_cap_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_true(write(fd, MINI, n) == (ssize_t)n);
    close(fd);
    opts.max_bytes = n - 1;
    brink_error_clear(&err);
    assert_int_equal(brink_scenario_load_file(path, &opts, &sc, &err), BRINK_EINVAL);
    assert_null(sc);
    assert_non_null(strstr(err.message, "size cap"));
    assert_non_null(strstr(err.message, cap));
    opts.max_bytes = n;
    assert_int_equal(brink_scenario_load_file(path, &opts, &sc, &err), BRINK_OK);
    brink_scenario_free(sc);
    unlink(path);

    /* the default cap: 16 MiB */
    size_t big = BRINK_DEFAULT_MAX_BYTES + 1;
    char *text = malloc(big);
    assert_non_null(text);
    memset(text, ' ', big);
    brink_error_clear(&err);
    assert_int_equal(brink_scenario_load_buffer(text, big, "big.yaml", NULL, &sc, &err),
                     BRINK_EINVAL);
    assert_non_null(strstr(err.message, "16777216"));
    free(text);
}

static void missing_file_and_usage_errors(void **state)
{
    (void)state;
    brink_scenario *sc = (brink_scenario *)(uintptr_t)1;
    brink_error err;
    brink_error_clear(&err);
    const char *path = BRINK_TEST_DATA "/no/such/scenario.yaml";
    assert_int_equal(brink_scenario_load_file(path, NULL, &sc, &err), BRINK_EIO);
    assert_int_equal(err.code, BRINK_EIO);
    assert_null(sc);
    assert_string_equal(err.file, path);
    /* a directory cannot be read as a file either */
    sc = NULL;
    int rc = brink_scenario_load_file(BRINK_TEST_DATA, NULL, &sc, &err);
    assert_true(rc == BRINK_EIO);
    assert_null(sc);
    assert_int_equal(brink_scenario_load_file(NULL, NULL, &sc, &err), BRINK_EUSAGE);
    assert_int_equal(brink_scenario_load_file(path, NULL, NULL, NULL), BRINK_EUSAGE);
    assert_int_equal(brink_scenario_load_buffer(NULL, 0, "x", NULL, &sc, &err), BRINK_EUSAGE);
    assert_int_equal(brink_scenario_load_buffer(MINI, 5, "x", NULL, NULL, NULL), BRINK_EUSAGE);
    /* err may be NULL */
    assert_int_equal(brink_scenario_load_buffer("brink: 2\n", 9, NULL, NULL, &sc, NULL),
                     BRINK_EINVAL);
    assert_null(sc);
    /* without a name, messages say <buffer> */
    brink_error_clear(&err);
    assert_int_equal(brink_scenario_load_buffer("brink: 2\n", 9, NULL, NULL, &sc, &err),
                     BRINK_EINVAL);
    assert_string_equal(err.file, "<buffer>");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 8);
}

/* Every error names a line:column (STYLE rule 14), including an empty document. */
static void empty_document_has_a_position(void **state)
{
    (void)state;
    load_fails("", NULL, BRINK_EINVAL, 1, 1, "empty");
    load_fails("# only a comment\n", NULL, BRINK_EINVAL, 1, 1, "empty");
}

static char *nested(int depth)
{
    /* "x: " then depth-1 brackets: the root mapping is the first level */
    size_t k = (size_t)depth - 1;
    char *s = malloc(3 + 2 * k + 2);
    assert_non_null(s);
    memcpy(s, "x: ", 3);
    memset(s + 3, '[', k);
    memset(s + 3 + k, ']', k);
    memcpy(s + 3 + 2 * k, "\n", 2);
    return s;
}

static void nesting_limit(void **state)
{
    (void)state;
    char *s = nested(BRINK_MAX_DEPTH); /* 64 levels: beyond the nesting check, a schema error */
    brink_scenario *sc = NULL;
    brink_error err;
    brink_error_clear(&err);
    assert_int_equal(brink_scenario_load_buffer(s, strlen(s), "n.yaml", NULL, &sc, &err),
                     BRINK_EINVAL);
    assert_null(strstr(err.message, "nesting"));
    free(s);
    s = nested(BRINK_MAX_DEPTH + 1);
    /* the 65th level is the 64th bracket, at column 3 + 64 */
    load_fails(s, NULL, BRINK_EINVAL, 1, 67, "nesting");
    free(s);
    s = nested(100000); /* far deeper: refused before any tree is built, no stack overflow */
    load_fails(s, NULL, BRINK_EINVAL, 1, 67, "nesting");
    free(s);
}

/* A schedule of n aliases of one entry. */
static char *alias_schedule(size_t n)
{
    const char head[] = "brink: 1\n"
                        "scenario: {name: A, start: 2025-03-12, horizon_weeks: 52}\n"
                        "issues: [{id: a, name: A}]\n"
                        "actors: [{id: X, name: X, kind: state}, {id: Y, name: Y, kind: state}]\n"
                        "schedule:\n"
                        "  - &s {date: 2025-04-01, type: deadline, actor: X, target: Y, "
                        "text: t, note: n, source: s}\n";
    size_t len = sizeof head - 1 + n * 7 + 1;
    char *s = malloc(len);
    assert_non_null(s);
    memcpy(s, head, sizeof head - 1);
    char *p = s + sizeof head - 1;
    for (size_t i = 0; i < n; i++) {
        memcpy(p, "  - *s\n", 7);
        p += 7;
    }
    *p = '\0';
    return s;
}

static void alias_expansion_is_bounded(void **state)
{
    (void)state;
    /* a few aliases are fine */
    char *s = alias_schedule(10);
    brink_scenario *sc = load_ok(s);
    assert_int_equal(sc->nschedule, 11);
    assert_int_equal(sc->schedule[10].target, 1);
    brink_scenario_free(sc);
    free(s);
    /* 200,000 aliases of an 8-key entry would expand to millions of node visits; the list is
     * refused first by the cap on entries (10,000), at the list's position, in bounded time */
    s = alias_schedule(200000);
    brink_error err;
    brink_error_clear(&err);
    sc = NULL;
    assert_int_equal(brink_scenario_load_buffer(s, strlen(s), "a.yaml", NULL, &sc, &err),
                     BRINK_EINVAL);
    free(s);
    assert_null(sc);
    if (err.line != 6 || err.column != 3)
        print_error("at %d:%d: %s\n", err.line, err.column, err.message);
    assert_int_equal(err.line, 6);
    assert_int_equal(err.column, 3);
    assert_non_null(strstr(err.message, "at most 10000"));
}

/* docs/scenario-format.md: "JSON is YAML too, so a .json scenario loads unchanged". In JSON every
 * key is a quoted string, level keys included. */
static void json_scenario_loads(void **state)
{
    (void)state;
    static const char json[] =
        "{\"brink\": 1,\n"
        " \"scenario\": {\"name\": \"J\", \"start\": \"2025-03-12\", \"horizon_weeks\": 52},\n"
        " \"issues\": [{\"id\": \"a\", \"name\": \"A\"}],\n"
        " \"actors\": [{\"id\": \"X\", \"name\": \"X\", \"kind\": \"state\",\n"
        "              \"positions\": {\"a\": 10}, \"salience\": {\"a\": {\"value\": 1, "
        "\"assumed\": true}}},\n"
        "             {\"id\": \"Y\", \"name\": \"Y\", \"kind\": \"state\"}],\n"
        " \"relations\": {\"pairs\": [{\"from\": \"X\", \"to\": \"Y\", \"principal\": true}]},\n"
        " \"programmes\": [{\"id\": \"P\", \"owner\": \"X\", \"levels\": [3.67, 60],\n"
        "                  \"stock_kg\": {\"3.67\": 6000, \"60\": 274.8}, \"max_level\": 60}],\n"
        " \"questions\": [{\"id\": \"q\", \"text\": \"t\", \"event\": {\"type\": \"threat\", "
        "\"actor\": \"X*\", \"target\": \"*\", \"within_weeks\": 4}}]}\n";
    brink_scenario *sc = load_ok(json);
    assert_true(sc->programmes[0].stock_kg[1].value == 274.8);
    assert_true(sc->actors[0].salience[0].assumed);
    assert_true(brink_scenario_relation(sc, 0, 1)->principal);
    brink_scenario_free(sc);
}

/* ---- enumerations ---- */

typedef const char *(*name_fn)(int);

/* Asserts names 0..count-1 are non-NULL, non-empty and distinct, and count is NULL. */
static void names_distinct(name_fn name, int count)
{
    for (int i = 0; i < count; i++) {
        const char *s = name(i);
        assert_non_null(s);
        assert_true(s[0] != '\0');
        for (int j = 0; j < i; j++)
            assert_string_not_equal(name(j), s);
    }
    assert_null(name(count));
}

static const char *dist_fn(int i) { return brink_dist_kind_name((brink_dist_kind)i); }
static const char *kind_fn(int i) { return brink_actor_kind_name((brink_actor_kind)i); }
static const char *disp_fn(int i) { return brink_disposition_name((brink_disposition)i); }
static const char *cap_fn(int i) { return brink_capability_name((brink_capability)i); }
static const char *int_fn(int i) { return brink_internal_name((brink_internal)i); }
static const char *talks_fn(int i) { return brink_talks_status_name((brink_talks_status)i); }
static const char *comm_fn(int i) { return brink_commodity_name((brink_commodity)i); }
static const char *unit_fn(int i) { return brink_commodity_volume_unit((brink_commodity)i); }
static const char *sched_fn(int i) { return brink_schedule_type_name((brink_schedule_type)i); }
static const char *event_fn(int i) { return brink_event_type_name((brink_event_type)i); }
static const char *ind_fn(int i) { return brink_indicator_name((brink_indicator)i); }

static void names_are_distinct(void **state)
{
    (void)state;
    names_distinct(dist_fn, 7);
    assert_string_equal(brink_dist_kind_name(BRINK_DIST_FIXED), "value");
    assert_string_equal(brink_dist_kind_name(BRINK_DIST_GAMMA), "gamma");
    names_distinct(kind_fn, BRINK_ACTOR_KIND_COUNT);
    names_distinct(disp_fn, BRINK_DISP_COUNT);
    names_distinct(cap_fn, BRINK_CAP_COUNT);
    names_distinct(int_fn, BRINK_INT_COUNT);
    for (int i = 0; i < BRINK_INT_COUNT; i++)
        assert_non_null(brink_internal_unit((brink_internal)i));
    assert_null(brink_internal_unit(BRINK_INT_COUNT));
    names_distinct(talks_fn, 3);
    names_distinct(comm_fn, 3);
    names_distinct(unit_fn, 3);
    names_distinct(sched_fn, BRINK_SCHED_PRICE_HIKE + 1); /* the last schedule type */
    names_distinct(event_fn, BRINK_EV_COUNT);
    names_distinct(ind_fn, BRINK_IND_COUNT);
    assert_string_equal(brink_param_scope_name(BRINK_SCOPE_GLOBAL), "global");
    assert_string_equal(brink_param_scope_name(BRINK_SCOPE_ACTOR), "actor");
    assert_string_equal(brink_param_scope_name(BRINK_SCOPE_DYAD), "dyad");
    assert_string_equal(brink_param_scope_name(BRINK_SCOPE_FLOW), "flow");
}

/* Appends formatted text to a growing buffer. */
static void cat(char **buf, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[512];
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    assert_true(k >= 0 && (size_t)k < sizeof tmp);
    char *p = realloc(*buf, *len + (size_t)k + 1);
    assert_non_null(p);
    memcpy(p + *len, tmp, (size_t)k + 1);
    *buf = p;
    *len += (size_t)k;
}

static const char RT_HEAD[] =
    "brink: 1\n"
    "scenario: {name: R, start: 2025-03-12, horizon_weeks: 52}\n"
    "issues: [{id: a, name: A}]\n"
    "markets: [{id: M, name: M, commodity: oil, price: 70}]\n"
    "flows: [{id: F, commodity: oil, from: S0, to: S1, volume: 1}]\n"
    "programmes: [{id: P, owner: S0, levels: [60]}]\n"
    "chokepoints: [{id: C, name: C, carries: [F]}]\n";

/* Every keyword of every enumeration goes through the loader and comes back as its enum. */
static void names_round_trip_through_the_loader(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    cat(&buf, &len, "%s", RT_HEAD);
    /* actors: one of each kind (a faction needs a state parent) */
    cat(&buf, &len, "actors:\n  - {id: S0, name: s, kind: state}\n  - {id: S1, name: s, kind: state}\n");
    for (int k = 0; k < BRINK_ACTOR_KIND_COUNT; k++)
        cat(&buf, &len, "  - {id: K%d, name: k, kind: %s%s}\n", k, kind_fn(k),
            k == BRINK_ACTOR_FACTION ? ", parent: S0" : "");
    /* relations: each talks status */
    cat(&buf, &len, "relations:\n  pairs:\n");
    for (int t = 0; t < 3; t++)
        cat(&buf, &len, "    - {from: K%d, to: S0, talks: %s}\n", t, talks_fn(t));
    /* schedule: each type */
    cat(&buf, &len, "schedule:\n");
    for (int t = 0; t < 7; t++)
        cat(&buf, &len, "  - {date: 2025-04-0%d, type: %s%s}\n", t + 1, sched_fn(t),
            t == BRINK_SCHED_ENFORCEMENT ? ", actor: S0, target: S1, size: 0.1"
            : t == BRINK_SCHED_NEWS      ? ", target: S1, size: 1"
                                         : "");
    /* questions: each event type */
    cat(&buf, &len, "questions:\n");
    for (int e = 0; e < BRINK_EV_COUNT; e++)
        cat(&buf, &len, "  - {id: e%d, text: t, event: {type: %s, actor: \"*\", within_weeks: 4}}\n",
            e, event_fn(e));
    brink_scenario *sc = load_ok(buf);
    for (int k = 0; k < BRINK_ACTOR_KIND_COUNT; k++)
        assert_int_equal(sc->actors[2 + k].kind, k);
    for (int t = 0; t < 3; t++)
        assert_int_equal(brink_scenario_relation(sc, 2 + t, 0)->talks, t);
    for (int t = 0; t < 7; t++)
        assert_int_equal(sc->schedule[t].type, t);
    for (int e = 0; e < BRINK_EV_COUNT; e++)
        assert_int_equal(sc->questions[e].event, e);
    brink_scenario_free(sc);
    free(buf);

    /* commodities through markets, with their volume units through flows */
    for (int c = 0; c < 3; c++) {
        buf = NULL;
        len = 0;
        cat(&buf, &len,
            "brink: 1\nscenario: {name: R, start: 2025-03-12, horizon_weeks: 52}\n"
            "issues: [{id: a, name: A}]\n"
            "actors: [{id: S0, name: s, kind: state}, {id: S1, name: s, kind: state}]\n"
            "markets: [{id: M, name: M, commodity: %s, price: 1}]\n"
            "flows: [{id: F, commodity: %s, market: M, from: S0, to: S1, "
            "volume: {value: 1, unit: %s}}]\n",
            comm_fn(c), comm_fn(c), unit_fn(c));
        sc = load_ok(buf);
        assert_int_equal(sc->markets[0].commodity, c);
        assert_int_equal(sc->flows[0].commodity, c);
        brink_scenario_free(sc);
        free(buf);
    }

    /* each indicator: exactly one kind of subject is accepted, and the name comes back */
    static const char *const subjects[] = {"S0", "F", "M", "P", "S0>S1", "C"};
    for (int i = 0; i < BRINK_IND_COUNT; i++) {
        int accepted = 0;
        for (size_t s = 0; s < sizeof subjects / sizeof subjects[0]; s++) {
            buf = NULL;
            len = 0;
            cat(&buf, &len, "%sactors: [{id: S0, name: s, kind: state}, {id: S1, name: s, kind: state}]\n"
                "questions:\n  - {id: q, text: t, indicator: {name: %s, of: \"%s\",%s above: 1, "
                "at: 2025-06-01}}\n",
                RT_HEAD, ind_fn(i), subjects[s], i == BRINK_IND_POSITION ? " issue: a," : "");
            brink_scenario *q = NULL;
            if (brink_scenario_load_buffer(buf, len, "i.yaml", NULL, &q, NULL) == BRINK_OK) {
                accepted++;
                assert_int_equal(q->questions[0].indicator, i);
                assert_int_equal(q->questions[0].subject_kind, (int)s);
                brink_scenario_free(q);
            }
            free(buf);
        }
        if (accepted != 1)
            print_error("indicator %s: %d kinds of subject accepted\n", ind_fn(i), accepted);
        assert_int_equal(accepted, 1);
    }

    /* dispositions, capabilities and internals by their keys */
    buf = NULL;
    len = 0;
    cat(&buf, &len, "brink: 1\nscenario: {name: R, start: 2025-03-12, horizon_weeks: 52}\n"
                    "issues: [{id: a, name: A}]\nactors:\n  - id: S0\n    name: s\n"
                    "    kind: state\n    dispositions: {");
    for (int d = 0; d < BRINK_DISP_COUNT; d++)
        cat(&buf, &len, "%s%s: 0.%d", d ? ", " : "", disp_fn(d), d + 1);
    cat(&buf, &len, "}\n    capability: {");
    for (int c = 0; c < BRINK_CAP_COUNT; c++)
        cat(&buf, &len, "%s%s: 0.%d", c ? ", " : "", cap_fn(c), c + 1);
    cat(&buf, &len, "}\n    internals: {");
    for (int n = 0; n < BRINK_INT_COUNT; n++)
        cat(&buf, &len, "%s%s: {value: %.2f, unit: %s}", n ? ", " : "", int_fn(n),
            0.01 * (n + 1), brink_internal_unit((brink_internal)n));
    cat(&buf, &len, "}\n  - {id: S1, name: s, kind: state}\n");
    sc = load_ok(buf);
    for (int d = 0; d < BRINK_DISP_COUNT; d++)
        assert_true(fabs(sc->actors[0].disposition[d].value - 0.1 * (d + 1)) < 1e-12);
    for (int c = 0; c < BRINK_CAP_COUNT; c++)
        assert_true(fabs(sc->actors[0].capability[c].value - 0.1 * (c + 1)) < 1e-12);
    for (int n = 0; n < BRINK_INT_COUNT; n++)
        assert_true(fabs(sc->actors[0].internal[n].value - 0.01 * (n + 1)) < 1e-12);
    brink_scenario_free(sc);
    free(buf);
}

/* ---- a few errors whose position is checked here rather than in tests/data/bad ---- */

static void errors_carry_positions(void **state)
{
    (void)state;
    /* a duplicate key is reported at its second copy */
    load_fails("brink: 1\nbrink: 1\n", NULL, BRINK_EINVAL, 2, 1, "duplicate key 'brink'");
    /* a faction's parent is a state (or a faction of one), not an armed group */
    char *t = replace(MINI, "{id: Y, name: Y, kind: state}",
                      "{id: Y, name: Y, kind: armed_group}, {id: Z, name: Z, kind: faction, "
                      "parent: Y}");
    const char *line4 = strstr(t, "actors:");
    int col = (int)(strstr(t, "parent: Y}") + 8 - line4) + 1;
    load_fails(t, NULL, BRINK_EINVAL, 4, col, "parent");
    free(t);
    /* a bloc that lists itself */
    t = replace(MINI, "{id: Y, name: Y, kind: state}", "{id: Y, name: Y, kind: bloc, members: [X, Y]}");
    load_fails(t, NULL, BRINK_EINVAL, 4, 0, "itself");
    free(t);
    /* a veto player that is not the state's faction */
    t = replace(MINI, "{id: X, name: X, kind: state}",
                "{id: X, name: X, kind: state, aggregation: {rule: veto, veto: [Y], proposer: Y}}");
    load_fails(t, NULL, BRINK_EINVAL, 4, 0, "veto");
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scenario_block_and_issues),
        cmocka_unit_test(actors_kinds_parents_patrons),
        cmocka_unit_test(positions_and_saliences),
        cmocka_unit_test(relations_default_and_listed),
        cmocka_unit_test(markets_and_flows),
        cmocka_unit_test(programme_levels_and_stocks),
        cmocka_unit_test(questions_patterns_and_windows),
        cmocka_unit_test(schedule_steps),
        cmocka_unit_test(param_registry_is_sorted_and_sane),
        cmocka_unit_test(param_resolution_order),
        cmocka_unit_test(param_global_override_of_scoped_param),
        cmocka_unit_test(param_override_errors),
        cmocka_unit_test(value_paths_keys_and_slots),
        cmocka_unit_test(strict_mode_requires_a_source),
        cmocka_unit_test(draws_are_deterministic),
        cmocka_unit_test(draws_keyed_by_path),
        cmocka_unit_test(truncated_draws_stay_inside),
        cmocka_unit_test(triangular_mean_and_variance),
        cmocka_unit_test(builtin_scenario_loads),
        cmocka_unit_test(allocation_failures_leak_nothing),
        cmocka_unit_test(size_cap),
        cmocka_unit_test(missing_file_and_usage_errors),
        cmocka_unit_test(empty_document_has_a_position),
        cmocka_unit_test(nesting_limit),
        cmocka_unit_test(alias_expansion_is_bounded),
        cmocka_unit_test(json_scenario_loads),
        cmocka_unit_test(names_are_distinct),
        cmocka_unit_test(names_round_trip_through_the_loader),
        cmocka_unit_test(errors_carry_positions),
    };
    return cmocka_run_group_tests(tests, join_scn, NULL);
}
