/* Rasterising: glyph cache and page compositing. */
#ifndef CARE_RASTER_H
#define CARE_RASTER_H

#include "layout.h"

/** A glyph's coverage mask, placed relative to its (whole-pixel) origin; y up. */
typedef struct care_glyph_mask {
    int left, top, width, height;
    const uint8_t *coverage; /* width * height bytes, NULL when the glyph has no ink */
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

/** Draw page `page` of the layout into `s` (background first, then every line). */
care_status care_raster_page(care_layout *layout, care_glyph_cache *cache, size_t page,
                             care_surface *s, care_error *err);

/** Luma of an 0xRRGGBB colour (Rec. 709 weights), rounded: GRAY8 pixel value. */
uint8_t care_luma(uint32_t rgb);

#endif
