/* SPDX-License-Identifier: MIT */
/*
 * jsonw.c — the streaming JSON writer (see jsonw.h). Strings are written as given (the library's
 * strings are valid UTF-8: the scenario loader checks them) with '"', '\\' and control
 * characters escaped.
 */
#include "io/jsonw.h"

#include "brink.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

void brink_jsonw_init(brink_jsonw *w, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
}

static void newline(brink_jsonw *w, int depth)
{
    fputc('\n', w->f);
    for (int i = 0; i < depth; i++)
        fputc(' ', w->f);
}

/* Separator and indentation before a value (or a key). */
static void before_value(brink_jsonw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth == 0)
        return;
    int d = w->depth - 1;
    if (w->count[d])
        fputc(',', w->f);
    if (w->inline_[d]) {
        if (w->count[d])
            fputc(' ', w->f);
    } else {
        newline(w, w->depth);
    }
    w->count[d] = 1;
}

static void begin(brink_jsonw *w, char c, int inl)
{
    before_value(w);
    if (w->depth >= BRINK_JSONW_MAX_DEPTH) {
        w->failed = 1;
        return;
    }
    fputc(c, w->f);
    w->count[w->depth] = 0;
    w->inline_[w->depth] = (unsigned char)(inl || (w->depth > 0 && w->inline_[w->depth - 1]));
    w->depth++;
}

static void end(brink_jsonw *w, char c)
{
    if (w->depth == 0 || w->after_key) {
        w->failed = 1;
        return;
    }
    w->depth--;
    if (w->count[w->depth] && !w->inline_[w->depth])
        newline(w, w->depth);
    fputc(c, w->f);
}

void brink_jsonw_begin_object(brink_jsonw *w)
{
    begin(w, '{', 0);
}

void brink_jsonw_end_object(brink_jsonw *w)
{
    end(w, '}');
}

void brink_jsonw_begin_array(brink_jsonw *w)
{
    begin(w, '[', 0);
}

void brink_jsonw_begin_inline(brink_jsonw *w)
{
    begin(w, '[', 1);
}

void brink_jsonw_end_array(brink_jsonw *w)
{
    end(w, ']');
}

static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        default:
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

void brink_jsonw_key(brink_jsonw *w, const char *key)
{
    if (w->after_key) {
        w->failed = 1;
        return;
    }
    before_value(w);
    put_string(w->f, key);
    fputs(": ", w->f);
    w->after_key = 1;
}

void brink_jsonw_string(brink_jsonw *w, const char *s)
{
    before_value(w);
    if (s)
        put_string(w->f, s);
    else
        fputs("null", w->f);
}

void brink_jsonw_double(brink_jsonw *w, double x)
{
    char buf[40];
    before_value(w);
    fputs(isfinite(x) ? brink_format_double(x, buf, sizeof buf) : "null", w->f);
}

void brink_jsonw_uint(brink_jsonw *w, uint64_t x)
{
    before_value(w);
    fprintf(w->f, "%" PRIu64, x);
}

void brink_jsonw_int(brink_jsonw *w, long long x)
{
    before_value(w);
    fprintf(w->f, "%lld", x);
}

void brink_jsonw_bool(brink_jsonw *w, int b)
{
    before_value(w);
    fputs(b ? "true" : "false", w->f);
}

void brink_jsonw_null(brink_jsonw *w)
{
    before_value(w);
    fputs("null", w->f);
}

int brink_jsonw_finish(brink_jsonw *w)
{
    if (w->depth != 0 || w->after_key)
        w->failed = 1;
    fputc('\n', w->f);
    return w->failed || ferror(w->f) ? -1 : 0;
}
