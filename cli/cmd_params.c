/* SPDX-License-Identifier: MIT */
/*
 * cmd_params.c — `brink params`: prints the parameter registry, as an aligned table or as the
 * Markdown table that docs/scenario-format.md embeds (so the docs are generated, not copied);
 * with --prefix, only some modules' parameters (the tables of docs/ODD.md's submodels).
 */
#include "cli.h"

#include <string.h>

static const char help[] =
    "usage: brink params [--markdown] [--prefix LIST]\n"
    "\n"
    "Lists every mechanism parameter: name, scope (global, actor, dyad, flow), default, unit,\n"
    "bounds and meaning. A scenario overrides one in its `params` maps.\n"
    "\n"
    "options:\n"
    "  --markdown   print a Markdown table (the one in docs/scenario-format.md)\n"
    "  --prefix LIST  only the parameters whose names start with one of these comma-separated\n"
    "               prefixes (economy.,trust.: the tables of docs/ODD.md's submodels)\n"
    "  -h, --help   show this help\n";

/* 1 when name starts with one of the comma-separated prefixes of list (NULL: every name). */
static int selected(const char *name, const char *list)
{
    if (!list)
        return 1;
    for (const char *s = list; *s;) {
        size_t len = strcspn(s, ",");
        if (len && strncmp(name, s, len) == 0)
            return 1;
        s += len;
        if (*s == ',')
            s++;
    }
    return 0;
}

int cmd_params(int argc, char **argv)
{
    int markdown = 0;
    const char *prefix = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(help, stdout);
            return EXIT_OK;
        } else if (!strcmp(argv[i], "--markdown")) {
            markdown = 1;
        } else if (!strcmp(argv[i], "--prefix") && i + 1 < argc) {
            prefix = argv[++i];
            size_t hits = 0;
            for (size_t k = 0; k < brink_param_count(); k++)
                hits += (size_t)selected(brink_param_get(k)->name, prefix);
            if (!*prefix || hits == 0)
                return cli_usage("params", "--prefix '%s' selects no parameter", prefix);
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
        if (!selected(p->name, prefix))
            continue;
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
