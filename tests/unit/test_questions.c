/* SPDX-License-Identifier: MIT */
/*
 * test_questions.c — the questions of the built-in scenario and their reference forecasts.
 *
 * The built-in scenario must answer what an analyst asks on its start date (issue 7, MODEL.md
 * section 5): at least 25 questions, every topic of section 5 asked, at each of the horizons
 * 3, 6, 12 and 24 months, every question answered by a mechanism of this build (never "not
 * modelled"), and every question printed beside a base-rate reference forecast (MODEL.md
 * section 6) with the arithmetic of its basis and a source. The loader keeps a reference's p,
 * basis and source; its errors are tests/data/bad/reference_*.yaml.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "brink.h"
#include "sim/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static brink_scenario *load_builtin(void)
{
    size_t len = 0;
    const char *name = NULL;
    const char *text = brink_builtin_scenario(&len, &name);
    assert_non_null(text);
    brink_scenario *sc = NULL;
    brink_error err;
    brink_error_clear(&err);
    int rc = brink_scenario_load_buffer(text, len, name, NULL, &sc, &err);
    if (rc != BRINK_OK)
        print_error("%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
    assert_int_equal(rc, BRINK_OK);
    return sc;
}

/* The window's end in whole months after the start, when it ends within a week of such a date
 * (day of month kept); -1 otherwise. */
static int horizon_months(const brink_scenario *sc, const brink_question *q)
{
    long end = brink_date_to_days(q->to);
    for (int m = 1; m <= 36; m++) {
        brink_date d = sc->start;
        int months = d.month - 1 + m;
        d.year += months / 12;
        d.month = months % 12 + 1;
        long at = brink_date_to_days(d);
        if (end >= at - 7 && end <= at + 7)
            return m;
    }
    return -1;
}

static int modelled(const brink_question *q)
{
    return q->is_event ? brink_event_modelled(q->event) : brink_indicator_modelled(q->indicator);
}

static void builtin_questions_cover_section_5(void **state)
{
    (void)state;
    brink_scenario *sc = load_builtin();
    assert_true(sc->nquestions >= 25);
    int at[4] = {0, 0, 0, 0}; /* questions ending 3, 6, 12, 24 months after the start */
    int isr = brink_scenario_actor(sc, "ISR"), usa = brink_scenario_actor(sc, "USA");
    int strike_isr = 0, strike_usa = 0, events[BRINK_EV_COUNT] = {0}, inds[BRINK_IND_COUNT] = {0};
    for (size_t i = 0; i < sc->nquestions; i++) {
        const brink_question *q = &sc->questions[i];
        if (!modelled(q))
            fail_msg("question %s is not modelled by this build", q->id);
        /* the reference: a probability, its arithmetic and where the history comes from */
        if (!q->has_reference)
            fail_msg("question %s has no reference forecast", q->id);
        assert_true(q->ref_p >= 0 && q->ref_p <= 1);
        assert_non_null(q->ref_basis);
        assert_true(strlen(q->ref_basis) >= 20);
        assert_non_null(q->ref_source);
        int m = horizon_months(sc, q);
        at[0] += m == 3;
        at[1] += m == 6;
        at[2] += m == 12;
        at[3] += m == 24;
        if (q->is_event) {
            events[q->event]++;
            if (q->event == BRINK_EV_STRIKE_NUCLEAR) {
                strike_isr += q->actor.actor == isr;
                strike_usa += q->actor.actor == usa;
            }
        } else {
            inds[q->indicator]++;
        }
    }
    for (int h = 0; h < 4; h++)
        if (at[h] < 3)
            fail_msg("only %d questions at the horizon %d", at[h], (int[]){3, 6, 12, 24}[h]);
    /* MODEL.md section 5: talks, a deal, strikes on nuclear sites by Israel and by the US,
     * attacks on US forces, Hormuz closure, NPT withdrawal, snapback, enrichment to 90 %, oil
     * exports, exchange rate, a protest wave, a change of Supreme Leader, regime collapse */
    static const brink_event_type need[] = {
        BRINK_EV_TALKS_OPENED,   BRINK_EV_DEAL_SIGNED,          BRINK_EV_ATTACK_US_FORCES,
        BRINK_EV_HORMUZ_CLOSED,  BRINK_EV_NPT_WITHDRAWAL,       BRINK_EV_SNAPBACK_NOTIFIED,
        BRINK_EV_ENRICHMENT_90,  BRINK_EV_PROTEST_WAVE_STARTED, BRINK_EV_LEADER_REPLACED,
        BRINK_EV_REGIME_COLLAPSE};
    for (size_t k = 0; k < sizeof need / sizeof need[0]; k++)
        if (!events[need[k]])
            fail_msg("no question about %s", brink_event_type_name(need[k]));
    assert_true(strike_isr >= 3 && strike_usa >= 2);
    assert_true(events[BRINK_EV_TALKS_OPENED] >= 3 && events[BRINK_EV_DEAL_SIGNED] >= 3);
    assert_true(inds[BRINK_IND_OIL_EXPORTS_MBD] >= 1 && inds[BRINK_IND_EXCHANGE_RATE] >= 2);
    brink_scenario_free(sc);
}

/* References written in a question's 'reference' reach the question; without one, none. */
static void reference_is_loaded(void **state)
{
    (void)state;
    static const char text[] =
        "brink: 1\n"
        "scenario: {name: Mini, start: 2025-03-12, horizon_weeks: 52}\n"
        "issues: [{id: a, name: A}]\n"
        "actors: [{id: X, name: X, kind: state}, {id: Y, name: Y, kind: state}]\n"
        "questions:\n"
        "  - id: q1\n"
        "    text: Talks?\n"
        "    event: {type: talks_opened, actor: X, target: Y, within_weeks: 26}\n"
        "    reference: {p: 0.118, basis: \"0.25 a year; 1 - exp(-0.125)\", source: A.10}\n"
        "  - id: q2\n"
        "    text: Talks at all?\n"
        "    event: {type: talks_opened, actor: X, target: Y, within_weeks: 52}\n"
        "  - id: q3\n"
        "    text: Certain?\n"
        "    event: {type: talks_opened, actor: X, target: Y, within_weeks: 52}\n"
        "    reference:\n"
        "      basis: always so far\n"
        "      p: 1\n";
    brink_scenario *sc = NULL;
    brink_error err;
    brink_error_clear(&err);
    int rc = brink_scenario_load_buffer(text, sizeof text - 1, "mini.yaml", NULL, &sc, &err);
    if (rc != BRINK_OK)
        print_error("%d:%d: %s\n", err.line, err.column, err.message);
    assert_int_equal(rc, BRINK_OK);
    assert_int_equal(sc->nquestions, 3);
    const brink_question *q = &sc->questions[0];
    assert_true(q->has_reference);
    assert_true(q->ref_p == 0.118);
    assert_string_equal(q->ref_basis, "0.25 a year; 1 - exp(-0.125)");
    assert_string_equal(q->ref_source, "A.10");
    q = &sc->questions[1];
    assert_false(q->has_reference);
    assert_null(q->ref_basis);
    q = &sc->questions[2];
    assert_true(q->has_reference);
    assert_true(q->ref_p == 1.0);
    assert_null(q->ref_source);
    brink_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_questions_cover_section_5),
        cmocka_unit_test(reference_is_loaded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
