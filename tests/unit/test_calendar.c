/* SPDX-License-Identifier: MIT */
/*
 * test_calendar.c — core/calendar: strict ISO parsing, the Gregorian leap rule (1900 is not a
 * leap year, 2000 is), day counts against known values (computed with Python's datetime) and
 * against an independent day-by-day walk over every date of years 1..9999, and the date <-> step
 * mapping, including dates before the start (floor, not truncation).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "brink.h"

static brink_date mkdate(int y, int m, int d)
{
    brink_date x = {y, m, d};
    return x;
}

static void expect_date(brink_date d, int y, int m, int day)
{
    if (d.year != y || d.month != m || d.day != day)
        print_error("got %04d-%02d-%02d, expected %04d-%02d-%02d\n", d.year, d.month, d.day, y, m,
                    day);
    assert_int_equal(d.year, y);
    assert_int_equal(d.month, m);
    assert_int_equal(d.day, day);
}

static void parse_and_format_round_trip(void **state)
{
    (void)state;
    const char *good[] = {"2025-03-12", "2024-02-29", "2000-02-29", "1900-02-28",
                          "0001-01-01", "9999-12-31", "1970-01-01", "2025-12-31"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        brink_date d = {0, 0, 0};
        char buf[11];
        if (brink_date_parse(good[i], &d) != BRINK_OK)
            print_error("'%s' rejected\n", good[i]);
        assert_int_equal(brink_date_parse(good[i], &d), BRINK_OK);
        assert_string_equal(brink_date_format(d, buf, sizeof buf), good[i]);
    }
    brink_date d;
    assert_int_equal(brink_date_parse("2025-03-12", &d), BRINK_OK);
    expect_date(d, 2025, 3, 12);
    assert_int_equal(brink_date_parse("2025-03-12", NULL), BRINK_OK); /* validation only */
}

static void invalid_dates_are_rejected(void **state)
{
    (void)state;
    const char *bad[] = {
        "2025-02-29", /* not a leap year */
        "2024-02-30",  "2025-13-01",  "2025-00-10",  "2025-01-00", "2025-04-31", "2025-01-32",
        "2025-3-12", /* not zero-padded */
        "2025-03-12x", "2025-03-12 ", " 2025-03-12", "2025-03-1",  "0000-01-01", "",
        "2025/03/12",  "20250312",    "2025-03-1a",  "abcd-03-12", "+025-03-12", "-025-03-12",
        "2025-03--2",  "1900-02-29",  "2100-02-29",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        brink_date d;
        int rc = brink_date_parse(bad[i], &d);
        if (rc != BRINK_EINVAL)
            print_error("'%s' accepted (rc %d)\n", bad[i], rc);
        assert_int_equal(rc, BRINK_EINVAL);
    }
    brink_date d;
    assert_int_equal(brink_date_parse(NULL, &d), BRINK_EINVAL);
}

static int leap_rule(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static void leap_years(void **state)
{
    (void)state;
    for (int y = 1; y <= 9999; y++) {
        char s[16];
        snprintf(s, sizeof s, "%04d-02-29", y);
        int ok = brink_date_parse(s, NULL) == BRINK_OK;
        if (ok != leap_rule(y))
            print_error("%s: parse says %d\n", s, ok);
        assert_int_equal(ok, leap_rule(y));
    }
    /* Days in a year: 365 or 366 by the same rule. */
    const int years[] = {1900, 2000, 2023, 2024, 2100, 2400};
    for (size_t i = 0; i < sizeof years / sizeof years[0]; i++) {
        int y = years[i];
        long len = brink_date_to_days(mkdate(y + 1, 1, 1)) - brink_date_to_days(mkdate(y, 1, 1));
        assert_int_equal(len, 365 + leap_rule(y));
    }
}

static void known_day_counts(void **state)
{
    (void)state;
    /* From Python: date(y, m, d).toordinal() - date(1970, 1, 1).toordinal(). */
    const struct {
        int y, m, d;
        long days;
    } known[] = {
        {1970, 1, 1, 0},         {1969, 12, 31, -1},   {2000, 3, 1, 11017},  {1, 1, 1, -719162},
        {9999, 12, 31, 2932896}, {2025, 3, 12, 20159}, {1900, 3, 1, -25508}, {2024, 2, 29, 19782},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        brink_date d = mkdate(known[i].y, known[i].m, known[i].d);
        assert_int_equal(brink_date_to_days(d), known[i].days);
        expect_date(brink_date_from_days(known[i].days), known[i].y, known[i].m, known[i].d);
    }
}

/* The next day, by month lengths alone (independent of the library's day arithmetic). */
static brink_date next_day(brink_date d)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int n = d.month == 2 && leap_rule(d.year) ? 29 : len[d.month - 1];
    if (++d.day > n) {
        d.day = 1;
        if (++d.month > 12) {
            d.month = 1;
            d.year++;
        }
    }
    return d;
}

static void days_round_trip_over_all_years(void **state)
{
    (void)state;
    brink_date d = mkdate(1, 1, 1);
    long first = brink_date_to_days(d), last = brink_date_to_days(mkdate(9999, 12, 31));
    assert_int_equal(last - first + 1, 3652059); /* 9999 years of 365.2425 days */
    for (long z = first; z <= last; z++) {
        brink_date got = brink_date_from_days(z);
        if (got.year != d.year || got.month != d.month || got.day != d.day) {
            expect_date(got, d.year, d.month, d.day);
        }
        if (brink_date_to_days(d) != z)
            assert_int_equal(brink_date_to_days(d), z);
        if (z % 97 == 0) { /* text round trip on a sample */
            char buf[11];
            brink_date back;
            assert_int_equal(brink_date_parse(brink_date_format(d, buf, sizeof buf), &back),
                             BRINK_OK);
            expect_date(back, d.year, d.month, d.day);
        }
        d = next_day(d);
    }
}

static void date_to_step_weekly_and_daily(void **state)
{
    (void)state;
    const brink_date start = mkdate(2025, 3, 12);
    const long s0 = brink_date_to_days(start);
    /* Weekly steps: [start + 7k, start + 7k + 7). */
    const struct {
        long offset, step;
    } weekly[] = {{0, 0},   {6, 0},   {7, 1},    {13, 1},   {14, 2},   {-1, -1},
                  {-7, -1}, {-8, -2}, {-14, -2}, {-15, -3}, {365, 52}, {-365, -53}};
    for (size_t i = 0; i < sizeof weekly / sizeof weekly[0]; i++) {
        brink_date d = brink_date_from_days(s0 + weekly[i].offset);
        long step = brink_date_to_step(start, 7, d);
        if (step != weekly[i].step)
            print_error("offset %ld: step %ld, expected %ld\n", weekly[i].offset, step,
                        weekly[i].step);
        assert_int_equal(step, weekly[i].step);
    }
    /* Daily steps are day differences. */
    for (long off = -400; off <= 400; off++)
        assert_int_equal(brink_date_to_step(start, 1, brink_date_from_days(s0 + off)), off);
    /* Across a year and a leap day. */
    assert_int_equal(brink_date_to_step(mkdate(2024, 2, 28), 1, mkdate(2024, 3, 1)), 2);
    assert_int_equal(brink_date_to_step(mkdate(2025, 2, 28), 1, mkdate(2025, 3, 1)), 1);
    assert_int_equal(brink_date_to_step(mkdate(2024, 12, 31), 7, mkdate(2025, 1, 7)), 1);
}

static void step_to_date_and_back(void **state)
{
    (void)state;
    const brink_date start = mkdate(2025, 3, 12);
    expect_date(brink_step_to_date(start, 7, 0), 2025, 3, 12);
    expect_date(brink_step_to_date(start, 7, 1), 2025, 3, 19);
    expect_date(brink_step_to_date(start, 7, 3), 2025, 4, 2);
    expect_date(brink_step_to_date(start, 7, -1), 2025, 3, 5);
    expect_date(brink_step_to_date(start, 1, 20), 2025, 4, 1);
    expect_date(brink_step_to_date(start, 30, 10), 2026, 1, 6);
    const int steps[] = {1, 7, 30};
    for (size_t i = 0; i < 3; i++) {
        int sd = steps[i];
        for (long k = -200; k <= 200; k++) {
            brink_date first = brink_step_to_date(start, sd, k);
            assert_int_equal(brink_date_to_step(start, sd, first), k);
            brink_date last = brink_date_from_days(brink_date_to_days(first) + sd - 1);
            assert_int_equal(brink_date_to_step(start, sd, last), k);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_and_format_round_trip),
        cmocka_unit_test(invalid_dates_are_rejected),
        cmocka_unit_test(leap_years),
        cmocka_unit_test(known_day_counts),
        cmocka_unit_test(days_round_trip_over_all_years),
        cmocka_unit_test(date_to_step_weekly_and_daily),
        cmocka_unit_test(step_to_date_and_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
