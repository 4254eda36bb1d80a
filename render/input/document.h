/* The document model: blocks of NFC text with styled spans (document.c owns
 * struct care_document; the parsers fill it). Not installed. */
#ifndef CARE_DOCUMENT_H
#define CARE_DOCUMENT_H

#include "carepage.h"
#include "common/util.h"
#include "input/frontmatter.h"

#include <stdbool.h>
#include <stddef.h>

enum { CARE_STYLE_BOLD = 1, CARE_STYLE_EM = 2 };

/** A styled byte range [start, end) of a block's text. Spans cover the text in order. */
typedef struct care_span {
    size_t start, end;
    unsigned style; /* CARE_STYLE_* bits */
} care_span;

typedef struct care_block {
    care_block_kind kind;
    int level;             /* heading level 2..6; list nesting depth 1..; else 0 */
    char *text;            /* NFC UTF-8, NUL-terminated */
    size_t text_len;
    care_span *spans;
    size_t span_count;
    size_t source_start, source_end; /* byte offsets in the input */
    char marker[16];       /* list marker ("•", "3."), drawn before the text, not part of it */
    struct care_figure *figure; /* CARE_BLOCK_FIGURE: the photo's sources (input/figure.h) */
} care_block;

struct care_document {
    care_block *blocks;
    size_t count, cap;
    char *title, *author, *source; /* "" when absent */
    char *name;                    /* input name for messages */
    size_t replaced;               /* U+FFFD substitutions made */
    care_front_matter front;       /* front matter; front.lang: the language it declares */
    const char *detected_lang;     /* "zh-Hant" found in the text (lang_detect.c), else NULL */
    size_t dropped_controls;       /* control characters (not tab/newline) dropped */
    care_extraction extraction;    /* what care_parse_page_copy made of a text */
    size_t extract_dropped;        /* lines it left out */
};

/**
 * care_document_parse without the engine: the same checks, errors and
 * result, with `max_input` the most bytes accepted (the engine's
 * max_input_bytes) and failures recorded in `err` (may be NULL).
 */
care_status care_document_read(const char *bytes, size_t len, const care_parse_options *options,
                               size_t max_input, care_document **out, care_error *err);

#endif
