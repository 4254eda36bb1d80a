/* Inside the image module: the streaming area-average scaler the format
 * decoders feed row by row, and the decoders themselves. Not installed. */
#ifndef CARE_IMAGE_DECODERS_H
#define CARE_IMAGE_DECODERS_H

#include "image/image.h"

/** A whole pixel's share in the scaler's fixed-point weights (12 bits: a
 *  destination sum of 255 * CARE_SCALE_ONE^2 still fits 32 bits). */
#define CARE_SCALE_ONE 4096u

/**
 * Area-average resampling of a src_w x src_h image, fed one source row at a
 * time (top down), into a dst_w x dst_h image: each destination pixel is the
 * mean of the source area it covers, partial pixels weighted by their share.
 * Only one row of accumulators is held besides the result.
 */
typedef struct care_scaler {
    int src_w, src_h, dst_w, dst_h, channels;
    int src_row, dst_row;
    uint32_t *acc;     /* src_w * channels and a spare 0: the source rows of the destination
                          row being filled, summed by their shares, in units of
                          1 / CARE_SCALE_ONE of a sample; resampled to dst_w columns when the
                          row is complete */
    uint32_t row_share;/* the share of the destination row being filled given so far */
    int taps;          /* source columns read per destination column: the most any touches */
    int *x_first;      /* per destination column x: the first of its `taps` source columns */
    uint16_t *x_weight;/* per destination column x, `taps` weights from x * taps: the share
                          of each of its source columns, in units of 1 / CARE_SCALE_ONE,
                          summing to exactly CARE_SCALE_ONE (0 for columns it does not touch) */
    bool avx2;         /* the CPU has AVX2: the passes use it (the same sums) */
    uint32_t *lane_weight; /* RGB with avx2, else NULL: per pair of destination
                          columns 2j, 2j + 1 and tap i, from (j * taps + i) * 8, the 8 lanes'
                          weights (column 2j's weight 4 times, then column 2j + 1's) */
    uint8_t *out;      /* dst_w * dst_h * channels (care_large_alloc); the rows before
                          dst_row written */
} care_scaler;

/** Prepare a scaler; channels 1 or 3. Errors: CARE_ERR_NO_MEMORY. */
care_status care_scaler_init(care_scaler *s, int src_w, int src_h, int dst_w, int dst_h,
                             int channels, care_error *err);
/** Feed the next source row (src_w * channels bytes); rows past src_h are ignored. */
void care_scaler_push(care_scaler *s, const uint8_t *row);
/** Give the result to img (rows the source never reached stay white) and free the rest. */
void care_scaler_finish(care_scaler *s, care_image *img);
void care_scaler_free(care_scaler *s);

/**
 * A scaler fed on a thread of its own (row_pipe.c): the decoder writes each
 * source row into the buffer care_row_pipe_row gives, calls
 * care_row_pipe_written, and at the end (or on an error, also after a longjmp
 * out of the decoder) care_row_pipe_end, which waits until the scaler has
 * pushed every written row and frees the pipe; the scaler is the caller's
 * again after it. Not thread-safe: one decoder thread.
 */
typedef struct care_row_pipe care_row_pipe;
/** A pipe to s (initialised, no row pushed yet), or NULL when the image is
 *  small, there is one core, or a thread or its memory cannot be had: the
 *  caller then pushes the rows itself. */
care_row_pipe *care_row_pipe_start(care_scaler *s);
/** Where the next source row goes (src_w * channels bytes); may wait for the scaler. */
uint8_t *care_row_pipe_row(care_row_pipe *p);
/** The row from care_row_pipe_row is written. */
void care_row_pipe_written(care_row_pipe *p);
/** Hand over the rest, wait for the scaler, free the pipe; NULL is ignored. */
void care_row_pipe_end(care_row_pipe *p);

/** Turn an image stored with EXIF orientation o (1..8) upright, in place
 *  (the pixel buffer is replaced). Errors: CARE_ERR_NO_MEMORY. */
care_status care_image_orient(care_image *img, int orientation, care_error *err);
/** A buffer for img turned upright (its pixels' bytes; care_large_alloc), or NULL. */
uint8_t *care_image_upright_alloc(const care_image *img);
/** img's pixels, stored with EXIF orientation o (2..8), turned upright into out. */
void care_image_turn(const care_image *img, int orientation, uint8_t *out);

/** Rows with alpha (2 or 4 channels) composited over white into 1 or 3 channels. */
void care_flatten_alpha(const uint8_t *in, uint8_t *out, int width, int in_channels);

/** The EXIF orientation (1..8) in an APP1 "Exif" payload; 1 when there is none. */
int care_exif_orientation(const uint8_t *data, size_t len);

/** What a decoder is asked for. */
typedef struct care_decode_target {
    const char *name;
    int dst_w, dst_h; /* stored orientation */
    size_t max_pixels;
} care_decode_target;

/** A format's decoder: probe fills info (no limit check); decode feeds a
 *  scaler made for t's size (stored orientation) and leaves the result in out. */
typedef struct care_image_codec {
    care_status (*probe)(const uint8_t *data, size_t len, const char *name,
                         care_image_info *info, care_error *err);
    care_status (*decode)(const uint8_t *data, size_t len, const care_decode_target *t,
                          care_image *out, care_error *err);
} care_image_codec;

extern const care_image_codec care_jpeg_codec, care_png_codec, care_webp_codec, care_gif_codec;

typedef struct care_jpeg_rest care_jpeg_rest;
/**
 * JPEG (jpeg.c): as care_jpeg_codec.decode, but when rest is not NULL and
 * the rest of the decoding cannot fail (a sequential Huffman-coded file of
 * one scan whose data ends with EOI; jpeg.c says why), return once
 * jpeg_start_decompress and every allocation have passed: *rest is then set,
 * and *out has its size, channels and pixel buffer (out->pixels, the
 * caller's to free), which care_jpeg_rest_run fills. Otherwise *rest is NULL
 * and *out is complete. `data` and t->name must live until the rest is run
 * or freed.
 */
care_status care_jpeg_decode_start(const uint8_t *data, size_t len, const care_decode_target *t,
                                   care_image *out, care_jpeg_rest **rest, care_error *err);
/** Decode the rest's scanlines into its out->pixels, on any one thread,
 *  until *cancel turns true (NULL: never); frees rest. Errors: those of
 *  decode (not expected). */
care_status care_jpeg_rest_run(care_jpeg_rest *rest, atomic_bool *cancel, care_error *err);
/** Free a rest that is not run; NULL is ignored. */
void care_jpeg_rest_free(care_jpeg_rest *rest);

#endif
