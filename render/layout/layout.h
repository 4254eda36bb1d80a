/* The layout: positioned lines, runs and glyphs, and the pages they fall on. */
#ifndef CARE_LAYOUT_H
#define CARE_LAYOUT_H

#include "common/limits.h"
#include "input/document.h"
#include "image/image.h"
#include "layout/paragraph.h"

/** A glyph placed on the page: x absolute in px, y relative to the line's baseline (down). */
typedef struct care_placed_glyph {
    uint32_t id;
    uint16_t face;
    bool emphasis_dot; /* a 着重号 dot under a character: drawn, not part of the text */
    float x, y;
    uint32_t cluster;  /* byte offset of its cluster's first character in the block text */
} care_placed_glyph;

/** A run of a line: clusters of one face, style, script and level, in visual order. */
typedef struct care_run {
    size_t start, end;  /* bytes in the block text */
    uint16_t face;
    uint8_t style;
    int32_t script;     /* UScriptCode */
    float x, width;     /* px, x absolute: from its first cluster's origin to its last
                           cluster's advance end, with the justification its clusters carry;
                           the Chinese-Latin gap after it belongs to no run */
    size_t glyphs, missing;
} care_run;

/** A positioned line. */
typedef struct care_line {
    long block;             /* document block, -1 for page furniture */
    care_block_kind kind;
    const char *text;       /* block text (or furniture text); the line is text[start, end) */
    size_t start, end;
    float x, width, baseline, ascent, descent, font_size;
    float height;           /* line box height: baseline-to-baseline distance */
    float box_ascent;       /* px from the top of the line box down to the baseline */
    float space_before;     /* extra space above the line unless it opens a page */
    size_t glyph_start, glyph_count, run_start, run_count, missing;
    size_t deco_start, deco_count; /* glyphs drawn but not part of the text (list markers) */
    size_t index_in_block, block_lines;
    bool hanging;           /* the last cluster, text[hang_start, end), hangs past x + width */
    size_t hang_start;
    bool hyphen;            /* a hyphen is drawn at the end (soft-hyphen break), not in text */
    bool keep_with_prev;    /* no page break before this line (a photo's caption) */
    size_t figure;          /* kind CARE_BLOCK_FIGURE: the photo, index into layout->figures;
                               the line box is the photo's box, its baseline the photo's foot */
} care_line;

typedef struct care_page {
    size_t line_start, line_count; /* into care_layout.lines, footer last */
} care_page;

/** A photo laid out: decoded once, at the size it is drawn (figures.c). */
typedef struct care_placed_figure {
    long block;
    const char *src;   /* the source it came from (borrowed from the document) */
    care_image image;  /* width x height px: the box; its size and channels are set
                          before the pixels, which readers take from care_figure_pixels */
    long pending;      /* its decoding's number on the photo thread (photo_thread.h),
                          -1: decoded during the layout */
} care_placed_figure;

typedef struct care_block_layout {
    bool justified;
} care_block_layout;

struct care_layout {
    care_engine *engine;         /* for the entry points only (layout_api.c, render_api.c) */
    unsigned font_generation;    /* the engine's font set the glyph ids belong to */
    care_fontset *fonts;         /* the engine's font set: faces of the glyph ids */
    care_shape_cache *shapes;    /* the engine's shaping cache */
    care_limits limits;          /* the engine's limits when the layout was made */
    const struct _HyphenDict *hyphen; /* the engine's hyphenation patterns (NULL: none) */
    struct UBreakIterator **words; /* the engine's ICU word iterator for headlines (NULL
                                      until the first CJK headline opens it) */
    const care_document *doc;
    care_page_options opts;
    char lang[64];
    char theme_name[64];
    char *image_dir;             /* opts.image_dir copied (opts.image_dir points here) */
    float text_left, text_width; /* the text box: a whole number of em (clreq) */
    care_line *lines;
    size_t line_count, line_cap;
    care_placed_glyph *glyphs;
    size_t glyph_count, glyph_cap;
    care_run *runs;
    size_t run_count, run_cap;
    care_block_layout *blocks;   /* one per document block */
    care_page *pages;
    size_t page_count;
    char **furniture;            /* texts of page-number lines, one per page */
    uint32_t *missing;           /* distinct code points drawn as .notdef, first seen first */
    size_t missing_count, missing_cap;
    double body_height;          /* px: the heights of the document's lines laid out so far */
    uint32_t *missing_set;       /* the same as a hash set (cp + 1; 0 = empty), missing_cap * 2 slots */
    care_placed_figure *figures; /* photos, in document order */
    size_t figure_count, figure_cap;
    char **image_problems;       /* photos not shown: one message each, naming the source
                                    (a decoding left to the photo thread that failed: there) */
    size_t image_problem_count, image_problem_cap;
    struct care_photo_thread *photos; /* the decodings left for later (photo_thread.h), or NULL */
    bool photos_tried;           /* a photo thread was tried */
};

/**
 * Lay out one paragraph of text into lines appended to `layout` (no page
 * positions yet). `left` and `width` give the line box; `first_indent` the
 * first line's indent; `justify` whether non-final lines fill the width.
 */
typedef struct care_block_style {
    long block;
    care_block_kind kind;
    float font_size;
    float left, width, first_indent;
    float space_before;
    bool justify;
    bool force_bold;
} care_block_style;

/** The typesetting settings (punctuation trimming, Chinese-Latin gap, total-fit,
 *  hanging punctuation) of a block from the page options. */
care_typeset care_typeset_of(const care_layout *layout, const care_block_style *style);

care_status care_layout_paragraph(care_layout *layout, const char *text, size_t len,
                                  const care_span *spans, size_t span_count,
                                  const care_block_style *style, care_error *err);

/** Move a placed line, its glyphs and runs, dx px to the right. */
void care_line_shift(care_layout *layout, care_line *line, float dx);

/** Is the paragraph CJK-dominant (CJK clusters carry at least half its advance)? */
bool care_text_is_cjk_dominant(const char *text, size_t len);

/**
 * Assign lines to pages and baselines (paginate.c): a heading never ends a
 * page; a paragraph's first line never stands alone at a page foot nor its
 * last line alone at a page head, when avoidable (care-mode §7). Adds a
 * page-number line ("3 / 12") to every page.
 */
care_status care_paginate(care_layout *layout, care_error *err);

/** Rows of page `page` that go into its PNG: the page height, or in a long
 *  image (opts.long_image) the height down to the last line plus the bottom
 *  margin (paginate.c). */
int care_page_output_height(const care_layout *layout, size_t page);

/** The page's own text, block by block (its PNG alt text); allocated, NULL when
 *  out of memory (layout.c). */
char *care_layout_page_text(const care_layout *layout, size_t page);
/** Lay out figure block `block` (figures.c): the photo loaded, decoded to the
 *  size it is shown at and placed as one line of kind CARE_BLOCK_FIGURE, its
 *  caption (or alt text) under it as caption lines kept with it; a photo that
 *  cannot be shown leaves only the caption and a message in image_problems;
 *  an icon (both sides under 48 px) leaves nothing. */
care_status care_layout_figure(care_layout *layout, size_t block, const care_block_style *style,
                               care_error *err);
/** The photo's box top of a figure line, in whole page px. */
int care_figure_top(const care_line *line);
/** Free the decoded photos and problem messages of a layout. */
void care_layout_figures_free(care_layout *layout);

/** Grow helpers (layout.c). */
care_status care_layout_reserve_lines(care_layout *l, size_t more, care_error *err);
care_status care_layout_reserve_glyphs(care_layout *l, size_t more, care_error *err);
care_status care_layout_reserve_runs(care_layout *l, size_t more, care_error *err);

#endif
