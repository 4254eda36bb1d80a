/* Shaping results kept for runs shaped again: the same words and numbers in
 * an article, page furniture, and the whole text when a document is laid out
 * again at another size or width (presets, a kiosk's zoom). See
 * shape_cache.h. */
#include "layout/shape_cache.h"

#include <stdlib.h>
#include <string.h>

/* Bytes of entries an engine keeps; past this the cache starts afresh. */
#define SHAPE_CACHE_BUDGET ((size_t)2 << 20)

typedef struct entry {
    uint64_t hash;
    uint16_t face;
    bool rtl;
    hb_script_t script;
    hb_language_t language;
    hb_tag_t feature;
    unsigned flags;
    size_t before_len, text_len, after_len, count;
    care_shaped_glyph *glyphs; /* inside this allocation, after the struct */
    char bytes[];              /* before, text, after */
} entry;

struct care_shape_cache {
    entry **slots; /* open addressing, power-of-two size */
    size_t cap, used, bytes;
};

care_shape_cache *care_shape_cache_new(void)
{
    return calloc(1, sizeof(care_shape_cache));
}

void care_shape_cache_clear(care_shape_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->cap; i++)
        free(c->slots[i]);
    free(c->slots);
    c->slots = NULL;
    c->cap = c->used = c->bytes = 0;
}

void care_shape_cache_free(care_shape_cache *c)
{
    care_shape_cache_clear(c);
    free(c);
}

static uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

static uint64_t key_hash(const care_shape_key *k)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    uint64_t fields[] = {k->face, k->rtl, (uint64_t)k->script, (uint64_t)(uintptr_t)k->language,
                         k->feature, k->flags, k->before_len, k->text_len, k->after_len};
    h = fnv1a(h, fields, sizeof fields);
    h = fnv1a(h, k->before, k->before_len);
    h = fnv1a(h, k->text, k->text_len);
    return fnv1a(h, k->after, k->after_len);
}

static bool entry_is(const entry *e, uint64_t hash, const care_shape_key *k)
{
    return e->hash == hash && e->face == k->face && e->rtl == k->rtl && e->script == k->script &&
           e->language == k->language && e->feature == k->feature && e->flags == k->flags &&
           e->before_len == k->before_len && e->text_len == k->text_len &&
           e->after_len == k->after_len && memcmp(e->bytes, k->before, k->before_len) == 0 &&
           memcmp(e->bytes + k->before_len, k->text, k->text_len) == 0 &&
           memcmp(e->bytes + k->before_len + k->text_len, k->after, k->after_len) == 0;
}

/* The slot holding key k, or the empty slot where it would go. */
static entry **find(const care_shape_cache *c, uint64_t hash, const care_shape_key *k)
{
    for (size_t i = hash & (c->cap - 1);; i = (i + 1) & (c->cap - 1))
        if (!c->slots[i] || entry_is(c->slots[i], hash, k))
            return &c->slots[i];
}

const care_shaped_glyph *care_shape_cache_get(const care_shape_cache *c, const care_shape_key *k,
                                              size_t *count)
{
    if (!c || c->cap == 0)
        return NULL;
    entry *e = *find(c, key_hash(k), k);
    if (!e)
        return NULL;
    *count = e->count;
    return e->glyphs;
}

static bool grow(care_shape_cache *c)
{
    size_t cap = c->cap ? 2 * c->cap : 256;
    entry **slots = calloc(cap, sizeof *slots), **old = c->slots;
    if (!slots)
        return false;
    size_t old_cap = c->cap;
    c->slots = slots;
    c->cap = cap;
    for (size_t i = 0; i < old_cap; i++) {
        if (!old[i])
            continue;
        size_t j = old[i]->hash & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = old[i];
    }
    free(old);
    return true;
}

void care_shape_cache_put(care_shape_cache *c, const care_shape_key *k,
                          const care_shaped_glyph *glyphs, size_t count)
{
    size_t text = k->before_len + k->text_len + k->after_len;
    if (!c || k->text_len > CARE_SHAPE_CACHE_MAX_RUN || count > CARE_SHAPE_CACHE_MAX_RUN * 4)
        return;
    size_t offset = (sizeof(entry) + text + _Alignof(care_shaped_glyph) - 1) /
                    _Alignof(care_shaped_glyph) * _Alignof(care_shaped_glyph);
    size_t size = offset + count * sizeof *glyphs;
    if (c->bytes + size > SHAPE_CACHE_BUDGET)
        care_shape_cache_clear(c);
    if ((c->used + 1) * 2 > c->cap && !grow(c))
        return;
    uint64_t hash = key_hash(k);
    entry **slot = find(c, hash, k);
    if (*slot)
        return; /* already there */
    entry *e = malloc(size);
    if (!e)
        return;
    *e = (entry){hash,         k->face,        k->rtl,         k->script,
                 k->language,  k->feature,     k->flags,       k->before_len,
                 k->text_len,  k->after_len,   count,          (care_shaped_glyph *)((char *)e + offset)};
    memcpy(e->bytes, k->before, k->before_len);
    memcpy(e->bytes + k->before_len, k->text, k->text_len);
    memcpy(e->bytes + k->before_len + k->text_len, k->after, k->after_len);
    if (count)
        memcpy(e->glyphs, glyphs, count * sizeof *glyphs);
    *slot = e;
    c->used++;
    c->bytes += size;
}
