/* Internal data shared by the pipeline stages. Not installed. */
#ifndef CARE_INTERNAL_H
#define CARE_INTERNAL_H

#include "carepage.h"

#include <stdarg.h>
#include <stdio.h>

/* ---------- errors: one choke point ---------- */

/** Where a stage records a failure: status plus a detail message. */
typedef struct care_error {
    care_status status;
    char message[512];
} care_error;

/** Record a failure in `err` (may be NULL) and return `status`. printf-style message. */
care_status care_fail(care_error *err, care_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---------- checked allocation ---------- */

/** calloc with an overflow check of n * size; NULL on failure or overflow. */
void *care_calloc(size_t n, size_t size);
/** realloc of an array to n elements of size bytes, overflow-checked; NULL on failure
 *  (the old block is then still valid). */
void *care_realloc_array(void *ptr, size_t n, size_t size);
/** Copy of `len` bytes plus a NUL; NULL on failure. */
char *care_strndup(const char *s, size_t len);

/* ---------- text (text.c) ---------- */

/** Largest input accepted by care_document_parse. */
#define CARE_MAX_INPUT_BYTES ((size_t)16 << 20)

/**
 * Check that s[0..len) is well-formed UTF-8 (Unicode 15, Table 3-7).
 * With replace == false: on the first ill-formed subsequence return
 * CARE_ERR_INVALID_UTF8 with *bad_offset set to its byte offset; *out is NULL.
 * With replace == true: *out is a newly allocated NUL-terminated copy in which
 * each maximal subpart of an ill-formed subsequence is one U+FFFD;
 * *replaced counts them. When the input is valid, *out is a plain copy.
 * Never reads s[len] or beyond.
 */
care_status care_utf8_validate(const char *s, size_t len, bool replace, char **out,
                               size_t *out_len, size_t *bad_offset, size_t *replaced);

/** Decode one code point of valid UTF-8 at s[*i] (i < len), advancing *i. */
uint32_t care_utf8_next(const char *s, size_t len, size_t *i);

/** Encode cp as UTF-8 into buf (4 bytes room); returns the byte count. */
size_t care_utf8_encode(uint32_t cp, char *buf);

/** NFC-normalise valid UTF-8; *out newly allocated, NUL-terminated. Errors: CARE_ERR_TEXT, NO_MEMORY. */
care_status care_nfc(const char *s, size_t len, char **out, size_t *out_len, care_error *err);

/** Is cp a Han ideograph, kana, Hangul, bopomofo, or a full-width CJK symbol/punctuation? */
bool care_is_cjk(uint32_t cp);
/** Is cp one of list[0..n)? */
bool care_codepoint_in(const uint32_t *list, size_t n, uint32_t cp);
/** care_codepoint_in over a static array. */
#define CARE_CODEPOINT_IN(array, cp) care_codepoint_in(array, sizeof array / sizeof *array, cp)

/** Is the BCP 47 tag Chinese ("zh", "zh-…"; case-insensitive)? */
bool care_lang_is_chinese(const char *lang);
/** Is it Traditional Chinese (zh-Hant, zh-TW, zh-HK, zh-MO): 「」 quotes, centred stops? */
bool care_lang_is_traditional(const char *lang);
/** Longest language tag accepted (bytes). */
#define CARE_LANG_TAG_MAX 31
/** Is tag a well-formed BCP 47 language tag (RFC 5646, as ICU's
 *  uloc_forLanguageTag parses it; '_' taken for '-'), 1..CARE_LANG_TAG_MAX bytes? */
bool care_lang_tag_valid(const char *tag);

/** Is cp a Han ideograph (unified, extensions, compatibility)? */
bool care_is_han(uint32_t cp);

/* ---------- atomic output (atomic_file.c) ---------- */

/** strerror_r into buf (thread-safe); a fixed text when that fails. */
const char *care_error_text(int errnum, char *buf, size_t size);

/** A file being written: a temporary file beside `path`, renamed over it when complete. */
typedef struct care_atomic_file {
    const char *path; /* borrowed */
    char *tmp;
    int fd;           /* the caller writes and closes it */
} care_atomic_file;

/** Create the temporary file "<dir>/.<name>.XXXXXX" (mode 0644) for path.
 *  Errors: CARE_ERR_IO (message names path and the reason), CARE_ERR_NO_MEMORY. */
care_status care_atomic_open(care_atomic_file *f, const char *path, care_error *err);
/** After the caller closed fd: rename the temporary file over path; 0, or the
 *  errno of a failed rename (the temporary file is then removed). */
int care_atomic_commit(care_atomic_file *f);
/** After a failure (fd closed): remove the temporary file. */
void care_atomic_abandon(care_atomic_file *f);

/* ---------- growable byte buffer ---------- */

typedef struct care_buf {
    char *data;
    size_t len, cap;
    bool failed; /* an allocation failed: contents are incomplete */
} care_buf;

void care_buf_append(care_buf *b, const char *s, size_t n);
void care_buf_puts(care_buf *b, const char *s);
void care_buf_printf(care_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void care_buf_free(care_buf *b);

/* ---------- document model (document.c, markdown.c, plaintext.c) ---------- */

/** What a Markdown article's front matter declares ("" when absent). */
typedef struct care_front_matter {
    char lang[32];
    char title[512], author[256], source[256];
} care_front_matter;

enum { CARE_STYLE_BOLD = 1, CARE_STYLE_EM = 2 };

/** A styled byte range [start, end) of a block's text. Spans cover the text in order. */
typedef struct care_span {
    size_t start, end;
    unsigned style; /* CARE_STYLE_* bits */
} care_span;

typedef struct care_block {
    care_block_kind kind;
    int level;             /* heading level 2..6; list nesting depth 1..; else 0 */
    char *text;            /* NFC UTF-8, NUL-terminated */
    size_t text_len;
    care_span *spans;
    size_t span_count;
    size_t source_start, source_end; /* byte offsets in the input */
    char marker[16];       /* list marker ("•", "3."), drawn before the text, not part of it */
} care_block;

struct care_document {
    care_block *blocks;
    size_t count, cap;
    char *title, *author, *source; /* "" when absent */
    char *name;                    /* input name for messages */
    size_t replaced;               /* U+FFFD substitutions made */
    care_front_matter front;       /* front matter; front.lang: the language it declares */
    const char *detected_lang;     /* "zh-Hant" found in the text (lang_detect.c), else NULL */
    size_t dropped_controls;       /* control characters (not tab/newline) dropped */
};

/**
 * Front matter ("---" / "key: value" lines / "---") at the very start of a
 * Markdown text (frontmatter.c): copies the `lang:`, `title:`, `author:` and
 * `source:` values into fm (empty otherwise) and overwrites the block with
 * spaces, keeping newlines, so that
 * parsing and byte offsets are unaffected. Returns the bytes blanked (0: none).
 */
size_t care_front_matter_blank(char *text, size_t len, care_front_matter *fm);

/** Append a zeroed block to doc; NULL when memory runs out. */
care_block *care_document_push_block(care_document *doc);
/** Give blk the spans clipped to [a, e) and rebased to a, equal neighbours
 *  merged (blk->spans allocated); false when memory runs out. */
bool care_spans_clip(const care_span *spans, size_t count, size_t a, size_t e, care_block *blk);

/** Parse Markdown (md4c) from valid UTF-8 into doc (empty on entry). */
care_status care_parse_markdown(const char *text, size_t len, care_document *doc, care_error *err);
/** Parse plain text from valid UTF-8 into doc (empty on entry). */
care_status care_parse_plain(const char *text, size_t len, care_document *doc, care_error *err);

/**
 * Punctuation normalisation of one block of Chinese text (punct.c): ASCII
 * , : ; ? ! ( ) in Han context become ，：；？！（）, straight double quotes
 * around Han text become “ ” (「 」 when `traditional`); spaces typed around
 * a converted mark go; spans follow. GB/T 15834-2011.
 */
care_status care_normalize_punctuation(care_block *b, bool traditional, care_error *err);

/* ---------- fonts (fonts.c) ---------- */

typedef struct care_fontset care_fontset;

#define CARE_NO_FACE 0xFFFF

/** Font metrics in font units (hhea, or OS/2 typo when USE_TYPO_METRICS). */
typedef struct care_face_metrics {
    float upem, ascender, descender /* negative */, line_gap;
} care_face_metrics;

struct care_glyph_cache;

struct care_engine {
    care_error error;
    care_fontset *fonts;
    unsigned font_generation; /* bumped by every care_engine_set_fonts */
    struct care_glyph_cache *glyphs;
    struct care_shape_cache *shapes; /* shaping results in font units (shape_cache.c) */
    care_limits limits; /* care_engine_set_limits (limits.c) */
};

/* Default limits (care_limits_default); page side and area and the font size
 * range are also the most care_engine_set_limits accepts. */
/** Most pages a layout may have. */
#define CARE_MAX_PAGES 1000
/** Largest page side and area in px. */
#define CARE_MAX_PAGE_SIDE 16384
#define CARE_MAX_PAGE_AREA ((size_t)1 << 28)
/** Body font size range in px. */
#define CARE_MIN_FONT_SIZE 4
#define CARE_MAX_FONT_SIZE 2048
/** Most lines one block may break into. */
#define CARE_MAX_PARAGRAPH_LINES 100000
/* The most care_engine_set_limits accepts for the other limits. */
#define CARE_CEILING_INPUT_BYTES ((size_t)1 << 30)
#define CARE_CEILING_PAGES 1000000
#define CARE_CEILING_PARAGRAPH_LINES 10000000

#endif
