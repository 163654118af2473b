/* SPDX-License-Identifier: MIT */
/*
 * alloc.c — every allocation of the library goes through these wrappers (after SQLite's
 * sqlite3_malloc), so that tests can make the k-th allocation fail and check that each caller
 * returns BRINK_ENOMEM, leaks nothing and leaves no partial output.
 *
 * The failure counter is the library's one piece of process-wide mutable state. It is atomic, so
 * threaded code stays race-free; it is meant for single-threaded tests, where "the k-th
 * allocation" is well defined.
 */
#include "brink.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_long alloc_count;     /* allocations attempted since the last set_fail_after */
static atomic_long alloc_fail_after; /* <= 0: never fail */

void brink_alloc_set_fail_after(long k)
{
    atomic_store(&alloc_count, 0);
    atomic_store(&alloc_fail_after, k);
}

long brink_alloc_count(void)
{
    return atomic_load(&alloc_count);
}

/* Counts an attempt and says whether it must fail. */
static int should_fail(void)
{
    long n = atomic_fetch_add(&alloc_count, 1) + 1;
    long k = atomic_load(&alloc_fail_after);
    return k > 0 && n >= k;
}

void *brink_malloc(size_t size)
{
    if (should_fail())
        return NULL;
    return malloc(size ? size : 1);
}

void *brink_calloc(size_t nmemb, size_t size)
{
    if (size && nmemb > SIZE_MAX / size)
        return NULL;
    if (should_fail())
        return NULL;
    return calloc(nmemb ? nmemb : 1, size ? size : 1);
}

void *brink_mallocarray(size_t nmemb, size_t size)
{
    if (size && nmemb > SIZE_MAX / size)
        return NULL;
    return brink_malloc(nmemb * size);
}

void *brink_realloc(void *ptr, size_t size)
{
    if (should_fail())
        return NULL;
    return realloc(ptr, size ? size : 1);
}

void *brink_reallocarray(void *ptr, size_t nmemb, size_t size)
{
    if (size && nmemb > SIZE_MAX / size)
        return NULL;
    return brink_realloc(ptr, nmemb * size);
}

void brink_free(void *ptr)
{
    free(ptr);
}

char *brink_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = brink_malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *brink_strdup(const char *s)
{
    return s ? brink_strndup(s, strlen(s)) : NULL;
}
