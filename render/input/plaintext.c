/* Plain-text articles: first line the title, blank lines between paragraphs. */
#include "common/text.h"
#include "input/article_find.h"
#include "input/block_builder.h"
#include "input/plaintext.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/** A line [start, end) of the input without its line ending and outer spaces. */
typedef struct line_range {
    size_t start, end;
} line_range;

/** Next line at *pos ("\n", "\r\n" or "\r" endings); false at the end of input. */
static bool next_line(const char *s, size_t len, size_t *pos, line_range *line)
{
    if (*pos >= len)
        return false;
    const char *nl = memchr(s + *pos, '\n', len - *pos);
    size_t i = nl != NULL ? (size_t)(nl - s) : len;
    const char *cr = memchr(s + *pos, '\r', i - *pos);
    if (cr != NULL)
        i = (size_t)(cr - s);
    line->start = *pos;
    line->end = i;
    if (i < len && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
        i++;
    *pos = i < len ? i + 1 : len;
    while (line->start < line->end && (s[line->start] == ' ' || s[line->start] == '\t'))
        line->start++;
    while (line->end > line->start && (s[line->end - 1] == ' ' || s[line->end - 1] == '\t'))
        line->end--;
    return true;
}

/** Blank: nothing but spaces, U+3000 or U+00A0. */
static bool line_blank(const char *s, const line_range *line)
{
    size_t i = line->start;
    while (i < line->end) {
        uint32_t cp = care_utf8_next(s, line->end, &i);
        if (cp != ' ' && cp != '\t' && cp != 0x3000 && cp != 0xA0)
            return false;
    }
    return true;
}

typedef struct plain_ctx {
    const char *text;
    care_document *doc;
    builder b;
    line_range *lines; /* the paragraph being collected */
    size_t n, cap;
    bool have_title;
    bool byline_zone;
} plain_ctx;

static bool plain_add_line(plain_ctx *p, line_range line)
{
    line_range *v = care_grow_array(p->lines, p->n, &p->cap, 16, sizeof *v);
    if (v == NULL)
        return false;
    p->lines = v;
    p->lines[p->n++] = line;
    return true;
}

/** Emit lines [from, to) of the paragraph joined into one block of `kind`. */
static care_status plain_emit(plain_ctx *p, size_t from, size_t to, care_block_kind kind,
                              bool *added)
{
    care_builder_reset(&p->b);
    for (size_t i = from; i < to; i++) {
        const line_range *l = &p->lines[i];
        if (i > from)
            care_builder_break(&p->b, false);
        care_builder_text(&p->b, p->text + l->start, l->end - l->start, l->start, l->end - l->start);
    }
    *added = false;
    if (p->b.col.failed)
        return CARE_ERR_NO_MEMORY;
    care_block_spec spec = {kind, 0, NULL};
    return care_emit_whole(p->doc, &p->b, spec, added);
}

/** Is line i a short "label: value" line (a plain-text byline)? */
static bool plain_byline_line(const plain_ctx *p, size_t i)
{
    const char *s = p->text + p->lines[i].start;
    size_t len = p->lines[i].end - p->lines[i].start;
    return care_count_chars(s, len) <= BYLINE_MAX_CHARS && care_is_labelled_line(s, len);
}

/**
 * Turn the collected paragraph into blocks: its first line is the title when
 * there is none yet; while in the byline zone, leading "label: value" lines
 * are bylines; the remaining lines are one paragraph, which ends the zone.
 */
static care_status plain_flush(plain_ctx *p)
{
    size_t i = 0;
    bool added = false;
    care_status st = CARE_OK;
    while (st == CARE_OK && !p->have_title && i < p->n) {
        st = plain_emit(p, i, i + 1, CARE_BLOCK_TITLE, &added);
        p->have_title = p->byline_zone = added;
        i++;
    }
    while (st == CARE_OK && i < p->n && p->byline_zone && plain_byline_line(p, i)) {
        st = plain_emit(p, i, i + 1, CARE_BLOCK_BYLINE, &added);
        i++;
    }
    if (st == CARE_OK && i < p->n) {
        st = plain_emit(p, i, p->n, CARE_BLOCK_PARAGRAPH, &added);
        p->byline_zone &= !added;
    }
    p->n = 0;
    return st;
}

care_status care_parse_plain(const char *text, size_t len, care_document *doc, care_error *err)
{
    plain_ctx p = {.text = text, .doc = doc};
    size_t pos = care_bom_len(text, len);
    line_range line;
    care_status st = CARE_OK;
    while (st == CARE_OK && next_line(text, len, &pos, &line)) {
        if (line_blank(text, &line))
            st = plain_flush(&p);
        else if (!plain_add_line(&p, line))
            st = CARE_ERR_NO_MEMORY;
    }
    if (st == CARE_OK)
        st = plain_flush(&p);
    p.doc->dropped_controls += p.b.dropped;
    care_builder_free(&p.b);
    free(p.lines);
    if (st == CARE_ERR_NO_MEMORY)
        return care_fail(err, st, "out of memory while parsing text");
    return st;
}

/** Length of the blank (space, tab, U+3000, U+00A0) that opens s[0..n): the
 *  indent of a copied Chinese paragraph ("　　原标题：…"). */
static size_t indent_len(const char *s, size_t n)
{
    size_t i = 0;
    for (;;) {
        if (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        else if (i + 3 <= n && memcmp(s + i, "\xE3\x80\x80", 3) == 0)
            i += 3;
        else if (i + 2 <= n && memcmp(s + i, "\xC2\xA0", 2) == 0)
            i += 2;
        else
            return i;
    }
}

/** The non-blank lines of text as classifier units, their indent left out (the
 *  classifier looks at how a line opens). */
static care_status collect_units(const char *text, size_t len, care_text_unit **units,
                                 line_range **ranges, size_t *n)
{
    size_t pos = care_bom_len(text, len), cap = 0;
    line_range line;
    *units = NULL;
    *ranges = NULL;
    *n = 0;
    while (next_line(text, len, &pos, &line)) {
        if (line_blank(text, &line))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            care_text_unit *u = care_realloc_array(*units, cap, sizeof *u);
            if (u != NULL)
                *units = u;
            line_range *r = care_realloc_array(*ranges, cap, sizeof *r);
            if (r != NULL)
                *ranges = r;
            if (u == NULL || r == NULL)
                return CARE_ERR_NO_MEMORY;
        }
        (*ranges)[*n] = line;
        size_t indent = indent_len(text + line.start, line.end - line.start);
        (*units)[*n] = (care_text_unit){text + line.start + indent, line.end - line.start - indent, 0};
        (*n)++;
    }
    return CARE_OK;
}

/** Each kept line of a page copy becomes one block of the kind its role says. */
static care_status emit_roles(plain_ctx *p, const line_range *ranges, const unsigned char *roles,
                              size_t n)
{
    static const care_block_kind kinds[] = {
        [CARE_ROLE_TITLE] = CARE_BLOCK_TITLE, [CARE_ROLE_BYLINE] = CARE_BLOCK_BYLINE,
        [CARE_ROLE_HEADING] = CARE_BLOCK_HEADING, [CARE_ROLE_BODY] = CARE_BLOCK_PARAGRAPH};
    care_status st = CARE_OK;
    for (size_t i = 0; i < n && st == CARE_OK; i++) {
        if (roles[i] == CARE_ROLE_DROP || roles[i] == CARE_ROLE_BYLINE_MORE)
            continue; /* a byline's further lines go in with it */
        bool added = false;
        const char *line = p->text + ranges[i].start;
        size_t len = ranges[i].end - ranges[i].start;
        size_t cut = len, cut_end = len; /* a font-size control left out: [cut, cut_end) */
        if (roles[i] == CARE_ROLE_BYLINE) {
            len = care_byline_len(line, len); /* without a trailing counter or "举报" */
            if (!care_byline_control(line, len, &cut, &cut_end))
                cut = cut_end = len;
        }
        care_builder_reset(&p->b);
        care_builder_text(&p->b, line, cut, ranges[i].start, cut);
        if (cut_end < len)
            care_builder_text(&p->b, line + cut_end, len - cut_end, ranges[i].start + cut_end,
                              len - cut_end);
        for (size_t k = i + 1; k < n && roles[k] == CARE_ROLE_BYLINE_MORE; k++) {
            care_builder_text(&p->b, " ", 1, ranges[k].start, 0);
            care_builder_text(&p->b, p->text + ranges[k].start, ranges[k].end - ranges[k].start,
                              ranges[k].start, ranges[k].end - ranges[k].start);
        }
        if (p->b.col.failed)
            return CARE_ERR_NO_MEMORY;
        care_block_spec spec = {kinds[roles[i]], roles[i] == CARE_ROLE_HEADING ? 2 : 0, NULL};
        st = care_emit_whole(p->doc, &p->b, spec, &added);
    }
    return st;
}

care_status care_parse_page_copy(const char *text, size_t len, care_document *doc,
                                 care_error *err)
{
    care_text_unit *units = NULL;
    line_range *ranges = NULL;
    unsigned char *roles = NULL;
    size_t n = 0;
    care_article_pick pick;
    care_status st = collect_units(text, len, &units, &ranges, &n);
    if (st == CARE_OK && (roles = malloc(n ? n : 1)) == NULL)
        st = CARE_ERR_NO_MEMORY;
    if (st == CARE_OK && !care_article_find(units, n, roles, &pick))
        st = CARE_ERR_NO_MEMORY;
    doc->extraction = CARE_EXTRACT_NONE;
    if (st == CARE_OK && pick.page_copy)
        doc->extraction = pick.found ? CARE_EXTRACT_ARTICLE : CARE_EXTRACT_NOT_FOUND;
    if (st == CARE_OK && doc->extraction == CARE_EXTRACT_ARTICLE) {
        plain_ctx p = {.text = text, .doc = doc};
        doc->extract_dropped = pick.dropped;
        st = emit_roles(&p, ranges, roles, n);
        doc->dropped_controls += p.b.dropped;
        care_builder_free(&p.b);
        free(p.lines);
    }
    free(units);
    free(ranges);
    free(roles);
    if (st == CARE_ERR_NO_MEMORY)
        return care_fail(err, st, "out of memory while looking for the article");
    return st;
}
