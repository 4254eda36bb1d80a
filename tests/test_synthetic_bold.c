/* Synthetic bold (fonts.c ensure_bold, raster.c): only when no bold face
 * exists, visibly bolder, and the counters of dense characters stay open —
 * the hole count of 量瀚警齉 at 48 px and 240 px equals the regular face's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine.h"
#include "raster/raster.h"
#include "test_helpers.h"

#include <stdlib.h>
#include <string.h>

#define CJK_FILE "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

typedef struct mask_stats {
    int holes;
    long ink;
} mask_stats;

/* Flood fill of background pixels from (x, y) in a padded w x h grid (0 = background). */
static void fill(uint8_t *grid, int w, int h, int x, int y, int *stack)
{
    int top = 0;
    stack[top++] = y * w + x;
    grid[y * w + x] = 2;
    while (top) {
        int at = stack[--top], cx = at % w, cy = at / w;
        const int nx[4] = {cx - 1, cx + 1, cx, cx}, ny[4] = {cy, cy, cy - 1, cy + 1};
        for (int k = 0; k < 4; k++) {
            if (nx[k] < 0 || ny[k] < 0 || nx[k] >= w || ny[k] >= h || grid[ny[k] * w + nx[k]])
                continue;
            grid[ny[k] * w + nx[k]] = 2;
            stack[top++] = ny[k] * w + nx[k];
        }
    }
}

/* Holes: background regions (coverage < 128) not connected to the outside. */
static mask_stats count_holes(const care_glyph_mask *m)
{
    int w = m->width + 2, h = m->height + 2;
    uint8_t *grid = calloc((size_t)w * (size_t)h, 1);
    int *stack = malloc(sizeof(int) * (size_t)w * (size_t)h);
    assert_non_null(grid);
    assert_non_null(stack);
    mask_stats st = {0, 0};
    for (int y = 0; y < m->height; y++)
        for (int x = 0; x < m->width; x++)
            if (m->coverage[y * m->width + x] >= 128) {
                grid[(y + 1) * w + x + 1] = 1;
                st.ink++;
            }
    int regions = 0;
    for (int i = 0; i < w * h; i++)
        if (grid[i] == 0) {
            fill(grid, w, h, i % w, i / w, stack);
            regions++;
        }
    st.holes = regions - 1; /* the outside is one region */
    free(grid);
    free(stack);
    return st;
}

static mask_stats glyph_stats(care_engine *e, uint16_t face, uint32_t cp, float px)
{
    const care_face *f = care_fontset_face(e->fonts, face);
    hb_codepoint_t gid;
    assert_true(hb_font_get_nominal_glyph(f->hb, cp, &gid));
    care_glyph_mask m;
    int ox;
    assert_int_equal(care_glyph_cache_get(e->glyphs, e->fonts, face, gid, px, 0, &m, &ox, NULL),
                     CARE_OK);
    assert_non_null(m.coverage);
    return count_holes(&m);
}

static void test_counters_stay_open(void **state)
{
    (void)state;
    care_font_config one_file = {.cjk_regular = CJK_FILE "#2", .cjk_bold = CJK_FILE "#2"};
    care_engine *e = NULL;
    assert_int_equal(care_engine_new(&e), CARE_OK);
    assert_int_equal(care_engine_set_fonts(e, &one_file), CARE_OK);
    uint16_t regular = care_fontset_role(e->fonts, CARE_ROLE_CJK, false);
    uint16_t bold = care_fontset_role(e->fonts, CARE_ROLE_CJK, true);
    assert_int_not_equal(regular, bold);
    assert_true(care_fontset_face(e->fonts, bold)->synthetic_bold);
    static const uint32_t chars[] = {0x91CF, 0x701A, 0x8B66, 0x9F49}; /* 量瀚警齉 */
    static const float sizes[] = {48, 240};
    long regular_ink = 0, bold_ink = 0;
    for (size_t s = 0; s < 2; s++) {
        for (size_t c = 0; c < 4; c++) {
            mask_stats r = glyph_stats(e, regular, chars[c], sizes[s]);
            mask_stats b = glyph_stats(e, bold, chars[c], sizes[s]);
            if (r.holes != b.holes)
                fail_msg("U+%04X at %.0f px: %d holes regular, %d synthetic bold",
                         (unsigned)chars[c], (double)sizes[s], r.holes, b.holes);
            assert_true(r.holes > 0);

            assert_true(b.ink >= r.ink);
            regular_ink += r.ink, bold_ink += b.ink;
        }
    }
    /* bolder: the dense ones may get thinner growth, the set as a whole >= 10 % more ink */
    assert_true(bold_ink > regular_ink + regular_ink / 10);
    care_engine_free(e);
}

/* With a real bold face installed no synthetic bold is made. */
static void test_real_bold_face_used(void **state)
{
    (void)state;
    care_engine *e = test_engine_new();
    const care_face *bold = care_fontset_face(e->fonts, care_fontset_role(e->fonts, CARE_ROLE_CJK, true));
    assert_false(bold->synthetic_bold);
    assert_non_null(strstr(bold->path, "Bold"));
    care_engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counters_stay_open),
        cmocka_unit_test(test_real_bold_face_used),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
