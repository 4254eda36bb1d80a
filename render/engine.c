/* The engine (font set, glyph cache, last error) and page options: presets, themes, contrast. */
#include "engine.h"
#include "layout/fonts.h"
#include "layout/hyphenate.h"
#include "layout/shape_cache.h"
#include "output/pdf_writer.h"
#include "raster/raster.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>

care_status care_engine_new(care_engine **out)
{
    if (!out)
        return CARE_ERR_INVALID_ARGUMENT;
    *out = NULL;
    care_engine *e = care_calloc(1, sizeof *e);
    if (!e)
        return CARE_ERR_NO_MEMORY;
    care_limits_default(&e->limits);
    care_status st = care_fontset_new(&e->fonts, &e->error);
    if (st == CARE_OK)
        st = care_glyph_cache_new(&e->glyphs, &e->error);
    if (st == CARE_OK && !(e->shapes = care_shape_cache_new()))
        st = care_fail(&e->error, CARE_ERR_NO_MEMORY, "out of memory for the shaping cache");
    if (st != CARE_OK) {
        care_engine_free(e);
        return st;
    }
    *out = e;
    return CARE_OK;
}

care_status care_engine_set_fonts(care_engine *engine, const care_font_config *fonts)
{
    if (!engine)
        return CARE_ERR_INVALID_ARGUMENT;
    care_status st = care_fontset_load(engine->fonts, fonts, &engine->error);
    if (st == CARE_OK) {
        care_glyph_cache_clear(engine->glyphs);
        care_shape_cache_clear(engine->shapes);
        care_pdf_fonts_free(engine->pdf_fonts); /* their face ids name the old faces */
        engine->pdf_fonts = NULL;
        engine->font_generation++; /* layouts made before no longer match the faces */
    }
    return st;
}

void care_engine_free(care_engine *engine)
{
    if (!engine)
        return;
    care_glyph_cache_free(engine->glyphs);
    care_shape_cache_free(engine->shapes);
    care_pdf_fonts_free(engine->pdf_fonts);
    care_fontset_free(engine->fonts);
    care_hyphen_free(engine->hyphen);
    if (engine->words)
        ubrk_close(engine->words);
    free(engine);
}

const char *care_engine_last_error(const care_engine *engine)
{
    return engine ? engine->error.message : "";
}

/* ---------- presets and themes ---------- */

typedef struct preset {
    const char *name;
    int width, height;
    float dpi, font_size, margin_top, margin_bottom, margin_side;
    float pdf_width, pdf_height; /* paper in pt (care_render_pdf); 0: the page at 96 px/in */
} preset;

/* Sizes from care-mode §1: MIIT 18 dp on a 3x phone = 54 px. Every body size
 * is at least 4.5 % of the page's shorter side (large print); the issue's
 * tablet 64 px and A4 24 pt were raised to 72 px and 27 pt (112 px) for that. */
static const preset PRESETS[] = {
    {"phone", 1080, 1920, 480, 54, 96, 144, 48, 0, 0},
    {"tablet", 1600, 2560, 320, 72, 128, 192, 96, 0, 0},
    {"kiosk", 1920, 1080, 96, 64, 80, 144, 128, 0, 0},
    {"a4", 2480, 3508, 300, 112, 236, 320, 236, 595.28f, 841.89f}, /* ISO 216 A4 in pt */
};

care_status care_page_options_preset(care_page_options *opts, const char *name)
{
    if (!opts || !name)
        return CARE_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < sizeof PRESETS / sizeof *PRESETS; i++) {
        const preset *p = &PRESETS[i];
        if (strcmp(p->name, name) != 0)
            continue;
        *opts = (care_page_options){.width = p->width, .height = p->height, .dpi = p->dpi,
                                    .font_size = p->font_size, .line_height = 1.7f,
                                    .margin_top = p->margin_top, .margin_bottom = p->margin_bottom,
                                    .margin_side = p->margin_side, .indent_em = 2,
                                    .align = CARE_ALIGN_AUTO, .lang = NULL,
                                    .punct_trim = CARE_PUNCT_TRIM_ALL | CARE_PUNCT_TRIM_FLUSH_BY_LANG,
                                    .cjk_latin_spacing = 0.25f,
                                    .pdf_width = p->pdf_width, .pdf_height = p->pdf_height,
                                    .figure_max_height = 0.6f};
        return care_page_options_theme(opts, "black-on-white");
    }
    return CARE_ERR_INVALID_ARGUMENT;
}

care_status care_page_options_preset_size(care_page_options *opts, const char *name, int width,
                                          int height)
{
    if (width < 1 || height < 1)
        return CARE_ERR_INVALID_ARGUMENT;
    care_status st = care_page_options_preset(opts, name);
    if (st != CARE_OK)
        return st;
    float shorter = (float)(width < height ? width : height);
    float scale = shorter / (float)(opts->width < opts->height ? opts->width : opts->height);
    opts->width = width;
    opts->height = height;
    if (scale == 1) /* the preset's own shorter side: its sizes as they are */
        return CARE_OK;
    opts->margin_top = roundf(opts->margin_top * scale);
    opts->margin_bottom = roundf(opts->margin_bottom * scale);
    opts->margin_side = roundf(opts->margin_side * scale);
    /* care-mode §1: at least 18 dp (at the preset's dpi; 1 dp = dpi / 160 px) and
     * 4.5 % of the shorter side */
    float least = ceilf(fmaxf(18 * opts->dpi / 160, 0.045f * shorter));
    opts->font_size = fmaxf(roundf(opts->font_size * scale), least);
    return CARE_OK;
}

typedef struct theme {
    const char *name;
    uint32_t fg, bg;
} theme;

static const theme THEMES[] = {
    {"black-on-white", 0x000000, 0xFFFFFF},  /* 21:1 */
    {"white-on-black", 0xFFFFFF, 0x000000},  /* 21:1 */
    {"yellow-on-black", 0xFFFF00, 0x000000}, /* 19.56:1 */
    {"black-on-cream", 0x000000, 0xFFF8E1},  /* 19.6:1 */
};

care_status care_page_options_theme(care_page_options *opts, const char *name)
{
    if (!opts || !name)
        return CARE_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < sizeof THEMES / sizeof *THEMES; i++) {
        if (strcmp(THEMES[i].name, name) == 0) {
            opts->foreground = THEMES[i].fg;
            opts->background = THEMES[i].bg;
            opts->theme_name = THEMES[i].name;
            return CARE_OK;
        }
    }
    return CARE_ERR_INVALID_ARGUMENT;
}

/* WCAG 2 relative luminance of one 0xRRGGBB colour. */
static double relative_luminance(uint32_t rgb)
{
    double ch[3] = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
    for (int i = 0; i < 3; i++) {
        double c = ch[i] / 255.0;
        ch[i] = c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

double care_contrast_ratio(uint32_t a, uint32_t b)
{
    double la = relative_luminance(a), lb = relative_luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}
