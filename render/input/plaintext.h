/* Plain-text input (plaintext.c). Not installed. */
#ifndef CARE_PLAINTEXT_H
#define CARE_PLAINTEXT_H

#include "common/util.h"
#include "input/document.h"

/** Parse plain text from valid UTF-8 into doc (empty on entry). */
care_status care_parse_plain(const char *text, size_t len, care_document *doc, care_error *err);
/** A plain text that is a copy of a whole web page: find its article (article_find.c) and
 *  emit it; doc->extraction says whether it was one (doc stays empty otherwise). */
care_status care_parse_page_copy(const char *text, size_t len, care_document *doc,
                                 care_error *err);

#endif
