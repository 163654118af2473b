/* SPDX-License-Identifier: MIT */
/*
 * cmd_report.c — `brink report DIR`: reads DIR/forecast.json (and DIR/compare.json when
 * `brink compare --out DIR` wrote one) and writes DIR/report.html, one self-contained page
 * (report/report.h). `brink forecast` and `brink compare --out` call cli_write_report at their
 * end, so the page is the same whichever command wrote it.
 *
 * Reading is strict: a file that is not JSON gives `file:line:col:` from the parser, one that is
 * JSON but not what brink writes names the first missing or mistyped key; both exit 3 (invalid
 * input), a file that cannot be read exits 1. Everything read lives in one arena freed at the end.
 */
#include "cli.h"

#include "core/arena.h"
#include "io/io.h"
#include "report/report.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

static const char help[] =
    "usage: brink report [options] DIR\n"
    "\n"
    "Writes DIR/report.html from DIR/forecast.json (written by brink forecast) and, when\n"
    "present, DIR/compare.json (written by brink compare --out DIR): one self-contained HTML\n"
    "file with the questions, probabilities by month, fan charts of the indicators, positions\n"
    "on the issues and the most frequent event chains. It needs no network and no script.\n"
    "\n"
    "options:\n"
    "  --out FILE      write the page to FILE instead of DIR/report.html ('-': standard output)\n"
    "  -h, --help      show this help\n"
    "\n"
    "exit codes: 0 ok, 1 runtime failure (cannot read or write), 2 usage error, 3 invalid\n"
    "forecast.json or compare.json.\n";

/* The reading state: the first error wins, later reads are no-ops that return zeros. */
typedef struct rd {
    brink_arena *ar;
    const char *path;
    brink_error *err;
    int rc;
} rd;

static void bad(rd *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void bad(rd *r, const char *fmt, ...)
{
    if (r->rc)
        return;
    va_list ap;
    va_start(ap, fmt);
    r->rc = brink_error_setv(r->err, BRINK_EINVAL, r->path, 0, 0, fmt, ap);
    va_end(ap);
}

static void nomem(rd *r)
{
    if (!r->rc)
        r->rc = brink_error_set(r->err, BRINK_ENOMEM, r->path, 0, 0, "out of memory");
}

static json_t *get(rd *r, json_t *obj, const char *key, int (*is)(const json_t *), const char *what)
{
    json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    if (!r->rc && (!v || !is(v))) {
        bad(r, "'%s' is missing or not %s; expected a file written by brink", key, what);
        return NULL;
    }
    return r->rc ? NULL : v;
}

static int is_obj(const json_t *v)
{
    return json_is_object(v);
}
static int is_arr(const json_t *v)
{
    return json_is_array(v);
}
static int is_str(const json_t *v)
{
    return json_is_string(v);
}
static int is_str_or_null(const json_t *v)
{
    return json_is_string(v) || json_is_null(v);
}
static int is_uint(const json_t *v)
{
    return json_is_integer(v) && json_integer_value(v) >= 0;
}
static int is_num_or_null(const json_t *v)
{
    return json_is_number(v) || json_is_null(v);
}
static int is_bool(const json_t *v)
{
    return json_is_boolean(v);
}

static const char *str(rd *r, json_t *obj, const char *key, int nullable)
{
    json_t *v = get(r, obj, key, nullable ? is_str_or_null : is_str, "a string");
    if (!v || json_is_null(v))
        return NULL;
    const char *s = brink_arena_strdup(r->ar, json_string_value(v));
    if (!s)
        nomem(r);
    return s;
}

/* An optional string: NULL when absent. */
static const char *opt_str(rd *r, json_t *obj, const char *key)
{
    return json_object_get(obj, key) ? str(r, obj, key, 1) : NULL;
}

static uint64_t uint(rd *r, json_t *obj, const char *key)
{
    json_t *v = get(r, obj, key, is_uint, "a non-negative integer");
    return v ? (uint64_t)json_integer_value(v) : 0;
}

static double num(rd *r, json_t *obj, const char *key)
{
    json_t *v = get(r, obj, key, is_num_or_null, "a number");
    return v && !json_is_null(v) ? json_number_value(v) : NAN;
}

/* An array of exactly n numbers (null as NaN) under key; NULL on error. */
static double *nums(rd *r, json_t *obj, const char *key, size_t n)
{
    json_t *a = get(r, obj, key, is_arr, "an array");
    if (!a)
        return NULL;
    if (json_array_size(a) != n) {
        bad(r, "'%s' has the wrong length (one number per step or month expected)", key);
        return NULL;
    }
    double *out = brink_arena_array(r->ar, n ? n : 1, sizeof *out);
    if (!out) {
        nomem(r);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(a, i);
        if (!is_num_or_null(v)) {
            bad(r, "'%s' holds something other than numbers", key);
            return NULL;
        }
        out[i] = json_is_null(v) ? NAN : json_number_value(v);
    }
    return out;
}

/* An array of strings under key; *n its length. */
static const char **strs(rd *r, json_t *obj, const char *key, size_t *n)
{
    *n = 0;
    json_t *a = get(r, obj, key, is_arr, "an array");
    if (!a)
        return NULL;
    size_t len = json_array_size(a);
    const char **out = brink_arena_array(r->ar, len ? len : 1, sizeof *out);
    if (!out) {
        nomem(r);
        return NULL;
    }
    for (size_t i = 0; i < len; i++) {
        json_t *v = json_array_get(a, i);
        if (!json_is_string(v)) {
            bad(r, "'%s' holds something other than strings", key);
            return NULL;
        }
        if (!(out[i] = brink_arena_strdup(r->ar, json_string_value(v)))) {
            nomem(r);
            return NULL;
        }
    }
    *n = len;
    return out;
}

static const char *const qkeys[BRINK_SVG_NQ] = {"q05", "q25", "q50", "q75", "q95"};

/* Parses the file at path (text of len bytes). Returns the root or NULL with r->rc set. */
static json_t *parse(rd *r, const char *text, size_t len)
{
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        r->rc = brink_error_set(r->err, BRINK_EINVAL, r->path, je.line > 0 ? je.line : 0,
                                je.column > 0 ? je.column : 0, "not valid JSON: %s", je.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        bad(r, "%s", "the document is not a JSON object; expected a file written by brink");
        return NULL;
    }
    return root;
}

static void read_forecast(rd *r, json_t *root, brink_report *rep)
{
    const char *format = str(r, root, "format", 0);
    if (format && strcmp(format, "brink-forecast/1") != 0)
        bad(r, "format '%s' is not brink-forecast/1", format);
    rep->format = format;
    rep->version = str(r, root, "brink", 0);
    json_t *sc = get(r, root, "scenario", is_obj, "an object");
    rep->name = str(r, sc, "name", 1);
    rep->hash = str(r, sc, "hash", 0);
    rep->start = str(r, sc, "start", 0);
    rep->step_days = (long)uint(r, sc, "step_days");
    rep->steps = (long)uint(r, sc, "steps");
    rep->seed = uint(r, root, "seed");
    rep->runs = uint(r, root, "runs");
    rep->failed_runs = uint(r, root, "failed_runs");
    json_t *st = get(r, root, "settings", is_obj, "an object");
    const char *mode = str(r, st, "mode", 0);
    char buf[160] = "";
    if (mode && !strcmp(mode, "precision"))
        snprintf(buf, sizeof buf,
                 "until every standard error < %g (at most %llu runs, blocks of %llu)",
                 num(r, st, "precision"), (unsigned long long)uint(r, st, "max_runs"),
                 (unsigned long long)uint(r, st, "block"));
    else if (mode)
        snprintf(buf, sizeof buf, "%llu runs", (unsigned long long)uint(r, st, "runs"));
    if (!(rep->settings = brink_arena_strdup(r->ar, buf)))
        nomem(r);

    /* the time axis and the bands */
    json_t *bands = get(r, root, "bands", is_obj, "an object");
    rep->dates = (const char *const *)strs(r, bands, "dates", &rep->nsteps);
    json_t *series = get(r, bands, "series", is_arr, "an array");
    size_t ns = series ? json_array_size(series) : 0;
    brink_report_series *sv = brink_arena_array(r->ar, ns ? ns : 1, sizeof *sv);
    if (!sv)
        nomem(r);
    for (size_t j = 0; !r->rc && j < ns; j++) {
        json_t *o = json_array_get(series, j);
        if (!json_is_object(o)) {
            bad(r, "'%s' holds something other than objects", "series");
            break;
        }
        sv[j].name = str(r, o, "name", 0);
        sv[j].indicator = str(r, o, "indicator", 0);
        sv[j].subject = str(r, o, "subject", 1);
        sv[j].subject2 = opt_str(r, o, "subject2");
        sv[j].issue = opt_str(r, o, "issue");
        for (size_t k = 0; k < BRINK_SVG_NQ; k++)
            sv[j].q[k] = nums(r, o, qkeys[k], rep->nsteps);
    }
    rep->series = sv;
    rep->nseries = r->rc ? 0 : ns;

    /* months (optional: forecasts written before brink recorded them have none) */
    json_t *res = json_object_get(root, "resolution");
    json_t *rq = NULL;
    if (res) {
        rep->months = (const char *const *)strs(r, res, "months", &rep->nmonths);
        rq = get(r, res, "questions", is_arr, "an array");
    }

    /* questions */
    json_t *qs = get(r, root, "questions", is_arr, "an array");
    size_t nq = qs ? json_array_size(qs) : 0;
    brink_report_question *qv = brink_arena_array(r->ar, nq ? nq : 1, sizeof *qv);
    if (!qv)
        nomem(r);
    for (size_t i = 0; !r->rc && i < nq; i++) {
        json_t *o = json_array_get(qs, i);
        if (!json_is_object(o)) {
            bad(r, "'%s' holds something other than objects", "questions");
            break;
        }
        brink_report_question *q = &qv[i];
        q->id = str(r, o, "id", 0);
        q->text = str(r, o, "text", 1);
        q->kind = str(r, o, "kind", 0);
        json_t *m = get(r, o, "modelled", is_bool, "true or false");
        q->modelled = m && json_is_true(m);
        q->runs = uint(r, o, "runs");
        q->yes = uint(r, o, "yes");
        q->p = num(r, o, "probability");
        q->se = num(r, o, "se");
        q->lo = q->hi = NAN;
        json_t *w = get(r, o, "wilson95", q->modelled ? is_arr : is_num_or_null,
                        q->modelled ? "an array" : "null");
        if (w && json_is_array(w)) {
            if (json_array_size(w) != 2 || !json_is_number(json_array_get(w, 0)) ||
                !json_is_number(json_array_get(w, 1)))
                bad(r, "'%s' is not [lo, hi]", "wilson95");
            else {
                q->lo = json_number_value(json_array_get(w, 0));
                q->hi = json_number_value(json_array_get(w, 1));
            }
        }
        /* reference (optional: forecasts written before brink printed references have none) */
        q->ref_p = NAN;
        json_t *ref = json_object_get(o, "reference");
        if (ref && !json_is_null(ref)) {
            if (!json_is_object(ref)) {
                bad(r, "'%s' is neither an object nor null", "reference");
            } else {
                q->ref_p = num(r, ref, "p");
                q->ref_basis = str(r, ref, "basis", 0);
                q->ref_source = opt_str(r, ref, "source");
                if (!r->rc && !(q->ref_p >= 0 && q->ref_p <= 1))
                    bad(r, "'%s' is not a probability in [0, 1]", "reference.p");
            }
        }
        for (size_t k = 0; rq && !r->rc && k < json_array_size(rq); k++) {
            json_t *e = json_array_get(rq, k);
            const char *id = json_string_value(json_object_get(e, "question"));
            if (id && q->id && !strcmp(id, q->id))
                q->cumulative = nums(r, e, "cumulative", rep->nmonths);
        }
    }
    rep->q = qv;
    rep->nq = r->rc ? 0 : nq;

    /* chains */
    json_t *ch = get(r, root, "chains", is_obj, "an object");
    json_t *cq = get(r, ch, "questions", is_arr, "an array");
    size_t nc = cq ? json_array_size(cq) : 0;
    brink_report_chains *cv = brink_arena_array(r->ar, nc ? nc : 1, sizeof *cv);
    if (!cv)
        nomem(r);
    for (size_t c = 0; !r->rc && c < nc; c++) {
        json_t *o = json_array_get(cq, c);
        cv[c].question = str(r, o, "question", 0);
        cv[c].counted = uint(r, o, "counted");
        json_t *top = get(r, o, "top", is_arr, "an array");
        size_t nt = top ? json_array_size(top) : 0;
        brink_report_chain *tv = brink_arena_array(r->ar, nt ? nt : 1, sizeof *tv);
        if (!tv)
            nomem(r);
        for (size_t k = 0; !r->rc && k < nt; k++) {
            json_t *e = json_array_get(top, k);
            tv[k].chain = str(r, e, "chain", 0);
            tv[k].count = uint(r, e, "count");
            tv[k].overcount = uint(r, e, "max_overcount");
        }
        cv[c].top = tv;
        cv[c].n = r->rc ? 0 : nt;
    }
    rep->chains = cv;
    rep->nchains = r->rc ? 0 : nc;
    if (!r->rc && (size_t)rep->steps != rep->nsteps)
        bad(r, "'%s' does not match the number of dates in the bands", "scenario.steps");
}

static void read_compare(rd *r, json_t *root, const brink_report *rep, brink_report_compare *c)
{
    const char *format = str(r, root, "format", 0);
    if (format && strcmp(format, "brink-compare/1") != 0)
        bad(r, "format '%s' is not brink-compare/1", format);
    c->base = str(r, get(r, root, "base", is_obj, "an object"), "label", 0);
    c->alt = str(r, get(r, root, "alt", is_obj, "an object"), "label", 0);
    c->seed = uint(r, root, "seed");
    c->runs = uint(r, root, "runs");
    json_t *qs = get(r, root, "questions", is_arr, "an array");
    size_t nq = qs ? json_array_size(qs) : 0;
    brink_report_cmp_question *qv = brink_arena_array(r->ar, nq ? nq : 1, sizeof *qv);
    if (!qv)
        nomem(r);
    for (size_t i = 0; !r->rc && i < nq; i++) {
        json_t *o = json_array_get(qs, i);
        qv[i].id = str(r, o, "id", 0);
        qv[i].text = str(r, o, "text", 1);
        qv[i].n = uint(r, o, "runs");
        qv[i].base = num(r, o, "base");
        qv[i].alt = num(r, o, "alt");
        qv[i].diff = num(r, o, "difference");
        qv[i].se = num(r, o, "se");
        if (json_object_get(o, "cumulative_alt")) {
            qv[i].cum_base = nums(r, o, "cumulative_base", rep->nmonths);
            qv[i].cum_alt = nums(r, o, "cumulative_alt", rep->nmonths);
        }
    }
    c->q = qv;
    c->nq = r->rc ? 0 : nq;
    json_t *is = get(r, root, "indicators", is_arr, "an array");
    size_t ns = is ? json_array_size(is) : 0;
    brink_report_cmp_series *sv = brink_arena_array(r->ar, ns ? ns : 1, sizeof *sv);
    if (!sv)
        nomem(r);
    for (size_t j = 0; !r->rc && j < ns; j++) {
        json_t *o = json_array_get(is, j);
        sv[j].name = str(r, o, "name", 0);
        sv[j].base_mean = num(r, o, "base_mean");
        sv[j].alt_mean = num(r, o, "alt_mean");
        sv[j].diff = num(r, o, "difference");
        sv[j].se = num(r, o, "se");
        sv[j].score = num(r, o, "score");
        json_t *b = json_object_get(o, "alt_bands");
        for (size_t k = 0; b && k < BRINK_SVG_NQ; k++)
            sv[j].alt_q[k] = nums(r, b, qkeys[k], rep->nsteps);
    }
    c->series = sv;
    c->nseries = r->rc ? 0 : ns;
    json_t *ch = get(r, root, "chains", is_obj, "an object");
    for (int pass = 0; pass < 2; pass++) {
        json_t *a = get(r, ch, pass ? "vanish" : "appear", is_arr, "an array");
        size_t n = a ? json_array_size(a) : 0;
        brink_report_cmp_chain *v = brink_arena_array(r->ar, n ? n : 1, sizeof *v);
        if (!v)
            nomem(r);
        for (size_t k = 0; !r->rc && k < n; k++) {
            json_t *o = json_array_get(a, k);
            v[k].question = str(r, o, "question", 0);
            v[k].chain = str(r, o, "chain", 0);
            v[k].base = uint(r, o, "base");
            v[k].alt = uint(r, o, "alt");
        }
        if (pass) {
            c->vanish = v;
            c->nvanish = r->rc ? 0 : n;
        } else {
            c->appear = v;
            c->nappear = r->rc ? 0 : n;
        }
    }
}

/* Reads dir's files and writes the page to out_path ("-": stdout). Returns a BRINK_* code. */
static int write_report(const char *dir, const char *out_path, brink_error *err)
{
    brink_arena ar;
    brink_arena_init(&ar, 0);
    brink_report rep;
    memset(&rep, 0, sizeof rep);
    brink_report_compare cmp;
    memset(&cmp, 0, sizeof cmp);
    char *p_fc = brink_io_join(dir, "forecast.json"), *p_cmp = brink_io_join(dir, "compare.json");
    char *p_out = out_path ? NULL : brink_io_join(dir, "report.html");
    char *text = NULL;
    size_t len = 0;
    json_t *root = NULL;
    brink_strbuf sb = {0};
    int rc = BRINK_OK;
    if (!p_fc || !p_cmp || (!out_path && !p_out)) {
        rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    rc = brink_io_read_file(p_fc, 0, &text, &len, err);
    if (rc)
        goto done;
    rd r = {&ar, p_fc, err, BRINK_OK};
    root = parse(&r, text, len);
    if (root)
        read_forecast(&r, root, &rep);
    if ((rc = r.rc) != BRINK_OK)
        goto done;
    rep.source_file = "forecast.json";
    rep.source_fnv = brink_io_fnv1a64(BRINK_FNV_OFFSET, text, len);
    rep.source_bytes = len;
    if (brink_io_exists(p_cmp)) {
        json_decref(root);
        root = NULL;
        brink_free(text);
        text = NULL;
        rc = brink_io_read_file(p_cmp, 0, &text, &len, err);
        if (rc)
            goto done;
        rd rc2 = {&ar, p_cmp, err, BRINK_OK};
        root = parse(&rc2, text, len);
        if (root)
            read_compare(&rc2, root, &rep, &cmp);
        if ((rc = rc2.rc) != BRINK_OK)
            goto done;
        rep.cmp = &cmp;
    }
    brink_report_html_text(&sb, &rep);
    if (brink_strbuf_failed(&sb)) {
        rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    if (out_path && !strcmp(out_path, "-")) {
        if (fwrite(sb.data, 1, sb.len, stdout) != sb.len || fflush(stdout) != 0)
            rc = brink_error_set(err, BRINK_EIO, "standard output", 0, 0, "cannot write: %s",
                                 strerror(errno));
    } else {
        rc = brink_io_write_atomic(out_path ? out_path : p_out, sb.data, sb.len, err);
    }
done:
    brink_strbuf_free(&sb);
    json_decref(root);
    brink_free(text);
    brink_free(p_fc);
    brink_free(p_cmp);
    brink_free(p_out);
    brink_arena_free(&ar);
    return rc;
}

int cli_write_report(const char *dir)
{
    brink_error err;
    brink_error_clear(&err);
    if (!write_report(dir, NULL, &err))
        return EXIT_OK;
    /* the forecast beside it is new: an older page must not pass for its report */
    char *page = brink_io_join(dir, "report.html");
    if (page && brink_io_exists(page))
        remove(page);
    brink_free(page);
    return cli_error(&err);
}

int cmd_report(int argc, char **argv)
{
    const char *dir = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(help, stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--out") && i + 1 < argc) {
            if (!*argv[i + 1])
                return cli_usage("report", "--out needs a file name");
            out = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return cli_usage("report", "unknown option '%s' (or a missing value)", a);
        } else if (dir) {
            return cli_usage("report", "more than one directory given");
        } else {
            dir = a;
        }
    }
    if (!dir)
        return cli_usage("report", "no directory given (the --out DIR of brink forecast)");
    brink_error err;
    brink_error_clear(&err);
    return write_report(dir, out, &err) ? cli_error(&err) : EXIT_OK;
}
