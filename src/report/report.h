/* SPDX-License-Identifier: MIT */
/*
 * report.h — the HTML report of a forecast (internal to the library): what it shows, as plain
 * data, and the writer that turns it into one self-contained page.
 *
 * The data are what forecast.json (and, for a comparison, compare.json) hold; the CLI reads those
 * files into a brink_report (cli/cmd_report.c) and calls brink_report_html. The page is a pure
 * function of the data: no time, host or path goes into it, so the same forecast.json gives the
 * same report.html bytes, at any thread count. It needs no script, no font, no network: styles
 * are inline, charts are inline SVG (report/svg.h).
 *
 * Everything generic: the writer knows indicator names only to pick a unit and an order for the
 * charts (those it does not know come last, with their name as the unit); positions are any
 * series with an issue; chains are told from their keys. Nothing about a scenario's actors.
 */
#ifndef BRINK_REPORT_REPORT_H
#define BRINK_REPORT_REPORT_H

#include "brink.h"
#include "core/arena.h"
#include "report/svg.h"

#include <stdint.h>
#include <stdio.h>

/* One question as forecast.json gives it. */
typedef struct brink_report_question {
    const char *id, *text, *kind; /* kind "event" or "indicator" */
    int modelled;
    uint64_t runs, yes;
    double p, se, lo, hi;     /* NaN when not modelled */
    const double *cumulative; /* [nmonths] share resolved YES by the end of each month, or NULL */
    /* the scenario's base-rate reference forecast: ref_p NaN and ref_basis NULL when the question
     * has none (or forecast.json predates references) */
    double ref_p;
    const char *ref_basis, *ref_source;
} brink_report_question;

/* One series' quantile bands. */
typedef struct brink_report_series {
    const char *name, *indicator, *subject;
    const char *subject2, *issue;  /* NULL when absent */
    const double *q[BRINK_SVG_NQ]; /* [nsteps] each; NaN for null */
} brink_report_series;

typedef struct brink_report_chain {
    const char *chain;
    uint64_t count, overcount;
} brink_report_chain;

/* The most frequent chains of one question. */
typedef struct brink_report_chains {
    const char *question;
    uint64_t counted;
    size_t n;
    const brink_report_chain *top;
} brink_report_chains;

/* ---- a comparison (compare.json) ---- */

typedef struct brink_report_cmp_question {
    const char *id, *text;
    uint64_t n;                       /* runs paired (both modelled it) */
    double base, alt;                 /* probabilities (NaN: not modelled) */
    double diff, se;                  /* alt - base and its paired standard error */
    const double *cum_base, *cum_alt; /* [nmonths] or NULL */
} brink_report_cmp_question;

typedef struct brink_report_cmp_series {
    const char *name;
    double base_mean, alt_mean; /* mean over runs of the value at the end of the last step */
    double diff, se;            /* paired mean difference and its standard error */
    double score;               /* |diff| / pooled standard deviation over runs: the ranking key */
    const double *alt_q[BRINK_SVG_NQ]; /* [nsteps] the alternative's bands, or NULL */
} brink_report_cmp_series;

typedef struct brink_report_cmp_chain {
    const char *question, *chain;
    uint64_t base, alt; /* counts (upper bounds, as forecast.json's) in each ensemble */
} brink_report_cmp_chain;

typedef struct brink_report_compare {
    const char *base, *alt; /* labels: file names, or "SCENARIO --set ..." */
    uint64_t runs, seed;
    size_t nq;
    const brink_report_cmp_question *q;
    size_t nseries;
    const brink_report_cmp_series *series; /* by score, largest first */
    size_t nappear, nvanish;
    const brink_report_cmp_chain *appear, *vanish;
} brink_report_compare;

/* ---- the whole report ---- */

typedef struct brink_report {
    /* manifest */
    const char *format, *version;
    const char *name, *hash, *start;
    long step_days, steps;
    uint64_t seed, runs, failed_runs;
    const char *settings;    /* e.g. "10000 runs" */
    const char *source_file; /* "forecast.json" */
    uint64_t source_fnv;     /* FNV-1a 64 of its bytes */
    uint64_t source_bytes;
    size_t nq;
    const brink_report_question *q;
    size_t nsteps;
    const char *const *dates; /* [nsteps] */
    size_t nseries;
    const brink_report_series *series;
    size_t nchains;
    const brink_report_chains *chains;
    size_t nmonths;
    const char *const *months;       /* [nmonths] "YYYY-MM" */
    const brink_report_compare *cmp; /* NULL: no comparison section */
} brink_report;

/* Writes the report page for r to f. Returns BRINK_OK, BRINK_ENOMEM, or BRINK_EIO when f
 * reports a write error (err says which, naming path). Thread-safe for distinct r and f. */
int brink_report_html(FILE *f, const char *path, const brink_report *r, brink_error *err);

/* Appends the report page to sb (the text brink_report_html writes). */
void brink_report_html_text(brink_strbuf *sb, const brink_report *r);

/* The unit shown on the y axis of an indicator's charts ("mb/d", "USD bn/yr", ...), from a table
 * of the indicators brink knows and the unit suffix of the name otherwise ("_weeks" -> "weeks");
 * "" when nothing is known. Static storage. */
const char *brink_report_unit(const char *indicator);

/* The order of indicators in the report: a rank for the known ones (the key indicators first),
 * a larger one for any other. */
int brink_report_rank(const char *indicator);

/* Tells a chain key ("type actor>target <- type actor>target ...", resolving event first) as a
 * sentence in the order things happened, actor -> target: type in words, e.g. "USA -> IRN:
 * threat, then E3 -> IRN: snapback notified." (with &rarr; and the ids in bold). Appended to sb,
 * HTML-escaped. */
void brink_report_chain_story(brink_strbuf *sb, const char *key);

#endif
