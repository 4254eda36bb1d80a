/*
 * Photos (issue 15): what a 4000x3000 JPEG costs, and the memory five
 * 12-megapixel photos take. Writes into WORKDIR a 3-page article, the same
 * article with one 4000x3000 photo, and one with five; runs the CLI on each
 * (one process a run, as a user would; the three in turn, RUNS rounds, so
 * that a busy spell of the shared machine reaches all three alike) and prints
 * the median wall and CPU (user + system) time of RUNS runs, the ratios photo
 * / no photo, and the peak RSS. CPU time depends less on what else the
 * machine runs.
 *
 *   carepage-photos CARPAGE_CLI WORKDIR [RUNS]
 */
#define _DEFAULT_SOURCE /* wait4 */
#include "bench_util.h"
#include "../tests/image_fixtures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char PARAGRAPH[] =
    "新建的城市公园今天正式对市民开放，公园占地约一百二十公顷，种植了两万多棵树木，"
    "设有儿童游乐区、健身步道和湖边观景台。公园管理处表示，周末人流较多时将实行预约入园，"
    "市民可以通过小程序提前预约，也可以在公园门口扫码登记。\n\n";

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Run the CLI on article; *secs the wall time, *cpu its CPU time, returns the
 * peak RSS in KiB. */
static long run_cli(const char *cli, const char *article, const char *out, double *secs,
                    double *cpu)
{
    double t0 = now();
    pid_t pid = fork();
    if (pid == 0) {
        execl(cli, cli, "-q", article, "-o", out, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
        fprintf(stderr, "carepage-photos: %s %s failed\n", cli, article);
        exit(1);
    }
    *secs = now() - t0;
    *cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    return ru.ru_maxrss;
}

/* One article's runs: wall and CPU times (s) and the largest peak RSS (KiB). */
typedef struct runs_of {
    double wall[64], cpu[64];
    long rss;
} runs_of;

/* `runs` rounds, each running every article once in turn, so that a change
 * in what else the (shared) machine runs reaches all of them alike. */
static void measure(const char *cli, const char *dir, const char *const *names, int articles,
                    int runs, runs_of *r)
{
    for (int i = 0; i < runs; i++)
        for (int a = 0; a < articles; a++) {
            char article[1024], out[1024];
            snprintf(article, sizeof article, "%s/%s", dir, names[a]);
            snprintf(out, sizeof out, "%s/out-%d", dir, a);
            long rss = run_cli(cli, article, out, &r[a].wall[i], &r[a].cpu[i]);
            r[a].rss = rss > r[a].rss ? rss : r[a].rss;
        }
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

/* The article with `photos` photos photo-N.jpg after its second paragraph. */
static void write_article(const char *dir, const char *name, int photos)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    fputs("# 城市公园今天开放\n\n记者：张三  \n\n", f);
    for (int i = 0; i < 9; i++) {
        fputs(PARAGRAPH, f);
        if (i == 1)
            for (int k = 0; k < photos; k++)
                fprintf(f, "![公园一角，照片 %d](photo-%d.jpg)\n\n", k + 1, k + 1);
    }
    fclose(f);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: carepage-photos CARPAGE_CLI WORKDIR [RUNS]\n");
        return 2;
    }
    const char *cli = argv[1], *dir = argv[2];
    int runs = argc > 3 ? atoi(argv[3]) : 7;
    runs = runs < 1 ? 1 : runs > 64 ? 64 : runs;
    mkdir(dir, 0777);
    size_t len;
    uint8_t *jpg = fixture_jpeg(4000, 3000, 3, fixture_photo, NULL, 0, &len);
    char path[1024];
    for (int k = 1; k <= 5; k++) {
        snprintf(path, sizeof path, "%s/photo-%d.jpg", dir, k);
        fixture_write(path, jpg, len);
    }
    free(jpg);
    printf("photo: 4000x3000 JPEG, %zu bytes\n", len);
    write_article(dir, "plain.md", 0);
    write_article(dir, "one.md", 1);
    write_article(dir, "five.md", 5);
    const char *names[] = {"plain.md", "one.md", "five.md"};
    runs_of r[3] = {0};
    measure(cli, dir, names, 3, runs, r);
    double t[3], cpu[3];
    long rss[3];
    for (int i = 0; i < 3; i++) {
        t[i] = median(r[i].wall, runs);
        cpu[i] = median(r[i].cpu, runs);
        rss[i] = r[i].rss;
        printf("%-9s median %7.1f ms (CPU %7.1f ms) of %d runs, peak RSS %6.1f MB\n", names[i],
               t[i] * 1000, cpu[i] * 1000, runs, (double)rss[i] / 1024);
    }
    printf("one 4000x3000 photo / no photo: %.2fx wall, %.2fx CPU (goal <= 1.5x)\n", t[1] / t[0],
           cpu[1] / cpu[0]);
    printf("five 12-megapixel photos: peak RSS %.1f MB (goal < 150 MB)\n", (double)rss[2] / 1024);
    return 0;
}
