/* Regression tests for defects a code review found (each test names the fix). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "layout/layout.h"
#include "input/html/html.h"
#include "test_helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static care_document *parse(care_engine *e, const char *text, care_format format)
{
    care_parse_options po = {.format = format};
    care_document *doc = NULL;
    assert_int_equal(care_document_parse(e, text, strlen(text), &po, &doc), CARE_OK);
    return doc;
}

/* fonts.c: fallback NULL with a count is refused, not dereferenced. */
static void test_null_fallback_list(void **state)
{
    (void)state;
    care_engine *e = NULL;
    assert_int_equal(care_engine_new(&e), CARE_OK);
    care_font_config cfg = {.fallback = NULL, .fallback_count = 2};
    assert_int_equal(care_engine_set_fonts(e, &cfg), CARE_ERR_INVALID_ARGUMENT);
    assert_non_null(strstr(care_engine_last_error(e), "fallback"));
    care_engine_free(e);
}

/* markdown_out.c: "2024. …" and "&" survive the Markdown export and re-read. */
static void test_markdown_round_trip(void **state)
{
    (void)state;
    care_document *doc = parse(NULL, "标题\n\n2024. The year AT&amp;T said &lt;b&gt;\n", CARE_FORMAT_TEXT);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_int_equal(care_document_write_markdown(doc, f), CARE_OK);
    fclose(f);
    care_document *again = parse(NULL, out, CARE_FORMAT_MARKDOWN);
    assert_int_equal(care_document_block_count(again), care_document_block_count(doc));
    const char *a = NULL, *b = NULL;
    care_document_block(doc, 1, NULL, &a);
    care_document_block(again, 1, NULL, &b);
    assert_string_equal(a, "2024. The year AT&amp;T said &lt;b&gt;");
    assert_string_equal(b, a);
    free(out);
    care_document_free(doc);
    care_document_free(again);
}

/* paginate.c: "N / M" never wraps, even on a narrow page with big numbers. */
static void test_page_number_one_line(void **state)
{
    (void)state;
    care_engine *e = test_engine_new();
    char md[32768] = "# 标题\n\n";
    for (int i = 0; i < 120; i++)
        strcat(md, "短段落。\n\n");
    care_document *doc = parse(e, md, CARE_FORMAT_MARKDOWN);
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    opts.width = 200, opts.height = 400, opts.font_size = 80;
    opts.margin_side = 0, opts.margin_top = 10, opts.margin_bottom = 120;
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_OK);
    assert_true(L->page_count >= 100);
    for (size_t p = 0; p < L->page_count; p++) {
        size_t footers = 0;
        for (size_t k = 0; k < L->pages[p].line_count; k++)
            footers += L->lines[L->pages[p].line_start + k].kind == CARE_BLOCK_FOOTER;
        assert_int_equal(footers, 1);
    }
    care_layout_free(L);
    care_document_free(doc);
    care_engine_free(e);
}

/* engine.c/render_api.c: a layout made before a font swap is refused, not drawn wrong. */
static void test_layout_after_font_swap(void **state)
{
    (void)state;
    care_engine *e = test_engine_new();
    care_document *doc = parse(e, "# 标题\n\n正文。\n", CARE_FORMAT_MARKDOWN);
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_OK);
    care_font_config serif = {.cjk_regular = "Noto Serif CJK SC"};
    assert_int_equal(care_engine_set_fonts(e, &serif), CARE_OK);
    care_surface s = {malloc(1080 * 1920), 1080, 1920, 1080, CARE_PIXEL_GRAY8};
    assert_int_equal(care_render_page(L, 0, &s), CARE_ERR_INVALID_ARGUMENT);
    assert_non_null(strstr(care_engine_last_error(e), "fonts were replaced"));
    free(s.pixels);
    care_layout_free(L);
    care_document_free(doc);
    care_engine_free(e);
}

/* html_encoding.c: UTF-16 text with an 'h' is not HTML; "<html" in UTF-16 is. */
static void test_utf16_html_detection(void **state)
{
    (void)state;
    static const char text[] = {(char)0xFF, (char)0xFE, 'h', 0, 'i', 0};
    static const char page[] = {(char)0xFF, (char)0xFE, '<', 0, 'h', 0, 't', 0, 'm', 0, 'l', 0, '>', 0};
    assert_false(care_html_detect(text, sizeof text));
    assert_true(care_html_detect(page, sizeof page));
}

/* html_encoding.c: a GBK page's unmappable bytes become one U+FFFD each and are counted. */
static void test_legacy_replacements_counted(void **state)
{
    (void)state;
    static const char page[] =
        "<html><head><meta charset=\"gbk\"></head><body><article><h1>\xb1\xea\xcc\xe2</h1>"
        "<p>\xd5\xfd\xce\xc4\x81\x20\xb6\xce\xc2\xe4\xa3\xac\xd5\xe2\xca\xc7\xb2\xe2"
        "\xca\xd4\xa1\xa3</p></article></body></html>";
    care_parse_options po = {.format = CARE_FORMAT_HTML, .replace_invalid = true};
    care_document *doc = NULL;
    assert_int_equal(care_document_parse(NULL, page, sizeof page - 1, &po, &doc), CARE_OK);
    assert_int_equal(care_document_replaced_count(doc), 1);
    bool found = false;
    for (size_t i = 0; i < care_document_block_count(doc); i++) {
        const char *text = NULL;
        care_document_block(doc, i, NULL, &text);
        found |= strstr(text, "\xEF\xBF\xBD") != NULL;
    }
    assert_true(found);
    care_document_free(doc);
}

/* layout_api.c: NaN or out-of-range typesetting options are refused. */
static void test_bad_options_refused(void **state)
{
    (void)state;
    care_engine *e = test_engine_new();
    care_document *doc = parse(e, "# 标题\n\n正文。\n", CARE_FORMAT_MARKDOWN);
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    opts.cjk_latin_spacing = 0.0f / 0.0f;
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_ERR_INVALID_ARGUMENT);
    care_page_options_preset(&opts, "phone");
    opts.align = (care_align)7;
    assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_ERR_INVALID_ARGUMENT);
    assert_null(L);
    /* a language that is not a BCP 47 tag is named, not passed on to ICU */
    static const char *bad_tags[] = {"", "zh Hant", "123", "zh--Hant", "zh-Hant-", "中文"};
    for (size_t i = 0; i < sizeof bad_tags / sizeof *bad_tags; i++) {
        care_page_options_preset(&opts, "phone");
        opts.lang = bad_tags[i];
        assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_ERR_INVALID_ARGUMENT);
        assert_non_null(strstr(care_engine_last_error(e), "BCP 47"));
        care_parse_options po = {.lang = bad_tags[i]};
        care_document *other = NULL;
        assert_int_equal(care_document_parse(e, "正文", 6, &po, &other), CARE_ERR_INVALID_ARGUMENT);
        assert_null(other);
    }
    static const char *good_tags[] = {"zh-Hans", "zh-Hant-TW", "zh_TW", "en", "ko", "yue-HK"};
    for (size_t i = 0; i < sizeof good_tags / sizeof *good_tags; i++) {
        care_page_options_preset(&opts, "phone");
        opts.lang = good_tags[i];
        assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_OK);
        care_layout_free(L);
        L = NULL;
    }
    care_document_free(doc);
    care_engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_fallback_list),
        cmocka_unit_test(test_markdown_round_trip),
        cmocka_unit_test(test_page_number_one_line),
        cmocka_unit_test(test_layout_after_font_swap),
        cmocka_unit_test(test_utf16_html_detection),
        cmocka_unit_test(test_bad_options_refused),
        cmocka_unit_test(test_legacy_replacements_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
