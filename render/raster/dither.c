/* Photos on 1- and 4-bit surfaces (MONO1, MONO1_THRESHOLD, GRAY4): the
 * photo's luma error-diffused to the surface's levels (Floyd and Steinberg,
 * "An adaptive algorithm for spatial greyscale", 1976: 7/16 right, 3/16 down
 * left, 5/16 down, 1/16 down right), so a photo keeps its tones where the
 * text rule (threshold or ordered dither between the theme colours) would
 * leave a silhouette. Always diffused over the whole photo from its top left,
 * so a region shows exactly the pixels a whole-page render gives it. */
#include "raster/surface.h"
#include "layout/photo_thread.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Levels 0..top (1 or 15) of each pixel of img, from its luma. */
static uint8_t *diffuse(const care_image *img, int top)
{
    int w = img->width, h = img->height;
    uint8_t *out = care_calloc((size_t)w, (size_t)h);
    float *err = care_calloc(2 * ((size_t)w + 2), sizeof *err);
    if (!out || !err) {
        free(out);
        free(err);
        return NULL;
    }
    float *cur = err + 1, *next = err + w + 3;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            const uint8_t *p = img->pixels + ((size_t)y * (size_t)w + (size_t)x) *
                                                 (size_t)img->channels;
            float v = (img->channels == 1 ? p[0] : care_luma3(p[0], p[1], p[2])) + cur[x];
            int q = (int)floorf(v * (float)top / 255 + 0.5f);
            q = q < 0 ? 0 : q > top ? top : q;
            out[(size_t)y * (size_t)w + (size_t)x] = (uint8_t)q;
            float e = v - (float)q * 255 / (float)top;
            cur[x + 1] += e * 7 / 16;
            next[x - 1] += e * 3 / 16;
            next[x] += e * 5 / 16;
            next[x + 1] += e * 1 / 16;
        }
        float *t = cur;
        cur = next, next = t;
        memset(next - 1, 0, ((size_t)w + 2) * sizeof *next);
    }
    free(err);
    return out;
}

/* Level q of page pixel (x, y) into a GRAY4 or 1-bit surface. */
static void put_level(care_surface *s, int x, int y, unsigned q)
{
    uint8_t *row = s->pixels + (size_t)y * s->stride;
    if (s->format == CARE_PIXEL_GRAY4)
        care_put_gray4(row, x, q);
    else
        care_put_bit(row, x, q); /* 1: light (the lighter theme colour) */
}

care_status care_dither_photos(const care_layout *L, size_t page, care_surface *s, int x, int y,
                               int w, int h, care_error *err)
{
    int top = s->format == CARE_PIXEL_GRAY4 ? 15 : 1;
    const care_page *pg = &L->pages[page];
    for (size_t i = pg->line_start; i < pg->line_start + pg->line_count; i++) {
        const care_line *line = &L->lines[i];
        if (line->kind != CARE_BLOCK_FIGURE)
            continue;
        const care_image *img = &L->figures[line->figure].image;
        int px = (int)line->x, py = care_figure_top(line);
        int x0 = px > x ? px : x, y0 = py > y ? py : y;
        int x1 = px + img->width < x + w ? px + img->width : x + w;
        int y1 = py + img->height < y + h ? py + img->height : y + h;
        if (x0 >= x1 || y0 >= y1 || !(img = care_figure_pixels(L, line->figure)))
            continue; /* outside, or its late decoding failed: the box stays blank */
        uint8_t *levels = diffuse(img, top);
        if (!levels)
            return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory dithering a %dx%d photo",
                             img->width, img->height);
        for (int yy = y0; yy < y1; yy++)
            for (int xx = x0; xx < x1; xx++)
                put_level(s, xx, yy, levels[(size_t)(yy - py) * (size_t)img->width + (size_t)(xx - px)]);
        free(levels);
    }
    return CARE_OK;
}
