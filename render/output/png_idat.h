/* PNG image data (the IDAT zlib stream) of a page raster. Not installed. */
#ifndef CARE_PNG_IDAT_H
#define CARE_PNG_IDAT_H

#include "common/util.h"

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

/** Rows equal to the row above that make a run worth copying in (see care_idat_encode). */
#define CARE_IDAT_BLANK_RUN 8

#endif
