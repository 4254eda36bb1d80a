/* Public layout calls: option checks, the layout of a document, queries. */
#include "common/text.h"
#include "engine.h"
#include "layout/blocks.h"
#include "layout/hyphenate.h"
#include "layout/photo_thread.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The typesetting and output fields: values outside their ranges (NaN
 * included) are refused rather than giving odd pages. */
static care_status check_typesetting(const care_page_options *o, care_error *err)
{
    if (!(o->cjk_latin_spacing >= 0 && o->cjk_latin_spacing <= 1))
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT,
                         "Chinese-Latin spacing %g em: must be 0..1 em", (double)o->cjk_latin_spacing);
    if (!(o->dpi >= 0 && o->dpi <= 10000))
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "dpi %g: must be 0..10000 (0: no pHYs)",
                         (double)o->dpi);
    if ((unsigned)o->align > CARE_ALIGN_START || o->punct_trim > CARE_PUNCT_TRIM_MAX)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "align %d or punct_trim %u out of range",
                         (int)o->align, o->punct_trim);
    if (o->foreground > 0xFFFFFF || o->background > 0xFFFFFF)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "colours must be 0xRRGGBB");
    if (!(o->pdf_width >= 0 && o->pdf_width <= 14400 && o->pdf_height >= 0 &&
          o->pdf_height <= 14400) || ((o->pdf_width > 0) != (o->pdf_height > 0)))
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "PDF page %g x %g pt: each side must be "
                         "0..14400 pt (PDF's largest page), both 0 or neither",
                         (double)o->pdf_width, (double)o->pdf_height);
    if (!(o->figure_max_height == 0 || (o->figure_max_height >= 0.1f && o->figure_max_height <= 1)))
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "figure_max_height %g: must be 0.1..1 "
                         "(a share of the text area's height; 0 for 0.6)",
                         (double)o->figure_max_height);
    if (o->lang && !care_lang_tag_valid(o->lang))
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "language \"%.40s\" is not a BCP 47 tag "
                         "(e.g. zh-Hans, zh-Hant, en)", o->lang);
    return CARE_OK;
}

static care_status check_options(const care_page_options *o, const care_limits *lim,
                                  care_error *err)
{
    if (o->width < 1 || o->height < 1 || o->width > lim->max_page_side ||
        o->height > lim->max_page_side)
        return care_fail(err, CARE_ERR_LIMIT, "page size %dx%d px: each side must be 1..%d px "
                         "(limit max_page_side)", o->width, o->height, lim->max_page_side);
    if ((size_t)o->width * (size_t)o->height > lim->max_page_area)
        return care_fail(err, CARE_ERR_LIMIT, "page area %dx%d = %zu px is over the limit of %zu "
                         "px (max_page_area)", o->width, o->height,
                         (size_t)o->width * (size_t)o->height, lim->max_page_area);
    if (!(o->font_size >= lim->min_font_size && o->font_size <= lim->max_font_size))
        return care_fail(err, CARE_ERR_LIMIT, "font size %.2f px: must be %g..%g px (limits "
                         "min_font_size, max_font_size)", o->font_size,
                         (double)lim->min_font_size, (double)lim->max_font_size);
    if (!(o->line_height == 0 || (o->line_height >= 1 && o->line_height <= 4)))
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT,
                         "line height %.2f: must be 1..4 (x font size) or 0 for normal", o->line_height);
    if (!(o->margin_side >= 0 && o->margin_top >= 0 && o->margin_bottom >= 0 &&
          o->indent_em >= 0 && o->indent_em <= 8 && o->paragraph_spacing >= 0 &&
          o->paragraph_spacing <= 8))
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "margins, indent and paragraph spacing "
                         "must be non-negative (indent and spacing at most 8 em)");
    float box = (float)o->width - 2 * o->margin_side;
    float lines = (float)o->height - o->margin_top - o->margin_bottom;
    float title_lh = (o->line_height > 0 ? o->line_height : 1.5f) * 1.5f; /* x font size */
    /* The largest body size that fits: two characters a line, one title line a page. */
    float fits = floorf(fminf(box / 2, lines / title_lh));
    char advice[64] = "no font size fits: make the margins smaller";
    if (fits >= 1)
        snprintf(advice, sizeof advice, "%.0f px is the largest font size that fits", fits);
    if (box < o->font_size * 2)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "font size %.0f px is too large for the "
                         "page: the text box is %.0f px wide (%d px less %.0f px side margins) and "
                         "needs two characters a line; %s", o->font_size, box, o->width,
                         2 * o->margin_side, advice);
    if (lines < title_lh * o->font_size)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "font size %.0f px is too large for the "
                         "page: it is %d px high and has no room for a title line between its "
                         "%.0f px top and %.0f px bottom margins; %s", o->font_size, o->height,
                         o->margin_top, o->margin_bottom, advice);
    care_status st = check_typesetting(o, err);
    if (st != CARE_OK)
        return st;
    double ratio = care_contrast_ratio(o->foreground, o->background);
    if (ratio < 7.0 && !o->allow_low_contrast)
        return care_fail(err, CARE_ERR_LOW_CONTRAST, "colours #%06X on #%06X have a contrast of "
                         "%.2f:1, below the 7:1 of WCAG 1.4.6",
                         (unsigned)o->foreground, (unsigned)o->background, floor(ratio * 100) / 100);
    return CARE_OK;
}

static void copy_name(char *dst, size_t size, const char *src, const char *fallback)
{
    snprintf(dst, size, "%s", src && *src ? src : fallback);
}

/* --strict-glyphs: name the characters no installed font has. */
static care_status fail_missing(const care_layout *L, care_error *err)
{
    char list[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < L->missing_count && used + 12 < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%sU+%04X", i ? ", " : "",
                                 (unsigned)L->missing[i]);
    const care_face *cjk = care_fontset_face(L->fonts, care_fontset_role(L->fonts, CARE_ROLE_CJK, false));
    return care_fail(err, CARE_ERR_FONT, "%s: no installed font has %s (tried %s, the Latin, "
                     "emoji and fallback faces and every font fontconfig knows)",
                     L->doc->name ? L->doc->name : "input", list, cjk ? cjk->family : "the CJK face");
}

static care_status layout_build(care_layout *L, care_error *err)
{
    float em = L->opts.font_size;
    float box = (float)L->opts.width - 2 * L->opts.margin_side;
    L->text_width = floorf(box / em) * em; /* a whole number of em (clreq) */
    L->text_left = ((float)L->opts.width - L->text_width) / 2;
    L->blocks = care_calloc(L->doc->count ? L->doc->count : 1, sizeof *L->blocks);
    if (!L->blocks)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for %zu blocks", L->doc->count);
    care_status st = care_layout_blocks(L, err);
    if (st == CARE_OK && L->opts.strict_glyphs && L->missing_count)
        st = fail_missing(L, err);
    if (st == CARE_OK)
        st = care_paginate(L, err);
    care_photos_seal(L);
    return st;
}

/* Does any block hold a word care_mark_hyphens could hyphenate (5 ASCII letters in a row)? */
static bool needs_hyphenation(const care_document *doc)
{
    for (size_t b = 0; b < doc->count; b++) {
        size_t run = 0;
        for (size_t i = 0; i < doc->blocks[b].text_len && run < 5; i++) {
            char c = doc->blocks[b].text[i];
            run = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? run + 1 : 0;
        }
        if (run >= 5)
            return true;
    }
    return false;
}

care_status care_layout_new(care_engine *engine, const care_document *doc,
                            const care_page_options *opts, care_layout **out)
{
    if (!out)
        return CARE_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (!engine || !doc || !opts)
        return engine ? care_fail(&engine->error, CARE_ERR_INVALID_ARGUMENT,
                                  "care_layout_new: document and options are required")
                      : CARE_ERR_INVALID_ARGUMENT;
    if (!care_fontset_face(engine->fonts, 0))
        return care_fail(&engine->error, CARE_ERR_FONT, "no fonts loaded: call care_engine_set_fonts");
    care_status st = check_options(opts, &engine->limits, &engine->error);
    if (st != CARE_OK)
        return st;
    care_layout *L = care_calloc(1, sizeof *L);
    if (!L)
        return care_fail(&engine->error, CARE_ERR_NO_MEMORY, "out of memory for a layout");
    L->engine = engine;
    L->font_generation = engine->font_generation;
    L->fonts = engine->fonts;
    L->shapes = engine->shapes;
    L->limits = engine->limits;
    if (!engine->hyphen_tried && needs_hyphenation(doc)) {
        engine->hyphen = care_hyphen_load(CAREPAGE_HYPHEN_DICT); /* ~5 ms: only when needed */
        engine->hyphen_tried = true;
    }
    L->hyphen = engine->hyphen;
    L->words = &engine->words;
    L->doc = doc;
    L->opts = *opts;
    copy_name(L->lang, sizeof L->lang, opts->lang ? opts->lang : care_document_lang(doc), "zh-Hans");
    copy_name(L->theme_name, sizeof L->theme_name, opts->theme_name, "custom");
    L->opts.lang = L->lang;
    L->opts.theme_name = L->theme_name;
    /* kept: care_render_pdf reads a JPEG photo's file again to embed its bytes */
    L->image_dir = opts->image_dir ? care_strndup(opts->image_dir, strlen(opts->image_dir)) : NULL;
    L->opts.image_dir = L->image_dir;
    st = opts->image_dir && !L->image_dir
             ? care_fail(&engine->error, CARE_ERR_NO_MEMORY, "out of memory for a layout")
             : layout_build(L, &engine->error);
    if (st != CARE_OK) {
        care_layout_free(L);
        return st;
    }
    *out = L;
    return CARE_OK;
}

void care_layout_free(care_layout *L)
{
    if (!L)
        return;
    for (size_t i = 0; L->furniture && i < L->page_count; i++)
        free(L->furniture[i]);
    free(L->furniture);
    free(L->pages);
    free(L->blocks);
    free(L->lines);
    free(L->glyphs);
    free(L->runs);
    free(L->missing);
    free(L->missing_set);
    free(L->image_dir);
    care_layout_figures_free(L);
    free(L);
}

/* Both wait for the photos still being decoded: a decoding left to the photo
 * thread that failed is listed after the others. */
size_t care_layout_image_problem_count(const care_layout *L)
{
    return L ? L->image_problem_count + care_photos_failed_count(L) : 0;
}

const char *care_layout_image_problem(const care_layout *L, size_t i)
{
    if (!L)
        return NULL;
    return i < L->image_problem_count ? L->image_problems[i]
                                      : care_photos_failed(L, i - L->image_problem_count);
}

size_t care_layout_missing_count(const care_layout *L)
{
    return L ? L->missing_count : 0;
}

uint32_t care_layout_missing_char(const care_layout *L, size_t i)
{
    return L && i < L->missing_count ? L->missing[i] : 0;
}

size_t care_layout_page_count(const care_layout *L)
{
    return L ? L->page_count : 0;
}


care_status care_layout_page(const care_layout *L, size_t page, care_page_info *out)
{
    if (!L || !out || page >= L->page_count)
        return CARE_ERR_INVALID_ARGUMENT;
    *out = (care_page_info){L->pages[page].line_count, L->opts.width,
                            care_page_output_height(L, page)};
    return CARE_OK;
}

care_status care_layout_line(const care_layout *L, size_t page, size_t line, care_line_info *out)
{
    if (!L || !out || page >= L->page_count || line >= L->pages[page].line_count)
        return CARE_ERR_INVALID_ARGUMENT;
    const care_line *l = &L->lines[L->pages[page].line_start + line];
    *out = (care_line_info){.block = l->block, .kind = l->kind, .text = l->text + l->start,
                            .text_len = l->end - l->start, .start = l->start, .end = l->end,
                            .x = l->x, .baseline = l->baseline, .width = l->width,
                            .ascent = l->ascent, .descent = l->descent,
                            .font_size = l->font_size, .missing = l->missing};
    return CARE_OK;
}
