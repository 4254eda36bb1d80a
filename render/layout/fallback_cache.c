/* Font fallback decisions per cluster text: an open-addressing table of
 * (hash, sequence, variant) -> face; the sequences live in one array. */
#include "layout/fallback_cache.h"

#include "common/util.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ENTRIES (1u << 16)

typedef struct entry {
    uint32_t hash;  /* 0 = empty slot */
    uint32_t at;    /* first code point in cps */
    uint8_t n, variant;
    uint16_t face;
} entry;

struct care_fallback_cache {
    entry *slots;
    size_t cap, used; /* cap: a power of two, at least twice `used` */
    uint32_t *cps;
    size_t cps_len, cps_cap;
};

/* FNV-1a over the code points and the variant; never 0. */
static uint32_t hash_of(const uint32_t *cps, size_t n, uint8_t variant)
{
    uint32_t h = 2166136261u ^ variant;
    for (size_t i = 0; i < n; i++)
        h = (h ^ cps[i]) * 16777619u;
    return h ? h : 1;
}

care_fallback_cache *care_fallback_cache_new(void)
{
    return care_calloc(1, sizeof(care_fallback_cache));
}

static void cache_reset(care_fallback_cache *c)
{
    free(c->slots);
    free(c->cps);
    memset(c, 0, sizeof *c);
}

void care_fallback_cache_free(care_fallback_cache *c)
{
    if (!c)
        return;
    cache_reset(c);
    free(c);
}

static entry *find_slot(const care_fallback_cache *c, const uint32_t *cps, size_t n,
                        uint8_t variant, uint32_t h)
{
    for (size_t i = h & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
        entry *e = &c->slots[i];
        if (e->hash == 0 || (e->hash == h && e->n == n && e->variant == variant &&
                             memcmp(c->cps + e->at, cps, n * sizeof *cps) == 0))
            return e;
    }
}

bool care_fallback_cache_get(const care_fallback_cache *c, const uint32_t *cps, size_t n,
                             uint8_t variant, uint16_t *face)
{
    if (c->cap == 0 || n == 0 || n > CARE_FALLBACK_CACHE_MAX_CPS)
        return false;
    const entry *e = find_slot(c, cps, n, variant, hash_of(cps, n, variant));
    if (e->hash == 0)
        return false;
    *face = e->face;
    return true;
}

/* Double the table (or make the first one); false when out of memory. */
static bool grow_slots(care_fallback_cache *c)
{
    size_t cap = c->cap ? c->cap * 2 : 256;
    entry *old = c->slots, *slots = care_calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    size_t old_cap = c->cap;
    c->slots = slots;
    c->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].hash != 0)
            *find_slot(c, c->cps + old[i].at, old[i].n, old[i].variant, old[i].hash) = old[i];
    free(old);
    return true;
}

static bool reserve_cps(care_fallback_cache *c, size_t n)
{
    if (c->cps_len + n <= c->cps_cap)
        return true;
    size_t cap = c->cps_cap ? c->cps_cap * 2 : 1024;
    uint32_t *cps = care_realloc_array(c->cps, cap, sizeof *cps);
    if (!cps)
        return false;
    c->cps = cps;
    c->cps_cap = cap;
    return true;
}

void care_fallback_cache_put(care_fallback_cache *c, const uint32_t *cps, size_t n,
                             uint8_t variant, uint16_t face)
{
    if (n == 0 || n > CARE_FALLBACK_CACHE_MAX_CPS)
        return;
    if (c->used >= MAX_ENTRIES)
        cache_reset(c);
    if ((c->used + 1) * 2 > c->cap && !grow_slots(c))
        return;
    uint32_t h = hash_of(cps, n, variant);
    entry *e = find_slot(c, cps, n, variant, h);
    if (e->hash != 0) {
        e->face = face;
        return;
    }
    if (!reserve_cps(c, n))
        return;
    memcpy(c->cps + c->cps_len, cps, n * sizeof *cps);
    *e = (entry){h, (uint32_t)c->cps_len, (uint8_t)n, variant, face};
    c->cps_len += n;
    c->used++;
}
