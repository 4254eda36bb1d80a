/* The EXIF Orientation tag (TIFF 6.0, tag 0x0112) through libexif: a phone
 * photo stored sideways says how to turn it upright. */
#include "image/decoders.h"

#include <libexif/exif-data.h>

int care_exif_orientation(const uint8_t *data, size_t len)
{
    if (len < 6 || len > 0xFFFF)
        return 1;
    ExifData *ed = exif_data_new_from_data(data, (unsigned int)len);
    if (!ed)
        return 1;
    int o = 1;
    ExifEntry *e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
    if (e && e->format == EXIF_FORMAT_SHORT && e->components >= 1 && e->size >= 2)
        o = exif_get_short(e->data, exif_data_get_byte_order(ed));
    exif_data_unref(ed);
    return o >= 1 && o <= 8 ? o : 1;
}
