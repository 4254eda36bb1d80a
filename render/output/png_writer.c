/* PNG writer: libpng, temporary file + rename. See png_writer.h. */
#define _POSIX_C_SOURCE 200809L

#include "common/text.h"
#include "output/atomic_file.h"
#include "output/png_palette.h"
#include "output/png_writer.h"

#include <png.h>
#include <zlib.h>

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Values longer than this in a "Description" iTXt chunk are zlib-compressed. */
#define CARE_PNG_COMPRESS_ABOVE 1024

/* Per-call state shared with the libpng callbacks (through png_get_error_ptr /
 * png_get_io_ptr). */
typedef struct png_ctx {
    FILE *fp;
    int io_errno;       /* errno of a failed write or flush; 0 when none */
    char warning[160];  /* libpng's last warning (often the detail of an error) */
    char message[400];  /* libpng's error message */
} png_ctx;

static void ctx_error(png_structp png, png_const_charp msg)
{
    png_ctx *ctx = (png_ctx *)png_get_error_ptr(png);
    if (!msg)
        msg = "unknown libpng error";
    if (ctx->warning[0])
        snprintf(ctx->message, sizeof ctx->message, "libpng: %s (%s)", msg, ctx->warning);
    else
        snprintf(ctx->message, sizeof ctx->message, "libpng: %s", msg);
    png_longjmp(png, 1);
}

/* Warnings are not errors: keep stderr quiet, but remember the last one,
 * since libpng often explains an error in a warning just before it (e.g.
 * "Image width exceeds user limit in IHDR" then "Invalid IHDR data"). */
static void ctx_warning(png_structp png, png_const_charp msg)
{
    png_ctx *ctx = (png_ctx *)png_get_error_ptr(png);
    snprintf(ctx->warning, sizeof ctx->warning, "%s", msg ? msg : "");
}

static void ctx_write(png_structp png, png_bytep data, size_t len)
{
    png_ctx *ctx = (png_ctx *)png_get_io_ptr(png);
    errno = 0;
    if (len > 0 && fwrite(data, 1, len, ctx->fp) != len) {
        ctx->io_errno = errno ? errno : EIO;
        png_error(png, "write failed");
    }
}

static void ctx_flush(png_structp png)
{
    png_ctx *ctx = (png_ctx *)png_get_io_ptr(png);
    errno = 0;
    if (fflush(ctx->fp) != 0) {
        ctx->io_errno = errno ? errno : EIO;
        png_error(png, "flush failed");
    }
}

/* PNG keyword: 1..79 bytes of printable Latin-1; we accept printable ASCII
 * without leading, trailing or consecutive spaces (what libpng would
 * otherwise silently rewrite). */
static bool valid_keyword(const char *key)
{
    size_t n = 0;
    if (!key)
        return false;
    for (; key[n]; n++) {
        unsigned char c = (unsigned char)key[n];
        if (c < 0x20 || c > 0x7E)
            return false;
        if (c == ' ' && (n == 0 || key[n + 1] == '\0' || key[n + 1] == ' '))
            return false;
    }
    return n >= 1 && n <= 79;
}

/* Safe for tEXt: printable ASCII and line feeds (a subset of Latin-1 that
 * means the same in UTF-8). */
static bool tEXt_safe(const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (!(c == '\n' || (c >= 0x20 && c <= 0x7E)))
            return false;
    }
    return true;
}

/* png_write_chunk leaves by longjmp when the file cannot be written. */
static int write_idat(void *png, const uint8_t *data, size_t len)
{
    png_write_chunk((png_structp)png, (png_const_bytep) "IDAT", data, len);
    return 0;
}

/* What the IDAT chunks hold: the image's own samples, or palette indices. */
typedef struct png_samples {
    const uint8_t *data;
    size_t row_bytes, stride;
    int color_type;   /* PNG_COLOR_TYPE_GRAY, _RGB or _PALETTE */
    png_color palette[256];
    int colours;      /* palette entries */
} png_samples;

/* An RGB image with at most 256 colours as palette indices (in the encoder's
 * scratch buffer); anything else as it is. */
static void choose_samples(const care_png_image *img, care_idat_encoder *enc, png_samples *s)
{
    s->data = img->pixels;
    s->row_bytes = (size_t)img->width * (size_t)img->channels;
    s->stride = img->stride;
    s->color_type = img->channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB;
    s->colours = 0;
    if (img->channels != 3)
        return;
    uint8_t *indices = care_idat_encoder_scratch(enc, (size_t)img->width * (size_t)img->height);
    uint8_t rgb[256][3];
    int colours = indices ? care_png_palette(img->pixels, img->width, img->height, img->stride,
                                             indices, rgb)
                          : 0;
    if (colours == 0)
        return; /* more than 256 colours (or no memory for the indices): RGB */
    for (int i = 0; i < colours; i++)
        s->palette[i] = (png_color){rgb[i][0], rgb[i][1], rgb[i][2]};
    s->colours = colours;
    s->data = indices;
    s->row_bytes = s->stride = (size_t)img->width;
    s->color_type = PNG_COLOR_TYPE_PALETTE;
}

/* Encode the image into ctx->fp. All libpng calls live here so that the
 * setjmp frame is small: nothing assigned after setjmp is read after a
 * longjmp except through ctx (which is not a local of this frame). libpng
 * writes the signature, IHDR, PLTE, pHYs, the text chunks and IEND; the image
 * data come from png_idat.c (Up filter, zlib Z_RLE, blank runs copied in;
 * a page with photos: Paeth for their rows, ISA-L, png_photo_page.c) as
 * IDAT chunks through png_write_chunk. */
static care_status encode(png_ctx *ctx, const care_png_image *img, const png_samples *samples,
                          png_uint_32 ppm, const care_png_text *texts, size_t text_count,
                          care_idat_encoder *enc)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, ctx, ctx_error, ctx_warning);
    if (!png) {
        snprintf(ctx->message, sizeof ctx->message, "libpng: cannot create the writer");
        return CARE_ERR_PNG;
    }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        snprintf(ctx->message, sizeof ctx->message, "libpng: cannot create the info struct");
        return CARE_ERR_PNG;
    }
    /* png and info are not modified after this point. */
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return ctx->io_errno ? CARE_ERR_IO : CARE_ERR_PNG;
    }

    png_set_write_fn(png, ctx, ctx_write, ctx_flush);
    png_set_IHDR(png, info, (png_uint_32)img->width, (png_uint_32)img->height, 8,
                 samples->color_type, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (samples->colours > 0)
        png_set_PLTE(png, info, samples->palette, samples->colours);
    if (ppm > 0)
        png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);

    for (size_t i = 0; i < text_count; i++) {
        const char *value = texts[i].value;
        if (!value || !*value)
            continue;
        /* png_set_text copies the strings; the casts only satisfy its
         * non-const png_charp fields. */
        png_text t;
        memset(&t, 0, sizeof t);
        t.key = (png_charp)texts[i].key;
        t.text = (png_charp)value;
        t.lang = (png_charp)"";
        t.lang_key = (png_charp)"";
        if (strcmp(texts[i].key, "Description") == 0)
            t.compression = strlen(value) > CARE_PNG_COMPRESS_ABOVE ? PNG_ITXT_COMPRESSION_zTXt
                                                                    : PNG_ITXT_COMPRESSION_NONE;
        else if (tEXt_safe(value))
            t.compression = PNG_TEXT_COMPRESSION_NONE;
        else
            t.compression = PNG_ITXT_COMPRESSION_NONE;
        png_set_text(png, info, &t, 1);
    }

    png_write_info(png, info);
    bool palette = samples->colours > 0; /* Paeth on palette indices predicts nothing */
    care_idat_image rows = {samples->data,          samples->row_bytes,
                            img->height,            samples->stride,
                            palette ? 1 : img->channels, palette ? NULL : img->photos,
                            palette ? 0 : img->photo_count};
    care_status st = care_idat_encode_image(enc, &rows, write_idat, png);
    if (st == CARE_OK)
        png_write_chunk(png, (png_const_bytep) "IEND", NULL, 0);
    else
        snprintf(ctx->message, sizeof ctx->message, "image data: %s",
                 care_idat_encoder_message(enc) ? care_idat_encoder_message(enc)
                 : st == CARE_ERR_NO_MEMORY ? "out of memory compressing the image"
                                            : "zlib error");
    png_destroy_write_struct(&png, &info);
    return st;
}

/* Temporary file, encode, rename (see care_png_write_image). */
static care_status write_file(const char *path, const care_png_image *img, png_uint_32 ppm,
                              const care_png_text *texts, size_t text_count,
                              care_idat_encoder *enc, care_error *err)
{
    char msg[128]; /* strerror_r's buffer */
    care_atomic_file out;
    care_status opened = care_atomic_open(&out, path, err);
    if (opened != CARE_OK)
        return opened;
    png_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.fp = fdopen(out.fd, "wb");
    if (!ctx.fp) {
        int e = errno;
        close(out.fd);
        care_atomic_abandon(&out);
        return care_fail(err, CARE_ERR_IO, "cannot write %s: %s", path,
                         care_error_text(e, msg, sizeof msg));
    }

    png_samples samples;
    choose_samples(img, enc, &samples);
    care_status st = encode(&ctx, img, &samples, ppm, texts, text_count, enc);
    errno = 0;
    int fclose_rc = fclose(ctx.fp);
    int fclose_errno = errno;
    if (st == CARE_OK && fclose_rc != 0) {
        st = CARE_ERR_IO;
        ctx.io_errno = fclose_errno ? fclose_errno : EIO;
    }
    if (st != CARE_OK) {
        care_atomic_abandon(&out);
        if (st == CARE_ERR_IO)
            return care_fail(err, st, "cannot write %s: %s", path,
                             care_error_text(ctx.io_errno, msg, sizeof msg));
        return care_fail(err, st, "cannot write %s: %s", path, ctx.message);
    }
    int failure = care_atomic_commit(&out);
    if (failure)
        return care_fail(err, CARE_ERR_IO, "cannot replace %s: %s", path,
                         care_error_text(failure, msg, sizeof msg));
    return CARE_OK;
}

/* The checks of care_png_write_image on the path and the image. */
static care_status check_image(const char *path, const care_png_image *img, png_uint_32 *ppm,
                               care_error *err)
{
    const care_status bad = CARE_ERR_INVALID_ARGUMENT;
    if (!path || !*path)
        return care_fail(err, bad, "PNG: no output path");
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
        return care_fail(err, bad, "PNG %s: the path does not name a file", path);
    if (!img || !img->pixels)
        return care_fail(err, bad, "PNG %s: no pixels", path);
    if (img->width <= 0 || img->height <= 0)
        return care_fail(err, bad, "PNG %s: bad size %dx%d", path, img->width, img->height);
    if (img->channels != 1 && img->channels != 3)
        return care_fail(err, bad, "PNG %s: %d channels (1 or 3 are supported)", path,
                         img->channels);
    if (img->stride / (size_t)img->channels < (size_t)img->width)
        return care_fail(err, bad, "PNG %s: stride %zu is less than %d pixels of %d bytes", path,
                         img->stride, img->width, img->channels);
    for (size_t i = 0; i < img->photo_count; i++) {
        const care_idat_band *b = &img->photos[i];
        if (b->top < (i ? b[-1].bottom : 0) || b->bottom <= b->top || b->bottom > img->height)
            return care_fail(err, bad, "PNG %s: photo rows %d..%d are out of order or outside "
                             "the %d rows", path, b->top, b->bottom, img->height);
    }
    if (!isfinite(img->dpi))
        return care_fail(err, bad, "PNG %s: dpi is not a finite number", path);
    *ppm = 0;
    if (img->dpi > 0) {
        /* round(dpi / 0.0254) for positive values, without needing libm */
        double m = (double)img->dpi / 0.0254 + 0.5;
        if (m < 1 || m >= (double)PNG_UINT_31_MAX)
            return care_fail(err, bad, "PNG %s: dpi %g is out of range", path, (double)img->dpi);
        *ppm = (png_uint_32)m;
    }
    return CARE_OK;
}

/* The checks of care_png_write_image on the text chunks. */
static care_status check_texts(const char *path, const care_png_text *texts, size_t text_count,
                               care_error *err)
{
    const care_status bad = CARE_ERR_INVALID_ARGUMENT;
    if (text_count > 0 && !texts)
        return care_fail(err, bad, "PNG %s: %zu texts but no array", path, text_count);
    for (size_t i = 0; i < text_count; i++) {
        if (!valid_keyword(texts[i].key))
            return care_fail(err, bad, "PNG %s: text %zu: bad keyword \"%s\"", path, i,
                             texts[i].key ? texts[i].key : "(null)");
        if (texts[i].value && care_utf8_validate(texts[i].value, strlen(texts[i].value), false,
                                                 NULL, NULL, NULL, NULL) != CARE_OK)
            return care_fail(err, bad, "PNG %s: text \"%s\" is not valid UTF-8", path,
                             texts[i].key);
    }
    return CARE_OK;
}

care_status care_png_write_image(const char *path, const care_png_image *img,
                                 const care_png_text *texts, size_t text_count,
                                 care_idat_encoder *enc, care_error *err)
{
    png_uint_32 ppm = 0;
    care_status checked = check_image(path, img, &ppm, err);
    if (checked == CARE_OK)
        checked = check_texts(path, texts, text_count, err);
    if (checked != CARE_OK)
        return checked;
    care_idat_encoder *own = enc ? NULL : care_idat_encoder_new();
    if (!enc && !own)
        return care_fail(err, CARE_ERR_NO_MEMORY, "PNG %s: out of memory for the encoder", path);
    care_status st = write_file(path, img, ppm, texts, text_count, enc ? enc : own, err);
    care_idat_encoder_free(own);
    return st;
}

care_status care_png_write_atomic(const char *path, const uint8_t *pixels, int width, int height,
                                  size_t stride, int channels, float dpi,
                                  const care_png_text *texts, size_t text_count, care_error *err)
{
    care_png_image img = {pixels, width, height, stride, channels, dpi, NULL, 0};
    return care_png_write_image(path, &img, texts, text_count, NULL, err);
}
