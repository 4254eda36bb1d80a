/* Internal to the Markdown and plain-text parsers (block_builder.c, byline.c,
 * markdown.c, plaintext.c, article_find.c, document.c): the line-aware block
 * builder they feed (its text and spans in a care_collector, shared with
 * HTML), block emission, byline detection. Not installed. */
#ifndef CARE_BLOCK_BUILDER_H
#define CARE_BLOCK_BUILDER_H

#include "input/collector.h"

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
    care_collector col; /* the block's text and spans; col.failed: an allocation failed */
    seg_list lines;     /* one per source line of the block */
    seg_list images;    /* one per image: its alt text */
    struct care_figure **figures; /* one per image: its sources (owned until emitted) */
    size_t figure_cap;
    bool pending_break; /* a line break not yet turned into "" or " " */
    bool has_hard_break;
    bool in_image;
    bool has_plain; /* visible text outside images */
    size_t dropped; /* control characters dropped */
} builder;

void care_builder_break(builder *b, bool hard);
void care_builder_free(builder *b);
/** An image starts: its alt text follows; src[0..n) (may be NULL) says where it is. */
void care_builder_image_begin(builder *b, const char *src, size_t n);
void care_builder_image_end(builder *b);
void care_builder_reset(builder *b);
void care_builder_text(builder *b, const char *s, size_t n, size_t src, size_t src_len);
size_t care_builder_line_end(const builder *b, size_t i);
care_status care_emit_figures(care_document *doc, builder *b);
care_status care_emit_lines(care_document *doc, const builder *b, care_block_kind kind);
care_status care_emit_whole(care_document *doc, const builder *b, care_block_spec spec, bool *added);
segment care_whole_source(const builder *b);
bool care_is_blank_byte(char c);
size_t care_count_chars(const char *s, size_t n);
bool care_is_labelled_line(const char *s, size_t n);
care_status care_fill_metadata(care_document *doc);
size_t care_bom_len(const char *text, size_t len);

#endif
