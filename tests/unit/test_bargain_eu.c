/* SPDX-License-Identifier: MIT */
/*
 * test_bargain_eu.c — the expected-utility model (src/bargain/eu.c) against the emission-standards
 * reference case: the reference run of the public reconstruction (emission_ref_*.csv, 17
 * significant digits, compared with an absolute tolerance of 1e-9 on every number), Scholz et
 * al.'s published Table 2 (+-0.1, round-2 median excepted, as documented), hand-computed values for
 * the Q/T branch, each variant switch, invariances the model should have, bad input, and
 * allocation failure. Data: tests/data/bargaining/ (copied from the shared reference data).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bargain/eu.h"
#include "eu_tables.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATA_DIR BRINK_TEST_DATA "/bargaining/"
#define REF_TOL 1e-9 /* absolute, on every value of the emission_ref_* files */
#define PUBLISHED_TOL 0.1

/* |a - b| <= tol, with both values in the failure message (cmocka 1.1 has no double assert). */
#define assert_near(a, b, tol) near_check((a), (b), (tol), __FILE__, __LINE__)

static void near_check(double a, double b, double tol, const char *file, int line)
{
    if (!(fabs(a - b) <= tol))
        fail_msg("%s:%d: %.17g and %.17g differ by more than %g", file, line, a, b, tol);
}

/* ---------------------------------------------------------------------------------------------- */
/* CSV helpers (the library's reader)                                                             */
/* ---------------------------------------------------------------------------------------------- */

typedef struct table {
    brink_csv_table *t;
    char path[512];
} table;

static void load_table(table *tb, const char *name)
{
    snprintf(tb->path, sizeof tb->path, "%s%s", DATA_DIR, name);
    FILE *f = fopen(tb->path, "rb");
    assert_non_null(f);
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? 2 * cap : 4096;
            text = realloc(text, cap);
            assert_non_null(text);
        }
        size_t got = fread(text + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    fclose(f);
    brink_error err;
    brink_error_clear(&err);
    int rc = brink_csv_parse(text, len, ',', tb->path, &tb->t, &err);
    free(text);
    if (rc != BRINK_OK)
        fail_msg("%s: %s", tb->path, err.message);
    assert_true(tb->t->nrows >= 2);
}

static void free_table(table *tb)
{
    brink_csv_free(tb->t);
    tb->t = NULL;
}

/* Index of the header column called name. */
static size_t col(const table *tb, const char *name)
{
    const brink_csv_row *h = &tb->t->rows[0];
    for (size_t c = 0; c < h->nfields; c++)
        if (strcmp(h->fields[c].text, name) == 0)
            return c;
    fail_msg("%s: no column %s", tb->path, name);
    return 0;
}

static const char *text_at(const table *tb, size_t row, size_t c)
{
    assert_true(row < tb->t->nrows);
    assert_true(c < tb->t->rows[row].nfields);
    return tb->t->rows[row].fields[c].text;
}

static double num_at(const table *tb, size_t row, size_t c)
{
    brink_error err;
    double v = 0.0;
    assert_true(row < tb->t->nrows);
    assert_true(c < tb->t->rows[row].nfields);
    if (brink_csv_field_double(&tb->t->rows[row].fields[c], tb->path, &v, &err) != BRINK_OK)
        fail_msg("%s:%d:%d: %s", tb->path, err.line, err.column, err.message);
    return v;
}

/* ---------------------------------------------------------------------------------------------- */
/* The emission case                                                                              */
/* ---------------------------------------------------------------------------------------------- */

#define EMISSION_N 10

typedef struct emission {
    char names[EMISSION_N][32];
    brink_eu_actor actors[EMISSION_N];     /* salience on 0-1 */
    brink_eu_actor actors_100[EMISSION_N]; /* salience on 0-100 */
} emission;

static void load_emission(emission *e)
{
    table tb;
    load_table(&tb, "emission_input.csv");
    assert_int_equal(tb.t->nrows, EMISSION_N + 1);
    size_t ca = col(&tb, "actor"), cc = col(&tb, "capability"), cp = col(&tb, "position");
    size_t cs = col(&tb, "salience"), cs100 = col(&tb, "salience_0_100");
    for (size_t i = 0; i < EMISSION_N; i++) {
        snprintf(e->names[i], sizeof e->names[i], "%s", text_at(&tb, i + 1, ca));
        brink_eu_actor a = {e->names[i], num_at(&tb, i + 1, cc), num_at(&tb, i + 1, cp),
                            num_at(&tb, i + 1, cs)};
        e->actors[i] = a;
        a.salience = num_at(&tb, i + 1, cs100);
        e->actors_100[i] = a;
    }
    free_table(&tb);
}

static size_t actor_index(const emission *e, const char *name)
{
    for (size_t i = 0; i < EMISSION_N; i++)
        if (strcmp(e->names[i], name) == 0)
            return i;
    fail_msg("unknown actor %s", name);
    return 0;
}

static brink_eu_result *run_or_fail(const brink_eu_actor *actors, size_t n,
                                    const brink_eu_options *opt)
{
    brink_eu_result *res = NULL;
    brink_error err;
    brink_error_clear(&err);
    int rc = brink_eu_run(actors, n, opt, &res, &err);
    if (rc != BRINK_OK)
        fail_msg("brink_eu_run: %d %s", rc, err.message);
    assert_non_null(res);
    return res;
}

/* The reference run: scholz-code for 10 rounds. */
static brink_eu_result *run_reference(const emission *e)
{
    brink_eu_options opt = brink_eu_options_scholz_code();
    opt.max_rounds = 10;
    return run_or_fail(e->actors, EMISSION_N, &opt);
}

/* Records the largest |got - want| and fails when it exceeds tol. */
static void near(double got, double want, double tol, double *max_err, const char *what, size_t row)
{
    double d = fabs(got - want);
    if (d > *max_err)
        *max_err = d;
    if (!(d <= tol))
        fail_msg("%s, row %zu: got %.17g, want %.17g (|diff| %.3g > %.3g)", what, row, got, want, d,
                 tol);
}

static void report(const char *file, double max_err)
{
    print_message("[ agreement ] %-40s max abs error %.3g\n", file, max_err);
}

/* ---------------------------------------------------------------------------------------------- */
/* Reference files                                                                                */
/* ---------------------------------------------------------------------------------------------- */

static void test_ref_positions(void **state)
{
    (void)state;
    emission e;
    load_emission(&e);
    brink_eu_result *res = run_reference(&e);
    assert_int_equal(res->rounds, 10);
    assert_int_equal(res->stop_reason, BRINK_EU_STOPPED_MAX_ROUNDS);
    table tb;
    load_table(&tb, "emission_ref_positions.csv");
    size_t cr = col(&tb, "round"), ca = col(&tb, "actor"), cp = col(&tb, "position");
    size_t ck = col(&tb, "risk_exponent_used_this_round");
    assert_int_equal(tb.t->nrows - 1, 11 * EMISSION_N);
    double max_err = 0.0;
    for (size_t row = 1; row < tb.t->nrows; row++) {
        size_t t = (size_t)num_at(&tb, row, cr);
        size_t i = actor_index(&e, text_at(&tb, row, ca));
        near(res->position[t * EMISSION_N + i], num_at(&tb, row, cp), REF_TOL, &max_err, "position",
             row);
        if (t == 0) {
            assert_string_equal(text_at(&tb, row, ck), "");
            continue;
        }
        near(res->risk_exponent[(t - 1) * EMISSION_N + i], num_at(&tb, row, ck), REF_TOL, &max_err,
             "risk exponent", row);
    }
    report("emission_ref_positions.csv", max_err);
    free_table(&tb);
    brink_eu_result_free(res);
}

static brink_eu_offer_type offer_type_from(const char *s)
{
    if (strcmp(s, "confrontation") == 0)
        return BRINK_EU_OFFER_CONFRONTATION;
    if (strcmp(s, "compromise") == 0)
        return BRINK_EU_OFFER_COMPROMISE;
    if (strcmp(s, "capitulation") == 0)
        return BRINK_EU_OFFER_CAPITULATION;
    assert_string_equal(s, "none");
    return BRINK_EU_OFFER_NONE;
}

static void test_ref_moves(void **state)
{
    (void)state;
    emission e;
    load_emission(&e);
    brink_eu_result *res = run_reference(&e);
    table tb;
    load_table(&tb, "emission_ref_moves.csv");
    size_t cr = col(&tb, "round"), cm = col(&tb, "mover"), cp = col(&tb, "proposer");
    size_t ct = col(&tb, "offer_type"), ce1 = col(&tb, "eu_mover_challenges_proposer");
    size_t ce2 = col(&tb, "eu_proposer_challenges_mover"), cb = col(&tb, "position_before");
    size_t cf = col(&tb, "position_after");
    assert_int_equal(res->nmoves, tb.t->nrows - 1);
    double max_err = 0.0;
    for (size_t row = 1; row < tb.t->nrows; row++) {
        const brink_eu_move *mv = &res->moves[row - 1];
        assert_int_equal(mv->round, (int)num_at(&tb, row, cr));
        assert_int_equal(mv->mover, actor_index(&e, text_at(&tb, row, cm)));
        assert_int_equal(mv->proposer, actor_index(&e, text_at(&tb, row, cp)));
        assert_int_equal(mv->type, offer_type_from(text_at(&tb, row, ct)));
        assert_string_equal(brink_eu_offer_type_name(mv->type), text_at(&tb, row, ct));
        near(mv->eu_mover, num_at(&tb, row, ce1), REF_TOL, &max_err, "eu_mover", row);
        near(mv->eu_proposer, num_at(&tb, row, ce2), REF_TOL, &max_err, "eu_proposer", row);
        near(mv->position_before, num_at(&tb, row, cb), REF_TOL, &max_err, "before", row);
        near(mv->position_after, num_at(&tb, row, cf), REF_TOL, &max_err, "after", row);
    }
    report("emission_ref_moves.csv", max_err);
    free_table(&tb);
    brink_eu_result_free(res);
}

static void test_ref_summary(void **state)
{
    (void)state;
    emission e;
    load_emission(&e);
    brink_eu_result *res = run_reference(&e);
    table tb;
    load_table(&tb, "emission_ref_summary.csv");
    size_t cr = col(&tb, "round"), cmed = col(&tb, "median_condorcet_linear");
    size_t cmean = col(&tb, "mean_cap_x_sal_weighted"), cwm = col(&tb, "weighted_median_lower");
    assert_int_equal(tb.t->nrows - 1, (size_t)res->rounds + 1);
    double max_err = 0.0;
    for (size_t row = 1; row < tb.t->nrows; row++) {
        size_t t = (size_t)num_at(&tb, row, cr);
        near(res->median[t], num_at(&tb, row, cmed), REF_TOL, &max_err, "median", row);
        near(res->mean[t], num_at(&tb, row, cmean), REF_TOL, &max_err, "mean", row);
        near(res->weighted_median[t], num_at(&tb, row, cwm), REF_TOL, &max_err, "wmedian", row);
    }
    report("emission_ref_summary.csv", max_err);
    free_table(&tb);
    brink_eu_result_free(res);
}

static void test_ref_round1_pairs(void **state)
{
    (void)state;
    emission e;
    load_emission(&e);
    brink_eu_result *res = run_reference(&e);
    table tb;
    load_table(&tb, "emission_ref_round1_pairs.csv");
    size_t ci = col(&tb, "i"), cj = col(&tb, "j"), cp1 = col(&tb, "P_ij_pass1_r1");
    size_t ce1 = col(&tb, "EU_ij_pass1_r1"), cp2 = col(&tb, "P_ij_pass2");
    size_t cij = col(&tb, "EU_i_ij_pass2"), cji = col(&tb, "EU_i_ji_pass2");
    size_t co = col(&tb, "offer_to_i_from_j"), cpos = col(&tb, "offer_position");
    assert_int_equal(tb.t->nrows - 1, EMISSION_N * (EMISSION_N - 1));
    double max_err = 0.0;
    for (size_t row = 1; row < tb.t->nrows; row++) {
        size_t i = actor_index(&e, text_at(&tb, row, ci));
        size_t j = actor_index(&e, text_at(&tb, row, cj));
        assert_int_not_equal(i, j);
        const brink_eu_pair *p = &res->pairs[i * EMISSION_N + j];
        near(p->p_first, num_at(&tb, row, cp1), REF_TOL, &max_err, "P pass 1", row);
        near(p->eu_first, num_at(&tb, row, ce1), REF_TOL, &max_err, "EU pass 1", row);
        near(p->p, num_at(&tb, row, cp2), REF_TOL, &max_err, "P pass 2", row);
        near(p->eu_ij, num_at(&tb, row, cij), REF_TOL, &max_err, "EU_ij pass 2", row);
        near(p->eu_ji, num_at(&tb, row, cji), REF_TOL, &max_err, "EU_ji pass 2", row);
        assert_int_equal(p->offer, offer_type_from(text_at(&tb, row, co)));
        if (p->offer == BRINK_EU_OFFER_NONE) {
            assert_true(isnan(p->offer_position));
            assert_string_equal(text_at(&tb, row, cpos), "");
        } else {
            near(p->offer_position, num_at(&tb, row, cpos), REF_TOL, &max_err, "offer position",
                 row);
        }
    }
    report("emission_ref_round1_pairs.csv", max_err);
    free_table(&tb);
    brink_eu_result_free(res);
}

static void test_ref_round1_risk(void **state)
{
    (void)state;
    emission e;
    load_emission(&e);
    brink_eu_result *res = run_reference(&e);
    table tb;
    load_table(&tb, "emission_ref_round1_risk.csv");
    size_t ca = col(&tb, "actor"), cs = col(&tb, "danger_sum_EU_ji_r1"), cR = col(&tb, "R_i");
    size_t cr = col(&tb, "r_i");
    assert_int_equal(tb.t->nrows - 1, EMISSION_N);
    double max_err = 0.0;
    for (size_t row = 1; row < tb.t->nrows; row++) {
        size_t i = actor_index(&e, text_at(&tb, row, ca));
        near(res->security[i], num_at(&tb, row, cs), REF_TOL, &max_err, "security", row);
        near(res->risk_acceptance[i], num_at(&tb, row, cR), REF_TOL, &max_err, "R_i", row);
        near(res->risk_exponent[i], num_at(&tb, row, cr), REF_TOL, &max_err, "r_i", row);
    }
    report("emission_ref_round1_risk.csv", max_err);
    free_table(&tb);
    brink_eu_result_free(res);
}

/* Scholz et al. (2011) Table 2: +-0.1 on every value except the round-2 median, where the public
 * reconstruction (and this code) gives 9.61 against the published 9.9. */
static void test_published_table2(void **state)
{
    (void)state;
    emission e;
    load_emission(&e);
    brink_eu_result *res = run_reference(&e);
    table tb;
    load_table(&tb, "emission_published_scholz_table2.csv");
    size_t cr = col(&tb, "round"), cmed = col(&tb, "median_published");
    size_t cmean = col(&tb, "mean_published");
    assert_int_equal(tb.t->nrows - 1, 8);
    double max_med = 0.0, max_mean = 0.0;
    for (size_t row = 1; row < tb.t->nrows; row++) {
        size_t t = (size_t)num_at(&tb, row, cr);
        if (t == 2) {
            /* The documented exception: off by 0.29, and by no more. */
            double d = fabs(res->median[t] - num_at(&tb, row, cmed));
            print_message("[ agreement ] Table 2 round-2 median: %.4f vs published %.1f\n",
                          res->median[t], num_at(&tb, row, cmed));
            assert_true(d > PUBLISHED_TOL && d < 0.3);
        } else {
            near(res->median[t], num_at(&tb, row, cmed), PUBLISHED_TOL + 1e-12, &max_med,
                 "published median", row);
        }
        near(res->mean[t], num_at(&tb, row, cmean), PUBLISHED_TOL + 1e-12, &max_mean,
             "published mean", row);
    }
    report("Table 2 median (rounds 1, 3-8)", max_med);
    report("Table 2 mean (rounds 1-8)", max_mean);
    free_table(&tb);
    brink_eu_result_free(res);
}

/* ---------------------------------------------------------------------------------------------- */
/* Variant switches                                                                               */
/* ---------------------------------------------------------------------------------------------- */

static int same_positions(const brink_eu_result *a, const brink_eu_result *b)
{
    if (a->n != b->n || a->rounds != b->rounds)
        return 0;
    size_t count = ((size_t)a->rounds + 1) * a->n;
    return memcmp(a->position, b->position, count * sizeof(double)) == 0;
}

/* Per-pair normaliser (eq. 31 as printed): P_ij + P_ji = 1, Netherlands vs France = 0.248/0.584
 * (the c x s weights at 4 against those at 10; the bloc at 7 is indifferent), values far from the
 * global normaliser's; and the run collapses onto 7.0 within three rounds (bargaining note §0). */
static void test_per_pair_normaliser(void **state)
{
    (void)state;
    emission e;
    load_emission(&e);
    brink_eu_result *ref = run_reference(&e);
    brink_eu_options opt = brink_eu_options_scholz_code();
    opt.prob_norm = BRINK_EU_PROB_PER_PAIR;
    brink_eu_result *res = run_or_fail(e.actors, EMISSION_N, &opt);
    size_t nl = actor_index(&e, "Netherlands"), fr = actor_index(&e, "France");
    const brink_eu_pair *p = &res->pairs[nl * EMISSION_N + fr];
    assert_near(p->p_first, 0.248 / 0.584, 1e-12);
    assert_true(fabs(p->p_first - ref->pairs[nl * EMISSION_N + fr].p_first) > 0.4);
    for (size_t i = 0; i < EMISSION_N; i++)
        for (size_t j = 0; j < EMISSION_N; j++) {
            if (i == j || e.actors[i].position == e.actors[j].position)
                continue;
            const brink_eu_pair *ij = &res->pairs[i * EMISSION_N + j];
            const brink_eu_pair *ji = &res->pairs[j * EMISSION_N + i];
            assert_near(ij->p_first + ji->p_first, 1.0, 1e-12);
            assert_near(ij->p + ji->p, 1.0, 1e-12);
        }
    for (size_t i = 0; i < EMISSION_N; i++)
        assert_near(res->position[3 * EMISSION_N + i], 7.0, 1e-12);
    brink_eu_result_free(res);
    brink_eu_result_free(ref);
}

/* Q < 1 brings in the no-challenge drift towards the median (T, U_b, U_w). Hand values for round 1
 * first pass (r = 1, R = 6, mu = 7): Netherlands (4) challenging Belgium (7): |x_i - mu| = 3 is
 * not < |x_i - x_j| = 3, so T = 0, U_w = 2 - 4 (0.5 + 0.25 * 6/6) = -1 and the no-challenge term
 * is Q * 0 + (1 - Q)(-1) = -0.5 at Q = 0.5. Netherlands challenging France (10): 3 < 6, T = 1,
 * U_b = 2 - 4 (0.5 - 0.25 * 9/6) = 1.5, term 0.75. P does not depend on Q. */
static void test_q_and_t(void **state)
{
    (void)state;
    emission e;
    load_emission(&e);
    brink_eu_result *ref = run_reference(&e);
    brink_eu_options opt = brink_eu_options_scholz_code();
    opt.q = 0.5;
    brink_eu_result *res = run_or_fail(e.actors, EMISSION_N, &opt);
    size_t nl = actor_index(&e, "Netherlands"), be = actor_index(&e, "Belgium");
    size_t fr = actor_index(&e, "France");
    const brink_eu_pair *q_be = &res->pairs[nl * EMISSION_N + be];
    const brink_eu_pair *r_be = &ref->pairs[nl * EMISSION_N + be];
    assert_near(q_be->p_first, r_be->p_first, 0.0);
    assert_near(q_be->eu_first, r_be->eu_first + 0.5, 1e-12);
    const brink_eu_pair *q_fr = &res->pairs[nl * EMISSION_N + fr];
    const brink_eu_pair *r_fr = &ref->pairs[nl * EMISSION_N + fr];
    assert_near(q_fr->eu_first, r_fr->eu_first - 0.75, 1e-12);
    assert_false(same_positions(res, ref));
    brink_eu_result_free(res);
    brink_eu_result_free(ref);
}

/* Stopping on the median: the reference median is 9.96 in rounds 3, 4 and 5, so one stable round
 * ends the run after round 4, two after round 5; the trajectory so far is the fixed-round one. */
static void test_stop_on_tolerance(void **state)
{
    (void)state;
    emission e;
    load_emission(&e);
    brink_eu_result *ref = run_reference(&e);
    brink_eu_options opt = brink_eu_options_scholz_code();
    opt.stop = BRINK_EU_STOP_MEDIAN_TOLERANCE;
    opt.median_tolerance = 1e-6;
    opt.stable_rounds = 1;
    opt.max_rounds = 50;
    brink_eu_result *res = run_or_fail(e.actors, EMISSION_N, &opt);
    assert_int_equal(res->rounds, 4);
    assert_int_equal(res->stop_reason, BRINK_EU_STOPPED_MEDIAN_STABLE);
    assert_string_equal(brink_eu_stop_reason_name(res->stop_reason), "median-stable");
    assert_memory_equal(res->position, ref->position, 5 * EMISSION_N * sizeof(double));
    assert_memory_equal(res->median, ref->median, 5 * sizeof(double));
    brink_eu_result_free(res);

    opt.stable_rounds = 2;
    res = run_or_fail(e.actors, EMISSION_N, &opt);
    assert_int_equal(res->rounds, 5);
    assert_int_equal(res->stop_reason, BRINK_EU_STOPPED_MEDIAN_STABLE);
    brink_eu_result_free(res);

    /* A tolerance of 0 never counts a round as stable: the cap ends the run. */
    opt.median_tolerance = 0.0;
    opt.detect_cycles = 0;
    opt.max_rounds = 12;
    res = run_or_fail(e.actors, EMISSION_N, &opt);
    assert_int_equal(res->rounds, 12);
    assert_int_equal(res->stop_reason, BRINK_EU_STOPPED_MAX_ROUNDS);
    assert_memory_equal(res->position, ref->position, 11 * EMISSION_N * sizeof(double));
    brink_eu_result_free(res);
    brink_eu_result_free(ref);
}

/* Everyone at one point: no moves, r = 1, a period-1 cycle (a fixed point) that ends a tolerance
 * run after one round. */
static void test_all_at_one_point(void **state)
{
    (void)state;
    brink_eu_actor a[3] = {{"a", 1.0, 5.0, 0.5}, {"b", 2.0, 5.0, 0.9}, {"c", 0.5, 5.0, 0.1}};
    brink_eu_options opt = brink_eu_options_scholz_code();
    opt.stop = BRINK_EU_STOP_MEDIAN_TOLERANCE;
    opt.median_tolerance = 0.0;
    brink_eu_result *res = run_or_fail(a, 3, &opt);
    assert_int_equal(res->rounds, 1);
    assert_int_equal(res->stop_reason, BRINK_EU_STOPPED_CYCLE);
    assert_int_equal(res->cycle_round, 1);
    assert_int_equal(res->cycle_period, 1);
    assert_int_equal(res->nmoves, 0);
    for (size_t i = 0; i < 3; i++) {
        assert_near(res->risk_exponent[i], 1.0, 0.0);
        assert_near(res->position[3 + i], 5.0, 0.0);
    }
    assert_near(res->median[1], 5.0, 0.0);
    assert_near(res->mean[1], 5.0, 1e-15);
    brink_eu_result_free(res);
}

/* Capitulation on: Belgium facing the Netherlands (E_ij = -0.47, E_ji = 0.24 <= 0.47) now gets a
 * capitulation offer to 4.0, but its compromise with France still wins, and the whole trajectory is
 * unchanged (as the bargaining note reports). */
static void test_capitulation_branch(void **state)
{
    (void)state;
    emission e;
    load_emission(&e);
    brink_eu_result *ref = run_reference(&e);
    brink_eu_options opt = brink_eu_options_scholz_code();
    opt.capitulation = 1;
    brink_eu_result *res = run_or_fail(e.actors, EMISSION_N, &opt);
    size_t be = actor_index(&e, "Belgium"), nl = actor_index(&e, "Netherlands");
    assert_int_equal(ref->pairs[be * EMISSION_N + nl].offer, BRINK_EU_OFFER_NONE);
    assert_int_equal(res->pairs[be * EMISSION_N + nl].offer, BRINK_EU_OFFER_CAPITULATION);
    assert_near(res->pairs[be * EMISSION_N + nl].offer_position, 4.0, 0.0);
    assert_true(same_positions(res, ref));
    brink_eu_result_free(res);
    brink_eu_result_free(ref);
}

/* Selection rules on Luxembourg's round-1 offers (confrontations to 7 and 10, compromises with the
 * UK to 6.249 and Greece to 5.090): SCHOLZ_CODE takes the nearest confrontation (7.0), LEAST_MOVE
 * the Greek compromise, MOST_ENFORCEABLE the largest E_ji (France, Italy and the UK tie at 2.02)
 * with the smallest move (the UK's compromise). */
static void test_selection_rules(void **state)
{
    (void)state;
    emission e;
    load_emission(&e);
    size_t lu = actor_index(&e, "Luxembourg");
    brink_eu_options opt = brink_eu_options_scholz_code();
    opt.max_rounds = 1;
    struct {
        brink_eu_select rule;
        double want;
    } cases[] = {
        {BRINK_EU_SELECT_SCHOLZ_CODE, 7.0},
        {BRINK_EU_SELECT_TYPE_THEN_LEAST_MOVE, 7.0},
        {BRINK_EU_SELECT_LEAST_MOVE, 5.089938181759442},
        {BRINK_EU_SELECT_MOST_ENFORCEABLE, 6.24900697120683},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        opt.select = cases[c].rule;
        brink_eu_result *res = run_or_fail(e.actors, EMISSION_N, &opt);
        assert_near(res->position[EMISSION_N + lu], cases[c].want, 1e-12);
        brink_eu_result_free(res);
    }
}

/* Reversing the scale (x -> 14 - x): the scholz-code compromise key is not orientation-invariant
 * and the run departs from the mirror image in round 4 (the note's §3.1); with the
 * TYPE_THEN_LEAST_MOVE rule the mirrored run is the mirror image of the run. */
static void test_orientation(void **state)
{
    (void)state;
    emission e;
    load_emission(&e);
    brink_eu_actor flipped[EMISSION_N];
    for (size_t i = 0; i < EMISSION_N; i++) {
        flipped[i] = e.actors[i];
        flipped[i].position = 14.0 - e.actors[i].position;
    }
    brink_eu_options opt = brink_eu_options_scholz_code();
    brink_eu_result *a = run_or_fail(e.actors, EMISSION_N, &opt);
    brink_eu_result *b = run_or_fail(flipped, EMISSION_N, &opt);
    for (size_t t = 0; t <= 3; t++)
        assert_near(a->median[t], 14.0 - b->median[t], 1e-9);
    int departs = 0;
    for (size_t i = 0; i < EMISSION_N; i++)
        departs |=
            fabs(a->position[4 * EMISSION_N + i] - (14.0 - b->position[4 * EMISSION_N + i])) > 1e-6;
    assert_true(departs);
    brink_eu_result_free(a);
    brink_eu_result_free(b);

    opt.select = BRINK_EU_SELECT_TYPE_THEN_LEAST_MOVE;
    a = run_or_fail(e.actors, EMISSION_N, &opt);
    b = run_or_fail(flipped, EMISSION_N, &opt);
    for (size_t k = 0; k < 11 * EMISSION_N; k++)
        assert_near(a->position[k], 14.0 - b->position[k], 1e-9);
    brink_eu_result_free(a);
    brink_eu_result_free(b);
}

/* Invariances the model should have: salience on 0-100 with salience_scale 100 (bit-identical),
 * capabilities times 10, actor order reversed; and determinism (bit-identical reruns). */
static void test_invariances(void **state)
{
    (void)state;
    emission e;
    load_emission(&e);
    brink_eu_result *ref = run_reference(&e);
    brink_eu_result *again = run_reference(&e);
    assert_true(same_positions(ref, again));
    assert_memory_equal(ref->moves, again->moves, ref->nmoves * sizeof(brink_eu_move));
    brink_eu_result_free(again);

    brink_eu_options opt = brink_eu_options_scholz_code();
    opt.salience_scale = 100.0;
    brink_eu_result *res = run_or_fail(e.actors_100, EMISSION_N, &opt);
    assert_true(same_positions(res, ref));
    brink_eu_result_free(res);

    brink_eu_actor scaled[EMISSION_N], reversed[EMISSION_N];
    for (size_t i = 0; i < EMISSION_N; i++) {
        scaled[i] = e.actors[i];
        scaled[i].capability *= 10.0;
        reversed[i] = e.actors[EMISSION_N - 1 - i];
    }
    res = run_or_fail(scaled, EMISSION_N, NULL);
    for (size_t k = 0; k < 11 * EMISSION_N; k++)
        assert_near(res->position[k], ref->position[k], 1e-9);
    brink_eu_result_free(res);

    res = run_or_fail(reversed, EMISSION_N, NULL);
    for (size_t t = 0; t <= 10; t++)
        for (size_t i = 0; i < EMISSION_N; i++)
            assert_near(res->position[t * EMISSION_N + (EMISSION_N - 1 - i)],
                        ref->position[t * EMISSION_N + i], 1e-9);
    brink_eu_result_free(res);
    brink_eu_result_free(ref);
}

/* Ranges: the emission extremes (4 and 10) never move, so PER_ROUND and SCALE 6 equal INITIAL
 * bit for bit; a wider declared scale changes the run (r != 1 makes R matter); a scale narrower
 * than the spread is refused. */
static void test_range_modes(void **state)
{
    (void)state;
    emission e;
    load_emission(&e);
    brink_eu_result *ref = run_reference(&e);
    brink_eu_options opt = brink_eu_options_scholz_code();
    opt.range = BRINK_EU_RANGE_PER_ROUND;
    brink_eu_result *res = run_or_fail(e.actors, EMISSION_N, &opt);
    assert_true(same_positions(res, ref));
    brink_eu_result_free(res);

    opt.range = BRINK_EU_RANGE_SCALE;
    opt.scale_range = 6.0;
    res = run_or_fail(e.actors, EMISSION_N, &opt);
    assert_true(same_positions(res, ref));
    assert_near(res->range[0], 6.0, 0.0);
    brink_eu_result_free(res);

    opt.scale_range = 12.0;
    res = run_or_fail(e.actors, EMISSION_N, &opt);
    assert_false(same_positions(res, ref));
    brink_eu_result_free(res);

    opt.scale_range = 5.0;
    brink_error err;
    brink_error_clear(&err);
    res = (brink_eu_result *)&err; /* must be reset to NULL */
    assert_int_equal(brink_eu_run(e.actors, EMISSION_N, &opt, &res, &err), BRINK_EINVAL);
    assert_null(res);
    assert_non_null(strstr(err.message, "scale_range"));
    brink_eu_result_free(ref);
}

/* Sequential updating: Belgium moves first (to 8.416) and Luxembourg, which in the simultaneous
 * run confronts Belgium's old position 7, now meets Belgium at its new one; the run is still
 * deterministic. Perspective OWN and linear votes change the round-1 pair values. */
static void test_sequential_and_perspective(void **state)
{
    (void)state;
    emission e;
    load_emission(&e);
    brink_eu_result *ref = run_reference(&e);
    brink_eu_options opt = brink_eu_options_scholz_code();
    opt.simultaneous = 0;
    brink_eu_result *a = run_or_fail(e.actors, EMISSION_N, &opt);
    brink_eu_result *b = run_or_fail(e.actors, EMISSION_N, &opt);
    assert_true(same_positions(a, b));
    assert_false(same_positions(a, ref));
    size_t be = actor_index(&e, "Belgium"), lu = actor_index(&e, "Luxembourg");
    assert_near(a->position[EMISSION_N + be], ref->position[EMISSION_N + be], 0.0);
    assert_true(a->moves[1].mover == lu);
    assert_near(a->moves[1].position_before, 4.0, 0.0);
    assert_true(a->moves[1].position_after != ref->moves[1].position_after);
    brink_eu_result_free(a);
    brink_eu_result_free(b);

    opt = brink_eu_options_scholz_code();
    opt.perspective = BRINK_EU_VIEW_OWN;
    a = run_or_fail(e.actors, EMISSION_N, &opt);
    size_t nl = actor_index(&e, "Netherlands");
    /* E_ji of (Belgium, Netherlands) is now priced with the Netherlands' exponent. */
    assert_true(
        fabs(a->pairs[be * EMISSION_N + nl].eu_ji - ref->pairs[be * EMISSION_N + nl].eu_ji) > 1e-3);
    assert_near(a->pairs[be * EMISSION_N + nl].eu_ij, ref->pairs[be * EMISSION_N + nl].eu_ij, 0.0);
    brink_eu_result_free(a);

    opt = brink_eu_options_scholz_code();
    opt.votes = BRINK_EU_VOTES_LINEAR;
    a = run_or_fail(e.actors, EMISSION_N, &opt);
    /* Pass 1 is unchanged (all r = 1), pass 2 now uses linear votes: P equals the first pass. */
    for (size_t k = 0; k < EMISSION_N * EMISSION_N; k++) {
        assert_near(a->pairs[k].p_first, ref->pairs[k].p_first, 0.0);
        assert_near(a->pairs[k].p, a->pairs[k].p_first, 0.0);
    }
    brink_eu_result_free(a);
    brink_eu_result_free(ref);
}

static void test_presets(void **state)
{
    (void)state;
    brink_eu_options o, code = brink_eu_options_scholz_code();
    brink_error err;
    assert_int_equal(brink_eu_options_preset("scholz-code", &o, &err), BRINK_OK);
    assert_memory_equal(&o, &code, sizeof o);
    assert_int_equal(brink_eu_options_check(&o, &err), BRINK_OK);
    assert_int_equal(brink_eu_options_preset("scholz-paper", &o, &err), BRINK_OK);
    assert_int_equal(o.prob_norm, BRINK_EU_PROB_PER_PAIR);
    assert_int_equal(brink_eu_options_check(&o, &err), BRINK_OK);
    assert_int_equal(brink_eu_options_preset("bdm", &o, &err), BRINK_EINVAL);
    assert_non_null(strstr(err.message, "scholz-code"));
    assert_int_equal(brink_eu_options_preset(NULL, &o, &err), BRINK_EUSAGE);

    /* The paper preset runs and keeps P_ij + P_ji = 1. */
    emission e;
    load_emission(&e);
    brink_eu_options paper = brink_eu_options_scholz_paper();
    brink_eu_result *res = run_or_fail(e.actors, EMISSION_N, &paper);
    assert_int_equal(res->rounds, 10);
    assert_near(res->pairs[0 * EMISSION_N + 4].p + res->pairs[4 * EMISSION_N + 0].p, 1.0, 1e-12);
    brink_eu_result_free(res);
}

/* ---------------------------------------------------------------------------------------------- */
/* A cycle                                                                                        */
/* ---------------------------------------------------------------------------------------------- */

/* Three actors that oscillate under scholz-code: the two with salience 0.1 take turns to confront
 * and to compromise, converging on an exchange of the positions 9.5162... and 9.8041...; round 16
 * is the first to repeat an earlier round (14) bit for bit (period 2). A fixed-round run records
 * the cycle and goes on; a tolerance run (tolerance 0: the median sits at 10 throughout) stops
 * there; a looser cycle tolerance sees the cycle earlier. */
static void test_cycle_detection(void **state)
{
    (void)state;
    brink_eu_actor a[3] = {{"hi", 1.0, 10.0, 0.9}, {"lo", 1.0, 0.0, 0.1}, {"mid", 1.0, 5.0, 0.1}};
    brink_eu_options opt = brink_eu_options_scholz_code();
    opt.max_rounds = 20;
    brink_eu_result *res = run_or_fail(a, 3, &opt);
    assert_int_equal(res->rounds, 20);
    assert_int_equal(res->stop_reason, BRINK_EU_STOPPED_MAX_ROUNDS);
    assert_int_equal(res->cycle_round, 16);
    assert_int_equal(res->cycle_period, 2);
    for (size_t t = 16; t <= 20; t++) {
        assert_memory_equal(&res->position[t * 3], &res->position[(t - 2) * 3], 3 * sizeof(double));
        assert_true(res->position[t * 3 + 1] != res->position[(t - 1) * 3 + 1]);
        assert_near(res->median[t], 10.0, 0.0);
    }
    assert_int_equal(res->nmoves, 40); /* both low-salience actors move every round */
    brink_eu_result_free(res);

    opt.stop = BRINK_EU_STOP_MEDIAN_TOLERANCE;
    opt.median_tolerance = 0.0;
    opt.max_rounds = 100;
    res = run_or_fail(a, 3, &opt);
    assert_int_equal(res->rounds, 16);
    assert_int_equal(res->stop_reason, BRINK_EU_STOPPED_CYCLE);
    assert_string_equal(brink_eu_stop_reason_name(res->stop_reason), "cycle");
    brink_eu_result_free(res);

    opt.cycle_tolerance = 1e-6;
    res = run_or_fail(a, 3, &opt);
    assert_true(res->rounds < 16);
    assert_int_equal(res->cycle_period, 2);
    assert_int_equal(res->stop_reason, BRINK_EU_STOPPED_CYCLE);
    brink_eu_result_free(res);

    /* Without cycle detection the tolerance run goes to its cap. */
    opt.detect_cycles = 0;
    opt.max_rounds = 30;
    res = run_or_fail(a, 3, &opt);
    assert_int_equal(res->rounds, 30);
    assert_int_equal(res->cycle_round, 0);
    brink_eu_result_free(res);
}

/* ---------------------------------------------------------------------------------------------- */
/* Bad input and allocation failure                                                               */
/* ---------------------------------------------------------------------------------------------- */

static void expect_einval(const brink_eu_actor *a, size_t n, const brink_eu_options *opt,
                          const char *needle)
{
    brink_error err;
    brink_error_clear(&err);
    brink_eu_result *res = NULL;
    assert_int_equal(brink_eu_run(a, n, opt, &res, &err), BRINK_EINVAL);
    assert_null(res);
    assert_int_equal(err.code, BRINK_EINVAL);
    if (!strstr(err.message, needle))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
}

static void test_bad_input(void **state)
{
    (void)state;
    brink_eu_actor good[3] = {{"A", 1.0, 0.0, 0.5}, {"B", 2.0, 10.0, 0.5}, {"C", 1.0, 4.0, 0.7}};
    brink_eu_actor a[3];
    expect_einval(good, 0, NULL, "at least 2");
    expect_einval(good, 1, NULL, "at least 2");

    memcpy(a, good, sizeof a);
    a[1].capability = -0.5;
    expect_einval(a, 3, NULL, "actor 2 (B): capability");
    memcpy(a, good, sizeof a);
    a[2].capability = INFINITY;
    expect_einval(a, 3, NULL, "capability");
    memcpy(a, good, sizeof a);
    a[0].salience = 1.5;
    expect_einval(a, 3, NULL, "actor 1 (A): salience");
    memcpy(a, good, sizeof a);
    a[0].salience = -0.1;
    expect_einval(a, 3, NULL, "salience");
    memcpy(a, good, sizeof a);
    a[0].salience = NAN;
    expect_einval(a, 3, NULL, "salience");
    memcpy(a, good, sizeof a);
    a[2].position = NAN;
    expect_einval(a, 3, NULL, "position");
    memcpy(a, good, sizeof a);
    a[2].name = NULL;
    a[2].position = INFINITY;
    expect_einval(a, 3, NULL, "actor 3: position");
    memcpy(a, good, sizeof a);
    for (size_t i = 0; i < 3; i++)
        a[i].salience = 0.0;
    expect_einval(a, 3, NULL, "capability x salience");

    /* Salience on 0-100 needs salience_scale 100. */
    memcpy(a, good, sizeof a);
    a[0].salience = 80.0;
    expect_einval(a, 3, NULL, "salience 80");
    brink_eu_options opt = brink_eu_options_scholz_code();
    opt.salience_scale = 100.0;
    brink_eu_result *res = run_or_fail(a, 3, &opt);
    brink_eu_result_free(res);
    a[0].salience = 180.0;
    expect_einval(a, 3, &opt, "salience 180");

    /* Options. */
    opt = brink_eu_options_scholz_code();
    opt.q = 1.5;
    expect_einval(good, 3, &opt, "q = 1.5");
    opt = brink_eu_options_scholz_code();
    opt.q = NAN;
    expect_einval(good, 3, &opt, "q =");
    opt = brink_eu_options_scholz_code();
    opt.max_rounds = 0;
    expect_einval(good, 3, &opt, "max_rounds");
    opt.max_rounds = BRINK_EU_MAX_ROUNDS + 1;
    expect_einval(good, 3, &opt, "max_rounds");
    opt = brink_eu_options_scholz_code();
    opt.salience_scale = 0.0;
    expect_einval(good, 3, &opt, "salience_scale");
    opt = brink_eu_options_scholz_code();
    opt.risk_divisor = 1.0;
    expect_einval(good, 3, &opt, "risk_divisor");
    opt = brink_eu_options_scholz_code();
    opt.select = (brink_eu_select)17;
    expect_einval(good, 3, &opt, "select");
    opt = brink_eu_options_scholz_code();
    opt.range = BRINK_EU_RANGE_SCALE;
    opt.scale_range = 0.0;
    expect_einval(good, 3, &opt, "scale_range");
    opt = brink_eu_options_scholz_code();
    opt.stable_rounds = 0;
    expect_einval(good, 3, &opt, "stable_rounds");
    opt = brink_eu_options_scholz_code();
    opt.median_tolerance = -1.0;
    expect_einval(good, 3, &opt, "median_tolerance");

    /* API misuse. */
    brink_error err;
    assert_int_equal(brink_eu_run(good, 3, NULL, NULL, &err), BRINK_EUSAGE);
    res = (brink_eu_result *)&err;
    assert_int_equal(brink_eu_run(NULL, 3, NULL, &res, &err), BRINK_EUSAGE);
    assert_null(res);
    assert_int_equal(brink_eu_options_check(NULL, &err), BRINK_EUSAGE);
    assert_int_equal(brink_eu_run(good, 1, NULL, &res, NULL), BRINK_EINVAL); /* err may be NULL */
    brink_eu_result_free(NULL);
}

/* Every allocation in turn fails: BRINK_ENOMEM, no result, nothing leaked (ASan), until the run
 * succeeds and equals an unhindered run. */
static void test_alloc_failure(void **state)
{
    (void)state;
    emission e;
    load_emission(&e);
    brink_eu_result *ref = run_reference(&e);
    int succeeded = 0;
    long k;
    for (k = 1; k < 100 && !succeeded; k++) {
        brink_error err;
        brink_error_clear(&err);
        brink_eu_result *res = (brink_eu_result *)&err;
        brink_alloc_set_fail_after(k);
        int rc = brink_eu_run(e.actors, EMISSION_N, NULL, &res, &err);
        brink_alloc_set_fail_after(0);
        if (rc == BRINK_OK) {
            assert_true(same_positions(res, ref));
            brink_eu_result_free(res);
            succeeded = 1;
        } else {
            assert_int_equal(rc, BRINK_ENOMEM);
            assert_null(res);
            assert_int_equal(err.code, BRINK_ENOMEM);
            assert_true(err.message[0] != '\0');
        }
    }
    assert_true(succeeded);
    assert_true(k > 2); /* at least one failure was injected */
    brink_eu_result_free(ref);
}

/* ---------------------------------------------------------------------------------------------- */
/* The workspace API                                                                              */
/* ---------------------------------------------------------------------------------------------- */

#define WS_MAX_N 14
#define WS_MAX_ROUNDS 12

/* 1 when the two doubles have the same bits. */
static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* Asserts that the workspace result w holds the bits of the allocating run's result r in every
 * field both fill; with full, pairs, mean and weighted median too. */
static void assert_same_result(const brink_eu_result *r, const brink_eu_result *w, int full)
{
    size_t n = r->n;
    assert_int_equal(w->n, n);
    assert_int_equal(w->rounds, r->rounds);
    assert_int_equal(w->stop_reason, r->stop_reason);
    assert_int_equal(w->cycle_round, r->cycle_round);
    assert_int_equal(w->cycle_period, r->cycle_period);
    size_t t1 = (size_t)r->rounds + 1;
    assert_memory_equal(w->position, r->position, t1 * n * sizeof(double));
    assert_memory_equal(w->risk_exponent, r->risk_exponent, (t1 - 1) * n * sizeof(double));
    assert_memory_equal(w->range, r->range, (t1 - 1) * sizeof(double));
    assert_memory_equal(w->median, r->median, t1 * sizeof(double));
    assert_memory_equal(w->security, r->security, n * sizeof(double));
    assert_memory_equal(w->risk_acceptance, r->risk_acceptance, n * sizeof(double));
    assert_int_equal(w->nmoves, r->nmoves);
    for (size_t k = 0; k < r->nmoves; k++) {
        const brink_eu_move *a = &r->moves[k], *b = &w->moves[k];
        assert_int_equal(b->round, a->round);
        assert_int_equal(b->mover, a->mover);
        assert_int_equal(b->proposer, a->proposer);
        assert_int_equal(b->type, a->type);
        assert_true(same_bits(b->eu_mover, a->eu_mover));
        assert_true(same_bits(b->eu_proposer, a->eu_proposer));
        assert_true(same_bits(b->position_before, a->position_before));
        assert_true(same_bits(b->position_after, a->position_after));
    }
    if (!full) {
        assert_null(w->pairs);
        assert_null(w->mean);
        assert_null(w->weighted_median);
        return;
    }
    assert_memory_equal(w->mean, r->mean, t1 * sizeof(double));
    assert_memory_equal(w->weighted_median, r->weighted_median, t1 * sizeof(double));
    for (size_t k = 0; k < n * n; k++) {
        const brink_eu_pair *a = &r->pairs[k], *b = &w->pairs[k];
        assert_true(same_bits(b->p_first, a->p_first));
        assert_true(same_bits(b->eu_first, a->eu_first));
        assert_true(same_bits(b->p, a->p));
        assert_true(same_bits(b->eu_ij, a->eu_ij));
        assert_true(same_bits(b->eu_ji, a->eu_ji));
        assert_int_equal(b->offer, a->offer);
        assert_true(same_bits(b->offer_position, a->offer_position));
    }
}

/* brink_eu_run_ws in one reused workspace gives the bits of brink_eu_run, whole (WANT_ALL) and
 * lean (want 0, where movers no offer can reach are not priced), on random tables of 2..14 actors
 * under every switch of the options. */
static void test_workspace_bit_identical(void **state)
{
    (void)state;
    void *mem;
    brink_eu_workspace *ws = eu_test_workspace(WS_MAX_N, WS_MAX_ROUNDS, &mem);
    assert_non_null(ws);
    brink_rng rng;
    brink_rng_seed(&rng, 20261130u, 0);
    brink_eu_actor a[WS_MAX_N];
    int runs = 0;
    for (int trial = 0; trial < 600; trial++) {
        size_t n = 2 + (size_t)(brink_rng_uniform01(&rng) * (WS_MAX_N - 1));
        eu_random_table(a, n, &rng);
        brink_eu_options opt = brink_eu_options_scholz_code();
        int v = trial % 12;
        if (v == 1)
            opt = brink_eu_options_scholz_paper();
        if (v == 2)
            opt.simultaneous = 0;
        if (v == 3)
            opt.perspective = BRINK_EU_VIEW_OWN;
        if (v == 4)
            opt.q = 0.5;
        if (v == 5)
            opt.votes = BRINK_EU_VOTES_LINEAR;
        if (v == 6)
            opt.prob_norm = BRINK_EU_PROB_PER_PAIR;
        if (v == 7)
            opt.risk_divisor = 1.2; /* exponents far outside [0.5, 2] */
        if (v == 8) {
            opt.range = BRINK_EU_RANGE_SCALE;
            opt.scale_range = 100.0;
            opt.max_rounds = 1;
            opt.detect_cycles = 0; /* as the simulation's talks run it */
        }
        if (v == 9) {
            opt.range = BRINK_EU_RANGE_PER_ROUND;
            opt.select = BRINK_EU_SELECT_LEAST_MOVE;
            opt.capitulation = 1;
        }
        if (v == 10) {
            opt.stop = BRINK_EU_STOP_MEDIAN_TOLERANCE;
            opt.median_tolerance = 0.01;
            opt.max_rounds = WS_MAX_ROUNDS;
            opt.select = BRINK_EU_SELECT_MOST_ENFORCEABLE;
        }
        if (v == 11)
            opt.select = BRINK_EU_SELECT_TYPE_THEN_LEAST_MOVE;
        brink_eu_result *ref = NULL;
        brink_error err;
        int rc = brink_eu_run(a, n, &opt, &ref, &err);
        assert_int_equal(rc, BRINK_OK);
        for (int full = 1; full >= 0; full--) {
            const brink_eu_result *res = NULL;
            rc = brink_eu_run_ws(ws, a, n, &opt, full ? BRINK_EU_WANT_ALL : 0u, &res, &err);
            assert_int_equal(rc, BRINK_OK);
            assert_same_result(ref, res, full);
            runs++;
        }
        brink_eu_result_free(ref);
    }
    assert_int_equal(runs, 1200);
    free(mem);
}

/* Sizes, layout failures and the workspace's limits. */
static void test_workspace_limits(void **state)
{
    (void)state;
    assert_int_equal(brink_eu_workspace_size(0, 1), 0);
    assert_int_equal(brink_eu_workspace_size(3, 0), 0);
    assert_int_equal(brink_eu_workspace_size(3, BRINK_EU_MAX_ROUNDS + 1), 0);
    assert_int_equal(brink_eu_workspace_size(SIZE_MAX / 2, 1), 0);
    size_t bytes = brink_eu_workspace_size(3, 2);
    assert_true(bytes > 0 && bytes < brink_eu_workspace_size(4, 2));
    void *mem = malloc(bytes + 1);
    assert_non_null(mem);
    assert_null(brink_eu_workspace_init(NULL, bytes, 3, 2));
    assert_null(brink_eu_workspace_init(mem, bytes - 1, 3, 2));
    assert_null(brink_eu_workspace_init((unsigned char *)mem + 1, bytes, 3, 2));
    brink_eu_workspace *ws = brink_eu_workspace_init(mem, bytes, 3, 2);
    assert_non_null(ws);

    brink_eu_actor a[4] = {
        {"a", 1.0, 0.0, 0.5}, {"b", 2.0, 40.0, 0.9}, {"c", 1.5, 100.0, 0.3}, {"d", 1.0, 60.0, 0.6}};
    brink_eu_options opt = brink_eu_options_scholz_code();
    opt.max_rounds = 2;
    const brink_eu_result *res = (const brink_eu_result *)&opt;
    brink_error err;
    assert_int_equal(brink_eu_run_ws(ws, a, 4, &opt, 0, &res, &err), BRINK_ERANGE);
    assert_null(res);
    assert_non_null(strstr(err.message, "workspace"));
    opt.max_rounds = 3;
    assert_int_equal(brink_eu_run_ws(ws, a, 3, &opt, 0, &res, &err), BRINK_ERANGE);
    opt.max_rounds = 2;
    assert_int_equal(brink_eu_run_ws(NULL, a, 3, &opt, 0, &res, &err), BRINK_EUSAGE);
    assert_int_equal(brink_eu_run_ws(ws, NULL, 3, &opt, 0, &res, &err), BRINK_EUSAGE);
    assert_int_equal(brink_eu_run_ws(ws, a, 3, &opt, 0, NULL, &err), BRINK_EUSAGE);
    assert_int_equal(brink_eu_run_ws(ws, a, 1, &opt, 0, &res, &err), BRINK_EINVAL);
    /* the default options need 10 rounds: too many for this workspace */
    assert_int_equal(brink_eu_run_ws(ws, a, 3, NULL, 0, &res, &err), BRINK_ERANGE);

    /* a fitting run gives brink_eu_run's bits, and a smaller one after it too */
    brink_eu_result *ref = NULL;
    assert_int_equal(brink_eu_run(a, 3, &opt, &ref, &err), BRINK_OK);
    assert_int_equal(brink_eu_run_ws(ws, a, 3, &opt, BRINK_EU_WANT_ALL, &res, &err), BRINK_OK);
    assert_same_result(ref, res, 1);
    brink_eu_result_free(ref);
    assert_int_equal(brink_eu_run(a, 2, &opt, &ref, &err), BRINK_OK);
    assert_int_equal(brink_eu_run_ws(ws, a, 2, &opt, 0, &res, &err), BRINK_OK);
    assert_same_result(ref, res, 0);
    brink_eu_result_free(ref);
    free(mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ref_positions),
        cmocka_unit_test(test_ref_moves),
        cmocka_unit_test(test_ref_summary),
        cmocka_unit_test(test_ref_round1_pairs),
        cmocka_unit_test(test_ref_round1_risk),
        cmocka_unit_test(test_published_table2),
        cmocka_unit_test(test_per_pair_normaliser),
        cmocka_unit_test(test_q_and_t),
        cmocka_unit_test(test_stop_on_tolerance),
        cmocka_unit_test(test_all_at_one_point),
        cmocka_unit_test(test_capitulation_branch),
        cmocka_unit_test(test_selection_rules),
        cmocka_unit_test(test_orientation),
        cmocka_unit_test(test_invariances),
        cmocka_unit_test(test_range_modes),
        cmocka_unit_test(test_sequential_and_perspective),
        cmocka_unit_test(test_presets),
        cmocka_unit_test(test_cycle_detection),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_alloc_failure),
        cmocka_unit_test(test_workspace_bit_identical),
        cmocka_unit_test(test_workspace_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
