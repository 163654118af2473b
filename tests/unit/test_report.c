/* SPDX-License-Identifier: MIT */
/*
 * test_report.c — report/svg and report/html: the charts of fixed inputs match golden SVG files
 * byte for byte (the .svg files in tests/data/report; BRINK_UPDATE_GOLDEN=1 rewrites them, then
 * review the diff), NaN breaks lines and bands instead of being drawn, ticks and tick labels follow
 * the nice-numbers rule, text is escaped, chains read in the order things happened, units come from
 * the table or the name's suffix, and a whole page is the same bytes twice, holds every section,
 * never prints "nan", and survives every injected allocation failure without crashing.
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
#include "report/report.h"
#include "report/svg.h"

#define N 30
static const char *dates[N];
static char date_text[N][16];
static double q[BRINK_SVG_NQ][N], alt[BRINK_SVG_NQ][N];

/* Thirty weekly dates from 2025-03-19 and a widening fan around a falling median, with a gap. */
static void fixture(void)
{
    brink_date d0;
    brink_date_parse("2025-03-19", &d0);
    for (int i = 0; i < N; i++) {
        brink_date_format(brink_date_from_days(brink_date_to_days(d0) + 7 * i), date_text[i],
                          sizeof date_text[i]);
        dates[i] = date_text[i];
        double m = 1.6 - 0.02 * i, w = 0.05 + 0.01 * i;
        double z[BRINK_SVG_NQ] = {-1.645, -0.674, 0, 0.674, 1.645};
        for (int k = 0; k < BRINK_SVG_NQ; k++) {
            q[k][i] = m + z[k] * w;
            alt[k][i] = m + 0.3 + z[k] * w * 0.5;
        }
    }
    for (int k = 0; k < BRINK_SVG_NQ; k++)
        q[k][12] = NAN; /* a step with no finite value */
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    size_t got = fread(b, 1, (size_t)n, f);
    b[got] = '\0';
    fclose(f);
    return b;
}

/* Compares text with the golden file name (or rewrites it under BRINK_UPDATE_GOLDEN=1). */
static void golden(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/report/%s", BRINK_TEST_DATA, name);
    const char *up = getenv("BRINK_UPDATE_GOLDEN");
    if (up && *up == '1') {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
        return;
    }
    char *want = read_all(path);
    if (!want)
        fail_msg("missing golden file %s (run with BRINK_UPDATE_GOLDEN=1)", path);
    if (strcmp(want, text) != 0) {
        fprintf(stdout, "--- got (%s) ---\n%s\n", name, text);
        free(want);
        fail_msg("%s differs from the golden file", name);
    }
    free(want);
}

static void fan_golden(void **state)
{
    (void)state;
    fixture();
    brink_svg_fan f;
    memset(&f, 0, sizeof f);
    f.id = "fan-test";
    f.title = "oil exports: A<B & \"C\"";
    f.unit = "mb/d";
    f.n = N;
    f.dates = dates;
    for (int k = 0; k < BRINK_SVG_NQ; k++)
        f.q[k] = q[k];
    brink_strbuf sb = {0};
    brink_svg_fan_chart(&sb, &f);
    assert_false(brink_strbuf_failed(&sb));
    const char *s = brink_strbuf_cstr(&sb);
    /* the gap: two polygons per band, and the median restarts with a move */
    const char *p = strstr(s, "class=\"band-90\"");
    assert_non_null(p);
    assert_non_null(strstr(p + 1, "class=\"band-90\""));
    assert_null(strstr(s, "nan"));
    assert_non_null(strstr(s, "oil exports: A&lt;B &amp; &quot;C&quot;"));
    assert_non_null(strstr(s, ">2025-04<"));
    assert_non_null(strstr(s, ">mb/d<"));
    golden("fan.svg", s);

    /* with a second fan over it */
    brink_strbuf_reset(&sb);
    for (int k = 0; k < BRINK_SVG_NQ; k++)
        f.alt[k] = alt[k];
    f.label = "base";
    f.alt_label = "alternative";
    brink_svg_fan_chart(&sb, &f);
    assert_non_null(strstr(brink_strbuf_cstr(&sb), "class=\"alt-median\""));
    golden("fan_compare.svg", brink_strbuf_cstr(&sb));
    brink_strbuf_free(&sb);
}

static void other_charts_golden(void **state)
{
    (void)state;
    fixture();
    brink_strbuf sb = {0};
    const char *months[8] = {"2025-03", "2025-04", "2025-05", "2025-06",
                             "2025-07", "2025-08", "2025-09", "2025-10"};
    double cum[8] = {0.01, 0.05, 0.12, 0.2, 0.22, 0.3, 0.3, 0.31};
    double cum2[8] = {0, 0.02, 0.04, 0.1, 0.11, 0.15, 0.18, 0.2};
    brink_svg_months_chart(&sb, "month-test", "strike: by month", 8, months, cum, NULL, NULL, NULL);
    assert_non_null(strstr(brink_strbuf_cstr(&sb), ">50 %<")); /* 0-50 % axis for a max of 31 % */
    golden("months.svg", brink_strbuf_cstr(&sb));
    brink_strbuf_reset(&sb);
    brink_svg_months_chart(&sb, "month-cmp", "strike: by month", 8, months, cum, "base", cum2,
                           "alt");
    golden("months_compare.svg", brink_strbuf_cstr(&sb));

    brink_strbuf_reset(&sb);
    brink_svg_line lines[9];
    static double mid[9][N];
    static char labels[9][8];
    for (int l = 0; l < 9; l++) {
        for (int i = 0; i < N; i++)
            mid[l][i] = 10.0 * l + i;
        snprintf(labels[l], sizeof labels[l], "P%d", l);
        lines[l] = (brink_svg_line){labels[l], mid[l], l == 0 ? q[0] : NULL, l == 0 ? q[4] : NULL};
    }
    brink_svg_lines_chart(&sb, "pos-test", "positions on sanctions", "0-100", N, dates, lines, 9);
    const char *s = brink_strbuf_cstr(&sb);
    assert_non_null(strstr(s, "stroke-dasharray=\"7 3\"")); /* the 9th line: 2nd dash pattern */
    golden("lines.svg", s);

    brink_strbuf_reset(&sb);
    brink_svg_prob_bar(&sb, 0.25, 0.2, 0.3, 100);
    assert_string_equal(
        brink_strbuf_cstr(&sb),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pbar\" width=\"100\" "
        "height=\"16\" viewBox=\"0 0 100 16\" role=\"img\"><title>25.0 % (95 % "
        "interval 20.0-30.0 %)</title><rect x=\"0\" y=\"2\" width=\"100.0\" "
        "height=\"12\" fill=\"#eee\"/><rect class=\"p\" x=\"0\" y=\"2\" "
        "width=\"25.0\" height=\"12\" fill=\"#0072B2\"/><path d=\"M20.0 8H30.0M20.0 "
        "4V12M30.0 4V12\" stroke=\"#000\" stroke-width=\"1.2\"/></svg>");
    brink_strbuf_reset(&sb);
    brink_svg_prob_bar(&sb, NAN, NAN, NAN, 100);
    assert_non_null(strstr(brink_strbuf_cstr(&sb), "<title>not modelled</title>"));

    /* no finite value at all: a message, no axes */
    brink_strbuf_reset(&sb);
    double none[N];
    for (int i = 0; i < N; i++)
        none[i] = NAN;
    brink_svg_fan empty = {
        .title = "empty", .n = N, .dates = dates, .q = {none, none, none, none, none}};
    brink_svg_fan_chart(&sb, &empty);
    assert_non_null(strstr(brink_strbuf_cstr(&sb), "no finite values"));
    assert_null(strstr(brink_strbuf_cstr(&sb), "y-axis"));
    brink_strbuf_free(&sb);
}

static void ticks_and_labels(void **state)
{
    (void)state;
    double t[16], step;
    size_t n = brink_svg_ticks(0, 1, 5, t, 16, &step);
    assert_int_equal(n, 6);
    assert_true(fabs(step - 0.2) < 1e-12);
    assert_true(fabs(t[5] - 1.0) < 1e-12);
    n = brink_svg_ticks(-3, 7, 5, t, 16, &step);
    assert_true(fabs(step - 2) < 1e-12);
    assert_true(t[0] == -2 && t[n - 1] == 6);
    char b[32];
    brink_svg_tick_label(1300000, 100000, 1900000, b, sizeof b);
    assert_string_equal(b, "1.3M");
    brink_svg_tick_label(25000, 5000, 40000, b, sizeof b);
    assert_string_equal(b, "25k");
    brink_svg_tick_label(0.25, 0.05, 1, b, sizeof b);
    assert_string_equal(b, "0.25");
    brink_svg_tick_label(-1e-17, 0.5, 2, b, sizeof b);
    assert_string_equal(b, "0.0");
    brink_svg_tick_label(40, 20, 100, b, sizeof b);
    assert_string_equal(b, "40");
}

static void escaping_units_stories(void **state)
{
    (void)state;
    brink_strbuf sb = {0};
    brink_svg_escape(&sb, "<a&b>\"'x");
    assert_string_equal(brink_strbuf_cstr(&sb), "&lt;a&amp;b&gt;&quot;&#39;x");
    brink_strbuf_reset(&sb);
    brink_report_chain_story(&sb, "snapback_notified E3>IRN <- threat USA>IRN");
    assert_string_equal(brink_strbuf_cstr(&sb), "<b>USA</b> &rarr; <b>IRN</b>: threat, then "
                                                "<b>E3</b> &rarr; <b>IRN</b>: snapback notified.");
    brink_strbuf_reset(&sb);
    brink_report_chain_story(&sb, "enrichment_90 A>- <- talks_broken -><B> <- ...");
    assert_string_equal(brink_strbuf_cstr(&sb), "&hellip; &rarr; <b>&lt;B&gt;</b>: talks broken, "
                                                "then <b>A</b>: enrichment 90.");
    brink_strbuf_free(&sb);
    assert_string_equal(brink_report_unit("oil_exports_mbd"), "mb/d");
    assert_string_equal(brink_report_unit("casualties_weeks"), "weeks");
    assert_string_equal(brink_report_unit("mystery"), "");
    assert_true(brink_report_rank("oil_exports_mbd") < brink_report_rank("trust"));
    assert_true(brink_report_rank("trust") < brink_report_rank("mystery"));
}

/* A small report: two questions (one not modelled), three series (one constant, one position),
 * one chain, a comparison. */
static void build_report(brink_report *r, brink_report_question *qs, brink_report_series *ss,
                         brink_report_chains *cs, brink_report_chain *top,
                         brink_report_compare *cmp, brink_report_cmp_question *cq,
                         brink_report_cmp_series *cser)
{
    static const char *months[2] = {"2025-03", "2025-04"};
    static double cum[2] = {0.1, 0.3}, cum2[2] = {0.05, 0.2}, flat[N];
    for (int i = 0; i < N; i++)
        flat[i] = 2;
    memset(r, 0, sizeof *r);
    r->format = "brink-forecast/1";
    r->version = "0.1.0";
    r->name = "Test <scenario>";
    r->hash = "fnv1a64:0123456789abcdef";
    r->start = "2025-03-12";
    r->step_days = 7;
    r->steps = N;
    r->seed = 7;
    r->runs = 100;
    r->settings = "100 runs";
    r->source_file = "forecast.json";
    qs[0] = (brink_report_question){"strike", "A strike <script>alert(1)</script>?",
                                    "event",  1,
                                    100,      30,
                                    0.3,      0.0458,
                                    0.22,     0.4,
                                    cum,      /* a reference below the model's 0.3: +17.5 pp */
                                    0.125,    "1 in 8 <years>",
                                    "history"};
    qs[1] = (brink_report_question){"deal", "A deal?", "event", 0, 0, 0, NAN, NAN, NAN, NAN, NULL,
                                    NAN, NULL, NULL};
    r->nq = 2;
    r->q = qs;
    r->nsteps = N;
    r->dates = dates;
    ss[0] = (brink_report_series){"oil_exports_mbd:A",           "oil_exports_mbd", "A", NULL, NULL,
                                  {q[0], q[1], q[2], q[3], q[4]}};
    ss[1] =
        (brink_report_series){"rung:A>B", "rung", "A", "B", NULL, {flat, flat, flat, flat, flat}};
    ss[2] = (brink_report_series){"position:A:sanctions",        "position", "A", NULL, "sanctions",
                                  {q[0], q[1], q[2], q[3], q[4]}};
    r->nseries = 3;
    r->series = ss;
    top[0] = (brink_report_chain){"strike A>B <- threat A>B", 20, 0};
    cs[0] = (brink_report_chains){"strike", 30, 1, top};
    r->nchains = 1;
    r->chains = cs;
    r->nmonths = 2;
    r->months = months;
    cq[0] =
        (brink_report_cmp_question){"strike", "A strike?", 100, 0.3, 0.2, -0.1, 0.03, cum, cum2};
    memset(cser, 0, sizeof *cser);
    cser->name = "oil_exports_mbd:A";
    cser->base_mean = 1.2;
    cser->alt_mean = 1.5;
    cser->diff = 0.3;
    cser->se = 0.01;
    cser->score = 2;
    for (int k = 0; k < BRINK_SVG_NQ; k++)
        cser->alt_q[k] = alt[k];
    memset(cmp, 0, sizeof *cmp);
    cmp->base = "base.yaml";
    cmp->alt = "base.yaml --set x=1";
    cmp->runs = 100;
    cmp->seed = 7;
    cmp->nq = 1;
    cmp->q = cq;
    cmp->nseries = 1;
    cmp->series = cser;
}

static void whole_page(void **state)
{
    (void)state;
    fixture();
    brink_report r;
    brink_report_question qs[2];
    brink_report_series ss[3];
    brink_report_chains cs[1];
    brink_report_chain top[1];
    brink_report_compare cmp;
    brink_report_cmp_question cq[1];
    brink_report_cmp_series cser[1];
    build_report(&r, qs, ss, cs, top, &cmp, cq, cser);
    for (int with_cmp = 0; with_cmp < 2; with_cmp++) {
        r.cmp = with_cmp ? &cmp : NULL;
        brink_strbuf a = {0}, b = {0};
        brink_report_html_text(&a, &r);
        brink_report_html_text(&b, &r);
        assert_false(brink_strbuf_failed(&a));
        assert_string_equal(brink_strbuf_cstr(&a), brink_strbuf_cstr(&b));
        const char *s = brink_strbuf_cstr(&a);
        assert_true(!strncmp(s, "<!DOCTYPE html>", 15));
        static const char *const must[] = {"id=\"questions\"",
                                           "id=\"by-month\"",
                                           "id=\"indicators\"",
                                           "id=\"positions\"",
                                           "id=\"chains\"",
                                           "id=\"manifest\"",
                                           "id=\"fan-0-oil-exports-mbd-A\"",
                                           "id=\"month-0-strike\"",
                                           "id=\"pos-0-sanctions\"",
                                           "Series that are the same in every run",
                                           "<b>A</b> &rarr; <b>B</b>: threat, then <b>A</b> "
                                           "&rarr; <b>B</b>: strike.",
                                           "not modelled",
                                           "Test &lt;scenario&gt;",
                                           /* the reference beside the model's forecast */
                                           "<th>reference</th>",
                                           "Reference: 1 in 8 &lt;years&gt; <span "
                                           "class=\"muted\">(history)</span>",
                                           "<td class=\"num\">12.5 %</td>",
                                           "class=\"up\">+17.5<",
                                           "; reference 12.5 %</title>",
                                           "<path class=\"ref\" d=\"M13.0 0H19.0L16.0 4ZM16.0 "
                                           "0V16\""};
        for (size_t k = 0; k < sizeof must / sizeof must[0]; k++)
            if (!strstr(s, must[k]))
                fail_msg("the page lacks %s", must[k]);
        assert_null(strstr(s, "<script"));
        assert_null(strstr(s, "nan"));
        assert_null(strstr(s, "src="));
        assert_null(strstr(s, "href=\"http"));
        assert_int_equal(strstr(s, "id=\"comparison\"") != NULL, with_cmp);
        if (with_cmp) {
            assert_non_null(strstr(s, "id=\"cmpfan-0-oil-exports-mbd-A\""));
            assert_non_null(strstr(s, "class=\"down\">-10.0<"));
        }
        brink_strbuf_free(&a);
        brink_strbuf_free(&b);
    }
    /* an allocation failing anywhere leaves a failed buffer, never a crash */
    r.cmp = &cmp;
    brink_strbuf ref = {0};
    brink_report_html_text(&ref, &r);
    long k;
    for (k = 1; k < 2000; k++) {
        brink_strbuf sb = {0};
        brink_alloc_set_fail_after(k);
        brink_report_html_text(&sb, &r);
        brink_alloc_set_fail_after(0);
        int failed = brink_strbuf_failed(&sb);
        if (!failed) /* past the last allocation: the whole page, nothing lost on the way */
            assert_string_equal(brink_strbuf_cstr(&sb), brink_strbuf_cstr(&ref));
        brink_strbuf_free(&sb);
        if (!failed)
            break;
    }
    assert_true(k > 1 && k < 2000);
    brink_strbuf_free(&ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fan_golden),       cmocka_unit_test(other_charts_golden),
        cmocka_unit_test(ticks_and_labels), cmocka_unit_test(escaping_units_stories),
        cmocka_unit_test(whole_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
