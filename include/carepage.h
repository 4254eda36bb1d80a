/*
 * carepage — care-mode (关怀版, large-print) typesetting of news articles.
 *
 * One header, C11, usable from C++. Every call that can fail returns a
 * care_status; the detail message (file, byte offset, font) of the last
 * failure is kept by the engine (care_engine_last_error).
 *
 * Units: lengths are pixels as float; text positions are byte offsets into
 * UTF-8 text. Colours are 0xRRGGBB.
 *
 * Thread-safety: an engine and everything made with it (documents, layouts)
 * belong to one thread at a time. Different engines may be used from
 * different threads at once; the library has no global mutable state.
 *
 * Blending policy: glyph coverage c (0..255 from FreeType's anti-aliased
 * rasteriser) is composited in sRGB space, per channel:
 *   out = (bg * (255 - c) + fg * c + 127) / 255      (integer division)
 * so white-on-black pixels are exactly the inverse of black-on-white ones.
 */
#ifndef CAREPAGE_H
#define CAREPAGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(CARE_BUILDING_LIBRARY) && defined(__GNUC__)
#define CARE_API __attribute__((visibility("default")))
#else
#define CARE_API
#endif

#define CARE_VERSION_MAJOR 0
#define CARE_VERSION_MINOR 1
#define CARE_VERSION_PATCH 0
/** True when the header's version is at least major.minor.patch. */
#define CARE_VERSION_ATLEAST(major, minor, patch)                                   \
    ((CARE_VERSION_MAJOR > (major)) ||                                              \
     (CARE_VERSION_MAJOR == (major) && CARE_VERSION_MINOR > (minor)) ||             \
     (CARE_VERSION_MAJOR == (major) && CARE_VERSION_MINOR == (minor) &&             \
      CARE_VERSION_PATCH >= (patch)))

/** Result of every fallible call. Values never change once released. */
typedef enum care_status {
    CARE_OK = 0,
    CARE_ERR_INVALID_ARGUMENT = 1, /**< a NULL pointer, out-of-range value or bad option */
    CARE_ERR_NO_MEMORY = 2,        /**< an allocation failed or a size overflowed */
    CARE_ERR_IO = 3,               /**< reading or writing a file failed */
    CARE_ERR_INVALID_UTF8 = 4,     /**< input is not well-formed UTF-8 (message has the byte offset) */
    CARE_ERR_FONT = 5,             /**< a font could not be found, opened or used */
    CARE_ERR_LOW_CONTRAST = 6,     /**< colours below 7:1 (WCAG 1.4.6) without allow_low_contrast */
    CARE_ERR_LIMIT = 7,            /**< a size limit was exceeded (message names it) */
    CARE_ERR_TEXT = 8,             /**< Unicode processing (ICU) failed */
    CARE_ERR_PNG = 9               /**< libpng reported an error */
} care_status;

/** A static English name of a status ("ok", "invalid UTF-8", ...); never NULL. Thread-safe. */
CARE_API const char *care_status_string(care_status status);

/** The library's version as "MAJOR.MINOR.PATCH"; static storage. Thread-safe. */
CARE_API const char *care_version_string(void);

/* ------------------------------------------------------------------ */
/* Engine: fonts and caches                                           */
/* ------------------------------------------------------------------ */

/** Opaque engine: the font set, shaping and glyph caches, the last error. */
typedef struct care_engine care_engine;

/**
 * Where the engine's fonts come from. Each string is either a fontconfig
 * family name ("Noto Sans CJK SC") or a file path, optionally followed by
 * "#N" to choose face N of a collection ("/x/y.ttc#2"). NULL means the
 * default. Strings are copied; the caller keeps ownership.
 */
typedef struct care_font_config {
    const char *cjk_regular;  /**< default "Noto Sans CJK SC" (Regular) from fonts-noto-cjk */
    const char *cjk_bold;     /**< default "Noto Sans CJK SC" Bold */
    const char *latin_regular;/**< default NULL: the CJK face's own Latin glyphs */
    const char *latin_bold;   /**< default NULL: latin_regular if set, else the CJK bold face */
    const char *emoji;        /**< colour emoji face for clusters with emoji presentation
                                   (U+FE0F, or Emoji_Presentation characters); default
                                   "Noto Color Emoji" from fonts-noto-color-emoji when installed
                                   (not an error when absent: fontconfig fallback then) */
    const char *const *fallback; /**< further faces tried in order before fontconfig's own
                                   fallback (e.g. a second CJK face for Extension B); may be NULL */
    size_t fallback_count;
} care_font_config;

/**
 * Create an engine with no fonts loaded yet. Errors: CARE_ERR_NO_MEMORY,
 * CARE_ERR_FONT (FreeType or fontconfig could not start),
 * CARE_ERR_INVALID_ARGUMENT (out is NULL). On failure *out is NULL.
 * Free with care_engine_free.
 */
CARE_API care_status care_engine_new(care_engine **out);

/**
 * Load the engine's font set; `fonts` may be NULL for the defaults. Called
 * again, it replaces the set and drops every cache entry of the old faces;
 * layouts made before then can no longer be rendered (the render calls return
 * CARE_ERR_INVALID_ARGUMENT): lay the documents out again.
 * Errors: CARE_ERR_FONT (the message starts with the care_font_config field
 * that failed, "latin_regular: ", "fallback[1]: ", and names the family or file
 * that is missing or unreadable), CARE_ERR_INVALID_ARGUMENT (engine NULL, or fallback NULL with a
 * fallback_count), CARE_ERR_NO_MEMORY. On failure the engine keeps its old fonts.
 */
CARE_API care_status care_engine_set_fonts(care_engine *engine, const care_font_config *fonts);

/** Free an engine and its caches. NULL is allowed. Documents and layouts made
 *  with it must be freed first. */
CARE_API void care_engine_free(care_engine *engine);

/** The detail message of the engine's last failure ("" when none), naming the
 *  file, byte offset or font. Borrowed; valid until the next call on the engine. */
CARE_API const char *care_engine_last_error(const care_engine *engine);

/**
 * Resource limits of an engine. Input beyond a limit fails with
 * CARE_ERR_LIMIT and a message naming the limit and the value (e.g. "pages:
 * the layout needs more than 1000 pages (limit max_pages)"), instead of using
 * unbounded memory or time. Fill with care_limits_default(), change fields,
 * then care_engine_set_limits(). The page size and font size limits can only be
 * tightened: their defaults are also the most the renderer supports.
 */
typedef struct care_limits {
    size_t max_input_bytes;     /**< bytes given to care_document_parse; default 16 MiB
                                     (16777216), at most 1 GiB */
    size_t max_pages;           /**< pages of a layout; default 1000, at most 1000000;
                                     checked while lines are made (their heights against
                                     max_pages text boxes) and while paginating */
    int max_page_side;          /**< page width and height in px; default and at most 16384 */
    size_t max_page_area;       /**< page width x height in px; default and at most 2^28 */
    float min_font_size;        /**< body font size in px (titles are 1.5x, headings 1.25x);
                                     default and at least 4 */
    float max_font_size;        /**< default and at most 2048 */
    size_t max_paragraph_lines; /**< lines one block (paragraph, heading, ...) may break
                                     into; default 100000, at most 10000000; checked as it
                                     is broken, 64 KiB of text at a time */
    size_t max_image_pixels;    /**< pixels (width x height as stored) of one photo;
                                     default 50000000, at most 2^31. A photo over it is not
                                     shown (see care_layout_image_problem) */
    size_t max_image_bytes;     /**< bytes of one photo file or data: URI; default 32 MiB
                                     (33554432), at most 1 GiB; over it: not shown */
} care_limits;

/** Fill `limits` with the defaults above. NULL is ignored. Thread-safe. */
CARE_API void care_limits_default(care_limits *limits);

/**
 * Set the engine's limits (a new engine has the defaults); they apply to the
 * calls that follow. Errors: CARE_ERR_INVALID_ARGUMENT (NULL, or a value out of
 * the ranges above; the message names the field) — the old limits stay.
 */
CARE_API care_status care_engine_set_limits(care_engine *engine, const care_limits *limits);

/** The engine's current limits. Errors: CARE_ERR_INVALID_ARGUMENT (NULL). */
CARE_API care_status care_engine_limits(const care_engine *engine, care_limits *out);

/* ------------------------------------------------------------------ */
/* Documents                                                          */
/* ------------------------------------------------------------------ */

/** Opaque parsed article: blocks of styled runs. */
typedef struct care_document care_document;

/** Input formats. */
typedef enum care_format {
    CARE_FORMAT_AUTO = 0,     /**< HTML when the bytes look like a web page; Markdown when
                                   the text starts with "# " or has Markdown headings
                                   ("## "), lists ("- ", "* ", "1. "), quotes ("> "),
                                   **strong** text or links; else plain text */
    CARE_FORMAT_MARKDOWN = 1, /**< CommonMark subset, see README */
    CARE_FORMAT_TEXT = 2,     /**< first line title, blank lines between paragraphs */
    CARE_FORMAT_HTML = 3      /**< a web page: its article is extracted (title, byline,
                                   body; navigation, adverts, comments left out). The
                                   encoding comes from a BOM or <meta charset>, legacy
                                   encodings (GBK, Big5, ...) are converted; AUTO picks
                                   HTML for input starting with a doctype, <html>,
                                   <head> or <body> */
} care_format;

/**
 * The name of an input format: "auto", "markdown", "text" or "html" (the
 * CLI's --format values). NULL when `format` is no care_format value.
 * Thread-safe; the string is static.
 */
CARE_API const char *care_format_name(care_format format);

/**
 * The input format named `name` ("auto", "markdown", "text", "html"; exact,
 * lower case) into *out. Errors: CARE_ERR_INVALID_ARGUMENT (NULL argument or
 * an unknown name; *out is then unchanged). Thread-safe.
 */
CARE_API care_status care_format_from_name(const char *name, care_format *out);

/** Kinds of blocks (also the layout dump's `kind`). */
typedef enum care_block_kind {
    CARE_BLOCK_TITLE = 0,
    CARE_BLOCK_BYLINE,
    CARE_BLOCK_HEADING,
    CARE_BLOCK_PARAGRAPH,
    CARE_BLOCK_QUOTE,
    CARE_BLOCK_LIST_ITEM,
    CARE_BLOCK_CAPTION,
    CARE_BLOCK_FOOTER, /**< page furniture, never in a document */
    CARE_BLOCK_FIGURE  /**< a photo; its text is its caption, else its alt text, else empty
                            (a file name is never a caption); see care_document_figure_src */
} care_block_kind;

/** Options for parsing. Zero-initialise, then set what you need. */
typedef struct care_parse_options {
    care_format format;
    bool replace_invalid; /**< each maximal ill-formed UTF-8 subsequence becomes one U+FFFD
                               (Unicode ch. 3, "U+FFFD substitution of maximal subparts")
                               instead of failing with CARE_ERR_INVALID_UTF8 */
    const char *name;     /**< input name used in messages and the dump's `source`; may be NULL */
    const char *lang;     /**< BCP 47 language; NULL: the article's front matter `lang`, else
                               "zh-Hant" for Traditional Chinese text (see
                               care_document_lang), else "zh-Hans". Chinese text ("zh...") has its
                               punctuation normalised (GB/T 15834): ASCII , : ; ? ! ( ) in Han
                               context become ，：；？！（）, straight quotes around Han text
                               “ ” (「 」 for zh-Hant/zh-TW/zh-HK) */
    bool keep_punct;      /**< keep the punctuation as typed */
    bool no_extract;      /**< take a plain text whole even when it looks like a copy of a
                               whole web page (see care_document_extraction) */
} care_parse_options;

/** What care_document_parse made of a plain text (CARE_FORMAT_TEXT or AUTO). */
typedef enum care_extraction {
    CARE_EXTRACT_NONE = 0,  /**< taken whole: an article already (or Markdown, HTML, no_extract) */
    CARE_EXTRACT_ARTICLE,   /**< a copy of a whole web page: its article was kept, the page
                                 furniture around it (navigation, share counters, related
                                 lists, notices) left out; the headline is the title */
    CARE_EXTRACT_NOT_FOUND  /**< looked like a page copy, but no article was found in it:
                                 taken whole; callers should warn */
} care_extraction;

/**
 * Parse `len` bytes of UTF-8 (no NUL terminator needed). The text is
 * normalised to NFC. The bytes are copied; the caller keeps ownership.
 * Errors: CARE_ERR_INVALID_UTF8 (message: input name and byte offset),
 * CARE_ERR_LIMIT (input over the engine's max_input_bytes, default 16 MiB),
 * CARE_ERR_NO_MEMORY, CARE_ERR_TEXT, CARE_ERR_INVALID_ARGUMENT. Free the result with care_document_free.
 */
CARE_API care_status care_document_parse(care_engine *engine, const char *bytes, size_t len,
                                         const care_parse_options *options, care_document **out);

/** Free a document. NULL is allowed. */
CARE_API void care_document_free(care_document *doc);

/**
 * Write a document as Markdown to `out` (UTF-8): "# " title, byline lines
 * ending in two spaces, "##" headings, "> " quotes, "- " / "1. " list items,
 * captions as image alt text "![...]()", **strong** and *em*; Markdown
 * punctuation in the text is backslash-escaped, so carepage reads the
 * output back into the same blocks. Used by `carepage --extract-only` to
 * show what was taken from a web page. Errors: CARE_ERR_INVALID_ARGUMENT
 * (NULL doc or out), CARE_ERR_IO (writing failed), CARE_ERR_NO_MEMORY.
 */
CARE_API care_status care_document_write_markdown(const care_document *doc, FILE *out);

/** Number of blocks. */
CARE_API size_t care_document_block_count(const care_document *doc);

/**
 * Where the photo of block i (a CARE_BLOCK_FIGURE) comes from, as the article
 * wrote it: its first source (a path relative to the article, an http(s) URL,
 * or a data: URI's media type such as "data:image/png"). Borrowed, valid as
 * long as the document; NULL when block i is not a figure or has no source.
 */
CARE_API const char *care_document_figure_src(const care_document *doc, size_t i);

/**
 * Hand over the photo of figure block i as bytes of a JPEG, PNG, WebP or GIF
 * file (a reader app that has fetched or cached them): layouts made after
 * this use them instead of reading a file. The bytes are copied; the caller
 * keeps ownership of its buffer. Errors: CARE_ERR_INVALID_ARGUMENT (doc or
 * bytes NULL, len 0, or block i not a figure), CARE_ERR_LIMIT (over 1 GiB),
 * CARE_ERR_NO_MEMORY. The format is checked when a layout decodes them.
 */
CARE_API care_status care_document_set_figure_bytes(care_document *doc, size_t i,
                                                    const void *bytes, size_t len);

/** Block i: its kind and its NUL-terminated text after normalisation (borrowed,
 *  valid as long as the document). Returns CARE_ERR_INVALID_ARGUMENT when i is out of range. */
CARE_API care_status care_document_block(const care_document *doc, size_t i,
                                         care_block_kind *kind, const char **text);

/** The document's title, author and source as found in the article ("" when
 *  absent); borrowed, valid as long as the document. */
CARE_API const char *care_document_title(const care_document *doc);
CARE_API const char *care_document_author(const care_document *doc);
CARE_API const char *care_document_source(const care_document *doc);

/** The article's language: the one it declares (Markdown front matter
 *  `lang: zh-Hant`, an HTML page's `<html lang>`; a value that is not a
 *  BCP 47 tag is ignored), else, when care_parse_options.lang was NULL, "zh-Hant" if
 *  its characters are Traditional Chinese (among its first 4,000 Han
 *  characters, those only Big5 can encode are at least 4 and more than twice
 *  those only GB2312 can encode), else "". Borrowed, valid as long as the
 *  document. care_layout_new uses it when the page options give no lang. */
CARE_API const char *care_document_lang(const care_document *doc);

/** Does ICU know the language of this BCP 47 tag ("zh-Hant", "en", "yue": yes;
 *  "garbage", "xyz": no; a tag that is not well-formed, "und" or NULL: no)? A
 *  well-formed tag of a language ICU does not know is accepted by
 *  care_document_parse and care_layout_new, but shaping and line breaking then
 *  follow the root locale's rules (no `locl` forms, no zh punctuation rules):
 *  callers should warn about it. '_' is taken for '-'. Thread-safe; no engine. */
CARE_API bool care_language_known(const char *tag);

/** How many ill-formed UTF-8 subsequences (or bytes a legacy page encoding
 *  cannot map) were replaced with U+FFFD
 *  (care_parse_options.replace_invalid); callers should warn when it is not 0. */
CARE_API size_t care_document_replaced_count(const care_document *doc);

/** How many control characters (C0 and C1, other than tab and newline) the
 *  parser dropped from the text; callers should warn when it is not 0. */
CARE_API size_t care_document_dropped_controls(const care_document *doc);

/**
 * Whether a plain text was a copy of a whole web page and its article was
 * picked out of it; *dropped_lines (may be NULL) is set to the lines left out.
 * How the article is found: every non-blank line is classified by its look
 * (length, sentence and clause punctuation, function words, dates, counters,
 * navigation and notice words, a line repeated elsewhere), the article is the
 * run of lines with the best total score (jusText-style boilerplate removal),
 * the headline is the nearest headline-like line before it and label lines
 * (来源：, 作者：, By:) and dates next to it are bylines. A text in which nothing
 * but the title and bylines would be left out is an article already.
 * NULL doc gives CARE_EXTRACT_NONE.
 */
CARE_API care_extraction care_document_extraction(const care_document *doc,
                                                  size_t *dropped_lines);

/* ------------------------------------------------------------------ */
/* Page settings                                                      */
/* ------------------------------------------------------------------ */

/** Paragraph alignment. */
typedef enum care_align {
    CARE_ALIGN_AUTO = 0, /**< justify CJK-dominant paragraphs, start-align Latin ones (clreq; WCAG 1.4.8) */
    CARE_ALIGN_JUSTIFY,
    CARE_ALIGN_START
} care_align;

/**
 * Page settings. Fill with care_page_options_preset(), then change fields.
 * All lengths in px.
 */
typedef struct care_page_options {
    int width, height;        /**< page size in px */
    float dpi;                /**< written to the PNG pHYs chunk */
    float font_size;          /**< body size in px; title 1.5x, headings 1.25x */
    float line_height;        /**< baseline distance as a multiple of the font size;
                                   0 means "normal": the fonts' own ascender - descender + line gap */
    float margin_top, margin_bottom, margin_side; /**< minimum margins; the text box width is
                                   snapped down to a whole number of em (clreq) and the side
                                   margins share the rest */
    float indent_em;          /**< first-line indent of paragraphs in em (default 2, clreq) */
    float paragraph_spacing;  /**< extra space between body paragraphs, in em (default 0) */
    care_align align;
    uint32_t foreground, background; /**< 0xRRGGBB */
    bool allow_low_contrast;  /**< accept colours below 7:1 */
    unsigned punct_trim;      /**< CARE_PUNCT_TRIM_* bits (标点挤压, clreq §3.1.6); preset:
                                   ALL | FLUSH_BY_LANG */
    float cjk_latin_spacing;  /**< space between Han and Latin letters or digits in em
                                   (中西文间距, clreq §3.2.2); preset 0.25, 0 for none */
    bool greedy_breaking;     /**< fit lines one at a time instead of total-fit (whole
                                   paragraph, Knuth–Plass style); preset false */
    bool long_image;          /**< one tall image (长图) instead of pages: no page numbers,
                                   `height` is the most a part may have (split into parts
                                   when longer, never through a line), and each part's PNG
                                   ends below its last line (care_layout_page reports it) */
    bool strict_glyphs;       /**< fail with CARE_ERR_FONT, naming the code points, when no
                                   installed font covers a character (default: draw the primary
                                   face's .notdef box and count it, see care_layout_missing_count) */
    bool hanging_punct;       /**< let one 、，。 hang past the line end instead of pulling a
                                   character down; preset false */
    const char *lang;         /**< BCP 47 language of the text for shaping (`locl`) and line
                                   breaking; NULL (the presets' value) means the document's own
                                   language, else "zh-Hans". Borrowed for the layout call */
    const char *theme_name;   /**< name written to the layout dump (borrowed) */
    float pdf_width, pdf_height; /**< PDF page size in pt (care_render_pdf), 0..14400 each:
                                   preset a4 595.28 x 841.89 (ISO 216 A4, the page drawn at
                                   its 300 dpi, 0.24 pt a px), the other presets 0 x 0: the
                                   page at 96 px per inch (0.75 pt a px). A page that does not
                                   fill the paper's shape is scaled to fit and centred */
    bool no_images;           /**< leave the photos out (their captions and alt text are still
                                   set, as captions); preset false */
    const char *image_dir;    /**< directory the article's relative image paths start from
                                   (the article file's directory); NULL: the current directory.
                                   Borrowed for the care_layout_new call. Remote (http, https)
                                   images are never fetched */
    float figure_max_height;  /**< most height of a photo as a share of the text area's
                                   height, 0.1..1; preset 0.6 (0 also means 0.6) */
} care_page_options;

/** Punctuation trimming (CSS Text 4 text-spacing-trim; clreq §3.1.6; GB/T 15834 5.1.10). */
enum {
    CARE_PUNCT_TRIM_NONE = 0,
    CARE_PUNCT_TRIM_ADJACENT = 1, /**< two adjacent full-width marks of 2 em set in 1.5 em */
    CARE_PUNCT_TRIM_START = 2,    /**< an opening mark starting a line (not a paragraph) loses ½ em */
    CARE_PUNCT_TRIM_END = 4,      /**< a closing mark ending a line loses ½ em when that lets it fit */
    CARE_PUNCT_TRIM_ALL = 7,
    CARE_PUNCT_TRIM_FLUSH = 8,    /**< a line-end ，。、；：！？ always set in ½ em, so justified
                                       lines end flush (GB/T 15834-2011 5.1.10; a centred
                                       Traditional stop loses ¼ em each side) */
    CARE_PUNCT_TRIM_FLUSH_BY_LANG = 16, /**< FLUSH for Simplified Chinese, not for Traditional
                                       (centred marks keep their full em, clreq §3.1.6);
                                       in the presets */
    CARE_PUNCT_TRIM_MAX = 31      /**< every bit */
};

/**
 * Fill `opts` with a preset: "phone" (1080x1920, 54 px body), "tablet"
 * (1600x2560, 72 px), "kiosk" (1920x1080, 64 px), "a4" (2480x3508 at
 * 300 dpi, 27 pt = 112 px); every body at least 4.5 % of the shorter side. Line height 1.7 (clreq: 50-100 % leading),
 * theme black-on-white. Errors: CARE_ERR_INVALID_ARGUMENT for an unknown name.
 */
CARE_API care_status care_page_options_preset(care_page_options *opts, const char *preset);

/**
 * Fill `opts` with a preset for a page of width x height px: the preset's
 * margins and body size scaled by the ratio of the shorter sides (so they are
 * the same fractions of the page's shorter side as in the preset; the title
 * (1.5x), headings (1.25x) and page number (body size, centred in the bottom
 * margin) follow), rounded to whole px; the body size never below the care-mode
 * minimum: 18 dp at the preset's dpi (18 x dpi / 160 px) and 4.5 % of the shorter
 * side, rounded up. A page whose shorter side is the preset's gets exactly the
 * preset's sizes. E.g. "kiosk" at 800x480: body 28 px, margins 36/64/57 px,
 * 24 characters a line. Errors: CARE_ERR_INVALID_ARGUMENT for an unknown name
 * or a side below 1 px (the layout checks the limits).
 */
CARE_API care_status care_page_options_preset_size(care_page_options *opts, const char *preset,
                                                   int width, int height);

/**
 * Set the colours of a built-in theme: "black-on-white", "white-on-black",
 * "yellow-on-black", "black-on-cream" (each at least 7:1, WCAG 1.4.6).
 * Errors: CARE_ERR_INVALID_ARGUMENT for an unknown name.
 */
CARE_API care_status care_page_options_theme(care_page_options *opts, const char *theme);

/** WCAG 2 contrast ratio of two 0xRRGGBB colours (lighter over darker), 1..21. */
CARE_API double care_contrast_ratio(uint32_t a, uint32_t b);

/* ------------------------------------------------------------------ */
/* Layout                                                             */
/* ------------------------------------------------------------------ */

/** Opaque layout: pages of positioned lines. */
typedef struct care_layout care_layout;

/**
 * Lay out a document into pages: itemisation, shaping, line breaking
 * (UAX #14 with the Chinese strict rules of clreq §3.1.7), justification,
 * pagination (headings kept with their text, no widows or orphans when
 * avoidable). `doc` and `engine` must outlive the layout. The photos are
 * read, checked, given their boxes and decoded here, so the pages and the
 * photos not shown (care_layout_image_problem) never depend on timing; only
 * the pixels of a baseline JPEG, whose decoding cannot fail once its headers
 * are read, are decoded after it returns, on one photo thread that the
 * layout owns until care_layout_free (in document order; without a thread
 * they are decoded here). That thread reads only the photos' bytes (a
 * file's, read here and kept by the layout; data: and caller-given ones,
 * the document's) and libjpeg, never the engine, so the calling thread uses
 * the engine and the layout as before (one thread at a time); what reads a
 * photo's pixels (care_render_page and the other render calls) waits for
 * them, and care_layout_image_problem_count waits for all. A large JPEG's
 * rows (1 MB and more after the decoder's scaling, with 2 or more cores
 * online) are area-averaged on one more helper thread while the next ones
 * are decoded, joined before the photo is used.
 * Errors: CARE_ERR_INVALID_ARGUMENT (a margin, line height, spacing, dpi,
 * align or colour out of range, or no room for text; the message names it),
 * CARE_ERR_LOW_CONTRAST (message gives the ratio), CARE_ERR_LIMIT (a page side
 * below 1 or over care_limits, a font size outside them; named), CARE_ERR_FONT,
 * CARE_ERR_TEXT, CARE_ERR_NO_MEMORY.
 */
CARE_API care_status care_layout_new(care_engine *engine, const care_document *doc,
                                     const care_page_options *opts, care_layout **out);

/** Free a layout; a photo still being decoded on its photo thread stops at its
 *  next row and the thread is joined first. NULL is allowed. */
CARE_API void care_layout_free(care_layout *layout);

/** How many distinct characters no installed font covers (drawn as the
 *  primary face's .notdef box; the layout dump counts them per run as `missing`). */
CARE_API size_t care_layout_missing_count(const care_layout *layout);

/** The i-th such character (a code point), 0 when i is out of range. */
CARE_API uint32_t care_layout_missing_char(const care_layout *layout, size_t i);

/** Number of pages (at least 1). */
CARE_API size_t care_layout_page_count(const care_layout *layout);

/**
 * Photos of the document that are not shown: a remote (http, https) image
 * (carepage never fetches), a missing or unreadable file, one that is not a
 * JPEG, PNG, WebP or GIF, truncated or corrupt, or over max_image_pixels or
 * max_image_bytes. Their caption or alt text is set as a caption instead.
 * Callers should warn once, listing them. Icons and spacers (both sides under
 * 48 px) are left out silently, and none is counted with no_images. Waits
 * for the photos still being decoded on the layout's photo thread (see
 * care_layout_new): one failing there (not expected: what can fail is found
 * before) is listed last, and its box stays blank.
 */
CARE_API size_t care_layout_image_problem_count(const care_layout *layout);

/** The i-th such photo: a message naming its source and the reason ("photos/a.jpg:
 *  not found in DIR", "x.png: 100000x100000 = ... pixels, over the limit of ...
 *  (max_image_pixels)"); borrowed, valid as long as the layout. NULL when i is out
 *  of range. */
CARE_API const char *care_layout_image_problem(const care_layout *layout, size_t i);

/** One page. */
typedef struct care_page_info {
    size_t line_count; /**< lines on the page, the page-number line included */
    int width, height; /**< px; in a long image (long_image) the height of the part's PNG,
                            cropped below its last line — surfaces given to the render
                            calls always have the full care_page_options.height */
} care_page_info;

/** Information on page `page` (0-based). Errors: CARE_ERR_INVALID_ARGUMENT. */
CARE_API care_status care_layout_page(const care_layout *layout, size_t page, care_page_info *out);

/** One positioned line. Strings are borrowed from the layout. */
typedef struct care_line_info {
    long block;            /**< index of the document block, -1 for page furniture */
    care_block_kind kind;
    const char *text;      /**< the line's characters (not NUL-terminated), logical order */
    size_t text_len;       /**< bytes */
    size_t start, end;     /**< byte offsets of the line in its block's text */
    float x, baseline, width; /**< advance box: first glyph origin to last advance end, px */
    float ascent, descent; /**< from the hhea/OS-2 metrics of the fonts on the line, px */
    float font_size;       /**< px */
    size_t missing;        /**< glyphs drawn as .notdef */
} care_line_info;

/** Line `line` of page `page`. A photo is a line of kind CARE_BLOCK_FIGURE
 *  without text: its box is x, baseline - ascent, width, ascent (whole px); its
 *  caption follows as CARE_BLOCK_CAPTION lines of the same block.
 *  Errors: CARE_ERR_INVALID_ARGUMENT. */
CARE_API care_status care_layout_line(const care_layout *layout, size_t page, size_t line,
                                      care_line_info *out);

/**
 * Write the layout dump (format "carepage-layout" version 1, see
 * docs/layout-json.md) to `path`, atomically (temporary file + rename).
 * `source_name` is written as the dump's `source` (may be NULL); each page's
 * `file` is "page-NNN.png", the names the CLI writes.
 * Errors: CARE_ERR_IO (message names the file), CARE_ERR_NO_MEMORY.
 */
CARE_API care_status care_layout_write_json(care_layout *layout, const char *path,
                                            const char *source_name);

/* ------------------------------------------------------------------ */
/* Rendering                                                          */
/* ------------------------------------------------------------------ */

/**
 * Pixel formats of caller-owned surfaces.
 *
 * Every page is first drawn as its *page raster* — the pixels the PNG path
 * writes: GRAY8 when both theme colours are grey (R = G = B) and the page
 * draws no colour emoji, RGB888 otherwise — and each surface pixel is that
 * raster pixel converted as below.
 * So a surface's bytes equal the PNG page converted to the surface's format,
 * exactly. Notation for one page pixel: R, G, B (a GRAY8 page pixel v has
 * R = G = B = v) and its luma
 *   Y = (2126 R + 7152 G + 722 B + 5000) / 10000   (integer division;
 *                                                    Y = v for a GRAY8 page).
 * Multi-byte pixels follow Linux fbdev on a little-endian machine: the
 * "32-bit word" names give the word's bits from the most significant down,
 * stored least significant byte first. The byte list after "bytes:" is the
 * order in memory. X and A bytes are written as 0xFF.
 */
typedef enum care_pixel_format {
    CARE_PIXEL_GRAY8 = 0,    /**< 1 byte per pixel: Y */
    CARE_PIXEL_RGB888 = 1,   /**< 3 bytes per pixel, bytes: R, G, B (fbdev 24 bpp with
                                  red.offset 0) */
    CARE_PIXEL_GRAY4 = 2,    /**< 4 bits per pixel, 16 levels (e-paper): level
                                  (Y * 15 + 127) / 255, 0 black .. 15 white; two pixels a
                                  byte, the left (even x) pixel in the high nibble. Photos
                                  are error-diffused instead (see the MONO1 rule) */
    CARE_PIXEL_MONO1 = 3,    /**< 1 bit per pixel (e-paper), leftmost pixel in the most
                                  significant bit; 1 = the lighter theme colour (white on a
                                  MONO10 panel), 0 = the darker. Anti-aliased edges are
                                  ordered-dithered (8x8 Bayer); the exact rule is below */
    CARE_PIXEL_RGB565 = 4,   /**< 16-bit word rrrrrggg gggbbbbb, bytes: low, high; with
                                  r = (R * 31 + 127) / 255, g = (G * 63 + 127) / 255,
                                  b = (B * 31 + 127) / 255 */
    CARE_PIXEL_BGR888 = 5,   /**< 3 bytes per pixel, bytes: B, G, R (fbdev 24 bpp with
                                  red.offset 16) */
    CARE_PIXEL_XRGB8888 = 6, /**< 32-bit word X:R:G:B, bytes: B, G, R, X (fbdev 32 bpp with
                                  red.offset 16, green 8, blue 0 — the usual PC framebuffer) */
    CARE_PIXEL_ARGB8888 = 7, /**< 32-bit word A:R:G:B, bytes: B, G, R, A; A = 0xFF (opaque) */
    CARE_PIXEL_BGRX8888 = 8, /**< 32-bit word B:G:R:X, bytes: X, R, G, B (red.offset 8,
                                  green 16, blue 24) */
    CARE_PIXEL_XBGR8888 = 9, /**< 32-bit word X:B:G:R, bytes: R, G, B, X (red.offset 0,
                                  green 8, blue 16) */
    CARE_PIXEL_MONO1_THRESHOLD = 10, /**< MONO1's bytes, but a plain threshold instead of
                                  the ordered dither (crisper edges, no dots) */
    CARE_PIXEL_FORMAT_COUNT /**< the number of formats (they are 0 .. COUNT - 1); not a
                                 format itself */
} care_pixel_format;

/*
 * The MONO1 rule. Let Yb and Yf be the lumas (formula above) of the theme's
 * background and foreground colours and d = |Yb - Yf|. A pixel's
 * "background-ness" t runs from 0 on pure text to 255 on pure background:
 *   t = 255                                    when d = 0, else
 *   t = 0                                      when e <= 0, else
 *   t = min(255, (e * 510 + d) / (2 * d))      (integer division),
 * where e = Y - Yf when Yb > Yf and e = Yf - Y when Yb < Yf. The pixel shows
 * the background colour when
 *   CARE_PIXEL_MONO1 (ordered dither):     t > 4 * BAYER8[y % 8][x % 8] + 2
 *   CARE_PIXEL_MONO1_THRESHOLD:            t >= 128
 * with (x, y) the pixel's page position and BAYER8 the standard 8x8 Bayer
 * index matrix (values 0..63; rows 0 32 8 40 2 34 10 42 / 48 16 56 24 50 18 58 26 /
 * 12 44 4 36 14 46 6 38 / 60 28 52 20 62 30 54 22 / 3 35 11 43 1 33 9 41 /
 * 51 19 59 27 49 17 57 25 / 15 47 7 39 13 45 5 37 / 63 31 55 23 61 29 53 21).
 * The bit is 1 when the colour shown is the lighter one (the background when
 * Yb >= Yf). Solid text and solid background are never dithered.
 *
 * Photos on MONO1, MONO1_THRESHOLD and GRAY4 surfaces follow their own rule:
 * each photo's luma Y is error-diffused (Floyd-Steinberg: 7/16 of a pixel's
 * error to the right, 3/16 down left, 5/16 down, 1/16 down right; rows left
 * to right, from the photo's top left) to the levels 0..1 (bit 1: light) or
 * 0..15, so the photo keeps its tones; the text keeps the rules above.
 */

/**
 * A caller-owned framebuffer holding one whole page: `width` x `height`
 * pixels, row y at pixels + y * stride. The library writes only the bytes of
 * the rows' pixels — for y in 0..height-1 the first care_surface_row_bytes()
 * bytes of row y — and only the pixels it is asked to draw; for GRAY4 and
 * MONO1 the other pixels' bits of a shared byte (and the unused low bits of a
 * row's last byte) are kept. Bytes between a row's end and `stride` are never
 * touched.
 */
typedef struct care_surface {
    uint8_t *pixels;
    int width, height;
    size_t stride; /**< bytes from one row to the next, at least care_surface_row_bytes() */
    care_pixel_format format;
} care_surface;

/** Bytes of one row's pixels: ceil(width * bits per pixel / 8); 0 for an unknown
 *  format or width < 0. Thread-safe. */
CARE_API size_t care_surface_row_bytes(care_pixel_format format, int width);

/** Bits per pixel of a format (1, 4, 8, 16, 24 or 32); 0 for an unknown one. Thread-safe. */
CARE_API int care_pixel_format_bits(care_pixel_format format);

/** The name of a format, lower case as in its enumerator ("gray8", "rgb565",
 *  "mono1-threshold", ...; the kiosk viewer's --fb-format values); NULL for an
 *  unknown one. The string is static. Thread-safe. */
CARE_API const char *care_pixel_format_name(care_pixel_format format);

/** The format named `name` (as care_pixel_format_name gives it) into *out.
 *  Errors: CARE_ERR_INVALID_ARGUMENT (NULL argument or unknown name; *out is
 *  then unchanged). Thread-safe. */
CARE_API care_status care_pixel_format_from_name(const char *name, care_pixel_format *out);

/**
 * Draw page `page` into `surface`, which must be the page's size, in any
 * care_pixel_format; its pixels equal the PNG page converted (see
 * care_pixel_format). Same as care_render_region over the whole page.
 * Errors: CARE_ERR_INVALID_ARGUMENT (size mismatch, unknown format, stride
 * below the row bytes, page out of range), CARE_ERR_FONT (a glyph failed to
 * load), CARE_ERR_NO_MEMORY. Uses the layout's engine (one thread at a time);
 * a scratch buffer of at most about 256 KiB is allocated per call when the
 * surface format is not the page raster's.
 */
CARE_API care_status care_render_page(care_layout *layout, size_t page, care_surface *surface);

/**
 * Draw only the rectangle x, y, w, h (page pixels) of page `page` into
 * `surface` (the whole page's framebuffer, as for care_render_page), e.g. for a
 * partial refresh. The rectangle is clipped to the page; an empty one draws
 * nothing. Pixels outside it are left as they are, and the pixels inside get
 * exactly the values a whole-page render gives them (so rendering a page in
 * pieces gives the whole page). Errors: those of care_render_page, and
 * CARE_ERR_INVALID_ARGUMENT when w or h is negative.
 */
CARE_API care_status care_render_region(care_layout *layout, size_t page, care_surface *surface,
                                        int x, int y, int w, int h);

/** Text metadata of a PNG page (UTF-8, borrowed; NULL to leave out). */
typedef struct care_png_metadata {
    const char *title, *author, *source;
} care_png_metadata;

/**
 * Render page `page` and write it as a PNG to `path` atomically: the data go
 * to a temporary file in the same directory which is renamed over `path`
 * only when complete. Colour type by page content, lossless: 8-bit greyscale
 * when both theme colours are grey and the page draws no colour emoji; else
 * an 8-bit palette when the page has at most 256 colours (a colour theme's
 * text page), else RGB. tEXt/iTXt chunks Title, Author, Source and an iTXt
 * Description with the page's own text (alt text); pHYs from the page dpi.
 * Errors: CARE_ERR_IO (message names the file), CARE_ERR_PNG, and those of care_render_page.
 */
CARE_API care_status care_render_page_png(care_layout *layout, size_t page, const char *path,
                                          const care_png_metadata *meta);

/**
 * Write every page of the layout as DIR/page-001.png, page-002.png, ... (the
 * names of the layout dump), each exactly as care_render_page_png writes it.
 * The glyphs the pages draw are first rendered on up to `jobs` threads, at
 * most one per online processor (each with its own FreeType faces on the
 * engine's font files), then the pages are drawn one after another on the
 * calling thread and encoded on up to `jobs` threads at once (0: one per
 * online processor): one page per encoding worker, and a page with photos
 * compressed in pieces on its worker's share of the threads (jobs / workers,
 * itself included; all `jobs` for one page), so no more than `jobs` threads
 * encode at once. The files are byte-identical whatever `jobs`. Page
 * rasters in flight are kept under about 48 MiB, which may lower the number
 * of workers for very large pages; each encoding worker also holds about
 * 0.6 MiB of zlib state and buffers, plus a page's width x height bytes for
 * the palette of a colour-theme page; while it encodes a page with photos it
 * holds that page's compressed image data (about 0.5 to 2 MiB for a phone
 * page, up to a few MiB for A4), and each of its threads about 0.6 MiB of
 * compressor state and 256 KiB of filtered rows. `dir`
 * must exist. Uses the layout's engine (one thread at a time) like
 * care_render_page. On failure other pages may have been written (each one
 * whole: every file is written atomically), pages already being encoded on
 * other threads included; the message names a failing file. Errors: those of
 * care_render_page_png.
 */
CARE_API care_status care_render_pages_png(care_layout *layout, const char *dir,
                                           const care_png_metadata *meta, int jobs);

/** Document information of a PDF (UTF-8, borrowed; NULL or "" fields: the document's own). */
typedef struct care_pdf_metadata {
    const char *title;   /**< default care_document_title, else the title block's text */
    const char *author;  /**< default care_document_author */
    const char *subject; /**< default care_document_source (the publication) */
} care_pdf_metadata;

/**
 * Write every page of the layout as one tagged PDF to `path`, atomically (a
 * temporary file in the same directory, renamed over `path` when complete;
 * on failure no file is left). The pages, lines and glyph positions are those
 * of the PNG pages, drawn as vectors with cairo's PDF surface: glyphs by id
 * from the engine's font files, each cut down to the glyphs the PDF draws
 * with HarfBuzz's subsetter (ids renumbered, charstrings without
 * subroutines) and embedded by cairo, one font per face, with ToUnicode maps (the
 * text can be searched and copied; each run's text is attached, so ligatures
 * and variant forms copy as the article's characters); colour emoji as cairo
 * draws colour glyphs (images), with their characters as invisible text;
 * photos as images of the PNG pages' pixels, or, for a photo from a JPEG
 * that needs no turning (EXIF orientation 1, grey or YCbCr), the JPEG's own
 * bytes (read again from the article's file, or the document's data), at
 * full resolution; the theme's colours. Page size: care_page_options.pdf_width x pdf_height pt
 * (a4: 595.28 x 841.89), else the page at 96 px per inch (1 px = 0.75 pt).
 *
 * Tagged PDF (ISO 32000-1 §14.8; PDF/UA-1 structure types): Document; H1 for
 * the title, H2..H6 for headings; P for bylines and paragraphs; BlockQuote
 * holding the quote's P; L/LI with Lbl (the marker) and LBody, nested lists in
 * their item; a photo as a Figure with the caption or alt text as /Alt and a
 * Caption beside it (a caption whose photo is not shown: a Figure holding
 * the Caption). The
 * reading order is the article's. Page numbers, backgrounds, quote bars and
 * emphasis dots are /Artifact content, not text. Document information:
 * Title, Author, Subject (see care_pdf_metadata), Creator "carepage"; the
 * catalog's /Lang is the layout's language and the viewer shows the title
 * (cairo 1.16 writes neither; the file is amended with libqpdf).
 *
 * Uses the layout's engine (one thread at a time), like care_render_page; the
 * whole file is built in memory (about its size twice) before it is written.
 * The engine keeps the font objects a PDF makes (each face's cut-down font
 * and cairo's face on it; cairo keeps the glyphs' metrics and outlines with
 * them), so a later PDF whose glyphs a face's cut-down font holds (the same
 * article again, at another size or in another theme) loads no glyph again,
 * as the glyph cache does for the PNG pages; a PDF with glyphs it lacks gets
 * a new one. They go with care_engine_free or care_engine_set_fonts.
 * Errors: CARE_ERR_INVALID_ARGUMENT (NULL layout or path, fonts replaced since
 * the layout was made), CARE_ERR_IO (the file cannot be written, or cairo or
 * qpdf failed; the message names the file and the cause), CARE_ERR_FONT (a
 * face cairo cannot use), CARE_ERR_NO_MEMORY.
 */
CARE_API care_status care_render_pdf(care_layout *layout, const char *path,
                                     const care_pdf_metadata *meta);

#ifdef __cplusplus
}
#endif
#endif /* CAREPAGE_H */
