/* SPDX-License-Identifier: MIT */
/*
 * svg.c — the report's charts as SVG text (see svg.h). Layout: a fixed canvas of CHART_W x
 * CHART_H user units (the page scales it with CSS), the plot area inside fixed margins, the
 * title above it, the legend in its top right corner, tick labels left of the y axis and under
 * the x axis. All numbers are printed with "%.1f" (coordinates) or by brink_svg_tick_label.
 */
#include "report/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define CHART_W 640
#define CHART_H 250
#define M_LEFT 64.0
#define M_RIGHT 14.0
#define M_TOP 40.0
#define M_BOTTOM 40.0
#define PLOT_W (CHART_W - M_LEFT - M_RIGHT)
#define PLOT_H (CHART_H - M_TOP - M_BOTTOM)

/* Okabe & Ito (2008): blue, vermilion, bluish green, reddish purple, orange, sky blue, black,
 * yellow (last: weakest on white). */
static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#000000", "#B8A000"};
#define NPALETTE (sizeof palette / sizeof palette[0])
static const char *const dashes[] = {"", "7 3", "2 2", "9 3 2 3"};
#define NDASHES (sizeof dashes / sizeof dashes[0])

void brink_svg_escape(brink_strbuf *sb, const char *text)
{
    if (!text)
        return;
    const char *run = text;
    for (const char *p = text; *p; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            break;
        }
        if (rep) {
            brink_strbuf_append_n(sb, run, (size_t)(p - run));
            brink_strbuf_append(sb, rep);
            run = p + 1;
        }
    }
    brink_strbuf_append(sb, run);
}

size_t brink_svg_ticks(double lo, double hi, int want, double *out, size_t max, double *step)
{
    double range = hi - lo;
    double rough = range / (want > 1 ? want : 1);
    double mag = pow(10.0, floor(log10(rough)));
    double r = rough / mag;
    double nice = r < 1.5 ? 1.0 : r < 3.0 ? 2.0 : r < 7.0 ? 5.0 : 10.0;
    double s = nice * mag;
    *step = s;
    size_t k = 0;
    double first = ceil(lo / s - 1e-9);
    for (double i = first; k < max; i += 1.0) {
        double v = i * s;
        if (v > hi + s * 1e-9)
            break;
        if (fabs(v) < s * 1e-9)
            v = 0.0; /* no "-0" */
        out[k++] = v;
    }
    return k;
}

void brink_svg_tick_label(double v, double step, double vmax, char *buf, size_t n)
{
    const char *suffix = "";
    double scale = 1.0;
    if (vmax >= 1e6) {
        scale = 1e6;
        suffix = "M";
    } else if (vmax >= 1e4) {
        scale = 1e3;
        suffix = "k";
    }
    double s = step / scale;
    int dec = 0;
    while (s < 0.999999 && dec < 9) {
        s *= 10.0;
        dec++;
    }
    double x = v / scale;
    if (fabs(x) < 0.5 * pow(10.0, -dec))
        x = 0.0;
    snprintf(buf, n, "%.*f%s", dec, x, suffix);
}

/* ---- the frame shared by the time charts ---- */

typedef struct frame {
    size_t n;
    double ymin, ymax;
} frame;

static double fx(const frame *f, size_t i)
{
    if (f->n < 2)
        return M_LEFT + PLOT_W / 2.0;
    return M_LEFT + PLOT_W * (double)i / (double)(f->n - 1);
}

static double fy(const frame *f, double v)
{
    return M_TOP + PLOT_H * (1.0 - (v - f->ymin) / (f->ymax - f->ymin));
}

static void open_svg(brink_strbuf *sb, const char *id, const char *title)
{
    brink_strbuf_appendf(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"");
    if (id) {
        brink_strbuf_append(sb, " id=\"");
        brink_svg_escape(sb, id);
        brink_strbuf_append(sb, "\"");
    }
    brink_strbuf_appendf(sb,
                         " viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                         "font-family=\"sans-serif\" font-size=\"11\">\n<title>",
                         CHART_W, CHART_H, CHART_W, CHART_H);
    brink_svg_escape(sb, title);
    brink_strbuf_append(sb, "</title>\n<text x=\"8\" y=\"16\" font-size=\"13\" "
                            "font-weight=\"bold\">");
    brink_svg_escape(sb, title);
    brink_strbuf_append(sb, "</text>\n");
}

/* The y range of the finite values of arrays v[0..nv) over n points; 0 when there are none. */
static int value_range(const double *const *v, size_t nv, size_t n, double *lo, double *hi)
{
    int any = 0;
    for (size_t a = 0; a < nv; a++) {
        if (!v[a])
            continue;
        for (size_t i = 0; i < n; i++) {
            double x = v[a][i];
            if (!isfinite(x))
                continue;
            if (!any || x < *lo)
                *lo = x;
            if (!any || x > *hi)
                *hi = x;
            any = 1;
        }
    }
    return any;
}

/* Sets f's y range from [lo, hi] widened to whole ticks, and draws the y grid, its labels and the
 * unit. */
static void y_axis(brink_strbuf *sb, frame *f, double lo, double hi, const char *unit, int percent)
{
    if (!(hi > lo)) {
        double d = fabs(lo) > 0 ? fabs(lo) * 0.1 : 1.0;
        lo -= d;
        hi += d;
    }
    double ticks[16], step;
    size_t nt = brink_svg_ticks(lo, hi, 5, ticks, 16, &step);
    f->ymin = floor(lo / step + 1e-9) * step;
    f->ymax = ceil(hi / step - 1e-9) * step;
    if (!(f->ymax > f->ymin))
        f->ymax = f->ymin + step;
    nt = brink_svg_ticks(f->ymin, f->ymax, 5, ticks, 16, &step);
    double vmax = fmax(fabs(f->ymin), fabs(f->ymax));
    brink_strbuf_append(sb, "<g class=\"y-axis\" stroke=\"#ddd\">\n");
    for (size_t k = 0; k < nt; k++)
        brink_strbuf_appendf(sb, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                             M_LEFT, fy(f, ticks[k]), M_LEFT + PLOT_W, fy(f, ticks[k]));
    brink_strbuf_append(sb, "</g>\n<g class=\"y-labels\" text-anchor=\"end\" fill=\"#333\">\n");
    for (size_t k = 0; k < nt; k++) {
        char lab[48];
        if (percent)
            snprintf(lab, sizeof lab, "%.0f %%", ticks[k] * 100.0);
        else
            brink_svg_tick_label(ticks[k], step, vmax, lab, sizeof lab);
        brink_strbuf_appendf(sb, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", M_LEFT - 6,
                             fy(f, ticks[k]) + 4, lab);
    }
    brink_strbuf_append(sb, "</g>\n");
    if (unit && *unit) {
        brink_strbuf_appendf(sb, "<text class=\"unit\" x=\"8\" y=\"32\" fill=\"#333\">");
        brink_svg_escape(sb, unit);
        brink_strbuf_append(sb, "</text>\n");
    }
}

/* Labels months on the x axis: at the first point of each labelled month, every k months with
 * k chosen so that at most 8 labels show. key(i) gives point i's "YYYY-MM". */
static void x_axis_months(brink_strbuf *sb, const frame *f, size_t n, const char *const *labels,
                          int is_month, double (*xpos)(const frame *, size_t))
{
    size_t nmonths = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strncmp(labels[i], labels[i - 1], 7) != 0)
            nmonths++;
    static const size_t every[] = {1, 2, 3, 6, 12, 24, 60, 120};
    size_t k = every[sizeof every / sizeof every[0] - 1];
    for (size_t e = 0; e < sizeof every / sizeof every[0]; e++)
        if ((nmonths + every[e] - 1) / every[e] <= 8) {
            k = every[e];
            break;
        }
    double base = M_TOP + PLOT_H;
    brink_strbuf_appendf(sb,
                         "<line class=\"x-axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                         "stroke=\"#333\"/>\n<g class=\"x-labels\" text-anchor=\"middle\" "
                         "fill=\"#333\">\n",
                         M_LEFT, base, M_LEFT + PLOT_W, base);
    /* the labelled points; of two closer than 52 px (a partial first month) the earlier goes */
    size_t pick[64], np = 0, m = 0;
    for (size_t i = 0; i < n && np < 64; i++) {
        if (i > 0 && strncmp(labels[i], labels[i - 1], 7) == 0)
            continue;
        if (m++ % k != 0)
            continue;
        if (np > 0 && xpos(f, i) - xpos(f, pick[np - 1]) < 52.0)
            np--;
        pick[np++] = i;
    }
    for (size_t j = 0; j < np; j++) {
        size_t i = pick[j];
        double x = xpos(f, i);
        brink_strbuf_appendf(sb,
                             "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                             "stroke=\"#333\"/>\n<text x=\"%.1f\" y=\"%.1f\">",
                             x, base, x, base + 4, x, base + 16);
        brink_strbuf_append_n(sb, labels[i], strlen(labels[i]) < 7 ? strlen(labels[i]) : 7);
        brink_strbuf_append(sb, "</text>\n");
    }
    brink_strbuf_appendf(sb, "</g>\n<text x=\"%.1f\" y=\"%d\" fill=\"#555\">%s</text>\n", M_LEFT,
                         CHART_H - 6,
                         is_month ? "month (cumulative by its end)" : "date (end of step)");
}

/* A band between lo and hi, one polygon per stretch of finite values. */
static void band(brink_strbuf *sb, const frame *f, const double *lo, const double *hi,
                 const char *colour, double opacity, const char *cls)
{
    size_t i = 0;
    while (i < f->n) {
        while (i < f->n && !(isfinite(lo[i]) && isfinite(hi[i])))
            i++;
        size_t start = i;
        while (i < f->n && isfinite(lo[i]) && isfinite(hi[i]))
            i++;
        if (i == start)
            continue;
        brink_strbuf_appendf(sb,
                             "<polygon class=\"%s\" fill=\"%s\" fill-opacity=\"%.2f\" "
                             "points=\"",
                             cls, colour, opacity);
        for (size_t j = start; j < i; j++)
            brink_strbuf_appendf(sb, "%s%.1f,%.1f", j > start ? " " : "", fx(f, j), fy(f, hi[j]));
        for (size_t j = i; j-- > start;)
            brink_strbuf_appendf(sb, " %.1f,%.1f", fx(f, j), fy(f, lo[j]));
        if (i - start == 1) /* one point: a thin vertical bar */
            brink_strbuf_appendf(sb, " %.1f,%.1f", fx(f, start) + 1, fy(f, lo[start]));
        brink_strbuf_append(sb, "\"/>\n");
    }
}

/* A polyline through the finite values of v, broken at non-finite ones. */
static void line(brink_strbuf *sb, const frame *f, const double *v, const char *colour,
                 double width, const char *dash, const char *cls)
{
    brink_strbuf_appendf(sb, "<path class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"",
                         cls, colour, width);
    if (dash && *dash)
        brink_strbuf_appendf(sb, " stroke-dasharray=\"%s\"", dash);
    brink_strbuf_append(sb, " d=\"");
    int pen = 0, any = 0;
    for (size_t i = 0; i < f->n; i++) {
        if (!isfinite(v[i])) {
            pen = 0;
            continue;
        }
        brink_strbuf_appendf(sb, "%s%c%.1f %.1f", any ? " " : "", pen ? 'L' : 'M', fx(f, i),
                             fy(f, v[i]));
        if (!pen && (i + 1 >= f->n || !isfinite(v[i + 1]))) /* a lone point: a dot */
            brink_strbuf_appendf(sb, " h0.1");
        pen = 1;
        any = 1;
    }
    brink_strbuf_append(sb, "\"/>\n");
}

/* Legend entries, right-aligned in the bottom row (the x axis' caption is at its left, the unit
 * at the top left): a filled box or a line each. */
typedef struct legend_item {
    const char *text;
    const char *colour;
    double opacity;
    int is_line;
    const char *dash;
} legend_item;

static void legend(brink_strbuf *sb, const legend_item *it, size_t n)
{
    /* each entry: 18 px of key, 4 px gap, about 6 px a character, 12 px between entries */
    double x = CHART_W - M_RIGHT, widths[16];
    size_t m = n < 16 ? n : 16;
    for (size_t i = m; i-- > 0;) {
        widths[i] = 22.0 + 6.0 * (double)strlen(it[i].text);
        x -= widths[i] + (i + 1 < m ? 12.0 : 0.0);
    }
    if (x < M_LEFT + 190) /* a long legend starts after the caption (and may run off the edge) */
        x = M_LEFT + 190;
    brink_strbuf_append(sb, "<g class=\"legend\" fill=\"#333\">\n");
    double y = CHART_H - 6;
    for (size_t i = 0; i < m; i++) {
        if (it[i].is_line)
            brink_strbuf_appendf(sb,
                                 "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                                 "stroke=\"%s\" stroke-width=\"2\"%s%s%s/>\n",
                                 x, y - 4, x + 18, y - 4, it[i].colour,
                                 it[i].dash && *it[i].dash ? " stroke-dasharray=\"" : "",
                                 it[i].dash && *it[i].dash ? it[i].dash : "",
                                 it[i].dash && *it[i].dash ? "\"" : "");
        else
            brink_strbuf_appendf(sb,
                                 "<rect x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"9\" "
                                 "fill=\"%s\" fill-opacity=\"%.2f\"/>\n",
                                 x, y - 9, it[i].colour, it[i].opacity);
        brink_strbuf_appendf(sb, "<text x=\"%.1f\" y=\"%.1f\">", x + 22, y);
        brink_svg_escape(sb, it[i].text);
        brink_strbuf_append(sb, "</text>\n");
        x += widths[i] + 12.0;
    }
    brink_strbuf_append(sb, "</g>\n");
}

static void no_data(brink_strbuf *sb)
{
    brink_strbuf_appendf(sb,
                         "<text class=\"no-data\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                         "fill=\"#777\">no finite values</text>\n",
                         M_LEFT + PLOT_W / 2, M_TOP + PLOT_H / 2);
}

void brink_svg_fan_chart(brink_strbuf *sb, const brink_svg_fan *f)
{
    open_svg(sb, f->id, f->title);
    frame fr = {f->n, 0, 1};
    const double *all[2 * BRINK_SVG_NQ];
    for (size_t k = 0; k < BRINK_SVG_NQ; k++) {
        all[k] = f->q[k];
        all[BRINK_SVG_NQ + k] = f->alt[2] ? f->alt[k] : NULL;
    }
    double lo = 0, hi = 0;
    if (f->n == 0 || !value_range(all, 2 * BRINK_SVG_NQ, f->n, &lo, &hi)) {
        no_data(sb);
        brink_strbuf_append(sb, "</svg>\n");
        return;
    }
    y_axis(sb, &fr, lo, hi, f->unit, 0);
    const char *c = palette[0], *ca = palette[1];
    band(sb, &fr, f->q[0], f->q[4], c, 0.18, "band-90");
    band(sb, &fr, f->q[1], f->q[3], c, 0.38, "band-50");
    if (f->alt[2]) {
        if (f->alt[1] && f->alt[3])
            band(sb, &fr, f->alt[1], f->alt[3], ca, 0.25, "alt-band-50");
    }
    line(sb, &fr, f->q[2], c, 2.0, "", "median");
    if (f->alt[2])
        line(sb, &fr, f->alt[2], ca, 2.0, "6 3", "alt-median");
    x_axis_months(sb, &fr, f->n, f->dates, 0, fx);
    legend_item it[5];
    size_t ni = 0;
    it[ni++] = (legend_item){"5-95 %", c, 0.18, 0, NULL};
    it[ni++] = (legend_item){"25-75 %", c, 0.56, 0, NULL};
    it[ni++] = (legend_item){f->label ? f->label : "median", c, 1, 1, ""};
    if (f->alt[2]) {
        it[ni++] = (legend_item){f->alt_label ? f->alt_label : "alternative", ca, 1, 1, "6 3"};
    }
    legend(sb, it, ni);
    brink_strbuf_append(sb, "</svg>\n");
}

void brink_svg_lines_chart(brink_strbuf *sb, const char *id, const char *title, const char *unit,
                           size_t n, const char *const *dates, const brink_svg_line *lines,
                           size_t nlines)
{
    open_svg(sb, id, title);
    frame fr = {n, 0, 1};
    double lo = 0, hi = 0;
    int any = 0;
    for (size_t l = 0; l < nlines; l++) {
        const double *v[3] = {lines[l].mid, lines[l].lo, lines[l].hi};
        double a = 0, b = 0;
        if (value_range(v, 3, n, &a, &b)) {
            lo = any ? fmin(lo, a) : a;
            hi = any ? fmax(hi, b) : b;
            any = 1;
        }
    }
    if (n == 0 || !any) {
        no_data(sb);
        brink_strbuf_append(sb, "</svg>\n");
        return;
    }
    y_axis(sb, &fr, lo, hi, unit, 0);
    for (size_t l = 0; l < nlines; l++)
        if (lines[l].lo && lines[l].hi)
            band(sb, &fr, lines[l].lo, lines[l].hi, palette[l % NPALETTE], 0.15, "band-50");
    for (size_t l = 0; l < nlines; l++)
        line(sb, &fr, lines[l].mid, palette[l % NPALETTE], 2.0, dashes[(l / NPALETTE) % NDASHES],
             "median");
    x_axis_months(sb, &fr, n, dates, 0, fx);
    legend_item it[16];
    size_t ni = 0;
    for (size_t l = 0; l < nlines && ni < 16; l++)
        it[ni++] = (legend_item){lines[l].label, palette[l % NPALETTE], 1, 1,
                                 dashes[(l / NPALETTE) % NDASHES]};
    legend(sb, it, ni);
    brink_strbuf_append(sb, "</svg>\n");
}

/* The centre of month bar m of n. */
static double mx(const frame *f, size_t m)
{
    return M_LEFT + PLOT_W * ((double)m + 0.5) / (double)(f->n ? f->n : 1);
}

void brink_svg_months_chart(brink_strbuf *sb, const char *id, const char *title, size_t nmonths,
                            const char *const *months, const double *cum, const char *label,
                            const double *alt, const char *alt_label)
{
    open_svg(sb, id, title);
    frame fr = {nmonths, 0, 1};
    const double *v[2] = {cum, alt};
    double lo = 0, hi = 0;
    if (nmonths == 0 || !value_range(v, 2, nmonths, &lo, &hi)) {
        no_data(sb);
        brink_strbuf_append(sb, "</svg>\n");
        return;
    }
    /* from 0 up to the nearest of 5 %, 10 %, 20 %, 50 %, 100 % above the largest value */
    static const double tops[] = {0.05, 0.1, 0.2, 0.5, 1.0};
    double top = 1.0;
    for (size_t k = 0; k < sizeof tops / sizeof tops[0]; k++)
        if (hi <= tops[k]) {
            top = tops[k];
            break;
        }
    y_axis(sb, &fr, 0.0, top, "share of runs resolved YES", 1);
    double slot = PLOT_W / (double)nmonths;
    double w = alt ? slot * 0.4 : slot * 0.7;
    for (int s = 0; s < (alt ? 2 : 1); s++) {
        const double *c = s ? alt : cum;
        brink_strbuf_appendf(sb, "<g class=\"%s\" fill=\"%s\">\n", s ? "alt-bars" : "bars",
                             palette[s]);
        for (size_t m = 0; m < nmonths; m++) {
            if (!isfinite(c[m]))
                continue;
            double x = mx(&fr, m) - (alt ? (s ? 0.0 : w) : w / 2);
            double y = fy(&fr, c[m]);
            brink_strbuf_appendf(sb,
                                 "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
                                 "<title>",
                                 x, y, w, M_TOP + PLOT_H - y);
            brink_svg_escape(sb, months[m]);
            brink_strbuf_appendf(sb, ": %.1f %%</title></rect>\n", c[m] * 100.0);
        }
        brink_strbuf_append(sb, "</g>\n");
    }
    x_axis_months(sb, &fr, nmonths, months, 1, mx);
    if (label) {
        legend_item it[2] = {{label, palette[0], 1, 0, NULL},
                             {alt_label ? alt_label : "alternative", palette[1], 1, 0, NULL}};
        legend(sb, it, alt ? 2 : 1);
    }
    brink_strbuf_append(sb, "</svg>\n");
}

void brink_svg_prob_bar(brink_strbuf *sb, double p, double lo, double hi, int width)
{
    brink_svg_prob_bar_ref(sb, p, lo, hi, NAN, width);
}

/* The reference marker: a vertical tick with a small triangle on top, in the second palette
 * colour, kept 1 px inside the bar so that 0 and 1 stay visible. */
static void ref_marker(brink_strbuf *sb, double ref, double w)
{
    double x = ref * w;
    x = x < 1 ? 1 : x > w - 1 ? w - 1 : x;
    brink_strbuf_appendf(sb,
                         "<path class=\"ref\" d=\"M%.1f 0H%.1fL%.1f 4ZM%.1f 0V16\" fill=\"%s\" "
                         "stroke=\"%s\" stroke-width=\"1.5\"/>",
                         x - 3, x + 3, x, x, palette[1], palette[1]);
}

void brink_svg_prob_bar_ref(brink_strbuf *sb, double p, double lo, double hi, double ref,
                            int width)
{
    double w = width > 20 ? width : 20;
    int has_ref = isfinite(ref);
    brink_strbuf_appendf(sb,
                         "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pbar\" "
                         "width=\"%.0f\" height=\"16\" viewBox=\"0 0 %.0f 16\" role=\"img\">",
                         w, w);
    if (!isfinite(p)) {
        if (has_ref)
            brink_strbuf_appendf(sb, "<title>not modelled; reference %.1f %%</title>", ref * 100);
        else
            brink_strbuf_append(sb, "<title>not modelled</title>");
        brink_strbuf_appendf(sb,
                             "<rect x=\"0.5\" y=\"2.5\" "
                             "width=\"%.1f\" height=\"11\" fill=\"none\" stroke=\"#999\" "
                             "stroke-dasharray=\"3 2\"/>",
                             w - 1);
        if (has_ref)
            ref_marker(sb, ref, w);
        brink_strbuf_append(sb, "</svg>");
        return;
    }
    brink_strbuf_appendf(sb, "<title>%.1f %% (95 %% interval %.1f-%.1f %%)", p * 100,
                         (isfinite(lo) ? lo : p) * 100, (isfinite(hi) ? hi : p) * 100);
    if (has_ref)
        brink_strbuf_appendf(sb, "; reference %.1f %%", ref * 100);
    brink_strbuf_appendf(sb,
                         "</title>"
                         "<rect x=\"0\" y=\"2\" width=\"%.1f\" height=\"12\" fill=\"#eee\"/>"
                         "<rect class=\"p\" x=\"0\" y=\"2\" width=\"%.1f\" height=\"12\" "
                         "fill=\"%s\"/>",
                         w, p * w, palette[0]);
    if (isfinite(lo) && isfinite(hi))
        brink_strbuf_appendf(sb,
                             "<path d=\"M%.1f 8H%.1fM%.1f 4V12M%.1f 4V12\" stroke=\"#000\" "
                             "stroke-width=\"1.2\"/>",
                             lo * w, hi * w, lo * w, hi * w);
    if (has_ref)
        ref_marker(sb, ref, w);
    brink_strbuf_append(sb, "</svg>");
}
