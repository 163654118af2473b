/* SPDX-License-Identifier: MIT */
/*
 * forecast.h — the files of `brink forecast` (internal to the library):
 * - forecast.json: only what the simulation determines (scenario hash, version, seed, settings,
 *   runs, failed runs, questions with probability, standard error and Wilson interval, quantile
 *   bands of every series at every step, the most frequent event chains per question, and when
 *   the questions resolved, by month: "resolution"); the same scenario, seed and settings give
 *   the same bytes at any thread count. Its layout is documented in docs/cli.md.
 * - run.json: where and how it ran (host, threads, timings, command line).
 * - runs.csv: one row per run, streamed in run-index order to runs.csv.partial and renamed at
 *   the end.
 * - checkpoint: the aggregate after the last complete block and the length of runs.csv.partial
 *   at that point, so `--resume` truncates the CSV and continues.
 * Every file is written under a temporary name and renamed.
 */
#ifndef BRINK_IO_FORECAST_H
#define BRINK_IO_FORECAST_H

#include "brink.h"
#include "io/io.h"
#include "io/jsonw.h"
#include "sim/ensemble.h"

#include <stdint.h>

/* What the writers need to know about the scenario beside the aggregate (all borrowed). */
typedef struct brink_forecast_meta {
    const brink_scenario *sc;
    uint64_t scenario_hash;     /* FNV-1a 64 of the scenario's text */
    const brink_series *series; /* [nseries], as brink_ensemble_series gives them */
    size_t nseries;
    long nsteps;
} brink_forecast_meta;

/* Ends the JSON document w written into af (opened for path): on success af is finished
 * (flushed, synced and closed under its temporary name) and handed to *out, for the caller to
 * publish with the other files of its output; on failure the temporary file is removed.
 * Errors: BRINK_EIO. */
int brink_io_json_stage_end(brink_jsonw *w, brink_afile *af, const char *path, brink_afile *out,
                            brink_error *err);

/* Writes forecast.json for aggregate a to path (crash-safely). Errors: BRINK_EIO, BRINK_ENOMEM. */
int brink_io_forecast_json(const char *path, const brink_forecast_meta *m, const brink_aggregate *a,
                           brink_error *err);
/* As brink_io_forecast_json, but leaves the file complete and synced under its temporary name in
 * *af, for the caller to rename into place with brink_afile_publish (or remove with
 * brink_afile_abort) once every file of the result is written. On error *af is zeroed and no
 * file is left. */
int brink_io_forecast_json_stage(const char *path, const brink_forecast_meta *m,
                                 const brink_aggregate *a, brink_afile *af, brink_error *err);

/* Where and how an ensemble ran. */
typedef struct brink_run_info {
    const char *host;
    unsigned threads;
    int argc;
    char *const *argv;
    const char *started_utc; /* "YYYY-MM-DDTHH:MM:SSZ" */
    const char *finished_utc;
    double wall_seconds;
    double cpu_seconds;    /* of the process; < 0 when unknown */
    uint64_t resumed_from; /* runs restored from a checkpoint (0: a fresh start) */
    uint64_t runs;         /* runs merged in total */
    const char *out_dir;
    unsigned ranks;            /* MPI ranks (0 or 1: none; docs/distributed.md) */
    uint64_t shard_k, shard_n; /* --shard K/N (shard_n 0: none) */
} brink_run_info;

/* Writes run.json to path (crash-safely). Errors: BRINK_EIO, BRINK_ENOMEM. */
int brink_io_run_json(const char *path, const brink_run_info *ri, brink_error *err);
/* As brink_io_run_json, staged as brink_io_forecast_json_stage does. */
int brink_io_run_json_stage(const char *path, const brink_run_info *ri, brink_afile *af,
                            brink_error *err);

/* ---- runs.csv ---- */

typedef struct brink_runs_csv brink_runs_csv;

/* Opens the partial CSV at path: with resume_offset < 0 a new file with the header row; else the
 * existing file cut back to resume_offset bytes (the length recorded in a checkpoint). Columns:
 * run, seed, status (ok | failed), one per question (1 YES, 0 NO, NA not modelled), one per
 * series (its value at the end of the last step), error. Errors: BRINK_EIO (cannot open; or
 * shorter than resume_offset), BRINK_ENOMEM. Close with brink_runs_csv_finish or _close. */
int brink_runs_csv_open(const char *path, const brink_forecast_meta *m, long long resume_offset,
                        brink_runs_csv **out, brink_error *err);
/* Appends the row of run s. Errors: BRINK_EIO, BRINK_ENOMEM. */
int brink_runs_csv_row(brink_runs_csv *c, const brink_run_summary *s, brink_error *err);
/* Formats the row of run s, as brink_runs_csv_row appends it (newline included), into out (reset
 * first). Thread-safe for distinct out: the ensemble's workers format the rows, so that the thread
 * that merges the runs only writes them (brink_ensemble_prep). Returns BRINK_OK or BRINK_ENOMEM. */
int brink_runs_csv_format(const brink_run_summary *s, brink_strbuf *out);
/* Appends len bytes of text (rows from brink_runs_csv_format). Errors: BRINK_EIO. */
int brink_runs_csv_write(brink_runs_csv *c, const char *text, size_t len, brink_error *err);
/* Flushes the file to disk and returns its length in *offset. Errors: BRINK_EIO. */
int brink_runs_csv_sync(brink_runs_csv *c, uint64_t *offset, brink_error *err);
/* Flushes, syncs, closes and renames the partial file to final_path; frees c. Errors: BRINK_EIO. */
int brink_runs_csv_finish(brink_runs_csv *c, const char *final_path, brink_error *err);
/* Closes without renaming (flushing what was written); frees c. Accepts NULL. */
void brink_runs_csv_close(brink_runs_csv *c);

/* ---- checkpoints ---- */

/* Writes a checkpoint of a (with the CSV length csv_offset and the scenario's hash) to path,
 * crash-safely. Errors: BRINK_EIO, BRINK_ENOMEM. */
int brink_io_checkpoint_write(const char *path, const brink_aggregate *a, uint64_t csv_offset,
                              uint64_t scenario_hash, brink_error *err);
/* Restores the checkpoint at path into a (new, with the settings and shape of the one saved) and
 * returns the CSV length it recorded. Errors: BRINK_EIO (cannot read), BRINK_EINVAL (not a
 * checkpoint, corrupt, another scenario (hash), other settings), BRINK_ENOMEM. */
int brink_io_checkpoint_read(const char *path, brink_aggregate *a, uint64_t *csv_offset,
                             uint64_t scenario_hash, brink_error *err);

#endif
