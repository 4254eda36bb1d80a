/* PNG image data (the IDAT zlib stream) of a page raster. Not installed. */
#ifndef CARE_PNG_IDAT_H
#define CARE_PNG_IDAT_H

#include "common/util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Receives compressed image data in pieces of at most CARE_IDAT_PIECE bytes,
 * in order; png_writer.c writes each piece as one IDAT chunk. Returns 0 to go
 * on, non-zero to stop the encoding (the encoder then returns CARE_ERR_IO).
 */
typedef int (*care_idat_sink)(void *ctx, const uint8_t *data, size_t len);

/** Largest piece handed to a care_idat_sink (bytes). */
#define CARE_IDAT_PIECE ((size_t)256 << 10)

/** Reusable state of the IDAT encoder: zlib streams, buffers and the cached
 * segments of blank rows. One per thread; not thread-safe. */
typedef struct care_idat_encoder care_idat_encoder;

/** A new encoder, or NULL when out of memory. Free with care_idat_encoder_free. */
care_idat_encoder *care_idat_encoder_new(void);
/** Frees the encoder and everything it holds; NULL is ignored. */
void care_idat_encoder_free(care_idat_encoder *enc);

/** A buffer of at least `bytes` bytes kept by the encoder for the caller's
 * use between pages (the palette indices of a page); its contents are not
 * kept. NULL when out of memory. Valid until the next call or the free. */
uint8_t *care_idat_encoder_scratch(care_idat_encoder *enc, size_t bytes);

/**
 * Encode `height` rows of `row_bytes` bytes (8-bit samples, row y at
 * pixels + y * stride) as one zlib stream (RFC 1950) of PNG-filtered rows
 * (PNG 3rd edition §7.3, §9): the first row filter None, every other row
 * filter Up (type 2), compressed with zlib's run-length strategy (Z_RLE).
 *
 * A run of at least CARE_IDAT_BLANK_RUN rows that each equal the row above
 * (page margins, the gaps between lines) filters to zero bytes; such runs are
 * not compressed again: the stream is fully flushed before the run (so no
 * later data refers back past it), then segments that hold 2^k such rows,
 * compressed once per encoder and row size, are copied in, and the Adler-32
 * of the run is combined in (adler32_combine). The stream decodes to exactly
 * the filtered rows; the output depends only on the pixels (not on what the
 * encoder did before).
 *
 * Errors: CARE_ERR_NO_MEMORY (zlib or a buffer could not be allocated),
 * CARE_ERR_PNG (zlib refused the data: not expected), CARE_ERR_IO (the sink
 * returned non-zero). The sink may also leave by longjmp (libpng's error
 * handling); the encoder is then still valid for the next image.
 */
care_status care_idat_encode(care_idat_encoder *enc, const uint8_t *pixels, size_t row_bytes,
                             int height, size_t stride, care_idat_sink sink, void *ctx);

/** Filter one row of n bytes into d (type byte first, n + 1 bytes): None
 *  when there is no row above (above NULL: the first row), else Up
 *  (PNG 3rd edition §9.2). */
void care_idat_filter_row(uint8_t *restrict d, const uint8_t *restrict row,
                          const uint8_t *restrict above, size_t n);

struct z_stream_s;
/** deflateInit2 of z (zeroed, or set up before and reset by this call when
 *  `reset`) with the settings of every zlib stream of the image data: raw
 *  deflate (the page's stream has the zlib header), 32 KiB window, level 6,
 *  Z_RLE. Returns zlib's code. */
int care_idat_deflate_init(struct z_stream_s *z, bool reset);

/** Rows [top, bottom) of an image that hold a photo. */
typedef struct care_idat_band {
    int top, bottom;
} care_idat_band;

/** An image for care_idat_encode_image: the parameters of care_idat_encode,
 *  and the rows that hold photos (sorted, not overlapping; none: 0, NULL). */
typedef struct care_idat_image {
    const uint8_t *pixels;
    size_t row_bytes;
    int height;
    size_t stride;
    int bpp;                      /* bytes a pixel (1 grey or palette, 3 RGB) */
    const care_idat_band *photos; /* borrowed for the call */
    size_t photo_count;
} care_idat_image;

/**
 * care_idat_encode for an image with rows that hold photos: with no bands,
 * exactly care_idat_encode's bytes; with bands, every row is filtered for
 * what it holds (Paeth in a band, Up elsewhere, None first), the runs of
 * rows equal to the row above outside the bands are copied in as by
 * care_idat_encode, and the other rows are compressed in pieces (with
 * ISA-L; png_photo_page.h) on up to the encoder's threads
 * (care_idat_encoder_set_threads), joined into one zlib stream. The
 * compressed page is held in memory until it is all done (about half its
 * filtered bytes for a photo). The bytes depend only on the pixels
 * and the bands, never on the threads. Errors: those of care_idat_encode,
 * and CARE_ERR_INVALID_ARGUMENT for bands out of order, empty or outside the
 * image; care_idat_encoder_message then says what failed.
 */
care_status care_idat_encode_image(care_idat_encoder *enc, const care_idat_image *img,
                                   care_idat_sink sink, void *ctx);

/** What the last care_idat_encode_image failed on, with the rows and the
 *  compressor ("compressing rows 0-255 (photo) with ISA-L ... failed (it
 *  returned -1)"); NULL when nothing more is known. Owned by enc,
 *  valid until its next call. */
const char *care_idat_encoder_message(const care_idat_encoder *enc);

/** The most threads care_idat_encode_image compresses a page with photos on
 *  (default 1: the calling thread only); values below 1 count as 1. */
void care_idat_encoder_set_threads(care_idat_encoder *enc, int threads);

/** Rows equal to the row above that make a run worth copying in (see care_idat_encode). */
#define CARE_IDAT_BLANK_RUN 8

/** Rows from y on (before `height`) that each equal the row above (0 for
 *  the image's first row): a run of CARE_IDAT_BLANK_RUN or more is copied in. */
size_t care_idat_rows_equal_above(const uint8_t *pixels, size_t y, size_t height, size_t stride,
                                  size_t row_bytes);

#endif
