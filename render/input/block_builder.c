/*
 * The block builder the Markdown and plain-text parsers feed: it collects one
 * block's text (in a care_collector, collector.c), drops C0/C1 controls,
 * collapses runs of ASCII spaces and tabs, resolves line breaks (nothing
 * between two CJK characters, one space otherwise), and remembers where each source line and
 * each image starts so a byline paragraph can be split into lines and an
 * image into a figure; then emits blocks into the document.
 */
#include "common/text.h"
#include "input/block_builder.h"
#include "input/figure.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool seg_push(seg_list *l, size_t buf_pos)
{
    segment *v = care_grow_array(l->v, l->n, &l->cap, 8, sizeof *v);
    if (v == NULL)
        return false;
    l->v = v;
    l->v[l->n++] = (segment){.buf_start = buf_pos, .buf_end = buf_pos};
    return true;
}

void care_builder_reset(builder *b)
{
    care_collector_reset(&b->col);
    b->lines.n = 0;
    for (size_t i = 0; i < b->images.n; i++) {
        care_figure_free(b->figures[i]);
        b->figures[i] = NULL;
    }
    b->images.n = 0;
    b->pending_break = b->has_hard_break = b->has_plain = false;
}

void care_builder_free(builder *b)
{
    care_builder_reset(b);
    free(b->figures);
    care_collector_free(&b->col);
    free(b->lines.v);
    free(b->images.v);
}

static bool last_is_space(const builder *b)
{
    return b->col.text.len > 0 && b->col.text.data[b->col.text.len - 1] == ' ';
}

/** The line segment being filled, created on first use; NULL when out of memory. */
static segment *cur_line(builder *b)
{
    if (b->lines.n == 0 && !seg_push(&b->lines, 0)) {
        b->col.failed = true;
        return NULL;
    }
    return &b->lines.v[b->lines.n - 1];
}

static void seg_cover(segment *g, size_t src, size_t src_len)
{
    if (!g->has_src) {
        g->src_start = src;
        g->has_src = true;
    }
    g->src_end = src + src_len;
}

/** A line break: becomes "" between CJK characters, else " ", when text follows. */
void care_builder_break(builder *b, bool hard)
{
    if (cur_line(b) == NULL)
        return;
    b->pending_break = b->col.text.len > 0;
    b->has_hard_break |= hard;
    if (!seg_push(&b->lines, b->col.text.len))
        b->col.failed = true;
}

/** Append one visible (non-space) code point, resolving a pending line break. */
static void put_visible(builder *b, uint32_t cp, const char *bytes, size_t n)
{
    if (b->pending_break && !last_is_space(b) && care_collector_space_before(&b->col, cp))
        care_collector_put(&b->col, " ", 1);
    b->pending_break = false;
    care_collector_put(&b->col, bytes, n);
    if (!b->in_image)
        b->has_plain = true;
}

/** The end of the run of visible characters (no space, tab, newline or
 *  C0/C1 control) in valid UTF-8 s[0..n) from byte i. */
static size_t visible_run_end(const char *s, size_t n, size_t i)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    for (; i + 8 <= n; i += 8) { /* eight bytes at a time while none is <= ' ', 0x7F or 0xC2 */
        uint64_t w, del, c2;
        memcpy(&w, s + i, 8);
        del = w ^ (ones * 0x7F);
        c2 = w ^ (ones * 0xC2);
        if ((((w - ones * 0x21) & ~w) | ((del - ones) & ~del) | ((c2 - ones) & ~c2)) & high)
            break; /* the bytes below decide */
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c == 0x7F || (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] <= 0x9F))
            break; /* 0xC2 0x80-0x9F: U+0080-U+009F */
    }
    return i;
}

/**
 * Append text s[0..n) that came from input bytes [src, src + src_len).
 * Drops C0 and C1 controls other than tab and newline (counted in
 * b->dropped), turns newlines into soft
 * breaks and runs of spaces and tabs into one space.
 */
void care_builder_text(builder *b, const char *s, size_t n, size_t src, size_t src_len)
{
    bool visible = false;
    size_t i = 0;
    while (i < n && !b->col.failed) {
        size_t at = i;
        uint32_t cp = care_utf8_next(s, n, &i);
        if (cp == '\n') {
            care_builder_break(b, false);
        } else if (cp == ' ' || cp == '\t') {
            if (!b->pending_break && b->col.text.len > 0 && !last_is_space(b))
                care_collector_put(&b->col, " ", 1);
        } else if (cp >= 0x20 && !(cp >= 0x7F && cp <= 0x9F)) {
            i = visible_run_end(s, n, i); /* the run goes in at once, as one character would */
            put_visible(b, cp, s + at, i - at);
            visible = true;
        } else {
            b->dropped++; /* C0/C1 control other than tab and newline */
        }
    }
    segment *line = cur_line(b);
    if (!visible || line == NULL)
        return;
    seg_cover(line, src, src_len);
    if (b->in_image && b->images.n > 0)
        seg_cover(&b->images.v[b->images.n - 1], src, src_len);
}

void care_builder_image_begin(builder *b, const char *src, size_t n)
{
    b->in_image = true;
    struct care_figure **v =
        care_grow_array(b->figures, b->images.n, &b->figure_cap, 8, sizeof *v);
    if (!v) {
        b->col.failed = true;
        return;
    }
    b->figures = v;
    care_figure *fig = care_calloc(1, sizeof *fig);
    if (!fig || !seg_push(&b->images, b->col.text.len) ||
        !care_figure_add_src(fig, src ? src : "", n)) {
        care_figure_free(fig);
        b->col.failed = true;
        return;
    }
    b->figures[b->images.n - 1] = fig;
}

void care_builder_image_end(builder *b)
{
    if (b->images.n > 0)
        b->images.v[b->images.n - 1].buf_end = b->col.text.len;
    b->in_image = false;
}

/** End of line i of the builder's text. */
size_t care_builder_line_end(const builder *b, size_t i)
{
    return i + 1 < b->lines.n ? b->lines.v[i + 1].buf_start : b->col.text.len;
}

bool care_is_blank_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/**
 * Add the builder's text [a, e) as one block, trimmed; nothing when it is
 * blank. *added tells which. `src` gives the source range (may be NULL).
 */
static care_status emit_range(care_document *doc, const builder *b, size_t a, size_t e,
                              const segment *src, care_block_spec spec, bool *added)
{
    care_block *blk;
    care_status st = care_collector_emit(doc, &b->col, a, e, spec, &blk);
    *added = blk != NULL;
    if (blk && src && src->has_src) {
        blk->source_start = src->src_start;
        blk->source_end = src->src_end;
    }
    return st;
}

/** The source range of the whole builder: first line with text to the last one. */
segment care_whole_source(const builder *b)
{
    segment all = {0};
    for (size_t i = 0; i < b->lines.n; i++) {
        const segment *g = &b->lines.v[i];
        if (!g->has_src)
            continue;
        if (!all.has_src)
            all.src_start = g->src_start;
        all.src_end = g->src_end;
        all.has_src = true;
    }
    return all;
}

care_status care_emit_whole(care_document *doc, const builder *b, care_block_spec spec, bool *added)
{
    segment src = care_whole_source(b);
    return emit_range(doc, b, 0, b->col.text.len, &src, spec, added);
}

/** Each line of the builder as its own block of `kind`. */
care_status care_emit_lines(care_document *doc, const builder *b, care_block_kind kind)
{
    bool added;
    for (size_t i = 0; i < b->lines.n; i++) {
        care_block_spec spec = {kind, 0, NULL};
        care_status st = emit_range(doc, b, b->lines.v[i].buf_start, care_builder_line_end(b, i),
                                    &b->lines.v[i], spec, &added);
        if (st != CARE_OK)
            return st;
    }
    return CARE_OK;
}

/** Each image's alt text as a CAPTION block; *added when any was non-blank. */
care_status care_emit_figures(care_document *doc, builder *b)
{
    for (size_t i = 0; i < b->images.n; i++) {
        const segment *g = &b->images.v[i];
        care_figure *fig = b->figures[i];
        b->figures[i] = NULL;
        care_block *blk = NULL;
        care_status st;
        if (fig->count) {
            st = care_collector_emit_figure(doc, &b->col, g->buf_start, g->buf_end, fig, &blk);
        } else { /* "![caption]()", as care_document_write_markdown writes captions */
            care_figure_free(fig);
            care_block_spec spec = {CARE_BLOCK_CAPTION, 0, NULL};
            st = care_collector_emit(doc, &b->col, g->buf_start, g->buf_end, spec, &blk);
        }
        if (st != CARE_OK)
            return st;
        if (blk && g->has_src) {
            blk->source_start = g->src_start;
            blk->source_end = g->src_end;
        }
    }
    return CARE_OK;
}
