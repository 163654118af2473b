/* SPDX-License-Identifier: MIT */
/*
 * test_decide.c — world/decide: choices by projection and hazards, buyers' choices, public
 * threats with audience costs and beliefs about resolve, and the runner's observer.
 *
 * Small scenarios (a sender S hostile to a target economy T that sells oil to a buyer B) are run
 * with fixed seeds, so every count below is deterministic; the tolerances are stated as Monte
 * Carlo standard errors and hold for any seed with the stated probability.
 * - Coercion: with decide.pressure_weight 3 (three times the default), the share of S's
 *   tightenings among its tightenings and easings falls with decide.enforcement_cost: above 0.9
 *   at cost 0, below 0.1 at cost 100, and each step down larger than 2 standard errors.
 * - Rationality 0: the six options of an actor are chosen uniformly (chi-square, 5 degrees of
 *   freedom, below the 0.999 quantile 20.52).
 * - step_days 7 and 1: the probability that S acts within 8 weeks and its mean number of acts
 *   over 20 weeks agree within 4 standard errors of their difference.
 * - Buyers: at the baseline B does not weigh cutting; its utility for cutting is negative when
 *   enforcement on T rises by 0.05 and positive when it rises by 0.3, and it cuts far more often
 *   in the second case (Poisson counts, more than 4 standard errors apart).
 * - Threats: a threat not carried out costs the threatener decide.audience_cost in its objective
 *   from the step after its deadline and lowers every other actor's resolve_belief by
 *   beliefs.resolve_update of the way to 0; one carried out raises them and costs nothing; the
 *   projection of a threat shows its cost, an outstanding threat makes tightening more valuable
 *   and makes a buyer who believes it weigh cutting; a threat is weighed only when the act it
 *   threatens scores above holding.
 * - Observer: forecast.json of the built-in scenario is byte-identical with and without an
 *   observer that reads every decision of every step.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "brink.h"
#include "io/forecast.h"
#include "sim/ensemble.h"
#include "sim/run.h"
#include "world/decide.h"
#include "world/economy.h"
#include "world/world.h"

#define SEED 20250601

/* ---- fixtures ---- */

/* S (domains s_domains) hostile to the economy T, which sells 1.5 mb/d of oil to B (domains
 * b_domains); O watches; T2 is a second economy, with `two_targets` S's target too and selling
 * oil to O. `extra` holds further lines (params). */
static brink_scenario *load_with(int step_days, int weeks, const char *s_domains,
                                 const char *b_domains, int two_targets, const char *extra)
{
    static char text[4096];
    int n = snprintf(
        text, sizeof text,
        "brink: 1\n"
        "scenario: {name: decide test, start: 2025-01-01, horizon_weeks: %d, step_days: %d}\n"
        "issues: [{id: x, name: X}]\n"
        "actors:\n"
        "  - {id: S, name: Sender, kind: state, domains: [%s],\n"
        "     dispositions: {hawkishness: 0.8, cost_sensitivity: 1}}\n"
        "  - {id: T, name: Target, kind: state, internals: {revenue_usd_bn: 100, "
        "oil_revenue_share: 0.5}}\n"
        "  - {id: B, name: Buyer, kind: state, domains: [%s],\n"
        "     dispositions: {hawkishness: 0, cost_sensitivity: 0.5}}\n"
        "  - {id: O, name: Observer, kind: state}\n"
        "  - {id: T2, name: Second target, kind: state, internals: {revenue_usd_bn: 50, "
        "oil_revenue_share: 0.5}}\n"
        "relations:\n"
        "  pairs:\n"
        "    - {from: S, to: T, alignment: -1, sanctions: 0.5}\n"
        "%s"
        "markets:\n"
        "  - {id: BRENT, name: Brent, commodity: oil, price: 70}\n"
        "flows:\n"
        "  - {id: OIL, commodity: oil, from: T, to: B, market: BRENT, volume: 1.5, discount: 5,\n"
        "     enforcement_sensitivity: 0.5, switching_cost: 0.1}\n"
        "%s%s",
        weeks, step_days, s_domains, b_domains,
        two_targets ? "    - {from: S, to: T2, alignment: -1, sanctions: 0.5}\n" : "",
        two_targets
            ? "  - {id: OIL2, commodity: oil, from: T2, to: O, market: BRENT, volume: 0.8,\n"
              "     discount: 5, enforcement_sensitivity: 0.5, switching_cost: 0.1}\n"
            : "",
        extra);
    assert_true(n > 0 && (size_t)n < sizeof text);
    brink_scenario *sc = NULL;
    brink_error err;
    int rc = brink_scenario_load_buffer(text, (size_t)n, "decide-test", NULL, &sc, &err);
    if (rc)
        print_message("%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
    assert_int_equal(rc, BRINK_OK);
    return sc;
}

static brink_scenario *load(int step_days, int weeks, const char *s_domains, const char *b_domains,
                            const char *extra)
{
    return load_with(step_days, weeks, s_domains, b_domains, 0, extra);
}

static int actor(const brink_scenario *sc, const char *id)
{
    int a = brink_scenario_actor(sc, id);
    assert_true(a >= 0);
    return a;
}

static brink_world *new_world(const brink_scenario *sc)
{
    brink_world *w = NULL;
    brink_error err;
    assert_int_equal(brink_world_new(sc, 0, &w, &err), BRINK_OK);
    return w;
}

static void reset(brink_world *w, uint64_t run)
{
    brink_error err;
    assert_int_equal(brink_world_reset(w, SEED, run, &err), BRINK_OK);
}

/* Steps w once at its current step, then advances the step. */
static void step(brink_world *w)
{
    brink_world_step(w);
    w->step++;
}

/* The utility actor a gave to its option of kind k (on target t, or any when t < 0) at its
 * last review; fails when it has no such option. */
static double utility_of(const brink_world *w, int a, brink_action_kind k, int t)
{
    const brink_action *acts;
    const double *u, *h;
    size_t n = brink_decide_options(w, a, &acts, &u, &h);
    for (size_t i = 0; i < n; i++)
        if (acts[i].kind == k && (t < 0 || acts[i].target == t))
            return u[i];
    fail_msg("actor %d has no option %s", a, brink_action_kind_name(k));
    return 0;
}

/* ---- coercion: monotone in the cost of enforcement ---- */

static void test_tighten_share_falls_with_cost(void **state)
{
    (void)state;
    static const double cost[] = {0, 30, 60, 100};
    enum { NC = sizeof cost / sizeof cost[0], RUNS = 200 };
    double share[NC], se[NC];
    for (size_t c = 0; c < NC; c++) {
        char extra[256];
        snprintf(extra, sizeof extra,
                 "params:\n  economy.oil_price_volatility: 0\n  decide.pressure_weight: 3\n"
                 "  decide.enforcement_cost: %g\n",
                 cost[c]);
        brink_scenario *sc = load(7, 30, "economic", "", extra);
        int s = actor(sc, "S");
        brink_runner *r = NULL;
        brink_error err;
        assert_int_equal(brink_runner_new(sc, &r, &err), BRINK_OK);
        long tighten = 0, ease = 0;
        for (uint64_t run = 0; run < RUNS; run++) {
            const brink_run_record *rec = NULL;
            assert_int_equal(brink_runner_run(r, SEED, run, &rec, &err), BRINK_OK);
            for (size_t e = 0; e < rec->world->nevents; e++) {
                const brink_event *ev = &rec->world->events[e];
                tighten += ev->actor == s && ev->type == BRINK_EV_SANCTIONS_TIGHTENED;
                ease += ev->actor == s && ev->type == BRINK_EV_SANCTIONS_EASED;
            }
        }
        long n = tighten + ease;
        assert_true(n >= 40);
        share[c] = (double)tighten / (double)n;
        se[c] = sqrt(fmax(share[c] * (1 - share[c]), 0.25 / (double)n) / (double)n);
        print_message("enforcement_cost %g: %ld tighten, %ld ease, share %.3f +- %.3f\n", cost[c],
                      tighten, ease, share[c], se[c]);
        brink_runner_free(r);
        brink_scenario_free(sc);
    }
    assert_true(share[0] > 0.9);
    assert_true(share[NC - 1] < 0.1);
    for (size_t c = 1; c < NC; c++)
        assert_true(share[c - 1] - share[c] > 2 * sqrt(se[c - 1] * se[c - 1] + se[c] * se[c]));
}

/* ---- rationality 0: uniform choice ---- */

static void test_rationality_zero_is_uniform(void **state)
{
    (void)state;
    brink_scenario *sc =
        load_with(7, 4, "diplomatic, economic", "", 1,
                  "params:\n  decide.rationality: 0\n  decide.base_hazard_per_week: 10\n");
    int s = actor(sc, "S");
    brink_world *w = new_world(sc);
    enum { RUNS = 1200, K = 6 };
    long count[K] = {0}, acted = 0;
    for (uint64_t run = 0; run < RUNS; run++) {
        reset(w, run);
        step(w);
        w->step--; /* read the choice at the step it was made */
        int reviewed;
        long k = brink_decide_choice(w, s, &reviewed);
        assert_true(reviewed);
        const brink_action *acts;
        const double *u, *h;
        assert_int_equal(brink_decide_options(w, s, &acts, &u, &h), K);
        for (size_t i = 1; i < K; i++)
            assert_true(h[i] == h[0]); /* lambda 0: every option has the same hazard */
        if (k >= 0) {
            count[k]++;
            acted++;
        }
    }
    /* P(act in a week) = 1 - exp(-10 * 6/7): all but about 2 in 10,000 runs */
    assert_true(acted >= RUNS - 5);
    double chi2 = 0, expect = (double)acted / K;
    for (size_t i = 0; i < K; i++)
        chi2 += ((double)count[i] - expect) * ((double)count[i] - expect) / expect;
    print_message("choices %ld %ld %ld %ld %ld %ld, chi-square %.2f (5 df)\n", count[0], count[1],
                  count[2], count[3], count[4], count[5], chi2);
    assert_true(chi2 < 20.52);
    brink_world_free(w);
    brink_scenario_free(sc);
}

/* ---- step_days 7 and 1 ---- */

/* S's acts over `runs` runs of 20 weeks of steps of `days` days: the share of runs in which it
 * acts within 8 weeks, and the mean and variance of its number of acts. */
static void act_rates(int days, const char *params, int runs, double *p8, double *mean, double *var)
{
    brink_scenario *sc = load(days, 20, "economic", "", params);
    int s = actor(sc, "S");
    brink_runner *r = NULL;
    brink_error err;
    assert_int_equal(brink_runner_new(sc, &r, &err), BRINK_OK);
    long early = 0, steps8 = 8 * 7 / days;
    double sum = 0, sum2 = 0;
    for (uint64_t run = 0; run < (uint64_t)runs; run++) {
        const brink_run_record *rec = NULL;
        assert_int_equal(brink_runner_run(r, SEED, run, &rec, &err), BRINK_OK);
        long n = 0, first = -1;
        for (size_t e = 0; e < rec->world->nevents; e++) {
            const brink_event *ev = &rec->world->events[e];
            if (ev->actor != s)
                continue;
            if (first < 0)
                first = ev->step;
            n++;
        }
        early += first >= 0 && first < steps8;
        sum += (double)n;
        sum2 += (double)n * (double)n;
    }
    *p8 = (double)early / runs;
    *mean = sum / runs;
    *var = sum2 / runs - *mean * *mean;
    print_message("step_days %d: P(act within 8 weeks) %.3f, acts in 20 weeks %.3f (sd %.3f)\n",
                  days, *p8, *mean, sqrt(*var));
    brink_runner_free(r);
    brink_scenario_free(sc);
}

/* The two step lengths agree within 4 standard errors of the difference, and the rate is one
 * the test can see. */
static void assert_same_rates(const char *params, int runs)
{
    double p7, m7, v7, p1, m1, v1;
    act_rates(7, params, runs, &p7, &m7, &v7);
    act_rates(1, params, runs, &p1, &m1, &v1);
    double se_p = sqrt((p7 * (1 - p7) + p1 * (1 - p1)) / runs);
    double se_m = sqrt((v7 + v1) / runs);
    assert_true(p7 > 0.2 && p7 < 0.9);
    assert_true(fabs(p7 - p1) < 4 * se_p);
    assert_true(fabs(m7 - m1) < 4 * se_m);
}

static void test_step_days_invariance(void **state)
{
    (void)state;
    /* hazards alone (lambda 0: utilities do not matter, so a one-week projection will do) */
    assert_same_rates("params:\n  decide.rationality: 0\n  decide.horizon_weeks: 1\n", 1500);
    /* the whole choice, projections included */
    assert_same_rates("params:\n  economy.oil_price_volatility: 0\n  decide.pressure_weight: 3\n"
                      "  decide.enforcement_cost: 30\n",
                      500);
}

/* ---- buyers ---- */

/* B's utility of cutting at step 0 and the number of its cuts over 12 weeks of `runs` runs, with
 * S's enforcement on T raised to `enforcement` above its baseline at the start. */
static void buyer_response(double enforcement, int runs, double *u_cut, long *cuts,
                           double *mean_cut)
{
    brink_scenario *sc = load(7, 12, "", "economic",
                              "params:\n  economy.oil_price_volatility: 0\n"
                              "  decide.budget_usd_bn: 2\n");
    int s = actor(sc, "S"), t = actor(sc, "T"), b = actor(sc, "B");
    brink_world *w = new_world(sc);
    *cuts = 0;
    *mean_cut = 0;
    for (int run = 0; run < runs; run++) {
        reset(w, (uint64_t)run);
        if (enforcement > 0)
            brink_economy_set_enforcement(w, s, t, 0.5 + enforcement);
        for (long k = 0; k < 12; k++) {
            step(w);
            if (run == 0 && k == 0 && enforcement > 0) {
                w->step--;
                *u_cut = utility_of(w, b, BRINK_ACT_CUT, t);
                w->step++;
            }
        }
        for (size_t e = 0; e < w->nevents; e++)
            *cuts += w->events[e].actor == b && w->events[e].type == BRINK_EV_SANCTIONS_TIGHTENED;
        *mean_cut += w->m.buyer_cut[0] / runs;
    }
    brink_world_free(w);
    brink_scenario_free(sc);
}

static void test_buyer_cuts_when_enforcement_rises(void **state)
{
    (void)state;
    double u0, u1, m0, m1, unused, m_base;
    long c0, c1, c_base;
    buyer_response(0, 50, &unused, &c_base, &m_base);
    assert_int_equal(c_base, 0); /* at the baseline a buyer does not weigh cutting */
    buyer_response(0.05, 200, &u0, &c0, &m0);
    buyer_response(0.3, 200, &u1, &c1, &m1);
    print_message("buyer: U(cut) %.4f -> %.4f, cuts %ld -> %ld, mean cut at 12 weeks %.3f -> "
                  "%.3f\n",
                  u0, u1, c0, c1, m0, m1);
    assert_true(u0 < 0); /* exposure 70 USD x 0.5 x 0.05 per bbl is less than the discount */
    assert_true(u1 > 0); /* 70 USD x 0.5 x 0.3 exceeds it */
    /* Poisson counts: the difference is far beyond 4 standard errors */
    assert_true((double)(c1 - c0) > 4 * sqrt((double)(c0 + c1)));
    assert_true(m1 > m0 + 0.05);
}

/* ---- threats ---- */

static void test_threat_audience_cost_and_beliefs(void **state)
{
    (void)state;
    /* nobody acts by chance (base hazard 0), so only the test's actions happen */
    brink_scenario *sc = load(7, 30, "diplomatic, economic", "economic",
                              "params:\n  economy.oil_price_volatility: 0\n"
                              "  decide.base_hazard_per_week: 0\n  decide.audience_cost: 4\n"
                              "  decide.threat_horizon_weeks: 8\n  beliefs.resolve_update: 0.2\n");
    int s = actor(sc, "S"), t = actor(sc, "T"), o = actor(sc, "O"), b = actor(sc, "B");
    brink_world *w0 = new_world(sc), *w1 = new_world(sc), *w2 = new_world(sc);
    reset(w0, 3);
    reset(w1, 3);
    reset(w2, 3);
    double b0 = brink_decide_resolve_belief(w1, o, s);
    assert_true(b0 == 0.5); /* the scenario's default */

    /* the projection sees the cost: at the first review, threatening is worth less than holding */
    step(w0);
    w0->step--;
    double u_threat = utility_of(w0, s, BRINK_ACT_THREATEN, t);
    w0->step++;
    print_message("U(threaten) %.4f\n", u_threat);
    assert_true(u_threat < -0.1 * 4);

    brink_action threat = {BRINK_ACT_THREATEN, t, BRINK_THREAT_TIGHTEN};
    assert_true(brink_decide_apply(w1, s, threat, -1) >= 0);
    assert_true(brink_decide_apply(w2, s, threat, -1) >= 0);
    assert_int_equal(w1->events[0].type, BRINK_EV_THREAT);
    assert_int_equal(w1->m.threat_due[s], 8);
    step(w1);
    step(w2);
    /* w1 keeps the threat outstanding; w2 carries it out at step 2 */
    for (long k = 1; k < 14; k++) {
        if (k == 2)
            brink_decide_apply(w2, s, (brink_action){BRINK_ACT_TIGHTEN, t, -1}, -1);
        brink_world_step(w0);
        brink_world_step(w1);
        brink_world_step(w2);
        double j0 = brink_decide_objective(w0, s), j1 = brink_decide_objective(w1, s);
        double bel1 = brink_decide_resolve_belief(w1, o, s);
        double bel2 = brink_decide_resolve_belief(w2, o, s);
        if (k == 4) { /* a review: the outstanding threat raises tightening's worth */
            double u_tighten0 = utility_of(w0, s, BRINK_ACT_TIGHTEN, t);
            double u_tighten1 = utility_of(w1, s, BRINK_ACT_TIGHTEN, t);
            /* the buyer weighs cutting only when it believes the threat */
            const brink_action *acts;
            const double *u, *h;
            assert_int_equal(brink_decide_options(w0, b, &acts, &u, &h), 0);
            double u_cut1 = utility_of(w1, b, BRINK_ACT_CUT, t);
            print_message("threat outstanding: U(tighten) %.4f -> %.4f, buyer U(cut) %.4f\n",
                          u_tighten0, u_tighten1, u_cut1);
            assert_true(u_tighten1 > u_tighten0 + 0.5 * -u_threat);
        }
        if (k <= 8) { /* before the deadline passes: nothing yet */
            assert_true(fabs(j1 - j0) < 1e-9);
            assert_true(bel1 == b0);
        } else {
            /* lapsed at step 9: the audience cost, fading with its half-life (26 weeks) */
            double cost = 4 * exp2(-(double)(k - 9) / 26.0);
            assert_true(fabs((j0 - j1) - cost) < 1e-9);
            assert_true(fabs(brink_decide_audience_cost(w1, s) - cost) < 1e-12);
            assert_true(bel1 < b0 - 0.09); /* 0.5 -> 0.4, then back toward 0.5 slowly */
            assert_true(bel1 < 0.41);
            assert_true(brink_decide_resolve_belief(w1, t, s) < 0.41);
            assert_true(brink_decide_resolve_belief(w1, s, s) == 0); /* no belief about itself */
        }
        if (k >= 2) { /* kept at step 2: its clock runs after the test's tightening */
            assert_true(bel2 > b0 + 0.09);
            assert_true(brink_decide_audience_cost(w2, s) == 0);
            assert_int_equal(w2->m.threat_kind[s], BRINK_THREAT_NONE);
        }
        w0->step++;
        w1->step++;
        w2->step++;
    }
    assert_int_equal(w1->m.threat_kind[s], BRINK_THREAT_NONE);
    brink_world_free(w0);
    brink_world_free(w1);
    brink_world_free(w2);
    brink_scenario_free(sc);
}

/* A threat is weighed only when the act it threatens scores above holding (no bluffs). */
static void test_no_bluffs(void **state)
{
    (void)state;
    static const double cost[2] = {2, 100};
    for (int c = 0; c < 2; c++) {
        char extra[128];
        snprintf(extra, sizeof extra, "params:\n  decide.enforcement_cost: %g\n", cost[c]);
        brink_scenario *sc = load(7, 4, "diplomatic, economic", "", extra);
        int s = actor(sc, "S"), t = actor(sc, "T");
        brink_world *w = new_world(sc);
        reset(w, 0);
        brink_world_step(w);
        double u_tighten = utility_of(w, s, BRINK_ACT_TIGHTEN, t);
        const brink_action *acts;
        const double *u, *h;
        size_t n = brink_decide_options(w, s, &acts, &u, &h), threats = 0;
        for (size_t k = 0; k < n; k++)
            threats += acts[k].kind == BRINK_ACT_THREATEN;
        print_message("enforcement_cost %g: U(tighten) %.4f, %zu threat option(s)\n", cost[c],
                      u_tighten, threats);
        assert_int_equal(threats, u_tighten > 0 ? 1 : 0);
        assert_true(c == 0 ? u_tighten > 0 : u_tighten < 0);
        brink_world_free(w);
        brink_scenario_free(sc);
    }
}

/* ---- the observer changes nothing ---- */

typedef struct observed {
    long steps, reviews, choices;
    double sum;
} observed;

/* Reads everything a trace reads. */
static void observe(void *ctx, const brink_world *w, long step_index, int phase)
{
    observed *o = ctx;
    assert_int_equal(phase, BRINK_RUN_STEP_END);
    assert_int_equal(step_index, w->step);
    o->steps++;
    for (size_t a = 0; a < w->na; a++) {
        int reviewed;
        long k = brink_decide_choice(w, (int)a, &reviewed);
        const brink_action *acts;
        const double *u, *h;
        size_t n = brink_decide_options(w, (int)a, &acts, &u, &h);
        o->reviews += reviewed;
        o->choices += k >= 0;
        for (size_t i = 0; i < n; i++)
            o->sum += u[i] + h[i];
    }
}

/* forecast.json of `runs` runs of sc, with or without the observer, into path. */
static void forecast_file(const brink_scenario *sc, int with_observer, uint64_t runs,
                          const char *path, observed *obs)
{
    brink_error err;
    brink_runner *r = NULL;
    assert_int_equal(brink_runner_new(sc, &r, &err), BRINK_OK);
    if (with_observer)
        brink_runner_set_observer(r, observe, obs);
    brink_ens_settings st = {.seed = SEED, .runs = runs, .precision = 0, .block = runs};
    const brink_world *w = NULL;
    const brink_run_record *rec = NULL;
    assert_int_equal(brink_runner_run(r, SEED, 0, &rec, &err), BRINK_OK);
    w = rec->world;
    brink_aggregate *agg = NULL;
    assert_int_equal(brink_aggregate_new(&st, rec->nq, rec->nseries, rec->nsteps, &agg, &err),
                     BRINK_OK);
    brink_run_summary sum;
    assert_int_equal(brink_run_summary_init(&sum, rec->nq, rec->nseries, rec->nsteps, &err),
                     BRINK_OK);
    for (uint64_t i = 0; i < runs; i++) {
        assert_int_equal(brink_runner_run(r, SEED, i, &rec, &err), BRINK_OK);
        brink_run_summary_fill(&sum, rec, sc);
        assert_int_equal(brink_aggregate_merge(agg, &sum, &err), BRINK_OK);
    }
    brink_forecast_meta meta = {sc, 1, w->series, w->nseries, rec->nsteps};
    assert_int_equal(brink_io_forecast_json(path, &meta, agg, &err), BRINK_OK);
    brink_run_summary_free(&sum);
    brink_aggregate_free(agg);
    brink_runner_free(r);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    char *p = malloc((size_t)n);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return p;
}

static void test_observer_changes_nothing(void **state)
{
    (void)state;
    size_t len;
    const char *name;
    const char *text = brink_builtin_scenario(&len, &name);
    brink_scenario *sc = NULL;
    brink_error err;
    assert_int_equal(brink_scenario_load_buffer(text, len, name, NULL, &sc, &err), BRINK_OK);
    char a[64], b[64];
    snprintf(a, sizeof a, "test_decide_plain_%ld.json", (long)getpid());
    snprintf(b, sizeof b, "test_decide_observed_%ld.json", (long)getpid());
    observed obs = {0};
    forecast_file(sc, 0, 24, a, NULL);
    forecast_file(sc, 1, 24, b, &obs);
    print_message("observer saw %ld steps, %ld reviews, %ld choices\n", obs.steps, obs.reviews,
                  obs.choices);
    assert_true(obs.steps == 25 * sc->nsteps); /* the shape run, then 24 runs */
    assert_true(obs.reviews > 0 && obs.choices > 0);
    size_t la, lb;
    char *pa = slurp(a, &la), *pb = slurp(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(pa, pb, la);
    free(pa);
    free(pb);
    remove(a);
    remove(b);
    brink_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tighten_share_falls_with_cost),
        cmocka_unit_test(test_rationality_zero_is_uniform),
        cmocka_unit_test(test_step_days_invariance),
        cmocka_unit_test(test_buyer_cuts_when_enforcement_rises),
        cmocka_unit_test(test_threat_audience_cost_and_beliefs),
        cmocka_unit_test(test_no_bluffs),
        cmocka_unit_test(test_observer_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
