/* SPDX-License-Identifier: MIT */
/*
 * test_domestic.c — world/domestic: grievance, protest waves, repression, legitimacy, the
 * factional balance and leadership (MODEL.md section 3, "Domestic stability").
 *
 * Unit tests: the grievance formula (Epstein 2002), the Gompertz mortality hazard by age, the
 * threshold response (a step function without spread, rising with participation, no deterrence
 * without police), the rally effect and the shift to hard-liners after an external attack, a
 * leader killed in war and succeeded with the scenario's shifts, the price_hike schedule entry
 * (loaded, and refused without target or size), and the built-in scenario's domestic questions
 * answered (not "not modelled").
 *
 * Pattern 3 of MODEL.md section 6 on scenarios/calibration/protest-2019.yaml (the petrol-price
 * hike of 15 November 2019), tolerances fixed before the runs:
 *  - a wave starts within days of the hike (in the step that contains it: at most 6 days later)
 *    in >= 80 % of runs;
 *  - the wave under way then has ended within 26 weeks in >= 80 % of those runs;
 *  - the security forces split in < 5 % of runs;
 *  - with the baseline rate of triggers (the hike's effect off) over 8 years, the mean number of
 *    waves a year lies in 0.1-1.0 (three waves in about eight years, domain facts A.9: the 90 %
 *    interval of a Poisson rate given 3 events in 8 years).
 * Negative controls (each must make its statistic fail): no repression (repression_capacity 0)
 * — waves never end; no spread of thresholds (domestic.threshold_spread 0) — waves never spread,
 * neither after the hike nor at the baseline rate. The numbers are printed and recorded in
 * docs/validation.md, "Pattern 3".
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

#include "brink.h"
#include "sim/run.h"
#include "world/domestic.h"
#include "world/mechanisms.h"
#include "world/world.h"

#define CALIBRATION BRINK_SOURCE_DIR "/scenarios/calibration/"

#define P3_RUNS 300
#define P3_BASE_RUNS 200
#define P3_BASE_WEEKS 417 /* 8 years */

/* Tolerances (MODEL.md section 6, pattern 3). */
#define P3_START_MIN 0.8
#define P3_END_MIN 0.8
#define P3_END_WEEKS 26
#define P3_SPLIT_MAX 0.05
#define P3_RATE_LO 0.1
#define P3_RATE_HI 1.0

#define assert_near(a, b, tol) near_check((a), (b), (tol), __FILE__, __LINE__)

static void near_check(double a, double b, double tol, const char *file, int line)
{
    if (!(fabs(a - b) <= tol))
        fail_msg("%s:%d: %.17g and %.17g differ by more than %g", file, line, a, b, tol);
}

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

/* ---- pure functions ---- */

static void test_grievance_formula(void **state)
{
    (void)state;
    assert_near(brink_domestic_grievance(0.65, 0.75), 0.65 * 0.25, 1e-15);
    assert_near(brink_domestic_grievance(1, 0), 1, 0);
    assert_near(brink_domestic_grievance(0, 0.3), 0, 0);
    assert_near(brink_domestic_grievance(0.5, 1), 0, 0);
    /* clamped to [0, 1] */
    assert_near(brink_domestic_grievance(1.5, -0.5), 1, 0);
    /* grievance rises with hardship and falls with legitimacy */
    assert_true(brink_domestic_grievance(0.7, 0.6) > brink_domestic_grievance(0.6, 0.6));
    assert_true(brink_domestic_grievance(0.6, 0.7) < brink_domestic_grievance(0.6, 0.6));
}

static void test_mortality_hazard_by_age(void **state)
{
    (void)state;
    double m80 = 0.06, d = 8;
    assert_near(brink_domestic_mortality_hazard(80, m80, d), 0.06, 1e-15);
    assert_near(brink_domestic_mortality_hazard(88, m80, d), 0.12, 1e-15);
    assert_near(brink_domestic_mortality_hazard(72, m80, d), 0.03, 1e-15);
    /* Gompertz: log-linear in age */
    double h85 = brink_domestic_mortality_hazard(85, m80, d);
    double h86 = brink_domestic_mortality_hazard(86, m80, d);
    assert_near(log(h86 / h85), log(2) / d, 1e-12);
    assert_true(h86 > h85);
    assert_near(brink_domestic_mortality_hazard(85, m80, 0), 0, 0);
    assert_near(brink_domestic_mortality_hazard(85, 0, d), 0, 0);
    /* the chance that a leader of 86 (born 1939, in 2025) dies within two years: about 19 % */
    double p2 = 1 - exp(-(brink_domestic_mortality_hazard(86, m80, d) +
                          brink_domestic_mortality_hazard(87, m80, d)));
    print_message("Gompertz, m80 %.2f/yr, doubling %.0f years: hazard at 86 %.3f/yr, death "
                  "within 2 years %.3f\n",
                  m80, d, brink_domestic_mortality_hazard(86, m80, d), p2);
    assert_true(p2 > 0.15 && p2 < 0.25);
}

static void test_threshold_response(void **state)
{
    (void)state;
    double g = 0.16, r = 0.5, t = 0.1, k = 2.3, c = 0.0255, n = 80;
    /* without spread: a step function, nobody moves at low participation */
    assert_near(brink_domestic_response(0.05, g, r, t, 0, k, c, n, 0), 0, 0);
    assert_near(brink_domestic_response(0.05, 0.9, r, t, 0, k, c, n, 0), 1, 0);
    /* with spread: safety in numbers makes the response rise with participation */
    double prev = -1;
    for (double p = 0; p <= 1.0001; p += 0.05) {
        double f = brink_domestic_response(p, g, r, t, 0.15, k, c, n, 0);
        assert_true(f > prev);
        assert_true(f >= 0 && f <= 1);
        prev = f;
    }
    /* a quiet and a mass equilibrium: F(p) < p near 0.02, F(p) > p near 0.2 */
    assert_true(brink_domestic_response(0.02, g, r, t, 0.15, k, c, n, 0) < 0.02);
    assert_true(brink_domestic_response(0.2, g, r, t, 0.15, k, c, n, 0) > 0.2);
    /* more police or a shutdown lowers the response at mass participation */
    assert_true(brink_domestic_response(0.4, g, r, t, 0.15, k, 4 * c, n, 0) <
                brink_domestic_response(0.4, g, r, t, 0.15, k, c, n, 0));
    assert_true(brink_domestic_response(0.4, g, r, t, 0.15, k, c, n, 0.8) <
                brink_domestic_response(0.4, g, r, t, 0.15, k, c, n, 0));
    /* without police nothing deters: Phi((G - T) / sigma) at any participation */
    double f0 = brink_domestic_response(0, g, r, t, 0.15, k, 0, n, 0);
    assert_near(f0, 0.5 * erfc(-(g - t) / (0.15 * sqrt(2))), 1e-12);
    assert_true(f0 > 0.5);
}

/* ---- a small world ---- */

/* A state with factions (a leader born 1939 who represses, a government), an attacker, and a
 * dated price hike well after the start; extra global parameter lines in params. */
static brink_scenario *small_scenario(const char *params)
{
    char text[4096];
    int n = snprintf(
        text, sizeof text,
        "brink: 1\n"
        "scenario: {name: t, start: 2025-03-12, horizon_weeks: 60, seed: 5}\n"
        "issues: [{id: x, name: X}]\n"
        "actors:\n"
        "  - id: S\n"
        "    name: State\n"
        "    kind: state\n"
        "    internals: {hardship: 0.65, legitimacy: 0.8, repression_capacity: 0.85,\n"
        "                security_cohesion: 0.9, hardliner_share: 0.6, protest_intensity: 0}\n"
        "  - id: L\n"
        "    name: Leader\n"
        "    kind: faction\n"
        "    parent: S\n"
        "    born: 1939-04-19\n"
        "    domains: [domestic]\n"
        "    capability: {military: 0.3}\n"
        "    dispositions: {hawkishness: 0.7}\n"
        "    positions: {x: 80}\n"
        "    salience: {x: 0.5}\n"
        "    params:\n"
        "      domestic.successor_age_years: 56\n"
        "      domestic.successor_hawkishness_shift: 0.1\n"
        "      domestic.successor_position_shift: 5\n"
        "      domestic.succession_weeks: 2\n"
        "      domestic.mortality_at_80_per_year: 0\n"
        "  - {id: G, name: Government, kind: faction, parent: S, domains: [domestic]}\n"
        "  - {id: A, name: Attacker, kind: state}\n"
        "schedule:\n"
        "  - {date: 2025-09-10, type: price_hike, target: S, size: 2}\n"
        "params:\n"
        "  domestic.symbolic_death_rate_per_year: 0\n%s",
        params);
    assert_true(n > 0 && (size_t)n < sizeof text);
    brink_scenario *sc = NULL;
    brink_error err;
    int rc = brink_scenario_load_buffer(text, (size_t)n, "t.yaml", NULL, &sc, &err);
    if (rc)
        print_message("%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
    assert_int_equal(rc, BRINK_OK);
    return sc;
}

static brink_world *new_world(const brink_scenario *sc, uint64_t run)
{
    brink_world *w = NULL;
    brink_error err;
    assert_int_equal(brink_world_new(sc, 0, &w, &err), BRINK_OK);
    assert_int_equal(brink_world_reset(w, sc->seed, run, &err), BRINK_OK);
    return w;
}

/* Steps only the domestic mechanism over steps [from, to). */
static void step_domestic(brink_world *w, long from, long to)
{
    for (long s = from; s < to; s++) {
        w->step = s;
        brink_mech_domestic.step(w);
    }
}

static size_t count_events(const brink_world *w, brink_event_type t)
{
    size_t n = 0;
    for (size_t e = 0; e < w->nevents; e++)
        n += w->events[e].type == t;
    return n;
}

static void test_rally_after_attack(void **state)
{
    (void)state;
    brink_scenario *sc = small_scenario("");
    int s = brink_scenario_actor(sc, "S"), a = brink_scenario_actor(sc, "A");
    int l = brink_scenario_actor(sc, "L");
    brink_world *quiet = new_world(sc, 0), *hit = new_world(sc, 0);
    step_domestic(quiet, 0, 3);
    step_domestic(hit, 0, 3);
    assert_near(hit->m.legitimacy[s], quiet->m.legitimacy[s], 0);
    double l0 = quiet->m.legitimacy[s], h0 = quiet->m.hardliner_share[s];
    /* an external strike on the leader's faction at step 3, recorded by another mechanism */
    hit->step = 3;
    assert_true(brink_world_event(hit, BRINK_EV_STRIKE_MILITARY, a, l, -1, BRINK_MECH_CONFLICT,
                                  -1, 1) >= 0);
    step_domestic(quiet, 3, 4);
    step_domestic(hit, 3, 4);
    double rally = brink_world_param(hit, brink_param_find("domestic.rally_legitimacy"), s, -1, -1);
    double d = hit->m.legitimacy[s] - quiet->m.legitimacy[s];
    print_message("rally: legitimacy %.4f without, %.4f after a strike (+%.4f); hard-liners' "
                  "share %.4f without, %.4f after\n",
                  quiet->m.legitimacy[s], hit->m.legitimacy[s], d, quiet->m.hardliner_share[s],
                  hit->m.hardliner_share[s]);
    assert_true(d > 0.5 * rally && d <= rally + 1e-12);
    assert_true(hit->m.hardliner_share[s] > quiet->m.hardliner_share[s] + 0.01);
    assert_true(brink_domestic_presidency(hit, s) < brink_domestic_presidency(quiet, s));
    assert_near(brink_domestic_hardliner_share(hit, s), hit->m.hardliner_share[s], 0);
    assert_true(isnan(brink_domestic_hardliner_share(hit, a)));
    /* both revert: after a year the rally has faded */
    step_domestic(quiet, 4, 56);
    step_domestic(hit, 4, 56);
    double d52 = hit->m.legitimacy[s] - quiet->m.legitimacy[s];
    assert_true(fabs(d52) < 0.02 * d + 1e-3 || d52 < d / 50);
    (void)l0;
    (void)h0;
    brink_world_free(quiet);
    brink_world_free(hit);
    brink_scenario_free(sc);
}

static void test_leader_killed_and_succeeded(void **state)
{
    (void)state;
    brink_scenario *sc = small_scenario("");
    int s = brink_scenario_actor(sc, "S"), a = brink_scenario_actor(sc, "A");
    int l = brink_scenario_actor(sc, "L");
    brink_world *w = new_world(sc, 0);
    assert_true(fabs(w->m.leader_age[l] - 85.9) < 0.1);
    step_domestic(w, 0, 2);
    w->step = 2;
    long killed = brink_world_event(w, BRINK_EV_LEADER_KILLED, a, l, -1, BRINK_MECH_CONFLICT, -1, 1);
    assert_true(killed >= 0);
    double h_before = w->m.hardliner_share[s];
    step_domestic(w, 2, 3);
    assert_int_equal(w->m.leader_alive[l], 0);
    assert_int_equal(count_events(w, BRINK_EV_LEADER_REPLACED), 0);
    step_domestic(w, 3, 6);
    assert_int_equal(w->m.leader_alive[l], 1);
    assert_int_equal(brink_domestic_successions(w, l), 1);
    assert_int_equal(count_events(w, BRINK_EV_LEADER_REPLACED), 1);
    size_t e = 0;
    while (w->events[e].type != BRINK_EV_LEADER_REPLACED)
        e++;
    assert_int_equal(w->events[e].actor, l);
    assert_int_equal(w->events[e].target, s);
    assert_int_equal(w->events[e].cause, killed);
    assert_int_equal(w->events[e].step, 2 + 2); /* succession_weeks 2 */
    assert_near(brink_domestic_hawk_shift(w, l), 0.1, 1e-15);
    assert_near(brink_domestic_position_shift(w, l), 5, 1e-15);
    assert_true(w->m.leader_age[l] < 57);
    assert_true(w->m.hardliner_share[s] > h_before);
    /* no natural death at m80 = 0, and the killing was not recorded twice */
    assert_int_equal(count_events(w, BRINK_EV_LEADER_DIED), 0);
    assert_int_equal(count_events(w, BRINK_EV_LEADER_KILLED), 1);
    brink_world_free(w);
    brink_scenario_free(sc);
}

/* Natural deaths over many runs follow the Gompertz hazard. */
static void test_natural_death_rate(void **state)
{
    (void)state;
    /* the leader's own override (m80 = 0) wins over a global one */
    brink_scenario *sc = small_scenario("  domestic.mortality_at_80_per_year: 0.06\n");
    size_t runs = 2000, died = 0;
    brink_world *w = NULL;
    brink_error err;
    assert_int_equal(brink_world_new(sc, 0, &w, &err), BRINK_OK);
    /* the scenario sets m80 = 0 for L, so no run may see a natural death */
    for (uint64_t r = 0; r < 50; r++) {
        assert_int_equal(brink_world_reset(w, sc->seed, r, &err), BRINK_OK);
        step_domestic(w, 0, 52);
        assert_int_equal(count_events(w, BRINK_EV_LEADER_DIED), 0);
    }
    brink_world_free(w);
    brink_scenario_free(sc);
    /* with the generic default m80 (no leader override): deaths within one year at ~9.6 % */
    char text[1024];
    int n = snprintf(text, sizeof text,
                     "brink: 1\n"
                     "scenario: {name: t, start: 2025-03-12, horizon_weeks: 60}\n"
                     "issues: [{id: x, name: X}]\n"
                     "actors:\n"
                     "  - {id: S, name: S, kind: state, internals: {legitimacy: 0.8}}\n"
                     "  - {id: L, name: L, kind: faction, parent: S, born: 1939-04-19}\n"
                     "  - {id: T, name: T, kind: state}\n");
    assert_true(n > 0);
    assert_int_equal(brink_scenario_load_buffer(text, (size_t)n, "m.yaml", NULL, &sc, &err),
                     BRINK_OK);
    int l = brink_scenario_actor(sc, "L");
    assert_int_equal(brink_world_new(sc, 0, &w, &err), BRINK_OK);
    double hsum = 0;
    for (uint64_t r = 0; r < runs; r++) {
        assert_int_equal(brink_world_reset(w, sc->seed, r, &err), BRINK_OK);
        if (r == 0)
            for (int k = 0; k < 52; k++)
                hsum += brink_domestic_mortality_hazard(w->m.leader_age[l] + (k + 0.5) / 52.18,
                                                        0.06, 8) /
                        (365.25 / 7);
        step_domestic(w, 0, 52);
        died += count_events(w, BRINK_EV_LEADER_DIED) > 0;
    }
    double p = (double)died / (double)runs, want = 1 - exp(-hsum);
    double se = sqrt(want * (1 - want) / (double)runs);
    print_message("natural deaths within 52 weeks of a leader aged 85.9: %.4f of %zu runs, "
                  "Gompertz %.4f +- %.4f\n",
                  p, runs, want, se);
    assert_true(fabs(p - want) < 4 * se);
    brink_world_free(w);
    brink_scenario_free(sc);
}

static void test_price_hike_entry(void **state)
{
    (void)state;
    brink_scenario *sc = small_scenario("");
    size_t k = 0;
    while (k < sc->nschedule && sc->schedule[k].type != BRINK_SCHED_PRICE_HIKE)
        k++;
    assert_true(k < sc->nschedule);
    assert_string_equal(brink_schedule_type_name(BRINK_SCHED_PRICE_HIKE), "price_hike");
    assert_near(sc->schedule[k].size.value, 2, 0);
    assert_int_equal(sc->schedule[k].target, brink_scenario_actor(sc, "S"));
    /* the hike starts a wave within the week, which the repressor ends */
    int s = brink_scenario_actor(sc, "S");
    brink_world *w = new_world(sc, 1);
    long hike = sc->schedule[k].step;
    step_domestic(w, 0, hike);
    assert_int_equal(count_events(w, BRINK_EV_PROTEST_WAVE_STARTED), 0);
    step_domestic(w, hike, hike + 1);
    assert_int_equal(count_events(w, BRINK_EV_PROTEST_WAVE_STARTED), 1);
    step_domestic(w, hike + 1, hike + 26);
    assert_true(count_events(w, BRINK_EV_CRACKDOWN) + count_events(w, BRINK_EV_INTERNET_SHUTDOWN) >=
                1);
    assert_int_equal(count_events(w, BRINK_EV_PROTEST_WAVE_ENDED), 1);
    assert_true(w->m.protest[s] < 0.1);
    brink_world_free(w);
    brink_scenario_free(sc);
    /* bad entries: no target, no size, a negative size */
    static const char *const bad[] = {
        "  - {date: 2025-09-10, type: price_hike, size: 2}\n",
        "  - {date: 2025-09-10, type: price_hike, target: S}\n",
        "  - {date: 2025-09-10, type: price_hike, target: S, size: -1}\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[1024];
        int n = snprintf(text, sizeof text,
                         "brink: 1\n"
                         "scenario: {name: t, start: 2025-03-12, horizon_weeks: 60}\n"
                         "issues: [{id: x, name: X}]\n"
                         "actors:\n"
                         "  - {id: S, name: S, kind: state}\n"
                         "  - {id: T, name: T, kind: state}\n"
                         "schedule:\n%s",
                         bad[i]);
        brink_error err;
        brink_scenario *b = NULL;
        assert_int_equal(brink_scenario_load_buffer(text, (size_t)n, "b.yaml", NULL, &b, &err),
                         BRINK_EINVAL);
        print_message("%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
        assert_int_equal(err.line, 8);
    }
}

/* The built-in scenario answers its domestic questions. */
static void test_builtin_questions_modelled(void **state)
{
    (void)state;
    size_t len = 0;
    const char *name = NULL;
    const char *text = brink_builtin_scenario(&len, &name);
    brink_scenario *sc = NULL;
    brink_error err;
    assert_int_equal(brink_scenario_load_buffer(text, len, name, NULL, &sc, &err), BRINK_OK);
    static const char *const ids[] = {"protest_wave_12m", "leader_change_24m", "leader_died_24m",
                                      "regime_collapse_24m"};
    brink_runner *r = NULL;
    assert_int_equal(brink_runner_new(sc, &r, &err), BRINK_OK);
    const brink_run_record *rec = NULL;
    assert_int_equal(brink_runner_run(r, sc->seed, 0, &rec, &err), BRINK_OK);
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        size_t q = 0;
        while (q < sc->nquestions && strcmp(sc->questions[q].id, ids[i]))
            q++;
        assert_true(q < sc->nquestions);
        assert_int_not_equal(rec->outcome[q], BRINK_Q_UNMODELLED);
    }
    int irn = brink_scenario_actor(sc, "IRN");
    assert_true(brink_world_series_find(rec->world, BRINK_IND_HARDLINER_SHARE,
                                        BRINK_SUBJECT_ACTOR, irn, -1, -1) >= 0);
    brink_runner_free(r);
    brink_scenario_free(sc);
}

/* ---- pattern 3 ---- */

typedef struct p3_result {
    double started;  /* share of runs with a wave starting within days of the hike */
    double ended;    /* share of runs with a wave under way then that ended within 26 weeks */
    double under;    /* share of runs with a wave under way at the hike's step */
    double split;    /* share of runs whose security forces split */
    double collapse; /* share of runs with a regime collapse */
    double rate;     /* mean waves a year (baseline runs) */
    double crack_days; /* median days from the hike to the first crackdown or shutdown */
    double length_weeks; /* median length of the wave, weeks (waves that ended) */
} p3_result;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *x, size_t n)
{
    if (n == 0)
        return NAN;
    qsort(x, n, sizeof *x, cmp_double);
    return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

/* Runs the 2019 calibration scenario with overrides. */
static p3_result pattern3(const char *const *sets, size_t nsets, size_t runs)
{
    brink_scenario *sc = load_file(CALIBRATION "protest-2019.yaml", sets, nsets, 0);
    brink_runner *r = NULL;
    brink_error err;
    assert_int_equal(brink_runner_new(sc, &r, &err), BRINK_OK);
    int irn = brink_scenario_actor(sc, "IRN");
    long hike = -1;
    for (size_t k = 0; k < sc->nschedule; k++)
        if (sc->schedule[k].type == BRINK_SCHED_PRICE_HIKE)
            hike = sc->schedule[k].step;
    assert_true(hike >= 0);
    long end_steps = P3_END_WEEKS * 7 / sc->step_days;
    assert_true(hike + end_steps < sc->nsteps);
    p3_result out;
    memset(&out, 0, sizeof out);
    double *crack = calloc(runs, sizeof *crack), *len = calloc(runs, sizeof *len);
    assert_non_null(crack);
    assert_non_null(len);
    size_t ncrack = 0, nlen = 0, started = 0, under = 0, ended = 0, split = 0, collapse = 0;
    double waves = 0;
    for (uint64_t run = 0; run < runs; run++) {
        const brink_run_record *rec = NULL;
        assert_int_equal(brink_runner_run(r, sc->seed, run, &rec, &err), BRINK_OK);
        assert_false(rec->failed);
        const brink_world *w = rec->world;
        long start = -1, stop = -1, first_resp = -1;
        for (size_t e = 0; e < w->nevents; e++) {
            const brink_event *ev = &w->events[e];
            if (ev->type == BRINK_EV_PROTEST_WAVE_STARTED && ev->actor == irn) {
                waves++;
                if (ev->step <= hike) {
                    start = ev->step; /* the latest wave started by the hike's step */
                    stop = -1;
                }
            } else if (ev->type == BRINK_EV_PROTEST_WAVE_ENDED && ev->actor == irn &&
                       start >= 0 && stop < 0 && w->events[ev->cause].step == start) {
                stop = ev->step;
            } else if ((ev->type == BRINK_EV_CRACKDOWN ||
                        ev->type == BRINK_EV_INTERNET_SHUTDOWN) &&
                       ev->target == irn && ev->step >= hike && first_resp < 0) {
                first_resp = ev->step;
            }
        }
        if (start == hike)
            started++;
        if (start >= 0 && (stop < 0 || stop >= hike)) {
            under++;
            if (stop >= 0 && stop - hike <= end_steps)
                ended++;
            if (stop >= 0)
                len[nlen++] = (double)(stop - start) * sc->step_days / 7.0;
        }
        if (first_resp >= 0)
            crack[ncrack++] = (double)(first_resp - hike) * sc->step_days;
        split += (size_t)brink_domestic_split(w, irn);
        collapse += (size_t)brink_domestic_collapsed(w, irn);
    }
    out.started = (double)started / (double)runs;
    out.under = (double)under / (double)runs;
    out.ended = under ? (double)ended / (double)under : 0;
    out.split = (double)split / (double)runs;
    out.collapse = (double)collapse / (double)runs;
    out.rate = waves / (double)runs / ((double)sc->nsteps * sc->step_days / 365.25);
    out.crack_days = median(crack, ncrack);
    out.length_weeks = median(len, nlen);
    free(crack);
    free(len);
    brink_runner_free(r);
    brink_scenario_free(sc);
    return out;
}

static void print_p3(const char *what, const p3_result *p)
{
    print_message("pattern 3%s (%d runs): wave started within days %.1f %%; under way at the "
                  "hike %.1f %%, of which ended within %d weeks %.1f %% (median length %.1f "
                  "weeks); first crackdown or shutdown %.0f days after the hike (median); "
                  "security forces split %.1f %%; regime collapse %.1f %%\n",
                  what, P3_RUNS, 100 * p->started, 100 * p->under, P3_END_WEEKS, 100 * p->ended,
                  p->length_weeks, p->crack_days, 100 * p->split, 100 * p->collapse);
}

static void test_pattern3_protest_waves(void **state)
{
    (void)state;
    p3_result p = pattern3(NULL, 0, P3_RUNS);
    print_p3("", &p);
    assert_true(p.started >= P3_START_MIN);
    assert_true(p.ended >= P3_END_MIN);
    assert_true(p.split < P3_SPLIT_MAX);
}

static void test_pattern3_control_no_repression(void **state)
{
    (void)state;
    const char *sets[] = {"actors.IRN.internals.repression_capacity=0"};
    p3_result p = pattern3(sets, 1, P3_RUNS);
    print_p3(", control repression_capacity 0", &p);
    assert_false(p.ended >= P3_END_MIN); /* waves never end: the pattern's test fails */
}

static void test_pattern3_control_no_spread(void **state)
{
    (void)state;
    const char *sets[] = {"params.domestic.threshold_spread=0"};
    p3_result p = pattern3(sets, 1, P3_RUNS);
    print_p3(", control threshold_spread 0", &p);
    assert_false(p.started >= P3_START_MIN); /* waves never spread: the pattern's test fails */
}

static void test_pattern3_baseline_rate(void **state)
{
    (void)state;
    char horizon[64];
    snprintf(horizon, sizeof horizon, "scenario.horizon_weeks=%d", P3_BASE_WEEKS);
    const char *sets[] = {horizon, "params.domestic.price_hike_instigators=0"};
    p3_result p = pattern3(sets, 2, P3_BASE_RUNS);
    print_message("pattern 3, baseline triggers (%d runs of %d weeks): %.3f waves a year; "
                  "security forces split %.1f %%, regime collapse %.1f %%\n",
                  P3_BASE_RUNS, P3_BASE_WEEKS, p.rate, 100 * p.split, 100 * p.collapse);
    assert_true(p.rate >= P3_RATE_LO && p.rate <= P3_RATE_HI);
    const char *sets0[] = {horizon, "params.domestic.price_hike_instigators=0",
                           "params.domestic.threshold_spread=0"};
    p3_result c = pattern3(sets0, 3, P3_BASE_RUNS);
    print_message("pattern 3, baseline triggers, control threshold_spread 0: %.3f waves a year\n",
                  c.rate);
    assert_false(c.rate >= P3_RATE_LO && c.rate <= P3_RATE_HI);
}

/* The calibration scenario's questions with step_days 7 and 1 agree within Monte Carlo error
 * (MODEL.md section 3): |p7 - p1| <= 4 sqrt(se7^2 + se1^2), with the 8-year baseline (the
 * symbolic deaths, no hike) added as a question of its own: a wave in the first year. */
static void question_rates(const char *const *sets, size_t nsets, size_t runs, double *p,
                           size_t *nq)
{
    brink_scenario *sc = load_file(CALIBRATION "protest-2019.yaml", sets, nsets, 0);
    brink_runner *r = NULL;
    brink_error err;
    assert_int_equal(brink_runner_new(sc, &r, &err), BRINK_OK);
    *nq = sc->nquestions;
    for (size_t q = 0; q < sc->nquestions; q++)
        p[q] = 0;
    for (uint64_t run = 0; run < runs; run++) {
        const brink_run_record *rec = NULL;
        assert_int_equal(brink_runner_run(r, sc->seed + (uint64_t)sc->step_days, run, &rec, &err),
                         BRINK_OK);
        for (size_t q = 0; q < sc->nquestions; q++) {
            assert_int_not_equal(rec->outcome[q], BRINK_Q_UNMODELLED);
            p[q] += rec->outcome[q] == BRINK_Q_YES;
        }
    }
    for (size_t q = 0; q < sc->nquestions; q++)
        p[q] /= (double)runs;
    brink_runner_free(r);
    brink_scenario_free(sc);
}

static void test_step_days_7_vs_1(void **state)
{
    (void)state;
    const size_t runs = 400;
    double p7[8], p1[8], b7[8], b1[8];
    size_t n7, n1;
    const char *d1[] = {"scenario.step_days=1"};
    question_rates(NULL, 0, runs, p7, &n7);
    question_rates(d1, 1, runs, p1, &n1);
    assert_int_equal(n7, n1);
    const char *b7s[] = {"params.domestic.price_hike_instigators=0"};
    const char *b1s[] = {"params.domestic.price_hike_instigators=0", "scenario.step_days=1"};
    question_rates(b7s, 1, runs, b7, &n7);
    question_rates(b1s, 2, runs, b1, &n1);
    for (size_t q = 0; q < 2 * n7; q++) {
        double a = q < n7 ? p7[q] : b7[q - n7], b = q < n7 ? p1[q] : b1[q - n7];
        double se = sqrt((a * (1 - a) + b * (1 - b)) / (double)runs);
        print_message("step_days 7 vs 1 (%zu runs each), question %zu%s: p7 %.4f, p1 %.4f, "
                      "|difference| %.4f, tolerance %.4f\n",
                      runs, q % n7, q < n7 ? "" : " (no hike)", a, b, fabs(a - b), 4 * se);
        assert_true(fabs(a - b) <= 4 * se);
    }
}

static void test_calibration_scenario_strict(void **state)
{
    (void)state;
    brink_scenario *sc = load_file(CALIBRATION "protest-2019.yaml", NULL, 0, 1);
    brink_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grievance_formula),
        cmocka_unit_test(test_mortality_hazard_by_age),
        cmocka_unit_test(test_threshold_response),
        cmocka_unit_test(test_rally_after_attack),
        cmocka_unit_test(test_leader_killed_and_succeeded),
        cmocka_unit_test(test_natural_death_rate),
        cmocka_unit_test(test_price_hike_entry),
        cmocka_unit_test(test_builtin_questions_modelled),
        cmocka_unit_test(test_calibration_scenario_strict),
        cmocka_unit_test(test_pattern3_protest_waves),
        cmocka_unit_test(test_pattern3_control_no_repression),
        cmocka_unit_test(test_pattern3_control_no_spread),
        cmocka_unit_test(test_pattern3_baseline_rate),
        cmocka_unit_test(test_step_days_7_vs_1),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
