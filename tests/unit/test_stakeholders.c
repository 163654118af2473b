/* SPDX-License-Identifier: MIT */
/*
 * test_stakeholders.c — scenario/stakeholders: loading YAML stakeholder tables (the emission
 * case from a file, several dimensions, the one-dimension shorthands, metadata and paths), every
 * validation error with its exact line:column, central values, draws (deterministic, inside their
 * support, keyed by path so that reordering or renaming other rows changes nothing, independent
 * across runs and seeds, truncation that cannot succeed), API misuse, and allocation failure at
 * every allocation of a load.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "brink.h"
#include "scenario/draw.h"
#include "scenario/stakeholders.h"

#define EMISSION BRINK_TEST_DATA "/bargain/emission.yaml"
#define UNCERTAIN BRINK_TEST_DATA "/bargain/emission_uncertain.yaml"

static brink_stakeholders *load_text(const char *text, brink_error *err)
{
    brink_stakeholders *t = NULL;
    int rc = brink_stakeholders_load_buffer(text, strlen(text), "t.yaml", NULL, &t, err);
    if (rc) {
        assert_null(t);
        return NULL;
    }
    assert_non_null(t);
    return t;
}

/* ---- loading ---- */

static void loads_emission_file(void **state)
{
    (void)state;
    brink_stakeholders *t = NULL;
    brink_error err;
    assert_int_equal(brink_stakeholders_load_file(EMISSION, NULL, &t, &err), BRINK_OK);
    assert_int_equal(err.code, BRINK_OK);
    assert_string_equal(t->file, EMISSION);
    assert_string_equal(t->name, "Emission standards (BDM 1994)");
    assert_non_null(t->source);
    assert_non_null(t->note);
    assert_int_equal(t->ndims, 1);
    assert_string_equal(t->dims[0], "position");
    assert_int_equal(t->has_scale, 0);
    assert_int_equal(t->nactors, 10);
    assert_int_equal(t->nvalues, 30);
    /* the numbers of tests/data/bargaining/emission_input.csv, exactly */
    static const char *const names[] = {"Netherlands", "Belgium", "Luxembourg", "Germany",
                                        "France",      "Italy",   "UK",         "Ireland",
                                        "Denmark",     "Greece"};
    static const double cap[] = {0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08};
    static const double pos[] = {4, 7, 4, 4, 10, 10, 10, 7, 4, 7};
    static const double sal[] = {0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7};
    for (size_t i = 0; i < 10; i++) {
        const brink_stakeholder *a = &t->actors[i];
        assert_string_equal(a->name, names[i]);
        assert_true(a->capability.value == cap[i]);
        assert_true(a->position[0].value == pos[i]);
        assert_true(a->salience[0].value == sal[i]);
        assert_int_equal(a->capability.dist, BRINK_DIST_FIXED);
        assert_int_equal(a->line, (int)i + 15);
        assert_int_equal(a->column, 5);
    }
    /* values in file order, with their paths and keys */
    assert_string_equal(t->values[0]->path, "actors.Netherlands.capability");
    assert_string_equal(t->values[1]->path, "actors.Netherlands.position.position");
    assert_string_equal(t->values[2]->path, "actors.Netherlands.salience.position");
    assert_true(t->values[1]->key == brink_hash_str("actors.Netherlands.position.position"));
    assert_ptr_equal(t->values[29], &t->actors[9].salience[0]);
    for (size_t i = 0; i < t->nvalues; i++)
        assert_int_equal(t->values[i]->slot, i);
    brink_stakeholders_free(t);
}

static const char multi[] = "brink_stakeholders: 1\n"
                            "name: Two issues\n"
                            "dimensions: [tax, trade]\n"
                            "scale: [0, 100]\n"
                            "actors:\n"
                            "  - name: Alpha Party\n"
                            "    capability: {value: 30, source: seats}\n"
                            "    position: {tax: 20, trade: {uniform: [40, 60], assumed: true}}\n"
                            "    salience: {trade: 0.5, tax: {beta: [2, 2]}}\n"
                            "    source: manifesto\n"
                            "    note: a note\n"
                            "  - name: Beta\n"
                            "    capability: {gamma: [2, 10], bounds: [0, 100]}\n"
                            "    position: {tax: 80, trade: 50}\n"
                            "    salience: {tax: 1, trade: 0}\n"
                            "  - name: Gamma\n"
                            "    capability: 0\n"
                            "    position: {tax: 0, trade: 100}\n"
                            "    salience: {tax: 0.25, trade: 0.75}\n";

static void loads_several_dimensions(void **state)
{
    (void)state;
    brink_error err;
    brink_stakeholders *t = load_text(multi, &err);
    assert_non_null(t);
    assert_string_equal(t->name, "Two issues");
    assert_int_equal(t->ndims, 2);
    assert_string_equal(t->dims[0], "tax");
    assert_string_equal(t->dims[1], "trade");
    assert_true(t->has_scale);
    assert_true(t->scale_lo == 0 && t->scale_hi == 100);
    assert_int_equal(t->nactors, 3);
    assert_int_equal(t->nvalues, 15);
    const brink_stakeholder *a = &t->actors[0];
    assert_string_equal(a->name, "Alpha Party");
    assert_string_equal(a->source, "manifesto");
    assert_string_equal(a->note, "a note");
    assert_string_equal(a->capability.source, "seats");
    assert_true(a->position[0].value == 20);
    assert_int_equal(a->position[1].dist, BRINK_DIST_UNIFORM);
    assert_true(a->position[1].value == 50); /* the centre of the uniform */
    assert_true(a->position[1].assumed);
    assert_string_equal(a->position[1].path, "actors.Alpha Party.position.trade");
    /* a map in any key order lands on the right dimension */
    assert_true(a->salience[1].value == 0.5);
    assert_int_equal(a->salience[0].dist, BRINK_DIST_BETA);
    assert_string_equal(a->salience[0].path, "actors.Alpha Party.salience.tax");
    assert_int_equal(t->actors[1].capability.dist, BRINK_DIST_GAMMA);
    assert_true(t->actors[1].capability.has_bounds);
    assert_true(t->actors[2].capability.value == 0);
    /* file order: Alpha's salience lists trade before tax */
    assert_string_equal(t->values[3]->path, "actors.Alpha Party.salience.trade");
    assert_string_equal(t->values[4]->path, "actors.Alpha Party.salience.tax");

    double cap[3], pos[6], sal[6];
    brink_stakeholders_central(t, cap, pos, sal);
    assert_true(cap[0] == 30 && cap[1] == 20 && cap[2] == 0);
    assert_true(pos[0] == 20 && pos[1] == 50 && pos[2] == 80 && pos[5] == 100);
    assert_true(sal[0] == 0.5 && sal[1] == 0.5 && sal[2] == 1 && sal[4] == 0.25);
    brink_stakeholders_central(t, NULL, NULL, NULL); /* NULL arrays are skipped */
    brink_stakeholders_free(t);
}

static void one_dimension_shorthands(void **state)
{
    (void)state;
    brink_error err;
    /* with one dimension, a bare value, a value mapping, or a map with just that dimension */
    brink_stakeholders *t = load_text("brink_stakeholders: 1\n"
                                      "dimensions: [delay]\n"
                                      "actors:\n"
                                      "  - {name: A, capability: 1, position: {delay: 3},\n"
                                      "     salience: {value: 0.5, source: x}}\n"
                                      "  - {name: B, capability: 2, position: 7,\n"
                                      "     salience: {delay: {triangular: [0, 0.5, 1]}}}\n",
                                      &err);
    assert_non_null(t);
    assert_int_equal(t->ndims, 1);
    assert_true(t->actors[0].position[0].value == 3);
    assert_string_equal(t->actors[0].position[0].path, "actors.A.position.delay");
    assert_string_equal(t->actors[0].salience[0].source, "x");
    assert_true(t->actors[1].position[0].value == 7);
    assert_int_equal(t->actors[1].salience[0].dist, BRINK_DIST_TRIANGULAR);
    assert_string_equal(t->actors[1].salience[0].path, "actors.B.salience.delay");
    assert_null(t->name);
    assert_int_equal(t->has_scale, 0);
    brink_stakeholders_free(t);

    /* JSON is YAML too */
    t = load_text("{\"brink_stakeholders\": 1, \"actors\": ["
                  "{\"name\": \"A\", \"capability\": 1, \"position\": -5, \"salience\": 1},"
                  "{\"name\": \"B\", \"capability\": 1, \"position\": 5e3, \"salience\": 0}]}",
                  &err);
    assert_non_null(t);
    assert_true(t->actors[0].position[0].value == -5);
    assert_true(t->actors[1].position[0].value == 5000);
    brink_stakeholders_free(t);
}

/* ---- errors ---- */

typedef struct bad_case {
    const char *text;
    int line, column;
    const char *message; /* a part of the message */
} bad_case;

#define HDR "brink_stakeholders: 1\n"
#define ROW_B "  - {name: B, capability: 1, position: 2, salience: 1}\n"

static const bad_case bad[] = {
    {"", 0, 0, "the file is empty; expected a stakeholder table"},
    {"- a\n- b\n", 1, 1, "the document is a list; expected a mapping"},
    {"name: x\nactors: []\n", 1, 1, "no format version; expected 'brink_stakeholders: 1'"},
    {"brink_stakeholders: 2\n", 1, 21, "out of range; expected an integer in [1, 1]"},
    {"brink: 1\n", 1, 1,
     "unknown key 'brink' in a stakeholder table; expected one of: "
     "brink_stakeholders, name"},
    {HDR "name: x\n", 1, 1, "no 'actors' list"},
    {HDR "name: x\nname: y\n", 3, 1, "duplicate key 'name'"},
    {HDR "name: ''\n", 2, 7, "the table's name is empty"},
    {HDR "dimensions: []\nactors: []\n", 2, 13, "dimensions is empty"},
    {HDR "dimensions: a\n", 2, 13, "dimensions is a plain scalar; expected a list"},
    {HDR "dimensions: [a, b, a]\n", 2, 20, "dimension 'a' is listed twice"},
    {HDR "dimensions: [a, 2b]\n", 2, 17, "'2b' is not a valid id; expected a dimension name"},
    {HDR "scale: [0]\n", 2, 8, "scale has 1 item; expected two: [lo, hi]"},
    {HDR "scale: [5, 5]\n", 2, 8, "scale [5, 5] is empty; expected lo < hi"},
    {HDR "scale: [0, x]\n", 2, 12, "'x' is not a number; expected the scale's high end"},
    {HDR "actors: {a: 1}\n", 2, 9, "actors is a mapping; expected a list"},
    {HDR "actors:\n  - {name: A, capability: 1, position: 1, salience: 1}\n", 3, 3,
     "actors lists 1 actor; expected at least two"},
    {HDR "actors:\n  - A\n" ROW_B, 3, 5, "an actor is a plain scalar; expected a mapping"},
    {HDR "actors:\n  - {capability: 1, position: 1, salience: 1}\n" ROW_B, 3, 5,
     "actor 1 has no name; expected 'name: ...'"},
    {HDR "actors:\n" ROW_B ROW_B, 4, 12, "duplicate actor name 'B' (first on line 3)"},
    {HDR "actors:\n  - {name: \"A\\tB\", capability: 1, position: 1, salience: 1}\n" ROW_B, 3, 12,
     "the actor's name holds a control character"},
    {HDR "actors:\n  - {name: A, capability: 1, position: 1, salience: 1, weight: 2}\n" ROW_B, 3,
     56, "unknown key 'weight' in an actor; expected one of: name, capability"},
    {HDR "actors:\n  - {name: A, capability: 1, position: 1, salience: 1, position: 2}\n" ROW_B, 3,
     56, "duplicate key 'position' in an actor"},
    {HDR "actors:\n  - {name: A, capability: -1, position: 1, salience: 1}\n" ROW_B, 3, 27,
     "actors.A.capability = -1 is out of range; expected a value in [0, inf]"},
    {HDR "actors:\n  - {name: A, capability: 1, position: 1, salience: 1.5}\n" ROW_B, 3, 53,
     "actors.A.salience.position = 1.5 is out of range; expected a value in [0, 1]"},
    {HDR "scale: [0, 10]\nactors:\n  - {name: A, capability: 1, position: 11, salience: 1}\n" ROW_B,
     4, 40, "actors.A.position.position = 11 is out of range; expected a value in [0, 10]"},
    {HDR "scale: [0, 10]\nactors:\n"
         "  - {name: A, capability: 1, position: {normal: [5, 1]}, salience: 1}\n" ROW_B,
     4, 49,
     "the distribution of actors.A.position.position has support [-inf, inf] outside "
     "[0, 10]"},
    {HDR
     "actors:\n  - {name: A, capability: 1, position: 1, salience: {uniform: [0.5, 1.5]}}\n" ROW_B,
     3, 63, "the distribution of actors.A.salience.position has support [0.5, 1.5]"},
    {HDR "actors:\n  - {name: A, capability: {normal: [1, 0]}, position: 1, salience: 1}\n" ROW_B,
     3, 36, "invalid normal parameters; expected sd > 0"},
    {HDR "actors:\n  - {name: A, position: 1, salience: 1}\n" ROW_B, 3, 5,
     "actor 'A' has no capability; expected 'capability: ...'"},
    {HDR "actors:\n  - {name: A, capability: 1, salience: 1}\n" ROW_B, 3, 5,
     "actor 'A' has no position"},
    {HDR "actors:\n  - {name: A, capability: 1, position: 1}\n" ROW_B, 3, 5,
     "actor 'A' has no salience"},
    {HDR "actors:\n  - {name: A, capability: 1, position: '1', salience: 1}\n" ROW_B, 3, 40,
     "actors.A.position.position is a quoted string; expected a number"},
    {HDR "actors:\n  - {name: A, capability: 1, position: {value: 1, foo: 2}, salience: 1}\n" ROW_B,
     3, 51, "unknown key 'foo' in a value"},
    {HDR "actors:\n  - name: A\n    capability: 1\n    position: [1]\n    salience: 1\n" ROW_B, 5,
     15,
     "actors.A.position.position is a list; expected a number, {value: ...} or a "
     "distribution"},
    {HDR "dimensions: [a, b]\nactors:\n"
         "  - {name: A, capability: 1, position: 1, salience: {a: 1, b: 1}}\n",
     4, 3, "actors lists 1 actor"},
    {HDR "dimensions: [a, b]\nactors:\n"
         "  - {name: A, capability: 1, position: 1, salience: {a: 1, b: 1}}\n"
         "  - {name: B, capability: 1, position: {a: 1, b: 1}, salience: {a: 1, b: 1}}\n",
     4, 40,
     "actors.A.position is not a mapping; expected one value per dimension: "
     "{a: ..., b: ...}"},
    {HDR "dimensions: [a, b]\nactors:\n"
         "  - {name: A, capability: 1, position: {a: 1, c: 1}, salience: {a: 1, b: 1}}\n"
         "  - {name: B, capability: 1, position: {a: 1, b: 1}, salience: {a: 1, b: 1}}\n",
     4, 47, "unknown key 'c' in actors.A.position; expected one of: a, b"},
    {HDR "dimensions: [a, b]\nactors:\n"
         "  - {name: A, capability: 1, position: {a: 1, b: 2}, salience: {b: 1}}\n"
         "  - {name: B, capability: 1, position: {a: 1, b: 1}, salience: {a: 1, b: 1}}\n",
     4, 64,
     "actor 'A' gives no salience on dimension 'a'; expected a value for every "
     "dimension"},
    {HDR "dimensions: [a]\nactors:\n"
         "  - {name: A, capability: 1, position: {b: 1}, salience: 1}\n" ROW_B,
     4, 41, "unknown key 'b' in a value"},
    /* an unclosed flow mapping is reported at its opening brace */
    {HDR "actors:\n  - {name: A, capability: 1, position: 1, salience: 1\n", 3, 5,
     "did not find expected ',' or '}'"},
    /* an alias is the anchored node itself: the error points at the one name both rows share */
    {HDR "actors:\n  - &a {name: A, capability: 1, position: 1, salience: 1}\n  - *a\n", 3, 15,
     "duplicate actor name 'A' (first on line 3)"},
};

static void rejects_invalid_tables(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        brink_error err;
        brink_stakeholders *t = (brink_stakeholders *)&err; /* must be reset to NULL */
        int rc = brink_stakeholders_load_buffer(bad[i].text, strlen(bad[i].text), "t.yaml", NULL,
                                                &t, &err);
        if (rc != BRINK_EINVAL || err.line != bad[i].line || err.column != bad[i].column ||
            !strstr(err.message, bad[i].message))
            print_error("case %zu: rc %d at %d:%d: %s\n", i, rc, err.line, err.column, err.message);
        assert_int_equal(rc, BRINK_EINVAL);
        assert_null(t);
        assert_int_equal(err.code, BRINK_EINVAL);
        assert_string_equal(err.file, "t.yaml");
        assert_int_equal(err.line, bad[i].line);
        assert_int_equal(err.column, bad[i].column);
        assert_non_null(strstr(err.message, bad[i].message));
        assert_non_null(strstr(err.message, "expected"));
    }
}

static void strict_mode_and_size_cap(void **state)
{
    (void)state;
    const char *text = HDR "actors:\n"
                           "  - {name: A, capability: {value: 1, source: s}, position: 1,\n"
                           "     salience: {value: 1, assumed: true}}\n" ROW_B;
    brink_load_options opts = {.strict = 1};
    brink_stakeholders *t = NULL;
    brink_error err;
    assert_int_equal(brink_stakeholders_load_buffer(text, strlen(text), "s.yaml", &opts, &t, &err),
                     BRINK_EINVAL);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 60);
    assert_non_null(strstr(err.message, "actors.A.position.position has no source"));
    opts.strict = 0;
    assert_int_equal(brink_stakeholders_load_buffer(text, strlen(text), "s.yaml", &opts, &t, &err),
                     BRINK_OK);
    brink_stakeholders_free(t);
    opts.max_bytes = 20;
    assert_int_equal(brink_stakeholders_load_buffer(text, strlen(text), "s.yaml", &opts, &t, &err),
                     BRINK_EINVAL);
    assert_non_null(strstr(err.message, "over the size cap of 20 bytes"));
    assert_int_equal(brink_stakeholders_load_file(EMISSION, &opts, &t, &err), BRINK_EINVAL);
    assert_null(t);
}

static void misuse_and_io(void **state)
{
    (void)state;
    brink_stakeholders *t = NULL;
    brink_error err;
    assert_int_equal(brink_stakeholders_load_buffer(NULL, 0, "x", NULL, &t, &err), BRINK_EUSAGE);
    assert_int_equal(brink_stakeholders_load_buffer("a", 1, "x", NULL, NULL, &err), BRINK_EUSAGE);
    assert_int_equal(brink_stakeholders_load_file(NULL, NULL, &t, &err), BRINK_EUSAGE);
    assert_int_equal(brink_stakeholders_load_file("/nonexistent/t.yaml", NULL, &t, &err),
                     BRINK_EIO);
    assert_null(t);
    assert_string_equal(err.file, "/nonexistent/t.yaml");
    /* err may be NULL */
    assert_int_equal(brink_stakeholders_load_buffer("", 0, NULL, NULL, &t, NULL), BRINK_EINVAL);
    brink_stakeholders_free(NULL);

    assert_int_equal(brink_stakeholders_load_file(EMISSION, NULL, &t, &err), BRINK_OK);
    double x[10];
    assert_int_equal(brink_stakeholders_draw(t, 1, 0, NULL, x, x, &err), BRINK_EUSAGE);
    assert_int_equal(brink_stakeholders_draw(t, 1, 0, x, NULL, x, &err), BRINK_EUSAGE);
    assert_int_equal(brink_stakeholders_draw(t, 1, 0, x, x, NULL, NULL), BRINK_EUSAGE);
    assert_int_equal(brink_stakeholders_draw(NULL, 1, 0, x, x, x, &err), BRINK_EUSAGE);
    brink_stakeholders_free(t);
}

/* ---- draws ---- */

typedef struct drawn {
    double cap[16], pos[32], sal[32];
} drawn;

static void draw(const brink_stakeholders *t, uint64_t seed, uint64_t run, drawn *d)
{
    brink_error err;
    memset(d, 0, sizeof *d);
    assert_true(t->nactors <= 16 && t->nactors * t->ndims <= 32);
    assert_int_equal(brink_stakeholders_draw(t, seed, run, d->cap, d->pos, d->sal, &err), BRINK_OK);
}

static void draws_are_deterministic_and_in_support(void **state)
{
    (void)state;
    brink_stakeholders *t = NULL;
    brink_error err;
    assert_int_equal(brink_stakeholders_load_file(UNCERTAIN, NULL, &t, &err), BRINK_OK);
    assert_true(t->has_scale);
    drawn a, b, c, central;
    brink_stakeholders_central(t, central.cap, central.pos, central.sal);
    draw(t, 7, 3, &a);
    draw(t, 7, 3, &b);
    assert_memory_equal(&a, &b, sizeof a);
    for (size_t i = 0; i < t->nactors; i++) {
        const brink_stakeholder *s = &t->actors[i];
        /* fixed values are copied; distributions stay inside their ranges */
        if (s->capability.dist == BRINK_DIST_FIXED)
            assert_true(a.cap[i] == central.cap[i]);
        if (s->position[0].dist == BRINK_DIST_FIXED)
            assert_true(a.pos[i] == central.pos[i]);
        if (s->salience[0].dist == BRINK_DIST_FIXED)
            assert_true(a.sal[i] == central.sal[i]);
        assert_true(a.cap[i] >= 0);
        assert_true(a.pos[i] >= 0 && a.pos[i] <= 10);
        assert_true(a.sal[i] >= 0 && a.sal[i] <= 1);
    }
    /* Netherlands: capability uniform on [0.06, 0.10]; a different run or seed moves it */
    assert_int_equal(t->actors[0].capability.dist, BRINK_DIST_UNIFORM);
    assert_true(a.cap[0] >= 0.06 && a.cap[0] <= 0.10);
    draw(t, 7, 4, &c);
    assert_true(c.cap[0] != a.cap[0]);
    draw(t, 8, 3, &c);
    assert_true(c.cap[0] != a.cap[0]);

    /* each draw is the draw of its value alone: brink_values_draw on that one value */
    for (size_t i = 0; i < t->nactors; i++) {
        const brink_value *v[3] = {&t->actors[i].capability, &t->actors[i].position[0],
                                   &t->actors[i].salience[0]};
        double one[3];
        assert_int_equal(brink_values_draw(v, 3, t->file, 7, 3, one, &err), BRINK_OK);
        assert_true(one[0] == a.cap[i]);
        assert_true(one[1] == a.pos[i]);
        assert_true(one[2] == a.sal[i]);
    }
    brink_stakeholders_free(t);
}

/* Two tables with the same rows in another order, one with a renamed row and an extra one. */
static const char keyed_a[] = HDR "actors:\n"
                                  "  - {name: P, capability: {uniform: [1, 2]}, position: 1,\n"
                                  "     salience: {beta: [2, 3]}}\n"
                                  "  - {name: Q, capability: 1, position: {normal: [0, 1]},\n"
                                  "     salience: 1}\n";
static const char keyed_b[] = HDR "actors:\n"
                                  "  - {name: R, capability: {uniform: [1, 2]}, position: 3,\n"
                                  "     salience: 0.5}\n"
                                  "  - {name: Q, capability: 1, position: {normal: [0, 1]},\n"
                                  "     salience: 1}\n"
                                  "  - {name: P, capability: {uniform: [1, 2]}, position: 1,\n"
                                  "     salience: {beta: [2, 3]}}\n";

static void draws_are_keyed_by_path(void **state)
{
    (void)state;
    brink_error err;
    brink_stakeholders *ta = load_text(keyed_a, &err), *tb = load_text(keyed_b, &err);
    assert_non_null(ta);
    assert_non_null(tb);
    for (uint64_t run = 0; run < 20; run++) {
        drawn a, b;
        draw(ta, 42, run, &a);
        draw(tb, 42, run, &b);
        /* P and Q draw the same numbers wherever they stand and whatever else the table holds */
        assert_true(a.cap[0] == b.cap[2]);
        assert_true(a.sal[0] == b.sal[2]);
        assert_true(a.pos[1] == b.pos[1]);
        /* R has P's distribution but another path, hence another stream */
        assert_true(b.cap[0] != b.cap[2]);
    }
    brink_stakeholders_free(ta);
    brink_stakeholders_free(tb);
}

/* The uniform's draws over many runs: their mean and spread match the distribution (a
 * statistical check with a fixed seed: about 5 standard errors of room). */
static void draws_follow_the_distribution(void **state)
{
    (void)state;
    brink_error err;
    brink_stakeholders *t = load_text(keyed_a, &err);
    assert_non_null(t);
    const int n = 4000;
    double sum = 0, sumsq = 0, lo = 2, hi = 1;
    for (int r = 0; r < n; r++) {
        drawn d;
        draw(t, 9, (uint64_t)r, &d);
        sum += d.cap[0];
        sumsq += d.cap[0] * d.cap[0];
        lo = fmin(lo, d.cap[0]);
        hi = fmax(hi, d.cap[0]);
    }
    double mean = sum / n, var = sumsq / n - mean * mean;
    /* uniform on [1, 2]: mean 1.5, variance 1/12; se of the mean 0.0046 */
    assert_true(fabs(mean - 1.5) < 0.023);
    assert_true(fabs(var - 1.0 / 12) < 0.01);
    assert_true(lo >= 1 && lo < 1.01 && hi <= 2 && hi > 1.99);
    brink_stakeholders_free(t);
}

static void impossible_truncation_is_reported(void **state)
{
    (void)state;
    brink_error err;
    brink_stakeholders *t =
        load_text(HDR "actors:\n" ROW_B "  - {name: A, capability: 1, position: 1,\n"
                      "     salience: {normal: [0, 0.01], bounds: [0.9, 1]}}\n",
                  &err);
    assert_non_null(t);
    drawn d;
    assert_int_equal(brink_stakeholders_draw(t, 1, 0, d.cap, d.pos, d.sal, &err), BRINK_ERANGE);
    assert_string_equal(err.file, "t.yaml");
    assert_int_equal(err.line, 5);
    assert_int_equal(err.column, 16);
    assert_non_null(strstr(err.message, "actors.A.salience.position: no draw inside bounds"));
    brink_stakeholders_free(t);
}

/* ---- allocation failure ---- */

/* Fails the k-th allocation for k = 1, 2, ... until a load succeeds: every failure must be
 * BRINK_ENOMEM with nothing returned (and, under ASan, nothing leaked). */
static void alloc_failure_loop(int from_file)
{
    long k;
    for (k = 1; k < 100000; k++) {
        brink_stakeholders *t = NULL;
        brink_error err;
        brink_alloc_set_fail_after(k);
        int rc = from_file ? brink_stakeholders_load_file(UNCERTAIN, NULL, &t, &err)
                           : brink_stakeholders_load_buffer(multi, strlen(multi), "m.yaml", NULL,
                                                            &t, &err);
        brink_alloc_set_fail_after(0);
        if (rc == BRINK_OK) {
            assert_non_null(t);
            drawn d;
            draw(t, 1, 1, &d);
            brink_stakeholders_free(t);
            break;
        }
        assert_int_equal(rc, BRINK_ENOMEM);
        assert_int_equal(err.code, BRINK_ENOMEM);
        assert_null(t);
    }
    assert_true(k > 3); /* some allocations failed before one succeeded */
    assert_true(k < 100000);
}

static void survives_allocation_failure_from_buffer(void **state)
{
    (void)state;
    alloc_failure_loop(0);
}

static void survives_allocation_failure_from_file(void **state)
{
    (void)state;
    alloc_failure_loop(1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_emission_file),
        cmocka_unit_test(loads_several_dimensions),
        cmocka_unit_test(one_dimension_shorthands),
        cmocka_unit_test(rejects_invalid_tables),
        cmocka_unit_test(strict_mode_and_size_cap),
        cmocka_unit_test(misuse_and_io),
        cmocka_unit_test(draws_are_deterministic_and_in_support),
        cmocka_unit_test(draws_are_keyed_by_path),
        cmocka_unit_test(draws_follow_the_distribution),
        cmocka_unit_test(impossible_truncation_is_reported),
        cmocka_unit_test(survives_allocation_failure_from_buffer),
        cmocka_unit_test(survives_allocation_failure_from_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
