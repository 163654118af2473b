/* SPDX-License-Identifier: MIT */
/*
 * mpi_ranks.c — the ensemble's runs over MPI ranks (see mpi_ranks.h for the design,
 * docs/distributed.md for its use).
 *
 * Protocol (tags): rank 0 sends WORK {first position, count, shard k, shard n} (count 0: stop);
 * a rank answers each chunk with one RESULT (the chunk's first position and count, the seconds
 * its runs took, and its summaries in position order), an ERROR (a brink_error) when a runner
 * breaks, and BYE after a stop. Rank 0 keeps two chunks outstanding per rank, so a rank always
 * has its next chunk queued while it runs one.
 *
 * Chunk size adapts to the cost of a run, so that neither cheap runs (a millisecond) drown rank 0
 * in messages nor expensive ones leave a rank with a long tail: a chunk holds about CHUNK_SECONDS
 * of work for each of the rank's threads (from the seconds its last results took), at most
 * CHUNK_MAX_PER_THREAD runs a thread and the rank's share of the ring (INFLIGHT_BUDGET), and
 * towards the end at most the rank's share of half the runs left (guided scheduling), so that
 * the ranks finish together. The first chunk of a rank, before any measurement, is 2 runs a
 * thread.
 *
 * Only rank 0's communication thread calls MPI during the ensemble (MPI_THREAD_SERIALIZED); the
 * other ranks call MPI from their main thread only. Nobody spins: Open MPI's blocking calls
 * busy-poll, so the ranks send their results with MPI_Isend and test it later (a blocking
 * MPI_Send of a large result spun until rank 0's thread came to receive it: 7 % of the other
 * rank's CPU, measured); the other ranks' main thread sleeps on a condition variable that their
 * workers signal when a chunk is done (at most 1 ms while they have nothing queued, else 4 ms,
 * to test for work and sends); rank 0's thread polls (MPI_Iprobe) and sleeps 1 ms when nothing
 * came and results wait for ring slots, else 2 ms (a rank has its second chunk to run meanwhile).
 */
#include "mpi_ranks.h"

#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cli_mpi_launched(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return 1;
    }
    return 0;
}

#ifndef BRINK_HAVE_MPI

int cli_mpi_built(void)
{
    return 0;
}

int cli_mpi_start(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *v = getenv("OMPI_COMM_WORLD_SIZE");
    if (!v || !*v)
        v = getenv("PMI_SIZE");
    if (v && *v && strcmp(v, "1") != 0) {
        cli_msg("this brink was built without MPI (CMake option BRINK_MPI); under mpirun every "
                "rank would run the whole ensemble");
        return -1;
    }
    return 0;
}

int cli_mpi_rank(void)
{
    return 0;
}

int cli_mpi_size(void)
{
    return 1;
}

void cli_mpi_finish(void) {}

int cli_mpi_abort(int code)
{
    return code;
}

int cli_mpi_handshake(const uint64_t *fingerprint, size_t n, unsigned threads, brink_error *err)
{
    (void)fingerprint;
    (void)n;
    (void)threads;
    (void)err;
    return BRINK_OK;
}

void cli_mpi_remote(brink_ensemble_remote *remote, uint64_t positions)
{
    (void)positions;
    memset(remote, 0, sizeof *remote);
}

int cli_mpi_work(const brink_scenario *sc, uint64_t seed, unsigned threads, brink_error *err)
{
    (void)sc;
    (void)seed;
    (void)threads;
    return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0, "this brink was built without MPI");
}

#else /* BRINK_HAVE_MPI */

#include "sim/run.h"

#include <mpi.h>
#include <pthread.h>
#include <time.h>

enum { TAG_WORK = 1, TAG_RESULT = 2, TAG_ERROR = 3, TAG_BYE = 4 };
enum {
    OUTSTANDING = 2,           /* chunks a rank holds at once */
    CHUNK_MAX_PER_THREAD = 16, /* runs a thread of a rank gets at most in one chunk */
    INFLIGHT_BUDGET = 1024,    /* positions out at all ranks that the chunk limits aim at */
};
/* Why the limits: rank 0's ring holds twice the positions that can be out at once, and a
 * summary of the built-in scenario takes about 100 KB there, allocated and zeroed when the
 * ensemble starts; at 64 runs a thread that start-up alone cost 2 % of rank 0's CPU in a
 * 300-run ensemble (perf). 16 runs of a millisecond still make a message every 16 ms. */
/* Seconds of work a chunk holds for each thread of its rank: long enough that a message per
 * chunk costs nothing (a result of the built-in scenario is about 90 KB a run), short enough
 * that the last chunks end close together. */
#define CHUNK_SECONDS 0.05

static struct {
    int started;
    int stopped; /* rank 0 told the other ranks to stop */
    int rank, size;
    unsigned *threads;  /* [size] worker threads of each rank (kept by rank 0 only) */
    uint64_t *cmax;     /* [size] the largest chunk of each rank (kept by rank 0; its own unused) */
    uint64_t positions; /* positions of the ensemble (rank 0: cli_mpi_remote) */
} mpi;

int cli_mpi_built(void)
{
    return 1;
}

int cli_mpi_start(int *argc, char ***argv)
{
    if (!cli_mpi_launched())
        return 0;
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS) {
        cli_msg("cannot start MPI");
        return -1;
    }
    mpi.started = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &mpi.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &mpi.size);
    if (provided < MPI_THREAD_SERIALIZED && mpi.size > 1) {
        cli_msg("this MPI library does not allow MPI calls from a thread other than the main "
                "one (MPI_THREAD_SERIALIZED), which rank 0 needs");
        MPI_Abort(MPI_COMM_WORLD, EXIT_RUNTIME);
        return -1;
    }
    return 0;
}

int cli_mpi_rank(void)
{
    return mpi.started ? mpi.rank : 0;
}

int cli_mpi_size(void)
{
    return mpi.started ? mpi.size : 1;
}

static void stop_ranks(void);

void cli_mpi_finish(void)
{
    if (mpi.started) {
        /* an ensemble that had nothing to run (a complete checkpoint) never served the ranks */
        if (mpi.rank == 0 && mpi.size > 1 && mpi.cmax && !mpi.stopped)
            stop_ranks();
        free(mpi.cmax);
        free(mpi.threads);
        mpi.cmax = NULL;
        mpi.threads = NULL;
        MPI_Finalize();
        mpi.started = 0;
    }
}

int cli_mpi_abort(int code)
{
    if (mpi.started && mpi.size > 1)
        MPI_Abort(MPI_COMM_WORLD, code ? code : EXIT_RUNTIME);
    return code;
}

static void nap_ms(long ms)
{
    struct timespec ts = {0, ms * 1000000};
    nanosleep(&ts, NULL);
}

static void nap(void)
{
    nap_ms(1);
}

int cli_mpi_handshake(const uint64_t *fingerprint, size_t n, unsigned threads, brink_error *err)
{
    if (!mpi.started || mpi.size == 1)
        return BRINK_OK;
    uint64_t *mine = malloc(n * sizeof *mine);
    uint64_t *all = mpi.rank == 0 ? calloc(2 * (size_t)mpi.size, sizeof *all) : NULL;
    if (!mine || (mpi.rank == 0 && !all)) {
        free(mine);
        free(all);
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    }
    memcpy(mine, fingerprint, n * sizeof *mine);
    MPI_Bcast(mine, (int)n, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    uint64_t me[2] = {memcmp(mine, fingerprint, n * sizeof *mine) == 0, threads ? threads : 1};
    MPI_Gather(me, 2, MPI_UINT64_T, all, 2, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    int ok = (int)me[0], all_ok = 0;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    int rc = BRINK_OK;
    if (!all_ok) {
        int bad = -1;
        for (int r = 0; mpi.rank == 0 && r < mpi.size && bad < 0; r++)
            if (!all[2 * r])
                bad = r;
        rc = mpi.rank == 0 ? brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                                             "MPI rank %d runs another scenario, seed, settings "
                                             "or brink build than rank 0",
                                             bad)
                           : brink_error_set(err, BRINK_EINVAL, NULL, 0, 0,
                                             "this rank's scenario, seed, settings or build differ "
                                             "from rank 0's");
    } else if (mpi.rank == 0) {
        mpi.cmax = calloc((size_t)mpi.size, sizeof *mpi.cmax);
        mpi.threads = calloc((size_t)mpi.size, sizeof *mpi.threads);
        if (!mpi.cmax || !mpi.threads)
            rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        /* a rank's largest chunk: CHUNK_MAX_PER_THREAD runs a thread, less when many ranks
         * would hold more than INFLIGHT_BUDGET positions at once, never below 2 runs a thread */
        uint64_t share = INFLIGHT_BUDGET / (OUTSTANDING * (uint64_t)(mpi.size - 1));
        for (int r = 0; !rc && r < mpi.size; r++) {
            uint64_t t = all[2 * r + 1] < 512 ? all[2 * r + 1] : 512;
            mpi.threads[r] = (unsigned)t;
            uint64_t c = CHUNK_MAX_PER_THREAD * t < share ? CHUNK_MAX_PER_THREAD * t : share;
            mpi.cmax[r] = c > 2 * t ? c : 2 * t;
        }
    }
    free(mine);
    free(all);
    return rc;
}

/* ---- summaries as bytes ---- */

typedef struct buf {
    unsigned char *p;
    size_t len, cap;
    int failed;
} buf;

static void put(buf *b, const void *p, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->len + n)
            cap *= 2;
        unsigned char *q = realloc(b->p, cap);
        if (!q) {
            b->failed = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

static void put_str(buf *b, const char *s)
{
    uint32_t n = (uint32_t)strlen(s);
    put(b, &n, sizeof n);
    put(b, s, n);
}

static void pack_summary(buf *b, const brink_run_summary *s)
{
    size_t cells = (size_t)s->nsteps * s->nseries;
    int32_t failed = s->failed;
    put(b, &s->run, sizeof s->run);
    put(b, &s->seed, sizeof s->seed);
    put(b, &failed, sizeof failed);
    put_str(b, s->error);
    put(b, s->outcome, s->nq * sizeof *s->outcome);
    put(b, s->resolved_step, s->nq * sizeof *s->resolved_step);
    put(b, s->value, cells * sizeof *s->value);
    put(b, s->code, cells * sizeof *s->code);
    for (size_t q = 0; q < s->nq; q++)
        put_str(b, &s->chain[q * BRINK_CHAIN_KEY_MAX]);
}

typedef struct rd {
    const unsigned char *p;
    size_t len, off;
    int bad;
} rd;

static void get(rd *r, void *p, size_t n)
{
    if (r->bad || n > r->len - r->off) {
        r->bad = 1;
        return;
    }
    memcpy(p, r->p + r->off, n);
    r->off += n;
}

static void get_str(rd *r, char *s, size_t cap)
{
    uint32_t n = 0;
    get(r, &n, sizeof n);
    if (r->bad || n >= cap) {
        r->bad = 1;
        s[0] = '\0';
        return;
    }
    get(r, s, n);
    s[r->bad ? 0 : n] = '\0';
}

/* Reads one summary into s (of the ensemble's shape); 0, or -1 when the bytes are not one. */
static int unpack_summary(rd *r, brink_run_summary *s)
{
    size_t cells = (size_t)s->nsteps * s->nseries;
    int32_t failed = 0;
    get(r, &s->run, sizeof s->run);
    get(r, &s->seed, sizeof s->seed);
    get(r, &failed, sizeof failed);
    s->failed = failed;
    get_str(r, s->error, sizeof s->error);
    get(r, s->outcome, s->nq * sizeof *s->outcome);
    get(r, s->resolved_step, s->nq * sizeof *s->resolved_step);
    get(r, s->value, cells * sizeof *s->value);
    get(r, s->code, cells * sizeof *s->code);
    for (size_t q = 0; q < s->nq; q++)
        get_str(r, &s->chain[q * BRINK_CHAIN_KEY_MAX], BRINK_CHAIN_KEY_MAX);
    return r->bad ? -1 : 0;
}

/* ---- rank 0: the remote source ---- */

typedef struct pending {
    unsigned char *msg; /* kept with its capacity for the next message: a result is up to
                         * megabytes, and a new buffer each time cost page faults and munmaps */
    size_t cap;
    rd r;
    uint64_t pos, left; /* next position in it, and how many remain */
    struct pending *next;
} pending;

/* Receives the message that MPI_Iprobe found (status st) into a new buffer; NULL when out of
 * memory (the message is then received and dropped, which the caller reports). */
static unsigned char *recv_any(const MPI_Status *st, int *len)
{
    int n = 0;
    MPI_Get_count(st, MPI_BYTE, &n);
    unsigned char *m = malloc(n > 0 ? (size_t)n : 1);
    unsigned char dummy;
    MPI_Recv(m ? (void *)m : (void *)&dummy, m ? n : 0, MPI_BYTE, st->MPI_SOURCE, st->MPI_TAG,
             MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    *len = n;
    return m;
}

/* Reads an ERROR message into err. */
static void error_from(const unsigned char *m, int len, int rank, brink_error *err)
{
    rd r = {m, (size_t)(len > 0 ? len : 0), 0, 0};
    int32_t code = BRINK_EINTERNAL;
    brink_error e;
    brink_error_clear(&e);
    get(&r, &code, sizeof code);
    get_str(&r, e.file, sizeof e.file);
    get_str(&r, e.message, sizeof e.message);
    e.code = code < 0 ? code : BRINK_EINTERNAL;
    if (err) {
        *err = e;
        if (!err->file[0])
            snprintf(err->file, sizeof err->file, "MPI rank %d", rank);
    }
}

/* Tells every rank to stop and waits for each one's BYE, dropping what arrives before it. */
static void stop_ranks(void)
{
    uint64_t stop[4] = {0, 0, 0, 0};
    mpi.stopped = 1;
    for (int r = 1; r < mpi.size; r++)
        MPI_Send(stop, 4, MPI_UINT64_T, r, TAG_WORK, MPI_COMM_WORLD);
    int byes = 0;
    while (byes < mpi.size - 1) {
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
        if (!flag) {
            nap();
            continue;
        }
        int len;
        free(recv_any(&st, &len));
        if (st.MPI_TAG == TAG_BYE)
            byes++;
    }
}

/* The next chunk of rank r: CHUNK_SECONDS of work for each of its threads at run_s seconds a run
 * (2 runs a thread while unknown), within [its threads, its largest chunk], and at most its
 * share of half the positions left (left, shared by all_threads threads). */
static uint64_t chunk_size(int r, double run_s, uint64_t left, uint64_t all_threads)
{
    uint64_t t = mpi.threads[r], c = 2 * t;
    if (run_s > 0) {
        double want = CHUNK_SECONDS * (double)t / run_s;
        c = want >= (double)mpi.cmax[r] ? mpi.cmax[r] : want <= (double)t ? t : (uint64_t)want;
    }
    uint64_t share = left / (2 * all_threads) * t;
    if (c > share)
        c = share;
    if (c > mpi.cmax[r])
        c = mpi.cmax[r];
    return c ? c : 1;
}

static int serve(void *ctx, brink_ensemble_feed *feed, brink_error *err)
{
    (void)ctx;
    int size = mpi.size;
    int *outstanding = calloc((size_t)size, sizeof *outstanding);
    int *exhausted = calloc((size_t)size, sizeof *exhausted);
    double *run_s = calloc((size_t)size, sizeof *run_s); /* seconds a run, per rank; 0 unknown */
    pending *head = NULL, *spare = NULL; /* results being delivered; buffers to reuse */
    uint64_t npending = 0, cap = 0, all_threads = 0;
    uint64_t next = 0; /* the next position to claim, as last seen (the workers claim too) */
    int rc = BRINK_OK;
    for (int r = 0; r < size; r++) {
        all_threads += mpi.threads[r];
        if (r > 0)
            cap += OUTSTANDING * mpi.cmax[r];
    }
    if (!outstanding || !exhausted || !run_s)
        rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    uint64_t shard_n = brink_ensemble_feed_run(feed, 1) - brink_ensemble_feed_run(feed, 0);
    uint64_t shard_k = brink_ensemble_feed_run(feed, 0);
    while (!rc && !brink_ensemble_feed_stopping(feed)) {
        int progress = 0;
        /* hand out work: two chunks outstanding per rank, while the undelivered runs fit */
        for (int r = 1; r < size; r++) {
            while (!exhausted[r] && outstanding[r] < OUTSTANDING && npending < cap) {
                uint64_t left = mpi.positions > next ? mpi.positions - next : 0;
                uint64_t want = chunk_size(r, run_s[r], left, all_threads);
                if (want > cap - npending)
                    want = cap - npending;
                uint64_t first, got = brink_ensemble_feed_claim(feed, want, &first);
                if (got == 0) {
                    exhausted[r] = 1;
                    break;
                }
                next = first + got;
                uint64_t w[4] = {first, got, shard_k, shard_n};
                MPI_Send(w, 4, MPI_UINT64_T, r, TAG_WORK, MPI_COMM_WORLD);
                outstanding[r]++;
                npending += got;
                progress = 1;
            }
        }
        /* take what arrived */
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
        if (flag) {
            progress = 1;
            int len = 0;
            MPI_Get_count(&st, MPI_BYTE, &len);
            size_t n = len > 0 ? (size_t)len : 1;
            pending *p = spare;
            if (p)
                spare = p->next;
            else
                p = calloc(1, sizeof *p);
            if (p && p->cap < n) {
                unsigned char *q = realloc(p->msg, n);
                if (q) {
                    p->msg = q;
                    p->cap = n;
                }
            }
            if (!p || p->cap < n) {
                if (p) {
                    free(p->msg);
                    free(p);
                }
                free(recv_any(&st, &len)); /* received and dropped */
                rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
                break;
            }
            MPI_Recv(p->msg, len, MPI_BYTE, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
            p->next = NULL;
            if (st.MPI_TAG == TAG_ERROR) {
                error_from(p->msg, len, st.MPI_SOURCE, err);
                rc = err && err->code ? err->code : BRINK_EINTERNAL;
                free(p->msg);
                free(p);
                break;
            }
            p->r = (rd){p->msg, (size_t)len, 0, 0};
            uint64_t busy_ns = 0;
            get(&p->r, &p->pos, sizeof p->pos);
            get(&p->r, &p->left, sizeof p->left);
            get(&p->r, &busy_ns, sizeof busy_ns);
            if (st.MPI_TAG != TAG_RESULT || p->r.bad || st.MPI_SOURCE < 1 ||
                outstanding[st.MPI_SOURCE] == 0) {
                free(p->msg);
                free(p);
                rc = brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                                     "an unexpected message from MPI rank %d", st.MPI_SOURCE);
                break;
            }
            outstanding[st.MPI_SOURCE]--;
            /* the rank's seconds a run, smoothed over its last results */
            if (p->left && busy_ns) {
                double x = (double)busy_ns * 1e-9 / (double)p->left;
                double *rs = &run_s[st.MPI_SOURCE];
                *rs = *rs > 0 ? 0.5 * (*rs + x) : x;
            }
            p->next = head;
            head = p;
        }
        /* deliver into the ring what fits (the next position to merge always does) */
        for (pending **pp = &head; *pp && !rc;) {
            pending *p = *pp;
            while (p->left) {
                brink_run_summary *s = brink_ensemble_feed_slot(feed, p->pos);
                if (!s)
                    break;
                if (unpack_summary(&p->r, s) || s->run != brink_ensemble_feed_run(feed, p->pos)) {
                    rc = brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                                         "a damaged result from an MPI rank (position %llu)",
                                         (unsigned long long)p->pos);
                    break;
                }
                brink_ensemble_feed_filled(feed, p->pos);
                p->pos++;
                p->left--;
                npending--;
                progress = 1;
            }
            if (p->left == 0) {
                *pp = p->next;
                p->next = spare;
                spare = p;
            } else {
                pp = &p->next;
            }
        }
        /* results still waiting for ring slots want a quick retry; otherwise the next event is
         * a result, and a rank has its other chunk to run meanwhile */
        if (!progress)
            nap_ms(head ? 1 : 2);
    }
    for (int list = 0; list < 2; list++) {
        pending *p = list ? spare : head;
        while (p) {
            pending *n = p->next;
            free(p->msg);
            free(p);
            p = n;
        }
    }
    stop_ranks();
    free(outstanding);
    free(exhausted);
    free(run_s);
    return rc;
}

void cli_mpi_remote(brink_ensemble_remote *remote, uint64_t positions)
{
    memset(remote, 0, sizeof *remote);
    remote->serve = serve;
    mpi.positions = positions;
    /* no chunk exceeds a rank's share of half the positions (chunk_size), so neither need the
     * ring: a short ensemble does not pay for a long one's ring */
    uint64_t all_threads = 0;
    for (int r = 0; mpi.threads && r < mpi.size; r++)
        all_threads += mpi.threads[r];
    for (int r = 1; mpi.cmax && r < mpi.size; r++) {
        uint64_t share = positions / (2 * all_threads) * mpi.threads[r];
        if (mpi.cmax[r] > share)
            mpi.cmax[r] = share ? share : 1;
        remote->inflight += OUTSTANDING * mpi.cmax[r];
    }
}

/* ---- other ranks: running chunks ---- */

typedef struct chunk {
    uint64_t first, count, k, n;
    brink_run_summary *s; /* [count] */
    uint64_t claimed, done;
    uint64_t busy_ns; /* the wall time its runs took, summed over them */
    struct chunk *next;
} chunk;

typedef struct wstate {
    const brink_scenario *sc;
    uint64_t seed;
    size_t nq, nseries;
    long nsteps;
    pthread_mutex_t mu;
    pthread_cond_t work;  /* a chunk came, or stop */
    pthread_cond_t ended; /* a chunk is done, or a runner broke (the main thread waits on it) */
    chunk *head, *tail;   /* FIFO of the chunks assigned, in the order rank 0 sent them */
    int stop;
    int fatal;
    brink_error err;
} wstate;

typedef struct wthread {
    wstate *w;
    brink_runner *runner;
    pthread_t tid;
    int started;
} wthread;

/* Summaries of finished chunks, kept for the next ones: a chunk's summaries are about 100 KB a
 * run, and allocating them afresh for every chunk cost page faults on every chunk. */
typedef struct pool {
    brink_run_summary *s;
    size_t n, cap;
} pool;

static void chunk_free(chunk *c, pool *pl)
{
    if (!c)
        return;
    for (uint64_t i = 0; c->s && i < c->count; i++) {
        if (pl && pl->n < pl->cap)
            pl->s[pl->n++] = c->s[i];
        else
            brink_run_summary_free(&c->s[i]);
    }
    free(c->s);
    free(c);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *wthread_main(void *arg)
{
    wthread *t = arg;
    wstate *w = t->w;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        chunk *c = w->head;
        while (c && c->claimed == c->count)
            c = c->next;
        if (w->stop || w->fatal)
            break;
        if (!c) {
            pthread_cond_wait(&w->work, &w->mu);
            continue;
        }
        uint64_t j = c->claimed++;
        pthread_mutex_unlock(&w->mu);
        const brink_run_record *rec = NULL;
        brink_error err;
        brink_error_clear(&err);
        uint64_t t0 = now_ns();
        int rc = brink_runner_run(t->runner, w->seed, c->k + c->n * (c->first + j), &rec, &err);
        if (rc == BRINK_OK)
            brink_run_summary_fill(&c->s[j], rec, w->sc);
        uint64_t t1 = now_ns();
        pthread_mutex_lock(&w->mu);
        if (rc != BRINK_OK && !w->fatal) {
            w->fatal = rc;
            w->err = err;
        }
        c->busy_ns += t1 - t0;
        if (++c->done == c->count || rc != BRINK_OK)
            pthread_cond_signal(&w->ended);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* Sends err to rank 0 as an ERROR message. */
static void send_error(const brink_error *err)
{
    buf b = {0};
    int32_t code = err->code ? err->code : BRINK_EINTERNAL;
    put(&b, &code, sizeof code);
    put_str(&b, err->file);
    put_str(&b, err->message);
    if (!b.failed)
        MPI_Send(b.p, (int)b.len, MPI_BYTE, 0, TAG_ERROR, MPI_COMM_WORLD);
    free(b.p);
}

/* A result on its way to rank 0 (MPI_Isend): its bytes live until the send completes. */
typedef struct sending {
    buf b;
    MPI_Request req;
    struct sending *next;
} sending;

/* Tests the sends under way (wait: until all are done), moving the finished ones to *spare. */
static void sends_progress(sending **busy, sending **spare, int wait)
{
    for (sending **pp = busy; *pp;) {
        sending *x = *pp;
        int done = 0;
        if (wait) {
            MPI_Wait(&x->req, MPI_STATUS_IGNORE);
            done = 1;
        } else {
            MPI_Test(&x->req, &done, MPI_STATUS_IGNORE);
        }
        if (done) {
            *pp = x->next;
            x->next = *spare;
            *spare = x;
        } else {
            pp = &x->next;
        }
    }
}

static void sends_free(sending *x)
{
    while (x) {
        sending *n = x->next;
        free(x->b.p);
        free(x);
        x = n;
    }
}

/* The main thread's wait when nothing happened: until a worker ends a chunk or breaks, at most
 * 1 ms while the workers have no run left to claim (new work must be seen at once), else 4 ms;
 * then MPI is tested for work and for the sends under way. */
static void wait_ended(wstate *w)
{
    pthread_mutex_lock(&w->mu);
    int queued = 0;
    for (const chunk *c = w->head; c && !queued; c = c->next)
        queued = c->claimed < c->count;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_nsec += queued ? 4000000 : 1000000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    int fatal = w->fatal;
    if (!fatal && !(w->head && w->head->done == w->head->count))
        pthread_cond_timedwait(&w->ended, &w->mu, &ts);
    pthread_mutex_unlock(&w->mu);
    if (fatal) /* the error is sent; only rank 0's stop is awaited */
        nap();
}

int cli_mpi_work(const brink_scenario *sc, uint64_t seed, unsigned threads, brink_error *err)
{
    wstate w;
    memset(&w, 0, sizeof w);
    w.sc = sc;
    w.seed = seed;
    brink_series *series = NULL;
    int rc = brink_ensemble_series(sc, &series, &w.nseries, &w.nsteps, err);
    brink_free(series);
    w.nq = sc->nquestions;
    if (threads == 0)
        threads = 1;
    wthread *t = calloc(threads, sizeof *t);
    /* enough summaries for the chunks a rank holds at once (at most 2 of CHUNK_MAX_PER_THREAD
     * runs a thread, as rank 0 hands them out) */
    pool pl = {NULL, 0, (size_t)OUTSTANDING * CHUNK_MAX_PER_THREAD * threads};
    pl.s = calloc(pl.cap, sizeof *pl.s);
    if (!pl.s)
        pl.cap = 0;
    int sync = 0;
    if (!rc && (!t || !pl.s))
        rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    for (unsigned i = 0; !rc && i < threads; i++) {
        t[i].w = &w;
        rc = brink_runner_new(sc, &t[i].runner, err);
    }
    if (!rc) {
        pthread_condattr_t ca;
        int attr = pthread_condattr_init(&ca) == 0;
        if (attr && pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0 &&
            pthread_mutex_init(&w.mu, NULL) == 0) {
            if (pthread_cond_init(&w.work, NULL) == 0) {
                if (pthread_cond_init(&w.ended, &ca) == 0)
                    sync = 1;
                else
                    pthread_cond_destroy(&w.work);
            }
            if (!sync)
                pthread_mutex_destroy(&w.mu);
        }
        if (attr)
            pthread_condattr_destroy(&ca);
        if (!sync)
            rc = brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0, "cannot create locks");
    }
    unsigned started = 0;
    for (unsigned i = 0; !rc && i < threads; i++)
        if (pthread_create(&t[i].tid, NULL, wthread_main, &t[i]) == 0)
            t[i].started = 1, started++;
    if (!rc && started == 0)
        rc = brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0, "cannot start a worker thread");
    if (rc) /* rank 0 learns of it and stops everyone */
        send_error(err);

    int error_sent = rc != BRINK_OK;
    sending *busy = NULL, *spare = NULL;
    /* the next WORK message, received in the background */
    uint64_t m[4];
    MPI_Request wreq;
    MPI_Irecv(m, 4, MPI_UINT64_T, 0, TAG_WORK, MPI_COMM_WORLD, &wreq);
    for (;;) {
        int progress = 0, flag = 0;
        MPI_Test(&wreq, &flag, MPI_STATUS_IGNORE);
        if (flag) {
            if (m[1] == 0)
                break; /* stop */
            progress = 1;
            chunk *c = calloc(1, sizeof *c);
            if (c) {
                c->first = m[0], c->count = m[1], c->k = m[2], c->n = m[3];
                c->s = calloc((size_t)c->count, sizeof *c->s);
            }
            int ok = c && c->s && c->n > 0;
            for (uint64_t i = 0; ok && i < c->count; i++) {
                if (pl.n)
                    c->s[i] = pl.s[--pl.n]; /* of the same shape: every summary here is */
                else
                    ok = brink_run_summary_init(&c->s[i], w.nq, w.nseries, w.nsteps, NULL) == 0;
            }
            if (!ok) {
                chunk_free(c, NULL); /* its summaries may be half made: not for the pool */
                if (!error_sent) {
                    brink_error e;
                    brink_error_set(&e, BRINK_ENOMEM, NULL, 0, 0, "out of memory on MPI rank %d",
                                    mpi.rank);
                    send_error(&e);
                    error_sent = 1;
                }
            } else if (sync) {
                pthread_mutex_lock(&w.mu);
                if (w.tail)
                    w.tail->next = c;
                else
                    w.head = c;
                w.tail = c;
                pthread_cond_broadcast(&w.work);
                pthread_mutex_unlock(&w.mu);
            } else {
                chunk_free(c, &pl);
            }
            MPI_Irecv(m, 4, MPI_UINT64_T, 0, TAG_WORK, MPI_COMM_WORLD, &wreq);
        }
        sends_progress(&busy, &spare, 0);
        chunk *done = NULL;
        if (sync) {
            pthread_mutex_lock(&w.mu);
            if (w.fatal && !error_sent) {
                send_error(&w.err);
                error_sent = 1;
            }
            if (w.head && w.head->done == w.head->count) {
                done = w.head;
                w.head = done->next;
                if (!w.head)
                    w.tail = NULL;
            }
            pthread_mutex_unlock(&w.mu);
        }
        if (done) {
            progress = 1;
            sending *x = spare;
            if (x)
                spare = x->next;
            else
                x = calloc(1, sizeof *x);
            buf *b = x ? &x->b : NULL;
            if (b) {
                b->len = 0;
                b->failed = 0;
                put(b, &done->first, sizeof done->first);
                put(b, &done->count, sizeof done->count);
                put(b, &done->busy_ns, sizeof done->busy_ns);
                for (uint64_t i = 0; i < done->count; i++)
                    pack_summary(b, &done->s[i]);
            }
            if ((!b || b->failed) && !error_sent) {
                brink_error e;
                brink_error_set(&e, BRINK_ENOMEM, NULL, 0, 0, "out of memory on MPI rank %d",
                                mpi.rank);
                send_error(&e);
                error_sent = 1;
            }
            if (b && !b->failed) {
                MPI_Isend(b->p, (int)b->len, MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD, &x->req);
                x->next = busy;
                busy = x;
            } else if (x) {
                x->next = spare;
                spare = x;
            }
            chunk_free(done, &pl);
        }
        if (!progress && sync)
            wait_ended(&w);
        else if (!progress)
            nap();
    }
    if (sync) {
        pthread_mutex_lock(&w.mu);
        w.stop = 1;
        pthread_cond_broadcast(&w.work);
        pthread_mutex_unlock(&w.mu);
    }
    for (unsigned i = 0; t && i < threads; i++)
        if (t[i].started)
            pthread_join(t[i].tid, NULL);
    /* rank 0 receives (and drops) every result until our BYE, so the sends complete */
    sends_progress(&busy, &spare, 1);
    sends_free(spare);
    MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_BYE, MPI_COMM_WORLD);
    while (w.head) {
        chunk *c = w.head;
        w.head = c->next;
        chunk_free(c, NULL);
    }
    if (sync) {
        pthread_cond_destroy(&w.ended);
        pthread_cond_destroy(&w.work);
        pthread_mutex_destroy(&w.mu);
    }
    for (size_t i = 0; i < pl.n; i++)
        brink_run_summary_free(&pl.s[i]);
    free(pl.s);
    for (unsigned i = 0; t && i < threads; i++)
        brink_runner_free(t[i].runner);
    free(t);
    return rc;
}

#endif /* BRINK_HAVE_MPI */
