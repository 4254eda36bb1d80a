/* A paragraph on its way through itemisation, shaping and line breaking. */
#ifndef CARE_PARAGRAPH_H
#define CARE_PARAGRAPH_H

#include "fonts.h"

/* Cluster flags. */
enum {
    CARE_CL_CJK = 1,         /* ideograph, kana, Hangul or full-width mark: justification opportunity */
    CARE_CL_SPACE = 2,       /* white space: dropped at a line end */
    CARE_CL_BREAK_BEFORE = 4,/* a line may start with this cluster (UAX #14 + Chinese rules) */
    CARE_CL_MANDATORY = 8,   /* a line must start with this cluster (hard break before) */
    CARE_CL_NOTDEF = 16,     /* drawn with .notdef: no installed font covers it */
    CARE_CL_WIDTH_FWID = 32, /* ambiguous punctuation set full-width (CJK context) */
    CARE_CL_WIDTH_PWID = 64  /* ambiguous punctuation set proportional (Latin context) */
};

/** One grapheme cluster (or several, when a ligature joins them). */
typedef struct care_cluster {
    size_t start, end;         /* bytes in the block text */
    size_t glyph_start, glyph_count;
    float advance;             /* px, sum of the glyph advances */
    int32_t script;            /* UScriptCode after Common/Inherited resolution */
    uint16_t face;
    uint8_t style;             /* CARE_STYLE_* */
    uint8_t level;             /* bidi embedding level */
    uint16_t flags;            /* CARE_CL_* */
    uint32_t first_cp, last_cp;
} care_cluster;

/** One shaped glyph; positions in px. */
typedef struct care_glyph {
    uint32_t id;
    float x_advance, x_offset, y_offset;
    size_t cluster; /* byte offset HarfBuzz gave it */
} care_glyph;

/** A paragraph's clusters and glyphs. Text is borrowed from the block. */
typedef struct care_para {
    const char *text;
    size_t len;
    float font_size;
    care_cluster *clusters;
    size_t cluster_count;
    care_glyph *glyphs;
    size_t glyph_count;
} care_para;

void care_para_free(care_para *p);

/** UTF-16 copy of UTF-8 text for ICU, with the byte offset of every UTF-16 index. */
typedef struct care_u16 {
    uint16_t *units;     /* UChar */
    size_t count;
    size_t *byte_of;     /* count + 1 entries */
} care_u16;

care_status care_u16_from_utf8(const char *text, size_t len, care_u16 *out, care_error *err);
void care_u16_free(care_u16 *u);
/** UTF-16 index of byte offset `byte` (which must be a code point boundary). */
size_t care_u16_index_of(const care_u16 *u, size_t byte);

/**
 * Itemise `text`: grapheme clusters (ICU), bidi levels (ICU ubidi, base
 * direction from the first strong character, LTR by default), scripts
 * (Common/Inherited take their neighbours' script), and a face per cluster
 * from the fallback chain. Fills p->clusters (no glyphs yet).
 */
care_status care_itemize(care_fontset *fs, const char *text, size_t len, const care_span *spans,
                         size_t span_count, care_para *p, care_error *err);

/**
 * Shape every item (maximal run of clusters with one face, script, level and
 * width feature) with HarfBuzz in language `lang`; fills p->glyphs and each
 * cluster's glyph range and advance (px at p->font_size). Clusters that a
 * ligature joins are merged.
 */
care_status care_shape(care_fontset *fs, const char *lang, care_para *p, care_error *err);

/**
 * Mark break opportunities (CARE_CL_BREAK_BEFORE / MANDATORY): ICU line
 * breaking (UAX #14, locale `lang` with lb=strict) over the whole paragraph,
 * then the Chinese strict rules of clreq §3.1.7 (line-start and line-end
 * prohibitions, —— and …… kept whole).
 */
care_status care_mark_breaks(const char *lang, care_para *p, care_error *err);

/** Code point is forbidden at a line start (clreq 避头). */
bool care_forbidden_at_line_start(uint32_t cp);
/** Code point is forbidden at a line end (clreq 避尾). */
bool care_forbidden_at_line_end(uint32_t cp);

/** A line as a cluster range [first, last) with its natural width (trailing spaces excluded). */
typedef struct care_line_range {
    size_t first, last;     /* clusters; last excludes trailing spaces */
    size_t next;            /* first cluster of the following line */
    float natural;          /* px */
} care_line_range;

/**
 * Greedy line fitting: each line takes as many clusters as fit in
 * `width` (first line `width - first_indent`), breaking at the last
 * opportunity; a cluster sequence wider than the line with no opportunity is
 * broken at grapheme boundaries, never overflowing. *lines is allocated.
 */
care_status care_break_lines(const care_para *p, float width, float first_indent,
                             care_line_range **lines, size_t *line_count, care_error *err);

/**
 * Justification (clreq §3.8, 两端对齐): extra space per gap for a line of
 * clusters [first, last) to reach `target`. Gaps are between a CJK cluster and
 * any neighbour and after word spaces; never inside a Latin word or number.
 * Returns the number of gaps; *per_gap the px each gets (0 if none).
 */
size_t care_justify_gaps(const care_para *p, size_t first, size_t last, float target,
                         float natural, float *per_gap, bool *all_graphemes);

/** Is there a justification gap after cluster i (i + 1 < last)? */
bool care_gap_after(const care_para *p, size_t i, bool all_graphemes);

#endif
