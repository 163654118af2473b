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
 *       + m_a * sum over the sanctioned flows f that a buys of
 *             M_f(volume_f * (discount_f - price_f * e_f * Xb_f))
 *       - audience_cost[a]
 * so 1 unit = one percent of an economy's baseline revenue for one year. A hostile actor gains
 * from its target's loss, an aligned one loses; everyone pays for the enforcement it maintains.
 * A buyer gains the discount it captures and loses its exposure to secondary sanctions: M_f
 * converts USD per unit times volume into USD bn/yr (brink_economy_flow_usd_bn), m_a = 100 cs_a /
 * B_a turns USD bn/yr into utility (B_a the buyer's baseline revenue, or decide.budget_usd_bn
 * for an actor without one), e_f is the flow's enforcement sensitivity and
 *   Xb_f = max(0, P_s - P_s(0)) + sum over j with an outstanding threat on s of
 *              resolve_belief[a][j] * max(0, threat_level[j] - enforcement[j][s])
 * the excess enforcement pressure on the seller s (as the economy computes it) plus the
 * threatened pressure the buyer believes will come: the share of the trade's value that
 * enforcement claims is e_f Xb_f, the share by which the economy cuts a flow when enforcement
 * rises. A threatener that did not carry out its threat bears audience_cost[a].
 *
 * Choice is a hazard with an explicit hold (quantal response; McKelvey & Palfrey 1995): with
 * utilities U_k relative to holding (U_hold = 0) and rationality lambda,
 *   h_k = base_hazard * exp(lambda U_k) / sum_j exp(lambda U_j)     (j over all options, hold too)
 * and in a step of dt weeks the actor acts with probability 1 - exp(-dt sum_{k != hold} h_k),
 * choosing action k with probability h_k / sum h. Rates are per week, so results do not depend on
 * step_days beyond discretisation, and rare acts stay rare over thousands of choices. An actor
 * that acted reviews its (changed) options again at the next step; the others keep their hazards
 * until the next scheduled review.
 *
 * Actions: economic — tighten or ease enforcement on a hostile economy, revoke or grant a waiver
 * the actor controls, cut (while its exposure Xb is above 0) or restore its purchases of a
 * sanctioned flow it buys; diplomatic — trigger a legal instrument it may notify (snapback);
 * diplomatic and economic — publicly threaten a hostile economy with tightening (weighed only
 * when tightening itself scores above holding: no bluffs). Each applied action is an event with
 * its CAMEO-mapped type.
 *
 * Commitments (Fearon 1994). A threat records (threat_kind, threat_target, threat_level,
 * threat_due): the enforcement the threatener must reach on its target by step `due`,
 * decide.threat_horizon_weeks ahead; an actor has at most one outstanding threat at a time. At the
 * start of every step (inside projections too) the clocks run: a threat whose act is done is
 * kept; one still undone after its due step lapses, and the threatener's audience_cost rises by
 * decide.audience_cost. Either way every other actor's resolve_belief about the threatener moves
 * by beliefs.resolve_update toward 1 (kept) or 0 (lapsed). Audience costs, beliefs and buyers'
 * cuts are bounded stocks that revert to their baselines (0, the scenario's resolve_belief, 0)
 * with their half-lives; the first two change only when a threat resolves, so they are stored as
 * of that step (w->m.commit_step) and decayed when read. So a threat is cheap when made and costly
 * later, the projection of a threat shows that cost, and while a threat is outstanding carrying
 * it out gains the cost it avoids. A threat also moves the target's currency as far as the target
 * believes it (news, as a tightening).
 *
 * The factors that stay constant within a run (parameters, dispositions, baselines) are cached
 * by decide_reset in the mechanism state, which projection worlds share. A projection steps only
 * the economies the objectives it weighs read (econ_only), and an option's projection takes the
 * prices and the economies the option cannot reach from the holding path of the same review
 * (econ_split): the same bits as stepping everything, for a fraction of the work. The options'
 * projections of a review restart the scratch world from the same world (projection_start), the
 * enforcement an actor maintains is cached within a projection (enforcement_maintained), and the
 * buyers' valuation of flows uses the economy's conversion cached per run (flow_conv).
 */
#include "world/decide.h"

#include "core/fminmax.h"
#include "world/diplomacy.h"
#include "world/economy.h"
#include "world/mechanisms.h"
#include "world/schedule.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Run constants of one actor (decide_reset). */
typedef struct decide_actor {
    double coerce;     /* pressure_weight * hawkishness */
    double costs;      /* cost_sensitivity */
    double enf_cost;   /* enforcement_cost * cost_sensitivity */
    double r0;         /* baseline revenue (0: none) */
    double money;      /* utility/yr per USD bn/yr: 100 costs / (r0, or decide.budget_usd_bn) */
    double lambda;     /* decide.rationality */
    double disc_step;  /* decide.discount_per_week ^ dt: the discount factor of one step */
    double disc_block; /* disc_step ^ disc_len (block_discount's value, kept: a pow per block) */
    long disc_len;     /* the block length disc_block is for (0: none yet this run) */
    double audience;   /* decide.audience_cost */
    double breach;     /* decide.breach_cost */
    long threat_steps; /* decide.threat_horizon_weeks in steps (>= 1) */
} decide_actor;

typedef struct decide_state {
    brink_world *scratch;      /* projection world */
    size_t max_actions;        /* per actor, hold excluded */
    brink_action *actions;     /* [na * max_actions] this review's options */
    size_t *nactions;          /* [na] */
    double *utility;           /* [na * max_actions] U_k relative to holding */
    double *hazard;            /* [na * max_actions] per week */
    double *hazard_sum;        /* [na] */
    double *hold;              /* [na] discounted objective along the holding path */
    double *hold_disc;         /* [na] discount factor reached along it (project_hold) */
    long next_review;          /* step of the next scheduled review (every actor) */
    long *review_step;         /* [na] step of the actor's last review, or -1 */
    unsigned char *reviewing;  /* [na] the actor reviews in the review under way */
    unsigned char *rereview;   /* [na] the actor acted: it reviews again at the next step */
    unsigned char *econ_reads; /* [na] the economies a projection advances (econ_only) */
    /* the clocks that can act in the projection under way in scratch (clock_sets) */
    size_t *pcut; /* [nf] */
    int *pthr;    /* [na] */
    size_t npcut, npthr;
    int pclocks;       /* 1: pcut and pthr are made for scratch's projection */
    size_t *econ_list; /* [necon_list] the same as a list, ascending */
    size_t necon_list;
    int econ_for; /* the actor econ_list was made for in this review (-1 all, -2 none) */
    /* The holding path's record, for the options' projections of the same review (project):
     * after each advance b, at hold_rec + b * rec_len, the price shocks and prices [2 nm] (as
     * w->proj_prices takes them), revenues [na], volumes [nf] and discounts [nf] (valid for the
     * economies the holding path advanced). */
    double *hold_rec;
    size_t rec_len;
    long rec_cap;             /* advances it has room for */
    int hold_rec_ok;          /* 1: hold_rec holds this review's holding path */
    size_t *econ_step;        /* [na] a projection's economies that step (project) */
    unsigned char *econ_copy; /* [na] 1: the economy is copied from hold_rec (project) */
    size_t *copy_econ;        /* [na] the same as a list (econ_split) */
    size_t *copy_flow;        /* [nf] the flows those economies sell */
    size_t ncopy_econ, ncopy_flow;
    long *chosen;      /* [na] option carried out at chosen_step */
    long *chosen_step; /* [na] step of the actor's last action, or -1 */
    /* run constants (decide_reset) */
    decide_actor *actor;       /* [na] */
    double *flow_sens;         /* [nf] enforcement_sensitivity of this run */
    double *flow_conv;         /* [nf] brink_economy_flow_conv of this run, where flow_earns */
    unsigned char *flow_earns; /* [nf] */
    double *base_press;        /* [na] brink_economy_base_pressure of this run */
    double *cut_keep;          /* [nf] 2^(-dt / decide.purchase_cut_halflife_weeks) */
    size_t *buy_at;   /* [na + 1]: a buys sanctioned flows bought[buy_at[a]..buy_at[a+1]) */
    size_t *bought;   /* [nf] */
    int *threateners; /* [na] actors that can threaten (diplomatic and economic) */
    size_t nthreateners;
    size_t *economies; /* [na] the actors with a revenue baseline (r0 > 0), ascending */
    size_t neconomies;
    double *belief0; /* [na * na] the scenario's resolve_belief of this run */
    double base_hazard, enf_step, purchase_step;
    double audience_hl;   /* decide.audience_cost_halflife_weeks */
    double belief_hl;     /* beliefs.resolve_halflife_weeks */
    double belief_update; /* beliefs.resolve_update */
    long horizon, review; /* in steps */
    int p_rationality, p_base_hazard, p_horizon, p_discount, p_review, p_step, p_cost, p_pressure,
        p_audience, p_breach, p_audience_hl, p_budget, p_cut_hl, p_purchase, p_threat_h,
        p_belief_hl, p_belief_update;
} decide_state;

static decide_state *state_of(const brink_world *w)
{
    return w->mstate[BRINK_MECH_DECIDE];
}

/* ---- commitment stocks, reverting lazily ---- */

/* An actor's audience cost and the beliefs about its resolve revert toward their baselines
 * (0, the scenario's resolve_belief) with their half-lives. They change only when a threat of
 * the actor is kept or lapses, so they are stored as of w->m.commit_step[a] and decayed when read:
 * the value after n steps is the baseline plus the stored gap times 2^(-n dt / h), exactly what
 * decaying them every step would give, at no cost in the steps (and projections) in between. */

static double decayed(double gap, double halflife_weeks, const brink_world *w, size_t a)
{
    long n = w->step - w->m.commit_step[a];
    return gap != 0 && n > 0 ? gap * brink_halflife_keep(halflife_weeks, (double)n * w->dt_weeks)
                             : gap;
}

static double audience_now(const brink_world *w, const decide_state *st, size_t a)
{
    return decayed(w->m.audience_cost[a], st->audience_hl, w, a);
}

/* o's belief in a's resolve now. */
static double belief_now(const brink_world *w, const decide_state *st, size_t o, size_t a)
{
    size_t k = o * w->na + a;
    double b0 = st->belief0[k];
    return b0 + decayed(w->m.resolve_belief[k] - b0, st->belief_hl, w, a);
}

/* Brings a's stored audience cost and the beliefs about it to the current step. */
static void commit_sync(brink_world *w, const decide_state *st, size_t a)
{
    if (w->step > w->m.commit_step[a]) {
        if (w->projecting) /* for brink_world_projection_restart */
            w->proj_belief_dirty = 1;
        w->m.audience_cost[a] = audience_now(w, st, a);
        for (size_t o = 0; o < w->na; o++)
            w->m.resolve_belief[o * w->na + a] = belief_now(w, st, o, a);
    }
    w->m.commit_step[a] = (int)w->step;
}

double brink_decide_resolve_belief(const brink_world *w, int o, int a)
{
    const decide_state *st = state_of(w);
    if (!st || o < 0 || a < 0 || (size_t)o >= w->na || (size_t)a >= w->na)
        return 0;
    return belief_now(w, st, (size_t)o, (size_t)a);
}

double brink_decide_audience_cost(const brink_world *w, int a)
{
    const decide_state *st = state_of(w);
    if (!st || a < 0 || (size_t)a >= w->na)
        return 0;
    return audience_now(w, st, (size_t)a);
}

/* ---- the objective ---- */

static void clock_sets(const brink_world *w, const decide_state *st, const size_t **cuts,
                       size_t *ncuts, const int **thr, size_t *nthr);

/* The enforcement pressure on seller s that buyer b expects: the excess pressure the economy
 * sees plus the outstanding threatened pressure, weighted by b's belief in each threatener. The
 * threateners are visited in index order, in a projection of decide.c's own only those with a
 * threat outstanding at its start (clock_sets): the others add nothing. */
static double buyer_exposure(const brink_world *w, const decide_state *st, size_t b, size_t s)
{
    size_t na = w->na;
    double x = brink_fmax(0, brink_economy_pressure(w, (int)s) - st->base_press[s]);
    const size_t *cuts;
    const int *thr;
    size_t ncuts, nthr;
    clock_sets(w, st, &cuts, &ncuts, &thr, &nthr);
    for (size_t i = 0; i < nthr; i++) {
        size_t j = (size_t)thr[i];
        if (w->m.threat_kind[j] == BRINK_THREAT_TIGHTEN && w->m.threat_target[j] == (int)s)
            x += belief_now(w, st, b, j) *
                 brink_fmax(0, w->m.threat_level[j] - w->m.enforcement[j * na + s]);
    }
    return x;
}

/* The enforcement actor a maintains: the sum over targets t != a of enforcement[a][t], in index
 * order (in two runs: no test of t). */
static double enforcement_sum(const brink_world *w, size_t a)
{
    const double *row = &w->m.enforcement[a * w->na];
    double enf = 0;
    for (size_t t = 0; t < a; t++)
        enf += row[t];
    for (size_t t = a + 1; t < w->na; t++)
        enf += row[t];
    return enf;
}

/* enforcement_sum, inside a projection from the projection world's cache (world.h's
 * proj_enf_sum): the objective reads it after every advance, and it changes only when a's
 * enforcement on some target does, through brink_economy_set_enforcement, which drops a's entry
 * (as the start of a projection drops them all). In the checked projection mode each cached
 * value is compared with the sum, and a difference (a write that bypassed the economy) stops
 * the program. */
static double enforcement_maintained(const brink_world *w, size_t a)
{
    if (!w->projecting || !w->proj_enf_ok)
        return enforcement_sum(w, a);
    if (w->proj_enf_ok[a]) {
        double x = w->proj_enf_sum[a];
        if (w->proj_checked) {
            double y = enforcement_sum(w, a);
            if (memcmp(&x, &y, sizeof x) != 0) {
                fprintf(stderr,
                        "brink: a projection at step %ld changed the enforcement of actor %zu "
                        "outside economy.c\n",
                        w->step, a);
                abort();
            }
        }
        return x;
    }
    double x = enforcement_sum(w, a);
    w->proj_enf_sum[a] = x;
    w->proj_enf_ok[a] = 1;
    return x;
}

double brink_decide_objective(const brink_world *w, int a)
{
    const decide_state *st = state_of(w);
    const decide_actor *c = &st->actor[a];
    size_t na = w->na, ua = (size_t)a;
    const double *align = &w->m.alignment[ua * na];
    double j = 0;
    /* the economies with a revenue baseline, in index order (st->economies) */
    for (size_t i = 0; i < st->neconomies; i++) {
        size_t t = st->economies[i];
        if (t != ua && align[t] != 0)
            j += c->coerce * (-align[t]) * 100.0 * (1.0 - w->m.revenue[t] / st->actor[t].r0);
    }
    double enf = enforcement_maintained(w, ua);
    if (c->r0 > 0)
        j += c->costs * 100.0 * (w->m.revenue[a] / c->r0 - 1.0);
    j -= c->enf_cost * enf;
    for (size_t i = st->buy_at[a]; i < st->buy_at[a + 1]; i++) {
        size_t f = st->bought[i];
        const brink_flow *fl = &w->sc->flows[f];
        double x = buyer_exposure(w, st, ua, (size_t)fl->from);
        double net = w->m.discount[f] - w->m.price[fl->market] * st->flow_sens[f] * x;
        /* brink_economy_flow_usd_bn from the flow's conversion, to the bit */
        double usd =
            st->flow_earns[f] ? brink_economy_usd_bn(st->flow_conv[f], w->m.volume[f], net) : 0;
        j += c->money * usd;
    }
    j -= audience_now(w, st, ua);
    return j;
}

void brink_decide_objective_reads(const brink_world *w, int a, unsigned char *mark)
{
    const decide_state *st = state_of(w);
    size_t na = w->na, ua = (size_t)a;
    const double *align = &w->m.alignment[ua * na];
    /* as brink_decide_objective: the revenues it weighs, a's own, the flows a buys */
    for (size_t i = 0; i < st->neconomies; i++) {
        size_t t = st->economies[i];
        if (t != ua && align[t] != 0)
            mark[t] = 1;
    }
    if (st->actor[a].r0 > 0)
        mark[a] = 1;
    for (size_t i = st->buy_at[a]; i < st->buy_at[a + 1]; i++)
        mark[w->sc->flows[st->bought[i]].from] = 1;
}

/* ---- commitments: threats, audience costs, beliefs about resolve ---- */

/* 1 when the act that a's outstanding threat commits it to has been carried out. */
static int threat_kept(const brink_world *w, size_t a)
{
    size_t t = (size_t)w->m.threat_target[a];
    switch ((brink_threat_kind)w->m.threat_kind[a]) {
    case BRINK_THREAT_TIGHTEN:
        /* the level is enforcement + step as tightening computes it; allow for rounding */
        return w->m.enforcement[a * w->na + t] >= w->m.threat_level[a] - 1e-9;
    default:
        return 0;
    }
}

/* Resolves a's outstanding threat at the current step: kept, or lapsed (see commit_sync for the
 * stocks it moves). Writes only a's threat, commitment stocks and the beliefs about a. */
static void threat_resolve(brink_world *w, const decide_state *st, size_t a, int kept)
{
    size_t na = w->na;
    w->m.threat_kind[a] = BRINK_THREAT_NONE;
    commit_sync(w, st, a);
    if (!kept)
        w->m.audience_cost[a] += st->actor[a].audience;
    if (w->projecting) /* for brink_world_projection_restart */
        w->proj_belief_dirty = 1;
    double goal = kept ? 1.0 : 0.0;
    for (size_t o = 0; o < na; o++) {
        if (o == a)
            continue;
        double *b = &w->m.resolve_belief[o * na + a];
        *b += st->belief_update * (goal - *b);
    }
}

/* The flows and threateners whose clocks w may have to run: in a projection of decide.c's own
 * (st->scratch, after clock_lists) those with a cut above 0 and an outstanding threat at its start
 * (st->pcut, st->pthr); elsewhere every flow a buyer can cut and every threatener. Inside a
 * projection no cut rises from 0 (cuts only fade) and no threat is made, so the others' clocks
 * would do nothing. */
static void clock_sets(const brink_world *w, const decide_state *st, const size_t **cuts,
                       size_t *ncuts, const int **thr, size_t *nthr)
{
    if (w == st->scratch && w->projecting && st->pclocks) {
        *cuts = st->pcut;
        *ncuts = st->npcut;
        *thr = st->pthr;
        *nthr = st->npthr;
    } else {
        *cuts = st->bought;
        *ncuts = st->buy_at[w->na];
        *thr = st->threateners;
        *nthr = st->nthreateners;
    }
}

static int reuse_mode = BRINK_REUSE_ON;

void brink_decide_set_reuse(int mode)
{
    reuse_mode = mode;
}

int brink_decide_reuse(void)
{
    return reuse_mode;
}

/* Lists in st->pcut and st->pthr the clocks of projection s (decide's scratch world, its action
 * applied) that can act (clock_sets); not with BRINK_REUSE_OFF or in the full projection mode,
 * which run every clock as references for the tests. */
static void clock_lists(const brink_world *s, decide_state *st)
{
    if (reuse_mode == BRINK_REUSE_OFF || brink_world_projection_mode() == BRINK_PROJ_FULL)
        return;
    st->npcut = st->npthr = 0;
    for (size_t i = 0; i < st->buy_at[s->na]; i++)
        if (s->m.buyer_cut[st->bought[i]] > 0)
            st->pcut[st->npcut++] = st->bought[i];
    for (size_t i = 0; i < st->nthreateners; i++)
        if (s->m.threat_kind[st->threateners[i]] != BRINK_THREAT_NONE)
            st->pthr[st->npthr++] = st->threateners[i];
    st->pclocks = 1;
}

/* The clocks of one step: buyers' cuts fade toward 0, then every outstanding threat is checked
 * (kept, or lapsed after its due step). Deterministic; runs in projections too. Writes only
 * w->m. */
static void clocks(brink_world *w, const decide_state *st)
{
    const size_t *cuts;
    const int *thr;
    size_t ncuts, nthr;
    clock_sets(w, st, &cuts, &ncuts, &thr, &nthr);
    for (size_t i = 0; i < ncuts; i++) { /* only flows a buyer can cut */
        size_t f = cuts[i];
        if (w->m.buyer_cut[f] > 0)
            w->m.buyer_cut[f] *= st->cut_keep[f];
    }
    for (size_t i = 0; i < nthr; i++) {
        size_t a = (size_t)thr[i];
        if (w->m.threat_kind[a] == BRINK_THREAT_NONE)
            continue;
        int kept = threat_kept(w, a);
        if (!kept && w->step <= w->m.threat_due[a])
            continue;
        threat_resolve(w, st, a, kept);
    }
}

/* Inside a projection the clocks write buyers' cuts, threats, commitment stocks and beliefs,
 * which no other clock reads, and read, besides those, only enforcement (threat_kept), which
 * among the clocks only the schedule writes: they never break a block's quiet. */
static long decide_quiet(const brink_world *w, long first)
{
    (void)w;
    (void)first;
    return LONG_MAX;
}

/* The clocks over a quiet block of k steps from `first`, to the bit as k calls of clocks: each
 * cut is multiplied k times by its factor, one multiplication at a time as the steps do (not a
 * power, which would round differently), as long as it stays above 0; the fades and the threats
 * share no state, so their order does not matter. Enforcement does not change within a quiet
 * block, so whether a threat is kept is the same at each of its steps: a kept threat resolves at
 * the first step, an undone one lapses at the first step past its due step, both at that step
 * (w->step) as clocks would, and only when that step falls within the block. */
static void decide_clock_block(brink_world *w, long first, long k)
{
    const decide_state *st = state_of(w);
    const size_t *cuts;
    const int *thr;
    size_t ncuts, nthr;
    clock_sets(w, st, &cuts, &ncuts, &thr, &nthr);
    for (size_t i = 0; i < ncuts; i++) {
        size_t f = cuts[i];
        double c = w->m.buyer_cut[f], keep = st->cut_keep[f];
        /* the test of c > 0 once: a cut is never negative and keep is in [0, 1], so a cut that
         * reaches 0 stays 0 under further multiplications, as the steps leave it */
        if (c > 0)
            for (long j = 0; j < k; j++)
                c *= keep;
        w->m.buyer_cut[f] = c;
    }
    for (size_t i = 0; i < nthr; i++) {
        size_t a = (size_t)thr[i];
        if (w->m.threat_kind[a] == BRINK_THREAT_NONE)
            continue;
        int kept = threat_kept(w, a);
        long at = kept ? first : (long)w->m.threat_due[a] + 1;
        if (at < first)
            at = first;
        if (at >= first + k)
            continue;
        w->step = at;
        threat_resolve(w, st, a, kept);
    }
}

/* ---- actions ---- */

static int is_target_economy(const decide_state *st, size_t t)
{
    return st->actor[t].r0 > 0;
}

/* Lists the options of actor a into out (at most max); returns the count. */
static size_t list_actions(const brink_world *w, const decide_state *st, int a, brink_action *out,
                           size_t max)
{
    const brink_scenario *sc = w->sc;
    const brink_actor *ac = &sc->actors[a];
    size_t n = 0, na = w->na;
    int can_threaten =
        (ac->domains & BRINK_DOMAIN_ECONOMIC) && (ac->domains & BRINK_DOMAIN_DIPLOMATIC);
    if (ac->domains & BRINK_DOMAIN_ECONOMIC) {
        for (size_t t = 0; t < na && n + 3 <= max; t++) {
            size_t k = (size_t)a * na + t;
            if ((int)t == a || !is_target_economy(st, t) || w->m.alignment[k] >= 0)
                continue;
            double e = w->m.enforcement[k];
            if (e < 1)
                out[n++] = (brink_action){BRINK_ACT_TIGHTEN, (int)t, -1};
            if (e > 0)
                out[n++] = (brink_action){BRINK_ACT_EASE, (int)t, -1};
            if (can_threaten && e < 1 && w->m.threat_kind[a] == BRINK_THREAT_NONE)
                out[n++] = (brink_action){BRINK_ACT_THREATEN, (int)t, BRINK_THREAT_TIGHTEN};
        }
        for (size_t f = 0; f < w->nf && n < max; f++) {
            const brink_flow *fl = &sc->flows[f];
            if (!fl->has_waiver || fl->waiver_by != a)
                continue;
            out[n++] = (brink_action){w->m.waiver_active[f] ? BRINK_ACT_REVOKE_WAIVER
                                                            : BRINK_ACT_GRANT_WAIVER,
                                      fl->from, (int)f};
        }
        /* a buyer's purchases of the sanctioned flows it buys. It weighs a cut only while its
         * exposure is above the scenario's baseline (at the baseline its purchases are what the
         * scenario observed); restoring needs a cut of at least half a step (cuts fade toward 0
         * and need not be restored to the last bit) */
        for (size_t i = st->buy_at[a]; i < st->buy_at[a + 1] && n + 2 <= max; i++) {
            size_t f = st->bought[i];
            double cut = w->m.buyer_cut[f];
            if (cut < 1 && buyer_exposure(w, st, (size_t)a, (size_t)sc->flows[f].from) > 0)
                out[n++] = (brink_action){BRINK_ACT_CUT, sc->flows[f].from, (int)f};
            if (cut >= 0.5 * st->purchase_step)
                out[n++] = (brink_action){BRINK_ACT_RESTORE, sc->flows[f].from, (int)f};
        }
    }
    if (ac->domains & BRINK_DOMAIN_DIPLOMATIC) {
        for (size_t i = 0; i < w->ni && n < max; i++)
            if (brink_instrument_can_notify(w, i, a))
                out[n++] =
                    (brink_action){BRINK_ACT_NOTIFY, sc->instruments[i].effect_target, (int)i};
    }
    return n;
}

long brink_decide_apply(brink_world *w, int a, brink_action act, long cause)
{
    const decide_state *st = state_of(w);
    double step = st->enf_step;
    size_t na = w->na;
    switch (act.kind) {
    case BRINK_ACT_TIGHTEN: {
        /* re-imposing sanctions on a partner of a deal in force breaches it (diplomacy.c's
         * compliance check): the actor bears decide.breach_cost as an audience cost, which its
         * projection of the option sees */
        if (brink_diplomacy_deal_in_force(w, a, act.target)) {
            commit_sync(w, st, (size_t)a);
            w->m.audience_cost[a] += st->actor[a].breach;
        }
        /* through the economy, which keeps track of the pressure its flows have seen */
        double d = brink_economy_enforce(w, a, act.target, step);
        w->m.news[act.target] += d;
        return brink_world_event(w, BRINK_EV_SANCTIONS_TIGHTENED, a, act.target, -1,
                                 BRINK_MECH_DECIDE, cause, d);
    }
    case BRINK_ACT_EASE: {
        double d = -brink_economy_enforce(w, a, act.target, -step);
        return brink_world_event(w, BRINK_EV_SANCTIONS_EASED, a, act.target, -1, BRINK_MECH_DECIDE,
                                 cause, d);
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
    case BRINK_ACT_THREATEN: {
        /* the commitment: enforcement one step higher by the due step; the target's markets
         * price the threatened rise as far as the target believes it (news, as tightening) */
        size_t k = (size_t)a * na + (size_t)act.target;
        double e = w->m.enforcement[k];
        w->m.threat_kind[a] = act.aux;
        w->m.threat_target[a] = act.target;
        w->m.threat_level[a] = brink_fmin(1, e + step);
        w->m.threat_due[a] = (int)(w->step + st->actor[a].threat_steps);
        double rise = w->m.threat_level[a] - e;
        w->m.news[act.target] += belief_now(w, st, (size_t)act.target, (size_t)a) * rise;
        return brink_world_event(w, BRINK_EV_THREAT, a, act.target, -1, BRINK_MECH_DECIDE, cause,
                                 rise);
    }
    case BRINK_ACT_CUT:
    case BRINK_ACT_RESTORE: {
        /* the buyer's demand target follows (economy.c); a cut is a boycott (CAMEO 163), a
         * restoration an easing of it (085): recorded as sanctions_tightened / _eased with the
         * flow, of size the change of the share withdrawn */
        double *cut = &w->m.buyer_cut[act.aux], old = *cut;
        int up = act.kind == BRINK_ACT_CUT;
        *cut = up ? brink_fmin(1, old + st->purchase_step) : brink_fmax(0, old - st->purchase_step);
        return brink_world_event(w, up ? BRINK_EV_SANCTIONS_TIGHTENED : BRINK_EV_SANCTIONS_EASED, a,
                                 act.target, act.aux, BRINK_MECH_DECIDE, cause, fabs(*cut - old));
    }
    default:
        return -1;
    }
}

const char *brink_action_kind_name(brink_action_kind k)
{
    static const char *const t[] = {"hold",   "tighten",  "ease", "revoke_waiver", "grant_waiver",
                                    "notify", "threaten", "cut",  "restore"};
    return (unsigned)k < sizeof t / sizeof t[0] ? t[k] : "?";
}

/* ---- projection and review ---- */

/* Starts a projection of w over st->horizon steps in the scratch world: copies the state the
 * projection writes and shares the rest, and the mechanisms' (read-only in projection) private
 * state, with w (brink_world_projection_start). again = 1: the scratch world's last projection
 * was of w in the same review, w unchanged since, so that what of the pair arrays that
 * projection did not write is not copied again (brink_world_projection_restart). */
static brink_world *projection_start(const brink_world *w, decide_state *st, int again)
{
    brink_world *s = st->scratch;
    st->pclocks = 0; /* every clock, until clock_lists */
    if (again) {
        /* in the checked mode, a write of the pair arrays that bypassed the log is a bug */
        if (brink_world_projection_restart(s, w, w->step + st->horizon) != 0)
            abort();
    } else
        brink_world_projection_start(s, w, w->step + st->horizon);
    /* The objective (brink_decide_objective) reads what the economy, the clocks and the
     * schedule move, none of which reads the nuclear programmes' state, the only state the
     * nuclear mechanism's step writes: stepping it would not change any utility, so it is
     * skipped (a fifth of a projection's cost). An objective that comes to read that state must
     * drop the skip; test_projection compares runs with it and without (BRINK_PROJ_FULL). */
    if (brink_world_projection_mode() != BRINK_PROJ_FULL)
        s->proj_skip = 1u << BRINK_MECH_NUCLEAR;
    return s;
}

/* Restricts projection s of w to the economies that the objective of actor a reads
 * (brink_decide_objective_reads; a = -1: the objectives of all actors that review with options,
 * as the holding path weighs them), via s->proj_econ. Why the objective comes out the same bits:
 * - Inside a projection without a scheduled strike, what steps is the schedule's entries and
 *   instruments, decide's clocks, the chokepoints' clocks and the economy (nuclear is skipped:
 *   projection_start), after the action applied at the start. The economy of an actor reads
 *   only its own state, the flows it sells, the enforcement and UN sanctions on it, its flows'
 *   waivers and buyers' cuts, and the prices; it writes only its own state (economy.c). The
 *   others write an economy's state only from that economy's own state and from state that is
 *   no economy's (enforcement, waivers, cuts, instruments, threats, the chokepoints' price
 *   jumps), and no objective and nothing else that steps reads any other economy's state. So
 *   the economies the objective reads evolve as when every economy steps.
 * - Of an economy, the objective reads revenue, volumes and discounts, which depend on its
 *   flows, output and the prices, but not on its news, exchange rate, inflation or hardship:
 *   the restricted step leaves those out (economy.c's step_cached_only). Only nuclear (skipped)
 *   and mechanisms that do not project read them.
 * A scheduled strike (conflict.c) reads volumes to move the oil price: a projection over one
 * (which copies the whole world, s->proj_partial = 0) steps every economy in full, as does the
 * full mode, against which test_projection compares. */
static void econ_only(brink_world *s, const brink_world *w, decide_state *st, int a)
{
    if (!s->proj_partial || brink_world_projection_mode() == BRINK_PROJ_FULL)
        return;
    s->proj_econ = st->econ_list;
    if (st->econ_for == a) { /* made for a already in this review */
        s->nproj_econ = st->necon_list;
        return;
    }
    memset(st->econ_reads, 0, w->na);
    for (size_t x = 0; x < w->na; x++)
        if (a >= 0 ? (int)x == a : st->reviewing[x] && st->nactions[x] > 0)
            brink_decide_objective_reads(w, (int)x, st->econ_reads);
    size_t n = 0;
    for (size_t x = 0; x < w->na; x++)
        if (st->econ_reads[x])
            st->econ_list[n++] = x;
    st->necon_list = n;
    st->econ_for = a;
    s->nproj_econ = n;
}

/* Ends a projection: in the checked mode of Debug builds and tests, a projection that wrote
 * state it shares with w is a bug in lay_out's W/R marks, and stops the program. */
static void projection_end(brink_world *s)
{
    if (brink_world_projection_end(s) != 0)
        abort();
}

/* A projection of st->horizon steps advances first by single steps, as many as the horizon
 * exceeds a whole number of blocks of w->proj_k steps (the action's first effects at full
 * resolution), then by blocks of w->proj_k steps: the number of advances. */
static long projection_blocks(const brink_world *w, const decide_state *st)
{
    return st->horizon % w->proj_k + st->horizon / w->proj_k;
}

/* Length in steps of advance b of a projection (see projection_blocks). */
static long block_len(const brink_world *w, const decide_state *st, long b)
{
    return b < st->horizon % w->proj_k ? 1 : w->proj_k;
}

/* The discount factor over an advance of len steps for a factor of d per step. */
static double block_discount(double d, long len)
{
    return len == 1 ? d : pow(d, (double)len);
}

/* block_discount of actor c's per-step factor, computed once per run and block length (the
 * same pow, so the same bits, rather than one per block of every projection). */
static double actor_block_discount(decide_actor *c, long len)
{
    if (len == 1)
        return c->disc_step;
    if (c->disc_len != len) {
        c->disc_block = block_discount(c->disc_step, len);
        c->disc_len = len;
    }
    return c->disc_block;
}

/* Length in years of an advance of len steps (1 or w->proj_k). */
static double block_years(const brink_world *w, long len)
{
    return (len == 1 ? w->dt_weeks : w->proj_dt_weeks) / 52.0;
}

/* Records into rec (st->rec_len values) what the options' projections take from the holding
 * path s after an advance: prices, revenues, volumes, discounts (see decide_state). */
static void record(const brink_world *s, double *rec)
{
    size_t nm = s->nm, na = s->na, nf = s->nf;
    memcpy(rec, s->m.price_shock, nm * sizeof *rec);
    memcpy(rec + nm, s->m.price, nm * sizeof *rec);
    memcpy(rec + 2 * nm, s->m.revenue, na * sizeof *rec);
    memcpy(rec + 2 * nm + na, s->m.volume, nf * sizeof *rec);
    memcpy(rec + 2 * nm + na + nf, s->m.discount, nf * sizeof *rec);
}

/* The economy that action act reaches inside a projection, the only one whose path can differ
 * from the holding path's (-1: none; -2: not known, any). An economy's path depends, besides
 * its own state and the prices, on the enforcement on it, its UN sanctions, and its flows'
 * waivers and buyers' cuts (economy.c): tightening and easing move the enforcement on their
 * target, a waiver and a cut or restoration their flow's seller's, a notified instrument the
 * UN sanctions of its effect's target once it takes effect. A threat moves none of these (its
 * news reaches only the exchange rate, which no objective reads: econ_only), nor do the clocks
 * it sets going (beliefs, audience costs); a breach cost is not an economy's either. */
static int action_reach(const brink_world *w, const decide_state *st, brink_action act)
{
    switch (act.kind) {
    case BRINK_ACT_TIGHTEN:
    case BRINK_ACT_EASE:
        return act.target;
    case BRINK_ACT_REVOKE_WAIVER:
    case BRINK_ACT_GRANT_WAIVER:
    case BRINK_ACT_CUT:
    case BRINK_ACT_RESTORE: {
        if (act.aux < 0 || (size_t)act.aux >= w->nf)
            return -2;
        /* A flow without a market earns its seller nothing (economy.c's export earnings), and
         * one that is not oil sensitive to enforcement does not load the shadow fleet that its
         * seller's other flows share: its path moves nothing of its seller's that an objective
         * reads (revenue, the priced flows' volumes and discounts), and no buyer weighs it
         * (st->bought: priced flows only). The economy is then the holding path's. */
        const brink_flow *fl = &w->sc->flows[act.aux];
        if (fl->market < 0 && !(fl->commodity == BRINK_OIL && st->flow_sens[act.aux] > 0))
            return -1;
        return fl->from;
    }
    case BRINK_ACT_NOTIFY:
        return act.aux >= 0 && (size_t)act.aux < w->ni ? w->sc->instruments[act.aux].effect_target
                                                       : -2;
    case BRINK_ACT_THREATEN:
    case BRINK_ACT_HOLD:
        return -1;
    default:
        return -2;
    }
}

/* Splits projection s's economies (s->proj_econ, made by econ_only) for action act: the one it
 * reaches steps (s->proj_econ becomes it alone, or none), the others are copied from the
 * holding path's record after each advance (st->econ_copy; copy_economies). Every part of an
 * economy's path that an objective reads is then the same bits as stepping it: its inputs are
 * the holding path's. Returns 1 when some economy is copied. */
static int econ_split(brink_world *s, const brink_world *w, decide_state *st, brink_action act)
{
    int r = reuse_mode == BRINK_REUSE_BROKEN ? -1 : action_reach(w, st, act);
    if (r == -2)
        return 0;
    size_t n = 0;
    memset(st->econ_copy, 0, w->na);
    st->ncopy_econ = st->ncopy_flow = 0;
    for (size_t i = 0; i < s->nproj_econ; i++) {
        size_t t = s->proj_econ[i];
        if ((int)t == r) {
            st->econ_step[n++] = t;
        } else {
            st->econ_copy[t] = 1;
            st->copy_econ[st->ncopy_econ++] = t;
        }
    }
    for (size_t f = 0; f < w->nf; f++) {
        int from = w->sc->flows[f].from;
        if (from >= 0 && st->econ_copy[from])
            st->copy_flow[st->ncopy_flow++] = f;
    }
    s->proj_econ = st->econ_step;
    s->nproj_econ = n;
    return st->ncopy_econ > 0;
}

/* Sets what the objectives read of the economies econ_split listed in st->copy_econ (revenue,
 * and the volumes and discounts of the flows they sell, st->copy_flow) from the holding path's
 * record r of the same advance. */
static void copy_economies(brink_world *s, const decide_state *st, const double *r)
{
    size_t nm = s->nm, na = s->na, nf = s->nf;
    const double *rev = r + 2 * nm, *vol = rev + na, *disc = vol + nf;
    for (size_t i = 0; i < st->ncopy_econ; i++)
        s->m.revenue[st->copy_econ[i]] = rev[st->copy_econ[i]];
    for (size_t i = 0; i < st->ncopy_flow; i++) {
        size_t f = st->copy_flow[i];
        s->m.volume[f] = vol[f];
        s->m.discount[f] = disc[f];
    }
}

/* Discounted objective of actor a along a projection of st->horizon steps from w, with action
 * act applied first. The projection advances in blocks of decide.projection_step_weeks
 * (brink_world_project_block); the objective is read at the end of each block and weighs for
 * the block's length. */
static double project(const brink_world *w, decide_state *st, int a, brink_action act)
{
    brink_world *s = projection_start(w, st, 1); /* after project_hold, in the same review */
    econ_only(s, w, st, a);
    brink_decide_apply(s, a, act, -1);
    clock_lists(s, st);
    long nb = projection_blocks(w, st), h = 0;
    double total = 0, disc = 1;
    /* the prices and the economies the action cannot reach follow the holding path's */
    const double *rec = s->proj_econ && st->hold_rec_ok ? st->hold_rec : NULL;
    int copies = rec && econ_split(s, w, st, act);
    for (long b = 0; b < nb; b++) {
        long len = block_len(w, st, b);
        const double *r = rec ? rec + (size_t)b * st->rec_len : NULL;
        s->proj_prices = r;
        brink_world_project_block(s, w->step + 1 + h, len);
        if (copies)
            copy_economies(s, st, r);
        h += len;
        disc *= actor_block_discount(&st->actor[a], len);
        total += disc * brink_decide_objective(s, a) * block_years(w, len);
    }
    projection_end(s);
    return total;
}

/* The holding path is the same for every actor: project it once and accumulate the discounted
 * objective of each reviewing actor with options along it into hold[a]. */
static void project_hold(const brink_world *w, decide_state *st, double *hold)
{
    brink_world *s = projection_start(w, st, 0);
    econ_only(s, w, st, -1);
    clock_lists(s, st);
    long nb = projection_blocks(w, st), h = 0;
    double *disc = st->hold_disc;
    for (size_t a = 0; a < w->na; a++) {
        hold[a] = 0;
        disc[a] = 1;
    }
    /* its record, for the options' projections (project) */
    double *rec =
        s->proj_econ && reuse_mode != BRINK_REUSE_OFF && nb <= st->rec_cap ? st->hold_rec : NULL;
    for (long b = 0; b < nb; b++) {
        long len = block_len(w, st, b);
        double years = block_years(w, len);
        brink_world_project_block(s, w->step + 1 + h, len);
        if (rec)
            record(s, rec + (size_t)b * st->rec_len);
        h += len;
        for (size_t a = 0; a < w->na; a++) {
            if (!st->reviewing[a] || st->nactions[a] == 0)
                continue;
            disc[a] *= actor_block_discount(&st->actor[a], len);
            hold[a] += disc[a] * brink_decide_objective(s, (int)a) * years;
        }
    }
    st->hold_rec_ok = rec != NULL;
    projection_end(s);
}

/* The utility, among the n options acts (utilities u), of the act that threat thr commits to:
 * tightening on its target (-inf when it is not an option). */
static double threatened_utility(const brink_action *acts, const double *u, size_t n,
                                 brink_action thr)
{
    for (size_t k = 0; k < n; k++)
        if (acts[k].kind == BRINK_ACT_TIGHTEN && acts[k].target == thr.target &&
            thr.aux == BRINK_THREAT_TIGHTEN)
            return u[k];
    return -HUGE_VAL;
}

/* Scores the options of every actor marked in st->reviewing: lists them, projects the holding
 * path once and each option, and sets their utilities and hazards. The others keep theirs. */
static void review(brink_world *w, decide_state *st)
{
    size_t deciders = 0;
    for (size_t a = 0; a < w->na; a++) {
        if (!st->reviewing[a])
            continue;
        st->review_step[a] = w->step;
        st->nactions[a] =
            list_actions(w, st, (int)a, &st->actions[a * st->max_actions], st->max_actions);
        st->hazard_sum[a] = 0;
        deciders += st->nactions[a] > 0;
    }
    if (!deciders)
        return;
    st->econ_for = -2; /* alignments may have changed since the last review */
    project_hold(w, st, st->hold);
    for (size_t a = 0; a < w->na; a++) {
        size_t n = st->nactions[a];
        if (!st->reviewing[a] || n == 0)
            continue;
        brink_action *acts = &st->actions[a * st->max_actions];
        double lambda = st->actor[a].lambda;
        double *u = &st->utility[a * st->max_actions];
        for (size_t k = 0; k < n; k++)
            if (acts[k].kind != BRINK_ACT_THREATEN)
                u[k] = project(w, st, (int)a, acts[k]) - st->hold[a];
        /* a threat is weighed only when the act it threatens scores above holding at this
         * review (bluffs are left out): the others are dropped unprojected */
        size_t m = 0;
        for (size_t k = 0; k < n; k++) {
            if (acts[k].kind == BRINK_ACT_THREATEN) {
                if (!(threatened_utility(acts, u, n, acts[k]) > 0))
                    continue;
                u[k] = project(w, st, (int)a, acts[k]) - st->hold[a];
            }
            acts[m] = acts[k];
            u[m++] = u[k];
        }
        n = st->nactions[a] = m;
        st->hazard_sum[a] =
            brink_quantal_hazards(u, n, lambda, st->base_hazard, &st->hazard[a * st->max_actions]);
    }
}

double brink_quantal_hazards(const double *u, size_t n, double lambda, double base, double *h)
{
    double umax = 0; /* hold's utility */
    for (size_t k = 0; k < n; k++)
        umax = brink_fmax(umax, u[k]);
    /* softmax over hold and the actions, shifted by the maximum for stability */
    double z = exp(lambda * (0 - umax));
    for (size_t k = 0; k < n; k++) { /* each option's weight, kept in h[k] for the second loop */
        h[k] = exp(lambda * (u[k] - umax));
        z += h[k];
    }
    double sum = 0;
    for (size_t k = 0; k < n; k++) {
        h[k] = base * h[k] / z;
        sum += h[k];
    }
    return sum;
}

static void decide_step(brink_world *w)
{
    decide_state *st = state_of(w);
    clocks(w, st);
    if (w->projecting)
        return; /* in a projection only the clocks run: choices are not projected */
    if (w->step == 0)
        st->next_review = 0;
    /* every actor at a scheduled review; between them, those that acted at the last step (their
     * options changed; the others' options are theirs to act on until the next review) */
    int scheduled = w->step >= st->next_review, any = scheduled;
    for (size_t a = 0; a < w->na; a++) {
        st->reviewing[a] = (unsigned char)(scheduled || st->rereview[a]);
        any |= st->rereview[a];
        st->rereview[a] = 0;
    }
    if (any)
        review(w, st);
    if (scheduled)
        st->next_review = w->step + st->review;
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
        st->chosen[a] = k;
        st->chosen_step[a] = w->step;
        /* the option is used (an instrument cannot be notified twice, enforcement moved): no
         * more acts until the actor has reviewed its options again, at the next step */
        st->hazard_sum[a] = 0;
        st->rereview[a] = 1;
    }
}

/* ---- life cycle ---- */

/* Steps in `weeks` (at least 1). */
static long steps_of(double weeks, double dt_weeks)
{
    long n = (long)ceil(weeks / dt_weeks);
    return n > 0 ? n : 1;
}

static int decide_init(brink_world *w, brink_error *err)
{
    size_t na = w->na, nf = w->nf;
    decide_state *st = brink_arena_alloc(&w->arena, sizeof *st);
    if (!st)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    memset(st, 0, sizeof *st);
    /* per hostile economy: tighten, ease, threaten; per flow: a waiver, a cut and a restore */
    st->max_actions = 3 * na + 3 * nf + w->ni + 1;
    size_t slots = na * st->max_actions;
    st->actions = brink_arena_array(&w->arena, slots, sizeof *st->actions);
    st->utility = brink_arena_array(&w->arena, slots, sizeof *st->utility);
    st->hazard = brink_arena_array(&w->arena, slots, sizeof *st->hazard);
    st->nactions = brink_arena_array(&w->arena, na, sizeof *st->nactions);
    st->hazard_sum = brink_arena_array(&w->arena, na, sizeof *st->hazard_sum);
    st->hold = brink_arena_array(&w->arena, na, sizeof *st->hold);
    st->hold_disc = brink_arena_array(&w->arena, na, sizeof *st->hold_disc);
    st->review_step = brink_arena_array(&w->arena, na, sizeof *st->review_step);
    st->reviewing = brink_arena_array(&w->arena, na, sizeof *st->reviewing);
    st->rereview = brink_arena_array(&w->arena, na, sizeof *st->rereview);
    st->econ_reads = brink_arena_array(&w->arena, na, sizeof *st->econ_reads);
    st->econ_list = brink_arena_array(&w->arena, na, sizeof *st->econ_list);
    st->econ_step = brink_arena_array(&w->arena, na, sizeof *st->econ_step);
    st->pcut = brink_arena_array(&w->arena, nf ? nf : 1, sizeof *st->pcut);
    st->pthr = brink_arena_array(&w->arena, na, sizeof *st->pthr);
    st->econ_copy = brink_arena_array(&w->arena, na, sizeof *st->econ_copy);
    st->copy_econ = brink_arena_array(&w->arena, na, sizeof *st->copy_econ);
    st->copy_flow = brink_arena_array(&w->arena, nf ? nf : 1, sizeof *st->copy_flow);
    st->chosen = brink_arena_array(&w->arena, na, sizeof *st->chosen);
    st->chosen_step = brink_arena_array(&w->arena, na, sizeof *st->chosen_step);
    st->actor = brink_arena_array(&w->arena, na, sizeof *st->actor);
    st->flow_sens = brink_arena_array(&w->arena, nf ? nf : 1, sizeof *st->flow_sens);
    st->flow_conv = brink_arena_array(&w->arena, nf ? nf : 1, sizeof *st->flow_conv);
    st->flow_earns = brink_arena_array(&w->arena, nf ? nf : 1, sizeof *st->flow_earns);
    st->base_press = brink_arena_array(&w->arena, na, sizeof *st->base_press);
    st->cut_keep = brink_arena_array(&w->arena, nf ? nf : 1, sizeof *st->cut_keep);
    st->buy_at = brink_arena_array(&w->arena, na + 1, sizeof *st->buy_at);
    st->bought = brink_arena_array(&w->arena, nf ? nf : 1, sizeof *st->bought);
    st->threateners = brink_arena_array(&w->arena, na, sizeof *st->threateners);
    st->economies = brink_arena_array(&w->arena, na, sizeof *st->economies);
    st->belief0 = brink_arena_array(&w->arena, na * na, sizeof *st->belief0);
    if (!st->actions || !st->utility || !st->hazard || !st->nactions || !st->hazard_sum ||
        !st->hold || !st->hold_disc || !st->review_step || !st->reviewing || !st->rereview ||
        !st->econ_reads || !st->econ_list || !st->econ_step || !st->econ_copy || !st->copy_econ ||
        !st->copy_flow || !st->pcut || !st->pthr || !st->chosen || !st->chosen_step || !st->actor ||
        !st->flow_sens || !st->flow_conv || !st->flow_earns || !st->base_press || !st->cut_keep ||
        !st->buy_at || !st->bought || !st->threateners || !st->economies || !st->belief0)
        return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    struct {
        int *id;
        const char *name;
    } params[] = {
        {&st->p_rationality, "decide.rationality"},
        {&st->p_base_hazard, "decide.base_hazard_per_week"},
        {&st->p_horizon, "decide.horizon_weeks"},
        {&st->p_discount, "decide.discount_per_week"},
        {&st->p_review, "decide.review_weeks"},
        {&st->p_step, "decide.enforcement_step"},
        {&st->p_cost, "decide.enforcement_cost"},
        {&st->p_pressure, "decide.pressure_weight"},
        {&st->p_audience, "decide.audience_cost"},
        {&st->p_breach, "decide.breach_cost"},
        {&st->p_audience_hl, "decide.audience_cost_halflife_weeks"},
        {&st->p_budget, "decide.budget_usd_bn"},
        {&st->p_cut_hl, "decide.purchase_cut_halflife_weeks"},
        {&st->p_purchase, "decide.purchase_step"},
        {&st->p_threat_h, "decide.threat_horizon_weeks"},
        {&st->p_belief_hl, "beliefs.resolve_halflife_weeks"},
        {&st->p_belief_update, "beliefs.resolve_update"},
    };
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++)
        if ((*params[i].id = brink_param_find(params[i].name)) < 0)
            return brink_error_set(err, BRINK_EINTERNAL, NULL, 0, 0,
                                   "parameter %s is missing from the registry", params[i].name);
    /* room for the record of the longest holding path the parameter's bounds allow (more
     * advances than steps it cannot have); a longer one is not recorded */
    const brink_param_def *hz = brink_param_get((size_t)st->p_horizon);
    st->rec_len = 2 * w->nm + na + 2 * nf;
    st->rec_cap = hz ? steps_of(hz->hi, w->dt_weeks) : 0;
    st->hold_rec = st->rec_cap > 0 ? brink_arena_array(&w->arena, (size_t)st->rec_cap * st->rec_len,
                                                       sizeof *st->hold_rec)
                                   : NULL;
    if (!st->hold_rec)
        st->rec_cap = 0;
    /* actors that can threaten: a public threat is diplomatic, its act (tightening) economic */
    for (size_t a = 0; a < na; a++) {
        unsigned d = w->sc->actors[a].domains;
        if ((d & BRINK_DOMAIN_DIPLOMATIC) && (d & BRINK_DOMAIN_ECONOMIC))
            st->threateners[st->nthreateners++] = (int)a;
    }
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

/* The run constants of st from w's draws. */
static void fill_constants(const brink_world *w, decide_state *st)
{
    const brink_scenario *sc = w->sc;
    double dt = w->dt_weeks;
    for (size_t a = 0; a < w->na; a++) {
        const brink_actor *ac = &sc->actors[a];
        decide_actor *c = &st->actor[a];
        double hawk = brink_world_value(w, &ac->disposition[BRINK_DISP_HAWKISHNESS]);
        c->costs = brink_world_value(w, &ac->disposition[BRINK_DISP_COST_SENSITIVITY]);
        c->coerce = brink_world_param(w, st->p_pressure, (int)a, -1, -1) * hawk;
        c->enf_cost = brink_world_param(w, st->p_cost, (int)a, -1, -1) * c->costs;
        c->r0 = brink_world_value(w, &ac->internal[BRINK_INT_REVENUE_USD_BN]);
        double budget = c->r0 > 0 ? c->r0 : brink_world_param(w, st->p_budget, (int)a, -1, -1);
        c->money = budget > 0 ? c->costs * 100.0 / budget : 0;
        c->lambda = brink_world_param(w, st->p_rationality, (int)a, -1, -1);
        c->disc_step = pow(brink_world_param(w, st->p_discount, (int)a, -1, -1), dt);
        c->disc_len = 0;
        c->audience = brink_world_param(w, st->p_audience, (int)a, -1, -1);
        c->breach = brink_world_param(w, st->p_breach, (int)a, -1, -1);
        c->threat_steps = steps_of(brink_world_param(w, st->p_threat_h, (int)a, -1, -1), dt);
    }
    st->neconomies = 0;
    for (size_t a = 0; a < w->na; a++) {
        if (st->actor[a].r0 > 0)
            st->economies[st->neconomies++] = a;
        st->base_press[a] = brink_economy_base_pressure(w, (int)a);
    }
    /* the sanctioned flows each actor buys: priced, sensitive to enforcement, not its own */
    size_t k = 0;
    for (size_t a = 0; a < w->na; a++) {
        st->buy_at[a] = k;
        for (size_t f = 0; f < w->nf; f++) {
            const brink_flow *fl = &sc->flows[f];
            if (a == 0) {
                st->flow_sens[f] = brink_world_value(w, &fl->enforcement_sensitivity);
                st->flow_earns[f] =
                    (unsigned char)brink_economy_flow_conv(w, (int)f, &st->flow_conv[f]);
                st->cut_keep[f] =
                    brink_halflife_keep(brink_world_param(w, st->p_cut_hl, -1, -1, (int)f), dt);
            }
            if (fl->to == (int)a && fl->from != (int)a && fl->from >= 0 && fl->market >= 0 &&
                st->flow_sens[f] > 0)
                st->bought[k++] = f;
        }
    }
    st->buy_at[w->na] = k;
    st->base_hazard = brink_world_param(w, st->p_base_hazard, -1, -1, -1);
    st->enf_step = brink_world_param(w, st->p_step, -1, -1, -1);
    st->purchase_step = brink_world_param(w, st->p_purchase, -1, -1, -1);
    st->audience_hl = brink_world_param(w, st->p_audience_hl, -1, -1, -1);
    st->belief_hl = brink_world_param(w, st->p_belief_hl, -1, -1, -1);
    st->belief_update = brink_world_param(w, st->p_belief_update, -1, -1, -1);
    st->horizon = steps_of(brink_world_param(w, st->p_horizon, -1, -1, -1), dt);
    st->review = steps_of(brink_world_param(w, st->p_review, -1, -1, -1), dt);
    for (size_t i = 0; i < w->na * w->na; i++)
        st->belief0[i] =
            i / w->na == i % w->na ? 0 : brink_world_value(w, &sc->relations[i].resolve_belief);
}

static void decide_reset(brink_world *w)
{
    decide_state *st = state_of(w);
    if (!st || w->scratch) /* a scratch world's mstate belongs to the world it projects */
        return;
    fill_constants(w, st);
    memcpy(w->m.resolve_belief, st->belief0, w->na * w->na * sizeof *st->belief0);
    st->next_review = 0;
    st->econ_for = -2;
    st->hold_rec_ok = 0;
    st->pclocks = 0;
    for (size_t a = 0; a < w->na; a++) {
        st->review_step[a] = -1;
        st->reviewing[a] = 0;
        st->rereview[a] = 0;
        st->nactions[a] = 0;
        st->hazard_sum[a] = 0;
        st->chosen[a] = -1;
        st->chosen_step[a] = -1;
    }
}

const brink_mechanism brink_mech_decide = {
    .id = BRINK_MECH_DECIDE,
    .init = decide_init,
    .fini = decide_fini,
    .reset = decide_reset,
    .step = decide_step,
    .projects = 1, /* only the clocks of commitments run inside a projection */
    .quiet = decide_quiet,
    .clock_block = decide_clock_block,
};

/* ---- observation ---- */

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

long brink_decide_choice(const brink_world *w, int a, int *reviewed)
{
    const decide_state *st = state_of(w);
    if (reviewed)
        *reviewed = 0;
    if (!st || a < 0 || (size_t)a >= w->na)
        return -1;
    if (reviewed)
        *reviewed = st->review_step[a] == w->step && st->nactions[a] > 0;
    return st->chosen_step[a] == w->step ? st->chosen[a] : -1;
}
