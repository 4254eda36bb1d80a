/* cairo-ft font faces for the PDF writer: for each engine face, one on the
 * subset of its font file that the PDF draws with (pdf_subset.c), made by
 * care_pdf_fonts_cover, and those on its whole file, made on first use. Each
 * is made on a FreeType face of its own over the subset's bytes or the
 * engine's mapped font file (as the glyph prefill threads do), owned by cairo
 * through the font face's user data: cairo keeps recently used fonts in
 * caches of its own past our last reference, so the FreeType face must live
 * exactly as long as cairo wants it, not as long as the engine. */
#include "output/pdf_writer.h"
#include "raster/raster.h"

#include <cairo-ft.h>
#include <stdlib.h>

/* A face's subset and the cairo face on it. */
typedef struct subset_face {
    care_pdf_subset *subset;
    cairo_font_face_t *face;
} subset_face;

struct care_pdf_fonts {
    const care_fontset *fs;
    cairo_font_face_t **faces; /* VARIANTS a face id (see face_slot), NULL until used */
    subset_face *subsets;      /* one a face id, empty until covered */
    size_t count;
};

/* Each engine face has four cairo faces on its whole file: Latin runs apart
 * (pdf_writer.h), and runs whose clusters are not all one glyph for one
 * character apart, on the font with its 'cmap' (pdf_face_stream.c says why
 * the others go without). */
enum { VARIANTS = 4 };

static size_t face_slot(uint16_t face, bool latin, bool with_cmap)
{
    return VARIANTS * (size_t)face + 2 * (size_t)with_cmap + latin;
}

/* What a cairo font face owns: a FreeType library and face on the font bytes. */
typedef struct ft_owner {
    FT_Library library;
    FT_Face face;
    hb_blob_t *blob; /* a reference: the file (mapped, or a subset) stays while the face reads it */
    care_pdf_face_stream *stream; /* the file without its 'cmap', or NULL: the file */
} ft_owner;

static const cairo_user_data_key_t FT_OWNER_KEY; /* only its address is used */

static void ft_owner_free(void *data)
{
    ft_owner *o = data;
    if (o->face)
        FT_Done_Face(o->face);
    if (o->library)
        FT_Done_FreeType(o->library);
    free(o->stream); /* after the face that read it */
    hb_blob_destroy(o->blob);
    free(o);
}

care_status care_pdf_fonts_new(const care_fontset *fs, care_pdf_fonts **out, care_error *err)
{
    *out = care_calloc(1, sizeof **out);
    size_t count = care_fontset_count(fs);
    if (*out) {
        (*out)->faces = care_calloc(count ? VARIANTS * count : 1, sizeof *(*out)->faces);
        (*out)->subsets = care_calloc(count ? count : 1, sizeof *(*out)->subsets);
    }
    if (!*out || !(*out)->faces || !(*out)->subsets) {
        if (*out) {
            free((*out)->faces);
            free((*out)->subsets);
        }
        free(*out);
        *out = NULL;
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for the PDF fonts");
    }
    (*out)->fs = fs;
    (*out)->count = count;
    return CARE_OK;
}

static void drop_subset(subset_face *sf)
{
    if (sf->face)
        cairo_font_face_destroy(sf->face);
    care_pdf_subset_free(sf->subset);
    *sf = (subset_face){0};
}

void care_pdf_fonts_free(care_pdf_fonts *fonts)
{
    if (!fonts)
        return;
    for (size_t i = 0; i < VARIANTS * fonts->count; i++)
        if (fonts->faces[i])
            cairo_font_face_destroy(fonts->faces[i]);
    for (size_t i = 0; i < fonts->count; i++)
        drop_subset(&fonts->subsets[i]);
    free(fonts->faces);
    free(fonts->subsets);
    free(fonts);
}

/* A FreeType face of our own on f's bytes, for an outline face without its
 * 'cmap' (pdf_face_stream.c) unless with_cmap; NULL when FreeType refuses it. */
static ft_owner *open_face(const care_face *f, bool color, bool with_cmap)
{
    ft_owner *o = care_calloc(1, sizeof *o);
    if (!o)
        return NULL;
    unsigned int len = 0;
    const char *bytes = hb_blob_get_data(f->blob, &len);
    o->blob = hb_blob_reference(f->blob);
    o->stream = color || with_cmap ? NULL : care_pdf_face_stream_new(f->blob, hb_font_get_face(f->hb));
    FT_Open_Args args = {.flags = FT_OPEN_MEMORY, .memory_base = (const FT_Byte *)bytes,
                         .memory_size = (FT_Long)len};
    if (o->stream)
        args = (FT_Open_Args){.flags = FT_OPEN_STREAM, .stream = care_pdf_face_stream_ft(o->stream)};
    if (FT_Init_FreeType(&o->library) ||
        FT_Open_Face(o->library, &args, o->stream ? 0 : f->index, &o->face)) {
        ft_owner_free(o);
        return NULL;
    }
    if (o->stream) /* nor the charmap FreeType makes up for a CFF face without one */
        o->face->charmap = NULL;
    return o;
}

/* The cairo face for f on o's FreeType face (NULL: none; o freed): outlines
 * unhinted (the PDF is scaled by its reader), colour bitmaps in colour,
 * synthetic bold as the raster draws it. */
static cairo_font_face_t *cairo_face_on(const care_face *f, ft_owner *o)
{
    if (!o)
        return NULL;
    bool color = care_face_draws_color(f);
    cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(
        o->face, color ? FT_LOAD_COLOR : FT_LOAD_NO_HINTING);
    if (cairo_font_face_status(cf) != CAIRO_STATUS_SUCCESS ||
        cairo_font_face_set_user_data(cf, &FT_OWNER_KEY, o, ft_owner_free) !=
            CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(cf);
        ft_owner_free(o);
        return NULL;
    }
    if (f->synthetic_bold)
        cairo_ft_font_face_set_synthesize(cf, CAIRO_FT_SYNTHESIZE_BOLD);
    return cf;
}

/* The cairo face on f's whole font file. */
static cairo_font_face_t *make_face(const care_face *f, bool with_cmap)
{
    return cairo_face_on(f, open_face(f, care_face_draws_color(f), with_cmap));
}

/* A FreeType face of our own on a subset's file; NULL when FreeType refuses it. */
static ft_owner *open_subset(const care_pdf_subset *s)
{
    ft_owner *o = care_calloc(1, sizeof *o);
    if (!o)
        return NULL;
    unsigned int len = 0;
    o->blob = hb_blob_reference(care_pdf_subset_file(s));
    const char *bytes = hb_blob_get_data(o->blob, &len);
    if (FT_Init_FreeType(&o->library) ||
        FT_New_Memory_Face(o->library, (const FT_Byte *)bytes, (FT_Long)len, 0, &o->face)) {
        ft_owner_free(o);
        return NULL;
    }
    o->face->charmap = NULL; /* the subset has no 'cmap': no charmap made up either */
    return o;
}

/* Make room for the faces the font set gained since the table was made (a
 * later document's fallback faces); the faces made so far stay. */
static bool cover_new_faces(care_pdf_fonts *fonts)
{
    size_t count = care_fontset_count(fonts->fs);
    if (count <= fonts->count)
        return true;
    cairo_font_face_t **faces = care_realloc_array(fonts->faces, VARIANTS * count, sizeof *faces);
    if (!faces)
        return false;
    for (size_t i = VARIANTS * fonts->count; i < VARIANTS * count; i++)
        faces[i] = NULL;
    fonts->faces = faces;
    subset_face *subsets = care_realloc_array(fonts->subsets, count, sizeof *subsets);
    if (!subsets)
        return false;
    for (size_t i = fonts->count; i < count; i++)
        subsets[i] = (subset_face){0};
    fonts->subsets = subsets;
    fonts->count = count;
    return true;
}

/* The glyphs the layout draws with each face (NULL: none), and the carrier of
 * colour runs' text; false without memory. */
static bool glyphs_by_face(const care_layout *L, hb_set_t **sets, size_t count)
{
    uint16_t carrier_face = CARE_NO_FACE;
    FT_UInt carrier = care_pdf_carrier_glyph(L, &carrier_face);
    for (size_t k = 0; k <= L->glyph_count; k++) {
        uint16_t face = k < L->glyph_count ? L->glyphs[k].face : carrier_face;
        if (face >= count || (k == L->glyph_count && !carrier))
            continue;
        if (!sets[face])
            sets[face] = hb_set_create();
        hb_set_add(sets[face], k < L->glyph_count ? L->glyphs[k].id : carrier);
        if (!hb_set_allocation_successful(sets[face]))
            return false;
    }
    return true;
}

/* Face i's subset for `glyphs`: the one it has if it holds them, else a new one. */
static void cover_face(care_pdf_fonts *fonts, size_t i, hb_set_t *glyphs)
{
    const care_face *f = care_fontset_face(fonts->fs, (uint16_t)i);
    subset_face *sf = &fonts->subsets[i];
    if (!f || care_face_draws_color(f) ||
        (sf->subset && care_pdf_subset_holds(sf->subset, glyphs)))
        return;
    drop_subset(sf);
    sf->subset = care_pdf_subset_new(f, glyphs);
    sf->face = sf->subset ? cairo_face_on(f, open_subset(sf->subset)) : NULL;
    if (!sf->face)
        drop_subset(sf);
}

void care_pdf_fonts_cover(care_pdf_fonts *fonts, const care_layout *L)
{
    if (!cover_new_faces(fonts))
        return; /* no memory: the whole fonts */
    hb_set_t **sets = care_calloc(fonts->count + 1, sizeof *sets);
    if (sets && glyphs_by_face(L, sets, fonts->count))
        for (size_t i = 0; i < fonts->count; i++)
            if (sets[i])
                cover_face(fonts, i, sets[i]);
    for (size_t i = 0; sets && i < fonts->count; i++)
        hb_set_destroy(sets[i]);
    free(sets);
}

care_status care_pdf_use_face(cairo_t *cr, care_pdf_fonts *fonts, uint16_t face, bool latin,
                              bool with_cmap, float size, cairo_glyph_t *glyphs, size_t n,
                              care_error *err)
{
    subset_face *sf = face < fonts->count ? &fonts->subsets[face] : NULL;
    if (!with_cmap && sf && sf->face && care_pdf_subset_map(sf->subset, glyphs, n)) {
        cairo_set_font_face(cr, sf->face);
        cairo_set_font_size(cr, size);
        return CARE_OK;
    }
    const care_face *f = care_fontset_face(fonts->fs, face);
    if (f && face >= fonts->count && !cover_new_faces(fonts))
        return care_fail(err, CARE_ERR_NO_MEMORY, "PDF: out of memory for the font %s (face %d)",
                         f->path, f->index);
    if (!f || face >= fonts->count)
        return care_fail(err, CARE_ERR_FONT,
                         "PDF: the layout names font face %u, which the engine does not have "
                         "(was the layout made with another engine?)", (unsigned)face);
    size_t k = face_slot(face, latin, with_cmap);
    if (!fonts->faces[k])
        fonts->faces[k] = make_face(f, with_cmap);
    if (!fonts->faces[k])
        return care_fail(err, CARE_ERR_FONT, "PDF: cairo cannot use the font %s (face %d)",
                         f->path, f->index);
    cairo_set_font_face(cr, fonts->faces[k]);
    cairo_set_font_size(cr, size);
    return CARE_OK;
}

bool care_pdf_face_is_color(const care_pdf_fonts *fonts, uint16_t face)
{
    return care_face_draws_color(care_fontset_face(fonts->fs, face));
}
