/*
 * HTML input: encoding detection and conversion (html_encoding.c), the DOM
 * helpers shared by the extraction stages (html_dom.c), pruning
 * (html_prune.c), article scoring and choice (html_extract.c), cleaning of
 * the chosen nodes (html_clean.c), page metadata (html_meta.c), title,
 * dateline and byline (html_title.c, html_dateline.c), blocks from the
 * article's DOM (html_blocks.c) and the entry point (html.c). Not installed.
 *
 * The HTML itself is parsed by libxml2's tolerant HTML parser; the stages
 * here only read and prune the tree it builds.
 */
#ifndef CARE_HTML_H
#define CARE_HTML_H

#include "common/util.h"
#include "input/document.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/* ---------- entry points used by document.c ---------- */

/** Does the input look like an HTML page (doctype, <html>, <head> or <body>
 *  near the start, after a BOM and white space)? Reads at most 4 KiB. */
bool care_html_detect(const char *bytes, size_t len);

/**
 * Convert an HTML page to UTF-8 (newly allocated, NUL-terminated, BOM
 * removed). The encoding comes from a BOM, else from <meta charset> or
 * <meta http-equiv="Content-Type">, else UTF-8. Bytes that are valid UTF-8
 * with non-ASCII characters are taken as UTF-8 whatever the declaration
 * says. Legacy encodings go through ICU converters (gb2312 and gbk as
 * GB18030, big5 as Big5-HKSCS, latin1/ascii as windows-1252). With
 * `replace` undecodable bytes become U+FFFD, else the call fails.
 * Errors: CARE_ERR_INVALID_UTF8 (bytes not valid in the encoding; message
 * names `name` and the encoding), CARE_ERR_TEXT (unknown encoding),
 * CARE_ERR_NO_MEMORY, CARE_ERR_LIMIT.
 */
care_status care_html_decode(const char *bytes, size_t len, bool replace, const char *name,
                             char **out, size_t *out_len, size_t *replaced, care_error *err);

/**
 * Parse a UTF-8 HTML page, find its article and add its blocks to `doc`
 * (empty on entry): a TITLE, a BYLINE when the page names an author, site
 * or date, then headings, paragraphs, quotes, list items and captions. Sets
 * doc->title, doc->author and doc->source ("" when absent).
 * Errors: CARE_ERR_NO_MEMORY, CARE_ERR_LIMIT, CARE_ERR_TEXT.
 */
care_status care_parse_html(const char *text, size_t len, care_document *doc, care_error *err);

/* ---------- the lean copy libxml2 parses (html_lean.c) ---------- */

/** libxml2's options for a page: tolerant, quiet, no network, UTF-8 as given.
 *  XML_PARSE_HUGE: without it libxml2 stops at 256 levels of nesting and keeps
 *  the tree read so far, silently losing the rest of the page (issue 18). */
#define CARE_HTML_PARSE_OPTIONS                                                              \
    (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |     \
     HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE)


/**
 * The page as libxml2 2.9 should parse it: the same text less the text of
 * <script> elements (not JSON-LD ones: a first type attribute of
 * "application/ld+json", or one with a reference) and <style> elements, and
 * less every attribute care_html_reads_attr refuses. libxml2 builds the same
 * tree from it as from the page, less those texts and attributes. Newly
 * allocated, NUL-terminated, *out_len bytes (at most len); NULL when out of memory.
 */
char *care_html_lean(const char *text, size_t len, size_t *out_len);

/** Is `name` (lower case) an attribute the extraction reads, and so one the
 *  lean copy keeps? Every care_html_attr name must be one. */
bool care_html_reads_attr(const char *name);

/* ---------- DOM helpers (html_dom.c) ---------- */

/** Per-element scratch data, reached through xmlNode._private. */
typedef struct care_html_info {
    double score;
    bool scored; /* initialised as a candidate */
} care_html_info;

/** Text statistics of a subtree: code points of white-space-collapsed
 *  text, those inside links, and commas (Latin, Arabic, CJK). */
typedef struct care_html_stats {
    size_t chars, link_chars, commas;
} care_html_stats;

/** Is n an element named `tag` (lower case)? */
bool care_html_is(const xmlNode *n, const char *tag);
/** Is n an element whose name is one of the NULL-terminated `tags`? */
bool care_html_is_any(const xmlNode *n, const char *const *tags);
/** Is n a heading h1..h6? Returns its level, or 0. */
int care_html_heading_level(const xmlNode *n);
/** Is n a block-level element (it breaks the text flow)? */
bool care_html_is_block(const xmlNode *n);
/** The value of attribute `name` (borrowed), or NULL. */
const char *care_html_attr(const xmlNode *n, const char *name);
/** Does the class or id of n contain one of the NULL-terminated lower-case `words`? */
bool care_html_class_matches(const xmlNode *n, const char *const *words);
/** Text statistics of n's subtree. */
care_html_stats care_html_stats_of(const xmlNode *n);
/** Share of n's text that is inside links, 0..1. */
double care_html_link_density(const xmlNode *n);
/** Number of descendant elements named `tag`. */
size_t care_html_count(const xmlNode *n, const char *tag);
/** Does n have an ancestor element named `tag` (within `depth` levels; 0 = any)? */
bool care_html_has_ancestor(const xmlNode *n, const char *tag, int depth);
/**
 * Flatten nesting deeper than `max_depth` elements (the root is depth 1):
 * under an element at that depth, the elements whose subtrees are more than
 * 16 levels deep are unwrapped (their children take their place), so the
 * paragraphs and headings in them stay whole and no text is lost. Iterative,
 * so that the recursive walks of the extraction never see a deeper tree.
 */
void care_html_flatten_deep(xmlDoc *page, int max_depth);
/** Unlink and free n. */
void care_html_remove(xmlNode *n);
/** The scratch data of element n (NULL for nodes that have none). */
care_html_info *care_html_info_of(const xmlNode *n);
/** Readability's class weight: -25/+25 for negative/positive class and id words. */
int care_html_class_weight(const xmlNode *n);
/** The collapsed, trimmed text of n, newly allocated (NULL when out of memory). */
char *care_html_text_of(const xmlNode *n);

/* ---------- metadata (html_meta.c) ---------- */

/** h1 headings of a page remembered as title candidates. */
#define HTML_MAX_H1 8

/** What the page says about itself; every string newly allocated or NULL. */
typedef struct care_html_meta {
    char *title;     /* <title> */
    char *og_title;  /* og:title, twitter:title, dc.title or JSON-LD headline */
    char *author;    /* author meta or JSON-LD author */
    char *site;      /* og:site_name */
    char *published; /* article:published_time and the like */
    char *h1[HTML_MAX_H1];       /* the page's first h1 texts */
    char *dateline[HTML_MAX_H1]; /* the short dated line after each h1 ("来源 2016年…"), or NULL */
    size_t nh1;
} care_html_meta;

/** Read the metadata of the page (before pruning). false when out of memory. */
bool care_html_meta_read(xmlDoc *page, care_html_meta *meta);
/** Free the fields of meta. */
void care_html_meta_free(care_html_meta *meta);

/** The dateline under heading h1 (html_dateline.c): *out newly allocated,
 *  or NULL when there is none. false when out of memory. */
bool care_html_dateline_after(const xmlNode *h1, char **out);

/* ---------- title and byline (html_title.c) ---------- */

/**
 * The article's title: a page h1 that agrees with og:title or <title> (one
 * contains the other); else og:title; else <title>; the " - Site name" /
 * "_Channel_Site" tail removed. *dateline: the chosen h1's dateline or NULL.
 * Newly allocated ("" when none), NULL when
 * out of memory.
 */
char *care_html_title_choose(const care_html_meta *meta, const char **dateline);

/** The byline line: the dateline under the title h1 (with the author in
 *  front when it does not name them) when there is one, else author, site
 *  name and publication date joined by " · "; newly allocated ("" when
 *  none), NULL when out of memory. */
char *care_html_byline_text(const care_html_meta *meta, const char *dateline);

/* ---------- extraction (html_extract.c, html_clean.c) ---------- */

/** Extraction passes; a page whose article comes out too short is tried
 *  again with fewer of them (as Readability does). */
enum {
    HTML_STRIP_UNLIKELY = 1,     /* drop elements whose class/id look like furniture */
    HTML_CLEAN_CONDITIONALLY = 2 /* drop link lists, forms, image walls in the article */
};

/** The article: the chosen top node and its siblings that belong to it, in order. */
typedef struct care_html_article {
    xmlNode **nodes;
    size_t count;
    care_html_info *infos; /* scratch data of every element (owned) */
    char *byline;     /* text of the first byline element, or NULL (owned) */
} care_html_article;

/**
 * Prune the page (scripts, navigation, hidden elements; with
 * HTML_STRIP_UNLIKELY also furniture by class/id), score the remaining text
 * and choose the article's nodes. false when out of memory.
 */
bool care_html_extract(xmlDoc *page, unsigned flags, care_html_article *out);

/** Prune body's subtree (html_prune.c); *byline gets the text of the first
 *  byline element (newly allocated) or NULL. false when out of memory. */
bool care_html_prune(xmlNode *body, unsigned flags, char **byline);

/** Free what care_html_extract allocated (not the nodes). */
void care_html_article_free(care_html_article *art);

/** Clean the chosen nodes: share boxes, headings equal to `title`, empty
 *  paragraphs; with HTML_CLEAN_CONDITIONALLY also link lists, forms and
 *  image walls. */
void care_html_prepare(care_html_article *art, const char *title, unsigned flags);

/** Collapsed text of the article's nodes, in code points. */
size_t care_html_article_chars(const care_html_article *art);

/* ---------- blocks (html_blocks.c) ---------- */

/** Code points inside links (<a href>) of each block care_html_emit_blocks
 *  added, in order (chars owned; free with free()). */
typedef struct care_html_block_links {
    size_t *chars;
    size_t count, cap;
} care_html_block_links;

/** Append blocks for the article's nodes to doc; with `links` (may be NULL)
 *  also note each block's link characters. Errors: CARE_ERR_NO_MEMORY. */
care_status care_html_emit_blocks(const care_html_article *art, care_document *doc,
                                  care_html_block_links *links, care_error *err);

/* ---------- paragraph-less markup (html_classify.c) ---------- */

/** Is less than half of the article's text inside paragraph markup (p, li,
 *  blockquote, pre, headings, dd/dt, figcaption): <br>-separated text in a
 *  table cell, text loose in <div>s? */
bool care_html_lacks_paragraphs(const care_html_article *art);

/**
 * Classify the blocks [from, doc->count) with the text classifier
 * (care_article_find), `links` holding each block's link characters, and drop
 * those outside the article it finds (and the dateline or label lines at its
 * start, which the byline carries); a figure stays when a text block next to
 * it does. Nothing is dropped when no article is found.
 * Errors: CARE_ERR_NO_MEMORY.
 */
care_status care_html_classify_blocks(care_document *doc, size_t from,
                                      const care_html_block_links *links, care_error *err);

/** Drop the run of blocks at the end of [from, doc->count) made of photos,
 *  headings, date-only lines and teaser lines (mostly links by `links`, each
 *  block's link characters, or short; no sentence end) when it holds at least
 *  two date-only lines: a columnists' or related box after the article's last
 *  paragraph. */
void care_html_drop_trailing_furniture(care_document *doc, size_t from,
                                       const care_html_block_links *links);

/** Drop the article's last heading (in [from, doc->count)) when nothing but notes
 *  follows it: bylines, paragraphs wholly in bold (a rights notice, credits) or
 *  opening with a bracket ("[责任编辑：…]", "【…】"). It heads an empty box (a
 *  video or related list filled by a script), not a section of the article. */
void care_html_drop_empty_heading(care_document *doc, size_t from);

/** Is block b a paragraph set wholly in bold? */
bool care_html_all_bold(const care_block *b);

/** Blocks [from, doc->count): a short paragraph (at most 30 code points)
 *  wholly in bold, without a sentence's end, a question mark or a credit
 *  separator, with a block after it, is a subhead (<p><strong>…</strong></p>):
 *  it becomes a level-3 heading. A heading of more than 60 code points that
 *  ends with a full stop (. 。) is a sentence the page marked up as h2–h6 (a
 *  standfirst): it becomes a paragraph. */
void care_html_promote_subheads(care_document *doc, size_t from);

/** Append one block of `kind` with the text s (collapsed, one plain span). */
care_status care_html_emit_text_block(care_document *doc, care_block_kind kind, const char *s,
                                 care_error *err);

/* ---------- photos (html_figure.c) ---------- */

struct care_figure;
/** The sources of an <img> as a figure (*out newly allocated; NULL for an
 *  icon or spacer, both size attributes under 48 px). Errors: CARE_ERR_NO_MEMORY. */
care_status care_html_figure_of(const xmlNode *img, struct care_figure **out);
/** The <figcaption> captioning img: that of the <figure> whose first image it is; else NULL. */
const xmlNode *care_html_figure_caption(const xmlNode *img);
/** Does the <figure> around this <figcaption> hold an image (which then takes the caption)? */
bool care_html_caption_has_image(const xmlNode *figcaption);
/** The alt texts of a page's images, sorted (borrowed from the page). */
typedef struct care_html_alts {
    const char **alts;
    size_t count, cap;
    bool failed;
} care_html_alts;
/** Collect the alt texts of page's images into *out (free with
 *  care_html_alts_free). false when out of memory. */
bool care_html_alts_collect(xmlDoc *page, care_html_alts *out);
/** Do several images of the page carry the alt text `alt` (a site's name or
 *  watermark on every photo, "游民星空"), so that it describes none of them? */
bool care_html_alt_is_label(const care_html_alts *alts, const char *alt);
void care_html_alts_free(care_html_alts *alts);

#endif
