/* SPDX-License-Identifier: MIT */
/*
 * jsonw.h — a small streaming JSON writer (internal to the library), so that large documents
 * (a forecast's bands) are written without building a tree in memory. Numbers are written by
 * brink_format_double: the shortest text that reads back to the same double, in the C locale;
 * non-finite numbers become null. Layout: one member or element per line, indented by one space
 * per level (as jansson's JSON_INDENT(1)), except arrays opened with brink_jsonw_begin_inline,
 * which stay on one line. The output ends with a newline. Errors are sticky: check
 * brink_jsonw_failed (or the stream) once at the end.
 */
#ifndef BRINK_IO_JSONW_H
#define BRINK_IO_JSONW_H

#include <stdint.h>
#include <stdio.h>

#define BRINK_JSONW_MAX_DEPTH 32

typedef struct brink_jsonw {
    FILE *f;
    int depth;
    int failed;
    int after_key;
    unsigned char count[BRINK_JSONW_MAX_DEPTH];   /* 0: the container is empty so far */
    unsigned char inline_[BRINK_JSONW_MAX_DEPTH]; /* the container stays on one line */
} brink_jsonw;

/* Starts a document written to f (borrowed). */
void brink_jsonw_init(brink_jsonw *w, FILE *f);
void brink_jsonw_begin_object(brink_jsonw *w);
void brink_jsonw_end_object(brink_jsonw *w);
void brink_jsonw_begin_array(brink_jsonw *w);
/* An array written on one line ("[1, 2, 3]"); nested containers inside it stay inline too. */
void brink_jsonw_begin_inline(brink_jsonw *w);
void brink_jsonw_end_array(brink_jsonw *w);
/* The next member's key (inside an object). */
void brink_jsonw_key(brink_jsonw *w, const char *key);
/* A string (escaped; NULL writes null). */
void brink_jsonw_string(brink_jsonw *w, const char *s);
void brink_jsonw_double(brink_jsonw *w, double x);
void brink_jsonw_uint(brink_jsonw *w, uint64_t x);
void brink_jsonw_int(brink_jsonw *w, long long x);
void brink_jsonw_bool(brink_jsonw *w, int b);
void brink_jsonw_null(brink_jsonw *w);
/* Ends the document (a final newline). Returns 0, or -1 when something went wrong (misuse, or
 * the stream reported an error). */
int brink_jsonw_finish(brink_jsonw *w);

#endif
