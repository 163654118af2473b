/* SPDX-License-Identifier: MIT */
/*
 * test_sets.c — `--set PATH=VALUE` overrides applied by the loader before validation: paths
 * through mappings, lists by id, relations by A>B, parameter names with dots, new keys, values
 * that are distributions; and the errors, which name the --set and a column inside it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "brink.h"

#include <string.h>

static const char text[] =
    "brink: 1\n"
    "scenario: {name: t, start: 2025-01-01, horizon_weeks: 20}\n"
    "issues: [{id: x, name: X}]\n"
    "actors:\n"
    "  - {id: A, name: Alpha, kind: state, dispositions: {resolve: 0.5}}\n"
    "  - {id: B, name: Beta, kind: state}\n"
    "relations:\n"
    "  pairs:\n"
    "    - {from: A, to: B, alignment: -0.5, trust: {alpha: 2, beta: 6}}\n"
    "params: {decide.rationality: 2}\n";

static int load(const char *const *sets, size_t n, brink_scenario **sc, brink_error *err)
{
    brink_load_options o;
    memset(&o, 0, sizeof o);
    o.sets = sets;
    o.nsets = n;
    return brink_scenario_load_buffer(text, strlen(text), "t.yaml", &o, sc, err);
}

static void test_overrides_apply(void **state)
{
    (void)state;
    const char *sets[] = {
        "actors.A.dispositions.resolve=0.9",         /* existing key */
        "actors.B.dispositions.risk=0.25",           /* new nested keys */
        "relations.A>B.trust.alpha=4",               /* a pair by A>B */
        "params.decide.rationality=3",               /* a dotted parameter name */
        "params.economy.evasion_halflife_weeks=8",   /* a new global override */
        "actors.A.positions={x: {triangular: [10, 20, 30]}}",
        "actors.A.salience={x: 0.5}",
    };
    brink_scenario *sc = NULL;
    brink_error err;
    assert_int_equal(load(sets, sizeof sets / sizeof sets[0], &sc, &err), BRINK_OK);
    assert_true(sc->actors[0].disposition[BRINK_DISP_RESOLVE].value == 0.9);
    assert_true(sc->actors[1].disposition[BRINK_DISP_RISK].value == 0.25);
    assert_true(brink_scenario_relation(sc, 0, 1)->trust_alpha.value == 4);
    assert_true(brink_scenario_relation(sc, 0, 1)->trust_beta.value == 6);
    assert_int_equal(sc->nparams, 2);
    int p = brink_param_find("decide.rationality");
    assert_true(brink_scenario_param(sc, NULL, p, 0, -1, -1) == 3);
    int q = brink_param_find("economy.evasion_halflife_weeks");
    assert_true(brink_scenario_param(sc, NULL, q, -1, -1, -1) == 8);
    assert_int_equal(sc->actors[0].position[0].dist, BRINK_DIST_TRIANGULAR);
    brink_scenario_free(sc);
}

static void test_later_set_wins(void **state)
{
    (void)state;
    const char *sets[] = {"actors.A.dispositions.resolve=0.1", "actors.A.dispositions.resolve=0.2"};
    brink_scenario *sc = NULL;
    brink_error err;
    assert_int_equal(load(sets, 2, &sc, &err), BRINK_OK);
    assert_true(sc->actors[0].disposition[BRINK_DISP_RESOLVE].value == 0.2);
    brink_scenario_free(sc);
}

static void expect_error(const char *set, const char *file, int line, int col, const char *msg)
{
    brink_scenario *sc = NULL;
    brink_error err;
    const char *sets[] = {set};
    assert_int_equal(load(sets, 1, &sc, &err), BRINK_EINVAL);
    assert_null(sc);
    assert_string_equal(err.file, file);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, col);
    if (!strstr(err.message, msg))
        fail_msg("message '%s' lacks '%s'", err.message, msg);
}

static void test_errors(void **state)
{
    (void)state;
    /* a value out of range: the column points at the value inside the --set text */
    expect_error("actors.A.dispositions.resolve=1.5", "--set actors.A.dispositions.resolve=1.5",
                 1, 31, "out of range");
    expect_error("actors.Z.name=x", "--set actors.Z.name=x", 0, 0, "no entry 'Z'");
    expect_error("relations.B>A.alignment=0", "--set relations.B>A.alignment=0", 0, 0,
                 "no relation pair 'B>A'");
    expect_error("noequals", "--set noequals", 0, 0, "expected PATH=VALUE");
    /* libyaml reports an unclosed flow list at its opening bracket */
    expect_error("actors.A.name=[1", "--set actors.A.name=[1", 1, 15, "expected a value");
    expect_error("actors.A.name.deeper=1", "--set actors.A.name.deeper=1", 0, 0,
                 "goes below a value");
    expect_error("actors.A.bogus=1", "--set actors.A.bogus=1", 1, 16, "unknown key 'bogus'");
    expect_error("actors.A=1", "--set actors.A=1", 0, 0, "names a list entry");
    expect_error("actors.A.name=", "--set actors.A.name=", 0, 0, "the value is empty");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overrides_apply),
        cmocka_unit_test(test_later_set_wins),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
