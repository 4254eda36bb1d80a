/* Rasterising: glyph cache and page compositing. */
#ifndef CARE_RASTER_H
#define CARE_RASTER_H

#include "layout/layout.h"

/** A glyph's coverage mask, placed relative to its (whole-pixel) origin; y up. */
typedef struct care_glyph_mask {
    int left, top, width, height;
    const uint8_t *coverage; /* width * height bytes, NULL when the glyph has no ink */
    const uint8_t *color;    /* colour glyphs (emoji): width * height premultiplied R G B A,
                                else NULL; coverage then holds the alpha */
} care_glyph_mask;

/** Cache of coverage masks keyed by (face, glyph id, size, subpixel x); one per engine. */
typedef struct care_glyph_cache care_glyph_cache;

care_status care_glyph_cache_new(care_glyph_cache **out, care_error *err);
/** Drop every entry (after a font swap: the face ids are reused). */
void care_glyph_cache_clear(care_glyph_cache *c);
void care_glyph_cache_free(care_glyph_cache *c);

/**
 * The mask of glyph `id` of `face` at `size` px for an origin at `x` px;
 * *origin_x receives the whole pixel the mask is relative to. The mask stays
 * valid until the next call on the cache.
 */
care_status care_glyph_cache_get(care_glyph_cache *c, const care_fontset *fs, uint16_t face,
                                 uint32_t id, float size, float x, care_glyph_mask *out,
                                 int *origin_x, care_error *err);

/**
 * Render ahead, on up to `threads` threads (the calling one included), the
 * glyphs that pages [first_page, first_page + page_count) draw and the cache
 * lacks, so that drawing those pages only composites. Each extra thread has
 * its own FreeType library and faces on the engine's mapped font files
 * (care_face.blob), so the masks are those care_glyph_cache_get would make;
 * they are copied into the calling thread's memory before it returns. Glyphs
 * past the cache's memory budget, every glyph when there are too few for two
 * threads (48 each), and a glyph whose rendering failed are left to
 * care_glyph_cache_get (which reports the error): only a speed-up, it cannot
 * fail. Uses the cache and the fonts like get: one thread at a time per engine.
 */
void care_glyph_cache_prefill(care_glyph_cache *c, const care_fontset *fs,
                              const care_layout *layout, size_t first_page, size_t page_count,
                              int threads);

/**
 * A window of a page raster: the pixels of page rectangle (x, y, width,
 * height), row r at pixels + r * stride. `channels` is 1 (GRAY8) or 3 (RGB888,
 * bytes R G B). The page raster is the one the PNG path writes.
 */
typedef struct care_raster {
    uint8_t *pixels;
    size_t stride;
    int x, y, width, height;
    int channels;
} care_raster;

/** Is f a colour bitmap face (emoji, CBDT): its glyphs are drawn in colour? NULL: false. */
bool care_face_draws_color(const care_face *f);

/** Format of page `page`'s raster (and PNG): GRAY8 when both theme colours
 *  are grey and the page draws no colour emoji, RGB888 otherwise. */
care_pixel_format care_page_format(const care_layout *layout, size_t page);

/** Draw window `r` of page `page`: background first, then every glyph of the
 *  page clipped to the window. A pixel depends only on its page position, so
 *  any split into windows gives the whole page's pixels. */
care_status care_raster_window(const care_layout *layout, care_glyph_cache *cache, size_t page,
                               const care_raster *r, care_error *err);

/**
 * Counters of a coverage mask (holes.c): regions of background (coverage
 * below 128, 4-connected) that do not reach the mask's edge. -1 when memory
 * runs out. Used to keep synthetic bold from closing counters.
 */
int care_count_holes(const uint8_t *coverage, int width, int height);

/** Luma of an 0xRRGGBB colour (Rec. 709 weights), rounded: GRAY8 pixel value. */
uint8_t care_luma(uint32_t rgb);

/** Rec. 709 luma of one pixel, (2126 R + 7152 G + 722 B + 5000) / 10000. */
static inline uint8_t care_luma3(unsigned r, unsigned g, unsigned b)
{
    return (uint8_t)((2126 * r + 7152 * g + 722 * b + 5000) / 10000);
}

#endif
