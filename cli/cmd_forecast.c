/* SPDX-License-Identifier: MIT */
/*
 * cmd_forecast.c — `brink forecast [SCENARIO]`: an ensemble of runs turned into probabilities
 * with Monte Carlo error, quantile bands and event chains.
 *
 * Files in --out DIR (each written under a temporary name and renamed): forecast.json (only what
 * the simulation determines; byte-identical at any --threads), run.json (host, threads, timings,
 * command line), runs.csv (one row per run); while the ensemble runs, runs.csv.partial and a
 * checkpoint after every block, which --resume continues from. Standard output: a table of the
 * questions; standard error: a progress bar on a terminal.
 *
 * Distributed (docs/distributed.md): with --shard K/N it runs only the indices i with
 * i mod N = K and writes DIR/partial-K-of-N, runs-K-of-N.csv and run-K-of-N.json for `brink
 * merge`; under mpirun (cli/mpi_ranks.h) rank 0 runs the ensemble and writes every file while the
 * other ranks run the runs it hands them.
 *
 * The results are published together: forecast.json and run.json are written and synced under
 * temporary names and runs.csv.partial is synced before any of them is renamed, so a failure to
 * write (a full disk) leaves every file of an earlier forecast in DIR as it was.
 *
 * Test hooks (environment variables, for the tests only): BRINK_TEST_STOP_AFTER=N stops the
 * ensemble once N runs are merged, leaving the checkpoint and partial files as a kill would
 * (exit 1); BRINK_TEST_KILL_AFTER=N raises SIGKILL right after the row of run N - 1 (the N-th run
 * merged) is handed to runs.csv.partial, so that a test can kill the process at a deterministic
 * point mid-ensemble and check that --resume gives the same bytes.
 */
#include "cli.h"

#include "io/forecast.h"
#include "io/io.h"
#include "io/partial.h"
#include "mpi_ranks.h"
#include "sim/ensemble.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char help[] =
    "usage: brink forecast [options] [SCENARIO]\n"
    "\n"
    "Runs an ensemble of the scenario (default: the built-in one) and writes the forecast:\n"
    "each question's probability with its Monte Carlo standard error and Wilson 95 % interval,\n"
    "quantile bands of every indicator at every step, and the most frequent event chains.\n"
    "\n"
    "options:\n"
    "  --runs N        number of runs (default 10000)\n"
    "  --precision P   instead of a fixed number: stop at the first block end where every\n"
    "                  modelled question's standard error is below P\n"
    "  --max-runs M    cap on the runs with --precision (default 1000000)\n"
    "  --block B       runs per block: checkpoints and precision checks (default 1000)\n"
    "  --threads T     worker threads (default: the number of cores); never changes results\n"
    "  --seed S        master seed (default: the scenario's)\n"
    "  --set PATH=VALUE  override a scenario value (repeatable; docs/scenario-format.md)\n"
    "  --out DIR       output directory (default brink-out)\n"
    "  --resume        continue from DIR's checkpoint\n"
    "  --shard K/N     run only the run indices i with i mod N = K and write a partial\n"
    "                  (DIR/partial-K-of-N) for `brink merge` (docs/distributed.md)\n"
    "  --no-report     do not write DIR/report.html\n"
    "  -q, --quiet     no progress bar and no table\n"
    "  -h, --help      show this help\n"
    "\n"
    "files in DIR: forecast.json, run.json, runs.csv, report.html (see docs/cli.md).\n"
    "exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 invalid input.\n";

typedef struct opts {
    const char *file, *out;
    unsigned long long runs, max_runs, block, threads, seed, stop_after, kill_after;
    double precision;
    int have_runs, have_max, have_seed, resume, quiet, no_report;
    unsigned long long shard_k, shard_n; /* --shard K/N (shard_n 0: none) */
    cli_sets sets;
} opts;

/* ---- the sink: runs.csv, checkpoints, progress ---- */

typedef struct forecast_ctx {
    brink_runs_csv *csv;
    brink_partial_chains *chains; /* --shard: every run's chain keys, for brink merge */
    const char *ckpt_path;
    uint64_t scenario_hash;
    int bar; /* draw a progress bar */
    int bar_drawn;
    int precision_mode;
    uint64_t start;      /* runs restored from a checkpoint */
    uint64_t kill_after; /* test hook: SIGKILL once this many runs are merged (0: off) */
    uint64_t shard_n;    /* --shard K/N: N (1 without) */
    struct timespec t0, last;
} forecast_ctx;

static double seconds_since(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) * 1e-9;
}

/* On the workers: the run's runs.csv row (brink_ensemble_prep), so that the merging thread only
 * writes it. */
static void prep_row(void *ctx, brink_run_summary *s)
{
    (void)ctx;
    brink_runs_csv_format(s, &s->row); /* a failure leaves s->row failed: sink_run reports it */
}

static int sink_run(void *ctx, const brink_run_summary *s, brink_error *err)
{
    forecast_ctx *c = ctx;
    int rc;
    if (brink_strbuf_failed(&s->row))
        rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    else if (s->row.len) /* formatted by prep_row */
        rc = brink_runs_csv_write(c->csv, s->row.data, s->row.len, err);
    else
        rc = brink_runs_csv_row(c->csv, s, err);
    if (!rc && c->chains) /* a shard's run k + N pos, pos = run / N */
        rc = brink_partial_chains_add(c->chains, s->run / c->shard_n, s, err);
    if (c->kill_after && s->run + 1 == c->kill_after)
        raise(SIGKILL); /* BRINK_TEST_KILL_AFTER: a crash at a known point, nothing flushed */
    return rc;
}

static int sink_block(void *ctx, const brink_aggregate *a, brink_error *err)
{
    forecast_ctx *c = ctx;
    uint64_t offset;
    int rc = brink_runs_csv_sync(c->csv, &offset, err);
    return rc ? rc : brink_io_checkpoint_write(c->ckpt_path, a, offset, c->scenario_hash, err);
}

static void clear_bar(forecast_ctx *c)
{
    if (c->bar_drawn) {
        fprintf(stderr, "\r%78s\r", "");
        fflush(stderr);
        c->bar_drawn = 0;
    }
}

static void sink_progress(void *ctx, uint64_t done, uint64_t target)
{
    forecast_ctx *c = ctx;
    if (!c->bar)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (done < target && c->bar_drawn && seconds_since(&c->last, &now) < 0.1)
        return;
    c->last = now;
    double el = seconds_since(&c->t0, &now);
    double rate = el > 0 ? (double)(done - c->start) / el : 0;
    if (c->precision_mode) {
        fprintf(stderr, "\rbrink: %llu runs (at most %llu), %.0f runs/s ", (unsigned long long)done,
                (unsigned long long)target, rate);
    } else {
        char bar[31];
        size_t fill = target ? (size_t)((double)done / (double)target * 30.0) : 30;
        for (size_t i = 0; i < 30; i++)
            bar[i] = i < fill ? '#' : '.';
        bar[30] = '\0';
        fprintf(stderr, "\rbrink: [%s] %3d%% %llu/%llu runs, %.0f runs/s ", bar,
                (int)(100.0 * (double)done / (double)target), (unsigned long long)done,
                (unsigned long long)target, rate);
    }
    fflush(stderr);
    c->bar_drawn = 1;
}

/* ---- the table ---- */

/* Prints s cut to at most max bytes on a UTF-8 character boundary, with "..." when cut. */
static void print_cut(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) {
        fputs(s, stdout);
        return;
    }
    size_t cut = max - 3;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    printf("%.*s...", (int)cut, s);
}

void cli_print_forecast_table(const brink_scenario *sc, const brink_aggregate *a, const char *out)
{
    const brink_ens_settings *st = brink_aggregate_settings(a);
    printf("%s: %llu runs (%llu failed), seed %llu; files in %s/\n\n",
           sc->name ? sc->name : "scenario", (unsigned long long)brink_aggregate_runs(a),
           (unsigned long long)brink_aggregate_failed(a), (unsigned long long)st->seed, out);
    int idw = 8;
    for (size_t q = 0; q < sc->nquestions; q++) {
        int l = (int)strlen(sc->questions[q].id);
        if (l > idw)
            idw = l < 32 ? l : 32;
    }
    /* "± se" is 4 columns wide but 5 bytes long; "reference" is the scenario's base-rate
     * forecast and "model-ref" the model's probability minus it (MODEL.md section 6) */
    printf("%-*s  %12s      ± se  %-18s  %9s  %9s  %s\n", idw, "question", "probability",
           "95 % interval", "reference", "model-ref", "text");
    for (size_t q = 0; q < sc->nquestions; q++) {
        const brink_question *qu = &sc->questions[q];
        brink_question_stat qs;
        brink_aggregate_question(a, q, &qs);
        char ref[24] = "-", diff[24] = "-";
        if (qu->has_reference) {
            snprintf(ref, sizeof ref, "%.4f", qu->ref_p);
            if (qs.modelled)
                snprintf(diff, sizeof diff, "%+.4f", qs.b.p - qu->ref_p);
        }
        if (!qs.modelled) {
            printf("%-*.*s  %12s  %8s  %-18s  ", idw, idw, qu->id, "not modelled", "", "");
        } else {
            char iv[40];
            snprintf(iv, sizeof iv, "[%.4f, %.4f]", qs.b.lo, qs.b.hi);
            printf("%-*.*s  %12.4f  ± %6.4f  %-18s  ", idw, idw, qu->id, qs.b.p, qs.b.se, iv);
        }
        printf("%9s  %9s  ", ref, diff);
        print_cut(qu->text ? qu->text : "", 60);
        putchar('\n');
    }
    uint64_t failed = brink_aggregate_failed(a);
    if (failed) {
        printf("\n%llu run%s failed; the first:\n", (unsigned long long)failed,
               failed == 1 ? "" : "s");
        const brink_ens_failure *f;
        for (size_t i = 0; i < 5 && (f = brink_aggregate_failure(a, i)) != NULL; i++)
            printf("  run %llu (seed %llu): %s\n", (unsigned long long)f->run,
                   (unsigned long long)f->seed, f->message);
    }
}

/* ---- options ---- */

static int parse_opts(int argc, char **argv, opts *o, int *done)
{
    *done = 0;
    memset(o, 0, sizeof *o);
    o->out = "brink-out";
    o->runs = BRINK_ENS_DEFAULT_RUNS;
    o->max_runs = BRINK_ENS_DEFAULT_MAX_RUNS;
    o->block = BRINK_ENS_DEFAULT_BLOCK;
    o->threads = cli_default_threads();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int orc;
        if (cli_is_help(a)) {
            fputs(help, stdout);
            *done = 1;
            return EXIT_OK;
        } else if (!strcmp(a, "--runs") && v) {
            if (cli_parse_size(v, BRINK_ENS_MAX_RUNS, &o->runs) || o->runs == 0)
                return cli_usage("forecast", "--runs needs a number from 1 to %llu",
                                 (unsigned long long)BRINK_ENS_MAX_RUNS);
            o->have_runs = 1, i++;
        } else if (!strcmp(a, "--max-runs") && v) {
            if (cli_parse_size(v, BRINK_ENS_MAX_RUNS, &o->max_runs) || o->max_runs == 0)
                return cli_usage("forecast", "--max-runs needs a number from 1 to %llu",
                                 (unsigned long long)BRINK_ENS_MAX_RUNS);
            o->have_max = 1, i++;
        } else if (!strcmp(a, "--block") && v) {
            if (cli_parse_size(v, BRINK_ENS_MAX_RUNS, &o->block) || o->block == 0)
                return cli_usage("forecast", "--block needs a number of runs >= 1");
            i++;
        } else if (cli_ensemble_opt("forecast", a, v, &i, &o->threads, &o->seed, &o->have_seed,
                                    &orc)) {
            if (orc)
                return orc;
        } else if (!strcmp(a, "--set")) {
            int rc = cli_take_set("forecast", &o->sets, v);
            if (rc)
                return rc;
            i++;
        } else if (!strcmp(a, "--precision") && v) {
            char *end;
            errno = 0;
            double p = strtod(v, &end);
            if (end == v || *end || errno || !(p > 0 && p < 0.5))
                return cli_usage("forecast", "--precision needs a number between 0 and 0.5 "
                                             "(a standard error, e.g. 0.005)");
            o->precision = p, i++;
        } else if (cli_output_opt("forecast", a, v, &i, &o->out, &o->quiet, &orc)) {
            if (orc)
                return orc;
        } else if (!strcmp(a, "--resume")) {
            o->resume = 1;
        } else if (!strcmp(a, "--shard") && v) {
            char *slash = strchr(v, '/'), kbuf[32];
            size_t kl = slash ? (size_t)(slash - v) : 0;
            if (!slash || kl == 0 || kl >= sizeof kbuf)
                return cli_usage("forecast", "--shard needs K/N with 0 <= K < N (e.g. 0/4)");
            memcpy(kbuf, v, kl);
            kbuf[kl] = '\0';
            if (cli_parse_size(kbuf, BRINK_ENS_MAX_RUNS, &o->shard_k) ||
                cli_parse_size(slash + 1, BRINK_ENS_MAX_RUNS, &o->shard_n) || o->shard_n == 0 ||
                o->shard_k >= o->shard_n)
                return cli_usage("forecast", "--shard needs K/N with 0 <= K < N (e.g. 0/4)");
            i++;
        } else if (!strcmp(a, "--no-report")) {
            o->no_report = 1;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage("forecast", "unknown option '%s' (or a missing value)", a);
        } else if (o->file) {
            return cli_usage("forecast", "more than one scenario given");
        } else {
            o->file = a;
        }
    }
    if (o->have_runs && o->precision > 0)
        return cli_usage("forecast", "--runs and --precision exclude each other");
    if (o->have_max && !(o->precision > 0))
        return cli_usage("forecast", "--max-runs goes with --precision");
    /* a shard cannot know where a --precision ensemble stops (that depends on every shard's
     * runs: use MPI), and it keeps no checkpoint (rerun a lost shard) */
    if (o->shard_n && o->precision > 0)
        return cli_usage("forecast", "--shard and --precision exclude each other (use mpirun "
                                     "for --precision over several machines)");
    if (o->shard_n && o->resume)
        return cli_usage("forecast", "--shard and --resume exclude each other (rerun the shard)");
    const char *env = getenv("BRINK_TEST_STOP_AFTER");
    if (env && *env && (cli_parse_size(env, BRINK_ENS_MAX_RUNS, &o->stop_after) || !o->stop_after))
        return cli_usage("forecast", "BRINK_TEST_STOP_AFTER needs a number of runs >= 1");
    env = getenv("BRINK_TEST_KILL_AFTER");
    if (env && *env && (cli_parse_size(env, BRINK_ENS_MAX_RUNS, &o->kill_after) || !o->kill_after))
        return cli_usage("forecast", "BRINK_TEST_KILL_AFTER needs a number of runs >= 1");
    return EXIT_OK;
}

static void utc_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(buf, n, "unknown");
}

int cmd_forecast(int argc, char **argv)
{
    opts o;
    int done;
    int code = parse_opts(argc, argv, &o, &done);
    if (code != EXIT_OK || done)
        return code;
    /* under mpirun: rank 0 runs the ensemble and writes, the others run runs (cli/mpi_ranks.h) */
    if (cli_mpi_start(NULL, NULL) != 0)
        return EXIT_RUNTIME;
    int rank = cli_mpi_rank(), ranks = cli_mpi_size();

    brink_error err;
    brink_error_clear(&err);
    char *owned = NULL, *ckpt = NULL, *p_forecast = NULL, *p_run = NULL, *p_csv = NULL,
         *p_partial = NULL;
    brink_scenario *sc = NULL;
    brink_series *series = NULL;
    brink_aggregate *agg = NULL;
    brink_afile af_forecast, af_run; /* staged results, published together */
    memset(&af_forecast, 0, sizeof af_forecast);
    memset(&af_run, 0, sizeof af_run);
    forecast_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    size_t nseries = 0, len = 0;
    long nsteps = 0;
    int rc;

    /* the scenario, and the hash of its text */
    const char *text, *name = o.file;
    if (o.file) {
        rc = brink_io_read_file(o.file, BRINK_DEFAULT_MAX_BYTES, &owned, &len, &err);
        text = owned;
    } else {
        text = brink_builtin_scenario(&len, &name);
        rc = BRINK_OK;
    }
    brink_load_options lo = {.sets = o.sets.v, .nsets = o.sets.n};
    if (!rc)
        rc = brink_scenario_load_buffer(text, len, name, &lo, &sc, &err);
    if (rc)
        goto fail;
    /* the scenario as simulated: its text and every --set, in order */
    ctx.scenario_hash = brink_io_fnv1a64(BRINK_FNV_OFFSET, text, len);
    for (size_t k = 0; k < o.sets.n; k++)
        ctx.scenario_hash = brink_io_fnv1a64(ctx.scenario_hash, o.sets.v[k], strlen(o.sets.v[k]) + 1);

    brink_ens_settings st = {
        .seed = o.have_seed ? o.seed : sc->seed,
        .runs = o.precision > 0 ? o.max_runs : o.runs,
        .precision = o.precision,
        .block = o.block,
    };
    rc = brink_ensemble_series(sc, &series, &nseries, &nsteps, &err);
    if (!rc)
        rc = brink_aggregate_new(&st, sc->nquestions, nseries, nsteps, &agg, &err);
    if (!rc && o.shard_n)
        rc = brink_aggregate_set_shard(agg, o.shard_k, o.shard_n, &err);
    if (!rc && ranks > 1) {
        /* every rank must simulate the same thing; then the other ranks just run runs */
        uint64_t fp[11] = {
            ctx.scenario_hash,
            st.seed,
            st.runs,
            0,
            st.block,
            o.shard_k,
            o.shard_n,
            sc->nquestions,
            nseries,
            (uint64_t)nsteps,
            brink_io_fnv1a64(BRINK_FNV_OFFSET, brink_version(), strlen(brink_version()))};
        memcpy(&fp[3], &st.precision, sizeof fp[3]);
        rc = cli_mpi_handshake(fp, 11, (unsigned)o.threads, &err);
        if (!rc && rank > 0) {
            rc = cli_mpi_work(sc, st.seed, (unsigned)o.threads, &err);
            if (!rc)
                goto out;
        }
    }
    if (!rc)
        rc = brink_io_mkdir(o.out, &err);
    if (rc)
        goto fail;
    /* a shard's files carry its name, so that every shard may write into one directory */
    char tag[64] = "", fname[96];
    if (o.shard_n)
        snprintf(tag, sizeof tag, "-%llu-of-%llu", o.shard_k, o.shard_n);
    snprintf(fname, sizeof fname, "checkpoint%s", tag);
    ckpt = brink_io_join(o.out, fname);
    if (o.shard_n)
        snprintf(fname, sizeof fname, "partial%s", tag);
    else
        snprintf(fname, sizeof fname, "forecast.json");
    p_forecast = brink_io_join(o.out, fname);
    snprintf(fname, sizeof fname, "run%s.json", tag);
    p_run = brink_io_join(o.out, fname);
    snprintf(fname, sizeof fname, "runs%s.csv", tag);
    p_csv = brink_io_join(o.out, fname);
    snprintf(fname, sizeof fname, "runs%s.csv.partial", tag);
    p_partial = brink_io_join(o.out, fname);
    if (!ckpt || !p_forecast || !p_run || !p_csv || !p_partial) {
        rc = brink_error_set(&err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    brink_forecast_meta meta = {sc, ctx.scenario_hash, series, nseries, nsteps};

    /* a fresh start or a resumed one */
    long long offset = -1;
    if (o.resume && brink_io_exists(ckpt)) {
        uint64_t off;
        rc = brink_io_checkpoint_read(ckpt, agg, &off, ctx.scenario_hash, &err);
        if (rc)
            goto fail;
        offset = (long long)off;
        ctx.start = brink_aggregate_runs(agg);
        if (!o.quiet)
            cli_msg("resuming after run %llu of %s", (unsigned long long)ctx.start, ckpt);
    } else {
        if (o.resume && !o.quiet)
            cli_msg("no checkpoint in %s; starting from run 0", o.out);
        if (brink_io_exists(ckpt) && remove(ckpt) != 0) {
            rc = brink_error_set(&err, BRINK_EIO, ckpt, 0, 0,
                                 "cannot remove a stale checkpoint: "
                                 "%s",
                                 strerror(errno));
            goto fail;
        }
    }
    rc = brink_runs_csv_open(p_partial, &meta, offset, &ctx.csv, &err);
    if (!rc && o.shard_n)
        rc = brink_partial_chains_new(sc->nquestions, &ctx.chains, &err);
    if (rc)
        goto fail;
    ctx.shard_n = o.shard_n ? o.shard_n : 1;

    ctx.ckpt_path = ckpt;
    ctx.kill_after = o.kill_after;
    ctx.bar = !o.quiet && isatty(fileno(stderr));
    ctx.precision_mode = o.precision > 0;
    char started[32], finished[32];
    utc_now(started, sizeof started);
    clock_t cpu0 = clock();
    clock_gettime(CLOCK_MONOTONIC, &ctx.t0);
    ctx.last = ctx.t0;
    /* a shard keeps no checkpoint: its partial needs every run's chain keys */
    brink_ensemble_sink sink = {&ctx, sink_run, o.shard_n ? NULL : sink_block, sink_progress};
    brink_ensemble_options eo = {(unsigned)o.threads, o.stop_after};
    int stopped = 0;
    brink_ensemble_remote remote;
    cli_mpi_remote(&remote, brink_aggregate_shard(agg, NULL, NULL));
    brink_ensemble_prep prep = {NULL, prep_row};
    rc = brink_ensemble_run_prep(sc, &eo, ranks > 1 ? &remote : NULL, &prep, agg, &sink, &stopped,
                                 &err);
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_t cpu1 = clock();
    utc_now(finished, sizeof finished);
    clear_bar(&ctx);
    if (rc)
        goto fail;
    if (stopped) {
        brink_runs_csv_close(ctx.csv);
        ctx.csv = NULL;
        cli_msg("stopped after %llu runs (BRINK_TEST_STOP_AFTER); continue with --resume",
                (unsigned long long)brink_aggregate_runs(agg));
        code = EXIT_RUNTIME;
        goto out;
    }

    /* the results: forecast.json and run.json written and synced under temporary names, and
     * runs.csv.partial synced, before anything is renamed (a full disk fails here and changes
     * none of DIR's earlier files); then the renames, runs.csv last, so that a crash before it
     * leaves runs.csv.partial and the checkpoint usable by --resume; then the checkpoint is no
     * longer needed */
    char host[256];
    if (gethostname(host, sizeof host) != 0)
        snprintf(host, sizeof host, "unknown");
    host[sizeof host - 1] = '\0';
    double cpu_seconds =
        cpu0 == (clock_t)-1 || cpu1 == (clock_t)-1 ? -1.0 : (double)(cpu1 - cpu0) / CLOCKS_PER_SEC;
    if (o.shard_n) {
        /* a shard: the partial for brink merge instead of forecast.json (committed first: it
         * is the result; run.json and runs-K-of-N.csv follow) */
        brink_partial_scenario pscn = {text, len, name, o.sets.v, o.sets.n, ctx.scenario_hash};
        brink_partial_info pinfo = {
            host, (unsigned)o.threads, seconds_since(&ctx.t0, &t1), cpu_seconds, started, finished};
        rc = brink_io_partial_write(p_forecast, agg, ctx.chains, &pscn, &pinfo, &err);
    } else {
        rc = brink_io_forecast_json_stage(p_forecast, &meta, agg, &af_forecast, &err);
    }
    if (!rc) {
        brink_run_info ri = {
            .host = host,
            .threads = (unsigned)o.threads,
            .argc = argc + 1,
            .argv = argv - 1, /* main's argv: "brink" before the command */
            .started_utc = started,
            .finished_utc = finished,
            .wall_seconds = seconds_since(&ctx.t0, &t1),
            .cpu_seconds = cpu_seconds,
            .resumed_from = ctx.start,
            .runs = brink_aggregate_runs(agg),
            .out_dir = o.out,
            .ranks = (unsigned)ranks,
            .shard_k = o.shard_k,
            .shard_n = o.shard_n,
        };
        rc = brink_io_run_json_stage(p_run, &ri, &af_run, &err);
    }
    if (!rc) {
        uint64_t csv_length;
        rc = brink_runs_csv_sync(ctx.csv, &csv_length, &err);
    }
    if (!rc && !o.shard_n)
        rc = brink_afile_publish(&af_forecast, &err);
    if (!rc)
        rc = brink_afile_publish(&af_run, &err);
    if (!rc) {
        rc = brink_runs_csv_finish(ctx.csv, p_csv, &err); /* closes it, whatever happens */
        ctx.csv = NULL;
    }
    if (rc)
        goto fail;
    if (brink_io_exists(ckpt))
        remove(ckpt);
    if (o.shard_n) {
        if (!o.quiet)
            printf("shard %llu of %llu: %llu runs (%llu failed), seed %llu; partial in %s\n",
                   o.shard_k, o.shard_n, (unsigned long long)brink_aggregate_runs(agg),
                   (unsigned long long)brink_aggregate_failed(agg), (unsigned long long)st.seed,
                   p_forecast);
        goto out;
    }
    if (!o.no_report && (code = cli_write_report(o.out)) != EXIT_OK) /* DIR/report.html */
        goto out;
    if (!o.quiet) {
        cli_print_forecast_table(sc, agg, o.out);
        if (fflush(stdout) != 0) {
            cli_msg("cannot write to standard output");
            code = EXIT_RUNTIME;
        }
    }
    goto out;

fail:
    clear_bar(&ctx);
    code = cli_mpi_abort(cli_error(&err)); /* under mpirun: ends every rank */
out:
    cli_mpi_finish();
    brink_partial_chains_free(ctx.chains);
    brink_afile_abort(&af_forecast); /* removes what was staged but not published */
    brink_afile_abort(&af_run);
    brink_runs_csv_close(ctx.csv);
    brink_aggregate_free(agg);
    brink_free(series);
    brink_scenario_free(sc);
    brink_free(owned);
    brink_free(ckpt);
    brink_free(p_forecast);
    brink_free(p_run);
    brink_free(p_csv);
    brink_free(p_partial);
    return code;
}
