/* Tests of Chinese punctuation normalisation (punct.c) through care_document_parse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "input/document.h"

#include <string.h>

/* Parse `md` as Markdown in `lang` and return block 1's text (block 0 is the title). */
static care_document *parse(const char *md, const char *lang, bool keep)
{
    care_parse_options opt = {.format = CARE_FORMAT_MARKDOWN, .lang = lang, .keep_punct = keep};
    care_document *doc = NULL;
    assert_int_equal(care_document_parse(NULL, md, strlen(md), &opt, &doc), CARE_OK);
    assert_true(care_document_block_count(doc) >= 2);
    return doc;
}

static void expect(const char *body, const char *lang, const char *want)
{
    char md[512];
    snprintf(md, sizeof md, "# 标题\n\n%s\n", body);
    care_document *doc = parse(md, lang, false);
    const char *text = NULL;
    care_document_block(doc, 1, NULL, &text);
    assert_string_equal(text, want);
    care_document_free(doc);
}

static void test_commas_after_han(void **state)
{
    (void)state;
    expect("订单已破1000万单,网友纷纷晒单, 感谢千问。", NULL,
           "订单已破1000万单，网友纷纷晒单，感谢千问。");
    expect("他问:真的吗?好!", "zh-Hans", "他问：真的吗？好！");
    expect("一是价格;二是服务", NULL, "一是价格；二是服务");
}

/* A space copied beside a full-width mark would show as 1.5 em: it goes (clreq §3.1.6). */
static void test_spaces_beside_fullwidth_marks(void **state)
{
    (void)state;
    expect("获认可， 有民办学校挖他， 但这个。 不到", NULL,
           "获认可，有民办学校挖他，但这个。不到");
    expect("校长、 教授 ， 享有（ 注 ）名誉", NULL, "校长、教授，享有（注）名誉");
    expect("公司， Apple 表示「 好 」", NULL, "公司，Apple 表示「好」");
    expect("他说“好” 然后 He said “yes” too", NULL, "他说“好” 然后 He said “yes” too");
}

static void test_latin_and_numbers_keep_ascii(void **state)
{
    (void)state;
    expect("增长3.5%,共1,000元,比分3:1。", NULL, "增长3.5%，共1,000元，比分3:1。");
    expect("He said, e.g. this: fine?", NULL, "He said, e.g. this: fine?");
    expect("访问 https://example.com/a?b=1 查看", NULL, "访问 https://example.com/a?b=1 查看");
}

static void test_brackets_and_quotes(void **state)
{
    (void)state;
    expect("销售额(2024)上升", NULL, "销售额（2024）上升");
    expect("宇航局 (NASA) 表示", NULL, "宇航局（NASA）表示");
    expect("f(x) = 1", NULL, "f(x) = 1");
    expect("他说\"你好\"就走了", NULL, "他说\xE2\x80\x9C你好\xE2\x80\x9D就走了");
    expect("他说\"你好\"就走了", "zh-Hant", "他说\xE3\x80\x8C你好\xE3\x80\x8D就走了");
    expect("the \"quoted\" word", NULL, "the \"quoted\" word");
}

static void test_spans_follow(void **state)
{
    (void)state;
    care_document *doc = parse("# 标题\n\n比分为**3:1**, 主队获胜\n", NULL, false);
    const care_block *b = &doc->blocks[1];
    assert_string_equal(b->text, "比分为3:1，主队获胜");
    bool found = false;
    for (size_t i = 0; i < b->span_count; i++) {
        if (b->spans[i].style & CARE_STYLE_BOLD) {
            assert_int_equal(b->spans[i].start, strlen("比分为"));
            assert_int_equal(b->spans[i].end, strlen("比分为3:1"));
            found = true;
        }
    }
    assert_true(found);
    care_document_free(doc);
}

static void test_keep_and_other_languages(void **state)
{
    (void)state;
    care_document *doc = parse("# T\n\n中文,逗号\n", NULL, true);
    assert_string_equal(doc->blocks[1].text, "中文,逗号");
    care_document_free(doc);
    doc = parse("# T\n\n中文,逗号\n", "ja", false);
    assert_string_equal(doc->blocks[1].text, "中文,逗号");
    care_document_free(doc);
}

/* Front matter `lang: zh-Hant` chooses 「」 and is not text; offsets are kept. */
static void test_front_matter_lang(void **state)
{
    (void)state;
    const char *md = "---\nlang: zh-Hant\ntitle: \"前言標題\"\nauthor: 王小明\n---\n# 標題\n\n他說\"你好\"。\n";
    care_document *doc = parse(md, NULL, false);
    assert_string_equal(care_document_lang(doc), "zh-Hant");
    assert_int_equal(care_document_block_count(doc), 2);
    assert_string_equal(doc->blocks[0].text, "標題");
    assert_int_equal(doc->blocks[0].source_start,
                     strlen("---\nlang: zh-Hant\ntitle: \"前言標題\"\nauthor: 王小明\n---\n# "));
    assert_string_equal(care_document_title(doc), "前言標題"); /* front matter wins */
    assert_string_equal(care_document_author(doc), "王小明");
    assert_string_equal(doc->blocks[1].text, "他說\xE3\x80\x8C你好\xE3\x80\x8D。");
    care_document_free(doc);
}

/* Without a declared language, Traditional text is found by its characters
 * (only Big5 encodes 們 這 個 說 對 ..., only GB2312 们 这 个 说 对 ...): it
 * gets zh-Hant and 「」; Simplified text, a few Traditional characters in
 * Simplified text, and text without Han keep the default. */
static void test_traditional_detected(void **state)
{
    (void)state;
    const char *traditional = "# 標題\n\n他們說\"這個辦法對長輩們很實用\"，還會繼續推廣。\n";
    care_document *doc = parse(traditional, NULL, false);
    assert_string_equal(care_document_lang(doc), "zh-Hant");
    assert_string_equal(doc->blocks[1].text,
                        "他們說\xE3\x80\x8C這個辦法對長輩們很實用\xE3\x80\x8D，還會繼續推廣。");
    care_document_free(doc);
    /* a front matter lang that is no language tag is ignored: found by the characters */
    doc = parse("---\nlang: 繁體中文\n---\n# 標題\n\n他們說這個辦法對長輩們很實用。\n", NULL, false);
    assert_string_equal(care_document_lang(doc), "zh-Hant");
    care_document_free(doc);
    doc = parse(traditional, "zh-Hans", false); /* the caller's language wins: no detection */
    assert_string_equal(care_document_lang(doc), "");
    assert_string_equal(doc->blocks[1].text,
                        "他們說\xE2\x80\x9C這個辦法對長輩們很實用\xE2\x80\x9D，還會繼續推廣。");
    care_document_free(doc);
    doc = parse(traditional, "zh_Hant", false); /* '_' for '-' as some pages write it */
    assert_string_equal(doc->blocks[1].text,
                        "他們說\xE3\x80\x8C這個辦法對長輩們很實用\xE3\x80\x8D，還會繼續推廣。");
    care_document_free(doc);
    static const char *not_traditional[] = {
        /* Japanese: 時 間 駅 書 are Big5-only kanji, but among much kana */
        "# 東京\n\n東京駅の近くにある新しい図書館は、時間があれば電車で行ける。\n",
        "# 标题\n\n他们说这个办法对长辈们很实用，还会继续推广。\n",
        "# 标题\n\n他们说這個办法对长辈们很实用，还会继续推广，说对了。\n", /* 2 of 9 */
        "# Title\n\nNo Han at all.\n",
    };
    for (size_t i = 0; i < sizeof not_traditional / sizeof *not_traditional; i++) {
        doc = parse(not_traditional[i], NULL, false);
        assert_string_equal(care_document_lang(doc), "");
        care_document_free(doc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commas_after_han),
        cmocka_unit_test(test_spaces_beside_fullwidth_marks),
        cmocka_unit_test(test_latin_and_numbers_keep_ascii),
        cmocka_unit_test(test_brackets_and_quotes),
        cmocka_unit_test(test_spans_follow),
        cmocka_unit_test(test_keep_and_other_languages),
        cmocka_unit_test(test_front_matter_lang),
        cmocka_unit_test(test_traditional_detected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
