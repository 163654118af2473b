/* SPDX-License-Identifier: MIT */
/*
 * brink.h — the one public header of libbrink, a simulator and forecaster of coercive diplomacy.
 *
 * Rules that hold for the whole API (after Lua's and jq's single written rule on ownership):
 * - Functions that can fail return int: BRINK_OK (0) or a negative BRINK_E* code, with details in a
 *   caller-supplied brink_error (which may be NULL when the caller does not want them).
 * - A function named *_new or *_load returns memory that the caller owns and frees with the
 *   matching *_free; *_free accepts NULL. Pointers passed in are borrowed unless a comment says
 *   "takes".
 * - The library never prints, never exits and keeps no mutable global state, with one documented
 *   exception: the allocation-failure hook for tests (brink_alloc_set_fail_after).
 * - Everything is reentrant; objects are not shared between threads unless a comment says so.
 *   A loaded brink_scenario is immutable and may be read by many threads at once.
 */
#ifndef BRINK_H
#define BRINK_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BRINK_VERSION_MAJOR 0
#define BRINK_VERSION_MINOR 1
#define BRINK_VERSION_PATCH 0
#define BRINK_VERSION_STRING "0.1.0"

/* Returns the library's version string ("MAJOR.MINOR.PATCH"); static storage. */
const char *brink_version(void);

/* ============================================================================================== */
/* core/error: result codes and the error record                                                  */
/* ============================================================================================== */

enum {
    BRINK_OK = 0,
    BRINK_ENOMEM = -1,   /* an allocation failed */
    BRINK_EINVAL = -2,   /* invalid input: a scenario, a CSV table, an option value */
    BRINK_EIO = -3,      /* a file could not be read or written */
    BRINK_ERANGE = -4,   /* a value or size outside what the library can represent */
    BRINK_EUSAGE = -5,   /* the caller broke an API precondition (NULL where not allowed, ...) */
    BRINK_EINTERNAL = -6 /* an invariant of the library failed: a bug, reported instead of abort */
};

#define BRINK_ERROR_FILE_MAX 256
#define BRINK_ERROR_MSG_MAX 512

/* An error: code, location in an input file (line and column are 1-based; 0 = unknown) and a
 * message saying what is wrong and what was expected. Plain data; copy it freely. */
typedef struct brink_error {
    int code;
    int line;
    int column;
    char file[BRINK_ERROR_FILE_MAX];
    char message[BRINK_ERROR_MSG_MAX];
} brink_error;

/* Clears err (code BRINK_OK, empty strings). err may be NULL. */
void brink_error_clear(brink_error *err);

/* Sets err and returns code, so that callers can write `return brink_error_set(...)`.
 * file may be NULL; line/column 0 mean unknown. The message is printf-formatted and truncated to
 * fit. err may be NULL (only the code is returned). */
int brink_error_set(brink_error *err, int code, const char *file, int line, int column,
                    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* As brink_error_set with a va_list. */
int brink_error_setv(brink_error *err, int code, const char *file, int line, int column,
                     const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 0)))
#endif
    ;

/* Writes "file:line:col: message" (leaving out the parts that are unknown) into buf of size n,
 * always NUL-terminated when n > 0. Returns the length the full text would have (as snprintf). */
int brink_error_format(const brink_error *err, char *buf, size_t n);

/* A short static name for a result code ("out of memory", "invalid input", ...). */
const char *brink_strerror(int code);

/* ============================================================================================== */
/* core/alloc: allocation wrappers with a failure-injection hook                                  */
/* ============================================================================================== */

/* malloc/calloc/realloc/free through one place, so tests can make the k-th allocation fail.
 * brink_malloc(0) returns a valid unique pointer. brink_calloc and brink_mallocarray check
 * nmemb*size for overflow and return NULL on overflow. brink_free(NULL) does nothing. */
void *brink_malloc(size_t size);
void *brink_calloc(size_t nmemb, size_t size);
void *brink_mallocarray(size_t nmemb, size_t size);
void *brink_realloc(void *ptr, size_t size);
void *brink_reallocarray(void *ptr, size_t nmemb, size_t size);
void brink_free(void *ptr);
/* Returns a new copy of s (freed with brink_free), or NULL on failure or when s is NULL. */
char *brink_strdup(const char *s);
/* Returns a new NUL-terminated copy of the first n bytes of s. */
char *brink_strndup(const char *s, size_t n);

/* Test hook (the library's one piece of process-wide mutable state, atomic): after this call the
 * k-th following allocation (1-based) and every one after it fail; k <= 0 turns failures off.
 * Returns nothing; brink_alloc_count() returns how many allocations were attempted since the
 * last call, so a test can learn the total and then fail each k in turn. */
void brink_alloc_set_fail_after(long k);
long brink_alloc_count(void);

/* ============================================================================================== */
/* core/rng: xoshiro256** with SplitMix64 seeding and keyed sub-streams                           */
/* ============================================================================================== */

/* Generator state (Blackman & Vigna 2018, xoshiro256**). 32 bytes; copy to fork. */
typedef struct brink_rng {
    uint64_t s[4];
} brink_rng;

/* One SplitMix64 step: advances *state and returns the next output. */
uint64_t brink_splitmix64(uint64_t *state);

/* 64-bit FNV-1a hash of a NUL-terminated string (keys parameter draws by their path). */
uint64_t brink_hash_str(const char *s);

/* Mixes a key into a 64-bit hash (order matters): used to build stream keys. */
uint64_t brink_hash_mix(uint64_t h, uint64_t key);

/* Seeds rng for (master seed, run index): the run's root stream. */
void brink_rng_seed(brink_rng *rng, uint64_t seed, uint64_t run);

/* Seeds rng for a keyed sub-stream: (seed, run, k_0, ..., k_{n-1}). Streams with different key
 * tuples are statistically independent; adding keys elsewhere never changes this stream. Use it
 * for (mechanism, actor, step) or for a parameter path hash. */
void brink_rng_seed_keys(brink_rng *rng, uint64_t seed, uint64_t run, const uint64_t *keys,
                         size_t nkeys);

/* Next 64 random bits. */
uint64_t brink_rng_next(brink_rng *rng);

/* A double uniform on [0, 1) with 53 random bits. */
double brink_rng_uniform01(brink_rng *rng);

/* An integer uniform on [0, n) without modulo bias; n must be > 0 (returns 0 for n == 0). */
uint64_t brink_rng_below(brink_rng *rng, uint64_t n);

/* Advances rng by 2^128 steps (xoshiro256** jump). */
void brink_rng_jump(brink_rng *rng);

/* ============================================================================================== */
/* core/dist: distributions                                                                       */
/* ============================================================================================== */

/* Each draws one value from rng. Parameters outside their domain (sd < 0, a > b, k <= 0, ...)
 * return NaN; validate before drawing. */
double brink_dist_uniform(brink_rng *rng, double a, double b);
double brink_dist_normal(brink_rng *rng, double mu, double sd);
double brink_dist_lognormal(brink_rng *rng, double mu, double sigma);
/* Gamma with shape k > 0 and scale theta > 0 (Marsaglia & Tsang 2000). */
double brink_dist_gamma(brink_rng *rng, double k, double theta);
/* Beta(a, b) with a, b > 0, from two gammas. */
double brink_dist_beta(brink_rng *rng, double a, double b);
/* Triangular on [lo, hi] with mode in [lo, hi]. */
double brink_dist_triangular(brink_rng *rng, double lo, double mode, double hi);
/* Returns 1 with probability p (p clamped to [0, 1]), else 0. */
int brink_dist_bernoulli(brink_rng *rng, double p);
/* Poisson with mean lambda >= 0 (inversion below 30, PTRS (Hörmann 1993) above). Returns -1 for
 * an invalid lambda. */
long brink_dist_poisson(brink_rng *rng, double lambda);
/* Index i in [0, n) with probability w[i] / sum(w); weights must be >= 0 with a positive sum.
 * Returns -1 when they are not. O(n) per draw (for n up to a few dozen; build an alias table
 * for more). */
long brink_dist_categorical(brink_rng *rng, const double *w, size_t n);

/* ============================================================================================== */
/* core/strbuf: a growable string                                                                 */
/* ============================================================================================== */

/* A NUL-terminated growable string. Zero-initialise it ({0}) before use. Once an allocation fails
 * the buffer is marked failed, further appends do nothing and brink_strbuf_failed returns 1, so a
 * caller can append many pieces and check once. */
typedef struct brink_strbuf {
    char *data; /* NUL-terminated when len > 0 or cap > 0; may be NULL while empty */
    size_t len;
    size_t cap;
    int failed;
} brink_strbuf;

void brink_strbuf_append(brink_strbuf *sb, const char *s);
void brink_strbuf_append_n(brink_strbuf *sb, const char *s, size_t n);
void brink_strbuf_appendf(brink_strbuf *sb, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void brink_strbuf_appendv(brink_strbuf *sb, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 0)))
#endif
    ;
/* Always returns a NUL-terminated string (a static "" when nothing was appended); borrowed. */
const char *brink_strbuf_cstr(const brink_strbuf *sb);
int brink_strbuf_failed(const brink_strbuf *sb);
void brink_strbuf_reset(brink_strbuf *sb); /* len = 0, keeps the memory */
void brink_strbuf_free(brink_strbuf *sb);  /* frees the memory and zeroes the struct */
/* Appends a double in round-trip form (brink_format_double), "nan", "inf" or "-inf" for
 * non-finite values. */
void brink_strbuf_append_double(brink_strbuf *sb, double x);

/* Formats x as the shortest decimal text that reads back to exactly x (at most 17 significant
 * digits; without an exponent between 1e-4 and 1e15), with '.' as the decimal point whatever
 * LC_NUMERIC says, into buf of size n (>= 32). Returns buf. */
char *brink_format_double(double x, char *buf, size_t n);

/* ============================================================================================== */
/* core/csv: an RFC 4180 reader                                                                   */
/* ============================================================================================== */

/* One field: its text (NUL-terminated, unquoted and unescaped; owned by the table) and where it
 * started in the input (1-based line and column, counted in bytes). */
typedef struct brink_csv_field {
    const char *text;
    int line;
    int column;
} brink_csv_field;

typedef struct brink_csv_row {
    brink_csv_field *fields;
    size_t nfields;
} brink_csv_row;

/* A parsed table: rows in input order (a header row, if any, is row 0). Fields stay text until a
 * schema converts them, so codes such as "010" keep their leading zeros. */
typedef struct brink_csv_table {
    brink_csv_row *rows;
    size_t nrows;
    char *storage_; /* private */
    size_t storage_len_;
} brink_csv_table;

/* Parses len bytes of text with the given delimiter (',' or '\t'): RFC 4180 quoting ("" escapes a
 * quote), CRLF or LF line ends, a leading UTF-8 BOM skipped, blank lines skipped, last line
 * without a line end accepted. file names the input in error messages (may be NULL).
 * On success *out is a new table freed with brink_csv_free. Errors: BRINK_EINVAL (an unterminated
 * quote, text after a closing quote, a NUL byte) with line:column, BRINK_ENOMEM. */
int brink_csv_parse(const char *text, size_t len, char delim, const char *file,
                    brink_csv_table **out, brink_error *err);
void brink_csv_free(brink_csv_table *t);

/* Converts a field to a double (strtod with full-consumption, finite-value and errno checks,
 * leading/trailing blanks allowed). Returns BRINK_OK or BRINK_EINVAL with the field's location. */
int brink_csv_field_double(const brink_csv_field *f, const char *file, double *out,
                           brink_error *err);

/* ============================================================================================== */
/* core/calendar: ISO dates and steps                                                             */
/* ============================================================================================== */

/* A proleptic Gregorian date. */
typedef struct brink_date {
    int year;
    int month; /* 1..12 */
    int day;   /* 1..31 */
} brink_date;

/* Parses exactly "YYYY-MM-DD" (years 1..9999) and checks that the day exists. Returns BRINK_OK
 * or BRINK_EINVAL. */
int brink_date_parse(const char *s, brink_date *out);
/* Writes "YYYY-MM-DD" into buf (n >= 11). Returns buf. */
char *brink_date_format(brink_date d, char *buf, size_t n);
/* Days since 1970-01-01 (negative before), and back. */
long brink_date_to_days(brink_date d);
brink_date brink_date_from_days(long days);
/* Index of the step that contains date d for a run starting at start with steps of step_days
 * (> 0): floor((d - start) / step_days); negative before the start. */
long brink_date_to_step(brink_date start, int step_days, brink_date d);
/* First day of step k. */
brink_date brink_step_to_date(brink_date start, int step_days, long k);

/* ============================================================================================== */
/* scenario: the data model and its YAML loader                                                   */
/* ============================================================================================== */

/* How an uncertain number is drawn per run. */
typedef enum brink_dist_kind {
    BRINK_DIST_FIXED = 0, /* a plain value */
    BRINK_DIST_UNIFORM,   /* p = [a, b] */
    BRINK_DIST_TRIANGULAR,/* p = [lo, mode, hi] */
    BRINK_DIST_NORMAL,    /* p = [mu, sd] */
    BRINK_DIST_LOGNORMAL, /* p = [mu, sigma] of the log */
    BRINK_DIST_BETA,      /* p = [a, b] */
    BRINK_DIST_GAMMA      /* p = [k, theta] */
} brink_dist_kind;

/* Returns the scenario keyword of a distribution kind ("uniform", ...; "value" for FIXED). */
const char *brink_dist_kind_name(brink_dist_kind k);

/* A number from the scenario: a value or a distribution, with its metadata. Every value of a
 * loaded scenario has a slot in the per-run draw vector (brink_scenario_draw); read it as
 * draws[v->slot]. A value that the file does not give has present == 0 and the field's default in
 * `value`. Strings are owned by the scenario. */
typedef struct brink_value {
    double value;          /* the fixed value, or the distribution's central value (for display) */
    brink_dist_kind dist;
    double p[3];           /* distribution parameters */
    int has_bounds;        /* truncation bounds [lo, hi] apply */
    double lo, hi;
    int present;           /* given in the file */
    int assumed;           /* `assumed: true` */
    int has_as_of;         /* observed before the start */
    brink_date as_of;
    const char *unit;      /* as written in the file, or NULL */
    const char *source;    /* or NULL */
    const char *note;      /* or NULL */
    const char *path;      /* e.g. "actors.IRN_LEADER.positions.nuclear" */
    uint64_t key;          /* brink_hash_str(path): the draw's stream key */
    size_t slot;           /* index in the draw vector */
    int line, column;      /* where it was written (0 when not present) */
} brink_value;

typedef enum brink_actor_kind {
    BRINK_ACTOR_STATE = 0,
    BRINK_ACTOR_FACTION,
    BRINK_ACTOR_ARMED_GROUP,
    BRINK_ACTOR_BLOC,
    BRINK_ACTOR_ORGANISATION,
    BRINK_ACTOR_MEDIATOR,
    BRINK_ACTOR_KIND_COUNT
} brink_actor_kind;
const char *brink_actor_kind_name(brink_actor_kind k);

/* Action domains, as bits of brink_actor.domains. */
enum {
    BRINK_DOMAIN_DIPLOMATIC = 1u << 0,
    BRINK_DOMAIN_ECONOMIC = 1u << 1,
    BRINK_DOMAIN_NUCLEAR = 1u << 2,
    BRINK_DOMAIN_MILITARY = 1u << 3,
    BRINK_DOMAIN_DOMESTIC = 1u << 4
};

/* Named numeric fields of an actor, in the order of their tables (brink_actor_field_name). */
typedef enum brink_disposition {
    BRINK_DISP_RESOLVE = 0,
    BRINK_DISP_RISK,
    BRINK_DISP_HAWKISHNESS,
    BRINK_DISP_COST_SENSITIVITY,
    BRINK_DISP_COUNT
} brink_disposition;

typedef enum brink_capability {
    BRINK_CAP_MILITARY = 0,
    BRINK_CAP_ECONOMIC,
    BRINK_CAP_AIR_DEFENCE,    /* 0-1: share of strikes on the actor its air defences stop */
    BRINK_CAP_FORCES_DEPLOYED,/* 0-1: forces deployed within reach of adversaries (bases,
                               * fleets), the exposure `attack_us_forces` targets; 0: none */
    BRINK_CAP_COUNT
} brink_capability;

typedef enum brink_internal {
    BRINK_INT_GDP_USD_BN = 0,
    BRINK_INT_GDP_GROWTH,
    BRINK_INT_REVENUE_USD_BN,
    BRINK_INT_OIL_REVENUE_SHARE,
    BRINK_INT_INFLATION,
    BRINK_INT_EXCHANGE_RATE,
    BRINK_INT_HARDSHIP,
    BRINK_INT_LEGITIMACY,
    BRINK_INT_REPRESSION_CAPACITY,
    BRINK_INT_SECURITY_COHESION,
    BRINK_INT_HARDLINER_SHARE,
    BRINK_INT_PROTEST_INTENSITY,
    BRINK_INT_SHADOW_FLEET_MBD,
    BRINK_INT_COUNT
} brink_internal;

/* Key, unit and meaning of a disposition, capability or internal (static strings). */
const char *brink_disposition_name(brink_disposition d);
const char *brink_capability_name(brink_capability c);
const char *brink_internal_name(brink_internal i);
const char *brink_internal_unit(brink_internal i);

typedef enum brink_aggregation_rule {
    BRINK_AGG_NONE = 0,  /* no factions: the state speaks for itself */
    BRINK_AGG_VETO,      /* veto players hold an interval; the proposer proposes inside it */
    BRINK_AGG_WEIGHTED_MEAN
} brink_aggregation_rule;

/* A parameter override: the registry index of the parameter and its value. */
typedef struct brink_override {
    int param;
    brink_value value;
} brink_override;

typedef struct brink_actor {
    const char *id;
    const char *name;
    brink_actor_kind kind;
    int parent;           /* actor index, or -1 */
    int patron;           /* actor index, or -1 */
    int *members;         /* actor indices (blocs) */
    size_t nmembers;
    unsigned domains;     /* BRINK_DOMAIN_* bits */
    int has_born;
    brink_date born;
    brink_value capability[BRINK_CAP_COUNT];
    brink_value disposition[BRINK_DISP_COUNT];
    brink_value *position; /* [nissues]; present == 0 where the actor has no stake */
    brink_value *salience; /* [nissues] */
    brink_aggregation_rule aggregation;
    int *veto;            /* faction indices */
    size_t nveto;
    int proposer;         /* faction index, or -1 */
    brink_value internal[BRINK_INT_COUNT];
    brink_override *params;
    size_t nparams;
    /* an armed group's `proxy` block (has_proxy): capacity now (0-1 of its full strength), its
     * patron's control over its choices (0-1), the capacity per week that resupply restores
     * along an open route, and whether the route is open (route_open) */
    int has_proxy;
    brink_value proxy_capacity, proxy_control, proxy_resupply;
    int route_open;
    const char *source, *note;
    int line, column;
} brink_actor;

/* What a deal's point on an issue carries out (the issue's `executes`; docs/scenario-format.md):
 * nothing, relief from the sanctions between the parties, or constraints on their nuclear
 * programmes. At most one issue of a scenario has each role other than NONE. */
typedef enum brink_issue_role {
    BRINK_ISSUE_NONE = 0,
    BRINK_ISSUE_SANCTIONS_RELIEF,
    BRINK_ISSUE_NUCLEAR_CONSTRAINTS,
    BRINK_ISSUE_ROLE_COUNT
} brink_issue_role;
/* The scenario keyword of a role ("nothing", "sanctions_relief", "nuclear_constraints"). */
const char *brink_issue_role_name(brink_issue_role r);

typedef struct brink_issue {
    const char *id, *name, *low, *high;
    brink_issue_role executes;
} brink_issue;

typedef enum brink_talks_status {
    BRINK_TALKS_NONE = 0,
    BRINK_TALKS_INDIRECT,
    BRINK_TALKS_DIRECT
} brink_talks_status;
const char *brink_talks_status_name(brink_talks_status t);

/* The relation that actor `from` holds toward actor `to`. Every ordered pair has one (the
 * scenario's default where the file lists none); read it with brink_scenario_relation. */
typedef struct brink_relation {
    int listed;           /* the pair is written in the file */
    brink_value alignment;
    brink_value trust_alpha, trust_beta;
    brink_value resolve_belief;
    brink_value hostility;
    brink_value sanctions;
    int rung;             /* 0..10 */
    brink_talks_status talks;
    int mediator;         /* actor index, or -1 */
    int principal, fears, restrains;
    brink_override *params;
    size_t nparams;
    const char *source, *note;
} brink_relation;

typedef enum brink_commodity {
    BRINK_OIL = 0,
    BRINK_GAS,
    BRINK_ELECTRICITY
} brink_commodity;
const char *brink_commodity_name(brink_commodity c);
/* The unit of a flow's volume of that commodity ("mb/d", "mcm/d", "MW"). */
const char *brink_commodity_volume_unit(brink_commodity c);

typedef struct brink_market {
    const char *id, *name;
    brink_commodity commodity;
    brink_value price;
    const char *source, *note;
} brink_market;

typedef struct brink_flow {
    const char *id;
    brink_commodity commodity;
    int from, to;         /* actor indices */
    int market;           /* market index, or -1 */
    brink_value volume;
    brink_value discount;
    brink_value enforcement_sensitivity;
    brink_value switching_cost;
    int has_waiver;
    int waiver_by;        /* actor index */
    int waiver_active;
    int waiver_has_expiry;
    brink_date waiver_expires;
    brink_override *params;
    size_t nparams;
    const char *source, *note;
} brink_flow;

#define BRINK_MAX_LEVELS 8
typedef struct brink_programme {
    const char *id;
    int owner;            /* actor index */
    brink_value sq_kg;
    size_t nlevels;
    double levels[BRINK_MAX_LEVELS];       /* percent U-235, increasing */
    brink_value stock_kg[BRINK_MAX_LEVELS];
    brink_value rate_kg_per_month[BRINK_MAX_LEVELS];
    int max_level;        /* index into levels, or -1 */
    brink_value integrity;
    brink_value iaea_access;
    int npt_member;
    brink_value breakout_weeks; /* a published estimate (not used by the mechanism, which
                                 * computes breakout time; tests compare the two) */
    brink_value capacity_swu_per_year; /* enrichment capacity at integrity 1 (SWU/yr; 0: none) */
    /* an agreement's caps on the programme (`agreement:`), or has_agreement == 0 */
    int has_agreement;
    double level_cap;          /* % U-235 (0: no cap on the level) */
    brink_value stock_cap_kg;  /* total enriched stock, kg U (0: no cap on the stock) */
    int complying;             /* 1: the owner keeps the caps at the start (frozen) */
    int breached;              /* 1: the other side has broken the agreement at the start */
    const char *source, *note;
} brink_programme;

typedef struct brink_chokepoint {
    const char *id, *name;
    int controller;       /* actor index, or -1 */
    int *carries;         /* flow indices */
    size_t ncarries;
    brink_value world_oil_share;
    const char *source, *note;
} brink_chokepoint;

typedef struct brink_instrument {
    const char *id, *name;
    int *notifiers;
    size_t nnotifiers;
    int has_notify_by;
    brink_date notify_by;
    int delay_days;
    int blockable;
    int *vetoers;
    size_t nvetoers;
    const char *effect_sanctions; /* or NULL */
    int effect_target;        /* actor index, or -1 */
    const char *source, *note;
} brink_instrument;

typedef enum brink_schedule_type {
    BRINK_SCHED_WAIVER_EXPIRY = 0,
    BRINK_SCHED_DEADLINE,
    BRINK_SCHED_TERMINATION,
    BRINK_SCHED_ELECTION,
    BRINK_SCHED_CUSTOM,
    BRINK_SCHED_ENFORCEMENT, /* actor's enforcement on target changes by `size` */
    BRINK_SCHED_NEWS,        /* a shock of `size` news units to target's currency */
    BRINK_SCHED_STRIKE,      /* actor strikes target at rung `size` (4-9; conflict.c) */
    BRINK_SCHED_PRICE_HIKE   /* target's government raises a regulated price (fuel, bread) by
                              * `size` (a fraction: 0.5 = +50 %); a protest trigger (domestic.c) */
} brink_schedule_type;
const char *brink_schedule_type_name(brink_schedule_type t);

typedef struct brink_scheduled {
    brink_date date;
    long step;            /* brink_date_to_step of date (negative when past) */
    brink_schedule_type type;
    int actor, target, flow, instrument; /* indices, or -1 */
    int past;
    brink_value size;     /* enforcement: the change of enforcement (-1..1); news: news units
                             (1 = a major shock); present == 0 for other types */
    const char *text, *source, *note;
} brink_scheduled;

/* Event types (MODEL.md §4). */
typedef enum brink_event_type {
    BRINK_EV_TALKS_PROPOSED = 0,
    BRINK_EV_TALKS_OPENED,
    BRINK_EV_TALKS_BROKEN,
    BRINK_EV_DEAL_SIGNED,
    BRINK_EV_DEAL_BREACHED,
    BRINK_EV_SANCTIONS_TIGHTENED,
    BRINK_EV_SANCTIONS_EASED,
    BRINK_EV_WAIVER_GRANTED,
    BRINK_EV_WAIVER_REVOKED,
    BRINK_EV_SNAPBACK_NOTIFIED,
    BRINK_EV_UN_SANCTIONS_RESTORED,
    BRINK_EV_ENRICHMENT_EXPANDED,
    BRINK_EV_ENRICHMENT_90,
    BRINK_EV_IAEA_ACCESS_CUT,
    BRINK_EV_IAEA_ACCESS_RESTORED,
    BRINK_EV_NPT_WITHDRAWAL,
    BRINK_EV_THREAT,
    BRINK_EV_PROXY_ATTACK,
    BRINK_EV_SABOTAGE,
    BRINK_EV_STRIKE_MILITARY,
    BRINK_EV_STRIKE_NUCLEAR,
    BRINK_EV_STRIKE_ENERGY,
    BRINK_EV_SHIPPING_ATTACK,
    BRINK_EV_HORMUZ_CLOSED,
    BRINK_EV_HORMUZ_REOPENED,
    BRINK_EV_ATTACK_US_FORCES,
    BRINK_EV_CEASEFIRE,
    BRINK_EV_PROTEST_WAVE_STARTED,
    BRINK_EV_PROTEST_WAVE_ENDED,
    BRINK_EV_CRACKDOWN,
    BRINK_EV_INTERNET_SHUTDOWN,
    BRINK_EV_LEADER_DIED,
    BRINK_EV_LEADER_KILLED,
    BRINK_EV_LEADER_REPLACED,
    BRINK_EV_REGIME_COLLAPSE,
    BRINK_EV_INTERIM_DEAL_SIGNED, /* a deal on part of the gap (diplomacy.c) */
    BRINK_EV_COUNT
} brink_event_type;
const char *brink_event_type_name(brink_event_type t);

/* The CAMEO code (Schrodt, CAMEO 1.1b3) that an event type maps to, e.g. "163" for
 * sanctions_tightened, or NULL when the type has no CAMEO equivalent (enrichment_90, leader_died,
 * ...), in which case it carries no Goldstein weight. Static storage. */
const char *brink_event_cameo(brink_event_type t);

/* Looks code up in the CAMEO table compiled into the library (data/cameo_goldstein.tsv, 311
 * codes): its Goldstein (1992) weight in [-10, 10] and its description, copied into desc (size
 * n; desc may be NULL). Returns BRINK_OK, or BRINK_EINVAL for an unknown code. Thread-safe. */
int brink_cameo_lookup(const char *code, double *goldstein, char *desc, size_t n);

/* Indicators (MODEL.md §4). */
typedef enum brink_indicator {
    BRINK_IND_OIL_EXPORTS_MBD = 0,
    BRINK_IND_FLOW_VOLUME,
    BRINK_IND_OIL_PRICE,
    BRINK_IND_OIL_DISCOUNT,
    BRINK_IND_REVENUE_USD_BN,
    BRINK_IND_EXCHANGE_RATE,
    BRINK_IND_INFLATION,
    BRINK_IND_HARDSHIP,
    BRINK_IND_LEGITIMACY,
    BRINK_IND_PROTEST_INTENSITY,
    BRINK_IND_STOCK_60_KG,
    BRINK_IND_BREAKOUT_WEEKS,
    BRINK_IND_IAEA_ACCESS,
    BRINK_IND_RUNG,
    BRINK_IND_TRUST,
    BRINK_IND_POSITION,
    BRINK_IND_TALKS_STATUS,
    BRINK_IND_PROXY_CAPACITY,    /* an armed group's capacity, 0-1 */
    BRINK_IND_CHOKEPOINT_STATUS, /* 0 open, 1 harassed, 2 closed */
    BRINK_IND_HARDLINER_SHARE,   /* a state's factional balance: hard-liners' share of influence */
    BRINK_IND_COUNT
} brink_indicator;
const char *brink_indicator_name(brink_indicator i);

/* What an indicator is measured on. */
typedef enum brink_subject_kind {
    BRINK_SUBJECT_ACTOR = 0,
    BRINK_SUBJECT_FLOW,
    BRINK_SUBJECT_MARKET,
    BRINK_SUBJECT_PROGRAMME,
    BRINK_SUBJECT_DYAD,
    BRINK_SUBJECT_CHOKEPOINT
} brink_subject_kind;

/* An actor pattern in an event question: one actor (with its factions and proxies when
 * `family` is set: written "ID*"), or anyone ("*": actor == -1). */
typedef struct brink_actor_pattern {
    int actor;
    int family;
} brink_actor_pattern;

typedef struct brink_question {
    const char *id, *text;
    int is_event;
    /* event questions */
    brink_event_type event;
    brink_actor_pattern actor, target;
    /* indicator questions */
    brink_indicator indicator;
    brink_subject_kind subject_kind;
    int subject, subject2; /* indices (subject2: the dyad's second actor, or -1) */
    int issue;             /* for `position`: the issue index, or -1 */
    int above;             /* 1: above threshold, 0: below */
    double threshold;
    int for_weeks;         /* 0: the condition at `to` (written `at`) */
    /* window, as dates and as steps [from_step, to_step] inclusive */
    brink_date from, to;
    long from_step, to_step;
    int line, column;
    /* the base-rate reference forecast printed beside the model's (scenario `reference`):
     * has_reference 0 when the question gives none; ref_source may be NULL */
    int has_reference;
    double ref_p;
    const char *ref_basis, *ref_source;
} brink_question;

/* ---- the parameter registry ---- */

typedef enum brink_param_scope {
    BRINK_SCOPE_GLOBAL = 0,
    BRINK_SCOPE_ACTOR,
    BRINK_SCOPE_DYAD,
    BRINK_SCOPE_FLOW
} brink_param_scope;
const char *brink_param_scope_name(brink_param_scope s);

/* One registered mechanism parameter. Static data. */
typedef struct brink_param_def {
    const char *name;     /* "module.name_unit", e.g. "economy.evasion_halflife_weeks" */
    brink_param_scope scope;
    int integer;          /* 1: integer-valued (never a distribution) */
    double def;           /* generic default */
    const char *unit;
    double lo, hi;        /* bounds, inclusive */
    const char *meaning;  /* one line */
    const char *basis;    /* the paper or fact the default rests on */
} brink_param_def;

size_t brink_param_count(void);
/* The i-th parameter (i < brink_param_count()), or NULL. */
const brink_param_def *brink_param_get(size_t i);
/* Index of the parameter named name, or -1. */
int brink_param_find(const char *name);

/* ---- the scenario ---- */

/* A loaded, validated scenario. Immutable after loading; any number of threads may read it. */
typedef struct brink_scenario {
    const char *file;      /* the name used in messages */
    const char *name, *description, *source;
    brink_date start;
    int horizon_weeks;
    int step_days;
    long nsteps;           /* steps covering horizon_weeks */
    uint64_t seed;
    const char *negotiation_model; /* "eu", "smp", "mean", "median", "nash" */
    const char *calibration; /* the frozen calibration its params come from ("FILE fnv1a64:..."),
                                or NULL; recorded in forecast.json (brink calibrate) */
    brink_issue *issues;
    size_t nissues;
    brink_actor *actors;
    size_t nactors;
    brink_relation *relations; /* [nactors * nactors], row = from */
    size_t nlisted_pairs;
    brink_market *markets;
    size_t nmarkets;
    brink_flow *flows;
    size_t nflows;
    brink_programme *programmes;
    size_t nprogrammes;
    brink_chokepoint *chokepoints;
    size_t nchokepoints;
    brink_instrument *instruments;
    size_t ninstruments;
    brink_scheduled *schedule;
    size_t nschedule;
    brink_question *questions;
    size_t nquestions;
    brink_override *params; /* global overrides */
    size_t nparams;
    const brink_value **values; /* every value, in file order (draw slots 0..nvalues-1) */
    size_t nvalues;
    void *priv_;            /* private: the scenario's memory */
} brink_scenario;

/* Options of the loader. Zero-initialise, then set what you need. */
typedef struct brink_load_options {
    size_t max_bytes;   /* size cap (0: BRINK_DEFAULT_MAX_BYTES) */
    int strict;         /* every value needs `source` or `assumed: true` */
    /* Overrides "PATH=VALUE" applied before validation (the CLI's --set), in order: PATH walks
     * mappings by key, lists by an entry's id (or name), relations by "A>B"
     * (relations.IRN_LEADER>USA.trust.alpha), and a parameter name with dots is one key
     * (params.economy.evasion_halflife_weeks); a key absent from the file is added. VALUE is YAML
     * (a number, {triangular: [1, 2, 3]}, ...). Borrowed. */
    const char *const *sets;
    size_t nsets;
} brink_load_options;

#define BRINK_DEFAULT_MAX_BYTES ((size_t)16 * 1024 * 1024)
#define BRINK_MAX_DEPTH 64
/* Size limits of a scenario: actors (the relation matrix is actors squared), issues, and the
 * entries of any other list. */
#define BRINK_MAX_ACTORS 256
#define BRINK_MAX_ISSUES 64
#define BRINK_MAX_ENTRIES 10000
#define BRINK_MAX_NODE_VISITS 1000000

/* Loads and validates the scenario in file `path`. opts may be NULL. On success *out is a new
 * scenario freed with brink_scenario_free. Errors: BRINK_EIO (cannot read), BRINK_EINVAL (the
 * file is not a valid scenario: err has file, line, column and what was expected),
 * BRINK_ENOMEM. Nothing is allocated on failure. */
int brink_scenario_load_file(const char *path, const brink_load_options *opts,
                             brink_scenario **out, brink_error *err);

/* As brink_scenario_load_file for len bytes of text in memory; name is used in messages. */
int brink_scenario_load_buffer(const char *text, size_t len, const char *name,
                               const brink_load_options *opts, brink_scenario **out,
                               brink_error *err);

/* The text of the built-in scenario (scenarios/iran-2025.yaml, compiled in), its length and the
 * name used in messages. Static storage. */
const char *brink_builtin_scenario(size_t *len, const char **name);

void brink_scenario_free(brink_scenario *sc);

/* Index of the actor (issue, flow, ...) with id, or -1. */
int brink_scenario_actor(const brink_scenario *sc, const char *id);
int brink_scenario_issue(const brink_scenario *sc, const char *id);
int brink_scenario_flow(const brink_scenario *sc, const char *id);

/* The relation from actor a to actor b (a != b), borrowed. */
const brink_relation *brink_scenario_relation(const brink_scenario *sc, int a, int b);

/* Draws every value of sc for run `run` of master seed `seed` into draws[0..nvalues-1]: fixed
 * values are copied; each distribution is drawn from its own stream keyed by its path, so the
 * result for one value does not depend on any other. Truncated distributions redraw (at most
 * 1,000 times). Returns BRINK_OK, or BRINK_ERANGE when truncation did not succeed (err names the
 * value). Thread-safe. */
int brink_scenario_draw(const brink_scenario *sc, uint64_t seed, uint64_t run, double *draws,
                        brink_error *err);

/* The value of a parameter for an actor, dyad or flow (index -1 where the scope does not use
 * it), resolved from the most specific override to the global override to the registry's
 * default, reading overrides from draws (a vector from brink_scenario_draw) or, when draws is
 * NULL, their central values. */
double brink_scenario_param(const brink_scenario *sc, const double *draws, int param, int actor,
                            int other, int flow);

#ifdef __cplusplus
}
#endif

#endif /* BRINK_H */
