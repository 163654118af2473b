/* SPDX-License-Identifier: MIT */
/*
 * smp_csv.c — reads scenarios for the spatial model of politics in the CSV layout of KTAB's
 * smpc (ktab-smp.md §1.1): a line with the scenario's name, description and counts, a header line
 * naming the dimensions, and one line per actor with its capability and, per dimension, position
 * and salience (0-100).
 *
 * Tokenising is brink_csv_parse's (RFC 4180); this file checks the layout and the numbers and
 * reports every problem as file:line:col of the offending field. A loaded scenario owns one
 * storage block laid out as [doubles | string pointers | string bytes], so freeing it is two
 * calls and no partially built scenario can leak.
 *
 * Differences from smpc's reader, on purpose: it rejects what smpc accepts but then fails on
 * (capability 0, an actor whose saliences are all 0, fewer actor rows than declared) and extra
 * rows or non-blank extra fields (smpc silently ignores them); it accepts 2 actors (smpc wants 3)
 * and does not limit the length of names.
 */
#include "bargain/smp.h"

#include <errno.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1 if s holds only blanks (spaces and tabs) or nothing. */
static int is_blank_text(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return 0;
    return 1;
}

/* Checks that the fields of row from index used on are blank (a trailing comma leaves one). */
static int check_trailing(const brink_csv_row *row, size_t used, const char *file, brink_error *err)
{
    for (size_t f = used; f < row->nfields; f++)
        if (!is_blank_text(row->fields[f].text))
            return brink_error_set(err, BRINK_EINVAL, file, row->fields[f].line,
                                   row->fields[f].column,
                                   "unexpected field '%.40s'; this line has %zu fields (a "
                                   "trailing comma is allowed)",
                                   row->fields[f].text, used);
    return BRINK_OK;
}

/* Reports a row with fewer than want fields, at its last field. */
static int short_row(const brink_csv_row *row, size_t want, const char *what, const char *file,
                     brink_error *err)
{
    const brink_csv_field *last = &row->fields[row->nfields - 1];
    return brink_error_set(err, BRINK_EINVAL, file, last->line, last->column,
                           "line has %zu fields; expected %zu (%s)", row->nfields, want, what);
}

/* Parses a count (an integer with optional blanks around it) in [lo, hi]. */
static int parse_count(const brink_csv_field *f, const char *what, long lo, long hi,
                       const char *file, size_t *out, brink_error *err)
{
    const char *p = f->text;
    while (*p == ' ' || *p == '\t')
        p++;
    char *end = NULL;
    errno = 0;
    long v = (*p >= '0' && *p <= '9') || *p == '-' || *p == '+' ? strtol(p, &end, 10) : 0;
    if (!end || end == p || errno == ERANGE || !is_blank_text(end))
        return brink_error_set(err, BRINK_EINVAL, file, f->line, f->column,
                               "'%.40s' is not a whole number; expected the %s (%ld..%ld)", f->text,
                               what, lo, hi);
    if (v < lo || v > hi)
        return brink_error_set(err, BRINK_EINVAL, file, f->line, f->column,
                               "%ld is out of range; expected the %s (%ld..%ld)", v, what, lo, hi);
    *out = (size_t)v;
    return BRINK_OK;
}

/* Reads a number field into *out and checks lo <= *out <= hi (strict lower bound if lo_open). */
static int parse_number(const brink_csv_field *f, const char *what, double lo, int lo_open,
                        double hi, const char *file, double *out, brink_error *err)
{
    int rc = brink_csv_field_double(f, file, out, err);
    if (rc)
        return rc;
    if ((lo_open ? !(*out > lo) : !(*out >= lo)) || !(*out <= hi))
        return brink_error_set(err, BRINK_EINVAL, file, f->line, f->column,
                               "%s %g is out of range; expected %s %g and at most %g", what, *out,
                               lo_open ? "more than" : "at least", lo, hi);
    return BRINK_OK;
}

/* Rounds n up to a multiple of the strictest alignment. */
static size_t align_up(size_t n)
{
    const size_t a = alignof(max_align_t);
    return (n + a - 1) / a * a;
}

/* Copies s into the string area at *cursor and returns the copy. */
static const char *put_string(char **cursor, const char *s)
{
    size_t len = strlen(s) + 1;
    char *dst = *cursor;
    memcpy(dst, s, len);
    *cursor += len;
    return dst;
}

/* Builds a scenario from a parsed table. */
static int convert(const brink_csv_table *t, const char *file, brink_smp_scenario **out,
                   brink_error *err)
{
    static const char layout[] = "name, description, number of actors, number of dimensions";
    brink_smp_scenario *sc = NULL;
    void *block = NULL;
    size_t n = 0, d = 0;
    int rc;

    if (t->nrows == 0)
        return brink_error_set(err, BRINK_EINVAL, file, 1, 1,
                               "no data; expected a first line with the scenario's %s", layout);
    const brink_csv_row *r0 = &t->rows[0];
    if (r0->nfields < 4)
        return short_row(r0, 4, layout, file, err);
    if ((rc = check_trailing(r0, 4, file, err)) != BRINK_OK ||
        (rc = parse_count(&r0->fields[2], "number of actors", 2, BRINK_SMP_MAX_ACTORS, file, &n,
                          err)) != BRINK_OK ||
        (rc = parse_count(&r0->fields[3], "number of dimensions", 1, BRINK_SMP_MAX_DIMS, file, &d,
                          err)) != BRINK_OK)
        return rc;
    const size_t width = 3 + 2 * d;
    if (t->nrows < 2)
        return brink_error_set(err, BRINK_EINVAL, file, r0->fields[0].line + 1, 1,
                               "no header line; expected 'Actor,Description,Power' followed by "
                               "a position and a salience column for each of %zu dimensions",
                               d);
    const brink_csv_row *hdr = &t->rows[1];
    if (hdr->nfields < width)
        return short_row(hdr, width,
                         "Actor, Description, Power, then a position and a salience column per "
                         "dimension",
                         file, err);
    if ((rc = check_trailing(hdr, width, file, err)) != BRINK_OK)
        return rc;
    if (t->nrows - 2 < n)
        return brink_error_set(err, BRINK_EINVAL, file, r0->fields[2].line, r0->fields[2].column,
                               "the first line declares %zu actors but %zu actor lines follow "
                               "the header",
                               n, t->nrows - 2);
    if (t->nrows - 2 > n) {
        const brink_csv_field *f = &t->rows[2 + n].fields[0];
        return brink_error_set(err, BRINK_EINVAL, file, f->line, f->column,
                               "unexpected line: the first line declares %zu actors", n);
    }

    /* Check every actor row before allocating anything. */
    size_t text_bytes = strlen(r0->fields[0].text) + strlen(r0->fields[1].text) + 2;
    for (size_t k = 0; k < d; k++)
        text_bytes += strlen(hdr->fields[3 + 2 * k].text) + 1;
    for (size_t i = 0; i < n; i++) {
        const brink_csv_row *row = &t->rows[2 + i];
        if (row->nfields < width)
            return short_row(row, width,
                             "name, description, capability, then position and salience for "
                             "each dimension",
                             file, err);
        if ((rc = check_trailing(row, width, file, err)) != BRINK_OK)
            return rc;
        if (is_blank_text(row->fields[0].text))
            return brink_error_set(err, BRINK_EINVAL, file, row->fields[0].line,
                                   row->fields[0].column, "empty actor name; expected a name");
        text_bytes += strlen(row->fields[0].text) + strlen(row->fields[1].text) + 2;
    }

    /* One block: doubles, then pointers, then the strings. */
    const size_t n_doubles = n + 2 * n * d, n_ptrs = 2 * n + d;
    const size_t off_ptrs = align_up(n_doubles * sizeof(double));
    const size_t off_text = off_ptrs + align_up(n_ptrs * sizeof(char *));
    sc = brink_calloc(1, sizeof *sc);
    block = brink_malloc(off_text + text_bytes);
    if (!sc || !block) {
        rc = brink_error_set(err, BRINK_ENOMEM, file, 0, 0, "out of memory reading the scenario");
        goto fail;
    }
    double *cap = block;
    double *pos = cap + n, *sal = pos + n * d;
    const char **names = (const char **)(void *)((char *)block + off_ptrs);
    const char **descs = names + n, **dims = descs + n;
    char *cursor = (char *)block + off_text;

    sc->storage_ = block;
    sc->n_actors = n;
    sc->n_dims = d;
    sc->capability = cap;
    sc->position = pos;
    sc->salience = sal;
    sc->actor_names = names;
    sc->actor_descriptions = descs;
    sc->dim_names = dims;
    sc->name = put_string(&cursor, r0->fields[0].text);
    sc->description = put_string(&cursor, r0->fields[1].text);
    for (size_t k = 0; k < d; k++)
        dims[k] = put_string(&cursor, hdr->fields[3 + 2 * k].text);

    for (size_t i = 0; i < n; i++) {
        const brink_csv_row *row = &t->rows[2 + i];
        names[i] = put_string(&cursor, row->fields[0].text);
        descs[i] = put_string(&cursor, row->fields[1].text);
        rc = parse_number(&row->fields[2], "capability", 0, 1, 1e300, file, &cap[i], err);
        if (rc)
            goto fail;
        double total = 0;
        for (size_t k = 0; k < d; k++) {
            const brink_csv_field *fp = &row->fields[3 + 2 * k], *fs = fp + 1;
            rc = parse_number(fp, "position", 0, 0, 100, file, &pos[i * d + k], err);
            if (rc)
                goto fail;
            rc = parse_number(fs, "salience", 0, 0, 100, file, &sal[i * d + k], err);
            if (rc)
                goto fail;
            total += sal[i * d + k];
            if (total > 100) {
                rc = brink_error_set(err, BRINK_EINVAL, file, fs->line, fs->column,
                                     "the saliences of actor '%s' add up to %g here; expected "
                                     "at most 100 in total",
                                     names[i], total);
                goto fail;
            }
        }
        if (!(total > 0)) {
            const brink_csv_field *fs = &row->fields[4];
            rc = brink_error_set(err, BRINK_EINVAL, file, fs->line, fs->column,
                                 "every salience of actor '%s' is 0; expected at least one "
                                 "above 0",
                                 names[i]);
            goto fail;
        }
    }
    rc = brink_smp_scenario_validate(sc, err);
    if (rc)
        goto fail;
    *out = sc;
    return BRINK_OK;

fail:
    brink_free(block);
    brink_free(sc);
    return rc;
}

int brink_smp_csv_parse(const char *text, size_t len, const char *file, brink_smp_scenario **out,
                        brink_error *err)
{
    brink_csv_table *t = NULL;
    if (!out || (!text && len > 0))
        return brink_error_set(err, BRINK_EUSAGE, file, 0, 0,
                               "brink_smp_csv_parse: NULL text or out");
    *out = NULL;
    int rc = brink_csv_parse(text ? text : "", len, ',', file, &t, err);
    if (rc)
        return rc;
    rc = convert(t, file, out, err);
    brink_csv_free(t);
    return rc;
}

void brink_smp_scenario_free(brink_smp_scenario *sc)
{
    if (!sc)
        return;
    brink_free(sc->storage_);
    brink_free(sc);
}

/* Reads the whole file at path into a new buffer (freed with brink_free). */
static int read_file(const char *path, char **buf_out, size_t *len_out, brink_error *err)
{
    char msg[128];
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        if (strerror_r(e, msg, sizeof msg) != 0)
            snprintf(msg, sizeof msg, "error %d", e);
        return brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot open the file: %s", msg);
    }
    char *buf = NULL;
    size_t cap = 0, len = 0;
    int rc = BRINK_OK;
    for (;;) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 4096;
            char *nb = ncap > cap ? brink_realloc(buf, ncap) : NULL;
            if (!nb) {
                rc = brink_error_set(err, BRINK_ENOMEM, path, 0, 0,
                                     "out of memory reading the "
                                     "file");
                goto fail;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                rc = brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot read the file");
                goto fail;
            }
            break;
        }
    }
    fclose(f);
    *buf_out = buf;
    *len_out = len;
    return BRINK_OK;
fail:
    fclose(f);
    brink_free(buf);
    return rc;
}

int brink_smp_csv_load(const char *path, brink_smp_scenario **out, brink_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    if (!path || !out)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0, "brink_smp_csv_load: NULL argument");
    *out = NULL;
    int rc = read_file(path, &buf, &len, err);
    if (rc)
        return rc;
    rc = brink_smp_csv_parse(buf, len, path, out, err);
    brink_free(buf);
    return rc;
}
