/* Lines as cluster ranges: the measures greedy and total-fit fitting share. */
#include "common/text.h"
#include "layout/line_range.h"

#define STRETCH_LIMIT_EM 0.15  /* care-mode §9: the most a justification gap should take */
/* A line of Latin words, whose gaps are all word spaces: those may widen to
 * about ½ em (care-mode §6) before the line reads loose. Measured against
 * 0.15 em, nearly every such line scored the cap, above a line of one word
 * without gaps, and total-fit set single words on lines of their own. */
#define WORD_SPACE_LIMIT_EM 0.5
/* A line that is not justified (ragged, start-aligned: titles, headings,
 * Latin paragraphs) is judged by the blank it leaves at its end, whatever its
 * gaps: 4 em of it scores 100. Judged by its gaps, a line of one word (no gap)
 * cost less than one of two words with a wide end, so total-fit set single
 * words on lines of their own ("The" / "report assessed…"). */
#define RAGGED_SLACK_EM 4.0
/* badness of a shrink level used to the full: 20 (like 0.09 em of stretch per
 * gap); a sentence's stop, which some styles never squeeze (clreq §3.5), 60
 * (like 0.13 em) */
static const double SHRINK_BADNESS[CARE_SHRINK_LEVELS] = {20, 20, 20, 60};
#define NO_GAP_BADNESS 5000.0
#define MAX_BADNESS 10000.0

/* Shrink the line by `need` px, level by level, each level spread evenly over
 * the line's clusters; false (r unchanged) when all levels together fall short. */
static bool shrink_line(const care_para *p, care_line_range *r, float need)
{
    double cap[CARE_SHRINK_LEVELS];
    care_range_shrinkable(p, r->first, r->last, cap);
    double total = 0;
    for (int lv = 0; lv < CARE_SHRINK_LEVELS; lv++)
        total += cap[lv];
    if (total < need - CARE_FIT_EPS)
        return false;
    for (int lv = 0; lv < CARE_SHRINK_LEVELS && need > 0; lv++) {
        if (cap[lv] <= 0)
            continue;
        float take = need < cap[lv] ? need : (float)cap[lv];
        r->shrink[lv] = take / (float)cap[lv];
        r->natural -= take;
        need -= take;
    }
    return true;
}

care_line_range care_make_range(const care_para *p, size_t first, size_t brk, float avail,
                                bool paragraph_start)
{
    size_t last = brk;
    while (last > first && (p->clusters[last - 1].flags & CARE_CL_SPACE))
        last--;
    care_line_range r = {.first = first, .last = last, .next = brk};
    if (last == first)
        return r;
    r.start_trim = care_line_start_trim(p, first, paragraph_start);
    r.end_trim = care_line_end_flush(p, last);
    r.natural = care_range_width(p, first, last) - r.start_trim - r.end_trim;
    if (brk < p->cluster_count && (p->clusters[last - 1].first_cp == 0x00AD ||
                                   (p->clusters[brk].flags & CARE_CL_HYPHEN))) {
        r.hyphen = true; /* a soft hyphen or a hyphenation point at the break shows as a hyphen */
        r.natural += p->hyphen_advance;
    }
    if (r.natural <= avail + CARE_FIT_EPS || last == first + 1)
        return r;
    /* clreq 先挤进，后推出: first compress the line-end mark, then the rest of
     * the line, then hang the mark */
    float end_trim = r.end_trim > 0 ? 0 : care_line_end_trim(p, last);
    care_line_range squeezed = r;
    squeezed.end_trim += end_trim;
    squeezed.natural -= end_trim;
    if (squeezed.natural <= avail + CARE_FIT_EPS ||
        shrink_line(p, &squeezed, squeezed.natural - avail))
        return squeezed;
    if (care_can_hang(p, last - 1)) {
        float w = care_range_width(p, first, last - 1) - r.start_trim;
        if (w <= avail + CARE_FIT_EPS) {
            r.hanging = true;
            r.natural = w;
        }
    }
    return r;
}

care_squeeze care_cluster_squeeze(const care_para *p, const care_line_range *r, size_t i)
{
    care_squeeze sq = {0};
    bool shrunk = false;
    for (int lv = 0; lv < CARE_SHRINK_LEVELS; lv++)
        shrunk |= r->shrink[lv] > 0;
    if (!shrunk)
        return sq;
    float c[CARE_SHRINK_LEVELS];
    care_cluster_shrinkable(p, i, r->first, r->last, c);
    float mark = c[CARE_SHRINK_MARK] * r->shrink[CARE_SHRINK_MARK];
    if (p->clusters[i].punct == CARE_PUNCT_OPEN)
        sq.left = mark;
    else
        sq.right = mark;
    sq.right += c[CARE_SHRINK_SPACE] * r->shrink[CARE_SHRINK_SPACE] +
                c[CARE_SHRINK_STOP] * r->shrink[CARE_SHRINK_STOP];
    sq.gap = c[CARE_SHRINK_GAP] * r->shrink[CARE_SHRINK_GAP];
    return sq;
}

care_gap_count care_gap_count_after(const care_para *p, size_t i)
{
    bool gap = care_gap_after(p, i, false);
    return (care_gap_count){gap, gap && (p->clusters[i].flags & CARE_CL_SPACE)};
}

care_gap_count care_count_gaps(const care_para *p, size_t first, size_t last)
{
    care_gap_count n = {0, 0};
    for (size_t i = first; i + 1 < last; i++) {
        care_gap_count g = care_gap_count_after(p, i);
        n.all += g.all;
        n.word_spaces += g.word_spaces;
    }
    return n;
}

double care_line_badness(const care_para *p, const care_line_range *r, float avail,
                         care_gap_count gaps)
{
    double b = 0;
    for (int lv = 0; lv < CARE_SHRINK_LEVELS; lv++)
        b += SHRINK_BADNESS[lv] * r->shrink[lv] * r->shrink[lv] * r->shrink[lv];
    double extra = avail - r->natural;
    if (extra >= CARE_FIT_EPS && !p->ts.shrink) { /* ragged: the slack at the line's end */
        double ratio = extra / (RAGGED_SLACK_EM * p->font_size);
        b += 100 * ratio * ratio * ratio;
    } else if (extra >= CARE_FIT_EPS) {
        if (gaps.all == 0)
            return NO_GAP_BADNESS;
        double limit = gaps.word_spaces == gaps.all ? WORD_SPACE_LIMIT_EM : STRETCH_LIMIT_EM;
        double ratio = extra / (double)gaps.all / (limit * p->font_size);
        b += 100 * ratio * ratio * ratio;
    }
    return b > MAX_BADNESS ? MAX_BADNESS : b;
}

/* Does the line [first, last) hold a single CJK character, alone or with marks? */
bool care_is_lone_character(const care_para *p, size_t first, size_t last)
{
    size_t chars = 0;
    bool cjk = false;
    for (size_t i = first; i < last; i++) {
        uint32_t cp = p->clusters[i].first_cp;
        if (care_forbidden_at_line_start(cp) || care_forbidden_at_line_end(cp) ||
            (p->clusters[i].flags & CARE_CL_SPACE))
            continue;
        chars++;
        cjk = care_is_cjk(cp);
    }
    return chars == 1 && cjk;
}
