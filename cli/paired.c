/* SPDX-License-Identifier: MIT */
/*
 * paired.c — ensembles paired run by run on common random numbers (paired.h), for `brink compare`
 * and `brink sensitivity`.
 */
#include "paired.h"

#include "io/io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double paired_se(uint64_t n, double sum, double sum2)
{
    if (n < 2)
        return NAN;
    double m = sum / (double)n;
    double var = (sum2 - (double)n * m * m) / (double)(n - 1);
    return sqrt(var > 0 ? var / (double)n : 0.0);
}

void *paired_calloc(size_t n, size_t size, int *fail)
{
    if (size && n > SIZE_MAX / size) {
        *fail = 1;
        return NULL;
    }
    void *v = brink_calloc(n ? n : 1, size);
    if (!v)
        *fail = 1;
    return v;
}

int paired_load_text(paired_side *s, const char *text, size_t len, const char *name,
                     const cli_sets *sets, brink_error *err)
{
    s->text = text;
    s->len = len;
    s->name = name;
    brink_load_options lo = {.sets = sets ? sets->v : NULL, .nsets = sets ? sets->n : 0};
    int rc = brink_scenario_load_buffer(s->text, s->len, s->name, &lo, &s->sc, err);
    if (rc)
        return rc;
    s->hash = brink_io_fnv1a64(BRINK_FNV_OFFSET, s->text, s->len);
    for (size_t k = 0; sets && k < sets->n; k++)
        s->hash = brink_io_fnv1a64(s->hash, sets->v[k], strlen(sets->v[k]) + 1);
    size_t off = (size_t)snprintf(s->label, sizeof s->label, "%s", s->name);
    for (size_t k = 0; sets && k < sets->n && off < sizeof s->label; k++)
        off += (size_t)snprintf(s->label + off, sizeof s->label - off, " --set %s", sets->v[k]);
    return brink_ensemble_series(s->sc, &s->series, &s->nseries, &s->nsteps, err);
}

int paired_load_side(paired_side *s, const char *file, const cli_sets *sets, brink_error *err)
{
    if (file) {
        size_t len;
        int rc = brink_io_read_file(file, BRINK_DEFAULT_MAX_BYTES, &s->owned, &len, err);
        if (rc)
            return rc;
        return paired_load_text(s, s->owned, len, file, sets, err);
    }
    size_t len;
    const char *name;
    const char *text = brink_builtin_scenario(&len, &name);
    return paired_load_text(s, text, len, name, sets, err);
}

void paired_free_side(paired_side *s)
{
    brink_aggregate_free(s->agg);
    brink_free(s->series);
    brink_scenario_free(s->sc);
    brink_free(s->owned);
    memset(s, 0, sizeof *s);
}

int paired_init(pairing *p, paired_side *base, uint64_t runs, uint64_t pilot, int bar,
                brink_error *err)
{
    memset(p, 0, sizeof *p);
    size_t bnq = base->sc->nquestions, bns = base->nseries;
    size_t nsteps = base->nsteps > 0 ? (size_t)base->nsteps : 0;
    int fail = 0;
    p->base = base;
    p->runs = runs;
    p->pilot = pilot < runs ? pilot : runs;
    p->bar = bar;
    p->b_ok = paired_calloc(runs, 1, &fail);
    p->b_out = bnq && runs <= SIZE_MAX / bnq ? paired_calloc(runs * bnq, 1, &fail)
                                             : paired_calloc(1, 1, &fail);
    p->b_val = bns && runs <= SIZE_MAX / bns ? paired_calloc(runs * bns, sizeof(double), &fail)
                                             : paired_calloc(1, sizeof(double), &fail);
    p->qn = paired_calloc(bnq, sizeof(uint64_t), &fail);
    p->qyb = paired_calloc(bnq, sizeof(uint64_t), &fail);
    p->qya = paired_calloc(bnq, sizeof(uint64_t), &fail);
    p->qob = paired_calloc(bnq, sizeof(uint64_t), &fail);
    p->qoa = paired_calloc(bnq, sizeof(uint64_t), &fail);
    p->sn = paired_calloc(bns, sizeof(uint64_t), &fail);
    p->sb = paired_calloc(bns, sizeof(double), &fail);
    p->sa = paired_calloc(bns, sizeof(double), &fail);
    p->sbb = paired_calloc(bns, sizeof(double), &fail);
    p->saa = paired_calloc(bns, sizeof(double), &fail);
    p->sd = paired_calloc(bns, sizeof(double), &fail);
    p->sd2 = paired_calloc(bns, sizeof(double), &fail);
    if (p->pilot) {
        size_t per = nsteps * bns;
        p->p_val = per && p->pilot <= SIZE_MAX / per
                       ? paired_calloc((size_t)p->pilot * per, sizeof(double), &fail)
                       : paired_calloc(1, sizeof(double), &fail);
        p->p_res = bnq && p->pilot <= SIZE_MAX / bnq
                       ? paired_calloc((size_t)p->pilot * bnq, sizeof(long), &fail)
                       : paired_calloc(1, sizeof(long), &fail);
    }
    if (fail)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0,
                               "out of memory (a paired ensemble keeps %zu bytes per run of the "
                               "base)",
                               1 + bnq + 8 * bns);
    return BRINK_OK;
}

int paired_attach(pairing *p, paired_side *alt, brink_error *err)
{
    const paired_side *base = p->base;
    size_t bnq = base->sc->nquestions, bns = base->nseries;
    brink_free(p->qmap);
    brink_free(p->smap);
    int fail = 0;
    p->qmap = paired_calloc(alt->sc->nquestions, sizeof *p->qmap, &fail);
    p->smap = paired_calloc(alt->nseries, sizeof *p->smap, &fail);
    if (fail)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    p->alt = alt;
    for (size_t q = 0; q < alt->sc->nquestions; q++) {
        p->qmap[q] = -1;
        for (size_t b = 0; b < bnq; b++)
            if (!strcmp(alt->sc->questions[q].id, base->sc->questions[b].id))
                p->qmap[q] = (long)b;
    }
    for (size_t j = 0; j < alt->nseries; j++) {
        p->smap[j] = -1;
        for (size_t b = 0; b < bns; b++)
            if (!strcmp(alt->series[j].name, base->series[b].name))
                p->smap[j] = (long)b;
    }
    memset(p->qn, 0, (bnq ? bnq : 1) * sizeof(uint64_t));
    memset(p->qyb, 0, (bnq ? bnq : 1) * sizeof(uint64_t));
    memset(p->qya, 0, (bnq ? bnq : 1) * sizeof(uint64_t));
    memset(p->qob, 0, (bnq ? bnq : 1) * sizeof(uint64_t));
    memset(p->qoa, 0, (bnq ? bnq : 1) * sizeof(uint64_t));
    memset(p->sn, 0, (bns ? bns : 1) * sizeof(uint64_t));
    double *const sums[] = {p->sb, p->sa, p->sbb, p->saa, p->sd, p->sd2};
    for (size_t k = 0; k < sizeof sums / sizeof sums[0]; k++)
        memset(sums[k], 0, (bns ? bns : 1) * sizeof(double));
    p->paired = 0;
    p->alt_differs = 0;
    return BRINK_OK;
}

void paired_free(pairing *p)
{
    brink_free(p->b_ok);
    brink_free(p->b_out);
    brink_free(p->b_val);
    brink_free(p->qmap);
    brink_free(p->smap);
    brink_free(p->qn);
    brink_free(p->qyb);
    brink_free(p->qya);
    brink_free(p->qob);
    brink_free(p->qoa);
    brink_free(p->sn);
    brink_free(p->sb);
    brink_free(p->sa);
    brink_free(p->sbb);
    brink_free(p->saa);
    brink_free(p->sd);
    brink_free(p->sd2);
    brink_free(p->p_val);
    brink_free(p->p_res);
    memset(p, 0, sizeof *p);
}

static int sink_base(void *ctx, const brink_run_summary *s, brink_error *err)
{
    pairing *p = ctx;
    (void)err;
    uint64_t r = s->run;
    p->b_ok[r] = !s->failed;
    if (s->failed)
        return BRINK_OK;
    memcpy(p->b_out + r * s->nq, s->outcome, s->nq);
    size_t last = s->nsteps > 0 ? (size_t)(s->nsteps - 1) * s->nseries : 0;
    for (size_t j = 0; j < s->nseries; j++)
        p->b_val[r * s->nseries + j] = s->nsteps > 0 ? s->value[last + j] : NAN;
    if (r < p->pilot) {
        size_t per = s->nsteps > 0 ? (size_t)s->nsteps * s->nseries : 0;
        if (per)
            memcpy(p->p_val + r * per, s->value, per * sizeof(double));
        if (s->nq)
            memcpy(p->p_res + r * s->nq, s->resolved_step, s->nq * sizeof(long));
    }
    return BRINK_OK;
}

/* 1 when pilot run s of the alternative differs from the base's run of the same index in any
 * outcome, resolution step or value (compared by bits: a change in the last digit counts). */
static int pilot_differs(const pairing *p, const brink_run_summary *s)
{
    const paired_side *base = p->base;
    uint64_t r = s->run;
    if (!p->b_ok[r] || s->failed)
        return p->b_ok[r] != !s->failed;
    if (s->nq != base->sc->nquestions || s->nseries != base->nseries || s->nsteps != base->nsteps)
        return 1;
    for (size_t q = 0; q < s->nq; q++)
        if (p->qmap[q] != (long)q)
            return 1;
    for (size_t j = 0; j < s->nseries; j++)
        if (p->smap[j] != (long)j)
            return 1;
    if (s->nq && (memcmp(p->b_out + r * s->nq, s->outcome, s->nq) != 0 ||
                  memcmp(p->p_res + r * s->nq, s->resolved_step, s->nq * sizeof(long)) != 0))
        return 1;
    size_t per = s->nsteps > 0 ? (size_t)s->nsteps * s->nseries : 0;
    return per && memcmp(p->p_val + r * per, s->value, per * sizeof(double)) != 0;
}

static int sink_alt(void *ctx, const brink_run_summary *s, brink_error *err)
{
    pairing *p = ctx;
    (void)err;
    uint64_t r = s->run;
    if (r < p->pilot && !p->alt_differs && pilot_differs(p, s))
        p->alt_differs = 1;
    if (s->failed || !p->b_ok[r])
        return BRINK_OK;
    p->paired++;
    size_t bnq = p->base->sc->nquestions, bns = p->base->nseries;
    for (size_t q = 0; q < s->nq; q++) {
        long b = p->qmap[q];
        if (b < 0)
            continue;
        signed char ob = p->b_out[r * bnq + (size_t)b], oa = s->outcome[q];
        if (ob == BRINK_Q_UNMODELLED || oa == BRINK_Q_UNMODELLED)
            continue;
        p->qn[b]++;
        p->qyb[b] += ob == BRINK_Q_YES;
        p->qya[b] += oa == BRINK_Q_YES;
        p->qob[b] += ob == BRINK_Q_YES && oa != BRINK_Q_YES;
        p->qoa[b] += oa == BRINK_Q_YES && ob != BRINK_Q_YES;
    }
    size_t last = s->nsteps > 0 ? (size_t)(s->nsteps - 1) * s->nseries : 0;
    for (size_t j = 0; j < s->nseries && s->nsteps > 0; j++) {
        long b = p->smap[j];
        if (b < 0)
            continue;
        double vb = p->b_val[r * bns + (size_t)b], va = s->value[last + j];
        if (!isfinite(vb) || !isfinite(va))
            continue;
        double d = va - vb;
        p->sn[b]++;
        p->sb[b] += vb;
        p->sa[b] += va;
        p->sbb[b] += vb * vb;
        p->saa[b] += va * va;
        p->sd[b] += d;
        p->sd2[b] += d * d;
    }
    return BRINK_OK;
}

static void progress(void *ctx, uint64_t done, uint64_t target)
{
    pairing *p = ctx;
    if (!p->bar || (done % 64 != 0 && done != target))
        return;
    fprintf(stderr, "\rbrink: %s %llu/%llu runs ", p->phase, (unsigned long long)done,
            (unsigned long long)target);
    fflush(stderr);
    p->drawn = 1;
}

void paired_clear_bar(pairing *p)
{
    if (p->drawn) {
        fprintf(stderr, "\r%70s\r", "");
        fflush(stderr);
        p->drawn = 0;
    }
}

/* Runs (or continues) s's ensemble into its aggregate, created on the first call. */
static int run_side(paired_side *s, uint64_t seed, uint64_t runs, unsigned threads,
                    uint64_t stop_after, pairing *p,
                    int (*sink_run)(void *, const brink_run_summary *, brink_error *),
                    const char *phase, brink_error *err)
{
    brink_ens_settings st = {
        .seed = seed, .runs = runs, .precision = 0, .block = BRINK_ENS_DEFAULT_BLOCK};
    if (!s->agg) {
        int rc = brink_aggregate_new(&st, s->sc->nquestions, s->nseries, s->nsteps, &s->agg, err);
        if (rc)
            return rc;
    }
    p->phase = phase;
    brink_ensemble_sink sink = {p, sink_run, NULL, progress};
    brink_ensemble_options eo = {threads, stop_after};
    int stopped = 0;
    int rc = brink_ensemble_run(s->sc, &eo, s->agg, &sink, &stopped, err);
    paired_clear_bar(p);
    return rc;
}

int paired_run_base(pairing *p, uint64_t seed, unsigned threads, brink_error *err)
{
    return run_side(p->base, seed, p->runs, threads, 0, p, sink_base, "base", err);
}

int paired_run_alt(pairing *p, uint64_t seed, unsigned threads, uint64_t stop_after,
                   const char *phase, brink_error *err)
{
    return run_side(p->alt, seed, p->runs, threads, stop_after, p, sink_alt, phase, err);
}
