/* Shaping results kept for runs shaped again (shape_cache.c). Not installed. */
#ifndef CARE_SHAPE_CACHE_H
#define CARE_SHAPE_CACHE_H

#include "common/util.h"

#include <hb.h>

/** One shaped glyph in font units, its cluster as a byte offset from the run's start. */
typedef struct care_shaped_glyph {
    uint32_t id, cluster;
    int32_t x_advance, x_offset, y_offset;
} care_shaped_glyph;

/**
 * What decides HarfBuzz's output for a run: the face, script, direction,
 * language, width feature, the paragraph-edge flags, the run's text and the
 * text around it that HarfBuzz reads as context (up to 5 code points each
 * side: HB_BUFFER_CONTEXT_LENGTH in HarfBuzz). Positions are in font units, so the same
 * run at another size reuses them.
 */
typedef struct care_shape_key {
    uint16_t face;
    bool rtl;
    hb_script_t script;
    hb_language_t language;
    hb_tag_t feature; /* 0 for none */
    unsigned flags;   /* hb_buffer_flags_t */
    const char *before, *text, *after;
    size_t before_len, text_len, after_len;
} care_shape_key;

/** The cache: one per engine, emptied when the fonts change; not thread-safe. */
typedef struct care_shape_cache care_shape_cache;

/** A new, empty cache; NULL when out of memory. */
care_shape_cache *care_shape_cache_new(void);
/** Drop every entry (after a font swap: the face ids are reused). */
void care_shape_cache_clear(care_shape_cache *c);
/** Free the cache; NULL is ignored. */
void care_shape_cache_free(care_shape_cache *c);

/** The glyphs stored for key k, *count set; NULL when not cached. Valid until
 *  the next care_shape_cache_put or clear. */
const care_shaped_glyph *care_shape_cache_get(const care_shape_cache *c, const care_shape_key *k,
                                              size_t *count);

/** Store a copy of glyphs[0..count) for key k. Runs longer than
 *  CARE_SHAPE_CACHE_MAX_RUN bytes are not kept; past its memory budget the
 *  cache starts afresh. Out of memory only means the run is not kept. */
void care_shape_cache_put(care_shape_cache *c, const care_shape_key *k,
                          const care_shaped_glyph *glyphs, size_t count);

/** Longest run (bytes of text) the cache keeps. */
#define CARE_SHAPE_CACHE_MAX_RUN 4096

#endif
