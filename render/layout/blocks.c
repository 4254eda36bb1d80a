/* From document blocks to laid-out lines: the care-mode style of each block kind. */
#include "layout/blocks.h"

#include <math.h>

#include <string.h>

/* Font size factors (care-mode §1): title 1.5x, headings 1.25x, everything else body size. */
static float size_factor(care_block_kind k)
{
    return k == CARE_BLOCK_TITLE ? 1.5f : k == CARE_BLOCK_HEADING ? 1.25f : 1.0f;
}

static bool justify_block(const care_layout *L, const care_block *b)
{
    if (b->kind == CARE_BLOCK_TITLE || b->kind == CARE_BLOCK_HEADING ||
        b->kind == CARE_BLOCK_BYLINE || b->kind == CARE_BLOCK_CAPTION ||
        b->kind == CARE_BLOCK_FIGURE)
        return false;
    if (L->opts.align == CARE_ALIGN_JUSTIFY)
        return true;
    if (L->opts.align == CARE_ALIGN_START)
        return false;
    return care_text_is_cjk_dominant(b->text, b->text_len);
}

static bool is_numbered(const care_block *b)
{
    return b->marker[0] >= '0' && b->marker[0] <= '9';
}

/* Is k a kind set off from the text around it (quotes, captions, photos, lists)? */
static bool is_grouped(care_block_kind k)
{
    return k == CARE_BLOCK_QUOTE || k == CARE_BLOCK_CAPTION || k == CARE_BLOCK_LIST_ITEM ||
           k == CARE_BLOCK_FIGURE;
}

/* Does b start a visual group of its own after prev: a quote, a caption, a
 * photo, a list (or a list of another kind), or the text after one of them?
 * Two photos in a row are two groups. */
static bool starts_a_group(const care_block *prev, const care_block *b)
{
    if (b->kind == CARE_BLOCK_FIGURE)
        return true;
    if (prev->kind != b->kind)
        return is_grouped(b->kind) || is_grouped(prev->kind);
    return b->kind == CARE_BLOCK_LIST_ITEM && b->level == 1 && prev->level == 1 &&
           is_numbered(prev) != is_numbered(b) && b->marker[0];
}

/* Vertical space before a block, in px. */
static float space_before(const care_layout *L, const care_block *prev, const care_block *b)
{
    float em = L->opts.font_size;
    if (!prev)
        return 0;
    if (b->kind == CARE_BLOCK_HEADING)
        return em;
    if (b->kind == CARE_BLOCK_BYLINE)
        return prev->kind == CARE_BLOCK_TITLE ? em / 2 : 0;
    if (prev->kind == CARE_BLOCK_TITLE || prev->kind == CARE_BLOCK_BYLINE)
        return em;
    if (starts_a_group(prev, b)) /* a quote, caption, photo or list begins or ends: half an em */
        return em / 2 > L->opts.paragraph_spacing * em ? em / 2 : L->opts.paragraph_spacing * em;
    return L->opts.paragraph_spacing * em;
}

care_block_style care_style_of_block(const care_layout *L, size_t i)
{
    const care_block *b = &L->doc->blocks[i];
    float em = L->opts.font_size;
    care_block_style bs = {.block = (long)i, .kind = b->kind,
                           .font_size = em * size_factor(b->kind),
                           .left = L->text_left, .width = L->text_width,
                           .space_before = space_before(L, i ? &L->doc->blocks[i - 1] : NULL, b),
                           .justify = justify_block(L, b),
                           .force_bold = b->kind == CARE_BLOCK_TITLE || b->kind == CARE_BLOCK_HEADING};
    float inset = 0;
    if (b->kind == CARE_BLOCK_QUOTE)
        inset = 2 * em;
    if (b->kind == CARE_BLOCK_LIST_ITEM)
        inset = 2 * em * (float)(b->level > 0 ? b->level : 1);
    if (inset > bs.width - 4 * em)
        inset = bs.width > 8 * em ? bs.width - 4 * em : 0;
    bs.left += inset;
    bs.width -= inset;
    if (b->kind == CARE_BLOCK_PARAGRAPH)
        bs.first_indent = L->opts.indent_em * em;
    return bs;
}

/* The list marker: laid out as a line of its own, then its glyphs become the
 * decoration of the item's first line, ending half an em before the text. */
static care_status add_marker(care_layout *L, const care_block *b, size_t item_line,
                              const care_block_style *item, care_error *err)
{
    care_span span = {0, strlen(b->marker), 0};
    care_block_style ms = *item;
    ms.block = -1;
    ms.first_indent = 0;
    ms.justify = false;
    size_t line_at = L->line_count, runs_at = L->run_count;
    care_status st = care_layout_paragraph(L, b->marker, span.end, &span, 1, &ms, err);
    if (st != CARE_OK)
        return st;
    care_line *marker = &L->lines[line_at];
    care_line_shift(L, marker, item->left - item->font_size / 2 - (marker->x + marker->width));
    L->lines[item_line].deco_start = marker->glyph_start;
    L->lines[item_line].deco_count = marker->glyph_count;
    L->line_count = line_at; /* the marker's line goes; its glyphs stay as decoration */
    L->run_count = runs_at;
    return CARE_OK;
}

/* A quote is marked by a vertical bar in its inset, drawn as copies of the
 * CJK face's ┃ (U+2503) stacked to fill each line box, so consecutive lines
 * join into one rule. */
static care_status add_quote_bar(care_layout *L, size_t line_index, care_error *err)
{
    care_fontset *fs = L->fonts;
    uint16_t face_id = care_fontset_role(fs, CARE_ROLE_CJK, false);
    const care_face *f = care_fontset_face(fs, face_id);
    hb_codepoint_t gid;
    hb_glyph_extents_t ext;
    if (!hb_font_get_nominal_glyph(f->hb, 0x2503, &gid) ||
        !hb_font_get_glyph_extents(f->hb, gid, &ext) || ext.height >= 0)
        return CARE_OK; /* no bar glyph in this font: the inset alone marks the quote */
    care_line *line = &L->lines[line_index];
    float scale = line->font_size / f->metrics.upem;
    float ink_top = -(float)ext.y_bearing * scale, ink_h = -(float)ext.height * scale;
    float box_top = -line->box_ascent;
    if (!(ink_h >= 2) || line->height > 64 * ink_h)
        return CARE_OK; /* a bar glyph too short to stack: the inset alone marks the quote */
    size_t copies = (size_t)ceilf(line->height / (ink_h - 1));
    care_status st = care_layout_reserve_glyphs(L, copies, err);
    if (st != CARE_OK)
        return st;
    float x = L->text_left + line->font_size * 0.5f - (float)ext.x_bearing * scale;
    line->deco_start = L->glyph_count;
    for (size_t k = 0; k < copies; k++) {
        float top = box_top + (float)k * (ink_h - 1);
        if (top + ink_h > box_top + line->height)
            top = box_top + line->height - ink_h; /* the last copy ends at the box bottom */
        L->glyphs[L->glyph_count++] = (care_placed_glyph){.id = gid, .face = face_id, .x = x,
                                                          .y = top - ink_top};
    }
    line->deco_count = L->glyph_count - line->deco_start;
    return CARE_OK;
}

care_status care_layout_blocks(care_layout *L, care_error *err)
{
    for (size_t i = 0; i < L->doc->count; i++) {
        const care_block *b = &L->doc->blocks[i];
        care_block_style bs = care_style_of_block(L, i);
        L->blocks[i].justified = bs.justify;
        size_t first_line = L->line_count;
        care_status st = b->kind == CARE_BLOCK_FIGURE
                             ? care_layout_figure(L, i, &bs, err)
                             : care_layout_paragraph(L, b->text, b->text_len, b->spans,
                                                     b->span_count, &bs, err);
        if (st == CARE_OK && b->marker[0])
            st = add_marker(L, b, first_line, &bs, err);
        for (size_t k = first_line; st == CARE_OK && b->kind == CARE_BLOCK_QUOTE &&
                                    k < L->line_count; k++)
            st = add_quote_bar(L, k, err);
        if (st != CARE_OK)
            return st;
    }
    return CARE_OK;
}
