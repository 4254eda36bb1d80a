/* carepage-scaling: does layout cost grow linearly with the text?
 * Usage: carepage-scaling [RUNS]
 * Lays out (care_layout_new, preset phone) one paragraph of 20,000 and one of
 * 40,000 characters cycling through 3,000 distinct ideographs (a ， after every
 * 17th), and a 3,000-character article of ten paragraphs; prints the median
 * time of RUNS runs (default 5; the first run, with cold caches, is printed
 * apart), the time per 1,000 characters and the 40k / 20k ratio (goal <= 2.2).
 * Then renders one page of the 3,000-character article into an XRGB8888
 * framebuffer from the finished layout, on one core: pages per second. */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"
#include "carepage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* "标题\n\n" then `paras` paragraphs of chars / paras characters each. */
static char *make_text(size_t chars, size_t paras, size_t *len)
{
    char *t = malloc(chars * 3 + paras * 2 + 64);
    size_t n = 0;
    memcpy(t, "\xE6\xA0\x87\xE9\xA2\x98\n\n", 8); /* 标题 */
    n = 8;
    size_t per = chars / paras, k = 0;
    for (size_t p = 0; p < paras; p++) {
        for (size_t i = 0; i < per; i++, k++)
            n += put_cp(t + n, i % 18 == 17 ? 0xFF0C : 0x4E00 + (uint32_t)((k * 7) % 3000));
        t[n++] = '\n';
        t[n++] = '\n';
    }
    *len = n;
    return t;
}

typedef struct timing {
    double cold, median;
    size_t pages;
} timing;

static timing time_layout(care_engine *e, const char *text, size_t len, int runs)
{
    care_parse_options po = {.format = CARE_FORMAT_TEXT, .name = "scaling"};
    care_document *doc = NULL;
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    timing t = {0};
    if (care_document_parse(e, text, len, &po, &doc) != CARE_OK) {
        fprintf(stderr, "carepage-scaling: %s\n", care_engine_last_error(e));
        exit(1);
    }
    double s[64];
    for (int r = 0; r <= runs; r++) {
        care_layout *L = NULL;
        double t0 = now_ms();
        if (care_layout_new(e, doc, &opts, &L) != CARE_OK) {
            fprintf(stderr, "carepage-scaling: %s\n", care_engine_last_error(e));
            exit(1);
        }
        double dt = now_ms() - t0;
        t.pages = care_layout_page_count(L);
        care_layout_free(L);
        if (r == 0)
            t.cold = dt;
        else
            s[r - 1] = dt;
    }
    qsort(s, (size_t)runs, sizeof *s, cmp_double);
    t.median = s[runs / 2];
    care_document_free(doc);
    return t;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 5;
    runs = runs < 1 ? 1 : runs > 64 ? 64 : runs;
    care_engine *e = NULL;
    if (care_engine_new(&e) != CARE_OK || care_engine_set_fonts(e, NULL) != CARE_OK) {
        fprintf(stderr, "carepage-scaling: cannot load the fonts\n");
        return 1;
    }
    static const size_t SIZES[] = {20000, 40000};
    timing t[2];
    printf("layout of one paragraph (preset phone, total-fit), median of %d runs:\n", runs);
    printf("  %8s %10s %10s %14s %6s\n", "chars", "cold ms", "ms", "ms/1000 chars", "pages");
    for (int i = 0; i < 2; i++) {
        size_t len;
        char *text = make_text(SIZES[i], 1, &len);
        t[i] = time_layout(e, text, len, runs);
        printf("  %8zu %10.2f %10.2f %14.3f %6zu\n", SIZES[i], t[i].cold, t[i].median,
               t[i].median / (double)SIZES[i] * 1000, t[i].pages);
        free(text);
    }
    printf("  ratio 40k / 20k: %.2f (goal <= 2.2)\n", t[1].median / t[0].median);

    size_t len;
    char *text = make_text(3000, 10, &len);
    timing a = time_layout(e, text, len, runs);
    printf("layout of a 3,000-character article (10 paragraphs): %.2f ms (cold %.2f ms), "
           "goal < 5 ms\n", a.median, a.cold);

    /* One page into an XRGB8888 framebuffer from the finished layout. */
    care_parse_options po = {.format = CARE_FORMAT_TEXT, .name = "scaling"};
    care_document *doc = NULL;
    care_layout *L = NULL;
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    if (care_document_parse(e, text, len, &po, &doc) != CARE_OK ||
        care_layout_new(e, doc, &opts, &L) != CARE_OK)
        return 1;
    care_surface s = {malloc((size_t)opts.width * (size_t)opts.height * 4), opts.width,
                      opts.height, (size_t)opts.width * 4, CARE_PIXEL_XRGB8888};
    care_render_page(L, 0, &s); /* warm the glyph cache */
    const char *names[] = {"XRGB8888", "GRAY8 (page raster)"};
    care_pixel_format formats[] = {CARE_PIXEL_XRGB8888, CARE_PIXEL_GRAY8};
    for (int f = 0; f < 2; f++) {
        s.format = formats[f];
        s.stride = care_surface_row_bytes(s.format, s.width);
        int n = 0;
        double t0 = now_ms(), dt = 0;
        while (dt < 1000 || n < 10) {
            care_render_page(L, 0, &s);
            n++;
            dt = now_ms() - t0;
        }
        printf("one full %dx%d page into %s from a finished layout: %.0f pages/s (%.3f ms/page, "
               "one core), goal >= 300\n", opts.width, opts.height, names[f], n / (dt / 1e3),
               dt / n);
    }
    free(s.pixels);
    care_layout_free(L);
    care_document_free(doc);
    free(text);
    care_engine_free(e);
    return 0;
}
