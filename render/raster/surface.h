/* Framebuffer surfaces: page raster -> surface pixel format conversion and
 * region rendering. Not installed. */
#ifndef CARE_SURFACE_H
#define CARE_SURFACE_H

#include "raster/raster.h"

/** The theme-dependent part of a conversion (MONO1's background/foreground rule). */
typedef struct care_convert_ctx {
    uint8_t bg_luma, fg_luma;
    uint8_t background_ness[256]; /* MONO1's t of each luma */
} care_convert_ctx;

/** Fill a conversion context for a theme (0xRRGGBB colours). */
void care_convert_ctx_init(care_convert_ctx *ctx, uint32_t background, uint32_t foreground);

/**
 * Convert window `src` of a page raster (GRAY8 or RGB888) into the same
 * page rectangle of `dst`, as documented at care_pixel_format. Writes only
 * the pixels of the rectangle (GRAY4/MONO1: read-modify-write of shared bytes).
 */
void care_surface_convert(const care_raster *src, care_surface *dst, const care_convert_ctx *ctx);

/**
 * Draw the page rectangle (x, y, w, h), already clipped to the page, of page
 * `page` into `s` (validated: page-sized, known format, stride large enough):
 * straight into the surface when its format is the page raster's, else in
 * bands through a scratch raster that is converted.
 */
care_status care_surface_render(const care_layout *layout, care_glyph_cache *cache, size_t page,
                                care_surface *s, int x, int y, int w, int h, care_error *err);

/** A page's raster as the PNG path draws and writes it: `rows` rows
 *  (care_page_output_height: all of them, or a long image's part down to its
 *  last line) of `width` pixels of `channels` bytes (1 GRAY8, 3 RGB888, as
 *  care_page_format says), rows tight. */
typedef struct care_output_raster {
    int width, rows, channels;
} care_output_raster;

/** The output raster of page `page` (< the page count). */
care_output_raster care_output_raster_of(const care_layout *layout, size_t page);

/** Its bytes: width * rows * channels. */
static inline size_t care_output_raster_bytes(const care_output_raster *r)
{
    return (size_t)r->width * (size_t)r->rows * (size_t)r->channels;
}

/**
 * Draw page `page` as its output raster `r` (care_output_raster_of) into
 * pixels (care_output_raster_bytes), glyphs from `cache`. The layout's fonts
 * must be the ones its glyph ids belong to (render_api.c checks). Errors:
 * CARE_ERR_INVALID_ARGUMENT (page out of range), and those of drawing
 * (CARE_ERR_FONT, CARE_ERR_NO_MEMORY).
 */
care_status care_draw_output_rows(const care_layout *layout, care_glyph_cache *cache, size_t page,
                                  const care_output_raster *r, uint8_t *pixels, care_error *err);

/* Pixel x of a GRAY4 row (two per byte, the left one high) set to level 0..15. */
static inline void care_put_gray4(uint8_t *row, int x, unsigned level)
{
    uint8_t *p = row + (x >> 1);
    *p = (x & 1) ? (uint8_t)((*p & 0xF0) | level) : (uint8_t)((*p & 0x0F) | (level << 4));
}

/* Pixel x of a 1-bit row (eight per byte, the left one high) set to bit. */
static inline void care_put_bit(uint8_t *row, int x, unsigned bit)
{
    uint8_t mask = (uint8_t)(0x80 >> (x & 7)), *p = row + (x >> 3);
    *p = (uint8_t)(bit ? (*p | mask) : (*p & ~mask));
}

/**
 * The photos of page `page` inside the page rectangle (x, y, w, h) of a GRAY4,
 * MONO1 or MONO1_THRESHOLD surface, error-diffused from their luma (dither.c),
 * over what the conversion wrote there. Errors: CARE_ERR_NO_MEMORY.
 */
care_status care_dither_photos(const care_layout *layout, size_t page, care_surface *s, int x,
                               int y, int w, int h, care_error *err);

#endif
