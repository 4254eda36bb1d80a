/*
 * Pages whose markup gives no paragraphs — text split by <br><br> in a table
 * cell, or loose in <div>s — keep their furniture (breadcrumbs, datelines,
 * vote banners, related lists, a sidebar in the next cell) inside the element
 * chosen as the article, where Readability's scoring cannot tell it apart.
 * Their blocks go to the text classifier (article_find.c) with each block's
 * link characters, and the blocks outside the article it finds are dropped.
 * Every article also loses a trailing run of furniture: dates, link lines,
 * photos and headings after its last paragraph (a columnists' or related box).
 */
#include "common/text.h"
#include "input/article_find.h"
#include "input/figure.h"
#include "input/html/html.h"

#include <stdlib.h>
#include <string.h>

/** Longest date-only line (code points). */
#define DATE_LINE_MAX_CHARS 25
/** Longest teaser line without links (code points). */
#define TEASER_MAX_CHARS 40
/** Date-only lines that make a trailing run furniture. */
#define TRAILING_FURNITURE_MIN 2

/** Below this share of its text in paragraph markup, an article's markup
 *  gives no paragraphs. */
#define PARAGRAPH_SHARE_MIN 0.5

static const char *const PARAGRAPH_TAGS[] = {"p",  "li", "blockquote", "pre", "h1",
                                             "h2", "h3", "h4",         "h5",  "h6",
                                             "dd", "dt", "figcaption", NULL};

/** Code points of n's subtree inside paragraph markup. */
static size_t paragraph_chars(const xmlNode *n)
{
    if (care_html_is_any(n, PARAGRAPH_TAGS))
        return care_html_stats_of(n).chars;
    size_t chars = 0;
    for (const xmlNode *k = n->children; k != NULL; k = k->next)
        if (k->type == XML_ELEMENT_NODE)
            chars += paragraph_chars(k);
    return chars;
}

bool care_html_lacks_paragraphs(const care_html_article *art)
{
    size_t total = care_html_article_chars(art), in_paragraphs = 0;
    for (size_t i = 0; i < art->count; i++)
        in_paragraphs += paragraph_chars(art->nodes[i]);
    return total > 0 && (double)in_paragraphs < PARAGRAPH_SHARE_MIN * (double)total;
}

static void block_free(care_block *b)
{
    free(b->text);
    free(b->spans);
    care_figure_free(b->figure);
}

/** Is block b of the article (units[u] its text unit, or the next text's for a figure)? */
static bool keep_text(const care_article_pick *pick, const unsigned char *roles, size_t u)
{
    return u >= pick->first && u < pick->end && roles[u] != CARE_ROLE_DROP &&
           roles[u] != CARE_ROLE_BYLINE;
}

/** Keep flags of blocks [from, doc->count) from the classifier's verdict: a text
 *  block in the article span (not a dateline or label line at its start), a
 *  figure next to a kept text block. */
static void mark_kept(const care_document *doc, size_t from, const size_t *unit_of,
                      const care_article_pick *pick, const unsigned char *roles, bool *keep)
{
    size_t n = doc->count - from;
    for (size_t i = 0; i < n; i++)
        keep[i] = doc->blocks[from + i].kind != CARE_BLOCK_FIGURE &&
                  keep_text(pick, roles, unit_of[i]);
    for (size_t i = 0; i < n; i++) {
        if (doc->blocks[from + i].kind != CARE_BLOCK_FIGURE)
            continue;
        size_t before = i, after = i + 1;
        while (before > 0 && doc->blocks[from + before - 1].kind == CARE_BLOCK_FIGURE)
            before--;
        while (after < n && doc->blocks[from + after].kind == CARE_BLOCK_FIGURE)
            after++;
        keep[i] = (before > 0 && keep[before - 1]) || (after < n && keep[after]);
    }
}

/** Drop blocks [from, doc->count) whose keep flag is off, keeping the order. */
static void drop_unkept(care_document *doc, size_t from, const bool *keep)
{
    size_t out = from;
    for (size_t i = from; i < doc->count; i++) {
        if (keep[i - from])
            doc->blocks[out++] = doc->blocks[i];
        else
            block_free(&doc->blocks[i]);
    }
    doc->count = out;
}

care_status care_html_classify_blocks(care_document *doc, size_t from,
                                      const care_html_block_links *links, care_error *err)
{
    size_t n = doc->count - from, units_n = 0;
    if (n == 0 || links->count != n)
        return CARE_OK;
    care_text_unit *units = care_calloc(n, sizeof *units);
    size_t *unit_of = care_calloc(n, sizeof *unit_of);
    unsigned char *roles = care_calloc(n, 1);
    bool *keep = care_calloc(n, sizeof *keep);
    care_article_pick pick;
    bool ok = units && unit_of && roles && keep;
    for (size_t i = 0; ok && i < n; i++) {
        const care_block *b = &doc->blocks[from + i];
        unit_of[i] = units_n;
        if (b->kind != CARE_BLOCK_FIGURE)
            units[units_n++] = (care_text_unit){b->text, b->text_len, links->chars[i]};
    }
    ok = ok && care_article_find(units, units_n, roles, &pick);
    if (ok && pick.found) {
        mark_kept(doc, from, unit_of, &pick, roles, keep);
        drop_unkept(doc, from, keep);
    }
    free(units);
    free(unit_of);
    free(roles);
    free(keep);
    return ok ? CARE_OK : care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory", doc->name);
}

/** Is the text only a date or a time ("2019-09-07", "2019年9月7日 10:30")? */
static bool is_date_line(const char *s, size_t n)
{
    size_t i = 0, chars = 0, digits = 0;
    while (i < n) {
        uint32_t cp = care_utf8_next(s, n, &i);
        chars++;
        if (cp >= '0' && cp <= '9')
            digits++;
        else if (cp != '-' && cp != '/' && cp != '.' && cp != ':' && cp != ' ' &&
                 cp != 0x5E74 && cp != 0x6708 && cp != 0x65E5 /* 年 月 日 */)
            return false;
    }
    return digits >= 4 && chars <= DATE_LINE_MAX_CHARS;
}

static bool is_sentence_end(uint32_t cp)
{
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == '.' || cp == '!' ||
           cp == '?' || cp == 0x201D || cp == '"';
}

/** Is the block mostly link text, or short, without a sentence's end (a teaser
 *  headline, a column's name)? */
static bool is_teaser_line(const care_block *b, size_t link_chars)
{
    size_t chars = 0, i = 0;
    uint32_t last = 0;
    while (i < b->text_len) {
        last = care_utf8_next(b->text, b->text_len, &i);
        chars++;
    }
    return (link_chars * 2 > chars || chars <= TEASER_MAX_CHARS) && !is_sentence_end(last);
}

/** A note under the article rather than its text (see care_html_drop_empty_heading). */
static bool is_note(const care_block *b)
{
    static const char *const brackets[] = {"[", "\xE3\x80\x90" /* 【 */, "\xEF\xBC\xBB" /* ［ */};
    if (b->kind == CARE_BLOCK_BYLINE)
        return true;
    if (b->kind != CARE_BLOCK_PARAGRAPH)
        return false;
    for (size_t i = 0; i < sizeof brackets / sizeof *brackets; i++)
        if (strncmp(b->text, brackets[i], strlen(brackets[i])) == 0)
            return true;
    return care_html_all_bold(b);
}

void care_html_drop_empty_heading(care_document *doc, size_t from)
{
    size_t i = doc->count;
    while (i > from && is_note(&doc->blocks[i - 1]))
        i--;
    if (i == from || i == doc->count || doc->blocks[i - 1].kind != CARE_BLOCK_HEADING)
        return;
    block_free(&doc->blocks[i - 1]);
    memmove(&doc->blocks[i - 1], &doc->blocks[i], (doc->count - i) * sizeof *doc->blocks);
    doc->count--;
}

void care_html_drop_trailing_furniture(care_document *doc, size_t from,
                                       const care_html_block_links *links)
{
    if (links->count != doc->count - from)
        return;
    size_t start = doc->count, marks = 0;
    while (start > from) {
        const care_block *b = &doc->blocks[start - 1];
        bool text = b->kind != CARE_BLOCK_FIGURE && b->kind != CARE_BLOCK_HEADING;
        bool date = text && is_date_line(b->text, b->text_len);
        if (text && !date && !is_teaser_line(b, links->chars[start - 1 - from]))
            break;
        marks += date;
        start--;
    }
    if (marks < TRAILING_FURNITURE_MIN || start == from)
        return;
    for (size_t i = start; i < doc->count; i++)
        block_free(&doc->blocks[i]);
    doc->count = start;
}
