/* Limits (care_limits): defaults, the setter's checks, and each limit giving
 * CARE_ERR_LIMIT with a message that names the limit and the value. */
#define _DEFAULT_SOURCE /* wait4 */

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

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* `chars` Han characters (a ， after every 17th) as one paragraph under a title. */
static char *han_paragraph(size_t chars, size_t *len)
{
    char *t = malloc(chars * 3 + 16);
    assert_non_null(t);
    size_t n = (size_t)sprintf(t, "# 标题\n\n");
    for (size_t i = 0; i < chars; i++) {
        uint32_t cp = i % 18 == 17 ? 0xFF0C : 0x4E00 + (uint32_t)((i * 7) % 3000);
        t[n++] = (char)(0xE0 | (cp >> 12));
        t[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[n++] = (char)(0x80 | (cp & 0x3F));
    }
    t[n++] = '\n';
    *len = n;
    return t;
}

static void many_pages(care_limits *l) { l->max_pages = 100000; }

/* A paragraph longer than a layout piece (64 KiB): the lines on both sides of
 * each seam are whole, justified lines; no character lost or doubled. */
static void test_long_paragraph_in_pieces(void **state)
{
    care_engine *e = *state;
    size_t len;
    char *text = han_paragraph(60000, &len); /* 180 KB: three pieces */
    care_document *doc = NULL;
    care_parse_options po = {.format = CARE_FORMAT_MARKDOWN, .name = "pieces"};
    assert_int_equal(care_document_parse(e, text, len, &po, &doc), CARE_OK);
    care_page_options o = phone();
    care_layout *L = NULL;
    set_limits(e, many_pages);
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_OK);
    size_t end = 0, lines = 0;
    float full = 0;
    care_line_info prev = {0};
    for (size_t pg = 0; pg < care_layout_page_count(L); pg++) {
        care_page_info pi;
        assert_int_equal(care_layout_page(L, pg, &pi), CARE_OK);
        for (size_t i = 0; i < pi.line_count; i++) {
            care_line_info li;
            assert_int_equal(care_layout_line(L, pg, i, &li), CARE_OK);
            if (li.block != 1)
                continue;
            assert_int_equal(li.start, end); /* contiguous: nothing lost or doubled */
            end = li.end;
            full = lines == 2 ? prev.width : full; /* line 1: the first without indent */
            if (lines > 2 && fabsf(prev.width - full) > 0.5f) /* prev: not the last line */
                fail_msg("line %zu is %.2f px wide, not justified to %.2f", lines - 1, prev.width,
                         full);
            prev = li;
            lines++;
        }
    }
    assert_int_equal(end, 60000 * 3);
    assert_true(lines > 3000);
    care_layout_free(L);
    care_document_free(doc);
    set_limits(e, NULL);
    free(text);
}

/* Issue 18: a 16 MiB paragraph took 831-912 MB and 8.8 s before it was
 * refused for its lines. Now max_pages stops it after about 1,000 pages of
 * lines, one 64 KiB piece at a time: the child's peak RSS stays under 300 MB
 * (under the sanitizers, whose shadow memory counts, 4 MiB and no RSS check). */
static void test_16mib_paragraph_refused_early(void **state)
{
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        care_engine *e = NULL;
        size_t len;
#ifdef __SANITIZE_ADDRESS__
        char *text = han_paragraph((4u << 20) / 3 - 8, &len); /* still over 1,000 pages */
#else
        char *text = han_paragraph((16u << 20) / 3 - 8, &len);
#endif
        care_document *doc = NULL;
        care_layout *L = NULL;
        care_parse_options po = {.format = CARE_FORMAT_TEXT, .name = "big"};
        care_page_options o = phone();
        if (care_engine_new(&e) != CARE_OK || care_engine_set_fonts(e, NULL) != CARE_OK ||
            care_document_parse(e, text, len, &po, &doc) != CARE_OK)
            _exit(2);
        free(text);
        care_status st = care_layout_new(e, doc, &o, &L);
        const char *msg = care_engine_last_error(e);
        _exit(st == CARE_ERR_LIMIT && strstr(msg, "more than 1000 pages (limit max_pages)") ? 0 : 1);
    }
    int status;
    struct rusage ru;
    assert_int_equal(wait4(pid, &status, 0, &ru), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    print_message("16 MiB paragraph refused, peak RSS %.1f MB\n", (double)ru.ru_maxrss / 1024);
#ifndef __SANITIZE_ADDRESS__
    assert_true(ru.ru_maxrss < 300 * 1024);
#endif
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
        cmocka_unit_test(test_long_paragraph_in_pieces),
        cmocka_unit_test(test_16mib_paragraph_refused_early),
    };
    return cmocka_run_group_tests(tests, test_setup_engine, test_teardown_engine);
}
