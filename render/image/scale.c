/* Area-average resampling fed row by row (no aliasing: a 4000 px photo shown
 * 972 px wide averages every source pixel into the one it falls in, so fine
 * patterns turn into their mean grey, never into moiré), in sRGB values; and
 * EXIF orientation. Integer arithmetic: shares in 12-bit fixed point, within
 * 1 of the exact mean.
 *
 * Rows first: each source row is added, times its share, into one row of
 * sums (the row pass: bytes times a 16-bit share). The column pass runs once
 * per destination row on those sums: each destination column is the sum of
 * its `taps` source columns times their weights, rounded. Every sum is an
 * exact integer below 2^32, so the order in which its products are added
 * changes no pixel; the passes may take them in any order and lanes.
 *
 * On a CPU with AVX2 (asked at run time; the build stays plain x86-64) both
 * passes use it: the row pass multiplies 16 bytes at a time (8 with SSE2),
 * and an RGB column pass takes two destination pixels at a time in 8 lanes
 * of 32 bits, each tap's 4 sums from the pixel's source column (its 3
 * channels and the next column's first, a lane whose result is dropped)
 * times the pixel's weight. Elsewhere a scalar loop per pixel does the same
 * sums. */
#include "image/decoders.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Always inlined, so that each caller compiles the loop for its own target
 * and with its own constant tap and channel counts. */
#define INLINE static inline __attribute__((always_inline))

/* The share, in units of 1 / CARE_SCALE_ONE and rounded, that `covered` of
 * `total` is. Shares of growing parts of one destination pixel are taken
 * from these, so they sum to exactly CARE_SCALE_ONE. */
static uint32_t share(int64_t covered, int64_t total)
{
    return (uint32_t)((covered * CARE_SCALE_ONE + total / 2) / total);
}

/* The source columns [*c0, *c1) that destination column x touches:
 * x covers [x * src_w / dst_w, (x + 1) * src_w / dst_w). */
static void column_span(const care_scaler *s, int x, int *c0, int *c1)
{
    int64_t src = s->src_w, dst = s->dst_w, lo = x * src, hi = lo + src;
    *c0 = (int)(lo / dst);
    *c1 = (int)((hi + dst - 1) / dst);
}

/* The weights of every destination column, once for every row. Positions
 * are in units of 1 / dst_w source column. A column's `taps` source columns
 * end inside the row: the last columns start further left, with zero weights
 * first. */
static void column_weights(care_scaler *s)
{
    int64_t src = s->src_w, dst = s->dst_w;
    for (int x = 0; x < s->dst_w; x++) {
        int c0, c1;
        column_span(s, x, &c0, &c1);
        int first = c0 + s->taps > s->src_w ? s->src_w - s->taps : c0;
        uint16_t *w = s->x_weight + (size_t)x * (size_t)s->taps + (c0 - first);
        int64_t lo = x * src, hi = lo + src;
        uint32_t given = 0;
        s->x_first[x] = first;
        for (int c = c0; c < c1; c++) {
            int64_t end = (c + 1) * dst < hi ? (c + 1) * dst : hi;
            uint32_t upto = c + 1 == c1 ? CARE_SCALE_ONE : share(end - lo, src);
            *w++ = (uint16_t)(upto - given);
            given = upto;
        }
    }
}

/* x_weight spread over the 8 lanes of each pair of RGB columns. */
static void lane_weights(care_scaler *s)
{
    size_t taps = (size_t)s->taps;
    for (size_t j = 0; j < (size_t)s->dst_w / 2; j++)
        for (size_t i = 0; i < taps; i++)
            for (size_t lane = 0; lane < 8; lane++)
                s->lane_weight[(j * taps + i) * 8 + lane] =
                    s->x_weight[(2 * j + lane / 4) * taps + i];
}

care_status care_scaler_init(care_scaler *s, int src_w, int src_h, int dst_w, int dst_h,
                             int channels, care_error *err)
{
    memset(s, 0, sizeof *s);
    *s = (care_scaler){.src_w = src_w, .src_h = src_h, .dst_w = dst_w, .dst_h = dst_h,
                       .channels = channels};
    s->avx2 = care_have_avx2();
    for (int x = 0; x < dst_w; x++) {
        int c0, c1;
        column_span(s, x, &c0, &c1);
        s->taps = c1 - c0 > s->taps ? c1 - c0 : s->taps;
    }
    size_t row = (size_t)dst_w * (size_t)channels, taps = (size_t)s->taps;
    s->acc = care_calloc((size_t)src_w * (size_t)channels + 1, sizeof *s->acc);
    s->x_first = care_calloc((size_t)dst_w, sizeof *s->x_first);
    s->x_weight = care_calloc((size_t)dst_w * taps, sizeof *s->x_weight);
    bool lanes = s->avx2 && channels == 3 && dst_w >= 3;
    s->lane_weight = lanes ? care_calloc((size_t)dst_w / 2 * taps * 8, sizeof *s->lane_weight)
                           : NULL;
    /* huge pages: a phone photo's 2 MB cost 1 page fault instead of 520 */
    s->out = row && (size_t)dst_h > SIZE_MAX / row ? NULL : care_large_alloc(row * (size_t)dst_h);
    if (!s->acc || !s->x_first || !s->x_weight || (lanes && !s->lane_weight) || !s->out) {
        care_scaler_free(s);
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory scaling a %dx%d image to %dx%d",
                         src_w, src_h, dst_w, dst_h);
    }
    column_weights(s);
    if (lanes)
        lane_weights(s);
    return CARE_OK;
}

/* Destination columns [x, dst_w) of the finished row's sums (their shares sum
 * to CARE_SCALE_ONE) resampled and rounded into `row`, for a fixed tap count
 * and channel count: the callers pass constants, so each case compiles to a
 * loop with no inner loop over taps (1000 px to 972 px reads 3 taps). */
INLINE void resample_fixed(const care_scaler *s, uint8_t *restrict row, int x, const int taps,
                           const int ch)
{
    const uint32_t *restrict acc = s->acc;
    const uint16_t *restrict w = s->x_weight + (size_t)x * (size_t)taps;
    const int *restrict first = s->x_first;
    const uint32_t half = CARE_SCALE_ONE * CARE_SCALE_ONE / 2;
    uint8_t *restrict out = row + (size_t)x * (size_t)ch;
    for (; x < s->dst_w; x++, w += taps, out += ch) {
        const uint32_t *p = acc + (size_t)ch * (size_t)first[x];
        for (int k = 0; k < ch; k++) {
            uint32_t sum = half;
            for (int i = 0; i < taps; i++)
                sum += w[i] * p[i * ch + k];
            out[k] = (uint8_t)(sum / (CARE_SCALE_ONE * CARE_SCALE_ONE));
        }
    }
}

/* Columns [x, dst_w) of the finished row, a pixel at a time. */
static void resample_columns(const care_scaler *s, uint8_t *row, int x)
{
    bool grey = s->channels == 1;
    switch (s->taps) {
    case 1: grey ? resample_fixed(s, row, x, 1, 1) : resample_fixed(s, row, x, 1, 3); break;
    case 2: grey ? resample_fixed(s, row, x, 2, 1) : resample_fixed(s, row, x, 2, 3); break;
    case 3: grey ? resample_fixed(s, row, x, 3, 1) : resample_fixed(s, row, x, 3, 3); break;
    case 4: grey ? resample_fixed(s, row, x, 4, 1) : resample_fixed(s, row, x, 4, 3); break;
    case 5: grey ? resample_fixed(s, row, x, 5, 1) : resample_fixed(s, row, x, 5, 3); break;
    default: resample_fixed(s, row, x, s->taps, s->channels); break;
    }
}

#ifdef CARE_AVX2
typedef uint32_t lanes8 __attribute__((vector_size(32)));
typedef uint32_t lanes4 __attribute__((vector_size(16)));
typedef uint8_t bytes16 __attribute__((vector_size(16)));
typedef uint8_t bytes4 __attribute__((vector_size(4)));

/* The low bytes of 4 lanes (each at most 255). */
INLINE bytes4 low_bytes(lanes4 v)
{
    bytes16 b = (bytes16)v;
    return __builtin_shufflevector(b, b, 0, 4, 8, 12);
}

/* RGB destination columns in pairs, for a fixed tap count, while a column
 * follows the pair: each pair's 4-byte stores (3 channels and a byte of the
 * next pixel, overwritten after) stay inside the row. Returns the first
 * column not done. */
INLINE int resample_rgb_pairs(const care_scaler *s, uint8_t *restrict out, const int taps)
{
    const uint32_t *restrict acc = s->acc;
    const uint32_t *restrict w = s->lane_weight;
    const int *restrict first = s->x_first;
    const uint32_t half = CARE_SCALE_ONE * CARE_SCALE_ONE / 2;
    int x = 0;
    for (; x + 2 < s->dst_w; x += 2, w += 8 * taps, out += 6) {
        const uint32_t *p = acc + (size_t)3 * (size_t)first[x];
        const uint32_t *q = acc + (size_t)3 * (size_t)first[x + 1];
        lanes8 sum = {half, half, half, half, half, half, half, half};
        for (int i = 0; i < taps; i++) {
            lanes4 a, b;
            lanes8 weight;
            memcpy(&a, p + 3 * i, sizeof a); /* the spare sum after the row */
            memcpy(&b, q + 3 * i, sizeof b); /* keeps these inside acc */
            memcpy(&weight, w + 8 * i, sizeof weight);
            sum += weight * __builtin_shufflevector(a, b, 0, 1, 2, 3, 4, 5, 6, 7);
        }
        sum /= CARE_SCALE_ONE * CARE_SCALE_ONE;
        bytes4 lo = low_bytes(__builtin_shufflevector(sum, sum, 0, 1, 2, 3));
        bytes4 hi = low_bytes(__builtin_shufflevector(sum, sum, 4, 5, 6, 7));
        memcpy(out, &lo, sizeof lo);
        memcpy(out + 3, &hi, sizeof hi);
    }
    return x;
}

CARE_AVX2 static int resample_rgb_pairs_avx2(const care_scaler *s, uint8_t *row)
{
    switch (s->taps) {
    case 1: return resample_rgb_pairs(s, row, 1);
    case 2: return resample_rgb_pairs(s, row, 2);
    case 3: return resample_rgb_pairs(s, row, 3);
    case 4: return resample_rgb_pairs(s, row, 4);
    default: return resample_rgb_pairs(s, row, s->taps);
    }
}
#endif

/* The finished destination row into the result; the next one starts. */
static void emit_row(care_scaler *s)
{
    uint8_t *row = s->out + (size_t)s->dst_row * (size_t)s->dst_w * (size_t)s->channels;
    int x = 0;
#ifdef CARE_AVX2
    if (s->lane_weight)
        x = resample_rgb_pairs_avx2(s, row);
#endif
    resample_columns(s, row, x);
    s->row_share = 0;
    s->dst_row++;
}

/* sums[i] += share * row[i], or = for a destination row's first source row:
 * bytes times a 16-bit share (16-bit multiplies, a vector at a time). */
INLINE void add_row(uint32_t *restrict sums, const uint8_t *restrict row, uint16_t share,
                    size_t n, bool first)
{
    if (first)
        for (size_t i = 0; i < n; i++)
            sums[i] = (uint32_t)share * (uint16_t)row[i];
    else
        for (size_t i = 0; i < n; i++)
            sums[i] += (uint32_t)share * (uint16_t)row[i];
}

/* Out of line, so that the compiler still sees 16-bit operands (inlined,
 * GCC 12 multiplies 32-bit lanes, 2 at a time with SSE2). */
__attribute__((noinline)) static void add_row_plain(uint32_t *sums, const uint8_t *row,
                                                    uint16_t share, size_t n, bool first)
{
    add_row(sums, row, share, n, first);
}

#ifdef CARE_AVX2
CARE_AVX2 static void add_row_avx2(uint32_t *sums, const uint8_t *row, uint16_t share, size_t n,
                                    bool first)
{
    add_row(sums, row, share, n, first);
}
#endif

static void add_source_row(care_scaler *s, const uint8_t *row, uint16_t share)
{
    size_t n = (size_t)s->src_w * (size_t)s->channels;
#ifdef CARE_AVX2
    if (s->avx2) {
        add_row_avx2(s->acc, row, share, n, s->row_share == 0);
        return;
    }
#endif
    add_row_plain(s->acc, row, share, n, s->row_share == 0);
}

/* Destination row y covers source rows [y * src_h / dst_h, (y + 1) * src_h /
 * dst_h); positions in units of 1 / dst_h source row, like the columns. */
void care_scaler_push(care_scaler *s, const uint8_t *row)
{
    if (s->src_row >= s->src_h || s->dst_row >= s->dst_h)
        return;
    int64_t src = s->src_h, dst = s->dst_h, row_end = (int64_t)(s->src_row + 1) * dst;
    while (s->dst_row < s->dst_h) {
        int64_t lo = s->dst_row * src, hi = lo + src;
        bool last = hi <= row_end || s->src_row + 1 == s->src_h;
        uint32_t upto = last ? CARE_SCALE_ONE : share(row_end - lo, src);
        uint32_t w = upto - s->row_share;
        if (w > 0)
            add_source_row(s, row, (uint16_t)w);
        s->row_share = upto;
        if (!last)
            break; /* this destination row goes on into the next source row */
        emit_row(s);
        if (hi >= row_end && s->src_row + 1 < s->src_h)
            break; /* the next destination row starts in the next source row */
    }
    s->src_row++;
}

void care_scaler_free(care_scaler *s)
{
    free(s->acc);
    free(s->x_first);
    free(s->x_weight);
    free(s->lane_weight);
    free(s->out);
    memset(s, 0, sizeof *s);
}

void care_scaler_finish(care_scaler *s, care_image *img)
{
    size_t row = (size_t)s->dst_w * (size_t)s->channels, done = (size_t)s->dst_row;
    memset(s->out + done * row, 255, ((size_t)s->dst_h - done) * row); /* never reached: white */
    *img = (care_image){s->dst_w, s->dst_h, s->channels, s->out};
    s->out = NULL;
    care_scaler_free(s);
}

void care_flatten_alpha(const uint8_t *in, uint8_t *out, int width, int in_channels)
{
    int colours = in_channels - 1;
    for (int x = 0; x < width; x++) {
        const uint8_t *p = in + (size_t)x * (size_t)in_channels;
        unsigned a = p[colours];
        for (int k = 0; k < colours; k++)
            out[(size_t)x * (size_t)colours + (size_t)k] =
                (uint8_t)((p[k] * a + 255 * (255 - a) + 127) / 255);
    }
}

/* Where upright pixel (x, y) of a w x h upright image is in the stored one
 * (sw x sh), for EXIF orientation o (TIFF 6.0 Orientation tag). */
static size_t stored_index(int o, int x, int y, int w, int h, int sw)
{
    int sx, sy;
    switch (o) {
    case 2: sx = w - 1 - x, sy = y; break;
    case 3: sx = w - 1 - x, sy = h - 1 - y; break;
    case 4: sx = x, sy = h - 1 - y; break;
    case 5: sx = y, sy = x; break;
    case 6: sx = y, sy = w - 1 - x; break;   /* stored rotated 90° anticlockwise */
    case 7: sx = h - 1 - y, sy = w - 1 - x; break;
    case 8: sx = h - 1 - y, sy = x; break;
    default: sx = x, sy = y; break;
    }
    return (size_t)sy * (size_t)sw + (size_t)sx;
}

uint8_t *care_image_upright_alloc(const care_image *img)
{
    size_t pixels = (size_t)img->width * (size_t)img->height, n = (size_t)img->channels;
    return pixels > SIZE_MAX / n ? NULL : care_large_alloc(pixels * n);
}

void care_image_turn(const care_image *img, int o, uint8_t *out)
{
    bool swap = o >= 5;
    int w = swap ? img->height : img->width, h = swap ? img->width : img->height;
    size_t n = (size_t)img->channels;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            memcpy(out + ((size_t)y * (size_t)w + (size_t)x) * n,
                   img->pixels + stored_index(o, x, y, w, h, img->width) * n, n);
}

care_status care_image_orient(care_image *img, int o, care_error *err)
{
    if (o < 2 || o > 8)
        return CARE_OK;
    uint8_t *out = care_image_upright_alloc(img);
    if (!out)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory turning a %dx%d image upright",
                         img->width, img->height);
    care_image_turn(img, o, out);
    bool swap = o >= 5;
    free(img->pixels);
    *img = (care_image){swap ? img->height : img->width, swap ? img->width : img->height,
                        img->channels, out};
    return CARE_OK;
}

void care_image_free(care_image *img)
{
    if (img) {
        free(img->pixels);
        img->pixels = NULL;
    }
}
