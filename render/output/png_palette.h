/* Colour pages as 8-bit palette images (png_palette.c). Not installed. */
#ifndef CARE_PNG_PALETTE_H
#define CARE_PNG_PALETTE_H

#include <stddef.h>
#include <stdint.h>

/**
 * Index an 8-bit RGB image (`height` rows of `width` pixels R G B, rows
 * `stride` bytes apart) by its colours: indices[y * width + x] receives the
 * pixel's palette index and palette[i] colour i, in order of first
 * appearance in row order (so the same pixels give the same palette).
 * Returns the number of colours, 1..256, or 0 when the image has more than
 * 256 (indices and palette are then partly written; use RGB). `indices` holds
 * width * height bytes, `palette` 256 entries. Thread-safe; no allocation.
 */
int care_png_palette(const uint8_t *rgb, int width, int height, size_t stride, uint8_t *indices,
                     uint8_t palette[][3]);

#endif
