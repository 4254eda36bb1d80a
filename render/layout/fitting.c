/* Line fitting: which break opportunities end the lines of a paragraph.
 * Greedy first-fit and the entry here; total-fit (whole paragraph) in
 * totalfit.c; the line measures both use in line_range.c. */
#include "layout/fitting.h"

#include <stdlib.h>

/* How many clusters past the first one that overflows a shrunk line may take. */
#define SHRINK_REACH 8

typedef struct line_list {
    care_line_range *items;
    size_t count, cap;
} line_list;

static care_status push_line(line_list *l, care_line_range r, care_error *err)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        care_line_range *items = care_realloc_array(l->items, cap, sizeof *items);
        if (!items)
            return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for %zu lines", cap);
        l->items = items;
        l->cap = cap;
    }
    l->items[l->count++] = r;
    return CARE_OK;
}

static bool is_word_part(uint32_t cp)
{
    return cp < 0x2E80 && cp > ' ' && !care_forbidden_at_line_start(cp) &&
           !care_forbidden_at_line_end(cp);
}

/* An emergency break inside [first, i] for a unit wider than the line: the
 * latest grapheme boundary that keeps the 避头尾 rules and numbers and Latin
 * words whole; failing that, one that keeps words whole; then one that keeps
 * the 避头尾 rules (a URL broken between graphemes); at least one cluster in. */
static size_t emergency_break(const care_para *p, size_t first, size_t i)
{
    for (int pass = 0; pass < 3; pass++) {
        for (size_t k = i; k > first; k--) {
            uint32_t before = p->clusters[k - 1].last_cp, after = p->clusters[k].first_cp;
            bool kinsoku = !care_forbidden_at_line_start(after) && !care_forbidden_at_line_end(before);
            bool word = is_word_part(before) && is_word_part(after);
            if ((pass == 0 && kinsoku && !word) || (pass == 1 && !word) || (pass == 2 && kinsoku))
                return k;
        }
    }
    return i > first ? i : first + 1;
}

static bool may_end_before(const care_para *p, size_t k)
{
    return k == p->cluster_count || (p->clusters[k].flags & CARE_CL_BREAK_BEFORE);
}

/* Is the unbreakable unit that starts at break opportunity `from` and holds
 * cluster i wider than a whole line? (A URL or a long word: rather than leave
 * a line short, break it where the line ends.) */
static bool unit_wider_than(const care_para *p, size_t from, size_t i, float width)
{
    size_t end = i + 1;
    while (end < p->cluster_count && !(p->clusters[end].flags & CARE_CL_BREAK_BEFORE))
        end++;
    return care_make_range(p, from, end, width, false).natural > width + CARE_FIT_EPS;
}

/* Does the line [first, k), shrunk, fit and beat the line that ends at the
 * earlier opportunity and is stretched? A line-end mark's compression and a
 * hanging mark cost nothing (clreq 先挤进，后推出). */
static bool shrinking_pays(const care_para *p, size_t first, size_t opportunity, size_t k,
                           float avail, bool paragraph_start)
{
    care_line_range in = care_make_range(p, first, k, avail, paragraph_start);
    if (in.natural > avail + CARE_FIT_EPS)
        return false;
    if (opportunity == first || care_line_badness(p, &in, avail, (care_gap_count){0, 0}) == 0)
        return true;
    care_line_range out = care_make_range(p, first, opportunity, avail, paragraph_start);
    return care_line_badness(p, &in, avail, care_count_gaps(p, in.first, in.last)) <=
           care_line_badness(p, &out, avail, care_count_gaps(p, out.first, out.last));
}

/* Breaks inside a word (a hyphen drawn) or a URL: taken only to avoid a loose line. */
#define WORD_BREAKS (CARE_CL_HYPHEN | CARE_CL_URL_BREAK)
#define LOOSE_BADNESS 15.0 /* care_line_badness of 0.08 em stretch per gap */

/* Is the line that ends at `whole` (the last break between words), rather
 * than inside the word at `opportunity`, no looser than 0.08 em per gap? */
static bool whole_word_fits(const care_para *p, size_t first, size_t opportunity, size_t whole,
                            float avail, bool paragraph_start)
{
    if (!(p->clusters[opportunity].flags & WORD_BREAKS) || whole == first)
        return false;
    care_line_range r = care_make_range(p, first, whole, avail, paragraph_start);
    return care_line_badness(p, &r, avail, care_count_gaps(p, r.first, r.last)) <= LOOSE_BADNESS;
}

/* The first cluster of the line after the one starting at `first` (greedy). */
static size_t fit_line(const care_para *p, size_t first, float avail, float width,
                       bool paragraph_start)
{
    float w = -care_line_start_trim(p, first, paragraph_start);
    size_t opportunity = first, earlier = first, whole = first;
    for (size_t i = first; i < p->cluster_count; i++) {
        const care_cluster *c = &p->clusters[i];
        if (i > first && (c->flags & CARE_CL_MANDATORY))
            return i;
        if (i > first && (c->flags & CARE_CL_BREAK_BEFORE))
            earlier = opportunity, opportunity = i;
        if (i > first && (c->flags & CARE_CL_BREAK_BEFORE) && !(c->flags & WORD_BREAKS))
            whole = i;
        float add = (i > first ? p->clusters[i - 1].gap_after : 0) + c->advance - c->trim_left -
                    c->trim_right;
        if (!(c->flags & CARE_CL_SPACE) && i > first && w + add > avail + CARE_FIT_EPS) {
            size_t k = i + 1; /* the next opportunity, if a few clusters on */
            while (!may_end_before(p, k) && k < i + SHRINK_REACH)
                k++;
            if (may_end_before(p, k) && shrinking_pays(p, first, opportunity, k, avail, paragraph_start))
                return k; /* the line shrunk (clreq 先挤进), or its last mark hanging */
            if (opportunity > first &&
                care_make_range(p, first, opportunity, avail, paragraph_start).natural > avail + CARE_FIT_EPS)
                opportunity = earlier; /* the hyphen drawn at a soft hyphen did not fit */
            if (opportunity > first && (i == opportunity || !unit_wider_than(p, opportunity, i, width)))
                return whole_word_fits(p, first, opportunity, whole, avail, paragraph_start)
                           ? whole : opportunity;
            return emergency_break(p, opportunity > first ? opportunity : first, i);
        }
        w += add;
    }
    return p->cluster_count;
}

/* clreq widow rule: when the last line would hold one character, pull it up
 * into the line before when shrinking that line lets it in (clreq 先挤进);
 * else end the line before one opportunity earlier so that two characters go down. */
static void pull_widow(const care_para *p, line_list *l, float width, float first_indent)
{
    care_line_range *prev = &l->items[l->count - 2], *last = &l->items[l->count - 1];
    if (!care_is_lone_character(p, last->first, last->last) ||
        (p->clusters[last->first].flags & CARE_CL_MANDATORY))
        return;
    bool first_line = l->count == 2;
    float avail = first_line ? width - first_indent : width;
    care_line_range up = care_make_range(p, prev->first, last->next, avail, first_line);
    if (up.natural <= avail + CARE_FIT_EPS) {
        *prev = up;
        l->count--;
        return;
    }
    for (size_t k = prev->next; k-- > prev->first + 1;) {
        if (!(p->clusters[k].flags & CARE_CL_BREAK_BEFORE))
            continue;
        care_line_range down = care_make_range(p, k, last->next, width, false);
        if (down.natural > width + CARE_FIT_EPS)
            return;
        *prev = care_make_range(p, prev->first, k, 1e9f, first_line);
        *last = down;
        return;
    }
}

static care_status greedy(const care_para *p, float width, float first_indent, line_list *l,
                          care_error *err)
{
    care_status st = CARE_OK;
    size_t first = 0;
    do {
        float avail = l->count == 0 ? width - first_indent : width;
        size_t next = fit_line(p, first, avail, width, l->count == 0);
        st = push_line(l, care_make_range(p, first, next, avail, l->count == 0), err);
        first = next;
    } while (st == CARE_OK && first < p->cluster_count);
    if (st == CARE_OK && l->count >= 2)
        pull_widow(p, l, width, first_indent);
    return st;
}

/* Lines from the break positions chosen by total-fit. */
static care_status from_breaks(const care_para *p, float width, float first_indent,
                               const size_t *breaks, size_t count, line_list *l, care_error *err)
{
    care_status st = CARE_OK;
    size_t first = 0;
    for (size_t k = 0; k < count && st == CARE_OK; k++) {
        float avail = k == 0 ? width - first_indent : width;
        st = push_line(l, care_make_range(p, first, breaks[k], avail, k == 0), err);
        first = breaks[k];
    }
    return st;
}

care_status care_break_lines(const care_para *p, float width, float first_indent,
                             care_line_range **lines, size_t *line_count, care_error *err)
{
    line_list l = {0};
    size_t *breaks = NULL, count = 0;
    care_status st;
    if (p->ts.total_fit && p->cluster_count &&
        care_total_fit(p, width, first_indent, &breaks, &count))
        st = from_breaks(p, width, first_indent, breaks, count, &l, err);
    else
        st = greedy(p, width, first_indent, &l, err);
    free(breaks);
    if (st != CARE_OK) {
        free(l.items);
        return st;
    }
    *lines = l.items;
    *line_count = l.count;
    return CARE_OK;
}
