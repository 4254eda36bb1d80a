/* Photo decoding (render/image/): every format from the libraries' own
 * encoders, decoded to a target size; EXIF orientation; CMYK; grey kept
 * grey; area averaging (no moiré); truncated files and decompression bombs
 * refused with a message, never a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "image/decoders.h"
#include "image/image.h"
#include "image_fixtures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <jpeglib.h>

static const care_image_limits LIMITS = {50000000};

/* Pixel (x, y) of img as RGB (grey replicated). */
static void pixel(const care_image *img, int x, int y, uint8_t rgb[3])
{
    const uint8_t *p = img->pixels + ((size_t)y * (size_t)img->width + (size_t)x) *
                                         (size_t)img->channels;
    for (int k = 0; k < 3; k++)
        rgb[k] = p[img->channels == 1 ? 0 : k];
}

/* Pixel (x, y) is within tol of r, g, b. */
static void expect_colour(const care_image *img, int x, int y, int r, int g, int b, int tol)
{
    uint8_t p[3];
    pixel(img, x, y, p);
    if (abs(p[0] - r) > tol || abs(p[1] - g) > tol || abs(p[2] - b) > tol)
        fail_msg("pixel (%d, %d) is %d,%d,%d; expected %d,%d,%d (+-%d)", x, y, p[0], p[1], p[2],
                 r, g, b, tol);
}

/* The quadrant colours at the centre of each quadrant of a decoded image. */
static void expect_quadrants(const care_image *img, int tol)
{
    int w = img->width, h = img->height;
    expect_colour(img, w / 4, h / 4, 255, 0, 0, tol);
    expect_colour(img, 3 * w / 4, h / 4, 0, 255, 0, tol);
    expect_colour(img, w / 4, 3 * h / 4, 0, 0, 255, tol);
    expect_colour(img, 3 * w / 4, 3 * h / 4, 255, 255, 255, tol);
}

static care_image decode_ok(const uint8_t *data, size_t len, int w, int h)
{
    care_image img;
    care_error err = {0};
    care_status st = care_image_decode(data, len, "test", &LIMITS, w, h, &img, &err);
    if (st != CARE_OK)
        fail_msg("decode: %s", err.message);
    assert_int_equal(img.width, w);
    assert_int_equal(img.height, h);
    return img;
}

static void jpeg_scaled_down(void **state)
{
    (void)state;
    size_t len;
    uint8_t *jpg = fixture_jpeg(1600, 1200, 3, fixture_quadrants, NULL, 0, &len);
    assert_non_null(jpg);
    care_image_info info;
    care_error err = {0};
    assert_int_equal(care_image_probe(jpg, len, "a.jpg", &LIMITS, &info, &err), CARE_OK);
    assert_int_equal(info.format, CARE_IMAGE_JPEG);
    assert_int_equal(info.width, 1600);
    assert_int_equal(info.height, 1200);
    care_image img = decode_ok(jpg, len, 380, 285); /* 1/4 DCT scale, then area averaging */
    assert_int_equal(img.channels, 3);
    expect_quadrants(&img, 12);
    care_image_free(&img);
    img = decode_ok(jpg, len, 1600, 1200); /* full size */
    expect_quadrants(&img, 12);
    care_image_free(&img);
    free(jpg);
}

/* A phone photo stored sideways (EXIF orientation 6: turn 90° clockwise):
 * stored 200x100 red | blue, upright 100x200 red over blue. */
static void jpeg_exif_rotated(void **state)
{
    (void)state;
    uint8_t exif[64];
    size_t elen = fixture_exif_orientation(exif, 6), len;
    uint8_t *jpg = fixture_jpeg(200, 100, 3, fixture_halves, exif, elen, &len);
    care_image_info info;
    care_error err = {0};
    assert_int_equal(care_image_probe(jpg, len, "side.jpg", &LIMITS, &info, &err), CARE_OK);
    assert_int_equal(info.orientation, 6);
    assert_int_equal(info.width, 100);
    assert_int_equal(info.height, 200);
    care_image img = decode_ok(jpg, len, 50, 100);
    expect_colour(&img, 25, 20, 255, 0, 0, 12);  /* top: the stored left half */
    expect_colour(&img, 25, 80, 0, 0, 255, 12);  /* bottom: the stored right half */
    care_image_free(&img);
    free(jpg);
}

static void jpeg_grey_and_cmyk(void **state)
{
    (void)state;
    size_t len;
    uint8_t *grey = fixture_jpeg(64, 64, 1, fixture_quadrants, NULL, 0, &len);
    care_image img = decode_ok(grey, len, 64, 64);
    assert_int_equal(img.channels, 1); /* grey kept grey */
    expect_colour(&img, 16, 16, 255, 255, 255, 6); /* red channel of red: 255 */
    expect_colour(&img, 48, 16, 0, 0, 0, 6);
    care_image_free(&img);
    free(grey);
    uint8_t *cmyk = fixture_jpeg(64, 64, 4, fixture_quadrants, NULL, 0, &len);
    img = decode_ok(cmyk, len, 32, 32);
    assert_int_equal(img.channels, 3);
    expect_quadrants(&img, 16);
    care_image_free(&img);
    free(cmyk);
}

static void png_webp_gif(void **state)
{
    (void)state;
    size_t len;
    uint8_t *png = fixture_png(120, 80, 3, fixture_quadrants, &len);
    care_image img = decode_ok(png, len, 60, 40);
    expect_quadrants(&img, 0); /* lossless, and quadrants fall on whole pixels */
    care_image_free(&img);
    free(png);
    png = fixture_png(120, 80, 1, fixture_quadrants, &len);
    img = decode_ok(png, len, 120, 80);
    assert_int_equal(img.channels, 1);
    care_image_free(&img);
    free(png);
    png = fixture_png(120, 80, 4, fixture_quadrants, &len); /* right half transparent */
    img = decode_ok(png, len, 120, 80);
    expect_colour(&img, 30, 20, 255, 0, 0, 0);
    expect_colour(&img, 90, 20, 255, 255, 255, 0); /* over white */
    care_image_free(&img);
    free(png);
    uint8_t *webp = fixture_webp(120, 80, fixture_quadrants, &len);
    img = decode_ok(webp, len, 240, 160); /* enlarged 2x */
    expect_quadrants(&img, 0);
    care_image_free(&img);
    free(webp);
    uint8_t *gif = fixture_gif(120, 80, fixture_quadrants, &len);
    img = decode_ok(gif, len, 60, 40);
    expect_quadrants(&img, 0);
    care_image_free(&img);
    free(gif);
}

/* A 1-pixel checkerboard shown at under a quarter of its size is its mean
 * grey everywhere: area averaging leaves no moiré. */
static void area_average_no_moire(void **state)
{
    (void)state;
    size_t len;
    uint8_t *png = fixture_png(400, 400, 1, fixture_checker, &len);
    care_image img = decode_ok(png, len, 97, 97);
    int lo = 255, hi = 0;
    for (size_t i = 0; i < 97 * 97; i++) {
        lo = img.pixels[i] < lo ? img.pixels[i] : lo;
        hi = img.pixels[i] > hi ? img.pixels[i] : hi;
    }
    assert_in_range(lo, 120, 135);
    assert_in_range(hi, 120, 135);
    care_image_free(&img);
    free(png);
}

/* Grey 0, 100, 180, 200 across, 20 more on each row down. */
static void steps(int x, int y, int w, int h, uint8_t rgb[3])
{
    (void)w, (void)h;
    static const uint8_t across[4] = {0, 100, 180, 200};
    rgb[0] = rgb[1] = rgb[2] = (uint8_t)(across[x] + 20 * y);
}

/* 4 x 3 to 3 x 2: each result pixel is the mean of the source area it covers,
 * partial pixels by their share. Column 0 takes 3/4 of source column 0 and
 * 1/4 of column 1 (25); row 0 takes 2/3 of row 0 and 1/3 of row 1 (+6.67). */
static void area_average_exact(void **state)
{
    (void)state;
    size_t len;
    uint8_t *png = fixture_png(4, 3, 1, steps, &len);
    care_image img = decode_ok(png, len, 3, 2);
    assert_int_equal(img.channels, 1);
    static const uint8_t want[6] = {32, 147, 202, 58, 173, 228};
    for (int i = 0; i < 6; i++)
        assert_int_equal(img.pixels[i], want[i]);
    care_image_free(&img);
    free(png);
}

/* The scaler fed only the first half of its rows (4 x 4 grey to 2 x 2):
 * the first result row is their mean, the row the source never reached is
 * white, whatever the buffer held. */
static void scaler_rows_never_reached_are_white(void **state)
{
    (void)state;
    care_scaler s;
    care_error err = {0};
    assert_int_equal(care_scaler_init(&s, 4, 4, 2, 2, 1, &err), CARE_OK);
    static const uint8_t rows[2][4] = {{10, 30, 100, 100}, {50, 70, 0, 40}};
    care_scaler_push(&s, rows[0]);
    care_scaler_push(&s, rows[1]);
    care_image img;
    care_scaler_finish(&s, &img);
    assert_int_equal(img.width, 2);
    assert_int_equal(img.height, 2);
    static const uint8_t want[4] = {40, 60, 255, 255};
    assert_memory_equal(img.pixels, want, sizeof want);
    care_image_free(&img);
}

/* rows (h rows of w * channels bytes) through a scaler to dw x dh; `plain`
 * turns the AVX2 passes off (a CPU without AVX2 takes the plain ones anyway). */
static care_image scale_rows(const uint8_t *rows, int w, int h, int dw, int dh, int channels,
                             bool plain)
{
    care_scaler s;
    care_error err = {0};
    assert_int_equal(care_scaler_init(&s, w, h, dw, dh, channels, &err), CARE_OK);
    if (plain) {
        free(s.lane_weight);
        s.lane_weight = NULL;
        s.avx2 = false;
    }
    for (int y = 0; y < h; y++)
        care_scaler_push(&s, rows + (size_t)y * (size_t)w * (size_t)channels);
    care_image img;
    care_scaler_finish(&s, &img);
    return img;
}

/* img's bytes are want's, on both the AVX2 and the plain passes. */
static void expect_scaled(const uint8_t *rows, int w, int h, int dw, int dh, int channels,
                          const uint8_t *want)
{
    for (int plain = 0; plain < 2; plain++) {
        care_image img = scale_rows(rows, w, h, dw, dh, channels, plain);
        assert_int_equal(img.channels, channels);
        assert_memory_equal(img.pixels, want, (size_t)dw * (size_t)dh * (size_t)channels);
        care_image_free(&img);
    }
}

/* 5 x 1 to 3 x 1 (5/3 source columns a pixel): column 0 takes source column
 * 0 and 2/3 of 1, column 1 a third of 1, all of 2 and a third of 3, column 2
 * 2/3 of 3 and all of 4. Weights 2458 + 1638, 819 + 2458 + 819, 1638 + 2458
 * (of 4096): red 0,255,0,0,255 -> 102 (255 * 0.4), 51 (255 / 5), 153 (255 *
 * 0.6); green 10..50 -> 14, 30, 46; blue 200,0,0,0,100 -> 120, 0, 60. */
static void scaler_non_integer_ratio_exact(void **state)
{
    (void)state;
    static const uint8_t rgb[15] = {0, 10, 200, 255, 20, 0, 0, 30, 0, 0, 40, 0, 255, 50, 100};
    static const uint8_t want_rgb[9] = {102, 14, 120, 51, 30, 0, 153, 46, 60};
    expect_scaled(rgb, 5, 1, 3, 1, 3, want_rgb);
    static const uint8_t grey[5] = {0, 255, 0, 0, 255}, want_grey[3] = {102, 51, 153};
    expect_scaled(grey, 5, 1, 3, 1, 1, want_grey);
}

/* A 1-pixel-wide source, 4 rows, shown 3 x 2: every column is the source
 * column, each row the mean of two source rows (127.5 rounds up). */
static void scaler_one_pixel_wide_source(void **state)
{
    (void)state;
    static const uint8_t rgb[12] = {10, 20, 30, 30, 40, 50, 100, 0, 255, 0, 255, 100};
    static const uint8_t want_rgb[18] = {20, 30, 40,  20, 30, 40,  20, 30, 40,
                                         50, 128, 178, 50, 128, 178, 50, 128, 178};
    expect_scaled(rgb, 1, 4, 3, 2, 3, want_rgb);
    static const uint8_t grey[4] = {10, 30, 0, 255}, want_grey[6] = {20, 20, 20, 128, 128, 128};
    expect_scaled(grey, 1, 4, 3, 2, 1, want_grey);
}

/* The length of [a0, a1) inside [b0, b1). */
static double overlap(double a0, double a1, double b0, double b1)
{
    double lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
    return hi > lo ? hi - lo : 0;
}

/* Destination pixel (x, y), channel k, as the exact mean of the source area. */
static double exact_mean(const uint8_t *rows, int w, int h, int dw, int dh, int ch, int x, int y,
                         int k)
{
    double x0 = (double)x * w / dw, x1 = (double)(x + 1) * w / dw;
    double y0 = (double)y * h / dh, y1 = (double)(y + 1) * h / dh, sum = 0;
    for (int r = (int)y0; r < h && r < y1; r++)
        for (int c = (int)x0; c < w && c < x1; c++)
            sum += overlap(r, r + 1, y0, y1) * overlap(c, c + 1, x0, x1) *
                   rows[((size_t)r * (size_t)w + (size_t)c) * (size_t)ch + (size_t)k];
    return sum / ((x1 - x0) * (y1 - y0));
}

/* Noise through sizes that give 1 to 10 taps, odd and even widths, the last
 * columns (whose taps start further left) in a pair, enlarging: the AVX2 and
 * plain passes give the same bytes, each within 1 of the exact mean. */
static void scaler_passes_agree_and_average(void **state)
{
    (void)state;
    static const int sizes[][4] = {
        {1000, 7, 972, 5}, {37, 9, 11, 4},  {40, 3, 5, 2},  {5, 3, 4, 3},   {2, 2, 5, 3},
        {3, 4, 7, 9},      {9, 5, 1, 2},    {10, 2, 10, 2}, {64, 3, 7, 1},  {7, 6, 3, 4},
        {971, 2, 972, 3},  {1945, 4, 972, 2}};
    uint32_t seed = 12345;
    uint8_t *rows = malloc(1945 * 9 * 3);
    assert_non_null(rows);
    for (size_t i = 0; i < 1945 * 9 * 3; i++) {
        seed = seed * 1103515245u + 12345u;
        rows[i] = (uint8_t)(seed >> 16);
    }
    for (size_t n = 0; n < sizeof sizes / sizeof sizes[0]; n++)
        for (int ch = 1; ch <= 3; ch += 2) {
            int w = sizes[n][0], h = sizes[n][1], dw = sizes[n][2], dh = sizes[n][3];
            care_image a = scale_rows(rows, w, h, dw, dh, ch, false);
            care_image b = scale_rows(rows, w, h, dw, dh, ch, true);
            assert_memory_equal(a.pixels, b.pixels, (size_t)dw * (size_t)dh * (size_t)ch);
            for (int y = 0; y < dh; y++)
                for (int x = 0; x < dw; x++)
                    for (int k = 0; k < ch; k++) {
                        double want = exact_mean(rows, w, h, dw, dh, ch, x, y, k);
                        int got = a.pixels[((size_t)y * (size_t)dw + (size_t)x) * (size_t)ch +
                                           (size_t)k];
                        if (got < want - 1 || got > want + 1)
                            fail_msg("%dx%d -> %dx%d, %d channels: (%d, %d) channel %d is %d, "
                                     "the mean %.2f", w, h, dw, dh, ch, x, y, k, got, want);
                    }
            care_image_free(&a);
            care_image_free(&b);
        }
    free(rows);
}

/* The first half of a JPEG file is refused as truncated, with no pixels. */
static void assert_half_refused(const uint8_t *jpg, size_t len, int w, int h)
{
    care_image img;
    care_error err = {0};
    assert_int_equal(care_image_decode(jpg, len / 2, "cut.jpg", &LIMITS, w, h, &img, &err),
                     CARE_ERR_INVALID_ARGUMENT);
    assert_string_equal(err.message, "cut.jpg: truncated JPEG (the file ends before the image does)");
    assert_null(img.pixels);
}

/* jpeg_data decoded by libjpeg as jpeg.c asks (scale 1/denom, fast DCT, no
 * fancy upsampling, RGB) and fed to a scaler row by row on this thread. */
static care_image scaled_by_hand(const uint8_t *jpeg_data, size_t len, unsigned denom, int w,
                                 int h)
{
    struct jpeg_decompress_struct d;
    struct jpeg_error_mgr jerr;
    d.err = jpeg_std_error(&jerr);
    jpeg_create_decompress(&d);
    jpeg_mem_src(&d, jpeg_data, (unsigned long)len);
    jpeg_read_header(&d, TRUE);
    d.scale_num = 1;
    d.scale_denom = denom;
    d.dct_method = JDCT_IFAST;
    d.do_fancy_upsampling = FALSE;
    d.out_color_space = JCS_RGB;
    jpeg_start_decompress(&d);
    care_scaler s;
    care_error err = {0};
    assert_int_equal(care_scaler_init(&s, (int)d.output_width, (int)d.output_height, w, h, 3, &err),
                     CARE_OK);
    uint8_t *row = malloc((size_t)d.output_width * 3);
    assert_non_null(row);
    while (d.output_scanline < d.output_height) {
        jpeg_read_scanlines(&d, &row, 1);
        care_scaler_push(&s, row);
    }
    jpeg_finish_decompress(&d);
    jpeg_destroy_decompress(&d);
    free(row);
    care_image img;
    care_scaler_finish(&s, &img);
    return img;
}

/* A 2400 x 1800 JPEG shown 1100 x 800: decoded at 1/2 (1200 x 900 rows, 3.2
 * MB, enough for the scaler's own thread, row_pipe.c) gives the very bytes
 * of the same rows fed to a scaler by hand; cut in half, it is refused with
 * the pipe's rows pushed and freed (ASan: no leak). */
static void large_jpeg_same_pixels_through_the_pipe(void **state)
{
    (void)state;
    size_t len;
    uint8_t *jpg = fixture_jpeg(2400, 1800, 3, fixture_photo, NULL, 0, &len);
    care_image got = decode_ok(jpg, len, 1100, 800);
    care_image want = scaled_by_hand(jpg, len, 2, 1100, 800);
    assert_memory_equal(got.pixels, want.pixels, (size_t)1100 * 800 * 3);
    care_image_free(&got);
    care_image_free(&want);
    assert_half_refused(jpg, len, 1100, 800);
    free(jpg);
}

static void truncated_jpeg_refused(void **state)
{
    (void)state;
    size_t len;
    uint8_t *jpg = fixture_jpeg(300, 200, 3, fixture_photo, NULL, 0, &len);
    assert_half_refused(jpg, len, 150, 100);
    care_image img;
    care_error err = {0};
    /* every length a download could stop at: refused or decoded, never a crash */
    for (size_t cut = 0; cut < len; cut += 97)
        if (care_image_decode(jpg, cut, "cut.jpg", &LIMITS, 150, 100, &img, &err) == CARE_OK)
            care_image_free(&img);
    free(jpg);
}

/* A progressive JPEG of fixture_photo (libjpeg's simple progression). */
static uint8_t *progressive_jpeg(int w, int h, size_t *len)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr jerr;
    c.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&c);
    unsigned char *out = NULL;
    unsigned long size = 0;
    jpeg_mem_dest(&c, &out, &size);
    c.image_width = (JDIMENSION)w, c.image_height = (JDIMENSION)h;
    c.input_components = 3, c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_simple_progression(&c);
    jpeg_start_compress(&c, TRUE);
    uint8_t *row = malloc((size_t)w * 3);
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++)
            fixture_photo(x, y, w, h, row + 3 * x);
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    free(row);
    *len = size;
    return out;
}

/* care_image_decode_start on data: whether it left a rest; run, its pixels
 * are care_image_decode's bytes. */
static bool left_a_rest(const uint8_t *data, size_t len, int w, int h)
{
    care_image want = decode_ok(data, len, w, h), got;
    care_image_rest *rest = NULL;
    care_error err = {0};
    assert_int_equal(care_image_decode_start(data, len, "x.jpg", &LIMITS, w, h, &got, &rest, &err),
                     CARE_OK);
    assert_int_equal(got.width, w);
    assert_int_equal(got.height, h);
    assert_int_equal(got.channels, want.channels);
    bool left = rest != NULL;
    if (rest)
        assert_int_equal(care_image_rest_run(rest, NULL, &err), CARE_OK);
    assert_memory_equal(got.pixels, want.pixels, (size_t)w * (size_t)h * (size_t)want.channels);
    care_image_free(&got);
    care_image_free(&want);
    return left;
}

/* Only a decoding that cannot fail any more is left for later (jpeg.c): a
 * baseline JPEG whose data ends with EOI, perhaps padded with zeros, also
 * grey, CMYK or turned by EXIF; never a progressive one, one without EOI (a
 * download cut just before it is refused at once as truncated), or another
 * format. */
static void decoding_left_for_later(void **state)
{
    (void)state;
    size_t len, elen, plen;
    uint8_t exif[64];
    elen = fixture_exif_orientation(exif, 6);
    uint8_t *jpg = fixture_jpeg(2400, 1800, 3, fixture_photo, NULL, 0, &len);
    assert_true(left_a_rest(jpg, len, 1100, 800));
    uint8_t *padded = calloc(1, len + 7);
    memcpy(padded, jpg, len);
    assert_true(left_a_rest(padded, len + 7, 1100, 800));
    free(padded);
    care_image img;
    care_image_rest *rest = (care_image_rest *)&img; /* must be cleared */
    care_error err = {0};
    assert_int_equal(care_image_decode_start(jpg, len - 2, "cut.jpg", &LIMITS, 1100, 800, &img,
                                             &rest, &err), CARE_ERR_INVALID_ARGUMENT);
    assert_string_equal(err.message, "cut.jpg: truncated JPEG (the file ends before the image does)");
    assert_null(rest);
    assert_null(img.pixels);
    /* cancelled before a row: stops, frees everything (ASan) */
    atomic_bool cancel = true;
    assert_int_equal(care_image_decode_start(jpg, len, "x.jpg", &LIMITS, 1100, 800, &img, &rest,
                                             &err), CARE_OK);
    assert_non_null(rest);
    assert_int_equal(care_image_rest_run(rest, &cancel, &err), CARE_OK);
    care_image_free(&img);
    assert_int_equal(care_image_decode_start(jpg, len, "x.jpg", &LIMITS, 1100, 800, &img, &rest,
                                             &err), CARE_OK);
    care_image_rest_free(rest);
    care_image_free(&img);
    free(jpg);
    jpg = fixture_jpeg(400, 200, 3, fixture_halves, exif, elen, &len);
    assert_true(left_a_rest(jpg, len, 100, 200));
    free(jpg);
    jpg = fixture_jpeg(300, 200, 1, fixture_photo, NULL, 0, &len);
    assert_true(left_a_rest(jpg, len, 150, 100));
    free(jpg);
    jpg = fixture_jpeg(300, 200, 4, fixture_photo, NULL, 0, &len);
    assert_true(left_a_rest(jpg, len, 150, 100));
    free(jpg);
    jpg = progressive_jpeg(300, 200, &plen);
    assert_false(left_a_rest(jpg, plen, 150, 100));
    free(jpg);
    jpg = fixture_png(300, 200, 3, fixture_photo, &len);
    assert_false(left_a_rest(jpg, len, 150, 100));
    free(jpg);
}

/* A PNG header that says 100000 x 100000: refused before any pixel is decoded. */
static void png_bomb_refused(void **state)
{
    (void)state;
    uint8_t bomb[33] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                        0, 0x01, 0x86, 0xA0, 0, 0x01, 0x86, 0xA0, 8, 2, 0, 0, 0};
    uLong crc = crc32(0, bomb + 12, 17);
    bomb[29] = (uint8_t)(crc >> 24), bomb[30] = (uint8_t)(crc >> 16);
    bomb[31] = (uint8_t)(crc >> 8), bomb[32] = (uint8_t)crc;
    care_image_info info;
    care_error err = {0};
    assert_int_equal(care_image_probe(bomb, sizeof bomb, "bomb.png", &LIMITS, &info, &err),
                     CARE_ERR_LIMIT);
    assert_string_equal(err.message, "bomb.png: 100000x100000 = 10000000000 pixels, over the "
                                     "limit of 50000000 (max_image_pixels)");
}

static void not_an_image(void **state)
{
    (void)state;
    care_image_info info;
    care_error err = {0};
    const uint8_t text[] = "<html>not a picture</html>";
    assert_int_equal(care_image_probe(text, sizeof text, "x.jpg", &LIMITS, &info, &err),
                     CARE_ERR_INVALID_ARGUMENT);
    assert_string_equal(err.message, "x.jpg: not a JPEG, PNG, WebP or GIF image");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jpeg_scaled_down),      cmocka_unit_test(jpeg_exif_rotated),
        cmocka_unit_test(jpeg_grey_and_cmyk),    cmocka_unit_test(png_webp_gif),
        cmocka_unit_test(area_average_no_moire), cmocka_unit_test(area_average_exact),
        cmocka_unit_test(scaler_rows_never_reached_are_white),
        cmocka_unit_test(scaler_non_integer_ratio_exact),
        cmocka_unit_test(scaler_one_pixel_wide_source),
        cmocka_unit_test(scaler_passes_agree_and_average),
        cmocka_unit_test(large_jpeg_same_pixels_through_the_pipe),
        cmocka_unit_test(truncated_jpeg_refused), cmocka_unit_test(decoding_left_for_later),
        cmocka_unit_test(png_bomb_refused),
        cmocka_unit_test(not_an_image),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
