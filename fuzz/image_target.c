/* carepage fuzz entry point for photo decoding (see targets.h): the input's
 * first byte picks the size to decode to, the rest is an image file (JPEG,
 * PNG, WebP or GIF, found by its magic bytes). Probe, then decode at that
 * size; errors are fine, a crash, hang, leak or sanitizer report is not. */
#include "targets.h"

#include "image/image.h"

/* Small enough that a hostile header cannot make a run slow; the library's
 * own default is 50 megapixels. */
#define FUZZ_MAX_PIXELS ((size_t)4 << 20)

int care_fuzz_image(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned pick = data[0];
    care_image_limits limits = {FUZZ_MAX_PIXELS};
    care_image_info info;
    care_error err = {0};
    if (care_image_probe(data + 1, size - 1, "fuzz", &limits, &info, &err) != CARE_OK)
        return 0;
    /* a reduction to 1/1..1/16 of the upright size, or (pick bit 7) up to 2x */
    int div = 1 + (int)(pick & 15);
    int w = info.width / div, h = info.height / div;
    if (pick & 128)
        w = info.width * 2, h = info.height * 2;
    care_image img;
    if (care_image_decode(data + 1, size - 1, "fuzz", &limits, w < 1 ? 1 : w, h < 1 ? 1 : h,
                          &img, &err) == CARE_OK)
        care_image_free(&img);
    return 0;
}
