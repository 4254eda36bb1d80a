/* PNG through libpng: every bit depth and colour type to 8-bit grey or RGB,
 * alpha composited over white, interlaced files read whole, others row by
 * row into the scaler. libpng errors end the decoding through its jump. */
#include "image/decoders.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct png_work {
    png_structp png;
    png_infop info;
    const uint8_t *data;
    size_t len, pos;
    char message[160];
    care_scaler s;
    uint8_t *rows;   /* one row, or the whole image when interlaced */
    uint8_t *flat;   /* one row without alpha */
} png_work;

static void on_error(png_structp png, png_const_charp msg)
{
    png_work *w = png_get_error_ptr(png);
    snprintf(w->message, sizeof w->message, "%s", msg);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png, (void)msg; /* ancillary chunk trouble: the pixels are still good */
}

static void read_bytes(png_structp png, png_bytep out, size_t n)
{
    png_work *w = png_get_io_ptr(png);
    if (n > w->len - w->pos)
        png_error(png, "the file ends before the image does (truncated)");
    memcpy(out, w->data + w->pos, n);
    w->pos += n;
}

static bool open_png(png_work *w, const uint8_t *data, size_t len)
{
    *w = (png_work){.data = data, .len = len};
    w->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, w, on_error, on_warning);
    w->info = w->png ? png_create_info_struct(w->png) : NULL;
    if (!w->info)
        return false;
    png_set_read_fn(w->png, w, read_bytes);
    png_set_user_limits(w->png, 0x7FFFFFFF, 0x7FFFFFFF);
    png_set_chunk_malloc_max(w->png, (png_alloc_size_t)8 << 20);
    return true;
}

static void close_png(png_work *w)
{
    png_destroy_read_struct(&w->png, &w->info, NULL);
    free(w->rows);
    free(w->flat);
    care_scaler_free(&w->s);
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The size from the IHDR chunk, which must come first (PNG §5.6); the rest of
 * the file is read only when decoding, so a header alone meets the limits. */
static care_status probe(const uint8_t *data, size_t len, const char *name,
                         care_image_info *info, care_error *err)
{
    if (len < 33 || be32(data + 8) != 13 || memcmp(data + 12, "IHDR", 4) != 0)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: broken PNG header (no IHDR chunk)",
                         name);
    uint32_t w = be32(data + 16), h = be32(data + 20);
    if (w == 0 || h == 0 || w > 0x7FFFFFFF || h > 0x7FFFFFFF)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: broken PNG header (size %ux%u)",
                         name, (unsigned)w, (unsigned)h);
    *info = (care_image_info){CARE_IMAGE_PNG, (int)w, (int)h, 0, 0, 1};
    return CARE_OK;
}

/* 8-bit grey, grey + alpha, RGB or RGBA rows; returns the channel count. */
static int set_transforms(png_work *w)
{
    png_set_expand(w->png);
    png_set_strip_16(w->png);
    png_set_interlace_handling(w->png);
    png_read_update_info(w->png, w->info);
    return png_get_channels(w->png, w->info);
}

/* Source row y (of n channels) into the scaler, without alpha. */
static void push_row(png_work *w, const uint8_t *row, int n, int width)
{
    if (n == 2 || n == 4) {
        care_flatten_alpha(row, w->flat, width, n);
        row = w->flat;
    }
    care_scaler_push(&w->s, row);
}

static bool read_pixels(png_work *w, const care_decode_target *t, care_status *st,
                        care_error *err)
{
    if (setjmp(png_jmpbuf(w->png)))
        return false;
    png_read_info(w->png, w->info);
    int n = set_transforms(w), width = (int)png_get_image_width(w->png, w->info);
    int height = (int)png_get_image_height(w->png, w->info);
    bool interlaced = png_get_interlace_type(w->png, w->info) != PNG_INTERLACE_NONE;
    size_t row = (size_t)width * (size_t)n;
    *st = care_scaler_init(&w->s, width, height, t->dst_w, t->dst_h, n >= 3 ? 3 : 1, err);
    w->rows = *st == CARE_OK ? care_calloc(interlaced ? (size_t)height : 1, row) : NULL;
    w->flat = *st == CARE_OK ? care_calloc((size_t)width, 3) : NULL;
    if (*st == CARE_OK && (!w->rows || !w->flat))
        *st = care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory for a %dx%d PNG", t->name,
                        width, height);
    if (*st != CARE_OK)
        return true;
    if (!interlaced) {
        for (int y = 0; y < height; y++) {
            png_read_row(w->png, w->rows, NULL);
            push_row(w, w->rows, n, width);
        }
        return true;
    }
    int passes = png_set_interlace_handling(w->png);
    for (int p = 0; p < passes; p++)
        for (int y = 0; y < height; y++)
            png_read_row(w->png, w->rows + (size_t)y * row, NULL);
    for (int y = 0; y < height; y++)
        push_row(w, w->rows + (size_t)y * row, n, width);
    return true;
}

static care_status decode(const uint8_t *data, size_t len, const care_decode_target *t,
                            care_image *out, care_error *err)
{
    png_work w;
    care_status st = CARE_OK;
    if (!open_png(&w, data, len))
        st = care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory for libpng", t->name);
    else if (!read_pixels(&w, t, &st, err))
        st = care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: corrupt PNG (%s)", t->name,
                       w.message);
    if (st == CARE_OK)
        care_scaler_finish(&w.s, out);
    close_png(&w);
    return st;
}

const care_image_codec care_png_codec = {probe, decode};
