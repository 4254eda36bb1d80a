/* A line as a range of a paragraph's clusters, and the helpers both line
 * fitters use: greedy (fitting.c) and total-fit (totalfit.c) (line_range.c). Not installed. */
#ifndef CARE_LINE_RANGE_H
#define CARE_LINE_RANGE_H

#include "layout/paragraph.h"

/** Tolerance of width comparisons in line fitting, px. */
#define CARE_FIT_EPS 0.01f

/** A line as a cluster range [first, last) with its natural width (trailing spaces excluded). */
typedef struct care_line_range {
    size_t first, last;     /* clusters; last excludes trailing spaces */
    size_t next;            /* first cluster of the following line */
    float natural;          /* px, line-start and line-end trims applied, a hanging mark excluded */
    float start_trim, end_trim; /* px taken off the first / last cluster at the line edges */
    bool hanging;           /* the last cluster hangs past the line end */
    bool hyphen;            /* the line ends at a soft hyphen: a visible hyphen is drawn */
    float shrink[CARE_SHRINK_LEVELS]; /* share (0..1) of each CARE_SHRINK_* level's
                               shrinkable width the line takes (included in natural) */
} care_line_range;

/** Px the clusters of a line give up to its shrinking: from the left and right
 *  side of a mark or space, and from the Chinese-Latin gap after it. */
typedef struct care_squeeze {
    float left, right, gap;
} care_squeeze;

/**
 * The line from cluster `first` to the break before cluster `brk`: trailing
 * spaces dropped, the line-start trim applied (and, with CARE_TRIM_FLUSH, the
 * line-end stop's), and, when the line is wider than `avail`, shrunk in the
 * order of care-mode §6 (clreq 先挤进, 后推出): the line-end mark to ½ em,
 * then (p->ts.shrink) word spaces, mid-line marks, Chinese-Latin gaps and
 * mid-line 。？！ (clreq §3.5's last step), each level spread evenly over the
 * line; failing that, a 、，。 hung.
 */
care_line_range care_make_range(const care_para *p, size_t first, size_t brk, float avail,
                                bool paragraph_start);

/** What cluster i of line `r` gives up to the line's shrinking (care_make_range). */
care_squeeze care_cluster_squeeze(const care_para *p, const care_line_range *r, size_t i);

/** A line's justification gaps (care_gap_after): all of them, and how many
 *  of those are word spaces. */
typedef struct care_gap_count {
    size_t all, word_spaces;
} care_gap_count;

/** The justification gap after cluster i: {0, 0}, {1, 0}, or {1, 1} for a word space. */
care_gap_count care_gap_count_after(const care_para *p, size_t i);

/** The gaps between clusters [first, last), counted one by one. */
care_gap_count care_count_gaps(const care_para *p, size_t first, size_t last);

/**
 * Badness of a line set in `avail` px with `gaps` justification gaps, on one
 * scale for stretching and shrinking: 100 × (stretch per gap / 0.15 em)³
 * (care-mode §9's limit scores 100; a line whose gaps are all word spaces is
 * measured against ½ em, as word spaces widen to ½ em, care-mode §6; a line
 * that is not justified by the blank at its end: 100 × (blank / 4 em)³),
 * 20 × (share of a shrink level)³ summed
 * over the levels (a line's marks all squeezed to ½ em scores 20, like a
 * stretch of 0.09 em per gap; its 。？！ 60, like 0.13 em); a line-end mark's
 * ½ em costs nothing. At most
 * 10000; a short line without gaps scores 5000.
 */
double care_line_badness(const care_para *p, const care_line_range *r, float avail,
                         care_gap_count gaps);

/** Does the line [first, last) hold a single CJK character, alone or with marks (clreq widow)? */
bool care_is_lone_character(const care_para *p, size_t first, size_t last);

#endif
