/* carepage-extraction: how long finding the article takes, input bytes to
 * article blocks (care_document_parse with format auto: decoding, UTF-8 check,
 * NFC, HTML extraction or page-copy classification, punctuation), everything
 * before itemisation and shaping.
 * Usage: carepage-extraction [PAGE|DIR...] [-r RUNS] [-g]
 * A DIR stands for its largest page of each kind: DIR/x/source.html (the HTML
 * path) and DIR/x/copy.txt (the text path), over all DIRs given, e.g.
 * ../shared/cn-news ../shared/html-pages. Then a generated 500 KB whole-page
 * text copy (navigation, share counters, related lists with dates around an
 * article), and the same with no_extract (parsing alone: UTF-8, NFC,
 * punctuation, no classifier); -g leaves the generated copy out.
 * Prints the median over RUNS runs (default 11) of wall-clock time, its
 * minimum and the median CPU time (on a busy shared machine the minimum and
 * the CPU time are nearer what the work costs), the size, the blocks kept
 * and what the classifier made of it.
 * Numbers, not a pass/fail test (goal: <= 10 ms for a 500 KB page, issue 13). */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"

#include <carepage.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/** CPU time of the process in milliseconds. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/** A whole-page text copy of about `target` bytes: portal furniture around article paragraphs. */
static char *make_page_copy(size_t target, size_t *len)
{
    static const char *const furniture =
        "首页\n新闻\n体育\n财经\n登录\n首页 > 新闻 > 正文\n0\n分享至\n相关推荐\n"
        "公园改造完成，周末去看看花\n2026-03-01 10:20:11\n公园改造完成，周末去看看花\n";
    static const char *const article =
        "今天早上七点，沿河步道正式向市民开放。步道全长六公里，沿途设了十二处座椅和三处饮水点，"
        "专门照顾年纪大的晨练者。\n\n负责施工的工程师介绍，步道的路面用了防滑材料，雨天行走也不容易"
        "摔倒，拐角处还加装了夜间照明。\n\n";
    size_t cap = target + 4096, n = 0;
    char *buf = malloc(cap);
    if (buf == NULL)
        return NULL;
    n += (size_t)snprintf(buf, cap, "%s河边新建的步道今天开放\n2026-03-02 08:15:00\n来源：晨报\n\n",
                          furniture);
    for (int k = 1; n + strlen(article) + 64 < target * 3 / 4; k++) /* no two paragraphs alike */
        n += (size_t)snprintf(buf + n, cap - n, "第%d段。%s", k, article);
    while (n + strlen(furniture) < target) {
        memcpy(buf + n, furniture, strlen(furniture));
        n += strlen(furniture);
    }
    *len = n;
    return buf;
}

/** One timed input: what it is (path and kind), its name and bytes. */
typedef struct bench_input {
    const char *path; /* "HTML", "text" */
    const char *what;
    const char *name;
    const char *bytes;
    size_t len;
    bool no_extract;
} bench_input;

static void print_header(int runs)
{
    printf("input bytes -> article blocks (care_document_parse), median of %d runs\n", runs);
    printf("%-5s %-22s %-44s %7s %8s %8s %8s %6s  %s\n", "path", "input", "name", "KB",
           "wall ms", "min ms", "cpu ms", "blocks", "result");
}

static void time_parse(care_engine *e, const bench_input *in, int runs)
{
    double *wall = malloc((size_t)runs * sizeof *wall), *cpu = malloc((size_t)runs * sizeof *cpu);
    size_t blocks = 0, dropped = 0;
    care_extraction x = CARE_EXTRACT_NONE;
    care_parse_options opt = {.name = in->name, .no_extract = in->no_extract};
    for (int r = 0; r < runs && wall && cpu; r++) {
        care_document *doc = NULL;
        double w0 = now_ms(), c0 = cpu_ms();
        care_status st = care_document_parse(e, in->bytes, in->len, &opt, &doc);
        wall[r] = now_ms() - w0;
        cpu[r] = cpu_ms() - c0;
        if (st != CARE_OK) {
            printf("%-5s %-22s %-44s failed: %s\n", in->path, in->what, in->name,
                   care_engine_last_error(e));
            runs = 0;
            break;
        }
        blocks = care_document_block_count(doc);
        x = care_document_extraction(doc, &dropped);
        care_document_free(doc);
    }
    if (wall && cpu && runs > 0) {
        qsort(wall, (size_t)runs, sizeof *wall, cmp_double);
        qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
        static const char *const kinds[] = {"taken whole", "page copy: article",
                                            "page copy: none found"};
        const char *result = strcmp(in->path, "HTML") == 0 ? "HTML: article extracted" : kinds[x];
        printf("%-5s %-22s %-44s %7.1f %8.2f %8.2f %8.2f %6zu  %s", in->path, in->what, in->name,
               (double)in->len / 1024, wall[runs / 2], wall[0], cpu[runs / 2], blocks, result);
        if (x == CARE_EXTRACT_ARTICLE)
            printf(" (%zu lines left out)", dropped);
        printf("\n");
    }
    free(wall);
    free(cpu);
}

/** The size of regular file `path`, 0 when there is none. */
static size_t file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
}

/** Keep `path` in *best (size *best_size) when it is larger. */
static void keep_larger(const char *path, char **best, size_t *best_size)
{
    size_t size = file_size(path);
    if (size > *best_size) {
        free(*best);
        *best = strdup(path);
        *best_size = *best ? size : 0;
    }
}

/** The largest DIR/x/source.html and DIR/x/copy.txt of directory `dir`. */
static void largest_pages(const char *dir, char **html, size_t *html_size, char **text,
                          size_t *text_size)
{
    DIR *d = opendir(dir);
    for (struct dirent *ent; d && (ent = readdir(d)) != NULL;) {
        if (ent->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s/source.html", dir, ent->d_name);
        keep_larger(path, html, html_size);
        snprintf(path, sizeof path, "%s/%s/copy.txt", dir, ent->d_name);
        keep_larger(path, text, text_size);
    }
    if (d)
        closedir(d);
}

/** Time the file at `path` (of kind `path_kind`, described as `what`). */
static void time_file(care_engine *e, const char *path, const char *path_kind, const char *what,
                      int runs)
{
    size_t len = 0;
    char *bytes = bench_read_file(path, &len);
    if (bytes == NULL) {
        fprintf(stderr, "carepage-extraction: cannot read %s\n", path);
        return;
    }
    bench_input in = {path_kind, what, path, bytes, len, false};
    time_parse(e, &in, runs);
    free(bytes);
}

/** "HTML" when the file name ends in .html or .htm, else "text". */
static const char *kind_of(const char *path)
{
    size_t n = strlen(path);
    bool html = (n >= 5 && strcmp(path + n - 5, ".html") == 0) ||
                (n >= 4 && strcmp(path + n - 4, ".htm") == 0);
    return html ? "HTML" : "text";
}

int main(int argc, char **argv)
{
    int runs = 11;
    bool generated = true;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-r") == 0 && i + 1 < argc)
            runs = atoi(argv[i + 1]) > 0 ? atoi(argv[i + 1]) : 1;
        generated &= strcmp(argv[i], "-g") != 0;
    }
    care_engine *e = NULL;
    if (care_engine_new(&e) != CARE_OK)
        return 1;
    print_header(runs);
    char *html = NULL, *text = NULL;
    size_t html_size = 0, text_size = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (strcmp(argv[i], "-r") == 0) {
            i++;
        } else if (strcmp(argv[i], "-g") == 0) {
            continue;
        } else if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            largest_pages(argv[i], &html, &html_size, &text, &text_size);
        } else {
            time_file(e, argv[i], kind_of(argv[i]), "page", runs);
        }
    }
    if (html)
        time_file(e, html, "HTML", "largest source.html", runs);
    if (text)
        time_file(e, text, "text", "largest copy.txt", runs);
    free(html);
    free(text);
    size_t len = 0;
    char *copy = generated ? make_page_copy(500 * 1024, &len) : NULL;
    if (copy != NULL) {
        bench_input in = {"text", "generated page copy", "(navigation, lists around an article)",
                          copy, len, false};
        time_parse(e, &in, runs);
        in.what = "the same, --no-extract";
        in.name = "(parsing alone: UTF-8, NFC, punctuation)";
        in.no_extract = true;
        time_parse(e, &in, runs);
    }
    free(copy);
    care_engine_free(e);
    return 0;
}
