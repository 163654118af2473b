/* SPDX-License-Identifier: MIT */
/*
 * schedule.c — the mechanism that applies the scenario's dated events and runs the clocks of
 * legal instruments. Generic: a waiver_expiry entry switches its flow's waiver off; an
 * enforcement entry changes its actor's enforcement on its target by `size` through the economy
 * (brink_economy_enforce, so a rise cuts the target's flows at once), and a rise is news for the
 * target's currency as a decision's tightening is; a news entry adds `size` to the target's news
 * (a dated sanctions or war shock the exchange rate prices, 1 = a major shock); a strike entry
 * is carried out by the conflict mechanism (brink_conflict_strike) at rung `size`; an instrument
 * notified by one of its notifiers before notify_by takes effect delay_days later (unless it is
 * blockable and a vetoer blocks it — no vetoer acts yet, so a blockable instrument still takes
 * effect; documented in docs/ODD.md), and its effect `sanctions` on a target puts that target
 * under UN-type sanctions (w->m.un_sanctions), which the economy turns into enforcement. Nothing
 * here is random; the mechanism also runs inside projections.
 */
#include "world/schedule.h"

#include "world/conflict.h"
#include "world/economy.h"
#include "world/mechanisms.h"

#include <limits.h>
#include <math.h>

/* The mechanism's private state: the scenario's entries that are not past, ordered by step and,
 * within a step, by their order in the scenario (the order they apply in), so that a step finds
 * its entries by bisection instead of scanning the schedule (the step runs tens of thousands of
 * times a run inside projections). */
typedef struct sched_state {
    size_t n;
    size_t *order; /* [n] indices into sc->schedule */
    long *step;    /* [n] their steps */
    long *notify_by; /* [ni] each instrument's last step for a notification (LONG_MAX: none) */
} sched_state;

static long date_step(const brink_world *w, brink_date d)
{
    return brink_date_to_step(w->sc->start, w->sc->step_days, d);
}

/* The last step at which instrument i can be notified (LONG_MAX: no deadline): from the state's
 * table, which schedule_init fills, in a world that has one (it is read at every step). */
static long notify_by_step(const brink_world *w, size_t i)
{
    const sched_state *st = w->mstate[BRINK_MECH_SCHEDULE];
    if (st)
        return st->notify_by[i];
    const brink_instrument *in = &w->sc->instruments[i];
    return in->has_notify_by ? date_step(w, in->notify_by) : LONG_MAX;
}

int brink_instrument_can_notify(const brink_world *w, size_t i, int actor)
{
    const brink_instrument *in = &w->sc->instruments[i];
    if (w->m.inst_state[i] != BRINK_INST_IDLE)
        return 0;
    if (w->step > notify_by_step(w, i))
        return 0;
    for (size_t k = 0; k < in->nnotifiers; k++)
        if (in->notifiers[k] == actor)
            return 1;
    return 0;
}

long brink_instrument_notify(brink_world *w, size_t i, int actor, long cause)
{
    if (!brink_instrument_can_notify(w, i, actor))
        return -1;
    w->m.inst_state[i] = BRINK_INST_NOTIFIED;
    w->m.inst_step[i] = w->step;
    const brink_instrument *in = &w->sc->instruments[i];
    return brink_world_event(w, BRINK_EV_SNAPBACK_NOTIFIED, actor, in->effect_target, -1,
                             BRINK_MECH_DECIDE, cause, 1);
}

/* Index of the event that notified instrument i, for causes (the latest such event). */
static long notification_event(const brink_world *w, size_t i)
{
    const brink_instrument *in = &w->sc->instruments[i];
    for (size_t e = w->nevents; e-- > 0;)
        if (w->events[e].type == BRINK_EV_SNAPBACK_NOTIFIED &&
            w->events[e].target == in->effect_target && w->events[e].step == w->m.inst_step[i])
            return (long)e;
    return -1;
}

/* The first position in st's order whose step is >= step. */
static size_t first_at(const sched_state *st, long step)
{
    size_t lo = 0, hi = st->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (st->step[mid] < step)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void schedule_step(brink_world *w)
{
    const brink_scenario *sc = w->sc;
    const sched_state *st = w->mstate[BRINK_MECH_SCHEDULE];
    /* a scratch world without the state (never the case in a run) scans the whole schedule */
    size_t from = st ? first_at(st, w->step) : 0, to = st ? st->n : sc->nschedule;
    for (size_t i = from; i < to; i++) {
        size_t k = st ? st->order[i] : i;
        const brink_scheduled *s = &sc->schedule[k];
        if (st && st->step[i] != w->step)
            break;
        if (s->past || s->step != w->step)
            continue;
        if (s->type == BRINK_SCHED_WAIVER_EXPIRY && s->flow >= 0 && w->m.waiver_active[s->flow]) {
            const brink_flow *f = &sc->flows[s->flow];
            w->m.waiver_active[s->flow] = 0;
            brink_world_event(w, BRINK_EV_WAIVER_REVOKED, f->waiver_by >= 0 ? f->waiver_by : -1,
                              f->from, s->flow, BRINK_MECH_SCHEDULE, -1, w->m.volume[s->flow]);
        } else if (s->type == BRINK_SCHED_ENFORCEMENT && s->actor >= 0 && s->target >= 0) {
            double size = brink_world_value(w, &s->size);
            double d = brink_economy_enforce(w, s->actor, s->target, size);
            if (d > 0)
                w->m.news[s->target] += d; /* as decide.c's tightening: the rise is news */
            if (d != 0)
                brink_world_event(w,
                                  d > 0 ? BRINK_EV_SANCTIONS_TIGHTENED : BRINK_EV_SANCTIONS_EASED,
                                  s->actor, s->target, -1, BRINK_MECH_SCHEDULE, -1, fabs(d));
        } else if (s->type == BRINK_SCHED_NEWS && s->target >= 0) {
            w->m.news[s->target] += brink_world_value(w, &s->size);
        } else if (s->type == BRINK_SCHED_STRIKE && s->actor >= 0 && s->target >= 0) {
            /* a dated strike (calibration scenarios): carried out by the conflict mechanism,
             * which records it and opens the victim's account for a reply */
            brink_conflict_strike(w, s->actor, s->target, (int)brink_world_value(w, &s->size),
                                  -1);
        }
    }
    long days = (long)sc->step_days;
    for (size_t i = 0; i < w->ni; i++) {
        const brink_instrument *in = &sc->instruments[i];
        if (w->m.inst_state[i] == BRINK_INST_IDLE && w->step > notify_by_step(w, i)) {
            w->m.inst_state[i] = BRINK_INST_LAPSED;
            continue;
        }
        if (w->m.inst_state[i] != BRINK_INST_NOTIFIED)
            continue;
        /* in effect from the first step that begins at least delay_days after notification */
        long due = w->m.inst_step[i] + (in->delay_days + days - 1) / days;
        if (w->step < due)
            continue;
        w->m.inst_state[i] = BRINK_INST_IN_EFFECT;
        if (in->effect_target >= 0) {
            brink_economy_set_un_sanctions(w, in->effect_target, 1);
            /* a sanctions shock for the target's currency */
            w->m.news[in->effect_target] +=
                brink_world_param(w, brink_param_find("economy.sanctions_news"), -1, -1, -1);
            brink_world_event(w, BRINK_EV_UN_SANCTIONS_RESTORED, -1, in->effect_target, -1,
                              BRINK_MECH_SCHEDULE, notification_event(w, i), 1);
        }
    }
}

/* The first step >= first at which schedule_step does anything (applies an entry, lets an idle
 * instrument lapse or a notified one take effect), from the state at step `first`: in a
 * projection nothing else changes an instrument's state, and everything the step writes
 * (waivers, enforcement, news, sanctions, strikes) may be read by another clock (decide's threats
 * read enforcement), so a block before that step is quiet. LONG_MAX: never. */
static long schedule_quiet(const brink_world *w, long first)
{
    const sched_state *st = w->mstate[BRINK_MECH_SCHEDULE];
    if (!st)
        return first;
    size_t i = first_at(st, first);
    long next = i < st->n ? st->step[i] : LONG_MAX;
    long days = (long)w->sc->step_days;
    for (size_t k = 0; k < w->ni; k++) {
        long at = LONG_MAX;
        if (w->m.inst_state[k] == BRINK_INST_IDLE && st->notify_by[k] != LONG_MAX)
            at = st->notify_by[k] + 1; /* lapses at the first step past its deadline */
        else if (w->m.inst_state[k] == BRINK_INST_NOTIFIED)
            at = w->m.inst_step[k] + (w->sc->instruments[k].delay_days + days - 1) / days;
        if (at < first)
            at = first;
        if (at < next)
            next = at;
    }
    return next;
}

/* Over a quiet block (schedule_quiet) the schedule's steps do nothing. */
static void schedule_clock_block(brink_world *w, long first, long k)
{
    (void)w;
    (void)first;
    (void)k;
}

/* Whether entry i comes after entry j in the order (step, index): entries of one step keep the
 * scenario's order. */
static int after(const brink_scenario *sc, size_t i, size_t j)
{
    long si = sc->schedule[i].step, sj = sc->schedule[j].step;
    return si != sj ? si > sj : i > j;
}

static int schedule_init(brink_world *w, brink_error *err)
{
    const brink_scenario *sc = w->sc;
    sched_state *st = brink_arena_alloc(&w->arena, sizeof *st);
    size_t cap = sc->nschedule ? sc->nschedule : 1;
    if (st) {
        st->order = brink_arena_array(&w->arena, cap, sizeof *st->order);
        st->step = brink_arena_array(&w->arena, cap, sizeof *st->step);
        st->notify_by = brink_arena_array(&w->arena, w->ni ? w->ni : 1, sizeof *st->notify_by);
    }
    if (!st || !st->order || !st->step || !st->notify_by)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < w->ni; i++) {
        const brink_instrument *in = &sc->instruments[i];
        st->notify_by[i] = in->has_notify_by ? date_step(w, in->notify_by) : LONG_MAX;
    }
    st->n = 0;
    for (size_t k = 0; k < sc->nschedule; k++)
        if (!sc->schedule[k].past)
            st->order[st->n++] = k;
    /* insertion sort: schedules are short and mostly in date order already */
    for (size_t i = 1; i < st->n; i++) {
        size_t x = st->order[i], j = i;
        for (; j > 0 && after(sc, st->order[j - 1], x); j--)
            st->order[j] = st->order[j - 1];
        st->order[j] = x;
    }
    for (size_t i = 0; i < st->n; i++)
        st->step[i] = sc->schedule[st->order[i]].step;
    w->mstate[BRINK_MECH_SCHEDULE] = st;
    return BRINK_OK;
}

const brink_mechanism brink_mech_schedule = {
    .id = BRINK_MECH_SCHEDULE,
    .init = schedule_init,
    .reset = NULL,
    .step = schedule_step,
    .projects = 1,
    .quiet = schedule_quiet,
    .clock_block = schedule_clock_block,
};
