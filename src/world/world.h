/* SPDX-License-Identifier: MIT */
/*
 * world.h — the state of one simulated history and the interface every mechanism implements
 * (internal to the library; the engine's public API is in brink.h).
 *
 * State lives in flat arrays indexed by actor, ordered pair (from * na + to), flow, market or
 * programme. All mutable state sits in ONE contiguous block (`mut`, a brink_world_mut), so a
 * decision can copy the world cheaply (brink_world_projection_start: the part of the block that
 * projections write; the rest is read in place) and project the mechanisms forward to score an
 * action — the "mechanisms' own projection" of MODEL.md section 3. Everything a run
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
 * per-chokepoint nc. A mechanism adds its state here and one line in world.c's lay_out, marked
 * W when any code that runs inside a decision's projection (w->projecting) may write the array,
 * else R: a projection copies only the W part and reads the R part in place in the world it
 * projects (brink_world_projection_start). Marking an array R that a projection writes is caught
 * by the checked projections of Debug builds and tests (brink_world_projection_end). */
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
    double *legitimacy;       /* [na] 0-1 (domestic.c) */
    double *protest;          /* [na] share of the population protesting, 0-1 (domestic.c) */
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
    /* nuclear programmes (nuclear.c): per programme p, per level l (index p * BRINK_MAX_LEVELS
     * + l, levels as in the scenario's programme) */
    double *nuc_stock;        /* [np*BRINK_MAX_LEVELS] enriched uranium at each level, kg U */
    double *nuc_capacity;     /* [np] installed enrichment capacity, multiple of the scenario's */
    double *nuc_integrity;    /* [np] share of enrichment facilities working, 0-1 */
    double *nuc_iaea;         /* [np] IAEA access, 0-1 */
    double *nuc_level_cap;    /* [np] an agreement's cap on enrichment level, % (0: none) */
    double *nuc_stock_cap;    /* [np] an agreement's cap on total enriched stock, kg U (0: none) */
    double *nuc_grievance;    /* [np] the owner's grievance from hostile acts (decays) */
    double *nuc_ref_latency;  /* [np] the latency the world has got used to */
    int *nuc_level;           /* [np] index of the highest level enriched now, or -1 */
    int *nuc_running;         /* [np] 1 while enrichment runs */
    int *nuc_frozen;          /* [np] 1 while a deal freezes the programme */
    int *nuc_npt;             /* [np] 1 while the owner is an NPT member */
    /* escalation, proxies and chokepoints (conflict.c) */
    double *air_defence;      /* [na] share of the actor's air defences working, 0-1 */
    double *proxy_capacity;   /* [na] an armed group's capacity, 0-1 (1: full strength) */
    double *casualties;       /* [na] rough count of the actor's people killed in strikes */
    double *war_cost;         /* [na*na] costs from suffered strikes (decays), rung units */
    double *grievance;        /* [na*na] hostility impulse of strikes suffered (decays) */
    double *blocked;          /* [nf] share of the flow's route closed by a chokepoint, 0-1
                               * (the economy delivers volume x (1 - blocked)) */
    double *undelivered;      /* [nf] volume the blockage withholds this step (economy.c) */
    double *choke_shock;      /* [nc] log price jump the chokepoint's closure holds on oil */
    int *choke_status;        /* [nc] brink_choke_status of conflict.h */
    int *pending_rung;        /* [na*na] rung of to's unanswered strike on from, 0: none */
    int *pending_depth;       /* [na*na] its place in a chain of replies (0: a first move) */
    int *pending_step;        /* [na*na] step of that strike */
    int *pending_event;       /* [na*na] its event index (a cause), or -1 */
    int *signal_event;        /* [na*na] the event of from's signal of its reply, or -1 */
    int *reply_due;           /* [na*na] step at which from's signalled reply falls due, -1 */
    int *reply_rung;          /* [na*na] rung of that signalled reply */
    int *last_strike;         /* [na*na] step of from's last strike on to, -1 */
    int *stance;              /* [na*na] a restraining power's stance on from's strikes on to
                               * (brink_stance of conflict.h) */
    /* domestic stability and leadership (domestic.c; legitimacy and protest above are its too).
     * Per actor; meaningful for the states the domestic submodel covers and, for the leader
     * fields, for factions with a birth date. */
    double *dom_legit_base;   /* [na] legitimacy without the rally effect, 0-1 */
    double *dom_rally;        /* [na] rally-round-the-flag boost of legitimacy (decays) */
    double *dom_grievance;    /* [na] grievance H (1 - L), 0-1 */
    double *dom_instigators;  /* [na] share of the population a trigger put on the street (decays) */
    double *dom_crackdown;    /* [na] intensity of the current crackdown, 0-1 (decays) */
    double *dom_shutdown;     /* [na] intensity of the current internet shutdown, 0-1 (decays) */
    double *dom_fx_prev;      /* [na] exchange rate at the end of the last domestic step */
    double *hardliner_share;  /* [na] a state's factional balance: hard-liners' share of
                               * influence, 0-1 (the negotiation weights factions by it) */
    double *leader_age;       /* [na] a leader faction's leader's age, years (0: no leader) */
    double *hawk_shift;       /* [na] change of a faction's hawkishness since the start, from
                               * successions (the negotiation adds it to the disposition) */
    double *position_shift;   /* [na] change of a faction's positions since the start, issue
                               * points on every issue it has a stake in, from successions */
    int *dom_wave;            /* [na] 1 while a protest wave is under way */
    int *dom_wave_event;      /* [na] index of the event that started it, or -1 */
    int *dom_split;           /* [na] 1 once the security forces have split */
    int *dom_collapsed;       /* [na] 1 once the regime has collapsed */
    int *leader_alive;        /* [na] 0 between a leader's death and the successor's naming */
    int *leader_due;          /* [na] step at which the successor is named, or -1 */
    int *leader_death_event;  /* [na] index of the death event, or -1 */
    int *successions;         /* [na] successors named since the start */
    /* negotiation (diplomacy.c): advocated positions, talks and deals. Per-dyad arrays have one
     * entry per negotiating dyad d (at most ndy = the scenario's principal relations; index as
     * diplomacy.c orders its dyads). */
    double *adv_pos;          /* [na*nissues] an actor's advocated position on each issue (0-100;
                               * its ideal where it has no stake at a table) */
    double *deal_pos;         /* [ndy*nissues] the agreed point of the dyad's deal */
    double *deal_enf0;        /* [ndy*2] enforcement a -> b, b -> a when the deal was signed */
    double *deal_enf_target;  /* [ndy*2] the enforcement the deal's relief brings them down to */
    int *deal_step;           /* [ndy] step the dyad's deal was signed, or -1 (none in force) */
    int *deal_event;          /* [ndy] index of its deal_signed event, or -1 */
    int *deal_interim;        /* [ndy] 1 while the deal in force is an interim one */
    int *talks_event;         /* [ndy] index of the event that opened the dyad's talks, or -1 */
    int *talks_step;          /* [ndy] step the talks opened (or were upgraded), or -1 */
    double *dip_forecast;     /* [nissues] the last bargaining round's forecast per issue */
    int *dip_round;           /* [1] step of the last bargaining round, or -1 */
} brink_world_mut;

/* An indicator series: one quantity sampled every step (MODEL.md section 4). */
typedef struct brink_series {
    brink_indicator indicator;
    brink_subject_kind subject_kind;
    int subject, subject2;    /* indices; subject2 for dyads, else -1 */
    int issue;                /* for positions, else -1 */
    char name[96];            /* e.g. "oil_exports_mbd:IRN", "rung:ISR>IRN" */
} brink_series;

/* brink_world_rng's memo of the streams' hash (core/rng.h) up to the run, and up to each
 * mechanism and the step: valid for the (seed, run) and the step it holds, checked at every draw
 * (so nothing that moves w->step or starts a run has to clear it). */
typedef struct brink_rng_memo {
    int filled;                      /* 0: empty */
    uint64_t seed, run;              /* the run of root */
    uint64_t root;                   /* brink_rng_prefix(seed, run, none) */
    long step;                       /* the step of mech[] */
    unsigned valid;                  /* bit m: mech[m] holds (seed, run, m, step) */
    uint64_t mech[BRINK_MECH_COUNT]; /* brink_rng_prefix(seed, run, {m, step}) */
} brink_rng_memo;

/* The world of one run. Created by brink_world_new for a scenario and reused across runs by one
 * worker (brink_world_reset), so a worker allocates once. */
typedef struct brink_world {
    const brink_scenario *sc;
    double *draws;            /* [sc->nvalues] this run's values (brink_scenario_draw) */
    uint64_t seed, run;
    long step;                /* current step, 0..nsteps-1 */
    brink_rng_memo *rng_memo; /* brink_world_rng's (from the arena), or NULL: no memo */
    long nsteps;
    double dt_weeks;          /* step length in weeks */
    long proj_k;              /* steps per coarse step of a projection (decide.projection_step_weeks) */
    double proj_dt_weeks;     /* proj_k x the world's step length (set by reset) */
    size_t na, nf, nm, np, ni, nc; /* actors, flows, markets, programmes, instruments, chokepoints */
    int projecting;           /* 1 inside a decision's projection: no events, no randomness */

    brink_world_mut m;        /* the mutable state (one block: mut_block) */
    void *mut_block;
    size_t mut_bytes;
    size_t mut_w_bytes;       /* the leading part of the block that projections write (lay_out's
                               * W arrays); the rest (R) is read-only inside projections */
    const void *mut_r_block;  /* the block whose R part m points into: mut_block, or in a
                               * projection world the R part of the world it projects */
    size_t ndy;               /* negotiating dyads (per-dyad arrays of diplomacy.c) */
    const long *strike_steps; /* [nstrike_steps] steps of the schedule's strikes, ascending: a
                               * projection over one of them writes R arrays and copies in full */
    size_t nstrike_steps;
    void *proj_saved;   /* scratch worlds: a copy of what a projection reads in place, made
                         * at its start in the checked mode (BRINK_PROJ_CHECKED) */
    int proj_partial;   /* 1 while the R part and draws/base_* alias another world's */
    int proj_param;     /* registry index of decide.projection_step_weeks, or -1 */
    unsigned proj_skip; /* mechanisms (bits 1 << brink_mech) that brink_world_project_block
                         * skips in this projection: set after brink_world_projection_start
                         * by a caller whose objective reads nothing they write */
    /* Set after brink_world_projection_start (which resets them) by a caller whose objective
     * reads only some actors' economies (decide.c): proj_econ [nproj_econ], ascending, lists
     * the actors whose economies the economy's step advances in this projection, and only what
     * their revenue, volumes and discounts depend on (not news, exchange rate, inflation,
     * hardship); the others keep their state (each actor's economy reads only its own state,
     * what bears on it and the prices: economy.c). NULL: every economy, in full. With proj_econ
     * set, proj_prices [2 nm] (or NULL) gives the price shocks and prices the economy's next
     * step sets instead of stepping them: those of an earlier projection of the same world over
     * the same advances (decide.c's holding path), as prices depend on nothing an action moves. */
    const size_t *proj_econ;
    size_t nproj_econ;
    const double *proj_prices;
    /* a projection world's cache of the enforcement pressure on each seller (economy.c's
     * brink_economy_pressure): valid where proj_pressure_ok[s] is 1; emptied at the start of a
     * projection and, for one seller, by every change of its enforcement or UN sanctions (which
     * go through economy.c). NULL in a world that is not a scratch world. */
    double *proj_pressure;           /* [na] */
    unsigned char *proj_pressure_ok; /* [na] */
    /* a projection world's cache of the enforcement each actor maintains (decide.c's objective:
     * the sum over targets t != a of enforcement[a][t], in index order): valid where
     * proj_enf_ok[a] is 1; emptied at the start of a projection and, for one sender, by every
     * change of its enforcement (brink_economy_set_enforcement, through which every change
     * inside a projection goes). NULL in a world that is not a scratch world. */
    double *proj_enf_sum;       /* [na] */
    unsigned char *proj_enf_ok; /* [na] */
    /* What of the pair arrays enforcement and resolve_belief the projection under way wrote, for
     * brink_world_projection_restart: the entries of enforcement (indices, logged by
     * brink_economy_set_enforcement, through which every change inside a projection goes), or
     * proj_enf_dirty = 1 when more changed than the log holds; proj_belief_dirty = 1 when
     * resolve_belief was written (decide.c's commitments, which set it). proj_src is the world
     * the projection started from. */
    size_t proj_enf_log[8];
    size_t nproj_enf_log;
    int proj_enf_dirty, proj_belief_dirty;
    const struct brink_world *proj_src;
    /* brink_world_project_block's lists of the mechanisms it steps, made for proj_skip =
     * proj_lists_skip (proj_lists_made = 0: not yet), so that a block does not scan the order */
    const struct brink_mechanism *proj_clock[BRINK_MECH_COUNT], *proj_coarse[BRINK_MECH_COUNT];
    size_t nproj_clock, nproj_coarse;
    int proj_clock_hooks; /* 1: every clock listed has the quiet and clock_block hooks */
    unsigned proj_lists_skip;
    int proj_lists_made;
    /* brink_world_project_block's last answer of the clocks' quiet hooks: asked at step
     * proj_quiet_from (-1: no answer kept), the least of them was proj_quiet (> that step). By
     * the hooks' contract (brink_mechanism's quiet) every step in between gets the same answer
     * until a clock steps singly or a projection starts, which drop it. */
    long proj_quiet_from, proj_quiet;
    int proj_checked; /* 1 while projecting in the checked mode (set by the start of each
                       * projection from brink_world_projection_mode, read by its caches) */

    /* baselines the stocks revert to (set at reset from the draws) */
    double *base_volume;      /* [nf] */
    double *base_price;       /* [nm] */
    double *base_discount;    /* [nf] */
    /* the world's own draws and baselines (a projection world points draws/base_* at those of
     * the world it projects; these keep its own for full copies) */
    double *own_draws, *own_base_volume, *own_base_price, *own_base_discount;

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
     * numbers (use expected values), record no events and write only arrays marked W in
     * world.c's lay_out; 0: skipped there (e.g. decisions). */
    int projects;
    /* 1: inside a projection it advances once per block of w->proj_k steps, with w->dt_weeks set
     * to the block's length (brink_world_project_block): a mechanism with continuous dynamics
     * whose per-run caches hold its constants for both dt_weeks and proj_dt_weeks, and that
     * reads no step index in a projection. 0: steps at every step of the block. */
    int coarse;
    /* Optional, for a mechanism that projects and is not coarse (a clock), both or neither:
     * quiet returns the first step >= first at which its step may, inside a projection, write
     * state that another clock reads or read state another clock writes (LONG_MAX: never, as
     * far as the state at step `first` tells). Over a stretch of k steps from `first` that
     * every clock's quiet is past, brink_world_project_block advances each clock with one call
     * of clock_block(w, first, k), which must leave the world exactly (to the bit) as k calls of
     * step at steps first..first+k-1 would (with w->step set to each), w->step being anything
     * on entry and exit. At a step that is not quiet, or when a clock lacks the hooks, the
     * clocks step one by one. The answer must hold over the stretch it gives: for first <= t <
     * q = quiet(w, first), quiet(w, t) is q as long as only clock_block calls over steps before
     * t and the coarse mechanisms' steps ran since (brink_world_project_block keeps the answer
     * for those steps; the checked projection mode asks again and stops the program when the
     * answers differ). */
    long (*quiet)(const brink_world *w, long first);
    void (*clock_block)(brink_world *w, long first, long k);
} brink_mechanism;

/* Creates a world for sc with room for cap_events events per run (0: 4096). Returns BRINK_OK,
 * BRINK_ENOMEM. Free with brink_world_free. Not thread-safe; one per worker. */
int brink_world_new(const brink_scenario *sc, size_t cap_events, brink_world **out,
                    brink_error *err);
void brink_world_free(brink_world *w);

/* As brink_world_new for a projection world (w->scratch = 1): no mechanism init hooks run, so a
 * mechanism may create one inside its own init without recursion. */
int brink_world_new_scratch(const brink_scenario *sc, brink_world **out, brink_error *err);

/* Advances projection world s (s->projecting) by one block of k >= 1 steps starting at step
 * `first`: the mechanisms that project step at each of the k steps, except the coarse ones, which
 * step once at the block's last step with s->dt_weeks = k x the step length. Mechanisms in
 * s->proj_skip do not step. With k = 1 and no skips it is brink_world_step at step `first`.
 * Over the stretches of the block in which no clock can act on another's state (every quiet
 * hook answers a step past them: most blocks whole), each clock advances over the stretch at
 * once (its clock_block hook), to the same bits; at the steps between them they step in order. */
void brink_world_project_block(brink_world *s, long first, long k);

/* Prepares run `run` of master seed `seed`: draws the scenario's values and resets every
 * mechanism. Returns BRINK_OK or BRINK_ERANGE (a truncated draw failed; err names the value). */
int brink_world_reset(brink_world *w, uint64_t seed, uint64_t run, brink_error *err);

/* Copies the mutable state of src into dst (two worlds of the same scenario); dst projects. A
 * full copy: dst owns every array afterwards. */
void brink_world_copy(brink_world *dst, const brink_world *src);

/* Starts a projection of src in projection world dst (a scratch world of src's scenario) that
 * will step no further than step `last`: dst gets src's step, seed, run and mechanism states,
 * projecting = 1, a copy of the W part of the mutable state, and reads the R part, the draws
 * and the baselines in place in src (read-only: no code that runs while projecting writes
 * them). When the schedule has a strike in (src->step, last] (a strike writes R arrays) or the
 * projection mode is BRINK_PROJ_FULL, it copies everything as brink_world_copy. src must stay
 * unchanged until the projection ends. */
void brink_world_projection_start(brink_world *dst, const brink_world *src, long last);

/* As brink_world_projection_start, for a projection world dst whose last projection was of
 * src, src being unchanged since (the caller's guarantee: decide.c's projections of one review):
 * the pair arrays enforcement and resolve_belief, most of what a projection copies, are not
 * copied again; the entries of them that the last projection wrote (its log: proj_enf_log,
 * proj_enf_dirty, proj_belief_dirty) are put back from src instead. The same state as
 * brink_world_projection_start, to the bit. In the checked mode it verifies that the pair
 * arrays then equal src's; when they do not (a write that bypassed the log, or a changed src) it
 * copies them, says so on stderr and returns -1 (decide.c stops the program); else 0. Where dst's
 * last projection was not a partial one of src (or in the full mode, or over a scheduled strike)
 * it is brink_world_projection_start. */
int brink_world_projection_restart(brink_world *dst, const brink_world *src, long last);

/* Ends a projection started by brink_world_projection_start. In the checked mode it verifies
 * that the R part, draws and baselines the projection read in place are unchanged and returns
 * -1 (after a message on stderr) when they are not; else 0. */
int brink_world_projection_end(brink_world *dst);

/* How projections copy the world: BRINK_PROJ_ALIAS (copy the W part, read the rest in place;
 * the default of Release builds), BRINK_PROJ_CHECKED (as ALIAS, and brink_world_projection_end
 * compares the part read in place with a copy made at the start; the default of Debug builds,
 * NDEBUG undefined), BRINK_PROJ_FULL (copy
 * everything). Results are identical in every mode. Process-wide, for tests: set it before
 * runs start, never while worlds step. */
enum { BRINK_PROJ_ALIAS = 0, BRINK_PROJ_CHECKED = 1, BRINK_PROJ_FULL = 2 };
void brink_world_set_projection_mode(int mode);
int brink_world_projection_mode(void);

/* Whether brink_world_project_block may advance the clocks over a quiet block at once (1, the
 * default) or must step them step by step (0; see brink_mechanism's quiet and clock_block).
 * Results are identical either way. Process-wide, for tests: set it before runs start. */
void brink_world_set_clock_blocks(int on);
int brink_world_clock_blocks(void);

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

/* A chance of acting that no quantal choice capped at max_h_per_week can reach: an upper bound on
 * brink_hazard_prob(sum, dt_weeks) for a sum of quantal hazards max_h x a share <= 1 (each
 * weight is at most the normaliser, which sums them and the hold's). The computed sum exceeds
 * max_h only by the rounding of its few operations (a relative 1e-14 at most for the options a
 * mechanism lists), which the factor 1 + 1e-12 covers; brink_hazard_prob rises with the hazard,
 * and the margin of 4 DBL_EPSILON covers its own rounding (expm1 within an ulp or two). So a
 * uniform draw at or above it rules an act out whatever the utilities, and a mechanism may draw
 * first and skip weighing its options (conflict's choose, nuclear's decide, domestic's respond). */
double brink_hazard_prob_bound(double max_h_per_week, double dt_weeks);

#endif
