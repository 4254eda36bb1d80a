/* Tests of itemisation and shaping (itemize.c, shape.c): which face sets the
 * ambiguous quotation marks and at what width, language-specific glyphs, and
 * the line height that follows from the faces' metrics (public API). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "layout/layout.h"

#define PX 32.0f

/* ---------- fixtures: two font sets ---------- */

typedef struct fonts {
    care_fontset *plain; /* defaults: Noto Sans CJK SC, no Latin face */
    care_fontset *latin; /* plus latin_regular = "Noto Sans" */
} fonts;

static care_fontset *load(const care_font_config *cfg)
{
    care_error err = {0};
    care_fontset *fs = NULL;
    if (care_fontset_new(&fs, &err) != CARE_OK)
        return NULL;
    if (care_fontset_load(fs, cfg, &err) != CARE_OK) {
        print_error("care_fontset_load: %s\n", err.message);
        care_fontset_free(fs);
        return NULL;
    }
    return fs;
}

static int setup_fonts(void **state)
{
    fonts *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    care_font_config cfg = {.latin_regular = "Noto Sans"};
    f->plain = load(NULL);
    f->latin = load(&cfg);
    *state = f;
    return f->plain && f->latin ? 0 : -1;
}

static int teardown_fonts(void **state)
{
    fonts *f = *state;
    if (f) {
        care_fontset_free(f->plain);
        care_fontset_free(f->latin);
        free(f);
    }
    return 0;
}

static void shape_cached(care_fontset *fs, care_shape_cache *cache, const char *text,
                         const char *lang, float px, care_para *p)
{
    care_error err = {0};
    memset(p, 0, sizeof *p);
    p->font_size = px;
    care_status st = care_itemize(fs, text, strlen(text), NULL, 0, p, &err);
    if (st == CARE_OK)
        st = care_shape(fs, cache, lang, p, &err);
    if (st != CARE_OK)
        print_error("shape(%s): %s\n", text, err.message);
    assert_int_equal(st, CARE_OK);
}

static void shape(care_fontset *fs, const char *text, const char *lang, care_para *p)
{
    shape_cached(fs, NULL, text, lang, PX, p);
}

/* The cluster holding code point cp (the n-th such cluster). */
static const care_cluster *cluster_of(const care_para *p, uint32_t cp, int nth)
{
    for (size_t i = 0; i < p->cluster_count; i++)
        if (p->clusters[i].first_cp == cp && nth-- == 0)
            return &p->clusters[i];
    fail_msg("no cluster U+%04X", (unsigned)cp);
    return NULL;
}

#define LDQUO 0x201C
#define RDQUO 0x201D

/* ---------- quotation marks ---------- */

static void test_latin_face_configured(void **state)
{
    fonts *f = *state;
    uint16_t cjk = care_fontset_role(f->latin, CARE_ROLE_CJK, false);
    uint16_t lat = care_fontset_role(f->latin, CARE_ROLE_LATIN, false);
    assert_int_not_equal(cjk, lat);
    assert_string_equal(care_fontset_face(f->latin, lat)->family, "Noto Sans");
    assert_string_equal(care_fontset_face(f->latin, cjk)->family, "Noto Sans CJK SC");
    /* without a Latin face the Latin role is the CJK face */
    assert_int_equal(care_fontset_role(f->plain, CARE_ROLE_LATIN, false),
                     care_fontset_role(f->plain, CARE_ROLE_CJK, false));
}

static void test_quotes_in_chinese_are_full_width_cjk(void **state)
{
    fonts *f = *state;
    care_fontset *sets[2] = {f->latin, f->plain};
    for (int s = 0; s < 2; s++) {
        care_para p;
        shape(sets[s], "市长称“项目进展顺利”。", "zh-Hans", &p);
        uint16_t cjk = care_fontset_role(sets[s], CARE_ROLE_CJK, false);
        uint32_t quotes[2] = {LDQUO, RDQUO};
        for (int q = 0; q < 2; q++) {
            const care_cluster *c = cluster_of(&p, quotes[q], 0);
            assert_int_equal(c->face, cjk);
            assert_int_equal(c->glyph_count, 1);
            if (fabsf(c->advance - PX) > 1)
                fail_msg("U+%04X in Chinese is %.2f px, want 32 +- 1", (unsigned)quotes[q],
                         (double)c->advance);
            assert_true(c->flags & CARE_CL_WIDTH_FWID);
            assert_false(c->flags & CARE_CL_WIDTH_PWID);
        }
        /* the Han characters themselves are 1 em from the CJK face */
        const care_cluster *han = cluster_of(&p, 0x9879 /* 项 */, 0);
        assert_int_equal(han->face, cjk);
        assert_float_equal(han->advance, PX, 0.01);
        care_para_free(&p);
    }
}

static void test_quotes_in_english_are_proportional(void **state)
{
    fonts *f = *state;
    /* with a Latin face: the quotes come from it */
    care_para p;
    shape(f->latin, "He said “fine”.", "zh-Hans", &p);
    uint16_t lat = care_fontset_role(f->latin, CARE_ROLE_LATIN, false);
    for (int q = 0; q < 2; q++) {
        const care_cluster *c = cluster_of(&p, q ? RDQUO : LDQUO, 0);
        assert_int_equal(c->face, lat);
        assert_false(c->flags & CARE_CL_WIDTH_FWID);
        if (!(c->advance > 0 && c->advance < 0.6f * PX))
            fail_msg("U+%04X in English (Latin face) is %.2f px, want < 0.6 em",
                     (unsigned)c->first_cp, (double)c->advance);
    }
    assert_int_equal(cluster_of(&p, 'H', 0)->face, lat);
    care_para_free(&p);

    /* default fonts: the CJK face's proportional (pwid) quotes */
    shape(f->plain, "He said “fine”.", "zh-Hans", &p);
    for (int q = 0; q < 2; q++) {
        const care_cluster *c = cluster_of(&p, q ? RDQUO : LDQUO, 0);
        assert_true(c->flags & CARE_CL_WIDTH_PWID);
        if (!(c->advance > 0 && c->advance < 0.6f * PX))
            fail_msg("U+%04X in English (CJK face, pwid) is %.2f px, want < 0.6 em",
                     (unsigned)c->first_cp, (double)c->advance);
    }
    care_para_free(&p);
}

/* ---------- locl: the same character, different glyphs per language ---------- */

static void test_locl_bone(void **state)
{
    fonts *f = *state;
    care_para zh, ja;
    shape(f->plain, "骨", "zh-Hans", &zh);
    shape(f->plain, "骨", "ja", &ja);
    assert_int_equal(zh.cluster_count, 1);
    assert_int_equal(ja.cluster_count, 1);
    assert_int_equal(zh.glyph_count, 1);
    assert_int_equal(ja.glyph_count, 1);
    assert_int_not_equal(zh.glyphs[0].id, 0);
    assert_int_not_equal(ja.glyphs[0].id, 0);
    assert_int_not_equal(zh.glyphs[0].id, ja.glyphs[0].id);
    /* both still 1 em */
    assert_float_equal(zh.clusters[0].advance, PX, 0.01);
    assert_float_equal(ja.clusters[0].advance, PX, 0.01);
    care_para_free(&zh);
    care_para_free(&ja);
}

/* ---------- line height (public API) ---------- */

#define LONG_LINE                                                                          \
    "第一行文字很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长" \
    "很长很长很长"

/* Baseline distances between consecutive lines of the paragraph block on one page. */
static void baseline_steps(float line_height, float font_size, float *min_step,
                           float *max_step, size_t *steps, float *normal_expected)
{
    const char *md = "# 标题\n\n" LONG_LINE "\n";
    care_engine *engine = NULL;
    assert_int_equal(care_engine_new(&engine), CARE_OK);
    assert_int_equal(care_engine_set_fonts(engine, NULL), CARE_OK);
    care_parse_options po = {.format = CARE_FORMAT_MARKDOWN, .name = "lh.md"};
    care_document *doc = NULL;
    assert_int_equal(care_document_parse(engine, md, strlen(md), &po, &doc), CARE_OK);
    assert_int_equal(care_document_block_count(doc), 2);

    care_page_options o;
    assert_int_equal(care_page_options_preset(&o, "phone"), CARE_OK);
    o.height = 6000; /* every line on one page */
    o.font_size = font_size;
    o.line_height = line_height;
    care_layout *L = NULL;
    care_status st = care_layout_new(engine, doc, &o, &L);
    if (st != CARE_OK)
        print_error("layout: %s\n", care_engine_last_error(engine));
    assert_int_equal(st, CARE_OK);
    assert_int_equal(care_layout_page_count(L), 1);

    const care_face *face =
        care_fontset_face(engine->fonts, care_fontset_role(engine->fonts, CARE_ROLE_CJK, false));
    assert_non_null(face);
    const care_face_metrics *m = &face->metrics;
    *normal_expected = (m->ascender - m->descender + m->line_gap) * font_size / m->upem;

    care_page_info info;
    assert_int_equal(care_layout_page(L, 0, &info), CARE_OK);
    *steps = 0;
    *min_step = INFINITY;
    *max_step = -INFINITY;
    float prev = NAN;
    for (size_t i = 0; i < info.line_count; i++) {
        care_line_info li;
        assert_int_equal(care_layout_line(L, 0, i, &li), CARE_OK);
        if (li.block != 1)
            continue;
        assert_int_equal(li.kind, CARE_BLOCK_PARAGRAPH);
        assert_float_equal(li.font_size, font_size, 0.001);
        if (!isnan(prev)) {
            float d = li.baseline - prev;
            *min_step = d < *min_step ? d : *min_step;
            *max_step = d > *max_step ? d : *max_step;
            (*steps)++;
        }
        prev = li.baseline;
    }
    care_layout_free(L);
    care_document_free(doc);
    care_engine_free(engine);
}

static void test_line_height_normal(void **state)
{
    (void)state;
    float lo, hi, expected;
    size_t steps;
    baseline_steps(0, 120, &lo, &hi, &steps, &expected);
    assert_true(steps >= 3); /* the paragraph takes several lines */
    /* Noto Sans CJK SC: hhea ascender 1160, descender -288, line gap 0, upem 1000 */
    assert_float_equal(expected, 173.76, 0.01);
    if (fabsf(lo - expected) > 1 || fabsf(hi - expected) > 1)
        fail_msg("normal line height: baselines %.2f..%.2f px apart, want %.2f", (double)lo,
                 (double)hi, (double)expected);
    assert_float_equal(lo, 173.76, 1);
    assert_float_equal(hi, 173.76, 1);
}

static void test_line_height_factor(void **state)
{
    (void)state;
    float lo, hi, expected;
    size_t steps;
    baseline_steps(1.7f, 120, &lo, &hi, &steps, &expected);
    assert_true(steps >= 3);
    assert_float_equal(lo, 204.0, 0.01);
    assert_float_equal(hi, 204.0, 0.01);
}

static void test_face_metrics(void **state)
{
    fonts *f = *state;
    const care_face *face =
        care_fontset_face(f->plain, care_fontset_role(f->plain, CARE_ROLE_CJK, false));
    assert_float_equal(face->metrics.upem, 1000, 0);
    assert_float_equal(face->metrics.ascender, 1160, 0);
    assert_float_equal(face->metrics.descender, -288, 0);
    assert_float_equal(face->metrics.line_gap, 0, 0);
}

/* ---------- the shaping cache ---------- */

static void assert_same_glyphs(const care_para *a, const care_para *b, float scale)
{
    assert_int_equal(a->glyph_count, b->glyph_count);
    assert_int_equal(a->cluster_count, b->cluster_count);
    for (size_t i = 0; i < a->glyph_count; i++) {
        assert_int_equal(a->glyphs[i].id, b->glyphs[i].id);
        assert_int_equal(a->glyphs[i].cluster, b->glyphs[i].cluster);
        /* font units times size / upem: twice the size is exactly twice */
        assert_true(a->glyphs[i].x_advance * scale == b->glyphs[i].x_advance);
        assert_true(a->glyphs[i].x_offset * scale == b->glyphs[i].x_offset);
        assert_true(a->glyphs[i].y_offset * scale == b->glyphs[i].y_offset);
    }
}

/* Shaping through the cache (cold, warm, and warm at twice the size) gives
 * HarfBuzz's glyphs exactly, for scripts whose shaping depends on context. */
static void test_shape_cache_same_glyphs(void **state)
{
    fonts *f = *state;
    static const char *texts[] = {
        "2024年NASA发布了《报告》，“AI+云”增长12.3%。NASA再次发布。",
        "مرحبا بالعالم في 中文 مرحبا", /* joining forms depend on the neighbours */
        "office fiction ffi 中文 office", "👍🏽 好 👨‍👩‍👧 好 👍🏽", "한국어 문장 한국어",
        "Pi\xCC\x81nyi\xCC\x84n pi\xCC\x81nyi\xCC\x84n",
    };
    care_shape_cache *cache = care_shape_cache_new();
    assert_non_null(cache);
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        care_para plain, cold, warm, big;
        shape_cached(f->latin, NULL, texts[t], "zh-Hans", PX, &plain);
        shape_cached(f->latin, cache, texts[t], "zh-Hans", PX, &cold);
        shape_cached(f->latin, cache, texts[t], "zh-Hans", PX, &warm);
        shape_cached(f->latin, cache, texts[t], "zh-Hans", 2 * PX, &big);
        assert_same_glyphs(&plain, &cold, 1);
        assert_same_glyphs(&plain, &warm, 1);
        assert_same_glyphs(&plain, &big, 2);
        care_para_free(&plain);
        care_para_free(&cold);
        care_para_free(&warm);
        care_para_free(&big);
    }
    care_shape_cache_free(cache);
}

/* An entry is found only under everything that decides the shaping. */
static void test_shape_cache_keys(void **state)
{
    (void)state;
    care_shape_cache *c = care_shape_cache_new();
    care_shape_key k = {.face = 1, .script = HB_SCRIPT_ARABIC, .rtl = true,
                        .language = hb_language_from_string("ar", -1), .before = "ab",
                        .before_len = 2, .text = "cd", .text_len = 2, .after = "ef", .after_len = 2};
    care_shaped_glyph g = {42, 0, 500, 0, 0};
    care_shape_cache_put(c, &k, &g, 1);
    size_t n = 0;
    const care_shaped_glyph *got = care_shape_cache_get(c, &k, &n);
    assert_non_null(got);
    assert_int_equal(n, 1);
    assert_int_equal(got->id, 42);
    assert_int_equal(got->x_advance, 500);
    care_shape_key other[7];
    for (int i = 0; i < 7; i++)
        other[i] = k;
    other[0].after = "eg";                                 /* context after */
    other[1].before = "xb";                                /* context before */
    other[2].before_len = 1, other[2].text = "bcd", other[2].text_len = 3; /* same bytes, split */
    other[3].face = 2;
    other[4].flags = HB_BUFFER_FLAG_BOT;
    other[5].feature = HB_TAG('f', 'w', 'i', 'd');
    other[6].language = hb_language_from_string("fa", -1);
    other[2].before = "a";
    for (int i = 0; i < 7; i++)
        assert_null(care_shape_cache_get(c, &other[i], &n));
    care_shape_key long_run = k;
    char text[CARE_SHAPE_CACHE_MAX_RUN + 1];
    memset(text, 'a', sizeof text);
    long_run.text = text, long_run.text_len = sizeof text;
    care_shape_cache_put(c, &long_run, &g, 1);
    assert_null(care_shape_cache_get(c, &long_run, &n)); /* too long to keep */
    care_shape_cache_clear(c);
    assert_null(care_shape_cache_get(c, &k, &n));
    care_shape_cache_free(c);
    care_shape_cache_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latin_face_configured),
        cmocka_unit_test(test_quotes_in_chinese_are_full_width_cjk),
        cmocka_unit_test(test_quotes_in_english_are_proportional),
        cmocka_unit_test(test_locl_bone),
        cmocka_unit_test(test_face_metrics),
        cmocka_unit_test(test_line_height_normal),
        cmocka_unit_test(test_line_height_factor),
        cmocka_unit_test(test_shape_cache_same_glyphs),
        cmocka_unit_test(test_shape_cache_keys),
    };
    return cmocka_run_group_tests_name("shaping", tests, setup_fonts, teardown_fonts);
}
