/* Lines as cluster ranges: the measures greedy and total-fit fitting share. */
#include "common/text.h"
#include "layout/line_range.h"

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
    r.natural = care_range_width(p, first, last) - r.start_trim;
    if (p->clusters[last - 1].first_cp == 0x00AD && brk < p->cluster_count) {
        r.hyphen = true; /* a soft hyphen at the break shows as a hyphen */
        r.natural += p->hyphen_advance;
    }
    if (r.natural <= avail + CARE_FIT_EPS || last == first + 1)
        return r;
    /* clreq 先挤进，后推出: first compress the line-end mark, then hang it */
    float end_trim = care_line_end_trim(p, last);
    if (end_trim > 0 && r.natural - end_trim <= avail + CARE_FIT_EPS) {
        r.end_trim = end_trim;
        r.natural -= end_trim;
    } else if (care_can_hang(p, last - 1)) {
        float w = care_range_width(p, first, last - 1) - r.start_trim;
        if (w <= avail + CARE_FIT_EPS) {
            r.hanging = true;
            r.natural = w;
        }
    }
    return r;
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
