/* SPDX-License-Identifier: MIT */
/*
 * bdm_csv.h — reads stakeholder tables in the BDM-style CSV layout: one issue, a header row naming
 * the columns, one row per actor. The columns are found by name (case-insensitive, blanks around
 * a name ignored), in any order, beside any others, which are ignored:
 *
 *   actor          the actor's name (text, kept as written)
 *   capability     a number >= 0 (any scale; only ratios matter)
 *   position       a number on the issue's own scale
 *   salience       a number in [0, 1]; or, when there is no such column,
 *   salience_0_100 a number in [0, 100], divided by 100
 *
 * This is the layout of the published inputs of Bueno de Mesquita's expected-utility model (the
 * EU emission-standards example of Scholz, Calbert & Smith 2011, tests/data/bargaining/) and of
 * most spreadsheets that carry such tables. KTAB's smpc layout has its own reader (smp.h).
 *
 * Tokenising is brink_csv_parse's (RFC 4180); every error names file:line:col of the offending
 * field (of the header for a missing column). A table owns one block laid out as
 * [doubles | string pointers | string bytes], so nothing partially built can leak.
 *
 * Internal API (the lead may move the public part into brink.h); written as if public. Every
 * function is reentrant: no global state, no I/O. A brink_bdm_table is immutable once returned
 * and may be read by many threads at once.
 */
#ifndef BRINK_BARGAIN_BDM_CSV_H
#define BRINK_BARGAIN_BDM_CSV_H

#include "brink.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Most actor rows accepted (as for KTAB's layout, BRINK_SMP_MAX_ACTORS): the models are
 * quadratic or cubic in the number of actors, so a larger table is almost surely a mistake. */
#define BRINK_BDM_MAX_ACTORS 1000

/* A BDM-style table: n actors on one issue. */
typedef struct brink_bdm_table {
    size_t n;                 /* actors, 2..BRINK_BDM_MAX_ACTORS */
    const char *const *names; /* [n] as written (may be empty) */
    const double *capability; /* [n] finite, >= 0 */
    const double *position;   /* [n] finite, on the input's scale */
    const double *salience;   /* [n] in [0, 1] (a salience_0_100 column divided by 100) */
    void *storage_;           /* private: the memory the table owns */
} brink_bdm_table;

/* 1 when row 0 of csv (its header) has a column named actor, the mark of this layout; else 0
 * (also for an empty table or NULL). Borrows csv; pure. */
int brink_bdm_csv_detect(const brink_csv_table *csv);

/* Builds a table from an already tokenised CSV (csv->rows[0] is the header); file names the input
 * in messages (may be NULL). On success *out is a new table freed with brink_bdm_table_free; on
 * failure *out is NULL. Errors: BRINK_EINVAL (empty input, a missing column, fewer than 2 or more
 * than BRINK_BDM_MAX_ACTORS actor rows, a short row, a field that is not a finite number, a
 * negative capability, a salience out of range; with line and column), BRINK_ENOMEM,
 * BRINK_EUSAGE (NULL csv or out). Borrows csv; thread-safe. */
int brink_bdm_csv_read(const brink_csv_table *csv, const char *file, brink_bdm_table **out,
                       brink_error *err);

/* Tokenises len bytes of text (brink_csv_parse with ',') and reads them as brink_bdm_csv_read
 * does. Errors: those of brink_csv_parse and brink_bdm_csv_read; BRINK_EUSAGE for NULL text with
 * len > 0. Borrows text; thread-safe. */
int brink_bdm_csv_parse(const char *text, size_t len, const char *file, brink_bdm_table **out,
                        brink_error *err);

/* Frees a table returned by the functions above; NULL is allowed. */
void brink_bdm_table_free(brink_bdm_table *t);

#ifdef __cplusplus
}
#endif

#endif /* BRINK_BARGAIN_BDM_CSV_H */
