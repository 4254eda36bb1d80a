/* carepage-bench: render an article and print per-stage times and pages per second.
 * Usage: carepage-bench ARTICLE [RUNS] [OUTDIR]
 * Stages: parse (Markdown + NFC), shape (itemise + HarfBuzz), break (UAX #14 +
 * Chinese rules + fitting), layout (the whole care_layout_new: shape, break,
 * paginate; the engine's shaping cache emptied first), relayout (the same
 * again, shaping from the cache, as for a second preset or a kiosk's new
 * size), raster (all pages into memory; glyph cache warm after the first
 * run), png (encoding + atomic write),
 * and pages: raster + png of every page through care_render_pages_png with
 * JOBS encoding threads (default: one per core), as the CLI writes them
 * (the glyph cache warm: the raster stage has just drawn every page; in the
 * first run the pages come before the raster stage, with the glyph cache
 * cold, as in a CLI run, and that run's time is printed too);
 * pdf: the same pages as one tagged PDF (care_render_pdf), with its size
 * (the engine's cairo faces, with their glyphs, made by the first run; that
 * run's time is printed too).
 * Prints medians over RUNS runs (default 5) and the peak RSS; numbers, not a
 * pass/fail test. Usage: carepage-bench ARTICLE [RUNS] [OUTDIR] [JOBS] */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"
#include "engine.h"
#include "layout/fitting.h"
#include "layout/layout.h"
#include "output/png_writer.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { STAGE_PARSE, STAGE_SHAPE, STAGE_BREAK, STAGE_LAYOUT, STAGE_RELAYOUT, STAGE_RASTER,
       STAGE_PNG, STAGE_PAGES, STAGE_PDF, STAGES };
static const char *STAGE_NAMES[STAGES] = {"parse",  "shape", "break", "layout", "relayout",
                                          "raster", "png",   "pages", "pdf"};
static long long pdf_bytes = 0;
static int jobs = 0;

/* Shaping and breaking of every block on their own, through the internal stages. */
static void time_shape_break(care_engine *e, const care_document *doc, double *shape, double *brk)
{
    for (size_t i = 0; i < doc->count; i++) {
        const care_block *b = &doc->blocks[i];
        care_para p = {.font_size = 54};
        double t0 = now_ms();
        care_itemize(e->fonts, b->text, b->text_len, b->spans, b->span_count, &p, NULL);
        care_shape(e->fonts, NULL, "zh-Hans", &p, NULL); /* no cache: HarfBuzz every time */
        double t1 = now_ms();
        care_line_range *lines = NULL;
        size_t count = 0;
        care_mark_breaks("zh-Hans", &p, NULL);
        care_apply_spacing(&p);
        care_break_lines(&p, 972, 108, &lines, &count, NULL);
        *brk += now_ms() - t1;
        *shape += t1 - t0;
        free(lines);
        care_para_free(&p);
    }
}

/* The pages stage: every page through care_render_pages_png, then removed. */
static care_status time_pages(care_layout *layout, const char *outdir, double *t)
{
    double t0 = now_ms();
    care_status st = care_render_pages_png(layout, outdir, NULL, jobs);
    t[STAGE_PAGES] = now_ms() - t0;
    for (size_t p = 0; p < care_layout_page_count(layout); p++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/page-%03zu.png", outdir, p + 1);
        remove(path);
    }
    return st;
}

static int one_run(care_engine *e, const char *bytes, size_t len, const char *outdir,
                   bool first, double *t, size_t *pages)
{
    care_parse_options po = {.name = "bench"};
    care_document *doc = NULL;
    double t0 = now_ms();
    if (care_document_parse(e, bytes, len, &po, &doc) != CARE_OK)
        return 1;
    t[STAGE_PARSE] = now_ms() - t0;
    time_shape_break(e, doc, &t[STAGE_SHAPE], &t[STAGE_BREAK]);
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    care_layout *layout = NULL, *again = NULL;
    care_shape_cache_clear(e->shapes);
    t0 = now_ms();
    if (care_layout_new(e, doc, &opts, &layout) != CARE_OK)
        return 1;
    t[STAGE_LAYOUT] = now_ms() - t0;
    t0 = now_ms();
    if (care_layout_new(e, doc, &opts, &again) != CARE_OK)
        return 1;
    t[STAGE_RELAYOUT] = now_ms() - t0;
    care_layout_free(again);
    *pages = care_layout_page_count(layout);
    care_status st = first ? time_pages(layout, outdir, t) : CARE_OK;
    care_surface s = {malloc((size_t)opts.width * (size_t)opts.height), opts.width, opts.height,
                      (size_t)opts.width, CARE_PIXEL_GRAY8};
    for (size_t p = 0; p < *pages && s.pixels; p++) {
        t0 = now_ms();
        care_render_page(layout, p, &s);
        t[STAGE_RASTER] += now_ms() - t0;
        char path[4096];
        snprintf(path, sizeof path, "%s/bench-%03zu.png", outdir, p + 1);
        t0 = now_ms();
        care_png_write_atomic(path, s.pixels, s.width, s.height, s.stride, 1, opts.dpi, NULL, 0, NULL);
        t[STAGE_PNG] += now_ms() - t0;
        remove(path);
    }
    free(s.pixels);
    if (!first && st == CARE_OK)
        st = time_pages(layout, outdir, t);
    char pdf[4096];
    snprintf(pdf, sizeof pdf, "%s/bench.pdf", outdir);
    t0 = now_ms();
    if (st == CARE_OK)
        st = care_render_pdf(layout, pdf, NULL);
    t[STAGE_PDF] = now_ms() - t0;
    struct stat info;
    pdf_bytes = stat(pdf, &info) == 0 ? (long long)info.st_size : -1;
    remove(pdf);
    care_layout_free(layout);
    care_document_free(doc);
    return st != CARE_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: carepage-bench ARTICLE [RUNS] [OUTDIR]\n");
        return 1;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    const char *outdir = argc > 3 ? argv[3] : "/tmp";
    jobs = argc > 4 ? atoi(argv[4]) : 0;
    runs = runs < 1 ? 1 : runs > 100 ? 100 : runs;
    size_t len = 0;
    char *bytes = bench_read_file(argv[1], &len);
    care_engine *e = NULL;
    if (!bytes || care_engine_new(&e) != CARE_OK || care_engine_set_fonts(e, NULL) != CARE_OK) {
        fprintf(stderr, "carepage-bench: cannot read %s or load fonts\n", argv[1]);
        return 1;
    }
    double samples[STAGES][100] = {{0}};
    size_t pages = 0;
    for (int r = 0; r < runs; r++) {
        double t[STAGES] = {0};
        if (one_run(e, bytes, len, outdir, r == 0, t, &pages) != 0) {
            fprintf(stderr, "carepage-bench: %s\n", care_engine_last_error(e));
            return 1;
        }
        for (int s = 0; s < STAGES; s++)
            samples[s][r] = t[s];
    }
    printf("article: %s (%zu bytes, %zu pages), median of %d runs\n", argv[1], len, pages, runs);
    double total = 0, pdf_first = samples[STAGE_PDF][0], pages_first = samples[STAGE_PAGES][0];
    for (int s = 0; s < STAGES; s++) {
        qsort(samples[s], (size_t)runs, sizeof(double), cmp_double);
        double m = samples[s][runs / 2];
        printf("  %-7s %9.2f ms", STAGE_NAMES[s], m);
        if (s == STAGE_PAGES)
            printf(" (first run %.2f ms, glyph cache cold)", pages_first);
        if (s == STAGE_PDF)
            printf(" (%.1f KiB, %.2f x the pages' time; first run %.2f ms, %.2f x the pages' "
                   "first)", pdf_bytes / 1024.0, m / samples[STAGE_PAGES][runs / 2], pdf_first,
                   pdf_first / pages_first);
        printf("\n");
        if (s == STAGE_PARSE || s == STAGE_LAYOUT || s == STAGE_RASTER || s == STAGE_PNG)
            total += m;
    }
    double par = samples[STAGE_PARSE][runs / 2] + samples[STAGE_LAYOUT][runs / 2] +
                 samples[STAGE_PAGES][runs / 2];
    printf("  total   %9.2f ms (parse + layout + raster + png, one thread)\n", total);
    printf("  total   %9.2f ms (parse + layout + pages, %d encoding threads)\n", par,
           jobs > 0 ? jobs : (int)sysconf(_SC_NPROCESSORS_ONLN));
    printf("  pages/s %9.1f (whole pipeline, one thread), %.1f (parallel), %.1f (raster only)\n",
           pages / (total / 1e3), pages / (par / 1e3),
           pages / (samples[STAGE_RASTER][runs / 2] / 1e3));
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("  max RSS %9.1f MiB\n", ru.ru_maxrss / 1024.0);
    care_engine_free(e);
    free(bytes);
    return 0;
}
