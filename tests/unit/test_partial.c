/* SPDX-License-Identifier: MIT */
/*
 * test_partial.c — shards of an ensemble (sim/ensemble: brink_aggregate_set_shard, _absorb,
 * _add_chain; io/partial: the partial file and brink_partials_merge).
 *
 * - Fabricated summaries with more distinct chain keys than the Space-Saving sketch has counters
 *   (so that its result depends on the order of the keys), signed zeros in the series (which
 *   made the quantile sketch's min, max and "one value" depend on the order before it compared
 *   bits), more than BRINK_ENS_FAILED_KEPT failed runs, split into N = 1 ... 7 shards and
 *   assembled: the aggregate's saved bytes equal those of one aggregate of all the runs.
 *   Negative control: replaying the chains shard after shard instead of in run-index order
 *   gives other bytes, so the equality above is not vacuous.
 * - The shard aggregate: it takes only its runs, in order, and is complete with all of them.
 * - Partial files of the built-in scenario written by brink_io_partial_write and read back, then
 *   merged: the aggregate equals that of one ensemble of the same runs; a missing shard, a
 *   duplicated shard and a shard of another seed are refused naming the shard or file.
 * - Damaged partials (truncated, flipped bytes, random bytes behind a valid checksum) are refused
 *   with BRINK_EINVAL, never a crash; allocation failures give BRINK_ENOMEM without leaks.
 * - The ensemble's remote feed (what MPI ranks use) with an in-process remote that claims, runs
 *   and delivers runs beside a worker thread: the same bytes as an ensemble without it, for a
 *   fixed number of runs, a shard, and --precision; the remote must have made some of the runs.
 *   It runs threaded (ctest label threads, so also under ThreadSanitizer).
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
#include <time.h>

#include "brink.h"
#include "io/io.h"
#include "io/partial.h"
#include "agg_bytes.h"
#include "sim/ensemble.h"
#include "sim/run.h"

/* scratch files go to the working directory (ctest runs unit tests in the build tree) */
#define BRINK_TEST_TMP "."

static int same_bytes(const brink_aggregate *a, const brink_aggregate *b)
{
    bytes x = save(a), y = save(b);
    int same = x.len == y.len && memcmp(x.p, y.p, x.len) == 0;
    free(x.p);
    free(y.p);
    return same;
}

/* ---- fabricated runs ---- */

#define FQ 3
#define FS 2
#define FT 4
#define FRUNS 700

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}

/* Run i: failed when i % 5 == 3 (140 of 700, more than BRINK_ENS_FAILED_KEPT); question 0 YES
 * two times in three with one of 90 chain keys (skewed), question 1 YES with a key from 5,
 * question 2 not modelled; series 0 takes +0.0, -0.0 and small values, series 1 a spread. */
static void fabricate(brink_run_summary *s, uint64_t i)
{
    s->run = i;
    s->seed = 4242;
    s->failed = i % 5 == 3;
    s->error[0] = '\0';
    for (size_t q = 0; q < FQ; q++) {
        s->outcome[q] = BRINK_Q_NO;
        s->resolved_step[q] = -1;
        s->chain[q * BRINK_CHAIN_KEY_MAX] = '\0';
    }
    if (s->failed) {
        snprintf(s->error, sizeof s->error, "synthetic failure %llu", (unsigned long long)i);
        return;
    }
    uint64_t h = mix(i + 1);
    if (h % 3) {
        s->outcome[0] = BRINK_Q_YES;
        s->resolved_step[0] = (long)(h % FT);
        unsigned key = (unsigned)((h >> 8) % 90);
        key = key * key / 90; /* skewed towards small keys */
        snprintf(&s->chain[0], BRINK_CHAIN_KEY_MAX, "ev%u a>b <- root", key);
    }
    if ((h >> 20) % 2) {
        s->outcome[1] = BRINK_Q_YES;
        s->resolved_step[1] = (long)((h >> 24) % FT);
        snprintf(&s->chain[BRINK_CHAIN_KEY_MAX], BRINK_CHAIN_KEY_MAX, "k%u", (unsigned)(h % 5));
    }
    s->outcome[2] = BRINK_Q_UNMODELLED;
    for (long t = 0; t < FT; t++) {
        double z = (h >> (t + 30)) % 4 == 0   ? 0.0
                   : (h >> (t + 30)) % 4 == 1 ? -0.0
                                              : (double)((h >> 40) % 7) * 1e-3;
        double v = (double)((h >> (t * 3)) % 1000) / 7.0 - 50.0;
        s->value[(size_t)t * FS] = z;
        s->value[(size_t)t * FS + 1] = v;
        s->code[(size_t)t * FS] = brink_qsketch_code(z);
        s->code[(size_t)t * FS + 1] = brink_qsketch_code(v);
    }
}

static brink_aggregate *fresh(uint64_t runs)
{
    brink_ens_settings st = {.seed = 4242, .runs = runs, .precision = 0, .block = 50};
    brink_aggregate *a;
    brink_error err;
    assert_int_equal(brink_aggregate_new(&st, FQ, FS, FT, &a, &err), BRINK_OK);
    return a;
}

/* The aggregate of every run, merged in order. */
static brink_aggregate *whole(void)
{
    brink_aggregate *a = fresh(FRUNS);
    brink_run_summary s;
    brink_error err;
    assert_int_equal(brink_run_summary_init(&s, FQ, FS, FT, &err), BRINK_OK);
    for (uint64_t i = 0; i < FRUNS; i++) {
        fabricate(&s, i);
        assert_int_equal(brink_aggregate_merge(a, &s, &err), BRINK_OK);
    }
    brink_run_summary_free(&s);
    return a;
}

/* Shard k of n, with every run's chain keys kept as (run, q, key) in keys[run * FQ + q]. */
static brink_aggregate *shard(uint64_t k, uint64_t n, char (*keys)[32])
{
    brink_aggregate *a = fresh(FRUNS);
    brink_error err;
    assert_int_equal(brink_aggregate_set_shard(a, k, n, &err), BRINK_OK);
    brink_run_summary s;
    assert_int_equal(brink_run_summary_init(&s, FQ, FS, FT, &err), BRINK_OK);
    for (uint64_t i = k; i < FRUNS; i += n) {
        assert_int_equal(brink_aggregate_next_run(a), i);
        fabricate(&s, i);
        assert_int_equal(brink_aggregate_merge(a, &s, &err), BRINK_OK);
        for (size_t q = 0; q < FQ; q++) {
            const char *key = &s.chain[q * BRINK_CHAIN_KEY_MAX];
            keys[i * FQ + q][0] = '\0';
            if (!s.failed && s.outcome[q] == BRINK_Q_YES && key[0])
                snprintf(keys[i * FQ + q], 32, "%s", key);
        }
    }
    assert_true(brink_aggregate_complete(a));
    brink_run_summary_free(&s);
    return a;
}

static void shards_assemble_exactly(void **state)
{
    (void)state;
    brink_aggregate *ref = whole();
    char(*keys)[32] = calloc(FRUNS * FQ, 32);
    assert_non_null(keys);
    brink_error err;
    for (uint64_t n = 1; n <= 7; n++) {
        brink_aggregate *sh[7];
        for (uint64_t k = 0; k < n; k++)
            sh[k] = shard(k, n, keys);
        /* absorbed in reverse: the sums do not care */
        brink_aggregate *a = fresh(FRUNS), *bad = fresh(FRUNS);
        for (uint64_t k = n; k-- > 0;) {
            assert_int_equal(brink_aggregate_absorb(a, sh[k], &err), BRINK_OK);
            assert_int_equal(brink_aggregate_absorb(bad, sh[k], &err), BRINK_OK);
        }
        for (uint64_t i = 0; i < FRUNS; i++)
            for (size_t q = 0; q < FQ; q++)
                if (keys[i * FQ + q][0])
                    assert_int_equal(brink_aggregate_add_chain(a, q, keys[i * FQ + q], &err),
                                     BRINK_OK);
        /* negative control: the same keys shard after shard */
        for (uint64_t k = 0; k < n; k++)
            for (uint64_t i = k; i < FRUNS; i += n)
                for (size_t q = 0; q < FQ; q++)
                    if (keys[i * FQ + q][0])
                        assert_int_equal(brink_aggregate_add_chain(bad, q, keys[i * FQ + q], &err),
                                         BRINK_OK);
        assert_int_equal(brink_aggregate_runs(a), FRUNS);
        assert_true(brink_aggregate_complete(a));
        assert_true(same_bytes(a, ref));
        if (n > 1)
            assert_false(same_bytes(bad, ref));
        /* an assembled aggregate takes no more runs, and no more than its runs */
        brink_run_summary s;
        assert_int_equal(brink_run_summary_init(&s, FQ, FS, FT, &err), BRINK_OK);
        fabricate(&s, FRUNS - 1);
        assert_int_equal(brink_aggregate_merge(a, &s, &err), BRINK_EUSAGE);
        brink_run_summary_free(&s);
        assert_int_equal(brink_aggregate_absorb(a, sh[0], &err), BRINK_EUSAGE);
        for (uint64_t k = 0; k < n; k++)
            brink_aggregate_free(sh[k]);
        brink_aggregate_free(a);
        brink_aggregate_free(bad);
    }
    /* the failures listed are the first 100 by run index, as in one process */
    const brink_ens_failure *f = brink_aggregate_failure(ref, BRINK_ENS_FAILED_KEPT - 1);
    assert_non_null(f);
    assert_int_equal(f->run, 3 + 5 * (BRINK_ENS_FAILED_KEPT - 1));
    free(keys);
    brink_aggregate_free(ref);
}

static void shard_takes_its_runs(void **state)
{
    (void)state;
    brink_error err;
    brink_aggregate *a = fresh(10);
    assert_int_equal(brink_aggregate_set_shard(a, 2, 4, &err), BRINK_OK);
    uint64_t k, n;
    assert_int_equal(brink_aggregate_shard(a, &k, &n), 2); /* runs 2 and 6 */
    assert_int_equal(k, 2);
    assert_int_equal(n, 4);
    brink_run_summary s;
    assert_int_equal(brink_run_summary_init(&s, FQ, FS, FT, &err), BRINK_OK);
    fabricate(&s, 3);
    assert_int_equal(brink_aggregate_merge(a, &s, &err), BRINK_EINTERNAL);
    fabricate(&s, 2);
    assert_int_equal(brink_aggregate_merge(a, &s, &err), BRINK_OK);
    assert_false(brink_aggregate_complete(a));
    assert_int_equal(brink_aggregate_next_run(a), 6);
    fabricate(&s, 6);
    assert_int_equal(brink_aggregate_merge(a, &s, &err), BRINK_OK);
    assert_true(brink_aggregate_complete(a));
    assert_int_equal(brink_aggregate_merge(a, &s, &err), BRINK_EINTERNAL);
    /* a shard only on a new aggregate, never in precision mode, K < N */
    assert_int_equal(brink_aggregate_set_shard(a, 0, 2, &err), BRINK_EUSAGE);
    brink_aggregate_free(a);
    a = fresh(10);
    assert_int_equal(brink_aggregate_set_shard(a, 4, 4, &err), BRINK_EUSAGE);
    assert_int_equal(brink_aggregate_set_shard(a, 0, 0, &err), BRINK_EUSAGE);
    brink_aggregate_free(a);
    brink_ens_settings st = {.seed = 1, .runs = 10, .precision = 0.01, .block = 5};
    assert_int_equal(brink_aggregate_new(&st, FQ, FS, FT, &a, &err), BRINK_OK);
    assert_int_equal(brink_aggregate_set_shard(a, 0, 2, &err), BRINK_EUSAGE);
    brink_aggregate_free(a);
    /* a shard with no run at all (K >= runs) is complete at once */
    a = fresh(3);
    assert_int_equal(brink_aggregate_set_shard(a, 5, 8, &err), BRINK_OK);
    assert_int_equal(brink_aggregate_shard(a, NULL, NULL), 0);
    assert_true(brink_aggregate_complete(a));
    brink_aggregate_free(a);
    brink_run_summary_free(&s);
}

/* The quantile sketch gives the same answers whatever the order of +0.0 and -0.0. */
static void qsketch_signed_zeros(void **state)
{
    (void)state;
    brink_qsketch a, b;
    brink_qsketch_init(&a);
    brink_qsketch_init(&b);
    double v[] = {0.0, -0.0, 0.0, 3.0};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(brink_qsketch_add(&a, v[i]), BRINK_OK);
        assert_int_equal(brink_qsketch_add(&b, v[3 - i]), BRINK_OK);
    }
    assert_true(signbit(a.min) && signbit(b.min));
    assert_true(isnan(a.zero_same) && isnan(b.zero_same));
    for (double q = 0; q <= 1; q += 0.125) {
        double x = brink_qsketch_quantile(&a, q), y = brink_qsketch_quantile(&b, q);
        assert_memory_equal(&x, &y, sizeof x);
    }
    brink_qsketch_free(&a);
    brink_qsketch_free(&b);
}

/* ---- partial files of the built-in scenario ---- */

static brink_scenario *builtin(const char **text, size_t *len, const char **name)
{
    *text = brink_builtin_scenario(len, name);
    brink_scenario *sc = NULL;
    brink_error err;
    if (brink_scenario_load_buffer(*text, *len, *name, NULL, &sc, &err) != BRINK_OK)
        print_error("%s\n", err.message);
    assert_non_null(sc);
    return sc;
}

typedef struct keep {
    brink_partial_chains *c;
    uint64_t n;
} keep;

static int keep_run(void *ctx, const brink_run_summary *s, brink_error *err)
{
    keep *k = ctx;
    return brink_partial_chains_add(k->c, s->run / k->n, s, err);
}

#define PRUNS 9

/* Runs shard k of n of PRUNS runs of seed and writes its partial to path. */
static void write_shard(const brink_scenario *sc, const char *text, size_t len, const char *name,
                        uint64_t seed, uint64_t k, uint64_t n, const char *path)
{
    brink_error err;
    brink_series *series;
    size_t nseries;
    long nsteps;
    assert_int_equal(brink_ensemble_series(sc, &series, &nseries, &nsteps, &err), BRINK_OK);
    brink_free(series);
    brink_ens_settings st = {.seed = seed, .runs = PRUNS, .precision = 0, .block = 1000};
    brink_aggregate *a;
    assert_int_equal(brink_aggregate_new(&st, sc->nquestions, nseries, nsteps, &a, &err), BRINK_OK);
    if (n > 1)
        assert_int_equal(brink_aggregate_set_shard(a, k, n, &err), BRINK_OK);
    keep kp = {NULL, n};
    assert_int_equal(brink_partial_chains_new(sc->nquestions, &kp.c, &err), BRINK_OK);
    brink_ensemble_sink sink = {&kp, keep_run, NULL, NULL};
    brink_ensemble_options opt = {2, 0};
    int stopped;
    assert_int_equal(brink_ensemble_run(sc, &opt, a, &sink, &stopped, &err), BRINK_OK);
    uint64_t hash = brink_io_fnv1a64(BRINK_FNV_OFFSET, text, len);
    brink_partial_scenario scn = {text, len, name, NULL, 0, hash};
    brink_partial_info info = {"test", 2, 1.5, 1.0, "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z"};
    assert_int_equal(brink_io_partial_write(path, a, kp.c, &scn, &info, &err), BRINK_OK);
    brink_partial_chains_free(kp.c);
    brink_aggregate_free(a);
}

static char *tmp_path(const char *name)
{
    static char buf[4][512];
    static int i;
    char *b = buf[i++ % 4];
    snprintf(b, 512, "%s/test_partial_%s", BRINK_TEST_TMP, name);
    return b;
}

static void partial_files_merge(void **state)
{
    (void)state;
    const char *text, *name;
    size_t len;
    brink_scenario *sc = builtin(&text, &len, &name);
    brink_error err;
    /* one process: a single "shard" 0 of 1 */
    write_shard(sc, text, len, name, 77, 0, 1, tmp_path("whole"));
    brink_partial *w = NULL;
    assert_int_equal(brink_io_partial_read(tmp_path("whole"), &w, &err), BRINK_OK);
    brink_aggregate *ref = NULL;
    assert_int_equal(brink_partials_merge(&w, 1, &ref, &err), BRINK_OK);
    char p0[512], p1[512], p2[512], px[512];
    snprintf(p0, sizeof p0, "%s", tmp_path("0-of-3"));
    snprintf(p1, sizeof p1, "%s", tmp_path("1-of-3"));
    snprintf(p2, sizeof p2, "%s", tmp_path("2-of-3"));
    snprintf(px, sizeof px, "%s", tmp_path("2-of-3-seed78"));
    write_shard(sc, text, len, name, 77, 0, 3, p0);
    write_shard(sc, text, len, name, 77, 1, 3, p1);
    write_shard(sc, text, len, name, 77, 2, 3, p2);
    write_shard(sc, text, len, name, 78, 2, 3, px);
    brink_partial *p[4] = {NULL, NULL, NULL, NULL};
    assert_int_equal(brink_io_partial_read(p2, &p[0], &err), BRINK_OK);
    assert_int_equal(brink_io_partial_read(p0, &p[1], &err), BRINK_OK);
    assert_int_equal(brink_io_partial_read(p1, &p[2], &err), BRINK_OK);
    assert_int_equal(brink_io_partial_read(px, &p[3], &err), BRINK_OK);
    assert_int_equal(p[0]->shard_k, 2);
    assert_int_equal(p[0]->shard_n, 3);
    assert_string_equal(p[0]->host, "test");
    assert_int_equal(p[0]->len, len);
    /* merged in any order of the files: the aggregate of one process */
    brink_aggregate *a = NULL;
    assert_int_equal(brink_partials_merge(p, 3, &a, &err), BRINK_OK);
    assert_true(same_bytes(a, ref));
    brink_aggregate_free(a);
    /* a missing shard, a duplicated one, one of another seed */
    assert_int_equal(brink_partials_merge(p, 2, &a, &err), BRINK_EINVAL);
    assert_non_null(strstr(err.message, "shard 1 of 3 is missing"));
    brink_partial *dup[3] = {p[1], p[2], p[2]};
    assert_int_equal(brink_partials_merge(dup, 3, &a, &err), BRINK_EINVAL);
    assert_non_null(strstr(err.message, "given twice"));
    assert_string_equal(err.file, p1);
    brink_partial *other[3] = {p[1], p[2], p[3]};
    assert_int_equal(brink_partials_merge(other, 3, &a, &err), BRINK_EINVAL);
    assert_string_equal(err.file, px);
    assert_non_null(strstr(err.message, "seed 78"));
    brink_partial *mixed[2] = {w, p[1]};
    assert_int_equal(brink_partials_merge(mixed, 2, &a, &err), BRINK_EINVAL);
    for (int i = 0; i < 4; i++)
        brink_partial_free(p[i]);
    brink_partial_free(w);
    brink_aggregate_free(ref);
    brink_scenario_free(sc);
}

static void fix_checksum(unsigned char *b, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len - 8; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    for (int i = 0; i < 8; i++)
        b[len - 8 + (size_t)i] = (unsigned char)(h >> (8 * i));
}

/* Writes the partial of fabricated shard 1 of 2 (runs 1, 3, ...) to path. */
static void write_fabricated(const char *path)
{
    brink_error err;
    brink_aggregate *a = fresh(FRUNS);
    assert_int_equal(brink_aggregate_set_shard(a, 1, 2, &err), BRINK_OK);
    brink_partial_chains *c;
    assert_int_equal(brink_partial_chains_new(FQ, &c, &err), BRINK_OK);
    brink_run_summary s;
    assert_int_equal(brink_run_summary_init(&s, FQ, FS, FT, &err), BRINK_OK);
    for (uint64_t i = 1; i < FRUNS; i += 2) {
        fabricate(&s, i);
        assert_int_equal(brink_aggregate_merge(a, &s, &err), BRINK_OK);
        assert_int_equal(brink_partial_chains_add(c, i / 2, &s, &err), BRINK_OK);
    }
    static const char text[] = "name: fabricated\n";
    const char *sets[1] = {"seed=4242"};
    brink_partial_scenario scn = {text, sizeof text - 1, "fab.yaml", sets, 1, 12345};
    brink_partial_info info = {"test", 1, 0.5, -1, "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z"};
    assert_int_equal(brink_io_partial_write(path, a, c, &scn, &info, &err), BRINK_OK);
    brink_run_summary_free(&s);
    brink_partial_chains_free(c);
    brink_aggregate_free(a);
}

static void partial_corrupt(void **state)
{
    (void)state;
    brink_error err;
    write_fabricated(tmp_path("c"));
    char *buf;
    size_t n;
    assert_int_equal(brink_io_read_file(tmp_path("c"), 0, &buf, &n, &err), BRINK_OK);
    unsigned char *copy = malloc(n);
    assert_non_null(copy);
    brink_partial *p = NULL;
    size_t cuts[] = {0, 7, 8, 16, n / 2, n - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        memcpy(copy, buf, cuts[i]);
        assert_int_equal(brink_partial_parse(copy, cuts[i], "c", &p, &err), BRINK_EINVAL);
        assert_null(p);
        assert_string_equal(err.file, "c");
    }
    /* another format version */
    memcpy(copy, buf, n);
    copy[7] = 9;
    assert_int_equal(brink_partial_parse(copy, n, "c", &p, &err), BRINK_EINVAL);
    assert_non_null(strstr(err.message, "format version 9"));
    /* random damage behind a valid checksum: refused or consistent, never a crash */
    brink_rng rng;
    brink_rng_seed(&rng, 3, 0);
    int refused = 0;
    for (int trial = 0; trial < 600; trial++) {
        memcpy(copy, buf, n);
        int flips = 1 + (int)brink_rng_below(&rng, 3);
        for (int f = 0; f < flips; f++) {
            /* mostly in the header and the chains, where the structure is */
            size_t at = trial % 2 ? 8 + (size_t)brink_rng_below(&rng, 200)
                                  : n - 9 - (size_t)brink_rng_below(&rng, n / 4);
            copy[at] = (unsigned char)brink_rng_below(&rng, 256);
        }
        fix_checksum(copy, n);
        int rc = brink_partial_parse(copy, n, "c", &p, &err);
        assert_true(rc == BRINK_OK || rc == BRINK_EINVAL);
        refused += rc == BRINK_EINVAL;
        brink_partial_free(p);
        p = NULL;
    }
    assert_true(refused > 300);
    /* allocation failures: BRINK_ENOMEM, nothing leaks (ASan) */
    brink_alloc_set_fail_after(0);
    assert_int_equal(brink_partial_parse(buf, n, "c", &p, &err), BRINK_OK);
    long total = brink_alloc_count();
    brink_partial_free(p);
    for (long k = 1; k <= total; k += 1 + total / 150) {
        brink_alloc_set_fail_after(k);
        p = NULL;
        int rc = brink_partial_parse(buf, n, "c", &p, &err);
        brink_alloc_set_fail_after(0);
        assert_int_equal(rc, BRINK_ENOMEM);
        assert_null(p);
    }
    free(copy);
    brink_free(buf);
}

/* ---- the ensemble's remote feed, with an in-process remote ---- */

/* A remote source as MPI ranks are one (cli/mpi_ranks.c), in process: it claims 3 positions at a
 * time, runs them with its own runner into summaries of its own, then delivers each when its
 * slot is free. */
typedef struct fake_remote {
    const brink_scenario *sc;
    brink_runner *runner;
    brink_run_summary held[3];
    uint64_t runs; /* runs it made */
} fake_remote;

static void nap(void)
{
    struct timespec ts = {0, 100000};
    nanosleep(&ts, NULL);
}

static void copy_summary(brink_run_summary *to, const brink_run_summary *from)
{
    size_t cells = (size_t)from->nsteps * from->nseries;
    to->run = from->run;
    to->seed = from->seed;
    to->failed = from->failed;
    memcpy(to->error, from->error, sizeof to->error);
    memcpy(to->outcome, from->outcome, from->nq * sizeof *to->outcome);
    memcpy(to->resolved_step, from->resolved_step, from->nq * sizeof *to->resolved_step);
    memcpy(to->value, from->value, cells * sizeof *to->value);
    memcpy(to->code, from->code, cells * sizeof *to->code);
    memcpy(to->chain, from->chain, from->nq * BRINK_CHAIN_KEY_MAX);
}

static int fake_serve(void *ctx, brink_ensemble_feed *feed, brink_error *err)
{
    fake_remote *f = ctx;
    while (!brink_ensemble_feed_stopping(feed)) {
        uint64_t first, got = brink_ensemble_feed_claim(feed, 3, &first);
        if (!got) {
            nap();
            continue;
        }
        for (uint64_t j = 0; j < got; j++) {
            const brink_run_record *rec;
            int rc = brink_runner_run(f->runner, brink_ensemble_feed_seed(feed),
                                      brink_ensemble_feed_run(feed, first + j), &rec, err);
            if (rc)
                return rc;
            brink_run_summary_fill(&f->held[j], rec, f->sc);
        }
        for (uint64_t j = 0; j < got; j++) {
            brink_run_summary *slot;
            while (!(slot = brink_ensemble_feed_slot(feed, first + j))) {
                if (brink_ensemble_feed_stopping(feed))
                    return BRINK_OK;
                nap();
            }
            copy_summary(slot, &f->held[j]);
            brink_ensemble_feed_filled(feed, first + j);
        }
        f->runs += got;
    }
    return BRINK_OK;
}

/* Runs an ensemble of sc with settings st (and shard k of n when n > 1), with or without the
 * fake remote; returns the aggregate. */
static brink_aggregate *run_ens(const brink_scenario *sc, const brink_ens_settings *st, uint64_t k,
                                uint64_t n, int with_remote, uint64_t *remote_runs)
{
    brink_error err;
    brink_series *series;
    size_t nseries;
    long nsteps;
    assert_int_equal(brink_ensemble_series(sc, &series, &nseries, &nsteps, &err), BRINK_OK);
    brink_free(series);
    brink_aggregate *a;
    assert_int_equal(brink_aggregate_new(st, sc->nquestions, nseries, nsteps, &a, &err), BRINK_OK);
    if (n > 1)
        assert_int_equal(brink_aggregate_set_shard(a, k, n, &err), BRINK_OK);
    fake_remote f;
    memset(&f, 0, sizeof f);
    f.sc = sc;
    assert_int_equal(brink_runner_new(sc, &f.runner, &err), BRINK_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(brink_run_summary_init(&f.held[i], sc->nquestions, nseries, nsteps, &err),
                         BRINK_OK);
    brink_ensemble_remote remote = {&f, 3, fake_serve};
    brink_ensemble_options opt = {with_remote ? 1 : 2, 0};
    int stopped;
    assert_int_equal(
        brink_ensemble_run_remote(sc, &opt, with_remote ? &remote : NULL, a, NULL, &stopped, &err),
        BRINK_OK);
    for (int i = 0; i < 3; i++)
        brink_run_summary_free(&f.held[i]);
    brink_runner_free(f.runner);
    if (remote_runs)
        *remote_runs = f.runs;
    return a;
}

static void remote_feed_identical(void **state)
{
    (void)state;
    const char *text, *name;
    size_t len;
    brink_scenario *sc = builtin(&text, &len, &name);
    uint64_t by_remote = 0;
    /* fixed runs, a shard, and --precision (the stopping rule sees the same sequence) */
    brink_ens_settings fixed = {.seed = 31, .runs = 12, .precision = 0, .block = 1000};
    brink_ens_settings prec = {.seed = 31, .runs = 400, .precision = 0.13, .block = 5};
    const brink_ens_settings *sts[3] = {&fixed, &fixed, &prec};
    for (int c = 0; c < 3; c++) {
        uint64_t n = c == 1 ? 3 : 1, k = c == 1 ? 1 : 0, got = 0;
        brink_aggregate *a = run_ens(sc, sts[c], k, n, 0, NULL);
        brink_aggregate *b = run_ens(sc, sts[c], k, n, 1, &got);
        assert_true(same_bytes(a, b));
        by_remote += got;
        if (c == 2) /* the precision ensemble stopped early, at a block end */
            assert_true(brink_aggregate_runs(a) < 400 && brink_aggregate_runs(a) % 5 == 0);
        brink_aggregate_free(a);
        brink_aggregate_free(b);
    }
    assert_true(by_remote > 0); /* the remote did run some of the runs */
    brink_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shards_assemble_exactly), cmocka_unit_test(shard_takes_its_runs),
        cmocka_unit_test(qsketch_signed_zeros),    cmocka_unit_test(partial_files_merge),
        cmocka_unit_test(partial_corrupt),         cmocka_unit_test(remote_feed_identical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
