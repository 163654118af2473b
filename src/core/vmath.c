/* SPDX-License-Identifier: MIT */
/*
 * vmath.c — scalar entry points of the vector kernels in vmath.h: each broadcasts its argument,
 * runs the four-lane kernel and returns lane 0, so a scalar call and a lane of a vector call give
 * the same bits (the expected-utility model's fast path mixes the two).
 */
#include "core/vmath.h"

#include <math.h>

#if defined(BRINK_VMATH_VECTORS)

double brink_fast_log(double x)
{
    brink_vd4 v = BRINK_VD4_SPLAT(x), out;
    brink_v_log(&out, &v);
    return out[0];
}

double brink_fast_exp(double y)
{
    brink_vd4 v = BRINK_VD4_SPLAT(y), out;
    brink_v_exp(&out, &v);
    return out[0];
}

double brink_fast_pow(double d, double r)
{
    /* the kernel's shortcuts, without running it (the same bits) */
    if (d == 0.0)
        return 0.0;
    if (d == 1.0 || r == 1.0)
        return d;
    brink_vd4 vd = BRINK_VD4_SPLAT(d), vr = BRINK_VD4_SPLAT(r), out;
    brink_v_pow(&out, &vd, &vr);
    return out[0];
}

#else /* no GNU C vectors: libm, with brink_v_pow's shortcuts */

double brink_fast_log(double x)
{
    return log(x);
}

double brink_fast_exp(double y)
{
    return exp(y);
}

double brink_fast_pow(double d, double r)
{
    if (d == 0.0)
        return 0.0;
    if (d == 1.0)
        return 1.0;
    if (r == 1.0)
        return d;
    return pow(d, r);
}

#endif
