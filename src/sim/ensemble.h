/* SPDX-License-Identifier: MIT */
/*
 * ensemble.h — an ensemble of runs of one scenario and its aggregate (internal to the library):
 * question probabilities with Monte Carlo error and Wilson intervals, quantile bands of every
 * indicator series at every step, and the most frequent event chains per question.
 *
 * Determinism: run i is run with (master seed, i); worker threads (and a remote source, such as
 * MPI ranks) take run indices from a shared atomic counter, each fills the ring slot of its run
 * with a summary of the record, and the calling thread merges the slots strictly in run-index
 * order. A shard (brink_aggregate_set_shard) takes every N-th index; shards add up
 * (brink_aggregate_absorb) and their chains replay in run-index order, so a sharded ensemble
 * assembles into the same aggregate (docs/distributed.md). Every aggregate therefore sees the
 * same sequence of summaries whatever the number of threads, and its output is byte-identical.
 *
 * Bounded memory: the aggregate holds counts per question, one quantile sketch per
 * (series, step) whose size depends on the spread of the values and not on the number of runs,
 * and K counters per question for the chains; per-run records go to a sink (runs.csv) and are not
 * kept. The sketches and their error bounds:
 *
 * - Quantiles: a log-bucket sketch (Masson, Rim & Lee 2019, "DDSketch") with relative accuracy
 *   alpha = BRINK_QS_ALPHA. A finite value x with |x| <= BRINK_QS_ZERO goes to a zero bucket; one
 *   with BRINK_QS_ZERO < |x| goes to bucket i = ceil(log_gamma |x|) of its sign (clamped at
 *   |x| = BRINK_QS_MAX_ABS), gamma = (1 + alpha) / (1 - alpha). The q-quantile is the bucket
 *   holding the value of rank r = floor(q (n - 1)) (0-based) of the sorted finite values, x_(r);
 *   it is reported as the exact minimum or maximum when r is 0 or n - 1, as the bucket's one value
 *   when all its values were equal, else as the bucket's centre 2 gamma^i / (gamma + 1), clamped
 *   to the observed [min, max]. Values are compared by their bits and -0.0 counts as below +0.0
 *   (so signed zeros cannot make min, max or a bucket's one value depend on the order of the
 *   values, which shards and MPI ranks need: docs/distributed.md). Guarantee, for
 *   |x_(r)| <= BRINK_QS_MAX_ABS: |reported - x_(r)| <= alpha |x_(r)| + BRINK_QS_ZERO (up to
 *   rounding in log(), below 1e-12 relative). The sketch holds counts only, so it does not depend
 *   on the order of the values at all.
 * - Chains: Space-Saving (Metwally, Agrawal & El Abbadi 2005) with BRINK_TOPK_K counters per
 *   question; when a new key arrives and all counters are taken, the counter with the smallest
 *   count (of those, the greatest key in strcmp order) is given to it with count min + 1 and
 *   overcount min. For every key kept, count - overcount <= true count <= count; every key whose
 *   true count exceeds n / K is kept; with at most K distinct keys the counts are exact.
 *
 * Thread-safety: an aggregate is used by one thread at a time; brink_ensemble_run runs its own
 * workers and calls the sink from the calling thread only.
 */
#ifndef BRINK_SIM_ENSEMBLE_H
#define BRINK_SIM_ENSEMBLE_H

#include "brink.h"
#include "sim/run.h"

#include <stdint.h>

/* ---- statistics of a binomial proportion ---- */

/* z for a two-sided 95 % interval. */
#define BRINK_Z95 1.959963984540054

typedef struct brink_binom {
    uint64_t n, yes;
    double p;      /* yes / n (NaN when n == 0) */
    double se;     /* Monte Carlo standard error sqrt(p (1 - p) / n) */
    double lo, hi; /* Wilson score 95 % interval */
} brink_binom;

/* Fills out with the proportion, its standard error and Wilson interval for yes of n. With
 * n == 0 every double is NaN. */
void brink_binom_stats(uint64_t yes, uint64_t n, brink_binom *out);

/* The standard error used by the --precision stopping rule: Agresti-Coull's adjusted proportion
 * p~ = (yes + 2) / (n + 4), sqrt(p~ (1 - p~) / (n + 4)), so that a question with no YES (or no NO)
 * yet does not count as settled with an error of 0. Infinity for n == 0. */
double brink_binom_stop_se(uint64_t yes, uint64_t n);

/* ---- the quantile sketch ---- */

#define BRINK_QS_ALPHA 0.01
#define BRINK_QS_GAMMA (1.01 / 0.99)
#define BRINK_QS_LN_GAMMA 0.020000666706669435 /* log(BRINK_QS_GAMMA) */
#define BRINK_QS_ZERO 1e-9
#define BRINK_QS_MAX_ABS 1e15
#define BRINK_QS_IDX_MIN (-1036) /* ceil(log(BRINK_QS_ZERO) / BRINK_QS_LN_GAMMA) */
#define BRINK_QS_IDX_MAX 1727    /* ceil(log(BRINK_QS_MAX_ABS) / BRINK_QS_LN_GAMMA) */
/* Bucket codes: 0 the zero bucket, +c / -c bucket c of the positive / negative values
 * (c = 1 + index - BRINK_QS_IDX_MIN, so 1..BRINK_QS_CODE_MAX), BRINK_QS_NONFINITE for NaN and
 * infinities (counted, left out of the quantiles). */
#define BRINK_QS_CODE_MAX (BRINK_QS_IDX_MAX - BRINK_QS_IDX_MIN + 1)
#define BRINK_QS_NONFINITE INT32_MIN

/* The buckets of one sign over codes [lo, lo + len): how many values each holds and, while they
 * were all the same double (to the bit), that value. The counts lie apart from the values, 16 to
 * a cache line, with one bit a bucket saying that its values differ: an ensemble's merge adds
 * into thousands of sketches per run, spread over megabytes, and the line it needs is rarely
 * still in the cache; once a bucket's values differ (nearly always, for a continuous series), an
 * add touches its count and the store's bit word only, never its value. */
typedef struct brink_qstore {
    int32_t lo;
    uint32_t len;
    uint32_t *count; /* [len] */
    uint64_t *mixed; /* [(len + 63) / 64]: bit i set once bucket i holds two different values */
    double *same;    /* [len] bucket i's one value while its bit is clear (meaningless while its
                        count is 0) */
} brink_qstore;

typedef struct brink_qsketch {
    uint64_t n;         /* finite values */
    uint64_t nonfinite; /* NaN and infinities, not in n */
    uint64_t zero;      /* values in the zero bucket */
    double zero_same;
    double min, max; /* of the finite values */
    brink_qstore pos, neg;
} brink_qsketch;

/* The bucket code of x (see above). Pure; thread-safe. */
int32_t brink_qsketch_code(double x);
/* Initialises an empty sketch (no allocation). */
void brink_qsketch_init(brink_qsketch *s);
/* Adds x, whose code is code (brink_qsketch_code(x), computed by the caller so that workers can
 * do it in parallel). Returns BRINK_OK or BRINK_ENOMEM (s unchanged). */
int brink_qsketch_add_code(brink_qsketch *s, int32_t code, double x);
/* As brink_qsketch_add_code computing the code. */
int brink_qsketch_add(brink_qsketch *s, double x);
/* The rank floor(q (n - 1)) (0-based) that the q-quantile of n values reports. */
uint64_t brink_qsketch_rank(double q, uint64_t n);
/* The q-quantile (0 <= q <= 1) of the finite values added, within the bound above; NaN when
 * there are none. */
double brink_qsketch_quantile(const brink_qsketch *s, double q);
/* Frees the buckets; s is empty again. */
void brink_qsketch_free(brink_qsketch *s);

/* ---- the top-K sketch ---- */

#define BRINK_TOPK_K 32      /* counters per question */
#define BRINK_TOPK_REPORT 10 /* chains reported per question */
#define BRINK_CHAIN_KEY_MAX 1024

typedef struct brink_topk_entry {
    char *key;          /* owned by the sketch */
    uint64_t count;     /* upper bound of the true count */
    uint64_t overcount; /* count - overcount is a lower bound */
} brink_topk_entry;

typedef struct brink_topk {
    size_t k, len;
    uint64_t total;      /* keys added */
    brink_topk_entry *e; /* [k], len in use */
} brink_topk;

/* Initialises an empty sketch with k >= 1 counters. Returns BRINK_OK or BRINK_ENOMEM. */
int brink_topk_init(brink_topk *t, size_t k);
/* Counts key (copied). Returns BRINK_OK or BRINK_ENOMEM (t unchanged). */
int brink_topk_add(brink_topk *t, const char *key);
/* Fills out[0..] with pointers to at most max entries (borrowed from t, valid until the next
 * add), by count descending, then key ascending; returns how many. */
size_t brink_topk_sorted(const brink_topk *t, const brink_topk_entry **out, size_t max);
void brink_topk_free(brink_topk *t);

/* ---- the summary of one run ---- */

#define BRINK_RUN_ERROR_MAX (BRINK_ERROR_FILE_MAX + BRINK_ERROR_MSG_MAX + 32)

/* What the ensemble keeps of a run record while it waits for its turn to be merged: outcomes,
 * the series values and their sketch codes, and the chain of each event question that resolved
 * YES as a key string. A key lists the chain's events, resolving event first, as
 * "type actor>target" joined by " <- " (actor and target are scenario ids, "-" for none), e.g.
 * "strike_nuclear ISR>IRN <- enrichment_90 IRN>-". */
typedef struct brink_run_summary {
    uint64_t seed, run;
    int failed;
    char error[BRINK_RUN_ERROR_MAX]; /* "file:line:col: message" when failed, else "" */
    size_t nq, nseries;
    long nsteps;
    signed char *outcome; /* [nq] BRINK_Q_* */
    long *resolved_step;  /* [nq] */
    double *value;        /* [nsteps * nseries], step-major as in the record */
    int32_t *code;        /* [nsteps * nseries] brink_qsketch_code(value) */
    char *chain;          /* [nq * BRINK_CHAIN_KEY_MAX] keys; "" for none */
    brink_strbuf row;     /* what a brink_ensemble_prep made of it on a worker (runs.csv's row);
                             empty without one */
} brink_run_summary;

/* Allocates the arrays of s for the given shape (s zeroed first). Returns BRINK_OK or
 * BRINK_ENOMEM. Free with brink_run_summary_free, which accepts a zeroed summary. */
int brink_run_summary_init(brink_run_summary *s, size_t nq, size_t nseries, long nsteps,
                           brink_error *err);
void brink_run_summary_free(brink_run_summary *s);

/* Fills s from rec (of scenario sc, with the shape of s): outcomes, values and their codes, and
 * the chain keys, resolving event indices through rec->world->events. Thread-safe for distinct s.
 */
void brink_run_summary_fill(brink_run_summary *s, const brink_run_record *rec,
                            const brink_scenario *sc);

/* Writes the key of chain `chain` (BRINK_CHAIN_MAX event indices into w's log, -1 past the end)
 * into buf of size n (always NUL-terminated; "" when the chain is empty; cut at a link boundary
 * with " <- ..." when it does not fit). */
void brink_chain_key(const long *chain, const brink_world *w, const brink_scenario *sc, char *buf,
                     size_t n);

/* ---- the aggregate ---- */

#define BRINK_ENS_DEFAULT_RUNS 10000
#define BRINK_ENS_DEFAULT_BLOCK 1000
#define BRINK_ENS_DEFAULT_MAX_RUNS 1000000
#define BRINK_ENS_MAX_RUNS 4000000000ULL /* the sketches count in 32 bits */
#define BRINK_ENS_FAILED_KEPT 100        /* failed runs listed by index (all are counted) */
#define BRINK_ENS_NQUANTILES 5

/* The quantiles of the bands: 0.05, 0.25, 0.5, 0.75, 0.95. */
double brink_ens_quantile(size_t i);

/* What defines an ensemble's result (all of it is written into forecast.json and checked on
 * resume). */
typedef struct brink_ens_settings {
    uint64_t seed;    /* master seed */
    uint64_t runs;    /* fixed mode: the number of runs; precision mode: the cap (--max-runs) */
    double precision; /* > 0: stop at the first block end where every modelled question's
                         stopping standard error (brink_binom_stop_se) is below it */
    uint64_t block;   /* runs per block: checkpoints and precision checks at multiples of it */
} brink_ens_settings;

/* One failed run as listed by the aggregate. */
typedef struct brink_ens_failure {
    uint64_t run, seed;
    char message[BRINK_RUN_ERROR_MAX];
} brink_ens_failure;

/* Per-question result. */
typedef struct brink_question_stat {
    int modelled;    /* some merged run modelled it */
    brink_binom b;   /* over the runs that modelled it */
    uint64_t chains; /* chains counted (YES runs of an event question with a chain) */
} brink_question_stat;

typedef struct brink_aggregate brink_aggregate;

/* Creates an empty aggregate for nq questions and nseries series over nsteps steps. Errors:
 * BRINK_EINVAL (settings out of range: runs 0 or above BRINK_ENS_MAX_RUNS, block 0, precision
 * negative or not finite), BRINK_ENOMEM. Free with brink_aggregate_free. */
int brink_aggregate_new(const brink_ens_settings *st, size_t nq, size_t nseries, long nsteps,
                        brink_aggregate **out, brink_error *err);
void brink_aggregate_free(brink_aggregate *a);

/* The settings it was created with (borrowed). */
const brink_ens_settings *brink_aggregate_settings(const brink_aggregate *a);

/* ---- shards (docs/distributed.md) ---- */

/* Makes a, newly created (no run merged) in fixed mode, the aggregate of shard k of n: it takes
 * the run indices k, k + n, k + 2n, ... below settings.runs, in that order (brink_aggregate_merge
 * expects them so and brink_ensemble_run runs them), and is complete when it has them all. Its
 * counts and sketches then add up with the other shards' (brink_aggregate_absorb); its chains do
 * not (Space-Saving depends on the order of the keys), so a shard's caller keeps every run's chain
 * keys for brink_aggregate_add_chain. Errors: BRINK_EUSAGE (not new, precision mode, n == 0,
 * k >= n). */
int brink_aggregate_set_shard(brink_aggregate *a, uint64_t k, uint64_t n, brink_error *err);

/* The shard of a (0 of 1 unless set) through *k and *n (either may be NULL); returns the number
 * of runs the aggregate takes in all (settings.runs without a shard). */
uint64_t brink_aggregate_shard(const brink_aggregate *a, uint64_t *k, uint64_t *n);

/* The run index the next merged summary must have: k + n * brink_aggregate_runs(a). */
uint64_t brink_aggregate_next_run(const brink_aggregate *a);

/* Adds into a, a new or absorbing aggregate without a shard, everything of b that is a sum over
 * runs: run and failure counts, the listed failures (the first BRINK_ENS_FAILED_KEPT by run
 * index of both lists), per-question counts and resolution steps, and the quantile sketches
 * (counts, so the sum equals the sketch of all the runs whatever their order). b's chains are
 * not added: replay them with brink_aggregate_add_chain in run-index order. Afterwards a takes no
 * brink_aggregate_merge. b must have a's settings and shape. Absorbing every shard of an ensemble
 * into a fresh aggregate and replaying the chains gives the aggregate of one process, field for
 * field. Errors: BRINK_EUSAGE (other settings or shape, a sharded or broken, more runs than the
 * settings allow), BRINK_ENOMEM (a is then unusable). */
int brink_aggregate_absorb(brink_aggregate *a, const brink_aggregate *b, brink_error *err);

/* Counts chain key (non-empty, shorter than BRINK_CHAIN_KEY_MAX) for question q in a, as
 * brink_aggregate_merge does for a YES run of an event question. Errors: BRINK_EUSAGE (q out of
 * range, bad key), BRINK_ENOMEM. */
int brink_aggregate_add_chain(brink_aggregate *a, size_t q, const char *key, brink_error *err);

/* Merges the summary of run s->run, which must be the next run index (brink_aggregate_runs);
 * otherwise BRINK_EINTERNAL. A failed run is counted and listed (the first
 * BRINK_ENS_FAILED_KEPT). Errors: BRINK_ENOMEM (the aggregate is then unusable). */
int brink_aggregate_merge(brink_aggregate *a, const brink_run_summary *s, brink_error *err);

/* Merges s[0], s[1], ..., s[n - 1] (consecutive run indices from the next one), with the result
 * of n calls of brink_aggregate_merge in that order, field for field, but faster: the sketches
 * are walked a tile of cells at a time for all the runs, so a tile's buckets are fetched from
 * memory once per batch instead of once per run (each sketch still sees its values in run order).
 * Every summary is checked before any is merged: an error other than BRINK_ENOMEM leaves a as it
 * was. Errors as brink_aggregate_merge. */
int brink_aggregate_merge_batch(brink_aggregate *a, const brink_run_summary *const *s, size_t n,
                                brink_error *err);

/* Runs merged (= the next run index), of them failed. */
uint64_t brink_aggregate_runs(const brink_aggregate *a);
uint64_t brink_aggregate_failed(const brink_aggregate *a);
/* The i-th listed failure (i < min(failed, BRINK_ENS_FAILED_KEPT)), borrowed; NULL past the end. */
const brink_ens_failure *brink_aggregate_failure(const brink_aggregate *a, size_t i);

/* Statistics of question q. */
void brink_aggregate_question(const brink_aggregate *a, size_t q, brink_question_stat *out);

/* The sketch of series j at step t (borrowed), and the band value for quantile index qi
 * (brink_ens_quantile(qi)); NaN when no successful run gave a finite value. */
const brink_qsketch *brink_aggregate_sketch(const brink_aggregate *a, size_t j, long t);
double brink_aggregate_band(const brink_aggregate *a, size_t j, long t, size_t qi);

/* The runs in which question q resolved YES at step t (the step of its resolving event, or of
 * the indicator condition's first being met); 0 out of range. Summed over t they may be fewer
 * than the YES count only when a YES has no step. */
uint64_t brink_aggregate_resolved(const brink_aggregate *a, size_t q, long t);

/* The most frequent chains of question q, as brink_topk_sorted. */
size_t brink_aggregate_chains(const brink_aggregate *a, size_t q, const brink_topk_entry **out,
                              size_t max);

/* 1 when the precision stopping rule holds now (precision mode only; else 0). */
int brink_aggregate_settled(const brink_aggregate *a);

/* 1 when the ensemble is complete: runs merged reached settings.runs, or (precision mode) the
 * stopping rule held at the end of a block. */
int brink_aggregate_complete(const brink_aggregate *a);

/* Writes the whole state of a (a binary checkpoint: settings, counts, sketches, chains, and an
 * FNV-1a checksum) through write(ctx, bytes, n), which returns 0 on success. Returns BRINK_OK,
 * BRINK_EIO (write failed) or BRINK_ENOMEM. */
int brink_aggregate_save(const brink_aggregate *a, int (*write)(void *ctx, const void *p, size_t n),
                         void *ctx, brink_error *err);

/* Restores into a, which must be newly created (no run merged) with the same settings and shape,
 * the state saved by brink_aggregate_save in buf[0..len). Errors: BRINK_EINVAL (not a
 * checkpoint, corrupt, or made with other settings or another scenario shape: err says which),
 * BRINK_ENOMEM. On error a is left empty or partly filled; free it. */
int brink_aggregate_load(brink_aggregate *a, const void *buf, size_t len, brink_error *err);

/* ---- running an ensemble ---- */

/* Where the ensemble hands what it produces; every callback is called from the thread that
 * called brink_ensemble_run, in run-index order. Any may be NULL. A callback returning non-zero
 * stops the ensemble with that code (a BRINK_E*, with err filled). */
typedef struct brink_ensemble_sink {
    void *ctx;
    /* after the summary of run s->run is merged (runs.csv) */
    int (*run)(void *ctx, const brink_run_summary *s, brink_error *err);
    /* at the end of each block that does not end the ensemble (a checkpoint) */
    int (*block)(void *ctx, const brink_aggregate *a, brink_error *err);
    /* after every merged run: done of at most target runs */
    void (*progress)(void *ctx, uint64_t done, uint64_t target);
} brink_ensemble_sink;

typedef struct brink_ensemble_options {
    unsigned threads;    /* workers (>= 1) */
    uint64_t stop_after; /* test hook: stop once this many runs are merged, as if killed
                            (0: off) */
} brink_ensemble_options;

/* The indicator series of sc, as every run of it samples them, and the number of steps. On
 * success *series is a new array (freed with brink_free; NULL when there are none). Errors:
 * BRINK_ENOMEM. */
int brink_ensemble_series(const brink_scenario *sc, brink_series **series, size_t *nseries,
                          long *nsteps, brink_error *err);

/* Runs the ensemble of sc into a (fresh, or restored from a checkpoint: it continues at run
 * brink_aggregate_runs(a)) until it is complete (brink_aggregate_complete), with opt->threads
 * workers each owning a brink_runner. *stopped is set to 1 when opt->stop_after ended it early
 * (a is then incomplete), else 0. A run that fails is merged as failed and does not stop the
 * ensemble. Errors: BRINK_EUSAGE (bad options, or a whose shape does not match sc), BRINK_ENOMEM,
 * BRINK_EINTERNAL (a thread could not be started, or a runner broke), or a sink's code. */
int brink_ensemble_run(const brink_scenario *sc, const brink_ensemble_options *opt,
                       brink_aggregate *a, const brink_ensemble_sink *sink, int *stopped,
                       brink_error *err);

/* ---- runs made elsewhere (MPI ranks: src/sim/mpi.c) ---- */

/* The ensemble's side of a remote source of runs, valid while its serve function runs. */
typedef struct brink_ensemble_feed brink_ensemble_feed;

/* A source of run summaries beside the worker threads. serve runs on a thread of its own from
 * the start of the ensemble until brink_ensemble_feed_stopping returns 1 (it must poll it, at
 * least every few milliseconds): it claims positions, has their runs made elsewhere and delivers
 * each summary into its slot. Returning non-zero stops the ensemble with that code. inflight is
 * the most positions it holds claimed and undelivered at once; the ring of summaries grows by
 * twice that, so that the workers need not wait for slots while remote runs are under way. */
typedef struct brink_ensemble_remote {
    void *ctx;
    size_t inflight;
    int (*serve)(void *ctx, brink_ensemble_feed *feed, brink_error *err);
} brink_ensemble_remote;

/* Work for the sink done on the threads that make the runs, so that the thread that merges them
 * (and calls the sink) has less to do: prepare is called with each summary right after it is
 * filled, by the worker (or the remote's thread) that filled it, concurrently for different
 * summaries; it may write into s->row only, which the sink's run callback then finds filled. */
typedef struct brink_ensemble_prep {
    void *ctx;
    void (*prepare)(void *ctx, brink_run_summary *s);
} brink_ensemble_prep;

/* As brink_ensemble_run, with remote (may be NULL) serving beside the opt->threads workers.
 * Positions are the aggregate's own indices 0, 1, ... (run brink_ensemble_feed_run of each);
 * whoever claims them, the summaries are merged in order, so the result is the same bytes as
 * without remote. */
int brink_ensemble_run_remote(const brink_scenario *sc, const brink_ensemble_options *opt,
                              const brink_ensemble_remote *remote, brink_aggregate *a,
                              const brink_ensemble_sink *sink, int *stopped, brink_error *err);

/* As brink_ensemble_run_remote, with prep (may be NULL) run on each summary before the sink sees
 * it. */
int brink_ensemble_run_prep(const brink_scenario *sc, const brink_ensemble_options *opt,
                            const brink_ensemble_remote *remote, const brink_ensemble_prep *prep,
                            brink_aggregate *a, const brink_ensemble_sink *sink, int *stopped,
                            brink_error *err);

/* Claims up to want consecutive positions, the first in *first; returns how many (0: none left,
 * or the ensemble is stopping). Positions are handed out in increasing order to the workers and
 * the remote alike. Thread-safe. */
uint64_t brink_ensemble_feed_claim(brink_ensemble_feed *f, uint64_t want, uint64_t *first);
/* The master seed and the run index of position pos. */
uint64_t brink_ensemble_feed_seed(const brink_ensemble_feed *f);
uint64_t brink_ensemble_feed_run(const brink_ensemble_feed *f, uint64_t pos);
/* The summary slot of claimed position pos when it is free now (fill it, then call
 * brink_ensemble_feed_filled), else NULL: try again later (it frees as the merge advances, and
 * the slot of the next position to merge is always free). */
brink_run_summary *brink_ensemble_feed_slot(brink_ensemble_feed *f, uint64_t pos);
/* Hands the filled slot of pos to the merge. */
void brink_ensemble_feed_filled(brink_ensemble_feed *f, uint64_t pos);
/* 1 once the ensemble is complete or stopping: serve should return. */
int brink_ensemble_feed_stopping(brink_ensemble_feed *f);

#endif
