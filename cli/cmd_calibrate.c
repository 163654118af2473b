/* SPDX-License-Identifier: MIT */
/*
 * cmd_calibrate.c — `brink calibrate CONFIG.yaml`: history matching of registered parameters on
 * pattern scenarios (MODEL.md section 6, calibration procedure; docs/validation.md, Calibration;
 * the CONFIG format: docs/scenario-format.md, Calibration configs).
 *
 * History matching (Craig, Goldstein, Seheult & Smith 1997; Vernon, Goldstein & Bower 2010;
 * Andrianakis et al. 2015 for stochastic simulators) rules out the parameter values at which the
 * model cannot reproduce what was observed, wave by wave, instead of searching for one best fit:
 *
 *   I(x) = |z - E[f(x)]| / sqrt(Var_obs + Var_sim(x) + Var_discrepancy)
 *
 * for each target (z observed with the variance Var_obs taken from its plausible interval, f(x)
 * the ensemble's estimate at x with its Monte Carlo variance Var_sim, and the model discrepancy
 * the error a perfect parameter choice would still leave), and a point x is implausible when
 * max over the targets of I(x) >= the cutoff, 3 by default (Pukelsheim 1994: any unimodal
 * distribution has at least 95 % of its mass within 3 standard deviations). Without an emulator
 * each candidate is simulated directly: the ensembles are small and cheap (patterns 1-4 take
 * about 0.2 s of CPU per 100 runs of all four scenarios).
 *
 * A wave draws a Latin hypercube of N points over the current ranges (McKay, Beckman & Conover
 * 1979; deterministic from the seed and the wave number), evaluates every point on every target
 * on common random numbers (every point runs the same seed and run indices, so differences
 * between points are the parameters' and not the draws'), keeps the points with max I below the
 * cutoff, and refits each range to the retained points' span widened by one stratum of the
 * hypercube (current width / N) on each side, within the current range: the span of N uniform
 * points underestimates the region's extent by about one stratum. The frozen point is the
 * retained point of the last wave with the lowest max I (equal maxima decided by the next largest
 * I, and so on: leximax); it and the registry defaults are then
 * re-evaluated with check_runs runs on the fitted targets and on the held-out ones, which the fit
 * never saw.
 *
 * Values are rounded to 4 significant digits when drawn, and the same text is handed to the
 * scenario loader (--set params.NAME=VALUE) and written to frozen.yaml, so the frozen value is the
 * one that was simulated. Every ensemble merges its runs in run-index order and every sum here is
 * taken in that order, so calibration.json and frozen.yaml are the same bytes at any --threads.
 */
#include "cli.h"

#include "core/arena.h"
#include "io/io.h"
#include "io/jsonw.h"
#include "scenario/yamlwalk.h"
#include "sim/ensemble.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
    "usage: brink calibrate [options] CONFIG.yaml\n"
    "\n"
    "History matching: draws waves of candidate parameter values (Latin hypercubes over the\n"
    "CONFIG's prior ranges), runs each on the pattern scenarios the CONFIG names (common random\n"
    "numbers), rules out the values whose implausibility\n"
    "  I = |observed - E[sim]| / sqrt(Var_obs + Var_sim + Var_discrepancy)\n"
    "reaches the cutoff on any target, refits the ranges to what remains, and freezes the\n"
    "retained point with the lowest maximum implausibility. Held-out targets are then evaluated\n"
    "at the frozen point, never used for the fit. Format of CONFIG: docs/scenario-format.md.\n"
    "\n"
    "options:\n"
    "  --out DIR       write DIR/calibration.json and DIR/frozen.yaml (default: calibration-out)\n"
    "  --seed S        master seed of every ensemble (default: CONFIG's seed, else each\n"
    "                  scenario's own)\n"
    "  --threads T     worker threads (default: the number of cores); never changes results\n"
    "  -q, --quiet     no progress display\n"
    "  -h, --help      show this help\n"
    "\n"
    "exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 invalid input.\n";

#define CAL_MAX_PARAMS 32
#define CAL_MAX_TARGETS 64
#define CAL_MAX_WAVES 20
#define CAL_MAX_POINTS 10000
#define CAL_MAX_RUNS 100000
#define CAL_DIGITS 4 /* significant digits of a drawn value */
#define CAL_VALUE_MAX 32

/* ---- the configuration ---- */

typedef struct cparam {
    const char *name;
    int idx;        /* in the registry */
    double lo, hi;  /* prior range */
    const char *basis;
    double def;     /* registry default */
} cparam;

typedef struct ctarget {
    const char *id, *scenario, *basis;
    size_t group;       /* index of its scenario in cfg.group */
    int holdout;        /* 1: evaluated after the fit, never used by it */
    int pattern;        /* MODEL.md section 6 pattern number (0: none given) */
    int is_question;    /* else an indicator series at a date */
    const char *name;   /* question id or series name */
    size_t index;       /* question or series index in the scenario */
    brink_date at;      /* indicators */
    long step;          /* indicators: the step whose end value is compared */
    int median;         /* indicators: 1 median, 0 mean */
    int logscale;       /* compare natural logarithms */
    double obs, sd_obs, md; /* on the compared scale */
    double obs_raw, lo_raw, hi_raw; /* as written (lo/hi NaN when sd was given) */
    const yaml_node_t *node;
} ctarget;

/* A scenario variant: a file and the overrides of the targets that use it (`set:`). */
#define CAL_MAX_SETS 16
typedef struct cgroup {
    const char *path; /* resolved */
    char *text;
    size_t len;
    uint64_t seed;    /* the scenario's own */
    const char *sets[CAL_MAX_SETS];
    size_t nsets;
} cgroup;

typedef struct config {
    const char *file, *name, *description;
    uint64_t seed;
    int have_seed;
    cparam p[CAL_MAX_PARAMS];
    size_t np;
    ctarget t[CAL_MAX_TARGETS];
    size_t nt;
    cgroup g[CAL_MAX_TARGETS];
    size_t ng;
    long waves, points, runs, check_runs;
    double cutoff;
    const char *dir; /* directory of the config file, for relative scenario paths */
} config;

static const char *statistic_name(int i)
{
    static const char *const n[] = {"mean", "median"};
    return i >= 0 && i < 2 ? n[i] : NULL;
}

static const char *scale_name(int i)
{
    static const char *const n[] = {"linear", "log"};
    return i >= 0 && i < 2 ? n[i] : NULL;
}

static size_t seq_len(const yaml_node_t *n)
{
    return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

static yaml_node_t *seq_item(walker *w, const yaml_node_t *n, size_t i)
{
    return w_node(w, n->data.sequence.items.start[i]);
}

/* A [lo, hi] pair of numbers with lo < hi. */
static int w_pair(walker *w, const yaml_node_t *n, const char *what, double *lo, double *hi)
{
    int rc = w_seq(w, n, what);
    if (rc)
        return rc;
    if (seq_len(n) != 2)
        return w_fail(w, n, "%s has %zu numbers; expected two, [low, high]", what, seq_len(n));
    yaml_node_t *a = seq_item(w, n, 0), *b = seq_item(w, n, 1);
    if (!a || !b)
        return BRINK_EINVAL;
    if ((rc = w_number(w, a, what, lo)) || (rc = w_number(w, b, what, hi)))
        return rc;
    if (!(*lo < *hi))
        return w_fail(w, n, "%s is [%g, %g]; expected the low end below the high end", what, *lo,
                      *hi);
    return BRINK_OK;
}

static int load_params(walker *w, config *c, const yaml_node_t *n)
{
    static const char *const keys[] = {"name", "range", "basis", "note", NULL};
    int rc = w_seq(w, n, "params");
    if (rc)
        return rc;
    if (seq_len(n) == 0 || seq_len(n) > CAL_MAX_PARAMS)
        return w_fail(w, n, "params has %zu entries; expected 1 to %d", seq_len(n),
                      CAL_MAX_PARAMS);
    for (size_t i = 0; i < seq_len(n); i++) {
        yaml_node_t *e = seq_item(w, n, i);
        mapit it;
        if (!e || (rc = mapit_start(w, &it, e, "a parameter to fit")))
            return e ? rc : BRINK_EINVAL;
        cparam *p = &c->p[c->np];
        const yaml_node_t *name = NULL, *range = NULL;
        int more;
        while ((more = mapit_next(w, &it, keys, "a parameter to fit")) == 1) {
            if (it.which == 0) {
                name = it.val;
                rc = w_text(w, it.val, "the parameter's name", 1, &p->name);
            } else if (it.which == 1) {
                range = it.val;
                rc = w_pair(w, it.val, "the prior range", &p->lo, &p->hi);
            } else if (it.which == 2) {
                rc = w_text(w, it.val, "the range's basis", 1, &p->basis);
            }
            if (rc)
                return rc;
        }
        if (more < 0)
            return BRINK_EINVAL;
        if (!name || !range || !p->basis)
            return w_fail(w, e, "a parameter to fit needs 'name', 'range' and 'basis'; expected "
                          "all three");
        p->idx = brink_param_find(p->name);
        if (p->idx < 0)
            return w_fail(w, name, "unknown parameter '%s'; expected a name that `brink params` "
                          "lists",
                          p->name);
        const brink_param_def *d = brink_param_get((size_t)p->idx);
        if (d->integer)
            return w_fail(w, name, "parameter '%s' is an integer; expected a continuous parameter",
                          p->name);
        if (p->lo < d->lo || p->hi > d->hi)
            return w_fail(w, range, "the range [%g, %g] of '%s' leaves its bounds [%g, %g]; "
                          "expected a range within them",
                          p->lo, p->hi, p->name, d->lo, d->hi);
        for (size_t j = 0; j < c->np; j++)
            if (c->p[j].idx == p->idx)
                return w_fail(w, name, "parameter '%s' is listed twice; expected each once",
                              p->name);
        p->def = d->def;
        c->np++;
    }
    return BRINK_OK;
}

static int load_waves(walker *w, config *c, const yaml_node_t *n)
{
    static const char *const keys[] = {"count", "points", "runs", "cutoff", "check_runs", NULL};
    mapit it;
    int rc = mapit_start(w, &it, n, "waves");
    if (rc)
        return rc;
    int more;
    while ((more = mapit_next(w, &it, keys, "waves")) == 1) {
        switch (it.which) {
        case 0:
            rc = w_integer(w, it.val, "the number of waves", 1, CAL_MAX_WAVES, &c->waves);
            break;
        case 1:
            rc = w_integer(w, it.val, "the points of a wave", 2, CAL_MAX_POINTS, &c->points);
            break;
        case 2:
            rc = w_integer(w, it.val, "the runs per point", 2, CAL_MAX_RUNS, &c->runs);
            break;
        case 3:
            rc = w_number(w, it.val, "the implausibility cutoff", &c->cutoff);
            if (!rc && !(c->cutoff > 0))
                rc = w_fail(w, it.val, "the cutoff is %g; expected a positive number (3 by "
                            "Pukelsheim's rule)",
                            c->cutoff);
            break;
        case 4:
            rc = w_integer(w, it.val, "the runs of the checks", 2, CAL_MAX_RUNS, &c->check_runs);
            break;
        }
        if (rc)
            return rc;
    }
    return more < 0 ? BRINK_EINVAL : BRINK_OK;
}

/* The group of scenario path (relative to the config's directory) with the overrides sets[0..ns),
 * added when new. */
static int scenario_group(walker *w, config *c, const yaml_node_t *n, const char *rel,
                          const char *const *sets, size_t ns, size_t *out)
{
    char *path = rel[0] == '/' || !c->dir ? NULL : brink_io_join(c->dir, rel);
    const char *p = path ? path : rel;
    for (size_t g = 0; g < c->ng; g++) {
        int same = !strcmp(c->g[g].path, p) && c->g[g].nsets == ns;
        for (size_t k = 0; same && k < ns; k++)
            same = !strcmp(c->g[g].sets[k], sets[k]);
        if (same) {
            brink_free(path);
            *out = g;
            return BRINK_OK;
        }
    }
    cgroup *g = &c->g[c->ng];
    for (size_t k = 0; k < ns; k++)
        g->sets[k] = sets[k];
    g->nsets = ns;
    char *copy = brink_arena_alloc(w->arena, strlen(p) + 1);
    if (!copy) {
        brink_free(path);
        return w_nomem(w);
    }
    memcpy(copy, p, strlen(p) + 1);
    brink_free(path);
    g->path = copy;
    brink_error err;
    int rc = brink_io_read_file(copy, BRINK_DEFAULT_MAX_BYTES, &g->text, &g->len, &err);
    if (rc)
        return w_fail(w, n, "cannot read scenario '%s' (%s); expected a scenario file, relative "
                      "to the config's directory",
                      copy, err.message);
    *out = c->ng++;
    return BRINK_OK;
}

/* Checks target t against its scenario (loaded with the registry's values): the question or
 * series exists, the date falls in the horizon, and no calibrated parameter is overridden for one
 * actor, pair or flow (a global value would not reach it there). */
static int check_target(walker *w, config *c, ctarget *t, const yaml_node_t *what,
                        const yaml_node_t *at)
{
    cgroup *g = &c->g[t->group];
    brink_scenario *sc = NULL;
    brink_error err;
    brink_load_options lo = {.sets = g->sets, .nsets = g->nsets};
    if (brink_scenario_load_buffer(g->text, g->len, g->path, &lo, &sc, &err) != BRINK_OK) {
        char buf[BRINK_ERROR_FILE_MAX + BRINK_ERROR_MSG_MAX + 64];
        brink_error_format(&err, buf, sizeof buf);
        return w_fail(w, t->node, "scenario '%s' does not load (%s); expected a valid scenario",
                      g->path, buf);
    }
    g->seed = sc->seed;
    int rc = BRINK_OK;
    for (size_t k = 0; k < c->np && !rc; k++) {
        for (size_t a = 0; a < sc->nactors && !rc; a++)
            for (size_t i = 0; i < sc->actors[a].nparams && !rc; i++)
                if (sc->actors[a].params[i].param == c->p[k].idx)
                    rc = w_fail(w, t->node, "scenario '%s' sets '%s' for actor %s, which a fitted "
                                "global value would not reach; expected it set only at the top "
                                "level",
                                g->path, c->p[k].name, sc->actors[a].id);
        for (size_t r = 0; r < sc->nactors * sc->nactors && !rc; r++)
            for (size_t i = 0; i < sc->relations[r].nparams && !rc; i++)
                if (sc->relations[r].params[i].param == c->p[k].idx)
                    rc = w_fail(w, t->node, "scenario '%s' sets '%s' for a relation pair, which a "
                                "fitted global value would not reach; expected it set only at the "
                                "top level",
                                g->path, c->p[k].name);
        for (size_t f = 0; f < sc->nflows && !rc; f++)
            for (size_t i = 0; i < sc->flows[f].nparams && !rc; i++)
                if (sc->flows[f].params[i].param == c->p[k].idx)
                    rc = w_fail(w, t->node, "scenario '%s' sets '%s' for flow %s, which a fitted "
                                "global value would not reach; expected it set only at the top "
                                "level",
                                g->path, c->p[k].name, sc->flows[f].id);
    }
    if (!rc && t->is_question) {
        size_t q = 0;
        while (q < sc->nquestions && strcmp(sc->questions[q].id, t->name) != 0)
            q++;
        if (q == sc->nquestions)
            rc = w_fail(w, what, "scenario '%s' has no question '%s'; expected one of its "
                        "question ids",
                        g->path, t->name);
        t->index = q;
    } else if (!rc) {
        brink_series *series = NULL;
        size_t ns = 0;
        long nsteps = 0;
        rc = brink_ensemble_series(sc, &series, &ns, &nsteps, &err);
        if (rc)
            rc = w_nomem(w);
        size_t j = 0;
        while (!rc && j < ns && strcmp(series[j].name, t->name) != 0)
            j++;
        if (!rc && j == ns)
            rc = w_fail(w, what, "scenario '%s' has no indicator series '%s'; expected a name such "
                        "as %s",
                        g->path, t->name, ns ? series[0].name : "(it has none)");
        t->index = j;
        brink_free(series);
        long days = brink_date_to_days(t->at) - brink_date_to_days(sc->start);
        t->step = days >= 0 ? days / sc->step_days : -1;
        if (!rc && (t->step < 0 || t->step >= nsteps))
            rc = w_fail(w, at, "the date lies outside scenario '%s' (%ld steps of %d days from "
                        "its start); expected a date within them",
                        g->path, nsteps, sc->step_days);
    }
    brink_scenario_free(sc);
    return rc;
}

static int load_target(walker *w, config *c, const yaml_node_t *e, int holdout)
{
    static const char *const keys[] = {"id",          "scenario", "question", "indicator", "at",
                                       "statistic",   "scale",    "observed", "interval",  "sd",
                                       "discrepancy", "basis",    "pattern",  "note",      "set",
                                       NULL};
    mapit it;
    int rc = mapit_start(w, &it, e, "a target");
    if (rc)
        return rc;
    if (c->nt == CAL_MAX_TARGETS)
        return w_fail(w, e, "more than %d targets; expected fewer", CAL_MAX_TARGETS);
    ctarget *t = &c->t[c->nt];
    memset(t, 0, sizeof *t);
    t->node = e;
    t->holdout = holdout;
    t->median = 1;
    t->obs_raw = t->lo_raw = t->hi_raw = NAN;
    const yaml_node_t *node[15] = {0};
    const char *sets[CAL_MAX_SETS];
    size_t nsets = 0;
    int more;
    while ((more = mapit_next(w, &it, keys, "a target")) == 1) {
        int k;
        long v;
        node[it.which] = it.val;
        switch (it.which) {
        case 0:
            rc = w_id(w, it.val, "the target's id", &t->id);
            break;
        case 1:
            rc = w_text(w, it.val, "the scenario", 1, &t->scenario);
            break;
        case 2:
            t->is_question = 1;
            rc = w_text(w, it.val, "the question's id", 1, &t->name);
            break;
        case 3:
            rc = w_text(w, it.val, "the indicator series", 1, &t->name);
            break;
        case 4:
            rc = w_date(w, it.val, "at", &t->at);
            break;
        case 5:
            rc = w_enum(w, it.val, "statistic", statistic_name, 2, &k);
            t->median = k;
            break;
        case 6:
            rc = w_enum(w, it.val, "scale", scale_name, 2, &k);
            t->logscale = k;
            break;
        case 7:
            rc = w_number(w, it.val, "the observed value", &t->obs_raw);
            break;
        case 8:
            rc = w_pair(w, it.val, "the plausible interval", &t->lo_raw, &t->hi_raw);
            break;
        case 9:
            rc = w_number(w, it.val, "the observation's standard deviation", &t->sd_obs);
            if (!rc && !(t->sd_obs > 0))
                rc = w_fail(w, it.val, "sd is %g; expected a positive number", t->sd_obs);
            break;
        case 10:
            rc = w_number(w, it.val, "the model discrepancy", &t->md);
            if (!rc && !(t->md >= 0))
                rc = w_fail(w, it.val, "discrepancy is %g; expected a number >= 0", t->md);
            break;
        case 11:
            rc = w_text(w, it.val, "the target's basis", 1, &t->basis);
            break;
        case 12:
            rc = w_integer(w, it.val, "the pattern", 1, 99, &v);
            t->pattern = (int)v;
            break;
        case 14: /* overrides that make a variant of the scenario, as --set PATH=VALUE */
            rc = w_seq(w, it.val, "set");
            if (!rc && seq_len(it.val) > CAL_MAX_SETS)
                rc = w_fail(w, it.val, "set has %zu entries; expected at most %d",
                            seq_len(it.val), CAL_MAX_SETS);
            for (size_t q = 0; !rc && q < seq_len(it.val); q++) {
                yaml_node_t *sn = seq_item(w, it.val, q);
                rc = sn ? w_text(w, sn, "an override PATH=VALUE", 1, &sets[q]) : BRINK_EINVAL;
                if (!rc && !strchr(sets[q], '='))
                    rc = w_fail(w, sn, "'%s' has no '='; expected PATH=VALUE", sets[q]);
                if (!rc && !strncmp(sets[q], "params.", 7))
                    for (size_t j = 0; !rc && j < c->np; j++) {
                        size_t l = strlen(c->p[j].name);
                        if (!strncmp(sets[q] + 7, c->p[j].name, l) && sets[q][7 + l] == '=')
                            rc = w_fail(w, sn, "'%s' sets a parameter being fitted; expected "
                                        "other overrides",
                                        sets[q]);
                    }
                nsets = q + 1;
            }
            break;
        }
        if (rc)
            return rc;
    }
    if (more < 0)
        return BRINK_EINVAL;
    if (!t->id || !t->scenario || !t->basis)
        return w_fail(w, e, "a target needs 'id', 'scenario' and 'basis'; expected all three");
    for (size_t j = 0; j < c->nt; j++)
        if (!strcmp(c->t[j].id, t->id))
            return w_fail(w, node[0], "duplicate target id '%s'; expected unique ids", t->id);
    if (!node[2] == !node[3])
        return w_fail(w, e, "target '%s' needs exactly one of 'question' and 'indicator'", t->id);
    if (t->is_question && (node[4] || node[5] || node[6]))
        return w_fail(w, node[4] ? node[4] : node[5] ? node[5] : node[6],
                      "target '%s' is a question's probability; expected no 'at', 'statistic' "
                      "or 'scale'",
                      t->id);
    if (!t->is_question && !node[4])
        return w_fail(w, e, "target '%s' is an indicator; expected 'at: YYYY-MM-DD'", t->id);
    if (!node[8] == !node[9])
        return w_fail(w, e, "target '%s' needs exactly one of 'interval' (a plausible 95 %% "
                      "interval) and 'sd'",
                      t->id);
    if (!node[7] && !node[8])
        return w_fail(w, e, "target '%s' has no 'observed' value; expected one (or an interval, "
                      "whose midpoint it then is)",
                      t->id);
    double lo = t->lo_raw, hi = t->hi_raw, obs = t->obs_raw;
    if (node[8] && !node[7])
        obs = t->obs_raw = t->logscale ? sqrt(lo * hi) : (lo + hi) / 2;
    if (node[8] && !(lo <= obs && obs <= hi))
        return w_fail(w, node[7], "observed %g lies outside the interval [%g, %g]; expected it "
                      "within",
                      obs, lo, hi);
    if (t->is_question && !(obs >= 0 && obs <= 1 && (!node[8] || (lo >= 0 && hi <= 1))))
        return w_fail(w, node[7] ? node[7] : node[8],
                      "target '%s' is a probability; expected values in [0, 1]", t->id);
    if (t->logscale && !(obs > 0 && (!node[8] || lo > 0)))
        return w_fail(w, node[7] ? node[7] : node[8],
                      "target '%s' is compared on the log scale; expected positive values",
                      t->id);
    /* a plausible interval is read as a 95 % interval of a normal error on the compared scale */
    if (t->logscale) {
        t->obs = log(obs);
        if (node[8])
            t->sd_obs = (log(hi) - log(lo)) / (2 * BRINK_Z95);
        else
            t->sd_obs = t->sd_obs / obs; /* delta method: sd of log x = sd / x */
        t->md = t->md / obs;
    } else {
        t->obs = obs;
        if (node[8])
            t->sd_obs = (hi - lo) / (2 * BRINK_Z95);
    }
    if ((rc = scenario_group(w, c, node[1], t->scenario, sets, nsets, &t->group)))
        return rc;
    if ((rc = check_target(w, c, t, node[2] ? node[2] : node[3], node[4])))
        return rc;
    c->nt++;
    return BRINK_OK;
}

static int load_targets(walker *w, config *c, const yaml_node_t *n, int holdout)
{
    const char *what = holdout ? "holdout" : "targets";
    int rc = w_seq(w, n, what);
    if (rc)
        return rc;
    if (!holdout && seq_len(n) == 0)
        return w_fail(w, n, "targets is empty; expected at least one target");
    for (size_t i = 0; i < seq_len(n); i++) {
        yaml_node_t *e = seq_item(w, n, i);
        if (!e)
            return BRINK_EINVAL;
        if ((rc = load_target(w, c, e, holdout)))
            return rc;
    }
    return BRINK_OK;
}

static int load_config(walker *w, void *ctx)
{
    config *c = ctx;
    static const char *const keys[] = {"calibration", "name",    "description", "seed",
                                       "params",      "waves",   "targets",     "holdout",
                                       "note",        "source",  NULL};
    yaml_node_t *root = yaml_document_get_root_node(w->doc);
    if (!root)
        return brink_error_set(w->err, BRINK_EINVAL, w->file, 1, 1,
                               "the file is empty; expected a calibration config (calibration: "
                               "1, params, waves, targets)");
    mapit it;
    int rc = mapit_start(w, &it, root, "the calibration config");
    if (rc)
        return rc;
    yaml_node_t *sec[10] = {0};
    int more;
    while ((more = mapit_next(w, &it, keys, "the calibration config")) == 1)
        sec[it.which] = it.val;
    if (more < 0)
        return BRINK_EINVAL;
    long v;
    if (!sec[0])
        return w_fail(w, root, "no format version; expected 'calibration: 1' at the top");
    if ((rc = w_integer(w, sec[0], "the calibration format version", 1, 1, &v)))
        return rc;
    if (sec[1] && (rc = w_text(w, sec[1], "the name", 1, &c->name)))
        return rc;
    if (sec[2] && (rc = w_text(w, sec[2], "the description", 0, &c->description)))
        return rc;
    if (sec[3]) {
        if ((rc = w_integer(w, sec[3], "the seed", 0, 9007199254740991L, &v)))
            return rc;
        c->seed = (uint64_t)v;
        c->have_seed = 1;
    }
    if (!sec[4] || !sec[5] || !sec[6])
        return w_fail(w, root, "a calibration config needs 'params', 'waves' and 'targets'; "
                      "expected all three at the top level");
    c->waves = 2;
    c->points = 30;
    c->runs = 100;
    c->cutoff = 3;
    if ((rc = load_params(w, c, sec[4])) || (rc = load_waves(w, c, sec[5])) ||
        (rc = load_targets(w, c, sec[6], 0)))
        return rc;
    if (!c->check_runs)
        c->check_runs = c->runs;
    if (sec[7] && (rc = load_targets(w, c, sec[7], 1)))
        return rc;
    return BRINK_OK;
}

/* ---- evaluation ---- */

/* What one ensemble gives for one target. */
typedef struct tstat {
    uint64_t n;       /* runs that count (modelled; finite values) */
    double e, var;    /* the estimate and its Monte Carlo variance */
    double impl;      /* implausibility (+inf when not evaluable) */
} tstat;

typedef struct collector {
    const config *c;
    size_t group;
    uint64_t runs;
    uint64_t *yes, *n; /* [nt] */
    double *vals;      /* [nt * runs] */
    int bar, drawn;
    const char *what;
} collector;

static int collect(void *ctx, const brink_run_summary *s, brink_error *err)
{
    collector *k = ctx;
    (void)err;
    if (s->failed)
        return BRINK_OK;
    for (size_t i = 0; i < k->c->nt; i++) {
        const ctarget *t = &k->c->t[i];
        if (t->group != k->group)
            continue;
        if (t->is_question) {
            signed char o = s->outcome[t->index];
            if (o == BRINK_Q_UNMODELLED)
                continue;
            k->n[i]++;
            k->yes[i] += o == BRINK_Q_YES;
        } else {
            double x = s->value[(size_t)t->step * s->nseries + t->index];
            if (t->logscale)
                x = x > 0 ? log(x) : NAN;
            if (isfinite(x))
                k->vals[i * k->runs + k->n[i]++] = x;
        }
    }
    return BRINK_OK;
}

static void progress(void *ctx, uint64_t done, uint64_t target)
{
    collector *k = ctx;
    if (!k->bar || (done % 50 != 0 && done != target))
        return;
    fprintf(stderr, "\rbrink: %s %llu/%llu runs ", k->what, (unsigned long long)done,
            (unsigned long long)target);
    fflush(stderr);
    k->drawn = 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y ? 1 : 0;
}

/* The statistic of target i from the collector, and its implausibility. */
static void finish_target(const ctarget *t, collector *k, size_t i, tstat *out)
{
    uint64_t n = k->n[i];
    out->n = n;
    out->e = out->var = NAN;
    out->impl = INFINITY;
    if (t->is_question) {
        if (n == 0)
            return;
        out->e = (double)k->yes[i] / (double)n;
        /* (y + 1) / (n + 2) keeps a share of 0 or 1 from claiming no Monte Carlo error */
        double pt = ((double)k->yes[i] + 1) / ((double)n + 2);
        out->var = pt * (1 - pt) / (double)n;
    } else {
        if (n < 2)
            return;
        double *x = k->vals + i * k->runs, sum = 0, ss = 0;
        for (uint64_t r = 0; r < n; r++)
            sum += x[r];
        double m = sum / (double)n;
        for (uint64_t r = 0; r < n; r++)
            ss += (x[r] - m) * (x[r] - m);
        double s2 = ss / (double)(n - 1);
        if (t->median) {
            qsort(x, n, sizeof *x, cmp_double);
            out->e = n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
            /* the sample median's asymptotic variance under a normal spread (pi / 2) s^2 / n */
            out->var = 1.5707963267948966 * s2 / (double)n;
        } else {
            out->e = m;
            out->var = s2 / (double)n;
        }
    }
    double den = sqrt(t->sd_obs * t->sd_obs + out->var + t->md * t->md);
    out->impl = den > 0 ? fabs(t->obs - out->e) / den : (t->obs == out->e ? 0 : INFINITY);
}

typedef struct engine {
    const config *c;
    uint64_t seed; /* 0 with use_own: each scenario's seed */
    int use_own;
    unsigned threads;
    int bar;
    collector k;
} engine;

/* Evaluates the targets selected by sel (1 fitted, 2 held out, 3 both) at the parameter values
 * given as texts (NULL: the registry's values, no override) with `runs` runs each. */
static int evaluate(engine *en, char vals[][CAL_VALUE_MAX], uint64_t runs, int sel, tstat *out,
                    const char *what, brink_error *err)
{
    const config *c = en->c;
    char sets_buf[CAL_MAX_PARAMS][160];
    const char *sets[CAL_MAX_SETS + CAL_MAX_PARAMS];
    for (size_t q = 0; vals && q < c->np; q++)
        snprintf(sets_buf[q], sizeof sets_buf[q], "params.%s=%s", c->p[q].name, vals[q]);
    collector *k = &en->k;
    k->c = c;
    k->runs = runs;
    k->bar = en->bar;
    k->what = what;
    for (size_t i = 0; i < c->nt; i++)
        out[i].impl = NAN;
    int rc = BRINK_OK;
    for (size_t g = 0; g < c->ng && !rc; g++) {
        int used = 0;
        for (size_t i = 0; i < c->nt; i++)
            used |= c->t[i].group == g && (sel & (c->t[i].holdout ? 2 : 1));
        if (!used)
            continue;
        const cgroup *gr = &c->g[g];
        /* the variant's own overrides, then the point's parameters */
        size_t nsets = 0;
        for (size_t q = 0; q < gr->nsets; q++)
            sets[nsets++] = gr->sets[q];
        for (size_t q = 0; vals && q < c->np; q++)
            sets[nsets++] = sets_buf[q];
        brink_load_options lo = {.sets = sets, .nsets = nsets};
        brink_scenario *sc = NULL;
        brink_series *series = NULL;
        size_t ns = 0;
        long nsteps = 0;
        brink_aggregate *agg = NULL;
        rc = brink_scenario_load_buffer(gr->text, gr->len, gr->path, &lo, &sc, err);
        if (!rc)
            rc = brink_ensemble_series(sc, &series, &ns, &nsteps, err);
        brink_ens_settings st = {.seed = en->use_own ? gr->seed : en->seed,
                                 .runs = runs,
                                 .precision = 0,
                                 .block = BRINK_ENS_DEFAULT_BLOCK};
        if (!rc)
            rc = brink_aggregate_new(&st, sc->nquestions, ns, nsteps, &agg, err);
        if (!rc) {
            memset(k->yes, 0, c->nt * sizeof *k->yes);
            memset(k->n, 0, c->nt * sizeof *k->n);
            k->group = g;
            brink_ensemble_sink sink = {k, collect, NULL, progress};
            brink_ensemble_options eo = {en->threads, 0};
            int stopped = 0;
            rc = brink_ensemble_run(sc, &eo, agg, &sink, &stopped, err);
        }
        if (!rc)
            for (size_t i = 0; i < c->nt; i++)
                if (c->t[i].group == g && (sel & (c->t[i].holdout ? 2 : 1)))
                    finish_target(&c->t[i], k, i, &out[i]);
        brink_aggregate_free(agg);
        brink_free(series);
        brink_scenario_free(sc);
    }
    if (k->drawn) {
        fprintf(stderr, "\r%70s\r", "");
        fflush(stderr);
        k->drawn = 0;
    }
    return rc;
}

/* max I over the fitted targets */
static double max_impl(const config *c, const tstat *s)
{
    double m = 0;
    for (size_t i = 0; i < c->nt; i++)
        if (!c->t[i].holdout && !(s[i].impl <= m)) /* NaN counts as implausible */
            m = isnan(s[i].impl) ? INFINITY : s[i].impl;
    return m;
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x > y ? -1 : x < y ? 1 : 0;
}

/* 1 when point a is better than point b: its largest implausibility over the fitted targets is
 * lower, or, when those are equal, its next largest, and so on (leximax). Equal maxima are common:
 * a target in a scenario where no fitted parameter acts gives every point the same value on
 * common random numbers, and a plain minimax would then pick the first point, not the best. */
static int leximax_less(const config *c, const tstat *a, const tstat *b)
{
    double x[CAL_MAX_TARGETS], y[CAL_MAX_TARGETS];
    size_t n = 0;
    for (size_t i = 0; i < c->nt; i++)
        if (!c->t[i].holdout) {
            x[n] = isnan(a[i].impl) ? INFINITY : a[i].impl;
            y[n] = isnan(b[i].impl) ? INFINITY : b[i].impl;
            n++;
        }
    qsort(x, n, sizeof *x, cmp_desc);
    qsort(y, n, sizeof *y, cmp_desc);
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] < y[i];
    return 0;
}

/* x rounded to CAL_DIGITS significant digits, as text without an exponent, and its value. */
static double round_text(double x, char *buf, size_t n)
{
    int dec = 0;
    if (x != 0) {
        int mag = (int)floor(log10(fabs(x)));
        dec = CAL_DIGITS - 1 - mag;
        if (dec < 0)
            dec = 0;
        if (dec > 12)
            dec = 12;
    }
    snprintf(buf, n, "%.*f", dec, x);
    return strtod(buf, NULL);
}

/* ---- output ---- */

typedef struct wave {
    double lo[CAL_MAX_PARAMS], hi[CAL_MAX_PARAMS];    /* ranges the wave sampled */
    double nlo[CAL_MAX_PARAMS], nhi[CAL_MAX_PARAMS];  /* refitted ranges */
    size_t npoints, retained;
    double *x;                                        /* [npoints * np] */
    char (*txt)[CAL_VALUE_MAX];                       /* [npoints * np] */
    tstat *s;                                         /* [npoints * nt] */
    double *maxi;                                     /* [npoints] */
} wave;

typedef struct outcome {
    wave w[CAL_MAX_WAVES];
    size_t nw;
    int found;          /* some point of the last wave was retained */
    size_t cw, cp;      /* chosen wave and point */
    tstat *chosen_chk;  /* [nt] the chosen point with check_runs, all targets */
    tstat *default_chk; /* [nt] the registry's values with check_runs */
} outcome;

static void write_ranges(brink_jsonw *j, const config *c, const double *lo, const double *hi)
{
    brink_jsonw_begin_object(j);
    for (size_t k = 0; k < c->np; k++) {
        brink_jsonw_key(j, c->p[k].name);
        brink_jsonw_begin_inline(j);
        brink_jsonw_double(j, lo[k]);
        brink_jsonw_double(j, hi[k]);
        brink_jsonw_end_array(j);
    }
    brink_jsonw_end_object(j);
}

static void write_stats(brink_jsonw *j, const config *c, const tstat *s, int sel)
{
    brink_jsonw_begin_object(j);
    for (size_t i = 0; i < c->nt; i++) {
        if (!(sel & (c->t[i].holdout ? 2 : 1)))
            continue;
        brink_jsonw_key(j, c->t[i].id);
        brink_jsonw_begin_object(j);
        brink_jsonw_key(j, "estimate");
        brink_jsonw_double(j, s[i].e);
        brink_jsonw_key(j, "sd_sim");
        brink_jsonw_double(j, sqrt(s[i].var));
        brink_jsonw_key(j, "runs");
        brink_jsonw_uint(j, s[i].n);
        brink_jsonw_key(j, "implausibility");
        brink_jsonw_double(j, isfinite(s[i].impl) ? s[i].impl : NAN);
        brink_jsonw_end_object(j);
    }
    brink_jsonw_end_object(j);
}

static int write_json(FILE *f, const config *c, const outcome *o, uint64_t cfg_hash,
                      const engine *en)
{
    brink_jsonw j;
    brink_jsonw_init(&j, f);
    char buf[64];
    brink_jsonw_begin_object(&j);
    brink_jsonw_key(&j, "format");
    brink_jsonw_string(&j, "brink-calibration/1");
    brink_jsonw_key(&j, "brink");
    brink_jsonw_string(&j, brink_version());
    brink_jsonw_key(&j, "config");
    brink_jsonw_string(&j, c->file);
    snprintf(buf, sizeof buf, "fnv1a64:%016" PRIx64, cfg_hash);
    brink_jsonw_key(&j, "config_hash");
    brink_jsonw_string(&j, buf);
    brink_jsonw_key(&j, "name");
    brink_jsonw_string(&j, c->name ? c->name : "");
    brink_jsonw_key(&j, "seed");
    if (en->use_own)
        brink_jsonw_string(&j, "each scenario's own");
    else
        brink_jsonw_uint(&j, en->seed);
    brink_jsonw_key(&j, "method");
    brink_jsonw_begin_object(&j);
    brink_jsonw_key(&j, "implausibility");
    brink_jsonw_string(&j, "|observed - E[sim]| / sqrt(Var_obs + Var_sim + Var_discrepancy), "
                           "max over the fitted targets");
    brink_jsonw_key(&j, "waves");
    brink_jsonw_int(&j, c->waves);
    brink_jsonw_key(&j, "points");
    brink_jsonw_int(&j, c->points);
    brink_jsonw_key(&j, "runs");
    brink_jsonw_int(&j, c->runs);
    brink_jsonw_key(&j, "check_runs");
    brink_jsonw_int(&j, c->check_runs);
    brink_jsonw_key(&j, "cutoff");
    brink_jsonw_double(&j, c->cutoff);
    brink_jsonw_end_object(&j);

    brink_jsonw_key(&j, "params");
    brink_jsonw_begin_array(&j);
    for (size_t k = 0; k < c->np; k++) {
        const brink_param_def *d = brink_param_get((size_t)c->p[k].idx);
        brink_jsonw_begin_object(&j);
        brink_jsonw_key(&j, "name");
        brink_jsonw_string(&j, c->p[k].name);
        brink_jsonw_key(&j, "default");
        brink_jsonw_double(&j, d->def);
        brink_jsonw_key(&j, "unit");
        brink_jsonw_string(&j, d->unit);
        brink_jsonw_key(&j, "prior");
        brink_jsonw_begin_inline(&j);
        brink_jsonw_double(&j, c->p[k].lo);
        brink_jsonw_double(&j, c->p[k].hi);
        brink_jsonw_end_array(&j);
        brink_jsonw_key(&j, "basis");
        brink_jsonw_string(&j, c->p[k].basis);
        brink_jsonw_end_object(&j);
    }
    brink_jsonw_end_array(&j);

    brink_jsonw_key(&j, "targets");
    brink_jsonw_begin_array(&j);
    for (size_t i = 0; i < c->nt; i++) {
        const ctarget *t = &c->t[i];
        brink_jsonw_begin_object(&j);
        brink_jsonw_key(&j, "id");
        brink_jsonw_string(&j, t->id);
        brink_jsonw_key(&j, "use");
        brink_jsonw_string(&j, t->holdout ? "holdout" : "fit");
        if (t->pattern) {
            brink_jsonw_key(&j, "pattern");
            brink_jsonw_int(&j, t->pattern);
        }
        brink_jsonw_key(&j, "scenario");
        brink_jsonw_string(&j, t->scenario);
        if (c->g[t->group].nsets) {
            brink_jsonw_key(&j, "set");
            brink_jsonw_begin_inline(&j);
            for (size_t k = 0; k < c->g[t->group].nsets; k++)
                brink_jsonw_string(&j, c->g[t->group].sets[k]);
            brink_jsonw_end_array(&j);
        }
        brink_jsonw_key(&j, t->is_question ? "question" : "indicator");
        brink_jsonw_string(&j, t->name);
        if (!t->is_question) {
            brink_jsonw_key(&j, "at");
            brink_jsonw_string(&j, brink_date_format(t->at, buf, sizeof buf));
            brink_jsonw_key(&j, "step");
            brink_jsonw_int(&j, t->step);
            brink_jsonw_key(&j, "statistic");
            brink_jsonw_string(&j, statistic_name(t->median));
        }
        brink_jsonw_key(&j, "scale");
        brink_jsonw_string(&j, scale_name(t->logscale));
        brink_jsonw_key(&j, "observed");
        brink_jsonw_double(&j, t->obs_raw);
        if (!isnan(t->lo_raw)) {
            brink_jsonw_key(&j, "interval");
            brink_jsonw_begin_inline(&j);
            brink_jsonw_double(&j, t->lo_raw);
            brink_jsonw_double(&j, t->hi_raw);
            brink_jsonw_end_array(&j);
        }
        brink_jsonw_key(&j, "sd_obs");
        brink_jsonw_double(&j, t->sd_obs);
        brink_jsonw_key(&j, "sd_discrepancy");
        brink_jsonw_double(&j, t->md);
        brink_jsonw_key(&j, "basis");
        brink_jsonw_string(&j, t->basis);
        brink_jsonw_end_object(&j);
    }
    brink_jsonw_end_array(&j);

    brink_jsonw_key(&j, "defaults");
    brink_jsonw_begin_object(&j);
    brink_jsonw_key(&j, "max_implausibility");
    brink_jsonw_double(&j, max_impl(c, o->default_chk));
    brink_jsonw_key(&j, "targets");
    write_stats(&j, c, o->default_chk, 3);
    brink_jsonw_end_object(&j);

    brink_jsonw_key(&j, "waves");
    brink_jsonw_begin_array(&j);
    for (size_t wv = 0; wv < o->nw; wv++) {
        const wave *w = &o->w[wv];
        brink_jsonw_begin_object(&j);
        brink_jsonw_key(&j, "wave");
        brink_jsonw_uint(&j, wv + 1);
        brink_jsonw_key(&j, "ranges");
        write_ranges(&j, c, w->lo, w->hi);
        brink_jsonw_key(&j, "points");
        brink_jsonw_uint(&j, w->npoints);
        brink_jsonw_key(&j, "retained");
        brink_jsonw_uint(&j, w->retained);
        brink_jsonw_key(&j, "retained_ranges");
        if (w->retained)
            write_ranges(&j, c, w->nlo, w->nhi);
        else
            brink_jsonw_null(&j);
        brink_jsonw_key(&j, "candidates");
        brink_jsonw_begin_array(&j);
        for (size_t p = 0; p < w->npoints; p++) {
            brink_jsonw_begin_object(&j);
            brink_jsonw_key(&j, "point");
            brink_jsonw_uint(&j, p);
            brink_jsonw_key(&j, "values");
            brink_jsonw_begin_inline(&j);
            for (size_t k = 0; k < c->np; k++)
                brink_jsonw_double(&j, w->x[p * c->np + k]);
            brink_jsonw_end_array(&j);
            brink_jsonw_key(&j, "implausibility");
            brink_jsonw_begin_inline(&j);
            for (size_t i = 0; i < c->nt; i++)
                if (!c->t[i].holdout)
                    brink_jsonw_double(&j, isfinite(w->s[p * c->nt + i].impl)
                                               ? w->s[p * c->nt + i].impl
                                               : NAN);
            brink_jsonw_end_array(&j);
            brink_jsonw_key(&j, "max");
            brink_jsonw_double(&j, isfinite(w->maxi[p]) ? w->maxi[p] : NAN);
            brink_jsonw_key(&j, "retained");
            brink_jsonw_bool(&j, w->maxi[p] < c->cutoff);
            brink_jsonw_end_object(&j);
        }
        brink_jsonw_end_array(&j);
        brink_jsonw_end_object(&j);
    }
    brink_jsonw_end_array(&j);

    const wave *lw = &o->w[o->cw];
    brink_jsonw_key(&j, "final");
    brink_jsonw_begin_object(&j);
    brink_jsonw_key(&j, "non_implausible");
    brink_jsonw_bool(&j, o->found);
    brink_jsonw_key(&j, "ranges");
    if (o->found)
        write_ranges(&j, c, o->w[o->nw - 1].nlo, o->w[o->nw - 1].nhi);
    else
        brink_jsonw_null(&j);
    brink_jsonw_key(&j, "chosen");
    brink_jsonw_begin_object(&j);
    brink_jsonw_key(&j, "wave");
    brink_jsonw_uint(&j, o->cw + 1);
    brink_jsonw_key(&j, "point");
    brink_jsonw_uint(&j, o->cp);
    brink_jsonw_key(&j, "values");
    brink_jsonw_begin_object(&j);
    for (size_t k = 0; k < c->np; k++) {
        brink_jsonw_key(&j, c->p[k].name);
        brink_jsonw_double(&j, lw->x[o->cp * c->np + k]);
    }
    brink_jsonw_end_object(&j);
    brink_jsonw_key(&j, "max_implausibility_in_wave");
    brink_jsonw_double(&j, lw->maxi[o->cp]);
    brink_jsonw_key(&j, "check");
    brink_jsonw_begin_object(&j);
    brink_jsonw_key(&j, "runs");
    brink_jsonw_int(&j, c->check_runs);
    brink_jsonw_key(&j, "max_implausibility");
    brink_jsonw_double(&j, max_impl(c, o->chosen_chk));
    brink_jsonw_key(&j, "targets");
    write_stats(&j, c, o->chosen_chk, 1);
    brink_jsonw_end_object(&j);
    brink_jsonw_end_object(&j);
    brink_jsonw_key(&j, "holdout");
    write_stats(&j, c, o->chosen_chk, 2);
    brink_jsonw_end_object(&j);
    brink_jsonw_end_object(&j);
    return brink_jsonw_finish(&j);
}

/* Writes frozen.yaml: the chosen values with their ranges and the run that produced them. */
static int write_frozen(FILE *f, const config *c, const outcome *o, uint64_t cfg_hash,
                        uint64_t digest, const engine *en)
{
    const wave *lw = &o->w[o->cw];
    const wave *last = &o->w[o->nw - 1];
    fprintf(f,
            "# Frozen parameters, written by `brink calibrate %s`\n"
            "# (history matching: docs/validation.md, Calibration). Do not edit by hand: run the\n"
            "# calibration again. A scenario uses them by copying the params below into its own\n"
            "# params: block and naming this file and its digest in scenario.calibration.\n",
            c->file);
    fprintf(f, "calibration:\n  config: \"%s\"\n", c->file);
    fprintf(f, "  config_hash: \"fnv1a64:%016" PRIx64 "\"\n", cfg_hash);
    fprintf(f, "  digest: \"fnv1a64:%016" PRIx64 "\"  # of calibration.json\n", digest);
    fprintf(f, "  brink: \"%s\"\n", brink_version());
    if (en->use_own)
        fprintf(f, "  seed: \"each scenario's own\"\n");
    else
        fprintf(f, "  seed: %" PRIu64 "\n", en->seed);
    fprintf(f, "  waves: %zu\n  points: %ld\n  runs: %ld\n  cutoff: %g\n", o->nw, c->points,
            c->runs, c->cutoff);
    fprintf(f, "  chosen: {wave: %zu, point: %zu, max_implausibility: %.4f, check_runs: %ld, "
               "check_max_implausibility: %.4f}\n",
            o->cw + 1, o->cp, lw->maxi[o->cp], c->check_runs, max_impl(c, o->chosen_chk));
    fprintf(f, "  non_implausible: %s\n", o->found ? "true" : "false");
    fprintf(f, "params:\n");
    for (size_t k = 0; k < c->np; k++) {
        const char *v = lw->txt[o->cp * c->np + k];
        fprintf(f, "  %s: {value: %s, source: \"brink calibrate, fnv1a64:%016" PRIx64, c->p[k].name,
                v, digest);
        if (o->found)
            fprintf(f, "; non-implausible %.4g to %.4g", last->nlo[k], last->nhi[k]);
        fprintf(f, "; prior %.4g to %.4g; default %.4g\"}\n", c->p[k].lo, c->p[k].hi,
                c->p[k].def);
    }
    return ferror(f) ? -1 : 0;
}

static void print_stats_line(const config *c, const tstat *s, size_t i)
{
    const ctarget *t = &c->t[i];
    double e = t->logscale ? exp(s[i].e) : s[i].e;
    printf("  %-28.28s %12.5g %12.5g %8.2f\n", t->id, t->obs_raw, e,
           isfinite(s[i].impl) ? s[i].impl : NAN);
}

static void print_summary(const config *c, const outcome *o, uint64_t digest)
{
    printf("calibration: %s\n", c->name ? c->name : c->file);
    size_t nhold = 0;
    for (size_t i = 0; i < c->nt; i++)
        nhold += c->t[i].holdout != 0;
    printf("%zu parameters, %zu fitted targets, %zu held out; %zu of %ld waves of %ld points x "
           "%ld runs, cutoff %g\n\n",
           c->np, c->nt - nhold, nhold, o->nw, c->waves, c->points, c->runs, c->cutoff);
    printf("wave  retained  ranges after the wave\n");
    for (size_t wv = 0; wv < o->nw; wv++) {
        const wave *w = &o->w[wv];
        printf("%4zu  %4zu/%-4zu", wv + 1, w->retained, w->npoints);
        for (size_t k = 0; k < c->np; k++) {
            if (w->retained)
                printf("%s %s [%.4g, %.4g]", k ? "," : "", c->p[k].name, w->nlo[k], w->nhi[k]);
        }
        printf("%s\n", w->retained ? "" : " none retained");
    }
    const wave *lw = &o->w[o->cw];
    printf("\nfrozen (wave %zu point %zu, %s):\n", o->cw + 1, o->cp,
           o->found ? "non-implausible" : "NO point was non-implausible: the lowest max I");
    for (size_t k = 0; k < c->np; k++)
        printf("  %-40s %12s   (default %g, prior [%g, %g])\n", c->p[k].name,
               lw->txt[o->cp * c->np + k], c->p[k].def, c->p[k].lo, c->p[k].hi);
    printf("\n  %-28s %12s %12s %8s   (%ld runs)\n", "target", "observed", "frozen", "I",
           c->check_runs);
    for (size_t i = 0; i < c->nt; i++)
        if (!c->t[i].holdout)
            print_stats_line(c, o->chosen_chk, i);
    int any = 0;
    for (size_t i = 0; i < c->nt; i++)
        any |= c->t[i].holdout;
    if (any) {
        printf("  held out:\n");
        for (size_t i = 0; i < c->nt; i++)
            if (c->t[i].holdout)
                print_stats_line(c, o->chosen_chk, i);
    }
    printf("\n  %-28s %12s %12s %8s\n", "target", "observed", "defaults", "I");
    for (size_t i = 0; i < c->nt; i++)
        print_stats_line(c, o->default_chk, i);
    printf("\nmax I over the fitted targets: defaults %.3f, frozen %.3f\n",
           max_impl(c, o->default_chk), max_impl(c, o->chosen_chk));
    printf("digest of calibration.json: fnv1a64:%016" PRIx64 "\n", digest);
}

/* ---- the command ---- */

typedef struct opts {
    const char *file, *out;
    unsigned long long threads, seed;
    int have_seed, quiet;
} opts;

static int parse_opts(int argc, char **argv, opts *o, int *done)
{
    *done = 0;
    memset(o, 0, sizeof *o);
    o->out = "calibration-out";
    o->threads = cli_default_threads();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int orc;
        if (cli_is_help(a)) {
            fputs(help, stdout);
            *done = 1;
            return EXIT_OK;
        } else if (cli_ensemble_opt("calibrate", a, v, &i, &o->threads, &o->seed, &o->have_seed,
                                    &orc)) {
            if (orc)
                return orc;
        } else if (cli_output_opt("calibrate", a, v, &i, &o->out, &o->quiet, &orc)) {
            if (orc)
                return orc;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage("calibrate", "unknown option '%s' (or a missing value)", a);
        } else if (o->file) {
            return cli_usage("calibrate", "more than one config given");
        } else {
            o->file = a;
        }
    }
    if (!o->file)
        return cli_usage("calibrate", "no config given; expected CONFIG.yaml");
    return EXIT_OK;
}

/* Draws wave w's Latin hypercube into wv (npoints x np values and their texts). */
static void hypercube(const config *c, uint64_t seed, size_t wnum, wave *wv, size_t *perm)
{
    brink_rng rng;
    uint64_t keys[2] = {brink_hash_str("calibrate.hypercube"), (uint64_t)wnum};
    brink_rng_seed_keys(&rng, seed, 0, keys, 2);
    size_t n = wv->npoints;
    for (size_t k = 0; k < c->np; k++) {
        for (size_t i = 0; i < n; i++)
            perm[i] = i;
        for (size_t i = n - 1; i > 0; i--) { /* Fisher-Yates */
            size_t j = (size_t)brink_rng_below(&rng, i + 1);
            size_t tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        for (size_t i = 0; i < n; i++) {
            double u = ((double)perm[i] + brink_rng_uniform01(&rng)) / (double)n;
            double x = wv->lo[k] + u * (wv->hi[k] - wv->lo[k]);
            char *t = wv->txt[i * c->np + k];
            double r = round_text(x, t, CAL_VALUE_MAX);
            if (r < wv->lo[k] || r > wv->hi[k]) /* rounding left the range: keep x's text exact */
                r = round_text(r < wv->lo[k] ? wv->lo[k] : wv->hi[k], t, CAL_VALUE_MAX);
            wv->x[i * c->np + k] = r;
        }
    }
}

static void free_outcome(outcome *o)
{
    for (size_t i = 0; i < CAL_MAX_WAVES; i++) {
        brink_free(o->w[i].x);
        brink_free(o->w[i].txt);
        brink_free(o->w[i].s);
        brink_free(o->w[i].maxi);
    }
    brink_free(o->chosen_chk);
    brink_free(o->default_chk);
}

int cmd_calibrate(int argc, char **argv)
{
    opts o;
    int done;
    int code = parse_opts(argc, argv, &o, &done);
    if (code != EXIT_OK || done)
        return code;
    brink_error err;
    brink_error_clear(&err);
    config *c = brink_calloc(1, sizeof *c);
    outcome *out = brink_calloc(1, sizeof *out);
    brink_arena arena;
    brink_arena_init(&arena, 0);
    char *text = NULL, *dir = NULL, *p_json = NULL, *p_frozen = NULL, *json_text = NULL;
    size_t len = 0, jlen = 0;
    size_t *perm = NULL;
    engine en;
    memset(&en, 0, sizeof en);
    int rc;
    if (!c || !out) {
        rc = brink_error_set(&err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    rc = brink_io_read_file(o.file, BRINK_DEFAULT_MAX_BYTES, &text, &len, &err);
    if (rc)
        goto fail;
    {
        const char *slash = strrchr(o.file, '/');
        if (slash) {
            size_t dl = (size_t)(slash - o.file);
            dir = brink_malloc(dl + 2);
            if (!dir) {
                rc = brink_error_set(&err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
                goto fail;
            }
            memcpy(dir, o.file, dl ? dl : 1);
            dir[dl ? dl : 1] = '\0';
        }
    }
    c->dir = dir;
    {
        const brink_value **vals = NULL;
        size_t nvals = 0;
        const char *fname = NULL;
        rc = w_load(text, len, o.file, 0, 0, &arena, load_config, c, &fname, &vals, &nvals,
                    &err);
        if (rc)
            goto fail;
        c->file = o.file;
    }
    uint64_t cfg_hash = brink_io_fnv1a64(BRINK_FNV_OFFSET, text, len);

    en.c = c;
    en.threads = (unsigned)o.threads;
    en.bar = !o.quiet && isatty(fileno(stderr));
    en.use_own = !o.have_seed && !c->have_seed;
    en.seed = o.have_seed ? o.seed : c->seed;
    uint64_t lhs_seed = en.use_own ? c->g[0].seed : en.seed;
    size_t runs_max = (size_t)(c->check_runs > c->runs ? c->check_runs : c->runs);
    en.k.yes = brink_calloc(c->nt, sizeof *en.k.yes);
    en.k.n = brink_calloc(c->nt, sizeof *en.k.n);
    en.k.vals = brink_calloc(c->nt * runs_max, sizeof *en.k.vals);
    perm = brink_calloc((size_t)c->points, sizeof *perm);
    out->chosen_chk = brink_calloc(c->nt, sizeof(tstat));
    out->default_chk = brink_calloc(c->nt, sizeof(tstat));
    if (!en.k.yes || !en.k.n || !en.k.vals || !perm || !out->chosen_chk || !out->default_chk) {
        rc = brink_error_set(&err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }

    /* the registry's values first: what the calibration is measured against */
    rc = evaluate(&en, NULL, (uint64_t)c->check_runs, 3, out->default_chk, "defaults", &err);
    if (rc)
        goto fail;

    double lo[CAL_MAX_PARAMS], hi[CAL_MAX_PARAMS];
    for (size_t k = 0; k < c->np; k++)
        lo[k] = c->p[k].lo, hi[k] = c->p[k].hi;
    for (size_t wv = 0; wv < (size_t)c->waves; wv++) {
        wave *w = &out->w[wv];
        size_t n = (size_t)c->points;
        out->nw = wv + 1;
        memcpy(w->lo, lo, sizeof lo);
        memcpy(w->hi, hi, sizeof hi);
        w->npoints = n;
        w->x = brink_calloc(n * c->np, sizeof *w->x);
        w->txt = brink_calloc(n * c->np, sizeof *w->txt);
        w->s = brink_calloc(n * c->nt, sizeof *w->s);
        w->maxi = brink_calloc(n, sizeof *w->maxi);
        if (!w->x || !w->txt || !w->s || !w->maxi) {
            rc = brink_error_set(&err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
            goto fail;
        }
        hypercube(c, lhs_seed, wv + 1, w, perm);
        for (size_t p = 0; p < n; p++) {
            char what[80]; /* "wave " + 3 x 20 digits + " point " + "/" fit */
            snprintf(what, sizeof what, "wave %zu point %zu/%zu", wv + 1, p + 1, n);
            rc = evaluate(&en, w->txt + p * c->np, (uint64_t)c->runs, 1, w->s + p * c->nt, what,
                          &err);
            if (rc)
                goto fail;
            w->maxi[p] = max_impl(c, w->s + p * c->nt);
        }
        for (size_t k = 0; k < c->np; k++)
            w->nlo[k] = INFINITY, w->nhi[k] = -INFINITY;
        for (size_t p = 0; p < n; p++) {
            if (!(w->maxi[p] < c->cutoff))
                continue;
            w->retained++;
            for (size_t k = 0; k < c->np; k++) {
                double x = w->x[p * c->np + k];
                w->nlo[k] = x < w->nlo[k] ? x : w->nlo[k];
                w->nhi[k] = x > w->nhi[k] ? x : w->nhi[k];
            }
        }
        if (!o.quiet)
            fprintf(stderr, "brink: wave %zu: %zu of %zu points retained\n", wv + 1, w->retained,
                    n);
        if (!w->retained)
            break;
        for (size_t k = 0; k < c->np; k++) {
            double margin = (hi[k] - lo[k]) / (double)n; /* one stratum */
            w->nlo[k] = fmax(lo[k], w->nlo[k] - margin);
            w->nhi[k] = fmin(hi[k], w->nhi[k] + margin);
            lo[k] = w->nlo[k];
            hi[k] = w->nhi[k];
        }
    }
    /* the frozen point: the last wave's best point by leximax, which is a retained one whenever
     * any was retained (its max I is below the cutoff); when none was, the waves stopped there
     * and it is the least implausible of them, flagged non_implausible: false */
    {
        const wave *lw = &out->w[out->nw - 1];
        out->found = lw->retained > 0;
        out->cw = out->nw - 1;
        size_t best = 0;
        for (size_t p = 1; p < lw->npoints; p++)
            if (leximax_less(c, lw->s + p * c->nt, lw->s + best * c->nt))
                best = p;
        out->cp = best;
        if (!out->found)
            cli_msg("warning: no point was non-implausible in wave %zu; frozen.yaml holds the "
                    "point with the lowest maximum implausibility (%.3g) and says so",
                    out->nw, lw->maxi[best]);
        rc = evaluate(&en, lw->txt + best * c->np, (uint64_t)c->check_runs, 3, out->chosen_chk,
                      "frozen point and held-out targets", &err);
        if (rc)
            goto fail;
    }

    /* output: calibration.json, then frozen.yaml naming its digest */
    rc = brink_io_mkdir(o.out, &err);
    p_json = brink_io_join(o.out, "calibration.json");
    p_frozen = brink_io_join(o.out, "frozen.yaml");
    if (!rc && (!p_json || !p_frozen))
        rc = brink_error_set(&err, BRINK_ENOMEM, NULL, 0, 0, "out of memory");
    brink_afile af;
    if (!rc)
        rc = brink_afile_open(&af, p_json, &err);
    if (!rc) {
        if (write_json(af.f, c, out, cfg_hash, &en) != 0) {
            rc = brink_error_set(&err, BRINK_EIO, p_json, 0, 0, "cannot write: %s",
                                 strerror(errno));
            brink_afile_abort(&af);
        } else {
            rc = brink_afile_commit(&af, &err);
        }
    }
    if (!rc)
        rc = brink_io_read_file(p_json, SIZE_MAX, &json_text, &jlen, &err);
    if (rc)
        goto fail;
    uint64_t digest = brink_io_fnv1a64(BRINK_FNV_OFFSET, json_text, jlen);
    rc = brink_afile_open(&af, p_frozen, &err);
    if (!rc) {
        if (write_frozen(af.f, c, out, cfg_hash, digest, &en) != 0) {
            rc = brink_error_set(&err, BRINK_EIO, p_frozen, 0, 0, "cannot write: %s",
                                 strerror(errno));
            brink_afile_abort(&af);
        } else {
            rc = brink_afile_commit(&af, &err);
        }
    }
    if (rc)
        goto fail;
    print_summary(c, out, digest);
    printf("wrote %s and %s\n", p_json, p_frozen);
    if (fflush(stdout) != 0) {
        cli_msg("cannot write to standard output");
        code = EXIT_RUNTIME;
    }
    goto out;
fail:
    code = cli_error(&err);
out:
    for (size_t g = 0; c && g < c->ng; g++)
        brink_free(c->g[g].text);
    if (out)
        free_outcome(out);
    brink_free(out);
    brink_free(c);
    brink_free(en.k.yes);
    brink_free(en.k.n);
    brink_free(en.k.vals);
    brink_free(perm);
    brink_free(text);
    brink_free(dir);
    brink_free(p_json);
    brink_free(p_frozen);
    brink_free(json_text);
    brink_arena_free(&arena);
    return code;
}
