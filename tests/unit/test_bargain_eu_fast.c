/* SPDX-License-Identifier: MIT */
/*
 * test_bargain_eu_fast.c — the expected-utility model's fast path (brink_eu_options.fast_math =
 * 1) against the exact path on random tables of 2..30 actors under every switch of the options:
 *
 *   - every continuous value of round 1 (win probabilities and expected utilities of both passes,
 *     security sums, risk acceptance and exponents) agrees within FAST_TOL absolute (values are of
 *     order 1; risk acceptance is a ratio over the spread of the security sums, so its tolerance
 *     is FAST_TOL divided by that spread);
 *   - every discrete outcome of round 1 (each pair's offer type, each mover's choice) and the
 *     positions and median after it agree, positions within FAST_POS_TOL, in all but at most
 *     MAX_FLIP_SHARE of the tables (a flip needs two contested quantities within rounding of a
 *     tie; none has been seen in the trials below);
 *   - the simulation's configuration (one round on a 0-100 scale, 11-15 actors): the round's
 *     median agrees in at least 99.5 % of 3000 tables;
 *   - the fast path is itself deterministic and gives the same bits through a workspace, lean or
 *     whole, as through brink_eu_run;
 *   - a lean run (no pair values wanted), which prices only the pairs that might carry an offer
 *     (eu.c, lean_prices), moves the same actors to the same bits as a whole run, which prices
 *     every pair, on 6000 tables built to sit near the skip bounds (saliences at 0.5 and
 *     2^-r, positions within 1e-3 of the range, exponents outside [0.5, 2]);
 *   - fast_math must be 0 or 1.
 *
 * Negative control: the same comparison between the exact path and the exact path with the risk
 * divisor moved by one part in 10^7 (3 -> 3.0000003) finds differences beyond FAST_TOL, so the
 * tolerance is tight enough to see a change far smaller than any mistake in the fast formulas
 * would make.
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

#define FAST_TOL 1e-12      /* absolute, on the round-1 values (order 1) */
#define FAST_POS_TOL 1e-9   /* absolute, on positions of a 0-100 scale */
#define MAX_FLIP_SHARE 0.01 /* of the tables, for the discrete outcomes */
#define MAX_N 30

/* The options of variant v (every switch), one round. */
static brink_eu_options variant(int v)
{
    brink_eu_options opt = brink_eu_options_scholz_code();
    opt.max_rounds = 1;
    switch (v) {
    case 1:
        opt = brink_eu_options_scholz_paper();
        opt.max_rounds = 1;
        break;
    case 2:
        opt.simultaneous = 0;
        break;
    case 3:
        opt.perspective = BRINK_EU_VIEW_OWN;
        break;
    case 4:
        opt.q = 0.5;
        break;
    case 5:
        opt.votes = BRINK_EU_VOTES_LINEAR;
        break;
    case 6:
        opt.prob_norm = BRINK_EU_PROB_PER_PAIR;
        break;
    case 7:
        opt.risk_divisor = 1.2; /* exponents far outside [0.5, 2] */
        break;
    case 8: /* as the simulation's talks run it */
        opt.range = BRINK_EU_RANGE_SCALE;
        opt.scale_range = 100.0;
        opt.detect_cycles = 0;
        break;
    case 9:
        opt.range = BRINK_EU_RANGE_PER_ROUND;
        opt.select = BRINK_EU_SELECT_LEAST_MOVE;
        opt.capitulation = 1;
        break;
    case 10:
        opt.simultaneous = 0;
        opt.prob_norm = BRINK_EU_PROB_PER_PAIR;
        opt.q = 0.3;
        break;
    default:
        break;
    }
    return opt;
}

/* What one comparison of two results found. */
typedef struct diff {
    double cont;  /* largest continuous difference, each scaled by its tolerance (ok <= 1) */
    int discrete; /* 1: an offer type, a move or the median differs */
    double pos;   /* largest position difference when nothing discrete differs */
} diff;

static void upd(double *worst, double a, double b, double scale)
{
    double d = fabs(a - b) / scale;
    if (!(d <= *worst)) /* NaN counts as worst */
        *worst = isnan(d) ? INFINITY : d;
}

/* Compares round 1 of x (reference) and y. */
static diff compare(const brink_eu_result *x, const brink_eu_result *y)
{
    diff d = {0.0, 0, 0.0};
    size_t n = x->n;
    double lo = x->security[0], hi = x->security[0];
    for (size_t i = 0; i < n; i++) {
        lo = fmin(lo, x->security[i]);
        hi = fmax(hi, x->security[i]);
    }
    double spread = hi - lo;
    double racc_tol = FAST_TOL * (spread > 1.0 ? 1.0 : 1.0 / (spread > 1e-3 ? spread : 1e-3));
    for (size_t i = 0; i < n; i++) {
        upd(&d.cont, x->security[i], y->security[i], FAST_TOL * (double)n);
        if (spread > 1e-3) {
            upd(&d.cont, x->risk_acceptance[i], y->risk_acceptance[i], racc_tol * (double)n);
            upd(&d.cont, x->risk_exponent[i], y->risk_exponent[i], racc_tol * (double)n);
        }
        for (size_t j = 0; j < n; j++) {
            const brink_eu_pair *p = &x->pairs[i * n + j], *q = &y->pairs[i * n + j];
            upd(&d.cont, p->p_first, q->p_first, FAST_TOL);
            upd(&d.cont, p->eu_first, q->eu_first, FAST_TOL);
            if (spread > 1e-3) { /* the second pass uses the exponents */
                upd(&d.cont, p->p, q->p, FAST_TOL);
                upd(&d.cont, p->eu_ij, q->eu_ij, FAST_TOL);
                upd(&d.cont, p->eu_ji, q->eu_ji, FAST_TOL);
            }
            if (p->offer != q->offer)
                d.discrete = 1;
        }
    }
    if (x->nmoves != y->nmoves || x->rounds != y->rounds)
        d.discrete = 1;
    for (size_t k = 0; !d.discrete && k < x->nmoves; k++)
        if (x->moves[k].mover != y->moves[k].mover ||
            x->moves[k].proposer != y->moves[k].proposer || x->moves[k].type != y->moves[k].type)
            d.discrete = 1;
    if (x->median[x->rounds] != y->median[y->rounds] &&
        !(fabs(x->median[x->rounds] - y->median[y->rounds]) <= FAST_POS_TOL))
        d.discrete = 1;
    if (!d.discrete)
        for (size_t i = 0; i < n; i++)
            upd(&d.pos, x->position[n + i], y->position[n + i], 1.0);
    return d;
}

/* Runs the table under a and b and compares. */
static diff run_pair(const brink_eu_actor *t, size_t n, const brink_eu_options *a,
                     const brink_eu_options *b)
{
    brink_eu_result *x = NULL, *y = NULL;
    brink_error err;
    assert_int_equal(brink_eu_run(t, n, a, &x, &err), BRINK_OK);
    assert_int_equal(brink_eu_run(t, n, b, &y, &err), BRINK_OK);
    diff d = compare(x, y);
    brink_eu_result_free(x);
    brink_eu_result_free(y);
    return d;
}

static void fast_agrees_with_exact(void **state)
{
    (void)state;
    brink_rng rng;
    brink_rng_seed(&rng, 20261130u, 7);
    brink_eu_actor a[MAX_N];
    int trials = 2200, flips = 0;
    double worst = 0.0, worst_pos = 0.0;
    for (int trial = 0; trial < trials; trial++) {
        size_t n = 2 + (size_t)(brink_rng_uniform01(&rng) * (MAX_N - 1));
        eu_random_table(a, n, &rng);
        brink_eu_options exact = variant(trial % 11), fast = exact;
        fast.fast_math = 1;
        diff d = run_pair(a, n, &exact, &fast);
        if (d.cont > worst)
            worst = d.cont;
        if (d.discrete)
            flips++;
        else if (d.pos > worst_pos)
            worst_pos = d.pos;
    }
    printf("# fast vs exact: worst continuous %.3g of its tolerance, worst position %.3g, "
           "discrete flips %d of %d\n",
           worst, worst_pos, flips, trials);
    assert_true(worst <= 1.0);
    assert_true(worst_pos <= FAST_POS_TOL);
    assert_true(flips <= (int)(MAX_FLIP_SHARE * trials));
}

/* The simulation's configuration: one round on 0-100, 11-15 actors; the median it reads. */
static void simulation_medians_agree(void **state)
{
    (void)state;
    brink_rng rng;
    brink_rng_seed(&rng, 20261130u, 8);
    brink_eu_actor a[MAX_N];
    brink_eu_options exact = variant(8), fast = exact;
    fast.fast_math = 1;
    int trials = 3000, same = 0;
    for (int trial = 0; trial < trials; trial++) {
        size_t n = 11 + (size_t)(brink_rng_uniform01(&rng) * 5);
        eu_random_table(a, n, &rng);
        brink_eu_result *x = NULL, *y = NULL;
        brink_error err;
        assert_int_equal(brink_eu_run(a, n, &exact, &x, &err), BRINK_OK);
        assert_int_equal(brink_eu_run(a, n, &fast, &y, &err), BRINK_OK);
        if (fabs(x->median[1] - y->median[1]) <= FAST_POS_TOL)
            same++;
        brink_eu_result_free(x);
        brink_eu_result_free(y);
    }
    printf("# simulation rounds: medians agree in %d of %d\n", same, trials);
    assert_true(same >= trials - trials / 200);
}

/* Bit-identical results: twice in a row, and through a workspace (lean and whole). */
static void fast_is_deterministic(void **state)
{
    (void)state;
    void *mem;
    brink_eu_workspace *ws = eu_test_workspace(MAX_N, 10, &mem);
    assert_non_null(ws);
    brink_rng rng;
    brink_rng_seed(&rng, 20261130u, 9);
    brink_eu_actor a[MAX_N];
    for (int trial = 0; trial < 300; trial++) {
        size_t n = 2 + (size_t)(brink_rng_uniform01(&rng) * (MAX_N - 1));
        eu_random_table(a, n, &rng);
        brink_eu_options opt = variant(trial % 11);
        opt.fast_math = 1;
        opt.max_rounds = 1 + trial % 10;
        brink_eu_result *x = NULL, *y = NULL;
        brink_error err;
        assert_int_equal(brink_eu_run(a, n, &opt, &x, &err), BRINK_OK);
        assert_int_equal(brink_eu_run(a, n, &opt, &y, &err), BRINK_OK);
        size_t rows = ((size_t)x->rounds + 1) * n;
        assert_int_equal(x->rounds, y->rounds);
        assert_memory_equal(x->position, y->position, rows * sizeof(double));
        assert_memory_equal(x->median, y->median, ((size_t)x->rounds + 1) * sizeof(double));
        for (unsigned want = 0; want <= BRINK_EU_WANT_ALL; want += BRINK_EU_WANT_ALL) {
            const brink_eu_result *w = NULL;
            assert_int_equal(brink_eu_run_ws(ws, a, n, &opt, want, &w, &err), BRINK_OK);
            assert_int_equal(w->rounds, x->rounds);
            assert_int_equal(w->nmoves, x->nmoves);
            assert_memory_equal(w->position, x->position, rows * sizeof(double));
            assert_memory_equal(w->median, x->median, ((size_t)x->rounds + 1) * sizeof(double));
            assert_memory_equal(w->risk_exponent, x->risk_exponent,
                                (size_t)x->rounds * n * sizeof(double));
        }
        brink_eu_result_free(x);
        brink_eu_result_free(y);
    }
    free(mem);
}

/* A table for lean_equals_whole: like eu_random_table, but with saliences drawn from the values the
 * skip bounds sit at (1/2, and values near 2^-r for r in [0.5, 2]) and positions clustered
 * within the minimum distance. */
static void edge_table(brink_eu_actor *a, size_t n, brink_rng *rng)
{
    eu_random_table(a, n, rng);
    for (size_t i = 0; i < n; i++) {
        double u = brink_rng_uniform01(rng);
        if (u < 0.15)
            a[i].salience = 0.5 + 1e-6 * (brink_rng_uniform01(rng) - 0.5);
        else if (u < 0.3)
            a[i].salience = pow(0.5, 0.5 + 1.5 * brink_rng_uniform01(rng));
        if (i > 0 && brink_rng_uniform01(rng) < 0.15)
            a[i].position = a[i - 1].position + 0.1 * brink_rng_uniform01(rng);
    }
}

/* A lean run (want 0) and a whole run agree to the bit on everything the lean result has, moves
 * included. Round 1 of a whole run prices every pair (it records them all); later rounds of both
 * are lean, so the tables run one round in two trials of three. */
static void lean_equals_whole(void **state)
{
    (void)state;
    void *mem;
    brink_eu_workspace *ws = eu_test_workspace(MAX_N, 3, &mem);
    assert_non_null(ws);
    brink_rng rng;
    brink_rng_seed(&rng, 20261130u, 10);
    brink_eu_actor a[MAX_N];
    brink_eu_move moves[3 * MAX_N];
    double position[4 * MAX_N], median[4];
    size_t lean_moves = 0;
    for (int trial = 0; trial < 6000; trial++) {
        size_t n = trial % 2 ? 11 + (size_t)(brink_rng_uniform01(&rng) * 5)
                             : 2 + (size_t)(brink_rng_uniform01(&rng) * (MAX_N - 1));
        edge_table(a, n, &rng);
        brink_eu_options opt = variant(trial % 2 ? 8 : 0);
        opt.fast_math = 1;
        opt.max_rounds = trial % 3 == 2 ? 2 : 1;
        opt.capitulation = trial % 5 == 0;
        if (trial % 7 == 0)
            opt.risk_divisor = 1.2; /* exponents outside the band: nothing skipped */
        if (trial % 11 == 0)
            opt.select = BRINK_EU_SELECT_MOST_ENFORCEABLE;
        const brink_eu_result *w = NULL;
        brink_error err;
        assert_int_equal(brink_eu_run_ws(ws, a, n, &opt, BRINK_EU_WANT_ALL, &w, &err), BRINK_OK);
        size_t rows = ((size_t)w->rounds + 1) * n, nmoves = w->nmoves;
        int rounds = w->rounds;
        assert_true(nmoves <= 3 * MAX_N);
        memcpy(moves, w->moves, nmoves * sizeof *moves);
        memcpy(position, w->position, rows * sizeof(double));
        memcpy(median, w->median, ((size_t)rounds + 1) * sizeof(double));
        assert_int_equal(brink_eu_run_ws(ws, a, n, &opt, 0, &w, &err), BRINK_OK);
        assert_int_equal(w->rounds, rounds);
        assert_int_equal(w->nmoves, nmoves);
        assert_memory_equal(w->position, position, rows * sizeof(double));
        assert_memory_equal(w->median, median, ((size_t)rounds + 1) * sizeof(double));
        for (size_t k = 0; k < nmoves; k++) {
            assert_int_equal(w->moves[k].mover, moves[k].mover);
            assert_int_equal(w->moves[k].proposer, moves[k].proposer);
            assert_int_equal(w->moves[k].type, moves[k].type);
            assert_memory_equal(&w->moves[k].eu_mover, &moves[k].eu_mover, sizeof(double));
            assert_memory_equal(&w->moves[k].eu_proposer, &moves[k].eu_proposer, sizeof(double));
            assert_memory_equal(&w->moves[k].position_after, &moves[k].position_after,
                                sizeof(double));
        }
        lean_moves += nmoves;
    }
    printf("# lean vs whole: 6000 tables, %zu moves, all the same bits\n", lean_moves);
    assert_true(lean_moves > 6000); /* the tables do make offers */
    free(mem);
}

static void fast_math_is_checked(void **state)
{
    (void)state;
    brink_eu_options opt = brink_eu_options_scholz_code();
    brink_error err;
    assert_int_equal(opt.fast_math, 0);
    assert_int_equal(brink_eu_options_scholz_paper().fast_math, 0);
    opt.fast_math = 2;
    assert_int_equal(brink_eu_options_check(&opt, &err), BRINK_EINVAL);
    assert_non_null(strstr(err.message, "fast_math"));
    opt.fast_math = 1;
    assert_int_equal(brink_eu_options_check(&opt, &err), BRINK_OK);
}

/* Negative control: a change of one part in 10^7 in the risk divisor breaks the tolerance. */
static void control_small_change_is_seen(void **state)
{
    (void)state;
    brink_rng rng;
    brink_rng_seed(&rng, 20261130u, 7);
    brink_eu_actor a[MAX_N];
    double worst = 0.0;
    for (int trial = 0; trial < 200; trial++) {
        size_t n = 2 + (size_t)(brink_rng_uniform01(&rng) * (MAX_N - 1));
        eu_random_table(a, n, &rng);
        brink_eu_options exact = variant(0), moved = exact;
        moved.risk_divisor = 3.0000003;
        diff d = run_pair(a, n, &exact, &moved);
        if (d.cont > worst)
            worst = d.cont;
    }
    printf("# control: risk divisor 3 -> 3.0000003, worst %.3g of the tolerance\n", worst);
    assert_true(worst > 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fast_agrees_with_exact), cmocka_unit_test(simulation_medians_agree),
        cmocka_unit_test(fast_is_deterministic),  cmocka_unit_test(lean_equals_whole),
        cmocka_unit_test(fast_math_is_checked),   cmocka_unit_test(control_small_change_is_seen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
