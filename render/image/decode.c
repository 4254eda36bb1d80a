/* Image decoding: the format by its magic bytes, the pixel limit, and the
 * decoder of each format fed to the size the page shows the image at. */
#include "image/decoders.h"

#include <stdlib.h>
#include <string.h>

care_image_format care_image_sniff(const uint8_t *d, size_t len)
{
    if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
        return CARE_IMAGE_JPEG;
    if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
        return CARE_IMAGE_PNG;
    if (len >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
        return CARE_IMAGE_WEBP;
    if (len >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0))
        return CARE_IMAGE_GIF;
    return CARE_IMAGE_UNKNOWN;
}

static const care_image_codec *codec_of(care_image_format f)
{
    switch (f) {
    case CARE_IMAGE_JPEG: return &care_jpeg_codec;
    case CARE_IMAGE_PNG: return &care_png_codec;
    case CARE_IMAGE_WEBP: return &care_webp_codec;
    case CARE_IMAGE_GIF: return &care_gif_codec;
    default: return NULL;
    }
}

care_status care_image_probe(const uint8_t *data, size_t len, const char *name,
                             const care_image_limits *limits, care_image_info *info,
                             care_error *err)
{
    memset(info, 0, sizeof *info);
    info->orientation = 1;
    const care_image_codec *codec = codec_of(care_image_sniff(data, len));
    if (!codec)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: not a JPEG, PNG, WebP or GIF "
                         "image", name);
    care_status st = codec->probe(data, len, name, info, err);
    if (st != CARE_OK)
        return st;
    if (info->stored_width < 1 || info->stored_height < 1)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: the image has no pixels", name);
    size_t pixels = (size_t)info->stored_width * (size_t)info->stored_height;
    if (pixels > limits->max_pixels)
        return care_fail(err, CARE_ERR_LIMIT, "%s: %dx%d = %zu pixels, over the limit of %zu "
                         "(max_image_pixels)", name, info->stored_width, info->stored_height,
                         pixels, limits->max_pixels);
    if (info->stored_width > CARE_IMAGE_MAX_SIDE || info->stored_height > CARE_IMAGE_MAX_SIDE)
        return care_fail(err, CARE_ERR_LIMIT, "%s: %dx%d px, a side over %d px", name,
                         info->stored_width, info->stored_height, CARE_IMAGE_MAX_SIDE);
    bool swap = info->orientation >= 5 && info->orientation <= 8;
    info->width = swap ? info->stored_height : info->stored_width;
    info->height = swap ? info->stored_width : info->stored_height;
    return CARE_OK;
}

struct care_image_rest {
    care_jpeg_rest *jpeg;
    care_image stored;  /* the decoder's result as stored */
    int orientation;    /* EXIF 1..8 */
    uint8_t *upright;   /* orientation 2..8: the caller's buffer the stored pixels are turned
                           into (stored.pixels is then ours); NULL: stored is the caller's */
};

/* A JPEG whose rest may be left to *rest; info from the probe. */
static care_status start_jpeg(const uint8_t *data, size_t len, const care_decode_target *t,
                              int orientation, care_image *out, care_image_rest **rest,
                              care_error *err)
{
    care_image_rest *r = care_calloc(1, sizeof *r);
    if (!r)
        return care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory", t->name);
    care_status st = care_jpeg_decode_start(data, len, t, &r->stored, &r->jpeg, err);
    if (st == CARE_OK && r->jpeg && orientation >= 2 && orientation <= 8) {
        /* turned as the last step of the rest, into a buffer had now */
        bool swap = orientation >= 5;
        r->upright = care_image_upright_alloc(&r->stored);
        if (!r->upright) {
            care_jpeg_rest_free(r->jpeg);
            care_image_free(&r->stored);
            free(r);
            return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory turning a %dx%d image "
                             "upright", t->dst_w, t->dst_h);
        }
        *out = (care_image){swap ? r->stored.height : r->stored.width,
                            swap ? r->stored.width : r->stored.height, r->stored.channels,
                            r->upright};
    } else {
        *out = r->stored;
    }
    r->orientation = orientation;
    if (st == CARE_OK && r->jpeg) {
        *rest = r;
        return CARE_OK;
    }
    free(r);
    return st == CARE_OK ? care_image_orient(out, orientation, err) : st;
}

care_status care_image_decode_start(const uint8_t *data, size_t len, const char *name,
                                    const care_image_limits *limits, int width, int height,
                                    care_image *out, care_image_rest **rest, care_error *err)
{
    memset(out, 0, sizeof *out);
    if (rest)
        *rest = NULL;
    care_image_info info;
    care_status st = care_image_probe(data, len, name, limits, &info, err);
    if (st != CARE_OK)
        return st;
    if (width < 1 || height < 1 || width > 2 * info.width || height > 2 * info.height)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: cannot show a %dx%d image at "
                         "%dx%d (more than twice its size)", name, info.width, info.height,
                         width, height);
    bool swap = info.orientation >= 5;
    care_decode_target t = {name, swap ? height : width, swap ? width : height,
                            limits->max_pixels};
    if (rest && info.format == CARE_IMAGE_JPEG)
        st = start_jpeg(data, len, &t, info.orientation, out, rest, err);
    else if ((st = codec_of(info.format)->decode(data, len, &t, out, err)) == CARE_OK)
        st = care_image_orient(out, info.orientation, err);
    if (st != CARE_OK)
        care_image_free(out);
    return st;
}

care_status care_image_rest_run(care_image_rest *r, atomic_bool *cancel, care_error *err)
{
    care_status st = care_jpeg_rest_run(r->jpeg, cancel, err);
    bool cancelled = cancel && atomic_load(cancel);
    if (r->upright) {
        if (st == CARE_OK && !cancelled)
            care_image_turn(&r->stored, r->orientation, r->upright);
        care_image_free(&r->stored);
    }
    free(r);
    return st;
}

void care_image_rest_free(care_image_rest *r)
{
    if (!r)
        return;
    care_jpeg_rest_free(r->jpeg);
    if (r->upright)
        care_image_free(&r->stored);
    free(r);
}

care_status care_image_decode(const uint8_t *data, size_t len, const char *name,
                              const care_image_limits *limits, int width, int height,
                              care_image *out, care_error *err)
{
    return care_image_decode_start(data, len, name, limits, width, height, out, NULL, err);
}
