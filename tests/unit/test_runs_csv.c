/* SPDX-License-Identifier: MIT */
/*
 * test_runs_csv.c — io/forecast: the rows of runs.csv as brink_runs_csv_format makes them (on the
 * ensemble's workers) and brink_runs_csv_row appends them. The expected texts are written out by
 * hand from the format in docs/cli.md: run, seed, status, one column per question (1, 0, NA;
 * empty for a failed run), one per series (its value at the last step, shortest round-trip
 * text; empty for a failed run), and the error, quoted as RFC 4180 says when it holds a comma,
 * a quote or a line break. A failed allocation is reported, never a truncated row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "brink.h"
#include "io/forecast.h"
#include "sim/ensemble.h"

static void make(brink_run_summary *s, long nsteps)
{
    brink_error err;
    assert_int_equal(brink_run_summary_init(s, 3, 2, nsteps, &err), BRINK_OK);
    s->run = 7;
    s->seed = 42;
    s->outcome[0] = BRINK_Q_YES;
    s->outcome[1] = BRINK_Q_NO;
    s->outcome[2] = BRINK_Q_UNMODELLED;
    for (long t = 0; t < nsteps; t++) {
        s->value[(size_t)t * 2] = 100.0 + (double)t; /* only the last step is written */
        s->value[(size_t)t * 2 + 1] = -1.0 / 3.0;
    }
}

static void rows_as_documented(void **state)
{
    (void)state;
    brink_run_summary s;
    brink_strbuf out = {0};
    make(&s, 3);
    assert_int_equal(brink_runs_csv_format(&s, &out), BRINK_OK);
    assert_string_equal(brink_strbuf_cstr(&out), "7,42,ok,1,0,NA,102,-0.3333333333333333,\n");
    assert_int_equal(out.len, strlen(out.data));

    /* a failed run: empty outcomes and values, the error quoted (it has a comma and quotes);
     * the buffer is reset first, not appended to */
    s.run = 8;
    s.failed = 1;
    snprintf(s.error, sizeof s.error, "x.yaml:3:1: a \"b\", c");
    assert_int_equal(brink_runs_csv_format(&s, &out), BRINK_OK);
    assert_string_equal(brink_strbuf_cstr(&out),
                        "8,42,failed,,,,,,\"x.yaml:3:1: a \"\"b\"\", c\"\n");
    /* an error that needs no quotes; a quote at either end */
    snprintf(s.error, sizeof s.error, "plain");
    brink_runs_csv_format(&s, &out);
    assert_string_equal(brink_strbuf_cstr(&out), "8,42,failed,,,,,,plain\n");
    snprintf(s.error, sizeof s.error, "\"q\"");
    brink_runs_csv_format(&s, &out);
    assert_string_equal(brink_strbuf_cstr(&out), "8,42,failed,,,,,,\"\"\"q\"\"\"\n");
    brink_run_summary_free(&s);

    /* no steps: the series columns are empty */
    make(&s, 0);
    brink_runs_csv_format(&s, &out);
    assert_string_equal(brink_strbuf_cstr(&out), "7,42,ok,1,0,NA,,,\n");
    brink_run_summary_free(&s);
    brink_strbuf_free(&out);
}

/* Negative control: a value changed in its last bit changes the row (the shortest round-trip
 * text keeps every bit), so the comparisons above can fail. */
static void rows_keep_every_bit(void **state)
{
    (void)state;
    brink_run_summary s;
    brink_strbuf a = {0}, b = {0};
    make(&s, 1);
    brink_runs_csv_format(&s, &a);
    s.value[1] = nextafter(s.value[1], 0.0);
    brink_runs_csv_format(&s, &b);
    assert_string_not_equal(brink_strbuf_cstr(&a), brink_strbuf_cstr(&b));
    brink_run_summary_free(&s);
    brink_strbuf_free(&a);
    brink_strbuf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_as_documented),
        cmocka_unit_test(rows_keep_every_bit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
