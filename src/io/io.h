/* SPDX-License-Identifier: MIT */
/*
 * io.h — files for the io layer (internal to the library): whole-file reads, crash-safe writes
 * (a temporary name beside the target, flushed to disk, then renamed over it, so a reader sees
 * the old file or the new one and never half of one), directory creation, FNV-1a 64.
 *
 * The io layer sits above sim (it may call sim; sim never calls io). Nothing here prints.
 */
#ifndef BRINK_IO_IO_H
#define BRINK_IO_IO_H

#include "brink.h"

#include <stdint.h>
#include <stdio.h>

/* FNV-1a 64 of n bytes, continuing from h (start with BRINK_FNV_OFFSET). */
#define BRINK_FNV_OFFSET 0xcbf29ce484222325ULL
uint64_t brink_io_fnv1a64(uint64_t h, const void *p, size_t n);

/* Reads the whole file at path into a new NUL-terminated buffer (*text, freed with brink_free;
 * *len excludes the NUL). max > 0 caps the size. Errors: BRINK_EIO (cannot open or read; err
 * names the file and strerror), BRINK_EINVAL (larger than max), BRINK_ENOMEM. */
int brink_io_read_file(const char *path, size_t max, char **text, size_t *len, brink_error *err);

/* 1 when path names an existing file (of any kind), else 0. */
int brink_io_exists(const char *path);

/* Creates directory dir (one level) unless it exists as a directory. Errors: BRINK_EIO. */
int brink_io_mkdir(const char *dir, brink_error *err);

/* Returns a new string "dir/name" (freed with brink_free), or NULL when memory runs out. */
char *brink_io_join(const char *dir, const char *name);

/* A file being written under a temporary name ("path.tmp") and renamed to path on commit. */
typedef struct brink_afile {
    FILE *f;
    char *path;
    char *tmp;
} brink_afile;

/* Opens path's temporary name for writing (truncating it). Errors: BRINK_EIO, BRINK_ENOMEM. */
int brink_afile_open(brink_afile *af, const char *path, brink_error *err);
/* Flushes, syncs to disk, closes and renames the temporary file to its path; frees af's names.
 * The same as brink_afile_finish then brink_afile_publish. Errors: BRINK_EIO (the temporary file
 * is removed). */
int brink_afile_commit(brink_afile *af, brink_error *err);
/* The first half of a commit: flushes, syncs to disk and closes the temporary file, which stays
 * under its temporary name (af keeps its names) until brink_afile_publish or brink_afile_abort.
 * A caller writing several files finishes them all before publishing any, so that a failure to
 * write (a full disk) changes none of the files already there. Errors: BRINK_EIO (the temporary
 * file is removed and af cleared). */
int brink_afile_finish(brink_afile *af, brink_error *err);
/* The second half: renames the finished temporary file to its path, syncs the directory, frees
 * af's names. Errors: BRINK_EIO (the temporary file is removed and af cleared). */
int brink_afile_publish(brink_afile *af, brink_error *err);
/* Closes (if open) and removes the temporary file; frees af's names. Accepts a zeroed, finished
 * or committed af (committed and published ones are zeroed: nothing is removed). */
void brink_afile_abort(brink_afile *af);

/* Writes n bytes to path crash-safely (brink_afile). Errors: BRINK_EIO, BRINK_ENOMEM. */
int brink_io_write_atomic(const char *path, const void *data, size_t n, brink_error *err);

/* Flushes f and syncs it to disk. Returns 0 or -1 (errno set). */
int brink_io_sync(FILE *f);

#endif
