/* Markdown input (markdown.c, md4c). Not installed. */
#ifndef CARE_MARKDOWN_H
#define CARE_MARKDOWN_H

#include "common/util.h"
#include "input/document.h"

/** Parse Markdown (md4c) from valid UTF-8 into doc (empty on entry). */
care_status care_parse_markdown(const char *text, size_t len, care_document *doc, care_error *err);

#endif
