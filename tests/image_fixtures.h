/* Test images made with the libraries' own encoders (libjpeg, libpng,
 * libwebp, giflib), in memory: the tests, the benchmark and the fuzz seeds
 * share them. Each returns newly allocated bytes (free()) or NULL. */
#ifndef CARE_IMAGE_FIXTURES_H
#define CARE_IMAGE_FIXTURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** The colour of pixel (x, y) of a w x h picture. */
typedef void (*fixture_paint)(int x, int y, int w, int h, uint8_t rgb[3]);

/** Four quadrants: red top left, green top right, blue bottom left, white bottom right. */
void fixture_quadrants(int x, int y, int w, int h, uint8_t rgb[3]);
/** Left half red, right half blue. */
void fixture_halves(int x, int y, int w, int h, uint8_t rgb[3]);
/** One-pixel black and white checkerboard (the moiré test). */
void fixture_checker(int x, int y, int w, int h, uint8_t rgb[3]);
/** A smooth photo-like picture: colour gradients and rings. */
void fixture_photo(int x, int y, int w, int h, uint8_t rgb[3]);

/** JPEG of quality 90; channels 1 (grey: the red channel), 3, or 4 (CMYK, Adobe
 *  inverted, as Photoshop writes); app1/app1_len: an APP1 (EXIF) payload or NULL. */
uint8_t *fixture_jpeg(int w, int h, int channels, fixture_paint paint, const uint8_t *app1,
                      size_t app1_len, size_t *len);
/** PNG, channels 1 (grey), 3 or 4 (RGBA: alpha 0 on the right half). */
uint8_t *fixture_png(int w, int h, int channels, fixture_paint paint, size_t *len);
/** Lossless WebP. */
uint8_t *fixture_webp(int w, int h, fixture_paint paint, size_t *len);
/** GIF with a 6x6x6 colour cube palette. */
uint8_t *fixture_gif(int w, int h, fixture_paint paint, size_t *len);
/** An APP1 "Exif" payload whose IFD0 has only Orientation = o; returns its length. */
size_t fixture_exif_orientation(uint8_t out[64], int o);
/** Write bytes to a file; false on failure. */
bool fixture_write(const char *path, const uint8_t *data, size_t len);

#endif
