/* SPDX-License-Identifier: MIT */
/*
 * test_alloc_fail.c — allocation failure across whole pipelines (STYLE.md rule 13; SQLite's
 * malloc tests): brink_alloc_set_fail_after(k) makes the k-th brink_malloc and every later one
 * fail, for every k from 1 to the number of allocations a successful pass makes. Each pass must
 * return BRINK_ENOMEM with a message, leak nothing (ASan's leak check runs at exit) and leave no
 * partial output.
 *
 * - A single-threaded forecast end to end, in the order `brink forecast` writes its files: the
 *   ensemble (threads = 1) with runs.csv.partial and a checkpoint per block, then forecast.json
 *   and run.json staged under temporary names, then everything published. After a failure the
 *   output directory holds no result file (forecast.json, run.json, runs.csv) and no temporary
 *   one; only runs.csv.partial and the checkpoint, which --resume needs, may remain.
 * - The stakeholder readers feeding the negotiation models: the BDM table into the
 *   expected-utility model, KTAB's table into the spatial model (each model's own every-k tests
 *   are in test_bargain_eu.c and test_bargain_smp.c; the scenario loader's in test_scenario.c).
 *
 * Allocations made by libyaml itself are outside the hook. With one worker thread the calling
 * thread merges while the worker runs, so the test first checks that the count of allocations is
 * the same from pass to pass (the runner allocates nothing once built).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bargain/bdm_csv.h"
#include "bargain/eu.h"
#include "bargain/smp.h"
#include "io/forecast.h"
#include "io/io.h"
#include "sim/ensemble.h"

/* A small world: 12 weeks, a flow under a waiver, an instrument, event and indicator questions. */
static const char TINY[] =
    "brink: 1\n"
    "scenario: {name: tiny, start: 2025-01-01, horizon_weeks: 12, seed: 9}\n"
    "issues: [{id: x, name: X}]\n"
    "actors:\n"
    "  - {id: S, name: Sender, kind: state}\n"
    "  - {id: T, name: Target, kind: state, internals: {revenue_usd_bn: 100}}\n"
    "  - {id: B, name: Buyer, kind: state}\n"
    "  - {id: E, name: Notifier, kind: bloc}\n"
    "flows:\n"
    "  - {id: GAS, commodity: gas, from: T, to: B, volume: {uniform: [30, 50]},\n"
    "     waiver: {by: S, active: true}}\n"
    "instruments:\n"
    "  - {id: SNAP, name: snapback, notifiers: [E], notify_by: 2025-03-01, delay_days: 30,\n"
    "     blockable: false, effect: {sanctions: UN, target: T}}\n"
    "schedule:\n"
    "  - {date: 2025-02-05, type: waiver_expiry, flow: GAS}\n"
    "questions:\n"
    "  - {id: revoked, text: r, event: {type: waiver_revoked, actor: S, target: T*, "
    "by: 2025-03-20}}\n"
    "  - {id: gas_low, text: g, indicator: {name: flow_volume, of: GAS, below: 35, "
    "at: 2025-03-01}}\n";

static brink_scenario *tiny(void)
{
    brink_scenario *sc = NULL;
    brink_error err;
    brink_error_clear(&err);
    if (brink_scenario_load_buffer(TINY, sizeof TINY - 1, "tiny.yaml", NULL, &sc, &err) != BRINK_OK)
        print_error("%d:%d: %s\n", err.line, err.column, err.message);
    assert_non_null(sc);
    return sc;
}

/* ---- a forecast written as `brink forecast` writes it ---- */

typedef struct sinkctx {
    brink_runs_csv *csv;
    const char *ckpt;
    uint64_t hash;
} sinkctx;

static int sink_run(void *ctx, const brink_run_summary *s, brink_error *err)
{
    return brink_runs_csv_row(((sinkctx *)ctx)->csv, s, err);
}

static int sink_block(void *ctx, const brink_aggregate *a, brink_error *err)
{
    sinkctx *c = ctx;
    uint64_t off;
    int rc = brink_runs_csv_sync(c->csv, &off, err);
    return rc ? rc : brink_io_checkpoint_write(c->ckpt, a, off, c->hash, err);
}

/* Runs a 10-run ensemble of sc with one thread into dir, in cmd_forecast.c's order. Returns
 * BRINK_OK or the first error. */
static int forecast(const brink_scenario *sc, const char *dir, brink_error *err)
{
    brink_series *series = NULL;
    brink_aggregate *agg = NULL;
    brink_afile af_forecast, af_run;
    memset(&af_forecast, 0, sizeof af_forecast);
    memset(&af_run, 0, sizeof af_run);
    sinkctx c = {NULL, NULL, 12345};
    char *p_forecast = brink_io_join(dir, "forecast.json");
    char *p_run = brink_io_join(dir, "run.json");
    char *p_csv = brink_io_join(dir, "runs.csv");
    char *p_partial = brink_io_join(dir, "runs.csv.partial");
    char *ckpt = brink_io_join(dir, "checkpoint");
    size_t nseries = 0;
    long nsteps = 0;
    int rc = BRINK_OK;
    if (!p_forecast || !p_run || !p_csv || !p_partial || !ckpt) {
        rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    c.ckpt = ckpt;
    brink_ens_settings st = {.seed = 4, .runs = 10, .precision = 0, .block = 4};
    rc = brink_ensemble_series(sc, &series, &nseries, &nsteps, err);
    if (!rc)
        rc = brink_aggregate_new(&st, sc->nquestions, nseries, nsteps, &agg, err);
    brink_forecast_meta meta = {sc, c.hash, series, nseries, nsteps};
    if (!rc)
        rc = brink_runs_csv_open(p_partial, &meta, -1, &c.csv, err);
    if (!rc) {
        brink_ensemble_sink sink = {&c, sink_run, sink_block, NULL};
        brink_ensemble_options eo = {1, 0};
        int stopped = 0;
        rc = brink_ensemble_run(sc, &eo, agg, &sink, &stopped, err);
        assert_false(stopped);
    }
    if (!rc)
        rc = brink_io_forecast_json_stage(p_forecast, &meta, agg, &af_forecast, err);
    if (!rc) {
        char *argv[] = {"brink", "forecast", NULL};
        brink_run_info ri = {.host = "test",
                             .threads = 1,
                             .argc = 2,
                             .argv = argv,
                             .started_utc = "2025-01-01T00:00:00Z",
                             .finished_utc = "2025-01-01T00:00:01Z",
                             .wall_seconds = 1,
                             .cpu_seconds = 1,
                             .runs = brink_aggregate_runs(agg),
                             .out_dir = dir};
        rc = brink_io_run_json_stage(p_run, &ri, &af_run, err);
    }
    if (!rc) {
        uint64_t len;
        rc = brink_runs_csv_sync(c.csv, &len, err);
    }
    if (!rc)
        rc = brink_afile_publish(&af_forecast, err);
    if (!rc)
        rc = brink_afile_publish(&af_run, err);
    if (!rc) {
        rc = brink_runs_csv_finish(c.csv, p_csv, err);
        c.csv = NULL;
    }
    if (!rc && brink_io_exists(ckpt))
        remove(ckpt);
out:
    brink_afile_abort(&af_forecast);
    brink_afile_abort(&af_run);
    brink_runs_csv_close(c.csv);
    brink_aggregate_free(agg);
    brink_free(series);
    brink_free(p_forecast);
    brink_free(p_run);
    brink_free(p_csv);
    brink_free(p_partial);
    brink_free(ckpt);
    return rc;
}

/* Asserts that dir holds only the files in allowed (a NULL-terminated list); returns how many. */
static int only_files(const char *dir, const char *const *allowed)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        int ok = 0;
        for (size_t i = 0; allowed[i]; i++)
            ok |= !strcmp(e->d_name, allowed[i]);
        if (!ok)
            print_error("unexpected file %s/%s\n", dir, e->d_name);
        assert_true(ok);
        n++;
    }
    closedir(d);
    return n;
}

static void remove_files(const char *dir)
{
    static const char *const names[] = {"forecast.json", "run.json", "runs.csv", "runs.csv.partial",
                                        "checkpoint"};
    char path[512];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        remove(path);
    }
}

static char *read_all(const char *dir, const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text = NULL;
    brink_error err;
    assert_int_equal(brink_io_read_file(path, 0, &text, len, &err), BRINK_OK);
    return text;
}

static void forecast_single_thread_every_k(void **state)
{
    (void)state;
    brink_scenario *sc = tiny();
    char dir[] = "/tmp/brink_alloc_fail_XXXXXX";
    assert_non_null(mkdtemp(dir));
    brink_error err;

    /* the reference, and the number of allocations it makes (twice: it must not vary) */
    brink_alloc_set_fail_after(-1);
    assert_int_equal(forecast(sc, dir, &err), BRINK_OK);
    long total = brink_alloc_count();
    size_t ref_len;
    char *ref = read_all(dir, "forecast.json", &ref_len);
    remove_files(dir);
    brink_alloc_set_fail_after(-1);
    assert_int_equal(forecast(sc, dir, &err), BRINK_OK);
    assert_int_equal(brink_alloc_count(), total);
    brink_alloc_set_fail_after(0);
    remove_files(dir);
    assert_true(total > 20);
    print_message("%ld allocations in a forecast\n", total);

    static const char *const leftovers[] = {"runs.csv.partial", "checkpoint", NULL};
    for (long k = 1; k <= total; k++) {
        brink_error_clear(&err);
        brink_alloc_set_fail_after(k);
        int rc = forecast(sc, dir, &err);
        brink_alloc_set_fail_after(0);
        if (rc != BRINK_ENOMEM)
            print_error("k = %ld of %ld: rc %d: %s\n", k, total, rc, err.message);
        assert_int_equal(rc, BRINK_ENOMEM);
        assert_int_equal(err.code, BRINK_ENOMEM);
        assert_true(err.message[0] != '\0');
        only_files(dir, leftovers); /* no result, no temporary file */
        remove_files(dir);
    }

    /* with the hook off again the same forecast comes out */
    assert_int_equal(forecast(sc, dir, &err), BRINK_OK);
    size_t len;
    char *again = read_all(dir, "forecast.json", &len);
    assert_int_equal(len, ref_len);
    assert_memory_equal(again, ref, len);
    static const char *const results[] = {"forecast.json", "run.json", "runs.csv", NULL};
    assert_int_equal(only_files(dir, results), 3);
    brink_free(again);
    brink_free(ref);
    remove_files(dir);
    assert_int_equal(rmdir(dir), 0);
    brink_scenario_free(sc);
}

/* ---- stakeholder tables into the negotiation models ---- */

static char *slurp(const char *path, size_t *len)
{
    char *text = NULL;
    brink_error err;
    assert_int_equal(brink_io_read_file(path, 0, &text, len, &err), BRINK_OK);
    return text;
}

/* BDM table -> expected-utility model. Returns BRINK_OK or the first error. */
static int bdm_eu(const char *text, size_t len, brink_error *err)
{
    brink_bdm_table *t = NULL;
    brink_eu_actor *actors = NULL;
    brink_eu_result *res = NULL;
    int rc = brink_bdm_csv_parse(text, len, "emission.csv", &t, err);
    if (!rc && !(actors = brink_calloc(t->n, sizeof *actors)))
        rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    if (!rc) {
        for (size_t i = 0; i < t->n; i++)
            actors[i] =
                (brink_eu_actor){t->names[i], t->capability[i], t->position[i], t->salience[i]};
        rc = brink_eu_run(actors, t->n, NULL, &res, err);
    }
    brink_eu_result_free(res);
    brink_free(actors);
    brink_bdm_table_free(t);
    return rc;
}

/* KTAB table -> spatial model. */
static int ktab_smp(const char *text, size_t len, brink_error *err)
{
    brink_smp_scenario *sc = NULL;
    brink_smp_result *res = NULL;
    int rc = brink_smp_csv_parse(text, len, "dummy.csv", &sc, err);
    if (!rc)
        rc = brink_smp_run(sc, NULL, NULL, &res, err);
    brink_smp_result_free(res);
    brink_smp_scenario_free(sc);
    return rc;
}

static void every_k(int (*f)(const char *, size_t, brink_error *), const char *path)
{
    size_t len;
    char *text = slurp(path, &len);
    brink_error err;
    brink_alloc_set_fail_after(-1);
    assert_int_equal(f(text, len, &err), BRINK_OK);
    long total = brink_alloc_count();
    brink_alloc_set_fail_after(0);
    assert_true(total > 2);
    for (long k = 1; k <= total; k++) {
        brink_error_clear(&err);
        brink_alloc_set_fail_after(k);
        int rc = f(text, len, &err);
        brink_alloc_set_fail_after(0);
        if (rc != BRINK_ENOMEM)
            print_error("%s: k = %ld of %ld: rc %d: %s\n", path, k, total, rc, err.message);
        assert_int_equal(rc, BRINK_ENOMEM);
        assert_int_equal(err.code, BRINK_ENOMEM);
    }
    brink_free(text);
}

static void bdm_table_into_eu_every_k(void **state)
{
    (void)state;
    every_k(bdm_eu, BRINK_TEST_DATA "/bargaining/emission_input.csv");
}

static void ktab_table_into_smp_every_k(void **state)
{
    (void)state;
    every_k(ktab_smp, BRINK_TEST_DATA "/smp/dummyData_3Dim.csv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(forecast_single_thread_every_k),
        cmocka_unit_test(bdm_table_into_eu_every_k),
        cmocka_unit_test(ktab_table_into_smp_every_k),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
