/* SPDX-License-Identifier: MIT */
/*
 * rng.h — the keyed streams of core/rng.c taken apart (internal): the hash of a stream's tuple
 * (seed, run, k_0, ..., k_{n-1}) up to some of its keys, and the seeding from such a hash with
 * the rest, so that a caller that draws many streams sharing their leading keys (brink_world_rng:
 * mechanism and step) folds those once. The streams are brink_rng_seed_keys's, to the bit: it is
 * built from these. The seeding and the mixes are inline, so that a caller's constant key count
 * folds away.
 */
#ifndef BRINK_CORE_RNG_H
#define BRINK_CORE_RNG_H

#include "brink.h"

/* SplitMix64's increment: 2^64 divided by the golden ratio, made odd. */
#define BRINK_RNG_GAMMA UINT64_C(0x9e3779b97f4a7c15)

/* Domain separation: the seed is scrambled with one constant, the run and the keys with another,
 * so a seed is never hashed the way a key is. The values are arbitrary "nothing up my sleeve"
 * numbers: the first 64 fractional bits of sqrt(2) and sqrt(3). */
#define BRINK_RNG_SEED_DOMAIN UINT64_C(0x6a09e667f3bcc908)
#define BRINK_RNG_KEY_DOMAIN UINT64_C(0xbb67ae8584caa73b)

/* Stafford's Mix13: a bijection of 64-bit words with full avalanche (SplitMix64's output). */
static inline uint64_t brink_rng_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* brink_hash_mix: mix64(h ^ mix64(key ^ KEY_DOMAIN)). Each key is scrambled on its own before it
 * meets h, so keys that differ in one bit (steps t and t+1) move h far apart, and the outer mix
 * makes the fold order matter (mix(mix(h, a), b) != mix(mix(h, b), a) except by chance). */
static inline uint64_t brink_rng_hash_mix(uint64_t h, uint64_t key)
{
    return brink_rng_mix64(h ^ brink_rng_mix64(key ^ BRINK_RNG_KEY_DOMAIN));
}

/* The hash of the tuple (seed, run, keys[0], ..., keys[nkeys - 1]) before its key count is
 * folded in (keys may be NULL when nkeys is 0). Further keys fold in with brink_hash_mix, one at
 * a time, in order. */
uint64_t brink_rng_prefix(uint64_t seed, uint64_t run, const uint64_t *keys, size_t nkeys);

/* Seeds rng for the stream whose tuple is the nprefix keys that `prefix` holds (brink_rng_prefix,
 * then brink_hash_mix) followed by keys[0 .. nkeys) (keys may be NULL when nkeys is 0): the same
 * state as brink_rng_seed_keys with all nprefix + nkeys keys. */
static inline void brink_rng_seed_prefix(brink_rng *rng, uint64_t prefix, size_t nprefix,
                                         const uint64_t *keys, size_t nkeys)
{
    uint64_t h = prefix;
    if (!keys)
        nkeys = 0;
    for (size_t i = 0; i < nkeys; i++)
        h = brink_rng_hash_mix(h, keys[i]);
    h = brink_rng_hash_mix(h, (uint64_t)(nprefix + nkeys));
    /* four consecutive SplitMix64 outputs (brink_splitmix64): never all zero (rng.c) */
    for (int i = 0; i < 4; i++) {
        h += BRINK_RNG_GAMMA;
        rng->s[i] = brink_rng_mix64(h);
    }
}

#endif
