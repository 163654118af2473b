/* SPDX-License-Identifier: MIT */
/*
 * cmd_bargain.c — `brink bargain FILE`: the negotiation models alone on a stakeholder table.
 *
 * Input: KTAB's smpc CSV layout, a BDM-style CSV whose columns are found by header name
 * (actor, capability, position, and salience on 0-1 — or salience_0_100), or a YAML stakeholder
 * table (scenario/stakeholders.h) in which any number may be a distribution. All become one table
 * of N actors on D dimensions with saliences on 0-1. The expected-utility model runs dimension by
 * dimension, the spatial model on all dimensions at once, the baselines dimension by dimension.
 *
 * Runs. With --runs 1 (the default) the models run once, on the table's central values. With
 * --runs N > 1 they also run on N tables drawn from the YAML table's distributions (run r is draw
 * r of the master seed, as for scenarios), and each model's forecast is summarised per dimension
 * by its mean and its 5/25/50/75/95 % quantiles (Hyndman & Fan type 7). Runs go in run order
 * and every statistic is computed in one fixed order, so the output is byte-identical for the
 * same input and seed.
 *
 * Output: a table, CSV rows, or the JSON documented in docs/cli.md (the stable interface).
 */
#include "cli.h"

#include "bargain/baseline.h"
#include "bargain/bdm_csv.h"
#include "bargain/eu.h"
#include "bargain/smp.h"
#include "scenario/stakeholders.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char help[] =
    "usage: brink bargain [options] FILE\n"
    "\n"
    "Runs negotiation models on a stakeholder table and prints each model's per-round\n"
    "trajectory and forecast, beside the baselines.\n"
    "\n"
    "FILE is KTAB's smpc CSV (name,description,N,D; Actor,Description,Power,dim,sal,...), a\n"
    "BDM-style CSV with a header naming the columns actor, capability, position and salience\n"
    "(0-1) or salience_0_100 (other columns are ignored), or, when its name ends in .yaml,\n"
    ".yml or .json, a YAML stakeholder table in which any number may be a distribution\n"
    "(see docs/cli.md).\n"
    "\n"
    "options:\n"
    "  --model M       eu, smp, mean, median, nash or all (default all)\n"
    "  --reference X   the status quo for the Nash baseline (X,Y,... one per dimension);\n"
    "                  without it the Nash solution is left out\n"
    "  --preset P      expected-utility preset: scholz-code (default) or scholz-paper\n"
    "  --rounds R      rounds of the expected-utility model (default: the preset's)\n"
    "  --runs N        1 (default): one run on the central values; N > 1: also N runs on\n"
    "                  tables drawn from the distributions, summarised by each forecast's\n"
    "                  mean and 5/25/50/75/95 % quantiles\n"
    "  --seed S        master seed of the draws and of --stochastic (default 1)\n"
    "  --stochastic    use the spatial model's stochastic mode\n"
    "  --format F      table (default), csv or json\n"
    "  -q, --quiet     no progress display during --runs\n"
    "  -h, --help      show this help\n"
    "\n"
    "exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 invalid input.\n";

/* The stakeholder table every reader produces. Positions on the input's own scale. */
typedef struct table {
    size_t n, d;
    char **names;      /* [n] */
    char **dims;       /* [d] */
    double *cap;       /* [n] */
    double *pos;       /* [n*d] */
    double *sal;       /* [n*d], 0-1 */
    int smp_scale;     /* positions are on 0-100 (smpc layout) */
    int has_scale;     /* a YAML table's positions lie on [scale_lo, scale_hi] */
    double scale_lo, scale_hi;
    const double *reference; /* [d] the Nash reference point (--reference), or NULL */
} table;

static void table_free(table *t)
{
    if (t->names)
        for (size_t i = 0; i < t->n; i++)
            brink_free(t->names[i]);
    if (t->dims)
        for (size_t k = 0; k < t->d; k++)
            brink_free(t->dims[k]);
    brink_free(t->names);
    brink_free(t->dims);
    brink_free(t->cap);
    brink_free(t->pos);
    brink_free(t->sal);
    memset(t, 0, sizeof *t);
}

static int table_alloc(table *t, size_t n, size_t d, brink_error *err)
{
    t->n = n;
    t->d = d;
    t->names = brink_calloc(n, sizeof *t->names);
    t->dims = brink_calloc(d, sizeof *t->dims);
    t->cap = brink_calloc(n, sizeof *t->cap);
    t->pos = brink_calloc(n * d, sizeof *t->pos);
    t->sal = brink_calloc(n * d, sizeof *t->sal);
    if (!t->names || !t->dims || !t->cap || !t->pos || !t->sal)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    return BRINK_OK;
}

static int read_file(const char *path, char **text, size_t *len, brink_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    brink_strbuf sb = {0};
    char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0)
        brink_strbuf_append_n(&sb, buf, got);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        brink_strbuf_free(&sb);
        return brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot read");
    }
    if (brink_strbuf_failed(&sb)) {
        brink_strbuf_free(&sb);
        return brink_error_set(err, BRINK_ENOMEM, path, 0, 0, "out of memory");
    }
    *len = sb.len;
    *text = sb.data ? sb.data : brink_strdup("");
    return *text ? BRINK_OK : brink_error_set(err, BRINK_ENOMEM, path, 0, 0, "out of memory");
}

/* BDM-style CSV (bargain/bdm_csv.h): one dimension, columns by header name. */
static int read_bdm(const brink_csv_table *csv, const char *file, table *t, brink_error *err)
{
    brink_bdm_table *b = NULL;
    int rc = brink_bdm_csv_read(csv, file, &b, err);
    if (rc)
        return rc;
    rc = table_alloc(t, b->n, 1, err);
    if (!rc && !(t->dims[0] = brink_strdup("position")))
        rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; !rc && i < t->n; i++) {
        t->cap[i] = b->capability[i];
        t->pos[i] = b->position[i];
        t->sal[i] = b->salience[i];
        if (!(t->names[i] = brink_strdup(b->names[i])))
            rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    }
    brink_bdm_table_free(b);
    return rc;
}

static int read_ktab(const char *text, size_t len, const char *file, table *t, brink_error *err)
{
    brink_smp_scenario *s = NULL;
    int rc = brink_smp_csv_parse(text, len, file, &s, err);
    if (rc)
        return rc;
    rc = table_alloc(t, s->n_actors, s->n_dims, err);
    for (size_t i = 0; !rc && i < t->n; i++) {
        t->names[i] = brink_strdup(s->actor_names ? s->actor_names[i] : "");
        t->cap[i] = s->capability[i];
        if (!t->names[i])
            rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t k = 0; !rc && k < t->d; k++) {
        t->dims[k] = brink_strdup(s->dim_names ? s->dim_names[k] : "");
        if (!t->dims[k])
            rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (!rc) {
        for (size_t j = 0; j < t->n * t->d; j++) {
            t->pos[j] = s->position[j];
            t->sal[j] = s->salience[j] / 100.0;
        }
        t->smp_scale = 1;
    }
    brink_smp_scenario_free(s);
    return rc;
}

/* A YAML stakeholder table: *stk is the loaded table (kept for drawing), t its central values. */
static int read_yaml(const char *path, table *t, brink_stakeholders **stk, brink_error *err)
{
    int rc = brink_stakeholders_load_file(path, NULL, stk, err);
    if (!rc)
        rc = table_alloc(t, (*stk)->nactors, (*stk)->ndims, err);
    for (size_t i = 0; !rc && i < t->n; i++)
        if (!(t->names[i] = brink_strdup((*stk)->actors[i].name)))
            rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; !rc && k < t->d; k++)
        if (!(t->dims[k] = brink_strdup((*stk)->dims[k])))
            rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    if (!rc) {
        brink_stakeholders_central(*stk, t->cap, t->pos, t->sal);
        t->has_scale = (*stk)->has_scale;
        t->scale_lo = (*stk)->scale_lo;
        t->scale_hi = (*stk)->scale_hi;
    }
    return rc;
}

/* 1 when path names a YAML (or JSON) file by its extension. */
static int is_yaml_name(const char *path)
{
    static const char *const ext[] = {".yaml", ".yml", ".json"};
    size_t len = strlen(path);
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t e = strlen(ext[i]);
        if (len > e && !strcasecmp(path + len - e, ext[i]))
            return 1;
    }
    return 0;
}

/* Reads FILE in whichever layout it has: a YAML table by its extension; else a header row with a
 * column named actor means BDM, anything else KTAB's smpc layout. */
static int read_table(const char *path, table *t, brink_stakeholders **stk, brink_error *err)
{
    if (is_yaml_name(path))
        return read_yaml(path, t, stk, err);
    char *text = NULL;
    size_t len = 0;
    int rc = read_file(path, &text, &len, err);
    if (rc)
        return rc;
    brink_csv_table *csv = NULL;
    rc = brink_csv_parse(text, len, ',', path, &csv, err);
    if (!rc && csv->nrows == 0)
        rc = brink_error_set(err, BRINK_EINVAL, path, 1, 1,
                             "the file is empty; expected a stakeholder table");
    if (!rc) {
        if (brink_bdm_csv_detect(csv))
            rc = read_bdm(csv, path, t, err);
        else
            rc = read_ktab(text, len, path, t, err);
    }
    brink_csv_free(csv);
    brink_free(text);
    return rc;
}

/* One model's outcome in a common shape: rounds 0..T of positions, median and mean. */
typedef struct outcome {
    const char *model;
    int turns;          /* T */
    int converged;
    int cycle;
    double *pos;        /* [(T+1)*n*d] */
    double *median;     /* [(T+1)*d] */
    double *mean;       /* [(T+1)*d] */
    double *final_prob; /* [n] or NULL */
} outcome;

static void outcome_free(outcome *o)
{
    brink_free(o->pos);
    brink_free(o->median);
    brink_free(o->mean);
    brink_free(o->final_prob);
    memset(o, 0, sizeof *o);
}

static int outcome_alloc(outcome *o, const table *t, int turns, brink_error *err)
{
    size_t states = (size_t)turns + 1;
    o->turns = turns;
    o->pos = brink_mallocarray(states * t->n, t->d * sizeof(double));
    o->median = brink_mallocarray(states, t->d * sizeof(double));
    o->mean = brink_mallocarray(states, t->d * sizeof(double));
    if (!o->pos || !o->median || !o->mean)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    return BRINK_OK;
}

/* Weighted mean and lower weighted median (capability x salience) of every state, per dimension,
 * for models that do not report their own. */
static int fill_summaries(outcome *o, const table *t, brink_error *err)
{
    double *col = brink_mallocarray(t->n, sizeof *col), *sal = brink_mallocarray(t->n, sizeof *sal);
    int rc = (!col || !sal) ? brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory") : 0;
    for (int s = 0; !rc && s <= o->turns; s++) {
        for (size_t k = 0; !rc && k < t->d; k++) {
            for (size_t i = 0; i < t->n; i++) {
                col[i] = o->pos[((size_t)s * t->n + i) * t->d + k];
                sal[i] = t->sal[i * t->d + k];
            }
            rc = brink_baseline_weighted_mean(col, t->cap, sal, t->n,
                                              &o->mean[(size_t)s * t->d + k], err);
            if (!rc)
                rc = brink_baseline_weighted_median(col, t->cap, sal, t->n,
                                                    &o->median[(size_t)s * t->d + k], err);
        }
    }
    brink_free(col);
    brink_free(sal);
    return rc;
}

static int run_eu(const table *t, const brink_eu_options *opt, outcome *o, brink_error *err)
{
    brink_eu_actor *a = brink_calloc(t->n, sizeof *a);
    brink_eu_result **res = brink_calloc(t->d, sizeof *res);
    int rc = (!a || !res) ? brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory") : 0;
    int turns = 0;
    o->model = "eu";
    o->converged = 1;
    for (size_t k = 0; !rc && k < t->d; k++) {
        for (size_t i = 0; i < t->n; i++) {
            a[i].name = t->names[i];
            a[i].capability = t->cap[i];
            a[i].position = t->pos[i * t->d + k];
            a[i].salience = t->sal[i * t->d + k] * opt->salience_scale;
        }
        rc = brink_eu_run(a, t->n, opt, &res[k], err);
        if (!rc && res[k]->rounds > turns)
            turns = res[k]->rounds;
        if (!rc && res[k]->stop_reason == BRINK_EU_STOPPED_CYCLE)
            o->cycle = 1;
        if (!rc && res[k]->stop_reason == BRINK_EU_STOPPED_MAX_ROUNDS &&
            opt->stop != BRINK_EU_STOP_FIXED_ROUNDS)
            o->converged = 0;
    }
    if (!rc)
        rc = outcome_alloc(o, t, turns, err);
    /* a dimension that stopped early holds its last state */
    for (size_t k = 0; !rc && k < t->d; k++) {
        for (int s = 0; s <= turns; s++) {
            int sk = s < res[k]->rounds ? s : res[k]->rounds;
            for (size_t i = 0; i < t->n; i++)
                o->pos[((size_t)s * t->n + i) * t->d + k] = res[k]->position[(size_t)sk * t->n + i];
            o->median[(size_t)s * t->d + k] = res[k]->median[sk];
            o->mean[(size_t)s * t->d + k] = res[k]->mean[sk];
        }
    }
    for (size_t k = 0; res && k < t->d; k++)
        brink_eu_result_free(res[k]);
    brink_free(res);
    brink_free(a);
    return rc;
}

/* The spatial model; in stochastic mode its queue draws come from the root stream of
 * (seed, run). */
static int run_smp(const table *t, int stochastic, uint64_t seed, uint64_t run, outcome *o,
                   brink_error *err)
{
    brink_smp_options opt;
    brink_smp_options_default(&opt);
    brink_rng rng;
    brink_rng_seed(&rng, seed, run);
    int rc = BRINK_OK;
    if (stochastic)
        rc = brink_smp_options_set(&opt, "StateTransitions", "stochastic", err);
    double *pos = brink_mallocarray(t->n * t->d, sizeof *pos);
    double *sal = brink_mallocarray(t->n * t->d, sizeof *sal);
    if (!rc && (!pos || !sal))
        rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    brink_smp_result *res = NULL;
    o->model = "smp";
    if (!rc) {
        /* the spatial model works on 0-100 positions and percent saliences; a BDM table's
         * positions are mapped onto 0-100 by their scale when the table has one, else by their
         * spread, and back afterwards */
        double lo = 0, hi = 100;
        if (!t->smp_scale && t->has_scale) {
            lo = t->scale_lo;
            hi = t->scale_hi;
        } else if (!t->smp_scale) {
            lo = hi = t->pos[0];
            for (size_t j = 0; j < t->n * t->d; j++) {
                lo = fmin(lo, t->pos[j]);
                hi = fmax(hi, t->pos[j]);
            }
            if (hi <= lo)
                hi = lo + 1;
        }
        for (size_t j = 0; j < t->n * t->d; j++) {
            pos[j] = t->smp_scale ? t->pos[j] : (t->pos[j] - lo) / (hi - lo) * 100.0;
            sal[j] = t->sal[j] * 100.0;
        }
        /* the spatial model needs saliences that sum to at most 100 per actor */
        for (size_t i = 0; i < t->n; i++) {
            double sum = 0;
            for (size_t k = 0; k < t->d; k++)
                sum += sal[i * t->d + k];
            for (size_t k = 0; sum > 100 && k < t->d; k++)
                sal[i * t->d + k] *= 100.0 / sum;
        }
        brink_smp_scenario sc = {.n_actors = t->n,
                                 .n_dims = t->d,
                                 .actor_names = (const char *const *)t->names,
                                 .dim_names = (const char *const *)t->dims,
                                 .capability = t->cap,
                                 .position = pos,
                                 .salience = sal};
        rc = brink_smp_run(&sc, &opt, stochastic ? &rng : NULL, &res, err);
        if (!rc)
            rc = outcome_alloc(o, t, res->turns, err);
        if (!rc) {
            size_t total = ((size_t)res->turns + 1) * t->n * t->d;
            for (size_t j = 0; j < total; j++)
                o->pos[j] = t->smp_scale ? res->positions[j]
                                         : lo + res->positions[j] / 100.0 * (hi - lo);
            o->converged = res->stop_reason == BRINK_SMP_STOPPED_CONVERGED;
            o->cycle = !o->converged;
            o->final_prob = brink_mallocarray(t->n, sizeof *o->final_prob);
            if (!o->final_prob)
                rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
            for (size_t i = 0; !rc && i < t->n; i++)
                o->final_prob[i] = res->final_position_prob[res->final_position_of[i]];
        }
        if (!rc)
            rc = fill_summaries(o, t, err);
    }
    brink_smp_result_free(res);
    brink_free(pos);
    brink_free(sal);
    return rc;
}

/* Baselines per dimension: mean, median, and Nash with the reference point when one is given. */
static int baselines(const table *t, double *mean, double *median, double *nash, int *have_nash,
                     brink_error *err)
{
    double *col = brink_mallocarray(t->n, sizeof *col), *sal = brink_mallocarray(t->n, sizeof *sal);
    int rc = (!col || !sal) ? brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory") : 0;
    *have_nash = 1;
    for (size_t k = 0; !rc && k < t->d; k++) {
        for (size_t i = 0; i < t->n; i++) {
            col[i] = t->pos[i * t->d + k];
            sal[i] = t->sal[i * t->d + k];
        }
        rc = brink_baseline_weighted_mean(col, t->cap, sal, t->n, &mean[k], err);
        if (!rc)
            rc = brink_baseline_weighted_median(col, t->cap, sal, t->n, &median[k], err);
        if (!rc && t->reference) {
            /* the asymmetric Nash solution needs a reference point (bargaining-models.md 3.7) */
            rc = brink_baseline_nash_reference(col, t->cap, sal, t->n, t->reference[k], &nash[k],
                                               err);
        } else if (!rc) {
            *have_nash = 0; /* no reference point: left out, with a note */
            nash[k] = NAN;
        }
    }
    brink_free(col);
    brink_free(sal);
    return rc;
}

/* ---- one run of the selected models ---- */

/* What to run, from the command line. */
typedef struct config {
    int want_eu, want_smp;
    const brink_eu_options *eopt;
    int stochastic;   /* the spatial model's stochastic mode */
    uint64_t seed;    /* master seed of the draws and of the stochastic mode */
} config;

/* Everything one run produces: the models' outcomes and the baselines per dimension. */
typedef struct results {
    outcome outs[2];
    size_t nouts;
    double *bmean, *bmedian, *bnash; /* [d] */
    int have_nash;
} results;

static void results_free(results *r)
{
    for (size_t m = 0; m < r->nouts; m++)
        outcome_free(&r->outs[m]);
    brink_free(r->bmean);
    brink_free(r->bmedian);
    brink_free(r->bnash);
    memset(r, 0, sizeof *r);
}

/* Runs the baselines and the selected models on t; `run` keys the spatial model's stochastic
 * stream. On failure *r holds what was made so far; the caller frees it with results_free. */
static int run_models(const table *t, const config *c, uint64_t run, results *r, brink_error *err)
{
    memset(r, 0, sizeof *r);
    r->bmean = brink_calloc(t->d, sizeof *r->bmean);
    r->bmedian = brink_calloc(t->d, sizeof *r->bmedian);
    r->bnash = brink_calloc(t->d, sizeof *r->bnash);
    int rc = (!r->bmean || !r->bmedian || !r->bnash)
                 ? brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory")
                 : baselines(t, r->bmean, r->bmedian, r->bnash, &r->have_nash, err);
    if (!rc && c->want_eu)
        rc = run_eu(t, c->eopt, &r->outs[r->nouts++], err);
    if (!rc && c->want_smp)
        rc = run_smp(t, c->stochastic, c->seed, run, &r->outs[r->nouts++], err);
    return rc;
}

/* ---- many runs: the distribution of each forecast ---- */

/* The forecasts summarised over runs: the two models and the three baselines. */
enum { SER_EU, SER_SMP, SER_MEAN, SER_MEDIAN, SER_NASH, SER_COUNT };
static const char *const series_name[SER_COUNT] = {"eu", "smp", "mean", "median", "nash"};

/* The reported quantiles, in percent. */
static const int quantile_pct[] = {5, 25, 50, 75, 95};
#define NQUANT (sizeof quantile_pct / sizeof quantile_pct[0])

/* The largest --seed: 2^53 - 1, the largest integer every JSON reader holds exactly. */
#define MAX_SEED 9007199254740991ULL

/* The most runs --runs accepts (the forecasts are kept: 8 bytes x runs x dimensions x 5). */
#define MAX_RUNS 1000000

/* One forecast over the runs, per dimension. */
typedef struct series {
    int used;
    double *x;      /* [d * nruns]: run r, dimension k at x[k * nruns + r] */
    long converged; /* runs in which the model converged (eu, smp) */
    double *mean;   /* [d] */
    double *q;      /* [NQUANT * d]: quantile j, dimension k at q[j * d + k] */
} series;

typedef struct ensemble {
    uint64_t nruns;
    series s[SER_COUNT];
} ensemble;

static void ensemble_free(ensemble *e)
{
    for (int i = 0; i < SER_COUNT; i++) {
        brink_free(e->s[i].x);
        brink_free(e->s[i].mean);
        brink_free(e->s[i].q);
    }
    memset(e, 0, sizeof *e);
}

/* Puts "run R: " before err's message, so a failure in a drawn table says which draw it was. */
static void prefix_run(brink_error *err, uint64_t run)
{
    brink_error was = *err; /* brink_error_set clears err before it reads its arguments */
    was.message[sizeof was.message - 1] = '\0';
    was.file[sizeof was.file - 1] = '\0';
    brink_error_set(err, was.code, was.file[0] ? was.file : NULL, was.line, was.column,
                    "run %llu: %s", (unsigned long long)run, was.message);
}

/* Orders doubles ascending, -0 before +0, so that sorting is a pure function of the values
 * (the forecasts are finite: NaNs are handled before sorting). */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    if (x < y)
        return -1;
    if (x > y)
        return 1;
    return (signbit(y) != 0) - (signbit(x) != 0);
}

/* Quantile pct/100 of sorted[0..n-1] by definition 7 of Hyndman & Fan (1996), R's default:
 * h = (n - 1) p, Q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]) (0-based). h is
 * computed in integers, so no rounding moves a quantile to the wrong pair. */
static double quantile7(const double *sorted, uint64_t n, int pct)
{
    uint64_t num = (n - 1) * (uint64_t)pct;
    uint64_t j = num / 100;
    double g = (double)(num % 100) / 100.0;
    if (j + 1 >= n || g == 0 || sorted[j + 1] == sorted[j])
        return sorted[j];
    return (1 - g) * sorted[j] + g * sorted[j + 1];
}

/* Mean (summed in run order) and quantiles of every used series; a dimension on which some
 * run has no forecast (nash undefined) gets NaN throughout. */
static int summarise(ensemble *e, size_t d, brink_error *err)
{
    uint64_t n = e->nruns;
    double *tmp = brink_mallocarray(n, sizeof *tmp);
    if (!tmp)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = BRINK_OK;
    for (int i = 0; !rc && i < SER_COUNT; i++) {
        series *s = &e->s[i];
        if (!s->used)
            continue;
        s->mean = brink_mallocarray(d, sizeof *s->mean);
        s->q = brink_mallocarray(NQUANT * d, sizeof *s->q);
        if (!s->mean || !s->q) {
            rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        for (size_t k = 0; k < d; k++) {
            const double *x = &s->x[k * n];
            double sum = 0;
            int finite = 1;
            for (uint64_t r = 0; r < n; r++) {
                finite = finite && isfinite(x[r]);
                sum += x[r];
                tmp[r] = x[r];
            }
            s->mean[k] = finite ? sum / (double)n : NAN;
            if (finite)
                qsort(tmp, n, sizeof *tmp, cmp_double);
            for (size_t j = 0; j < NQUANT; j++)
                s->q[j * d + k] = finite ? quantile7(tmp, n, quantile_pct[j]) : NAN;
        }
    }
    brink_free(tmp);
    return rc;
}

static void show_progress(uint64_t done, uint64_t total)
{
    fprintf(stderr, "\rbrink: run %llu of %llu", (unsigned long long)done,
            (unsigned long long)total);
    if (done == total)
        fputs("\r                                                  \r", stderr);
    fflush(stderr);
}

/* Runs the models on e->nruns tables: run r draws table r of the master seed from stk (or,
 * for a CSV table, which has no distributions, takes t as it is), and keeps each forecast. */
static int run_ensemble(const table *t, const brink_stakeholders *stk, const config *c,
                        int progress, ensemble *e, brink_error *err)
{
    uint64_t n = e->nruns;
    table w = *t; /* names, dimensions and scale borrowed; the numbers are this run's */
    w.cap = brink_mallocarray(t->n, sizeof *w.cap);
    w.pos = brink_mallocarray(t->n * t->d, sizeof *w.pos);
    w.sal = brink_mallocarray(t->n * t->d, sizeof *w.sal);
    int rc = (!w.cap || !w.pos || !w.sal) ? BRINK_ENOMEM : BRINK_OK;
    e->s[SER_EU].used = c->want_eu;
    e->s[SER_SMP].used = c->want_smp;
    e->s[SER_MEAN].used = e->s[SER_MEDIAN].used = e->s[SER_NASH].used = 1;
    for (int i = 0; !rc && i < SER_COUNT; i++)
        if (e->s[i].used && !(e->s[i].x = brink_mallocarray(n, t->d * sizeof(double))))
            rc = BRINK_ENOMEM;
    if (rc) {
        rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory for %llu runs",
                             (unsigned long long)n);
    } else {
        memcpy(w.cap, t->cap, t->n * sizeof *w.cap);
        memcpy(w.pos, t->pos, t->n * t->d * sizeof *w.pos);
        memcpy(w.sal, t->sal, t->n * t->d * sizeof *w.sal);
    }
    uint64_t step = n / 100 ? n / 100 : 1;
    for (uint64_t r = 0; !rc && r < n; r++) {
        results res;
        memset(&res, 0, sizeof res);
        if (stk)
            rc = brink_stakeholders_draw(stk, c->seed, r, w.cap, w.pos, w.sal, err);
        if (!rc)
            rc = run_models(&w, c, r, &res, err);
        for (size_t m = 0; !rc && m < res.nouts; m++) {
            const outcome *o = &res.outs[m];
            series *s = &e->s[!strcmp(o->model, "eu") ? SER_EU : SER_SMP];
            for (size_t k = 0; k < t->d; k++)
                s->x[k * n + r] = o->median[(size_t)o->turns * t->d + k];
            s->converged += o->converged;
        }
        for (size_t k = 0; !rc && k < t->d; k++) {
            e->s[SER_MEAN].x[k * n + r] = res.bmean[k];
            e->s[SER_MEDIAN].x[k * n + r] = res.bmedian[k];
            e->s[SER_NASH].x[k * n + r] = res.have_nash ? res.bnash[k] : NAN;
        }
        results_free(&res);
        if (rc)
            prefix_run(err, r);
        else if (progress && ((r + 1) % step == 0 || r + 1 == n))
            show_progress(r + 1, n);
    }
    brink_free(w.cap);
    brink_free(w.pos);
    brink_free(w.sal);
    return rc ? rc : summarise(e, t->d, err);
}

/* ---- output ---- */

static json_t *json_vec(const double *x, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, isfinite(x[i]) ? json_real(x[i]) : json_null());
    return a;
}

/* {"quantiles": {"p05": [per dim], ...}, "mean": [per dim]} of one series, into obj. */
static void stats_json(json_t *obj, const series *s, size_t d)
{
    json_t *q = json_object();
    for (size_t j = 0; j < NQUANT; j++) {
        char key[8];
        snprintf(key, sizeof key, "p%02d", quantile_pct[j]);
        json_object_set_new(q, key, json_vec(&s->q[j * d], d));
    }
    json_object_set_new(obj, "quantiles", q);
    json_object_set_new(obj, "mean", json_vec(s->mean, d));
}

/* The "runs" object of a model's JSON: the distribution of series `main` over the runs, and of
 * the three baselines beside it. */
static json_t *runs_json(const ensemble *e, int main, uint64_t seed, size_t d)
{
    json_t *r = json_object();
    json_object_set_new(r, "n", json_integer((json_int_t)e->nruns));
    json_object_set_new(r, "seed", json_integer((json_int_t)seed));
    json_object_set_new(r, "converged", main == SER_EU || main == SER_SMP
                                            ? json_integer(e->s[main].converged)
                                            : json_null());
    stats_json(r, &e->s[main], d);
    json_t *b = json_object();
    for (int i = SER_MEAN; i <= SER_NASH; i++) {
        json_t *o = json_object();
        stats_json(o, &e->s[i], d);
        json_object_set_new(b, series_name[i], o);
    }
    json_object_set_new(r, "baselines", b);
    return r;
}

static json_t *outcome_json(const outcome *o, const table *t, const char *preset,
                            const results *res, json_t *runs)
{
    json_t *m = json_object();
    json_object_set_new(m, "model", json_string(o->model));
    json_object_set_new(m, "preset", preset ? json_string(preset) : json_null());
    json_t *dims = json_array(), *actors = json_array();
    for (size_t k = 0; k < t->d; k++)
        json_array_append_new(dims, json_string(t->dims[k]));
    for (size_t i = 0; i < t->n; i++)
        json_array_append_new(actors, json_string(t->names[i]));
    json_object_set_new(m, "dimensions", dims);
    json_object_set_new(m, "actors", actors);
    json_t *rounds = json_array();
    for (int s = 0; o->pos && s <= o->turns; s++) {
        json_t *r = json_object(), *p = json_array();
        json_object_set_new(r, "round", json_integer(s));
        for (size_t i = 0; i < t->n; i++)
            json_array_append_new(p, json_vec(&o->pos[((size_t)s * t->n + i) * t->d], t->d));
        json_object_set_new(r, "positions", p);
        json_object_set_new(r, "median", json_vec(&o->median[(size_t)s * t->d], t->d));
        json_object_set_new(r, "mean", json_vec(&o->mean[(size_t)s * t->d], t->d));
        json_array_append_new(rounds, r);
    }
    json_object_set_new(m, "rounds", rounds);
    json_object_set_new(m, "turns", json_integer(o->turns));
    json_object_set_new(m, "converged", json_boolean(o->converged));
    json_object_set_new(m, "cycle", json_boolean(o->cycle));
    json_t *fin = json_object(), *fp = json_array();
    for (size_t i = 0; o->pos && i < t->n; i++)
        json_array_append_new(fp, json_vec(&o->pos[((size_t)o->turns * t->n + i) * t->d], t->d));
    json_object_set_new(fin, "positions", fp);
    json_object_set_new(fin, "forecast",
                        o->pos ? json_vec(&o->median[(size_t)o->turns * t->d], t->d) : json_null());
    json_object_set_new(fin, "probabilities",
                        o->final_prob ? json_vec(o->final_prob, t->n) : json_null());
    json_object_set_new(m, "final", fin);
    json_t *b = json_object();
    json_object_set_new(b, "mean", json_vec(res->bmean, t->d));
    json_object_set_new(b, "median", json_vec(res->bmedian, t->d));
    json_object_set_new(b, "nash", res->have_nash ? json_vec(res->bnash, t->d) : json_null());
    json_object_set_new(m, "baselines", b);
    if (runs)
        json_object_set_new(m, "runs", runs);
    return m;
}

static void print_row(const char *label, const double *x, size_t d)
{
    char buf[40];
    printf("  %-24s", label);
    for (size_t k = 0; k < d; k++)
        printf(" %12s", brink_format_double(round(x[k] * 1e6) / 1e6, buf, sizeof buf));
    printf("\n");
}

static void dims_header(const char *label, const table *t)
{
    printf("  %-24s", label);
    for (size_t k = 0; k < t->d; k++)
        printf(" %12.12s", t->dims[k]);
}

static void outcome_table(const outcome *o, const table *t)
{
    printf("\nmodel %s: %d rounds%s%s\n", o->model, o->turns,
           o->converged ? "" : ", did not converge", o->cycle ? ", cycle detected" : "");
    dims_header("round", t);
    printf("   (median; mean)\n");
    for (int s = 0; s <= o->turns; s++) {
        char label[32];
        snprintf(label, sizeof label, "%d median", s);
        print_row(label, &o->median[(size_t)s * t->d], t->d);
        snprintf(label, sizeof label, "%d mean", s);
        print_row(label, &o->mean[(size_t)s * t->d], t->d);
    }
    printf("  final positions\n");
    for (size_t i = 0; i < t->n; i++) {
        char label[64];
        snprintf(label, sizeof label, "  %.20s", t->names[i]);
        print_row(label, &o->pos[((size_t)o->turns * t->n + i) * t->d], t->d);
        if (o->final_prob)
            printf("  %-24s %12.6f\n", "    probability", o->final_prob[i]);
    }
    print_row("forecast (median)", &o->median[(size_t)o->turns * t->d], t->d);
}

/* Writes s as a quoted CSV field (RFC 4180: a quote is doubled). */
static void csv_text(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"')
            putchar('"');
        putchar(*s);
    }
    putchar('"');
}

static void outcome_csv(const outcome *o, const table *t)
{
    char buf[40];
    for (int s = 0; s <= o->turns; s++)
        for (size_t i = 0; i < t->n; i++)
            for (size_t k = 0; k < t->d; k++) {
                printf("%s,%d,", o->model, s);
                csv_text(t->names[i]);
                putchar(',');
                csv_text(t->dims[k]);
                printf(",%s\n", brink_format_double(o->pos[((size_t)s * t->n + i) * t->d + k],
                                                    buf, sizeof buf));
            }
}

/* The central-values forecast of series i (NaN where it is undefined), into out[d]. */
static void central_forecast(const results *res, int i, size_t d, double *out)
{
    for (size_t k = 0; k < d; k++) {
        double x = NAN;
        if (i == SER_EU || i == SER_SMP) {
            for (size_t m = 0; m < res->nouts; m++) {
                const outcome *o = &res->outs[m];
                if ((i == SER_EU) == !strcmp(o->model, "eu"))
                    x = o->median[(size_t)o->turns * d + k];
            }
        } else if (i == SER_MEAN) {
            x = res->bmean[k];
        } else if (i == SER_MEDIAN) {
            x = res->bmedian[k];
        } else if (res->have_nash) {
            x = res->bnash[k];
        }
        out[k] = x;
    }
}

static void ensemble_table(const ensemble *e, const results *res, const table *t, double *central)
{
    for (int i = 0; i < SER_COUNT; i++) {
        const series *s = &e->s[i];
        if (!s->used)
            continue;
        printf("\n%s %s: forecast over %llu runs", i <= SER_SMP ? "model" : "baseline",
               series_name[i], (unsigned long long)e->nruns);
        if (i <= SER_SMP)
            printf(", %ld converged", s->converged);
        printf("\n");
        dims_header("statistic", t);
        printf("\n");
        central_forecast(res, i, t->d, central);
        print_row("central values", central, t->d);
        print_row("mean", s->mean, t->d);
        for (size_t j = 0; j < NQUANT; j++) {
            char label[16];
            snprintf(label, sizeof label, "p%02d", quantile_pct[j]);
            print_row(label, &s->q[j * t->d], t->d);
        }
    }
}

static void ensemble_csv(const ensemble *e, const results *res, const table *t, double *central)
{
    char buf[40];
    printf("model,dimension,runs,central,mean");
    for (size_t j = 0; j < NQUANT; j++)
        printf(",p%02d", quantile_pct[j]);
    printf("\n");
    for (int i = 0; i < SER_COUNT; i++) {
        const series *s = &e->s[i];
        if (!s->used)
            continue;
        central_forecast(res, i, t->d, central);
        for (size_t k = 0; k < t->d; k++) {
            printf("%s,", series_name[i]);
            csv_text(t->dims[k]);
            printf(",%llu,%s", (unsigned long long)e->nruns,
                   brink_format_double(central[k], buf, sizeof buf));
            printf(",%s", brink_format_double(s->mean[k], buf, sizeof buf));
            for (size_t j = 0; j < NQUANT; j++)
                printf(",%s", brink_format_double(s->q[j * t->d + k], buf, sizeof buf));
            printf("\n");
        }
    }
}

/* The series a model's JSON object summarises. */
static int series_of(const char *model)
{
    for (int i = 0; i < SER_COUNT; i++)
        if (!strcmp(model, series_name[i]))
            return i;
    return SER_MEAN;
}

static int print_json(const results *res, const table *t, const char *model, const char *preset,
                      int want_eu, const ensemble *e, uint64_t seed)
{
    json_t *doc;
    if (res->nouts == 1) {
        doc = outcome_json(&res->outs[0], t, want_eu ? preset : NULL, res,
                           e->nruns > 1 ? runs_json(e, series_of(res->outs[0].model), seed, t->d)
                                        : NULL);
    } else if (res->nouts == 0) {
        outcome none = {.model = model};
        doc = outcome_json(&none, t, NULL, res,
                           e->nruns > 1 ? runs_json(e, series_of(model), seed, t->d) : NULL);
    } else {
        doc = json_array();
        for (size_t m = 0; m < res->nouts; m++) {
            const char *name = res->outs[m].model;
            json_array_append_new(
                doc, outcome_json(&res->outs[m], t, !strcmp(name, "eu") ? preset : NULL, res,
                                  e->nruns > 1 ? runs_json(e, series_of(name), seed, t->d)
                                               : NULL));
        }
    }
    int code = EXIT_OK;
    if (!doc || json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER |
                                            JSON_REAL_PRECISION(17)) != 0) {
        cli_msg("cannot write JSON");
        code = EXIT_RUNTIME;
    }
    fputc('\n', stdout);
    json_decref(doc);
    return code;
}

#define MAX_REF_DIMS 100

int cmd_bargain(int argc, char **argv)
{
    double reference[MAX_REF_DIMS];
    size_t nref = 0;
    const char *file = NULL, *model = "all", *preset = "scholz-code", *format = "table";
    long rounds = 0;
    int stochastic = 0, quiet = 0;
    unsigned long long seed = 1, runs = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (cli_is_help(a)) {
            fputs(help, stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--model") && v) {
            model = v, i++;
        } else if (!strcmp(a, "--preset") && v) {
            preset = v, i++;
        } else if (!strcmp(a, "--format") && v) {
            format = v, i++;
        } else if (!strcmp(a, "--rounds") && v) {
            unsigned long long r;
            if (cli_parse_size(v, BRINK_EU_MAX_ROUNDS, &r) || r == 0)
                return cli_usage("bargain", "--rounds needs a number from 1 to %d",
                                 BRINK_EU_MAX_ROUNDS);
            rounds = (long)r, i++;
        } else if (!strcmp(a, "--runs") && v) {
            if (cli_parse_size(v, MAX_RUNS, &runs) || runs == 0)
                return cli_usage("bargain", "--runs needs a number from 1 to %d", MAX_RUNS);
            i++;
        } else if (!strcmp(a, "--reference") && v) {
            /* X or X,Y,...: one reference point per dimension */
            const char *p = v;
            nref = 0;
            for (;;) {
                char *end;
                errno = 0;
                double x = strtod(p, &end);
                if (end == p || errno || !isfinite(x) || nref == MAX_REF_DIMS ||
                    (*end != ',' && *end != '\0'))
                    return cli_usage("bargain", "--reference needs numbers separated by commas, "
                                     "one per dimension");
                reference[nref++] = x;
                if (*end == '\0')
                    break;
                p = end + 1;
            }
            i++;
        } else if (!strcmp(a, "--seed") && v) {
            /* at most 2^53 - 1, as a scenario's seed: JSON readers keep it exact */
            if (cli_parse_size(v, MAX_SEED, &seed))
                return cli_usage("bargain", "--seed needs an integer from 0 to %llu",
                                 (unsigned long long)MAX_SEED);
            i++;
        } else if (!strcmp(a, "--stochastic")) {
            stochastic = 1;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage("bargain", "unknown option '%s' (or a missing value)", a);
        } else if (file) {
            return cli_usage("bargain", "more than one file given");
        } else {
            file = a;
        }
    }
    if (!file)
        return cli_usage("bargain", "no stakeholder file given");
    int want_eu = !strcmp(model, "eu") || !strcmp(model, "all");
    int want_smp = !strcmp(model, "smp") || !strcmp(model, "all");
    int want_base = !strcmp(model, "mean") || !strcmp(model, "median") || !strcmp(model, "nash");
    if (!want_eu && !want_smp && !want_base)
        return cli_usage("bargain", "unknown model '%s'; expected eu, smp, mean, median, nash or "
                         "all", model);
    if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json"))
        return cli_usage("bargain", "unknown format '%s'; expected table, csv or json", format);
    brink_error err;
    brink_error_clear(&err);
    brink_eu_options eopt;
    if (brink_eu_options_preset(preset, &eopt, &err) != BRINK_OK)
        return cli_usage("bargain", "%s", err.message);
    if (rounds)
        eopt.max_rounds = (int)rounds;
    config cfg = {.want_eu = want_eu,
                  .want_smp = want_smp,
                  .eopt = &eopt,
                  .stochastic = stochastic,
                  .seed = (uint64_t)seed};

    table t;
    memset(&t, 0, sizeof t);
    brink_stakeholders *stk = NULL;
    results central;
    memset(&central, 0, sizeof central);
    ensemble ens;
    memset(&ens, 0, sizeof ens);
    ens.nruns = runs;
    double *row = NULL;
    int rc = read_table(file, &t, &stk, &err);
    if (!rc && nref) {
        if (nref != t.d) {
            size_t d = t.d;
            table_free(&t);
            brink_stakeholders_free(stk);
            return cli_usage("bargain", "--reference gives %zu value%s for %zu dimension%s; "
                             "expected one per dimension",
                             nref, nref == 1 ? "" : "s", d, d == 1 ? "" : "s");
        }
        t.reference = reference;
    }
    /* the run on the central values (with --stochastic: run 0's stream) */
    if (!rc)
        rc = run_models(&t, &cfg, 0, &central, &err);
    if (!rc && runs > 1)
        rc = run_ensemble(&t, stk, &cfg, !quiet && isatty(fileno(stderr)), &ens, &err);
    if (!rc && !(row = brink_calloc(t.d, sizeof *row)))
        rc = brink_error_set(&err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    int code = EXIT_OK;
    if (rc) {
        if (!err.file[0] && err.code == BRINK_EINVAL)
            snprintf(err.file, sizeof err.file, "%s", file);
        code = cli_error(&err);
    } else if (!strcmp(format, "json")) {
        code = print_json(&central, &t, model, preset, want_eu, &ens, cfg.seed);
    } else if (!strcmp(format, "csv")) {
        if (runs > 1) {
            ensemble_csv(&ens, &central, &t, row);
        } else {
            printf("model,round,actor,dimension,position\n");
            for (size_t m = 0; m < central.nouts; m++)
                outcome_csv(&central.outs[m], &t);
        }
    } else if (runs > 1) {
        printf("%s: %zu actors, %zu dimension%s; %llu runs, seed %llu\n", file, t.n, t.d,
               t.d == 1 ? "" : "s", runs, seed);
        printf("quantiles: Hyndman & Fan type 7\n");
        ensemble_table(&ens, &central, &t, row);
    } else {
        printf("%s: %zu actors, %zu dimension%s\n", file, t.n, t.d, t.d == 1 ? "" : "s");
        for (size_t m = 0; m < central.nouts; m++)
            outcome_table(&central.outs[m], &t);
        printf("\nbaselines\n");
        print_row("weighted mean", central.bmean, t.d);
        print_row("weighted median", central.bmedian, t.d);
        if (central.have_nash)
            print_row("nash", central.bnash, t.d);
        else
            printf("  nash: needs a reference point (--reference X, one per dimension)\n");
    }
    brink_free(row);
    ensemble_free(&ens);
    results_free(&central);
    table_free(&t);
    brink_stakeholders_free(stk);
    if (code == EXIT_OK && fflush(stdout) != 0) {
        cli_msg("cannot write to standard output");
        code = EXIT_RUNTIME;
    }
    return code;
}
