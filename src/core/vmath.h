/* SPDX-License-Identifier: MIT */
/*
 * vmath.h — log, exp and powers of doubles, four at a time, in plain C arithmetic (internal).
 *
 * Why: the expected-utility model's fast path (brink_eu_options.fast_math) raises hundreds of
 * normalised distances to fractional powers every round; a libm pow call costs about 200
 * instructions, these kernels about 15 per lane. They are GNU C vector extensions (four doubles;
 * AVX2 when the caller is compiled for it, two SSE2 halves otherwise) over IEEE additions,
 * multiplications, divisions and integer bit operations only: no FMA (C11 mode does not contract,
 * and no fused operation is written), no table look-ups, no libm. Every lane therefore gets the
 * same bits whatever instruction set the caller was compiled for (eu.c's target_clones), and a
 * scalar call (vmath.c) gives the bits of a lane. They are NOT libm's bits: results differ from
 * log/exp/pow by a few units in the last place (bounds below), which is why only an opt-in path
 * uses them.
 *
 * The algorithms are fdlibm's (Sun Microsystems, 1993; the base of glibc's old and musl's
 * current log and exp): log1p kernel s = f/(2+f) with a degree-14 odd minimax polynomial, exp
 * with the Remez rational form on |t| <= ln2/2. pow(d, r) = exp(r ln d) would lose |r ln d| ulps
 * to the rounding of ln d (700 ulps at d = 1e-300); brink_v_pow_split instead keeps ln d as an
 * exact binary exponent e plus ln m of the mantissa m in [sqrt(1/2), sqrt(2)), splits r e into
 * an integer and a fraction exactly (Veltkamp split of r), and exponentiates only a reduced
 * argument of size <= 0.35 + 0.35 r.
 *
 * Accuracy (tests/unit/test_vmath.c measures it against glibc's libm on random and edge inputs;
 * libm's own error, < 1 ulp, comes on top when comparing with exact values):
 *   brink_v_log    x in [DBL_TRUE_MIN, DBL_MAX]:            <= 2 ulp from log(x)
 *   brink_v_exp    y in [-708, 709] (normal results):        <= 2 ulp from exp(y)
 *   brink_v_pow    d in (0, 1], r in [0.05, 3], result >= DBL_MIN:  <= 4 ulp from pow(d, r)
 *                  (r in (3, 20]: <= 16 ulp, the rounding of ln m scaled by r); a subnormal
 *                  result is within the same number of DBL_MIN's ulps (4.9e-324) plus one;
 *                  d = 0 gives +0, d = 1 gives 1 and r = 1 gives d, exactly as pow does.
 * Domain: arguments finite; log and the split need x > 0; pow needs r > 0 and r <= 1e6 (the exact
 * split of r e needs |r e| < 2^51); outside the domain the value is unspecified (never a trap).
 * Results under the default rounding mode only.
 */
#ifndef BRINK_CORE_VMATH_H
#define BRINK_CORE_VMATH_H

#include <stdint.h>
#include <string.h>

/* Scalar entry points (vmath.c): lane 0 of the vector kernels, so the same bits. Pure and
 * thread-safe. Without GNU C vectors they fall back to libm (log, exp, pow with the same
 * shortcuts). */
double brink_fast_log(double x);           /* ln x, x > 0 */
double brink_fast_exp(double y);           /* e^y */
double brink_fast_pow(double d, double r); /* d^r for d >= 0, r > 0 (see brink_v_pow) */

#if defined(__GNUC__)
#define BRINK_VMATH_VECTORS 1

/* No function here takes or returns a vector by value: arguments come by pointer (const for
 * inputs) and results go out through pointers, and the smallest helpers are macros. Clang
 * rejects a by-value 32-byte vector passed to or from a function from code not compiled for AVX
 * (the baseline clone), even one that is always inlined; GCC only warns. The functions are
 * always inlined, so a caller compiled for AVX2 runs them with AVX2 and the pointers vanish. */
#define BRINK_VMATH_INLINE_ static inline __attribute__((always_inline))

/* Four doubles, and lane masks of the same width (all ones = true, as vector comparisons give). */
typedef double brink_vd4 __attribute__((vector_size(4 * sizeof(double))));
typedef long long brink_vm4 __attribute__((vector_size(4 * sizeof(double))));
typedef unsigned long long brink_vu4 __attribute__((vector_size(4 * sizeof(double))));

/* x in every lane (x is evaluated four times: pass a plain value). */
#define BRINK_VD4_SPLAT(x) ((brink_vd4){(x), (x), (x), (x)})

/* a where mask is true, b elsewhere (vector expressions without side effects). */
#define BRINK_VD4_SELECT(mask, a, b)                                                               \
    ((brink_vd4)(((brink_vm4)(a) & (mask)) | ((brink_vm4)(b) & ~(mask))))

/* *v = four doubles from p (any alignment). */
BRINK_VMATH_INLINE_ void brink_vd4_load(brink_vd4 *v, const double *p)
{
    memcpy(v, p, sizeof *v);
}

/* Stores the four doubles of *v at p (any alignment). */
BRINK_VMATH_INLINE_ void brink_vd4_store(double *p, const brink_vd4 *v)
{
    memcpy(p, v, sizeof *v);
}

/* 1.5 * 2^52: adding it to |x| < 2^51 rounds x to an integer (to nearest, ties to even) held in
 * the low bits of the sum's pattern. */
#define BRINK_VMATH_ROUNDER_ 6755399441055744.0
#define BRINK_VMATH_ROUNDER_BITS_ 0x4338000000000000LL

/* x rounded to the nearest integer (ties to even), as doubles; |x| < 2^51. */
#define BRINK_V_ROUND_(x)                                                                          \
    (((x) + BRINK_VD4_SPLAT(BRINK_VMATH_ROUNDER_)) - BRINK_VD4_SPLAT(BRINK_VMATH_ROUNDER_))

/* Integer-valued doubles (|x| < 2^51) as 64-bit integers. */
#define BRINK_V_TO_INT_(x)                                                                         \
    ((brink_vm4)((x) + BRINK_VD4_SPLAT(BRINK_VMATH_ROUNDER_)) -                                    \
     (brink_vm4){BRINK_VMATH_ROUNDER_BITS_, BRINK_VMATH_ROUNDER_BITS_, BRINK_VMATH_ROUNDER_BITS_,  \
                 BRINK_VMATH_ROUNDER_BITS_})

/* 64-bit integers (|k| < 2^51) as doubles. */
#define BRINK_V_FROM_INT_(k)                                                                       \
    ((brink_vd4)((k) + (brink_vm4){BRINK_VMATH_ROUNDER_BITS_, BRINK_VMATH_ROUNDER_BITS_,           \
                                   BRINK_VMATH_ROUNDER_BITS_, BRINK_VMATH_ROUNDER_BITS_}) -        \
     BRINK_VD4_SPLAT(BRINK_VMATH_ROUNDER_))

/* fdlibm's ln 2 in two parts: HI has 32 trailing zero bits, so HI times an integer of up to 20
 * bits is exact. */
#define BRINK_VMATH_LN2_HI_ 6.93147180369123816490e-01
#define BRINK_VMATH_LN2_LO_ 1.90821492927058770002e-10
#define BRINK_VMATH_LN2_ 0.69314718055994530942
#define BRINK_VMATH_INV_LN2_ 1.44269504088896338700e+00

/* Splits *xp > 0 (subnormals too) into x = 2^e (1 + f) with 1 + f in [sqrt(1/2), sqrt(2)):
 * writes e (an integer-valued double) and f (exact: Sterbenz). */
BRINK_VMATH_INLINE_ void brink_v_frexp_(const brink_vd4 *xp, brink_vd4 *e, brink_vd4 *f)
{
    brink_vd4 x = *xp;
    const brink_vm4 sub = x < BRINK_VD4_SPLAT(0x1p-1022);
    x = BRINK_VD4_SELECT(sub, x * BRINK_VD4_SPLAT(0x1p54), x);
    brink_vm4 bits = (brink_vm4)x;
    /* x > 0: a logical shift of the pattern gives the biased exponent (AVX2 has no 64-bit
     * arithmetic shift; a signed >> would be done lane by lane) */
    brink_vm4 k = (brink_vm4)((brink_vu4)bits >> 52) - 1023;
    k -= sub & (brink_vm4){54, 54, 54, 54}; /* undo the scaling of subnormals */
    const brink_vm4 frac_mask = {0x000fffffffffffffLL, 0x000fffffffffffffLL, 0x000fffffffffffffLL,
                                 0x000fffffffffffffLL};
    const brink_vm4 one_bits = {0x3ff0000000000000LL, 0x3ff0000000000000LL, 0x3ff0000000000000LL,
                                0x3ff0000000000000LL};
    brink_vd4 m = (brink_vd4)((bits & frac_mask) | one_bits); /* in [1, 2) */
    const brink_vm4 big = m > BRINK_VD4_SPLAT(1.4142135623730951);
    m = BRINK_VD4_SELECT(big, m * BRINK_VD4_SPLAT(0.5), m);
    k -= big; /* big is -1 where true */
    *e = BRINK_V_FROM_INT_(k);
    *f = m - BRINK_VD4_SPLAT(1.0);
}

/* fdlibm's log kernel for 1 + f in [sqrt(1/2), sqrt(2)): s = f / (2 + f), hfsq = f^2 / 2 and
 * the polynomial part R, so that ln(1 + f) = f - (hfsq - s (hfsq + R)). */
BRINK_VMATH_INLINE_ void brink_v_log_kernel_(const brink_vd4 *fp, brink_vd4 *s, brink_vd4 *hfsq,
                                             brink_vd4 *R)
{
    const brink_vd4 lg1 = BRINK_VD4_SPLAT(6.666666666666735130e-01);
    const brink_vd4 lg2 = BRINK_VD4_SPLAT(3.999999999940941908e-01);
    const brink_vd4 lg3 = BRINK_VD4_SPLAT(2.857142874366239149e-01);
    const brink_vd4 lg4 = BRINK_VD4_SPLAT(2.222219843214978396e-01);
    const brink_vd4 lg5 = BRINK_VD4_SPLAT(1.818357216161805012e-01);
    const brink_vd4 lg6 = BRINK_VD4_SPLAT(1.531383769920937332e-01);
    const brink_vd4 lg7 = BRINK_VD4_SPLAT(1.479819860511658591e-01);
    brink_vd4 f = *fp;
    brink_vd4 sv = f / (BRINK_VD4_SPLAT(2.0) + f);
    brink_vd4 z = sv * sv;
    brink_vd4 w = z * z;
    brink_vd4 t1 = w * (lg2 + w * (lg4 + w * lg6));
    brink_vd4 t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)));
    *s = sv;
    *R = t2 + t1;
    *hfsq = BRINK_VD4_SPLAT(0.5) * f * f;
}

/* *out = ln x for finite x > 0 (subnormals too), four at a time; <= 2 ulp (see the header). */
BRINK_VMATH_INLINE_ void brink_v_log(brink_vd4 *out, const brink_vd4 *x)
{
    brink_vd4 e, f, s, hfsq, R;
    brink_v_frexp_(x, &e, &f);
    brink_v_log_kernel_(&f, &s, &hfsq, &R);
    /* fdlibm: dk ln2_hi - ((hfsq - (s (hfsq + R) + dk ln2_lo)) - f) */
    *out = e * BRINK_VD4_SPLAT(BRINK_VMATH_LN2_HI_) -
           ((hfsq - (s * (hfsq + R) + e * BRINK_VD4_SPLAT(BRINK_VMATH_LN2_LO_))) - f);
}

/* The split logarithm of x > 0 that brink_v_pow_split raises: x = 2^e m with m in
 * [sqrt(1/2), sqrt(2)); writes e (exact, an integer-valued double) and lm = ln m (<= 1 ulp,
 * |lm| <= 0.35). Symmetric uses (the same base raised to several exponents) compute it once. */
BRINK_VMATH_INLINE_ void brink_v_log_split(const brink_vd4 *x, brink_vd4 *e, brink_vd4 *lm)
{
    brink_vd4 f, s, hfsq, R;
    brink_v_frexp_(x, e, &f);
    brink_v_log_kernel_(&f, &s, &hfsq, &R);
    *lm = f - (hfsq - s * (hfsq + R));
}

/* *out = e^y 2^scale for finite y and an integer-valued scale, small enough that y / ln2 + scale
 * stays within +-2^50 (fdlibm's exp kernel; two power-of-two factors so that results down to the
 * subnormals and up to the overflow come out right). */
BRINK_VMATH_INLINE_ void brink_v_exp_scaled_(brink_vd4 *out, const brink_vd4 *yp,
                                             const brink_vd4 *scale)
{
    const brink_vd4 p1 = BRINK_VD4_SPLAT(1.66666666666666019037e-01);
    const brink_vd4 p2 = BRINK_VD4_SPLAT(-2.77777777770155933842e-03);
    const brink_vd4 p3 = BRINK_VD4_SPLAT(6.61375632143793436117e-05);
    const brink_vd4 p4 = BRINK_VD4_SPLAT(-1.65339022054652515390e-06);
    const brink_vd4 p5 = BRINK_VD4_SPLAT(4.13813679705723846039e-08);
    /* beyond these e^y is 0 or +inf in double anyway; the clamp keeps k small */
    const brink_vd4 ylo = BRINK_VD4_SPLAT(-1500.0), yhi = BRINK_VD4_SPLAT(1500.0);
    brink_vd4 y = *yp;
    y = BRINK_VD4_SELECT(y < ylo, ylo, y);
    y = BRINK_VD4_SELECT(y > yhi, yhi, y);
    brink_vd4 k = BRINK_V_ROUND_(y * BRINK_VD4_SPLAT(BRINK_VMATH_INV_LN2_));
    brink_vd4 hi = y - k * BRINK_VD4_SPLAT(BRINK_VMATH_LN2_HI_); /* exact */
    brink_vd4 lo = k * BRINK_VD4_SPLAT(BRINK_VMATH_LN2_LO_);
    brink_vd4 t = hi - lo;
    brink_vd4 t2 = t * t;
    brink_vd4 c = t - t2 * (p1 + t2 * (p2 + t2 * (p3 + t2 * (p4 + t2 * p5))));
    const brink_vd4 one = BRINK_VD4_SPLAT(1.0), two = BRINK_VD4_SPLAT(2.0);
    brink_vd4 p = one - ((lo - (t * c) / (two - c)) - hi); /* e^t, in [0.7, 1.42] */
    /* 2^(k + scale) as 2^e1 2^e2, each a normal double: the clamp to [-2044, 2046] only moves
     * exponents whose result is 0 or +inf either way. */
    brink_vd4 ek = k + *scale;
    const brink_vd4 elo = BRINK_VD4_SPLAT(-2044.0), ehi = BRINK_VD4_SPLAT(2046.0);
    ek = BRINK_VD4_SELECT(ek < elo, elo, ek);
    ek = BRINK_VD4_SELECT(ek > ehi, ehi, ek);
    /* e1 = floor(ek / 2) without a 64-bit arithmetic shift (AVX2 has none): ek / 2 - 1/4 rounded
     * to nearest is exact for integers */
    brink_vd4 e1 = BRINK_V_ROUND_(ek * BRINK_VD4_SPLAT(0.5) - BRINK_VD4_SPLAT(0.25));
    brink_vd4 e2 = ek - e1;
    const brink_vu4 bias = {1023, 1023, 1023, 1023};
    brink_vd4 s1 = (brink_vd4)(((brink_vu4)BRINK_V_TO_INT_(e1) + bias) << 52);
    brink_vd4 s2 = (brink_vd4)(((brink_vu4)BRINK_V_TO_INT_(e2) + bias) << 52);
    *out = (p * s1) * s2;
}

/* *out = e^y for finite y, four at a time; <= 2 ulp for normal results (see the header). */
BRINK_VMATH_INLINE_ void brink_v_exp(brink_vd4 *out, const brink_vd4 *y)
{
    const brink_vd4 zero = BRINK_VD4_SPLAT(0.0);
    brink_v_exp_scaled_(out, y, &zero);
}

/* *out = (2^e e^lm)^r from a split logarithm (brink_v_log_split) and r in (0, 1e6]: the power
 * without the shortcuts of brink_v_pow. r e is split exactly into an integer n and a fraction
 * (r = rh + rl with rh of 26 bits, so rh e and rl e are exact products), and only
 * (r e - n) ln2 + r lm, of size <= 0.35 + 0.35 r, goes through the exponential: the error
 * stays a few ulp however small the base. */
BRINK_VMATH_INLINE_ void brink_v_pow_split(brink_vd4 *out, const brink_vd4 *e, const brink_vd4 *lm,
                                           const brink_vd4 *rp)
{
    brink_vd4 r = *rp;
    brink_vd4 c = r * BRINK_VD4_SPLAT(134217729.0); /* 2^27 + 1 */
    brink_vd4 rh = c - (c - r);
    brink_vd4 rl = r - rh;
    brink_vd4 p = rh * *e;              /* exact */
    brink_vd4 n = BRINK_V_ROUND_(p);    /* |p| < 2^51 */
    brink_vd4 frac = (p - n) + rl * *e; /* p - n and rl e exact */
    brink_vd4 y = frac * BRINK_VD4_SPLAT(BRINK_VMATH_LN2_) + r * *lm;
    brink_v_exp_scaled_(out, &y, &n);
}

/* *out = brink_v_pow(d, r) given the split logarithm (e, lm) of d computed beforehand
 * (brink_v_log_split of d where d > 0; anything finite where d = 0): the same bits. For bases
 * raised to several exponents. */
BRINK_VMATH_INLINE_ void brink_v_pow_split_base(brink_vd4 *out, const brink_vd4 *dp,
                                                const brink_vd4 *e, const brink_vd4 *lm,
                                                const brink_vd4 *rp)
{
    const brink_vd4 zero = BRINK_VD4_SPLAT(0.0), one = BRINK_VD4_SPLAT(1.0);
    brink_vd4 d = *dp, r = *rp, v;
    brink_v_pow_split(&v, e, lm, rp);
    v = BRINK_VD4_SELECT(d == zero, zero, v);
    v = BRINK_VD4_SELECT(d == one, one, v);
    *out = BRINK_VD4_SELECT(r == one, d, v);
}

/* *out = d^r for finite d >= 0 and r in (0, 1e6], four at a time, with pow's exact shortcuts:
 * d = 0 gives +0, d = 1 gives 1, r = 1 gives d. <= 4 ulp from pow for d in (0, 1] and r <= 3
 * (see the header). */
BRINK_VMATH_INLINE_ void brink_v_pow(brink_vd4 *out, const brink_vd4 *d, const brink_vd4 *r)
{
    brink_vd4 e, lm;
    const brink_vd4 zero = BRINK_VD4_SPLAT(0.0), one = BRINK_VD4_SPLAT(1.0);
    brink_vd4 base = BRINK_VD4_SELECT(*d > zero, *d, one);
    brink_v_log_split(&base, &e, &lm);
    brink_v_pow_split_base(out, d, &e, &lm, r);
}

#endif /* __GNUC__ */

#endif /* BRINK_CORE_VMATH_H */
