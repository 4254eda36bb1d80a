/* Unit tests of HTML input: encodings, article extraction, inline text rules,
 * and the Markdown export. Every page here is written for these tests. */
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
#include "input/html/html.h"
#include "input/document.h"
#include "test_helpers.h"

/* ---------- helpers ---------- */

static care_document *parse_page(const char *src, size_t len, care_format format)
{
    care_engine engine = {0};
    care_parse_options opt = {0};
    opt.format = format;
    opt.name = "test.html";
    care_document *doc = NULL;
    care_status st = care_document_parse(&engine, src, len, &opt, &doc);
    if (st != CARE_OK)
        print_message("parse failed: %s\n", engine.error.message);
    assert_int_equal(st, CARE_OK);
    assert_non_null(doc);
    return doc;
}

static care_document *parse_html(const char *src)
{
    return parse_page(src, strlen(src), CARE_FORMAT_AUTO);
}

static void expect_block(const care_document *doc, size_t i, care_block_kind kind,
                         const char *text)
{
    assert_true(i < doc->count);
    assert_string_equal(doc->blocks[i].text, text);
    assert_int_equal(doc->blocks[i].kind, kind);
    assert_int_equal(doc->blocks[i].text_len, strlen(text));
}

/** Spans tile every block's text. */
static void expect_tiling(const care_document *doc)
{
    for (size_t i = 0; i < doc->count; i++) {
        const care_block *b = &doc->blocks[i];
        assert_true(b->span_count >= 1);
        assert_int_equal(b->spans[0].start, 0);
        assert_int_equal(b->spans[b->span_count - 1].end, b->text_len);
        for (size_t j = 1; j < b->span_count; j++)
            assert_int_equal(b->spans[j].start, b->spans[j - 1].end);
    }
}

/** Does any block's text contain `needle`? */
static bool any_block_has(const care_document *doc, const char *needle)
{
    for (size_t i = 0; i < doc->count; i++)
        if (strstr(doc->blocks[i].text, needle) != NULL)
            return true;
    return false;
}

#define P_LONG1 "<p>今天上午，市政府召开新闻发布会，介绍了今年城市公园建设的进展情况，" \
                "全市新建和改造公园三十个，新增绿地面积一百二十公顷。</p>"
#define P_LONG2 "<p>据介绍，这些公园大多位于老旧小区附近，方便老年人就近散步、锻炼，" \
                "公园里还增设了座椅、扶手和无障碍通道。</p>"
#define P_LONG3 "<p>市民王女士说，以前要坐三站公交车才能到公园，现在下楼走五分钟就到了，" \
                "每天早上都来这里打太极拳。</p>"

/* ---------- encodings ---------- */

/* GBK bytes: 北京新闻 / 今天天气晴朗，气温二十度。 / 市民纷纷出门散步。 */
static const char GBK_PAGE[] =
    "<!DOCTYPE html><html><head><meta charset=\"gbk\"><title>\xB1\xB1\xBE\xA9\xD0\xC2\xCE\xC5"
    "</title></head><body><article><h1>\xB1\xB1\xBE\xA9\xD0\xC2\xCE\xC5</h1>"
    "<p>\xBD\xF1\xCC\xEC\xCC\xEC\xC6\xF8\xC7\xE7\xC0\xCA\xA3\xAC\xC6\xF8\xCE\xC2\xB6\xFE\xCA\xAE"
    "\xB6\xC8\xA1\xA3</p><p>\xCA\xD0\xC3\xF1\xB7\xD7\xB7\xD7\xB3\xF6\xC3\xC5\xC9\xA2\xB2\xBD"
    "\xA1\xA3</p></article></body></html>";

static void gbk_page_with_meta_charset(void **state)
{
    (void)state;
    care_document *doc = parse_html(GBK_PAGE);
    assert_int_equal(doc->count, 3);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "北京新闻");
    expect_block(doc, 1, CARE_BLOCK_PARAGRAPH, "今天天气晴朗，气温二十度。");
    expect_block(doc, 2, CARE_BLOCK_PARAGRAPH, "市民纷纷出门散步。");
    assert_string_equal(care_document_title(doc), "北京新闻");
    care_document_free(doc);
}

static void gb2312_declared_but_utf8(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
        "<title>公园新闻_城市_某某网</title></head><body>"
        "<div><h1>公园新闻</h1>" P_LONG1 "</div></body></html>");
    assert_int_equal(doc->count, 2);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "公园新闻");
    expect_block(doc, 1, CARE_BLOCK_PARAGRAPH,
                 "今天上午，市政府召开新闻发布会，介绍了今年城市公园建设的进展情况，"
                 "全市新建和改造公园三十个，新增绿地面积一百二十公顷。");
    care_document_free(doc);
}

static void undecodable_gbk_fails_with_name(void **state)
{
    (void)state;
    const char page[] = "<html><head><meta charset=\"gbk\"></head><body><p>\x81</p></body></html>";
    care_engine engine = {0};
    care_parse_options opt = {.name = "bad.html"};
    care_document *doc = NULL;
    care_status st = care_document_parse(&engine, page, strlen(page), &opt, &doc);
    assert_int_equal(st, CARE_ERR_INVALID_UTF8);
    assert_null(doc);
    assert_non_null(strstr(engine.error.message, "bad.html"));
    assert_non_null(strstr(engine.error.message, "GB18030"));
}

/* WHATWG Encoding: gb2312/gbk labels use the gb18030 decoder, where 0x80 alone is €;
 * a byte it cannot decode is named by its offset in the page. */
static void gbk_euro_byte_and_error_offset(void **state)
{
    (void)state;
    /* 标题 / 正文€段落。 */
    care_document *doc = parse_html("<html><head><meta charset=\"gb2312\"></head><body><article>"
                                    "<h1>\xb1\xea\xcc\xe2</h1><p>\xd5\xfd\xce\xc4\x80\xb6\xce"
                                    "\xc2\xe4\xa1\xa3</p></article></body></html>");
    expect_block(doc, 0, CARE_BLOCK_TITLE, "标题");
    expect_block(doc, 1, CARE_BLOCK_PARAGRAPH, "正文€段落。");
    care_document_free(doc);
    const char page[] = "<html><head><meta charset=\"x-gbk\"></head><body><p>\xd5\xfd\x81\x20</p>";
    care_engine engine = {0};
    care_parse_options opt = {.name = "bad.html"};
    assert_int_equal(care_document_parse(&engine, page, strlen(page), &opt, &doc),
                     CARE_ERR_INVALID_UTF8);
    assert_string_equal(engine.error.message, "bad.html: bytes at byte offset 52 are not valid "
                                              "GB18030 (the page's declared encoding)");
}

/* latin1 and ascii labels mean windows-1252: 0x80 is €, 0x93/0x94 are curly quotes. */
static void latin1_label_is_windows_1252(void **state)
{
    (void)state;
    care_document *doc = parse_html("<html><head><meta charset=\"ascii\"></head><body><article>"
                                    "<h1>Caf\xe9</h1><p>It costs \x80 5, said the \x93owner\x94 "
                                    "of the small place by the river.</p></article></body></html>");
    expect_block(doc, 0, CARE_BLOCK_TITLE, "Café");
    expect_block(doc, 1, CARE_BLOCK_PARAGRAPH,
                 "It costs € 5, said the “owner” of the small place by the river.");
    care_document_free(doc);
}

static void detection(void **state)
{
    (void)state;
    assert_true(care_html_detect("\xEF\xBB\xBF  <!doctype html><p>x", 24));
    assert_true(care_html_detect("<HTML><body>", 12));
    assert_false(care_html_detect("# Title\n\n<b>x</b>", 17));
    assert_false(care_html_detect("<b>bold</b> text", 16));
}

/* ---------- extraction ---------- */

static void article_with_related_list_after(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<!DOCTYPE html><html><head><title>公园建设加快 - 某某新闻网</title></head><body>"
        "<nav><a href=\"/\">首页</a><a href=\"/city\">城市</a></nav>"
        "<article><h1>公园建设加快</h1>" P_LONG1 P_LONG2 "</article>"
        "<div><h3>相关新闻</h3><ul><li><a href=\"/a\">新建公园开放</a></li>"
        "<li><a href=\"/b\">绿道全线贯通</a></li><li><a href=\"/c\">老城区改造启动</a></li></ul></div>"
        "<footer>版权所有 某某新闻网</footer></body></html>");
    assert_int_equal(doc->count, 3);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "公园建设加快");
    assert_int_equal(doc->blocks[1].kind, CARE_BLOCK_PARAGRAPH);
    expect_block(doc, 2, CARE_BLOCK_PARAGRAPH,
                 "据介绍，这些公园大多位于老旧小区附近，方便老年人就近散步、锻炼，"
                 "公园里还增设了座椅、扶手和无障碍通道。");
    assert_false(any_block_has(doc, "相关新闻"));
    assert_false(any_block_has(doc, "首页"));
    care_document_free(doc);
}

/* `depth` <nav> (or <div>) elements nested before (or around) the article. */
static char *deep_page(size_t depth, const char *tag, bool around)
{
    care_buf b = {0};
    char open[16], close[16];
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    const char *head = "<html><head><title>公园建设加快</title></head><body>";
    const char *nav = "<a href=\"/\">首页</a>";
    care_buf_append(&b, head, strlen(head));
    for (size_t i = 0; i < depth; i++)
        care_buf_append(&b, open, strlen(open));
    care_buf_append(&b, nav, strlen(nav));
    for (size_t i = 0; !around && i < depth; i++)
        care_buf_append(&b, close, strlen(close));
    const char *art = "<article><h1>公园建设加快</h1>" P_LONG1 P_LONG2 "</article></body></html>";
    care_buf_append(&b, art, strlen(art) + 1);
    assert_false(b.failed);
    return b.data;
}

static void expect_park_article(const care_document *doc)
{
    assert_int_equal(doc->count, 3);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "公园建设加快");
    expect_block(doc, 1, CARE_BLOCK_PARAGRAPH,
                 "今天上午，市政府召开新闻发布会，介绍了今年城市公园建设的进展情况，"
                 "全市新建和改造公园三十个，新增绿地面积一百二十公顷。");
    expect_block(doc, 2, CARE_BLOCK_PARAGRAPH,
                 "据介绍，这些公园大多位于老旧小区附近，方便老年人就近散步、锻炼，"
                 "公园里还增设了座椅、扶手和无障碍通道。");
}

/* Issue 18: libxml2 stopped at 256 levels of nesting and the article after
 * a 300-deep <nav> was lost (only the title was left, exit 0). */
static void deep_nesting_before_article_kept(void **state)
{
    (void)state;
    const size_t depths[] = {300, 10000};
    for (size_t i = 0; i < 2; i++) {
        char *src = deep_page(depths[i], "nav", false);
        care_document *doc = parse_html(src);
        expect_park_article(doc);
        care_document_free(doc);
        free(src);
    }
}

/* An article inside 10,000 levels of <div>: the wrappers past the depth
 * limit are unwrapped, its heading and paragraphs stay separate blocks. */
static void article_deep_inside_nesting_kept(void **state)
{
    (void)state;
    char *src = deep_page(10000, "div", true);
    care_document *doc = parse_html(src);
    expect_park_article(doc);
    care_document_free(doc);
    free(src);
}

static void longest_text_block_wins(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<html><head><title>城市公园</title></head><body>"
        "<div class=\"weather\"><p>天气预报：明天多云，气温十五到二十二度，东南风二级。</p></div>"
        "<div class=\"story\">" P_LONG1 P_LONG2 P_LONG3 "</div>"
        "<div class=\"hot\"><p>热门推荐：周末去哪儿玩？</p></div></body></html>");
    assert_int_equal(doc->count, 4);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "城市公园");
    expect_block(doc, 3, CARE_BLOCK_PARAGRAPH,
                 "市民王女士说，以前要坐三站公交车才能到公园，现在下楼走五分钟就到了，"
                 "每天早上都来这里打太极拳。");
    assert_false(any_block_has(doc, "天气预报"));
    assert_false(any_block_has(doc, "热门推荐"));
    care_document_free(doc);
}

static void comments_dropped(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<html><head><title>公园</title></head><body><div id=\"content\">" P_LONG1 P_LONG2
        "</div><!-- 广告位 --><div id=\"comments\"><h2>网友评论</h2>"
        "<div class=\"comment\"><p>这个公园真不错，我每天都去，环境很好，人也不多，推荐大家去看看。</p>"
        "</div><form><textarea></textarea><button>发表评论</button></form></div></body></html>");
    assert_int_equal(doc->count, 3);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "公园");
    assert_false(any_block_has(doc, "评论"));
    assert_false(any_block_has(doc, "广告"));
    assert_false(any_block_has(doc, "环境很好"));
    care_document_free(doc);
}

/* Class words match in any ASCII case, in short classes and in classes of
 * 256 bytes and more (read byte by byte). */
static void furniture_class_in_any_case_and_length(void **state)
{
    (void)state;
    char page[2048], long_class[301];
    memset(long_class, 'x', 300);
    memcpy(long_class + 290, " SideBar", 8);
    long_class[298] = '\0';
    snprintf(page, sizeof page,
             "<html><head><title>公园</title></head><body><div id=\"content\">" P_LONG1 P_LONG2
             "</div><div class=\"%s\"><p>侧栏里的一段话，讲的是别的事情，和公园一点关系都没有。</p></div>"
             "<div class=\"Related-News\"><p>相关新闻里的一段话，也和这篇文章没有任何关系，不能留下。</p></div>"
             "</body></html>",
             long_class);
    care_document *doc = parse_html(page);
    assert_true(any_block_has(doc, "全市新建和改造公园三十个"));
    assert_false(any_block_has(doc, "侧栏"));
    assert_false(any_block_has(doc, "相关新闻"));
    care_document_free(doc);
}

static void cjk_split_over_spans_rejoined(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<html><body><article><h1>新闻</h1><p><span>今天</span>\n  <span>上午</span> "
        "<b>市政府</b>\n<em>召开</em>发布会，介绍 Apple 和 <span>华为</span> 的合作。"
        "这是一段很长的中文文字，用来让文章足够长。</p></article></body></html>");
    assert_int_equal(doc->count, 2);
    expect_block(doc, 1, CARE_BLOCK_PARAGRAPH,
                 "今天上午市政府召开发布会，介绍 Apple 和华为的合作。"
                 "这是一段很长的中文文字，用来让文章足够长。");
    const care_block *b = &doc->blocks[1];
    assert_int_equal(b->span_count, 4); /* plain, bold 市政府, em 召开, plain */
    assert_int_equal(b->spans[1].style, CARE_STYLE_BOLD);
    assert_int_equal(b->spans[1].end - b->spans[1].start, strlen("市政府"));
    assert_int_equal(b->spans[2].style, CARE_STYLE_EM);
    assert_int_equal(b->spans[2].end - b->spans[2].start, strlen("召开"));
    expect_tiling(doc);
    care_document_free(doc);
}

/* Two credits in spans of one line, the first ending in spaces before a line break
 * in the markup, stay apart as a browser shows them; spaces at a text's end before a
 * line break do not part CJK text (the spans of the test above). */
static void credits_in_spans_stay_apart(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<html><body><article>" P_LONG1 P_LONG2 P_LONG3
        "<div class=\"src\"><span> 本文来源：晚报  </span>\n   "
        "<span>责任编辑：林小雨</span></div>"
        "<div><span>今天 \n</span><span>上午</span></div></article></body></html>");
    assert_true(any_block_has(doc, "本文来源：晚报 责任编辑：林小雨"));
    assert_true(any_block_has(doc, "今天上午"));
    care_document_free(doc);
}

/* A video box (mostly link text) goes, but the line naming the video and its source
 * note stays whole (the note alone was kept before). */
static void credited_video_title_kept(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<html><body><article>" P_LONG1
        "<div class=\"box\"><div><video src=\"v.mp4\"></video></div><div><p>"
        "<a href=\"/v/1\">公园里的太极拳晨练</a>\n<span>（来源：晚报视频）</span>"
        "</p></div></div>" P_LONG2 P_LONG3 P_LONG1 P_LONG2 P_LONG3 P_LONG1 P_LONG2 P_LONG3
        P_LONG1 P_LONG2 P_LONG3 "</article></body></html>");
    expect_block(doc, 1, CARE_BLOCK_PARAGRAPH, "公园里的太极拳晨练（来源：晚报视频）");
    expect_block(doc, 2, CARE_BLOCK_PARAGRAPH,
                 "据介绍，这些公园大多位于老旧小区附近，方便老年人就近散步、锻炼，"
                 "公园里还增设了座椅、扶手和无障碍通道。");
    care_document_free(doc);
}

/* An <img> is a figure: its figcaption, else its alt text, is the block's text. */
static void img_becomes_figure(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<html><body><article><h1>公园</h1>" P_LONG1
        "<p><img src=\"a.jpg\" alt=\"新建的城市公园一角\"></p>"
        "<figure><img src=\"b.jpg\" alt=\"不用\"><figcaption>市民在公园散步</figcaption></figure>"
        P_LONG2 "</article></body></html>");
    assert_int_equal(doc->count, 5);
    expect_block(doc, 2, CARE_BLOCK_FIGURE, "新建的城市公园一角");
    assert_string_equal(care_document_figure_src(doc, 2), "a.jpg");
    expect_block(doc, 3, CARE_BLOCK_FIGURE, "市民在公园散步");
    assert_string_equal(care_document_figure_src(doc, 3), "b.jpg");
    care_document_free(doc);
}

/* An alt text several images share is the site's label, not a caption; a
 * dateline loose beside the headline is that text alone, not the whole box. */
static void shared_alt_is_no_caption(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<html><head><title>公园</title></head><body><div>首页 &gt; 新闻"
        "<h1>公园</h1>2024年3月5日</div><article>" P_LONG1
        "<p><img src=\"a.jpg\" alt=\"晚报网\"></p>" P_LONG2
        "<p><img src=\"b.jpg\" alt=\"晚报网\"></p>" P_LONG3 "</article></body></html>");
    assert_int_equal(doc->count, 7);
    expect_block(doc, 1, CARE_BLOCK_BYLINE, "2024年3月5日");
    expect_block(doc, 3, CARE_BLOCK_FIGURE, "");
    assert_string_equal(care_document_figure_src(doc, 3), "a.jpg");
    expect_block(doc, 5, CARE_BLOCK_FIGURE, "");
    assert_false(any_block_has(doc, "晚报网"));
    care_document_free(doc);
}

/* The dateline under the headline loses a repeated headline, the action links
 * and counters at its end. */
static void dateline_tidied(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<html><head><title>公园</title></head><body><article><h1>公园</h1>"
        "<div><span>公园</span> 2024年3月5日 09:30 来源：晚报网 <a href=\"/w\">微博</a> "
        "<a href=\"/r\">举报</a> 57人参与11评论</div>" P_LONG1 P_LONG2 "</article></body></html>");
    expect_block(doc, 1, CARE_BLOCK_BYLINE, "2024年3月5日 09:30 来源：晚报网");
    care_document_free(doc);
    doc = parse_html("<html><head><title>公园</title></head><body><article><h1>公园</h1>"
                     "<div>2024年3月5日 09:30 字号：<span>A-</span> <span>A</span> <span>A+</span> "
                     "来源：晚报网 1</div>" P_LONG1 P_LONG2 "</article></body></html>");
    expect_block(doc, 1, CARE_BLOCK_BYLINE, "2024年3月5日 09:30 来源：晚报网");
    care_document_free(doc);
}

/* A columnists' box after the last paragraph (heading, photos, teaser titles,
 * dates) goes; one date line at the end alone stays. */
static void trailing_furniture_dropped(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<html><body><article>" P_LONG1 P_LONG2 P_LONG3
        "<div><h4>专栏作者</h4><div><img src=\"c1.jpg\"><div>【晨读】城市公园的新变化</div>"
        "<span>2019-09-07</span></div><div><img src=\"c2.jpg\"><div>老城区改造的三个难题</div>"
        "<span>2019-09-06</span></div></div></article></body></html>");
    assert_int_equal(doc->count, 3);
    expect_block(doc, 2, CARE_BLOCK_PARAGRAPH,
                 "市民王女士说，以前要坐三站公交车才能到公园，现在下楼走五分钟就到了，"
                 "每天早上都来这里打太极拳。");
    care_document_free(doc);
    doc = parse_html("<html><body><article>" P_LONG1 P_LONG2 P_LONG3
                     "<p>2019-09-07</p></article></body></html>");
    assert_int_equal(doc->count, 4);
    expect_block(doc, 3, CARE_BLOCK_PARAGRAPH, "2019-09-07");
    care_document_free(doc);
}

/* A bold subhead over an empty box (its videos filled by a script) with only a bold
 * rights notice and a bracketed editor's line after it is left out; the notes stay. A
 * subhead with a paragraph under it stays. */
static void empty_box_heading_dropped(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<html><body><article>" P_LONG1 P_LONG2 P_LONG3
        "<p><strong>精彩视频</strong></p><p></p>"
        "<p><strong>【本文版权归晚报所有，未经授权，不得转载。】</strong></p>"
        "<p>[责任编辑：林小雨]</p></article></body></html>");
    assert_int_equal(doc->count, 5);
    expect_block(doc, 2, CARE_BLOCK_PARAGRAPH,
                 "市民王女士说，以前要坐三站公交车才能到公园，现在下楼走五分钟就到了，"
                 "每天早上都来这里打太极拳。");
    expect_block(doc, 3, CARE_BLOCK_PARAGRAPH, "【本文版权归晚报所有，未经授权，不得转载。】");
    expect_block(doc, 4, CARE_BLOCK_PARAGRAPH, "[责任编辑：林小雨]");
    care_document_free(doc);
    doc = parse_html("<html><body><article>" P_LONG1 P_LONG2 "<p><strong>公园建在家门口</strong></p>"
                     P_LONG3 "<p>[责任编辑：林小雨]</p></article></body></html>");
    assert_int_equal(doc->count, 5);
    expect_block(doc, 2, CARE_BLOCK_HEADING, "公园建在家门口");
    care_document_free(doc);
}

/* A long sentence marked up as <h2> (a standfirst) is a paragraph; a short <h2>, and a
 * long question in one, stay headings. */
static void sentence_heading_is_paragraph(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<html><body><article><h2>The city has long promised a riverside walk for older "
        "residents, and on Monday it finally opened one.</h2>" P_LONG1 "<h2>What comes next</h2>"
        P_LONG2 "<h2>Will the council keep the path lit at night, as residents have asked it to "
        "do for years?</h2>" P_LONG3 "</article></body></html>");
    assert_int_equal(doc->count, 6);
    expect_block(doc, 0, CARE_BLOCK_PARAGRAPH,
                 "The city has long promised a riverside walk for older residents, and on Monday "
                 "it finally opened one.");
    assert_int_equal(doc->blocks[0].level, 0);
    expect_block(doc, 2, CARE_BLOCK_HEADING, "What comes next");
    assert_int_equal(doc->blocks[4].kind, CARE_BLOCK_HEADING);
    care_document_free(doc);
}

/* <p><strong>…</strong></p> without a sentence's end is a subhead; a bold
 * question or credit line stays a bold paragraph. */
static void bold_paragraph_subheads(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<html><body><article>" P_LONG1 "<p><strong>公园建在家门口</strong></p>" P_LONG2
        "<p><b>公园够不够用？</b></p><p><strong>作者︱春春</strong></p>" P_LONG3
        "</article></body></html>");
    assert_int_equal(doc->count, 6);
    expect_block(doc, 1, CARE_BLOCK_HEADING, "公园建在家门口");
    assert_int_equal(doc->blocks[1].level, 3);
    assert_int_equal(doc->blocks[1].spans[0].style, 0);
    expect_block(doc, 3, CARE_BLOCK_PARAGRAPH, "公园够不够用？");
    assert_int_equal(doc->blocks[3].spans[0].style, CARE_STYLE_BOLD);
    expect_block(doc, 4, CARE_BLOCK_PARAGRAPH, "作者︱春春");
    care_document_free(doc);
}

/* <html lang> is the language the page declares: it wins over what the
 * characters suggest (these are shared by both variants) and sets 「」. */
static void care_html_lang_declared(void **state)
{
    (void)state;
    care_document *doc = parse_html("<html lang=\"zh-Hant\"><body><article><h1>公园</h1>"
                                     "<p>市民说\"公园很好\"。</p>" P_LONG2 "</article></body></html>");
    assert_string_equal(care_document_lang(doc), "zh-Hant");
    expect_block(doc, 1, CARE_BLOCK_PARAGRAPH, "市民说\xE3\x80\x8C公园很好\xE3\x80\x8D。");
    care_document_free(doc);
    doc = parse_html("<html lang=\"not a tag\"><body><article><h1>公园</h1>" P_LONG1
                     "</article></body></html>");
    assert_string_equal(care_document_lang(doc), ""); /* ignored */
    care_document_free(doc);
}

static void malformed_html_still_extracted(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<html><head><title>公园</title><body><div class=\"main\"><h1>公园</h1>"
        "<p>今天上午，市政府召开新闻发布会，介绍了今年城市公园建设的进展情况，全市新建公园三十个。"
        "</div></div><p>据介绍，这些公园大多位于老旧小区附近，方便老年人就近散步、锻炼。"
        "<ul><li>新增座椅<li>新增扶手</ul></span></body>");
    assert_true(doc->count >= 3);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "公园");
    assert_true(any_block_has(doc, "全市新建公园三十个。"));
    assert_true(any_block_has(doc, "方便老年人就近散步、锻炼。"));
    care_document_free(doc);
}

static void structure_kinds(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<html><head><meta property=\"og:title\" content=\"公园\">"
        "<meta name=\"author\" content=\"李明\"><meta property=\"og:site_name\" content=\"某某网\">"
        "</head><body><main><h1>公园</h1>" P_LONG1 "<h2>新增设施</h2>"
        "<blockquote><p>公园让生活更美好。</p></blockquote><ol><li>座椅</li><li>扶手</li></ol>"
        "<p>第一行<br>第二行</p><table><tr><th>区</th><th>公园</th></tr>"
        "<tr><td>东城</td><td>5</td></tr></table></main></body></html>");
    size_t i = 0;
    expect_block(doc, i++, CARE_BLOCK_TITLE, "公园");
    expect_block(doc, i++, CARE_BLOCK_BYLINE, "李明 · 某某网");
    assert_int_equal(doc->blocks[i++].kind, CARE_BLOCK_PARAGRAPH);
    expect_block(doc, i++, CARE_BLOCK_HEADING, "新增设施");
    expect_block(doc, i++, CARE_BLOCK_QUOTE, "公园让生活更美好。");
    expect_block(doc, i, CARE_BLOCK_LIST_ITEM, "座椅");
    assert_string_equal(doc->blocks[i++].marker, "1.");
    expect_block(doc, i, CARE_BLOCK_LIST_ITEM, "扶手");
    assert_string_equal(doc->blocks[i++].marker, "2.");
    expect_block(doc, i++, CARE_BLOCK_PARAGRAPH, "第一行");
    expect_block(doc, i++, CARE_BLOCK_PARAGRAPH, "第二行");
    expect_block(doc, i++, CARE_BLOCK_PARAGRAPH, "区 公园");
    expect_block(doc, i++, CARE_BLOCK_PARAGRAPH, "东城 5");
    assert_int_equal(doc->count, i);
    assert_string_equal(care_document_author(doc), "李明");
    assert_string_equal(care_document_source(doc), "某某网");
    care_document_free(doc);
}

/* A template's author ("name, email@gmail.com") is not a byline; the next author meta is. */
static void author_meta_without_a_name(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<html><head><meta name=\"author\" content=\"name, email@gmail.com\">"
        "<meta name=\"byl\" content=\"王文\"></head><body><main><h1>公园</h1>" P_LONG1
        "</main></body></html>");
    assert_string_equal(care_document_author(doc), "王文");
    expect_block(doc, 1, CARE_BLOCK_BYLINE, "王文");
    care_document_free(doc);
}

/* ---------- Markdown export ---------- */

static void markdown_export_round_trips(void **state)
{
    (void)state;
    care_document *doc = parse_html(
        "<html><body><article><h1>公园</h1><p>今天<strong>市政府</strong>召开发布会，"
        "介绍了公园建设的进展情况，全市新建和改造公园三十个，新增绿地面积一百二十公顷。</p>"
        "<ul><li>座椅 *新*</li></ul></article></body></html>");
    size_t md_len = 0;
    char *md = test_write_markdown(doc, &md_len);
    assert_string_equal(md, "# 公园\n\n今天**市政府**召开发布会，介绍了公园建设的进展情况，"
                            "全市新建和改造公园三十个，新增绿地面积一百二十公顷。\n\n"
                            "- 座椅 \\*新\\*\n");
    care_document *back = parse_page(md, md_len, CARE_FORMAT_MARKDOWN);
    assert_int_equal(back->count, doc->count);
    for (size_t i = 0; i < doc->count; i++)
        expect_block(back, i, doc->blocks[i].kind, doc->blocks[i].text);
    care_document_free(back);
    care_document_free(doc);
    free(md);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gbk_page_with_meta_charset),
        cmocka_unit_test(gb2312_declared_but_utf8),
        cmocka_unit_test(undecodable_gbk_fails_with_name),
        cmocka_unit_test(gbk_euro_byte_and_error_offset),
        cmocka_unit_test(latin1_label_is_windows_1252),
        cmocka_unit_test(detection),
        cmocka_unit_test(article_with_related_list_after),
        cmocka_unit_test(longest_text_block_wins),
        cmocka_unit_test(deep_nesting_before_article_kept),
        cmocka_unit_test(article_deep_inside_nesting_kept),
        cmocka_unit_test(comments_dropped),
        cmocka_unit_test(cjk_split_over_spans_rejoined),
        cmocka_unit_test(credits_in_spans_stay_apart),
        cmocka_unit_test(credited_video_title_kept),
        cmocka_unit_test(img_becomes_figure),
        cmocka_unit_test(shared_alt_is_no_caption),
        cmocka_unit_test(dateline_tidied),
        cmocka_unit_test(trailing_furniture_dropped),
        cmocka_unit_test(empty_box_heading_dropped),
        cmocka_unit_test(sentence_heading_is_paragraph),
        cmocka_unit_test(bold_paragraph_subheads),
        cmocka_unit_test(malformed_html_still_extracted),
        cmocka_unit_test(furniture_class_in_any_case_and_length),
        cmocka_unit_test(care_html_lang_declared),
        cmocka_unit_test(structure_kinds),
        cmocka_unit_test(author_meta_without_a_name),
        cmocka_unit_test(markdown_export_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
