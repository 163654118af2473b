/* SPDX-License-Identifier: MIT */
/*
 * draw.h — drawing a list of uncertain values for one run (internal; written as if public).
 *
 * The one place that turns brink_values into numbers for a run: the scenario's draw vector
 * (brink_scenario_draw) and a stakeholder table's (brink_stakeholders_draw) both come from here,
 * so a value written the same way under the same path draws the same number in either file.
 * Each value is drawn from its own stream keyed by (seed, run, DRAW_STREAM, hash of its path):
 * its draw depends on nothing but the seed, the run and its path.
 */
#ifndef BRINK_SCENARIO_DRAW_H
#define BRINK_SCENARIO_DRAW_H

#include "brink.h"

#include <stddef.h>
#include <stdint.h>

/* Draws vals[0..n-1] for run `run` of master seed `seed` into out[0..n-1]: fixed values are
 * copied; each distribution is drawn from the stream keyed by its path (v->key), and a
 * truncated one redraws until the draw lies inside its bounds (at most 1,000 times).
 * file names the input in an error message (may be NULL). Returns BRINK_OK, or BRINK_ERANGE
 * when truncation did not succeed (err names the value, its file, line and column; out is then
 * partly written). Borrows everything; allocates nothing; thread-safe. */
int brink_values_draw(const brink_value *const *vals, size_t n, const char *file, uint64_t seed,
                      uint64_t run, double *out, brink_error *err);

#endif
