/* SPDX-License-Identifier: MIT */
/*
 * mechanisms.c — the order in which mechanisms step (MODEL.md section 2): shocks, the dated
 * schedule and instrument clocks, decisions, interactions, economy, domestic, nuclear,
 * bargaining, beliefs. A mechanism that does not exist yet is simply absent; its events and
 * indicators are then reported as "not modelled" (sim/run.c).
 */
#include "world/mechanisms.h"

#include "world/economy.h"

const brink_mechanism *const brink_mechanisms[] = {
    &brink_mech_schedule,
    &brink_mech_decide,
    &brink_mech_economy,
};

const size_t brink_mechanism_count = sizeof brink_mechanisms / sizeof brink_mechanisms[0];
