/*
 * The dateline of a news page: the short line right under the title h1 that
 * carries the date (and usually the source: "TNW中文站 2016年10月14日07:17",
 * "来源：光明网 2017-03-01"). Found by walking forward in document order from
 * the h1 to the first text with a date in it, then taking the largest
 * enclosing element whose text without links stays short.
 */
#include "input/article_find.h"
#include "input/html/html.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/** Longest dateline (code points, links left out). */
#define DATELINE_MAX_CHARS 80
/** Nodes looked at after the h1 before giving up. */
#define DATELINE_SEARCH_NODES 60

/** The next node in document order; `descend` false skips n's subtree. */
static const xmlNode *next_node(const xmlNode *n, bool descend)
{
    if (descend && n->type == XML_ELEMENT_NODE && n->children != NULL)
        return n->children;
    while (n != NULL && n->next == NULL)
        n = n->parent;
    return n != NULL ? n->next : NULL;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/** Does s hold a date: 2016年10月, 2016-10-14, 2016/10/14, 2016.10.14 or 10月14日? */
static bool has_date(const char *s)
{
    for (size_t i = 0; s[i] != '\0'; i++) {
        size_t run = 0;
        while (is_digit(s[i + run]))
            run++;
        if (run == 0)
            continue;
        const char *after = s + i + run;
        bool year_sep = strncmp(after, "\xE5\xB9\xB4" /* 年 */, 3) == 0 || *after == '-' ||
                        *after == '/' || *after == '.';
        size_t sep = *after == '-' || *after == '/' || *after == '.' ? 1 : 3;
        if (run == 4 && year_sep && is_digit(after[sep]))
            return true;
        if (run <= 2 && strncmp(after, "\xE6\x9C\x88" /* 月 */, 3) == 0 && is_digit(after[3]))
            return true;
        i += run - 1;
    }
    return false;
}

/** Links that act (share, open a popup) rather than point somewhere. */
static bool is_action(const xmlNode *n)
{
    static const char *const share[] = {"share", NULL};
    const char *href = care_html_attr(n, "href");
    if (care_html_class_matches(n, share))
        return true;
    return care_html_is(n, "a") &&
           (href == NULL || href[0] == '#' || strncmp(href, "javascript:", 11) == 0);
}

static void text_walk(const xmlNode *n, care_buf *b)
{
    static const char *const skip[] = {"script", "style", "noscript", "button", NULL};
    for (const xmlNode *k = n->children; k != NULL; k = k->next) {
        if (k->type == XML_TEXT_NODE && k->content != NULL)
            care_buf_puts(b, (const char *)k->content);
        else if (k->type == XML_ELEMENT_NODE && !care_html_is_any(k, skip) && !is_action(k))
            text_walk(k, b);
    }
}

/** The dateline text of e (an element, or a text node standing alone):
 *  white space collapsed, action links left out. */
static char *dateline_text(const xmlNode *e)
{
    care_buf raw = {0}, b = {0};
    care_buf_append(&raw, "", 0);
    care_buf_append(&b, "", 0);
    if (e->type == XML_TEXT_NODE)
        care_buf_puts(&raw, (const char *)e->content);
    else
        text_walk(e, &raw);
    bool space = false;
    for (size_t i = 0; !raw.failed && i < raw.len; i++) {
        char ch = raw.data[i];
        bool sp = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
        if (!sp && space && b.len > 0)
            care_buf_append(&b, " ", 1);
        space = sp;
        if (!sp)
            care_buf_append(&b, &ch, 1);
    }
    bool failed = raw.failed || b.failed;
    care_buf_free(&raw);
    if (failed)
        care_buf_free(&b);
    return failed ? NULL : b.data;
}

/** Code points of e's dateline text; SIZE_MAX when out of memory. */
static size_t own_chars(const xmlNode *e)
{
    char *t = dateline_text(e);
    size_t n = 0;
    for (size_t i = 0; t != NULL && t[i] != '\0'; i++)
        n += ((unsigned char)t[i] & 0xC0) != 0x80;
    free(t);
    return t != NULL ? n : SIZE_MAX;
}

static bool contains(const xmlNode *outer, const xmlNode *inner)
{
    for (; inner != NULL; inner = inner->parent)
        if (inner == outer)
            return true;
    return false;
}

/** The largest element around text node t that stays short and holds no h1;
 *  t itself when the h1 is its sibling (text loose in the headline's box). */
static const xmlNode *dateline_element(const xmlNode *t, const xmlNode *h1)
{
    const xmlNode *e = t->parent;
    if (contains(e, h1))
        return t;
    while (e->parent != NULL && e->parent->type == XML_ELEMENT_NODE &&
           !contains(e->parent, h1) && own_chars(e->parent) <= DATELINE_MAX_CHARS)
        e = e->parent;
    return e;
}

/** Where the search stops: another heading or a long paragraph. */
static bool stops_search(const xmlNode *n)
{
    return care_html_heading_level(n) > 0 || (care_html_is(n, "p") && own_chars(n) > 100);
}

/** Remove the first copy of `cut` (non-empty) from s, in place, with one space
 *  around it. */
static void cut_text(char *s, const char *cut)
{
    size_t k = strlen(cut);
    char *at = k > 0 ? strstr(s, cut) : NULL;
    if (at == NULL)
        return;
    char *rest = at + k;
    while (*rest == ' ')
        rest++;
    while (at > s && at[-1] == ' ')
        at--;
    if (at > s && *rest != '\0')
        *at++ = ' ';
    memmove(at, rest, strlen(rest) + 1);
}

/** The dateline without the headline repeated in it (a sticky copy of the h1 in
 *  the same box) and without the action links and counters at its end
 *  (care_byline_len, the same tail as a page copy's bylines lose). */
static void tidy_dateline(char *s, const xmlNode *h1)
{
    char *headline = care_html_text_of(h1);
    if (headline != NULL)
        cut_text(s, headline);
    free(headline);
    size_t len = care_byline_len(s, strlen(s)), start, end;
    s[len] = '\0';
    if (care_byline_control(s, len, &start, &end))
        memmove(s + start, s + end, len - end + 1);
}

bool care_html_dateline_after(const xmlNode *h1, char **out)
{
    static const char *const skip[] = {"a", "script", "style", "noscript", "button", NULL};
    *out = NULL;
    const xmlNode *n = next_node(h1, false);
    for (int steps = 0; n != NULL && steps < DATELINE_SEARCH_NODES; steps++) {
        if (n->type == XML_ELEMENT_NODE && (care_html_is_any(n, skip) || stops_search(n))) {
            if (stops_search(n))
                return true;
            n = next_node(n, false);
            continue;
        }
        if (n->type == XML_TEXT_NODE && n->content != NULL &&
            has_date((const char *)n->content) && n->parent != NULL) {
            const xmlNode *e = dateline_element(n, h1);
            if (own_chars(e) > DATELINE_MAX_CHARS)
                return true;
            *out = dateline_text(e);
            if (*out != NULL)
                tidy_dateline(*out, h1);
            return *out != NULL;
        }
        n = next_node(n, true);
    }
    return true;
}
