/* SPDX-License-Identifier: MIT */
/*
 * cli.h — shared pieces of the brink command-line tool: exit codes, messages, option parsing
 * helpers. Only the CLI talks to the terminal; the library never prints.
 */
#ifndef BRINK_CLI_H
#define BRINK_CLI_H

#include "brink.h"

#include <stdio.h>

enum {
    EXIT_OK = 0,      /* success */
    EXIT_RUNTIME = 1, /* a runtime failure: I/O, memory */
    EXIT_USAGE = 2,   /* bad command line */
    EXIT_INPUT = 3    /* invalid input file */
};

/* Prints "brink: " and the formatted message to stderr, with a newline. */
void cli_msg(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Prints an error record as "brink: file:line:col: message" and returns the exit code for it. */
int cli_error(const brink_error *err);
/* Usage error: message, hint to --help, returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* 1 when arg is -h or --help. */
int cli_is_help(const char *arg);
/* Parses a non-negative integer option value; returns 0 on success. */
int cli_parse_size(const char *s, unsigned long long max, unsigned long long *out);
/* The default of --threads: the number of online cores, at least 1 and at most 256. */
unsigned long long cli_default_threads(void);
/* The options the ensemble commands share, --threads T (1 to 1024) and --seed S: when argument a,
 * with its value v (NULL at the end of the line: then a is not taken), is one of them, parses it
 * into *threads or into *seed (setting *have_seed), steps *i past the value and returns 1, with
 * *rc EXIT_OK or the code of the usage error it printed for cmd; returns 0 otherwise. threads
 * NULL: cmd has no --threads. */
int cli_ensemble_opt(const char *cmd, const char *a, const char *v, int *i,
                     unsigned long long *threads, unsigned long long *seed, int *have_seed,
                     int *rc);

/* The output options of the commands that write a directory, --out DIR (not empty) and -q /
 * --quiet: when argument a (with its value v, NULL at the end of the line) is one of them, sets
 * *out or *quiet, steps *i past a value and returns 1, with *rc EXIT_OK or the code of the usage
 * error it printed for cmd; returns 0 otherwise. */
int cli_output_opt(const char *cmd, const char *a, const char *v, int *i, const char **out,
                   int *quiet, int *rc);

/* The --set PATH=VALUE options of a command line, in order. */
#define CLI_MAX_SETS 256
typedef struct cli_sets {
    const char *v[CLI_MAX_SETS];
    size_t n;
} cli_sets;

/* Records the value of a --set option (value may be NULL when it is missing). Returns EXIT_OK,
 * or prints a usage error for cmd and returns EXIT_USAGE. */
int cli_take_set(const char *cmd, cli_sets *s, const char *value);

/* Loads FILE, or the built-in scenario when file is NULL. Returns an exit code. */
int cli_load_scenario(const char *file, const brink_load_options *opts, brink_scenario **out);

int cmd_check(int argc, char **argv);
int cmd_params(int argc, char **argv);
int cmd_bargain(int argc, char **argv);
int cmd_forecast(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_sensitivity(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);

/* Writes DIR/report.html from DIR/forecast.json (and DIR/compare.json when present); prints any
 * error. Returns an exit code (cmd_report.c). */
int cli_write_report(const char *dir);

/* Prints the table of a forecast (questions, probabilities, intervals, the first failed runs)
 * to stdout, naming out as the directory of its files (cmd_forecast.c; also brink merge). */
struct brink_aggregate;
void cli_print_forecast_table(const brink_scenario *sc, const struct brink_aggregate *a,
                              const char *out);

#endif
