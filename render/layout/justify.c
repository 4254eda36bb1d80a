/* Justification (两端对齐, clreq §3.8): where a line's extra space goes. */
#include "layout/paragraph.h"

static bool is_two_em_unit(uint32_t cp)
{
    return cp == 0x2014 || cp == 0x2026 || cp == 0x22EF || cp == 0x2015;
}

bool care_gap_after(const care_para *p, size_t i, bool all_graphemes)
{
    const care_cluster *c = &p->clusters[i], *d = &p->clusters[i + 1];
    if (c->last_cp == d->first_cp && is_two_em_unit(c->last_cp))
        return false; /* never inside —— or …… */
    if (all_graphemes)
        return true;
    if (d->flags & CARE_CL_SPACE)
        return false; /* the space itself takes the gap after it */
    if (c->flags & CARE_CL_SPACE)
        return true;
    return ((c->flags | d->flags) & CARE_CL_CJK) != 0;
}

size_t care_justify_gaps(const care_para *p, size_t first, size_t last, float target,
                         float natural, float *per_gap, bool *all_graphemes)
{
    *per_gap = 0;
    *all_graphemes = false;
    if (last <= first + 1 || target <= natural)
        return 0;
    size_t gaps = 0;
    for (size_t i = first; i + 1 < last; i++)
        gaps += care_gap_after(p, i, false);
    if (gaps == 0) {
        /* a line without CJK text or spaces (a broken URL): spread between graphemes */
        *all_graphemes = true;
        for (size_t i = first; i + 1 < last; i++)
            gaps += care_gap_after(p, i, true);
    }
    if (gaps)
        *per_gap = (target - natural) / (float)gaps;
    return gaps;
}
