/* SPDX-License-Identifier: MIT */
/*
 * bytes.h — little-endian encoding of the binary files brink writes (checkpoints, partial
 * aggregates) and a bounds-checked reader for them (internal). Fixed byte order and IEEE-754 bit
 * patterns, so a file written on one machine reads the same on another of either byte order.
 *
 * The reader never reads past its buffer: a read that would sets `bad`, returns zero bytes (NULL
 * or 0), and every later read fails too, so a parser can read a whole record and check once.
 */
#ifndef BRINK_CORE_BYTES_H
#define BRINK_CORE_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Writes x into b, least significant byte first. */
static inline void brink_le_u64(unsigned char b[8], uint64_t x)
{
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(x >> (8 * i));
}

static inline void brink_le_u32(unsigned char b[4], uint32_t x)
{
    for (int i = 0; i < 4; i++)
        b[i] = (unsigned char)(x >> (8 * i));
}

/* The bit pattern of a double, and back. */
static inline uint64_t brink_f64_bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline double brink_f64_from_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* A reader over len bytes at p, from offset off. Initialise as {p, len, off, 0}. */
typedef struct brink_rd {
    const unsigned char *p;
    size_t len, off;
    int bad;
} brink_rd;

/* The next n bytes (borrowed), or NULL (and bad set) when fewer remain. */
static inline const unsigned char *brink_rd_bytes(brink_rd *r, size_t n)
{
    if (r->bad || n > r->len - r->off) {
        r->bad = 1;
        return NULL;
    }
    const unsigned char *b = r->p + r->off;
    r->off += n;
    return b;
}

static inline uint64_t brink_rd_u64(brink_rd *r)
{
    const unsigned char *b = brink_rd_bytes(r, 8);
    uint64_t x = 0;
    for (int i = 0; b && i < 8; i++)
        x |= (uint64_t)b[i] << (8 * i);
    return x;
}

static inline uint32_t brink_rd_u32(brink_rd *r)
{
    const unsigned char *b = brink_rd_bytes(r, 4);
    uint32_t x = 0;
    for (int i = 0; b && i < 4; i++)
        x |= (uint32_t)b[i] << (8 * i);
    return x;
}

static inline double brink_rd_f64(brink_rd *r)
{
    return brink_f64_from_bits(brink_rd_u64(r));
}

#endif
