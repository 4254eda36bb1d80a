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

static size_t char_count(const char *text, size_t len)
{
    size_t chars = 0;
    for (size_t i = 0; i < len; chars++)
        care_utf8_next(text, len, &i);
    return chars;
}

/* Does a run of `len` bytes and n glyphs pair one glyph with each character
 * (the common case: a Han character, a letter, a mark each one glyph)? Else
 * its text goes with the whole run, which cairo writes as /ActualText. */
static bool pairs_up(const char *text, size_t len, size_t n)
{
    return n > 0 && char_count(text, len) == n;
}

/* The text cairo maps a glyph to: spaces of other widths (U+00A0, U+2000..200A,
 * U+202F, U+205F) as U+0020, since fonts draw them with the space glyph and
 * cairo gives a glyph met again with other text /ActualText of its own. */
static size_t text_of_char(uint32_t cp, char *out)
{
    bool space = cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F;
    return care_utf8_encode(space ? ' ' : cp, out);
}

/* Draw n glyphs with len bytes of text as one cluster. */
static void show_one_cluster(cairo_t *cr, const char *text, size_t len,
                             const cairo_glyph_t *glyphs, size_t n)
{
    cairo_text_cluster_t whole = {(int)len, (int)n};
    cairo_show_text_glyphs(cr, text, (int)len, glyphs, (int)n, &whole, 1, 0);
}

/* Draw glyphs with text: one cluster per character when they pair up. */
static void show_clusters(cairo_t *cr, const char *text, size_t len, const cairo_glyph_t *glyphs,
                          size_t n)
{
    char *utf8 = pairs_up(text, len, n) ? care_calloc(len + 1, 1) : NULL;
    cairo_text_cluster_t *c = utf8 ? care_calloc(n, sizeof *c) : NULL;
    if (!c) { /* the whole run as one cluster (or no memory for the clusters) */
        show_one_cluster(cr, text, len, glyphs, n);
        free(utf8);
        return;
    }
    size_t used = 0;
    for (size_t i = 0, k = 0; i < len; k++) {
        size_t bytes = text_of_char(care_utf8_next(text, len, &i), utf8 + used);
        c[k] = (cairo_text_cluster_t){(int)bytes, 1};
        used += bytes;
    }
    cairo_show_text_glyphs(cr, utf8, (int)used, glyphs, (int)n, c, (int)n, 0);
    free(c);
    free(utf8);
}

/* The context's status after drawing text, as a care_status. */
static care_status text_status(cairo_t *cr, care_error *err)
{
    cairo_status_t cs = cairo_status(cr);
    return cs == CAIRO_STATUS_SUCCESS
               ? CARE_OK
               : care_fail(err, CARE_ERR_IO, "PDF: cairo could not draw text: %s",
                           cairo_status_to_string(cs));
}

static care_status show_text(cairo_t *cr, const char *text, size_t len,
                             const cairo_glyph_t *glyphs, size_t n, care_error *err)
{
    if (n == 0)
        return CARE_OK;
    if (len == 0 || len > (size_t)1 << 30)
        cairo_show_glyphs(cr, glyphs, (int)n);
    else
        show_clusters(cr, text, len, glyphs, n);
    return text_status(cr, err);
}

/* A colour run (emoji): cairo draws the glyphs as images, which carry no
 * text; the characters go on an inkless glyph (the CJK face's ideographic
 * space, an em wide like the emoji, so that text extraction sees no gap) at
 * the run's start, so extraction and screen readers get them. */
FT_UInt care_pdf_carrier_glyph(const care_layout *L, uint16_t *face)
{
    *face = care_fontset_role(L->fonts, CARE_ROLE_CJK, false);
    const care_face *f = care_fontset_face(L->fonts, *face);
    return f ? FT_Get_Char_Index(f->ft, 0x3000) : 0;
}

static care_status show_color_run(cairo_t *cr, care_pdf_fonts *fonts, const care_layout *L,
                                  const care_line *line, const care_run *run,
                                  const cairo_glyph_t *glyphs, size_t n, care_error *err)
{
    cairo_show_glyphs(cr, glyphs, (int)n);
    uint16_t cjk = CARE_NO_FACE;
    FT_UInt space = care_pdf_carrier_glyph(L, &cjk);
    if (!space)
        return CARE_OK; /* no inkless glyph to carry the text: the picture alone */
    cairo_glyph_t carrier = {space, run->x, line->baseline};
    care_status st =
        care_pdf_use_face(cr, fonts, cjk, false, false, line->font_size, &carrier, 1, err);
    return st == CARE_OK ? show_text(cr, line->text + run->start, run->end - run->start, &carrier,
                                     1, err)
                         : st;
}

/* A run's glyphs in drawing order, emphasis dots left out, with the byte
 * offset of each one's cluster in the block text. */
typedef struct run_glyphs {
    cairo_glyph_t *glyphs;
    uint32_t *at;
    size_t n;
} run_glyphs;

/* Clusters [from, to) of a run with their text: [at, the next cluster's at),
 * the last one up to `end`. k is the first glyph of cluster `from`. */
static void show_segment(cairo_t *cr, const char *text, size_t end, const run_glyphs *rg,
                         size_t from, size_t to)
{
    char *utf8 = care_calloc(end - rg->at[from] + 1, 1);
    cairo_text_cluster_t *c = care_calloc(to - from, sizeof *c);
    size_t used = 0, count = 0;
    for (size_t k = from; utf8 && c && k < to;) {
        size_t e = k + 1;
        while (e < to && rg->at[e] == rg->at[k])
            e++;
        size_t stop = e < rg->n ? rg->at[e] : end, before = used;
        for (size_t i = rg->at[k]; i < stop;)
            used += text_of_char(care_utf8_next(text, stop, &i), utf8 + used);
        c[count++] = (cairo_text_cluster_t){(int)(used - before), (int)(e - k)};
        k = e;
    }
    if (utf8 && c)
        cairo_show_text_glyphs(cr, utf8, (int)used, rg->glyphs + from, (int)(to - from), c,
                               (int)count, 0);
    else /* no memory for the text: the glyphs alone */
        cairo_show_glyphs(cr, rg->glyphs + from, (int)(to - from));
    free(c);
    free(utf8);
}

/* Do the clusters follow the text forwards (not a right-to-left run), each in the run? */
static bool clusters_forward(const run_glyphs *rg, const care_run *run)
{
    for (size_t k = 0; k < rg->n; k++)
        if (rg->at[k] < run->start || rg->at[k] >= run->end || (k && rg->at[k] < rg->at[k - 1]))
            return false;
    return rg->n > 0;
}

/* Is glyph k a cluster of one glyph and one character? */
static bool one_to_one(const char *text, size_t end, const run_glyphs *rg, size_t k)
{
    if ((k > 0 && rg->at[k - 1] == rg->at[k]) || (k + 1 < rg->n && rg->at[k + 1] == rg->at[k]))
        return false;
    size_t i = rg->at[k], stop = k + 1 < rg->n ? rg->at[k + 1] : end;
    care_utf8_next(text, stop, &i);
    return i == stop;
}

/* Is every cluster of the run one glyph, in text order? Those glyphs get their
 * cluster's text as their ToUnicode entry (a ligature its characters); a
 * glyph of a cluster of several (Thai marks, a right-to-left run) is mapped by
 * cairo through the font's 'cmap'. */
static bool one_glyph_clusters(const care_run *run, const run_glyphs *rg)
{
    if (!clusters_forward(rg, run))
        return false;
    for (size_t k = 1; k < rg->n; k++)
        if (rg->at[k] == rg->at[k - 1])
            return false;
    return true;
}

/* A run's text, cluster by cluster: stretches of clusters of one glyph and
 * one character (their glyphs get ToUnicode entries); any other cluster (a
 * ligature, a character drawn with several glyphs; cairo writes its text as
 * /ActualText) alone, in a Span of its own. */
static void show_clusters_of_run(cairo_t *cr, care_pdf_tags *tags, const care_line *line,
                                 const care_run *run, const run_glyphs *rg)
{
    if (!clusters_forward(rg, run)) { /* right to left: the run's text as one cluster */
        if (tags)
            care_pdf_tags_before_run(tags, true);
        show_one_cluster(cr, line->text + run->start, run->end - run->start, rg->glyphs, rg->n);
        return;
    }
    for (size_t k = 0; k < rg->n;) {
        size_t e = k;
        while (e < rg->n && one_to_one(line->text, run->end, rg, e))
            e++;
        bool isolated = e == k;
        if (isolated)
            while (e < rg->n && rg->at[e] == rg->at[k])
                e++;
        if (tags)
            care_pdf_tags_before_run(tags, isolated);
        show_segment(cr, line->text, run->end, rg, k, e);
        k = e;
    }
}

static care_status show_run(cairo_t *cr, care_pdf_fonts *fonts, care_pdf_tags *tags,
                            const care_layout *L, const care_line *line, const care_run *run,
                            const run_glyphs *rg, care_error *err)
{
    bool color = care_pdf_face_is_color(fonts, run->face);
    care_status st = care_pdf_use_face(cr, fonts, run->face, run->script == USCRIPT_LATIN,
                                       !color && !one_glyph_clusters(run, rg),
                                       line->font_size, rg->glyphs, rg->n, err);
    if (st != CARE_OK || rg->n == 0)
        return st;
    if (color) {
        if (tags) { /* its /ActualText in a Span of its own, also on the Span */
            care_pdf_tags_before_run(tags, true);
            care_pdf_tags_actual_text(tags, line->text + run->start, run->end - run->start);
        }
        return show_color_run(cr, fonts, L, line, run, rg->glyphs, rg->n, err);
    }
    show_clusters_of_run(cr, tags, line, run, rg);
    return text_status(cr, err);
}

/* The character of the hyphen drawn at a soft-hyphen break: '-', else
 * U+2010 (care_choose_hyphen). */
static const char *hyphen_text(const care_layout *L, const care_placed_glyph *g)
{
    const care_face *f = care_fontset_face(L->fonts, g->face);
    hb_codepoint_t dash = 0;
    return f && hb_font_get_nominal_glyph(f->hb, '-', &dash) && dash == g->id ? "-" : "\u2010";
}

/* The glyphs after the runs: a hyphen at a soft-hyphen break, not in the
 * text, drawn with its character (cairo's faces have no 'cmap' to find it). */
static care_status show_rest(cairo_t *cr, care_pdf_fonts *fonts, const care_layout *L,
                             const care_line *line, size_t from, cairo_glyph_t *buf,
                             care_error *err)
{
    for (size_t k = from; k < line->glyph_start + line->glyph_count; k++) {
        const care_placed_glyph *g = &L->glyphs[k];
        if (g->emphasis_dot)
            continue;
        const char *hyphen = hyphen_text(L, g);
        buf[0] = cairo_glyph_of(g, line);
        care_status st =
            care_pdf_use_face(cr, fonts, g->face, false, false, line->font_size, buf, 1, err);
        if (st == CARE_OK)
            st = show_text(cr, hyphen, strlen(hyphen), buf, 1, err);
        if (st != CARE_OK)
            return st;
    }
    return CARE_OK;
}

care_status care_pdf_show_line(cairo_t *cr, care_pdf_fonts *fonts, care_pdf_tags *tags,
                               const care_layout *L, const care_line *line, care_error *err)
{
    run_glyphs rg = {care_calloc(line->glyph_count + 1, sizeof *rg.glyphs),
                     care_calloc(line->glyph_count + 1, sizeof *rg.at), 0};
    care_status st = rg.glyphs && rg.at ? CARE_OK
                                        : care_fail(err, CARE_ERR_NO_MEMORY,
                                                    "out of memory drawing a PDF line");
    size_t k = line->glyph_start, end = line->glyph_start + line->glyph_count;
    for (size_t r = line->run_start; r < line->run_start + line->run_count && st == CARE_OK; r++) {
        const care_run *run = &L->runs[r];
        for (rg.n = 0; rg.n < run->glyphs && k < end; k++) { /* its emphasis dots between */
            if (L->glyphs[k].emphasis_dot)
                continue;
            rg.at[rg.n] = L->glyphs[k].cluster;
            rg.glyphs[rg.n++] = cairo_glyph_of(&L->glyphs[k], line);
        }
        st = show_run(cr, fonts, tags, L, line, run, &rg, err);
    }
    if (st == CARE_OK)
        st = show_rest(cr, fonts, L, line, k, rg.glyphs, err);
    free(rg.glyphs);
    free(rg.at);
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
        st = care_pdf_use_face(cr, fonts, face, false, false, line->font_size, buf, n, err);
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
        /* this face's part of the text: from its first glyph's cluster to the next face's */
        size_t len = strlen(text), at = from == first ? 0 : L->glyphs[from].cluster,
               end = k == first + count ? len : L->glyphs[k].cluster;
        bool forward = at < end && end <= len;
        st = care_pdf_use_face(cr, fonts, face, false, false, line->font_size, buf, n, err);
        if (st == CARE_OK)
            st = show_text(cr, forward ? text + at : NULL, forward ? end - at : 0, buf, n, err);
    }
    free(buf);
    return st;
}
