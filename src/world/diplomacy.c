/* SPDX-License-Identifier: MIT */
/*
 * diplomacy.c — talks, bargaining inside talks and deals (MODEL.md section 3 "Negotiation";
 * domain facts C.4 "Negotiation module hints"). Parameters: diplomacy.*, negotiation.* and
 * trust.* in src/scenario/params.c; docs/ODD.md, "Submodels -> Diplomacy".
 *
 * Dyads. Every principal relation x -> y gives a negotiating dyad of the units U(x), U(y) (the
 * roots of the parent chain), unless both are one unit or one is a mediator. Its mediator is the
 * relation's `mediator` when the scenario names one, else the actor of kind mediator with the
 * highest min(alignment toward either side) > 0, if any.
 *
 * Talks. For unit i facing unit j, at level L (1 indirect through the mediator, 2 direct), each
 * decider d of i (the unit itself; for a state with a veto rule its veto holders and proposer, the
 * least willing deciding; with a weighted-mean rule its factions, weighted by influence) values
 * talks at
 *   U_d(L) = e_L th_dj (S_i - D_d(x*)) - c_L (RC_d + AC_d)
 *   S_i   = pain_weight (P_ji + loss_i) + fear_weight tanh(lat_j / fear_latency_scale)
 *   RC_d  = pressure_cost resolve_d (P_ji + T_ji)              (talking under pressure)
 *   AC_d  = weakness_cost hawkishness_d max(0, -alignment_dj)   (appearing weak; Fearon 1994)
 * with P_ji the enforcement j's members apply to i's, loss_i i's revenue loss share, lat_j the
 * latency of j's programme when i fears j (brink_nuclear_latency), T_ji the public threats j's
 * members hold over i, each weighted by d's belief in its author's resolve (decide.c), th_dj =
 * E[trust of d in j] (beliefs.c) as the chance that a deal holds, D_d(x) = sum_k s_dk |ideal_dk -
 * x_k| / (100 sum_k s_dk) the concession d would make at x, and x* the capability x salience
 * weighted mean of the two sides' advocated positions. Efficiencies e_1 = indirect_efficiency,
 * e_2 = 1; cost factors c_1 = 1 - mediator_relief, c_2 = 1 (mediators lower the costs, so
 * indirect talks come first; domain facts C.4). Out of talks each side proposes with the quantal
 * hazards of decide.h over the levels it can propose (utilities U(L), rationality
 * diplomacy.rationality, base diplomacy.base_hazard_per_week); the other side accepts with the
 * logistic probability 1 / (1 + exp(-lambda U(L))). A coercing proposer that can threaten attaches
 * an ultimatum with probability ultimatum_share x hawkishness: a public threat of decide.c (its
 * deadline, audience cost and effect on beliefs about resolve are decide's), which raises the
 * target's reputational cost and is withdrawn (at no cost) when talks open. In indirect talks,
 * upgrading to direct talks is proposed and accepted in the same way with the utilities U(2) -
 * U(1). In talks each side walks out with the hazard of the option "walk out" with utility -e_L
 * th_dj (S_i - D_d(x*)) - walkout_cost: the costs of talking were paid when the talks opened, so a
 * side leaves when talking no longer promises a settlement worth having. A strike between the two
 * units breaks their talks with probability strike_breakdown (the struck side walks out; the cause
 * is the strike event).
 *
 * Bargaining. Each step in talks runs ONE round of the scenario's negotiation model among every
 * negotiator (non-faction actor with a stake): "eu" (bargain/eu.h, one round per issue, median
 * after the round), "smp" (bargain/smp.h, one turn on all issues, the winning position of the
 * turn's election), or the baselines "mean", "median", "nash" (bargain/baseline.h). Positions
 * are the actors' advocated positions; capabilities C_a = (military + economic) exp(
 * leverage_elasticity tanh(lev_a)), lev_a = enforcement a imposes - pressure it absorbs - its
 * revenue loss + tanh(latency of its programme / fear_latency_scale); saliences
 * s_ak = min(1, s0_ak (1 + stake_salience stake_ak)), with stake = the pressure on a for the
 * sanctions-relief issue and a's fear of a programme for the nuclear-constraints issue (the
 * issues' `executes`). The two principals then
 * move their advocated positions toward the forecast f_k by the damped step
 *   adv <- adv + e_L (1 - (1 - concession_rate_per_week)^dt) (f_k - adv),
 * a state with a veto rule staying inside its veto interval; everyone not at a table relaxes
 * toward its ideal with negotiation.position_halflife_weeks. Ideal positions never move (but
 * for successions, domestic.c). The round's stakeholders are the same at every table, so it runs
 * once (from the positions at the start of the step) when any table sits and
 * diplomacy.round_weeks have passed since the last round (every step at the default weekly
 * step; with shorter steps the concessions follow the last round's forecast, so results and cost
 * do not grow with the number of steps). EU and SMP allocate their result per call: at most one
 * call per step (EU one per issue), never inside projections.
 *
 * Aggregation. A veto holder v of state s accepts positions within r = veto_range_points
 * (1 - h_s) + veto_pain_points pain_s of its ideal (h_s the hard-liners' share, domestic.c;
 * pain_s = min(1, pressure + revenue loss)): under pain the Leader's interval widens, so leverage
 * moves what the state may concede. The state's interval is the intersection over its veto
 * holders (their mean if empty) and its ideal the proposer's ideal clamped into it. A
 * weighted-mean state averages its factions with weights capability x salience x influence,
 * influence h for factions with hawkishness >= hardliner_hawkishness and 1 - h for the others.
 *
 * Deals. In talks (indirect or direct) without a deal in force, units a and b sign when (1) their
 * advocated positions are within negotiation.deal_tolerance on every issue both have a stake in,
 * (2) each prefers the deal point x (the midpoint) to its outside option, S_i - D_d(x) > 0 for its
 * deciders combined as above, and (3) the side that moves first (the one under more pressure from
 * the other: the sanctioned side delivers first, as Iran did under the JCPOA) trusts the other
 * enough: th + (1 - th) guarantee_weight th_m >= its diplomacy.trust_threshold, th_m its trust in
 * the mediator (a guarantee). A deal lowers the enforcement e0 between the two units (both ways;
 * factions hold none) to e0 (1 - x_sanctions / 100) linearly over relief_weeks (sanctions_eased),
 * and freezes the parties' programmes (brink_nuclear_set_freeze) with a level cap at the highest
 * level <= x_nuclear / 100 x the top level (at least the lowest) and a stock cap of the total stock
 * x (x_nuclear / 100)^stock_cap_exponent. Each step compliance is checked: enforcement above the
 * schedule of the previous step (re-imposed sanctions), a programme no longer frozen (the owner
 * escalated: nuclear.c records that breach) or a strike between the parties is a breach:
 * deal_breached, the victim walks out (talks_broken) and lifts its own freeze, and trust falls by
 * trust.breach_weight (beliefs.c). Every phase_weeks of compliance both sides' commitments count
 * as kept interim steps (trust.interim_weight). Hook: no nuclear API sets IAEA access from a
 * deal; the agreed nuclear point is kept in deal_pos for the nuclear mechanism to read.
 *
 * Interim deals. When the conditions (1)-(3) hold with the wider negotiation.interim_tolerance
 * in place of the deal tolerance (and it is wider), units in talks without a deal sign an
 * interim deal (interim_deal_signed; the Joint Plan of Action of Nov 2013 before the JCPOA,
 * domain facts A.10): its relief is diplomacy.interim_relief_share of the agreed point's, and it
 * freezes the programmes at their current level and stock. Compliance, breaches and the kept
 * interim steps of trust are those of a deal, but the bargaining goes on, with no walk-outs (the
 * interim deal commits both sides to negotiate; only its breach ends the talks): the
 * comprehensive deal, when its own conditions hold, supersedes the interim one, its relief
 * counted from the enforcement before the interim deal and its caps replacing the freeze.
 */
#include "world/diplomacy.h"

#include "bargain/baseline.h"
#include "bargain/eu.h"
#include "bargain/smp.h"
#include "core/fminmax.h"
#include "world/beliefs.h"
#include "world/decide.h"
#include "world/domestic.h"
#include "world/economy.h"
#include "world/nuclear.h"

#include <math.h>
#include <string.h>

typedef struct dip_dyad {
    int a, b;     /* units, a < b */
    int mediator; /* actor index, or -1 */
} dip_dyad;

/* Parameter slots (names in dip_params, same order). */
enum {
    P_BASE_HAZARD,
    P_CONCESSION,
    P_FEAR_SCALE,
    P_FEAR_WEIGHT,
    P_GUARANTEE,
    P_HARDLINER_HAWK,
    P_INDIRECT_EFF,
    P_LEVERAGE,
    P_MEDIATOR_RELIEF,
    P_PAIN_WEIGHT,
    P_PHASE_WEEKS,
    P_PRESSURE_COST,
    P_RATIONALITY,
    P_RELIEF_WEEKS,
    P_ROUND_WEEKS,
    P_STAKE_SALIENCE,
    P_STOCK_CAP_EXP,
    P_STRIKE_BREAKDOWN,
    P_TRUST_THRESHOLD,
    P_ULTIMATUM_SHARE,
    P_VETO_PAIN,
    P_VETO_RANGE,
    P_WALKOUT_COST,
    P_WEAKNESS_COST,
    P_DEAL_TOLERANCE,
    P_POSITION_HL,
    P_BREACH_WEIGHT,
    P_INTERIM_WEIGHT,
    P_WALKOUT_WEIGHT,
    P_INTERIM_RELIEF,
    P_INTERIM_TOLERANCE,
    P_EU_FAST_MATH,
    P_COUNT
};

static const char *const dip_params[P_COUNT] = {
    "diplomacy.base_hazard_per_week",
    "diplomacy.concession_rate_per_week",
    "diplomacy.fear_latency_scale",
    "diplomacy.fear_weight",
    "diplomacy.guarantee_weight",
    "diplomacy.hardliner_hawkishness",
    "diplomacy.indirect_efficiency",
    "diplomacy.leverage_elasticity",
    "diplomacy.mediator_relief",
    "diplomacy.pain_weight",
    "diplomacy.phase_weeks",
    "diplomacy.pressure_cost",
    "diplomacy.rationality",
    "diplomacy.relief_weeks",
    "diplomacy.round_weeks",
    "diplomacy.stake_salience",
    "diplomacy.stock_cap_exponent",
    "diplomacy.strike_breakdown",
    "diplomacy.trust_threshold",
    "diplomacy.ultimatum_share",
    "diplomacy.veto_pain_points",
    "diplomacy.veto_range_points",
    "diplomacy.walkout_cost",
    "diplomacy.weakness_cost",
    "negotiation.deal_tolerance",
    "negotiation.position_halflife_weeks",
    "trust.breach_weight",
    "trust.interim_weight",
    "trust.walkout_weight",
    "diplomacy.interim_relief_share",
    "negotiation.interim_tolerance",
    "diplomacy.eu_fast_math",
};

typedef struct dip_state {
    size_t ni;         /* issues */
    int *unit;         /* [na] root of the parent chain */
    int *seat;         /* [na] 1: a negotiator (non-faction actor with a stake) */
    int *mem;          /* unit members, grouped by unit: mem[mem_at[u]..mem_at[u + 1]) */
    size_t *mem_at;    /* [na + 1] */
    int *dec;          /* deciders of each unit: dec[dec_at[u]..dec_at[u + 1]) */
    size_t *dec_at;    /* [na + 1] */
    int *can_threaten; /* [na] diplomatic and economic domains (decide.c's threateners) */
    dip_dyad *dyad;
    size_t ndyad;
    int issue_sanctions, issue_nuclear; /* the issues that execute relief and constraints, or -1 */
    int pid[P_COUNT];
    /* run constants (reset) */
    double *x0;               /* [na*ni] drawn ideal positions (NaN: no stake) */
    double *s0;               /* [na*ni] drawn saliences (0: no stake) */
    double *base_cap;         /* [na] military + economic capability */
    double *hawk0, *resolve0; /* [na] */
    double *r0;               /* [na] baseline revenue (0: none) */
    double *thresh;           /* [na] diplomacy.trust_threshold */
    double *keep;             /* [na] share of the gap to the ideal kept out of talks per step */
    double *hint;             /* [na] the scenario's hardliner_share (NaN: none) */
    double v[P_COUNT];        /* global parameter values of this run */
    double *bsal;             /* [na*ni] base_salience (run constant) */
    unsigned char *stk;       /* [na*ni] stake_in (run constant) */
    double conc_keep;         /* (1 - concession_rate)^dt: share of the gap kept per step */
    brink_eu_options euopt;   /* model 0: the options of one round (run constant) */
    /* per-step workspace (valid within one step only) */
    unsigned char *fear; /* [na*na] unit u fears unit v (a `fears` relation between members) */
    double *lat;         /* [na] per step: tanh(latency / scale) of each unit's programme */
    int forecast_step;   /* step for which lat (and, with have_forecast, forecast) hold, or -1 */
    int have_forecast;   /* 1 once this step's model round has run */
    double *cap;         /* [na] capability at the table */
    double *sal;         /* [na*ni] salience at the table */
    unsigned char *at_table;    /* [na] */
    brink_eu_actor *eu;         /* [na] */
    double *wpos, *wcap, *wsal; /* [na*ni] model inputs */
    const char **names;         /* [na] */
    int model;                  /* 0 eu, 1 smp, 2 mean, 3 median, 4 nash */
    brink_eu_workspace *euw;    /* model 0: one round for up to na actors, in the arena */
    /* Live values of the current step (refresh): capability, salience now, ideal and veto
     * interval of every actor. They depend on the world only through enforcement, revenue,
     * domestic state and the step's latency cache, which nothing inside dip_step changes but the
     * relief schedule (compliance refreshes them then); valid while live == the stepping world,
     * so every other caller (observers, tests, projections) computes afresh. */
    const brink_world *live;
    double *lcap;             /* [na] */
    double *lsal;             /* [na*ni] */
    double *lideal;           /* [na*ni] */
    double *lvlo, *lvhi;      /* [na*ni] veto interval */
    double *lpres;            /* [na] brink_economy_pressure, where need_pres */
    double *lnuc;             /* [na] a unit's stake on the nuclear-constraints issue */
    unsigned char *need_pres; /* [na] veto states and negotiators' units (constant) */
    int *feared;              /* units a unit fears: feared[feared_at[u]..feared_at[u + 1]) */
    size_t *feared_at;        /* [na + 1] (constant) */
} dip_state;

static dip_state *state_of(const brink_world *w)
{
    return w->mstate[BRINK_MECH_DIPLOMACY];
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

static int unit_of(const brink_scenario *sc, int a)
{
    for (size_t guard = 0; a >= 0 && sc->actors[a].parent >= 0 && guard < sc->nactors; guard++)
        a = sc->actors[a].parent;
    return a;
}

int brink_diplomacy_unit(const brink_world *w, int a)
{
    if (a < 0 || (size_t)a >= w->na)
        return -1;
    return unit_of(w->sc, a);
}

/* ---- stakes and leverage ---- */

/* Enforcement applied by the members of unit j to the members of unit i. */
static double pressure_on(const brink_world *w, const dip_state *st, int j, int i)
{
    double p = 0;
    for (size_t x = st->mem_at[j]; x < st->mem_at[j + 1]; x++)
        for (size_t y = st->mem_at[i]; y < st->mem_at[i + 1]; y++)
            p += w->m.enforcement[(size_t)st->mem[x] * w->na + (size_t)st->mem[y]];
    return p;
}

static double revenue_loss(const brink_world *w, const dip_state *st, int u)
{
    double r0 = st->r0[u];
    return r0 > 0 ? brink_fmax(0, 1 - w->m.revenue[u] / r0) : 0;
}

/* Smoothed latency of unit u's programme, tanh(latency / fear_latency_scale); 0 without one. */
static double latency_now(const brink_world *w, const dip_state *st, int u)
{
    int p = brink_nuclear_programme_of(w, u);
    if (p < 0 || !(st->v[P_FEAR_SCALE] > 0))
        return 0;
    return tanh(brink_nuclear_latency(w, p) / st->v[P_FEAR_SCALE]);
}

/* The same, as cached for the current step by table_inputs (computed when called outside a
 * step, e.g. by observers and tests). */
static double latency_term(const brink_world *w, const dip_state *st, int u)
{
    return st->forecast_step == (int)w->step ? st->lat[u] : latency_now(w, st, u);
}

static double fear_of(const brink_world *w, const dip_state *st, int i, int j)
{
    return st->fear[(size_t)i * w->na + (size_t)j] ? latency_term(w, st, j) : 0;
}

/* What unit i gains from a settlement with j: the pain j inflicts (press, the pressure j puts on
 * it) and the programme it fears. */
static double stake_with(const brink_world *w, const dip_state *st, int i, int j, double press)
{
    return st->v[P_PAIN_WEIGHT] * (press + revenue_loss(w, st, i)) +
           st->v[P_FEAR_WEIGHT] * fear_of(w, st, i, j);
}

/* stake_with, for press = the pressure j puts on i (pressure_on). */
static double stake_of(const brink_world *w, const dip_state *st, int i, int j)
{
    return stake_with(w, st, i, j, pressure_on(w, st, j, i));
}

/* The hard-liners' share of state s: the domestic mechanism's, else the scenario's, else 1/2. */
static double hardliner(const brink_world *w, const dip_state *st, int s)
{
    double h = brink_domestic_hardliner_share(w, s);
    if (!isfinite(h))
        h = st->hint[s];
    return isfinite(h) ? clamp(h, 0, 1) : 0.5;
}

/* Capability of actor a given the economic pressure pres_u on its unit (what
 * brink_diplomacy_capability computes; the step's refresh passes the pressure it keeps). */
static double capability_with(const brink_world *w, const dip_state *st, int a, double pres_u)
{
    int u = st->unit[a];
    double impose = 0;
    for (size_t t = 0; t < w->na; t++)
        impose += w->m.enforcement[(size_t)a * w->na + t];
    double lev = impose - pres_u - revenue_loss(w, st, u) + latency_term(w, st, u);
    return st->base_cap[a] * exp(st->v[P_LEVERAGE] * tanh(lev));
}

double brink_diplomacy_capability(const brink_world *w, int a)
{
    const dip_state *st = state_of(w);
    if (!st || a < 0 || (size_t)a >= w->na)
        return 0;
    return capability_with(w, st, a, brink_economy_pressure(w, st->unit[a]));
}

/* Capability of actor a now: the step's live value for a negotiator, else computed. */
static double cap_now(const brink_world *w, const dip_state *st, int a)
{
    return st->live == w && st->seat[a] ? st->lcap[a] : brink_diplomacy_capability(w, a);
}

/* ---- positions ---- */

/* Actor a's own ideal on issue k (drawn, plus succession shifts), or NaN. */
static double own_ideal(const brink_world *w, const dip_state *st, int a, size_t k)
{
    double x = st->x0[(size_t)a * st->ni + k];
    if (!isfinite(x))
        return x;
    return clamp(x + brink_domestic_position_shift(w, a), 0, 100);
}

static int has_factions(const brink_world *w, int a)
{
    return w->sc->actors[a].aggregation != BRINK_AGG_NONE;
}

static int veto_with(const brink_world *w, const dip_state *st, const brink_actor *ac, size_t k,
                     double r, double *lo, double *hi);

/* Half-width of veto state a's interval given the economic pressure pres_a on it: wider as the
 * hard-liners' share falls and as the pain (pressure plus revenue loss, at most 1) rises. */
static double veto_range(const brink_world *w, const dip_state *st, int a, double pres_a)
{
    return st->v[P_VETO_RANGE] * (1 - hardliner(w, st, a)) +
           st->v[P_VETO_PAIN] * clamp(pres_a + revenue_loss(w, st, a), 0, 1);
}

/* A veto state's ideal: its proposer's ideal x clamped into the interval [lo, hi] (ok: the
 * interval exists), or the interval's middle when the proposer has none. */
static double veto_ideal(double x, int ok, double lo, double hi)
{
    return !ok ? x : isfinite(x) ? clamp(x, lo, hi) : 0.5 * (lo + hi);
}

int brink_diplomacy_veto_interval(const brink_world *w, int a, int k, double *lo, double *hi)
{
    const dip_state *st = state_of(w);
    *lo = 0;
    *hi = 100;
    if (!st || a < 0 || (size_t)a >= w->na || k < 0 || (size_t)k >= st->ni)
        return 0;
    const brink_actor *ac = &w->sc->actors[a];
    if (ac->aggregation != BRINK_AGG_VETO)
        return 0;
    return veto_with(w, st, ac, (size_t)k, veto_range(w, st, a, brink_economy_pressure(w, a)), lo,
                     hi);
}

/* The veto interval of state ac on issue k for the range r (brink_diplomacy_veto_interval). */
static int veto_with(const brink_world *w, const dip_state *st, const brink_actor *ac, size_t k,
                     double r, double *lo, double *hi)
{
    double l = 0, h = 100, sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < ac->nveto; i++) {
        double c = own_ideal(w, st, ac->veto[i], k);
        if (!isfinite(c))
            continue;
        l = brink_fmax(l, c - r);
        h = brink_fmin(h, c + r);
        sum += c;
        n++;
    }
    if (n == 0)
        return 0;
    if (l > h) /* the veto holders disagree beyond their ranges: their mean is all that passes */
        l = h = sum / (double)n;
    *lo = l;
    *hi = h;
    return 1;
}

/* Influence of faction f inside state s (weighted-mean rule). */
static double influence(const brink_world *w, const dip_state *st, int s, int f)
{
    double h = hardliner(w, st, s);
    double hawk = st->hawk0[f] + brink_domestic_hawk_shift(w, f);
    return hawk >= st->v[P_HARDLINER_HAWK] ? h : 1 - h;
}

double brink_diplomacy_ideal(const brink_world *w, int a, int k)
{
    const dip_state *st = state_of(w);
    if (!st || a < 0 || (size_t)a >= w->na || k < 0 || (size_t)k >= st->ni)
        return NAN;
    const brink_actor *ac = &w->sc->actors[a];
    if (ac->aggregation == BRINK_AGG_NONE)
        return own_ideal(w, st, a, (size_t)k);
    if (ac->aggregation == BRINK_AGG_VETO) {
        double lo, hi;
        int ok = brink_diplomacy_veto_interval(w, a, k, &lo, &hi);
        return veto_ideal(own_ideal(w, st, ac->proposer, (size_t)k), ok, lo, hi);
    }
    double num = 0, den = 0;
    for (size_t i = st->dec_at[a]; i < st->dec_at[a + 1]; i++) {
        int f = st->dec[i];
        double x = own_ideal(w, st, f, (size_t)k);
        double wt =
            st->base_cap[f] * st->s0[(size_t)f * st->ni + (size_t)k] * influence(w, st, a, f);
        if (isfinite(x) && wt > 0) {
            num += wt * x;
            den += wt;
        }
    }
    return den > 0 ? num / den : NAN;
}

/* The ideal of actor a on issue k now: the step's live value, else computed. */
static double ideal_now(const brink_world *w, const dip_state *st, int a, size_t k)
{
    return st->live == w ? st->lideal[(size_t)a * st->ni + k] : brink_diplomacy_ideal(w, a, (int)k);
}

/* Base salience of actor a on issue k (a state with factions: the mean over its factions with a
 * stake, unless it gives its own). Computed at reset into st->bsal (base_salience). */
static double base_salience_calc(const dip_state *st, const brink_world *w, int a, size_t k)
{
    double s = st->s0[(size_t)a * st->ni + k];
    if (s > 0 || !has_factions(w, a))
        return s;
    double sum = 0;
    size_t n = 0;
    for (size_t i = st->dec_at[a]; i < st->dec_at[a + 1]; i++) {
        double sf = st->s0[(size_t)st->dec[i] * st->ni + k];
        if (sf > 0) {
            sum += sf;
            n++;
        }
    }
    return n ? sum / (double)n : 0;
}

static double base_salience(const dip_state *st, const brink_world *w, int a, size_t k)
{
    (void)w;
    return st->bsal[(size_t)a * st->ni + k];
}

/* Salience now: raised by the current stakes on the issues with executed terms. */
/* Unit u's stake on the nuclear-constraints issue: its greatest fear of another unit's programme
 * (over the units it fears; the others add brink_fmax(stake, 0) = stake, as stake >= 0). */
static double nuclear_stake(const brink_world *w, const dip_state *st, size_t u)
{
    double stake = 0;
    for (size_t x = st->feared_at[u]; x < st->feared_at[u + 1]; x++)
        stake = brink_fmax(stake, fear_of(w, st, (int)u, st->feared[x]));
    return stake;
}

/* Salience on issue k of base salience s > 0, raised by the stake of the actor's unit: the
 * pressure pres_u on it for sanctions, its nuclear stake nuc_u for nuclear constraints. */
static double salience_with(const dip_state *st, size_t k, double s, double pres_u, double nuc_u)
{
    double stake = (int)k == st->issue_sanctions ? pres_u : (int)k == st->issue_nuclear ? nuc_u : 0;
    return clamp(s * (1 + st->v[P_STAKE_SALIENCE] * stake), 0, 1);
}

static double salience_calc(const brink_world *w, const dip_state *st, int a, size_t k)
{
    double s = base_salience(st, w, a, k);
    if (!(s > 0))
        return 0;
    size_t u = (size_t)st->unit[a];
    return salience_with(st, k, s,
                         (int)k == st->issue_sanctions ? brink_economy_pressure(w, (int)u) : 0,
                         (int)k == st->issue_nuclear ? nuclear_stake(w, st, u) : 0);
}

/* The same: the step's live value for a negotiator with a stake in k, else computed. */
static double salience_now(const brink_world *w, const dip_state *st, int a, size_t k)
{
    return st->live == w && st->seat[a] ? st->lsal[(size_t)a * st->ni + k]
                                        : salience_calc(w, st, a, k);
}

/* Concession D_d(x) that actor d makes at point x (issues where d and x have values). */
static double concession(const brink_world *w, const dip_state *st, int d, const double *x)
{
    double num = 0, den = 0;
    for (size_t k = 0; k < st->ni; k++) {
        double id = ideal_now(w, st, d, k);
        double s = base_salience(st, w, d, k);
        if (!isfinite(id) || !isfinite(x[k]) || !(s > 0))
            continue;
        num += s * fabs(id - x[k]);
        den += s;
    }
    return den > 0 ? num / (100 * den) : 0;
}

static double adv(const brink_world *w, const dip_state *st, int a, size_t k)
{
    return w->m.adv_pos[(size_t)a * st->ni + k];
}

/* 1 when actor a has a stake in issue k (its own or, for a state, a faction's). Computed at reset
 * into st->stk (stake_in). */
static int stake_in_calc(const brink_world *w, const dip_state *st, int a, size_t k)
{
    if (isfinite(st->x0[(size_t)a * st->ni + k]))
        return 1;
    if (!has_factions(w, a))
        return 0;
    for (size_t i = st->dec_at[a]; i < st->dec_at[a + 1]; i++)
        if (isfinite(st->x0[(size_t)st->dec[i] * st->ni + k]))
            return 1;
    return 0;
}

static int stake_in(const brink_world *w, const dip_state *st, int a, size_t k)
{
    (void)w;
    return st->stk[(size_t)a * st->ni + k];
}

/* Computes the live values of the step (dip_state.live) from the world as it is now: the same
 * functions, called once per step (and again after the relief schedule moves enforcement)
 * instead of once per dyad, decider and issue. */
static void refresh(const brink_world *w, dip_state *st)
{
    size_t ni = st->ni, na = w->na;
    st->live = NULL; /* compute afresh */
    for (size_t a = 0; a < na; a++)
        if (st->need_pres[a])
            st->lpres[a] = brink_economy_pressure(w, (int)a);
    if (st->issue_nuclear >= 0) /* salience_calc's stake on the nuclear issue, per unit */
        for (size_t u = 0; u < na; u++) {
            if (st->unit[u] == (int)u)
                st->lnuc[u] = nuclear_stake(w, st, u);
        }
    for (size_t a = 0; a < na; a++) {
        const brink_actor *ac = &w->sc->actors[a];
        if (ac->aggregation == BRINK_AGG_VETO) { /* brink_diplomacy_veto_interval and _ideal */
            double r = veto_range(w, st, (int)a, st->lpres[a]);
            for (size_t k = 0; k < ni; k++) {
                size_t ak = a * ni + k;
                double lo = 0, hi = 100;
                int ok = veto_with(w, st, ac, k, r, &lo, &hi);
                st->lvlo[ak] = lo;
                st->lvhi[ak] = hi;
                st->lideal[ak] = veto_ideal(own_ideal(w, st, ac->proposer, k), ok, lo, hi);
            }
        } else {
            for (size_t k = 0; k < ni; k++) {
                size_t ak = a * ni + k;
                st->lideal[ak] = ac->aggregation == BRINK_AGG_NONE
                                     ? own_ideal(w, st, (int)a, k)
                                     : brink_diplomacy_ideal(w, (int)a, (int)k);
                st->lvlo[ak] = 0;
                st->lvhi[ak] = 100;
            }
        }
        if (!st->seat[a])
            continue;
        int u = st->unit[a];
        st->lcap[a] = capability_with(w, st, (int)a, st->lpres[u]);
        for (size_t k = 0; k < ni; k++) {
            double sv = base_salience(st, w, (int)a, k);
            if (!stake_in(w, st, (int)a, k) || !(sv > 0)) {
                st->lsal[a * ni + k] = 0;
                continue;
            }
            st->lsal[a * ni + k] = salience_with(st, k, sv, st->lpres[u], st->lnuc[u]);
        }
    }
    st->live = w;
}

/* The point x* the two sides expect from talks: per issue, their capability x salience weighted
 * mean (mode 0), or the midpoint (mode 1: a deal's point); NaN where neither has a stake. */
static void meeting_point(const brink_world *w, const dip_state *st, int a, int b, int mode,
                          double *x)
{
    /* the midpoint (mode 1) needs no capabilities */
    double ca = mode ? 0 : cap_now(w, st, a), cb = mode ? 0 : cap_now(w, st, b);
    for (size_t k = 0; k < st->ni; k++) {
        int ha = stake_in(w, st, a, k), hb = stake_in(w, st, b, k);
        if (ha && hb) {
            double wa = mode ? 1 : ca * salience_now(w, st, a, k);
            double wb = mode ? 1 : cb * salience_now(w, st, b, k);
            x[k] = wa + wb > 0 ? (wa * adv(w, st, a, k) + wb * adv(w, st, b, k)) / (wa + wb)
                               : 0.5 * (adv(w, st, a, k) + adv(w, st, b, k));
        } else {
            x[k] = ha ? adv(w, st, a, k) : hb ? adv(w, st, b, k) : NAN;
        }
    }
}

/* ---- talks utility ---- */

/* The public threats members of unit j hold over unit i, each weighted by d's belief that its
 * author carries out what it threatens (decide.c's resolve_belief, through beliefs.h). */
static double threat_on(const brink_world *w, const dip_state *st, int j, int i, int d)
{
    double t = 0;
    for (size_t x = st->mem_at[j]; x < st->mem_at[j + 1]; x++) {
        int m = st->mem[x];
        if (w->m.threat_kind[m] != 0 && w->m.threat_target[m] >= 0 &&
            st->unit[w->m.threat_target[m]] == i)
            t += brink_beliefs_resolve(w, d, m);
    }
    return t;
}

static const dip_dyad *dyad_of(const dip_state *st, int a, int b)
{
    int lo = a < b ? a : b, hi = a < b ? b : a;
    for (size_t d = 0; d < st->ndyad; d++)
        if (st->dyad[d].a == lo && st->dyad[d].b == hi)
            return &st->dyad[d];
    return NULL;
}

/* Combines the deciders' values u[0..n) of unit i by its rule. */
static double combine(const brink_world *w, const dip_state *st, int i, const double *u)
{
    const brink_actor *ac = &w->sc->actors[i];
    size_t n = st->dec_at[i + 1] - st->dec_at[i];
    if (ac->aggregation == BRINK_AGG_WEIGHTED_MEAN) {
        double num = 0, den = 0;
        for (size_t k = 0; k < n; k++) {
            double wt = influence(w, st, i, st->dec[st->dec_at[i] + k]);
            num += wt * u[k];
            den += wt;
        }
        return den > 0 ? num / den : 0;
    }
    double m = HUGE_VAL; /* one decider, or every veto holder and the proposer must agree */
    for (size_t k = 0; k < n; k++)
        m = brink_fmin(m, u[k]);
    return n ? m : 0;
}

/* talks_value of unit i facing j at each of the levels lv[0..nl) into out[0..nl). */
static void talks_levels(const brink_world *w, const dip_state *st, int i, int j, const int *lv,
                         size_t nl, const double *xstar, int sunk, double *out)
{
    /* the deciders' terms do not depend on the level: computed once for all nl levels */
    int med = -1; /* indirect talks need a mediator: -1 not looked up, 0 none, 1 one */
    double press = pressure_on(w, st, j, i); /* summed once: the stake and the pressure cost */
    double stake = stake_with(w, st, i, j, press);
    double th[BRINK_MAX_ACTORS], gain[BRINK_MAX_ACTORS], rc[BRINK_MAX_ACTORS], ac[BRINK_MAX_ACTORS];
    size_t n = 0;
    for (size_t k = st->dec_at[i]; k < st->dec_at[i + 1]; k++, n++) {
        int d = st->dec[k];
        size_t dj = (size_t)d * w->na + (size_t)j;
        th[n] = brink_beliefs_trust(w, d, j);
        gain[n] = stake - concession(w, st, d, xstar);
        rc[n] = ac[n] = 0;
        if (sunk) /* the costs of talking are not weighed */
            continue;
        double hawk = st->hawk0[d] + brink_domestic_hawk_shift(w, d);
        rc[n] = st->v[P_PRESSURE_COST] * st->resolve0[d] * (press + threat_on(w, st, j, i, d));
        ac[n] = st->v[P_WEAKNESS_COST] * hawk * brink_fmax(0, -w->m.alignment[dj]);
    }
    for (size_t l = 0; l < nl; l++) {
        int level = lv[l];
        if (level == BRINK_TALKS_INDIRECT) {
            if (med < 0) {
                const dip_dyad *dy = dyad_of(st, i, j);
                med = dy && dy->mediator >= 0;
            }
            if (!med) {
                out[l] = -HUGE_VAL;
                continue;
            }
        }
        double eff = level == BRINK_TALKS_INDIRECT ? st->v[P_INDIRECT_EFF] : 1;
        double cost = level == BRINK_TALKS_INDIRECT ? 1 - st->v[P_MEDIATOR_RELIEF] : 1;
        double u[BRINK_MAX_ACTORS];
        for (size_t k = 0; k < n; k++) {
            double ev = eff * th[k] * gain[k];
            u[k] = sunk ? ev : ev - cost * (rc[k] + ac[k]);
        }
        out[l] = combine(w, st, i, u);
    }
}

/* Utility of talks at level for unit i facing j, with the expected point x*; with `sunk` the
 * costs of talking are left out (they were paid when the talks opened: what walking out
 * weighs). */
static double talks_value(const brink_world *w, const dip_state *st, int i, int j, int level,
                          const double *xstar, int sunk)
{
    double v;
    talks_levels(w, st, i, j, &level, 1, xstar, sunk, &v);
    return v;
}

static double talks_utility(const brink_world *w, const dip_state *st, int i, int j, int level,
                            const double *xstar)
{
    return talks_value(w, st, i, j, level, xstar, 0);
}

double brink_diplomacy_talks_utility(const brink_world *w, int i, int j, int level)
{
    const dip_state *st = state_of(w);
    if (!st || i < 0 || j < 0 || (size_t)i >= w->na || (size_t)j >= w->na || i == j)
        return -HUGE_VAL;
    i = st->unit[i];
    j = st->unit[j];
    double x[BRINK_MAX_ISSUES];
    meeting_point(w, st, i, j, 0, x);
    return talks_utility(w, st, i, j, level, x);
}

/* ---- deals ---- */

/* Trust of unit i's deciders in unit j (combined by i's rule), with the mediator's guarantee. */
static double trust_with_guarantee(const brink_world *w, const dip_state *st, int i, int j,
                                   int mediator)
{
    double u[BRINK_MAX_ACTORS];
    size_t n = 0;
    for (size_t k = st->dec_at[i]; k < st->dec_at[i + 1]; k++) {
        int d = st->dec[k];
        double th = brink_beliefs_trust(w, d, j);
        double g = mediator >= 0 ? st->v[P_GUARANTEE] * brink_beliefs_trust(w, d, mediator) : 0;
        u[n++] = th + (1 - th) * g;
    }
    return combine(w, st, i, u);
}

/* The trust threshold of unit i's deciders (the strictest for a veto rule). */
static double threshold_of(const brink_world *w, const dip_state *st, int i)
{
    double u[BRINK_MAX_ACTORS];
    size_t n = 0;
    for (size_t k = st->dec_at[i]; k < st->dec_at[i + 1]; k++)
        u[n++] = -st->thresh[st->dec[k]];
    return -combine(w, st, i, u);
}

/* Whether unit i prefers point x to its outside option against j. */
static int prefers(const brink_world *w, const dip_state *st, int i, int j, const double *x)
{
    double stake = stake_of(w, st, i, j);
    double u[BRINK_MAX_ACTORS];
    size_t n = 0;
    for (size_t k = st->dec_at[i]; k < st->dec_at[i + 1]; k++)
        u[n++] = stake - concession(w, st, st->dec[k], x);
    return combine(w, st, i, u) > 0;
}

static size_t pair(const brink_world *w, int a, int b)
{
    return (size_t)a * w->na + (size_t)b;
}

int brink_diplomacy_deal_in_force(const brink_world *w, int a, int b)
{
    const dip_state *st = state_of(w);
    if (!st || a < 0 || b < 0 || (size_t)a >= w->na || (size_t)b >= w->na)
        return 0;
    a = st->unit[a];
    b = st->unit[b];
    if (a == b)
        return 0;
    const dip_dyad *dy = dyad_of(st, a, b);
    return dy && w->m.deal_step[dy - st->dyad] >= 0;
}

/* The terms of a deal between units a and b of dyad dy with positions within `tol` on every
 * shared issue: one of the BRINK_DEAL_* codes (the talks are checked by the caller). */
static int check_terms(const brink_world *w, const dip_state *st, const dip_dyad *dy, int a, int b,
                       double tol)
{
    for (size_t k = 0; k < st->ni; k++)
        if (stake_in(w, st, a, k) && stake_in(w, st, b, k) &&
            fabs(adv(w, st, a, k) - adv(w, st, b, k)) > tol)
            return BRINK_DEAL_APART;
    double x[BRINK_MAX_ISSUES];
    meeting_point(w, st, a, b, 1, x);
    if (!prefers(w, st, a, b, x) || !prefers(w, st, b, a, x))
        return BRINK_DEAL_OUTSIDE;
    /* the side under more pressure from the other delivers first; on a tie both must trust */
    double pab = pressure_on(w, st, a, b), pba = pressure_on(w, st, b, a);
    for (int side = 0; side < 2; side++) {
        int i = side ? b : a, j = side ? a : b;
        double on_i = side ? pab : pba, on_j = side ? pba : pab;
        if (on_i < on_j)
            continue;
        if (trust_with_guarantee(w, st, i, j, dy->mediator) < threshold_of(w, st, i))
            return BRINK_DEAL_DISTRUST;
    }
    return BRINK_DEAL_OK;
}

/* The dyad of units a and b when they are in talks (NULL otherwise); *kind the deal in force:
 * 0 none, 1 interim, 2 comprehensive. */
static const dip_dyad *talking(const brink_world *w, const dip_state *st, int *a, int *b, int *kind)
{
    if (!st || *a < 0 || *b < 0 || (size_t)*a >= w->na || (size_t)*b >= w->na)
        return NULL;
    *a = st->unit[*a];
    *b = st->unit[*b];
    const dip_dyad *dy = dyad_of(st, *a, *b);
    if (!dy || w->m.talks[pair(w, *a, *b)] == BRINK_TALKS_NONE)
        return NULL;
    size_t d = (size_t)(dy - st->dyad);
    *kind = w->m.deal_step[d] < 0 ? 0 : w->m.deal_interim[d] ? 1 : 2;
    return dy;
}

int brink_diplomacy_deal_check(const brink_world *w, int a, int b)
{
    const dip_state *st = state_of(w);
    int kind = 0;
    const dip_dyad *dy = talking(w, st, &a, &b, &kind);
    if (!dy || kind == 2) /* an interim deal in force leaves the comprehensive one open */
        return BRINK_DEAL_NO_TALKS;
    return check_terms(w, st, dy, a, b, st->v[P_DEAL_TOLERANCE]);
}

int brink_diplomacy_interim_check(const brink_world *w, int a, int b)
{
    const dip_state *st = state_of(w);
    int kind = 0;
    const dip_dyad *dy = talking(w, st, &a, &b, &kind);
    if (!dy || kind != 0 || !(st->v[P_INTERIM_TOLERANCE] > st->v[P_DEAL_TOLERANCE]))
        return BRINK_DEAL_NO_TALKS;
    return check_terms(w, st, dy, a, b, st->v[P_INTERIM_TOLERANCE]);
}

/* ---- events and state changes ---- */

static void set_talks(brink_world *w, const dip_state *st, int a, int b, int level)
{
    for (size_t x = st->mem_at[a]; x < st->mem_at[a + 1]; x++)
        for (size_t y = st->mem_at[b]; y < st->mem_at[b + 1]; y++) {
            w->m.talks[pair(w, st->mem[x], st->mem[y])] = level;
            w->m.talks[pair(w, st->mem[y], st->mem[x])] = level;
        }
}

/* Mean salience of unit i over the issues it has a stake in (weights trust updates). */
static double mean_salience(const brink_world *w, const dip_state *st, int i)
{
    double s = 0;
    size_t n = 0;
    for (size_t k = 0; k < st->ni; k++)
        if (stake_in(w, st, i, k)) {
            s += base_salience(st, w, i, k);
            n++;
        }
    return n ? s / (double)n : 0;
}

static long ev(brink_world *w, brink_event_type t, int actor, int target, long cause, double size)
{
    return brink_world_event(w, t, actor, target, -1, BRINK_MECH_DIPLOMACY, cause, size);
}

/* Talks between the dyad's units end: `leaver` walks out on `other`. */
static void break_talks(brink_world *w, const dip_state *st, const dip_dyad *dy, int leaver,
                        int other, long cause)
{
    ev(w, BRINK_EV_TALKS_BROKEN, leaver, other, cause, w->m.talks[pair(w, dy->a, dy->b)]);
    set_talks(w, st, dy->a, dy->b, BRINK_TALKS_NONE);
    w->m.talks_event[dy - st->dyad] = -1;
    w->m.talks_step[dy - st->dyad] = -1;
}

static void open_talks(brink_world *w, const dip_state *st, const dip_dyad *dy, int proposer,
                       int accepter, int level, long cause)
{
    long e1 = ev(w, BRINK_EV_TALKS_OPENED, accepter, proposer, cause, level);
    long e2 = ev(w, BRINK_EV_TALKS_OPENED, proposer, accepter, e1, level);
    set_talks(w, st, dy->a, dy->b, level);
    w->m.talks_event[dy - st->dyad] = (int)e2;
    w->m.talks_step[dy - st->dyad] = (int)w->step;
    /* the demand of an ultimatum (talks) is met: every public threat outstanding between the two
     * units is withdrawn, at no cost (decide.c's threat state; its clock never sees it lapse) */
    for (int s = 0; s < 2; s++) {
        int u = s ? dy->b : dy->a, o = s ? dy->a : dy->b;
        for (size_t x = st->mem_at[u]; x < st->mem_at[u + 1]; x++) {
            int m = st->mem[x];
            if (w->m.threat_kind[m] != 0 && w->m.threat_target[m] >= 0 &&
                st->unit[w->m.threat_target[m]] == o)
                w->m.threat_kind[m] = 0;
        }
    }
}

/* Side i's proposal to j of one of the levels lv[0..n) with utilities ui (its own) and uj (j's):
 * returns 1 when j accepted (talks opened at the chosen level). */
static int propose(brink_world *w, const dip_state *st, const dip_dyad *dy, int i, int j,
                   const int *lv, const double *ui, const double *uj, size_t n, uint64_t key,
                   int ultimatum)
{
    double h[2];
    double sum = brink_quantal_hazards(ui, n, st->v[P_RATIONALITY], st->v[P_BASE_HAZARD], h);
    brink_rng rng = brink_world_rng(w, BRINK_MECH_DIPLOMACY, key);
    if (brink_rng_uniform01(&rng) >= brink_hazard_prob(sum, w->dt_weeks))
        return 0;
    long k = brink_dist_categorical(&rng, h, n);
    if (k < 0)
        return 0;
    long e = ev(w, BRINK_EV_TALKS_PROPOSED, i, j, w->m.talks_event[dy - st->dyad], lv[k]);
    /* a coercing proposer may set a deadline: a public threat to tighten (decide.c) */
    if (ultimatum && st->can_threaten[i] && w->m.threat_kind[i] == 0 &&
        w->m.enforcement[pair(w, i, j)] > 0 && w->m.enforcement[pair(w, i, j)] < 1 &&
        brink_rng_uniform01(&rng) <
            st->v[P_ULTIMATUM_SHARE] * (st->hawk0[i] + brink_domestic_hawk_shift(w, i))) {
        brink_action act = {BRINK_ACT_THREATEN, j, BRINK_THREAT_TIGHTEN};
        brink_decide_apply(w, i, act, e);
    }
    double p = 1 / (1 + exp(-st->v[P_RATIONALITY] * uj[k]));
    if (!(brink_rng_uniform01(&rng) < p))
        return 0;
    open_talks(w, st, dy, i, j, lv[k], e);
    return 1;
}

/* Signs the deal of dyad dy at the midpoint of the principals' advocated positions: a
 * comprehensive one (interim 0; it supersedes an interim deal in force) or an interim one. */
static void sign_deal(brink_world *w, dip_state *st, const dip_dyad *dy, int interim)
{
    size_t d = (size_t)(dy - st->dyad), ni = st->ni;
    double *x = &w->m.deal_pos[d * ni];
    meeting_point(w, st, dy->a, dy->b, 1, x);
    int superseded = w->m.deal_step[d] >= 0 && w->m.deal_interim[d];
    brink_event_type t = interim ? BRINK_EV_INTERIM_DEAL_SIGNED : BRINK_EV_DEAL_SIGNED;
    long e = ev(w, t, dy->a, dy->b, w->m.talks_event[d], 0);
    ev(w, t, dy->b, dy->a, e, 0);
    w->m.deal_step[d] = (int)w->step;
    w->m.deal_event[d] = (int)e;
    w->m.deal_interim[d] = interim;
    double relief = st->issue_sanctions >= 0 && isfinite(x[st->issue_sanctions])
                        ? clamp(x[st->issue_sanctions] / 100, 0, 1)
                        : 0;
    if (interim) /* limited relief for a freeze (the JPOA's, domain facts A.10) */
        relief *= clamp(st->v[P_INTERIM_RELIEF], 0, 1);
    for (int s = 0; s < 2; s++) { /* relief of the enforcement between the two units */
        int u = s ? dy->b : dy->a, o = s ? dy->a : dy->b;
        double e0 = w->m.enforcement[pair(w, u, o)];
        /* a comprehensive deal after an interim one relieves from the level before the interim */
        double base = superseded ? brink_fmax(e0, w->m.deal_enf0[2 * d + (size_t)s]) : e0;
        double target = brink_fmin(e0, base * (1 - relief));
        w->m.deal_enf0[2 * d + (size_t)s] = e0;
        w->m.deal_enf_target[2 * d + (size_t)s] = target;
        if (e0 - target > 0)
            brink_world_event(w, BRINK_EV_SANCTIONS_EASED, u, o, -1, BRINK_MECH_DIPLOMACY, e,
                              e0 - target);
    }
    if (st->issue_nuclear < 0 || !isfinite(x[st->issue_nuclear]))
        return;
    double xn = clamp(x[st->issue_nuclear] / 100, 0, 1);
    for (int s = 0; s < 2; s++) {
        int u = s ? dy->b : dy->a;
        int p = brink_nuclear_programme_of(w, u);
        if (p < 0 || w->sc->programmes[p].owner < 0 || st->unit[w->sc->programmes[p].owner] != u)
            continue;
        const brink_programme *pr = &w->sc->programmes[p];
        double top = pr->nlevels ? pr->levels[pr->nlevels - 1] : 0, cap = 0;
        for (size_t l = 0; l < pr->nlevels; l++)
            if (pr->levels[l] <= xn * top + 1e-9 || l == 0)
                cap = pr->levels[l];
        double stock = brink_nuclear_stock_total(w, p) * pow(xn, st->v[P_STOCK_CAP_EXP]);
        if (interim) { /* a freeze: no higher level than now, no growth of the stock */
            int lv = w->m.nuc_level[p];
            cap = brink_fmin(cap, lv >= 0 ? pr->levels[lv] : pr->nlevels ? pr->levels[0] : 0);
            stock = brink_nuclear_stock_total(w, p);
        }
        brink_nuclear_set_freeze(w, p, 1, cap, stock, e);
    }
}

/* The programme of unit u that a deal constrains, or -1. */
static int constrained_programme(const brink_world *w, const dip_state *st, int u)
{
    if (st->issue_nuclear < 0)
        return -1;
    int p = brink_nuclear_programme_of(w, u);
    if (p < 0 || w->sc->programmes[p].owner < 0 || st->unit[w->sc->programmes[p].owner] != u)
        return -1;
    return p;
}

/* A deal breached by unit `breacher` (its event already recorded when `recorded`). */
static void end_deal(brink_world *w, const dip_state *st, const dip_dyad *dy, int breacher,
                     long cause, int recorded)
{
    int victim = breacher == dy->a ? dy->b : dy->a;
    size_t ab = pair(w, dy->a, dy->b);
    if (!recorded)
        cause = ev(w, BRINK_EV_DEAL_BREACHED, breacher, victim, cause, 0);
    w->m.deal_step[dy - st->dyad] = -1;
    w->m.deal_interim[dy - st->dyad] = 0;
    /* the victim leaves its own constraints (as Iran did from May 2019, domain facts A.10) */
    int p = constrained_programme(w, st, victim);
    if (p >= 0 && w->m.nuc_frozen[p])
        brink_nuclear_set_freeze(w, p, 0, w->m.nuc_level_cap[p], w->m.nuc_stock_cap[p], cause);
    brink_beliefs_observe(w, breacher, victim, 0,
                          st->v[P_BREACH_WEIGHT] * mean_salience(w, st, victim));
    if (w->m.talks[ab] != BRINK_TALKS_NONE)
        break_talks(w, st, dy, victim, breacher, cause);
}

/* Compliance with the deal in force for dyad dy: applies the relief schedule; returns the
 * breaching unit (-1: none) with *cause and *recorded set. */
static int compliance(brink_world *w, dip_state *st, const dip_dyad *dy, size_t first, long *cause,
                      int *recorded)
{
    size_t d = (size_t)(dy - st->dyad);
    double t = (double)(w->step - w->m.deal_step[d]) * w->dt_weeks, rw = st->v[P_RELIEF_WEEKS];
    double frac = rw > 0 ? brink_fmin(1, t / rw) : 1,
           prev = rw > 0 ? brink_fmin(1, brink_fmax(0, t - w->dt_weeks) / rw) : 1;
    *cause = -1;
    *recorded = 0;
    for (int s = 0; s < 2; s++) { /* a programme no longer frozen: its owner escalated */
        int u = s ? dy->b : dy->a;
        int p = constrained_programme(w, st, u);
        if (p < 0 || w->m.nuc_frozen[p])
            continue;
        for (size_t e = first; e < w->nevents; e++)
            if (w->events[e].type == BRINK_EV_DEAL_BREACHED &&
                w->events[e].mech == BRINK_MECH_NUCLEAR) {
                *cause = (long)e;
                *recorded = 1;
            }
        return u;
    }
    for (int s = 0; s < 2; s++) {
        int u = s ? dy->b : dy->a, o = s ? dy->a : dy->b;
        size_t k = pair(w, u, o);
        double e0 = w->m.deal_enf0[2 * d + (size_t)s], tg = w->m.deal_enf_target[2 * d + (size_t)s];
        double was = e0 + (tg - e0) * prev, now = e0 + (tg - e0) * frac;
        if (w->m.enforcement[k] > was + 1e-6) { /* sanctions re-imposed */
            for (size_t e = first; e < w->nevents; e++)
                if (w->events[e].type == BRINK_EV_SANCTIONS_TIGHTENED && w->events[e].actor == u &&
                    w->events[e].target == o)
                    *cause = (long)e;
            return u;
        }
        if (w->m.enforcement[k] > now) {
            brink_economy_set_enforcement(w, u, o, now);
            if (st->live == w) /* pressures and leverage moved: the live values follow */
                refresh(w, st);
        }
    }
    return -1;
}

/* ---- bargaining ---- */

/* One round of the scenario's model among the negotiators: w->m.dip_forecast[k] (NaN when the issue
 * has fewer than two stakeholders or the model fails). */
static void model_round(brink_world *w, dip_state *st)
{
    size_t ni = st->ni, na = w->na;
    for (size_t k = 0; k < ni; k++)
        w->m.dip_forecast[k] = NAN;
    if (st->model == 1) { /* the spatial model on every issue at once */
        size_t n = 0;
        for (size_t a = 0; a < na; a++) {
            if (!st->seat[a] || !(st->cap[a] > 0))
                continue;
            double tot = 0;
            for (size_t k = 0; k < ni; k++)
                tot += st->sal[a * ni + k];
            if (!(tot > 0))
                continue;
            for (size_t k = 0; k < ni; k++) {
                double s = st->sal[a * ni + k];
                st->wpos[n * ni + k] = s > 0 ? clamp(adv(w, st, (int)a, k), 0, 100) : 50;
                /* percent of attention; shaved so rounding never lifts the sum above 100 */
                st->wsal[n * ni + k] = 100 * (s / tot) * (1 - 1e-12);
            }
            st->wcap[n] = st->cap[a];
            st->names[n] = w->sc->actors[a].id;
            n++;
        }
        if (n < 2)
            return;
        brink_smp_scenario sc = {.n_actors = n,
                                 .n_dims = ni,
                                 .actor_names = st->names,
                                 .capability = st->wcap,
                                 .position = st->wpos,
                                 .salience = st->wsal};
        brink_smp_options opt;
        brink_smp_options_default(&opt);
        opt.min_turns = 1;
        opt.max_turns = 1;
        brink_smp_result *res = NULL;
        if (brink_smp_run(&sc, &opt, NULL, &res, NULL) != BRINK_OK)
            return;
        size_t best = 0;
        for (size_t c = 1; c < res->n_final_positions; c++)
            if (res->final_position_prob[c] > res->final_position_prob[best])
                best = c;
        size_t who = res->final_position_actor[best];
        for (size_t k = 0; k < ni; k++)
            w->m.dip_forecast[k] = brink_smp_result_position(res, res->turns, who, k);
        brink_smp_result_free(res);
        return;
    }
    for (size_t k = 0; k < ni; k++) {
        size_t n = 0;
        for (size_t a = 0; a < na; a++) {
            double s = st->sal[a * ni + k];
            if (!st->seat[a] || !(s > 0) || !(st->cap[a] > 0))
                continue;
            st->wpos[n] = clamp(adv(w, st, (int)a, k), 0, 100);
            st->wcap[n] = st->cap[a];
            st->wsal[n] = s;
            st->eu[n] = (brink_eu_actor){w->sc->actors[a].id, st->cap[a], st->wpos[n], s};
            n++;
        }
        if (n < 2)
            continue;
        double f = NAN;
        int rc = BRINK_EINVAL;
        if (st->model == 0) {
            const brink_eu_result *res = NULL; /* lives in st->euw */
            rc = brink_eu_run_ws(st->euw, st->eu, n, &st->euopt, 0, &res, NULL);
            if (rc == BRINK_OK)
                f = res->median[res->rounds];
        } else if (st->model == 2) {
            rc = brink_baseline_weighted_mean(st->wpos, st->wcap, st->wsal, n, &f, NULL);
        } else if (st->model == 3) {
            rc = brink_baseline_weighted_median(st->wpos, st->wcap, st->wsal, n, &f, NULL);
        } else {
            rc = brink_baseline_nash(st->wpos, st->wcap, st->wsal, n, 100, &f, NULL);
        }
        if (rc == BRINK_OK)
            w->m.dip_forecast[k] = f;
    }
}

/* Moves unit u's advocated positions toward the forecast by the damped step of level L. */
static void concede(brink_world *w, const dip_state *st, int u, int level)
{
    double eff = level == BRINK_TALKS_INDIRECT ? st->v[P_INDIRECT_EFF] : 1;
    double rate = eff * (1 - st->conc_keep);
    for (size_t k = 0; k < st->ni; k++) {
        double f = w->m.dip_forecast[k];
        if (!isfinite(f) || !stake_in(w, st, u, k))
            continue;
        double *x = &w->m.adv_pos[(size_t)u * st->ni + k];
        *x += rate * (f - *x);
        double lo, hi;
        if (st->live == w) {
            lo = st->lvlo[(size_t)u * st->ni + k];
            hi = st->lvhi[(size_t)u * st->ni + k];
        } else {
            brink_diplomacy_veto_interval(w, u, (int)k, &lo, &hi);
        }
        *x = clamp(*x, lo, hi);
    }
}

/* ---- the step ---- */

static int is_strike(brink_event_type t)
{
    return t == BRINK_EV_STRIKE_MILITARY || t == BRINK_EV_STRIKE_NUCLEAR ||
           t == BRINK_EV_STRIKE_ENERGY || t == BRINK_EV_SABOTAGE || t == BRINK_EV_ATTACK_US_FORCES;
}

/* The latest strike in events [first, nevents) between the dyad's units; *striker its unit. */
static long strike_between(const brink_world *w, const dip_state *st, const dip_dyad *dy,
                           size_t first, int *striker)
{
    long found = -1;
    for (size_t e = first; e < w->nevents; e++) {
        const brink_event *x = &w->events[e];
        if (!is_strike(x->type) || x->actor < 0 || x->target < 0)
            continue;
        int ua = st->unit[x->actor], ut = st->unit[x->target];
        if ((ua == dy->a && ut == dy->b) || (ua == dy->b && ut == dy->a)) {
            found = (long)e;
            *striker = ua;
        }
    }
    return found;
}

static void dyad_step(brink_world *w, dip_state *st, size_t d, size_t first)
{
    const dip_dyad *dy = &st->dyad[d];
    int a = dy->a, b = dy->b;
    size_t ab = pair(w, a, b);
    uint64_t key = (uint64_t)d * 8;
    int level = w->m.talks[ab];
    int striker = -1;
    long strike = strike_between(w, st, dy, first, &striker);
    if (w->m.deal_step[d] >= 0) {
        long cause = -1;
        int recorded = 0, breacher = strike >= 0 ? striker : -1;
        if (breacher >= 0)
            cause = strike;
        else
            breacher = compliance(w, st, dy, first, &cause, &recorded);
        if (breacher >= 0) {
            end_deal(w, st, dy, breacher, cause, recorded);
            return;
        }
        /* interim steps kept: every phase_weeks of compliance */
        double ph = st->v[P_PHASE_WEEKS];
        double t = (double)(w->step - w->m.deal_step[d]) * w->dt_weeks;
        if (ph > 0 && t > 0 && floor(t / ph) > floor((t - w->dt_weeks) / ph))
            for (int s = 0; s < 2; s++) {
                int u = s ? b : a, o = s ? a : b;
                brink_beliefs_observe(w, u, o, 1,
                                      st->v[P_INTERIM_WEIGHT] * mean_salience(w, st, o));
            }
        if (!w->m.deal_interim[d]) {
            st->at_table[a] = st->at_table[b] = 1; /* positions held at the deal */
            return;
        }
        /* under an interim deal the talks on the comprehensive one go on */
    }
    if (level != BRINK_TALKS_NONE && strike >= 0) {
        brink_rng rng = brink_world_rng(w, BRINK_MECH_DIPLOMACY, key + 1);
        if (brink_rng_uniform01(&rng) < st->v[P_STRIKE_BREAKDOWN]) {
            int victim = striker == a ? b : a;
            brink_beliefs_observe(w, striker, victim, 0,
                                  st->v[P_WALKOUT_WEIGHT] * mean_salience(w, st, victim));
            break_talks(w, st, dy, victim, striker, strike);
            return;
        }
    }
    double xs[BRINK_MAX_ISSUES];
    meeting_point(w, st, a, b, 0, xs);
    if (level == BRINK_TALKS_NONE) {
        int lv[2];
        double u[2][2];
        size_t n = 0;
        if (dy->mediator >= 0)
            lv[n++] = BRINK_TALKS_INDIRECT;
        lv[n++] = BRINK_TALKS_DIRECT;
        talks_levels(w, st, a, b, lv, n, xs, 0, u[0]);
        talks_levels(w, st, b, a, lv, n, xs, 0, u[1]);
        if (!propose(w, st, dy, a, b, lv, u[0], u[1], n, key + 2, 1))
            propose(w, st, dy, b, a, lv, u[1], u[0], n, key + 3, 1);
        return;
    }
    st->at_table[a] = st->at_table[b] = 1;
    /* walk-outs; not under an interim deal, which commits both sides to negotiate the
     * comprehensive one (the JPOA did, domain facts A.10): only its breach ends those talks */
    for (int s = 0; s < 2 && !(w->m.deal_step[d] >= 0 && w->m.deal_interim[d]); s++) {
        int i = s ? b : a, j = s ? a : b;
        double uw = -talks_value(w, st, i, j, level, xs, 1) - st->v[P_WALKOUT_COST], h;
        double sum = brink_quantal_hazards(&uw, 1, st->v[P_RATIONALITY], st->v[P_BASE_HAZARD], &h);
        brink_rng rng = brink_world_rng(w, BRINK_MECH_DIPLOMACY, key + 4 + (uint64_t)s);
        if (brink_rng_uniform01(&rng) < brink_hazard_prob(sum, w->dt_weeks)) {
            brink_beliefs_observe(w, i, j, 0, st->v[P_WALKOUT_WEIGHT] * mean_salience(w, st, j));
            break_talks(w, st, dy, i, j, w->m.talks_event[d]);
            return;
        }
    }
    /* upgrade indirect talks to direct ones */
    if (level == BRINK_TALKS_INDIRECT) {
        int lv[1] = {BRINK_TALKS_DIRECT};
        static const int lv21[2] = {BRINK_TALKS_DIRECT, BRINK_TALKS_INDIRECT};
        double ta[2], tb[2];
        talks_levels(w, st, a, b, lv21, 2, xs, 0, ta);
        talks_levels(w, st, b, a, lv21, 2, xs, 0, tb);
        double ua = ta[0] - ta[1];
        double ub = tb[0] - tb[1];
        if (propose(w, st, dy, a, b, lv, &ua, &ub, 1, key + 6, 0) ||
            propose(w, st, dy, b, a, lv, &ub, &ua, 1, key + 7, 0))
            level = BRINK_TALKS_DIRECT;
    }
    /* one round of bargaining (once per step, from the positions at the start of the step, for
     * every table: the stakeholders are the same), then a deal if its conditions hold */
    if (!st->have_forecast) {
        long last = w->m.dip_round[0];
        if (last < 0 || (double)(w->step - last) * w->dt_weeks >= st->v[P_ROUND_WEEKS] - 1e-9) {
            model_round(w, st);
            w->m.dip_round[0] = (int)w->step;
        }
        st->have_forecast = 1;
    }
    concede(w, st, a, level);
    concede(w, st, b, level);
    if (brink_diplomacy_deal_check(w, a, b) == BRINK_DEAL_OK)
        sign_deal(w, st, dy, 0);
    else if (brink_diplomacy_interim_check(w, a, b) == BRINK_DEAL_OK)
        sign_deal(w, st, dy, 1);
}

/* Per-step capabilities and saliences of the negotiators. */
static void table_inputs(const brink_world *w, dip_state *st)
{
    st->forecast_step = -1;
    for (size_t u = 0; u < w->na; u++)
        st->lat[u] = st->unit[u] == (int)u ? latency_now(w, st, (int)u) : 0;
    st->forecast_step = (int)w->step; /* latency cache valid; the forecast is computed lazily */
    st->have_forecast = 0;
    refresh(w, st);
    for (size_t a = 0; a < w->na; a++) {
        st->at_table[a] = 0;
        if (!st->seat[a])
            continue;
        st->cap[a] = st->lcap[a];
        for (size_t k = 0; k < st->ni; k++)
            st->sal[a * st->ni + k] = st->lsal[a * st->ni + k];
    }
}

static void dip_step(brink_world *w)
{
    dip_state *st = state_of(w);
    if (!st || w->projecting)
        return;
    /* the events of this step so far (diplomacy steps every step and records its own events
     * after this point; nothing after it in the schedule records events) */
    size_t first = w->nevents;
    while (first > 0 && w->events[first - 1].step == w->step)
        first--;
    table_inputs(w, st);
    for (size_t d = 0; d < st->ndyad; d++)
        dyad_step(w, st, d, first);
    /* away from every table, advocated positions relax toward the ideals */
    for (size_t a = 0; a < w->na; a++) {
        if (st->at_table[a])
            continue;
        for (size_t k = 0; k < st->ni; k++) {
            double id = ideal_now(w, st, (int)a, k);
            double *x = &w->m.adv_pos[a * st->ni + k];
            if (isfinite(id))
                *x = id + (*x - id) * st->keep[a];
        }
    }
    st->live = NULL;
}

/* ---- life cycle ---- */

static int dip_init(brink_world *w, brink_error *err)
{
    const brink_scenario *sc = w->sc;
    size_t na = w->na, ni = sc->nissues;
    brink_arena *ar = &w->arena;
    dip_state *st = brink_arena_alloc(ar, sizeof *st);
    if (!st)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    memset(st, 0, sizeof *st);
    st->ni = ni;
    size_t nin = na * (ni ? ni : 1);
    st->unit = brink_arena_array(ar, na, sizeof *st->unit);
    st->seat = brink_arena_array(ar, na, sizeof *st->seat);
    st->mem = brink_arena_array(ar, na, sizeof *st->mem);
    st->mem_at = brink_arena_array(ar, na + 1, sizeof *st->mem_at);
    st->dec = brink_arena_array(ar, na, sizeof *st->dec);
    st->dec_at = brink_arena_array(ar, na + 1, sizeof *st->dec_at);
    st->can_threaten = brink_arena_array(ar, na, sizeof *st->can_threaten);
    st->dyad = brink_arena_array(ar, na * na, sizeof *st->dyad);
    st->x0 = brink_arena_array(ar, nin, sizeof *st->x0);
    st->s0 = brink_arena_array(ar, nin, sizeof *st->s0);
    st->base_cap = brink_arena_array(ar, na, sizeof *st->base_cap);
    st->hawk0 = brink_arena_array(ar, na, sizeof *st->hawk0);
    st->resolve0 = brink_arena_array(ar, na, sizeof *st->resolve0);
    st->r0 = brink_arena_array(ar, na, sizeof *st->r0);
    st->thresh = brink_arena_array(ar, na, sizeof *st->thresh);
    st->keep = brink_arena_array(ar, na, sizeof *st->keep);
    st->hint = brink_arena_array(ar, na, sizeof *st->hint);
    st->fear = brink_arena_array(ar, na * na, sizeof *st->fear);
    st->lat = brink_arena_array(ar, na, sizeof *st->lat);
    st->cap = brink_arena_array(ar, na, sizeof *st->cap);
    st->sal = brink_arena_array(ar, nin, sizeof *st->sal);
    st->at_table = brink_arena_array(ar, na, sizeof *st->at_table);
    st->eu = brink_arena_array(ar, na, sizeof *st->eu);
    st->wpos = brink_arena_array(ar, nin, sizeof *st->wpos);
    st->wcap = brink_arena_array(ar, na, sizeof *st->wcap);
    st->wsal = brink_arena_array(ar, nin, sizeof *st->wsal);
    st->names = brink_arena_array(ar, na, sizeof *st->names);
    st->bsal = brink_arena_array(ar, nin, sizeof *st->bsal);
    st->stk = brink_arena_array(ar, nin, sizeof *st->stk);
    st->lcap = brink_arena_array(ar, na, sizeof *st->lcap);
    st->lsal = brink_arena_array(ar, nin, sizeof *st->lsal);
    st->lideal = brink_arena_array(ar, nin, sizeof *st->lideal);
    st->lvlo = brink_arena_array(ar, nin, sizeof *st->lvlo);
    st->lvhi = brink_arena_array(ar, nin, sizeof *st->lvhi);
    st->lpres = brink_arena_array(ar, na, sizeof *st->lpres);
    st->lnuc = brink_arena_array(ar, na, sizeof *st->lnuc);
    st->need_pres = brink_arena_array(ar, na, sizeof *st->need_pres);
    st->feared = brink_arena_array(ar, na * na, sizeof *st->feared);
    st->feared_at = brink_arena_array(ar, na + 1, sizeof *st->feared_at);
    if (!st->unit || !st->seat || !st->mem || !st->mem_at || !st->dec || !st->dec_at ||
        !st->can_threaten || !st->dyad || !st->x0 || !st->s0 || !st->base_cap || !st->hawk0 ||
        !st->resolve0 || !st->r0 || !st->thresh || !st->keep || !st->hint || !st->cap ||
        !st->fear || !st->lat || !st->sal || !st->at_table || !st->eu || !st->wpos || !st->wcap ||
        !st->wsal || !st->names || !st->bsal || !st->stk || !st->lcap || !st->lsal || !st->lideal ||
        !st->lvlo || !st->lvhi || !st->lpres || !st->lnuc || !st->need_pres || !st->feared ||
        !st->feared_at)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t p = 0; p < P_COUNT; p++)
        if (!dip_params[p] || (st->pid[p] = brink_param_find(dip_params[p])) < 0)
            return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                                   "parameter %s is missing from the registry",
                                   dip_params[p] ? dip_params[p] : "(unnamed)");
    static const char *const models[] = {"eu", "smp", "mean", "median", "nash"};
    st->model = 0;
    for (int m = 0; m < 5; m++)
        if (sc->negotiation_model && strcmp(sc->negotiation_model, models[m]) == 0)
            st->model = m;
    st->euopt = brink_eu_options_scholz_code(); /* one round on the 0-100 scale */
    st->euopt.max_rounds = 1;
    st->euopt.range = BRINK_EU_RANGE_SCALE;
    st->euopt.scale_range = 100;
    st->euopt.detect_cycles = 0;
    if (st->model == 0 && na >= 2) { /* the model's rounds allocate nothing (brink_eu_run_ws) */
        size_t bytes = brink_eu_workspace_size(na, 1);
        void *mem = bytes ? brink_arena_alloc(ar, bytes) : NULL;
        st->euw = mem ? brink_eu_workspace_init(mem, bytes, na, 1) : NULL;
        if (!st->euw)
            return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    }
    st->issue_sanctions = st->issue_nuclear = -1;
    for (size_t i = 0; i < sc->nissues; i++) {
        if (sc->issues[i].executes == BRINK_ISSUE_SANCTIONS_RELIEF)
            st->issue_sanctions = (int)i;
        if (sc->issues[i].executes == BRINK_ISSUE_NUCLEAR_CONSTRAINTS)
            st->issue_nuclear = (int)i;
    }
    /* units, their members and deciders */
    size_t k = 0, kd = 0;
    for (size_t a = 0; a < na; a++)
        st->unit[a] = unit_of(sc, (int)a);
    for (size_t u = 0; u < na; u++) {
        st->mem_at[u] = k;
        st->dec_at[u] = kd;
        for (size_t a = 0; a < na; a++)
            if (st->unit[a] == (int)u)
                st->mem[k++] = (int)a;
        const brink_actor *ac = &sc->actors[u];
        if (st->unit[u] != (int)u)
            continue;
        if (ac->aggregation == BRINK_AGG_VETO) {
            for (size_t v = 0; v < ac->nveto; v++)
                st->dec[kd++] = ac->veto[v];
            int dup = 0;
            for (size_t v = 0; v < ac->nveto; v++)
                dup |= ac->veto[v] == ac->proposer;
            if (!dup && ac->proposer >= 0)
                st->dec[kd++] = ac->proposer;
        } else if (ac->aggregation == BRINK_AGG_WEIGHTED_MEAN) {
            for (size_t a = 0; a < na; a++)
                if (sc->actors[a].parent == (int)u)
                    st->dec[kd++] = (int)a;
        } else {
            st->dec[kd++] = (int)u;
        }
    }
    st->mem_at[na] = k;
    st->dec_at[na] = kd;
    for (size_t a = 0; a < na; a++) {
        unsigned dm = sc->actors[a].domains;
        st->can_threaten[a] = (dm & BRINK_DOMAIN_DIPLOMATIC) && (dm & BRINK_DOMAIN_ECONOMIC);
        int stake = 0;
        for (size_t i = 0; i < ni; i++) {
            stake |= sc->actors[a].position[i].present;
            for (size_t f = 0; f < na; f++)
                stake |= sc->actors[f].parent == (int)a && sc->actors[f].position[i].present;
        }
        st->seat[a] = stake && sc->actors[a].kind != BRINK_ACTOR_FACTION;
    }
    /* the pressures refresh reads: on veto states and on the units of negotiators */
    for (size_t a = 0; a < na; a++)
        st->need_pres[a] = sc->actors[a].aggregation == BRINK_AGG_VETO;
    for (size_t a = 0; a < na; a++)
        if (st->seat[a])
            st->need_pres[st->unit[a]] = 1;
    for (size_t x = 0; x < na; x++) /* fears between units */
        for (size_t y = 0; y < na; y++)
            if (x != y && sc->relations[x * na + y].fears)
                st->fear[(size_t)st->unit[x] * na + (size_t)st->unit[y]] = 1;
    k = 0;
    for (size_t u = 0; u < na; u++) { /* salience_calc's loop, over the units u fears only */
        st->feared_at[u] = k;
        for (size_t j = 0; j < na; j++)
            if (st->unit[u] == (int)u && st->unit[j] == (int)j && j != u && st->fear[u * na + j])
                st->feared[k++] = (int)j;
    }
    st->feared_at[na] = k;
    st->forecast_step = -1;
    /* negotiating dyads from the principal relations */
    for (size_t x = 0; x < na; x++)
        for (size_t y = 0; y < na; y++) {
            const brink_relation *r = &sc->relations[x * na + y];
            if (x == y || !r->principal)
                continue;
            int a = st->unit[x], b = st->unit[y];
            if (a == b || sc->actors[a].kind == BRINK_ACTOR_MEDIATOR ||
                sc->actors[b].kind == BRINK_ACTOR_MEDIATOR)
                continue;
            if (a > b) {
                int t = a;
                a = b;
                b = t;
            }
            if (dyad_of(st, a, b))
                continue;
            dip_dyad *dy = &st->dyad[st->ndyad++];
            dy->a = a;
            dy->b = b;
            dy->mediator = -1; /* chosen at reset, from the run's alignments */
        }
    w->mstate[BRINK_MECH_DIPLOMACY] = st;
    return BRINK_OK;
}

/* The dyads' mediators from this run's alignments (the scenario's `mediator` when named). */
static void choose_mediators(const brink_world *w, dip_state *st)
{
    const brink_scenario *sc = w->sc;
    size_t na = w->na;
    for (size_t d = 0; d < st->ndyad; d++) {
        dip_dyad *dy = &st->dyad[d];
        int named = sc->relations[pair(w, dy->a, dy->b)].mediator;
        if (named < 0)
            named = sc->relations[pair(w, dy->b, dy->a)].mediator;
        dy->mediator = named;
        double best = -1;
        for (size_t m = 0; named < 0 && m < na; m++) {
            if (sc->actors[m].kind != BRINK_ACTOR_MEDIATOR)
                continue;
            double al = brink_fmin(w->m.alignment[pair(w, (int)m, dy->a)],
                                   w->m.alignment[pair(w, (int)m, dy->b)]);
            if (al > 0 && al > best) {
                best = al;
                dy->mediator = (int)m;
            }
        }
    }
}

static void dip_reset(brink_world *w)
{
    dip_state *st = state_of(w);
    size_t na = w->na, ni = w->sc->nissues;
    const brink_scenario *sc = w->sc;
    if (!st || w->scratch) /* a scratch world's mstate belongs to the world it projects */
        return;
    for (size_t p = 0; p < P_COUNT; p++)
        st->v[p] = brink_world_param(w, st->pid[p], -1, -1, -1);
    st->euopt.fast_math = st->v[P_EU_FAST_MATH] != 0; /* exact or fast EU rounds (eu.h) */
    for (size_t a = 0; a < na; a++) {
        const brink_actor *ac = &sc->actors[a];
        for (size_t k = 0; k < ni; k++) {
            st->x0[a * ni + k] =
                ac->position[k].present ? brink_world_value(w, &ac->position[k]) : NAN;
            st->s0[a * ni + k] =
                ac->position[k].present
                    ? (ac->salience[k].present ? clamp(brink_world_value(w, &ac->salience[k]), 0, 1)
                                               : 0.5)
                    : 0;
        }
        st->base_cap[a] = brink_fmax(0, brink_world_value(w, &ac->capability[BRINK_CAP_MILITARY])) +
                          brink_fmax(0, brink_world_value(w, &ac->capability[BRINK_CAP_ECONOMIC]));
        st->hawk0[a] = brink_world_value(w, &ac->disposition[BRINK_DISP_HAWKISHNESS]);
        st->resolve0[a] = brink_world_value(w, &ac->disposition[BRINK_DISP_RESOLVE]);
        st->r0[a] = brink_world_value(w, &ac->internal[BRINK_INT_REVENUE_USD_BN]);
        st->thresh[a] = brink_world_param(w, st->pid[P_TRUST_THRESHOLD], (int)a, -1, -1);
        st->keep[a] = brink_halflife_keep(
            brink_world_param(w, st->pid[P_POSITION_HL], (int)a, -1, -1), w->dt_weeks);
        st->hint[a] = ac->internal[BRINK_INT_HARDLINER_SHARE].present
                          ? brink_world_value(w, &ac->internal[BRINK_INT_HARDLINER_SHARE])
                          : NAN;
    }
    st->live = NULL;
    /* run constants derived from the drawn positions and saliences */
    for (size_t a = 0; a < na; a++)
        for (size_t k = 0; k < ni; k++)
            st->stk[a * ni + k] = (unsigned char)stake_in_calc(w, st, (int)a, k);
    for (size_t a = 0; a < na; a++)
        for (size_t k = 0; k < ni; k++)
            st->bsal[a * ni + k] = base_salience_calc(st, w, (int)a, k);
    st->conc_keep = pow(1 - clamp(st->v[P_CONCESSION], 0, 1), w->dt_weeks);
    choose_mediators(w, st);
    for (size_t d = 0; d < st->ndyad; d++) {
        /* the units' own status holds for all their members (factions and the state) */
        set_talks(w, st, st->dyad[d].a, st->dyad[d].b,
                  w->m.talks[pair(w, st->dyad[d].a, st->dyad[d].b)]);
        w->m.deal_step[d] = -1;
        w->m.deal_event[d] = -1;
        w->m.deal_interim[d] = 0;
        w->m.talks_event[d] = -1;
        w->m.talks_step[d] =
            w->m.talks[pair(w, st->dyad[d].a, st->dyad[d].b)] != BRINK_TALKS_NONE ? 0 : -1;
    }
    /* advocated positions start at the ideals */
    for (size_t a = 0; a < na; a++)
        for (size_t k = 0; k < ni; k++) {
            double id = brink_diplomacy_ideal(w, (int)a, (int)k);
            w->m.adv_pos[a * ni + k] = isfinite(id) ? id : NAN;
        }
    st->forecast_step = -1;
    w->m.dip_round[0] = -1;
}

const brink_mechanism brink_mech_diplomacy = {
    .id = BRINK_MECH_DIPLOMACY,
    .init = dip_init,
    .reset = dip_reset,
    .step = dip_step,
    .projects = 0,
};
