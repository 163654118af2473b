/* SPDX-License-Identifier: MIT */
/*
 * world.c — creation, reset, copy and sampling of a run's world (see world.h).
 *
 * Invariant: every array of brink_world_mut points into mut_block, laid out as the arrays that
 * projections write (W: doubles, longs, ints), then the others (R), so brink_world_copy is one
 * memcpy per part, and a projection world (brink_world_projection_start) copies only the W part
 * and points its R arrays at the projected world's. Worlds of one scenario have identical
 * layouts.
 */
#include "world/world.h"

#include "world/mechanisms.h"
#include "world/nuclear.h"

#include "core/rng.h"

#include <limits.h>
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *brink_mech_name(brink_mech m)
{
    static const char *const t[] = {"none",     "shocks",  "schedule", "decide",
                                    "economy",  "domestic", "nuclear", "conflict",
                                    "diplomacy", "beliefs"};
    return (unsigned)m < sizeof t / sizeof t[0] ? t[m] : "?";
}

double brink_halflife_keep(double halflife_weeks, double dt_weeks)
{
    if (!(halflife_weeks > 0))
        return 0;
    return exp2(-dt_weeks / halflife_weeks);
}

double brink_hazard_prob(double h_per_week, double dt_weeks)
{
    if (!(h_per_week > 0))
        return 0;
    return -expm1(-h_per_week * dt_weeks);
}

double brink_hazard_prob_bound(double max_h_per_week, double dt_weeks)
{
    return brink_hazard_prob(max_h_per_week * (1 + 1e-12), dt_weeks) + 4 * DBL_EPSILON;
}

/* ---- layout of the mutable block ---- */

typedef struct layout {
    size_t bytes;   /* the whole block */
    size_t w_bytes; /* its leading W part (see lay_out) */
} layout;

/* Arrays that code running inside a projection may write (W) or only read (R). */
enum { W = 0, R = 1 };

/* Assigns the arrays of m: the W arrays into wblock, the R arrays into rblock, at their offsets
 * in a block laid out as the W arrays (doubles, longs, ints), then the R arrays (doubles, longs,
 * ints), each part padded to max_align_t; rblock is the start of the block whose R part m is
 * to read (its own, or in a projection world the projected world's). With wblock NULL it only
 * measures. The W set is everything the mechanisms that project (schedule, decide's clocks,
 * conflict's chokepoint clocks, economy, nuclear), brink_decide_apply and conflict's latency
 * projection write while w->projecting, except a scheduled strike (brink_conflict_strike), which
 * writes R arrays too: projections over one copy everything (brink_world_projection_start). */
static void lay_out(brink_world_mut *m, char *wblock, const char *rblock, const brink_world *w,
                    layout *lo)
{
    size_t na = w->na, nf = w->nf, nm = w->nm, ni = w->ni, np = w->np, nc = w->nc;
    size_t pairs = na * na, nis = w->sc->nissues, ndy = w->ndy;
    const size_t align = _Alignof(max_align_t);
    size_t off = 0;
    for (int part = W; part <= R; part++) {
        char *base = part == W ? wblock : (char *)(uintptr_t)rblock;
#define PUT(field, type, count, cls)                                                               \
    do {                                                                                           \
        if ((cls) == part) {                                                                       \
            if (wblock)                                                                            \
                m->field = (type *)(void *)(base + off);                                           \
            off += (count) * sizeof(type);                                                         \
        }                                                                                          \
    } while (0)
#define D(field, count, cls) PUT(field, double, count, cls)
#define L(field, count, cls) PUT(field, long, count, cls)
#define I(field, count, cls) PUT(field, int, count, cls)
        D(price, nm, W);
        D(price_shock, nm, W);
        D(volume, nf, W);
        D(lost, nf, W);
        D(discount, nf, W);
        D(enforcement, pairs, W);
        D(alignment, pairs, R);
        D(trust_alpha, pairs, R);
        D(trust_beta, pairs, R);
        D(hostility, pairs, R);
        D(revenue, na, W);
        D(oil_revenue, na, W);
        D(fx, na, W);
        D(fx_trend, na, W);
        D(inflation, na, W);
        D(gdp_index, na, W);
        D(hardship, na, W);
        D(legitimacy, na, R);
        D(protest, na, R);
        D(news, na, W);
        D(un_sanctions, na, W);
        D(buyer_cut, nf, W);
        D(resolve_belief, pairs, W);
        D(audience_cost, na, W);
        D(threat_level, na, W);
        D(air_defence, na, R);
        D(proxy_capacity, na, R);
        D(casualties, na, R);
        D(war_cost, pairs, R);
        D(grievance, pairs, R);
        D(blocked, nf, R);
        D(undelivered, nf, W);
        D(choke_shock, nc, R);
        D(nuc_stock, np * BRINK_MAX_LEVELS, W);
        D(nuc_capacity, np, R);
        D(nuc_integrity, np, W);
        D(nuc_iaea, np, R);
        D(nuc_level_cap, np, R);
        D(nuc_stock_cap, np, R);
        D(nuc_grievance, np, W);
        D(nuc_ref_latency, np, W);
        D(dom_legit_base, na, R);
        D(dom_rally, na, R);
        D(dom_grievance, na, R);
        D(dom_instigators, na, R);
        D(dom_crackdown, na, R);
        D(dom_shutdown, na, R);
        D(dom_fx_prev, na, R);
        D(hardliner_share, na, R);
        D(leader_age, na, R);
        D(hawk_shift, na, R);
        D(position_shift, na, R);
        D(adv_pos, na * nis, R);
        D(deal_pos, ndy * nis, R);
        D(deal_enf0, ndy * 2, R);
        D(deal_enf_target, ndy * 2, R);
        D(dip_forecast, nis, R);
        L(inst_step, ni, W);
        I(waiver_active, nf, W);
        I(rung, pairs, R);
        I(talks, pairs, R);
        I(inst_state, ni, W);
        I(threat_kind, na, W);
        I(threat_target, na, W);
        I(threat_due, na, W);
        I(commit_step, na, W);
        I(choke_status, nc, R);
        I(pending_rung, pairs, R);
        I(pending_depth, pairs, R);
        I(pending_step, pairs, R);
        I(pending_event, pairs, R);
        I(signal_event, pairs, R);
        I(reply_due, pairs, R);
        I(reply_rung, pairs, R);
        I(last_strike, pairs, R);
        I(stance, pairs, R);
        I(nuc_level, np, R);
        I(nuc_running, np, R);
        I(nuc_frozen, np, R);
        I(nuc_npt, np, R);
        I(dom_wave, na, R);
        I(dom_wave_event, na, R);
        I(dom_split, na, R);
        I(dom_collapsed, na, R);
        I(leader_alive, na, R);
        I(leader_due, na, R);
        I(leader_death_event, na, R);
        I(successions, na, R);
        I(deal_step, ndy, R);
        I(deal_event, ndy, R);
        I(deal_interim, ndy, R);
        I(talks_event, ndy, R);
        I(talks_step, ndy, R);
        I(dip_round, 1, R);
#undef I
#undef L
#undef D
#undef PUT
        off = (off + align - 1) / align * align;
        if (part == W)
            lo->w_bytes = off;
    }
    lo->bytes = off;
}

/* Bytes of what a projection world reads in place: the R part, draws and baselines. */
static size_t read_only_bytes(const brink_world *w)
{
    return w->mut_bytes - w->mut_w_bytes + (w->sc->nvalues + 2 * w->nf + w->nm) * sizeof(double);
}

/* ---- series ---- */

static int add_series(brink_world *w, size_t cap, brink_indicator ind, brink_subject_kind kind,
                      int subject, int subject2, int issue)
{
    if (brink_world_series_find(w, ind, kind, subject, subject2, issue) >= 0)
        return 0;
    if (w->nseries >= cap)
        return -1;
    brink_series *s = &w->series[w->nseries++];
    s->indicator = ind;
    s->subject_kind = kind;
    s->subject = subject;
    s->subject2 = subject2;
    s->issue = issue;
    const brink_scenario *sc = w->sc;
    const char *a = NULL;
    switch (kind) {
    case BRINK_SUBJECT_ACTOR:
        a = sc->actors[subject].id;
        break;
    case BRINK_SUBJECT_FLOW:
        a = sc->flows[subject].id;
        break;
    case BRINK_SUBJECT_MARKET:
        a = sc->markets[subject].id;
        break;
    case BRINK_SUBJECT_PROGRAMME:
        a = sc->programmes[subject].id;
        break;
    case BRINK_SUBJECT_CHOKEPOINT:
        a = sc->chokepoints[subject].id;
        break;
    case BRINK_SUBJECT_DYAD:
        snprintf(s->name, sizeof s->name, "%s:%s>%s", brink_indicator_name(ind),
                 sc->actors[subject].id, sc->actors[subject2].id);
        return 0;
    }
    if (issue >= 0)
        snprintf(s->name, sizeof s->name, "%s:%s:%s", brink_indicator_name(ind), a,
                 sc->issues[issue].id);
    else
        snprintf(s->name, sizeof s->name, "%s:%s", brink_indicator_name(ind), a);
    return 0;
}

int brink_world_series_find(const brink_world *w, brink_indicator ind, brink_subject_kind kind,
                            int subject, int subject2, int issue)
{
    for (size_t i = 0; i < w->nseries; i++) {
        const brink_series *s = &w->series[i];
        if (s->indicator == ind && s->subject_kind == kind && s->subject == subject &&
            s->subject2 == subject2 && s->issue == issue)
            return (int)i;
    }
    return -1;
}

/* An actor is an economy (has exchange rate, revenue, ...) when its scenario gives internals. */
static int is_economy(const brink_actor *a)
{
    return a->internal[BRINK_INT_EXCHANGE_RATE].present ||
           a->internal[BRINK_INT_REVENUE_USD_BN].present;
}

/* The series every run samples: the indicators of MODEL.md section 4 for the scenario's
 * economies, flows, markets, programmes and principal dyads, plus whatever a question asks. */
static int build_series(brink_world *w, size_t cap)
{
    const brink_scenario *sc = w->sc;
    int rc = 0;
    for (size_t i = 0; i < sc->nactors && !rc; i++) {
        int exporter = 0;
        for (size_t f = 0; f < sc->nflows; f++)
            exporter |= sc->flows[f].from == (int)i && sc->flows[f].commodity == BRINK_OIL;
        if (exporter)
            rc |= add_series(w, cap, BRINK_IND_OIL_EXPORTS_MBD, BRINK_SUBJECT_ACTOR, (int)i, -1, -1);
        if (is_economy(&sc->actors[i])) {
            static const brink_indicator ind[] = {
                BRINK_IND_REVENUE_USD_BN, BRINK_IND_EXCHANGE_RATE, BRINK_IND_INFLATION,
                BRINK_IND_HARDSHIP,       BRINK_IND_LEGITIMACY,    BRINK_IND_PROTEST_INTENSITY};
            for (size_t k = 0; k < sizeof ind / sizeof ind[0]; k++)
                rc |= add_series(w, cap, ind[k], BRINK_SUBJECT_ACTOR, (int)i, -1, -1);
        }
        /* the factional balance of a state whose scenario gives it (domestic.c) */
        if (sc->actors[i].internal[BRINK_INT_HARDLINER_SHARE].present)
            rc |= add_series(w, cap, BRINK_IND_HARDLINER_SHARE, BRINK_SUBJECT_ACTOR, (int)i, -1,
                             -1);
    }
    for (size_t f = 0; f < sc->nflows; f++) {
        rc |= add_series(w, cap, BRINK_IND_FLOW_VOLUME, BRINK_SUBJECT_FLOW, (int)f, -1, -1);
        if (sc->flows[f].commodity == BRINK_OIL)
            rc |= add_series(w, cap, BRINK_IND_OIL_DISCOUNT, BRINK_SUBJECT_FLOW, (int)f, -1, -1);
    }
    for (size_t k = 0; k < sc->nmarkets; k++)
        rc |= add_series(w, cap, BRINK_IND_OIL_PRICE, BRINK_SUBJECT_MARKET, (int)k, -1, -1);
    for (size_t p = 0; p < sc->nprogrammes; p++) {
        rc |= add_series(w, cap, BRINK_IND_STOCK_60_KG, BRINK_SUBJECT_PROGRAMME, (int)p, -1, -1);
        rc |= add_series(w, cap, BRINK_IND_BREAKOUT_WEEKS, BRINK_SUBJECT_PROGRAMME, (int)p, -1, -1);
        rc |= add_series(w, cap, BRINK_IND_IAEA_ACCESS, BRINK_SUBJECT_PROGRAMME, (int)p, -1, -1);
    }
    for (size_t a = 0; a < sc->nactors; a++)
        if (sc->actors[a].has_proxy)
            rc |= add_series(w, cap, BRINK_IND_PROXY_CAPACITY, BRINK_SUBJECT_ACTOR, (int)a, -1, -1);
    for (size_t c = 0; c < sc->nchokepoints; c++)
        rc |= add_series(w, cap, BRINK_IND_CHOKEPOINT_STATUS, BRINK_SUBJECT_CHOKEPOINT, (int)c, -1,
                         -1);
    for (size_t a = 0; a < sc->nactors; a++)
        for (size_t b = 0; b < sc->nactors; b++)
            if (a != b && sc->relations[a * sc->nactors + b].principal) {
                rc |= add_series(w, cap, BRINK_IND_RUNG, BRINK_SUBJECT_DYAD, (int)a, (int)b, -1);
                rc |= add_series(w, cap, BRINK_IND_TRUST, BRINK_SUBJECT_DYAD, (int)a, (int)b, -1);
                rc |= add_series(w, cap, BRINK_IND_TALKS_STATUS, BRINK_SUBJECT_DYAD, (int)a,
                                 (int)b, -1);
            }
    /* each principal's advocated position on each issue it (or, for a state, one of its
     * factions) has a stake in (diplomacy.c) */
    for (size_t a = 0; a < sc->nactors && !rc; a++) {
        int principal = 0;
        for (size_t b = 0; b < sc->nactors; b++)
            principal |= a != b && (sc->relations[a * sc->nactors + b].principal ||
                                    sc->relations[b * sc->nactors + a].principal);
        for (size_t k = 0; principal && k < sc->nissues; k++) {
            int stake = sc->actors[a].position[k].present;
            for (size_t f = 0; f < sc->nactors; f++)
                stake |= sc->actors[f].parent == (int)a && sc->actors[f].position[k].present;
            if (stake)
                rc |= add_series(w, cap, BRINK_IND_POSITION, BRINK_SUBJECT_ACTOR, (int)a, -1,
                                 (int)k);
        }
    }
    for (size_t q = 0; q < sc->nquestions; q++) {
        const brink_question *qu = &sc->questions[q];
        if (!qu->is_event)
            rc |= add_series(w, cap, qu->indicator, qu->subject_kind, qu->subject, qu->subject2,
                             qu->issue);
    }
    return rc;
}

/* Upper bound on the number of series build_series can create. */
static size_t series_cap(const brink_scenario *sc)
{
    size_t principal = 0;
    for (size_t i = 0; i < sc->nactors * sc->nactors; i++)
        principal += sc->relations[i].principal ? 1u : 0u;
    return sc->nactors * 9 + sc->nchokepoints + sc->nflows * 2 + sc->nmarkets + sc->nprogrammes * 3 +
           principal * 3 + sc->nactors * sc->nissues + sc->nquestions + 1;
}

static int world_new(const brink_scenario *sc, size_t cap_events, int scratch,
                     brink_world **out, brink_error *err)
{
    *out = NULL;
    brink_world *w = brink_calloc(1, sizeof *w);
    if (!w)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    brink_arena_init(&w->arena, 0);
    w->sc = sc;
    w->na = sc->nactors;
    w->nf = sc->nflows;
    w->nm = sc->nmarkets;
    w->np = sc->nprogrammes;
    w->ni = sc->ninstruments;
    w->nc = sc->nchokepoints;
    w->nsteps = sc->nsteps;
    w->dt_weeks = sc->step_days / 7.0;
    w->cap_events = cap_events ? cap_events : 4096;
    for (size_t i = 0; i < w->na * w->na; i++) /* at most one dyad per principal relation */
        w->ndy += sc->relations[i].principal ? 1u : 0u;
    layout lo;
    lay_out(&w->m, NULL, NULL, w, &lo);
    w->mut_bytes = lo.bytes;
    w->mut_w_bytes = lo.w_bytes;
    w->mut_block = brink_arena_alloc(&w->arena, w->mut_bytes);
    w->draws = brink_arena_array(&w->arena, sc->nvalues ? sc->nvalues : 1, sizeof *w->draws);
    w->base_volume = brink_arena_array(&w->arena, w->nf ? w->nf : 1, sizeof(double));
    w->base_discount = brink_arena_array(&w->arena, w->nf ? w->nf : 1, sizeof(double));
    w->base_price = brink_arena_array(&w->arena, w->nm ? w->nm : 1, sizeof(double));
    w->own_draws = w->draws;
    w->own_base_volume = w->base_volume;
    w->own_base_discount = w->base_discount;
    w->own_base_price = w->base_price;
    size_t nstrikes = 0;
    for (size_t i = 0; i < sc->nschedule; i++)
        nstrikes += !sc->schedule[i].past && sc->schedule[i].type == BRINK_SCHED_STRIKE;
    long *strikes = brink_arena_array(&w->arena, nstrikes ? nstrikes : 1, sizeof *strikes);
    w->events = brink_arena_array(&w->arena, w->cap_events, sizeof *w->events);
    size_t cap = series_cap(sc);
    w->series = brink_arena_array(&w->arena, cap, sizeof *w->series);
    w->value = brink_arena_array(&w->arena, cap, sizeof *w->value);
    if (!w->mut_block || !w->draws || !w->base_volume || !w->base_discount || !w->base_price ||
        !w->events || !w->series || !w->value || !strikes) {
        brink_world_free(w);
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    }
    lay_out(&w->m, w->mut_block, w->mut_block, w, &lo);
    w->mut_r_block = w->mut_block;
    /* the steps of the schedule's strikes, ascending (insertion sort: a handful at most) */
    for (size_t i = 0; i < sc->nschedule; i++) {
        if (sc->schedule[i].past || sc->schedule[i].type != BRINK_SCHED_STRIKE)
            continue;
        size_t j = w->nstrike_steps++;
        for (; j > 0 && strikes[j - 1] > sc->schedule[i].step; j--)
            strikes[j] = strikes[j - 1];
        strikes[j] = sc->schedule[i].step;
    }
    w->strike_steps = strikes;
    w->proj_param = brink_param_find("decide.projection_step_weeks");
    if (build_series(w, cap) != 0) {
        brink_world_free(w);
        return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0, "series table overflow");
    }
    w->scratch = scratch;
    if (scratch) { /* for the checked mode's copy of what projections read in place */
        w->proj_saved = brink_arena_alloc(&w->arena, read_only_bytes(w));
        size_t na = w->na ? w->na : 1;
        w->proj_pressure = brink_arena_array(&w->arena, na, sizeof *w->proj_pressure);
        w->proj_pressure_ok = brink_arena_array(&w->arena, na, sizeof *w->proj_pressure_ok);
        w->proj_enf_sum = brink_arena_array(&w->arena, na, sizeof *w->proj_enf_sum);
        w->proj_enf_ok = brink_arena_array(&w->arena, na, sizeof *w->proj_enf_ok);
        if (!w->proj_saved || !w->proj_pressure || !w->proj_pressure_ok || !w->proj_enf_sum ||
            !w->proj_enf_ok) {
            brink_world_free(w);
            return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        }
    }
    w->proj_k = 1;
    w->rng_memo = brink_arena_alloc(&w->arena, sizeof *w->rng_memo); /* NULL: draws unmemoised */
    if (w->rng_memo)
        w->rng_memo->filled = 0;
    w->proj_dt_weeks = w->dt_weeks;
    w->proj_quiet_from = -1;
    /* brink_world_project_block steps the coarse mechanisms after all the others */
    for (size_t i = 0, coarse = 0; i < brink_mechanism_count; i++) {
        const brink_mechanism *m = brink_mechanisms[i];
        if (m->projects && m->coarse)
            coarse = 1;
        else if (m->projects && coarse) {
            brink_world_free(w);
            return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                                   "a projecting mechanism follows a coarse one");
        }
    }
    for (size_t i = 0; !scratch && i < brink_mechanism_count; i++) {
        int rc = brink_mechanisms[i]->init ? brink_mechanisms[i]->init(w, err) : BRINK_OK;
        if (rc) {
            brink_world_free(w);
            return rc;
        }
    }
    *out = w;
    return BRINK_OK;
}

int brink_world_new(const brink_scenario *sc, size_t cap_events, brink_world **out,
                    brink_error *err)
{
    return world_new(sc, cap_events, 0, out, err);
}

int brink_world_new_scratch(const brink_scenario *sc, brink_world **out, brink_error *err)
{
    return world_new(sc, 1, 1, out, err);
}

void brink_world_free(brink_world *w)
{
    if (!w)
        return;
    for (size_t i = 0; !w->scratch && i < brink_mechanism_count; i++)
        if (brink_mechanisms[i]->fini)
            brink_mechanisms[i]->fini(w);
    brink_arena_free(&w->arena);
    brink_free(w);
}

/* Points dst's R arrays into rblock (see lay_out) unless they already do. */
static void point_r(brink_world *dst, const void *rblock)
{
    if (dst->mut_r_block == rblock)
        return;
    layout lo;
    lay_out(&dst->m, dst->mut_block, rblock, dst, &lo);
    dst->mut_r_block = rblock;
}

static int proj_mode =
#ifdef NDEBUG
    BRINK_PROJ_ALIAS;
#else
    BRINK_PROJ_CHECKED;
#endif

void brink_world_set_projection_mode(int mode)
{
    proj_mode = mode;
}

int brink_world_projection_mode(void)
{
    return proj_mode;
}

static int clock_blocks = 1;

void brink_world_set_clock_blocks(int on)
{
    clock_blocks = on != 0;
}

int brink_world_clock_blocks(void)
{
    return clock_blocks;
}

/* Copies (save = 1) what projection world w reads in place into w->proj_saved, or compares it
 * with that copy (save = 0; returns 0 when equal). A copy and a memcmp: cheaper than a checksum
 * in the Debug builds that check, and exact. */
static int read_only_saved(brink_world *w, int save)
{
    const void *part[5] = {(const char *)w->mut_r_block + w->mut_w_bytes, w->draws, w->base_volume,
                           w->base_discount, w->base_price};
    size_t len[5] = {w->mut_bytes - w->mut_w_bytes, w->sc->nvalues * sizeof(double),
                     w->nf * sizeof(double), w->nf * sizeof(double), w->nm * sizeof(double)};
    char *buf = w->proj_saved;
    int diff = 0;
    for (int i = 0; i < 5; i++) {
        if (save)
            memcpy(buf, part[i], len[i]);
        else
            diff |= len[i] && memcmp(buf, part[i], len[i]) != 0;
        buf += len[i];
    }
    return diff;
}

/* Copies the clock of src (step, seed, run, projection step) into dst and clears its log. */
static void copy_clock(brink_world *dst, const brink_world *src)
{
    dst->seed = src->seed;
    dst->run = src->run;
    dst->step = src->step;
    dst->proj_k = src->proj_k;
    dst->proj_dt_weeks = src->proj_dt_weeks;
    dst->nevents = 0;
    dst->dropped_events = 0;
}

void brink_world_copy(brink_world *dst, const brink_world *src)
{
    /* src's R part may live in another world (src itself a projection world) */
    memcpy(dst->mut_block, src->mut_block, src->mut_w_bytes);
    memcpy((char *)dst->mut_block + src->mut_w_bytes,
           (const char *)src->mut_r_block + src->mut_w_bytes, src->mut_bytes - src->mut_w_bytes);
    point_r(dst, dst->mut_block);
    dst->draws = dst->own_draws;
    dst->base_volume = dst->own_base_volume;
    dst->base_discount = dst->own_base_discount;
    dst->base_price = dst->own_base_price;
    memcpy(dst->draws, src->draws, src->sc->nvalues * sizeof *src->draws);
    memcpy(dst->base_volume, src->base_volume, src->nf * sizeof(double));
    memcpy(dst->base_discount, src->base_discount, src->nf * sizeof(double));
    memcpy(dst->base_price, src->base_price, src->nm * sizeof(double));
    dst->proj_partial = 0;
    copy_clock(dst, src);
}

/* 1 when the schedule has a strike at a step in (from, last]. */
static int strike_within(const brink_world *w, long from, long last)
{
    for (size_t i = 0; i < w->nstrike_steps && w->strike_steps[i] <= last; i++)
        if (w->strike_steps[i] > from)
            return 1;
    return 0;
}

/* What every start of a projection of src in dst sets besides the state (projection_start,
 * projection_restart). */
static void projection_begin(brink_world *dst, const brink_world *src)
{
    dst->projecting = 1;
    dst->proj_skip = 0;
    dst->proj_quiet_from = -1;
    dst->proj_checked = proj_mode == BRINK_PROJ_CHECKED;
    dst->proj_econ = NULL;
    dst->nproj_econ = 0;
    dst->proj_prices = NULL;
    dst->proj_src = src;
    dst->nproj_enf_log = 0;
    dst->proj_enf_dirty = 0;
    dst->proj_belief_dirty = 0;
    if (dst->proj_pressure_ok) /* the enforcement it was computed from is gone */
        memset(dst->proj_pressure_ok, 0, dst->na);
    if (dst->proj_enf_ok)
        memset(dst->proj_enf_ok, 0, dst->na);
    for (size_t k = 0; k < BRINK_MECH_COUNT; k++)
        dst->mstate[k] = src->mstate[k];
}

/* Points dst's R arrays, draws and baselines at src's (a partial projection). */
static void alias_read_only(brink_world *dst, const brink_world *src)
{
    point_r(dst, src->mut_r_block);
    dst->draws = src->draws;
    dst->base_volume = src->base_volume;
    dst->base_discount = src->base_discount;
    dst->base_price = src->base_price;
    dst->proj_partial = 1;
}

void brink_world_projection_start(brink_world *dst, const brink_world *src, long last)
{
    if (proj_mode == BRINK_PROJ_FULL || strike_within(src, src->step, last)) {
        brink_world_copy(dst, src);
    } else {
        memcpy(dst->mut_block, src->mut_block, src->mut_w_bytes);
        alias_read_only(dst, src);
        copy_clock(dst, src);
        if (proj_mode == BRINK_PROJ_CHECKED && dst->proj_saved)
            read_only_saved(dst, 1);
    }
    projection_begin(dst, src);
}

/* Copies the W part of src's block into dst's except the pair arrays enforcement and
 * resolve_belief (projection_restart puts back what of them the last projection wrote). */
static void copy_w_but_pairs(brink_world *dst, const brink_world *src)
{
    size_t pb = dst->na * dst->na * sizeof(double);
    size_t e = (size_t)((char *)dst->m.enforcement - (char *)dst->mut_block);
    size_t b = (size_t)((char *)dst->m.resolve_belief - (char *)dst->mut_block);
    size_t lo = e < b ? e : b, hi = e < b ? b : e; /* in block order; both in the W part */
    const char *from = src->mut_block;
    char *to = dst->mut_block;
    memcpy(to, from, lo);
    memcpy(to + lo + pb, from + lo + pb, hi - lo - pb);
    memcpy(to + hi + pb, from + hi + pb, src->mut_w_bytes - hi - pb);
}

int brink_world_projection_restart(brink_world *dst, const brink_world *src, long last)
{
    if (proj_mode == BRINK_PROJ_FULL || strike_within(src, src->step, last) || !dst->proj_partial ||
        dst->proj_src != src || dst->mut_r_block != src->mut_r_block) {
        brink_world_projection_start(dst, src, last);
        return 0;
    }
    size_t pb = dst->na * dst->na * sizeof(double);
    copy_w_but_pairs(dst, src);
    if (dst->proj_enf_dirty)
        memcpy(dst->m.enforcement, src->m.enforcement, pb);
    else
        for (size_t i = 0; i < dst->nproj_enf_log; i++)
            dst->m.enforcement[dst->proj_enf_log[i]] = src->m.enforcement[dst->proj_enf_log[i]];
    if (dst->proj_belief_dirty)
        memcpy(dst->m.resolve_belief, src->m.resolve_belief, pb);
    int rc = 0;
    if (proj_mode == BRINK_PROJ_CHECKED &&
        (memcmp(dst->m.enforcement, src->m.enforcement, pb) != 0 ||
         memcmp(dst->m.resolve_belief, src->m.resolve_belief, pb) != 0)) {
        fprintf(stderr,
                "brink: a projection restarted at step %ld from a changed world, or after "
                "writing enforcement or resolve_belief unlogged\n",
                src->step);
        memcpy(dst->m.enforcement, src->m.enforcement, pb); /* the state is right all the same */
        memcpy(dst->m.resolve_belief, src->m.resolve_belief, pb);
        rc = -1;
    }
    alias_read_only(dst, src);
    copy_clock(dst, src);
    if (proj_mode == BRINK_PROJ_CHECKED && dst->proj_saved)
        read_only_saved(dst, 1);
    projection_begin(dst, src);
    return rc;
}

int brink_world_projection_end(brink_world *dst)
{
    if (proj_mode != BRINK_PROJ_CHECKED || !dst->proj_partial || !dst->proj_saved ||
        !read_only_saved(dst, 0))
        return 0;
    dst->proj_partial = 0; /* reported once */
    fprintf(stderr,
            "brink: a projection at step %ld wrote state marked read-only in projections "
            "(lay_out's R arrays, draws or baselines)\n",
            dst->step);
    return -1;
}

/* State that no single mechanism owns: relations and the actors' starting internals. */
static void reset_common(brink_world *w)
{
    const brink_scenario *sc = w->sc;
    size_t na = w->na;
    memset(w->mut_block, 0, w->mut_bytes);
    for (size_t a = 0; a < na; a++) {
        for (size_t b = 0; b < na; b++) {
            size_t k = a * na + b;
            if (a == b)
                continue;
            const brink_relation *r = &sc->relations[k];
            w->m.alignment[k] = brink_world_value(w, &r->alignment);
            w->m.trust_alpha[k] = brink_world_value(w, &r->trust_alpha);
            w->m.trust_beta[k] = brink_world_value(w, &r->trust_beta);
            w->m.hostility[k] = brink_world_value(w, &r->hostility);
            w->m.enforcement[k] = brink_world_value(w, &r->sanctions);
            w->m.rung[k] = r->rung;
            w->m.talks[k] = (int)r->talks;
        }
        const brink_actor *ac = &sc->actors[a];
        w->m.fx[a] = brink_world_value(w, &ac->internal[BRINK_INT_EXCHANGE_RATE]);
        w->m.inflation[a] = brink_world_value(w, &ac->internal[BRINK_INT_INFLATION]);
        w->m.hardship[a] = brink_world_value(w, &ac->internal[BRINK_INT_HARDSHIP]);
        w->m.legitimacy[a] = brink_world_value(w, &ac->internal[BRINK_INT_LEGITIMACY]);
        w->m.protest[a] = brink_world_value(w, &ac->internal[BRINK_INT_PROTEST_INTENSITY]);
        w->m.revenue[a] = brink_world_value(w, &ac->internal[BRINK_INT_REVENUE_USD_BN]);
        w->m.gdp_index[a] = 1;
    }
    for (size_t f = 0; f < w->nf; f++) {
        const brink_flow *fl = &sc->flows[f];
        w->m.waiver_active[f] = fl->has_waiver ? fl->waiver_active : 1;
        w->base_volume[f] = brink_world_value(w, &fl->volume);
        w->base_discount[f] = brink_world_value(w, &fl->discount);
        w->m.volume[f] = w->base_volume[f];
        w->m.discount[f] = w->base_discount[f];
    }
    for (size_t k = 0; k < w->nm; k++) {
        w->base_price[k] = brink_world_value(w, &sc->markets[k].price);
        w->m.price[k] = w->base_price[k];
    }
    for (size_t i = 0; i < w->ni; i++)
        w->m.inst_step[i] = -1;
}

int brink_world_reset(brink_world *w, uint64_t seed, uint64_t run, brink_error *err)
{
    /* a world that was a projection world reads nothing of another world's any more */
    point_r(w, w->mut_block);
    w->draws = w->own_draws;
    w->base_volume = w->own_base_volume;
    w->base_discount = w->own_base_discount;
    w->base_price = w->own_base_price;
    w->proj_partial = 0;
    w->seed = seed;
    w->run = run;
    w->step = 0;
    w->nevents = 0;
    w->dropped_events = 0;
    w->projecting = 0;
    int rc = brink_scenario_draw(w->sc, seed, run, w->draws, err);
    if (rc)
        return rc;
    /* the coarse step of projections, before the mechanisms fill their caches for it */
    int pid = w->proj_param;
    double weeks = pid >= 0 ? brink_world_param(w, pid, -1, -1, -1) : w->dt_weeks;
    long k = isfinite(weeks) ? lround(weeks / w->dt_weeks) : 1;
    w->proj_k = k < 1 ? 1 : k;
    w->proj_dt_weeks = w->dt_weeks * (double)w->proj_k;
    reset_common(w);
    for (size_t i = 0; i < brink_mechanism_count; i++)
        if (brink_mechanisms[i]->reset)
            brink_mechanisms[i]->reset(w);
    return BRINK_OK;
}

/* The stream (seed, run, mech, step, key), with the hash of all but the key from the memo (a
 * stream's hash folds its keys in order: brink_rng_prefix), refilled when the run or the step
 * differs from the memo's: the same state as brink_rng_seed_keys gives, for a fraction of the
 * hashing. */
brink_rng brink_world_rng(const brink_world *w, brink_mech mech, uint64_t key)
{
    brink_rng rng;
    brink_rng_memo *c = w->rng_memo;
    if (!c || (unsigned)mech >= BRINK_MECH_COUNT) {
        uint64_t keys[3] = {(uint64_t)mech, (uint64_t)w->step, key};
        brink_rng_seed_keys(&rng, w->seed, w->run, keys, 3);
        return rng;
    }
    if (!c->filled || c->seed != w->seed || c->run != w->run) {
        c->root = brink_rng_prefix(w->seed, w->run, NULL, 0);
        c->seed = w->seed;
        c->run = w->run;
        c->step = w->step;
        c->valid = 0;
        c->filled = 1;
    } else if (c->step != w->step) {
        c->step = w->step;
        c->valid = 0;
    }
    unsigned bit = 1u << (unsigned)mech;
    if (!(c->valid & bit)) {
        c->mech[mech] = brink_hash_mix(brink_hash_mix(c->root, (uint64_t)mech), (uint64_t)w->step);
        c->valid |= bit;
    }
    brink_rng_seed_prefix(&rng, c->mech[mech], 2, &key, 1);
    return rng;
}

long brink_world_event(brink_world *w, brink_event_type type, int actor, int target, int flow,
                       brink_mech mech, long cause, double size)
{
    if (w->projecting)
        return -1;
    if (w->nevents >= w->cap_events) {
        w->dropped_events++;
        return -1;
    }
    brink_event *e = &w->events[w->nevents];
    e->step = w->step;
    e->type = type;
    e->actor = actor;
    e->target = target;
    e->flow = flow;
    e->mech = (int)mech;
    e->cause = cause;
    e->size = size;
    return (long)w->nevents++;
}

double brink_world_param(const brink_world *w, int param, int actor, int other, int flow)
{
    return brink_scenario_param(w->sc, w->draws, param, actor, other, flow);
}

void brink_world_step(brink_world *w)
{
    for (size_t i = 0; i < brink_mechanism_count; i++)
        if (brink_mechanisms[i]->step && !(w->projecting && !brink_mechanisms[i]->projects))
            brink_mechanisms[i]->step(w);
}

/* The least answer of s's clocks' quiet hooks at step t (all present), or an answer <= t when
 * one of them is (the rest are not asked). */
static long quiet_ask(const brink_world *s, long t)
{
    long q = LONG_MAX;
    for (size_t c = 0; c < s->nproj_clock && q > t; c++) {
        long qc = s->proj_clock[c]->quiet(s, t);
        if (qc < q)
            q = qc;
    }
    return q;
}

/* The first step of [t, end) at which one of s's clocks may act on another's state (their quiet
 * hooks, all present), or end; or a step <= t when t is such a step. Within a stretch that an
 * earlier answer gave (s->proj_quiet_from, s->proj_quiet) the hooks' answer is the same
 * (brink_mechanism's quiet), so it is not asked again: in most projections the clocks are asked
 * once, at the first block. */
static long quiet_until(brink_world *s, long t, long end)
{
    long q;
    if (s->proj_quiet_from >= 0 && t >= s->proj_quiet_from && t < s->proj_quiet) {
        q = s->proj_quiet;
        if (s->proj_checked && quiet_ask(s, t) != q) {
            fprintf(stderr,
                    "brink: a clock's quiet hook answered %ld at step %ld and otherwise at "
                    "step %ld in the same stretch\n",
                    q, s->proj_quiet_from, t);
            abort();
        }
    } else {
        q = quiet_ask(s, t);
        s->proj_quiet_from = q > t ? t : -1;
        s->proj_quiet = q;
    }
    return q < end ? q : end;
}

void brink_world_project_block(brink_world *s, long first, long k)
{
    double dt = s->dt_weeks;
    if (k < 1)
        k = 1;
    /* The clocks run at every step of the block; the coarse mechanisms run once after the last
     * one, in their places in the mechanism order (every coarse mechanism follows every
     * non-coarse one that projects, checked by brink_world_new), so k = 1 is one ordinary step. */
    unsigned skip = s->proj_skip;
    /* the clocks and the coarse mechanisms of this block, listed once per world and skip set
     * rather than looked up in the order at each block */
    if (!s->proj_lists_made || s->proj_lists_skip != skip) {
        s->nproj_clock = s->nproj_coarse = 0;
        for (size_t i = 0; i < brink_mechanism_count && i < BRINK_MECH_COUNT; i++) {
            const brink_mechanism *m = brink_mechanisms[i];
            if (!m->step || !m->projects || (skip >> m->id & 1u))
                continue;
            if (m->coarse)
                s->proj_coarse[s->nproj_coarse++] = m;
            else
                s->proj_clock[s->nproj_clock++] = m;
        }
        s->proj_clock_hooks = 1;
        for (size_t c = 0; c < s->nproj_clock; c++)
            s->proj_clock_hooks &= s->proj_clock[c]->clock_block && s->proj_clock[c]->quiet;
        s->proj_lists_skip = skip;
        s->proj_lists_made = 1;
        s->proj_quiet_from = -1;
    }
    const brink_mechanism *const *clock = s->proj_clock;
    size_t nclock = s->nproj_clock;
    int hooks = clock_blocks && s->proj_clock_hooks;
    /* A quiet stretch (no clock touches state another clock uses before its end: most blocks
     * whole, as the schedule's dates are few) lets each clock advance over all of it at once,
     * which is the same as the step-by-step interleaving since they share nothing there; a step
     * that is not quiet steps clock by clock, and the rest of the block is asked again. */
    long end = first + k, q = hooks ? quiet_until(s, first, end) : first;
    if (q >= end) { /* the common case: the whole block */
        for (size_t c = 0; c < nclock; c++)
            clock[c]->clock_block(s, first, k);
    } else {
        for (long t = first; t < end;) {
            if (q > t) {
                for (size_t c = 0; c < nclock; c++)
                    clock[c]->clock_block(s, t, q - t);
                t = q;
            } else {
                s->step = t;
                for (size_t c = 0; c < nclock; c++)
                    clock[c]->step(s);
                s->proj_quiet_from = -1; /* the clocks' state moved */
                t++;
            }
            if (t < end)
                q = hooks ? quiet_until(s, t, end) : t;
        }
    }
    s->step = first + k - 1;
    s->dt_weeks = dt * (double)k;
    for (size_t c = 0; c < s->nproj_coarse; c++)
        s->proj_coarse[c]->step(s);
    s->dt_weeks = dt;
}

/* Sum of an actor's oil exports. */
static double oil_exports(const brink_world *w, int actor)
{
    double s = 0;
    for (size_t f = 0; f < w->nf; f++)
        if (w->sc->flows[f].from == actor && w->sc->flows[f].commodity == BRINK_OIL)
            s += w->m.volume[f];
    return s;
}

void brink_world_sample(brink_world *w)
{
    const brink_scenario *sc = w->sc;
    for (size_t i = 0; i < w->nseries; i++) {
        const brink_series *s = &w->series[i];
        int a = s->subject, b = s->subject2;
        double v = NAN;
        switch (s->indicator) {
        case BRINK_IND_OIL_EXPORTS_MBD:
            v = oil_exports(w, a);
            break;
        case BRINK_IND_FLOW_VOLUME:
            v = w->m.volume[a];
            break;
        case BRINK_IND_OIL_PRICE:
            v = w->m.price[a];
            break;
        case BRINK_IND_OIL_DISCOUNT:
            v = s->subject_kind == BRINK_SUBJECT_FLOW ? w->m.discount[a] : NAN;
            break;
        case BRINK_IND_REVENUE_USD_BN:
            v = w->m.revenue[a];
            break;
        case BRINK_IND_EXCHANGE_RATE:
            v = w->m.fx[a];
            break;
        case BRINK_IND_INFLATION:
            v = w->m.inflation[a];
            break;
        case BRINK_IND_HARDSHIP:
            v = w->m.hardship[a];
            break;
        case BRINK_IND_LEGITIMACY:
            v = w->m.legitimacy[a];
            break;
        case BRINK_IND_PROTEST_INTENSITY:
            v = w->m.protest[a];
            break;
        case BRINK_IND_STOCK_60_KG: /* nuclear.c's state */
            v = brink_nuclear_stock_at(w, a, 60);
            break;
        case BRINK_IND_BREAKOUT_WEEKS:
            v = brink_nuclear_breakout_weeks(w, a);
            break;
        case BRINK_IND_IAEA_ACCESS:
            v = w->m.nuc_iaea[a];
            break;
        case BRINK_IND_RUNG:
            v = w->m.rung[(size_t)a * w->na + (size_t)b];
            break;
        case BRINK_IND_TRUST: {
            size_t k = (size_t)a * w->na + (size_t)b;
            v = w->m.trust_alpha[k] / (w->m.trust_alpha[k] + w->m.trust_beta[k]);
            break;
        }
        case BRINK_IND_TALKS_STATUS:
            v = w->m.talks[(size_t)a * w->na + (size_t)b];
            break;
        case BRINK_IND_PROXY_CAPACITY:
            v = w->m.proxy_capacity[a];
            break;
        case BRINK_IND_CHOKEPOINT_STATUS:
            v = w->m.choke_status[a];
            break;
        case BRINK_IND_HARDLINER_SHARE:
            v = w->m.hardliner_share[a];
            break;
        case BRINK_IND_POSITION: /* advocated positions (diplomacy.c) */
            v = w->m.adv_pos[(size_t)a * sc->nissues + (size_t)s->issue];
            break;
        default:
            break;
        }
        w->value[i] = v;
    }
}
