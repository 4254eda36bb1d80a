/* Tests of render/output/png_writer.c: write with care_png_write_atomic, read back with libpng. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "output/png_writer.h"

#include <png.h>

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define TITLE_ZH "关怀版：老年人也能看清的新闻 — 第1页"
#define AUTHOR "Xinhua"

/* ---------- helpers ---------- */

typedef struct fixture {
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/carepage-png-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

/* Remove the fixture directory and what is in it (one level of subdirectories). */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char p[512];
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            if (unlink(p) != 0)
                remove_tree(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

static int teardown(void **state)
{
    fixture *f = *state;
    remove_tree(f->dir);
    free(f);
    return 0;
}

static void join(char *out, size_t n, const fixture *f, const char *name)
{
    snprintf(out, n, "%s/%s", f->dir, name);
}

/* Entries in dir whose name starts with prefix. */
static int count_prefixed(const char *dir, const char *prefix)
{
    int n = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
            n++;
    closedir(d);
    return n;
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long n = ftell(fp);
    assert_true(n >= 0);
    rewind(fp);
    unsigned char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

/* What the classic libpng reader finds in a file. */
typedef struct readback {
    png_uint_32 width, height;
    int color_type, bit_depth, channels;
    uint8_t *pixels; /* tightly packed; a palette image expanded to RGB */
    png_color palette[256];
    int palette_size;
    int has_phys;
    png_uint_32 ppm_x, ppm_y;
    int phys_unit;
    int text_count;
    struct {
        char key[80];
        char *value;
        int compression;
        char lang[16];
    } texts[16];
} readback;

static void read_png(const char *path, readback *r)
{
    memset(r, 0, sizeof *r);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    assert_non_null(png);
    png_infop info = png_create_info_struct(png);
    assert_non_null(info);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        fclose(fp);
        fail_msg("libpng could not read %s", path);
    }
    png_init_io(png, fp);
    png_read_info(png, info);
    r->width = png_get_image_width(png, info);
    r->height = png_get_image_height(png, info);
    r->color_type = png_get_color_type(png, info); /* as written */
    r->bit_depth = png_get_bit_depth(png, info);
    if (r->color_type == PNG_COLOR_TYPE_PALETTE) { /* read as RGB */
        png_colorp plte = NULL;
        png_get_PLTE(png, info, &plte, &r->palette_size);
        memcpy(r->palette, plte, (size_t)r->palette_size * sizeof *plte);
        png_set_palette_to_rgb(png);
        png_read_update_info(png, info);
    }
    r->channels = png_get_channels(png, info);
    r->has_phys = png_get_pHYs(png, info, &r->ppm_x, &r->ppm_y, &r->phys_unit) != 0;
    png_textp texts = NULL;
    int n = png_get_text(png, info, &texts, NULL);
    for (int i = 0; i < n && i < 16; i++) {
        snprintf(r->texts[i].key, sizeof r->texts[i].key, "%s", texts[i].key);
        r->texts[i].value = strdup(texts[i].text ? texts[i].text : "");
        r->texts[i].compression = texts[i].compression;
        snprintf(r->texts[i].lang, sizeof r->texts[i].lang, "%s",
                 texts[i].lang ? texts[i].lang : "");
    }
    r->text_count = n;
    size_t rowbytes = png_get_rowbytes(png, info);
    r->pixels = malloc(rowbytes * r->height);
    assert_non_null(r->pixels);
    for (png_uint_32 y = 0; y < r->height; y++)
        png_read_row(png, r->pixels + y * rowbytes, NULL);
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    fclose(fp);
}

static void readback_free(readback *r)
{
    free(r->pixels);
    for (int i = 0; i < r->text_count && i < 16; i++)
        free(r->texts[i].value);
}

static int find_text(const readback *r, const char *key)
{
    for (int i = 0; i < r->text_count; i++)
        if (strcmp(r->texts[i].key, key) == 0)
            return i;
    return -1;
}

/* A 40x30 grey gradient in rows of stride 48 whose padding bytes are 0xEE. */
enum { GW = 40, GH = 30, GSTRIDE = 48 };
static void make_grey(uint8_t *buf)
{
    memset(buf, 0xEE, (size_t)GSTRIDE * GH);
    for (int y = 0; y < GH; y++)
        for (int x = 0; x < GW; x++)
            buf[y * GSTRIDE + x] = (uint8_t)(x * 6 + y);
}

/* ---------- tests ---------- */

static void test_grey_roundtrip(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f, "page-001.png");
    uint8_t buf[GSTRIDE * GH];
    make_grey(buf);

    /* A Description over 1 KiB: compressed iTXt. */
    char desc[2000] = "";
    while (strlen(desc) + strlen("第一段正文。") < sizeof desc)
        strcat(desc, "第一段正文。");
    const care_png_text texts[] = {
        {"Title", TITLE_ZH},
        {"Author", AUTHOR},
        {"Source", ""},    /* empty: skipped */
        {"Software", NULL}, /* NULL: skipped */
        {"Description", desc},
    };
    care_error err = {0};
    assert_int_equal(care_png_write_atomic(path, buf, GW, GH, GSTRIDE, 1, 300.0f, texts, 5, &err),
                     CARE_OK);
    assert_int_equal(count_prefixed(f->dir, ".page"), 0);

    readback r;
    read_png(path, &r);
    assert_int_equal(r.width, GW);
    assert_int_equal(r.height, GH);
    assert_int_equal(r.color_type, PNG_COLOR_TYPE_GRAY);
    assert_int_equal(r.bit_depth, 8);
    assert_int_equal(r.channels, 1);
    for (int y = 0; y < GH; y++)
        for (int x = 0; x < GW; x++)
            assert_int_equal(r.pixels[y * GW + x], buf[y * GSTRIDE + x]);

    assert_true(r.has_phys);
    assert_int_equal(r.ppm_x, 11811);
    assert_int_equal(r.ppm_y, 11811);
    assert_int_equal(r.phys_unit, PNG_RESOLUTION_METER);

    assert_int_equal(r.text_count, 3);
    int t = find_text(&r, "Title");
    assert_true(t >= 0);
    assert_int_equal(r.texts[t].compression, PNG_ITXT_COMPRESSION_NONE);
    assert_string_equal(r.texts[t].value, TITLE_ZH); /* byte-exact */
    assert_string_equal(r.texts[t].lang, "");
    int a = find_text(&r, "Author");
    assert_true(a >= 0);
    assert_int_equal(r.texts[a].compression, PNG_TEXT_COMPRESSION_NONE);
    assert_string_equal(r.texts[a].value, AUTHOR);
    int d = find_text(&r, "Description");
    assert_true(d >= 0);
    assert_int_equal(r.texts[d].compression, PNG_ITXT_COMPRESSION_zTXt);
    assert_string_equal(r.texts[d].value, desc);
    assert_int_equal(find_text(&r, "Source"), -1);
    assert_int_equal(find_text(&r, "Software"), -1);
    /* Written in the given order. */
    assert_true(t < a && a < d);
    readback_free(&r);
}

static void test_rgb_roundtrip(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f, "page-002.png");
    enum { W = 17, H = 19 };
    uint8_t buf[W * 3 * H]; /* tight stride; 323 pixels, 257 colours: RGB */
    for (int i = 0; i < W * H; i++) {
        int colour = i < 257 ? i : i % 7;
        buf[3 * i] = (uint8_t)colour, buf[3 * i + 1] = (uint8_t)(colour >> 8);
        buf[3 * i + 2] = (uint8_t)(255 - colour);
    }
    const care_png_text texts[] = {
        {"Title", "Plain ASCII title"},
        {"Description", "short alt text"},
        {"Author", "Zoë"}, /* non-ASCII Latin: iTXt */
    };
    care_error err = {0};
    assert_int_equal(care_png_write_atomic(path, buf, W, H, W * 3, 3, 0.0f, texts, 3, &err),
                     CARE_OK);
    readback r;
    read_png(path, &r);
    assert_int_equal(r.width, W);
    assert_int_equal(r.height, H);
    assert_int_equal(r.color_type, PNG_COLOR_TYPE_RGB);
    assert_int_equal(r.channels, 3);
    assert_memory_equal(r.pixels, buf, sizeof buf);
    assert_false(r.has_phys); /* dpi 0: no pHYs */
    int t = find_text(&r, "Title");
    assert_true(t >= 0);
    assert_int_equal(r.texts[t].compression, PNG_TEXT_COMPRESSION_NONE);
    assert_string_equal(r.texts[t].value, "Plain ASCII title");
    int d = find_text(&r, "Description");
    assert_true(d >= 0);
    assert_int_equal(r.texts[d].compression, PNG_ITXT_COMPRESSION_NONE); /* always iTXt */
    assert_string_equal(r.texts[d].value, "short alt text");
    int a = find_text(&r, "Author");
    assert_true(a >= 0);
    assert_int_equal(r.texts[a].compression, PNG_ITXT_COMPRESSION_NONE);
    assert_string_equal(r.texts[a].value, "Zoë");
    readback_free(&r);
}

/* An RGB image of at most 256 colours (a colour theme's page) is written as
 * an 8-bit palette, colours in order of first appearance; reads back equal,
 * rows that repeat the row above (rows 5 to 9) included. */
static void test_rgb_as_palette(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f, "palette.png");
    enum { W = 31, H = 20 };
    uint8_t buf[W * 3 * H];
    for (int i = 0; i < W * H; i++) { /* 256 colours, then repeats */
        int y = i / W, row = y >= 5 && y < 10 ? 4 : y, c = (row * W + i % W) % 256;
        buf[3 * i] = 0xFF, buf[3 * i + 1] = (uint8_t)c, buf[3 * i + 2] = (uint8_t)(c / 2);
    }
    assert_int_equal(care_png_write_atomic(path, buf, W, H, W * 3, 3, 0.0f, NULL, 0, NULL),
                     CARE_OK);
    readback r;
    read_png(path, &r);
    assert_int_equal(r.color_type, PNG_COLOR_TYPE_PALETTE);
    assert_int_equal(r.bit_depth, 8);
    assert_int_equal(r.palette_size, 256);
    assert_int_equal(r.palette[0].red, 0xFF);
    assert_int_equal(r.palette[0].green, 0);
    assert_int_equal(r.palette[30].green, 30); /* the first row: colours 0 .. 30 */
    assert_int_equal(r.palette[30].blue, 15);
    assert_int_equal(r.channels, 3);
    assert_memory_equal(r.pixels, buf, sizeof buf);
    readback_free(&r);
}

static void test_phys_rounding(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f, "dpi.png");
    uint8_t px[4] = {0, 1, 2, 3};
    const struct {
        float dpi;
        png_uint_32 ppm;
    } cases[] = {{72.0f, 2835}, {96.0f, 3780}, {150.0f, 5906}, {600.0f, 23622}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(care_png_write_atomic(path, px, 2, 2, 2, 1, cases[i].dpi, NULL, 0, NULL),
                         CARE_OK);
        readback r;
        read_png(path, &r);
        assert_true(r.has_phys);
        assert_int_equal(r.ppm_x, cases[i].ppm);
        assert_int_equal(r.ppm_y, cases[i].ppm);
        readback_free(&r);
    }
    /* Negative dpi: no pHYs either. */
    assert_int_equal(care_png_write_atomic(path, px, 2, 2, 2, 1, -1.0f, NULL, 0, NULL), CARE_OK);
    readback r;
    read_png(path, &r);
    assert_false(r.has_phys);
    readback_free(&r);
}

static void test_missing_directory(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f, "no-such-dir/page-001.png");
    uint8_t buf[GSTRIDE * GH];
    make_grey(buf);
    care_error err = {0};
    assert_int_equal(care_png_write_atomic(path, buf, GW, GH, GSTRIDE, 1, 300.0f, NULL, 0, &err),
                     CARE_ERR_IO);
    assert_int_equal(err.status, CARE_ERR_IO);
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, strerror(ENOENT)));
    assert_int_equal(access(path, F_OK), -1);
}

static void test_path_is_directory(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f, "page-003.png");
    assert_int_equal(mkdir(path, 0755), 0);
    uint8_t buf[GSTRIDE * GH];
    make_grey(buf);
    const care_png_text texts[] = {{"Title", TITLE_ZH}};
    care_error err = {0};
    assert_int_equal(care_png_write_atomic(path, buf, GW, GH, GSTRIDE, 1, 300.0f, texts, 1, &err),
                     CARE_ERR_IO);
    assert_non_null(strstr(err.message, path));
    assert_int_equal(count_prefixed(f->dir, ".page"), 0); /* the temporary file is gone */
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISDIR(st.st_mode)); /* untouched */
    assert_int_equal(rmdir(path), 0);
}

static void test_replaces_existing_file(void **state)
{
    fixture *f = *state;
    char path[256], ref[256];
    join(path, sizeof path, f, "page-004.png");
    join(ref, sizeof ref, f, "reference.png");
    /* A large old file: the new one must not keep any of its tail. */
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    for (int i = 0; i < 100000; i++)
        fputc('x', fp);
    assert_int_equal(fclose(fp), 0);

    uint8_t buf[GSTRIDE * GH];
    make_grey(buf);
    const care_png_text texts[] = {{"Title", TITLE_ZH}, {"Description", "alt"}};
    assert_int_equal(care_png_write_atomic(path, buf, GW, GH, GSTRIDE, 1, 300.0f, texts, 2, NULL),
                     CARE_OK);
    assert_int_equal(care_png_write_atomic(ref, buf, GW, GH, GSTRIDE, 1, 300.0f, texts, 2, NULL),
                     CARE_OK);
    size_t n1, n2;
    unsigned char *a = slurp(path, &n1);
    unsigned char *b = slurp(ref, &n2);
    assert_true(n1 < 100000);
    assert_int_equal(n1, n2);
    assert_memory_equal(a, b, n1);
    assert_memory_equal(a, "\x89PNG\r\n\x1a\n", 8);
    free(a);
    free(b);
    struct stat st;
    assert_int_equal(stat(ref, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    assert_int_equal(count_prefixed(f->dir, ".page"), 0);
    assert_int_equal(count_prefixed(f->dir, ".reference"), 0);
}

static void test_invalid_arguments(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f, "bad.png");
    uint8_t px[64] = {0};
    const care_png_text empty_key[] = {{"", "x"}};
    const care_png_text long_key[] = {{"K123456789012345678901234567890123456789012345678901234567"
                                       "89012345678901234567890",
                                       "x"}};
    const care_png_text space_key[] = {{" Title", "x"}};
    const care_png_text null_key[] = {{NULL, "x"}};
    const care_png_text bad_utf8[] = {{"Title", "\xE4\xB8"}};
    const care_png_text surrogate[] = {{"Title", "\xED\xA0\x80"}};
    care_error err = {0};
    const care_status E = CARE_ERR_INVALID_ARGUMENT;
    assert_int_equal(care_png_write_atomic(NULL, px, 2, 2, 2, 1, 0, NULL, 0, &err), E);
    assert_int_equal(care_png_write_atomic("", px, 2, 2, 2, 1, 0, NULL, 0, &err), E);
    char dirpath[256];
    snprintf(dirpath, sizeof dirpath, "%s/", f->dir);
    assert_int_equal(care_png_write_atomic(dirpath, px, 2, 2, 2, 1, 0, NULL, 0, &err), E);
    assert_int_equal(care_png_write_atomic(path, NULL, 2, 2, 2, 1, 0, NULL, 0, &err), E);
    assert_int_equal(care_png_write_atomic(path, px, 0, 2, 2, 1, 0, NULL, 0, &err), E);
    assert_int_equal(care_png_write_atomic(path, px, 2, -1, 2, 1, 0, NULL, 0, &err), E);
    assert_int_equal(care_png_write_atomic(path, px, 2, 2, 4, 2, 0, NULL, 0, &err), E);
    assert_int_equal(care_png_write_atomic(path, px, 2, 2, 4, 4, 0, NULL, 0, &err), E);
    assert_int_equal(care_png_write_atomic(path, px, 2, 2, 5, 3, 0, NULL, 0, &err), E);
    assert_non_null(strstr(err.message, "stride"));
    assert_int_equal(care_png_write_atomic(path, px, 2, 2, 2, 1, INFINITY, NULL, 0, &err), E);
    assert_int_equal(care_png_write_atomic(path, px, 2, 2, 2, 1, NAN, NULL, 0, &err), E);
    assert_int_equal(care_png_write_atomic(path, px, 2, 2, 2, 1, 1e30f, NULL, 0, &err), E);
    assert_int_equal(care_png_write_atomic(path, px, 2, 2, 2, 1, 0, NULL, 1, &err), E);
    assert_int_equal(care_png_write_atomic(path, px, 2, 2, 2, 1, 0, empty_key, 1, &err), E);
    assert_int_equal(care_png_write_atomic(path, px, 2, 2, 2, 1, 0, long_key, 1, &err), E);
    assert_int_equal(care_png_write_atomic(path, px, 2, 2, 2, 1, 0, space_key, 1, &err), E);
    assert_int_equal(care_png_write_atomic(path, px, 2, 2, 2, 1, 0, null_key, 1, &err), E);
    assert_int_equal(care_png_write_atomic(path, px, 2, 2, 2, 1, 0, bad_utf8, 1, &err), E);
    assert_int_equal(care_png_write_atomic(path, px, 2, 2, 2, 1, 0, surrogate, 1, &err), E);
    assert_int_equal(err.status, E);
    assert_non_null(strstr(err.message, path));
    /* Nothing was created. */
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(count_prefixed(f->dir, ".bad"), 0);
}

/* libpng rejects a width over its user limit (1,000,000): the error comes
 * back through longjmp as CARE_ERR_PNG with libpng's message, and the
 * temporary file is removed. */
static void test_libpng_error(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f, "page-wide.png");
    const int w = 1000001;
    uint8_t *px = calloc((size_t)w, 1);
    assert_non_null(px);
    care_error err = {0};
    assert_int_equal(care_png_write_atomic(path, px, w, 1, (size_t)w, 1, 300.0f, NULL, 0, &err),
                     CARE_ERR_PNG);
    free(px);
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, "libpng"));
    assert_non_null(strstr(err.message, "width")); /* libpng's own words */
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(count_prefixed(f->dir, ".page"), 0);
}

/* A write error half-way (file size limit): CARE_ERR_IO with strerror, no
 * temporary file left, the old file kept. */
static void test_write_error(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f, "page-big.png");
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs("old", fp);
    assert_int_equal(fclose(fp), 0);

    enum { W = 1000, H = 1000 };
    uint8_t *px = malloc((size_t)W * 3 * H);
    assert_non_null(px);
    uint32_t s = 12345; /* noise: incompressible */
    for (size_t i = 0; i < (size_t)W * 3 * H; i++) {
        s = s * 1103515245u + 12345u;
        px[i] = (uint8_t)(s >> 24);
    }
    struct rlimit old, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    lim = old;
    lim.rlim_cur = 64 * 1024;
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    care_error err = {0};
    care_status st = care_png_write_atomic(path, px, W, H, (size_t)W * 3, 3, 300.0f, NULL, 0, &err);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, old_handler);
    free(px);
    assert_int_equal(st, CARE_ERR_IO);
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, strerror(EFBIG)));
    assert_int_equal(count_prefixed(f->dir, ".page"), 0);
    size_t n;
    unsigned char *old_bytes = slurp(path, &n);
    assert_int_equal(n, 3);
    assert_memory_equal(old_bytes, "old", 3);
    free(old_bytes);
}

/* A relative path (no directory part) works and puts the temporary file in ".". */
static void test_relative_path(void **state)
{
    fixture *f = *state;
    char cwd[512];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(f->dir), 0);
    uint8_t px[6] = {1, 2, 3, 4, 5, 6};
    care_status st = care_png_write_atomic("rel.png", px, 2, 1, 6, 3, 96.0f, NULL, 0, NULL);
    readback r;
    if (st == CARE_OK)
        read_png("rel.png", &r);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(st, CARE_OK);
    assert_int_equal(r.width, 2);
    assert_memory_equal(r.pixels, px, 6);
    readback_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_grey_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rgb_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rgb_as_palette, setup, teardown),
        cmocka_unit_test_setup_teardown(test_phys_rounding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path_is_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replaces_existing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_libpng_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_relative_path, setup, teardown),
    };
    return cmocka_run_group_tests_name("png", tests, NULL, NULL);
}
