/* SPDX-License-Identifier: MIT */
/*
 * fuzz_bargain_csv.c — libFuzzer target for the stakeholder CSV readers of `brink bargain`: KTAB's
 * smpc layout (bargain/smp.h, brink_smp_csv_parse) and the BDM layout by header names
 * (bargain/bdm_csv.h, brink_bdm_csv_parse). Any byte string must give a table or an error with a
 * 1-based location, never crash, hang or leak; a table that loads must pass the checks its header
 * promises (brink_smp_scenario_validate; finite numbers, saliences on 0-1). A broken promise
 * aborts, which libFuzzer reports as a crash. Built with -DBRINK_FUZZ=ON (clang).
 */
#include "bargain/bdm_csv.h"
#include "bargain/smp.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
    if (!ok)
        abort();
}

static void failed(int rc, const brink_error *err)
{
    check(rc == BRINK_EINVAL || rc == BRINK_ERANGE || rc == BRINK_ENOMEM);
    check(err->code == rc);
    if (rc == BRINK_EINVAL)
        check(err->line >= 1 && err->column >= 1);
}

static void ktab(const char *text, size_t size)
{
    brink_smp_scenario *sc = NULL;
    brink_error err;
    int rc = brink_smp_csv_parse(text, size, "fuzz.csv", &sc, &err);
    if (rc != BRINK_OK) {
        check(sc == NULL);
        failed(rc, &err);
        return;
    }
    check(brink_smp_scenario_validate(sc, &err) == BRINK_OK);
    brink_smp_scenario_free(sc);
}

static void bdm(const char *text, size_t size)
{
    brink_bdm_table *t = NULL;
    brink_error err;
    int rc = brink_bdm_csv_parse(text, size, "fuzz.csv", &t, &err);
    if (rc != BRINK_OK) {
        check(t == NULL);
        failed(rc, &err);
        return;
    }
    check(t->n >= 2 && t->n <= BRINK_BDM_MAX_ACTORS);
    for (size_t i = 0; i < t->n; i++) {
        check(t->names[i] != NULL && strlen(t->names[i]) <= size);
        check(isfinite(t->capability[i]) && t->capability[i] >= 0);
        check(isfinite(t->position[i]));
        check(t->salience[i] >= 0 && t->salience[i] <= 1);
    }
    brink_bdm_table_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size ? size : 1); /* exact size: ASan sees a read past the end */
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);
    ktab(text, size);
    bdm(text, size);
    free(text);
    return 0;
}
