/* Default resource limits (care_limits_default, limits.c) and the most
 * care_engine_set_limits accepts. Not installed. */
#ifndef CARE_LIMITS_H
#define CARE_LIMITS_H

#include <stddef.h>

/** Default of max_input_bytes: the largest input care_document_parse reads
 *  unless care_engine_set_limits raises it (up to CARE_CEILING_INPUT_BYTES). */
#define CARE_MAX_INPUT_BYTES ((size_t)16 << 20)
/* Page side and area and the font size range are also the most
 * care_engine_set_limits accepts. */
/** Most pages a layout may have. */
#define CARE_MAX_PAGES 1000
/** Largest page side and area in px. */
#define CARE_MAX_PAGE_SIDE 16384
#define CARE_MAX_PAGE_AREA ((size_t)1 << 28)
/** Body font size range in px. */
#define CARE_MIN_FONT_SIZE 4
#define CARE_MAX_FONT_SIZE 2048
/** Most lines one block may break into. */
#define CARE_MAX_PARAGRAPH_LINES 100000
/** Photos: most pixels (stored width x height) and file bytes of one. */
#define CARE_MAX_IMAGE_PIXELS ((size_t)50000000)
#define CARE_MAX_IMAGE_BYTES ((size_t)32 << 20)
/* The most care_engine_set_limits accepts for the other limits. */
#define CARE_CEILING_IMAGE_PIXELS ((size_t)1 << 31)
#define CARE_CEILING_IMAGE_BYTES ((size_t)1 << 30)
#define CARE_CEILING_INPUT_BYTES ((size_t)1 << 30)
#define CARE_CEILING_PAGES 1000000
#define CARE_CEILING_PARAGRAPH_LINES 10000000

#endif
