/* SPDX-License-Identifier: MIT */
/*
 * nuclear.c — nuclear programmes: step 6 of the schedule (MODEL.md sections 2 and 3, "Nuclear
 * leverage"). Generic: a programme is a scenario entity with an owner, enrichment levels, stocks
 * and rates by level, a separative capacity and optionally an agreement's caps; nothing here
 * knows a country. Equations (docs/ODD.md, "Submodels -> Nuclear programme", lists every
 * parameter with unit and basis):
 *
 *  1. Stock. While enrichment runs, the stock at each level l up to the current maximum level
 *     grows by r_l k I dt (r_l the scenario's rate in kg/month converted to weeks, k the
 *     installed capacity as a multiple of the scenario's, I the facilities' integrity). A level
 *     the scenario gives no rate for (e.g. 90 %) produces only as the maximum level: it takes
 *     over the cascades of the highest level below it that produces, at that level's rate
 *     scaled by the mass balance (x_below - x_t) / (x_l - x_t), and that level stops (Iran
 *     moved its LEU cascades from 3.67 % to 4.5 % in 2019). While the programme is frozen
 *     under an agreement, levels
 *     above the level cap are not produced and stock above the stock cap (total kg U) is
 *     down-blended or shipped out with half-life nuclear.downblend_halflife_weeks, from the
 *     highest level down.
 *  2. Integrity rebuilds toward 1 with half-life nuclear.rebuild_halflife_weeks (a strike lowers
 *     it: brink_nuclear_strike).
 *  3. Breakout time (SWU style): the separative work S to make one significant quantity of
 *     weapon-grade uranium (P = nuclear.sq_heu_u235_kg / x_w kg at x_w =
 *     nuclear.weapon_grade_pct) from the existing stocks, highest level first, and the rest from
 *     natural uranium, with tails at nuclear.tails_pct; for each feed
 *     S = P V(x_w) + T V(x_t) - F V(x_f), F = P (x_w - x_t) / (x_f - x_t), T = F - P, with the
 *     value function V(x) = (1 - 2x) ln((1 - x) / x) (Cohen 1951; the standard separative-work
 *     formula). Breakout = nuclear.breakout_setup_weeks + S / (C k I / 52.18), C the scenario's
 *     capacity_swu_per_year; 0 once a significant quantity of weapon grade exists;
 *     nuclear.breakout_max_weeks without working capacity.
 *  4. Latency (what those who fear the programme read): L = Q + a_l x_max / x_w + a_90 [x_max >=
 *     x_w] + a_i (1 - IAEA access) + a_n [outside the NPT], Q the weapon-quantities of stock:
 *     sum_l stock_l x_l / SQ(x_l), SQ = nuclear.sq_heu_u235_kg of U-235 for HEU (x >=
 *     nuclear.heu_threshold_pct) and nuclear.sq_leu_u235_kg below (IAEA Safeguards Glossary
 *     2001, table II). The world gets used to a latency: the reference latency L_ref follows
 *     the steady growth of the stock at once, closes the gap a jump (a decision) leaves with
 *     half-life nuclear.fear_adapt_halflife_weeks, and falls at once with a fall of latency
 *     (a strike, a freeze), so that rebuilding counts as change.
 *  5. Perceived strike hazard (the owner's view; conflict.c carries out strikes): for each actor
 *     f that `fears` the owner (or its state), h_f = h_max sigma(b_0 + b_d (L - L_ref) + b_l L +
 *     b_h hostility_f + b_c military capability_f), sigma the logistic. It rises with the CHANGE
 *     of latency the fearer has not got used to (Powell 2006: a large expected shift of power
 *     makes bargaining fail), so a jump is far riskier than the same latency reached in steps.
 *  6. Decisions of the owner (the owner, or the faction of its state with the nuclear domain),
 *     outside projections: options are raising the maximum level to any higher level (event
 *     enrichment_expanded, or enrichment_90 at weapon grade), expanding capacity by
 *     nuclear.expand_step (enrichment_expanded), cutting or restoring IAEA access by
 *     nuclear.iaea_step (iaea_access_cut / restored) and leaving the NPT (npt_withdrawal). Each
 *     option's utility relative to holding, in utility/yr:
 *       U = s M (L_k - L_0) - 52.18 (H_k (c_s + c_l L_k) - H_0 (c_s + c_l L_0))
 *           - c_cap (n_k - n_0) - c_npt [exit]
 *     with L evaluated at the decision horizon (stocks grown at each option's rates) and H the
 *     perceived strike hazard at that latency with the gap L - L_ref plus the option's
 *     immediate jump of latency, a strike costing the owner c_s plus c_l per unit of the
 *     latency it stands to lose (so that when the hazard saturates a bigger jump still costs
 *     more),
 *     M = m_0 + m_h hardship + m_g G the motivation (the hardship of the owner's state, which
 *     the economy raises under sanctions; G its grievance), n the number of an agreement's
 *     caps exceeded.
 *     Hazards follow the quantal-response rule (brink_quantal_hazards) with the owner's
 *     decide.rationality and decide.base_hazard_per_week. An escalation while frozen under an
 *     agreement is a breach: the freeze lifts and deal_breached is recorded first.
 *  7. Grievance G: hostile acts against the owner's family (sanctions tightened, by size; deal
 *     breached; snapback and restored UN sanctions; sabotage, strikes, killed leaders, and the
 *     scenario's dated strikes no mechanism recorded) add nuclear.grievance_* to it; it decays
 *     with nuclear.grievance_halflife_weeks; an agreement `breached` at the start starts it at
 *     nuclear.grievance_breach. Events the owner's decisions record name the latest such act as
 *     their cause.
 *
 * Randomness: decisions draw from brink_world_rng(w, BRINK_MECH_NUCLEAR, programme); a strike's
 * effect on the stock from brink_world_rng(w, BRINK_MECH_NUCLEAR, key of the programme and the
 * event count). In projections (w->projecting) the stock, integrity, reference latency and
 * grievance decay run, with no decisions, no draws and no events. The constants of a run are
 * cached at reset in the mechanism's private state (as economy.c does), with latency's per-level
 * factors, and init lists who fears each programme; both for speed only (the same arithmetic in
 * the same order, so results are the same to the bit), as are the inline fmax/fmin of
 * core/fminmax.h.
 */
#include "world/nuclear.h"

#include "world/decide.h"

#include "core/fminmax.h"

#include <math.h>
#include <string.h>

#define WEEKS_PER_YEAR (365.25 / 7.0)
#define WEEKS_PER_MONTH (WEEKS_PER_YEAR / 12.0)
/* U-235 in natural uranium, % by mass (0.711 %; 0.720 % by atoms): a physical constant. */
#define NATURAL_PCT 0.711
#define MAX_OPTIONS (BRINK_MAX_LEVELS + 4)

enum {
    P_BREAKOUT_MAX,
    P_BREAKOUT_SETUP,
    P_CAP_COST,
    P_CAPACITY_MAX,
    P_DOWNBLEND_HL,
    P_EXPAND_STEP,
    P_FEAR_ADAPT_HL,
    P_FEAR_CAPABILITY,
    P_FEAR_CHANGE,
    P_FEAR_HOSTILITY,
    P_FEAR_INTERCEPT,
    P_FEAR_LEVEL,
    P_FEAR_MAX,
    P_GRIEV_ATTACK,
    P_GRIEV_BREACH,
    P_GRIEV_ENF,
    P_GRIEV_HL,
    P_HEU_PCT,
    P_IAEA_STEP,
    P_LAT_90,
    P_LAT_IAEA,
    P_LAT_LEVEL,
    P_LAT_NPT,
    P_MOT_BASE,
    P_MOT_GRIEV,
    P_MOT_HARDSHIP,
    P_NPT_COST,
    P_REBUILD_HL,
    P_SECURITY,
    P_SQ_HEU,
    P_SQ_LEU,
    P_STRIKE_COST,
    P_STRIKE_COST_LAT,
    P_STRIKE_INTEGRITY,
    P_STRIKE_STOCK,
    P_TAILS,
    P_WEAPON_PCT,
    P_BASE_HAZARD,
    P_RATIONALITY,
    P_HORIZON,
    P_COUNT
};

static const char *const param_names[P_COUNT] = {
    "nuclear.breakout_max_weeks",
    "nuclear.breakout_setup_weeks",
    "nuclear.cap_cost",
    "nuclear.capacity_max",
    "nuclear.downblend_halflife_weeks",
    "nuclear.expand_step",
    "nuclear.fear_adapt_halflife_weeks",
    "nuclear.fear_capability",
    "nuclear.fear_change",
    "nuclear.fear_hostility",
    "nuclear.fear_intercept",
    "nuclear.fear_level",
    "nuclear.fear_max_per_week",
    "nuclear.grievance_attack",
    "nuclear.grievance_breach",
    "nuclear.grievance_enforcement",
    "nuclear.grievance_halflife_weeks",
    "nuclear.heu_threshold_pct",
    "nuclear.iaea_step",
    "nuclear.latency_90",
    "nuclear.latency_iaea",
    "nuclear.latency_level",
    "nuclear.latency_npt",
    "nuclear.motivation_base",
    "nuclear.motivation_grievance",
    "nuclear.motivation_hardship",
    "nuclear.npt_exit_cost",
    "nuclear.rebuild_halflife_weeks",
    "nuclear.security_value",
    "nuclear.sq_heu_u235_kg",
    "nuclear.sq_leu_u235_kg",
    "nuclear.strike_cost",
    "nuclear.strike_cost_latency",
    "nuclear.strike_integrity",
    "nuclear.strike_stock_loss",
    "nuclear.tails_pct",
    "nuclear.weapon_grade_pct",
    "decide.base_hazard_per_week",
    "decide.rationality",
    "decide.horizon_weeks",
};

/* Which parameters are per actor (read for the programme's decider); the rest are global. */
static int actor_scoped(int k)
{
    return k == P_CAP_COST || k == P_MOT_BASE || k == P_MOT_GRIEV || k == P_MOT_HARDSHIP ||
           k == P_NPT_COST || k == P_SECURITY || k == P_STRIKE_COST || k == P_STRIKE_COST_LAT ||
           k == P_RATIONALITY;
}

/* Constants of one programme in one run. */
typedef struct nuc_prog {
    double v[P_COUNT];      /* parameter values (actor-scoped ones for the decider) */
    double rate[BRINK_MAX_LEVELS]; /* kg U per week at capacity 1, integrity 1 */
    double capacity_swu;    /* SWU per week at capacity 1, integrity 1 */
    double rebuild_keep, downblend_keep, adapt_keep, griev_keep;
    /* latency's terms by level, as latency() computes them (the same values, computed once):
     * lat_x[l] = x_l / 100 and lat_sq[l] the significant quantity at level l; lat_top[i] and
     * lat_90[i] the level and weapon-grade terms with maximum level index i - 1 (0: none) */
    double lat_x[BRINK_MAX_LEVELS], lat_sq[BRINK_MAX_LEVELS];
    double lat_top[BRINK_MAX_LEVELS + 1], lat_90[BRINK_MAX_LEVELS + 1];
    int decider;            /* the actor that decides, or -1 */
    int nfamily;
} nuc_prog;

/* The mechanism's private state (w->mstate[BRINK_MECH_NUCLEAR], from the arena). The per-run
 * constants are filled by reset and stamped with (seed, run), as in economy.c: a projection world
 * that shares this state uses them only when its run matches. The event cursor and the causes
 * are touched only outside projections. */
typedef struct nuc_state {
    int id[P_COUNT];
    int filled;
    uint64_t seed, run;
    nuc_prog *prog;         /* [np] for steps of dt_weeks */
    nuc_prog *coarse;       /* [np] for the projections' coarse steps of proj_dt_weeks */
    double dt, coarse_dt;   /* the step lengths of prog and coarse */
    size_t cursor;          /* events scanned for grievance */
    long *last_cause;       /* [np] index of the latest hostile act against the owner, or -1 */
    /* Who fears programme p (scenario only, set by init; fear_hazard): the actors outside the
     * owner's state that fear the owner or an actor of its state, fearer[fearer_at[p] ..
     * fearer_at[p + 1]), in index order; fearer k fears feared[feared_at[k] .. feared_at[k + 1]),
     * the actors of the owner's state it fears, in index order. */
    size_t *fearer_at, *feared_at;
    int *fearer, *feared;
} nuc_state;

static nuc_state *state_of(const brink_world *w)
{
    return w->mstate[BRINK_MECH_NUCLEAR];
}

static int valid(const brink_world *w, int p)
{
    return p >= 0 && (size_t)p < w->np;
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

static double logistic(double z)
{
    return 1 / (1 + exp(-z));
}

/* ---- per-run constants ---- */

/* The actor that decides for programme p: its owner when the owner acts in the nuclear domain,
 * else the first actor of the owner's state (by index) that does, else -1 (the programme then
 * runs on its own: stock grows, no choices). */
static int find_decider(const brink_scenario *sc, int owner)
{
    if (sc->actors[owner].domains & BRINK_DOMAIN_NUCLEAR)
        return owner;
    for (size_t a = 0; a < sc->nactors; a++) {
        int x = (int)a;
        for (size_t hop = 0; x >= 0 && hop <= sc->nactors; hop++) {
            if (x == owner)
                break;
            x = sc->actors[x].parent;
        }
        if (x == owner && (sc->actors[a].domains & BRINK_DOMAIN_NUCLEAR))
            return (int)a;
    }
    return -1;
}

static void prog_consts(const brink_world *w, const int *id, double dt, size_t p, nuc_prog *c)
{
    const brink_programme *pr = &w->sc->programmes[p];
    c->decider = find_decider(w->sc, pr->owner);
    for (int k = 0; k < P_COUNT; k++)
        c->v[k] = brink_world_param(w, id[k], actor_scoped(k) ? c->decider : -1, -1, -1);
    for (size_t l = 0; l < pr->nlevels; l++)
        c->rate[l] = brink_world_value(w, &pr->rate_kg_per_month[l]) / WEEKS_PER_MONTH;
    c->capacity_swu = brink_world_value(w, &pr->capacity_swu_per_year) / WEEKS_PER_YEAR;
    c->rebuild_keep = brink_halflife_keep(c->v[P_REBUILD_HL], dt);
    c->downblend_keep = brink_halflife_keep(c->v[P_DOWNBLEND_HL], dt);
    c->adapt_keep = brink_halflife_keep(c->v[P_FEAR_ADAPT_HL], dt);
    c->griev_keep = brink_halflife_keep(c->v[P_GRIEV_HL], dt);
    double xw = c->v[P_WEAPON_PCT];
    for (size_t l = 0; l < pr->nlevels; l++) {
        double x = pr->levels[l];
        c->lat_x[l] = x / 100;
        c->lat_sq[l] = x >= c->v[P_HEU_PCT] - 1e-9 ? c->v[P_SQ_HEU] : c->v[P_SQ_LEU];
    }
    for (size_t i = 0; i <= pr->nlevels; i++) {
        double xmax = i > 0 ? pr->levels[i - 1] : 0;
        c->lat_top[i] = c->v[P_LAT_LEVEL] * brink_fmin(xmax / xw, 1);
        c->lat_90[i] = xmax >= xw - 1e-9 ? c->v[P_LAT_90] : 0;
    }
}

/* The constants of programme p for w with steps of dt weeks: the cache when it holds w's run,
 * else computed into tmp. */
static const nuc_prog *consts_dt(const brink_world *w, int p, double dt, nuc_prog *tmp)
{
    const nuc_state *st = state_of(w);
    if (st && st->filled && st->seed == w->seed && st->run == w->run) {
        if (dt == st->dt)
            return &st->prog[p];
        if (dt == st->coarse_dt)
            return &st->coarse[p];
    }
    int id[P_COUNT];
    for (int k = 0; k < P_COUNT; k++)
        id[k] = st ? st->id[k] : brink_param_find(param_names[k]);
    prog_consts(w, id, dt, (size_t)p, tmp);
    return tmp;
}

/* The constants of programme p for w's step (w->dt_weeks). */
static const nuc_prog *consts(const brink_world *w, int p, nuc_prog *tmp)
{
    return consts_dt(w, p, w->dt_weeks, tmp);
}

/* ---- the physics: stocks, separative work, breakout, latency ---- */

/* A programme's state as the formulas read it (the world's, or an option's). */
typedef struct nuc_view {
    const brink_programme *pr;
    double stock[BRINK_MAX_LEVELS];
    int level;          /* index of the highest level enriched, or -1 */
    double capacity;    /* multiple of the scenario's capacity */
    double integrity;
    double iaea;
    int npt;
    int frozen;
    double level_cap, stock_cap;
} nuc_view;

static void view_of(const brink_world *w, int p, nuc_view *v)
{
    const brink_programme *pr = &w->sc->programmes[p];
    v->pr = pr;
    for (size_t l = 0; l < BRINK_MAX_LEVELS; l++)
        v->stock[l] = l < pr->nlevels ? w->m.nuc_stock[(size_t)p * BRINK_MAX_LEVELS + l] : 0;
    v->level = w->m.nuc_level[p];
    v->capacity = w->m.nuc_capacity[p];
    v->integrity = w->m.nuc_integrity[p];
    v->iaea = w->m.nuc_iaea[p];
    v->npt = w->m.nuc_npt[p];
    v->frozen = w->m.nuc_frozen[p];
    v->level_cap = w->m.nuc_level_cap[p];
    v->stock_cap = w->m.nuc_stock_cap[p];
}

/* Highest level index the programme may enrich to now: its maximum level, limited by the level
 * cap while frozen. */
static int producing_top(const nuc_view *v)
{
    int top = v->level;
    if (v->frozen && v->level_cap > 0)
        while (top >= 0 && v->pr->levels[top] > v->level_cap + 1e-9)
            top--;
    return top;
}

/* Production rates (kg U per week) by level for view v, with running != 0. */
static void rates(const nuc_view *v, const nuc_prog *c, double tails, double *r)
{
    const brink_programme *pr = v->pr;
    int top = producing_top(v);
    double scale = v->capacity * v->integrity;
    for (size_t l = 0; l < pr->nlevels; l++) {
        r[l] = 0;
        if ((int)l > top)
            continue;
        if (c->rate[l] > 0) {
            r[l] = c->rate[l] * scale;
            continue;
        }
        /* no rate given: as the maximum level, it takes over the cascades of the highest level
         * below that produces, at the rate the mass balance allows, and that level stops;
         * below the maximum it does not produce */
        if ((int)l != top)
            continue;
        for (size_t b = l; b-- > 0;)
            if (r[b] > 0) {
                double den = pr->levels[l] - tails;
                r[l] = den > 0 ? r[b] * (pr->levels[b] - tails) / den : 0;
                r[b] = 0;
                break;
            }
    }
}

/* Separative potential V(x) for an assay x in percent (Cohen 1951). */
static double vfun(double pct)
{
    double x = clamp(pct / 100, 1e-9, 1 - 1e-9);
    return (1 - 2 * x) * log((1 - x) / x);
}

/* SWU to make `product` kg at assay xp from feed at xf with tails xt (percent); feed used into
 * *feed. */
static double swu(double product, double xp, double xf, double xt, double *feed)
{
    double f = product * (xp - xt) / (xf - xt);
    double t = f - product;
    *feed = f;
    return product * vfun(xp) + t * vfun(xt) - f * vfun(xf);
}

/* Breakout time of view v in weeks (see the header comment, item 3). */
static double breakout(const nuc_view *v, const nuc_prog *c)
{
    const brink_programme *pr = v->pr;
    double xw = c->v[P_WEAPON_PCT], xt = c->v[P_TAILS];
    double need = c->v[P_SQ_HEU] / (xw / 100); /* kg of weapon grade */
    /* weapon-grade stock already made */
    for (size_t l = 0; l < pr->nlevels; l++)
        if (pr->levels[l] >= xw - 1e-9)
            need -= v->stock[l];
    if (need <= 0)
        return 0;
    double work = 0;
    for (size_t l = pr->nlevels; l-- > 0 && need > 0;) {
        double xf = pr->levels[l];
        if (xf >= xw - 1e-9 || xf <= xt || v->stock[l] <= 0)
            continue;
        double feed;
        double s = swu(need, xw, xf, xt, &feed);
        if (feed <= v->stock[l]) {
            work += s;
            need = 0;
        } else {
            double made = v->stock[l] * (xf - xt) / (xw - xt);
            work += swu(made, xw, xf, xt, &feed);
            need -= made;
        }
    }
    if (need > 0) {
        double feed;
        work += swu(need, xw, NATURAL_PCT, xt, &feed);
    }
    double per_week = c->capacity_swu * v->capacity * v->integrity;
    if (!(per_week > 0))
        return c->v[P_BREAKOUT_MAX];
    return brink_fmin(c->v[P_BREAKOUT_MAX], c->v[P_BREAKOUT_SETUP] + work / per_week);
}

/* Latency (item 4) of a programme pr with stocks by level `stock`, maximum level index `level`
 * (-1: none), IAEA access iaea and NPT membership npt: weapon-quantities (sum over levels of
 * stock x_l / 100 / SQ(x_l)) plus the level, weapon-grade, access and NPT terms, added in that
 * order, with the per-level factors c precomputed (lat_*). */
static inline double latency_of(const brink_programme *pr, const double *stock, int level,
                                double iaea, int npt, const nuc_prog *c)
{
    double q = 0;
    for (size_t l = 0; l < pr->nlevels; l++)
        q += stock[l] * c->lat_x[l] / c->lat_sq[l];
    size_t top = level >= 0 ? (size_t)level + 1 : 0;
    return q + c->lat_top[top] + c->lat_90[top] + c->v[P_LAT_IAEA] * (1 - iaea) +
           (npt ? 0 : c->v[P_LAT_NPT]);
}

static double latency(const nuc_view *v, const nuc_prog *c)
{
    return latency_of(v->pr, v->stock, v->level, v->iaea, v->npt, c);
}

/* Latency of programme p in the world's state now. */
static double latency_now(const brink_world *w, size_t p, const nuc_prog *c)
{
    return latency_of(&w->sc->programmes[p], &w->m.nuc_stock[p * BRINK_MAX_LEVELS],
                      w->m.nuc_level[p], w->m.nuc_iaea[p], w->m.nuc_npt[p], c);
}

/* Number of an agreement's caps that view v exceeds (its reference caps, frozen or not): the
 * level cap, the stock cap and, under an agreement, IAEA access below what it was at the start
 * (access0). */
static int caps_exceeded(const nuc_view *v, double access0)
{
    int n = 0;
    if ((v->level_cap > 0 || v->stock_cap > 0) && v->iaea < access0 - 1e-9)
        n++;
    if (v->level_cap > 0 && v->level >= 0 && v->pr->levels[v->level] > v->level_cap + 1e-9)
        n++;
    if (v->stock_cap > 0) {
        double s = 0;
        for (size_t l = 0; l < v->pr->nlevels; l++)
            s += v->stock[l];
        if (s > v->stock_cap * (1 + 1e-9))
            n++;
    }
    return n;
}

/* ---- fear ---- */

/* Whether actor b is a or belongs to a's state (parent chain). */
static int in_family(const brink_scenario *sc, int a, int b)
{
    for (size_t hop = 0; b >= 0 && hop <= sc->nactors; hop++) {
        if (b == a)
            return 1;
        b = sc->actors[b].parent;
    }
    return 0;
}

/* Whether actor f fears actor b of owner's state (f outside it): f != b, the relation f -> b
 * is `fears`, and b is in owner's family. */
static int fears_of(const brink_world *w, int owner, size_t f, size_t b)
{
    return b != f && w->sc->relations[f * w->na + b].fears && in_family(w->sc, owner, (int)b);
}

/* The hazard term of fearer f with hostility host (item 5). */
static inline double fear_term(const brink_world *w, const nuc_prog *c, size_t f, double host,
                               double lat, double gap)
{
    double cap = brink_world_value(w, &w->sc->actors[f].capability[BRINK_CAP_MILITARY]);
    return logistic(c->v[P_FEAR_INTERCEPT] + c->v[P_FEAR_CHANGE] * gap + c->v[P_FEAR_LEVEL] * lat +
                    c->v[P_FEAR_HOSTILITY] * host + c->v[P_FEAR_CAPABILITY] * cap);
}

/* Perceived strike hazard per week at latency lat of which gap the fearers are not used to
 * (item 5). With the mechanism's state it visits only the fearers init listed (the others add
 * nothing); without, it finds them here. Same sum in the same order either way. */
static double fear_hazard(const brink_world *w, int p, const nuc_prog *c, double lat, double gap)
{
    const brink_scenario *sc = w->sc;
    int owner = sc->programmes[p].owner;
    if (!(c->v[P_FEAR_MAX] > 0))
        return 0;
    const nuc_state *st = state_of(w);
    const double *hostility = w->m.hostility;
    size_t na = w->na;
    double h = 0;
    if (st) {
        for (size_t k = st->fearer_at[p]; k < st->fearer_at[p + 1]; k++) {
            size_t f = (size_t)st->fearer[k];
            /* the strongest relation to the owner's state counts once */
            double host = -1;
            for (size_t i = st->feared_at[k]; i < st->feared_at[k + 1]; i++)
                host = brink_fmax(host, hostility[f * na + (size_t)st->feared[i]]);
            if (host < 0)
                continue;
            h += fear_term(w, c, f, host, lat, gap);
        }
        return c->v[P_FEAR_MAX] * h;
    }
    for (size_t f = 0; f < na; f++) {
        if (in_family(sc, owner, (int)f))
            continue;
        /* f fears the owner when it fears the owner or an actor of the owner's state; the
         * strongest such relation counts once */
        double host = -1;
        for (size_t b = 0; b < na; b++)
            if (fears_of(w, owner, f, b))
                host = brink_fmax(host, hostility[f * na + b]);
        if (host < 0)
            continue;
        h += fear_term(w, c, f, host, lat, gap);
    }
    return c->v[P_FEAR_MAX] * h;
}

/* Fills the fear lists of st (see nuc_state) from w's scenario; BRINK_OK or BRINK_ENOMEM. */
static int list_fearers(brink_world *w, nuc_state *st)
{
    const brink_scenario *sc = w->sc;
    size_t na = w->na, np = w->np, nfearer = 0, nfeared = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            st->fearer_at = brink_arena_array(&w->arena, np + 1, sizeof *st->fearer_at);
            st->fearer = brink_arena_array(&w->arena, nfearer ? nfearer : 1, sizeof *st->fearer);
            st->feared_at = brink_arena_array(&w->arena, nfearer + 1, sizeof *st->feared_at);
            st->feared = brink_arena_array(&w->arena, nfeared ? nfeared : 1, sizeof *st->feared);
            if (!st->fearer_at || !st->fearer || !st->feared_at || !st->feared)
                return BRINK_ENOMEM;
        }
        size_t k = 0, i = 0;
        for (size_t p = 0; p < np; p++) {
            int owner = sc->programmes[p].owner;
            if (pass)
                st->fearer_at[p] = k;
            for (size_t f = 0; f < na; f++) {
                if (in_family(sc, owner, (int)f))
                    continue;
                size_t first = i;
                for (size_t b = 0; b < na; b++)
                    if (fears_of(w, owner, f, b)) {
                        if (pass)
                            st->feared[i] = (int)b;
                        i++;
                    }
                if (i == first)
                    continue; /* fears no one of the owner's state */
                if (pass) {
                    st->fearer[k] = (int)f;
                    st->feared_at[k] = first;
                }
                k++;
            }
        }
        if (pass) {
            st->fearer_at[np] = k;
            st->feared_at[k] = i;
        }
        nfearer = k;
        nfeared = i;
    }
    return BRINK_OK;
}

/* ---- public functions ---- */

int brink_nuclear_programme_of(const brink_world *w, int a)
{
    for (size_t hop = 0; a >= 0 && (size_t)a < w->na && hop <= w->na; hop++) {
        for (size_t p = 0; p < w->np; p++)
            if (w->sc->programmes[p].owner == a)
                return (int)p;
        a = w->sc->actors[a].parent;
    }
    return -1;
}

double brink_nuclear_stock_total(const brink_world *w, int p)
{
    if (!valid(w, p))
        return 0;
    double s = 0;
    for (size_t l = 0; l < w->sc->programmes[p].nlevels; l++)
        s += w->m.nuc_stock[(size_t)p * BRINK_MAX_LEVELS + l];
    return s;
}

double brink_nuclear_stock_at(const brink_world *w, int p, double level_pct)
{
    if (!valid(w, p))
        return 0;
    const brink_programme *pr = &w->sc->programmes[p];
    size_t best = 0;
    for (size_t l = 1; l < pr->nlevels; l++)
        if (fabs(pr->levels[l] - level_pct) < fabs(pr->levels[best] - level_pct))
            best = l;
    /* "closest" within a factor of two: 60 is not the 20 % level */
    if (!(fabs(pr->levels[best] - level_pct) <= 0.5 * level_pct))
        return 0;
    return w->m.nuc_stock[(size_t)p * BRINK_MAX_LEVELS + best];
}

double brink_nuclear_breakout_weeks(const brink_world *w, int p)
{
    if (!valid(w, p))
        return -1;
    nuc_prog tmp;
    nuc_view v;
    view_of(w, p, &v);
    return breakout(&v, consts(w, p, &tmp));
}

double brink_nuclear_latency(const brink_world *w, int p)
{
    if (!valid(w, p))
        return 0;
    nuc_prog tmp;
    nuc_view v;
    view_of(w, p, &v);
    return latency(&v, consts(w, p, &tmp));
}

double brink_nuclear_perceived_strike_hazard(const brink_world *w, int p)
{
    if (!valid(w, p))
        return 0;
    nuc_prog tmp;
    const nuc_prog *c = consts(w, p, &tmp);
    nuc_view v;
    view_of(w, p, &v);
    double lat = latency(&v, c);
    return fear_hazard(w, p, c, lat, lat - w->m.nuc_ref_latency[p]);
}

double brink_nuclear_strike(brink_world *w, int p, double severity, long cause)
{
    (void)cause; /* the owner's reactions name the strike event as cause through grievance */
    if (!valid(w, p) || !(severity > 0))
        return 0;
    severity = brink_fmin(severity, 1);
    nuc_prog tmp;
    const nuc_prog *c = consts(w, p, &tmp);
    double before = w->m.nuc_integrity[p];
    w->m.nuc_integrity[p] = before * (1 - c->v[P_STRIKE_INTEGRITY] * severity);
    /* share of the stock destroyed or buried: uniform on [0, 2 m] around its mean m (material is
     * stored in tunnels; a strike may not reach it), the mean in projections */
    double m = clamp(c->v[P_STRIKE_STOCK] * severity, 0, 1);
    double loss = m;
    if (!w->projecting) {
        brink_rng rng = brink_world_rng(
            w, BRINK_MECH_NUCLEAR, brink_hash_mix((uint64_t)0x5354524b45 + (uint64_t)p, w->nevents));
        loss = clamp(brink_dist_uniform(&rng, 0, 2 * m), 0, 1);
    }
    for (size_t l = 0; l < w->sc->programmes[p].nlevels; l++)
        w->m.nuc_stock[(size_t)p * BRINK_MAX_LEVELS + l] *= 1 - loss;
    return before - w->m.nuc_integrity[p];
}

int brink_nuclear_set_freeze(brink_world *w, int p, int on, double level_cap_pct,
                             double stock_cap_kg, long cause)
{
    (void)cause;
    if (!valid(w, p))
        return BRINK_EUSAGE;
    w->m.nuc_frozen[p] = on != 0;
    if (on) {
        w->m.nuc_level_cap[p] = level_cap_pct > 0 ? level_cap_pct : 0;
        w->m.nuc_stock_cap[p] = stock_cap_kg > 0 ? stock_cap_kg : 0;
        /* the maximum level falls to the cap: enrichment above it stops */
        const brink_programme *pr = &w->sc->programmes[p];
        if (level_cap_pct > 0)
            while (w->m.nuc_level[p] >= 0 && pr->levels[w->m.nuc_level[p]] > level_cap_pct + 1e-9)
                w->m.nuc_level[p]--;
    }
    return BRINK_OK;
}

/* ---- the step ---- */

/* An attack: the event types that add nuclear.grievance_attack. */
static int is_attack(brink_event_type t)
{
    return t == BRINK_EV_SABOTAGE || t == BRINK_EV_STRIKE_MILITARY ||
           t == BRINK_EV_STRIKE_NUCLEAR || t == BRINK_EV_STRIKE_ENERGY ||
           t == BRINK_EV_LEADER_KILLED;
}

/* Whether an attack event by actor on target was recorded at the current step. */
static int attack_recorded(const brink_world *w, int actor, int target)
{
    for (size_t e = w->nevents; e-- > 0 && w->events[e].step == w->step;)
        if (is_attack(w->events[e].type) && w->events[e].actor == actor &&
            w->events[e].target == target)
            return 1;
    return 0;
}

/* Whether the scenario schedules a strike by actor on target at step `step`. */
static int strike_scheduled(const brink_scenario *sc, long step, int actor, int target)
{
    for (size_t k = 0; k < sc->nschedule; k++) {
        const brink_scheduled *sd = &sc->schedule[k];
        if (!sd->past && sd->step == step && sd->type == BRINK_SCHED_STRIKE &&
            sd->actor == actor && sd->target == target)
            return 1;
    }
    return 0;
}

/* Grievance: scans the events recorded since the last step (outside projections), and the
 * scenario's dated strikes of this step (schedule type `strike`) that no mechanism recorded as
 * an event (so that a calibration scenario's dated sabotage counts whether or not the conflict
 * mechanism turns it into an event, and never twice). */
static void grievance(brink_world *w, nuc_state *st)
{
    const brink_scenario *sc = w->sc;
    for (size_t k = 0; k < sc->nschedule; k++) {
        const brink_scheduled *sd = &sc->schedule[k];
        if (sd->past || sd->step != w->step || sd->type != BRINK_SCHED_STRIKE || sd->target < 0 ||
            attack_recorded(w, sd->actor, sd->target))
            continue;
        for (size_t p = 0; p < w->np; p++) {
            int owner = sc->programmes[p].owner;
            if (in_family(sc, owner, sd->target) && !in_family(sc, owner, sd->actor))
                w->m.nuc_grievance[p] += st->prog[p].v[P_GRIEV_ATTACK];
        }
    }
    for (size_t e = st->cursor; e < w->nevents; e++) {
        const brink_event *ev = &w->events[e];
        if (ev->target < 0)
            continue;
        /* an attack recorded after this mechanism's scan of its step, for a dated strike that
         * scan already counted from the schedule */
        if (is_attack(ev->type) && ev->step < w->step &&
            strike_scheduled(sc, ev->step, ev->actor, ev->target))
            continue;
        for (size_t p = 0; p < w->np; p++) {
            int owner = sc->programmes[p].owner;
            if (!in_family(sc, owner, ev->target) ||
                (ev->actor >= 0 && in_family(sc, owner, ev->actor)))
                continue;
            const double *v = st->prog[p].v;
            double g = 0;
            switch (ev->type) {
            case BRINK_EV_SANCTIONS_TIGHTENED:
                g = v[P_GRIEV_ENF] * fabs(ev->size);
                break;
            case BRINK_EV_DEAL_BREACHED:
            case BRINK_EV_SNAPBACK_NOTIFIED:
            case BRINK_EV_UN_SANCTIONS_RESTORED:
                g = v[P_GRIEV_BREACH];
                break;
            default:
                g = is_attack(ev->type) ? v[P_GRIEV_ATTACK] : 0;
                break;
            }
            if (g > 0) {
                w->m.nuc_grievance[p] += g;
                st->last_cause[p] = (long)e;
            }
        }
    }
}

/* Option kinds of the owner. */
enum { OPT_LEVEL, OPT_EXPAND, OPT_IAEA_CUT, OPT_IAEA_RESTORE, OPT_NPT_EXIT };

typedef struct nuc_option {
    int kind;
    int level; /* OPT_LEVEL: the new maximum level */
} nuc_option;

/* The view after option o (applied to a copy of v). */
static void apply_view(nuc_view *v, nuc_option o, const nuc_prog *c)
{
    int escalates = o.kind != OPT_IAEA_RESTORE;
    if (escalates)
        v->frozen = 0; /* an escalation under an agreement breaches it */
    switch (o.kind) {
    case OPT_LEVEL:
        v->level = o.level;
        break;
    case OPT_EXPAND:
        v->capacity = brink_fmin(v->capacity + c->v[P_EXPAND_STEP], c->v[P_CAPACITY_MAX]);
        break;
    case OPT_IAEA_CUT:
        v->iaea = brink_fmax(0, v->iaea - c->v[P_IAEA_STEP]);
        break;
    case OPT_IAEA_RESTORE:
        v->iaea = brink_fmin(1, v->iaea + c->v[P_IAEA_STEP]);
        break;
    default:
        v->npt = 0;
        break;
    }
}

/* View v grown over h weeks at its rates (stocks only; frozen stocks capped). */
static void grow(nuc_view *v, const nuc_prog *c, double h)
{
    double r[BRINK_MAX_LEVELS];
    rates(v, c, c->v[P_TAILS], r);
    for (size_t l = 0; l < v->pr->nlevels; l++)
        v->stock[l] += r[l] * h;
    if (v->frozen && v->stock_cap > 0) {
        double excess = -v->stock_cap;
        for (size_t l = 0; l < v->pr->nlevels; l++)
            excess += v->stock[l];
        for (size_t l = v->pr->nlevels; l-- > 0 && excess > 0;) {
            double cut = brink_fmin(excess, v->stock[l]);
            v->stock[l] -= cut;
            excess -= cut;
        }
    }
}

/* Utility (utility/yr) of the view v projected over the horizon: security from latency minus
 * the expected cost of strikes and of exceeded caps. */
static double value_of(const brink_world *w, int p, const nuc_prog *c, const nuc_view *v,
                       double motivation, double gap)
{
    double lat = latency(v, c);
    double h = fear_hazard(w, p, c, lat, gap);
    double access0 = brink_world_value(w, &w->sc->programmes[p].iaea_access);
    return c->v[P_SECURITY] * motivation * lat -
           WEEKS_PER_YEAR * h * (c->v[P_STRIKE_COST] + c->v[P_STRIKE_COST_LAT] * lat) -
           c->v[P_CAP_COST] * caps_exceeded(v, access0) - (v->npt ? 0 : c->v[P_NPT_COST]);
}

static void decide(brink_world *w, nuc_state *st, int p)
{
    const nuc_prog *c = &st->prog[p];
    int d = c->decider;
    if (d < 0)
        return;
    const brink_programme *pr = &w->sc->programmes[p];
    nuc_view now;
    view_of(w, p, &now);
    nuc_option opt[MAX_OPTIONS];
    size_t n = 0;
    for (int l = now.level + 1; l < (int)pr->nlevels; l++)
        opt[n++] = (nuc_option){OPT_LEVEL, l};
    if (c->v[P_EXPAND_STEP] > 0 && now.capacity < c->v[P_CAPACITY_MAX] - 1e-9)
        opt[n++] = (nuc_option){OPT_EXPAND, -1};
    if (now.iaea > 1e-9 && c->v[P_IAEA_STEP] > 0)
        opt[n++] = (nuc_option){OPT_IAEA_CUT, -1};
    if (now.iaea < brink_world_value(w, &pr->iaea_access) - 1e-9 && c->v[P_IAEA_STEP] > 0)
        opt[n++] = (nuc_option){OPT_IAEA_RESTORE, -1};
    if (now.npt)
        opt[n++] = (nuc_option){OPT_NPT_EXIT, -1};
    if (n == 0)
        return;
    /* The draw first (the programme's own stream: no other draw moves): at or above the chance
     * of acting at hazard base it rules an act out whatever the utilities (the quantal hazards
     * sum to base x a share <= 1: brink_hazard_prob_bound), and nothing before the act writes
     * anything. */
    brink_rng rng = brink_world_rng(w, BRINK_MECH_NUCLEAR, (uint64_t)p);
    double draw = brink_rng_uniform01(&rng);
    if (draw >= brink_hazard_prob_bound(c->v[P_BASE_HAZARD], w->dt_weeks))
        return;
    int owner = pr->owner;
    double motivation = c->v[P_MOT_BASE] + c->v[P_MOT_HARDSHIP] * w->m.hardship[owner] +
                        c->v[P_MOT_GRIEV] * w->m.nuc_grievance[p];
    double hz = c->v[P_HORIZON];
    double l0 = latency(&now, c), gap = l0 - w->m.nuc_ref_latency[p];
    nuc_view base = now;
    grow(&base, c, hz);
    double v0 = value_of(w, p, c, &base, motivation, gap);
    double u[MAX_OPTIONS], h[MAX_OPTIONS];
    for (size_t k = 0; k < n; k++) {
        nuc_view v = now;
        apply_view(&v, opt[k], c);
        /* the fearers react to the step itself (the jump of latency it makes now); the growth
         * that follows is steady and gets priced by the level term */
        double jump = latency(&v, c) - l0;
        grow(&v, c, hz);
        u[k] = value_of(w, p, c, &v, motivation, gap + jump) - v0;
    }
    double sum = brink_quantal_hazards(u, n, c->v[P_RATIONALITY], c->v[P_BASE_HAZARD], h);
    if (!(draw < brink_hazard_prob(sum, w->dt_weeks)))
        return;
    long k = brink_dist_categorical(&rng, h, n);
    if (k < 0)
        return;
    nuc_option o = opt[k];
    long cause = st->last_cause[p];
    if (o.kind != OPT_IAEA_RESTORE && w->m.nuc_frozen[p]) {
        w->m.nuc_frozen[p] = 0;
        cause = brink_world_event(w, BRINK_EV_DEAL_BREACHED, d, -1, -1, BRINK_MECH_NUCLEAR, cause,
                                  0);
    }
    nuc_view after = now;
    apply_view(&after, o, c);
    switch (o.kind) {
    case OPT_LEVEL: {
        w->m.nuc_level[p] = o.level;
        double x = pr->levels[o.level];
        brink_world_event(w,
                          x >= c->v[P_WEAPON_PCT] - 1e-9 ? BRINK_EV_ENRICHMENT_90
                                                        : BRINK_EV_ENRICHMENT_EXPANDED,
                          d, -1, -1, BRINK_MECH_NUCLEAR, cause, x);
        break;
    }
    case OPT_EXPAND:
        w->m.nuc_capacity[p] = after.capacity;
        brink_world_event(w, BRINK_EV_ENRICHMENT_EXPANDED, d, -1, -1, BRINK_MECH_NUCLEAR, cause,
                          after.capacity);
        break;
    case OPT_IAEA_CUT:
        w->m.nuc_iaea[p] = after.iaea;
        brink_world_event(w, BRINK_EV_IAEA_ACCESS_CUT, d, -1, -1, BRINK_MECH_NUCLEAR, cause,
                          after.iaea);
        break;
    case OPT_IAEA_RESTORE:
        w->m.nuc_iaea[p] = after.iaea;
        brink_world_event(w, BRINK_EV_IAEA_ACCESS_RESTORED, d, -1, -1, BRINK_MECH_NUCLEAR, cause,
                          after.iaea);
        break;
    default:
        w->m.nuc_npt[p] = 0;
        brink_world_event(w, BRINK_EV_NPT_WITHDRAWAL, d, -1, -1, BRINK_MECH_NUCLEAR, cause, 1);
        break;
    }
}

/* The part of programme p's view that neither stock_step nor a projection changes (the
 * decisions', strikes' and deals' part): stock and integrity are left out. */
static void fixed_view(const brink_world *w, int p, nuc_view *v)
{
    v->pr = &w->sc->programmes[p];
    v->level = w->m.nuc_level[p];
    v->capacity = w->m.nuc_capacity[p];
    v->frozen = w->m.nuc_frozen[p];
    v->level_cap = w->m.nuc_level_cap[p];
    v->stock_cap = w->m.nuc_stock_cap[p];
}

/* Items 1 and 2 of the file comment for one programme over dt weeks: the stock by level
 * (stock[0 .. nlevels)) grows while running and is down-blended above the cap while frozen, and
 * the integrity rebuilds; v gives the rest of the programme's state (fixed_view). One body for
 * the world's step (nuclear_step) and for brink_nuclear_latency_ahead's copy, so that both run
 * the same arithmetic. */
static void stock_step(nuc_view *v, const nuc_prog *c, double dt, int running, double *stock,
                       double *integrity)
{
    const brink_programme *pr = v->pr;
    if (running) {
        double r[BRINK_MAX_LEVELS];
        v->integrity = *integrity; /* rates() reads no stock */
        rates(v, c, c->v[P_TAILS], r);
        for (size_t l = 0; l < pr->nlevels; l++)
            stock[l] += r[l] * dt;
    }
    if (v->frozen && v->stock_cap > 0) {
        double total = 0; /* as brink_nuclear_stock_total */
        for (size_t l = 0; l < pr->nlevels; l++)
            total += stock[l];
        double excess = total - v->stock_cap;
        double cut = excess > 0 ? excess * (1 - c->downblend_keep) : 0;
        for (size_t l = pr->nlevels; l-- > 0 && cut > 0;) {
            double x = brink_fmin(cut, stock[l]);
            stock[l] -= x;
            cut -= x;
        }
    }
    *integrity = 1 - (1 - *integrity) * c->rebuild_keep;
}

double brink_nuclear_latency_ahead(const brink_world *w, int p, long n1, double dt1, long n2,
                                   double dt2)
{
    if (!valid(w, p))
        return 0;
    const brink_programme *pr = &w->sc->programmes[p];
    nuc_view v;
    fixed_view(w, p, &v);
    double stock[BRINK_MAX_LEVELS], integrity = w->m.nuc_integrity[p];
    for (size_t l = 0; l < BRINK_MAX_LEVELS; l++) /* as view_of */
        stock[l] = l < pr->nlevels ? w->m.nuc_stock[(size_t)p * BRINK_MAX_LEVELS + l] : 0;
    int running = w->m.nuc_running[p];
    nuc_prog tmp1, tmp2;
    const nuc_prog *c1 = n1 > 0 ? consts_dt(w, p, dt1, &tmp1) : NULL;
    const nuc_prog *c2 = n2 > 0 ? consts_dt(w, p, dt2, &tmp2) : NULL;
    for (long i = 0; i < n1; i++)
        stock_step(&v, c1, dt1, running, stock, &integrity);
    for (long i = 0; i < n2; i++)
        stock_step(&v, c2, dt2, running, stock, &integrity);
    nuc_prog tmp;
    return latency_of(pr, stock, w->m.nuc_level[p], w->m.nuc_iaea[p], w->m.nuc_npt[p],
                      consts(w, p, &tmp));
}

static void nuclear_step(brink_world *w)
{
    nuc_state *st = w->scratch ? NULL : state_of(w);
    if (!w->projecting && st)
        grievance(w, st);
    for (size_t pi = 0; pi < w->np; pi++) {
        int p = (int)pi;
        nuc_prog tmp;
        const nuc_prog *c = consts(w, p, &tmp);
        double lat_before = latency_now(w, pi, c);
        /* 1. stock, 2. integrity */
        nuc_view v;
        fixed_view(w, p, &v);
        stock_step(&v, c, w->dt_weeks, w->m.nuc_running[p], &w->m.nuc_stock[pi * BRINK_MAX_LEVELS],
                   &w->m.nuc_integrity[p]);
        /* 4. reference latency: the steady growth of this step is no news (it moves the
         * reference with it); the gap left by the owner's jumps closes with the half-life.
         * 7. grievance decays */
        double lat = latency_now(w, pi, c);
        double ref = w->m.nuc_ref_latency[p] + (lat - lat_before);
        /* a fall of latency (a strike, a freeze) is no slack for later: the reference drops with
         * it at once, and rebuilding counts as change */
        w->m.nuc_ref_latency[p] = ref > lat ? lat : lat + (ref - lat) * c->adapt_keep;
        w->m.nuc_grievance[p] *= c->griev_keep;
    }
    if (w->projecting || !st)
        return;
    for (size_t p = 0; p < w->np; p++)
        decide(w, st, (int)p);
    st->cursor = w->nevents;
}

static int nuclear_init(brink_world *w, brink_error *err)
{
    nuc_state *st = brink_arena_alloc(&w->arena, sizeof *st);
    if (!st)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    memset(st, 0, sizeof *st);
    size_t np = w->np ? w->np : 1;
    st->prog = brink_arena_array(&w->arena, np, sizeof *st->prog);
    st->coarse = brink_arena_array(&w->arena, np, sizeof *st->coarse);
    st->last_cause = brink_arena_array(&w->arena, np, sizeof *st->last_cause);
    if (!st->prog || !st->coarse || !st->last_cause)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    for (int k = 0; k < P_COUNT; k++)
        if ((st->id[k] = brink_param_find(param_names[k])) < 0)
            return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                                   "parameter %s is not registered", param_names[k]);
    if (list_fearers(w, st) != BRINK_OK)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    w->mstate[BRINK_MECH_NUCLEAR] = st;
    return BRINK_OK;
}

static void nuclear_reset(brink_world *w)
{
    nuc_state *st = state_of(w);
    if (st && w->scratch)
        st = NULL; /* a scratch world's mstate belongs to the world it projects */
    if (st) {
        st->dt = w->dt_weeks;
        st->coarse_dt = w->proj_dt_weeks;
        for (size_t p = 0; p < w->np; p++) {
            prog_consts(w, st->id, st->dt, p, &st->prog[p]);
            prog_consts(w, st->id, st->coarse_dt, p, &st->coarse[p]);
            st->last_cause[p] = -1;
        }
        st->filled = 1;
        st->seed = w->seed;
        st->run = w->run;
        st->cursor = 0;
    }
    for (size_t p = 0; p < w->np; p++) {
        const brink_programme *pr = &w->sc->programmes[p];
        for (size_t l = 0; l < pr->nlevels; l++)
            w->m.nuc_stock[p * BRINK_MAX_LEVELS + l] = brink_world_value(w, &pr->stock_kg[l]);
        w->m.nuc_integrity[p] = brink_world_value(w, &pr->integrity);
        w->m.nuc_iaea[p] = brink_world_value(w, &pr->iaea_access);
        w->m.nuc_capacity[p] = 1;
        w->m.nuc_level[p] = pr->max_level;
        w->m.nuc_running[p] = 1;
        w->m.nuc_npt[p] = pr->npt_member;
        w->m.nuc_frozen[p] = 0;
        w->m.nuc_level_cap[p] = 0;
        w->m.nuc_stock_cap[p] = 0;
        w->m.nuc_grievance[p] = 0;
        if (pr->has_agreement) {
            w->m.nuc_level_cap[p] = pr->level_cap;
            w->m.nuc_stock_cap[p] = brink_world_value(w, &pr->stock_cap_kg);
            w->m.nuc_frozen[p] = pr->complying;
        }
        if (pr->has_agreement && pr->breached) {
            nuc_prog tmp;
            w->m.nuc_grievance[p] = consts(w, (int)p, &tmp)->v[P_GRIEV_BREACH];
        }
        /* the world is used to the programme as it is at the start */
        w->m.nuc_ref_latency[p] = brink_nuclear_latency(w, (int)p);
    }
}

const brink_mechanism brink_mech_nuclear = {
    .id = BRINK_MECH_NUCLEAR,
    .init = nuclear_init,
    .reset = nuclear_reset,
    .step = nuclear_step,
    .projects = 1,
    .coarse = 1, /* stock, integrity and latency are continuous; consts() has both steps */
};
