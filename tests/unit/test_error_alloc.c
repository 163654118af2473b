/* SPDX-License-Identifier: MIT */
/*
 * test_error_alloc.c — core/error and core/alloc: the error record (set, setv, clear, format with
 * and without file/line/column, truncation of long texts, names of codes) and the allocation
 * wrappers (overflow checks, malloc(0), copies, the fail-after hook and the attempt counter).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "brink.h"

static void set_fills_every_field(void **state)
{
    (void)state;
    brink_error err;
    brink_error_clear(&err);
    int rc = brink_error_set(&err, BRINK_EINVAL, "a.yaml", 12, 7, "bad %s: %d", "value", 42);
    assert_int_equal(rc, BRINK_EINVAL);
    assert_int_equal(err.code, BRINK_EINVAL);
    assert_int_equal(err.line, 12);
    assert_int_equal(err.column, 7);
    assert_string_equal(err.file, "a.yaml");
    assert_string_equal(err.message, "bad value: 42");

    /* Unknown parts: NULL file, zero or negative positions. */
    rc = brink_error_set(&err, BRINK_EIO, NULL, -3, 0, "cannot read");
    assert_int_equal(rc, BRINK_EIO);
    assert_string_equal(err.file, "");
    assert_int_equal(err.line, 0);
    assert_int_equal(err.column, 0);

    /* err may be NULL: only the code comes back. */
    assert_int_equal(brink_error_set(NULL, BRINK_ENOMEM, "f", 1, 1, "x"), BRINK_ENOMEM);

    brink_error_clear(&err);
    assert_int_equal(err.code, BRINK_OK);
    assert_string_equal(err.message, "");
    assert_string_equal(err.file, "");
    brink_error_clear(NULL);
}

/* Passes its arguments on through brink_error_setv. */
static int call_setv(brink_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int call_setv(brink_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = brink_error_setv(err, code, "v.csv", 3, 4, fmt, ap);
    va_end(ap);
    return rc;
}

static void setv_matches_set(void **state)
{
    (void)state;
    brink_error a, b;
    brink_error_clear(&a);
    brink_error_clear(&b);
    assert_int_equal(call_setv(&a, BRINK_ERANGE, "%d of %s", 5, "ten"), BRINK_ERANGE);
    brink_error_set(&b, BRINK_ERANGE, "v.csv", 3, 4, "%d of %s", 5, "ten");
    assert_memory_equal(&a, &b, sizeof a);
}

static void format_variants(void **state)
{
    (void)state;
    brink_error err;
    char buf[BRINK_ERROR_FILE_MAX + BRINK_ERROR_MSG_MAX + 32];

    brink_error_set(&err, BRINK_EINVAL, "s.yaml", 4, 9, "expected a number");
    int n = brink_error_format(&err, buf, sizeof buf);
    assert_int_equal(n, (int)strlen(buf));
    assert_string_equal(buf, "s.yaml:4:9: expected a number");

    brink_error_set(&err, BRINK_EINVAL, "s.yaml", 4, 0, "line only");
    brink_error_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "s.yaml:4: line only");

    brink_error_set(&err, BRINK_EIO, "s.yaml", 0, 0, "file only");
    brink_error_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "s.yaml: file only");

    brink_error_set(&err, BRINK_EIO, NULL, 0, 0, "nothing else");
    brink_error_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "nothing else");

    /* No message: the code's name stands in. */
    brink_error_set(&err, BRINK_ENOMEM, "m.csv", 0, 0, "%s", "");
    brink_error_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "m.csv: out of memory");

    assert_int_equal(brink_error_format(NULL, buf, sizeof buf), 0);
    assert_string_equal(buf, "");

    /* A small buffer: truncated, NUL-terminated, and the full length is returned. */
    brink_error_set(&err, BRINK_EINVAL, "s.yaml", 4, 9, "expected a number");
    char small[8];
    memset(small, 'x', sizeof small);
    int full = brink_error_format(&err, small, sizeof small);
    assert_int_equal(full, (int)strlen("s.yaml:4:9: expected a number"));
    assert_string_equal(small, "s.yaml:");
    assert_int_equal(brink_error_format(&err, NULL, 0), full);
}

static void long_texts_are_truncated(void **state)
{
    (void)state;
    char longfile[1000], longmsg[2000];
    memset(longfile, 'f', sizeof longfile - 1);
    longfile[sizeof longfile - 1] = '\0';
    memset(longmsg, 'm', sizeof longmsg - 1);
    longmsg[sizeof longmsg - 1] = '\0';
    brink_error err;
    brink_error_set(&err, BRINK_EINVAL, longfile, 1, 2, "%s", longmsg);
    assert_int_equal(strlen(err.file), BRINK_ERROR_FILE_MAX - 1);
    assert_int_equal(strlen(err.message), BRINK_ERROR_MSG_MAX - 1);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 2);
    char buf[64];
    int n = brink_error_format(&err, buf, sizeof buf);
    assert_int_equal(n, (BRINK_ERROR_FILE_MAX - 1) + (int)strlen(":1:2: ") +
                            (BRINK_ERROR_MSG_MAX - 1));
    assert_int_equal(strlen(buf), sizeof buf - 1);
}

static void code_names(void **state)
{
    (void)state;
    const int codes[] = {BRINK_OK,     BRINK_ENOMEM, BRINK_EINVAL,   BRINK_EIO,
                         BRINK_ERANGE, BRINK_EUSAGE, BRINK_EINTERNAL};
    const size_t n = sizeof codes / sizeof codes[0];
    const char *unknown = brink_strerror(12345);
    assert_non_null(unknown);
    for (size_t i = 0; i < n; i++) {
        const char *s = brink_strerror(codes[i]);
        assert_non_null(s);
        assert_true(s[0] != '\0');
        assert_string_not_equal(s, unknown);
        for (size_t j = i + 1; j < n; j++)
            assert_string_not_equal(s, brink_strerror(codes[j]));
    }
    assert_string_equal(brink_strerror(BRINK_ENOMEM), "out of memory");
    assert_string_equal(brink_version(), BRINK_VERSION_STRING);
}

static void overflow_returns_null(void **state)
{
    (void)state;
    const size_t half = SIZE_MAX / 2 + 1;
    assert_null(brink_calloc(half, 2));
    assert_null(brink_calloc(2, half));
    assert_null(brink_mallocarray(half, 2));
    assert_null(brink_mallocarray(SIZE_MAX, SIZE_MAX));
    char *p = brink_malloc(16);
    assert_non_null(p);
    memcpy(p, "keep", 5);
    assert_null(brink_reallocarray(p, half, 4));
    assert_string_equal(p, "keep"); /* untouched by the refused call */
    brink_free(p);
}

static void ordinary_allocations(void **state)
{
    (void)state;
    void *a = brink_malloc(0), *b = brink_malloc(0);
    assert_non_null(a);
    assert_non_null(b);
    assert_ptr_not_equal(a, b);
    brink_free(a);
    brink_free(b);
    brink_free(NULL);

    unsigned char *z = brink_calloc(100, 3);
    assert_non_null(z);
    for (int i = 0; i < 300; i++)
        assert_int_equal(z[i], 0);
    z = brink_reallocarray(z, 1000, 3);
    assert_non_null(z);
    for (int i = 0; i < 300; i++)
        assert_int_equal(z[i], 0); /* growth keeps the old bytes */
    brink_free(z);

    int *arr = brink_mallocarray(10, sizeof *arr);
    assert_non_null(arr);
    for (int i = 0; i < 10; i++)
        arr[i] = i;
    arr = brink_realloc(arr, 20 * sizeof *arr);
    assert_non_null(arr);
    assert_int_equal(arr[9], 9);
    brink_free(arr);

    char *s = brink_strdup("brink");
    assert_string_equal(s, "brink");
    brink_free(s);
    s = brink_strndup("brinkmanship", 5);
    assert_string_equal(s, "brink");
    brink_free(s);
    s = brink_strndup("a\0b", 3);
    assert_memory_equal(s, "a\0b\0", 4);
    brink_free(s);
    assert_null(brink_strdup(NULL));
    assert_null(brink_strndup(NULL, 3));
}

static void fail_after_hook_and_count(void **state)
{
    (void)state;
    brink_alloc_set_fail_after(0);
    assert_int_equal(brink_alloc_count(), 0);
    void *p[6];
    brink_alloc_set_fail_after(3); /* the 3rd and every later allocation fail */
    p[0] = brink_malloc(8);
    p[1] = brink_calloc(2, 8);
    p[2] = brink_malloc(8);
    p[3] = brink_strdup("x");
    p[4] = brink_realloc(p[0], 64);
    assert_non_null(p[0]);
    assert_non_null(p[1]);
    assert_null(p[2]);
    assert_null(p[3]);
    assert_null(p[4]); /* a failed realloc leaves p[0] allocated */
    assert_int_equal(brink_alloc_count(), 5);
    brink_free(p[0]);
    brink_free(p[1]);

    /* k <= 0 turns failures off and restarts the count. */
    brink_alloc_set_fail_after(-1);
    assert_int_equal(brink_alloc_count(), 0);
    for (int i = 0; i < 6; i++) {
        p[i] = brink_malloc(4);
        assert_non_null(p[i]);
    }
    assert_int_equal(brink_alloc_count(), 6);
    for (int i = 0; i < 6; i++)
        brink_free(p[i]);

    brink_alloc_set_fail_after(1);
    assert_null(brink_malloc(1));
    assert_null(brink_mallocarray(2, 2));
    assert_null(brink_reallocarray(NULL, 2, 2));
    brink_alloc_set_fail_after(0);
    void *q = brink_malloc(1);
    assert_non_null(q);
    brink_free(q);
    assert_int_equal(brink_alloc_count(), 1);
    brink_alloc_set_fail_after(0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(set_fills_every_field),
        cmocka_unit_test(setv_matches_set),
        cmocka_unit_test(format_variants),
        cmocka_unit_test(long_texts_are_truncated),
        cmocka_unit_test(code_names),
        cmocka_unit_test(overflow_returns_null),
        cmocka_unit_test(ordinary_allocations),
        cmocka_unit_test(fail_after_hook_and_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
