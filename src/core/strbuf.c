/* SPDX-License-Identifier: MIT */
/*
 * strbuf.c — a growable NUL-terminated string (after Redis's sds, without the header trick).
 * Invariant: data is NULL and cap 0, or data holds len bytes plus a NUL and cap >= len + 1.
 * A failed allocation sets `failed` and turns later appends into no-ops, so callers check once.
 */
#include "brink.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Makes room for `extra` more bytes plus the NUL. Returns 0 or -1 (and marks the buffer). */
static int reserve(brink_strbuf *sb, size_t extra)
{
    if (sb->failed)
        return -1;
    if (extra > SIZE_MAX - sb->len - 1) {
        sb->failed = 1;
        return -1;
    }
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap)
        return 0;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = brink_realloc(sb->data, cap);
    if (!p) {
        sb->failed = 1;
        return -1;
    }
    sb->data = p;
    sb->cap = cap;
    return 0;
}

void brink_strbuf_append_n(brink_strbuf *sb, const char *s, size_t n)
{
    if (reserve(sb, n) != 0)
        return;
    if (n)
        memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void brink_strbuf_append(brink_strbuf *sb, const char *s)
{
    brink_strbuf_append_n(sb, s, strlen(s));
}

void brink_strbuf_appendv(brink_strbuf *sb, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        sb->failed = 1;
        return;
    }
    if (reserve(sb, (size_t)n) != 0)
        return;
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void brink_strbuf_appendf(brink_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    brink_strbuf_appendv(sb, fmt, ap);
    va_end(ap);
}

const char *brink_strbuf_cstr(const brink_strbuf *sb)
{
    return sb->data ? sb->data : "";
}

int brink_strbuf_failed(const brink_strbuf *sb)
{
    return sb->failed;
}

void brink_strbuf_reset(brink_strbuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

void brink_strbuf_free(brink_strbuf *sb)
{
    brink_free(sb->data);
    memset(sb, 0, sizeof *sb);
}

/* brink_format_double prints the text of the search "the first precision p from 1 to 17 whose
 * %.{p}g text reads back to x (and, between 1e-4 and 1e15, has no exponent)". It used to run
 * that search with snprintf and strtod (3-6 of each per value, ~2.5 % of a forecast's CPU); it
 * now derives every %.{p}g text from one digit string, byte for byte the same
 * (tests/unit/test_format_double.c compares it with the snprintf search on millions of values).
 *
 * The digit string holds FMT_DIGITS significant digits of |x|: for 2^-68 <= |x| < 2^63 (every
 * value a forecast prints but extreme ones) computed exactly from the binary mantissa,
 * truncated, with a sticky flag for a nonzero remainder; else printed by %.{FMT_DIGITS-1}e
 * (correctly rounded by glibc; sticky unknown). The p-digit rounding of x follows from the
 * digits past p: above 5000...0 up, below down; exactly 5000...0 with no remainder (or, for
 * printed digits, possibly one either way) is a tie that %.{p-1}e settles. Whether the p-digit
 * decimal D reads back is decided from its distance to x: the rounded-off tail r (in units of
 * the last digit, within 1 of the true distance) against half the gap to the neighbouring
 * double h (more than 5.5e3 such units for a normal x: the gap is at least 2^-53 |x|, the
 * digits at least 10^20 units); only when r lies within 1 unit of h (rare) does strtod decide. */
#define FMT_DIGITS 21
__extension__ typedef unsigned __int128 u128; /* 10^21 > 2^64 */

/* 10^0 .. 10^19, and as doubles (exact) to 10^21 */
static const uint64_t pow10s[20] = {1u,
                                    10u,
                                    100u,
                                    1000u,
                                    10000u,
                                    100000u,
                                    1000000u,
                                    10000000u,
                                    100000000u,
                                    1000000000u,
                                    10000000000u,
                                    100000000000u,
                                    1000000000000u,
                                    10000000000000u,
                                    100000000000000u,
                                    1000000000000000u,
                                    10000000000000000u,
                                    100000000000000000u,
                                    1000000000000000000u,
                                    10000000000000000000u};
static const double pow10d[FMT_DIGITS + 1] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                              1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                              1e16, 1e17, 1e18, 1e19, 1e20, 1e21};

/* Writes the %g text of the decimal 0.d[0]d[1]..d[p-1] * 10^(e10 + 1) (d[0] != '0') with p
 * significant digits, without sign: fixed notation when -4 <= e10 < p, else an exponent of at
 * least two digits; trailing zeros and a bare decimal point dropped. Returns the length. */
static size_t emit_g(char *out, const char *d, int p, int e10)
{
    char *o = out;
    int k = p;
    while (k > 1 && d[k - 1] == '0')
        k--;
    if (e10 >= -4 && e10 < p) {
        if (e10 >= 0) {
            for (int i = 0; i <= e10; i++)
                *o++ = i < k ? d[i] : '0';
            if (k > e10 + 1) {
                *o++ = '.';
                for (int i = e10 + 1; i < k; i++)
                    *o++ = d[i];
            }
        } else {
            *o++ = '0';
            *o++ = '.';
            for (int i = 0; i < -e10 - 1; i++)
                *o++ = '0';
            for (int i = 0; i < k; i++)
                *o++ = d[i];
        }
    } else {
        *o++ = d[0];
        if (k > 1) {
            *o++ = '.';
            for (int i = 1; i < k; i++)
                *o++ = d[i];
        }
        unsigned a = (unsigned)(e10 < 0 ? -e10 : e10);
        *o++ = 'e';
        *o++ = e10 < 0 ? '-' : '+';
        if (a >= 100)
            *o++ = (char)('0' + a / 100);
        *o++ = (char)('0' + a / 10 % 10);
        *o++ = (char)('0' + a % 10);
    }
    *o = '\0';
    return (size_t)(o - out);
}

/* Reads the significant digits and the exponent of a %.*e text (any decimal point character);
 * returns the number of digits stored in d (at most cap). */
static int parse_e(const char *t, char *d, int cap, int *e10)
{
    int nd = 0;
    const char *p = t;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9' && nd < cap)
            d[nd++] = *p;
    *e10 = *p == 'e' ? atoi(p + 1) : 0;
    return nd;
}

/* The first FMT_DIGITS significant digits of ax > 0 into d, truncated, *e10 the decimal exponent
 * of the first, *sticky 1 when digits remain. ax = m 2^q exactly; the integer part (below 2^63)
 * prints as an integer, the fraction (at most 116 bits) digit by digit, times 10 each. Returns 0
 * (nothing written) outside 2^-68 <= ax < 2^63. */
static int exact_digits(double ax, char *d, int *e10, int *sticky)
{
    uint64_t bits;
    memcpy(&bits, &ax, sizeof bits);
    int be = (int)(bits >> 52);
    if (be == 0 || be >= 0x7ff)
        return 0; /* subnormal (or not a positive finite) */
    uint64_t m = (bits & (((uint64_t)1 << 52) - 1)) | ((uint64_t)1 << 52);
    int q = be - 1075;
    if (q > 10 || q < -116)
        return 0;
    int nd = 0, s = q < 0 ? -q : 0;
    uint64_t ip = q >= 0 ? m << q : s >= 64 ? 0 : m >> s;
    if (ip) {
        char rev[20];
        int nr = 0;
        while (ip) {
            rev[nr++] = (char)('0' + ip % 10);
            ip /= 10;
        }
        *e10 = nr - 1; /* nr <= 19 < FMT_DIGITS: all of them fit */
        while (nr)
            d[nd++] = rev[--nr];
    } else {
        *e10 = -1;
    }
    if (s <= 60) { /* the fraction times 10 fits 64 bits */
        uint64_t mask = s ? ((uint64_t)1 << s) - 1 : 0, f = s ? m & mask : 0;
        while (nd < FMT_DIGITS) {
            f *= 10;
            int dig = (int)(f >> s);
            f &= mask;
            if (nd == 0 && dig == 0)
                (*e10)--; /* a leading zero */
            else
                d[nd++] = (char)('0' + dig);
        }
        *sticky = f != 0;
    } else {
        u128 mask = ((u128)1 << s) - 1, f = (u128)m & mask;
        while (nd < FMT_DIGITS) {
            f *= 10;
            int dig = (int)(f >> s);
            f &= mask;
            if (nd == 0 && dig == 0)
                (*e10)--;
            else
                d[nd++] = (char)('0' + dig);
        }
        *sticky = f != 0;
    }
    return 1;
}

/* Copies text into buf of size n the way snprintf would. */
static char *copy_out(char *buf, size_t n, const char *text, size_t len)
{
    if (n == 0)
        return buf;
    if (len >= n)
        len = n - 1;
    memcpy(buf, text, len);
    buf[len] = '\0';
    return buf;
}

/* 17 significant digits always read back; for a text of %e that could not be parsed. */
static char *fallback_17(double x, char *buf, size_t n)
{
    snprintf(buf, n, "%.17g", x);
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
    return buf;
}

char *brink_format_double(double x, char *buf, size_t n)
{
    if (isnan(x)) {
        snprintf(buf, n, "nan");
        return buf;
    }
    if (isinf(x)) {
        snprintf(buf, n, x > 0 ? "inf" : "-inf");
        return buf;
    }
    char text[48];
    char *t = text;
    if (signbit(x))
        *t++ = '-';
    double ax = fabs(x);
    /* An integer below 1e15 (exact, fewer than 16 digits): fewer digits than it has print with an
     * exponent, which a plain number refuses, and all of them print it exactly. */
    if (ax < 1e15 && ax == (double)(int64_t)ax) {
        char rev[20];
        int nr = 0;
        uint64_t v = (uint64_t)ax;
        do {
            rev[nr++] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        while (nr)
            *t++ = rev[--nr];
        return copy_out(buf, n, text, (size_t)(t - text));
    }
    int plain = ax >= 1e-4 && ax < 1e15;
    char d[FMT_DIGITS];
    int e10, sticky = 0;
    if (!exact_digits(ax, d, &e10, &sticky)) {
        char full[64];
        snprintf(full, sizeof full, "%.*e", FMT_DIGITS - 1, ax);
        if (parse_e(full, d, FMT_DIGITS, &e10) != FMT_DIGITS)
            return fallback_17(x, buf, n); /* unreachable: %e prints them all */
    }
    /* tail[i]: the value of digits i.. as an integer (units of the last digit), exact: a rounded
     * double would lose the difference 10^k - tail, which is all that counts. Below 10^19 from
     * i = 2 on; digit 1's tail is taken in 128 bits where needed. */
    uint64_t tail[FMT_DIGITS + 1];
    tail[FMT_DIGITS] = 0;
    for (int i = FMT_DIGITS - 1; i >= 2; i--)
        tail[i] = (uint64_t)(d[i] - '0') * pow10s[FMT_DIGITS - 1 - i] + tail[i + 1];
    double all = (d[0] - '0') * 1e20 + (d[1] - '0') * 1e19 + (double)tail[2]; /* ax / unit */
    /* Half the gaps to the neighbouring doubles in the same units: (gap / 2) / ax * ax / unit,
     * to within 1e-15 relative. Past DBL_MAX the gap continues as below it (a decimal overflows
     * to inf from DBL_MAX + gap / 2). The neighbours of a positive finite double are the next
     * bit patterns. */
    uint64_t bits;
    memcpy(&bits, &ax, sizeof bits);
    double below, above;
    uint64_t bb = bits - 1, ba = bits + 1;
    memcpy(&below, &bb, sizeof below);
    memcpy(&above, &ba, sizeof above);
    double gap_dn = ax - below;
    double gap_up = above - ax;
    if (isinf(gap_up))
        gap_up = gap_dn;
    double h_dn = 0.5 * (gap_dn / ax) * all;
    double h_up = 0.5 * (gap_up / ax) * all;
    const double lo = 1 - 1e-9, hi = 1 + 1e-9; /* relative slack for the doubles above */
    double h_min = h_dn < h_up ? h_dn : h_up, h_max = h_dn < h_up ? h_up : h_dn;
    /* While a unit of digit p + 1 exceeds 2 h_max + 2, a digit p of 1-8 leaves p digits at least
     * that far from x, outside the gap: only 0, 9 and 5 (a tie) need a look. */
    int pfar = 1;
    while (pfar < 17 && pow10d[FMT_DIGITS - 1 - pfar] > 2 * h_max * hi + 2)
        pfar++;
    char r[FMT_DIGITS + 1];
    for (int p = 1; p <= 17; p++) {
        char c = d[p];
        if (p < pfar && c != '0' && c != '9' && c != '5')
            continue;
        const char *digits = d;
        int ex = e10;
        int up, tie = 0;
        if (c != '5')
            up = c > '5';
        else {
            up = sticky;
            for (int i = p + 1; i < FMT_DIGITS && !up; i++)
                up = d[i] != '0';
            tie = !up;
        }
        double dist; /* |D - ax| in units, within 1 */
        if (p >= 2)
            dist = (double)(up ? pow10s[FMT_DIGITS - p] - tail[p] : tail[p]);
        else {
            u128 t1 = (u128)(d[1] - '0') * pow10s[19] + tail[2];
            dist = (double)(up ? (u128)pow10s[19] * 10u - t1 : t1);
        }
        if (tie) {
            /* Rounded either way D lies half a digit from x: when that is beyond a gap for
             * certain, p digits fail whatever the direction; else %e rounds x exactly. */
            if (p < 17 && dist - 1 > h_max * hi)
                continue;
            char te[48];
            snprintf(te, sizeof te, "%.*e", p - 1, ax);
            if (parse_e(te, r, p, &ex) != p)
                break;
            if (plain && ex >= p)
                continue;
            size_t len = emit_g(t, r, p, ex);
            if (p == 17 || strtod(t, NULL) == ax)
                return copy_out(buf, n, text, (size_t)(t - text) + len);
            continue;
        }
        if (up) {
            memcpy(r, d, (size_t)p);
            int i = p - 1;
            while (i >= 0 && r[i] == '9')
                r[i--] = '0';
            if (i >= 0)
                r[i]++;
            else {
                r[0] = '1'; /* 99..9 -> 100..0, one place up */
                ex++;
            }
            digits = r;
        }
        if (plain && ex >= p)
            continue; /* %g would print an exponent */
        if (p < 17) {
            double h = dist < 1 ? h_min : up ? h_up : h_dn;
            if (dist - 1 > h * hi)
                continue; /* certainly outside the gap: reads back as another double */
            if (!(dist + 1 < h * lo)) {
                size_t len = emit_g(t, digits, p, ex); /* too close to call: read it back */
                if (strtod(t, NULL) == ax)
                    return copy_out(buf, n, text, (size_t)(t - text) + len);
                continue;
            }
        }
        /* certainly inside the gap (17 digits always are) */
        size_t len = emit_g(t, digits, p, ex);
        return copy_out(buf, n, text, (size_t)(t - text) + len);
    }
    return fallback_17(x, buf, n); /* unreachable: 17 digits always read back */
}

void brink_strbuf_append_double(brink_strbuf *sb, double x)
{
    char buf[40];
    brink_strbuf_append(sb, brink_format_double(x, buf, sizeof buf));
}
