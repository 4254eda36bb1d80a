/* carepage fuzz entry points (see targets.h).
 *
 * The harness keeps one engine per target for the whole process, because
 * creating one (fontconfig, FreeType, the default CJK face) costs far more than
 * a run; that cache and the scratch paths are harness state, not library state.
 * Every library call's result is checked only for consistency: an error is a
 * fine answer to hostile input, a crash, hang, leak or sanitizer report is not. */
#define _POSIX_C_SOURCE 200809L
#include "targets.h"

#include "carepage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A cursor over the fuzz input: option bytes first, the rest is the article. */
typedef struct reader {
    const uint8_t *p;
    size_t n;
} reader;

static unsigned take(reader *r)
{
    if (!r->n)
        return 0;
    r->n--;
    return *r->p++;
}

static unsigned take16(reader *r)
{
    unsigned hi = take(r);
    return hi << 8 | take(r);
}

/* Harness state: one engine per target, a scratch directory for output files. */
typedef struct harness {
    care_engine *engine;
    char dir[64];
    char font_path[96];
} harness;

static harness H_PARSE, H_PIPELINE, H_FONT; /* harness state, see the top of the file */

static harness *harness_get(harness *h, bool fonts)
{
    if (h->engine)
        return h;
    if (care_engine_new(&h->engine) != CARE_OK)
        abort(); /* the harness itself cannot run */
    if (fonts && care_engine_set_fonts(h->engine, NULL) != CARE_OK) {
        fprintf(stderr, "fuzz: default fonts: %s\n", care_engine_last_error(h->engine));
        abort();
    }
    snprintf(h->dir, sizeof h->dir, "/tmp/carepage-fuzz-XXXXXX");
    if (!mkdtemp(h->dir))
        abort();
    snprintf(h->font_path, sizeof h->font_path, "%s/font.bin", h->dir);
    static bool cleanup_registered; /* harness state: remove the scratch files at exit */
    if (!cleanup_registered)
        cleanup_registered = atexit(care_fuzz_cleanup) == 0;
    return h;
}

static const care_format FORMATS[4] = {CARE_FORMAT_AUTO, CARE_FORMAT_MARKDOWN, CARE_FORMAT_TEXT,
                                       CARE_FORMAT_HTML};
static const char *const LANGS[4] = {NULL, "zh-Hant", "en", "ja"};

static care_parse_options parse_options_of(unsigned b)
{
    return (care_parse_options){.format = FORMATS[b & 3],
                                .replace_invalid = (b & 4) != 0,
                                .keep_punct = (b & 8) != 0,
                                .lang = LANGS[(b >> 4) & 3],
                                .name = "fuzz"};
}

/* Walk a parsed document through every query and the Markdown writer. */
static void walk_document(const care_document *doc)
{
    size_t n = care_document_block_count(doc);
    for (size_t i = 0; i < n; i++) {
        care_block_kind kind;
        const char *text = NULL;
        if (care_document_block(doc, i, &kind, &text) != CARE_OK || !text)
            abort();
        (void)strlen(text);
    }
    if (care_document_block(doc, n, NULL, NULL) == CARE_OK)
        abort();
    (void)strlen(care_document_title(doc));
    (void)strlen(care_document_author(doc));
    (void)strlen(care_document_source(doc));
    (void)strlen(care_document_lang(doc));
}

int care_fuzz_parse(const uint8_t *data, size_t size)
{
    care_engine *e = harness_get(&H_PARSE, false)->engine;
    reader r = {data, size};
    care_parse_options po = parse_options_of(take(&r));
    care_document *doc = NULL;
    care_status st = care_document_parse(e, (const char *)r.p, r.n, &po, &doc);
    if ((st == CARE_OK) != (doc != NULL))
        abort();
    if (!doc)
        return 0;
    walk_document(doc);
    /* The Markdown written must parse again (it is what --extract-only prints). */
    char *md = NULL;
    size_t md_len = 0;
    FILE *f = open_memstream(&md, &md_len);
    if (f) {
        st = care_document_write_markdown(doc, f);
        fclose(f);
        care_document *again = NULL;
        care_parse_options po2 = {.format = CARE_FORMAT_MARKDOWN, .keep_punct = true};
        if (st == CARE_OK && md && care_document_parse(e, md, md_len, &po2, &again) == CARE_OK)
            walk_document(again);
        care_document_free(again);
        free(md);
    }
    care_document_free(doc);
    return 0;
}

static const char *const PRESETS[4] = {"phone", "tablet", "kiosk", "a4"};
static const char *const THEMES[4] = {"black-on-white", "white-on-black", "yellow-on-black",
                                      "black-on-cream"};

/* Render page `page` into a framebuffer in format `fmt`, whole and as a region. */
static void render_page(care_layout *L, size_t page, care_pixel_format fmt, reader *r)
{
    care_page_info info;
    if (care_layout_page(L, page, &info) != CARE_OK)
        abort();
    for (size_t i = 0; i < info.line_count; i++) {
        care_line_info li;
        if (care_layout_line(L, page, i, &li) != CARE_OK)
            abort();
    }
    size_t stride = care_surface_row_bytes(fmt, info.width) + (take(r) & 7);
    uint8_t *px = malloc(stride * (size_t)info.height);
    if (!px)
        return;
    care_surface s = {px, info.width, info.height, stride, fmt};
    care_render_page(L, page, &s);
    int x = (int)take(r) - 64, y = (int)take(r) - 64, w = (int)take(r), hgt = (int)take(r);
    care_render_region(L, page, &s, x, y, w, hgt);
    free(px);
}

int care_fuzz_pipeline(const uint8_t *data, size_t size)
{
    harness *h = harness_get(&H_PIPELINE, true);
    care_engine *e = h->engine;
    reader r = {data, size};
    unsigned b0 = take(&r), b1 = take(&r), b2 = take(&r), b3 = take(&r);
    care_page_options opts;
    care_page_options_preset(&opts, PRESETS[b0 & 3]);
    care_page_options_theme(&opts, THEMES[(b0 >> 2) & 3]);
    /* Small pages keep a run fast; the sizes may still be invalid (then an error). */
    opts.width = (int)(take16(&r) % 700);
    opts.height = (int)(take16(&r) % 900);
    opts.font_size = (float)take(&r) / 2.0f;
    unsigned lh = take(&r);
    opts.line_height = lh < 16 ? 0 : (float)lh / 50.0f;
    opts.margin_side = (float)take(&r) / 4.0f;
    opts.margin_top = (float)take(&r) / 4.0f;
    opts.margin_bottom = (float)take(&r) / 4.0f;
    opts.indent_em = (float)(take(&r) & 15) / 2.0f;
    opts.paragraph_spacing = (float)(take(&r) & 15) / 4.0f;
    opts.align = (care_align)((b0 >> 4) % 3);
    opts.greedy_breaking = (b1 & 1) != 0;
    opts.hanging_punct = (b1 & 2) != 0;
    opts.strict_glyphs = (b1 & 4) != 0;
    opts.punct_trim = ((b1 >> 3) & 7) | ((b0 >> 6) & 3) << 3; /* FLUSH, FLUSH_BY_LANG */
    opts.cjk_latin_spacing = (float)((b1 >> 6) & 3) / 4.0f;
    opts.lang = LANGS[(b2 >> 6) & 3];
    if (b2 & 0x20) {
        opts.foreground = (uint32_t)take16(&r) << 8 | take(&r);
        opts.background = (uint32_t)take16(&r) << 8 | take(&r);
        opts.allow_low_contrast = (b2 & 0x10) != 0;
    }
    care_pixel_format fmt = (care_pixel_format)((b2 & 15) % CARE_PIXEL_FORMAT_COUNT);
    care_parse_options po = parse_options_of(b3);

    /* The article is what is left after 16 bytes reserved for render choices. */
    reader choices = r;
    size_t reserve = r.n < 16 ? r.n : 16;
    if (reserve) {
        r.p += reserve;
        r.n -= reserve;
    }
    choices.n = reserve;

    care_document *doc = NULL;
    if (care_document_parse(e, (const char *)r.p, r.n, &po, &doc) != CARE_OK)
        return 0;
    care_layout *L = NULL;
    care_status st = care_layout_new(e, doc, &opts, &L);
    if ((st == CARE_OK) != (L != NULL))
        abort();
    if (L) {
        size_t pages = care_layout_page_count(L);
        if (pages < 1)
            abort();
        render_page(L, 0, fmt, &choices);
        if (pages > 1)
            render_page(L, pages - 1, fmt, &choices);
        for (size_t i = 0; i < care_layout_missing_count(L); i++)
            (void)care_layout_missing_char(L, i);
        unsigned what = take(&choices);
        char path[128];
        if (what & 1) {
            snprintf(path, sizeof path, "%s/layout.json", h->dir);
            care_layout_write_json(L, path, "fuzz");
        }
        if (what & 2) {
            snprintf(path, sizeof path, "%s/page.png", h->dir);
            care_png_metadata meta = {care_document_title(doc), care_document_author(doc),
                                      care_document_source(doc)};
            care_render_page_png(L, pages - 1, path, &meta);
        }
        care_layout_free(L);
    }
    care_document_free(doc);
    return 0;
}

/* Text the fuzzed font is asked for: scripts Noto Sans CJK lacks (so the
 * configured fallback is tried first), private use, Latin, digits, marks. */
static const char FONT_TEXT[] =
    "# Font \xF0\x90\x8A\x80\xF0\x90\x8A\x81\n\n" /* Lycian */
    "\xE1\x9A\x81\xE1\x9A\x82\xE1\x9A\x83 \xF0\x90\xA4\x80\xF0\x90\xA4\x81 " /* Ogham, Phoenician */
    "\xEE\x80\x80\xEE\x80\x81\xEE\x80\x82 Aa 09 fi\xCC\x81 " /* PUA, Latin, combining */
    "\xE1\x9A\x84\xE1\x9A\x85\xE1\x9A\x86\xE1\x9A\x87 \xF0\x90\xA3\xA0\xF0\x90\xA3\xA1 "
    "\xE6\x96\x87\xE5\xAD\x97\xEF\xBC\x8C\xE2\x80\x9C\xE5\xBC\x95\xE2\x80\x9D\n";

int care_fuzz_font(const uint8_t *data, size_t size)
{
    harness *h = harness_get(&H_FONT, false);
    care_engine *e = h->engine;
    if (size < 1)
        return 0;
    /* A new file each time: the previous font may still be mapped by FreeType/HarfBuzz. */
    unlink(h->font_path);
    FILE *f = fopen(h->font_path, "wb");
    if (!f)
        abort();
    bool ok = fwrite(data + 1, 1, size - 1, f) == size - 1;
    if (fclose(f) != 0 || !ok)
        abort();
    /* Byte 0: bit 0 also as the Latin face (metrics and Latin text), bit 1 face 1
     * of a collection, bits 2-3 the font size, bit 4 normal line height. */
    char spec[128];
    snprintf(spec, sizeof spec, "%s%s", h->font_path, (data[0] & 2) ? "#1" : "");
    const char *fallback[1] = {spec};
    care_font_config cfg = {.fallback = fallback, .fallback_count = 1,
                            .latin_regular = (data[0] & 1) ? spec : NULL};
    if (care_engine_set_fonts(e, &cfg) != CARE_OK)
        return 0; /* an unusable font is an error, which is fine */
    care_document *doc = NULL;
    care_parse_options po = {.format = CARE_FORMAT_MARKDOWN, .name = "font-fuzz"};
    if (care_document_parse(e, FONT_TEXT, sizeof FONT_TEXT - 1, &po, &doc) == CARE_OK) {
        static const float sizes[4] = {12, 33, 64, 300};
        care_page_options opts;
        care_page_options_preset(&opts, "phone");
        opts.width = 480;
        opts.height = 640;
        opts.margin_side = 16;
        opts.margin_top = opts.margin_bottom = 32;
        opts.font_size = sizes[(data[0] >> 2) & 3];
        opts.line_height = (data[0] & 16) ? 0 : 1.7f;
        care_layout *L = NULL;
        if (care_layout_new(e, doc, &opts, &L) == CARE_OK) {
            reader none = {NULL, 0};
            for (size_t p = 0; p < care_layout_page_count(L) && p < 4; p++)
                render_page(L, p, (data[0] & 32) ? CARE_PIXEL_GRAY8 : CARE_PIXEL_RGB888, &none);
            care_layout_free(L);
        }
        care_document_free(doc);
    }
    return 0;
}

static void harness_free(harness *h)
{
    if (!h->engine)
        return;
    care_engine_free(h->engine);
    h->engine = NULL;
    static const char *const files[] = {"font.bin", "layout.json", "page.png"};
    char path[128];
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", h->dir, files[i]);
        unlink(path);
    }
    rmdir(h->dir);
}

void care_fuzz_cleanup(void)
{
    harness_free(&H_PARSE);
    harness_free(&H_PIPELINE);
    harness_free(&H_FONT);
}

care_fuzz_fn care_fuzz_target(const char *name)
{
    if (strcmp(name, "parse") == 0)
        return care_fuzz_parse;
    if (strcmp(name, "pipeline") == 0)
        return care_fuzz_pipeline;
    if (strcmp(name, "font") == 0)
        return care_fuzz_font;
    if (strcmp(name, "image") == 0)
        return care_fuzz_image;
    return NULL;
}
