/* SPDX-License-Identifier: MIT */
/*
 * run.c — one simulated history: reset the world for (seed, run), step the mechanisms in the
 * order of MODEL.md section 2 for every step of the horizon, sample the indicator series, and
 * evaluate the scenario's questions as the run goes.
 *
 * Questions: an event question resolves YES at the first event of its type whose actor and
 * target match its patterns (ID* = the actor, its factions and the armed groups it or its
 * factions patronise) at a step inside its window; its cause chain is the resolving event and
 * the events its causes point back to. An indicator question with `at` looks at the series value
 * at the end of the step containing that date; with `for_weeks` it resolves YES when the
 * condition holds at the end of ceil(for_weeks * 7 / step_days) consecutive steps inside the
 * window. A question whose event or indicator no mechanism of this build produces is
 * BRINK_Q_UNMODELLED, never NO.
 */
#include "sim/run.h"

#include <math.h>
#include <string.h>

struct brink_runner {
    const brink_scenario *sc;
    brink_world *w;
    brink_run_record rec;
    int *qseries;             /* [nq] series of an indicator question, or -1 */
    long *need_steps;         /* [nq] consecutive steps required (indicator questions) */
    long *run_len;            /* [nq] current run of consecutive steps satisfying it */
    unsigned char *family;    /* [na*na] family[a*na+b]: b belongs to a's family (ID*) */
    /* the observer (brink_runner_set_observer) or NULL, and its context */
    brink_run_observer observer;
    void *observer_ctx;
};

int brink_event_modelled(brink_event_type t)
{
    switch (t) {
    case BRINK_EV_WAIVER_REVOKED:        /* schedule: waiver expiries; decide */
    case BRINK_EV_UN_SANCTIONS_RESTORED: /* schedule: instrument clocks */
    case BRINK_EV_WAIVER_GRANTED:        /* decide */
    case BRINK_EV_SANCTIONS_TIGHTENED:   /* decide */
    case BRINK_EV_SANCTIONS_EASED:       /* decide */
    case BRINK_EV_SNAPBACK_NOTIFIED:     /* decide, through schedule's instruments */
    case BRINK_EV_THREAT:                /* decide; conflict (signalled replies) */
    case BRINK_EV_PROXY_ATTACK:          /* conflict */
    case BRINK_EV_SABOTAGE:              /* conflict */
    case BRINK_EV_STRIKE_MILITARY:       /* conflict */
    case BRINK_EV_STRIKE_NUCLEAR:        /* conflict */
    case BRINK_EV_STRIKE_ENERGY:         /* conflict */
    case BRINK_EV_SHIPPING_ATTACK:       /* conflict */
    case BRINK_EV_HORMUZ_CLOSED:         /* conflict */
    case BRINK_EV_HORMUZ_REOPENED:       /* conflict */
    case BRINK_EV_ATTACK_US_FORCES:      /* conflict */
    case BRINK_EV_CEASEFIRE:             /* conflict */
    case BRINK_EV_ENRICHMENT_EXPANDED:   /* nuclear */
    case BRINK_EV_ENRICHMENT_90:         /* nuclear */
    case BRINK_EV_IAEA_ACCESS_CUT:       /* nuclear */
    case BRINK_EV_IAEA_ACCESS_RESTORED:  /* nuclear */
    case BRINK_EV_NPT_WITHDRAWAL:        /* nuclear */
    case BRINK_EV_PROTEST_WAVE_STARTED:  /* domestic */
    case BRINK_EV_PROTEST_WAVE_ENDED:    /* domestic */
    case BRINK_EV_CRACKDOWN:             /* domestic */
    case BRINK_EV_INTERNET_SHUTDOWN:     /* domestic */
    case BRINK_EV_LEADER_DIED:           /* domestic */
    case BRINK_EV_LEADER_KILLED:         /* domestic (a leader killed in a strike) */
    case BRINK_EV_LEADER_REPLACED:       /* domestic */
    case BRINK_EV_REGIME_COLLAPSE:       /* domestic */
    case BRINK_EV_TALKS_PROPOSED:        /* diplomacy */
    case BRINK_EV_TALKS_OPENED:          /* diplomacy */
    case BRINK_EV_TALKS_BROKEN:          /* diplomacy */
    case BRINK_EV_DEAL_SIGNED:           /* diplomacy */
    case BRINK_EV_INTERIM_DEAL_SIGNED:   /* diplomacy */
    case BRINK_EV_DEAL_BREACHED:         /* diplomacy; nuclear (an escalation under a deal) */
        return 1;
    default:
        return 0;
    }
}

int brink_indicator_modelled(brink_indicator ind)
{
    switch (ind) {
    case BRINK_IND_OIL_EXPORTS_MBD: /* economy */
    case BRINK_IND_FLOW_VOLUME:
    case BRINK_IND_OIL_PRICE:
    case BRINK_IND_OIL_DISCOUNT:
    case BRINK_IND_REVENUE_USD_BN:
    case BRINK_IND_EXCHANGE_RATE:
    case BRINK_IND_INFLATION:
    case BRINK_IND_HARDSHIP:
    case BRINK_IND_STOCK_60_KG:     /* nuclear */
    case BRINK_IND_BREAKOUT_WEEKS:
    case BRINK_IND_IAEA_ACCESS:
    case BRINK_IND_RUNG:              /* conflict */
    case BRINK_IND_PROXY_CAPACITY:    /* conflict */
    case BRINK_IND_CHOKEPOINT_STATUS: /* conflict */
    case BRINK_IND_LEGITIMACY:        /* domestic */
    case BRINK_IND_PROTEST_INTENSITY: /* domestic */
    case BRINK_IND_HARDLINER_SHARE:   /* domestic */
    case BRINK_IND_TALKS_STATUS:      /* diplomacy */
    case BRINK_IND_POSITION:          /* diplomacy (advocated positions) */
    case BRINK_IND_TRUST:             /* beliefs */
        return 1;
    default:
        return 0;
    }
}

/* b is in a's family: b == a, or b's parent/patron chain reaches a member of a's family. */
static int in_family(const brink_scenario *sc, int a, int b)
{
    for (size_t guard = 0; b >= 0 && guard <= sc->nactors; guard++) {
        if (b == a)
            return 1;
        const brink_actor *x = &sc->actors[b];
        b = x->parent >= 0 ? x->parent : x->patron;
    }
    return 0;
}

void brink_runner_free(brink_runner *r)
{
    if (!r)
        return;
    brink_world_free(r->w);
    brink_free(r->rec.outcome);
    brink_free(r->rec.resolved_step);
    brink_free(r->rec.chain);
    brink_free(r->rec.trajectory);
    brink_free(r->qseries);
    brink_free(r->need_steps);
    brink_free(r->run_len);
    brink_free(r->family);
    brink_free(r);
}

int brink_runner_new(const brink_scenario *sc, brink_runner **out, brink_error *err)
{
    *out = NULL;
    brink_runner *r = brink_calloc(1, sizeof *r);
    if (!r)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    r->sc = sc;
    int rc = brink_world_new(sc, 0, &r->w, err);
    if (rc) {
        brink_runner_free(r);
        return rc;
    }
    size_t nq = sc->nquestions, na = sc->nactors, ns = r->w->nseries;
    size_t nsteps = (size_t)sc->nsteps;
    r->rec.nq = nq;
    r->rec.nseries = ns;
    r->rec.nsteps = sc->nsteps;
    r->rec.outcome = brink_calloc(nq ? nq : 1, sizeof *r->rec.outcome);
    r->rec.resolved_step = brink_calloc(nq ? nq : 1, sizeof *r->rec.resolved_step);
    r->rec.chain = brink_mallocarray(nq ? nq * BRINK_CHAIN_MAX : 1, sizeof *r->rec.chain);
    r->rec.trajectory = brink_mallocarray(nsteps * (ns ? ns : 1), sizeof *r->rec.trajectory);
    r->qseries = brink_calloc(nq ? nq : 1, sizeof *r->qseries);
    r->need_steps = brink_calloc(nq ? nq : 1, sizeof *r->need_steps);
    r->run_len = brink_calloc(nq ? nq : 1, sizeof *r->run_len);
    r->family = brink_calloc(na * na, 1);
    if (!r->rec.outcome || !r->rec.resolved_step || !r->rec.chain || !r->rec.trajectory ||
        !r->qseries || !r->need_steps || !r->run_len || !r->family) {
        brink_runner_free(r);
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t a = 0; a < na; a++)
        for (size_t b = 0; b < na; b++)
            r->family[a * na + b] = (unsigned char)in_family(sc, (int)a, (int)b);
    for (size_t q = 0; q < nq; q++) {
        const brink_question *qu = &sc->questions[q];
        r->qseries[q] = -1;
        if (qu->is_event)
            continue;
        r->qseries[q] = brink_world_series_find(r->w, qu->indicator, qu->subject_kind,
                                                qu->subject, qu->subject2, qu->issue);
        long days = (long)qu->for_weeks * 7;
        r->need_steps[q] = qu->for_weeks ? (days + sc->step_days - 1) / sc->step_days : 1;
    }
    r->rec.world = r->w;
    *out = r;
    return BRINK_OK;
}

void brink_runner_set_observer(brink_runner *r, brink_run_observer fn, void *ctx)
{
    r->observer = fn;
    r->observer_ctx = ctx;
}

static int pattern_match(const brink_runner *r, brink_actor_pattern p, int actor)
{
    if (p.actor < 0)
        return 1;
    if (actor < 0)
        return 0;
    if (!p.family)
        return actor == p.actor;
    return r->family[(size_t)p.actor * r->sc->nactors + (size_t)actor];
}

static void record_chain(brink_runner *r, size_t q, long e)
{
    long *chain = &r->rec.chain[q * BRINK_CHAIN_MAX];
    for (int k = 0; k < BRINK_CHAIN_MAX; k++) {
        chain[k] = e;
        if (e >= 0)
            e = r->w->events[e].cause;
    }
}

/* Event questions against the events recorded at this step (from index `first`). */
static void check_events(brink_runner *r, size_t first)
{
    const brink_scenario *sc = r->sc;
    const brink_world *w = r->w;
    for (size_t q = 0; q < sc->nquestions; q++) {
        const brink_question *qu = &sc->questions[q];
        if (!qu->is_event || r->rec.outcome[q] != BRINK_Q_NO)
            continue;
        if (w->step < qu->from_step || w->step > qu->to_step)
            continue;
        for (size_t e = first; e < w->nevents; e++) {
            const brink_event *ev = &w->events[e];
            if (ev->type == qu->event && pattern_match(r, qu->actor, ev->actor) &&
                pattern_match(r, qu->target, ev->target)) {
                r->rec.outcome[q] = BRINK_Q_YES;
                r->rec.resolved_step[q] = w->step;
                record_chain(r, q, (long)e);
                break;
            }
        }
    }
}

static void check_indicators(brink_runner *r)
{
    const brink_scenario *sc = r->sc;
    const brink_world *w = r->w;
    for (size_t q = 0; q < sc->nquestions; q++) {
        const brink_question *qu = &sc->questions[q];
        if (qu->is_event || r->rec.outcome[q] != BRINK_Q_NO || r->qseries[q] < 0)
            continue;
        if (w->step < qu->from_step || w->step > qu->to_step)
            continue;
        double v = w->value[r->qseries[q]];
        int holds = qu->above ? v > qu->threshold : v < qu->threshold;
        if (!qu->for_weeks) {
            if (w->step == qu->to_step && holds) {
                r->rec.outcome[q] = BRINK_Q_YES;
                r->rec.resolved_step[q] = w->step;
            }
            continue;
        }
        r->run_len[q] = holds ? r->run_len[q] + 1 : 0;
        if (r->run_len[q] >= r->need_steps[q]) {
            r->rec.outcome[q] = BRINK_Q_YES;
            r->rec.resolved_step[q] = w->step;
        }
    }
}

int brink_runner_run(brink_runner *r, uint64_t seed, uint64_t run, const brink_run_record **rec,
                     brink_error *err)
{
    (void)err;
    const brink_scenario *sc = r->sc;
    brink_world *w = r->w;
    brink_run_record *out = &r->rec;
    out->seed = seed;
    out->run = run;
    out->failed = 0;
    brink_error_clear(&out->error);
    for (size_t q = 0; q < sc->nquestions; q++) {
        const brink_question *qu = &sc->questions[q];
        int modelled = qu->is_event ? brink_event_modelled(qu->event)
                                    : (brink_indicator_modelled(qu->indicator) &&
                                       r->qseries[q] >= 0);
        out->outcome[q] = modelled ? BRINK_Q_NO : BRINK_Q_UNMODELLED;
        out->resolved_step[q] = -1;
        r->run_len[q] = 0;
        for (int k = 0; k < BRINK_CHAIN_MAX; k++)
            out->chain[q * BRINK_CHAIN_MAX + (size_t)k] = -1;
    }
    if (brink_world_reset(w, seed, run, &out->error) != BRINK_OK) {
        out->failed = 1;
        *rec = out;
        return BRINK_OK;
    }
    size_t ns = w->nseries;
    for (long step = 0; step < sc->nsteps; step++) {
        w->step = step;
        size_t first = w->nevents;
        brink_world_step(w);
        brink_world_sample(w);
        if (r->observer)
            r->observer(r->observer_ctx, w, step, BRINK_RUN_STEP_END);
        memcpy(&out->trajectory[(size_t)step * ns], w->value, ns * sizeof *w->value);
        check_events(r, first);
        check_indicators(r);
    }
    *rec = out;
    return BRINK_OK;
}
