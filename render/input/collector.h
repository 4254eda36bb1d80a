/* One block's text being collected with its style spans, and the block it
 * becomes (collector.c). Shared by the Markdown and plain-text block builder
 * (block_builder.c) and the HTML block walk (html/html_blocks.c). Not installed. */
#ifndef CARE_COLLECTOR_H
#define CARE_COLLECTOR_H

#include "common/util.h"
#include "input/document.h"

#include <stdint.h>

/** Text (valid NFC UTF-8) and the spans that style it, in order. */
typedef struct care_collector {
    care_buf text;
    care_span *spans;
    size_t nspans, cap_spans;
    unsigned style; /* CARE_STYLE_* of text appended now */
    bool failed;    /* an allocation failed: the text is incomplete */
} care_collector;

/** What block a range of collected text becomes. */
typedef struct care_block_spec {
    care_block_kind kind;
    int level;
    const char *marker; /* list marker drawn before the text; NULL for none */
} care_block_spec;

/** Append s[0..n) in the current style, extending the last span when it can. */
void care_collector_put(care_collector *c, const char *s, size_t n);

/** The last code point collected (0 when empty). */
uint32_t care_collector_last_cp(const care_collector *c);

/** Does a pending space or line break before `next` become " "? Not at the
 *  start, and not between two CJK characters (text broken over source lines
 *  or elements joins without a space). */
bool care_collector_space_before(const care_collector *c, uint32_t next);

/** Empty the text and spans (keeping their memory and the style). */
void care_collector_reset(care_collector *c);
void care_collector_free(care_collector *c);

/**
 * Add the collected text [a, e) to doc as one block of `spec`, trimmed of
 * white space at both ends (ASCII, U+00A0, and U+3000: a typed indent, as
 * carepage indents itself). *out: the block (the caller may set its source
 * range), or NULL when the range is blank. Errors: CARE_ERR_NO_MEMORY (no
 * message: the caller names the input).
 */
care_status care_collector_emit(care_document *doc, const care_collector *c, size_t a, size_t e,
                                care_block_spec spec, care_block **out);

/** Is the collected text, trimmed, only a file name ("IMG_2301.jpg")? Such
 *  text is never a block of the article. */
bool care_collector_is_file_name(const care_collector *c);

struct care_figure;
/**
 * Add the collected text [a, e) to doc as a CARE_BLOCK_FIGURE block showing
 * `fig` (taken over in every case): trimmed as above, and empty when it is
 * blank or only a file name ("IMG_2301.JPG" is never a caption); the block is
 * added even then. *out: the block. Errors: CARE_ERR_NO_MEMORY.
 */
care_status care_collector_emit_figure(care_document *doc, const care_collector *c, size_t a,
                                       size_t e, struct care_figure *fig, care_block **out);

#endif
