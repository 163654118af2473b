/* SPDX-License-Identifier: MIT */
/*
 * schedule.h — dated scenario events and legal instruments with clocks (internal).
 */
#ifndef BRINK_WORLD_SCHEDULE_H
#define BRINK_WORLD_SCHEDULE_H

#include "world/world.h"

/* Instrument states (w->m.inst_state). */
enum { BRINK_INST_IDLE = 0, BRINK_INST_NOTIFIED = 1, BRINK_INST_IN_EFFECT = 2,
       BRINK_INST_LAPSED = 3 };

/* 1 when actor may trigger instrument i at the current step: it is a notifier, the instrument
 * is idle and the date is not past its notify_by. */
int brink_instrument_can_notify(const brink_world *w, size_t i, int actor);

/* Actor triggers instrument i (checked with brink_instrument_can_notify; returns -1 if not
 * allowed): records snapback_notified (with cause) and starts the clock. Returns the event. */
long brink_instrument_notify(brink_world *w, size_t i, int actor, long cause);

#endif
