/* carepage-hostile: what hostile input costs (issue 18).
 * Usage: carepage-hostile [RUNS] [fallback|memory]
 * 1. Font fallback: lays out (preset phone) 20,000 clusters of each kind in
 *    paragraphs of 200: Han characters (the reference), one base plus a
 *    combining mark no font has (a + U+1AC1) repeated, 20,000 distinct code
 *    points no font has (plane 15 private use), 20,000 distinct Han + U+0951
 *    pairs (each installed, no font has both). Prints the median ms of RUNS
 *    runs on a warm engine and the ratio to Han (goal <= 3).
 * 2. Memory: parses and lays out Han text of 0.25, 0.5 and 1 MB (max_pages
 *    raised so it is laid out), as paragraphs of 300 characters and as one
 *    paragraph, each in a child process; prints time, peak RSS and MB of RSS
 *    per MB of input (from the 0.25 -> 1 MB growth). Then a 16 MiB single
 *    paragraph with the default limits: refused, in how long and at what RSS
 *    (goal <= 300 MB). */
#define _DEFAULT_SOURCE /* wait4 */
#include "bench_util.h"
#include "carepage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { HAN, SAME_MARK, DISTINCT_PUA, DISTINCT_PAIR, KINDS };
static const char *const KIND_NAMES[KINDS] = {
    "Han characters", "a + U+1AC1 (uncovered mark), repeated",
    "distinct uncovered code points (U+F0000..)", "distinct Han + U+0951 pairs"};

/* "标题\n\n" then `clusters` clusters of `kind`, a paragraph break every `per`. */
static char *make_text(int kind, size_t clusters, size_t per, size_t *len)
{
    char *t = malloc(clusters * 8 + clusters / per * 2 + 64);
    size_t n = put_cp(t, 0x6807);
    n += put_cp(t + n, 0x9898);
    t[n++] = '\n';
    t[n++] = '\n';
    for (size_t i = 0; i < clusters; i++) {
        uint32_t han = 0x4E00 + (uint32_t)((i * 7) % 3000);
        if (kind == HAN) {
            n += put_cp(t + n, han);
        } else if (kind == SAME_MARK) {
            n += put_cp(t + n, 'a');
            n += put_cp(t + n, 0x1AC1);
        } else if (kind == DISTINCT_PUA) {
            n += put_cp(t + n, 0xF0000 + (uint32_t)i);
        } else {
            n += put_cp(t + n, 0x4E00 + (uint32_t)i);
            n += put_cp(t + n, 0x0951);
        }
        if (i % per == per - 1) {
            t[n++] = '\n';
            t[n++] = '\n';
        }
    }
    *len = n;
    return t;
}

/* Parse and lay out: the ms it took; *ok false when refused (message printed
 * unless `quiet`). */
static double layout_ms(care_engine *e, const char *text, size_t len, size_t *pages, bool *ok,
                        bool quiet)
{
    care_parse_options po = {.format = CARE_FORMAT_TEXT, .name = "hostile"};
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    care_document *doc = NULL;
    care_layout *L = NULL;
    double t0 = now_ms();
    care_status st = care_document_parse(e, text, len, &po, &doc);
    if (st == CARE_OK)
        st = care_layout_new(e, doc, &opts, &L);
    double dt = now_ms() - t0;
    if (st != CARE_OK && !quiet)
        fprintf(stderr, "carepage-hostile: %s\n", care_engine_last_error(e));
    *pages = care_layout_page_count(L);
    *ok = st == CARE_OK;
    care_layout_free(L);
    care_document_free(doc);
    return dt;
}

static void fallback_costs(int runs)
{
    printf("font fallback, 20,000 clusters in paragraphs of 200 (preset phone), median of %d "
           "runs, each on a new engine:\n", runs);
    double han = 0;
    for (int k = 0; k < KINDS; k++) {
        size_t len, pages = 0;
        char *text = make_text(k, 20000, 200, &len);
        double s[64];
        for (int r = 0; r < runs; r++) {
            care_engine *e = NULL;
            if (care_engine_new(&e) != CARE_OK || care_engine_set_fonts(e, NULL) != CARE_OK) {
                fprintf(stderr, "carepage-hostile: cannot load the fonts\n");
                exit(1);
            }
            bool ok;
            s[r] = layout_ms(e, text, len, &pages, &ok, false);
            care_engine_free(e);
        }
        qsort(s, (size_t)runs, sizeof *s, cmp_double);
        double ms = s[runs / 2];
        if (k == HAN)
            han = ms;
        printf("  %-44s %9.1f ms  %5.2fx Han  (%zu pages)\n", KIND_NAMES[k], ms, ms / han, pages);
        free(text);
    }
    printf("  goal: every kind <= 3x Han\n");
}

typedef struct measure {
    double ms, rss_mb;
    bool ok;
} measure;

/* Lay out `mb` MB of Han text (paragraphs of `per` characters) in a child
 * process: its time and peak RSS. `lots`: max_pages at its ceiling. */
static measure in_child(double mb, size_t per, bool lots)
{
    size_t clusters = (size_t)(mb * 1048576 - 64) / 3; /* the title and breaks fit in mb */
    int fd[2];
    measure m = {0};
    if (pipe(fd) != 0)
        return m;
    pid_t pid = fork();
    if (pid == 0) {
        care_engine *e = NULL;
        care_limits lim;
        care_limits_default(&lim);
        if (lots)
            lim.max_pages = 1000000;
        if (care_engine_new(&e) != CARE_OK || care_engine_set_fonts(e, NULL) != CARE_OK ||
            care_engine_set_limits(e, &lim) != CARE_OK)
            _exit(1);
        size_t len, pages;
        char *text = make_text(HAN, clusters, per, &len);
        measure r = {0};
        r.ms = layout_ms(e, text, len, &pages, &r.ok, true);
        if (!r.ok)
            fprintf(stderr, "  (refused: %s)\n", care_engine_last_error(e));
        if (write(fd[1], &r, sizeof r) != (ssize_t)sizeof r)
            _exit(1);
        _exit(0);
    }
    close(fd[1]);
    struct rusage ru;
    int status;
    if (pid > 0 && read(fd[0], &m, sizeof m) == (ssize_t)sizeof m &&
        wait4(pid, &status, 0, &ru) == pid)
        m.rss_mb = (double)ru.ru_maxrss / 1024;
    close(fd[0]);
    return m;
}

static void memory_costs(void)
{
    static const double SIZES[] = {0.25, 0.5, 1.0};
    static const size_t PER[] = {300, 0};
    static const char *const NAMES[] = {"paragraphs of 300 characters", "one paragraph"};
    printf("memory, Han text parsed and laid out (preset phone, max_pages 1000000):\n");
    for (int k = 0; k < 2; k++) {
        measure m[3];
        for (int i = 0; i < 3; i++) {
            size_t per = PER[k] ? PER[k] : (size_t)-1;
            m[i] = in_child(SIZES[i], per, true);
            printf("  %-30s %5.2f MB: %8.0f ms, peak RSS %7.1f MB%s\n", NAMES[k], SIZES[i],
                   m[i].ms, m[i].rss_mb, m[i].ok ? "" : " (refused)");
        }
        printf("  %-30s %.1f MB of RSS per MB of input (0.25 -> 1 MB), %.0f ms per MB\n",
               NAMES[k], (m[2].rss_mb - m[0].rss_mb) / 0.75, (m[2].ms - m[0].ms) / 0.75);
    }
    measure big = in_child(16.0, (size_t)-1, false);
    printf("16 MiB single paragraph, default limits: %s after %.0f ms, peak RSS %.1f MB "
           "(goal: refused, <= 300 MB, a second or two)\n",
           big.ok ? "laid out (!)" : "refused", big.ms, big.rss_mb);
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 3;
    runs = runs < 1 ? 1 : runs > 64 ? 64 : runs;
    const char *only = argc > 2 ? argv[2] : "";
    if (strcmp(only, "memory") != 0)
        fallback_costs(runs);
    if (strcmp(only, "fallback") != 0)
        memory_costs();
    return 0;
}
