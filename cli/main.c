/* SPDX-License-Identifier: MIT */
/*
 * main.c — `brink <command> [options]`: dispatches to one file per command and owns the exit
 * codes (0 ok, 1 runtime failure, 2 usage error, 3 invalid input). Help goes to stdout with exit
 * 0; usage errors go to stderr with exit 2 (after jq and git).
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: brink <command> [options]\n"
    "\n"
    "brink simulates coercive diplomacy (sanctions, nuclear leverage, escalation, domestic\n"
    "pressure, negotiation and trust) and turns ensembles of runs into forecasts.\n"
    "\n"
    "commands:\n"
    "  check [FILE]      validate a scenario (default: the built-in one) and summarise it\n"
    "  params            list the registry of mechanism parameters\n"
    "  bargain FILE      run the negotiation models on a stakeholder table\n"
    "  forecast [FILE]   run an ensemble: probabilities with Monte Carlo error, bands, chains\n"
    "  run [FILE]        replay one run as a dated event log\n"
    "  merge PARTIAL...  combine the partials of `forecast --shard K/N` into one forecast\n"
    "  report DIR        write DIR/report.html from a forecast (self-contained, offline)\n"
    "  compare A [B]     what a change does: two scenarios (or --set) on common random numbers\n"
    "  sensitivity [FILE]  rank the parameters by how much they move each question\n"
    "  calibrate CONFIG  history matching: fit parameters to pattern scenarios, freeze them\n"
    "\n"
    "options:\n"
    "  -h, --help        show this help (or a command's: brink <command> --help)\n"
    "  --version         print the version\n"
    "\n"
    "exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 invalid input.\n"
    "Manual: docs/cli.md. Scenario format: docs/scenario-format.md.\n";

void cli_msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("brink: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_error(const brink_error *err)
{
    char buf[BRINK_ERROR_FILE_MAX + BRINK_ERROR_MSG_MAX + 64];
    brink_error_format(err, buf, sizeof buf);
    cli_msg("%s", buf);
    switch (err->code) {
    case BRINK_EINVAL:
        return EXIT_INPUT;
    case BRINK_EUSAGE:
        return EXIT_USAGE;
    default:
        return EXIT_RUNTIME;
    }
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("brink: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (cmd)
        fprintf(stderr, "brink: see 'brink %s --help'\n", cmd);
    else
        fputs("brink: see 'brink --help'\n", stderr);
    return EXIT_USAGE;
}

int cli_is_help(const char *arg)
{
    return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

unsigned long long cli_default_threads(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores <= 0 ? 1 : cores > 256 ? 256 : (unsigned long long)cores;
}

int cli_ensemble_opt(const char *cmd, const char *a, const char *v, int *i,
                     unsigned long long *threads, unsigned long long *seed, int *have_seed,
                     int *rc)
{
    *rc = EXIT_OK;
    if (!v)
        return 0;
    if (threads && !strcmp(a, "--threads")) {
        if (cli_parse_size(v, 1024, threads) || *threads == 0)
            *rc = cli_usage(cmd, "--threads needs a number from 1 to 1024");
    } else if (!strcmp(a, "--seed")) {
        if (cli_parse_size(v, UINT64_MAX, seed))
            *rc = cli_usage(cmd, "--seed needs a non-negative integer");
        *have_seed = 1;
    } else {
        return 0;
    }
    ++*i;
    return 1;
}

int cli_output_opt(const char *cmd, const char *a, const char *v, int *i, const char **out,
                   int *quiet, int *rc)
{
    *rc = EXIT_OK;
    if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
        *quiet = 1;
        return 1;
    }
    if (!v || strcmp(a, "--out") != 0)
        return 0;
    if (!*v)
        *rc = cli_usage(cmd, "--out needs a directory");
    *out = v;
    ++*i;
    return 1;
}

int cli_parse_size(const char *s, unsigned long long max, unsigned long long *out)
{
    if (!s || !*s || strspn(s, "0123456789") != strlen(s))
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno == ERANGE || v > max)
        return -1;
    *out = v;
    return 0;
}

int cli_take_set(const char *cmd, cli_sets *s, const char *value)
{
    if (!value)
        return cli_usage(cmd, "--set needs PATH=VALUE");
    if (s->n == CLI_MAX_SETS)
        return cli_usage(cmd, "too many --set options (at most %d)", CLI_MAX_SETS);
    s->v[s->n++] = value;
    return EXIT_OK;
}

int cli_load_scenario(const char *file, const brink_load_options *opts, brink_scenario **out)
{
    brink_error err;
    int rc;
    if (file) {
        rc = brink_scenario_load_file(file, opts, out, &err);
    } else {
        size_t len;
        const char *name;
        const char *text = brink_builtin_scenario(&len, &name);
        rc = brink_scenario_load_buffer(text, len, name, opts, out, &err);
    }
    return rc == BRINK_OK ? EXIT_OK : cli_error(&err);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage(NULL, "no command given");
    const char *cmd = argv[1];
    if (cli_is_help(cmd)) {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--version")) {
        printf("brink %s\n", brink_version());
        return EXIT_OK;
    }
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "params"))
        return cmd_params(argc - 1, argv + 1);
    if (!strcmp(cmd, "bargain"))
        return cmd_bargain(argc - 1, argv + 1);
    if (!strcmp(cmd, "forecast"))
        return cmd_forecast(argc - 1, argv + 1);
    if (!strcmp(cmd, "run"))
        return cmd_run(argc - 1, argv + 1);
    if (!strcmp(cmd, "merge"))
        return cmd_merge(argc - 1, argv + 1);
    if (!strcmp(cmd, "report"))
        return cmd_report(argc - 1, argv + 1);
    if (!strcmp(cmd, "compare"))
        return cmd_compare(argc - 1, argv + 1);
    if (!strcmp(cmd, "sensitivity"))
        return cmd_sensitivity(argc - 1, argv + 1);
    if (!strcmp(cmd, "calibrate"))
        return cmd_calibrate(argc - 1, argv + 1);
    if (cmd[0] == '-')
        return cli_usage(NULL, "unknown option '%s'", cmd);
    return cli_usage(NULL, "unknown command '%s'", cmd);
}
