/* SPDX-License-Identifier: MIT */
/*
 * test_bargain_smp.c — KTAB's spatial model of politics (bargain/smp.h) against smpc's own runs
 * (tests/data/smp/: KTAB's two example scenarios and what smpc produced for them with default
 * parameters), plus the stochastic mode, the parameter switches, input checking, the CSV reader's
 * error locations and allocation failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bargain/smp.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DUMMY_CSV BRINK_TEST_DATA "/smp/dummyData_3Dim.csv"
#define DUMMY_EXPECTED BRINK_TEST_DATA "/smp/dummyData_3Dim.expected.csv"
#define SOE_CSV BRINK_TEST_DATA "/smp/SOE-Pol-Comp.csv"
#define SOE_EXPECTED BRINK_TEST_DATA "/smp/SOE-Pol-Comp.expected.csv"

/* Tolerances of the agreement with smpc (its outputs are rounded to 2 and 4 decimals). */
#define POSITION_TOL 0.01 /* points on the 0-100 scale */
#define PROB_TOL 0.001

/* ---------------------------------------------------------------------------------------------- */
/* helpers                                                                                        */
/* ---------------------------------------------------------------------------------------------- */

static brink_smp_scenario *load(const char *path)
{
    brink_smp_scenario *sc = NULL;
    brink_error err;
    int rc = brink_smp_csv_load(path, &sc, &err);
    if (rc != BRINK_OK)
        fail_msg("cannot load %s: %s", path, err.message);
    return sc;
}

static brink_smp_result *run_ok(const brink_smp_scenario *sc, const brink_smp_options *opt,
                                brink_rng *rng)
{
    brink_smp_result *res = NULL;
    brink_error err;
    int rc = brink_smp_run(sc, opt, rng, &res, &err);
    if (rc != BRINK_OK)
        fail_msg("brink_smp_run failed (%d): %s", rc, err.message);
    return res;
}

/* 1 when two results have the same turn count and bit-identical histories. */
static int same_result(const brink_smp_result *a, const brink_smp_result *b)
{
    if (a->turns != b->turns || a->n_actors != b->n_actors || a->n_dims != b->n_dims)
        return 0;
    size_t states = (size_t)a->turns + 1;
    return memcmp(a->positions, b->positions, states * a->n_actors * a->n_dims * sizeof(double)) ==
               0 &&
           memcmp(a->position_prob, b->position_prob, states * a->n_actors * sizeof(double)) == 0;
}

static char *read_text(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 16);
    assert_non_null(buf);
    *len = fread(buf, 1, (1 << 16) - 1, f);
    fclose(f);
    buf[*len] = '\0';
    return buf;
}

static size_t index_of(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    fail_msg("name '%s' not found", name);
    return 0;
}

/* Runs the scenario with defaults and compares with smpc's expected.csv: turn count exactly,
 * final positions within POSITION_TOL, final-position probabilities within PROB_TOL. */
static void check_against_smpc(const char *csv, const char *expected, int turns)
{
    brink_smp_scenario *sc = load(csv);
    brink_smp_result *res = run_ok(sc, NULL, NULL);
    assert_int_equal(res->turns, turns);
    assert_int_equal(res->stop_reason, BRINK_SMP_STOPPED_CONVERGED);

    size_t len;
    char *text = read_text(expected, &len);
    brink_csv_table *t = NULL;
    brink_error err;
    assert_int_equal(brink_csv_parse(text, len, ',', expected, &t, &err), BRINK_OK);
    assert_int_equal(t->nrows, 1 + sc->n_actors * sc->n_dims);
    double max_pos = 0, max_prob = 0;
    for (size_t r = 1; r < t->nrows; r++) {
        const brink_csv_row *row = &t->rows[r];
        assert_int_equal(row->nfields, 4);
        size_t i = index_of(sc->actor_names, sc->n_actors, row->fields[0].text);
        size_t k = index_of(sc->dim_names, sc->n_dims, row->fields[1].text);
        double want_pos, want_prob;
        assert_int_equal(brink_csv_field_double(&row->fields[2], expected, &want_pos, &err), 0);
        assert_int_equal(brink_csv_field_double(&row->fields[3], expected, &want_prob, &err), 0);
        double got_pos = brink_smp_result_position(res, res->turns, i, k);
        double got_prob = res->position_prob[(size_t)res->turns * sc->n_actors + i];
        double dp = fabs(got_pos - want_pos), dq = fabs(got_prob - want_prob);
        max_pos = dp > max_pos ? dp : max_pos;
        max_prob = dq > max_prob ? dq : max_prob;
        if (dp > POSITION_TOL || dq > PROB_TOL)
            fail_msg("%s %s: position %.4f (smpc %.2f), probability %.5f (smpc %.4f)",
                     row->fields[0].text, row->fields[1].text, got_pos, want_pos, got_prob,
                     want_prob);
    }
    print_message("%s: %d turns; max |position - smpc| = %.6f, max |probability - smpc| = %.6f\n",
                  csv, res->turns, max_pos, max_prob);

    /* the reported election is a distribution over the distinct final positions */
    double total = 0;
    for (size_t c = 0; c < res->n_final_positions; c++)
        total += res->final_position_prob[c];
    assert_true(fabs(total - 1.0) < 1e-12);
    for (size_t i = 0; i < sc->n_actors; i++)
        assert_true(res->position_prob[(size_t)res->turns * sc->n_actors + i] ==
                    res->final_position_prob[res->final_position_of[i]]);

    brink_csv_free(t);
    free(text);
    brink_smp_result_free(res);
    brink_smp_scenario_free(sc);
}

/* ---------------------------------------------------------------------------------------------- */
/* agreement with smpc                                                                            */
/* ---------------------------------------------------------------------------------------------- */

static void test_dummy_3dim_matches_smpc(void **state)
{
    (void)state;
    check_against_smpc(DUMMY_CSV, DUMMY_EXPECTED, 10);
}

static void test_soe_pol_comp_matches_smpc(void **state)
{
    (void)state;
    check_against_smpc(SOE_CSV, SOE_EXPECTED, 27);
}

/* Same input, same result, bit for bit; the stopping rule's movement is recorded. */
static void test_deterministic_repeats_exactly(void **state)
{
    (void)state;
    brink_smp_scenario *sc = load(SOE_CSV);
    brink_smp_result *a = run_ok(sc, NULL, NULL), *b = run_ok(sc, NULL, NULL);
    assert_true(same_result(a, b));
    assert_true(a->movement[0] == 0);
    assert_true(a->movement[a->turns] / (a->movement[1] + 1e-4) < 0.02);
    for (int t = 2; t < a->turns; t++)
        assert_true(a->movement[t] / (a->movement[1] + 1e-4) >= 0.02);
    /* state 0 is the input */
    for (size_t x = 0; x < sc->n_actors * sc->n_dims; x++)
        assert_true(fabs(a->positions[x] - sc->position[x]) < 1e-12);
    brink_smp_result_free(a);
    brink_smp_result_free(b);
    brink_smp_scenario_free(sc);
}

/* ---------------------------------------------------------------------------------------------- */
/* stochastic mode                                                                                */
/* ---------------------------------------------------------------------------------------------- */

static void test_stochastic_reproducible_from_seed(void **state)
{
    (void)state;
    brink_smp_scenario *sc = load(DUMMY_CSV);
    brink_smp_options opt;
    brink_smp_options_default(&opt);
    opt.state_transitions = BRINK_SMP_STOCHASTIC;

    brink_rng r1, r2, r3;
    brink_rng_seed(&r1, 2024, 0);
    brink_rng_seed(&r2, 2024, 0);
    brink_rng_seed(&r3, 2025, 0);
    brink_smp_result *a = run_ok(sc, &opt, &r1);
    brink_smp_result *b = run_ok(sc, &opt, &r2);
    brink_smp_result *c = run_ok(sc, &opt, &r3);
    assert_true(same_result(a, b));
    assert_false(same_result(a, c));

    /* exactly one uniform draw per actor per turn, in order */
    brink_rng check;
    brink_rng_seed(&check, 2024, 0);
    for (long k = 0; k < (long)a->turns * (long)sc->n_actors; k++)
        (void)brink_rng_uniform01(&check);
    assert_memory_equal(&check, &r1, sizeof check);

    /* the stochastic run differs from the deterministic one */
    brink_smp_result *det = run_ok(sc, NULL, NULL);
    assert_false(same_result(a, det));

    brink_smp_result_free(a);
    brink_smp_result_free(b);
    brink_smp_result_free(c);
    brink_smp_result_free(det);
    brink_smp_scenario_free(sc);
}

static void test_deterministic_ignores_rng(void **state)
{
    (void)state;
    brink_smp_scenario *sc = load(DUMMY_CSV);
    brink_rng rng, before;
    brink_rng_seed(&rng, 7, 0);
    before = rng;
    brink_smp_result *a = run_ok(sc, NULL, &rng), *b = run_ok(sc, NULL, NULL);
    assert_memory_equal(&rng, &before, sizeof rng);
    assert_true(same_result(a, b));
    brink_smp_result_free(a);
    brink_smp_result_free(b);
    brink_smp_scenario_free(sc);
}

static void test_stochastic_needs_rng(void **state)
{
    (void)state;
    brink_smp_scenario *sc = load(DUMMY_CSV);
    brink_smp_options opt;
    brink_smp_options_default(&opt);
    opt.state_transitions = BRINK_SMP_STOCHASTIC;
    static brink_smp_result sentinel;
    brink_smp_result *res = &sentinel; /* must be reset to NULL */
    brink_error err;
    assert_int_equal(brink_smp_run(sc, &opt, NULL, &res, &err), BRINK_EUSAGE);
    assert_null(res);
    assert_non_null(strstr(err.message, "brink_rng"));
    brink_smp_scenario_free(sc);
}

/* ---------------------------------------------------------------------------------------------- */
/* parameter switches                                                                             */
/* ---------------------------------------------------------------------------------------------- */

/* Every non-default value of every switch changes the dummyData_3Dim outcome, except where the
 * model makes it equivalent (NoCommit and FullCommit both make third parties indifferent). */
static void test_switches_change_outcome(void **state)
{
    (void)state;
    static const char *const params[] = {"VictoryProbModel", "VotingRule", "PCEModel",
                                         "BigRRange",        "BigRAdjust", "ThirdPartyCommit",
                                         "InterVecBrgn",     "BargnModel"};
    brink_smp_scenario *sc = load(DUMMY_CSV);
    brink_smp_result *base = run_ok(sc, NULL, NULL);
    brink_smp_options def, opt;
    brink_smp_options_default(&def);
    brink_error err;
    int changed = 0;
    for (size_t p = 0; p < sizeof params / sizeof params[0]; p++) {
        for (int v = 0;; v++) {
            const char *name = brink_smp_option_name(params[p], v);
            if (!name)
                break;
            opt = def;
            assert_int_equal(brink_smp_options_set(&opt, params[p], name, &err), BRINK_OK);
            int is_default = memcmp(&opt, &def, sizeof opt) == 0;
            brink_smp_result *res = run_ok(sc, &opt, NULL);
            if (is_default) {
                assert_true(same_result(res, base));
            } else if (!same_result(res, base)) {
                changed++;
            } else {
                fail_msg("%s = %s does not change the outcome", params[p], name);
            }
            brink_smp_result_free(res);
        }
    }
    assert_int_equal(changed, 4 + 5 + 2 + 2 + 4 + 2 + 2 + 2);

    /* NoCommit and FullCommit: a third party expects the same whichever side it joins */
    brink_smp_options a = def, b = def;
    a.third_party_commit = BRINK_SMP_TP_NO_COMMIT;
    b.third_party_commit = BRINK_SMP_TP_FULL_COMMIT;
    brink_smp_result *ra = run_ok(sc, &a, NULL), *rb = run_ok(sc, &b, NULL);
    assert_true(same_result(ra, rb));
    brink_smp_result_free(ra);
    brink_smp_result_free(rb);

    brink_smp_result_free(base);
    brink_smp_scenario_free(sc);
}

/* fix_receiver_bargains matters only for the receiver-perspective bargain models. */
static void test_receiver_fix(void **state)
{
    (void)state;
    brink_smp_scenario *sc = load(DUMMY_CSV);
    brink_smp_result *base = run_ok(sc, NULL, NULL);
    brink_smp_options opt;
    brink_smp_options_default(&opt);
    opt.fix_receiver_bargains = 1;
    brink_smp_result *res = run_ok(sc, &opt, NULL);
    assert_true(same_result(res, base));
    brink_smp_result_free(res);

    for (int m = BRINK_SMP_BARGN_INIT_RCVR; m <= BRINK_SMP_BARGN_PW_COMP; m++) {
        brink_smp_options_default(&opt);
        opt.bargn_model = (brink_smp_bargn_model)m;
        brink_smp_result *as_smpc = run_ok(sc, &opt, NULL);
        opt.fix_receiver_bargains = 1;
        brink_smp_result *fixed = run_ok(sc, &opt, NULL);
        assert_false(same_result(as_smpc, fixed));
        brink_smp_result_free(as_smpc);
        brink_smp_result_free(fixed);
    }
    brink_smp_result_free(base);
    brink_smp_scenario_free(sc);
}

/* An explicit identity accommodation matrix is the default; a lagging one changes the run. */
static void test_accommodation(void **state)
{
    (void)state;
    brink_smp_scenario *sc = load(DUMMY_CSV);
    const size_t n = sc->n_actors;
    double *a = calloc(n * n, sizeof *a);
    assert_non_null(a);
    for (size_t i = 0; i < n; i++)
        a[i * n + i] = 1;
    brink_smp_options opt;
    brink_smp_options_default(&opt);
    opt.accommodation = a;
    brink_smp_result *base = run_ok(sc, NULL, NULL), *ident = run_ok(sc, &opt, NULL);
    assert_true(same_result(base, ident));
    for (size_t i = 0; i < n; i++)
        a[i * n + i] = 0.5;
    brink_smp_result *lag = run_ok(sc, &opt, NULL);
    assert_false(same_result(base, lag));

    a[0 * n + 1] = 0.6; /* row 0 sums to 1.1 */
    brink_smp_result *res = NULL;
    brink_error err;
    assert_int_equal(brink_smp_run(sc, &opt, NULL, &res, &err), BRINK_EINVAL);
    assert_non_null(strstr(err.message, "accommodation row 0"));

    brink_smp_result_free(base);
    brink_smp_result_free(ident);
    brink_smp_result_free(lag);
    free(a);
    brink_smp_scenario_free(sc);
}

/* The turn cap ends a run and says so. */
static void test_turn_cap(void **state)
{
    (void)state;
    brink_smp_scenario *sc = load(SOE_CSV);
    brink_smp_options opt;
    brink_smp_options_default(&opt);
    opt.max_turns = 5;
    brink_smp_result *capped = run_ok(sc, &opt, NULL), *full = run_ok(sc, NULL, NULL);
    assert_int_equal(capped->turns, 5);
    assert_int_equal(capped->stop_reason, BRINK_SMP_STOPPED_MAX_TURNS);
    /* the first five turns are those of the full run */
    assert_memory_equal(capped->positions, full->positions,
                        6 * sc->n_actors * sc->n_dims * sizeof(double));
    brink_smp_result_free(capped);
    brink_smp_result_free(full);
    brink_smp_scenario_free(sc);
}

/* A Markov election that cannot converge in the allowed iterations is an error, not a hang. */
static void test_markov_iteration_cap(void **state)
{
    (void)state;
    brink_smp_scenario *sc = load(DUMMY_CSV);
    brink_smp_options opt;
    brink_smp_options_default(&opt);
    opt.pce_model = BRINK_SMP_PCE_MARKOV_UNIFORM;
    opt.markov_max_iter = 2;
    brink_smp_result *res = NULL;
    brink_error err;
    assert_int_equal(brink_smp_run(sc, &opt, NULL, &res, &err), BRINK_ERANGE);
    assert_null(res);
    assert_non_null(strstr(err.message, "did not converge"));
    brink_smp_scenario_free(sc);
}

static void test_option_names(void **state)
{
    (void)state;
    brink_smp_options opt;
    brink_smp_options_default(&opt);
    brink_error err;
    assert_int_equal(brink_smp_options_set(&opt, "VotingRule", "propbin", &err), BRINK_OK);
    assert_int_equal(opt.voting_rule, BRINK_SMP_VOTE_PROP_BIN);
    assert_int_equal(brink_smp_options_set(&opt, "PCEModel", "MarkovIncentive", &err), 0);
    assert_int_equal(opt.pce_model, BRINK_SMP_PCE_MARKOV_INCENTIVE);
    assert_int_equal(brink_smp_options_set(&opt, "StateTransitions", "Stochastic", &err), 0);
    assert_int_equal(opt.state_transitions, BRINK_SMP_STOCHASTIC);
    assert_int_equal(brink_smp_options_set(&opt, "BargnModel", "PWCompInterp", &err), 0);
    assert_int_equal(opt.bargn_model, BRINK_SMP_BARGN_PW_COMP);
    assert_int_equal(brink_smp_options_set(&opt, "VotingRule", "Majority", &err), BRINK_EINVAL);
    assert_non_null(strstr(err.message, "ASymProsp"));
    assert_int_equal(brink_smp_options_set(&opt, "Voting", "Prop", &err), BRINK_EINVAL);
    assert_string_equal(brink_smp_option_name("BigRAdjust", BRINK_SMP_BIGR_ADJ_ONE_THIRD),
                        "OneThird");
    assert_string_equal(brink_smp_option_name("VictoryProbModel", 4), "Binary");
    assert_null(brink_smp_option_name("VictoryProbModel", 5));
    assert_null(brink_smp_option_name("nope", 0));

    brink_smp_options_default(&opt);
    assert_int_equal(opt.victory_prob_model, BRINK_SMP_VPM_LINEAR);
    assert_int_equal(opt.voting_rule, BRINK_SMP_VOTE_PROP);
    assert_int_equal(opt.pce_model, BRINK_SMP_PCE_CONDITIONAL);
    assert_int_equal(opt.state_transitions, BRINK_SMP_DETERMINISTIC);
    assert_int_equal(opt.bigr_range, BRINK_SMP_BIGR_MID);
    assert_int_equal(opt.bigr_adjust, BRINK_SMP_BIGR_ADJ_ONE_THIRD);
    assert_int_equal(opt.third_party_commit, BRINK_SMP_TP_SEMI_COMMIT);
    assert_int_equal(opt.inter_vec_brgn, BRINK_SMP_INTERP_S2P2);
    assert_int_equal(opt.bargn_model, BRINK_SMP_BARGN_INIT_ONLY);
    assert_int_equal(opt.min_turns, 2);
    assert_int_equal(opt.max_turns, 100);
    assert_null(opt.accommodation);
}

/* ---------------------------------------------------------------------------------------------- */
/* bad input to the model                                                                         */
/* ---------------------------------------------------------------------------------------------- */

typedef struct small {
    double cap[3];
    double pos[6];
    double sal[6];
    brink_smp_scenario sc;
} small;

/* Three actors on two dimensions, valid. */
static void small_init(small *s)
{
    static const char *const names[] = {"A", "B", "C"};
    const double cap[3] = {10, 20, 30};
    const double pos[6] = {10, 20, 50, 60, 90, 10};
    const double sal[6] = {40, 40, 50, 20, 30, 60};
    memcpy(s->cap, cap, sizeof cap);
    memcpy(s->pos, pos, sizeof pos);
    memcpy(s->sal, sal, sizeof sal);
    memset(&s->sc, 0, sizeof s->sc);
    s->sc.n_actors = 3;
    s->sc.n_dims = 2;
    s->sc.actor_names = names;
    s->sc.capability = s->cap;
    s->sc.position = s->pos;
    s->sc.salience = s->sal;
}

static void expect_einval(const small *s, const char *fragment)
{
    brink_smp_result *res = NULL;
    brink_error err;
    brink_error_clear(&err);
    assert_int_equal(brink_smp_run(&s->sc, NULL, NULL, &res, &err), BRINK_EINVAL);
    assert_null(res);
    assert_int_equal(err.code, BRINK_EINVAL);
    if (!strstr(err.message, fragment))
        fail_msg("message '%s' lacks '%s'", err.message, fragment);
}

static void test_bad_input(void **state)
{
    (void)state;
    small s;
    small_init(&s);
    brink_smp_result *res = run_ok(&s.sc, NULL, NULL); /* the valid one runs */
    assert_true(res->turns >= 1);
    brink_smp_result_free(res);

    small_init(&s);
    s.sc.n_actors = 1;
    expect_einval(&s, "1 actors; expected 2..");
    small_init(&s);
    s.sc.n_actors = 0;
    expect_einval(&s, "0 actors");
    small_init(&s);
    s.sc.n_dims = 0;
    expect_einval(&s, "0 dimensions");
    small_init(&s);
    s.pos[3] = NAN;
    expect_einval(&s, "actor 2 (\"B\"), dimension 2: position nan");
    small_init(&s);
    s.pos[0] = 100.5;
    expect_einval(&s, "position 100.5");
    small_init(&s);
    s.sal[1] = NAN;
    expect_einval(&s, "salience nan");
    small_init(&s);
    s.sal[4] = 101;
    expect_einval(&s, "actor 3 (\"C\"), dimension 1: salience 101");
    small_init(&s);
    s.sal[0] = -1;
    expect_einval(&s, "salience -1");
    small_init(&s);
    s.sal[0] = 70;
    s.sal[1] = 40;
    expect_einval(&s, "saliences sum to 110");
    small_init(&s);
    s.sal[2] = 0;
    s.sal[3] = 0;
    expect_einval(&s, "every salience is 0");
    small_init(&s);
    s.cap[1] = 0;
    expect_einval(&s, "capability 0");
    small_init(&s);
    s.cap[2] = -5;
    expect_einval(&s, "capability -5");
    small_init(&s);
    s.cap[0] = INFINITY;
    expect_einval(&s, "capability inf");

    /* bad options */
    small_init(&s);
    brink_smp_options opt;
    brink_error err;
    brink_smp_options_default(&opt);
    opt.max_turns = 0;
    assert_int_equal(brink_smp_run(&s.sc, &opt, NULL, &res, &err), BRINK_EINVAL);
    assert_non_null(strstr(err.message, "max_turns"));
    brink_smp_options_default(&opt);
    opt.voting_rule = (brink_smp_voting_rule)9;
    assert_int_equal(brink_smp_run(&s.sc, &opt, NULL, &res, &err), BRINK_EINVAL);
    assert_non_null(strstr(err.message, "voting_rule"));
    brink_smp_options_default(&opt);
    opt.stop_ratio = NAN;
    assert_int_equal(brink_smp_run(&s.sc, &opt, NULL, &res, &err), BRINK_EINVAL);

    /* API misuse */
    assert_int_equal(brink_smp_run(NULL, NULL, NULL, &res, &err), BRINK_EUSAGE);
    assert_int_equal(brink_smp_run(&s.sc, NULL, NULL, NULL, &err), BRINK_EUSAGE);
    s.sc.capability = NULL;
    assert_int_equal(brink_smp_run(&s.sc, NULL, NULL, &res, NULL), BRINK_EUSAGE);
}

/* ---------------------------------------------------------------------------------------------- */
/* the CSV reader                                                                                 */
/* ---------------------------------------------------------------------------------------------- */

static void test_csv_reads_layout(void **state)
{
    (void)state;
    brink_smp_scenario *sc = load(SOE_CSV);
    assert_string_equal(sc->name, "China Policy/Competitive; scen 2");
    assert_string_equal(sc->description, "Scenario-0002;Combined Policy and Competitive");
    assert_int_equal(sc->n_actors, 13);
    assert_int_equal(sc->n_dims, 2);
    assert_string_equal(sc->dim_names[0], "Policy Position");
    assert_string_equal(sc->dim_names[1], "Competitive Position");
    assert_string_equal(sc->actor_names[12], "WY");
    assert_string_equal(sc->actor_descriptions[12], "CNOOC - Wang Yilin");
    assert_true(sc->capability[1] == 60.2);
    assert_true(sc->position[1 * 2 + 1] == 65);
    assert_true(sc->salience[1 * 2 + 1] == 41.3);
    brink_smp_scenario_free(sc);

    /* without the trailing commas, with quotes and CRLF: the same scenario */
    static const char text[] = "\"S, one\",\"d\",2,1\r\n"
                               "Actor,Description,Power,P,S\r\n"
                               "\"A\",\"first, actor\", 10 ,25.5,50\r\n"
                               "B,second,20,75,50";
    brink_error err;
    assert_int_equal(brink_smp_csv_parse(text, sizeof text - 1, "t.csv", &sc, &err), BRINK_OK);
    assert_string_equal(sc->name, "S, one");
    assert_string_equal(sc->actor_descriptions[0], "first, actor");
    assert_true(sc->capability[0] == 10 && sc->position[0] == 25.5 && sc->salience[1] == 50);
    brink_smp_scenario_free(sc);
}

static void test_csv_errors_give_line_and_column(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int line, column;
        const char *fragment;
    } cases[] = {
        {"S,d,two,1\nActor,Description,Power,P,S\nA,a,10,50,50\nB,b,10,50,50\n", 1, 5,
         "not a whole number"},
        {"S,d,1,1\nActor,Description,Power,P,S\nA,a,10,50,50\n", 1, 5, "number of actors"},
        {"S,d,2,0\nActor,Description,Power,P,S\nA,a,10,50,50\nB,b,10,50,50\n", 1, 7,
         "number of dimensions"},
        {"S,d,2\n", 1, 5, "expected 4"},
        {"S,d,2,1\n", 2, 1, "no header line"},
        {"S,d,2,1\nActor,Description,Power,P\nA,a,10,50,50\nB,b,10,50,50\n", 2, 25, "expected 5"},
        {"S,d,2,1\nActor,Description,Power,P,S\nA,a,abc,50,50\nB,b,10,50,50\n", 3, 5,
         "not a number"},
        {"S,d,2,1\nActor,Description,Power,P,S\nA,a,0,50,50\nB,b,10,50,50\n", 3, 5, "capability 0"},
        {"S,d,2,1\nActor,Description,Power,P,S\nA,a,10,50,50\nB,b,-2,50,50\n", 4, 5,
         "capability -2"},
        {"S,d,2,1\nActor,Description,Power,P,S\nA,a,10,101,50\nB,b,10,50,50\n", 3, 8,
         "position 101"},
        {"S,d,2,1\nActor,Description,Power,P,S\nA,a,10,50,50\nB,b,10,50,-5\n", 4, 11,
         "salience -5"},
        {"S,d,2,2\nActor,Description,Power,P1,S1,P2,S2\nA,a,10,50,60,50,50\n"
         "B,b,10,50,10,50,10\n",
         3, 17, "add up to 110"},
        {"S,d,2,1\nActor,Description,Power,P,S\nA,a,10,50,0\nB,b,10,50,50\n", 3, 11,
         "every salience"},
        {"S,d,2,1\nActor,Description,Power,P,S\nA,a,10,50\nB,b,10,50,50\n", 3, 8, "expected 5"},
        {"S,d,2,1\nActor,Description,Power,P,S\nA,a,10,50,50,x\nB,b,10,50,50\n", 3, 14,
         "unexpected field 'x'"},
        {"S,d,3,1\nActor,Description,Power,P,S\nA,a,10,50,50\nB,b,10,50,50\n", 1, 5,
         "declares 3 actors but 2"},
        {"S,d,2,1\nActor,Description,Power,P,S\nA,a,10,50,50\nB,b,10,50,50\nC,c,1,1,1\n", 5, 1,
         "unexpected line"},
        {"S,d,2,1\nActor,Description,Power,P,S\n  ,a,10,50,50\nB,b,10,50,50\n", 3, 1,
         "empty actor name"},
        {"S,d,2,1\nActor,Description,Power,P,S\nA,\"a,10,50,50\nB,b,10,50,50\n", 3, 3, "quote"},
        {"S,d,2,1\nActor,Description,Power,P,S\nA,a,10,nan,50\nB,b,10,50,50\n", 3, 8,
         "not a number"},
        {"", 1, 1, "no data"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        static brink_smp_scenario sentinel;
        brink_smp_scenario *sc = &sentinel; /* must be reset to NULL */
        brink_error err;
        brink_error_clear(&err);
        int rc = brink_smp_csv_parse(cases[c].text, strlen(cases[c].text), "bad.csv", &sc, &err);
        char where[600];
        brink_error_format(&err, where, sizeof where);
        if (rc != BRINK_EINVAL || sc != NULL || err.line != cases[c].line ||
            err.column != cases[c].column || strcmp(err.file, "bad.csv") != 0 ||
            !strstr(err.message, cases[c].fragment))
            fail_msg("case %zu: rc %d, got '%s'; expected bad.csv:%d:%d and '%s'", c, rc, where,
                     cases[c].line, cases[c].column, cases[c].fragment);
    }
}

static void test_csv_missing_file(void **state)
{
    (void)state;
    brink_smp_scenario *sc = NULL;
    brink_error err;
    assert_int_equal(brink_smp_csv_load(BRINK_TEST_DATA "/smp/no-such-file.csv", &sc, &err),
                     BRINK_EIO);
    assert_null(sc);
    assert_non_null(strstr(err.file, "no-such-file.csv"));
    brink_smp_scenario_free(NULL);
    brink_smp_result_free(NULL);
}

/* ---------------------------------------------------------------------------------------------- */
/* allocation failure                                                                             */
/* ---------------------------------------------------------------------------------------------- */

static void test_alloc_failure_csv(void **state)
{
    (void)state;
    long k;
    for (k = 1;; k++) {
        brink_smp_scenario *sc = NULL;
        brink_error err;
        brink_alloc_set_fail_after(k);
        int rc = brink_smp_csv_load(DUMMY_CSV, &sc, &err);
        brink_alloc_set_fail_after(0);
        if (rc == BRINK_OK) {
            assert_int_equal(sc->n_actors, 7);
            brink_smp_scenario_free(sc);
            break;
        }
        assert_int_equal(rc, BRINK_ENOMEM);
        assert_null(sc);
        assert_true(k < 1000);
    }
    assert_true(k > 1);
}

static void test_alloc_failure_run(void **state)
{
    (void)state;
    brink_smp_scenario *sc = load(DUMMY_CSV);
    brink_smp_result *ref = run_ok(sc, NULL, NULL);
    long k;
    for (k = 1;; k++) {
        brink_smp_result *res = NULL;
        brink_error err;
        brink_alloc_set_fail_after(k);
        int rc = brink_smp_run(sc, NULL, NULL, &res, &err);
        brink_alloc_set_fail_after(0);
        if (rc == BRINK_OK) {
            assert_true(same_result(res, ref));
            brink_smp_result_free(res);
            break;
        }
        assert_int_equal(rc, BRINK_ENOMEM);
        assert_int_equal(err.code, BRINK_ENOMEM);
        assert_null(res);
        assert_true(k < 1000);
    }
    assert_true(k > 1);

    /* no allocation once the turn loop has started: the count does not grow with the turns */
    brink_smp_options opt;
    brink_smp_options_default(&opt);
    opt.max_turns = 1;
    brink_smp_result *res = NULL;
    brink_error err;
    brink_alloc_set_fail_after(-1);
    assert_int_equal(brink_smp_run(sc, &opt, NULL, &res, &err), BRINK_OK);
    long one_turn = brink_alloc_count();
    brink_smp_result_free(res);
    opt.max_turns = 100;
    brink_alloc_set_fail_after(-1);
    assert_int_equal(brink_smp_run(sc, &opt, NULL, &res, &err), BRINK_OK);
    long many_turns = brink_alloc_count();
    brink_alloc_set_fail_after(0);
    assert_int_equal(one_turn, many_turns);
    assert_int_equal(res->turns, 10);
    brink_smp_result_free(res);

    brink_smp_result_free(ref);
    brink_smp_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dummy_3dim_matches_smpc),
        cmocka_unit_test(test_soe_pol_comp_matches_smpc),
        cmocka_unit_test(test_deterministic_repeats_exactly),
        cmocka_unit_test(test_stochastic_reproducible_from_seed),
        cmocka_unit_test(test_deterministic_ignores_rng),
        cmocka_unit_test(test_stochastic_needs_rng),
        cmocka_unit_test(test_switches_change_outcome),
        cmocka_unit_test(test_receiver_fix),
        cmocka_unit_test(test_accommodation),
        cmocka_unit_test(test_turn_cap),
        cmocka_unit_test(test_markov_iteration_cap),
        cmocka_unit_test(test_option_names),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_csv_reads_layout),
        cmocka_unit_test(test_csv_errors_give_line_and_column),
        cmocka_unit_test(test_csv_missing_file),
        cmocka_unit_test(test_alloc_failure_csv),
        cmocka_unit_test(test_alloc_failure_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
