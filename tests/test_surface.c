/* Tests of framebuffer surfaces: every pixel format equals the PNG page
 * converted (by an independent reference implementation of the rules in
 * carepage.h), stride padding untouched, clip rendering, argument errors. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "carepage.h"

#include <png.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CANARY 0xA5
#define PAD 64
#define PAGE_W 301 /* odd sizes: GRAY4 and MONO1 rows end inside a byte */
#define PAGE_H 397

static const char ARTICLE[] =
    "# 关怀版测试：Framebuffer 像素格式\n\n"
    "记者：王小明  \n\n"
    "今天，具有完全自主知识产权的中国标准动车组“复兴号”在京沪高铁正式双向首发，"
    "时速350公里，CR400AF 和 CR400BF 两种型号。\n\n"
    "## 第二节\n\n"
    "据了解，列车阻力比既有CRH380系列降低7.5%-12.3%，人均百公里能耗下降17%左右。"
    "The quick brown fox jumps over the lazy dog, 2017年6月26日。\n\n"
    "> 引用：老年人也能看清的新闻。\n\n"
    "最后一段文字，用来产生第二页。复兴号的座位更宽敞，车厢内实现了WiFi网络全覆盖。";

/* Every format: 0 .. CARE_PIXEL_FORMAT_COUNT - 1 (carepage.h). */
#define NFORMATS ((size_t)CARE_PIXEL_FORMAT_COUNT)
#define FORMAT(i) ((care_pixel_format)(i))

static const char *const THEMES[] = {"black-on-white", "yellow-on-black", "black-on-cream",
                                     "white-on-black"};

typedef struct fixture {
    care_engine *engine;
    care_document *doc;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    care_parse_options po = {.format = CARE_FORMAT_MARKDOWN, .name = "test"};
    if (!f || care_engine_new(&f->engine) != CARE_OK ||
        care_engine_set_fonts(f->engine, NULL) != CARE_OK ||
        care_document_parse(f->engine, ARTICLE, strlen(ARTICLE), &po, &f->doc) != CARE_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    care_document_free(f->doc);
    care_engine_free(f->engine);
    free(f);
    return 0;
}

static care_layout *make_layout(fixture *f, const char *theme)
{
    care_page_options o;
    assert_int_equal(care_page_options_preset(&o, "phone"), CARE_OK);
    assert_int_equal(care_page_options_theme(&o, theme), CARE_OK);
    o.width = PAGE_W, o.height = PAGE_H, o.font_size = 24;
    o.margin_top = o.margin_bottom = 20, o.margin_side = 15;
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(f->engine, f->doc, &o, &L), CARE_OK);
    assert_true(care_layout_page_count(L) >= 2);
    return L;
}

/* ---------- the PNG page, decoded with libpng ---------- */

typedef struct page_px {
    uint8_t *rgb; /* PAGE_W * PAGE_H * 3 */
    uint32_t fg, bg;
} page_px;

static page_px read_png_page(care_layout *L, size_t page, uint32_t fg, uint32_t bg)
{
    const char *dir = getenv("CAREPAGE_TEST_TMP");
    char path[512];
    snprintf(path, sizeof path, "%s/surface-%ld-%zu.png", dir ? dir : "/tmp", (long)getpid(), page);
    assert_int_equal(care_render_page_png(L, page, path, NULL), CARE_OK);
    png_image img = {.version = PNG_IMAGE_VERSION};
    assert_true(png_image_begin_read_from_file(&img, path));
    assert_int_equal(img.width, PAGE_W);
    assert_int_equal(img.height, PAGE_H);
    bool grey = !(img.format & PNG_FORMAT_FLAG_COLOR);
    img.format = grey ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
    uint8_t *raw = malloc(PNG_IMAGE_SIZE(img));
    assert_non_null(raw);
    assert_true(png_image_finish_read(&img, NULL, raw, 0, NULL));
    remove(path);
    page_px p = {malloc((size_t)PAGE_W * PAGE_H * 3), fg, bg};
    assert_non_null(p.rgb);
    for (size_t i = 0; i < (size_t)PAGE_W * PAGE_H; i++)
        for (int k = 0; k < 3; k++)
            p.rgb[3 * i + (size_t)k] = grey ? raw[i] : raw[3 * i + (size_t)k];
    free(raw);
    return p;
}

/* ---------- reference conversion, written from the header's rules ---------- */

static unsigned ref_luma(unsigned r, unsigned g, unsigned b)
{
    return (2126 * r + 7152 * g + 722 * b + 5000) / 10000;
}

static unsigned luma_rgb(uint32_t c)
{
    return ref_luma((c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF);
}

static const int BAYER[8][8] = {
    {0, 32, 8, 40, 2, 34, 10, 42},  {48, 16, 56, 24, 50, 18, 58, 26},
    {12, 44, 4, 36, 14, 46, 6, 38}, {60, 28, 52, 20, 62, 30, 54, 22},
    {3, 35, 11, 43, 1, 33, 9, 41},  {51, 19, 59, 27, 49, 17, 57, 25},
    {15, 47, 7, 39, 13, 45, 5, 37}, {63, 31, 55, 23, 61, 29, 53, 21}};

static unsigned ref_mono(unsigned y, int px, int py, bool dither, uint32_t fg, uint32_t bg)
{
    int yb = (int)luma_rgb(bg), yf = (int)luma_rgb(fg), d = abs(yb - yf);
    int e = yb > yf ? (int)y - yf : yf - (int)y;
    int t = d == 0 ? 255 : e <= 0 ? 0 : (e * 510 + d) / (2 * d);
    t = t > 255 ? 255 : t;
    bool show_bg = dither ? t > 4 * BAYER[py % 8][px % 8] + 2 : t >= 128;
    return show_bg ? yb >= yf : yf > yb;
}

static int bits_of(care_pixel_format f)
{
    return f == CARE_PIXEL_MONO1 || f == CARE_PIXEL_MONO1_THRESHOLD ? 1
           : f == CARE_PIXEL_GRAY4                                 ? 4
           : f == CARE_PIXEL_GRAY8                                 ? 8
           : f == CARE_PIXEL_RGB565                                ? 16
           : f == CARE_PIXEL_RGB888 || f == CARE_PIXEL_BGR888      ? 24
                                                                   : 32;
}

/* Set pixel (x, y) of surface memory to the page pixel p converted to format f. */
static void ref_pixel(uint8_t *row, care_pixel_format f, int x, int y, const uint8_t *p,
                      const page_px *pg)
{
    unsigned r = p[0], g = p[1], b = p[2], Y = ref_luma(r, g, b);
    uint8_t *q;
    switch (f) {
    case CARE_PIXEL_MONO1:
    case CARE_PIXEL_MONO1_THRESHOLD: {
        unsigned bit = ref_mono(Y, x, y, f == CARE_PIXEL_MONO1, pg->fg, pg->bg);
        uint8_t m = (uint8_t)(0x80 >> (x % 8));
        row[x / 8] = (uint8_t)(bit ? row[x / 8] | m : row[x / 8] & ~m);
        return;
    }
    case CARE_PIXEL_GRAY4: {
        unsigned lv = (Y * 15 + 127) / 255;
        row[x / 2] = (uint8_t)(x % 2 ? (row[x / 2] & 0xF0) | lv : (row[x / 2] & 0x0F) | lv << 4);
        return;
    }
    case CARE_PIXEL_GRAY8: row[x] = (uint8_t)Y; return;
    case CARE_PIXEL_RGB565: {
        unsigned v = ((r * 31 + 127) / 255) << 11 | ((g * 63 + 127) / 255) << 5 | (b * 31 + 127) / 255;
        row[2 * x] = (uint8_t)(v & 0xFF), row[2 * x + 1] = (uint8_t)(v >> 8);
        return;
    }
    case CARE_PIXEL_RGB888: q = row + 3 * x; q[0] = (uint8_t)r, q[1] = (uint8_t)g, q[2] = (uint8_t)b; return;
    case CARE_PIXEL_BGR888: q = row + 3 * x; q[0] = (uint8_t)b, q[1] = (uint8_t)g, q[2] = (uint8_t)r; return;
    default: break;
    }
    /* 32-bit little-endian words */
    uint32_t w = f == CARE_PIXEL_BGRX8888   ? b << 24 | g << 16 | r << 8 | 0xFF
                 : f == CARE_PIXEL_XBGR8888 ? 0xFFu << 24 | b << 16 | g << 8 | r
                                            : 0xFFu << 24 | r << 16 | g << 8 | b;
    q = row + 4 * x;
    for (int k = 0; k < 4; k++)
        q[k] = (uint8_t)(w >> (8 * k));
}

typedef struct fb {
    care_surface s;
    size_t row, size;
} fb;

static fb fb_new(care_pixel_format f)
{
    fb b;
    b.row = ((size_t)PAGE_W * (size_t)bits_of(f) + 7) / 8;
    b.s = (care_surface){NULL, PAGE_W, PAGE_H, b.row + PAD, f};
    b.size = b.s.stride * PAGE_H;
    b.s.pixels = malloc(b.size);
    assert_non_null(b.s.pixels);
    memset(b.s.pixels, CANARY, b.size);
    return b;
}

/* Expected surface: canary everywhere, then the rectangle converted from the page. */
static fb fb_expected(care_pixel_format f, const page_px *pg, int x0, int y0, int w, int h)
{
    fb b = fb_new(f);
    for (int y = y0; y < y0 + h; y++)
        for (int x = x0; x < x0 + w; x++)
            ref_pixel(b.s.pixels + (size_t)y * b.s.stride, f, x, y,
                      pg->rgb + 3 * ((size_t)y * PAGE_W + (size_t)x), pg);
    return b;
}

static void assert_padding_untouched(const fb *b)
{
    for (int y = 0; y < PAGE_H; y++)
        for (size_t i = b->row; i < b->s.stride; i++)
            assert_int_equal(b->s.pixels[(size_t)y * b->s.stride + i], CANARY);
}

static void assert_same(const fb *got, const fb *want, const char *what, care_pixel_format f)
{
    if (memcmp(got->s.pixels, want->s.pixels, got->size) != 0) {
        size_t i = 0;
        while (got->s.pixels[i] == want->s.pixels[i])
            i++;
        fail_msg("%s, format %d: first difference at byte %zu (row %zu): %02x, want %02x", what,
                 (int)f, i, i / got->s.stride, got->s.pixels[i], want->s.pixels[i]);
    }
}

/* ---------- tests ---------- */

/* Every format, stride = row bytes + 64: equals the PNG page converted; padding untouched. */
static void test_formats_equal_png(void **state)
{
    for (size_t t = 0; t < sizeof THEMES / sizeof *THEMES; t++) {
        care_layout *L = make_layout(*state, THEMES[t]);
        care_page_options o;
        care_page_options_preset(&o, "phone");
        care_page_options_theme(&o, THEMES[t]);
        for (size_t page = 0; page < 2; page++) {
            page_px pg = read_png_page(L, page, o.foreground, o.background);
            for (size_t i = 0; i < NFORMATS; i++) {
                fb got = fb_new(FORMAT(i));
                assert_int_equal(care_surface_row_bytes(FORMAT(i), PAGE_W), got.row);
                assert_int_equal(care_render_page(L, page, &got.s), CARE_OK);
                fb want = fb_expected(FORMAT(i), &pg, 0, 0, PAGE_W, PAGE_H);
                assert_padding_untouched(&got);
                assert_same(&got, &want, THEMES[t], FORMAT(i));
                free(got.s.pixels);
                free(want.s.pixels);
            }
            free(pg.rgb);
        }
        care_layout_free(L);
    }
}

/* Four quadrants (split off byte boundaries) give the whole page, in every format. */
static void test_quadrants(void **state)
{
    care_layout *L = make_layout(*state, "yellow-on-black");
    const int sx = PAGE_W / 2 + 3, sy = PAGE_H / 2 + 5;
    const int q[4][4] = {{0, 0, sx, sy}, {sx, 0, PAGE_W - sx, sy}, {0, sy, sx, PAGE_H - sy},
                         {sx, sy, PAGE_W - sx, PAGE_H - sy}};
    for (size_t i = 0; i < NFORMATS; i++) {
        fb whole = fb_new(FORMAT(i)), parts = fb_new(FORMAT(i));
        assert_int_equal(care_render_page(L, 1, &whole.s), CARE_OK);
        for (int k = 0; k < 4; k++)
            assert_int_equal(care_render_region(L, 1, &parts.s, q[k][0], q[k][1], q[k][2], q[k][3]),
                             CARE_OK);
        assert_same(&parts, &whole, "quadrants", FORMAT(i));
        free(whole.s.pixels);
        free(parts.s.pixels);
    }
    care_layout_free(L);
}

/* A single region: inside it the page's pixels, outside it the canary, bit for bit. */
static void test_region_writes_only_inside(void **state)
{
    care_layout *L = make_layout(*state, "black-on-cream");
    care_page_options o;
    care_page_options_preset(&o, "phone");
    care_page_options_theme(&o, "black-on-cream");
    page_px pg = read_png_page(L, 0, o.foreground, o.background);
    const int x = 13, y = 40, w = 117, h = 61; /* odd edges, a line of text inside */
    for (size_t i = 0; i < NFORMATS; i++) {
        fb got = fb_new(FORMAT(i));
        assert_int_equal(care_render_region(L, 0, &got.s, x, y, w, h), CARE_OK);
        fb want = fb_expected(FORMAT(i), &pg, x, y, w, h);
        assert_same(&got, &want, "region", FORMAT(i));
        /* clipped: a rectangle hanging over the page's corner */
        assert_int_equal(care_render_region(L, 0, &got.s, PAGE_W - 5, PAGE_H - 7, 50, 50), CARE_OK);
        free(want.s.pixels);
        want = fb_expected(FORMAT(i), &pg, x, y, w, h);
        for (int yy = PAGE_H - 7; yy < PAGE_H; yy++)
            for (int xx = PAGE_W - 5; xx < PAGE_W; xx++)
                ref_pixel(want.s.pixels + (size_t)yy * want.s.stride, FORMAT(i), xx, yy,
                          pg.rgb + 3 * ((size_t)yy * PAGE_W + (size_t)xx), &pg);
        assert_same(&got, &want, "clipped region", FORMAT(i));
        free(got.s.pixels);
        free(want.s.pixels);
    }
    free(pg.rgb);
    care_layout_free(L);
}

/* Known values: the background pixel (0, 0) of yellow-on-black and black-on-white. */
static void test_background_bytes(void **state)
{
    static const struct {
        const char *theme;
        care_pixel_format f;
        uint8_t bytes[4];
        int n;
    } cases[] = {
        {"black-on-white", CARE_PIXEL_RGB565, {0xFF, 0xFF}, 2},
        {"black-on-white", CARE_PIXEL_XRGB8888, {0xFF, 0xFF, 0xFF, 0xFF}, 4},
        {"black-on-white", CARE_PIXEL_GRAY4, {0xFF}, 1},
        {"black-on-white", CARE_PIXEL_MONO1, {0xFF}, 1},
        {"white-on-black", CARE_PIXEL_MONO1, {0x00}, 1},
        {"black-on-cream", CARE_PIXEL_XRGB8888, {0xE1, 0xF8, 0xFF, 0xFF}, 4},
        {"black-on-cream", CARE_PIXEL_BGRX8888, {0xFF, 0xFF, 0xF8, 0xE1}, 4},
        {"black-on-cream", CARE_PIXEL_XBGR8888, {0xFF, 0xF8, 0xE1, 0xFF}, 4},
        {"black-on-cream", CARE_PIXEL_BGR888, {0xE1, 0xF8, 0xFF}, 3},
        {"black-on-cream", CARE_PIXEL_RGB565, {0xBB, 0xFF}, 2}, /* 31, 61, 27 */
        {"black-on-cream", CARE_PIXEL_GRAY8, {0xF8}, 1},        /* luma 247.6 -> 248 */
        {"black-on-cream", CARE_PIXEL_MONO1, {0xFF}, 1},
        {"yellow-on-black", CARE_PIXEL_ARGB8888, {0x00, 0x00, 0x00, 0xFF}, 4},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        care_layout *L = make_layout(*state, cases[i].theme);
        fb b = fb_new(cases[i].f);
        assert_int_equal(care_render_page(L, 0, &b.s), CARE_OK);
        assert_memory_equal(b.s.pixels, cases[i].bytes, (size_t)cases[i].n);
        free(b.s.pixels);
        care_layout_free(L);
    }
}

static void test_errors(void **state)
{
    care_layout *L = make_layout(*state, "black-on-white");
    fb b = fb_new(CARE_PIXEL_RGB565);
    care_surface s = b.s;
    s.stride = b.row - 1;
    assert_int_equal(care_render_page(L, 0, &s), CARE_ERR_INVALID_ARGUMENT);
    s = b.s, s.width = PAGE_W - 1;
    assert_int_equal(care_render_page(L, 0, &s), CARE_ERR_INVALID_ARGUMENT);
    s = b.s, s.format = (care_pixel_format)99;
    assert_int_equal(care_render_page(L, 0, &s), CARE_ERR_INVALID_ARGUMENT);
    assert_int_equal(care_render_page(L, 99, &b.s), CARE_ERR_INVALID_ARGUMENT);
    assert_int_equal(care_render_region(L, 0, &b.s, 0, 0, -1, 5), CARE_ERR_INVALID_ARGUMENT);
    assert_int_equal(care_render_region(NULL, 0, &b.s, 0, 0, 1, 1), CARE_ERR_INVALID_ARGUMENT);
    assert_int_equal(care_render_region(L, 0, NULL, 0, 0, 1, 1), CARE_ERR_INVALID_ARGUMENT);
    /* empty or off-page rectangles draw nothing */
    assert_int_equal(care_render_region(L, 0, &b.s, PAGE_W, 0, 10, 10), CARE_OK);
    assert_int_equal(care_render_region(L, 0, &b.s, -20, -20, 10, 10), CARE_OK);
    assert_int_equal(care_render_region(L, 0, &b.s, 5, 5, 0, 10), CARE_OK);
    for (size_t i = 0; i < b.size; i++)
        assert_int_equal(b.s.pixels[i], CANARY);
    assert_int_equal(care_surface_row_bytes(CARE_PIXEL_MONO1, 9), 2);
    assert_int_equal(care_surface_row_bytes(CARE_PIXEL_GRAY4, 3), 2);
    assert_int_equal(care_surface_row_bytes((care_pixel_format)99, 3), 0);
    assert_int_equal(care_pixel_format_bits(CARE_PIXEL_RGB565), 16);
    free(b.s.pixels);
    care_layout_free(L);
}

/* The format table's names and sizes, and nothing past its end. */
static void test_format_names(void **state)
{
    (void)state;
    static const char *const names[] = {"gray8", "rgb888", "gray4", "mono1", "rgb565", "bgr888",
                                        "xrgb8888", "argb8888", "bgrx8888", "xbgr8888",
                                        "mono1-threshold"};
    assert_int_equal(sizeof names / sizeof *names, CARE_PIXEL_FORMAT_COUNT);
    for (size_t i = 0; i < NFORMATS; i++) {
        assert_string_equal(care_pixel_format_name(FORMAT(i)), names[i]);
        care_pixel_format f = CARE_PIXEL_FORMAT_COUNT;
        assert_int_equal(care_pixel_format_from_name(names[i], &f), CARE_OK);
        assert_int_equal(f, FORMAT(i));
        assert_int_equal(care_pixel_format_bits(FORMAT(i)), bits_of(FORMAT(i)));
    }
    care_pixel_format keep = CARE_PIXEL_GRAY4;
    assert_int_equal(care_pixel_format_from_name("RGB565", &keep), CARE_ERR_INVALID_ARGUMENT);
    assert_int_equal(care_pixel_format_from_name(NULL, &keep), CARE_ERR_INVALID_ARGUMENT);
    assert_int_equal(keep, CARE_PIXEL_GRAY4);
    assert_null(care_pixel_format_name(CARE_PIXEL_FORMAT_COUNT));
    assert_int_equal(care_pixel_format_bits(CARE_PIXEL_FORMAT_COUNT), 0);
    assert_int_equal(care_surface_row_bytes(CARE_PIXEL_FORMAT_COUNT, 10), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_names),
        cmocka_unit_test(test_formats_equal_png),
        cmocka_unit_test(test_quadrants),
        cmocka_unit_test(test_region_writes_only_inside),
        cmocka_unit_test(test_background_bytes),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
