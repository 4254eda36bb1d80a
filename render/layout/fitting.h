/* Line fitting: which break opportunities end the lines of a paragraph
 * (fitting.c: greedy, and the entry; totalfit.c: total-fit). Not installed. */
#ifndef CARE_FITTING_H
#define CARE_FITTING_H

#include "layout/line_range.h"

/**
 * The lines of a paragraph in `width` px (first line `width - first_indent`):
 * with p->ts.total_fit the breaks care_total_fit chooses; otherwise, or when
 * it finds none, greedy fitting: each line takes as many clusters as fit,
 * breaking at the last opportunity, or the next one when shrinking the line
 * costs less than stretching it (care_line_badness); a last line of one
 * character is pulled up by shrinking, else pulled down with one more (clreq
 * widow rule); a cluster sequence wider than the line
 * with no opportunity is broken at grapheme boundaries, never overflowing.
 * *lines is allocated.
 */
care_status care_break_lines(const care_para *p, float width, float first_indent,
                             care_line_range **lines, size_t *line_count, care_error *err);

/**
 * Total-fit line breaking (Knuth–Plass style, totalfit.c): the breaks of the
 * whole paragraph chosen together to minimise the sum of squared badness
 * (care_line_badness: stretch per justification gap and squeezing on one
 * scale; a last line counts only its squeezing), with a strong penalty for a
 * last line holding one character. *breaks (allocated) are the first clusters of each
 * following line, ending with cluster_count. Returns false when no set of
 * breaks avoids an overfull line (the caller then fits greedily).
 */
bool care_total_fit(const care_para *p, float width, float first_indent, size_t **breaks,
                    size_t *count);

#endif
