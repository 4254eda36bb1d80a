/* Unit tests of article detection in whole-page text copies (article_find.c,
 * plaintext.c): the composed fixture page-copy-zh.txt carries a breadcrumb,
 * navigation tabs, a dateline, a share counter, 来源/作者 lines, an inline
 * heading, a disclaimer, related lists with dates and repeated headlines, a
 * "相关资讯请关注" line, a copyright footer and a care-mode button. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "test_helpers.h"
#include "input/article_find.h"

static care_document *parse_text(const char *src, size_t len, care_format format, bool no_extract)
{
    care_engine engine = {0};
    care_parse_options opt = {.format = format, .name = "copy.txt", .no_extract = no_extract};
    care_document *doc = NULL;
    assert_int_equal(care_document_parse(&engine, src, len, &opt, &doc), CARE_OK);
    return doc;
}

static void expect_block(const care_document *doc, size_t i, care_block_kind kind, const char *text)
{
    care_block_kind k;
    const char *t;
    assert_int_equal(care_document_block(doc, i, &k, &t), CARE_OK);
    assert_string_equal(t, text);
    assert_int_equal(k, kind);
}

/* The fixture page copy `name` parsed: an article found, `dropped` lines left out,
 * `blocks` blocks kept. */
static care_document *extract_fixture(const char *name, size_t dropped, size_t blocks)
{
    size_t len, left_out = 0;
    char *src = test_read_fixture(name, &len);
    care_document *doc = parse_text(src, len, CARE_FORMAT_AUTO, false);
    free(src);
    assert_int_equal(care_document_extraction(doc, &left_out), CARE_EXTRACT_ARTICLE);
    assert_int_equal(left_out, dropped);
    assert_int_equal(care_document_block_count(doc), blocks);
    return doc;
}

/* The article, its headline as title, the dateline and 来源/作者 as bylines; nothing else. */
static void test_page_copy_article(void **state)
{
    (void)state;
    care_document *doc = extract_fixture("page-copy-zh.txt", 24, 9);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "河边新建的步道今天开放，老人们的晨练有了新去处");
    expect_block(doc, 1, CARE_BLOCK_BYLINE, "2026-03-02 08:15:00");
    expect_block(doc, 2, CARE_BLOCK_BYLINE, "来源：晨报城市频道");
    expect_block(doc, 3, CARE_BLOCK_BYLINE, "作者：林小雨");
    expect_block(doc, 6, CARE_BLOCK_HEADING, "老人们怎么说");
    expect_block(doc, 8, CARE_BLOCK_PARAGRAPH,
                 "社区工作人员表示，接下来还会在步道旁组织健步走活动，欢迎大家报名参加。");
    assert_string_equal(care_document_title(doc), "河边新建的步道今天开放，老人们的晨练有了新去处");
    assert_string_equal(care_document_author(doc), "林小雨");
    assert_string_equal(care_document_source(doc), "晨报城市频道");
    care_document_free(doc);
}

/* no_extract: the page as before, its first line (the breadcrumb) the title. */
static void test_page_copy_no_extract(void **state)
{
    (void)state;
    size_t len;
    char *src = test_read_fixture("page-copy-zh.txt", &len);
    care_document *doc = parse_text(src, len, CARE_FORMAT_TEXT, true);
    assert_int_equal(care_document_extraction(doc, NULL), CARE_EXTRACT_NONE);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "晨报首页 > 城市 > 正文");
    size_t n = care_document_block_count(doc);
    care_block_kind kind;
    const char *last;
    assert_int_equal(care_document_block(doc, n - 1, &kind, &last), CARE_OK);
    assert_non_null(strstr(last, "版权所有 © 晨报 2026 无障碍浏览 进入关怀版"));
    care_document_free(doc);
    free(src);
}

/* A clean article (title, bylines, paragraphs) is no page copy: parsed as plain text. */
static void test_clean_article_untouched(void **state)
{
    (void)state;
    const char *src = "步道开放\n\n来源：晨报\n\n今天早上七点，沿河步道正式开放，老人们来了。\n\n"
                      "短句\n\n社区工作人员表示，接下来还会组织健步走活动，欢迎报名。\n";
    care_document *doc = parse_text(src, strlen(src), CARE_FORMAT_AUTO, false);
    assert_int_equal(care_document_extraction(doc, NULL), CARE_EXTRACT_NONE);
    assert_int_equal(care_document_block_count(doc), 5);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "步道开放");
    expect_block(doc, 1, CARE_BLOCK_BYLINE, "来源：晨报");
    expect_block(doc, 3, CARE_BLOCK_PARAGRAPH, "短句");
    care_document_free(doc);
}

/* Furniture only: no article; the text is kept whole and the caller told. */
static void test_page_copy_without_article(void **state)
{
    (void)state;
    const char *src = "首页\n登录\n注册\n分享\n评论\n2026-03-01 10:20:11\n相关推荐\n热点推荐\n";
    care_document *doc = parse_text(src, strlen(src), CARE_FORMAT_AUTO, false);
    assert_int_equal(care_document_extraction(doc, NULL), CARE_EXTRACT_NOT_FOUND);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "首页");
    expect_block(doc, 1, CARE_BLOCK_PARAGRAPH, "登录注册分享评论 2026-03-01 10:20:11 相关推荐热点推荐");
    care_document_free(doc);
}

/* English page copy (page-copy-en.txt): a toolbar of three short lines between the
 * dateline and the article stays out of it; a share block between two paragraphs
 * (buttons, a short "Email" among them) is dropped; a lone "Related:" line inside
 * the article is kept (when unsure, keep). */
static void test_page_copy_buttons(void **state)
{
    (void)state;
    care_document *doc = extract_fixture("page-copy-en.txt", 19, 7);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "City opens new riverside walk for older residents");
    expect_block(doc, 1, CARE_BLOCK_BYLINE, "March 2, 2026");
    expect_block(doc, 2, CARE_BLOCK_PARAGRAPH,
                 "The city opened a six-kilometre riverside walk on Monday morning, with benches "
                 "every few hundred metres and three drinking fountains along the way.");
    expect_block(doc, 3, CARE_BLOCK_PARAGRAPH,
                 "Engineers said the path uses a non-slip surface so that walkers are less likely "
                 "to fall on rainy days, and the corners are lit at night.");
    expect_block(doc, 4, CARE_BLOCK_PARAGRAPH,
                 "Residents who walk there every morning said they no longer have to share the busy "
                 "road with cars and buses.");
    expect_block(doc, 5, CARE_BLOCK_PARAGRAPH, "Related: Bus routes to the river change next month");
    expect_block(doc, 6, CARE_BLOCK_PARAGRAPH,
                 "The council plans to hold group walks along the path in the spring and has asked "
                 "residents to sign up at their local library.");
    care_document_free(doc);
}

/* page-copy-comments.txt: a toolbar line of navigation words and a counter under the
 * dateline is left out; a lone "评论" line is the heading of readers' comments and ends
 * the article (the long comment under it is not taken in); the "采写：" credit right
 * under the last paragraph is a byline. */
static void test_page_copy_comments_and_credit(void **state)
{
    (void)state;
    care_document *doc = extract_fixture("page-copy-comments.txt", 8, 5);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "河边步道今天开放");
    expect_block(doc, 1, CARE_BLOCK_BYLINE, "2026-03-02 08:15");
    expect_block(doc, 2, CARE_BLOCK_PARAGRAPH,
                 "今天早上七点，沿河步道正式向市民开放。步道全长六公里，沿途设了十二处座椅和三处饮水点。");
    expect_block(doc, 3, CARE_BLOCK_PARAGRAPH,
                 "负责施工的工程师介绍，步道的路面用了防滑材料，雨天行走也不容易摔倒，拐角处还加装了夜间照明。");
    expect_block(doc, 4, CARE_BLOCK_BYLINE, "采写：晨报记者 林小雨");
    care_document_free(doc);
}

/* page-copy-entry.txt, an encyclopedia entry: its one-word name, shown twice and named
 * by the first paragraph, is the title; the references (dated citations) stay with
 * the article; the navigation box under them does not. */
static void test_page_copy_entry(void **state)
{
    (void)state;
    care_document *doc = extract_fixture("page-copy-entry.txt", 10, 7);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "Lanternfish");
    expect_block(doc, 1, CARE_BLOCK_PARAGRAPH,
                 "Lanternfish are small deep-sea fishes named for the light-producing organs along "
                 "their bodies. They are among the most widespread vertebrates on Earth.");
    expect_block(doc, 3, CARE_BLOCK_PARAGRAPH, "References");
    expect_block(doc, 4, CARE_BLOCK_PARAGRAPH,
                 "^ Smith, Anna (2011). \"Light organs of deep-sea fishes\". Ocean Notes. "
                 "Retrieved 2012-08-19.");
    expect_block(doc, 6, CARE_BLOCK_PARAGRAPH,
                 "^ Brown, Lee (June 2, 2009). \"Counting the lanternfish\". Sea Survey. "
                 "Retrieved 2013-06-10.");
    care_document_free(doc);
}

/* page-copy-captions.txt, paragraphs indented with U+3000 as copied from a Chinese page:
 * the indented "原标题：" note is not taken for the headline, and it and the photo credit
 * "图片来源：… 摄" are paragraphs, not headings; a short line between paragraphs still is one. */
static void test_page_copy_captions(void **state)
{
    (void)state;
    care_document *doc = extract_fixture("page-copy-captions.txt", 7, 8);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "河边步道今天开放");
    expect_block(doc, 1, CARE_BLOCK_BYLINE, "2026-03-02 08:15");
    expect_block(doc, 2, CARE_BLOCK_PARAGRAPH, "原标题：沿河六公里步道迎来第一批晨练市民");
    expect_block(doc, 4, CARE_BLOCK_PARAGRAPH, "图片来源：晨报记者 林小雨 摄");
    expect_block(doc, 6, CARE_BLOCK_HEADING, "夜里也能走");
    expect_block(doc, 7, CARE_BLOCK_PARAGRAPH,
                 "社区工作人员表示，接下来还会在步道旁组织健步走活动，欢迎大家报名参加。");
    care_document_free(doc);
}

/* page-copy-credits.txt: under the article, the "原标题：" note is a paragraph, and the
 * credits after it, with "︱" as the label's separator and "本文来源：… 责任编辑：…", are
 * bylines; the editor's staff code glued to the name ("_NF1234") is left out. */
static void test_page_copy_credits(void **state)
{
    (void)state;
    care_document *doc = extract_fixture("page-copy-credits.txt", 8, 8);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "月球上的第一杯咖啡");
    expect_block(doc, 1, CARE_BLOCK_BYLINE, "2026-03-02 08:15\xE3\x80\x80来源：晨报科学版");
    expect_block(doc, 4, CARE_BLOCK_PARAGRAPH, "原标题：宇航员在月球上喝到了第一杯咖啡");
    expect_block(doc, 5, CARE_BLOCK_BYLINE, "出品︱晨报科学栏目组 小林");
    expect_block(doc, 6, CARE_BLOCK_BYLINE, "作者︱春雨");
    expect_block(doc, 7, CARE_BLOCK_BYLINE, "本文来源：晨报科学版 责任编辑：林小雨");
    care_document_free(doc);
}

/* page-copy-two-headers.txt: the page's two headers give the date and source twice
 * ("2026-03-02 08:15　来源：…" and "2026-03-02 08:15:40来源：…作者：…"); the first, all
 * of whose words the second holds, is left out. */
static void test_page_copy_repeated_dateline(void **state)
{
    (void)state;
    care_document *doc = extract_fixture("page-copy-two-headers.txt", 10, 5);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "河边步道今天开放");
    expect_block(doc, 1, CARE_BLOCK_BYLINE, "2026-03-02 08:15:40来源：晨报城市频道作者：林小雨");
    expect_block(doc, 2, CARE_BLOCK_PARAGRAPH,
                 "沿河新修的六公里步道今天早上正式开放，"
                 "附近社区的老人一早就来散步，不少人说这里比公园还安静。");
    care_document_free(doc);
}

/* page-copy-dmy.txt: a dateline with day.month.year dates between "|" separators is the
 * byline (it was a breadcrumb-like wall line without one). */
static void test_page_copy_day_month_year(void **state)
{
    (void)state;
    care_document *doc = extract_fixture("page-copy-dmy.txt", 8, 5);
    expect_block(doc, 1, CARE_BLOCK_BYLINE,
                 "The Daily Courier | 02.03.2026 at 08h15 \xE2\x80\xA2 Updated 02.03.2026 at "
                 "10h40 | By Anna Lind");
    care_document_free(doc);
}

/* page-copy-split-dateline.txt: the dateline set on lines of its own ("2026" / "03/02" /
 * "08:15") and the source's names under it are one byline; the share and comment counter
 * after them stay out. */
static void test_page_copy_split_dateline(void **state)
{
    (void)state;
    care_document *doc = extract_fixture("page-copy-split-dateline.txt", 10, 5);
    expect_block(doc, 1, CARE_BLOCK_BYLINE, "2026 03/02 08:15 晨报城市 自媒体号");
    expect_block(doc, 2, CARE_BLOCK_PARAGRAPH,
                 "沿河新修的六公里步道今天早上正式开放，"
                 "附近社区的老人一早就来散步，不少人说这里比公园还安静。");
    care_document_free(doc);
}

/* page-copy-factbox.txt, an entry whose infobox was copied as table rows ("Founded<TAB>
 * March 2, 2019; …") between its name and its first paragraph: the rows, and the values on
 * lines of their own under "Projects", are paragraphs of the article (the dated row is no
 * byline, "Website" no heading). */
static void test_page_copy_fact_box(void **state)
{
    (void)state;
    care_document *doc = extract_fixture("page-copy-factbox.txt", 8, 10);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "Riverside Walk Society");
    expect_block(doc, 1, CARE_BLOCK_PARAGRAPH, "Type Volunteer group");
    expect_block(doc, 2, CARE_BLOCK_PARAGRAPH, "Founded March 2, 2019; 7 years ago");
    expect_block(doc, 4, CARE_BLOCK_PARAGRAPH, "Projects");
    expect_block(doc, 5, CARE_BLOCK_PARAGRAPH, "Riverside walk");
    expect_block(doc, 6, CARE_BLOCK_PARAGRAPH, "Morning walking club");
    expect_block(doc, 7, CARE_BLOCK_PARAGRAPH, "Website riverside-walk.example.org");
    expect_block(doc, 8, CARE_BLOCK_PARAGRAPH,
                 "The Riverside Walk Society is a volunteer group that looks after the footpath "
                 "along the river and organises walks for older residents.");
    care_document_free(doc);
}

/* page-copy-ads.txt: inside the article an advert's label ("ADVERTISING") and the short
 * credit under it are left out, and so is the name a widget's credit shows again under it
 * ("WALKMAPS.COM" under "Powered by WalkMaps.com", which stays as a paragraph, not a
 * heading); the article's own short heading after them stays a heading. */
static void test_page_copy_adverts(void **state)
{
    (void)state;
    care_document *doc = extract_fixture("page-copy-ads.txt", 9, 7);
    expect_block(doc, 0, CARE_BLOCK_TITLE, "City opens new riverside walk for older residents");
    expect_block(doc, 1, CARE_BLOCK_BYLINE, "March 2, 2026");
    expect_block(doc, 3, CARE_BLOCK_PARAGRAPH, "Powered by WalkMaps.com");
    expect_block(doc, 4, CARE_BLOCK_PARAGRAPH,
                 "Engineers said the path uses a non-slip surface so that walkers are less likely "
                 "to fall on rainy days, and the corners are lit at night.");
    expect_block(doc, 5, CARE_BLOCK_HEADING, "What comes next");
    care_document_free(doc);
}

/* The classifier over plain-text lines (at most 32): an article found in a page copy. */
static care_article_pick find_article(const char *const *lines, size_t n, unsigned char *roles)
{
    care_text_unit units[32];
    assert_true(n <= 32);
    for (size_t i = 0; i < n; i++)
        units[i] = (care_text_unit){lines[i], strlen(lines[i]), 0};
    care_article_pick pick;
    assert_true(care_article_find(units, n, roles, &pick));
    assert_true(pick.page_copy && pick.found);
    return pick;
}

/* find_article over lines (at most 32), its roles checked against want (n of them). */
static care_article_pick expect_roles(const char *const *lines, size_t n, const unsigned char *want)
{
    unsigned char roles[32];
    care_article_pick pick = find_article(lines, n, roles);
    assert_memory_equal(roles, want, n);
    return pick;
}

/* Classifier units directly: a repeated headline and a dated list stay out of the span. */
static void test_classifier_roles(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "首页", "新闻", "一条新闻的标题在这里", "分享",
        "这是文章的第一段，内容相当充实，讲了发生的事情和它的来龙去脉。",
        "这是文章的第二段，也有足够的长度，并且以句号结束了这个段落。",
        "相关推荐", "另一条新闻的标题", "2026-01-01 08:00:00", "另一条新闻的标题"};
    enum { N = sizeof lines / sizeof *lines };
    static const unsigned char want[N] = {CARE_ROLE_DROP, CARE_ROLE_DROP, CARE_ROLE_TITLE,
                                          CARE_ROLE_DROP, CARE_ROLE_BODY, CARE_ROLE_BODY};
    care_article_pick pick = expect_roles(lines, N, want);
    assert_int_equal(pick.first, 4);
    assert_int_equal(pick.end, 6);
}

/* Readers' comments without a count or a heading: the article ends at the first
 * commenter's line (a name and "3小时前"), the long comment under it stays out. */
static void test_classifier_commenter_line(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "首页", "新闻", "河边步道今天开放", "2026-03-02 08:15",
        "今天早上七点，沿河步道正式向市民开放。步道全长六公里，沿途设了十二处座椅和三处饮水点。",
        "负责施工的工程师介绍，步道的路面用了防滑材料，雨天行走也不容易摔倒，拐角处还加装了夜间照明。",
        "晨练的老王 3小时前",
        "这条步道修得真好，我每天早上都去走一圈，路面平整又干净，比以前方便多了，真是做了件好事。",
        "回复"};
    enum { N = sizeof lines / sizeof *lines };
    static const unsigned char want[N] = {CARE_ROLE_DROP, CARE_ROLE_DROP, CARE_ROLE_TITLE,
                                          CARE_ROLE_BYLINE, CARE_ROLE_BODY, CARE_ROLE_BODY};
    care_article_pick pick = expect_roles(lines, N, want);
    assert_int_equal(pick.first, 4);
    assert_int_equal(pick.end, 6);
}

/* Inside the article a short line between paragraphs, or two (a section's and a
 * subsection's), are headings; three or more in a row are a list, kept as paragraphs. */
static void test_classifier_list_not_headings(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "首页", "新闻", "河边步道今天开放", "2026-03-02 08:15",
        "今天早上七点，沿河步道正式向市民开放。步道全长六公里，沿途设了十二处座椅和三处饮水点。",
        "步道怎么走", "从哪里进入",
        "负责施工的工程师介绍，步道一共有三个入口，分别在下面这几个地方，都有公交车可以到达。",
        "一号入口 城东公园", "二号入口 老码头", "三号入口 河滨小学",
        "社区工作人员表示，接下来还会在步道旁组织健步走活动，欢迎大家报名参加。", "相关推荐"};
    enum { N = sizeof lines / sizeof *lines };
    static const unsigned char want[N] = {
        CARE_ROLE_DROP, CARE_ROLE_DROP, CARE_ROLE_TITLE, CARE_ROLE_BYLINE, CARE_ROLE_BODY,
        CARE_ROLE_HEADING, CARE_ROLE_HEADING, CARE_ROLE_BODY, CARE_ROLE_BODY, CARE_ROLE_BODY,
        CARE_ROLE_BODY, CARE_ROLE_BODY, CARE_ROLE_DROP};
    (void)expect_roles(lines, N, want);
}

/* A font-size control inside a byline ("字号：A- A A+") is found with the blank after it;
 * one button alone, or the word in a name ("老字号"), is none. In a page copy the byline
 * is set without it. */
static void test_byline_control(void **state)
{
    (void)state;
    const char *line = "2026-03-02 08:15 字号：A- A A+ 来源：晨报";
    size_t start = 0, end = 0;
    assert_true(care_byline_control(line, strlen(line), &start, &end));
    assert_int_equal(start, strlen("2026-03-02 08:15 "));
    assert_int_equal(end, strlen("2026-03-02 08:15 字号：A- A A+ "));
    assert_true(care_byline_control("来源：晨报 字体 大 中 小", strlen("来源：晨报 字体 大 中 小"),
                                    &start, &end));
    assert_false(care_byline_control("字号：A 来源：晨报", strlen("字号：A 来源：晨报"), &start, &end));
    assert_false(care_byline_control("来源：老字号食品报", strlen("来源：老字号食品报"), &start, &end));
    static const char page[] =
        "首页\n新闻\n城市\n河边步道今天开放\n2026-03-02 08:15 字号：A- A A+ 来源：晨报\n\n"
        "今天早上七点，沿河步道正式向市民开放。步道全长六公里，沿途设了十二处座椅和三处饮水点。\n\n"
        "负责施工的工程师介绍，步道的路面用了防滑材料，雨天行走也不容易摔倒，拐角处还加装了夜间照明。\n"
        "相关推荐\n另一条新闻的标题\n";
    care_document *doc = parse_text(page, sizeof page - 1, CARE_FORMAT_AUTO, false);
    assert_int_equal(care_document_extraction(doc, NULL), CARE_EXTRACT_ARTICLE);
    expect_block(doc, 1, CARE_BLOCK_BYLINE, "2026-03-02 08:15 来源：晨报");
    care_document_free(doc);
}

/* A byline without the counter or action word a page set after it; dates stay whole. */
static void test_byline_len(void **state)
{
    (void)state;
    static const struct {
        const char *line, *kept;
    } cases[] = {
        {"2026-03-02 08:15 晨报[整理] 1", "2026-03-02 08:15 晨报[整理]"},
        {"2026-03-02 08:15:00\xE3\x80\x80来源: 晨报 举报", "2026-03-02 08:15:00\xE3\x80\x80来源: 晨报"},
        {"来源：晨报 4,060 分享", "来源：晨报"},
        {"By ANNA LEE MARCH 2, 2026", "By ANNA LEE MARCH 2, 2026"},
        {"2 March 2026", "2 March 2026"},
        {"举报", "举报"},
        /* the tails an HTML dateline used to lose on its own (html_dateline.c) */
        {"2026-03-02 08:15 晨报 57人参与11评论", "2026-03-02 08:15 晨报"},
        {"2026-03-02 08:15 来源：晨报 打印 晨报新闻APP", "2026-03-02 08:15 来源：晨报"},
        {"57人参与", "57人参与"},
        /* a staff code glued to the editor's name; a code-like word alone stays */
        {"本文来源：晨报 责任编辑：林小雨_NF1234", "本文来源：晨报 责任编辑：林小雨"},
        {"责任编辑：林小雨_NBJ11331 举报", "责任编辑：林小雨"},
        {"来源：ABC_2024", "来源：ABC_2024"},
        {"来源：晨报\xE3\x80\x80", "来源：晨报"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(care_byline_len(cases[i].line, strlen(cases[i].line)), strlen(cases[i].kept));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_copy_article),
        cmocka_unit_test(test_page_copy_no_extract),
        cmocka_unit_test(test_clean_article_untouched),
        cmocka_unit_test(test_page_copy_without_article),
        cmocka_unit_test(test_classifier_roles),
        cmocka_unit_test(test_page_copy_buttons),
        cmocka_unit_test(test_page_copy_comments_and_credit),
        cmocka_unit_test(test_page_copy_entry),
        cmocka_unit_test(test_page_copy_captions),
        cmocka_unit_test(test_page_copy_credits),
        cmocka_unit_test(test_page_copy_fact_box),
        cmocka_unit_test(test_page_copy_repeated_dateline),
        cmocka_unit_test(test_page_copy_day_month_year),
        cmocka_unit_test(test_page_copy_split_dateline),
        cmocka_unit_test(test_page_copy_adverts),
        cmocka_unit_test(test_classifier_commenter_line),
        cmocka_unit_test(test_byline_len),
        cmocka_unit_test(test_byline_control),
        cmocka_unit_test(test_classifier_list_not_headings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
