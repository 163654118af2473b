/* SPDX-License-Identifier: MIT */
/*
 * fuzz_stakeholders.c — libFuzzer target for the YAML stakeholder tables of `brink bargain`
 * (scenario/stakeholders.h): any byte string must load or be rejected with an error, never crash,
 * hang or leak. A table that loads gives its central values and one draw (run 0 of seed 1), which
 * must lie in the ranges the format promises (capability >= 0, salience on 0-1, positions inside
 * the scale when one is given). A broken promise aborts, which libFuzzer reports as a crash.
 * Built with -DBRINK_FUZZ=ON (clang).
 */
#include "scenario/stakeholders.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
    if (!ok)
        abort();
}

static void in_range(const brink_stakeholders *t, const double *cap, const double *pos,
                     const double *sal)
{
    for (size_t i = 0; i < t->nactors; i++) {
        check(cap[i] >= 0 && isfinite(cap[i]));
        for (size_t k = 0; k < t->ndims; k++) {
            double p = pos[i * t->ndims + k], s = sal[i * t->ndims + k];
            check(isfinite(p));
            check(s >= 0 && s <= 1);
            if (t->has_scale)
                check(p >= t->scale_lo && p <= t->scale_hi);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    brink_load_options opts = {.max_bytes = 1u << 20, .strict = 0};
    brink_stakeholders *t = NULL;
    brink_error err;
    int rc = brink_stakeholders_load_buffer((const char *)data, size, "fuzz.yaml", &opts, &t, &err);
    if (rc != BRINK_OK) {
        check(t == NULL && err.code == rc);
        return 0;
    }
    check(t->nactors >= 2 && t->ndims >= 1);
    size_t nd = t->nactors * t->ndims;
    double *cap = malloc(t->nactors * sizeof *cap);
    double *pos = malloc(nd * sizeof *pos), *sal = malloc(nd * sizeof *sal);
    if (cap && pos && sal) {
        brink_stakeholders_central(t, cap, pos, sal);
        in_range(t, cap, pos, sal);
        if (brink_stakeholders_draw(t, 1, 0, cap, pos, sal, &err) == BRINK_OK)
            in_range(t, cap, pos, sal);
    }
    free(cap);
    free(pos);
    free(sal);
    brink_stakeholders_free(t);
    return 0;
}
