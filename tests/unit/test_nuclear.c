/* SPDX-License-Identifier: MIT */
/*
 * test_nuclear.c — the nuclear-programme mechanism (src/world/nuclear.c): unit tests of its
 * physics on a small scenario without choices, and pattern 6 of MODEL.md section 6 with its
 * negative control.
 *
 * - Stock growth: the stock grows by the scenario's rate (kg/month) scaled by capacity and
 *   integrity; a level without a rate takes over the cascades of the level below.
 * - Breakout: the separative-work formula gives, for the built-in scenario at its start, a
 *   breakout time inside the scenario's published estimate (0.5-2 weeks, ISIS on the IAEA report
 *   of Feb 2025) and, for the JCPOA programme of 2018, 35-75 weeks (the JCPOA was designed for a
 *   breakout of about a year, GK).
 * - Strike: integrity falls by nuclear.strike_integrity x severity, the stock by an uncertain
 *   share (its mean in projections), integrity rebuilds with its half-life.
 * - Freeze: brink_nuclear_set_freeze stops enrichment above the level cap and brings the stock
 *   down to the stock cap; lifting it lets the stock grow again.
 * - Fear: the strike hazard the owner perceives rises with the latency the fearers have not got
 *   used to, so a jump is riskier than the same latency reached in steps.
 * - Pattern 6 (scenarios/calibration/nuclear-2018.yaml): after the US exit from the JCPOA, Iran
 *   steps out of the caps in mid-2019, reaches 20 % in January 2021 and 60 % in April 2021, one
 *   step at a time. Tolerances (fixed before calibrating, from domain facts A.10): ensemble median
 *   of the first breach of the caps in 2019-01-01 ... 2020-03-31; of the first enrichment at 20 %
 *   or more in 2020-01-01 ... 2021-12-31; of the first at 60 % or more in 2020-07-01 ...
 *   2022-06-30 (runs that never get there count as later than any date); at least 60 % of runs
 *   stepwise (the first raise of the level above the cap goes no higher than 20 %, and no single
 *   raise jumps from below 20 % to 60 % or more); 90 % reached in at most 20 % of runs. Control:
 *   no preventive-strike response (nuclear.fear_max_per_week = 0) must break the stepwise test.
 *   The numbers are printed and recorded in docs/validation.md ("Pattern 6").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brink.h"
#include "sim/run.h"
#include "world/nuclear.h"
#include "world/world.h"

#define CALIBRATION BRINK_SOURCE_DIR "/scenarios/calibration/"
#define BUILTIN BRINK_SOURCE_DIR "/scenarios/iran-2025.yaml"

#define P6_RUNS 500

/* ---- helpers ---- */

static brink_scenario *load_file(const char *path, const char *const *sets, size_t nsets,
                                 int strict)
{
    brink_load_options opt = {0};
    opt.strict = strict;
    opt.sets = sets;
    opt.nsets = nsets;
    brink_scenario *sc = NULL;
    brink_error err;
    int rc = brink_scenario_load_file(path, &opt, &sc, &err);
    if (rc)
        print_message("%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
    assert_int_equal(rc, BRINK_OK);
    return sc;
}

/* A programme without a chooser (no actor has the nuclear domain): levels 3.67 (40 kg/month),
 * 20 (no rate), 60 (30 kg/month) and 90 (no rate). */
static const char SMALL[] =
    "brink: 1\n"
    "scenario: {name: small, start: 2025-01-01, horizon_weeks: 60, step_days: 7, seed: 5}\n"
    "issues: [{id: x, name: X}]\n"
    "actors:\n"
    "  - {id: P, name: Proliferant, kind: state}\n"
    "  - {id: F, name: Fearer, kind: state, capability: {military: 0.5}}\n"
    "relations:\n"
    "  pairs:\n"
    "    - {from: F, to: P, hostility: 0.8, fears: true}\n"
    "programmes:\n"
    "  - id: PROG\n"
    "    owner: P\n"
    "    levels: [3.67, 20, 60, 90]\n"
    "    stock_kg: {3.67: 1000, 20: 100, 60: 200}\n"
    "    rate_kg_per_month: {3.67: 40, 60: 30}\n"
    "    max_level: 60\n"
    "    capacity_swu_per_year: 10000\n"
    "    iaea_access: 0.5\n";

static brink_scenario *small(const char *const *sets, size_t nsets)
{
    brink_load_options opt = {0};
    opt.sets = sets;
    opt.nsets = nsets;
    brink_scenario *sc = NULL;
    brink_error err;
    int rc = brink_scenario_load_buffer(SMALL, sizeof SMALL - 1, "small.yaml", &opt, &sc, &err);
    if (rc)
        print_message("%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
    assert_int_equal(rc, BRINK_OK);
    return sc;
}

static brink_world *world_of(const brink_scenario *sc)
{
    brink_world *w = NULL;
    brink_error err;
    assert_int_equal(brink_world_new(sc, 0, &w, &err), BRINK_OK);
    assert_int_equal(brink_world_reset(w, sc->seed, 0, &err), BRINK_OK);
    return w;
}

static void steps(brink_world *w, long n)
{
    for (long k = 0; k < n; k++) {
        brink_world_step(w);
        w->step++;
    }
}

static double param(const char *name)
{
    int id = brink_param_find(name);
    assert_true(id >= 0);
    return brink_param_get((size_t)id)->def;
}

#define WEEKS_PER_MONTH (365.25 / 7.0 / 12.0)

/* ---- unit tests ---- */

static void test_programme_of(void **state)
{
    (void)state;
    brink_scenario *sc = load_file(BUILTIN, NULL, 0, 0);
    brink_world *w = world_of(sc);
    int irn = brink_scenario_actor(sc, "IRN"), leader = brink_scenario_actor(sc, "IRN_LEADER");
    int usa = brink_scenario_actor(sc, "USA");
    assert_int_equal(brink_nuclear_programme_of(w, irn), 0);
    assert_int_equal(brink_nuclear_programme_of(w, leader), 0); /* through the parent */
    assert_int_equal(brink_nuclear_programme_of(w, usa), -1);
    assert_int_equal(brink_nuclear_programme_of(w, -1), -1);
    brink_world_free(w);
    brink_scenario_free(sc);
}

static void test_stock_growth(void **state)
{
    (void)state;
    brink_scenario *sc = small(NULL, 0);
    brink_world *w = world_of(sc);
    assert_true(fabs(brink_nuclear_stock_at(w, 0, 60) - 200) < 1e-9);
    assert_true(fabs(brink_nuclear_stock_total(w, 0) - 1300) < 1e-9);
    steps(w, 13);
    double weeks = 13 * w->dt_weeks;
    assert_true(fabs(brink_nuclear_stock_at(w, 0, 60) - (200 + 30 * weeks / WEEKS_PER_MONTH)) <
                1e-6);
    assert_true(fabs(brink_nuclear_stock_at(w, 0, 3.67) - (1000 + 40 * weeks / WEEKS_PER_MONTH)) <
                1e-6);
    assert_true(fabs(brink_nuclear_stock_at(w, 0, 20) - 100) < 1e-9); /* 20: no rate, not top */
    /* the indicator reads the state */
    brink_world_sample(w);
    int j = brink_world_series_find(w, BRINK_IND_STOCK_60_KG, BRINK_SUBJECT_PROGRAMME, 0, -1, -1);
    assert_true(j >= 0);
    assert_true(fabs(w->value[j] - brink_nuclear_stock_at(w, 0, 60)) < 1e-12);
    /* half the integrity: half the growth */
    double s0 = brink_nuclear_stock_at(w, 0, 60);
    w->m.nuc_integrity[0] = 0.5;
    w->projecting = 1; /* (no rebuild in between matters for one step's growth: check it) */
    brink_world_step(w);
    double grown = brink_nuclear_stock_at(w, 0, 60) - s0;
    assert_true(fabs(grown - 0.5 * 30 * w->dt_weeks / WEEKS_PER_MONTH) < 1e-9);
    /* 90 % takes over the 60 % cascades at the mass balance's rate; 60 % stops */
    w->m.nuc_integrity[0] = 1;
    w->m.nuc_level[0] = 3;
    double s60 = brink_nuclear_stock_at(w, 0, 60), s90 = brink_nuclear_stock_at(w, 0, 90);
    brink_world_step(w);
    double xt = param("nuclear.tails_pct");
    assert_true(fabs(brink_nuclear_stock_at(w, 0, 60) - s60) < 1e-12);
    assert_true(fabs(brink_nuclear_stock_at(w, 0, 90) - s90 -
                     30 * w->dt_weeks / WEEKS_PER_MONTH * (60 - xt) / (90 - xt)) < 1e-9);
    brink_world_free(w);
    brink_scenario_free(sc);
}

/* The separative work of one significant quantity from the 60 % stock, by hand. */
static double vfun(double pct)
{
    double x = pct / 100;
    return (1 - 2 * x) * log((1 - x) / x);
}

static void test_breakout_formula(void **state)
{
    (void)state;
    brink_scenario *sc = small(NULL, 0);
    brink_world *w = world_of(sc);
    double xt = param("nuclear.tails_pct"), sq = param("nuclear.sq_heu_u235_kg");
    double p = sq / 0.9, f = p * (90 - xt) / (60 - xt);
    double s = p * vfun(90) + (f - p) * vfun(xt) - f * vfun(60);
    double want = param("nuclear.breakout_setup_weeks") + s / (10000 / (365.25 / 7));
    double got = brink_nuclear_breakout_weeks(w, 0);
    print_message("breakout of 200 kg of 60 %% at 10,000 SWU/yr: %.3f weeks (%.1f SWU)\n", got, s);
    assert_true(fabs(got - want) < 1e-9);
    /* breakout falls with capacity, rises as integrity falls, 0 with a significant quantity of
     * weapon grade in stock */
    w->m.nuc_capacity[0] = 2;
    assert_true(brink_nuclear_breakout_weeks(w, 0) < got);
    w->m.nuc_capacity[0] = 1;
    w->m.nuc_integrity[0] = 0.25;
    assert_true(brink_nuclear_breakout_weeks(w, 0) > got);
    w->m.nuc_integrity[0] = 0;
    assert_true(fabs(brink_nuclear_breakout_weeks(w, 0) - param("nuclear.breakout_max_weeks")) <
                1e-9);
    w->m.nuc_stock[3] = p;
    assert_true(brink_nuclear_breakout_weeks(w, 0) == 0);
    assert_true(brink_nuclear_breakout_weeks(w, 7) < 0); /* invalid programme */
    brink_world_free(w);
    brink_scenario_free(sc);

    /* the built-in scenario: inside its published estimate, for every draw of a few runs */
    sc = load_file(BUILTIN, NULL, 0, 0);
    brink_world *b = NULL;
    brink_error err;
    assert_int_equal(brink_world_new(sc, 0, &b, &err), BRINK_OK);
    const brink_programme *pr = &sc->programmes[0];
    for (uint64_t run = 0; run < 20; run++) {
        assert_int_equal(brink_world_reset(b, sc->seed, run, &err), BRINK_OK);
        double bw = brink_nuclear_breakout_weeks(b, 0);
        if (run == 0)
            print_message("breakout at the start of the built-in scenario (run 0): %.2f weeks\n",
                          bw);
        assert_true(bw >= pr->breakout_weeks.p[0] && bw <= pr->breakout_weeks.p[2]);
    }
    brink_world_free(b);
    brink_scenario_free(sc);

    /* the JCPOA programme of 2018: about a year */
    sc = load_file(CALIBRATION "nuclear-2018.yaml", NULL, 0, 0);
    assert_int_equal(brink_world_new(sc, 0, &b, &err), BRINK_OK);
    assert_int_equal(brink_world_reset(b, sc->seed, 0, &err), BRINK_OK);
    double bj = brink_nuclear_breakout_weeks(b, 0);
    print_message("breakout of the JCPOA programme (May 2018, run 0): %.1f weeks\n", bj);
    assert_true(bj >= 35 && bj <= 75);
    brink_world_free(b);
    brink_scenario_free(sc);
}

static void test_strike_effect(void **state)
{
    (void)state;
    brink_scenario *sc = small(NULL, 0);
    brink_world *w = world_of(sc);
    double share = param("nuclear.strike_integrity"), loss = param("nuclear.strike_stock_loss");
    double b0 = brink_nuclear_breakout_weeks(w, 0), l0 = brink_nuclear_latency(w, 0);
    /* a projection: the expected effect */
    w->projecting = 1;
    double lost = brink_nuclear_strike(w, 0, 0.5, -1);
    assert_true(fabs(lost - 0.5 * share) < 1e-12);
    assert_true(fabs(w->m.nuc_integrity[0] - (1 - 0.5 * share)) < 1e-12);
    assert_true(fabs(brink_nuclear_stock_at(w, 0, 60) - 200 * (1 - 0.5 * loss)) < 1e-9);
    assert_true(brink_nuclear_breakout_weeks(w, 0) > b0);
    assert_true(brink_nuclear_latency(w, 0) < l0);
    /* rebuild: after one half-life, half the damage remains */
    double hl = param("nuclear.rebuild_halflife_weeks");
    double i0 = w->m.nuc_integrity[0];
    steps(w, (long)lround(hl / w->dt_weeks));
    assert_true(fabs((1 - w->m.nuc_integrity[0]) - 0.5 * (1 - i0)) < 1e-9);
    /* out of projections the stock's loss is drawn on [0, 2 x mean], reproducibly */
    w->projecting = 0;
    double s[2];
    for (int k = 0; k < 2; k++) {
        brink_error err;
        assert_int_equal(brink_world_reset(w, sc->seed, 3, &err), BRINK_OK);
        brink_nuclear_strike(w, 0, 1, -1);
        s[k] = brink_nuclear_stock_at(w, 0, 60);
        assert_true(s[k] >= 200 * (1 - 2 * loss) - 1e-9 && s[k] <= 200 + 1e-9);
    }
    assert_true(s[0] == s[1]);
    double mean = 0;
    for (uint64_t run = 0; run < 400; run++) {
        brink_error err;
        assert_int_equal(brink_world_reset(w, sc->seed, run, &err), BRINK_OK);
        brink_nuclear_strike(w, 0, 1, -1);
        mean += (1 - brink_nuclear_stock_at(w, 0, 60) / 200) / 400;
    }
    print_message("strike of severity 1: mean share of the stock lost %.3f (expected %.3f)\n",
                  mean, loss);
    assert_true(fabs(mean - loss) < 0.02);
    assert_true(brink_nuclear_strike(w, 0, 0, -1) == 0);
    assert_true(brink_nuclear_strike(w, 5, 1, -1) == 0);
    brink_world_free(w);
    brink_scenario_free(sc);
}

static void test_freeze(void **state)
{
    (void)state;
    brink_scenario *sc = small(NULL, 0);
    brink_world *w = world_of(sc);
    /* a deal: 3.67 % and 300 kg in all */
    assert_int_equal(brink_nuclear_set_freeze(w, 0, 1, 3.67, 300, -1), BRINK_OK);
    assert_int_equal(w->m.nuc_level[0], 0);
    double hl = param("nuclear.downblend_halflife_weeks");
    steps(w, (long)lround(6 * hl / w->dt_weeks));
    double total = brink_nuclear_stock_total(w, 0);
    print_message("frozen at 300 kg: total stock %.1f kg after %.0f weeks (60 %%: %.2f kg)\n",
                  total, 6 * hl, brink_nuclear_stock_at(w, 0, 60));
    assert_true(total < 300 + 0.05 * 1000 + 40 * 6 * hl / WEEKS_PER_MONTH);
    assert_true(brink_nuclear_stock_at(w, 0, 60) < 1); /* the highest level goes first */
    double s60 = brink_nuclear_stock_at(w, 0, 60);
    steps(w, 4);
    assert_true(brink_nuclear_stock_at(w, 0, 60) <= s60); /* no 60 % production while frozen */
    /* lifted: the stock grows past the cap again at 3.67 % (the level stays at the cap) */
    assert_int_equal(brink_nuclear_set_freeze(w, 0, 0, 0, 0, -1), BRINK_OK);
    double t0 = brink_nuclear_stock_total(w, 0);
    steps(w, 10);
    assert_true(brink_nuclear_stock_total(w, 0) > t0 + 40 * 9 * w->dt_weeks / WEEKS_PER_MONTH);
    assert_int_equal(brink_nuclear_set_freeze(w, 9, 1, 0, 0, -1), BRINK_EUSAGE);
    brink_world_free(w);
    brink_scenario_free(sc);
}

static void test_fear_of_change(void **state)
{
    (void)state;
    brink_scenario *sc = small(NULL, 0);
    brink_world *w = world_of(sc);
    double h0 = brink_nuclear_perceived_strike_hazard(w, 0);
    double l0 = brink_nuclear_latency(w, 0);
    assert_true(h0 > 0);
    /* a jump to 90 % raises latency and the perceived hazard at once */
    w->m.nuc_level[0] = 3;
    double l1 = brink_nuclear_latency(w, 0), h1 = brink_nuclear_perceived_strike_hazard(w, 0);
    assert_true(l1 > l0 + param("nuclear.latency_90"));
    assert_true(h1 > 3 * h0);
    /* the same latency after the world got used to it: the hazard falls back (enrichment
     * stopped, so that latency stays where it is) */
    w->m.nuc_running[0] = 0;
    steps(w, (long)lround(8 * param("nuclear.fear_adapt_halflife_weeks") / w->dt_weeks));
    double h2 = brink_nuclear_perceived_strike_hazard(w, 0);
    print_message("perceived strike hazard per week: %.4g at the start, %.4g after a jump to 90 %%, "
                  "%.4g once used to it\n",
                  h0, h1, h2);
    assert_true(h2 < 0.5 * h1);
    /* IAEA access cut and NPT exit add latency */
    double l2 = brink_nuclear_latency(w, 0);
    w->m.nuc_iaea[0] = 0;
    w->m.nuc_npt[0] = 0;
    assert_true(fabs(brink_nuclear_latency(w, 0) - l2 -
                     (0.5 * param("nuclear.latency_iaea") + param("nuclear.latency_npt"))) < 1e-9);
    brink_world_free(w);
    brink_scenario_free(sc);

    /* no fearer, no hazard */
    const char *sets[] = {"relations.F>P.fears=false"};
    sc = small(sets, 1);
    w = world_of(sc);
    assert_true(brink_nuclear_perceived_strike_hazard(w, 0) == 0);
    brink_world_free(w);
    brink_scenario_free(sc);
}

/* ---- pattern 6 ---- */

#define P6_BREACH_LO ((brink_date){2019, 1, 1})
#define P6_BREACH_HI ((brink_date){2020, 3, 31})
#define P6_20_LO ((brink_date){2020, 1, 1})
#define P6_20_HI ((brink_date){2021, 12, 31})
#define P6_60_LO ((brink_date){2020, 7, 1})
#define P6_60_HI ((brink_date){2022, 6, 30})
#define P6_STEPWISE_MIN 0.6
#define P6_90_MAX 0.2

/* What the observer records of one run. */
typedef struct p6_obs {
    long first_breach, first20, first60, first90; /* steps, or LONG_MAX */
    int first_raise;      /* percent of the first level raised to above the cap, or 0 */
    int jumped;           /* a single raise from below 20 % to 60 % or more */
    int prev_level;
    double prev_capacity, prev_iaea;
    int breach_kind;      /* what the first breach did: 0 level, 1 expansion, 2 IAEA cut */
} p6_obs;

static void p6_observe(void *ctx, const brink_world *w, long step, int phase)
{
    (void)phase;
    p6_obs *o = ctx;
    const brink_programme *pr = &w->sc->programmes[0];
    int lv = w->m.nuc_level[0];
    double x = lv >= 0 ? pr->levels[lv] : 0, xp = o->prev_level >= 0 ? pr->levels[o->prev_level] : 0;
    if (lv != o->prev_level) {
        if (!o->first_raise && x > pr->level_cap + 1e-9)
            o->first_raise = (int)lround(x);
        if (xp < 20 - 1e-9 && x >= 60 - 1e-9)
            o->jumped = 1;
        o->prev_level = lv;
    }
    if (o->first_breach == LONG_MAX && !w->m.nuc_frozen[0]) {
        o->first_breach = step;
        o->breach_kind = w->m.nuc_capacity[0] > o->prev_capacity   ? 1
                         : w->m.nuc_iaea[0] < o->prev_iaea           ? 2
                                                                     : 0;
    }
    o->prev_capacity = w->m.nuc_capacity[0];
    o->prev_iaea = w->m.nuc_iaea[0];
    if (o->first20 == LONG_MAX && x >= 20 - 1e-9)
        o->first20 = step;
    if (o->first60 == LONG_MAX && x >= 60 - 1e-9)
        o->first60 = step;
    if (o->first90 == LONG_MAX && x >= 90 - 1e-9)
        o->first90 = step;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static long median_long(long *x, size_t n)
{
    qsort(x, n, sizeof *x, cmp_long);
    return x[n / 2]; /* the upper median: runs that never get there count as late */
}

typedef struct p6_result {
    brink_date breach, at20, at60; /* medians ({9999,12,31} when beyond the horizon) */
    double stepwise, reached90, reached60;
    double first_raise_share[3]; /* first raise to 4.5-ish (<20), 20-59, >= 60 */
} p6_result;

/* The last day of step `step`: the observer sees the level at the end of the step. */
static brink_date date_of(const brink_scenario *sc, long step)
{
    if (step == LONG_MAX)
        return (brink_date){9999, 12, 31};
    return brink_date_from_days(brink_date_to_days(brink_step_to_date(sc->start, sc->step_days,
                                                                       step + 1)) -
                                1);
}

static int date_in(brink_date d, brink_date lo, brink_date hi)
{
    return brink_date_to_days(d) >= brink_date_to_days(lo) &&
           brink_date_to_days(d) <= brink_date_to_days(hi);
}

static p6_result pattern6(const char *const *sets, size_t nsets)
{
    brink_scenario *sc = load_file(CALIBRATION "nuclear-2018.yaml", sets, nsets, 0);
    brink_runner *r = NULL;
    brink_error err;
    assert_int_equal(brink_runner_new(sc, &r, &err), BRINK_OK);
    p6_obs o;
    brink_runner_set_observer(r, p6_observe, &o);
    double kinds[3] = {0, 0, 0};
    long *breach = calloc(P6_RUNS, sizeof *breach), *t20 = calloc(P6_RUNS, sizeof *t20);
    long *t60 = calloc(P6_RUNS, sizeof *t60);
    assert_non_null(breach);
    assert_non_null(t20);
    assert_non_null(t60);
    p6_result out;
    memset(&out, 0, sizeof out);
    for (uint64_t run = 0; run < P6_RUNS; run++) {
        o = (p6_obs){LONG_MAX, LONG_MAX, LONG_MAX, LONG_MAX, 0, 0, sc->programmes[0].max_level,
                     1, sc->programmes[0].iaea_access.value, 0};
        const brink_run_record *rec = NULL;
        assert_int_equal(brink_runner_run(r, sc->seed, run, &rec, &err), BRINK_OK);
        assert_false(rec->failed);
        breach[run] = o.first_breach;
        if (o.first_breach != LONG_MAX)
            kinds[o.breach_kind] += 1.0 / P6_RUNS;
        t20[run] = o.first20;
        t60[run] = o.first60;
        int stepwise = !o.jumped && (o.first_raise == 0 || o.first_raise <= 20);
        out.stepwise += stepwise / (double)P6_RUNS;
        out.reached90 += (o.first90 != LONG_MAX) / (double)P6_RUNS;
        out.reached60 += (o.first60 != LONG_MAX) / (double)P6_RUNS;
        if (o.first_raise)
            out.first_raise_share[o.first_raise < 20 ? 0 : o.first_raise < 60 ? 1 : 2] +=
                1.0 / P6_RUNS;
    }
    print_message("first breach by raising the level / expanding / cutting IAEA access: %.1f / "
                  "%.1f / %.1f %% of runs\n",
                  100 * kinds[0], 100 * kinds[1], 100 * kinds[2]);
    out.breach = date_of(sc, median_long(breach, P6_RUNS));
    out.at20 = date_of(sc, median_long(t20, P6_RUNS));
    out.at60 = date_of(sc, median_long(t60, P6_RUNS));
    free(breach);
    free(t20);
    free(t60);
    brink_runner_free(r);
    brink_scenario_free(sc);
    return out;
}

static void p6_print(const char *what, const p6_result *p)
{
    char a[16], b[16], c[16];
    print_message("%s (%d runs): median first breach of the caps %s, first 20 %% %s, first 60 %% "
                  "%s; stepwise %.1f %% of runs; first raise above the cap to <20 %% / 20 %% / "
                  ">=60 %%: %.1f / %.1f / %.1f %% of runs; 60 %% reached in %.1f %%, 90 %% in "
                  "%.1f %%\n",
                  what, P6_RUNS, brink_date_format(p->breach, a, sizeof a),
                  brink_date_format(p->at20, b, sizeof b), brink_date_format(p->at60, c, sizeof c),
                  100 * p->stepwise, 100 * p->first_raise_share[0], 100 * p->first_raise_share[1],
                  100 * p->first_raise_share[2], 100 * p->reached60, 100 * p->reached90);
}

static void test_pattern6_stepwise(void **state)
{
    (void)state;
    p6_result p = pattern6(NULL, 0);
    p6_print("pattern 6", &p);
    assert_true(date_in(p.breach, P6_BREACH_LO, P6_BREACH_HI));
    assert_true(date_in(p.at20, P6_20_LO, P6_20_HI));
    assert_true(date_in(p.at60, P6_60_LO, P6_60_HI));
    assert_true(p.stepwise >= P6_STEPWISE_MIN);
    assert_true(p.reached90 <= P6_90_MAX);
}

static void test_pattern6_control_no_fear(void **state)
{
    (void)state;
    const char *sets[] = {"params.nuclear.fear_max_per_week=0"};
    p6_result p = pattern6(sets, 1);
    p6_print("pattern 6, control without a preventive-strike response", &p);
    assert_false(p.stepwise >= P6_STEPWISE_MIN); /* the pattern's test fails */
}

static void test_calibration_scenario_strict(void **state)
{
    (void)state;
    brink_scenario_free(load_file(CALIBRATION "nuclear-2018.yaml", NULL, 0, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_programme_of),
        cmocka_unit_test(test_stock_growth),
        cmocka_unit_test(test_breakout_formula),
        cmocka_unit_test(test_strike_effect),
        cmocka_unit_test(test_freeze),
        cmocka_unit_test(test_fear_of_change),
        cmocka_unit_test(test_calibration_scenario_strict),
        cmocka_unit_test(test_pattern6_stepwise),
        cmocka_unit_test(test_pattern6_control_no_fear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
