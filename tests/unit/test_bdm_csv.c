/* SPDX-License-Identifier: MIT */
/*
 * test_bdm_csv.c — bargain/bdm_csv: the BDM-style stakeholder CSV reader. The published EU
 * emission-standards input read exactly (column order, the salience column preferred over
 * salience_0_100, names kept as written), detection by the header, every error with its
 * file:line:col, the cap on actor rows, and allocation failure at every allocation (BRINK_ENOMEM,
 * nothing leaks under ASan, *out stays NULL).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bargain/bdm_csv.h"

#define EMISSION BRINK_TEST_DATA "/bargaining/emission_input.csv"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 16);
    assert_non_null(buf);
    *len = fread(buf, 1, (1 << 16) - 1, f);
    fclose(f);
    buf[*len] = '\0';
    return buf;
}

static brink_bdm_table *parse_ok(const char *text, size_t len)
{
    brink_bdm_table *t = NULL;
    brink_error err;
    brink_error_clear(&err);
    int rc = brink_bdm_csv_parse(text, len, "t.csv", &t, &err);
    if (rc != BRINK_OK)
        print_error("%d:%d: %s\n", err.line, err.column, err.message);
    assert_int_equal(rc, BRINK_OK);
    assert_non_null(t);
    return t;
}

/* Parses text and asserts BRINK_EINVAL at line:column with a message containing needle. */
static void parse_fails(const char *text, int line, int column, const char *needle)
{
    brink_bdm_table *t = (brink_bdm_table *)(uintptr_t)1; /* must be reset to NULL */
    brink_error err;
    brink_error_clear(&err);
    int rc = brink_bdm_csv_parse(text, strlen(text), "bad.csv", &t, &err);
    if (rc != BRINK_EINVAL || err.line != line || err.column != column ||
        !strstr(err.message, needle))
        print_error("rc %d at %d:%d '%s'; expected %d:%d containing '%s'\n", rc, err.line,
                    err.column, err.message, line, column, needle);
    assert_int_equal(rc, BRINK_EINVAL);
    assert_null(t);
    assert_string_equal(err.file, "bad.csv");
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    assert_non_null(strstr(err.message, needle));
}

static void emission_input(void **state)
{
    (void)state;
    size_t len;
    char *text = slurp(EMISSION, &len);
    brink_bdm_table *t = parse_ok(text, len);
    assert_int_equal(t->n, 10);
    assert_string_equal(t->names[0], "Netherlands");
    assert_string_equal(t->names[9], "Greece");
    /* Netherlands,0.08,4,80,0.8: the salience column wins over salience_0_100 */
    assert_true(t->capability[0] == 0.08);
    assert_true(t->position[0] == 4);
    assert_true(t->salience[0] == 0.8);
    brink_bdm_table_free(t);
    brink_bdm_table_free(NULL);
    free(text);
}

static void columns_by_name_in_any_order(void **state)
{
    (void)state;
    static const char text[] = "note, Salience_0_100 ,POSITION,capability,Actor\n"
                               "x,50,-3.5,2,\"North, upper\"\n"
                               "y,100,1e2,0,South\n";
    brink_bdm_table *t = parse_ok(text, sizeof text - 1);
    assert_int_equal(t->n, 2);
    assert_string_equal(t->names[0], "North, upper");
    assert_string_equal(t->names[1], "South");
    assert_true(t->position[0] == -3.5 && t->position[1] == 100);
    assert_true(t->capability[0] == 2 && t->capability[1] == 0);
    assert_true(t->salience[0] == 0.5 && t->salience[1] == 1);
    brink_bdm_table_free(t);
}

static void detection(void **state)
{
    (void)state;
    brink_csv_table *csv = NULL;
    brink_error err;
    assert_int_equal(brink_csv_parse("a,actor\n", 8, ',', "t.csv", &csv, &err), BRINK_OK);
    assert_true(brink_bdm_csv_detect(csv));
    brink_csv_free(csv);
    /* KTAB's smpc layout: "Actor" is in the second row, not the first */
    static const char ktab[] = "name,desc,2,1\nActor,Description,Power,d,s\n";
    assert_int_equal(brink_csv_parse(ktab, sizeof ktab - 1, ',', "t.csv", &csv, &err), BRINK_OK);
    assert_false(brink_bdm_csv_detect(csv));
    brink_csv_free(csv);
    assert_int_equal(brink_csv_parse("", 0, ',', "t.csv", &csv, &err), BRINK_OK);
    assert_false(brink_bdm_csv_detect(csv));
    brink_csv_free(csv);
    assert_false(brink_bdm_csv_detect(NULL));
}

static void errors_carry_locations(void **state)
{
    (void)state;
    parse_fails("", 1, 1, "the file is empty");
    parse_fails("actor,position,salience\na,2,0.5\nb,3,0.5\n", 1, 1, "the header lacks a column");
    parse_fails("\n\nactor,capability,position,salience\na,1,2,0.5\n", 3, 1,
                "1 actor rows; expected at least two");
    parse_fails("actor,capability,position,salience\na,1,2,0.5\nb,1,2\n", 3, 5,
                "row has 3 fields; expected at least 4");
    parse_fails("actor,capability,position,salience\na,1,2,0.5\nb,1,three,0.5\n", 3, 5,
                "'three' is not a number");
    parse_fails("actor,capability,position,salience\na,1,2,0.5\nb,-1,2,0.5\n", 3, 3,
                "capability -1 is negative");
    parse_fails("actor,capability,position,salience\na,1,2,1.5\nb,1,2,0.5\n", 2, 7,
                "salience 1.5 is out of range; expected a number in [0, 1]");
    parse_fails("actor,capability,position,salience_0_100\na,1,2,50\nb,1,2,101\n", 3, 7,
                "salience 101 is out of range; expected a number in [0, 100]");
    parse_fails("actor,capability,position,salience\na,1,nan,0.5\nb,1,2,0.5\n", 2, 5, "nan");
    parse_fails("actor,capability,position,salience\na,1,1e999,0.5\nb,1,2,0.5\n", 2, 5, "1e999");
    /* the tokeniser's own errors keep their location */
    parse_fails("actor,capability,position,salience\na,1,\"2,0.5\n", 2, 5, "unterminated");

    brink_bdm_table *t = NULL;
    brink_error err;
    assert_int_equal(brink_bdm_csv_parse(NULL, 3, "x", &t, &err), BRINK_EUSAGE);
    assert_int_equal(brink_bdm_csv_parse("", 0, "x", NULL, &err), BRINK_EUSAGE);
    assert_int_equal(brink_bdm_csv_read(NULL, "x", &t, &err), BRINK_EUSAGE);
}

static void actor_cap(void **state)
{
    (void)state;
    brink_strbuf sb = {0};
    brink_strbuf_append(&sb, "actor,capability,position,salience\n");
    for (int i = 0; i < BRINK_BDM_MAX_ACTORS; i++)
        brink_strbuf_appendf(&sb, "a%d,1,%d,0.5\n", i, i);
    assert_false(brink_strbuf_failed(&sb));
    brink_bdm_table *t = parse_ok(sb.data, sb.len);
    assert_int_equal(t->n, BRINK_BDM_MAX_ACTORS);
    brink_bdm_table_free(t);
    brink_strbuf_append(&sb, "one,1,1,0.5\ntwo,1,1,0.5\n");
    char where[32];
    snprintf(where, sizeof where, "more than %d actor rows", BRINK_BDM_MAX_ACTORS);
    parse_fails(sb.data, BRINK_BDM_MAX_ACTORS + 2, 1, where);
    brink_strbuf_free(&sb);
}

/* Every allocation in turn fails: BRINK_ENOMEM, *out NULL, nothing leaked, until it succeeds. */
static void allocation_failure(void **state)
{
    (void)state;
    size_t len;
    char *text = slurp(EMISSION, &len);
    long k;
    for (k = 1;; k++) {
        brink_bdm_table *t = (brink_bdm_table *)(uintptr_t)1;
        brink_error err;
        brink_error_clear(&err);
        brink_alloc_set_fail_after(k);
        int rc = brink_bdm_csv_parse(text, len, "e.csv", &t, &err);
        brink_alloc_set_fail_after(0);
        if (rc == BRINK_OK) {
            assert_int_equal(t->n, 10);
            brink_bdm_table_free(t);
            break;
        }
        assert_int_equal(rc, BRINK_ENOMEM);
        assert_int_equal(err.code, BRINK_ENOMEM);
        assert_null(t);
        assert_true(k < 100);
    }
    assert_true(k > 2); /* the tokeniser's blocks and the table's */
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(emission_input), cmocka_unit_test(columns_by_name_in_any_order),
        cmocka_unit_test(detection),      cmocka_unit_test(errors_carry_locations),
        cmocka_unit_test(actor_cap),      cmocka_unit_test(allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
