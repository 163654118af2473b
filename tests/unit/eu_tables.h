/* SPDX-License-Identifier: MIT */
/*
 * eu_tables.h — shared by the unit tests of the expected-utility model (test_bargain_eu.c,
 * test_bargain_eu_fast.c): random tables of actors, and workspaces.
 */
#ifndef BRINK_TEST_EU_TABLES_H
#define BRINK_TEST_EU_TABLES_H

#include "bargain/eu.h"
#include "brink.h"

#include <stddef.h>
#include <stdlib.h>

/* A random table of n actors: capabilities in [0.1, 10), positions on [0, 100) (a tenth of them
 * at an earlier actor's position), saliences in [0.05, 1] with 40 % of them in [0.7, 1] (the
 * movers no proposer can tempt). */
static inline void eu_random_table(brink_eu_actor *a, size_t n, brink_rng *rng)
{
    for (size_t i = 0; i < n; i++) {
        a[i].name = NULL;
        a[i].capability = 0.1 + 9.9 * brink_rng_uniform01(rng);
        a[i].position = i > 0 && brink_rng_uniform01(rng) < 0.1
                            ? a[(size_t)(brink_rng_uniform01(rng) * (double)i)].position
                            : 100.0 * brink_rng_uniform01(rng);
        a[i].salience = brink_rng_uniform01(rng) < 0.4 ? 0.7 + 0.3 * brink_rng_uniform01(rng)
                                                       : 0.05 + 0.95 * brink_rng_uniform01(rng);
    }
}

/* A workspace for runs of up to max_n actors and max_rounds rounds in a block of its own, whose
 * address goes to *mem (free it when done): NULL, and *mem NULL, when the sizes are refused or
 * memory runs out. */
static inline brink_eu_workspace *eu_test_workspace(size_t max_n, int max_rounds, void **mem)
{
    size_t bytes = brink_eu_workspace_size(max_n, max_rounds);
    *mem = bytes ? malloc(bytes) : NULL;
    brink_eu_workspace *ws = *mem ? brink_eu_workspace_init(*mem, bytes, max_n, max_rounds) : NULL;
    if (!ws) {
        free(*mem);
        *mem = NULL;
    }
    return ws;
}

#endif
