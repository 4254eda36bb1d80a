/* Pages whose markup gives no paragraphs (html_classify.c): the composed page
 * fixtures/br-page-zh.html — a table layout with a menu bar, a breadcrumb, the
 * headline and dateline, the article as text separated by <br><br> in a
 * <td>, an image named by its file, a vote banner, a related line, a comment
 * box with an "author"-classed field label and placeholders, a sidebar cell of
 * hot links with dates and an ad, a copyright bar — declared gb2312 and
 * turned into GBK bytes here with iconv(3); and fixtures/div-page-zh.html, the
 * same story as <div> soup. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "test_helpers.h"
#include "input/document.h"

/** s[0..len) from UTF-8 into GBK, newly allocated; *out_len its length. */
static char *to_gbk(char *s, size_t len, size_t *out_len)
{
    iconv_t cd = iconv_open("GBK", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t cap = len * 2 + 1, left = cap;
    char *out = malloc(cap), *o = out;
    assert_non_null(out);
    assert_int_not_equal(iconv(cd, &s, &len, &o, &left), (size_t)-1);
    iconv_close(cd);
    *out_len = cap - left;
    return out;
}

static care_document *parse_page(const char *src, size_t len)
{
    care_engine engine = {0};
    care_parse_options opt = {.name = "br-page.html"};
    care_document *doc = NULL;
    care_status st = care_document_parse(&engine, src, len, &opt, &doc);
    if (st != CARE_OK)
        print_message("parse failed: %s\n", engine.error.message);
    assert_int_equal(st, CARE_OK);
    return doc;
}

static void expect_block(const care_document *doc, size_t i, care_block_kind kind,
                         const char *text)
{
    assert_true(i < doc->count);
    assert_string_equal(doc->blocks[i].text, text);
    assert_int_equal(doc->blocks[i].kind, kind);
}

/** The five paragraphs of both composed pages. */
static const char *const STORY[] = {
    "三月初的一个早晨，住在东门老街的王大爷一家把最后一箱旧书搬上了货车。"
    "这条街上的四十多户人家，在今年春天陆续住进了河对岸的新楼房。",
    "王大爷今年七十二岁，在老街住了整整五十年。他说，老房子冬天漏风，夏天返潮，"
    "最怕的是下雨天，屋里要摆好几个盆接水。",
    "新楼房在三楼，有电梯，朝南的阳台能晒到一整天的太阳。"
    "老伴最满意的是厨房，再也不用蹲在门口生炉子了。",
    "社区工作人员介绍，这次改造前后用了两年时间，每一户的搬迁方案都是挨家挨户商量出来的，"
    "老人多的楼层优先安排了低楼层和无障碍通道。",
    "搬家那天，老邻居们约好了以后每个周末还回老街口的茶馆坐一坐。"
    "王大爷说：“房子新了，人还是老街坊。”"};

/* Title, the dateline as byline (not the comment box's "网友昵称："), the five
 * paragraphs and the photo between them (no file name as its caption); none of
 * the furniture. */
static void br_paragraphs_in_table_cell(void **state)
{
    (void)state;
    size_t len = 0, gbk_len = 0;
    char *utf8 = test_read_fixture("br-page-zh.html", &len);
    char *gbk = to_gbk(utf8, len, &gbk_len);
    care_document *doc = parse_page(gbk, gbk_len);
    assert_int_equal(doc->count, 8);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "老街坊搬进了新楼房");
    expect_block(doc, 1, CARE_BLOCK_BYLINE,
                 "2024年3月5日 09:30\u3000来源：河畔晚报\u3000作者：林小雨");
    expect_block(doc, 2, CARE_BLOCK_PARAGRAPH, STORY[0]);
    expect_block(doc, 3, CARE_BLOCK_PARAGRAPH, STORY[1]);
    expect_block(doc, 4, CARE_BLOCK_FIGURE, "");
    assert_string_equal(care_document_figure_src(doc, 4), "/upload/2024/0305/IMG_20240305_0931.jpg");
    for (size_t i = 2; i < 5; i++)
        expect_block(doc, 3 + i, CARE_BLOCK_PARAGRAPH, STORY[i]);
    assert_string_equal(doc->author, "");
    care_document_free(doc);
    free(gbk);
    free(utf8);
}

/* The same story as text loose in <div>s (fixtures/div-page-zh.html, UTF-8),
 * with the vote, related line and a sidebar of dated hot links in divs. */
static void div_soup(void **state)
{
    (void)state;
    size_t len = 0;
    char *src = test_read_fixture("div-page-zh.html", &len);
    care_document *doc = parse_page(src, len);
    assert_int_equal(doc->count, 7);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "老街坊搬进了新楼房");
    expect_block(doc, 1, CARE_BLOCK_BYLINE, "2024年3月5日 09:30\u3000来源：河畔晚报");
    for (size_t i = 0; i < 5; i++)
        expect_block(doc, 2 + i, CARE_BLOCK_PARAGRAPH, STORY[i]);
    care_document_free(doc);
    free(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(br_paragraphs_in_table_cell),
        cmocka_unit_test(div_soup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
