/* SPDX-License-Identifier: MIT */
/*
 * csv.c — an RFC 4180 reader for the tables scenarios refer to (stakeholder positions, CAMEO
 * codes, series). Fields stay text; a schema converts them later, so "010" keeps its zeros.
 *
 * Grammar accepted: fields separated by the delimiter (',' or '\t'); a field that starts with '"'
 * is quoted, runs to the next lone '"' ("" stands for one '"'), and may hold delimiters and line
 * ends, kept verbatim; the closing quote must be followed by a delimiter, a line end or the end of
 * the input. A '"' inside an unquoted field is an ordinary character (as most readers do). Lines
 * end with LF or CRLF (a CR followed by the end of the input counts too; any other CR is data).
 * A UTF-8 byte-order mark at the very start is skipped and not counted in columns. Empty lines are
 * skipped; a line holding only a delimiter is a row of two empty fields. Rows may differ in length.
 * A NUL byte anywhere is an error (the input is probably not text).
 *
 * Positions: every field records the 1-based line and byte column of its first character (of the
 * opening quote when quoted); errors carry the line and column of the offending byte, or of the
 * opening quote of an unterminated field.
 *
 * Memory: the parser makes two passes over the same state machine (scan()). The first only counts
 * rows, fields and text bytes and finds every error before anything is allocated; the second fills
 * three exact-size blocks: the table, one block holding the row array followed by the field array,
 * and one storage block holding every field's text, each NUL-terminated. brink_csv_free releases
 * exactly these three. Inputs of INT_MAX bytes or more are refused with BRINK_ERANGE, because
 * lines and columns are ints.
 */
#include "brink.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The scanner: input, position, counts, and the blocks to fill (NULL in the counting pass). */
typedef struct scanner {
    const char *text;
    size_t len;
    size_t i;   /* next byte */
    int line;   /* of byte i, 1-based */
    int column; /* of byte i, 1-based, in bytes */
    char delim;
    const char *file;
    brink_error *err;
    size_t nrows;
    size_t nfields;
    size_t nbytes; /* text bytes including each field's NUL */
    brink_csv_row *rows;
    brink_csv_field *fields;
    char *storage;
} scanner;

/* Does a line end start at byte i? Returns its length (1 or 2), or 0. */
static size_t line_end_at(const scanner *s, size_t i)
{
    if (i >= s->len)
        return 0;
    if (s->text[i] == '\n')
        return 1;
    if (s->text[i] == '\r') {
        if (i + 1 == s->len)
            return 1;
        if (s->text[i + 1] == '\n')
            return 2;
    }
    return 0;
}

/* Consumes one byte that is not a line end (columns only). */
static void advance(scanner *s)
{
    s->i++;
    s->column++;
}

static void advance_line(scanner *s, size_t n)
{
    s->i += n;
    s->line++;
    s->column = 1;
}

static void emit(scanner *s, char c)
{
    if (s->storage)
        s->storage[s->nbytes] = c;
    s->nbytes++;
}

/* How the delimiter is named in messages. */
static const char *delim_name(char delim)
{
    return delim == '\t' ? "a tab" : "','";
}

static int nul_error(const scanner *s)
{
    return brink_error_set(s->err, BRINK_EINVAL, s->file, s->line, s->column,
                           "NUL byte in the input; expected text (is this a binary file?)");
}

/* Reads a quoted field from its opening quote; on return s->i is just past the closing quote. */
static int scan_quoted(scanner *s, int open_line, int open_column)
{
    advance(s); /* the opening quote */
    for (;;) {
        if (s->i >= s->len)
            return brink_error_set(s->err, BRINK_EINVAL, s->file, open_line, open_column,
                                   "unterminated quoted field; expected a closing '\"' before "
                                   "the end of the input");
        char c = s->text[s->i];
        if (c == '\0')
            return nul_error(s);
        if (c == '"') {
            if (s->i + 1 < s->len && s->text[s->i + 1] == '"') {
                emit(s, '"');
                advance(s);
                advance(s);
                continue;
            }
            advance(s);
            return BRINK_OK;
        }
        emit(s, c);
        if (c == '\n')
            advance_line(s, 1);
        else
            advance(s);
    }
}

/* Reads one field starting at s->i and records it. */
static int scan_field(scanner *s)
{
    int line = s->line, column = s->column;
    size_t start = s->nbytes;
    if (s->i < s->len && s->text[s->i] == '"') {
        int rc = scan_quoted(s, line, column);
        if (rc != BRINK_OK)
            return rc;
        if (s->i < s->len && s->text[s->i] != s->delim && line_end_at(s, s->i) == 0) {
            unsigned char c = (unsigned char)s->text[s->i];
            if (c == '\0')
                return nul_error(s);
            if (c >= 0x20 && c < 0x7f)
                return brink_error_set(s->err, BRINK_EINVAL, s->file, s->line, s->column,
                                       "unexpected '%c' after the closing quote of a field; "
                                       "expected %s or a line end",
                                       (char)c, delim_name(s->delim));
            return brink_error_set(s->err, BRINK_EINVAL, s->file, s->line, s->column,
                                   "unexpected byte 0x%02x after the closing quote of a field; "
                                   "expected %s or a line end",
                                   (unsigned)c, delim_name(s->delim));
        }
    } else {
        while (s->i < s->len && s->text[s->i] != s->delim && line_end_at(s, s->i) == 0) {
            char c = s->text[s->i];
            if (c == '\0')
                return nul_error(s);
            emit(s, c);
            advance(s);
        }
    }
    emit(s, '\0');
    if (s->fields) {
        brink_csv_field *f = &s->fields[s->nfields];
        f->text = s->storage + start;
        f->line = line;
        f->column = column;
    }
    s->nfields++;
    return BRINK_OK;
}

/* Runs the state machine over the whole input: counts, and fills when the blocks are set. */
static int scan(scanner *s, size_t start)
{
    s->i = start;
    s->line = 1;
    s->column = 1;
    s->nrows = s->nfields = s->nbytes = 0;
    while (s->i < s->len) {
        size_t eol = line_end_at(s, s->i);
        if (eol) { /* an empty line */
            advance_line(s, eol);
            continue;
        }
        size_t first = s->nfields;
        for (;;) {
            int rc = scan_field(s);
            if (rc != BRINK_OK)
                return rc;
            if (s->i < s->len && s->text[s->i] == s->delim) {
                advance(s);
                continue; /* a delimiter is always followed by a field, perhaps empty */
            }
            eol = line_end_at(s, s->i);
            if (eol)
                advance_line(s, eol);
            break;
        }
        if (s->rows) {
            s->rows[s->nrows].fields = s->fields + first;
            s->rows[s->nrows].nfields = s->nfields - first;
        }
        s->nrows++;
    }
    return BRINK_OK;
}

/* The size of the block holding nrows rows, padding to the field alignment, then nfields
 * fields; *fields_off is where the fields start. The counts are bounded by len + 1 fields, but
 * the arithmetic is checked anyway. Returns 0, or -1 on overflow. */
static int rows_block_size(size_t nrows, size_t nfields, size_t *fields_off, size_t *block)
{
    const size_t falign = alignof(brink_csv_field);
    if (nrows > SIZE_MAX / sizeof(brink_csv_row) || nfields > SIZE_MAX / sizeof(brink_csv_field))
        return -1;
    size_t off = nrows * sizeof(brink_csv_row);
    if (off > SIZE_MAX - (falign - 1))
        return -1;
    off = (off + falign - 1) / falign * falign;
    if (nfields * sizeof(brink_csv_field) > SIZE_MAX - off)
        return -1;
    *fields_off = off;
    *block = off + nfields * sizeof(brink_csv_field);
    return 0;
}

void brink_csv_free(brink_csv_table *t)
{
    if (!t)
        return;
    brink_free(t->rows); /* the field array lives in the same block */
    brink_free(t->storage_);
    brink_free(t);
}

int brink_csv_parse(const char *text, size_t len, char delim, const char *file,
                    brink_csv_table **out, brink_error *err)
{
    brink_csv_table *t = NULL;
    int rc;
    if (!out)
        return brink_error_set(err, BRINK_EUSAGE, file, 0, 0, "brink_csv_parse: out is NULL");
    *out = NULL;
    if (!text && len > 0)
        return brink_error_set(err, BRINK_EUSAGE, file, 0, 0, "brink_csv_parse: text is NULL");
    if (delim != ',' && delim != '\t')
        return brink_error_set(err, BRINK_EUSAGE, file, 0, 0,
                               "brink_csv_parse: delimiter 0x%02x; expected ',' or a tab",
                               (unsigned)(unsigned char)delim);
    if (len >= (size_t)INT_MAX)
        return brink_error_set(err, BRINK_ERANGE, file, 0, 0,
                               "input of %zu bytes; expected less than %d bytes", len, INT_MAX);

    size_t start = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        start = 3;

    scanner s = {0};
    s.text = text;
    s.len = len;
    s.delim = delim;
    s.file = file;
    s.err = err;
    rc = scan(&s, start);
    if (rc != BRINK_OK)
        return rc;

    const size_t nrows = s.nrows, nfields = s.nfields, nbytes = s.nbytes;
    size_t fields_off, block;
    if (rows_block_size(nrows, nfields, &fields_off, &block) != 0)
        return brink_error_set(err, BRINK_ERANGE, file, 0, 0, "table too large to index");

    t = brink_calloc(1, sizeof *t);
    if (!t)
        goto nomem;
    if (nrows > 0) {
        t->rows = brink_malloc(block);
        if (!t->rows)
            goto nomem;
        t->storage_ = brink_malloc(nbytes);
        if (!t->storage_)
            goto nomem;
        t->storage_len_ = nbytes;
        s.rows = t->rows;
        s.fields = (brink_csv_field *)(void *)((char *)t->rows + fields_off);
        s.storage = t->storage_;
        rc = scan(&s, start);
        /* The first pass found every error; the second runs the same code on the same input. */
        if (rc != BRINK_OK || s.nrows != nrows || s.nfields != nfields || s.nbytes != nbytes) {
            rc = brink_error_set(err, BRINK_EINTERNAL, file, 0, 0,
                                 "csv: the filling pass disagreed with the counting pass");
            goto fail;
        }
        t->nrows = nrows;
    }
    *out = t;
    return BRINK_OK;

nomem:
    rc = brink_error_set(err, BRINK_ENOMEM, file, 0, 0, "out of memory while reading a table");
fail:
    brink_csv_free(t);
    return rc;
}

/* Space or tab: the blanks a number may carry around it. */
static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

int brink_csv_field_double(const brink_csv_field *f, const char *file, double *out,
                           brink_error *err)
{
    if (!f || !f->text || !out)
        return brink_error_set(err, BRINK_EUSAGE, file, 0, 0,
                               "brink_csv_field_double: NULL argument");
    const char *p = f->text;
    while (is_blank(*p))
        p++;
    if (*p == '\0')
        return brink_error_set(err, BRINK_EINVAL, file, f->line, f->column,
                               "empty field; expected a number");
    /* strtod would also accept hexadecimal ("0x1p3"), "inf", "nan" and leading white space of
     * any kind; a table holds decimal numbers, so the text must start, after an optional sign,
     * with a digit or a '.', and must not start with "0x". */
    const char *digits = (*p == '+' || *p == '-') ? p + 1 : p;
    int decimal_start = (*digits >= '0' && *digits <= '9') || *digits == '.';
    int hex = digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X');
    char *end = NULL;
    double v = 0.0;
    int range = 0;
    if (decimal_start && !hex) {
        errno = 0;
        v = strtod(p, &end);
        range = errno == ERANGE;
    }
    if (!end || end == p)
        return brink_error_set(err, BRINK_EINVAL, file, f->line, f->column,
                               "'%.40s' is not a number; expected a decimal number such as 1.5",
                               f->text);
    const char *q = end;
    while (is_blank(*q))
        q++;
    if (*q != '\0')
        return brink_error_set(err, BRINK_EINVAL, file, f->line, f->column,
                               "unexpected text after the number in '%.40s'; expected only a "
                               "decimal number",
                               f->text);
    /* ERANGE with a huge result is overflow; with a tiny one it is gradual underflow, whose
     * result (0 or a subnormal) is the nearest double and is accepted. */
    if (!isfinite(v) || (range && fabs(v) > 1.0))
        return brink_error_set(err, BRINK_EINVAL, file, f->line, f->column,
                               "'%.40s' is not a finite number; expected a magnitude below %g",
                               f->text, DBL_MAX);
    *out = v;
    return BRINK_OK;
}
