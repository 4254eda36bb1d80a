/* carepage fuzz entry points, shared by the libFuzzer targets (fuzz_*.c) and the
 * replay driver that runs tests/fuzz-corpus/ and tests/crashers/ in ctest
 * (tests/replay.c). Each returns 0; a bug shows up as a crash or a sanitizer report. */
#ifndef CARE_FUZZ_TARGETS_H
#define CARE_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

/** Document parsing: byte 0 picks format and parse flags, the rest is the article. */
int care_fuzz_parse(const uint8_t *data, size_t size);
/** Parse -> layout -> render into small framebuffers; the first bytes are the options. */
int care_fuzz_pipeline(const uint8_t *data, size_t size);
/** The input is a font file given as a fallback font: an error or a rendering. */
int care_fuzz_font(const uint8_t *data, size_t size);

/** Photo decoding (image_target.c): byte 0 picks the size, the rest is an image file. */
int care_fuzz_image(const uint8_t *data, size_t size);

/** The entry point of a target by name ("parse", "pipeline", "font", "image"); NULL if unknown. */
typedef int (*care_fuzz_fn)(const uint8_t *data, size_t size);
care_fuzz_fn care_fuzz_target(const char *name);

/** Free the harness engines and remove their scratch files (the replay driver's end). */
void care_fuzz_cleanup(void);

#endif
