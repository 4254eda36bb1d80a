/* Even lines (issue 14): a steady line pitch whatever fonts a line holds,
 * shrink before stretch in both fitters (care-mode §6), hyphenated Latin words
 * and URLs in CJK text, and flush line ends. Default fonts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_helpers.h"

#include "engine.h"
#include "layout/fitting.h"
#include "layout/hyphenate.h"
#include "layout/layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Lay out Markdown `md` at preset `preset` with `line_height` (0: normal). */
static care_layout *layout_of(care_engine *e, const char *md, float line_height,
                              care_document **doc)
{
    care_parse_options po = {.format = CARE_FORMAT_MARKDOWN};
    assert_int_equal(care_document_parse(e, md, strlen(md), &po, doc), CARE_OK);
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    opts.line_height = line_height;
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(e, *doc, &opts, &L), CARE_OK);
    return L;
}

/* care-mode §9: with line height 1.7 every baseline of a paragraph holding a
 * Myanmar and a Khmer word (fallback faces far taller than the CJK face) is
 * 1.7 × 54 = 91.8 px below the one before; with "normal" the Myanmar line grows. */
static void test_fallback_words_keep_the_pitch(void **state)
{
    const char *md = "这是一段很长的中文文字，用来测试行距。缅甸文ကမ္ဘာ့ကုလသမဂ္ဂ这一段继续写下去，"
                     "还有高棉文ព្រះរាជាណាចក្រកម្ពុជា在这里，让行数多一些，这样就能看到每一行的"
                     "基线距离是否一致。\n";
    for (int normal = 0; normal < 2; normal++) {
        care_document *doc;
        care_layout *L = layout_of(*state, md, normal ? 0 : 1.7f, &doc);
        size_t body = 0;
        float grown = 0;
        for (size_t i = 1; i < L->line_count && L->lines[i].block == 0; i++, body++) {
            float gap = L->lines[i].baseline - L->lines[i - 1].baseline;
            if (!normal)
                assert_float_equal(gap, 91.8, 0.5);
            grown = gap > grown ? gap : grown;
        }
        assert_true(body >= 4);
        if (normal) /* Noto Sans Myanmar's line is taller than the CJK face's 1.448 em */
            assert_true(grown > 1.6f * 54);
        care_layout_free(L);
        care_document_free(doc);
    }
}

/* Itemise, shape, mark breaks and space `text` at 20 px for a justified paragraph. */
static void prepare(care_engine *e, const char *text, bool total_fit, bool shrink, care_para *p)
{
    memset(p, 0, sizeof *p);
    p->font_size = 20;
    p->ts = (care_typeset){.punct_trim = CARE_TRIM_ADJACENT | CARE_TRIM_START | CARE_TRIM_END,
                           .cjk_latin_gap = 5, .total_fit = total_fit, .shrink = shrink};
    care_span whole = {0, strlen(text), 0};
    assert_int_equal(care_itemize(e->fonts, text, strlen(text), &whole, 1, p, NULL), CARE_OK);
    assert_int_equal(care_shape(e->fonts, NULL, "zh-Hans", p, NULL), CARE_OK);
    assert_int_equal(care_mark_breaks("zh-Hans", p, NULL), CARE_OK);
    care_apply_spacing(p);
}

/* prepare() `text` and break it into lines of 10.5 em (210 px); returns the line count. */
static size_t break_in_10_5_em(care_engine *e, const char *text, bool total_fit, bool shrink,
                               care_para *p, care_line_range **lines)
{
    prepare(e, text, total_fit, shrink, p);
    size_t n = 0;
    assert_int_equal(care_break_lines(p, 10.5f * 20, 0, lines, &n, NULL), CARE_OK);
    return n;
}

/* 国国国，国国国，国国国 in 10.5 em: set solid it would end with a lone 国,
 * and the widow rule would push two down and leave 9 em of text spread over
 * 10.5 em (0.19 em per gap). Shrinking (care-mode §6) pulls the 国 up instead:
 * both commas lose ¼ em, spread over the line, in both fitters. In
 * 国国国？国国国国国国国 only the mid-line ？ can give way: clreq §3.5's last
 * squeezing step takes its whole blank half (10 px). */
static void test_squeezing_pulls_the_last_character_up(void **state)
{
    static const struct { const char *text; int level; float share, squeeze; size_t at[2]; }
        cases[] = {{"国国国，国国国，国国国", CARE_SHRINK_MARK, 0.5f, 5, {3, 7}},
                   {"国国国？国国国国国国国", CARE_SHRINK_STOP, 1, 10, {3, 3}}};
    for (size_t c = 0; c < 2; c++) {
        for (int total_fit = 0; total_fit < 2; total_fit++) {
            for (int shrink = 0; shrink < 2; shrink++) {
                care_para p;
                care_line_range *lines;
                size_t n = break_in_10_5_em(*state, cases[c].text, total_fit, shrink, &p, &lines);
                assert_int_equal(n, shrink ? 1 : 2);
                assert_int_equal(lines[0].next, shrink ? 11 : 9);
                for (int lv = 0; shrink && lv < CARE_SHRINK_LEVELS; lv++)
                    assert_float_equal(lines[0].shrink[lv], lv == cases[c].level ? cases[c].share : 0,
                                       0.001);
                for (size_t i = 0; shrink && i < 11; i++) {
                    bool at = i == cases[c].at[0] || i == cases[c].at[1];
                    assert_float_equal(care_cluster_squeeze(&p, &lines[0], i).right,
                                       at ? cases[c].squeeze : 0, 0.01);
                }
                if (shrink)
                    assert_float_equal(lines[0].natural, 210, 0.01);
                free(lines);
                care_para_free(&p);
            }
        }
    }
}

/* English paragraphs justified at the phone preset (18 em): their word spaces
 * may widen to ½ em (care-mode §6), so total-fit fills the lines instead of
 * setting single words on lines of their own ("Monitoring," / "and" /
 * "Stage"), which it did while every Latin line was measured against the
 * 0.15 em Han limit and so scored more than a line without gaps. */
static void test_latin_lines_stay_full(void **state)
{
    static const char MD[] =
        "The study, Costs and Benefits of Monitoring, Forecasting, and Controlling "
        "Atmospheric Pollution, is Stage 2 of the agency's effort to resolve the "
        "scientific and financial uncertainties connected with airborne particulates.\n\n"
        "The first report, published in 2021, offered early figures for lawmakers looking "
        "for cost-benefit analyses of cleanup measures for polluted rivers including "
        "dredging, filtering, or replanting banks. The new report has improved the quality "
        "of the estimates.\n";
    care_document *doc;
    care_layout *L = layout_of(*state, MD, 0, &doc);
    size_t checked = 0;
    for (size_t i = 0; i < L->line_count; i++) {
        const care_line *l = &L->lines[i];
        if (l->block < 0 || l->index_in_block + 1 == l->block_lines)
            continue; /* a footer, or a paragraph's last line */
        assert_true(l->width > 0.6f * 972);
        checked++;
    }
    assert_true(checked >= 8);
    care_layout_free(L);
    care_document_free(doc);
}

/* A title is set ragged: its lines are judged by the blank at their ends, so
 * a headline keeps its words together ("City Study Provides" / "New Look at
 * River" / …) instead of leaving one word on a line ("City" / "Study Provides
 * New"), which a line without gaps once cost less than a line of two words. */
static void test_ragged_title_keeps_words_together(void **state)
{
    static const char *const MD[] = {
        "# City Study Provides New Look at River Pollution, Possible Remedies\n\n正文。\n",
        "# Agency Study Provides New Look at Urban Flooding, Potential Fixes\n\n正文。\n"};
    for (size_t m = 0; m < 2; m++) {
        care_document *doc;
        care_layout *L = layout_of(*state, MD[m], 0, &doc);
        size_t lines = 0;
        for (size_t i = 0; i < L->line_count && L->lines[i].block == 0; i++, lines++)
            if (L->lines[i].index_in_block + 1 < L->lines[i].block_lines)
                assert_true(L->lines[i].width > 0.7f * 972);
        assert_int_equal(lines, 4);
        care_layout_free(L);
        care_document_free(doc);
    }
}

/* A Chinese headline breaks at its phrases, not inside words: on a phone
 * (12 em title lines) after the colon and the comma, where filling each line
 * gave "…一个月：游客 / 挤满了…，店家忙 / 得不可开交" ("忙得" split) and
 * "孩子 / 们" (a suffix torn from its noun); and before a quoted term joined
 * by + signs, which filling split as "“茶+酒 / +菜”". */
static void test_headline_breaks_at_phrases(void **state)
{
    static const struct {
        const char *md, *lines[3];
    } CASES[] = {
        {"# 海边小镇办节一个月：游客挤满了老街和码头，店家忙得不可开交\n\n正文。\n",
         {"海边小镇办节一个月：", "游客挤满了老街和码头，", "店家忙得不可开交"}},
        {"# 山区学校开学第一周：孩子们走进新教室，家长在校门外久久不愿离开\n\n正文。\n",
         {"山区学校开学第一周：", "孩子们走进新教室，", "家长在校门外久久不愿离开"}},
        {"# 小店请客意外火爆出圈，暴露了老板“茶+酒+菜”的经营底牌\n\n正文。\n",
         {"小店请客意外火爆出圈，", "暴露了老板", "“茶+酒+菜”的经营底牌"}},
    };
    for (size_t k = 0; k < sizeof CASES / sizeof *CASES; k++) {
        care_document *doc;
        care_layout *L = layout_of(*state, CASES[k].md, 0, &doc);
        size_t n = 0;
        for (size_t i = 0; i < L->line_count && L->lines[i].block == 0; i++, n++) {
            assert_true(n < 3);
            const care_line *li = &L->lines[i];
            size_t len = strlen(CASES[k].lines[n]);
            assert_int_equal(li->end - li->start, len);
            assert_memory_equal(li->text + li->start, CASES[k].lines[n], len);
        }
        assert_int_equal(n, 3);
        care_layout_free(L);
        care_document_free(doc);
    }
}

/* Shrinking and stretching on one scale, in 10.5 em: with two commas on the
 * line, squeezing each by ¼ em to take an 11th character (badness 2.5) beats
 * spreading ½ em over 9 gaps (0.056 em per gap, badness 5.1); with one comma,
 * squeezing it the whole ½ em (badness 20) does not. */
static void test_shrink_or_stretch(void **state)
{
    static const struct { const char *text; size_t next; } cases[] = {
        {"国国国，国国国，国国国国国国国国国国国国", 11},
        {"国国国，国国国国国国国国国国国国国国国国", 10},
    };
    for (size_t c = 0; c < 2; c++) {
        for (int total_fit = 0; total_fit < 2; total_fit++) {
            care_para p;
            care_line_range *lines;
            break_in_10_5_em(*state, cases[c].text, total_fit, true, &p, &lines);
            if (lines[0].next != cases[c].next)
                fail_msg("%s, %s: first line ends before %zu, want %zu", cases[c].text,
                         total_fit ? "total-fit" : "greedy", lines[0].next, cases[c].next);
            free(lines);
            care_para_free(&p);
        }
    }
}

/* --punct-trim flush: the line-end comma of 国国国国，/国国国国。 in 5 em at
 * 40 px is set in ½ em and the line justified to end flush: the characters
 * 45 px apart, the comma's pen at 180 px. Without it (fit) the comma keeps its
 * em (pen at 160, a blank half at the edge). The default flushes Simplified
 * text only; a centred Traditional comma, flushed, loses ¼ em each side. */
static void test_flush_line_end(void **state)
{
    care_engine *e = *state;
    const char *text = "国国国国，国国国国。";
    static const struct { unsigned trim; const char *lang; float pen; } cases[] = {
        {CARE_PUNCT_TRIM_ALL, "zh-Hans", 160},
        {CARE_PUNCT_TRIM_ALL | CARE_PUNCT_TRIM_FLUSH, "zh-Hans", 180},
        {CARE_PUNCT_TRIM_ALL | CARE_PUNCT_TRIM_FLUSH_BY_LANG, "zh-Hans", 180},
        {CARE_PUNCT_TRIM_ALL | CARE_PUNCT_TRIM_FLUSH_BY_LANG, "zh-Hant", 160},
        {CARE_PUNCT_TRIM_ALL | CARE_PUNCT_TRIM_FLUSH, "zh-Hant", 170},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        care_layout L = {.engine = e, .fonts = e->fonts, .shapes = e->shapes, .limits = e->limits};
        care_page_options_preset(&L.opts, "phone");
        L.opts.punct_trim = cases[c].trim;
        snprintf(L.lang, sizeof L.lang, "%s", cases[c].lang);
        care_block_style bs = {.kind = CARE_BLOCK_PARAGRAPH, .font_size = 40, .width = 200,
                               .justify = true};
        care_span whole = {0, strlen(text), 0};
        assert_int_equal(care_layout_paragraph(&L, text, strlen(text), &whole, 1, &bs, NULL),
                         CARE_OK);
        assert_int_equal(L.line_count, 2);
        const care_line *line = &L.lines[0];
        assert_int_equal(line->glyph_count, 5);
        assert_float_equal(line->width, 200, 0.01);
        float step = cases[c].pen == 160 ? 40 : 45;
        for (size_t g = 0; g < 4; g++)
            assert_float_equal(L.glyphs[line->glyph_start + g].x, step * (float)g, 0.01);
        if (fabsf(L.glyphs[line->glyph_start + 4].x - cases[c].pen) > 0.01f)
            fail_msg("case %zu: comma at %.2f px, want %.0f", c,
                     (double)L.glyphs[line->glyph_start + 4].x, (double)cases[c].pen);
        free(L.lines);
        free(L.glyphs);
        free(L.runs);
    }
}

/* Runs in the dump (docs/layout-json.md): a run ends at its last glyph's
 * advance end, with the justification its glyphs carry; the ¼ em (10 px)
 * Chinese-Latin gap between two runs is in neither. 国国国国NASA国国 / 国国国。
 * in 370 px at 40 px: the first line's slack goes to its 6 justification
 * gaps (g px each: one after each 国 of 国国国国, one after NASA, one between
 * the last two 国), so 国国国国 is 160 + 4g wide, NASA starts 10 px after it
 * and 国国 is 80 + g wide, ending at the line end. */
static void test_run_width_leaves_out_the_gap(void **state)
{
    care_engine *e = *state;
    const char *text = "国国国国NASA国国国国国。";
    care_layout L = {.engine = e, .fonts = e->fonts, .shapes = e->shapes, .limits = e->limits};
    care_page_options_preset(&L.opts, "phone");
    snprintf(L.lang, sizeof L.lang, "zh-Hans");
    care_block_style bs = {.kind = CARE_BLOCK_PARAGRAPH, .font_size = 40, .width = 370,
                           .justify = true};
    care_span whole = {0, strlen(text), 0};
    assert_int_equal(care_layout_paragraph(&L, text, strlen(text), &whole, 1, &bs, NULL), CARE_OK);
    assert_int_equal(L.line_count, 2);
    const care_line *line = &L.lines[0];
    assert_int_equal(line->end, strlen("国国国国NASA国国"));
    assert_int_equal(line->run_count, 3);
    const care_run *han = &L.runs[line->run_start], *nasa = han + 1, *last = han + 2;
    float g = last->width - 80;
    assert_true(g > 0.5f && g < 2); /* NASA is 101.4 px in Noto Sans CJK SC: g = 8.6 / 6 */
    assert_float_equal(han->x, 0, 0.01);
    assert_float_equal(han->width, 160 + 4 * g, 0.01);
    assert_float_equal(nasa->x, 160 + 4 * g + 10, 0.01);
    assert_float_equal(last->x, nasa->x + nasa->width + 10, 0.01);
    assert_float_equal(last->x + last->width, 370, 0.01);
    assert_float_equal(line->width, 370, 0.01);
    free(L.lines);
    free(L.glyphs);
    free(L.runs);
}

static size_t cluster_at(const care_para *p, size_t byte)
{
    for (size_t i = 0; i < p->cluster_count; i++)
        if (p->clusters[i].start == byte)
            return i;
    fail_msg("no cluster starts at byte %zu", byte);
    return 0;
}

/* Hyphenation points of "international" in CJK text (libhyphen, hyphen-en-us):
 * in-ter-na-tion-al, of which in- is too short before and -al too short after
 * (2 and 3 letters at least); NASA (capitals) and GitHub (a capital inside)
 * stay whole. In a line that "国国国国国国inter" fills all but 0.3 em, both
 * fitters break at inter- rather than leave 国国国国国国 spread over the line. */
static void test_hyphen_in_mixed_line(void **state)
{
    care_engine *e = *state;
    HyphenDict *dict = care_hyphen_load(CAREPAGE_HYPHEN_DICT);
    assert_non_null(dict);
    const char *text = "国国国国国国international国国国国国国国国国NASA和GitHub国国国国。";
    size_t word = strlen("国国国国国国");
    for (int total_fit = 0; total_fit < 2; total_fit++) {
        care_para p;
        prepare(e, text, total_fit, true, &p);
        assert_int_equal(care_mark_hyphens(e->fonts, dict, &p, NULL), CARE_OK);
        for (size_t i = 0; i < p.cluster_count; i++) {
            size_t at = p.clusters[i].start;
            bool want = at == word + 2 || at == word + 5 || at == word + 7;
            if (want != ((p.clusters[i].flags & CARE_CL_HYPHEN) != 0))
                fail_msg("hyphenation point at byte %zu: %d", at, !want);
        }
        size_t n_at = cluster_at(&p, word + 5); /* the n after inter */
        float head = care_range_width(&p, 0, n_at);
        assert_true(p.hyphen_advance > 0);
        float width = head + p.hyphen_advance + 0.3f * 20;
        care_line_range *lines;
        size_t n = 0;
        assert_int_equal(care_break_lines(&p, width, 0, &lines, &n, NULL), CARE_OK);
        assert_int_equal(lines[0].next, n_at);
        assert_true(lines[0].hyphen);
        assert_float_equal(lines[0].natural, head + p.hyphen_advance, 0.01);
        for (size_t k = 1; k < n; k++)
            assert_false(lines[k].hyphen && lines[k - 1].hyphen);
        free(lines);
        care_para_free(&p);
    }
    care_hyphen_free(dict);
}

/* Capitalised names are hyphenated like other words (the patterns are lower
 * case, so the word is looked up as "schierholz"): Schier-holz; hyphen-en-us
 * has no point in Stephanie. */
static void test_hyphen_in_a_name(void **state)
{
    care_engine *e = *state;
    HyphenDict *dict = care_hyphen_load(CAREPAGE_HYPHEN_DICT);
    assert_non_null(dict);
    const char *text = "发言人（Stephanie Schierholz）表示。";
    size_t point = (size_t)(strstr(text, "holz") - text);
    care_para p;
    prepare(e, text, true, true, &p);
    assert_int_equal(care_mark_hyphens(e->fonts, dict, &p, NULL), CARE_OK);
    for (size_t i = 0; i < p.cluster_count; i++)
        if (((p.clusters[i].flags & CARE_CL_HYPHEN) != 0) != (p.clusters[i].start == point))
            fail_msg("hyphenation point before byte %zu: %d", p.clusters[i].start,
                     p.clusters[i].start != point);
    care_para_free(&p);
    care_hyphen_free(dict);
}

/* A URL breaks after / . - ? & before a letter or digit (no hyphen drawn),
 * never inside https:// or between two letters; its words are not hyphenated. */
static void test_url_line(void **state)
{
    care_engine *e = *state;
    HyphenDict *dict = care_hyphen_load(CAREPAGE_HYPHEN_DICT);
    const char *text = "详情请访问https://example.com/international/report?id=7&lang=zh了解。";
    const char *url = strstr(text, "https");
    static const char *const after[] = {"https://", "https://example.", "https://example.com/",
                                        "https://example.com/international/",
                                        "https://example.com/international/report?",
                                        "https://example.com/international/report?id=7&"};
    care_para p;
    prepare(e, text, true, true, &p);
    assert_int_equal(care_mark_hyphens(e->fonts, dict, &p, NULL), CARE_OK);
    size_t want = 0;
    for (size_t i = 0; i < p.cluster_count; i++) {
        size_t at = p.clusters[i].start;
        bool url_break = (p.clusters[i].flags & CARE_CL_URL_BREAK) != 0;
        bool expected = want < 6 && at == (size_t)(url - text) + strlen(after[want]);
        if (url_break != expected)
            fail_msg("URL break before byte %zu: %d", at, url_break);
        want += expected;
        assert_false(p.clusters[i].flags & CARE_CL_HYPHEN);
    }
    assert_int_equal(want, 6);
    for (int q = 40; q <= 64; q++) { /* 10..16 em (wider than international/): every line ends
                                       at a URL break or between words */
        care_line_range *lines;
        size_t n = 0;
        assert_int_equal(care_break_lines(&p, (float)q * 5, 0, &lines, &n, NULL), CARE_OK);
        for (size_t k = 0; k + 1 < n; k++) {
            const char *end = p.text + p.clusters[lines[k].next].start;
            assert_false(lines[k].hyphen);
            if (end > url && end < url + strlen("https://example.com/international/report?id=7&lang=zh"))
                assert_non_null(strchr("/.?&", end[-1]));
        }
        free(lines);
    }
    care_para_free(&p);
    care_hyphen_free(dict);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fallback_words_keep_the_pitch),
        cmocka_unit_test(test_squeezing_pulls_the_last_character_up),
        cmocka_unit_test(test_shrink_or_stretch),
        cmocka_unit_test(test_latin_lines_stay_full),
        cmocka_unit_test(test_ragged_title_keeps_words_together),
        cmocka_unit_test(test_headline_breaks_at_phrases),
        cmocka_unit_test(test_flush_line_end),
        cmocka_unit_test(test_run_width_leaves_out_the_gap),
        cmocka_unit_test(test_hyphen_in_mixed_line),
        cmocka_unit_test(test_hyphen_in_a_name),
        cmocka_unit_test(test_url_line),
    };
    return cmocka_run_group_tests(tests, test_setup_engine, test_teardown_engine);
}
