/* SPDX-License-Identifier: MIT */
/*
 * mechanisms.h — the step schedule: the mechanisms of this build in the order of MODEL.md
 * section 2 (internal). Defined in mechanisms.c.
 */
#ifndef BRINK_WORLD_MECHANISMS_H
#define BRINK_WORLD_MECHANISMS_H

#include "world/world.h"

extern const brink_mechanism *const brink_mechanisms[];
extern const size_t brink_mechanism_count;

/* The mechanisms, each defined in its own file. */
extern const brink_mechanism brink_mech_schedule;
extern const brink_mechanism brink_mech_decide;

#endif
