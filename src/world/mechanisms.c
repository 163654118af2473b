/* SPDX-License-Identifier: MIT */
/*
 * mechanisms.c — the order in which mechanisms step (MODEL.md section 2): shocks, the dated
 * schedule and instrument clocks, decisions, interactions, economy, domestic, nuclear,
 * bargaining, beliefs. A mechanism that does not exist yet is simply absent; its events and
 * indicators are then reported as "not modelled" (sim/run.c).
 */
#include "world/mechanisms.h"

#include "world/beliefs.h"
#include "world/conflict.h"
#include "world/diplomacy.h"
#include "world/domestic.h"
#include "world/economy.h"
#include "world/nuclear.h"

const brink_mechanism *const brink_mechanisms[] = {
    &brink_mech_schedule,
    &brink_mech_decide,
    &brink_mech_conflict,
    &brink_mech_economy,
    &brink_mech_domestic,
    &brink_mech_nuclear,
    &brink_mech_diplomacy,
    &brink_mech_beliefs,
};

const size_t brink_mechanism_count = sizeof brink_mechanisms / sizeof brink_mechanisms[0];
