/* Helpers over libxml2's HTML tree: names, attributes, text statistics. */
#include "common/text.h"
#include "input/html/html.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/** Is name `a` the string b? (the first bytes compared inline: most differ there) */
static bool same_name(const xmlChar *a, const char *b)
{
    return a[0] == (xmlChar)b[0] && strcmp((const char *)a, b) == 0;
}

bool care_html_is(const xmlNode *n, const char *tag)
{
    return n != NULL && n->type == XML_ELEMENT_NODE && n->name != NULL && same_name(n->name, tag);
}

bool care_html_is_any(const xmlNode *n, const char *const *tags)
{
    if (n == NULL || n->type != XML_ELEMENT_NODE || n->name == NULL)
        return false;
    for (size_t i = 0; tags[i] != NULL; i++)
        if (same_name(n->name, tags[i]))
            return true;
    return false;
}

int care_html_heading_level(const xmlNode *n)
{
    if (n == NULL || n->type != XML_ELEMENT_NODE || n->name == NULL)
        return 0;
    const char *s = (const char *)n->name;
    if (s[0] == 'h' && s[1] >= '1' && s[1] <= '6' && s[2] == '\0')
        return s[1] - '0';
    return 0;
}

bool care_html_is_block(const xmlNode *n)
{
    static const char *const blocks[] = {
        "address", "article", "aside",  "blockquote", "body",    "caption", "center",
        "dd",      "details", "dialog", "div",        "dl",      "dt",      "fieldset",
        "figcaption", "figure", "footer", "form",     "h1",      "h2",      "h3",
        "h4",      "h5",      "h6",     "header",     "hgroup",  "hr",      "html",
        "li",      "main",    "nav",    "ol",         "p",       "pre",     "section",
        "summary", "table",   "tbody",  "td",         "tfoot",   "th",      "thead",
        "tr",      "ul",      NULL};
    return care_html_is_any(n, blocks);
}

const char *care_html_attr(const xmlNode *n, const char *name)
{
    assert(care_html_reads_attr(name)); /* else the lean copy has left it out */
    if (n == NULL || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
        if (a->name == NULL || !same_name(a->name, name))
            continue;
        if (a->children != NULL && a->children->content != NULL)
            return (const char *)a->children->content;
        return "";
    }
    return NULL;
}

/** Levels of nesting kept intact under an element where flattening starts. */
#define FLATTEN_KEEP 16

/* Put the children of element c in its place under its parent, and free c.
 * Spliced by hand: xmlAddPrevSibling would merge and free text nodes. */
static xmlNode *unwrap(xmlNode *c)
{
    xmlNode *first = c->children, *last = c->last, *parent = c->parent;
    for (xmlNode *k = first; k != NULL; k = k->next)
        k->parent = parent;
    first->prev = c->prev;
    last->next = c->next;
    if (c->prev != NULL)
        c->prev->next = first;
    else
        parent->children = first;
    if (c->next != NULL)
        c->next->prev = last;
    else
        parent->last = last;
    c->children = c->last = NULL;
    c->prev = c->next = c->parent = NULL;
    xmlFreeNode(c);
    return first;
}

/* Does the subtree of n reach more than `levels` levels below n? */
static bool deeper_than(const xmlNode *n, int levels)
{
    const xmlNode *c = n->children;
    int depth = 1;
    while (c != NULL && c != n) {
        if (c->children != NULL && c->type == XML_ELEMENT_NODE) {
            if (depth == levels)
                return true;
            c = c->children;
            depth++;
            continue;
        }
        while (c != n && c->next == NULL) {
            c = c->parent;
            depth--;
        }
        c = c != n ? c->next : n;
    }
    return false;
}

/* Unwrap the elements under `top` whose subtrees are more than `keep` levels
 * deep, outermost first, so that what is left under `top` is at most `keep`
 * levels deep: paragraphs and headings (shallow) stay whole, the deep
 * wrappers around them go; text stays in order. */
static void flatten_below(xmlNode *top, int keep)
{
    xmlNode *c = top->children;
    while (c != NULL)
        c = c->type == XML_ELEMENT_NODE && c->children != NULL && deeper_than(c, keep)
                ? unwrap(c)
                : c->next;
}

void care_html_flatten_deep(xmlDoc *page, int max_depth)
{
    xmlNode *n = page->children;
    int depth = 1;
    while (n != NULL) {
        if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
            if (depth < max_depth) {
                n = n->children;
                depth++;
                continue;
            }
            flatten_below(n, FLATTEN_KEEP);
        }
        while (n != NULL && n->next == NULL && depth > 1) {
            n = n->parent;
            depth--;
        }
        n = n != NULL ? n->next : NULL;
    }
}

/** Does s (n bytes) contain one of `words`, ignoring ASCII case? */
static bool contains_word_slow(const char *s, size_t n, const char *const *words)
{
    for (size_t w = 0; words[w] != NULL; w++) {
        size_t k = strlen(words[w]);
        for (size_t i = 0; i + k <= n; i++) {
            size_t j = 0;
            while (j < k) {
                char c = s[i + j];
                if (c >= 'A' && c <= 'Z')
                    c = (char)(c - 'A' + 'a');
                if (c != words[w][j])
                    break;
                j++;
            }
            if (j == k)
                return true;
        }
    }
    return false;
}

/** Does s contain one of `words` (lower case), ignoring ASCII case? A class
 *  or id is lowered once and searched with strstr; a long one byte by byte. */
static bool contains_word(const char *s, const char *const *words)
{
    if (s == NULL)
        return false;
    char low[256];
    size_t n = strlen(s);
    if (n >= sizeof low)
        return contains_word_slow(s, n, words);
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
    for (size_t w = 0; words[w] != NULL; w++)
        if (strstr(low, words[w]) != NULL)
            return true;
    return false;
}

bool care_html_class_matches(const xmlNode *n, const char *const *words)
{
    return contains_word(care_html_attr(n, "class"), words) ||
           contains_word(care_html_attr(n, "id"), words);
}

/** Is cp white space as HTML collapses it? */
static bool is_html_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f';
}

/** Is cp a comma (Latin, Arabic, full-width, ideographic enumeration)? */
static bool is_comma(uint32_t cp)
{
    return cp == ',' || cp == 0x060C || cp == 0xFE50 || cp == 0xFE10 || cp == 0xFE11 ||
           cp == 0x2E41 || cp == 0x2E34 || cp == 0x2E32 || cp == 0xFF0C || cp == 0x3001;
}

typedef struct stats_walk {
    care_html_stats st;
    bool space; /* the last counted character was a space */
} stats_walk;

static void stats_text(stats_walk *w, const char *s, bool in_link)
{
    size_t n = strlen(s), i = 0;
    while (i < n) {
        uint32_t cp = care_utf8_next(s, n, &i);
        bool sp = is_html_space(cp);
        if (sp && (w->space || w->st.chars == 0))
            continue;
        w->space = sp;
        w->st.chars++;
        w->st.link_chars += in_link;
        w->st.commas += is_comma(cp);
    }
}

static void stats_walk_node(stats_walk *w, const xmlNode *n, bool in_link)
{
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content != NULL)
                stats_text(w, (const char *)c->content, in_link);
        } else if (c->type == XML_ELEMENT_NODE) {
            stats_walk_node(w, c, in_link || care_html_is(c, "a"));
        }
    }
}

care_html_stats care_html_stats_of(const xmlNode *n)
{
    stats_walk w = {{0, 0, 0}, false};
    if (n != NULL)
        stats_walk_node(&w, n, care_html_is(n, "a"));
    if (w.space && w.st.chars > 0)
        w.st.chars--; /* trailing space */
    return w.st;
}

double care_html_link_density(const xmlNode *n)
{
    care_html_stats st = care_html_stats_of(n);
    if (st.chars == 0)
        return 0;
    double d = (double)st.link_chars / (double)st.chars;
    return d > 1 ? 1 : d;
}

size_t care_html_count(const xmlNode *n, const char *tag)
{
    size_t count = 0;
    for (const xmlNode *c = n->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            count += care_html_is(c, tag) + care_html_count(c, tag);
    return count;
}

bool care_html_has_ancestor(const xmlNode *n, const char *tag, int depth)
{
    int level = 0;
    for (const xmlNode *p = n->parent; p != NULL && p->type == XML_ELEMENT_NODE; p = p->parent) {
        if (depth > 0 && ++level > depth)
            return false;
        if (care_html_is(p, tag))
            return true;
    }
    return false;
}

void care_html_remove(xmlNode *n)
{
    xmlUnlinkNode(n);
    xmlFreeNode(n);
}

care_html_info *care_html_info_of(const xmlNode *n)
{
    return n != NULL && n->type == XML_ELEMENT_NODE ? (care_html_info *)n->_private : NULL;
}

int care_html_class_weight(const xmlNode *n)
{
    static const char *const positive[] = {"article", "body",  "content", "entry", "hentry",
                                           "h-entry", "main",  "page",    "post",  "text",
                                           "blog",    "story", NULL};
    static const char *const negative[] = {
        "-ad-",  "hidden",  "banner",  "combx",    "comment",  "com-",   "contact",
        "footer", "gdpr",   "masthead", "media",   "meta",     "outbrain", "promo",
        "related", "scroll", "share",   "shoutbox", "sidebar", "skyscraper", "sponsor",
        "shopping", "tags", "widget",  NULL};
    int weight = 0;
    const char *attrs[] = {care_html_attr(n, "class"), care_html_attr(n, "id")};
    for (size_t i = 0; i < 2; i++) {
        if (attrs[i] == NULL || attrs[i][0] == '\0')
            continue;
        if (contains_word(attrs[i], negative))
            weight -= 25;
        if (contains_word(attrs[i], positive))
            weight += 25;
    }
    return weight;
}

static void text_walk(care_buf *b, const xmlNode *n, bool *space)
{
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            if (!care_html_is(c, "script") && !care_html_is(c, "style"))
                text_walk(b, c, space);
            continue;
        }
        if (c->type != XML_TEXT_NODE || c->content == NULL)
            continue;
        const char *s = (const char *)c->content;
        size_t len = strlen(s), i = 0;
        while (i < len) {
            size_t at = i;
            uint32_t cp = care_utf8_next(s, len, &i);
            if (is_html_space(cp)) {
                *space = b->len > 0;
                continue;
            }
            if (*space)
                care_buf_append(b, " ", 1);
            *space = false;
            care_buf_append(b, s + at, i - at);
        }
    }
}

char *care_html_text_of(const xmlNode *n)
{
    care_buf b = {0};
    bool space = false;
    care_buf_append(&b, "", 0);
    if (n != NULL)
        text_walk(&b, n, &space);
    if (b.failed) {
        care_buf_free(&b);
        return NULL;
    }
    return b.data;
}
