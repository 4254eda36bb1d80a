/* Total-fit line breaking: the breaks of a paragraph chosen together (after
 * Knuth & Plass, "Breaking paragraphs into lines", 1981), with badness from
 * the space justification adds per gap or the squeezing a line needs
 * (care_line_badness, one scale) and a strong penalty for a last line of one
 * character (clreq widow rule). A headline is judged on a scale of its own
 * (headline_demerits): its breaks go between phrases (after a space or a
 * ，：！？-like mark) rather than between words, and between words rather than
 * inside one (linebreak.c marks them); its lines may be ragged. */
#include "layout/fitting.h"

#include <math.h>
#include <stdlib.h>

#define WIDOW_PENALTY 1e7
#define HYPHEN_PENALTY 3000.0 /* two hyphenated lines in a row */
#define WORD_BREAK_DEMERITS 300.0 /* a line broken inside a word or URL: worth it when the
                                     line would otherwise stretch over ~0.08 em per gap */
/* A headline (care_typeset.headline), on its own scale: */
#define HEADLINE_BLANK_SHARE 0.4        /* a line 40 % blank costs */
#define HEADLINE_BLANK_DEMERITS 1e4     /* ... this much, */
#define HEADLINE_IN_PHRASE_DEMERITS 1e4 /* as much as a break between words inside a phrase; */
#define HEADLINE_PARTICLE_DEMERITS 2e4  /* a line starting with 的 or 了 3 times as much; */
#define HEADLINE_IN_WORD_DEMERITS 1e5   /* a break inside a word more than a blank line; */
#define HEADLINE_LINE_DEMERITS 5000.0   /* each line about a line 28 % blank */

typedef struct node {
    double demerits; /* best total up to this break, INFINITY when unreachable */
    size_t prev;     /* the break before it on the best path */
    bool hyphen;     /* the line ending here ends with a hyphen */
} node;

typedef struct fit_ctx {
    const care_para *p;
    float width, first_indent;
    care_gap_count *gaps; /* gaps[i]: justification gaps between the clusters before i */
} fit_ctx;

static bool is_breakpoint(const care_para *p, size_t k)
{
    return k == p->cluster_count || (p->clusters[k].flags & CARE_CL_BREAK_BEFORE);
}

static bool ends_with_hyphen(const care_para *p, size_t last)
{
    uint32_t cp = last ? p->clusters[last - 1].last_cp : 0;
    return cp == '-' || cp == 0x2010 || cp == 0x00AD;
}

/* A headline's line: its shrinking; its blank, as a share of the line,
 * squared (a last line's only past half the line); where it breaks; and a
 * cost per line. Raggedness is cheap here, splitting a phrase or a word dear. */
static double headline_demerits(const care_para *p, const care_line_range *r, size_t b,
                                bool last_line, float avail)
{
    double d = 1 + care_line_badness(p, r, r->natural, (care_gap_count){0, 0});
    d *= d;
    double blank = avail - r->natural - (last_line ? avail / 2 : 0);
    if (blank > 0) {
        double share = blank / (HEADLINE_BLANK_SHARE * avail);
        d += HEADLINE_BLANK_DEMERITS * share * share;
    }
    unsigned flags = last_line ? 0 : p->clusters[b].flags;
    if (flags & CARE_CL_IN_WORD)
        d += HEADLINE_IN_WORD_DEMERITS;
    if (flags & CARE_CL_IN_PHRASE)
        d += HEADLINE_IN_PHRASE_DEMERITS;
    if (flags & CARE_CL_PARTICLE)
        d += HEADLINE_PARTICLE_DEMERITS;
    return d + HEADLINE_LINE_DEMERITS;
}

static double line_demerits(const fit_ctx *c, const node *from, size_t b,
                            const care_line_range *r, float avail)
{
    const care_para *p = c->p;
    bool last_line = b == p->cluster_count || (p->clusters[b].flags & CARE_CL_MANDATORY);
    if (last_line && care_is_lone_character(p, r->first, r->last))
        return WIDOW_PENALTY;
    if (p->ts.headline)
        return headline_demerits(p, r, b, last_line, avail);
    /* the last line is set solid: only its shrinking counts */
    care_gap_count gaps = {0, 0};
    if (r->last > r->first)
        gaps = (care_gap_count){c->gaps[r->last - 1].all - c->gaps[r->first].all,
                                c->gaps[r->last - 1].word_spaces - c->gaps[r->first].word_spaces};
    double d = 1 + care_line_badness(p, r, last_line ? r->natural : avail, gaps);
    d *= d;
    if (from->hyphen && (r->hyphen || ends_with_hyphen(p, r->last)))
        d += HYPHEN_PENALTY;
    if (!last_line && (p->clusters[b].flags & (CARE_CL_HYPHEN | CARE_CL_URL_BREAK)))
        d += WORD_BREAK_DEMERITS;
    return last_line ? d - 1 : d;
}

/* Relax every line that starts at break a. */
static void relax_from(const fit_ctx *c, node *nodes, size_t a)
{
    const care_para *p = c->p;
    bool first_line = a == 0;
    float avail = first_line ? c->width - c->first_indent : c->width;
    for (size_t b = a + 1; b <= p->cluster_count; b++) {
        if (!is_breakpoint(p, b))
            continue;
        care_line_range r = care_make_range(p, a, b, avail, first_line);
        if (r.natural > avail + CARE_FIT_EPS)
            break; /* wider still for every later b */
        double d = nodes[a].demerits + line_demerits(c, &nodes[a], b, &r, avail);
        if (d < nodes[b].demerits)
            nodes[b] = (node){d, a, r.hyphen || ends_with_hyphen(p, r.last)};
        if (b < p->cluster_count && (p->clusters[b].flags & CARE_CL_MANDATORY))
            break; /* a line never runs past a hard break */
    }
}

static bool backtrack(const care_para *p, const node *nodes, size_t **breaks, size_t *count)
{
    size_t n = 0;
    for (size_t k = p->cluster_count; k > 0; k = nodes[k].prev)
        n++;
    *breaks = care_calloc(n, sizeof **breaks);
    if (!*breaks)
        return false;
    *count = n;
    size_t i = n;
    for (size_t k = p->cluster_count; k > 0; k = nodes[k].prev)
        (*breaks)[--i] = k;
    return true;
}

bool care_total_fit(const care_para *p, float width, float first_indent, size_t **breaks,
                    size_t *count)
{
    size_t n = p->cluster_count;
    fit_ctx c = {p, width, first_indent, care_calloc(n + 1, sizeof(care_gap_count))};
    node *nodes = care_calloc(n + 1, sizeof *nodes);
    bool ok = false;
    if (c.gaps && nodes) {
        for (size_t i = 0; i + 1 < n; i++) {
            care_gap_count g = care_gap_count_after(p, i);
            c.gaps[i + 1] = (care_gap_count){c.gaps[i].all + g.all,
                                             c.gaps[i].word_spaces + g.word_spaces};
        }
        for (size_t k = 1; k <= n; k++)
            nodes[k].demerits = INFINITY;
        for (size_t a = 0; a < n; a++)
            if (isfinite(nodes[a].demerits) && (a == 0 || is_breakpoint(p, a)))
                relax_from(&c, nodes, a);
        ok = isfinite(nodes[n].demerits) && backtrack(p, nodes, breaks, count);
    }
    free(c.gaps);
    free(nodes);
    return ok;
}
