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
 *     h_buyer when rising; the target is the potential V0 (1 + e max(-X, 0)), raised by relief
 *     (X < 0), or 0 while a waiver the flow depends on is inactive (the flow is CUT, not paid
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
 * allocates nothing, and records no events.
 */
#include "world/economy.h"

#include <math.h>

#define DAYS_PER_YEAR 365.25
#define WEEKS_PER_YEAR (DAYS_PER_YEAR / 7.0)
#define HOURS_PER_DAY 24.0
#define UNITS_PER_MILLION 1e6 /* barrels per million barrels */
#define USD_PER_BN 1e9

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

/* Fills p; returns 0 when every parameter is registered, else -1. */
static int find_params(econ_params *p)
{
    int rc = 0;
    for (size_t i = 0; i < P_COUNT; i++)
        if ((p->id[i] = brink_param_find(param_names[i])) < 0)
            rc = -1;
    return rc;
}

/* The parameter indices: cached by init in w->mstate, looked up into *tmp in worlds without
 * one (projection worlds skip init). Borrowed. */
static const econ_params *params_of(const brink_world *w, econ_params *tmp)
{
    const econ_params *p = w->mstate[BRINK_MECH_ECONOMY];
    if (p)
        return p;
    find_params(tmp);
    return tmp;
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

/* ---- pressure ---- */

static double pressure_with(const brink_world *w, const econ_params *p, int s)
{
    size_t na = w->na;
    double sum = 0;
    for (size_t j = 0; j < na; j++)
        if ((int)j != s)
            sum += w->m.enforcement[j * na + (size_t)s];
    return sum + aparam(w, p->id[P_UN_ENF], (size_t)s) * w->m.un_sanctions[s];
}

double brink_economy_pressure(const brink_world *w, int seller)
{
    if (seller < 0 || (size_t)seller >= w->na)
        return 0;
    econ_params tmp;
    return pressure_with(w, params_of(w, &tmp), seller);
}

double brink_economy_base_pressure(const brink_world *w, int seller)
{
    if (seller < 0 || (size_t)seller >= w->na)
        return 0;
    size_t na = w->na;
    double sum = 0;
    for (size_t j = 0; j < na; j++)
        if ((int)j != seller)
            sum += brink_world_value(w, &w->sc->relations[j * na + (size_t)seller].sanctions);
    return sum;
}

/* Sets flow f's cut to `lost` and moves its volume by the opposite amount: deliveries are
 * demand minus the cut, so volume + lost (the buyers' demand) is unchanged. */
static void set_lost(brink_world *w, size_t f, double lost)
{
    w->m.volume[f] = fmax(0, w->m.volume[f] - (lost - w->m.lost[f]));
    w->m.lost[f] = lost;
}

/* Applies a change of seller s's excess pressure from x_old to x_new to its flows' cuts. */
static void apply_pressure_change(brink_world *w, int s, double x_old, double x_new)
{
    double rise = fmax(x_new, 0) - fmax(x_old, 0);
    for (size_t f = 0; f < w->nf; f++) {
        const brink_flow *fl = &w->sc->flows[f];
        if (fl->from != s)
            continue;
        double v0 = w->base_volume[f];
        double e = brink_world_value(w, &fl->enforcement_sensitivity);
        double lost = w->m.lost[f] + (rise > 0 ? v0 * e * rise : 0);
        set_lost(w, f, clamp(lost, 0, v0 * fmin(1, e * fmax(x_new, 0))));
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
    double x_old = pressure_with(w, p, target) - brink_economy_base_pressure(w, target);
    double *e = &w->m.enforcement[(size_t)sender * na + (size_t)target];
    double old = *e;
    *e = clamp(level, 0, 1);
    double d = *e - old;
    apply_pressure_change(w, target, x_old, x_old + d);
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
    double base = brink_economy_base_pressure(w, target);
    double x_old = pressure_with(w, p, target) - base;
    w->m.un_sanctions[target] = on ? 1 : 0;
    apply_pressure_change(w, target, x_old, pressure_with(w, p, target) - base);
}

void brink_economy_price_shock(brink_world *w, int market, double log_jump)
{
    if (market < 0 || (size_t)market >= w->nm || !isfinite(log_jump))
        return;
    w->m.price_shock[market] += log_jump;
}

/* ---- revenue ---- */

/* USD bn/yr earned by `volume` of flow f's commodity sold at `net` USD per unit. */
static double earnings(const brink_world *w, const econ_params *p, size_t f, double volume,
                       double net)
{
    double per_day;
    switch (w->sc->flows[f].commodity) {
    case BRINK_OIL: /* mb/d x USD/bbl */
        per_day = volume * UNITS_PER_MILLION * net;
        break;
    case BRINK_GAS: /* mcm/d x MMBtu/mcm x USD/MMBtu */
        per_day = volume * gparam(w, p->id[P_GAS_CONV]) * net;
        break;
    case BRINK_ELECTRICITY: /* MW x h/d x USD/MWh */
        per_day = volume * HOURS_PER_DAY * net;
        break;
    default:
        per_day = 0;
    }
    return per_day * DAYS_PER_YEAR / USD_PER_BN;
}

/* Export earnings of actor a now (*now) and at the start of the run (*base), USD bn/yr. */
static void export_earnings(const brink_world *w, const econ_params *p, size_t a, double *now,
                            double *base)
{
    *now = *base = 0;
    for (size_t f = 0; f < w->nf; f++) {
        const brink_flow *fl = &w->sc->flows[f];
        if (fl->from != (int)a || fl->market < 0)
            continue;
        size_t m = (size_t)fl->market;
        *now += earnings(w, p, f, w->m.volume[f], fmax(0, w->m.price[m] - w->m.discount[f]));
        *base +=
            earnings(w, p, f, w->base_volume[f], fmax(0, w->base_price[m] - w->base_discount[f]));
    }
}

/* Sets oil_revenue of actor a and returns its revenue gap g in [-1, 1]; *ratio receives E/E0
 * (1 without priced flows). */
static double revenue_gap(brink_world *w, const econ_params *p, size_t a, double *ratio)
{
    double e, e0;
    export_earnings(w, p, a, &e, &e0);
    w->m.oil_revenue[a] = e;
    *ratio = e0 > 0 ? e / e0 : 1;
    double r0 = internal(w, a, BRINK_INT_REVENUE_USD_BN);
    double g = r0 > 0 ? internal(w, a, BRINK_INT_OIL_REVENUE_SHARE) * (1 - *ratio) : 1 - *ratio;
    return clamp(g, -1, 1);
}

/* Sets revenue of actor a from its export-earnings ratio and its output index. */
static void set_revenue(brink_world *w, size_t a, double ratio)
{
    double r0 = internal(w, a, BRINK_INT_REVENUE_USD_BN);
    if (r0 > 0) {
        double share = internal(w, a, BRINK_INT_OIL_REVENUE_SHARE);
        w->m.revenue[a] = r0 * share * ratio + r0 * (1 - share) * w->m.gdp_index[a];
    } else {
        w->m.revenue[a] = w->m.oil_revenue[a];
    }
}

/* ---- the step ---- */

static void step_prices(brink_world *w, const econ_params *p)
{
    double h = gparam(w, p->id[P_PRICE_HL]), sigma = gparam(w, p->id[P_PRICE_VOL]);
    double keep = brink_halflife_keep(h, w->dt_weeks);
    /* exact OU variance over dt: sigma^2 (1 - k^2) / (2 kappa), kappa = ln 2 / h */
    double kappa = h > 0 ? log(2.0) / h : 0;
    double var = kappa > 0 ? -expm1(-2 * kappa * w->dt_weeks) / (2 * kappa) : w->dt_weeks;
    double sd = sigma * sqrt(var);
    for (size_t m = 0; m < w->nm; m++) {
        const brink_market *mk = &w->sc->markets[m];
        double x = w->m.price_shock[m] * keep;
        if (mk->commodity == BRINK_OIL && !w->projecting && sd > 0) {
            brink_rng rng = brink_world_rng(w, BRINK_MECH_ECONOMY, brink_hash_str(mk->id));
            x += brink_dist_normal(&rng, 0, sd);
        }
        w->m.price_shock[m] = x;
        w->m.price[m] = w->base_price[m] * exp(x);
    }
}

/* A flow cut because the waiver it depends on is not active. */
static int waiver_cut(const brink_world *w, size_t f)
{
    return w->sc->flows[f].has_waiver && !w->m.waiver_active[f];
}

/* Evasion, relief, waivers, buyers' adjustment and discounts of seller s's flows. Invariant:
 * volume = max(0, q - lost), with q the buyers' demand (potential volume, lagged) and lost the
 * enforcement cut, so q is read back as volume + lost (exact unless the volume is clamped at 0,
 * where q is taken as lost: only when a cut waiver already drove demand below the cut). */
static void step_flows_of(brink_world *w, const econ_params *p, size_t s)
{
    const brink_scenario *sc = w->sc;
    double dt = w->dt_weeks;
    size_t first = 0;
    while (first < w->nf && sc->flows[first].from != (int)s)
        first++;
    if (first == w->nf)
        return; /* sells nothing */
    double x = pressure_with(w, p, (int)s) - brink_economy_base_pressure(w, (int)s);
    double xpos = fmax(x, 0), xneg = fmax(-x, 0);
    /* pass 1: cuts no larger than the current pressure justifies; what the shadow fleet carries
     * now and would regain this step */
    double carried = 0, regain = 0;
    for (size_t f = first; f < w->nf; f++) {
        const brink_flow *fl = &sc->flows[f];
        if (fl->from != (int)s)
            continue;
        double v0 = w->base_volume[f], e = brink_world_value(w, &fl->enforcement_sensitivity);
        set_lost(w, f, clamp(w->m.lost[f], 0, v0 * fmin(1, e * xpos)));
        if (fl->commodity != BRINK_OIL || !(e > 0))
            continue;
        carried += w->m.volume[f];
        regain += w->m.lost[f] * (1 - brink_halflife_keep(fparam(w, p->id[P_EVASION_HL], f), dt));
    }
    double scale = 1;
    const brink_value *cap = &sc->actors[s].internal[BRINK_INT_SHADOW_FLEET_MBD];
    if (cap->present && regain > 0) {
        double room = fmax(0, brink_world_value(w, cap) - carried);
        if (regain > room)
            scale = room / regain;
    }
    /* pass 2: regain, demand, volumes, discounts */
    for (size_t f = first; f < w->nf; f++) {
        const brink_flow *fl = &sc->flows[f];
        if (fl->from != (int)s)
            continue;
        double v0 = w->base_volume[f], e = brink_world_value(w, &fl->enforcement_sensitivity);
        double q = w->m.volume[f] + w->m.lost[f];
        double r = w->m.lost[f] * (1 - brink_halflife_keep(fparam(w, p->id[P_EVASION_HL], f), dt));
        if (fl->commodity == BRINK_OIL && e > 0)
            r *= scale;
        w->m.lost[f] -= r;
        /* buyers' demand: the potential (raised by relief), or nothing without the waiver */
        double q_target = waiver_cut(w, f) ? 0 : v0 * (1 + e * xneg);
        double hb = fparam(w, p->id[P_BUYER_HL], f), kq;
        if (q_target < q) {
            double c = brink_world_value(w, &fl->switching_cost);
            kq = c >= 1 ? 1 : brink_halflife_keep(hb / (1 - c), dt);
        } else {
            kq = brink_halflife_keep(hb, dt);
        }
        q = q_target + (q - q_target) * kq;
        w->m.volume[f] = fmax(0, q - w->m.lost[f]);
        double d0 = w->base_discount[f];
        if (fl->commodity == BRINK_OIL) {
            double k = fparam(w, p->id[P_DISC_USD], f);
            double u = v0 > 0 && e > 0 ? w->m.lost[f] / (v0 * e) : 0;
            w->m.discount[f] = fmax(0, d0 + k * fmin(x, 0)) + k * fmin(1, u);
        } else {
            w->m.discount[f] = d0;
        }
    }
}

/* News absorption, exchange rate, inflation, output and hardship of economy a with gap g. */
static void step_macro(brink_world *w, const econ_params *p, size_t a, double g)
{
    double dt = w->dt_weeks;
    double pi0 = internal(w, a, BRINK_INT_INFLATION);
    double d0 = log1p(fmax(pi0, -0.5)); /* baseline log depreciation per year (PPP) */
    double absorbed = w->m.news[a] * (1 - brink_halflife_keep(aparam(w, p->id[P_NEWS_HL], a), dt));
    w->m.news[a] -= absorbed;
    double dep = d0; /* annualised log depreciation this step */
    if (w->m.fx[a] > 0) {
        double trend = (d0 + aparam(w, p->id[P_FX_GAP], a) * g) / WEEKS_PER_YEAR;
        double jump = log1p(aparam(w, p->id[P_FX_JUMP], a)) * absorbed;
        w->m.fx_trend[a] = trend;
        w->m.fx[a] *= exp(trend * dt + jump);
        dep = (trend * dt + jump) / dt * WEEKS_PER_YEAR;
    }
    double pi_target = pi0 + aparam(w, p->id[P_PASSTHROUGH], a) * (dep - d0);
    double k = brink_halflife_keep(aparam(w, p->id[P_INFL_HL], a), dt);
    double pi = clamp(pi_target + (w->m.inflation[a] - pi_target) * k, -0.5, 100);
    w->m.inflation[a] = pi;
    double y_target = clamp(1 - aparam(w, p->id[P_OUT_EL], a) * g, 0, 2);
    k = brink_halflife_keep(aparam(w, p->id[P_OUT_HL], a), dt);
    w->m.gdp_index[a] = y_target + (w->m.gdp_index[a] - y_target) * k;
    double h0 = internal(w, a, BRINK_INT_HARDSHIP);
    double h_target = clamp(h0 + aparam(w, p->id[P_HARD_INFL], a) * (pi - pi0) +
                                aparam(w, p->id[P_HARD_REV], a) * g,
                            0, 1);
    k = brink_halflife_keep(aparam(w, p->id[P_HARD_HL], a), dt);
    w->m.hardship[a] = clamp(h_target + (w->m.hardship[a] - h_target) * k, 0, 1);
}

static void economy_step(brink_world *w)
{
    econ_params tmp;
    const econ_params *p = params_of(w, &tmp);
    step_prices(w, p);
    for (size_t s = 0; s < w->na; s++)
        step_flows_of(w, p, s);
    for (size_t a = 0; a < w->na; a++) {
        double ratio, g = revenue_gap(w, p, a, &ratio);
        if (is_economy(&w->sc->actors[a])) {
            step_macro(w, p, a, g);
        } else {
            /* news on an actor without an economy still fades */
            w->m.news[a] *= brink_halflife_keep(aparam(w, p->id[P_NEWS_HL], a), w->dt_weeks);
        }
        set_revenue(w, a, ratio);
    }
}

static void economy_reset(brink_world *w)
{
    const brink_scenario *sc = w->sc;
    econ_params tmp;
    const econ_params *p = params_of(w, &tmp);
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
    for (size_t a = 0; a < w->na; a++) {
        double pi0 = internal(w, a, BRINK_INT_INFLATION);
        w->m.fx[a] = internal(w, a, BRINK_INT_EXCHANGE_RATE);
        w->m.fx_trend[a] = w->m.fx[a] > 0 ? log1p(fmax(pi0, -0.5)) / WEEKS_PER_YEAR : 0;
        w->m.inflation[a] = pi0;
        w->m.gdp_index[a] = 1;
        w->m.hardship[a] = internal(w, a, BRINK_INT_HARDSHIP);
        double ratio;
        revenue_gap(w, p, a, &ratio);
        set_revenue(w, a, ratio);
    }
}

static int economy_init(brink_world *w, brink_error *err)
{
    econ_params *p = brink_arena_alloc(&w->arena, sizeof *p);
    if (!p)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    if (find_params(p) != 0)
        return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                               "an economy.* parameter is missing from the registry");
    w->mstate[BRINK_MECH_ECONOMY] = p;
    return BRINK_OK;
}

const brink_mechanism brink_mech_economy = {
    .id = BRINK_MECH_ECONOMY,
    .init = economy_init,
    .fini = NULL,
    .reset = economy_reset,
    .step = economy_step,
    .projects = 1,
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
