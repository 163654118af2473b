/* SPDX-License-Identifier: MIT */
/*
 * mpi_ranks.h — `mpirun -np N brink forecast …`: the ensemble's runs spread over MPI ranks
 * (docs/distributed.md). Built when CMake finds MPI (option BRINK_MPI, default AUTO); without it
 * every function here says so or does nothing, and brink never starts MPI.
 *
 * MPI starts only when the process was launched by mpirun or srun (their environment variables,
 * cli_mpi_launched), so a plain `brink forecast` never pays for it. Rank 0 runs the ensemble
 * exactly as one process does — its own worker threads, the merge in run-index order, every
 * file — and a thread of it hands chunks of run positions to the other ranks on demand (dynamic
 * load balancing: a rank gets its next chunk when it returns one; a chunk's size follows the
 * measured cost of a run) and delivers their run summaries into the ensemble's ring
 * (brink_ensemble_run_remote). The other ranks only run runs
 * and write nothing. The result is byte-identical to one process, --precision included, because
 * the merge, its order and its stopping rule are those of one process.
 *
 * Summaries travel as raw bytes (MPI_BYTE): the ranks must share the byte order and the brink
 * build, which the start-up check (scenario hash, settings, version) makes likely but a
 * heterogeneous cluster would break.
 */
#ifndef BRINK_CLI_MPI_RANKS_H
#define BRINK_CLI_MPI_RANKS_H

#include "brink.h"
#include "sim/ensemble.h"

#include <stdint.h>

/* 1 when this brink was built with MPI. */
int cli_mpi_built(void);
/* 1 when the process was launched by an MPI launcher (OMPI_COMM_WORLD_SIZE, PMI_SIZE or
 * PMIX_RANK in the environment). */
int cli_mpi_launched(void);

/* Starts MPI when built with it and launched by mpirun; otherwise nothing (rank 0 of 1).
 * Returns 0, or -1 with a message printed (MPI failed to start, or launched by mpirun with more
 * than one rank in a build without MPI). */
int cli_mpi_start(int *argc, char ***argv);
/* This process's rank and the number of ranks (0 and 1 without MPI). */
int cli_mpi_rank(void);
int cli_mpi_size(void);
/* Ends MPI if it was started (every rank, after a normal end). */
void cli_mpi_finish(void);
/* Ends every rank with exit code code (after an error on any rank); returns code when MPI is
 * not running. */
int cli_mpi_abort(int code);

/* Start-up check, called by every rank before the ensemble: each rank's fingerprint (scenario
 * hash, seed, settings, shard, shape, version) must equal rank 0's, and each rank tells rank 0
 * its thread count. Returns BRINK_OK or BRINK_EINVAL (err says which rank differs). */
int cli_mpi_handshake(const uint64_t *fingerprint, size_t n, unsigned threads, brink_error *err);

/* Rank 0: fills *remote with the source that hands runs to the other ranks (valid until
 * cli_mpi_finish). positions is the number of positions of the ensemble (its runs, or its
 * shard's): the chunks shrink as the runs left to hand out do, so that the ranks end together. */
void cli_mpi_remote(brink_ensemble_remote *remote, uint64_t positions);

/* Ranks other than 0: runs the runs rank 0 hands out, with threads worker threads, until rank 0
 * says stop. Returns BRINK_OK, or an error (also reported to rank 0). */
int cli_mpi_work(const brink_scenario *sc, uint64_t seed, unsigned threads, brink_error *err);

#endif
