/* SPDX-License-Identifier: MIT */
/*
 * world.h — the state of one simulated history and the interface every mechanism implements
 * (internal to the library; the engine's public API is in brink.h).
 *
 * State lives in flat arrays indexed by actor, ordered pair (from * na + to), flow, market or
 * programme. All mutable state sits in ONE contiguous block (`mut`, a brink_world_mut), so a
 * decision can copy the world cheaply (brink_world_copy) and project the mechanisms forward to
 * score an action — the "mechanisms' own projection" of MODEL.md section 3. Everything a run
 * allocates comes from its arena at init; the step loop allocates nothing.
 *
 * Randomness: a mechanism draws only from brink_world_rng(w, MECH, key), a stream keyed by
 * (seed, run, mechanism id, step, key), so that adding an actor, a mechanism or a parameter never
 * reshuffles another mechanism's draws, and two scenarios compared run by run share them.
 *
 * Units: time in weeks (dt_weeks = step_days / 7); money in USD bn per year unless a name says
 * otherwise; volumes in the flow's commodity unit (mb/d for oil); indices in [0, 1].
 */
#ifndef BRINK_WORLD_H
#define BRINK_WORLD_H

#include "brink.h"
#include "core/arena.h"

/* Mechanism ids: the order of the step schedule (MODEL.md section 2) and the first key of each
 * mechanism's random stream. Append new ones; never renumber (it would change every draw). */
typedef enum brink_mech {
    BRINK_MECH_SHOCKS = 1,  /* oil-price process, leader mortality, incidents */
    BRINK_MECH_SCHEDULE,    /* dated scenario events and instrument clocks */
    BRINK_MECH_DECIDE,      /* actors' choices */
    BRINK_MECH_ECONOMY,     /* flows, discount, revenue, exchange rate, inflation, hardship */
    BRINK_MECH_DOMESTIC,
    BRINK_MECH_NUCLEAR,
    BRINK_MECH_CONFLICT,
    BRINK_MECH_DIPLOMACY,
    BRINK_MECH_BELIEFS,
    BRINK_MECH_COUNT
} brink_mech;

const char *brink_mech_name(brink_mech m);

/* One event of a run's log. */
typedef struct brink_event {
    long step;
    brink_event_type type;
    int actor;     /* actor index, or -1 */
    int target;    /* actor index, or -1 */
    int flow;      /* flow index, or -1 */
    int mech;      /* the mechanism that produced it (brink_mech) */
    long cause;    /* index of the earlier event that led to it, or -1 */
    double size;   /* a magnitude where one applies (e.g. the change in enforcement), else 0 */
} brink_event;

/* Mutable state of a run, as offsets into one block of doubles and ints. Every array here is
 * part of `brink_world_mut` and is copied by brink_world_copy. Per-actor arrays have na entries,
 * per-pair arrays na*na (index from * na + to), per-flow nf, per-market nm, per-programme np,
 * per-chokepoint nc. A mechanism adds its state here and one line in world.c's lay_out. */
typedef struct brink_world_mut {
    /* markets */
    double *price;            /* [nm] benchmark price (USD per unit) */
    double *price_shock;      /* [nm] log deviation of the price from its baseline */
    /* flows */
    double *volume;           /* [nf] current volume (commodity unit) */
    double *lost;             /* [nf] volume cut by enforcement and not yet regained */
    double *discount;         /* [nf] USD per unit below the benchmark */
    int *waiver_active;       /* [nf] 1 while the flow's waiver holds (flows without one: 1) */
    /* pairs */
    double *enforcement;      /* [na*na] intensity of from's sanctions enforcement on to, 0-1 */
    double *alignment;        /* [na*na] */
    double *trust_alpha;      /* [na*na] */
    double *trust_beta;       /* [na*na] */
    double *hostility;        /* [na*na] */
    int *rung;                /* [na*na] */
    int *talks;               /* [na*na] brink_talks_status */
    /* actors: state internals (only meaningful for actors whose scenario gives them) */
    double *revenue;          /* [na] USD bn/yr */
    double *oil_revenue;      /* [na] USD bn/yr from exported flows */
    double *fx;               /* [na] open-market exchange rate, local per USD */
    double *fx_trend;         /* [na] log depreciation per week at the current pressure */
    double *inflation;        /* [na] fraction/yr */
    double *gdp_index;        /* [na] real output, 1 at the start */
    double *hardship;         /* [na] 0-1 */
    double *legitimacy;       /* [na] 0-1 */
    double *protest;          /* [na] 0-1 */
    double *news;             /* [na] shock pressure received this step (decays; drives fx jumps) */
    /* instruments */
    int *inst_state;          /* [ni] 0 idle, 1 notified, 2 in effect, 3 expired unused */
    long *inst_step;          /* [ni] step of notification, or -1 */
    double *un_sanctions;     /* [na] 1 while UN sanctions on the actor are in force */
    /* decisions (decide.c): buyers' choices, public threats, beliefs about resolve */
    double *buyer_cut;        /* [nf] share of the flow's base purchases its buyer withdrew, 0-1
                               * (the economy scales the buyer's demand by 1 - buyer_cut) */
    double *resolve_belief;   /* [na*na] from's belief that to carries out what it threatens, 0-1,
                               * as of step commit_step[to] (it reverts lazily: read it with
                               * brink_decide_resolve_belief) */
    double *audience_cost;    /* [na] utility/yr the actor bears for threats not carried out, as
                               * of commit_step (read it with brink_decide_audience_cost) */
    double *threat_level;     /* [na] enforcement on threat_target that the actor's outstanding
                               * threat commits it to reach */
    int *threat_kind;         /* [na] the actor's outstanding public threat, one at a time
                               * (brink_threat_kind of decide.h; 0: none) */
    int *threat_target;       /* [na] its target (an actor index) */
    int *threat_due;          /* [na] last step at which carrying it out fulfils it */
    int *commit_step;         /* [na] step as of which the actor's audience_cost and the beliefs
                               * about its resolve (its column of resolve_belief) are stored */
} brink_world_mut;

/* An indicator series: one quantity sampled every step (MODEL.md section 4). */
typedef struct brink_series {
    brink_indicator indicator;
    brink_subject_kind subject_kind;
    int subject, subject2;    /* indices; subject2 for dyads, else -1 */
    int issue;                /* for positions, else -1 */
    char name[96];            /* e.g. "oil_exports_mbd:IRN", "rung:ISR>IRN" */
} brink_series;

/* The world of one run. Created by brink_world_new for a scenario and reused across runs by one
 * worker (brink_world_reset), so a worker allocates once. */
typedef struct brink_world {
    const brink_scenario *sc;
    double *draws;            /* [sc->nvalues] this run's values (brink_scenario_draw) */
    uint64_t seed, run;
    long step;                /* current step, 0..nsteps-1 */
    long nsteps;
    double dt_weeks;          /* step length in weeks */
    size_t na, nf, nm, np, ni, nc; /* actors, flows, markets, programmes, instruments, chokepoints */
    int projecting;           /* 1 inside a decision's projection: no events, no randomness */

    brink_world_mut m;        /* the mutable state (one block: mut_block) */
    void *mut_block;
    size_t mut_bytes;

    /* baselines the stocks revert to (set at reset from the draws) */
    double *base_volume;      /* [nf] */
    double *base_price;       /* [nm] */
    double *base_discount;    /* [nf] */

    /* event log of the run (capacity fixed at creation; events past it are counted, not kept) */
    brink_event *events;
    size_t nevents, cap_events, dropped_events;

    /* indicator series and this step's values */
    brink_series *series;
    size_t nseries;
    double *value;            /* [nseries] sampled at the end of each step */

    int scratch;              /* 1 for a projection world: mechanisms' init hooks are skipped */
    void *mstate[BRINK_MECH_COUNT]; /* private state of each mechanism (init) */

    brink_arena arena;
} brink_world;

/* A mechanism: reset prepares its part of the state for a new run (from w->draws), step advances
 * it by one step. Both may read everything; step writes only its own part of the state, in a
 * fixed order, drawing only from brink_world_rng(w, its id, key). */
typedef struct brink_mechanism {
    brink_mech id;
    /* Optional: called once by brink_world_new to allocate the mechanism's private state
     * (w->mstate[id], from w->arena); fini (optional) releases what the arena does not own. */
    int (*init)(brink_world *w, brink_error *err);
    void (*fini)(brink_world *w);
    void (*reset)(brink_world *w);
    void (*step)(brink_world *w);
    /* 1: also steps inside a decision's projection (w->projecting), where it must draw no random
     * numbers (use expected values) and record no events; 0: skipped there (e.g. decisions). */
    int projects;
} brink_mechanism;

/* Creates a world for sc with room for cap_events events per run (0: 4096). Returns BRINK_OK,
 * BRINK_ENOMEM. Free with brink_world_free. Not thread-safe; one per worker. */
int brink_world_new(const brink_scenario *sc, size_t cap_events, brink_world **out,
                    brink_error *err);
void brink_world_free(brink_world *w);

/* As brink_world_new for a projection world (w->scratch = 1): no mechanism init hooks run, so a
 * mechanism may create one inside its own init without recursion. */
int brink_world_new_scratch(const brink_scenario *sc, brink_world **out, brink_error *err);

/* Prepares run `run` of master seed `seed`: draws the scenario's values and resets every
 * mechanism. Returns BRINK_OK or BRINK_ERANGE (a truncated draw failed; err names the value). */
int brink_world_reset(brink_world *w, uint64_t seed, uint64_t run, brink_error *err);

/* Copies the mutable state of src into dst (two worlds of the same scenario); dst projects. */
void brink_world_copy(brink_world *dst, const brink_world *src);

/* The random stream of mechanism mech at the current step for key (an actor or flow index, or
 * 0): keyed by (seed, run, mech, step, key). */
brink_rng brink_world_rng(const brink_world *w, brink_mech mech, uint64_t key);

/* Records an event at the current step and returns its index (for causes), or -1 when
 * projecting or when the log is full (then dropped_events counts it). */
long brink_world_event(brink_world *w, brink_event_type type, int actor, int target, int flow,
                       brink_mech mech, long cause, double size);

/* Advances every mechanism by one step in schedule order (inside a projection only those with
 * `projects`). The caller advances w->step afterwards. */
void brink_world_step(brink_world *w);

/* Samples every series into w->value (end of step). */
void brink_world_sample(brink_world *w);

/* The value of a registered parameter for an actor/dyad/flow in this run (draws resolved). */
double brink_world_param(const brink_world *w, int param, int actor, int other, int flow);

/* A scenario value of this run (fixed or drawn). */
static inline double brink_world_value(const brink_world *w, const brink_value *v)
{
    return v->slot != (size_t)-1 ? w->draws[v->slot] : v->value;
}

/* Index of a series, or -1. */
int brink_world_series_find(const brink_world *w, brink_indicator ind, brink_subject_kind kind,
                            int subject, int subject2, int issue);

/* Half-life reversion factor for a step: the share of a gap that remains after dt weeks. */
double brink_halflife_keep(double halflife_weeks, double dt_weeks);

/* Probability that an event with hazard h per week happens within dt weeks: 1 - exp(-h dt). */
double brink_hazard_prob(double h_per_week, double dt_weeks);

#endif
