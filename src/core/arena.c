/* SPDX-License-Identifier: MIT */
/*
 * arena.c — bump allocation in chunks. Invariant: head->used <= head->size, and every returned
 * pointer is aligned to max_align_t.
 */
#include "core/arena.h"

#include "brink.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

struct brink_arena_chunk {
    brink_arena_chunk *next;
    size_t size; /* bytes usable in data */
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

#define ARENA_ALIGN (alignof(max_align_t))

void brink_arena_init(brink_arena *a, size_t chunk_size)
{
    a->head = NULL;
    a->chunk_size = chunk_size ? chunk_size : (size_t)64 * 1024;
}

void *brink_arena_alloc(brink_arena *a, size_t size)
{
    if (size > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    size_t need = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
    if (need == 0)
        need = ARENA_ALIGN;
    brink_arena_chunk *c = a->head;
    if (!c || c->size - c->used < need) {
        size_t csize = need > a->chunk_size ? need : a->chunk_size;
        if (csize > SIZE_MAX - sizeof *c)
            return NULL;
        c = brink_malloc(sizeof *c + csize);
        if (!c)
            return NULL;
        c->size = csize;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += need;
    memset(p, 0, size);
    return p;
}

void *brink_arena_array(brink_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return brink_arena_alloc(a, n * size);
}

char *brink_arena_strndup(brink_arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *p = brink_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *brink_arena_strdup(brink_arena *a, const char *s)
{
    return brink_arena_strndup(a, s, strlen(s));
}

void brink_arena_free(brink_arena *a)
{
    brink_arena_chunk *c = a->head;
    while (c) {
        brink_arena_chunk *next = c->next;
        brink_free(c);
        c = next;
    }
    a->head = NULL;
}
