/* SPDX-License-Identifier: MIT */
/*
 * conflict.c — escalation, retaliation, preventive strikes, proxies and chokepoints: step 3 of
 * the schedule (MODEL.md sections 2 and 3, "Escalation"; domain facts C.2). Per step of dt weeks:
 *
 *  1. Clocks. Richardson hostility between units i, j (roots of the actor tree) around the
 *     scenario's baseline x0: with d = x - x0,
 *         d_ij += dt (k_ij d_ji - a_ij d_ij + G_ij),   G_ij *= 2^(-dt / h_grievance)
 *     (k conflict.reaction, a conflict.fatigue; G the grievance of strikes suffered: a strike at
 *     rung r adds conflict.grievance r / 6). Stable iff a_ij a_ji > k_ij k_ji (domain facts C.2);
 *     unless conflict.richardson_unstable, a dyad drawn outside that region has its reactions
 *     scaled to k_ij k_ji = s a_ij a_ji (s conflict.richardson_stable_share). x stays in
 *     [0, conflict.hostility_max]. War costs (r / 6 per strike
 *     suffered) fade with the same half-life; a dyad's rung falls one step toward its baseline
 *     every conflict.rung_decay_weeks without a new act; air defences are rebuilt toward the
 *     scenario's level (conflict.air_defence_halflife_weeks); an armed group's capacity c grows
 *     by dt s (1 - c) with s its resupply_per_week, times conflict.proxy_cut_resupply while its
 *     route is cut; closed chokepoints hold their price jump and reopen with hazard
 *     ln 2 / conflict.closure_halflife_weeks. Inside a decision's projection only the
 *     chokepoints' clocks run (no randomness, no events).
 *  2. Signalled replies fall due and are carried out.
 *  3. Choices. Each unit with an agent weighs, toward each unit it is hostile to (alignment < 0),
 *     the acts open to it — a strike at rung 4 (through its strongest proxy, or its own attack
 *     as an armed group), 5, 6, 7 (a target with a programme), 8 (a target that exports), 9 (a
 *     target with forces_deployed), harassing or closing a chokepoint it controls — with
 *         U = RECIPROCITY + HOSTILITY + PREVENTION - COST - FIREBREAK - RETALIATION
 *             - RESTRAINT - SELF_HARM
 *     RECIPROCITY = conflict.reciprocity_utility when the act answers the target's unanswered
 *     strike at its rung or one above, or with the unit's highest strike below it when it has
 *     none at either (bounded reciprocity: Goldstein & Freeman 1990);
 *     HOSTILITY = conflict.hostility_utility x max(0, d) (Richardson's runaway makes spirals);
 *     PREVENTION (rung 7) = brink_conflict_prevention: conflict.prevention_utility x the agent's
 *     hawkishness x the projected change in latency, not its level (Powell 2006);
 *     COST = cost_sensitivity x conflict.cost_per_rung x rung x (1 + target's air defences) / 2;
 *     FIREBREAK = conflict.firebreak_cost per firebreak (4->5, 6->7, 8->9; Kahn 1965) between
 *     the dyad's current rung and the act's; RETALIATION = conflict.retaliation_cost x
 *     min(conflict.power_ratio_cap, target's military / own) x belief in the target's resolve;
 *     RESTRAINT = conflict.restraint_utility x alignment with a restraining power x the share of
 *     its stance that restrains (rung >= 5); SELF_HARM (closing or harassing a chokepoint) =
 *     cost_sensitivity x 100 x oil revenue share x the share of the unit's exports the
 *     chokepoint carries x conflict.projection_weeks in years (x conflict.harass_share for
 *     harassment), plus RETALIATION from the strongest other hostile unit with forces deployed
 *     (the navies that would reopen it). An armed group blends its own utility with its
 *     patron's by the patron's control, and its hazards scale with its capacity. Choice:
 *     quantal-response hazards (brink_quantal_hazards) with decide.rationality and
 *     conflict.base_hazard_per_week. A reply is pre-signalled with chance conflict.signal_share:
 *     a threat event now, the strike conflict.signal_lead_days later (drawn from half to one and
 *     a half times it).
 *     A restraining power (relation `restrains`) holds a mixed stance on its client's strikes at
 *     rung >= 5: the shares of a quantal choice among permit (0), join (its own utility of the
 *     same strike) and restrain (minus that utility); the client weighs the expected RESTRAINT
 *     and RETALIATION (x (1 - conflict.join_relief x the share join)), and when it strikes, the
 *     power joins with its share (drawn then).
 *  4. Generous tit-for-tat (Nowak & Sigmund 1992). A strike opens the victim's account for a
 *     reply, unless the victim lets it go: a first move never, a strike n deep in a chain of
 *     replies with chance 1 - (1 - q)^n (q = conflict.forgiveness), drawn when it lands. An
 *     account left unanswered for conflict.reply_window_weeks closes.
 *  5. Ceasefires. A pair of units at rung >= 4 that exchanged strikes within the reply window
 *     agrees a ceasefire with hazard conflict.ceasefire_hazard_per_week x the war costs of
 *     both, x conflict.unmediated_factor unless a mediator links them (a relation's `mediator`,
 *     or an actor of kind mediator aligned with neither against the other). A ceasefire closes
 *     both accounts and signalled replies and brings the rung back to the baseline (at most 3).
 *
 * Draws come from brink_world_rng(w, BRINK_MECH_CONFLICT, key) with a key per pair and purpose;
 * the step allocates nothing (buffers come from init); run constants are cached by reset.
 */
#include "world/conflict.h"

#include "core/fminmax.h"
#include "core/rng.h"
#include "world/decide.h"
#include "world/economy.h"
#include "world/mechanisms.h"
#include "world/nuclear.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RUNG_MIN 4    /* the first rung of violence (grey zone) */
#define RUNG_MAX 9    /* the highest rung a choice reaches; 10 is a nuclear test (nuclear.c) */
#define FULL_RUNG 6.0 /* the rung whose grievance, war cost and casualties are the unit */
#define MAX_OPTIONS 12

/* Purposes of random draws (second part of the stream key). */
enum { K_CHOICE = 1, K_FORGIVE, K_SIGNAL, K_LEAD, K_STANCE, K_CEASEFIRE, K_REOPEN };

enum { O_STRIKE = 0, O_HARASS, O_CLOSE };

enum {
    P_AD_DAMAGE,
    P_AD_HL,
    P_BASE_HAZARD,
    P_CASUALTIES,
    P_CF_HAZARD,
    P_CLOSURE_HL,
    P_CLOSURE_LOG,
    P_COST_RUNG,
    P_ENERGY_DAMAGE,
    P_FATIGUE,
    P_FIREBREAK,
    P_FORGIVE,
    P_GRIEVANCE,
    P_HARASS,
    P_HOST_HL,
    P_HOST_U,
    P_PREV_U,
    P_PROJ_WEEKS,
    P_CUT_RESUPPLY,
    P_PROXY_DAMAGE,
    P_REACTION,
    P_RECIP_U,
    P_WINDOW,
    P_RESTRAIN_U,
    P_RETAL_U,
    P_UNSTABLE,
    P_RUNG_DECAY,
    P_LEAD_DAYS,
    P_SIGNAL_SHARE,
    P_TALKS,
    P_UNMEDIATED,
    P_WORLD_OIL,
    P_RATIONALITY,
    P_PRICE_HL,
    P_AD_CASUALTIES,
    P_HOST_MAX,
    P_ACT_CAPACITY,
    P_RATIO_CAP,
    P_STABLE_SHARE,
    P_JOIN_RELIEF,
    P_COUNT
};

static const char *const param_names[P_COUNT] = {"conflict.air_defence_damage",
                                                 "conflict.air_defence_halflife_weeks",
                                                 "conflict.base_hazard_per_week",
                                                 "conflict.casualties_per_strike",
                                                 "conflict.ceasefire_hazard_per_week",
                                                 "conflict.closure_halflife_weeks",
                                                 "conflict.closure_price_log",
                                                 "conflict.cost_per_rung",
                                                 "conflict.energy_damage",
                                                 "conflict.fatigue",
                                                 "conflict.firebreak_cost",
                                                 "conflict.forgiveness",
                                                 "conflict.grievance",
                                                 "conflict.harass_share",
                                                 "conflict.hostility_halflife_weeks",
                                                 "conflict.hostility_utility",
                                                 "conflict.prevention_utility",
                                                 "conflict.projection_weeks",
                                                 "conflict.proxy_cut_resupply",
                                                 "conflict.proxy_damage",
                                                 "conflict.reaction",
                                                 "conflict.reciprocity_utility",
                                                 "conflict.reply_window_weeks",
                                                 "conflict.restraint_utility",
                                                 "conflict.retaliation_cost",
                                                 "conflict.richardson_unstable",
                                                 "conflict.rung_decay_weeks",
                                                 "conflict.signal_lead_days",
                                                 "conflict.signal_share",
                                                 "conflict.talks_restraint",
                                                 "conflict.unmediated_factor",
                                                 "conflict.world_oil_mbd",
                                                 "decide.rationality",
                                                 "economy.oil_price_halflife_weeks",
                                                 "conflict.air_defence_casualties",
                                                 "conflict.hostility_max",
                                                 "conflict.proxy_act_capacity",
                                                 "conflict.power_ratio_cap",
                                                 "conflict.richardson_stable_share",
                                                 "conflict.join_relief"};

/* Run constants of one actor. */
typedef struct conflict_actor {
    double cs, lambda, recip, host, prev, cost_rung, firebreak, restrain, retal, forgive, signal;
    double hawk;      /* hawkishness (weights the preventive incentive) */
    double mil;       /* military capability */
    double ad0;       /* air defences of the scenario */
    double forces;    /* forces_deployed */
    double resupply;  /* proxy: capacity per week along an open route */
    double control;   /* proxy: its patron's control */
    double oil_share; /* oil_revenue_share (closure self-harm) */
} conflict_actor;

/* What U of unit u toward unit t shares among its acts, read once for all of them (nothing that
 * they read changes while choose weighs the acts): the operands of the terms, each computed as
 * utility_of would compute it, so that the sums round alike. */
typedef struct dyad_terms {
    int u, t, ag, pend, rung; /* units, u's agent, t's unanswered strike, the dyad's rung */
    const conflict_actor *cu; /* u's agent's constants */
    double host;              /* HOSTILITY */
    double cost, adf;         /* COST's cs x cost_per_rung and 1 + t's air defences */
    double retal;             /* RETALIATION before restraining powers */
} dyad_terms;

typedef struct conflict_state {
    const brink_mechanism *nuclear; /* or NULL when the build has no nuclear mechanism */
    int projects; /* latency projections matter: a nuclear mechanism, a programme, a fear */
    int *unit;                      /* [na] root of each actor */
    int *agent;                     /* [na] for a unit: the actor that decides, or -1 */
    int *proxies;                   /* [na] actors with a proxy block */
    size_t nproxies;
    int *units; /* [na] actors that are units with an agent */
    size_t nunits;
    int *forces_units; /* [na] those of st->units with forces deployed (a run constant) */
    size_t nforces_units;
    int *all_units; /* [na] every unit (is_unit), ascending, agent or not: the clocks' loops */
    size_t nall_units;
    int any_fear; /* some unit fears a programme's owner */
    int *upos;    /* [na] an actor's index in all_units, or -1 (not a unit) */
    /* scenario constants: the powers R that restrain actor a (restrains(R, a)), ascending, are
     * restr[restr_first[a] .. restr_first[a + 1]) */
    size_t *restr_first; /* [na + 1] */
    int *restr;          /* [na * na] */
    /* run constants */
    conflict_actor *actor; /* [na] */
    double *k, *a, *g;     /* [na*na] Richardson reaction, fatigue (pairs of units, the clocks'; 0
                            * elsewhere), grievance per dyad */
    double *x0;            /* [na*na] baseline hostility */
    unsigned char *rest;   /* [na*na] the dyad's Richardson update keeps x0 when at rest (clocks) */
    double *ratio;         /* [na*na] power_ratio(t, u) at t * na + u */
    double *exp_own;       /* [na] exports_of(u, -1): unit u's oil exports (base volumes) */
    double *exp_via;       /* [nc*na] exports_of(u, c) at c * na + u: those chokepoint c carries */
    int *rung0;            /* [na*na] baseline rung */
    double *lat_gain;      /* [np] projected latency gain at lat_step */
    long *lat_step;        /* [np] */
    double p[P_COUNT];     /* global values */
    double grief_keep, ad_keep, price_keep, reopen_prob;
    double no_act; /* no_act_bound at capacity 1 (choose) */
    long decay_steps, window_steps, proj_steps;
    /* per-choice buffers */
    double u[MAX_OPTIONS], h[MAX_OPTIONS];
    int opt_kind[MAX_OPTIONS], opt_rung[MAX_OPTIONS], opt_aux[MAX_OPTIONS];
    int calibrated_below; /* the strike rung below the provocation's that answers it, or 0 */
    /* while choose weighs its acts (nothing changes meanwhile), the terms of the restraining
     * power's own strike (stance_shares) for the dyad (stance_d.u, stance_d.t) */
    int stance_cache;
    dyad_terms stance_d;
    int id[P_COUNT];
    /* Where the step's loops over pairs and rows find work, kept by strike and act outside
     * projections (mark_pair, mark_raised) and emptied by reset; every pair, dyad and row left out
     * is provably idle there (see the loops). Supersets are harmless: the loops keep their tests.
     */
    size_t *pairs; /* [nu (nu - 1) / 2] codes ii nu + jj (ii < jj, indices into
                    * all_units) of the pairs struck this run (last_strike >= 0 one
                    * way or the other) or not at rest (rest), ascending */
    size_t npairs;
    unsigned char *pair_on; /* [nu nu] 1 for a code in pairs */
    size_t *griev;          /* [na na] the dyads whose grievance a strike raised this run */
    size_t ngriev;
    unsigned char *griev_on; /* [na na] */
    size_t *raised;          /* [na] the rows a of the ladder (w->m.rung[a na + .]) that a
                              * strike or an act raised this run */
    size_t nraised;
    unsigned char *raised_on; /* [na] */
    unsigned char *signalled; /* [na] the units that signalled a reply this run (act) */
} conflict_state;

static conflict_state *state_of(const brink_world *w)
{
    return w->mstate[BRINK_MECH_CONFLICT];
}

/* Adds the pair of units a, b to st->pairs, in order (no-op when either is not a unit). */
static void mark_pair(conflict_state *st, int a, int b)
{
    int ia = st->upos[a], ib = st->upos[b];
    if (ia < 0 || ib < 0 || ia == ib)
        return;
    size_t nu = st->nall_units, lo = (size_t)(ia < ib ? ia : ib), hi = (size_t)(ia < ib ? ib : ia);
    size_t code = lo * nu + hi;
    if (st->pair_on[code])
        return;
    st->pair_on[code] = 1;
    size_t i = st->npairs++;
    for (; i > 0 && st->pairs[i - 1] > code; i--)
        st->pairs[i] = st->pairs[i - 1];
    st->pairs[i] = code;
}

/* Adds row a of the ladder to st->raised. */
static void mark_raised(conflict_state *st, int a)
{
    if (!st->raised_on[a]) {
        st->raised_on[a] = 1;
        st->raised[st->nraised++] = (size_t)a;
    }
}

static double clampd(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

static long steps_of(double weeks, double dt)
{
    long n = (long)ceil(weeks / dt - 1e-9);
    return n > 0 ? n : 1;
}

static brink_rng rng_for(const brink_world *w, int purpose, size_t pair)
{
    return brink_world_rng(w, BRINK_MECH_CONFLICT,
                           brink_rng_hash_mix((uint64_t)purpose, (uint64_t)pair)); /* inline */
}

int brink_conflict_unit(const brink_world *w, int a)
{
    const conflict_state *st = state_of(w);
    if (!st || a < 0 || (size_t)a >= w->na)
        return -1;
    return st->unit[a];
}

int brink_conflict_agent(const brink_world *w, int u)
{
    const conflict_state *st = state_of(w);
    if (!st || u < 0 || (size_t)u >= w->na)
        return -1;
    return st->agent[u];
}

/* ---- relations between units, read through their agents ---- */

static const brink_relation *rel(const brink_world *w, int a, int b)
{
    return &w->sc->relations[(size_t)a * w->na + (size_t)b];
}

static int hostile(const brink_world *w, const conflict_state *st, int u, int t)
{
    size_t na = w->na;
    int ag = st->agent[u];
    return w->m.alignment[(size_t)u * na + (size_t)t] < 0 ||
           (ag >= 0 && ag != t && w->m.alignment[(size_t)ag * na + (size_t)t] < 0);
}

static int fears(const brink_world *w, const conflict_state *st, int u, int t)
{
    int ag = st->agent[u];
    return rel(w, u, t)->fears || (ag >= 0 && ag != t && rel(w, ag, t)->fears);
}

static int in_talks(const brink_world *w, const conflict_state *st, int u, int t)
{
    size_t na = w->na;
    int ag = st->agent[u];
    for (size_t i = 0; i < na; i++) /* u or its agent with t or any faction of t */
        if ((int)i == t || st->unit[i] == t) {
            if (w->m.talks[(size_t)u * na + i] != BRINK_TALKS_NONE ||
                (ag >= 0 && (size_t)ag != i && w->m.talks[(size_t)ag * na + i] != BRINK_TALKS_NONE))
                return 1;
        }
    return 0;
}

/* The dyad's current rung: the higher of the two directions. */
static int dyad_rung(const brink_world *w, int u, int t)
{
    int a = w->m.rung[(size_t)u * w->na + (size_t)t], b = w->m.rung[(size_t)t * w->na + (size_t)u];
    return a > b ? a : b;
}

/* The firebreaks at or below rung x: those into rungs 5, 7 and 9. */
static int firebreaks_upto(int x)
{
    return x < 5 ? 0 : x >= 9 ? 3 : (x - 3) / 2;
}

/* Firebreaks (Kahn 1965; domain facts C.2) crossed going from rung `from` to rung `to`: between
 * 4 and 5, 6 and 7, 8 and 9. */
static int firebreaks(int from, int to)
{
    return to > from ? firebreaks_upto(to) - firebreaks_upto(from) : 0;
}

/* The proxy of unit u best placed to strike t (capacity x hostility), or -1. */
static int best_proxy(const brink_world *w, const conflict_state *st, int u, int t)
{
    int best = -1;
    double bv = st->p[P_ACT_CAPACITY]; /* a spent group is not used */
    for (size_t i = 0; i < st->nproxies; i++) {
        int p = st->proxies[i];
        const brink_actor *ac = &w->sc->actors[p];
        if (ac->patron < 0 || st->unit[ac->patron] != u || p == t)
            continue;
        if (w->m.alignment[(size_t)p * w->na + (size_t)t] >= 0)
            continue;
        double v = w->m.proxy_capacity[p];
        if (v > bv) {
            bv = v;
            best = p;
        }
    }
    return best;
}

/* Oil exports of unit s (mb/d, the flows' base volumes) and those chokepoint c carries (all of
 * them when c < 0): run constants, summed by reset into st->exp_own and st->exp_via. */
static double exports_sum(const brink_world *w, int s, int c)
{
    const brink_scenario *sc = w->sc;
    double v = 0;
    if (c < 0) {
        for (size_t f = 0; f < w->nf; f++)
            if (sc->flows[f].from >= 0 && sc->flows[f].commodity == BRINK_OIL &&
                brink_conflict_unit(w, sc->flows[f].from) == s)
                v += w->base_volume[f];
        return v;
    }
    const brink_chokepoint *cp = &sc->chokepoints[c];
    for (size_t i = 0; i < cp->ncarries; i++) {
        const brink_flow *fl = &sc->flows[cp->carries[i]];
        if (fl->from >= 0 && fl->commodity == BRINK_OIL && brink_conflict_unit(w, fl->from) == s)
            v += w->base_volume[cp->carries[i]];
    }
    return v;
}

/* exports_sum(w, s, c) as reset cached it. */
static double exports_of(const brink_world *w, const conflict_state *st, int s, int c)
{
    return c < 0 ? st->exp_own[s] : st->exp_via[(size_t)c * w->na + (size_t)s];
}

/* ---- effects ---- */

static void oil_price_shock(brink_world *w, double log_jump)
{
    for (size_t m = 0; m < w->nm; m++)
        if (w->sc->markets[m].commodity == BRINK_OIL)
            brink_economy_price_shock(w, (int)m, log_jump);
}

/* The blocked share of every flow, from the chokepoints' statuses (a flow behind two takes the
 * larger). */
static void set_blocked(brink_world *w, const conflict_state *st)
{
    for (size_t f = 0; f < w->nf; f++)
        w->m.blocked[f] = 0;
    for (size_t c = 0; c < w->nc; c++) {
        int s = w->m.choke_status[c];
        if (s == BRINK_CHOKE_OPEN)
            continue;
        double share = s == BRINK_CHOKE_CLOSED ? 1 : st->p[P_HARASS];
        const brink_chokepoint *cp = &w->sc->chokepoints[c];
        for (size_t i = 0; i < cp->ncarries; i++) {
            double *b = &w->m.blocked[cp->carries[i]];
            *b = brink_fmax(*b, share);
        }
    }
}

long brink_conflict_set_chokepoint(brink_world *w, int c, int status, int actor, long cause)
{
    conflict_state *st = state_of(w);
    if (!st || c < 0 || (size_t)c >= w->nc || status < BRINK_CHOKE_OPEN ||
        status > BRINK_CHOKE_CLOSED || w->m.choke_status[c] == status)
        return -1;
    int old = w->m.choke_status[c];
    double share = brink_world_value(w, &w->sc->chokepoints[c].world_oil_share);
    double level = status == BRINK_CHOKE_CLOSED     ? 1
                   : status == BRINK_CHOKE_HARASSED ? st->p[P_HARASS]
                                                    : 0;
    double jump = st->p[P_CLOSURE_LOG] * share * level;
    /* a rise jumps at once; a fall stops holding the excess, which then decays with the
     * economy's price half-life */
    if (jump > w->m.choke_shock[c])
        oil_price_shock(w, jump - w->m.choke_shock[c]);
    w->m.choke_shock[c] = jump;
    w->m.choke_status[c] = status;
    set_blocked(w, st);
    brink_event_type type = status < old                   ? BRINK_EV_HORMUZ_REOPENED
                            : status == BRINK_CHOKE_CLOSED ? BRINK_EV_HORMUZ_CLOSED
                                                           : BRINK_EV_SHIPPING_ATTACK;
    return brink_world_event(w, type, actor, -1, -1, BRINK_MECH_CONFLICT, cause, share);
}

/* A strike on unit t's energy infrastructure: its export flows lose conflict.energy_damage of
 * their volume at once (regained as the buyers' demand returns), and the oil price moves by the
 * lost oil's share of world consumption, as a chokepoint's share does. */
static void energy_strike(brink_world *w, const conflict_state *st, int t)
{
    double lost = 0;
    for (size_t f = 0; f < w->nf; f++) {
        const brink_flow *fl = &w->sc->flows[f];
        if (fl->from < 0 || st->unit[fl->from] != t)
            continue;
        double d = w->m.volume[f] * st->p[P_ENERGY_DAMAGE];
        w->m.volume[f] -= d;
        if (fl->commodity == BRINK_OIL)
            lost += d;
    }
    if (lost > 0 && st->p[P_WORLD_OIL] > 0)
        oil_price_shock(w, st->p[P_CLOSURE_LOG] * lost / st->p[P_WORLD_OIL]);
}

static long strike(brink_world *w, conflict_state *st, int actor, int t, int r, long cause,
                   int allow_join);
static void stance_shares(brink_world *w, conflict_state *st, int R, int u, int t, int r,
                          double *join, double *restrain);

/* Restraining powers of unit u's strike at rung r on t: each joins with its share of the
 * quantal choice (stance_shares), drawn now, and strikes too (cause ev). */
static void joiners(brink_world *w, conflict_state *st, int u, int t, int r, long ev)
{
    size_t na = w->na;
    for (size_t i = st->restr_first[u]; i < st->restr_first[u + 1]; i++) {
        size_t R = (size_t)st->restr[i];
        if (st->unit[R] == t)
            continue;
        double pj, pr;
        stance_shares(w, st, (int)R, u, t, r, &pj, &pr);
        brink_rng rng = rng_for(w, K_STANCE, R * na + (size_t)u);
        if (w->projecting || brink_rng_uniform01(&rng) >= pj)
            continue;
        int ru = st->unit[R], ra = st->agent[ru];
        if (ra >= 0)
            strike(w, st, ra, t, r, ev, 0);
    }
}

static long strike(brink_world *w, conflict_state *st, int actor, int t, int r, long cause,
                   int allow_join)
{
    size_t na = w->na;
    int src = st->unit[actor];
    if (src == t || t < 0)
        return -1;
    const conflict_actor *ct = &st->actor[t];
    double ad = w->m.air_defence[t];
    double scale = exp2((double)r - FULL_RUNG) * (1 - st->p[P_AD_CASUALTIES] * ad);
    int p = -1;
    brink_event_type type;
    switch (r) {
    case 4:
        /* an armed group cannot reach a distant power's homeland: its attack on a target with
         * forces deployed is an attack on those forces */
        type = ct->forces > 0 ? BRINK_EV_ATTACK_US_FORCES : BRINK_EV_PROXY_ATTACK;
        if (w->sc->actors[actor].has_proxy)
            scale *= w->m.proxy_capacity[actor];
        break;
    case 5:
        type = BRINK_EV_SABOTAGE;
        break;
    case 7:
        p = st->nuclear ? brink_nuclear_programme_of(w, t) : -1;
        type = p >= 0 ? BRINK_EV_STRIKE_NUCLEAR : BRINK_EV_STRIKE_MILITARY;
        break;
    case 8:
        type = BRINK_EV_STRIKE_ENERGY;
        break;
    case 9:
        type = ct->forces > 0 ? BRINK_EV_ATTACK_US_FORCES : BRINK_EV_STRIKE_MILITARY;
        if (ct->forces > 0)
            scale *= ct->forces;
        break;
    default:
        type = BRINK_EV_STRIKE_MILITARY;
        break;
    }
    double cas = st->p[P_CASUALTIES] * scale;
    long ev = brink_world_event(w, type, actor, t, -1, BRINK_MECH_CONFLICT, cause, cas);
    /* damage */
    if (type == BRINK_EV_STRIKE_MILITARY)
        w->m.air_defence[t] *= 1 - st->p[P_AD_DAMAGE];
    if (p >= 0)
        brink_nuclear_strike(w, p, 1.0, ev);
    if (type == BRINK_EV_STRIKE_ENERGY)
        energy_strike(w, st, t);
    if (w->sc->actors[t].has_proxy)
        w->m.proxy_capacity[t] *= 1 - clampd(st->p[P_PROXY_DAMAGE] * r / FULL_RUNG, 0, 1);
    w->m.casualties[t] += cas;
    /* the ladder, the victim's grievance and war costs */
    size_t ks = (size_t)src * na + (size_t)t, kt = (size_t)t * na + (size_t)src;
    if (w->m.rung[ks] < r)
        w->m.rung[ks] = r;
    if (actor != src && w->m.rung[(size_t)actor * na + (size_t)t] < r)
        w->m.rung[(size_t)actor * na + (size_t)t] = r;
    w->m.war_cost[kt] += r / FULL_RUNG;
    w->m.grievance[kt] += st->g[kt] * r / FULL_RUNG;
    if (!w->projecting) { /* the step's lists (a projection's strikes are its own) */
        mark_pair(st, src, t);
        mark_raised(st, src);
        mark_raised(st, actor);
        if (!st->griev_on[kt]) {
            st->griev_on[kt] = 1;
            st->griev[st->ngriev++] = kt;
        }
    }
    /* the striker's own account is answered: its strike is one deeper in the chain */
    int depth = 0;
    if (w->m.pending_rung[ks] > 0) {
        depth = w->m.pending_depth[ks] + 1;
        w->m.pending_rung[ks] = 0;
        w->m.pending_event[ks] = -1;
    }
    w->m.reply_due[ks] = -1;
    w->m.last_strike[ks] = (int)w->step;
    /* the victim's account, unless it lets the strike go (generous tit-for-tat: never a first
     * move, an echo n deep with chance 1 - (1 - q)^n) */
    int ta = st->agent[t];
    if (ta >= 0) {
        int forgiven = 0;
        if (depth > 0 && !w->projecting) {
            double pf = 1 - pow(1 - st->actor[ta].forgive, depth);
            brink_rng rng = rng_for(w, K_FORGIVE, kt);
            forgiven = brink_rng_uniform01(&rng) < pf;
        }
        if (!forgiven && r >= w->m.pending_rung[kt]) {
            w->m.pending_rung[kt] = r;
            w->m.pending_depth[kt] = depth;
            w->m.pending_step[kt] = (int)w->step;
            w->m.pending_event[kt] = (int)ev;
        }
    }
    if (allow_join && r >= 6)
        joiners(w, st, src, t, r, ev);
    return ev;
}

long brink_conflict_strike(brink_world *w, int actor, int target, int rung, long cause)
{
    conflict_state *st = state_of(w);
    if (!st || actor < 0 || target < 0 || (size_t)actor >= w->na || (size_t)target >= w->na ||
        rung < RUNG_MIN || rung > RUNG_MAX)
        return -1;
    return strike(w, st, actor, st->unit[target], rung, cause, 1);
}

/* ---- utilities ---- */

/* The latency programme p is projected to gain over conflict.projection_weeks: the world's
 * nuclear mechanism stepped alone (deterministic; no schedule, so no strike), as decisions'
 * projections step it: single steps for the part of the horizon beyond whole blocks, then
 * blocks of w->proj_k steps (decide.projection_step_weeks). Only the programme's stock and
 * integrity move in such a projection, and brink_nuclear_latency_ahead steps a copy of them
 * with nuclear_step's arithmetic, to the bit what stepping a projection world would give.
 * Cached per step: the first call of a step fixes the step's value (a strike later in the step
 * does not move it). */
static double latency_gain(brink_world *w, conflict_state *st, int p)
{
    if (st->lat_step[p] == w->step)
        return st->lat_gain[p];
    double now = brink_nuclear_latency(w, p);
    long k = w->proj_k, single = st->proj_steps % k, blocks = st->proj_steps / k;
    double ahead = brink_nuclear_latency_ahead(w, p, single, w->dt_weeks, blocks,
                                               k == 1 ? w->dt_weeks : w->proj_dt_weeks);
    double gain = brink_fmax(0, ahead - now);
    st->lat_step[p] = w->step;
    st->lat_gain[p] = gain;
    return gain;
}

/* Whether prevention(w, st, u, t) reads latency_gain (the rest of it reads no state that a
 * step changes before it: the cache's first fill is what matters). */
static int prevention_projects(const brink_world *w, const conflict_state *st, int u, int t)
{
    return st->agent[u] >= 0 && st->projects && fears(w, st, u, t) &&
           brink_nuclear_programme_of(w, t) >= 0;
}

static double prevention(brink_world *w, conflict_state *st, int u, int t)
{
    int ag = st->agent[u];
    if (ag < 0 || !st->projects || !fears(w, st, u, t))
        return 0;
    int p = brink_nuclear_programme_of(w, t);
    if (p < 0)
        return 0;
    double f = in_talks(w, st, u, t) ? st->p[P_TALKS] : 1;
    return st->actor[ag].prev * st->actor[ag].hawk * latency_gain(w, st, p) * f;
}

double brink_conflict_prevention(brink_world *w, int u, int t)
{
    conflict_state *st = state_of(w);
    if (!st || u < 0 || t < 0 || (size_t)u >= w->na || (size_t)t >= w->na)
        return 0;
    return prevention(w, st, st->unit[u], st->unit[t]);
}

static double military_of(const conflict_state *st, int u)
{
    double m = st->actor[u].mil;
    if (st->agent[u] >= 0)
        m = brink_fmax(m, st->actor[st->agent[u]].mil);
    return m;
}

static int dyad_terms_of(const brink_world *w, const conflict_state *st, int u, int t,
                         dyad_terms *d);
static double utility_plain(brink_world *w, conflict_state *st, const dyad_terms *d, int r,
                            int kind, int aux);

/* The military capability of unit t relative to unit u's, capped at conflict.power_ratio_cap
 * (u's taken as at least 0.01 of the scale): a run constant, cached by reset in st->ratio. */
static double power_ratio_of(const conflict_state *st, int t, int u)
{
    return brink_fmin(st->p[P_RATIO_CAP],
                      military_of(st, t) / brink_fmax(military_of(st, u), 0.01));
}

static double power_ratio(const brink_world *w, const conflict_state *st, int t, int u)
{
    return st->ratio[(size_t)t * w->na + (size_t)u];
}

/* Restraining power R's stance on unit u's strike at rung r on t: the shares of a quantal
 * choice among permit (utility 0), join (R's own utility of that strike) and restrain (minus
 * it). The client weighs the expected restraint (a mixed strategy, so the stance is no lottery
 * redrawn every step); whether R joins is drawn when the strike happens. The most likely stance
 * is kept in w->m.stance for observers. */
static void stance_shares(brink_world *w, conflict_state *st, int R, int u, int t, int r,
                          double *join, double *restrain)
{
    int ru = st->unit[R], ra = st->agent[ru];
    *join = 0;
    *restrain = 1;
    if (ra < 0 || ru == t)
        return;
    int saved = st->calibrated_below; /* the client's; not the power's */
    st->calibrated_below = 0;
    dyad_terms here, *d = &here; /* ra >= 0: dyad_terms_of fills it */
    if (st->stance_cache) {
        d = &st->stance_d;
        if (d->u != ru || d->t != t)
            dyad_terms_of(w, st, ru, t, d);
    } else {
        dyad_terms_of(w, st, ru, t, d);
    }
    double own = utility_plain(w, st, d, r, O_STRIKE, -1);
    st->calibrated_below = saved;
    double uu[2] = {own, -own}, hh[2];
    /* with base 1 the hazards are the shares of join and restrain; permit has the rest */
    brink_quantal_hazards(uu, 2, st->actor[ra].lambda, 1, hh);
    *join = hh[0];
    *restrain = hh[1];
    double permit = 1 - hh[0] - hh[1];
    w->m.stance[(size_t)R * w->na + (size_t)u] = hh[0] >= hh[1] && hh[0] >= permit
                                                     ? BRINK_STANCE_JOIN
                                                 : hh[1] >= permit ? BRINK_STANCE_RESTRAIN
                                                                   : BRINK_STANCE_PERMIT;
}

/* 1 when R restrains unit u (a relation `restrains` from R to u or to u's agent). */
static int restrains(const brink_world *w, const conflict_state *st, int R, int u)
{
    int ag = st->agent[u];
    if (R == u || R == ag)
        return 0;
    return rel(w, R, u)->restrains || (ag >= 0 && rel(w, R, ag)->restrains);
}

/* Fills d for unit u toward unit t; 0 when u has no agent (no act has a utility). */
static int dyad_terms_of(const brink_world *w, const conflict_state *st, int u, int t,
                         dyad_terms *d)
{
    size_t k = (size_t)u * w->na + (size_t)t;
    int ag = st->agent[u];
    if (ag < 0)
        return 0;
    const conflict_actor *cu = &st->actor[ag];
    d->u = u;
    d->t = t;
    d->ag = ag;
    d->cu = cu;
    d->pend = w->m.pending_rung[k];
    d->rung = dyad_rung(w, u, t);
    d->host = cu->host * brink_fmax(0, w->m.hostility[k] - st->x0[k]);
    d->cost = cu->cs * cu->cost_rung;
    d->adf = 1 + w->m.air_defence[t];
    int ta = st->agent[t] >= 0 ? st->agent[t] : t;
    d->retal = cu->retal * power_ratio(w, st, t, u) * brink_decide_resolve_belief(w, ag, ta);
    return 1;
}

/* The terms of U (see the file comment) before the restraining powers' (utility_of). */
static double utility_head(brink_world *w, conflict_state *st, const dyad_terms *d, int r, int kind)
{
    int pend = d->pend;
    const conflict_actor *cu = d->cu;
    double U = 0;
    if (pend > 0 && (r == pend || r == pend + 1 || (kind == O_STRIKE && r == st->calibrated_below)))
        U += cu->recip; /* RECIPROCITY */
    U += d->host;       /* HOSTILITY */
    if (kind == O_STRIKE && r == 7)
        U += prevention(w, st, d->u, d->t);      /* PREVENTION */
    U -= d->cost * r * d->adf / 2;               /* COST */
    U -= cu->firebreak * firebreaks(d->rung, r); /* FIREBREAK */
    return U;
}

/* U from utility_head's and the restraining powers' terms (U) on: RETALIATION (retal, after
 * the powers' joins) and, for a chokepoint's closure or harassment, SELF_HARM. */
static double utility_tail(const brink_world *w, const conflict_state *st, const dyad_terms *d,
                           int kind, int aux, double U, double retal)
{
    U -= retal; /* RETALIATION */
    if (kind == O_CLOSE || kind == O_HARASS) {
        int u = d->u, t = d->t;
        const conflict_actor *cu = d->cu;
        /* SELF_HARM: the closer's exports through it, over the horizon it projects */
        double own = exports_of(w, st, u, -1), carried = exports_of(w, st, u, aux);
        double level = kind == O_CLOSE ? 1 : st->p[P_HARASS];
        double years = st->p[P_PROJ_WEEKS] / 52.18;
        if (own > 0)
            U -= cu->cs * 100 * st->actor[u].oil_share * level * carried / own * years;
        /* and the answer of the strongest hostile power with forces deployed to keep it open,
         * besides the target's (RETALIATION) */
        double worst = 0;
        for (size_t i = 0; i < st->nforces_units; i++) {
            int f = st->forces_units[i];
            if (f == u || f == t || !hostile(w, st, u, f))
                continue;
            int fa = st->agent[f];
            worst = brink_fmax(worst, cu->retal * power_ratio(w, st, f, u) *
                                          brink_decide_resolve_belief(w, d->ag, fa) * level);
        }
        U -= worst;
    }
    return U;
}

/* U of unit d->u for an act at rung r on unit d->t without the restraining powers' terms (a
 * power's own utility, a patron's). */
static double utility_plain(brink_world *w, conflict_state *st, const dyad_terms *d, int r,
                            int kind, int aux)
{
    return utility_tail(w, st, d, kind, aux, utility_head(w, st, d, r, kind), d->retal);
}

/* U of unit d->u for an act at rung r on unit d->t (see the file comment for the terms), with
 * the restraining powers' stances when with_stance. */
static double utility_of(brink_world *w, conflict_state *st, const dyad_terms *d, int r, int kind,
                         int aux, int with_stance)
{
    int u = d->u;
    size_t first = st->restr_first[u], end = st->restr_first[u + 1];
    if (!with_stance || r < 5 || first == end || w->sc->actors[u].kind == BRINK_ACTOR_ARMED_GROUP)
        return utility_plain(w, st, d, r, kind, aux);
    double U = utility_head(w, st, d, r, kind);
    double retal = d->retal;
    size_t na = w->na;
    const conflict_actor *cu = d->cu;
    for (size_t i = first; i < end; i++) {
        size_t R = (size_t)st->restr[i];
        double pj, pr;
        stance_shares(w, st, (int)R, u, d->t, r, &pj, &pr);
        U -= pr * cu->restrain *
             brink_fmax(0, w->m.alignment[(size_t)d->ag * na + R]); /* RESTRAINT */
        retal *= 1 - st->p[P_JOIN_RELIEF] * pj; /* a power that joins shares it */
    }
    return utility_tail(w, st, d, kind, aux, U, retal);
}

/* ---- choices ---- */

static void add_option(conflict_state *st, size_t *n, int kind, int r, int aux)
{
    if (*n >= MAX_OPTIONS)
        return;
    st->opt_kind[*n] = kind;
    st->opt_rung[*n] = r;
    st->opt_aux[*n] = aux;
    ++*n;
}

/* Carries out option i of unit u toward t: a strike (pre-signalled when it answers a strike,
 * with chance conflict.signal_share) or a chokepoint's harassment or closure. */
static void act(brink_world *w, conflict_state *st, int u, int t, size_t i)
{
    size_t na = w->na, k = (size_t)u * na + (size_t)t;
    int ag = st->agent[u], r = st->opt_rung[i], kind = st->opt_kind[i];
    int pend = w->m.pending_rung[k];
    long cause = pend > 0 ? w->m.pending_event[k] : -1;
    if (kind != O_STRIKE) {
        brink_conflict_set_chokepoint(w, st->opt_aux[i],
                                      kind == O_CLOSE ? BRINK_CHOKE_CLOSED : BRINK_CHOKE_HARASSED,
                                      ag, cause);
        /* the act answers the target's strike and stands on the ladder like a strike */
        w->m.pending_rung[k] = 0;
        w->m.pending_event[k] = -1;
        w->m.last_strike[k] = (int)w->step;
        if (w->m.rung[k] < r)
            w->m.rung[k] = r;
        if (!w->projecting) {
            mark_pair(st, u, t);
            mark_raised(st, u);
        }
        return;
    }
    if (pend > 0 && w->m.reply_due[k] < 0) {
        brink_rng rng = rng_for(w, K_SIGNAL, k);
        if (brink_rng_uniform01(&rng) < st->actor[ag].signal) {
            long ev =
                brink_world_event(w, BRINK_EV_THREAT, ag, t, -1, BRINK_MECH_CONFLICT, cause, r);
            double days = st->p[P_LEAD_DAYS] * (0.5 + brink_rng_uniform01(&rng));
            long lead = lround(days / w->sc->step_days);
            w->m.reply_due[k] = (int)(w->step + (lead > 1 ? lead : 1));
            st->signalled[u] = 1;
            w->m.reply_rung[k] = r;
            w->m.signal_event[k] = (int)ev;
            return;
        }
    }
    int actor = ag;
    if (r == 4 && w->sc->actors[u].kind != BRINK_ACTOR_ARMED_GROUP) {
        actor = best_proxy(w, st, u, t);
        if (actor < 0)
            return;
    }
    strike(w, st, actor, t, r, cause, 1);
}

/* A chance of acting that choose's draw, at or above it, rules out whatever the utilities, for
 * a unit of capacity `capacity`: the hazards' sum is base x a quantal share <= 1 x capacity, with
 * its 2 n + 2 operations (n <= MAX_OPTIONS) inside brink_hazard_prob_bound's rounding factor. A
 * sum that is NaN or <= 0 has chance 0. */
static double no_act_bound(const conflict_state *st, double capacity, double dt)
{
    return brink_hazard_prob_bound(st->p[P_BASE_HAZARD] * capacity, dt);
}

/* What choose writes while it weighs unit u's n acts toward t (options in st->opt_*), done
 * without the utilities when its draw rules out an act: the first fill in the step of the
 * latency cache (prevention's latency_gain, read for a strike at rung 7 by u, by its patron
 * (control > 0) and by the restraining powers' stances), and the restraining powers' stances
 * in w->m.stance (stance_shares writes one for each act at rung 5 or more; the last one
 * stays). */
static void weighed_effects(brink_world *w, conflict_state *st, int u, int t, size_t n, int patron,
                            double control)
{
    size_t first = st->restr_first[u], end = st->restr_first[u + 1];
    int stances = first != end && w->sc->actors[u].kind != BRINK_ACTOR_ARMED_GROUP;
    int last = -1; /* the rung of the last act at rung 5 or more */
    int r7 = 0;    /* a strike at rung 7 is weighed */
    for (size_t i = 0; i < n; i++) {
        if (st->opt_rung[i] >= 5)
            last = st->opt_rung[i];
        r7 |= st->opt_kind[i] == O_STRIKE && st->opt_rung[i] == 7;
    }
    if (r7) {
        int reads = prevention_projects(w, st, u, t) ||
                    (control > 0 && prevention_projects(w, st, patron, t));
        for (size_t i = first; stances && !reads && i < end; i++) {
            int ru = st->unit[st->restr[i]];
            reads = ru != t && prevention_projects(w, st, ru, t); /* stance_shares' own */
        }
        if (reads)
            (void)latency_gain(w, st, brink_nuclear_programme_of(w, t));
    }
    if (!stances || last < 0)
        return;
    for (size_t i = first; i < end; i++) {
        double pj, pr;
        stance_shares(w, st, st->restr[i], u, t, last, &pj, &pr);
    }
}

/* Unit u weighs its acts toward unit t and perhaps carries one out. */
static void choose(brink_world *w, conflict_state *st, int u, int t)
{
    size_t na = w->na, k = (size_t)u * na + (size_t)t, n = 0;
    int ag = st->agent[u];
    const brink_actor *au = &w->sc->actors[u];
    int armed = au->kind == BRINK_ACTOR_ARMED_GROUP;
    double capacity = au->has_proxy ? w->m.proxy_capacity[u] : 1;
    if (capacity < st->p[P_ACT_CAPACITY])
        return;
    double mil = military_of(st, u);
    /* The draw comes first (the pair's own stream: no other draw moves), and rules the act out,
     * whatever the utilities, when it is at or above st->no_act (capacity 1) or no_act_bound's
     * bound; then only what weighing writes is done (weighed_effects), and nothing at all when
     * weighing cannot write (an armed group, or a unit without restraining powers that has no
     * strike at rung 7 on t or reads no latency for it). */
    brink_rng rng = rng_for(w, K_CHOICE, k);
    double x = brink_rng_uniform01(&rng);
    int no_act = x >= (capacity == 1 ? st->no_act : no_act_bound(st, capacity, w->dt_weeks));
    if (no_act && (armed || (st->restr_first[u] == st->restr_first[u + 1] &&
                             !(mil > 0 && prevention_projects(w, st, u, t)))))
        return;
    for (int r = RUNG_MIN; r <= RUNG_MAX; r++) {
        int ok;
        switch (r) {
        case 4:
            ok = armed || best_proxy(w, st, u, t) >= 0;
            break;
        case 5:
        case 6:
            ok = !armed && mil > 0;
            break;
        case 7:
            ok = !armed && mil > 0 && st->nuclear && brink_nuclear_programme_of(w, t) >= 0;
            break;
        case 8:
            ok = !armed && mil > 0 && exports_of(w, st, t, -1) > 0;
            break;
        default:
            ok = !armed && mil > 0 && st->actor[t].forces > 0;
            break;
        }
        if (ok)
            add_option(st, &n, O_STRIKE, r, -1);
    }
    for (size_t c = 0; c < w->nc; c++) {
        int ctl = w->sc->chokepoints[c].controller;
        if (ctl < 0 || st->unit[ctl] != u)
            continue;
        if (w->m.choke_status[c] == BRINK_CHOKE_OPEN)
            add_option(st, &n, O_HARASS, RUNG_MIN, (int)c);
        if (!armed && w->m.choke_status[c] != BRINK_CHOKE_CLOSED)
            add_option(st, &n, O_CLOSE, 8, (int)c);
    }
    if (n == 0)
        return;
    /* the answer in kind: a strike at the provocation's rung or one above, or, when the unit has
     * no such strike, its highest strike below it (a state without a navy's reach answers a
     * strike on its nuclear sites with missiles) */
    int pend = w->m.pending_rung[k];
    st->calibrated_below = 0;
    if (pend > 0) {
        int in_kind = 0, below = 0;
        for (size_t i = 0; i < n; i++) {
            int r = st->opt_rung[i];
            if (st->opt_kind[i] != O_STRIKE)
                continue;
            in_kind |= r == pend || r == pend + 1;
            if (r < pend && r > below)
                below = r;
        }
        st->calibrated_below = in_kind ? 0 : below;
    }
    /* an armed group blends its own utility with its patron's by the patron's control */
    int patron = armed && au->patron >= 0 ? st->unit[au->patron] : -1;
    double control = patron >= 0 && st->agent[patron] >= 0 ? st->actor[u].control : 0;
    if (no_act) {
        weighed_effects(w, st, u, t, n, patron, control);
        return;
    }
    dyad_terms du = {0}, dp = {0}; /* u's and its patron's (an agent when control > 0) */
    dyad_terms_of(w, st, u, t, &du);
    if (control > 0)
        dyad_terms_of(w, st, patron, t, &dp);
    st->stance_cache = 1;
    st->stance_d.u = -1;
    for (size_t i = 0; i < n; i++) {
        double own = utility_of(w, st, &du, st->opt_rung[i], st->opt_kind[i], st->opt_aux[i], 1);
        if (control > 0) {
            double pu = utility_plain(w, st, &dp, st->opt_rung[i], st->opt_kind[i], st->opt_aux[i]);
            own = (1 - control) * own + control * pu;
        }
        st->u[i] = own;
    }
    st->stance_cache = 0;
    double sum = brink_quantal_hazards(st->u, n, st->actor[ag].lambda, st->p[P_BASE_HAZARD], st->h);
    sum *= capacity;
    if (x >= brink_hazard_prob(sum, w->dt_weeks))
        return;
    long i = brink_dist_categorical(&rng, st->h, n);
    if (i >= 0)
        act(w, st, u, t, (size_t)i);
}

/* ---- clocks ---- */

/* A root of the parent chain that is a state or an armed group (fixed for the scenario: the
 * clocks loop over st->all_units, which lists these in ascending order). */
static int is_unit(const brink_world *w, const conflict_state *st, size_t a)
{
    brink_actor_kind kd = w->sc->actors[a].kind;
    return st->unit[a] == (int)a && (kd == BRINK_ACTOR_STATE || kd == BRINK_ACTOR_ARMED_GROUP);
}

/* The Richardson update of dyad k = (i, j) and its reverse kr = (j, i) over dt weeks, both from
 * the old values (the update of (j, i) reads the old d of (i, j)). */
static void richardson(brink_world *w, const conflict_state *st, size_t k, size_t kr, double dt,
                       double hmax)
{
    double *x = w->m.hostility;
    const double *g = w->m.grievance, *x0 = st->x0;
    double d = x[k] - x0[k], dr = x[kr] - x0[kr];
    double xk = clampd(x0[k] + d + dt * (st->k[k] * dr - st->a[k] * d + g[k]), 0, hmax);
    double xkr = clampd(x0[kr] + dr + dt * (st->k[kr] * d - st->a[kr] * dr + g[kr]), 0, hmax);
    x[k] = xk;
    x[kr] = xkr;
}

/* Hostility (Richardson), grievances, war costs, the ladder's decay, air defences, proxies'
 * capacity and accounts past the reply window. */
static void clocks(brink_world *w, conflict_state *st)
{
    size_t na = w->na;
    double dt = w->dt_weeks;
    const int *un = st->all_units;
    size_t nu = st->nall_units;
    /* locals, not st's fields, in the loops: the stores into w->m could alias those */
    double hmax = st->p[P_HOST_MAX], keep = st->grief_keep;
    long step = w->step, window = st->window_steps;
    double *war = w->m.war_cost, *grievance = w->m.grievance;
    int *pending = w->m.pending_rung;
    const int *struck = w->m.last_strike;
    /* Each pair's update reads and writes its own two dyads only, so the pairs may come in any
     * order; those left out of st->pairs would be skipped below (neither struck nor restless). */
    for (size_t q = 0; q < st->npairs; q++) {
        size_t i = (size_t)un[st->pairs[q] / nu], j = (size_t)un[st->pairs[q] % nu];
        size_t kk[2] = {i * na + j, j * na + i};
        /* A dyad without a strike since reset (last_strike, which only strike and act set, is
         * -1 both ways) has no grievance, war cost or open account (strike alone writes them)
         * and its hostility is still the baseline it was reset to: at rest, its update leaves
         * all of it as it is to the bit (st->rest, conflict_reset). */
        if (struck[kk[0]] < 0 && struck[kk[1]] < 0 && st->rest[kk[0]])
            continue;
        richardson(w, st, kk[0], kk[1], dt, hmax);
        for (int s = 0; s < 2; s++) {
            size_t k = kk[s];
            war[k] *= keep;
            if (pending[k] > 0 && w->m.reply_due[k] < 0 && step - w->m.pending_step[k] > window) {
                pending[k] = 0;
                w->m.pending_event[k] = -1;
            }
        }
    }
    /* grievances: only strike raises one from the 0 of reset (a zero times keep, finite and >=
     * 0, stays the same zero), and it lists the dyad */
    for (size_t q = 0; q < st->ngriev; q++)
        grievance[st->griev[q]] *= keep;
    /* the ladder falls one step toward its baseline every rung_decay_weeks without a new act of
     * the actor's unit toward the target (agents' rungs, e.g. a principal dyad of a faction,
     * with their unit's); a row changes only its own rungs, so rows come in any order, and a
     * row no strike or act raised (st->raised) has none above its baseline (decay and
     * ceasefires only lower) */
    for (size_t q = 0; q < st->nraised; q++) {
        size_t i = st->raised[q];
        /* most rows stand at their baseline: one comparison of the whole row first */
        if (memcmp(&w->m.rung[i * na], &st->rung0[i * na], na * sizeof *st->rung0) == 0)
            continue;
        size_t ui = (size_t)st->unit[i];
        for (size_t jj = 0; jj < nu; jj++) {
            size_t j = (size_t)un[jj], k = i * na + j;
            if (j == i || w->m.rung[k] <= st->rung0[k])
                continue;
            int last = w->m.last_strike[ui * na + j];
            long idle = w->step - (last > 0 ? last : 0);
            if (idle > 0 && idle % st->decay_steps == 0)
                w->m.rung[k]--;
        }
    }
    double ad_keep = st->ad_keep;
    for (size_t a = 0; a < na; a++) {
        double ad0 = st->actor[a].ad0;
        w->m.air_defence[a] = ad0 + (w->m.air_defence[a] - ad0) * ad_keep;
        const brink_actor *ac = &w->sc->actors[a];
        if (ac->has_proxy) {
            double s = st->actor[a].resupply * (ac->route_open ? 1 : st->p[P_CUT_RESUPPLY]);
            double c = w->m.proxy_capacity[a];
            w->m.proxy_capacity[a] = clampd(c + dt * s * (1 - c), 0, 1);
        }
    }
}

/* Closed chokepoints hold their price jump against the economy's reversion (which keeps k of a
 * deviation per step: adding J (1 - k) / k before it leaves J), and reopen with hazard
 * ln 2 / conflict.closure_halflife_weeks (not inside projections, which only hold). */
static void chokepoint_clocks(brink_world *w, conflict_state *st)
{
    for (size_t c = 0; c < w->nc; c++) {
        if (w->m.choke_status[c] == BRINK_CHOKE_OPEN)
            continue;
        if (!w->projecting) {
            brink_rng rng = rng_for(w, K_REOPEN, c);
            if (brink_rng_uniform01(&rng) < st->reopen_prob) {
                int ctl = w->sc->chokepoints[c].controller;
                brink_conflict_set_chokepoint(w, (int)c, BRINK_CHOKE_OPEN,
                                              ctl >= 0 ? st->agent[st->unit[ctl]] : -1, -1);
                continue;
            }
        }
        if (st->price_keep > 0 && w->m.choke_shock[c] > 0)
            oil_price_shock(w, w->m.choke_shock[c] * (1 - st->price_keep) / st->price_keep);
    }
}

/* Inside a projection the chokepoints' clocks only add held price jumps to the economy's price
 * shocks, which no other clock reads, and read the chokepoints' statuses and jumps, which among
 * the clocks only the schedule's strikes change: they never break a block's quiet. */
static long conflict_quiet(const brink_world *w, long first)
{
    (void)w;
    (void)first;
    return LONG_MAX;
}

/* The steps of conflict_clock_block with a chokepoint closed: apart, so that the common case of
 * every chokepoint open (called for every block of every projection) stays a short leaf. */
static __attribute__((noinline)) void closed_block(brink_world *w, conflict_state *st, long first,
                                                   long k)
{
    for (long j = 0; j < k; j++) {
        w->step = first + j;
        chokepoint_clocks(w, st);
    }
}

/* The chokepoints' clocks over a quiet block of k steps of a projection: the same additions in
 * the same order as k calls of chokepoint_clocks (step by step, chokepoint by chokepoint, so that
 * the sums round alike), and nothing at all while every chokepoint is open. */
static void conflict_clock_block(brink_world *w, long first, long k)
{
    conflict_state *st = state_of(w);
    if (!st)
        return;
    for (size_t c = 0; c < w->nc; c++)
        if (w->m.choke_status[c] != BRINK_CHOKE_OPEN) {
            closed_block(w, st, first, k);
            return;
        }
}

/* A mediator links units u and t: a relation between them (or their agents) names one, or an
 * actor of kind mediator is hostile to neither. */
static int mediated(const brink_world *w, const conflict_state *st, int u, int t)
{
    size_t na = w->na;
    int au = st->agent[u] >= 0 ? st->agent[u] : u, at = st->agent[t] >= 0 ? st->agent[t] : t;
    if (rel(w, u, t)->mediator >= 0 || rel(w, t, u)->mediator >= 0 ||
        rel(w, au, t)->mediator >= 0 || rel(w, at, u)->mediator >= 0)
        return 1;
    for (size_t m = 0; m < na; m++)
        if (w->sc->actors[m].kind == BRINK_ACTOR_MEDIATOR && (int)m != u && (int)m != t &&
            w->m.alignment[m * na + (size_t)u] >= 0 && w->m.alignment[m * na + (size_t)t] >= 0)
            return 1;
    return 0;
}

/* Ceasefires between units at rung >= 4 that exchanged strikes within the reply window. */
static void ceasefires(brink_world *w, conflict_state *st)
{
    size_t na = w->na, nu = st->nall_units;
    /* over the pairs of units in their order, those that ever struck (st->pairs, ascending: a
     * pair left out has last_strike -1 both ways) */
    for (size_t pi = 0; pi < st->npairs; pi++) {
        size_t u = (size_t)st->all_units[st->pairs[pi] / nu];
        size_t t = (size_t)st->all_units[st->pairs[pi] % nu];
        size_t k = u * na + t, kr = t * na + u;
        int last =
            w->m.last_strike[k] > w->m.last_strike[kr] ? w->m.last_strike[k] : w->m.last_strike[kr];
        if (last < 0 || w->step - last > st->window_steps ||
            dyad_rung(w, (int)u, (int)t) < RUNG_MIN)
            continue;
        double cost = w->m.war_cost[k] + w->m.war_cost[kr];
        double h =
            st->p[P_CF_HAZARD] * cost * (mediated(w, st, (int)u, (int)t) ? 1 : st->p[P_UNMEDIATED]);
        brink_rng rng = rng_for(w, K_CEASEFIRE, k);
        if (brink_rng_uniform01(&rng) >= brink_hazard_prob(h, w->dt_weeks))
            continue;
        size_t pair[2] = {k, kr};
        for (int s = 0; s < 2; s++) {
            size_t q = pair[s];
            w->m.pending_rung[q] = 0;
            w->m.pending_event[q] = -1;
            w->m.reply_due[q] = -1;
        }
        /* both sides' rungs, their agents' too, back to the baseline (at most 3) */
        for (size_t a = 0; a < na; a++) {
            size_t ua = (size_t)st->unit[a], q;
            if (ua == u)
                q = a * na + t;
            else if (ua == t)
                q = a * na + u;
            else
                continue;
            int base = st->rung0[q] < 3 ? st->rung0[q] : 3;
            if (w->m.rung[q] > base)
                w->m.rung[q] = base;
        }
        int au = st->agent[u] >= 0 ? st->agent[u] : (int)u;
        brink_world_event(w, BRINK_EV_CEASEFIRE, au, (int)t, -1, BRINK_MECH_CONFLICT, -1, cost);
    }
}

static void conflict_step(brink_world *w)
{
    conflict_state *st = state_of(w);
    if (!st)
        return;
    chokepoint_clocks(w, st);
    if (w->projecting)
        return; /* in a projection only closures hold: strikes and choices are not projected */
    clocks(w, st);
    size_t na = w->na;
    /* signalled replies that fall due (only act signals one, and marks its unit) */
    for (size_t i = 0; i < st->nunits; i++) {
        int u = st->units[i];
        if (!st->signalled[u])
            continue;
        /* a reply is signalled (act) only toward a unit, the targets of choose */
        for (size_t tt = 0; tt < st->nall_units; tt++) {
            size_t t = (size_t)st->all_units[tt], k = (size_t)u * na + t;
            if (w->m.reply_due[k] < 0 || w->step < w->m.reply_due[k])
                continue;
            int r = w->m.reply_rung[k], actor = st->agent[u];
            long cause = w->m.signal_event[k];
            w->m.reply_due[k] = -1;
            if (r == 4 && w->sc->actors[u].kind != BRINK_ACTOR_ARMED_GROUP)
                actor = best_proxy(w, st, u, (int)t);
            if (actor >= 0)
                strike(w, st, actor, (int)t, r, cause, 1);
        }
    }
    /* choices */
    for (size_t i = 0; i < st->nunits; i++) {
        int u = st->units[i];
        for (size_t tt = 0; tt < st->nall_units; tt++) {
            size_t t = (size_t)st->all_units[tt];
            if ((int)t == u || !hostile(w, st, u, (int)t))
                continue;
            if (w->m.reply_due[(size_t)u * na + t] >= 0)
                continue; /* a reply is signalled: it comes when due */
            choose(w, st, u, (int)t);
        }
    }
    ceasefires(w, st);
}

/* ---- life cycle ---- */

static int conflict_init(brink_world *w, brink_error *err)
{
    size_t na = w->na, pairs = na * na;
    conflict_state *st = brink_arena_alloc(&w->arena, sizeof *st);
    if (!st)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    memset(st, 0, sizeof *st);
    st->unit = brink_arena_array(&w->arena, na, sizeof *st->unit);
    st->agent = brink_arena_array(&w->arena, na, sizeof *st->agent);
    st->proxies = brink_arena_array(&w->arena, na, sizeof *st->proxies);
    st->units = brink_arena_array(&w->arena, na, sizeof *st->units);
    st->forces_units = brink_arena_array(&w->arena, na, sizeof *st->forces_units);
    st->all_units = brink_arena_array(&w->arena, na, sizeof *st->all_units);
    st->actor = brink_arena_array(&w->arena, na, sizeof *st->actor);
    st->k = brink_arena_array(&w->arena, pairs, sizeof *st->k);
    st->a = brink_arena_array(&w->arena, pairs, sizeof *st->a);
    st->g = brink_arena_array(&w->arena, pairs, sizeof *st->g);
    st->x0 = brink_arena_array(&w->arena, pairs, sizeof *st->x0);
    st->rest = brink_arena_array(&w->arena, pairs, sizeof *st->rest);
    st->ratio = brink_arena_array(&w->arena, pairs, sizeof *st->ratio);
    st->exp_own = brink_arena_array(&w->arena, na, sizeof *st->exp_own);
    st->exp_via = brink_arena_array(&w->arena, w->nc ? w->nc * na : 1, sizeof *st->exp_via);
    st->restr_first = brink_arena_array(&w->arena, na + 1, sizeof *st->restr_first);
    st->restr = brink_arena_array(&w->arena, pairs, sizeof *st->restr);
    st->rung0 = brink_arena_array(&w->arena, pairs, sizeof *st->rung0);
    st->lat_gain = brink_arena_array(&w->arena, w->np ? w->np : 1, sizeof *st->lat_gain);
    st->lat_step = brink_arena_array(&w->arena, w->np ? w->np : 1, sizeof *st->lat_step);
    if (!st->unit || !st->agent || !st->proxies || !st->units || !st->forces_units ||
        !st->all_units || !st->actor || !st->k || !st->a || !st->g || !st->x0 || !st->rest ||
        !st->ratio || !st->exp_own || !st->exp_via || !st->restr_first || !st->restr ||
        !st->rung0 || !st->lat_gain || !st->lat_step)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < P_COUNT; i++)
        if ((st->id[i] = brink_param_find(param_names[i])) < 0)
            return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                                   "parameter %s is missing from the registry", param_names[i]);
    const brink_scenario *sc = w->sc;
    /* units: roots of the parent chain; agents: the unit itself with the military domain, else
     * its first faction that has it */
    for (size_t a = 0; a < na; a++) {
        int r = (int)a;
        for (size_t guard = 0; sc->actors[r].parent >= 0 && guard <= na; guard++)
            r = sc->actors[r].parent;
        st->unit[a] = r;
        st->agent[a] = -1;
        if (sc->actors[a].has_proxy)
            st->proxies[st->nproxies++] = (int)a;
    }
    for (size_t a = 0; a < na; a++) {
        if (st->unit[a] != (int)a)
            continue;
        if (sc->actors[a].domains & BRINK_DOMAIN_MILITARY) {
            st->agent[a] = (int)a;
        } else {
            for (size_t f = 0; f < na && st->agent[a] < 0; f++)
                if (f != a && st->unit[f] == (int)a &&
                    (sc->actors[f].domains & BRINK_DOMAIN_MILITARY))
                    st->agent[a] = (int)f;
        }
        brink_actor_kind kd = sc->actors[a].kind;
        if (st->agent[a] >= 0 && (kd == BRINK_ACTOR_STATE || kd == BRINK_ACTOR_ARMED_GROUP))
            st->units[st->nunits++] = (int)a;
    }
    st->upos = brink_arena_array(&w->arena, na, sizeof *st->upos);
    st->griev = brink_arena_array(&w->arena, pairs, sizeof *st->griev);
    st->griev_on = brink_arena_array(&w->arena, pairs, sizeof *st->griev_on);
    st->raised = brink_arena_array(&w->arena, na, sizeof *st->raised);
    st->raised_on = brink_arena_array(&w->arena, na, sizeof *st->raised_on);
    st->signalled = brink_arena_array(&w->arena, na, sizeof *st->signalled);
    if (!st->upos || !st->griev || !st->griev_on || !st->raised || !st->raised_on || !st->signalled)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t a = 0; a < na; a++) {
        st->upos[a] = -1;
        if (is_unit(w, st, a)) {
            st->upos[a] = (int)st->nall_units;
            st->all_units[st->nall_units++] = (int)a;
        }
    }
    size_t nu2 = st->nall_units ? st->nall_units * st->nall_units : 1;
    st->pairs = brink_arena_array(&w->arena, nu2, sizeof *st->pairs);
    st->pair_on = brink_arena_array(&w->arena, nu2, sizeof *st->pair_on);
    if (!st->pairs || !st->pair_on)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < pairs; i++)
        st->any_fear |= sc->relations[i].fears;
    size_t nr = 0;
    for (size_t a = 0; a < na; a++) {
        st->restr_first[a] = nr;
        for (size_t R = 0; R < na; R++)
            if (restrains(w, st, (int)R, (int)a))
                st->restr[nr++] = (int)R;
    }
    st->restr_first[na] = nr;
    for (size_t i = 0; i < brink_mechanism_count; i++)
        if (brink_mechanisms[i]->id == BRINK_MECH_NUCLEAR)
            st->nuclear = brink_mechanisms[i];
    w->mstate[BRINK_MECH_CONFLICT] = st;
    st->projects = st->nuclear && st->any_fear && w->np > 0;
    return BRINK_OK;
}

static void conflict_reset(brink_world *w)
{
    conflict_state *st = state_of(w);
    if (!st || w->scratch) /* a scratch world's mstate belongs to the world it projects */
        return;
    const brink_scenario *sc = w->sc;
    size_t na = w->na;
    double dt = w->dt_weeks;
    for (size_t i = 0; i < P_COUNT; i++)
        st->p[i] = brink_world_param(w, st->id[i], -1, -1, -1);
    st->grief_keep = brink_halflife_keep(st->p[P_HOST_HL], dt);
    st->ad_keep = brink_halflife_keep(st->p[P_AD_HL], dt);
    st->price_keep = brink_halflife_keep(st->p[P_PRICE_HL], dt);
    st->reopen_prob = brink_hazard_prob(log(2.0) / st->p[P_CLOSURE_HL], dt);
    st->no_act = no_act_bound(st, 1, dt);
    st->decay_steps = steps_of(st->p[P_RUNG_DECAY], dt);
    st->window_steps = steps_of(st->p[P_WINDOW], dt);
    st->proj_steps = steps_of(st->p[P_PROJ_WEEKS], dt);
    for (size_t a = 0; a < na; a++) {
        const brink_actor *ac = &sc->actors[a];
        conflict_actor *c = &st->actor[a];
        int ai = (int)a;
        c->cs = brink_world_value(w, &ac->disposition[BRINK_DISP_COST_SENSITIVITY]);
        c->hawk = brink_world_value(w, &ac->disposition[BRINK_DISP_HAWKISHNESS]);
        c->lambda = brink_world_param(w, st->id[P_RATIONALITY], ai, -1, -1);
        c->recip = brink_world_param(w, st->id[P_RECIP_U], ai, -1, -1);
        c->host = brink_world_param(w, st->id[P_HOST_U], ai, -1, -1);
        c->prev = brink_world_param(w, st->id[P_PREV_U], ai, -1, -1);
        c->cost_rung = brink_world_param(w, st->id[P_COST_RUNG], ai, -1, -1);
        c->firebreak = brink_world_param(w, st->id[P_FIREBREAK], ai, -1, -1);
        c->restrain = brink_world_param(w, st->id[P_RESTRAIN_U], ai, -1, -1);
        c->retal = brink_world_param(w, st->id[P_RETAL_U], ai, -1, -1);
        c->forgive = brink_world_param(w, st->id[P_FORGIVE], ai, -1, -1);
        c->signal = brink_world_param(w, st->id[P_SIGNAL_SHARE], ai, -1, -1);
        c->mil = brink_world_value(w, &ac->capability[BRINK_CAP_MILITARY]);
        c->ad0 = brink_world_value(w, &ac->capability[BRINK_CAP_AIR_DEFENCE]);
        c->forces = brink_world_value(w, &ac->capability[BRINK_CAP_FORCES_DEPLOYED]);
        c->resupply = ac->has_proxy ? brink_world_value(w, &ac->proxy_resupply) : 0;
        c->control = ac->has_proxy ? brink_world_value(w, &ac->proxy_control) : 0;
        c->oil_share = brink_world_value(w, &ac->internal[BRINK_INT_OIL_REVENUE_SHARE]);
        w->m.air_defence[a] = c->ad0;
        w->m.proxy_capacity[a] = ac->has_proxy ? brink_world_value(w, &ac->proxy_capacity) : 0;
    }
    for (size_t i = 0; i < na; i++) {
        for (size_t j = 0; j < na; j++) {
            size_t k = i * na + j;
            w->m.reply_due[k] = -1;
            w->m.pending_event[k] = -1;
            w->m.signal_event[k] = -1;
            w->m.last_strike[k] = -1;
            st->rung0[k] = i == j ? 0 : sc->relations[k].rung; /* as w->m.rung (reset_common) */
            st->x0[k] = i == j ? 0 : brink_world_value(w, &sc->relations[k].hostility);
            int clocked = i != j && is_unit(w, st, i) && is_unit(w, st, j);
            st->k[k] = clocked ? brink_world_param(w, st->id[P_REACTION], (int)i, (int)j, -1) : 0;
            st->a[k] = clocked ? brink_world_param(w, st->id[P_FATIGUE], (int)i, (int)j, -1) : 0;
            st->g[k] = i == j ? 0 : brink_world_param(w, st->id[P_GRIEVANCE], (int)i, (int)j, -1);
        }
    }
    for (size_t t = 0; t < na; t++)
        for (size_t u = 0; u < na; u++)
            st->ratio[t * na + u] = power_ratio_of(st, (int)t, (int)u);
    st->nforces_units = 0;
    for (size_t i = 0; i < st->nunits; i++)
        if (st->actor[st->units[i]].forces > 0)
            st->forces_units[st->nforces_units++] = st->units[i];
    /* the flows' base volumes are the scenario's by now (brink_world_reset's reset_common) and
     * stay so for the run */
    for (size_t u = 0; u < na; u++) {
        st->exp_own[u] = exports_sum(w, (int)u, -1);
        for (size_t c = 0; c < w->nc; c++)
            st->exp_via[c * na + u] = exports_sum(w, (int)u, (int)c);
    }
    /* Richardson coefficients inside the stable region (a_ij a_ji > k_ij k_ji) unless the
     * scenario asks for the unstable tail */
    if (!(st->p[P_UNSTABLE] > 0.5)) {
        for (size_t i = 0; i < na; i++)
            for (size_t j = i + 1; j < na; j++) {
                size_t k = i * na + j, kr = j * na + i;
                double aa = st->a[k] * st->a[kr], kk = st->k[k] * st->k[kr];
                if (kk > 0 && aa <= kk) {
                    double s = sqrt(st->p[P_STABLE_SHARE] * aa / kk);
                    st->k[k] *= s;
                    st->k[kr] *= s;
                }
            }
    }
    /* A dyad at rest (x = x0 both ways, no grievance) stays exactly at x0 when every operand of
     * its update is finite and x0 is in [+0, hostility_max] (not -0): d, dr, the products and
     * the sum are then zeros, x0 + 0 + 0 is x0 and the clamp keeps it (richardson); its war
     * costs, zero, stay zero (grief_keep is finite, brink_halflife_keep). */
    double hmax = st->p[P_HOST_MAX];
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < na; j++) {
            size_t k = i * na + j;
            st->rest[k] = isfinite(dt) && isfinite(st->k[k]) && isfinite(st->a[k]) &&
                          isfinite(st->x0[k]) && !signbit(st->x0[k]) && st->x0[k] <= hmax;
        }
    for (size_t i = 0; i < na; i++)
        for (size_t j = i + 1; j < na; j++) {
            size_t k = i * na + j, kr = j * na + i;
            st->rest[k] = st->rest[kr] = st->rest[k] && st->rest[kr];
        }
    for (size_t p = 0; p < w->np; p++)
        st->lat_step[p] = -1;
    /* the step's lists (mark_pair): empty but for the pairs not at rest */
    size_t nu = st->nall_units;
    memset(st->pair_on, 0, nu * nu * sizeof *st->pair_on);
    memset(st->griev_on, 0, na * na * sizeof *st->griev_on);
    memset(st->raised_on, 0, na * sizeof *st->raised_on);
    memset(st->signalled, 0, na * sizeof *st->signalled);
    st->npairs = st->ngriev = st->nraised = 0;
    for (size_t ii = 0; ii < nu; ii++)
        for (size_t jj = ii + 1; jj < nu; jj++)
            if (!st->rest[(size_t)st->all_units[ii] * na + (size_t)st->all_units[jj]])
                mark_pair(st, st->all_units[ii], st->all_units[jj]);
}

const brink_mechanism brink_mech_conflict = {
    .id = BRINK_MECH_CONFLICT,
    .init = conflict_init,
    .reset = conflict_reset,
    .step = conflict_step,
    .projects = 1, /* only the chokepoints' clocks run inside a projection */
    .quiet = conflict_quiet,
    .clock_block = conflict_clock_block,
};
