/* SPDX-License-Identifier: MIT */
/*
 * test_ensemble.c — sim/ensemble: the statistics, the two sketches, the aggregate and its
 * checkpoints, and the ensemble itself on the built-in scenario.
 *
 * - Binomial statistics: known answers (Wilson intervals computed independently in Python from
 *   the textbook formula), a synthetic question of known probability whose estimate must fall
 *   within 4 standard errors, and the Wilson interval's coverage over 400 experiments.
 * - Quantile sketch: on normal, lognormal, zero-heavy, integer and large-scale samples, every
 *   reported quantile must be within the stated bound (alpha |x_(r)| + BRINK_QS_ZERO, plus 1e-12
 *   relative for rounding in log) of the exact order statistic x_(r), r = floor(q (n - 1)); and the
 *   sketch must not depend on the order of the values.
 * - Top-K: exact counts with at most K keys; the Space-Saving bounds on a skewed stream with more
 *   keys than counters; the documented tie-break.
 * - Aggregate: fabricated summaries; failed runs counted and listed; an aggregate saved after some
 *   runs, loaded and continued equals one that never stopped, byte for byte; merging in batches
 *   equals merging run by run, byte for byte; corrupt checkpoints are refused (never a crash),
 *   also under allocation failures.
 * - Ensemble: byte-identical aggregates at 1, 2 and 4 threads; stop-after then resume equals an
 *   uninterrupted ensemble; the precision mode stops at a block end with every error below P.
 * All seeds are fixed, so each outcome is deterministic.
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

#include "brink.h"
#include "agg_bytes.h"
#include "sim/ensemble.h"

#define assert_near(x, expect, tol)                                                                \
    do {                                                                                           \
        double x_ = (x), e_ = (expect), t_ = (tol);                                                \
        if (!(fabs(x_ - e_) <= t_))                                                                \
            print_error("%s = %.17g, expected %.17g +- %.3g\n", #x, x_, e_, t_);                   \
        assert_true(fabs(x_ - e_) <= t_);                                                          \
    } while (0)

/* ---- a growable byte buffer, the target of brink_aggregate_save ---- */

static void assert_same_bytes(const brink_aggregate *a, const brink_aggregate *b)
{
    bytes x = save(a), y = save(b);
    assert_int_equal(x.len, y.len);
    assert_memory_equal(x.p, y.p, x.len);
    free(x.p);
    free(y.p);
}

/* ============================================================================================== */
/* binomial statistics                                                                            */
/* ============================================================================================== */

static void binom_known_answers(void **state)
{
    (void)state;
    brink_binom b;
    brink_binom_stats(50, 100, &b);
    assert_near(b.p, 0.5, 0);
    assert_near(b.se, 0.05, 1e-15);
    assert_near(b.lo, 0.4038315303659956, 1e-12);
    assert_near(b.hi, 0.5961684696340044, 1e-12);
    brink_binom_stats(0, 10, &b);
    assert_near(b.p, 0, 0);
    assert_near(b.se, 0, 0);
    assert_near(b.lo, 0, 1e-15);
    assert_near(b.hi, 0.2775327998628892, 1e-12);
    brink_binom_stats(10, 10, &b);
    assert_near(b.lo, 0.7224672001371107, 1e-12);
    assert_near(b.hi, 1, 1e-15);
    brink_binom_stats(3, 40, &b);
    assert_near(b.se, sqrt(0.075 * 0.925 / 40), 1e-15);
    assert_near(b.lo, 0.025836025774588198, 1e-12);
    assert_near(b.hi, 0.19864233524310543, 1e-12);
    brink_binom_stats(0, 0, &b);
    assert_true(isnan(b.p) && isnan(b.se) && isnan(b.lo) && isnan(b.hi));
    /* the stopping rule's error never reaches 0 */
    assert_near(brink_binom_stop_se(0, 1000), sqrt((2.0 / 1004) * (1002.0 / 1004) / 1004), 1e-15);
    assert_true(brink_binom_stop_se(0, 1000) > 0.001);
    assert_true(isinf(brink_binom_stop_se(0, 0)));
}

/* Fabricated summaries: nq questions, nseries series over nsteps steps. */
static void summary(brink_run_summary *s, size_t nq, size_t nseries, long nsteps)
{
    brink_error err;
    assert_int_equal(brink_run_summary_init(s, nq, nseries, nsteps, &err), BRINK_OK);
}

static void set_value(brink_run_summary *s, size_t cell, double v)
{
    s->value[cell] = v;
    s->code[cell] = brink_qsketch_code(v);
}

static void synthetic_binomial(void **state)
{
    (void)state;
    /* q0: YES with p = 0.3; q1: never modelled; q2: modelled in even runs only, p = 0.8 */
    const uint64_t n = 20000;
    brink_ens_settings st = {.seed = 1, .runs = n, .precision = 0, .block = 1000};
    brink_aggregate *a;
    brink_error err;
    assert_int_equal(brink_aggregate_new(&st, 3, 0, 0, &a, &err), BRINK_OK);
    brink_run_summary s;
    summary(&s, 3, 0, 0);
    brink_rng rng;
    brink_rng_seed(&rng, 99, 0);
    for (uint64_t i = 0; i < n; i++) {
        s.run = i;
        s.outcome[0] = (signed char)(brink_rng_uniform01(&rng) < 0.3);
        s.outcome[1] = BRINK_Q_UNMODELLED;
        s.outcome[2] = i % 2 ? BRINK_Q_UNMODELLED : (signed char)(brink_rng_uniform01(&rng) < 0.8);
        assert_int_equal(brink_aggregate_merge(a, &s, &err), BRINK_OK);
    }
    brink_question_stat q;
    brink_aggregate_question(a, 0, &q);
    assert_true(q.modelled);
    assert_int_equal(q.b.n, n);
    assert_near(q.b.se, sqrt(q.b.p * (1 - q.b.p) / (double)n), 1e-15);
    assert_near(q.b.p, 0.3, 4 * sqrt(0.3 * 0.7 / (double)n));
    assert_true(q.b.lo < 0.3 && 0.3 < q.b.hi);
    brink_aggregate_question(a, 1, &q);
    assert_false(q.modelled);
    assert_int_equal(q.b.n, 0);
    assert_true(isnan(q.b.p));
    brink_aggregate_question(a, 2, &q);
    assert_true(q.modelled);
    assert_int_equal(q.b.n, n / 2);
    assert_near(q.b.p, 0.8, 4 * sqrt(0.8 * 0.2 / (double)(n / 2)));
    brink_run_summary_free(&s);
    brink_aggregate_free(a);
}

static void wilson_coverage(void **state)
{
    (void)state;
    /* 400 experiments of 100 Bernoulli(0.3) draws: the 95 % interval covers 0.3 in about 95 %
     * of them (Wilson's actual coverage at n = 100, p = 0.3 is 0.947); sd of the rate 0.011 */
    brink_rng rng;
    brink_rng_seed(&rng, 2024, 0);
    int covered = 0;
    for (int e = 0; e < 400; e++) {
        uint64_t yes = 0;
        for (int i = 0; i < 100; i++)
            yes += brink_rng_uniform01(&rng) < 0.3;
        brink_binom b;
        brink_binom_stats(yes, 100, &b);
        covered += b.lo <= 0.3 && 0.3 <= b.hi;
    }
    assert_in_range(covered, 360, 396);
}

/* ============================================================================================== */
/* quantile sketch                                                                                */
/* ============================================================================================== */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Checks every quantile of the sketch of x[0..n) against the exact order statistics. */
static void check_sketch(const double *x, size_t n)
{
    brink_qsketch s;
    brink_qsketch_init(&s);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(brink_qsketch_add(&s, x[i]), BRINK_OK);
    double *sorted = malloc(n * sizeof *sorted);
    assert_non_null(sorted);
    memcpy(sorted, x, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_double);
    static const double qs[] = {0,     0.001, 0.01, 0.05, 0.1,  0.25,  0.333, 0.5,
                                0.667, 0.75,  0.9,  0.95, 0.99, 0.999, 1};
    for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++) {
        double exact = sorted[brink_qsketch_rank(qs[k], n)];
        double got = brink_qsketch_quantile(&s, qs[k]);
        double bound = BRINK_QS_ALPHA * fabs(exact) * (1 + 1e-12) + BRINK_QS_ZERO;
        if (!(fabs(got - exact) <= bound))
            print_error("q %g: got %.17g, exact %.17g, bound %.3g\n", qs[k], got, exact, bound);
        assert_true(fabs(got - exact) <= bound);
    }
    /* the extremes are exact (clamped to the observed range) */
    assert_true(brink_qsketch_quantile(&s, 0) == sorted[0]);
    assert_true(brink_qsketch_quantile(&s, 1) == sorted[n - 1]);

    /* order does not matter: the reversed stream gives the same answers, bit for bit */
    brink_qsketch r;
    brink_qsketch_init(&r);
    for (size_t i = n; i-- > 0;)
        assert_int_equal(brink_qsketch_add(&r, x[i]), BRINK_OK);
    for (int k = 0; k <= 100; k++)
        assert_true(brink_qsketch_quantile(&s, k / 100.0) == brink_qsketch_quantile(&r, k / 100.0));
    brink_qsketch_free(&r);
    brink_qsketch_free(&s);
    free(sorted);
}

static void qsketch_error_bound(void **state)
{
    (void)state;
    enum { N = 20001 };
    double *x = malloc(N * sizeof *x);
    assert_non_null(x);
    brink_rng rng;
    brink_rng_seed(&rng, 7, 0);
    for (int i = 0; i < N; i++) /* both signs, values near 0 */
        x[i] = brink_dist_normal(&rng, 0.3, 1);
    check_sketch(x, N);
    for (int i = 0; i < N; i++) /* twelve orders of magnitude */
        x[i] = brink_dist_lognormal(&rng, 0, 4);
    check_sketch(x, N);
    for (int i = 0; i < N; i++) /* a third exact zeros, tiny values, negatives */
        x[i] = i % 3 == 0   ? 0.0
               : i % 3 == 1 ? 1e-12 * brink_rng_uniform01(&rng)
                            : -brink_dist_gamma(&rng, 2, 50);
    check_sketch(x, N);
    for (int i = 0; i < N; i++) /* an exchange rate */
        x[i] = 9e5 * exp(brink_dist_normal(&rng, 0, 0.3));
    check_sketch(x, N);
    for (int i = 0; i < N; i++) /* an escalation rung: integers */
        x[i] = (double)brink_rng_below(&rng, 11);
    check_sketch(x, N);
    free(x);
}

static void qsketch_integers_exact(void **state)
{
    (void)state;
    /* a bucket whose values are all equal reports that value exactly */
    brink_qsketch s;
    brink_qsketch_init(&s);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(brink_qsketch_add(&s, (double)(i % 11)), BRINK_OK);
    for (int k = 0; k <= 20; k++) {
        double v = brink_qsketch_quantile(&s, k / 20.0);
        assert_true(v == floor(v));
    }
    assert_true(brink_qsketch_quantile(&s, 0.5) == 5.0);
    brink_qsketch_free(&s);
}

static void qsketch_edges(void **state)
{
    (void)state;
    brink_qsketch s;
    brink_qsketch_init(&s);
    assert_true(isnan(brink_qsketch_quantile(&s, 0.5)));
    assert_int_equal(brink_qsketch_add(&s, NAN), BRINK_OK);
    assert_int_equal(brink_qsketch_add(&s, INFINITY), BRINK_OK);
    assert_true(isnan(brink_qsketch_quantile(&s, 0.5)));
    assert_int_equal(s.nonfinite, 2);
    assert_int_equal(brink_qsketch_add(&s, 42.5), BRINK_OK);
    assert_true(brink_qsketch_quantile(&s, 0.05) == 42.5);
    assert_true(brink_qsketch_quantile(&s, 0.95) == 42.5);
    assert_int_equal(s.n, 1);
    /* beyond the range: clamped into the end bucket, still within the observed range */
    assert_int_equal(brink_qsketch_add(&s, 1e300), BRINK_OK);
    assert_int_equal(brink_qsketch_add(&s, -1e300), BRINK_OK);
    assert_true(brink_qsketch_quantile(&s, 1) == 1e300);
    assert_true(brink_qsketch_quantile(&s, 0) == -1e300);
    brink_qsketch_free(&s);
    assert_int_equal(brink_qsketch_code(0.0), 0);
    assert_int_equal(brink_qsketch_code(-1e-10), 0);
    assert_int_equal(brink_qsketch_code(2e-9), -brink_qsketch_code(-2e-9));
    assert_int_equal(brink_qsketch_code(1e20), BRINK_QS_CODE_MAX);
    assert_int_equal(brink_qsketch_code(NAN), BRINK_QS_NONFINITE);
    assert_int_equal(brink_qsketch_rank(0.5, 1), 0);
    assert_int_equal(brink_qsketch_rank(0.5, 11), 5);
    assert_int_equal(brink_qsketch_rank(1, 11), 10);
}

/* A bucket reports its one value while every value in it is that value (to the bit), its centre
 * once another value joins it. */
static void qsketch_bucket_value(void **state)
{
    (void)state;
    brink_qsketch s;
    brink_qsketch_init(&s);
    /* the minimum below, so that the centre is not clamped to it */
    assert_int_equal(brink_qsketch_add(&s, 1.0), BRINK_OK);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(brink_qsketch_add(&s, 2.5), BRINK_OK);
        assert_int_equal(brink_qsketch_add(&s, 40.0), BRINK_OK);
    }
    assert_true(brink_qsketch_quantile(&s, 0.3) == 2.5); /* rank 1 of 7 */
    double y = nextafter(2.5, 3.0);
    assert_int_equal(brink_qsketch_code(y), brink_qsketch_code(2.5));
    assert_int_equal(brink_qsketch_add(&s, y), BRINK_OK);
    double q = brink_qsketch_quantile(&s, 0.3); /* rank 2 of 8: the same bucket, now mixed */
    assert_true(q != 2.5 && q != y);
    assert_near(q, 2.5, 0.01 * 2.5);
    assert_true(brink_qsketch_quantile(&s, 0.9) == 40.0); /* its bucket still has one value */
    brink_qsketch_free(&s);

    /* the buckets' states survive growth on either side (the store is reallocated and the
     * buckets move by offsets that are not multiples of 64): 2.5 mixed, 40 one value */
    brink_qsketch_init(&s);
    assert_int_equal(brink_qsketch_add(&s, 2.5), BRINK_OK);
    assert_int_equal(brink_qsketch_add(&s, y), BRINK_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(brink_qsketch_add(&s, 40.0), BRINK_OK);
    static const double far[] = {1e-3, 7e-9, 1e12, 3e14, 1e-5};
    for (size_t i = 0; i < sizeof far / sizeof *far; i++)
        for (int k = 0; k < 2; k++)
            assert_int_equal(brink_qsketch_add(&s, far[i]), BRINK_OK);
    /* 15 values: 7e-9 x2, 1e-5 x2, 1e-3 x2, 2.5 and y, 40 x3, 1e12 x2, 3e14 x2 */
    q = brink_qsketch_quantile(&s, 6.5 / 14); /* rank 6: the mixed bucket */
    assert_true(q != 2.5 && q != y);
    assert_near(q, 2.5, 0.01 * 2.5);
    assert_true(brink_qsketch_quantile(&s, 8.5 / 14) == 40.0);  /* rank 8 */
    assert_true(brink_qsketch_quantile(&s, 11.5 / 14) == 1e12); /* rank 11 */
    assert_true(brink_qsketch_quantile(&s, 1.5 / 14) == 7e-9);  /* rank 1 */
    brink_qsketch_free(&s);
}

/* The buckets grow on either side as values arrive (with slack); whatever the order of the values,
 * and so whatever the growth, the sketches hold the same counts and one-values and the saved
 * aggregates are the same bytes. */
static void qsketch_growth_any_order(void **state)
{
    (void)state;
    enum { N = 600, CELLS = 3 };
    static double v[N];
    for (int i = 0; i < N; i++) {
        /* fourteen orders of magnitude, both signs, exact zeros, every value six times */
        double m = pow(10.0, -6 + 14.0 * (double)(i % 100) / 99.0);
        v[i] = i % 7 == 0 ? 0.0 : i % 3 == 0 ? -m : m;
    }
    brink_aggregate *agg[3];
    for (int o = 0; o < 3; o++) {
        brink_ens_settings st = {.seed = 1, .runs = N, .precision = 0, .block = 1000};
        brink_error err;
        assert_int_equal(brink_aggregate_new(&st, 0, 1, CELLS, &agg[o], &err), BRINK_OK);
        brink_run_summary s;
        summary(&s, 0, 1, CELLS);
        for (int i = 0; i < N; i++) {
            /* ascending, descending, and from the middle outwards */
            int k = o == 0 ? i : o == 1 ? N - 1 - i : i % 2 ? N / 2 + i / 2 : N / 2 - 1 - i / 2;
            s.run = (uint64_t)i;
            for (size_t c = 0; c < CELLS; c++)
                set_value(&s, c, v[k] * (double)(c + 1));
            assert_int_equal(brink_aggregate_merge(agg[o], &s, &err), BRINK_OK);
        }
        brink_run_summary_free(&s);
    }
    for (size_t qi = 0; qi < BRINK_ENS_NQUANTILES; qi++)
        assert_true(brink_aggregate_band(agg[0], 0, 1, qi) ==
                    brink_aggregate_band(agg[2], 0, 1, qi));
    assert_same_bytes(agg[0], agg[1]);
    assert_same_bytes(agg[0], agg[2]);
    for (int o = 0; o < 3; o++)
        brink_aggregate_free(agg[o]);
}

/* ============================================================================================== */
/* top-K                                                                                          */
/* ============================================================================================== */

static void topk_exact_small(void **state)
{
    (void)state;
    brink_topk t;
    assert_int_equal(brink_topk_init(&t, 8), BRINK_OK);
    const char *stream[] = {"c", "a", "b", "a", "d", "a", "c", "b", "a", "c", "b", "a"};
    for (size_t i = 0; i < sizeof stream / sizeof stream[0]; i++)
        assert_int_equal(brink_topk_add(&t, stream[i]), BRINK_OK);
    const brink_topk_entry *e[8];
    size_t n = brink_topk_sorted(&t, e, 8);
    assert_int_equal(n, 4);
    assert_string_equal(e[0]->key, "a");
    assert_int_equal(e[0]->count, 5);
    assert_string_equal(e[1]->key, "b"); /* b and c tie at 3: key order */
    assert_int_equal(e[1]->count, 3);
    assert_string_equal(e[2]->key, "c");
    assert_int_equal(e[2]->count, 3);
    assert_string_equal(e[3]->key, "d");
    assert_int_equal(e[3]->count, 1);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(e[i]->overcount, 0);
    assert_int_equal(t.total, 12);
    assert_int_equal(brink_topk_sorted(&t, e, 2), 2);
    brink_topk_free(&t);
}

static void topk_tie_break(void **state)
{
    (void)state;
    brink_topk t;
    assert_int_equal(brink_topk_init(&t, 2), BRINK_OK);
    assert_int_equal(brink_topk_add(&t, "b"), BRINK_OK);
    assert_int_equal(brink_topk_add(&t, "a"), BRINK_OK);
    assert_int_equal(brink_topk_add(&t, "c"), BRINK_OK); /* evicts b: the greatest of count 1 */
    const brink_topk_entry *e[2];
    assert_int_equal(brink_topk_sorted(&t, e, 2), 2);
    assert_string_equal(e[0]->key, "c");
    assert_int_equal(e[0]->count, 2);
    assert_int_equal(e[0]->overcount, 1);
    assert_string_equal(e[1]->key, "a");
    assert_int_equal(e[1]->count, 1);
    brink_topk_free(&t);
}

static void topk_space_saving_bounds(void **state)
{
    (void)state;
    /* 20,000 keys over 300 distinct, skewed (P(key i) ~ 1/(i+1)^1.2) */
    enum { NKEYS = 300, N = 20000 };
    double w[NKEYS], sum = 0;
    for (int i = 0; i < NKEYS; i++)
        sum += (w[i] = pow(i + 1, -1.2));
    uint64_t truth[NKEYS] = {0};
    brink_topk t;
    assert_int_equal(brink_topk_init(&t, BRINK_TOPK_K), BRINK_OK);
    brink_rng rng;
    brink_rng_seed(&rng, 5, 0);
    for (int j = 0; j < N; j++) {
        long i = brink_dist_categorical(&rng, w, NKEYS);
        char key[16];
        snprintf(key, sizeof key, "k%03ld", i);
        truth[i]++;
        assert_int_equal(brink_topk_add(&t, key), BRINK_OK);
    }
    const brink_topk_entry *e[BRINK_TOPK_K];
    size_t n = brink_topk_sorted(&t, e, BRINK_TOPK_K);
    assert_int_equal(n, BRINK_TOPK_K);
    for (size_t k = 0; k < n; k++) {
        int i = (int)strtol(e[k]->key + 1, NULL, 10);
        assert_true(e[k]->count - e[k]->overcount <= truth[i]);
        assert_true(truth[i] <= e[k]->count);
    }
    for (int i = 0; i < NKEYS; i++) {
        if (truth[i] * BRINK_TOPK_K <= N)
            continue;
        char key[16];
        snprintf(key, sizeof key, "k%03d", i);
        int found = 0;
        for (size_t k = 0; k < n; k++)
            found |= !strcmp(e[k]->key, key);
        assert_true(found);
    }
    /* the most frequent key comes first */
    assert_string_equal(e[0]->key, "k000");
    brink_topk_free(&t);
}

/* ============================================================================================== */
/* chain keys                                                                                     */
/* ============================================================================================== */

static void chain_keys(void **state)
{
    (void)state;
    brink_actor actors[3];
    memset(actors, 0, sizeof actors);
    actors[0].id = "IRN";
    actors[1].id = "ISR";
    actors[2].id = "USA";
    brink_scenario sc;
    memset(&sc, 0, sizeof sc);
    sc.actors = actors;
    sc.nactors = 3;
    brink_event ev[3] = {
        {.step = 1, .type = BRINK_EV_THREAT, .actor = 2, .target = 0, .flow = -1, .cause = -1},
        {.step = 2,
         .type = BRINK_EV_ENRICHMENT_90,
         .actor = 0,
         .target = -1,
         .flow = -1,
         .cause = 0},
        {.step = 3,
         .type = BRINK_EV_STRIKE_NUCLEAR,
         .actor = 1,
         .target = 0,
         .flow = -1,
         .cause = 1},
    };
    brink_world w;
    memset(&w, 0, sizeof w);
    w.events = ev;
    w.nevents = 3;
    w.cap_events = 3;
    long chain[BRINK_CHAIN_MAX] = {2, 1, 0, -1, -1, -1};
    char buf[BRINK_CHAIN_KEY_MAX];
    brink_chain_key(chain, &w, &sc, buf, sizeof buf);
    char want[256];
    snprintf(want, sizeof want, "%s ISR>IRN <- %s IRN>- <- %s USA>IRN",
             brink_event_type_name(BRINK_EV_STRIKE_NUCLEAR),
             brink_event_type_name(BRINK_EV_ENRICHMENT_90), brink_event_type_name(BRINK_EV_THREAT));
    assert_string_equal(buf, want);
    /* too small: cut at a link boundary */
    char small[40];
    brink_chain_key(chain, &w, &sc, small, sizeof small);
    assert_non_null(strstr(small, " <- ..."));
    assert_true(strlen(small) < sizeof small);
    /* an empty chain, and indices outside the log */
    long none[BRINK_CHAIN_MAX] = {-1, -1, -1, -1, -1, -1};
    brink_chain_key(none, &w, &sc, buf, sizeof buf);
    assert_string_equal(buf, "");
    long bad[BRINK_CHAIN_MAX] = {7, -1, -1, -1, -1, -1};
    brink_chain_key(bad, &w, &sc, buf, sizeof buf);
    assert_string_equal(buf, "");
}

/* ============================================================================================== */
/* the aggregate                                                                                  */
/* ============================================================================================== */

enum { FQ = 3, FS = 2, FT = 4 }; /* fabricated shape: questions, series, steps */

/* Fabricates the summary of run i (deterministic in i): every 37th run fails. */
static void fabricate(brink_run_summary *s, uint64_t i)
{
    brink_rng rng;
    brink_rng_seed(&rng, 4242, i);
    s->run = i;
    s->seed = 4242;
    s->failed = i % 37 == 5;
    s->error[0] = '\0';
    if (s->failed)
        snprintf(s->error, sizeof s->error, "synthetic failure %u", (unsigned)i);
    static const char *const keys[] = {"threat USA>IRN", "strike_nuclear ISR>IRN <- threat USA>IRN",
                                       "sabotage ISR>IRN"};
    for (size_t q = 0; q < FQ; q++) {
        s->outcome[q] = q == 2 ? BRINK_Q_UNMODELLED
                               : (signed char)(brink_rng_uniform01(&rng) < 0.4 + 0.2 * (double)q);
        const char *k = s->outcome[q] == BRINK_Q_YES ? keys[brink_rng_below(&rng, 3)] : "";
        snprintf(&s->chain[q * BRINK_CHAIN_KEY_MAX], BRINK_CHAIN_KEY_MAX, "%s", k);
    }
    for (size_t c = 0; c < (size_t)FS * FT; c++)
        set_value(s, c, c % 2 ? brink_dist_normal(&rng, 1, 2) : brink_dist_lognormal(&rng, 3, 1));
}

static brink_aggregate *fresh(uint64_t runs)
{
    brink_ens_settings st = {.seed = 4242, .runs = runs, .precision = 0, .block = 50};
    brink_aggregate *a;
    brink_error err;
    assert_int_equal(brink_aggregate_new(&st, FQ, FS, FT, &a, &err), BRINK_OK);
    return a;
}

static void merge_range(brink_aggregate *a, uint64_t from, uint64_t to)
{
    brink_run_summary s;
    summary(&s, FQ, FS, FT);
    brink_error err;
    for (uint64_t i = from; i < to; i++) {
        fabricate(&s, i);
        assert_int_equal(brink_aggregate_merge(a, &s, &err), BRINK_OK);
    }
    brink_run_summary_free(&s);
}

static void aggregate_failed_runs(void **state)
{
    (void)state;
    brink_aggregate *a = fresh(500);
    merge_range(a, 0, 500);
    assert_int_equal(brink_aggregate_runs(a), 500);
    uint64_t nf = 0;
    for (uint64_t i = 0; i < 500; i++)
        nf += i % 37 == 5;
    assert_int_equal(brink_aggregate_failed(a), nf);
    const brink_ens_failure *f = brink_aggregate_failure(a, 0);
    assert_non_null(f);
    assert_int_equal(f->run, 5);
    assert_int_equal(f->seed, 4242);
    assert_string_equal(f->message, "synthetic failure 5");
    assert_null(brink_aggregate_failure(a, (size_t)nf));
    brink_question_stat q;
    brink_aggregate_question(a, 0, &q);
    assert_int_equal(q.b.n, 500 - nf); /* failed runs do not count */
    assert_true(q.chains == q.b.yes);
    brink_aggregate_question(a, 2, &q);
    assert_false(q.modelled);
    assert_true(brink_aggregate_complete(a));
    /* bands come from the successful runs only */
    assert_int_equal(brink_aggregate_sketch(a, 0, 0)->n, 500 - nf);
    assert_true(!isnan(brink_aggregate_band(a, 1, 3, 2)));
    assert_true(isnan(brink_aggregate_band(a, 2, 0, 2))); /* no such series */
    brink_aggregate_free(a);
}

static void aggregate_order_enforced(void **state)
{
    (void)state;
    brink_aggregate *a = fresh(10);
    brink_run_summary s;
    summary(&s, FQ, FS, FT);
    fabricate(&s, 1);
    brink_error err;
    assert_int_equal(brink_aggregate_merge(a, &s, &err), BRINK_EINTERNAL);
    fabricate(&s, 0);
    assert_int_equal(brink_aggregate_merge(a, &s, &err), BRINK_OK);
    brink_run_summary_free(&s);
    brink_aggregate_free(a);
    brink_ens_settings bad = {.seed = 1, .runs = 0, .block = 1};
    assert_int_equal(brink_aggregate_new(&bad, 1, 1, 1, &a, &err), BRINK_EINVAL);
    bad.runs = 10;
    bad.block = 0;
    assert_int_equal(brink_aggregate_new(&bad, 1, 1, 1, &a, &err), BRINK_EINVAL);
    bad.block = 1;
    bad.precision = -1;
    assert_int_equal(brink_aggregate_new(&bad, 1, 1, 1, &a, &err), BRINK_EINVAL);
}

static void aggregate_checkpoint_resume(void **state)
{
    (void)state;
    brink_aggregate *whole = fresh(700);
    merge_range(whole, 0, 700);

    brink_aggregate *first = fresh(700);
    merge_range(first, 0, 300);
    bytes ck = save(first);
    brink_aggregate_free(first);

    brink_aggregate *resumed = fresh(700);
    brink_error err;
    assert_int_equal(brink_aggregate_load(resumed, ck.p, ck.len, &err), BRINK_OK);
    assert_int_equal(brink_aggregate_runs(resumed), 300);
    merge_range(resumed, 300, 700);
    assert_same_bytes(whole, resumed);
    for (size_t q = 0; q < FQ; q++) {
        const brink_topk_entry *x[BRINK_TOPK_REPORT], *y[BRINK_TOPK_REPORT];
        size_t nx = brink_aggregate_chains(whole, q, x, BRINK_TOPK_REPORT);
        assert_int_equal(nx, brink_aggregate_chains(resumed, q, y, BRINK_TOPK_REPORT));
        for (size_t i = 0; i < nx; i++) {
            assert_string_equal(x[i]->key, y[i]->key);
            assert_int_equal(x[i]->count, y[i]->count);
        }
    }
    for (size_t j = 0; j < FS; j++)
        for (long t = 0; t < FT; t++)
            for (size_t qi = 0; qi < BRINK_ENS_NQUANTILES; qi++)
                assert_true(brink_aggregate_band(whole, j, t, qi) ==
                            brink_aggregate_band(resumed, j, t, qi));

    /* a non-empty aggregate cannot load */
    assert_int_equal(brink_aggregate_load(resumed, ck.p, ck.len, &err), BRINK_EUSAGE);
    brink_aggregate_free(resumed);

    /* other settings: refused with a message that says so */
    brink_ens_settings st = {.seed = 4243, .runs = 700, .precision = 0, .block = 50};
    brink_aggregate *other;
    assert_int_equal(brink_aggregate_new(&st, FQ, FS, FT, &other, &err), BRINK_OK);
    assert_int_equal(brink_aggregate_load(other, ck.p, ck.len, &err), BRINK_EINVAL);
    assert_non_null(strstr(err.message, "other settings"));
    brink_aggregate_free(other);
    st.seed = 4242;
    assert_int_equal(brink_aggregate_new(&st, FQ + 1, FS, FT, &other, &err), BRINK_OK);
    assert_int_equal(brink_aggregate_load(other, ck.p, ck.len, &err), BRINK_EINVAL);
    brink_aggregate_free(other);
    brink_aggregate_free(whole);
    free(ck.p);
}

/* Rewrites the trailing checksum so that corruption reaches the structural checks. */
static void fix_checksum(unsigned char *p, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len - 8; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    for (int i = 0; i < 8; i++)
        p[len - 8 + (size_t)i] = (unsigned char)(h >> (8 * i));
}

/* A wider shape for the batch merge: more cells than a tile (MERGE_TILE, 256) and more chain
 * keys than Space-Saving's counters, so that the tiles, the chunks of 64 runs and the order of
 * the evictions are all exercised. */
enum { BQ = 2, BS = 5, BT = 61 };

static void fabricate_wide(brink_run_summary *s, uint64_t i)
{
    brink_rng rng;
    brink_rng_seed(&rng, 777, i);
    s->run = i;
    s->seed = 777;
    s->failed = i % 29 == 3;
    s->error[0] = '\0';
    if (s->failed)
        snprintf(s->error, sizeof s->error, "synthetic failure %u", (unsigned)i);
    for (size_t q = 0; q < BQ; q++) {
        s->outcome[q] = (signed char)(brink_rng_uniform01(&rng) < 0.5);
        s->resolved_step[q] = s->outcome[q] == BRINK_Q_YES ? (long)brink_rng_below(&rng, BT) : -1;
        char *k = &s->chain[q * BRINK_CHAIN_KEY_MAX];
        k[0] = '\0';
        if (s->outcome[q] == BRINK_Q_YES) /* 80 keys, skewed: evictions every few runs */
            snprintf(k, BRINK_CHAIN_KEY_MAX, "threat A%u>B",
                     (unsigned)(brink_rng_below(&rng, 8) * brink_rng_below(&rng, 10)));
    }
    for (size_t c = 0; c < (size_t)BS * BT; c++) {
        double u = brink_rng_uniform01(&rng);
        /* spread, repeated (integers), signed zeros and the odd non-finite value */
        double v = c % 5 == 0   ? brink_dist_lognormal(&rng, 0, 4)
                   : c % 5 == 1 ? floor(u * 4)
                   : c % 5 == 2 ? (u < 0.5 ? 0.0 : -0.0)
                   : c % 5 == 3 ? (u < 0.02 ? INFINITY : brink_dist_normal(&rng, 0, 3))
                                : -brink_dist_lognormal(&rng, 2, 1);
        set_value(s, c, v);
    }
}

static brink_aggregate *fresh_wide(uint64_t runs)
{
    brink_ens_settings st = {.seed = 777, .runs = runs, .precision = 0, .block = 100};
    brink_aggregate *a;
    brink_error err;
    assert_int_equal(brink_aggregate_new(&st, BQ, BS, BT, &a, &err), BRINK_OK);
    return a;
}

static void assert_same_chains(const brink_aggregate *x, const brink_aggregate *y, size_t nq)
{
    for (size_t q = 0; q < nq; q++) {
        const brink_topk_entry *ex[BRINK_TOPK_K], *ey[BRINK_TOPK_K];
        size_t n = brink_aggregate_chains(x, q, ex, BRINK_TOPK_K);
        assert_int_equal(n, brink_aggregate_chains(y, q, ey, BRINK_TOPK_K));
        for (size_t i = 0; i < n; i++) {
            assert_string_equal(ex[i]->key, ey[i]->key);
            assert_int_equal(ex[i]->count, ey[i]->count);
            assert_int_equal(ex[i]->overcount, ey[i]->overcount);
        }
    }
}

/* brink_aggregate_merge_batch gives the aggregate of merging run by run, byte for byte (sketches,
 * counts, failures, chains and their evictions), whatever the batch sizes; a batch with a run out
 * of order or of another shape changes nothing. Negative control: one value changed in one run
 * of a batch changes the bytes, so the comparison can fail. */
static void aggregate_batch_equals_one_by_one(void **state)
{
    (void)state;
    enum { N = 1000 };
    brink_run_summary *s = calloc(N, sizeof *s);
    const brink_run_summary **p = calloc(N, sizeof *p);
    assert_non_null(s);
    assert_non_null(p);
    for (uint64_t i = 0; i < N; i++) {
        summary(&s[i], BQ, BS, BT);
        fabricate_wide(&s[i], i);
        p[i] = &s[i];
    }
    brink_error err;
    brink_aggregate *one = fresh_wide(N);
    for (uint64_t i = 0; i < N; i++)
        assert_int_equal(brink_aggregate_merge(one, &s[i], &err), BRINK_OK);
    /* the chains overflowed the counters (else their order could not matter) */
    brink_question_stat qs;
    brink_aggregate_question(one, 0, &qs);
    assert_true(qs.chains > 100);
    const brink_topk_entry *e[BRINK_TOPK_K];
    assert_int_equal(brink_aggregate_chains(one, 0, e, BRINK_TOPK_K), BRINK_TOPK_K);
    assert_true(brink_aggregate_failed(one) > 30);

    static const size_t sizes[] = {1, 7, 16, 64, 65, 200, N};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        brink_aggregate *b = fresh_wide(N);
        for (size_t i = 0; i < N; i += sizes[k]) {
            size_t n = N - i < sizes[k] ? N - i : sizes[k];
            assert_int_equal(brink_aggregate_merge_batch(b, &p[i], n, &err), BRINK_OK);
        }
        assert_int_equal(brink_aggregate_runs(b), N);
        assert_same_bytes(one, b);
        assert_same_chains(one, b, BQ);
        brink_aggregate_free(b);
    }

    /* refused batches leave the aggregate as it was */
    brink_aggregate *b = fresh_wide(N);
    assert_int_equal(brink_aggregate_merge_batch(b, p, 10, &err), BRINK_OK);
    bytes before = save(b);
    const brink_run_summary *gap[3] = {&s[10], &s[12], &s[13]};
    assert_int_equal(brink_aggregate_merge_batch(b, gap, 3, &err), BRINK_EINTERNAL);
    brink_run_summary other;
    summary(&other, BQ, BS, BT + 1);
    other.run = 11;
    const brink_run_summary *shape[2] = {&s[10], &other};
    assert_int_equal(brink_aggregate_merge_batch(b, shape, 2, &err), BRINK_EINTERNAL);
    brink_run_summary_free(&other);
    bytes after = save(b);
    assert_int_equal(before.len, after.len);
    assert_memory_equal(before.p, after.p, before.len);
    free(before.p);
    free(after.p);
    /* past the settings' runs */
    brink_aggregate *small = fresh_wide(5);
    assert_int_equal(brink_aggregate_merge_batch(small, p, 6, &err), BRINK_EINTERNAL);
    assert_int_equal(brink_aggregate_runs(small), 0);
    assert_int_equal(brink_aggregate_merge_batch(small, p, 5, &err), BRINK_OK);
    brink_aggregate_free(small);

    /* negative control: one value of run 500 changed, merged in batches of 64 */
    s[500].value[7] = nextafter(s[500].value[7], INFINITY);
    s[500].code[7] = brink_qsketch_code(s[500].value[7]);
    brink_aggregate *c = fresh_wide(N);
    for (size_t i = 0; i < N; i += 64)
        assert_int_equal(brink_aggregate_merge_batch(c, &p[i], N - i < 64 ? N - i : 64, &err),
                         BRINK_OK);
    bytes x = save(one), y = save(c);
    assert_true(x.len != y.len || memcmp(x.p, y.p, x.len) != 0);
    free(x.p);
    free(y.p);

    brink_aggregate_free(c);
    brink_aggregate_free(b);
    brink_aggregate_free(one);
    for (size_t i = 0; i < N; i++)
        brink_run_summary_free(&s[i]);
    free(s);
    free(p);
}

static void aggregate_corrupt_checkpoints(void **state)
{
    (void)state;
    brink_aggregate *a = fresh(700);
    merge_range(a, 0, 120);
    bytes ck = save(a);
    brink_aggregate_free(a);
    brink_error err;
    unsigned char *copy = malloc(ck.len);
    assert_non_null(copy);

    /* truncations and a flipped byte: the checksum catches them */
    size_t cuts[] = {0, 4, 8, 16, ck.len / 2, ck.len - 1};
    for (size_t k = 0; k < sizeof cuts / sizeof cuts[0]; k++) {
        a = fresh(700);
        assert_int_equal(brink_aggregate_load(a, ck.p, cuts[k], &err), BRINK_EINVAL);
        brink_aggregate_free(a);
    }
    memcpy(copy, ck.p, ck.len);
    copy[ck.len / 3] ^= 0x10;
    a = fresh(700);
    assert_int_equal(brink_aggregate_load(a, copy, ck.len, &err), BRINK_EINVAL);
    assert_non_null(strstr(err.message, "checksum"));
    brink_aggregate_free(a);

    /* random damage behind a valid checksum: an error or a consistent state, never a crash */
    brink_rng rng;
    brink_rng_seed(&rng, 11, 0);
    for (int trial = 0; trial < 2000; trial++) {
        memcpy(copy, ck.p, ck.len);
        int flips = 1 + (int)brink_rng_below(&rng, 3);
        for (int f = 0; f < flips; f++) {
            size_t at = 8 + (size_t)brink_rng_below(&rng, ck.len - 16);
            copy[at] = (unsigned char)brink_rng_below(&rng, 256);
        }
        fix_checksum(copy, ck.len);
        a = fresh(700);
        int rc = brink_aggregate_load(a, copy, ck.len, &err);
        assert_true(rc == BRINK_OK || rc == BRINK_EINVAL);
        if (rc == BRINK_OK) /* whatever was accepted must stay usable */
            merge_range(a, brink_aggregate_runs(a), brink_aggregate_runs(a) + 3);
        brink_aggregate_free(a);
    }

    /* allocation failures while loading: BRINK_ENOMEM, nothing leaks (ASan) */
    long total = 0;
    a = fresh(700);
    brink_alloc_set_fail_after(0);
    assert_int_equal(brink_aggregate_load(a, ck.p, ck.len, &err), BRINK_OK);
    total = brink_alloc_count();
    brink_aggregate_free(a);
    for (long k = 1; k <= total; k++) {
        a = fresh(700);
        brink_alloc_set_fail_after(k);
        int rc = brink_aggregate_load(a, ck.p, ck.len, &err);
        brink_alloc_set_fail_after(0);
        assert_int_equal(rc, BRINK_ENOMEM);
        brink_aggregate_free(a);
    }
    free(copy);
    free(ck.p);
}

/* ============================================================================================== */
/* the ensemble on the built-in scenario                                                          */
/* ============================================================================================== */

static brink_scenario *builtin(void)
{
    size_t len;
    const char *name;
    const char *text = brink_builtin_scenario(&len, &name);
    brink_scenario *sc = NULL;
    brink_error err;
    if (brink_scenario_load_buffer(text, len, name, NULL, &sc, &err) != BRINK_OK)
        print_error("%s\n", err.message);
    assert_non_null(sc);
    return sc;
}

static brink_aggregate *ensemble_agg(const brink_scenario *sc, const brink_ens_settings *st)
{
    brink_series *series;
    size_t ns;
    long nsteps;
    brink_error err;
    assert_int_equal(brink_ensemble_series(sc, &series, &ns, &nsteps, &err), BRINK_OK);
    brink_free(series);
    brink_aggregate *a;
    assert_int_equal(brink_aggregate_new(st, sc->nquestions, ns, nsteps, &a, &err), BRINK_OK);
    return a;
}

/* A sink that checks the run order and keeps the last checkpoint in memory. */
typedef struct probe {
    uint64_t next_run;
    int out_of_order;
    uint64_t blocks;
    bytes last;
    uint64_t last_runs;
} probe;

static int probe_run(void *ctx, const brink_run_summary *s, brink_error *err)
{
    (void)err;
    probe *p = ctx;
    if (s->run != p->next_run)
        p->out_of_order = 1;
    p->next_run = s->run + 1;
    return 0;
}

static int probe_block(void *ctx, const brink_aggregate *a, brink_error *err)
{
    probe *p = ctx;
    p->blocks++;
    p->last.len = 0;
    p->last_runs = brink_aggregate_runs(a);
    return brink_aggregate_save(a, bytes_write, &p->last, err);
}

static brink_aggregate *run_ensemble(const brink_scenario *sc, const brink_ens_settings *st,
                                     unsigned threads, uint64_t stop_after, probe *p, int *stopped)
{
    brink_aggregate *a = ensemble_agg(sc, st);
    brink_ensemble_sink sink = {p, probe_run, probe_block, NULL};
    brink_ensemble_options opt = {threads, stop_after};
    brink_error err;
    int rc = brink_ensemble_run(sc, &opt, a, &sink, stopped, &err);
    if (rc)
        print_error("%s\n", err.message);
    assert_int_equal(rc, BRINK_OK);
    assert_false(p->out_of_order);
    return a;
}

static void ensemble_threads_identical(void **state)
{
    (void)state;
    brink_scenario *sc = builtin();
    brink_ens_settings st = {.seed = 77, .runs = 48, .precision = 0, .block = 16};
    probe p1 = {0}, p2 = {0}, p4 = {0};
    int stopped;
    brink_aggregate *a1 = run_ensemble(sc, &st, 1, 0, &p1, &stopped);
    assert_false(stopped);
    brink_aggregate *a2 = run_ensemble(sc, &st, 2, 0, &p2, &stopped);
    brink_aggregate *a4 = run_ensemble(sc, &st, 4, 0, &p4, &stopped);
    assert_int_equal(brink_aggregate_runs(a1), 48);
    assert_int_equal(p1.next_run, 48);
    assert_int_equal(p1.blocks, 2); /* after 16 and 32; the end of the ensemble is no block */
    assert_same_bytes(a1, a2);
    assert_same_bytes(a1, a4);
    /* more threads than runs */
    brink_ens_settings tiny = {.seed = 77, .runs = 3, .precision = 0, .block = 32};
    probe pt = {0};
    brink_aggregate *at = run_ensemble(sc, &tiny, 8, 0, &pt, &stopped);
    assert_int_equal(brink_aggregate_runs(at), 3);
    brink_aggregate_free(at);
    free(pt.last.p);
    brink_aggregate_free(a1);
    brink_aggregate_free(a2);
    brink_aggregate_free(a4);
    free(p1.last.p);
    free(p2.last.p);
    free(p4.last.p);
    brink_scenario_free(sc);
}

static void ensemble_stop_and_resume(void **state)
{
    (void)state;
    brink_scenario *sc = builtin();
    brink_ens_settings st = {.seed = 5, .runs = 60, .precision = 0, .block = 20};
    probe whole = {0}, part = {0}, rest = {0};
    int stopped;
    brink_aggregate *a = run_ensemble(sc, &st, 3, 0, &whole, &stopped);
    assert_false(stopped);

    /* "killed" after 47 runs: the last checkpoint holds 40 */
    brink_aggregate *b = run_ensemble(sc, &st, 2, 47, &part, &stopped);
    assert_true(stopped);
    assert_int_equal(brink_aggregate_runs(b), 47);
    assert_false(brink_aggregate_complete(b));
    assert_int_equal(part.last_runs, 40);
    brink_aggregate_free(b);

    brink_aggregate *c = ensemble_agg(sc, &st);
    brink_error err;
    assert_int_equal(brink_aggregate_load(c, part.last.p, part.last.len, &err), BRINK_OK);
    rest.next_run = 40;
    brink_ensemble_sink sink = {&rest, probe_run, probe_block, NULL};
    brink_ensemble_options opt = {4, 0};
    assert_int_equal(brink_ensemble_run(sc, &opt, c, &sink, &stopped, &err), BRINK_OK);
    assert_false(stopped);
    assert_false(rest.out_of_order);
    assert_int_equal(rest.next_run, 60);
    assert_same_bytes(a, c);

    /* a complete aggregate runs nothing more */
    rest.next_run = 60;
    assert_int_equal(brink_ensemble_run(sc, &opt, c, &sink, &stopped, &err), BRINK_OK);
    assert_int_equal(brink_aggregate_runs(c), 60);
    brink_aggregate_free(a);
    brink_aggregate_free(c);
    free(whole.last.p);
    free(part.last.p);
    free(rest.last.p);
    brink_scenario_free(sc);
}

static void ensemble_precision_mode(void **state)
{
    (void)state;
    brink_scenario *sc = builtin();
    brink_ens_settings st = {.seed = 9, .runs = 2000, .precision = 0.08, .block = 16};
    probe p1 = {0}, p3 = {0};
    int stopped;
    brink_aggregate *a = run_ensemble(sc, &st, 1, 0, &p1, &stopped);
    brink_aggregate *b = run_ensemble(sc, &st, 3, 0, &p3, &stopped);
    uint64_t n = brink_aggregate_runs(a);
    assert_true(n < 2000);
    assert_int_equal(n % 16, 0);
    assert_true(brink_aggregate_settled(a));
    for (size_t q = 0; q < sc->nquestions; q++) {
        brink_question_stat qs;
        brink_aggregate_question(a, q, &qs);
        if (qs.modelled)
            assert_true(brink_binom_stop_se(qs.b.yes, qs.b.n) < 0.08);
    }
    /* one block earlier the rule did not hold yet (else it would have stopped there) */
    if (n > 16) {
        brink_aggregate *c = ensemble_agg(sc, &(brink_ens_settings){9, n - 16, 0, 16});
        brink_ensemble_options opt = {2, 0};
        brink_error err;
        assert_int_equal(brink_ensemble_run(sc, &opt, c, NULL, &stopped, &err), BRINK_OK);
        int unsettled = 0;
        for (size_t q = 0; q < sc->nquestions; q++) {
            brink_question_stat qs;
            brink_aggregate_question(c, q, &qs);
            unsettled |= qs.modelled && !(brink_binom_stop_se(qs.b.yes, qs.b.n) < 0.08);
        }
        assert_true(unsettled);
        brink_aggregate_free(c);
    }
    assert_same_bytes(a, b);
    brink_aggregate_free(a);
    brink_aggregate_free(b);
    free(p1.last.p);
    free(p3.last.p);
    brink_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(binom_known_answers),
        cmocka_unit_test(synthetic_binomial),
        cmocka_unit_test(wilson_coverage),
        cmocka_unit_test(qsketch_error_bound),
        cmocka_unit_test(qsketch_integers_exact),
        cmocka_unit_test(qsketch_edges),
        cmocka_unit_test(qsketch_bucket_value),
        cmocka_unit_test(qsketch_growth_any_order),
        cmocka_unit_test(topk_exact_small),
        cmocka_unit_test(topk_tie_break),
        cmocka_unit_test(topk_space_saving_bounds),
        cmocka_unit_test(chain_keys),
        cmocka_unit_test(aggregate_failed_runs),
        cmocka_unit_test(aggregate_order_enforced),
        cmocka_unit_test(aggregate_checkpoint_resume),
        cmocka_unit_test(aggregate_batch_equals_one_by_one),
        cmocka_unit_test(aggregate_corrupt_checkpoints),
        cmocka_unit_test(ensemble_threads_identical),
        cmocka_unit_test(ensemble_stop_and_resume),
        cmocka_unit_test(ensemble_precision_mode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
