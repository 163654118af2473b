/* SPDX-License-Identifier: MIT */
/*
 * decide.c — how actors choose (MODEL.md section 3, "Decisions (bounded rationality)").
 *
 * Every `decide.review_weeks` an actor with agency lists the actions open to it in its domains
 * and scores each by projecting the world forward with the mechanisms' own dynamics: the world
 * is copied into a scratch world, the action applied, and the deterministic mechanisms stepped
 * over `decide.horizon_weeks`; the action's utility is the discounted difference, against
 * holding, of the actor's objective along the two paths. No action has a payoff constant of its
 * own: utility comes only from what the projection shows the actor's objectives would gain.
 *
 * Objective of actor a, a flow of utility per year (one unit for every actor):
 *   J_a = sum over t != a with a revenue baseline R0_t > 0 of
 *             pressure_weight_a * hawkishness_a * (-alignment[a][t]) * 100 * (1 - R_t / R0_t)
 *       + cost_sensitivity_a * 100 * (R_a / R0_a - 1)                       (when R0_a > 0)
 *       - enforcement_cost_a * cost_sensitivity_a * sum over t of enforcement[a][t]
 * so 1 unit = one percent of an economy's baseline revenue for one year. A hostile actor gains
 * from its target's loss, an aligned one loses; everyone pays for the enforcement it maintains.
 *
 * Choice is a hazard with an explicit hold (quantal response; McKelvey & Palfrey 1995): with
 * utilities U_k relative to holding (U_hold = 0) and rationality lambda,
 *   h_k = base_hazard * exp(lambda U_k) / sum_j exp(lambda U_j)     (j over all options, hold too)
 * and in a step of dt weeks the actor acts with probability 1 - exp(-dt sum_{k != hold} h_k),
 * choosing action k with probability h_k / sum h. Rates are per week, so results do not depend on
 * step_days beyond discretisation, and rare acts stay rare over thousands of choices.
 *
 * Actions in this slice: economic — tighten or ease enforcement on a hostile economy, revoke or
 * grant a waiver the actor controls; diplomatic — trigger a legal instrument it may notify
 * (snapback). Each applied action is an event with its CAMEO-mapped type.
 */
#include "world/decide.h"

#include "world/economy.h"
#include "world/mechanisms.h"
#include "world/schedule.h"

#include <math.h>
#include <string.h>

typedef struct decide_state {
    brink_world *scratch;     /* projection world */
    size_t max_actions;       /* per actor, hold excluded */
    brink_action *actions;    /* [na * max_actions] this review's options */
    size_t *nactions;         /* [na] */
    double *utility;          /* [na * max_actions] U_k relative to holding */
    double *hazard;           /* [na * max_actions] per week */
    double *hazard_sum;       /* [na] */
    double *hold;             /* [na] discounted objective along the holding path */
    long next_review;         /* step of the next review */
    int p_rationality, p_base_hazard, p_horizon, p_discount, p_review, p_step, p_cost,
        p_pressure;
} decide_state;

static decide_state *state_of(const brink_world *w)
{
    return w->mstate[BRINK_MECH_DECIDE];
}

/* Baseline revenue of each economy at the start of the run: the scale of "percent". */
static double base_revenue(const brink_world *w, size_t a)
{
    return brink_world_value(w, &w->sc->actors[a].internal[BRINK_INT_REVENUE_USD_BN]);
}

double brink_decide_objective(const brink_world *w, int a)
{
    const brink_scenario *sc = w->sc;
    const decide_state *st = state_of(w);
    size_t na = w->na;
    const brink_actor *ac = &sc->actors[a];
    double hawk = brink_world_value(w, &ac->disposition[BRINK_DISP_HAWKISHNESS]);
    double costs = brink_world_value(w, &ac->disposition[BRINK_DISP_COST_SENSITIVITY]);
    double pressure = brink_world_param(w, st->p_pressure, a, -1, -1);
    double enf_cost = brink_world_param(w, st->p_cost, a, -1, -1);
    double j = 0, enf = 0;
    for (size_t t = 0; t < na; t++) {
        if ((int)t == a)
            continue;
        double r0 = base_revenue(w, t);
        double align = w->m.alignment[(size_t)a * na + t];
        if (r0 > 0 && align != 0)
            j += pressure * hawk * (-align) * 100.0 * (1.0 - w->m.revenue[t] / r0);
        enf += w->m.enforcement[(size_t)a * na + t];
    }
    double r0 = base_revenue(w, (size_t)a);
    if (r0 > 0)
        j += costs * 100.0 * (w->m.revenue[a] / r0 - 1.0);
    j -= enf_cost * costs * enf;
    return j;
}

/* ---- actions ---- */

static int is_target_economy(const brink_world *w, size_t t)
{
    return base_revenue(w, t) > 0;
}

/* Lists the options of actor a into out (at most max); returns the count. */
static size_t list_actions(const brink_world *w, int a, brink_action *out, size_t max)
{
    const brink_scenario *sc = w->sc;
    const brink_actor *ac = &sc->actors[a];
    size_t n = 0, na = w->na;
    if (ac->domains & BRINK_DOMAIN_ECONOMIC) {
        for (size_t t = 0; t < na && n + 2 <= max; t++) {
            if ((int)t == a || !is_target_economy(w, t) ||
                w->m.alignment[(size_t)a * na + t] >= 0)
                continue;
            double e = w->m.enforcement[(size_t)a * na + t];
            if (e < 1)
                out[n++] = (brink_action){BRINK_ACT_TIGHTEN, (int)t, -1};
            if (e > 0)
                out[n++] = (brink_action){BRINK_ACT_EASE, (int)t, -1};
        }
        for (size_t f = 0; f < w->nf && n < max; f++) {
            const brink_flow *fl = &sc->flows[f];
            if (!fl->has_waiver || fl->waiver_by != a)
                continue;
            out[n++] = (brink_action){w->m.waiver_active[f] ? BRINK_ACT_REVOKE_WAIVER
                                                            : BRINK_ACT_GRANT_WAIVER,
                                      fl->from, (int)f};
        }
    }
    if (ac->domains & BRINK_DOMAIN_DIPLOMATIC) {
        for (size_t i = 0; i < w->ni && n < max; i++)
            if (brink_instrument_can_notify(w, i, a))
                out[n++] = (brink_action){BRINK_ACT_NOTIFY, sc->instruments[i].effect_target,
                                          (int)i};
    }
    return n;
}

long brink_decide_apply(brink_world *w, int a, brink_action act, long cause)
{
    const decide_state *st = state_of(w);
    double step = brink_world_param(w, st->p_step, -1, -1, -1);
    switch (act.kind) {
    case BRINK_ACT_TIGHTEN: {
        /* through the economy, which keeps track of the pressure its flows have seen */
        double d = brink_economy_enforce(w, a, act.target, step);
        w->m.news[act.target] += d;
        return brink_world_event(w, BRINK_EV_SANCTIONS_TIGHTENED, a, act.target, -1,
                                 BRINK_MECH_DECIDE, cause, d);
    }
    case BRINK_ACT_EASE: {
        double d = -brink_economy_enforce(w, a, act.target, -step);
        return brink_world_event(w, BRINK_EV_SANCTIONS_EASED, a, act.target, -1,
                                 BRINK_MECH_DECIDE, cause, d);
    }
    case BRINK_ACT_REVOKE_WAIVER:
        w->m.waiver_active[act.aux] = 0;
        return brink_world_event(w, BRINK_EV_WAIVER_REVOKED, a, act.target, act.aux,
                                 BRINK_MECH_DECIDE, cause, w->m.volume[act.aux]);
    case BRINK_ACT_GRANT_WAIVER:
        w->m.waiver_active[act.aux] = 1;
        return brink_world_event(w, BRINK_EV_WAIVER_GRANTED, a, act.target, act.aux,
                                 BRINK_MECH_DECIDE, cause, 0);
    case BRINK_ACT_NOTIFY:
        if (w->projecting) { /* the clock starts; no event is kept in a projection */
            if (brink_instrument_can_notify(w, (size_t)act.aux, a)) {
                w->m.inst_state[act.aux] = BRINK_INST_NOTIFIED;
                w->m.inst_step[act.aux] = w->step;
            }
            return -1;
        }
        return brink_instrument_notify(w, (size_t)act.aux, a, cause);
    default:
        return -1;
    }
}

const char *brink_action_kind_name(brink_action_kind k)
{
    static const char *const t[] = {"hold", "tighten", "ease", "revoke_waiver", "grant_waiver",
                                    "notify"};
    return (unsigned)k < sizeof t / sizeof t[0] ? t[k] : "?";
}

/* Starts a projection of w in the scratch world: copies the state and shares the mechanisms'
 * (read-only in projection) private state. */
static brink_world *projection_start(const brink_world *w, decide_state *st)
{
    brink_world *s = st->scratch;
    brink_world_copy(s, w);
    s->projecting = 1;
    for (size_t k = 0; k < BRINK_MECH_COUNT; k++)
        s->mstate[k] = w->mstate[k];
    return s;
}

/* Discounted objective of actor a along a projection of `horizon` steps from w, with action
 * act applied first. */
static double project(const brink_world *w, decide_state *st, int a, brink_action act,
                      long horizon, double delta_per_week)
{
    brink_world *s = projection_start(w, st);
    brink_decide_apply(s, a, act, -1);
    double total = 0, years = w->dt_weeks / 52.0;
    for (long h = 1; h <= horizon; h++) {
        s->step = w->step + h;
        brink_world_step(s);
        total += pow(delta_per_week, (double)h * w->dt_weeks) * brink_decide_objective(s, a) *
                 years;
    }
    return total;
}

/* The holding path is the same for every actor: project it once and accumulate each deciding
 * actor's discounted objective along it into hold[a]. */
static void project_hold(const brink_world *w, decide_state *st, long horizon, double *hold)
{
    brink_world *s = projection_start(w, st);
    double years = w->dt_weeks / 52.0;
    for (size_t a = 0; a < w->na; a++)
        hold[a] = 0;
    for (long h = 1; h <= horizon; h++) {
        s->step = w->step + h;
        brink_world_step(s);
        for (size_t a = 0; a < w->na; a++) {
            if (st->nactions[a] == 0)
                continue;
            double delta = brink_world_param(w, st->p_discount, (int)a, -1, -1);
            hold[a] += pow(delta, (double)h * w->dt_weeks) * brink_decide_objective(s, (int)a) *
                       years;
        }
    }
}

static void review(brink_world *w, decide_state *st)
{
    long horizon_weeks = (long)brink_world_param(w, st->p_horizon, -1, -1, -1);
    long horizon = (long)ceil((double)horizon_weeks / w->dt_weeks);
    double base = brink_world_param(w, st->p_base_hazard, -1, -1, -1);
    size_t deciders = 0;
    for (size_t a = 0; a < w->na; a++) {
        st->nactions[a] = list_actions(w, (int)a, &st->actions[a * st->max_actions],
                                       st->max_actions);
        st->hazard_sum[a] = 0;
        deciders += st->nactions[a] > 0;
    }
    if (!deciders)
        return;
    project_hold(w, st, horizon, st->hold);
    for (size_t a = 0; a < w->na; a++) {
        size_t n = st->nactions[a];
        if (n == 0)
            continue;
        brink_action *acts = &st->actions[a * st->max_actions];
        double lambda = brink_world_param(w, st->p_rationality, (int)a, -1, -1);
        double delta = brink_world_param(w, st->p_discount, (int)a, -1, -1);
        double *u = &st->utility[a * st->max_actions];
        double umax = 0; /* hold's utility */
        for (size_t k = 0; k < n; k++) {
            u[k] = project(w, st, (int)a, acts[k], horizon, delta) - st->hold[a];
            umax = fmax(umax, u[k]);
        }
        /* softmax over hold and the actions, shifted by the maximum for stability */
        double z = exp(lambda * (0 - umax));
        for (size_t k = 0; k < n; k++)
            z += exp(lambda * (u[k] - umax));
        double *h = &st->hazard[a * st->max_actions];
        for (size_t k = 0; k < n; k++) {
            h[k] = base * exp(lambda * (u[k] - umax)) / z;
            st->hazard_sum[a] += h[k];
        }
    }
}

static void decide_step(brink_world *w)
{
    decide_state *st = state_of(w);
    if (w->step == 0)
        st->next_review = 0;
    if (w->step >= st->next_review) {
        review(w, st);
        double weeks = brink_world_param(w, st->p_review, -1, -1, -1);
        long steps = (long)ceil(weeks / w->dt_weeks);
        st->next_review = w->step + (steps > 0 ? steps : 1);
    }
    for (size_t a = 0; a < w->na; a++) {
        if (st->nactions[a] == 0 || !(st->hazard_sum[a] > 0))
            continue;
        brink_rng rng = brink_world_rng(w, BRINK_MECH_DECIDE, a);
        double u = brink_rng_uniform01(&rng);
        if (u >= brink_hazard_prob(st->hazard_sum[a], w->dt_weeks))
            continue;
        long k = brink_dist_categorical(&rng, &st->hazard[a * st->max_actions], st->nactions[a]);
        if (k < 0)
            continue;
        brink_action act = st->actions[a * st->max_actions + (size_t)k];
        brink_decide_apply(w, (int)a, act, -1);
        /* the option is used: an instrument cannot be notified twice, enforcement moved */
        st->hazard_sum[a] = 0;
        st->next_review = w->step + 1;
    }
}

static int decide_init(brink_world *w, brink_error *err)
{
    decide_state *st = brink_arena_alloc(&w->arena, sizeof *st);
    if (!st)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    st->max_actions = 2 * w->na + w->nf + w->ni + 1;
    size_t slots = w->na * st->max_actions;
    st->actions = brink_arena_array(&w->arena, slots, sizeof *st->actions);
    st->utility = brink_arena_array(&w->arena, slots, sizeof *st->utility);
    st->hazard = brink_arena_array(&w->arena, slots, sizeof *st->hazard);
    st->nactions = brink_arena_array(&w->arena, w->na, sizeof *st->nactions);
    st->hazard_sum = brink_arena_array(&w->arena, w->na, sizeof *st->hazard_sum);
    st->hold = brink_arena_array(&w->arena, w->na, sizeof *st->hold);
    if (!st->actions || !st->utility || !st->hazard || !st->nactions || !st->hazard_sum ||
        !st->hold)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    st->p_rationality = brink_param_find("decide.rationality");
    st->p_base_hazard = brink_param_find("decide.base_hazard_per_week");
    st->p_horizon = brink_param_find("decide.horizon_weeks");
    st->p_discount = brink_param_find("decide.discount_per_week");
    st->p_review = brink_param_find("decide.review_weeks");
    st->p_step = brink_param_find("decide.enforcement_step");
    st->p_cost = brink_param_find("decide.enforcement_cost");
    st->p_pressure = brink_param_find("decide.pressure_weight");
    if (st->p_rationality < 0 || st->p_base_hazard < 0 || st->p_horizon < 0 ||
        st->p_discount < 0 || st->p_review < 0 || st->p_step < 0 || st->p_cost < 0 ||
        st->p_pressure < 0)
        return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                               "a decide.* parameter is missing from the registry");
    w->mstate[BRINK_MECH_DECIDE] = st;
    int rc = brink_world_new_scratch(w->sc, &st->scratch, err);
    if (rc)
        return rc;
    /* the scratch world shares the parameter lookups */
    st->scratch->mstate[BRINK_MECH_DECIDE] = st;
    return BRINK_OK;
}

static void decide_fini(brink_world *w)
{
    decide_state *st = w->mstate[BRINK_MECH_DECIDE];
    if (st)
        brink_world_free(st->scratch);
}

static void decide_reset(brink_world *w)
{
    decide_state *st = state_of(w);
    if (!st)
        return;
    st->next_review = 0;
    for (size_t a = 0; a < w->na; a++) {
        st->nactions[a] = 0;
        st->hazard_sum[a] = 0;
    }
}

const brink_mechanism brink_mech_decide = {
    .id = BRINK_MECH_DECIDE,
    .init = decide_init,
    .fini = decide_fini,
    .reset = decide_reset,
    .step = decide_step,
    .projects = 0,
};

size_t brink_decide_options(const brink_world *w, int a, const brink_action **actions,
                            const double **utility, const double **hazard)
{
    const decide_state *st = state_of(w);
    if (!st || a < 0 || (size_t)a >= w->na)
        return 0;
    *actions = &st->actions[(size_t)a * st->max_actions];
    *utility = &st->utility[(size_t)a * st->max_actions];
    *hazard = &st->hazard[(size_t)a * st->max_actions];
    return st->nactions[a];
}
