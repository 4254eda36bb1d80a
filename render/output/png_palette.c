/* Colour pages as 8-bit palette images. See png_palette.h.
 *
 * A page in a colour theme (yellow on black, black on cream) blends two
 * colours at most 256 ways, so it fits a PNG palette: one byte a pixel
 * instead of three, which zlib compresses to a third of the RGB size in a
 * third of the time (carepage-png-table prints both). Lossless: a page with
 * more than 256 colours (colour emoji) stays RGB. */
#include "output/png_palette.h"

#include <string.h>

#define SLOTS 1024 /* open-addressing table of the colours seen, load <= 1/4 */
#define EMPTY UINT32_MAX

typedef struct colour_table {
    uint32_t key[SLOTS]; /* 0xRRGGBB, EMPTY when free */
    uint8_t index[SLOTS];
    int count;
} colour_table;

/* The palette index of colour c, adding it; -1 past 256 colours. */
static int index_of(colour_table *t, uint32_t c, uint8_t palette[][3])
{
    size_t i = (c * 2654435761u) >> 22; /* top 10 bits of a multiplicative hash */
    for (; t->key[i] != EMPTY; i = (i + 1) & (SLOTS - 1))
        if (t->key[i] == c)
            return t->index[i];
    if (t->count == 256)
        return -1;
    t->key[i] = c;
    t->index[i] = (uint8_t)t->count;
    palette[t->count][0] = (uint8_t)(c >> 16);
    palette[t->count][1] = (uint8_t)(c >> 8);
    palette[t->count][2] = (uint8_t)c;
    return t->count++;
}

int care_png_palette(const uint8_t *rgb, int width, int height, size_t stride, uint8_t *indices,
                     uint8_t palette[][3])
{
    colour_table t;
    memset(t.key, 0xFF, sizeof t.key);
    t.count = 0;
    uint32_t last = EMPTY;
    int last_index = 0;
    size_t row_bytes = 3 * (size_t)width;
    for (int y = 0; y < height; y++) {
        const uint8_t *p = rgb + (size_t)y * stride;
        uint8_t *out = indices + (size_t)y * (size_t)width;
        if (y > 0 && memcmp(p, p - stride, row_bytes) == 0) { /* margins, gaps between lines */
            memcpy(out, out - width, (size_t)width);
            continue;
        }
        for (int x = 0; x < width; x++, p += 3) {
            uint32_t c = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
            if (c != last) {
                last_index = index_of(&t, c, palette);
                if (last_index < 0)
                    return 0;
                last = c;
            }
            out[x] = (uint8_t)last_index;
        }
    }
    return t.count;
}
