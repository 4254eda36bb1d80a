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
} care_line_range;

/**
 * The line from cluster `first` to the break before cluster `brk`: trailing
 * spaces dropped, the line-start trim applied, and, when the line is wider
 * than `avail`, the line-end mark compressed (clreq 先挤进) or else hung.
 */
care_line_range care_make_range(const care_para *p, size_t first, size_t brk, float avail,
                                bool paragraph_start);

/** Does the line [first, last) hold a single CJK character, alone or with marks (clreq widow)? */
bool care_is_lone_character(const care_para *p, size_t first, size_t last);

#endif
