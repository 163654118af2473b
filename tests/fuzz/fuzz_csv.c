/* SPDX-License-Identifier: MIT */
/*
 * fuzz_csv.c — libFuzzer target for the RFC 4180 reader (core/csv): any byte string, read with
 * ',' and with '\t', must give a table or an error, never crash, hang or leak; every field of a
 * table is converted with brink_csv_field_double (a number or an error). Invariants checked on
 * every table: positions are 1-based and never go backwards, and every field's text is a proper
 * NUL-terminated string inside the table; on an error the code is BRINK_EINVAL or BRINK_ERANGE
 * with a 1-based location. A broken invariant aborts, which libFuzzer reports as a crash.
 * Built with -DBRINK_FUZZ=ON (clang).
 */
#include "brink.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
    if (!ok)
        abort();
}

static void one(const char *text, size_t size, char delim)
{
    brink_csv_table *t = NULL;
    brink_error err;
    int rc = brink_csv_parse(text, size, delim, "fuzz.csv", &t, &err);
    if (rc != BRINK_OK) {
        check(t == NULL);
        check(rc == BRINK_EINVAL || rc == BRINK_ERANGE || rc == BRINK_ENOMEM);
        check(err.code == rc);
        if (rc == BRINK_EINVAL)
            check(err.line >= 1 && err.column >= 1);
        return;
    }
    int last_line = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const brink_csv_row *row = &t->rows[r];
        check(row->nfields >= 1);
        check(row->fields[0].line > last_line);
        last_line = row->fields[0].line;
        for (size_t f = 0; f < row->nfields; f++) {
            const brink_csv_field *fd = &row->fields[f];
            check(fd->line >= 1 && fd->column >= 1);
            check(strlen(fd->text) <= size);
            double x = 0;
            int crc = brink_csv_field_double(fd, "fuzz.csv", &x, &err);
            check(crc == BRINK_OK || crc == BRINK_EINVAL);
            if (crc == BRINK_OK)
                check(isfinite(x));
            else
                check(err.line == fd->line && err.column == fd->column);
        }
    }
    brink_csv_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an exact-size copy, so that ASan sees any read past the end */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);
    one(text, size, ',');
    one(text, size, '\t');
    free(text);
    return 0;
}
