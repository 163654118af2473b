/* SPDX-License-Identifier: MIT */
/*
 * replay.c — a main() for the fuzz targets without libFuzzer: feeds every file named on the
 * command line (a directory: every regular file in it and below, in sorted order) to
 * LLVMFuzzerTestOneInput once. ctest links each tests/fuzz/fuzz_*.c with it and replays the seed
 * inputs and tests/fuzz/regress/TARGET/ (inputs that once crashed) in every build, so a crash
 * found by fuzzing stays fixed even where clang is not installed; under ASan and UBSan it also
 * catches leaks and undefined behaviour. Prints how many inputs it ran; exit 0, or 1 when a file
 * cannot be read or there was no input at all (a target that finds a bug aborts).
 */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs the target on path (a file, or a directory walked recursively); counts inputs in *n.
 * Returns 0, or 1 when something cannot be read. */
static int replay(const char *path, long *n)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: cannot stat\n", path);
        return 1;
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d) {
            fprintf(stderr, "replay: %s: cannot open the directory\n", path);
            return 1;
        }
        char **names = NULL;
        size_t count = 0, cap = 0;
        int bad = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            if (count == cap) {
                cap = cap ? 2 * cap : 64;
                char **nn = realloc(names, cap * sizeof *names);
                if (!nn) {
                    bad = 1;
                    break;
                }
                names = nn;
            }
            size_t len = strlen(path) + strlen(e->d_name) + 2;
            names[count] = malloc(len);
            if (!names[count]) {
                bad = 1;
                break;
            }
            snprintf(names[count], len, "%s/%s", path, e->d_name);
            count++;
        }
        closedir(d);
        if (count)
            qsort(names, count, sizeof *names, by_name);
        for (size_t i = 0; i < count; i++) {
            if (!bad)
                bad = replay(names[i], n);
            free(names[i]);
        }
        free(names);
        return bad;
    }
    if (!S_ISREG(st.st_mode))
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: %s: cannot open\n", path);
        return 1;
    }
    size_t size = (size_t)st.st_size;
    uint8_t *buf = malloc(size ? size : 1); /* exact size: ASan sees a read past the end */
    size_t got = buf ? fread(buf, 1, size, f) : 0;
    fclose(f);
    if (!buf || got != size) {
        fprintf(stderr, "replay: %s: cannot read\n", path);
        free(buf);
        return 1;
    }
    LLVMFuzzerTestOneInput(buf, size);
    free(buf);
    (*n)++;
    return 0;
}

int main(int argc, char **argv)
{
    long n = 0;
    int bad = 0;
    for (int i = 1; i < argc; i++)
        bad |= replay(argv[i], &n);
    printf("replayed %ld inputs\n", n);
    if (n == 0) {
        fprintf(stderr, "replay: no input found\n");
        return 1;
    }
    return bad;
}
