/* SPDX-License-Identifier: MIT */
/*
 * cmd_run.c — `brink run [SCENARIO] [--seed S] [--index I] [--trace]`: replays run I of master
 * seed S exactly as the ensemble ran it (same runner, same (seed, index) stream), and prints the
 * run as an analyst reads it: the dated event log with each event's cause chain, then the
 * questions' outcomes; with --trace, step by step as the run goes (through the runner's
 * observer), the events of the step, every decision taken or reviewed at it (the best options
 * with their utilities and hazards, and what was chosen) and the value of every indicator series
 * at its end. Observing changes nothing in the run.
 */
#include "cli.h"

#include "sim/ensemble.h"
#include "sim/run.h"
#include "world/decide.h"

#include <string.h>

static const char help[] =
    "usage: brink run [options] [SCENARIO]\n"
    "\n"
    "Replays one run of the scenario (default: the built-in one) and prints its dated event log,\n"
    "each event with the chain of events that led to it, and the questions' outcomes. Run I of\n"
    "seed S is the run with index I in `brink forecast --seed S` (runs.csv lists them).\n"
    "\n"
    "options:\n"
    "  --seed S        master seed (default: the scenario's)\n"
    "  --index I       run index (default 0)\n"
    "  --set PATH=VALUE  override a scenario value (repeatable), as for brink forecast\n"
    "  --trace         step by step: the step's events, each actor's decision (its best options\n"
    "                  with utility and hazard per week, and its choice), every indicator's value\n"
    "  -h, --help      show this help\n"
    "\n"
    "exit codes: 0 ok, 1 runtime failure (or the run failed), 2 usage error, 3 invalid input.\n";

/* Longest cause chain printed after an event. */
#define CAUSE_DEPTH 8

static const char *actor_id(const brink_scenario *sc, int a)
{
    return a >= 0 && (size_t)a < sc->nactors && sc->actors[a].id ? sc->actors[a].id : "-";
}

static void date_of(const brink_scenario *sc, long step, char *buf, size_t n)
{
    brink_date_format(brink_step_to_date(sc->start, sc->step_days, step), buf, n);
}

/* One event line: number, date, actor, type, target, flow and size where they apply, the
 * mechanism, then its cause chain back to the root ("<- #7 threat <- #3 talks_broken"). */
static void print_event(const brink_scenario *sc, const brink_world *w, size_t e)
{
    const brink_event *ev = &w->events[e];
    char date[16];
    date_of(sc, ev->step, date, sizeof date);
    printf("  #%-5zu %s  %-14s %-24s %-14s", e, date, actor_id(sc, ev->actor),
           brink_event_type_name(ev->type), actor_id(sc, ev->target));
    printf(" [%s]", brink_mech_name((brink_mech)ev->mech));
    if (ev->flow >= 0 && (size_t)ev->flow < sc->nflows)
        printf(" flow %s", sc->flows[ev->flow].id);
    if (ev->size != 0)
        printf(" size %.6g", ev->size);
    long c = ev->cause;
    for (int d = 0; d < CAUSE_DEPTH && c >= 0 && (size_t)c < w->nevents; d++) {
        printf(" <- #%ld %s", c, brink_event_type_name(w->events[c].type));
        c = w->events[c].cause;
    }
    if (c >= 0)
        printf(" <- ...");
    printf("\n");
}

/* Options listed per decision in the trace (by utility, best first). */
#define TRACE_TOP 5

/* What an option acts on: its flow for waivers and buyers' choices, its instrument for a
 * notification, else its target actor. */
static const char *option_object(const brink_scenario *sc, const brink_action *act)
{
    switch (act->kind) {
    case BRINK_ACT_REVOKE_WAIVER:
    case BRINK_ACT_GRANT_WAIVER:
    case BRINK_ACT_CUT:
    case BRINK_ACT_RESTORE:
        return act->aux >= 0 && (size_t)act->aux < sc->nflows ? sc->flows[act->aux].id : "-";
    case BRINK_ACT_NOTIFY:
        return act->aux >= 0 && (size_t)act->aux < sc->ninstruments ? sc->instruments[act->aux].id
                                                                    : "-";
    default:
        return actor_id(sc, act->target);
    }
}

static void print_option(const brink_scenario *sc, const brink_action *act, double u, double h,
                         int chosen)
{
    printf("      %-14s %-16s utility %+11.4f  hazard %.4g/wk%s\n",
           brink_action_kind_name(act->kind), option_object(sc, act), u, h,
           chosen ? "  <- chosen" : "");
}

/* For each actor that reviewed its options or acted at this step: what it chose, then its
 * options sorted by utility (the best TRACE_TOP, and the chosen one if it is not among them),
 * each with its utility relative to holding and its hazard per week. */
static void trace_decisions(const brink_scenario *sc, const brink_world *w)
{
    for (size_t a = 0; a < sc->nactors; a++) {
        int reviewed;
        long chosen = brink_decide_choice(w, (int)a, &reviewed);
        if (!reviewed && chosen < 0)
            continue;
        const brink_action *acts;
        const double *u, *h;
        size_t n = brink_decide_options(w, (int)a, &acts, &u, &h);
        double sum = 0;
        for (size_t k = 0; k < n; k++)
            sum += h[k];
        printf("  decide %-14s %s %zu option%s (total hazard %.4g/wk): ", actor_id(sc, (int)a),
               reviewed ? "reviewed" : "acted on", n, n == 1 ? "" : "s", sum);
        if (chosen >= 0 && (size_t)chosen < n)
            printf("%s %s\n", brink_action_kind_name(acts[chosen].kind),
                   option_object(sc, &acts[chosen]));
        else
            printf("hold\n");
        /* selection of the best TRACE_TOP by utility (ties: listing order) */
        size_t top[TRACE_TOP], ntop = 0;
        int shown = 0;
        while (ntop < TRACE_TOP && ntop < n) {
            size_t best = n;
            for (size_t k = 0; k < n; k++) {
                int taken = 0;
                for (size_t i = 0; i < ntop; i++)
                    taken |= top[i] == k;
                if (!taken && (best == n || u[k] > u[best]))
                    best = k;
            }
            top[ntop++] = best;
            print_option(sc, &acts[best], u[best], h[best], (long)best == chosen);
            shown |= (long)best == chosen;
        }
        if (chosen >= 0 && (size_t)chosen < n && !shown)
            print_option(sc, &acts[chosen], u[chosen], h[chosen], 1);
    }
}

static void print_values(const brink_world *w)
{
    char num[40];
    for (size_t j = 0; j < w->nseries; j++)
        printf("    %-40s %s\n", w->series[j].name,
               brink_format_double(w->value[j], num, sizeof num));
}

/* The trace, printed by the runner's observer at the end of every step. */
typedef struct trace_ctx {
    const brink_scenario *sc;
    size_t next_event; /* first event not printed yet */
} trace_ctx;

static void trace_step(void *vctx, const brink_world *w, long step, int phase)
{
    trace_ctx *c = vctx;
    if (phase != BRINK_RUN_STEP_END)
        return;
    char date[16];
    date_of(c->sc, step, date, sizeof date);
    printf("\nstep %ld, %s\n", step, date);
    for (; c->next_event < w->nevents; c->next_event++)
        print_event(c->sc, w, c->next_event);
    trace_decisions(c->sc, w);
    print_values(w);
}

static void print_questions(const brink_scenario *sc, const brink_run_record *rec)
{
    printf("\nquestions:\n");
    int idw = 8;
    for (size_t q = 0; q < sc->nquestions; q++) {
        int l = (int)strlen(sc->questions[q].id);
        if (l > idw)
            idw = l < 32 ? l : 32;
    }
    for (size_t q = 0; q < sc->nquestions && q < rec->nq; q++) {
        const brink_question *qu = &sc->questions[q];
        const char *o = rec->outcome[q] == BRINK_Q_YES  ? "yes"
                        : rec->outcome[q] == BRINK_Q_NO ? "no"
                                                        : "not modelled";
        char date[16] = "";
        if (rec->outcome[q] == BRINK_Q_YES && rec->resolved_step[q] >= 0)
            date_of(sc, rec->resolved_step[q], date, sizeof date);
        printf("  %-*.*s  %-12s %-10s  %s\n", idw, idw, qu->id, o, date, qu->text ? qu->text : "");
        if (rec->outcome[q] == BRINK_Q_YES && qu->is_event) {
            char key[BRINK_CHAIN_KEY_MAX];
            brink_chain_key(&rec->chain[q * BRINK_CHAIN_MAX], rec->world, sc, key, sizeof key);
            if (key[0])
                printf("  %-*s  chain: %s\n", idw, "", key);
        }
    }
}

int cmd_run(int argc, char **argv)
{
    const char *file = NULL;
    unsigned long long seed = 0, index = 0;
    int have_seed = 0, trace = 0;
    cli_sets sets = {.n = 0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int orc;
        if (cli_is_help(a)) {
            fputs(help, stdout);
            return EXIT_OK;
        } else if (cli_ensemble_opt("run", a, v, &i, NULL, &seed, &have_seed, &orc)) {
            if (orc)
                return orc;
        } else if (!strcmp(a, "--set")) {
            int rc = cli_take_set("run", &sets, v);
            if (rc)
                return rc;
            i++;
        } else if (!strcmp(a, "--index") && v) {
            if (cli_parse_size(v, UINT64_MAX, &index))
                return cli_usage("run", "--index needs a non-negative integer");
            i++;
        } else if (!strcmp(a, "--trace")) {
            trace = 1;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage("run", "unknown option '%s' (or a missing value)", a);
        } else if (file) {
            return cli_usage("run", "more than one scenario given");
        } else {
            file = a;
        }
    }
    brink_scenario *sc = NULL;
    brink_load_options lo = {.sets = sets.v, .nsets = sets.n};
    int code = cli_load_scenario(file, &lo, &sc);
    if (code != EXIT_OK)
        return code;
    if (!have_seed)
        seed = sc->seed;

    brink_error err;
    brink_error_clear(&err);
    brink_runner *r = NULL;
    const brink_run_record *rec = NULL;
    trace_ctx tc = {.sc = sc, .next_event = 0};
    int rc = brink_runner_new(sc, &r, &err);
    if (rc) {
        code = cli_error(&err);
        goto out;
    }
    char start[16];
    printf("%s: run %llu of seed %llu; %ld steps of %d days from %s\n",
           sc->name ? sc->name : "scenario", index, seed, sc->nsteps, sc->step_days,
           brink_date_format(sc->start, start, sizeof start));
    if (trace)
        brink_runner_set_observer(r, trace_step, &tc); /* prints each step as the run goes */
    rc = brink_runner_run(r, seed, index, &rec, &err);
    if (rc) {
        code = cli_error(&err);
        goto out;
    }
    if (rec->failed) {
        char buf[BRINK_RUN_ERROR_MAX];
        brink_error_format(&rec->error, buf, sizeof buf);
        cli_msg("run %llu of seed %llu failed: %s", index, seed, buf);
        code = EXIT_RUNTIME;
        goto out;
    }
    const brink_world *w = rec->world;
    if (!trace) {
        printf("\nevents (%zu):\n", w->nevents);
        for (size_t e = 0; e < w->nevents; e++)
            print_event(sc, w, e);
    } else {
        for (size_t e = tc.next_event; e < w->nevents; e++) /* none: the observer printed them */
            print_event(sc, w, e);
    }
    if (w->dropped_events)
        printf("  (%zu more events were not kept: the log holds %zu)\n", w->dropped_events,
               w->cap_events);
    print_questions(sc, rec);
    if (fflush(stdout) != 0) {
        cli_msg("cannot write to standard output");
        code = EXIT_RUNTIME;
    }
out:
    brink_runner_free(r);
    brink_scenario_free(sc);
    return code;
}
