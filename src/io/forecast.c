/* SPDX-License-Identifier: MIT */
/*
 * forecast.c — forecast.json, run.json, runs.csv and checkpoints (see forecast.h).
 *
 * forecast.json is a pure function of the aggregate and the scenario: nothing about the host,
 * the time, the thread count or the file name goes into it, so two ensembles of the same
 * scenario, seed and settings write the same bytes.
 */
#include "io/forecast.h"

#include "io/io.h"
#include "io/jsonw.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- forecast.json ---- */

static const char *subject_id(const brink_scenario *sc, brink_subject_kind kind, int i)
{
    if (i < 0)
        return NULL;
    size_t u = (size_t)i;
    switch (kind) {
    case BRINK_SUBJECT_ACTOR:
    case BRINK_SUBJECT_DYAD:
        return u < sc->nactors ? sc->actors[u].id : NULL;
    case BRINK_SUBJECT_FLOW:
        return u < sc->nflows ? sc->flows[u].id : NULL;
    case BRINK_SUBJECT_MARKET:
        return u < sc->nmarkets ? sc->markets[u].id : NULL;
    case BRINK_SUBJECT_PROGRAMME:
        return u < sc->nprogrammes ? sc->programmes[u].id : NULL;
    case BRINK_SUBJECT_CHOKEPOINT:
        return u < sc->nchokepoints ? sc->chokepoints[u].id : NULL;
    }
    return NULL;
}

static void date_string(const brink_scenario *sc, long step, char *buf, size_t n)
{
    brink_date_format(brink_step_to_date(sc->start, sc->step_days, step), buf, n);
}

static void write_settings(brink_jsonw *w, const brink_ens_settings *st)
{
    brink_jsonw_key(w, "settings");
    brink_jsonw_begin_object(w);
    if (st->precision > 0) {
        brink_jsonw_key(w, "mode");
        brink_jsonw_string(w, "precision");
        brink_jsonw_key(w, "precision");
        brink_jsonw_double(w, st->precision);
        brink_jsonw_key(w, "max_runs");
        brink_jsonw_uint(w, st->runs);
        brink_jsonw_key(w, "block");
        brink_jsonw_uint(w, st->block);
        brink_jsonw_key(w, "stopping_se");
        brink_jsonw_string(w, "agresti-coull");
    } else {
        brink_jsonw_key(w, "mode");
        brink_jsonw_string(w, "runs");
        brink_jsonw_key(w, "runs");
        brink_jsonw_uint(w, st->runs);
    }
    brink_jsonw_end_object(w);
}

/* A question's base-rate reference forecast (null when the scenario gives none) and the
 * model's probability minus it (null when the question is not modelled): what the model adds. */
static void write_reference(brink_jsonw *w, const brink_question *qu, const brink_question_stat *qs)
{
    brink_jsonw_key(w, "reference");
    if (!qu->has_reference) {
        brink_jsonw_null(w);
        return;
    }
    brink_jsonw_begin_object(w);
    brink_jsonw_key(w, "p");
    brink_jsonw_double(w, qu->ref_p);
    brink_jsonw_key(w, "basis");
    brink_jsonw_string(w, qu->ref_basis);
    if (qu->ref_source) {
        brink_jsonw_key(w, "source");
        brink_jsonw_string(w, qu->ref_source);
    }
    brink_jsonw_key(w, "difference");
    if (qs->modelled) /* to 1e-9, so that 0.373 - 0.0225 reads 0.3505, not 0.35050000000000003 */
        brink_jsonw_double(w, round((qs->b.p - qu->ref_p) * 1e9) / 1e9);
    else
        brink_jsonw_null(w);
    brink_jsonw_end_object(w);
}

static void write_questions(brink_jsonw *w, const brink_scenario *sc, const brink_aggregate *a)
{
    brink_jsonw_key(w, "questions");
    brink_jsonw_begin_array(w);
    for (size_t q = 0; q < sc->nquestions; q++) {
        brink_question_stat qs;
        brink_aggregate_question(a, q, &qs);
        brink_jsonw_begin_object(w);
        brink_jsonw_key(w, "id");
        brink_jsonw_string(w, sc->questions[q].id);
        brink_jsonw_key(w, "text");
        brink_jsonw_string(w, sc->questions[q].text);
        brink_jsonw_key(w, "kind");
        brink_jsonw_string(w, sc->questions[q].is_event ? "event" : "indicator");
        brink_jsonw_key(w, "modelled");
        brink_jsonw_bool(w, qs.modelled);
        brink_jsonw_key(w, "runs");
        brink_jsonw_uint(w, qs.b.n);
        brink_jsonw_key(w, "yes");
        brink_jsonw_uint(w, qs.b.yes);
        brink_jsonw_key(w, "probability");
        brink_jsonw_double(w, qs.b.p);
        brink_jsonw_key(w, "se");
        brink_jsonw_double(w, qs.b.se);
        brink_jsonw_key(w, "wilson95");
        if (qs.modelled) {
            brink_jsonw_begin_inline(w);
            brink_jsonw_double(w, qs.b.lo);
            brink_jsonw_double(w, qs.b.hi);
            brink_jsonw_end_array(w);
        } else {
            brink_jsonw_null(w);
        }
        write_reference(w, &sc->questions[q], &qs);
        brink_jsonw_end_object(w);
    }
    brink_jsonw_end_array(w);
}

static void write_bands(brink_jsonw *w, const brink_forecast_meta *m, const brink_aggregate *a)
{
    static const char *const qkey[BRINK_ENS_NQUANTILES] = {"q05", "q25", "q50", "q75", "q95"};
    const brink_scenario *sc = m->sc;
    char buf[16];
    brink_jsonw_key(w, "bands");
    brink_jsonw_begin_object(w);
    brink_jsonw_key(w, "quantiles");
    brink_jsonw_begin_inline(w);
    for (size_t i = 0; i < BRINK_ENS_NQUANTILES; i++)
        brink_jsonw_double(w, brink_ens_quantile(i));
    brink_jsonw_end_array(w);
    brink_jsonw_key(w, "sketch");
    brink_jsonw_begin_object(w);
    brink_jsonw_key(w, "method");
    brink_jsonw_string(w, "log-bucket (DDSketch)");
    brink_jsonw_key(w, "relative_error");
    brink_jsonw_double(w, BRINK_QS_ALPHA);
    brink_jsonw_key(w, "absolute_error_near_zero");
    brink_jsonw_double(w, BRINK_QS_ZERO);
    brink_jsonw_key(w, "max_abs");
    brink_jsonw_double(w, BRINK_QS_MAX_ABS);
    brink_jsonw_key(w, "rank");
    brink_jsonw_string(w, "floor(q*(n-1))");
    brink_jsonw_end_object(w);
    /* values are sampled at the end of each step, i.e. on the first day of the next one */
    brink_jsonw_key(w, "dates");
    brink_jsonw_begin_inline(w);
    for (long t = 0; t < m->nsteps; t++) {
        date_string(sc, t + 1, buf, sizeof buf);
        brink_jsonw_string(w, buf);
    }
    brink_jsonw_end_array(w);
    brink_jsonw_key(w, "series");
    brink_jsonw_begin_array(w);
    for (size_t j = 0; j < m->nseries; j++) {
        const brink_series *s = &m->series[j];
        brink_jsonw_begin_object(w);
        brink_jsonw_key(w, "name");
        brink_jsonw_string(w, s->name);
        brink_jsonw_key(w, "indicator");
        brink_jsonw_string(w, brink_indicator_name(s->indicator));
        brink_jsonw_key(w, "subject");
        brink_jsonw_string(w, subject_id(sc, s->subject_kind, s->subject));
        if (s->subject_kind == BRINK_SUBJECT_DYAD) {
            brink_jsonw_key(w, "subject2");
            brink_jsonw_string(w, subject_id(sc, s->subject_kind, s->subject2));
        }
        if (s->issue >= 0 && (size_t)s->issue < sc->nissues) {
            brink_jsonw_key(w, "issue");
            brink_jsonw_string(w, sc->issues[s->issue].id);
        }
        for (size_t qi = 0; qi < BRINK_ENS_NQUANTILES; qi++) {
            brink_jsonw_key(w, qkey[qi]);
            brink_jsonw_begin_inline(w);
            for (long t = 0; t < m->nsteps; t++)
                brink_jsonw_double(w, brink_aggregate_band(a, j, t, qi));
            brink_jsonw_end_array(w);
        }
        brink_jsonw_end_object(w);
    }
    brink_jsonw_end_array(w);
    brink_jsonw_end_object(w);
}

static void write_chains(brink_jsonw *w, const brink_scenario *sc, const brink_aggregate *a)
{
    brink_jsonw_key(w, "chains");
    brink_jsonw_begin_object(w);
    brink_jsonw_key(w, "method");
    brink_jsonw_string(w, "space-saving");
    brink_jsonw_key(w, "k");
    brink_jsonw_uint(w, BRINK_TOPK_K);
    brink_jsonw_key(w, "format");
    brink_jsonw_string(w, "type actor>target, resolving event first, joined by ' <- '");
    brink_jsonw_key(w, "questions");
    brink_jsonw_begin_array(w);
    for (size_t q = 0; q < sc->nquestions; q++) {
        brink_question_stat qs;
        brink_aggregate_question(a, q, &qs);
        if (!sc->questions[q].is_event || !qs.modelled)
            continue;
        const brink_topk_entry *top[BRINK_TOPK_REPORT];
        size_t n = brink_aggregate_chains(a, q, top, BRINK_TOPK_REPORT);
        brink_jsonw_begin_object(w);
        brink_jsonw_key(w, "question");
        brink_jsonw_string(w, sc->questions[q].id);
        brink_jsonw_key(w, "counted");
        brink_jsonw_uint(w, qs.chains);
        brink_jsonw_key(w, "top");
        brink_jsonw_begin_array(w);
        for (size_t i = 0; i < n; i++) {
            brink_jsonw_begin_object(w);
            brink_jsonw_key(w, "chain");
            brink_jsonw_string(w, top[i]->key);
            brink_jsonw_key(w, "count");
            brink_jsonw_uint(w, top[i]->count);
            brink_jsonw_key(w, "max_overcount");
            brink_jsonw_uint(w, top[i]->overcount);
            brink_jsonw_end_object(w);
        }
        brink_jsonw_end_array(w);
        brink_jsonw_end_object(w);
    }
    brink_jsonw_end_array(w);
    brink_jsonw_end_object(w);
}

/* The month ("YYYY-MM") of the first day of step t. */
static void month_of_step(const brink_scenario *sc, long t, char *buf, size_t n)
{
    char d[16];
    date_string(sc, t, d, sizeof d);
    snprintf(buf, n, "%.7s", d);
}

/* When questions resolved: per modelled question, the YES runs by the month of the first day of
 * the step that resolved them, and the cumulative share of the question's runs resolved YES by
 * the end of each month (the last equals the probability). Counts are merged in run-index
 * order, so the bytes do not depend on the thread count. */
static void write_resolution(brink_jsonw *w, const brink_forecast_meta *m, const brink_aggregate *a)
{
    const brink_scenario *sc = m->sc;
    char buf[16], prev[16] = "";
    brink_jsonw_key(w, "resolution");
    brink_jsonw_begin_object(w);
    brink_jsonw_key(w, "unit");
    brink_jsonw_string(w, "month");
    brink_jsonw_key(w, "months");
    brink_jsonw_begin_inline(w);
    for (long t = 0; t < m->nsteps; t++) {
        month_of_step(sc, t, buf, sizeof buf);
        if (strcmp(buf, prev) != 0)
            brink_jsonw_string(w, buf);
        memcpy(prev, buf, sizeof prev);
    }
    brink_jsonw_end_array(w);
    brink_jsonw_key(w, "questions");
    brink_jsonw_begin_array(w);
    for (size_t q = 0; q < sc->nquestions; q++) {
        brink_question_stat qs;
        brink_aggregate_question(a, q, &qs);
        if (!qs.modelled)
            continue;
        brink_jsonw_begin_object(w);
        brink_jsonw_key(w, "question");
        brink_jsonw_string(w, sc->questions[q].id);
        for (int pass = 0; pass < 2; pass++) {
            brink_jsonw_key(w, pass ? "cumulative" : "yes");
            brink_jsonw_begin_inline(w);
            uint64_t month = 0, total = 0;
            prev[0] = '\0';
            for (long t = 0; t <= m->nsteps; t++) {
                if (t < m->nsteps)
                    month_of_step(sc, t, buf, sizeof buf);
                if (t > 0 && (t == m->nsteps || strcmp(buf, prev) != 0)) {
                    if (pass)
                        brink_jsonw_double(w, (double)total / (double)qs.b.n);
                    else
                        brink_jsonw_uint(w, month);
                    month = 0;
                }
                if (t == m->nsteps)
                    break;
                memcpy(prev, buf, sizeof prev);
                uint64_t c = brink_aggregate_resolved(a, q, t);
                month += c;
                total += c;
            }
            brink_jsonw_end_array(w);
        }
        brink_jsonw_end_object(w);
    }
    brink_jsonw_end_array(w);
    brink_jsonw_end_object(w);
}

int brink_io_forecast_json_stage(const char *path, const brink_forecast_meta *m,
                                 const brink_aggregate *a, brink_afile *out, brink_error *err)
{
    const brink_scenario *sc = m->sc;
    const brink_ens_settings *st = brink_aggregate_settings(a);
    memset(out, 0, sizeof *out);
    brink_afile af;
    int rc = brink_afile_open(&af, path, err);
    if (rc)
        return rc;
    brink_jsonw w;
    brink_jsonw_init(&w, af.f);
    char buf[40];
    brink_jsonw_begin_object(&w);
    brink_jsonw_key(&w, "format");
    brink_jsonw_string(&w, "brink-forecast/1");
    brink_jsonw_key(&w, "brink");
    brink_jsonw_string(&w, brink_version());
    brink_jsonw_key(&w, "scenario");
    brink_jsonw_begin_object(&w);
    brink_jsonw_key(&w, "name");
    brink_jsonw_string(&w, sc->name);
    snprintf(buf, sizeof buf, "fnv1a64:%016" PRIx64, m->scenario_hash);
    brink_jsonw_key(&w, "hash");
    brink_jsonw_string(&w, buf);
    brink_jsonw_key(&w, "start");
    brink_jsonw_string(&w, brink_date_format(sc->start, buf, sizeof buf));
    brink_jsonw_key(&w, "step_days");
    brink_jsonw_int(&w, sc->step_days);
    brink_jsonw_key(&w, "steps");
    brink_jsonw_int(&w, m->nsteps);
    if (sc->calibration) { /* which frozen calibration the params come from */
        brink_jsonw_key(&w, "calibration");
        brink_jsonw_string(&w, sc->calibration);
    }
    brink_jsonw_end_object(&w);
    brink_jsonw_key(&w, "seed");
    brink_jsonw_uint(&w, st->seed);
    write_settings(&w, st);
    brink_jsonw_key(&w, "runs");
    brink_jsonw_uint(&w, brink_aggregate_runs(a));
    brink_jsonw_key(&w, "failed_runs");
    brink_jsonw_uint(&w, brink_aggregate_failed(a));
    brink_jsonw_key(&w, "failed");
    brink_jsonw_begin_array(&w);
    const brink_ens_failure *f;
    for (size_t i = 0; (f = brink_aggregate_failure(a, i)) != NULL; i++) {
        brink_jsonw_begin_object(&w);
        brink_jsonw_key(&w, "run");
        brink_jsonw_uint(&w, f->run);
        brink_jsonw_key(&w, "seed");
        brink_jsonw_uint(&w, f->seed);
        brink_jsonw_key(&w, "error");
        brink_jsonw_string(&w, f->message);
        brink_jsonw_end_object(&w);
    }
    brink_jsonw_end_array(&w);
    write_questions(&w, sc, a);
    write_bands(&w, m, a);
    write_chains(&w, sc, a);
    write_resolution(&w, m, a);
    brink_jsonw_end_object(&w);
    return brink_io_json_stage_end(&w, &af, path, out, err);
}

int brink_io_json_stage_end(brink_jsonw *w, brink_afile *af, const char *path, brink_afile *out,
                            brink_error *err)
{
    if (brink_jsonw_finish(w) != 0) {
        int rc = brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
        brink_afile_abort(af);
        return rc;
    }
    int rc = brink_afile_finish(af, err);
    if (!rc)
        *out = *af;
    return rc;
}

int brink_io_forecast_json(const char *path, const brink_forecast_meta *m, const brink_aggregate *a,
                           brink_error *err)
{
    brink_afile af;
    int rc = brink_io_forecast_json_stage(path, m, a, &af, err);
    return rc ? rc : brink_afile_publish(&af, err);
}

/* ---- run.json ---- */

int brink_io_run_json_stage(const char *path, const brink_run_info *ri, brink_afile *out,
                            brink_error *err)
{
    memset(out, 0, sizeof *out);
    brink_afile af;
    int rc = brink_afile_open(&af, path, err);
    if (rc)
        return rc;
    brink_jsonw w;
    brink_jsonw_init(&w, af.f);
    brink_jsonw_begin_object(&w);
    brink_jsonw_key(&w, "brink");
    brink_jsonw_string(&w, brink_version());
    brink_jsonw_key(&w, "command");
    brink_jsonw_begin_inline(&w);
    for (int i = 0; i < ri->argc; i++)
        brink_jsonw_string(&w, ri->argv[i]);
    brink_jsonw_end_array(&w);
    brink_jsonw_key(&w, "host");
    brink_jsonw_string(&w, ri->host);
    brink_jsonw_key(&w, "threads");
    brink_jsonw_uint(&w, ri->threads);
    if (ri->ranks > 1) { /* docs/distributed.md */
        brink_jsonw_key(&w, "mpi_ranks");
        brink_jsonw_uint(&w, ri->ranks);
    }
    if (ri->shard_n > 0) {
        brink_jsonw_key(&w, "shard");
        brink_jsonw_begin_object(&w);
        brink_jsonw_key(&w, "k");
        brink_jsonw_uint(&w, ri->shard_k);
        brink_jsonw_key(&w, "n");
        brink_jsonw_uint(&w, ri->shard_n);
        brink_jsonw_end_object(&w);
    }
    brink_jsonw_key(&w, "out");
    brink_jsonw_string(&w, ri->out_dir);
    brink_jsonw_key(&w, "started");
    brink_jsonw_string(&w, ri->started_utc);
    brink_jsonw_key(&w, "finished");
    brink_jsonw_string(&w, ri->finished_utc);
    brink_jsonw_key(&w, "wall_seconds");
    brink_jsonw_double(&w, ri->wall_seconds);
    brink_jsonw_key(&w, "cpu_seconds");
    if (ri->cpu_seconds >= 0)
        brink_jsonw_double(&w, ri->cpu_seconds);
    else
        brink_jsonw_null(&w);
    brink_jsonw_key(&w, "runs");
    brink_jsonw_uint(&w, ri->runs);
    brink_jsonw_key(&w, "resumed_from");
    brink_jsonw_uint(&w, ri->resumed_from);
    uint64_t here = ri->runs - ri->resumed_from;
    brink_jsonw_key(&w, "runs_per_second");
    brink_jsonw_double(&w, ri->wall_seconds > 0 ? (double)here / ri->wall_seconds : 0.0);
    brink_jsonw_end_object(&w);
    return brink_io_json_stage_end(&w, &af, path, out, err);
}

int brink_io_run_json(const char *path, const brink_run_info *ri, brink_error *err)
{
    brink_afile af;
    int rc = brink_io_run_json_stage(path, ri, &af, err);
    return rc ? rc : brink_afile_publish(&af, err);
}

/* ---- runs.csv ---- */

struct brink_runs_csv {
    FILE *f;
    char *path;
    long nsteps;
    size_t nseries;
    brink_strbuf row; /* brink_runs_csv_row's, kept for the next row */
};

/* Writes s as a CSV field, quoted when it needs to be (RFC 4180). */
static void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

int brink_runs_csv_open(const char *path, const brink_forecast_meta *m, long long resume_offset,
                        brink_runs_csv **out, brink_error *err)
{
    *out = NULL;
    brink_runs_csv *c = brink_calloc(1, sizeof *c);
    if (!c || !(c->path = brink_strdup(path))) {
        brink_free(c);
        return brink_error_set(err, BRINK_ENOMEM, path, 0, 0, "out of memory");
    }
    c->nsteps = m->nsteps;
    c->nseries = m->nseries;
    int rc = BRINK_OK;
    if (resume_offset < 0) {
        c->f = fopen(path, "wb");
        if (!c->f) {
            rc = brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot create: %s", strerror(errno));
        } else {
            fputs("run,seed,status", c->f);
            for (size_t q = 0; q < m->sc->nquestions; q++) {
                fputc(',', c->f);
                csv_field(c->f, m->sc->questions[q].id);
            }
            for (size_t j = 0; j < m->nseries; j++) {
                fputc(',', c->f);
                csv_field(c->f, m->series[j].name);
            }
            fputs(",error\n", c->f);
            if (ferror(c->f))
                rc = brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot write: %s",
                                     strerror(errno));
        }
    } else {
        struct stat st;
        c->f = fopen(path, "r+b");
        if (!c->f)
            rc = brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot open to resume: %s",
                                 strerror(errno));
        else if (fstat(fileno(c->f), &st) != 0 || (long long)st.st_size < resume_offset)
            rc = brink_error_set(err, BRINK_EIO, path, 0, 0,
                                 "is shorter than the checkpoint says (%lld bytes); cannot "
                                 "resume",
                                 resume_offset);
        else if (ftruncate(fileno(c->f), (off_t)resume_offset) != 0 ||
                 fseeko(c->f, 0, SEEK_END) != 0)
            rc = brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot cut back to resume: %s",
                                 strerror(errno));
    }
    if (rc) {
        brink_runs_csv_close(c);
        return rc;
    }
    *out = c;
    return BRINK_OK;
}

/* Appends s as a CSV field, quoted when it needs to be, as csv_field writes it. */
static void csv_field_sb(brink_strbuf *sb, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        brink_strbuf_append(sb, s);
        return;
    }
    brink_strbuf_append_n(sb, "\"", 1);
    for (const char *p = s; *p; p++) {
        size_t n = strcspn(p, "\"");
        brink_strbuf_append_n(sb, p, n);
        p += n;
        if (!*p)
            break;
        brink_strbuf_append_n(sb, "\"\"", 2);
    }
    brink_strbuf_append_n(sb, "\"", 1);
}

int brink_runs_csv_format(const brink_run_summary *s, brink_strbuf *out)
{
    char buf[40];
    brink_strbuf_reset(out);
    brink_strbuf_appendf(out, "%" PRIu64 ",%" PRIu64 ",%s", s->run, s->seed,
                         s->failed ? "failed" : "ok");
    for (size_t q = 0; q < s->nq; q++) {
        const char *o = s->failed                      ? ","
                        : s->outcome[q] == BRINK_Q_YES ? ",1"
                        : s->outcome[q] == BRINK_Q_NO  ? ",0"
                                                       : ",NA";
        brink_strbuf_append(out, o);
    }
    size_t last = s->nsteps > 0 ? (size_t)(s->nsteps - 1) * s->nseries : 0;
    for (size_t j = 0; j < s->nseries; j++) {
        brink_strbuf_append_n(out, ",", 1);
        if (!s->failed && s->nsteps > 0)
            brink_strbuf_append(out, brink_format_double(s->value[last + j], buf, sizeof buf));
    }
    brink_strbuf_append_n(out, ",", 1);
    csv_field_sb(out, s->failed ? s->error : "");
    brink_strbuf_append_n(out, "\n", 1);
    return brink_strbuf_failed(out) ? BRINK_ENOMEM : BRINK_OK;
}

int brink_runs_csv_write(brink_runs_csv *c, const char *text, size_t len, brink_error *err)
{
    if (fwrite(text, 1, len, c->f) != len || ferror(c->f))
        return brink_error_set(err, BRINK_EIO, c->path, 0, 0, "cannot write: %s", strerror(errno));
    return BRINK_OK;
}

int brink_runs_csv_row(brink_runs_csv *c, const brink_run_summary *s, brink_error *err)
{
    if (brink_runs_csv_format(s, &c->row))
        return brink_error_set(err, BRINK_ENOMEM, c->path, 0, 0, "out of memory");
    return brink_runs_csv_write(c, c->row.data, c->row.len, err);
}

int brink_runs_csv_sync(brink_runs_csv *c, uint64_t *offset, brink_error *err)
{
    if (brink_io_sync(c->f) != 0)
        return brink_error_set(err, BRINK_EIO, c->path, 0, 0, "cannot write: %s", strerror(errno));
    off_t off = ftello(c->f);
    if (off < 0)
        return brink_error_set(err, BRINK_EIO, c->path, 0, 0, "cannot tell the file's length: %s",
                               strerror(errno));
    *offset = (uint64_t)off;
    return BRINK_OK;
}

int brink_runs_csv_finish(brink_runs_csv *c, const char *final_path, brink_error *err)
{
    int bad = ferror(c->f) || brink_io_sync(c->f) != 0;
    int e = errno;
    if (fclose(c->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    c->f = NULL;
    if (!bad && rename(c->path, final_path) != 0) {
        bad = 1;
        e = errno;
    }
    int rc =
        bad ? brink_error_set(err, BRINK_EIO, final_path, 0, 0, "cannot write: %s", strerror(e))
            : BRINK_OK;
    brink_runs_csv_close(c);
    return rc;
}

void brink_runs_csv_close(brink_runs_csv *c)
{
    if (!c)
        return;
    if (c->f)
        fclose(c->f);
    brink_strbuf_free(&c->row);
    brink_free(c->path);
    brink_free(c);
}

/* ---- checkpoints ---- */

/* File layout: magic (8 bytes), scenario hash, CSV length, FNV-1a 64 of those 24 bytes (each a
 * little-endian u64), then the aggregate's own self-checking stream. */
static const unsigned char ckpt_magic[8] = {'B', 'R', 'K', 'C', 'K', 'P', 'T', 1};

static void put_u64(unsigned char *b, uint64_t x)
{
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(x >> (8 * i));
}

static uint64_t get_u64(const unsigned char *b)
{
    uint64_t x = 0;
    for (int i = 0; i < 8; i++)
        x |= (uint64_t)b[i] << (8 * i);
    return x;
}

/* The checkpoint's output: a file and the errno of its first failed write. */
typedef struct ckpt_out {
    FILE *f;
    int error;
} ckpt_out;

static int file_write(void *ctx, const void *p, size_t n)
{
    ckpt_out *o = ctx;
    if (fwrite(p, 1, n, o->f) == n)
        return 0;
    if (!o->error)
        o->error = errno ? errno : EIO;
    return -1;
}

int brink_io_checkpoint_write(const char *path, const brink_aggregate *a, uint64_t csv_offset,
                              uint64_t scenario_hash, brink_error *err)
{
    brink_afile af;
    int rc = brink_afile_open(&af, path, err);
    if (rc)
        return rc;
    unsigned char head[32];
    memcpy(head, ckpt_magic, 8);
    put_u64(head + 8, scenario_hash);
    put_u64(head + 16, csv_offset);
    put_u64(head + 24, brink_io_fnv1a64(BRINK_FNV_OFFSET, head, 24));
    if (fwrite(head, 1, sizeof head, af.f) != sizeof head)
        rc = brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
    ckpt_out o = {af.f, 0};
    if (!rc) {
        errno = 0;
        rc = brink_aggregate_save(a, file_write, &o, err);
        if (rc == BRINK_EIO && o.error) /* say why, as every other write does */
            rc = brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot write: %s", strerror(o.error));
    }
    if (rc) {
        if (err && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", path);
        brink_afile_abort(&af);
        return rc;
    }
    return brink_afile_commit(&af, err);
}

int brink_io_checkpoint_read(const char *path, brink_aggregate *a, uint64_t *csv_offset,
                             uint64_t scenario_hash, brink_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    int rc = brink_io_read_file(path, 0, &buf, &len, err);
    if (rc)
        return rc;
    const unsigned char *b = (const unsigned char *)buf;
    if (len < 32 || memcmp(b, ckpt_magic, 8) != 0)
        rc = brink_error_set(err, BRINK_EINVAL, path, 0, 0,
                             "not a brink checkpoint (or one of another version)");
    else if (get_u64(b + 24) != brink_io_fnv1a64(BRINK_FNV_OFFSET, b, 24))
        rc = brink_error_set(err, BRINK_EINVAL, path, 0, 0,
                             "the checkpoint is corrupt (its checksum does not match)");
    else if (get_u64(b + 8) != scenario_hash)
        rc = brink_error_set(err, BRINK_EINVAL, path, 0, 0,
                             "the checkpoint was made for another scenario (its text differs)");
    if (!rc) {
        *csv_offset = get_u64(b + 16);
        rc = brink_aggregate_load(a, b + 32, len - 32, err);
        if (rc && err && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", path);
    }
    brink_free(buf);
    return rc;
}
