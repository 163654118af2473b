/* SPDX-License-Identifier: MIT */
/*
 * decide.h — actors' choices among actions, scored by projection (internal). See decide.c.
 */
#ifndef BRINK_WORLD_DECIDE_H
#define BRINK_WORLD_DECIDE_H

#include "world/world.h"

typedef enum brink_action_kind {
    BRINK_ACT_HOLD = 0,
    BRINK_ACT_TIGHTEN,       /* raise enforcement on target by decide.enforcement_step */
    BRINK_ACT_EASE,          /* lower it */
    BRINK_ACT_REVOKE_WAIVER, /* aux = flow */
    BRINK_ACT_GRANT_WAIVER,  /* aux = flow */
    BRINK_ACT_NOTIFY         /* trigger instrument aux (e.g. snapback) */
} brink_action_kind;

typedef struct brink_action {
    brink_action_kind kind;
    int target; /* actor index, or -1 */
    int aux;    /* flow or instrument index, or -1 */
} brink_action;

const char *brink_action_kind_name(brink_action_kind k);

/* The objective J of actor a in world w (utility per year; see decide.c). */
double brink_decide_objective(const brink_world *w, int a);

/* Applies action act of actor a to w (recording its event unless w is projecting); returns the
 * event index or -1. */
long brink_decide_apply(brink_world *w, int a, brink_action act, long cause);

/* The options actor a weighed at its last review, with utilities (relative to holding) and
 * hazards per week; returns their number (pointers borrowed from w). For `brink run --trace`. */
size_t brink_decide_options(const brink_world *w, int a, const brink_action **actions,
                            const double **utility, const double **hazard);

#endif
