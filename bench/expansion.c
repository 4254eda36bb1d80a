/* carepage-expansion: how much space justification adds between characters,
 * greedy against total-fit line breaking.
 * Usage: carepage-expansion ARTICLE...
 * For every justified line but a paragraph's last (phone preset: 54 px, 18 em
 * measure, 2 em indent) prints per article and over all of them the mean and
 * the maximum space added per justification gap, in em. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime in bench_util.h */
#include "bench_util.h"
#include "engine.h"
#include "layout/fitting.h"
#include "layout/layout.h"

#include <stdlib.h>
#include <string.h>

typedef struct stats {
    double sum, max;
    size_t lines;
} stats;

static void measure_block(care_engine *e, const care_block *b, bool total_fit, stats *s)
{
    const float px = 54, width = 18 * 54, indent = 2 * 54;
    care_para p = {.font_size = px,
                   .ts = {CARE_TRIM_ADJACENT | CARE_TRIM_START | CARE_TRIM_END, 0.25f * px,
                          total_fit, false, false}};
    care_line_range *lines = NULL;
    size_t n = 0;
    if (care_itemize(e->fonts, b->text, b->text_len, b->spans, b->span_count, &p, NULL) ||
        care_shape(e->fonts, NULL, "zh-Hans", &p, NULL) || care_mark_breaks("zh-Hans", &p, NULL)) {
        care_para_free(&p);
        return;
    }
    care_apply_spacing(&p);
    if (care_break_lines(&p, width, indent, &lines, &n, NULL) == CARE_OK) {
        for (size_t k = 0; k + 1 < n; k++) {
            float per_gap = 0;
            bool all = false;
            const care_line_range *r = &lines[k];
            float target = k == 0 ? width - indent : width;
            size_t last = r->hanging ? r->last - 1 : r->last;
            if (care_justify_gaps(&p, r->first, last, target, r->natural, &per_gap, &all) == 0)
                continue;
            double em = per_gap / px;
            s->sum += em;
            s->max = em > s->max ? em : s->max;
            s->lines++;
        }
    }
    free(lines);
    care_para_free(&p);
}

static void measure(care_engine *e, const care_document *doc, bool total_fit, stats *s)
{
    for (size_t i = 0; i < doc->count; i++) {
        const care_block *b = &doc->blocks[i];
        if (b->kind == CARE_BLOCK_PARAGRAPH && care_text_is_cjk_dominant(b->text, b->text_len))
            measure_block(e, b, total_fit, s);
    }
}

static void print_row(const char *name, const stats *g, const stats *t)
{
    printf("%-58s %6zu %8.3f %8.3f   %8.3f %8.3f\n", name, g->lines, g->lines ? g->sum / g->lines : 0,
           g->max, t->lines ? t->sum / t->lines : 0, t->max);
}

int main(int argc, char **argv)
{
    care_engine *e = NULL;
    if (care_engine_new(&e) != CARE_OK || care_engine_set_fonts(e, NULL) != CARE_OK) {
        fprintf(stderr, "carepage-expansion: cannot load the default fonts\n");
        return 1;
    }
    printf("%-58s %6s %8s %8s   %8s %8s\n", "article (expansion per gap, em)", "lines", "greedy",
           "max", "totalfit", "max");
    stats all_g = {0}, all_t = {0};
    for (int i = 1; i < argc; i++) {
        size_t len = 0;
        char *bytes = bench_read_file(argv[i], &len);
        care_parse_options po = {.name = argv[i]};
        care_document *doc = NULL;
        if (!bytes || care_document_parse(e, bytes, len, &po, &doc) != CARE_OK) {
            fprintf(stderr, "carepage-expansion: %s: %s\n", argv[i], care_engine_last_error(e));
            free(bytes);
            continue;
        }
        stats g = {0}, t = {0};
        measure(e, doc, false, &g);
        measure(e, doc, true, &t);
        const char *base = strrchr(argv[i], '/');
        print_row(base ? base + 1 : argv[i], &g, &t);
        all_g.sum += g.sum, all_g.lines += g.lines, all_g.max = g.max > all_g.max ? g.max : all_g.max;
        all_t.sum += t.sum, all_t.lines += t.lines, all_t.max = t.max > all_t.max ? t.max : all_t.max;
        care_document_free(doc);
        free(bytes);
    }
    print_row("all", &all_g, &all_t);
    care_engine_free(e);
    return 0;
}
