/* The layout dump: JSON in the "carepage-layout" format, version 1 (docs/layout-json.md). */
#include "output/dump.h"
#include "output/atomic_file.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uscript.h>

static const char *KIND_NAMES[] = {"title", "byline", "heading", "paragraph",
                                   "quote", "list-item", "caption", "footer", "figure"};

static void json_string(care_buf *b, const char *s, size_t n)
{
    care_buf_append(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            care_buf_append(b, esc, 2);
        } else if (c < 0x20) {
            care_buf_printf(b, "\\u%04x", c);
        } else {
            care_buf_append(b, (const char *)&s[i], 1);
        }
    }
    care_buf_append(b, "\"", 1);
}

static const char *style_name(unsigned style)
{
    static const char *names[] = {"regular", "bold", "em", "bold em"};
    return names[style & 3];
}

static void dump_run(care_buf *b, const care_layout *L, const care_line *line, const care_run *r)
{
    const care_face *f = care_fontset_face(L->fonts, r->face);
    care_buf_puts(b, "{\"text\": ");
    json_string(b, line->text + r->start, r->end - r->start);
    care_buf_printf(b, ", \"start\": %zu, \"end\": %zu, \"font\": ", r->start, r->end);
    json_string(b, f ? f->family : "", f ? strlen(f->family) : 0);
    const char *script = uscript_getShortName((UScriptCode)r->script);
    care_buf_printf(b, ", \"style\": \"%s\", \"script\": \"%s\", \"x\": %.2f, \"width\": %.2f, "
                       "\"glyphs\": %zu, \"missing\": %zu}",
                    style_name(r->style), script ? script : "Zyyy", r->x, r->width, r->glyphs,
                    r->missing);
}

static void dump_line(care_buf *b, const care_layout *L, const care_line *l)
{
    care_buf_printf(b, "{\"block\": %ld, \"kind\": \"%s\", \"text\": ", l->block, KIND_NAMES[l->kind]);
    json_string(b, l->text + l->start, l->end - l->start);
    if (l->hyphen)
        care_buf_puts(b, ", \"hyphen\": true");
    if (l->hanging) {
        care_buf_puts(b, ", \"hanging\": ");
        json_string(b, l->text + l->hang_start, l->end - l->hang_start);
    }
    care_buf_printf(b, ", \"start\": %zu, \"end\": %zu, \"x\": %.2f, \"baseline\": %.2f, "
                       "\"width\": %.2f, \"ascent\": %.2f, \"descent\": %.2f, \"font_size\": %.2f, "
                       "\"runs\": [",
                    l->start, l->end, l->x, l->baseline, l->width, l->ascent, l->descent,
                    l->font_size);
    for (size_t r = 0; r < l->run_count; r++) {
        if (r)
            care_buf_puts(b, ", ");
        dump_run(b, L, l, &L->runs[l->run_start + r]);
    }
    care_buf_puts(b, "]}");
}

/* The page's photos: "images": [{"block", "src", "x", "y", "width", "height"}]. */
static void dump_images(care_buf *b, const care_layout *L, const care_page *pg)
{
    care_buf_puts(b, ",\n   \"images\": [");
    size_t n = 0;
    for (size_t i = pg->line_start; i < pg->line_start + pg->line_count; i++) {
        const care_line *l = &L->lines[i];
        if (l->kind != CARE_BLOCK_FIGURE)
            continue;
        const care_placed_figure *f = &L->figures[l->figure];
        care_buf_printf(b, "%s{\"block\": %ld, \"src\": ", n++ ? ", " : "", l->block);
        json_string(b, f->src, strlen(f->src));
        care_buf_printf(b, ", \"x\": %.2f, \"y\": %.2f, \"width\": %.2f, \"height\": %.2f}",
                        l->x, (double)care_figure_top(l), (double)f->image.width,
                        (double)f->image.height);
    }
    care_buf_puts(b, "]");
}

static void dump_header(care_buf *b, const care_layout *L, const char *source)
{
    const care_page_options *o = &L->opts;
    care_buf_puts(b, "{\"format\": \"carepage-layout\", \"version\": 1, \"source\": ");
    json_string(b, source ? source : "", source ? strlen(source) : 0);
    float right = (float)o->width - L->text_left - L->text_width;
    care_buf_printf(b, ",\n \"page\": {\"width\": %d, \"height\": %d, \"margin\": {\"top\": %.2f, "
                       "\"right\": %.2f, \"bottom\": %.2f, \"left\": %.2f}},\n",
                    o->width, o->height, o->margin_top, right, o->margin_bottom, L->text_left);
    care_buf_puts(b, " \"theme\": {\"name\": ");
    json_string(b, L->theme_name, strlen(L->theme_name));
    care_buf_printf(b, ", \"foreground\": \"#%06X\", \"background\": \"#%06X\", \"contrast\": %.2f},\n",
                    (unsigned)o->foreground, (unsigned)o->background,
                    (double)(long)(care_contrast_ratio(o->foreground, o->background) * 100) / 100);
}

static void dump_blocks(care_buf *b, const care_layout *L)
{
    care_buf_puts(b, " \"blocks\": [");
    for (size_t i = 0; i < L->doc->count; i++) {
        const care_block *blk = &L->doc->blocks[i];
        care_buf_printf(b, "%s\n  {\"id\": %zu, \"kind\": \"%s\", \"align\": \"%s\", \"text\": ",
                        i ? "," : "", i, KIND_NAMES[blk->kind],
                        L->blocks[i].justified ? "justify" : "start");
        json_string(b, blk->text, blk->text_len);
        care_buf_printf(b, ", \"source_start\": %zu, \"source_end\": %zu}", blk->source_start,
                        blk->source_end);
    }
    care_buf_puts(b, "],\n");
}

static void dump_pages(care_buf *b, const care_layout *L)
{
    care_buf_puts(b, " \"pages\": [");
    for (size_t p = 0; p < L->page_count; p++) {
        care_buf_printf(b, "%s\n  {\"number\": %zu, \"file\": \"page-%03zu.png\", \"lines\": [",
                        p ? "," : "", p + 1, p + 1);
        const care_page *pg = &L->pages[p];
        size_t written = 0, figures = 0;
        for (size_t i = 0; i < pg->line_count; i++) {
            const care_line *l = &L->lines[pg->line_start + i];
            if (l->kind == CARE_BLOCK_FIGURE) { /* the photo: in images[] */
                figures++;
                continue;
            }
            care_buf_puts(b, written++ ? ",\n   " : "\n   ");
            dump_line(b, L, l);
        }
        care_buf_puts(b, "]");
        if (figures)
            dump_images(b, L, pg);
        care_buf_puts(b, "}");
    }
    care_buf_puts(b, "]\n}\n");
}

care_status care_dump_write(const care_layout *L, const char *path, const char *source_name,
                            care_error *err)
{
    care_buf b = {0};
    dump_header(&b, L, source_name);
    dump_blocks(&b, L);
    dump_pages(&b, L);
    care_status st = b.failed ? care_fail(err, CARE_ERR_NO_MEMORY,
                                          "out of memory writing the layout dump %s", path)
                              : care_atomic_write(path, b.data, b.len, err);
    care_buf_free(&b);
    return st;
}
