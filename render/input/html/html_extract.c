/*
 * Finding the article in a page, after Mozilla Readability's method: prune
 * what is never article text (html_prune.c), give every paragraph-like element a score
 * from its length and commas, pass the score up to its ancestors, scale by
 * link density, take the best candidate (promoting a parent that holds
 * several good candidates) and add its siblings that score well enough.
 * Semantic <article>, <main> and schema.org articleBody get a head start.
 */
#include "input/html/html.h"

#include <stdlib.h>
#include <string.h>

/** Best candidates kept while choosing the top one. */
#define TOP_CANDIDATES 5
/** Shortest text (code points) an element needs to be scored. */
#define MIN_PARAGRAPH_CHARS 25
/** Levels of ancestors a paragraph's score reaches. */
#define SCORE_DEPTH 5

typedef struct extract_ctx {
    xmlNode *body;
    xmlNode **cands; /* every initialised candidate */
    size_t ncands, cap;
    bool failed;
} extract_ctx;

/* ================================================================== */
/* Scoring                                                            */
/* ================================================================== */

static bool has_block_child(const xmlNode *n)
{
    for (const xmlNode *k = n->children; k != NULL; k = k->next)
        if (care_html_is_block(k) || has_block_child(k))
            return true;
    return false;
}

/** Base score of a new candidate from its tag, semantics and class. */
static double base_score(const xmlNode *n)
{
    static const char *const minus3[] = {"address", "ol", "ul", "dl", "dd", "dt", "li", "form",
                                         NULL};
    static const char *const minus5[] = {"h1", "h2", "h3", "h4", "h5", "h6", "th", NULL};
    static const char *const plus3[] = {"pre", "td", "blockquote", NULL};
    double s = care_html_class_weight(n);
    const char *prop = care_html_attr(n, "itemprop");
    if (care_html_is(n, "div"))
        s += 5;
    else if (care_html_is(n, "article") || care_html_is(n, "main"))
        s += 10;
    else if (care_html_is_any(n, plus3))
        s += 3;
    else if (care_html_is_any(n, minus3))
        s -= 3;
    else if (care_html_is_any(n, minus5))
        s -= 5;
    if (prop != NULL && strstr(prop, "articleBody") != NULL)
        s += 25;
    return s;
}

/** The candidate data of n, initialised on first use; NULL when n has none. */
static care_html_info *candidate(extract_ctx *c, xmlNode *n)
{
    care_html_info *info = care_html_info_of(n);
    if (info == NULL || info->scored)
        return info;
    xmlNode **v = care_grow_array(c->cands, c->ncands, &c->cap, 64, sizeof *v);
    if (v == NULL) {
        c->failed = true;
        return NULL;
    }
    c->cands = v;
    c->cands[c->ncands++] = n;
    info->scored = true;
    info->score = base_score(n);
    return info;
}

/** Give the score of a paragraph with statistics st to `first` and its ancestors. */
static void add_paragraph(extract_ctx *c, xmlNode *first, care_html_stats st)
{
    if (st.chars < MIN_PARAGRAPH_CHARS)
        return;
    size_t bonus = st.chars / 100 < 3 ? st.chars / 100 : 3;
    double score = 2.0 + (double)st.commas + (double)bonus; /* Readability: 1 + comma-split parts */
    int level = 0;
    for (xmlNode *a = first; a != NULL && level < SCORE_DEPTH; a = a->parent, level++) {
        if (a->type != XML_ELEMENT_NODE || a->parent == NULL ||
            a->parent->type != XML_ELEMENT_NODE)
            return;
        care_html_info *info = candidate(c, a);
        if (info == NULL)
            return;
        info->score += score / (level == 0 ? 1 : level == 1 ? 2 : level * 3.0);
    }
}

/** Statistics of the text directly in n (and its inline children), outside block children. */
static care_html_stats inline_stats(const xmlNode *n)
{
    care_html_stats total = {0, 0, 0};
    for (const xmlNode *k = n->children; k != NULL; k = k->next) {
        if (k->type == XML_TEXT_NODE && k->content != NULL) {
            for (const xmlChar *p = k->content; *p; p++)
                total.chars += (*p & 0xC0) != 0x80 && *p > ' ';
        } else if (k->type == XML_ELEMENT_NODE && !care_html_is_block(k) && !has_block_child(k)) {
            care_html_stats st = care_html_stats_of(k);
            total.chars += st.chars;
            total.link_chars += st.link_chars;
            total.commas += st.commas;
        }
    }
    return total;
}

static void score_tree(extract_ctx *c, xmlNode *n)
{
    static const char *const scored[] = {"p", "td", "pre", "section", "h2", "h3", "h4", "h5",
                                         "h6", NULL};
    for (xmlNode *k = n->children; k != NULL && !c->failed; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        bool div_like =
            care_html_is(k, "div") || care_html_is(k, "article") || care_html_is(k, "main");
        if (care_html_is_any(k, scored) || (div_like && !has_block_child(k))) {
            add_paragraph(c, k->parent, care_html_stats_of(k));
            if (!care_html_is(k, "section") && !care_html_is(k, "td"))
                continue;
        } else if (div_like) {
            add_paragraph(c, k, inline_stats(k));
        }
        score_tree(c, k);
    }
}

/* ================================================================== */
/* Choosing the article                                               */
/* ================================================================== */

static double score_of(const xmlNode *n)
{
    const care_html_info *info = care_html_info_of(n);
    return info != NULL && info->scored ? info->score : 0;
}

static bool is_inside(const xmlNode *n, const xmlNode *ancestor)
{
    for (; n != NULL; n = n->parent)
        if (n == ancestor)
            return true;
    return false;
}

/** The best candidates, best first, into top[TOP_CANDIDATES]; returns how many. */
static size_t best_candidates(extract_ctx *c, xmlNode **top)
{
    size_t n = 0;
    for (size_t i = 0; i < c->ncands; i++) {
        xmlNode *cand = c->cands[i];
        care_html_info *info = care_html_info_of(cand);
        info->score *= 1.0 - care_html_link_density(cand);
        size_t at = n < TOP_CANDIDATES ? n : TOP_CANDIDATES;
        while (at > 0 && score_of(top[at - 1]) < info->score)
            at--;
        if (at >= TOP_CANDIDATES)
            continue;
        size_t last = n < TOP_CANDIDATES ? n : TOP_CANDIDATES - 1;
        memmove(top + at + 1, top + at, (last - at) * sizeof *top);
        top[at] = cand;
        n += n < TOP_CANDIDATES;
    }
    return n;
}

/** A parent of `top` that holds at least three of the near-best candidates. */
static xmlNode *common_parent(extract_ctx *c, xmlNode *top, xmlNode **best, size_t n)
{
    for (xmlNode *p = top->parent; p != NULL && p != c->body; p = p->parent) {
        size_t holds = 0;
        for (size_t i = 1; i < n; i++)
            holds += score_of(best[i]) >= 0.75 * score_of(top) && is_inside(best[i], p);
        if (holds >= 3)
            return p;
    }
    return top;
}

/** Climb to a parent whose score is higher, then over single-child parents. */
static xmlNode *climb(extract_ctx *c, xmlNode *top)
{
    double last = score_of(top), threshold = last / 3;
    for (xmlNode *p = top->parent; p != NULL && p != c->body && p->type == XML_ELEMENT_NODE;
         p = p->parent) {
        if (!care_html_info_of(p) || !care_html_info_of(p)->scored)
            continue;
        double s = score_of(p);
        if (s < threshold)
            break;
        if (s > last) {
            top = p;
            break;
        }
        last = s;
    }
    while (top->parent != NULL && top->parent != c->body &&
           top->parent->type == XML_ELEMENT_NODE && xmlChildElementCount(top->parent) == 1)
        top = top->parent;
    return top;
}

static bool ends_sentence(const char *s)
{
    size_t n = strlen(s);
    return strstr(s, ". ") != NULL || (n > 0 && s[n - 1] == '.') || strstr(s, "\xE3\x80\x82");
}

/** Does sibling s of top belong to the article? */
static bool take_sibling(const xmlNode *s, const xmlNode *top)
{
    if (s == top)
        return true;
    double top_score = score_of(top), bonus = 0;
    double threshold = top_score * 0.2 > 10 ? top_score * 0.2 : 10;
    const char *cs = care_html_attr(s, "class"), *ct = care_html_attr(top, "class");
    if (cs != NULL && ct != NULL && ct[0] != '\0' && strcmp(cs, ct) == 0)
        bonus = top_score * 0.2;
    const care_html_info *info = care_html_info_of(s);
    if (info != NULL && info->scored && info->score + bonus >= threshold)
        return true;
    if (!care_html_is(s, "p"))
        return false;
    care_html_stats st = care_html_stats_of(s);
    double ld = st.chars ? (double)st.link_chars / (double)st.chars : 0;
    if (st.chars > 80)
        return ld < 0.25;
    if (st.chars == 0 || ld > 0)
        return false;
    char *text = care_html_text_of(s);
    bool yes = text != NULL && ends_sentence(text);
    free(text);
    return yes;
}

static bool choose(extract_ctx *c, care_html_article *out)
{
    xmlNode *best[TOP_CANDIDATES] = {0};
    size_t n = best_candidates(c, best);
    xmlNode *top = n > 0 ? best[0] : c->body;
    if (n > 0)
        top = climb(c, common_parent(c, top, best, n));
    xmlNode *parent = top->parent;
    size_t count = parent && top != c->body ? xmlChildElementCount(parent) : 1;
    out->nodes = care_calloc(count ? count : 1, sizeof *out->nodes);
    if (out->nodes == NULL)
        return false;
    if (parent == NULL || top == c->body) {
        out->nodes[out->count++] = top;
        return true;
    }
    for (xmlNode *s = parent->children; s != NULL; s = s->next)
        if (s->type == XML_ELEMENT_NODE && out->count < count && take_sibling(s, top))
            out->nodes[out->count++] = s;
    return true;
}

/* ================================================================== */
/* Entry                                                              */
/* ================================================================== */

static size_t count_elements(const xmlNode *n)
{
    size_t count = 0;
    for (const xmlNode *k = n; k != NULL; k = k->next)
        if (k->type == XML_ELEMENT_NODE)
            count += 1 + count_elements(k->children);
    return count;
}

static void attach_infos(xmlNode *n, care_html_info *infos, size_t *next)
{
    for (xmlNode *k = n; k != NULL; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        k->_private = &infos[(*next)++];
        attach_infos(k->children, infos, next);
    }
}

static xmlNode *find_body(xmlDoc *page)
{
    xmlNode *root = xmlDocGetRootElement(page);
    for (xmlNode *k = root ? root->children : NULL; k != NULL; k = k->next)
        if (care_html_is(k, "body"))
            return k;
    return root;
}

bool care_html_extract(xmlDoc *page, unsigned flags, care_html_article *out)
{
    memset(out, 0, sizeof *out);
    extract_ctx c = {.body = find_body(page)};
    if (c.body == NULL)
        return true;
    bool pruned = care_html_prune(c.body, flags, &out->byline);
    size_t next = 0, count = count_elements(c.body);
    out->infos = care_calloc(count ? count : 1, sizeof *out->infos);
    if (out->infos == NULL || !pruned) {
        free(c.cands);
        return false;
    }
    attach_infos(c.body, out->infos, &next);
    score_tree(&c, c.body);
    bool ok = !c.failed && choose(&c, out);
    free(c.cands);
    return ok;
}

void care_html_article_free(care_html_article *art)
{
    free(art->nodes);
    free(art->infos);
    free(art->byline);
    memset(art, 0, sizeof *art);
}

size_t care_html_article_chars(const care_html_article *art)
{
    size_t chars = 0;
    for (size_t i = 0; i < art->count; i++)
        chars += care_html_stats_of(art->nodes[i]).chars;
    return chars;
}
