/* A photo of the article as the input found it: where its pixels may come
 * from (no decoding here; layout loads them). Not installed. */
#ifndef CARE_FIGURE_H
#define CARE_FIGURE_H

#include "input/document.h"

#include <stdint.h>

/** One place a photo's pixels may come from. */
typedef struct care_image_ref {
    char *src;      /* as the article wrote it; a data: URI as its media type ("data:image/png") */
    char *path;     /* a local file path relative to the article's directory (percent-decoded,
                       no query or fragment), NULL for data:, remote and caller-given bytes */
    uint8_t *bytes; /* the data: URI's decoded contents, or bytes the caller handed over */
    size_t len;
    bool remote;    /* http(s) or protocol-relative: never fetched */
    bool given;     /* bytes handed over by the caller (care_document_set_figure_bytes) */
} care_image_ref;

/** The photo of a CARE_BLOCK_FIGURE block: its sources in order of preference
 *  (the largest srcset candidate first, src last); layout takes the first it can read. */
typedef struct care_figure {
    care_image_ref *refs;
    size_t count, cap;
    bool has_caption; /* the block's text is a caption (else alt text, or empty) */
} care_figure;

/** Add a source as written (src[0..n)) to fig: data: URIs are decoded (base64
 *  or percent-encoded), http(s) marked remote, other URLs made a relative path.
 *  Empty sources and "about:"/"javascript:" ones are ignored. false: out of memory. */
bool care_figure_add_src(care_figure *fig, const char *src, size_t n);

/** Put a copy of bytes[0..len) first among fig's sources (replacing bytes given
 *  before), named as the first source was. false: out of memory. */
bool care_figure_set_bytes(care_figure *fig, const void *bytes, size_t len);

void care_figure_free(care_figure *fig);

/** Does text[0..n) look like a file name ("IMG_2301.JPG", "photo-1.webp"): no
 *  white space and an image file extension? Such text is never a caption. */
bool care_text_is_file_name(const char *text, size_t n);

#endif
