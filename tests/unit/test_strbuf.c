/* SPDX-License-Identifier: MIT */
/*
 * test_strbuf.c — core/strbuf: appends and growth keep the text and its NUL; reset keeps the
 * memory; an injected allocation failure marks the buffer failed, keeps what was there and turns
 * later appends into no-ops; brink_format_double prints the shortest text that reads back to the
 * same double (checked on special values and on 20,000 random bit patterns), the same text as a
 * linear search over precisions (200,000 values of the shapes the model prints).
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

static void empty_buffer(void **state)
{
    (void)state;
    brink_strbuf sb = {0};
    assert_string_equal(brink_strbuf_cstr(&sb), "");
    assert_int_equal(brink_strbuf_failed(&sb), 0);
    assert_int_equal(sb.len, 0);
    brink_strbuf_reset(&sb);
    assert_string_equal(brink_strbuf_cstr(&sb), "");
    brink_strbuf_free(&sb);
    brink_strbuf_free(&sb); /* a freed buffer is a zeroed one: freeing again is harmless */
}

static void appends_and_formats(void **state)
{
    (void)state;
    brink_strbuf sb = {0};
    brink_strbuf_append(&sb, "brink");
    brink_strbuf_append_n(&sb, ": xyz", 3);
    brink_strbuf_appendf(&sb, "%s=%d;%.2f", "runs", 1000, 0.125);
    brink_strbuf_append(&sb, "");
    brink_strbuf_append_n(&sb, "ignored", 0);
    assert_string_equal(brink_strbuf_cstr(&sb), "brink: xruns=1000;0.12");
    assert_int_equal(sb.len, strlen("brink: xruns=1000;0.12"));
    assert_int_equal(brink_strbuf_failed(&sb), 0);

    /* Embedded NUL bytes count in len. */
    brink_strbuf_reset(&sb);
    brink_strbuf_append_n(&sb, "a\0b", 3);
    assert_int_equal(sb.len, 3);
    assert_memory_equal(sb.data, "a\0b", 4);

    /* A formatted piece longer than any initial capacity. */
    char big[600];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    brink_strbuf_reset(&sb);
    brink_strbuf_appendf(&sb, "<%s|%05d>", big, 42);
    assert_int_equal(sb.len, 599 + 8);
    assert_true(sb.data[0] == '<' && sb.data[600] == '|');
    assert_string_equal(sb.data + 600, "|00042>");
    brink_strbuf_free(&sb);
    assert_null(sb.data);
    assert_int_equal(sb.len, 0);
    assert_int_equal(sb.cap, 0);
}

static void growth_keeps_content(void **state)
{
    (void)state;
    brink_strbuf sb = {0};
    enum { N = 100000 };
    for (int i = 0; i < N; i++) {
        char c = (char)('a' + i % 26);
        brink_strbuf_append_n(&sb, &c, 1);
        assert_true(sb.cap >= sb.len + 1);
    }
    assert_int_equal(sb.len, N);
    assert_int_equal(strlen(brink_strbuf_cstr(&sb)), N);
    for (int i = 0; i < N; i++)
        assert_true(sb.data[i] == (char)('a' + i % 26));
    brink_strbuf_free(&sb);
}

static void reset_keeps_memory(void **state)
{
    (void)state;
    brink_strbuf sb = {0};
    brink_strbuf_append(&sb, "some text that needs a buffer");
    char *data = sb.data;
    size_t cap = sb.cap;
    brink_strbuf_reset(&sb);
    assert_int_equal(sb.len, 0);
    assert_string_equal(brink_strbuf_cstr(&sb), "");
    assert_ptr_equal(sb.data, data);
    assert_int_equal(sb.cap, cap);
    brink_alloc_set_fail_after(1); /* refilling within the capacity must not allocate */
    brink_strbuf_append(&sb, "again");
    brink_alloc_set_fail_after(0);
    assert_string_equal(brink_strbuf_cstr(&sb), "again");
    assert_int_equal(brink_strbuf_failed(&sb), 0);
    brink_strbuf_free(&sb);
}

static void failure_marks_and_sticks(void **state)
{
    (void)state;
    /* The first allocation fails: nothing is kept, the buffer still reads as "". */
    brink_strbuf sb = {0};
    brink_alloc_set_fail_after(1);
    brink_strbuf_append(&sb, "abc");
    brink_alloc_set_fail_after(0);
    assert_int_equal(brink_strbuf_failed(&sb), 1);
    assert_string_equal(brink_strbuf_cstr(&sb), "");
    brink_strbuf_append(&sb, "def"); /* allocation works again, but the buffer stays failed */
    brink_strbuf_appendf(&sb, "%d", 7);
    assert_int_equal(brink_strbuf_failed(&sb), 1);
    assert_int_equal(sb.len, 0);
    brink_strbuf_free(&sb);
    assert_int_equal(brink_strbuf_failed(&sb), 0); /* free zeroes the struct */

    /* A failed growth keeps the text appended before it. */
    brink_strbuf_append(&sb, "kept");
    assert_int_equal(brink_strbuf_failed(&sb), 0);
    char big[1000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    brink_alloc_set_fail_after(1);
    brink_strbuf_append(&sb, big);
    brink_strbuf_appendf(&sb, "%s", big);
    brink_alloc_set_fail_after(0);
    assert_int_equal(brink_strbuf_failed(&sb), 1);
    assert_string_equal(brink_strbuf_cstr(&sb), "kept");
    assert_int_equal(sb.len, 4);
    brink_strbuf_free(&sb);

    /* Fail at each allocation of a long build in turn: never a crash, never a leak, and the
     * result is either complete or marked failed. */
    brink_alloc_set_fail_after(0);
    for (int i = 0; i < 2000; i++)
        brink_strbuf_appendf(&sb, "%d,", i);
    long total = brink_alloc_count();
    size_t full = sb.len;
    brink_strbuf_free(&sb);
    assert_true(total >= 2);
    for (long k = 1; k <= total + 1; k++) {
        brink_alloc_set_fail_after(k);
        for (int i = 0; i < 2000; i++)
            brink_strbuf_appendf(&sb, "%d,", i);
        brink_alloc_set_fail_after(0);
        if (k <= total)
            assert_int_equal(brink_strbuf_failed(&sb), 1);
        else
            assert_int_equal(sb.len, full);
        assert_int_equal(strlen(brink_strbuf_cstr(&sb)), sb.len);
        brink_strbuf_free(&sb);
    }
}

static void append_double_forms(void **state)
{
    (void)state;
    brink_strbuf sb = {0};
    const double xs[] = {0.1, -2.5, 1e100, NAN, INFINITY, -INFINITY, -0.0, 3.0};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        brink_strbuf_append_double(&sb, xs[i]);
        brink_strbuf_append(&sb, " ");
    }
    assert_string_equal(brink_strbuf_cstr(&sb), "0.1 -2.5 1e+100 nan inf -inf -0 3 ");
    brink_strbuf_free(&sb);
}

/* Asserts that buf reads back to exactly x (sign of zero included). */
static void expect_round_trip(double x, const char *buf)
{
    char *end = NULL;
    double y = strtod(buf, &end);
    int same = (isnan(x) && isnan(y)) || (y == x && signbit(x) == signbit(y));
    if (!same || *end != '\0')
        print_error("%.17g printed as '%s', read back as %.17g\n", x, buf, y);
    assert_true(same);
    assert_true(*end == '\0');
}

static void format_double_round_trips(void **state)
{
    (void)state;
    const struct {
        double x;
        const char *text;
    } cases[] = {
        {0.1, "0.1"},
        {1.0 / 3.0, "0.3333333333333333"}, /* 16 digits suffice */
        {1e-300, "1e-300"},
        {-0.0, "-0"},
        {0.0, "0"},
        {5e-324, "5e-324"}, /* the smallest subnormal */
        {DBL_MAX, "1.7976931348623157e+308"},
        {0.1 + 0.2, "0.30000000000000004"},
        {100.0, "100"},
        {9007199254740993.0, "9007199254740992"}, /* 2^53 + 1 rounds to 2^53 */
        {-1.5e-7, "-1.5e-07"},
        {NAN, "nan"},
        {INFINITY, "inf"},
        {-INFINITY, "-inf"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[32];
        const char *got = brink_format_double(cases[i].x, buf, sizeof buf);
        assert_ptr_equal(got, buf);
        if (strcmp(buf, cases[i].text) != 0)
            print_error("%.17g: '%s', expected '%s'\n", cases[i].x, buf, cases[i].text);
        assert_string_equal(buf, cases[i].text);
        if (isfinite(cases[i].x))
            expect_round_trip(cases[i].x, buf);
    }
}

/* Significant digits of a printed number: the mantissa's digits without leading or trailing
 * zeros ("100" has 1, "0.00125" has 3, "1.5e-07" has 2). */
static int significant_digits(const char *buf)
{
    char digits[64];
    size_t n = 0;
    for (const char *p = buf; *p && *p != 'e' && n < sizeof digits; p++)
        if (*p >= '0' && *p <= '9')
            digits[n++] = *p;
    size_t lo = 0;
    while (lo < n && digits[lo] == '0')
        lo++;
    while (n > lo && digits[n - 1] == '0')
        n--;
    return n > lo ? (int)(n - lo) : 1;
}

static void format_double_random_bits(void **state)
{
    (void)state;
    /* Random bit patterns cover every exponent, subnormals included. The text must read back
     * exactly, with at most 17 significant digits, and be minimal: no %g text with one
     * significant digit fewer reads back. (Whether 100 prints as "100" or "1e+02" is a matter
     * of notation, not of digits, and is not checked here.) */
    uint64_t s = 88172645463325252u;
    for (int i = 0; i < 20000; i++) {
        s ^= s << 13; /* xorshift64, the test's own generator */
        s ^= s >> 7;
        s ^= s << 17;
        double x;
        memcpy(&x, &s, sizeof x);
        if (!isfinite(x))
            continue;
        char buf[32];
        brink_format_double(x, buf, sizeof buf);
        expect_round_trip(x, buf);
        int sig = significant_digits(buf);
        assert_true(sig <= 17);
        if (sig > 1) {
            char fewer[512]; /* %g of any double fits; gcc cannot see that sig <= 17 */
            snprintf(fewer, sizeof fewer, "%.*g", sig - 1, x);
            if (strtod(fewer, NULL) == x)
                print_error("%.17g: '%s' is not minimal, '%s' reads back too\n", x, buf, fewer);
            assert_true(strtod(fewer, NULL) != x);
        }
    }
    /* The counter itself. */
    assert_int_equal(significant_digits("100"), 1);
    assert_int_equal(significant_digits("-0.00125"), 3);
    assert_int_equal(significant_digits("1.5e-07"), 2);
    assert_int_equal(significant_digits("0"), 1);
}

/* The definition brink_format_double implements (first by a linear search, then a bisection,
 * now from exact digits: tests/unit/test_format_double.c): the first precision from 1 that reads
 * back (without an exponent for a plain number). */
static void format_linear(double x, char *buf, size_t n)
{
    double ax = fabs(x);
    int plain = ax == 0 || (ax >= 1e-4 && ax < 1e15);
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, x);
        for (char *p = buf; *p; p++)
            if (*p == ',')
                *p = '.';
        if (strtod(buf, NULL) == x && (!plain || !strchr(buf, 'e')))
            return;
    }
}

static void format_double_matches_linear_search(void **state)
{
    (void)state;
    /* Values of every shape the model prints: short decimals at every scale (k / 10^d and
     * their neighbours one ulp away), integers, plain numbers with 1-17 digits, random bits.
     * The text must be the linear search's, byte for byte. */
    uint64_t s = 0x9e3779b97f4a7c15u;
    long checked = 0;
    for (int i = 0; i < 200000; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        double x;
        switch (i % 5) {
        case 0: /* a short decimal: up to 6 digits, scaled by 10^-12 .. 10^17 */
            x = (double)(s % 1000000) * pow(10.0, (double)((int)((s >> 20) % 30) - 12));
            break;
        case 1: /* its neighbour one ulp up or down */
            x = (double)(s % 1000000) * pow(10.0, (double)((int)((s >> 20) % 30) - 12));
            x = nextafter(x, (s >> 40) & 1 ? INFINITY : -INFINITY);
            break;
        case 2: /* an integer */
            x = (double)(int64_t)(s >> (s % 64));
            break;
        case 3: /* a uniform in [0, 1) times a power of ten, negated half the time */
            x = (double)(s >> 11) * 0x1p-53 * pow(10.0, (double)((int)(s % 24) - 8));
            x = (s >> 5) & 1 ? -x : x;
            break;
        default: /* random bits */
            memcpy(&x, &s, sizeof x);
            break;
        }
        if (!isfinite(x))
            continue;
        char got[32], want[32];
        brink_format_double(x, got, sizeof got);
        format_linear(x, want, sizeof want);
        if (strcmp(got, want) != 0)
            print_error("%.17g: '%s', the linear search gives '%s'\n", x, got, want);
        assert_string_equal(got, want);
        checked++;
    }
    assert_true(checked > 190000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_buffer),
        cmocka_unit_test(appends_and_formats),
        cmocka_unit_test(growth_keeps_content),
        cmocka_unit_test(reset_keeps_memory),
        cmocka_unit_test(failure_marks_and_sticks),
        cmocka_unit_test(append_double_forms),
        cmocka_unit_test(format_double_round_trips),
        cmocka_unit_test(format_double_random_bits),
        cmocka_unit_test(format_double_matches_linear_search),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
