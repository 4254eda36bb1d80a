/* All pages of a layout to PNG files, encoded in parallel (png_encode_parallel.c). Not installed. */
#ifndef CARE_PNG_ENCODE_PARALLEL_H
#define CARE_PNG_ENCODE_PARALLEL_H

#include "layout.h"
#include "png_idat.h"

/** The number of online processors, 1..64: the default of care_render_pages_png's jobs. */
int care_default_jobs(void);

/** The page's own text, block by block (its PNG alt text); allocated, NULL when
 *  out of memory (layout_api.c). */
char *care_layout_page_text(const care_layout *layout, size_t page);

/**
 * Draw the first `rows` rows of page `page` (care_page_output_height: all of
 * them, or a long image part's without the blank below its last line) as
 * its page raster, `channels` 1 (GRAY8) or 3 (RGB888) as care_page_format
 * says, into pixels (rows of width * channels bytes, no padding). Errors:
 * CARE_ERR_INVALID_ARGUMENT (page out of range, fonts replaced), and those
 * of drawing (CARE_ERR_FONT, CARE_ERR_NO_MEMORY). (layout_api.c)
 */
care_status care_render_output_rows(care_layout *layout, size_t page, uint8_t *pixels,
                                    int channels, int rows);

/**
 * Write a rendered page raster (`channels` 1 or 3, rows `stride` bytes apart)
 * as page `page`'s PNG at `path`: the metadata, the alt text `alt`, the dpi and
 * the page's output height (a long image's part is cropped). `enc`: this
 * thread's PNG encoder to reuse, or NULL (see care_png_write_image).
 * Thread-safe for different paths and encoders: reads the layout only.
 */
care_status care_write_page_png(const care_layout *layout, size_t page, const uint8_t *pixels,
                                size_t stride, int channels, const char *alt,
                                const care_png_metadata *meta, const char *path,
                                care_idat_encoder *enc, care_error *err);

#endif
