/* SPDX-License-Identifier: MIT */
/*
 * yamlwalk.c — typed, located access to a libyaml node tree for the scenario loader. See
 * yamlwalk.h. Invariant: after any function here returns non-zero, w->err holds the first error
 * and the caller only unwinds.
 */
#include "scenario/yamlwalk.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int w_line(const yaml_node_t *n)
{
    return n ? (int)n->start_mark.line + 1 : 0;
}

int w_column(const yaml_node_t *n)
{
    return n ? (int)n->start_mark.column + 1 : 0;
}

/* Index of the --set whose value node n was grafted from, or -1. */
static long set_of(const walker *w, const yaml_node_t *n)
{
    if (!n || !w->nsets || !w->doc)
        return -1;
    long id = (long)(n - w->doc->nodes.start) + 1;
    for (size_t i = 0; i < w->nsets; i++)
        if (id >= w->set_first[i] && id <= w->set_last[i])
            return (long)i;
    return -1;
}

int w_fail(walker *w, const yaml_node_t *n, const char *fmt, ...)
{
    if (w->err && w->err->code != BRINK_OK)
        return BRINK_EINVAL; /* keep the first error */
    va_list ap;
    va_start(ap, fmt);
    long s = set_of(w, n);
    if (s >= 0) {
        /* a value given on the command line: "--set PATH=VALUE:1:col" */
        const char *text = w->sets[s];
        const char *eq = strchr(text, '=');
        int off = eq ? (int)(eq - text) + 1 : 0;
        char label[BRINK_ERROR_FILE_MAX];
        snprintf(label, sizeof label, "--set %s", text);
        brink_error_setv(w->err, BRINK_EINVAL, label, 1, off + w_column(n), fmt, ap);
    } else {
        brink_error_setv(w->err, BRINK_EINVAL, w->file, w_line(n), w_column(n), fmt, ap);
    }
    va_end(ap);
    return BRINK_EINVAL;
}

int w_nomem(walker *w)
{
    if (!w->err || w->err->code == BRINK_OK)
        brink_error_set(w->err, BRINK_ENOMEM, w->file, 0, 0, "out of memory while loading");
    return BRINK_ENOMEM;
}

yaml_node_t *w_node(walker *w, int id)
{
    if (++w->visits > BRINK_MAX_NODE_VISITS) {
        w_fail(w, yaml_document_get_node(w->doc, id),
               "the document expands to more than %d nodes (aliases?); expected a scenario "
               "without alias bombs",
               BRINK_MAX_NODE_VISITS);
        return NULL;
    }
    yaml_node_t *n = yaml_document_get_node(w->doc, id);
    if (!n)
        w_fail(w, NULL, "internal: missing node %d; expected a complete document", id);
    return n;
}

size_t w_push(walker *w, const char *part)
{
    size_t saved = w->pathlen;
    int k = snprintf(w->path + w->pathlen, sizeof w->path - w->pathlen, "%s%s",
                     w->pathlen ? "." : "", part);
    if (k < 0 || (size_t)k >= sizeof w->path - w->pathlen)
        w->pathlen = sizeof w->path - 1; /* truncated; paths are for keys and messages */
    else
        w->pathlen += (size_t)k;
    return saved;
}

void w_pop(walker *w, size_t saved)
{
    w->pathlen = saved;
    w->path[saved] = '\0';
}

const char *w_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int is_plain(const yaml_node_t *n)
{
    return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ||
           n->data.scalar.style == YAML_ANY_SCALAR_STYLE;
}

int w_is_null(const yaml_node_t *n)
{
    const char *s = w_scalar(n);
    if (!s || !is_plain(n))
        return 0;
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
           !strcmp(s, "NULL");
}

static const char *node_kind(const yaml_node_t *n)
{
    if (!n)
        return "nothing";
    switch (n->type) {
    case YAML_MAPPING_NODE:
        return "a mapping";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_SCALAR_NODE:
        if (w_is_null(n))
            return "an empty value";
        return is_plain(n) ? "a plain scalar" : "a quoted string";
    default:
        return "nothing";
    }
}

/* Shortens s for quoting inside a message. */
static const char *clip(const char *s, char *buf, size_t n)
{
    size_t len = strlen(s);
    if (len < n) {
        snprintf(buf, n, "%s", s);
    } else {
        snprintf(buf, n, "%.*s...", (int)(n - 4), s);
    }
    for (char *p = buf; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    return buf;
}

/* Strict decimal syntax: [+-]? (digits [. digits*] | . digits) ([eE][+-]?digits)? */
static int decimal_syntax(const char *s)
{
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    int digits = 0;
    while (*p >= '0' && *p <= '9') {
        p++;
        digits++;
    }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            p++;
            digits++;
        }
    }
    if (!digits)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

static int number_of(walker *w, const yaml_node_t *n, const char *what, int quoted_ok,
                     double *out);

int w_number(walker *w, const yaml_node_t *n, const char *what, double *out)
{
    return number_of(w, n, what, 0, out);
}

int w_number_key(walker *w, const yaml_node_t *n, const char *what, double *out)
{
    return number_of(w, n, what, 1, out);
}

static int number_of(walker *w, const yaml_node_t *n, const char *what, int quoted_ok,
                     double *out)
{
    const char *s = w_scalar(n);
    char buf[48];
    if (!s || (!quoted_ok && !is_plain(n)) || w_is_null(n))
        return w_fail(w, n, "%s is %s; expected a number", what, node_kind(n));
    if (!decimal_syntax(s))
        return w_fail(w, n, "'%s' is not a number; expected %s as a decimal number",
                      clip(s, buf, sizeof buf), what);
    errno = 0;
    char *end = NULL;
    double x = strtod(s, &end);
    if (errno == ERANGE || !isfinite(x) || (end && *end))
        return w_fail(w, n,
                      "'%s' cannot be represented as a double; expected %s with a magnitude "
                      "between 1e-300 and 1e300 (or 0)",
                      clip(s, buf, sizeof buf), what);
    if (x != 0 && (fabs(x) < 1e-300 || fabs(x) > 1e300))
        return w_fail(w, n, "'%s' is out of range; expected %s with a magnitude between 1e-300 "
                      "and 1e300 (or 0)",
                      clip(s, buf, sizeof buf), what);
    *out = x;
    return BRINK_OK;
}

int w_integer(walker *w, const yaml_node_t *n, const char *what, long lo, long hi, long *out)
{
    const char *s = w_scalar(n);
    char buf[48];
    if (!s || !is_plain(n) || w_is_null(n))
        return w_fail(w, n, "%s is %s; expected an integer in [%ld, %ld]", what, node_kind(n), lo,
                      hi);
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    if (!*p || strspn(p, "0123456789") != strlen(p))
        return w_fail(w, n, "'%s' is not an integer; expected %s as an integer in [%ld, %ld]",
                      clip(s, buf, sizeof buf), what, lo, hi);
    errno = 0;
    long v = strtol(s, NULL, 10);
    if (errno == ERANGE || v < lo || v > hi)
        return w_fail(w, n, "%s %s is out of range; expected an integer in [%ld, %ld]", what,
                      clip(s, buf, sizeof buf), lo, hi);
    *out = v;
    return BRINK_OK;
}

int w_bool(walker *w, const yaml_node_t *n, const char *what, int *out)
{
    const char *s = w_scalar(n);
    if (s && is_plain(n) && !strcmp(s, "true")) {
        *out = 1;
        return BRINK_OK;
    }
    if (s && is_plain(n) && !strcmp(s, "false")) {
        *out = 0;
        return BRINK_OK;
    }
    char buf[48];
    if (s && !w_is_null(n))
        return w_fail(w, n, "'%s' is not a boolean; expected %s as true or false",
                      clip(s, buf, sizeof buf), what);
    return w_fail(w, n, "%s is %s; expected true or false", what, node_kind(n));
}

int w_date(walker *w, const yaml_node_t *n, const char *what, brink_date *out)
{
    const char *s = w_scalar(n);
    char buf[48];
    if (!s || w_is_null(n))
        return w_fail(w, n, "%s is %s; expected a date YYYY-MM-DD", what, node_kind(n));
    if (brink_date_parse(s, out) != BRINK_OK)
        return w_fail(w, n, "'%s' is not a valid date; expected %s as YYYY-MM-DD (a day that "
                      "exists)",
                      clip(s, buf, sizeof buf), what);
    return BRINK_OK;
}

int w_text(walker *w, const yaml_node_t *n, const char *what, int nonempty, const char **out)
{
    const char *s = w_scalar(n);
    if (!s || (w_is_null(n) && is_plain(n)))
        return w_fail(w, n, "%s is %s; expected text", what, node_kind(n));
    if (nonempty && !*s)
        return w_fail(w, n, "%s is empty; expected some text", what);
    char *c = brink_arena_strndup(w->arena, s, n->data.scalar.length);
    if (!c)
        return w_nomem(w);
    *out = c;
    return BRINK_OK;
}

int w_id(walker *w, const yaml_node_t *n, const char *what, const char **out)
{
    const char *s = w_scalar(n);
    char buf[48];
    if (!s || w_is_null(n))
        return w_fail(w, n, "%s is %s; expected an id", what, node_kind(n));
    size_t len = strlen(s);
    int ok = len > 0 && len <= 63 && ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z'));
    for (size_t i = 1; ok && i < len; i++) {
        char c = s[i];
        ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
             c == '_';
    }
    if (!ok || len != n->data.scalar.length)
        return w_fail(w, n,
                      "'%s' is not a valid id; expected %s made of a letter then letters, "
                      "digits or '_' (at most 63)",
                      clip(s, buf, sizeof buf), what);
    return w_text(w, n, what, 1, out);
}

int w_enum(walker *w, const yaml_node_t *n, const char *what, const char *(*name)(int), int count,
           int *out)
{
    const char *s = w_scalar(n);
    if (s && !w_is_null(n)) {
        for (int i = 0; i < count; i++) {
            if (!strcmp(s, name(i))) {
                *out = i;
                return BRINK_OK;
            }
        }
    }
    char list[400] = "";
    size_t len = 0;
    for (int i = 0; i < count && len < sizeof list; i++) {
        int k = snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", name(i));
        if (k < 0)
            break;
        len += (size_t)k;
    }
    char buf[48];
    if (s && !w_is_null(n))
        return w_fail(w, n, "unknown %s '%s'; expected one of: %s", what,
                      clip(s, buf, sizeof buf), list);
    return w_fail(w, n, "%s is %s; expected one of: %s", what, node_kind(n), list);
}

/* Sort helper for duplicate detection: keys by text, then by position. */
typedef struct keyref {
    const char *text;
    const yaml_node_t *node;
} keyref;

static int keyref_cmp(const void *a, const void *b)
{
    const keyref *x = a, *y = b;
    int c = strcmp(x->text, y->text);
    if (c)
        return c;
    if (x->node->start_mark.index != y->node->start_mark.index)
        return x->node->start_mark.index < y->node->start_mark.index ? -1 : 1;
    return 0;
}

int w_map(walker *w, const yaml_node_t *n, const char *what)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return w_fail(w, n, "%s is %s; expected a mapping (key: value)", what, node_kind(n));
    size_t k = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    if (k < 2)
        return BRINK_OK;
    keyref *refs = brink_mallocarray(k, sizeof *refs);
    if (!refs)
        return w_nomem(w);
    int rc = BRINK_OK;
    for (size_t i = 0; i < k; i++) {
        const yaml_node_t *key = NULL;
        const char *text = NULL;
        rc = w_key(w, &n->data.mapping.pairs.start[i], &key, &text);
        if (rc)
            goto done;
        refs[i].text = text;
        refs[i].node = key;
    }
    qsort(refs, k, sizeof *refs, keyref_cmp);
    /* report the duplicate that comes first in the file */
    const yaml_node_t *first = NULL;
    for (size_t i = 1; i < k; i++) {
        if (!strcmp(refs[i].text, refs[i - 1].text) &&
            (!first || refs[i].node->start_mark.index < first->start_mark.index))
            first = refs[i].node;
    }
    if (first) {
        char buf[48];
        rc = w_fail(w, first, "duplicate key '%s' in %s; expected each key at most once",
                    clip(w_scalar(first), buf, sizeof buf), what);
    }
done:
    brink_free(refs);
    return rc;
}

int w_seq(walker *w, const yaml_node_t *n, const char *what)
{
    if (!n || n->type != YAML_SEQUENCE_NODE)
        return w_fail(w, n, "%s is %s; expected a list", what, node_kind(n));
    return BRINK_OK;
}

int w_key(walker *w, const yaml_node_pair_t *p, const yaml_node_t **key, const char **text)
{
    yaml_node_t *k = w_node(w, p->key);
    if (!k)
        return BRINK_EINVAL;
    if (k->type != YAML_SCALAR_NODE)
        return w_fail(w, k, "a key is %s; expected a plain word as key", node_kind(k));
    *key = k;
    *text = w_scalar(k);
    return BRINK_OK;
}

yaml_node_t *w_find(walker *w, const yaml_node_t *n, const char *key)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(w->doc, p->key);
        const char *s = w_scalar(k);
        if (s && !strcmp(s, key))
            return yaml_document_get_node(w->doc, p->value);
    }
    return NULL;
}

int w_allowed(walker *w, const yaml_node_t *key, const char *text, const char *const *allowed,
              const char *where, int *out)
{
    for (int i = 0; allowed[i]; i++) {
        if (!strcmp(text, allowed[i])) {
            *out = i;
            return BRINK_OK;
        }
    }
    char list[600] = "";
    size_t len = 0;
    for (int i = 0; allowed[i] && len < sizeof list; i++) {
        int k = snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", allowed[i]);
        if (k < 0)
            break;
        len += (size_t)k;
    }
    char buf[48];
    return w_fail(w, key, "unknown key '%s' in %s; expected one of: %s",
                  clip(text, buf, sizeof buf), where, list);
}

int mapit_start(walker *w, mapit *it, const yaml_node_t *n, const char *what)
{
    memset(it, 0, sizeof *it);
    int rc = w_map(w, n, what);
    if (rc)
        return rc;
    it->map = n;
    it->p = n->data.mapping.pairs.start;
    return BRINK_OK;
}

/* Advances to the next pair; returns 1 with the pair in it, 0 at the end, or -1 on error. */
int mapit_next(walker *w, mapit *it, const char *const *allowed, const char *where)
{
    if (it->p >= it->map->data.mapping.pairs.top)
        return 0;
    yaml_node_pair_t *p = it->p++;
    if (w_key(w, p, &it->key, &it->text))
        return -1;
    if (allowed && w_allowed(w, it->key, it->text, allowed, where, &it->which))
        return -1;
    it->val = w_node(w, p->value);
    return it->val ? 1 : -1;
}

/* ---- values ---- */

static int register_value(walker *w, brink_value *v)
{
    if (w->nvals == w->capvals) {
        size_t cap = w->capvals ? w->capvals * 2 : 256;
        brink_value **p = brink_reallocarray(w->vals, cap, sizeof *p);
        if (!p)
            return w_nomem(w);
        w->vals = p;
        w->capvals = cap;
    }
    char *path = brink_arena_strndup(w->arena, w->path, w->pathlen);
    if (!path)
        return w_nomem(w);
    v->path = path;
    v->key = brink_hash_str(path);
    v->slot = w->nvals;
    w->vals[w->nvals++] = v;
    return BRINK_OK;
}

/* Support of a distribution before truncation. */
static void dist_support(const brink_value *v, double *lo, double *hi)
{
    switch (v->dist) {
    case BRINK_DIST_UNIFORM:
        *lo = v->p[0];
        *hi = v->p[1];
        break;
    case BRINK_DIST_TRIANGULAR:
        *lo = v->p[0];
        *hi = v->p[2];
        break;
    case BRINK_DIST_BETA:
        *lo = 0;
        *hi = 1;
        break;
    case BRINK_DIST_LOGNORMAL:
    case BRINK_DIST_GAMMA:
        *lo = 0;
        *hi = INFINITY;
        break;
    default:
        *lo = -INFINITY;
        *hi = INFINITY;
        break;
    }
}

/* Central value shown where a single number is needed (mode of triangular, mean otherwise). */
static double dist_center(const brink_value *v)
{
    switch (v->dist) {
    case BRINK_DIST_UNIFORM:
        return 0.5 * (v->p[0] + v->p[1]);
    case BRINK_DIST_TRIANGULAR:
        return v->p[1];
    case BRINK_DIST_NORMAL:
        return v->p[0];
    case BRINK_DIST_LOGNORMAL:
        return exp(v->p[0] + 0.5 * v->p[1] * v->p[1]);
    case BRINK_DIST_BETA:
        return v->p[0] / (v->p[0] + v->p[1]);
    case BRINK_DIST_GAMMA:
        return v->p[0] * v->p[1];
    default:
        return v->value;
    }
}

static int dist_params(walker *w, const yaml_node_t *n, brink_dist_kind kind, brink_value *v)
{
    const char *kname = brink_dist_kind_name(kind);
    size_t want = kind == BRINK_DIST_TRIANGULAR ? 3 : 2;
    if (!n || n->type != YAML_SEQUENCE_NODE ||
        (size_t)(n->data.sequence.items.top - n->data.sequence.items.start) != want)
        return w_fail(w, n, "%s takes a list of %zu numbers; expected e.g. %s", kname, want,
                      kind == BRINK_DIST_TRIANGULAR ? "[lo, mode, hi]" : "[a, b]");
    for (size_t i = 0; i < want; i++) {
        yaml_node_t *item = w_node(w, n->data.sequence.items.start[i]);
        if (!item)
            return BRINK_EINVAL;
        int rc = w_number(w, item, "a distribution parameter", &v->p[i]);
        if (rc)
            return rc;
    }
    v->dist = kind;
    int ok = 1;
    const char *rule = "";
    switch (kind) {
    case BRINK_DIST_UNIFORM:
        ok = v->p[0] < v->p[1];
        rule = "a < b";
        break;
    case BRINK_DIST_TRIANGULAR:
        ok = v->p[0] <= v->p[1] && v->p[1] <= v->p[2] && v->p[0] < v->p[2];
        rule = "lo <= mode <= hi and lo < hi";
        break;
    case BRINK_DIST_NORMAL:
        ok = v->p[1] > 0;
        rule = "sd > 0";
        break;
    case BRINK_DIST_LOGNORMAL:
        ok = v->p[1] > 0 && v->p[0] < 700;
        rule = "sigma > 0 and mu < 700";
        break;
    case BRINK_DIST_BETA:
        ok = v->p[0] > 0 && v->p[1] > 0;
        rule = "a > 0 and b > 0";
        break;
    case BRINK_DIST_GAMMA:
        ok = v->p[0] > 0 && v->p[1] > 0;
        rule = "k > 0 and theta > 0";
        break;
    default:
        break;
    }
    if (!ok)
        return w_fail(w, n, "invalid %s parameters; expected %s", kname, rule);
    return BRINK_OK;
}

int w_value(walker *w, const yaml_node_t *n, const char *unit, double lo, double hi,
            brink_value *v)
{
    static const char *const keys[] = {"value",  "unit",  "source",     "assumed", "as_of",
                                       "note",   "bounds", "uniform",   "triangular", "normal",
                                       "lognormal", "beta", "gamma",    NULL};
    enum { K_VALUE, K_UNIT, K_SOURCE, K_ASSUMED, K_AS_OF, K_NOTE, K_BOUNDS, K_DIST0 };
    memset(v, 0, sizeof *v);
    v->line = w_line(n);
    v->column = w_column(n);
    v->present = 1;
    v->slot = (size_t)-1;
    int rc;
    const yaml_node_t *where = n; /* node to blame for a range error */
    if (n && n->type == YAML_SCALAR_NODE) {
        rc = w_number(w, n, w->path, &v->value);
        if (rc)
            return rc;
    } else {
        if (n && n->type != YAML_MAPPING_NODE)
            return w_fail(w, n, "%s is %s; expected a number, {value: ...} or a distribution",
                          w->path, node_kind(n));
        rc = w_map(w, n, w->path);
        if (rc)
            return rc;
        int have_value = 0, have_dist = 0;
        const yaml_node_t *bounds = NULL, *unit_node = NULL, *value_key = NULL, *dist_key = NULL;
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
             p++) {
            const yaml_node_t *key;
            const char *text;
            int which;
            if ((rc = w_key(w, p, &key, &text)) || (rc = w_allowed(w, key, text, keys, "a value",
                                                                   &which)))
                return rc;
            yaml_node_t *val = w_node(w, p->value);
            if (!val)
                return BRINK_EINVAL;
            switch (which) {
            case K_VALUE:
                rc = w_number(w, val, w->path, &v->value);
                have_value = 1;
                value_key = key;
                where = val;
                break;
            case K_UNIT:
                rc = w_text(w, val, "unit", 1, &v->unit);
                unit_node = val;
                break;
            case K_SOURCE:
                rc = w_text(w, val, "source", 1, &v->source);
                break;
            case K_ASSUMED:
                rc = w_bool(w, val, "assumed", &v->assumed);
                break;
            case K_AS_OF:
                rc = w_date(w, val, "as_of", &v->as_of);
                v->has_as_of = 1;
                break;
            case K_NOTE:
                rc = w_text(w, val, "note", 0, &v->note);
                break;
            case K_BOUNDS:
                bounds = val;
                break;
            default:
                if (have_dist)
                    return w_fail(w, key, "a second distribution '%s'; expected at most one "
                                  "distribution per value",
                                  text);
                rc = dist_params(w, val, (brink_dist_kind)(which - K_DIST0 + 1), v);
                have_dist = 1;
                dist_key = key;
                where = val;
                break;
            }
            if (rc)
                return rc;
        }
        if (have_value && have_dist)
            return w_fail(w,
                          value_key->start_mark.index > dist_key->start_mark.index ? value_key
                                                                                   : dist_key,
                          "%s has both a value and a distribution; expected one of them",
                          w->path);
        if (!have_value && !have_dist)
            return w_fail(w, n, "%s has neither 'value' nor a distribution; expected one of "
                          "value, uniform, triangular, normal, lognormal, beta, gamma",
                          w->path);
        if (bounds) {
            if (!have_dist)
                return w_fail(w, bounds, "bounds apply to distributions only; expected bounds "
                              "next to uniform, triangular, normal, lognormal, beta or gamma");
            if (bounds->type != YAML_SEQUENCE_NODE ||
                bounds->data.sequence.items.top - bounds->data.sequence.items.start != 2)
                return w_fail(w, bounds, "bounds is %s; expected [lo, hi]", node_kind(bounds));
            for (int i = 0; i < 2; i++) {
                yaml_node_t *item = w_node(w, bounds->data.sequence.items.start[i]);
                if (!item)
                    return BRINK_EINVAL;
                if ((rc = w_number(w, item, "a bound", i ? &v->hi : &v->lo)))
                    return rc;
            }
            if (!(v->lo < v->hi))
                return w_fail(w, bounds, "bounds [%g, %g] are empty; expected lo < hi", v->lo,
                              v->hi);
            v->has_bounds = 1;
        }
        if (unit && v->unit && strcmp(unit, v->unit) != 0)
            return w_fail(w, unit_node, "unit '%s' does not match; expected '%s' for %s",
                          v->unit, unit, w->path);
        if (w->strict && !v->source && !v->assumed)
            return w_fail(w, n, "%s has no source; expected 'source: ...' or 'assumed: true'",
                          w->path);
    }
    if (w->strict && n && n->type == YAML_SCALAR_NODE)
        return w_fail(w, n, "%s has no source; expected {value: ..., source: ...} or "
                      "{value: ..., assumed: true}",
                      w->path);
    if (v->dist == BRINK_DIST_FIXED) {
        if (v->value < lo || v->value > hi)
            return w_fail(w, where, "%s = %g is out of range; expected a value in [%g, %g]",
                          w->path, v->value, lo, hi);
    } else {
        double slo, shi;
        dist_support(v, &slo, &shi);
        if (v->has_bounds) {
            if (v->lo > slo)
                slo = v->lo;
            if (v->hi < shi)
                shi = v->hi;
            if (!(slo < shi))
                return w_fail(w, where, "the bounds leave no support for %s; expected bounds "
                              "that overlap the distribution",
                              w->path);
        }
        if (slo < lo || shi > hi)
            return w_fail(w, where,
                          "the distribution of %s has support [%g, %g] outside [%g, %g]; "
                          "expected parameters or bounds inside the range",
                          w->path, slo, shi, lo, hi);
        v->value = dist_center(v);
        if (v->has_bounds && (v->value < v->lo || v->value > v->hi))
            v->value = 0.5 * (v->lo + v->hi);
    }
    return register_value(w, v);
}

/* ---- loading a document ---- */

/* libyaml reports reader errors (invalid UTF-8, control characters) as a byte offset only:
 * count lines and characters up to it, as editors do: a leading byte-order mark is not a column,
 * and CR LF, LF and a lone CR each end a line (as they do for libyaml). */
static void offset_to_position(const char *text, size_t len, size_t offset, int *line, int *col)
{
    int l = 1, c = 1;
    size_t i = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) && offset >= 3)
        i = 3;
    for (; i < offset && i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == '\n' || (ch == '\r' && (i + 1 >= len || text[i + 1] != '\n'))) {
            l++;
            c = 1;
        } else if (ch != '\r' && (ch & 0xC0) != 0x80) {
            c++; /* count characters, not continuation bytes */
        }
    }
    *line = l;
    *col = c;
}

/* For an invalid trailing byte, libyaml points at that byte: the character that is broken
 * starts at the lead byte before it. */
static size_t broken_char_start(const char *text, size_t offset, const char *problem)
{
    if (!problem || !strstr(problem, "trailing"))
        return offset;
    size_t i = offset;
    while (i > 0 && ((unsigned char)text[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0 && ((unsigned char)text[i - 1] & 0xC0) == 0xC0)
        i--;
    return i;
}

static int parser_error(const yaml_parser_t *p, const char *name, const char *text, size_t len,
                        brink_error *err)
{
    int line, col;
    if (p->error == YAML_READER_ERROR) {
        offset_to_position(text, len, broken_char_start(text, p->problem_offset, p->problem),
                           &line, &col);
        if (p->problem_value != -1)
            return brink_error_set(err, BRINK_EINVAL, name, line, col,
                                   "%s (byte 0x%02X); expected UTF-8 text",
                                   p->problem ? p->problem : "invalid input",
                                   (unsigned)p->problem_value & 0xFFu);
        return brink_error_set(err, BRINK_EINVAL, name, line, col, "%s; expected UTF-8 text",
                               p->problem ? p->problem : "invalid input");
    }
    if (p->error == YAML_MEMORY_ERROR)
        return brink_error_set(err, BRINK_ENOMEM, name, 0, 0, "out of memory while parsing");
    line = (int)p->problem_mark.line + 1;
    col = (int)p->problem_mark.column + 1;
    if (p->context) {
        /* an unclosed quote, bracket or brace: the opener is what the reader must find, and
         * libyaml gave up somewhere after it (often at the end of the file) */
        if (strstr(p->context, "quoted scalar") || strstr(p->context, "flow")) {
            return brink_error_set(err, BRINK_EINVAL, name, (int)p->context_mark.line + 1,
                                   (int)p->context_mark.column + 1,
                                   "%s %s that starts here (libyaml stopped at %d:%d); expected "
                                   "it closed",
                                   p->problem, p->context, line, col);
        }
        return brink_error_set(err, BRINK_EINVAL, name, line, col,
                               "%s %s; expected valid YAML (see line %d)", p->problem, p->context,
                               (int)p->context_mark.line + 1);
    }
    return brink_error_set(err, BRINK_EINVAL, name, line, col, "%s; expected valid YAML",
                           p->problem ? p->problem : "syntax error");
}

/* 1 when an event carries an explicit tag (!!str, !custom): brink decides types by schema, so a
 * tag would be silently ignored; it is refused instead. */
static int explicit_tag(const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        return ev->data.scalar.tag && !ev->data.scalar.plain_implicit &&
               !ev->data.scalar.quoted_implicit;
    case YAML_SEQUENCE_START_EVENT:
        return ev->data.sequence_start.tag && !ev->data.sequence_start.implicit;
    case YAML_MAPPING_START_EVENT:
        return ev->data.mapping_start.tag && !ev->data.mapping_start.implicit;
    default:
        return 0;
    }
}

/* Scans the event stream once: syntax errors, and nesting deeper than BRINK_MAX_DEPTH, are
 * reported before a tree is built (and before libyaml's composer could recurse on them). */
static int prescan(const char *text, size_t len, const char *name, brink_error *err)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return brink_error_set(err, BRINK_ENOMEM, name, 0, 0, "out of memory");
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    int depth = 0, rc = BRINK_OK, docs = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            rc = parser_error(&p, name, text, len, err);
            break;
        }
        yaml_event_type_t t = ev.type;
        int line = (int)ev.start_mark.line + 1, col = (int)ev.start_mark.column + 1;
        int tagged = explicit_tag(&ev);
        yaml_event_delete(&ev);
        if (tagged) {
            rc = brink_error_set(err, BRINK_EINVAL, name, line, col,
                                 "an explicit YAML tag; expected an untagged value (brink "
                                 "decides types from the schema)");
            break;
        }
        if (t == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
            rc = brink_error_set(err, BRINK_EINVAL, name, line, col,
                                 "a second YAML document; expected one scenario per file");
            break;
        }
        if (t == YAML_MAPPING_START_EVENT || t == YAML_SEQUENCE_START_EVENT) {
            if (++depth > BRINK_MAX_DEPTH) {
                rc = brink_error_set(err, BRINK_EINVAL, name, line, col,
                                     "nesting deeper than %d levels; expected a flatter document",
                                     BRINK_MAX_DEPTH);
                break;
            }
        } else if (t == YAML_MAPPING_END_EVENT || t == YAML_SEQUENCE_END_EVENT) {
            depth--;
        } else if (t == YAML_STREAM_END_EVENT) {
            break;
        }
    }
    yaml_parser_delete(&p);
    return rc;
}

int w_load(const char *text, size_t len, const char *name, size_t cap, int strict,
           brink_arena *arena, w_body body, void *ctx, const char **file_out,
           const brink_value ***vals_out, size_t *nvals_out, brink_error *err)
{
    return w_load_sets(text, len, name, cap, strict, NULL, 0, arena, body, ctx, file_out,
                       vals_out, nvals_out, err);
}

int w_load_sets(const char *text, size_t len, const char *name, size_t cap, int strict,
                const char *const *sets, size_t nsets, brink_arena *arena, w_body body,
                void *ctx, const char **file_out, const brink_value ***vals_out,
                size_t *nvals_out, brink_error *err)
{
    if (!name)
        name = "<buffer>";
    if (!cap)
        cap = BRINK_DEFAULT_MAX_BYTES;
    if (len > cap)
        return brink_error_set(err, BRINK_EINVAL, name, 0, 0,
                               "file of %zu bytes is over the size cap of %zu bytes; expected a "
                               "smaller file (or a larger --max-bytes)",
                               len, cap);
    int rc = prescan(text, len, name, err);
    if (rc)
        return rc;
    yaml_parser_t parser;
    yaml_document_t doc;
    int have_doc = 0, have_parser = 0;
    walker w;
    memset(&w, 0, sizeof w);
    char *fname = brink_arena_strdup(arena, name);
    if (!fname || !yaml_parser_initialize(&parser)) {
        rc = brink_error_set(err, BRINK_ENOMEM, name, 0, 0, "out of memory");
        goto done;
    }
    have_parser = 1;
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        rc = parser_error(&parser, name, text, len, err);
        goto done;
    }
    have_doc = 1;
    w.doc = &doc;
    w.arena = arena;
    w.file = fname;
    w.err = err;
    w.strict = strict;
    w.sets = sets;
    w.nsets = nsets;
    if (nsets) {
        w.set_first = brink_calloc(nsets, sizeof *w.set_first);
        w.set_last = brink_calloc(nsets, sizeof *w.set_last);
        if (!w.set_first || !w.set_last) {
            rc = brink_error_set(err, BRINK_ENOMEM, name, 0, 0, "out of memory");
            goto done;
        }
        if ((rc = w_apply_sets(&w, err)))
            goto done;
    }
    if ((rc = body(&w, ctx)))
        goto done;
    /* the value list moves into the arena */
    const brink_value **vals = brink_arena_array(arena, w.nvals ? w.nvals : 1, sizeof *vals);
    if (!vals) {
        rc = w_nomem(&w);
        goto done;
    }
    for (size_t i = 0; i < w.nvals; i++)
        vals[i] = w.vals[i];
    *vals_out = vals;
    *nvals_out = w.nvals;
    *file_out = fname;
done:
    brink_free(w.vals);
    brink_free(w.set_first);
    brink_free(w.set_last);
    if (have_doc)
        yaml_document_delete(&doc);
    if (have_parser)
        yaml_parser_delete(&parser);
    if (rc == BRINK_OK && !*file_out)
        rc = BRINK_EINTERNAL;
    return rc;
}

int w_read_file(const char *path, size_t cap, char **buf_out, size_t *size_out, brink_error *err)
{
    if (!cap)
        cap = BRINK_DEFAULT_MAX_BYTES;
    *buf_out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    /* read at most cap + 1 bytes: enough to know the file is over the cap */
    size_t size = 0, alloc = 64 * 1024;
    char *buf = brink_malloc(alloc);
    int rc = BRINK_OK;
    if (!buf) {
        rc = brink_error_set(err, BRINK_ENOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    for (;;) {
        if (size == alloc) {
            if (alloc > cap)
                break;
            char *p = brink_realloc(buf, alloc * 2);
            if (!p) {
                rc = brink_error_set(err, BRINK_ENOMEM, path, 0, 0, "out of memory");
                goto done;
            }
            buf = p;
            alloc *= 2;
        }
        size_t want = alloc - size;
        if (want > cap + 1 - size)
            want = cap + 1 - size;
        if (want == 0)
            break;
        size_t got = fread(buf + size, 1, want, f);
        size += got;
        if (got < want) {
            if (ferror(f)) {
                rc = brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot read: %s",
                                     strerror(errno));
                goto done;
            }
            break;
        }
    }
    if (size > cap)
        rc = brink_error_set(err, BRINK_EINVAL, path, 0, 0,
                             "file is over the size cap of %zu bytes; expected a smaller file "
                             "(or a larger --max-bytes)",
                             cap);
done:
    fclose(f);
    if (rc) {
        brink_free(buf);
        return rc;
    }
    *buf_out = buf;
    *size_out = size;
    return BRINK_OK;
}

/* ---- --set overrides ---- */

/* Upper bound on the nodes one --set value may bring (aliases could otherwise multiply them). */
#define SET_MAX_NODES 10000

static int set_error(walker *w, size_t i, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int set_error(walker *w, size_t i, const char *fmt, ...)
{
    char label[BRINK_ERROR_FILE_MAX];
    snprintf(label, sizeof label, "--set %s", w->sets[i]);
    va_list ap;
    va_start(ap, fmt);
    brink_error_setv(w->err, BRINK_EINVAL, label, 0, 0, fmt, ap);
    va_end(ap);
    return BRINK_EINVAL;
}

/* Copies node src_id of src (and everything under it) into dst; *out is the new node's id.
 * Marks are kept, so errors can point into the --set text. */
static int graft(yaml_document_t *dst, yaml_document_t *src, int src_id, int depth,
                 long *budget, int *out)
{
    yaml_node_t *n = yaml_document_get_node(src, src_id);
    if (!n || depth > BRINK_MAX_DEPTH || --*budget < 0)
        return BRINK_EINVAL;
    yaml_mark_t mark = n->start_mark;
    int id = 0;
    switch (n->type) {
    case YAML_SCALAR_NODE:
        id = yaml_document_add_scalar(dst, NULL, n->data.scalar.value,
                                      (int)n->data.scalar.length, n->data.scalar.style);
        break;
    case YAML_SEQUENCE_NODE: {
        id = yaml_document_add_sequence(dst, NULL, n->data.sequence.style);
        if (!id)
            return BRINK_ENOMEM;
        size_t k = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        for (size_t i = 0; i < k; i++) {
            int child;
            /* n may move when src grows? src is not modified; dst may: re-fetch nothing of dst */
            int rc = graft(dst, src, n->data.sequence.items.start[i], depth + 1, budget, &child);
            if (rc)
                return rc;
            if (!yaml_document_append_sequence_item(dst, id, child))
                return BRINK_ENOMEM;
        }
        break;
    }
    case YAML_MAPPING_NODE: {
        id = yaml_document_add_mapping(dst, NULL, n->data.mapping.style);
        if (!id)
            return BRINK_ENOMEM;
        size_t k = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
        for (size_t i = 0; i < k; i++) {
            int kid, vid;
            int rc = graft(dst, src, n->data.mapping.pairs.start[i].key, depth + 1, budget, &kid);
            if (!rc)
                rc = graft(dst, src, n->data.mapping.pairs.start[i].value, depth + 1, budget, &vid);
            if (rc)
                return rc;
            if (!yaml_document_append_mapping_pair(dst, id, kid, vid))
                return BRINK_ENOMEM;
        }
        break;
    }
    default:
        return BRINK_EINVAL;
    }
    if (!id)
        return BRINK_ENOMEM;
    yaml_document_get_node(dst, id)->start_mark = mark;
    *out = id;
    return BRINK_OK;
}

/* The value id of key in mapping node map_id, or 0. */
static int map_get(yaml_document_t *doc, int map_id, const char *key, size_t keylen,
                   yaml_node_pair_t **pair)
{
    yaml_node_t *m = yaml_document_get_node(doc, map_id);
    if (!m || m->type != YAML_MAPPING_NODE)
        return 0;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (k && k->type == YAML_SCALAR_NODE && k->data.scalar.length == keylen &&
            !memcmp(k->data.scalar.value, key, keylen)) {
            if (pair)
                *pair = p;
            return p->value;
        }
    }
    return 0;
}

/* 1 when mapping node id has key `key` whose scalar value is `want` (length wlen). */
static int map_has(yaml_document_t *doc, int id, const char *key, const char *want, size_t wlen)
{
    int v = map_get(doc, id, key, strlen(key), NULL);
    yaml_node_t *n = v ? yaml_document_get_node(doc, v) : NULL;
    return n && n->type == YAML_SCALAR_NODE && n->data.scalar.length == wlen &&
           !memcmp(n->data.scalar.value, want, wlen);
}

/* In sequence seq_id, the entry selected by segment (an id or name, or "A>B" for a pair). */
static int seq_select(yaml_document_t *doc, int seq_id, const char *seg, size_t len)
{
    yaml_node_t *s = yaml_document_get_node(doc, seq_id);
    const char *gt = memchr(seg, '>', len);
    for (yaml_node_item_t *it = s->data.sequence.items.start; it < s->data.sequence.items.top;
         it++) {
        if (gt) {
            if (map_has(doc, *it, "from", seg, (size_t)(gt - seg)) &&
                map_has(doc, *it, "to", gt + 1, len - (size_t)(gt - seg) - 1))
                return *it;
        } else if (map_has(doc, *it, "id", seg, len) || map_has(doc, *it, "name", seg, len)) {
            return *it;
        }
    }
    return 0;
}

int w_apply_sets(walker *w, brink_error *err)
{
    yaml_document_t *doc = w->doc;
    for (size_t i = 0; i < w->nsets; i++) {
        const char *text = w->sets[i];
        const char *eq = strchr(text, '=');
        if (!eq || eq == text)
            return set_error(w, i, "expected PATH=VALUE, e.g. "
                             "actors.USA.dispositions.resolve=0.9");
        int root = doc->nodes.start ? 1 : 0;
        if (!root)
            return set_error(w, i, "the document is empty; expected a scenario to override");
        /* walk the path */
        int cur = root;
        const char *seg = text;
        yaml_node_pair_t *pair = NULL;
        int parent = 0;
        const char *missing = NULL, *last_key = "";
        size_t missing_len = 0, last_key_len = 0;
        while (seg < eq) {
            const char *dot = memchr(seg, '.', (size_t)(eq - seg));
            size_t len = dot ? (size_t)(dot - seg) : (size_t)(eq - seg);
            if (len == 0)
                return set_error(w, i, "empty path segment; expected names separated by '.'");
            yaml_node_t *n = yaml_document_get_node(doc, cur);
            if (n->type == YAML_MAPPING_NODE) {
                int next = 0;
                /* relations.A>B: the pair lives in relations.pairs */
                if (memchr(seg, '>', len)) {
                    int pairs = map_get(doc, cur, "pairs", 5, NULL);
                    yaml_node_t *pn = pairs ? yaml_document_get_node(doc, pairs) : NULL;
                    if (pn && pn->type == YAML_SEQUENCE_NODE)
                        next = seq_select(doc, pairs, seg, len);
                    if (!next)
                        return set_error(w, i, "no relation pair '%.*s'; expected a pair "
                                         "listed in the file",
                                         (int)len, seg);
                    pair = NULL;
                } else {
                    next = map_get(doc, cur, seg, len, &pair);
                    if (!next) {
                        /* a key with dots (a parameter name): the rest of the path */
                        size_t rest = (size_t)(eq - seg);
                        next = map_get(doc, cur, seg, rest, &pair);
                        if (next)
                            len = rest, dot = NULL;
                    }
                    if (!next) {
                        /* a new key: only at the end of the path (or the rest as one key) */
                        missing = seg;
                        missing_len = (size_t)(eq - seg);
                        parent = cur;
                        break;
                    }
                }
                parent = cur;
                cur = next;
                last_key = seg;
                last_key_len = len;
            } else if (n->type == YAML_SEQUENCE_NODE) {
                int next = seq_select(doc, cur, seg, len);
                if (!next)
                    return set_error(w, i, "no entry '%.*s' in this list; expected an existing "
                                     "id",
                                     (int)len, seg);
                parent = 0;
                pair = NULL;
                cur = next;
            } else {
                return set_error(w, i, "'%.*s' goes below a value; expected a path that ends "
                                 "at a value",
                                 (int)len, seg);
            }
            seg = dot ? dot + 1 : eq;
        }
        /* parse the value and graft it */
        const char *value = eq + 1;
        yaml_parser_t p;
        yaml_document_t vdoc;
        if (!yaml_parser_initialize(&p))
            return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        yaml_parser_set_input_string(&p, (const unsigned char *)value, strlen(value));
        int ok = yaml_parser_load(&p, &vdoc);
        if (!ok) {
            char label[BRINK_ERROR_FILE_MAX];
            snprintf(label, sizeof label, "--set %s", text);
            brink_error_set(err, BRINK_EINVAL, label, 1,
                            (int)(value - text) + (int)p.problem_mark.column + 1,
                            "%s; expected a value in YAML syntax",
                            p.problem ? p.problem : "syntax error");
            yaml_parser_delete(&p);
            return BRINK_EINVAL;
        }
        yaml_parser_delete(&p);
        int rc = BRINK_OK, vid = 0;
        long budget = SET_MAX_NODES;
        if (!yaml_document_get_root_node(&vdoc)) {
            rc = set_error(w, i, "the value is empty; expected a value after '='");
        } else {
            w->set_first[i] = (long)(doc->nodes.top - doc->nodes.start) + 1;
            rc = graft(doc, &vdoc, 1, 0, &budget, &vid);
            w->set_last[i] = (long)(doc->nodes.top - doc->nodes.start);
            if (rc == BRINK_EINVAL)
                rc = set_error(w, i, "the value is nested too deeply or too large; expected a "
                               "small value");
            else if (rc)
                rc = brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        }
        yaml_document_delete(&vdoc);
        if (rc)
            return rc;
        if (missing) {
            /* add the missing keys: under a `params` map the rest of the path is one parameter
             * name; elsewhere each segment is a level of nested mappings */
            int in_params = last_key_len == 6 && !memcmp(last_key, "params", 6);
            const char *k = missing, *kend = missing + missing_len;
            int at = parent;
            while (k < kend) {
                const char *dot = in_params ? NULL : memchr(k, '.', (size_t)(kend - k));
                size_t klen = dot ? (size_t)(dot - k) : (size_t)(kend - k);
                int kid = yaml_document_add_scalar(doc, NULL, (yaml_char_t *)(uintptr_t)k,
                                                   (int)klen, YAML_PLAIN_SCALAR_STYLE);
                int child = dot ? yaml_document_add_mapping(doc, NULL, YAML_FLOW_MAPPING_STYLE)
                                : vid;
                if (!kid || !child || !yaml_document_append_mapping_pair(doc, at, kid, child))
                    return brink_error_set(err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
                at = child;
                if (klen == 6 && !memcmp(k, "params", 6))
                    in_params = 1; /* below a new params map, the rest is one name */
                k = dot ? dot + 1 : kend;
            }
            /* the new keys count as part of this --set for error locations */
            w->set_last[i] = (long)(doc->nodes.top - doc->nodes.start);
        } else if (pair) {
            pair->value = vid;
        } else {
            return set_error(w, i, "the path names a list entry, not a value; expected a path "
                             "that ends at a key");
        }
    }
    return BRINK_OK;
}
