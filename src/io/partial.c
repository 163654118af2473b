/* SPDX-License-Identifier: MIT */
/*
 * partial.c — partial aggregates of sharded ensembles: writing, reading, merging (see partial.h
 * for the format and docs/distributed.md for the guarantees).
 *
 * Why the merge is exact: every field of the aggregate but the chains is a sum over runs (counts,
 * sketches that hold counts, the first failures by run index), and brink_aggregate_absorb adds
 * them; the chains' Space-Saving counters depend on the order of the keys, so every run's keys
 * travel in the partial and are replayed here in run-index order, exactly as one process would
 * have counted them.
 */
#include "io/partial.h"

#include "core/bytes.h"
#include "io/io.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const unsigned char part_magic[8] = {'B', 'R', 'K', 'P', 'A', 'R', 'T', 1};
#define FNV_PRIME 0x100000001b3ULL

/* ============================================================================================== */
/* collecting chain keys                                                                          */
/* ============================================================================================== */

struct brink_partial_chains {
    size_t nq;
    /* distinct keys, and an open-addressing index of them (power-of-two size, 0 = empty, else
     * key index + 1) */
    char **keys;
    size_t nkeys, capkeys;
    uint32_t *index;
    size_t nindex;
    /* records (pos, q, key) in the order added */
    uint64_t *pos;
    uint32_t *q, *key;
    size_t nrec, caprec;
    uint64_t last_pos;
    int any;
};

int brink_partial_chains_new(size_t nq, brink_partial_chains **out, brink_error *err)
{
    *out = NULL;
    brink_partial_chains *c = brink_calloc(1, sizeof *c);
    if (c) {
        c->nq = nq;
        c->nindex = 256;
        c->index = brink_calloc(c->nindex, sizeof *c->index);
    }
    if (!c || !c->index) {
        brink_partial_chains_free(c);
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    }
    *out = c;
    return BRINK_OK;
}

void brink_partial_chains_free(brink_partial_chains *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nkeys; i++)
        brink_free(c->keys[i]);
    brink_free(c->keys);
    brink_free(c->index);
    brink_free(c->pos);
    brink_free(c->q);
    brink_free(c->key);
    brink_free(c);
}

static uint64_t key_hash(const char *k)
{
    return brink_io_fnv1a64(BRINK_FNV_OFFSET, k, strlen(k));
}

/* Doubles the index and re-inserts every key. 0, or -1 out of memory. */
static int grow_index(brink_partial_chains *c)
{
    size_t n = c->nindex * 2;
    uint32_t *ix = brink_calloc(n, sizeof *ix);
    if (!ix)
        return -1;
    for (size_t i = 0; i < c->nkeys; i++) {
        size_t h = (size_t)key_hash(c->keys[i]) & (n - 1);
        while (ix[h])
            h = (h + 1) & (n - 1);
        ix[h] = (uint32_t)(i + 1);
    }
    brink_free(c->index);
    c->index = ix;
    c->nindex = n;
    return 0;
}

/* The index of key, added when new. 0, or -1 out of memory. */
static int intern(brink_partial_chains *c, const char *key, uint32_t *id)
{
    size_t h = (size_t)key_hash(key) & (c->nindex - 1);
    while (c->index[h]) {
        uint32_t i = c->index[h] - 1;
        if (!strcmp(c->keys[i], key)) {
            *id = i;
            return 0;
        }
        h = (h + 1) & (c->nindex - 1);
    }
    if (c->nkeys >= UINT32_MAX - 1)
        return -1;
    if (c->nkeys == c->capkeys) {
        size_t cap = c->capkeys ? 2 * c->capkeys : 64;
        char **k = brink_reallocarray(c->keys, cap, sizeof *k);
        if (!k)
            return -1;
        c->keys = k;
        c->capkeys = cap;
    }
    char *dup = brink_strdup(key);
    if (!dup)
        return -1;
    c->keys[c->nkeys] = dup;
    c->index[h] = (uint32_t)(c->nkeys + 1);
    *id = (uint32_t)c->nkeys++;
    /* keep the index at most half full */
    if (2 * c->nkeys > c->nindex && grow_index(c))
        return -1;
    return 0;
}

int brink_partial_chains_add(brink_partial_chains *c, uint64_t pos, const brink_run_summary *s,
                             brink_error *err)
{
    if (c->any && pos <= c->last_pos)
        return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                               "chain keys of run position %llu after %llu",
                               (unsigned long long)pos, (unsigned long long)c->last_pos);
    c->any = 1;
    c->last_pos = pos;
    if (s->failed)
        return BRINK_OK;
    for (size_t q = 0; q < s->nq && q < c->nq; q++) {
        const char *key = &s->chain[q * BRINK_CHAIN_KEY_MAX];
        /* as brink_aggregate_merge: a YES run's non-empty key */
        if (s->outcome[q] != BRINK_Q_YES || !key[0])
            continue;
        if (c->nrec == c->caprec) {
            size_t cap = c->caprec ? 2 * c->caprec : 1024;
            uint64_t *p = brink_reallocarray(c->pos, cap, sizeof *p);
            if (p)
                c->pos = p;
            uint32_t *qq = p ? brink_reallocarray(c->q, cap, sizeof *qq) : NULL;
            if (qq)
                c->q = qq;
            uint32_t *kk = qq ? brink_reallocarray(c->key, cap, sizeof *kk) : NULL;
            if (!kk)
                return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
            c->key = kk;
            c->caprec = cap;
        }
        uint32_t id;
        if (intern(c, key, &id))
            return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        c->pos[c->nrec] = pos;
        c->q[c->nrec] = (uint32_t)q;
        c->key[c->nrec] = id;
        c->nrec++;
    }
    return BRINK_OK;
}

/* ============================================================================================== */
/* writing                                                                                        */
/* ============================================================================================== */

typedef struct pw {
    FILE *f;
    uint64_t h;
    int failed;
} pw;

static void pw_bytes(pw *w, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        w->h = (w->h ^ b[i]) * FNV_PRIME;
    if (n && fwrite(p, 1, n, w->f) != n)
        w->failed = 1;
}

static void pw_u64(pw *w, uint64_t x)
{
    unsigned char b[8];
    brink_le_u64(b, x);
    pw_bytes(w, b, 8);
}

static void pw_u32(pw *w, uint32_t x)
{
    unsigned char b[4];
    brink_le_u32(b, x);
    pw_bytes(w, b, 4);
}

static void pw_f64(pw *w, double x)
{
    pw_u64(w, brink_f64_bits(x));
}

static void pw_strn(pw *w, const char *s, size_t n)
{
    pw_u32(w, (uint32_t)n);
    pw_bytes(w, s, n);
}

static void pw_str(pw *w, const char *s)
{
    s = s ? s : "";
    pw_strn(w, s, strlen(s));
}

/* The aggregate's own stream, gathered in memory to be written with its length. */
typedef struct membuf {
    unsigned char *p;
    size_t len, cap;
} membuf;

static int mem_write(void *ctx, const void *p, size_t n)
{
    membuf *m = ctx;
    if (n > SIZE_MAX / 2 - m->len)
        return -1;
    if (m->len + n > m->cap) {
        size_t cap = m->cap ? m->cap : 65536;
        while (cap < m->len + n)
            cap *= 2;
        unsigned char *q = brink_realloc(m->p, cap);
        if (!q)
            return -1;
        m->p = q;
        m->cap = cap;
    }
    memcpy(m->p + m->len, p, n);
    m->len += n;
    return 0;
}

int brink_io_partial_write(const char *path, const brink_aggregate *a,
                           const brink_partial_chains *c, const brink_partial_scenario *scn,
                           const brink_partial_info *info, brink_error *err)
{
    uint64_t k, n;
    brink_aggregate_shard(a, &k, &n);
    if (!brink_aggregate_complete(a))
        return brink_error_set(err, BRINK_EUSAGE, path, 0, 0,
                               "the shard is not complete; no partial written");
    if (scn->len > UINT32_MAX || scn->nsets > UINT32_MAX)
        return brink_error_set(err, BRINK_EUSAGE, path, 0, 0, "the scenario is too large");
    membuf m = {0};
    int rc = brink_aggregate_save(a, mem_write, &m, err);
    if (rc) {
        brink_free(m.p);
        return rc == BRINK_EIO ? brink_error_set(err, BRINK_ENOMEM, path, 0, 0, "out of memory")
                               : rc;
    }
    brink_afile af;
    rc = brink_afile_open(&af, path, err);
    if (rc) {
        brink_free(m.p);
        return rc;
    }
    const brink_ens_settings *st = brink_aggregate_settings(a);
    const brink_aggregate *agg = a;
    pw w = {af.f, BRINK_FNV_OFFSET, 0};
    pw_bytes(&w, part_magic, sizeof part_magic);
    pw_str(&w, brink_version());
    pw_u64(&w, k);
    pw_u64(&w, n);
    pw_u64(&w, st->seed);
    pw_u64(&w, st->runs);
    pw_f64(&w, st->precision);
    pw_u64(&w, st->block);
    pw_u64(&w, brink_aggregate_runs(agg));
    /* the scenario */
    pw_u64(&w, scn->hash);
    pw_str(&w, scn->name);
    pw_strn(&w, scn->text, scn->len);
    pw_u32(&w, (uint32_t)scn->nsets);
    for (size_t i = 0; i < scn->nsets; i++)
        pw_str(&w, scn->sets[i]);
    /* where it ran */
    pw_str(&w, info->host);
    pw_u32(&w, info->threads);
    pw_f64(&w, info->wall_seconds);
    pw_f64(&w, info->cpu_seconds);
    pw_str(&w, info->started_utc);
    pw_str(&w, info->finished_utc);
    /* the aggregate */
    pw_u64(&w, m.len);
    pw_bytes(&w, m.p, m.len);
    brink_free(m.p);
    /* the chains */
    pw_u32(&w, (uint32_t)c->nkeys);
    for (size_t i = 0; i < c->nkeys; i++)
        pw_str(&w, c->keys[i]);
    pw_u64(&w, c->nrec);
    for (size_t i = 0; i < c->nrec; i++) {
        pw_u64(&w, c->pos[i]);
        pw_u32(&w, c->q[i]);
        pw_u32(&w, c->key[i]);
    }
    uint64_t h = w.h;
    pw_u64(&w, h);
    if (w.failed) {
        rc = brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
        brink_afile_abort(&af);
        return rc;
    }
    return brink_afile_commit(&af, err);
}

/* ============================================================================================== */
/* reading                                                                                        */
/* ============================================================================================== */

/* A new NUL-terminated copy of a string of at most max bytes without NUL (len through *n when
 * n is not NULL); NULL when truncated, too long or out of memory (*nomem set). */
static char *pr_str(brink_rd *r, size_t max, size_t *n, int *nomem)
{
    uint32_t len = brink_rd_u32(r);
    if (r->bad || len > max) {
        r->bad = 1;
        return NULL;
    }
    const unsigned char *b = brink_rd_bytes(r, len);
    if (!b)
        return NULL;
    if (memchr(b, 0, len)) {
        r->bad = 1;
        return NULL;
    }
    char *s = brink_malloc((size_t)len + 1);
    if (!s) {
        *nomem = 1;
        return NULL;
    }
    memcpy(s, b, len);
    s[len] = '\0';
    if (n)
        *n = len;
    return s;
}

void brink_partial_free(brink_partial *p)
{
    if (!p)
        return;
    brink_free(p->path);
    brink_free(p->version);
    brink_aggregate_free(p->agg);
    brink_free(p->text);
    brink_free(p->name);
    for (size_t i = 0; p->sets && i < p->nsets; i++)
        brink_free(p->sets[i]);
    brink_free(p->sets);
    brink_free(p->host);
    brink_free(p->started_utc);
    brink_free(p->finished_utc);
    for (size_t i = 0; p->keys && i < p->nkeys; i++)
        brink_free(p->keys[i]);
    brink_free(p->keys);
    brink_free(p->rec_pos);
    brink_free(p->rec_q);
    brink_free(p->rec_key);
    brink_free(p);
}

#define TEXT_MAX ((size_t)1 << 30)
#define SHORT_MAX 4096

#define CORRUPT(what)                                                                              \
    do {                                                                                           \
        rc = brink_error_set(err, BRINK_EINVAL, name, 0, 0, "the partial is corrupt (%s)", what);  \
        goto fail;                                                                                 \
    } while (0)
#define NOMEM()                                                                                    \
    do {                                                                                           \
        rc = brink_error_set(err, BRINK_ENOMEM, name, 0, 0, "out of memory");                      \
        goto fail;                                                                                 \
    } while (0)
/* a string field: corrupt when bad, out of memory when so */
#define STR(dst, max, lenp, what)                                                                  \
    do {                                                                                           \
        int nomem_ = 0;                                                                            \
        (dst) = pr_str(&r, (max), (lenp), &nomem_);                                                \
        if (nomem_)                                                                                \
            NOMEM();                                                                               \
        if (!(dst))                                                                                \
            CORRUPT(what);                                                                         \
    } while (0)

int brink_partial_parse(const void *buf, size_t len, const char *name, brink_partial **out,
                        brink_error *err)
{
    *out = NULL;
    int rc = BRINK_OK;
    const unsigned char *b = buf;
    if (len < sizeof part_magic + 8 || memcmp(b, part_magic, 7) != 0)
        return brink_error_set(err, BRINK_EINVAL, name, 0, 0, "not a brink partial aggregate");
    if (b[7] != part_magic[7])
        return brink_error_set(err, BRINK_EINVAL, name, 0, 0,
                               "a partial of format version %u; this brink reads version %u",
                               (unsigned)b[7], (unsigned)part_magic[7]);
    uint64_t h = BRINK_FNV_OFFSET;
    for (size_t i = 0; i < len - 8; i++)
        h = (h ^ b[i]) * FNV_PRIME;
    brink_rd tail = {b + len - 8, 8, 0, 0};
    if (brink_rd_u64(&tail) != h)
        return brink_error_set(err, BRINK_EINVAL, name, 0, 0,
                               "the partial is corrupt (its checksum does not match)");
    brink_rd r = {b, len - 8, sizeof part_magic, 0};
    brink_partial *p = brink_calloc(1, sizeof *p);
    if (!p)
        return brink_error_set(err, BRINK_ENOMEM, name, 0, 0, "out of memory");
    p->path = brink_strdup(name ? name : "");
    if (!p->path)
        NOMEM();
    STR(p->version, 64, NULL, "version");
    p->shard_k = brink_rd_u64(&r);
    p->shard_n = brink_rd_u64(&r);
    brink_ens_settings st;
    st.seed = brink_rd_u64(&r);
    st.runs = brink_rd_u64(&r);
    st.precision = brink_rd_f64(&r);
    st.block = brink_rd_u64(&r);
    uint64_t nruns = brink_rd_u64(&r);
    if (r.bad)
        CORRUPT("truncated header");
    if (p->shard_n == 0 || p->shard_k >= p->shard_n || st.precision != 0 || st.runs == 0 ||
        st.runs > BRINK_ENS_MAX_RUNS || st.block == 0)
        CORRUPT("shard or settings");
    p->hash = brink_rd_u64(&r);
    STR(p->name, SHORT_MAX, NULL, "scenario name");
    STR(p->text, TEXT_MAX, &p->len, "scenario text");
    uint32_t nsets = brink_rd_u32(&r);
    if (r.bad || nsets > r.len - r.off) /* each at least 4 bytes */
        CORRUPT("overrides");
    p->sets = brink_calloc(nsets ? nsets : 1, sizeof *p->sets);
    if (!p->sets)
        NOMEM();
    for (uint32_t i = 0; i < nsets; i++) {
        STR(p->sets[i], SHORT_MAX, NULL, "overrides");
        p->nsets++;
    }
    STR(p->host, SHORT_MAX, NULL, "host");
    p->threads = brink_rd_u32(&r);
    p->wall_seconds = brink_rd_f64(&r);
    p->cpu_seconds = brink_rd_f64(&r);
    STR(p->started_utc, 64, NULL, "start time");
    STR(p->finished_utc, 64, NULL, "end time");

    /* the aggregate, checked by its own loader (settings, shape, counts, sketches) */
    uint64_t alen = brink_rd_u64(&r);
    if (r.bad || alen > r.len - r.off || alen < 64)
        CORRUPT("aggregate length");
    const unsigned char *ab = brink_rd_bytes(&r, (size_t)alen);
    /* the shape is in the aggregate's stream, at fixed offsets after its magic and settings */
    brink_rd ah = {ab, (size_t)alen, 8 + 32, 0};
    uint64_t nq = brink_rd_u64(&ah), nseries = brink_rd_u64(&ah), nsteps = brink_rd_u64(&ah);
    /* every cell's sketch takes at least 64 bytes of the stream and every question 28 + 8 per
     * step, so a shape the bytes cannot hold is damage, not a reason to allocate */
    if (ah.bad || nq > 100000 || nseries > 100000 || nsteps > 100000 ||
        nseries * nsteps > alen / 64 || nq * (28 + 8 * nsteps) > alen)
        CORRUPT("aggregate shape");
    p->nq = (size_t)nq;
    p->nseries = (size_t)nseries;
    p->nsteps = (long)nsteps;
    rc = brink_aggregate_new(&st, p->nq, p->nseries, p->nsteps, &p->agg, err);
    if (rc == BRINK_OK)
        rc = brink_aggregate_set_shard(p->agg, p->shard_k, p->shard_n, err);
    if (rc == BRINK_OK)
        rc = brink_aggregate_load(p->agg, ab, (size_t)alen, err);
    if (rc) {
        if (rc != BRINK_ENOMEM)
            rc = BRINK_EINVAL;
        if (err) {
            char msg[BRINK_ERROR_MSG_MAX];
            snprintf(msg, sizeof msg, "%s", err->message);
            brink_error_set(err, rc, name, 0, 0, "the partial's aggregate: %s", msg);
        }
        goto fail;
    }
    if (brink_aggregate_runs(p->agg) != nruns || !brink_aggregate_complete(p->agg))
        CORRUPT("the shard's runs are incomplete");

    /* the chains: keys, then records sorted by position and question, matching the counts */
    uint32_t nkeys = brink_rd_u32(&r);
    if (r.bad || nkeys > (r.len - r.off) / 4)
        CORRUPT("chain keys");
    p->keys = brink_calloc(nkeys ? nkeys : 1, sizeof *p->keys);
    if (!p->keys)
        NOMEM();
    for (uint32_t i = 0; i < nkeys; i++) {
        STR(p->keys[i], BRINK_CHAIN_KEY_MAX - 1, NULL, "chain keys");
        p->nkeys++;
        if (!p->keys[i][0])
            CORRUPT("an empty chain key");
    }
    uint64_t nrec = brink_rd_u64(&r);
    if (r.bad || nrec > (r.len - r.off) / 16)
        CORRUPT("chain records");
    size_t nr = (size_t)nrec;
    p->rec_pos = brink_calloc(nr ? nr : 1, sizeof *p->rec_pos);
    p->rec_q = brink_calloc(nr ? nr : 1, sizeof *p->rec_q);
    p->rec_key = brink_calloc(nr ? nr : 1, sizeof *p->rec_key);
    uint64_t *per_q = brink_calloc(nq ? (size_t)nq : 1, sizeof *per_q);
    if (!p->rec_pos || !p->rec_q || !p->rec_key || !per_q) {
        brink_free(per_q);
        NOMEM();
    }
    int bad = 0;
    for (size_t i = 0; i < nr && !bad; i++) {
        p->rec_pos[i] = brink_rd_u64(&r);
        p->rec_q[i] = brink_rd_u32(&r);
        p->rec_key[i] = brink_rd_u32(&r);
        if (r.bad || p->rec_pos[i] >= nruns || p->rec_q[i] >= nq || p->rec_key[i] >= nkeys ||
            (i > 0 && (p->rec_pos[i] < p->rec_pos[i - 1] ||
                       (p->rec_pos[i] == p->rec_pos[i - 1] && p->rec_q[i] <= p->rec_q[i - 1]))))
            bad = 1;
        else
            per_q[p->rec_q[i]]++;
    }
    p->nrec = nr;
    for (size_t q = 0; q < nq && !bad; q++) {
        brink_question_stat qs;
        brink_aggregate_question(p->agg, q, &qs);
        if (per_q[q] != qs.chains)
            bad = 1;
    }
    brink_free(per_q);
    if (bad)
        CORRUPT("chain records do not match the counts");
    if (r.off != r.len)
        CORRUPT("trailing bytes");
    *out = p;
    return BRINK_OK;
fail:
    brink_partial_free(p);
    return rc;
}

#undef STR
#undef NOMEM
#undef CORRUPT

int brink_io_partial_read(const char *path, brink_partial **out, brink_error *err)
{
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    int rc = brink_io_read_file(path, 0, &buf, &len, err);
    if (rc)
        return rc;
    rc = brink_partial_parse(buf, len, path, out, err);
    brink_free(buf);
    return rc;
}

/* ============================================================================================== */
/* merging                                                                                        */
/* ============================================================================================== */

int brink_partials_merge(brink_partial *const *parts, size_t n, brink_aggregate **out,
                         brink_error *err)
{
    *out = NULL;
    if (n == 0)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0, "no partial to merge");
    const brink_partial *p0 = parts[0];
    const brink_ens_settings *st0 = brink_aggregate_settings(p0->agg);
    uint64_t nshards = p0->shard_n;
    int rc = BRINK_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        const brink_partial *p = parts[i];
        const brink_ens_settings *st = brink_aggregate_settings(p->agg);
        if (strcmp(p->version, p0->version) != 0)
            rc = brink_error_set(err, BRINK_EINVAL, p->path, 0, 0,
                                 "written by brink %s; %s was written by brink %s", p->version,
                                 p0->path, p0->version);
        else if (p->hash != p0->hash)
            rc = brink_error_set(err, BRINK_EINVAL, p->path, 0, 0,
                                 "made from another scenario (or other --set overrides) than %s",
                                 p0->path);
        else if (st->seed != st0->seed || st->runs != st0->runs || st->block != st0->block ||
                 p->nq != p0->nq || p->nseries != p0->nseries || p->nsteps != p0->nsteps)
            rc = brink_error_set(err, BRINK_EINVAL, p->path, 0, 0,
                                 "made with seed %llu and %llu runs; %s with seed %llu and %llu "
                                 "runs",
                                 (unsigned long long)st->seed, (unsigned long long)st->runs,
                                 p0->path, (unsigned long long)st0->seed,
                                 (unsigned long long)st0->runs);
        else if (p->shard_n != nshards)
            rc = brink_error_set(err, BRINK_EINVAL, p->path, 0, 0,
                                 "is shard %llu of %llu; %s is a shard of %llu",
                                 (unsigned long long)p->shard_k, (unsigned long long)p->shard_n,
                                 p0->path, (unsigned long long)nshards);
        for (size_t j = 0; j < i && !rc; j++)
            if (parts[j]->shard_k == p->shard_k)
                rc = brink_error_set(err, BRINK_EINVAL, p->path, 0, 0,
                                     "shard %llu of %llu is given twice (also as %s)",
                                     (unsigned long long)p->shard_k, (unsigned long long)nshards,
                                     parts[j]->path);
    }
    /* distinct shards: all there exactly when n == N; else the smallest missing K is <= n */
    if (!rc && nshards != n) {
        unsigned char *have = brink_calloc(n + 1, 1);
        if (!have)
            return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        for (size_t i = 0; i < n; i++)
            if (parts[i]->shard_k <= n)
                have[parts[i]->shard_k] = 1;
        size_t k = 0;
        while (k <= n && have[k])
            k++;
        brink_free(have);
        return brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                               "shard %zu of %llu is missing (%zu partial%s given)", k,
                               (unsigned long long)nshards, n, n == 1 ? "" : "s");
    }
    if (rc)
        return rc;
    const brink_partial **by_k = brink_calloc((size_t)nshards, sizeof *by_k);
    if (!by_k)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++)
        by_k[parts[i]->shard_k] = parts[i];
    brink_aggregate *a = NULL;
    if (!rc)
        rc = brink_aggregate_new(st0, p0->nq, p0->nseries, p0->nsteps, &a, err);
    for (uint64_t k = 0; !rc && k < nshards; k++) {
        rc = brink_aggregate_absorb(a, by_k[k]->agg, err);
        if (rc && rc != BRINK_ENOMEM) {
            rc = BRINK_EINVAL;
            if (err) {
                err->code = rc;
                snprintf(err->file, sizeof err->file, "%s", by_k[k]->path);
            }
        }
    }
    /* the chains, replayed in run-index order: run i is position i / N of shard i mod N */
    size_t *cur = NULL;
    if (!rc) {
        cur = brink_calloc((size_t)nshards, sizeof *cur);
        if (!cur)
            rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (uint64_t i = 0; !rc && i < st0->runs; i++) {
        const brink_partial *p = by_k[i % nshards];
        size_t *c = &cur[i % nshards];
        uint64_t pos = i / nshards;
        for (; !rc && *c < p->nrec && p->rec_pos[*c] == pos; (*c)++)
            rc = brink_aggregate_add_chain(a, p->rec_q[*c], p->keys[p->rec_key[*c]], err);
    }
    brink_free(cur);
    brink_free(by_k);
    if (rc) {
        brink_aggregate_free(a);
        return rc;
    }
    *out = a;
    return BRINK_OK;
}
