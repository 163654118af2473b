/* SPDX-License-Identifier: MIT */
/*
 * test_beliefs.c — world/beliefs: the Beta-Bernoulli trust update and its forgetting toward the
 * prior.
 * - The pure update: forgetting keeps the stated share of the gap to the prior, then adds the
 *   observations (exact arithmetic).
 * - In a world: a kept commitment raises the counterpart's trust (alpha) by the weight and every
 *   third party's by trust.third_party_weight of it, a broken one raises beta; the keeper's own
 *   unit (a state and its faction) is not updated; the faction of the counterpart's state is.
 * - Forgetting: after one half-life (trust.forgetting_halflife_weeks) of steps without
 *   observations the gap to the prior has halved (to 1e-9), after six half-lives 2^-6 of it is
 *   left, and the trust indicator moves with the counts.
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
#include "world/world.h"

static brink_scenario *load(const char *extra)
{
    static char text[4096];
    int n = snprintf(text, sizeof text,
                     "brink: 1\n"
                     "scenario: {name: beliefs test, start: 2025-01-01, horizon_weeks: 60, "
                     "step_days: 7}\n"
                     "issues: [{id: x, name: X}]\n"
                     "actors:\n"
                     "  - {id: A, name: A, kind: state, positions: {x: 20}, salience: {x: 1}}\n"
                     "  - {id: B, name: B, kind: state, aggregation: {rule: weighted_mean}}\n"
                     "  - {id: BF, name: B faction, kind: faction, parent: B, positions: {x: 70},\n"
                     "     salience: {x: 1}}\n"
                     "  - {id: C, name: C, kind: state}\n"
                     "relations:\n"
                     "  pairs:\n"
                     "    - {from: B, to: A, principal: true, trust: {alpha: 2, beta: 6}}\n"
                     "    - {from: A, to: B, principal: true, trust: {alpha: 3, beta: 3}}\n"
                     "%s",
                     extra);
    assert_true(n > 0 && (size_t)n < sizeof text);
    brink_scenario *sc = NULL;
    brink_error err;
    int rc = brink_scenario_load_buffer(text, (size_t)n, "beliefs-test", NULL, &sc, &err);
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

static brink_world *world_of(const brink_scenario *sc)
{
    brink_world *w = NULL;
    brink_error err;
    assert_int_equal(brink_world_new(sc, 0, &w, &err), BRINK_OK);
    assert_int_equal(brink_world_reset(w, 7, 0, &err), BRINK_OK);
    return w;
}

static void test_update_pure(void **state)
{
    (void)state;
    double a = 10, b = 4;
    brink_beliefs_update(&a, &b, 2, 6, 0.5, 1, 0);
    assert_true(fabs(a - (2 + 4 + 1)) < 1e-12);
    assert_true(fabs(b - (6 - 1 + 0)) < 1e-12);
    a = 2;
    b = 6;
    brink_beliefs_update(&a, &b, 2, 6, 0.3, 0, 2); /* at the prior only the observation counts */
    assert_true(fabs(a - 2) < 1e-12 && fabs(b - 8) < 1e-12);
    a = 5;
    b = 9;
    brink_beliefs_update(&a, &b, 2, 6, 0, 0, 0); /* keep 0: back to the prior at once */
    assert_true(fabs(a - 2) < 1e-12 && fabs(b - 6) < 1e-12);
}

static void test_observe_weights(void **state)
{
    (void)state;
    brink_scenario *sc = load("params:\n  trust.third_party_weight: 0.25\n");
    brink_world *w = world_of(sc);
    int a = actor(sc, "A"), b = actor(sc, "B"), bf = actor(sc, "BF"), c = actor(sc, "C");
    size_t na = w->na;
    double ba0 = w->m.trust_alpha[(size_t)b * na + (size_t)a];
    double fa0 = w->m.trust_alpha[(size_t)bf * na + (size_t)a];
    double ca0 = w->m.trust_alpha[(size_t)c * na + (size_t)a];
    double ab0 = w->m.trust_alpha[(size_t)a * na + (size_t)b];
    double t0 = brink_beliefs_trust(w, b, a);
    brink_beliefs_observe(w, a, b, 1, 2.0);
    assert_true(fabs(w->m.trust_alpha[(size_t)b * na + (size_t)a] - (ba0 + 2)) < 1e-12);
    assert_true(fabs(w->m.trust_alpha[(size_t)bf * na + (size_t)a] - (fa0 + 2)) < 1e-12);
    assert_true(fabs(w->m.trust_alpha[(size_t)c * na + (size_t)a] - (ca0 + 0.5)) < 1e-12);
    /* the keeper's view of the counterpart does not change */
    assert_true(fabs(w->m.trust_alpha[(size_t)a * na + (size_t)b] - ab0) < 1e-12);
    assert_true(brink_beliefs_trust(w, b, a) > t0);
    double t1 = brink_beliefs_trust(w, b, a);
    double bb0 = w->m.trust_beta[(size_t)b * na + (size_t)a];
    brink_beliefs_observe(w, a, b, 0, 3.0);
    assert_true(fabs(w->m.trust_beta[(size_t)b * na + (size_t)a] - (bb0 + 3)) < 1e-12);
    assert_true(brink_beliefs_trust(w, b, a) < t1);
    /* nothing for invalid input or while projecting */
    double before = w->m.trust_beta[(size_t)b * na + (size_t)a];
    brink_beliefs_observe(w, a, b, 0, -1);
    brink_beliefs_observe(w, -1, b, 0, 1);
    w->projecting = 1;
    brink_beliefs_observe(w, a, b, 0, 1);
    w->projecting = 0;
    assert_true(w->m.trust_beta[(size_t)b * na + (size_t)a] == before);
    brink_world_free(w);
    brink_scenario_free(sc);
}

static void test_forgetting_halflife(void **state)
{
    (void)state;
    brink_scenario *sc = load("params:\n  trust.forgetting_halflife_weeks: 10\n"
                              "  diplomacy.base_hazard_per_week: 0\n");
    brink_world *w = world_of(sc);
    int a = actor(sc, "A"), b = actor(sc, "B");
    size_t k = (size_t)b * w->na + (size_t)a;
    int series = brink_world_series_find(w, BRINK_IND_TRUST, BRINK_SUBJECT_DYAD, b, a, -1);
    assert_true(series >= 0);
    brink_beliefs_observe(w, a, b, 0, 8.0); /* beta 6 -> 14 */
    assert_true(fabs(w->m.trust_beta[k] - 14) < 1e-12);
    brink_world_sample(w);
    double low = w->value[series];
    assert_true(fabs(low - 2.0 / 16.0) < 1e-12);
    for (long s = 0; s < 10; s++) { /* ten weekly steps: one half-life */
        w->step = s;
        brink_world_step(w);
    }
    assert_true(fabs(w->m.trust_beta[k] - (6 + 4)) < 1e-9);
    assert_true(fabs(w->m.trust_alpha[k] - 2) < 1e-9);
    brink_world_sample(w);
    assert_true(w->value[series] > low); /* trust recovers toward the prior */
    for (long s = 10; s < 60; s++) {
        w->step = s;
        brink_world_step(w);
    }
    assert_true(fabs(w->m.trust_beta[k] - (6 + 8 * ldexp(1, -6))) < 1e-9); /* 2^-6 is left */
    brink_world_free(w);
    brink_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_update_pure),
        cmocka_unit_test(test_observe_weights),
        cmocka_unit_test(test_forgetting_halflife),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
