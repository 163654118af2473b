/* SPDX-License-Identifier: MIT */
/*
 * cmd_bargain.c — `brink bargain FILE`: the negotiation models alone on a stakeholder table.
 *
 * Input: KTAB's smpc CSV layout, or a BDM-style CSV whose columns are found by header name
 * (actor, capability, position, and salience on 0-1 — or salience_0_100). Both become one table
 * of N actors on D dimensions with saliences on 0-1. The expected-utility model runs dimension by
 * dimension, the spatial model on all dimensions at once, the baselines dimension by dimension.
 * Output: a table, CSV rows, or the JSON documented in docs/cli.md (the stable interface).
 */
#include "cli.h"

#include "bargain/baseline.h"
#include "bargain/eu.h"
#include "bargain/smp.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char help[] =
    "usage: brink bargain [options] FILE\n"
    "\n"
    "Runs negotiation models on a stakeholder table and prints each model's per-round\n"
    "trajectory and forecast, beside the baselines.\n"
    "\n"
    "FILE is KTAB's smpc CSV (name,description,N,D; Actor,Description,Power,dim,sal,...) or a\n"
    "BDM-style CSV with a header naming the columns actor, capability, position and salience\n"
    "(0-1) or salience_0_100 (other columns are ignored).\n"
    "\n"
    "options:\n"
    "  --model M       eu, smp, mean, median, nash or all (default all)\n"
    "  --preset P      expected-utility preset: scholz-code (default) or scholz-paper\n"
    "  --rounds R      rounds of the expected-utility model (default: the preset's)\n"
    "  --seed S        use the spatial model's stochastic mode with this seed\n"
    "  --format F      table (default), csv or json\n"
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

/* Column index of header name h (case-insensitive, blanks trimmed), or -1. */
static long column_of(const brink_csv_row *hdr, const char *h)
{
    for (size_t c = 0; c < hdr->nfields; c++) {
        const char *s = hdr->fields[c].text;
        while (isspace((unsigned char)*s))
            s++;
        size_t len = strlen(s);
        while (len && isspace((unsigned char)s[len - 1]))
            len--;
        if (len == strlen(h) && !strncasecmp(s, h, len))
            return (long)c;
    }
    return -1;
}

/* BDM-style CSV: one dimension, columns by header name. */
static int read_bdm(const brink_csv_table *csv, const char *file, table *t, brink_error *err)
{
    const brink_csv_row *hdr = &csv->rows[0];
    long ca = column_of(hdr, "actor"), cc = column_of(hdr, "capability"),
         cp = column_of(hdr, "position"), cs = column_of(hdr, "salience");
    double sal_scale = 1;
    if (cs < 0) {
        cs = column_of(hdr, "salience_0_100");
        sal_scale = 100;
    }
    if (ca < 0 || cc < 0 || cp < 0 || cs < 0)
        return brink_error_set(err, BRINK_EINVAL, file, hdr->fields[0].line, 1,
                               "the header lacks a column; expected actor, capability, position "
                               "and salience (or salience_0_100)");
    size_t n = csv->nrows - 1;
    if (n < 2)
        return brink_error_set(err, BRINK_EINVAL, file, hdr->fields[0].line, 1,
                               "%zu actor rows; expected at least two", n);
    int rc = table_alloc(t, n, 1, err);
    if (rc)
        return rc;
    t->dims[0] = brink_strdup("position");
    if (!t->dims[0])
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    long need = ca;
    if (cc > need)
        need = cc;
    if (cp > need)
        need = cp;
    if (cs > need)
        need = cs;
    for (size_t i = 0; i < n; i++) {
        const brink_csv_row *r = &csv->rows[i + 1];
        if ((long)r->nfields <= need)
            return brink_error_set(err, BRINK_EINVAL, file, r->fields[0].line,
                                   r->fields[r->nfields - 1].column,
                                   "row has %zu fields; expected at least %ld", r->nfields,
                                   need + 1);
        t->names[i] = brink_strdup(r->fields[ca].text);
        if (!t->names[i])
            return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        double s;
        if ((rc = brink_csv_field_double(&r->fields[cc], file, &t->cap[i], err)) ||
            (rc = brink_csv_field_double(&r->fields[cp], file, &t->pos[i], err)) ||
            (rc = brink_csv_field_double(&r->fields[cs], file, &s, err)))
            return rc;
        if (t->cap[i] < 0)
            return brink_error_set(err, BRINK_EINVAL, file, r->fields[cc].line,
                                   r->fields[cc].column,
                                   "capability %g is negative; expected a number >= 0",
                                   t->cap[i]);
        if (s < 0 || s > sal_scale)
            return brink_error_set(err, BRINK_EINVAL, file, r->fields[cs].line,
                                   r->fields[cs].column,
                                   "salience %g is out of range; expected a number in [0, %g]", s,
                                   sal_scale);
        t->sal[i] = s / sal_scale;
    }
    return BRINK_OK;
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

/* Reads FILE in whichever layout it has: a header row with a column named actor means BDM. */
static int read_table(const char *path, table *t, brink_error *err)
{
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
        if (column_of(&csv->rows[0], "actor") >= 0)
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

static int run_smp(const table *t, int stochastic, uint64_t seed, outcome *o, brink_error *err)
{
    brink_smp_options opt;
    brink_smp_options_default(&opt);
    brink_rng rng;
    brink_rng_seed(&rng, seed, 0);
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
         * positions are mapped onto 0-100 by their spread and back afterwards */
        double lo = 0, hi = 100;
        if (!t->smp_scale) {
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

/* Baselines per dimension: mean, median, nash (range = the spread on that dimension). */
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
        if (!rc) {
            brink_error e2;
            /* the full scale when the table has one, else the spread of the positions */
            if (brink_baseline_nash(col, t->cap, sal, t->n, t->smp_scale ? 100.0 : 0.0, &nash[k],
                                    &e2) != BRINK_OK) {
                *have_nash = 0;
                nash[k] = NAN;
            }
        }
    }
    brink_free(col);
    brink_free(sal);
    return rc;
}

/* ---- output ---- */

static json_t *json_vec(const double *x, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, isfinite(x[i]) ? json_real(x[i]) : json_null());
    return a;
}

static json_t *outcome_json(const outcome *o, const table *t, const char *preset,
                            const double *bmean, const double *bmedian, const double *bnash,
                            int have_nash)
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
    json_object_set_new(b, "mean", json_vec(bmean, t->d));
    json_object_set_new(b, "median", json_vec(bmedian, t->d));
    json_object_set_new(b, "nash", have_nash ? json_vec(bnash, t->d) : json_null());
    json_object_set_new(m, "baselines", b);
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

static void outcome_table(const outcome *o, const table *t)
{
    printf("\nmodel %s: %d rounds%s%s\n", o->model, o->turns,
           o->converged ? "" : ", did not converge", o->cycle ? ", cycle detected" : "");
    printf("  %-24s", "round");
    for (size_t k = 0; k < t->d; k++)
        printf(" %12.12s", t->dims[k]);
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

static void outcome_csv(const outcome *o, const table *t)
{
    char buf[40];
    for (int s = 0; s <= o->turns; s++)
        for (size_t i = 0; i < t->n; i++)
            for (size_t k = 0; k < t->d; k++)
                printf("%s,%d,\"%s\",\"%s\",%s\n", o->model, s, t->names[i], t->dims[k],
                       brink_format_double(o->pos[((size_t)s * t->n + i) * t->d + k], buf,
                                           sizeof buf));
}

int cmd_bargain(int argc, char **argv)
{
    const char *file = NULL, *model = "all", *preset = "scholz-code", *format = "table";
    long rounds = 0;
    int stochastic = 0;
    unsigned long long seed = 0;
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
        } else if (!strcmp(a, "--seed") && v) {
            if (cli_parse_size(v, UINT64_MAX, &seed))
                return cli_usage("bargain", "--seed needs a non-negative integer");
            stochastic = 1, i++;
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

    table t;
    memset(&t, 0, sizeof t);
    outcome outs[2];
    memset(outs, 0, sizeof outs);
    size_t nouts = 0;
    double *bmean = NULL, *bmedian = NULL, *bnash = NULL;
    int have_nash = 0, rc = read_table(file, &t, &err);
    if (!rc) {
        bmean = brink_calloc(t.d, sizeof *bmean);
        bmedian = brink_calloc(t.d, sizeof *bmedian);
        bnash = brink_calloc(t.d, sizeof *bnash);
        rc = (!bmean || !bmedian || !bnash)
                 ? brink_error_set(&err, BRINK_ENOMEM, NULL, 0, 0, "out of memory")
                 : baselines(&t, bmean, bmedian, bnash, &have_nash, &err);
    }
    if (!rc && want_eu)
        rc = run_eu(&t, &eopt, &outs[nouts++], &err);
    if (!rc && want_smp)
        rc = run_smp(&t, stochastic, seed, &outs[nouts++], &err);
    int code = EXIT_OK;
    if (rc) {
        if (!err.file[0] && err.code == BRINK_EINVAL)
            snprintf(err.file, sizeof err.file, "%s", file);
        code = cli_error(&err);
    } else if (!strcmp(format, "json")) {
        json_t *doc;
        if (nouts == 1) {
            doc = outcome_json(&outs[0], &t, want_eu ? preset : NULL, bmean, bmedian, bnash,
                               have_nash);
        } else if (nouts == 0) {
            outcome none = {.model = model};
            doc = outcome_json(&none, &t, NULL, bmean, bmedian, bnash, have_nash);
        } else {
            doc = json_array();
            for (size_t m = 0; m < nouts; m++)
                json_array_append_new(doc, outcome_json(&outs[m], &t,
                                                        !strcmp(outs[m].model, "eu") ? preset : NULL,
                                                        bmean, bmedian, bnash, have_nash));
        }
        if (!doc || json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER |
                                                JSON_REAL_PRECISION(17)) != 0) {
            cli_msg("cannot write JSON");
            code = EXIT_RUNTIME;
        }
        fputc('\n', stdout);
        json_decref(doc);
    } else if (!strcmp(format, "csv")) {
        printf("model,round,actor,dimension,position\n");
        for (size_t m = 0; m < nouts; m++)
            outcome_csv(&outs[m], &t);
    } else {
        printf("%s: %zu actors, %zu dimension%s\n", file, t.n, t.d, t.d == 1 ? "" : "s");
        for (size_t m = 0; m < nouts; m++)
            outcome_table(&outs[m], &t);
        printf("\nbaselines\n");
        print_row("weighted mean", bmean, t.d);
        print_row("weighted median", bmedian, t.d);
        if (have_nash)
            print_row("nash", bnash, t.d);
        else
            printf("  nash: not defined for this table\n");
    }
    for (size_t m = 0; m < nouts; m++)
        outcome_free(&outs[m]);
    brink_free(bmean);
    brink_free(bmedian);
    brink_free(bnash);
    table_free(&t);
    if (code == EXIT_OK && fflush(stdout) != 0) {
        cli_msg("cannot write to standard output");
        code = EXIT_RUNTIME;
    }
    return code;
}
