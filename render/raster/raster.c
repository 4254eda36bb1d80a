/* Rasterising: coverage masks from the glyph cache (glyph_cache.c)
 * composited onto a page raster with the blending policy stated in carepage.h. */
#include "raster/raster.h"
#include "layout/photo_thread.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

uint8_t care_luma(uint32_t rgb)
{
    return care_luma3((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
}

static bool is_grey(uint32_t rgb)
{
    return ((rgb >> 16) & 0xFF) == ((rgb >> 8) & 0xFF) && ((rgb >> 8) & 0xFF) == (rgb & 0xFF);
}

/* Is one of glyphs [first, first + count) from a colour bitmap face (emoji)? */
static bool glyphs_have_color(const care_layout *L, size_t first, size_t count)
{
    uint16_t face = CARE_NO_FACE;
    bool color = false;
    for (size_t k = first; k < first + count && !color; k++) {
        if (L->glyphs[k].face != face) {
            face = L->glyphs[k].face;
            color = care_face_draws_color(care_fontset_face(L->fonts, face));
        }
    }
    return color;
}

/* Does page `page` draw a colour glyph, in its text or its decoration, or a colour photo? */
static bool page_has_color(const care_layout *L, size_t page)
{
    if (page >= L->page_count)
        return false;
    const care_page *pg = &L->pages[page];
    for (size_t i = pg->line_start; i < pg->line_start + pg->line_count; i++) {
        const care_line *line = &L->lines[i];
        if (line->kind == CARE_BLOCK_FIGURE && L->figures[line->figure].image.channels == 3)
            return true;
        if (glyphs_have_color(L, line->glyph_start, line->glyph_count) ||
            glyphs_have_color(L, line->deco_start, line->deco_count))
            return true;
    }
    return false;
}

/* A photo copied into the window: its pixels as decoded (grey photos on an
 * RGB page as R = G = B, colour photos on a grey page as their luma). Only a
 * photo inside the window waits for its pixels (the photo thread may still
 * be decoding them); one whose late decoding failed leaves its box blank. */
static void draw_figure(const care_layout *L, const care_line *line, const care_raster *r)
{
    const care_image *img = &L->figures[line->figure].image; /* its size */
    int x0 = (int)line->x - r->x, y0 = care_figure_top(line) - r->y;
    int cx0 = x0 < 0 ? -x0 : 0, cy0 = y0 < 0 ? -y0 : 0;
    int cx1 = x0 + img->width > r->width ? r->width - x0 : img->width;
    int cy1 = y0 + img->height > r->height ? r->height - y0 : img->height;
    if (cx0 >= cx1 || cy0 >= cy1 || !(img = care_figure_pixels(L, line->figure)))
        return;
    for (int y = cy0; y < cy1; y++) {
        const uint8_t *src = img->pixels + ((size_t)y * (size_t)img->width + (size_t)cx0) *
                                               (size_t)img->channels;
        uint8_t *dst = r->pixels + (size_t)(y0 + y) * r->stride + (size_t)(x0 + cx0) *
                                                                 (size_t)r->channels;
        int w = cx1 - cx0;
        if (img->channels == r->channels) {
            memcpy(dst, src, (size_t)w * (size_t)r->channels);
        } else if (r->channels == 3) {
            for (int x = 0; x < w; x++)
                memset(dst + 3 * (size_t)x, src[x], 3);
        } else {
            for (int x = 0; x < w; x++)
                dst[x] = care_luma3(src[3 * x], src[3 * x + 1], src[3 * x + 2]);
        }
    }
}

care_pixel_format care_page_format(const care_layout *L, size_t page)
{
    return is_grey(L->opts.foreground) && is_grey(L->opts.background) && !page_has_color(L, page)
               ? CARE_PIXEL_GRAY8
               : CARE_PIXEL_RGB888;
}

/* The colour channels of a theme colour in a raster of `channels` channels. */
static void channels_of(int channels, uint32_t rgb, uint8_t *ch)
{
    if (channels == 1) {
        ch[0] = care_luma(rgb);
        return;
    }
    ch[0] = (uint8_t)(rgb >> 16), ch[1] = (uint8_t)(rgb >> 8), ch[2] = (uint8_t)rgb;
}

/* The first row pixel by pixel, every other row copied from it. */
static void fill_background(const care_raster *r, uint32_t bg)
{
    uint8_t ch[3];
    channels_of(r->channels, bg, ch);
    size_t row_bytes = (size_t)r->width * (size_t)r->channels;
    if (r->height <= 0 || row_bytes == 0)
        return;
    if (r->channels == 1)
        memset(r->pixels, ch[0], row_bytes);
    else
        for (size_t x = 0; x < row_bytes; x += 3)
            memcpy(r->pixels + x, ch, 3);
    for (int y = 1; y < r->height; y++)
        memcpy(r->pixels + (size_t)y * r->stride, r->pixels, row_bytes);
}

/* sRGB-space "over": out = (cur * (255 - c) + fg * c + 127) / 255, per channel.
 * (ox, oy) is the glyph origin in page coordinates. */
static void composite(const care_raster *r, const care_glyph_mask *m, int ox, int oy,
                      const uint8_t *fg)
{
    int n = r->channels;
    int x0 = ox + m->left - r->x, y0 = oy - m->top - r->y; /* mask origin in the window */
    int cx0 = x0 < 0 ? -x0 : 0, cy0 = y0 < 0 ? -y0 : 0;
    int cx1 = x0 + m->width > r->width ? r->width - x0 : m->width;
    int cy1 = y0 + m->height > r->height ? r->height - y0 : m->height;
    if (cx0 >= cx1 || cy0 >= cy1)
        return;
    /* Branch-free, and t / 255 as (t + 1 + (t >> 8)) >> 8 (exact for t <= 65152,
     * checked for every t), so that the grey loop vectorises; c = 0 gives dst. */
    for (int y = cy0; y < cy1; y++) {
        const uint8_t *restrict src = m->coverage + (size_t)y * (size_t)m->width + cx0;
        uint8_t *restrict dst = r->pixels + (size_t)(y0 + y) * r->stride +
                                (size_t)(x0 + cx0) * (size_t)n;
        int w = cx1 - cx0;
        if (n == 1) {
            unsigned f = fg[0];
            for (int x = 0; x < w; x++) {
                unsigned c = src[x], t = dst[x] * (255 - c) + f * c + 127;
                dst[x] = (uint8_t)((t + 1 + (t >> 8)) >> 8);
            }
            continue;
        }
        for (int x = 0; x < w; x++, dst += n) {
            unsigned c = src[x];
            if (c == 0) /* the formula's results for c = 0 and c = 255, without it */
                continue;
            if (c == 255) {
                memcpy(dst, fg, 3);
                continue;
            }
            for (int k = 0; k < 3; k++) {
                unsigned t = dst[k] * (255 - c) + fg[k] * c + 127;
                dst[k] = (uint8_t)((t + 1 + (t >> 8)) >> 8);
            }
        }
    }
}

/* A premultiplied colour pixel over the raster pixel: out = src + dst * (255 - a) / 255;
 * a grey raster takes the source's luma. */
static void composite_color_pixel(uint8_t *dst, int n, const uint8_t *src)
{
    unsigned a = src[3];
    if (n == 1) {
        unsigned y = care_luma3(src[0], src[1], src[2]);
        dst[0] = (uint8_t)((y * 255 + dst[0] * (255 - a) + 127) / 255);
        return;
    }
    for (int k = 0; k < 3; k++)
        dst[k] = (uint8_t)((src[k] * 255u + dst[k] * (255 - a) + 127) / 255);
}

static void composite_color(const care_raster *r, const care_glyph_mask *m, int ox, int oy)
{
    int n = r->channels;
    int x0 = ox + m->left - r->x, y0 = oy - m->top - r->y;
    int cx0 = x0 < 0 ? -x0 : 0, cy0 = y0 < 0 ? -y0 : 0;
    int cx1 = x0 + m->width > r->width ? r->width - x0 : m->width;
    int cy1 = y0 + m->height > r->height ? r->height - y0 : m->height;
    for (int y = cy0; y < cy1; y++) {
        const uint8_t *src = m->color + 4 * (size_t)y * (size_t)m->width;
        uint8_t *dst = r->pixels + (size_t)(y0 + y) * r->stride + (size_t)(x0 + cx0) * (size_t)n;
        for (int x = cx0; x < cx1; x++, dst += n)
            if (src[4 * x + 3])
                composite_color_pixel(dst, n, src + 4 * x);
    }
}

/* Draw glyphs [first, first + count) of a line. */
static care_status draw_glyphs(const care_layout *L, care_glyph_cache *cache, const care_line *line,
                               size_t first, size_t count, const care_raster *r,
                               const uint8_t *fg, care_error *err)
{
    for (size_t k = first; k < first + count; k++) {
        const care_placed_glyph *g = &L->glyphs[k];
        care_glyph_mask m;
        int ox;
        care_status st = care_glyph_cache_get(cache, L->fonts, g->face, g->id,
                                              line->font_size, g->x, &m, &ox, err);
        if (st != CARE_OK)
            return st;
        int oy = (int)lroundf(line->baseline + g->y);
        if (m.color)
            composite_color(r, &m, ox, oy);
        else if (m.coverage)
            composite(r, &m, ox, oy, fg);
    }
    return CARE_OK;
}

care_status care_raster_window(const care_layout *L, care_glyph_cache *cache, size_t page,
                               const care_raster *r, care_error *err)
{
    uint8_t fg[3];
    channels_of(r->channels, L->opts.foreground, fg);
    fill_background(r, L->opts.background);
    const care_page *pg = &L->pages[page];
    for (size_t i = pg->line_start; i < pg->line_start + pg->line_count; i++) {
        const care_line *line = &L->lines[i];
        if (line->kind == CARE_BLOCK_FIGURE) {
            draw_figure(L, line, r);
            continue;
        }
        care_status st = draw_glyphs(L, cache, line, line->glyph_start, line->glyph_count, r, fg, err);
        if (st == CARE_OK)
            st = draw_glyphs(L, cache, line, line->deco_start, line->deco_count, r, fg, err);
        if (st != CARE_OK)
            return st;
    }
    return CARE_OK;
}
