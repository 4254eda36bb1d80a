/* Photos: decoding JPEG (libjpeg-turbo), PNG (libpng), WebP (libwebp) and GIF
 * (giflib, first frame) straight to the size a page shows them at, with the
 * EXIF orientation (libexif) applied. Used by layout (probe: the upright size)
 * and, through the decoded pixels the layout keeps, by raster. Not installed. */
#ifndef CARE_IMAGE_H
#define CARE_IMAGE_H

#include "common/util.h"

#include <stdatomic.h>
#include <stdint.h>

/** Images with both sides under this many px are icons or spacers, never photos. */
#define CARE_IMAGE_MIN_SIDE 48

/** Longest side of an image decoded (JPEG's own limit is 65500). */
#define CARE_IMAGE_MAX_SIDE 65535

/** Image file formats, found by their magic bytes (never by the file name). */
typedef enum care_image_format {
    CARE_IMAGE_UNKNOWN = 0,
    CARE_IMAGE_JPEG,
    CARE_IMAGE_PNG,
    CARE_IMAGE_WEBP,
    CARE_IMAGE_GIF
} care_image_format;

/** What the header of an image file says. */
typedef struct care_image_info {
    care_image_format format;
    int stored_width, stored_height; /* px as stored in the file */
    int width, height;               /* px upright: swapped for EXIF orientations 5..8 */
    int orientation;                 /* EXIF orientation 1..8 (1: as stored) */
} care_image_info;

/** Decoded pixels: `channels` 1 (grey) or 3 (R G B, sRGB), rows packed. */
typedef struct care_image {
    int width, height, channels;
    uint8_t *pixels;
} care_image;

/** The most decoded pixels (stored width x height) a decoder may produce. */
typedef struct care_image_limits {
    size_t max_pixels;
} care_image_limits;

/** The format of data by its first bytes. */
care_image_format care_image_sniff(const uint8_t *data, size_t len);

/**
 * Read the header of an image in memory: format, size, orientation.
 * Errors: CARE_ERR_INVALID_ARGUMENT (not a JPEG, PNG, WebP or GIF file, or a
 * broken header; the message says which), CARE_ERR_LIMIT (more stored pixels
 * than limits->max_pixels; named), CARE_ERR_NO_MEMORY. `name` is used in messages.
 */
care_status care_image_probe(const uint8_t *data, size_t len, const char *name,
                             const care_image_limits *limits, care_image_info *info,
                             care_error *err);

/**
 * Decode an image to exactly width x height px (upright; 1..2x its own size
 * or any reduction), area-averaged in sRGB (every source pixel counts by the
 * area it covers: no aliasing), grey images as 1 channel, colour as 3, alpha
 * composited over white. JPEG is decoded at 1/2, 1/4 or 1/8 scale whenever
 * that is still at least the target. `out->pixels` is newly allocated (free
 * with care_image_free). Errors: those of care_image_probe, and
 * CARE_ERR_INVALID_ARGUMENT for a truncated or corrupt file (named).
 */
care_status care_image_decode(const uint8_t *data, size_t len, const char *name,
                              const care_image_limits *limits, int width, int height,
                              care_image *out, care_error *err);

/** The rest of a decoding that cannot fail, left to run later (care_image_decode_start). */
typedef struct care_image_rest care_image_rest;

/**
 * As care_image_decode, but when rest is not NULL and what is left of the
 * decoding after the checks, the headers and every allocation cannot fail
 * (a baseline JPEG whose data ends with EOI: see jpeg.c), return early:
 * *rest is then set and *out has its final size, channels and pixel buffer
 * (newly allocated, free with care_image_free), whose pixels
 * care_image_rest_run writes. Otherwise *rest is NULL and *out is complete.
 * `data` and `name` must live until the rest is run or freed. Errors: those
 * of care_image_decode, found here.
 */
care_status care_image_decode_start(const uint8_t *data, size_t len, const char *name,
                                    const care_image_limits *limits, int width, int height,
                                    care_image *out, care_image_rest **rest, care_error *err);

/**
 * Write the pixels of the decoding `rest` was left of (on any thread, one at
 * a time) and free rest. Stops early, the pixels unfinished, once *cancel
 * (NULL: none) is true. Errors (not expected: what could fail failed in
 * care_image_decode_start): CARE_ERR_INVALID_ARGUMENT, the pixels unfinished.
 */
care_status care_image_rest_run(care_image_rest *rest, atomic_bool *cancel, care_error *err);

/** Free a rest that is not run (the pixel buffer stays the caller's); NULL is ignored. */
void care_image_rest_free(care_image_rest *rest);

void care_image_free(care_image *img);

/**
 * Read the image file `path` (relative to `dir` unless absolute; dir may be
 * NULL) into *out (newly allocated, *len bytes). Only a regular file is
 * read (a FIFO or device is refused without blocking). Errors: CARE_ERR_IO
 * ("PATH: not found (looked for DIR/PATH)", unreadable, not a regular file),
 * CARE_ERR_LIMIT (more than max_bytes; names max_image_bytes), CARE_ERR_NO_MEMORY.
 */
care_status care_image_read_file(const char *dir, const char *path, size_t max_bytes,
                                 uint8_t **out, size_t *len, care_error *err);

#endif
