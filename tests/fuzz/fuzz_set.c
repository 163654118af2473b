/* SPDX-License-Identifier: MIT */
/*
 * fuzz_set.c — libFuzzer target for `--set PATH=VALUE` overrides: the input (up to its first
 * NUL) is one override applied to a small fixed scenario; it must load or be rejected, never
 * crash, hang or leak. Built with -DBRINK_FUZZ=ON (clang).
 */
#include "brink.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char text[] =
    "brink: 1\n"
    "scenario: {name: t, start: 2025-01-01, horizon_weeks: 20}\n"
    "issues: [{id: x, name: X}]\n"
    "actors:\n"
    "  - {id: A, name: Alpha, kind: state, dispositions: {resolve: 0.5}}\n"
    "  - {id: B, name: Beta, kind: state}\n"
    "relations:\n"
    "  pairs:\n"
    "    - {from: A, to: B, alignment: -0.5, trust: {alpha: 2, beta: 6}}\n"
    "params: {decide.rationality: 2}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char set[4096];
    if (size >= sizeof set)
        size = sizeof set - 1;
    memcpy(set, data, size);
    set[size] = '\0';
    const char *sets[] = {set};
    brink_load_options o = {.max_bytes = 0, .strict = 0, .sets = sets, .nsets = 1};
    brink_scenario *sc = NULL;
    brink_error err;
    if (brink_scenario_load_buffer(text, sizeof text - 1, "fuzz", &o, &sc, &err) == BRINK_OK)
        brink_scenario_free(sc);
    return 0;
}
