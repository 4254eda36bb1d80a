/* JPEG through libjpeg(-turbo): DCT-domain scaling (1/2, 1/4, 1/8) while the
 * result is still at least the target, CMYK and YCCK (Adobe) converted to
 * RGB, grey kept grey, the EXIF orientation from APP1. Errors and truncation
 * end the decoding through a jump, never an exit.
 *
 * The rest of a decoding that cannot fail (care_jpeg_decode_start): once
 * jpeg_start_decompress has passed, a sequential Huffman-coded file with one
 * scan (baseline or extended; not progressive, not arithmetic-coded) fails
 * only where its data runs out. libjpeg-turbo 2.1 (the Debian 12 package)
 * makes every table check and allocation of such a file in
 * jpeg_start_decompress (jdmaster.c master_selection: realize_virt_arrays,
 * then start_input_pass: the quantisation and Huffman tables); in
 * jpeg_read_scanlines, jdhuff.c only warns (JWRN_HIT_MARKER, JWRN_HUFF_BAD_CODE)
 * and pads with zeros, and stops reading at the first marker it meets
 * (jpeg_fill_bit_buffer, the fast path's GET_BYTE) that is not the next
 * restart marker; jdmarker.c's resync reads on only past invalid markers
 * (below SOF0), to the next valid one, and never past EOI. The memory
 * source is asked for more (JWRN_JPEG_EOF: a truncated file, which is
 * refused) only when every byte was read without such a marker, which
 * cannot happen when the data after the headers holds EOI (FF D9) at its
 * end. Markers after the scan are never read (jpeg_finish_decompress is not
 * called). So such a file's scanlines are left to run later, on another
 * thread if the caller likes; every other file is decoded at once. */
#include "image/decoders.h"

#include <setjmp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include <jerror.h>
#include <jpeglib.h>

/* A progressive file with more scans than this is refused (each scan
 * re-reads the whole image: thousands of tiny scans cost minutes). */
#define MAX_SCANS 200
/* libjpeg's own working memory (coefficient buffers of progressive files). */
#define MAX_JPEG_MEMORY ((long)256 << 20)

typedef struct jpeg_ctx {
    struct jpeg_error_mgr pub;
    struct jpeg_progress_mgr progress;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    bool truncated;
} jpeg_ctx;

static void on_error(j_common_ptr cinfo)
{
    jpeg_ctx *c = (jpeg_ctx *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, c->message);
    longjmp(c->jump, 1);
}

static void on_message(j_common_ptr cinfo, int level)
{
    jpeg_ctx *c = (jpeg_ctx *)cinfo->err;
    if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF)
        c->truncated = true; /* libjpeg pads the rest with grey: we refuse the image */
}

static void on_progress(j_common_ptr cinfo)
{
    j_decompress_ptr d = (j_decompress_ptr)cinfo;
    jpeg_ctx *c = (jpeg_ctx *)cinfo->err;
    if (d->input_scan_number > MAX_SCANS) {
        snprintf(c->message, sizeof c->message, "more than %d progressive scans", MAX_SCANS);
        longjmp(c->jump, 1);
    }
}

/* Everything a decoding touches lives here (on the heap: a decoding's rest
 * may run later, on another thread), not in the frame of the function that
 * calls setjmp (whose changed locals a longjmp would leave indeterminate). */
struct care_jpeg_rest {
    struct jpeg_decompress_struct d;
    jpeg_ctx c;
    care_scaler s;
    care_row_pipe *pipe; /* the scaler on its own thread, or NULL */
    uint8_t *rows;
    const char *name;    /* for messages (the caller's) */
};
typedef struct care_jpeg_rest jpeg_work;

static void setup(jpeg_work *w, const uint8_t *data, size_t len)
{
    struct jpeg_decompress_struct *d = &w->d;
    jpeg_ctx *c = &w->c;
    d->err = jpeg_std_error(&c->pub);
    c->pub.error_exit = on_error;
    c->pub.emit_message = on_message;
    c->message[0] = '\0';
    c->truncated = false;
    jpeg_create_decompress(d);
    d->mem->max_memory_to_use = MAX_JPEG_MEMORY;
    c->progress.progress_monitor = on_progress;
    d->progress = &c->progress;
    jpeg_mem_src(d, data, (unsigned long)len);
}

static int orientation_of(const struct jpeg_decompress_struct *d)
{
    for (jpeg_saved_marker_ptr m = d->marker_list; m; m = m->next)
        if (m->marker == JPEG_APP0 + 1) {
            int o = care_exif_orientation(m->data, m->data_length);
            if (o != 1)
                return o;
        }
    return 1;
}

/* The header into info; false (w->c.message says why) on a broken one. */
static bool read_info(jpeg_work *w, care_image_info *info)
{
    if (setjmp(w->c.jump))
        return false;
    jpeg_save_markers(&w->d, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&w->d, TRUE);
    *info = (care_image_info){CARE_IMAGE_JPEG, (int)w->d.image_width, (int)w->d.image_height,
                              0, 0, orientation_of(&w->d)};
    return true;
}

static care_status probe(const uint8_t *data, size_t len, const char *name,
                            care_image_info *info, care_error *err)
{
    jpeg_work w = {0};
    setup(&w, data, len);
    bool ok = read_info(&w, info);
    jpeg_destroy_decompress(&w.d);
    return ok ? CARE_OK : care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: broken JPEG header (%s)",
                                    name, w.c.message);
}

/* The largest DCT reduction (1/8, 1/4, 1/2) that keeps the image at least the target. */
static unsigned scale_denom(const struct jpeg_decompress_struct *d, int dst_w, int dst_h)
{
    for (unsigned denom = 8; denom > 1; denom /= 2)
        if ((d->image_width + denom - 1) / denom >= (unsigned)dst_w &&
            (d->image_height + denom - 1) / denom >= (unsigned)dst_h)
            return denom;
    return 1;
}

/* A CMYK scanline (Adobe files store it inverted) into RGB. */
static void cmyk_to_rgb(const uint8_t *in, uint8_t *out, int width, bool inverted)
{
    for (int x = 0; x < width; x++, in += 4, out += 3) {
        unsigned k = inverted ? in[3] : 255u - in[3];
        for (int i = 0; i < 3; i++) {
            unsigned v = inverted ? in[i] : 255u - in[i];
            out[i] = (uint8_t)((v * k + 127) / 255);
        }
    }
}

/* Start decompressing at the reduction and colour space the target needs. */
static void start(struct jpeg_decompress_struct *d, const care_decode_target *t)
{
    jpeg_read_header(d, TRUE);
    d->scale_num = 1;
    d->scale_denom = scale_denom(d, t->dst_w, t->dst_h);
    /* the result is area-averaged down anyway: the faster DCT and plain chroma
     * upsampling are not visible after it, and save a third of the time */
    d->dct_method = JDCT_IFAST;
    d->do_fancy_upsampling = FALSE;
    if (d->jpeg_color_space == JCS_GRAYSCALE)
        d->out_color_space = JCS_GRAYSCALE;
    else if (d->jpeg_color_space == JCS_CMYK || d->jpeg_color_space == JCS_YCCK)
        d->out_color_space = JCS_CMYK;
    else
        d->out_color_space = JCS_RGB;
    jpeg_start_decompress(d);
}

/* Start decompressing and make the scaler and the row buffer; false
 * (w->c.message) when libjpeg fails, *st for the rest. */
static bool start_pixels(jpeg_work *w, const care_decode_target *t, care_status *st,
                         care_error *err)
{
    struct jpeg_decompress_struct *d = &w->d;
    if (setjmp(w->c.jump))
        return false;
    start(d, t);
    int width = (int)d->output_width, n = d->output_components, ch = n == 1 ? 1 : 3;
    *st = care_scaler_init(&w->s, width, (int)d->output_height, t->dst_w, t->dst_h, ch, err);
    if (*st != CARE_OK)
        return true;
    w->rows = care_calloc((size_t)width, (size_t)(n + ch));
    if (!w->rows)
        *st = care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory", t->name);
    return true;
}

/* Every scanline into the scaler, until *cancel (NULL: never); false
 * (w->c.message) when libjpeg fails. */
static bool read_rows(jpeg_work *w, atomic_bool *cancel)
{
    struct jpeg_decompress_struct *d = &w->d;
    if (setjmp(w->c.jump))
        return false;
    int width = (int)d->output_width, n = d->output_components;
    w->pipe = care_row_pipe_start(&w->s);
    while (d->output_scanline < d->output_height &&
           !(cancel && atomic_load_explicit(cancel, memory_order_relaxed))) {
        /* the scaler's row: in the pipe, or our own */
        uint8_t *rgb = w->pipe ? care_row_pipe_row(w->pipe) : w->rows + (size_t)width * (size_t)n;
        JSAMPROW row = n == 4 ? w->rows : rgb;
        jpeg_read_scanlines(d, &row, 1);
        if (n == 4)
            cmyk_to_rgb(w->rows, rgb, width, d->saw_Adobe_marker);
        if (w->pipe)
            care_row_pipe_written(w->pipe);
        else
            care_scaler_push(&w->s, rgb);
    }
    return true;
}

/* Does the data left after the headers end with EOI (FF D9), perhaps
 * followed by zero bytes of padding? */
static bool ends_with_eoi(const struct jpeg_decompress_struct *d)
{
    const uint8_t *p = d->src->next_input_byte;
    size_t n = d->src->bytes_in_buffer;
    while (n > 0 && p[n - 1] == 0)
        n--;
    return n >= 2 && p[n - 2] == 0xFF && p[n - 1] == JPEG_EOI;
}

/* Can the scanlines be left for later (see the top of this file)? */
static bool rest_cannot_fail(jpeg_work *w)
{
    struct jpeg_decompress_struct *d = &w->d;
    return !d->progressive_mode && !d->arith_code && !jpeg_has_multiple_scans(d) &&
           !w->c.truncated && ends_with_eoi(d);
}

static void free_work(jpeg_work *w)
{
    jpeg_destroy_decompress(&w->d);
    free(w->rows);
    care_scaler_free(&w->s);
    free(w);
}

care_status care_jpeg_rest_run(care_jpeg_rest *w, atomic_bool *cancel, care_error *err)
{
    care_status st = CARE_OK;
    if (!read_rows(w, cancel))
        st = care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: corrupt JPEG (%s)", w->name,
                       w->c.message);
    care_row_pipe_end(w->pipe); /* every row pushed (also after a longjmp) */
    w->pipe = NULL;
    if (st == CARE_OK && w->c.truncated)
        st = care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: truncated JPEG (the file ends "
                       "before the image does)", w->name);
    if (st == CARE_OK) {
        care_image done;
        care_scaler_finish(&w->s, &done); /* the rows never reached white; the buffer stays */
    }
    w->s.out = NULL; /* the caller's (care_jpeg_decode_start's out) */
    free_work(w);
    return st;
}

void care_jpeg_rest_free(care_jpeg_rest *w)
{
    if (!w)
        return;
    w->s.out = NULL; /* the caller's */
    free_work(w);
}

care_status care_jpeg_decode_start(const uint8_t *data, size_t len, const care_decode_target *t,
                                   care_image *out, care_jpeg_rest **rest, care_error *err)
{
    if (rest)
        *rest = NULL;
    jpeg_work *w = care_calloc(1, sizeof *w);
    if (!w)
        return care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory", t->name);
    care_status st = CARE_OK;
    setup(w, data, len);
    w->name = t->name;
    if (!start_pixels(w, t, &st, err))
        st = care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: corrupt JPEG (%s)", t->name,
                       w->c.message);
    if (st != CARE_OK) {
        free_work(w);
        return st;
    }
    *out = (care_image){w->s.dst_w, w->s.dst_h, w->s.channels, w->s.out};
    if (rest && rest_cannot_fail(w)) {
        *rest = w;
        return CARE_OK;
    }
    st = care_jpeg_rest_run(w, NULL, err);
    if (st != CARE_OK) {
        free(out->pixels);
        *out = (care_image){0};
    }
    return st;
}

static care_status decode(const uint8_t *data, size_t len, const care_decode_target *t,
                          care_image *out, care_error *err)
{
    return care_jpeg_decode_start(data, len, t, out, NULL, err);
}

const care_image_codec care_jpeg_codec = {probe, decode};
