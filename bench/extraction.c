/* carepage-extraction: how long finding the article takes (care_document_parse
 * with format auto: decoding, NFC, page-copy classification or HTML
 * extraction, punctuation). Usage: carepage-extraction [FILE...] [-r RUNS]
 * Times each FILE and a generated 500 KB whole-page text copy (navigation,
 * share counters, related lists with dates around an article); prints the
 * median over RUNS runs (default 11), the bytes, the blocks kept and what the
 * classifier made of it; the generated page again with no_extract shows what
 * parsing (UTF-8, NFC, punctuation) costs without the classifier. Numbers, not a pass/fail test (goal: <= 10 ms for a
 * 500 KB page). */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"

#include <carepage.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
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

static void time_parse(care_engine *e, const char *name, const char *bytes, size_t len, int runs,
                       bool no_extract)
{
    double *t = malloc((size_t)runs * sizeof *t);
    size_t blocks = 0, dropped = 0;
    care_extraction x = CARE_EXTRACT_NONE;
    care_parse_options opt = {.name = name, .no_extract = no_extract};
    for (int r = 0; r < runs && t; r++) {
        care_document *doc = NULL;
        double t0 = now_ms();
        care_status st = care_document_parse(e, bytes, len, &opt, &doc);
        t[r] = now_ms() - t0;
        if (st != CARE_OK) {
            printf("%-48s failed: %s\n", name, care_engine_last_error(e));
            free(t);
            return;
        }
        blocks = care_document_block_count(doc);
        x = care_document_extraction(doc, &dropped);
        care_document_free(doc);
    }
    if (t == NULL)
        return;
    qsort(t, (size_t)runs, sizeof *t, compare_doubles);
    static const char *const kinds[] = {"taken whole", "page copy: article", "page copy: none found"};
    printf("%-48s %8zu bytes %7.2f ms  %4zu blocks  %s", name, len, t[runs / 2], blocks, kinds[x]);
    if (x == CARE_EXTRACT_ARTICLE)
        printf(" (%zu lines left out)", dropped);
    printf("\n");
    free(t);
}

int main(int argc, char **argv)
{
    int runs = 11;
    care_engine *e = NULL;
    if (care_engine_new(&e) != CARE_OK)
        return 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-r") == 0 && i + 1 < argc) {
            runs = atoi(argv[++i]);
            runs = runs > 0 ? runs : 1;
            continue;
        }
        size_t len = 0;
        char *bytes = bench_read_file(argv[i], &len);
        if (bytes == NULL) {
            fprintf(stderr, "carepage-extraction: cannot read %s\n", argv[i]);
            continue;
        }
        time_parse(e, argv[i], bytes, len, runs, false);
        free(bytes);
    }
    size_t len = 0;
    char *copy = make_page_copy(500 * 1024, &len);
    if (copy != NULL) {
        time_parse(e, "(generated 500 KB page copy)", copy, len, runs, false);
        time_parse(e, "(the same, --no-extract: parsing alone)", copy, len, runs, true);
    }
    free(copy);
    care_engine_free(e);
    return 0;
}
