/* SPDX-License-Identifier: MIT */
/*
 * fuzz_partial.c — libFuzzer target for the partial aggregates of sharded ensembles
 * (io/partial.h, read by `brink merge`): any byte string must give a partial or BRINK_EINVAL
 * (BRINK_ENOMEM at worst), never crash, hang or leak. Each input is parsed twice: as it is, and
 * with its last 8 bytes replaced by the FNV-1a checksum of the rest, so that mutations get past
 * the checksum and reach the structure behind it. A partial that parses is merged alone (a
 * shard 0 of 1 must merge; any other must be refused as incomplete), which checks that what the
 * reader accepts is consistent. Built with -DBRINK_FUZZ=ON (clang); replayed by ctest
 * (fuzz.partial).
 */
#include "brink.h"
#include "io/partial.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
    if (!ok)
        abort();
}

static void one(const unsigned char *buf, size_t size)
{
    brink_partial *p = NULL;
    brink_error err;
    int rc = brink_partial_parse(buf, size, "fuzz.part", &p, &err);
    if (rc != BRINK_OK) {
        check(p == NULL);
        check(rc == BRINK_EINVAL || rc == BRINK_ENOMEM);
        return;
    }
    brink_aggregate *a = NULL;
    rc = brink_partials_merge(&p, 1, &a, &err);
    if (p->shard_n == 1)
        check(rc == BRINK_OK || rc == BRINK_ENOMEM);
    else
        check(rc == BRINK_EINVAL);
    brink_aggregate_free(a);
    brink_partial_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an exact-size copy, so that ASan sees any read past the end */
    unsigned char *buf = calloc(size ? size : 1, 1);
    if (!buf)
        return 0;
    if (size)
        memcpy(buf, data, size);
    one(buf, size);
    if (size >= 16) {
        uint64_t h = 0xcbf29ce484222325ULL;
        for (size_t i = 0; i < size - 8; i++)
            h = (h ^ buf[i]) * 0x100000001b3ULL;
        for (int i = 0; i < 8; i++)
            buf[size - 8 + (size_t)i] = (unsigned char)(h >> (8 * i));
        one(buf, size);
    }
    free(buf);
    return 0;
}
