/* Limits (care_limits): defaults, the setter's checks, and each limit giving
 * CARE_ERR_LIMIT with a message that names the limit and the value. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carepage.h"

/* The last error names `what` and `value`. */
static void assert_message(care_engine *e, const char *what, const char *value)
{
    const char *msg = care_engine_last_error(e);
    if (!strstr(msg, what) || !strstr(msg, value))
        fail_msg("message \"%s\" should name %s and %s", msg, what, value);
}

static care_document *parse(care_engine *e, const char *text)
{
    care_document *doc = NULL;
    care_parse_options po = {.format = CARE_FORMAT_MARKDOWN, .name = "limits"};
    assert_int_equal(care_document_parse(e, text, strlen(text), &po, &doc), CARE_OK);
    return doc;
}

static care_page_options phone(void)
{
    care_page_options o;
    assert_int_equal(care_page_options_preset(&o, "phone"), CARE_OK);
    return o;
}

static void assert_same_limits(const care_limits *a, const care_limits *b)
{
    assert_int_equal(a->max_input_bytes, b->max_input_bytes);
    assert_int_equal(a->max_pages, b->max_pages);
    assert_int_equal(a->max_page_side, b->max_page_side);
    assert_int_equal(a->max_page_area, b->max_page_area);
    assert_true(a->min_font_size == b->min_font_size && a->max_font_size == b->max_font_size);
    assert_int_equal(a->max_paragraph_lines, b->max_paragraph_lines);
}

static void test_defaults(void **state)
{
    care_limits l;
    care_limits_default(&l);
    assert_int_equal(l.max_input_bytes, 16u << 20);
    assert_int_equal(l.max_pages, 1000);
    assert_int_equal(l.max_page_side, 16384);
    assert_int_equal(l.max_page_area, (size_t)1 << 28);
    assert_true(l.min_font_size == 4 && l.max_font_size == 2048);
    assert_int_equal(l.max_paragraph_lines, 100000);
    care_limits got;
    assert_int_equal(care_engine_limits(*state, &got), CARE_OK);
    assert_same_limits(&l, &got);
    care_limits_default(NULL); /* ignored */
}

/* Each out-of-range value is refused, naming its field, and the old limits stay. */
static void test_setter_checks(void **state)
{
    care_engine *e = *state;
    care_limits def, l, got;
    care_limits_default(&def);
    assert_int_equal(care_engine_set_limits(NULL, &def), CARE_ERR_INVALID_ARGUMENT);
    assert_int_equal(care_engine_set_limits(e, NULL), CARE_ERR_INVALID_ARGUMENT);
    for (int c = 0; c < 11; c++) {
        l = def;
        const char *field = NULL;
        switch (c) {
        case 0: l.max_input_bytes = 0, field = "max_input_bytes"; break;
        case 1: l.max_input_bytes = ((size_t)1 << 30) + 1, field = "max_input_bytes"; break;
        case 2: l.max_pages = 0, field = "max_pages"; break;
        case 3: l.max_page_side = 16385, field = "max_page_side"; break;
        case 4: l.max_page_side = 0, field = "max_page_side"; break;
        case 5: l.max_page_area = ((size_t)1 << 28) + 1, field = "max_page_area"; break;
        case 6: l.min_font_size = 3.5f, field = "min_font_size"; break;
        case 7: l.max_font_size = 4096, field = "max_font_size"; break;
        case 8: l.min_font_size = 100, l.max_font_size = 50, field = "min_font_size"; break;
        case 9: l.max_paragraph_lines = 0, field = "max_paragraph_lines"; break;
        case 10: l.max_font_size = (float)NAN, field = "max_font_size"; break;
        }
        assert_int_equal(care_engine_set_limits(e, &l), CARE_ERR_INVALID_ARGUMENT);
        assert_non_null(strstr(care_engine_last_error(e), field));
        assert_int_equal(care_engine_limits(e, &got), CARE_OK);
        assert_same_limits(&got, &def);
    }
    l = def;
    l.max_pages = 5;
    l.max_input_bytes = (size_t)1 << 30; /* may be raised up to 1 GiB */
    assert_int_equal(care_engine_set_limits(e, &l), CARE_OK);
    assert_int_equal(care_engine_limits(e, &got), CARE_OK);
    assert_int_equal(got.max_pages, 5);
    assert_int_equal(care_engine_set_limits(e, &def), CARE_OK);
}

static void set_limits(care_engine *e, void (*change)(care_limits *))
{
    care_limits l;
    care_limits_default(&l);
    if (change)
        change(&l);
    assert_int_equal(care_engine_set_limits(e, &l), CARE_OK);
}

static void small_input(care_limits *l) { l->max_input_bytes = 100; }

static void test_input_size(void **state)
{
    care_engine *e = *state;
    size_t n = ((size_t)16 << 20) + 1;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, 'a', n);
    care_document *doc = NULL;
    care_parse_options po = {.format = CARE_FORMAT_TEXT};
    assert_int_equal(care_document_parse(e, big, n, &po, &doc), CARE_ERR_LIMIT);
    assert_null(doc);
    assert_message(e, "max_input_bytes", "16777217");
    /* exactly at the limit is accepted (only parsed: no layout of 16 MiB here) */
    assert_int_equal(care_document_parse(e, big, n - 1, &po, &doc), CARE_OK);
    care_document_free(doc);
    free(big);

    set_limits(e, small_input);
    char text[101];
    memset(text, 'b', sizeof text);
    assert_int_equal(care_document_parse(e, text, 101, &po, &doc), CARE_ERR_LIMIT);
    assert_message(e, "max_input_bytes", "101");
    assert_int_equal(care_document_parse(e, text, 100, &po, &doc), CARE_OK);
    care_document_free(doc);
    set_limits(e, NULL);
}

static void two_pages(care_limits *l) { l->max_pages = 2; }

static void test_pages(void **state)
{
    care_engine *e = *state;
    char text[8192] = "# 标题\n\n";
    for (int i = 0; i < 60; i++)
        strcat(text, "这是一段足够长的文字，用来把页面填满。\n\n");
    care_document *doc = parse(e, text);
    care_page_options o = phone();
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_OK);
    assert_true(care_layout_page_count(L) > 2);
    care_layout_free(L);
    set_limits(e, two_pages);
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_ERR_LIMIT);
    assert_null(L);
    assert_message(e, "max_pages", "2");
    set_limits(e, NULL);
    care_document_free(doc);
}

static void side_500(care_limits *l) { l->max_page_side = 500; }
static void area_1e5(care_limits *l) { l->max_page_area = 100000; }
static void font_10_60(care_limits *l) { l->min_font_size = 10, l->max_font_size = 60; }

static void test_page_size_and_font(void **state)
{
    care_engine *e = *state;
    care_document *doc = parse(e, "# 标题\n\n正文。\n");
    care_layout *L = NULL;
    care_page_options o = phone();
    o.width = 16385;
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_ERR_LIMIT);
    assert_message(e, "max_page_side", "16385");
    o = phone();
    o.height = 0;
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_ERR_LIMIT);
    o = phone();
    o.width = 16384, o.height = 16385;
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_ERR_LIMIT);
    assert_message(e, "max_page_side", "16385");

    set_limits(e, side_500);
    o = phone();
    o.width = 480, o.height = 600, o.margin_side = 16, o.margin_top = o.margin_bottom = 40;
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_ERR_LIMIT);
    assert_message(e, "max_page_side", "600");
    o.height = 500;
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_OK);
    care_layout_free(L);

    set_limits(e, area_1e5);
    o.width = o.height = 400;
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_ERR_LIMIT);
    assert_message(e, "max_page_area", "160000");

    set_limits(e, NULL);
    o = phone();
    o.font_size = 3.9f;
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_ERR_LIMIT);
    assert_message(e, "font size", "3.90");
    o.font_size = 2049;
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_ERR_LIMIT);
    assert_message(e, "max_font_size", "2049");
    o.font_size = (float)NAN;
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_ERR_LIMIT);

    set_limits(e, font_10_60);
    o = phone();
    o.font_size = 8;
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_ERR_LIMIT);
    assert_message(e, "min_font_size", "8.00");
    o.font_size = 64;
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_ERR_LIMIT);
    o.font_size = 54;
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_OK);
    care_layout_free(L);
    set_limits(e, NULL);
    care_document_free(doc);
}

static void three_lines(care_limits *l) { l->max_paragraph_lines = 3; }

static void test_paragraph_lines(void **state)
{
    care_engine *e = *state;
    char text[4096] = "";
    for (int i = 0; i < 20; i++)
        strcat(text, "一段很长的文字，");
    care_document *doc = parse(e, text);
    care_page_options o = phone();
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_OK);
    care_layout_free(L);
    set_limits(e, three_lines);
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_ERR_LIMIT);
    assert_null(L);
    assert_message(e, "max_paragraph_lines", "3");
    set_limits(e, NULL);
    care_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_setter_checks),
        cmocka_unit_test(test_input_size),
        cmocka_unit_test(test_pages),
        cmocka_unit_test(test_page_size_and_font),
        cmocka_unit_test(test_paragraph_lines),
    };
    return cmocka_run_group_tests(tests, test_setup_engine, test_teardown_engine);
}
