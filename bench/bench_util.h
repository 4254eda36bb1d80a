/* Helpers shared by the benchmark programs in bench/. */
#ifndef CARE_BENCH_UTIL_H
#define CARE_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>

/* A whole file in a new buffer (*len bytes), NULL when it cannot be read. */
static inline char *bench_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n >= 0 ? (size_t)n : 0;
    return buf;
}

#endif
