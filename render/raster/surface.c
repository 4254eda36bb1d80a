/* Framebuffer surfaces: the page raster (GRAY8 or RGB888, the PNG's pixels)
 * converted to every care_pixel_format, and region rendering in bands. The
 * conversion rules are the ones documented at care_pixel_format in carepage.h. */
#include "raster/surface.h"

#include <stdlib.h>
#include <string.h>

/* Byte positions of R, G, B and the X/A byte (-1: none) of the byte formats. */
typedef struct byte_layout {
    int bytes, r, g, b, x;
} byte_layout;

/* One row per care_pixel_format, in enum order. */
typedef struct format_row {
    care_pixel_format format;
    const char *name;
    int bits;
    byte_layout bytes; /* byte formats: converted by row_bytes; else bytes.bytes = 0 */
} format_row;

static const format_row FORMATS[] = {
    {CARE_PIXEL_GRAY8, "gray8", 8, {0}},
    {CARE_PIXEL_RGB888, "rgb888", 24, {3, 0, 1, 2, -1}},
    {CARE_PIXEL_GRAY4, "gray4", 4, {0}},
    {CARE_PIXEL_MONO1, "mono1", 1, {0}},
    {CARE_PIXEL_RGB565, "rgb565", 16, {0}},
    {CARE_PIXEL_BGR888, "bgr888", 24, {3, 2, 1, 0, -1}},
    {CARE_PIXEL_XRGB8888, "xrgb8888", 32, {4, 2, 1, 0, 3}},
    {CARE_PIXEL_ARGB8888, "argb8888", 32, {4, 2, 1, 0, 3}},
    {CARE_PIXEL_BGRX8888, "bgrx8888", 32, {4, 1, 2, 3, 0}},
    {CARE_PIXEL_XBGR8888, "xbgr8888", 32, {4, 0, 1, 2, 3}},
    {CARE_PIXEL_MONO1_THRESHOLD, "mono1-threshold", 1, {0}},
};
_Static_assert(sizeof FORMATS / sizeof *FORMATS == CARE_PIXEL_FORMAT_COUNT,
               "every care_pixel_format needs its row in FORMATS (surface.c)");

static const format_row *format_row_of(care_pixel_format f)
{
    return (unsigned)f < CARE_PIXEL_FORMAT_COUNT ? &FORMATS[f] : NULL;
}

static const uint8_t BAYER8[8][8] = {
    {0, 32, 8, 40, 2, 34, 10, 42},  {48, 16, 56, 24, 50, 18, 58, 26},
    {12, 44, 4, 36, 14, 46, 6, 38}, {60, 28, 52, 20, 62, 30, 54, 22},
    {3, 35, 11, 43, 1, 33, 9, 41},  {51, 19, 59, 27, 49, 17, 57, 25},
    {15, 47, 7, 39, 13, 45, 5, 37}, {63, 31, 55, 23, 61, 29, 53, 21},
};

int care_pixel_format_bits(care_pixel_format f)
{
    const format_row *row = format_row_of(f);
    return row ? row->bits : 0;
}

const char *care_pixel_format_name(care_pixel_format f)
{
    const format_row *row = format_row_of(f);
    return row ? row->name : NULL;
}

care_status care_pixel_format_from_name(const char *name, care_pixel_format *out)
{
    if (!name || !out)
        return CARE_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < CARE_PIXEL_FORMAT_COUNT; i++)
        if (strcmp(FORMATS[i].name, name) == 0) {
            *out = FORMATS[i].format;
            return CARE_OK;
        }
    return CARE_ERR_INVALID_ARGUMENT;
}

size_t care_surface_row_bytes(care_pixel_format f, int width)
{
    int bits = care_pixel_format_bits(f);
    if (!bits || width < 0)
        return 0;
    return ((size_t)width * (size_t)bits + 7) / 8;
}

/* Luma of pixel i of a raster row. */
static inline uint8_t luma_at(const uint8_t *row, int channels, int i)
{
    if (channels == 1)
        return row[i];
    const uint8_t *p = row + 3 * (size_t)i;
    return care_luma3(p[0], p[1], p[2]);
}

/* MONO1 background-ness t (0 on text, 255 on background) of luma y. */
static unsigned background_ness(unsigned y, const care_convert_ctx *c)
{
    int d = (int)c->bg_luma - (int)c->fg_luma;
    int diff = (int)y - (int)c->fg_luma;
    if (d == 0)
        return 255;
    if (d < 0)
        d = -d, diff = -diff;
    if (diff <= 0)
        return 0;
    unsigned t = (unsigned)(diff * 510 + d) / (unsigned)(2 * d);
    return t > 255 ? 255 : t;
}

void care_convert_ctx_init(care_convert_ctx *ctx, uint32_t background, uint32_t foreground)
{
    ctx->bg_luma = care_luma(background);
    ctx->fg_luma = care_luma(foreground);
    for (unsigned y = 0; y < 256; y++)
        ctx->background_ness[y] = (uint8_t)background_ness(y, ctx);
}

static void row_mono1(const uint8_t *src, int ch, uint8_t *dst, int x0, int y, int w,
                      const care_convert_ctx *c, bool dither)
{
    unsigned bg_bit = c->bg_luma >= c->fg_luma, fg_bit = c->fg_luma > c->bg_luma;
    const uint8_t *bayer = BAYER8[y & 7];
    for (int i = 0; i < w; i++) {
        int x = x0 + i;
        unsigned t = c->background_ness[luma_at(src, ch, i)];
        bool bg = dither ? t > 4u * bayer[x & 7] + 2 : t >= 128;
        care_put_bit(dst, x, bg ? bg_bit : fg_bit);
    }
}

static void row_gray4(const uint8_t *src, int ch, uint8_t *dst, int x0, int w)
{
    for (int i = 0; i < w; i++) {
        int x = x0 + i;
        unsigned level = (luma_at(src, ch, i) * 15u + 127) / 255;
        care_put_gray4(dst, x, level);
    }
}

static void row_gray8(const uint8_t *src, int ch, uint8_t *dst, int x0, int w)
{
    if (ch == 1) {
        memcpy(dst + x0, src, (size_t)w);
        return;
    }
    for (int i = 0; i < w; i++)
        dst[x0 + i] = luma_at(src, ch, i);
}

static void row_rgb565(const uint8_t *src, int ch, uint8_t *dst, int x0, int w)
{
    uint8_t *out = dst + 2 * (size_t)x0;
    for (int i = 0; i < w; i++, out += 2) {
        const uint8_t *p = src + (size_t)i * (size_t)ch;
        unsigned r = p[0], g = ch == 1 ? p[0] : p[1], b = ch == 1 ? p[0] : p[2];
        unsigned v = ((r * 31 + 127) / 255) << 11 | ((g * 63 + 127) / 255) << 5 |
                     ((b * 31 + 127) / 255);
        out[0] = (uint8_t)v, out[1] = (uint8_t)(v >> 8);
    }
}

static void row_bytes(const uint8_t *src, int ch, uint8_t *dst, int x0, int w,
                      const byte_layout *l)
{
    int n = l->bytes;
    uint8_t *out = dst + (size_t)x0 * (size_t)n;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (ch == 1 && n == 4 && (l->x == 0 || l->x == 3)) {
        /* grey page into a 32-bit format: whole words, a loop that vectorises */
        unsigned shift = l->x == 0 ? 8 : 0;
        uint32_t x = l->x == 0 ? 0xFFu : 0xFF000000u;
        for (int i = 0; i < w; i++) {
            uint32_t v = ((uint32_t)src[i] * 0x010101u) << shift | x;
            memcpy(out + 4 * (size_t)i, &v, 4);
        }
        return;
    }
#endif
    for (int i = 0; i < w; i++, out += n) {
        const uint8_t *p = src + (size_t)i * (size_t)ch;
        out[l->r] = p[0];
        out[l->g] = ch == 1 ? p[0] : p[1];
        out[l->b] = ch == 1 ? p[0] : p[2];
        if (l->x >= 0)
            out[l->x] = 0xFF;
    }
}

void care_surface_convert(const care_raster *src, care_surface *dst, const care_convert_ctx *ctx)
{
    for (int r = 0; r < src->height; r++) {
        const uint8_t *in = src->pixels + (size_t)r * src->stride;
        int y = src->y + r;
        uint8_t *out = dst->pixels + (size_t)y * dst->stride;
        switch (dst->format) {
        case CARE_PIXEL_MONO1:
        case CARE_PIXEL_MONO1_THRESHOLD:
            row_mono1(in, src->channels, out, src->x, y, src->width, ctx,
                      dst->format == CARE_PIXEL_MONO1);
            break;
        case CARE_PIXEL_GRAY4: row_gray4(in, src->channels, out, src->x, src->width); break;
        case CARE_PIXEL_GRAY8: row_gray8(in, src->channels, out, src->x, src->width); break;
        case CARE_PIXEL_RGB565: row_rgb565(in, src->channels, out, src->x, src->width); break;
        default: { /* the byte formats (an unknown format draws nothing) */
            const format_row *f = format_row_of(dst->format);
            if (f && f->bytes.bytes)
                row_bytes(in, src->channels, out, src->x, src->width, &f->bytes);
        }
        }
    }
}

#define BAND_BYTES ((size_t)256 << 10) /* scratch raster per band */

static care_status render_banded(const care_layout *L, care_glyph_cache *cache, size_t page,
                                 care_surface *s, care_raster win, care_error *err)
{
    size_t row = (size_t)win.width * (size_t)win.channels;
    int band = (int)(BAND_BYTES / row);
    band = band < 1 ? 1 : band > win.height ? win.height : band;
    uint8_t *scratch = care_calloc((size_t)band, row);
    if (!scratch)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for a %dx%d render band",
                         win.width, band);
    care_convert_ctx ctx;
    care_convert_ctx_init(&ctx, L->opts.background, L->opts.foreground);
    care_status st = CARE_OK;
    int y_end = win.y + win.height;
    for (int y = win.y; y < y_end && st == CARE_OK; y += band) {
        care_raster r = {scratch, row, win.x, y, win.width, y_end - y < band ? y_end - y : band,
                         win.channels};
        st = care_raster_window(L, cache, page, &r, err);
        if (st == CARE_OK)
            care_surface_convert(&r, s, &ctx);
    }
    free(scratch);
    bool low_bit = s->format == CARE_PIXEL_GRAY4 || s->format == CARE_PIXEL_MONO1 ||
                   s->format == CARE_PIXEL_MONO1_THRESHOLD;
    if (st == CARE_OK && low_bit)
        st = care_dither_photos(L, page, s, win.x, win.y, win.width, win.height, err);
    return st;
}

care_status care_surface_render(const care_layout *L, care_glyph_cache *cache, size_t page,
                                care_surface *s, int x, int y, int w, int h, care_error *err)
{
    care_pixel_format pf = care_page_format(L, page);
    int channels = pf == CARE_PIXEL_GRAY8 ? 1 : 3;
    care_raster win = {NULL, s->stride, x, y, w, h, channels};
    if (s->format != pf)
        return render_banded(L, cache, page, s, win, err);
    win.pixels = s->pixels + (size_t)y * s->stride + (size_t)x * (size_t)channels;
    return care_raster_window(L, cache, page, &win, err);
}

care_output_raster care_output_raster_of(const care_layout *L, size_t page)
{
    return (care_output_raster){L->opts.width, care_page_output_height(L, page),
                                care_page_format(L, page) == CARE_PIXEL_GRAY8 ? 1 : 3};
}

care_status care_draw_output_rows(const care_layout *L, care_glyph_cache *cache, size_t page,
                                  const care_output_raster *r, uint8_t *pixels, care_error *err)
{
    if (page >= L->page_count)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "render: page %zu of %zu", page + 1,
                         L->page_count);
    care_surface s = {pixels, r->width, r->rows, (size_t)r->width * (size_t)r->channels,
                      r->channels == 1 ? CARE_PIXEL_GRAY8 : CARE_PIXEL_RGB888};
    return care_surface_render(L, cache, page, &s, 0, 0, r->width, r->rows, err);
}
