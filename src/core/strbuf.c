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

/* The decimal point printf writes depends on LC_NUMERIC; the library never changes the locale,
 * but a host program may have. Replace whatever single character stands in for '.' . */
static void fix_decimal_point(char *buf)
{
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
}

/* Prints x with prec significant digits into buf; 1 when the text reads back to x (and, for a
 * plain number, has no exponent). */
static int format_reads_back(double x, int prec, int plain, char *buf, size_t n)
{
    snprintf(buf, n, "%.*g", prec, x);
    fix_decimal_point(buf);
    return strtod(buf, NULL) == x && (!plain || !strchr(buf, 'e'));
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
    /* Shortest precision that round-trips (at most 17 significant digits); between 1e-4 and
     * 1e15 a few more digits are spent to avoid exponent notation ("10", not "1e+01").
     * Precisions 1-15 are searched by bisection: the test is monotone there (if p digits read
     * back to x, x lies within half an ulp of a p-digit decimal, closer than half a unit of the
     * (p+1)th digit for p <= 14, so p + 1 digits print that same decimal; and %g drops the
     * exponent of a plain number once p exceeds its decimal exponent); when 15 does not read
     * back, neither does any fewer, and 16 and 17 are tried in turn (there half an ulp can
     * exceed half a unit of the last digit). The text is the one the
     * linear search from 1 gives (tests/unit/test_strbuf.c checks it on random bits). */
    double ax = fabs(x);
    int plain = ax == 0 || (ax >= 1e-4 && ax < 1e15);
    if (!format_reads_back(x, 15, plain, buf, n)) { /* most computed values need 16 or 17 */
        if (!format_reads_back(x, 16, plain, buf, n))
            format_reads_back(x, 17, plain, buf, n);
        return buf;
    }
    int lo = 1, hi = 15; /* the answer is in [lo, hi] */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (format_reads_back(x, mid, plain, buf, n))
            hi = mid;
        else
            lo = mid + 1;
    }
    format_reads_back(x, lo, plain, buf, n);
    return buf;
}

void brink_strbuf_append_double(brink_strbuf *sb, double x)
{
    char buf[40];
    brink_strbuf_append(sb, brink_format_double(x, buf, sizeof buf));
}
