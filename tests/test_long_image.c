/* Long image (长图, opts.long_image): one tall image split into parts no
 * taller than the limit, never through a line, no page numbers, each part
 * cropped below its last line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "layout/layout.h"
#include "test_helpers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void test_parts(void **state)
{
    (void)state;
    care_engine *e = test_engine_new();
    char md[16384] = "# 长图\n\n";
    for (int i = 0; i < 30; i++)
        strcat(md, "这是一段用来测试长图分段的文字，每一段都有好几行，长图不会把任何一行切成两半。\n\n");
    care_parse_options po = {.format = CARE_FORMAT_MARKDOWN};
    care_document *doc = NULL;
    assert_int_equal(care_document_parse(e, md, strlen(md), &po, &doc), CARE_OK);
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    opts.long_image = true;
    opts.height = 3000;
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_OK);
    size_t parts = care_layout_page_count(L);
    assert_true(parts >= 2);
    for (size_t p = 0; p < parts; p++) {
        care_page_info info;
        assert_int_equal(care_layout_page(L, p, &info), CARE_OK);
        assert_true(info.height <= 3000);
        for (size_t k = 0; k < info.line_count; k++) {
            care_line_info li;
            assert_int_equal(care_layout_line(L, p, k, &li), CARE_OK);
            assert_int_not_equal(li.kind, CARE_BLOCK_FOOTER);
            assert_true(li.baseline + li.descent <= (float)info.height);
        }
        if (p + 1 == parts)
            assert_true(info.height < 3000); /* the last part ends below its last line */
    }
    care_layout_free(L);
    care_document_free(doc);
    care_engine_free(e);
}

/* An empty article as a long image is its margins tall, not the limit. */
static void test_empty_article(void **state)
{
    (void)state;
    care_engine *e = test_engine_new();
    care_parse_options po = {.format = CARE_FORMAT_TEXT};
    care_document *doc = NULL;
    assert_int_equal(care_document_parse(e, "", 0, &po, &doc), CARE_OK);
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    opts.long_image = true;
    opts.height = 16384;
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_OK);
    assert_int_equal(care_layout_page_count(L), 1);
    care_page_info info;
    assert_int_equal(care_layout_page(L, 0, &info), CARE_OK);
    assert_int_equal(info.height, (int)ceilf(opts.margin_top + opts.margin_bottom));
    care_layout_free(L);
    care_document_free(doc);
    care_engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_parts),
                                       cmocka_unit_test(test_empty_article)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
