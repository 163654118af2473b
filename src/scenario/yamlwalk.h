/* SPDX-License-Identifier: MIT */
/*
 * yamlwalk.h — the loader's view of a libyaml document (internal). A walker holds the document,
 * the arena the scenario lives in, the current key path, and the first error. Every accessor
 * converts libyaml's 0-based marks into 1-based line:column, counts node visits (so an alias bomb
 * stops after BRINK_MAX_NODE_VISITS) and reports `file:line:col: what is wrong; what was expected`.
 * libyaml assigns no types to scalars: the walker decides them, strictly (no YAML-1.1 booleans,
 * no "nan" or ".inf" numbers, no quoted numbers).
 */
#ifndef BRINK_SCENARIO_YAMLWALK_H
#define BRINK_SCENARIO_YAMLWALK_H

#include "brink.h"
#include "core/arena.h"

#include <yaml.h>

typedef struct walker {
    yaml_document_t *doc;
    brink_arena *arena;
    const char *file;
    brink_error *err;
    long visits;
    int strict;
    char path[512];
    size_t pathlen;
    /* every value registered so far (grown with brink_realloc; moved into the arena at the end) */
    brink_value **vals;
    size_t nvals, capvals;
    /* --set overrides: their texts, and the node ids each grafted into the document */
    const char *const *sets;
    size_t nsets;
    long *set_first, *set_last;
} walker;

/* Node access; NULL (with the error set) after too many visits. */
yaml_node_t *w_node(walker *w, int id);

/* Sets the error at node n (or at the file when n is NULL) and returns BRINK_EINVAL. */
int w_fail(walker *w, const yaml_node_t *n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Returns BRINK_ENOMEM with a message. */
int w_nomem(walker *w);

int w_line(const yaml_node_t *n);
int w_column(const yaml_node_t *n);

/* Path handling: push appends ".part" (or "part" at the root); pop restores a saved length. */
size_t w_push(walker *w, const char *part);
void w_pop(walker *w, size_t saved);

/* Scalar text of n or NULL when n is not a scalar. */
const char *w_scalar(const yaml_node_t *n);
/* 1 when n is a YAML null (plain "", "~", "null", "Null", "NULL"). */
int w_is_null(const yaml_node_t *n);

/* Typed scalars. Each fails with a message naming `what` (e.g. "the actor's name"). */
int w_number(walker *w, const yaml_node_t *n, const char *what, double *out);
/* As w_number, but a quoted scalar is accepted too: for numbers used as mapping keys, which JSON
 * always quotes (stock_kg: {"60": ...}). */
int w_number_key(walker *w, const yaml_node_t *n, const char *what, double *out);
int w_integer(walker *w, const yaml_node_t *n, const char *what, long lo, long hi, long *out);
int w_bool(walker *w, const yaml_node_t *n, const char *what, int *out);
int w_date(walker *w, const yaml_node_t *n, const char *what, brink_date *out);
/* Text copied into the arena; nonempty requires at least one character. */
int w_text(walker *w, const yaml_node_t *n, const char *what, int nonempty, const char **out);
/* An id: [A-Za-z][A-Za-z0-9_]*, at most 63 characters, copied into the arena. */
int w_id(walker *w, const yaml_node_t *n, const char *what, const char **out);
/* One of the words produced by name(i) for i in [0, count). */
int w_enum(walker *w, const yaml_node_t *n, const char *what, const char *(*name)(int), int count,
           int *out);

/* A mapping (after a duplicate-key check) or a sequence; fails otherwise. */
int w_map(walker *w, const yaml_node_t *n, const char *what);
int w_seq(walker *w, const yaml_node_t *n, const char *what);
/* Key of a mapping pair, which must be a scalar. */
int w_key(walker *w, const yaml_node_pair_t *p, const yaml_node_t **key, const char **text);
/* Visits the pairs of mapping n in file order: each key is checked against a NULL-terminated
 * list of allowed keys (NULL: any key) and handed to the caller with its index and value node. */
typedef struct mapit {
    const yaml_node_t *map;
    yaml_node_pair_t *p;
    const yaml_node_t *key;
    const char *text;
    yaml_node_t *val;
    int which;
} mapit;

/* Starts iterating mapping n (after the duplicate-key check of w_map). */
int mapit_start(walker *w, mapit *it, const yaml_node_t *n, const char *what);
/* Advances to the next pair; returns 1 with the pair in it, 0 at the end, or -1 on error. */
int mapit_next(walker *w, mapit *it, const char *const *allowed, const char *where);

/* Looks up key in mapping n without counting visits; NULL when absent. */
yaml_node_t *w_find(walker *w, const yaml_node_t *n, const char *key);
/* Index of text in the NULL-terminated list allowed, or the error "unknown key". */
int w_allowed(walker *w, const yaml_node_t *key, const char *text, const char *const *allowed,
              const char *where, int *out);

/* A value (bare number, {value, ...} or a distribution) at node n, checked against [lo, hi] and
 * unit (NULL: any), registered under the current path. */
int w_value(walker *w, const yaml_node_t *n, const char *unit, double lo, double hi,
            brink_value *v);

/* Loads one YAML document: refuses text over cap bytes (0: BRINK_DEFAULT_MAX_BYTES), prescans
 * it (syntax errors, invalid UTF-8, depth), builds the node tree and calls body(w, ctx) with a
 * walker over it. On success *file_out is name copied into the arena and the registered values
 * are moved into an arena array (*vals_out, *nvals_out). The caller owns the arena and frees it
 * on failure. */
typedef int (*w_body)(walker *w, void *ctx);
int w_load(const char *text, size_t len, const char *name, size_t cap, int strict,
           brink_arena *arena, w_body body, void *ctx, const char **file_out,
           const brink_value ***vals_out, size_t *nvals_out, brink_error *err);

/* As w_load, with --set overrides (PATH=VALUE texts) applied to the document before body runs:
 * a path walks mappings by key, lists by an entry's id or name, and relations by "A>B"; a key
 * absent from the file is added; a parameter name with dots is one key. Errors in a path name the
 * --set; errors in a grafted value point into it ("--set PATH=VALUE:1:col"). */
int w_load_sets(const char *text, size_t len, const char *name, size_t cap, int strict,
                const char *const *sets, size_t nsets, brink_arena *arena, w_body body,
                void *ctx, const char **file_out, const brink_value ***vals_out,
                size_t *nvals_out, brink_error *err);

/* Applies w->sets to w->doc (used by w_load_sets). */
int w_apply_sets(walker *w, brink_error *err);

/* Reads a whole file of at most cap bytes (0: BRINK_DEFAULT_MAX_BYTES) into a new buffer
 * (freed with brink_free). Errors: BRINK_EIO, BRINK_ENOMEM, BRINK_EINVAL (over the cap). */
int w_read_file(const char *path, size_t cap, char **buf_out, size_t *size_out, brink_error *err);

#endif
