/* Replay driver: runs every file of ROOT/parse, ROOT/pipeline and ROOT/font
 * (tests/fuzz-corpus/ and tests/crashers/) through the fuzz targets' entry points
 * (fuzz/targets.c) without libFuzzer, so the corpus and every crash ever found
 * run in ctest, under the sanitizers in the CAREPAGE_SANITIZE build.
 *
 *   carepage-replay ROOT...      exit 0 when every input ran, 1 on a bad ROOT
 *   carepage-replay -t TARGET FILE...   one target, given files
 */
#define _POSIX_C_SOURCE 200809L
#include "targets.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const TARGETS[] = {"parse", "pipeline", "font", "image"};

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run one file; returns 0, or 1 when it cannot be read. */
static int run_file(care_fuzz_fn fn, const char *target, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return 1;
    }
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        unsigned char *grown = realloc(buf, cap * 2);
        if (!grown)
            free(buf);
        buf = grown;
        cap *= 2;
    }
    bool failed = !buf || ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        fprintf(stderr, "replay: cannot read %s\n", path);
        return 1;
    }
    fprintf(stderr, "replay: %s %s (%zu bytes)\n", target, path, n);
    fn(buf, n);
    free(buf);
    return 0;
}

/* Every regular file of dir, in name order. */
static int run_dir(const char *target, const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0; /* a root need not have every target */
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown) {
                rc = 1;
                break;
            }
            names = grown;
        }
        size_t len = strlen(dir) + strlen(ent->d_name) + 2;
        if (!(names[n] = malloc(len))) {
            rc = 1;
            break;
        }
        snprintf(names[n++], len, "%s/%s", dir, ent->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    care_fuzz_fn fn = care_fuzz_target(target);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0)
            rc = run_file(fn, target, names[i]);
        free(names[i]);
    }
    free(names);
    *count += n;
    return rc;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    int rc = 0;
    if (argc >= 3 && strcmp(argv[1], "-t") == 0) {
        care_fuzz_fn fn = care_fuzz_target(argv[2]);
        if (!fn) {
            fprintf(stderr, "replay: unknown target %s (parse, pipeline, font, image)\n", argv[2]);
            return 1;
        }
        for (int i = 3; i < argc && rc == 0; i++, count++)
            rc = run_file(fn, argv[2], argv[i]);
    } else {
        for (int i = 1; i < argc && rc == 0; i++) {
            size_t before = count;
            for (size_t t = 0; t < sizeof TARGETS / sizeof *TARGETS && rc == 0; t++) {
                char dir[4096];
                snprintf(dir, sizeof dir, "%s/%s", argv[i], TARGETS[t]);
                rc = run_dir(TARGETS[t], dir, &count);
            }
            if (count == before && strstr(argv[i], "fuzz-corpus")) {
                fprintf(stderr, "replay: %s has no inputs\n", argv[i]);
                rc = 1;
            }
        }
    }
    care_fuzz_cleanup();
    fprintf(stderr, "replay: %zu input%s, %s\n", count, count == 1 ? "" : "s",
            rc ? "FAILED" : "no crash");
    return rc;
}
