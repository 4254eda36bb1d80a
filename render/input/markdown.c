#define _GNU_SOURCE /* memmem */
/* Markdown articles (md4c) into blocks of styled runs, and how AUTO tells Markdown from plain text. */
#include "common/text.h"
#include "input/block_builder.h"
#include "input/markdown.h"
#include "input/md_emphasis.h"

#include <md4c.h>

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/** An open container block: a quote, a list, or a list item. */
typedef struct md_container {
    MD_BLOCKTYPE type;
    bool ordered;  /* lists */
    unsigned next; /* ordered lists: number of the next item */
} md_container;

typedef struct md_ctx {
    const char *base; /* start of the input: offsets are relative to it */
    size_t base_len;
    care_document *doc;
    care_status status;
    builder b;
    md_container *stack;
    size_t depth, cap;
    care_block_spec leaf; /* what the text being collected becomes */
    char marker[16];      /* marker of the open list item */
    bool marker_pending;  /* not yet given to a block */
    int em, strong, img;  /* open spans */
    bool have_title;
    bool byline_zone;     /* after the title, before the first ordinary block */
    size_t title_src_end;
    care_star_list stars; /* '*' md4c left as text in the block (md_emphasis.c) */
} md_ctx;

static bool md_push(md_ctx *c, md_container item)
{
    md_container *v = care_grow_array(c->stack, c->depth, &c->cap, 16, sizeof *v);
    if (v == NULL)
        return false;
    c->stack = v;
    c->stack[c->depth++] = item;
    return true;
}

static int list_depth(const md_ctx *c)
{
    int n = 0;
    for (size_t i = 0; i < c->depth; i++)
        n += c->stack[i].type == MD_BLOCK_UL || c->stack[i].type == MD_BLOCK_OL;
    return n;
}

/** The kind of text outside an explicit leaf block, from the innermost container. */
static care_block_spec context_spec(const md_ctx *c)
{
    care_block_spec spec = {CARE_BLOCK_PARAGRAPH, 0, NULL};
    if (c->depth == 0)
        return spec;
    MD_BLOCKTYPE inner = c->stack[c->depth - 1].type;
    if (inner == MD_BLOCK_QUOTE)
        spec.kind = CARE_BLOCK_QUOTE;
    else if (inner == MD_BLOCK_LI) {
        spec.kind = CARE_BLOCK_LIST_ITEM;
        spec.level = list_depth(c);
    }
    return spec;
}

static size_t md_offset(const md_ctx *c, const MD_CHAR *p)
{
    uintptr_t at = (uintptr_t)p, lo = (uintptr_t)c->base;
    return at >= lo && at - lo <= c->base_len ? (size_t)(at - lo) : c->base_len;
}

/** True when only one line ending separates the title from input offset `at`. */
static bool follows_title(const md_ctx *c, size_t at)
{
    size_t newlines = 0;
    for (size_t i = c->title_src_end; i < at && i < c->base_len; i++) {
        char ch = c->base[i];
        newlines += ch == '\n' || (ch == '\r' && (i + 1 >= at || c->base[i + 1] != '\n'));
    }
    return newlines == 1;
}

/** True when the source line ending at `at` has two or more trailing spaces. */
static bool two_trailing_spaces(const md_ctx *c, size_t at)
{
    size_t spaces = 0;
    while (at < c->base_len && c->base[at] == ' ') {
        at++;
        spaces++;
    }
    return spaces >= 2 && (at == c->base_len || c->base[at] == '\n' || c->base[at] == '\r');
}

/** Every non-blank line of the builder is short, and some are not blank. */
static bool lines_short(const builder *b, bool need_label)
{
    size_t nonblank = 0;
    for (size_t i = 0; i < b->lines.n; i++) {
        const char *s = b->col.text.data + b->lines.v[i].buf_start;
        size_t n = care_builder_line_end(b, i) - b->lines.v[i].buf_start;
        while (n > 0 && care_is_blank_byte(*s))
            s++, n--;
        if (n == 0)
            continue;
        if (care_count_chars(s, n) > BYLINE_MAX_CHARS || (need_label && !care_is_labelled_line(s, n)))
            return false;
        nonblank++;
    }
    return nonblank > 0;
}

/** Is the collected top-level paragraph (in the byline zone) a byline? */
static bool md_is_byline(const md_ctx *c)
{
    const builder *b = &c->b;
    if (b->images.n > 0 || !lines_short(b, false))
        return false;
    segment src = care_whole_source(b);
    if (b->has_hard_break)
        return true;
    if (src.has_src && (follows_title(c, src.src_start) || two_trailing_spaces(c, src.src_end)))
        return true;
    return lines_short(b, true);
}

/** Emit a top-level paragraph: captions, bylines or one paragraph. */
static care_status md_flush_paragraph(md_ctx *c, bool *ordinary)
{
    bool added = false;
    care_status st;
    *ordinary = true;
    if (c->b.images.n > 0 && !c->b.has_plain)
        return care_emit_figures(c->doc, &c->b);
    if (c->byline_zone && c->leaf.kind == CARE_BLOCK_PARAGRAPH && md_is_byline(c)) {
        *ordinary = false;
        return care_emit_lines(c->doc, &c->b, CARE_BLOCK_BYLINE);
    }
    st = care_emit_whole(c->doc, &c->b, c->leaf, &added);
    *ordinary = added;
    return st;
}

/** Turn the collected text into blocks according to c->leaf, then reset. */
static care_status md_flush(md_ctx *c)
{
    care_status st = CARE_OK;
    bool added = false, ordinary = true;
    care_block_spec spec = c->leaf;
    if (c->b.col.failed || care_stars_resolve(&c->stars, &c->b) != CARE_OK)
        return CARE_ERR_NO_MEMORY;
    if (c->b.col.text.len == 0 && c->b.images.n == 0) {
        care_builder_reset(&c->b);
        return CARE_OK;
    }
    if (spec.kind == CARE_BLOCK_TITLE) {
        st = care_emit_whole(c->doc, &c->b, spec, &added);
        if (added) {
            c->have_title = c->byline_zone = true;
            c->title_src_end = c->doc->blocks[c->doc->count - 1].source_end;
        }
        ordinary = false;
    } else if (spec.kind == CARE_BLOCK_LIST_ITEM) {
        spec.marker = c->marker_pending ? c->marker : "";
        st = care_emit_whole(c->doc, &c->b, spec, &added);
        c->marker_pending &= !added;
    } else if (spec.kind == CARE_BLOCK_PARAGRAPH || spec.kind == CARE_BLOCK_QUOTE) {
        st = md_flush_paragraph(c, &ordinary);
    } else {
        st = care_emit_whole(c->doc, &c->b, spec, &added);
    }
    if (ordinary)
        c->byline_zone = false;
    care_builder_reset(&c->b);
    return st;
}

static int md_result(md_ctx *c, care_status st)
{
    if (st != CARE_OK && c->status == CARE_OK)
        c->status = st;
    return st == CARE_OK ? 0 : 1;
}

static care_status md_enter_container(md_ctx *c, MD_BLOCKTYPE type, void *detail)
{
    md_container item = {type, false, 0};
    if (type == MD_BLOCK_OL) {
        item.ordered = true;
        item.next = ((MD_BLOCK_OL_DETAIL *)detail)->start;
    } else if (type == MD_BLOCK_LI && c->depth > 0) {
        md_container *list = &c->stack[c->depth - 1];
        if (list->ordered)
            snprintf(c->marker, sizeof c->marker, "%u.", list->next++);
        else
            snprintf(c->marker, sizeof c->marker, "%s", "\xE2\x80\xA2" /* • */);
        c->marker_pending = true;
    }
    return md_push(c, item) ? CARE_OK : CARE_ERR_NO_MEMORY;
}

/** The block a heading of `level` becomes: the first top-level H1 is the title. */
static care_block_spec heading_spec(const md_ctx *c, unsigned level)
{
    care_block_spec spec = {CARE_BLOCK_HEADING, (int)level, NULL};
    if (level == 1 && !c->have_title && c->depth == 0)
        spec.kind = CARE_BLOCK_TITLE;
    if (spec.kind == CARE_BLOCK_TITLE)
        spec.level = 0;
    else if (spec.level < 2)
        spec.level = 2; /* later H1s: headings of the top level (2) */
    return spec;
}

static int md_enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    md_ctx *c = userdata;
    care_status st = md_flush(c);
    if (st != CARE_OK)
        return md_result(c, st);
    switch (type) {
    case MD_BLOCK_QUOTE:
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
    case MD_BLOCK_LI:
        st = md_enter_container(c, type, detail);
        c->leaf = context_spec(c);
        break;
    case MD_BLOCK_H:
        c->leaf = heading_spec(c, ((MD_BLOCK_H_DETAIL *)detail)->level);
        break;
    default: /* paragraphs, code blocks, and the rest: text of their container */
        c->leaf = context_spec(c);
        break;
    }
    return md_result(c, st);
}

static int md_leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    md_ctx *c = userdata;
    (void)detail;
    care_status st = md_flush(c);
    bool container = type == MD_BLOCK_QUOTE || type == MD_BLOCK_UL || type == MD_BLOCK_OL ||
                     type == MD_BLOCK_LI;
    if (container && c->depth > 0)
        c->depth--;
    if (type == MD_BLOCK_LI)
        c->marker_pending = false;
    c->leaf = context_spec(c);
    return md_result(c, st);
}

static void md_update_style(md_ctx *c)
{
    c->b.col.style = (c->strong > 0 ? CARE_STYLE_BOLD : 0u) | (c->em > 0 ? CARE_STYLE_EM : 0u);
}

static int md_enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    md_ctx *c = userdata;
    if (type == MD_SPAN_EM)
        c->em++;
    else if (type == MD_SPAN_STRONG)
        c->strong++;
    else if (type == MD_SPAN_IMG && c->img++ == 0) {
        const MD_ATTRIBUTE *src = &((const MD_SPAN_IMG_DETAIL *)detail)->src;
        care_builder_image_begin(&c->b, src->text, src->size);
    }
    md_update_style(c);
    return md_result(c, c->b.col.failed ? CARE_ERR_NO_MEMORY : CARE_OK);
}

static int md_leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    md_ctx *c = userdata;
    (void)detail;
    if (type == MD_SPAN_EM && c->em > 0)
        c->em--;
    else if (type == MD_SPAN_STRONG && c->strong > 0)
        c->strong--;
    else if (type == MD_SPAN_IMG && c->img > 0 && --c->img == 0)
        care_builder_image_end(&c->b);
    md_update_style(c);
    return 0;
}

/** The code point of a numeric entity body ("20013", "x4E2D"); U+FFFD when invalid. */
static uint32_t entity_number(const char *s, size_t n)
{
    uint32_t v = 0;
    bool hex = n > 0 && (s[0] == 'x' || s[0] == 'X');
    for (size_t i = hex ? 1 : 0; i < n; i++) {
        char ch = s[i];
        uint32_t d;
        if (ch >= '0' && ch <= '9')
            d = (uint32_t)(ch - '0');
        else if (hex && ch >= 'a' && ch <= 'f')
            d = (uint32_t)(ch - 'a' + 10);
        else if (hex && ch >= 'A' && ch <= 'F')
            d = (uint32_t)(ch - 'A' + 10);
        else
            return 0xFFFD;
        v = v * (hex ? 16 : 10) + d;
        if (v > 0x10FFFF)
            return 0xFFFD;
    }
    return v == 0 ? 0xFFFD : v;
}

/**
 * Decode entity s[0..n) ("&amp;", "&#20013;", "&#x4E2D;") into out (at
 * least 8 bytes); returns the byte count. Unknown named entities stay as written.
 */
static size_t decode_entity(const char *s, size_t n, char *out, const char **result)
{
    static const struct {
        const char *name;
        uint32_t cp;
    } named[] = {{"&amp;", '&'},  {"&lt;", '<'},     {"&gt;", '>'},
                 {"&quot;", '"'}, {"&nbsp;", 0xA0}, {"&apos;", '\''}};
    *result = out;
    if (n >= 4 && s[0] == '&' && s[1] == '#' && s[n - 1] == ';')
        return care_utf8_encode(entity_number(s + 2, n - 3), out);
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strlen(named[i].name) == n && memcmp(named[i].name, s, n) == 0)
            return care_utf8_encode(named[i].cp, out);
    *result = s;
    return n;
}

static int md_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *userdata)
{
    md_ctx *c = userdata;
    size_t at = md_offset(c, text);
    char buf[8];
    const char *decoded;
    switch (type) {
    case MD_TEXT_NULLCHAR:
        break;
    case MD_TEXT_BR:
        care_builder_break(&c->b, true);
        break;
    case MD_TEXT_SOFTBR:
        care_builder_break(&c->b, false);
        break;
    case MD_TEXT_ENTITY: {
        size_t n = decode_entity(text, size, buf, &decoded);
        care_builder_text(&c->b, decoded, n, at, size);
        break;
    }
    case MD_TEXT_NORMAL: {
        size_t from = c->b.col.text.len;
        care_builder_text(&c->b, text, size, at, size);
        if (memchr(text, '*', size) != NULL) /* "\*" arrives as a text starting after the '\' */
            care_stars_note(&c->stars, &c->b, from, at > 0 && c->base[at - 1] == '\\' && text[0] == '*');
        break;
    }
    default: /* code, raw HTML kept as text */
        care_builder_text(&c->b, text, size, at, size);
        break;
    }
    return md_result(c, c->b.col.failed ? CARE_ERR_NO_MEMORY : CARE_OK);
}

size_t care_bom_len(const char *text, size_t len)
{
    return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/** Does the first non-blank line of s (after a BOM) start with "# "? */
bool care_markdown_opens_with_title(const char *text, size_t len)
{
    size_t pos = care_bom_len(text, len);
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (end - pos >= 2 && memcmp(text + pos, "# ", 2) == 0)
            return true;
        for (size_t i = pos; i < end; i++)
            if (!care_is_blank_byte(text[i]))
                return false;
        pos = end + 1;
    }
    return false;
}

/** Does a line of s (after a BOM) start with a Markdown block mark? One pass over the lines. */
static bool has_line_mark(const char *s, size_t len)
{
    static const char *const line_marks[] = {"## ", "### ", "- ", "* ", "> ", "1. "};
    size_t pos = care_bom_len(s, len);
    while (pos < len) {
        const char *nl = memchr(s + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - s) : len;
        for (size_t i = 0; i < sizeof line_marks / sizeof *line_marks; i++) {
            size_t k = strlen(line_marks[i]);
            if (end - pos >= k && memcmp(s + pos, line_marks[i], k) == 0)
                return true;
        }
        pos = end + 1;
    }
    return false;
}

/** The first a followed by b in s[0..len) (memmem of a two-byte needle, by memchr), or NULL. */
static const char *find_pair(const char *s, size_t len, char a, char b)
{
    for (const char *p = s, *end = s + len; (p = memchr(p, a, (size_t)(end - p))) != NULL; p++)
        if (p + 1 < end && p[1] == b)
            return p;
    return NULL;
}

bool care_markdown_detect(const char *s, size_t len)
{
    if (care_markdown_opens_with_title(s, len) || has_line_mark(s, len))
        return true;
    const char *strong = find_pair(s, len, '*', '*');
    if (strong && find_pair(strong + 2, len - (size_t)(strong + 2 - s), '*', '*'))
        return true;
    return find_pair(s, len, ']', '(') != NULL;
}

care_status care_parse_markdown(const char *text, size_t len, care_document *doc, care_error *err)
{
    if (len > UINT_MAX)
        return care_fail(err, CARE_ERR_LIMIT, "Markdown input of %zu bytes is too long", len);
    md_ctx c = {.base = text, .base_len = len, .doc = doc};
    c.leaf = context_spec(&c);
    MD_PARSER parser = {0};
    parser.flags = MD_FLAG_NOHTML | MD_FLAG_NOINDENTEDCODEBLOCKS;
    parser.enter_block = md_enter_block;
    parser.leave_block = md_leave_block;
    parser.enter_span = md_enter_span;
    parser.leave_span = md_leave_span;
    parser.text = md_text;
    size_t skip = care_bom_len(text, len);
    int rc = md_parse(text + skip, (MD_SIZE)(len - skip), &parser, &c);
    care_status st = c.status;
    if (st == CARE_OK && rc != 0)
        st = CARE_ERR_NO_MEMORY; /* md4c fails only when it runs out of memory */
    if (st == CARE_OK)
        st = md_flush(&c);
    doc->dropped_controls += c.b.dropped;
    care_builder_free(&c.b);
    care_stars_free(&c.stars);
    free(c.stack);
    if (st == CARE_ERR_NO_MEMORY)
        return care_fail(err, st, "out of memory while parsing Markdown");
    return st;
}
