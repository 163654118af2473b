/* SPDX-License-Identifier: MIT */
/*
 * domestic.c — pressure from within: step 5 of the schedule (MODEL.md sections 2 and 3,
 * "Domestic stability"). For every domestic state s (its scenario gives `legitimacy`), per step
 * of dt weeks, in this order:
 *
 *  1. The event log since the last step. A strike (strike_military, strike_nuclear,
 *     strike_energy) or a leader_killed event of another mechanism whose target is s or one of
 *     its factions is an external attack: the rally stock rises by domestic.rally_legitimacy
 *     (capped at twice that; Mueller 1973) and the hard-liners' share h moves the share
 *     domestic.attack_hardliner_shift of the way to 1. Each strike kills each living leader of s
 *     with probability domestic.strike_leader_death_prob (event leader_killed, caused by the
 *     strike); a leader_killed event of another mechanism aimed at a leader ends its life too.
 *  2. Leaders (actors with `born`): age a grows with time; the hazard of death per year is
 *     Gompertz, m80 2^((a - 80) / D) (domestic.mortality_at_80_per_year,
 *     domestic.mortality_doubling_years), so the chance of dying in a step is
 *     1 - exp(-h dt). A death (leader_died) opens an interregnum of domestic.succession_weeks,
 *     after which the successor is named (leader_replaced, caused by the death): aged
 *     domestic.successor_age_years, with the leader faction's hawkishness and positions moved by
 *     domestic.successor_hawkishness_shift and domestic.successor_position_shift (kept in
 *     w->m.hawk_shift and w->m.position_shift for the negotiation), and its state's h moved by
 *     the hawkishness shift.
 *  3. Triggers put instigators on the street (Granovetter's r(0)): a dated price_hike of size s
 *     adds c_hike ln(1 + s); a currency collapse adds c_fx j, with j the step's log depreciation
 *     beyond the economy's trend (ln fx - ln fx_prev - fx_trend dt, > 0); a random symbolic death
 *     comes with hazard domestic.symbolic_death_rate_per_year and adds an exponential share of
 *     mean domestic.symbolic_death_instigators. The instigator share I decays with
 *     domestic.instigator_halflife_weeks.
 *  4. The cascade (Epstein 2002 in the mean field, Granovetter 1978 thresholds). Grievance
 *     G = H (1 - L) with H the economy's hardship and L the legitimacy index. A citizen protests
 *     when G - R P > T + e_i, e_i ~ N(0, sigma) her threshold's deviation
 *     (domestic.threshold_spread), R the mean risk aversion, T Epstein's threshold, and
 *     P = 1 - exp(-k c / (p_seen + 1/n)) the arrest probability she estimates from the police
 *     per citizen c = police_per_citizen x repression_capacity x (1 + surge K) (1 - loss split)
 *     and the protesters she sees, p_seen = p (1 - cut X), counting herself among n citizens in
 *     vision. So the share whose thresholds are met is F(p) = Phi((G - R P(p) - T) / sigma), and
 *     participation p moves toward I + (1 - I) F(p) with domestic.participation_halflife_weeks,
 *     in sub-steps (below). Safety in
 *     numbers makes F rise with p: a quiet and a mass equilibrium coexist, triggers push p past
 *     the tipping point between them, and a crackdown (K) or shutdown (X) removes the mass one.
 *     With sigma = 0 nobody but the instigators moves: waves never spread.
 *  5. A wave starts when p rises above domestic.wave_start_intensity (protest_wave_started) and
 *     ends when it falls below domestic.wave_end_intensity (protest_wave_ended, caused by its
 *     start).
 *  6. The state's repressor (the state if it acts in the domestic domain, else its faction with
 *     the domestic domain and the largest military capability) chooses among crackdown (while
 *     K < domestic.reorder_below) and internet shutdown (while X < it) by quantal response
 *     (brink_quantal_hazards, rationality decide.rationality, base
 *     domestic.response_hazard_per_week) with utilities
 *     U = hawkishness x domestic.regime_threat_weight x p - cost (domestic.crackdown_cost,
 *     domestic.shutdown_cost). A crackdown sets K = 1 (fading with its half-life), lowers the
 *     legitimacy base by domestic.crackdown_legitimacy_cost and moves h the share
 *     domestic.crackdown_hardliner_shift toward 1; a shutdown sets X = 1.
 *  7. While a wave meets a crackdown, the security forces split with hazard
 *     domestic.split_hazard_per_week (1 - cohesion) p K per week (sticky; no event type exists,
 *     the state is w->m.dom_split). The regime collapses with hazard
 *     collapse_base_per_year / 52.18 (times domestic.interregnum_collapse_factor while a leader
 *     of the state is dead and unsucceeded) + split x domestic.collapse_after_split_per_week x p
 *     (regime_collapse; the state's domestic dynamics stop).
 *  8. Bounded stocks revert (MODEL.md "Keeping the model alive"): the legitimacy base to the
 *     scenario's legitimacy with domestic.legitimacy_halflife_weeks, the rally stock to 0 with
 *     domestic.rally_halflife_weeks, h to h0 - c_H (H - H0) (domestic.hardship_hardliner_shift:
 *     pragmatists gain from hardship) with domestic.hardliner_halflife_weeks. L = clamp(base +
 *     rally, 0, 1).
 *
 * Every factor is a registered domestic.* parameter (src/scenario/params.c), read per actor at
 * reset and cached for the run. Parts 4-7 run together in equal sub-steps of at most
 * domestic.substep_days (a quarter of a day), so that a round of the cascade is shorter than the
 * regime's reaction and results do not depend on step_days; a quiet step (no wave, instigators
 * below QUIET_LEVEL, participation below half the wave's end level) is taken whole, which only
 * saves time. Random numbers come from brink_world_rng(w, BRINK_MECH_DOMESTIC, key): one stream
 * per state and step, drawn in a fixed order whatever happens, and one per leader and purpose.
 * Nothing is allocated in the step. The mechanism is
 * skipped inside decisions' projections (projects = 0).
 */
#include "world/domestic.h"

#include "core/fminmax.h"
#include "world/decide.h"

#include <math.h>
#include <string.h>

#define WEEKS_PER_YEAR (365.25 / 7.0)
#define DAYS_PER_WEEK 7.0
#define AGE_REF 80.0 /* age at which domestic.mortality_at_80_per_year applies */
#define SQRT2 1.41421356237309504880
#define QUIET_LEVEL 0.01 /* instigators below this share count as none (quiet) */
#define QUIET_SHARE 0.5  /* and participation below this share of the wave's end level */

/* Parameters, as indices into dom_state.id. */
enum {
    P_ATTACK_HS,
    P_SPLIT_COLLAPSE,
    P_COLLAPSE_BASE,
    P_CRACK_COST,
    P_CRACK_HL,
    P_CRACK_HS,
    P_CRACK_LEGIT,
    P_SURGE,
    P_K,
    P_T,
    P_FX_INST,
    P_HS_HL,
    P_HARD_HS,
    P_INST_HL,
    P_INTERREGNUM,
    P_LEGIT_HL,
    P_M80,
    P_DOUBLING,
    P_PART_HL,
    P_POLICE,
    P_HIKE_INST,
    P_RALLY_HL,
    P_RALLY,
    P_THREAT_W,
    P_RESP_HAZARD,
    P_RISK,
    P_SHUT_COST,
    P_SHUT_HL,
    P_SHUT_CUT,
    P_SPLIT,
    P_SPLIT_LOSS,
    P_STRIKE_DEATH,
    P_SUBSTEP,
    P_SUCC_WEEKS,
    P_SUCC_AGE,
    P_SUCC_HAWK,
    P_SUCC_POS,
    P_SYM_INST,
    P_SYM_RATE,
    P_SPREAD,
    P_VISION,
    P_WAVE_END,
    P_WAVE_START,
    P_REORDER,
    P_RATIONALITY,
    P_COUNT
};

static const char *const param_names[P_COUNT] = {
    "domestic.attack_hardliner_shift",
    "domestic.collapse_after_split_per_week",
    "domestic.collapse_base_per_year",
    "domestic.crackdown_cost",
    "domestic.crackdown_halflife_weeks",
    "domestic.crackdown_hardliner_shift",
    "domestic.crackdown_legitimacy_cost",
    "domestic.crackdown_surge",
    "domestic.epstein_k",
    "domestic.epstein_threshold",
    "domestic.fx_jump_instigators",
    "domestic.hardliner_halflife_weeks",
    "domestic.hardship_hardliner_shift",
    "domestic.instigator_halflife_weeks",
    "domestic.interregnum_collapse_factor",
    "domestic.legitimacy_halflife_weeks",
    "domestic.mortality_at_80_per_year",
    "domestic.mortality_doubling_years",
    "domestic.participation_halflife_weeks",
    "domestic.police_per_citizen",
    "domestic.price_hike_instigators",
    "domestic.rally_halflife_weeks",
    "domestic.rally_legitimacy",
    "domestic.regime_threat_weight",
    "domestic.response_hazard_per_week",
    "domestic.risk_aversion",
    "domestic.shutdown_cost",
    "domestic.shutdown_halflife_weeks",
    "domestic.shutdown_visibility_cut",
    "domestic.split_hazard_per_week",
    "domestic.split_police_loss",
    "domestic.strike_leader_death_prob",
    "domestic.substep_days",
    "domestic.succession_weeks",
    "domestic.successor_age_years",
    "domestic.successor_hawkishness_shift",
    "domestic.successor_position_shift",
    "domestic.symbolic_death_instigators",
    "domestic.symbolic_death_rate_per_year",
    "domestic.threshold_spread",
    "domestic.vision_citizens",
    "domestic.wave_end_intensity",
    "domestic.wave_start_intensity",
    "domestic.reorder_below",
    "decide.rationality",
};

/* Random streams (the key is actor * KEY_STRIDE + purpose): a state's step draws everything
 * from one stream in a fixed order (the symbolic death, then per sub-step the decision, the
 * split and the collapse), a leader's natural death and a death in a strike from their own. */
enum { K_STATE, K_MORTALITY, K_WAR_DEATH, KEY_STRIDE };

/* Run constants of a domestic state (dom_reset). */
typedef struct dom_const {
    double k, t, sigma, risk, police, surge, vision, cut, split_loss;
    /* keep factors of participation, instigators, crackdown and shutdown over one sub-step:
     * [0] a fine sub-step (dt / substeps), [1] a quiet step taken whole */
    double keep_part[2], keep_inst[2], keep_crack[2], keep_shut[2];
    double keep_rally, keep_legit, keep_hs;             /* per step */
    double hike, fx, sym_rate, sym_mean;
    double threat_w, crack_cost, shut_cost, resp_hazard, lambda, reorder;
    double split, collapse_base, collapse_split, interregnum;
    double attack_hs, crack_hs, crack_legit, rally, hard_hs;
    double l0, h0, hardship0, cohesion, capacity;
    double wave_start, wave_end;
} dom_const;

/* Run constants of a leader (dom_reset). */
typedef struct dom_leader {
    double m80, doubling, strike_death, succ_age, succ_hawk, succ_pos;
    long succ_steps;
} dom_leader;

typedef struct dom_state {
    int id[P_COUNT];
    int *states;          /* [na] the domestic states */
    size_t nstates;
    int *leaders;         /* [na] the actors with a birth date */
    size_t nleaders;
    int *home;            /* [na] a leader's state (its parent, or itself); -1 for others */
    int *repressor;       /* [na] a domestic state's repressor, or -1 */
    unsigned char *is_state; /* [na] 1 for a domestic state */
    dom_const *c;         /* [na] */
    dom_leader *l;        /* [na] */
    long substeps;        /* cascade sub-steps per step */
    size_t seen;          /* events already read this run */
} dom_state;

/* ---- pure functions ---- */

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

double brink_domestic_grievance(double hardship, double legitimacy)
{
    return clamp(hardship, 0, 1) * (1 - clamp(legitimacy, 0, 1));
}

double brink_domestic_mortality_hazard(double age, double m80, double doubling)
{
    if (!(doubling > 0) || !(m80 > 0))
        return 0;
    return m80 * exp2((age - AGE_REF) / doubling);
}

double brink_domestic_response(double p, double grievance, double risk_aversion, double threshold,
                               double sigma, double k, double police, double vision, double cut)
{
    double seen = brink_fmax(0, p) * (1 - clamp(cut, 0, 1));
    double arrest = vision > 0 ? -expm1(-k * police / (seen + 1 / vision)) : 0;
    double x = grievance - risk_aversion * arrest - threshold;
    if (!(sigma > 0))
        return x > 0 ? 1 : 0;
    return 0.5 * erfc(-x / (sigma * SQRT2));
}

/* ---- getters ---- */

static dom_state *state_of(const brink_world *w)
{
    return w->mstate[BRINK_MECH_DOMESTIC];
}

static int valid(const brink_world *w, int a)
{
    return a >= 0 && (size_t)a < w->na;
}

double brink_domestic_hardliner_share(const brink_world *w, int state)
{
    const dom_state *st = state_of(w);
    if (!st || !valid(w, state) || !st->is_state[state])
        return NAN;
    return w->m.hardliner_share[state];
}

double brink_domestic_presidency(const brink_world *w, int state)
{
    return 1 - brink_domestic_hardliner_share(w, state);
}

double brink_domestic_hawk_shift(const brink_world *w, int a)
{
    return valid(w, a) ? w->m.hawk_shift[a] : 0;
}

double brink_domestic_position_shift(const brink_world *w, int a)
{
    return valid(w, a) ? w->m.position_shift[a] : 0;
}

int brink_domestic_successions(const brink_world *w, int a)
{
    return valid(w, a) ? w->m.successions[a] : 0;
}

int brink_domestic_split(const brink_world *w, int s)
{
    return valid(w, s) ? w->m.dom_split[s] : 0;
}

int brink_domestic_collapsed(const brink_world *w, int s)
{
    return valid(w, s) ? w->m.dom_collapsed[s] : 0;
}

/* ---- helpers ---- */

static double par(const brink_world *w, const dom_state *st, int p, int actor)
{
    return brink_world_param(w, st->id[p], actor, -1, -1);
}

static double internal(const brink_world *w, size_t a, brink_internal i)
{
    return brink_world_value(w, &w->sc->actors[a].internal[i]);
}

/* The domestic state an attack on actor t hits: t itself, or its parent. -1 for none. */
static int attacked_state(const brink_world *w, const dom_state *st, int t)
{
    if (!valid(w, t))
        return -1;
    if (st->is_state[t])
        return t;
    int p = w->sc->actors[t].parent;
    return valid(w, p) && st->is_state[p] ? p : -1;
}

/* Moves x the share s of the way to 1. */
static double toward_one(double x, double s)
{
    return clamp(x + s * (1 - x), 0, 1);
}

/* A leader of state s is dead and not yet succeeded. */
static int leaderless(const brink_world *w, const dom_state *st, int s)
{
    for (size_t i = 0; i < st->nleaders; i++) {
        int l = st->leaders[i];
        if (st->home[l] == s && !w->m.leader_alive[l])
            return 1;
    }
    return 0;
}

/* Leader l has died (death event ev): the interregnum begins. */
static void leader_dies(brink_world *w, const dom_state *st, int l, long ev)
{
    w->m.leader_alive[l] = 0;
    w->m.leader_due[l] = (int)(w->step + st->l[l].succ_steps);
    w->m.leader_death_event[l] = (int)ev;
}

/* ---- the step, part by part ---- */

static int is_attack(brink_event_type t)
{
    return t == BRINK_EV_STRIKE_MILITARY || t == BRINK_EV_STRIKE_NUCLEAR ||
           t == BRINK_EV_STRIKE_ENERGY || t == BRINK_EV_LEADER_KILLED;
}

/* Part 1: external attacks since the last step (rally, factional shift, deaths in war). */
static void read_events(brink_world *w, dom_state *st)
{
    size_t end = w->nevents;
    for (size_t e = st->seen; e < end; e++) {
        const brink_event ev = w->events[e];
        if (ev.mech == BRINK_MECH_DOMESTIC || !is_attack(ev.type))
            continue;
        if (ev.type == BRINK_EV_LEADER_KILLED && valid(w, ev.target) && st->home[ev.target] >= 0 &&
            w->m.leader_alive[ev.target])
            leader_dies(w, st, ev.target, (long)e);
        int s = attacked_state(w, st, ev.target);
        if (s < 0 || w->m.dom_collapsed[s])
            continue;
        const dom_const *c = &st->c[s];
        w->m.dom_rally[s] = brink_fmin(w->m.dom_rally[s] + c->rally, 2 * c->rally);
        w->m.hardliner_share[s] = toward_one(w->m.hardliner_share[s], c->attack_hs);
        if (ev.type == BRINK_EV_LEADER_KILLED)
            continue;
        for (size_t i = 0; i < st->nleaders; i++) {
            int l = st->leaders[i];
            if (st->home[l] != s || !w->m.leader_alive[l] || !(st->l[l].strike_death > 0))
                continue;
            brink_rng rng = brink_world_rng(
                w, BRINK_MECH_DOMESTIC,
                brink_hash_mix((uint64_t)l * KEY_STRIDE + K_WAR_DEATH, (uint64_t)e));
            if (brink_rng_uniform01(&rng) < st->l[l].strike_death) {
                long k = brink_world_event(w, BRINK_EV_LEADER_KILLED, ev.actor, l, -1,
                                           BRINK_MECH_DOMESTIC, (long)e, 1);
                leader_dies(w, st, l, k);
            }
        }
    }
}

/* Part 2: ageing, natural deaths and successions. */
static void leaders_step(brink_world *w, dom_state *st)
{
    double dt = w->dt_weeks;
    for (size_t i = 0; i < st->nleaders; i++) {
        int l = st->leaders[i];
        const dom_leader *c = &st->l[l];
        int s = st->home[l];
        if (!w->m.leader_alive[l]) {
            if (w->step < w->m.leader_due[l])
                continue;
            w->m.leader_alive[l] = 1;
            w->m.leader_due[l] = -1;
            w->m.leader_age[l] = c->succ_age;
            w->m.hawk_shift[l] += c->succ_hawk;
            w->m.position_shift[l] += c->succ_pos;
            w->m.successions[l]++;
            if (s >= 0 && st->is_state[s])
                w->m.hardliner_share[s] = clamp(w->m.hardliner_share[s] + c->succ_hawk, 0, 1);
            brink_world_event(w, BRINK_EV_LEADER_REPLACED, l, s, -1, BRINK_MECH_DOMESTIC,
                              w->m.leader_death_event[l], c->succ_hawk);
            continue;
        }
        w->m.leader_age[l] += dt / WEEKS_PER_YEAR;
        double h = brink_domestic_mortality_hazard(w->m.leader_age[l], c->m80, c->doubling);
        brink_rng rng =
            brink_world_rng(w, BRINK_MECH_DOMESTIC, (uint64_t)l * KEY_STRIDE + K_MORTALITY);
        if (brink_rng_uniform01(&rng) < brink_hazard_prob(h / WEEKS_PER_YEAR, dt)) {
            long ev = brink_world_event(w, BRINK_EV_LEADER_DIED, l, s, -1, BRINK_MECH_DOMESTIC,
                                        -1, w->m.leader_age[l]);
            leader_dies(w, st, l, ev);
        }
    }
}

/* Part 3: the instigators this step's triggers put on the street (rng: the state's stream). */
static void triggers(brink_world *w, const dom_state *st, int s, brink_rng *rng)
{
    const dom_const *c = &st->c[s];
    const brink_scenario *sc = w->sc;
    double add = 0;
    for (size_t k = 0; k < sc->nschedule; k++) {
        const brink_scheduled *e = &sc->schedule[k];
        if (e->type == BRINK_SCHED_PRICE_HIKE && !e->past && e->step == w->step && e->target == s)
            add += c->hike * log1p(brink_fmax(0, brink_world_value(w, &e->size)));
    }
    double fx = w->m.fx[s], prev = w->m.dom_fx_prev[s];
    if (fx > 0 && prev > 0) {
        double jump = log(fx / prev) - w->m.fx_trend[s] * w->dt_weeks;
        if (jump > 0)
            add += c->fx * jump;
    }
    w->m.dom_fx_prev[s] = fx;
    /* two draws whatever happens, so that the later draws of the step keep their place */
    double u1 = brink_rng_uniform01(rng), u2 = brink_rng_uniform01(rng);
    if (c->sym_rate > 0 && c->sym_mean > 0 &&
        u1 < brink_hazard_prob(c->sym_rate / WEEKS_PER_YEAR, w->dt_weeks))
        add += -c->sym_mean * log1p(-u2);
    w->m.dom_instigators[s] = clamp(w->m.dom_instigators[s] + add, 0, 1);
}

/* Part 4: one sub-step of the cascade (coarse: 1 for a quiet step taken whole, else 0). */
static void cascade(brink_world *w, const dom_state *st, int s, int coarse)
{
    const dom_const *c = &st->c[s];
    double g = w->m.dom_grievance[s];
    double police = c->police * (w->m.dom_split[s] ? 1 - c->split_loss : 1);
    double p = w->m.protest[s];
    double in = w->m.dom_instigators[s] *= c->keep_inst[coarse];
    double kk = w->m.dom_crackdown[s] *= c->keep_crack[coarse];
    double x = w->m.dom_shutdown[s] *= c->keep_shut[coarse];
    double f = brink_domestic_response(p, g, c->risk, c->t, c->sigma, c->k,
                                       police * (1 + c->surge * kk), c->vision, c->cut * x);
    double target = in + (1 - in) * f;
    w->m.protest[s] = clamp(target + (p - target) * c->keep_part[coarse], 0, 1);
}

/* Part 5: a wave starts or ends. */
static void waves(brink_world *w, const dom_state *st, int s)
{
    const dom_const *c = &st->c[s];
    double p = w->m.protest[s];
    if (!w->m.dom_wave[s] && p > c->wave_start) {
        w->m.dom_wave[s] = 1;
        w->m.dom_wave_event[s] = (int)brink_world_event(w, BRINK_EV_PROTEST_WAVE_STARTED, s, -1,
                                                        -1, BRINK_MECH_DOMESTIC, -1, p);
    } else if (w->m.dom_wave[s] && p < c->wave_end) {
        w->m.dom_wave[s] = 0;
        brink_world_event(w, BRINK_EV_PROTEST_WAVE_ENDED, s, -1, -1, BRINK_MECH_DOMESTIC,
                          w->m.dom_wave_event[s], p);
        w->m.dom_wave_event[s] = -1;
    }
}

/* Part 6: the repressor's choice of crackdown or shutdown over dt_sub weeks. */
static void respond(brink_world *w, const dom_state *st, int s, double dt_sub, brink_rng *rng)
{
    const dom_const *c = &st->c[s];
    int r = st->repressor[s];
    if (r < 0 || !(c->capacity > 0))
        return;
    /* two draws every sub-step, whether or not they are used, so that the sub-steps' draws do
     * not shift with the options available; taken first, as the utilities write nothing: a
     * first draw at or above the chance of acting at hazard resp_hazard rules an act out
     * whatever the utilities (the quantal hazards sum to resp_hazard x a share <= 1:
     * brink_hazard_prob_bound) */
    double u1 = brink_rng_uniform01(rng), u2 = brink_rng_uniform01(rng);
    if (u1 >= brink_hazard_prob_bound(c->resp_hazard, dt_sub))
        return;
    double hawk = brink_world_value(w, &w->sc->actors[r].disposition[BRINK_DISP_HAWKISHNESS]) +
                  w->m.hawk_shift[r];
    double gain = clamp(hawk, 0, 1) * c->threat_w * w->m.protest[s];
    double u[2], h[2];
    int kind[2];
    size_t n = 0;
    if (w->m.dom_crackdown[s] < c->reorder) {
        kind[n] = BRINK_EV_CRACKDOWN;
        u[n++] = gain - c->crack_cost;
    }
    if (w->m.dom_shutdown[s] < c->reorder) {
        kind[n] = BRINK_EV_INTERNET_SHUTDOWN;
        u[n++] = gain - c->shut_cost;
    }
    double sum = brink_quantal_hazards(u, n, c->lambda, c->resp_hazard, h);
    u2 *= sum;
    if (!(sum > 0) || u1 >= brink_hazard_prob(sum, dt_sub))
        return;
    size_t k = 0;
    while (k + 1 < n && u2 >= h[k]) {
        u2 -= h[k];
        k++;
    }
    long cause = w->m.dom_wave[s] ? w->m.dom_wave_event[s] : -1;
    if (kind[k] == BRINK_EV_CRACKDOWN) {
        w->m.dom_crackdown[s] = 1;
        w->m.dom_legit_base[s] = clamp(w->m.dom_legit_base[s] - c->crack_legit, 0, 1);
        w->m.hardliner_share[s] = toward_one(w->m.hardliner_share[s], c->crack_hs);
    } else {
        w->m.dom_shutdown[s] = 1;
    }
    brink_world_event(w, (brink_event_type)kind[k], r, s, -1, BRINK_MECH_DOMESTIC, cause,
                      w->m.protest[s]);
}

/* Part 7: a split of the security forces and regime collapse over dt_sub weeks. */
static void stability(brink_world *w, const dom_state *st, int s, double dt_sub, brink_rng *rng)
{
    const dom_const *c = &st->c[s];
    double p = w->m.protest[s];
    double us = brink_rng_uniform01(rng), uc = brink_rng_uniform01(rng);
    if (!w->m.dom_split[s] && w->m.dom_wave[s] && w->m.dom_crackdown[s] > 0) {
        double h = c->split * (1 - c->cohesion) * p * w->m.dom_crackdown[s];
        if (us < brink_hazard_prob(h, dt_sub))
            w->m.dom_split[s] = 1;
    }
    double h = c->collapse_base / WEEKS_PER_YEAR * (leaderless(w, st, s) ? c->interregnum : 1);
    if (w->m.dom_split[s])
        h += c->collapse_split * p;
    if (uc < brink_hazard_prob(h, dt_sub)) {
        w->m.dom_collapsed[s] = 1;
        long cause = w->m.dom_wave[s] ? w->m.dom_wave_event[s] : -1;
        for (size_t i = 0; cause < 0 && i < st->nleaders; i++) {
            int l = st->leaders[i];
            if (st->home[l] == s && !w->m.leader_alive[l])
                cause = w->m.leader_death_event[l];
        }
        brink_world_event(w, BRINK_EV_REGIME_COLLAPSE, s, -1, -1, BRINK_MECH_DOMESTIC, cause, p);
    }
}

/* A step is quiet when, at its start, no wave is under way, the instigators are (almost) gone
 * and participation sits below half the wave's end level: nothing can then start a cascade
 * within the step, participation stays at its quiet root, crackdown and shutdown only fade, and
 * the hazards are nearly constant over the step, so one sub-step gives what many would. */
static int quiet(const brink_world *w, const dom_const *c, int s)
{
    return !w->m.dom_wave[s] && w->m.dom_instigators[s] < QUIET_LEVEL &&
           w->m.protest[s] < QUIET_SHARE * c->wave_end;
}

/* Parts 4-7 over one step, in sub-steps of at most domestic.substep_days (a quiet step whole),
 * so that the cascade, the repressor's reaction and the hazards do not depend on step_days. */
static void substeps(brink_world *w, const dom_state *st, int s, brink_rng *rng)
{
    w->m.dom_grievance[s] = brink_domestic_grievance(w->m.hardship[s], w->m.legitimacy[s]);
    int coarse = quiet(w, &st->c[s], s);
    long n = coarse ? 1 : st->substeps;
    double dt_sub = w->dt_weeks / (double)n;
    for (long i = 0; i < n && !w->m.dom_collapsed[s]; i++) {
        cascade(w, st, s, coarse);
        waves(w, st, s);
        respond(w, st, s, dt_sub, rng);
        stability(w, st, s, dt_sub, rng);
    }
}

/* Part 8: legitimacy, rally and factional balance revert. */
static void revert(brink_world *w, const dom_state *st, int s)
{
    const dom_const *c = &st->c[s];
    w->m.dom_rally[s] *= c->keep_rally;
    double lb = c->l0 + (w->m.dom_legit_base[s] - c->l0) * c->keep_legit;
    w->m.dom_legit_base[s] = lb;
    w->m.legitimacy[s] = clamp(lb + w->m.dom_rally[s], 0, 1);
    double target = clamp(c->h0 - c->hard_hs * (w->m.hardship[s] - c->hardship0), 0, 1);
    w->m.hardliner_share[s] = target + (w->m.hardliner_share[s] - target) * c->keep_hs;
}

static void domestic_step(brink_world *w)
{
    dom_state *st = state_of(w);
    if (!st || w->projecting)
        return;
    read_events(w, st);
    leaders_step(w, st);
    for (size_t i = 0; i < st->nstates; i++) {
        int s = st->states[i];
        if (w->m.dom_collapsed[s])
            continue;
        brink_rng rng = brink_world_rng(w, BRINK_MECH_DOMESTIC, (uint64_t)s * KEY_STRIDE + K_STATE);
        triggers(w, st, s, &rng);
        substeps(w, st, s, &rng);
        revert(w, st, s);
    }
    st->seen = w->nevents;
}

/* ---- life cycle ---- */

static void fill_state(const brink_world *w, const dom_state *st, int s, dom_const *c)
{
    double dt = w->dt_weeks, sub = dt / (double)st->substeps;
    c->k = par(w, st, P_K, s);
    c->t = par(w, st, P_T, s);
    c->sigma = par(w, st, P_SPREAD, s);
    c->risk = par(w, st, P_RISK, s);
    c->capacity = clamp(internal(w, (size_t)s, BRINK_INT_REPRESSION_CAPACITY), 0, 1);
    c->police = par(w, st, P_POLICE, s) * c->capacity;
    c->surge = par(w, st, P_SURGE, s);
    c->vision = par(w, st, P_VISION, s);
    c->cut = par(w, st, P_SHUT_CUT, s);
    c->split_loss = par(w, st, P_SPLIT_LOSS, s);
    for (int q = 0; q < 2; q++) {
        double len = q ? dt : sub;
        c->keep_part[q] = brink_halflife_keep(par(w, st, P_PART_HL, s), len);
        c->keep_inst[q] = brink_halflife_keep(par(w, st, P_INST_HL, s), len);
        c->keep_crack[q] = brink_halflife_keep(par(w, st, P_CRACK_HL, s), len);
        c->keep_shut[q] = brink_halflife_keep(par(w, st, P_SHUT_HL, s), len);
    }
    c->keep_rally = brink_halflife_keep(par(w, st, P_RALLY_HL, s), dt);
    c->keep_legit = brink_halflife_keep(par(w, st, P_LEGIT_HL, s), dt);
    c->keep_hs = brink_halflife_keep(par(w, st, P_HS_HL, s), dt);
    c->hike = par(w, st, P_HIKE_INST, s);
    c->fx = par(w, st, P_FX_INST, s);
    c->sym_rate = par(w, st, P_SYM_RATE, s);
    c->sym_mean = par(w, st, P_SYM_INST, s);
    c->threat_w = par(w, st, P_THREAT_W, s);
    c->crack_cost = par(w, st, P_CRACK_COST, s);
    c->reorder = par(w, st, P_REORDER, s);
    c->shut_cost = par(w, st, P_SHUT_COST, s);
    c->resp_hazard = par(w, st, P_RESP_HAZARD, s);
    c->lambda = st->repressor[s] >= 0 ? par(w, st, P_RATIONALITY, st->repressor[s]) : 0;
    c->split = par(w, st, P_SPLIT, s);
    c->collapse_base = par(w, st, P_COLLAPSE_BASE, s);
    c->collapse_split = par(w, st, P_SPLIT_COLLAPSE, s);
    c->interregnum = par(w, st, P_INTERREGNUM, s);
    c->attack_hs = par(w, st, P_ATTACK_HS, s);
    c->crack_hs = par(w, st, P_CRACK_HS, s);
    c->crack_legit = par(w, st, P_CRACK_LEGIT, s);
    c->rally = par(w, st, P_RALLY, s);
    c->hard_hs = par(w, st, P_HARD_HS, s);
    c->l0 = clamp(internal(w, (size_t)s, BRINK_INT_LEGITIMACY), 0, 1);
    c->h0 = clamp(internal(w, (size_t)s, BRINK_INT_HARDLINER_SHARE), 0, 1);
    c->hardship0 = clamp(internal(w, (size_t)s, BRINK_INT_HARDSHIP), 0, 1);
    c->cohesion = clamp(internal(w, (size_t)s, BRINK_INT_SECURITY_COHESION), 0, 1);
    c->wave_start = par(w, st, P_WAVE_START, -1);
    c->wave_end = par(w, st, P_WAVE_END, -1);
}

static void domestic_reset(brink_world *w)
{
    dom_state *st = state_of(w);
    if (!st || w->scratch)
        return;
    st->seen = 0;
    const brink_scenario *sc = w->sc;
    for (size_t a = 0; a < w->na; a++) {
        w->m.dom_wave_event[a] = -1;
        w->m.leader_due[a] = -1;
        w->m.leader_death_event[a] = -1;
        w->m.leader_alive[a] = 1;
        w->m.dom_fx_prev[a] = w->m.fx[a];
    }
    for (size_t i = 0; i < st->nstates; i++) {
        int s = st->states[i];
        dom_const *c = &st->c[s];
        fill_state(w, st, s, c);
        w->m.dom_legit_base[s] = c->l0;
        w->m.legitimacy[s] = c->l0;
        w->m.hardliner_share[s] = c->h0;
        w->m.protest[s] = clamp(internal(w, (size_t)s, BRINK_INT_PROTEST_INTENSITY), 0, 1);
        w->m.dom_grievance[s] = brink_domestic_grievance(w->m.hardship[s], c->l0);
    }
    for (size_t i = 0; i < st->nleaders; i++) {
        int l = st->leaders[i];
        dom_leader *c = &st->l[l];
        c->m80 = par(w, st, P_M80, l);
        c->doubling = par(w, st, P_DOUBLING, l);
        c->strike_death = par(w, st, P_STRIKE_DEATH, l);
        c->succ_age = par(w, st, P_SUCC_AGE, l);
        c->succ_hawk = par(w, st, P_SUCC_HAWK, l);
        c->succ_pos = par(w, st, P_SUCC_POS, l);
        double weeks = par(w, st, P_SUCC_WEEKS, l);
        c->succ_steps = weeks > 0 ? (long)ceil(weeks / w->dt_weeks - 1e-9) : 0;
        long days = brink_date_to_days(sc->start) - brink_date_to_days(sc->actors[l].born);
        w->m.leader_age[l] = (double)days / 365.25;
    }
}

static int domestic_init(brink_world *w, brink_error *err)
{
    size_t na = w->na;
    dom_state *st = brink_arena_alloc(&w->arena, sizeof *st);
    if (!st)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    memset(st, 0, sizeof *st);
    size_t n = na ? na : 1;
    st->states = brink_arena_array(&w->arena, n, sizeof *st->states);
    st->leaders = brink_arena_array(&w->arena, n, sizeof *st->leaders);
    st->home = brink_arena_array(&w->arena, n, sizeof *st->home);
    st->repressor = brink_arena_array(&w->arena, n, sizeof *st->repressor);
    st->is_state = brink_arena_array(&w->arena, n, sizeof *st->is_state);
    st->c = brink_arena_array(&w->arena, n, sizeof *st->c);
    st->l = brink_arena_array(&w->arena, n, sizeof *st->l);
    if (!st->states || !st->leaders || !st->home || !st->repressor || !st->is_state || !st->c ||
        !st->l)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < P_COUNT; i++)
        if ((st->id[i] = brink_param_find(param_names[i])) < 0)
            return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                                   "parameter %s is missing from the registry", param_names[i]);
    const brink_scenario *sc = w->sc;
    for (size_t a = 0; a < na; a++) {
        const brink_actor *ac = &sc->actors[a];
        st->is_state[a] = ac->kind == BRINK_ACTOR_STATE && ac->internal[BRINK_INT_LEGITIMACY].present;
        if (st->is_state[a])
            st->states[st->nstates++] = (int)a;
        st->home[a] = -1;
        st->repressor[a] = -1;
    }
    for (size_t a = 0; a < na; a++) {
        const brink_actor *ac = &sc->actors[a];
        if (!ac->has_born)
            continue;
        st->leaders[st->nleaders++] = (int)a;
        st->home[a] = ac->parent >= 0 ? ac->parent : (int)a;
    }
    /* the repressor: the state itself when it acts in the domestic domain, else its faction
     * with the domestic domain that holds the most military capability (the security forces) */
    for (size_t i = 0; i < st->nstates; i++) {
        int s = st->states[i];
        if (sc->actors[s].domains & BRINK_DOMAIN_DOMESTIC) {
            st->repressor[s] = s;
            continue;
        }
        double best = -HUGE_VAL;
        for (size_t a = 0; a < na; a++) {
            const brink_actor *ac = &sc->actors[a];
            if (ac->parent != s || !(ac->domains & BRINK_DOMAIN_DOMESTIC))
                continue;
            double m = ac->capability[BRINK_CAP_MILITARY].value;
            if (m > best) {
                best = m;
                st->repressor[s] = (int)a;
            }
        }
    }
    /* the cascade runs in equal sub-steps of at most domestic.substep_days */
    double sub_days = brink_scenario_param(sc, NULL, st->id[P_SUBSTEP], -1, -1, -1);
    st->substeps = sub_days > 0 ? (long)ceil(w->dt_weeks * DAYS_PER_WEEK / sub_days - 1e-9) : 1;
    if (st->substeps < 1)
        st->substeps = 1;
    w->mstate[BRINK_MECH_DOMESTIC] = st;
    return BRINK_OK;
}

const brink_mechanism brink_mech_domestic = {
    .id = BRINK_MECH_DOMESTIC,
    .init = domestic_init,
    .fini = NULL,
    .reset = domestic_reset,
    .step = domestic_step,
    .projects = 0, /* no objective reads the domestic state yet: frozen inside projections */
};
