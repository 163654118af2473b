/* SPDX-License-Identifier: MIT */
/*
 * agg_bytes.h — shared by the unit tests of the ensemble and of partials: an aggregate saved
 * into a growable buffer, so two aggregates can be compared byte for byte. Include after cmocka.
 */
#ifndef BRINK_TEST_AGG_BYTES_H
#define BRINK_TEST_AGG_BYTES_H

#include "sim/ensemble.h"

#include <stdlib.h>
#include <string.h>

typedef struct bytes {
    unsigned char *p;
    size_t len, cap;
} bytes;

/* A brink_aggregate_save writer appending to a bytes buffer (ctx). */
static int bytes_write(void *ctx, const void *p, size_t n)
{
    bytes *b = ctx;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + n)
            cap *= 2;
        unsigned char *q = realloc(b->p, cap);
        if (!q)
            return -1;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
    return 0;
}

/* The saved bytes of a (the caller frees .p); the save must succeed. */
static bytes save(const brink_aggregate *a)
{
    bytes b = {0};
    brink_error err;
    assert_int_equal(brink_aggregate_save(a, bytes_write, &b, &err), BRINK_OK);
    return b;
}

#endif
