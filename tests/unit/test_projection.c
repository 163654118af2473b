/* SPDX-License-Identifier: MIT */
/*
 * test_projection.c — world: decisions' projections copy only the state they write (lay_out's W
 * arrays) and read the rest (R arrays, draws, baselines) in place in the world they project
 * (brink_world_projection_start).
 *
 * - Same results: the built-in scenario and every calibration scenario, run for a few runs of
 *   their whole horizon, give the same world at every step (every array of the mutable state,
 *   the sampled series, the utilities and hazards of every actor's options and the event log,
 *   compared as bytes) whether projections copy the whole world and step every mechanism that
 *   projects (BRINK_PROJ_FULL) or copy only the W part, with decisions' projections skipping the
 *   nuclear mechanism their objective does not read, in the checked mode (BRINK_PROJ_CHECKED),
 * where every projection also verifies that what it read in place is unchanged at its end and stops
 *   the program otherwise. So an array wrongly marked R fails this test twice over. A last pass
 *   closes the built-in scenario's chokepoints early, so that projections also run the paths of
 *   blocked flows and held price jumps.
 * - The check can fail (negative control): a projection that writes an R array, a draw or a
 *   baseline is reported by brink_world_projection_end; one that writes only W arrays is not.
 * - Clocks over whole blocks: the same traces (every scenario, and the built-in one with its
 *   chokepoints closed) agree whether brink_world_project_block advances the clocks over a quiet
 *   block at once (each mechanism's clock_block) or step by step (brink_world_set_clock_blocks).
 *   And at the level of single projections of the built-in scenario, with threats made (kept or
 *   left to lapse), purchases cut and chokepoints closed, the W part of the projection world is
 *   the same after every block either way; the test checks that these projections do take the
 *   whole-block path with threats outstanding, threats resolving inside such a block, cuts
 *   fading and chokepoints closed, and that some blocks fall back to steps, some of them after
 *   a quiet stretch taken at once.
 * - Aliasing is what it claims: in a partial projection the R arrays, draws and baselines are the
 *   source's and the W arrays the projection world's own; a projection over a scheduled strike
 *   (which writes R arrays) and every projection in BRINK_PROJ_FULL mode own everything.
 * - Restricted economies: an actor's objective along a projection is the same bits when only the
 *   economies it reads step, in the economy's lean step (world.h's proj_econ), as when every
 *   economy steps in full, for every option of every actor; stepping none changes it (negative
 *   control). (The traces above compare decisions' restricted projections, the pressure cache of
 *   projection worlds and the reuse of the holding path with BRINK_PROJ_FULL, which has none.)
 * - Reuse of the holding path: traces agree whether options' projections take prices and the
 *   economies they cannot reach from the holding path's record (and run only the clocks of cuts
 *   and threats that can move) or step them all; a wrong reach analysis changes them (negative
 *   control). (The traces also compare, against BRINK_PROJ_FULL, the options' restarts that do not
 *   copy the pair arrays again, the cached enforcement sums of objectives and the clocks' quiet
 *   answers kept over a stretch, none of which the full mode uses or trusts: the checked mode
 *   asks the hooks again and sums again.)
 * - Restarts: brink_world_projection_restart leaves the W part a start leaves, after projections
 *   that wrote one entry of enforcement, more than its log holds, or resolve_belief; a write that
 *   bypassed the log is reported in the checked mode (negative control).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brink.h"
#include "world/conflict.h"
#include "world/decide.h"
#include "world/economy.h"
#include "world/mechanisms.h"
#include "world/world.h"

#define RUNS 3

static const char *const scenarios[] = {
    BRINK_SOURCE_DIR "/scenarios/iran-2025.yaml",
    BRINK_SOURCE_DIR "/scenarios/calibration/enforcement-2024.yaml",
    BRINK_SOURCE_DIR "/scenarios/calibration/exchange-2024.yaml",
    BRINK_SOURCE_DIR "/scenarios/calibration/nuclear-2018.yaml",
    BRINK_SOURCE_DIR "/scenarios/calibration/protest-2019.yaml",
    BRINK_SOURCE_DIR "/scenarios/calibration/rial-2018.yaml",
    BRINK_SOURCE_DIR "/scenarios/calibration/talks-2012.yaml",
};

static brink_scenario *load(const char *path)
{
    brink_load_options opt = {0};
    brink_scenario *sc = NULL;
    brink_error err;
    int rc = brink_scenario_load_file(path, &opt, &sc, &err);
    if (rc)
        print_message("%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
    assert_int_equal(rc, BRINK_OK);
    return sc;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3u;
    return h;
}

/* Per step of RUNS runs of sc in projection mode `mode`: a hash of the world's whole mutable
 * block, its sampled series and the events of the step. With `close_at` >= 0 every chokepoint
 * is closed before that step (so that projections see blocked flows and held price jumps).
 * Returns a malloc'ed array. */
static uint64_t *trace(const brink_scenario *sc, int mode, long close_at, size_t *n)
{
    brink_world_set_projection_mode(mode);
    brink_world *w = NULL;
    brink_error err;
    assert_int_equal(brink_world_new(sc, 0, &w, &err), BRINK_OK);
    size_t cap = (size_t)RUNS * (size_t)sc->nsteps, k = 0;
    uint64_t *h = calloc(cap ? cap : 1, sizeof *h);
    assert_non_null(h);
    for (uint64_t r = 0; r < RUNS; r++) {
        assert_int_equal(brink_world_reset(w, sc->seed, r, &err), BRINK_OK);
        for (long s = 0; s < sc->nsteps; s++) {
            size_t first = w->nevents;
            w->step = s;
            if (s == close_at)
                for (size_t c = 0; c < w->nc; c++)
                    brink_conflict_set_chokepoint(w, (int)c, BRINK_CHOKE_CLOSED, -1, -1);
            brink_world_step(w);
            brink_world_sample(w);
            uint64_t x = 0xcbf29ce484222325u;
            x = fnv(x, w->mut_block, w->mut_bytes);
            x = fnv(x, w->value, w->nseries * sizeof *w->value);
            for (int a = 0; a < (int)w->na; a++) { /* every actor's scored options */
                const brink_action *acts;
                const double *u, *hz;
                size_t no = brink_decide_options(w, a, &acts, &u, &hz);
                x = fnv(x, &no, sizeof no);
                x = fnv(x, u, no * sizeof *u);
                x = fnv(x, hz, no * sizeof *hz);
            }
            for (size_t e = first; e < w->nevents; e++) {
                const brink_event *ev = &w->events[e];
                long f[6] = {ev->step, (long)ev->type, ev->actor, ev->target, ev->flow, ev->cause};
                x = fnv(x, f, sizeof f);
                x = fnv(x, &ev->size, sizeof ev->size);
            }
            h[k++] = x;
        }
    }
    brink_world_free(w);
    *n = k;
    return h;
}

static void full_and_partial_copies_agree(void **state)
{
    (void)state;
    int saved = brink_world_projection_mode();
    size_t ns = sizeof scenarios / sizeof scenarios[0];
    for (size_t i = 0; i <= ns; i++) {
        /* the last pass: the built-in scenario with its chokepoints closed at step 5 */
        brink_scenario *sc = load(scenarios[i < ns ? i : 0]);
        long close_at = i < ns ? -1 : 5;
        size_t nf = 0, np = 0;
        uint64_t *full = trace(sc, BRINK_PROJ_FULL, close_at, &nf);
        uint64_t *part = trace(sc, BRINK_PROJ_CHECKED, close_at, &np);
        assert_int_equal(nf, np);
        for (size_t k = 0; k < nf; k++)
            if (full[k] != part[k]) {
                print_message("%s: run %zu step %zu differs\n", scenarios[i < ns ? i : 0],
                              k / (size_t)sc->nsteps, k % (size_t)sc->nsteps);
                fail();
            }
        free(full);
        free(part);
        brink_scenario_free(sc);
    }
    brink_world_set_projection_mode(saved);
}

static void clock_blocks_agree(void **state)
{
    (void)state;
    int saved = brink_world_projection_mode(), saved_blocks = brink_world_clock_blocks();
    size_t ns = sizeof scenarios / sizeof scenarios[0];
    for (size_t i = 0; i <= ns; i++) {
        brink_scenario *sc = load(scenarios[i < ns ? i : 0]);
        long close_at = i < ns ? -1 : 5;
        size_t n0 = 0, n1 = 0;
        brink_world_set_clock_blocks(0);
        uint64_t *steps = trace(sc, BRINK_PROJ_CHECKED, close_at, &n0);
        brink_world_set_clock_blocks(1);
        uint64_t *blocks = trace(sc, BRINK_PROJ_CHECKED, close_at, &n1);
        assert_int_equal(n0, n1);
        for (size_t k = 0; k < n0; k++)
            if (steps[k] != blocks[k]) {
                print_message("%s: run %zu step %zu differs\n", scenarios[i < ns ? i : 0],
                              k / (size_t)sc->nsteps, k % (size_t)sc->nsteps);
                fail();
            }
        free(steps);
        free(blocks);
        brink_scenario_free(sc);
    }
    brink_world_set_clock_blocks(saved_blocks);
    brink_world_set_projection_mode(saved);
}

/* Whether brink_world_project_block takes the whole-block path for s at [first, first + k). */
static int block_is_quiet(const brink_world *s, long first, long k)
{
    for (size_t i = 0; i < brink_mechanism_count; i++) {
        const brink_mechanism *m = brink_mechanisms[i];
        if (!m->step || !m->projects || m->coarse || (s->proj_skip >> m->id & 1u))
            continue;
        if (!m->quiet || !m->clock_block || m->quiet(s, first) < first + k)
            return 0;
    }
    return 1;
}

/* The first step >= first at which a clock of s may act on another's (the least quiet hook),
 * or LONG_MAX. */
static long first_loud(const brink_world *s, long first)
{
    long q = LONG_MAX;
    for (size_t i = 0; i < brink_mechanism_count; i++) {
        const brink_mechanism *m = brink_mechanisms[i];
        if (!m->step || !m->projects || m->coarse || (s->proj_skip >> m->id & 1u) || !m->quiet)
            continue;
        long qm = m->quiet(s, first);
        if (qm < q)
            q = qm;
    }
    return q;
}

/* What the single projections of clock_blocks_agree_in_projections saw. */
typedef struct block_counts {
    long quiet, fallback, split, threat_outstanding, threat_resolved, cut_fading, closed;
} block_counts;

/* Projects w in s0 (step by step) and s1 (whole blocks) after applying acts[0..nacts) by actor a,
 * over `singles` single steps and 4 blocks of w->proj_k, comparing the W parts after each
 * advance. */
static void project_both(const brink_world *w, brink_world *s0, brink_world *s1, int a,
                         const brink_action *acts, size_t nacts, long singles, block_counts *n)
{
    long last = w->step + singles + 4 * w->proj_k;
    brink_world_projection_start(s0, w, last);
    brink_world_projection_start(s1, w, last);
    for (size_t i = 0; i < nacts; i++) {
        brink_decide_apply(s0, a, acts[i], -1);
        brink_decide_apply(s1, a, acts[i], -1);
    }
    long first = w->step + 1;
    for (long b = 0; b < singles + 4; b++) {
        long k = b < singles ? 1 : w->proj_k;
        int quiet = block_is_quiet(s1, first, k), threats = 0, cuts = 0, closed = 0;
        /* a block that is not quiet as a whole but starts with a quiet stretch, which the
         * clocks take at once before stepping */
        n->split += !quiet && first_loud(s1, first) > first;
        for (size_t x = 0; x < w->na; x++)
            threats += s1->m.threat_kind[x] != BRINK_THREAT_NONE;
        for (size_t f = 0; f < w->nf; f++)
            cuts += s1->m.buyer_cut[f] > 0;
        for (size_t c = 0; c < w->nc; c++)
            closed += s1->m.choke_status[c] != BRINK_CHOKE_OPEN;
        brink_world_set_clock_blocks(0);
        brink_world_project_block(s0, first, k);
        brink_world_set_clock_blocks(1);
        brink_world_project_block(s1, first, k);
        assert_int_equal(s0->step, s1->step);
        assert_memory_equal(s0->mut_block, s1->mut_block, s0->mut_w_bytes);
        if (k > 1) {
            n->quiet += quiet;
            n->fallback += !quiet;
        }
        if (k > 1 && quiet) {
            int left = 0;
            for (size_t x = 0; x < w->na; x++)
                left += s1->m.threat_kind[x] != BRINK_THREAT_NONE;
            n->threat_outstanding += threats > 0;
            n->threat_resolved += left < threats;
            n->cut_fading += cuts > 0;
            n->closed += closed > 0;
        }
        first += k;
    }
    assert_int_equal(brink_world_projection_end(s0), 0);
    assert_int_equal(brink_world_projection_end(s1), 0);
}

static void clock_blocks_agree_in_projections(void **state)
{
    (void)state;
    int saved = brink_world_projection_mode(), saved_blocks = brink_world_clock_blocks();
    brink_world_set_projection_mode(BRINK_PROJ_CHECKED);
    brink_scenario *sc = load(scenarios[0]);
    brink_world *w = NULL, *s0 = NULL, *s1 = NULL;
    brink_error err;
    assert_int_equal(brink_world_new(sc, 0, &w, &err), BRINK_OK);
    assert_int_equal(brink_world_new_scratch(sc, &s0, &err), BRINK_OK);
    assert_int_equal(brink_world_new_scratch(sc, &s1, &err), BRINK_OK);
    assert_int_equal(brink_world_reset(w, sc->seed, 0, &err), BRINK_OK);
    assert_true(w->proj_k > 1);
    block_counts n = {0};
    for (long step = 0; step < sc->nsteps && step < 60; step++) {
        w->step = step;
        if (step == 30) /* the second half with the chokepoints closed */
            for (size_t c = 0; c < w->nc; c++)
                brink_conflict_set_chokepoint(w, (int)c, BRINK_CHOKE_CLOSED, -1, -1);
        brink_world_step(w);
        if (step % 3 != 1)
            continue;
        for (int a = 0; a < (int)w->na; a++) {
            /* every option the actor weighed, then a threat left undone and one carried out */
            const brink_action *opts;
            const double *u, *hz;
            size_t no = brink_decide_options(w, a, &opts, &u, &hz);
            for (size_t o = 0; o < no; o++)
                project_both(w, s0, s1, a, &opts[o], 1, 2, &n);
            for (int t = 0; t < (int)w->na; t++) {
                if (t == a)
                    continue;
                brink_action acts[2] = {{BRINK_ACT_THREATEN, t, BRINK_THREAT_TIGHTEN},
                                        {BRINK_ACT_TIGHTEN, t, -1}};
                project_both(w, s0, s1, a, acts, 1, 2, &n);
                project_both(w, s0, s1, a, acts, 2, 2, &n);
                project_both(w, s0, s1, a, acts, 2, 0, &n); /* kept inside the first block */
            }
        }
    }
    print_message("blocks: %ld quiet, %ld stepped (%ld of them after a quiet stretch); quiet "
                  "with threats %ld, resolving %ld, cuts %ld, closed chokepoints %ld\n",
                  n.quiet, n.fallback, n.split, n.threat_outstanding, n.threat_resolved,
                  n.cut_fading, n.closed);
    assert_true(n.quiet > 0 && n.fallback > 0 && n.split > 0);
    assert_true(n.threat_outstanding > 0 && n.threat_resolved > 0);
    assert_true(n.cut_fading > 0 && n.closed > 0);
    brink_world_free(s1);
    brink_world_free(s0);
    brink_world_free(w);
    brink_scenario_free(sc);
    brink_world_set_clock_blocks(saved_blocks);
    brink_world_set_projection_mode(saved);
}

/* A world of the built-in scenario after `steps` steps of run 0, and a scratch world. */
static void fixture(brink_scenario **sc, brink_world **w, brink_world **s, long steps)
{
    brink_error err;
    *sc = load(scenarios[0]);
    assert_int_equal(brink_world_new(*sc, 0, w, &err), BRINK_OK);
    assert_int_equal(brink_world_new_scratch(*sc, s, &err), BRINK_OK);
    assert_int_equal(brink_world_reset(*w, (*sc)->seed, 0, &err), BRINK_OK);
    for (long k = 0; k < steps; k++) {
        (*w)->step = k;
        brink_world_step(*w);
    }
}

static void check_detects_writes(void **state)
{
    (void)state;
    int saved = brink_world_projection_mode();
    brink_world_set_projection_mode(BRINK_PROJ_CHECKED);
    brink_scenario *sc;
    brink_world *w, *s;
    fixture(&sc, &w, &s, 3);
    size_t k = 1; /* pair 0 -> 1 */
    /* W arrays only: no complaint */
    brink_world_projection_start(s, w, w->step + 4);
    s->m.enforcement[k] += 0.25;
    s->m.volume[0] *= 0.5;
    s->m.nuc_stock[0] += 1;
    assert_int_equal(brink_world_projection_end(s), 0);
    /* an R array (written through the alias into w: put it back afterwards) */
    brink_world_projection_start(s, w, w->step + 4);
    int rung = s->m.rung[k];
    s->m.rung[k] = rung + 1;
    assert_int_equal(brink_world_projection_end(s), -1);
    w->m.rung[k] = rung;
    /* a draw and a baseline */
    brink_world_projection_start(s, w, w->step + 4);
    double d = s->draws[0];
    s->draws[0] = d + 1;
    assert_int_equal(brink_world_projection_end(s), -1);
    w->draws[0] = d;
    brink_world_projection_start(s, w, w->step + 4);
    double b = s->base_price[0];
    s->base_price[0] = b * 2;
    assert_int_equal(brink_world_projection_end(s), -1);
    w->base_price[0] = b;
    /* unchecked modes never complain */
    brink_world_set_projection_mode(BRINK_PROJ_ALIAS);
    brink_world_projection_start(s, w, w->step + 4);
    s->m.rung[k] = rung + 1;
    assert_int_equal(brink_world_projection_end(s), 0);
    w->m.rung[k] = rung;
    brink_world_free(s);
    brink_world_free(w);
    brink_scenario_free(sc);
    brink_world_set_projection_mode(saved);
}

static void aliases_what_it_claims(void **state)
{
    (void)state;
    int saved = brink_world_projection_mode();
    brink_world_set_projection_mode(BRINK_PROJ_ALIAS);
    brink_scenario *sc;
    brink_world *w, *s;
    fixture(&sc, &w, &s, 2);
    brink_world_projection_start(s, w, w->step + 26);
    assert_int_equal(s->projecting, 1);
    assert_int_equal(s->step, w->step);
    assert_ptr_equal(s->m.alignment, w->m.alignment);
    assert_ptr_equal(s->m.stance, w->m.stance);
    assert_ptr_equal(s->m.dip_round, w->m.dip_round);
    assert_ptr_equal(s->draws, w->draws);
    assert_ptr_equal(s->base_volume, w->base_volume);
    assert_true(s->m.enforcement != w->m.enforcement);
    assert_true(s->m.inst_step != w->m.inst_step);
    assert_true(s->m.commit_step != w->m.commit_step);
    assert_memory_equal(s->m.enforcement, w->m.enforcement, w->na * w->na * sizeof(double));
    assert_memory_equal(s->m.nuc_stock, w->m.nuc_stock, w->np * BRINK_MAX_LEVELS * sizeof(double));
    /* a projection of the projection world (as conflict.c's latency projection inside a
     * decision's would be) reads the R part of the original world */
    brink_world *s2 = NULL;
    brink_error err;
    assert_int_equal(brink_world_new_scratch(sc, &s2, &err), BRINK_OK);
    brink_world_projection_start(s2, s, s->step);
    assert_ptr_equal(s2->m.alignment, w->m.alignment);
    assert_true(s2->m.enforcement != s->m.enforcement && s2->m.enforcement != w->m.enforcement);
    /* a full copy owns everything again, with the same contents */
    brink_world_copy(s2, s);
    assert_true(s2->m.alignment != w->m.alignment && s2->draws != w->draws);
    assert_memory_equal(s2->m.alignment, w->m.alignment, w->na * w->na * sizeof(double));
    assert_memory_equal(s2->m.stance, w->m.stance, w->na * w->na * sizeof(int));
    assert_memory_equal(s2->draws, w->draws, sc->nvalues * sizeof(double));
    /* full mode */
    brink_world_set_projection_mode(BRINK_PROJ_FULL);
    brink_world_projection_start(s, w, w->step + 26);
    assert_true(s->m.alignment != w->m.alignment && s->base_price != w->base_price);
    assert_memory_equal(s->mut_block, w->mut_block, w->mut_bytes);
    brink_world_free(s2);
    brink_world_free(s);
    brink_world_free(w);
    brink_scenario_free(sc);
    brink_world_set_projection_mode(saved);
}

static void strike_in_window_copies_all(void **state)
{
    (void)state;
    int saved = brink_world_projection_mode();
    brink_world_set_projection_mode(BRINK_PROJ_ALIAS);
    /* a calibration scenario with dated strikes during the run */
    brink_scenario *sc = load(BRINK_SOURCE_DIR "/scenarios/calibration/nuclear-2018.yaml");
    brink_world *w = NULL, *s = NULL;
    brink_error err;
    assert_int_equal(brink_world_new(sc, 0, &w, &err), BRINK_OK);
    assert_int_equal(brink_world_new_scratch(sc, &s, &err), BRINK_OK);
    assert_true(w->nstrike_steps > 0);
    long at = w->strike_steps[0];
    assert_true(at > 1);
    assert_int_equal(brink_world_reset(w, sc->seed, 0, &err), BRINK_OK);
    w->step = at - 1;
    brink_world_projection_start(s, w, at - 1); /* ends before the strike */
    assert_ptr_equal(s->m.rung, w->m.rung);
    brink_world_projection_start(s, w, at); /* steps over it */
    assert_true(s->m.rung != w->m.rung && s->draws != w->draws);
    long last = w->strike_steps[w->nstrike_steps - 1];
    w->step = last;
    brink_world_projection_start(s, w, last + 30); /* starts at the last: none projected */
    assert_ptr_equal(s->m.rung, w->m.rung);
    brink_world_free(s);
    brink_world_free(w);
    brink_scenario_free(sc);
    brink_world_set_projection_mode(saved);
}

/* A restart (brink_world_projection_restart) leaves the same W part as a start, after a
 * projection that tightened, cut, took a scheduled-looking run of enforcement changes longer
 * than the write log (which then copies the pair arrays whole) or resolved a threat (which
 * writes resolve_belief); the checked mode reports a write of enforcement or resolve_belief
 * that bypassed the log (negative control), and repairs the state all the same. */
static void restart_equals_start(void **state)
{
    (void)state;
    int saved = brink_world_projection_mode();
    brink_world_set_projection_mode(BRINK_PROJ_CHECKED);
    brink_scenario *sc;
    brink_world *w, *s, *ref = NULL;
    fixture(&sc, &w, &s, 3);
    brink_error err;
    assert_int_equal(brink_world_new_scratch(sc, &ref, &err), BRINK_OK);
    size_t na = w->na;
    long last = w->step + 26;
    int usa = -1, irn = -1;
    for (size_t a = 0; a < na; a++) {
        if (strcmp(sc->actors[a].id, "USA") == 0)
            usa = (int)a;
        if (strcmp(sc->actors[a].id, "IRN") == 0)
            irn = (int)a;
    }
    assert_true(usa >= 0 && irn >= 0);
    brink_world_projection_start(ref, w, last);
    brink_world_projection_start(s, w, last);
    for (int round = 0; round < 4; round++) {
        /* the projection under way writes: 0 one entry, 1 more entries than the log holds,
         * 2 a threat that lapses (resolve_belief), 3 nothing */
        if (round == 0)
            brink_decide_apply(s, usa, (brink_action){BRINK_ACT_TIGHTEN, irn, -1}, -1);
        if (round == 1)
            for (size_t t = 0; t < na; t++)
                if ((int)t != usa)
                    brink_economy_enforce(s, usa, (int)t, 0.01);
        if (round == 2) {
            brink_decide_apply(s, usa, (brink_action){BRINK_ACT_THREATEN, irn, 1}, -1);
            for (long b = 0; b < 6; b++)
                brink_world_project_block(s, w->step + 1 + b * w->proj_k, w->proj_k);
            assert_int_equal(s->proj_belief_dirty, 1);
        }
        assert_int_equal(brink_world_projection_end(s), 0);
        assert_int_equal(brink_world_projection_restart(s, w, last), 0);
        assert_memory_equal(s->mut_block, ref->mut_block, w->mut_w_bytes);
        assert_ptr_equal(s->m.alignment, w->m.alignment);
    }
    /* negative control: enforcement written around the log */
    s->m.enforcement[(size_t)usa * na + (size_t)irn] += 0.25;
    assert_int_equal(brink_world_projection_end(s), 0);
    assert_int_equal(brink_world_projection_restart(s, w, last), -1);
    assert_memory_equal(s->mut_block, ref->mut_block, w->mut_w_bytes);
    s->m.resolve_belief[(size_t)irn * na + (size_t)usa] = 0.123;
    assert_int_equal(brink_world_projection_restart(s, w, last), -1);
    assert_memory_equal(s->mut_block, ref->mut_block, w->mut_w_bytes);
    /* the unchecked mode does not look (and need not repair) */
    brink_world_set_projection_mode(BRINK_PROJ_ALIAS);
    s->m.enforcement[(size_t)usa * na + (size_t)irn] += 0.25;
    assert_int_equal(brink_world_projection_restart(s, w, last), 0);
    assert_memory_not_equal(s->m.enforcement, w->m.enforcement, na * na * sizeof(double));
    brink_world_free(ref);
    brink_world_free(s);
    brink_world_free(w);
    brink_scenario_free(sc);
    brink_world_set_projection_mode(saved);
}

/* Advances projection s of w by advance b of a decision's projection (single steps first, then
 * blocks of w->proj_k: decide.c's projection_blocks), h steps in so far. */
static long advance(brink_world *s, const brink_world *w, long b, long singles, long h)
{
    long k = b < singles ? 1 : w->proj_k;
    brink_world_project_block(s, w->step + 1 + h, k);
    return h + k;
}

/* What restricted_economies_agree saw. */
typedef struct restrict_counts {
    long compared, skipped_some, broken_differs;
} restrict_counts;

/* Projects every option of actor a (and holding) from w three times: every economy stepping,
 * only those a's objective reads (s->proj_econ from brink_decide_objective_reads), and none of
 * them (the negative control); compares a's objective after every advance. */
static void restricted_vs_full(const brink_world *w, brink_world *full, brink_world *only,
                               brink_world *none, int a, restrict_counts *n)
{
    size_t na = w->na, list[64], nlist = 0, movers = 0;
    unsigned char mark[64] = {0};
    assert_true(na <= 64);
    brink_decide_objective_reads(w, a, mark);
    for (size_t x = 0; x < na; x++)
        if (mark[x])
            list[nlist++] = x;
    for (size_t x = 0; x < na; x++)
        movers += w->m.revenue[x] != 0 || w->m.fx[x] != 0;
    const brink_action *opts;
    const double *u, *hz;
    size_t no = brink_decide_options(w, a, &opts, &u, &hz);
    long horizon = 26, singles = horizon % w->proj_k, nb = singles + horizon / w->proj_k;
    for (size_t o = 0; o <= no; o++) {
        brink_action act = o < no ? opts[o] : (brink_action){BRINK_ACT_HOLD, -1, -1};
        brink_world *s[3] = {full, only, none};
        for (int i = 0; i < 3; i++) {
            brink_world_projection_start(s[i], w, w->step + horizon);
            brink_decide_apply(s[i], a, act, -1);
        }
        only->proj_econ = list;
        only->nproj_econ = nlist;
        none->proj_econ = list; /* non-NULL with no entries: no economy steps */
        none->nproj_econ = 0;
        int differs = 0;
        for (long b = 0, h = 0; b < nb; b++) {
            long next = h;
            for (int i = 0; i < 3; i++)
                next = advance(s[i], w, b, singles, h);
            h = next;
            double jf = brink_decide_objective(full, a), jo = brink_decide_objective(only, a),
                   jn = brink_decide_objective(none, a);
            assert_memory_equal(&jf, &jo, sizeof jf);
            differs |= memcmp(&jf, &jn, sizeof jf) != 0;
            n->compared++;
        }
        n->skipped_some += nlist < movers;
        n->broken_differs += differs;
        for (int i = 0; i < 3; i++)
            assert_int_equal(brink_world_projection_end(s[i]), 0);
    }
}

/* The economy's restricted step (world.h's proj_econ): a decision-maker's objective along a
 * projection is the same bits when only the economies it reads step (without their exchange
 * rate, inflation and hardship, which it does not read) as when every economy steps in full,
 * for every option of every actor at a range of steps (chokepoints closed in the second half);
 * and stepping none of them changes it (negative control). */
static void restricted_economies_agree(void **state)
{
    (void)state;
    int saved = brink_world_projection_mode();
    brink_world_set_projection_mode(BRINK_PROJ_CHECKED);
    brink_scenario *sc = load(scenarios[0]);
    brink_world *w = NULL, *s[3] = {NULL, NULL, NULL};
    brink_error err;
    assert_int_equal(brink_world_new(sc, 0, &w, &err), BRINK_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(brink_world_new_scratch(sc, &s[i], &err), BRINK_OK);
    assert_int_equal(brink_world_reset(w, sc->seed, 1, &err), BRINK_OK);
    restrict_counts n = {0};
    for (long step = 0; step < sc->nsteps && step < 60; step++) {
        w->step = step;
        if (step == 30)
            for (size_t c = 0; c < w->nc; c++)
                brink_conflict_set_chokepoint(w, (int)c, BRINK_CHOKE_CLOSED, -1, -1);
        brink_world_step(w);
        if (step % 4 != 1)
            continue;
        for (int a = 0; a < (int)w->na; a++)
            restricted_vs_full(w, s[0], s[1], s[2], a, &n);
    }
    print_message("restricted projections: %ld advances compared; %ld projections skipped an "
                  "economy; stepping none changed %ld\n",
                  n.compared, n.skipped_some, n.broken_differs);
    assert_true(n.compared > 0 && n.skipped_some > 0 && n.broken_differs > 0);
    for (int i = 0; i < 3; i++)
        brink_world_free(s[i]);
    brink_world_free(w);
    brink_scenario_free(sc);
    brink_world_set_projection_mode(saved);
}

/* Decisions' reuse of the holding path (brink_decide_set_reuse): every scenario (and the built-in
 * one with its chokepoints closed) gives the same traces, utilities and hazards included, with
 * options' projections taking prices and unreached economies from the holding path's record and
 * running only the clocks that can move, as with each projection stepping every economy its
 * objective reads and every clock; a wrong reach analysis
 * (BRINK_REUSE_BROKEN: every option reaches no economy) changes them (negative control). */
static void holding_path_reuse_agrees(void **state)
{
    (void)state;
    int saved = brink_world_projection_mode(), saved_reuse = brink_decide_reuse();
    size_t ns = sizeof scenarios / sizeof scenarios[0];
    for (size_t i = 0; i <= ns; i++) {
        brink_scenario *sc = load(scenarios[i < ns ? i : 0]);
        long close_at = i < ns ? -1 : 5;
        size_t n0 = 0, n1 = 0;
        brink_decide_set_reuse(BRINK_REUSE_OFF);
        uint64_t *off = trace(sc, BRINK_PROJ_CHECKED, close_at, &n0);
        brink_decide_set_reuse(BRINK_REUSE_ON);
        uint64_t *on = trace(sc, BRINK_PROJ_CHECKED, close_at, &n1);
        assert_int_equal(n0, n1);
        for (size_t k = 0; k < n0; k++)
            if (off[k] != on[k]) {
                print_message("%s: run %zu step %zu differs\n", scenarios[i < ns ? i : 0],
                              k / (size_t)sc->nsteps, k % (size_t)sc->nsteps);
                fail();
            }
        if (i == 0) { /* the negative control */
            brink_decide_set_reuse(BRINK_REUSE_BROKEN);
            size_t n2 = 0;
            uint64_t *broken = trace(sc, BRINK_PROJ_CHECKED, close_at, &n2);
            assert_int_equal(n0, n2);
            size_t differ = 0;
            for (size_t k = 0; k < n0; k++)
                differ += broken[k] != on[k];
            print_message("wrong reach analysis: %zu of %zu steps differ\n", differ, n0);
            assert_true(differ > 0);
            free(broken);
            brink_decide_set_reuse(BRINK_REUSE_ON);
        }
        free(off);
        free(on);
        brink_scenario_free(sc);
    }
    brink_decide_set_reuse(saved_reuse);
    brink_world_set_projection_mode(saved);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_and_partial_copies_agree),
        cmocka_unit_test(clock_blocks_agree),
        cmocka_unit_test(clock_blocks_agree_in_projections),
        cmocka_unit_test(check_detects_writes),
        cmocka_unit_test(aliases_what_it_claims),
        cmocka_unit_test(strike_in_window_copies_all),
        cmocka_unit_test(restricted_economies_agree),
        cmocka_unit_test(holding_path_reuse_agrees),
        cmocka_unit_test(restart_equals_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
