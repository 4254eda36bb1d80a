/* Markdown input (markdown.c, md4c). Not installed. */
#ifndef CARE_MARKDOWN_H
#define CARE_MARKDOWN_H

#include "common/util.h"
#include "input/document.h"

/** Does the text's first non-blank line open with "# " (a Markdown title)? */
bool care_markdown_opens_with_title(const char *text, size_t len);

/** Does the text look like Markdown: it opens with "# ", or has Markdown
 *  headings, lists, quotes, **strong** text or links (CARE_FORMAT_AUTO)? */
bool care_markdown_detect(const char *text, size_t len);

/** Parse Markdown (md4c) from valid UTF-8 into doc (empty on entry). */
care_status care_parse_markdown(const char *text, size_t len, care_document *doc, care_error *err);

#endif
