/* SPDX-License-Identifier: MIT */
/*
 * test_run.c — one run: the schedule of dated events and instrument clocks, event questions with
 * actor patterns and windows, "not modelled" questions, determinism.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "brink.h"
#include "sim/run.h"
#include "world/decide.h"
#include "world/schedule.h"

#include <stdio.h>
#include <string.h>

/* A small world: a seller with a waivered gas flow to a buyer, a sender controlling the waiver,
 * a proxy of the seller, and an instrument. */
static const char *scenario_text(int step_days)
{
    static char buf[4096];
    snprintf(buf, sizeof buf,
             "brink: 1\n"
             "scenario: {name: t, start: 2025-01-01, horizon_weeks: 20, step_days: %d}\n"
             "issues: [{id: x, name: X}]\n"
             "actors:\n"
             "  - {id: S, name: Sender, kind: state}\n"
             "  - {id: T, name: Target, kind: state, internals: {revenue_usd_bn: 100}}\n"
             "  - {id: TF, name: Target faction, kind: faction, parent: T}\n"
             "  - {id: P, name: Proxy, kind: armed_group, patron: TF}\n"
             "  - {id: B, name: Buyer, kind: state}\n"
             "  - {id: E, name: Notifier, kind: bloc}\n"
             "flows:\n"
             "  - {id: GAS, commodity: gas, from: T, to: B, volume: 40,\n"
             "     waiver: {by: S, active: true}}\n"
             "instruments:\n"
             "  - {id: SNAP, name: snapback, notifiers: [E], notify_by: 2025-03-01, delay_days: 30,\n"
             "     blockable: false, effect: {sanctions: UN, target: T}}\n"
             "schedule:\n"
             "  - {date: 2025-02-05, type: waiver_expiry, flow: GAS}\n"
             "questions:\n"
             "  - {id: revoked, text: r, event: {type: waiver_revoked, actor: S, target: T*, by: 2025-05-01}}\n"
             "  - {id: revoked_early, text: r, event: {type: waiver_revoked, actor: S, target: T*, by: 2025-02-01}}\n"
             "  - {id: revoked_proxy, text: r, event: {type: waiver_revoked, actor: '*', target: P, by: 2025-05-01}}\n"
             "  - {id: strike, text: s, event: {type: strike_nuclear, actor: '*', target: T*, within_weeks: 10}}\n"
             "  - {id: gas_low, text: g, indicator: {name: flow_volume, of: GAS, below: 1, at: 2025-04-01}}\n",
             step_days);
    return buf;
}

static brink_scenario *load(int step_days)
{
    brink_scenario *sc = NULL;
    brink_error err;
    const char *t = scenario_text(step_days);
    int rc = brink_scenario_load_buffer(t, strlen(t), "t.yaml", NULL, &sc, &err);
    if (rc)
        fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
    assert_int_equal(rc, BRINK_OK);
    return sc;
}

static void test_waiver_expiry_resolves(void **state)
{
    (void)state;
    int days[2] = {7, 1};
    for (int k = 0; k < 2; k++) {
        brink_scenario *sc = load(days[k]);
        brink_runner *r = NULL;
        brink_error err;
        assert_int_equal(brink_runner_new(sc, &r, &err), BRINK_OK);
        const brink_run_record *rec = NULL;
        assert_int_equal(brink_runner_run(r, 1, 0, &rec, &err), BRINK_OK);
        assert_false(rec->failed);
        assert_int_equal(rec->outcome[0], BRINK_Q_YES);
        /* 2025-02-05 is day 35: step 5 of 7 days, step 35 of 1 day */
        assert_int_equal(rec->resolved_step[0], 35 / days[k]);
        assert_int_equal(rec->outcome[1], BRINK_Q_NO); /* window closed before the expiry */
        assert_int_equal(rec->outcome[2], BRINK_Q_NO); /* the proxy is not the target */
        /* no actor here has the military domain: modelled (conflict.c) but never happens */
        assert_int_equal(rec->outcome[3], brink_event_modelled(BRINK_EV_STRIKE_NUCLEAR)
                                              ? BRINK_Q_NO
                                              : BRINK_Q_UNMODELLED);
        /* the economy cuts a flow whose waiver lapsed: 40 mcm/d falls below 1 within 8 weeks */
        assert_int_equal(rec->outcome[4], BRINK_Q_YES);
        /* the chain starts at the resolving event */
        long e = rec->chain[0];
        assert_true(e >= 0);
        assert_int_equal(rec->world->events[e].type, BRINK_EV_WAIVER_REVOKED);
        assert_int_equal(rec->world->events[e].flow, 0);
        brink_runner_free(r);
        brink_scenario_free(sc);
    }
}

static void test_instrument_clock(void **state)
{
    (void)state;
    brink_scenario *sc = load(7);
    brink_world *w = NULL;
    brink_error err;
    assert_int_equal(brink_world_new(sc, 0, &w, &err), BRINK_OK);
    assert_int_equal(brink_world_reset(w, 1, 0, &err), BRINK_OK);
    int e = brink_scenario_actor(sc, "E"), s = brink_scenario_actor(sc, "S");
    int t = brink_scenario_actor(sc, "T");
    assert_false(brink_instrument_can_notify(w, 0, s)); /* not a notifier */
    assert_true(brink_instrument_can_notify(w, 0, e));
    w->step = 2;
    long ev = brink_instrument_notify(w, 0, e, -1);
    assert_true(ev >= 0);
    assert_false(brink_instrument_can_notify(w, 0, e)); /* once only */
    /* 30 days later = 5 steps of 7 days (rounded up): in effect from step 7 */
    for (long k = 3; k <= 7; k++) {
        w->step = k;
        brink_world_step(w);
        assert_int_equal(w->m.un_sanctions[t] > 0, k >= 7);
    }
    assert_int_equal(w->events[w->nevents - 1].type, BRINK_EV_UN_SANCTIONS_RESTORED);
    assert_int_equal(w->events[w->nevents - 1].cause, ev);
    brink_world_free(w);
    brink_scenario_free(sc);
}

static void test_instrument_lapses(void **state)
{
    (void)state;
    brink_scenario *sc = load(7);
    brink_world *w = NULL;
    brink_error err;
    assert_int_equal(brink_world_new(sc, 0, &w, &err), BRINK_OK);
    assert_int_equal(brink_world_reset(w, 1, 0, &err), BRINK_OK);
    int e = brink_scenario_actor(sc, "E");
    /* the step containing notify_by (2025-03-01, step 8) still allows it; step 9 does not */
    w->step = brink_date_to_step(sc->start, 7, (brink_date){2025, 3, 1});
    assert_true(brink_instrument_can_notify(w, 0, e));
    w->step++;
    assert_false(brink_instrument_can_notify(w, 0, e)); /* past notify_by */
    brink_world_free(w);
    brink_scenario_free(sc);
}

static void test_deterministic(void **state)
{
    (void)state;
    brink_scenario *sc = load(7);
    brink_runner *r1 = NULL, *r2 = NULL;
    brink_error err;
    assert_int_equal(brink_runner_new(sc, &r1, &err), BRINK_OK);
    assert_int_equal(brink_runner_new(sc, &r2, &err), BRINK_OK);
    for (uint64_t run = 0; run < 5; run++) {
        const brink_run_record *a = NULL, *b = NULL;
        assert_int_equal(brink_runner_run(r1, 9, run, &a, &err), BRINK_OK);
        assert_int_equal(brink_runner_run(r2, 9, run, &b, &err), BRINK_OK);
        assert_memory_equal(a->outcome, b->outcome, sc->nquestions);
        assert_int_equal(a->world->nevents, b->world->nevents);
        assert_memory_equal(a->trajectory, b->trajectory,
                            (size_t)a->nsteps * a->nseries * sizeof(double));
    }
    brink_runner_free(r1);
    brink_runner_free(r2);
    brink_scenario_free(sc);
}

static void test_builtin_runs(void **state)
{
    (void)state;
    size_t len;
    const char *name;
    const char *text = brink_builtin_scenario(&len, &name);
    brink_scenario *sc = NULL;
    brink_error err;
    assert_int_equal(brink_scenario_load_buffer(text, len, name, NULL, &sc, &err), BRINK_OK);
    brink_runner *r = NULL;
    assert_int_equal(brink_runner_new(sc, &r, &err), BRINK_OK);
    const brink_run_record *rec = NULL;
    assert_int_equal(brink_runner_run(r, sc->seed, 0, &rec, &err), BRINK_OK);
    assert_false(rec->failed);
    assert_int_equal(rec->nsteps, 108);
    brink_runner_free(r);
    brink_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_waiver_expiry_resolves),
        cmocka_unit_test(test_instrument_clock),
        cmocka_unit_test(test_instrument_lapses),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_builtin_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
