/* SPDX-License-Identifier: MIT */
/*
 * cmd_params.c — `brink params`: prints the parameter registry, as an aligned table or as the
 * Markdown table that docs/scenario-format.md embeds (so the docs are generated, not copied).
 */
#include "cli.h"

#include <string.h>

static const char help[] =
    "usage: brink params [--markdown]\n"
    "\n"
    "Lists every mechanism parameter: name, scope (global, actor, dyad, flow), default, unit,\n"
    "bounds and meaning. A scenario overrides one in its `params` maps.\n"
    "\n"
    "options:\n"
    "  --markdown   print a Markdown table (the one in docs/scenario-format.md)\n"
    "  -h, --help   show this help\n";

int cmd_params(int argc, char **argv)
{
    int markdown = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(help, stdout);
            return EXIT_OK;
        } else if (!strcmp(argv[i], "--markdown")) {
            markdown = 1;
        } else {
            return cli_usage("params", "unknown argument '%s'", argv[i]);
        }
    }
    char d[40], lo[40], hi[40];
    if (markdown) {
        printf("| parameter | scope | default | unit | bounds | meaning | basis |\n");
        printf("|---|---|---|---|---|---|---|\n");
    } else {
        printf("%-38s %-6s %8s  %-16s %-14s %s\n", "parameter", "scope", "default", "unit",
               "bounds", "meaning");
    }
    for (size_t i = 0; i < brink_param_count(); i++) {
        const brink_param_def *p = brink_param_get(i);
        brink_format_double(p->def, d, sizeof d);
        brink_format_double(p->lo, lo, sizeof lo);
        brink_format_double(p->hi, hi, sizeof hi);
        if (markdown) {
            printf("| `%s` | %s | %s | %s | [%s, %s]%s | %s | %s |\n", p->name,
                   brink_param_scope_name(p->scope), d, p->unit, lo, hi,
                   p->integer ? " integer" : "", p->meaning, p->basis);
        } else {
            char bounds[90];
            snprintf(bounds, sizeof bounds, "[%s, %s]", lo, hi);
            printf("%-38s %-6s %8s  %-16s %-14s %s\n", p->name, brink_param_scope_name(p->scope),
                   d, p->unit, bounds, p->meaning);
        }
    }
    if (fflush(stdout) != 0) {
        cli_msg("cannot write to standard output");
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}
