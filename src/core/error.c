/* SPDX-License-Identifier: MIT */
/*
 * error.c — the error record every fallible function fills: a result code, the location in an
 * input file (1-based line and column, as editors count) and a message that says what is wrong
 * and what was expected. Owns nothing; a brink_error is plain data.
 */
#include "brink.h"

#include <stdio.h>
#include <string.h>

const char *brink_version(void)
{
    return BRINK_VERSION_STRING;
}

void brink_error_clear(brink_error *err)
{
    if (!err)
        return;
    memset(err, 0, sizeof *err);
}

int brink_error_setv(brink_error *err, int code, const char *file, int line, int column,
                     const char *fmt, va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    err->line = line > 0 ? line : 0;
    err->column = column > 0 ? column : 0;
    err->file[0] = '\0';
    if (file)
        snprintf(err->file, sizeof err->file, "%s", file);
    err->message[0] = '\0';
    if (fmt)
        vsnprintf(err->message, sizeof err->message, fmt, ap);
    return code;
}

int brink_error_set(brink_error *err, int code, const char *file, int line, int column,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = brink_error_setv(err, code, file, line, column, fmt, ap);
    va_end(ap);
    return rc;
}

int brink_error_format(const brink_error *err, char *buf, size_t n)
{
    if (!err)
        return snprintf(buf, n, "%s", "");
    const char *msg = err->message[0] ? err->message : brink_strerror(err->code);
    if (err->file[0] && err->line > 0 && err->column > 0)
        return snprintf(buf, n, "%s:%d:%d: %s", err->file, err->line, err->column, msg);
    if (err->file[0] && err->line > 0)
        return snprintf(buf, n, "%s:%d: %s", err->file, err->line, msg);
    if (err->file[0])
        return snprintf(buf, n, "%s: %s", err->file, msg);
    return snprintf(buf, n, "%s", msg);
}

const char *brink_strerror(int code)
{
    switch (code) {
    case BRINK_OK:
        return "success";
    case BRINK_ENOMEM:
        return "out of memory";
    case BRINK_EINVAL:
        return "invalid input";
    case BRINK_EIO:
        return "input/output error";
    case BRINK_ERANGE:
        return "value out of range";
    case BRINK_EUSAGE:
        return "invalid use of the API";
    case BRINK_EINTERNAL:
        return "internal error";
    default:
        return "unknown error";
    }
}
