/* SPDX-License-Identifier: MIT */
/*
 * fminmax.h — inline fmax/fmin that return exactly what glibc's x86-64 libm returns (internal).
 *
 * Why: without -ffast-math gcc does not inline fmax/fmin on x86-64 (the C semantics for NaN
 * differ from MAXSD/MINSD), so every call goes out of line to libm; the mechanisms call them
 * millions of times a forecast inside decisions' projections. Results must stay byte-identical to
 * the libm calls they replace (forecasts are reproducible to the byte), so these reproduce
 * glibc 2.36's sysdeps/x86_64/fpu/s_fmax.S and s_fmin.S case for case, not merely C's fmax:
 *
 *   - neither argument NaN: MAXSD/MINSD of (x, y): x when x > y (x < y for fmin), else y. So
 *     fmax(+0, -0) = -0 and fmax(-0, +0) = +0 (the second argument wins a tie), and likewise
 *     for fmin; C allows either zero, glibc returns these.
 *   - exactly one NaN, and it is quiet: the other argument.
 *   - both NaN, or a signalling NaN: ADDSD x, y, i.e. x quieted when x is a NaN, else y quieted.
 *
 * tests/unit/test_fminmax.c checks these against libm over special values (zeros of both signs,
 * infinities, quiet and signalling NaNs with payloads and signs, subnormals) and random bit
 * patterns, bit for bit.
 */
#ifndef BRINK_CORE_FMINMAX_H
#define BRINK_CORE_FMINMAX_H

#include <math.h>
#include <stdint.h>
#include <string.h>

/* The unordered branch is cold: hint it to compilers that take hints. */
#if defined(__GNUC__)
#define BRINK_FMM_UNLIKELY_(c) __builtin_expect(!!(c), 0)
#else
#define BRINK_FMM_UNLIKELY_(c) (c)
#endif

/* The bit pattern of x, and back. */
static inline uint64_t brink_fmm_bits_(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline double brink_fmm_double_(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* The quiet bit of a NaN (the top bit of the significand): clear in a signalling NaN. */
#define BRINK_FMM_QUIET_ ((uint64_t)1 << 51)

/* The unordered cases shared by brink_fmax and brink_fmin (at least one of x, y is NaN). glibc
 * returns the number beside a quiet NaN, and otherwise ADDSD x, y, whose result is x quieted when
 * x is a NaN, else y quieted. Done on the bits: the compiler may swap the operands of x + y. */
static inline double brink_fminmax_nan_(double x, double y)
{
    uint64_t ux = brink_fmm_bits_(x), uy = brink_fmm_bits_(y);
    if (!isnan(y) && (ux & BRINK_FMM_QUIET_))
        return y;
    if (!isnan(x) && (uy & BRINK_FMM_QUIET_))
        return x;
    return brink_fmm_double_((isnan(x) ? ux : uy) | BRINK_FMM_QUIET_);
}

/* fmax(x, y) exactly as glibc 2.36 on x86-64 computes it (see the file comment). Pure. */
static inline double brink_fmax(double x, double y)
{
    if (BRINK_FMM_UNLIKELY_(isunordered(x, y)))
        return brink_fminmax_nan_(x, y);
    return x > y ? x : y;
}

/* fmin(x, y) exactly as glibc 2.36 on x86-64 computes it (see the file comment). Pure. */
static inline double brink_fmin(double x, double y)
{
    if (BRINK_FMM_UNLIKELY_(isunordered(x, y)))
        return brink_fminmax_nan_(x, y);
    return x < y ? x : y;
}

#endif
