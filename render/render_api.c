/* Public rendering calls: they check their arguments, take the glyph cache
 * and the error record from the layout's engine once and hand them to the
 * raster (raster/surface.h) and output stages (output/png_encode_parallel.h,
 * output/pdf_writer.h, output/dump.h). */
#include "engine.h"
#include "output/dump.h"
#include "output/pdf_writer.h"
#include "output/png_encode_parallel.h"
#include "raster/surface.h"

#include <stdlib.h>

static care_status check_surface(const care_layout *L, size_t page, const care_surface *s,
                                 care_error *err)
{
    if (!s || !s->pixels || page >= L->page_count)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "render: no surface, or page %zu of %zu",
                         page + 1, L->page_count);
    size_t row = care_surface_row_bytes(s->format, s->width);
    if (!row)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "render: unknown pixel format %d",
                         (int)s->format);
    if (s->width != L->opts.width || s->height != L->opts.height || s->stride < row)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "surface %dx%d (stride %zu) does not "
                         "fit the %dx%d page", s->width, s->height, s->stride, L->opts.width,
                         L->opts.height);
    return CARE_OK;
}

/* Clip [*lo, *lo + *len) to [0, size). */
static void clip_span(int *lo, int *len, int size)
{
    long a = *lo < 0 ? 0 : *lo, b = (long)*lo + *len;
    b = b > size ? size : b;
    *lo = (int)a;
    *len = b > a ? (int)(b - a) : 0;
}

/* A layout's glyph ids belong to the font set it was made with. */
static care_status check_fonts_current(const care_layout *L, care_error *err)
{
    if (L->font_generation != L->engine->font_generation)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "render: the engine's fonts were "
                         "replaced after this layout was made; lay the document out again");
    return CARE_OK;
}

care_status care_render_region(care_layout *L, size_t page, care_surface *s, int x, int y, int w,
                               int h)
{
    if (!L)
        return CARE_ERR_INVALID_ARGUMENT;
    care_error *err = &L->engine->error;
    care_status st = check_fonts_current(L, err);
    if (st == CARE_OK)
        st = check_surface(L, page, s, err);
    if (st != CARE_OK)
        return st;
    if (w < 0 || h < 0)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "render region %dx%d: negative size", w, h);
    clip_span(&x, &w, s->width);
    clip_span(&y, &h, s->height);
    if (w == 0 || h == 0)
        return CARE_OK;
    return care_surface_render(L, L->engine->glyphs, page, s, x, y, w, h, err);
}

care_status care_render_page(care_layout *L, size_t page, care_surface *s)
{
    if (!L)
        return CARE_ERR_INVALID_ARGUMENT;
    return care_render_region(L, page, s, 0, 0, L->opts.width, L->opts.height);
}

care_status care_render_page_png(care_layout *L, size_t page, const char *path,
                                 const care_png_metadata *meta)
{
    if (!L || !path)
        return CARE_ERR_INVALID_ARGUMENT;
    care_error *err = &L->engine->error;
    if (page >= L->page_count)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "render %s: page %zu of %zu", path,
                         page + 1, L->page_count);
    care_status st = check_fonts_current(L, err);
    if (st != CARE_OK)
        return st;
    care_output_raster r = care_output_raster_of(L, page);
    uint8_t *pixels = care_calloc(care_output_raster_bytes(&r), 1);
    char *alt = care_layout_page_text(L, page);
    st = !pixels || !alt ? care_fail(err, CARE_ERR_NO_MEMORY, "out of memory rendering %s", path)
                         : care_draw_output_rows(L, L->engine->glyphs, page, &r, pixels, err);
    if (st == CARE_OK)
        st = care_write_page_png(L, page, &r, pixels, alt, meta, path, NULL, err);
    free(alt);
    free(pixels);
    return st;
}

care_status care_render_pages_png(care_layout *L, const char *dir, const care_png_metadata *meta,
                                  int jobs)
{
    if (!L || !dir || !*dir)
        return CARE_ERR_INVALID_ARGUMENT;
    care_error *err = &L->engine->error;
    care_status st = check_fonts_current(L, err);
    return st == CARE_OK ? care_png_write_pages(L, L->engine->glyphs, dir, meta, jobs, err) : st;
}

care_status care_layout_write_json(care_layout *L, const char *path, const char *source_name)
{
    if (!L || !path)
        return CARE_ERR_INVALID_ARGUMENT;
    return care_dump_write(L, path, source_name, &L->engine->error);
}

care_status care_render_pdf(care_layout *L, const char *path, const care_pdf_metadata *meta)
{
    if (!L || !path || !*path)
        return CARE_ERR_INVALID_ARGUMENT;
    care_error *err = &L->engine->error;
    care_status st = check_fonts_current(L, err);
    if (st == CARE_OK && !L->engine->pdf_fonts)
        st = care_pdf_fonts_new(L->fonts, &L->engine->pdf_fonts, err);
    return st == CARE_OK ? care_pdf_write(L, L->engine->pdf_fonts, path, meta, err) : st;
}
