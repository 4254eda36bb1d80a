/* The PDF writer (care_render_pdf): the layout's pages on cairo's PDF surface, in memory;
 * amended with qpdf (pdf_amend.c); written atomically. */
#include "output/pdf_writer.h"
#include "output/atomic_file.h"

#include <cairo-pdf.h>
#include <stdlib.h>
#include <string.h>

/* Where a px lands on the paper: pt = px * scale + offset. */
typedef struct pdf_geometry {
    double width, height, scale, dx, dy; /* pt */
} pdf_geometry;

/* The paper of care_page_options.pdf_width x pdf_height with the page scaled
 * to fit and centred, else the page at 96 px per inch. A long image's parts
 * are cropped below their last line like their PNGs (draw_page). */
static pdf_geometry geometry_of(const care_page_options *o)
{
    const double pt_per_px = 72.0 / 96.0;
    if (!(o->pdf_width > 0 && o->pdf_height > 0))
        return (pdf_geometry){o->width * pt_per_px, o->height * pt_per_px, pt_per_px, 0, 0};
    double sx = o->pdf_width / o->width, sy = o->pdf_height / o->height;
    double s = sx < sy ? sx : sy;
    return (pdf_geometry){o->pdf_width, o->pdf_height, s, (o->pdf_width - o->width * s) / 2,
                          (o->pdf_height - o->height * s) / 2};
}

static void set_colour(cairo_t *cr, uint32_t rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
                         (rgb & 0xFF) / 255.0);
}

/* The first block of a kind, or NULL. */
static const care_block *first_block(const care_document *doc, care_block_kind kind)
{
    for (size_t i = 0; i < doc->count; i++)
        if (doc->blocks[i].kind == kind)
            return &doc->blocks[i];
    return NULL;
}

static const char *pick(const char *given, const char *own)
{
    return given && *given ? given : own;
}

static void set_metadata(cairo_surface_t *s, const care_layout *L, const care_pdf_metadata *meta)
{
    const care_pdf_metadata none = {0};
    const care_block *title_block = first_block(L->doc, CARE_BLOCK_TITLE);
    meta = meta ? meta : &none;
    const char *title = pick(meta->title, pick(L->doc->title, title_block ? title_block->text : ""));
    const char *author = pick(meta->author, L->doc->author);
    const char *subject = pick(meta->subject, L->doc->source);
    if (*title)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    if (*author)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, author);
    if (*subject)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, subject);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "carepage");
}

/* The page's artifacts, in one group painted first (pdf_amend.c marks it
 * /Artifact): the background, the page number, quote bars, emphasis dots. */
static care_status draw_artifacts(cairo_t *cr, care_pdf_fonts *fonts, const care_layout *L,
                                  const care_page *pg, care_error *err)
{
    cairo_push_group(cr);
    set_colour(cr, L->opts.background);
    cairo_rectangle(cr, 0, 0, L->opts.width, L->opts.height);
    cairo_fill(cr);
    set_colour(cr, L->opts.foreground);
    care_status st = CARE_OK;
    for (size_t i = pg->line_start; i < pg->line_start + pg->line_count && st == CARE_OK; i++)
        st = care_pdf_fill_decoration(cr, fonts, L, &L->lines[i], err);
    cairo_pop_group_to_source(cr);
    cairo_paint(cr);
    return st;
}

/* A shown photo: the figure block's first line, a Figure element of its own. */
static care_status draw_photo_line(cairo_t *cr, care_pdf_tags *tags, const care_layout *L,
                                   const care_line *line, care_error *err)
{
    care_pdf_tags_begin_photo(tags, &L->doc->blocks[line->block]);
    care_status st = care_pdf_draw_photo(cr, L, line, err);
    care_pdf_tags_end_block(tags);
    set_colour(cr, L->opts.foreground);
    return st;
}

/* One line of a block: its elements opened at its first line, closed after its last. */
static care_status draw_block_line(cairo_t *cr, care_pdf_fonts *fonts, care_pdf_tags *tags,
                                   const care_layout *L, const care_line *line, care_error *err)
{
    const care_block *b = &L->doc->blocks[line->block];
    care_status st = CARE_OK;
    if (line->kind == CARE_BLOCK_FIGURE)
        return draw_photo_line(cr, tags, L, line, err);
    if (line->index_in_block == 0) {
        care_pdf_tags_begin_block(tags, b);
        if (b->kind == CARE_BLOCK_LIST_ITEM && b->marker[0])
            st = care_pdf_show_glyphs(cr, fonts, L, line, line->deco_start, line->deco_count,
                                      b->marker, err);
        care_pdf_tags_begin_body(tags);
    } else if (!tags->leaf) { /* the caption under a shown photo */
        care_pdf_tags_begin_caption(tags);
    }
    care_pdf_tags_begin_text(tags);
    if (st == CARE_OK)
        st = care_pdf_show_line(cr, fonts, tags, L, line, err);
    if (line->index_in_block + 1 >= line->block_lines)
        care_pdf_tags_end_block(tags);
    return st;
}

static care_status draw_page(cairo_t *cr, care_pdf_fonts *fonts, care_pdf_tags *tags,
                             const care_layout *L, size_t page, care_error *err)
{
    const care_page *pg = &L->pages[page];
    if (L->opts.long_image) { /* each part a page of its own height, as its PNG */
        pdf_geometry g = geometry_of(&L->opts);
        cairo_pdf_surface_set_size(cairo_get_target(cr), g.width,
                                   care_page_output_height(L, page) * g.scale + 2 * g.dy);
    }
    care_status st = draw_artifacts(cr, fonts, L, pg, err);
    if (page == 0) /* after the group: cairo 1.16 fails a group painted first in an element */
        cairo_tag_begin(cr, "Document", "");
    set_colour(cr, L->opts.foreground);
    for (size_t i = pg->line_start; i < pg->line_start + pg->line_count && st == CARE_OK; i++)
        if (L->lines[i].block >= 0)
            st = draw_block_line(cr, fonts, tags, L, &L->lines[i], err);
    care_pdf_tags_end_page(tags);
    if (page + 1 == L->page_count) {
        care_pdf_tags_finish(tags);
        cairo_tag_end(cr, "Document");
    }
    cairo_show_page(cr);
    return st;
}

static cairo_status_t append_to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    care_buf *b = closure;
    care_buf_append(b, (const char *)data, len);
    return b->failed ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

static care_status cairo_failure(cairo_status_t cs, const char *path, care_error *err)
{
    care_status st = cs == CAIRO_STATUS_NO_MEMORY ? CARE_ERR_NO_MEMORY
                     : cs == CAIRO_STATUS_FONT_TYPE_MISMATCH || cs == CAIRO_STATUS_USER_FONT_ERROR
                         ? CARE_ERR_FONT
                         : CARE_ERR_IO;
    return care_fail(err, st, "cannot make the PDF %s: cairo: %s", path,
                     cairo_status_to_string(cs));
}

/* Draw every page into *pdf (cairo's file, before amending); alts[] gets
 * the /Alt of each Figure begun (room for one a block). */
static care_status draw_pdf(const care_layout *L, care_pdf_fonts *fonts, const char *path,
                            const care_pdf_metadata *meta, const char **alts, size_t *alt_count,
                            care_pdf_tags *tags_out, care_buf *pdf, care_error *err)
{
    pdf_geometry g = geometry_of(&L->opts);
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(append_to_buf, pdf, g.width, g.height);
    set_metadata(s, L, meta);
    cairo_t *cr = cairo_create(s);
    care_status st = CARE_OK;
    cairo_translate(cr, g.dx, g.dy);
    cairo_scale(cr, g.scale, g.scale);
    care_pdf_tags tags = {.cr = cr, .alts = alts};
    for (size_t p = 0; p < L->page_count && st == CARE_OK; p++)
        st = draw_page(cr, fonts, &tags, L, p, err);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cs = cs != CAIRO_STATUS_SUCCESS ? cs : cairo_surface_status(s);
    cairo_surface_destroy(s);
    *alt_count = tags.alt_count;
    *tags_out = tags;
    if (st == CARE_OK && cs != CAIRO_STATUS_SUCCESS)
        st = cairo_failure(cs, path, err);
    return st;
}

care_status care_pdf_write(const care_layout *L, care_pdf_fonts *fonts, const char *path,
                           const care_pdf_metadata *meta, care_error *err)
{
    care_buf pdf = {0}, amended = {0};
    size_t figures = 0;
    const char **alts = care_calloc(L->doc->count + 1, sizeof *alts);
    care_pdf_tags tags = {0};
    care_pdf_fonts_cover(fonts, L);
    care_status st = alts ? draw_pdf(L, fonts, path, meta, alts, &figures, &tags, &pdf, err)
                          : care_fail(err, CARE_ERR_NO_MEMORY, "out of memory writing %s", path);
    care_pdf_amendments a = {L->lang, alts, figures, tags.actual, tags.actual_count, tags.spans};
    if (st == CARE_OK)
        st = care_pdf_amend(pdf.data, pdf.len, &a, path, &amended, err);
    if (st == CARE_OK)
        st = care_atomic_write(path, amended.data, amended.len, err);
    free(alts);
    free(tags.actual);
    care_buf_free(&pdf);
    care_buf_free(&amended);
    return st;
}
