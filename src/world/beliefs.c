/* SPDX-License-Identifier: MIT */
/*
 * beliefs.c — Beta-Bernoulli trust with forgetting toward the prior (MODEL.md section 3 "Trust
 * and reputation"; domain facts C.4).
 *
 * For every ordered pair (i, j), i's trust that j keeps its commitments is Beta(a, b) with
 * pseudo-counts a = trust_alpha[i][j], b = trust_beta[i][j]; E = a / (a + b). A commitment of j
 * toward i that is kept adds r = w s to a, a broken one adds it to b, where s is the salience of
 * what was at stake and w the weight of that kind of commitment (a deal's interim step
 * trust.interim_weight, a breach trust.breach_weight, a walk-out trust.walkout_weight; the
 * caller, diplomacy.c, chooses). Third parties see it too, at trust.third_party_weight times the
 * weight (public reputation: Sartori 2005; Crescenzi 2007's decaying reputation scores).
 *
 * Forgetting: at the end of each step of dt weeks (after the step's observations, which the
 * mechanisms earlier in the schedule made),
 *   a <- a0 + (a - a0) 2^(-dt / h),   b <- b0 + (b - b0) 2^(-dt / h)
 * with (a0, b0) the prior of this run (the scenario's relation) and h =
 * trust.forgetting_halflife_weeks of the dyad. Josang & Ismail (2002) forget toward zero
 * (a <- lambda a + r); forgetting toward the prior instead keeps the prior's information (its
 * weight is history, not a lack of data), so trust can recover after a breach and a deal can
 * still break after a long run of kept steps (MODEL.md).
 *
 * Resolve: decide.c moves resolve_belief when threats are carried out or lapse (the same Beta
 * posterior-mean form with a prior weight of beliefs.resolve_update); this file only reads it.
 */
#include "world/beliefs.h"

#include "world/decide.h"

#include <math.h>
#include <string.h>

typedef struct beliefs_state {
    double *alpha0, *beta0; /* [na*na] this run's priors */
    double *keep;           /* [na*na] share of the gap to the prior kept after one step */
    int *unit;              /* [na] root of the parent chain */
    double third_party;     /* trust.third_party_weight */
    int p_halflife, p_third;
} beliefs_state;

static beliefs_state *state_of(const brink_world *w)
{
    return w->mstate[BRINK_MECH_BELIEFS];
}

/* One pseudo-count moved toward its prior x0, keeping the share keep of the gap, plus add. */
static inline double forget(double x, double x0, double keep, double add)
{
    return x0 + (x - x0) * keep + add;
}

void brink_beliefs_update(double *alpha, double *beta, double alpha0, double beta0, double keep,
                          double kept_weight, double broken_weight)
{
    *alpha = forget(*alpha, alpha0, keep, kept_weight);
    *beta = forget(*beta, beta0, keep, broken_weight);
}

double brink_beliefs_trust(const brink_world *w, int i, int j)
{
    if (i < 0 || j < 0 || (size_t)i >= w->na || (size_t)j >= w->na || i == j)
        return 0.5;
    size_t k = (size_t)i * w->na + (size_t)j;
    double a = w->m.trust_alpha[k], b = w->m.trust_beta[k];
    return a + b > 0 ? a / (a + b) : 0.5;
}

double brink_beliefs_resolve(const brink_world *w, int o, int a)
{
    return brink_decide_resolve_belief(w, o, a);
}

/* Root of a's parent chain. */
static int unit_of(const brink_scenario *sc, int a)
{
    for (size_t guard = 0; a >= 0 && sc->actors[a].parent >= 0 && guard < sc->nactors; guard++)
        a = sc->actors[a].parent;
    return a;
}

void brink_beliefs_observe(brink_world *w, int keeper, int counterpart, int kept, double weight)
{
    const beliefs_state *st = state_of(w);
    size_t na = w->na;
    if (w->projecting || !st || keeper < 0 || counterpart < 0 || (size_t)keeper >= na ||
        (size_t)counterpart >= na || !(weight > 0))
        return;
    int ku = st->unit[keeper], cu = st->unit[counterpart];
    for (size_t o = 0; o < na; o++) {
        if (st->unit[o] == ku)
            continue;
        double r = st->unit[o] == cu ? weight : weight * st->third_party;
        if (!(r > 0))
            continue;
        for (size_t t = 0; t < na; t++) {
            if (st->unit[t] != ku)
                continue;
            size_t k = o * na + t;
            if (kept)
                w->m.trust_alpha[k] += r;
            else
                w->m.trust_beta[k] += r;
        }
    }
}

static int beliefs_init(brink_world *w, brink_error *err)
{
    size_t na = w->na;
    beliefs_state *st = brink_arena_alloc(&w->arena, sizeof *st);
    if (!st)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    memset(st, 0, sizeof *st);
    st->alpha0 = brink_arena_array(&w->arena, na * na, sizeof *st->alpha0);
    st->beta0 = brink_arena_array(&w->arena, na * na, sizeof *st->beta0);
    st->keep = brink_arena_array(&w->arena, na * na, sizeof *st->keep);
    st->unit = brink_arena_array(&w->arena, na, sizeof *st->unit);
    if (!st->alpha0 || !st->beta0 || !st->keep || !st->unit)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    st->p_halflife = brink_param_find("trust.forgetting_halflife_weeks");
    st->p_third = brink_param_find("trust.third_party_weight");
    if (st->p_halflife < 0 || st->p_third < 0)
        return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                               "a trust.* parameter is missing from the registry");
    for (size_t a = 0; a < na; a++)
        st->unit[a] = unit_of(w->sc, (int)a);
    w->mstate[BRINK_MECH_BELIEFS] = st;
    return BRINK_OK;
}

static void beliefs_reset(brink_world *w)
{
    beliefs_state *st = state_of(w);
    if (!st || w->scratch) /* a scratch world's mstate belongs to the world it projects */
        return;
    size_t na = w->na;
    /* the world has set the pseudo-counts from the scenario's relations: they are the priors */
    memcpy(st->alpha0, w->m.trust_alpha, na * na * sizeof *st->alpha0);
    memcpy(st->beta0, w->m.trust_beta, na * na * sizeof *st->beta0);
    for (size_t a = 0; a < na; a++)
        for (size_t b = 0; b < na; b++)
            st->keep[a * na + b] =
                a == b ? 1
                       : brink_halflife_keep(
                             brink_world_param(w, st->p_halflife, (int)a, (int)b, -1), w->dt_weeks);
    st->third_party = brink_world_param(w, st->p_third, -1, -1, -1);
}

static void beliefs_step(brink_world *w)
{
    const beliefs_state *st = state_of(w);
    if (!st || w->projecting)
        return;
    /* brink_beliefs_update(.., 0, 0) for every pair, one array at a time: the elements are
     * independent, so the order does not matter, and the compiler vectorises each loop (the
     * `+ 0` stays: it turns -0 into +0 as the update does). */
    size_t n = w->na * w->na;
    const double *restrict keep = st->keep;
    for (int pass = 0; pass < 2; pass++) {
        double *restrict x = pass ? w->m.trust_beta : w->m.trust_alpha;
        const double *restrict x0 = pass ? st->beta0 : st->alpha0;
        for (size_t k = 0; k < n; k++)
            x[k] = forget(x[k], x0[k], keep[k], 0);
    }
}

const brink_mechanism brink_mech_beliefs = {
    .id = BRINK_MECH_BELIEFS,
    .init = beliefs_init,
    .reset = beliefs_reset,
    .step = beliefs_step,
    .projects = 0,
};
