/* PNG image data: Up-filtered rows in one zlib stream, blank runs copied in
 * from segments compressed once. See png_idat.h.
 *
 * Why: on a care-mode page about half of the rows repeat the row above (the
 * margins and the gaps between lines). zlib still reads, checksums and scans
 * every one of those bytes; copying a ready-made segment instead cuts the
 * encoding time of a phone page by a fifth (bench/png_table.c prints it). The
 * joining is the one pigz uses: a full flush ends the stream on a byte
 * boundary with no reference to earlier data, so independently compressed
 * raw deflate data may follow (RFC 1951 §3.2.3: a stream is a sequence of
 * blocks; zlib manual, Z_FULL_FLUSH).
 *
 * Filter and strategy, measured with carepage-png-table (bench/png_table.c)
 * on the corpus' longest article, 12 phone pages of Noto Sans CJK, zlib
 * 1.2.13, libpng 1.6.39, per page:
 *   libpng level 6 default NONE   142 KB 20.6 ms (the first setting)
 *          level 1 default NONE   170 KB  7.2 ms, level 9 NONE 129 KB 232 ms
 *          RLE NONE 162 KB 6.4 ms, RLE SUB 210 KB 7.4 ms, RLE PAETH 146 KB 8.8 ms
 *          RLE UP   145 KB  6.2 ms
 *   this encoder, RLE UP   144 KB  3.5 ms
 * Text rows repeat the row above in the gaps between glyphs and in most of
 * each stroke, which Up turns into zero runs that RLE codes as long matches. */
#include "output/png_idat.h"
#include "output/png_photo_page.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define BAND_ROWS 32     /* filtered rows handed to zlib in one call */
#define SEGMENT_LEVELS 9 /* cached blank segments of 1, 2, 4 ... 256 rows */
#define SEGMENT_SETS 2   /* row sizes kept: a grey or palette page's and an RGB page's */
#define PNG_FILTER_NONE_BYTE 0
#define PNG_FILTER_UP_BYTE 2

typedef struct blank_segment {
    uint8_t *bytes; /* raw deflate, ending in a full flush (byte-aligned, not final) */
    size_t len;
    uLong adler;    /* Adler-32 of the rows it decodes to */
} blank_segment;

typedef struct segment_set {
    size_t row_bytes; /* the row size they were made for; 0: unused */
    blank_segment level[SEGMENT_LEVELS];
} segment_set;

struct care_idat_encoder {
    z_stream rows;       /* raw deflate of the filtered rows */
    bool rows_ready;     /* deflateInit2 done */
    bool rows_pending;   /* rows given to zlib since the last flush */
    uint8_t *band;       /* filtered rows not yet given to zlib */
    size_t band_len, band_cap;
    uint8_t *scratch;    /* care_idat_encoder_scratch */
    size_t scratch_cap;
    uint8_t *out;        /* compressed bytes not yet given to the sink */
    size_t out_len;
    uLong adler;         /* of the filtered rows so far */
    segment_set sets[SEGMENT_SETS];
    segment_set *segments; /* the set of the image being encoded */
    int threads;         /* care_idat_encoder_set_threads */
    char message[200];   /* care_idat_encoder_message */
    care_idat_sink sink;
    void *ctx;
};

care_idat_encoder *care_idat_encoder_new(void)
{
    care_idat_encoder *enc = calloc(1, sizeof *enc);
    if (enc) {
        enc->out = malloc(CARE_IDAT_PIECE);
        enc->threads = 1;
    }
    if (enc && !enc->out) {
        free(enc);
        enc = NULL;
    }
    return enc;
}

static void drop_segments(segment_set *set)
{
    for (int k = 0; k < SEGMENT_LEVELS; k++)
        free(set->level[k].bytes);
    *set = (segment_set){0};
}

/* The set for rows of row_bytes: the one made for them, else the one not
 * used last, emptied. */
static segment_set *segments_for(care_idat_encoder *enc, size_t row_bytes)
{
    for (int i = 0; i < SEGMENT_SETS; i++)
        if (enc->sets[i].row_bytes == row_bytes)
            return &enc->sets[i];
    segment_set *set = enc->segments == &enc->sets[0] ? &enc->sets[1] : &enc->sets[0];
    drop_segments(set);
    set->row_bytes = row_bytes;
    return set;
}

void care_idat_encoder_set_threads(care_idat_encoder *enc, int threads)
{
    if (enc)
        enc->threads = threads > 1 ? threads : 1;
}

void care_idat_encoder_free(care_idat_encoder *enc)
{
    if (!enc)
        return;
    if (enc->rows_ready)
        deflateEnd(&enc->rows);
    for (int i = 0; i < SEGMENT_SETS; i++)
        drop_segments(&enc->sets[i]);
    free(enc->band);
    free(enc->out);
    free(enc->scratch);
    free(enc);
}

uint8_t *care_idat_encoder_scratch(care_idat_encoder *enc, size_t bytes)
{
    if (enc->scratch_cap < bytes) {
        free(enc->scratch);
        enc->scratch = malloc(bytes);
        enc->scratch_cap = enc->scratch ? bytes : 0;
    }
    return enc->scratch;
}

/* Hand the buffered output to the sink. */
static care_status emit(care_idat_encoder *enc)
{
    if (enc->out_len == 0)
        return CARE_OK;
    size_t len = enc->out_len;
    enc->out_len = 0;
    return enc->sink(enc->ctx, enc->out, len) ? CARE_ERR_IO : CARE_OK;
}

/* Append bytes to the output (header, segments, trailer). */
static care_status put(care_idat_encoder *enc, const uint8_t *data, size_t len)
{
    while (len > 0) {
        size_t n = CARE_IDAT_PIECE - enc->out_len;
        n = n < len ? n : len;
        memcpy(enc->out + enc->out_len, data, n);
        enc->out_len += n, data += n, len -= n;
        if (enc->out_len == CARE_IDAT_PIECE) {
            care_status st = emit(enc);
            if (st != CARE_OK)
                return st;
        }
    }
    return CARE_OK;
}

/* Run deflate on rows.next_in until it is consumed and, for a flush, done. */
static care_status run_deflate(care_idat_encoder *enc, int flush)
{
    z_stream *z = &enc->rows;
    for (;;) {
        z->next_out = enc->out + enc->out_len;
        z->avail_out = (uInt)(CARE_IDAT_PIECE - enc->out_len);
        int r = deflate(z, flush);
        enc->out_len = CARE_IDAT_PIECE - z->avail_out;
        if (r == Z_STREAM_ERROR)
            return CARE_ERR_PNG;
        if (z->avail_out > 0 && z->avail_in == 0)
            return CARE_OK; /* zlib: room left over means the flush is complete */
        care_status st = emit(enc);
        if (st != CARE_OK)
            return st;
    }
}

/* Give the band of filtered rows to zlib. */
static care_status compress_band(care_idat_encoder *enc)
{
    if (enc->band_len == 0)
        return CARE_OK;
    enc->adler = adler32(enc->adler, enc->band, (uInt)enc->band_len);
    enc->rows.next_in = enc->band;
    enc->rows.avail_in = (uInt)enc->band_len;
    enc->band_len = 0;
    enc->rows_pending = true;
    return run_deflate(enc, Z_NO_FLUSH);
}

void care_idat_filter_row(uint8_t *restrict d, const uint8_t *restrict row,
                          const uint8_t *restrict above, size_t n)
{
    if (!above) {
        d[0] = PNG_FILTER_NONE_BYTE;
        memcpy(d + 1, row, n);
    } else {
        d[0] = PNG_FILTER_UP_BYTE;
        for (size_t x = 0; x < n; x++)
            d[1 + x] = (uint8_t)(row[x] - above[x]);
    }
}

int care_idat_deflate_init(z_stream *z, bool reset)
{
    return reset ? deflateReset(z) : deflateInit2(z, 6, Z_DEFLATED, -15, 8, Z_RLE);
}

/* Filter one row into the band (care_idat_filter_row). */
static care_status filter_row(care_idat_encoder *enc, const uint8_t *restrict row,
                              const uint8_t *restrict above, size_t row_bytes)
{
    care_idat_filter_row(enc->band + enc->band_len, row, above, row_bytes);
    enc->band_len += row_bytes + 1;
    return enc->band_len + row_bytes + 1 > enc->band_cap ? compress_band(enc) : CARE_OK;
}

/* Compress 2^level rows of [Up, 0 ...] on their own, ending in a full flush. */
static care_status make_segment(care_idat_encoder *enc, int level, size_t row_bytes)
{
    blank_segment *seg = &enc->segments->level[level];
    uint8_t *row = calloc(1, row_bytes + 1);
    z_stream z;
    memset(&z, 0, sizeof z);
    if (!row || care_idat_deflate_init(&z, false) != Z_OK) {
        free(row);
        return CARE_ERR_NO_MEMORY;
    }
    row[0] = PNG_FILTER_UP_BYTE;
    care_status st = CARE_OK;
    size_t cap = 0;
    seg->adler = adler32(1, row, (uInt)(row_bytes + 1));
    for (int k = 0; k < level; k++)
        seg->adler = adler32_combine(seg->adler, seg->adler, (z_off_t)((row_bytes + 1) << k));
    for (size_t r = 0; r <= ((size_t)1 << level) && st == CARE_OK; r++) {
        bool last = r == (size_t)1 << level; /* the flush after the last row */
        z.next_in = last ? Z_NULL : row;
        z.avail_in = last ? 0 : (uInt)(row_bytes + 1);
        do {
            if (seg->len == cap) {
                uint8_t *grown = realloc(seg->bytes, cap = cap ? 2 * cap : 4096);
                if (!grown) {
                    st = CARE_ERR_NO_MEMORY;
                    break;
                }
                seg->bytes = grown;
            }
            z.next_out = seg->bytes + seg->len;
            z.avail_out = (uInt)(cap - seg->len);
            if (deflate(&z, last ? Z_FULL_FLUSH : Z_NO_FLUSH) == Z_STREAM_ERROR)
                st = CARE_ERR_PNG;
            seg->len = cap - z.avail_out;
        } while (st == CARE_OK && (z.avail_out == 0 || z.avail_in > 0));
    }
    deflateEnd(&z);
    free(row);
    if (st != CARE_OK) {
        free(seg->bytes);
        *seg = (blank_segment){0};
    }
    return st;
}

/* Compress the rows given so far and fully flush the stream, so that bytes
 * compressed on their own (a blank segment, a photo piece) can follow. */
static care_status flush_rows(care_idat_encoder *enc)
{
    care_status st = compress_band(enc);
    if (st == CARE_OK && enc->rows_pending)
        st = run_deflate(enc, Z_FULL_FLUSH);
    enc->rows_pending = false;
    return st;
}

/* Copy in `run` rows that equal the row above, as cached segments. */
static care_status copy_blank_run(care_idat_encoder *enc, size_t run, size_t row_bytes)
{
    care_status st = flush_rows(enc);
    for (int level = SEGMENT_LEVELS - 1; level >= 0 && st == CARE_OK; level--) {
        size_t rows = (size_t)1 << level;
        blank_segment *seg = &enc->segments->level[level];
        if (run >= rows && !seg->bytes)
            st = make_segment(enc, level, row_bytes);
        for (; run >= rows && st == CARE_OK; run -= rows) {
            st = put(enc, seg->bytes, seg->len);
            enc->adler = adler32_combine(enc->adler, seg->adler, (z_off_t)((row_bytes + 1) * rows));
        }
    }
    return st;
}

size_t care_idat_rows_equal_above(const uint8_t *pixels, size_t y, size_t height, size_t stride,
                               size_t row_bytes)
{
    size_t n = 0;
    for (size_t r = y; r > 0 && r < height; r++, n++)
        if (memcmp(pixels + r * stride, pixels + (r - 1) * stride, row_bytes) != 0)
            break;
    return n;
}

static care_status start(care_idat_encoder *enc, size_t row_bytes)
{
    int r = care_idat_deflate_init(&enc->rows, enc->rows_ready);
    if (r != Z_OK)
        return r == Z_MEM_ERROR ? CARE_ERR_NO_MEMORY : CARE_ERR_PNG;
    enc->rows_ready = true;
    enc->rows_pending = false;
    enc->segments = segments_for(enc, row_bytes);
    size_t need = BAND_ROWS * (row_bytes + 1);
    if (enc->band_cap < need) {
        free(enc->band);
        enc->band = malloc(need);
        enc->band_cap = enc->band ? need : 0;
        if (!enc->band)
            return CARE_ERR_NO_MEMORY;
    }
    enc->band_len = enc->out_len = 0;
    enc->adler = adler32(0, Z_NULL, 0);
    /* deflate, 32 KiB window, default level (FLEVEL 2); RFC 1950 §2.2 */
    static const uint8_t zlib_header[2] = {0x78, 0x9C};
    return put(enc, zlib_header, sizeof zlib_header);
}

static care_status finish(care_idat_encoder *enc)
{
    care_status st = compress_band(enc);
    if (st == CARE_OK)
        st = run_deflate(enc, Z_FINISH);
    uint8_t trailer[4] = {(uint8_t)(enc->adler >> 24), (uint8_t)(enc->adler >> 16),
                          (uint8_t)(enc->adler >> 8), (uint8_t)enc->adler};
    if (st == CARE_OK)
        st = put(enc, trailer, sizeof trailer);
    return st == CARE_OK ? emit(enc) : st;
}

/* Say why a piece of a page with photos was not compressed. */
static care_status piece_failed(care_idat_encoder *enc, const care_photo_piece *p)
{
    if (p->status == CARE_ERR_NO_MEMORY)
        snprintf(enc->message, sizeof enc->message,
                 "out of memory compressing the %s rows %d-%d with %s",
                 p->photo ? "photo" : "text", p->top, p->bottom - 1, p->isal ? "ISA-L" : "zlib");
    else
        snprintf(enc->message, sizeof enc->message,
                 "compressing the %s rows %d-%d with %s failed (it returned %d)",
                 p->photo ? "photo" : "text", p->top, p->bottom - 1,
                 p->isal ? "ISA-L isal_deflate_stateless" : "zlib deflate", p->code);
    return p->status;
}

/* Every row from y0 to y1 with the text pages' filter: Up (None for the
 * image's first row), runs of repeated rows copied in. */
static care_status encode_rows(care_idat_encoder *enc, const uint8_t *pixels, size_t row_bytes,
                               size_t y0, size_t y1, size_t stride)
{
    care_status st = CARE_OK;
    for (size_t y = y0; y < y1 && st == CARE_OK;) {
        size_t run = care_idat_rows_equal_above(pixels, y, y1, stride, row_bytes);
        if (run >= CARE_IDAT_BLANK_RUN) {
            st = copy_blank_run(enc, run, row_bytes);
            y += run;
            continue;
        }
        for (size_t end = y + (run ? run : 1); y < end && st == CARE_OK; y++)
            st = filter_row(enc, pixels + y * stride, y ? pixels + (y - 1) * stride : NULL,
                            row_bytes);
    }
    return st;
}

/* A page with photos: its rows compressed in pieces (png_photo_page.c, on
 * the encoder's threads), then put in order, the runs of rows equal to the
 * row above between them copied in; finish() ends the stream. */
static care_status copy_photo_page(care_idat_encoder *enc, const care_idat_image *img)
{
    care_photo_piece *pieces = NULL;
    size_t count = 0, y = 0;
    care_status st = care_photo_page_compress(img, enc->threads, &pieces, &count);
    if (st != CARE_OK)
        snprintf(enc->message, sizeof enc->message, "out of memory for the pieces of the image");
    for (size_t k = 0; k < count && st == CARE_OK; k++) {
        const care_photo_piece *p = &pieces[k];
        if ((size_t)p->top > y)
            st = copy_blank_run(enc, (size_t)p->top - y, img->row_bytes);
        if (st == CARE_OK && p->status != CARE_OK)
            st = piece_failed(enc, p);
        if (st == CARE_OK)
            st = put(enc, p->bytes, p->len);
        enc->adler = adler32_combine(enc->adler, p->adler, (z_off_t)p->raw_len);
        y = (size_t)p->bottom;
    }
    if (st == CARE_OK && y < (size_t)img->height)
        st = copy_blank_run(enc, (size_t)img->height - y, img->row_bytes);
    care_photo_pieces_free(pieces, count);
    return st;
}

static bool bands_valid(care_idat_encoder *enc, const care_idat_image *img)
{
    int below = 0; /* the bottom of the band before */
    for (size_t i = 0; i < img->photo_count; i++) {
        const care_idat_band *b = &img->photos[i];
        if (b->top < below || b->bottom <= b->top || b->bottom > img->height) {
            snprintf(enc->message, sizeof enc->message,
                     "photo rows %d..%d are out of order, empty or outside the %d rows", b->top,
                     b->bottom, img->height);
            return false;
        }
        below = b->bottom;
    }
    if (img->photo_count && !img->photos)
        snprintf(enc->message, sizeof enc->message, "%zu photo bands but no array",
                 img->photo_count);
    return img->photo_count == 0 || img->photos;
}

const char *care_idat_encoder_message(const care_idat_encoder *enc)
{
    return enc && enc->message[0] ? enc->message : NULL;
}

care_status care_idat_encode_image(care_idat_encoder *enc, const care_idat_image *img,
                                   care_idat_sink sink, void *ctx)
{
    if (enc)
        enc->message[0] = '\0';
    if (!enc || !img || !img->pixels || !sink || img->row_bytes == 0 ||
        img->row_bytes >= UINT32_MAX / BAND_ROWS || img->height <= 0 ||
        img->stride < img->row_bytes || img->bpp < 1 || !bands_valid(enc, img))
        return CARE_ERR_INVALID_ARGUMENT;
    enc->sink = sink;
    enc->ctx = ctx;
    care_status st = start(enc, img->row_bytes);
    if (st == CARE_OK)
        st = img->photo_count ? copy_photo_page(enc, img)
                              : encode_rows(enc, img->pixels, img->row_bytes, 0,
                                            (size_t)img->height, img->stride);
    return st == CARE_OK ? finish(enc) : st;
}

care_status care_idat_encode(care_idat_encoder *enc, const uint8_t *pixels, size_t row_bytes,
                             int height, size_t stride, care_idat_sink sink, void *ctx)
{
    care_idat_image img = {pixels, row_bytes, height, stride, 1, NULL, 0};
    return care_idat_encode_image(enc, &img, sink, ctx);
}
