/* SPDX-License-Identifier: MIT */
/*
 * arena.h — a bump allocator (internal to the library). A loaded scenario keeps all its strings
 * and arrays in one arena and frees them at once; a run will keep its per-run state in one, reset
 * between runs, so the step loop never calls malloc. Chunks come from brink_malloc, so the
 * allocation-failure hook reaches arena users too. Not thread-safe: one arena per owner.
 */
#ifndef BRINK_CORE_ARENA_H
#define BRINK_CORE_ARENA_H

#include <stddef.h>

typedef struct brink_arena_chunk brink_arena_chunk;

typedef struct brink_arena {
    brink_arena_chunk *head; /* most recent chunk first */
    size_t chunk_size;       /* default size of a new chunk */
} brink_arena;

/* Initialises an empty arena whose chunks are at least chunk_size bytes (0: 64 KiB). */
void brink_arena_init(brink_arena *a, size_t chunk_size);
/* Returns size bytes aligned for any type, zero-filled, or NULL when memory runs out or
 * size overflows. Freed only by brink_arena_free. */
void *brink_arena_alloc(brink_arena *a, size_t size);
/* As brink_arena_alloc for an array, with an overflow check on n * size. */
void *brink_arena_array(brink_arena *a, size_t n, size_t size);
/* Returns a copy of the first n bytes of s, NUL-terminated, or NULL. */
char *brink_arena_strndup(brink_arena *a, const char *s, size_t n);
char *brink_arena_strdup(brink_arena *a, const char *s);
/* Frees every chunk; the arena is empty and usable again. */
void brink_arena_free(brink_arena *a);

#endif
