/* Unit tests of CJK-friendly emphasis (md_emphasis.c): the markdown-cjk-friendly
 * amendment's flanking rules over the asterisks md4c leaves as text, and the
 * --extract-only round trip (care_document_write_markdown, then parse again). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "input/document.h"
#include "test_helpers.h"

static care_document *parse_md(const char *src)
{
    care_engine engine = {0};
    care_parse_options opt = {.format = CARE_FORMAT_MARKDOWN, .name = "e.md", .keep_punct = true};
    care_document *doc = NULL;
    assert_int_equal(care_document_parse(&engine, src, strlen(src), &opt, &doc), CARE_OK);
    return doc;
}

/* Block i's text and its spans as "start-end:style" items. */
static void expect_spans(const care_document *doc, size_t i, const char *text, const char *spans)
{
    assert_true(i < doc->count);
    const care_block *b = &doc->blocks[i];
    assert_string_equal(b->text, text);
    char got[256] = "";
    for (size_t k = 0; k < b->span_count; k++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%zu-%zu:%u", k ? " " : "",
                 b->spans[k].start, b->spans[k].end, b->spans[k].style);
    assert_string_equal(got, spans);
}

/* The Markdown src parsed: its first block reads text, with spans as in expect_spans. */
static void expect_md_spans(const char *src, const char *text, const char *spans)
{
    care_document *doc = parse_md(src);
    expect_spans(doc, 0, text, spans);
    care_document_free(doc);
}

/* The case: ** after ： and before 明 closes (bold = 1). */
static void strong_after_cjk_punctuation(void **state)
{
    (void)state;
    expect_md_spans("**重要提示：**明天全市停水。\n",
                    "重要提示：明天全市停水。", "0-15:1 15-36:0");
}

/* Emphasis closing after 。” and opening after ：, before a CJK quote (em = 2). */
static void em_around_cjk_quotes(void **state)
{
    (void)state;
    expect_md_spans("他说：*“好的。”*然后走了。\n",
                    "他说：“好的。”然后走了。", "0-9:0 9-24:2 24-39:0");
}

/* Literal asterisks stay: escaped, in code, and between spaces (not flanking). */
static void literal_asterisks_kept(void **state)
{
    (void)state;
    expect_md_spans("价格 \\*不变\\*，`**代码**`，2 * 3 * 4。\n",
                    "价格 *不变*，**代码**，2 * 3 * 4。", "0-43:0");
}

/* English emphasis is md4c's, unchanged; a mixed run pairs strong then em. */
static void latin_unchanged_and_nested(void **state)
{
    (void)state;
    expect_md_spans("a **bold** word and ***注意：***后文\n",
                    "a bold word and 注意：后文", "0-2:0 2-6:1 6-16:0 16-25:3 25-31:0");
}

/* The Markdown carepage writes reads back into the same text and spans. */
static void extract_only_round_trip(void **state)
{
    (void)state;
    care_document *doc = parse_md("# 标题\n\n**重要提示：**明天全市停水，*请储水。*谢谢。\n");
    size_t md_len = 0;
    char *md = test_write_markdown(doc, &md_len);
    care_document *again = parse_md(md);
    assert_int_equal(again->count, doc->count);
    expect_spans(again, 1, doc->blocks[1].text, "0-15:1 15-36:0 36-48:2 48-57:0");
    expect_spans(doc, 1, "重要提示：明天全市停水，请储水。谢谢。", "0-15:1 15-36:0 36-48:2 48-57:0");
    care_document_free(again);
    care_document_free(doc);
    free(md);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strong_after_cjk_punctuation),
        cmocka_unit_test(em_around_cjk_quotes),
        cmocka_unit_test(literal_asterisks_kept),
        cmocka_unit_test(latin_unchanged_and_nested),
        cmocka_unit_test(extract_only_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
