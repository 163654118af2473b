/* SPDX-License-Identifier: MIT */
/*
 * stakeholders.h — a stakeholder table in YAML: the input of the negotiation models alone
 * (`brink bargain`), in which any number may be uncertain. Internal for now, written as if
 * public (brink_ prefixes, full comments) so that it can move into brink.h as it is.
 *
 * A table is the data of the expected-utility and spatial models (Bueno de Mesquita 1994;
 * Scholz, Calbert & Smith 2011; KTAB's smpc): N >= 2 actors, each with a capability and, on
 * each of D >= 1 dimensions, a position and a salience on 0-1. The file format:
 *
 *     brink_stakeholders: 1
 *     name: Emission standards (BDM 1994)      # optional
 *     source: ...                              # optional
 *     note: ...                                # optional
 *     dimensions: [delay]                      # optional; default one dimension, "position"
 *     scale: [0, 10]                           # optional: the positions' scale, lo < hi
 *     actors:
 *       - name: Netherlands
 *         capability: 0.08                     # >= 0
 *         position: 4                          # inside scale when given
 *         salience: 0.8                        # 0-1
 *         source: "BDM 1994, Table 1"          # optional; also note
 *
 * Every number is a value as in a scenario (docs/scenario-format.md): a bare number,
 * {value: x, source: ..., assumed: ..., unit: ..., as_of: ..., note: ...}, or a distribution
 * (uniform, triangular, normal, lognormal, beta, gamma) with optional truncation bounds, whose
 * whole support must lie in the field's range. With one dimension, position and salience are
 * values (or a mapping with that dimension's name as its only key); with several, each is a
 * mapping from every dimension's name to a value.
 *
 * Draw paths. A value's path is `actors.<name>.capability`, `actors.<name>.position.<dim>` or
 * `actors.<name>.salience.<dim>` (the dimension is named even when there is only one), and its
 * draw in run r of seed s is keyed by that path exactly as in a scenario (scenario/draw.h): the
 * draw depends only on (s, r, path), never on the other rows or their order.
 *
 * Ownership: a loaded table owns all its memory in one arena, freed by brink_stakeholders_free;
 * it is immutable and may be read (and drawn from) by many threads at once.
 */
#ifndef BRINK_SCENARIO_STAKEHOLDERS_H
#define BRINK_SCENARIO_STAKEHOLDERS_H

#include "brink.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The longest actor name, in bytes (names are parts of draw paths and of messages). */
#define BRINK_STAKEHOLDER_NAME_MAX 256

/* One row of the table. position and salience have one value per dimension, in the order of
 * the table's dims. Strings are owned by the table. */
typedef struct brink_stakeholder {
    const char *name;       /* nonempty, one line, unique in the table */
    brink_value capability; /* >= 0 */
    brink_value *position;  /* [ndims], inside the scale when the table has one */
    brink_value *salience;  /* [ndims], 0-1 */
    const char *source;     /* or NULL */
    const char *note;       /* or NULL */
    int line, column;       /* where the row starts */
} brink_stakeholder;

/* A loaded, validated stakeholder table. Immutable after loading. */
typedef struct brink_stakeholders {
    const char *file;   /* the name used in messages */
    const char *name;   /* or NULL */
    const char *source; /* or NULL */
    const char *note;   /* or NULL */
    const char **dims;  /* [ndims] dimension names (ids, distinct) */
    size_t ndims;
    int has_scale; /* positions lie on [scale_lo, scale_hi] */
    double scale_lo, scale_hi;
    brink_stakeholder *actors; /* [nactors], in file order; nactors >= 2 */
    size_t nactors;
    const brink_value **values; /* every value in file order (as brink_scenario's) */
    size_t nvalues;
    void *priv_; /* private: the table's memory and draw order */
} brink_stakeholders;

/* Loads and validates the stakeholder table in len bytes of text; name is used in messages
 * (NULL: "<buffer>"). opts may be NULL; its max_bytes caps the size and strict requires every
 * value to carry `source` or `assumed: true`, as for scenarios. On success *out is a new table
 * freed with brink_stakeholders_free. Errors: BRINK_EINVAL (not a valid table: err has the file,
 * 1-based line and column, what is wrong and what was expected), BRINK_ENOMEM, BRINK_EUSAGE
 * (NULL text or out). Nothing is left allocated on failure. Reentrant. */
int brink_stakeholders_load_buffer(const char *text, size_t len, const char *name,
                                   const brink_load_options *opts, brink_stakeholders **out,
                                   brink_error *err);

/* As brink_stakeholders_load_buffer for the file at path (also the name in messages). Errors
 * as above, and BRINK_EIO when the file cannot be read. */
int brink_stakeholders_load_file(const char *path, const brink_load_options *opts,
                                 brink_stakeholders **out, brink_error *err);

/* Frees a table and everything it owns. t may be NULL. */
void brink_stakeholders_free(brink_stakeholders *t);

/* Writes the central values (the fixed value, or a distribution's central value as shown by
 * `brink check`) into capability[nactors], position[nactors * ndims] and
 * salience[nactors * ndims] (row-major: actor i, dimension k at i * ndims + k). Any of the
 * three may be NULL. Borrows everything; thread-safe. */
void brink_stakeholders_central(const brink_stakeholders *t, double *capability, double *position,
                                double *salience);

/* Draws the table for run `run` of master seed `seed` into the arrays laid out as for
 * brink_stakeholders_central (none may be NULL): fixed values are copied, each distribution is
 * drawn from the stream keyed by its path (see above). Returns BRINK_OK, BRINK_ERANGE when a
 * truncated distribution found no draw inside its bounds (err names the value), or BRINK_EUSAGE
 * for a NULL argument. Allocates nothing; thread-safe. */
int brink_stakeholders_draw(const brink_stakeholders *t, uint64_t seed, uint64_t run,
                            double *capability, double *position, double *salience,
                            brink_error *err);

#ifdef __cplusplus
}
#endif

#endif /* BRINK_SCENARIO_STAKEHOLDERS_H */
