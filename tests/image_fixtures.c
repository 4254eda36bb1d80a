/* Test images made with the libraries' own encoders (see image_fixtures.h). */
#include "image_fixtures.h"

#include <gif_lib.h>
#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <webp/encode.h>

void fixture_quadrants(int x, int y, int w, int h, uint8_t rgb[3])
{
    static const uint8_t q[4][3] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
    memcpy(rgb, q[(y >= h / 2) * 2 + (x >= w / 2)], 3);
}

void fixture_halves(int x, int y, int w, int h, uint8_t rgb[3])
{
    (void)y, (void)h;
    rgb[0] = x < w / 2 ? 255 : 0, rgb[1] = 0, rgb[2] = x < w / 2 ? 0 : 255;
}

void fixture_checker(int x, int y, int w, int h, uint8_t rgb[3])
{
    (void)w, (void)h;
    memset(rgb, (x + y) % 2 ? 255 : 0, 3);
}

void fixture_photo(int x, int y, int w, int h, uint8_t rgb[3])
{
    double u = (double)x / w, v = (double)y / h, r = hypot(u - 0.5, v - 0.5);
    rgb[0] = (uint8_t)(255 * u);
    rgb[1] = (uint8_t)(127 + 127 * sin(r * 40));
    rgb[2] = (uint8_t)(255 * v);
}

/* The picture as rows of `channels` bytes (grey: red; CMYK inverted; RGBA: right half clear). */
static uint8_t *paint_all(int w, int h, int channels, fixture_paint paint)
{
    uint8_t *px = malloc((size_t)w * (size_t)h * (size_t)channels);
    for (int y = 0; px && y < h; y++)
        for (int x = 0; x < w; x++) {
            uint8_t rgb[3], *p = px + ((size_t)y * (size_t)w + (size_t)x) * (size_t)channels;
            paint(x, y, w, h, rgb);
            if (channels == 1) {
                p[0] = rgb[0];
            } else if (channels == 3) {
                memcpy(p, rgb, 3);
            } else if (channels == 4 && paint != NULL) {
                memcpy(p, rgb, 3);
                p[3] = x < w / 2 ? 255 : 0;
            }
        }
    return px;
}

/* RGB into Adobe (inverted) CMYK: K = 255 - max, C = ..., all stored inverted. */
static void to_cmyk(uint8_t *px, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t *p = px + 4 * i;
        unsigned m = p[0] > p[1] ? p[0] : p[1];
        m = m > p[2] ? m : p[2];
        unsigned k = 255 - m;
        uint8_t c[4];
        for (int j = 0; j < 3; j++)
            c[j] = (uint8_t)(m ? 255 - (m - p[j]) * 255 / m : 255); /* inverted C, M, Y */
        c[3] = (uint8_t)(255 - k);
        memcpy(p, c, 4);
    }
}

uint8_t *fixture_jpeg(int w, int h, int channels, fixture_paint paint, const uint8_t *app1,
                      size_t app1_len, size_t *len)
{
    uint8_t *px = paint_all(w, h, channels == 4 ? 4 : channels, paint);
    if (!px)
        return NULL;
    if (channels == 4)
        to_cmyk(px, (size_t)w * (size_t)h);
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr jerr;
    c.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&c);
    unsigned char *out = NULL;
    unsigned long size = 0;
    jpeg_mem_dest(&c, &out, &size);
    c.image_width = (JDIMENSION)w, c.image_height = (JDIMENSION)h;
    c.input_components = channels;
    c.in_color_space = channels == 1 ? JCS_GRAYSCALE : channels == 3 ? JCS_RGB : JCS_CMYK;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 90, TRUE);
    jpeg_start_compress(&c, TRUE);
    if (app1)
        jpeg_write_marker(&c, JPEG_APP0 + 1, app1, (unsigned)app1_len);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = px + (size_t)c.next_scanline * (size_t)w * (size_t)channels;
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    free(px);
    *len = size;
    return out;
}

uint8_t *fixture_png(int w, int h, int channels, fixture_paint paint, size_t *len)
{
    uint8_t *px = paint_all(w, h, channels, paint);
    png_image img = {.version = PNG_IMAGE_VERSION, .width = (png_uint_32)w,
                     .height = (png_uint_32)h,
                     .format = channels == 1 ? PNG_FORMAT_GRAY : channels == 3 ? PNG_FORMAT_RGB
                                                                               : PNG_FORMAT_RGBA};
    png_alloc_size_t size = 0;
    uint8_t *out = NULL;
    if (px && png_image_write_to_memory(&img, NULL, &size, 0, px, 0, NULL) && size &&
        (out = malloc(size)) && !png_image_write_to_memory(&img, out, &size, 0, px, 0, NULL)) {
        free(out);
        out = NULL;
    }
    free(px);
    *len = size;
    return out;
}

uint8_t *fixture_webp(int w, int h, fixture_paint paint, size_t *len)
{
    uint8_t *px = paint_all(w, h, 3, paint), *webp = NULL, *out = NULL;
    *len = px ? WebPEncodeLosslessRGB(px, w, h, w * 3, &webp) : 0;
    if (*len && (out = malloc(*len)))
        memcpy(out, webp, *len);
    WebPFree(webp);
    free(px);
    return out;
}

typedef struct mem_out {
    uint8_t *data;
    size_t len, cap;
} mem_out;

static int gif_write(GifFileType *gif, const GifByteType *bytes, int n)
{
    mem_out *m = gif->UserData;
    if (m->len + (size_t)n > m->cap) {
        size_t cap = (m->len + (size_t)n) * 2;
        uint8_t *d = realloc(m->data, cap);
        if (!d)
            return 0;
        m->data = d, m->cap = cap;
    }
    memcpy(m->data + m->len, bytes, (size_t)n);
    m->len += (size_t)n;
    return n;
}

uint8_t *fixture_gif(int w, int h, fixture_paint paint, size_t *len)
{
    GifColorType cube[256] = {{0, 0, 0}};
    for (int i = 0; i < 216; i++)
        cube[i] = (GifColorType){(GifByteType)(i / 36 * 51), (GifByteType)(i / 6 % 6 * 51),
                                 (GifByteType)(i % 6 * 51)};
    mem_out m = {0};
    int error = 0;
    GifFileType *gif = EGifOpen(&m, gif_write, &error);
    ColorMapObject *map = GifMakeMapObject(256, cube);
    uint8_t *px = paint_all(w, h, 3, paint), *row = malloc((size_t)w);
    bool ok = gif && map && px && row && EGifPutScreenDesc(gif, w, h, 8, 0, map) != GIF_ERROR &&
              EGifPutImageDesc(gif, 0, 0, w, h, false, NULL) != GIF_ERROR;
    for (int y = 0; ok && y < h; y++) {
        for (int x = 0; x < w; x++) {
            const uint8_t *p = px + 3 * ((size_t)y * (size_t)w + (size_t)x);
            row[x] = (uint8_t)((p[0] + 25) / 51 * 36 + (p[1] + 25) / 51 * 6 + (p[2] + 25) / 51);
        }
        ok = EGifPutLine(gif, row, w) != GIF_ERROR;
    }
    if (gif)
        EGifCloseFile(gif, &error);
    GifFreeMapObject(map);
    free(px);
    free(row);
    if (!ok) {
        free(m.data);
        return NULL;
    }
    *len = m.len;
    return m.data;
}

size_t fixture_exif_orientation(uint8_t out[64], int o)
{
    static const uint8_t head[] = {'E', 'x', 'i', 'f', 0, 0,          /* APP1 "Exif" */
                                   'I', 'I', 42, 0, 8, 0, 0, 0,      /* TIFF, IFD0 at 8 */
                                   1, 0,                              /* one entry */
                                   0x12, 0x01, 3, 0, 1, 0, 0, 0};     /* 0x0112 SHORT x1 */
    memcpy(out, head, sizeof head);
    size_t n = sizeof head;
    out[n++] = (uint8_t)o, out[n++] = 0, out[n++] = 0, out[n++] = 0; /* value */
    memset(out + n, 0, 4);                                           /* no next IFD */
    return n + 4;
}

bool fixture_write(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}
