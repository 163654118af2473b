/* SPDX-License-Identifier: MIT */
/*
 * html.c — the report page (see report.h). One HTML5 document with inline CSS and inline SVG:
 * summary and manifest, the comparison (when there is one), the questions with a bar each, the
 * probability by month of the event questions, fan charts of the indicators, the positions on
 * each issue, and the most frequent event chains told as sentences. Sections whose data are
 * absent say so instead of disappearing, so a reader knows what the forecast did not contain.
 */
#include "report/report.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

/* ---- indicators: units and order ---- */

typedef struct ind_info {
    const char *name, *unit, *label;
} ind_info;

/* Key indicators first (the issue's list: exports, price and discount, exchange rate, hardship,
 * protest, breakout, rung, trust), then the rest. Units follow docs/ODD.md. */
static const ind_info indicators[] = {
    {"oil_exports_mbd", "mb/d", "oil exports"},
    {"oil_price", "USD per unit (USD/bbl for oil)", "market price"},
    {"oil_discount", "USD/bbl below the market price", "discount"},
    {"exchange_rate", "currency units per USD", "exchange rate"},
    {"hardship", "index", "hardship"},
    {"protest_intensity", "index", "protest intensity"},
    {"breakout_weeks", "weeks", "breakout time"},
    {"rung", "escalation rung", "escalation rung"},
    {"trust", "trust (0-1)", "trust"},
    {"revenue_usd_bn", "USD bn/yr", "revenue"},
    {"inflation", "per year", "inflation"},
    {"legitimacy", "index", "legitimacy"},
    {"stock_60_kg", "kg", "stock of 60 % material"},
    {"iaea_access", "share (0-1)", "IAEA access"},
    {"flow_volume", "the flow's unit (mb/d, mcm/d, MW)", "flow volume"},
    {"talks_status", "status code", "talks status"},
    {"position", "position on the issue's scale", "position"},
    {"proxy_capacity", "capacity (0-1)", "armed group's capacity"},
    {"chokepoint_status", "0 open, 1 harassed, 2 closed", "chokepoint status"},
    {"hardliner_share", "share of influence (0-1)", "hard-liners' share"},
};
#define NINDICATORS (sizeof indicators / sizeof indicators[0])

static const ind_info *ind_find(const char *name)
{
    for (size_t i = 0; name && i < NINDICATORS; i++)
        if (!strcmp(indicators[i].name, name))
            return &indicators[i];
    return NULL;
}

const char *brink_report_unit(const char *indicator)
{
    const ind_info *in = ind_find(indicator);
    if (in)
        return in->unit;
    static const struct {
        const char *suffix, *unit;
    } suf[] = {{"_mbd", "mb/d"},    {"_usd_bn", "USD bn"}, {"_usd", "USD"},
               {"_weeks", "weeks"}, {"_kg", "kg"},         {"_days", "days"},
               {"_share", "share"}, {"_pct", "%"},         {"_count", "count"}};
    size_t n = indicator ? strlen(indicator) : 0;
    for (size_t i = 0; i < sizeof suf / sizeof suf[0]; i++) {
        size_t m = strlen(suf[i].suffix);
        if (n > m && !strcmp(indicator + n - m, suf[i].suffix))
            return suf[i].unit;
    }
    return "";
}

int brink_report_rank(const char *indicator)
{
    const ind_info *in = ind_find(indicator);
    return in ? (int)(in - indicators) : (int)NINDICATORS;
}

/* ---- small helpers ---- */

static void esc(brink_strbuf *sb, const char *s)
{
    brink_svg_escape(sb, s);
}

/* The words of an identifier: '_' becomes ' '. Escaped. */
static void words(brink_strbuf *sb, const char *id, size_t n)
{
    char buf[256];
    size_t k = 0;
    for (size_t i = 0; i < n && id[i] && k + 1 < sizeof buf; i++)
        buf[k++] = id[i] == '_' ? ' ' : id[i];
    buf[k] = '\0';
    esc(sb, buf);
}

/* p in per cent to 0.1, without the unit ("&lt; 0.1" for a positive p below it). */
static void pct_num(brink_strbuf *sb, double p)
{
    if (!isfinite(p))
        brink_strbuf_append(sb, "&ndash;");
    else if (p > 0 && p < 0.001)
        brink_strbuf_append(sb, "&lt; 0.1");
    else
        brink_strbuf_appendf(sb, "%.1f", p * 100.0);
}

static void pct(brink_strbuf *sb, double p)
{
    pct_num(sb, p);
    if (isfinite(p))
        brink_strbuf_append(sb, " %");
}

/* An element id from a name: letters and digits kept, the rest '-'. */
static void id_from(brink_strbuf *sb, const char *prefix, size_t index, const char *name)
{
    brink_strbuf_appendf(sb, "%s-%zu-", prefix, index);
    for (const char *p = name; p && *p; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        brink_strbuf_append_n(sb, ok ? p : "-", 1);
    }
}

/* 1 when the series' 5 % and 95 % bands are equal at every step (every run the same). */
static int constant(const brink_report_series *s, size_t n)
{
    for (size_t t = 0; t < n; t++) {
        double a = s->q[0][t], b = s->q[4][t], c = s->q[0][0];
        if (isfinite(a) != isfinite(b) || (isfinite(a) && (a != b || a != c)))
            return 0;
    }
    return 1;
}

/* ---- chains as sentences ---- */

void brink_report_chain_story(brink_strbuf *sb, const char *key)
{
    /* split into links, resolving event first */
    const char *links[16];
    size_t len[16], n = 0;
    int cut = 0;
    const char *p = key;
    while (p && *p && n < 16) {
        const char *e = strstr(p, " <- ");
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == 3 && !strncmp(p, "...", 3))
            cut = 1;
        else {
            links[n] = p;
            len[n++] = l;
        }
        p = e ? e + 4 : NULL;
    }
    if (cut)
        brink_strbuf_append(sb, "&hellip; ");
    for (size_t k = n; k-- > 0;) {
        /* "type actor>target" */
        const char *l = links[k], *sp = memchr(l, ' ', len[k]);
        size_t tl = sp ? (size_t)(sp - l) : len[k];
        char actor[128] = "-", target[128] = "-";
        if (sp) {
            const char *who = sp + 1, *gt = memchr(who, '>', len[k] - tl - 1);
            size_t al = gt ? (size_t)(gt - who) : len[k] - tl - 1;
            snprintf(actor, sizeof actor, "%.*s", (int)al, who);
            if (gt)
                snprintf(target, sizeof target, "%.*s", (int)(len[k] - tl - 2 - al), gt + 1);
        }
        if (k + 1 < n)
            brink_strbuf_append(sb, ", then ");
        int has_actor = strcmp(actor, "-") != 0, has_target = strcmp(target, "-") != 0;
        if (has_actor) {
            brink_strbuf_append(sb, "<b>");
            esc(sb, actor);
            brink_strbuf_append(sb, "</b>");
        }
        if (has_target) {
            brink_strbuf_append(sb, has_actor ? " &rarr; <b>" : "&rarr; <b>");
            esc(sb, target);
            brink_strbuf_append(sb, "</b>");
        }
        if (has_actor || has_target)
            brink_strbuf_append(sb, ": ");
        words(sb, l, tl);
    }
    brink_strbuf_append(sb, ".");
}

/* ---- sections ---- */

static const char style[] =
    "body{font-family:sans-serif;max-width:980px;margin:0 auto;padding:0 16px 48px;color:#222;"
    "line-height:1.4}\n"
    "h1{font-size:1.6em;margin-top:24px}h2{border-bottom:2px solid #0072B2;padding-bottom:2px;"
    "margin-top:36px}h3{margin-bottom:4px}\n"
    "table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 8px;border-bottom:1px solid "
    "#ddd;text-align:left;vertical-align:top}th{background:#f3f6f9;white-space:nowrap}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "svg.chart{max-width:100%;height:auto;display:block;margin:6px 0 14px}\n"
    ".muted{color:#666}.charts{display:block}nav a{margin-right:12px}\n"
    ".up{color:#B54600}.down{color:#005C8F}code{font-size:0.95em}\n"
    "ol.chains li{margin-bottom:4px}span.ref{font-size:0.9em}dl.refs dd{margin:0 0 6px 24px}\n";

static void section_summary(brink_strbuf *sb, const brink_report *r)
{
    brink_strbuf_append(sb, "<h1>");
    esc(sb, r->name ? r->name : "brink forecast");
    brink_strbuf_append(sb, "</h1>\n<p>");
    size_t modelled = 0, events = 0;
    for (size_t q = 0; q < r->nq; q++) {
        modelled += r->q[q].modelled ? 1 : 0;
        events += r->q[q].kind && !strcmp(r->q[q].kind, "event") ? 1 : 0;
    }
    brink_strbuf_appendf(sb, "An ensemble of <b>%" PRIu64 "</b> simulated histories", r->runs);
    if (r->failed_runs)
        brink_strbuf_appendf(sb, " (%" PRIu64 " failed and left out)", r->failed_runs);
    brink_strbuf_append(sb, " of this scenario, starting ");
    esc(sb, r->start);
    if (r->nsteps > 0) {
        brink_strbuf_append(sb, " and running to ");
        esc(sb, r->dates[r->nsteps - 1]);
    }
    brink_strbuf_appendf(sb,
                         " in %ld steps of %ld days. It answers %zu questions (%zu about events), "
                         "%zu of which this build models, and follows %zu indicator series.",
                         r->steps, r->step_days, r->nq, events, modelled, r->nseries);
    brink_strbuf_append(sb, " Probabilities are shares of runs with their Monte Carlo standard "
                            "error and Wilson 95 % interval, each beside the question&rsquo;s "
                            "base-rate reference forecast when the scenario gives one; bands are "
                            "quantiles over runs.</p>\n");
    brink_strbuf_append(sb, "<nav>");
    if (r->cmp)
        brink_strbuf_append(sb, "<a href=\"#comparison\">Comparison</a>");
    brink_strbuf_append(sb, "<a href=\"#questions\">Questions</a><a href=\"#by-month\">By "
                            "month</a><a href=\"#indicators\">Indicators</a><a "
                            "href=\"#positions\">Positions</a><a href=\"#chains\">Event "
                            "chains</a><a href=\"#manifest\">Manifest</a></nav>\n");
}

static void row(brink_strbuf *sb, const char *key, const char *value)
{
    brink_strbuf_append(sb, "<tr><th>");
    esc(sb, key);
    brink_strbuf_append(sb, "</th><td>");
    esc(sb, value ? value : "");
    brink_strbuf_append(sb, "</td></tr>\n");
}

static void section_manifest(brink_strbuf *sb, const brink_report *r)
{
    char buf[96];
    brink_strbuf_append(sb, "<h2 id=\"manifest\">Manifest</h2>\n<table class=\"manifest\">\n");
    row(sb, "scenario", r->name);
    row(sb, "scenario hash", r->hash);
    row(sb, "start", r->start);
    snprintf(buf, sizeof buf, "%ld steps of %ld days", r->steps, r->step_days);
    row(sb, "horizon", buf);
    snprintf(buf, sizeof buf, "%" PRIu64, r->seed);
    row(sb, "master seed", buf);
    row(sb, "settings", r->settings);
    snprintf(buf, sizeof buf, "%" PRIu64 " (%" PRIu64 " failed)", r->runs, r->failed_runs);
    row(sb, "runs", buf);
    row(sb, "brink version", r->version);
    row(sb, "format", r->format);
    snprintf(buf, sizeof buf, "%" PRIu64 " bytes, fnv1a64:%016" PRIx64, r->source_bytes,
             r->source_fnv);
    brink_strbuf_append(sb, "<tr><th>");
    esc(sb, r->source_file ? r->source_file : "forecast.json");
    brink_strbuf_appendf(sb, "</th><td>%s</td></tr>\n", buf);
    brink_strbuf_append(sb,
                        "</table>\n<p class=\"muted\">Replay run <i>i</i> with <code>brink run "
                        "--seed SEED --index i</code>. This page is a function of the files above "
                        "only: the same forecast gives the same bytes.</p>\n");
}

static void signed_pp(brink_strbuf *sb, double d);

static void section_questions(brink_strbuf *sb, const brink_report *r)
{
    brink_strbuf_append(sb, "<h2 id=\"questions\">Questions</h2>\n<table "
                            "class=\"questions\">\n<tr><th>question</th><th>probability</th><th>"
                            "&plusmn; se</th><th>95 % interval</th><th></th><th>reference</th>"
                            "<th>model &minus;<br>ref. (pp)</th><th>runs</th></tr>\n");
    size_t nref = 0;
    for (size_t i = 0; i < r->nq; i++) {
        const brink_report_question *q = &r->q[i];
        int has_ref = isfinite(q->ref_p);
        nref += has_ref ? 1u : 0u;
        brink_strbuf_append(sb, "<tr><td><code>");
        esc(sb, q->id);
        brink_strbuf_append(sb, "</code><br>");
        esc(sb, q->text);
        brink_strbuf_append(sb, "</td>");
        if (!q->modelled) {
            brink_strbuf_append(sb, "<td class=\"num\">not modelled</td><td></td><td></td><td>");
            brink_svg_prob_bar_ref(sb, NAN, NAN, NAN, q->ref_p, 128);
            brink_strbuf_append(sb, "</td><td class=\"num\">");
            pct(sb, q->ref_p);
            brink_strbuf_append(sb, "</td><td class=\"num\">&ndash;</td><td></td></tr>\n");
            continue;
        }
        brink_strbuf_append(sb, "<td class=\"num\">");
        pct(sb, q->p);
        brink_strbuf_appendf(sb, "</td><td class=\"num\">%.1f</td><td class=\"num\">",
                             q->se * 100.0);
        pct_num(sb, q->lo);
        brink_strbuf_append(sb, "&ndash;");
        pct(sb, q->hi);
        brink_strbuf_append(sb, "</td><td>");
        brink_svg_prob_bar_ref(sb, q->p, q->lo, q->hi, q->ref_p, 128);
        brink_strbuf_append(sb, "</td><td class=\"num\">");
        pct(sb, q->ref_p);
        brink_strbuf_append(sb, "</td><td class=\"num\">");
        signed_pp(sb, has_ref ? q->p - q->ref_p : NAN);
        brink_strbuf_appendf(sb, "</td><td class=\"num\">%" PRIu64 " of %" PRIu64 "</td></tr>\n",
                             q->yes, q->runs);
    }
    brink_strbuf_append(sb,
                        "</table>\n<p class=\"muted\">&plusmn; se in percentage points. "
                        "&ldquo;Not modelled&rdquo;: no mechanism of this build produces the "
                        "event or indicator, so the question has no probability (not 0).");
    if (nref)
        brink_strbuf_append(sb,
                            " <span style=\"color:#D55E00\">&#9660;</span> Reference: the "
                            "scenario&rsquo;s base-rate forecast of the question, from the "
                            "frequency of such events in comparable years or the persistence of "
                            "the indicator&rsquo;s level or trend, computed as its basis says; "
                            "model &minus; reference is what the model adds to it (no outcome is "
                            "known yet, so neither can be scored).");
    brink_strbuf_append(sb, "</p>\n");
    if (!nref)
        return;
    /* how each reference was computed, so that a reader can redo the arithmetic */
    brink_strbuf_append(sb, "<h3>The reference forecasts</h3>\n<dl class=\"refs\">\n");
    for (size_t i = 0; i < r->nq; i++) {
        const brink_report_question *q = &r->q[i];
        if (!isfinite(q->ref_p))
            continue;
        brink_strbuf_append(sb, "<dt><code>");
        esc(sb, q->id);
        brink_strbuf_append(sb, "</code> ");
        pct(sb, q->ref_p);
        brink_strbuf_append(sb, "</dt><dd><span class=\"ref\">Reference: ");
        esc(sb, q->ref_basis ? q->ref_basis : "");
        if (q->ref_source) {
            brink_strbuf_append(sb, " <span class=\"muted\">(");
            esc(sb, q->ref_source);
            brink_strbuf_append(sb, ")</span>");
        }
        brink_strbuf_append(sb, "</span></dd>\n");
    }
    brink_strbuf_append(sb, "</dl>\n");
}

static const brink_report_cmp_question *cmp_question(const brink_report *r, const char *id)
{
    for (size_t i = 0; r->cmp && i < r->cmp->nq; i++)
        if (!strcmp(r->cmp->q[i].id, id))
            return &r->cmp->q[i];
    return NULL;
}

static void section_months(brink_strbuf *sb, const brink_report *r)
{
    brink_strbuf_append(sb, "<h2 id=\"by-month\">Event questions by month</h2>\n<p>The share of "
                            "runs in which the event has happened by the end of each month (a "
                            "question's window may end earlier; the last bar is its "
                            "probability).</p>\n");
    size_t shown = 0;
    for (size_t i = 0; i < r->nq; i++) {
        const brink_report_question *q = &r->q[i];
        if (!q->modelled || !q->kind || strcmp(q->kind, "event") != 0)
            continue;
        brink_strbuf tmp = {0}, id = {0};
        id_from(&id, "month", i, q->id);
        brink_strbuf_append(&tmp, q->id);
        brink_strbuf_append(&tmp, ": share of runs by the end of each month");
        brink_strbuf_append(sb, "<h3>");
        esc(sb, q->text ? q->text : q->id);
        brink_strbuf_append(sb, "</h3>\n");
        if (!q->cumulative) {
            brink_strbuf_append(sb, "<p class=\"muted\">No timing in this forecast.json (written "
                                    "by an older brink).</p>\n");
        } else {
            const brink_report_cmp_question *c = cmp_question(r, q->id);
            const double *alt = c && c->cum_alt ? c->cum_alt : NULL;
            brink_svg_months_chart(sb, brink_strbuf_cstr(&id), brink_strbuf_cstr(&tmp), r->nmonths,
                                   r->months, q->cumulative, alt ? "base" : NULL, alt,
                                   alt ? "alternative" : NULL);
        }
        if (brink_strbuf_failed(&tmp) || brink_strbuf_failed(&id))
            sb->failed = 1;
        brink_strbuf_free(&tmp);
        brink_strbuf_free(&id);
        shown++;
    }
    if (!shown)
        brink_strbuf_append(sb, "<p class=\"muted\">No event question is modelled by this "
                                "build.</p>\n");
}

/* Series indices in report order: by indicator rank, then as forecast.json lists them. */
static int by_rank_ctx_cmp(const brink_report *r, size_t a, size_t b)
{
    int ra = brink_report_rank(r->series[a].indicator),
        rb = brink_report_rank(r->series[b].indicator);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (ra == (int)NINDICATORS) {
        int c = strcmp(r->series[a].indicator ? r->series[a].indicator : "",
                       r->series[b].indicator ? r->series[b].indicator : "");
        if (c)
            return c;
    }
    return a < b ? -1 : a > b ? 1 : 0;
}

static void order_series(const brink_report *r, size_t *idx)
{
    for (size_t j = 0; j < r->nseries; j++)
        idx[j] = j;
    for (size_t i = 1; i < r->nseries; i++) { /* insertion sort: stable, and n is small */
        size_t v = idx[i], k = i;
        while (k > 0 && by_rank_ctx_cmp(r, idx[k - 1], v) > 0) {
            idx[k] = idx[k - 1];
            k--;
        }
        idx[k] = v;
    }
}

static void fan_of(brink_strbuf *sb, const brink_report *r, size_t j,
                   const brink_report_cmp_series *alt)
{
    const brink_report_series *s = &r->series[j];
    brink_strbuf id = {0};
    id_from(&id, alt ? "cmpfan" : "fan", j, s->name);
    brink_svg_fan f;
    memset(&f, 0, sizeof f);
    f.id = brink_strbuf_cstr(&id);
    f.title = NULL;
    f.unit = brink_report_unit(s->indicator);
    f.n = r->nsteps;
    f.dates = r->dates;
    for (size_t k = 0; k < BRINK_SVG_NQ; k++) {
        f.q[k] = s->q[k];
        f.alt[k] = alt ? alt->alt_q[k] : NULL;
    }
    if (alt) { /* the section names them in full */
        f.label = "base";
        f.alt_label = "alternative";
    }
    /* titles are plain text for the SVG writer, which escapes them */
    brink_strbuf plain = {0};
    const ind_info *in = ind_find(s->indicator);
    brink_strbuf_append(&plain, in ? in->label : (s->indicator ? s->indicator : s->name));
    if (s->subject) {
        brink_strbuf_append(&plain, ": ");
        brink_strbuf_append(&plain, s->subject);
        if (s->subject2) {
            brink_strbuf_append(&plain, ">");
            brink_strbuf_append(&plain, s->subject2);
        }
    }
    f.title = brink_strbuf_cstr(&plain);
    brink_svg_fan_chart(sb, &f);
    if (brink_strbuf_failed(&plain) || brink_strbuf_failed(&id))
        sb->failed = 1;
    brink_strbuf_free(&plain);
    brink_strbuf_free(&id);
}

static void section_indicators(brink_strbuf *sb, const brink_report *r, size_t *idx)
{
    brink_strbuf_append(sb, "<h2 id=\"indicators\">Indicators</h2>\n<p>Fan charts: the shaded "
                            "bands hold 90 % and 50 % of the runs (5&ndash;95 % and "
                            "25&ndash;75 % quantiles) at the end of each step, the line is the "
                            "median. Quantiles come from a sketch with 1 % relative "
                            "error.</p>\n<div class=\"charts\">\n");
    const char *group = NULL;
    size_t nconst = 0;
    for (size_t k = 0; k < r->nseries; k++) {
        const brink_report_series *s = &r->series[idx[k]];
        if (s->issue)
            continue; /* positions have their own section */
        if (r->nsteps && constant(s, r->nsteps)) {
            nconst++;
            continue;
        }
        if (!group || strcmp(group, s->indicator ? s->indicator : "") != 0) {
            group = s->indicator ? s->indicator : "";
            const ind_info *in = ind_find(group);
            brink_strbuf_append(sb, "<h3>");
            esc(sb, in ? in->label : group);
            brink_strbuf_append(sb, " <span class=\"muted\">(<code>");
            esc(sb, group);
            brink_strbuf_append(sb, "</code>)</span></h3>\n");
        }
        fan_of(sb, r, idx[k], NULL);
    }
    brink_strbuf_append(sb, "</div>\n");
    if (nconst) {
        brink_strbuf_append(sb, "<h3>Series that are the same in every run</h3>\n<table "
                                "class=\"constant\"><tr><th>series</th><th>value</th><th>unit"
                                "</th></tr>\n");
        for (size_t k = 0; k < r->nseries; k++) {
            const brink_report_series *s = &r->series[idx[k]];
            if (s->issue || !r->nsteps || !constant(s, r->nsteps))
                continue;
            brink_strbuf_append(sb, "<tr><td><code>");
            esc(sb, s->name);
            brink_strbuf_append(sb, "</code></td><td class=\"num\">");
            if (isfinite(s->q[2][0]))
                brink_strbuf_appendf(sb, "%.6g", s->q[2][0]);
            else
                brink_strbuf_append(sb, "no value");
            brink_strbuf_append(sb, "</td><td>");
            esc(sb, brink_report_unit(s->indicator));
            brink_strbuf_append(sb, "</td></tr>\n");
        }
        brink_strbuf_append(sb, "</table>\n");
    }
}

static void section_positions(brink_strbuf *sb, const brink_report *r, size_t *idx)
{
    brink_strbuf_append(sb, "<h2 id=\"positions\">Positions on the issues</h2>\n");
    /* issues in order of first appearance */
    size_t shown = 0;
    for (size_t k = 0; k < r->nseries; k++) {
        const brink_report_series *s = &r->series[idx[k]];
        if (!s->issue)
            continue;
        int seen = 0;
        for (size_t m = 0; m < k && !seen; m++) {
            const brink_report_series *o = &r->series[idx[m]];
            seen = o->issue && !strcmp(o->issue, s->issue);
        }
        if (seen)
            continue;
        brink_svg_line lines[64];
        size_t nl = 0;
        for (size_t m = k; m < r->nseries && nl < 64; m++) {
            const brink_report_series *o = &r->series[idx[m]];
            if (!o->issue || strcmp(o->issue, s->issue) != 0)
                continue;
            lines[nl++] =
                (brink_svg_line){o->subject ? o->subject : o->name, o->q[2], o->q[1], o->q[3]};
        }
        brink_strbuf title = {0}, id = {0};
        brink_strbuf_append(&title, "positions on ");
        brink_strbuf_append(&title, s->issue);
        brink_strbuf_append(&title, " (median, 25-75 % shaded)");
        id_from(&id, "pos", shown, s->issue);
        brink_svg_lines_chart(sb, brink_strbuf_cstr(&id), brink_strbuf_cstr(&title),
                              brink_report_unit(s->indicator), r->nsteps, r->dates, lines, nl);
        if (brink_strbuf_failed(&title) || brink_strbuf_failed(&id))
            sb->failed = 1;
        brink_strbuf_free(&title);
        brink_strbuf_free(&id);
        shown++;
    }
    if (!shown)
        brink_strbuf_append(sb, "<p class=\"muted\">This forecast has no position series: no "
                                "mechanism of this build moves the principals' positions on the "
                                "issues.</p>\n");
}

static void section_chains(brink_strbuf *sb, const brink_report *r)
{
    brink_strbuf_append(sb, "<h2 id=\"chains\">How it happens: the most frequent event "
                            "chains</h2>\n<p>For each event question, the chains of events that "
                            "led to it in the runs where it happened, in the order they happened, "
                            "with the share of those runs (counts are upper bounds from a "
                            "32-counter sketch; exact when no overcount is shown).</p>\n");
    size_t shown = 0;
    for (size_t c = 0; c < r->nchains; c++) {
        const brink_report_chains *ch = &r->chains[c];
        const char *text = NULL;
        for (size_t i = 0; i < r->nq; i++)
            if (!strcmp(r->q[i].id, ch->question))
                text = r->q[i].text;
        brink_strbuf_append(sb, "<h3><code>");
        esc(sb, ch->question);
        brink_strbuf_append(sb, "</code> ");
        esc(sb, text);
        brink_strbuf_appendf(sb, "</h3>\n<p class=\"muted\">%" PRIu64 " runs with a chain.</p>\n",
                             ch->counted);
        if (!ch->n) {
            brink_strbuf_append(sb, "<p class=\"muted\">It never happened.</p>\n");
            continue;
        }
        brink_strbuf_append(sb, "<ol class=\"chains\">\n");
        for (size_t k = 0; k < ch->n; k++) {
            const brink_report_chain *e = &ch->top[k];
            brink_strbuf_append(sb, "<li>");
            brink_report_chain_story(sb, e->chain);
            brink_strbuf_append(sb, " <span class=\"muted\">&mdash; ");
            pct(sb, ch->counted ? (double)e->count / (double)ch->counted : NAN);
            brink_strbuf_appendf(sb, " of these runs (%" PRIu64, e->count);
            if (e->overcount)
                brink_strbuf_appendf(sb, ", at least %" PRIu64, e->count - e->overcount);
            brink_strbuf_append(sb, "), ");
            pct(sb, r->runs > r->failed_runs ? (double)e->count / (double)(r->runs - r->failed_runs)
                                             : NAN);
            brink_strbuf_append(sb, " of all runs</span></li>\n");
        }
        brink_strbuf_append(sb, "</ol>\n");
        shown++;
    }
    if (!shown)
        brink_strbuf_append(sb, "<p class=\"muted\">No event question is modelled by this "
                                "build.</p>\n");
}

static void signed_pp(brink_strbuf *sb, double d)
{
    if (!isfinite(d)) {
        brink_strbuf_append(sb, "&ndash;");
        return;
    }
    brink_strbuf_appendf(sb, "<span class=\"%s\">%+.1f</span>",
                         d > 0   ? "up"
                         : d < 0 ? "down"
                                 : "same",
                         d * 100.0);
}

/* A table cell with x to `digits` significant digits (with its sign when sign is set); a dash
 * when x is not finite. */
static void num_cell(brink_strbuf *sb, int digits, int sign, double x)
{
    char buf[48];
    if (isfinite(x))
        snprintf(buf, sizeof buf, sign ? "%+.*g" : "%.*g", digits, x);
    else
        snprintf(buf, sizeof buf, "&ndash;");
    brink_strbuf_appendf(sb, "<td class=\"num\">%s</td>", buf);
}

static void section_compare(brink_strbuf *sb, const brink_report *r)
{
    const brink_report_compare *c = r->cmp;
    brink_strbuf_append(sb, "<h2 id=\"comparison\">Comparison</h2>\n<p>Base: <b>");
    esc(sb, c->base);
    brink_strbuf_append(sb, "</b>; alternative: <b>");
    esc(sb, c->alt);
    brink_strbuf_appendf(sb,
                         "</b>. Both ran the same %" PRIu64 " run indices from seed %" PRIu64
                         " (common random numbers), so each run of the alternative is paired with "
                         "the same run of the base and the standard error of a difference is that "
                         "of the paired differences.</p>\n",
                         c->runs, c->seed);
    brink_strbuf_append(sb, "<table class=\"cmp-questions\">\n<tr><th>question</th><th>base</th>"
                            "<th>alternative</th><th>reference</th><th>difference (pp)</th>"
                            "<th>&plusmn; se (pp)</th></tr>\n");
    size_t unmodelled = 0;
    for (size_t i = 0; i < c->nq; i++) {
        const brink_report_cmp_question *q = &c->q[i];
        if (!isfinite(q->base) && !isfinite(q->alt)) {
            unmodelled++;
            continue;
        }
        brink_strbuf_append(sb, "<tr><td><code>");
        esc(sb, q->id);
        brink_strbuf_append(sb, "</code></td><td class=\"num\">");
        pct(sb, q->base);
        brink_strbuf_append(sb, "</td><td class=\"num\">");
        pct(sb, q->alt);
        /* the base-rate reference of the base's question (the same for both sides) */
        double ref = NAN;
        for (size_t k = 0; k < r->nq; k++)
            if (r->q[k].id && !strcmp(r->q[k].id, q->id))
                ref = r->q[k].ref_p;
        brink_strbuf_append(sb, "</td><td class=\"num\">");
        pct(sb, ref);
        brink_strbuf_append(sb, "</td><td class=\"num\">");
        signed_pp(sb, q->diff);
        brink_strbuf_append(sb, "</td><td class=\"num\">");
        if (isfinite(q->se))
            brink_strbuf_appendf(sb, "%.1f", q->se * 100.0);
        brink_strbuf_append(sb, "</td></tr>\n");
    }
    brink_strbuf_append(sb, "</table>\n");
    if (unmodelled) {
        brink_strbuf_append(sb, "<p class=\"muted\">Not modelled on both sides, or asked by one "
                                "side only:");
        for (size_t i = 0, k = 0; i < c->nq; i++) {
            if (isfinite(c->q[i].base) || isfinite(c->q[i].alt))
                continue;
            brink_strbuf_append(sb, k++ ? ", <code>" : " <code>");
            esc(sb, c->q[i].id);
            brink_strbuf_append(sb, "</code>");
        }
        brink_strbuf_append(sb, ".</p>\n");
    }
    brink_strbuf_append(sb, "<h3>The indicators that differ most</h3>\n<p>Ranked by "
                            "the paired mean difference at the end of the horizon over the "
                            "standard deviation of the values across runs (pooled over both "
                            "sides).</p>\n<table "
                            "class=\"cmp-series\"><tr><th>series</th><th>base mean</th><th>"
                            "alternative mean</th><th>difference</th><th>&plusmn; se</th></tr>\n");
    for (size_t i = 0; i < c->nseries && i < 10; i++) {
        const brink_report_cmp_series *s = &c->series[i];
        if (!(s->score > 0))
            break;
        brink_strbuf_append(sb, "<tr><td><code>");
        esc(sb, s->name);
        brink_strbuf_append(sb, "</code></td>");
        num_cell(sb, 6, 0, s->base_mean);
        num_cell(sb, 6, 0, s->alt_mean);
        num_cell(sb, 4, 1, s->diff);
        num_cell(sb, 2, 0, s->se);
        brink_strbuf_append(sb, "</tr>\n");
    }
    brink_strbuf_append(sb, "</table>\n");
    for (size_t i = 0; i < c->nseries && i < 4; i++) {
        const brink_report_cmp_series *s = &c->series[i];
        if (!s->alt_q[2] || !(s->score > 0))
            continue;
        for (size_t j = 0; j < r->nseries; j++)
            if (!strcmp(r->series[j].name, s->name))
                fan_of(sb, r, j, s);
    }
    for (int pass = 0; pass < 2; pass++) {
        size_t n = pass ? c->nvanish : c->nappear;
        const brink_report_cmp_chain *list = pass ? c->vanish : c->appear;
        brink_strbuf_append(sb, pass ? "<h3>Chains that vanish</h3>\n"
                                     : "<h3>Chains that appear</h3>\n");
        if (!n) {
            brink_strbuf_append(sb, "<p class=\"muted\">None among the most frequent.</p>\n");
            continue;
        }
        brink_strbuf_append(sb, "<ul class=\"chains\">\n");
        for (size_t k = 0; k < n; k++) {
            brink_strbuf_append(sb, "<li><code>");
            esc(sb, list[k].question);
            brink_strbuf_append(sb, "</code>: ");
            brink_report_chain_story(sb, list[k].chain);
            brink_strbuf_appendf(sb,
                                 " <span class=\"muted\">(base %" PRIu64 ", alternative %" PRIu64
                                 " runs)</span></li>\n",
                                 list[k].base, list[k].alt);
        }
        brink_strbuf_append(sb, "</ul>\n");
    }
}

void brink_report_html_text(brink_strbuf *sb, const brink_report *r)
{
    brink_strbuf_append(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
                            "charset=\"utf-8\">\n<meta name=\"viewport\" "
                            "content=\"width=device-width, initial-scale=1\">\n<meta "
                            "http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                            "style-src 'unsafe-inline'; img-src data:\">\n<title>");
    esc(sb, r->name ? r->name : "brink forecast");
    brink_strbuf_append(sb, " &mdash; brink report</title>\n<style>\n");
    brink_strbuf_append(sb, style);
    brink_strbuf_append(sb, "</style>\n</head>\n<body>\n");
    size_t *idx = brink_malloc((r->nseries ? r->nseries : 1) * sizeof *idx);
    if (!idx) {
        sb->failed = 1;
        return;
    }
    order_series(r, idx);
    section_summary(sb, r);
    if (r->cmp)
        section_compare(sb, r);
    section_questions(sb, r);
    section_months(sb, r);
    section_indicators(sb, r, idx);
    section_positions(sb, r, idx);
    section_chains(sb, r);
    section_manifest(sb, r);
    brink_strbuf_append(sb, "<p class=\"muted\">Written by brink ");
    esc(sb, r->version);
    brink_strbuf_append(sb, ". Method: docs/cli.md (brink forecast, brink report).</p>\n"
                            "</body>\n</html>\n");
    brink_free(idx);
}

int brink_report_html(FILE *f, const char *path, const brink_report *r, brink_error *err)
{
    brink_strbuf sb = {0};
    brink_report_html_text(&sb, r);
    if (brink_strbuf_failed(&sb)) {
        brink_strbuf_free(&sb);
        return brink_error_set(err, BRINK_ENOMEM, path, 0, 0, "out of memory");
    }
    int rc = BRINK_OK;
    if (fwrite(sb.data, 1, sb.len, f) != sb.len || ferror(f))
        rc = brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
    brink_strbuf_free(&sb);
    return rc;
}
