/* Care-mode styling of document blocks (care-mode §1, §6). */
#ifndef CARE_BLOCKS_H
#define CARE_BLOCKS_H

#include "layout/layout.h"

/** The style of block i: size (title 1.5x, headings 1.25x), indent (2 em for
 *  paragraphs, clreq), insets of quotes and list items, justification, space before. */
care_block_style care_style_of_block(const care_layout *layout, size_t i);

/** Lay out every block of the document into lines (no pages yet). */
care_status care_layout_blocks(care_layout *layout, care_error *err);

#endif
