/* SPDX-License-Identifier: MIT */
/*
 * load.c — reads a scenario file into the data model of brink.h and validates it.
 *
 * The text is first scanned as a libyaml event stream, which reports syntax errors, invalid
 * UTF-8 (converted from libyaml's byte offset into line:column) and nesting deeper than
 * BRINK_MAX_DEPTH before any tree is built. The node tree is then walked section by section in
 * dependency order (issues, actors, relations, markets, flows, programmes, chokepoints,
 * instruments, schedule, questions, parameters), so references are resolved whatever the order
 * of sections in the file. The walk is schema-driven: unknown and duplicate keys, wrong types,
 * out-of-range values, mismatched units and unknown ids are errors naming file:line:col.
 *
 * Ownership: everything the scenario points to lives in one arena, freed by brink_scenario_free.
 * On failure nothing is left allocated.
 */
#include "brink.h"
#include "core/arena.h"
#include "scenario/yamlwalk.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- enum adapters for w_enum ---- */
static const char *kind_name(int i)
{
    return brink_actor_kind_name((brink_actor_kind)i);
}
static const char *role_name(int i)
{
    return brink_issue_role_name((brink_issue_role)i);
}
static const char *talks_name(int i)
{
    return brink_talks_status_name((brink_talks_status)i);
}
static const char *commodity_name(int i)
{
    return brink_commodity_name((brink_commodity)i);
}
static const char *sched_name(int i)
{
    return brink_schedule_type_name((brink_schedule_type)i);
}
static const char *event_name(int i)
{
    return brink_event_type_name((brink_event_type)i);
}
static const char *indicator_name(int i)
{
    return brink_indicator_name((brink_indicator)i);
}
static const char *domain_name(int i)
{
    static const char *const t[] = {"diplomatic", "economic", "nuclear", "military", "domestic"};
    return t[i];
}
static const char *model_name(int i)
{
    static const char *const t[] = {"eu", "smp", "mean", "median", "nash"};
    return t[i];
}
static const char *agg_name(int i)
{
    static const char *const t[] = {"none", "veto", "weighted_mean"};
    return t[i];
}

/* ---- small helpers ---- */

#define PAIRS_FOR(p, n)                                                                            \
    for (yaml_node_pair_t *p = (n)->data.mapping.pairs.start; p < (n)->data.mapping.pairs.top; p++)

static size_t seq_len(const yaml_node_t *n)
{
    return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

/* A list of ids resolved by lookup(sc, id) into an arena array of indices. */
typedef int (*lookup_fn)(const brink_scenario *, const char *);

static int id_ref(walker *w, const brink_scenario *sc, const yaml_node_t *n, lookup_fn lookup,
                  const char *what, int *out)
{
    const char *id;
    int rc = w_id(w, n, what, &id);
    if (rc)
        return rc;
    int i = lookup(sc, id);
    if (i < 0)
        return w_fail(w, n, "unknown %s '%s'; expected the id of a declared %s", what, id, what);
    *out = i;
    return BRINK_OK;
}

static int id_list(walker *w, const brink_scenario *sc, const yaml_node_t *n, lookup_fn lookup,
                   const char *what, int **out, size_t *count)
{
    int rc = w_seq(w, n, what);
    if (rc)
        return rc;
    size_t k = seq_len(n);
    int *arr = brink_arena_array(w->arena, k ? k : 1, sizeof *arr);
    if (!arr)
        return w_nomem(w);
    for (size_t i = 0; i < k; i++) {
        yaml_node_t *item = w_node(w, n->data.sequence.items.start[i]);
        if (!item)
            return BRINK_EINVAL;
        if ((rc = id_ref(w, sc, item, lookup, what, &arr[i])))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (arr[j] == arr[i])
                return w_fail(w, item, "'%s' is listed twice; expected each %s once",
                              w_scalar(item), what);
    }
    *out = arr;
    *count = k;
    return BRINK_OK;
}

/* Value under path component `key` of the current path. */
static int value_at(walker *w, const yaml_node_t *n, const char *key, const char *unit, double lo,
                    double hi, brink_value *v)
{
    size_t saved = w_push(w, key);
    int rc = w_value(w, n, unit, lo, hi, v);
    w_pop(w, saved);
    return rc;
}

static int lookup_market(const brink_scenario *sc, const char *id)
{
    for (size_t i = 0; i < sc->nmarkets; i++)
        if (!strcmp(sc->markets[i].id, id))
            return (int)i;
    return -1;
}

static int lookup_programme(const brink_scenario *sc, const char *id)
{
    for (size_t i = 0; i < sc->nprogrammes; i++)
        if (!strcmp(sc->programmes[i].id, id))
            return (int)i;
    return -1;
}

static int lookup_chokepoint(const brink_scenario *sc, const char *id)
{
    for (size_t i = 0; i < sc->nchokepoints; i++)
        if (!strcmp(sc->chokepoints[i].id, id))
            return (int)i;
    return -1;
}

static int lookup_instrument(const brink_scenario *sc, const char *id)
{
    for (size_t i = 0; i < sc->ninstruments; i++)
        if (!strcmp(sc->instruments[i].id, id))
            return (int)i;
    return -1;
}

/* A sequence of entries that each carry a unique `id`: returns the count after checking that
 * n is a list of mappings with distinct ids (the ids are read here, before the entries, so that
 * references between entries of one section resolve in any order). */
static int entries_with_ids(walker *w, const yaml_node_t *n, const char *section,
                            const char ***ids_out, size_t *count)
{
    int rc = w_seq(w, n, section);
    if (rc)
        return rc;
    size_t k = seq_len(n);
    size_t max = !strcmp(section, "actors")   ? BRINK_MAX_ACTORS
                 : !strcmp(section, "issues") ? BRINK_MAX_ISSUES
                                              : BRINK_MAX_ENTRIES;
    if (k > max)
        return w_fail(w, n, "%s has %zu entries; expected at most %zu", section, k, max);
    const char **ids = brink_arena_array(w->arena, k ? k : 1, sizeof *ids);
    if (!ids)
        return w_nomem(w);
    for (size_t i = 0; i < k; i++) {
        yaml_node_t *e = w_node(w, n->data.sequence.items.start[i]);
        if (!e)
            return BRINK_EINVAL;
        char what[64];
        snprintf(what, sizeof what, "an entry of %s", section);
        if ((rc = w_map(w, e, what)))
            return rc;
        yaml_node_t *idn = w_find(w, e, "id");
        if (!idn)
            return w_fail(w, e, "%s has no id; expected 'id: ...'", what);
        if ((rc = w_id(w, idn, "id", &ids[i])))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(ids[j], ids[i]))
                return w_fail(w, idn, "duplicate id '%s' in %s; expected unique ids", ids[i],
                              section);
    }
    *ids_out = ids;
    *count = k;
    return BRINK_OK;
}

/* The common start of a section that is a list of entries with ids: checks the entries and
 * their ids (entries_with_ids) and allocates an array of k zeroed elements of `size` bytes. */
static int section_entries(walker *w, const yaml_node_t *n, const char *section, size_t size,
                           const char ***ids, size_t *k, void **arr)
{
    int rc = entries_with_ids(w, n, section, ids, k);
    if (rc)
        return rc;
    *arr = brink_arena_array(w->arena, *k ? *k : 1, size);
    return *arr ? BRINK_OK : w_nomem(w);
}

/* Parameter overrides: a mapping of registry names to values, for parameters of `scope`. */
static int overrides(walker *w, const yaml_node_t *n, brink_param_scope scope,
                     brink_override **out, size_t *count)
{
    mapit it;
    int rc = mapit_start(w, &it, n, "params");
    if (rc)
        return rc;
    size_t k = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    brink_override *ov = brink_arena_array(w->arena, k ? k : 1, sizeof *ov);
    if (!ov)
        return w_nomem(w);
    size_t i = 0;
    int more;
    size_t saved = w_push(w, "params");
    while ((more = mapit_next(w, &it, NULL, NULL)) == 1) {
        int idx = brink_param_find(it.text);
        if (idx < 0) {
            rc = w_fail(w, it.key, "unknown parameter '%s'; expected a name that `brink params` "
                        "lists",
                        it.text);
            break;
        }
        const brink_param_def *d = brink_param_get((size_t)idx);
        /* the top-level params may set any parameter for everyone; the maps of an actor, a pair
         * or a flow only parameters of that scope */
        if (scope != BRINK_SCOPE_GLOBAL && d->scope != scope) {
            rc = w_fail(w, it.key, "parameter '%s' has scope %s; expected it under %s", it.text,
                        brink_param_scope_name(d->scope),
                        d->scope == BRINK_SCOPE_GLOBAL  ? "the top-level params"
                        : d->scope == BRINK_SCOPE_ACTOR ? "an actor's params"
                        : d->scope == BRINK_SCOPE_DYAD  ? "a relation pair's params"
                                                        : "a flow's params");
            break;
        }
        ov[i].param = idx;
        if ((rc = value_at(w, it.val, it.text, d->unit, d->lo, d->hi, &ov[i].value)))
            break;
        if (d->integer && (ov[i].value.dist != BRINK_DIST_FIXED ||
                           ov[i].value.value != floor(ov[i].value.value))) {
            rc = w_fail(w, it.val, "parameter '%s' is an integer; expected a whole number, not "
                        "a fraction or distribution",
                        it.text);
            break;
        }
        i++;
    }
    w_pop(w, saved);
    if (more < 0)
        return BRINK_EINVAL;
    if (rc)
        return rc;
    *out = ov;
    *count = i;
    return BRINK_OK;
}

/* ---- sections ---- */

static int load_scenario_block(walker *w, brink_scenario *sc, const yaml_node_t *n)
{
    static const char *const keys[] = {"name",     "description",       "start",
                                       "horizon_weeks", "step_days", "seed",
                                       "negotiation_model", "source", "calibration",
                                       NULL};
    mapit it;
    int rc = mapit_start(w, &it, n, "scenario");
    if (rc)
        return rc;
    int have_start = 0, have_horizon = 0;
    long v;
    int more;
    sc->step_days = 7;
    sc->seed = 1;
    sc->negotiation_model = "eu";
    while ((more = mapit_next(w, &it, keys, "scenario")) == 1) {
        switch (it.which) {
        case 0:
            rc = w_text(w, it.val, "the scenario's name", 1, &sc->name);
            break;
        case 1:
            rc = w_text(w, it.val, "description", 0, &sc->description);
            break;
        case 2:
            rc = w_date(w, it.val, "start", &sc->start);
            have_start = 1;
            break;
        case 3:
            rc = w_integer(w, it.val, "horizon_weeks", 1, 1040, &v);
            sc->horizon_weeks = (int)v;
            have_horizon = 1;
            break;
        case 4:
            rc = w_integer(w, it.val, "step_days", 1, 28, &v);
            sc->step_days = (int)v;
            break;
        case 5:
            rc = w_integer(w, it.val, "seed", 0, 9007199254740991L, &v);
            sc->seed = (uint64_t)v;
            break;
        case 6: {
            int m;
            rc = w_enum(w, it.val, "negotiation model", model_name, 5, &m);
            if (!rc)
                sc->negotiation_model = model_name(m);
            break;
        }
        case 7:
            rc = w_text(w, it.val, "source", 1, &sc->source);
            break;
        case 8: /* the frozen calibration its params come from (cli/cmd_calibrate.c) */
            rc = w_text(w, it.val, "calibration", 1, &sc->calibration);
            break;
        }
        if (rc)
            return rc;
    }
    if (more < 0)
        return BRINK_EINVAL;
    if (!sc->name)
        return w_fail(w, n, "scenario has no name; expected 'name: ...'");
    if (!have_start)
        return w_fail(w, n, "scenario has no start; expected 'start: YYYY-MM-DD'");
    if (!have_horizon)
        return w_fail(w, n, "scenario has no horizon_weeks; expected 'horizon_weeks: N'");
    sc->nsteps = ((long)sc->horizon_weeks * 7 + sc->step_days - 1) / sc->step_days;
    return BRINK_OK;
}

static int load_issues(walker *w, brink_scenario *sc, const yaml_node_t *n)
{
    const char **ids;
    size_t k;
    int rc = entries_with_ids(w, n, "issues", &ids, &k);
    if (rc)
        return rc;
    if (k == 0)
        return w_fail(w, n, "issues is empty; expected at least one issue");
    sc->issues = brink_arena_array(w->arena, k, sizeof *sc->issues);
    if (!sc->issues)
        return w_nomem(w);
    sc->nissues = k;
    static const char *const keys[] = {"id", "name", "low", "high", "executes", NULL};
    const yaml_node_t *role_at[BRINK_ISSUE_ROLE_COUNT] = {NULL};
    for (size_t i = 0; i < k; i++) {
        brink_issue *is = &sc->issues[i];
        is->id = ids[i];
        mapit it;
        if ((rc = mapit_start(w, &it, w_node(w, n->data.sequence.items.start[i]), "an issue")))
            return rc;
        int more;
        while ((more = mapit_next(w, &it, keys, "an issue")) == 1) {
            if (it.which == 1)
                rc = w_text(w, it.val, "the issue's name", 1, &is->name);
            else if (it.which == 2)
                rc = w_text(w, it.val, "low", 1, &is->low);
            else if (it.which == 3)
                rc = w_text(w, it.val, "high", 1, &is->high);
            else if (it.which == 4) {
                int r = 0;
                rc = w_enum(w, it.val, "executes value", role_name,
                            BRINK_ISSUE_ROLE_COUNT, &r);
                if (!rc && r != BRINK_ISSUE_NONE && role_at[r])
                    return w_fail(w, it.val,
                                  "another issue already executes %s; expected at most one",
                                  brink_issue_role_name((brink_issue_role)r));
                if (!rc && r != BRINK_ISSUE_NONE)
                    role_at[r] = it.val;
                is->executes = (brink_issue_role)r;
            }
            if (rc)
                return rc;
        }
        if (more < 0)
            return BRINK_EINVAL;
        if (!is->name)
            return w_fail(w, it.map, "issue '%s' has no name; expected 'name: ...'", is->id);
    }
    return BRINK_OK;
}

/* Values keyed by issue id (positions, saliences). */
static int issue_values(walker *w, brink_scenario *sc, const yaml_node_t *n, const char *what,
                        double lo, double hi, brink_value *out)
{
    mapit it;
    int rc = mapit_start(w, &it, n, what);
    if (rc)
        return rc;
    int more;
    size_t saved = w_push(w, what);
    while ((more = mapit_next(w, &it, NULL, NULL)) == 1) {
        int is = brink_scenario_issue(sc, it.text);
        if (is < 0) {
            rc = w_fail(w, it.key, "unknown issue '%s' in %s; expected an issue id", it.text,
                        what);
            break;
        }
        if ((rc = value_at(w, it.val, it.text, NULL, lo, hi, &out[is])))
            break;
    }
    w_pop(w, saved);
    return more < 0 ? BRINK_EINVAL : rc;
}

/* A fixed-size set of named values (dispositions, capability, internals). */
static int named_values(walker *w, const yaml_node_t *n, const char *what, int count,
                        const char *(*name)(int), const char *(*unit)(int), const double *lo,
                        const double *hi, brink_value *out)
{
    const char *allowed[32];
    for (int i = 0; i < count && i < 31; i++)
        allowed[i] = name(i);
    allowed[count < 31 ? count : 31] = NULL;
    mapit it;
    int rc = mapit_start(w, &it, n, what);
    if (rc)
        return rc;
    int more;
    size_t saved = w_push(w, what);
    while ((more = mapit_next(w, &it, allowed, what)) == 1) {
        if ((rc = value_at(w, it.val, it.text, unit ? unit(it.which) : NULL, lo[it.which],
                           hi[it.which], &out[it.which])))
            break;
    }
    w_pop(w, saved);
    return more < 0 ? BRINK_EINVAL : rc;
}

static const char *disp_name(int i)
{
    return brink_disposition_name((brink_disposition)i);
}
static const char *cap_name(int i)
{
    return brink_capability_name((brink_capability)i);
}
static const char *internal_name(int i)
{
    return brink_internal_name((brink_internal)i);
}
static const char *internal_unit(int i)
{
    return brink_internal_unit((brink_internal)i);
}

static const double int_lo[BRINK_INT_COUNT] = {0, -1, 0, 0, -0.5, 0, 0, 0, 0, 0, 0, 0, 0};
static const double int_hi[BRINK_INT_COUNT] = {1e6, 1, 1e5, 1, 100, 1e9, 1, 1, 1, 1, 1, 1, 100};
static const double unit_lo[BRINK_INT_COUNT] = {0};
static const double unit_hi[BRINK_INT_COUNT] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

static void absent_value(brink_value *v, double def)
{
    memset(v, 0, sizeof *v);
    v->value = def;
    v->slot = (size_t)-1;
}

/* An armed group's `proxy` block: capacity, control, resupply (capacity per week along an open
 * route) and route (open or cut). Only for armed groups with a patron. */
static int load_proxy(walker *w, const yaml_node_t *n, brink_actor *a)
{
    static const char *const keys[] = {"capacity", "control", "resupply_per_week", "route",
                                       "source",   "note",    NULL};
    if (a->kind != BRINK_ACTOR_ARMED_GROUP || a->patron < 0)
        return w_fail(w, n, "only armed groups with a patron have a 'proxy' block; expected "
                      "'kind: armed_group' and 'patron: ...' for '%s'",
                      a->id);
    mapit it;
    int rc = mapit_start(w, &it, n, "a proxy block");
    if (rc)
        return rc;
    int more, have_route = 0;
    const char *ignored;
    size_t saved = w_push(w, "proxy");
    while ((more = mapit_next(w, &it, keys, "a proxy block")) == 1) {
        switch (it.which) {
        case 0:
            rc = value_at(w, it.val, "capacity", NULL, 0, 1, &a->proxy_capacity);
            break;
        case 1:
            rc = value_at(w, it.val, "control", NULL, 0, 1, &a->proxy_control);
            break;
        case 2:
            rc = value_at(w, it.val, "resupply_per_week", "capacity/week", 0, 1,
                          &a->proxy_resupply);
            break;
        case 3: {
            const char *r = w_scalar(it.val);
            if (!r || (strcmp(r, "open") && strcmp(r, "cut")))
                rc = w_fail(w, it.val, "route is '%.40s'; expected 'open' or 'cut'",
                            r ? r : "");
            a->route_open = r && !strcmp(r, "open");
            have_route = 1;
            break;
        }
        case 4:
        case 5:
            rc = w_text(w, it.val, it.which == 4 ? "source" : "note", it.which == 4, &ignored);
            break;
        }
        if (rc)
            break;
    }
    w_pop(w, saved);
    if (rc)
        return rc;
    if (more < 0)
        return BRINK_EINVAL;
    if (!a->proxy_capacity.present || !have_route)
        return w_fail(w, n, "the proxy block of '%s' needs 'capacity' and 'route'; expected "
                      "both (route: open or cut)",
                      a->id);
    a->has_proxy = 1;
    return BRINK_OK;
}

static int load_actor(walker *w, brink_scenario *sc, const yaml_node_t *n, brink_actor *a)
{
    a->line = w_line(n);
    a->column = w_column(n);
    static const char *const keys[] = {
        "id",       "name",      "kind",   "parent",       "patron",    "members",
        "domains",  "born",      "capability", "dispositions", "positions", "salience",
        "aggregation", "internals", "params", "source",    "note",      "proxy",   NULL};
    enum { A_ID, A_NAME, A_KIND, A_PARENT, A_PATRON, A_MEMBERS, A_DOMAINS, A_BORN, A_CAP,
           A_DISP, A_POS, A_SAL, A_AGG, A_INT, A_PARAMS, A_SOURCE, A_NOTE, A_PROXY };
    mapit it;
    int rc = mapit_start(w, &it, n, "an actor");
    if (rc)
        return rc;
    int more, have_kind = 0;
    const yaml_node_t *agg = NULL, *parent_node = NULL, *proxy = NULL;
    while ((more = mapit_next(w, &it, keys, "an actor")) == 1) {
        switch (it.which) {
        case A_ID:
            break;
        case A_NAME:
            rc = w_text(w, it.val, "the actor's name", 1, &a->name);
            break;
        case A_KIND: {
            int k;
            rc = w_enum(w, it.val, "actor kind", kind_name, BRINK_ACTOR_KIND_COUNT, &k);
            a->kind = (brink_actor_kind)k;
            have_kind = 1;
            break;
        }
        case A_PARENT:
            rc = id_ref(w, sc, it.val, brink_scenario_actor, "actor", &a->parent);
            parent_node = it.val;
            break;
        case A_PATRON:
            rc = id_ref(w, sc, it.val, brink_scenario_actor, "actor", &a->patron);
            break;
        case A_MEMBERS:
            rc = id_list(w, sc, it.val, brink_scenario_actor, "actor", &a->members, &a->nmembers);
            break;
        case A_DOMAINS: {
            if ((rc = w_seq(w, it.val, "domains")))
                break;
            for (size_t i = 0; i < seq_len(it.val) && !rc; i++) {
                yaml_node_t *d = w_node(w, it.val->data.sequence.items.start[i]);
                int bit;
                if (!d)
                    return BRINK_EINVAL;
                if ((rc = w_enum(w, d, "domain", domain_name, 5, &bit)))
                    break;
                if (a->domains & (1u << bit))
                    rc = w_fail(w, d, "domain '%s' is listed twice; expected each once",
                                domain_name(bit));
                a->domains |= 1u << bit;
            }
            break;
        }
        case A_BORN:
            rc = w_date(w, it.val, "born", &a->born);
            a->has_born = 1;
            break;
        case A_CAP:
            rc = named_values(w, it.val, "capability", BRINK_CAP_COUNT, cap_name, NULL, unit_lo,
                              unit_hi, a->capability);
            break;
        case A_DISP:
            rc = named_values(w, it.val, "dispositions", BRINK_DISP_COUNT, disp_name, NULL,
                              unit_lo, unit_hi, a->disposition);
            break;
        case A_POS:
            rc = issue_values(w, sc, it.val, "positions", 0, 100, a->position);
            break;
        case A_SAL:
            rc = issue_values(w, sc, it.val, "salience", 0, 1, a->salience);
            break;
        case A_AGG:
            agg = it.val;
            break;
        case A_INT:
            rc = named_values(w, it.val, "internals", BRINK_INT_COUNT, internal_name,
                              internal_unit, int_lo, int_hi, a->internal);
            break;
        case A_PARAMS:
            rc = overrides(w, it.val, BRINK_SCOPE_ACTOR, &a->params, &a->nparams);
            break;
        case A_SOURCE:
            rc = w_text(w, it.val, "source", 1, &a->source);
            break;
        case A_NOTE:
            rc = w_text(w, it.val, "note", 0, &a->note);
            break;
        case A_PROXY:
            proxy = it.val;
            break;
        }
        if (rc)
            return rc;
    }
    if (more < 0)
        return BRINK_EINVAL;
    if (proxy && (rc = load_proxy(w, proxy, a)))
        return rc;
    if (!a->name)
        return w_fail(w, n, "actor '%s' has no name; expected 'name: ...'", a->id);
    if (!have_kind)
        return w_fail(w, n, "actor '%s' has no kind; expected 'kind: state' (or faction, "
                      "armed_group, bloc, organisation, mediator)",
                      a->id);
    if (a->kind == BRINK_ACTOR_FACTION && a->parent < 0)
        return w_fail(w, n, "faction '%s' has no parent; expected 'parent: <state id>'", a->id);
    if (a->parent >= 0) {
        if (a->kind != BRINK_ACTOR_FACTION)
            return w_fail(w, parent_node, "only factions have a parent; expected no 'parent' "
                          "for a %s",
                          brink_actor_kind_name(a->kind));
    }
    if (a->members && a->kind != BRINK_ACTOR_BLOC)
        return w_fail(w, n, "only blocs have members; expected no 'members' for '%s'", a->id);
    for (size_t i = 0; i < sc->nissues; i++) {
        if (a->position[i].present != a->salience[i].present)
            return w_fail(w, n, "actor '%s' has a %s on issue '%s' but no %s; expected both or "
                          "neither",
                          a->id, a->position[i].present ? "position" : "salience",
                          sc->issues[i].id, a->position[i].present ? "salience" : "position");
    }
    if (agg) {
        static const char *const akeys[] = {"rule", "veto", "proposer", NULL};
        mapit ai;
        if ((rc = mapit_start(w, &ai, agg, "aggregation")))
            return rc;
        if (a->kind != BRINK_ACTOR_STATE)
            return w_fail(w, agg, "only states aggregate factions; expected no 'aggregation' for "
                          "a %s",
                          brink_actor_kind_name(a->kind));
        while ((more = mapit_next(w, &ai, akeys, "aggregation")) == 1) {
            if (ai.which == 0) {
                int r;
                rc = w_enum(w, ai.val, "aggregation rule", agg_name, 3, &r);
                a->aggregation = (brink_aggregation_rule)r;
            } else if (ai.which == 1) {
                rc = id_list(w, sc, ai.val, brink_scenario_actor, "actor", &a->veto, &a->nveto);
            } else {
                rc = id_ref(w, sc, ai.val, brink_scenario_actor, "actor", &a->proposer);
            }
            if (rc)
                return rc;
        }
        if (more < 0)
            return BRINK_EINVAL;
        if (a->aggregation == BRINK_AGG_NONE)
            return w_fail(w, agg, "aggregation has no rule; expected 'rule: veto' or "
                          "'rule: weighted_mean'");
        if (a->aggregation == BRINK_AGG_VETO && (a->nveto == 0 || a->proposer < 0))
            return w_fail(w, agg, "a veto rule needs 'veto: [...]' and 'proposer: ...'; "
                          "expected both");
    }
    return BRINK_OK;
}

/* Second pass over actors: references that depend on other actors' kinds and parents. */
static int check_actor_graph(walker *w, brink_scenario *sc, const yaml_node_t *list)
{
    size_t n = sc->nactors;
    for (size_t i = 0; i < n; i++) {
        brink_actor *a = &sc->actors[i];
        const yaml_node_t *node = yaml_document_get_node(w->doc, list->data.sequence.items.start[i]);
        /* parent chain without cycles; factions belong to states (possibly via factions) */
        size_t steps = 0;
        for (int p = a->parent; p >= 0; p = sc->actors[p].parent) {
            if (p == (int)i || ++steps > n)
                return w_fail(w, w_find(w, node, "parent"),
                              "actor '%s' is its own ancestor (a cycle of parents); expected "
                              "a chain that ends at a state",
                              a->id);
        }
        if (a->parent >= 0 && sc->actors[a->parent].kind != BRINK_ACTOR_STATE &&
            sc->actors[a->parent].kind != BRINK_ACTOR_FACTION)
            return w_fail(w, w_find(w, node, "parent"), "parent of '%s' is a %s; expected a state",
                          a->id, brink_actor_kind_name(sc->actors[a->parent].kind));
        steps = 0;
        for (int p = a->patron; p >= 0; p = sc->actors[p].patron) {
            if (p == (int)i || ++steps > n)
                return w_fail(w, w_find(w, node, "patron"),
                              "actor '%s' is its own patron through a cycle; expected patrons "
                              "that end at a state or faction",
                              a->id);
        }
        for (size_t k = 0; k < a->nveto; k++)
            if (sc->actors[a->veto[k]].parent != (int)i)
                return w_fail(w, w_find(w, w_find(w, node, "aggregation"), "veto"),
                              "veto player '%s' is not a faction of '%s'; expected factions "
                              "whose parent is this state",
                              sc->actors[a->veto[k]].id, a->id);
        if (a->proposer >= 0 && sc->actors[a->proposer].parent != (int)i)
            return w_fail(w, w_find(w, w_find(w, node, "aggregation"), "proposer"),
                          "proposer '%s' is not a faction of '%s'; expected a faction whose "
                          "parent is this state",
                          sc->actors[a->proposer].id, a->id);
        for (size_t k = 0; k < a->nmembers; k++)
            if (a->members[k] == (int)i)
                return w_fail(w, w_find(w, node, "members"),
                              "bloc '%s' lists itself as a member; expected other actors", a->id);
    }
    return BRINK_OK;
}

static int load_actors(walker *w, brink_scenario *sc, const yaml_node_t *n)
{
    const char **ids;
    size_t k;
    int rc = entries_with_ids(w, n, "actors", &ids, &k);
    if (rc)
        return rc;
    if (k < 2)
        return w_fail(w, n, "actors has %zu entries; expected at least two actors", k);
    sc->actors = brink_arena_array(w->arena, k, sizeof *sc->actors);
    if (!sc->actors)
        return w_nomem(w);
    sc->nactors = k;
    for (size_t i = 0; i < k; i++) {
        brink_actor *a = &sc->actors[i];
        a->id = ids[i];
        a->parent = a->patron = a->proposer = -1;
        a->position = brink_arena_array(w->arena, sc->nissues, sizeof *a->position);
        a->salience = brink_arena_array(w->arena, sc->nissues, sizeof *a->salience);
        if (!a->position || !a->salience)
            return w_nomem(w);
        for (size_t j = 0; j < sc->nissues; j++) {
            absent_value(&a->position[j], 50);
            absent_value(&a->salience[j], 0);
        }
        for (int j = 0; j < BRINK_CAP_COUNT; j++)
            absent_value(&a->capability[j], 0);
        for (int j = 0; j < BRINK_DISP_COUNT; j++)
            absent_value(&a->disposition[j], 0.5);
        for (int j = 0; j < BRINK_INT_COUNT; j++)
            absent_value(&a->internal[j], 0);
        absent_value(&a->proxy_capacity, 1);
        absent_value(&a->proxy_control, 0.5);
        absent_value(&a->proxy_resupply, 0);
    }
    for (size_t i = 0; i < k; i++) {
        size_t saved = w_push(w, "actors");
        w_push(w, ids[i]);
        rc = load_actor(w, sc, w_node(w, n->data.sequence.items.start[i]), &sc->actors[i]);
        w_pop(w, saved);
        if (rc)
            return rc;
    }
    return check_actor_graph(w, sc, n);
}

static void default_relation(brink_relation *r)
{
    memset(r, 0, sizeof *r);
    absent_value(&r->alignment, 0);
    absent_value(&r->trust_alpha, 1);
    absent_value(&r->trust_beta, 1);
    absent_value(&r->resolve_belief, 0.5);
    absent_value(&r->hostility, 0);
    absent_value(&r->sanctions, 0);
    r->mediator = -1;
}

/* Fields of a relation; pair == 0 for the `default` entry, which allows fewer keys. */
static int load_relation_fields(walker *w, brink_scenario *sc, const yaml_node_t *n,
                                brink_relation *r, int pair, int *from, int *to)
{
    static const char *const keys[] = {"from",     "to",        "alignment", "trust",
                                       "resolve_belief", "hostility", "rung",   "talks",
                                       "mediator", "sanctions", "principal", "fears",
                                       "restrains", "params",   "source",   "note",
                                       NULL};
    static const char *const dkeys[] = {"alignment", "trust", "resolve_belief", "hostility", NULL};
    enum { R_FROM, R_TO, R_ALIGN, R_TRUST, R_RESOLVE, R_HOST, R_RUNG, R_TALKS, R_MEDIATOR,
           R_SANCTIONS, R_PRINCIPAL, R_FEARS, R_RESTRAINS, R_PARAMS, R_SOURCE, R_NOTE };
    mapit it;
    const char *where = pair ? "a relation pair" : "relations.default";
    int rc = mapit_start(w, &it, n, where);
    if (rc)
        return rc;
    int more;
    long v;
    while ((more = mapit_next(w, &it, pair ? keys : dkeys, where)) == 1) {
        int which = pair ? it.which : (it.which + R_ALIGN);
        switch (which) {
        case R_FROM:
            rc = id_ref(w, sc, it.val, brink_scenario_actor, "actor", from);
            break;
        case R_TO:
            rc = id_ref(w, sc, it.val, brink_scenario_actor, "actor", to);
            break;
        case R_ALIGN:
            rc = value_at(w, it.val, "alignment", NULL, -1, 1, &r->alignment);
            break;
        case R_TRUST: {
            static const char *const tkeys[] = {"alpha", "beta", NULL};
            mapit ti;
            if ((rc = mapit_start(w, &ti, it.val, "trust")))
                break;
            int tm, have[2] = {0, 0};
            size_t saved = w_push(w, "trust");
            while ((tm = mapit_next(w, &ti, tkeys, "trust")) == 1) {
                rc = value_at(w, ti.val, tkeys[ti.which], "pseudo-counts", 1e-6, 1000,
                              ti.which ? &r->trust_beta : &r->trust_alpha);
                have[ti.which] = 1;
                if (rc)
                    break;
            }
            w_pop(w, saved);
            if (tm < 0)
                return BRINK_EINVAL;
            if (!rc && (!have[0] || !have[1]))
                rc = w_fail(w, it.val, "trust needs both alpha and beta; expected {alpha: a, "
                            "beta: b}");
            break;
        }
        case R_RESOLVE:
            rc = value_at(w, it.val, "resolve_belief", NULL, 0, 1, &r->resolve_belief);
            break;
        case R_HOST:
            rc = value_at(w, it.val, "hostility", NULL, 0, 1, &r->hostility);
            break;
        case R_RUNG:
            rc = w_integer(w, it.val, "rung", 0, 10, &v);
            r->rung = (int)v;
            break;
        case R_TALKS: {
            int t;
            rc = w_enum(w, it.val, "talks status", talks_name, 3, &t);
            r->talks = (brink_talks_status)t;
            break;
        }
        case R_MEDIATOR:
            rc = id_ref(w, sc, it.val, brink_scenario_actor, "actor", &r->mediator);
            break;
        case R_SANCTIONS:
            rc = value_at(w, it.val, "sanctions", NULL, 0, 1, &r->sanctions);
            break;
        case R_PRINCIPAL:
            rc = w_bool(w, it.val, "principal", &r->principal);
            break;
        case R_FEARS:
            rc = w_bool(w, it.val, "fears", &r->fears);
            break;
        case R_RESTRAINS:
            rc = w_bool(w, it.val, "restrains", &r->restrains);
            break;
        case R_PARAMS:
            rc = overrides(w, it.val, BRINK_SCOPE_DYAD, &r->params, &r->nparams);
            break;
        case R_SOURCE:
            rc = w_text(w, it.val, "source", 1, &r->source);
            break;
        case R_NOTE:
            rc = w_text(w, it.val, "note", 0, &r->note);
            break;
        }
        if (rc)
            return rc;
    }
    return more < 0 ? BRINK_EINVAL : BRINK_OK;
}

static int load_relations(walker *w, brink_scenario *sc, const yaml_node_t *n)
{
    size_t na = sc->nactors;
    sc->relations = brink_arena_array(w->arena, na * na, sizeof *sc->relations);
    if (!sc->relations)
        return w_nomem(w);
    /* the default lives in the arena: its values are registered and read after loading */
    brink_relation *defp = brink_arena_alloc(w->arena, sizeof *defp);
    if (!defp)
        return w_nomem(w);
    default_relation(defp);
    brink_relation def;
    int rc;
    const yaml_node_t *pairs = NULL;
    if (n) {
        static const char *const keys[] = {"default", "pairs", NULL};
        mapit it;
        if ((rc = mapit_start(w, &it, n, "relations")))
            return rc;
        int more;
        while ((more = mapit_next(w, &it, keys, "relations")) == 1) {
            if (it.which == 0) {
                size_t saved = w_push(w, "relations.default");
                rc = load_relation_fields(w, sc, it.val, defp, 0, NULL, NULL);
                w_pop(w, saved);
                if (rc)
                    return rc;
            } else {
                pairs = it.val;
            }
        }
        if (more < 0)
            return BRINK_EINVAL;
    }
    def = *defp;
    for (size_t i = 0; i < na * na; i++)
        sc->relations[i] = def;
    if (!pairs)
        return BRINK_OK;
    if ((rc = w_seq(w, pairs, "relations.pairs")))
        return rc;
    for (size_t i = 0; i < seq_len(pairs); i++) {
        yaml_node_t *e = w_node(w, pairs->data.sequence.items.start[i]);
        if (!e)
            return BRINK_EINVAL;
        if ((rc = w_map(w, e, "a relation pair")))
            return rc;
        int from = -1, to = -1;
        const yaml_node_t *fn = w_find(w, e, "from"), *tn = w_find(w, e, "to");
        if (!fn || !tn)
            return w_fail(w, e, "a relation pair needs 'from' and 'to'; expected both actor ids");
        if ((rc = id_ref(w, sc, fn, brink_scenario_actor, "actor", &from)) ||
            (rc = id_ref(w, sc, tn, brink_scenario_actor, "actor", &to)))
            return rc;
        if (from == to)
            return w_fail(w, tn, "a relation from '%s' to itself; expected two different actors",
                          sc->actors[from].id);
        brink_relation *r = &sc->relations[(size_t)from * na + (size_t)to];
        if (r->listed)
            return w_fail(w, e, "the pair %s>%s is listed twice; expected each ordered pair once",
                          sc->actors[from].id, sc->actors[to].id);
        default_relation(r);
        /* fields the pair leaves out keep the default's values (and its draws) */
        r->alignment = def.alignment;
        r->trust_alpha = def.trust_alpha;
        r->trust_beta = def.trust_beta;
        r->resolve_belief = def.resolve_belief;
        r->hostility = def.hostility;
        r->listed = 1;
        char key[160];
        snprintf(key, sizeof key, "relations.%s>%s", sc->actors[from].id, sc->actors[to].id);
        size_t saved = w_push(w, key);
        rc = load_relation_fields(w, sc, e, r, 1, &from, &to);
        w_pop(w, saved);
        if (rc)
            return rc;
        if (r->mediator == from || r->mediator == to)
            return w_fail(w, w_find(w, e, "mediator"), "the mediator of %s>%s is one of the "
                          "pair; expected a third actor",
                          sc->actors[from].id, sc->actors[to].id);
        sc->nlisted_pairs++;
    }
    return BRINK_OK;
}

static int load_markets(walker *w, brink_scenario *sc, const yaml_node_t *n)
{
    const char **ids;
    size_t k;
    void *arr;
    int rc = section_entries(w, n, "markets", sizeof *sc->markets, &ids, &k, &arr);
    if (rc)
        return rc;
    sc->markets = arr;
    sc->nmarkets = k;
    static const char *const keys[] = {"id", "name", "commodity", "price", "source", "note",
                                       NULL};
    for (size_t i = 0; i < k; i++) {
        brink_market *m = &sc->markets[i];
        m->id = ids[i];
        absent_value(&m->price, 0);
        yaml_node_t *e = w_node(w, n->data.sequence.items.start[i]);
        yaml_node_t *pn = NULL;
        mapit it;
        if ((rc = mapit_start(w, &it, e, "a market")))
            return rc;
        int more, have_c = 0;
        while ((more = mapit_next(w, &it, keys, "a market")) == 1) {
            switch (it.which) {
            case 1:
                rc = w_text(w, it.val, "name", 1, &m->name);
                break;
            case 2: {
                int c;
                rc = w_enum(w, it.val, "commodity", commodity_name, 3, &c);
                m->commodity = (brink_commodity)c;
                have_c = 1;
                break;
            }
            case 3:
                pn = it.val;
                break;
            case 4:
                rc = w_text(w, it.val, "source", 1, &m->source);
                break;
            case 5:
                rc = w_text(w, it.val, "note", 0, &m->note);
                break;
            }
            if (rc)
                return rc;
        }
        if (more < 0)
            return BRINK_EINVAL;
        if (!have_c || !pn)
            return w_fail(w, e, "market '%s' needs commodity and price; expected both", m->id);
        static const char *const price_units[] = {"USD/bbl", "USD/MMBtu", "USD/MWh"};
        char key[96];
        snprintf(key, sizeof key, "markets.%s", m->id);
        size_t saved = w_push(w, key);
        rc = value_at(w, pn, "price", price_units[m->commodity], 0, 1e5, &m->price);
        w_pop(w, saved);
        if (rc)
            return rc;
    }
    return BRINK_OK;
}

static int load_flows(walker *w, brink_scenario *sc, const yaml_node_t *n)
{
    const char **ids;
    size_t k;
    void *arr;
    int rc = section_entries(w, n, "flows", sizeof *sc->flows, &ids, &k, &arr);
    if (rc)
        return rc;
    sc->flows = arr;
    sc->nflows = k;
    static const char *const keys[] = {"id",       "commodity",  "from",   "to",
                                       "market",   "volume",     "discount",
                                       "enforcement_sensitivity", "switching_cost", "waiver",
                                       "params",   "source",     "note",   NULL};
    for (size_t i = 0; i < k; i++) {
        brink_flow *f = &sc->flows[i];
        f->id = ids[i];
        f->from = f->to = f->market = f->waiver_by = -1;
        absent_value(&f->volume, 0);
        absent_value(&f->discount, 0);
        absent_value(&f->enforcement_sensitivity, 0);
        absent_value(&f->switching_cost, 0);
        yaml_node_t *e = w_node(w, n->data.sequence.items.start[i]);
        const yaml_node_t *cn = w_find(w, e, "commodity");
        int c;
        if (!cn)
            return w_fail(w, e, "flow '%s' has no commodity; expected oil, gas or electricity",
                          f->id);
        if ((rc = w_enum(w, cn, "commodity", commodity_name, 3, &c)))
            return rc;
        f->commodity = (brink_commodity)c;
        char key[96];
        snprintf(key, sizeof key, "flows.%s", f->id);
        size_t saved = w_push(w, key);
        mapit it;
        if ((rc = mapit_start(w, &it, e, "a flow")))
            return rc;
        int more, have_volume = 0;
        while ((more = mapit_next(w, &it, keys, "a flow")) == 1) {
            switch (it.which) {
            case 2:
                rc = id_ref(w, sc, it.val, brink_scenario_actor, "actor", &f->from);
                break;
            case 3:
                rc = id_ref(w, sc, it.val, brink_scenario_actor, "actor", &f->to);
                break;
            case 4:
                rc = id_ref(w, sc, it.val, lookup_market, "market", &f->market);
                break;
            case 5:
                rc = value_at(w, it.val, "volume", brink_commodity_volume_unit(f->commodity), 0,
                              1e6, &f->volume);
                have_volume = 1;
                break;
            case 6:
                rc = value_at(w, it.val, "discount", NULL, 0, 1000, &f->discount);
                break;
            case 7:
                rc = value_at(w, it.val, "enforcement_sensitivity", NULL, 0, 1,
                              &f->enforcement_sensitivity);
                break;
            case 8:
                rc = value_at(w, it.val, "switching_cost", NULL, 0, 1, &f->switching_cost);
                break;
            case 9: {
                static const char *const wkeys[] = {"by", "active", "expires", NULL};
                mapit wi;
                if ((rc = mapit_start(w, &wi, it.val, "waiver")))
                    break;
                int wm, have_by = 0, have_active = 0;
                while ((wm = mapit_next(w, &wi, wkeys, "waiver")) == 1 && !rc) {
                    if (wi.which == 0) {
                        rc = id_ref(w, sc, wi.val, brink_scenario_actor, "actor", &f->waiver_by);
                        have_by = 1;
                    } else if (wi.which == 1) {
                        rc = w_bool(w, wi.val, "active", &f->waiver_active);
                        have_active = 1;
                    } else {
                        rc = w_date(w, wi.val, "expires", &f->waiver_expires);
                        f->waiver_has_expiry = 1;
                    }
                }
                if (wm < 0)
                    rc = BRINK_EINVAL;
                else if (!rc && (!have_by || !have_active))
                    rc = w_fail(w, it.val, "a waiver needs 'by' and 'active'; expected both");
                f->has_waiver = 1;
                break;
            }
            case 10:
                rc = overrides(w, it.val, BRINK_SCOPE_FLOW, &f->params, &f->nparams);
                break;
            case 11:
                rc = w_text(w, it.val, "source", 1, &f->source);
                break;
            case 12:
                rc = w_text(w, it.val, "note", 0, &f->note);
                break;
            }
            if (rc)
                break;
        }
        w_pop(w, saved);
        if (more < 0)
            return BRINK_EINVAL;
        if (rc)
            return rc;
        if (f->from < 0 || f->to < 0 || !have_volume)
            return w_fail(w, e, "flow '%s' needs from, to and volume; expected all three", f->id);
        if (f->from == f->to)
            return w_fail(w, w_find(w, e, "to"), "flow '%s' goes from an actor to itself; "
                          "expected a different buyer",
                          f->id);
        if (f->market >= 0 && sc->markets[f->market].commodity != f->commodity)
            return w_fail(w, w_find(w, e, "market"), "flow '%s' carries %s but market '%s' "
                          "prices %s; expected a market of the same commodity",
                          f->id, brink_commodity_name(f->commodity), sc->markets[f->market].id,
                          brink_commodity_name(sc->markets[f->market].commodity));
    }
    return BRINK_OK;
}

/* Index of level x in the programme's levels, or -1. */
static int level_index(const brink_programme *p, double x)
{
    for (size_t i = 0; i < p->nlevels; i++)
        if (p->levels[i] == x)
            return (int)i;
    return -1;
}

static int level_values(walker *w, const yaml_node_t *n, brink_programme *p, const char *what,
                        const char *unit, brink_value *out)
{
    mapit it;
    int rc = mapit_start(w, &it, n, what);
    if (rc)
        return rc;
    int more;
    unsigned seen = 0; /* levels given so far (bits): 60 and 60.0 are the same level */
    size_t saved = w_push(w, what);
    while ((more = mapit_next(w, &it, NULL, NULL)) == 1) {
        double x;
        if ((rc = w_number_key(w, it.key, "a level", &x)))
            break;
        int li = level_index(p, x);
        if (li < 0) {
            rc = w_fail(w, it.key, "level %s is not among the programme's levels; expected one of "
                        "'levels' (declared before %s)",
                        it.text, what);
            break;
        }
        if (seen & (1u << li)) {
            rc = w_fail(w, it.key, "level %s is given twice in %s; expected each level once",
                        it.text, what);
            break;
        }
        seen |= 1u << li;
        if ((rc = value_at(w, it.val, it.text, unit, 0, 1e7, &out[li])))
            break;
    }
    w_pop(w, saved);
    return more < 0 ? BRINK_EINVAL : rc;
}

/* A programme's `agreement` block: the caps an agreement sets on the enrichment level (%) and
 * on the total enriched stock (kg U), whether the owner keeps them at the start (complying,
 * default true) and whether the other side has already broken it (breached, default false). */
static int load_agreement(walker *w, const yaml_node_t *n, brink_programme *p)
{
    static const char *const keys[] = {"level_cap", "stock_cap_kg", "complying", "source",
                                       "note",      "breached",     NULL};
    mapit it;
    int rc = mapit_start(w, &it, n, "an agreement");
    if (rc)
        return rc;
    p->has_agreement = 1;
    p->complying = 1;
    const char *ignored;
    size_t saved = w_push(w, "agreement");
    int more;
    while ((more = mapit_next(w, &it, keys, "an agreement")) == 1 && !rc) {
        switch (it.which) {
        case 0:
            rc = w_number(w, it.val, "level_cap", &p->level_cap);
            if (!rc && (p->level_cap < 0 || p->level_cap >= 100))
                rc = w_fail(w, it.val, "level_cap %g is out of range; expected a percentage in "
                            "[0, 100) (0: no cap)",
                            p->level_cap);
            break;
        case 1:
            rc = value_at(w, it.val, "stock_cap_kg", "kg", 0, 1e7, &p->stock_cap_kg);
            break;
        case 2:
            rc = w_bool(w, it.val, "complying", &p->complying);
            break;
        case 3:
            rc = w_text(w, it.val, "source", 1, &ignored);
            break;
        case 4:
            rc = w_text(w, it.val, "note", 0, &ignored);
            break;
        default:
            rc = w_bool(w, it.val, "breached", &p->breached);
            break;
        }
    }
    w_pop(w, saved);
    return more < 0 ? BRINK_EINVAL : rc;
}

static int load_programmes(walker *w, brink_scenario *sc, const yaml_node_t *n)
{
    const char **ids;
    size_t k;
    void *arr;
    int rc = section_entries(w, n, "programmes", sizeof *sc->programmes, &ids, &k, &arr);
    if (rc)
        return rc;
    sc->programmes = arr;
    sc->nprogrammes = k;
    static const char *const keys[] = {"id",        "owner",     "sq_kg",     "levels",
                                       "stock_kg",  "rate_kg_per_month", "max_level",
                                       "integrity", "iaea_access", "npt_member",
                                       "breakout_weeks", "source", "note",
                                       "capacity_swu_per_year", "agreement", NULL};
    for (size_t i = 0; i < k; i++) {
        brink_programme *p = &sc->programmes[i];
        p->id = ids[i];
        p->owner = p->max_level = -1;
        p->npt_member = 1;
        absent_value(&p->sq_kg, 42);
        absent_value(&p->integrity, 1);
        absent_value(&p->iaea_access, 1);
        absent_value(&p->breakout_weeks, 0);
        absent_value(&p->capacity_swu_per_year, 0);
        absent_value(&p->stock_cap_kg, 0);
        for (int j = 0; j < BRINK_MAX_LEVELS; j++) {
            absent_value(&p->stock_kg[j], 0);
            absent_value(&p->rate_kg_per_month[j], 0);
        }
        yaml_node_t *e = w_node(w, n->data.sequence.items.start[i]);
        /* levels first: the level-keyed maps refer to them */
        const yaml_node_t *ln = w_find(w, e, "levels");
        if (!ln)
            return w_fail(w, e, "programme '%s' has no levels; expected e.g. levels: [3.67, 20, "
                          "60, 90]",
                          p->id);
        if ((rc = w_seq(w, ln, "levels")))
            return rc;
        if (seq_len(ln) == 0 || seq_len(ln) > BRINK_MAX_LEVELS)
            return w_fail(w, ln, "levels has %zu entries; expected 1 to %d", seq_len(ln),
                          BRINK_MAX_LEVELS);
        p->nlevels = seq_len(ln);
        for (size_t j = 0; j < p->nlevels; j++) {
            yaml_node_t *item = w_node(w, ln->data.sequence.items.start[j]);
            if (!item)
                return BRINK_EINVAL;
            if ((rc = w_number(w, item, "an enrichment level", &p->levels[j])))
                return rc;
            if (p->levels[j] <= 0 || p->levels[j] >= 100 || (j && p->levels[j] <= p->levels[j - 1]))
                return w_fail(w, item, "level %g is out of order or range; expected increasing "
                              "percentages in (0, 100)",
                              p->levels[j]);
        }
        char key[96];
        snprintf(key, sizeof key, "programmes.%s", p->id);
        size_t saved = w_push(w, key);
        mapit it;
        if ((rc = mapit_start(w, &it, e, "a programme")))
            return rc;
        int more;
        while ((more = mapit_next(w, &it, keys, "a programme")) == 1) {
            switch (it.which) {
            case 1:
                rc = id_ref(w, sc, it.val, brink_scenario_actor, "actor", &p->owner);
                break;
            case 2:
                rc = value_at(w, it.val, "sq_kg", "kg", 1e-3, 1e4, &p->sq_kg);
                break;
            case 4:
                rc = level_values(w, it.val, p, "stock_kg", "kg", p->stock_kg);
                break;
            case 5:
                rc = level_values(w, it.val, p, "rate_kg_per_month", "kg/month",
                                  p->rate_kg_per_month);
                break;
            case 6: {
                double x;
                rc = w_number(w, it.val, "max_level", &x);
                if (!rc && (p->max_level = level_index(p, x)) < 0)
                    rc = w_fail(w, it.val, "max_level %g is not among the levels; expected one "
                                "of 'levels'",
                                x);
                break;
            }
            case 7:
                rc = value_at(w, it.val, "integrity", NULL, 0, 1, &p->integrity);
                break;
            case 8:
                rc = value_at(w, it.val, "iaea_access", NULL, 0, 1, &p->iaea_access);
                break;
            case 9:
                rc = w_bool(w, it.val, "npt_member", &p->npt_member);
                break;
            case 10:
                rc = value_at(w, it.val, "breakout_weeks", "weeks", 0, 10400, &p->breakout_weeks);
                break;
            case 11:
                rc = w_text(w, it.val, "source", 1, &p->source);
                break;
            case 12:
                rc = w_text(w, it.val, "note", 0, &p->note);
                break;
            case 13:
                rc = value_at(w, it.val, "capacity_swu_per_year", "SWU/yr", 0, 1e7,
                              &p->capacity_swu_per_year);
                break;
            case 14:
                rc = load_agreement(w, it.val, p);
                break;
            default:
                break;
            }
            if (rc)
                break;
        }
        w_pop(w, saved);
        if (more < 0)
            return BRINK_EINVAL;
        if (rc)
            return rc;
        if (p->owner < 0)
            return w_fail(w, e, "programme '%s' has no owner; expected 'owner: <actor id>'",
                          p->id);
    }
    return BRINK_OK;
}

static int load_chokepoints(walker *w, brink_scenario *sc, const yaml_node_t *n)
{
    const char **ids;
    size_t k;
    void *arr;
    int rc = section_entries(w, n, "chokepoints", sizeof *sc->chokepoints, &ids, &k, &arr);
    if (rc)
        return rc;
    sc->chokepoints = arr;
    sc->nchokepoints = k;
    static const char *const keys[] = {"id", "name", "controller", "carries", "world_oil_share",
                                       "source", "note", NULL};
    for (size_t i = 0; i < k; i++) {
        brink_chokepoint *c = &sc->chokepoints[i];
        c->id = ids[i];
        c->controller = -1;
        absent_value(&c->world_oil_share, 0);
        yaml_node_t *e = w_node(w, n->data.sequence.items.start[i]);
        char key[96];
        snprintf(key, sizeof key, "chokepoints.%s", c->id);
        size_t saved = w_push(w, key);
        mapit it;
        if ((rc = mapit_start(w, &it, e, "a chokepoint")))
            return rc;
        int more;
        while ((more = mapit_next(w, &it, keys, "a chokepoint")) == 1) {
            switch (it.which) {
            case 1:
                rc = w_text(w, it.val, "name", 1, &c->name);
                break;
            case 2:
                rc = id_ref(w, sc, it.val, brink_scenario_actor, "actor", &c->controller);
                break;
            case 3:
                rc = id_list(w, sc, it.val, brink_scenario_flow, "flow", &c->carries,
                             &c->ncarries);
                break;
            case 4:
                rc = value_at(w, it.val, "world_oil_share", NULL, 0, 1, &c->world_oil_share);
                break;
            case 5:
                rc = w_text(w, it.val, "source", 1, &c->source);
                break;
            case 6:
                rc = w_text(w, it.val, "note", 0, &c->note);
                break;
            default:
                break;
            }
            if (rc)
                break;
        }
        w_pop(w, saved);
        if (more < 0)
            return BRINK_EINVAL;
        if (rc)
            return rc;
    }
    return BRINK_OK;
}

static int load_instruments(walker *w, brink_scenario *sc, const yaml_node_t *n)
{
    const char **ids;
    size_t k;
    void *arr;
    int rc = section_entries(w, n, "instruments", sizeof *sc->instruments, &ids, &k, &arr);
    if (rc)
        return rc;
    sc->instruments = arr;
    sc->ninstruments = k;
    static const char *const keys[] = {"id",        "name",    "notifiers", "notify_by",
                                       "delay_days", "blockable", "vetoers", "effect",
                                       "source",    "note",    NULL};
    for (size_t i = 0; i < k; i++) {
        brink_instrument *in = &sc->instruments[i];
        in->id = ids[i];
        in->effect_target = -1;
        yaml_node_t *e = w_node(w, n->data.sequence.items.start[i]);
        mapit it;
        if ((rc = mapit_start(w, &it, e, "an instrument")))
            return rc;
        int more;
        long v;
        while ((more = mapit_next(w, &it, keys, "an instrument")) == 1) {
            switch (it.which) {
            case 1:
                rc = w_text(w, it.val, "name", 1, &in->name);
                break;
            case 2:
                rc = id_list(w, sc, it.val, brink_scenario_actor, "actor", &in->notifiers,
                             &in->nnotifiers);
                break;
            case 3:
                rc = w_date(w, it.val, "notify_by", &in->notify_by);
                in->has_notify_by = 1;
                break;
            case 4:
                rc = w_integer(w, it.val, "delay_days", 0, 3650, &v);
                in->delay_days = (int)v;
                break;
            case 5:
                rc = w_bool(w, it.val, "blockable", &in->blockable);
                break;
            case 6:
                rc = id_list(w, sc, it.val, brink_scenario_actor, "actor", &in->vetoers,
                             &in->nvetoers);
                break;
            case 7: {
                static const char *const ekeys[] = {"sanctions", "target", NULL};
                mapit ei;
                if ((rc = mapit_start(w, &ei, it.val, "effect")))
                    break;
                int em;
                while ((em = mapit_next(w, &ei, ekeys, "effect")) == 1 && !rc) {
                    if (ei.which == 0)
                        rc = w_text(w, ei.val, "sanctions", 1, &in->effect_sanctions);
                    else
                        rc = id_ref(w, sc, ei.val, brink_scenario_actor, "actor", &in->effect_target);
                }
                if (em < 0)
                    rc = BRINK_EINVAL;
                break;
            }
            case 8:
                rc = w_text(w, it.val, "source", 1, &in->source);
                break;
            case 9:
                rc = w_text(w, it.val, "note", 0, &in->note);
                break;
            default:
                break;
            }
            if (rc)
                return rc;
        }
        if (more < 0)
            return BRINK_EINVAL;
        if (in->nnotifiers == 0)
            return w_fail(w, e, "instrument '%s' has no notifiers; expected 'notifiers: [...]'",
                          in->id);
    }
    return BRINK_OK;
}

/* The `size` of schedule entry s (node e; size_node the value, or NULL): required by the types
 * that act through it (enforcement: the change of actor's enforcement on target, in [-1, 1];
 * news: news units for target's currency, in [-10, 10]) and refused by the others. Its path, and
 * so its random stream, is schedule.DATE.TYPE.ACTOR>TARGET.size: it does not move when other
 * entries are added or removed (two entries alike in all four share their draws). */
static int schedule_size(walker *w, const brink_scenario *sc, brink_scheduled *s,
                         const yaml_node_t *e, const yaml_node_t *size_node)
{
    int enforcement = s->type == BRINK_SCHED_ENFORCEMENT, news = s->type == BRINK_SCHED_NEWS;
    int strike = s->type == BRINK_SCHED_STRIKE, hike = s->type == BRINK_SCHED_PRICE_HIKE;
    const char *type = brink_schedule_type_name(s->type);
    if (!enforcement && !news && !strike && !hike) {
        if (size_node)
            return w_fail(w, size_node, "a %s entry takes no size; expected 'size' only on "
                          "enforcement, news, strike and price_hike entries",
                          type);
        return BRINK_OK;
    }
    if (hike) {
        /* the state whose population pays the higher price (domestic.c) */
        if (s->target < 0)
            return w_fail(w, e, "a price_hike entry needs 'target'; expected the id of the state "
                          "whose regulated price rises");
        if (!size_node)
            return w_fail(w, e, "a price_hike entry needs 'size'; expected the rise of the price "
                          "as a fraction (0.5 = +50 %%), in [0, 100]");
        char hkey[208];
        snprintf(hkey, sizeof hkey, "schedule.%04d-%02d-%02d.price_hike.%s>%s", s->date.year,
                 s->date.month, s->date.day, s->actor >= 0 ? sc->actors[s->actor].id : "-",
                 sc->actors[s->target].id);
        size_t hsaved = w_push(w, hkey);
        int hrc = value_at(w, size_node, "size", "fraction", 0, 100, &s->size);
        w_pop(w, hsaved);
        return hrc;
    }
    if (strike) {
        if (s->actor < 0 || s->target < 0 || s->actor == s->target)
            return w_fail(w, e, "a strike entry needs 'actor' and 'target', two different "
                          "actors; expected both");
        if (!size_node)
            return w_fail(w, e, "a strike entry needs 'size'; expected the rung of the strike "
                          "on the escalation ladder, 4-9");
        char skey[208];
        snprintf(skey, sizeof skey, "schedule.%04d-%02d-%02d.strike.%s>%s", s->date.year,
                 s->date.month, s->date.day, sc->actors[s->actor].id, sc->actors[s->target].id);
        size_t ssaved = w_push(w, skey);
        int src = value_at(w, size_node, "size", "rung", 4, 9, &s->size);
        w_pop(w, ssaved);
        if (!src && s->size.dist != BRINK_DIST_FIXED)
            return w_fail(w, size_node, "the rung of a strike is a distribution; expected a "
                          "whole number 4-9");
        if (!src && s->size.value != floor(s->size.value))
            return w_fail(w, size_node, "the rung of a strike is %g; expected a whole number 4-9",
                          s->size.value);
        return src;
    }
    if (enforcement && s->actor < 0)
        return w_fail(w, e, "an enforcement entry needs 'actor' (the sender); expected an "
                      "actor id");
    if (s->target < 0)
        return w_fail(w, e, "a%s %s entry needs 'target'; expected an actor id",
                      enforcement ? "n" : "", type);
    if (enforcement && s->actor == s->target)
        return w_fail(w, e, "an enforcement entry has actor = target; expected two actors");
    if (!size_node)
        return w_fail(w, e, "a%s %s entry needs 'size'; expected %s", enforcement ? "n" : "",
                      type,
                      enforcement ? "the change of enforcement, in [-1, 1]"
                                  : "the shock in news units (1 = a major shock)");
    char key[208];
    snprintf(key, sizeof key, "schedule.%04d-%02d-%02d.%s.%s>%s", s->date.year, s->date.month,
             s->date.day, type, s->actor >= 0 ? sc->actors[s->actor].id : "-",
             sc->actors[s->target].id);
    size_t saved = w_push(w, key);
    int rc = value_at(w, size_node, "size", enforcement ? "enforcement" : "news",
                      enforcement ? -1 : -10, enforcement ? 1 : 10, &s->size);
    w_pop(w, saved);
    return rc;
}

static int load_schedule(walker *w, brink_scenario *sc, const yaml_node_t *n)
{
    int rc = w_seq(w, n, "schedule");
    if (rc)
        return rc;
    size_t k = seq_len(n);
    if (k > BRINK_MAX_ENTRIES)
        return w_fail(w, n, "schedule has %zu entries; expected at most %d", k, BRINK_MAX_ENTRIES);
    sc->schedule = brink_arena_array(w->arena, k ? k : 1, sizeof *sc->schedule);
    if (!sc->schedule)
        return w_nomem(w);
    sc->nschedule = k;
    static const char *const keys[] = {"date", "type",   "actor",  "target", "flow", "instrument",
                                       "past", "text",   "source", "note",   "size", NULL};
    for (size_t i = 0; i < k; i++) {
        brink_scheduled *s = &sc->schedule[i];
        s->actor = s->target = s->flow = s->instrument = -1;
        absent_value(&s->size, 0);
        yaml_node_t *e = w_node(w, n->data.sequence.items.start[i]);
        mapit it;
        if ((rc = mapit_start(w, &it, e, "a schedule entry")))
            return rc;
        int more, have_date = 0, have_type = 0;
        const yaml_node_t *date_node = NULL, *size_node = NULL;
        while ((more = mapit_next(w, &it, keys, "a schedule entry")) == 1) {
            switch (it.which) {
            case 0:
                rc = w_date(w, it.val, "date", &s->date);
                have_date = 1;
                date_node = it.val;
                break;
            case 1: {
                int t;
                rc = w_enum(w, it.val, "schedule type", sched_name, 9, &t);
                s->type = (brink_schedule_type)t;
                have_type = 1;
                break;
            }
            case 2:
                rc = id_ref(w, sc, it.val, brink_scenario_actor, "actor", &s->actor);
                break;
            case 3:
                rc = id_ref(w, sc, it.val, brink_scenario_actor, "actor", &s->target);
                break;
            case 4:
                rc = id_ref(w, sc, it.val, brink_scenario_flow, "flow", &s->flow);
                break;
            case 5:
                rc = id_ref(w, sc, it.val, lookup_instrument, "instrument", &s->instrument);
                break;
            case 6:
                rc = w_bool(w, it.val, "past", &s->past);
                break;
            case 7:
                rc = w_text(w, it.val, "text", 1, &s->text);
                break;
            case 8:
                rc = w_text(w, it.val, "source", 1, &s->source);
                break;
            case 9:
                rc = w_text(w, it.val, "note", 0, &s->note);
                break;
            case 10:
                size_node = it.val; /* read below, once the entry's key is known */
                break;
            }
            if (rc)
                return rc;
        }
        if (more < 0)
            return BRINK_EINVAL;
        if (!have_date || !have_type)
            return w_fail(w, e, "a schedule entry needs 'date' and 'type'; expected both");
        if ((rc = schedule_size(w, sc, s, e, size_node)))
            return rc;
        s->step = brink_date_to_step(sc->start, sc->step_days, s->date);
        if (s->step < 0 && !s->past)
            return w_fail(w, date_node, "date is before the scenario's start; expected a later "
                          "date, or 'past: true' for recorded history");
        if (s->step >= 0 && s->past)
            return w_fail(w, date_node, "an entry marked past: true is dated on or after the "
                          "start; expected a date before the start");
    }
    return BRINK_OK;
}

/* "ID", "ID*" or "*". */
static int actor_pattern(walker *w, brink_scenario *sc, const yaml_node_t *n,
                         brink_actor_pattern *out)
{
    const char *s = w_scalar(n);
    if (!s || w_is_null(n))
        return w_fail(w, n, "an actor pattern is missing; expected an actor id, ID* or *");
    out->actor = -1;
    out->family = 0;
    if (!strcmp(s, "*"))
        return BRINK_OK;
    size_t len = strlen(s);
    char id[64];
    if (len == 0 || len >= sizeof id)
        return w_fail(w, n, "'%.40s' is not an actor pattern; expected an actor id, ID* or *", s);
    memcpy(id, s, len + 1);
    if (id[len - 1] == '*') {
        id[len - 1] = '\0';
        out->family = 1;
    }
    out->actor = brink_scenario_actor(sc, id);
    if (out->actor < 0)
        return w_fail(w, n, "unknown actor '%s' in a pattern; expected an actor id, ID* or *", id);
    return BRINK_OK;
}

/* Which kind of subject an indicator is measured on. */
static brink_subject_kind indicator_subject(brink_indicator i)
{
    switch (i) {
    case BRINK_IND_FLOW_VOLUME:
    case BRINK_IND_OIL_DISCOUNT:
        return BRINK_SUBJECT_FLOW;
    case BRINK_IND_OIL_PRICE:
        return BRINK_SUBJECT_MARKET;
    case BRINK_IND_STOCK_60_KG:
    case BRINK_IND_BREAKOUT_WEEKS:
    case BRINK_IND_IAEA_ACCESS:
        return BRINK_SUBJECT_PROGRAMME;
    case BRINK_IND_RUNG:
    case BRINK_IND_TRUST:
    case BRINK_IND_TALKS_STATUS:
        return BRINK_SUBJECT_DYAD;
    case BRINK_IND_CHOKEPOINT_STATUS:
        return BRINK_SUBJECT_CHOKEPOINT;
    default:
        return BRINK_SUBJECT_ACTOR;
    }
}

static int indicator_of(walker *w, brink_scenario *sc, const yaml_node_t *n, brink_question *q)
{
    static const char *const kinds[] = {"an actor", "a flow", "a market", "a programme",
                                        "a dyad A>B", "a chokepoint"};
    const char *s = w_scalar(n);
    if (!s || w_is_null(n))
        return w_fail(w, n, "'of' is missing; expected %s", kinds[q->subject_kind]);
    q->subject2 = -1;
    if (q->subject_kind == BRINK_SUBJECT_DYAD) {
        const char *gt = strchr(s, '>');
        char a[64];
        if (!gt || (size_t)(gt - s) >= sizeof a)
            return w_fail(w, n, "'%.40s' is not a dyad; expected 'A>B' with two actor ids", s);
        memcpy(a, s, (size_t)(gt - s));
        a[gt - s] = '\0';
        q->subject = brink_scenario_actor(sc, a);
        q->subject2 = brink_scenario_actor(sc, gt + 1);
        if (q->subject < 0 || q->subject2 < 0 || q->subject == q->subject2)
            return w_fail(w, n, "'%.40s' does not name two different actors; expected 'A>B'", s);
        return BRINK_OK;
    }
    int idx = -1;
    switch (q->subject_kind) {
    case BRINK_SUBJECT_ACTOR:
        idx = brink_scenario_actor(sc, s);
        break;
    case BRINK_SUBJECT_FLOW:
        idx = brink_scenario_flow(sc, s);
        break;
    case BRINK_SUBJECT_MARKET:
        idx = lookup_market(sc, s);
        break;
    case BRINK_SUBJECT_PROGRAMME:
        idx = lookup_programme(sc, s);
        break;
    case BRINK_SUBJECT_CHOKEPOINT:
        idx = lookup_chokepoint(sc, s);
        break;
    default:
        break;
    }
    if (idx < 0)
        return w_fail(w, n, "'%.40s' is not %s; expected %s for indicator %s", s,
                      kinds[q->subject_kind], kinds[q->subject_kind],
                      brink_indicator_name(q->indicator));
    q->subject = idx;
    return BRINK_OK;
}

/* Checks a question's window; errors point at the node that set its start (from_node) or its
 * end (to_node), or at the question when the value was a default. */
static int window_check(walker *w, brink_scenario *sc, const yaml_node_t *n,
                        const yaml_node_t *from_node, const yaml_node_t *to_node,
                        brink_question *q)
{
    if (!from_node)
        from_node = n;
    if (!to_node)
        to_node = n;
    if (brink_date_to_days(q->to) < brink_date_to_days(q->from))
        return w_fail(w, to_node, "question '%s' has a window that ends before it starts; "
                      "expected from <= to",
                      q->id);
    q->from_step = brink_date_to_step(sc->start, sc->step_days, q->from);
    q->to_step = brink_date_to_step(sc->start, sc->step_days, q->to);
    if (q->from_step < 0)
        return w_fail(w, from_node, "question '%s' starts before the scenario's start; expected a "
                      "window inside the run",
                      q->id);
    if (q->to_step >= sc->nsteps)
        return w_fail(w, to_node, "question '%s' ends after the horizon (%d weeks); expected a "
                      "window inside the run",
                      q->id, sc->horizon_weeks);
    return BRINK_OK;
}

static int load_event_question(walker *w, brink_scenario *sc, const yaml_node_t *n,
                               brink_question *q)
{
    static const char *const keys[] = {"type", "actor", "target", "by", "within_weeks", "from",
                                       NULL};
    mapit it;
    int rc = mapit_start(w, &it, n, "an event question");
    if (rc)
        return rc;
    int more, have_type = 0, have_by = 0, have_within = 0;
    long within = 0;
    const yaml_node_t *from_node = NULL, *to_node = NULL;
    q->actor.actor = q->target.actor = -1;
    q->from = sc->start;
    while ((more = mapit_next(w, &it, keys, "an event question")) == 1) {
        int t;
        switch (it.which) {
        case 0:
            rc = w_enum(w, it.val, "event type", event_name, BRINK_EV_COUNT, &t);
            q->event = (brink_event_type)t;
            have_type = 1;
            break;
        case 1:
            rc = actor_pattern(w, sc, it.val, &q->actor);
            break;
        case 2:
            rc = actor_pattern(w, sc, it.val, &q->target);
            break;
        case 3:
            rc = w_date(w, it.val, "by", &q->to);
            have_by = 1;
            to_node = it.val;
            break;
        case 4:
            rc = w_integer(w, it.val, "within_weeks", 1, 1040, &within);
            have_within = 1;
            to_node = it.val;
            break;
        case 5:
            rc = w_date(w, it.val, "from", &q->from);
            from_node = it.val;
            break;
        }
        if (rc)
            return rc;
    }
    if (more < 0)
        return BRINK_EINVAL;
    if (!have_type)
        return w_fail(w, n, "an event question needs 'type'; expected an event type");
    if (have_by == have_within)
        return w_fail(w, n, "an event question needs exactly one of 'by' and 'within_weeks'; "
                      "expected one window end");
    if (have_within)
        q->to = brink_date_from_days(brink_date_to_days(q->from) + within * 7 - 1);
    return window_check(w, sc, n, from_node, to_node, q);
}

static int load_indicator_question(walker *w, brink_scenario *sc, const yaml_node_t *n,
                                   brink_question *q)
{
    static const char *const keys[] = {"name", "of", "issue", "above", "below", "at",
                                       "for_weeks", "from", "to", NULL};
    mapit it;
    int rc = mapit_start(w, &it, n, "an indicator question");
    if (rc)
        return rc;
    const yaml_node_t *name = w_find(w, n, "name"), *of = w_find(w, n, "of");
    if (!name || !of)
        return w_fail(w, n, "an indicator question needs 'name' and 'of'; expected both");
    int t;
    if ((rc = w_enum(w, name, "indicator", indicator_name, BRINK_IND_COUNT, &t)))
        return rc;
    q->indicator = (brink_indicator)t;
    q->subject_kind = indicator_subject(q->indicator);
    if ((rc = indicator_of(w, sc, of, q)))
        return rc;
    q->issue = -1;
    int more, have_thr = 0, have_at = 0, have_from = 0, have_to = 0;
    long weeks = 0;
    const yaml_node_t *from_node = NULL, *to_node = NULL;
    while ((more = mapit_next(w, &it, keys, "an indicator question")) == 1) {
        switch (it.which) {
        case 2: {
            const char *s = w_scalar(it.val);
            if (q->indicator != BRINK_IND_POSITION)
                return w_fail(w, it.key, "'issue' applies to the indicator position only; "
                              "expected no 'issue' here");
            q->issue = s ? brink_scenario_issue(sc, s) : -1;
            if (q->issue < 0)
                return w_fail(w, it.val, "unknown issue; expected an issue id");
            break;
        }
        case 3:
        case 4:
            if (have_thr)
                return w_fail(w, it.key, "a second threshold; expected one of 'above' or "
                              "'below'");
            rc = w_number(w, it.val, "the threshold", &q->threshold);
            q->above = it.which == 3;
            have_thr = 1;
            break;
        case 5:
            rc = w_date(w, it.val, "at", &q->to);
            q->from = q->to;
            from_node = to_node = it.val;
            have_at = 1;
            break;
        case 6:
            rc = w_integer(w, it.val, "for_weeks", 1, 1040, &weeks);
            q->for_weeks = (int)weeks;
            break;
        case 7:
            rc = w_date(w, it.val, "from", &q->from);
            have_from = 1;
            from_node = it.val;
            break;
        case 8:
            rc = w_date(w, it.val, "to", &q->to);
            have_to = 1;
            to_node = it.val;
            break;
        default:
            break;
        }
        if (rc)
            return rc;
    }
    if (more < 0)
        return BRINK_EINVAL;
    if (!have_thr)
        return w_fail(w, n, "an indicator question needs a threshold; expected 'above: x' or "
                      "'below: x'");
    if (q->indicator == BRINK_IND_POSITION && q->issue < 0)
        return w_fail(w, n, "the indicator position needs 'issue'; expected an issue id");
    if (have_at) {
        if (q->for_weeks || have_from || have_to)
            return w_fail(w, n, "'at' excludes for_weeks, from and to; expected either 'at' or "
                          "'for_weeks' with 'from' and 'to'");
    } else {
        if (!q->for_weeks || !have_from || !have_to)
            return w_fail(w, n, "an indicator question needs 'at', or 'for_weeks' with 'from' "
                          "and 'to'; expected one of these windows");
        long days = brink_date_to_days(q->to) - brink_date_to_days(q->from) + 1;
        if ((long)q->for_weeks * 7 > days)
            return w_fail(w, n, "for_weeks %d does not fit in the window of %ld days; expected "
                          "a longer window or fewer weeks",
                          q->for_weeks, days);
    }
    return window_check(w, sc, n, from_node, to_node, q);
}

/* A question's base-rate reference forecast: {p: probability, basis: how it was computed,
 * source: where the history comes from}; p and basis are required, p a bare number in [0, 1]. */
static int load_reference(walker *w, const yaml_node_t *n, brink_question *q)
{
    static const char *const keys[] = {"p", "basis", "source", NULL};
    mapit it;
    int rc = mapit_start(w, &it, n, "a reference forecast");
    if (rc)
        return rc;
    int more, have_p = 0;
    while ((more = mapit_next(w, &it, keys, "a reference forecast")) == 1) {
        switch (it.which) {
        case 0:
            rc = w_number(w, it.val, "the reference probability", &q->ref_p);
            if (!rc && !(q->ref_p >= 0 && q->ref_p <= 1))
                rc = w_fail(w, it.val, "reference probability %g is out of range; expected a "
                            "probability in [0, 1]",
                            q->ref_p);
            have_p = 1;
            break;
        case 1:
            rc = w_text(w, it.val, "the reference's basis", 1, &q->ref_basis);
            break;
        case 2:
            rc = w_text(w, it.val, "the reference's source", 1, &q->ref_source);
            break;
        }
        if (rc)
            return rc;
    }
    if (more < 0)
        return BRINK_EINVAL;
    if (!have_p)
        return w_fail(w, n, "question '%s' has a reference without 'p'; expected the reference "
                      "probability, 'p: 0.12'",
                      q->id);
    if (!q->ref_basis)
        return w_fail(w, n, "question '%s' has a reference without 'basis'; expected how its "
                      "probability was computed, 'basis: \"...\"'",
                      q->id);
    q->has_reference = 1;
    return BRINK_OK;
}

static int load_questions(walker *w, brink_scenario *sc, const yaml_node_t *n)
{
    const char **ids;
    size_t k;
    void *arr;
    int rc = section_entries(w, n, "questions", sizeof *sc->questions, &ids, &k, &arr);
    if (rc)
        return rc;
    sc->questions = arr;
    sc->nquestions = k;
    static const char *const keys[] = {"id", "text", "event", "indicator", "reference", NULL};
    for (size_t i = 0; i < k; i++) {
        brink_question *q = &sc->questions[i];
        q->id = ids[i];
        yaml_node_t *e = w_node(w, n->data.sequence.items.start[i]);
        q->line = w_line(e);
        q->column = w_column(e);
        mapit it;
        if ((rc = mapit_start(w, &it, e, "a question")))
            return rc;
        int more, kinds = 0;
        while ((more = mapit_next(w, &it, keys, "a question")) == 1) {
            if (it.which == 1) {
                rc = w_text(w, it.val, "text", 1, &q->text);
            } else if (it.which == 4) {
                rc = load_reference(w, it.val, q);
            } else if (it.which >= 2) {
                if (kinds++)
                    return w_fail(w, it.key, "question '%s' has both 'event' and 'indicator'; "
                                  "expected exactly one",
                                  q->id);
                q->is_event = it.which == 2;
                rc = q->is_event ? load_event_question(w, sc, it.val, q)
                                 : load_indicator_question(w, sc, it.val, q);
            }
            if (rc)
                return rc;
        }
        if (more < 0)
            return BRINK_EINVAL;
        if (!q->text)
            return w_fail(w, e, "question '%s' has no text; expected 'text: ...'", q->id);
        if (!kinds)
            return w_fail(w, e, "question '%s' has neither 'event' nor 'indicator'; expected "
                          "one of them",
                          q->id);
    }
    return BRINK_OK;
}

/* ---- the whole document ---- */

enum { S_BRINK, S_SCENARIO, S_ISSUES, S_ACTORS, S_RELATIONS, S_MARKETS, S_FLOWS, S_PROGRAMMES,
       S_CHOKEPOINTS, S_INSTRUMENTS, S_SCHEDULE, S_QUESTIONS, S_PARAMS, S_COUNT };

static int load_document(walker *w, brink_scenario *sc)
{
    static const char *const keys[] = {"brink",       "scenario",    "issues",     "actors",
                                       "relations",   "markets",     "flows",      "programmes",
                                       "chokepoints", "instruments", "schedule",   "questions",
                                       "params",      NULL};
    yaml_node_t *root = yaml_document_get_root_node(w->doc);
    if (!root)
        return brink_error_set(w->err, BRINK_EINVAL, w->file, 1, 1,
                               "the file is empty; expected a scenario (brink: 1, scenario, "
                      "issues, actors, ...)");
    mapit it;
    int rc = mapit_start(w, &it, root, "the document");
    if (rc)
        return rc;
    yaml_node_t *sec[S_COUNT] = {0};
    int more;
    while ((more = mapit_next(w, &it, keys, "the document")) == 1)
        sec[it.which] = it.val;
    if (more < 0)
        return BRINK_EINVAL;
    if (!sec[S_BRINK])
        return w_fail(w, root, "no schema version; expected 'brink: 1' at the top");
    long version;
    if ((rc = w_integer(w, sec[S_BRINK], "the schema version", 1, 1, &version)))
        return rc;
    static const char *const required[] = {[S_SCENARIO] = "scenario", [S_ISSUES] = "issues",
                                           [S_ACTORS] = "actors"};
    for (int s = S_SCENARIO; s <= S_ACTORS; s++)
        if (!sec[s])
            return w_fail(w, root, "no '%s' section; expected one at the top level", required[s]);
    if ((rc = load_scenario_block(w, sc, sec[S_SCENARIO])) ||
        (rc = load_issues(w, sc, sec[S_ISSUES])) || (rc = load_actors(w, sc, sec[S_ACTORS])) ||
        (rc = load_relations(w, sc, sec[S_RELATIONS])))
        return rc;
    if (sec[S_MARKETS] && (rc = load_markets(w, sc, sec[S_MARKETS])))
        return rc;
    if (sec[S_FLOWS] && (rc = load_flows(w, sc, sec[S_FLOWS])))
        return rc;
    if (sec[S_PROGRAMMES] && (rc = load_programmes(w, sc, sec[S_PROGRAMMES])))
        return rc;
    if (sec[S_CHOKEPOINTS] && (rc = load_chokepoints(w, sc, sec[S_CHOKEPOINTS])))
        return rc;
    if (sec[S_INSTRUMENTS] && (rc = load_instruments(w, sc, sec[S_INSTRUMENTS])))
        return rc;
    if (sec[S_SCHEDULE] && (rc = load_schedule(w, sc, sec[S_SCHEDULE])))
        return rc;
    if (sec[S_QUESTIONS] && (rc = load_questions(w, sc, sec[S_QUESTIONS])))
        return rc;
    if (sec[S_PARAMS] && (rc = overrides(w, sec[S_PARAMS], BRINK_SCOPE_GLOBAL, &sc->params,
                                         &sc->nparams)))
        return rc;
    return BRINK_OK;
}

typedef struct scenario_priv {
    brink_arena arena;
} scenario_priv;

static int load_body(walker *w, void *ctx)
{
    return load_document(w, ctx);
}

int brink_scenario_load_buffer(const char *text, size_t len, const char *name,
                               const brink_load_options *opts, brink_scenario **out,
                               brink_error *err)
{
    if (!text || !out)
        return brink_error_set(err, BRINK_EUSAGE, name, 0, 0, "NULL text or output pointer");
    *out = NULL;
    brink_error local;
    if (!err)
        err = &local;
    brink_error_clear(err);
    scenario_priv *priv = brink_calloc(1, sizeof *priv);
    if (!priv)
        return brink_error_set(err, BRINK_ENOMEM, name, 0, 0, "out of memory");
    brink_arena_init(&priv->arena, 0);
    brink_scenario *sc = brink_arena_alloc(&priv->arena, sizeof *sc);
    int rc = sc ? BRINK_OK : brink_error_set(err, BRINK_ENOMEM, name, 0, 0, "out of memory");
    if (!rc) {
        sc->priv_ = priv;
        rc = w_load_sets(text, len, name, opts ? opts->max_bytes : 0, opts ? opts->strict : 0,
                         opts ? opts->sets : NULL, opts ? opts->nsets : 0, &priv->arena,
                         load_body, sc, &sc->file, &sc->values, &sc->nvalues, err);
    }
    if (rc) {
        brink_arena_free(&priv->arena);
        brink_free(priv);
        return rc;
    }
    *out = sc;
    return BRINK_OK;
}

int brink_scenario_load_file(const char *path, const brink_load_options *opts,
                             brink_scenario **out, brink_error *err)
{
    if (!path || !out)
        return brink_error_set(err, BRINK_EUSAGE, NULL, 0, 0, "NULL path or output pointer");
    *out = NULL;
    char *buf = NULL;
    size_t size = 0;
    int rc = w_read_file(path, opts ? opts->max_bytes : 0, &buf, &size, err);
    if (!rc)
        rc = brink_scenario_load_buffer(buf, size, path, opts, out, err);
    brink_free(buf);
    return rc;
}

void brink_scenario_free(brink_scenario *sc)
{
    if (!sc)
        return;
    scenario_priv *priv = sc->priv_;
    brink_arena_free(&priv->arena); /* sc itself lives in the arena */
    brink_free(priv);
}

int brink_scenario_actor(const brink_scenario *sc, const char *id)
{
    for (size_t i = 0; i < sc->nactors; i++)
        if (sc->actors[i].id && !strcmp(sc->actors[i].id, id))
            return (int)i;
    return -1;
}

int brink_scenario_issue(const brink_scenario *sc, const char *id)
{
    for (size_t i = 0; i < sc->nissues; i++)
        if (!strcmp(sc->issues[i].id, id))
            return (int)i;
    return -1;
}

int brink_scenario_flow(const brink_scenario *sc, const char *id)
{
    for (size_t i = 0; i < sc->nflows; i++)
        if (sc->flows[i].id && !strcmp(sc->flows[i].id, id))
            return (int)i;
    return -1;
}

const brink_relation *brink_scenario_relation(const brink_scenario *sc, int a, int b)
{
    if (a < 0 || b < 0 || (size_t)a >= sc->nactors || (size_t)b >= sc->nactors)
        return NULL;
    return &sc->relations[(size_t)a * sc->nactors + (size_t)b];
}
