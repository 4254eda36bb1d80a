/* GIF through giflib: the first frame (its own rectangle), the transparent
 * colour shown as white, interlaced rows put back in order. */
#include "image/decoders.h"

#include <gif_lib.h>
#include <stdlib.h>
#include <string.h>

typedef struct gif_reader {
    const uint8_t *data;
    size_t len, pos;
} gif_reader;

static int read_bytes(GifFileType *gif, GifByteType *out, int n)
{
    gif_reader *r = gif->UserData;
    size_t k = (size_t)n < r->len - r->pos ? (size_t)n : r->len - r->pos;
    memcpy(out, r->data + r->pos, k);
    r->pos += k;
    return (int)k;
}

/* Skip to the first image descriptor; *transparent: its transparent colour or -1. */
static bool first_frame(GifFileType *gif, int *transparent)
{
    *transparent = -1;
    for (;;) {
        GifRecordType type;
        if (DGifGetRecordType(gif, &type) == GIF_ERROR || type == TERMINATE_RECORD_TYPE)
            return false;
        if (type == IMAGE_DESC_RECORD_TYPE)
            return DGifGetImageDesc(gif) != GIF_ERROR && gif->Image.Width > 0 &&
                   gif->Image.Height > 0;
        if (type != EXTENSION_RECORD_TYPE)
            continue;
        int code;
        GifByteType *ext;
        if (DGifGetExtension(gif, &code, &ext) == GIF_ERROR)
            return false;
        if (code == GRAPHICS_EXT_FUNC_CODE && ext && ext[0] >= 4 && (ext[1] & 1))
            *transparent = ext[4];
        while (ext)
            if (DGifGetExtensionNext(gif, &ext) == GIF_ERROR)
                return false;
    }
}

static GifFileType *open_gif(gif_reader *r)
{
    int error = 0;
    return DGifOpen(r, read_bytes, &error);
}

static care_status probe(const uint8_t *data, size_t len, const char *name,
                           care_image_info *info, care_error *err)
{
    gif_reader r = {data, len, 0};
    GifFileType *gif = open_gif(&r);
    int transparent;
    bool ok = gif && first_frame(gif, &transparent);
    if (ok)
        *info = (care_image_info){CARE_IMAGE_GIF, gif->Image.Width, gif->Image.Height, 0, 0, 1};
    int error;
    if (gif)
        DGifCloseFile(gif, &error);
    return ok ? CARE_OK : care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: broken GIF (no image)", name);
}

/* The frame's palette indices, w x h, rows in display order. */
static bool read_indices(GifFileType *gif, uint8_t *idx, int w, int h)
{
    static const int start[] = {0, 4, 2, 1}, step[] = {8, 8, 4, 2};
    if (!gif->Image.Interlace) {
        for (int y = 0; y < h; y++)
            if (DGifGetLine(gif, idx + (size_t)y * (size_t)w, w) == GIF_ERROR)
                return false;
        return true;
    }
    for (int p = 0; p < 4; p++)
        for (int y = start[p]; y < h; y += step[p])
            if (DGifGetLine(gif, idx + (size_t)y * (size_t)w, w) == GIF_ERROR)
                return false;
    return true;
}

static void indices_to_rgb(const uint8_t *idx, uint8_t *rgb, int w, const ColorMapObject *map,
                           int transparent)
{
    for (int x = 0; x < w; x++) {
        int i = idx[x];
        uint8_t *p = rgb + 3 * (size_t)x;
        if (i == transparent || i >= map->ColorCount)
            p[0] = p[1] = p[2] = 255;
        else
            p[0] = map->Colors[i].Red, p[1] = map->Colors[i].Green, p[2] = map->Colors[i].Blue;
    }
}

static care_status decode(const uint8_t *data, size_t len, const care_decode_target *t,
                            care_image *out, care_error *err)
{
    gif_reader r = {data, len, 0};
    GifFileType *gif = open_gif(&r);
    int transparent = -1;
    if (!gif || !first_frame(gif, &transparent)) {
        int error;
        if (gif)
            DGifCloseFile(gif, &error);
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: broken GIF (no image)", t->name);
    }
    int w = gif->Image.Width, h = gif->Image.Height;
    const ColorMapObject *map = gif->Image.ColorMap ? gif->Image.ColorMap : gif->SColorMap;
    uint8_t *idx = care_calloc((size_t)w, (size_t)h), *rgb = care_calloc((size_t)w, 3);
    care_scaler s;
    care_status st = !idx || !rgb ? care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory", t->name)
                     : !map ? care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: GIF without colours", t->name)
                     : !read_indices(gif, idx, w, h)
                         ? care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: corrupt or truncated GIF", t->name)
                         : care_scaler_init(&s, w, h, t->dst_w, t->dst_h, 3, err);
    for (int y = 0; st == CARE_OK && y < h; y++) {
        indices_to_rgb(idx + (size_t)y * (size_t)w, rgb, w, map, transparent);
        care_scaler_push(&s, rgb);
    }
    if (st == CARE_OK)
        care_scaler_finish(&s, out);
    free(idx);
    free(rgb);
    int error;
    DGifCloseFile(gif, &error);
    return st;
}

const care_image_codec care_gif_codec = {probe, decode};
