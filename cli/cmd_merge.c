/* SPDX-License-Identifier: MIT */
/*
 * cmd_merge.c — `brink merge PARTIAL... --out DIR`: the forecast of a sharded ensemble.
 *
 * `brink forecast --shard K/N` leaves DIR/partial-K-of-N (the shard's aggregate and every run's
 * chain keys, io/partial.h), DIR/runs-K-of-N.csv and DIR/run-K-of-N.json. merge checks that the
 * partials are the N shards of one ensemble (a missing, duplicated or mismatched shard is an
 * error naming the file), assembles the aggregate exactly as one process would have merged it,
 * rebuilds the scenario from the text and --set overrides stored in the partials (checking its
 * hash), and writes forecast.json (byte-identical to a single-process forecast), run.json (the
 * shards: where, how long) and runs.csv (the shards' rows interleaved in run-index order, also
 * byte-identical; beside each partial its runs-K-of-N.csv is expected, or --no-csv). The files
 * are staged and published together, as brink forecast does.
 */
#include "cli.h"

#include "io/forecast.h"
#include "io/io.h"
#include "io/jsonw.h"
#include "io/partial.h"
#include "sim/ensemble.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char help[] =
    "usage: brink merge [options] PARTIAL...\n"
    "\n"
    "Combines the partials written by `brink forecast --shard K/N` (DIR/partial-K-of-N, one for\n"
    "every K of one N) into the forecast of the whole ensemble: forecast.json byte-identical to\n"
    "a single process, run.json (the shards), runs.csv (the shards' rows in run-index order).\n"
    "\n"
    "options:\n"
    "  --out DIR       output directory (default brink-out)\n"
    "  --no-csv        do not merge runs.csv (else runs-K-of-N.csv must lie beside each partial)\n"
    "  --no-report     do not write DIR/report.html\n"
    "  -q, --quiet     no table\n"
    "  -h, --help      show this help\n"
    "\n"
    "exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 a partial that is corrupt, missing,\n"
    "given twice or of another ensemble. See docs/distributed.md.\n";

/* ---- runs.csv: the shards' rows in run-index order ---- */

/* Reads one CSV record (up to a newline outside quotes, the newline included) from f into *b.
 * Returns 1 when a record was read, 0 at the end of the file, -1 on a read error or memory. */
static int read_record(FILE *f, char **b, size_t *cap, size_t *len)
{
    *len = 0;
    int quoted = 0, c;
    while ((c = getc(f)) != EOF) {
        if (*len + 2 > *cap) {
            size_t ncap = *cap ? 2 * *cap : 4096;
            char *nb = realloc(*b, ncap);
            if (!nb)
                return -1;
            *b = nb;
            *cap = ncap;
        }
        (*b)[(*len)++] = (char)c;
        if (c == '"')
            quoted = !quoted;
        else if (c == '\n' && !quoted)
            break;
    }
    if (ferror(f))
        return -1;
    if (*len)
        (*b)[*len] = '\0';
    return *len > 0;
}

/* The path of runs-K-of-N.csv beside the partial at part (new, freed with brink_free). */
static char *csv_beside(const char *part, uint64_t k, uint64_t n)
{
    const char *slash = strrchr(part, '/');
    size_t dl = slash ? (size_t)(slash - part) + 1 : 0;
    char name[96];
    snprintf(name, sizeof name, "runs-%" PRIu64 "-of-%" PRIu64 ".csv", k, n);
    size_t len = dl + strlen(name) + 1;
    char *p = brink_malloc(len);
    if (p)
        snprintf(p, len, "%.*s%s", (int)dl, part, name);
    return p;
}

/* Interleaves the shards' runs-K-of-N.csv (by_k[k] is shard k's partial) into out, checking
 * that every file has the same header and, row by row, the run index it should. */
static int merge_csv(brink_partial *const *by_k, uint64_t nshards, uint64_t runs, FILE *out,
                     brink_error *err)
{
    FILE **in = brink_calloc((size_t)nshards, sizeof *in);
    char **path = brink_calloc((size_t)nshards, sizeof *path);
    char *b = NULL, *head = NULL;
    size_t cap = 0, len = 0;
    int rc = BRINK_OK;
    if (!in || !path)
        rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    for (uint64_t k = 0; !rc && k < nshards; k++) {
        path[k] = csv_beside(by_k[k]->path, k, nshards);
        if (!path[k]) {
            rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        in[k] = fopen(path[k], "rb");
        if (!in[k]) {
            rc = brink_error_set(err, BRINK_EIO, path[k], 0, 0,
                                 "cannot open: %s (merge with --no-csv to leave runs.csv out)",
                                 strerror(errno));
            break;
        }
        int got = read_record(in[k], &b, &cap, &len);
        if (got < 0)
            rc = brink_error_set(err, BRINK_EIO, path[k], 0, 0, "cannot read");
        else if (got == 0)
            rc = brink_error_set(err, BRINK_EINVAL, path[k], 1, 1, "no header row");
        else if (k == 0) {
            head = brink_strdup(b);
            if (!head)
                rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
            else if (fputs(head, out) == EOF)
                rc = brink_error_set(err, BRINK_EIO, NULL, 0, 0, "cannot write: %s",
                                     strerror(errno));
        } else if (strcmp(b, head) != 0)
            rc = brink_error_set(err, BRINK_EINVAL, path[k], 1, 1, "its header differs from %s's",
                                 path[0]);
    }
    for (uint64_t i = 0; !rc && i < runs; i++) {
        uint64_t k = i % nshards;
        int got = read_record(in[k], &b, &cap, &len);
        char want[32];
        int wl = snprintf(want, sizeof want, "%" PRIu64 ",", i);
        if (got < 0)
            rc = brink_error_set(err, BRINK_EIO, path[k], 0, 0, "cannot read");
        else if (got == 0 || strncmp(b, want, (size_t)wl) != 0)
            rc = brink_error_set(err, BRINK_EINVAL, path[k], (int)(i / nshards + 2), 1,
                                 "expected the row of run %" PRIu64 " here", i);
        else if (fwrite(b, 1, len, out) != len)
            rc = brink_error_set(err, BRINK_EIO, NULL, 0, 0, "cannot write: %s", strerror(errno));
    }
    for (uint64_t k = 0; !rc && k < nshards; k++) {
        int got = read_record(in[k], &b, &cap, &len);
        if (got != 0)
            rc = brink_error_set(err, BRINK_EINVAL, path[k], 0, 0,
                                 "has more rows than the shard's %llu runs",
                                 (unsigned long long)brink_aggregate_runs(by_k[k]->agg));
    }
    for (uint64_t k = 0; in && k < nshards; k++)
        if (in[k])
            fclose(in[k]);
    for (uint64_t k = 0; path && k < nshards; k++)
        brink_free(path[k]);
    brink_free(in);
    brink_free(path);
    free(b);
    brink_free(head);
    return rc;
}

/* ---- run.json of a merge: the shards ---- */

static int stage_run_json(const char *path, int argc, char **argv, brink_partial *const *by_k,
                          uint64_t nshards, uint64_t runs, const char *out_dir, brink_afile *out,
                          brink_error *err)
{
    memset(out, 0, sizeof *out);
    brink_afile af;
    int rc = brink_afile_open(&af, path, err);
    if (rc)
        return rc;
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(now, sizeof now, "unknown");
    brink_jsonw w;
    brink_jsonw_init(&w, af.f);
    brink_jsonw_begin_object(&w);
    brink_jsonw_key(&w, "brink");
    brink_jsonw_string(&w, brink_version());
    brink_jsonw_key(&w, "command");
    brink_jsonw_begin_inline(&w);
    for (int i = 0; i < argc; i++)
        brink_jsonw_string(&w, argv[i]);
    brink_jsonw_end_array(&w);
    brink_jsonw_key(&w, "merged");
    brink_jsonw_string(&w, now);
    brink_jsonw_key(&w, "out");
    brink_jsonw_string(&w, out_dir);
    brink_jsonw_key(&w, "runs");
    brink_jsonw_uint(&w, runs);
    double wall = 0, cpu = 0;
    int cpu_known = 1;
    brink_jsonw_key(&w, "shards");
    brink_jsonw_begin_array(&w);
    for (uint64_t k = 0; k < nshards; k++) {
        const brink_partial *p = by_k[k];
        brink_jsonw_begin_object(&w);
        brink_jsonw_key(&w, "k");
        brink_jsonw_uint(&w, p->shard_k);
        brink_jsonw_key(&w, "n");
        brink_jsonw_uint(&w, p->shard_n);
        brink_jsonw_key(&w, "partial");
        brink_jsonw_string(&w, p->path);
        brink_jsonw_key(&w, "runs");
        brink_jsonw_uint(&w, brink_aggregate_runs(p->agg));
        brink_jsonw_key(&w, "host");
        brink_jsonw_string(&w, p->host);
        brink_jsonw_key(&w, "threads");
        brink_jsonw_uint(&w, p->threads);
        brink_jsonw_key(&w, "started");
        brink_jsonw_string(&w, p->started_utc);
        brink_jsonw_key(&w, "finished");
        brink_jsonw_string(&w, p->finished_utc);
        brink_jsonw_key(&w, "wall_seconds");
        brink_jsonw_double(&w, p->wall_seconds);
        brink_jsonw_key(&w, "cpu_seconds");
        if (p->cpu_seconds >= 0)
            brink_jsonw_double(&w, p->cpu_seconds);
        else
            brink_jsonw_null(&w);
        brink_jsonw_end_object(&w);
        wall = p->wall_seconds > wall ? p->wall_seconds : wall;
        if (p->cpu_seconds >= 0)
            cpu += p->cpu_seconds;
        else
            cpu_known = 0;
    }
    brink_jsonw_end_array(&w);
    brink_jsonw_key(&w, "longest_shard_wall_seconds");
    brink_jsonw_double(&w, wall);
    brink_jsonw_key(&w, "cpu_seconds");
    if (cpu_known)
        brink_jsonw_double(&w, cpu);
    else
        brink_jsonw_null(&w);
    brink_jsonw_end_object(&w);
    return brink_io_json_stage_end(&w, &af, path, out, err);
}

int cmd_merge(int argc, char **argv)
{
    const char *out = "brink-out";
    int no_csv = 0, no_report = 0, quiet = 0;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    if (!files) {
        cli_msg("out of memory");
        return EXIT_RUNTIME;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(help, stdout);
            free(files);
            return EXIT_OK;
        } else if (!strcmp(a, "--out") && i + 1 < argc && argv[i + 1][0]) {
            out = argv[++i];
        } else if (!strcmp(a, "--no-csv")) {
            no_csv = 1;
        } else if (!strcmp(a, "--no-report")) {
            no_report = 1;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (a[0] == '-' && a[1]) {
            free(files);
            return cli_usage("merge", "unknown option '%s' (or a missing value)", a);
        } else {
            files[nfiles++] = a;
        }
    }
    if (nfiles == 0) {
        free(files);
        return cli_usage("merge", "no partial given (DIR/partial-K-of-N of brink forecast "
                                  "--shard K/N)");
    }

    brink_error err;
    brink_error_clear(&err);
    int code = EXIT_OK, rc = BRINK_OK;
    brink_partial **parts = brink_calloc(nfiles, sizeof *parts);
    brink_partial **by_k = NULL;
    brink_aggregate *agg = NULL;
    brink_scenario *sc = NULL;
    brink_series *series = NULL;
    size_t nseries = 0;
    long nsteps = 0;
    char *p_forecast = NULL, *p_run = NULL, *p_csv = NULL, *p_tmp = NULL;
    brink_afile af_forecast, af_run;
    memset(&af_forecast, 0, sizeof af_forecast);
    memset(&af_run, 0, sizeof af_run);
    FILE *csv = NULL;
    if (!parts)
        rc = brink_error_set(&err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; !rc && i < nfiles; i++)
        rc = brink_io_partial_read(files[i], &parts[i], &err);
    if (!rc)
        rc = brink_partials_merge(parts, nfiles, &agg, &err);
    if (rc)
        goto fail;
    uint64_t nshards = parts[0]->shard_n, runs = brink_aggregate_runs(agg);
    by_k = brink_calloc((size_t)nshards, sizeof *by_k);
    if (!by_k) {
        rc = brink_error_set(&err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < nfiles; i++)
        by_k[parts[i]->shard_k] = parts[i];

    /* the scenario the shards simulated, rebuilt from the partial and checked by its hash */
    const brink_partial *p0 = parts[0];
    brink_load_options lo = {.sets = (const char *const *)p0->sets, .nsets = p0->nsets};
    uint64_t hash = brink_io_fnv1a64(BRINK_FNV_OFFSET, p0->text, p0->len);
    for (size_t k = 0; k < p0->nsets; k++)
        hash = brink_io_fnv1a64(hash, p0->sets[k], strlen(p0->sets[k]) + 1);
    if (hash != p0->hash) {
        rc = brink_error_set(&err, BRINK_EINVAL, p0->path, 0, 0,
                             "the partial is corrupt (its scenario does not match its hash)");
        goto fail;
    }
    rc = brink_scenario_load_buffer(p0->text, p0->len, p0->name, &lo, &sc, &err);
    if (!rc)
        rc = brink_ensemble_series(sc, &series, &nseries, &nsteps, &err);
    if (!rc && (nseries != p0->nseries || nsteps != p0->nsteps || sc->nquestions != p0->nq))
        rc = brink_error_set(&err, BRINK_EINVAL, p0->path, 0, 0,
                             "made by a brink whose scenario has another shape than this one's "
                             "(%zu questions, %zu series, %ld steps)",
                             p0->nq, p0->nseries, p0->nsteps);
    if (!rc)
        rc = brink_io_mkdir(out, &err);
    if (rc)
        goto fail;
    p_forecast = brink_io_join(out, "forecast.json");
    p_run = brink_io_join(out, "run.json");
    p_csv = brink_io_join(out, "runs.csv");
    p_tmp = brink_io_join(out, "runs.csv.partial");
    if (!p_forecast || !p_run || !p_csv || !p_tmp) {
        rc = brink_error_set(&err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    /* runs.csv first (it can fail on a shard's file), into a temporary name */
    if (!no_csv) {
        csv = fopen(p_tmp, "wb");
        if (!csv)
            rc =
                brink_error_set(&err, BRINK_EIO, p_tmp, 0, 0, "cannot create: %s", strerror(errno));
        if (!rc)
            rc = merge_csv(by_k, nshards, runs, csv, &err);
        if (!rc && (fflush(csv) != 0 || brink_io_sync(csv) != 0 || ferror(csv)))
            rc = brink_error_set(&err, BRINK_EIO, p_tmp, 0, 0, "cannot write: %s", strerror(errno));
        if (rc && !err.file[0])
            snprintf(err.file, sizeof err.file, "%s", p_tmp);
        if (rc)
            goto fail;
    }
    brink_forecast_meta meta = {sc, p0->hash, series, nseries, nsteps};
    rc = brink_io_forecast_json_stage(p_forecast, &meta, agg, &af_forecast, &err);
    if (!rc)
        rc = stage_run_json(p_run, argc + 1, argv - 1, by_k, nshards, runs, out, &af_run, &err);
    if (!rc)
        rc = brink_afile_publish(&af_forecast, &err);
    if (!rc)
        rc = brink_afile_publish(&af_run, &err);
    if (!rc && csv) {
        int bad = fclose(csv) != 0;
        csv = NULL;
        if (bad || rename(p_tmp, p_csv) != 0)
            rc = brink_error_set(&err, BRINK_EIO, p_csv, 0, 0, "cannot write: %s", strerror(errno));
    }
    if (rc)
        goto fail;
    if (!no_report && (code = cli_write_report(out)) != EXIT_OK)
        goto done;
    if (!quiet) {
        printf("merged %llu shards of %llu runs\n", (unsigned long long)nshards,
               (unsigned long long)runs);
        cli_print_forecast_table(sc, agg, out);
        if (fflush(stdout) != 0) {
            cli_msg("cannot write to standard output");
            code = EXIT_RUNTIME;
        }
    }
    goto done;

fail:
    code = cli_error(&err);
done:
    if (csv) {
        fclose(csv);
        remove(p_tmp);
    }
    brink_afile_abort(&af_forecast);
    brink_afile_abort(&af_run);
    for (size_t i = 0; parts && i < nfiles; i++)
        brink_partial_free(parts[i]);
    brink_free(parts);
    brink_free(by_k);
    brink_aggregate_free(agg);
    brink_scenario_free(sc);
    brink_free(series);
    brink_free(p_forecast);
    brink_free(p_run);
    brink_free(p_csv);
    brink_free(p_tmp);
    free(files);
    return code;
}
