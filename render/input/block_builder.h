/* Internal to the document parsers (block_builder.c, byline.c, markdown.c,
 * plaintext.c, document.c): the block builder both parsers feed, block
 * emission, byline detection. Not installed. */
#ifndef CARE_BLOCK_BUILDER_H
#define CARE_BLOCK_BUILDER_H

#include "common/util.h"
#include "input/document.h"

/** Longest line (code points) that can still be a byline. */
#define BYLINE_MAX_CHARS 80

typedef struct segment {
    size_t buf_start, buf_end; /* range in the builder's text (buf_end: images only) */
    size_t src_start, src_end; /* range in the input */
    bool has_src;
} segment;

typedef struct seg_list {
    segment *v;
    size_t n, cap;
} seg_list;

typedef struct builder {
    care_buf text;
    care_span *spans;
    size_t nspans, cap_spans;
    seg_list lines;     /* one per source line of the block */
    seg_list images;    /* one per image: its alt text */
    unsigned style;     /* CARE_STYLE_* of text appended now */
    bool pending_break; /* a line break not yet turned into "" or " " */
    bool has_hard_break;
    bool in_image;
    bool has_plain; /* visible text outside images */
    bool failed;    /* an allocation failed */
    size_t dropped; /* control characters dropped */
} builder;

/** What to make of a range of the builder's text. */
typedef struct block_spec {
    care_block_kind kind;
    int level;
    const char *marker; /* NULL for none */
} block_spec;

/** Append a zeroed block to doc; NULL when memory runs out. */
care_block *care_document_push_block(care_document *doc);
/** Give blk the spans clipped to [a, e) and rebased to a, equal neighbours
 *  merged (blk->spans allocated); false when memory runs out. */
bool care_spans_clip(const care_span *spans, size_t count, size_t a, size_t e, care_block *blk);

void care_builder_break(builder *b, bool hard);
void care_builder_free(builder *b);
void care_builder_image_begin(builder *b);
void care_builder_image_end(builder *b);
void care_builder_reset(builder *b);
void care_builder_text(builder *b, const char *s, size_t n, size_t src, size_t src_len);
size_t care_builder_line_end(const builder *b, size_t i);
care_status care_emit_captions(care_document *doc, const builder *b, bool *added);
care_status care_emit_lines(care_document *doc, const builder *b, care_block_kind kind);
care_status care_emit_whole(care_document *doc, const builder *b, block_spec spec, bool *added);
segment care_whole_source(const builder *b);
bool care_is_blank_byte(char c);
size_t care_count_chars(const char *s, size_t n);
bool care_is_labelled_line(const char *s, size_t n);
care_status care_fill_metadata(care_document *doc);
size_t care_bom_len(const char *text, size_t len);

#endif
