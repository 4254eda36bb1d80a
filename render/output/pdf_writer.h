/* PDF output: a layout's pages drawn as vectors on cairo's PDF surface,
 * tagged (pdf_tags.c), then amended with libqpdf where cairo 1.16 cannot say
 * what the file needs (pdf_amend.c). The entry point care_render_pdf
 * (render_api.c) calls care_pdf_write. */
#ifndef CARE_PDF_WRITER_H
#define CARE_PDF_WRITER_H

#include "layout/layout.h"

#include <cairo.h>

typedef struct care_pdf_fonts care_pdf_fonts;

/** Write the layout as a tagged PDF to path, atomically, drawing with `fonts`
 *  (made for the layout's font set; see care_render_pdf in carepage.h for
 *  what the file holds and its errors). */
care_status care_pdf_write(const care_layout *L, care_pdf_fonts *fonts, const char *path,
                           const care_pdf_metadata *meta, care_error *err);

/* ---------- fonts (pdf_fonts.c) ---------- */

/** cairo-ft font faces for the engine's faces, made on first use. Each owns
 *  its own FreeType face on the engine's mapped font file (care_face.blob),
 *  freed by cairo when it drops the face, so nothing outlives the engine.
 *  The engine keeps them from one PDF to the next (engine.c), as it keeps
 *  its glyph cache for the PNG pages: cairo keeps each face's scaled fonts
 *  with their glyphs' metrics and outlines, so a later PDF does not load
 *  from FreeType again the glyphs an earlier one drew. */
care_status care_pdf_fonts_new(const care_fontset *fs, care_pdf_fonts **out, care_error *err);
/** Drop our references (cairo may keep the faces in its caches for a while).
 *  NULL is ignored. */
void care_pdf_fonts_free(care_pdf_fonts *fonts);
/** The font file of a face as FreeType reads it for cairo: without its
 *  'cmap' (pdf_face_stream.c says why), its bytes not copied. NULL when the
 *  face has no 'cmap', its tables cannot be listed so, or no memory: then
 *  the file as it is. Free with free() after FT_Done_Face. */
typedef struct care_pdf_face_stream care_pdf_face_stream;
care_pdf_face_stream *care_pdf_face_stream_new(hb_blob_t *file, hb_face_t *face);
/** The FreeType stream to open (FT_OPEN_STREAM, face index 0); it lives as long as s. */
FT_Stream care_pdf_face_stream_ft(care_pdf_face_stream *s);
/** Cut each outline face the layout draws with down to the glyphs it draws
 *  (care_pdf_subset_new), unless the subset made for an earlier PDF holds
 *  them all: then that one, with its warm cairo face, stays. A face that
 *  cannot be cut is drawn from its whole font file (care_pdf_use_face). */
void care_pdf_fonts_cover(care_pdf_fonts *fonts, const care_layout *L);
/** Make face `face` the current font of cr at `size` (user units: px) for
 *  drawing glyphs[0..n) (ids of the engine's face), and turn their ids into
 *  the cairo face's: the face's subset (care_pdf_fonts_cover) when it holds
 *  them all and the run needs no 'cmap', else the whole font file.
 *  From the whole file, Latin runs get a cairo face of their own, so their
 *  glyphs go into an embedded subset of their own: cairo 1.16's CFF
 *  subsetter, given some Latin letters of Noto Sans CJK together with Han
 *  characters in one subset, gives up subsetting the subroutines and embeds
 *  all of them (about 870 KB; "IF云" is enough). A subset file has no
 *  subroutines, so its Latin and Han glyphs go into one.
 *  with_cmap: the whole font with its 'cmap', for a run with a cluster of
 *  several glyphs or drawn right to left (Thai marks, Hebrew): cairo finds
 *  those glyphs' ToUnicode entries in the 'cmap', and without it writes
 *  U+FFFD. Other runs go without (faster; one glyph takes its cluster's text).
 *  Errors: CARE_ERR_FONT (naming the font file), CARE_ERR_NO_MEMORY. */
care_status care_pdf_use_face(cairo_t *cr, care_pdf_fonts *fonts, uint16_t face, bool latin,
                              bool with_cmap, float size, cairo_glyph_t *glyphs, size_t n,
                              care_error *err);
/** Is face `face` drawn in colour (a bitmap emoji face)? */
bool care_pdf_face_is_color(const care_pdf_fonts *fonts, uint16_t face);

/* ---------- font subsets (pdf_subset.c) ---------- */

/** A face's font file cut down to some of its glyphs by HarfBuzz's
 *  subsetter, for cairo to embed (pdf_subset.c says why and how). */
typedef struct care_pdf_subset care_pdf_subset;
/** The font of f with `glyphs` (f's ids; .notdef is added to the set) and
 *  their outlines, metrics and names only. NULL when HarfBuzz cannot cut it,
 *  a glyph is not in the font, or no memory: draw from the whole file then. */
care_pdf_subset *care_pdf_subset_new(const care_face *f, hb_set_t *glyphs);
/** NULL is ignored. */
void care_pdf_subset_free(care_pdf_subset *s);
/** The subset's font file (OpenType, face 0), owned by s: take a reference
 *  to keep it longer. */
hb_blob_t *care_pdf_subset_file(const care_pdf_subset *s);
/** Does s hold every glyph in `glyphs` (the face's ids)? */
bool care_pdf_subset_holds(const care_pdf_subset *s, const hb_set_t *glyphs);
/** Turn the face's glyph ids in glyphs[0..n) into the subset's; false, and
 *  nothing changed, when one of them is not in it. */
bool care_pdf_subset_map(const care_pdf_subset *s, cairo_glyph_t *glyphs, size_t n);

typedef struct care_pdf_tags care_pdf_tags;

/* ---------- text and decoration (pdf_text.c) ---------- */

/** The inkless glyph that carries a colour run's characters (the CJK
 *  face's ideographic space) and its face; 0 when there is none. */
FT_UInt care_pdf_carrier_glyph(const care_layout *L, uint16_t *face);
/** Draw a line's text glyphs (not its decoration or emphasis dots), each run
 *  with its characters attached (cairo_show_text_glyphs): one cluster per
 *  character where glyphs and characters pair up, else the whole run. A
 *  colour run is drawn as glyphs, its characters as an inkless glyph, in a
 *  Span of its own (care_pdf_tags_isolate) when `tags` is not NULL. */
care_status care_pdf_show_line(cairo_t *cr, care_pdf_fonts *fonts, care_pdf_tags *tags,
                               const care_layout *L, const care_line *line, care_error *err);
/** Draw glyphs [first, first + count) as text carrying `text` (a list
 *  marker; glyphs of several faces each with their clusters' part of it). */
care_status care_pdf_show_glyphs(cairo_t *cr, care_pdf_fonts *fonts, const care_layout *L,
                                 const care_line *line, size_t first, size_t count,
                                 const char *text, care_error *err);
/** Fill the outlines of a line's decoration (quote bars) and emphasis dots,
 *  or of all of a page-number line's glyphs: shapes, not text (text
 *  extraction would put the page number inside a paragraph that goes on). */
care_status care_pdf_fill_decoration(cairo_t *cr, care_pdf_fonts *fonts, const care_layout *L,
                                     const care_line *line, care_error *err);

/* ---------- photos (pdf_photo.c) ---------- */

/** Draw the photo of a figure line in its box. Errors: CARE_ERR_NO_MEMORY. */
care_status care_pdf_draw_photo(cairo_t *cr, const care_layout *L, const care_line *line,
                                care_error *err);

/* ---------- structure tags (pdf_tags.c) ---------- */

/** The open structure elements while the blocks are drawn in article order. */
struct care_pdf_tags {
    cairo_t *cr;
    bool quote_open;          /* a BlockQuote holds consecutive quote blocks */
    int list_levels[16];      /* levels of the open L elements, each with an LI open */
    size_t list_depth;
    const char *leaf;         /* the block's own element, open until its last line */
    bool figure_open;
    const char **alts;        /* the /Alt of each Figure begun, in order (room for every block) */
    size_t alt_count;
    size_t spans;             /* Span elements begun */
    struct care_pdf_actual_text *actual; /* emoji Spans' text (care_pdf_tags_actual_text) */
    size_t actual_count, actual_cap;
    bool span_open;           /* the block's text on this page */
    bool span_empty;          /* nothing drawn in the open Span yet */
    bool isolate_next;        /* the next run starts a new Span (after a colour run) */
};

/** Open the elements of block b (closing those of the blocks before it that
 *  do not hold it). A list item leaves its Lbl open when it has a marker: the
 *  caller draws the marker, then calls care_pdf_tags_begin_body. */
void care_pdf_tags_begin_block(care_pdf_tags *t, const care_block *b);
/** A shown photo (the figure block's first line): a Figure element of its
 *  own holding the image, its /Alt the block's caption or alt text; the
 *  caption lines after it go into a Caption beside it (care_pdf_tags_begin_caption). */
void care_pdf_tags_begin_photo(care_pdf_tags *t, const care_block *b);
/** The caption lines under a shown photo: a Caption element. */
void care_pdf_tags_begin_caption(care_pdf_tags *t);
/** A list item: close the Lbl and open the LBody. */
void care_pdf_tags_begin_body(care_pdf_tags *t);
/** Before a line of text: open the block's Span on this page (once). */
void care_pdf_tags_begin_text(care_pdf_tags *t);
/** Before a run: an isolated run (a colour run, or one whose glyphs and
 *  characters do not pair up) goes into a Span of its own, and the run after
 *  it into a new one. cairo gives such a run's characters as /ActualText
 *  marked content inside the Span's; poppler's structure text stops reading a
 *  Span at such an inner end, so nothing may follow it. */
void care_pdf_tags_before_run(care_pdf_tags *t, bool isolated);
/** The open Span (an emoji's, isolated) reads as text[0..len): its
 *  /ActualText is set by pdf_amend.c, since poppler's structure text reads an
 *  emoji's inkless carrier glyph by its first ToUnicode mapping. Without
 *  memory the note is left out. */
void care_pdf_tags_actual_text(care_pdf_tags *t, const char *text, size_t len);
/** At the end of a page: close the Span open on it. */
void care_pdf_tags_end_page(care_pdf_tags *t);
/** Close the open block's own element (after its last line). */
void care_pdf_tags_end_block(care_pdf_tags *t);
/** Close everything still open (after the last block). */
void care_pdf_tags_finish(care_pdf_tags *t);

/* ---------- amending the file (pdf_amend.c) ---------- */

/** A Span element's /ActualText: the Span begun `span`-th (0-based). */
typedef struct care_pdf_actual_text {
    size_t span;
    const char *text;
    size_t len;
} care_pdf_actual_text;

/** What cairo 1.16 cannot write and qpdf adds. */
typedef struct care_pdf_amendments {
    const char *lang;                /* the catalog's /Lang (BCP 47) */
    const char *const *figure_alts;  /* /Alt of the Figure elements, in the order begun */
    size_t figure_count;
    const care_pdf_actual_text *actual; /* /ActualText of some Span elements, by begin order */
    size_t actual_count, spans;      /* spans: Span elements begun (a check) */
} care_pdf_amendments;

/**
 * Read the PDF in pdf[0..len) with qpdf and write it to *out (a new buffer):
 * /Lang and /ViewerPreferences /DisplayDocTitle in the catalog, /Alt on each
 * Figure element, and on every page the drawing of its first form XObject
 * (the page's artifact group, painted first by pdf_writer.c) marked as
 * /Artifact. `path` is for messages. Errors: CARE_ERR_IO (qpdf's message),
 * CARE_ERR_NO_MEMORY.
 */
care_status care_pdf_amend(const char *pdf, size_t len, const care_pdf_amendments *a,
                           const char *path, care_buf *out, care_error *err);

#endif
