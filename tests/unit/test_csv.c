/* SPDX-License-Identifier: MIT */
/*
 * test_csv.c — core/csv: the RFC 4180 reader field by field (text, line, column), every error
 * with its exact line:column, number conversion, allocation failure at every allocation (ASan
 * checks for leaks), a random round trip (write a table with quoting, read it back) and a small
 * fuzz loop over the reader's special bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brink.h"

/* Parses a string literal (sizeof - 1 keeps embedded NULs) and asserts success. */
#define PARSE_OK(lit, delim) parse_ok((lit), sizeof(lit) - 1, (delim))

static brink_csv_table *parse_ok(const char *text, size_t len, char delim)
{
    brink_csv_table *t = NULL;
    brink_error err;
    brink_error_clear(&err);
    int rc = brink_csv_parse(text, len, delim, "t.csv", &t, &err);
    if (rc != BRINK_OK)
        print_error("parse failed (%d): %d:%d: %s\n", rc, err.line, err.column, err.message);
    assert_int_equal(rc, BRINK_OK);
    assert_non_null(t);
    return t;
}

/* Asserts field (r, c) has the given text and position. */
static void expect_field(const brink_csv_table *t, size_t r, size_t c, const char *text, int line,
                         int column)
{
    assert_true(r < t->nrows);
    assert_true(c < t->rows[r].nfields);
    const brink_csv_field *f = &t->rows[r].fields[c];
    if (strcmp(f->text, text) != 0 || f->line != line || f->column != column)
        print_error("field [%zu][%zu]: '%s' at %d:%d, expected '%s' at %d:%d\n", r, c, f->text,
                    f->line, f->column, text, line, column);
    assert_string_equal(f->text, text);
    assert_int_equal(f->line, line);
    assert_int_equal(f->column, column);
}

/* Parses and asserts an EINVAL at line:column whose message contains `needle`. */
#define PARSE_FAILS(lit, delim, line, column, needle)                                              \
    parse_fails((lit), sizeof(lit) - 1, (delim), (line), (column), (needle))

static void parse_fails(const char *text, size_t len, char delim, int line, int column,
                        const char *needle)
{
    brink_csv_table *t = (brink_csv_table *)(uintptr_t)1; /* must be reset to NULL */
    brink_error err;
    brink_error_clear(&err);
    int rc = brink_csv_parse(text, len, delim, "bad.csv", &t, &err);
    if (rc != BRINK_EINVAL || err.line != line || err.column != column ||
        !strstr(err.message, needle))
        print_error("rc %d at %d:%d '%s'; expected %d at %d:%d containing '%s'\n", rc, err.line,
                    err.column, err.message, BRINK_EINVAL, line, column, needle);
    assert_int_equal(rc, BRINK_EINVAL);
    assert_null(t);
    assert_int_equal(err.code, BRINK_EINVAL);
    assert_string_equal(err.file, "bad.csv");
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    assert_non_null(strstr(err.message, needle));
    assert_non_null(strstr(err.message, "expected"));
}

static void simple_table(void **state)
{
    (void)state;
    brink_csv_table *t = PARSE_OK("id,name,score\n1,Iran,0.5\n22,USA,10\n", ',');
    assert_int_equal(t->nrows, 3);
    for (size_t r = 0; r < 3; r++)
        assert_int_equal(t->rows[r].nfields, 3);
    expect_field(t, 0, 0, "id", 1, 1);
    expect_field(t, 0, 1, "name", 1, 4);
    expect_field(t, 0, 2, "score", 1, 9);
    expect_field(t, 1, 1, "Iran", 2, 3);
    expect_field(t, 2, 0, "22", 3, 1);
    expect_field(t, 2, 2, "10", 3, 8);
    brink_csv_free(t);
}

static void quoting_and_escaped_quotes(void **state)
{
    (void)state;
    brink_csv_table *t = PARSE_OK("\"a,b\",\"c\"\"d\",e,\"\",\"\"\"\"\n", ',');
    assert_int_equal(t->nrows, 1);
    assert_int_equal(t->rows[0].nfields, 5);
    expect_field(t, 0, 0, "a,b", 1, 1);
    expect_field(t, 0, 1, "c\"d", 1, 7);
    expect_field(t, 0, 2, "e", 1, 14);
    expect_field(t, 0, 3, "", 1, 16);
    expect_field(t, 0, 4, "\"", 1, 19);
    brink_csv_free(t);

    /* A quote inside an unquoted field is an ordinary character; so is a space before a quote. */
    t = PARSE_OK("ab\"c,d\" x, \"q\"\n", ',');
    expect_field(t, 0, 0, "ab\"c", 1, 1);
    expect_field(t, 0, 1, "d\" x", 1, 6);
    expect_field(t, 0, 2, " \"q\"", 1, 11);
    brink_csv_free(t);
}

static void embedded_newlines_keep_line_numbers(void **state)
{
    (void)state;
    brink_csv_table *t = PARSE_OK("x,\"line1\nline2\",y\nnext,\"a\r\nb\"\nlast,z\n", ',');
    assert_int_equal(t->nrows, 3);
    expect_field(t, 0, 0, "x", 1, 1);
    expect_field(t, 0, 1, "line1\nline2", 1, 3);
    expect_field(t, 0, 2, "y", 2, 8);
    expect_field(t, 1, 0, "next", 3, 1);
    expect_field(t, 1, 1, "a\r\nb", 3, 6); /* line ends inside quotes are kept verbatim */
    expect_field(t, 2, 0, "last", 5, 1);
    expect_field(t, 2, 1, "z", 5, 6);
    brink_csv_free(t);
}

static void crlf_line_ends(void **state)
{
    (void)state;
    brink_csv_table *t = PARSE_OK("a,b\r\nc,d\r\n\r\ne,f\r\n", ',');
    assert_int_equal(t->nrows, 3);
    expect_field(t, 0, 1, "b", 1, 3);
    expect_field(t, 1, 0, "c", 2, 1);
    expect_field(t, 1, 1, "d", 2, 3);
    expect_field(t, 2, 0, "e", 4, 1);
    brink_csv_free(t);

    /* A CR not followed by LF is data, except at the very end of the input. */
    t = PARSE_OK("a\rb,c\nd,e\r", ',');
    assert_int_equal(t->nrows, 2);
    expect_field(t, 0, 0, "a\rb", 1, 1);
    expect_field(t, 0, 1, "c", 1, 5);
    expect_field(t, 1, 1, "e", 2, 3);
    brink_csv_free(t);
}

static void bom_is_skipped(void **state)
{
    (void)state;
    brink_csv_table *t = PARSE_OK("\xEF\xBB\xBFid,name\n1,x\n", ',');
    assert_int_equal(t->nrows, 2);
    expect_field(t, 0, 0, "id", 1, 1); /* the BOM is not counted in columns */
    expect_field(t, 0, 1, "name", 1, 4);
    brink_csv_free(t);

    /* Only at the start: elsewhere it is data. */
    t = PARSE_OK("a,\357\273\277b\n", ','); /* the BOM's bytes in octal, then 'b' */
    expect_field(t, 0, 1, "\357\273\277b", 1, 3);
    brink_csv_free(t);

    t = PARSE_OK("\xEF\xBB\xBF", ',');
    assert_int_equal(t->nrows, 0);
    brink_csv_free(t);
}

static void tab_delimiter(void **state)
{
    (void)state;
    brink_csv_table *t = PARSE_OK("a\tb,c\t\"d\te\"\n1\t\t3\n", '\t');
    assert_int_equal(t->nrows, 2);
    assert_int_equal(t->rows[0].nfields, 3);
    expect_field(t, 0, 0, "a", 1, 1);
    expect_field(t, 0, 1, "b,c", 1, 3);
    expect_field(t, 0, 2, "d\te", 1, 7);
    expect_field(t, 1, 1, "", 2, 3);
    expect_field(t, 1, 2, "3", 2, 4);
    brink_csv_free(t);
}

static void leading_zeros_and_empty_fields(void **state)
{
    (void)state;
    brink_csv_table *t = PARSE_OK("010,007,\"0\"\n,a,,\n,\n", ',');
    assert_int_equal(t->nrows, 3);
    expect_field(t, 0, 0, "010", 1, 1);
    expect_field(t, 0, 1, "007", 1, 5);
    expect_field(t, 0, 2, "0", 1, 9);
    assert_int_equal(t->rows[1].nfields, 4);
    expect_field(t, 1, 0, "", 2, 1);
    expect_field(t, 1, 1, "a", 2, 2);
    expect_field(t, 1, 2, "", 2, 4);
    expect_field(t, 1, 3, "", 2, 5);
    assert_int_equal(t->rows[2].nfields, 2); /* a lone delimiter: two empty fields */
    expect_field(t, 2, 1, "", 3, 2);
    brink_csv_free(t);
}

static void last_line_without_line_end(void **state)
{
    (void)state;
    brink_csv_table *t = PARSE_OK("a,b\nc,d", ',');
    assert_int_equal(t->nrows, 2);
    expect_field(t, 1, 1, "d", 2, 3);
    brink_csv_free(t);

    t = PARSE_OK("a,\"q\"", ',');
    expect_field(t, 0, 1, "q", 1, 3);
    brink_csv_free(t);

    t = PARSE_OK("a,", ',');
    assert_int_equal(t->rows[0].nfields, 2);
    expect_field(t, 0, 1, "", 1, 3);
    brink_csv_free(t);

    /* len is respected: the bytes after it are not read. */
    t = parse_ok("a,b\nIGNORED", 4, ',');
    assert_int_equal(t->nrows, 1);
    assert_int_equal(t->rows[0].nfields, 2);
    brink_csv_free(t);
}

static void blank_lines_are_skipped(void **state)
{
    (void)state;
    brink_csv_table *t = PARSE_OK("\n\na,1\n\r\n\nb,2\n\n \n", ',');
    assert_int_equal(t->nrows, 3);
    expect_field(t, 0, 0, "a", 3, 1);
    expect_field(t, 1, 0, "b", 6, 1);
    expect_field(t, 2, 0, " ", 8, 1); /* a blank is data, not an empty line */
    assert_int_equal(t->rows[1].nfields, 2);
    brink_csv_free(t);

    t = parse_ok(NULL, 0, ',');
    assert_int_equal(t->nrows, 0);
    assert_null(t->rows);
    brink_csv_free(t);

    t = PARSE_OK("\r\n\n", ',');
    assert_int_equal(t->nrows, 0);
    brink_csv_free(t);
}

static void rows_may_differ_in_length(void **state)
{
    (void)state;
    brink_csv_table *t = PARSE_OK("a\nb,c,d\ne,f\n", ',');
    assert_int_equal(t->nrows, 3);
    assert_int_equal(t->rows[0].nfields, 1);
    assert_int_equal(t->rows[1].nfields, 3);
    assert_int_equal(t->rows[2].nfields, 2);
    brink_csv_free(t);
}

static void field_text_lives_in_one_block(void **state)
{
    (void)state;
    brink_csv_table *t = PARSE_OK("alpha,\"be\"\"ta\"\ngamma,\n", ',');
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->rows[r].nfields; c++) {
            const char *s = t->rows[r].fields[c].text;
            assert_true(s >= t->storage_ && s + strlen(s) < t->storage_ + t->storage_len_);
        }
    /* "alpha\0be\"ta\0gamma\0\0": unescaped text plus one NUL per field, nothing more. */
    assert_int_equal(t->storage_len_, 6 + 6 + 6 + 1);
    brink_csv_free(t);
    brink_csv_free(NULL);
}

static void errors_carry_line_and_column(void **state)
{
    (void)state;
    PARSE_FAILS("a,b\nc,\"de\nf", ',', 2, 3, "unterminated");
    PARSE_FAILS("\"", ',', 1, 1, "unterminated");
    PARSE_FAILS("\"ab\"c,d\n", ',', 1, 5, "after the closing quote");
    PARSE_FAILS("x\n\"ab\" ,d\n", ',', 2, 5, "after the closing quote");
    PARSE_FAILS("x\n\"ab\"\x01\n", ',', 2, 5, "0x01");
    PARSE_FAILS("a\t\"b\",c\n", '\t', 1, 6, "a tab");
    PARSE_FAILS("a,b\nc\0d\n", ',', 2, 2, "NUL byte");
    PARSE_FAILS("\"a\0\"\n", ',', 1, 3, "NUL byte");
    PARSE_FAILS("\"a\"\0\n", ',', 1, 4, "NUL byte");
    PARSE_FAILS("\xEF\xBB\xBF\"ab\"x", ',', 1, 5, "after the closing quote");
    PARSE_FAILS("\"multi\nline\"\"\nfield\"x\n", ',', 3, 7, "after the closing quote");

    /* The error formats as file:line:col: message. */
    brink_csv_table *t = NULL;
    brink_error err;
    char buf[BRINK_ERROR_MSG_MAX + 64];
    assert_int_equal(brink_csv_parse("a,\"b", 4, ',', "x.csv", &t, &err), BRINK_EINVAL);
    brink_error_format(&err, buf, sizeof buf);
    assert_non_null(strstr(buf, "x.csv:1:3: unterminated quoted field"));
    /* err may be NULL. */
    assert_int_equal(brink_csv_parse("a,\"b", 4, ',', NULL, &t, NULL), BRINK_EINVAL);
    assert_null(t);
}

static void usage_errors(void **state)
{
    (void)state;
    brink_csv_table *t = NULL;
    brink_error err;
    assert_int_equal(brink_csv_parse("a;b", 3, ';', NULL, &t, &err), BRINK_EUSAGE);
    assert_null(t);
    assert_int_equal(brink_csv_parse("a,b", 3, ',', NULL, NULL, &err), BRINK_EUSAGE);
    assert_int_equal(brink_csv_parse(NULL, 3, ',', NULL, &t, &err), BRINK_EUSAGE);
    assert_null(t);
}

static void field_double_conversion(void **state)
{
    (void)state;
    brink_csv_table *t = PARSE_OK(
        "1.5, 2 ,\t-3e2\t,010,1e-400,+.25\n,abc,1e999,nan,inf,0x10,1.5x,1 2,  ,-1e999\n", ',');
    const double good[6] = {1.5, 2.0, -300.0, 10.0, 0.0, 0.25};
    for (size_t c = 0; c < 6; c++) {
        double v = -1.0;
        brink_error err;
        int rc = brink_csv_field_double(&t->rows[0].fields[c], "t.csv", &v, &err);
        if (rc != BRINK_OK || v != good[c])
            print_error("field %zu '%s': rc %d, %.17g (%s)\n", c, t->rows[0].fields[c].text, rc, v,
                        err.message);
        assert_int_equal(rc, BRINK_OK);
        assert_true(v == good[c]);
    }
    const brink_csv_row *bad = &t->rows[1];
    assert_int_equal(bad->nfields, 10);
    for (size_t c = 0; c < bad->nfields; c++) {
        double v = 42.0;
        brink_error err;
        brink_error_clear(&err);
        int rc = brink_csv_field_double(&bad->fields[c], "t.csv", &v, &err);
        if (rc != BRINK_EINVAL)
            print_error("field '%s' was accepted as %.17g\n", bad->fields[c].text, v);
        assert_int_equal(rc, BRINK_EINVAL);
        assert_true(v == 42.0); /* untouched on failure */
        assert_int_equal(err.line, 2);
        assert_int_equal(err.column, bad->fields[c].column);
        assert_string_equal(err.file, "t.csv");
        assert_non_null(strstr(err.message, "expected"));
    }
    double v;
    assert_int_equal(brink_csv_field_double(NULL, NULL, &v, NULL), BRINK_EUSAGE);
    assert_int_equal(brink_csv_field_double(&bad->fields[0], NULL, NULL, NULL), BRINK_EUSAGE);
    brink_csv_free(t);
}

static void allocation_failures_leak_nothing(void **state)
{
    (void)state;
    static const char text[] = "\xEF\xBB\xBFid,\"name\"\n1,\"a \"\"b\"\"\"\n\n2,\"x\ny\"\n";
    brink_csv_table *t = NULL;
    brink_alloc_set_fail_after(0);
    assert_int_equal(brink_csv_parse(text, sizeof text - 1, ',', NULL, &t, NULL), BRINK_OK);
    long total = brink_alloc_count();
    brink_csv_free(t);
    assert_true(total >= 1);
    for (long k = 1; k <= total + 1; k++) {
        brink_error err;
        brink_error_clear(&err);
        t = NULL;
        brink_alloc_set_fail_after(k);
        int rc = brink_csv_parse(text, sizeof text - 1, ',', NULL, &t, &err);
        brink_alloc_set_fail_after(0);
        if (k <= total) {
            assert_int_equal(rc, BRINK_ENOMEM);
            assert_int_equal(err.code, BRINK_ENOMEM);
            assert_null(t);
        } else {
            assert_int_equal(rc, BRINK_OK);
            assert_int_equal(t->nrows, 3);
            brink_csv_free(t);
        }
    }
    brink_alloc_set_fail_after(0);
}

/* A tiny deterministic generator for the test's own random data (not the library's). */
static uint64_t lcg(uint64_t *s)
{
    *s = *s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return *s >> 33;
}

static void random_round_trip(void **state)
{
    (void)state;
    /* Write random tables with every special byte, quoting fields that need it, and read them
     * back: the text must survive and each field's position must be where it was written. */
    static const char alphabet[] = "ab,\t\"\r\n 0\xC3\xA9";
    uint64_t seed = 12345;
    for (int trial = 0; trial < 300; trial++) {
        char delim = trial % 2 ? ',' : '\t';
        enum { MAXR = 6, MAXC = 5, MAXF = 8 };
        char cell[MAXR][MAXC][MAXF + 1];
        int line_of[MAXR][MAXC], col_of[MAXR][MAXC];
        size_t nr = 1 + lcg(&seed) % MAXR, nc = 1 + lcg(&seed) % MAXC;
        brink_strbuf out = {0};
        int line = 1, col = 1;
        for (size_t r = 0; r < nr; r++) {
            for (size_t c = 0; c < nc; c++) {
                size_t n = lcg(&seed) % (MAXF + 1);
                for (size_t i = 0; i < n; i++)
                    cell[r][c][i] = alphabet[lcg(&seed) % (sizeof alphabet - 1)];
                cell[r][c][n] = '\0';
                /* A row of one empty field would be an empty line: give it content. */
                if (nc == 1 && n == 0) {
                    cell[r][c][0] = 'z';
                    cell[r][c][1] = '\0';
                }
                const char *s = cell[r][c];
                int quote = s[0] == '"' || strchr(s, delim) || strchr(s, '\n') || strchr(s, '\r') ||
                            (lcg(&seed) % 4 == 0);
                if (c > 0) {
                    brink_strbuf_append_n(&out, &delim, 1);
                    col++;
                }
                line_of[r][c] = line; /* (line, col) is where the next byte goes */
                col_of[r][c] = col;
                if (quote) {
                    brink_strbuf_append(&out, "\"");
                    col++;
                }
                for (const char *p = s; *p; p++) {
                    brink_strbuf_append_n(&out, p, 1);
                    if (*p == '"' && quote) {
                        brink_strbuf_append_n(&out, p, 1);
                        col++;
                    }
                    if (*p == '\n') {
                        line++;
                        col = 1;
                    } else {
                        col++;
                    }
                }
                if (quote) {
                    brink_strbuf_append(&out, "\"");
                    col++;
                }
            }
            brink_strbuf_append(&out, lcg(&seed) % 2 ? "\r\n" : "\n");
            line++;
            col = 1;
        }
        assert_false(brink_strbuf_failed(&out));
        brink_csv_table *t = parse_ok(out.data, out.len, delim);
        assert_int_equal(t->nrows, nr);
        for (size_t r = 0; r < nr; r++) {
            assert_int_equal(t->rows[r].nfields, nc);
            for (size_t c = 0; c < nc; c++)
                expect_field(t, r, c, cell[r][c], line_of[r][c], col_of[r][c]);
        }
        brink_csv_free(t);
        brink_strbuf_free(&out);
    }
}

static void fuzz_special_bytes(void **state)
{
    (void)state;
    /* Random strings over the bytes the reader treats specially: it must answer OK or EINVAL
     * (with a position inside the input), never crash or read out of bounds (ASan). */
    static const char alphabet[] = {'a',  ',', '\t',   '"',    '\r',  '\n',
                                    '\0', ' ', '\xEF', '\xBB', '\xBF'};
    uint64_t seed = 777;
    for (int trial = 0; trial < 3000; trial++) {
        size_t len = lcg(&seed) % 24;
        char *buf = malloc(len ? len : 1); /* exact size, so ASan sees any overread */
        assert_non_null(buf);
        for (size_t i = 0; i < len; i++)
            buf[i] = alphabet[lcg(&seed) % sizeof alphabet];
        brink_csv_table *t = NULL;
        brink_error err;
        brink_error_clear(&err);
        int rc = brink_csv_parse(buf, len, trial % 3 ? ',' : '\t', NULL, &t, &err);
        assert_true(rc == BRINK_OK || rc == BRINK_EINVAL);
        if (rc == BRINK_OK) {
            size_t fields = 0;
            for (size_t r = 0; r < t->nrows; r++) {
                assert_true(t->rows[r].nfields >= 1);
                fields += t->rows[r].nfields;
                for (size_t c = 0; c < t->rows[r].nfields; c++) {
                    assert_true(t->rows[r].fields[c].line >= 1);
                    assert_true(t->rows[r].fields[c].column >= 1);
                    assert_true((size_t)t->rows[r].fields[c].column <= len + 1);
                }
            }
            assert_true(fields <= len + 1);
            brink_csv_free(t);
        } else {
            assert_null(t);
            assert_true(err.line >= 1 && err.column >= 1);
            assert_true((size_t)err.column <= len + 1);
        }
        free(buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(simple_table),
        cmocka_unit_test(quoting_and_escaped_quotes),
        cmocka_unit_test(embedded_newlines_keep_line_numbers),
        cmocka_unit_test(crlf_line_ends),
        cmocka_unit_test(bom_is_skipped),
        cmocka_unit_test(tab_delimiter),
        cmocka_unit_test(leading_zeros_and_empty_fields),
        cmocka_unit_test(last_line_without_line_end),
        cmocka_unit_test(blank_lines_are_skipped),
        cmocka_unit_test(rows_may_differ_in_length),
        cmocka_unit_test(field_text_lives_in_one_block),
        cmocka_unit_test(errors_carry_line_and_column),
        cmocka_unit_test(usage_errors),
        cmocka_unit_test(field_double_conversion),
        cmocka_unit_test(allocation_failures_leak_nothing),
        cmocka_unit_test(random_round_trip),
        cmocka_unit_test(fuzz_special_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
