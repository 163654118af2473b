/* SPDX-License-Identifier: MIT */
/*
 * paired.h — ensembles paired run by run on common random numbers, shared by `brink compare`
 * (one alternative) and `brink sensitivity` (one alternative per parameter setting).
 *
 * Every ensemble runs the same run indices of the same master seed, and every value and every
 * mechanism's draw comes from a stream keyed by (seed, run, path or key) (src/sim/run.h), so run
 * i of an alternative differs from run i of the base only by the change and what follows from
 * it. The base's per-run outcomes and final values are kept in memory (1 + questions + 8 x
 * series bytes per run), and each run of an alternative is paired with them as it is merged: the
 * difference of two probabilities then has the standard error of the mean of the paired
 * differences, sqrt(s_d^2 / n), much smaller than the unpaired one when the runs are correlated.
 * Sinks are called in run-index order and every sum is accumulated in that order (question sums
 * in integers), so what is computed from them is byte-identical at any --threads.
 *
 * A pilot (sensitivity): the base also keeps the whole record of its first `pilot` runs (every
 * series at every step, every outcome and resolution step), and each alternative notes whether
 * any of those runs differs from the base's in anything (pairing.alt_differs), so that a change
 * that does nothing can be recognised after `pilot` runs and not run further.
 */
#ifndef BRINK_CLI_PAIRED_H
#define BRINK_CLI_PAIRED_H

#include "cli.h"

#include "sim/ensemble.h"

#include <stdint.h>

/* One side of a comparison: a scenario (its text, owned when read from a file), its series and
 * aggregate, and a label ("file --set a=b ..."). */
typedef struct paired_side {
    char *owned;
    const char *text, *name;
    size_t len;
    brink_scenario *sc;
    brink_series *series;
    size_t nseries;
    long nsteps;
    brink_aggregate *agg;
    uint64_t hash;
    char label[1024];
} paired_side;

/* What pairs the runs: the base's per-run record, then the sums over paired runs. */
typedef struct pairing {
    paired_side *base, *alt;
    uint64_t runs;
    unsigned char *b_ok; /* [runs] */
    signed char *b_out;  /* [runs * base nq] */
    double *b_val;       /* [runs * base nseries] value at the end of the last step */
    long *qmap, *smap;   /* alt question / series -> base index, or -1 */
    /* per base question: paired runs, YES in base, YES in alt, YES only in base / only in alt */
    uint64_t *qn, *qyb, *qya, *qob, *qoa;
    /* per base series: paired finite values, sums of base, alt, d and d^2 */
    uint64_t *sn;
    double *sb, *sa, *sbb, *saa, *sd, *sd2;
    uint64_t paired; /* runs ok on both sides */
    /* the pilot: the base's whole record of runs [0, pilot) */
    uint64_t pilot;
    double *p_val;   /* [pilot * nsteps * nseries] */
    long *p_res;     /* [pilot * nq] resolution steps */
    int alt_differs; /* some pilot run of the alternative differs from the base's */
    int bar, drawn;
    const char *phase;
} pairing;

/* Standard error of a paired mean difference from n, the sum of d and of d^2 (NaN for n < 2). */
double paired_se(uint64_t n, double sum, double sum2);

/* brink_calloc of n elements of size (at least one), setting *fail on overflow or failure. */
void *paired_calloc(size_t n, size_t size, int *fail);

/* Loads side s from len bytes of text named name (borrowed; s->owned stays NULL) with the
 * overrides sets (may be NULL), computes its hash (text and overrides), label and series. */
int paired_load_text(paired_side *s, const char *text, size_t len, const char *name,
                     const cli_sets *sets, brink_error *err);

/* As paired_load_text from file (NULL: the built-in scenario), which s then owns. */
int paired_load_side(paired_side *s, const char *file, const cli_sets *sets, brink_error *err);

/* Frees what s holds and zeroes it. */
void paired_free_side(paired_side *s);

/* Allocates p's memory for runs runs of base with a pilot of pilot runs (0: none), and sets
 * base, runs and the progress bar (bar: 1 to draw one on stderr). alt is attached later with
 * paired_attach. Returns BRINK_OK or BRINK_ENOMEM (err filled); free with paired_free. */
int paired_init(pairing *p, paired_side *base, uint64_t runs, uint64_t pilot, int bar,
                brink_error *err);

/* Makes alt the alternative of p: maps its questions and series onto the base's by id and name
 * and zeroes the paired sums. Returns BRINK_OK or BRINK_ENOMEM. */
int paired_attach(pairing *p, paired_side *alt, brink_error *err);

/* Frees p's memory (not its sides). */
void paired_free(pairing *p);

/* Runs the base's ensemble of seed with threads workers, recording what pairing needs. */
int paired_run_base(pairing *p, uint64_t seed, unsigned threads, brink_error *err);

/* Runs (or continues) the attached alternative's ensemble of seed, pairing each run with the
 * base's, until its runs [0, stop_after) are merged (0: all of them). phase names it in the
 * progress display. */
int paired_run_alt(pairing *p, uint64_t seed, unsigned threads, uint64_t stop_after,
                   const char *phase, brink_error *err);

/* Clears the progress display if one is drawn. */
void paired_clear_bar(pairing *p);

#endif
