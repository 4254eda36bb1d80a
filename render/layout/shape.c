#define _GNU_SOURCE /* memmem */
/* Shaping with HarfBuzz: one call per item (run of one face, script, level and width feature). */
#include "layout/paragraph.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uscript.h>

/* Glyphs of the whole paragraph in HarfBuzz order, before grouping by cluster. */
typedef struct glyph_list {
    care_glyph *items;
    size_t count, cap;
} glyph_list;

static bool same_item(const care_cluster *a, const care_cluster *b)
{
    const uint16_t width = CARE_CL_WIDTH_FWID | CARE_CL_WIDTH_PWID;
    return a->face == b->face && a->script == b->script && a->level == b->level &&
           (a->flags & width) == (b->flags & width);
}

static care_status glyphs_reserve(glyph_list *g, size_t more, care_error *err)
{
    if (g->count + more <= g->cap)
        return CARE_OK;
    size_t cap = g->cap ? g->cap : 64;
    while (cap < g->count + more)
        cap *= 2;
    care_glyph *items = care_realloc_array(g->items, cap, sizeof *items);
    if (!items)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for %zu glyphs", cap);
    g->items = items;
    g->cap = cap;
    return CARE_OK;
}

static hb_script_t hb_script_of(int32_t uscript)
{
    const char *tag = uscript_getShortName((UScriptCode)uscript);
    return tag ? hb_script_from_string(tag, -1) : HB_SCRIPT_COMMON;
}

/* Code points of context HarfBuzz keeps on each side of a run
 * (HB_BUFFER_CONTEXT_LENGTH in hb-buffer.hh, not public). */
#define HB_CONTEXT_CODE_POINTS 5

/* Byte offset `count` code points before / after byte offset `at` (UTF-8). */
static size_t code_points_back(const char *s, size_t at, int count)
{
    for (; count > 0 && at > 0; count--)
        while (--at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80)
            ;
    return at;
}

static size_t code_points_forward(const char *s, size_t len, size_t at, int count)
{
    for (; count > 0 && at < len; count--)
        while (++at < len && ((unsigned char)s[at] & 0xC0) == 0x80)
            ;
    return at;
}

/* What HarfBuzz's output for clusters [first, last) depends on (shape_cache.h). */
static care_shape_key item_key(const care_para *p, hb_language_t lang, size_t first, size_t last)
{
    const care_cluster *c = &p->clusters[first];
    size_t start = c->start, end = p->clusters[last - 1].end;
    size_t before = code_points_back(p->text, start, HB_CONTEXT_CODE_POINTS);
    size_t after = code_points_forward(p->text, p->len, end, HB_CONTEXT_CODE_POINTS);
    hb_tag_t feature = 0;
    if (c->flags & (CARE_CL_WIDTH_FWID | CARE_CL_WIDTH_PWID))
        feature = (c->flags & CARE_CL_WIDTH_FWID) ? HB_TAG('f', 'w', 'i', 'd')
                                                  : HB_TAG('p', 'w', 'i', 'd');
    return (care_shape_key){
        .face = c->face, .rtl = (c->level & 1) != 0, .script = hb_script_of(c->script),
        .language = lang, .feature = feature,
        .flags = (start == 0 ? HB_BUFFER_FLAG_BOT : 0) | (end == p->len ? HB_BUFFER_FLAG_EOT : 0),
        .before = p->text + before, .before_len = start - before,
        .text = p->text + start, .text_len = end - start,
        .after = p->text + end, .after_len = after - end};
}

/* Shape the item of key k with HarfBuzz into *shaped (font units, clusters
 * relative to the item's start); *n glyphs. */
static care_status harfbuzz_shape(const care_face *face, hb_buffer_t *buf, const care_para *p,
                                  const care_shape_key *k, care_shaped_glyph **shaped, size_t *n,
                                  care_error *err)
{
    size_t start = (size_t)(k->text - p->text);
    hb_buffer_clear_contents(buf);
    hb_buffer_add_utf8(buf, p->text, (int)p->len, (unsigned)start, (int)k->text_len);
    hb_buffer_set_direction(buf, k->rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, k->script);
    hb_buffer_set_language(buf, k->language);
    hb_buffer_set_flags(buf, (hb_buffer_flags_t)k->flags);
    hb_feature_t feature = {k->feature, 1, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END};
    hb_shape(face->hb, buf, &feature, k->feature ? 1 : 0);
    unsigned count = 0;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &count);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    *shaped = care_calloc(count ? count : 1, sizeof **shaped);
    if (!*shaped)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for %u glyphs", count);
    for (unsigned i = 0; i < count; i++)
        (*shaped)[i] = (care_shaped_glyph){info[i].codepoint, (uint32_t)(info[i].cluster - start),
                                           pos[i].x_advance, pos[i].x_offset, pos[i].y_offset};
    *n = count;
    return CARE_OK;
}

/* Shape clusters [first, last) as one item (from the cache when the same run
 * in the same context was shaped before) and append the glyphs. */
static care_status shape_item(care_fontset *fs, care_shape_cache *cache, hb_buffer_t *buf,
                              hb_language_t lang, care_para *p, size_t first, size_t last,
                              glyph_list *out, care_error *err)
{
    const care_face *face = care_fontset_face(fs, p->clusters[first].face);
    care_shape_key k = item_key(p, lang, first, last);
    size_t n = 0;
    care_shaped_glyph *fresh = NULL;
    const care_shaped_glyph *shaped = care_shape_cache_get(cache, &k, &n);
    if (!shaped) {
        care_status st = harfbuzz_shape(face, buf, p, &k, &fresh, &n, err);
        if (st != CARE_OK)
            return st;
        care_shape_cache_put(cache, &k, fresh, n);
        shaped = fresh;
    }
    care_status st = glyphs_reserve(out, n, err);
    float scale = p->font_size / face->metrics.upem;
    size_t start = (size_t)(k.text - p->text);
    for (size_t i = 0; i < n && st == CARE_OK; i++)
        out->items[out->count++] = (care_glyph){.id = shaped[i].id,
                                                .cluster = start + shaped[i].cluster,
                                                .x_advance = (float)shaped[i].x_advance * scale,
                                                .x_offset = (float)shaped[i].x_offset * scale,
                                                .y_offset = (float)shaped[i].y_offset * scale};
    free(fresh);
    return st;
}

/* Index of the cluster containing byte offset `byte` (clusters sorted by start). */
static size_t cluster_at(const care_cluster *c, size_t n, size_t byte)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (c[mid].start <= byte)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Graphemes without a glyph of their own were joined to the previous one by a
 * ligature (HarfBuzz merged their clusters): merge them into one cluster. */
static care_status merge_ligated(care_para *p, const glyph_list *g, care_error *err)
{
    bool *has = care_calloc(p->cluster_count, sizeof *has);
    if (!has)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory merging %zu clusters",
                         p->cluster_count);
    for (size_t i = 0; i < g->count; i++)
        has[cluster_at(p->clusters, p->cluster_count, g->items[i].cluster)] = true;
    size_t out = 0;
    for (size_t i = 0; i < p->cluster_count; i++) {
        if (out > 0 && !has[i] && same_item(&p->clusters[out - 1], &p->clusters[i])) {
            p->clusters[out - 1].end = p->clusters[i].end;
            p->clusters[out - 1].last_cp = p->clusters[i].last_cp;
        } else {
            p->clusters[out++] = p->clusters[i];
        }
    }
    p->cluster_count = out;
    free(has);
    return CARE_OK;
}

/* Order glyphs by cluster (a counting sort, stable: a cluster keeps
 * HarfBuzz's visual order) and give each cluster its glyph range and advance. */
static care_status group_glyphs(care_para *p, const glyph_list *g, care_error *err)
{
    size_t *cursor = care_calloc(p->cluster_count + 1, sizeof *cursor);
    p->glyphs = care_calloc(g->count ? g->count : 1, sizeof *p->glyphs);
    if (!cursor || !p->glyphs) {
        free(cursor);
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for %zu glyphs", g->count);
    }
    for (size_t i = 0; i < g->count; i++)
        cursor[cluster_at(p->clusters, p->cluster_count, g->items[i].cluster) + 1]++;
    for (size_t k = 0; k < p->cluster_count; k++) {
        cursor[k + 1] += cursor[k];
        p->clusters[k].glyph_start = cursor[k];
        p->clusters[k].glyph_count = cursor[k + 1] - cursor[k];
        p->clusters[k].advance = 0;
    }
    for (size_t i = 0; i < g->count; i++) {
        size_t k = cluster_at(p->clusters, p->cluster_count, g->items[i].cluster);
        p->glyphs[cursor[k]++] = g->items[i];
        p->clusters[k].advance += g->items[i].x_advance;
    }
    p->glyph_count = g->count;
    free(cursor);
    return CARE_OK;
}

/* The glyph drawn where a line breaks at a soft hyphen: '-' (else U+2010) of
 * the Latin face (CJK faces set U+2010 in a full-width box). */
void care_choose_hyphen(care_fontset *fs, care_para *p)
{
    uint16_t face = care_fontset_role(fs, CARE_ROLE_LATIN, false);
    const care_face *f = care_fontset_face(fs, face);
    hb_codepoint_t gid = 0;
    if (!hb_font_get_nominal_glyph(f->hb, '-', &gid))
        hb_font_get_nominal_glyph(f->hb, 0x2010, &gid);
    p->hyphen_glyph = gid;
    p->hyphen_face = face;
    p->hyphen_advance = (float)hb_font_get_glyph_h_advance(f->hb, gid) * p->font_size / f->metrics.upem;
}

care_status care_shape(care_fontset *fs, care_shape_cache *cache, const char *lang, care_para *p,
                       care_error *err)
{
    glyph_list g = {0};
    hb_buffer_t *buf = hb_buffer_create();
    if (!hb_buffer_allocation_successful(buf)) {
        hb_buffer_destroy(buf);
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory creating a HarfBuzz buffer");
    }
    hb_language_t language = hb_language_from_string(lang ? lang : "zh-Hans", -1);
    care_status st = CARE_OK;
    for (size_t first = 0; first < p->cluster_count && st == CARE_OK;) {
        size_t last = first + 1;
        while (last < p->cluster_count && same_item(&p->clusters[first], &p->clusters[last]))
            last++;
        st = shape_item(fs, cache, buf, language, p, first, last, &g, err);
        first = last;
    }
    hb_buffer_destroy(buf);
    if (st == CARE_OK && p->cluster_count)
        st = merge_ligated(p, &g, err);
    if (st == CARE_OK)
        st = group_glyphs(p, &g, err);
    free(g.items);
    if (st == CARE_OK && memmem(p->text, p->len, "\xC2\xAD", 2))
        care_choose_hyphen(fs, p);
    return st;
}
