/* Unit tests of document parsing (document.c, markdown.c, plaintext.c, byline.c): Markdown and plain-text parsing into the block model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "common/limits.h"
#include "input/document.h"

/* ---------- helpers ---------- */

static care_document *parse_as(const char *src, care_format format)
{
    care_engine engine = {0};
    care_parse_options opt = {0};
    opt.format = format;
    opt.name = "test.md";
    care_document *doc = NULL;
    care_status st = care_document_parse(&engine, src, strlen(src), &opt, &doc);
    if (st != CARE_OK)
        print_message("parse failed: %s\n", engine.error.message);
    assert_int_equal(st, CARE_OK);
    assert_non_null(doc);
    return doc;
}

static const care_block *block_at(const care_document *doc, size_t i, care_block_kind kind,
                                  const char *text)
{
    assert_true(i < doc->count);
    const care_block *b = &doc->blocks[i];
    assert_string_equal(b->text, text);
    assert_int_equal(b->text_len, strlen(text));
    assert_int_equal(b->kind, kind);
    return b;
}

/** A block's spans must tile its text; checks span j against (start, end, style). */
static void expect_span(const care_block *b, size_t j, size_t start, size_t end, unsigned style)
{
    assert_true(j < b->span_count);
    assert_int_equal(b->spans[j].start, start);
    assert_int_equal(b->spans[j].end, end);
    assert_int_equal(b->spans[j].style, style);
}

static void expect_tiling(const care_document *doc)
{
    for (size_t i = 0; i < doc->count; i++) {
        const care_block *b = &doc->blocks[i];
        assert_true(b->span_count >= 1);
        assert_int_equal(b->spans[0].start, 0);
        assert_int_equal(b->spans[b->span_count - 1].end, b->text_len);
        for (size_t j = 1; j < b->span_count; j++) {
            assert_int_equal(b->spans[j].start, b->spans[j - 1].end);
            assert_int_not_equal(b->spans[j].style, b->spans[j - 1].style);
        }
    }
}

/* ---------- Markdown ---------- */

static const char ARTICLE_MD[] =
    "# 小城开通 AI 公交\n"
    "作者：王小明  \n"
    "来源：本地日报  \n"
    "\n"
    "周一起，小城的 5 路公交改由 AI 调度。\n"
    "\n"
    "## 第一站 Downtown\n"
    "\n"
    "乘客说**非常方便 very**，也有*一些*担心。\n"
    "\n"
    "> 我们会继续改进。\n"
    "\n"
    "- 早班车\n"
    "- 晚班车\n"
    "  - 周末加开\n"
    "\n"
    "3. 第三条\n"
    "4. 第四条\n";

static void test_md_structure(void **state)
{
    (void)state;
    care_document *doc = parse_as(ARTICLE_MD, CARE_FORMAT_MARKDOWN);
    assert_int_equal(doc->count, 12);
    block_at(doc, 0, CARE_BLOCK_TITLE, "小城开通 AI 公交");
    block_at(doc, 1, CARE_BLOCK_BYLINE, "作者：王小明");
    block_at(doc, 2, CARE_BLOCK_BYLINE, "来源：本地日报");
    block_at(doc, 3, CARE_BLOCK_PARAGRAPH, "周一起，小城的 5 路公交改由 AI 调度。");
    const care_block *h = block_at(doc, 4, CARE_BLOCK_HEADING, "第一站 Downtown");
    assert_int_equal(h->level, 2);
    block_at(doc, 5, CARE_BLOCK_PARAGRAPH, "乘客说非常方便 very，也有一些担心。");
    block_at(doc, 6, CARE_BLOCK_QUOTE, "我们会继续改进。");
    const care_block *li = block_at(doc, 7, CARE_BLOCK_LIST_ITEM, "早班车");
    assert_int_equal(li->level, 1);
    assert_string_equal(li->marker, "\xE2\x80\xA2");
    li = block_at(doc, 8, CARE_BLOCK_LIST_ITEM, "晚班车");
    assert_int_equal(li->level, 1);
    li = block_at(doc, 9, CARE_BLOCK_LIST_ITEM, "周末加开");
    assert_int_equal(li->level, 2);
    assert_string_equal(li->marker, "\xE2\x80\xA2");
    li = block_at(doc, 10, CARE_BLOCK_LIST_ITEM, "第三条");
    assert_string_equal(li->marker, "3.");
    assert_int_equal(li->level, 1);
    li = block_at(doc, 11, CARE_BLOCK_LIST_ITEM, "第四条");
    assert_string_equal(li->marker, "4.");

    assert_string_equal(care_document_title(doc), "小城开通 AI 公交");
    assert_string_equal(care_document_author(doc), "王小明");
    assert_string_equal(care_document_source(doc), "本地日报");
    expect_tiling(doc);
    care_document_free(doc);
}

static void test_md_emphasis_spans(void **state)
{
    (void)state;
    care_document *doc = parse_as(ARTICLE_MD, CARE_FORMAT_MARKDOWN);
    /* "乘客说" 9 bytes | "非常方便 very" 17 bytes bold | "，也有" 9 | "一些" 6 em | "担心。" 9 */
    const care_block *p = &doc->blocks[5];
    assert_int_equal(p->span_count, 5);
    expect_span(p, 0, 0, 9, 0);
    expect_span(p, 1, 9, 26, CARE_STYLE_BOLD);
    expect_span(p, 2, 26, 35, 0);
    expect_span(p, 3, 35, 41, CARE_STYLE_EM);
    expect_span(p, 4, 41, 50, 0);
    assert_int_equal(doc->blocks[0].span_count, 1);
    expect_span(&doc->blocks[0], 0, 0, doc->blocks[0].text_len, 0);
    care_document_free(doc);

    doc = parse_as("甲***乙*丙**丁", CARE_FORMAT_MARKDOWN);
    const care_block *b = block_at(doc, 0, CARE_BLOCK_PARAGRAPH, "甲乙丙丁");
    assert_int_equal(b->span_count, 4);
    expect_span(b, 0, 0, 3, 0);
    expect_span(b, 1, 3, 6, CARE_STYLE_BOLD | CARE_STYLE_EM);
    expect_span(b, 2, 6, 9, CARE_STYLE_BOLD);
    expect_span(b, 3, 9, 12, 0);
    care_document_free(doc);
}

static void test_md_soft_breaks(void **state)
{
    (void)state;
    care_document *doc = parse_as("# 标题\n\n第一行中文\n第二行中文\n\nline one\nline two\n\n"
                                  "中文结尾\nEnglish start\n\n句号。\n（括号）\n",
                                  CARE_FORMAT_MARKDOWN);
    assert_int_equal(doc->count, 5);
    block_at(doc, 1, CARE_BLOCK_PARAGRAPH, "第一行中文第二行中文");
    block_at(doc, 2, CARE_BLOCK_PARAGRAPH, "line one line two");
    block_at(doc, 3, CARE_BLOCK_PARAGRAPH, "中文结尾 English start");
    /* full-width punctuation is CJK too */
    block_at(doc, 4, CARE_BLOCK_PARAGRAPH, "句号。（括号）");
    care_document_free(doc);
}

static void test_md_hard_break_in_body(void **state)
{
    (void)state;
    care_document *doc = parse_as("# 标题\n\n正文第一段。\n\n硬换行  \n接着写 and more  \ntext\n",
                                  CARE_FORMAT_MARKDOWN);
    assert_int_equal(doc->count, 3);
    block_at(doc, 1, CARE_BLOCK_PARAGRAPH, "正文第一段。");
    block_at(doc, 2, CARE_BLOCK_PARAGRAPH, "硬换行接着写 and more text");
    care_document_free(doc);
}

static void test_md_byline_forms(void **state)
{
    (void)state;
    /* directly under the title, soft breaks: every line is a byline */
    care_document *doc = parse_as("# 标题\n新华网\n记者 李四\n\n正文。\n", CARE_FORMAT_MARKDOWN);
    assert_int_equal(doc->count, 4);
    block_at(doc, 1, CARE_BLOCK_BYLINE, "新华网");
    block_at(doc, 2, CARE_BLOCK_BYLINE, "记者 李四");
    block_at(doc, 3, CARE_BLOCK_PARAGRAPH, "正文。");
    assert_string_equal(care_document_author(doc), "李四");
    assert_string_equal(care_document_source(doc), "");
    care_document_free(doc);

    /* after a blank line, without trailing spaces: an ordinary paragraph */
    doc = parse_as("# 标题\n\n新华网\n\n正文。\n", CARE_FORMAT_MARKDOWN);
    block_at(doc, 1, CARE_BLOCK_PARAGRAPH, "新华网");
    care_document_free(doc);

    /* By / Source in English, "|" separator */
    doc = parse_as("# Title here\nBy Jane Doe  \nSource| Example Daily\n\nBody text.\n",
                   CARE_FORMAT_MARKDOWN);
    block_at(doc, 1, CARE_BLOCK_BYLINE, "By Jane Doe");
    block_at(doc, 2, CARE_BLOCK_BYLINE, "Source| Example Daily");
    assert_string_equal(care_document_author(doc), "Jane Doe");
    assert_string_equal(care_document_source(doc), "Example Daily");
    care_document_free(doc);

    /* a line starting with "文" needs a separator to name the author */
    doc = parse_as("# 标题\n文化频道  \n文／赵六\n\n正文。\n", CARE_FORMAT_MARKDOWN);
    block_at(doc, 1, CARE_BLOCK_BYLINE, "文化频道");
    assert_string_equal(care_document_author(doc), "赵六");
    care_document_free(doc);
}

static void test_md_inline_elements(void **state)
{
    (void)state;
    care_document *doc = parse_as(
        "# 标题\n\n见[官网 site](https://example.com)和`code  span`。\n\n"
        "![一张 photo 说明](a.png)\n\n图文![内嵌](b.png)混排\n\n"
        "&amp; &#20013;&#x6587; &copy; &lt;tag&gt; <b>raw</b>\n",
        CARE_FORMAT_MARKDOWN);
    assert_int_equal(doc->count, 5);
    block_at(doc, 1, CARE_BLOCK_PARAGRAPH, "见官网 site和code span。");
    block_at(doc, 2, CARE_BLOCK_FIGURE, "一张 photo 说明");
    assert_string_equal(care_document_figure_src(doc, 2), "a.png");
    block_at(doc, 3, CARE_BLOCK_PARAGRAPH, "图文内嵌混排");
    block_at(doc, 4, CARE_BLOCK_PARAGRAPH, "& 中文 &copy; <tag> <b>raw</b>");
    care_document_free(doc);
}

static void test_md_whitespace_and_controls(void **state)
{
    (void)state;
    care_document *doc = parse_as("# 标题\n\n甲\t\t乙  丙\x01丁\xE3\x80\x80戊\xC2\xA0己\n",
                                  CARE_FORMAT_MARKDOWN);
    block_at(doc, 1, CARE_BLOCK_PARAGRAPH, "甲 乙 丙丁\xE3\x80\x80戊\xC2\xA0己");
    care_document_free(doc);
    /* controls, DEL, C1 and blanks inside and after runs of eight bytes and more */
    doc = parse_as("# 标题\n\n甲乙丙丁戊己庚辛\x01壬癸子丑寅卯辰巳\x7F午未abcdefgh\xC2\x85"
                   "ijklmnop\xC2\xA0qrstuvwx\tyz\n",
                   CARE_FORMAT_MARKDOWN);
    block_at(doc, 1, CARE_BLOCK_PARAGRAPH,
             "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未abcdefghijklmnop\xC2\xA0qrstuvwx yz");
    care_document_free(doc);
}

static void test_md_later_h1_and_loose_list(void **state)
{
    (void)state;
    care_document *doc = parse_as("# 主标题\n\n正文。\n\n# 第二个一级标题\n\n"
                                  "1. 第一项\n\n   补充说明\n2. 第二项\n",
                                  CARE_FORMAT_MARKDOWN);
    assert_int_equal(doc->count, 6);
    block_at(doc, 0, CARE_BLOCK_TITLE, "主标题");
    const care_block *h = block_at(doc, 2, CARE_BLOCK_HEADING, "第二个一级标题");
    assert_int_equal(h->level, 2);
    assert_string_equal(block_at(doc, 3, CARE_BLOCK_LIST_ITEM, "第一项")->marker, "1.");
    assert_string_equal(block_at(doc, 4, CARE_BLOCK_LIST_ITEM, "补充说明")->marker, "");
    assert_string_equal(block_at(doc, 5, CARE_BLOCK_LIST_ITEM, "第二项")->marker, "2.");
    care_document_free(doc);
}

static void test_md_source_offsets(void **state)
{
    (void)state;
    const char src[] = "# 标题\n\n正文 text。\n";
    care_document *doc = parse_as(src, CARE_FORMAT_MARKDOWN);
    assert_int_equal(doc->count, 2);
    assert_int_equal(doc->blocks[0].source_start, 2);
    assert_int_equal(doc->blocks[0].source_end, 8);
    size_t body = (size_t)(strstr(src, "正文") - src);
    assert_int_equal(doc->blocks[1].source_start, body);
    assert_int_equal(doc->blocks[1].source_end, strlen(src) - 1);
    care_document_free(doc);

    /* byline lines get their own ranges */
    const char src2[] = "# T\n作者：甲  \n来源：乙\n\nBody.\n";
    doc = parse_as(src2, CARE_FORMAT_MARKDOWN);
    size_t a = (size_t)(strstr(src2, "作者") - src2), s = (size_t)(strstr(src2, "来源") - src2);
    assert_int_equal(doc->blocks[1].source_start, a);
    assert_int_equal(doc->blocks[1].source_end, a + strlen("作者：甲"));
    assert_int_equal(doc->blocks[2].source_start, s);
    assert_int_equal(doc->blocks[2].source_end, s + strlen("来源：乙"));
    care_document_free(doc);
}

/* ---------- plain text ---------- */

static void test_plain_text(void **state)
{
    (void)state;
    care_document *doc = parse_as("\n  城市新闻 City News\r\n\r\n来源：晚报\r\n\r\n作者: 钱七\r\n\r\n"
                                  "第一段第一行\r\n第一段第二行\r\n\r\n"
                                  "Second paragraph\nwraps here\n\n\xE3\x80\x80\n中文\nand English\n",
                                  CARE_FORMAT_TEXT);
    assert_int_equal(doc->count, 6);
    block_at(doc, 0, CARE_BLOCK_TITLE, "城市新闻 City News");
    block_at(doc, 1, CARE_BLOCK_BYLINE, "来源：晚报");
    block_at(doc, 2, CARE_BLOCK_BYLINE, "作者：钱七" /* colon normalised after Han, GB/T 15834 */);
    block_at(doc, 3, CARE_BLOCK_PARAGRAPH, "第一段第一行第一段第二行");
    block_at(doc, 4, CARE_BLOCK_PARAGRAPH, "Second paragraph wraps here");
    block_at(doc, 5, CARE_BLOCK_PARAGRAPH, "中文 and English");
    assert_string_equal(care_document_title(doc), "城市新闻 City News");
    assert_string_equal(care_document_source(doc), "晚报");
    assert_string_equal(care_document_author(doc), "钱七");
    assert_int_equal(doc->blocks[0].source_start, 3);
    assert_int_equal(doc->blocks[0].source_end, 3 + strlen("城市新闻 City News"));
    expect_tiling(doc);
    care_document_free(doc);
}

static void test_plain_byline_rules(void **state)
{
    (void)state;
    /* a labelled line after an ordinary paragraph is not a byline */
    care_document *doc = parse_as("标题\n普通段落。\n\n编辑：孙八\n", CARE_FORMAT_TEXT);
    assert_int_equal(doc->count, 3);
    block_at(doc, 1, CARE_BLOCK_PARAGRAPH, "普通段落。");
    block_at(doc, 2, CARE_BLOCK_PARAGRAPH, "编辑：孙八");
    care_document_free(doc);

    /* lines of the title's own paragraph can be bylines */
    doc = parse_as("标题\n责任编辑：周九\nSource: Wire\n\n正文。\n", CARE_FORMAT_TEXT);
    assert_int_equal(doc->count, 4);
    block_at(doc, 1, CARE_BLOCK_BYLINE, "责任编辑：周九");
    block_at(doc, 2, CARE_BLOCK_BYLINE, "Source: Wire");
    assert_string_equal(care_document_source(doc), "Wire");
    assert_string_equal(care_document_author(doc), "");
    care_document_free(doc);

    /* leading labelled lines of a paragraph are bylines, the rest is body text */
    doc = parse_as("标题\n\n作者：吴十\n正文紧跟其后。\n", CARE_FORMAT_TEXT);
    assert_int_equal(doc->count, 3);
    block_at(doc, 1, CARE_BLOCK_BYLINE, "作者：吴十");
    block_at(doc, 2, CARE_BLOCK_PARAGRAPH, "正文紧跟其后。");
    assert_string_equal(care_document_author(doc), "吴十");
    care_document_free(doc);
}

/* ---------- format detection and the public API ---------- */

static void test_auto_detection(void **state)
{
    (void)state;
    care_document *doc = parse_as("\n\n# 标题\n正文 **加粗**\n", CARE_FORMAT_AUTO);
    block_at(doc, 0, CARE_BLOCK_TITLE, "标题");
    care_document_free(doc);

    doc = parse_as("标题行\n\n引言。\n\n## 小节\n\n内容。\n", CARE_FORMAT_AUTO);
    block_at(doc, 0, CARE_BLOCK_PARAGRAPH, "标题行");
    block_at(doc, 2, CARE_BLOCK_HEADING, "小节");
    care_document_free(doc);

    doc = parse_as("#话题 标题\n\n正文 2**10 很大\n", CARE_FORMAT_AUTO);
    block_at(doc, 0, CARE_BLOCK_TITLE, "#话题 标题");
    block_at(doc, 1, CARE_BLOCK_PARAGRAPH, "正文 2**10 很大");
    care_document_free(doc);

    /* no "# " title, but strong text and a list: Markdown */
    doc = parse_as("第一行\n\n正文有**粗体**。\n\n- 列表\n", CARE_FORMAT_AUTO);
    block_at(doc, 1, CARE_BLOCK_PARAGRAPH, "正文有粗体。");
    block_at(doc, 2, CARE_BLOCK_LIST_ITEM, "列表");
    care_document_free(doc);

    doc = parse_as("第一行\n# 不在开头\n", CARE_FORMAT_AUTO);
    block_at(doc, 0, CARE_BLOCK_TITLE, "第一行");
    care_document_free(doc);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    care_engine engine = {0};
    care_parse_options opt = {0};
    opt.name = "article.md";
    care_document *doc = (care_document *)&opt;
    const char bad[] = "# 新闻\n\n\xC0\xAF";
    assert_int_equal(care_document_parse(&engine, bad, sizeof bad - 1, &opt, &doc),
                     CARE_ERR_INVALID_UTF8);
    assert_null(doc);
    assert_int_equal(engine.error.status, CARE_ERR_INVALID_UTF8);
    assert_string_equal(engine.error.message, "article.md: invalid UTF-8 at byte offset 10");

    opt.name = NULL;
    assert_int_equal(care_document_parse(&engine, bad, sizeof bad - 1, &opt, &doc),
                     CARE_ERR_INVALID_UTF8);
    assert_string_equal(engine.error.message, "input: invalid UTF-8 at byte offset 10");

    opt.replace_invalid = true;
    assert_int_equal(care_document_parse(&engine, bad, sizeof bad - 1, &opt, &doc), CARE_OK);
    assert_int_equal(doc->replaced, 2);
    block_at(doc, 1, CARE_BLOCK_PARAGRAPH, "\xEF\xBF\xBD\xEF\xBF\xBD");
    care_document_free(doc);
}

static void test_limit_and_arguments(void **state)
{
    (void)state;
    care_engine engine = {0};
    care_document *doc = NULL;
    size_t len = CARE_MAX_INPUT_BYTES + 1;
    char *big = malloc(len);
    assert_non_null(big);
    memset(big, 'a', len);
    assert_int_equal(care_document_parse(&engine, big, len, NULL, &doc), CARE_ERR_LIMIT);
    assert_null(doc);
    assert_non_null(strstr(engine.error.message, "16777217"));
    assert_non_null(strstr(engine.error.message, "16777216"));
    free(big);

    assert_int_equal(care_document_parse(&engine, "x", 1, NULL, NULL), CARE_ERR_INVALID_ARGUMENT);
    assert_int_equal(care_document_parse(&engine, NULL, 4, NULL, &doc),
                     CARE_ERR_INVALID_ARGUMENT);
    care_parse_options opt = {0};
    opt.format = (care_format)7;
    assert_int_equal(care_document_parse(&engine, "x", 1, &opt, &doc), CARE_ERR_INVALID_ARGUMENT);

    assert_int_equal(care_document_parse(&engine, NULL, 0, NULL, &doc), CARE_OK);
    assert_int_equal(care_document_block_count(doc), 0);
    assert_string_equal(care_document_title(doc), "");
    care_document_free(doc);
}

static void test_public_accessors(void **state)
{
    (void)state;
    care_engine engine = {0};
    care_document *doc = NULL;
    const char src[] = "# Cafe\xCC\x81 咖啡\n\n正文。\n"; /* NFC turns e + U+0301 into é */
    assert_int_equal(care_document_parse(&engine, src, sizeof src - 1, NULL, &doc), CARE_OK);
    assert_int_equal(care_document_block_count(doc), 2);
    care_block_kind kind = CARE_BLOCK_FOOTER;
    const char *text = NULL;
    assert_int_equal(care_document_block(doc, 0, &kind, &text), CARE_OK);
    assert_int_equal(kind, CARE_BLOCK_TITLE);
    assert_string_equal(text, "Caf\xC3\xA9 咖啡");
    assert_string_equal(care_document_title(doc), "Caf\xC3\xA9 咖啡");
    assert_int_equal(care_document_block(doc, 2, &kind, &text), CARE_ERR_INVALID_ARGUMENT);
    assert_int_equal(care_document_block(NULL, 0, &kind, &text), CARE_ERR_INVALID_ARGUMENT);
    assert_int_equal(care_document_block_count(NULL), 0);
    assert_string_equal(care_document_author(NULL), "");
    care_document_free(doc);
    care_document_free(NULL);
}

/* The format table: names both ways (the CLI's --format), and a block's edge
 * white space trimmed alike in every format (U+00A0 and U+3000 too). */
static void test_format_names_and_trimming(void **state)
{
    (void)state;
    static const char *const names[] = {"auto", "markdown", "text", "html"};
    for (int f = 0; f < 4; f++) {
        care_format got = (care_format)99;
        assert_int_equal(care_format_from_name(names[f], &got), CARE_OK);
        assert_int_equal(got, (care_format)f);
        assert_string_equal(care_format_name((care_format)f), names[f]);
    }
    care_format keep = CARE_FORMAT_TEXT;
    assert_int_equal(care_format_from_name("Markdown", &keep), CARE_ERR_INVALID_ARGUMENT);
    assert_int_equal(care_format_from_name("epub", &keep), CARE_ERR_INVALID_ARGUMENT);
    assert_int_equal(care_format_from_name(NULL, &keep), CARE_ERR_INVALID_ARGUMENT);
    assert_int_equal(keep, CARE_FORMAT_TEXT);
    assert_null(care_format_name((care_format)4));
    const char *src = "标题\n\n\xC2\xA0\xC2\xA0正文。\xC2\xA0\n\n\xE3\x80\x80\xE3\x80\x80第二段。\n";
    care_format formats[] = {CARE_FORMAT_TEXT, CARE_FORMAT_MARKDOWN};
    for (int f = 0; f < 2; f++) {
        care_document *doc = parse_as(src, formats[f]);
        block_at(doc, 1, CARE_BLOCK_PARAGRAPH, "正文。");
        block_at(doc, 2, CARE_BLOCK_PARAGRAPH, "第二段。");
        care_document_free(doc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_md_structure),
        cmocka_unit_test(test_md_emphasis_spans),
        cmocka_unit_test(test_md_soft_breaks),
        cmocka_unit_test(test_md_hard_break_in_body),
        cmocka_unit_test(test_md_byline_forms),
        cmocka_unit_test(test_md_inline_elements),
        cmocka_unit_test(test_md_whitespace_and_controls),
        cmocka_unit_test(test_md_later_h1_and_loose_list),
        cmocka_unit_test(test_md_source_offsets),
        cmocka_unit_test(test_plain_text),
        cmocka_unit_test(test_plain_byline_rules),
        cmocka_unit_test(test_auto_detection),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_limit_and_arguments),
        cmocka_unit_test(test_public_accessors),
        cmocka_unit_test(test_format_names_and_trimming),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
