/*
 * Blocks from the article's DOM. Block-level elements end the text being
 * collected; the innermost of h1-h6, li, blockquote and figcaption decides
 * the kind of block. White space is collapsed as HTML does, except that a
 * space between two CJK characters (text split over inline elements and
 * source lines) is dropped. <br> and <hr> end a block, table cells are
 * separated by a space and each row is a block, an <img> becomes a figure
 * block (its text: the figcaption, else the alt text unless several images
 * share it), strong/b and em/i
 * become styles; text that is only a file name is no block.
 */
#include "common/text.h"
#include "input/collector.h"
#include "input/figure.h"
#include "input/html/html.h"

#include <stdlib.h>
#include <string.h>

/** Longest bold paragraph taken as a subhead (code points). */
#define SUBHEAD_MAX_CHARS 30
/** Longest heading that ends with a full stop (longer: a paragraph marked up as one). */
#define SENTENCE_HEADING_CHARS 60
/** Deepest list nesting given its own marker numbering. */
#define MAX_LISTS 16

typedef struct list_state {
    bool ordered;
    unsigned next;
} list_state;

typedef struct emit_ctx {
    care_document *doc;
    care_error *err;
    care_status st;
    care_collector col; /* the block's text and spans */
    int bold, em;
    bool pending_space, pending_cell;
    bool pending_hard; /* the last text ended in spaces without a line break: kept */
    care_block_kind kind;
    int level;
    char marker[16];
    list_state lists[MAX_LISTS];
    int depth; /* open lists */
    care_figure *figure; /* the photo of the figure block being collected */
    int links;           /* open <a href> elements */
    size_t link_chars;   /* code points of the block collected inside links */
    care_html_block_links *out_links; /* link_chars of each block emitted, or NULL */
    care_html_alts alts; /* the page's alt texts */
} emit_ctx;

/* ---------- collecting text ---------- */

static void put_bytes(emit_ctx *c, const char *s, size_t n)
{
    c->col.style = (c->bold ? CARE_STYLE_BOLD : 0u) | (c->em ? CARE_STYLE_EM : 0u);
    care_collector_put(&c->col, s, n);
}

static void put_visible(emit_ctx *c, uint32_t cp, const char *s, size_t n, bool hard_space)
{
    if ((c->pending_cell || c->pending_hard || hard_space) && c->col.text.len > 0)
        put_bytes(c, " ", 1);
    else if (c->pending_space && care_collector_space_before(&c->col, cp))
        put_bytes(c, " ", 1);
    c->pending_space = c->pending_cell = c->pending_hard = false;
    c->link_chars += c->links > 0;
    put_bytes(c, s, n);
}

/**
 * Append text s[0..n) (valid UTF-8, NFC) with HTML white-space collapsing.
 * A run of spaces after text, without a line break, is kept even between
 * CJK characters: inside the text ("自学 人工智能"), or at its end when it is
 * a gap of two or more spaces or a tab ("本文来源：晚报  </span><span>责任编辑：…":
 * two credits apart, as a browser shows them); other white space between CJK
 * characters (a line break, one stray space next to an element) is dropped.
 */
static void put_text(emit_ctx *c, const char *s, size_t n)
{
    size_t i = 0, run = 0;
    bool seen = false, in_run = false, newline = false;
    while (i < n) {
        size_t at = i;
        uint32_t cp = care_utf8_next(s, n, &i);
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f') {
            c->pending_space = true;
            in_run = seen;
            run += cp == '\t' ? 2 : 1;
            newline |= cp != ' ' && cp != '\t';
        } else if (cp >= 0x20 && cp != 0x7F && cp != 0xAD && cp != 0x200B && cp != 0xFEFF) {
            put_visible(c, cp, s + at, i - at, in_run && !newline);
            seen = true;
            in_run = newline = false;
            run = 0;
        }
    }
    if (seen) /* white space alone between elements keeps what came before */
        c->pending_hard = in_run && !newline && run >= 2;
}

static void put_text_nfc(emit_ctx *c, const char *s)
{
    size_t n = strlen(s);
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = (unsigned char)s[i] < 0x80;
    if (ascii) {
        put_text(c, s, n);
        return;
    }
    char *nfc = NULL;
    size_t nfc_len = 0;
    care_status st = care_nfc(s, n, &nfc, &nfc_len, c->err);
    if (st != CARE_OK) {
        c->st = st;
        return;
    }
    put_text(c, nfc, nfc_len);
    free(nfc);
}

/* ---------- emitting a block ---------- */

static void reset(emit_ctx *c)
{
    care_collector_reset(&c->col);
    c->pending_space = c->pending_cell = c->pending_hard = false;
    c->link_chars = 0;
}

/** Note the link characters of a block just emitted. */
static void note_links(emit_ctx *c)
{
    care_html_block_links *l = c->out_links;
    if (l == NULL)
        return;
    size_t *v = care_grow_array(l->chars, l->count, &l->cap, 64, sizeof *v);
    if (v == NULL) {
        c->st = care_fail(c->err, CARE_ERR_NO_MEMORY, "%s: out of memory", c->doc->name);
        return;
    }
    l->chars = v;
    l->chars[l->count++] = c->link_chars;
}

/** Turn the collected text into a block of the current kind. */
static void flush(emit_ctx *c)
{
    if (c->col.failed && c->st == CARE_OK)
        c->st = care_fail(c->err, CARE_ERR_NO_MEMORY, "%s: out of memory", c->doc->name);
    if (c->st == CARE_OK) {
        /* a figcaption in several blocks: the first is the figure's, the rest captions */
        care_block_spec spec = {c->kind == CARE_BLOCK_FIGURE ? CARE_BLOCK_CAPTION : c->kind,
                                c->level, c->kind == CARE_BLOCK_LIST_ITEM ? c->marker : NULL};
        care_block *b = NULL;
        care_figure *fig = c->figure;
        c->figure = NULL;
        care_status st = fig ? care_collector_emit_figure(c->doc, &c->col, 0, c->col.text.len,
                                                          fig, &b)
                         : care_collector_is_file_name(&c->col) ? CARE_OK /* "IMG_2301.jpg" */
                         : care_collector_emit(c->doc, &c->col, 0, c->col.text.len, spec, &b);
        if (st != CARE_OK)
            c->st = care_fail(c->err, CARE_ERR_NO_MEMORY, "%s: out of memory", c->doc->name);
        else if (b && c->kind == CARE_BLOCK_LIST_ITEM)
            c->marker[0] = '\0';
        if (st == CARE_OK && b)
            note_links(c);
    }
    reset(c);
}

/* ---------- the walk ---------- */

static void walk(emit_ctx *c, const xmlNode *n);

/** Walk n's children as a block of `kind` (and `level`), then restore the context. */
static void walk_as(emit_ctx *c, const xmlNode *n, care_block_kind kind, int level)
{
    care_block_kind saved_kind = c->kind;
    int saved_level = c->level;
    flush(c);
    c->kind = kind;
    c->level = level;
    walk(c, n);
    flush(c);
    c->kind = saved_kind;
    c->level = saved_level;
}

/* An <img>: a figure block, its text the figcaption, else the alt text. */
static void image(emit_ctx *c, const xmlNode *img)
{
    care_figure *fig = NULL;
    care_status st = care_html_figure_of(img, &fig);
    if (st != CARE_OK) {
        c->st = care_fail(c->err, st, "%s: out of memory", c->doc->name);
        return;
    }
    if (!fig)
        return; /* an icon or spacer */
    care_block_kind saved = c->kind;
    flush(c);
    c->kind = CARE_BLOCK_FIGURE;
    c->figure = fig;
    const xmlNode *caption = care_html_figure_caption(img);
    const char *alt = care_html_attr(img, "alt");
    if (caption)
        walk(c, caption);
    else if (alt && !care_html_alt_is_label(&c->alts, alt))
        put_text_nfc(c, alt);
    flush(c);
    care_figure_free(c->figure); /* left when an error stopped the flush */
    c->figure = NULL;
    c->kind = saved;
}

static void list(emit_ctx *c, const xmlNode *n)
{
    flush(c);
    if (c->depth < MAX_LISTS) {
        const char *start = care_html_attr(n, "start");
        long first = start ? strtol(start, NULL, 10) : 1;
        c->lists[c->depth] = (list_state){care_html_is(n, "ol"), first > 0 ? (unsigned)first : 1u};
    }
    c->depth++;
    walk(c, n);
    flush(c);
    c->depth--;
}

static void list_item(emit_ctx *c, const xmlNode *n)
{
    flush(c);
    list_state *l = c->depth > 0 && c->depth <= MAX_LISTS ? &c->lists[c->depth - 1] : NULL;
    if (l != NULL && l->ordered)
        snprintf(c->marker, sizeof c->marker, "%u.", l->next++);
    else
        snprintf(c->marker, sizeof c->marker, "%s", "\xE2\x80\xA2" /* • */);
    walk_as(c, n, CARE_BLOCK_LIST_ITEM, c->depth > 0 ? c->depth : 1);
    c->marker[0] = '\0';
}

static void inline_style(emit_ctx *c, const xmlNode *n, int *counter)
{
    (*counter)++;
    walk(c, n);
    (*counter)--;
}

static void element(emit_ctx *c, const xmlNode *n)
{
    static const char *const bold[] = {"strong", "b", NULL};
    static const char *const em[] = {"em", "i", "cite", "dfn", NULL};
    int h = care_html_heading_level(n);
    if (care_html_is(n, "br") || care_html_is(n, "hr"))
        flush(c);
    else if (care_html_is(n, "img"))
        image(c, n);
    else if (h > 0)
        walk_as(c, n, CARE_BLOCK_HEADING, h < 2 ? 2 : h);
    else if (care_html_is(n, "ul") || care_html_is(n, "ol"))
        list(c, n);
    else if (care_html_is(n, "li"))
        list_item(c, n);
    else if (care_html_is(n, "blockquote"))
        walk_as(c, n, CARE_BLOCK_QUOTE, 0);
    else if (care_html_is(n, "figcaption") && care_html_caption_has_image(n))
        return; /* the caption of its figure's image */
    else if (care_html_is(n, "figcaption") || care_html_is(n, "caption"))
        walk_as(c, n, CARE_BLOCK_CAPTION, 0);
    else if (care_html_is(n, "td") || care_html_is(n, "th")) {
        c->pending_cell = c->col.text.len > 0;
        walk(c, n);
        c->pending_cell = c->col.text.len > 0;
    } else if (care_html_is_block(n))
        walk_as(c, n, c->kind, c->level);
    else if (care_html_is_any(n, bold))
        inline_style(c, n, &c->bold);
    else if (care_html_is_any(n, em))
        inline_style(c, n, &c->em);
    else if (care_html_is(n, "a") && care_html_attr(n, "href") != NULL)
        inline_style(c, n, &c->links);
    else
        walk(c, n);
}

/** One node: text is collected, elements are walked. */
static void node(emit_ctx *c, const xmlNode *k)
{
    if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && k->content)
        put_text_nfc(c, (const char *)k->content);
    else if (k->type == XML_ELEMENT_NODE)
        element(c, k);
}

static void walk(emit_ctx *c, const xmlNode *n)
{
    for (const xmlNode *k = n->children; k != NULL && c->st == CARE_OK; k = k->next)
        node(c, k);
}

static void ctx_free(emit_ctx *c)
{
    care_collector_free(&c->col);
    care_html_alts_free(&c->alts);
}

care_status care_html_emit_blocks(const care_html_article *art, care_document *doc,
                                  care_html_block_links *links, care_error *err)
{
    emit_ctx c = {.doc = doc, .err = err, .kind = CARE_BLOCK_PARAGRAPH, .out_links = links};
    if (art->count > 0 && !care_html_alts_collect(art->nodes[0]->doc, &c.alts))
        c.st = care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory", doc->name);
    for (size_t i = 0; i < art->count && c.st == CARE_OK; i++) {
        node(&c, art->nodes[i]);
        flush(&c);
    }
    ctx_free(&c);
    return c.st;
}

care_status care_html_emit_text_block(care_document *doc, care_block_kind kind, const char *s,
                                 care_error *err)
{
    emit_ctx c = {.doc = doc, .err = err, .kind = kind};
    put_text_nfc(&c, s);
    flush(&c);
    ctx_free(&c);
    return c.st;
}

bool care_html_all_bold(const care_block *b)
{
    if (b->kind != CARE_BLOCK_PARAGRAPH || b->span_count == 0)
        return false;
    for (size_t i = 0; i < b->span_count; i++)
        if (!(b->spans[i].style & CARE_STYLE_BOLD) && b->spans[i].end > b->spans[i].start)
            return false;
    return true;
}

/* The code points of block b's text, and its last one in *last (0 if none). */
static size_t count_to_last(const care_block *b, uint32_t *last)
{
    size_t chars = 0;
    for (size_t i = 0; i < b->text_len; chars++)
        *last = care_utf8_next(b->text, b->text_len, &i);
    return chars;
}

/** Does block b read as a subhead: short, no sentence end (nor a question, a
 *  label's colon or a closing bracket), no credit separator ("作者︱春春")? */
static bool subhead_text(const care_block *b)
{
    uint32_t last = 0;
    size_t chars = count_to_last(b, &last);
    bool sentence_end = last == 0x3002 || last == 0xFF01 || last == 0xFF1F || last == '.' ||
                        last == '!' || last == '?' || last == 0xFF1A || last == ':' ||
                        last == 0x201D || last == '"' || last == 0x3011 || last == ')' ||
                        last == 0xFF09;
    bool credit = strstr(b->text, "\xEF\xB8\xB1" /* ︱ */) || strstr(b->text, "\xEF\xBD\x9C" /* ｜ */) ||
                  strchr(b->text, '|');
    return chars > 0 && chars <= SUBHEAD_MAX_CHARS && !sentence_end && !credit;
}

/** Is block b a heading that is a long sentence (more than SENTENCE_HEADING_CHARS code
 *  points, ending with a full stop: a standfirst the page marked up as h2)? */
static bool sentence_heading(const care_block *b)
{
    uint32_t last = 0;
    size_t chars = count_to_last(b, &last);
    return b->kind == CARE_BLOCK_HEADING && chars > SENTENCE_HEADING_CHARS &&
           (last == '.' || last == 0x3002);
}

void care_html_promote_subheads(care_document *doc, size_t from)
{
    for (size_t i = from; i < doc->count; i++) {
        care_block *b = &doc->blocks[i];
        if (sentence_heading(b)) {
            b->kind = CARE_BLOCK_PARAGRAPH;
            b->level = 0;
        }
        if (i + 1 == doc->count || !care_html_all_bold(b) || !subhead_text(b))
            continue;
        b->kind = CARE_BLOCK_HEADING;
        b->level = 3;
        for (size_t k = 0; k < b->span_count; k++)
            b->spans[k].style &= ~(unsigned)CARE_STYLE_BOLD;
    }
}
