/* Plain-text input (plaintext.c). Not installed. */
#ifndef CARE_PLAINTEXT_H
#define CARE_PLAINTEXT_H

#include "common/util.h"
#include "input/document.h"

/** Parse plain text from valid UTF-8 into doc (empty on entry). */
care_status care_parse_plain(const char *text, size_t len, care_document *doc, care_error *err);

#endif
