/* SPDX-License-Identifier: MIT */
/*
 * io.c — whole-file reads and crash-safe writes (see io.h).
 *
 * A commit is: fflush, fsync of the file, fclose, rename over the target, then fsync of the
 * directory so the rename itself survives a power cut (best effort: some file systems refuse a
 * directory fsync, which is not an error).
 */
#include "io/io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

uint64_t brink_io_fnv1a64(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

int brink_io_read_file(const char *path, size_t max, char **text, size_t *len, brink_error *err)
{
    *text = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    size_t cap = 65536, n = 0;
    char *buf = brink_malloc(cap);
    int rc = buf ? BRINK_OK : brink_error_set(err, BRINK_ENOMEM, path, 0, 0, "out of memory");
    while (!rc) {
        if (n + 1 >= cap) {
            if (cap > SIZE_MAX / 2) {
                rc = brink_error_set(err, BRINK_ERANGE, path, 0, 0, "file too large");
                break;
            }
            char *nb = brink_realloc(buf, cap * 2);
            if (!nb) {
                rc = brink_error_set(err, BRINK_ENOMEM, path, 0, 0, "out of memory");
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (max && n > max)
            rc = brink_error_set(err, BRINK_EINVAL, path, 0, 0,
                                 "larger than the size cap of %zu bytes", max);
        if (got == 0) {
            if (ferror(f))
                rc =
                    brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
            break;
        }
    }
    fclose(f);
    if (rc) {
        brink_free(buf);
        return rc;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return BRINK_OK;
}

int brink_io_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

int brink_io_mkdir(const char *dir, brink_error *err)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return BRINK_OK;
        return brink_error_set(err, BRINK_EIO, dir, 0, 0, "exists and is not a directory");
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return brink_error_set(err, BRINK_EIO, dir, 0, 0, "cannot create the directory: %s",
                               strerror(errno));
    return BRINK_OK;
}

char *brink_io_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    int slash = a > 0 && dir[a - 1] != '/';
    char *p = brink_malloc(a + (size_t)slash + b + 1);
    if (!p)
        return NULL;
    memcpy(p, dir, a);
    if (slash)
        p[a] = '/';
    memcpy(p + a + (size_t)slash, name, b + 1);
    return p;
}

int brink_io_sync(FILE *f)
{
    if (fflush(f) != 0)
        return -1;
    if (fsync(fileno(f)) != 0 && errno != EINVAL && errno != EROFS)
        return -1; /* EINVAL/EROFS: a pipe or special file that cannot be synced */
    return 0;
}

/* fsync of the directory holding path (best effort). Allocates nothing, so that publishing a
 * finished file cannot fail for want of memory; a directory name longer than PATH_MAX is not
 * synced. */
static void sync_dir_of(const char *path)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (slash == path ? 1 : (size_t)(slash - path)) : 1;
    if (n >= sizeof dir)
        return;
    if (slash)
        memcpy(dir, path, n);
    else
        dir[0] = '.';
    dir[n] = '\0';
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

static void afile_clear(brink_afile *af)
{
    brink_free(af->path);
    brink_free(af->tmp);
    memset(af, 0, sizeof *af);
}

int brink_afile_open(brink_afile *af, const char *path, brink_error *err)
{
    memset(af, 0, sizeof *af);
    af->path = brink_strdup(path);
    size_t n = strlen(path);
    af->tmp = brink_malloc(n + 5);
    if (!af->path || !af->tmp) {
        afile_clear(af);
        return brink_error_set(err, BRINK_ENOMEM, path, 0, 0, "out of memory");
    }
    memcpy(af->tmp, path, n);
    memcpy(af->tmp + n, ".tmp", 5);
    af->f = fopen(af->tmp, "wb");
    if (!af->f) {
        int rc =
            brink_error_set(err, BRINK_EIO, af->tmp, 0, 0, "cannot create: %s", strerror(errno));
        afile_clear(af);
        return rc;
    }
    return BRINK_OK;
}

int brink_afile_finish(brink_afile *af, brink_error *err)
{
    /* fflush before looking at ferror: a write that failed earlier (ENOSPC) left data in the
     * buffer, and flushing it again sets errno to the real cause */
    int bad = brink_io_sync(af->f) != 0;
    int e = errno;
    if (!bad && ferror(af->f)) {
        bad = 1;
        e = EIO;
    }
    if (fclose(af->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    af->f = NULL;
    if (bad) {
        int rc = brink_error_set(err, BRINK_EIO, af->path, 0, 0, "cannot write: %s", strerror(e));
        remove(af->tmp);
        afile_clear(af);
        return rc;
    }
    return BRINK_OK;
}

int brink_afile_publish(brink_afile *af, brink_error *err)
{
    if (rename(af->tmp, af->path) != 0) {
        int e = errno;
        int rc = brink_error_set(err, BRINK_EIO, af->path, 0, 0, "cannot rename %s into place: %s",
                                 af->tmp, strerror(e));
        remove(af->tmp);
        afile_clear(af);
        return rc;
    }
    sync_dir_of(af->path);
    afile_clear(af);
    return BRINK_OK;
}

int brink_afile_commit(brink_afile *af, brink_error *err)
{
    int rc = brink_afile_finish(af, err);
    return rc ? rc : brink_afile_publish(af, err);
}

void brink_afile_abort(brink_afile *af)
{
    if (af->f)
        fclose(af->f);
    if (af->tmp)
        remove(af->tmp);
    afile_clear(af);
}

int brink_io_write_atomic(const char *path, const void *data, size_t n, brink_error *err)
{
    brink_afile af;
    int rc = brink_afile_open(&af, path, err);
    if (rc)
        return rc;
    if (n && fwrite(data, 1, n, af.f) != n) {
        rc = brink_error_set(err, BRINK_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
        brink_afile_abort(&af);
        return rc;
    }
    return brink_afile_commit(&af, err);
}
