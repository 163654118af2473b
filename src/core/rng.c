/* SPDX-License-Identifier: MIT */
/*
 * rng.c — the random streams every run draws from. The generator is xoshiro256** (D. Blackman and
 * S. Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 47(4), 2021; preprint
 * 2018): 256 bits of state, period 2^256 - 1, a jump of 2^128 steps. Seeds are expanded with
 * SplitMix64 (G. Steele, D. Lea and C. Flood, "Fast splittable pseudorandom number generators",
 * OOPSLA 2014), as the xoshiro authors recommend.
 *
 * Streams. A stream is named by a tuple (seed, run, k_0, ..., k_{n-1}). The tuple is folded into
 * one 64-bit value h with a bijective 64-bit finaliser (the "Mix13" variant of MurmurHash3's
 * fmix64 found by D. Stafford, which is also SplitMix64's output function); h then seeds
 * SplitMix64, whose first four outputs are the four state words. The run's root stream is the tuple
 * with no keys, so brink_rng_seed(r, s, n) and brink_rng_seed_keys(r, s, n, NULL, 0) agree. The key
 * count is folded in last, so (a) and (a, 0) name different streams.
 *
 * Invariant: the state is never all zero (the one state xoshiro cannot leave). The four state
 * words are mix(x + g), mix(x + 2g), mix(x + 3g), mix(x + 4g) for SplitMix64's odd increment g;
 * those four inputs are distinct modulo 2^64 and mix is a bijection, so at most one word is zero.
 *
 * Owns nothing; a brink_rng is 32 bytes of plain data, copied to fork. No global state.
 */
#include "brink.h"
#include "core/rng.h"

/* SplitMix64's increment, the domains and Stafford's mix are in core/rng.h (BRINK_RNG_GAMMA,
 * BRINK_RNG_SEED_DOMAIN, BRINK_RNG_KEY_DOMAIN, brink_rng_mix64). */
#define GOLDEN_GAMMA BRINK_RNG_GAMMA
#define SEED_DOMAIN BRINK_RNG_SEED_DOMAIN
#define KEY_DOMAIN BRINK_RNG_KEY_DOMAIN

/* FNV-1a 64-bit parameters (Fowler, Noll and Vo; IETF draft-eastlake-fnv). */
#define FNV_OFFSET UINT64_C(14695981039346656037)
#define FNV_PRIME UINT64_C(1099511628211)

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t mix64(uint64_t z)
{
    return brink_rng_mix64(z);
}

uint64_t brink_splitmix64(uint64_t *state)
{
    *state += GOLDEN_GAMMA;
    return mix64(*state);
}

uint64_t brink_hash_str(const char *s)
{
    uint64_t h = FNV_OFFSET;
    if (!s)
        return h;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= FNV_PRIME;
    }
    return h;
}

static inline uint64_t hash_mix(uint64_t h, uint64_t key)
{
    return brink_rng_hash_mix(h, key);
}

uint64_t brink_hash_mix(uint64_t h, uint64_t key)
{
    return hash_mix(h, key);
}

uint64_t brink_rng_prefix(uint64_t seed, uint64_t run, const uint64_t *keys, size_t nkeys)
{
    uint64_t h = mix64(seed ^ SEED_DOMAIN);
    h = hash_mix(h, run);
    for (size_t i = 0; keys && i < nkeys; i++)
        h = hash_mix(h, keys[i]);
    return h;
}

void brink_rng_seed_keys(brink_rng *rng, uint64_t seed, uint64_t run, const uint64_t *keys,
                         size_t nkeys)
{
    if (!keys)
        nkeys = 0; /* the tuple (seed, run): its key count is 0 */
    brink_rng_seed_prefix(rng, brink_rng_prefix(seed, run, keys, nkeys), nkeys, NULL, 0);
}

void brink_rng_seed(brink_rng *rng, uint64_t seed, uint64_t run)
{
    brink_rng_seed_keys(rng, seed, run, NULL, 0);
}

uint64_t brink_rng_next(brink_rng *rng)
{
    uint64_t *s = rng->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double brink_rng_uniform01(brink_rng *rng)
{
    /* The top 53 bits (the low bits of xoshiro256** are as good, but the top ones are customary)
     * times 2^-53: every multiple of 2^-53 in [0, 1) equally likely. */
    return (double)(brink_rng_next(rng) >> 11) * 0x1.0p-53;
}

/* The full 128-bit product of two 64-bit words, portably (C11 has no 128-bit integer). */
static void mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
    const uint64_t mask = UINT64_C(0xffffffff);
    uint64_t a_lo = a & mask, a_hi = a >> 32, b_lo = b & mask, b_hi = b >> 32;
    uint64_t p0 = a_lo * b_lo, p1 = a_lo * b_hi, p2 = a_hi * b_lo, p3 = a_hi * b_hi;
    uint64_t mid = (p0 >> 32) + (p1 & mask) + (p2 & mask); /* < 3 * 2^32: no overflow */
    *lo = (mid << 32) | (p0 & mask);
    *hi = p3 + (p1 >> 32) + (p2 >> 32) + (mid >> 32);
}

/* D. Lemire, "Fast random integer generation in an interval", ACM TOMS 29(1), 2019: x*n / 2^64
 * maps a 64-bit x onto [0, n); the products whose low word falls below 2^64 mod n are the excess
 * that would bias the result, and are redrawn. The division happens at most once per call and
 * only when the low word is below n. */
uint64_t brink_rng_below(brink_rng *rng, uint64_t n)
{
    if (n == 0)
        return 0;
    uint64_t hi, lo;
    mul64(brink_rng_next(rng), n, &hi, &lo);
    if (lo < n) {
        const uint64_t threshold = (0 - n) % n; /* 2^64 mod n */
        while (lo < threshold)
            mul64(brink_rng_next(rng), n, &hi, &lo);
    }
    return hi;
}

/* The jump polynomial x^(2^128) modulo the characteristic polynomial of xoshiro256's linear
 * engine, from the reference implementation; the state after the jump is that polynomial applied
 * to the transition matrix, evaluated as a GF(2) sum of successive states. */
void brink_rng_jump(brink_rng *rng)
{
    static const uint64_t jump[4] = {UINT64_C(0x180ec6d33cfd0aba), UINT64_C(0xd5a61266f0c9392c),
                                     UINT64_C(0xa9582618e03fc9aa), UINT64_C(0x39abdc4529b1661c)};
    uint64_t acc[4] = {0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        for (int b = 0; b < 64; b++) {
            if (jump[i] & (UINT64_C(1) << b)) {
                for (int j = 0; j < 4; j++)
                    acc[j] ^= rng->s[j];
            }
            (void)brink_rng_next(rng);
        }
    }
    for (int j = 0; j < 4; j++)
        rng->s[j] = acc[j];
}
