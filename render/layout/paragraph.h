/* A paragraph on its way through itemisation, shaping and line breaking. */
#ifndef CARE_PARAGRAPH_H
#define CARE_PARAGRAPH_H

#include "input/document.h"
#include "layout/shape_cache.h"
#include "layout/fonts.h"

struct UBreakIterator; /* ICU (unicode/ubrk.h) */

/* Cluster flags. */
enum {
    CARE_CL_CJK = 1,         /* ideograph, kana, Hangul or full-width mark: justification opportunity */
    CARE_CL_SPACE = 2,       /* white space: dropped at a line end */
    CARE_CL_BREAK_BEFORE = 4,/* a line may start with this cluster (UAX #14 + Chinese rules) */
    CARE_CL_MANDATORY = 8,   /* a line must start with this cluster (hard break before) */
    CARE_CL_NOTDEF = 16,     /* drawn with .notdef: no installed font covers it */
    CARE_CL_WIDTH_FWID = 32, /* ambiguous punctuation set full-width (CJK context) */
    CARE_CL_WIDTH_PWID = 64, /* ambiguous punctuation set proportional (Latin context) */
    CARE_CL_HYPHEN = 128,    /* a break before it is inside a word: a hyphen ends the line */
    CARE_CL_URL_BREAK = 256, /* a break before it is inside a URL (after / . - ? &) */
    CARE_CL_IN_WORD = 512,   /* a headline's break before it is inside a word (ICU word
                                segmentation, dictionary-based for Chinese and Japanese) */
    CARE_CL_IN_PHRASE = 1024,/* a headline's break before it is between words but not
                                after a space or a phrase-ending mark (，、：；！？。) */
    CARE_CL_PARTICLE = 2048  /* ... and it is a particle (的 了 吗 …): a headline line
                                starting with one reads as cut */
};

/** Ways a justified line shrinks after its line-end mark, in care-mode §6 order,
 *  and last, as clreq §3.5 (挤压处理的优先顺序) ends, mid-line 。？！. */
enum { CARE_SHRINK_SPACE, CARE_SHRINK_MARK, CARE_SHRINK_GAP, CARE_SHRINK_STOP,
       CARE_SHRINK_LEVELS };

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
    uint8_t punct;             /* CARE_PUNCT_* class of a full-width mark */
    uint32_t first_cp, last_cp;
    float trim_left, trim_right; /* px taken off the advance by punctuation compression */
    float gap_after;           /* px of Chinese-Latin spacing after the cluster (dropped at a line end) */
    float shrinkable[CARE_SHRINK_LEVELS];       /* px it can give up mid-line, per CARE_SHRINK_* level */
    double width_before;       /* px: trimmed advances and gaps of the clusters before it */
    double shrinkable_before[CARE_SHRINK_LEVELS]; /* px: shrinkable[] of the clusters before it */
} care_cluster;

/* Classes of full-width punctuation for compression (clreq §3.1.6, CSS text-spacing-trim). */
enum {
    CARE_PUNCT_NONE = 0,
    CARE_PUNCT_OPEN,   /* （「“ …: blank left half */
    CARE_PUNCT_CLOSE,  /* ）」” … and, in Simplified Chinese, 、。，．：；！？: blank right half */
    CARE_PUNCT_MIDDLE, /* ・ and centred marks: not trimmed, but trim their neighbours */
    CARE_PUNCT_SPACE   /* U+3000 ideographic space */
};

/* Which punctuation trimming is on (CARE_TRIM_*). */
enum {
    CARE_TRIM_ADJACENT = 1, /* adjacent marks of 2 em shrink to 1.5 em */
    CARE_TRIM_START = 2,    /* an opening mark at a line start (not a paragraph's first) loses ½ em */
    CARE_TRIM_END = 4,      /* a closing mark at a line end may lose ½ em when that lets the line fit */
    CARE_TRIM_FLUSH = 8     /* a line-end ，。、；：！？ always loses ½ em: justified lines end flush */
};

/** Typesetting settings of a paragraph; all zero = plain UAX #14 greedy setting. */
typedef struct care_typeset {
    unsigned punct_trim;   /* CARE_TRIM_* bits */
    float cjk_latin_gap;   /* px between Han and Latin letters/digits (clreq: ¼ em) */
    bool total_fit;        /* choose the breaks of the whole paragraph together */
    bool hanging;          /* one 、，。 may hang past the line end */
    bool centred_stops;    /* Traditional Chinese: 、。，：； are centred, never trimmed */
    bool shrink;           /* justified: squeeze marks, word spaces and Chinese-Latin gaps
                              before stretching (care-mode §6) */
    bool headline;         /* a title or heading: balanced lines (the last one counts too),
                              broken between words where it can (total-fit only) */
} care_typeset;

/** One shaped glyph; positions in px. */
typedef struct care_glyph {
    uint32_t id;
    float x_advance, x_offset, y_offset;
    size_t cluster; /* byte offset HarfBuzz gave it */
} care_glyph;

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

/** A paragraph's clusters and glyphs. Text is borrowed from the block. */
typedef struct care_para {
    const char *text;
    size_t len;
    float font_size;
    care_typeset ts;
    care_cluster *clusters;
    size_t cluster_count;
    care_glyph *glyphs;
    size_t glyph_count;
    uint32_t hyphen_glyph;   /* drawn at a soft-hyphen break (U+00AD) */
    uint16_t hyphen_face;
    float hyphen_advance;    /* px; 0 when the text has no soft hyphen */
    care_u16 u16;            /* the text in UTF-16 for ICU: made by care_itemize, used again
                                by care_mark_breaks */
} care_para;

void care_para_free(care_para *p);


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
 * ligature joins are merged. Runs found in `cache` (same face, script,
 * direction, language, feature, text and context) are not shaped again; new
 * ones are added. `cache` may be NULL.
 */
care_status care_shape(care_fontset *fs, care_shape_cache *cache, const char *lang, care_para *p,
                       care_error *err);

/** Choose the glyph drawn where a line breaks inside a word ('-', else U+2010, of the
 *  Latin face) and its advance at p->font_size. */
void care_choose_hyphen(care_fontset *fs, care_para *p);

/**
 * Mark break opportunities (CARE_CL_BREAK_BEFORE / MANDATORY): ICU line
 * breaking (UAX #14, locale `lang` with lb=strict) over the whole paragraph,
 * then the Chinese strict rules of clreq §3.1.7 (line-start and line-end
 * prohibitions, —— and …… kept whole). `p` must have been itemised
 * (care_itemize made its UTF-16 text).
 */
care_status care_mark_breaks(const char *lang, care_para *p, care_error *err);

/**
 * In a headline (a title or heading) whose opportunities care_mark_breaks
 * marked, mark each one inside a word CARE_CL_IN_WORD and each one between
 * words but not after a space or a phrase-ending mark (，、：；！？。)
 * CARE_CL_IN_PHRASE, so that total-fit breaks the headline at its phrases.
 * Where ICU's dictionary knows no word (names) it gives each Han character a
 * word of its own: a break between two such is taken as inside a word. A
 * one-character suffix (们 样) stays with the word before it, a one-character
 * adverb or preposition (不 将 被 …) with the word after it, and + & / -
 * join the words around them into one term; a break before a particle (的 了
 * …) is also marked CARE_CL_PARTICLE.
 * Only a headline with CJK characters needs it. *words is an ICU word
 * iterator (UAX #29, root locale; ICU segments Chinese and Japanese with its
 * dictionary) made by an earlier call and reused, or NULL: one is opened
 * (about 8 M instructions, most of it ICU building its CJK break engine)
 * and left in *words, without text, for the caller to close (ubrk_close).
 * Errors: CARE_ERR_TEXT from ICU (its data missing).
 */
care_status care_mark_headline_breaks(struct UBreakIterator **words, care_para *p, care_error *err);

/** Code point is forbidden at a line start (clreq 避头). */
bool care_forbidden_at_line_start(uint32_t cp);
/** Code point is forbidden at a line end (clreq 避尾). */
bool care_forbidden_at_line_end(uint32_t cp);

/**
 * Punctuation compression and Chinese-Latin spacing (spacing.c): sets each
 * cluster's punct class, trim_left/trim_right for adjacent marks (clreq §3.1.6;
 * CSS Text 4 text-spacing-trim), gap_after between Han and Latin letters or
 * digits (clreq §3.2.2) and shrinkable (care-mode §6), by p->ts, and the
 * running sums care_range_width and care_make_range read.
 */
void care_apply_spacing(care_para *p);

/** Width of clusters [first, last) on one line: trimmed advances plus the gaps between them. */
float care_range_width(const care_para *p, size_t first, size_t last);

/** The line-start trim of cluster `first` when it opens a line that is not the paragraph's first. */
float care_line_start_trim(const care_para *p, size_t first, bool paragraph_start);
/** The most a line ending with cluster `last - 1` may lose at its end (½ em for a closing mark). */
float care_line_end_trim(const care_para *p, size_t last);
/** What a line ending with cluster `last - 1` always loses at its end: ½ em for a stop
 *  ，。、；：！？ with CARE_TRIM_FLUSH (centred stops lose ¼ em each side), else 0. */
float care_line_end_flush(const care_para *p, size_t last);

/** What cluster i of the line [first, last) can give up, px, at each CARE_SHRINK_* level:
 *  a word space down to ¼ em; a mid-line ，、；： or bracket down to ½ em (on its blank
 *  side; none next to another mark, none at the line's edges); its Chinese-Latin gap
 *  down to ⅛ em (none at the line end); a mid-line 。？！ down to ½ em (same limits). */
void care_cluster_shrinkable(const care_para *p, size_t i, size_t first, size_t last,
                             float out[CARE_SHRINK_LEVELS]);
/** The sum of care_cluster_shrinkable over the line [first, last), per level. */
void care_range_shrinkable(const care_para *p, size_t first, size_t last,
                           double out[CARE_SHRINK_LEVELS]);
/** Can cluster i hang past the line end (、，。 with hanging on)? */
bool care_can_hang(const care_para *p, size_t i);

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
