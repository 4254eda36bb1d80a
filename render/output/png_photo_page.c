/* The image data of a page with photos. See png_photo_page.h.
 *
 * Why: a photo on a phone page (972 x 729 px, 2.1 MB of RGB) is more bytes
 * than the rest of the page, and almost none of its rows repeat the row
 * above, so the compressor codes nearly every byte. With the text pages'
 * setting (Up filter, zlib Z_RLE; png_idat.c) that was 30 ms of a 140 ms run
 * with one photo (benchmark carepage-photos), more than decoding the JPEG.
 *
 * Measured on the photo rows of the benchmark's page (a smooth generated
 * photo) and of a page with a real photograph (a circuit board, 720 x 477
 * shown 972 px wide), size and compression time:
 *   zlib 1.2.13 Z_RLE:  Up    718 KB / 1222 KB, 24 ms
 *                       Paeth 590 KB / 1001 KB, 24 ms (Sub, Average between;
 *                       level 1, Z_HUFFMAN_ONLY, Z_FILTERED no faster)
 *   libdeflate 1.14 level 1, Paeth: 668 / 1051 KB, 14 ms, but it only makes
 *                       whole streams (a final block), which cannot be joined
 *   ISA-L 2.30 level 1: Up    716 KB / 1225 KB, 6 ms
 *                       Paeth 691 KB / 1062 KB, 6 ms
 * But ISA-L on the whole page made pages with little photo much larger (a
 * tablet page on cream with a narrow photo 64 -> 123 KB, a grey page 21 ->
 * 33 KB, an A4 photo page 1926 -> 2038 KB): its runs of blank rows, which
 * png_idat.c copies in as segments zlib made once. So: Paeth (PNG 3rd
 * edition §9.4) for photo rows and ISA-L's igzip at level 1 for them, except
 * where the photo is narrow (mostly_photo); the page's other rows Up, their
 * blank runs copied in as on a text page, the rest (the rows of the lines of
 * text) ISA-L level 1 as well. On the benchmark's page those 1.5 MB of RGB
 * text rows took zlib Z_RLE 6.0 ms (147 KB), ISA-L 1.1 ms (144 KB). Over 42
 * photo pages (6 photos; phone, tablet, kiosk, A4; 4 themes) the files are
 * 2 % smaller in all, from -27 % (a narrow photo on cream) to +7 % (the same
 * on A4), and the phone page's image data takes 8.7 instead of 11.8 ms.
 * ISA-L's stateless mode with
 * FULL_FLUSH ends on a byte boundary without a final block, referring to
 * nothing before it, like zlib's Z_FULL_FLUSH (RFC 1951 §3.2.3), so pieces
 * compressed on their own join into the page's zlib stream, as pigz joins
 * them; the pieces go to several threads. ISA-L picks its code for the
 * processor, so the bytes may differ between machines (never the pixels),
 * and, rarely, between runs: ISA-L 2.30's level 1 chooses between matches
 * of equal cost differently depending on where its stream state lies in
 * memory (measured on one text piece: 12 of 3000 addresses gave other
 * bytes; a phone photo page: 2 of 200 runs). */
#include "output/png_photo_page.h"

#include <isa-l/igzip_lib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define PNG_FILTER_PAETH_BYTE 4
#define MAX_THREADS 64

/* Row `row` Paeth-filtered against `above` into d (type byte first). Inlined
 * into a plain and an AVX2 function (16 bytes at once, half the time: 1.2 ->
 * 0.55 ms a phone photo's rows). */
static inline __attribute__((always_inline)) void paeth_row(uint8_t *restrict d,
                                                           const uint8_t *restrict row,
                                                           const uint8_t *restrict above,
                                                           size_t n, size_t bpp)
{
    *d++ = PNG_FILTER_PAETH_BYTE;
    size_t x = 0;
    for (; x < bpp && x < n; x++)
        d[x] = (uint8_t)(row[x] - above[x]); /* no left neighbour: the predictor is the one above */
    for (; x < n; x++) { /* branchless, in 16 bits: the compiler does 8 bytes at once */
        int16_t a = row[x - bpp], b = above[x], c = above[x - bpp];
        int16_t da = (int16_t)(b - c), db = (int16_t)(a - c), dc = (int16_t)(da + db);
        int16_t pa = da < 0 ? (int16_t)-da : da, pb = db < 0 ? (int16_t)-db : db;
        int16_t pc = dc < 0 ? (int16_t)-dc : dc;
        int16_t b_or_c = pb <= pc ? b : c;
        d[x] = (uint8_t)(row[x] - (pa <= pb && pa <= pc ? a : b_or_c));
    }
}

static void paeth_row_plain(uint8_t *d, const uint8_t *row, const uint8_t *above, size_t n,
                            size_t bpp)
{
    paeth_row(d, row, above, n, bpp);
}

#ifdef CARE_AVX2
CARE_AVX2 static void paeth_row_avx2(uint8_t *d, const uint8_t *row, const uint8_t *above,
                                     size_t n, size_t bpp)
{
    paeth_row(d, row, above, n, bpp);
}
#endif

/* Row y of img filtered into d (type byte first): None for the first row,
 * Paeth in a photo band, Up elsewhere. */
static void filter_row(uint8_t *restrict d, const care_idat_image *img, size_t y)
{
    const uint8_t *row = img->pixels + y * img->stride, *above = row - img->stride;
    bool photo = false;
    for (size_t i = 0; i < img->photo_count && !photo; i++)
        photo = (int)y >= img->photos[i].top && (int)y < img->photos[i].bottom;
    if (y > 0 && photo) {
#ifdef CARE_AVX2
        if (care_have_avx2()) {
            paeth_row_avx2(d, row, above, img->row_bytes, (size_t)img->bpp);
            return;
        }
#endif
        paeth_row_plain(d, row, above, img->row_bytes, (size_t)img->bpp);
    } else
        care_idat_filter_row(d, row, y > 0 ? above : NULL, img->row_bytes);
}

/* What the threads share. */
typedef struct photo_job {
    const care_idat_image *img;
    care_photo_piece *pieces;
    size_t count;
    pthread_mutex_t lock;
    size_t next; /* the next piece to take */
} photo_job;

/* What one thread works with. */
typedef struct piece_worker {
    struct isal_zstream z; /* large (its history buffer): on the heap */
    uint8_t level_buf[ISAL_DEF_LVL1_DEFAULT];
    z_stream zlib;         /* deflate for narrow photos (care_idat_deflate_init) */
    bool zlib_ready;       /* deflateInit2 done */
    uint8_t *filtered;     /* one piece of filtered rows */
} piece_worker;

/* Room for piece->bytes of at least cap bytes. */
static bool piece_room(care_photo_piece *piece, size_t cap)
{
    uint8_t *grown = realloc(piece->bytes, cap);
    if (grown)
        piece->bytes = grown;
    return grown != NULL;
}

/* Compress `len` filtered rows into piece->bytes with ISA-L (grown while
 * it says they do not fit), ending in a full flush. */
static care_status deflate_isal_piece(piece_worker *w, uint8_t *in, size_t len,
                                       care_photo_piece *piece)
{
    size_t cap = len + len / 32 + 2 * ISAL_DEF_MAX_HDR_SIZE; /* stored blocks at worst */
    for (;; cap *= 2) {
        if (!piece_room(piece, cap))
            return CARE_ERR_NO_MEMORY;
        isal_deflate_stateless_init(&w->z); /* leaves hist_bits: 0, the default 32 KiB window */
        w->z.hist_bits = 0;
        w->z.level = 1;
        w->z.level_buf = w->level_buf;
        w->z.level_buf_size = sizeof w->level_buf;
        w->z.gzip_flag = IGZIP_DEFLATE; /* raw deflate: the page's stream has the zlib header */
        w->z.flush = FULL_FLUSH;
        w->z.end_of_stream = 0;
        w->z.next_in = in;
        w->z.avail_in = (uint32_t)len;
        w->z.next_out = piece->bytes;
        w->z.avail_out = (uint32_t)cap;
        int r = isal_deflate_stateless(&w->z);
        if (r == COMP_OK) {
            piece->len = w->z.total_out;
            return CARE_OK;
        }
        if (r != STATELESS_OVERFLOW) {
            piece->code = r;
            return CARE_ERR_PNG;
        }
    }
}

/* Compress `len` filtered rows of a narrow photo into piece->bytes with zlib
 * as png_idat.c compresses a text page (level 6, Z_RLE), ending in a full
 * flush. */
static care_status deflate_zlib_piece(piece_worker *w, uint8_t *in, size_t len,
                                      care_photo_piece *piece)
{
    z_stream *z = &w->zlib;
    int r = care_idat_deflate_init(z, w->zlib_ready);
    if (r != Z_OK) {
        piece->code = r;
        return r == Z_MEM_ERROR ? CARE_ERR_NO_MEMORY : CARE_ERR_PNG;
    }
    w->zlib_ready = true;
    size_t cap = deflateBound(z, (uLong)len) + 16; /* + the full flush's empty block */
    if (!piece_room(piece, cap))
        return CARE_ERR_NO_MEMORY;
    z->next_in = in;
    z->avail_in = (uInt)len;
    z->next_out = piece->bytes;
    z->avail_out = (uInt)cap;
    while ((r = deflate(z, Z_FULL_FLUSH)) == Z_OK && z->avail_out == 0) {
        size_t done = cap - z->avail_out;
        if (!piece_room(piece, cap *= 2))
            return CARE_ERR_NO_MEMORY;
        z->next_out = piece->bytes + done;
        z->avail_out = (uInt)(cap - done);
    }
    if (r != Z_OK) {
        piece->code = r;
        return CARE_ERR_PNG;
    }
    piece->len = cap - z->avail_out;
    return CARE_OK;
}

/* Zero bytes that fill an aligned block this long are page background (or
 * flat colour), not a photograph's texture. */
#define BACKGROUND_BLOCK 32

/* Whether a photo fills most of the filtered bytes: fewer than half of them
 * are in all-zero blocks of BACKGROUND_BLOCK bytes. A narrow photo leaves
 * most of its rows page background, whose long zero runs zlib's Z_RLE codes
 * far smaller than ISA-L level 1 (a 1080 px page with a 10 px wide photo:
 * 34 KB with zlib, 55 KB with ISA-L) and about as fast. An enlarged photo's
 * short zero runs (pixels repeated by the scaling) do not count: ISA-L is 4x
 * faster there. Blocks, not runs, so that the test costs ~0.1 ms a phone
 * page (a byte loop cost 7 ms). */
static bool mostly_photo(const uint8_t *filtered, size_t len)
{
    size_t background = 0;
    for (size_t i = 0; i + BACKGROUND_BLOCK <= len; i += BACKGROUND_BLOCK) {
        uint64_t w[BACKGROUND_BLOCK / 8];
        memcpy(w, filtered + i, sizeof w);
        background += (w[0] | w[1] | w[2] | w[3]) == 0 ? BACKGROUND_BLOCK : 0;
    }
    return background < len / 2;
}

/* Filter and compress piece k. */
static care_status compress_piece(const photo_job *job, size_t k, piece_worker *w)
{
    const care_idat_image *img = job->img;
    care_photo_piece *piece = &job->pieces[k];
    size_t len = 0;
    for (int y = piece->top; y < piece->bottom; y++, len += img->row_bytes + 1)
        filter_row(w->filtered + len, img, (size_t)y);
    piece->raw_len = len;
    piece->adler = isal_adler32(1, w->filtered, len);
    piece->isal = !piece->photo || mostly_photo(w->filtered, len);
    return piece->isal ? deflate_isal_piece(w, w->filtered, len, piece)
                       : deflate_zlib_piece(w, w->filtered, len, piece);
}

/* One thread: take pieces until none is left. */
static void *compress_pieces(void *arg)
{
    photo_job *job = arg;
    piece_worker *w = calloc(1, sizeof *w); /* zeroed: ISA-L reads fields its init leaves */
    size_t most = 0;
    for (size_t k = 0; k < job->count; k++) {
        size_t rows = (size_t)(job->pieces[k].bottom - job->pieces[k].top);
        most = rows > most ? rows : most;
    }
    uint8_t *filtered = malloc(most * (job->img->row_bytes + 1));
    if (w)
        w->filtered = filtered;
    for (;;) {
        pthread_mutex_lock(&job->lock);
        size_t k = job->next++;
        pthread_mutex_unlock(&job->lock);
        if (k >= job->count)
            break;
        job->pieces[k].status = w && filtered ? compress_piece(job, k, w) : CARE_ERR_NO_MEMORY;
    }
    if (w && w->zlib_ready)
        deflateEnd(&w->zlib);
    free(filtered);
    free(w);
    return NULL;
}

/* What planning the pieces builds. */
typedef struct piece_plan {
    care_photo_piece *pieces;
    size_t count, cap;
    int piece_rows; /* the most rows of a piece: about CARE_PHOTO_PIECE_BYTES */
    bool failed;    /* out of memory */
} piece_plan;

/* Rows [top, bottom) as pieces of at most piece_rows rows. */
static void add_rows(piece_plan *plan, int top, int bottom, bool photo)
{
    for (int y = top; y < bottom && !plan->failed; y += plan->piece_rows) {
        care_photo_piece *grown = care_grow_array(plan->pieces, plan->count, &plan->cap, 16,
                                                  sizeof *grown);
        if (!grown) {
            plan->failed = true;
            return;
        }
        plan->pieces = grown;
        plan->pieces[plan->count++] = (care_photo_piece){
            .top = y, .bottom = bottom - y > plan->piece_rows ? y + plan->piece_rows : bottom,
            .photo = photo};
    }
}

/* The text rows [y, limit) as pieces, leaving out the runs of rows equal
 * to the row above that png_idat.c copies in (care_idat_rows_equal_above). */
static void add_text_rows(piece_plan *plan, const care_idat_image *img, int y, int limit)
{
    int start = y; /* the first row not yet in a piece */
    while (y < limit) {
        size_t run = care_idat_rows_equal_above(img->pixels, (size_t)y, (size_t)limit,
                                                img->stride, img->row_bytes);
        if (run >= CARE_IDAT_BLANK_RUN) {
            add_rows(plan, start, y, false);
            start = y + (int)run;
        }
        y += run ? (int)run : 1;
    }
    add_rows(plan, start, limit, false);
}

/* The pieces of the page, in order of rows: the text rows between the
 * bands (without their blank runs) and the bands, each cut in pieces of
 * about CARE_PHOTO_PIECE_BYTES (the same whatever the threads). */
static care_photo_piece *plan_pieces(const care_idat_image *img, size_t *count)
{
    size_t piece_rows = CARE_PHOTO_PIECE_BYTES / (img->row_bytes + 1);
    piece_rows = piece_rows ? piece_rows : 1;
    piece_rows = piece_rows < (size_t)img->height ? piece_rows : (size_t)img->height;
    piece_plan plan = {.piece_rows = (int)piece_rows};
    int y = 0;
    for (size_t i = 0; i < img->photo_count; i++) {
        add_text_rows(&plan, img, y, img->photos[i].top);
        add_rows(&plan, img->photos[i].top, img->photos[i].bottom, true);
        y = img->photos[i].bottom;
    }
    add_text_rows(&plan, img, y, img->height);
    if (plan.failed || !plan.pieces) {
        free(plan.pieces);
        plan.pieces = NULL, plan.count = 0;
    }
    *count = plan.count;
    return plan.pieces;
}

care_status care_photo_page_compress(const care_idat_image *img, int threads,
                                     care_photo_piece **pieces, size_t *count)
{
    photo_job job = {.img = img};
    job.pieces = plan_pieces(img, &job.count);
    *pieces = job.pieces;
    *count = job.count;
    if (!job.pieces)
        return CARE_ERR_NO_MEMORY;
    pthread_mutex_init(&job.lock, NULL);
    pthread_t helper[MAX_THREADS];
    size_t helpers = 0, want = threads > 1 ? (size_t)threads - 1 : 0;
    want = want > job.count - 1 ? job.count - 1 : want > MAX_THREADS ? MAX_THREADS : want;
    for (; helpers < want; helpers++) /* a thread that cannot start leaves its pieces to us */
        if (pthread_create(&helper[helpers], NULL, compress_pieces, &job) != 0)
            break;
    compress_pieces(&job);
    for (size_t i = 0; i < helpers; i++)
        pthread_join(helper[i], NULL);
    pthread_mutex_destroy(&job.lock);
    return CARE_OK;
}

void care_photo_pieces_free(care_photo_piece *pieces, size_t count)
{
    for (size_t k = 0; pieces && k < count; k++)
        free(pieces[k].bytes);
    free(pieces);
}
