/*
 * HTML pages into documents: parse with libxml2's HTML parser (tolerant of
 * unclosed tags and stray end tags), read the page's metadata, extract the
 * article (retrying with fewer pruning passes when too little is left, as
 * Readability does), then emit the title, the byline and the article's blocks.
 */
#include "input/html/html.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/** An article shorter than this (code points) is extracted again with fewer passes. */
#define MIN_ARTICLE_CHARS 500

/** The extraction passes of each attempt, most thorough first. */
static const unsigned ATTEMPTS[] = {HTML_STRIP_UNLIKELY | HTML_CLEAN_CONDITIONALLY,
                                    HTML_CLEAN_CONDITIONALLY, 0};

/** Nesting kept as it is (real pages nest 20-60 elements deep); deeper
 *  elements are unwrapped into the element at this depth, text kept. */
#define MAX_DEPTH 200

/* The lean copy of the page (care_html_lean), parsed and flattened. */
static xmlDoc *read_page(const char *text, size_t len)
{
    xmlDoc *page = htmlReadMemory(text, (int)len, NULL, "UTF-8", CARE_HTML_PARSE_OPTIONS);
    if (page != NULL)
        care_html_flatten_deep(page, MAX_DEPTH);
    return page;
}

/** One extraction attempt. */
typedef struct attempt {
    xmlDoc *page;
    care_html_article art;
    size_t chars;
} attempt;

static void attempt_free(attempt *a)
{
    care_html_article_free(&a->art);
    xmlFreeDoc(a->page);
    memset(a, 0, sizeof *a);
}

/** Extract from `page` (owned by out from now on; NULL: an empty article) with
 *  `flags`; false when out of memory. */
static bool try_extract(xmlDoc *page, unsigned flags, const char *title, attempt *out)
{
    memset(out, 0, sizeof *out);
    out->page = page;
    if (out->page == NULL)
        return true; /* nothing to read: an empty article */
    if (!care_html_extract(out->page, flags, &out->art))
        return false;
    care_html_prepare(&out->art, title, flags);
    out->chars = care_html_article_chars(&out->art);
    return true;
}

/** The first attempt that yields a long enough article, else the longest. The
 *  first attempt prunes `page` (taken over); each later one parses the text again. */
static bool extract_best(const char *text, size_t len, xmlDoc *page, const char *title,
                         attempt *best)
{
    memset(best, 0, sizeof *best);
    for (size_t i = 0; i < sizeof ATTEMPTS / sizeof ATTEMPTS[0]; i++) {
        attempt a;
        if (!try_extract(i == 0 ? page : read_page(text, len), ATTEMPTS[i], title, &a)) {
            attempt_free(&a);
            attempt_free(best);
            return false;
        }
        if (best->page == NULL || a.chars > best->chars) {
            attempt_free(best);
            *best = a;
        } else {
            attempt_free(&a);
        }
        if (best->chars >= MIN_ARTICLE_CHARS)
            break;
    }
    return true;
}

/** Drop headings left at the end of the article with nothing under them. */
static void drop_trailing_headings(care_document *doc)
{
    while (doc->count > 0 && doc->blocks[doc->count - 1].kind == CARE_BLOCK_HEADING) {
        care_block *b = &doc->blocks[--doc->count];
        free(b->text);
        free(b->spans);
    }
}

static care_status set_field(char **field, const char *value, const char *name, care_error *err)
{
    *field = care_strndup(value ? value : "", value ? strlen(value) : 0);
    return *field ? CARE_OK : care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory", name);
}

/** The article's blocks; where its markup gives no paragraphs, only those the
 *  text classifier takes as the article, else all but trailing furniture. */
static care_status emit_article(care_document *doc, const attempt *a, care_error *err)
{
    size_t from = doc->count;
    care_html_block_links links = {0};
    bool classify = care_html_lacks_paragraphs(&a->art);
    care_status st = care_html_emit_blocks(&a->art, doc, &links, err);
    if (st == CARE_OK && classify)
        st = care_html_classify_blocks(doc, from, &links, err);
    else if (st == CARE_OK)
        care_html_drop_trailing_furniture(doc, from, &links);
    if (st == CARE_OK)
        care_html_promote_subheads(doc, from);
    if (st == CARE_OK)
        care_html_drop_empty_heading(doc, from);
    free(links.chars);
    return st;
}

/** Title and byline blocks, then the article's blocks. */
static care_status emit(care_document *doc, const char *title, const char *dateline,
                        const care_html_meta *meta, const attempt *a, care_error *err)
{
    char *byline = care_html_byline_text(meta, dateline);
    care_status st = byline ? CARE_OK : care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory",
                                                   doc->name);
    if (st == CARE_OK && title[0] != '\0')
        st = care_html_emit_text_block(doc, CARE_BLOCK_TITLE, title, err);
    if (st == CARE_OK && byline[0] != '\0')
        st = care_html_emit_text_block(doc, CARE_BLOCK_BYLINE, byline, err);
    free(byline);
    if (st == CARE_OK)
        st = emit_article(doc, a, err);
    if (st == CARE_OK)
        drop_trailing_headings(doc);
    if (st == CARE_OK)
        st = set_field(&doc->title, title, doc->name, err);
    if (st == CARE_OK)
        st = set_field(&doc->author, meta->author, doc->name, err);
    if (st == CARE_OK)
        st = set_field(&doc->source, meta->site, doc->name, err);
    return st;
}

/* The language the page declares: <html lang="...">, into fm->lang. */
static void read_lang(xmlDoc *page, care_front_matter *fm)
{
    xmlNode *root = page ? xmlDocGetRootElement(page) : NULL;
    xmlChar *lang = root ? xmlGetProp(root, BAD_CAST "lang") : NULL;
    if (lang && strlen((const char *)lang) < sizeof fm->lang)
        snprintf(fm->lang, sizeof fm->lang, "%s", (const char *)lang);
    xmlFree(lang);
}

/** Read metadata and the declared language and choose the title from the
 *  parsed page, before any pruning (page not changed); false when memory runs out. */
static bool read_meta(xmlDoc *page, care_html_meta *meta, char **title, const char **dateline,
                      care_front_matter *fm)
{
    memset(meta, 0, sizeof *meta);
    *title = NULL;
    read_lang(page, fm);
    bool ok = page == NULL || care_html_meta_read(page, meta);
    if (ok)
        *title = care_html_title_choose(meta, dateline);
    return ok && *title != NULL;
}

care_status care_parse_html(const char *page_text, size_t page_len, care_document *doc,
                            care_error *err)
{
    if (page_len > INT_MAX)
        return care_fail(err, CARE_ERR_LIMIT, "%s: page of %zu bytes is too long", doc->name,
                         page_len);
    size_t len;
    char *text = care_html_lean(page_text, page_len, &len); /* what libxml2 parses */
    if (text == NULL)
        return care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory reading the page", doc->name);
    care_html_meta meta;
    char *title = NULL;
    const char *dateline = NULL;
    attempt best = {0};
    care_status st = CARE_OK;
    xmlDoc *page = read_page(text, len); /* one parse: metadata, then the first attempt */
    bool meta_ok = read_meta(page, &meta, &title, &dateline, &doc->front);
    if (!meta_ok)
        xmlFreeDoc(page);
    if (!meta_ok || !extract_best(text, len, page, title, &best))
        st = care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory reading the page", doc->name);
    if (st == CARE_OK && meta.author == NULL && best.art.byline != NULL) {
        meta.author = best.art.byline;
        best.art.byline = NULL;
    }
    if (st == CARE_OK)
        st = emit(doc, title, dateline, &meta, &best, err);
    attempt_free(&best);
    care_html_meta_free(&meta);
    free(title);
    free(text);
    return st;
}
