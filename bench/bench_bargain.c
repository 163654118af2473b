/* SPDX-License-Identifier: MIT */
/*
 * bench_bargain.c — how long the negotiation models take (issue 3, item 6).
 *
 * Three measurements, each printed as a Markdown table beside a baseline timed in the same
 * invocation, so that the ratio stays meaningful on a noisy machine:
 *   1. In-process time per complete run on random stakeholder tables, N in {5, 10, 20, 40, 80}
 *      actors x D in {1, 2, 3} dimensions, for every model as `brink bargain` runs it: the
 *      expected-utility model dimension by dimension (preset scholz-code, 10 rounds), the spatial
 *      model on all dimensions (smpc defaults, deterministic), and the weighted mean, lower
 *      weighted median and Nash baselines dimension by dimension. The baseline of each cell is
 *      the weighted mean on the same table, timed in the same repetitions.
 *   2. `brink bargain --model smp` on a generated N = 40, D = 3 smpc CSV as a whole process
 *      (posix_spawn + waitpid, output to /dev/null), beside `brink bargain --model mean` on the
 *      same file and `brink --version` (process start alone). Target: under 10 ms per run.
 *   3. The expected-utility model on the emission-standards case (tests/data/bargaining/
 *      emission_input.csv, read with brink_csv_parse), in runs per second, beside the weighted
 *      mean on the same ten actors. Target: 2 x 10^4 runs per second or more.
 *
 * Method: each figure is the median over --reps repetitions; a repetition times a batch of k
 * runs with clock_gettime(CLOCK_MONOTONIC), k chosen once so that a batch lasts at least
 * --min-time seconds, and the models of one cell are timed in turn within every repetition.
 * Tables come from brink_rng / brink_dist with a fixed seed (one keyed sub-stream per N, D), so
 * every invocation benchmarks the same inputs. Single-threaded: every figure is per core.
 *
 * This is a measuring program, not a test: it asserts nothing and exits 0 unless a model
 * fails or an input cannot be read (1) or the command line is wrong (2).
 */
#include "brink.h"

#include "bargain/baseline.h"
#include "bargain/eu.h"
#include "bargain/smp.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#ifndef BENCH_BRINK_EXE
#define BENCH_BRINK_EXE ""
#endif
#ifndef BENCH_DATA_DIR
#define BENCH_DATA_DIR "tests/data"
#endif

#define BENCH_SEED 20250607u /* master seed of the random tables */
#define MAX_REPS 101
#define EU_TARGET_RUNS_PER_S 2e4
#define SMP_PROCESS_TARGET_S 10e-3

static const size_t bench_n[] = {5, 10, 20, 40, 80};
static const size_t bench_d[] = {1, 2, 3};

/* ============================================================================================ */
/* Timing                                                                                       */
/* ============================================================================================ */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of x[0..n) (sorts x). */
static double median_of(double *x, size_t n)
{
    qsort(x, n, sizeof *x, cmp_double);
    return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

/* ============================================================================================ */
/* Random stakeholder tables                                                                    */
/* ============================================================================================ */

/* N actors on D dimensions, in the shapes every model wants; all arrays owned. */
typedef struct table {
    size_t n, d;
    double *cap;           /* [n] capability, lognormal */
    double *pos;           /* [n*d] positions, 0-100, row-major */
    double *sal;           /* [n*d] saliences in percent, summing to at most 100 per actor */
    double *col_pos;       /* [d*n] positions of dimension k at k*n */
    double *col_sal;       /* [d*n] saliences on 0-1 of dimension k at k*n */
    brink_eu_actor *eu;    /* [d*n] the expected-utility actors of dimension k at k*n */
    brink_smp_scenario sc; /* borrows cap, pos, sal */
} table;

static void table_free(table *t)
{
    free(t->cap);
    free(t->pos);
    free(t->sal);
    free(t->col_pos);
    free(t->col_sal);
    free(t->eu);
    memset(t, 0, sizeof *t);
}

/* Fills *t with a random table; returns 0, or -1 when out of memory (or d > 8). Capabilities are
 * lognormal (median 1); positions uniform on [0, 100]; each actor spreads a total salience drawn
 * from [20, 95] percent over the dimensions in proportion to uniform [0.05, 1] draws. */
static int table_random(table *t, size_t n, size_t d)
{
    memset(t, 0, sizeof *t);
    if (d > 8)
        return -1;
    t->n = n;
    t->d = d;
    t->cap = calloc(n, sizeof *t->cap);
    t->pos = calloc(n * d, sizeof *t->pos);
    t->sal = calloc(n * d, sizeof *t->sal);
    t->col_pos = calloc(n * d, sizeof *t->col_pos);
    t->col_sal = calloc(n * d, sizeof *t->col_sal);
    t->eu = calloc(n * d, sizeof *t->eu);
    if (!t->cap || !t->pos || !t->sal || !t->col_pos || !t->col_sal || !t->eu) {
        table_free(t);
        return -1;
    }
    brink_rng rng;
    const uint64_t keys[2] = {(uint64_t)n, (uint64_t)d};
    brink_rng_seed_keys(&rng, BENCH_SEED, 0, keys, 2);
    for (size_t i = 0; i < n; i++) {
        t->cap[i] = brink_dist_lognormal(&rng, 0.0, 1.0);
        double raw[8], sum = 0.0;
        for (size_t k = 0; k < d; k++) {
            t->pos[i * d + k] = brink_dist_uniform(&rng, 0.0, 100.0);
            raw[k] = brink_dist_uniform(&rng, 0.05, 1.0);
            sum += raw[k];
        }
        double total = brink_dist_uniform(&rng, 20.0, 95.0);
        for (size_t k = 0; k < d; k++)
            t->sal[i * d + k] = total * raw[k] / sum;
    }
    for (size_t k = 0; k < d; k++)
        for (size_t i = 0; i < n; i++) {
            t->col_pos[k * n + i] = t->pos[i * d + k];
            t->col_sal[k * n + i] = t->sal[i * d + k] / 100.0;
            t->eu[k * n + i].name = NULL;
            t->eu[k * n + i].capability = t->cap[i];
            t->eu[k * n + i].position = t->pos[i * d + k];
            t->eu[k * n + i].salience = t->sal[i * d + k] / 100.0;
        }
    t->sc.n_actors = n;
    t->sc.n_dims = d;
    t->sc.capability = t->cap;
    t->sc.position = t->pos;
    t->sc.salience = t->sal;
    return 0;
}

/* Writes t in smpc's CSV layout to f (numbers in round-trip form). Returns 0 or -1. */
static int table_write_smpc(const table *t, FILE *f)
{
    char b[40];
    fprintf(f, "bench-N%zu-D%zu,random table (seed %u),%zu,%zu\n", t->n, t->d, BENCH_SEED, t->n,
            t->d);
    fprintf(f, "Actor,Description,Power");
    for (size_t k = 0; k < t->d; k++)
        fprintf(f, ",Pstn%zu,Sal%zu", k + 1, k + 1);
    fprintf(f, "\n");
    for (size_t i = 0; i < t->n; i++) {
        fprintf(f, "A%03zu,random actor,%s", i + 1, brink_format_double(t->cap[i], b, sizeof b));
        for (size_t k = 0; k < t->d; k++) {
            fprintf(f, ",%s", brink_format_double(t->pos[i * t->d + k], b, sizeof b));
            fprintf(f, ",%s", brink_format_double(t->sal[i * t->d + k], b, sizeof b));
        }
        fprintf(f, "\n");
    }
    return ferror(f) ? -1 : 0;
}

/* ============================================================================================ */
/* The models, each one complete run as `brink bargain` does it                                 */
/* ============================================================================================ */

/* A complete run of one model on t. Adds something of the result to *sink (so that nothing can
 * be optimised away) and returns BRINK_OK or the model's error code. */
typedef int (*model_fn)(const table *t, double *sink);

static int run_mean(const table *t, double *sink)
{
    for (size_t k = 0; k < t->d; k++) {
        double x;
        int rc = brink_baseline_weighted_mean(&t->col_pos[k * t->n], t->cap, &t->col_sal[k * t->n],
                                              t->n, &x, NULL);
        if (rc)
            return rc;
        *sink += x;
    }
    return BRINK_OK;
}

static int run_median(const table *t, double *sink)
{
    for (size_t k = 0; k < t->d; k++) {
        double x;
        int rc = brink_baseline_weighted_median(&t->col_pos[k * t->n], t->cap,
                                                &t->col_sal[k * t->n], t->n, &x, NULL);
        if (rc)
            return rc;
        *sink += x;
    }
    return BRINK_OK;
}

static int run_nash(const table *t, double *sink)
{
    for (size_t k = 0; k < t->d; k++) {
        double x;
        /* range 100: the full smpc scale, as `brink bargain` uses for such tables */
        int rc = brink_baseline_nash(&t->col_pos[k * t->n], t->cap, &t->col_sal[k * t->n], t->n,
                                     100.0, &x, NULL);
        if (rc)
            return rc;
        *sink += x;
    }
    return BRINK_OK;
}

static int run_eu(const table *t, double *sink)
{
    brink_eu_options opt = brink_eu_options_scholz_code();
    for (size_t k = 0; k < t->d; k++) {
        brink_eu_result *res = NULL;
        int rc = brink_eu_run(&t->eu[k * t->n], t->n, &opt, &res, NULL);
        if (rc)
            return rc;
        *sink += res->median[res->rounds];
        brink_eu_result_free(res);
    }
    return BRINK_OK;
}

static int run_smp(const table *t, double *sink)
{
    brink_smp_result *res = NULL;
    int rc = brink_smp_run(&t->sc, NULL, NULL, &res, NULL);
    if (rc)
        return rc;
    *sink += res->positions[(size_t)res->turns * t->n * t->d];
    brink_smp_result_free(res);
    return BRINK_OK;
}

typedef struct model {
    const char *name;
    model_fn fn;
} model;

static const model models[] = {
    {"mean", run_mean}, {"median", run_median}, {"nash", run_nash},
    {"eu", run_eu},     {"smp", run_smp},
};
#define N_MODELS (sizeof models / sizeof models[0])

/* ============================================================================================ */
/* Repetitions                                                                                  */
/* ============================================================================================ */

typedef struct settings {
    int reps;          /* repetitions per figure (odd, so the median is one of them) */
    double min_time;   /* seconds a timed batch lasts at least */
    int spawns;        /* processes started per command in the process benchmark */
    const char *brink; /* path of the brink executable ("" = skip the process benchmark) */
    const char *data;  /* tests/data */
    int quick;         /* N up to 40 and fewer repetitions */
} settings;

/* Keeps the results of timed runs alive (volatile: the compiler must store every sum). */
static volatile double sink_total;

/* FNV-1a over the bytes of every result the untimed runs produce: equal digests mean
 * bit-identical results, which is how an optimisation of a model is checked on these tables. */
static uint64_t result_digest = 0xcbf29ce484222325u;

static void digest_doubles(const double *x, size_t n)
{
    const unsigned char *b = (const unsigned char *)x;
    for (size_t i = 0; i < n * sizeof *x; i++) {
        result_digest ^= b[i];
        result_digest *= 0x100000001b3u;
    }
}

/* Seconds one run of fn on t takes, timed over a batch of k runs; negative on a model error. */
static double time_batch(model_fn fn, const table *t, long k, int *rc)
{
    double sink = 0.0;
    *rc = 0;
    double t0 = now_s();
    for (long r = 0; r < k; r++) {
        *rc = fn(t, &sink);
        if (*rc)
            return -1.0;
    }
    double t1 = now_s();
    sink_total += sink;
    return (t1 - t0) / (double)k;
}

/* Batch size for fn on t: enough runs to last min_time (one trial run decides, after a warm-up
 * run). Returns 0 on a model error. */
static long batch_size(model_fn fn, const table *t, double min_time, int *rc)
{
    double one = time_batch(fn, t, 1, rc);
    if (*rc)
        return 0;
    one = time_batch(fn, t, 1, rc);
    if (*rc)
        return 0;
    if (one <= 0.0)
        one = 1e-9;
    double k = ceil(min_time / one);
    if (k < 1.0)
        k = 1.0;
    if (k > 1e8)
        k = 1e8;
    /* a trial run below 1 ms is too coarse to size a long batch on: refine once */
    if (one < 1e-3 && k > 10.0) {
        long k0 = (long)(k / 10.0);
        double ten = time_batch(fn, t, k0, rc);
        if (*rc)
            return 0;
        k = ceil(min_time / (ten > 0.0 ? ten : 1e-9));
        if (k < 1.0)
            k = 1.0;
        if (k > 1e8)
            k = 1e8;
    }
    return (long)k;
}

/* Model outcome sizes, reported beside the times: EU rounds (summed over dimensions) and smp
 * turns. Adds the positions (and smp's probabilities) to the result digest. */
static void outcome_sizes(const table *t, int *eu_rounds, int *smp_turns)
{
    brink_eu_options opt = brink_eu_options_scholz_code();
    *eu_rounds = 0;
    for (size_t k = 0; k < t->d; k++) {
        brink_eu_result *res = NULL;
        if (brink_eu_run(&t->eu[k * t->n], t->n, &opt, &res, NULL) == BRINK_OK) {
            *eu_rounds += res->rounds;
            digest_doubles(res->position, ((size_t)res->rounds + 1) * t->n);
        }
        brink_eu_result_free(res);
    }
    brink_smp_result *sres = NULL;
    *smp_turns = -1;
    if (brink_smp_run(&t->sc, NULL, NULL, &sres, NULL) == BRINK_OK) {
        size_t states = (size_t)sres->turns + 1;
        *smp_turns = sres->turns;
        digest_doubles(sres->positions, states * t->n * t->d);
        digest_doubles(sres->position_prob, states * t->n);
    }
    brink_smp_result_free(sres);
}

/* Formats seconds as a time with a unit chosen for 3-4 significant figures. */
static const char *fmt_time(double s, char *buf, size_t n)
{
    if (s < 1e-6)
        snprintf(buf, n, "%.1f ns", s * 1e9);
    else if (s < 1e-3)
        snprintf(buf, n, "%.2f µs", s * 1e6);
    else if (s < 1.0)
        snprintf(buf, n, "%.2f ms", s * 1e3);
    else
        snprintf(buf, n, "%.3f s", s);
    return buf;
}

/* Section 1: every model on every random table. Fills smp40x3 with the spatial model's median
 * time at N = 40, D = 3 (for the summary). Returns 0 or 1 (a model failed). */
static int bench_tables(const settings *s, double *smp40x3, double *smp40x3_ratio)
{
    printf("## 1. Time per complete run, in process (median of %d repetitions)\n\n", s->reps);
    printf("Random tables (seed %u); the ratio in parentheses is the model's time over the\n"
           "weighted mean's on the same table in the same repetitions.\n\n",
           BENCH_SEED);
    printf("| N | D | mean | median | nash | eu (rounds) | smp (turns) |\n");
    printf("|---:|---:|---:|---:|---:|---:|---:|\n");
    fflush(stdout);
    for (size_t ni = 0; ni < sizeof bench_n / sizeof bench_n[0]; ni++) {
        size_t n = bench_n[ni];
        if (s->quick && n > 40)
            continue;
        for (size_t di = 0; di < sizeof bench_d / sizeof bench_d[0]; di++) {
            size_t d = bench_d[di];
            table t;
            if (table_random(&t, n, d)) {
                fprintf(stderr, "bench_bargain: out of memory\n");
                return 1;
            }
            long k[N_MODELS];
            double times[N_MODELS][MAX_REPS];
            int rc = 0;
            for (size_t m = 0; m < N_MODELS && !rc; m++)
                k[m] = batch_size(models[m].fn, &t, s->min_time, &rc);
            for (int r = 0; r < s->reps && !rc; r++)
                for (size_t m = 0; m < N_MODELS && !rc; m++)
                    times[m][r] = time_batch(models[m].fn, &t, k[m], &rc);
            if (rc) {
                fprintf(stderr, "bench_bargain: a model failed on N = %zu, D = %zu: %s\n", n, d,
                        brink_strerror(rc));
                table_free(&t);
                return 1;
            }
            double med[N_MODELS];
            for (size_t m = 0; m < N_MODELS; m++)
                med[m] = median_of(times[m], (size_t)s->reps);
            int eu_rounds, smp_turns;
            outcome_sizes(&t, &eu_rounds, &smp_turns);
            char b[32];
            printf("| %zu | %zu | %s", n, d, fmt_time(med[0], b, sizeof b));
            for (size_t m = 1; m < N_MODELS; m++) {
                printf(" | %s (%.3g×", fmt_time(med[m], b, sizeof b), med[m] / med[0]);
                if (!strcmp(models[m].name, "eu"))
                    printf("; %d", eu_rounds);
                else if (!strcmp(models[m].name, "smp"))
                    printf("; %d", smp_turns);
                printf(")");
            }
            printf(" |\n");
            fflush(stdout);
            if (n == 40 && d == 3) {
                *smp40x3 = med[N_MODELS - 1];
                *smp40x3_ratio = med[N_MODELS - 1] / med[0];
            }
            table_free(&t);
        }
    }
    printf("\n");
    return 0;
}

/* ============================================================================================ */
/* Whole processes                                                                              */
/* ============================================================================================ */

static double cpu_children_s(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_CHILDREN, &ru) != 0)
        return 0.0;
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

/* Starts argv[0] with argv, stdout and stderr on /dev/null, and waits for it. Writes the wall
 * time and the child's CPU time (user + system). Returns the exit status, or -1 when the process
 * could not be started or did not exit normally. */
static int spawn_wait(char *const argv[], double *wall, double *cpu)
{
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0)
        return -1;
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    double c0 = cpu_children_s();
    double t0 = now_s();
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return -1;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    *wall = now_s() - t0;
    *cpu = cpu_children_s() - c0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Section 2: the spatial model as a whole process. Returns 0, or 1 when a command failed. */
static int bench_process(const settings *s, double *smp_wall, double *smp_ratio)
{
    printf("## 2. `brink bargain --model smp` as a whole process, N = 40, D = 3\n\n");
    if (!s->brink[0] || access(s->brink, X_OK) != 0) {
        printf("Skipped: no brink executable (give --brink PATH).\n\n");
        return 0;
    }
    table t;
    if (table_random(&t, 40, 3)) {
        fprintf(stderr, "bench_bargain: out of memory\n");
        return 1;
    }
    const char *tmpdir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/bench_bargain_XXXXXX", tmpdir && tmpdir[0] ? tmpdir : "/tmp");
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f || table_write_smpc(&t, f) != 0 || fclose(f) != 0) {
        fprintf(stderr, "bench_bargain: cannot write %s: %s\n", path, strerror(errno));
        if (fd >= 0)
            unlink(path);
        table_free(&t);
        return 1;
    }
    table_free(&t);

    char *exe = (char *)s->brink;
    char a_bargain[] = "bargain", a_model[] = "--model", a_smp[] = "smp", a_mean[] = "mean",
         a_version[] = "--version";
    char *cmd_smp[] = {exe, a_bargain, a_model, a_smp, path, NULL};
    char *cmd_mean[] = {exe, a_bargain, a_model, a_mean, path, NULL};
    char *cmd_version[] = {exe, a_version, NULL};
    char *const *cmds[] = {cmd_smp, cmd_mean, cmd_version};
    const char *labels[] = {"brink bargain --model smp FILE", "brink bargain --model mean FILE",
                            "brink --version"};
    enum { NCMD = 3 };
    double *wall = calloc((size_t)s->spawns * NCMD, sizeof *wall);
    double *cpu = calloc((size_t)s->spawns * NCMD, sizeof *cpu);
    int failed = !wall || !cpu;
    /* one warm-up round (page cache, dynamic loader), then the commands in turn */
    for (int c = 0; c < NCMD && !failed; c++) {
        double w0, c0;
        if (spawn_wait(cmds[c], &w0, &c0) != 0) {
            fprintf(stderr, "bench_bargain: `%s` failed\n", labels[c]);
            failed = 1;
        }
    }
    for (int r = 0; r < s->spawns && !failed; r++)
        for (int c = 0; c < NCMD && !failed; c++)
            if (spawn_wait(cmds[c], &wall[c * s->spawns + r], &cpu[c * s->spawns + r]) != 0) {
                fprintf(stderr, "bench_bargain: `%s` failed\n", labels[c]);
                failed = 1;
            }
    unlink(path);
    if (failed) {
        free(wall);
        free(cpu);
        return 1;
    }
    double mw[NCMD], mc[NCMD];
    for (int c = 0; c < NCMD; c++) {
        mw[c] = median_of(&wall[c * s->spawns], (size_t)s->spawns);
        mc[c] = median_of(&cpu[c * s->spawns], (size_t)s->spawns);
    }
    printf("Median of %d runs of each command, started in turn (posix_spawn, output to\n"
           "/dev/null); the ratio is over `brink bargain --model mean` on the same file.\n\n",
           s->spawns);
    printf("| command | wall | CPU (user + sys) | ratio (wall) |\n|---|---:|---:|---:|\n");
    for (int c = 0; c < NCMD; c++) {
        char b1[32], b2[32];
        printf("| `%s` | %s | %s | %.3g× |\n", labels[c], fmt_time(mw[c], b1, sizeof b1),
               fmt_time(mc[c], b2, sizeof b2), mw[c] / mw[1]);
    }
    printf("\n");
    *smp_wall = mw[0];
    *smp_ratio = mw[0] / mw[1];
    free(wall);
    free(cpu);
    return 0;
}

/* ============================================================================================ */
/* The emission case                                                                            */
/* ============================================================================================ */

/* Reads the emission table into a table with one dimension (saliences on 0-1 from the column
 * "salience"). Returns 0 or 1 with a message on stderr. */
static int load_emission(const settings *s, table *t)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/bargaining/emission_input.csv", s->data);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "bench_bargain: cannot open %s: %s (give --data DIR)\n", path,
                strerror(errno));
        return 1;
    }
    char text[65536];
    size_t len = fread(text, 1, sizeof text, f);
    fclose(f);
    brink_csv_table *csv = NULL;
    brink_error err;
    brink_error_clear(&err);
    if (brink_csv_parse(text, len, ',', path, &csv, &err) != BRINK_OK || csv->nrows < 3) {
        fprintf(stderr, "bench_bargain: %s: %s\n", path, err.message);
        brink_csv_free(csv);
        return 1;
    }
    const brink_csv_row *h = &csv->rows[0];
    size_t cc = SIZE_MAX, cp = SIZE_MAX, cs = SIZE_MAX;
    for (size_t c = 0; c < h->nfields; c++) {
        if (!strcmp(h->fields[c].text, "capability"))
            cc = c;
        else if (!strcmp(h->fields[c].text, "position"))
            cp = c;
        else if (!strcmp(h->fields[c].text, "salience"))
            cs = c;
    }
    size_t n = csv->nrows - 1;
    int rc = cc == SIZE_MAX || cp == SIZE_MAX || cs == SIZE_MAX;
    if (!rc && table_random(t, n, 1))
        rc = 1;
    for (size_t i = 0; !rc && i < n; i++) {
        const brink_csv_row *r = &csv->rows[i + 1];
        double c, p, sal;
        if (r->nfields <= cc || r->nfields <= cp || r->nfields <= cs ||
            brink_csv_field_double(&r->fields[cc], path, &c, &err) ||
            brink_csv_field_double(&r->fields[cp], path, &p, &err) ||
            brink_csv_field_double(&r->fields[cs], path, &sal, &err)) {
            rc = 1;
            break;
        }
        t->cap[i] = c;
        t->pos[i] = t->col_pos[i] = p;
        t->sal[i] = sal * 100.0;
        t->col_sal[i] = sal;
        t->eu[i].capability = c;
        t->eu[i].position = p;
        t->eu[i].salience = sal;
    }
    brink_csv_free(csv);
    if (rc) {
        fprintf(stderr, "bench_bargain: %s: not the emission table (%s)\n", path, err.message);
        table_free(t);
    }
    return rc;
}

/* Section 3: the expected-utility model on the emission case. */
static int bench_emission(const settings *s, double *runs_per_s, double *ratio)
{
    table t;
    if (load_emission(s, &t))
        return 1;
    printf("## 3. The expected-utility model on the emission case (N = 10, D = 1)\n\n");
    enum { NE = 2 };
    const model em[NE] = {{"weighted mean", run_mean}, {"eu (scholz-code, 10 rounds)", run_eu}};
    long k[NE];
    double times[NE][MAX_REPS];
    int rc = 0;
    for (int m = 0; m < NE && !rc; m++)
        k[m] = batch_size(em[m].fn, &t, s->min_time, &rc);
    for (int r = 0; r < s->reps && !rc; r++)
        for (int m = 0; m < NE && !rc; m++)
            times[m][r] = time_batch(em[m].fn, &t, k[m], &rc);
    table_free(&t);
    if (rc) {
        fprintf(stderr, "bench_bargain: the emission case failed: %s\n", brink_strerror(rc));
        return 1;
    }
    double med[NE];
    for (int m = 0; m < NE; m++)
        med[m] = median_of(times[m], (size_t)s->reps);
    printf("Median of %d repetitions; ratio over the weighted mean of the same ten actors.\n\n",
           s->reps);
    printf("| model | time per run | runs per second | ratio |\n|---|---:|---:|---:|\n");
    for (int m = 0; m < NE; m++) {
        char b[32];
        printf("| %s | %s | %.4g | %.3g× |\n", em[m].name, fmt_time(med[m], b, sizeof b),
               1.0 / med[m], med[m] / med[0]);
    }
    printf("\n");
    *runs_per_s = 1.0 / med[1];
    *ratio = med[1] / med[0];
    return 0;
}

/* ============================================================================================ */
/* main                                                                                         */
/* ============================================================================================ */

static const char usage[] =
    "usage: bench_bargain [options]\n"
    "\n"
    "Times the negotiation models (expected utility, spatial model, baselines) and prints\n"
    "Markdown tables: per complete run on random tables, `brink bargain --model smp` as a\n"
    "whole process, and the expected-utility model on the emission case.\n"
    "\n"
    "options:\n"
    "  --reps R        repetitions per figure, odd, 1..101 (default 7)\n"
    "  --min-time S    seconds a timed batch lasts at least (default 0.02)\n"
    "  --spawns P      processes started per command (default 31)\n"
    "  --brink PATH    the brink executable (default: the one built beside this program)\n"
    "  --data DIR      the tests/data directory (default: the source tree's)\n"
    "  --quick         N up to 40, 3 repetitions, 11 spawns, 5 ms batches\n"
    "  --only S        run section S only: tables, process or emission\n"
    "  --write-table F write the process benchmark's input (N = 40, D = 3, smpc CSV) to F\n"
    "                  and exit (for timing with other tools, e.g. hyperfine)\n"
    "  -h, --help      show this help\n";

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    settings s = {7, 0.02, 31, BENCH_BRINK_EXE, BENCH_DATA_DIR, 0};
    const char *env = getenv("BRINK_EXE");
    if (env && env[0])
        s.brink = env;
    const char *only = NULL, *write_table = NULL;
    int reps_given = 0, spawns_given = 0, time_given = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        long x;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(a, "--reps") && v && !parse_long(v, 1, MAX_REPS, &x) && x % 2) {
            s.reps = (int)x, reps_given = 1, i++;
        } else if (!strcmp(a, "--spawns") && v && !parse_long(v, 1, 10000, &x)) {
            s.spawns = (int)x, spawns_given = 1, i++;
        } else if (!strcmp(a, "--min-time") && v) {
            char *end;
            errno = 0;
            double t = strtod(v, &end);
            if (errno || end == v || *end || !(t > 0.0 && t <= 10.0)) {
                fprintf(stderr, "bench_bargain: --min-time needs seconds in (0, 10]\n");
                return 2;
            }
            s.min_time = t, time_given = 1, i++;
        } else if (!strcmp(a, "--brink") && v) {
            s.brink = v, i++;
        } else if (!strcmp(a, "--data") && v) {
            s.data = v, i++;
        } else if (!strcmp(a, "--write-table") && v) {
            write_table = v, i++;
        } else if (!strcmp(a, "--quick")) {
            s.quick = 1;
        } else if (!strcmp(a, "--only") && v &&
                   (!strcmp(v, "tables") || !strcmp(v, "process") || !strcmp(v, "emission"))) {
            only = v, i++;
        } else {
            fprintf(stderr, "bench_bargain: bad option '%s' (or a bad or missing value)\n%s", a,
                    usage);
            return 2;
        }
    }
    if (s.quick) {
        if (!reps_given)
            s.reps = 3;
        if (!spawns_given)
            s.spawns = 11;
        if (!time_given)
            s.min_time = 0.005;
    }

    if (write_table) {
        table t;
        if (table_random(&t, 40, 3)) {
            fprintf(stderr, "bench_bargain: out of memory\n");
            return 1;
        }
        FILE *f = fopen(write_table, "w");
        int bad = !f || table_write_smpc(&t, f) != 0;
        if (f && fclose(f) != 0)
            bad = 1;
        table_free(&t);
        if (bad) {
            fprintf(stderr, "bench_bargain: cannot write %s: %s\n", write_table, strerror(errno));
            return 1;
        }
        return 0;
    }

    double smp40 = NAN, smp40_ratio = NAN, smp_wall = NAN, smp_wall_ratio = NAN;
    double eu_rps = NAN, eu_ratio = NAN;
    int rc = 0;
    printf("# bench_bargain (brink %s)\n\n", brink_version());
    if (!rc && (!only || !strcmp(only, "tables")))
        rc = bench_tables(&s, &smp40, &smp40_ratio);
    if (!rc && (!only || !strcmp(only, "process")))
        rc = bench_process(&s, &smp_wall, &smp_wall_ratio);
    if (!rc && (!only || !strcmp(only, "emission")))
        rc = bench_emission(&s, &eu_rps, &eu_ratio);
    if (rc)
        return 1;

    printf("## Targets (per core)\n\n| target | measured | met |\n|---|---:|---|\n");
    char b[32];
    if (!isnan(smp_wall))
        printf("| spatial model, N = 40, D = 3: < 10 ms per complete run, process start included "
               "(`brink bargain --model smp`) | %s (%.3g× `--model mean`) | %s |\n",
               fmt_time(smp_wall, b, sizeof b), smp_wall_ratio,
               smp_wall < SMP_PROCESS_TARGET_S ? "yes" : "no");
    if (!isnan(smp40))
        printf("| (for reference: the same model in process, without process start) | %s (%.3g× "
               "mean) | — |\n",
               fmt_time(smp40, b, sizeof b), smp40_ratio);
    if (!isnan(eu_rps))
        printf("| expected-utility model, emission case: >= 20000 runs/s | %.4g runs/s (%.3g× "
               "mean) | %s |\n",
               eu_rps, eu_ratio, eu_rps >= EU_TARGET_RUNS_PER_S ? "yes" : "no");
    printf("\n");
    if (!only || !strcmp(only, "tables"))
        printf("Digest of every eu and smp result on the random tables (equal digests: "
               "bit-identical results): %016llx\n",
               (unsigned long long)result_digest);
    return 0;
}
