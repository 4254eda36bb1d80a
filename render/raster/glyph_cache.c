/* The glyph cache: FreeType coverage masks keyed by face, glyph, size and
 * subpixel offset, rendered on demand or ahead of time on several threads
 * (care_glyph_cache_prefill). See raster.h. */
#include "raster/raster.h"

#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include FT_OUTLINE_H

#define SUBPIXEL_STEPS 4 /* glyph origins are kept to a quarter pixel */
#define SYNTHETIC_BOLD_PERCENT 3 /* stroke growth of synthetic bold, % of the pixel size */

typedef struct cached_glyph {
    uint16_t face;
    uint8_t subpixel;
    bool used;
    bool pending; /* claimed (care_glyph_cache_prefill) but not rendered: a miss */
    uint32_t id;
    int32_t size26; /* 26.6 pixel size */
    int left, top, width, height; /* bitmap placement: left/top from the origin, y up */
    uint8_t *coverage;            /* width * height bytes, 0 = none */
    uint8_t *color;               /* colour glyphs: premultiplied RGBA, else NULL */
} cached_glyph;

struct care_glyph_cache {
    cached_glyph *slots;
    size_t cap, used;
    size_t bytes; /* coverage and colour bytes held; over the budget the cache starts afresh */
};

/* Bytes of glyph masks an engine keeps: a batch of thousands of articles
 * would otherwise grow the cache with every new character, size and subpixel
 * offset. Emptied at the next miss past this; output is unchanged. */
#define CARE_GLYPH_CACHE_BUDGET ((size_t)8 << 20)

care_status care_glyph_cache_new(care_glyph_cache **out, care_error *err)
{
    *out = care_calloc(1, sizeof **out);
    if (!*out)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for the glyph cache");
    return CARE_OK;
}

void care_glyph_cache_clear(care_glyph_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->cap; i++) {
        free(c->slots[i].coverage);
        free(c->slots[i].color);
    }
    free(c->slots);
    c->slots = NULL;
    c->cap = c->used = c->bytes = 0;
}

void care_glyph_cache_free(care_glyph_cache *c)
{
    care_glyph_cache_clear(c);
    free(c);
}

typedef struct glyph_key {
    uint16_t face;
    uint32_t id;
    int32_t size26;
    uint8_t sub; /* subpixel offset, 0 .. SUBPIXEL_STEPS - 1 */
} glyph_key;

static size_t glyph_hash(glyph_key k)
{
    uint64_t h = ((uint64_t)k.face << 48) ^ ((uint64_t)k.id << 16) ^ ((uint64_t)k.size26 << 2) ^ k.sub;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return (size_t)h;
}

static cached_glyph *cache_find(care_glyph_cache *c, glyph_key k)
{
    for (size_t i = glyph_hash(k) & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
        cached_glyph *g = &c->slots[i];
        if (!g->used ||
            (g->face == k.face && g->id == k.id && g->size26 == k.size26 && g->subpixel == k.sub))
            return g;
    }
}

static care_status cache_grow(care_glyph_cache *c, care_error *err)
{
    size_t cap = c->cap ? c->cap * 2 : 1024;
    cached_glyph *old = c->slots;
    size_t old_cap = c->cap;
    c->slots = care_calloc(cap, sizeof *c->slots);
    if (!c->slots) {
        c->slots = old;
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory growing the glyph cache");
    }
    c->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].used)
            *cache_find(c, (glyph_key){old[i].face, old[i].id, old[i].size26, old[i].subpixel}) =
                old[i];
    free(old);
    return CARE_OK;
}

/* The bitmap strike to scale colour glyphs from: the smallest at least as
 * large as the target, else the largest. */
static int choose_strike(FT_Face ft, int32_t size26)
{
    int best = 0;
    for (int i = 1; i < ft->num_fixed_sizes; i++) {
        FT_Pos have = ft->available_sizes[best].y_ppem, cand = ft->available_sizes[i].y_ppem;
        bool better = have < size26 ? cand > have : (cand >= size26 && cand < have);
        best = better ? i : best;
    }
    return best;
}

/* Area-average one destination pixel of a premultiplied BGRA bitmap scaled by s. */
static void resample_pixel(const FT_Bitmap *bm, double s, int dx, int dy, uint8_t *rgba)
{
    double x0 = dx / s, x1 = (dx + 1) / s, y0 = dy / s, y1 = (dy + 1) / s, acc[4] = {0}, area = 0;
    for (int y = (int)y0; y < (int)ceil(y1) && y < (int)bm->rows; y++) {
        double wy = fmin(y + 1, y1) - fmax(y, y0);
        for (int x = (int)x0; x < (int)ceil(x1) && x < (int)bm->width; x++) {
            double w = wy * (fmin(x + 1, x1) - fmax(x, x0));
            const uint8_t *p = bm->buffer + (ptrdiff_t)y * bm->pitch + 4 * x; /* B G R A */
            acc[0] += w * p[2], acc[1] += w * p[1], acc[2] += w * p[0], acc[3] += w * p[3];
            area += w;
        }
    }
    for (int k = 0; k < 4; k++)
        rgba[k] = (uint8_t)(area > 0 ? lround(fmin(255, acc[k] / area)) : 0);
}

/* A colour bitmap glyph (CBDT emoji) from its strike, scaled to the size asked for. */
static care_status render_color_glyph(const care_face *f, cached_glyph *g, care_error *err)
{
    FT_Face ft = f->ft;
    int strike = choose_strike(ft, g->size26);
    if (FT_Select_Size(ft, strike) || FT_Load_Glyph(ft, g->id, FT_LOAD_COLOR) ||
        ft->glyph->bitmap.pixel_mode != FT_PIXEL_MODE_BGRA)
        return CARE_OK; /* nothing drawable: no ink */
    const FT_Bitmap *bm = &ft->glyph->bitmap;
    double s = g->size26 / (double)ft->available_sizes[strike].y_ppem;
    g->left = (int)lround(ft->glyph->bitmap_left * s);
    g->top = (int)lround(ft->glyph->bitmap_top * s);
    g->width = (int)ceil(bm->width * s);
    g->height = (int)ceil(bm->rows * s);
    if (g->width <= 0 || g->height <= 0)
        return CARE_OK;
    g->color = care_calloc((size_t)g->width * (size_t)g->height, 4);
    g->coverage = care_calloc((size_t)g->width, (size_t)g->height);
    if (!g->color || !g->coverage)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for a %dx%d emoji", g->width,
                         g->height);
    for (int y = 0; y < g->height; y++) {
        for (int x = 0; x < g->width; x++) {
            uint8_t *px = g->color + 4 * ((size_t)y * (size_t)g->width + (size_t)x);
            resample_pixel(bm, s, x, y, px);
            g->coverage[(size_t)y * (size_t)g->width + (size_t)x] = px[3];
        }
    }
    return CARE_OK;
}

/* Render the outline of g at its size and subpixel offset with FreeType
 * (unhinted, 8-bit anti-aliased) into g, emboldened by `strength` (26.6 px
 * horizontally, half of it vertically) when it is not 0. */
static care_status render_outline(const care_face *f, cached_glyph *g, FT_Pos strength,
                                  care_error *err)
{
    FT_Face ft = f->ft;
    if (!FT_IS_SCALABLE(ft))
        return CARE_OK; /* a bitmap-only font without colour (a fallback): no ink, not a failure */
    if (FT_Set_Char_Size(ft, 0, g->size26, 72, 72))
        return care_fail(err, CARE_ERR_FONT, "font %s: size %.2f px refused", f->path,
                         g->size26 / 64.0);
    FT_Vector delta = {g->subpixel * 64 / SUBPIXEL_STEPS, 0};
    FT_Set_Transform(ft, NULL, &delta);
    FT_Error e = FT_Load_Glyph(ft, g->id, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP);
    if (!e && strength && ft->glyph->format == FT_GLYPH_FORMAT_OUTLINE)
        FT_Outline_EmboldenXY(&ft->glyph->outline, strength, strength / 2);
    if (!e)
        e = FT_Render_Glyph(ft->glyph, FT_RENDER_MODE_NORMAL);
    FT_Set_Transform(ft, NULL, NULL);
    if (e) /* a glyph without an outline (bitmap-only fonts): no ink */
        return CARE_OK;
    FT_Bitmap *bm = &ft->glyph->bitmap;
    g->left = ft->glyph->bitmap_left;
    g->top = ft->glyph->bitmap_top;
    g->width = (int)bm->width;
    g->height = (int)bm->rows;
    if (g->width == 0 || g->height == 0 || bm->pixel_mode != FT_PIXEL_MODE_GRAY)
        return CARE_OK;
    g->coverage = care_calloc((size_t)g->width, (size_t)g->height);
    if (!g->coverage)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for a %dx%d glyph", g->width,
                         g->height);
    for (int y = 0; y < g->height; y++)
        memcpy(g->coverage + (size_t)y * (size_t)g->width, bm->buffer + (ptrdiff_t)y * bm->pitch,
               (size_t)g->width);
    return CARE_OK;
}

/* Synthetic bold that keeps counters open: strokes grow by 3 % of the size
 * (half that vertically); where that closes a counter or splits one (the
 * glyph's hole count at this size differs from the regular rendering), the
 * growth is halved, down to none. */
static care_status render_synthetic_bold(const care_face *f, cached_glyph *g, care_error *err)
{
    care_status st = render_outline(f, g, 0, err);
    if (st != CARE_OK || !g->coverage)
        return st;
    int holes = care_count_holes(g->coverage, g->width, g->height);
    for (FT_Pos strength = g->size26 * SYNTHETIC_BOLD_PERCENT / 100; strength >= 8; strength /= 2) {
        cached_glyph bold = *g;
        bold.coverage = NULL;
        st = render_outline(f, &bold, strength, err);
        if (st != CARE_OK)
            return st;
        if (bold.coverage && holes >= 0 &&
            care_count_holes(bold.coverage, bold.width, bold.height) == holes) {
            free(g->coverage);
            *g = bold;
            return CARE_OK;
        }
        free(bold.coverage);
    }
    return CARE_OK; /* the regular rendering: no growth keeps the counters */
}

bool care_face_draws_color(const care_face *f)
{
    return f && !FT_IS_SCALABLE(f->ft) && FT_HAS_COLOR(f->ft);
}

static care_status render_glyph(const care_face *f, cached_glyph *g, care_error *err)
{
    if (care_face_draws_color(f))
        return render_color_glyph(f, g, err);
    return f->synthetic_bold ? render_synthetic_bold(f, g, err) : render_outline(f, g, 0, err);
}

/* Cache key of a glyph drawn at x, and the whole pixel its mask is placed at. */
static glyph_key key_of(uint16_t face, uint32_t id, float size, float x, int *origin_x)
{
    long q = lroundf(x * SUBPIXEL_STEPS);
    long whole = q >= 0 ? q / SUBPIXEL_STEPS : -((-q + SUBPIXEL_STEPS - 1) / SUBPIXEL_STEPS);
    *origin_x = (int)whole;
    return (glyph_key){face, id, (int32_t)lroundf(size * 64), (uint8_t)(q - whole * SUBPIXEL_STEPS)};
}

/* Claim the slot of key k, pending: growing the table first when needed. */
static care_status claim(care_glyph_cache *c, glyph_key k, cached_glyph **out, care_error *err)
{
    if ((c->used + 1) * 2 > c->cap) {
        care_status st = cache_grow(c, err);
        if (st != CARE_OK)
            return st;
    }
    cached_glyph *g = cache_find(c, k);
    *g = (cached_glyph){.face = k.face, .subpixel = k.sub, .used = true, .pending = true,
                        .id = k.id, .size26 = k.size26};
    c->used++;
    *out = g;
    return CARE_OK;
}

static size_t glyph_bytes(const cached_glyph *g)
{
    return (size_t)g->width * (size_t)g->height * (g->color ? 5 : 1) + sizeof *g;
}

/* Render pending slot g with face f (the engine's, or a thread's own face on
 * the same bytes). On failure g stays pending and holds no buffers. */
static care_status fill(cached_glyph *g, const care_face *f, care_error *err)
{
    care_status st = render_glyph(f, g, err);
    if (st != CARE_OK) {
        free(g->coverage);
        free(g->color);
        g->coverage = g->color = NULL;
        return st;
    }
    g->pending = false;
    return CARE_OK;
}

care_status care_glyph_cache_get(care_glyph_cache *c, const care_fontset *fs, uint16_t face,
                                 uint32_t id, float size, float x, care_glyph_mask *out,
                                 int *origin_x, care_error *err)
{
    glyph_key k = key_of(face, id, size, x, origin_x);
    cached_glyph *g = c->cap ? cache_find(c, k) : NULL;
    if (!g || !g->used || g->pending) {
        if (c->bytes > CARE_GLYPH_CACHE_BUDGET) {
            care_glyph_cache_clear(c);
            g = NULL;
        }
        care_status st = g && g->used ? CARE_OK : claim(c, k, &g, err);
        const care_face *f = care_fontset_face(fs, face);
        if (st == CARE_OK)
            st = f ? fill(g, f, err) : care_fail(err, CARE_ERR_FONT, "no font face %u", (unsigned)face);
        if (st != CARE_OK)
            return st;
        c->bytes += glyph_bytes(g);
    }
    *out = (care_glyph_mask){g->left, g->top, g->width, g->height, g->coverage, g->color};
    return CARE_OK;
}

/* ---------- rendering ahead on several threads ---------- */

/* Below this many glyphs a thread costs more than it saves (opening a face
 * costs about 0.5 ms, rendering a 54 px CJK glyph about 18 us). */
#define PREFILL_MIN_PER_THREAD 48
#define PREFILL_MAX_THREADS 64

/* Claim a pending slot for every glyph of `count` glyphs of line `line` the
 * cache lacks, while the estimated bytes stay under the budget (a colour
 * glyph holds 5 bytes a pixel). False when the budget or memory ran out. */
static bool claim_line_glyphs(care_glyph_cache *c, const care_fontset *fs, const care_layout *L,
                              const care_line *line, size_t first, size_t count, size_t *estimate)
{
    size_t px = (size_t)lroundf(line->font_size) + 1, per_glyph = px * px + sizeof(cached_glyph);
    for (size_t i = first; i < first + count; i++) {
        const care_placed_glyph *pg = &L->glyphs[i];
        int ox;
        glyph_key k = key_of(pg->face, pg->id, line->font_size, pg->x, &ox);
        cached_glyph *g = c->cap ? cache_find(c, k) : NULL;
        if (g && g->used)
            continue;
        size_t bytes = care_face_draws_color(care_fontset_face(fs, pg->face)) ? 5 * per_glyph
                                                                              : per_glyph;
        care_error ignored;
        if (*estimate + bytes > CARE_GLYPH_CACHE_BUDGET || claim(c, k, &g, &ignored) != CARE_OK)
            return false;
        *estimate += bytes;
    }
    return true;
}

typedef struct prefill_thread {
    pthread_t thread;
    const care_fontset *fs;
    cached_glyph **slots; /* every pending slot; this thread renders first, first + step, ... */
    size_t count, first, step;
    FT_Library lib;       /* NULL on the calling thread: it uses the engine's faces */
    FT_Face *faces;       /* this thread's faces by face id, opened on first use */
    size_t face_count;
} prefill_thread;

/* The face to render face id `id` with on this thread, NULL when it cannot be opened. */
static const care_face *thread_face(prefill_thread *t, uint16_t id, care_face *local)
{
    const care_face *f = care_fontset_face(t->fs, id);
    if (!f || !t->lib)
        return f;
    if (id >= t->face_count)
        return NULL;
    if (!t->faces[id]) {
        unsigned size = 0;
        const char *data = hb_blob_get_data(f->blob, &size);
        if (!data || FT_New_Memory_Face(t->lib, (const FT_Byte *)data, (FT_Long)size, f->index,
                                        &t->faces[id]))
            return NULL;
    }
    *local = *f;
    local->ft = t->faces[id];
    return local;
}

static void *prefill_run(void *arg)
{
    prefill_thread *t = arg;
    for (size_t i = t->first; i < t->count; i += t->step) {
        care_face local;
        const care_face *f = thread_face(t, t->slots[i]->face, &local);
        care_error ignored; /* a failure leaves the slot pending: get renders it and reports */
        if (f)
            fill(t->slots[i], f, &ignored);
    }
    return NULL;
}

static void prefill_thread_done(prefill_thread *t)
{
    for (size_t i = 0; t->faces && i < t->face_count; i++)
        if (t->faces[i])
            FT_Done_Face(t->faces[i]);
    free(t->faces);
    if (t->lib)
        FT_Done_FreeType(t->lib);
}

/* Render slots[0..count) on `n` threads, the calling thread one of them. */
static void render_in_parallel(const care_fontset *fs, cached_glyph **slots, size_t count, size_t n)
{
    prefill_thread t[PREFILL_MAX_THREADS];
    size_t started = 1;
    t[0] = (prefill_thread){.fs = fs, .slots = slots, .count = count, .first = 0, .step = n};
    for (size_t i = 1; i < n; i++) {
        t[i] = (prefill_thread){.fs = fs, .slots = slots, .count = count, .first = i, .step = n,
                                .face_count = care_fontset_count(fs)};
        t[i].faces = calloc(t[i].face_count, sizeof *t[i].faces);
        if (!t[i].faces || FT_Init_FreeType(&t[i].lib) ||
            pthread_create(&t[i].thread, NULL, prefill_run, &t[i]) != 0) {
            prefill_thread_done(&t[i]); /* its share stays pending: rendered on demand */
            break;
        }
        started++;
    }
    prefill_run(&t[0]);
    for (size_t i = 1; i < started; i++) {
        pthread_join(t[i].thread, NULL);
        prefill_thread_done(&t[i]);
    }
}

/* Move a mask rendered on another thread into memory of this one: glibc gives
 * each thread its own arena, and masks kept there for the life of the cache
 * would spread the engine's memory over one arena per thread ever started. */
static void adopt(cached_glyph *g)
{
    size_t n = (size_t)g->width * (size_t)g->height;
    uint8_t *coverage = g->coverage ? malloc(n) : NULL, *color = g->color ? malloc(4 * n) : NULL;
    if ((g->coverage && !coverage) || (g->color && !color)) { /* keep the thread's copy */
        free(coverage);
        free(color);
        return;
    }
    if (coverage)
        memcpy(coverage, g->coverage, n);
    if (color)
        memcpy(color, g->color, 4 * n);
    free(g->coverage);
    free(g->color);
    g->coverage = coverage;
    g->color = color;
}

/* The pending slots, in table order. NULL when there are none or no memory. */
static cached_glyph **pending_slots(care_glyph_cache *c, size_t *count)
{
    *count = 0;
    for (size_t i = 0; i < c->cap; i++)
        *count += c->slots[i].used && c->slots[i].pending;
    cached_glyph **slots = *count ? malloc(*count * sizeof *slots) : NULL;
    size_t k = 0;
    for (size_t i = 0; slots && i < c->cap; i++)
        if (c->slots[i].used && c->slots[i].pending)
            slots[k++] = &c->slots[i];
    return slots;
}

void care_glyph_cache_prefill(care_glyph_cache *c, const care_fontset *fs, const care_layout *L,
                              size_t first_page, size_t page_count, int threads)
{
    if (c->bytes > CARE_GLYPH_CACHE_BUDGET)
        care_glyph_cache_clear(c);
    size_t estimate = c->bytes;
    bool room = true;
    for (size_t p = first_page; room && p < first_page + page_count && p < L->page_count; p++) {
        const care_page *pg = &L->pages[p];
        for (size_t i = pg->line_start; room && i < pg->line_start + pg->line_count; i++) {
            const care_line *line = &L->lines[i];
            room = claim_line_glyphs(c, fs, L, line, line->glyph_start, line->glyph_count,
                                     &estimate) &&
                   claim_line_glyphs(c, fs, L, line, line->deco_start, line->deco_count, &estimate);
        }
    }
    size_t pending = 0;
    cached_glyph **slots = pending_slots(c, &pending);
    size_t n = threads < 1 ? 1 : threads > PREFILL_MAX_THREADS ? PREFILL_MAX_THREADS : (size_t)threads;
    n = pending / PREFILL_MIN_PER_THREAD < n ? pending / PREFILL_MIN_PER_THREAD : n;
    if (slots && n >= 2) { /* else the pending slots are rendered on demand */
        render_in_parallel(fs, slots, pending, n);
        for (size_t i = 0; i < pending; i++) {
            if (slots[i]->pending)
                continue;
            adopt(slots[i]);
            c->bytes += glyph_bytes(slots[i]);
        }
#ifdef __GLIBC__
        malloc_trim(0); /* give back what the threads' arenas now hold free (faces, copies) */
#endif
    }
    free(slots);
}
