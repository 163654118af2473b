/* SPDX-License-Identifier: MIT */
/*
 * test_format_double.c — brink_format_double (src/core/strbuf.c) derives every %.{p}g text from
 * one printed digit string instead of calling snprintf and strtod per precision. Its text must be
 * byte for byte the one of the snprintf search it replaced (kept here verbatim as the reference:
 * the first precision from 1 to 17 whose %.{p}g text reads back, without an exponent between
 * 1e-4 and 1e15). Checked on 2.2 million values (BRINK_FMT_TEST_N scales it): random bits, short
 * decimals at every scale and their neighbours, integers, powers of ten and of two, decimal and
 * binary halfway cases, subnormals, the notation boundaries 1e-4 and 1e15, ±0, ±inf, nan.
 * Negative control: two subtly wrong formatters (17 digits never tried; the no-exponent rule
 * dropped) must each be caught by the same generators.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brink.h"

typedef void (*formatter)(double x, char *buf, size_t n);

/* ---- the reference: brink_format_double as it was until 2026-11-30 (commit bf46e73), verbatim
 * but for names: one snprintf and one strtod per precision tried, the precisions 1-15 by
 * bisection (tests/unit/test_strbuf.c checks the bisection against the plain linear search) ---- */

static void old_fix_decimal_point(char *buf)
{
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
}

static int old_format_reads_back(double x, int prec, int plain, char *buf, size_t n)
{
    snprintf(buf, n, "%.*g", prec, x);
    old_fix_decimal_point(buf);
    return strtod(buf, NULL) == x && (!plain || !strchr(buf, 'e'));
}

static char *old_format_double(double x, char *buf, size_t n)
{
    if (isnan(x)) {
        snprintf(buf, n, "nan");
        return buf;
    }
    if (isinf(x)) {
        snprintf(buf, n, x > 0 ? "inf" : "-inf");
        return buf;
    }
    double ax = fabs(x);
    int plain = ax == 0 || (ax >= 1e-4 && ax < 1e15);
    if (!old_format_reads_back(x, 15, plain, buf, n)) {
        if (!old_format_reads_back(x, 16, plain, buf, n))
            old_format_reads_back(x, 17, plain, buf, n);
        return buf;
    }
    int lo = 1, hi = 15;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (old_format_reads_back(x, mid, plain, buf, n))
            hi = mid;
        else
            lo = mid + 1;
    }
    old_format_reads_back(x, lo, plain, buf, n);
    return buf;
}

static void reference(double x, char *buf, size_t n)
{
    old_format_double(x, buf, n);
}

/* ---- negative controls: the linear search over precisions with one rule changed ---- */
static void search(double x, char *buf, size_t n, int max_prec, int plain_rule)
{
    if (!isfinite(x)) {
        reference(x, buf, n);
        return;
    }
    double ax = fabs(x);
    int plain = plain_rule && (ax == 0 || (ax >= 1e-4 && ax < 1e15));
    for (int prec = 1; prec <= max_prec; prec++) {
        snprintf(buf, n, "%.*g", prec, x);
        old_fix_decimal_point(buf);
        if (strtod(buf, NULL) == x && (!plain || !strchr(buf, 'e')))
            return;
    }
}

/* 16 digits at most */
static void wrong_16(double x, char *buf, size_t n)
{
    search(x, buf, n, 16, 1);
}

/* exponents allowed everywhere */
static void wrong_plain(double x, char *buf, size_t n)
{
    search(x, buf, n, 17, 0);
}

static void tested(double x, char *buf, size_t n)
{
    char *r = brink_format_double(x, buf, n);
    assert_ptr_equal(r, buf);
}

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13; /* xorshift64 */
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

enum { NKINDS = 10 }; /* the generators below */

static double from_text(const char *t)
{
    return strtod(t, NULL);
}

static double generate(int kind, uint64_t *s)
{
    uint64_t u = next(s);
    uint64_t v = next(s);
    char t[64];
    double x;
    switch (kind) {
    case 0: /* random bits (every exponent, subnormals, inf and nan included) */
        memcpy(&x, &u, sizeof x);
        return x;
    case 1: /* a short decimal (1-7 digits) at a scale 10^-330 .. 10^310, nearest double */
        snprintf(t, sizeof t, "%llue%d",
                 (unsigned long long)(u % (uint64_t)pow(10, (double)(1 + v % 7))),
                 (int)(v >> 8) % 640 - 330);
        x = from_text(t);
        return (v >> 40) & 1 ? -x : x;
    case 2: /* its neighbours 1-3 ulps away */
        snprintf(t, sizeof t, "%llue%d", (unsigned long long)(u % 1000000),
                 (int)(v >> 8) % 60 - 30);
        x = from_text(t);
        for (uint64_t k = 0; k <= (v >> 20) % 3; k++)
            x = nextafter(x, (v >> 40) & 1 ? INFINITY : -INFINITY);
        return x;
    case 3: /* an integer of any size, near 1e15 and 2^53 often */
        switch (v % 4) {
        case 0:
            return (double)(int64_t)(u >> (v >> 8) % 64);
        case 1:
            return 1e15 + (double)((int64_t)(u % 2001) - 1000);
        case 2:
            return 9007199254740992.0 + (double)((int64_t)(u % 21) - 10);
        default:
            return -(double)(u % 100000);
        }
    case 4: { /* a power of ten or of two, or a neighbour */
        if (v & 1)
            x = pow(10.0, (double)((int)(u % 632) - 323));
        else
            x = ldexp(1.0, (int)(u % 2098) - 1074);
        int k = (int)((v >> 8) % 5) - 2;
        for (; k < 0; k++)
            x = nextafter(x, 0.0);
        for (; k > 0; k--)
            x = nextafter(x, INFINITY);
        return x;
    }
    case 5: { /* a decimal halfway case: p digits then a 5 (then zeros or a 1), and neighbours */
        int p = 1 + (int)(v % 17);
        char digits[24];
        for (int i = 0; i < p; i++)
            digits[i] = (char)('0' + (i == 0 ? 1 + next(s) % 9 : next(s) % 10));
        digits[p] = '5';
        digits[p + 1] = '\0';
        snprintf(t, sizeof t, "%s%se%d", digits, (v >> 8) & 1 ? "0000001" : "",
                 (int)((v >> 9) % 620) - 320);
        x = from_text(t);
        int k = (int)((v >> 20) % 3) - 1;
        if (k)
            x = nextafter(x, k > 0 ? INFINITY : -INFINITY);
        return x;
    }
    case 6: /* a binary fraction with a short exact decimal: m / 2^k (0.125, 2.5, ...) */
        return ldexp((double)(u % (1u << (v % 30))), -(int)((v >> 8) % 40));
    case 7: /* a subnormal, or a tiny multiple of the smallest */
        if (v & 1) {
            u &= 0x800fffffffffffffu;
            memcpy(&x, &u, sizeof x);
            return x;
        }
        return (double)(u % 100000) * 4.9406564584124654e-324;
    case 8: /* a computed value: uniform in [0, 1) times a power of ten, either sign */
        x = (double)(u >> 11) * 0x1p-53 * pow(10.0, (double)((int)(v % 40) - 20));
        return (v >> 8) & 1 ? -x : x;
    default: { /* near the notation boundaries 1e-4 and 1e15 (and DBL_MAX, DBL_MIN) */
        static const double edges[] = {1e-4, 1e15, DBL_MAX, DBL_MIN, 1e-5, 1e16, 0.001, 1e14};
        x = edges[v % 8];
        int k = (int)((v >> 8) % 2001) - 1000;
        if (v % 8 == 1 && (u & 1))
            return x + (double)k * 0.125; /* 1e15 + a fraction: fixed notation, 17 digits */
        for (; k < 0; k++)
            x = nextafter(x, 0.0);
        for (; k > 0; k--)
            x = nextafter(x, INFINITY);
        return (u & 2) ? -x : x;
    }
    }
}

/* Number of values of generator `kind` (0..NKINDS-1) on which f and the reference differ, out of
 * count; prints the first few differences when report is set. */
static long mismatches(formatter f, int kind, long count, uint64_t seed, int report)
{
    uint64_t s = seed;
    long bad = 0;
    for (long i = 0; i < count; i++) {
        double x = generate(kind, &s);
        char got[48], want[48];
        f(x, got, sizeof got);
        reference(x, want, sizeof want);
        if (strcmp(got, want) != 0) {
            if (report && bad < 5)
                print_error("kind %d: %.17g (%a): '%s', the reference gives '%s'\n", kind, x, x,
                            got, want);
            bad++;
        }
    }
    return bad;
}

static long scaled(long n)
{
    const char *e = getenv("BRINK_FMT_TEST_N");
    if (!e)
        return n;
    char *end;
    double f = strtod(e, &end);
    if (end == e || *end != '\0' || !(f > 0 && f < 1e6))
        fail_msg("BRINK_FMT_TEST_N=%s: expected a positive factor below 1e6", e);
    return (long)((double)n * f);
}

static void special_values(void **state)
{
    (void)state;
    const double xs[] = {0.0, -0.0, INFINITY, -INFINITY, NAN, -NAN, DBL_MAX, -DBL_MAX, DBL_MIN,
                         5e-324, -5e-324, 1e-4, 1e15, 0.1, 0.5, 100.0, 1e23, 9.5, 0.125, 1e-5,
                         999999999999999.9, 0.30000000000000004,
                         /* an exact tie at 16 digits whose both roundings read back: the
                          * even one is printed */
                         562949953421312.25, 562949953421312.75};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        char got[48], want[48];
        tested(xs[i], got, sizeof got);
        reference(xs[i], want, sizeof want);
        if (strcmp(got, want) != 0)
            print_error("%.17g: '%s', the reference gives '%s'\n", xs[i], got, want);
        assert_string_equal(got, want);
    }
    /* A short buffer truncates like snprintf. */
    char small[4];
    brink_format_double(0.125, small, sizeof small);
    assert_string_equal(small, "0.1");
    brink_format_double(12345.0, small, sizeof small);
    assert_string_equal(small, "123");
}

static void every_kind_matches_reference(void **state)
{
    (void)state;
    long per_kind = scaled(220000);
    for (int kind = 0; kind < NKINDS; kind++)
        assert_int_equal(
            mismatches(tested, kind, per_kind, 0x9e3779b97f4a7c15u + (uint64_t)kind, 1), 0);
    /* the sweep of every power of ten and every power of two, with neighbours, once */
    for (int k = -330; k <= 310; k++) {
        char t[16];
        snprintf(t, sizeof t, "1e%d", k);
        double p10 = from_text(t);
        double xs[3] = {nextafter(p10, 0.0), p10, nextafter(p10, INFINITY)};
        for (int j = 0; j < 3; j++) {
            char got[48], want[48];
            tested(xs[j], got, sizeof got);
            reference(xs[j], want, sizeof want);
            assert_string_equal(got, want);
        }
    }
}

static void negative_controls_are_caught(void **state)
{
    (void)state;
    long per_kind = 20000;
    long caught16 = 0, caught_plain = 0;
    for (int kind = 0; kind < NKINDS; kind++) {
        caught16 += mismatches(wrong_16, kind, per_kind, 0x1234567u + (uint64_t)kind, 0);
        caught_plain += mismatches(wrong_plain, kind, per_kind, 0x1234567u + (uint64_t)kind, 0);
    }
    assert_true(caught16 > 0);
    assert_true(caught_plain > 0);
    /* and the harness with the reference against itself finds nothing */
    assert_int_equal(mismatches(reference, 0, 1000, 1, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(special_values),
        cmocka_unit_test(every_kind_matches_reference),
        cmocka_unit_test(negative_controls_are_caught),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
