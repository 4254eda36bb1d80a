/* The PDF's text: each run's glyphs at the layout's positions, with the run's
 * characters attached so that the text can be searched, copied and read
 * aloud; decoration as filled outlines. */
#include "output/pdf_writer.h"
#include "common/text.h"

#include <math.h>
#include <unicode/uscript.h>
#include <stdlib.h>
#include <string.h>

/* A glyph where the raster puts it: the origin on a whole pixel row and a
 * quarter pixel across (raster.c, glyph_cache.c), so that the PDF's pages
 * rasterised at the page's size match the PNG pages. */
static cairo_glyph_t cairo_glyph_of(const care_placed_glyph *g, const care_line *line)
{
    return (cairo_glyph_t){g->id, lroundf(g->x * 4) / 4.0, lroundf(line->baseline + g->y)};
}

/* One cluster per character when the run has as many glyphs as characters
 * (the common case: a Han character, a letter, a mark each one glyph); else
 * NULL and the caller gives the whole run as one cluster. */
static cairo_text_cluster_t *character_clusters(const char *text, size_t len, size_t glyphs)
{
    size_t chars = 0;
    for (size_t i = 0; i < len; chars++)
        care_utf8_next(text, len, &i);
    if (chars != glyphs || !chars)
        return NULL;
    cairo_text_cluster_t *c = care_calloc(chars, sizeof *c);
    for (size_t i = 0, k = 0; c && i < len; k++) {
        size_t at = i;
        care_utf8_next(text, len, &i);
        c[k] = (cairo_text_cluster_t){(int)(i - at), 1};
    }
    return c;
}

static care_status show_text(cairo_t *cr, const char *text, size_t len,
                             const cairo_glyph_t *glyphs, size_t n, care_error *err)
{
    if (n == 0)
        return CARE_OK;
    if (len == 0 || len > (size_t)1 << 30) {
        cairo_show_glyphs(cr, glyphs, (int)n);
        return CARE_OK;
    }
    cairo_text_cluster_t whole = {(int)len, (int)n};
    cairo_text_cluster_t *clusters = character_clusters(text, len, n);
    cairo_show_text_glyphs(cr, text, (int)len, glyphs, (int)n, clusters ? clusters : &whole,
                           clusters ? (int)n : 1, 0);
    free(clusters);
    return cairo_status(cr) == CAIRO_STATUS_SUCCESS
               ? CARE_OK
               : care_fail(err, CARE_ERR_IO, "PDF: cairo could not draw text: %s",
                           cairo_status_to_string(cairo_status(cr)));
}

/* A colour run (emoji): cairo draws the glyphs as images, which carry no
 * text; the characters go on an inkless glyph (the CJK face's ideographic
 * space, an em wide like the emoji, so that text extraction sees no gap) at
 * the run's start, so extraction and screen readers get them. */
static care_status show_color_run(cairo_t *cr, care_pdf_fonts *fonts, const care_layout *L,
                                  const care_line *line, const care_run *run,
                                  const cairo_glyph_t *glyphs, size_t n, care_error *err)
{
    cairo_show_glyphs(cr, glyphs, (int)n);
    uint16_t cjk = care_fontset_role(L->fonts, CARE_ROLE_CJK, false);
    const care_face *f = care_fontset_face(L->fonts, cjk);
    FT_UInt space = f ? FT_Get_Char_Index(f->ft, 0x3000) : 0;
    if (!space)
        return CARE_OK; /* no inkless glyph to carry the text: the picture alone */
    care_status st = care_pdf_use_face(cr, fonts, cjk, false, line->font_size, err);
    cairo_glyph_t carrier = {space, run->x, line->baseline};
    return st == CARE_OK ? show_text(cr, line->text + run->start, run->end - run->start, &carrier,
                                     1, err)
                         : st;
}

static care_status show_run(cairo_t *cr, care_pdf_fonts *fonts, care_pdf_tags *tags,
                            const care_layout *L, const care_line *line, const care_run *run,
                            const cairo_glyph_t *glyphs, size_t n, care_error *err)
{
    if (tags)
        care_pdf_tags_before_run(tags, care_pdf_face_is_color(fonts, run->face));
    care_status st = care_pdf_use_face(cr, fonts, run->face, run->script == USCRIPT_LATIN,
                                       line->font_size, err);
    if (st != CARE_OK)
        return st;
    if (care_pdf_face_is_color(fonts, run->face))
        return show_color_run(cr, fonts, L, line, run, glyphs, n, err);
    return show_text(cr, line->text + run->start, run->end - run->start, glyphs, n, err);
}

/* The glyphs after the runs: a hyphen at a soft-hyphen break, not in the text. */
static care_status show_rest(cairo_t *cr, care_pdf_fonts *fonts, const care_layout *L,
                             const care_line *line, size_t from, cairo_glyph_t *buf,
                             care_error *err)
{
    for (size_t k = from; k < line->glyph_start + line->glyph_count; k++) {
        const care_placed_glyph *g = &L->glyphs[k];
        if (g->emphasis_dot)
            continue;
        care_status st = care_pdf_use_face(cr, fonts, g->face, false, line->font_size, err);
        if (st != CARE_OK)
            return st;
        buf[0] = cairo_glyph_of(g, line);
        cairo_show_glyphs(cr, buf, 1);
    }
    return CARE_OK;
}

care_status care_pdf_show_line(cairo_t *cr, care_pdf_fonts *fonts, care_pdf_tags *tags,
                               const care_layout *L, const care_line *line, care_error *err)
{
    cairo_glyph_t *buf = care_calloc(line->glyph_count + 1, sizeof *buf);
    if (!buf)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory drawing a PDF line");
    care_status st = CARE_OK;
    size_t k = line->glyph_start, end = line->glyph_start + line->glyph_count;
    for (size_t r = line->run_start; r < line->run_start + line->run_count && st == CARE_OK; r++) {
        const care_run *run = &L->runs[r];
        size_t n = 0;
        for (; n < run->glyphs && k < end; k++) /* a run's glyphs, its emphasis dots between */
            if (!L->glyphs[k].emphasis_dot)
                buf[n++] = cairo_glyph_of(&L->glyphs[k], line);
        st = show_run(cr, fonts, tags, L, line, run, buf, n, err);
    }
    if (st == CARE_OK)
        st = show_rest(cr, fonts, L, line, k, buf, err);
    free(buf);
    return st;
}

/* Fill the outlines of glyphs [first, first + count) (only the emphasis dots
 * among them when dots_only), a stretch of one face at a time. */
static care_status fill_glyphs(cairo_t *cr, care_pdf_fonts *fonts, const care_layout *L,
                                  const care_line *line, size_t first, size_t count,
                                  bool dots_only, care_error *err)
{
    cairo_glyph_t *buf = care_calloc(count + 1, sizeof *buf);
    if (!buf)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory drawing PDF decoration");
    care_status st = CARE_OK;
    for (size_t k = first; k < first + count && st == CARE_OK;) {
        uint16_t face = L->glyphs[k].face;
        size_t n = 0;
        for (; k < first + count && L->glyphs[k].face == face; k++)
            if (!dots_only || L->glyphs[k].emphasis_dot)
                buf[n++] = cairo_glyph_of(&L->glyphs[k], line);
        if (n == 0)
            continue;
        st = care_pdf_use_face(cr, fonts, face, false, line->font_size, err);
        if (st == CARE_OK) {
            cairo_glyph_path(cr, buf, (int)n);
            cairo_fill(cr);
        }
    }
    free(buf);
    return st;
}

care_status care_pdf_fill_decoration(cairo_t *cr, care_pdf_fonts *fonts, const care_layout *L,
                                     const care_line *line, care_error *err)
{
    care_status st = fill_glyphs(cr, fonts, L, line, line->glyph_start, line->glyph_count,
                                 line->block >= 0, err);
    if (st == CARE_OK && line->kind != CARE_BLOCK_LIST_ITEM) /* markers are text */
        st = fill_glyphs(cr, fonts, L, line, line->deco_start, line->deco_count, false, err);
    return st;
}

care_status care_pdf_show_glyphs(cairo_t *cr, care_pdf_fonts *fonts, const care_layout *L,
                                 const care_line *line, size_t first, size_t count,
                                 const char *text, care_error *err)
{
    if (count == 0)
        return CARE_OK;
    cairo_glyph_t *buf = care_calloc(count, sizeof *buf);
    if (!buf)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory drawing PDF text");
    care_status st = CARE_OK;
    for (size_t k = first; k < first + count && st == CARE_OK;) {
        uint16_t face = L->glyphs[k].face;
        size_t n = 0, from = k;
        for (; k < first + count && L->glyphs[k].face == face; k++)
            buf[n++] = cairo_glyph_of(&L->glyphs[k], line);
        bool whole = from == first && k == first + count; /* the text belongs to one face */
        st = care_pdf_use_face(cr, fonts, face, false, line->font_size, err);
        if (st == CARE_OK)
            st = show_text(cr, whole ? text : NULL, whole ? strlen(text) : 0, buf, n, err);
    }
    free(buf);
    return st;
}
