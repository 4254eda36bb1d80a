/* A face's font file cut down to the glyphs a PDF draws with it, by
 * HarfBuzz's subsetter, for the PDF's cairo faces (pdf_fonts.c).
 *
 * Why: for every font subset it embeds, cairo 1.16 copies the font's whole
 * 'CFF ' table out of FreeType twice (once to see whether it is CID-keyed,
 * once to subset it) and parses all its charstring and subroutine indexes;
 * Noto Sans CJK's table is 16 MB, and that was two thirds of a PDF's time.
 * Given a font of only the glyphs drawn, it reads some hundred KB.
 *
 * The subset file:
 * - glyph ids renumbered (.notdef, then the glyphs in id order;
 *   care_pdf_subset_map turns the layout's ids into them): retaining the ids
 *   would keep an entry for each of the font's 65,000 glyphs in the CFF
 *   indexes and 'hmtx' (640 KB for 723 glyphs, against 140 KB), which cairo
 *   parses again;
 * - charstrings without subroutines: HarfBuzz flattens them faster than it
 *   subsets them, and cairo's CFF subsetter, which gives up subsetting the
 *   subroutines of a subset holding some Latin letters of Noto Sans CJK with
 *   Han characters and then embeds all of them (870 KB), finds none, so Latin
 *   and Han glyphs share one embedded font;
 * - no hinting (the PDF's faces draw unhinted);
 * - only the tables cairo and FreeType read for outlines, metrics and the
 *   font's name. HarfBuzz reads the face through a view that shows it
 *   nothing else: given glyph ids, HarfBuzz 6.0 otherwise maps the whole
 *   'cmap' (about 44,000 entries) and closes the glyph set over GSUB and
 *   GPOS, 45 M instructions a face against 4 M. Without a 'cmap' cairo takes
 *   each glyph's text from us, as with the whole font (pdf_face_stream.c). */
#include "output/pdf_writer.h"

#include <hb-subset.h>
#include <stdlib.h>

struct care_pdf_subset {
    hb_blob_t *file;    /* the subset font file */
    hb_map_t *new_ids;  /* the face's glyph id -> the subset's */
};

/* The tables the subset keeps: outlines (CFF, CFF2 or TrueType), metrics
 * and the names cairo gives the embedded font. */
static bool kept_table(hb_tag_t tag)
{
    static const hb_tag_t kept[] = {
        HB_TAG('C', 'F', 'F', ' '), HB_TAG('C', 'F', 'F', '2'), HB_TAG('g', 'l', 'y', 'f'),
        HB_TAG('l', 'o', 'c', 'a'), HB_TAG('h', 'e', 'a', 'd'), HB_TAG('h', 'h', 'e', 'a'),
        HB_TAG('h', 'm', 't', 'x'), HB_TAG('m', 'a', 'x', 'p'), HB_TAG('n', 'a', 'm', 'e'),
        HB_TAG('O', 'S', '/', '2'), HB_TAG('p', 'o', 's', 't')};
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        if (kept[i] == tag)
            return true;
    return false;
}

/* The view of the face HarfBuzz subsets: its kept tables, nothing else. */
static hb_blob_t *kept_table_of(hb_face_t *view, hb_tag_t tag, void *face)
{
    (void)view;
    return kept_table(tag) ? hb_face_reference_table(face, tag) : hb_blob_get_empty();
}

/* The subset's glyph ids of `glyphs`, from the plan; NULL without memory. */
static hb_map_t *new_ids_of(const hb_subset_plan_t *plan, const hb_set_t *glyphs)
{
    const hb_map_t *plan_ids = hb_subset_plan_old_to_new_glyph_mapping(plan);
    hb_map_t *ids = hb_map_create();
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(glyphs, &g);)
        if (hb_map_has(plan_ids, g))
            hb_map_set(ids, g, hb_map_get(plan_ids, g));
    if (hb_map_allocation_successful(ids))
        return ids;
    hb_map_destroy(ids);
    return NULL;
}

care_pdf_subset *care_pdf_subset_new(const care_face *f, hb_set_t *glyphs)
{
    hb_face_t *face = hb_font_get_face(f->hb);
    hb_face_t *view = hb_face_create_for_tables(kept_table_of, hb_face_reference(face),
                                                (hb_destroy_func_t)hb_face_destroy);
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    hb_subset_plan_t *plan = NULL;
    hb_face_t *sub = NULL;
    hb_set_add(glyphs, 0); /* .notdef, which every font starts with */
    if (in) {
        hb_set_union(hb_subset_input_glyph_set(in), glyphs);
        hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_DESUBROUTINIZE | HB_SUBSET_FLAGS_NO_HINTING);
        plan = hb_subset_plan_create_or_fail(view, in);
    }
    sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    care_pdf_subset *s = sub ? care_calloc(1, sizeof *s) : NULL;
    if (s) {
        s->file = hb_face_reference_blob(sub);
        s->new_ids = new_ids_of(plan, glyphs);
    }
    if (s && (!s->new_ids || hb_map_get_population(s->new_ids) != hb_set_get_population(glyphs) ||
              hb_blob_get_length(s->file) == 0)) { /* a glyph not in the font, or no memory */
        care_pdf_subset_free(s);
        s = NULL;
    }
    hb_face_destroy(sub);
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    hb_face_destroy(view);
    return s;
}

void care_pdf_subset_free(care_pdf_subset *s)
{
    if (!s)
        return;
    hb_blob_destroy(s->file);
    hb_map_destroy(s->new_ids);
    free(s);
}

hb_blob_t *care_pdf_subset_file(const care_pdf_subset *s)
{
    return s->file;
}

bool care_pdf_subset_holds(const care_pdf_subset *s, const hb_set_t *glyphs)
{
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(glyphs, &g);)
        if (!hb_map_has(s->new_ids, g))
            return false;
    return true;
}

bool care_pdf_subset_map(const care_pdf_subset *s, cairo_glyph_t *glyphs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!hb_map_has(s->new_ids, (hb_codepoint_t)glyphs[i].index))
            return false;
    for (size_t i = 0; i < n; i++)
        glyphs[i].index = hb_map_get(s->new_ids, (hb_codepoint_t)glyphs[i].index);
    return true;
}
