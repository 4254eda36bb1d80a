#define _GNU_SOURCE /* memmem */
/*
 * Articles: Markdown (md4c) and plain text into blocks of styled runs, the
 * document's metadata, and the public document functions.
 *
 * Both parsers feed a `builder` that collects one block's text: it drops C0
 * controls, collapses runs of ASCII spaces and tabs, resolves line breaks
 * (nothing between two CJK characters, one space otherwise), records style
 * spans, and remembers where each source line and each image starts so a
 * byline paragraph can be split into lines and an image into a caption.
 */
#include "internal.h"
#include "html.h"

#include <md4c.h>

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/** Longest line (code points) that can still be a byline. */
#define BYLINE_MAX_CHARS 80

/* ================================================================== */
/* Block builder                                                      */
/* ================================================================== */

/** A piece of the builder's text and where it came from in the input. */
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

static bool seg_push(seg_list *l, size_t buf_pos)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        segment *v = care_realloc_array(l->v, cap, sizeof *v);
        if (v == NULL)
            return false;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (segment){.buf_start = buf_pos, .buf_end = buf_pos};
    return true;
}

static void builder_reset(builder *b)
{
    b->text.len = 0;
    if (b->text.data)
        b->text.data[0] = '\0';
    b->nspans = 0;
    b->lines.n = 0;
    b->images.n = 0;
    b->pending_break = b->has_hard_break = b->has_plain = false;
}

static void builder_free(builder *b)
{
    care_buf_free(&b->text);
    free(b->spans);
    free(b->lines.v);
    free(b->images.v);
}

/** Append bytes in the current style, extending the last span when it can. */
static void put_bytes(builder *b, const char *s, size_t n)
{
    size_t at = b->text.len;
    care_buf_append(&b->text, s, n);
    if (b->text.failed) {
        b->failed = true;
        return;
    }
    care_span *last = b->nspans ? &b->spans[b->nspans - 1] : NULL;
    if (last && last->style == b->style && last->end == at) {
        last->end += n;
        return;
    }
    if (b->nspans == b->cap_spans) {
        size_t cap = b->cap_spans ? b->cap_spans * 2 : 8;
        care_span *v = care_realloc_array(b->spans, cap, sizeof *v);
        if (v == NULL) {
            b->failed = true;
            return;
        }
        b->spans = v;
        b->cap_spans = cap;
    }
    b->spans[b->nspans++] = (care_span){at, at + n, b->style};
}

/** The last code point of the builder's text (0 when empty). */
static uint32_t last_cp(const builder *b)
{
    size_t i = b->text.len;
    if (i == 0)
        return 0;
    size_t back = 0;
    while (i > 0 && back < 3 && ((unsigned char)b->text.data[i - 1] & 0xC0) == 0x80) {
        i--;
        back++;
    }
    if (i > 0)
        i--;
    return care_utf8_next(b->text.data, b->text.len, &i);
}

static bool last_is_space(const builder *b)
{
    return b->text.len > 0 && b->text.data[b->text.len - 1] == ' ';
}

/** The line segment being filled, created on first use; NULL when out of memory. */
static segment *cur_line(builder *b)
{
    if (b->lines.n == 0 && !seg_push(&b->lines, 0)) {
        b->failed = true;
        return NULL;
    }
    return &b->lines.v[b->lines.n - 1];
}

static void seg_cover(segment *g, size_t src, size_t src_len)
{
    if (!g->has_src) {
        g->src_start = src;
        g->has_src = true;
    }
    g->src_end = src + src_len;
}

/** A line break: becomes "" between CJK characters, else " ", when text follows. */
static void builder_break(builder *b, bool hard)
{
    if (cur_line(b) == NULL)
        return;
    b->pending_break = b->text.len > 0;
    b->has_hard_break |= hard;
    if (!seg_push(&b->lines, b->text.len))
        b->failed = true;
}

/** Append one visible (non-space) code point, resolving a pending line break. */
static void put_visible(builder *b, uint32_t cp, const char *bytes, size_t n)
{
    if (b->pending_break && b->text.len > 0 && !last_is_space(b) &&
        !(care_is_cjk(last_cp(b)) && care_is_cjk(cp)))
        put_bytes(b, " ", 1);
    b->pending_break = false;
    put_bytes(b, bytes, n);
    if (!b->in_image)
        b->has_plain = true;
}

/**
 * Append text s[0..n) that came from input bytes [src, src + src_len).
 * Drops C0 and C1 controls other than tab and newline (counted in
 * b->dropped), turns newlines into soft
 * breaks and runs of spaces and tabs into one space.
 */
static void builder_text(builder *b, const char *s, size_t n, size_t src, size_t src_len)
{
    bool visible = false;
    size_t i = 0;
    while (i < n && !b->failed) {
        size_t at = i;
        uint32_t cp = care_utf8_next(s, n, &i);
        if (cp == '\n') {
            builder_break(b, false);
        } else if (cp == ' ' || cp == '\t') {
            if (!b->pending_break && b->text.len > 0 && !last_is_space(b))
                put_bytes(b, " ", 1);
        } else if (cp >= 0x20 && !(cp >= 0x7F && cp <= 0x9F)) {
            put_visible(b, cp, s + at, i - at);
            visible = true;
        } else {
            b->dropped++; /* C0/C1 control other than tab and newline */
        }
    }
    segment *line = cur_line(b);
    if (!visible || line == NULL)
        return;
    seg_cover(line, src, src_len);
    if (b->in_image && b->images.n > 0)
        seg_cover(&b->images.v[b->images.n - 1], src, src_len);
}

static void builder_image_begin(builder *b)
{
    if (!seg_push(&b->images, b->text.len))
        b->failed = true;
    b->in_image = true;
}

static void builder_image_end(builder *b)
{
    if (b->images.n > 0)
        b->images.v[b->images.n - 1].buf_end = b->text.len;
    b->in_image = false;
}

/** End of line i of the builder's text. */
static size_t line_end(const builder *b, size_t i)
{
    return i + 1 < b->lines.n ? b->lines.v[i + 1].buf_start : b->text.len;
}

/* ================================================================== */
/* Emitting blocks into the document                                  */
/* ================================================================== */

static bool is_ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static care_block *doc_push_block(care_document *doc)
{
    if (doc->count == doc->cap) {
        size_t cap = doc->cap ? doc->cap * 2 : 16;
        care_block *v = care_realloc_array(doc->blocks, cap, sizeof *v);
        if (v == NULL)
            return NULL;
        doc->blocks = v;
        doc->cap = cap;
    }
    care_block *blk = &doc->blocks[doc->count++];
    memset(blk, 0, sizeof *blk);
    return blk;
}

/** Copy the builder's spans clipped to [a, e), rebased to a, equal neighbours merged. */
static bool copy_spans(const builder *b, size_t a, size_t e, care_block *blk)
{
    blk->spans = care_calloc(b->nspans ? b->nspans : 1, sizeof *blk->spans);
    if (blk->spans == NULL)
        return false;
    size_t n = 0;
    for (size_t i = 0; i < b->nspans; i++) {
        size_t lo = b->spans[i].start > a ? b->spans[i].start : a;
        size_t hi = b->spans[i].end < e ? b->spans[i].end : e;
        if (lo >= hi)
            continue;
        care_span *prev = n ? &blk->spans[n - 1] : NULL;
        if (prev && prev->style == b->spans[i].style && prev->end == lo - a)
            prev->end = hi - a;
        else
            blk->spans[n++] = (care_span){lo - a, hi - a, b->spans[i].style};
    }
    blk->span_count = n;
    return true;
}

/** What to make of a range of the builder's text. */
typedef struct block_spec {
    care_block_kind kind;
    int level;
    const char *marker; /* NULL for none */
} block_spec;

/**
 * Add the builder's text [a, e) as one block, trimmed; nothing when it is
 * blank. *added tells which. `src` gives the source range (may be NULL).
 */
static care_status emit_range(care_document *doc, const builder *b, size_t a, size_t e,
                              const segment *src, block_spec spec, bool *added)
{
    *added = false;
    const char *t = b->text.data;
    /* ASCII white space and U+3000 (a typed 2 em indent: carepage indents itself) */
    for (;;) {
        if (a < e && is_ascii_space(t[a]))
            a++;
        else if (e - a >= 3 && memcmp(t + a, "\xE3\x80\x80", 3) == 0)
            a += 3;
        else
            break;
    }
    for (;;) {
        if (e > a && is_ascii_space(t[e - 1]))
            e--;
        else if (e - a >= 3 && memcmp(t + e - 3, "\xE3\x80\x80", 3) == 0)
            e -= 3;
        else
            break;
    }
    if (a == e)
        return CARE_OK;
    care_block *blk = doc_push_block(doc);
    if (blk == NULL)
        return CARE_ERR_NO_MEMORY;
    blk->kind = spec.kind;
    blk->level = spec.level;
    if (spec.marker)
        snprintf(blk->marker, sizeof blk->marker, "%s", spec.marker);
    blk->text = care_strndup(b->text.data + a, e - a);
    if (blk->text == NULL || !copy_spans(b, a, e, blk))
        return CARE_ERR_NO_MEMORY;
    blk->text_len = e - a;
    if (src && src->has_src) {
        blk->source_start = src->src_start;
        blk->source_end = src->src_end;
    }
    *added = true;
    return CARE_OK;
}

/** The source range of the whole builder: first line with text to the last one. */
static segment whole_source(const builder *b)
{
    segment all = {0};
    for (size_t i = 0; i < b->lines.n; i++) {
        const segment *g = &b->lines.v[i];
        if (!g->has_src)
            continue;
        if (!all.has_src)
            all.src_start = g->src_start;
        all.src_end = g->src_end;
        all.has_src = true;
    }
    return all;
}

static care_status emit_whole(care_document *doc, const builder *b, block_spec spec, bool *added)
{
    segment src = whole_source(b);
    return emit_range(doc, b, 0, b->text.len, &src, spec, added);
}

/** Each line of the builder as its own block of `kind`. */
static care_status emit_lines(care_document *doc, const builder *b, care_block_kind kind)
{
    bool added;
    for (size_t i = 0; i < b->lines.n; i++) {
        block_spec spec = {kind, 0, NULL};
        care_status st = emit_range(doc, b, b->lines.v[i].buf_start, line_end(b, i),
                                    &b->lines.v[i], spec, &added);
        if (st != CARE_OK)
            return st;
    }
    return CARE_OK;
}

/** Each image's alt text as a CAPTION block; *added when any was non-blank. */
static care_status emit_captions(care_document *doc, const builder *b, bool *added)
{
    *added = false;
    for (size_t i = 0; i < b->images.n; i++) {
        const segment *g = &b->images.v[i];
        bool one;
        block_spec spec = {CARE_BLOCK_CAPTION, 0, NULL};
        care_status st = emit_range(doc, b, g->buf_start, g->buf_end, g, spec, &one);
        if (st != CARE_OK)
            return st;
        *added |= one;
    }
    return CARE_OK;
}

/* ================================================================== */
/* Bylines and metadata                                               */
/* ================================================================== */

static size_t count_chars(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

static bool starts_with_ci(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    if (k > n)
        return false;
    for (size_t i = 0; i < k; i++) {
        char c = s[i], p = prefix[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (p >= 'A' && p <= 'Z')
            p = (char)(p - 'A' + 'a');
        if (c != p)
            return false;
    }
    return true;
}

/** Length of a separator between a byline label and its value at s (0: none). */
static size_t separator_len(const char *s, size_t n)
{
    static const char *const seps[] = {":", "\xEF\xBC\x9A" /* ： */, "\xEF\xB8\xB1" /* ︱ */,
                                       "|", "\xEF\xBD\x9C" /* ｜ */, "/", "\xEF\xBC\x8F" /* ／ */,
                                       " ", "\xE3\x80\x80" /* U+3000 */};
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
        if (starts_with_ci(s, n, seps[i]))
            return strlen(seps[i]);
    return 0;
}

/** A byline label; `need_sep`: the label must be followed by a separator. */
typedef struct label {
    const char *text;
    bool need_sep;
} label;

/**
 * When line s[0..n) starts with one of `labels` (then separators), set
 * *value to the rest. Latin labels need a separator (so "Byron" is no "By").
 */
static bool match_label(const char *s, size_t n, const label *labels, size_t count,
                        const char **value, size_t *value_len)
{
    for (size_t i = 0; i < count; i++) {
        size_t k = strlen(labels[i].text);
        if (!starts_with_ci(s, n, labels[i].text))
            continue;
        size_t j = k, sep;
        while (j < n && (sep = separator_len(s + j, n - j)) > 0)
            j += sep;
        if (j == k && labels[i].need_sep)
            continue;
        *value = s + j;
        *value_len = n - j;
        return true;
    }
    return false;
}

/** Does a plain-text line look like "来源：…", "作者:…", "By: …"? (label + colon) */
static bool is_labelled_line(const char *s, size_t n)
{
    static const char *const labels[] = {
        "\xE8\xB4\xA3\xE4\xBB\xBB\xE7\xBC\x96\xE8\xBE\x91" /* 责任编辑 */,
        "\xE8\xB2\xAC\xE4\xBB\xBB\xE7\xB7\xA8\xE8\xBC\xAF" /* 責任編輯 */,
        "\xE6\x9D\xA5\xE6\xBA\x90" /* 来源 */, "\xE4\xBE\x86\xE6\xBA\x90" /* 來源 */,
        "\xE4\xBD\x9C\xE8\x80\x85" /* 作者 */, "\xE8\xAE\xB0\xE8\x80\x85" /* 记者 */,
        "\xE8\xA8\x98\xE8\x80\x85" /* 記者 */, "\xE7\xBC\x96\xE8\xBE\x91" /* 编辑 */,
        "\xE7\xB7\xA8\xE8\xBC\xAF" /* 編輯 */, "By", "Source"};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        size_t j = strlen(labels[i]);
        if (!starts_with_ci(s, n, labels[i]))
            continue;
        while (j < n && s[j] == ' ')
            j++;
        if (starts_with_ci(s + j, n - j, ":") ||
            starts_with_ci(s + j, n - j, "\xEF\xBC\x9A" /* ： */))
            return true;
    }
    return false;
}

static const label AUTHOR_LABELS[] = {
    {"\xE4\xBD\x9C\xE8\x80\x85" /* 作者 */, false}, {"\xE8\xAE\xB0\xE8\x80\x85" /* 记者 */, false},
    {"\xE8\xA8\x98\xE8\x80\x85" /* 記者 */, false}, {"\xE6\x96\x87" /* 文 */, true},
    {"By", true}};
static const label SOURCE_LABELS[] = {
    {"\xE6\x9D\xA5\xE6\xBA\x90" /* 来源 */, false}, {"\xE4\xBE\x86\xE6\xBA\x90" /* 來源 */, false},
    {"\xE5\x87\xBA\xE5\xA4\x84" /* 出处 */, false}, {"\xE5\x87\xBA\xE8\x99\x95" /* 出處 */, false},
    {"Source", true}};

/** Trimmed copy of s[0..n) (ASCII spaces and U+3000 removed at both ends). */
static char *trimmed_copy(const char *s, size_t n)
{
    for (;;) {
        if (n > 0 && is_ascii_space(*s)) {
            s++, n--;
        } else if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) {
            s += 3, n -= 3;
        } else if (n > 0 && is_ascii_space(s[n - 1])) {
            n--;
        } else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0) {
            n -= 3;
        } else {
            break;
        }
    }
    return care_strndup(s, n);
}

/** Set *field from a byline block's value when it is still empty. */
static bool take_value(char **field, const char *value, size_t value_len)
{
    if ((*field)[0] != '\0')
        return true;
    char *v = trimmed_copy(value, value_len);
    if (v == NULL)
        return false;
    if (v[0] == '\0') {
        free(v);
        return true;
    }
    free(*field);
    *field = v;
    return true;
}

static bool meta_from_byline(care_document *doc, const care_block *blk)
{
    const char *value;
    size_t value_len;
    size_t na = sizeof AUTHOR_LABELS / sizeof AUTHOR_LABELS[0];
    size_t ns = sizeof SOURCE_LABELS / sizeof SOURCE_LABELS[0];
    if (match_label(blk->text, blk->text_len, AUTHOR_LABELS, na, &value, &value_len))
        return take_value(&doc->author, value, value_len);
    if (match_label(blk->text, blk->text_len, SOURCE_LABELS, ns, &value, &value_len))
        return take_value(&doc->source, value, value_len);
    return true;
}

/** Fill title, author and source ("" when absent) from the blocks. */
/* Front matter title/author/source win over what the blocks suggest. */
static care_status front_matter_metadata(care_document *doc)
{
    const char *values[3] = {doc->front.title, doc->front.author, doc->front.source};
    char **fields[3] = {&doc->title, &doc->author, &doc->source};
    for (int i = 0; i < 3; i++) {
        if (!values[i][0])
            continue;
        char *v = care_strndup(values[i], strlen(values[i]));
        if (!v)
            return CARE_ERR_NO_MEMORY;
        free(*fields[i]);
        *fields[i] = v;
    }
    return CARE_OK;
}

static care_status fill_metadata(care_document *doc)
{
    doc->title = care_strndup("", 0);
    doc->author = care_strndup("", 0);
    doc->source = care_strndup("", 0);
    if (!doc->title || !doc->author || !doc->source)
        return CARE_ERR_NO_MEMORY;
    for (size_t i = 0; i < doc->count; i++) {
        const care_block *blk = &doc->blocks[i];
        if (blk->kind == CARE_BLOCK_TITLE && doc->title[0] == '\0') {
            char *t = care_strndup(blk->text, blk->text_len);
            if (t == NULL)
                return CARE_ERR_NO_MEMORY;
            free(doc->title);
            doc->title = t;
        } else if (blk->kind == CARE_BLOCK_BYLINE && !meta_from_byline(doc, blk)) {
            return CARE_ERR_NO_MEMORY;
        }
    }
    return front_matter_metadata(doc);
}

/* ================================================================== */
/* Markdown                                                           */
/* ================================================================== */

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
    block_spec leaf;      /* what the text being collected becomes */
    char marker[16];      /* marker of the open list item */
    bool marker_pending;  /* not yet given to a block */
    int em, strong, img;  /* open spans */
    bool have_title;
    bool byline_zone;     /* after the title, before the first ordinary block */
    size_t title_src_end;
} md_ctx;

static bool md_push(md_ctx *c, md_container item)
{
    if (c->depth == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        md_container *v = care_realloc_array(c->stack, cap, sizeof *v);
        if (v == NULL)
            return false;
        c->stack = v;
        c->cap = cap;
    }
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
static block_spec context_spec(const md_ctx *c)
{
    block_spec spec = {CARE_BLOCK_PARAGRAPH, 0, NULL};
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
        const char *s = b->text.data + b->lines.v[i].buf_start;
        size_t n = line_end(b, i) - b->lines.v[i].buf_start;
        while (n > 0 && is_ascii_space(*s))
            s++, n--;
        if (n == 0)
            continue;
        if (count_chars(s, n) > BYLINE_MAX_CHARS || (need_label && !is_labelled_line(s, n)))
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
    segment src = whole_source(b);
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
        return emit_captions(c->doc, &c->b, &added);
    if (c->byline_zone && c->leaf.kind == CARE_BLOCK_PARAGRAPH && md_is_byline(c)) {
        *ordinary = false;
        return emit_lines(c->doc, &c->b, CARE_BLOCK_BYLINE);
    }
    st = emit_whole(c->doc, &c->b, c->leaf, &added);
    *ordinary = added;
    return st;
}

/** Turn the collected text into blocks according to c->leaf, then reset. */
static care_status md_flush(md_ctx *c)
{
    care_status st = CARE_OK;
    bool added = false, ordinary = true;
    block_spec spec = c->leaf;
    if (c->b.failed)
        return CARE_ERR_NO_MEMORY;
    if (c->b.text.len == 0) {
        builder_reset(&c->b);
        return CARE_OK;
    }
    if (spec.kind == CARE_BLOCK_TITLE) {
        st = emit_whole(c->doc, &c->b, spec, &added);
        if (added) {
            c->have_title = c->byline_zone = true;
            c->title_src_end = c->doc->blocks[c->doc->count - 1].source_end;
        }
        ordinary = false;
    } else if (spec.kind == CARE_BLOCK_LIST_ITEM) {
        spec.marker = c->marker_pending ? c->marker : "";
        st = emit_whole(c->doc, &c->b, spec, &added);
        c->marker_pending &= !added;
    } else if (spec.kind == CARE_BLOCK_PARAGRAPH || spec.kind == CARE_BLOCK_QUOTE) {
        st = md_flush_paragraph(c, &ordinary);
    } else {
        st = emit_whole(c->doc, &c->b, spec, &added);
    }
    if (ordinary)
        c->byline_zone = false;
    builder_reset(&c->b);
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
static block_spec heading_spec(const md_ctx *c, unsigned level)
{
    block_spec spec = {CARE_BLOCK_HEADING, (int)level, NULL};
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
    c->b.style = (c->strong > 0 ? CARE_STYLE_BOLD : 0u) | (c->em > 0 ? CARE_STYLE_EM : 0u);
}

static int md_enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    md_ctx *c = userdata;
    (void)detail;
    if (type == MD_SPAN_EM)
        c->em++;
    else if (type == MD_SPAN_STRONG)
        c->strong++;
    else if (type == MD_SPAN_IMG && c->img++ == 0)
        builder_image_begin(&c->b);
    md_update_style(c);
    return md_result(c, c->b.failed ? CARE_ERR_NO_MEMORY : CARE_OK);
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
        builder_image_end(&c->b);
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
        builder_break(&c->b, true);
        break;
    case MD_TEXT_SOFTBR:
        builder_break(&c->b, false);
        break;
    case MD_TEXT_ENTITY: {
        size_t n = decode_entity(text, size, buf, &decoded);
        builder_text(&c->b, decoded, n, at, size);
        break;
    }
    default: /* normal text, code, raw HTML kept as text */
        builder_text(&c->b, text, size, at, size);
        break;
    }
    return md_result(c, c->b.failed ? CARE_ERR_NO_MEMORY : CARE_OK);
}

static size_t bom_len(const char *text, size_t len)
{
    return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
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
    size_t skip = bom_len(text, len);
    int rc = md_parse(text + skip, (MD_SIZE)(len - skip), &parser, &c);
    care_status st = c.status;
    if (st == CARE_OK && rc != 0)
        st = CARE_ERR_NO_MEMORY; /* md4c fails only when it runs out of memory */
    if (st == CARE_OK)
        st = md_flush(&c);
    doc->dropped_controls += c.b.dropped;
    builder_free(&c.b);
    free(c.stack);
    if (st == CARE_ERR_NO_MEMORY)
        return care_fail(err, st, "out of memory while parsing Markdown");
    return st;
}

/* ================================================================== */
/* Plain text                                                         */
/* ================================================================== */

/** A line [start, end) of the input without its line ending and outer spaces. */
typedef struct line_range {
    size_t start, end;
} line_range;

/** Next line at *pos ("\n", "\r\n" or "\r" endings); false at the end of input. */
static bool next_line(const char *s, size_t len, size_t *pos, line_range *line)
{
    if (*pos >= len)
        return false;
    size_t i = *pos;
    while (i < len && s[i] != '\n' && s[i] != '\r')
        i++;
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
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        line_range *v = care_realloc_array(p->lines, cap, sizeof *v);
        if (v == NULL)
            return false;
        p->lines = v;
        p->cap = cap;
    }
    p->lines[p->n++] = line;
    return true;
}

/** Emit lines [from, to) of the paragraph joined into one block of `kind`. */
static care_status plain_emit(plain_ctx *p, size_t from, size_t to, care_block_kind kind,
                              bool *added)
{
    builder_reset(&p->b);
    for (size_t i = from; i < to; i++) {
        const line_range *l = &p->lines[i];
        if (i > from)
            builder_break(&p->b, false);
        builder_text(&p->b, p->text + l->start, l->end - l->start, l->start, l->end - l->start);
    }
    *added = false;
    if (p->b.failed)
        return CARE_ERR_NO_MEMORY;
    block_spec spec = {kind, 0, NULL};
    return emit_whole(p->doc, &p->b, spec, added);
}

/** Is line i a short "label: value" line (a plain-text byline)? */
static bool plain_byline_line(const plain_ctx *p, size_t i)
{
    const char *s = p->text + p->lines[i].start;
    size_t len = p->lines[i].end - p->lines[i].start;
    return count_chars(s, len) <= BYLINE_MAX_CHARS && is_labelled_line(s, len);
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
    size_t pos = bom_len(text, len);
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
    builder_free(&p.b);
    free(p.lines);
    if (st == CARE_ERR_NO_MEMORY)
        return care_fail(err, st, "out of memory while parsing text");
    return st;
}

/* ================================================================== */
/* Public document API                                                */
/* ================================================================== */

/** Does any line of s start with `prefix`? (first_only: only the first non-blank line) */
static bool has_line_starting(const char *s, size_t len, const char *prefix, bool first_only)
{
    size_t pos = bom_len(s, len), k = strlen(prefix);
    while (pos < len) {
        size_t end = pos;
        while (end < len && s[end] != '\n')
            end++;
        bool blank = true;
        for (size_t i = pos; i < end && blank; i++)
            blank = is_ascii_space(s[i]);
        if (end - pos >= k && memcmp(s + pos, prefix, k) == 0)
            return true;
        if (first_only && !blank)
            return false;
        pos = end + 1;
    }
    return false;
}

/* Markdown when the text opens with "# ", or has Markdown headings, lists,
 * quotes, **strong** text or links; plain text otherwise. */
static care_format detect_format(const char *s, size_t len)
{
    static const char *const line_marks[] = {"## ", "### ", "- ", "* ", "> ", "1. "};
    if (has_line_starting(s, len, "# ", true))
        return CARE_FORMAT_MARKDOWN;
    for (size_t i = 0; i < sizeof line_marks / sizeof *line_marks; i++)
        if (has_line_starting(s, len, line_marks[i], false))
            return CARE_FORMAT_MARKDOWN;
    const char *strong = memmem(s, len, "**", 2);
    if (strong && memmem(strong + 2, len - (size_t)(strong + 2 - s), "**", 2))
        return CARE_FORMAT_MARKDOWN;
    return memmem(s, len, "](", 2) ? CARE_FORMAT_MARKDOWN : CARE_FORMAT_TEXT;
}

/** Validate (or repair) UTF-8 and normalise to NFC; *text is newly allocated. */
static care_status prepare_text(care_error *err, const char *bytes, size_t len,
                                const care_parse_options *opt, const char *name,
                                care_document *doc, char **text, size_t *text_len)
{
    char *valid = NULL;
    size_t valid_len = 0, bad = 0;
    care_status st = care_utf8_validate(bytes, len, opt->replace_invalid, &valid, &valid_len,
                                        &bad, &doc->replaced);
    if (st == CARE_ERR_INVALID_UTF8)
        return care_fail(err, st, "%s: invalid UTF-8 at byte offset %zu", name, bad);
    if (st != CARE_OK)
        return care_fail(err, st, "%s: out of memory checking UTF-8", name);
    st = care_nfc(valid, valid_len, text, text_len, err);
    free(valid);
    return st;
}

/* Chinese punctuation normalisation of every block, unless the caller keeps it. */
static care_status normalize_blocks(care_document *doc, const care_parse_options *opt,
                                    care_error *err)
{
    const char *lang = opt->lang ? opt->lang : doc->front.lang[0] ? doc->front.lang : "zh-Hans";
    if (opt->keep_punct || !care_lang_is_chinese(lang))
        return CARE_OK;
    bool traditional = care_lang_is_traditional(lang);
    care_status st = CARE_OK;
    for (size_t i = 0; i < doc->count && st == CARE_OK; i++)
        st = care_normalize_punctuation(&doc->blocks[i], traditional, err);
    return st;
}

static care_status parse_into(care_error *err, const char *bytes, size_t len,
                              const care_parse_options *opt, care_document *doc)
{
    char *text = NULL, *page = NULL; /* page: an HTML page decoded to UTF-8 */
    size_t text_len = 0, page_len = 0;
    care_format format = opt->format;
    if (format == CARE_FORMAT_AUTO && care_html_detect(bytes, len))
        format = CARE_FORMAT_HTML;
    care_status st = CARE_OK;
    if (format == CARE_FORMAT_HTML)
        st = care_html_decode(bytes, len, opt->replace_invalid, doc->name, &page, &page_len, err);
    if (st == CARE_OK)
        st = prepare_text(err, page ? page : bytes, page ? page_len : len, opt, doc->name, doc,
                          &text, &text_len);
    free(page);
    if (st != CARE_OK)
        return st;
    if (format != CARE_FORMAT_HTML && format != CARE_FORMAT_TEXT)
        care_front_matter_blank(text, text_len, &doc->front);
    if (format == CARE_FORMAT_AUTO)
        format = detect_format(text, text_len);
    if (format == CARE_FORMAT_HTML)
        st = care_parse_html(text, text_len, doc, err); /* sets title, author, source */
    else if (format == CARE_FORMAT_MARKDOWN)
        st = care_parse_markdown(text, text_len, doc, err);
    else
        st = care_parse_plain(text, text_len, doc, err);
    free(text);
    if (st == CARE_OK)
        st = normalize_blocks(doc, opt, err);
    if (st == CARE_OK && format != CARE_FORMAT_HTML && fill_metadata(doc) != CARE_OK)
        st = care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory", doc->name);
    return st;
}

care_status care_document_parse(care_engine *engine, const char *bytes, size_t len,
                                const care_parse_options *options, care_document **out)
{
    care_error *err = engine ? &engine->error : NULL;
    care_parse_options defaults = {0};
    const care_parse_options *opt = options ? options : &defaults;
    if (out == NULL || (bytes == NULL && len > 0))
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT,
                         "care_document_parse: %s is NULL", out ? "bytes" : "out");
    *out = NULL;
    if (opt->format != CARE_FORMAT_AUTO && opt->format != CARE_FORMAT_MARKDOWN &&
        opt->format != CARE_FORMAT_TEXT && opt->format != CARE_FORMAT_HTML)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "care_document_parse: unknown format %d",
                         (int)opt->format);
    const char *name = opt->name ? opt->name : "input";
    /* 0: an engine not made by care_engine_new (internal tests): the default */
    size_t max_input = engine && engine->limits.max_input_bytes ? engine->limits.max_input_bytes
                                                                : CARE_MAX_INPUT_BYTES;
    if (len > max_input)
        return care_fail(err, CARE_ERR_LIMIT,
                         "%s: input is %zu bytes, over the limit of %zu bytes (max_input_bytes)",
                         name, len, max_input);
    care_document *doc = care_calloc(1, sizeof *doc);
    if (doc == NULL || (doc->name = care_strndup(name, strlen(name))) == NULL) {
        care_document_free(doc);
        return care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory", name);
    }
    care_status st = parse_into(err, bytes ? bytes : "", len, opt, doc);
    if (st != CARE_OK) {
        care_document_free(doc);
        return st;
    }
    *out = doc;
    return CARE_OK;
}

void care_document_free(care_document *doc)
{
    if (doc == NULL)
        return;
    for (size_t i = 0; i < doc->count; i++) {
        free(doc->blocks[i].text);
        free(doc->blocks[i].spans);
    }
    free(doc->blocks);
    free(doc->title);
    free(doc->author);
    free(doc->source);
    free(doc->name);
    free(doc);
}

size_t care_document_block_count(const care_document *doc)
{
    return doc ? doc->count : 0;
}

care_status care_document_block(const care_document *doc, size_t i, care_block_kind *kind,
                                const char **text)
{
    if (doc == NULL || i >= doc->count)
        return CARE_ERR_INVALID_ARGUMENT;
    if (kind)
        *kind = doc->blocks[i].kind;
    if (text)
        *text = doc->blocks[i].text;
    return CARE_OK;
}

const char *care_document_title(const care_document *doc)
{
    return doc && doc->title ? doc->title : "";
}

const char *care_document_author(const care_document *doc)
{
    return doc && doc->author ? doc->author : "";
}

size_t care_document_replaced_count(const care_document *doc)
{
    return doc ? doc->replaced : 0;
}

size_t care_document_dropped_controls(const care_document *doc)
{
    return doc ? doc->dropped_controls : 0;
}

const char *care_document_lang(const care_document *doc)
{
    return doc ? doc->front.lang : "";
}

const char *care_document_source(const care_document *doc)
{
    return doc && doc->source ? doc->source : "";
}
