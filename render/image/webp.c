/* WebP through libwebp: the still image (lossy or lossless, with alpha
 * composited over white); an animation is refused. */
#include "image/decoders.h"

#include <stdlib.h>
#include <webp/decode.h>

static care_status probe(const uint8_t *data, size_t len, const char *name,
                            care_image_info *info, care_error *err)
{
    WebPBitstreamFeatures f;
    if (WebPGetFeatures(data, len, &f) != VP8_STATUS_OK)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: broken WebP header", name);
    if (f.has_animation)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: animated WebP (not supported)", name);
    *info = (care_image_info){CARE_IMAGE_WEBP, f.width, f.height, 0, 0, 1};
    return CARE_OK;
}

static care_status decode(const uint8_t *data, size_t len, const care_decode_target *t,
                             care_image *out, care_error *err)
{
    int width = 0, height = 0;
    uint8_t *rgba = WebPDecodeRGBA(data, len, &width, &height);
    if (!rgba)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: corrupt or truncated WebP", t->name);
    care_scaler s;
    uint8_t *row = care_calloc((size_t)width, 3);
    care_status st = row ? care_scaler_init(&s, width, height, t->dst_w, t->dst_h, 3, err)
                         : care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory", t->name);
    for (int y = 0; st == CARE_OK && y < height; y++) {
        care_flatten_alpha(rgba + (size_t)y * (size_t)width * 4, row, width, 4);
        care_scaler_push(&s, row);
    }
    if (st == CARE_OK)
        care_scaler_finish(&s, out);
    free(row);
    WebPFree(rgba);
    return st;
}

const care_image_codec care_webp_codec = {probe, decode};
