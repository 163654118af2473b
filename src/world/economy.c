/* SPDX-License-Identifier: MIT */
/*
 * economy.c — sanctions, evasion and the economy: step 4 of the schedule (MODEL.md sections 2
 * and 3). Per step of dt weeks, in this order:
 *
 *  1. Prices. The log deviation x of each market's price from its drawn baseline is an
 *     Ornstein-Uhlenbeck process, stepped exactly: x' = x k + sigma sqrt((1 - k^2) / (2 kappa)) Z
 *     with k = 2^(-dt / h_price) = exp(-kappa dt); Z ~ N(0, 1) only for oil markets and never in a
 *     projection. price = base_price exp(x). Other mechanisms add shocks through
 *     brink_economy_price_shock (hook for chokepoint closures and war news).
 *  2. Pressure. A seller s faces P_s = sum_j enforcement[j][s] + u_s un_sanctions[s]; its excess
 *     over the run's start is X_s = P_s - P_s(0). The scenario's volumes, discounts and rial trend
 *     are what the starting pressure already produces, so only X acts.
 *  3. Flows. Deliveries are the buyers' demand q minus the enforcement cut: volume =
 *     max(0, q - lost). lost_f (volume cut by enforcement and not yet regained) rises at the
 *     moment X rises: lost += V0 e (max(X', 0) - max(X, 0)) for a rise from X to X'
 *     (brink_economy_enforce), with V0 the base volume and e the enforcement sensitivity; it
 *     never exceeds V0 min(1, e X+). A cut is a blockage (tankers refused, payments stopped), so
 *     it acts at once. Each step the shadow fleet regains lost (1 - 2^(-dt / h_evasion)), the
 *     regain of a seller's sanctioned oil limited so that its oil deliveries stay within
 *     shadow_fleet_mbd (where given). Demand q moves toward its target with half-life
 *     h_buyer / (1 - c) when falling (c: the switching cost, which slows the buyer's exit) and
 *     h_buyer when rising; the target is the potential V0 (1 - c_b) (1 + e max(-X, 0)), raised
 *     by relief (X < 0) and lowered by the share c_b = buyer_cut the buyer chose to withdraw
 *     (decide.c), or 0 while a waiver the flow depends on is inactive (the flow is CUT, not paid
 *     into escrow). The discount of an oil flow is max(0, D0 + k min(X, 0)) + k min(1, u), with
 *     u = lost / (V0 e) the enforcement not yet evaded: it widens by k
 *     (economy.enforcement_discount_usd) per unit of it, narrows under relief, and reverts to D0
 *     as the fleet regains the volume.
 *  4. Revenue. Export earnings E_s = sum over s's priced flows of volume (price - discount)
 *     converted to USD bn/yr. Revenue = R0 s_oil E/E0 + R0 (1 - s_oil) y (R0, s_oil from the
 *     scenario; E0 the earnings at the start; y the output index), so it equals the scenario's
 *     revenue at the start and its oil part moves with volumes, prices and discounts. An actor
 *     without revenue_usd_bn has revenue E. The revenue gap g = s_oil (1 - E/E0) (1 - E/E0
 *     without R0), clamped to [-1, 1], drives the rest.
 *  5. Exchange rate (Laudati & Pesaran 2021: the rial over-reacts first, inflation follows,
 *     output falls later). News decays with h_news; what decays is priced at once:
 *     ln fx += trend dt + ln(1 + j) absorbed, with j = economy.fx_news_jump per unit of news;
 *     trend = (ln(1 + pi0) + a g) / 52.18 per week (PPP at the baseline inflation plus a
 *     sanctions premium that follows the revenue gap).
 *  6. Inflation moves toward pi0 + b (D - ln(1 + pi0)) with half-life h_pi, D the annualised log
 *     depreciation of this step (b = economy.inflation_passthrough); output y toward 1 - c_y g
 *     with h_y; hardship toward H0 + c_pi (pi - pi0) + c_g g with h_H. Each is a bounded stock
 *     that reverts to its baseline when the pressure goes.
 *
 * Every factor is a registered economy.* parameter (src/scenario/params.c); the step uses
 * half-life factors only, so results change with step_days only by discretisation error. It
 * draws only the price shocks, from brink_world_rng(w, BRINK_MECH_ECONOMY, hash of the market id),
 * allocates nothing, and records no events. The factors that stay constant within a run
 * (parameters, half-life factors, baselines) are computed once by reset and cached in the
 * economy's private state (econ_state below), since decisions' projections run the step tens of
 * thousands of times a run; results are the same bit for bit as computing them every step.
 * With the cache the step (step_cached) also walks lists init made of the actors by role
 * (sellers, movers, idle) instead of testing every actor, and calls the inline fmax/fmin of
 * core/fminmax.h, which return what libm's do to the bit; the general path without the cache
 * performs the same arithmetic in the same order. Inside a decision's projection the step can be
 * restricted to some actors' economies (w->proj_econ; step_cached_only), take its prices from an
 * earlier projection (w->proj_prices), and the pressure on each seller is cached in the
 * projection world (pressure_with); all of it gives the same bits as the full step.
 */
#include "world/economy.h"

#include "core/fminmax.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAYS_PER_YEAR BRINK_DAYS_PER_YEAR
#define WEEKS_PER_YEAR (DAYS_PER_YEAR / 7.0)
#define HOURS_PER_DAY 24.0
#define UNITS_PER_MILLION 1e6 /* barrels per million barrels */
#define USD_PER_BN BRINK_USD_PER_BN

/* The economy's parameters, as indices into econ_params.id. */
enum {
    P_BUYER_HL,
    P_DISC_USD,
    P_EVASION_HL,
    P_FX_GAP,
    P_FX_JUMP,
    P_GAS_CONV,
    P_HARD_HL,
    P_HARD_INFL,
    P_HARD_REV,
    P_INFL_HL,
    P_PASSTHROUGH,
    P_NEWS_HL,
    P_PRICE_HL,
    P_PRICE_VOL,
    P_OUT_EL,
    P_OUT_HL,
    P_UN_ENF,
    P_COUNT
};

static const char *const param_names[P_COUNT] = {"economy.buyer_halflife_weeks",
                                                 "economy.enforcement_discount_usd",
                                                 "economy.evasion_halflife_weeks",
                                                 "economy.fx_gap_depreciation",
                                                 "economy.fx_news_jump",
                                                 "economy.gas_mmbtu_per_mcm",
                                                 "economy.hardship_halflife_weeks",
                                                 "economy.hardship_inflation",
                                                 "economy.hardship_revenue",
                                                 "economy.inflation_halflife_weeks",
                                                 "economy.inflation_passthrough",
                                                 "economy.news_halflife_weeks",
                                                 "economy.oil_price_halflife_weeks",
                                                 "economy.oil_price_volatility",
                                                 "economy.output_gap_elasticity",
                                                 "economy.output_halflife_weeks",
                                                 "economy.un_sanctions_enforcement"};

/* Registry indices of the economy's parameters. */
typedef struct econ_params {
    int id[P_COUNT];
} econ_params;

/* Run constants shared by every market: the OU price process over one step and the gas
 * conversion of export earnings. */
typedef struct econ_global {
    double price_keep; /* share of a price deviation left after a step: 2^(-dt / h_price) */
    double price_sd;   /* sd of the step's price shock (exact OU variance over dt) */
    double gas_conv;   /* economy.gas_mmbtu_per_mcm */
} econ_global;

/* Run constants of one flow. */
typedef struct econ_flow {
    double sens;      /* enforcement_sensitivity e */
    double regain;    /* share of the cut the shadow fleet regains per step: 1 - 2^(-dt / h_ev) */
    double keep_fall; /* demand's keep factor when falling: 2^(-dt (1 - c) / h_buyer) (c the
                       * switching cost; 1 when c >= 1) */
    double keep_rise; /* demand's keep factor when rising: 2^(-dt / h_buyer) */
    double disc_usd;  /* economy.enforcement_discount_usd k */
    /* the flow's run constants the step reads, packed (step_flows_cached) */
    double v0, d0; /* base volume V0 and base discount D0 */
    double v0e;    /* V0 e */
    int oil;       /* an oil flow (discounts move; the shadow fleet carries it) */
    int oil_sens;  /* an oil flow with e > 0 (fleet_scale counts it) */
    int u_ok;      /* V0 > 0 and e > 0 (the unevaded share is defined) */
    int waiver;    /* the flow depends on a waiver */
    int market;    /* its market, or -1 (no earnings) */
    int earns;     /* its commodity has a conversion to USD (earnings) */
    double conv;   /* that conversion, units per day per (commodity unit x USD per unit) */
} econ_flow;

/* Run constants of one actor. */
typedef struct econ_actor {
    double un_enf;        /* economy.un_sanctions_enforcement u */
    double base_pressure; /* brink_economy_base_pressure */
    double e0;            /* export earnings at the start of the run, USD bn/yr */
    double r0, share;     /* revenue_usd_bn and oil_revenue_share */
    double pi0, d0;       /* baseline inflation and its log depreciation per year ln(1 + pi0) */
    double h0;            /* baseline hardship */
    double news_keep;     /* 2^(-dt / h_news) */
    double fx_gap;        /* economy.fx_gap_depreciation a */
    double fx_jump_log;   /* ln(1 + economy.fx_news_jump) */
    double passthrough;   /* economy.inflation_passthrough b */
    double infl_keep;     /* 2^(-dt / h_pi) */
    double out_el;        /* economy.output_gap_elasticity c_y */
    double out_keep;      /* 2^(-dt / h_y) */
    double hard_infl;     /* economy.hardship_inflation c_pi */
    double hard_rev;      /* economy.hardship_revenue c_g */
    double hard_keep;     /* 2^(-dt / h_H) */
    int is_economy;       /* the scenario gives the actor internals the economy moves */
    int priced;           /* the actor sells a flow priced in a market (export earnings) */
} econ_actor;

/* What the step of an idle actor (econ_state) reads, packed: its index and three of its
 * econ_actor constants. */
typedef struct econ_idle {
    size_t a;
    double news_keep, r0, share;
} econ_idle;

/* The run constants for steps of dt weeks. */
typedef struct econ_cache {
    double dt; /* step length in weeks the keep factors are for */
    econ_global global;
    econ_flow *flow;   /* [nf] */
    econ_actor *actor; /* [na] */
    econ_idle *idle;   /* [nidle] the idle actors of econ_state, in its order */
} econ_cache;

/* The economy's private state (w->mstate[BRINK_MECH_ECONOMY], from the world's arena).
 *
 * The registry indices, the flows each actor sells and the actors by role depend only on the
 * scenario and are set by init. Everything else is a per-run cache of the constants of the step:
 * parameters, half-life keep factors, baselines. They depend only on the scenario, the run's
 * draws and dt, yet the step runs tens of thousands of times a run inside decisions'
 * projections. economy_reset fills the cache for (seed, run) and for two step lengths (the
 * world's dt_weeks and the coarse step proj_dt_weeks of projections, brink_world_project_block)
 * and stamps it; it is used only by a world whose (seed, run) match the stamp: the world itself,
 * and the projection worlds of decide.c, which copy its draws, seed and run and share its
 * mstate. Any other world (a scratch world reset on its own, a world whose reset failed while
 * drawing) gets NULL from cache_of and recomputes the constants each time. Both paths compute
 * each constant with the same function (flow_consts, actor_consts, global_consts) and share the
 * arithmetic of the step (flow_cut, flow_move, step_mover, ...), so results are bit-identical
 * with and without the cache. A scratch world never fills the cache: its mstate belongs to the
 * world it projects. */
typedef struct econ_state {
    econ_params p;
    size_t *sold_at; /* [na + 1]: actor a sells flows sold[sold_at[a] .. sold_at[a + 1]) */
    size_t *sold;    /* [nf] flow indices grouped by seller, in index order within a seller */
    /* The actors the step visits, by role, each list in index order (scenario only, set by init):
     * sellers sell a flow; movers have priced flows or an economy (revenue_gap, step_macro);
     * idle actors are all the others, whose step only fades news. */
    size_t *sellers, *movers, *idle; /* [na] each */
    size_t nsellers, nmovers, nidle;
    int filled; /* the caches below hold the constants of run (seed, run) */
    uint64_t seed, run;
    econ_cache cache[2]; /* for steps of dt_weeks and of proj_dt_weeks (projections) */
} econ_state;

/* Fills p; returns 0 when every parameter is registered, else -1. */
static int find_params(econ_params *p)
{
    int rc = 0;
    for (size_t i = 0; i < P_COUNT; i++)
        if ((p->id[i] = brink_param_find(param_names[i])) < 0)
            rc = -1;
    return rc;
}

/* The economy's state of w, or NULL in a world without one. Borrowed. */
static const econ_state *state_of(const brink_world *w)
{
    return w->mstate[BRINK_MECH_ECONOMY];
}

/* The parameter indices: cached by init in w->mstate, looked up into *tmp in worlds without
 * one. Borrowed. */
static const econ_params *params_of(const brink_world *w, econ_params *tmp)
{
    const econ_state *st = state_of(w);
    if (st)
        return &st->p;
    find_params(tmp);
    return tmp;
}

/* The run cache for w's step length when it holds w's run, else NULL (see econ_state).
 * Borrowed. */
static const econ_cache *cache_of(const brink_world *w)
{
    const econ_state *st = state_of(w);
    if (!st || !st->filled || st->seed != w->seed || st->run != w->run)
        return NULL;
    for (int k = 0; k < 2; k++)
        if (st->cache[k].dt == w->dt_weeks)
            return &st->cache[k];
    return NULL;
}

/* Steps to the next flow sold by actor s from iterator position *pos (start at 0): sets *f and
 * returns 1, or returns 0 when s sells no more flows. Uses the seller lists of st when given. */
static int next_flow_of(const brink_world *w, const econ_state *st, size_t s, size_t *pos,
                        size_t *f)
{
    if (st) {
        size_t k = st->sold_at[s] + *pos;
        if (k >= st->sold_at[s + 1])
            return 0;
        *f = st->sold[k];
        ++*pos;
        return 1;
    }
    while (*pos < w->nf && w->sc->flows[*pos].from != (int)s)
        ++*pos;
    if (*pos >= w->nf)
        return 0;
    *f = (*pos)++;
    return 1;
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

static double gparam(const brink_world *w, int id)
{
    return brink_world_param(w, id, -1, -1, -1);
}

static double aparam(const brink_world *w, int id, size_t a)
{
    return brink_world_param(w, id, (int)a, -1, -1);
}

static double fparam(const brink_world *w, int id, size_t f)
{
    return brink_world_param(w, id, -1, -1, (int)f);
}

static double internal(const brink_world *w, size_t a, brink_internal i)
{
    return brink_world_value(w, &w->sc->actors[a].internal[i]);
}

/* An actor whose economy is modelled: the scenario gives it internals the economy moves. */
static int is_economy(const brink_actor *ac)
{
    return ac->internal[BRINK_INT_EXCHANGE_RATE].present ||
           ac->internal[BRINK_INT_REVENUE_USD_BN].present ||
           ac->internal[BRINK_INT_INFLATION].present || ac->internal[BRINK_INT_HARDSHIP].present;
}

/* ---- run constants ---- */

static void global_consts(const brink_world *w, const econ_params *p, double dt, econ_global *g)
{
    double h = gparam(w, p->id[P_PRICE_HL]), sigma = gparam(w, p->id[P_PRICE_VOL]);
    g->price_keep = brink_halflife_keep(h, dt);
    /* exact OU variance over dt: sigma^2 (1 - k^2) / (2 kappa), kappa = ln 2 / h */
    double kappa = h > 0 ? log(2.0) / h : 0;
    double var = kappa > 0 ? -expm1(-2 * kappa * dt) / (2 * kappa) : dt;
    g->price_sd = sigma * sqrt(var);
    g->gas_conv = gparam(w, p->id[P_GAS_CONV]);
}

static void flow_consts(const brink_world *w, const econ_params *p, double dt, size_t f,
                        econ_flow *c)
{
    const brink_flow *fl = &w->sc->flows[f];
    c->sens = brink_world_value(w, &fl->enforcement_sensitivity);
    c->regain = 1 - brink_halflife_keep(fparam(w, p->id[P_EVASION_HL], f), dt);
    double hb = fparam(w, p->id[P_BUYER_HL], f);
    double sw = brink_world_value(w, &fl->switching_cost);
    c->keep_fall = sw >= 1 ? 1 : brink_halflife_keep(hb / (1 - sw), dt);
    c->keep_rise = brink_halflife_keep(hb, dt);
    c->disc_usd = fparam(w, p->id[P_DISC_USD], f);
    c->v0 = w->base_volume[f];
    c->d0 = w->base_discount[f];
    c->v0e = c->v0 * c->sens;
    c->oil = fl->commodity == BRINK_OIL;
    c->oil_sens = c->oil && c->sens > 0;
    c->u_ok = c->v0 > 0 && c->sens > 0;
    c->waiver = fl->has_waiver;
}

/* USD bn/yr earned by `volume` of flow f's commodity sold at `net` USD per unit. */
static double earnings(const brink_world *w, const econ_global *g, size_t f, double volume,
                       double net)
{
    double per_day;
    switch (w->sc->flows[f].commodity) {
    case BRINK_OIL: /* mb/d x USD/bbl */
        per_day = volume * UNITS_PER_MILLION * net;
        break;
    case BRINK_GAS: /* mcm/d x MMBtu/mcm x USD/MMBtu */
        per_day = volume * g->gas_conv * net;
        break;
    case BRINK_ELECTRICITY: /* MW x h/d x USD/MWh */
        per_day = volume * HOURS_PER_DAY * net;
        break;
    default:
        per_day = 0;
    }
    return per_day * DAYS_PER_YEAR / USD_PER_BN;
}

/* Pressure on seller s at the start of the run (brink_economy_base_pressure), computed. */
static double base_pressure_now(const brink_world *w, size_t s)
{
    size_t na = w->na;
    double sum = 0;
    for (size_t j = 0; j < na; j++)
        if (j != s)
            sum += brink_world_value(w, &w->sc->relations[j * na + s].sanctions);
    return sum;
}

/* Export earnings of actor a at the start of the run, USD bn/yr, computed from the baselines. */
static double base_earnings(const brink_world *w, const econ_state *st, const econ_global *g,
                            size_t a)
{
    double sum = 0;
    size_t pos = 0, f;
    while (next_flow_of(w, st, a, &pos, &f)) {
        int m = w->sc->flows[f].market;
        if (m < 0)
            continue;
        sum += earnings(w, g, f, w->base_volume[f],
                        brink_fmax(0, w->base_price[m] - w->base_discount[f]));
    }
    return sum;
}

static void actor_consts(const brink_world *w, const econ_params *p, const econ_global *g,
                         double dt, size_t a, econ_actor *c)
{
    c->un_enf = aparam(w, p->id[P_UN_ENF], a);
    c->base_pressure = base_pressure_now(w, a);
    c->e0 = base_earnings(w, state_of(w), g, a);
    c->r0 = internal(w, a, BRINK_INT_REVENUE_USD_BN);
    c->share = internal(w, a, BRINK_INT_OIL_REVENUE_SHARE);
    c->pi0 = internal(w, a, BRINK_INT_INFLATION);
    c->d0 = log1p(brink_fmax(c->pi0, -0.5)); /* baseline log depreciation per year (PPP) */
    c->h0 = internal(w, a, BRINK_INT_HARDSHIP);
    c->news_keep = brink_halflife_keep(aparam(w, p->id[P_NEWS_HL], a), dt);
    c->fx_gap = aparam(w, p->id[P_FX_GAP], a);
    c->fx_jump_log = log1p(aparam(w, p->id[P_FX_JUMP], a));
    c->passthrough = aparam(w, p->id[P_PASSTHROUGH], a);
    c->infl_keep = brink_halflife_keep(aparam(w, p->id[P_INFL_HL], a), dt);
    c->out_el = aparam(w, p->id[P_OUT_EL], a);
    c->out_keep = brink_halflife_keep(aparam(w, p->id[P_OUT_HL], a), dt);
    c->hard_infl = aparam(w, p->id[P_HARD_INFL], a);
    c->hard_rev = aparam(w, p->id[P_HARD_REV], a);
    c->hard_keep = brink_halflife_keep(aparam(w, p->id[P_HARD_HL], a), dt);
    c->is_economy = is_economy(&w->sc->actors[a]);
    c->priced = 0;
    size_t pos = 0, f;
    while (next_flow_of(w, state_of(w), a, &pos, &f))
        c->priced |= w->sc->flows[f].market >= 0;
}

/* The run constants, from the cache c or computed into *tmp. Borrowed. */
static const econ_global *global_of(const brink_world *w, const econ_cache *c, const econ_params *p,
                                    econ_global *tmp)
{
    if (c)
        return &c->global;
    global_consts(w, p, w->dt_weeks, tmp);
    return tmp;
}

static const econ_flow *flow_of(const brink_world *w, const econ_cache *c, const econ_params *p,
                                size_t f, econ_flow *tmp)
{
    if (c)
        return &c->flow[f];
    flow_consts(w, p, w->dt_weeks, f, tmp);
    return tmp;
}

static const econ_actor *actor_of(const brink_world *w, const econ_cache *c, const econ_params *p,
                                  const econ_global *g, size_t a, econ_actor *tmp)
{
    if (c)
        return &c->actor[a];
    actor_consts(w, p, g, w->dt_weeks, a, tmp);
    return tmp;
}

static double un_enf_of(const brink_world *w, const econ_cache *c, const econ_params *p, size_t a)
{
    return c ? c->actor[a].un_enf : aparam(w, p->id[P_UN_ENF], a);
}

static double base_pressure_of(const brink_world *w, const econ_cache *c, size_t a)
{
    return c ? c->actor[a].base_pressure : base_pressure_now(w, a);
}

/* Fills the run cache of st from w (after economy_reset has set the baselines) for steps of
 * w->dt_weeks and for the projections' coarse steps of w->proj_dt_weeks, and stamps it with w's
 * run. */
static void fill_cache(const brink_world *w, econ_state *st)
{
    st->filled = 0;
    for (int k = 0; k < 2; k++) {
        econ_cache *c = &st->cache[k];
        c->dt = k == 0 ? w->dt_weeks : w->proj_dt_weeks;
        global_consts(w, &st->p, c->dt, &c->global);
        for (size_t f = 0; f < w->nf; f++) {
            econ_flow *cf = &c->flow[f];
            flow_consts(w, &st->p, c->dt, f, cf);
            /* earnings' conversion per commodity, as earnings() applies it */
            brink_commodity com = w->sc->flows[f].commodity;
            cf->market = w->sc->flows[f].market;
            cf->earns = com == BRINK_OIL || com == BRINK_GAS || com == BRINK_ELECTRICITY;
            cf->conv = com == BRINK_OIL   ? UNITS_PER_MILLION
                       : com == BRINK_GAS ? c->global.gas_conv
                                          : HOURS_PER_DAY;
        }
        for (size_t a = 0; a < w->na; a++)
            actor_consts(w, &st->p, &c->global, c->dt, a, &c->actor[a]);
        for (size_t i = 0; i < st->nidle; i++) {
            const econ_actor *ca = &c->actor[st->idle[i]];
            c->idle[i] = (econ_idle){st->idle[i], ca->news_keep, ca->r0, ca->share};
        }
    }
    st->seed = w->seed;
    st->run = w->run;
    st->filled = 1;
}

/* ---- pressure ---- */

/* Pressure on seller s now, with u its economy.un_sanctions_enforcement, summed. */
static double pressure_sum(const brink_world *w, double u, size_t s)
{
    size_t na = w->na;
    const double *col = w->m.enforcement + s; /* column s: enforcement[j][s] at col[j * na] */
    double sum = 0;
    /* j = 0 .. na - 1 except s, in that order (the same sum to the bit), in two runs so the
     * loops test no index */
    for (size_t j = 0; j < s; j++)
        sum += col[j * na];
    for (size_t j = s + 1; j < na; j++)
        sum += col[j * na];
    return sum + u * w->m.un_sanctions[s];
}

/* pressure_sum, inside a projection from the projection world's cache (w->proj_pressure): a
 * projection reads the pressure on a seller at every advance (its flows, buyers' exposure) and
 * changes it rarely, only through brink_economy_set_enforcement and
 * brink_economy_set_un_sanctions, which drop the seller's entry (drop_pressure), as the start of
 * a projection drops them all. In the checked projection mode of Debug builds and tests each
 * cached value is compared with the sum, and a difference (a write that bypassed those
 * functions) stops the program. */
static double pressure_with(const brink_world *w, double u, size_t s)
{
    if (!w->projecting || !w->proj_pressure_ok)
        return pressure_sum(w, u, s);
    if (w->proj_pressure_ok[s]) {
        double x = w->proj_pressure[s];
        if (w->proj_checked) {
            double y = pressure_sum(w, u, s);
            if (memcmp(&x, &y, sizeof x) != 0) {
                fprintf(stderr,
                        "brink: a projection at step %ld changed the enforcement on "
                        "actor %zu outside economy.c\n",
                        w->step, s);
                abort();
            }
        }
        return x;
    }
    double x = pressure_sum(w, u, s);
    w->proj_pressure[s] = x;
    w->proj_pressure_ok[s] = 1;
    return x;
}

/* Drops seller s's entry of the projection cache of pressure_with (its enforcement or UN
 * sanctions change). */
static void drop_pressure(brink_world *w, size_t s)
{
    if (w->proj_pressure_ok)
        w->proj_pressure_ok[s] = 0;
}

/* Logs entry k of enforcement as written by the projection under way (world.h's proj_enf_log,
 * for brink_world_projection_restart). */
static void log_enforcement(brink_world *w, size_t k)
{
    if (!w->projecting)
        return;
    if (w->nproj_enf_log < sizeof w->proj_enf_log / sizeof w->proj_enf_log[0])
        w->proj_enf_log[w->nproj_enf_log++] = k;
    else
        w->proj_enf_dirty = 1;
}

/* Drops sender j's entry of the projection world's cache of the enforcement j maintains
 * (world.h's proj_enf_sum: its enforcement on some target changes). */
static void drop_sender(brink_world *w, size_t j)
{
    if (w->proj_enf_ok)
        w->proj_enf_ok[j] = 0;
}

double brink_economy_pressure(const brink_world *w, int seller)
{
    if (seller < 0 || (size_t)seller >= w->na)
        return 0;
    size_t s = (size_t)seller;
    /* a projection's cached value, straight (the checked mode verifies it in pressure_with) */
    if (w->projecting && w->proj_pressure_ok && w->proj_pressure_ok[s] && !w->proj_checked)
        return w->proj_pressure[s];
    const econ_cache *c = cache_of(w);
    if (c) /* the common case; spares the parameter lookup */
        return pressure_with(w, c->actor[s].un_enf, s);
    econ_params tmp;
    const econ_params *p = params_of(w, &tmp);
    return pressure_with(w, un_enf_of(w, c, p, s), s);
}

double brink_economy_base_pressure(const brink_world *w, int seller)
{
    if (seller < 0 || (size_t)seller >= w->na)
        return 0;
    return base_pressure_of(w, cache_of(w), (size_t)seller);
}

/* Sets flow f's cut to `lost` and moves its volume by the opposite amount: deliveries are
 * demand minus the cut, so volume + lost (the buyers' demand) is unchanged. */
static void set_lost(brink_world *w, size_t f, double lost)
{
    w->m.volume[f] = brink_fmax(0, w->m.volume[f] - (lost - w->m.lost[f]));
    w->m.lost[f] = lost;
}

/* Applies a change of seller s's excess pressure from x_old to x_new to its flows' cuts. */
static void apply_pressure_change(brink_world *w, const econ_cache *c, const econ_params *p,
                                  size_t s, double x_old, double x_new)
{
    double rise = brink_fmax(x_new, 0) - brink_fmax(x_old, 0);
    size_t pos = 0, f;
    while (next_flow_of(w, state_of(w), s, &pos, &f)) {
        econ_flow tf;
        double v0 = w->base_volume[f];
        double e = flow_of(w, c, p, f, &tf)->sens;
        double lost = w->m.lost[f] + (rise > 0 ? v0 * e * rise : 0);
        set_lost(w, f, clamp(lost, 0, v0 * brink_fmin(1, e * brink_fmax(x_new, 0))));
    }
}

double brink_economy_set_enforcement(brink_world *w, int sender, int target, double level)
{
    size_t na = w->na;
    if (sender < 0 || target < 0 || (size_t)sender >= na || (size_t)target >= na ||
        sender == target || isnan(level))
        return 0;
    econ_params tmp;
    const econ_params *p = params_of(w, &tmp);
    const econ_cache *c = cache_of(w);
    size_t t = (size_t)target;
    double x_old = pressure_with(w, un_enf_of(w, c, p, t), t) - base_pressure_of(w, c, t);
    double *e = &w->m.enforcement[(size_t)sender * na + t];
    double old = *e;
    *e = clamp(level, 0, 1);
    log_enforcement(w, (size_t)sender * na + t);
    drop_pressure(w, t);
    drop_sender(w, (size_t)sender);
    double d = *e - old;
    apply_pressure_change(w, c, p, t, x_old, x_old + d);
    return d;
}

double brink_economy_enforce(brink_world *w, int sender, int target, double delta)
{
    if (sender < 0 || target < 0 || (size_t)sender >= w->na || (size_t)target >= w->na)
        return 0;
    double e = w->m.enforcement[(size_t)sender * w->na + (size_t)target];
    return brink_economy_set_enforcement(w, sender, target, e + delta);
}

void brink_economy_set_un_sanctions(brink_world *w, int target, int on)
{
    if (target < 0 || (size_t)target >= w->na)
        return;
    econ_params tmp;
    const econ_params *p = params_of(w, &tmp);
    const econ_cache *c = cache_of(w);
    size_t t = (size_t)target;
    double u = un_enf_of(w, c, p, t), base = base_pressure_of(w, c, t);
    double x_old = pressure_with(w, u, t) - base;
    w->m.un_sanctions[target] = on ? 1 : 0;
    drop_pressure(w, t);
    apply_pressure_change(w, c, p, t, x_old, pressure_with(w, u, t) - base);
}

void brink_economy_price_shock(brink_world *w, int market, double log_jump)
{
    if (market < 0 || (size_t)market >= w->nm || !isfinite(log_jump))
        return;
    w->m.price_shock[market] += log_jump;
}

/* ---- revenue ---- */

/* USD bn/yr that flow f earns now (volume x (price - discount), 0 for an unpriced flow). */
static inline double flow_earnings(const brink_world *w, const econ_global *g, size_t f)
{
    int m = w->sc->flows[f].market;
    if (m < 0)
        return 0;
    return earnings(w, g, f, w->m.volume[f], brink_fmax(0, w->m.price[m] - w->m.discount[f]));
}

/* Sets oil_revenue of actor a (constants ca) to its export earnings e and returns its revenue
 * gap g in [-1, 1]; *ratio receives E/E0 (1 without priced flows). */
static inline double revenue_gap_of(brink_world *w, const econ_actor *ca, size_t a, double e,
                                    double *ratio)
{
    w->m.oil_revenue[a] = e;
    *ratio = ca->e0 > 0 ? e / ca->e0 : 1;
    double gap = ca->r0 > 0 ? ca->share * (1 - *ratio) : 1 - *ratio;
    return clamp(gap, -1, 1);
}

/* Export earnings of actor a now, USD bn/yr: the sum over the flows it sells, in flow order
 * (flows without a market are skipped). */
static double export_earnings(const brink_world *w, const econ_global *g, size_t a)
{
    double e = 0;
    size_t pos = 0, f;
    while (next_flow_of(w, state_of(w), a, &pos, &f))
        if (w->sc->flows[f].market >= 0)
            e += flow_earnings(w, g, f);
    return e;
}

/* revenue_gap_of with a's export earnings now. */
static double revenue_gap(brink_world *w, const econ_global *g, const econ_actor *ca, size_t a,
                          double *ratio)
{
    return revenue_gap_of(w, ca, a, export_earnings(w, g, a), ratio);
}

/* Sets revenue of actor a from its export-earnings ratio and its output index. */
static inline void set_revenue(brink_world *w, const econ_actor *ca, size_t a, double ratio)
{
    double r0 = ca->r0;
    if (r0 > 0) {
        double share = ca->share;
        w->m.revenue[a] = r0 * share * ratio + r0 * (1 - share) * w->m.gdp_index[a];
    } else {
        w->m.revenue[a] = w->m.oil_revenue[a];
    }
}

/* ---- the step ---- */

static void step_prices(brink_world *w, const econ_global *g)
{
    double keep = g->price_keep, sd = g->price_sd;
    for (size_t m = 0; m < w->nm; m++) {
        const brink_market *mk = &w->sc->markets[m];
        double x = w->m.price_shock[m] * keep;
        if (mk->commodity == BRINK_OIL && !w->projecting && sd > 0) {
            brink_rng rng = brink_world_rng(w, BRINK_MECH_ECONOMY, brink_hash_str(mk->id));
            x += brink_dist_normal(&rng, 0, sd);
        }
        w->m.price_shock[m] = x;
        /* exp(+-0) is exactly 1 and base x 1 is base: a market without shocks (in projections,
         * every market but those a chokepoint or war news moved) costs no exp */
        w->m.price[m] = x == 0 ? w->base_price[m] : w->base_price[m] * exp(x);
    }
}

/* A flow cut because the waiver it depends on is not active. */
static int waiver_cut(const brink_world *w, size_t f)
{
    return w->sc->flows[f].has_waiver && !w->m.waiver_active[f];
}

/* Pass 1 of step_flows_of for flow f (constants cf) under positive excess pressure xpos: the
 * cut no larger than the pressure justifies; adds what the shadow fleet carries now and would
 * regain this step to *carried and *regain. */
static inline void flow_cut(brink_world *w, const econ_flow *cf, size_t f, double xpos,
                            double *carried, double *regain)
{
    double v0 = w->base_volume[f], e = cf->sens;
    set_lost(w, f, clamp(w->m.lost[f], 0, v0 * brink_fmin(1, e * xpos)));
    if (w->sc->flows[f].commodity != BRINK_OIL || !(e > 0))
        return;
    *carried += w->m.volume[f];
    *regain += w->m.lost[f] * cf->regain;
}

/* Pass 2 of step_flows_of for flow f (constants cf): regain (scaled by `scale` for sanctioned
 * oil), demand, volume, discount; x the seller's excess pressure, xneg = max(-x, 0). */
static inline void flow_move(brink_world *w, const econ_flow *cf, size_t f, double x, double xneg,
                             double scale)
{
    const brink_flow *fl = &w->sc->flows[f];
    double v0 = w->base_volume[f], e = cf->sens;
    double q = w->m.volume[f] + w->m.undelivered[f] + w->m.lost[f];
    double r = w->m.lost[f] * cf->regain;
    if (fl->commodity == BRINK_OIL && e > 0)
        r *= scale;
    w->m.lost[f] -= r;
    /* buyers' demand: the potential (raised by relief) less what the buyer chose to cut
     * (w->m.buyer_cut, a decision), or nothing without the waiver */
    double q_target = waiver_cut(w, f) ? 0 : v0 * (1 - w->m.buyer_cut[f]) * (1 + e * xneg);
    double kq = q_target < q ? cf->keep_fall : cf->keep_rise;
    q = q_target + (q - q_target) * kq;
    /* a closed chokepoint (conflict.c) withholds the share `blocked` of what would be
     * delivered; the buyers' demand stays, so deliveries return when it reopens */
    double open = brink_fmax(0, q - w->m.lost[f]);
    w->m.volume[f] = open * (1 - w->m.blocked[f]);
    w->m.undelivered[f] = open - w->m.volume[f];
    double d0 = w->base_discount[f];
    if (fl->commodity == BRINK_OIL) {
        double k = cf->disc_usd;
        double u = v0 > 0 && e > 0 ? w->m.lost[f] / (v0 * e) : 0;
        w->m.discount[f] = brink_fmax(0, d0 + k * brink_fmin(x, 0)) + k * brink_fmin(1, u);
    } else {
        w->m.discount[f] = d0;
    }
}

/* The share of the shadow fleet's regain of seller s that fits within its capacity
 * (shadow_fleet_mbd, where given) beside the oil it carries now. */
static inline double fleet_scale(const brink_world *w, size_t s, double carried, double regain)
{
    const brink_value *cap = &w->sc->actors[s].internal[BRINK_INT_SHADOW_FLEET_MBD];
    if (cap->present && regain > 0) {
        double room = brink_fmax(0, brink_world_value(w, cap) - carried);
        if (regain > room)
            return room / regain;
    }
    return 1;
}

/* Evasion, relief, waivers, buyers' adjustment and discounts of the flows of seller s (constants
 * ca). Invariant: volume = max(0, q - lost), with q the buyers' demand (potential volume, lagged)
 * and lost the enforcement cut, so q is read back as volume + lost (exact unless the volume is
 * clamped at 0, where q is taken as lost: only when a cut waiver already drove demand below the
 * cut). */
static void step_flows_of(brink_world *w, const econ_cache *c, const econ_params *p,
                          const econ_actor *ca, size_t s)
{
    const econ_state *st = state_of(w);
    size_t pos = 0, f;
    if (!next_flow_of(w, st, s, &pos, &f))
        return; /* sells nothing */
    double x = pressure_with(w, ca->un_enf, s) - ca->base_pressure;
    double xpos = brink_fmax(x, 0), xneg = brink_fmax(-x, 0);
    double carried = 0, regain = 0;
    for (pos = 0; next_flow_of(w, st, s, &pos, &f);) {
        econ_flow tf;
        flow_cut(w, flow_of(w, c, p, f, &tf), f, xpos, &carried, &regain);
    }
    double scale = fleet_scale(w, s, carried, regain);
    for (pos = 0; next_flow_of(w, st, s, &pos, &f);) {
        econ_flow tf;
        flow_move(w, flow_of(w, c, p, f, &tf), f, x, xneg, scale);
    }
}

/* step_flows_of with the run cache c and the seller lists of st: the same arithmetic in the
 * same order (flow_cut, then fleet_scale, then flow_move, per flow), from the packed constants
 * of econ_flow instead of the scenario's flows and the world's baselines. */
static void step_flows_cached(brink_world *w, const econ_state *st, const econ_cache *c, size_t s)
{
    const size_t *fl = st->sold + st->sold_at[s];
    size_t n = st->sold_at[s + 1] - st->sold_at[s];
    const econ_actor *ca = &c->actor[s];
    double x = pressure_with(w, ca->un_enf, s) - ca->base_pressure;
    double xpos = brink_fmax(x, 0), xneg = brink_fmax(-x, 0), xmin = brink_fmin(x, 0);
    double *volume = w->m.volume, *lost = w->m.lost, *undelivered = w->m.undelivered;
    double *discount = w->m.discount;
    const double *cut = w->m.buyer_cut, *blocked = w->m.blocked;
    const int *waiver_active = w->m.waiver_active;
    double carried = 0, regain = 0;
    for (size_t k = 0; k < n; k++) { /* flow_cut */
        size_t f = fl[k];
        const econ_flow *cf = &c->flow[f];
        double l = clamp(lost[f], 0, cf->v0 * brink_fmin(1, cf->sens * xpos));
        volume[f] = brink_fmax(0, volume[f] - (l - lost[f])); /* set_lost */
        lost[f] = l;
        if (cf->oil_sens) {
            carried += volume[f];
            regain += l * cf->regain;
        }
    }
    double scale = fleet_scale(w, s, carried, regain);
    for (size_t k = 0; k < n; k++) { /* flow_move */
        size_t f = fl[k];
        const econ_flow *cf = &c->flow[f];
        double l = lost[f];
        double q = volume[f] + undelivered[f] + l;
        double r = l * cf->regain;
        if (cf->oil_sens)
            r *= scale;
        l -= r;
        lost[f] = l;
        double q_target =
            cf->waiver && !waiver_active[f] ? 0 : cf->v0 * (1 - cut[f]) * (1 + cf->sens * xneg);
        double kq = q_target < q ? cf->keep_fall : cf->keep_rise;
        q = q_target + (q - q_target) * kq;
        double open = brink_fmax(0, q - l);
        double v = open * (1 - blocked[f]);
        volume[f] = v;
        undelivered[f] = open - v;
        if (cf->oil) {
            double kd = cf->disc_usd;
            double u = cf->u_ok ? l / cf->v0e : 0;
            discount[f] = brink_fmax(0, cf->d0 + kd * xmin) + kd * brink_fmin(1, u);
        } else {
            discount[f] = cf->d0;
        }
    }
}

/* Output of economy a (constants ca) with revenue gap g: the part of step_macro that revenue
 * reads (set_revenue), shared with the lean step of projections (step_cached_only). */
static inline void step_output(brink_world *w, const econ_actor *ca, size_t a, double g)
{
    double y_target = clamp(1 - ca->out_el * g, 0, 2);
    w->m.gdp_index[a] = y_target + (w->m.gdp_index[a] - y_target) * ca->out_keep;
}

/* News absorption, exchange rate, inflation, output and hardship of economy a (constants ca)
 * with revenue gap g. */
static void step_macro(brink_world *w, const econ_actor *ca, size_t a, double g)
{
    double dt = w->dt_weeks;
    double pi0 = ca->pi0, d0 = ca->d0;
    double absorbed = w->m.news[a] * (1 - ca->news_keep);
    w->m.news[a] -= absorbed;
    double dep = d0; /* annualised log depreciation this step */
    if (w->m.fx[a] > 0) {
        double trend = (d0 + ca->fx_gap * g) / WEEKS_PER_YEAR;
        double jump = ca->fx_jump_log * absorbed;
        w->m.fx_trend[a] = trend;
        w->m.fx[a] *= exp(trend * dt + jump);
        dep = (trend * dt + jump) / dt * WEEKS_PER_YEAR;
    }
    double pi_target = pi0 + ca->passthrough * (dep - d0);
    double pi = clamp(pi_target + (w->m.inflation[a] - pi_target) * ca->infl_keep, -0.5, 100);
    w->m.inflation[a] = pi;
    step_output(w, ca, a, g);
    double h_target = clamp(ca->h0 + ca->hard_infl * (pi - pi0) + ca->hard_rev * g, 0, 1);
    w->m.hardship[a] = clamp(h_target + (w->m.hardship[a] - h_target) * ca->hard_keep, 0, 1);
}

/* Revenue, and the macro economy or the fading of news, of an actor with priced flows or an
 * economy (a mover), its export earnings e already summed. */
static inline void step_mover(brink_world *w, const econ_actor *ca, size_t a, double e)
{
    double ratio, gap = revenue_gap_of(w, ca, a, e, &ratio);
    if (ca->is_economy) {
        step_macro(w, ca, a, gap);
    } else {
        /* news on an actor without an economy still fades */
        w->m.news[a] *= ca->news_keep;
    }
    set_revenue(w, ca, a, ratio);
}

/* The step of an actor without priced flows or an economy: what revenue_gap and step_mover
 * give it (E = E0 = 0, so E/E0 counts as 1, and no economy to move): only news fades. */
static inline void step_idle(brink_world *w, const econ_actor *ca, size_t a)
{
    w->m.oil_revenue[a] = 0;
    w->m.news[a] *= ca->news_keep;
    set_revenue(w, ca, a, 1);
}

/* The step with the run cache c and the role lists of st: the same updates as the general path
 * of economy_step. Actors are visited by role rather than in index order, which changes nothing:
 * the flows are all stepped first, as there, and each actor's update then reads the flows and
 * writes only its own entries. */
static void step_cached(brink_world *w, const econ_state *st, const econ_cache *c)
{
    const econ_global *g = &c->global;
    step_prices(w, g);
    for (size_t k = 0; k < st->nsellers; k++)
        step_flows_cached(w, st, c, st->sellers[k]);
    for (size_t k = 0; k < st->nmovers; k++) {
        size_t a = st->movers[k];
        double e = 0;
        for (size_t i = st->sold_at[a]; i < st->sold_at[a + 1]; i++)
            if (w->sc->flows[st->sold[i]].market >= 0)
                e += flow_earnings(w, g, st->sold[i]);
        step_mover(w, &c->actor[a], a, e);
    }
    /* step_idle from the packed constants */
    double *oil_revenue = w->m.oil_revenue, *news = w->m.news, *revenue = w->m.revenue;
    for (size_t k = 0; k < st->nidle; k++) {
        const econ_idle *ci = &c->idle[k];
        size_t a = ci->a;
        oil_revenue[a] = 0;
        news[a] *= ci->news_keep;
        double r0 = ci->r0, share = ci->share, ratio = 1;
        revenue[a] = r0 > 0 ? r0 * share * ratio + r0 * (1 - share) * w->m.gdp_index[a] : 0;
    }
}

/* The step inside a projection restricted to the economies of the actors only[0..n)
 * (w->proj_econ, ascending): prices (or the prices w->proj_prices gives), and for these actors the
 * flows they sell, their export earnings, output and revenue, with the same arithmetic as
 * step_cached. Each actor's part of the step reads only its own state, the flows it sells and the
 * prices, and writes only its own, so these parts come out as the whole step leaves them while the
 * other actors keep their state. The rest of step_mover and step_idle (news, exchange rate,
 * inflation, hardship) is left out: revenue does not read it, and the caller guarantees that
 * nothing else that steps in the projection does (decide.c; domestic, nuclear and diplomacy do not
 * step there). */
static void step_cached_only(brink_world *w, const econ_state *st, const econ_cache *c,
                             const size_t *only, size_t n)
{
    const econ_global *g = &c->global;
    if (w->proj_prices) { /* the same prices, stepped before (world.h) */
        for (size_t m = 0; m < w->nm; m++) {
            w->m.price_shock[m] = w->proj_prices[m];
            w->m.price[m] = w->proj_prices[w->nm + m];
        }
    } else {
        step_prices(w, g);
    }
    for (size_t k = 0; k < n; k++)
        if (st->sold_at[only[k]] < st->sold_at[only[k] + 1])
            step_flows_cached(w, st, c, only[k]);
    for (size_t k = 0; k < n; k++) {
        size_t a = only[k];
        const econ_actor *ca = &c->actor[a];
        double e = 0;
        for (size_t i = st->sold_at[a]; i < st->sold_at[a + 1]; i++) {
            size_t f = st->sold[i];
            const econ_flow *cf = &c->flow[f];
            if (cf->market >= 0) /* flow_earnings from the packed constants */
                e += (cf->earns ? w->m.volume[f] * cf->conv *
                                      brink_fmax(0, w->m.price[cf->market] - w->m.discount[f])
                                : 0) *
                     DAYS_PER_YEAR / USD_PER_BN;
        }
        /* revenue_gap_of gives an idle actor (E = E0 = 0) ratio 1 and sets oil_revenue 0, as
         * step_idle does */
        double ratio, gap = revenue_gap_of(w, ca, a, e, &ratio);
        if (ca->is_economy)
            step_output(w, ca, a, gap);
        set_revenue(w, ca, a, ratio);
    }
}

static void economy_step(brink_world *w)
{
    const econ_state *st = state_of(w);
    const econ_cache *c = cache_of(w);
    if (c) { /* c implies st; the common case, in every step of a run and its projections */
        if (w->projecting && w->proj_econ)
            step_cached_only(w, st, c, w->proj_econ, w->nproj_econ);
        else
            step_cached(w, st, c);
        return;
    }
    econ_params tmp;
    const econ_params *p = params_of(w, &tmp);
    econ_global tg;
    const econ_global *g = global_of(w, c, p, &tg);
    step_prices(w, g);
    for (size_t s = 0; s < w->na; s++) {
        if (st && st->sold_at[s] == st->sold_at[s + 1])
            continue; /* sells nothing */
        econ_actor ta;
        step_flows_of(w, c, p, actor_of(w, c, p, g, s, &ta), s);
    }
    for (size_t a = 0; a < w->na; a++) {
        econ_actor ta;
        const econ_actor *ca = actor_of(w, c, p, g, a, &ta);
        if (!ca->priced && !ca->is_economy) {
            step_idle(w, ca, a);
            continue;
        }
        step_mover(w, ca, a, export_earnings(w, g, a));
    }
}

static void economy_reset(brink_world *w)
{
    const brink_scenario *sc = w->sc;
    for (size_t m = 0; m < w->nm; m++) {
        w->base_price[m] = brink_world_value(w, &sc->markets[m].price);
        w->m.price_shock[m] = 0;
        w->m.price[m] = w->base_price[m];
    }
    for (size_t f = 0; f < w->nf; f++) {
        w->base_volume[f] = brink_world_value(w, &sc->flows[f].volume);
        w->base_discount[f] = brink_world_value(w, &sc->flows[f].discount);
        w->m.volume[f] = w->base_volume[f];
        w->m.lost[f] = 0;
        w->m.discount[f] = w->base_discount[f];
    }
    /* the run's constants, now that the draws and baselines are set; never from a scratch
     * world, whose mstate belongs to the world it projects */
    econ_state *st = w->mstate[BRINK_MECH_ECONOMY];
    if (st && !w->scratch)
        fill_cache(w, st);
    econ_params tmp;
    const econ_params *p = params_of(w, &tmp);
    const econ_cache *c = cache_of(w);
    econ_global tg;
    const econ_global *g = global_of(w, c, p, &tg);
    for (size_t a = 0; a < w->na; a++) {
        econ_actor ta;
        const econ_actor *ca = actor_of(w, c, p, g, a, &ta);
        w->m.fx[a] = internal(w, a, BRINK_INT_EXCHANGE_RATE);
        w->m.fx_trend[a] = w->m.fx[a] > 0 ? ca->d0 / WEEKS_PER_YEAR : 0;
        w->m.inflation[a] = ca->pi0;
        w->m.gdp_index[a] = 1;
        w->m.hardship[a] = ca->h0;
        double ratio;
        revenue_gap(w, g, ca, a, &ratio);
        set_revenue(w, ca, a, ratio);
    }
}

static int economy_init(brink_world *w, brink_error *err)
{
    size_t na = w->na, nf = w->nf;
    econ_state *st = brink_arena_alloc(&w->arena, sizeof *st);
    if (!st)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    st->sold_at = brink_arena_array(&w->arena, na + 1, sizeof *st->sold_at);
    st->sold = brink_arena_array(&w->arena, nf ? nf : 1, sizeof *st->sold);
    st->sellers = brink_arena_array(&w->arena, na ? na : 1, sizeof *st->sellers);
    st->movers = brink_arena_array(&w->arena, na ? na : 1, sizeof *st->movers);
    st->idle = brink_arena_array(&w->arena, na ? na : 1, sizeof *st->idle);
    int ok = st->sold_at && st->sold && st->sellers && st->movers && st->idle;
    for (int k = 0; k < 2; k++) {
        econ_cache *c = &st->cache[k];
        c->flow = brink_arena_array(&w->arena, nf ? nf : 1, sizeof *c->flow);
        c->actor = brink_arena_array(&w->arena, na ? na : 1, sizeof *c->actor);
        c->idle = brink_arena_array(&w->arena, na ? na : 1, sizeof *c->idle);
        ok = ok && c->flow && c->actor && c->idle;
    }
    if (!ok)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    if (find_params(&st->p) != 0)
        return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                               "an economy.* parameter is missing from the registry");
    /* the flows each actor sells, grouped by seller in flow order (a flow whose seller is not
     * an actor index belongs to none) */
    size_t k = 0;
    for (size_t a = 0; a < na; a++) {
        st->sold_at[a] = k;
        for (size_t f = 0; f < nf; f++)
            if (w->sc->flows[f].from == (int)a)
                st->sold[k++] = f;
    }
    st->sold_at[na] = k;
    /* the actors by role, as actor_consts sets is_economy and priced */
    st->nsellers = st->nmovers = st->nidle = 0;
    for (size_t a = 0; a < na; a++) {
        int priced = 0;
        for (size_t i = st->sold_at[a]; i < st->sold_at[a + 1]; i++)
            priced |= w->sc->flows[st->sold[i]].market >= 0;
        if (st->sold_at[a] < st->sold_at[a + 1])
            st->sellers[st->nsellers++] = a;
        if (priced || is_economy(&w->sc->actors[a]))
            st->movers[st->nmovers++] = a;
        else
            st->idle[st->nidle++] = a;
    }
    st->filled = 0;
    w->mstate[BRINK_MECH_ECONOMY] = st;
    return BRINK_OK;
}

const brink_mechanism brink_mech_economy = {
    .id = BRINK_MECH_ECONOMY,
    .init = economy_init,
    .fini = NULL,
    .reset = economy_reset,
    .step = economy_step,
    .projects = 1,
    .coarse = 1, /* continuous dynamics; the run cache holds both step lengths */
};

/* ---- indicators ---- */

void brink_economy_sample(brink_world *w)
{
    for (size_t i = 0; i < w->nseries; i++) {
        const brink_series *s = &w->series[i];
        size_t k = (size_t)s->subject;
        double v;
        switch (s->indicator) {
        case BRINK_IND_OIL_EXPORTS_MBD:
            if (s->subject_kind != BRINK_SUBJECT_ACTOR)
                continue;
            v = 0;
            for (size_t f = 0; f < w->nf; f++)
                if (w->sc->flows[f].from == s->subject && w->sc->flows[f].commodity == BRINK_OIL)
                    v += w->m.volume[f];
            break;
        case BRINK_IND_FLOW_VOLUME:
            if (s->subject_kind != BRINK_SUBJECT_FLOW)
                continue;
            v = w->m.volume[k];
            break;
        case BRINK_IND_OIL_PRICE:
            if (s->subject_kind != BRINK_SUBJECT_MARKET)
                continue;
            v = w->m.price[k];
            break;
        case BRINK_IND_OIL_DISCOUNT:
            if (s->subject_kind != BRINK_SUBJECT_FLOW)
                continue;
            v = w->m.discount[k];
            break;
        case BRINK_IND_REVENUE_USD_BN:
        case BRINK_IND_EXCHANGE_RATE:
        case BRINK_IND_INFLATION:
        case BRINK_IND_HARDSHIP:
            if (s->subject_kind != BRINK_SUBJECT_ACTOR)
                continue;
            v = s->indicator == BRINK_IND_REVENUE_USD_BN  ? w->m.revenue[k]
                : s->indicator == BRINK_IND_EXCHANGE_RATE ? w->m.fx[k]
                : s->indicator == BRINK_IND_INFLATION     ? w->m.inflation[k]
                                                          : w->m.hardship[k];
            break;
        default:
            continue;
        }
        w->value[i] = v;
    }
}

/* ---- valuation for decisions ---- */

int brink_economy_flow_conv(const brink_world *w, int flow, double *conv)
{
    *conv = 0;
    if (flow < 0 || (size_t)flow >= w->nf)
        return 0;
    econ_params tmp;
    const econ_params *p = params_of(w, &tmp);
    econ_global tg;
    const econ_global *g = global_of(w, cache_of(w), p, &tg);
    switch (w->sc->flows[flow].commodity) { /* as earnings() converts */
    case BRINK_OIL:
        *conv = UNITS_PER_MILLION;
        return 1;
    case BRINK_GAS:
        *conv = g->gas_conv;
        return 1;
    case BRINK_ELECTRICITY:
        *conv = HOURS_PER_DAY;
        return 1;
    default:
        return 0;
    }
}

double brink_economy_flow_usd_bn(const brink_world *w, int flow, double volume, double usd_per_unit)
{
    if (flow < 0 || (size_t)flow >= w->nf)
        return 0;
    econ_params tmp;
    const econ_params *p = params_of(w, &tmp);
    econ_global tg;
    return earnings(w, global_of(w, cache_of(w), p, &tg), (size_t)flow, volume, usd_per_unit);
}
