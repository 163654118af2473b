/* SPDX-License-Identifier: MIT */
/*
 * stakeholders.c — loads a YAML stakeholder table (format and draw paths in
 * scenario/stakeholders.h) and draws it per run.
 *
 * The document goes through the scenario loader's machinery: w_read_file and w_load (size cap,
 * syntax, UTF-8, depth and alias-bomb checks), the typed walker for every key and w_value for
 * every number, so distributions, bounds, units, sources and strict mode mean exactly what they
 * mean in a scenario and every error names file:line:col. Draws go through brink_values_draw,
 * the function brink_scenario_draw uses, so the keyed-stream scheme is shared, not copied.
 *
 * Ownership: the table struct, its strings and arrays, and the draw order (three arrays of
 * pointers into the rows, kept private) live in one arena owned by the table. Invariants after a
 * successful load: nactors >= 2, ndims >= 1, names distinct, every actor has a capability and a
 * position and a salience on every dimension, and every value's whole support lies in its range.
 */
#include "scenario/stakeholders.h"

#include "core/arena.h"
#include "scenario/draw.h"
#include "scenario/yamlwalk.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The table's private part: its memory, and its values in draw order. */
typedef struct table_priv {
    brink_arena arena;
    const brink_value **cap; /* [nactors] */
    const brink_value **pos; /* [nactors * ndims], actor-major */
    const brink_value **sal; /* [nactors * ndims] */
} table_priv;

static const char default_dim[] = "position";

/* ---- walking mappings ---- */

static size_t seq_len(const yaml_node_t *n)
{
    return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

static size_t map_len(const yaml_node_t *n)
{
    return (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
}

/* A value under path component `key` of the current path. */
static int value_at(walker *w, const yaml_node_t *n, const char *key, double lo, double hi,
                    brink_value *v)
{
    size_t saved = w_push(w, key);
    int rc = w_value(w, n, NULL, lo, hi, v);
    w_pop(w, saved);
    return rc;
}

/* ---- sections ---- */

/* `dimensions: [a, b, ...]`: distinct ids, at least one; absent means one named "position".
 * The list is NULL-terminated so that it can serve as the allowed keys of a dimension map. */
static int load_dims(walker *w, brink_stakeholders *t, const yaml_node_t *n)
{
    if (!n) {
        t->dims = brink_arena_array(w->arena, 2, sizeof *t->dims);
        if (!t->dims)
            return w_nomem(w);
        t->dims[0] = default_dim;
        t->ndims = 1;
        return BRINK_OK;
    }
    int rc = w_seq(w, n, "dimensions");
    if (rc)
        return rc;
    size_t k = seq_len(n);
    if (k == 0)
        return w_fail(w, n, "dimensions is empty; expected at least one dimension name");
    t->dims = brink_arena_array(w->arena, k + 1, sizeof *t->dims);
    if (!t->dims)
        return w_nomem(w);
    for (size_t i = 0; i < k; i++) {
        yaml_node_t *item = w_node(w, n->data.sequence.items.start[i]);
        if (!item)
            return BRINK_EINVAL;
        if ((rc = w_id(w, item, "a dimension name", &t->dims[i])))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(t->dims[j], t->dims[i]))
                return w_fail(w, item,
                              "dimension '%s' is listed twice; expected distinct "
                              "dimension names",
                              t->dims[i]);
    }
    t->ndims = k;
    return BRINK_OK;
}

/* `scale: [lo, hi]` with lo < hi. */
static int load_scale(walker *w, brink_stakeholders *t, const yaml_node_t *n)
{
    int rc = w_seq(w, n, "scale");
    if (rc)
        return rc;
    if (seq_len(n) != 2)
        return w_fail(w, n, "scale has %zu item%s; expected two: [lo, hi]", seq_len(n),
                      seq_len(n) == 1 ? "" : "s");
    static const char *const what[2] = {"the scale's low end", "the scale's high end"};
    double x[2];
    for (size_t i = 0; i < 2; i++) {
        yaml_node_t *item = w_node(w, n->data.sequence.items.start[i]);
        if (!item)
            return BRINK_EINVAL;
        if ((rc = w_number(w, item, what[i], &x[i])))
            return rc;
    }
    if (!(x[0] < x[1]))
        return w_fail(w, n, "scale [%g, %g] is empty; expected lo < hi", x[0], x[1]);
    t->has_scale = 1;
    t->scale_lo = x[0];
    t->scale_hi = x[1];
    return BRINK_OK;
}

/* An actor's positions or saliences: one value per dimension in out[0..ndims-1], read under the
 * path component `what` (then the dimension's name). With one dimension, n is a value or a
 * mapping whose only key is that dimension; with several, a mapping from every dimension. */
static int dim_values(walker *w, const brink_stakeholders *t, const brink_stakeholder *a,
                      const yaml_node_t *n, const char *what, double lo, double hi,
                      brink_value *out)
{
    int as_map = t->ndims > 1;
    if (!as_map && n->type == YAML_MAPPING_NODE && map_len(n) == 1) {
        const char *key =
            w_scalar(yaml_document_get_node(w->doc, n->data.mapping.pairs.start->key));
        as_map = key && !strcmp(key, t->dims[0]);
    }
    if (!as_map) {
        size_t saved = w_push(w, what);
        int rc = value_at(w, n, t->dims[0], lo, hi, &out[0]);
        w_pop(w, saved);
        return rc;
    }
    size_t saved = w_push(w, what);
    if (n->type != YAML_MAPPING_NODE) {
        char list[160] = "";
        size_t len = 0;
        for (size_t k = 0; k < t->ndims && len < sizeof list; k++) {
            int c = snprintf(list + len, sizeof list - len, "%s%s: ...", k ? ", " : "", t->dims[k]);
            len += c > 0 ? (size_t)c : 0;
        }
        if (len >= sizeof list)
            snprintf(list + sizeof list - 5, 5, "...");
        int rc = w_fail(w, n, "%s is not a mapping; expected one value per dimension: {%s}",
                        w->path, list);
        w_pop(w, saved);
        return rc;
    }
    mapit it;
    int rc = mapit_start(w, &it, n, w->path), more = 0;
    while (!rc && (more = mapit_next(w, &it, t->dims, w->path)) == 1)
        rc = value_at(w, it.val, it.text, lo, hi, &out[it.which]);
    w_pop(w, saved);
    if (rc || more < 0)
        return rc ? rc : BRINK_EINVAL;
    for (size_t k = 0; k < t->ndims; k++)
        if (!out[k].present)
            return w_fail(w, n,
                          "actor '%s' gives no %s on dimension '%s'; expected a value for "
                          "every dimension",
                          a->name, what, t->dims[k]);
    return BRINK_OK;
}

/* An actor's name: one line of at most BRINK_STAKEHOLDER_NAME_MAX bytes, not used before. */
static int actor_name(walker *w, const brink_stakeholders *t, size_t i, const yaml_node_t *e,
                      const char **out)
{
    const yaml_node_t *n = w_find(w, e, "name");
    if (!n)
        return w_fail(w, e, "actor %zu has no name; expected 'name: ...'", i + 1);
    int rc = w_text(w, n, "the actor's name", 1, out);
    if (rc)
        return rc;
    size_t len = strlen(*out);
    if (len > BRINK_STAKEHOLDER_NAME_MAX || len != n->data.scalar.length)
        return w_fail(w, n,
                      "the actor's name is too long or holds a NUL; expected at most %d "
                      "bytes of text",
                      BRINK_STAKEHOLDER_NAME_MAX);
    for (const unsigned char *p = (const unsigned char *)*out; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return w_fail(w, n,
                          "the actor's name holds a control character; expected a name "
                          "on one line");
    for (size_t j = 0; j < i; j++)
        if (!strcmp(t->actors[j].name, *out))
            return w_fail(w, n,
                          "duplicate actor name '%s' (first on line %d); expected distinct "
                          "names",
                          *out, t->actors[j].line);
    return BRINK_OK;
}

static int load_actor(walker *w, brink_stakeholders *t, size_t i, const yaml_node_t *e)
{
    static const char *const keys[] = {"name",   "capability", "position", "salience",
                                       "source", "note",       NULL};
    enum { K_NAME, K_CAP, K_POS, K_SAL, K_SOURCE, K_NOTE };
    brink_stakeholder *a = &t->actors[i];
    a->line = w_line(e);
    a->column = w_column(e);
    mapit it;
    int rc = mapit_start(w, &it, e, "an actor");
    if (rc || (rc = actor_name(w, t, i, e, &a->name)))
        return rc;
    a->position = brink_arena_array(w->arena, t->ndims, sizeof *a->position);
    a->salience = brink_arena_array(w->arena, t->ndims, sizeof *a->salience);
    if (!a->position || !a->salience)
        return w_nomem(w);
    double lo = t->has_scale ? t->scale_lo : -HUGE_VAL, hi = t->has_scale ? t->scale_hi : HUGE_VAL;
    size_t saved = w_push(w, a->name);
    int more;
    while ((more = mapit_next(w, &it, keys, "an actor")) == 1) {
        switch (it.which) {
        case K_CAP:
            rc = value_at(w, it.val, "capability", 0, HUGE_VAL, &a->capability);
            break;
        case K_POS:
            rc = dim_values(w, t, a, it.val, "position", lo, hi, a->position);
            break;
        case K_SAL:
            rc = dim_values(w, t, a, it.val, "salience", 0, 1, a->salience);
            break;
        case K_SOURCE:
            rc = w_text(w, it.val, "source", 1, &a->source);
            break;
        case K_NOTE:
            rc = w_text(w, it.val, "note", 0, &a->note);
            break;
        default: /* the name, read above */
            break;
        }
        if (rc)
            break;
    }
    w_pop(w, saved);
    if (rc || more < 0)
        return rc ? rc : BRINK_EINVAL;
    static const char *const need[] = {"capability", "position", "salience"};
    const brink_value *have[] = {&a->capability, &a->position[0], &a->salience[0]};
    for (int k = 0; k < 3; k++)
        if (!have[k]->present)
            return w_fail(w, e, "actor '%s' has no %s; expected '%s: ...'", a->name, need[k],
                          need[k]);
    return BRINK_OK;
}

static int load_actors(walker *w, brink_stakeholders *t, const yaml_node_t *n)
{
    int rc = w_seq(w, n, "actors");
    if (rc)
        return rc;
    size_t k = seq_len(n);
    if (k < 2)
        return w_fail(w, n, "actors lists %zu actor%s; expected at least two", k,
                      k == 1 ? "" : "s");
    table_priv *priv = t->priv_;
    t->actors = brink_arena_array(w->arena, k, sizeof *t->actors);
    priv->cap = brink_arena_array(w->arena, k, sizeof *priv->cap);
    /* k * ndims cannot overflow: both are bounded by the size of the text */
    priv->pos = brink_arena_array(w->arena, k * t->ndims, sizeof *priv->pos);
    priv->sal = brink_arena_array(w->arena, k * t->ndims, sizeof *priv->sal);
    if (!t->actors || !priv->cap || !priv->pos || !priv->sal)
        return w_nomem(w);
    size_t saved = w_push(w, "actors");
    for (size_t i = 0; i < k && !rc; i++) {
        yaml_node_t *e = w_node(w, n->data.sequence.items.start[i]);
        rc = e ? load_actor(w, t, i, e) : BRINK_EINVAL;
        t->nactors = i + 1; /* rows read so far, for the duplicate-name check */
    }
    w_pop(w, saved);
    if (rc)
        return rc;
    for (size_t i = 0; i < k; i++) {
        priv->cap[i] = &t->actors[i].capability;
        for (size_t d = 0; d < t->ndims; d++) {
            priv->pos[i * t->ndims + d] = &t->actors[i].position[d];
            priv->sal[i * t->ndims + d] = &t->actors[i].salience[d];
        }
    }
    return BRINK_OK;
}

enum { S_VERSION, S_NAME, S_SOURCE, S_NOTE, S_DIMS, S_SCALE, S_ACTORS, S_COUNT };

static int load_document(walker *w, brink_stakeholders *t)
{
    static const char *const keys[] = {"brink_stakeholders", "name",  "source", "note",
                                       "dimensions",         "scale", "actors", NULL};
    yaml_node_t *root = yaml_document_get_root_node(w->doc);
    if (!root)
        return w_fail(w, NULL,
                      "the file is empty; expected a stakeholder table "
                      "(brink_stakeholders: 1, actors: [...])");
    mapit it;
    int rc = mapit_start(w, &it, root, "the document");
    if (rc)
        return rc;
    yaml_node_t *sec[S_COUNT] = {0};
    int more;
    while ((more = mapit_next(w, &it, keys, "a stakeholder table")) == 1)
        sec[it.which] = it.val;
    if (more < 0)
        return BRINK_EINVAL;
    if (!sec[S_VERSION])
        return w_fail(w, root, "no format version; expected 'brink_stakeholders: 1' at the top");
    long version;
    if ((rc = w_integer(w, sec[S_VERSION], "the format version", 1, 1, &version)))
        return rc;
    if (sec[S_NAME] && (rc = w_text(w, sec[S_NAME], "the table's name", 1, &t->name)))
        return rc;
    if (sec[S_SOURCE] && (rc = w_text(w, sec[S_SOURCE], "source", 1, &t->source)))
        return rc;
    if (sec[S_NOTE] && (rc = w_text(w, sec[S_NOTE], "note", 0, &t->note)))
        return rc;
    if ((rc = load_dims(w, t, sec[S_DIMS])))
        return rc;
    if (sec[S_SCALE] && (rc = load_scale(w, t, sec[S_SCALE])))
        return rc;
    if (!sec[S_ACTORS])
        return w_fail(w, root, "no 'actors' list; expected one at the top level");
    return load_actors(w, t, sec[S_ACTORS]);
}

static int load_body(walker *w, void *ctx)
{
    return load_document(w, ctx);
}

/* ---- the public functions ---- */

int brink_stakeholders_load_buffer(const char *text, size_t len, const char *name,
                                   const brink_load_options *opts, brink_stakeholders **out,
                                   brink_error *err)
{
    if (!text || !out)
        return brink_error_set(err, BRINK_EUSAGE, name, 0, 0, "NULL text or output pointer");
    *out = NULL;
    brink_error local;
    if (!err)
        err = &local;
    brink_error_clear(err);
    table_priv *priv = brink_calloc(1, sizeof *priv);
    if (!priv)
        return brink_error_set(err, BRINK_ENOMEM, name, 0, 0, "out of memory");
    brink_arena_init(&priv->arena, 0);
    brink_stakeholders *t = brink_arena_alloc(&priv->arena, sizeof *t);
    int rc = t ? BRINK_OK : brink_error_set(err, BRINK_ENOMEM, name, 0, 0, "out of memory");
    if (!rc) {
        t->priv_ = priv;
        rc = w_load(text, len, name, opts ? opts->max_bytes : 0, opts ? opts->strict : 0,
                    &priv->arena, load_body, t, &t->file, &t->values, &t->nvalues, err);
    }
    if (rc) {
        brink_arena_free(&priv->arena);
        brink_free(priv);
        return rc;
    }
    *out = t;
    return BRINK_OK;
}

int brink_stakeholders_load_file(const char *path, const brink_load_options *opts,
                                 brink_stakeholders **out, brink_error *err)
{
    if (!path || !out)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0, "NULL path or output pointer");
    *out = NULL;
    char *buf = NULL;
    size_t size = 0;
    int rc = w_read_file(path, opts ? opts->max_bytes : 0, &buf, &size, err);
    if (!rc)
        rc = brink_stakeholders_load_buffer(buf, size, path, opts, out, err);
    brink_free(buf);
    return rc;
}

void brink_stakeholders_free(brink_stakeholders *t)
{
    if (!t)
        return;
    table_priv *priv = t->priv_;
    brink_arena_free(&priv->arena); /* t itself lives in the arena */
    brink_free(priv);
}

void brink_stakeholders_central(const brink_stakeholders *t, double *capability, double *position,
                                double *salience)
{
    for (size_t i = 0; i < t->nactors; i++) {
        const brink_stakeholder *a = &t->actors[i];
        if (capability)
            capability[i] = a->capability.value;
        for (size_t d = 0; d < t->ndims; d++) {
            if (position)
                position[i * t->ndims + d] = a->position[d].value;
            if (salience)
                salience[i * t->ndims + d] = a->salience[d].value;
        }
    }
}

int brink_stakeholders_draw(const brink_stakeholders *t, uint64_t seed, uint64_t run,
                            double *capability, double *position, double *salience,
                            brink_error *err)
{
    if (!t || !capability || !position || !salience)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0, "NULL table or output array");
    const table_priv *priv = t->priv_;
    size_t cells = t->nactors * t->ndims;
    int rc = brink_values_draw(priv->cap, t->nactors, t->file, seed, run, capability, err);
    if (!rc)
        rc = brink_values_draw(priv->pos, cells, t->file, seed, run, position, err);
    if (!rc)
        rc = brink_values_draw(priv->sal, cells, t->file, seed, run, salience, err);
    return rc;
}
