/* PNG output of rendered pages (libpng). Not installed. */
#ifndef CARE_PNG_H
#define CARE_PNG_H

#include "common/util.h"
#include "output/png_idat.h"

#include <stddef.h>
#include <stdint.h>

/** One text chunk: a keyword and its value, both UTF-8, NUL-terminated. */
typedef struct care_png_text {
    const char *key;   /**< 1..79 bytes of printable ASCII, no leading, trailing or
                            doubled spaces (PNG keyword rules) */
    const char *value; /**< UTF-8; NULL or "" leaves the chunk out */
} care_png_text;

/**
 * Write an 8-bit image as a PNG file at `path`, atomically.
 *
 * The data go to a temporary file "<dir>/.<basename>.XXXXXX" (mkstemp) in the
 * directory of `path`, which is closed (fclose checked) and then renamed over
 * `path`. On any failure the temporary file is removed and `path` is left as it
 * was (absent or the old file). A new file gets mode 0644 (mkstemp's 0600 is
 * widened with fchmod, best effort; the umask is not consulted because reading
 * it is not thread-safe).
 *
 * pixels:   `height` rows of `width` pixels, row y at pixels + y * stride; only
 *           the width * channels bytes of each row are read (filtered into
 *           the encoder's band buffer; a palette page's indices are made in
 *           its scratch buffer).
 * channels: 1 = 8-bit greyscale, 3 = 8-bit RGB.
 * dpi:      written as pHYs in pixels per metre, round(dpi / 0.0254); no pHYs
 *           chunk when dpi <= 0.
 * texts:    `text_count` chunks (texts may be NULL when text_count is 0), written
 *           before the image data in the given order. A value of printable
 *           ASCII (and newlines) goes in tEXt, anything else in an uncompressed
 *           iTXt (UTF-8, empty language tag and translated keyword). The key
 *           "Description" always goes in iTXt, zlib-compressed when the value
 *           is longer than 1024 bytes. Entries with a NULL or empty value are
 *           skipped.
 * Encoding: 8-bit grey for 1 channel; for 3 channels an 8-bit palette when
 *           the image has at most 256 colours (a two-colour theme's page:
 *           lossless, a third of the bytes), else RGB; no interlacing; the
 *           image data from
 *           care_idat_encode (Up row filter, zlib strategy Z_RLE, runs of
 *           blank rows copied in from segments compressed once; measured in
 *           bench/png_table.c). Deterministic: the same pixels give the same
 *           bytes, whatever encoder is used.
 *
 * Errors (the message names the file and the reason):
 *   CARE_ERR_INVALID_ARGUMENT  NULL path/pixels, sizes <= 0, channels not 1 or 3,
 *                              stride < width * channels, dpi not finite or too
 *                              large, a bad keyword, a value that is not UTF-8;
 *                              nothing is created.
 *   CARE_ERR_IO                the temporary file could not be created, written,
 *                              closed or renamed (strerror in the message).
 *   CARE_ERR_PNG               libpng reported an error (its message is copied).
 *   CARE_ERR_NO_MEMORY         the temporary name could not be allocated.
 * `err` may be NULL. Thread-safe: no global state; different threads may write
 * different files at once.
 */
care_status care_png_write_atomic(const char *path, const uint8_t *pixels, int width, int height,
                                  size_t stride, int channels, float dpi,
                                  const care_png_text *texts, size_t text_count, care_error *err);


/** An image for care_png_write_image: the fields are the parameters of
 * care_png_write_atomic of the same names, and the rows that hold photos
 * (care_idat_encode_image; ignored when the page is written with a palette). */
typedef struct care_png_image {
    const uint8_t *pixels;
    int width, height;
    size_t stride;
    int channels;
    float dpi;
    const care_idat_band *photos; /* sorted, not overlapping; borrowed for the call */
    size_t photo_count;
} care_png_image;

/**
 * care_png_write_atomic with the image in a struct and an encoder to reuse:
 * `enc` (one per thread) keeps zlib's state and the compressed blank rows
 * from one page to the next; NULL makes and frees one for this call. Same
 * output, errors and thread-safety as care_png_write_atomic; CARE_ERR_NO_MEMORY
 * also when the encoder cannot be made.
 */
care_status care_png_write_image(const char *path, const care_png_image *img,
                                 const care_png_text *texts, size_t text_count,
                                 care_idat_encoder *enc, care_error *err);

#endif
