/* SPDX-License-Identifier: MIT */
/*
 * svg.h — the charts of the HTML report, written as inline SVG text (internal to the library).
 *
 * Every chart is a pure function of its inputs: coordinates are printed with a fixed number of
 * decimals by snprintf in the C locale, ticks come from the data range by the "nice numbers" rule
 * (steps of 1, 2 or 5 times a power of ten; Heckbert 1990, Graphics Gems I), and nothing depends
 * on the time, the host or the order of a hash, so the same inputs give the same bytes (tests
 * compare them with golden files in tests/data/report/). Each chart carries role="img", a
 * <title>, axes with tick labels, the unit, dates on the time axis and a legend; it needs no
 * script and no external resource. Colours are the Okabe & Ito (2008) palette, readable by
 * colour-blind readers. Non-finite values (NaN: a band with no finite value) break a line or a
 * band instead of being drawn as zero.
 */
#ifndef BRINK_REPORT_SVG_H
#define BRINK_REPORT_SVG_H

#include "brink.h"

#include <stddef.h>

/* The quantiles of a fan: 5, 25, 50, 75 and 95 %. */
#define BRINK_SVG_NQ 5

/* A fan chart of one series over time: the 5-95 % band, the 25-75 % band and the median. */
typedef struct brink_svg_fan {
    const char *id;           /* the chart's element id (letters, digits, '-', '_'); may be NULL */
    const char *title;        /* shown above the chart and as its <title> */
    const char *unit;         /* the y axis' unit, e.g. "mb/d"; may be NULL */
    size_t n;                 /* time points */
    const char *const *dates; /* [n] "YYYY-MM-DD", the day each value is sampled */
    const double *q[BRINK_SVG_NQ]; /* [n] each: q05, q25, q50, q75, q95 */
    /* Optional second fan drawn over the first (a comparison): its 25-75 % band and median,
     * dashed. alt[2] NULL: none. */
    const double *alt[BRINK_SVG_NQ];
    const char *label;     /* legend name of the first fan (NULL: none) */
    const char *alt_label; /* legend name of the second (NULL: "alternative") */
} brink_svg_fan;

/* Appends the fan chart f to sb. */
void brink_svg_fan_chart(brink_strbuf *sb, const brink_svg_fan *f);

/* One line of a multi-line chart: its median and (optional) 25-75 % band. */
typedef struct brink_svg_line {
    const char *label;     /* legend text */
    const double *mid;     /* [n] */
    const double *lo, *hi; /* [n] each, or NULL: no band */
} brink_svg_line;

/* Appends a chart of nlines lines over the same n dates (e.g. each principal's position on one
 * issue), each in its own colour and dash pattern (so that more lines than colours stay
 * distinguishable), with a legend. */
void brink_svg_lines_chart(brink_strbuf *sb, const char *id, const char *title, const char *unit,
                           size_t n, const char *const *dates, const brink_svg_line *lines,
                           size_t nlines);

/* Appends a step chart of a cumulative probability by month: cum[m] is the share of runs
 * resolved by the end of month months[m] ("YYYY-MM"), drawn on 0-100 %. alt (may be NULL) is a
 * second curve (a comparison), dashed; labels name the two in the legend (NULL: no legend). */
void brink_svg_months_chart(brink_strbuf *sb, const char *id, const char *title, size_t nmonths,
                            const char *const *months, const double *cum, const char *label,
                            const double *alt, const char *alt_label);

/* Appends a small horizontal bar (width x 16 px) of probability p with its interval [lo, hi] as
 * a whisker; p NaN draws an empty, hatched bar ("not modelled"). */
void brink_svg_prob_bar(brink_strbuf *sb, double p, double lo, double hi, int width);

/* As brink_svg_prob_bar, with a reference probability ref (the question's base-rate reference
 * forecast) drawn as a tick with a triangle on top and named in the title; ref NaN draws exactly
 * what brink_svg_prob_bar draws. */
void brink_svg_prob_bar_ref(brink_strbuf *sb, double p, double lo, double hi, double ref,
                            int width);

/* Appends text to sb escaped for HTML and SVG (&, <, >, ", '). NULL appends nothing. */
void brink_svg_escape(brink_strbuf *sb, const char *text);

/* Tick positions of the "nice numbers" rule for the range [lo, hi] with about `want` ticks:
 * writes at most max ticks into out and returns how many, and the step in *step. lo < hi. */
size_t brink_svg_ticks(double lo, double hi, int want, double *out, size_t max, double *step);

/* Formats tick value v given the tick step into buf: thousands as "k" and millions as "M" when
 * the values are that large, with as many decimals as the step needs. */
void brink_svg_tick_label(double v, double step, double vmax, char *buf, size_t n);

#endif
