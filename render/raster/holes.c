/* Counting the counters (holes) of a glyph's coverage mask. */
#include "raster/raster.h"

#include <stdlib.h>

/* Mark the background region around (x, y) of a padded w x h grid (0 = background). */
static void flood(uint8_t *grid, int w, int h, int start, int *stack)
{
    int top = 0;
    stack[top++] = start;
    grid[start] = 2;
    while (top) {
        int at = stack[--top], x = at % w, y = at / w;
        const int next[4] = {x > 0 ? at - 1 : -1, x + 1 < w ? at + 1 : -1,
                             y > 0 ? at - w : -1, y + 1 < h ? at + w : -1};
        for (int k = 0; k < 4; k++) {
            if (next[k] >= 0 && grid[next[k]] == 0) {
                grid[next[k]] = 2;
                stack[top++] = next[k];
            }
        }
    }
}

int care_count_holes(const uint8_t *coverage, int width, int height)
{
    int w = width + 2, h = height + 2; /* a border of background joins the outside */
    size_t n = (size_t)w * (size_t)h;
    uint8_t *grid = care_calloc(n, 1);
    int *stack = care_calloc(n, sizeof *stack);
    if (!grid || !stack) {
        free(grid);
        free(stack);
        return -1;
    }
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            grid[(size_t)(y + 1) * (size_t)w + (size_t)x + 1] =
                coverage[(size_t)y * (size_t)width + (size_t)x] >= 128;
    int regions = 0;
    for (size_t i = 0; i < n; i++) {
        if (grid[i] == 0) {
            flood(grid, w, h, (int)i, stack);
            regions++;
        }
    }
    free(grid);
    free(stack);
    return regions - 1;
}
