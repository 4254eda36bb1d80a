/* Determinism and threads: the same input and options give byte-identical page
 * rasters, PNG files and layout dumps on every run, and 8 threads each with its
 * own engine give the same bytes as one thread. Built with CAREPAGE_TSAN this
 * runs under ThreadSanitizer. Needs CAREPAGE_ARTICLE and CAREPAGE_TEST_TMP. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "carepage.h"

enum { THREADS = 8 };

/* What one run produced: a hash of every page's pixels, of each PNG file and of the dump. */
typedef struct result {
    int id;
    const char *article;
    size_t article_len;
    size_t pages;
    uint64_t pixels, png, json;
    care_status status;
    char error[256];
} result;

static uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211u;
    return h;
}

/* Hash a file's bytes into *h and remove it; false when it cannot be read. */
static bool hash_file(const char *path, uint64_t *h)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    uint8_t buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        *h = fnv1a(*h, buf, n);
    fclose(f);
    unlink(path);
    return true;
}

static care_status render_all(result *r, care_engine *e, care_layout *L)
{
    const char *tmp = getenv("CAREPAGE_TEST_TMP");
    char path[4096];
    r->pages = care_layout_page_count(L);
    for (size_t p = 0; p < r->pages; p++) {
        care_page_info info;
        care_status st = care_layout_page(L, p, &info);
        if (st != CARE_OK)
            return st;
        care_surface s = {NULL, info.width, info.height, (size_t)info.width * 4,
                          CARE_PIXEL_XRGB8888};
        s.pixels = malloc(s.stride * (size_t)s.height);
        if (!s.pixels)
            return CARE_ERR_NO_MEMORY;
        st = care_render_page(L, p, &s);
        r->pixels = fnv1a(r->pixels, s.pixels, s.stride * (size_t)s.height);
        free(s.pixels);
        if (st != CARE_OK)
            return st;
        snprintf(path, sizeof path, "%s/threads-%d-page.png", tmp ? tmp : ".", r->id);
        care_png_metadata meta = {"title", "author", "source"};
        st = care_render_page_png(L, p, path, &meta);
        if (st != CARE_OK || !hash_file(path, &r->png))
            return st != CARE_OK ? st : CARE_ERR_IO;
    }
    snprintf(path, sizeof path, "%s/threads-%d.json", tmp ? tmp : ".", r->id);
    care_status st = care_layout_write_json(L, path, "article.md");
    if (st == CARE_OK && !hash_file(path, &r->json))
        st = CARE_ERR_IO;
    (void)e;
    return st;
}

/* One whole run on its own engine. */
static void *run(void *arg)
{
    result *r = arg;
    r->pixels = r->png = r->json = 14695981039346656037u;
    care_engine *e = NULL;
    care_document *doc = NULL;
    care_layout *L = NULL;
    care_status st = care_engine_new(&e);
    if (st == CARE_OK)
        st = care_engine_set_fonts(e, NULL);
    care_parse_options po = {.format = CARE_FORMAT_AUTO, .name = "article.md"};
    if (st == CARE_OK)
        st = care_document_parse(e, r->article, r->article_len, &po, &doc);
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    opts.width = 720, opts.height = 1280, opts.font_size = 40, opts.margin_side = 32;
    care_page_options_theme(&opts, "yellow-on-black"); /* RGB pages */
    if (st == CARE_OK)
        st = care_layout_new(e, doc, &opts, &L);
    if (st == CARE_OK)
        st = render_all(r, e, L);
    r->status = st;
    if (st != CARE_OK && e)
        snprintf(r->error, sizeof r->error, "%s", care_engine_last_error(e));
    care_layout_free(L);
    care_document_free(doc);
    care_engine_free(e);
    return NULL;
}

static char *read_article(size_t *len)
{
    const char *path = getenv("CAREPAGE_ARTICLE");
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    *len = buf ? fread(buf, 1, 1 << 20, f) : 0;
    fclose(f);
    return buf;
}

static void assert_same(const result *a, const result *b)
{
    if (a->status != CARE_OK || b->status != CARE_OK)
        fail_msg("run failed: %s / %s", a->error, b->error);
    assert_int_equal(a->pages, b->pages);
    assert_true(a->pixels == b->pixels);
    assert_true(a->png == b->png);
    assert_true(a->json == b->json);
}

static void test_repeat_identical(void **state)
{
    (void)state;
    size_t len = 0;
    char *article = read_article(&len);
    assert_non_null(article);
    result a = {.id = 100, .article = article, .article_len = len};
    result b = {.id = 101, .article = article, .article_len = len};
    run(&a);
    run(&b);
    assert_same(&a, &b);
    assert_true(a.pages >= 2);
    free(article);
}

static void test_eight_threads(void **state)
{
    (void)state;
    size_t len = 0;
    char *article = read_article(&len);
    assert_non_null(article);
    result one = {.id = 0, .article = article, .article_len = len};
    run(&one);
    result r[THREADS];
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        r[i] = (result){.id = i + 1, .article = article, .article_len = len};
        assert_int_equal(pthread_create(&t[i], NULL, run, &r[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    for (int i = 0; i < THREADS; i++)
        assert_same(&one, &r[i]);
    free(article);
}

/* Hash of pages-dir/page-001.png ... page-NNN.png (the files are removed). */
static uint64_t hash_pages(const char *dir, size_t pages)
{
    uint64_t h = 14695981039346656037u;
    char path[2048];
    for (size_t p = 0; p < pages; p++) {
        snprintf(path, sizeof path, "%s/page-%03zu.png", dir, p + 1);
        assert_true(hash_file(path, &h));
    }
    return h;
}

/* care_render_pages_png: one thread, four threads on a cold engine (the
 * glyphs rendered ahead on four threads with their own FreeType faces) and
 * four threads again (warm cache) write the same files. */
static void test_pages_png_jobs(void **state)
{
    (void)state;
    size_t len = 0;
    char *article = read_article(&len);
    assert_non_null(article);
    const char *tmp = getenv("CAREPAGE_TEST_TMP");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/threads-pages-XXXXXX", tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(dir));
    uint64_t h[3];
    size_t pages = 0;
    care_engine *e = NULL; /* fresh for runs 0 and 1, kept for run 2 */
    for (int run_no = 0; run_no < 3; run_no++) {
        care_document *doc = NULL;
        care_layout *L = NULL;
        if (run_no < 2) {
            care_engine_free(e);
            assert_int_equal(care_engine_new(&e), CARE_OK);
            assert_int_equal(care_engine_set_fonts(e, NULL), CARE_OK);
        }
        care_parse_options po = {.format = CARE_FORMAT_AUTO, .name = "article.md"};
        assert_int_equal(care_document_parse(e, article, len, &po, &doc), CARE_OK);
        care_page_options opts;
        care_page_options_preset(&opts, "phone");
        assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_OK);
        pages = care_layout_page_count(L);
        care_png_metadata meta = {"title", "author", "source"};
        assert_int_equal(care_render_pages_png(L, dir, &meta, run_no == 0 ? 1 : 4), CARE_OK);
        h[run_no] = hash_pages(dir, pages);
        care_layout_free(L);
        care_document_free(doc);
    }
    care_engine_free(e);
    assert_true(pages >= 2);
    assert_true(h[0] == h[1]);
    assert_true(h[0] == h[2]);
    rmdir(dir);
    free(article);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repeat_identical),
        cmocka_unit_test(test_eight_threads),
        cmocka_unit_test(test_pages_png_jobs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
