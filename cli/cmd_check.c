/* SPDX-License-Identifier: MIT */
/*
 * cmd_check.c — `brink check [FILE]`: loads and validates a scenario (the built-in one when no
 * FILE is given) and prints a summary: dates, issues, actors, relations, questions, the values
 * given as distributions, the assumptions, and the values observed before the start.
 */
#include "cli.h"

#include <string.h>

static const char help[] =
    "usage: brink check [options] [FILE]\n"
    "\n"
    "Validates a scenario file and prints a summary. Without FILE, checks the built-in\n"
    "scenario (scenarios/iran-2025.yaml, compiled in). Errors name file:line:col.\n"
    "\n"
    "options:\n"
    "  --strict         every value must carry `source` or `assumed: true`\n"
    "  --set PATH=VALUE override a value before validation (repeatable), e.g.\n"
    "                   --set actors.USA.dispositions.resolve=0.9\n"
    "                   --set 'relations.IRN_LEADER>USA.trust.alpha=4'\n"
    "                   --set params.economy.evasion_halflife_weeks=8\n"
    "  --max-bytes N    refuse files larger than N bytes (default 16777216)\n"
    "  -q, --quiet      print nothing on success\n"
    "  -h, --help       show this help\n"
    "\n"
    "exit codes: 0 valid, 1 runtime failure, 2 usage error, 3 invalid scenario.\n";

static void print_value(const brink_value *v)
{
    char a[40], b[40], c[40];
    switch (v->dist) {
    case BRINK_DIST_FIXED:
        printf("%s", brink_format_double(v->value, a, sizeof a));
        break;
    case BRINK_DIST_TRIANGULAR:
        printf("triangular [%s, %s, %s]", brink_format_double(v->p[0], a, sizeof a),
               brink_format_double(v->p[1], b, sizeof b),
               brink_format_double(v->p[2], c, sizeof c));
        break;
    default:
        printf("%s [%s, %s]", brink_dist_kind_name(v->dist),
               brink_format_double(v->p[0], a, sizeof a),
               brink_format_double(v->p[1], b, sizeof b));
        break;
    }
    if (v->has_bounds)
        printf(" bounds [%s, %s]", brink_format_double(v->lo, a, sizeof a),
               brink_format_double(v->hi, b, sizeof b));
}

static void print_pattern(const brink_scenario *sc, brink_actor_pattern p)
{
    if (p.actor < 0)
        printf("*");
    else
        printf("%s%s", sc->actors[p.actor].id, p.family ? "*" : "");
}

static void print_question(const brink_scenario *sc, const brink_question *q)
{
    char d1[16], d2[16], t[40];
    printf("  %-22s ", q->id);
    if (q->is_event) {
        printf("event %s ", brink_event_type_name(q->event));
        print_pattern(sc, q->actor);
        printf(" -> ");
        print_pattern(sc, q->target);
    } else {
        printf("%s of ", brink_indicator_name(q->indicator));
        switch (q->subject_kind) {
        case BRINK_SUBJECT_ACTOR:
            printf("%s", sc->actors[q->subject].id);
            break;
        case BRINK_SUBJECT_FLOW:
            printf("%s", sc->flows[q->subject].id);
            break;
        case BRINK_SUBJECT_MARKET:
            printf("%s", sc->markets[q->subject].id);
            break;
        case BRINK_SUBJECT_PROGRAMME:
            printf("%s", sc->programmes[q->subject].id);
            break;
        case BRINK_SUBJECT_DYAD:
            printf("%s>%s", sc->actors[q->subject].id, sc->actors[q->subject2].id);
            break;
        case BRINK_SUBJECT_CHOKEPOINT:
            printf("%s", sc->chokepoints[q->subject].id);
            break;
        }
        if (q->issue >= 0)
            printf(" on %s", sc->issues[q->issue].id);
        printf(" %s %s", q->above ? "above" : "below",
               brink_format_double(q->threshold, t, sizeof t));
        if (q->for_weeks)
            printf(" for %d weeks", q->for_weeks);
    }
    if (q->is_event || q->for_weeks)
        printf(", %s..%s", brink_date_format(q->from, d1, sizeof d1),
               brink_date_format(q->to, d2, sizeof d2));
    else
        printf(", at %s", brink_date_format(q->to, d1, sizeof d1));
    /* the base-rate reference printed beside its forecast (the scenario's `reference`) */
    if (q->has_reference)
        printf("; reference %s", brink_format_double(q->ref_p, t, sizeof t));
    printf("\n");
}

static void summary(const brink_scenario *sc)
{
    char d1[16], d2[16];
    size_t i;
    printf("scenario  %s\n", sc->name);
    printf("file      %s\n", sc->file);
    printf("start     %s\n", brink_date_format(sc->start, d1, sizeof d1));
    printf("horizon   %d weeks: %ld steps of %d days, to %s\n", sc->horizon_weeks, sc->nsteps,
           sc->step_days,
           brink_date_format(brink_step_to_date(sc->start, sc->step_days, sc->nsteps), d2,
                             sizeof d2));
    printf("seed      %llu\n", (unsigned long long)sc->seed);
    printf("model     %s\n", sc->negotiation_model);

    printf("\nissues (%zu)\n", sc->nissues);
    for (i = 0; i < sc->nissues; i++)
        printf("  %-14s %s\n", sc->issues[i].id, sc->issues[i].name);

    printf("\nactors (%zu)\n", sc->nactors);
    for (i = 0; i < sc->nactors; i++) {
        const brink_actor *a = &sc->actors[i];
        printf("  %-14s %-12s %s", a->id, brink_actor_kind_name(a->kind), a->name);
        if (a->parent >= 0)
            printf(" (faction of %s)", sc->actors[a->parent].id);
        if (a->patron >= 0)
            printf(" (patron %s)", sc->actors[a->patron].id);
        printf("\n");
    }

    size_t principal = 0;
    for (i = 0; i < sc->nactors * sc->nactors; i++)
        principal += sc->relations[i].principal ? 1u : 0u;
    printf("\nrelations  %zu pairs listed (%zu principal); the default for the other %zu\n",
           sc->nlisted_pairs, principal,
           sc->nactors * (sc->nactors - 1) - sc->nlisted_pairs);
    printf("markets %zu, flows %zu, programmes %zu, chokepoints %zu, instruments %zu, "
           "schedule %zu, parameter overrides %zu\n",
           sc->nmarkets, sc->nflows, sc->nprogrammes, sc->nchokepoints, sc->ninstruments,
           sc->nschedule, sc->nparams);

    printf("\nquestions (%zu)\n", sc->nquestions);
    for (i = 0; i < sc->nquestions; i++)
        print_question(sc, &sc->questions[i]);

    size_t ndist = 0, nassumed = 0, nsourced = 0, nasof = 0, nneither = 0;
    for (i = 0; i < sc->nvalues; i++) {
        const brink_value *v = sc->values[i];
        ndist += v->dist != BRINK_DIST_FIXED;
        nassumed += v->assumed ? 1u : 0u;
        nsourced += v->source ? 1u : 0u;
        nasof += v->has_as_of ? 1u : 0u;
        nneither += !v->source && !v->assumed;
    }
    printf("\nvalues  %zu: %zu with a source, %zu assumed, %zu with neither; %zu distributions\n",
           sc->nvalues, nsourced, nassumed, nneither, ndist);
    printf("\nvalues given as distributions (%zu)\n", ndist);
    for (i = 0; i < sc->nvalues; i++) {
        const brink_value *v = sc->values[i];
        if (v->dist == BRINK_DIST_FIXED)
            continue;
        printf("  %-48s ", v->path);
        print_value(v);
        printf("\n");
    }
    printf("\nassumptions (%zu)\n", nassumed);
    for (i = 0; i < sc->nvalues; i++) {
        const brink_value *v = sc->values[i];
        if (!v->assumed)
            continue;
        printf("  %-48s ", v->path);
        print_value(v);
        if (v->note)
            printf("  -- %s", v->note);
        printf("\n");
    }
    printf("\nvalues observed before the start (%zu), taken as they are: no mechanism projects "
           "them yet\n",
           nasof);
    for (i = 0; i < sc->nvalues; i++) {
        const brink_value *v = sc->values[i];
        if (v->has_as_of)
            printf("  %-48s as of %s\n", v->path, brink_date_format(v->as_of, d1, sizeof d1));
    }
    printf("\nok: %s is a valid scenario\n", sc->file);
}

int cmd_check(int argc, char **argv)
{
    brink_load_options opts;
    memset(&opts, 0, sizeof opts);
    const char *file = NULL;
    cli_sets sets = {.n = 0};
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(help, stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--strict")) {
            opts.strict = 1;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (!strcmp(a, "--set")) {
            int rc = cli_take_set("check", &sets, i + 1 < argc ? argv[i + 1] : NULL);
            if (rc)
                return rc;
            i++;
        } else if (!strcmp(a, "--max-bytes")) {
            unsigned long long v;
            if (i + 1 >= argc || cli_parse_size(argv[i + 1], (unsigned long long)SIZE_MAX, &v) ||
                v == 0)
                return cli_usage("check", "--max-bytes needs a positive number of bytes");
            opts.max_bytes = (size_t)v;
            i++;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage("check", "unknown option '%s'", a);
        } else if (file) {
            return cli_usage("check", "more than one file given ('%s' and '%s')", file, a);
        } else {
            file = a;
        }
    }
    opts.sets = sets.v;
    opts.nsets = sets.n;
    brink_scenario *sc = NULL;
    int rc = cli_load_scenario(file, &opts, &sc);
    if (rc != EXIT_OK)
        return rc;
    if (!quiet)
        summary(sc);
    brink_scenario_free(sc);
    if (fflush(stdout) != 0) {
        cli_msg("cannot write the summary to standard output");
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}
