/* Area-average resampling fed row by row (no aliasing: a 4000 px photo shown
 * 972 px wide averages every source pixel into the one it falls in, so fine
 * patterns turn into their mean grey, never into moiré), in sRGB values; and
 * EXIF orientation. */
#include "image/decoders.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Each destination column covers source columns [x * sx, (x + 1) * sx): the
 * share of each source column it touches, once for every row. */
static void column_weights(care_scaler *s)
{
    double sx = (double)s->src_w / s->dst_w;
    int k = 0;
    for (int x = 0; x < s->dst_w; x++) {
        double lo = x * sx, hi = lo + sx;
        int c0 = (int)lo, c1 = (int)ceil(hi);
        c1 = c1 > s->src_w ? s->src_w : c1;
        c1 = c1 <= c0 ? c0 + 1 : c1;
        s->x_first[x] = c0;
        s->w_first[x] = k;
        for (int c = c0; c < c1; c++)
            s->x_weight[k++] = (float)(((c + 1 < hi ? c + 1 : hi) - (c > lo ? c : lo)) / sx);
    }
    s->x_first[s->dst_w] = s->src_w;
    s->w_first[s->dst_w] = k;
}

care_status care_scaler_init(care_scaler *s, int src_w, int src_h, int dst_w, int dst_h,
                             int channels, care_error *err)
{
    memset(s, 0, sizeof *s);
    *s = (care_scaler){.src_w = src_w, .src_h = src_h, .dst_w = dst_w, .dst_h = dst_h,
                       .channels = channels};
    size_t row = (size_t)dst_w * (size_t)channels;
    s->acc = care_calloc(row, sizeof *s->acc);
    s->hrow = care_calloc(row, sizeof *s->hrow);
    s->x_first = care_calloc((size_t)dst_w + 1, sizeof *s->x_first);
    s->w_first = care_calloc((size_t)dst_w + 1, sizeof *s->w_first);
    s->x_weight = care_calloc((size_t)src_w + (size_t)dst_w + 1, sizeof *s->x_weight);
    s->out = care_calloc(row, (size_t)dst_h);
    if (!s->acc || !s->hrow || !s->x_first || !s->w_first || !s->x_weight || !s->out) {
        care_scaler_free(s);
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory scaling a %dx%d image to %dx%d",
                         src_w, src_h, dst_w, dst_h);
    }
    memset(s->out, 255, row * (size_t)dst_h);
    column_weights(s);
    return CARE_OK;
}

/* One source row resampled to dst_w columns into s->hrow. */
static void resample_row(care_scaler *s, const uint8_t *restrict row)
{
    float *restrict out = s->hrow;
    const float *restrict weight = s->x_weight;
    for (int x = 0; x < s->dst_w; x++) {
        const float *w = weight + s->w_first[x];
        int c0 = s->x_first[x], count = s->w_first[x + 1] - s->w_first[x];
        if (s->channels == 1) {
            float sum = 0;
            for (int i = 0; i < count; i++)
                sum += w[i] * row[c0 + i];
            out[x] = sum;
            continue;
        }
        const uint8_t *p = row + 3 * (size_t)c0;
        float r = 0, g = 0, b = 0;
        for (int i = 0; i < count; i++, p += 3)
            r += w[i] * p[0], g += w[i] * p[1], b += w[i] * p[2];
        out[3 * x] = r, out[3 * x + 1] = g, out[3 * x + 2] = b;
    }
}

/* The accumulated destination row, weight `total`, into the result. */
static void emit_row(care_scaler *s, float total)
{
    size_t row = (size_t)s->dst_w * (size_t)s->channels;
    uint8_t *restrict out = s->out + (size_t)s->dst_row * row;
    float *restrict acc = s->acc, scale = total > 0 ? 1 / total : 0;
    for (size_t i = 0; i < row; i++) {
        float v = acc[i] * scale + 0.5f;
        out[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
        acc[i] = 0;
    }
    s->dst_row++;
}

void care_scaler_push(care_scaler *s, const uint8_t *row)
{
    if (s->src_row >= s->src_h || s->dst_row >= s->dst_h)
        return;
    resample_row(s, row);
    double sy = (double)s->src_h / s->dst_h, y0 = s->src_row, y1 = y0 + 1;
    size_t n = (size_t)s->dst_w * (size_t)s->channels;
    while (s->dst_row < s->dst_h) {
        double lo = s->dst_row * sy, hi = lo + sy;
        float w = (float)((y1 < hi ? y1 : hi) - (y0 > lo ? y0 : lo));
        float *restrict acc = s->acc;
        const float *restrict hrow = s->hrow;
        if (w > 0)
            for (size_t i = 0; i < n; i++)
                acc[i] += w * hrow[i];
        if (hi > y1 + 1e-9)
            break; /* this destination row goes on into the next source row */
        emit_row(s, (float)sy);
    }
    s->src_row++;
}

void care_scaler_free(care_scaler *s)
{
    free(s->acc);
    free(s->hrow);
    free(s->x_first);
    free(s->w_first);
    free(s->x_weight);
    free(s->out);
    memset(s, 0, sizeof *s);
}

void care_scaler_finish(care_scaler *s, care_image *img)
{
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

care_status care_image_orient(care_image *img, int o, care_error *err)
{
    if (o < 2 || o > 8)
        return CARE_OK;
    bool swap = o >= 5;
    int w = swap ? img->height : img->width, h = swap ? img->width : img->height;
    int n = img->channels;
    uint8_t *out = care_calloc((size_t)w * (size_t)h, (size_t)n);
    if (!out)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory turning a %dx%d image upright",
                         img->width, img->height);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            memcpy(out + ((size_t)y * (size_t)w + (size_t)x) * (size_t)n,
                   img->pixels + stored_index(o, x, y, w, h, img->width) * (size_t)n, (size_t)n);
    free(img->pixels);
    *img = (care_image){w, h, n, out};
    return CARE_OK;
}

void care_image_free(care_image *img)
{
    if (img) {
        free(img->pixels);
        img->pixels = NULL;
    }
}
