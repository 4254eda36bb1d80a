/* Punctuation normalisation for Chinese text: ASCII , : ; ? ! ( ) written in
 * Han context become full-width marks, straight double quotes around Han text
 * become “ ” (「 」 in Traditional Chinese); digits and Latin text keep their
 * ASCII punctuation (3.5, e.g., 1,000). GB/T 15834-2011 §4.
 * ASCII spaces next to a full-width mark (，。、；：！？ and the brackets （）「」
 * 『』【】《》〈〉) are dropped: the mark's em box already holds its blank
 * (clreq §3.1.6, punctuation widths), so a copied "， " would show 1.5 em. */
#include "common/text.h"
#include "input/punct.h"

#include <stdlib.h>
#include <string.h>

typedef struct normaliser {
    const char *in;
    size_t len;
    care_buf out;
    size_t *map;       /* map[i]: output offset of input byte i (NULL: no spans to move) */
    bool *quote_pair;  /* per byte: a straight quote that opens/closes Han text */
    bool traditional;
    bool paren_stack[64];
    size_t depth;
} normaliser;

static bool is_curly_quote(uint32_t cp)
{
    return cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019;
}

/* Characters that make the ASCII mark next to them a Chinese one. */
static bool han_context(uint32_t cp)
{
    return (care_is_cjk(cp) && cp != 0x3000) || is_curly_quote(cp);
}

static bool is_ascii_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t';
}

/* The last non-space code point written so far (0 at the start). */
static uint32_t prev_written(const normaliser *n)
{
    size_t end = n->out.len;
    while (end > 0 && n->out.data[end - 1] == ' ')
        end--;
    if (end == 0)
        return 0;
    size_t at = end - 1;
    while (at > 0 && ((unsigned char)n->out.data[at] & 0xC0) == 0x80)
        at--;
    return care_utf8_next(n->out.data, end, &at);
}

/* The next non-space code point at or after input byte i. */
static uint32_t next_input(const normaliser *n, size_t i)
{
    while (i < n->len && is_ascii_space((unsigned char)n->in[i]))
        i++;
    return i < n->len ? care_utf8_next(n->in, n->len, &i) : 0;
}

/* Full-width marks whose em box holds their own blank: no ASCII space beside them.
 * Curly quotes are left out: they are shared with Latin text ("“Yes,” she said"). */
static bool is_fullwidth_mark(uint32_t cp)
{
    switch (cp) {
    case 0x3001: case 0x3002:                                   /* 、。 */
    case 0xFF0C: case 0xFF1A: case 0xFF1B: case 0xFF01: case 0xFF1F: /* ，：；！？ */
    case 0xFF08: case 0xFF09:                                   /* （） */
    case 0x300C: case 0x300D: case 0x300E: case 0x300F:         /* 「」『』 */
    case 0x3010: case 0x3011: case 0x300A: case 0x300B:         /* 【】《》 */
    case 0x3008: case 0x3009:                                   /* 〈〉 */
        return true;
    default:
        return false;
    }
}

/* Drop ASCII spaces just written before a full-width mark. */
static void trim_written_spaces(normaliser *n)
{
    while (n->out.len > 0 && n->out.data[n->out.len - 1] == ' ')
        n->out.len--;
}

/* Mark straight double quotes that pair up around text containing Han. */
static void find_quote_pairs(normaliser *n)
{
    size_t open = SIZE_MAX;
    bool han = false;
    if (memchr(n->in, '"', n->len) == NULL)
        return;
    for (size_t i = 0; i < n->len;) {
        size_t at = i;
        uint32_t cp = care_utf8_next(n->in, n->len, &i);
        if (cp != '"') {
            han |= care_is_han(cp);
            continue;
        }
        if (open == SIZE_MAX) {
            open = at, han = false;
        } else {
            n->quote_pair[open] = n->quote_pair[at] = han;
            open = SIZE_MAX;
        }
    }
}

/* The full-width form of an ASCII mark at byte i, or NULL to keep it. */
static const char *convert(normaliser *n, size_t i, uint32_t cp)
{
    uint32_t prev = prev_written(n), next = next_input(n, i + 1);
    bool han = han_context(prev) || han_context(next);
    switch (cp) {
    case ',': return han ? "\xEF\xBC\x8C" : NULL;      /* ， */
    case ':': return han ? "\xEF\xBC\x9A" : NULL;      /* ： */
    case ';': return han ? "\xEF\xBC\x9B" : NULL;      /* ； */
    case '?': return han ? "\xEF\xBC\x9F" : NULL;      /* ？ */
    case '!': return han ? "\xEF\xBC\x81" : NULL;      /* ！ */
    case '(': {
        bool wide = han_context(prev) || han_context(next);
        if (n->depth < sizeof n->paren_stack)
            n->paren_stack[n->depth] = wide;
        n->depth++;
        return wide ? "\xEF\xBC\x88" : NULL;           /* （ */
    }
    case ')': {
        bool opened = n->depth > 0 && n->depth <= sizeof n->paren_stack &&
                      n->paren_stack[n->depth - 1];
        if (n->depth > 0)
            n->depth--;
        return opened || han_context(prev) ? "\xEF\xBC\x89" : NULL; /* ） */
    }
    default: return NULL;
    }
}

static void emit(normaliser *n, size_t from, size_t to, const char *s, size_t slen)
{
    for (size_t k = from; n->map && k < to; k++)
        n->map[k] = n->out.len;
    care_buf_append(&n->out, s, slen);
}

/** Is cp written as it is, whatever is around it (no quote, no ASCII mark that
 *  may widen, no full-width mark that drops spaces)? */
static bool is_plain(uint32_t cp)
{
    switch (cp) {
    case '"': case ',': case ':': case ';': case '?': case '!': case '(': case ')':
        return false;
    default:
        return !is_fullwidth_mark(cp);
    }
}

/** Write the input bytes [*run, to) waiting in a run of plain characters. */
static void flush_plain(normaliser *n, size_t *run, size_t to)
{
    if (*run != SIZE_MAX)
        care_buf_append(&n->out, n->in + *run, to - *run);
    *run = SIZE_MAX;
}

/* Skip the ASCII spaces at input byte i (they map to the next output byte). */
static size_t skip_spaces(normaliser *n, size_t i)
{
    size_t j = i;
    while (j < n->len && is_ascii_space((unsigned char)n->in[j]))
        j++;
    for (size_t k = i; n->map && k < j; k++)
        n->map[k] = n->out.len;
    return j;
}

static void run_normaliser(normaliser *n)
{
    bool in_quote = false;
    size_t run = SIZE_MAX; /* start of the plain characters not written yet */
    for (size_t i = 0; i < n->len;) {
        size_t at = i;
        if (n->map == NULL && care_utf8_is_unified_han(n->in, i)) { /* plain, as below */
            run = run == SIZE_MAX ? at : run;
            i += 3;
            continue;
        }
        uint32_t cp = care_utf8_next(n->in, n->len, &i);
        if (is_plain(cp)) { /* written later with its run, at the offset it will have */
            run = run == SIZE_MAX ? at : run;
            for (size_t k = at; n->map && k < i; k++)
                n->map[k] = n->out.len + (at - run);
            continue;
        }
        flush_plain(n, &run, at);
        const char *wide = NULL;
        if (cp == '"' && n->quote_pair[at]) {
            wide = n->traditional ? (in_quote ? "\xE3\x80\x8D" : "\xE3\x80\x8C")  /* 」「 */
                                  : (in_quote ? "\xE2\x80\x9D" : "\xE2\x80\x9C"); /* ”“ */
            in_quote = !in_quote;
        } else if (cp < 0x80) {
            wide = convert(n, at, cp);
        }
        if (!wide) {
            if (is_fullwidth_mark(cp))
                trim_written_spaces(n);
            emit(n, at, i, n->in + at, i - at);
            if (is_fullwidth_mark(cp))
                i = skip_spaces(n, i);
            continue;
        }
        if (cp != '"' && (cp != '(' || han_context(prev_written(n))))
            trim_written_spaces(n);
        emit(n, at, i, wide, strlen(wide));
        if (cp != '"')
            i = skip_spaces(n, i);
    }
    flush_plain(n, &run, n->len);
    if (n->map)
        n->map[n->len] = n->out.len;
}

/* Move the style spans onto the normalised text; empty ones go. */
static void remap_spans(care_block *b, const size_t *map)
{
    size_t out = 0;
    for (size_t i = 0; i < b->span_count; i++) {
        care_span s = {map[b->spans[i].start], map[b->spans[i].end], b->spans[i].style};
        if (s.end > s.start)
            b->spans[out++] = s;
    }
    b->span_count = out;
}

/** Could the normaliser change s[0..n)? Not without a quote, an ASCII mark
 *  that may widen, or a space that may go. */
static bool may_change(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '"': case ',': case ':': case ';': case '?': case '!': case '(': case ')':
        case ' ': case '\t':
            return true;
        default:
            break;
        }
    }
    return false;
}

/** Drop the empty style spans (what remap_spans does when nothing moves). */
static void drop_empty_spans(care_block *b)
{
    size_t out = 0;
    for (size_t i = 0; i < b->span_count; i++)
        if (b->spans[i].end > b->spans[i].start)
            b->spans[out++] = b->spans[i];
    b->span_count = out;
}

care_status care_normalize_punctuation(care_block *b, bool traditional, care_error *err)
{
    if (!may_change(b->text, b->text_len)) {
        drop_empty_spans(b);
        return CARE_OK;
    }
    normaliser n = {.in = b->text, .len = b->text_len, .traditional = traditional};
    n.map = b->span_count ? care_calloc(b->text_len + 1, sizeof *n.map) : NULL;
    n.quote_pair = care_calloc(b->text_len + 1, sizeof *n.quote_pair);
    if ((b->span_count && !n.map) || !n.quote_pair) {
        free(n.map);
        free(n.quote_pair);
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory normalising punctuation");
    }
    find_quote_pairs(&n);
    run_normaliser(&n);
    care_buf_append(&n.out, "", 1);
    care_status st = CARE_OK;
    if (n.out.failed) {
        st = care_fail(err, CARE_ERR_NO_MEMORY, "out of memory normalising punctuation");
        care_buf_free(&n.out);
    } else {
        if (n.map)
            remap_spans(b, n.map);
        free(b->text);
        b->text = n.out.data;
        b->text_len = n.out.len - 1;
    }
    free(n.map);
    free(n.quote_pair);
    return st;
}
