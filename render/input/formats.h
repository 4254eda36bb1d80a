/* The input formats: one table row per format with its name, how it is
 * detected and its parser (formats.c). A new format is a parser file, a row
 * here and a care_format value in carepage.h. Not installed. */
#ifndef CARE_FORMATS_H
#define CARE_FORMATS_H

#include "common/util.h"
#include "input/document.h"

typedef struct care_input_format {
    care_format format;
    const char *name; /* care_format_name, the CLI's --format value */
    /** Do the raw bytes (before any decoding) look like this format? Tried
     *  first, in table order, by CARE_FORMAT_AUTO. NULL: not told by bytes. */
    bool (*detect_bytes)(const char *bytes, size_t len);
    /** Does the UTF-8 text (front matter blanked) look like this format? Rows
     *  without detect_bytes are tried in table order; NULL: always (the last
     *  row, the fallback). */
    bool (*detect_text)(const char *text, size_t len);
    /** The input to UTF-8 by the format's own encoding declaration
     *  (care_html_decode's contract); NULL: the input is UTF-8. */
    care_status (*decode)(const char *bytes, size_t len, bool replace, const char *name,
                          char **out, size_t *out_len, size_t *replaced, care_error *err);
    bool front_matter; /* the text may open with front matter (care_front_matter_blank) */
    bool own_metadata; /* the parser sets title, author and source itself */
    /** Blocks from valid NFC UTF-8 into doc (empty on entry). */
    care_status (*parse)(const char *text, size_t len, care_document *doc, care_error *err);
} care_input_format;

/** The row of format f; NULL for CARE_FORMAT_AUTO and values that are no format. */
const care_input_format *care_input_format_of(care_format f);

/** CARE_FORMAT_AUTO before decoding: the first row whose detect_bytes accepts
 *  the input; NULL when none does (the text decides: care_input_format_of_text). */
const care_input_format *care_input_format_of_bytes(const char *bytes, size_t len);

/** CARE_FORMAT_AUTO on the UTF-8 text: the first row without detect_bytes
 *  whose detect_text accepts it, or the fallback row. */
const care_input_format *care_input_format_of_text(const char *text, size_t len);

#endif
