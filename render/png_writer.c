/* PNG writer: libpng, temporary file + rename. See png_writer.h. */
#define _POSIX_C_SOURCE 200809L

#include "png_writer.h"

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
        snprintf(ctx->message, sizeof ctx->message, "%s (%s)", msg, ctx->warning);
    else
        snprintf(ctx->message, sizeof ctx->message, "%s", msg);
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

/* Encode the image into ctx->fp. All libpng calls live here so that the
 * setjmp frame is small: nothing assigned after setjmp is read after a
 * longjmp except through ctx (which is not a local of this frame). */
static care_status encode(png_ctx *ctx, const uint8_t *pixels, int width, int height,
                          size_t stride, int channels, png_uint_32 ppm,
                          const care_png_text *texts, size_t text_count)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, ctx, ctx_error, ctx_warning);
    if (!png) {
        snprintf(ctx->message, sizeof ctx->message, "cannot create the libpng writer");
        return CARE_ERR_PNG;
    }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        snprintf(ctx->message, sizeof ctx->message, "cannot create the libpng info struct");
        return CARE_ERR_PNG;
    }
    /* png and info are not modified after this point. */
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return ctx->io_errno ? CARE_ERR_IO : CARE_ERR_PNG;
    }

    png_set_write_fn(png, ctx, ctx_write, ctx_flush);
    /* UP row filter and zlib's run-length strategy, measured with
     * carepage-png-table (bench/png_table.c) on the corpus, phone pages of
     * FreeType-rendered Noto Sans CJK, zlib 1.2.13, libpng 1.6.39, per page:
     *   grey  level 6 default NONE 142 KB 18.9 ms (the old setting)
     *         level 1 default NONE 170 KB  6.6 ms, level 9 NONE 129 KB 216 ms
     *         RLE NONE 162 KB 5.6 ms, RLE SUB 210 KB 6.6 ms, RLE PAETH 146 KB 7.8 ms
     *         RLE UP   145 KB  5.6 ms   <- chosen: the old size at 3.4x the speed
     * Text rows repeat the row above in the blank gaps and most of each glyph
     * row, which UP turns into zero runs that RLE codes as long matches. The
     * level does not change Z_RLE's output; 6 is kept for the iTXt chunk. */
    png_set_compression_level(png, 6);
    png_set_compression_strategy(png, Z_RLE);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
                 channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
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
    const uint8_t *row = pixels;
    for (int y = 0; y < height; y++, row += stride)
        png_write_row(png, row);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return CARE_OK;
}

/* "<dir>/.<base>.XXXXXX" for path "<dir>/<base>"; NULL when out of memory. */
care_status care_png_write_atomic(const char *path, const uint8_t *pixels, int width, int height,
                                  size_t stride, int channels, float dpi,
                                  const care_png_text *texts, size_t text_count, care_error *err)
{
    const care_status bad = CARE_ERR_INVALID_ARGUMENT;
    if (!path || !*path)
        return care_fail(err, bad, "PNG: no output path");
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
        return care_fail(err, bad, "PNG %s: the path does not name a file", path);
    if (!pixels)
        return care_fail(err, bad, "PNG %s: no pixels", path);
    if (width <= 0 || height <= 0)
        return care_fail(err, bad, "PNG %s: bad size %dx%d", path, width, height);
    if (channels != 1 && channels != 3)
        return care_fail(err, bad, "PNG %s: %d channels (1 or 3 are supported)", path, channels);
    if (stride / (size_t)channels < (size_t)width)
        return care_fail(err, bad, "PNG %s: stride %zu is less than %d pixels of %d bytes", path,
                         stride, width, channels);
    if (!isfinite(dpi))
        return care_fail(err, bad, "PNG %s: dpi is not a finite number", path);
    png_uint_32 ppm = 0;
    if (dpi > 0) {
        /* round(dpi / 0.0254) for positive values, without needing libm */
        double m = (double)dpi / 0.0254 + 0.5;
        if (m < 1 || m >= (double)PNG_UINT_31_MAX)
            return care_fail(err, bad, "PNG %s: dpi %g is out of range", path, (double)dpi);
        ppm = (png_uint_32)m;
    }
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

    care_status st = encode(&ctx, pixels, width, height, stride, channels, ppm, texts, text_count);
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
        return care_fail(err, st, "cannot write %s: libpng: %s", path, ctx.message);
    }
    int failure = care_atomic_commit(&out);
    if (failure)
        return care_fail(err, CARE_ERR_IO, "cannot replace %s: %s", path,
                         care_error_text(failure, msg, sizeof msg));
    return CARE_OK;
}
