/* SPDX-License-Identifier: MIT */
/*
 * ensemble.c — the ensemble of runs and its aggregate (see ensemble.h for the contract, the
 * sketches and their error bounds).
 *
 * Threads: workers claim CLAIM run indices at a time from an atomic counter; run i is summarised
 * into ring slot i % R, which is free once run i - R has been merged (i < merged + R). The calling
 * thread merges the slots in run-index order, a batch of up to BATCH consecutive runs at a time
 * (ending at block ends), once all of the batch is filled. Why no deadlock: every run being waited
 * for, p in [merged, merged + BATCH), is claimed or will be (claims are handed out in increasing
 * order, and a worker waits only on a run at or past merged + R, after finishing its earlier
 * claims), and the worker holding p never waits for its slot (p < merged + R since R > BATCH).
 * The mutex orders each slot's writes (worker) before its reads (merger) and the merger's release
 * before the next write to the slot. The merger sleeps for one position at a time (want), and
 * only the filler of that position wakes it.
 *
 * Checkpoints: the aggregate saves to a self-checking binary stream (little-endian integers,
 * doubles as their IEEE-754 bits, an FNV-1a 64 checksum at the end), so a resumed ensemble
 * continues from exactly the state it had and ends byte-identical to an uninterrupted one.
 */
#include "sim/ensemble.h"

#include "core/bytes.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ============================================================================================== */
/* binomial statistics                                                                            */
/* ============================================================================================== */

void brink_binom_stats(uint64_t yes, uint64_t n, brink_binom *out)
{
    out->n = n;
    out->yes = yes;
    if (n == 0) {
        out->p = out->se = out->lo = out->hi = NAN;
        return;
    }
    double nn = (double)n, p = (double)yes / nn, z = BRINK_Z95, z2 = z * z;
    out->p = p;
    out->se = sqrt(p * (1 - p) / nn);
    /* Wilson (1927) score interval */
    double denom = 1 + z2 / nn;
    double centre = (p + z2 / (2 * nn)) / denom;
    double half = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / denom;
    out->lo = fmax(0.0, centre - half);
    out->hi = fmin(1.0, centre + half);
}

double brink_binom_stop_se(uint64_t yes, uint64_t n)
{
    if (n == 0)
        return INFINITY;
    double nt = (double)n + 4, pt = ((double)yes + 2) / nt;
    return sqrt(pt * (1 - pt) / nt);
}

double brink_ens_quantile(size_t i)
{
    static const double q[BRINK_ENS_NQUANTILES] = {0.05, 0.25, 0.5, 0.75, 0.95};
    return i < BRINK_ENS_NQUANTILES ? q[i] : NAN;
}

/* ============================================================================================== */
/* the quantile sketch                                                                            */
/* ============================================================================================== */

int32_t brink_qsketch_code(double x)
{
    if (!isfinite(x))
        return BRINK_QS_NONFINITE;
    double ax = fabs(x);
    if (ax <= BRINK_QS_ZERO)
        return 0;
    int32_t idx = BRINK_QS_IDX_MAX;
    if (ax < BRINK_QS_MAX_ABS) {
        double l = ceil(log(ax) / BRINK_QS_LN_GAMMA);
        idx = l < BRINK_QS_IDX_MIN   ? BRINK_QS_IDX_MIN
              : l > BRINK_QS_IDX_MAX ? BRINK_QS_IDX_MAX
                                     : (int32_t)l;
    }
    int32_t c = 1 + idx - BRINK_QS_IDX_MIN;
    return x < 0 ? -c : c;
}

/* The centre of bucket code c >= 1 (positive side): 2 gamma^i / (gamma + 1). */
static double code_centre(int32_t c)
{
    double i = (double)(c - 1 + BRINK_QS_IDX_MIN);
    return 2.0 * exp(i * BRINK_QS_LN_GAMMA) / (BRINK_QS_GAMMA + 1.0);
}

void brink_qsketch_init(brink_qsketch *s)
{
    memset(s, 0, sizeof *s);
    s->zero_same = NAN;
    s->min = INFINITY;
    s->max = -INFINITY;
}

void brink_qsketch_free(brink_qsketch *s)
{
    if (!s)
        return;
    brink_free(s->pos.count); /* one allocation each (store_cover) */
    brink_free(s->neg.count);
    brink_qsketch_init(s);
}

/* Bucket i of st holds two different values. */
static inline int store_mixed(const brink_qstore *st, size_t i)
{
    return (int)(st->mixed[i >> 6] >> (i & 63) & 1);
}

/* Makes st cover codes [lo, hi] (1 <= lo <= hi <= BRINK_QS_CODE_MAX), keeping its buckets. The
 * counts, the bit words and the values share one allocation (in that order; st->count is it). */
static int store_cover(brink_qstore *st, int32_t lo, int32_t hi)
{
    if (st->len) {
        int32_t olo = st->lo, ohi = st->lo + (int32_t)st->len - 1;
        if (lo >= olo && hi <= ohi)
            return BRINK_OK;
        lo = lo < olo ? lo : olo;
        hi = hi > ohi ? hi : ohi;
    }
    size_t len = (size_t)(hi - lo + 1), nw = (len + 63) / 64;
    size_t cbytes = (len * sizeof(uint32_t) + 7) / 8 * 8; /* the words after it 8-aligned */
    unsigned char *mem = brink_calloc(1, cbytes + nw * sizeof(uint64_t) + len * sizeof(double));
    if (!mem)
        return BRINK_ENOMEM;
    uint32_t *count = (uint32_t *)(void *)mem;
    uint64_t *mixed = (uint64_t *)(void *)(mem + cbytes);
    double *same = (double *)(void *)(mem + cbytes + nw * sizeof(uint64_t));
    if (st->len) {
        size_t off = (size_t)(st->lo - lo);
        memcpy(count + off, st->count, st->len * sizeof *count);
        memcpy(same + off, st->same, st->len * sizeof *same);
        for (size_t i = 0; i < st->len; i++)
            if (store_mixed(st, i))
                mixed[(i + off) >> 6] |= (uint64_t)1 << ((i + off) & 63);
    }
    brink_free(st->count);
    st->count = count;
    st->mixed = mixed;
    st->same = same;
    st->lo = lo;
    st->len = (uint32_t)len;
    return BRINK_OK;
}

/* 1 when a and b are the same double to the bit. The sketch compares values so, not with ==,
 * because 0.0 == -0.0: with == the bucket's value, min and max would keep whichever of the two
 * zeros came first, and shards merged in another order would print "0" for "-0". */
static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* The value a bucket (or the zero bucket) keeps after x joins it, holding count values before:
 * x for the first, and while every value was x to the bit; else NaN. One store, no branch on
 * the data: the merge calls it for every cell of every run. */
static inline double same_after(uint64_t count, double same, double x)
{
    return count == 0 || same_bits(same, x) ? x : NAN;
}

/* Makes st cover code c, growing with slack on the growing side so that extremes arriving one
 * by one cost O(log) reallocations; the slack changes memory only, never a result. Kept out of
 * line: the merge's loop needs it only while the sketches are young. */
#if defined(__GNUC__)
#define COLD __attribute__((noinline, cold))
#else
#define COLD
#endif
COLD static int store_grow(brink_qstore *st, int32_t c)
{
    int32_t slack = st->len / 2 > 16 ? (int32_t)(st->len / 2) : 16;
    int32_t lo = c, h = c;
    if (!st->len) {
        lo = c - slack / 2;
        h = c + slack / 2;
    } else if (c < st->lo) {
        lo = c - slack;
    } else {
        h = c + slack;
    }
    if (lo < 1)
        lo = 1;
    if (h > BRINK_QS_CODE_MAX)
        h = BRINK_QS_CODE_MAX;
    return store_cover(st, lo, h);
}

static inline int store_add(brink_qstore *st, int32_t c, double x)
{
    /* one unsigned comparison tests both ends (c < lo wraps to a huge offset) */
    uint32_t i = (uint32_t)c - (uint32_t)st->lo;
    if (i >= st->len) {
        if (store_grow(st, c))
            return BRINK_ENOMEM;
        i = (uint32_t)c - (uint32_t)st->lo;
    }
    /* as same_after, touching the value only while the bucket has one */
    if (st->count[i]++ == 0)
        st->same[i] = x;
    else if (!store_mixed(st, i) && !same_bits(st->same[i], x))
        st->mixed[i >> 6] |= (uint64_t)1 << (i & 63);
    return BRINK_OK;
}

/* brink_qsketch_add_code, inlined into the merge's loop. */
static inline int qsketch_add(brink_qsketch *s, int32_t code, double x)
{
    if (code == BRINK_QS_NONFINITE) {
        s->nonfinite++;
        return BRINK_OK;
    }
    if (code > 0) {
        if (store_add(&s->pos, code, x))
            return BRINK_ENOMEM;
    } else if (code < 0) {
        if (store_add(&s->neg, -code, x))
            return BRINK_ENOMEM;
    } else {
        s->zero_same = same_after(s->zero, s->zero_same, x);
        s->zero++;
    }
    s->n++;
    /* -0.0 counts as below +0.0, so that min and max do not depend on the order of the values */
    if (x < s->min || (x == s->min && signbit(x) && !signbit(s->min)))
        s->min = x;
    if (x > s->max || (x == s->max && !signbit(x) && signbit(s->max)))
        s->max = x;
    return BRINK_OK;
}

int brink_qsketch_add_code(brink_qsketch *s, int32_t code, double x)
{
    return qsketch_add(s, code, x);
}

int brink_qsketch_add(brink_qsketch *s, double x)
{
    return brink_qsketch_add_code(s, brink_qsketch_code(x), x);
}

uint64_t brink_qsketch_rank(double q, uint64_t n)
{
    if (n == 0 || !(q > 0))
        return 0;
    if (q >= 1)
        return n - 1;
    double r = floor(q * (double)(n - 1));
    return r >= (double)(n - 1) ? n - 1 : (uint64_t)r;
}

double brink_qsketch_quantile(const brink_qsketch *s, double q)
{
    if (s->n == 0)
        return NAN;
    uint64_t r = brink_qsketch_rank(q, s->n), cum = 0;
    /* the extremes are known exactly */
    if (r == 0)
        return s->min;
    if (r == s->n - 1)
        return s->max;
    double v = s->max;
    int found = 0;
    /* ascending order of value: negative buckets from the largest magnitude down, the zero
     * bucket, positive buckets from the smallest magnitude up */
    for (size_t i = s->neg.len; !found && i-- > 0;) {
        cum += s->neg.count[i];
        if (cum > r) {
            v = store_mixed(&s->neg, i) ? -code_centre(s->neg.lo + (int32_t)i) : s->neg.same[i];
            found = 1;
        }
    }
    if (!found) {
        cum += s->zero;
        if (cum > r) {
            v = isnan(s->zero_same) ? 0.0 : s->zero_same;
            found = 1;
        }
    }
    for (size_t i = 0; !found && i < s->pos.len; i++) {
        cum += s->pos.count[i];
        if (cum > r) {
            v = store_mixed(&s->pos, i) ? code_centre(s->pos.lo + (int32_t)i) : s->pos.same[i];
            found = 1;
        }
    }
    /* clamping into the observed range never moves the value away from x_(r), which lies in it */
    if (v < s->min)
        v = s->min;
    if (v > s->max)
        v = s->max;
    return v;
}

/* ============================================================================================== */
/* the top-K sketch (Space-Saving)                                                                */
/* ============================================================================================== */

int brink_topk_init(brink_topk *t, size_t k)
{
    memset(t, 0, sizeof *t);
    if (k == 0)
        k = 1;
    t->e = brink_calloc(k, sizeof *t->e);
    if (!t->e)
        return BRINK_ENOMEM;
    t->k = k;
    return BRINK_OK;
}

void brink_topk_free(brink_topk *t)
{
    if (!t)
        return;
    for (size_t i = 0; t->e && i < t->len; i++)
        brink_free(t->e[i].key);
    brink_free(t->e);
    memset(t, 0, sizeof *t);
}

int brink_topk_add(brink_topk *t, const char *key)
{
    for (size_t i = 0; i < t->len; i++) {
        if (!strcmp(t->e[i].key, key)) {
            t->e[i].count++;
            t->total++;
            return BRINK_OK;
        }
    }
    char *dup = brink_strdup(key);
    if (!dup)
        return BRINK_ENOMEM;
    if (t->len < t->k) {
        t->e[t->len++] = (brink_topk_entry){dup, 1, 0};
    } else {
        /* evict the smallest count; of equal counts the greatest key, so that the entries
         * reported first (count descending, key ascending) are the ones kept */
        size_t m = 0;
        for (size_t i = 1; i < t->len; i++)
            if (t->e[i].count < t->e[m].count ||
                (t->e[i].count == t->e[m].count && strcmp(t->e[i].key, t->e[m].key) > 0))
                m = i;
        uint64_t min = t->e[m].count;
        brink_free(t->e[m].key);
        t->e[m] = (brink_topk_entry){dup, min + 1, min};
    }
    t->total++;
    return BRINK_OK;
}

static int entry_order(const void *pa, const void *pb)
{
    const brink_topk_entry *a = *(const brink_topk_entry *const *)pa;
    const brink_topk_entry *b = *(const brink_topk_entry *const *)pb;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return strcmp(a->key, b->key);
}

size_t brink_topk_sorted(const brink_topk *t, const brink_topk_entry **out, size_t max)
{
    const brink_topk_entry *all[BRINK_TOPK_K];
    const brink_topk_entry **v = all;
    const brink_topk_entry **heap = NULL;
    if (t->len > BRINK_TOPK_K) {
        heap = brink_mallocarray(t->len, sizeof *heap);
        if (!heap)
            return 0;
        v = heap;
    }
    for (size_t i = 0; i < t->len; i++)
        v[i] = &t->e[i];
    /* keys are distinct, so the order is total and qsort's instability cannot show */
    qsort(v, t->len, sizeof *v, entry_order);
    size_t n = t->len < max ? t->len : max;
    for (size_t i = 0; i < n; i++)
        out[i] = v[i];
    brink_free(heap);
    return n;
}

/* ============================================================================================== */
/* run summaries                                                                                  */
/* ============================================================================================== */

int brink_run_summary_init(brink_run_summary *s, size_t nq, size_t nseries, long nsteps,
                           brink_error *err)
{
    memset(s, 0, sizeof *s);
    if (nsteps < 0)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0, "negative number of steps");
    size_t cells = (size_t)nsteps * nseries;
    if (nseries && cells / nseries != (size_t)nsteps)
        return brink_error_set(err, BRINK_ERANGE, NULL, 0, 0, "too many series values");
    s->nq = nq;
    s->nseries = nseries;
    s->nsteps = nsteps;
    s->outcome = brink_calloc(nq ? nq : 1, sizeof *s->outcome);
    s->resolved_step = brink_calloc(nq ? nq : 1, sizeof *s->resolved_step);
    s->value = brink_calloc(cells ? cells : 1, sizeof *s->value);
    s->code = brink_calloc(cells ? cells : 1, sizeof *s->code);
    s->chain = brink_calloc(nq ? nq : 1, BRINK_CHAIN_KEY_MAX);
    if (!s->outcome || !s->resolved_step || !s->value || !s->code || !s->chain) {
        brink_run_summary_free(s);
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    }
    return BRINK_OK;
}

void brink_run_summary_free(brink_run_summary *s)
{
    if (!s)
        return;
    brink_free(s->outcome);
    brink_free(s->resolved_step);
    brink_free(s->value);
    brink_free(s->code);
    brink_free(s->chain);
    brink_strbuf_free(&s->row);
    memset(s, 0, sizeof *s);
}

static const char *actor_id(const brink_scenario *sc, int a)
{
    return a >= 0 && (size_t)a < sc->nactors && sc->actors[a].id ? sc->actors[a].id : "-";
}

void brink_chain_key(const long *chain, const brink_world *w, const brink_scenario *sc, char *buf,
                     size_t n)
{
    static const char more[] = " <- ...";
    if (n == 0)
        return;
    buf[0] = '\0';
    size_t len = 0;
    for (int k = 0; k < BRINK_CHAIN_MAX; k++) {
        long e = chain[k];
        if (e < 0 || (size_t)e >= w->nevents)
            break;
        const brink_event *ev = &w->events[e];
        char link[320];
        int m = snprintf(link, sizeof link, "%s%s %s>%s", k ? " <- " : "",
                         brink_event_type_name(ev->type), actor_id(sc, ev->actor),
                         actor_id(sc, ev->target));
        size_t ml = m < 0 ? 0 : (size_t)m >= sizeof link ? sizeof link - 1 : (size_t)m;
        if (len + ml + sizeof more > n) {
            if (k > 0 && len + sizeof more <= n) {
                memcpy(buf + len, more, sizeof more);
                len += sizeof more - 1;
            }
            break;
        }
        memcpy(buf + len, link, ml);
        len += ml;
        buf[len] = '\0';
    }
}

void brink_run_summary_fill(brink_run_summary *s, const brink_run_record *rec,
                            const brink_scenario *sc)
{
    s->seed = rec->seed;
    s->run = rec->run;
    s->failed = rec->failed;
    s->error[0] = '\0';
    size_t nq = s->nq < rec->nq ? s->nq : rec->nq;
    for (size_t q = 0; q < s->nq; q++) {
        s->outcome[q] = BRINK_Q_UNMODELLED;
        s->resolved_step[q] = -1;
        s->chain[q * BRINK_CHAIN_KEY_MAX] = '\0';
    }
    if (rec->failed) {
        brink_error_format(&rec->error, s->error, sizeof s->error);
        return;
    }
    memcpy(s->outcome, rec->outcome, nq * sizeof *s->outcome);
    memcpy(s->resolved_step, rec->resolved_step, nq * sizeof *s->resolved_step);
    size_t cells = (size_t)s->nsteps * s->nseries;
    if (rec->nseries == s->nseries && rec->nsteps == s->nsteps) {
        /* about half the values equal the same series' value a step earlier (a series that did
         * not move): they take its code instead of a log() */
        const double *v = rec->trajectory;
        size_t ns = s->nseries;
        for (size_t j = 0; j < cells; j++) {
            s->value[j] = v[j];
            s->code[j] =
                j >= ns && same_bits(v[j], v[j - ns]) ? s->code[j - ns] : brink_qsketch_code(v[j]);
        }
    }
    for (size_t q = 0; q < nq && q < sc->nquestions; q++) {
        if (rec->outcome[q] != BRINK_Q_YES || !sc->questions[q].is_event || !rec->world)
            continue;
        brink_chain_key(&rec->chain[q * BRINK_CHAIN_MAX], rec->world, sc,
                        &s->chain[q * BRINK_CHAIN_KEY_MAX], BRINK_CHAIN_KEY_MAX);
    }
}

/* ============================================================================================== */
/* the aggregate                                                                                  */
/* ============================================================================================== */

struct brink_aggregate {
    brink_ens_settings st;
    size_t nq, nseries;
    long nsteps;
    size_t ncells; /* nsteps * nseries */
    uint64_t n, nfailed;
    brink_ens_failure *failures; /* [BRINK_ENS_FAILED_KEPT] */
    uint64_t *qn, *qyes;         /* [nq] runs that modelled q; of them YES */
    uint64_t *qstep;             /* [nq * nsteps] YES runs of q by the step that resolved it */
    brink_topk *chains;          /* [nq] */
    brink_qsketch *sk;           /* [ncells], step-major */
    int broken;                  /* an allocation failed mid-merge */
    uint64_t shard_k, shard_n;   /* takes the runs k, k + n, ... (0 of 1: all of them) */
    int absorbing;               /* brink_aggregate_absorb was used: no merge any more */
};

/* Runs below st.runs that shard k of n takes. */
static uint64_t shard_runs(const brink_aggregate *a)
{
    return a->st.runs > a->shard_k ? (a->st.runs - a->shard_k - 1) / a->shard_n + 1 : 0;
}

void brink_aggregate_free(brink_aggregate *a)
{
    if (!a)
        return;
    for (size_t q = 0; a->chains && q < a->nq; q++)
        brink_topk_free(&a->chains[q]);
    for (size_t j = 0; a->sk && j < a->ncells; j++)
        brink_qsketch_free(&a->sk[j]);
    brink_free(a->chains);
    brink_free(a->sk);
    brink_free(a->qn);
    brink_free(a->qyes);
    brink_free(a->qstep);
    brink_free(a->failures);
    brink_free(a);
}

int brink_aggregate_new(const brink_ens_settings *st, size_t nq, size_t nseries, long nsteps,
                        brink_aggregate **out, brink_error *err)
{
    *out = NULL;
    if (!st || nsteps < 0)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0, "NULL settings or negative steps");
    if (st->runs == 0 || st->runs > BRINK_ENS_MAX_RUNS)
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0, "%llu runs; expected 1 to %llu",
                               (unsigned long long)st->runs,
                               (unsigned long long)BRINK_ENS_MAX_RUNS);
    if (st->block == 0)
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0, "a block of 0 runs; expected >= 1");
    if (!(st->precision >= 0) || !isfinite(st->precision))
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "precision %g; expected a finite number >= 0", st->precision);
    size_t cells = (size_t)nsteps * nseries;
    if (nseries && cells / nseries != (size_t)nsteps)
        return brink_error_set(err, BRINK_ERANGE, NULL, 0, 0, "too many series values");
    brink_aggregate *a = brink_calloc(1, sizeof *a);
    if (!a)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    a->st = *st;
    a->shard_k = 0;
    a->shard_n = 1;
    a->nq = nq;
    a->nseries = nseries;
    a->nsteps = nsteps;
    a->ncells = cells;
    a->failures = brink_calloc(BRINK_ENS_FAILED_KEPT, sizeof *a->failures);
    a->qn = brink_calloc(nq ? nq : 1, sizeof *a->qn);
    a->qyes = brink_calloc(nq ? nq : 1, sizeof *a->qyes);
    a->chains = brink_calloc(nq ? nq : 1, sizeof *a->chains);
    a->sk = brink_calloc(cells ? cells : 1, sizeof *a->sk);
    size_t qcells = nq * (size_t)nsteps;
    if (nq && qcells / nq != (size_t)nsteps)
        qcells = SIZE_MAX / sizeof *a->qstep; /* brink_calloc refuses it */
    a->qstep = brink_calloc(qcells ? qcells : 1, sizeof *a->qstep);
    int ok = a->failures && a->qn && a->qyes && a->chains && a->sk && a->qstep;
    for (size_t q = 0; ok && q < nq; q++)
        ok = brink_topk_init(&a->chains[q], BRINK_TOPK_K) == BRINK_OK;
    if (!ok) {
        brink_aggregate_free(a);
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t j = 0; j < cells; j++)
        brink_qsketch_init(&a->sk[j]);
    *out = a;
    return BRINK_OK;
}

const brink_ens_settings *brink_aggregate_settings(const brink_aggregate *a)
{
    return &a->st;
}

/* Cells of a tile of the batch merge: the tile's sketches (14 KB), the count lines they touch
 * and the tile's values of a batch of runs (12 bytes a cell a run, 48 KB for 32 runs) stay in
 * the L2 cache while every run of the batch is added, so that a count line is fetched from
 * memory about once per batch, not once per run. Measured with perf on the built-in scenario
 * (7560 cells, 2000 runs, 2 threads), the merge's share of all CPU: 6.0 % run by run; batches of
 * 16 runs in tiles of 256 cells 3.1 %, 32 in 128 2.6 %, 64 in 128 2.1 % (16-byte buckets); with
 * the counts apart from the values (brink_qstore) 2.7 %, 2.2 % and 1.7 %. */
enum { MERGE_TILE = 128 };

int brink_aggregate_merge_batch(brink_aggregate *a, const brink_run_summary *const *s, size_t n,
                                brink_error *err)
{
    if (a->broken)
        return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                               "the aggregate is unusable after a failed allocation");
    if (a->absorbing)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "an aggregate assembled from shards takes no more runs");
    for (size_t i = 0; i < n; i++) {
        uint64_t want = a->shard_k + a->shard_n * (a->n + i);
        if (s[i]->run != want || a->n + i >= shard_runs(a))
            return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                                   "run %llu merged out of order; expected run %llu",
                                   (unsigned long long)s[i]->run, (unsigned long long)want);
        if (s[i]->nq != a->nq || s[i]->nseries != a->nseries || s[i]->nsteps != a->nsteps)
            return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                                   "a run summary of another shape than the aggregate");
    }
    /* the per-run part in run order (failures listed, counts, chains: Space-Saving depends on
     * the order of its keys); the successful runs' sketch values afterwards, tile by tile */
    const brink_run_summary *ok[64];
    size_t done = 0;
    while (done < n) {
        size_t nok = 0, i = done;
        for (; i < n && nok < sizeof ok / sizeof *ok; i++) {
            const brink_run_summary *r = s[i];
            if (r->failed) {
                if (a->nfailed < BRINK_ENS_FAILED_KEPT) {
                    brink_ens_failure *f = &a->failures[a->nfailed];
                    f->run = r->run;
                    f->seed = r->seed;
                    snprintf(f->message, sizeof f->message, "%s", r->error);
                }
                a->nfailed++;
                continue;
            }
            for (size_t q = 0; q < a->nq; q++) {
                if (r->outcome[q] == BRINK_Q_UNMODELLED)
                    continue;
                a->qn[q]++;
                if (r->outcome[q] != BRINK_Q_YES)
                    continue;
                a->qyes[q]++;
                long rs = r->resolved_step[q];
                if (rs >= 0 && rs < a->nsteps)
                    a->qstep[q * (size_t)a->nsteps + (size_t)rs]++;
                const char *key = &r->chain[q * BRINK_CHAIN_KEY_MAX];
                if (key[0] && brink_topk_add(&a->chains[q], key))
                    goto nomem;
            }
            ok[nok++] = r;
        }
        /* Each sketch gets its values in run order, as n merges would give them (the sketch's
         * counts do not depend on the order anyway; its allocations' slack would). The buckets
         * of all the sketches span megabytes, so one run's adds nearly all miss the cache;
         * a tile at a time, the first run of the batch fetches the tile's bucket lines and the
         * others find them in the cache. */
        for (size_t j0 = 0; nok && j0 < a->ncells; j0 += MERGE_TILE) {
            size_t j1 = a->ncells - j0 > MERGE_TILE ? j0 + MERGE_TILE : a->ncells;
            for (size_t k = 0; k < nok; k++) {
                const int32_t *code = ok[k]->code;
                const double *value = ok[k]->value;
                for (size_t j = j0; j < j1; j++)
                    if (qsketch_add(&a->sk[j], code[j], value[j]))
                        goto nomem;
            }
        }
        a->n += i - done;
        done = i;
    }
    return BRINK_OK;
nomem:
    a->broken = 1;
    return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
}

int brink_aggregate_merge(brink_aggregate *a, const brink_run_summary *s, brink_error *err)
{
    return brink_aggregate_merge_batch(a, &s, 1, err);
}

uint64_t brink_aggregate_runs(const brink_aggregate *a)
{
    return a->n;
}

uint64_t brink_aggregate_failed(const brink_aggregate *a)
{
    return a->nfailed;
}

const brink_ens_failure *brink_aggregate_failure(const brink_aggregate *a, size_t i)
{
    uint64_t kept = a->nfailed < BRINK_ENS_FAILED_KEPT ? a->nfailed : BRINK_ENS_FAILED_KEPT;
    return i < kept ? &a->failures[i] : NULL;
}

void brink_aggregate_question(const brink_aggregate *a, size_t q, brink_question_stat *out)
{
    memset(out, 0, sizeof *out);
    if (q >= a->nq) {
        brink_binom_stats(0, 0, &out->b);
        return;
    }
    out->modelled = a->qn[q] > 0;
    brink_binom_stats(a->qyes[q], a->qn[q], &out->b);
    out->chains = a->chains[q].total;
}

const brink_qsketch *brink_aggregate_sketch(const brink_aggregate *a, size_t j, long t)
{
    if (j >= a->nseries || t < 0 || t >= a->nsteps)
        return NULL;
    return &a->sk[(size_t)t * a->nseries + j];
}

double brink_aggregate_band(const brink_aggregate *a, size_t j, long t, size_t qi)
{
    const brink_qsketch *s = brink_aggregate_sketch(a, j, t);
    return s && qi < BRINK_ENS_NQUANTILES ? brink_qsketch_quantile(s, brink_ens_quantile(qi)) : NAN;
}

uint64_t brink_aggregate_resolved(const brink_aggregate *a, size_t q, long t)
{
    return q < a->nq && t >= 0 && t < a->nsteps ? a->qstep[q * (size_t)a->nsteps + (size_t)t] : 0;
}

size_t brink_aggregate_chains(const brink_aggregate *a, size_t q, const brink_topk_entry **out,
                              size_t max)
{
    return q < a->nq ? brink_topk_sorted(&a->chains[q], out, max) : 0;
}

int brink_aggregate_settled(const brink_aggregate *a)
{
    if (!(a->st.precision > 0))
        return 0;
    for (size_t q = 0; q < a->nq; q++)
        if (a->qn[q] > 0 && !(brink_binom_stop_se(a->qyes[q], a->qn[q]) < a->st.precision))
            return 0;
    return 1;
}

int brink_aggregate_set_shard(brink_aggregate *a, uint64_t k, uint64_t n, brink_error *err)
{
    if (a->n != 0 || a->broken || a->absorbing)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "only a new aggregate can be made a shard");
    if (a->st.precision > 0)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "a shard cannot stop by precision: where the ensemble stops "
                               "depends on the runs of every shard");
    if (n == 0 || k >= n)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "shard %llu of %llu; expected K/N with 0 <= K < N",
                               (unsigned long long)k, (unsigned long long)n);
    a->shard_k = k;
    a->shard_n = n;
    return BRINK_OK;
}

uint64_t brink_aggregate_shard(const brink_aggregate *a, uint64_t *k, uint64_t *n)
{
    if (k)
        *k = a->shard_k;
    if (n)
        *n = a->shard_n;
    return shard_runs(a);
}

uint64_t brink_aggregate_next_run(const brink_aggregate *a)
{
    return a->shard_k + a->shard_n * a->n;
}

/* Adds the counts of store b into a. 0, or -2 out of memory. */
static int store_absorb(brink_qstore *a, const brink_qstore *b)
{
    size_t first = 0, last = b->len;
    while (first < b->len && b->count[first] == 0)
        first++;
    while (last > first && b->count[last - 1] == 0)
        last--;
    if (first == last)
        return 0;
    int32_t lo = b->lo + (int32_t)first, hi = b->lo + (int32_t)last - 1;
    if (store_cover(a, lo, hi))
        return -2;
    for (size_t i = first; i < last; i++) {
        if (b->count[i] == 0)
            continue;
        size_t k = (size_t)(b->lo + (int32_t)i - a->lo);
        /* the bucket keeps one value while every value in it was that one value */
        int mixed = store_mixed(b, i);
        if (a->count[k] == 0)
            a->same[k] = b->same[i];
        else if (!store_mixed(a, k) && !same_bits(a->same[k], b->same[i]))
            mixed = 1;
        if (mixed)
            a->mixed[k >> 6] |= (uint64_t)1 << (k & 63);
        a->count[k] += b->count[i];
    }
    return 0;
}

/* Adds sketch b into a, as if a had been given b's values too. 0, or -2 out of memory. */
static int qsketch_absorb(brink_qsketch *a, const brink_qsketch *b)
{
    if (store_absorb(&a->pos, &b->pos) || store_absorb(&a->neg, &b->neg))
        return -2;
    if (b->zero) {
        a->zero_same = same_after(a->zero, a->zero_same, b->zero_same);
        a->zero += b->zero;
    }
    a->nonfinite += b->nonfinite;
    if (b->n) {
        if (b->min < a->min || (b->min == a->min && signbit(b->min) && !signbit(a->min)))
            a->min = b->min;
        if (b->max > a->max || (b->max == a->max && !signbit(b->max) && signbit(a->max)))
            a->max = b->max;
    }
    a->n += b->n;
    return 0;
}

int brink_aggregate_absorb(brink_aggregate *a, const brink_aggregate *b, brink_error *err)
{
    if (a->broken || b->broken || a->shard_n != 1 || (a->n && !a->absorbing))
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "shards can only be absorbed into a new aggregate without a shard");
    if (memcmp(&a->st, &b->st, sizeof a->st) != 0 || a->nq != b->nq || a->nseries != b->nseries ||
        a->nsteps != b->nsteps)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "an aggregate of other settings or another shape");
    if (b->n > a->st.runs - a->n)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "more runs than the settings allow (%llu)",
                               (unsigned long long)a->st.runs);
    a->absorbing = 1;
    /* the failures listed: the first of both lists by run index (each list is sorted, and a
     * shard's first failures include every one of its failures among the first overall) */
    brink_ens_failure *merged = brink_calloc(BRINK_ENS_FAILED_KEPT, sizeof *merged);
    if (!merged) {
        a->broken = 1;
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    }
    size_t na = a->nfailed < BRINK_ENS_FAILED_KEPT ? (size_t)a->nfailed : BRINK_ENS_FAILED_KEPT;
    size_t nb = b->nfailed < BRINK_ENS_FAILED_KEPT ? (size_t)b->nfailed : BRINK_ENS_FAILED_KEPT;
    size_t ia = 0, ib = 0, nm = 0;
    while (nm < BRINK_ENS_FAILED_KEPT && (ia < na || ib < nb)) {
        if (ib >= nb || (ia < na && a->failures[ia].run < b->failures[ib].run))
            merged[nm++] = a->failures[ia++];
        else
            merged[nm++] = b->failures[ib++];
    }
    brink_free(a->failures);
    a->failures = merged;
    a->n += b->n;
    a->nfailed += b->nfailed;
    for (size_t q = 0; q < a->nq; q++) {
        a->qn[q] += b->qn[q];
        a->qyes[q] += b->qyes[q];
    }
    for (size_t i = 0; i < a->nq * (size_t)a->nsteps; i++)
        a->qstep[i] += b->qstep[i];
    for (size_t j = 0; j < a->ncells; j++) {
        if (qsketch_absorb(&a->sk[j], &b->sk[j])) {
            a->broken = 1;
            return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        }
    }
    return BRINK_OK;
}

int brink_aggregate_add_chain(brink_aggregate *a, size_t q, const char *key, brink_error *err)
{
    if (a->broken || q >= a->nq || !key || !key[0] || strlen(key) >= BRINK_CHAIN_KEY_MAX)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "a chain for question %zu of %zu, or an empty or long key", q,
                               a->nq);
    if (brink_topk_add(&a->chains[q], key)) {
        a->broken = 1;
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    }
    return BRINK_OK;
}

int brink_aggregate_complete(const brink_aggregate *a)
{
    if (a->n >= shard_runs(a))
        return 1;
    return a->st.precision > 0 && a->n > 0 && a->n % a->st.block == 0 && brink_aggregate_settled(a);
}

/* ---- checkpoint: save ---- */

static const unsigned char agg_magic[8] = {'B', 'R', 'K', 'A', 'G', 'G', 0, 2};
#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

typedef struct wbuf {
    int (*write)(void *ctx, const void *p, size_t n);
    void *ctx;
    uint64_t h;
    int failed;
    size_t len;
    unsigned char buf[16384];
} wbuf;

static void w_flush(wbuf *w)
{
    if (!w->failed && w->len && w->write(w->ctx, w->buf, w->len) != 0)
        w->failed = 1;
    w->len = 0;
}

static void w_bytes(wbuf *w, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        w->h = (w->h ^ b[i]) * FNV_PRIME;
        if (w->len == sizeof w->buf)
            w_flush(w);
        w->buf[w->len++] = b[i];
    }
}

static void w_u64(wbuf *w, uint64_t x)
{
    unsigned char b[8];
    brink_le_u64(b, x);
    w_bytes(w, b, 8);
}

static void w_u32(wbuf *w, uint32_t x)
{
    unsigned char b[4];
    brink_le_u32(b, x);
    w_bytes(w, b, 4);
}

static void w_f64(wbuf *w, double x)
{
    w_u64(w, brink_f64_bits(x));
}

static void w_str(wbuf *w, const char *s)
{
    size_t n = strlen(s);
    w_u32(w, (uint32_t)n);
    w_bytes(w, s, n);
}

static void w_store(wbuf *w, const brink_qstore *st)
{
    /* only the occupied range: the slack around it is an accident of growth */
    size_t first = 0, last = st->len;
    while (first < st->len && st->count[first] == 0)
        first++;
    while (last > first && st->count[last - 1] == 0)
        last--;
    w_u32(w, first < last ? (uint32_t)(st->lo + (int32_t)first) : 0);
    w_u32(w, (uint32_t)(last - first));
    for (size_t i = first; i < last; i++) {
        w_u32(w, st->count[i]);
        /* a bucket of different values saves NaN as its value */
        w_f64(w, !st->count[i] ? 0.0 : store_mixed(st, i) ? NAN : st->same[i]);
    }
}

int brink_aggregate_save(const brink_aggregate *a, int (*write)(void *ctx, const void *p, size_t n),
                         void *ctx, brink_error *err)
{
    if (a->broken)
        return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                               "the aggregate is unusable after a failed allocation");
    wbuf *w = brink_malloc(sizeof *w);
    if (!w)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    w->write = write;
    w->ctx = ctx;
    w->h = FNV_OFFSET;
    w->failed = 0;
    w->len = 0;
    w_bytes(w, agg_magic, sizeof agg_magic);
    w_u64(w, a->st.seed);
    w_u64(w, a->st.runs);
    w_f64(w, a->st.precision);
    w_u64(w, a->st.block);
    w_u64(w, a->nq);
    w_u64(w, a->nseries);
    w_u64(w, (uint64_t)a->nsteps);
    w_f64(w, BRINK_QS_ALPHA);
    w_u64(w, BRINK_TOPK_K);
    w_u64(w, a->n);
    w_u64(w, a->nfailed);
    uint64_t kept = a->nfailed < BRINK_ENS_FAILED_KEPT ? a->nfailed : BRINK_ENS_FAILED_KEPT;
    for (uint64_t i = 0; i < kept; i++) {
        w_u64(w, a->failures[i].run);
        w_u64(w, a->failures[i].seed);
        w_str(w, a->failures[i].message);
    }
    for (size_t q = 0; q < a->nq; q++) {
        const brink_topk *t = &a->chains[q];
        w_u64(w, a->qn[q]);
        w_u64(w, a->qyes[q]);
        w_u64(w, t->total);
        w_u32(w, (uint32_t)t->len);
        for (size_t i = 0; i < t->len; i++) {
            w_u64(w, t->e[i].count);
            w_u64(w, t->e[i].overcount);
            w_str(w, t->e[i].key);
        }
        for (long s = 0; s < a->nsteps; s++)
            w_u64(w, a->qstep[q * (size_t)a->nsteps + (size_t)s]);
    }
    for (size_t j = 0; j < a->ncells; j++) {
        const brink_qsketch *s = &a->sk[j];
        w_u64(w, s->n);
        w_u64(w, s->nonfinite);
        w_u64(w, s->zero);
        w_f64(w, s->zero_same);
        w_f64(w, s->min);
        w_f64(w, s->max);
        w_store(w, &s->pos);
        w_store(w, &s->neg);
    }
    w_u64(w, w->h); /* the checksum covers everything before it */
    w_flush(w);
    int failed = w->failed;
    brink_free(w);
    return failed ? brink_error_set(err, BRINK_EIO, NULL, 0, 0, "cannot write the checkpoint")
                  : BRINK_OK;
}

/* ---- checkpoint: load ---- */

/* Reads a string of fewer than cap bytes into buf (NUL-terminated). */
static int r_str(brink_rd *r, char *buf, size_t cap)
{
    uint32_t n = brink_rd_u32(r);
    if (r->bad || n >= cap) {
        r->bad = 1;
        return -1;
    }
    const unsigned char *b = brink_rd_bytes(r, n);
    if (!b)
        return -1;
    memcpy(buf, b, n);
    buf[n] = '\0';
    if (strlen(buf) != n) { /* an embedded NUL */
        r->bad = 1;
        return -1;
    }
    return 0;
}

/* Reads a store; returns its total count through *total. 0, -1 corrupt, -2 out of memory. */
static int r_store(brink_rd *r, brink_qstore *st, uint64_t *total)
{
    uint32_t lo = brink_rd_u32(r), len = brink_rd_u32(r);
    *total = 0;
    if (r->bad)
        return -1;
    if (len == 0)
        return lo == 0 ? 0 : -1;
    if (lo < 1 || lo > BRINK_QS_CODE_MAX || len > (uint32_t)BRINK_QS_CODE_MAX - lo + 1)
        return -1;
    if (store_cover(st, (int32_t)lo, (int32_t)(lo + len - 1)))
        return -2;
    for (uint32_t i = 0; i < len; i++) {
        st->count[i] = brink_rd_u32(r);
        st->same[i] = brink_rd_f64(r);
        if (st->count[i] && isnan(st->same[i]))
            st->mixed[i >> 6] |= (uint64_t)1 << (i & 63);
        *total += st->count[i];
    }
    if (r->bad || st->count[0] == 0 || st->count[len - 1] == 0)
        return -1;
    return 0;
}

#define CORRUPT(what)                                                                              \
    do {                                                                                           \
        rc = brink_error_set(err, BRINK_EINVAL, NULL, 0, 0, "the checkpoint is corrupt (%s)",      \
                             what);                                                                \
        goto done;                                                                                 \
    } while (0)

int brink_aggregate_load(brink_aggregate *a, const void *buf, size_t len, brink_error *err)
{
    int rc = BRINK_OK;
    if (a->n != 0 || a->broken)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "a checkpoint can only be loaded into a new aggregate");
    brink_rd r = {buf, len, 0, 0};
    if (len < sizeof agg_magic + 8 || memcmp(buf, agg_magic, sizeof agg_magic) != 0)
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "not a brink checkpoint (or one of another version)");
    uint64_t h = FNV_OFFSET;
    for (size_t i = 0; i < len - 8; i++)
        h = (h ^ r.p[i]) * FNV_PRIME;
    brink_rd tail = {r.p + len - 8, 8, 0, 0};
    if (brink_rd_u64(&tail) != h)
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "the checkpoint is corrupt (its checksum does not match)");
    r.len = len - 8;
    brink_rd_bytes(&r, sizeof agg_magic);
    brink_ens_settings st;
    st.seed = brink_rd_u64(&r);
    st.runs = brink_rd_u64(&r);
    st.precision = brink_rd_f64(&r);
    st.block = brink_rd_u64(&r);
    uint64_t nq = brink_rd_u64(&r), nseries = brink_rd_u64(&r), nsteps = brink_rd_u64(&r);
    double alpha = brink_rd_f64(&r);
    uint64_t k = brink_rd_u64(&r);
    if (r.bad)
        CORRUPT("truncated header");
    if (st.seed != a->st.seed || st.runs != a->st.runs || st.block != a->st.block ||
        memcmp(&st.precision, &a->st.precision, sizeof st.precision) != 0) {
        rc = brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                             "the checkpoint was made with other settings (seed %llu, %s %llu, "
                             "precision %g, block %llu)",
                             (unsigned long long)st.seed, st.precision > 0 ? "max runs" : "runs",
                             (unsigned long long)st.runs, st.precision,
                             (unsigned long long)st.block);
        goto done;
    }
    if (nq != a->nq || nseries != a->nseries || nsteps != (uint64_t)a->nsteps ||
        alpha != BRINK_QS_ALPHA || k != BRINK_TOPK_K) {
        rc = brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                             "the checkpoint was made for another scenario or build (%llu "
                             "questions, %llu series, %llu steps)",
                             (unsigned long long)nq, (unsigned long long)nseries,
                             (unsigned long long)nsteps);
        goto done;
    }
    uint64_t n = brink_rd_u64(&r), nfailed = brink_rd_u64(&r);
    if (r.bad || n > shard_runs(a) || nfailed > n)
        CORRUPT("run counts");
    uint64_t nok = n - nfailed;
    uint64_t kept = nfailed < BRINK_ENS_FAILED_KEPT ? nfailed : BRINK_ENS_FAILED_KEPT;
    for (uint64_t i = 0; i < kept; i++) {
        brink_ens_failure *f = &a->failures[i];
        f->run = brink_rd_u64(&r);
        f->seed = brink_rd_u64(&r);
        /* a shard's failures are runs k + n j, j below its count of runs */
        if (r_str(&r, f->message, sizeof f->message) || f->run % a->shard_n != a->shard_k ||
            f->run / a->shard_n >= n || (i > 0 && f->run <= a->failures[i - 1].run))
            CORRUPT("failed runs");
    }
    for (size_t q = 0; q < a->nq; q++) {
        brink_topk *t = &a->chains[q];
        a->qn[q] = brink_rd_u64(&r);
        a->qyes[q] = brink_rd_u64(&r);
        uint64_t total = brink_rd_u64(&r);
        uint32_t tl = brink_rd_u32(&r);
        if (r.bad || a->qn[q] > nok || a->qyes[q] > a->qn[q] || total > a->qyes[q] || tl > t->k)
            CORRUPT("question counts");
        uint64_t sum = 0;
        for (uint32_t i = 0; i < tl; i++) {
            uint64_t count = brink_rd_u64(&r), over = brink_rd_u64(&r);
            char *key = brink_malloc(BRINK_CHAIN_KEY_MAX);
            if (!key) {
                rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
                goto done;
            }
            t->e[t->len++] = (brink_topk_entry){key, count, over};
            if (r_str(&r, key, BRINK_CHAIN_KEY_MAX) || !key[0] || count == 0 || over >= count ||
                count > total)
                CORRUPT("chain counts");
            for (uint32_t m = 0; m < i; m++)
                if (!strcmp(t->e[m].key, key))
                    CORRUPT("a chain listed twice");
            sum += count - over;
        }
        if (sum > total)
            CORRUPT("chain counts");
        t->total = total;
        uint64_t by_step = 0;
        for (long s = 0; s < a->nsteps; s++) {
            uint64_t c = a->qstep[q * (size_t)a->nsteps + (size_t)s] = brink_rd_u64(&r);
            by_step += c;
        }
        if (r.bad || by_step > a->qyes[q])
            CORRUPT("question counts by step");
    }
    for (size_t j = 0; j < a->ncells; j++) {
        brink_qsketch *s = &a->sk[j];
        s->n = brink_rd_u64(&r);
        s->nonfinite = brink_rd_u64(&r);
        s->zero = brink_rd_u64(&r);
        s->zero_same = brink_rd_f64(&r);
        s->min = brink_rd_f64(&r);
        s->max = brink_rd_f64(&r);
        if (r.bad || s->n > nok || s->nonfinite != nok - s->n || s->zero > s->n ||
            (s->n > 0 && !(s->min <= s->max)))
            CORRUPT("a quantile sketch");
        uint64_t tp, tn;
        int sr = r_store(&r, &s->pos, &tp);
        if (!sr)
            sr = r_store(&r, &s->neg, &tn);
        if (sr == -2) {
            rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
            goto done;
        }
        if (sr || tp + tn + s->zero != s->n)
            CORRUPT("a quantile sketch");
    }
    if (r.off != r.len)
        CORRUPT("trailing bytes");
    a->n = n;
    a->nfailed = nfailed;
done:
    return rc;
}

#undef CORRUPT

/* ============================================================================================== */
/* running the ensemble                                                                           */
/* ============================================================================================== */

/* CLAIM: positions a worker takes at a time. BATCH: the most positions merged at once
 * (brink_aggregate_merge_batch), which also cuts the hand-offs: the merging thread sleeps until a
 * whole batch is filled, and the workers wake it once per batch, not once per run. */
enum { CLAIM = 4, BATCH = 32 };

typedef struct slot {
    brink_run_summary s;
    int ready; /* under mu: s holds a run not yet merged */
} slot;

/* The ensemble's shared state. Positions are the aggregate's own indices 0, 1, ...: position i
 * is run shard_k + shard_n * i (run i without a shard). It is also the feed of a remote source
 * (brink_ensemble_feed), which claims positions from the same counter and fills slots as the
 * workers do. */
typedef struct ens {
    const brink_scenario *sc;
    const brink_ensemble_prep *prep; /* may be NULL */
    uint64_t seed;
    uint64_t shard_k, shard_n;
    slot *ring;
    size_t nring;
    atomic_uint_fast64_t next;  /* next position to claim */
    atomic_uint_fast64_t limit; /* positions from here on are not run */
    pthread_mutex_t mu;
    pthread_cond_t filled, freed;
    uint64_t merged; /* under mu: positions merged so far (the next one to merge) */
    uint64_t want;   /* under mu: the position the merger sleeps for (UINT64_MAX: none) */
    int stop;        /* under mu */
    int fatal;       /* under mu: a runner or the remote broke (BRINK_E*) */
    brink_error fatal_err;
} ens;

struct brink_ensemble_feed {
    ens e;
};

typedef struct worker {
    ens *e;
    brink_runner *runner;
    pthread_t tid;
    int started;
} worker;

/* Records the first fatal error and stops everyone. Called with e->mu held. */
static void set_fatal(ens *e, int rc, const brink_error *err)
{
    if (!e->fatal) {
        e->fatal = rc;
        if (err)
            e->fatal_err = *err;
        else
            brink_error_set(&e->fatal_err, rc, NULL, 0, 0, "the ensemble broke");
    }
    e->stop = 1;
    pthread_cond_broadcast(&e->freed);
    pthread_cond_broadcast(&e->filled);
}

static void *worker_main(void *arg)
{
    worker *wk = arg;
    ens *e = wk->e;
    for (;;) {
        uint64_t b = atomic_fetch_add(&e->next, CLAIM);
        for (uint64_t i = b; i < b + CLAIM; i++) {
            if (i >= atomic_load(&e->limit))
                return NULL;
            slot *sl = &e->ring[i % e->nring];
            pthread_mutex_lock(&e->mu);
            while (!e->stop && i >= e->merged + e->nring)
                pthread_cond_wait(&e->freed, &e->mu);
            int stop = e->stop;
            pthread_mutex_unlock(&e->mu);
            if (stop)
                return NULL;
            const brink_run_record *rec = NULL;
            brink_error err;
            brink_error_clear(&err);
            int rc = brink_runner_run(wk->runner, e->seed, e->shard_k + e->shard_n * i, &rec, &err);
            if (rc == BRINK_OK) {
                brink_run_summary_fill(&sl->s, rec, e->sc);
                if (e->prep && e->prep->prepare)
                    e->prep->prepare(e->prep->ctx, &sl->s);
            }
            pthread_mutex_lock(&e->mu);
            if (rc != BRINK_OK)
                set_fatal(e, rc, &err);
            else
                sl->ready = 1;
            if (e->want == i) /* the merger sleeps for no other position */
                pthread_cond_signal(&e->filled);
            pthread_mutex_unlock(&e->mu);
            if (rc != BRINK_OK)
                return NULL;
        }
    }
}

/* ---- the feed of a remote source ---- */

uint64_t brink_ensemble_feed_claim(brink_ensemble_feed *f, uint64_t want, uint64_t *first)
{
    ens *e = &f->e;
    *first = 0;
    if (want == 0 || brink_ensemble_feed_stopping(f))
        return 0;
    uint64_t b = atomic_fetch_add(&e->next, want), limit = atomic_load(&e->limit);
    if (b >= limit)
        return 0;
    *first = b;
    return limit - b < want ? limit - b : want;
}

uint64_t brink_ensemble_feed_seed(const brink_ensemble_feed *f)
{
    return f->e.seed;
}

uint64_t brink_ensemble_feed_run(const brink_ensemble_feed *f, uint64_t pos)
{
    return f->e.shard_k + f->e.shard_n * pos;
}

brink_run_summary *brink_ensemble_feed_slot(brink_ensemble_feed *f, uint64_t pos)
{
    ens *e = &f->e;
    pthread_mutex_lock(&e->mu);
    int ok = !e->stop && pos < e->merged + e->nring;
    pthread_mutex_unlock(&e->mu);
    return ok ? &e->ring[pos % e->nring].s : NULL;
}

void brink_ensemble_feed_filled(brink_ensemble_feed *f, uint64_t pos)
{
    ens *e = &f->e;
    if (e->prep && e->prep->prepare)
        e->prep->prepare(e->prep->ctx, &e->ring[pos % e->nring].s);
    pthread_mutex_lock(&e->mu);
    e->ring[pos % e->nring].ready = 1;
    if (e->want == pos)
        pthread_cond_signal(&e->filled);
    pthread_mutex_unlock(&e->mu);
}

int brink_ensemble_feed_stopping(brink_ensemble_feed *f)
{
    ens *e = &f->e;
    pthread_mutex_lock(&e->mu);
    int stop = e->stop;
    pthread_mutex_unlock(&e->mu);
    return stop;
}

typedef struct remote_thread {
    brink_ensemble_feed *feed;
    const brink_ensemble_remote *remote;
    pthread_t tid;
    int started;
} remote_thread;

static void *remote_main(void *arg)
{
    remote_thread *rt = arg;
    brink_error err;
    brink_error_clear(&err);
    int rc = rt->remote->serve(rt->remote->ctx, rt->feed, &err);
    if (rc != BRINK_OK) {
        ens *e = &rt->feed->e;
        pthread_mutex_lock(&e->mu);
        set_fatal(e, rc, &err);
        pthread_mutex_unlock(&e->mu);
    }
    return NULL;
}

int brink_ensemble_series(const brink_scenario *sc, brink_series **series, size_t *nseries,
                          long *nsteps, brink_error *err)
{
    *series = NULL;
    *nseries = 0;
    *nsteps = 0;
    brink_world *w = NULL;
    int rc = brink_world_new(sc, 1, &w, err);
    if (rc)
        return rc;
    if (w->nseries) {
        *series = brink_mallocarray(w->nseries, sizeof **series);
        if (!*series) {
            brink_world_free(w);
            return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        }
        memcpy(*series, w->series, w->nseries * sizeof **series);
    }
    *nseries = w->nseries;
    *nsteps = sc->nsteps;
    brink_world_free(w);
    return BRINK_OK;
}

int brink_ensemble_run(const brink_scenario *sc, const brink_ensemble_options *opt,
                       brink_aggregate *a, const brink_ensemble_sink *sink, int *stopped,
                       brink_error *err)
{
    return brink_ensemble_run_remote(sc, opt, NULL, a, sink, stopped, err);
}

int brink_ensemble_run_remote(const brink_scenario *sc, const brink_ensemble_options *opt,
                              const brink_ensemble_remote *remote, brink_aggregate *a,
                              const brink_ensemble_sink *sink, int *stopped, brink_error *err)
{
    return brink_ensemble_run_prep(sc, opt, remote, NULL, a, sink, stopped, err);
}

int brink_ensemble_run_prep(const brink_scenario *sc, const brink_ensemble_options *opt,
                            const brink_ensemble_remote *remote, const brink_ensemble_prep *prep,
                            brink_aggregate *a, const brink_ensemble_sink *sink, int *stopped,
                            brink_error *err)
{
    static const brink_ensemble_sink no_sink = {0};
    if (!sink)
        sink = &no_sink;
    *stopped = 0;
    if (!sc || !opt || !a || opt->threads == 0 || (remote && !remote->serve))
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "NULL scenario or aggregate, 0 threads, or a remote without serve");
    if (a->broken || a->absorbing)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0, "the aggregate is unusable");
    brink_series *series = NULL;
    size_t nseries = 0;
    long nsteps = 0;
    int rc = brink_ensemble_series(sc, &series, &nseries, &nsteps, err);
    brink_free(series);
    if (rc)
        return rc;
    if (nseries != a->nseries || nsteps != a->nsteps || sc->nquestions != a->nq)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0,
                               "the aggregate does not match the scenario's shape");
    if (brink_aggregate_complete(a))
        return BRINK_OK;

    uint64_t target = shard_runs(a), start = a->n;
    uint64_t limit = target;
    if (opt->stop_after && opt->stop_after < limit)
        limit = opt->stop_after;
    size_t nthreads = opt->threads;
    if (limit > start && nthreads > limit - start)
        nthreads = (size_t)(limit - start);

    brink_ensemble_feed *feed = brink_calloc(1, sizeof *feed);
    if (!feed)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    ens *e = &feed->e; /* the shared state lives in the feed, for the remote's sake */
    e->sc = sc;
    e->prep = prep;
    e->seed = a->st.seed;
    e->shard_k = a->shard_k;
    e->shard_n = a->shard_n;
    /* a batch being filled and, beyond it, room for every worker to run ahead */
    e->nring = BATCH + 2 * CLAIM * nthreads + (remote ? 2 * remote->inflight : 0);
    e->merged = start;
    e->want = UINT64_MAX;
    atomic_init(&e->next, start);
    atomic_init(&e->limit, limit);
    worker *wk = brink_calloc(nthreads, sizeof *wk);
    e->ring = brink_calloc(e->nring, sizeof *e->ring);
    remote_thread rt = {feed, remote, 0, 0};
    if (!wk || !e->ring) {
        brink_free(wk);
        brink_free(e->ring);
        brink_free(feed);
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    }
    int sync_ok = 0;
    for (size_t i = 0; !rc && i < e->nring; i++)
        rc = brink_run_summary_init(&e->ring[i].s, a->nq, a->nseries, a->nsteps, err);
    for (size_t i = 0; !rc && i < nthreads; i++) {
        wk[i].e = e;
        rc = brink_runner_new(sc, &wk[i].runner, err);
    }
    if (!rc) {
        if (pthread_mutex_init(&e->mu, NULL) == 0) {
            if (pthread_cond_init(&e->filled, NULL) == 0) {
                if (pthread_cond_init(&e->freed, NULL) == 0)
                    sync_ok = 1;
                else
                    pthread_cond_destroy(&e->filled);
            }
            if (!sync_ok)
                pthread_mutex_destroy(&e->mu);
        }
        if (!sync_ok)
            rc = brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                                 "cannot create the ensemble's locks");
    }
    size_t started = 0;
    for (size_t i = 0; !rc && i < nthreads; i++) {
        if (pthread_create(&wk[i].tid, NULL, worker_main, &wk[i]) == 0) {
            wk[i].started = 1;
            started++;
        }
    }
    /* fewer threads than asked still give the same result; none at all is an error */
    if (!rc && started == 0)
        rc = brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0, "cannot start a worker thread");
    /* the remote is not optional once asked for: its other end waits for work */
    if (!rc && remote) {
        if (pthread_create(&rt.tid, NULL, remote_main, &rt) == 0)
            rt.started = 1;
        else
            rc = brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                                 "cannot start the thread of the remote runs");
    }

    uint64_t m = start;
    const brink_run_summary *batch[BATCH];
    while (!rc && !brink_aggregate_complete(a)) {
        if (opt->stop_after && m >= opt->stop_after) {
            *stopped = 1;
            break;
        }
        /* the batch [m, end) ends at the next block end (checkpoints and the precision rule see
         * the aggregate there, as after merging run by run), at the target and at stop_after */
        uint64_t end = m + BATCH, block_end = (m / a->st.block + 1) * a->st.block;
        if (end > block_end)
            end = block_end;
        if (end > target)
            end = target;
        if (opt->stop_after && end > opt->stop_after)
            end = opt->stop_after;
        /* the last position first: claims go out in increasing order, so when it is filled
         * the others mostly are too, and the merger wakes once or twice a batch */
        pthread_mutex_lock(&e->mu);
        for (uint64_t p = end; p-- > m && !e->fatal;) {
            slot *sl = &e->ring[p % e->nring];
            while (!sl->ready && !e->fatal) {
                e->want = p;
                pthread_cond_wait(&e->filled, &e->mu);
            }
        }
        e->want = UINT64_MAX;
        if (e->fatal) {
            rc = e->fatal;
            if (err)
                *err = e->fatal_err;
        }
        pthread_mutex_unlock(&e->mu);
        if (rc)
            break;
        size_t nb = (size_t)(end - m);
        for (size_t k = 0; k < nb; k++)
            batch[k] = &e->ring[(m + k) % e->nring].s;
        rc = brink_aggregate_merge_batch(a, batch, nb, err);
        for (size_t k = 0; !rc && k < nb; k++) {
            if (sink->run)
                rc = sink->run(sink->ctx, batch[k], err);
            if (!rc && sink->progress)
                sink->progress(sink->ctx, m + k + 1, target);
        }
        pthread_mutex_lock(&e->mu);
        for (uint64_t p = m; p < end; p++) {
            e->ring[p % e->nring].ready = 0;
            brink_strbuf_reset(&e->ring[p % e->nring].s.row); /* no stale row for a later run */
        }
        e->merged = m = end;
        pthread_cond_broadcast(&e->freed);
        pthread_mutex_unlock(&e->mu);
        if (rc)
            break;
        if (m % a->st.block == 0 && !brink_aggregate_complete(a) && sink->block)
            rc = sink->block(sink->ctx, a, err);
    }

    if (sync_ok) {
        atomic_store(&e->limit, 0);
        pthread_mutex_lock(&e->mu);
        e->stop = 1;
        pthread_cond_broadcast(&e->freed);
        pthread_mutex_unlock(&e->mu);
    }
    for (size_t i = 0; i < nthreads; i++)
        if (wk[i].started)
            pthread_join(wk[i].tid, NULL);
    if (rt.started)
        pthread_join(rt.tid, NULL);
    /* an error of the remote after the last merge (its other end failing to stop) still counts */
    if (!rc && rt.started && e->fatal) {
        rc = e->fatal;
        if (err)
            *err = e->fatal_err;
    }
    if (sync_ok) {
        pthread_cond_destroy(&e->freed);
        pthread_cond_destroy(&e->filled);
        pthread_mutex_destroy(&e->mu);
    }
    for (size_t i = 0; i < nthreads; i++)
        brink_runner_free(wk[i].runner);
    for (size_t i = 0; i < e->nring; i++)
        brink_run_summary_free(&e->ring[i].s);
    brink_free(wk);
    brink_free(e->ring);
    brink_free(feed);
    return rc;
}
