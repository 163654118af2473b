/* SPDX-License-Identifier: MIT */
/*
 * test_diplomacy.c — world/diplomacy: talks, bargaining inside talks and deals.
 *
 * A small scenario: states A and B, each sanctioning the other (A -> B 0.5, B -> A 0.3), on two
 * issues (`sanctions`, `x`), with a mediator M aligned with both (or without one); B is resolute
 * and hawkish (resolve 0.9, hawkishness 0.8), so talking under A's pressure costs it.
 * - Talks opening rule: the mediator lowers the costs, so indirect talks are worth more to the
 *   pressured side than direct ones; without a mediator indirect talks are not available; with
 *   diplomacy.mediator_relief 0 indirect talks are worth less than direct ones.
 * - Deals: in direct talks with positions within the tolerance, a deal is signed at the next step
 *   (deal_signed both ways) when B, the side that moves first, trusts A (Beta(8, 2)); with
 *   Beta(1, 9) no deal is signed and brink_diplomacy_deal_check says why (DEAL_DISTRUST). The
 *   deal lowers A's enforcement on B along its relief schedule.
 * - Breach: when A re-imposes sanctions above the schedule, deal_breached (actor A) and the
 *   victim's walk-out (talks_broken, actor B) are recorded, the deal ends and B's trust in A
 *   falls.
 * - Each negotiation model (eu, smp, mean, median, nash) narrows the principals' gap in one round.
 * - Veto aggregation: a state's ideal is its proposer's, clamped into the veto holder's interval.
 * - Statistical test (300 runs, positions drawn apart: A's x in [20, 40], B's in [60, 80], so no
 *   run starts within the tolerance): with bargaining inside talks, a deal is signed within 78
 *   weeks in more than half of the runs (the estimate minus 3 standard errors above 0.5). Negative
 *   control: with diplomacy.concession_rate_per_week 0 (no bargaining) the same estimate plus 3
 *   standard errors stays below 0.05, so the first assertion fails without the mechanism.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "brink.h"
#include "world/beliefs.h"
#include "world/diplomacy.h"
#include "world/economy.h"
#include "world/world.h"

#define SEED 20250901

/* The negotiation model of the test scenario (load). */
static const char *model = "mean";

/* The test scenario: x positions of A and B (YAML values), B's trust in A, the talks status,
 * whether the mediator exists, and extra lines (params). */
static brink_scenario *load(const char *xa, const char *xb, double balpha, double bbeta,
                            const char *talks, int mediator, const char *extra)
{
    static char text[8192];
    int n = snprintf(
        text, sizeof text,
        "brink: 1\n"
        "scenario: {name: diplomacy test, start: 2025-01-01, horizon_weeks: 78, step_days: 7,\n"
        "           negotiation_model: %s}\n"
        "issues: [{id: sanctions, name: Relief, executes: sanctions_relief}, {id: x, name: X}]\n"
        "actors:\n"
        "  - {id: A, name: A, kind: state, domains: [diplomatic],\n"
        "     capability: {military: 1, economic: 1},\n"
        "     dispositions: {resolve: 0.5, hawkishness: 0.3},\n"
        "     positions: {sanctions: 48, x: %s}, salience: {sanctions: 0.6, x: 0.8}}\n"
        "  - {id: B, name: B, kind: state, domains: [diplomatic],\n"
        "     capability: {military: 1, economic: 1},\n"
        "     dispositions: {resolve: 0.9, hawkishness: 0.8},\n"
        "     positions: {sanctions: 52, x: %s}, salience: {sanctions: 0.8, x: 0.6}}\n"
        "%s"
        "relations:\n"
        "  pairs:\n"
        "    - {from: A, to: B, principal: true, alignment: -0.5, sanctions: 0.5, talks: %s,\n"
        "       trust: {alpha: 6, beta: 4}}\n"
        "    - {from: B, to: A, principal: true, alignment: -0.5, sanctions: 0.3, talks: %s,\n"
        "       trust: {alpha: %g, beta: %g}}\n"
        "%s"
        "%s",
        model, xa, xb,
        mediator ? "  - {id: M, name: Mediator, kind: mediator, domains: [diplomatic]}\n" : "",
        talks, talks, balpha, bbeta,
        mediator
            ? "    - {from: M, to: A, alignment: 0.5}\n    - {from: M, to: B, alignment: 0.5}\n"
            : "",
        extra);
    assert_true(n > 0 && (size_t)n < sizeof text);
    brink_scenario *sc = NULL;
    brink_error err;
    int rc = brink_scenario_load_buffer(text, (size_t)n, "diplomacy-test", NULL, &sc, &err);
    if (rc)
        print_message("%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
    assert_int_equal(rc, BRINK_OK);
    return sc;
}

static int actor(const brink_scenario *sc, const char *id)
{
    int a = brink_scenario_actor(sc, id);
    assert_true(a >= 0);
    return a;
}

static brink_world *world_of(const brink_scenario *sc, uint64_t run)
{
    brink_world *w = NULL;
    brink_error err;
    assert_int_equal(brink_world_new(sc, 0, &w, &err), BRINK_OK);
    assert_int_equal(brink_world_reset(w, SEED, run, &err), BRINK_OK);
    return w;
}

static void step(brink_world *w)
{
    brink_world_step(w);
    w->step++;
}

/* Index of the first event of type t with the given actor (any when < 0), or -1. */
static long find_event(const brink_world *w, brink_event_type t, int actor)
{
    for (size_t e = 0; e < w->nevents; e++)
        if (w->events[e].type == t && (actor < 0 || w->events[e].actor == actor))
            return (long)e;
    return -1;
}

/* ---- talks opening rule ---- */

static void test_mediator_lowers_cost(void **state)
{
    (void)state;
    brink_scenario *sc = load("30", "70", 6, 4, "none", 1, "");
    brink_world *w = world_of(sc, 0);
    int a = actor(sc, "A"), b = actor(sc, "B");
    double ind = brink_diplomacy_talks_utility(w, b, a, BRINK_TALKS_INDIRECT);
    double dir = brink_diplomacy_talks_utility(w, b, a, BRINK_TALKS_DIRECT);
    assert_true(isfinite(ind) && isfinite(dir));
    assert_true(ind > dir); /* the pressured side prefers talking through the mediator */
    brink_world_free(w);
    brink_scenario_free(sc);

    sc = load("30", "70", 6, 4, "none", 0, "");
    w = world_of(sc, 0);
    a = actor(sc, "A");
    b = actor(sc, "B");
    assert_true(brink_diplomacy_talks_utility(w, b, a, BRINK_TALKS_INDIRECT) == -HUGE_VAL);
    assert_true(fabs(brink_diplomacy_talks_utility(w, b, a, BRINK_TALKS_DIRECT) - dir) < 1e-12);
    brink_world_free(w);
    brink_scenario_free(sc);

    sc = load("30", "70", 6, 4, "none", 1, "params:\n  diplomacy.mediator_relief: 0\n");
    w = world_of(sc, 0);
    a = actor(sc, "A");
    b = actor(sc, "B");
    assert_true(brink_diplomacy_talks_utility(w, b, a, BRINK_TALKS_INDIRECT) <
                brink_diplomacy_talks_utility(w, b, a, BRINK_TALKS_DIRECT));
    brink_world_free(w);
    brink_scenario_free(sc);
}

/* ---- deals ---- */

static const char *const quiet = "params:\n  diplomacy.walkout_cost: 10\n";

static void test_deal_when_close_and_trusted(void **state)
{
    (void)state;
    brink_scenario *sc = load("50", "52", 8, 2, "direct", 1, quiet);
    brink_world *w = world_of(sc, 0);
    int a = actor(sc, "A"), b = actor(sc, "B");
    assert_int_equal(brink_diplomacy_deal_check(w, a, b), BRINK_DEAL_OK);
    step(w);
    long e = find_event(w, BRINK_EV_DEAL_SIGNED, -1);
    assert_true(e >= 0);
    assert_true(find_event(w, BRINK_EV_DEAL_SIGNED, a) >= 0);
    assert_true(find_event(w, BRINK_EV_DEAL_SIGNED, b) >= 0);
    assert_true(brink_diplomacy_deal_in_force(w, a, b));
    /* relief: A's enforcement on B falls along the schedule, toward 0.5 (1 - 0.5) */
    size_t ab = (size_t)a * w->na + (size_t)b;
    double e0 = w->m.enforcement[ab];
    for (int s = 0; s < 13; s++)
        step(w);
    assert_true(w->m.enforcement[ab] < e0);
    assert_true(w->m.enforcement[ab] > w->m.deal_enf_target[0] - 1e-9); /* dyad 0, A -> B */
    assert_true(w->m.deal_enf_target[0] < 0.5 * (1 - 0.4) + 1e-9);      /* relief >= 40 points */
    brink_world_free(w);
    brink_scenario_free(sc);
}

static void test_no_deal_without_trust(void **state)
{
    (void)state;
    brink_scenario *sc = load("50", "52", 1, 9, "direct", 1, quiet);
    brink_world *w = world_of(sc, 0);
    int a = actor(sc, "A"), b = actor(sc, "B");
    assert_int_equal(brink_diplomacy_deal_check(w, a, b), BRINK_DEAL_DISTRUST);
    for (int s = 0; s < 10; s++)
        step(w);
    assert_true(find_event(w, BRINK_EV_DEAL_SIGNED, -1) < 0);
    assert_false(brink_diplomacy_deal_in_force(w, a, b));
    brink_world_free(w);
    brink_scenario_free(sc);
}

static void test_no_deal_when_apart(void **state)
{
    (void)state;
    brink_scenario *sc = load("20", "80", 8, 2, "direct", 1, quiet);
    brink_world *w = world_of(sc, 0);
    int a = actor(sc, "A"), b = actor(sc, "B");
    assert_int_equal(brink_diplomacy_deal_check(w, a, b), BRINK_DEAL_APART);
    step(w);
    assert_true(find_event(w, BRINK_EV_DEAL_SIGNED, -1) < 0);
    /* one round of bargaining moved both advocated positions toward each other, ideals stay */
    size_t ix = (size_t)brink_scenario_issue(sc, "x");
    assert_true(w->m.adv_pos[(size_t)a * 2 + ix] > 20);
    assert_true(w->m.adv_pos[(size_t)b * 2 + ix] < 80);
    assert_true(fabs(brink_diplomacy_ideal(w, a, (int)ix) - 20) < 1e-12);
    brink_world_free(w);
    brink_scenario_free(sc);
}

static void test_breach(void **state)
{
    (void)state;
    brink_scenario *sc = load("50", "52", 8, 2, "direct", 1, quiet);
    brink_world *w = world_of(sc, 0);
    int a = actor(sc, "A"), b = actor(sc, "B");
    step(w);
    assert_true(brink_diplomacy_deal_in_force(w, a, b));
    step(w);
    double t0 = brink_beliefs_trust(w, b, a);
    brink_economy_set_enforcement(w, a, b, 0.9); /* A re-imposes its sanctions */
    size_t n0 = w->nevents;
    step(w);
    long br = find_event(w, BRINK_EV_DEAL_BREACHED, a);
    assert_true(br >= (long)n0);
    assert_int_equal(w->events[br].target, b);
    long wo = find_event(w, BRINK_EV_TALKS_BROKEN, b);
    assert_true(wo > br);
    assert_int_equal(w->events[wo].cause, br);
    assert_false(brink_diplomacy_deal_in_force(w, a, b));
    assert_int_equal(w->m.talks[(size_t)a * w->na + (size_t)b], BRINK_TALKS_NONE);
    assert_true(brink_beliefs_trust(w, b, a) < t0 - 0.05);
    brink_world_free(w);
    brink_scenario_free(sc);
}

/* Every negotiation model moves the principals toward each other in one round of direct
 * talks (20 against 80 on x). */
static void test_models_move_positions(void **state)
{
    (void)state;
    static const char *const models[] = {"eu", "smp", "mean", "median", "nash"};
    for (size_t m = 0; m < sizeof models / sizeof models[0]; m++) {
        model = models[m];
        brink_scenario *sc = load("20", "80", 8, 2, "direct", 1, quiet);
        brink_world *w = world_of(sc, 0);
        int a = actor(sc, "A"), b = actor(sc, "B");
        size_t ix = (size_t)brink_scenario_issue(sc, "x");
        step(w);
        double gap = w->m.adv_pos[(size_t)b * 2 + ix] - w->m.adv_pos[(size_t)a * 2 + ix];
        print_message("%s: gap after one round %.3f\n", models[m], gap);
        assert_true(gap < 60 - 1e-6);
        assert_true(gap >= 0);
        brink_world_free(w);
        brink_scenario_free(sc);
    }
    model = "mean";
}

/* ---- aggregation ---- */

static void test_veto_interval(void **state)
{
    (void)state;
    const char *text =
        "brink: 1\n"
        "scenario: {name: veto test, start: 2025-01-01, horizon_weeks: 10, step_days: 7}\n"
        "issues: [{id: x, name: X}]\n"
        "actors:\n"
        "  - {id: S, name: S, kind: state, aggregation: {rule: veto, veto: [V], proposer: P},\n"
        "     internals: {hardliner_share: 0.5}}\n"
        "  - {id: V, name: Veto, kind: faction, parent: S, positions: {x: 80},\n"
        "     salience: {x: 0.9}}\n"
        "  - {id: P, name: Proposer, kind: faction, parent: S, positions: {x: 40},\n"
        "     salience: {x: 0.9}}\n"
        "  - {id: O, name: O, kind: state, positions: {x: 10}, salience: {x: 0.5}}\n"
        "relations:\n"
        "  pairs:\n"
        "    - {from: S, to: O, principal: true}\n"
        "params:\n"
        "  diplomacy.veto_range_points: 20\n"
        "  diplomacy.veto_pain_points: 0\n";
    brink_scenario *sc = NULL;
    brink_error err;
    assert_int_equal(brink_scenario_load_buffer(text, strlen(text), "veto", NULL, &sc, &err),
                     BRINK_OK);
    brink_world *w = world_of(sc, 0);
    int s = actor(sc, "S");
    double lo, hi;
    assert_int_equal(brink_diplomacy_veto_interval(w, s, 0, &lo, &hi), 1);
    double h = w->m.hardliner_share[s] > 0 ? w->m.hardliner_share[s] : 0.5;
    assert_true(fabs(lo - (80 - 20 * (1 - h))) < 1e-9);
    /* the proposer's 40 lies below the interval: the state's ideal is its lower end */
    assert_true(fabs(brink_diplomacy_ideal(w, s, 0) - lo) < 1e-9);
    assert_true(fabs(w->m.adv_pos[(size_t)s] - lo) < 1e-9);
    brink_world_free(w);
    brink_scenario_free(sc);
}

/* ---- statistical test with a negative control ---- */

/* Share of RUNS runs in which A and B sign a deal within the horizon. */
static double deal_share(const char *extra, int runs)
{
    brink_scenario *sc = load("{uniform: [20, 40]}", "{uniform: [60, 80]}", 6, 4, "none", 1, extra);
    brink_world *w = NULL;
    brink_error err;
    assert_int_equal(brink_world_new(sc, 0, &w, &err), BRINK_OK);
    int deals = 0;
    for (int r = 0; r < runs; r++) {
        assert_int_equal(brink_world_reset(w, SEED, (uint64_t)r, &err), BRINK_OK);
        for (long s = 0; s < sc->nsteps; s++) {
            w->step = s;
            brink_world_step(w);
        }
        deals += find_event(w, BRINK_EV_DEAL_SIGNED, -1) >= 0;
    }
    brink_world_free(w);
    brink_scenario_free(sc);
    return (double)deals / runs;
}

static void test_deal_rate_with_control(void **state)
{
    (void)state;
    enum { RUNS = 300 };
    double p = deal_share("", RUNS);
    double se = sqrt(fmax(p * (1 - p), 0.25 / RUNS) / RUNS);
    print_message("deal within 78 weeks: %.3f +- %.3f\n", p, se);
    assert_true(p - 3 * se > 0.5);
    double q = deal_share("params:\n  diplomacy.concession_rate_per_week: 0\n", RUNS);
    double sq = sqrt(fmax(q * (1 - q), 0.25 / RUNS) / RUNS);
    print_message("control (no bargaining): %.3f +- %.3f\n", q, sq);
    assert_true(q + 3 * sq < 0.05);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mediator_lowers_cost),
        cmocka_unit_test(test_deal_when_close_and_trusted),
        cmocka_unit_test(test_no_deal_without_trust),
        cmocka_unit_test(test_no_deal_when_apart),
        cmocka_unit_test(test_breach),
        cmocka_unit_test(test_models_move_positions),
        cmocka_unit_test(test_veto_interval),
        cmocka_unit_test(test_deal_rate_with_control),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
