/* SPDX-License-Identifier: MIT */
/*
 * cmd_compare.c — `brink compare BASE.yaml ALT.yaml` and `brink compare [SCENARIO] --set K=V ...`:
 * what a change does, measured on common random numbers.
 *
 * Both ensembles run the same run indices of the same master seed and are paired run by run
 * (cli/paired.h, shared with `brink sensitivity`): the difference of two probabilities has the
 * standard error of the mean of the paired differences, and the output is byte-identical at any
 * --threads.
 *
 * Questions are paired by id and series by name; the two scenarios must share start, step and
 * horizon. Chains that "appear" are among the alternative's 10 most frequent for a question and
 * not kept by the base's 32-counter sketch at all (so fewer than 1/32 of the base's runs with a
 * chain had them; Space-Saving keeps every key above n/K); "vanish" is the converse.
 */
#include "cli.h"
#include "paired.h"

#include "io/forecast.h"
#include "io/io.h"
#include "io/jsonw.h"
#include "sim/ensemble.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
    "usage: brink compare [options] BASE.yaml ALT.yaml\n"
    "       brink compare [options] [SCENARIO] --set PATH=VALUE ...\n"
    "\n"
    "Runs two ensembles on common random numbers (the same seed and run indices) and prints,\n"
    "per question, the probability under both, the difference and its paired standard error;\n"
    "the indicators that differ most; and the event chains that appear or vanish. With one\n"
    "scenario (default: the built-in one) the alternative is it with the --set overrides; with\n"
    "two, the overrides apply to ALT.\n"
    "\n"
    "options:\n"
    "  --runs N        runs of each ensemble (default 10000, at most 1000000)\n"
    "  --seed S        master seed of both (default: BASE's seed)\n"
    "  --threads T     worker threads (default: the number of cores); never changes results\n"
    "  --set PATH=VALUE  override a value of the alternative (repeatable)\n"
    "  --format F      table (default) or json (compare.json's content)\n"
    "  --out DIR       also write DIR/forecast.json (the base), DIR/compare.json and\n"
    "                  DIR/report.html with a comparison section\n"
    "  -q, --quiet     no progress display\n"
    "  -h, --help      show this help\n"
    "\n"
    "exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 invalid input.\n";

#define COMPARE_MAX_RUNS 1000000ULL
#define TOP_CHAINS 10 /* chains of each side looked at for appear/vanish */
#define BANDS_KEPT 4  /* series whose alternative bands go into compare.json */

typedef struct opts {
    const char *file[2];
    size_t nfiles;
    const char *out, *format;
    unsigned long long runs, threads, seed;
    int have_seed, quiet;
    cli_sets sets;
} opts;

typedef paired_side side;

/* ---- statistics ---- */

typedef struct qstat {
    const char *id, *text, *kind;
    long b, a;    /* indices in base and alt (-1: absent) */
    int modelled; /* paired runs exist */
    uint64_t n, yb, ya, ob, oa;
    double pb, pa, diff, se;
} qstat;

typedef struct sstat {
    size_t b; /* base series index */
    long a;   /* alt series index */
    uint64_t n;
    double mb, ma, diff, se, sd, score; /* sd: pooled standard deviation of the two sides */
} sstat;

static int by_score(const void *x, const void *y)
{
    const sstat *a = x, *b = y;
    double sa = isfinite(a->score) ? a->score : -1, sb = isfinite(b->score) ? b->score : -1;
    if (sa != sb)
        return sa > sb ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b ? 1 : 0;
}

/* The month ("YYYY-MM") of the first day of step t of sc. */
static void month_of(const brink_scenario *sc, long t, char *buf, size_t n)
{
    char d[16];
    brink_date_format(brink_step_to_date(sc->start, sc->step_days, t), d, sizeof d);
    snprintf(buf, n, "%.7s", d);
}

/* Writes the cumulative share of q's modelled runs resolved YES by the end of each month. */
static void write_cumulative(brink_jsonw *w, const side *s, size_t q)
{
    brink_question_stat qs;
    brink_aggregate_question(s->agg, q, &qs);
    brink_jsonw_begin_inline(w);
    char buf[16], prev[16] = "";
    uint64_t total = 0;
    for (long t = 0; t <= s->nsteps; t++) {
        if (t < s->nsteps)
            month_of(s->sc, t, buf, sizeof buf);
        if (t > 0 && (t == s->nsteps || strcmp(buf, prev) != 0))
            brink_jsonw_double(w, qs.b.n ? (double)total / (double)qs.b.n : NAN);
        if (t == s->nsteps)
            break;
        memcpy(prev, buf, sizeof prev);
        total += brink_aggregate_resolved(s->agg, q, t);
    }
    brink_jsonw_end_array(w);
}

/* 1 when key is among the chains side s keeps for question q. */
static int kept(const side *s, size_t q, const char *key)
{
    const brink_topk_entry *all[BRINK_TOPK_K];
    size_t n = brink_aggregate_chains(s->agg, q, all, BRINK_TOPK_K);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(all[i]->key, key))
            return 1;
    return 0;
}

/* The results, computed once and written as JSON or as a table. */
typedef struct result {
    qstat *q;
    size_t nq;
    sstat *s;
    size_t ns;
} result;

static void write_chains(brink_jsonw *w, const pairing *p, const result *res, int vanish)
{
    const side *from = vanish ? p->base : p->alt, *other = vanish ? p->alt : p->base;
    brink_jsonw_key(w, vanish ? "vanish" : "appear");
    brink_jsonw_begin_array(w);
    for (size_t i = 0; i < res->nq; i++) {
        const qstat *q = &res->q[i];
        if (q->b < 0 || q->a < 0 || !q->modelled || !q->kind || strcmp(q->kind, "event") != 0)
            continue;
        size_t qf = (size_t)(vanish ? q->b : q->a), qo = (size_t)(vanish ? q->a : q->b);
        const brink_topk_entry *top[TOP_CHAINS];
        size_t n = brink_aggregate_chains(from->agg, qf, top, TOP_CHAINS);
        for (size_t k = 0; k < n; k++) {
            if (kept(other, qo, top[k]->key))
                continue;
            brink_jsonw_begin_object(w);
            brink_jsonw_key(w, "question");
            brink_jsonw_string(w, q->id);
            brink_jsonw_key(w, "chain");
            brink_jsonw_string(w, top[k]->key);
            brink_jsonw_key(w, "base");
            brink_jsonw_uint(w, vanish ? top[k]->count : 0);
            brink_jsonw_key(w, "alt");
            brink_jsonw_uint(w, vanish ? 0 : top[k]->count);
            brink_jsonw_end_object(w);
        }
    }
    brink_jsonw_end_array(w);
}

static int write_json(FILE *f, const pairing *p, const result *res, const opts *o, uint64_t seed)
{
    brink_jsonw w;
    brink_jsonw_init(&w, f);
    char buf[40];
    brink_jsonw_begin_object(&w);
    brink_jsonw_key(&w, "format");
    brink_jsonw_string(&w, "brink-compare/1");
    brink_jsonw_key(&w, "brink");
    brink_jsonw_string(&w, brink_version());
    for (int k = 0; k < 2; k++) {
        const side *s = k ? p->alt : p->base;
        brink_jsonw_key(&w, k ? "alt" : "base");
        brink_jsonw_begin_object(&w);
        brink_jsonw_key(&w, "label");
        brink_jsonw_string(&w, s->label);
        brink_jsonw_key(&w, "name");
        brink_jsonw_string(&w, s->sc->name);
        snprintf(buf, sizeof buf, "fnv1a64:%016" PRIx64, s->hash);
        brink_jsonw_key(&w, "hash");
        brink_jsonw_string(&w, buf);
        brink_jsonw_key(&w, "failed_runs");
        brink_jsonw_uint(&w, brink_aggregate_failed(s->agg));
        brink_jsonw_end_object(&w);
    }
    brink_jsonw_key(&w, "sets");
    brink_jsonw_begin_inline(&w);
    for (size_t k = 0; k < o->sets.n; k++)
        brink_jsonw_string(&w, o->sets.v[k]);
    brink_jsonw_end_array(&w);
    brink_jsonw_key(&w, "seed");
    brink_jsonw_uint(&w, seed);
    brink_jsonw_key(&w, "runs");
    brink_jsonw_uint(&w, p->runs);
    brink_jsonw_key(&w, "paired_runs");
    brink_jsonw_uint(&w, p->paired);
    brink_jsonw_key(&w, "questions");
    brink_jsonw_begin_array(&w);
    for (size_t i = 0; i < res->nq; i++) {
        const qstat *q = &res->q[i];
        brink_jsonw_begin_object(&w);
        brink_jsonw_key(&w, "id");
        brink_jsonw_string(&w, q->id);
        brink_jsonw_key(&w, "text");
        brink_jsonw_string(&w, q->text);
        brink_jsonw_key(&w, "kind");
        brink_jsonw_string(&w, q->kind);
        brink_jsonw_key(&w, "in");
        brink_jsonw_string(&w, q->b >= 0 && q->a >= 0 ? "both" : q->b >= 0 ? "base" : "alt");
        brink_jsonw_key(&w, "runs");
        brink_jsonw_uint(&w, q->n);
        brink_jsonw_key(&w, "base");
        brink_jsonw_double(&w, q->pb);
        brink_jsonw_key(&w, "alt");
        brink_jsonw_double(&w, q->pa);
        brink_jsonw_key(&w, "difference");
        brink_jsonw_double(&w, q->diff);
        brink_jsonw_key(&w, "se");
        brink_jsonw_double(&w, q->se);
        brink_jsonw_key(&w, "yes_only_base");
        brink_jsonw_uint(&w, q->ob);
        brink_jsonw_key(&w, "yes_only_alt");
        brink_jsonw_uint(&w, q->oa);
        if (q->modelled && q->kind && !strcmp(q->kind, "event")) {
            brink_jsonw_key(&w, "cumulative_base");
            write_cumulative(&w, p->base, (size_t)q->b);
            brink_jsonw_key(&w, "cumulative_alt");
            write_cumulative(&w, p->alt, (size_t)q->a);
        }
        brink_jsonw_end_object(&w);
    }
    brink_jsonw_end_array(&w);
    brink_jsonw_key(&w, "indicators");
    brink_jsonw_begin_array(&w);
    static const char *const qkey[BRINK_ENS_NQUANTILES] = {"q05", "q25", "q50", "q75", "q95"};
    for (size_t i = 0; i < res->ns; i++) {
        const sstat *s = &res->s[i];
        brink_jsonw_begin_object(&w);
        brink_jsonw_key(&w, "name");
        brink_jsonw_string(&w, p->base->series[s->b].name);
        brink_jsonw_key(&w, "runs");
        brink_jsonw_uint(&w, s->n);
        brink_jsonw_key(&w, "base_mean");
        brink_jsonw_double(&w, s->mb);
        brink_jsonw_key(&w, "alt_mean");
        brink_jsonw_double(&w, s->ma);
        brink_jsonw_key(&w, "difference");
        brink_jsonw_double(&w, s->diff);
        brink_jsonw_key(&w, "se");
        brink_jsonw_double(&w, s->se);
        brink_jsonw_key(&w, "sd");
        brink_jsonw_double(&w, s->sd);
        brink_jsonw_key(&w, "score");
        brink_jsonw_double(&w, s->score);
        if (i < BANDS_KEPT && s->score > 0) {
            brink_jsonw_key(&w, "alt_bands");
            brink_jsonw_begin_object(&w);
            for (size_t k = 0; k < BRINK_ENS_NQUANTILES; k++) {
                brink_jsonw_key(&w, qkey[k]);
                brink_jsonw_begin_inline(&w);
                for (long t = 0; t < p->alt->nsteps; t++)
                    brink_jsonw_double(&w, brink_aggregate_band(p->alt->agg, (size_t)s->a, t, k));
                brink_jsonw_end_array(&w);
            }
            brink_jsonw_end_object(&w);
        }
        brink_jsonw_end_object(&w);
    }
    brink_jsonw_end_array(&w);
    brink_jsonw_key(&w, "chains");
    brink_jsonw_begin_object(&w);
    brink_jsonw_key(&w, "rule");
    brink_jsonw_string(&w, "among one side's 10 most frequent and not kept by the other's "
                           "32-counter sketch (fewer than 1/32 of its runs with a chain)");
    write_chains(&w, p, res, 0);
    write_chains(&w, p, res, 1);
    brink_jsonw_end_object(&w);
    brink_jsonw_end_object(&w);
    return brink_jsonw_finish(&w);
}

static void pp(double x, char *buf, size_t n)
{
    if (isfinite(x))
        snprintf(buf, n, "%+.2f", x * 100.0);
    else
        snprintf(buf, n, "-");
}

static void print_table(const pairing *p, const result *res, uint64_t seed)
{
    printf("base:        %s\nalternative: %s\n%llu runs each, seed %llu, common random numbers; "
           "%llu runs paired\n\n",
           p->base->label, p->alt->label, (unsigned long long)p->runs, (unsigned long long)seed,
           (unsigned long long)p->paired);
    int idw = 8;
    for (size_t i = 0; i < res->nq; i++) {
        int l = (int)strlen(res->q[i].id);
        if (l > idw)
            idw = l < 32 ? l : 32;
    }
    printf("%-*s  %8s  %8s  %9s  %10s  %7s\n", idw, "question", "base", "alt", "reference",
           "diff (pp)", "se (pp)");
    for (size_t i = 0; i < res->nq; i++) {
        const qstat *q = &res->q[i];
        if (!q->modelled) {
            printf("%-*.*s  %s\n", idw, idw, q->id,
                   q->b < 0   ? "only in the alternative"
                   : q->a < 0 ? "only in the base"
                              : "not modelled");
            continue;
        }
        char d[32], e[32], r[32] = "-";
        pp(q->diff, d, sizeof d);
        snprintf(e, sizeof e, isfinite(q->se) ? "%.2f" : "-", q->se * 100.0);
        /* the base-rate reference of the base's question, as in the report */
        const brink_question *bq = q->b >= 0 ? &p->base->sc->questions[q->b] : NULL;
        if (bq && bq->has_reference)
            snprintf(r, sizeof r, "%.2f%%", bq->ref_p * 100.0);
        printf("%-*.*s  %7.2f%%  %7.2f%%  %9s  %10s  %7s\n", idw, idw, q->id, q->pb * 100.0,
               q->pa * 100.0, r, d, e);
    }
    printf("\nindicators that differ most (value at the end of the horizon; paired mean):\n");
    printf("  %-34s %14s %14s %14s %12s\n", "series", "base", "alt", "diff", "se");
    for (size_t i = 0; i < res->ns && i < 10; i++) {
        const sstat *s = &res->s[i];
        if (!(s->score > 0))
            break;
        printf("  %-34.34s %14.6g %14.6g %+14.6g %12.4g\n", p->base->series[s->b].name, s->mb,
               s->ma, s->diff, s->se);
    }
    for (int vanish = 0; vanish < 2; vanish++) {
        printf("\nchains that %s:\n", vanish ? "vanish" : "appear");
        int any = 0;
        for (size_t i = 0; i < res->nq; i++) {
            const qstat *q = &res->q[i];
            if (q->b < 0 || q->a < 0 || !q->modelled || !q->kind || strcmp(q->kind, "event"))
                continue;
            const side *from = vanish ? p->base : p->alt, *other = vanish ? p->alt : p->base;
            size_t qf = (size_t)(vanish ? q->b : q->a), qo = (size_t)(vanish ? q->a : q->b);
            const brink_topk_entry *top[TOP_CHAINS];
            size_t n = brink_aggregate_chains(from->agg, qf, top, TOP_CHAINS);
            for (size_t k = 0; k < n; k++)
                if (!kept(other, qo, top[k]->key)) {
                    printf("  %s: %s (%llu runs)\n", q->id, top[k]->key,
                           (unsigned long long)top[k]->count);
                    any = 1;
                }
        }
        if (!any)
            printf("  none\n");
    }
}

/* ---- options ---- */

static int parse_opts(int argc, char **argv, opts *o, int *done)
{
    *done = 0;
    memset(o, 0, sizeof *o);
    o->runs = BRINK_ENS_DEFAULT_RUNS;
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
            if (cli_parse_size(v, COMPARE_MAX_RUNS, &o->runs) || o->runs == 0)
                return cli_usage("compare", "--runs needs a number from 1 to %llu",
                                 COMPARE_MAX_RUNS);
            i++;
        } else if (cli_ensemble_opt("compare", a, v, &i, &o->threads, &o->seed, &o->have_seed,
                                    &orc)) {
            if (orc)
                return orc;
        } else if (!strcmp(a, "--set")) {
            int rc = cli_take_set("compare", &o->sets, v);
            if (rc)
                return rc;
            i++;
        } else if (!strcmp(a, "--format") && v) {
            if (strcmp(v, "table") != 0 && strcmp(v, "json") != 0)
                return cli_usage("compare", "--format needs table or json");
            o->format = v, i++;
        } else if (cli_output_opt("compare", a, v, &i, &o->out, &o->quiet, &orc)) {
            if (orc)
                return orc;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage("compare", "unknown option '%s' (or a missing value)", a);
        } else if (o->nfiles == 2) {
            return cli_usage("compare", "more than two scenarios given");
        } else {
            o->file[o->nfiles++] = a;
        }
    }
    if (o->nfiles < 2 && o->sets.n == 0)
        return cli_usage("compare", "nothing to compare: give two scenarios, or one (or none, "
                                    "for the built-in) with --set PATH=VALUE");
    return EXIT_OK;
}

int cmd_compare(int argc, char **argv)
{
    opts o;
    int done;
    int code = parse_opts(argc, argv, &o, &done);
    if (code != EXIT_OK || done)
        return code;
    brink_error err;
    brink_error_clear(&err);
    side base, alt;
    memset(&base, 0, sizeof base);
    memset(&alt, 0, sizeof alt);
    pairing p;
    memset(&p, 0, sizeof p);
    result res;
    memset(&res, 0, sizeof res);
    char *p_fc = NULL, *p_cmp = NULL;
    int rc = paired_load_side(&base, o.file[0], NULL, &err);
    if (!rc)
        rc = paired_load_side(&alt, o.nfiles == 2 ? o.file[1] : o.file[0], &o.sets, &err);
    if (rc)
        goto fail;
    if (brink_date_to_days(base.sc->start) != brink_date_to_days(alt.sc->start) ||
        base.sc->step_days != alt.sc->step_days || base.nsteps != alt.nsteps) {
        cli_msg("the two scenarios must share start, step and horizon to be compared run by run "
                "(%s: %ld steps of %d days; %s: %ld steps of %d days)",
                base.label, base.nsteps, base.sc->step_days, alt.label, alt.nsteps,
                alt.sc->step_days);
        code = EXIT_INPUT;
        goto out;
    }

    /* the pairing's memory */
    size_t bnq = base.sc->nquestions, bns = base.nseries, anq = alt.sc->nquestions;
    int fail = 0;
    rc = paired_init(&p, &base, o.runs, 0, !o.quiet && isatty(fileno(stderr)), &err);
    if (!rc)
        rc = paired_attach(&p, &alt, &err);
    if (rc)
        goto fail;
    res.q = paired_calloc(bnq + anq, sizeof *res.q, &fail);
    res.s = paired_calloc(bns, sizeof *res.s, &fail);
    if (fail) {
        rc = brink_error_set(&err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }

    /* the two ensembles: the same seed, the same run indices */
    uint64_t seed = o.have_seed ? o.seed : base.sc->seed;
    rc = paired_run_base(&p, seed, (unsigned)o.threads, &err);
    if (!rc)
        rc = paired_run_alt(&p, seed, (unsigned)o.threads, 0, "alternative", &err);
    if (rc)
        goto fail;

    /* questions: the base's in its order, then those only the alternative asks */
    for (size_t b = 0; b < bnq; b++) {
        qstat *q = &res.q[res.nq++];
        const brink_question *bq = &base.sc->questions[b];
        q->id = bq->id;
        q->text = bq->text;
        q->kind = bq->is_event ? "event" : "indicator";
        q->b = (long)b;
        q->a = -1;
        for (size_t a = 0; a < anq; a++)
            if (p.qmap[a] == (long)b)
                q->a = (long)a;
        q->n = p.qn[b];
        q->yb = p.qyb[b];
        q->ya = p.qya[b];
        q->ob = p.qob[b];
        q->oa = p.qoa[b];
        q->modelled = q->a >= 0 && q->n > 0;
        q->pb = q->pa = q->diff = q->se = NAN;
        if (q->modelled) {
            double n = (double)q->n;
            q->pb = (double)q->yb / n;
            q->pa = (double)q->ya / n;
            q->diff = ((double)q->ya - (double)q->yb) / n;
            q->se = paired_se(q->n, (double)q->ya - (double)q->yb, (double)(q->ob + q->oa));
        }
    }
    for (size_t a = 0; a < anq; a++) {
        if (p.qmap[a] >= 0)
            continue;
        qstat *q = &res.q[res.nq++];
        const brink_question *aq = &alt.sc->questions[a];
        q->id = aq->id;
        q->text = aq->text;
        q->kind = aq->is_event ? "event" : "indicator";
        q->b = -1;
        q->a = (long)a;
        q->pb = q->pa = q->diff = q->se = NAN;
    }
    /* series that both have, ranked by the standardised mean difference |diff| / sd, sd the pooled
     * standard deviation of the values over runs (Cohen's d): a shift that is large against how
     * much the series varies from run to run, whatever its unit */
    for (size_t b = 0; b < bns; b++) {
        long a = -1;
        for (size_t j = 0; j < alt.nseries; j++)
            if (p.smap[j] == (long)b)
                a = (long)j;
        if (a < 0 || p.sn[b] == 0)
            continue;
        sstat *s = &res.s[res.ns++];
        double n = (double)p.sn[b];
        s->b = b;
        s->a = a;
        s->n = p.sn[b];
        s->mb = p.sb[b] / n;
        s->ma = p.sa[b] / n;
        s->diff = p.sd[b] / n;
        s->se = paired_se(p.sn[b], p.sd[b], p.sd2[b]);
        double vb = n > 1 ? (p.sbb[b] - n * s->mb * s->mb) / (n - 1) : 0;
        double va = n > 1 ? (p.saa[b] - n * s->ma * s->ma) / (n - 1) : 0;
        s->sd = sqrt(fmax(0.0, (vb + va) / 2));
        /* a floor keeps a series that varies in no run from dividing by zero */
        double floor_ = 1e-9 * (1.0 + fabs(s->mb));
        s->score = fabs(s->diff) / (s->sd > floor_ ? s->sd : floor_);
        if (fabs(s->diff) <= 1e-12 * (1.0 + fabs(s->mb)))
            s->score = 0;
    }
    qsort(res.s, res.ns, sizeof *res.s, by_score);

    /* output */
    if (o.out) {
        rc = brink_io_mkdir(o.out, &err);
        p_fc = brink_io_join(o.out, "forecast.json");
        p_cmp = brink_io_join(o.out, "compare.json");
        if (!rc && (!p_fc || !p_cmp))
            rc = brink_error_set(&err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        brink_forecast_meta meta = {base.sc, base.hash, base.series, base.nseries, base.nsteps};
        if (!rc)
            rc = brink_io_forecast_json(p_fc, &meta, base.agg, &err);
        brink_afile af;
        if (!rc)
            rc = brink_afile_open(&af, p_cmp, &err);
        if (!rc) {
            if (write_json(af.f, &p, &res, &o, seed) != 0) {
                rc = brink_error_set(&err, BRINK_EIO, p_cmp, 0, 0, "cannot write: %s",
                                     strerror(errno));
                brink_afile_abort(&af);
            } else {
                rc = brink_afile_commit(&af, &err);
            }
        }
        if (rc)
            goto fail;
        code = cli_write_report(o.out);
        if (code != EXIT_OK)
            goto out;
    }
    if (!strcmp(o.format, "json")) {
        if (write_json(stdout, &p, &res, &o, seed) != 0) {
            cli_msg("cannot write to standard output");
            code = EXIT_RUNTIME;
        }
    } else {
        print_table(&p, &res, seed);
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
    brink_free(p_fc);
    brink_free(p_cmp);
    paired_free(&p);
    brink_free(res.q);
    brink_free(res.s);
    paired_free_side(&base);
    paired_free_side(&alt);
    return code;
}
