/*
 * An <img> as a photo: its sources in order of preference — the srcset
 * candidates (also data-srcset) from the largest, then the lazy-load
 * attributes common on Chinese portals (data-src, data-original,
 * data-lazy-src), then src (often only a placeholder on such pages); layout
 * takes the first one it can read. Its caption: the <figcaption> of the
 * <figure> it is the first image of. Icons and spacers (width and height
 * attributes both under 48 px) are decoration.
 */
#include "image/image.h"
#include "input/figure.h"
#include "input/html/html.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>


typedef struct srcset_candidate {
    const char *url;
    size_t len;
    double size; /* the w or x descriptor; 1x when there is none */
} srcset_candidate;

static int by_size_descending(const void *a, const void *b)
{
    double x = ((const srcset_candidate *)a)->size, y = ((const srcset_candidate *)b)->size;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The next candidate of a srcset at *p (HTML "parse a srcset attribute",
 * simplified: a URL, then descriptors up to a comma); false at the end. */
static bool next_candidate(const char **p, srcset_candidate *c)
{
    const char *s = *p;
    while (*s && (isspace((unsigned char)*s) || *s == ','))
        s++;
    if (!*s)
        return false;
    const char *url = s;
    while (*s && !isspace((unsigned char)*s))
        s++;
    size_t len = (size_t)(s - url);
    bool ended = len > 0 && url[len - 1] == ',';
    while (len > 0 && url[len - 1] == ',')
        len--;
    const char *desc = s;
    while (!ended && *s && *s != ',')
        s++;
    c->url = url;
    c->len = len;
    c->size = 1;
    if (!ended) {
        char *end = NULL;
        double v = strtod(desc, &end);
        if (end != desc && v > 0)
            c->size = v;
    }
    *p = s;
    return true;
}

/* Every candidate of a srcset, the largest first. */
static bool add_srcset(care_figure *fig, const char *srcset)
{
    srcset_candidate cands[32];
    size_t n = 0;
    const char *p = srcset;
    while (n < sizeof cands / sizeof *cands && next_candidate(&p, &cands[n]))
        n++;
    qsort(cands, n, sizeof *cands, by_size_descending);
    for (size_t i = 0; i < n; i++)
        if (!care_figure_add_src(fig, cands[i].url, cands[i].len))
            return false;
    return true;
}

/* Both width and height attributes given and under CARE_IMAGE_MIN_SIDE px. */
static bool is_decoration(const xmlNode *img)
{
    const char *w = care_html_attr(img, "width"), *h = care_html_attr(img, "height");
    return w && h && *w && *h && atoi(w) < CARE_IMAGE_MIN_SIDE && atoi(h) < CARE_IMAGE_MIN_SIDE;
}

care_status care_html_figure_of(const xmlNode *img, care_figure **out)
{
    static const char *const lazy[] = {"data-src", "data-original", "data-lazy-src", "src"};
    *out = NULL;
    if (is_decoration(img))
        return CARE_OK;
    care_figure *fig = care_calloc(1, sizeof *fig);
    bool ok = fig != NULL;
    const char *sets[] = {care_html_attr(img, "srcset"), care_html_attr(img, "data-srcset")};
    for (size_t i = 0; ok && i < 2; i++)
        ok = !sets[i] || add_srcset(fig, sets[i]);
    for (size_t i = 0; ok && i < sizeof lazy / sizeof *lazy; i++) {
        const char *v = care_html_attr(img, lazy[i]);
        ok = !v || care_figure_add_src(fig, v, strlen(v));
    }
    if (!ok) {
        care_figure_free(fig);
        return CARE_ERR_NO_MEMORY;
    }
    *out = fig;
    return CARE_OK;
}

/* The <figure> n is inside, if any (nearest). */
static const xmlNode *enclosing_figure(const xmlNode *n)
{
    for (const xmlNode *p = n->parent; p != NULL && p->type == XML_ELEMENT_NODE; p = p->parent)
        if (care_html_is(p, "figure"))
            return p;
    return NULL;
}

/* The first element named tag in n's subtree (n excluded), document order. */
static const xmlNode *first_descendant(const xmlNode *n, const char *tag)
{
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (care_html_is(c, tag))
            return c;
        const xmlNode *d = first_descendant(c, tag);
        if (d)
            return d;
    }
    return NULL;
}

const xmlNode *care_html_figure_caption(const xmlNode *img)
{
    const xmlNode *fig = enclosing_figure(img);
    return fig && first_descendant(fig, "img") == img ? first_descendant(fig, "figcaption") : NULL;
}

bool care_html_caption_has_image(const xmlNode *figcaption)
{
    const xmlNode *fig = enclosing_figure(figcaption);
    return fig && first_descendant(fig, "img") != NULL;
}

static void collect_alts(const xmlNode *n, care_html_alts *out)
{
    for (const xmlNode *c = n; c != NULL && !out->failed; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *alt = care_html_is(c, "img") ? care_html_attr(c, "alt") : NULL;
        if (alt != NULL && alt[0] != '\0') {
            const char **v = care_grow_array(out->alts, out->count, &out->cap, 16, sizeof *v);
            if (v == NULL) {
                out->failed = true;
                return;
            }
            out->alts = v;
            out->alts[out->count++] = alt;
        }
        collect_alts(c->children, out);
    }
}

static int compare_alts(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool care_html_alts_collect(xmlDoc *page, care_html_alts *out)
{
    memset(out, 0, sizeof *out);
    const xmlNode *root = page ? xmlDocGetRootElement(page) : NULL;
    collect_alts(root, out);
    if (out->count > 1)
        qsort(out->alts, out->count, sizeof *out->alts, compare_alts);
    return !out->failed;
}

bool care_html_alt_is_label(const care_html_alts *alts, const char *alt)
{
    if (alt == NULL || alt[0] == '\0' || alts->count < 2)
        return false;
    const char **hit = bsearch(&alt, alts->alts, alts->count, sizeof *alts->alts, compare_alts);
    if (hit == NULL)
        return false;
    size_t at = (size_t)(hit - alts->alts);
    return (at > 0 && strcmp(alts->alts[at - 1], alt) == 0) ||
           (at + 1 < alts->count && strcmp(alts->alts[at + 1], alt) == 0);
}

void care_html_alts_free(care_html_alts *alts)
{
    free(alts->alts);
    memset(alts, 0, sizeof *alts);
}
