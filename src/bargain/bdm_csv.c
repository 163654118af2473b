/* SPDX-License-Identifier: MIT */
/*
 * bdm_csv.c — the BDM-style stakeholder CSV reader (see bdm_csv.h).
 *
 * Two passes over the tokenised table: the first finds the columns, counts the rows, checks every
 * row's width and sums the text bytes, so that one exact-size block can be allocated; the second
 * converts the numbers into it. Any error in the second pass frees the block, so a failed read
 * leaves nothing allocated.
 */
#include "bargain/bdm_csv.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* 1 for the blanks trimmed around a column name. */
static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Index of the column of hdr named h (case-insensitive, blanks trimmed), or -1. */
static long column_of(const brink_csv_row *hdr, const char *h)
{
    size_t hlen = strlen(h);
    for (size_t c = 0; c < hdr->nfields; c++) {
        const char *s = hdr->fields[c].text;
        while (is_blank(*s))
            s++;
        size_t len = strlen(s);
        while (len && is_blank(s[len - 1]))
            len--;
        if (len == hlen && !strncasecmp(s, h, len))
            return (long)c;
    }
    return -1;
}

int brink_bdm_csv_detect(const brink_csv_table *csv)
{
    return csv && csv->nrows > 0 && column_of(&csv->rows[0], "actor") >= 0;
}

/* Rounds n up to a multiple of the strictest alignment. */
static size_t align_up(size_t n)
{
    const size_t a = alignof(max_align_t);
    return (n + a - 1) / a * a;
}

int brink_bdm_csv_read(const brink_csv_table *csv, const char *file, brink_bdm_table **out,
                       brink_error *err)
{
    if (!csv || !out)
        return brink_error_set(err, BRINK_EUSAGE, file, 0, 0, "brink_bdm_csv_read: NULL argument");
    *out = NULL;
    if (csv->nrows == 0)
        return brink_error_set(err, BRINK_EINVAL, file, 1, 1,
                               "the file is empty; expected a stakeholder table");
    const brink_csv_row *hdr = &csv->rows[0];
    long ca = column_of(hdr, "actor"), cc = column_of(hdr, "capability"),
         cp = column_of(hdr, "position"), cs = column_of(hdr, "salience");
    double sal_scale = 1;
    if (cs < 0) {
        cs = column_of(hdr, "salience_0_100");
        sal_scale = 100;
    }
    if (ca < 0 || cc < 0 || cp < 0 || cs < 0)
        return brink_error_set(err, BRINK_EINVAL, file, hdr->fields[0].line, 1,
                               "the header lacks a column; expected actor, capability, position "
                               "and salience (or salience_0_100)");
    size_t n = csv->nrows - 1;
    if (n < 2)
        return brink_error_set(err, BRINK_EINVAL, file, hdr->fields[0].line, 1,
                               "%zu actor rows; expected at least two", n);
    if (n > BRINK_BDM_MAX_ACTORS) {
        const brink_csv_field *f = &csv->rows[1 + BRINK_BDM_MAX_ACTORS].fields[0];
        return brink_error_set(err, BRINK_EINVAL, file, f->line, f->column,
                               "more than %d actor rows; expected at most %d", BRINK_BDM_MAX_ACTORS,
                               BRINK_BDM_MAX_ACTORS);
    }
    long need = ca;
    if (cc > need)
        need = cc;
    if (cp > need)
        need = cp;
    if (cs > need)
        need = cs;

    /* first pass: row widths and the bytes of the names */
    size_t text_bytes = 0;
    for (size_t i = 0; i < n; i++) {
        const brink_csv_row *r = &csv->rows[i + 1];
        if ((long)r->nfields <= need)
            return brink_error_set(
                err, BRINK_EINVAL, file, r->fields[0].line, r->fields[r->nfields - 1].column,
                "row has %zu fields; expected at least %ld", r->nfields, need + 1);
        text_bytes += strlen(r->fields[ca].text) + 1; /* no overflow: bounded by the input */
    }

    /* one block: capability, position, salience, then the name pointers, then the names */
    const size_t off_ptrs = align_up(3 * n * sizeof(double));
    const size_t off_text = off_ptrs + align_up(n * sizeof(char *));
    brink_bdm_table *t = brink_calloc(1, sizeof *t);
    void *block = brink_malloc(off_text + text_bytes);
    int rc = BRINK_OK;
    if (!t || !block) {
        rc = brink_error_set(err, BRINK_ENOMEM, file, 0, 0, "out of memory reading the table");
        goto fail;
    }
    double *cap = block, *pos = cap + n, *sal = pos + n;
    const char **names = (const char **)(void *)((char *)block + off_ptrs);
    char *cursor = (char *)block + off_text;

    /* second pass: names and numbers */
    for (size_t i = 0; i < n; i++) {
        const brink_csv_row *r = &csv->rows[i + 1];
        size_t len = strlen(r->fields[ca].text) + 1;
        memcpy(cursor, r->fields[ca].text, len);
        names[i] = cursor;
        cursor += len;
        double s;
        if ((rc = brink_csv_field_double(&r->fields[cc], file, &cap[i], err)) != BRINK_OK ||
            (rc = brink_csv_field_double(&r->fields[cp], file, &pos[i], err)) != BRINK_OK ||
            (rc = brink_csv_field_double(&r->fields[cs], file, &s, err)) != BRINK_OK)
            goto fail;
        if (cap[i] < 0) {
            rc = brink_error_set(err, BRINK_EINVAL, file, r->fields[cc].line, r->fields[cc].column,
                                 "capability %g is negative; expected a number >= 0", cap[i]);
            goto fail;
        }
        if (s < 0 || s > sal_scale) {
            rc = brink_error_set(err, BRINK_EINVAL, file, r->fields[cs].line, r->fields[cs].column,
                                 "salience %g is out of range; expected a number in [0, %g]", s,
                                 sal_scale);
            goto fail;
        }
        sal[i] = s / sal_scale;
    }
    t->n = n;
    t->names = names;
    t->capability = cap;
    t->position = pos;
    t->salience = sal;
    t->storage_ = block;
    *out = t;
    return BRINK_OK;

fail:
    brink_free(block);
    brink_free(t);
    return rc;
}

int brink_bdm_csv_parse(const char *text, size_t len, const char *file, brink_bdm_table **out,
                        brink_error *err)
{
    if (!out || (!text && len > 0))
        return brink_error_set(err, BRINK_EUSAGE, file, 0, 0,
                               "brink_bdm_csv_parse: NULL text or out");
    *out = NULL;
    brink_csv_table *csv = NULL;
    int rc = brink_csv_parse(text ? text : "", len, ',', file, &csv, err);
    if (rc)
        return rc;
    rc = brink_bdm_csv_read(csv, file, out, err);
    brink_csv_free(csv);
    return rc;
}

void brink_bdm_table_free(brink_bdm_table *t)
{
    if (!t)
        return;
    brink_free(t->storage_);
    brink_free(t);
}
