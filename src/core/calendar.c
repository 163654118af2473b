/* SPDX-License-Identifier: MIT */
/*
 * calendar.c — ISO dates and simulation steps. Dates are proleptic Gregorian; day counts use
 * the civil-from-days algorithm of H. Hinnant ("chrono-compatible low-level date algorithms"),
 * exact for every date of years 1..9999. Step k of a run covers the days
 * [start + k*step_days, start + (k+1)*step_days).
 */
#include "brink.h"

#include <stdio.h>
#include <string.h>

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int brink_date_parse(const char *s, brink_date *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return BRINK_EINVAL;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return BRINK_EINVAL;
    if (out) {
        out->year = y;
        out->month = m;
        out->day = d;
    }
    return BRINK_OK;
}

char *brink_date_format(brink_date d, char *buf, size_t n)
{
    snprintf(buf, n, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

long brink_date_to_days(brink_date d)
{
    long y = d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (d.month + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

brink_date brink_date_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    brink_date out = {(int)(y + (m <= 2)), (int)m, (int)d};
    return out;
}

/* Floor division for a possibly negative numerator and a positive denominator. */
static long floor_div(long a, long b)
{
    long q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

long brink_date_to_step(brink_date start, int step_days, brink_date d)
{
    if (step_days <= 0)
        return 0;
    return floor_div(brink_date_to_days(d) - brink_date_to_days(start), step_days);
}

brink_date brink_step_to_date(brink_date start, int step_days, long k)
{
    return brink_date_from_days(brink_date_to_days(start) + k * (long)step_days);
}
