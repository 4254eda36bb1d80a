/* Tests of render/output/png_idat.c: the IDAT zlib stream decodes (zlib's inflate,
 * Adler-32 checked) to exactly the Up-filtered rows, for runs of repeated
 * rows of every interesting length, and does not depend on what the encoder
 * encoded before; a page with photos decodes to its pixels with Paeth on the
 * photo rows, whatever the number of threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "output/png_idat.h"

#include <isa-l/igzip_lib.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct sink_buf {
    uint8_t *data;
    size_t len, pieces, largest;
    int fail_after; /* pieces accepted before the sink fails; < 0: never */
} sink_buf;

static int collect(void *ctx, const uint8_t *data, size_t len)
{
    sink_buf *b = ctx;
    if (b->fail_after >= 0 && b->pieces == (size_t)b->fail_after)
        return 1;
    b->data = realloc(b->data, b->len + len);
    assert_non_null(b->data);
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->pieces++;
    b->largest = len > b->largest ? len : b->largest;
    return 0;
}

/* A test image: rows of pseudo-random bytes, each followed by a run of
 * copies of itself of the next length from `runs` (cycling). */
static uint8_t *make_image(size_t row_bytes, int height, const int *runs, size_t nruns)
{
    uint8_t *px = malloc(row_bytes * (size_t)height);
    assert_non_null(px);
    uint32_t seed = 12345;
    size_t k = 0;
    for (int y = 0; y < height;) {
        for (size_t x = 0; x < row_bytes; x++) {
            seed = seed * 1103515245u + 12345u;
            px[(size_t)y * row_bytes + x] = (uint8_t)(seed >> 16);
        }
        int run = runs[k++ % nruns];
        for (int r = 1; r <= run && y + r < height; r++)
            memcpy(px + (size_t)(y + r) * row_bytes, px + (size_t)y * row_bytes, row_bytes);
        y += run + 1;
    }
    return px;
}

/* Inflate the zlib stream (checks the header and the Adler-32) and undo the
 * filters: returns the pixels, NULL when the stream or a filter byte is bad. */
static uint8_t *decode(const sink_buf *b, size_t row_bytes, int height)
{
    size_t raw_len = (row_bytes + 1) * (size_t)height;
    uint8_t *raw = malloc(raw_len + 1), *px = malloc(row_bytes * (size_t)height);
    assert_non_null(raw);
    assert_non_null(px);
    uLongf got = (uLongf)raw_len + 1;
    int r = uncompress(raw, &got, b->data, (uLong)b->len);
    bool ok = r == Z_OK && got == raw_len;
    for (int y = 0; ok && y < height; y++) {
        const uint8_t *in = raw + (size_t)y * (row_bytes + 1);
        uint8_t *out = px + (size_t)y * row_bytes;
        ok = in[0] == (y == 0 ? 0 : 2); /* None for the first row, Up after */
        for (size_t x = 0; ok && x < row_bytes; x++)
            out[x] = (uint8_t)(in[1 + x] + (y ? (out - row_bytes)[x] : 0));
    }
    free(raw);
    if (!ok)
        free(px);
    return ok ? px : NULL;
}

static void encode_and_check(care_idat_encoder *enc, const uint8_t *px, size_t row_bytes,
                             int height, sink_buf *b)
{
    *b = (sink_buf){.fail_after = -1};
    assert_int_equal(care_idat_encode(enc, px, row_bytes, height, row_bytes, collect, b), CARE_OK);
    uint8_t *back = decode(b, row_bytes, height);
    assert_non_null(back);
    assert_memory_equal(back, px, row_bytes * (size_t)height);
    free(back);
}

/* Runs shorter than, equal to and longer than the copy threshold, and longer
 * than the largest cached segment (256 rows), at the top, middle and bottom. */
static const int RUNS[] = {0, 1, 7, 8, 9, 31, 255, 256, 257, 600, 2, 513};

static void test_runs_of_every_length(void **state)
{
    (void)state;
    static const size_t widths[] = {1, 3, 1080, 3 * 1080};
    care_idat_encoder *enc = care_idat_encoder_new();
    assert_non_null(enc);
    for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
        for (int height = 1; height <= 3000; height += 997) {
            uint8_t *px = make_image(widths[w], height, RUNS, sizeof RUNS / sizeof *RUNS);
            sink_buf b;
            encode_and_check(enc, px, widths[w], height, &b);
            free(b.data);
            free(px);
        }
    }
    care_idat_encoder_free(enc);
}

/* A page that is one colour: everything after the first row is one run. */
static void test_blank_page(void **state)
{
    (void)state;
    const size_t w = 1080;
    const int h = 1920;
    uint8_t *px = malloc(w * h);
    assert_non_null(px);
    memset(px, 0xFF, w * h);
    care_idat_encoder *enc = care_idat_encoder_new();
    sink_buf b;
    encode_and_check(enc, px, w, h, &b);
    /* 2 MB of white in a few kilobytes: the run was copied in, not stored */
    assert_true(b.len < 8192);
    free(b.data);
    care_idat_encoder_free(enc);
    free(px);
}

/* The data after a copied run must not refer back past it: here the row
 * after the run filters to the same bytes as the end of the row before it,
 * so a distance-1 match across the run (what zlib's run-length search finds
 * unless the stream was fully flushed) would decode to the run's zeros. */
static void test_no_reference_across_a_copied_run(void **state)
{
    (void)state;
    const size_t w = 64;
    const int h = 3 + CARE_IDAT_BLANK_RUN;
    uint8_t *px = calloc(w, h);
    assert_non_null(px);
    for (int y = 1; y < h; y++) /* row 1 and its run: 2; the last row: 4 */
        memset(px + (size_t)y * w, y == h - 1 ? 4 : 2, w);
    care_idat_encoder *enc = care_idat_encoder_new();
    sink_buf b;
    encode_and_check(enc, px, w, h, &b);
    free(b.data);
    care_idat_encoder_free(enc);
    free(px);
}

/* The bytes depend on the pixels only: a fresh encoder, and one that encoded
 * images of two other widths before (it keeps segments for two row sizes, so
 * the first width's were dropped), write the same stream. */
static void test_reuse_gives_same_bytes(void **state)
{
    (void)state;
    const size_t w = 540;
    const int h = 900;
    uint8_t *px = make_image(w, h, RUNS, sizeof RUNS / sizeof *RUNS);
    uint8_t *other = make_image(w + 7, h, RUNS, sizeof RUNS / sizeof *RUNS);
    uint8_t *third = make_image(w + 13, h, RUNS, sizeof RUNS / sizeof *RUNS);
    care_idat_encoder *fresh = care_idat_encoder_new(), *used = care_idat_encoder_new();
    sink_buf a, b, c;
    encode_and_check(fresh, px, w, h, &a);
    encode_and_check(used, px, w, h, &b);
    free(b.data);
    encode_and_check(used, other, w + 7, h, &b);
    free(b.data);
    encode_and_check(used, third, w + 13, h, &b);
    free(b.data);
    encode_and_check(used, px, w, h, &b);
    encode_and_check(used, px, w, h, &c);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    assert_int_equal(a.len, c.len);
    assert_memory_equal(a.data, c.data, a.len);
    free(a.data);
    free(b.data);
    free(c.data);
    care_idat_encoder_free(fresh);
    care_idat_encoder_free(used);
    free(px);
    free(other);
    free(third);
}

/* Noise (no repeated rows), NOISE_W x NOISE_H: 1.2 MB that does not compress. */
#define NOISE_W ((size_t)3000)
#define NOISE_H 400
static uint8_t *noise_image(void)
{
    static const int no_runs[] = {0};
    return make_image(NOISE_W, NOISE_H, no_runs, 1);
}

/* The stream comes in pieces of at most CARE_IDAT_PIECE bytes, in order. */
static void test_pieces(void **state)
{
    (void)state;
    const size_t w = NOISE_W;
    const int h = NOISE_H;
    uint8_t *px = noise_image();
    care_idat_encoder *enc = care_idat_encoder_new();
    sink_buf b;
    encode_and_check(enc, px, w, h, &b);
    assert_true(b.pieces >= (w * h) / CARE_IDAT_PIECE);
    assert_int_equal(b.largest, CARE_IDAT_PIECE);
    free(b.data);
    care_idat_encoder_free(enc);
    free(px);
}

/* The Paeth predictor (PNG 3rd edition §9.4), written out as the spec does. */
static int paeth_predictor(int a, int b, int c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Inflate a page with photos (bpp 3) and undo each row's filter, checking
 * that it is the one for its row (None first, Paeth inside [top, bottom) of
 * a band, Up elsewhere). NULL when the stream or a filter byte is bad. */
static uint8_t *decode_photo_page(const sink_buf *b, size_t row_bytes, int height,
                                  const care_idat_band *bands, size_t nbands)
{
    size_t raw_len = (row_bytes + 1) * (size_t)height;
    uint8_t *raw = malloc(raw_len + 1), *px = malloc(row_bytes * (size_t)height);
    assert_non_null(raw);
    assert_non_null(px);
    uLongf got = (uLongf)raw_len + 1;
    bool ok = uncompress(raw, &got, b->data, (uLong)b->len) == Z_OK && got == raw_len;
    for (int y = 0; ok && y < height; y++) {
        bool photo = false;
        for (size_t i = 0; i < nbands; i++)
            photo = photo || (y >= bands[i].top && y < bands[i].bottom);
        const uint8_t *in = raw + (size_t)y * (row_bytes + 1);
        uint8_t *out = px + (size_t)y * row_bytes, *up = out - row_bytes;
        ok = in[0] == (y == 0 ? 0 : photo ? 4 : 2);
        for (size_t x = 0; ok && x < row_bytes; x++) {
            int a = x >= 3 ? out[x - 3] : 0, c = y && x >= 3 ? up[x - 3] : 0, u = y ? up[x] : 0;
            int pred = in[0] == 4 ? paeth_predictor(a, u, c) : in[0] == 2 ? u : 0;
            out[x] = (uint8_t)(in[1 + x] + pred);
        }
    }
    free(raw);
    if (!ok)
        free(px);
    return ok ? px : NULL;
}

/* A 600 x 700 RGB page: text-like rows (repeated runs of noise) with two
 * smooth "photos" across the rows [0, 300) and [310, 690) (the first row
 * stays None-filtered). Encoded on 1, 2 and 5 threads: the same bytes,
 * decoding to the pixels, far smaller than the page's 1.26 MB. */
static void test_photo_page(void **state)
{
    (void)state;
    const size_t w = 600 * 3;
    const int h = 700;
    uint8_t *px = make_image(w, h, RUNS, sizeof RUNS / sizeof *RUNS);
    const care_idat_band bands[] = {{0, 300}, {310, 690}};
    for (size_t i = 0; i < 2; i++)
        for (int y = bands[i].top; y < bands[i].bottom; y++)
            for (size_t x = 0; x < w; x++)
                px[(size_t)y * w + x] = (uint8_t)((x % 3) * 80 + x / 12 + y / 3);
    care_idat_image img = {px, w, h, w, 3, bands, 2};
    sink_buf first = {0};
    static const int threads[] = {1, 2, 5};
    for (size_t t = 0; t < 3; t++) {
        care_idat_encoder *enc = care_idat_encoder_new();
        care_idat_encoder_set_threads(enc, threads[t]);
        sink_buf b = {.fail_after = -1};
        assert_int_equal(care_idat_encode_image(enc, &img, collect, &b), CARE_OK);
        uint8_t *back = decode_photo_page(&b, w, h, bands, 2);
        assert_non_null(back);
        assert_memory_equal(back, px, w * (size_t)h);
        free(back);
        if (t == 0) {
            first = b;
            assert_true(first.len < w * (size_t)h / 4);
        } else {
            assert_int_equal(b.len, first.len);
            assert_memory_equal(b.data, first.data, b.len);
            free(b.data);
        }
        care_idat_encoder_free(enc);
    }
    free(first.data);
    /* bands out of order, empty, or past the last row */
    const care_idat_band bad[][2] = {{{310, 690}, {40, 300}}, {{40, 40}, {50, 60}}, {{40, 701}}};
    care_idat_encoder *enc = care_idat_encoder_new();
    for (size_t i = 0; i < 3; i++) {
        care_idat_image wrong = {px, w, h, w, 3, bad[i], i == 2 ? 1 : 2};
        sink_buf b = {.fail_after = -1};
        assert_int_equal(care_idat_encode_image(enc, &wrong, collect, &b),
                         CARE_ERR_INVALID_ARGUMENT);
        assert_int_equal(b.len, 0);
        if (i == 0)
            assert_string_equal(care_idat_encoder_message(enc),
                                "photo rows 40..300 are out of order, empty or outside the 700 rows");
    }
    care_idat_encoder_free(enc);
    free(px);
}

/* A 300 x 1400 RGB page whose text rows hold runs of repeated rows of
 * every length in RUNS (runs of 8 and more are copied in, the rest go to
 * pieces), and a photo at rows [600, 700) that starts inside such a run:
 * it decodes to its pixels with each row's filter, the same bytes on 1 and
 * 3 threads. */
static void test_photo_page_blank_runs(void **state)
{
    (void)state;
    const size_t w = 300 * 3;
    const int h = 1400;
    uint8_t *px = make_image(w, h, RUNS, sizeof RUNS / sizeof *RUNS);
    const care_idat_band band = {600, 700};
    for (int y = band.top; y < band.bottom; y++)
        for (size_t x = 0; x < w; x++)
            px[(size_t)y * w + x] = (uint8_t)((x % 3) * 80 + x / 5 + (size_t)y * 3);
    care_idat_image img = {px, w, h, w, 3, &band, 1};
    sink_buf b[2] = {{.fail_after = -1}, {.fail_after = -1}};
    for (int t = 0; t < 2; t++) {
        care_idat_encoder *enc = care_idat_encoder_new();
        care_idat_encoder_set_threads(enc, t == 0 ? 1 : 3);
        assert_int_equal(care_idat_encode_image(enc, &img, collect, &b[t]), CARE_OK);
        uint8_t *back = decode_photo_page(&b[t], w, h, &band, 1);
        assert_non_null(back);
        assert_memory_equal(back, px, w * (size_t)h);
        free(back);
        care_idat_encoder_free(enc);
    }
    assert_int_equal(b[0].len, b[1].len);
    assert_memory_equal(b[0].data, b[1].data, b[0].len);
    free(b[0].data);
    free(b[1].data);
    free(px);
}

/* Rows [y0, y1) of px Up-filtered (the first row of the image None),
 * compressed as png_photo_page.c compresses a piece of rows (ISA-L level 1,
 * raw deflate, stateless, ending in a full flush); *len bytes, newly
 * allocated. */
static uint8_t *isal_rows(const uint8_t *px, size_t w, int y0, int y1, size_t *len)
{
    size_t raw_len = (w + 1) * (size_t)(y1 - y0), cap = raw_len * 2 + 1024;
    uint8_t *raw = malloc(raw_len), *out = malloc(cap);
    struct isal_zstream *z = calloc(1, sizeof *z);
    uint8_t *level_buf = malloc(ISAL_DEF_LVL1_DEFAULT);
    assert_non_null(raw);
    assert_non_null(out);
    assert_non_null(z);
    assert_non_null(level_buf);
    for (int y = y0; y < y1; y++) {
        uint8_t *d = raw + (size_t)(y - y0) * (w + 1);
        const uint8_t *row = px + (size_t)y * w;
        d[0] = y == 0 ? 0 : 2;
        for (size_t x = 0; x < w; x++)
            d[1 + x] = (uint8_t)(row[x] - (y == 0 ? 0 : row[x - w]));
    }
    isal_deflate_stateless_init(z);
    z->hist_bits = 0;
    z->level = 1;
    z->level_buf = level_buf;
    z->level_buf_size = ISAL_DEF_LVL1_DEFAULT;
    z->gzip_flag = IGZIP_DEFLATE;
    z->flush = FULL_FLUSH;
    z->end_of_stream = 0;
    z->next_in = raw;
    z->avail_in = (uint32_t)raw_len;
    z->next_out = out;
    z->avail_out = (uint32_t)cap;
    assert_int_equal(isal_deflate_stateless(z), COMP_OK);
    *len = z->total_out;
    free(level_buf);
    free(z);
    free(raw);
    return out;
}

/* A 300 x 100 RGB page with one photo band, rows [40, 70), and text rows
 * that never repeat 8 times (so none are copied in): the stream is the
 * zlib header, ISA-L's bytes for the text rows [0, 40) ending in a full
 * flush, the photo's pieces, ISA-L's bytes for the text rows [70, 100),
 * zlib's empty final block, and the Adler-32 of all the filtered rows. */
static void test_photo_page_text_rows_are_isal_pieces(void **state)
{
    (void)state;
    const size_t w = 300 * 3;
    const int h = 100;
    static const int short_runs[] = {0, 1, 3, 2, 0, 5};
    uint8_t *px = make_image(w, h, short_runs, sizeof short_runs / sizeof *short_runs);
    const care_idat_band band = {40, 70};
    for (int y = band.top; y < band.bottom; y++)
        for (size_t x = 0; x < w; x++)
            px[(size_t)y * w + x] = (uint8_t)((x % 3) * 80 + x * x / 7 + (size_t)y * 5);
    care_idat_image img = {px, w, h, w, 3, &band, 1};
    care_idat_encoder *enc = care_idat_encoder_new();
    sink_buf b = {.fail_after = -1};
    assert_int_equal(care_idat_encode_image(enc, &img, collect, &b), CARE_OK);
    uint8_t *back = decode_photo_page(&b, w, h, &band, 1);
    assert_non_null(back);
    assert_memory_equal(back, px, w * (size_t)h);
    size_t above_len, below_len;
    uint8_t *above = isal_rows(px, w, 0, band.top, &above_len);
    uint8_t *below = isal_rows(px, w, band.bottom, h, &below_len);
    static const uint8_t empty_final_block[2] = {0x03, 0x00};
    assert_true(b.len > 2 + above_len + below_len + 2 + 4);
    assert_int_equal(b.data[0], 0x78);
    assert_int_equal(b.data[1], 0x9C);
    assert_memory_equal(b.data + 2, above, above_len);
    size_t tail = b.len - 4 - 2 - below_len; /* the text rows below the photo */
    assert_memory_equal(b.data + tail, below, below_len);
    assert_memory_equal(b.data + tail + below_len, empty_final_block, 2);
    assert_true(tail > 2 + above_len); /* the photo's pieces lie between them */
    free(back);
    free(above);
    free(below);
    free(b.data);
    care_idat_encoder_free(enc);
    free(px);
}

static void test_sink_failure_and_bad_arguments(void **state)
{
    (void)state;
    const size_t w = NOISE_W;
    const int h = NOISE_H;
    uint8_t *px = noise_image();
    sink_buf b = {.fail_after = 1};
    care_idat_encoder *enc = care_idat_encoder_new();
    assert_int_equal(care_idat_encode(enc, px, w, h, w, collect, &b), CARE_ERR_IO);
    free(b.data);
    /* the encoder is still good after the failure */
    encode_and_check(enc, px, w, h, &b);
    free(b.data);
    b = (sink_buf){.fail_after = -1};
    const care_status bad = CARE_ERR_INVALID_ARGUMENT;
    assert_int_equal(care_idat_encode(NULL, px, w, h, w, collect, &b), bad);
    assert_int_equal(care_idat_encode(enc, NULL, w, h, w, collect, &b), bad);
    assert_int_equal(care_idat_encode(enc, px, 0, h, w, collect, &b), bad);
    assert_int_equal(care_idat_encode(enc, px, w, 0, w, collect, &b), bad);
    assert_int_equal(care_idat_encode(enc, px, w, h, w - 1, collect, &b), bad);
    assert_int_equal(care_idat_encode(enc, px, w, h, w, NULL, &b), bad);
    assert_int_equal(b.len, 0);
    care_idat_encoder_free(enc);
    care_idat_encoder_free(NULL);
    free(px);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_of_every_length),
        cmocka_unit_test(test_blank_page),
        cmocka_unit_test(test_no_reference_across_a_copied_run),
        cmocka_unit_test(test_reuse_gives_same_bytes),
        cmocka_unit_test(test_pieces),
        cmocka_unit_test(test_photo_page),
        cmocka_unit_test(test_photo_page_text_rows_are_isal_pieces),
        cmocka_unit_test(test_photo_page_blank_runs),
        cmocka_unit_test(test_sink_failure_and_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
