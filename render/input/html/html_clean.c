/*
 * Cleaning the chosen article nodes (Readability's "prepArticle"): share
 * boxes, headings that repeat the title or are marked as furniture, and,
 * conditionally, containers that look like link lists, forms or image walls
 * rather than text. Data tables are kept.
 */
#include "input/html/html.h"

#include <stdlib.h>
#include <string.h>

/** Longest credit line ("[责任编辑：…]") kept when its container is removed. */
#define CREDIT_MAX_CHARS 40
/** Longest line of a credited title and its source note kept with the credit. */
#define CREDITED_LINE_MAX_CHARS 60
/** Text length (code points) above which a share box is kept as text. */
#define SHARE_MAX_CHARS 500

/** A table with a caption, header cells or many cells holds data. */
static bool is_data_table(const xmlNode *t)
{
    const char *role = care_html_attr(t, "role");
    if (role != NULL && strcmp(role, "presentation") == 0)
        return false;
    if (care_html_count(t, "table") > 0)
        return false;
    if (care_html_count(t, "caption") > 0 || care_html_count(t, "th") > 0 ||
        care_html_count(t, "thead") > 0)
        return true;
    size_t rows = care_html_count(t, "tr"), cells = care_html_count(t, "td");
    return rows >= 10 || (rows > 0 && cells / rows > 4);
}

static bool in_data_table(const xmlNode *n)
{
    for (const xmlNode *p = n; p != NULL && p->type == XML_ELEMENT_NODE; p = p->parent)
        if (care_html_is(p, "table") && is_data_table(p))
            return true;
    return false;
}

/** Share of n's text inside headings. */
static double heading_density(const xmlNode *n, size_t total)
{
    static const char *const hs[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
    size_t in_headings = 0;
    for (size_t i = 0; hs[i] != NULL; i++)
        for (const xmlNode *k = n->children; k != NULL; k = k->next)
            in_headings += care_html_is(k, hs[i]) ? care_html_stats_of(k).chars : 0;
    return total ? (double)in_headings / (double)total : 0;
}

/** Is n mostly list items (a list in disguise)? */
static bool is_list(const xmlNode *n, size_t chars)
{
    if (care_html_is(n, "ul") || care_html_is(n, "ol"))
        return true;
    size_t in_items = 0;
    for (const xmlNode *k = n->children; k != NULL; k = k->next)
        if (care_html_is(k, "li"))
            in_items += care_html_stats_of(k).chars;
    return chars > 0 && (double)in_items / (double)chars > 0.9;
}

/** A short "责任编辑：…" / "来源：…" credit line, part of a Chinese news article. */
static bool is_credit_line(const xmlNode *n)
{
    static const char *const labels[] = {
        "\xE8\xB4\xA3\xE4\xBB\xBB\xE7\xBC\x96\xE8\xBE\x91" /* 责任编辑 */,
        "\xE8\xB2\xAC\xE4\xBB\xBB\xE7\xB7\xA8\xE8\xBC\xAF" /* 責任編輯 */,
        "\xE6\x9D\xA5\xE6\xBA\x90" /* 来源 */, "\xE4\xBE\x86\xE6\xBA\x90" /* 來源 */,
        "\xE4\xBD\x9C\xE8\x80\x85" /* 作者 */, "\xE8\xAE\xB0\xE8\x80\x85" /* 记者 */,
        "\xE7\xBC\x96\xE8\xBE\x91" /* 编辑 */, NULL};
    char *text = care_html_text_of(n);
    bool yes = false;
    for (size_t i = 0; text != NULL && labels[i] != NULL && !yes; i++) {
        const char *at = strstr(text, labels[i]);
        yes = at != NULL && (size_t)(at - text) <= 3; /* at the start, after a bracket */
    }
    free(text);
    return yes;
}

/** Readability's "cleanConditionally" test for one container. */
static bool looks_like_clutter(const xmlNode *n)
{
    if (in_data_table(n) || care_html_has_ancestor(n, "code", 0))
        return false;
    int weight = care_html_class_weight(n);
    if (weight < 0)
        return true;
    care_html_stats st = care_html_stats_of(n);
    if (st.commas >= 10)
        return false;
    bool list = is_list(n, st.chars);
    double p = (double)care_html_count(n, "p"), img = (double)care_html_count(n, "img");
    double li = (double)care_html_count(n, "li") - 100, input = (double)care_html_count(n, "input");
    double ld = st.chars ? (double)st.link_chars / (double)st.chars : 0;
    bool in_figure = care_html_has_ancestor(n, "figure", 0);
    if (img > 1 && p / img < 0.5 && !in_figure)
        return true;
    if ((!list && li > p) || input > (double)(size_t)(p / 3))
        return true;
    if (!list && heading_density(n, st.chars) < 0.9 && st.chars < 25 && (img == 0 || img > 2) &&
        !in_figure && !is_credit_line(n))
        return true;
    if (!list && weight < 25 && ld > 0.2)
        return true;
    if (list && weight < 25 && ld > 0.9 && st.chars < 400)
        return true;
    return weight >= 25 && ld > 0.5;
}

/** The first credit line inside n (n excluded), or NULL. */
static xmlNode *find_credit_line(xmlNode *n)
{
    for (xmlNode *k = n->children; k != NULL; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (care_html_stats_of(k).chars <= CREDIT_MAX_CHARS && is_credit_line(k))
            return k;
        xmlNode *inner = find_credit_line(k);
        if (inner != NULL)
            return inner;
    }
    return NULL;
}

/** The line a rescued credit belongs to: a bracketed source note ("（来源：梨视频）")
 *  credits the linked title beside it (a video's, a photo's) in one short line
 *  (<p><a>女民警1天拨100个电话…</a><span>（来源：梨视频）</span></p>); that line is
 *  kept whole. Otherwise the credit alone. */
static xmlNode *credited_line(xmlNode *credit, const xmlNode *removed)
{
    xmlNode *line = credit->parent;
    if (line == NULL || line == removed || line->type != XML_ELEMENT_NODE ||
        !care_html_is(line, "p") || care_html_count(line, "a") != 1 ||
        care_html_stats_of(line).chars > CREDITED_LINE_MAX_CHARS)
        return credit;
    char *text = care_html_text_of(credit);
    size_t lead = text != NULL ? strspn(text, " ") : 0;
    bool bracket = text != NULL && (strncmp(text + lead, "\xEF\xBC\x88" /* （ */, 3) == 0 ||
                                    text[lead] == '(');
    free(text);
    return bracket ? line : credit;
}

/** Remove elements named `tags` under n for which `test` holds; a credit
 *  line inside a removed element is kept in its place (with the title it
 *  credits, see credited_line). */
static void clean_tag(xmlNode *n, const char *const *tags, bool (*test)(const xmlNode *))
{
    xmlNode *next;
    for (xmlNode *k = n->children; k != NULL; k = next) {
        next = k->next;
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (!care_html_is_any(k, tags) || !test(k)) {
            clean_tag(k, tags, test);
            continue;
        }
        xmlNode *credit = test == looks_like_clutter ? find_credit_line(k) : NULL;
        if (credit != NULL)
            credit = credited_line(credit, k);
        if (credit != NULL) {
            xmlUnlinkNode(credit);
            xmlAddPrevSibling(k, credit);
        }
        care_html_remove(k);
    }
}

static bool is_share_box(const xmlNode *n)
{
    static const char *const share[] = {"share", "sharedaddy", NULL};
    return care_html_class_matches(n, share) && care_html_stats_of(n).chars < SHARE_MAX_CHARS;
}

static bool is_bad_heading(const xmlNode *n)
{
    return (care_html_is(n, "h1") || care_html_is(n, "h2")) && care_html_class_weight(n) < 0;
}

static bool is_empty_paragraph(const xmlNode *n)
{
    return care_html_stats_of(n).chars == 0 && care_html_count(n, "img") == 0;
}

static bool any_element(const xmlNode *n)
{
    (void)n;
    return true;
}

/** Folded comparison: equal ignoring white space. */
static bool same_text(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (*a != *b)
            return false;
        if (*a == '\0')
            return true;
        a++;
        b++;
    }
}

/** Remove block element n, leaving a <br> so that the text around it stays
 *  apart (a breadcrumb and a dateline on either side of a headline). */
static void replace_by_break(xmlNode *n)
{
    xmlNode *br = xmlNewDocNode(n->doc, NULL, BAD_CAST "br", NULL);
    if (br != NULL)
        xmlAddPrevSibling(n, br);
    care_html_remove(n);
}

/** Remove headings (h1, h2) that repeat the title. */
static void drop_title_headings(xmlNode *n, const char *title)
{
    xmlNode *next;
    for (xmlNode *k = n->children; k != NULL; k = next) {
        next = k->next;
        if (k->type != XML_ELEMENT_NODE)
            continue;
        int level = care_html_heading_level(k);
        if (level == 1 || level == 2) {
            char *text = care_html_text_of(k);
            bool same = text != NULL && same_text(text, title);
            free(text);
            if (same) {
                replace_by_break(k);
                continue;
            }
        }
        drop_title_headings(k, title);
    }
}

/** Clean one article node; false when the node itself must go. */
static bool prepare_node(xmlNode *n, const char *title, unsigned flags)
{
    static const char *const any[] = {"div", "section", "span", "ul", "ol", "p", "table", NULL};
    static const char *const headings[] = {"h1", "h2", NULL};
    static const char *const forms[] = {"form", "fieldset", NULL};
    static const char *const lists[] = {"table", "ul", "ol", NULL};
    static const char *const divs[] = {"div", "section", NULL};
    static const char *const paragraphs[] = {"p", NULL};
    static const char *const obsolete[] = {"object", "embed", "footer", "link", "aside", NULL};
    clean_tag(n, any, is_share_box);
    clean_tag(n, obsolete, any_element);
    clean_tag(n, headings, is_bad_heading);
    if (title != NULL && title[0] != '\0')
        drop_title_headings(n, title);
    if (flags & HTML_CLEAN_CONDITIONALLY) {
        clean_tag(n, forms, looks_like_clutter);
        clean_tag(n, lists, looks_like_clutter);
        clean_tag(n, divs, looks_like_clutter);
    }
    clean_tag(n, paragraphs, is_empty_paragraph);
    if (title == NULL || care_html_heading_level(n) < 1 || care_html_heading_level(n) > 2)
        return true;
    char *text = care_html_text_of(n);
    bool same = text != NULL && same_text(text, title);
    free(text);
    return !same;
}

void care_html_prepare(care_html_article *art, const char *title, unsigned flags)
{
    size_t kept = 0;
    for (size_t i = 0; i < art->count; i++) {
        xmlNode *n = art->nodes[i];
        if (prepare_node(n, title, flags))
            art->nodes[kept++] = n;
    }
    art->count = kept;
}
