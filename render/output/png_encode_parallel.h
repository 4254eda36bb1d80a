/* All pages of a layout to PNG files, encoded in parallel (png_encode_parallel.c). Not installed. */
#ifndef CARE_PNG_ENCODE_PARALLEL_H
#define CARE_PNG_ENCODE_PARALLEL_H

#include "layout/layout.h"
#include "output/png_idat.h"
#include "raster/surface.h"

/** The number of online processors, 1..64: the default of care_render_pages_png's jobs. */
int care_default_jobs(void);

/**
 * Write page `page`'s output raster `r` (pixels as care_draw_output_rows
 * drew them) as its PNG at `path`: the metadata, the alt text `alt` and the
 * dpi; the rows of its photos are filtered and compressed as photos
 * (care_idat_encode_image). `enc`: this thread's PNG encoder to reuse, or NULL
 * (see care_png_write_image). Thread-safe for different paths and encoders:
 * reads the layout only.
 */
care_status care_write_page_png(const care_layout *layout, size_t page,
                                const care_output_raster *r, const uint8_t *pixels,
                                const char *alt, const care_png_metadata *meta, const char *path,
                                care_idat_encoder *enc, care_error *err);

/**
 * Every page of `layout` as DIR/page-NNN.png (care_render_pages_png, whose
 * arguments render_api.c has checked): drawn on the calling thread with
 * glyphs from `cache`, encoded on up to `jobs` threads (<= 0: one per core).
 * Errors: the first failing page's (by page number), in `err`.
 */
care_status care_png_write_pages(const care_layout *layout, care_glyph_cache *cache,
                                 const char *dir, const care_png_metadata *meta, int jobs,
                                 care_error *err);

#endif
