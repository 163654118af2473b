/* SPDX-License-Identifier: MIT */
/*
 * fuzz_scenario.c — libFuzzer target for the scenario loader: any byte string must load or be
 * rejected with an error, never crash, hang or leak. Built with -DBRINK_FUZZ=ON (clang).
 */
#include "brink.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    brink_scenario *sc = NULL;
    brink_error err;
    brink_load_options opts = {.max_bytes = 1u << 20, .strict = 0};
    if (brink_scenario_load_buffer((const char *)data, size, "fuzz", &opts, &sc, &err) ==
        BRINK_OK) {
        double *draws = brink_calloc(sc->nvalues + 1, sizeof *draws);
        if (draws)
            brink_scenario_draw(sc, 1, 0, draws, &err);
        brink_free(draws);
        brink_scenario_free(sc);
    }
    return 0;
}
