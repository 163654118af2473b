/* SPDX-License-Identifier: MIT */
/*
 * draw.c — per-run values of a scenario or a stakeholder table (brink_values_draw, see
 * scenario/draw.h), and parameter lookup.
 *
 * Each uncertain value is drawn from its own random stream, keyed by (seed, run, DRAW_STREAM,
 * hash of the value's path). A value's draw therefore depends on nothing but the seed, the run
 * and its path: adding, removing or reordering other values never reshuffles it, and two
 * scenarios compared run by run share the draws of every value they have in common.
 */
#include "brink.h"
#include "scenario/draw.h"

#include <math.h>

/* Stream family of scenario draws: a constant that keeps these streams apart from the
 * mechanisms' streams, which use other first keys. ("DRAW" in ASCII.) */
#define DRAW_STREAM UINT64_C(0x44524157)
/* Redraws allowed for a truncated distribution before the run is declared failed. */
#define MAX_REDRAWS 1000

static double draw_once(const brink_value *v, brink_rng *rng)
{
    switch (v->dist) {
    case BRINK_DIST_UNIFORM:
        return brink_dist_uniform(rng, v->p[0], v->p[1]);
    case BRINK_DIST_TRIANGULAR:
        return brink_dist_triangular(rng, v->p[0], v->p[1], v->p[2]);
    case BRINK_DIST_NORMAL:
        return brink_dist_normal(rng, v->p[0], v->p[1]);
    case BRINK_DIST_LOGNORMAL:
        return brink_dist_lognormal(rng, v->p[0], v->p[1]);
    case BRINK_DIST_BETA:
        return brink_dist_beta(rng, v->p[0], v->p[1]);
    case BRINK_DIST_GAMMA:
        return brink_dist_gamma(rng, v->p[0], v->p[1]);
    default:
        return v->value;
    }
}

int brink_values_draw(const brink_value *const *vals, size_t n, const char *file, uint64_t seed,
                      uint64_t run, double *out, brink_error *err)
{
    for (size_t i = 0; i < n; i++) {
        const brink_value *v = vals[i];
        if (v->dist == BRINK_DIST_FIXED) {
            out[i] = v->value;
            continue;
        }
        brink_rng rng;
        uint64_t keys[2] = {DRAW_STREAM, v->key};
        brink_rng_seed_keys(&rng, seed, run, keys, 2);
        double x = draw_once(v, &rng);
        int tries = 0;
        while (v->has_bounds && !(x >= v->lo && x <= v->hi)) {
            if (++tries > MAX_REDRAWS)
                return brink_error_set(err, BRINK_ERANGE, file, v->line, v->column,
                                       "%s: no draw inside bounds [%g, %g] after %d tries; "
                                       "expected bounds that cover more of the distribution",
                                       v->path, v->lo, v->hi, MAX_REDRAWS);
            x = draw_once(v, &rng);
        }
        out[i] = x;
    }
    return BRINK_OK;
}

int brink_scenario_draw(const brink_scenario *sc, uint64_t seed, uint64_t run, double *draws,
                        brink_error *err)
{
    return brink_values_draw(sc->values, sc->nvalues, sc->file, seed, run, draws, err);
}

static const brink_value *find_override(const brink_override *ov, size_t n, int param)
{
    for (size_t i = 0; i < n; i++)
        if (ov[i].param == param)
            return &ov[i].value;
    return NULL;
}

double brink_scenario_param(const brink_scenario *sc, const double *draws, int param, int actor,
                            int other, int flow)
{
    const brink_param_def *d = brink_param_get((size_t)param);
    if (!d)
        return NAN;
    const brink_value *v = NULL;
    switch (d->scope) {
    case BRINK_SCOPE_ACTOR:
        if (actor >= 0 && (size_t)actor < sc->nactors)
            v = find_override(sc->actors[actor].params, sc->actors[actor].nparams, param);
        break;
    case BRINK_SCOPE_DYAD: {
        const brink_relation *r = brink_scenario_relation(sc, actor, other);
        if (r)
            v = find_override(r->params, r->nparams, param);
        break;
    }
    case BRINK_SCOPE_FLOW:
        if (flow >= 0 && (size_t)flow < sc->nflows)
            v = find_override(sc->flows[flow].params, sc->flows[flow].nparams, param);
        break;
    default:
        break;
    }
    if (!v)
        v = find_override(sc->params, sc->nparams, param);
    if (!v)
        return d->def;
    return draws && v->slot != (size_t)-1 ? draws[v->slot] : v->value;
}

/* The built-in scenario, embedded at build time by cmake/embed.cmake. */
extern const unsigned char brink_builtin_iran_2025[];
extern const size_t brink_builtin_iran_2025_len;

const char *brink_builtin_scenario(size_t *len, const char **name)
{
    if (len)
        *len = brink_builtin_iran_2025_len;
    if (name)
        *name = "scenarios/iran-2025.yaml";
    return (const char *)brink_builtin_iran_2025;
}
