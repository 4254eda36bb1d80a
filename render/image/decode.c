/* Image decoding: the format by its magic bytes, the pixel limit, and the
 * decoder of each format fed to the size the page shows the image at. */
#include "image/decoders.h"

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

care_status care_image_decode(const uint8_t *data, size_t len, const char *name,
                              const care_image_limits *limits, int width, int height,
                              care_image *out, care_error *err)
{
    memset(out, 0, sizeof *out);
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
    st = codec_of(info.format)->decode(data, len, &t, out, err);
    if (st == CARE_OK)
        st = care_image_orient(out, info.orientation, err);
    if (st != CARE_OK)
        care_image_free(out);
    return st;
}
