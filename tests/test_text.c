/* Unit tests of text.c (UTF-8, NFC, CJK classes), keywords.c (keyword groups
 * in one pass) and util.c (errors, buffers). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/keywords.h"
#include "common/text.h"

#define FFFD "\xEF\xBF\xBD"

/* ---------- UTF-8 validation ---------- */

/** One validation case: input bytes, first bad offset, U+FFFD count, repaired text. */
typedef struct utf8_case {
    const char *name;
    const char *bytes;
    size_t len;
    bool valid;
    size_t bad_offset;
    size_t replacements;
    const char *repaired;
} utf8_case;

#define B(s) s, sizeof(s) - 1

static const utf8_case UTF8_CASES[] = {
    {"empty", B(""), true, 0, 0, ""},
    {"ascii", B("AI news"), true, 0, 0, "AI news"},
    {"chinese", B("新闻 AI"), true, 0, 0, "新闻 AI"},
    {"emoji 4 bytes", B("\xF0\x9F\x98\x80"), true, 0, 0, "\xF0\x9F\x98\x80"},
    {"lone continuation 80", B("\x80"), false, 0, 1, FFFD},
    {"overlong C0 AF", B("ab\xC0\xAF" "c"), false, 2, 2, "ab" FFFD FFFD "c"},
    {"surrogate ED A0 80", B("\xED\xA0\x80"), false, 0, 3, FFFD FFFD FFFD},
    {"above U+10FFFF F4 90 80 80", B("\xF4\x90\x80\x80"), false, 0, 4, FFFD FFFD FFFD FFFD},
    {"overlong E0 80 80", B("\xE0\x80\x80"), false, 0, 3, FFFD FFFD FFFD},
    {"truncated E6 96 then ASCII", B("\xE6\x96" "x"), false, 0, 1, FFFD "x"},
    {"truncated emoji at end", B("ok\xF0\x9F\x98"), false, 2, 1, "ok" FFFD},
    {"F5 never valid", B("\xF5\x80"), false, 0, 2, FFFD FFFD},
    {"FF byte", B("a\xFF"), false, 1, 1, "a" FFFD},
    {"bad after good", B("中\x80文"), false, 3, 1, "中" FFFD "文"},
};

static void test_utf8_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof UTF8_CASES / sizeof UTF8_CASES[0]; i++) {
        const utf8_case *tc = &UTF8_CASES[i];
        print_message("case: %s\n", tc->name);
        char *out = (char *)1;
        size_t out_len = 99, bad = 99, replaced = 99;
        care_status st = care_utf8_validate(tc->bytes, tc->len, false, &out, &out_len, &bad,
                                            &replaced);
        if (tc->valid) {
            assert_int_equal(st, CARE_OK);
            assert_non_null(out);
            assert_int_equal(out_len, tc->len);
            assert_memory_equal(out, tc->bytes, tc->len);
            assert_int_equal(out[out_len], '\0');
            free(out);
        } else {
            assert_int_equal(st, CARE_ERR_INVALID_UTF8);
            assert_null(out);
            assert_int_equal(bad, tc->bad_offset);
        }
        st = care_utf8_validate(tc->bytes, tc->len, true, &out, &out_len, &bad, &replaced);
        assert_int_equal(st, CARE_OK);
        assert_int_equal(replaced, tc->replacements);
        assert_string_equal(out, tc->repaired);
        assert_int_equal(out_len, strlen(tc->repaired));
        free(out);
    }
}

/** "新闻" then E6 96 as the last bytes of an exactly sized heap block (no NUL). */
static void test_utf8_truncated_at_buffer_end(void **state)
{
    (void)state;
    static const char src[] = "新闻\xE6\x96";
    size_t len = sizeof src - 1;
    assert_int_equal(len, 8);
    char *exact = malloc(len);
    assert_non_null(exact);
    memcpy(exact, src, len);

    char *out = NULL;
    size_t out_len = 0, bad = 0, replaced = 0;
    assert_int_equal(care_utf8_validate(exact, len, false, &out, &out_len, &bad, &replaced),
                     CARE_ERR_INVALID_UTF8);
    assert_int_equal(bad, 6);
    assert_null(out);

    assert_int_equal(care_utf8_validate(exact, len, true, &out, &out_len, &bad, &replaced),
                     CARE_OK);
    assert_int_equal(replaced, 1);
    assert_string_equal(out, "新闻" FFFD);
    assert_int_equal(out_len, 9);
    free(out);
    free(exact);
}

static void test_utf8_optional_outputs(void **state)
{
    (void)state;
    assert_int_equal(care_utf8_validate("ok", 2, false, NULL, NULL, NULL, NULL), CARE_OK);
    assert_int_equal(care_utf8_validate("\x80", 1, false, NULL, NULL, NULL, NULL),
                     CARE_ERR_INVALID_UTF8);
    assert_int_equal(care_utf8_validate(NULL, 3, false, NULL, NULL, NULL, NULL),
                     CARE_ERR_INVALID_ARGUMENT);
}

static void test_utf8_next(void **state)
{
    (void)state;
    const char s[] = "a\xC3\xA9中\xF0\xA0\x80\x80";
    size_t len = sizeof s - 1, i = 0;
    assert_int_equal(care_utf8_next(s, len, &i), 'a');
    assert_int_equal(i, 1);
    assert_int_equal(care_utf8_next(s, len, &i), 0xE9);
    assert_int_equal(i, 3);
    assert_int_equal(care_utf8_next(s, len, &i), 0x4E2D);
    assert_int_equal(i, 6);
    assert_int_equal(care_utf8_next(s, len, &i), 0x20000);
    assert_int_equal(i, 10);
    /* defensive: a truncated sequence yields U+FFFD and never reads past len */
    i = 0;
    assert_int_equal(care_utf8_next("\xE4\xB8", 2, &i), 0xFFFD);
    assert_int_equal(i, 2);
}

static void test_utf8_encode(void **state)
{
    (void)state;
    static const struct {
        uint32_t cp;
        const char *bytes;
    } cases[] = {{0x41, "A"},           {0xE9, "\xC3\xA9"},       {0x4E2D, "中"},
                 {0x1F600, "\xF0\x9F\x98\x80"}, {0xD800, FFFD}, {0x110000, FFFD}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[4];
        size_t n = care_utf8_encode(cases[i].cp, buf);
        assert_int_equal(n, strlen(cases[i].bytes));
        assert_memory_equal(buf, cases[i].bytes, n);
    }
}

/* ---------- NFC ---------- */

static void expect_nfc(const char *in, const char *want)
{
    char *out = NULL;
    size_t out_len = 0;
    care_error err = {0};
    assert_int_equal(care_nfc(in, strlen(in), &out, &out_len, &err), CARE_OK);
    assert_string_equal(out, want);
    assert_int_equal(out_len, strlen(want));
    free(out);
}

static void test_nfc(void **state)
{
    (void)state;
    expect_nfc("e\xCC\x81", "\xC3\xA9");                       /* e + U+0301 -> é */
    expect_nfc("Cafe\xCC\x81 咖啡", "Caf\xC3\xA9 咖啡");
    expect_nfc("already NFC 中文", "already NFC 中文");
    expect_nfc("", "");
    expect_nfc("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", "한");     /* conjoining jamo */
    expect_nfc("\xEF\xA4\x80", "\xE8\xB1\x88");                /* U+F900 -> U+8C48 */
    /* text of NFC-stable characters is copied; one other character sends it to ICU */
    expect_nfc("中文“引号”，。\xF0\x9F\x98\x80", "中文“引号”，。\xF0\x9F\x98\x80");
    expect_nfc("\xEA\xB0\x80\xE1\x86\xA8", "\xEA\xB0\x81");    /* 가 + U+11A8 -> 각 */
    expect_nfc("中\xE2\x80\x80文", "中\xE2\x80\x82文");         /* U+2000 -> U+2002 */
    expect_nfc("中\xCC\x81", "中\xCC\x81");                       /* nothing to compose */
    /* after a run of U+4E00-U+9FFF (skipped whole by the stable scan) */
    expect_nfc("中文\xEF\xA4\x80", "中文\xE8\xB1\x88");               /* U+F900 */
    expect_nfc("\xE9\xBF\xBF\xE4\xB8\x80" "e\xCC\x81", "\xE9\xBF\xBF\xE4\xB8\x80\xC3\xA9"); /* U+9FFF U+4E00 */
    expect_nfc("\xF0\x9D\x85\x9E", "\xF0\x9D\x85\x97\xF0\x9D\x85\xA5"); /* U+1D15E */
}

static void test_nfc_take(void **state)
{
    (void)state;
    const char *nfc = "已是 NFC 的中文";
    char *in = care_strndup(nfc, strlen(nfc)), *out = NULL;
    size_t out_len = 0;
    care_error err = {0};
    assert_int_equal(care_nfc_take(in, strlen(in), &out, &out_len, &err), CARE_OK);
    assert_ptr_equal(out, in); /* taken over, not copied */
    assert_int_equal(out_len, strlen(nfc));
    free(out);
    in = care_strndup("中文e\xCC\x81", strlen("中文e\xCC\x81"));
    assert_int_equal(care_nfc_take(in, strlen(in), &out, &out_len, &err), CARE_OK);
    assert_string_equal(out, "中文\xC3\xA9"); /* new string; in was freed */
    assert_int_equal(out_len, strlen("中文\xC3\xA9"));
    free(out);
}

/* ---------- classification ---------- */

static void test_cjk_classes(void **state)
{
    (void)state;
    static const struct {
        uint32_t cp;
        bool han, cjk;
    } cases[] = {
        {'A', false, false},    {0x4E2D, true, true},   {0x3400, true, true},
        {0x9FFF, true, true},   {0xF900, true, true},   {0x20000, true, true},
        {0x3134F, true, true},  {0x31350, false, false}, {0x3005, true, true},
        {0x3007, true, true},   {0x3001, false, true},  {0x3002, false, true},
        {0x3042, false, true},  {0x30AB, false, true},  {0x31F0, false, true},
        {0xAC00, false, true},  {0x1100, false, true},  {0x3131, false, true},
        {0x3105, false, true},  {0xFF0C, false, true},  {0xFF01, false, true},
        {0xFF61, false, false}, {0xFFE5, false, true},  {0x201C, false, false},
        {0x2014, false, false}, {0xE9, false, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        print_message("U+%04X\n", (unsigned)cases[i].cp);
        assert_int_equal(care_is_han(cases[i].cp), cases[i].han);
        assert_int_equal(care_is_cjk(cases[i].cp), cases[i].cjk);
    }
}

/* ---------- util.c ---------- */

static void test_fail(void **state)
{
    (void)state;
    care_error err = {0};
    assert_int_equal(care_fail(&err, CARE_ERR_IO, "%s: cannot open (%d)", "文章.md", 2),
                     CARE_ERR_IO);
    assert_int_equal(err.status, CARE_ERR_IO);
    assert_string_equal(err.message, "文章.md: cannot open (2)");
    assert_int_equal(care_fail(NULL, CARE_ERR_FONT, "x"), CARE_ERR_FONT);

    /* a truncated message never ends in half a character */
    char long_name[600];
    memset(long_name, 'a', 509);
    strcpy(long_name + 509, "中文中文");
    care_fail(&err, CARE_ERR_IO, "%s", long_name);
    assert_int_equal(strlen(err.message), 509);
    assert_int_equal(care_utf8_validate(err.message, strlen(err.message), false, NULL, NULL, NULL,
                                        NULL),
                     CARE_OK);
}

static void test_alloc(void **state)
{
    (void)state;
    assert_null(care_calloc(SIZE_MAX / 2, 4));
    assert_null(care_realloc_array(NULL, SIZE_MAX / 8, 16));
    int *v = care_realloc_array(NULL, 4, sizeof *v);
    assert_non_null(v);
    free(v);
    char *s = care_strndup("中文abc", 3);
    assert_string_equal(s, "中");
    free(s);
}

static void test_buf(void **state)
{
    (void)state;
    care_buf b = {0};
    care_buf_puts(&b, "页");
    care_buf_append(&b, "abc", 2);
    care_buf_printf(&b, " %d/%d", 3, 12);
    assert_false(b.failed);
    assert_string_equal(b.data, "页ab 3/12");
    assert_int_equal(b.len, strlen("页ab 3/12"));
    char big[1000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    care_buf_printf(&b, "%s", big);
    assert_int_equal(b.len, strlen("页ab 3/12") + 999);
    assert_int_equal(b.data[b.len], '\0');
    care_buf_free(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
}

/* Language tags: well-formed (BCP 47) and known to ICU are two questions. */
static void test_language_tags(void **state)
{
    (void)state;
    assert_true(care_lang_tag_valid("zh-Hant") && care_language_known("zh-Hant"));
    assert_true(care_lang_tag_valid("zh_TW") && care_language_known("zh_TW"));
    assert_true(care_language_known("yue") && care_language_known("en"));
    assert_true(care_lang_tag_valid("garbage")); /* 5-8 letters: a registered-language form */
    assert_false(care_language_known("garbage"));
    assert_false(care_language_known("xyz"));
    assert_false(care_lang_tag_valid("zh Hant"));
    assert_false(care_language_known("zh Hant"));
    assert_false(care_language_known(""));
    assert_false(care_language_known(NULL));
}

static void test_status_and_version(void **state)
{
    (void)state;
    assert_string_equal(care_status_string(CARE_OK), "ok");
    assert_string_equal(care_status_string(CARE_ERR_INVALID_UTF8), "invalid UTF-8");
    for (int s = CARE_OK; s <= CARE_ERR_PNG; s++) {
        const char *name = care_status_string((care_status)s);
        assert_non_null(name);
        assert_string_not_equal(name, "unknown status");
        for (int t = CARE_OK; t < s; t++)
            assert_string_not_equal(name, care_status_string((care_status)t));
    }
    assert_string_equal(care_status_string((care_status)999), "unknown status");
    assert_string_equal(care_version_string(), "0.1.0");
}

/* ---------- keyword groups ---------- */

static void test_keywords(void **state)
{
    (void)state;
    static const char *const nav[] = {"首页", "分享", "Share"};
    static const char *const notice[] = {"版权所有", "©", "|", ""};
    static const char *const same_start[] = {"首页推荐"};
    const care_keyword_group groups[] = {{nav, 3}, {notice, 4}, {same_start, 1}};
    care_keywords k;
    assert_true(care_keywords_init(&k, groups, 3));
    /* at the start and inside */
    care_keyword_hits h = care_keywords_scan(&k, "首页 > 新闻", strlen("首页 > 新闻"));
    assert_int_equal(h.at_start, 1);
    assert_int_equal(h.anywhere, 1);
    h = care_keywords_scan(&k, "新闻|分享至 © 2026", strlen("新闻|分享至 © 2026"));
    assert_int_equal(h.at_start, 0);
    assert_int_equal(h.anywhere, 1 | 2);
    /* a longer keyword with the same first characters; case-sensitive */
    h = care_keywords_scan(&k, "首页推荐", strlen("首页推荐"));
    assert_int_equal(h.at_start, 1 | 4);
    h = care_keywords_scan(&k, "share 版权所", strlen("share 版权所"));
    assert_int_equal(h.anywhere, 0);
    /* cut off by the length, not by a NUL: "版权所有" needs all 12 bytes */
    h = care_keywords_scan(&k, "版权所有", 9);
    assert_int_equal(h.anywhere, 0);
    h = care_keywords_scan(&k, "", 0);
    assert_int_equal(h.anywhere | h.at_start, 0);
    care_keywords_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_cases),
        cmocka_unit_test(test_utf8_truncated_at_buffer_end),
        cmocka_unit_test(test_utf8_optional_outputs),
        cmocka_unit_test(test_utf8_next),
        cmocka_unit_test(test_utf8_encode),
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_nfc_take),
        cmocka_unit_test(test_cjk_classes),
        cmocka_unit_test(test_fail),
        cmocka_unit_test(test_alloc),
        cmocka_unit_test(test_buf),
        cmocka_unit_test(test_status_and_version),
        cmocka_unit_test(test_language_tags),
        cmocka_unit_test(test_keywords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
