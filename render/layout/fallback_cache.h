/* Font fallback decisions kept per cluster text (fallback_cache.c). Not installed. */
#ifndef CARE_FALLBACK_CACHE_H
#define CARE_FALLBACK_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Which face a cluster's code point sequence (base plus marks) falls back to,
 * misses (CARE_NO_FACE) included, per variant (bold, text presentation). One
 * per loaded font set, so a decision never outlives the faces it names; not
 * thread-safe.
 */
typedef struct care_fallback_cache care_fallback_cache;

/** Longest sequence kept (code points); longer clusters are looked up each time. */
#define CARE_FALLBACK_CACHE_MAX_CPS 32

/** A new, empty cache; NULL when out of memory. */
care_fallback_cache *care_fallback_cache_new(void);
/** Free the cache; NULL is ignored. */
void care_fallback_cache_free(care_fallback_cache *c);

/** The face stored for cps[0..n) and `variant` into *face; false when not cached. */
bool care_fallback_cache_get(const care_fallback_cache *c, const uint32_t *cps, size_t n,
                             uint8_t variant, uint16_t *face);

/** Store the decision for cps[0..n). Past 65,536 sequences the cache starts
 *  afresh (memory stays bounded whatever the input); out of memory only
 *  means the decision is not kept. */
void care_fallback_cache_put(care_fallback_cache *c, const uint32_t *cps, size_t n,
                             uint8_t variant, uint16_t face);

#endif
