/* All pages of a layout to PNG files, encoded in parallel (png_encode_parallel.c). Not installed. */
#ifndef CARE_PNG_ENCODE_PARALLEL_H
#define CARE_PNG_ENCODE_PARALLEL_H

#include "layout/layout.h"
#include "output/png_idat.h"

/** The number of online processors, 1..64: the default of care_render_pages_png's jobs. */
int care_default_jobs(void);

/** The page's own text, block by block (its PNG alt text); allocated, NULL when
 *  out of memory (layout_api.c). */
char *care_layout_page_text(const care_layout *layout, size_t page);

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
 * pixels (care_output_raster_bytes). Errors: CARE_ERR_INVALID_ARGUMENT (page
 * out of range, fonts replaced), and those of drawing (CARE_ERR_FONT,
 * CARE_ERR_NO_MEMORY). (layout_api.c)
 */
care_status care_render_output_rows(care_layout *layout, size_t page,
                                    const care_output_raster *r, uint8_t *pixels);

/**
 * Write a page's output raster `r` (pixels as care_render_output_rows
 * drew them) as its PNG at `path`: the metadata, the alt text `alt` and the
 * dpi. `enc`: this thread's PNG encoder to reuse, or NULL (see
 * care_png_write_image). Thread-safe for different paths and encoders: reads
 * the layout only.
 */
care_status care_write_page_png(const care_layout *layout, const care_output_raster *r, const uint8_t *pixels,
                                const char *alt, const care_png_metadata *meta, const char *path,
                                care_idat_encoder *enc, care_error *err);

#endif
