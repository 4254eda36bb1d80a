/* Paragraph layout: itemise, shape, break, justify, and place the glyphs of each line. */
#include "common/text.h"
#include "layout/fitting.h"
#include "layout/hyphenate.h"
#include "layout/layout.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubidi.h>

#define DEFINE_RESERVE(fn, field, count, cap)                                              \
    care_status fn(care_layout *l, size_t more, care_error *err)                           \
    {                                                                                      \
        if (more <= l->cap - l->count)                                                     \
            return CARE_OK;                                                                \
        if (more > SIZE_MAX / 2 / sizeof *l->field - l->count)                             \
            return care_fail(err, CARE_ERR_NO_MEMORY, "too many " #field);                 \
        size_t cap = l->cap ? l->cap : 64;                                                 \
        while (cap < l->count + more)                                                      \
            cap *= 2;                                                                      \
        void *p = care_realloc_array(l->field, cap, sizeof *l->field);                     \
        if (!p)                                                                            \
            return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory growing " #field      \
                             " to %zu", cap);                                              \
        l->field = p;                                                                      \
        l->cap = cap;                                                                      \
        return CARE_OK;                                                                    \
    }

DEFINE_RESERVE(care_layout_reserve_lines, lines, line_count, line_cap)
DEFINE_RESERVE(care_layout_reserve_glyphs, glyphs, glyph_count, glyph_cap)
DEFINE_RESERVE(care_layout_reserve_runs, runs, run_count, run_cap)

void care_line_shift(care_layout *L, care_line *line, float dx)
{
    line->x += dx;
    for (size_t g = line->glyph_start; g < line->glyph_start + line->glyph_count; g++)
        L->glyphs[g].x += dx;
    for (size_t r = line->run_start; r < line->run_start + line->run_count; r++)
        L->runs[r].x += dx;
}

bool care_text_is_cjk_dominant(const char *text, size_t len)
{
    size_t cjk = 0, other = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp = care_utf8_next(text, len, &i);
        if (care_is_cjk(cp))
            cjk += 2; /* a CJK character is about as wide as two Latin letters */
        else if (cp > ' ')
            other += 1;
    }
    return cjk >= other;
}

/* Visual order of clusters [first, last): identity for LTR lines, else UAX #9 L2. */
static care_status visual_order(const care_para *p, size_t first, size_t last, int32_t *order,
                                care_error *err)
{
    size_t n = last - first;
    bool rtl = false;
    for (size_t i = 0; i < n; i++) {
        order[i] = (int32_t)i;
        rtl |= (p->clusters[first + i].level & 1) != 0;
    }
    if (!rtl)
        return CARE_OK;
    UBiDiLevel *levels = care_calloc(n, sizeof *levels);
    if (!levels)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory reordering a line");
    for (size_t i = 0; i < n; i++)
        levels[i] = p->clusters[first + i].level;
    ubidi_reorderVisual(levels, (int32_t)n, order);
    free(levels);
    return CARE_OK;
}

static float face_scale(const care_face *f, float size)
{
    return size / f->metrics.upem;
}

/* Ascent, descent and normal line height of the faces used on the line, and
 * where its baseline sits in the line box. A fixed line height (CSS
 * `line-height: <number>`) places the baseline by the primary CJK face alone,
 * so every line box is the same height with the baseline at the same place
 * whatever fallback faces it holds; their glyphs may reach into the
 * half-leading. Only "normal" grows with the fonts. */
static void line_metrics(care_fontset *fs, const care_para *p, size_t first, size_t last,
                         care_line *line)
{
    uint16_t seen = CARE_NO_FACE, strut = care_fontset_role(fs, CARE_ROLE_CJK, false);
    float normal = 0, strut_ascent = 0, strut_descent = 0;
    for (size_t i = first; i <= last; i++) {
        uint16_t id = i < last ? p->clusters[i].face : strut;
        if (id == seen && i < last)
            continue;
        seen = id;
        const care_face *f = care_fontset_face(fs, id);
        float s = face_scale(f, line->font_size);
        float a = f->metrics.ascender * s, d = -f->metrics.descender * s;
        if (i == last) { /* the strut: counts for the line only when it holds nothing */
            strut_ascent = a, strut_descent = d;
            if (last > first)
                break;
        }
        line->ascent = a > line->ascent ? a : line->ascent;
        line->descent = d > line->descent ? d : line->descent;
        float h = (f->metrics.ascender - f->metrics.descender + f->metrics.line_gap) * s;
        normal = h > normal ? h : normal;
    }
    bool fixed = line->height > 0;
    if (!fixed)
        line->height = normal;
    float a = fixed ? strut_ascent : line->ascent, d = fixed ? strut_descent : line->descent;
    line->box_ascent = (line->height - (a + d)) / 2 + a;
}

static bool same_run(const care_cluster *a, const care_cluster *b)
{
    return a->face == b->face && a->style == b->style && a->script == b->script &&
           a->level == b->level;
}

/* Justification of one line: the extra space per gap. */
typedef struct line_fill {
    float per_gap;
    bool all_graphemes;
    size_t last_justified; /* gaps only before this cluster (a hanging mark takes none) */
} line_fill;

/* The emphasis dot (clreq 着重号) under an emphasised Han character: the CJK
 * face's ・ centred under the character, its centre 0.36 em below the baseline. */
static void add_emphasis_dot(care_layout *L, const care_para *p, float x,
                             float width)
{
    const care_face *f = care_fontset_face(L->fonts, care_fontset_role(L->fonts,
                                                                              CARE_ROLE_CJK, false));
    hb_codepoint_t gid;
    if (!f || !hb_font_get_nominal_glyph(f->hb, 0x30FB, &gid))
        return;
    float em = p->font_size, dot_advance = hb_font_get_glyph_h_advance(f->hb, gid) * em / f->metrics.upem;
    uint16_t face = care_fontset_role(L->fonts, CARE_ROLE_CJK, false);
    /* ・ sits at about 0.38 em above the baseline in the em box */
    L->glyphs[L->glyph_count++] = (care_placed_glyph){.id = gid, .face = face, .emphasis_dot = true,
                                                      .x = x + (width - dot_advance) / 2,
                                                      .y = 0.38f * em + 0.36f * em};
}

/* The hash set of missing code points: open addressing over `slots` (a power of two). */
static uint32_t *missing_slot(uint32_t *set, size_t slots, uint32_t cp)
{
    size_t i = (cp * 2654435761u) & (slots - 1);
    while (set[i] != 0 && set[i] != cp + 1)
        i = (i + 1) & (slots - 1);
    return &set[i];
}

static void missing_insert(uint32_t *set, size_t slots, uint32_t cp)
{
    *missing_slot(set, slots, cp) = cp + 1;
}

static bool missing_seen(const care_layout *L, uint32_t cp)
{
    return L->missing_cap && *missing_slot(L->missing_set, L->missing_cap * 2, cp) == cp + 1;
}

/* Twice the room in the list and the set (kept at most half full). */
static bool missing_grow(care_layout *L)
{
    size_t cap = L->missing_cap ? L->missing_cap * 2 : 8;
    uint32_t *m = care_realloc_array(L->missing, cap, sizeof *m);
    if (m)
        L->missing = m;
    uint32_t *set = care_calloc(cap * 2, sizeof *set);
    if (!m || !set) {
        free(set);
        return false;
    }
    for (size_t i = 0; i < L->missing_count; i++)
        missing_insert(set, cap * 2, L->missing[i]);
    free(L->missing_set);
    L->missing_set = set;
    L->missing_cap = cap;
    return true;
}

/* Remember a code point no installed font covers (first non-ignorable one of the cluster). */
static void note_missing(care_layout *L, const care_para *p, const care_cluster *c)
{
    uint32_t cp = c->first_cp;
    for (size_t i = c->start; i < c->end;) {
        uint32_t x = care_utf8_next(p->text, p->len, &i);
        if (!care_is_default_ignorable(x)) {
            cp = x;
            break;
        }
    }
    if (missing_seen(L, cp))
        return;
    if (L->missing_count == L->missing_cap && !missing_grow(L))
        return; /* the count in the dump still says a glyph is missing */
    L->missing[L->missing_count++] = cp;
    missing_insert(L->missing_set, L->missing_cap * 2, cp);
}

static bool wants_dot(const care_cluster *c)
{
    return (c->style & CARE_STYLE_EM) && care_is_han(c->first_cp);
}

/* Place one cluster at x: its glyphs, trims at the line edges, and the gaps
 * after it. The run ends at the cluster's advance end plus the justification
 * it carries; the Chinese-Latin gap after it is spacing between runs, in none
 * (docs/layout-json.md). */
static float place_cluster(care_layout *L, const care_para *p, const care_line_range *r,
                           size_t ci, float x, const line_fill *fill, care_run *run)
{
    const care_cluster *c = &p->clusters[ci];
    care_squeeze sq = care_cluster_squeeze(p, r, ci);
    float end = ci + 1 == r->last ? r->end_trim : 0;
    bool centred = c->punct == CARE_PUNCT_MIDDLE; /* a centred stop loses ¼ em each side */
    float lt = c->trim_left + sq.left + (ci == r->first ? r->start_trim : 0) + (centred ? end / 2 : 0);
    float rt = c->trim_right + sq.right + (centred ? end / 2 : end);
    float pen = x - lt;
    for (size_t g = c->glyph_start; g < c->glyph_start + c->glyph_count; g++) {
        const care_glyph *gl = &p->glyphs[g];
        L->glyphs[L->glyph_count++] = (care_placed_glyph){.id = gl->id, .face = c->face,
                                                          .x = pen + gl->x_offset,
                                                          .y = -gl->y_offset,
                                                          .cluster = (uint32_t)c->start};
        pen += gl->x_advance;
        run->glyphs++;
        run->missing += gl->id == 0;
    }
    float width = c->advance - lt - rt;
    if (c->flags & CARE_CL_NOTDEF)
        note_missing(L, p, c);
    if (wants_dot(c))
        add_emphasis_dot(L, p, x, width);
    x += width;
    if (ci + 1 < fill->last_justified && care_gap_after(p, ci, fill->all_graphemes))
        x += fill->per_gap;
    run->width = x - run->x;
    return ci + 1 < r->last ? x + c->gap_after - sq.gap : x;
}

static size_t glyphs_needed(const care_para *p, const care_line_range *r)
{
    size_t n = 0;
    for (size_t i = r->first; i < r->last; i++)
        n += p->clusters[i].glyph_count + wants_dot(&p->clusters[i]);
    return n + r->hyphen;
}

/* Place the clusters of one line, in visual order, with justification gaps. */
static care_status place_line(care_layout *L, const care_para *p, const care_line_range *r,
                              float x0, const line_fill *fill, care_line *line, care_error *err)
{
    size_t n = r->last - r->first;
    int32_t *order = care_calloc(n ? n : 1, sizeof *order);
    if (!order)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory placing a line");
    care_status st = visual_order(p, r->first, r->last, order, err);
    if (st == CARE_OK)
        st = care_layout_reserve_runs(L, n, err);
    if (st == CARE_OK)
        st = care_layout_reserve_glyphs(L, glyphs_needed(p, r), err);
    line->glyph_start = L->glyph_count;
    line->run_start = L->run_count;
    float x = x0, edge = x0;
    care_run *run = NULL;
    for (size_t v = 0; v < n && st == CARE_OK; v++) {
        size_t ci = r->first + (size_t)order[v];
        const care_cluster *c = &p->clusters[ci];
        if (!run || !same_run(&p->clusters[r->first + (size_t)order[v - 1]], c)) {
            run = &L->runs[L->run_count++];
            *run = (care_run){c->start, c->end, c->face, c->style, c->script, x, 0, 0, 0};
        }
        x = place_cluster(L, p, r, ci, x, fill, run);
        if (!(r->hanging && ci + 1 == r->last))
            edge = x;
        run->start = c->start < run->start ? c->start : run->start;
        run->end = c->end > run->end ? c->end : run->end;
    }
    free(order);
    if (st == CARE_OK && r->hyphen) {
        L->glyphs[L->glyph_count++] =
            (care_placed_glyph){.id = p->hyphen_glyph, .face = p->hyphen_face, .x = x};
        x += p->hyphen_advance;
        edge = r->hanging ? edge : x;
    }
    line->hyphen = r->hyphen;
    line->glyph_count = L->glyph_count - line->glyph_start;
    line->run_count = L->run_count - line->run_start;
    for (size_t k = line->run_start; k < L->run_count; k++)
        line->missing += L->runs[k].missing;
    line->x = x0;
    line->width = (r->hanging ? edge : x) - x0;
    line->hanging = r->hanging;
    line->hang_start = r->hanging ? p->clusters[r->last - 1].start : line->end;
    return st;
}

/* Turn the line ranges of a shaped paragraph into positioned lines. */
static care_status emit_lines(care_layout *L, const care_para *p, const care_line_range *ranges,
                              size_t count, bool more, const care_block_style *bs, care_error *err)
{
    care_status st = care_layout_reserve_lines(L, count, err);
    for (size_t k = 0; k < count && st == CARE_OK; k++) {
        const care_line_range *r = &ranges[k];
        bool last_line = (k + 1 == count && !more) ||
                         (p->clusters[ranges[k].next].flags & CARE_CL_MANDATORY);
        float x0 = bs->left + (k == 0 ? bs->first_indent : 0);
        float target = bs->width - (k == 0 ? bs->first_indent : 0);
        line_fill fill = {0, false, r->hanging ? r->last - 1 : r->last};
        if (bs->justify && !last_line)
            care_justify_gaps(p, r->first, fill.last_justified, target, r->natural, &fill.per_gap,
                              &fill.all_graphemes);
        care_line *line = &L->lines[L->line_count];
        *line = (care_line){.block = bs->block, .kind = bs->kind, .text = p->text,
                            .font_size = bs->font_size, .index_in_block = k,
                            .block_lines = count, .space_before = k == 0 ? bs->space_before : 0};
        line->start = r->first < p->cluster_count ? p->clusters[r->first].start : p->len;
        line->end = r->last > r->first ? p->clusters[r->last - 1].end : line->start;
        line->height = L->opts.line_height > 0 ? L->opts.line_height * bs->font_size : 0;
        line_metrics(L->fonts, p, r->first, r->last, line);
        st = place_line(L, p, r, x0, &fill, line, err);
        L->line_count++;
    }
    return st;
}

care_typeset care_typeset_of(const care_layout *L, const care_block_style *bs)
{
    bool traditional = care_lang_is_traditional(L->lang); /* 、。，：； centred (clreq §3.1.6) */
    unsigned trim = L->opts.punct_trim & CARE_PUNCT_TRIM_ALL;
    if ((L->opts.punct_trim & CARE_PUNCT_TRIM_FLUSH) ||
        ((L->opts.punct_trim & CARE_PUNCT_TRIM_FLUSH_BY_LANG) && !traditional))
        trim |= CARE_TRIM_FLUSH;
    return (care_typeset){.punct_trim = trim,
                          .cjk_latin_gap = L->opts.cjk_latin_spacing * bs->font_size,
                          .total_fit = !L->opts.greedy_breaking,
                          .hanging = L->opts.hanging_punct,
                          .centred_stops = traditional,
                          .shrink = bs->justify,
                          .headline = !L->opts.greedy_breaking &&
                                      (bs->kind == CARE_BLOCK_TITLE || bs->kind == CARE_BLOCK_HEADING)};
}

static care_status styled_spans(const care_span *spans, size_t n, bool bold, care_span **out,
                                care_error *err)
{
    *out = care_calloc(n ? n : 1, sizeof **out);
    if (!*out)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory copying styles");
    for (size_t i = 0; i < n; i++) {
        (*out)[i] = spans[i];
        if (bold)
            (*out)[i].style |= CARE_STYLE_BOLD;
    }
    return CARE_OK;
}

/* The styles of text[off, off + len), as offsets into that piece. */
static size_t piece_spans(const care_span *spans, size_t n, size_t off, size_t len,
                          care_span *out)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        size_t a = spans[i].start > off ? spans[i].start : off;
        size_t b = spans[i].end < off + len ? spans[i].end : off + len;
        if (a < b)
            out[count++] = (care_span){a - off, b > a ? b - off : a - off, spans[i].style};
    }
    return count;
}

/* Lines and runs laid out from a piece starting `off` bytes into the block
 * text: their offsets and text pointer become the block's. */
static void rebase_lines(care_layout *L, size_t line_from, size_t run_from, const char *text,
                         size_t off)
{
    for (size_t i = line_from; i < L->line_count; i++) {
        care_line *l = &L->lines[i];
        l->text = text;
        l->start += off;
        l->end += off;
        l->hang_start += off;
    }
    for (size_t i = run_from; i < L->run_count; i++) {
        L->runs[i].start += off;
        L->runs[i].end += off;
    }
}

/* The body's height so far against what max_pages pages can hold (a page
 * holds lines of at most its text height in all, or one taller line): an
 * article that cannot fit is refused as soon as that shows, not after all of
 * it is broken into lines. */
static care_status check_pages(care_layout *L, const care_block_style *bs, size_t line_from,
                               care_error *err)
{
    if (bs->block < 0)
        return CARE_OK; /* page furniture and list markers */
    float box = (float)L->opts.height - L->opts.margin_top - L->opts.margin_bottom;
    for (size_t i = line_from; i < L->line_count; i++)
        L->body_height += L->lines[i].height < box ? L->lines[i].height : box;
    if (L->body_height > (double)L->limits.max_pages * (box + 0.01f))
        return care_fail(err, CARE_ERR_LIMIT, "pages: the layout needs more than %zu pages "
                         "(limit max_pages), found at block %ld", L->limits.max_pages,
                         bs->block + 1);
    return CARE_OK;
}

/** Paragraphs longer than this (bytes) are laid out a piece at a time: each
 *  piece is itemised, shaped and broken, and its last line is laid out again
 *  as the start of the next piece, so memory stays that of one piece and the
 *  limits are checked as the lines come. No real paragraph is this long. */
#define PIECE_BYTES 65536

/* The end of the piece that starts at `off`: PIECE_BYTES on, at a code point boundary. */
static size_t piece_end(const char *text, size_t len, size_t off)
{
    if (len - off <= PIECE_BYTES)
        return len;
    size_t end = off + PIECE_BYTES;
    while (end > off + 1 && ((unsigned char)text[end] & 0xC0) == 0x80)
        end--;
    return end;
}

/* Lay out text[off, end) (more: the paragraph goes on after it); *next is
 * where the next piece starts: the start of this piece's last line, which is
 * not emitted (it is broken again with what follows). */
static care_status layout_piece(care_layout *L, const char *text, size_t off, size_t end,
                                bool more, const care_span *spans, size_t span_count,
                                const care_block_style *bs, size_t *lines, size_t *next,
                                care_error *err)
{
    care_para p = {.font_size = bs->font_size, .ts = care_typeset_of(L, bs)};
    care_line_range *ranges = NULL;
    size_t count = 0, line_from = L->line_count, run_from = L->run_count;
    care_span *piece = care_calloc(span_count ? span_count : 1, sizeof *piece);
    care_status st = piece ? CARE_OK : care_fail(err, CARE_ERR_NO_MEMORY, "out of memory "
                                                 "copying styles");
    size_t n = piece ? piece_spans(spans, span_count, off, end - off, piece) : 0;
    if (st == CARE_OK)
        st = care_itemize(L->fonts, text + off, end - off, piece, n, &p, err);
    if (st == CARE_OK)
        st = care_shape(L->fonts, L->shapes, L->lang, &p, err);
    if (st == CARE_OK)
        st = care_mark_breaks(L->lang, &p, err);
    if (st == CARE_OK && p.ts.headline)
        st = care_mark_headline_breaks(L->words, &p, err);
    if (st == CARE_OK && p.ts.shrink) /* justified: words may break rather than leave lines loose */
        st = care_mark_hyphens(L->fonts, L->hyphen, &p, err);
    if (st == CARE_OK)
        care_apply_spacing(&p);
    if (st == CARE_OK)
        st = care_break_lines(&p, bs->width, bs->first_indent, &ranges, &count, err);
    bool carry = more && count > 1; /* else a forced break at the piece end */
    *next = !carry ? end : off + p.clusters[ranges[count - 2].next].start;
    if (carry)
        count--;
    *lines += count;
    if (st == CARE_OK && *lines > L->limits.max_paragraph_lines)
        st = care_fail(err, CARE_ERR_LIMIT, "block %ld breaks into %s%zu lines, over the limit "
                       "of %zu (max_paragraph_lines)", bs->block + 1, more ? "more than " : "",
                       *lines, L->limits.max_paragraph_lines);
    if (st == CARE_OK)
        st = emit_lines(L, &p, ranges, count, more, bs, err);
    if (st == CARE_OK) {
        rebase_lines(L, line_from, run_from, text, off);
        st = check_pages(L, bs, line_from, err);
    }
    free(ranges);
    free(piece);
    care_para_free(&p);
    return st;
}

care_status care_layout_paragraph(care_layout *L, const char *text, size_t len,
                                  const care_span *spans, size_t span_count,
                                  const care_block_style *bs, care_error *err)
{
    care_span *styled = NULL;
    care_status st = styled_spans(spans, span_count, bs->force_bold, &styled, err);
    size_t first_line = L->line_count, lines = 0, off = 0;
    care_block_style piece = *bs;
    do {
        size_t end = piece_end(text, len, off), next = end;
        if (st == CARE_OK)
            st = layout_piece(L, text, off, end, end < len, styled, span_count, &piece, &lines,
                              &next, err);
        piece.first_indent = 0; /* the pieces after the first continue its lines */
        piece.space_before = 0;
        off = next;
    } while (st == CARE_OK && off < len);
    for (size_t i = first_line; st == CARE_OK && i < L->line_count; i++) {
        L->lines[i].index_in_block = i - first_line;
        L->lines[i].block_lines = lines;
    }
    free(styled);
    return st;
}

/* The page's own text, block by block (alt text for screen readers). */
char *care_layout_page_text(const care_layout *L, size_t page)
{
    care_buf b = {0};
    const care_page *pg = &L->pages[page];
    for (size_t i = pg->line_start; i < pg->line_start + pg->line_count; i++) {
        const care_line *l = &L->lines[i];
        if (l->block < 0)
            continue;
        size_t j = i;
        while (j + 1 < pg->line_start + pg->line_count && L->lines[j + 1].block == l->block)
            j++;
        i = j;
        if (L->lines[j].end == l->start)
            continue; /* a photo without caption or alt text: no text */
        if (b.len)
            care_buf_append(&b, "\n", 1);
        care_buf_append(&b, l->text + l->start, L->lines[j].end - l->start);
    }
    care_buf_append(&b, "", 1);
    if (b.failed) {
        care_buf_free(&b);
        return NULL;
    }
    return b.data;
}
