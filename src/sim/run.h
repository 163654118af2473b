/* SPDX-License-Identifier: MIT */
/*
 * run.h — one simulated history: the step schedule of MODEL.md section 2 over the mechanisms of
 * src/world, the evaluation of the scenario's questions, and the record a run hands to the
 * ensemble (internal to the library).
 *
 * A runner belongs to one worker thread and is reused for many runs; it allocates everything at
 * creation, so running allocates nothing. The record it returns is valid until the next run.
 */
#ifndef BRINK_SIM_RUN_H
#define BRINK_SIM_RUN_H

#include "brink.h"
#include "world/world.h"

/* Longest cause chain kept per question (events, the resolving one included). */
#define BRINK_CHAIN_MAX 6

/* Outcome of one question in one run. */
enum {
    BRINK_Q_NO = 0,
    BRINK_Q_YES = 1,
    BRINK_Q_UNMODELLED = -1 /* no mechanism of this build can produce the event or indicator */
};

typedef struct brink_run_record {
    uint64_t seed, run;
    int failed;                /* the run failed (error holds why); outcomes are not valid */
    brink_error error;
    size_t nq, nseries;
    long nsteps;
    signed char *outcome;      /* [nq] BRINK_Q_* */
    long *resolved_step;       /* [nq] step at which the question resolved YES, or -1 */
    long *chain;               /* [nq * BRINK_CHAIN_MAX] event indices, resolving event first,
                                  then its cause, ...; -1 past the end (event questions only) */
    double *trajectory;        /* [nsteps * nseries] series values at the end of each step */
    const brink_world *world;  /* the run's final world: its event log and series (borrowed) */
} brink_run_record;

typedef struct brink_runner brink_runner;

/* Creates a runner for sc. Errors: BRINK_ENOMEM. Free with brink_runner_free. */
int brink_runner_new(const brink_scenario *sc, brink_runner **out, brink_error *err);
void brink_runner_free(brink_runner *r);

/* Runs run index `run` of master seed `seed` from step 0 to the horizon and returns its record
 * (owned by the runner; valid until the next call). A failed run returns BRINK_OK with
 * record->failed set; only a broken runner returns an error. */
int brink_runner_run(brink_runner *r, uint64_t seed, uint64_t run, const brink_run_record **rec,
                     brink_error *err);

/* Phases at which a runner calls its observer. */
enum {
    BRINK_RUN_STEP_END = 0 /* after the step's mechanisms and the sampling of its series */
};

/* An observer of a run: called with the world (read-only), the step and the phase. It must not
 * change the world (it gets a const pointer); it may read the event log, w->value (this step's
 * series values) and the mechanisms' observation functions (e.g. brink_decide_options). It runs
 * on the runner's thread. */
typedef void (*brink_run_observer)(void *ctx, const brink_world *w, long step, int phase);

/* Sets r's observer (fn NULL: none), called at BRINK_RUN_STEP_END of every step of every later
 * run with ctx (borrowed; it must outlive the runs). Observing changes no result: the record is
 * the same with and without an observer. */
void brink_runner_set_observer(brink_runner *r, brink_run_observer fn, void *ctx);

/* 1 when some mechanism of this build can produce events of type t, or the indicator ind. */
int brink_event_modelled(brink_event_type t);
int brink_indicator_modelled(brink_indicator ind);

#endif
