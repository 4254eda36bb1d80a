/* Articles with photos, end to end: a Markdown article and a saved HTML page
 * with JPEG, PNG, WebP, EXIF-rotated and data: photos. For each photo: its
 * box (the dump's pages[].images[]), its own decoded colours inside that box
 * on the rendered page, the aspect ratio within 2 %, the box inside the text
 * area, its alt text in the PNG Description; missing and remote images
 * listed once; pagination keeps a tall photo with its caption. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "layout/layout.h"
#include "layout/photo_thread.h"
#include "image_fixtures.h"
#include "test_helpers.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct photo {
    const char *alt;    /* the alt text (or caption) that names it */
    int width, height;  /* upright size */
    fixture_paint paint;
    bool sideways;      /* stored with EXIF orientation 6 */
} photo;

static char dir[512];

static void write_file(const char *name, const uint8_t *data, size_t len)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_true(fixture_write(path, data, len));
}

/* A w x h RGB PNG painted by paint, written as dir/name. */
static void write_png(const char *name, int w, int h, fixture_paint paint)
{
    size_t len;
    uint8_t *b = fixture_png(w, h, 3, paint, &len);
    write_file(name, b, len);
    free(b);
}

static void make_dir(const char *name)
{
    const char *tmp = getenv("CAREPAGE_TEST_TMP");
    snprintf(dir, sizeof dir, "%s/%s", tmp ? tmp : ".", name);
    mkdir(dir, 0777);
    char sub[600];
    snprintf(sub, sizeof sub, "%s/page_files", dir);
    mkdir(sub, 0777);
}

/* The photos every test article shows, written into dir. */
static void write_photos(void)
{
    size_t len;
    uint8_t exif[64];
    size_t elen = fixture_exif_orientation(exif, 6);
    uint8_t *b = fixture_jpeg(1600, 1200, 3, fixture_quadrants, NULL, 0, &len);
    write_file("page_files/q.jpg", b, len);
    free(b);
    write_png("page_files/q.png", 600, 400, fixture_quadrants);
    write_png("page_files/small.png", 300, 200, fixture_halves);
    b = fixture_webp(500, 500, fixture_quadrants, &len);
    write_file("page_files/q.webp", b, len);
    free(b);
    b = fixture_jpeg(400, 200, 3, fixture_halves, exif, elen, &len); /* upright 200 x 400 */
    write_file("page_files/side.jpg", b, len);
    free(b);
    write_png("page_files/icon.png", 32, 32, fixture_quadrants);
}

/* "data:image/png;base64,..." of a 300 x 240 quadrants PNG. */
static char *data_uri(void)
{
    static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t len;
    uint8_t *png = fixture_png(300, 240, 3, fixture_quadrants, &len);
    char *out = malloc(32 + len / 3 * 4 + 8), *p = out;
    p += sprintf(p, "data:image/png;base64,");
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)png[i] << 16 | (i + 1 < len ? png[i + 1] << 8 : 0) |
                     (i + 2 < len ? png[i + 2] : 0);
        *p++ = B64[v >> 18 & 63], *p++ = B64[v >> 12 & 63];
        *p++ = i + 1 < len ? B64[v >> 6 & 63] : '=';
        *p++ = i + 2 < len ? B64[v & 63] : '=';
    }
    *p = '\0';
    free(png);
    return out;
}

static care_layout *lay_out(care_engine *e, const char *text, care_document **doc,
                            care_page_options *opts)
{
    care_parse_options po = {.name = "article"};
    assert_int_equal(care_document_parse(e, text, strlen(text), &po, doc), CARE_OK);
    opts->image_dir = dir;
    care_layout *L = NULL;
    care_status st = care_layout_new(e, *doc, opts, &L);
    if (st != CARE_OK)
        fail_msg("layout: %s", care_engine_last_error(e));
    return L;
}

/* The figure line whose block's text is alt; *page gets its page. */
static const care_line *figure_line(const care_layout *L, const char *alt, size_t *page)
{
    for (size_t p = 0; p < L->page_count; p++)
        for (size_t i = 0; i < L->pages[p].line_count; i++) {
            const care_line *l = &L->lines[L->pages[p].line_start + i];
            if (l->kind == CARE_BLOCK_FIGURE && strcmp(L->doc->blocks[l->block].text, alt) == 0) {
                *page = p;
                return l;
            }
        }
    fail_msg("no photo with alt text %s", alt);
    return NULL;
}

/* The page's PNG Description (iTXt), read back from the file libpng wrote. */
static char *png_description(care_layout *L, size_t page)
{
    char path[700];
    snprintf(path, sizeof path, "%s/page.png", dir);
    assert_int_equal(care_render_page_png(L, page, path, NULL), CARE_OK);
    FILE *f = fopen(path, "rb");
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    png_init_io(png, f);
    png_read_info(png, info);
    png_textp text;
    int n = png_get_text(png, info, &text, NULL);
    char *out = NULL;
    for (int i = 0; i < n; i++)
        if (strcmp(text[i].key, "Description") == 0)
            out = strdup(text[i].text);
    png_destroy_read_struct(&png, &info, NULL);
    fclose(f);
    return out;
}

/* Every check of the issue for one photo. */
static void check_photo(care_layout *L, const photo *ph)
{
    size_t page;
    const care_line *l = figure_line(L, ph->alt, &page);
    float x = l->x, y = (float)care_figure_top(l), w = l->width, h = l->ascent;
    /* the box inside the text area */
    assert_true(x >= L->text_left - 0.5f && x + w <= L->text_left + L->text_width + 0.5f);
    assert_true(y >= L->opts.margin_top - 0.5f &&
                y + h <= (float)L->opts.height - L->opts.margin_bottom + 0.5f);
    /* the aspect ratio within 2 % */
    double want = (double)ph->width / ph->height, got = (double)w / h;
    if (got / want > 1.02 || got / want < 0.98)
        fail_msg("%s: aspect %.4f, the photo's %.4f", ph->alt, got, want);
    /* the photo's own pixels in the box */
    care_surface s = {calloc((size_t)L->opts.width * 3, (size_t)L->opts.height), L->opts.width,
                      L->opts.height, (size_t)L->opts.width * 3, CARE_PIXEL_RGB888};
    assert_int_equal(care_render_page(L, page, &s), CARE_OK);
    uint8_t q[4][3];
    for (int k = 0; k < 4; k++) {
        int px = (int)(x + w * (k % 2 ? 0.75f : 0.25f)), py = (int)(y + h * (k / 2 ? 0.75f : 0.25f));
        memcpy(q[k], s.pixels + (size_t)py * s.stride + (size_t)px * 3, 3);
    }
    uint8_t want_q[4][3];
    for (int k = 0; k < 4; k++)
        ph->paint(k % 2 ? ph->width * 3 / 4 : ph->width / 4, k / 2 ? ph->height * 3 / 4 : ph->height / 4,
                  ph->width, ph->height, want_q[k]);
    if (ph->sideways) /* stored left | right, shown top over bottom */
        fixture_halves(0, 0, 2, 1, want_q[0]), fixture_halves(0, 0, 2, 1, want_q[1]),
            fixture_halves(1, 0, 2, 1, want_q[2]), fixture_halves(1, 0, 2, 1, want_q[3]);
    for (int k = 0; k < 4; k++)
        for (int c = 0; c < 3; c++)
            if (abs(q[k][c] - want_q[k][c]) > 16)
                fail_msg("%s: quadrant %d channel %d is %d, want %d", ph->alt, k, c, q[k][c],
                         want_q[k][c]);
    free(s.pixels);
    char *desc = png_description(L, page);
    assert_non_null(desc);
    if (!strstr(desc, ph->alt))
        fail_msg("%s is not in the Description: %s", ph->alt, desc);
    free(desc);
}

static const photo PHOTOS[] = {
    {"照片一 JPEG", 1600, 1200, fixture_quadrants, false},
    {"照片二 PNG", 600, 400, fixture_quadrants, false},
    {"照片三 WebP", 500, 500, fixture_quadrants, false},
    {"照片四 侧放", 200, 400, fixture_halves, true},
    {"照片五 data", 300, 240, fixture_quadrants, false},
};

static void markdown_article(void **state)
{
    care_engine *e = *state;
    make_dir("figures-md");
    write_photos();
    char *uri = data_uri();
    char *md = malloc(strlen(uri) + 2048);
    sprintf(md, "# 公园开放\n\n新建的城市公园今天开放。\n\n![照片一 JPEG](page_files/q.jpg)\n\n"
                "第二段文字。\n\n![照片二 PNG](page_files/q.png)\n\n![照片三 WebP](page_files/q.webp)\n\n"
                "![照片四 侧放](page_files/side.jpg)\n\n![照片五 data](%s)\n\n"
                "![](page_files/icon.png)\n\n![不在的照片](page_files/missing.jpg)\n\n"
                "![IMG_2301.JPG](https://example.com/IMG_2301.JPG)\n\n最后一段。\n", uri);
    care_document *doc;
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    care_layout *L = lay_out(e, md, &doc, &opts);
    for (size_t i = 0; i < sizeof PHOTOS / sizeof *PHOTOS; i++)
        check_photo(L, &PHOTOS[i]);
    assert_int_equal(L->figure_count, 5); /* the icon is left out */
    assert_int_equal(care_layout_image_problem_count(L), 2);
    char want[800];
    snprintf(want, sizeof want, "page_files/missing.jpg: not found (looked for %s/page_files/missing.jpg)", dir);
    assert_string_equal(care_layout_image_problem(L, 0), want);
    assert_string_equal(care_layout_image_problem(L, 1), "https://example.com/IMG_2301.JPG: "
                        "remote (carepage never fetches from the network)");
    /* the file name is no caption: that figure's text is empty */
    assert_string_equal(doc->blocks[doc->count - 2].text, "");
    /* the dump's images[] */
    char path[700];
    snprintf(path, sizeof path, "%s/layout.json", dir);
    assert_int_equal(care_layout_write_json(L, path, "article.md"), CARE_OK);
    FILE *f = fopen(path, "rb");
    char *json = calloc(1, 1 << 20);
    size_t n = fread(json, 1, (1 << 20) - 1, f);
    fclose(f);
    assert_true(n > 0);
    size_t page;
    const care_line *l = figure_line(L, "照片一 JPEG", &page);
    char box[256];
    snprintf(box, sizeof box, "{\"block\": %ld, \"src\": \"page_files/q.jpg\", \"x\": %.2f, "
             "\"y\": %.2f, \"width\": %.2f, \"height\": %.2f}", l->block, l->x,
             (double)care_figure_top(l), l->width, l->ascent);
    if (!strstr(json, box))
        fail_msg("no %s in the dump", box);
    assert_non_null(strstr(json, "\"src\": \"data:image/png\""));
    free(json);
    care_layout_free(L);
    /* --no-images: captions only, nothing listed */
    opts.no_images = true;
    assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_OK);
    assert_int_equal(L->figure_count, 0);
    assert_int_equal(care_layout_image_problem_count(L), 0);
    care_layout_free(L);
    care_document_free(doc);
    free(md);
    free(uri);
}

static void saved_html_page(void **state)
{
    care_engine *e = *state;
    make_dir("figures-html");
    write_photos();
    char *uri = data_uri();
    char *html = malloc(strlen(uri) + 4096);
    sprintf(html,
            "<!DOCTYPE html><html><head><title>公园开放</title></head><body><article><h1>公园开放</h1>"
            "<p>新建的城市公园今天正式对市民开放，公园占地约一百二十公顷，种植了两万多棵树木。</p>"
            "<p><img src=\"page_files/loading.gif\" data-src=\"page_files/q.jpg\" alt=\"照片一 JPEG\"></p>"
            "<p>公园管理处表示，周末人流较多时将实行预约入园，市民可以通过小程序提前预约。</p>"
            "<img srcset=\"page_files/small.png 300w, page_files/q.png 600w, "
            "https://example.com/big.png 1200w\" src=\"page_files/small.png\" alt=\"照片二 PNG\">"
            "<figure><img src=\"page_files/q.webp\" alt=\"q.webp\"><figcaption>照片三 WebP</figcaption></figure>"
            "<p><img data-original=\"page_files/side.jpg\" alt=\"照片四 侧放\"></p>"
            "<p><img src=\"%s\" alt=\"照片五 data\"></p>"
            "<p><img src=\"page_files/icon.png\" width=\"16\" height=\"16\" alt=\"分享\"></p>"
            "<p><img src=\"//cdn.example.com/x.jpg\" alt=\"远处的照片\"></p>"
            "<p><img src=\"page_files/q.png\" alt=\"公园开放\"></p>" /* the title again */
            "<p>公园每天早上六点开放，晚上十点关闭，节假日延长开放时间到晚上十一点。</p>"
            "</article></body></html>", uri);
    care_document *doc;
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    care_layout *L = lay_out(e, html, &doc, &opts);
    for (size_t i = 0; i < sizeof PHOTOS / sizeof *PHOTOS; i++)
        check_photo(L, &PHOTOS[i]);
    size_t page;
    const care_line *l = figure_line(L, "照片二 PNG", &page);
    assert_string_equal(L->figures[l->figure].src, "page_files/q.png"); /* largest local */
    assert_int_equal(care_layout_image_problem_count(L), 1);
    assert_string_equal(care_layout_image_problem(L, 0), "//cdn.example.com/x.jpg: remote "
                        "(carepage never fetches from the network)");
    /* the photo whose alt text is the title again shows no caption */
    size_t last = doc->count;
    while (last > 0 && doc->blocks[last - 1].kind != CARE_BLOCK_FIGURE)
        last--;
    assert_true(last > 0);
    assert_string_equal(care_document_figure_src(doc, last - 1), "page_files/q.png");
    assert_string_equal(doc->blocks[last - 1].text, "");
    care_layout_free(L);
    care_document_free(doc);
    free(html);
    free(uri);
}

/* A photo taller than the page is scaled to fit with its caption; after a
 * page of text it moves to the next page whole, caption included. */
static void tall_figure_pagination(void **state)
{
    care_engine *e = *state;
    make_dir("figures-tall");
    write_png("tall.png", 100, 1000, fixture_quadrants);
    char md[8192] = "# 长图\n\n";
    for (int i = 0; i < 6; i++)
        strcat(md, "公园管理处表示，周末人流较多时将实行预约入园，市民可以通过小程序提前预约，"
                   "也可以在公园门口扫码登记。\n\n");
    strcat(md, "![一张很高的照片，说明文字不短](tall.png)\n\n最后一段。\n");
    care_document *doc;
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    opts.figure_max_height = 1;
    care_layout *L = lay_out(e, md, &doc, &opts);
    size_t page;
    const care_line *l = figure_line(L, "一张很高的照片，说明文字不短", &page);
    float area = (float)opts.height - opts.margin_top - opts.margin_bottom;
    assert_true(l->ascent < area && l->ascent > area * 0.8f); /* scaled to fit, not shrunk to 60 % */
    assert_true(page > 0);                                     /* moved to the next page */
    const care_page *pg = &L->pages[page];
    assert_ptr_equal(l, &L->lines[pg->line_start]);            /* it opens that page */
    const care_line *cap = l + 1;
    assert_int_equal(cap->kind, CARE_BLOCK_CAPTION);
    assert_int_equal(cap->block, l->block);
    assert_true(cap < &L->lines[pg->line_start + pg->line_count]); /* same page */
    assert_true(cap->baseline < (float)opts.height - opts.margin_bottom);
    /* the text before it keeps the widow rule: the page before does not end with a lone line */
    const care_page *prev = &L->pages[page - 1];
    const care_line *last = &L->lines[prev->line_start + prev->line_count - 2]; /* before the number */
    assert_true(last->block_lines == 1 || last->index_in_block != 0);
    care_layout_free(L);
    care_document_free(doc);
}

/* A reader app hands the bytes over instead of a file. */
static void caller_given_bytes(void **state)
{
    care_engine *e = *state;
    make_dir("figures-bytes");
    const char *md = "# 标题\n\n正文。\n\n![照片一 JPEG](app-cache/1234)\n";
    care_parse_options po = {.name = "article"};
    care_document *doc;
    assert_int_equal(care_document_parse(e, md, strlen(md), &po, &doc), CARE_OK);
    assert_string_equal(care_document_figure_src(doc, 2), "app-cache/1234");
    assert_null(care_document_figure_src(doc, 1));
    size_t len;
    uint8_t *jpg = fixture_jpeg(1600, 1200, 3, fixture_quadrants, NULL, 0, &len);
    assert_int_equal(care_document_set_figure_bytes(doc, 1, jpg, len), CARE_ERR_INVALID_ARGUMENT);
    assert_int_equal(care_document_set_figure_bytes(doc, 2, jpg, len), CARE_OK);
    free(jpg); /* copied */
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_OK);
    assert_int_equal(care_layout_image_problem_count(L), 0);
    check_photo(L, &PHOTOS[0]);
    care_layout_free(L);
    care_document_free(doc);
}

/* Share of 1 bits (MONO1) or mean level (GRAY4) over a box of a 1- or 4-bit surface. */
static double mean_level(const care_surface *s, int x0, int y0, int x1, int y1)
{
    double sum = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            const uint8_t *row = s->pixels + (size_t)y * s->stride;
            sum += s->format == CARE_PIXEL_GRAY4 ? (row[x >> 1] >> ((x & 1) ? 0 : 4) & 15)
                                                 : (row[x >> 3] >> (7 - (x & 7)) & 1);
        }
    return sum / ((double)(x1 - x0) * (y1 - y0));
}

/* A large baseline JPEG is decoded on the layout's photo thread: its page,
 * drawn right after the layout, shows the photo's own colours in every
 * quadrant, the bottom ones decoded last (the drawing waited for them); the
 * same file cut before its EOI is refused during the layout (caption only,
 * the exact message), never left for later; a layout freed while its photo
 * is being decoded stops the thread (ASan, TSan). */
/* The quadrants' halves swapped (green, red over white, blue): no colour where
 * the other tests' photos of the same box have it, should their freed buffer
 * come back unwritten. */
static void swapped_quadrants(int x, int y, int w, int h, uint8_t rgb[3])
{
    fixture_quadrants((x + w / 2) % w, y, w, h, rgb);
}

/* Those with fine noise (+-8): costly to entropy-decode, the same colours on average. */
static void noisy_quadrants(int x, int y, int w, int h, uint8_t rgb[3])
{
    swapped_quadrants(x, y, w, h, rgb);
    int noise = (int)(((unsigned)x * 2654435761u ^ (unsigned)y * 40503u) >> 13 & 15) - 8;
    for (int k = 0; k < 3; k++)
        rgb[k] = (uint8_t)(rgb[k] + noise < 0 ? 0 : rgb[k] + noise > 255 ? 255 : rgb[k] + noise);
}

static void photo_decoded_late(void **state)
{
    care_engine *e = *state;
    make_dir("figures-late");
    size_t len;
    uint8_t *b = fixture_jpeg(4000, 3000, 3, noisy_quadrants, NULL, 0, &len);
    write_file("big.jpg", b, len);
    write_file("cut.jpg", b, len - 2);
    free(b);
    const char *md = "# 大图\n\n![截断的照片](cut.jpg)\n\n![大图 JPEG](big.jpg)\n\n最后一段。\n";
    care_document *doc;
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    /* the page's glyphs first (its faces opened, its masks cached), so that
     * drawing the photo's page takes less than decoding the photo */
    opts.no_images = true;
    care_layout *L = lay_out(e, md, &doc, &opts);
    care_surface warm = {calloc((size_t)opts.width * 3, (size_t)opts.height), opts.width,
                         opts.height, (size_t)opts.width * 3, CARE_PIXEL_RGB888};
    for (size_t p = 0; p < L->page_count; p++)
        assert_int_equal(care_render_page(L, p, &warm), CARE_OK);
    free(warm.pixels);
    care_layout_free(L);
    care_document_free(doc);
    opts.no_images = false;
    L = lay_out(e, md, &doc, &opts);
    assert_int_equal(L->figure_count, 1);
    assert_true(care_figure_deferred(L, 0));
    /* its last rows, decoded last: white, then blue */
    size_t page;
    const care_line *l = figure_line(L, "大图 JPEG", &page);
    care_surface s = {calloc((size_t)opts.width * 3, (size_t)opts.height), opts.width,
                      opts.height, (size_t)opts.width * 3, CARE_PIXEL_RGB888};
    assert_int_equal(care_render_page(L, page, &s), CARE_OK);
    const uint8_t *row = s.pixels + (size_t)(care_figure_top(l) + (int)l->ascent - 2) * s.stride;
    const uint8_t *left = row + (size_t)(l->x + l->width / 4) * 3;
    const uint8_t *right = row + (size_t)(l->x + l->width * 3 / 4) * 3;
    if (left[0] < 239 || left[2] < 239 || right[0] > 16 || right[2] < 239)
        fail_msg("last rows %d,%d,%d and %d,%d,%d: not white and blue", left[0], left[1],
                 left[2], right[0], right[1], right[2]);
    free(s.pixels);
    check_photo(L, &(photo){"大图 JPEG", 4000, 3000, swapped_quadrants, false});
    bool caption = false;
    for (size_t i = 0; i < L->line_count; i++)
        if (L->lines[i].block >= 0 &&
            strcmp(L->doc->blocks[L->lines[i].block].text, "截断的照片") == 0)
            caption = L->lines[i].kind == CARE_BLOCK_CAPTION;
    assert_true(caption);
    assert_int_equal(care_layout_image_problem_count(L), 1);
    assert_string_equal(care_layout_image_problem(L, 0),
                        "cut.jpg: truncated JPEG (the file ends before the image does)");
    care_layout_free(L);
    assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_OK);
    care_layout_free(L); /* the photo most likely still decoding */
    care_document_free(doc);
}

/* 1- and 4-bit surfaces error-diffuse a photo: its green quadrant (luma 182)
 * keeps its tone (71 % light), where the threshold rule of the text would make
 * it all light; a region renders exactly as the whole page. */
static void photos_dithered(void **state)
{
    care_engine *e = *state;
    make_dir("figures-dither");
    write_png("q.png", 400, 300, fixture_quadrants);
    care_document *doc;
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    care_layout *L = lay_out(e, "# 标题\n\n![照片](q.png)\n", &doc, &opts);
    size_t page;
    const care_line *l = figure_line(L, "照片", &page);
    int x = (int)l->x, y = care_figure_top(l), w = (int)l->width, h = (int)l->ascent;
    /* the green quadrant, a margin of 4 px inside */
    int gx0 = x + w / 2 + 4, gx1 = x + w - 4, gy0 = y + 4, gy1 = y + h / 2 - 4;
    const care_pixel_format formats[] = {CARE_PIXEL_MONO1_THRESHOLD, CARE_PIXEL_MONO1,
                                         CARE_PIXEL_GRAY4};
    for (size_t f = 0; f < 3; f++) {
        size_t stride = care_surface_row_bytes(formats[f], opts.width);
        care_surface s = {calloc(stride, (size_t)opts.height), opts.width, opts.height, stride,
                          formats[f]};
        care_surface r = s;
        r.pixels = calloc(stride, (size_t)opts.height);
        assert_int_equal(care_render_page(L, page, &s), CARE_OK);
        double level = mean_level(&s, gx0, gy0, gx1, gy1);
        double want = formats[f] == CARE_PIXEL_GRAY4 ? 182.0 * 15 / 255 : 182.0 / 255;
        if (level < want * 0.95 || level > want * 1.05)
            fail_msg("format %d: green quadrant level %.3f, want %.3f", (int)formats[f], level, want);
        /* the whole page in four regions gives the same bytes */
        for (int k = 0; k < 4; k++)
            assert_int_equal(care_render_region(L, page, &r, k % 2 ? x + w / 3 : 0, k / 2 ? y + h / 3 : 0,
                                                k % 2 ? opts.width : x + w / 3,
                                                k / 2 ? opts.height : y + h / 3), CARE_OK);
        assert_memory_equal(s.pixels, r.pixels, stride * (size_t)opts.height);
        free(s.pixels);
        free(r.pixels);
    }
    care_layout_free(L);
    care_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(markdown_article),
        cmocka_unit_test(saved_html_page),
        cmocka_unit_test(tall_figure_pagination),
        cmocka_unit_test(caller_given_bytes),
        cmocka_unit_test(photo_decoded_late),
        cmocka_unit_test(photos_dithered),
    };
    return cmocka_run_group_tests(tests, test_setup_engine, test_teardown_engine);
}
