/*
 * Photos in the layout. A figure block's photo is read (the first source
 * that can be: caller-given or data: bytes, else a local file; remote images
 * are never fetched), probed for its upright size, given a box — the text
 * width or less, at most figure_max_height of the text area high and room
 * for its caption on the same page, never over twice its own size, centred —
 * and decoded once, at exactly that box, for raster to copy. The photo is one
 * line of kind CARE_BLOCK_FIGURE; its caption (or alt text) follows as
 * caption lines that pagination keeps with it. Everything that can fail
 * (reading, probing, the headers, memory) happens here, so the page a photo
 * is on and whether it is shown never depend on timing; only a decoding
 * whose rest cannot fail (a baseline JPEG's scanlines) is finished on the
 * layout's photo thread (photo_thread.c).
 */
#include "input/figure.h"
#include "layout/blocks.h"
#include "layout/photo_thread.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Preset share of the text area's height a photo may take. */
#define DEFAULT_FIGURE_MAX_HEIGHT 0.6f
/* Most enlargement of a small photo. */
#define MAX_ENLARGEMENT 2.0f

static care_status add_problem(care_layout *L, const char *message, care_error *err)
{
    if (L->image_problem_count == L->image_problem_cap) {
        size_t cap = L->image_problem_cap ? L->image_problem_cap * 2 : 8;
        char **v = care_realloc_array(L->image_problems, cap, sizeof *v);
        if (!v)
            return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory listing photos");
        L->image_problems = v;
        L->image_problem_cap = cap;
    }
    char *copy = care_strndup(message, strlen(message));
    if (!copy)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory listing photos");
    L->image_problems[L->image_problem_count++] = copy;
    return CARE_OK;
}

/* The bytes of one source: borrowed from the document (data:, caller-given)
 * or read from its file (*owned). Failures go to *why. */
static care_status source_bytes(const care_layout *L, const care_image_ref *ref, const uint8_t **bytes,
                                size_t *len, uint8_t **owned, care_error *why)
{
    size_t max = L->limits.max_image_bytes;
    if (ref->remote)
        return care_fail(why, CARE_ERR_IO, "%s: remote (carepage never fetches from the network)", ref->src);
    if (ref->bytes) {
        if (ref->len > max)
            return care_fail(why, CARE_ERR_LIMIT, "%s: %zu bytes, over the limit of %zu bytes "
                             "(max_image_bytes)", ref->src, ref->len, max);
        *bytes = ref->bytes, *len = ref->len;
        return CARE_OK;
    }
    if (!ref->path)
        return care_fail(why, CARE_ERR_IO, "%s: no data", ref->src);
    care_status st = care_image_read_file(L->opts.image_dir, ref->path, max, owned, len, why);
    *bytes = *owned;
    return st;
}

/* The first source that can be read; on none, *why holds the first one's reason. */
static const care_image_ref *first_readable(const care_layout *L, const care_figure *fig,
                                            const uint8_t **bytes, size_t *len, uint8_t **owned,
                                            care_error *why)
{
    care_error first = {0}, other;
    for (size_t k = 0; k < fig->count; k++) {
        care_error *e = k == 0 ? &first : &other;
        if (source_bytes(L, &fig->refs[k], bytes, len, owned, e) == CARE_OK)
            return &fig->refs[k];
        if (first.status == CARE_ERR_IO && e->status == CARE_ERR_LIMIT)
            first = *e; /* a file that is there but too big says more than a missing one */
    }
    *why = first;
    return NULL;
}

/* The photo's box (w, h px) for an upright size, leaving room for `caption_h`. */
static void box_of(const care_layout *L, const care_image_info *info, float caption_h, int *w,
                   int *h)
{
    float share = L->opts.figure_max_height > 0 ? L->opts.figure_max_height
                                                : DEFAULT_FIGURE_MAX_HEIGHT;
    float area = (float)L->opts.height - L->opts.margin_top - L->opts.margin_bottom;
    float max_h = share * area;
    if (max_h > area - caption_h)
        max_h = area - caption_h; /* taller than the page with its caption: scaled to fit */
    float scale = fminf(fminf(L->text_width / (float)info->width, max_h / (float)info->height),
                        MAX_ENLARGEMENT);
    *w = (int)floorf((float)info->width * scale + 0.5f);
    *h = (int)floorf((float)info->height * scale + 0.5f);
    *w = *w < 1 ? 1 : *w;
    *h = *h < 1 ? 1 : *h;
}

static care_status push_figure(care_layout *L, long block, const char *src, care_image *img,
                               care_error *err)
{
    if (L->figure_count == L->figure_cap) {
        size_t cap = L->figure_cap ? L->figure_cap * 2 : 8;
        care_placed_figure *v = care_realloc_array(L->figures, cap, sizeof *v);
        if (!v) {
            care_image_free(img);
            return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for %zu photos", cap);
        }
        L->figures = v;
        L->figure_cap = cap;
    }
    L->figures[L->figure_count++] = (care_placed_figure){block, src, *img, -1};
    return CARE_OK;
}

/* Height of the caption lines [first, line_count) with the 1/4 em above them. */
static float caption_height(const care_layout *L, size_t first, float em)
{
    float height = first < L->line_count ? em / 4 : 0;
    for (size_t k = first; k < L->line_count; k++)
        height += L->lines[k].height + L->lines[k].space_before;
    return height;
}

/* The caption lines under the photo: 1/4 em below it, kept with it, one line centred. */
static void attach_caption(care_layout *L, size_t first, float em)
{
    for (size_t k = first; k < L->line_count; k++) {
        care_line *line = &L->lines[k];
        line->index_in_block++;
        line->block_lines++;
        line->keep_with_prev = true;
        if (k == first)
            line->space_before = em / 4;
    }
    if (L->line_count == first + 1) {
        care_line *line = &L->lines[first];
        care_line_shift(L, line, L->text_left + (L->text_width - line->width) / 2 - line->x);
    }
}

/* The figure line in front of the caption lines [first, line_count). */
static care_status insert_figure_line(care_layout *L, size_t first, const care_block_style *bs,
                                      care_error *err)
{
    care_status st = care_layout_reserve_lines(L, 1, err);
    if (st != CARE_OK)
        return st;
    memmove(&L->lines[first + 1], &L->lines[first], (L->line_count - first) * sizeof *L->lines);
    L->line_count++;
    const care_image *img = &L->figures[L->figure_count - 1].image;
    float x = floorf(L->text_left + (L->text_width - (float)img->width) / 2 + 0.5f);
    L->lines[first] = (care_line){.block = bs->block, .kind = CARE_BLOCK_FIGURE,
                                  .text = L->doc->blocks[bs->block].text, .x = x,
                                  .width = (float)img->width, .ascent = (float)img->height,
                                  .height = (float)img->height, .box_ascent = (float)img->height, .font_size = bs->font_size,
                                  .space_before = bs->space_before,
                                  .glyph_start = L->glyph_count, .run_start = L->run_count,
                                  .deco_start = L->glyph_count,
                                  .block_lines = L->line_count - first,
                                  .figure = L->figure_count - 1};
    return CARE_OK;
}

/* The block's text as caption lines (no photo). */
static care_status caption_lines(care_layout *L, const care_block *b, const care_block_style *bs,
                                 care_error *err)
{
    care_block_style cs = *bs;
    cs.kind = CARE_BLOCK_CAPTION;
    cs.first_indent = 0;
    cs.justify = false;
    return b->text_len ? care_layout_paragraph(L, b->text, b->text_len, b->spans, b->span_count,
                                               &cs, err)
                       : CARE_OK;
}

/* Probe, box and decode, or leave the rest of the decoding that cannot fail
 * to *rest; failures go to *why. */
static care_status decode_photo(care_layout *L, const uint8_t *bytes, size_t len, const char *src,
                                float caption_h, care_image *img, care_image_rest **rest,
                                care_error *why)
{
    care_image_limits lim = {L->limits.max_image_pixels};
    care_image_info info;
    care_status st = care_image_probe(bytes, len, src, &lim, &info, why);
    if (st != CARE_OK)
        return st;
    int w, h;
    box_of(L, &info, caption_h, &w, &h);
    st = care_image_decode_start(bytes, len, src, &lim, w, h, img, rest, why);
    if (st == CARE_OK && *rest && !care_photos_reserve(L)) { /* no photo thread: now */
        st = care_image_rest_run(*rest, NULL, why);
        *rest = NULL;
        if (st != CARE_OK)
            care_image_free(img);
    }
    return st;
}

/* Is the photo an icon or spacer (both sides under CARE_IMAGE_MIN_SIDE)? */
static bool is_icon(const uint8_t *bytes, size_t len, const care_layout *L)
{
    care_image_limits lim = {L->limits.max_image_pixels};
    care_image_info info;
    care_error ignored;
    return care_image_probe(bytes, len, "", &lim, &info, &ignored) == CARE_OK &&
           info.width < CARE_IMAGE_MIN_SIDE && info.height < CARE_IMAGE_MIN_SIDE;
}

care_status care_layout_figure(care_layout *L, size_t block, const care_block_style *bs,
                               care_error *err)
{
    const care_block *b = &L->doc->blocks[block];
    if (L->opts.no_images || !b->figure || b->figure->count == 0)
        return caption_lines(L, b, bs, err);
    care_error why = {0};
    const uint8_t *bytes = NULL;
    uint8_t *owned = NULL;
    size_t len = 0;
    const care_image_ref *ref = first_readable(L, b->figure, &bytes, &len, &owned, &why);
    if (ref && is_icon(bytes, len, L)) {
        free(owned);
        return CARE_OK; /* decoration: no photo, no caption */
    }
    size_t first = L->line_count;
    care_status st = caption_lines(L, b, bs, err);
    care_image img = {0};
    care_image_rest *rest = NULL;
    care_status shown = CARE_ERR_IO;
    if (st == CARE_OK && ref)
        shown = decode_photo(L, bytes, len, ref->src, caption_height(L, first, bs->font_size),
                             &img, &rest, &why);
    if (!rest)
        free(owned);
    if (st != CARE_OK)
        return st;
    if (shown == CARE_ERR_NO_MEMORY)
        return care_fail(err, shown, "%s", why.message);
    if (shown != CARE_OK) /* not shown: the caption stays, as an ordinary caption */
        return add_problem(L, why.message, err);
    attach_caption(L, first, bs->font_size);
    st = push_figure(L, (long)block, ref->src, &img, err);
    if (st != CARE_OK && rest) {
        care_image_rest_free(rest);
        free(owned);
    } else if (rest) { /* the layout holds the pixel buffer now: the thread may fill it */
        L->figures[L->figure_count - 1].pending = care_photos_add(L, rest, owned);
    }
    return st == CARE_OK ? insert_figure_line(L, first, bs, err) : st;
}

int care_figure_top(const care_line *line)
{
    return (int)floorf(line->baseline - line->ascent + 0.5f);
}

void care_layout_figures_free(care_layout *L)
{
    care_photos_stop(L); /* before the pixel buffers it writes go */
    for (size_t i = 0; i < L->figure_count; i++)
        care_image_free(&L->figures[i].image);
    free(L->figures);
    for (size_t i = 0; i < L->image_problem_count; i++)
        free(L->image_problems[i]);
    free(L->image_problems);
}
