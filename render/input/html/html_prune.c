/*
 * Pruning a page before its text is scored: what is never article text
 * (scripts, styles, embedded objects, navigation, asides, footers, small
 * forms, headers without the title, comments, hidden elements, menus and
 * dialogs by ARIA role) and, with HTML_STRIP_UNLIKELY, furniture named by
 * class or id (comments, related, share, sidebar, ...) as Readability does.
 * The first byline element is taken out and its text kept.
 */
#include "input/html/html.h"

#include <stdlib.h>
#include <string.h>

typedef struct prune_ctx {
    unsigned flags;
    char *byline;
    bool failed;
} prune_ctx;

static const char *const NEVER_TEXT[] = {
    "script", "style",  "noscript", "template", "iframe", "svg",    "math",   "object",
    "embed",  "canvas", "button",   "input",    "select", "textarea", "nav",  "aside",
    "footer", "link",   "meta",     "head",     "title",  "audio",  "video",  "map",
    "dialog", "menu",   NULL};

static const char *const UNLIKELY[] = {
    "-ad-",     "ai2html",  "banner",  "breadcrumbs", "combx",       "comment", "community",
    "cover-wrap", "disqus", "extra",   "footer",      "gdpr",        "header",  "legends",
    "menu",     "related",  "remark",  "replies",     "rss",         "shoutbox", "sidebar",
    "skyscraper", "social", "sponsor", "supplemental", "ad-break",   "agegate", "pagination",
    "pager",    "popup",    "yom-remote", "recommend", "share",      "toolbar", NULL};

static const char *const MAYBE[] = {"and", "article", "body", "column", "content", "main",
                                    "shadow", NULL};

static const char *const BYLINE_WORDS[] = {"byline", "author", "dateline", "writtenby",
                                           "p-author", NULL};

/** Does s contain `needle` (lower case), ignoring ASCII case? */
static bool ascii_ci_contains(const char *s, const char *needle)
{
    size_t n = strlen(s), k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && (char)(s[i + j] | 0x20) == needle[j])
            j++;
        if (j == k)
            return true;
    }
    return false;
}

/** Hidden by attribute or inline style. */
static bool is_hidden(const xmlNode *n)
{
    const char *style = care_html_attr(n, "style");
    const char *aria = care_html_attr(n, "aria-hidden");
    if (care_html_attr(n, "hidden") != NULL)
        return true;
    if (aria != NULL && strcmp(aria, "true") == 0 &&
        !care_html_class_matches(n, (const char *const[]){"fallback-image", NULL}))
        return true;
    if (style == NULL)
        return false;
    char compact[256];
    size_t k = 0;
    for (size_t i = 0; style[i] != '\0' && k + 1 < sizeof compact; i++)
        if (style[i] != ' ')
            compact[k++] = style[i];
    compact[k] = '\0';
    return ascii_ci_contains(compact, "display:none") ||
           ascii_ci_contains(compact, "visibility:hidden");
}

static bool unlikely_role(const xmlNode *n)
{
    static const char *const roles[] = {"menu",  "menubar",     "complementary", "navigation",
                                        "alert", "alertdialog", "dialog",        NULL};
    const char *role = care_html_attr(n, "role");
    for (size_t i = 0; role != NULL && roles[i] != NULL; i++)
        if (strcmp(role, roles[i]) == 0)
            return true;
    return false;
}

/** Is n a comment form's field label: it holds a form field, or sits in a
 *  form or a comment box? Its text ("昵称：", a placeholder's neighbour) names
 *  the reader who writes, never the article's author. */
static bool in_comment_form(const xmlNode *n)
{
    static const char *const fields[] = {"input", "textarea", "select", NULL};
    static const char *const comment[] = {"comment", "reply", "respond", NULL};
    for (const char *const *f = fields; *f != NULL; f++)
        if (care_html_count(n, *f) > 0)
            return true;
    for (const xmlNode *a = n->parent; a != NULL && a->type == XML_ELEMENT_NODE; a = a->parent)
        if (care_html_is(a, "form") || care_html_class_matches(a, comment))
            return true;
    return false;
}

static bool is_byline(const xmlNode *n)
{
    const char *rel = care_html_attr(n, "rel"), *prop = care_html_attr(n, "itemprop");
    if ((rel == NULL || strcmp(rel, "author") != 0) &&
        (prop == NULL || strstr(prop, "author") == NULL) &&
        !care_html_class_matches(n, BYLINE_WORDS))
        return false;
    size_t chars = care_html_stats_of(n).chars;
    return chars > 0 && chars < 100 && !in_comment_form(n);
}

static bool unlikely_by_class(const xmlNode *n)
{
    if (care_html_is(n, "body") || care_html_is(n, "a") || care_html_is(n, "article") ||
        care_html_is(n, "main"))
        return false;
    if (!care_html_class_matches(n, UNLIKELY) || care_html_class_matches(n, MAYBE))
        return false;
    return !care_html_has_ancestor(n, "table", 0) && !care_html_has_ancestor(n, "code", 0);
}

/** No text, no images: only empty children or br/hr. (Text counts when it has a
 *  character other than HTML white space, as in care_html_stats_of; the walk
 *  stops at the first text or image, so nested wrappers cost no repeated walks.) */
static bool without_content(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
            c->content != NULL && c->content[strspn((const char *)c->content, " \t\n\r\f")])
            return false;
        if (c->type == XML_ELEMENT_NODE && (care_html_is(c, "img") || !without_content(c)))
            return false;
    }
    return true;
}

/** Should element n go before its children are looked at? */
static bool prune_before(prune_ctx *c, xmlNode *n)
{
    if (care_html_is_any(n, NEVER_TEXT) || is_hidden(n) || unlikely_role(n))
        return true;
    if (care_html_is(n, "form") && care_html_stats_of(n).chars < 1000)
        return true;
    if (care_html_is(n, "header") && care_html_count(n, "h1") == 0)
        return true;
    if (c->byline == NULL && is_byline(n)) {
        c->byline = care_html_text_of(n);
        c->failed |= c->byline == NULL;
        return true;
    }
    return (c->flags & HTML_STRIP_UNLIKELY) && unlikely_by_class(n);
}

static void prune_children(prune_ctx *c, xmlNode *n)
{
    xmlNode *next;
    for (xmlNode *k = n->children; k != NULL; k = next) {
        next = k->next;
        if (k->type == XML_COMMENT_NODE || k->type == XML_PI_NODE || k->type == XML_DTD_NODE) {
            care_html_remove(k);
            continue;
        }
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (prune_before(c, k)) {
            care_html_remove(k);
            continue;
        }
        prune_children(c, k);
        static const char *const emptiable[] = {"div", "section", "header", "h1", "h2", "h3",
                                                "h4",  "h5",      "h6",     "p",  NULL};
        if (care_html_is_any(k, emptiable) && without_content(k))
            care_html_remove(k);
    }
}

bool care_html_prune(xmlNode *body, unsigned flags, char **byline)
{
    prune_ctx c = {.flags = flags};
    prune_children(&c, body);
    *byline = c.byline;
    return !c.failed;
}
