/* A photo in the PDF: the layout's decoded pixels (the PNG page's) as an
 * image, and when the photo came from a JPEG that needs no turning, the JPEG
 * file's own bytes attached (cairo_surface_set_mime_data), which cairo's PDF
 * surface embeds as they are (DCTDecode) instead of the pixels: the full
 * resolution for print, no second lossy encoding. */
#include "output/pdf_writer.h"
#include "input/figure.h"
#include "layout/photo_thread.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The colour components of a baseline or progressive JPEG (its SOF marker),
 * 0 when there is none. cairo passes 1 (grey) and 3 (YCbCr) through exactly. */
static int jpeg_components(const uint8_t *d, size_t len)
{
    for (size_t i = 2; i + 9 < len;) {
        if (d[i] != 0xFF)
            return 0;
        uint8_t m = d[i + 1];
        size_t seg = (size_t)d[i + 2] << 8 | d[i + 3];
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC)
            return d[i + 9];
        if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7)) {
            i += 2;
            continue;
        }
        i += 2 + seg;
    }
    return 0;
}

/* The bytes of the source the layout took the photo from: the document's
 * (data:, caller-given) or its file read again (*owned). NULL when gone. */
static const uint8_t *source_bytes(const care_layout *L, const care_placed_figure *fig,
                                   size_t *len, uint8_t **owned)
{
    const care_figure *f = L->doc->blocks[fig->block].figure;
    for (size_t k = 0; f && k < f->count; k++) {
        const care_image_ref *ref = &f->refs[k];
        if (ref->src != fig->src)
            continue;
        if (ref->bytes) {
            *len = ref->len;
            return ref->bytes;
        }
        care_error ignored;
        if (ref->path && care_image_read_file(L->opts.image_dir, ref->path,
                                              L->limits.max_image_bytes, owned, len,
                                              &ignored) == CARE_OK)
            return *owned;
    }
    return NULL;
}

/* Attach the photo's JPEG to surface s when it is one that shows as the
 * layout drew it: upright as stored (EXIF orientation 1), the box's shape
 * (the file unchanged since), grey or YCbCr. Otherwise the pixels are used. */
static void attach_jpeg(cairo_surface_t *s, const care_layout *L, const care_placed_figure *fig)
{
    size_t len = 0;
    uint8_t *owned = NULL;
    const uint8_t *bytes = source_bytes(L, fig, &len, &owned);
    care_image_limits lim = {L->limits.max_image_pixels};
    care_image_info info;
    care_error ignored;
    bool pass = bytes && care_image_sniff(bytes, len) == CARE_IMAGE_JPEG &&
                care_image_probe(bytes, len, fig->src, &lim, &info, &ignored) == CARE_OK &&
                info.orientation == 1 &&
                fabs((double)info.width * fig->image.height /
                     ((double)info.height * fig->image.width) - 1) < 0.02 &&
                (jpeg_components(bytes, len) == 1 || jpeg_components(bytes, len) == 3);
    uint8_t *copy = pass && !owned ? malloc(len) : owned;
    if (pass && copy) {
        if (copy != owned)
            memcpy(copy, bytes, len);
        if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, copy, len, free, copy) ==
            CAIRO_STATUS_SUCCESS)
            return; /* the surface owns copy now */
    }
    free(copy);
}

/* The decoded pixels as a cairo image (xRGB; grey as R = G = B). */
static cairo_surface_t *surface_of(const care_image *img)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, img->width, img->height);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        return s;
    cairo_surface_flush(s);
    uint8_t *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < img->height; y++) {
        const uint8_t *src = img->pixels + (size_t)y * (size_t)img->width * (size_t)img->channels;
        uint32_t *row = (uint32_t *)(void *)(data + (size_t)y * (size_t)stride);
        for (int x = 0; x < img->width; x++, src += img->channels) {
            uint32_t r = src[0], g = img->channels == 3 ? src[1] : r, b = img->channels == 3 ? src[2] : r;
            row[x] = 0xFF000000u | r << 16 | g << 8 | b;
        }
    }
    cairo_surface_mark_dirty(s);
    return s;
}

care_status care_pdf_draw_photo(cairo_t *cr, const care_layout *L, const care_line *line,
                                care_error *err)
{
    const care_placed_figure *fig = &L->figures[line->figure];
    const care_image *img = care_figure_pixels(L, line->figure);
    if (!img)
        return CARE_OK; /* its late decoding failed (listed): the box stays blank */
    cairo_surface_t *s = surface_of(img);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for the %dx%d photo %s",
                         fig->image.width, fig->image.height, fig->src);
    }
    attach_jpeg(s, L, fig);
    double top = care_figure_top(line);
    cairo_save(cr);
    cairo_set_source_surface(cr, s, line->x, top);
    cairo_rectangle(cr, line->x, top, fig->image.width, fig->image.height);
    cairo_fill(cr);
    cairo_restore(cr);
    cairo_surface_destroy(s);
    return CARE_OK;
}
