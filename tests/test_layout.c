/* End-to-end tests through the public API: nothing lost in layout, contrast,
 * PNG output read back with libpng, the blending policy, pagination and limits. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_helpers.h"

#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "carepage.h"

/* ---------- documents ---------- */

static const char DOC_NEWS[] =
    "# 社区食堂开张：老人吃饭不再难\n"
    "\n"
    "记者：王小红  \n"
    "来源：本报\n"
    "\n"
    "社区食堂于2024年3月1日正式开张，首日接待老人305人次，每餐价格为12.5元。The canteen "
    "opened on March 1st, serving 305 meals on its first day.\n"
    "\n"
    "## 一、菜品与价格\n"
    "\n"
    "食堂提供软食、低盐和低糖三类套餐，满足不同老人的需要；午餐时段为11:00—13:00，比原计划"
    "延长了半小时。\n"
    "\n"
    "> “饭菜可口，价格实惠，离家也近。”一位78岁的居民说。\n"
    "\n"
    "- 早餐：6:30至8:30，包子、粥和鸡蛋\n"
    "- 午餐：两荤一素，每份12元\n"
    "- 晚餐：暂不提供，预计明年开放\n"
    "\n"
    "## 二、下一步\n"
    "\n"
    "街道办表示，将在年底前再开设3家食堂，覆盖辖区全部12个社区，并在网站"
    "https://example.org/canteen/weekly-menu公布每周菜单。\n";

static const char DOC_PLAIN[] =
    "老年人如何安全使用手机支付\n"
    "\n"
    "来源：新华社\n"
    "\n"
    "近年来，移动支付在老年群体中迅速普及。据统计，60岁以上的用户已超过1.2亿，占全部用户的"
    "12.3%。\n"
    "\n"
    "专家提醒：不要点击陌生链接，不要向任何人透露验证码（包括自称“客服”的人）。如遇可疑情况，"
    "请拨打110或96110反诈专线——千万不要转账……\n";

static const char DOC_MIXED[] =
    "# Care Mode for Everyone\n"
    "\n"
    "Large print helps readers with low vision. In a study of 1,024 readers aged 65 and over, "
    "87.5% preferred pages set at 54 px with a line height of 1.7.\n"
    "\n"
    "混排段落：WHO（世界卫生组织）建议，老年人每天步行6,000步以上；GDP增长了5.2%。\n"
    "\n"
    "1. First item with English words only, long enough to wrap on a phone\n"
    "2. 第二项：中文和English混排，含数字3.14和“引号”\n";

static care_document *parse(care_engine *e, const char *text, care_format format)
{
    care_parse_options po = {.format = format, .name = "test"};
    care_document *doc = NULL;
    care_status st = care_document_parse(e, text, strlen(text), &po, &doc);
    if (st != CARE_OK)
        print_error("parse: %s\n", care_engine_last_error(e));
    assert_int_equal(st, CARE_OK);
    assert_non_null(doc);
    return doc;
}

static care_layout *layout(care_engine *e, const care_document *doc, const care_page_options *o)
{
    care_layout *L = NULL;
    care_status st = care_layout_new(e, doc, o, &L);
    if (st != CARE_OK)
        print_error("layout: %s\n", care_engine_last_error(e));
    assert_int_equal(st, CARE_OK);
    assert_non_null(L);
    assert_true(care_layout_page_count(L) >= 1);
    return L;
}

/* A small page: 480 x 720 px, 32 px body. */
static care_page_options small_page(void)
{
    care_page_options o;
    assert_int_equal(care_page_options_preset(&o, "phone"), CARE_OK);
    o.width = 480;
    o.height = 720;
    o.font_size = 32;
    o.margin_top = 40;
    o.margin_bottom = 80;
    o.margin_side = 24;
    o.dpi = 96;
    return o;
}

/* s without ASCII spaces, newly allocated. */
static char *strip_spaces(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    assert_non_null(out);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ')
            out[k++] = s[i];
    out[k] = '\0';
    return out;
}

/* ---------- 1. nothing lost ---------- */

/* For every block, its lines (over all pages, in order) give back its text. */
static void check_nothing_lost(const care_document *doc, const care_layout *L)
{
    size_t blocks = care_document_block_count(doc);
    size_t pages = care_layout_page_count(L);
    assert_true(blocks > 0);
    for (size_t b = 0; b < blocks; b++) {
        care_block_kind kind;
        const char *text = NULL;
        assert_int_equal(care_document_block(doc, b, &kind, &text), CARE_OK);
        size_t tlen = strlen(text);
        char *joined = calloc(tlen + 1, 1);
        assert_non_null(joined);
        size_t jlen = 0, lines = 0, prev_end = 0;
        for (size_t pg = 0; pg < pages; pg++) {
            care_page_info info;
            assert_int_equal(care_layout_page(L, pg, &info), CARE_OK);
            for (size_t i = 0; i < info.line_count; i++) {
                care_line_info li;
                assert_int_equal(care_layout_line(L, pg, i, &li), CARE_OK);
                if (li.block != (long)b)
                    continue;
                assert_int_equal(li.kind, kind);
                assert_true(li.start <= li.end && li.end <= tlen);
                assert_int_equal(li.text_len, li.end - li.start);
                assert_ptr_equal(li.text, text + li.start);
                assert_true(li.start >= prev_end); /* in order, no overlap */
                prev_end = li.end;
                assert_true(jlen + li.text_len <= tlen);
                memcpy(joined + jlen, li.text, li.text_len);
                jlen += li.text_len;
                lines++;
            }
        }
        assert_true(lines >= 1);
        char *want = strip_spaces(text, tlen), *got = strip_spaces(joined, jlen);
        if (strcmp(want, got) != 0)
            fail_msg("block %zu lost text:\n  want %s\n  got  %s", b, want, got);
        free(want);
        free(got);
        free(joined);
    }
}

static void test_nothing_lost(void **state)
{
    care_engine *e = *state;
    struct {
        const char *text;
        care_format format;
        size_t min_blocks;
    } docs[] = {
        {DOC_NEWS, CARE_FORMAT_MARKDOWN, 10},
        {DOC_PLAIN, CARE_FORMAT_TEXT, 4},
        {DOC_MIXED, CARE_FORMAT_AUTO, 5},
    };
    for (size_t d = 0; d < sizeof docs / sizeof *docs; d++) {
        care_document *doc = parse(e, docs[d].text, docs[d].format);
        assert_true(care_document_block_count(doc) >= docs[d].min_blocks);
        care_page_options phone, small = small_page();
        assert_int_equal(care_page_options_preset(&phone, "phone"), CARE_OK);
        const care_page_options *opts[2] = {&phone, &small};
        for (int o = 0; o < 2; o++) {
            care_layout *L = layout(e, doc, opts[o]);
            check_nothing_lost(doc, L);
            care_layout_free(L);
        }
        care_document_free(doc);
    }
}

/* The kinds of the news document's blocks: the fixture really has them all. */
static void test_news_blocks(void **state)
{
    care_engine *e = *state;
    care_document *doc = parse(e, DOC_NEWS, CARE_FORMAT_MARKDOWN);
    bool seen[CARE_BLOCK_FOOTER + 1] = {false};
    for (size_t b = 0; b < care_document_block_count(doc); b++) {
        care_block_kind kind;
        const char *text;
        assert_int_equal(care_document_block(doc, b, &kind, &text), CARE_OK);
        assert_true(kind <= CARE_BLOCK_FOOTER);
        seen[kind] = true;
    }
    assert_true(seen[CARE_BLOCK_TITLE]);
    assert_true(seen[CARE_BLOCK_BYLINE]);
    assert_true(seen[CARE_BLOCK_HEADING]);
    assert_true(seen[CARE_BLOCK_PARAGRAPH]);
    assert_true(seen[CARE_BLOCK_QUOTE]);
    assert_true(seen[CARE_BLOCK_LIST_ITEM]);
    assert_false(seen[CARE_BLOCK_FOOTER]);
    care_document_free(doc);
}

/* ---------- 2. contrast ---------- */

static void test_contrast_values(void **state)
{
    (void)state;
    assert_float_equal(care_contrast_ratio(0x595959, 0xFFFFFF), 7.00, 0.005);
    assert_float_equal(care_contrast_ratio(0x767676, 0xFFFFFF), 4.54, 0.005);
    assert_float_equal(care_contrast_ratio(0x000000, 0xFFFFFF), 21.0, 1e-9);
    assert_float_equal(care_contrast_ratio(0xFFFFFF, 0x000000), 21.0, 1e-9);
    assert_float_equal(care_contrast_ratio(0x123456, 0x123456), 1.0, 1e-12);
    /* lighter over darker, whatever the order */
    assert_float_equal(care_contrast_ratio(0xFFFFFF, 0x767676),
                       care_contrast_ratio(0x767676, 0xFFFFFF), 1e-12);

    const char *themes[] = {"black-on-white", "white-on-black", "yellow-on-black",
                            "black-on-cream"};
    for (size_t i = 0; i < sizeof themes / sizeof *themes; i++) {
        care_page_options o;
        assert_int_equal(care_page_options_preset(&o, "phone"), CARE_OK);
        assert_int_equal(care_page_options_theme(&o, themes[i]), CARE_OK);
        assert_string_equal(o.theme_name, themes[i]);
        double r = care_contrast_ratio(o.foreground, o.background);
        if (!(r >= 7.0))
            fail_msg("theme %s has contrast %.3f", themes[i], r);
    }
    care_page_options o;
    assert_int_equal(care_page_options_preset(&o, "phone"), CARE_OK);
    assert_int_equal(care_page_options_theme(&o, "grey-on-grey"), CARE_ERR_INVALID_ARGUMENT);
}

static void test_low_contrast_refused(void **state)
{
    care_engine *e = *state;
    care_document *doc = parse(e, DOC_PLAIN, CARE_FORMAT_TEXT);
    care_page_options o;
    assert_int_equal(care_page_options_preset(&o, "phone"), CARE_OK);
    o.foreground = 0x777777;
    o.background = 0xFFFFFF;
    double r = care_contrast_ratio(o.foreground, o.background);
    assert_true(r > 4.4 && r < 4.5);
    care_layout *L = (care_layout *)&o; /* must be reset to NULL */
    assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_ERR_LOW_CONTRAST);
    assert_null(L);
    const char *msg = care_engine_last_error(e);
    if (!strstr(msg, "4.4"))
        fail_msg("message does not give the ratio: %s", msg);
    o.allow_low_contrast = true;
    L = layout(e, doc, &o);
    care_layout_free(L);
    care_document_free(doc);
}

/* ---------- 3. PNG read back ---------- */

typedef struct png_read {
    int width, height, color_type, bit_depth, channels;
    unsigned char *pixels; /* rows of width * channels */
    char *title, *description;
} png_read;

static char *dup_str(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    assert_non_null(d);
    strcpy(d, s);
    return d;
}

static void read_png(const char *path, png_read *out)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    assert_non_null(png);
    assert_non_null(info);
    png_bytep *rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        fclose(f);
        fail_msg("libpng could not read %s", path);
    }
    png_init_io(png, f);
    png_read_info(png, info);
    out->width = (int)png_get_image_width(png, info);
    out->height = (int)png_get_image_height(png, info);
    out->color_type = png_get_color_type(png, info); /* as written */
    out->bit_depth = png_get_bit_depth(png, info);
    if (out->color_type == PNG_COLOR_TYPE_PALETTE) { /* read as RGB */
        png_set_palette_to_rgb(png);
        png_read_update_info(png, info);
    }
    out->channels = png_get_channels(png, info);
    size_t rowbytes = png_get_rowbytes(png, info);
    out->pixels = malloc(rowbytes * (size_t)out->height);
    rows = malloc(sizeof *rows * (size_t)out->height);
    assert_non_null(out->pixels);
    assert_non_null(rows);
    for (int y = 0; y < out->height; y++)
        rows[y] = out->pixels + rowbytes * (size_t)y;
    png_read_image(png, rows);
    png_read_end(png, info);
    png_textp texts = NULL;
    int n = png_get_text(png, info, &texts, NULL);
    for (int i = 0; i < n; i++) {
        if (strcmp(texts[i].key, "Title") == 0 && !out->title)
            out->title = dup_str(texts[i].text);
        if (strcmp(texts[i].key, "Description") == 0 && !out->description)
            out->description = dup_str(texts[i].text);
    }
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    fclose(f);
}

static void png_read_free(png_read *r)
{
    free(r->pixels);
    free(r->title);
    free(r->description);
}

static void temp_path(char *buf, size_t n, const char *name)
{
    const char *dir = getenv("CAREPAGE_TEST_TMP");
    snprintf(buf, n, "%s/test_layout-%ld-%s", dir && *dir ? dir : "/tmp", (long)getpid(), name);
}

/* Every body line of page 0 appears in the Description. */
static void check_description(const care_layout *L, const char *description)
{
    assert_non_null(description);
    care_page_info info;
    assert_int_equal(care_layout_page(L, 0, &info), CARE_OK);
    size_t checked = 0;
    for (size_t i = 0; i < info.line_count; i++) {
        care_line_info li;
        assert_int_equal(care_layout_line(L, 0, i, &li), CARE_OK);
        if (li.block < 0 || li.text_len == 0)
            continue;
        char *line = malloc(li.text_len + 1);
        assert_non_null(line);
        memcpy(line, li.text, li.text_len);
        line[li.text_len] = '\0';
        if (!strstr(description, line))
            fail_msg("line '%s' of page 1 is not in the Description", line);
        free(line);
        checked++;
    }
    assert_true(checked >= 3);
}

static void test_png_read_back(void **state)
{
    care_engine *e = *state;
    care_document *doc = parse(e, DOC_PLAIN, CARE_FORMAT_TEXT);
    const char *title = care_document_title(doc);
    assert_string_equal(title, "老年人如何安全使用手机支付");
    struct {
        const char *theme, *file;
        int color_type;
        unsigned char bg[3], fg[3];
    } cases[] = {
        {"black-on-white", "bw.png", PNG_COLOR_TYPE_GRAY, {255, 255, 255}, {0, 0, 0}},
        /* two colours blended: at most 256 colours, an 8-bit palette */
        {"yellow-on-black", "yb.png", PNG_COLOR_TYPE_PALETTE, {0, 0, 0}, {255, 255, 0}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        care_page_options o = small_page();
        assert_int_equal(care_page_options_theme(&o, cases[c].theme), CARE_OK);
        care_layout *L = layout(e, doc, &o);
        char path[512];
        temp_path(path, sizeof path, cases[c].file);
        care_png_metadata meta = {title, care_document_author(doc), care_document_source(doc)};
        care_status st = care_render_page_png(L, 0, path, &meta);
        if (st != CARE_OK)
            print_error("png: %s\n", care_engine_last_error(e));
        assert_int_equal(st, CARE_OK);

        png_read r;
        read_png(path, &r);
        unlink(path);
        assert_int_equal(r.width, o.width);
        assert_int_equal(r.height, o.height);
        assert_int_equal(r.bit_depth, 8);
        assert_int_equal(r.color_type, cases[c].color_type);
        int ch = r.channels;
        assert_int_equal(ch, cases[c].color_type == PNG_COLOR_TYPE_GRAY ? 1 : 3);

        size_t total = (size_t)r.width * (size_t)r.height, bg = 0, fg = 0;
        if (ch == 1) {
            size_t hist[256] = {0};
            for (size_t i = 0; i < total; i++)
                hist[r.pixels[i]]++;
            size_t best = 0;
            for (size_t v = 1; v < 256; v++)
                if (hist[v] > hist[best])
                    best = v;
            assert_int_equal(best, cases[c].bg[0]);
            fg = hist[cases[c].fg[0]];
        } else {
            for (size_t i = 0; i < total; i++) {
                const unsigned char *px = r.pixels + 3 * i;
                bg += memcmp(px, cases[c].bg, 3) == 0;
                fg += memcmp(px, cases[c].fg, 3) == 0;
            }
            assert_true(bg * 2 > total); /* more than half: the most frequent pixel */
        }
        if (fg == 0)
            fail_msg("%s: no pixel has the exact foreground colour", cases[c].theme);

        assert_non_null(r.title);
        assert_string_equal(r.title, title);
        check_description(L, r.description);
        png_read_free(&r);
        care_layout_free(L);
    }
    care_document_free(doc);
}

/* ---------- 4. blending policy ---------- */

static void test_inverse_themes(void **state)
{
    care_engine *e = *state;
    care_document *doc = parse(e, DOC_NEWS, CARE_FORMAT_MARKDOWN);
    care_page_options bw = small_page(), wb = small_page();
    assert_int_equal(care_page_options_theme(&bw, "black-on-white"), CARE_OK);
    assert_int_equal(care_page_options_theme(&wb, "white-on-black"), CARE_OK);
    care_layout *Lb = layout(e, doc, &bw), *Lw = layout(e, doc, &wb);
    assert_int_equal(care_layout_page_count(Lb), care_layout_page_count(Lw));
    const int pad = 5;
    size_t stride = (size_t)bw.width + (size_t)pad, size = stride * (size_t)bw.height;
    uint8_t *a = malloc(size), *b = malloc(size);
    assert_non_null(a);
    assert_non_null(b);
    for (size_t pg = 0; pg < care_layout_page_count(Lb) && pg < 2; pg++) {
        memset(a, 0xA5, size);
        memset(b, 0x5A, size);
        care_surface sa = {.pixels = a, .width = bw.width, .height = bw.height,
                           .stride = stride, .format = CARE_PIXEL_GRAY8};
        care_surface sb = {.pixels = b, .width = wb.width, .height = wb.height,
                           .stride = stride, .format = CARE_PIXEL_GRAY8};
        assert_int_equal(care_render_page(Lb, pg, &sa), CARE_OK);
        assert_int_equal(care_render_page(Lw, pg, &sb), CARE_OK);
        size_t ink = 0, mismatches = 0;
        int first_x = -1, first_y = -1;
        for (int y = 0; y < bw.height; y++) {
            const uint8_t *ra = a + stride * (size_t)y, *rb = b + stride * (size_t)y;
            for (int x = 0; x < bw.width; x++) {
                ink += ra[x] != 255;
                if (ra[x] + rb[x] != 255 && mismatches++ == 0) {
                    first_x = x;
                    first_y = y;
                }
            }
            for (int x = bw.width; x < bw.width + pad; x++) { /* bytes past the row: untouched */
                assert_int_equal(ra[x], 0xA5);
                assert_int_equal(rb[x], 0x5A);
            }
        }
        if (mismatches)
            fail_msg("page %zu: %zu pixels are not inverse, first at (%d,%d): %u vs %u", pg + 1,
                     mismatches, first_x, first_y,
                     (unsigned)a[stride * (size_t)first_y + (size_t)first_x],
                     (unsigned)b[stride * (size_t)first_y + (size_t)first_x]);
        assert_true(ink > 1000);
    }
    free(a);
    free(b);
    care_layout_free(Lb);
    care_layout_free(Lw);
    care_document_free(doc);
}

/* ---------- 5. pagination ---------- */

static const char *SENTENCES[] = {
    "今年以来，本市新建养老服务站四十二个，覆盖城乡社区。",
    "工作人员每周上门两次，为独居老人测量血压、送药送餐。",
    "The pilot project served 1,200 residents in its first year.",
    "据统计，参与服务的志愿者已超过3,500人，平均年龄58岁。",
    "一位82岁的老人说：“有人常来看看，心里就踏实了。”",
    "下一步，街道将把服务时间延长到晚上八点，并增加助浴项目。",
    "专家建议，社区应当建立健康档案，及时发现慢性病风险。",
};

static char *long_document(size_t paragraphs)
{
    size_t cap = 64 * 1024, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    len += (size_t)snprintf(s + len, cap - len, "# 养老服务进社区：四十段长文测试\n\n");
    for (size_t i = 0; i < paragraphs; i++) {
        if (i % 6 == 5)
            len += (size_t)snprintf(s + len, cap - len, "## 第%zu部分：服务细节\n\n", i / 6 + 1);
        size_t n = i % 7 + 1; /* 1..7 sentences */
        for (size_t k = 0; k < n; k++)
            len += (size_t)snprintf(s + len, cap - len, "%s",
                                    SENTENCES[(i + k) % (sizeof SENTENCES / sizeof *SENTENCES)]);
        len += (size_t)snprintf(s + len, cap - len, "\n\n");
        assert_true(len + 1024 < cap);
    }
    return s;
}

static void test_pagination(void **state)
{
    care_engine *e = *state;
    char *text = long_document(40);
    care_document *doc = parse(e, text, CARE_FORMAT_MARKDOWN);
    free(text);
    size_t blocks = care_document_block_count(doc);
    assert_int_equal(blocks, 1 + 40 + 40 / 6);
    care_page_options o = small_page();
    care_layout *L = layout(e, doc, &o);
    size_t pages = care_layout_page_count(L);
    assert_true(pages >= 8);

    /* per block: lines on each page */
    size_t *first_page = calloc(blocks, sizeof *first_page);
    size_t *last_page = calloc(blocks, sizeof *last_page);
    size_t *on_first = calloc(blocks, sizeof *on_first);
    size_t *on_last = calloc(blocks, sizeof *on_last);
    size_t *count = calloc(blocks, sizeof *count);
    assert_non_null(first_page);
    assert_non_null(last_page);
    assert_non_null(on_first);
    assert_non_null(on_last);
    assert_non_null(count);

    for (size_t pg = 0; pg < pages; pg++) {
        care_page_info info;
        assert_int_equal(care_layout_page(L, pg, &info), CARE_OK);
        assert_int_equal(info.width, o.width);
        assert_int_equal(info.height, o.height);
        assert_true(info.line_count >= 2);

        /* the page number, last, and only there */
        care_line_info foot;
        assert_int_equal(care_layout_line(L, pg, info.line_count - 1, &foot), CARE_OK);
        assert_int_equal(foot.kind, CARE_BLOCK_FOOTER);
        assert_int_equal(foot.block, -1);
        char want[64];
        snprintf(want, sizeof want, "%zu / %zu", pg + 1, pages);
        if (foot.text_len != strlen(want) || memcmp(foot.text, want, foot.text_len) != 0)
            fail_msg("page %zu footer is '%.*s', want '%s'", pg + 1, (int)foot.text_len,
                     foot.text, want);
        assert_float_equal(foot.font_size, o.font_size, 0.001);
        assert_true(foot.baseline > (float)o.height - o.margin_bottom &&
                    foot.baseline <= (float)o.height);

        float prev_baseline = -INFINITY;
        care_line_info last_body = {0};
        for (size_t i = 0; i + 1 < info.line_count; i++) {
            care_line_info li;
            assert_int_equal(care_layout_line(L, pg, i, &li), CARE_OK);
            assert_true(li.block >= 0 && (size_t)li.block < blocks);
            assert_int_not_equal(li.kind, CARE_BLOCK_FOOTER);
            assert_true(li.baseline > prev_baseline);
            prev_baseline = li.baseline;
            /* inside the vertical margins */
            if (li.baseline - li.ascent < o.margin_top - 0.5f ||
                li.baseline + li.descent > (float)o.height - o.margin_bottom + 0.5f)
                fail_msg("page %zu line %zu (baseline %.1f) is outside the margins", pg + 1, i,
                         (double)li.baseline);
            size_t b = (size_t)li.block;
            if (count[b] == 0) {
                first_page[b] = pg;
            }
            if (count[b] == 0 || last_page[b] != pg) {
                on_last[b] = 0;
                last_page[b] = pg;
            }
            if (pg == first_page[b])
                on_first[b]++;
            on_last[b]++;
            count[b]++;
            last_body = li;
        }
        /* a heading (or the title) never ends a page */
        if (last_body.kind == CARE_BLOCK_TITLE || last_body.kind == CARE_BLOCK_HEADING ||
            last_body.kind == CARE_BLOCK_BYLINE)
            fail_msg("page %zu ends with a heading line (block %ld)", pg + 1, last_body.block);
    }

    size_t split = 0;
    for (size_t b = 0; b < blocks; b++) {
        care_block_kind kind;
        const char *t;
        assert_int_equal(care_document_block(doc, b, &kind, &t), CARE_OK);
        assert_true(count[b] >= 1);
        if (first_page[b] == last_page[b])
            continue;
        assert_int_equal(last_page[b], first_page[b] + 1); /* short paragraphs: two pages at most */
        assert_int_equal(kind, CARE_BLOCK_PARAGRAPH);
        split++;
        if (on_first[b] < 2 || on_last[b] < 2)
            fail_msg("block %zu: %zu line(s) on page %zu, %zu on page %zu (widow/orphan)", b,
                     on_first[b], first_page[b] + 1, on_last[b], last_page[b] + 1);
    }
    assert_true(split >= 1); /* the rule was really exercised */

    free(first_page);
    free(last_page);
    free(on_first);
    free(on_last);
    free(count);
    care_layout_free(L);
    care_document_free(doc);
}

/* ---------- 6. limits ---------- */

/* Does `msg` contain the number `value` as a whole token ("0" in "0x800", not in "10")? */
static bool mentions_number(const char *msg, double value)
{
    for (const char *s = msg; *s; s++) {
        if (*s < '0' || *s > '9')
            continue;
        if (s > msg && ((s[-1] >= '0' && s[-1] <= '9') || s[-1] == '.'))
            continue;
        char tok[32];
        size_t n = 0;
        while (n + 1 < sizeof tok && ((s[n] >= '0' && s[n] <= '9') || s[n] == '.'))
            n++;
        memcpy(tok, s, n);
        tok[n] = '\0';
        if (fabs(strtod(tok, NULL) - value) < 1e-9)
            return true;
    }
    return false;
}

static void test_limits(void **state)
{
    care_engine *e = *state;
    care_document *doc = parse(e, DOC_PLAIN, CARE_FORMAT_TEXT);
    struct {
        int width;
        float font_size;
        double named;
        const char *word;
    } cases[] = {
        {0, 54, 0, "size"},
        {1080, 1, 1, "font size"},
        {20000, 54, 20000, "size"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        care_page_options o;
        assert_int_equal(care_page_options_preset(&o, "phone"), CARE_OK);
        o.width = cases[c].width;
        o.font_size = cases[c].font_size;
        care_layout *L = (care_layout *)&o;
        assert_int_equal(care_layout_new(e, doc, &o, &L), CARE_ERR_LIMIT);
        assert_null(L);
        const char *msg = care_engine_last_error(e);
        if (!mentions_number(msg, cases[c].named) || !strstr(msg, cases[c].word))
            fail_msg("case %zu: message does not name %g: %s", c, cases[c].named, msg);
    }
    assert_true(mentions_number("page size 0x800 px", 0));
    assert_false(mentions_number("page size 10x800 px", 0));
    care_document_free(doc);
}

/* Presets scaled to the page (issue 17): the same fractions of the shorter side,
 * the body never below care-mode's minimum, the preset's own size unchanged. */
static void test_preset_scaled_to_page(void **state)
{
    care_engine *e = *state;
    static const char *const NAMES[] = {"phone", "tablet", "kiosk", "a4"};
    for (size_t i = 0; i < 4; i++) {
        care_page_options p, s;
        assert_int_equal(care_page_options_preset(&p, NAMES[i]), CARE_OK);
        assert_int_equal(care_page_options_preset_size(&s, NAMES[i], p.width, p.height), CARE_OK);
        assert_true(s.font_size == p.font_size && s.margin_top == p.margin_top &&
                    s.margin_bottom == p.margin_bottom && s.margin_side == p.margin_side);
    }
    care_page_options o;
    /* kiosk 1920x1080 -> 800x480: x 4/9; body 64 -> 28 px, margins 80/144/128 -> 36/64/57 */
    assert_int_equal(care_page_options_preset_size(&o, "kiosk", 800, 480), CARE_OK);
    assert_int_equal(o.width, 800);
    assert_int_equal(o.height, 480);
    assert_float_equal(o.font_size, 28, 0);
    assert_float_equal(o.margin_top, 36, 0);
    assert_float_equal(o.margin_bottom, 64, 0);
    assert_float_equal(o.margin_side, 57, 0);
    /* phone at half its size keeps 54 px: 18 dp at 480 dpi; a4 at half: 4.5 % of 1240 */
    care_page_options half;
    assert_int_equal(care_page_options_preset_size(&half, "phone", 540, 960), CARE_OK);
    assert_float_equal(half.font_size, 54, 0);
    assert_float_equal(half.margin_side, 24, 0);
    assert_int_equal(care_page_options_preset_size(&half, "a4", 1240, 1754), CARE_OK);
    assert_float_equal(half.font_size, 56, 0);
    assert_int_equal(care_page_options_preset_size(&half, "kiosk", 0, 480),
                     CARE_ERR_INVALID_ARGUMENT);
    assert_int_equal(care_page_options_preset_size(&half, "tv", 800, 480),
                     CARE_ERR_INVALID_ARGUMENT);

    /* The 800x480 kiosk page is usable: >= 9 characters a line, >= 4 lines a page. */
    char *text = long_document(12);
    care_document *doc = parse(e, text, CARE_FORMAT_MARKDOWN);
    free(text);
    care_layout *L = layout(e, doc, &o);
    size_t pages = care_layout_page_count(L), full_lines = 0;
    assert_true(pages >= 3);
    for (size_t pg = 0; pg + 1 < pages; pg++) {
        care_page_info info;
        assert_int_equal(care_layout_page(L, pg, &info), CARE_OK);
        assert_true(info.line_count - 1 >= 4); /* the page number not counted */
        for (size_t i = 0; i + 1 < info.line_count; i++) {
            care_line_info line, next;
            assert_int_equal(care_layout_line(L, pg, i, &line), CARE_OK);
            assert_int_equal(care_layout_line(L, pg, i + 1, &next), CARE_OK);
            if (line.kind != CARE_BLOCK_PARAGRAPH || next.block != line.block)
                continue; /* a paragraph's last line may be short */
            assert_true(line.width >= 9 * line.font_size);
            full_lines++;
        }
    }
    assert_true(full_lines >= 8);
    care_layout_free(L);
    care_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_news_blocks),
        cmocka_unit_test(test_nothing_lost),
        cmocka_unit_test(test_contrast_values),
        cmocka_unit_test(test_low_contrast_refused),
        cmocka_unit_test(test_png_read_back),
        cmocka_unit_test(test_inverse_themes),
        cmocka_unit_test(test_pagination),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_preset_scaled_to_page),
    };
    return cmocka_run_group_tests_name("layout", tests, test_setup_engine, test_teardown_engine);
}
