/* CJK-friendly emphasis for Markdown (md_emphasis.c). md4c follows
 * CommonMark's flanking rules, under which `**重要提示：**明天` keeps its
 * asterisks: a `**` after CJK punctuation and before a Han character cannot
 * close. The markdown-cjk-friendly amendment to CommonMark (§6.2, "left-/
 * right-flanking delimiter run") counts CJK punctuation as a letter there.
 * markdown.c notes every `*` md4c left as literal text in a block, and
 * before the block is emitted the runs are paired by CommonMark's emphasis
 * algorithm with the amended flanking rules: matched delimiters are removed
 * and the text between them made strong or emphasised. Not installed. */
#ifndef CARE_MD_EMPHASIS_H
#define CARE_MD_EMPHASIS_H

#include "input/block_builder.h"

/** Positions of literal '*' in the block's collected text, ascending. */
typedef struct care_star_list {
    size_t *pos;
    size_t n, cap;
    bool failed; /* an allocation failed */
} care_star_list;

/** Note the '*' characters that text appended to b since byte `from` holds;
 *  `escaped`: the first of them was written "\*" (a literal, never a delimiter). */
void care_stars_note(care_star_list *l, const builder *b, size_t from, bool escaped);

/** Pair the noted runs by the amended rules, restyle and cut b's text; the list is
 *  emptied. Errors: CARE_ERR_NO_MEMORY. */
care_status care_stars_resolve(care_star_list *l, builder *b);

void care_stars_free(care_star_list *l);

#endif
