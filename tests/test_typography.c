/* Chinese typography (spacing.c, fitting.c, totalfit.c, layout.c): punctuation
 * compression (clreq §3.1.6, CSS text-spacing-trim cases), Chinese-Latin
 * spacing, line-end compression, total-fit and the widow rule. Default fonts. */
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

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uversion.h>

/* Itemise, shape, mark breaks and space `text` at `px` with the default typesetting. */
static void prepare(care_engine *e, const char *text, const care_span *spans, size_t nspans,
                    float px, bool total_fit, care_para *p)
{
    memset(p, 0, sizeof *p);
    p->font_size = px;
    p->ts = (care_typeset){CARE_TRIM_ADJACENT | CARE_TRIM_START | CARE_TRIM_END, 0.25f * px,
                           total_fit, false, false, false, false};
    care_span whole = {0, strlen(text), 0};
    assert_int_equal(care_itemize(e->fonts, text, strlen(text), spans ? spans : &whole,
                                  spans ? nspans : 1, p, NULL), CARE_OK);
    assert_int_equal(care_shape(e->fonts, NULL, "zh-Hans", p, NULL), CARE_OK);
    assert_int_equal(care_mark_breaks("zh-Hans", p, NULL), CARE_OK);
    care_apply_spacing(p);
}

static float width_em(care_engine *e, const char *text)
{
    care_para p;
    prepare(e, text, NULL, 0, 20, false, &p);
    float w = care_range_width(&p, 0, p.cluster_count) / 20;
    care_para_free(&p);
    return w;
}

/* The CSS text-spacing-trim cases of care-mode §4, at 20 px. */
static void test_adjacent_punctuation_widths(void **state)
{
    static const struct { const char *text; float em; } cases[] = {
        {"国（（国", 3.5f}, {"国）（国", 3.5f}, {"国））国", 3.5f}, {"国）・国", 3.5f},
        {"国（（（国", 4.0f}, {"国）））国", 4.0f}, {"国（）国", 4.0f}, {"国・・国", 4.0f},
        {"国）“（国", 4.0f}, {"国。”国", 3.5f}, {"国，“国", 3.5f}, {"国！”国", 3.5f},
        {"国？」国", 3.5f},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        float got = width_em(*state, cases[i].text);
        if (fabsf(got - cases[i].em) > 0.01f)
            fail_msg("%s: %.3f em, want %.2f", cases[i].text, (double)got, (double)cases[i].em);
    }
}

/* 国）“（国: ） keeps its width, “ and （ lose their left halves. */
static void test_both_openings_halved(void **state)
{
    care_para p;
    prepare(*state, "国）“（国", NULL, 0, 20, false, &p);
    assert_int_equal(p.cluster_count, 5);
    assert_float_equal(p.clusters[1].trim_left + p.clusters[1].trim_right, 0, 0.01);
    assert_float_equal(p.clusters[2].trim_left, 10, 0.01);
    assert_float_equal(p.clusters[3].trim_left, 10, 0.01);
    care_para_free(&p);
}

/* A colon before an opening quote: the pair is 1.5 em, also when the quote
 * starts a bold run (compression works across style runs). */
static void test_colon_quote_pair(void **state)
{
    const char *text = "他说：“走吧。”";
    size_t colon = strlen("他说"), quote_end = strlen("他说：“");
    care_span bold[] = {{0, strlen("他说："), 0}, {strlen("他说："), strlen(text), CARE_STYLE_BOLD}};
    for (int styled = 0; styled < 2; styled++) {
        care_para p;
        prepare(*state, text, styled ? bold : NULL, 2, 40, false, &p);
        size_t a = 0;
        while (p.clusters[a].start != colon)
            a++;
        assert_int_equal(p.clusters[a + 1].end, quote_end);
        assert_float_equal(care_range_width(&p, a, a + 2), 60, 0.01);
        care_para_free(&p);
    }
}

static size_t break_lines(const care_para *p, float width, care_line_range **lines)
{
    size_t n = 0;
    assert_int_equal(care_break_lines(p, width, 0, lines, &n, NULL), CARE_OK);
    return n;
}

/* GB/T 15834 5.1.10: a closing mark at the line end takes ½ em so the line fits. */
static void test_line_end_compression(void **state)
{
    for (int total_fit = 0; total_fit < 2; total_fit++) {
        care_para p;
        prepare(*state, "国国国）国国国）", NULL, 0, 20, total_fit, &p);
        care_line_range *lines;
        size_t n = break_lines(&p, 3.6f * 20, &lines);
        assert_int_equal(n, 2);
        assert_int_equal(lines[0].next, 4);
        assert_float_equal(lines[0].end_trim, 10, 0.01);
        assert_float_equal(lines[0].natural, 70, 0.01);
        free(lines);
        care_para_free(&p);
    }
}

/* Advance in px of one character at 40 px, optionally bold. */
static float advance_of(care_engine *e, const char *ch, bool bold)
{
    care_span span = {0, strlen(ch), bold ? CARE_STYLE_BOLD : 0};
    care_para p;
    prepare(e, ch, &span, 1, 40, false, &p);
    float a = p.clusters[0].advance;
    care_para_free(&p);
    return a;
}

/* Chinese-Latin spacing: ¼ em on both sides of 3 and of the bold 12 (at least
 * ⅛ em on a line shrunk to fit, care-mode §6), equal on both sides after
 * justification (within 1 px); none at a line start or end. */
static void test_cjk_latin_gaps_justified(void **state)
{
    care_engine *e = *state;
    const char *text = "第3版今日出版，共12个版面。";
    size_t b12 = strlen("第3版今日出版，共");
    care_span spans[] = {{0, b12, 0}, {b12, b12 + 2, CARE_STYLE_BOLD}, {b12 + 2, strlen(text), 0}};
    care_layout L = {.engine = e, .fonts = e->fonts, .shapes = e->shapes, .limits = e->limits};
    care_page_options_preset(&L.opts, "phone");
    snprintf(L.lang, sizeof L.lang, "zh-Hans");
    care_block_style bs = {.kind = CARE_BLOCK_PARAGRAPH, .font_size = 40, .width = 7.5f * 40,
                           .justify = true};
    assert_int_equal(care_layout_paragraph(&L, text, strlen(text), spans, 3, &bs, NULL), CARE_OK);
    assert_true(L.line_count >= 2);
    float adv3 = advance_of(e, "3", false), adv2 = advance_of(e, "2", true);
    int checked = 0;
    for (size_t k = 0; k < L.line_count; k++) {
        const care_line *line = &L.lines[k];
        const care_placed_glyph *g = &L.glyphs[line->glyph_start];
        size_t n = line->glyph_count, j = 0;
        for (size_t i = line->start; i < line->end; j++) { /* one glyph per character here */
            char c = line->text[i];
            size_t digits = c == '3' ? 1 : c == '1' ? 2 : 0;
            care_utf8_next(line->text, line->end, &i);
            if (!digits)
                continue;
            float last_adv = digits == 1 ? adv3 : adv2;
            bool at_start = j == 0, at_end = j + digits == n;
            float left = at_start ? g[j].x - line->x : g[j].x - g[j - 1].x - 40;
            float right = at_end ? line->x + line->width - (g[j + digits - 1].x + last_adv)
                                 : g[j + digits].x - g[j + digits - 1].x - last_adv;
            if (at_start || at_end)
                assert_float_equal(at_start ? left : right, 0, 0.5);
            else {
                assert_true(left >= 0.125f * 40 - 0.5f);
                assert_float_equal(left, right, 1.0);
                checked++;
            }
            i += digits - 1;
            j += digits - 1;
        }
    }
    assert_true(checked >= 1);
    free(L.lines);
    free(L.glyphs);
    free(L.runs);
}

/* No line ends with “ (clreq §3.1.7); ICU decides whether 。|“ is an opportunity. */
static void test_no_opening_quote_at_line_end(void **state)
{
    const char *text = "他看了一眼。“好吧，我们走。”他看了一眼。“好吧，我们走。”";
    for (int total_fit = 0; total_fit < 2; total_fit++) {
        care_para p;
        prepare(*state, text, NULL, 0, 20, total_fit, &p);
        for (int q = 8; q <= 40; q++) {
            care_line_range *lines;
            size_t n = break_lines(&p, (float)q * 20 / 4, &lines);
            for (size_t k = 0; k + 1 < n; k++)
                assert_int_not_equal(p.clusters[lines[k].last - 1].last_cp, 0x201C);
            free(lines);
        }
        care_para_free(&p);
    }
}

/* Widow rule: under total-fit no paragraph ends with one Han character (plus a
 * mark), at every width from 8 to 20 em in ¼ em steps. */
static void test_total_fit_never_leaves_a_widow(void **state)
{
    const char *text = "春节前夕，阿里千问上线了一个免单活动，引发全网热捧。数据显示，活动开始后九小时，"
                       "订单已经突破一千万单。网友纷纷晒单，感谢千问请客。在活动的刺激下，千问的下载量"
                       "很快登上各大商店免费榜的榜首位置，成为了春节期间最受关注的应用之一。";
    care_para p;
    prepare(*state, text, NULL, 0, 20, true, &p);
    for (int q = 32; q <= 80; q++) {
        float width = (float)q * 20 / 4;
        care_line_range *lines;
        size_t n = break_lines(&p, width, &lines);
        const care_line_range *last = &lines[n - 1];
        if (care_is_lone_character(&p, last->first, last->last))
            fail_msg("lone last line at %.2f em", (double)q / 4);
        assert_true(n >= 2);
        free(lines);
    }
    care_para_free(&p);
}

/* Hanging punctuation: a ， that would start the next line hangs instead, at
 * most one mark, and only with hanging on. */
static void test_hanging_comma(void **state)
{
    const char *text = "国国国国，国国国国。";
    for (int hanging = 0; hanging < 2; hanging++) {
        care_para p;
        prepare(*state, text, NULL, 0, 20, false, &p);
        p.ts.hanging = hanging;
        p.ts.punct_trim = CARE_TRIM_ADJACENT; /* no line-end compression: the mark must hang */
        care_line_range *lines;
        size_t n = break_lines(&p, 4 * 20, &lines);
        if (hanging) {
            assert_int_equal(lines[0].next, 5); /* 国国国国， */
            assert_true(lines[0].hanging);
            assert_float_equal(lines[0].natural, 80, 0.01);
        } else {
            assert_int_equal(lines[0].next, 3); /* 国国国 / 国，… : the comma pulls one down */
            assert_false(lines[0].hanging);
        }
        for (size_t k = 1; k < n; k++)
            assert_int_not_equal(p.clusters[lines[k].first].first_cp, 0xFF0C);
        free(lines);
        care_para_free(&p);
    }
}

/* Emphasis (着重号): one dot under each emphasised Han character, below the
 * baseline, centred on it; Latin emphasis is bold instead. */
static void test_emphasis_dots(void **state)
{
    care_engine *e = *state;
    const char *text = "这是重点和word";
    size_t a = strlen("这是"), b = strlen("这是重点");
    care_span spans[] = {{0, a, 0}, {a, b, CARE_STYLE_EM}, {b, strlen("这是重点和"), 0},
                         {strlen("这是重点和"), strlen(text), CARE_STYLE_EM}};
    care_layout L = {.engine = e, .fonts = e->fonts, .shapes = e->shapes, .limits = e->limits};
    care_page_options_preset(&L.opts, "phone");
    snprintf(L.lang, sizeof L.lang, "zh-Hans");
    care_block_style bs = {.kind = CARE_BLOCK_PARAGRAPH, .font_size = 40, .width = 20 * 40};
    assert_int_equal(care_layout_paragraph(&L, text, strlen(text), spans, 4, &bs, NULL), CARE_OK);
    assert_int_equal(L.line_count, 1);
    size_t text_glyphs = 0, dots = 0;
    for (size_t r = 0; r < L.lines[0].run_count; r++)
        text_glyphs += L.runs[L.lines[0].run_start + r].glyphs;
    for (size_t g = 0; g < L.lines[0].glyph_count; g++) {
        const care_placed_glyph *gl = &L.glyphs[L.lines[0].glyph_start + g];
        if (gl->y > 0.5f * 40) { /* far below the baseline: a dot */
            dots++;
            assert_true(gl->y < 1.0f * 40);
        }
    }
    assert_int_equal(dots, 2);
    assert_int_equal(L.lines[0].glyph_count, text_glyphs + 2);
    /* the Latin word is set in the bold face */
    const care_run *last = &L.runs[L.lines[0].run_start + L.lines[0].run_count - 1];
    assert_int_equal(last->face, care_fontset_role(e->fonts, CARE_ROLE_LATIN, true));
    free(L.lines);
    free(L.glyphs);
    free(L.runs);
}

/* A quote carries a bar in its inset on every line, stacked to fill the line
 * box; the quote is set off by half an em from the paragraph before it. */
static void test_quote_bar(void **state)
{
    care_engine *e = *state;
    const char *md = "# T\n\n正文。\n\n> 引用的文字很长很长很长很长很长很长很长很长很长很长很长很长很长。\n";
    care_parse_options po = {.format = CARE_FORMAT_MARKDOWN};
    care_document *doc = NULL;
    assert_int_equal(care_document_parse(e, md, strlen(md), &po, &doc), CARE_OK);
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_OK);
    size_t quote_lines = 0;
    float prev_baseline = 0;
    for (size_t i = 0; i < L->line_count; i++) {
        const care_line *line = &L->lines[i];
        if (line->kind != CARE_BLOCK_QUOTE) {
            prev_baseline = line->kind == CARE_BLOCK_PARAGRAPH ? line->baseline : prev_baseline;
            continue;
        }
        if (quote_lines++ == 0) /* 1.7 em line + ½ em group space */
            assert_float_equal(line->baseline - prev_baseline, (1.7f + 0.5f) * 54, 0.5);
        assert_true(line->deco_count >= 2);
        float top = 1e9f, bottom = -1e9f;
        for (size_t g = line->deco_start; g < line->deco_start + line->deco_count; g++) {
            assert_true(L->glyphs[g].x < line->x - 54); /* in the inset, left of the text */
            top = L->glyphs[g].y < top ? L->glyphs[g].y : top;
            bottom = L->glyphs[g].y > bottom ? L->glyphs[g].y : bottom;
        }
        assert_true(bottom - top > 0.5f * 54); /* copies stacked down the line box */
    }
    assert_true(quote_lines >= 2);
    care_layout_free(L);
    care_document_free(doc);
}

int main(void)
{
    printf("# ICU %s, Unicode %s decide the UAX #14 opportunities\n", U_ICU_VERSION,
           U_UNICODE_VERSION);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_adjacent_punctuation_widths),
        cmocka_unit_test(test_both_openings_halved),
        cmocka_unit_test(test_colon_quote_pair),
        cmocka_unit_test(test_line_end_compression),
        cmocka_unit_test(test_cjk_latin_gaps_justified),
        cmocka_unit_test(test_no_opening_quote_at_line_end),
        cmocka_unit_test(test_total_fit_never_leaves_a_widow),
        cmocka_unit_test(test_hanging_comma),
        cmocka_unit_test(test_emphasis_dots),
        cmocka_unit_test(test_quote_bar),
    };
    return cmocka_run_group_tests(tests, test_setup_engine, test_teardown_engine);
}
