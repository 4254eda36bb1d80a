/* carepage-png-table: PNG encoding settings measured on real pages.
 * Usage: carepage-png-table ARTICLE [RUNS] [THEME]
 * Renders every page of ARTICLE (preset phone, THEME default black-on-white)
 * and encodes all of them in memory with libpng under each setting: zlib
 * level, zlib strategy, row filter, and colour type (8-bit grey or RGB as the
 * page raster, 8-bit and 4-bit palette where the page has few enough colours).
 * Prints, per setting, the total size and the median time per page over RUNS
 * runs (default 3). Numbers, not a pass/fail test; the chosen setting is the
 * one in png_writer.c. */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"
#include "carepage.h"
#include "output/png_idat.h"
#include "output/png_palette.h"

#include <png.h>
#include <zlib.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct membuf {
    size_t len;
} membuf;

static void count_write(png_structp png, png_bytep data, size_t len)
{
    (void)data;
    ((membuf *)png_get_io_ptr(png))->len += len;
}

static void no_flush(png_structp png)
{
    (void)png;
}

enum { CT_RASTER, CT_PAL8, CT_PAL4, CT_CAREPAGE };

typedef struct setting {
    const char *name;
    int level, strategy, filter, ct;
} setting;

typedef struct page_img {
    uint8_t *px;       /* raster: 1 or 3 channels */
    int channels;
    uint8_t *index;    /* palette indices, 1 byte a pixel (NULL when > 256 colours) */
    uint8_t pal[256][3];
    int colours;
} page_img;

/* The page's distinct colours as a palette, in order of first appearance. */
static void make_palette(page_img *p, int w, int h)
{
    int map[256];
    for (int i = 0; i < 256; i++)
        map[i] = -1;
    p->colours = 0;
    p->index = malloc((size_t)w * (size_t)h);
    if (p->channels != 1) { /* themes blend two colours: carepage's own indexing */
        p->colours = care_png_palette(p->px, w, h, (size_t)w * 3, p->index, p->pal);
        if (p->colours == 0) {
            p->colours = 257; /* more than a palette holds */
            free(p->index);
            p->index = NULL;
        }
        return;
    }
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++) {
        int v = p->px[i];
        if (map[v] < 0) {
            map[v] = p->colours;
            p->pal[p->colours][0] = p->pal[p->colours][1] = p->pal[p->colours][2] = (uint8_t)v;
            p->colours++;
        }
        p->index[i] = (uint8_t)map[v];
    }
}

static int count_idat(void *ctx, const uint8_t *data, size_t len)
{
    (void)data;
    *(size_t *)ctx += len + 12; /* an IDAT chunk: length, type, data, CRC */
    return 0;
}

/* carepage's own encoder (png_idat.c), reused from page to page as a worker
 * thread does, on what png_writer.c gives it (grey samples, or the palette
 * indices of an RGB page that has them); the size is that of the PNG without
 * text chunks. The time does not include the indexing. */
static size_t encode_carepage(const page_img *p, int w, int h, care_idat_encoder *enc)
{
    size_t len = 8 + 25 + 12; /* signature, IHDR, IEND */
    bool indexed = p->channels == 3 && p->index;
    len += indexed ? 12 + 3 * (size_t)p->colours : 0; /* PLTE */
    size_t row = indexed ? (size_t)w : (size_t)w * (size_t)p->channels;
    const uint8_t *samples = indexed ? p->index : p->px;
    return care_idat_encode(enc, samples, row, h, row, count_idat, &len) == CARE_OK ? len : 0;
}

static size_t encode(const page_img *p, int w, int h, const setting *s, care_idat_encoder *enc)
{
    if (s->ct == CT_CAREPAGE)
        return encode_carepage(p, w, h, enc);
    membuf mb = {0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return 0;
    }
    png_set_write_fn(png, &mb, count_write, no_flush);
    png_set_compression_level(png, s->level);
    png_set_compression_strategy(png, s->strategy);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, s->filter);
    int depth = s->ct == CT_PAL4 ? 4 : 8;
    int type = s->ct == CT_RASTER ? (p->channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB)
                                  : PNG_COLOR_TYPE_PALETTE;
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, depth, type, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_color pal[256];
    if (s->ct != CT_RASTER) {
        for (int i = 0; i < p->colours; i++)
            pal[i] = (png_color){p->pal[i][0], p->pal[i][1], p->pal[i][2]};
        png_set_PLTE(png, info, pal, p->colours);
    }
    png_write_info(png, info);
    size_t row = (size_t)w * (size_t)p->channels;
    uint8_t *packed = malloc((size_t)w);
    for (int y = 0; y < h; y++) {
        if (s->ct == CT_RASTER) {
            png_write_row(png, p->px + (size_t)y * row);
        } else if (s->ct == CT_PAL8) {
            png_write_row(png, p->index + (size_t)y * (size_t)w);
        } else {
            const uint8_t *in = p->index + (size_t)y * (size_t)w;
            for (int x = 0; x < w; x += 2)
                packed[x / 2] = (uint8_t)(in[x] << 4 | (x + 1 < w ? in[x + 1] : 0));
            png_write_row(png, packed);
        }
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(packed);
    return mb.len;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: carepage-png-table ARTICLE [RUNS] [THEME]\n");
        return 1;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 3;
    runs = runs < 1 ? 1 : runs > 50 ? 50 : runs;
    FILE *f = fopen(argv[1], "rb");
    if (!f)
        return 1;
    static char bytes[1 << 22];
    size_t len = fread(bytes, 1, sizeof bytes, f);
    fclose(f);
    care_engine *e = NULL;
    care_document *doc = NULL;
    care_layout *L = NULL;
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    if (argc > 3)
        care_page_options_theme(&opts, argv[3]);
    care_parse_options po = {.name = argv[1]};
    if (care_engine_new(&e) || care_engine_set_fonts(e, NULL) ||
        care_document_parse(e, bytes, len, &po, &doc) || care_layout_new(e, doc, &opts, &L)) {
        fprintf(stderr, "carepage-png-table: %s\n", care_engine_last_error(e));
        return 1;
    }
    bool grey = ((opts.foreground ^ (opts.foreground >> 8)) & 0xFFFF) == 0 &&
                ((opts.background ^ (opts.background >> 8)) & 0xFFFF) == 0;
    int w = opts.width, h = opts.height, ch = grey ? 1 : 3;
    size_t pages = care_layout_page_count(L);
    page_img *img = calloc(pages, sizeof *img);
    int max_colours = 0;
    for (size_t p = 0; p < pages; p++) {
        img[p].channels = ch;
        img[p].px = malloc((size_t)w * (size_t)h * (size_t)ch);
        care_surface s = {img[p].px, w, h, (size_t)w * (size_t)ch,
                          grey ? CARE_PIXEL_GRAY8 : CARE_PIXEL_RGB888};
        if (care_render_page(L, p, &s) != CARE_OK) {
            fprintf(stderr, "carepage-png-table: %s\n", care_engine_last_error(e));
            return 1;
        }
        make_palette(&img[p], w, h);
        max_colours = img[p].colours > max_colours ? img[p].colours : max_colours;
    }
    static const setting SETTINGS[] = {
        {"raster L6 default NONE (before)", 6, Z_DEFAULT_STRATEGY, PNG_FILTER_NONE, CT_RASTER},
        {"raster L9 default NONE", 9, Z_DEFAULT_STRATEGY, PNG_FILTER_NONE, CT_RASTER},
        {"raster L4 default NONE", 4, Z_DEFAULT_STRATEGY, PNG_FILTER_NONE, CT_RASTER},
        {"raster L3 default NONE", 3, Z_DEFAULT_STRATEGY, PNG_FILTER_NONE, CT_RASTER},
        {"raster L2 default NONE", 2, Z_DEFAULT_STRATEGY, PNG_FILTER_NONE, CT_RASTER},
        {"raster L1 default NONE", 1, Z_DEFAULT_STRATEGY, PNG_FILTER_NONE, CT_RASTER},
        {"raster L1 default SUB", 1, Z_DEFAULT_STRATEGY, PNG_FILTER_SUB, CT_RASTER},
        {"raster L1 default UP", 1, Z_DEFAULT_STRATEGY, PNG_FILTER_UP, CT_RASTER},
        {"raster L1 default PAETH", 1, Z_DEFAULT_STRATEGY, PNG_FILTER_PAETH, CT_RASTER},
        {"raster L1 default ALL", 1, Z_DEFAULT_STRATEGY, PNG_ALL_FILTERS, CT_RASTER},
        {"raster L6 RLE NONE", 6, Z_RLE, PNG_FILTER_NONE, CT_RASTER},
        {"raster L6 RLE SUB", 6, Z_RLE, PNG_FILTER_SUB, CT_RASTER},
        {"raster L6 RLE UP", 6, Z_RLE, PNG_FILTER_UP, CT_RASTER},
        {"raster L6 RLE PAETH", 6, Z_RLE, PNG_FILTER_PAETH, CT_RASTER},
        {"raster L6 FILTERED SUB", 6, Z_FILTERED, PNG_FILTER_SUB, CT_RASTER},
        {"raster L6 huffman NONE", 6, Z_HUFFMAN_ONLY, PNG_FILTER_NONE, CT_RASTER},
        {"palette8 L1 default NONE", 1, Z_DEFAULT_STRATEGY, PNG_FILTER_NONE, CT_PAL8},
        {"palette8 L6 RLE UP", 6, Z_RLE, PNG_FILTER_UP, CT_PAL8},
        {"palette4 L1 default NONE", 1, Z_DEFAULT_STRATEGY, PNG_FILTER_NONE, CT_PAL4},
        {"palette4 L6 RLE UP", 6, Z_RLE, PNG_FILTER_UP, CT_PAL4},
        {"carepage RLE UP, blank runs (*)", 6, Z_RLE, PNG_FILTER_UP, CT_CAREPAGE},
    };
    printf("article %s, %zu pages %dx%d, %s, up to %d distinct colours a page; median of %d runs\n",
           argv[1], pages, w, h, grey ? "8-bit grey raster" : "RGB raster", max_colours, runs);
    printf("  %-34s %10s %9s %8s\n", "setting", "KB total", "KB/page", "ms/page");
    care_idat_encoder *enc = care_idat_encoder_new();
    for (size_t k = 0; k < sizeof SETTINGS / sizeof *SETTINGS; k++) {
        const setting *s = &SETTINGS[k];
        bool palette = s->ct == CT_PAL8 || s->ct == CT_PAL4;
        if (palette && max_colours > (s->ct == CT_PAL4 ? 16 : 256)) {
            printf("  %-34s   n/a (too many colours for the palette, would be lossy)\n", s->name);
            continue;
        }
        double t[50];
        size_t bytes_total = 0;
        for (int r = 0; r < runs; r++) {
            double t0 = now_ms();
            bytes_total = 0;
            for (size_t p = 0; p < pages; p++)
                bytes_total += encode(&img[p], w, h, s, enc);
            t[r] = (now_ms() - t0) / (double)pages;
        }
        qsort(t, (size_t)runs, sizeof *t, cmp_double);
        printf("  %-34s %10.1f %9.1f %8.2f\n", s->name, bytes_total / 1024.0,
               bytes_total / 1024.0 / (double)pages, t[runs / 2]);
    }
    printf("  (*) carepage (png_writer.c, png_idat.c): grey pages as grey, RGB pages of at most\n"
           "      256 colours as 8-bit palette (indexing not timed); the other rows are libpng\n");
    for (size_t p = 0; p < pages; p++) {
        free(img[p].px);
        free(img[p].index);
    }
    free(img);
    care_idat_encoder_free(enc);
    care_layout_free(L);
    care_document_free(doc);
    care_engine_free(e);
    return 0;
}
