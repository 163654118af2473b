/* SPDX-License-Identifier: MIT */
/*
 * cmd_sensitivity.c — `brink sensitivity [SCENARIO]`: one-at-a-time sensitivity of every question
 * to every registered mechanism parameter, on common random numbers.
 *
 * The base ensemble runs once; then, for each parameter, a "low" and a "high" setting of it runs
 * on the same seed and run indices and is paired with the base run by run (cli/paired.h, the
 * machinery of `brink compare`), so the difference of a question's probability has the paired
 * standard error and a parameter that changes nothing gives exactly 0.
 *
 * The range of a parameter (the registry's bounds are validity bounds, far too wide to be a
 * plausible range): every value the scenario holds for it — the top-level one, or the registry's
 * default where the file gives none, and each actor's, dyad's or flow's override — is moved
 * together: "low" halves its magnitude and "high" multiplies it by 1.5 (a value of 0 moves by
 * -/+ 10 % of the bounds' width instead), clipped to the bounds and, for an integer parameter,
 * rounded and moved by at least 1. A distribution in an override is replaced by the fixed value
 * (its central value times the factor). A setting equal to the centre everywhere is not run.
 * One-at-a-time +/-50 % is a screening design (Saltelli et al. 2008, ch. 1): it ranks, it does
 * not measure interactions.
 *
 * The score of a parameter for a question is the larger of |p_low - p_base| and
 * |p_high - p_base|; its overall score is the mean of its scores over the questions asked
 * (--questions). Ties rank by registry order, so the ranking is a pure function of the sums.
 *
 * The pilot: each setting first runs its first --pilot runs (default a quarter of --runs, at
 * least 20); when neither setting changes
 * anything at all in them (every outcome, resolution step and series value at every step equal
 * to the base's, bit for bit) the parameter is reported as "inert" and not run further — the
 * mechanism that reads it is absent from the scenario or never reached in those runs. Otherwise
 * the settings run on to --runs (the pilot's runs count: the ensemble continues at run --pilot).
 * A mechanism reached in a share s of the runs is missed by a pilot of n runs with chance
 * (1 - s)^n (10 % and 50 runs: 0.5 %); --pilot 0 runs everything.
 */
#include "cli.h"
#include "paired.h"

#include "io/io.h"
#include "io/jsonw.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
    "usage: brink sensitivity [options] [SCENARIO]\n"
    "\n"
    "Varies each registered mechanism parameter one at a time to a low and a high setting\n"
    "(every value the scenario holds for it x0.5 and x1.5, clipped to its bounds; 0 moves by\n"
    "-/+10 % of the bounds' width) on common random numbers with the base ensemble, and ranks\n"
    "the parameters by how much they move each question: max |p_setting - p_base| with its\n"
    "paired standard error. SCENARIO defaults to the built-in one.\n"
    "\n"
    "options:\n"
    "  --runs N        runs of each ensemble (default 200, at most 1000000); the cost is about\n"
    "                  (1 + 2 x parameters) x N runs\n"
    "  --seed S        master seed (default: the scenario's)\n"
    "  --threads T     worker threads (default: the number of cores); never changes results\n"
    "  --params LIST   only these parameters: comma-separated names or prefixes (economy.,\n"
    "                  conflict.fatigue)\n"
    "  --exclude LIST  leave out these parameters (names or prefixes), e.g. definitions and\n"
    "                  physical constants\n"
    "  --questions LIST  rank for these questions only: comma-separated question ids\n"
    "  --top N         parameters listed per question and overall (default 10)\n"
    "  --pilot N       runs after which a parameter that changed nothing is skipped as inert\n"
    "                  (default: a quarter of --runs, at least 20; 0: never skip)\n"
    "  --set PATH=VALUE  override a value of the scenario before all of it (repeatable)\n"
    "  --format F      table (default) or json (sensitivity.json's content)\n"
    "  --out DIR       also write DIR/sensitivity.json and DIR/sensitivity.csv\n"
    "  -q, --quiet     no progress display\n"
    "  -h, --help      show this help\n"
    "\n"
    "exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 invalid input.\n";

#define SENS_MAX_RUNS 1000000ULL
#define SENS_DEFAULT_RUNS 200
#define SENS_MIN_PILOT 20 /* the default pilot is a quarter of the runs, at least this */
#define SENS_DEFAULT_TOP 10
#define SENS_LOW_FACTOR 0.5
#define SENS_HIGH_FACTOR 1.5
#define SENS_ZERO_STEP 0.1   /* share of the bounds' width a value of 0 moves */
#define SENS_MAX_ENTRIES 200 /* overrides of one parameter the settings move (CLI_MAX_SETS) */

typedef struct opts {
    const char *file, *out, *format, *params, *exclude, *questions;
    unsigned long long runs, threads, seed, top, pilot;
    int have_seed, have_pilot, quiet;
    cli_sets sets;
} opts;

/* One value of a parameter that a setting moves: its --set path and central value. */
typedef struct entry {
    char path[512];
    double centre;
    int distributed; /* a distribution in the file (a setting makes it fixed) */
} entry;

enum { LOW = 0, HIGH = 1, NSET = 2 };
static const char *const set_name[NSET] = {"low", "high"};

typedef enum status { ST_VARIED = 0, ST_INERT, ST_NO_RANGE, ST_REJECTED } status;
static const char *const status_name[] = {"varied", "inert", "no_range", "rejected"};

/* Per (parameter, setting, question): the paired counts. */
typedef struct qsum {
    uint64_t n, yb, ya, ob, oa;
} qsum;

/* What is known of one parameter. */
typedef struct param {
    size_t reg; /* registry index */
    const brink_param_def *def;
    entry *e;
    size_t ne;
    int ndistributed;
    int run[NSET]; /* the setting differs from the centre somewhere and was run */
    char rejected[BRINK_ERROR_FILE_MAX + BRINK_ERROR_MSG_MAX + 64]; /* why the scenario with a
                                                                       setting did not validate */
    double global[NSET]; /* the setting's top-level value */
    uint64_t paired[NSET];
    uint64_t failed[NSET]; /* runs of the setting that failed (not paired) */
    status st;
    qsum *q[NSET];  /* [nq] */
    double *score;  /* [nq] max |diff| over the settings run (NaN: unmodelled) */
    int *best;      /* [nq] the setting that gave it */
    double overall; /* mean score over the questions asked */
} param;

/* ---- the range rule ---- */

/* The value of setting k of a value whose central value is c, for parameter d. */
static double vary(double c, int k, const brink_param_def *d)
{
    double v;
    if (c != 0)
        v = c * (k == HIGH ? SENS_HIGH_FACTOR : SENS_LOW_FACTOR);
    else
        v = (k == HIGH ? 1 : -1) * SENS_ZERO_STEP * (d->hi - d->lo);
    if (d->integer) {
        v = round(v);
        if (v == c) {
            /* rounding undid the move: one unit toward zero (low) or away from it (high); a
             * centre of 0 moves down (low) or up (high) */
            double sgn = c > 0 ? 1 : c < 0 ? -1 : (k == HIGH ? 1 : -1);
            v = c + (k == HIGH || c == 0 ? sgn : -sgn);
        }
    }
    return v < d->lo ? d->lo : v > d->hi ? d->hi : v;
}

/* Collects the values of parameter reg in sc: the top-level one first, then every override. */
static int collect_entries(const brink_scenario *sc, param *pm, brink_error *err)
{
    const brink_param_def *d = pm->def;
    int reg = (int)pm->reg;
    pm->e = brink_calloc(SENS_MAX_ENTRIES, sizeof *pm->e);
    if (!pm->e)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    pm->ne = 0;
    entry *g = &pm->e[pm->ne++];
    snprintf(g->path, sizeof g->path, "params.%s", d->name);
    g->centre = d->def;
    for (size_t i = 0; i < sc->nparams; i++)
        if (sc->params[i].param == reg) {
            g->centre = sc->params[i].value.value;
            g->distributed = sc->params[i].value.dist != BRINK_DIST_FIXED;
        }
#define ADD(ov, n, fmt, ...)                                                                       \
    for (size_t k_ = 0; k_ < (n); k_++) {                                                          \
        if ((ov)[k_].param != reg)                                                                 \
            continue;                                                                              \
        if (pm->ne == SENS_MAX_ENTRIES)                                                            \
            return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,                                  \
                                   "%s has more than %d overrides; sensitivity cannot move them",  \
                                   d->name, SENS_MAX_ENTRIES - 1);                                 \
        entry *e_ = &pm->e[pm->ne++];                                                              \
        snprintf(e_->path, sizeof e_->path, fmt ".params.%s", __VA_ARGS__, d->name);               \
        e_->centre = (ov)[k_].value.value;                                                         \
        e_->distributed = (ov)[k_].value.dist != BRINK_DIST_FIXED;                                 \
    }
    for (size_t a = 0; a < sc->nactors; a++)
        ADD(sc->actors[a].params, sc->actors[a].nparams, "actors.%s", sc->actors[a].id)
    for (size_t a = 0; a < sc->nactors; a++)
        for (size_t b = 0; b < sc->nactors; b++) {
            if (a == b)
                continue;
            const brink_relation *r = brink_scenario_relation(sc, (int)a, (int)b);
            if (r)
                ADD(r->params, r->nparams, "relations.%s>%s", sc->actors[a].id, sc->actors[b].id)
        }
    for (size_t f = 0; f < sc->nflows; f++)
        ADD(sc->flows[f].params, sc->flows[f].nparams, "flows.%s", sc->flows[f].id)
#undef ADD
    for (size_t i = 0; i < pm->ne; i++)
        pm->ndistributed += pm->e[i].distributed;
    return BRINK_OK;
}

/* ---- options ---- */

/* 1 when name is item or starts with it (a prefix). */
static int matches(const char *name, const char *item, size_t len)
{
    return len > 0 && strncmp(name, item, len) == 0;
}

/* Calls f(ctx, item, len) for each non-empty comma-separated item of list; stops at the first
 * non-zero return. Returns it, or 0. */
static int each_item(const char *list, int (*f)(void *, const char *, size_t), void *ctx)
{
    const char *s = list;
    while (*s) {
        size_t len = strcspn(s, ",");
        if (len) {
            int rc = f(ctx, s, len);
            if (rc)
                return rc;
        }
        s += len;
        if (*s == ',')
            s++;
    }
    return 0;
}

static int check_param_item(void *ctx, const char *item, size_t len)
{
    const char *option = ctx;
    for (size_t i = 0; i < brink_param_count(); i++)
        if (matches(brink_param_get(i)->name, item, len))
            return 0;
    return cli_usage("sensitivity",
                     "%s: '%.*s' names no registered parameter (see "
                     "'brink params')",
                     option, (int)len, item);
}

typedef struct pick {
    const char *name;
    int hit;
} pick;

static int param_hit(void *ctx, const char *item, size_t len)
{
    pick *k = ctx;
    if (matches(k->name, item, len))
        k->hit = 1;
    return k->hit;
}

typedef struct qpick {
    const brink_scenario *sc;
    unsigned char *asked;
    const char *file;
} qpick;

static int question_item(void *ctx, const char *item, size_t len)
{
    qpick *k = ctx;
    for (size_t q = 0; q < k->sc->nquestions; q++)
        if (strlen(k->sc->questions[q].id) == len && !strncmp(k->sc->questions[q].id, item, len)) {
            k->asked[q] = 1;
            return 0;
        }
    return cli_usage("sensitivity", "--questions: %s has no question '%.*s'", k->file, (int)len,
                     item);
}

static int parse_opts(int argc, char **argv, opts *o, int *done)
{
    *done = 0;
    memset(o, 0, sizeof *o);
    o->runs = SENS_DEFAULT_RUNS;
    o->top = SENS_DEFAULT_TOP;
    o->format = "table";
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
            if (cli_parse_size(v, SENS_MAX_RUNS, &o->runs) || o->runs == 0)
                return cli_usage("sensitivity", "--runs needs a number from 1 to %llu",
                                 SENS_MAX_RUNS);
            i++;
        } else if (cli_ensemble_opt("sensitivity", a, v, &i, &o->threads, &o->seed, &o->have_seed,
                                    &orc)) {
            if (orc)
                return orc;
        } else if (!strcmp(a, "--top") && v) {
            if (cli_parse_size(v, 100000, &o->top) || o->top == 0)
                return cli_usage("sensitivity", "--top needs a number from 1 to 100000");
            i++;
        } else if (!strcmp(a, "--pilot") && v) {
            if (cli_parse_size(v, SENS_MAX_RUNS, &o->pilot))
                return cli_usage("sensitivity", "--pilot needs a number from 0 to %llu",
                                 SENS_MAX_RUNS);
            o->have_pilot = 1, i++;
        } else if (!strcmp(a, "--params") && v) {
            if (!*v || strspn(v, ",") == strlen(v))
                return cli_usage("sensitivity", "--params needs names or prefixes");
            int rc = each_item(v, check_param_item, (void *)"--params");
            if (rc)
                return rc;
            o->params = v, i++;
        } else if (!strcmp(a, "--exclude") && v) {
            if (!*v || strspn(v, ",") == strlen(v))
                return cli_usage("sensitivity", "--exclude needs names or prefixes");
            int rc = each_item(v, check_param_item, (void *)"--exclude");
            if (rc)
                return rc;
            o->exclude = v, i++;
        } else if (!strcmp(a, "--questions") && v) {
            if (!*v || strspn(v, ",") == strlen(v))
                return cli_usage("sensitivity", "--questions needs question ids");
            o->questions = v, i++;
        } else if (!strcmp(a, "--set")) {
            int rc = cli_take_set("sensitivity", &o->sets, v);
            if (rc)
                return rc;
            i++;
        } else if (!strcmp(a, "--format") && v) {
            if (strcmp(v, "table") != 0 && strcmp(v, "json") != 0)
                return cli_usage("sensitivity", "--format needs table or json");
            o->format = v, i++;
        } else if (cli_output_opt("sensitivity", a, v, &i, &o->out, &o->quiet, &orc)) {
            if (orc)
                return orc;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage("sensitivity", "unknown option '%s' (or a missing value)", a);
        } else if (o->file) {
            return cli_usage("sensitivity", "more than one scenario given");
        } else {
            o->file = a;
        }
    }
    return EXIT_OK;
}

/* ---- the statistics ---- */

typedef struct ctx {
    const opts *o;
    paired_side *base;
    param *pm;
    size_t npm;
    const unsigned char *asked; /* [nq] */
    size_t nasked;
    uint64_t seed, pilot;
    uint64_t *bn, *byes; /* [nq] base: modelled runs, YES */
    size_t *order;       /* [npm] overall ranking */
} ctx;

static void qdiff(const qsum *s, double *diff, double *se)
{
    if (s->n == 0) {
        *diff = *se = NAN;
        return;
    }
    double n = (double)s->n;
    *diff = ((double)s->ya - (double)s->yb) / n;
    *se = paired_se(s->n, (double)s->ya - (double)s->yb, (double)(s->ob + s->oa));
}

static void score_param(param *pm, size_t nq, const unsigned char *asked)
{
    double sum = 0;
    size_t n = 0;
    for (size_t q = 0; q < nq; q++) {
        pm->score[q] = NAN;
        pm->best[q] = -1;
        for (int k = 0; k < NSET; k++) {
            if (!pm->run[k] || pm->q[k][q].n == 0)
                continue;
            double d, se;
            qdiff(&pm->q[k][q], &d, &se);
            if (pm->best[q] < 0 || fabs(d) > pm->score[q]) {
                pm->score[q] = fabs(d);
                pm->best[q] = k;
            }
        }
        if (pm->st == ST_INERT)
            pm->score[q] = 0;
        if (asked[q] && isfinite(pm->score[q])) {
            sum += pm->score[q];
            n++;
        }
    }
    pm->overall = n ? sum / (double)n : pm->st == ST_INERT ? 0 : NAN;
}

/* Rank order: score descending (NaN last), then registry order. */
static const param *g_sort_pm;
static size_t g_sort_q; /* a question index, or (size_t)-1 for the overall score */

static double sort_key(const param *pm)
{
    double s = g_sort_q == (size_t)-1 ? pm->overall : pm->score[g_sort_q];
    return isfinite(s) ? s : -1;
}

static int by_rank(const void *x, const void *y)
{
    const param *a = &g_sort_pm[*(const size_t *)x], *b = &g_sort_pm[*(const size_t *)y];
    double sa = sort_key(a), sb = sort_key(b);
    if (sa != sb)
        return sa > sb ? -1 : 1;
    return a->reg < b->reg ? -1 : a->reg > b->reg ? 1 : 0;
}

static void rank(const ctx *c, size_t q, size_t *order)
{
    for (size_t i = 0; i < c->npm; i++)
        order[i] = i;
    g_sort_pm = c->pm;
    g_sort_q = q;
    qsort(order, c->npm, sizeof *order, by_rank);
}

/* ---- output ---- */

static const char *const rule_text =
    "every value of the parameter (top-level, or the registry default, and each override) x0.5 "
    "(low) and x1.5 (high), a value of 0 -/+10% of the bounds' width; clipped to the bounds, "
    "integers rounded and moved by at least 1; score = max |p_setting - p_base| over the "
    "settings run; overall = mean score over the questions asked";

static void write_effect(brink_jsonw *w, const param *pm, int k, size_t q)
{
    double d, se;
    qdiff(&pm->q[k][q], &d, &se);
    brink_jsonw_key(w, set_name[k]);
    brink_jsonw_begin_inline(w);
    brink_jsonw_double(w, d);
    brink_jsonw_double(w, se);
    brink_jsonw_end_array(w);
}

static int write_json(FILE *f, const ctx *c, size_t *order)
{
    const brink_scenario *sc = c->base->sc;
    brink_jsonw w;
    brink_jsonw_init(&w, f);
    char buf[40];
    brink_jsonw_begin_object(&w);
    brink_jsonw_key(&w, "format");
    brink_jsonw_string(&w, "brink-sensitivity/1");
    brink_jsonw_key(&w, "brink");
    brink_jsonw_string(&w, brink_version());
    brink_jsonw_key(&w, "scenario");
    brink_jsonw_begin_object(&w);
    brink_jsonw_key(&w, "label");
    brink_jsonw_string(&w, c->base->label);
    brink_jsonw_key(&w, "name");
    brink_jsonw_string(&w, sc->name);
    snprintf(buf, sizeof buf, "fnv1a64:%016" PRIx64, c->base->hash);
    brink_jsonw_key(&w, "hash");
    brink_jsonw_string(&w, buf);
    brink_jsonw_end_object(&w);
    brink_jsonw_key(&w, "seed");
    brink_jsonw_uint(&w, c->seed);
    brink_jsonw_key(&w, "runs");
    brink_jsonw_uint(&w, c->o->runs);
    brink_jsonw_key(&w, "pilot");
    brink_jsonw_uint(&w, c->pilot);
    brink_jsonw_key(&w, "rule");
    brink_jsonw_string(&w, rule_text);
    brink_jsonw_key(&w, "effects_are");
    brink_jsonw_string(&w, "[p_setting - p_base, paired standard error] over the paired runs");
    brink_jsonw_key(&w, "questions");
    brink_jsonw_begin_array(&w);
    for (size_t q = 0; q < sc->nquestions; q++) {
        if (!c->asked[q])
            continue;
        brink_jsonw_begin_object(&w);
        brink_jsonw_key(&w, "id");
        brink_jsonw_string(&w, sc->questions[q].id);
        brink_jsonw_key(&w, "text");
        brink_jsonw_string(&w, sc->questions[q].text);
        brink_jsonw_key(&w, "base");
        brink_jsonw_double(&w, c->bn[q] ? (double)c->byes[q] / (double)c->bn[q] : NAN);
        brink_jsonw_key(&w, "top");
        brink_jsonw_begin_inline(&w);
        if (c->bn[q]) {
            rank(c, q, order);
            for (size_t i = 0; i < c->npm && i < c->o->top; i++) {
                const param *pm = &c->pm[order[i]];
                if (!(pm->score[q] > 0))
                    break;
                brink_jsonw_string(&w, pm->def->name);
            }
        }
        brink_jsonw_end_array(&w);
        brink_jsonw_end_object(&w);
    }
    brink_jsonw_end_array(&w);
    brink_jsonw_key(&w, "overall");
    brink_jsonw_begin_inline(&w);
    rank(c, (size_t)-1, order);
    for (size_t i = 0; i < c->npm && i < c->o->top; i++) {
        if (!(c->pm[order[i]].overall > 0))
            break;
        brink_jsonw_string(&w, c->pm[order[i]].def->name);
    }
    brink_jsonw_end_array(&w);
    brink_jsonw_key(&w, "parameters");
    brink_jsonw_begin_array(&w);
    for (size_t i = 0; i < c->npm; i++) {
        const param *pm = &c->pm[order[i]];
        brink_jsonw_begin_object(&w);
        brink_jsonw_key(&w, "name");
        brink_jsonw_string(&w, pm->def->name);
        brink_jsonw_key(&w, "rank");
        brink_jsonw_uint(&w, i + 1);
        brink_jsonw_key(&w, "status");
        brink_jsonw_string(&w, status_name[pm->st]);
        if (pm->rejected[0]) {
            brink_jsonw_key(&w, "rejected");
            brink_jsonw_string(&w, pm->rejected);
        }
        brink_jsonw_key(&w, "overall");
        brink_jsonw_double(&w, pm->overall);
        brink_jsonw_key(&w, "unit");
        brink_jsonw_string(&w, pm->def->unit);
        brink_jsonw_key(&w, "values");
        brink_jsonw_begin_array(&w);
        for (size_t e = 0; e < pm->ne; e++) {
            brink_jsonw_begin_object(&w);
            brink_jsonw_key(&w, "path");
            brink_jsonw_string(&w, pm->e[e].path);
            brink_jsonw_key(&w, "centre");
            brink_jsonw_double(&w, pm->e[e].centre);
            if (pm->e[e].distributed) {
                brink_jsonw_key(&w, "distributed");
                brink_jsonw_bool(&w, 1);
            }
            for (int k = 0; k < NSET; k++) {
                brink_jsonw_key(&w, set_name[k]);
                brink_jsonw_double(&w, vary(pm->e[e].centre, k, pm->def));
            }
            brink_jsonw_end_object(&w);
        }
        brink_jsonw_end_array(&w);
        brink_jsonw_key(&w, "paired_runs");
        brink_jsonw_begin_object(&w);
        for (int k = 0; k < NSET; k++) {
            brink_jsonw_key(&w, set_name[k]);
            brink_jsonw_uint(&w, pm->run[k] ? pm->paired[k] : 0);
        }
        brink_jsonw_end_object(&w);
        if (pm->failed[LOW] || pm->failed[HIGH]) {
            brink_jsonw_key(&w, "failed_runs");
            brink_jsonw_begin_object(&w);
            for (int k = 0; k < NSET; k++) {
                brink_jsonw_key(&w, set_name[k]);
                brink_jsonw_uint(&w, pm->failed[k]);
            }
            brink_jsonw_end_object(&w);
        }
        brink_jsonw_key(&w, "effects");
        brink_jsonw_begin_array(&w);
        for (size_t q = 0; pm->st == ST_VARIED && q < sc->nquestions; q++) {
            if (!c->asked[q] || !isfinite(pm->score[q]))
                continue;
            brink_jsonw_begin_object(&w);
            brink_jsonw_key(&w, "question");
            brink_jsonw_string(&w, sc->questions[q].id);
            brink_jsonw_key(&w, "score");
            brink_jsonw_double(&w, pm->score[q]);
            for (int k = 0; k < NSET; k++)
                if (pm->run[k])
                    write_effect(&w, pm, k, q);
            brink_jsonw_end_object(&w);
        }
        brink_jsonw_end_array(&w);
        brink_jsonw_end_object(&w);
    }
    brink_jsonw_end_array(&w);
    brink_jsonw_end_object(&w);
    return brink_jsonw_finish(&w);
}

/* Writes a CSV field, quoted. */
static void csv_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void csv_num(FILE *f, double x)
{
    char b[40];
    if (isfinite(x))
        fputs(brink_format_double(x, b, sizeof b), f);
}

/* One row per (parameter, setting, question asked): long format for any table tool. */
static int write_csv(FILE *f, const ctx *c)
{
    const brink_scenario *sc = c->base->sc;
    fputs("parameter,status,setting,value,question,paired_runs,base,alt,difference,se\n", f);
    for (size_t i = 0; i < c->npm; i++) {
        const param *pm = &c->pm[i];
        for (int k = 0; k < NSET; k++) {
            if (!pm->run[k] || pm->st != ST_VARIED)
                continue;
            for (size_t q = 0; q < sc->nquestions; q++) {
                const qsum *s = &pm->q[k][q];
                if (!c->asked[q] || s->n == 0)
                    continue;
                double d, se;
                qdiff(s, &d, &se);
                csv_str(f, pm->def->name);
                fprintf(f, ",%s,%s,", status_name[pm->st], set_name[k]);
                csv_num(f, pm->global[k]);
                fputc(',', f);
                csv_str(f, sc->questions[q].id);
                fprintf(f, ",%" PRIu64 ",", s->n);
                csv_num(f, (double)s->yb / (double)s->n);
                fputc(',', f);
                csv_num(f, (double)s->ya / (double)s->n);
                fputc(',', f);
                csv_num(f, d);
                fputc(',', f);
                csv_num(f, se);
                fputc('\n', f);
            }
        }
    }
    return ferror(f) ? -1 : 0;
}

static void pp(double x, double se, char *buf, size_t n)
{
    if (!isfinite(x))
        snprintf(buf, n, "-");
    else if (isfinite(se))
        snprintf(buf, n, "%+.1f (%.1f)", x * 100.0, se * 100.0);
    else
        snprintf(buf, n, "%+.1f", x * 100.0);
}

static void print_table(const ctx *c, size_t *order)
{
    const brink_scenario *sc = c->base->sc;
    size_t varied = 0, inert = 0, norange = 0, rejected = 0;
    for (size_t i = 0; i < c->npm; i++) {
        varied += c->pm[i].st == ST_VARIED;
        inert += c->pm[i].st == ST_INERT;
        norange += c->pm[i].st == ST_NO_RANGE;
        rejected += c->pm[i].rejected[0] != 0;
    }
    printf("scenario: %s\n%llu runs per setting, seed %llu, common random numbers; %zu parameters: "
           "%zu varied, %zu inert in the first %llu runs, %zu without a range\n",
           c->base->label, c->o->runs, (unsigned long long)c->seed, c->npm, varied, inert,
           (unsigned long long)c->pilot, norange);
    if (rejected) {
        printf("settings the scenario's checks reject (that setting is not run):\n");
        for (size_t i = 0; i < c->npm; i++)
            if (c->pm[i].rejected[0])
                printf("  %s: %s\n", c->pm[i].def->name, c->pm[i].rejected);
    }
    printf("settings: every value of a parameter x0.5 (low) and x1.5 (high), clipped to its "
           "bounds; effects in percentage points, p_setting - p_base (paired se)\n");
    printf("\noverall (mean over %zu questions of max |effect|):\n", c->nasked);
    printf("  %4s  %-40s %8s\n", "rank", "parameter", "mean pp");
    rank(c, (size_t)-1, order);
    for (size_t i = 0; i < c->npm && i < c->o->top; i++) {
        const param *pm = &c->pm[order[i]];
        if (!(pm->overall > 0))
            break;
        printf("  %4zu  %-40s %8.2f\n", i + 1, pm->def->name, pm->overall * 100.0);
    }
    for (size_t q = 0; q < sc->nquestions; q++) {
        if (!c->asked[q])
            continue;
        if (!c->bn[q]) {
            printf("\n%s: not modelled\n", sc->questions[q].id);
            continue;
        }
        printf("\n%s (base %.1f%%):\n", sc->questions[q].id,
               100.0 * (double)c->byes[q] / (double)c->bn[q]);
        rank(c, q, order);
        int any = 0;
        for (size_t i = 0; i < c->npm && i < c->o->top; i++) {
            const param *pm = &c->pm[order[i]];
            if (!(pm->score[q] > 0))
                break;
            char lo[40] = "-", hi[40] = "-";
            double d, se;
            if (pm->run[LOW]) {
                qdiff(&pm->q[LOW][q], &d, &se);
                pp(d, se, lo, sizeof lo);
            }
            if (pm->run[HIGH]) {
                qdiff(&pm->q[HIGH][q], &d, &se);
                pp(d, se, hi, sizeof hi);
            }
            printf("  %4zu  %-40s low %-14s high %s\n", i + 1, pm->def->name, lo, hi);
            any = 1;
        }
        if (!any)
            printf("  no parameter moved it\n");
    }
}

/* ---- running ---- */

/* Loads the setting k of pm into alt (unless it is loaded: then its ensemble continues) and
 * runs its ensemble until stop_after runs are merged (0: all). Returns SETTING_REJECTED (and
 * fills pm->rejected) when the scenario with the setting does not validate. */
#define SETTING_REJECTED (-1)
static int run_setting(ctx *c, pairing *p, paired_side *alt, param *pm, int k, size_t idx,
                       uint64_t stop_after, char *phase, size_t nphase, brink_error *err)
{
    if (!alt->sc) {
        cli_sets sets = c->o->sets;
        char(*val)[600] = brink_calloc(pm->ne, sizeof *val);
        if (!val)
            return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        int rc = BRINK_OK;
        for (size_t e = 0; e < pm->ne && !rc; e++) {
            char num[40];
            double v = vary(pm->e[e].centre, k, pm->def);
            if (e == 0)
                pm->global[k] = v;
            snprintf(val[e], sizeof val[e], "%s=%s", pm->e[e].path,
                     brink_format_double(v, num, sizeof num));
            if (sets.n == CLI_MAX_SETS)
                rc = brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                                     "too many overrides for %s (at most %d with --set)",
                                     pm->def->name, CLI_MAX_SETS);
            else
                sets.v[sets.n++] = val[e];
        }
        if (!rc)
            rc = paired_load_text(alt, c->base->text, c->base->len, c->base->name, &sets, err);
        brink_free(val);
        if (rc == BRINK_EINVAL) {
            /* a setting the scenario's own checks reject (a cross-check between values): the
             * parameter's report says so and the others go on */
            brink_error_format(err, pm->rejected, sizeof pm->rejected);
            paired_free_side(alt);
            return SETTING_REJECTED;
        }
        if (!rc &&
            (alt->nsteps != c->base->nsteps || alt->sc->nquestions != c->base->sc->nquestions))
            rc = brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                                 "setting %s of %s changed the scenario's shape", set_name[k],
                                 pm->def->name);
        if (!rc)
            rc = paired_attach(p, alt, err);
        if (rc)
            return rc;
    }
    snprintf(phase, nphase, "%zu/%zu %s %s:", idx + 1, c->npm, pm->def->name, set_name[k]);
    return paired_run_alt(p, c->seed, (unsigned)c->o->threads, stop_after, phase, err);
}

/* Keeps the paired sums of setting k of pm. */
static void keep(param *pm, int k, const pairing *p, size_t nq)
{
    for (size_t q = 0; q < nq; q++) {
        qsum *s = &pm->q[k][q];
        s->n = p->qn[q];
        s->yb = p->qyb[q];
        s->ya = p->qya[q];
        s->ob = p->qob[q];
        s->oa = p->qoa[q];
    }
    pm->paired[k] = p->paired;
    pm->failed[k] = brink_aggregate_failed(p->alt->agg);
}

/* Runs both settings of pm (the pilot first when there is one). */
static int run_param(ctx *c, pairing *p, param *pm, size_t idx, char *phase, size_t nphase,
                     brink_error *err)
{
    size_t nq = c->base->sc->nquestions;
    for (int k = 0; k < NSET; k++) {
        pm->run[k] = 0;
        for (size_t e = 0; e < pm->ne; e++)
            if (vary(pm->e[e].centre, k, pm->def) != pm->e[e].centre)
                pm->run[k] = 1;
    }
    if (!pm->run[LOW] && !pm->run[HIGH]) {
        pm->st = ST_NO_RANGE;
        return BRINK_OK;
    }
    paired_side alt[NSET];
    memset(alt, 0, sizeof alt);
    int rc = BRINK_OK, differs = 0, piloted[NSET] = {0, 0};
    /* the pilots: a setting that changes something in them runs on at once */
    for (int k = 0; k < NSET && !rc; k++) {
        if (!pm->run[k])
            continue;
        if (c->pilot && !differs) {
            rc = run_setting(c, p, &alt[k], pm, k, idx, c->pilot, phase, nphase, err);
            if (rc == SETTING_REJECTED) {
                pm->run[k] = 0, rc = BRINK_OK;
                continue;
            }
            if (rc)
                break;
            piloted[k] = 1;
            if (!p->alt_differs) {
                /* keep nothing of it: if the other setting differs this one runs again */
                paired_free_side(&alt[k]);
                continue;
            }
            differs = 1;
        }
        rc = run_setting(c, p, &alt[k], pm, k, idx, 0, phase, nphase, err);
        if (rc == SETTING_REJECTED) {
            pm->run[k] = 0, rc = BRINK_OK;
            continue;
        }
        if (!rc)
            keep(pm, k, p, nq);
        paired_free_side(&alt[k]);
        piloted[k] = 0;
        differs = 1;
    }
    /* a low setting that changed nothing in its pilot while the high one did: run it in full */
    if (!rc && differs && pm->run[LOW] && piloted[LOW]) {
        rc = run_setting(c, p, &alt[LOW], pm, LOW, idx, 0, phase, nphase, err);
        if (!rc)
            keep(pm, LOW, p, nq);
        paired_free_side(&alt[LOW]);
    }
    for (int k = 0; k < NSET; k++)
        paired_free_side(&alt[k]);
    if (!rc && !pm->run[LOW] && !pm->run[HIGH])
        pm->st = ST_REJECTED;
    else if (!rc)
        pm->st = differs || !c->pilot ? ST_VARIED : ST_INERT;
    return rc;
}

int cmd_sensitivity(int argc, char **argv)
{
    opts o;
    int done;
    int code = parse_opts(argc, argv, &o, &done);
    if (code != EXIT_OK || done)
        return code;
    brink_error err;
    brink_error_clear(&err);
    paired_side base;
    memset(&base, 0, sizeof base);
    pairing p;
    memset(&p, 0, sizeof p);
    ctx c;
    memset(&c, 0, sizeof c);
    c.o = &o;
    c.base = &base;
    unsigned char *asked = NULL;
    char *p_json = NULL, *p_csv = NULL;
    size_t *order = NULL;
    int rc = paired_load_side(&base, o.file, &o.sets, &err);
    if (rc)
        goto fail;
    const brink_scenario *sc = base.sc;
    size_t nq = sc->nquestions;
    int fail = 0;
    asked = paired_calloc(nq, 1, &fail);
    c.bn = paired_calloc(nq, sizeof *c.bn, &fail);
    c.byes = paired_calloc(nq, sizeof *c.byes, &fail);
    c.pm = paired_calloc(brink_param_count(), sizeof *c.pm, &fail);
    order = paired_calloc(brink_param_count(), sizeof *order, &fail);
    if (fail) {
        rc = brink_error_set(&err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    c.asked = asked;
    if (o.questions) {
        qpick qp = {sc, asked, base.name};
        code = each_item(o.questions, question_item, &qp);
        if (code)
            goto out;
    } else {
        memset(asked, 1, nq ? nq : 1);
    }
    for (size_t q = 0; q < nq; q++)
        c.nasked += asked[q];
    for (size_t i = 0; i < brink_param_count(); i++) {
        pick k = {brink_param_get(i)->name, 0};
        if (o.params && !each_item(o.params, param_hit, &k))
            continue;
        k.hit = 0;
        if (o.exclude && each_item(o.exclude, param_hit, &k))
            continue;
        param *pm = &c.pm[c.npm++];
        pm->reg = i;
        pm->def = brink_param_get(i);
        for (int s = 0; s < NSET; s++)
            pm->q[s] = paired_calloc(nq, sizeof(qsum), &fail);
        pm->score = paired_calloc(nq, sizeof(double), &fail);
        pm->best = paired_calloc(nq, sizeof(int), &fail);
        if (fail) {
            rc = brink_error_set(&err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
            goto fail;
        }
        rc = collect_entries(sc, pm, &err);
        if (rc)
            goto fail;
    }

    c.seed = o.have_seed ? o.seed : sc->seed;
    if (!o.have_pilot)
        o.pilot = o.runs / 4 > SENS_MIN_PILOT ? o.runs / 4 : SENS_MIN_PILOT;
    c.pilot = o.pilot < o.runs ? o.pilot : 0; /* a pilot of all the runs saves nothing */
    rc = paired_init(&p, &base, o.runs, c.pilot, !o.quiet && isatty(fileno(stderr)), &err);
    if (!rc)
        rc = paired_attach(&p, &base, &err); /* maps questions and series one to one */
    if (!rc)
        rc = paired_run_base(&p, c.seed, (unsigned)o.threads, &err);
    if (rc)
        goto fail;
    for (size_t q = 0; q < nq; q++) {
        brink_question_stat qs;
        brink_aggregate_question(base.agg, q, &qs);
        c.bn[q] = qs.b.n;
        c.byes[q] = qs.b.yes;
    }
    char phase[160];
    for (size_t i = 0; i < c.npm; i++) {
        rc = run_param(&c, &p, &c.pm[i], i, phase, sizeof phase, &err);
        if (rc)
            goto fail;
        score_param(&c.pm[i], nq, asked);
    }

    /* output */
    if (o.out) {
        rc = brink_io_mkdir(o.out, &err);
        p_json = brink_io_join(o.out, "sensitivity.json");
        p_csv = brink_io_join(o.out, "sensitivity.csv");
        if (!rc && (!p_json || !p_csv))
            rc = brink_error_set(&err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        const char *path[2] = {p_json, p_csv};
        for (int k = 0; k < 2 && !rc; k++) {
            brink_afile af;
            rc = brink_afile_open(&af, path[k], &err);
            if (rc)
                break;
            if ((k == 0 ? write_json(af.f, &c, order) : write_csv(af.f, &c)) != 0) {
                rc = brink_error_set(&err, BRINK_EIO, path[k], 0, 0, "cannot write: %s",
                                     strerror(errno));
                brink_afile_abort(&af);
            } else {
                rc = brink_afile_commit(&af, &err);
            }
        }
        if (rc)
            goto fail;
    }
    if (!strcmp(o.format, "json")) {
        if (write_json(stdout, &c, order) != 0) {
            cli_msg("cannot write to standard output");
            code = EXIT_RUNTIME;
        }
    } else {
        print_table(&c, order);
        if (o.out)
            printf("\nwritten: %s, %s\n", p_json, p_csv);
    }
    if (fflush(stdout) != 0) {
        cli_msg("cannot write to standard output");
        code = EXIT_RUNTIME;
    }
    goto out;
fail:
    paired_clear_bar(&p);
    code = cli_error(&err);
out:
    for (size_t i = 0; c.pm && i < brink_param_count(); i++) {
        for (int s = 0; s < NSET; s++)
            brink_free(c.pm[i].q[s]);
        brink_free(c.pm[i].score);
        brink_free(c.pm[i].best);
        brink_free(c.pm[i].e);
    }
    brink_free(c.pm);
    brink_free(c.bn);
    brink_free(c.byes);
    brink_free(asked);
    brink_free(order);
    brink_free(p_json);
    brink_free(p_csv);
    paired_free(&p);
    paired_free_side(&base);
    return code;
}
