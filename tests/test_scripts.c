/* Every character of a real article: colour emoji and presentation selectors,
 * ZWJ sequences and flags, invisible format characters, soft hyphens, pinyin
 * in NFC and NFD, right-to-left runs, font swaps. Default fonts plus
 * fonts-noto-core and fonts-noto-color-emoji. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_helpers.h"

#include "common/text.h"
#include "engine.h"
#include "layout/fitting.h"
#include "layout/layout.h"
#include "raster/raster.h"

#include <stdlib.h>
#include <string.h>

static void prepare(care_engine *e, const char *text, care_para *p)
{
    memset(p, 0, sizeof *p);
    p->font_size = 40;
    care_span whole = {0, strlen(text), 0};
    assert_int_equal(care_itemize(e->fonts, text, strlen(text), &whole, 1, p, NULL), CARE_OK);
    assert_int_equal(care_shape(e->fonts, NULL, "zh-Hans", p, NULL), CARE_OK);
    assert_int_equal(care_mark_breaks("zh-Hans", p, NULL), CARE_OK);
    care_apply_spacing(p); /* no trimming or gaps: the running widths line fitting reads */
}

static size_t notdefs(const care_para *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->glyph_count; i++)
        n += p->glyphs[i].id == 0;
    return n;
}

/* The cluster that starts at byte `at`. */
static const care_cluster *cluster_at(const care_para *p, size_t at)
{
    for (size_t i = 0; i < p->cluster_count; i++)
        if (p->clusters[i].start == at)
            return &p->clusters[i];
    fail_msg("no cluster starts at byte %zu", at);
    return NULL;
}

static float nominal_advance(care_engine *e, uint16_t face, uint32_t cp, float px)
{
    const care_face *f = care_fontset_face(e->fonts, face);
    hb_codepoint_t gid;
    assert_true(hb_font_get_nominal_glyph(f->hb, cp, &gid));
    return (float)hb_font_get_glyph_h_advance(f->hb, gid) * px / f->metrics.upem;
}

/* ☀️ and ❤️ (U+FE0F) come from the colour emoji face, ☀︎ (U+FE0E) from a text
 * face; the selectors add no advance; nothing is .notdef. */
static void test_presentation_selectors(void **state)
{
    care_engine *e = *state;
    uint16_t emoji = care_fontset_role(e->fonts, CARE_ROLE_EMOJI, false);
    assert_int_not_equal(emoji, CARE_NO_FACE);
    const char *text = "今日晴☀️，心情❤️☀︎";
    care_para p;
    prepare(e, text, &p);
    assert_int_equal(notdefs(&p), 0);
    const care_cluster *sun = cluster_at(&p, strlen("今日晴"));
    const care_cluster *heart = cluster_at(&p, strlen("今日晴☀️，心情"));
    const care_cluster *text_sun = cluster_at(&p, strlen("今日晴☀️，心情❤️"));
    assert_int_equal(sun->face, emoji);
    assert_int_equal(heart->face, emoji);
    assert_int_not_equal(text_sun->face, emoji);
    assert_float_equal(sun->advance, nominal_advance(e, emoji, 0x2600, 40), 0.01);
    assert_float_equal(heart->advance, nominal_advance(e, emoji, 0x2764, 40), 0.01);
    assert_float_equal(text_sun->advance, nominal_advance(e, text_sun->face, 0x2600, 40), 0.01);
    care_para_free(&p);
}

/* ZWJ family sequences, flags and keycaps are one cluster, one glyph, never
 * broken, at every width from 2 to 10 em (UAX #14 LB8a, LB30a; UAX #29). */
static void test_emoji_sequences_whole(void **state)
{
    care_engine *e = *state;
    const char *family = "👨‍👩‍👧", *flag = "🇨🇳", *keycap = "1️⃣";
    char text[256];
    snprintf(text, sizeof text, "我们一家%s去旅游，看到国旗%s很高兴，排名第%s位。", family, flag, keycap);
    care_para p;
    prepare(e, text, &p);
    const char *seqs[] = {family, flag, keycap};
    for (size_t s = 0; s < 3; s++) {
        size_t at = (size_t)(strstr(text, seqs[s]) - text);
        const care_cluster *c = cluster_at(&p, at);
        assert_int_equal(c->end - c->start, strlen(seqs[s]));
        assert_int_equal(c->glyph_count, 1);
        assert_int_not_equal(p.glyphs[c->glyph_start].id, 0);
    }
    for (int q = 8; q <= 40; q++) {
        care_line_range *lines;
        size_t n = 0;
        assert_int_equal(care_break_lines(&p, (float)q * 10, 0, &lines, &n, NULL), CARE_OK);
        for (size_t k = 1; k < n; k++) {
            size_t start = p.clusters[lines[k].first].start;
            for (size_t s = 0; s < 3; s++) {
                size_t at = (size_t)(strstr(text, seqs[s]) - text);
                assert_false(start > at && start < at + strlen(seqs[s]));
            }
        }
        free(lines);
    }
    care_para_free(&p);
}

/* Soft hyphen: no advance and no ink unless the line breaks there; then a
 * visible hyphen ends the line (not part of the text). */
static void test_soft_hyphen(void **state)
{
    care_engine *e = *state;
    const char *text = "新的inter\xC2\xADnational合作";
    care_para p;
    prepare(e, text, &p);
    const care_cluster *shy = cluster_at(&p, strlen("新的inter"));
    assert_float_equal(shy->advance, 0, 0.001);
    assert_true(p.hyphen_advance > 0);
    float word = 0;
    for (size_t i = 0; i < p.cluster_count; i++)
        word += p.clusters[i].advance;
    care_line_range *lines;
    size_t n = 0;
    /* wide enough: one line, no hyphen */
    assert_int_equal(care_break_lines(&p, word + 1, 0, &lines, &n, NULL), CARE_OK);
    assert_int_equal(n, 1);
    assert_false(lines[0].hyphen);
    free(lines);
    /* "新的inter" fits but not "national": the break is at the soft hyphen */
    float head = 0;
    for (size_t i = 0; p.clusters[i].start < strlen("新的inter"); i++)
        head += p.clusters[i].advance;
    assert_int_equal(care_break_lines(&p, head + p.hyphen_advance + 2, 0, &lines, &n, NULL), CARE_OK);
    assert_true(n >= 2);
    assert_true(lines[0].hyphen);
    assert_int_equal(p.clusters[lines[0].next].start, strlen("新的inter\xC2\xAD"));
    assert_float_equal(lines[0].natural, head + p.hyphen_advance, 0.01);
    free(lines);
    care_para_free(&p);
}

/* U+200B: a break opportunity, no advance; U+FEFF, U+200D, U+2060: no advance,
 * no break; none of them .notdef or inked. */
static void test_invisible_characters(void **state)
{
    care_engine *e = *state;
    static const struct { const char *text; size_t at; bool breaks; } cases[] = {
        {"北京\u200B上海\u200B广州", 6, true},
        {"\uFEFF开头开头", 0, false},
        {"中\u200D国中国", 3, false},
        {"中\u2060国中国", 3, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        care_para p;
        prepare(e, cases[i].text, &p);
        assert_int_equal(notdefs(&p), 0);
        float total = 0;
        for (size_t k = 0; k < p.cluster_count; k++)
            total += p.clusters[k].advance;
        size_t han = 0;
        for (size_t k = 0; k < p.cluster_count; k++)
            han += care_is_han(p.clusters[k].first_cp);
        assert_float_equal(total, (float)han * 40, 0.01); /* the invisible ones add nothing */
        /* a break opportunity right after the invisible character only for U+200B */
        size_t after = cases[i].at + 3;
        bool opportunity = false;
        for (size_t k = 0; k < p.cluster_count; k++)
            if (p.clusters[k].start == after)
                opportunity = (p.clusters[k].flags & CARE_CL_BREAK_BEFORE) != 0;
        if (cases[i].at > 0 || cases[i].breaks)
            assert_int_equal(opportunity, cases[i].breaks);
        care_para_free(&p);
    }
}

/* The glyphs of a one-line document: ids and x positions. */
static size_t line_glyphs(care_engine *e, const char *md, care_placed_glyph *out, size_t max)
{
    care_parse_options po = {.format = CARE_FORMAT_MARKDOWN};
    care_document *doc = NULL;
    assert_int_equal(care_document_parse(e, md, strlen(md), &po, &doc), CARE_OK);
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_OK);
    const care_line *line = &L->lines[L->pages[0].line_start + 1]; /* after the title */
    size_t n = line->glyph_count < max ? line->glyph_count : max;
    memcpy(out, &L->glyphs[line->glyph_start], n * sizeof *out);
    care_layout_free(L);
    care_document_free(doc);
    return n;
}

/* Pinyin with tone marks typed precomposed (NFC) or decomposed (NFD) gives
 * the same glyphs at the same places. */
static void test_pinyin_nfc_nfd(void **state)
{
    care_engine *e = *state;
    care_placed_glyph a[64], b[64];
    size_t na = line_glyphs(e, "# T\n\n北京 Běijīng 欢迎 huānyíng\n", a, 64);
    size_t nb = line_glyphs(e, "# T\n\n北京 Be\xCC\x8Ciji\xCC\x84ng 欢迎 hua\xCC\x84nyi\xCC\x81ng\n", b, 64);
    /* every tone mark decomposed in the second */
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_int_equal(a[i].id, b[i].id);
        assert_float_equal(a[i].x, b[i].x, 0.001);
    }
}

/* An Arabic phrase inside a Chinese paragraph is laid out right to left: its
 * glyphs stand in the line in HarfBuzz's visual order, between the Han runs. */
static void test_arabic_visual_order(void **state)
{
    care_engine *e = *state;
    const char *arabic = "مرحبا";
    care_para p;
    prepare(e, arabic, &p);
    assert_int_equal(p.clusters[0].level & 1, 1);
    uint32_t visual[16];
    size_t nv = 0;
    /* clusters are logical; an RTL run is drawn last cluster first */
    for (size_t k = p.cluster_count; k-- > 0 && nv < 16;)
        for (size_t g = 0; g < p.clusters[k].glyph_count && nv < 16; g++)
            visual[nv++] = p.glyphs[p.clusters[k].glyph_start + g].id;
    care_para_free(&p);
    care_placed_glyph line[64];
    size_t n = line_glyphs(e, "# T\n\n他说 مرحبا 然后走了\n", line, 64);
    size_t found = SIZE_MAX;
    for (size_t i = 0; i + nv <= n && found == SIZE_MAX; i++) {
        bool same = true;
        for (size_t k = 0; k < nv && same; k++)
            same = line[i + k].id == visual[k];
        if (same)
            found = i;
    }
    assert_int_not_equal(found, SIZE_MAX);
    for (size_t k = 1; k < nv; k++)
        assert_true(line[found + k].x > line[found + k - 1].x);
}

/* Render page 1 of a mixed document with engine e into a fresh GRAY8/RGB buffer. */
static uint8_t *render_bytes(care_engine *e, size_t *size)
{
    const char *md = "# 字体\n\n今天的新闻，AI与5G☀️，心情很好。\n";
    care_parse_options po = {.format = CARE_FORMAT_MARKDOWN};
    care_document *doc = NULL;
    assert_int_equal(care_document_parse(e, md, strlen(md), &po, &doc), CARE_OK);
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_OK);
    care_surface s = {NULL, opts.width, opts.height, (size_t)opts.width * 3, CARE_PIXEL_RGB888};
    *size = s.stride * (size_t)s.height;
    s.pixels = malloc(*size);
    assert_non_null(s.pixels);
    assert_int_equal(care_render_page(L, 0, &s), CARE_OK);
    care_layout_free(L);
    care_document_free(doc);
    return s.pixels;
}

/* Swapping the CJK font on a live engine drops every cache entry of the old
 * faces: the page equals the one a fresh engine with the new font draws. */
static void test_font_swap(void **state)
{
    (void)state;
    care_font_config serif = {.cjk_regular = "Noto Serif CJK SC", .cjk_bold = "Noto Serif CJK SC"};
    care_engine *live = NULL, *fresh = NULL;
    assert_int_equal(care_engine_new(&live), CARE_OK);
    assert_int_equal(care_engine_set_fonts(live, NULL), CARE_OK);
    size_t n1, n2, n3;
    uint8_t *before = render_bytes(live, &n1);
    assert_int_equal(care_engine_set_fonts(live, &serif), CARE_OK);
    uint8_t *after = render_bytes(live, &n2);
    assert_int_equal(care_engine_new(&fresh), CARE_OK);
    assert_int_equal(care_engine_set_fonts(fresh, &serif), CARE_OK);
    uint8_t *reference = render_bytes(fresh, &n3);
    assert_int_equal(n2, n3);
    assert_memory_equal(after, reference, n2);
    assert_memory_not_equal(before, after, n1); /* the swap really changed the glyphs */
    free(before);
    free(after);
    free(reference);
    care_engine_free(live);
    care_engine_free(fresh);
}

/* A skin-tone modifier after a character that takes none (文, o, é) is a
 * swatch of its own from the emoji face (UTS #51 §2.4), and the character
 * keeps its face; after a modifier base (👍, ✌) it joins it in one glyph. */
static void test_lone_skin_tone(void **state)
{
    care_engine *e = *state;
    uint16_t emoji = care_fontset_role(e->fonts, CARE_ROLE_EMOJI, false);
    uint16_t cjk = care_fontset_role(e->fonts, CARE_ROLE_CJK, false);
    const char *text = "文\xF0\x9F\x8F\xBBo\xF0\x9F\x8F\xBF\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD";
    care_para p;
    prepare(e, text, &p);
    assert_int_equal(p.cluster_count, 5); /* 文 | 🏻 | o | 🏿 | 👍🏽 */
    assert_int_equal(cluster_at(&p, 0)->face, cjk);
    assert_int_equal(cluster_at(&p, 3)->face, emoji);
    assert_int_equal(cluster_at(&p, 3)->first_cp, 0x1F3FB);
    assert_int_equal(cluster_at(&p, 7)->first_cp, 'o');
    assert_int_not_equal(cluster_at(&p, 7)->face, emoji);
    assert_int_equal(cluster_at(&p, 8)->face, emoji);
    const care_cluster *thumb = cluster_at(&p, 12);
    assert_int_equal(thumb->end, strlen(text));
    assert_int_equal(thumb->glyph_count, 1);
    assert_int_equal(notdefs(&p), 0);
    care_para_free(&p);
}

/* The fixture article with all of the above: nothing drawn as .notdef. */
static void test_fixture_article_has_no_missing_glyphs(void **state)
{
    care_engine *e = *state;
    FILE *f = fopen(CAREPAGE_FIXTURES "/every-character.md", "rb");
    assert_non_null(f);
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    care_parse_options po = {.name = "every-character.md"};
    care_document *doc = NULL;
    assert_int_equal(care_document_parse(e, buf, n, &po, &doc), CARE_OK);
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_OK);
    for (size_t i = 0; i < care_layout_missing_count(L); i++)
        print_error("missing U+%04X\n", (unsigned)care_layout_missing_char(L, i));
    assert_int_equal(care_layout_missing_count(L), 0);
    bool rgb = false; /* colour emoji: an RGB page */
    for (size_t p = 0; p < care_layout_page_count(L); p++)
        rgb = rgb || care_page_format(L, p) == CARE_PIXEL_RGB888;
    assert_true(rgb);
    care_layout_free(L);
    care_document_free(doc);
}

/* A page is RGB only when it draws colour: text pages before and after the
 * emoji stay 8-bit grey (a third of the bytes to encode). */
static void test_colour_per_page(void **state)
{
    care_engine *e = *state;
    char text[4096] = "";
    for (int i = 0; i < 60; i++) /* more than a page of text */
        strcat(text, "老人读报不费力。");
    strcat(text, "\n\n");
    strcat(text, "\xF0\x9F\x98\x80"); /* U+1F600 in colour */
    strcat(text, "\n\n");
    for (int i = 0; i < 60; i++)
        strcat(text, "字大行疏看得清。");
    care_parse_options po = {.format = CARE_FORMAT_TEXT};
    care_document *doc = NULL;
    assert_int_equal(care_document_parse(e, text, strlen(text), &po, &doc), CARE_OK);
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    opts.height = 900; /* about eight lines a page */
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_OK);
    size_t pages = care_layout_page_count(L), rgb = 0, emoji_page = 0;
    assert_true(pages >= 3);
    for (size_t p = 0; p < pages; p++) {
        care_pixel_format pf = care_page_format(L, p);
        rgb += pf == CARE_PIXEL_RGB888;
        emoji_page = pf == CARE_PIXEL_RGB888 ? p : emoji_page;
    }
    assert_int_equal(rgb, 1);
    assert_true(emoji_page > 0 && emoji_page + 1 < pages);
    assert_int_equal(care_page_format(L, 0), CARE_PIXEL_GRAY8);
    care_layout_free(L);
    care_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_presentation_selectors),
        cmocka_unit_test(test_emoji_sequences_whole),
        cmocka_unit_test(test_soft_hyphen),
        cmocka_unit_test(test_invisible_characters),
        cmocka_unit_test(test_pinyin_nfc_nfd),
        cmocka_unit_test(test_arabic_visual_order),
        cmocka_unit_test(test_font_swap),
        cmocka_unit_test(test_fixture_article_has_no_missing_glyphs),
        cmocka_unit_test(test_colour_per_page),
        cmocka_unit_test(test_lone_skin_tone),
    };
    return cmocka_run_group_tests(tests, test_setup_engine, test_teardown_engine);
}
