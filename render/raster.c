/* Rasterising: FreeType coverage masks in a glyph cache, composited onto a
 * page surface with the blending policy stated in carepage.h. */
#include "raster.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include FT_OUTLINE_H

#define SUBPIXEL_STEPS 4 /* glyph origins are kept to a quarter pixel */
#define SYNTHETIC_BOLD_PERCENT 3 /* stroke growth of synthetic bold, % of the pixel size */

typedef struct cached_glyph {
    uint16_t face;
    uint8_t subpixel;
    bool used;
    uint32_t id;
    int32_t size26; /* 26.6 pixel size */
    int left, top, width, height; /* bitmap placement: left/top from the origin, y up */
    uint8_t *coverage;            /* width * height bytes, 0 = none */
    uint8_t *color;               /* colour glyphs: premultiplied RGBA, else NULL */
} cached_glyph;

struct care_glyph_cache {
    cached_glyph *slots;
    size_t cap, used;
    size_t bytes; /* coverage and colour bytes held; over the budget the cache starts afresh */
};

/* Bytes of glyph masks an engine keeps: a batch of thousands of articles
 * would otherwise grow the cache with every new character, size and subpixel
 * offset. Emptied at the next miss past this; output is unchanged. */
#define CARE_GLYPH_CACHE_BUDGET ((size_t)8 << 20)

care_status care_glyph_cache_new(care_glyph_cache **out, care_error *err)
{
    *out = care_calloc(1, sizeof **out);
    if (!*out)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for the glyph cache");
    return CARE_OK;
}

void care_glyph_cache_clear(care_glyph_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->cap; i++) {
        free(c->slots[i].coverage);
        free(c->slots[i].color);
    }
    free(c->slots);
    c->slots = NULL;
    c->cap = c->used = c->bytes = 0;
}

void care_glyph_cache_free(care_glyph_cache *c)
{
    care_glyph_cache_clear(c);
    free(c);
}

static size_t glyph_hash(uint16_t face, uint32_t id, int32_t size26, uint8_t sub)
{
    uint64_t h = ((uint64_t)face << 48) ^ ((uint64_t)id << 16) ^ ((uint64_t)size26 << 2) ^ sub;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return (size_t)h;
}

static cached_glyph *cache_find(care_glyph_cache *c, uint16_t face, uint32_t id, int32_t size26,
                                uint8_t sub)
{
    for (size_t i = glyph_hash(face, id, size26, sub) & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
        cached_glyph *g = &c->slots[i];
        if (!g->used || (g->face == face && g->id == id && g->size26 == size26 && g->subpixel == sub))
            return g;
    }
}

static care_status cache_grow(care_glyph_cache *c, care_error *err)
{
    size_t cap = c->cap ? c->cap * 2 : 1024;
    cached_glyph *old = c->slots;
    size_t old_cap = c->cap;
    c->slots = care_calloc(cap, sizeof *c->slots);
    if (!c->slots) {
        c->slots = old;
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory growing the glyph cache");
    }
    c->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].used)
            *cache_find(c, old[i].face, old[i].id, old[i].size26, old[i].subpixel) = old[i];
    free(old);
    return CARE_OK;
}

/* The bitmap strike to scale colour glyphs from: the smallest at least as
 * large as the target, else the largest. */
static int choose_strike(FT_Face ft, int32_t size26)
{
    int best = 0;
    for (int i = 1; i < ft->num_fixed_sizes; i++) {
        FT_Pos have = ft->available_sizes[best].y_ppem, cand = ft->available_sizes[i].y_ppem;
        bool better = have < size26 ? cand > have : (cand >= size26 && cand < have);
        best = better ? i : best;
    }
    return best;
}

/* Area-average one destination pixel of a premultiplied BGRA bitmap scaled by s. */
static void resample_pixel(const FT_Bitmap *bm, double s, int dx, int dy, uint8_t *rgba)
{
    double x0 = dx / s, x1 = (dx + 1) / s, y0 = dy / s, y1 = (dy + 1) / s, acc[4] = {0}, area = 0;
    for (int y = (int)y0; y < (int)ceil(y1) && y < (int)bm->rows; y++) {
        double wy = fmin(y + 1, y1) - fmax(y, y0);
        for (int x = (int)x0; x < (int)ceil(x1) && x < (int)bm->width; x++) {
            double w = wy * (fmin(x + 1, x1) - fmax(x, x0));
            const uint8_t *p = bm->buffer + (ptrdiff_t)y * bm->pitch + 4 * x; /* B G R A */
            acc[0] += w * p[2], acc[1] += w * p[1], acc[2] += w * p[0], acc[3] += w * p[3];
            area += w;
        }
    }
    for (int k = 0; k < 4; k++)
        rgba[k] = (uint8_t)(area > 0 ? lround(fmin(255, acc[k] / area)) : 0);
}

/* A colour bitmap glyph (CBDT emoji) from its strike, scaled to the size asked for. */
static care_status render_color_glyph(const care_face *f, cached_glyph *g, care_error *err)
{
    FT_Face ft = f->ft;
    int strike = choose_strike(ft, g->size26);
    if (FT_Select_Size(ft, strike) || FT_Load_Glyph(ft, g->id, FT_LOAD_COLOR) ||
        ft->glyph->bitmap.pixel_mode != FT_PIXEL_MODE_BGRA)
        return CARE_OK; /* nothing drawable: no ink */
    const FT_Bitmap *bm = &ft->glyph->bitmap;
    double s = g->size26 / (double)ft->available_sizes[strike].y_ppem;
    g->left = (int)lround(ft->glyph->bitmap_left * s);
    g->top = (int)lround(ft->glyph->bitmap_top * s);
    g->width = (int)ceil(bm->width * s);
    g->height = (int)ceil(bm->rows * s);
    if (g->width <= 0 || g->height <= 0)
        return CARE_OK;
    g->color = care_calloc((size_t)g->width * (size_t)g->height, 4);
    g->coverage = care_calloc((size_t)g->width, (size_t)g->height);
    if (!g->color || !g->coverage)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for a %dx%d emoji", g->width,
                         g->height);
    for (int y = 0; y < g->height; y++) {
        for (int x = 0; x < g->width; x++) {
            uint8_t *px = g->color + 4 * ((size_t)y * (size_t)g->width + (size_t)x);
            resample_pixel(bm, s, x, y, px);
            g->coverage[(size_t)y * (size_t)g->width + (size_t)x] = px[3];
        }
    }
    return CARE_OK;
}

/* Render the outline of g at its size and subpixel offset with FreeType
 * (unhinted, 8-bit anti-aliased) into g, emboldened by `strength` (26.6 px
 * horizontally, half of it vertically) when it is not 0. */
static care_status render_outline(const care_face *f, cached_glyph *g, FT_Pos strength,
                                  care_error *err)
{
    FT_Face ft = f->ft;
    if (!FT_IS_SCALABLE(ft))
        return CARE_OK; /* a bitmap-only font without colour (a fallback): no ink, not a failure */
    if (FT_Set_Char_Size(ft, 0, g->size26, 72, 72))
        return care_fail(err, CARE_ERR_FONT, "font %s: size %.2f px refused", f->path,
                         g->size26 / 64.0);
    FT_Vector delta = {g->subpixel * 64 / SUBPIXEL_STEPS, 0};
    FT_Set_Transform(ft, NULL, &delta);
    FT_Error e = FT_Load_Glyph(ft, g->id, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP);
    if (!e && strength && ft->glyph->format == FT_GLYPH_FORMAT_OUTLINE)
        FT_Outline_EmboldenXY(&ft->glyph->outline, strength, strength / 2);
    if (!e)
        e = FT_Render_Glyph(ft->glyph, FT_RENDER_MODE_NORMAL);
    FT_Set_Transform(ft, NULL, NULL);
    if (e) /* a glyph without an outline (bitmap-only fonts): no ink */
        return CARE_OK;
    FT_Bitmap *bm = &ft->glyph->bitmap;
    g->left = ft->glyph->bitmap_left;
    g->top = ft->glyph->bitmap_top;
    g->width = (int)bm->width;
    g->height = (int)bm->rows;
    if (g->width == 0 || g->height == 0 || bm->pixel_mode != FT_PIXEL_MODE_GRAY)
        return CARE_OK;
    g->coverage = care_calloc((size_t)g->width, (size_t)g->height);
    if (!g->coverage)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for a %dx%d glyph", g->width,
                         g->height);
    for (int y = 0; y < g->height; y++)
        memcpy(g->coverage + (size_t)y * (size_t)g->width, bm->buffer + (ptrdiff_t)y * bm->pitch,
               (size_t)g->width);
    return CARE_OK;
}

/* Synthetic bold that keeps counters open: strokes grow by 3 % of the size
 * (half that vertically); where that closes a counter or splits one (the
 * glyph's hole count at this size differs from the regular rendering), the
 * growth is halved, down to none. */
static care_status render_synthetic_bold(const care_face *f, cached_glyph *g, care_error *err)
{
    care_status st = render_outline(f, g, 0, err);
    if (st != CARE_OK || !g->coverage)
        return st;
    int holes = care_count_holes(g->coverage, g->width, g->height);
    for (FT_Pos strength = g->size26 * SYNTHETIC_BOLD_PERCENT / 100; strength >= 8; strength /= 2) {
        cached_glyph bold = *g;
        bold.coverage = NULL;
        st = render_outline(f, &bold, strength, err);
        if (st != CARE_OK)
            return st;
        if (bold.coverage && holes >= 0 &&
            care_count_holes(bold.coverage, bold.width, bold.height) == holes) {
            free(g->coverage);
            *g = bold;
            return CARE_OK;
        }
        free(bold.coverage);
    }
    return CARE_OK; /* the regular rendering: no growth keeps the counters */
}

static care_status render_glyph(const care_face *f, cached_glyph *g, care_error *err)
{
    if (!FT_IS_SCALABLE(f->ft) && FT_HAS_COLOR(f->ft))
        return render_color_glyph(f, g, err);
    return f->synthetic_bold ? render_synthetic_bold(f, g, err) : render_outline(f, g, 0, err);
}

care_status care_glyph_cache_get(care_glyph_cache *c, const care_fontset *fs, uint16_t face,
                                 uint32_t id, float size, float x, care_glyph_mask *out,
                                 int *origin_x, care_error *err)
{
    int32_t size26 = (int32_t)lroundf(size * 64);
    long q = lroundf(x * SUBPIXEL_STEPS);
    long whole = q >= 0 ? q / SUBPIXEL_STEPS : -((-q + SUBPIXEL_STEPS - 1) / SUBPIXEL_STEPS);
    uint8_t sub = (uint8_t)(q - whole * SUBPIXEL_STEPS);
    *origin_x = (int)whole;
    cached_glyph *g = c->cap ? cache_find(c, face, id, size26, sub) : NULL;
    if (!g || !g->used) {
        if (c->bytes > CARE_GLYPH_CACHE_BUDGET)
            care_glyph_cache_clear(c);
        if ((c->used + 1) * 2 > c->cap) {
            care_status st = cache_grow(c, err);
            if (st != CARE_OK)
                return st;
        }
        g = cache_find(c, face, id, size26, sub);
        *g = (cached_glyph){.face = face, .subpixel = sub, .id = id, .size26 = size26};
        const care_face *f = care_fontset_face(fs, face);
        care_status st = f ? render_glyph(f, g, err)
                           : care_fail(err, CARE_ERR_FONT, "no font face %u", (unsigned)face);
        if (st != CARE_OK) { /* leave the slot empty, its buffers freed */
            free(g->coverage);
            free(g->color);
            *g = (cached_glyph){0};
            return st;
        }
        g->used = true;
        c->used++;
        c->bytes += (size_t)g->width * (size_t)g->height * (g->color ? 5 : 1) + sizeof *g;
    }
    *out = (care_glyph_mask){g->left, g->top, g->width, g->height, g->coverage, g->color};
    return CARE_OK;
}

uint8_t care_luma(uint32_t rgb)
{
    return care_luma3((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
}

static bool is_grey(uint32_t rgb)
{
    return ((rgb >> 16) & 0xFF) == ((rgb >> 8) & 0xFF) && ((rgb >> 8) & 0xFF) == (rgb & 0xFF);
}

care_pixel_format care_page_format(const care_layout *L)
{
    return is_grey(L->opts.foreground) && is_grey(L->opts.background) && !L->has_color
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

static void fill_background(const care_raster *r, uint32_t bg)
{
    uint8_t ch[3];
    channels_of(r->channels, bg, ch);
    for (int y = 0; y < r->height; y++) {
        uint8_t *row = r->pixels + (size_t)y * r->stride;
        if (r->channels == 1) {
            memset(row, ch[0], (size_t)r->width);
            continue;
        }
        for (int x = 0; x < r->width; x++)
            memcpy(row + 3 * (size_t)x, ch, 3);
    }
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
static care_status draw_glyphs(care_layout *L, care_glyph_cache *cache, const care_line *line,
                               size_t first, size_t count, const care_raster *r,
                               const uint8_t *fg, care_error *err)
{
    for (size_t k = first; k < first + count; k++) {
        const care_placed_glyph *g = &L->glyphs[k];
        care_glyph_mask m;
        int ox;
        care_status st = care_glyph_cache_get(cache, L->engine->fonts, g->face, g->id,
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

care_status care_raster_window(care_layout *L, care_glyph_cache *cache, size_t page,
                               const care_raster *r, care_error *err)
{
    uint8_t fg[3];
    channels_of(r->channels, L->opts.foreground, fg);
    fill_background(r, L->opts.background);
    const care_page *pg = &L->pages[page];
    for (size_t i = pg->line_start; i < pg->line_start + pg->line_count; i++) {
        const care_line *line = &L->lines[i];
        care_status st = draw_glyphs(L, cache, line, line->glyph_start, line->glyph_count, r, fg, err);
        if (st == CARE_OK)
            st = draw_glyphs(L, cache, line, line->deco_start, line->deco_count, r, fg, err);
        if (st != CARE_OK)
            return st;
    }
    return CARE_OK;
}
