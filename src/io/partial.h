/* SPDX-License-Identifier: MIT */
/*
 * partial.h — partial aggregates of sharded ensembles (internal to the library; the layout and
 * the guarantees are in docs/distributed.md).
 *
 * `brink forecast --shard K/N` runs the run indices i with i mod N = K and writes a partial:
 * the shard's aggregate (counts and quantile sketches, which add up across shards whatever the
 * order), every run's event-chain keys (the Space-Saving counter of the chains depends on the
 * order in which keys arrive, so `brink merge` replays them in run-index order), the scenario
 * text and its --set overrides (so that merge rebuilds the same scenario and checks its hash),
 * and where and how the shard ran. Merging every shard of an ensemble gives the aggregate of a
 * single process, field for field, so forecast.json is byte-identical.
 *
 * File format "BRKPART" version 1: little-endian integers, doubles as their IEEE-754 bits,
 * strings as a u32 length and bytes, an FNV-1a 64 checksum of everything before it at the end.
 * Any damage is refused with a message naming the file; a reader never trusts a count before
 * checking it against the bytes that remain.
 */
#ifndef BRINK_IO_PARTIAL_H
#define BRINK_IO_PARTIAL_H

#include "brink.h"
#include "sim/ensemble.h"

#include <stdint.h>

/* The chain keys of a shard's runs, collected in run order while it runs. */
typedef struct brink_partial_chains brink_partial_chains;

/* Creates an empty collection for nq questions. Errors: BRINK_ENOMEM. Free with
 * brink_partial_chains_free (accepts NULL). */
int brink_partial_chains_new(size_t nq, brink_partial_chains **out, brink_error *err);
void brink_partial_chains_free(brink_partial_chains *c);
/* Records the chain keys of summary s, the pos-th run of the shard (pos counts 0, 1, ... and must
 * increase), exactly those brink_aggregate_merge counts: YES runs with a non-empty key. Errors:
 * BRINK_ENOMEM, BRINK_EINTERNAL (pos not increasing). */
int brink_partial_chains_add(brink_partial_chains *c, uint64_t pos, const brink_run_summary *s,
                             brink_error *err);

/* What a partial says about where and how its shard ran (strings borrowed when writing). */
typedef struct brink_partial_info {
    const char *host;
    unsigned threads;
    double wall_seconds, cpu_seconds; /* cpu < 0: unknown */
    const char *started_utc, *finished_utc;
} brink_partial_info;

/* The scenario of a partial: its text, the name used in messages, its --set overrides in order,
 * and the hash of all of them (as forecast.json's scenario.hash). Borrowed when writing. */
typedef struct brink_partial_scenario {
    const char *text;
    size_t len;
    const char *name;
    const char *const *sets;
    size_t nsets;
    uint64_t hash;
} brink_partial_scenario;

/* Writes the partial of the complete shard aggregate a (brink_aggregate_set_shard) with its
 * chains c to path, crash-safely (a temporary name, synced, renamed). Errors: BRINK_EUSAGE (a is
 * not complete), BRINK_EIO, BRINK_ENOMEM. */
int brink_io_partial_write(const char *path, const brink_aggregate *a,
                           const brink_partial_chains *c, const brink_partial_scenario *scn,
                           const brink_partial_info *info, brink_error *err);

/* A partial read back. */
typedef struct brink_partial {
    char *path;
    char *version; /* brink version that wrote it */
    uint64_t shard_k, shard_n;
    brink_aggregate *agg; /* complete, with its shard set */
    size_t nq, nseries;   /* its shape */
    long nsteps;
    /* the scenario (owned copies) */
    char *text;
    size_t len;
    char *name;
    char **sets;
    size_t nsets;
    uint64_t hash;
    /* where it ran (owned) */
    char *host, *started_utc, *finished_utc;
    unsigned threads;
    double wall_seconds, cpu_seconds;
    /* chain keys: records (pos, q, key) sorted by pos then q */
    char **keys;
    size_t nkeys;
    uint64_t *rec_pos;
    uint32_t *rec_q, *rec_key;
    size_t nrec;
} brink_partial;

/* Reads and checks the partial at path. Errors: BRINK_EIO (cannot read), BRINK_EINVAL (not a
 * partial, another format version, corrupt: err names the file), BRINK_ENOMEM. Free with
 * brink_partial_free (accepts NULL). */
int brink_io_partial_read(const char *path, brink_partial **out, brink_error *err);
/* As brink_io_partial_read from len bytes in memory (the fuzz target's entry); name is used in
 * messages. */
int brink_partial_parse(const void *buf, size_t len, const char *name, brink_partial **out,
                        brink_error *err);
void brink_partial_free(brink_partial *p);

/* Checks that the n partials are the N shards of one ensemble — same format, brink version,
 * scenario (hash), seed, settings and shape, the same N, each K once — then assembles their
 * aggregate into *out (new; free with brink_aggregate_free): counts and sketches summed, chains
 * replayed in run-index order. Errors: BRINK_EINVAL naming the offending file (a mismatch, a
 * duplicated shard) or the missing shard, BRINK_ENOMEM. */
int brink_partials_merge(brink_partial *const *parts, size_t n, brink_aggregate **out,
                         brink_error *err);

#endif
