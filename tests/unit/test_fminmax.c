/* SPDX-License-Identifier: MIT */
/*
 * test_fminmax.c — core/fminmax.h: brink_fmax and brink_fmin return the same bits as the C
 * library's fmax and fmin (called through volatile pointers, so the compiler can neither fold
 * nor inline them) for every pair of special values (zeros of both signs, subnormals, extremes,
 * infinities, quiet and signalling NaNs of both signs with several payloads) and for a million
 * pairs of random bit patterns and of random ordinary numbers, equal pairs included. The
 * mechanisms replaced libm calls with these helpers on the promise that forecasts stay
 * byte-identical; this is that promise checked on the machine that builds them.
 *
 * A negative control shows the check has teeth: the textbook definition (x when x >= y) differs
 * from libm on (+0, -0), so a helper written that way would fail here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/fminmax.h"

/* libm's functions through pointers the compiler must reload: no constant folding, no builtin. */
static double (*volatile libm_fmax)(double, double) = fmax;
static double (*volatile libm_fmin)(double, double) = fmin;

static uint64_t bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static double from_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* Counts pairs (x, y) where a helper and libm disagree in any bit, printing the first few. */
static int mismatches(double x, double y)
{
    static int printed;
    int bad = 0;
    double got, want;
    got = brink_fmax(x, y);
    want = libm_fmax(x, y);
    if (bits(got) != bits(want)) {
        bad++;
        if (printed++ < 10)
            print_error("fmax(%016llx, %016llx): brink %016llx, libm %016llx\n",
                        (unsigned long long)bits(x), (unsigned long long)bits(y),
                        (unsigned long long)bits(got), (unsigned long long)bits(want));
    }
    got = brink_fmin(x, y);
    want = libm_fmin(x, y);
    if (bits(got) != bits(want)) {
        bad++;
        if (printed++ < 10)
            print_error("fmin(%016llx, %016llx): brink %016llx, libm %016llx\n",
                        (unsigned long long)bits(x), (unsigned long long)bits(y),
                        (unsigned long long)bits(got), (unsigned long long)bits(want));
    }
    return bad;
}

/* The special values, as bit patterns (so signalling NaNs survive: no arithmetic on them). */
static const uint64_t specials[] = {
    0x0000000000000000ull,                        /* +0 */
    0x8000000000000000ull,                        /* -0 */
    0x3ff0000000000000ull,                        /* 1 */
    0xbff0000000000000ull,                        /* -1 */
    0x3ff0000000000001ull,                        /* 1 + ulp */
    0x0000000000000001ull,                        /* smallest subnormal */
    0x8000000000000001ull, 0x000fffffffffffffull, /* largest subnormal */
    0x0010000000000000ull,                        /* DBL_MIN */
    0x8010000000000000ull, 0x7fefffffffffffffull, /* DBL_MAX */
    0xffefffffffffffffull, 0x7ff0000000000000ull, /* +inf */
    0xfff0000000000000ull,                        /* -inf */
    0x7ff8000000000000ull,                        /* quiet NaN */
    0xfff8000000000000ull,                        /* negative quiet NaN */
    0x7ff8000000000123ull,                        /* quiet NaN with a payload */
    0xfffc000000000456ull, 0x7ff0000000000001ull, /* signalling NaNs */
    0xfff0000000000001ull, 0x7ff4000000000000ull, 0x7ff7ffffffffffffull,
};

static void special_values_match_libm(void **state)
{
    (void)state;
    size_t n = sizeof specials / sizeof specials[0];
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            bad += mismatches(from_bits(specials[i]), from_bits(specials[j]));
    assert_int_equal(bad, 0);
}

/* splitmix64: a fixed stream of 64-bit words for the random cases. */
static uint64_t next_word(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void random_values_match_libm(void **state)
{
    (void)state;
    uint64_t s = 20261130;
    int bad = 0;
    for (int k = 0; k < 1000000; k++) {
        /* any bit pattern (NaNs of every kind included), a special against a random value,
         * ordinary numbers of like size (so ties and near-ties occur), and equal pairs */
        double x = from_bits(next_word(&s)), y = from_bits(next_word(&s));
        bad += mismatches(x, y);
        double z = from_bits(specials[next_word(&s) % (sizeof specials / sizeof specials[0])]);
        bad += mismatches(z, x) + mismatches(x, z);
        double a = (double)(next_word(&s) % 2001) / 8 - 125;
        double b = (double)(next_word(&s) % 2001) / 8 - 125;
        bad += mismatches(a, b) + mismatches(a, a) + mismatches(-a, a);
        /* NaNs of random sign and payload, quiet or signalling, against each other and a number */
        const uint64_t sign_payload = 0x800fffffffffffffull, nan = 0x7ff0000000000001ull;
        double n1 = from_bits((next_word(&s) & sign_payload) | nan);
        double n2 = from_bits((next_word(&s) & sign_payload) | nan);
        bad += mismatches(n1, n2) + mismatches(n1, a) + mismatches(a, n2);
    }
    assert_int_equal(bad, 0);
}

/* The cases that make glibc differ from a textbook fmax/fmin: ties of signed zeros go to the
 * second argument, a single quiet NaN is ignored, and the naive definition x >= y ? x : y would
 * be caught by the checks above (negative control). */
static void zero_ties_go_to_the_second_argument(void **state)
{
    (void)state;
    double pz = 0.0, nz = -0.0;
    assert_true(signbit(libm_fmax(pz, nz)));  /* libm: -0 */
    assert_false(signbit(libm_fmax(nz, pz))); /* libm: +0 */
    assert_true(signbit(brink_fmax(pz, nz)));
    assert_false(signbit(brink_fmax(nz, pz)));
    assert_false(signbit(brink_fmin(nz, pz))); /* libm: +0 */
    assert_true(signbit(brink_fmin(pz, nz)));  /* libm: -0 */
    assert_true(signbit(libm_fmin(pz, nz)));
    /* negative control: the textbook formula disagrees with libm on (+0, -0) */
    double naive = isgreaterequal(pz, nz) ? pz : nz;
    assert_int_not_equal(bits(naive), bits(libm_fmax(pz, nz)));
    /* one quiet NaN: the number */
    assert_int_equal(bits(brink_fmax(NAN, 2.0)), bits(2.0));
    assert_int_equal(bits(brink_fmax(2.0, NAN)), bits(2.0));
    assert_int_equal(bits(brink_fmin(NAN, -3.0)), bits(-3.0));
    assert_true(isnan(brink_fmax(NAN, NAN)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(special_values_match_libm),
        cmocka_unit_test(random_values_match_libm),
        cmocka_unit_test(zero_ties_go_to_the_second_argument),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
