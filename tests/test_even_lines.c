/* Even lines (issue 14): a steady line pitch whatever fonts a line holds,
 * shrink before stretch in both fitters (care-mode §6), hyphenated Latin words
 * and URLs in CJK text, and flush line ends. Default fonts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_helpers.h"

#include "layout/layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Lay out Markdown `md` at preset `preset` with `line_height` (0: normal). */
static care_layout *layout_of(care_engine *e, const char *md, float line_height,
                              care_document **doc)
{
    care_parse_options po = {.format = CARE_FORMAT_MARKDOWN};
    assert_int_equal(care_document_parse(e, md, strlen(md), &po, doc), CARE_OK);
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    opts.line_height = line_height;
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(e, *doc, &opts, &L), CARE_OK);
    return L;
}

/* care-mode §9: with line height 1.7 every baseline of a paragraph holding a
 * Myanmar and a Khmer word (fallback faces far taller than the CJK face) is
 * 1.7 × 54 = 91.8 px below the one before; with "normal" the Myanmar line grows. */
static void test_fallback_words_keep_the_pitch(void **state)
{
    const char *md = "这是一段很长的中文文字，用来测试行距。缅甸文ကမ္ဘာ့ကုလသမဂ္ဂ这一段继续写下去，"
                     "还有高棉文ព្រះរាជាណាចក្រកម្ពុជា在这里，让行数多一些，这样就能看到每一行的"
                     "基线距离是否一致。\n";
    for (int normal = 0; normal < 2; normal++) {
        care_document *doc;
        care_layout *L = layout_of(*state, md, normal ? 0 : 1.7f, &doc);
        size_t body = 0;
        float grown = 0;
        for (size_t i = 1; i < L->line_count && L->lines[i].block == 0; i++, body++) {
            float gap = L->lines[i].baseline - L->lines[i - 1].baseline;
            if (!normal)
                assert_float_equal(gap, 91.8, 0.5);
            grown = gap > grown ? gap : grown;
        }
        assert_true(body >= 4);
        if (normal) /* Noto Sans Myanmar's line is taller than the CJK face's 1.448 em */
            assert_true(grown > 1.6f * 54);
        care_layout_free(L);
        care_document_free(doc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fallback_words_keep_the_pitch),
    };
    return cmocka_run_group_tests(tests, test_setup_engine, test_teardown_engine);
}
