/* SPDX-License-Identifier: MIT */
/*
 * cameo.c — event types in the CAMEO event ontology with their Goldstein conflict–cooperation
 * weights. The table is data/cameo_goldstein.tsv (provenance in data/README.md), embedded at
 * build time; lookups scan it (311 lines), which is cheap next to writing a report and needs no
 * mutable state. The mapping from brink's event types to CAMEO codes is the choice documented in
 * docs/ODD.md (section "Events"); a type with no CAMEO equivalent maps to NULL and carries no
 * weight.
 */
#include "brink.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const unsigned char brink_cameo_tsv[];
extern const size_t brink_cameo_tsv_len;

const char *brink_event_cameo(brink_event_type t)
{
    static const char *const code[BRINK_EV_COUNT] = {
        [BRINK_EV_TALKS_PROPOSED] = "036",        /* express intent to meet or negotiate */
        [BRINK_EV_TALKS_OPENED] = "046",          /* engage in negotiation */
        [BRINK_EV_TALKS_BROKEN] = "164",          /* halt negotiations */
        [BRINK_EV_DEAL_SIGNED] = "057",           /* sign formal agreement */
        [BRINK_EV_DEAL_BREACHED] = NULL,          /* no CAMEO code for breaking an agreement */
        [BRINK_EV_SANCTIONS_TIGHTENED] = "163",   /* impose embargo, boycott, or sanctions */
        [BRINK_EV_SANCTIONS_EASED] = "085",       /* ease economic sanctions */
        [BRINK_EV_WAIVER_GRANTED] = "085",        /* a waiver eases economic sanctions */
        [BRINK_EV_WAIVER_REVOKED] = "163",        /* revoking one re-imposes them */
        [BRINK_EV_SNAPBACK_NOTIFIED] = "1312",    /* threaten to boycott, embargo, or sanction */
        [BRINK_EV_UN_SANCTIONS_RESTORED] = "163", /* impose sanctions */
        [BRINK_EV_ENRICHMENT_EXPANDED] = NULL,    /* a unilateral technical act */
        [BRINK_EV_ENRICHMENT_90] = NULL,
        [BRINK_EV_IAEA_ACCESS_CUT] = "1662",      /* expel or withdraw inspectors, observers */
        [BRINK_EV_IAEA_ACCESS_RESTORED] = "0862", /* receive inspectors */
        [BRINK_EV_NPT_WITHDRAWAL] = "16",         /* reduce relations */
        [BRINK_EV_THREAT] = "138",                /* threaten to use military force */
        [BRINK_EV_PROXY_ATTACK] = "190",          /* use conventional military force */
        [BRINK_EV_SABOTAGE] = "186",              /* assassinate (and sabotage, its nearest) */
        [BRINK_EV_STRIKE_MILITARY] = "195",       /* employ aerial weapons */
        [BRINK_EV_STRIKE_NUCLEAR] = "195",
        [BRINK_EV_STRIKE_ENERGY] = "195",
        [BRINK_EV_SHIPPING_ATTACK] = "171",       /* seize or damage property */
        [BRINK_EV_HORMUZ_CLOSED] = "191",         /* impose blockade, restrict movement */
        [BRINK_EV_HORMUZ_REOPENED] = "0872",      /* ease military blockade */
        [BRINK_EV_ATTACK_US_FORCES] = "190",
        [BRINK_EV_CEASEFIRE] = "0871",            /* declare truce, ceasefire */
        [BRINK_EV_PROTEST_WAVE_STARTED] = "141",  /* demonstrate or rally */
        [BRINK_EV_PROTEST_WAVE_ENDED] = NULL,
        [BRINK_EV_CRACKDOWN] = "175",             /* use tactics of violent repression */
        [BRINK_EV_INTERNET_SHUTDOWN] = "1721",    /* impose restrictions on political freedoms */
        [BRINK_EV_LEADER_DIED] = NULL,
        [BRINK_EV_LEADER_KILLED] = "186",         /* assassinate */
        [BRINK_EV_LEADER_REPLACED] = NULL,
        [BRINK_EV_REGIME_COLLAPSE] = NULL,
        [BRINK_EV_INTERIM_DEAL_SIGNED] = "057", /* sign formal agreement (the JPOA was one) */
    };
    return (unsigned)t < BRINK_EV_COUNT ? code[t] : NULL;
}

int brink_cameo_lookup(const char *code, double *goldstein, char *desc, size_t n)
{
    if (!code)
        return BRINK_EINVAL;
    const char *p = (const char *)brink_cameo_tsv, *end = p + brink_cameo_tsv_len;
    size_t clen = strlen(code);
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *tab = memchr(p, '\t', (size_t)(eol - p));
        if (tab && (size_t)(tab - p) == clen && !memcmp(p, code, clen)) {
            const char *tab2 = memchr(tab + 1, '\t', (size_t)(eol - tab - 1));
            if (!tab2)
                return BRINK_EINVAL;
            char num[32];
            size_t len = (size_t)(tab2 - tab - 1);
            if (len == 0 || len >= sizeof num)
                return BRINK_EINVAL;
            memcpy(num, tab + 1, len);
            num[len] = '\0';
            errno = 0;
            char *e = NULL;
            double g = strtod(num, &e);
            if (errno || !e || *e)
                return BRINK_EINVAL;
            if (goldstein)
                *goldstein = g;
            if (desc && n) {
                size_t dl = (size_t)(eol - tab2 - 1);
                if (dl && tab2[dl] == '\r')
                    dl--;
                snprintf(desc, n, "%.*s", (int)dl, tab2 + 1);
            }
            return BRINK_OK;
        }
        p = eol + 1;
    }
    return BRINK_EINVAL;
}
