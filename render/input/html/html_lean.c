#define _GNU_SOURCE /* memmem */
/*
 * The lean copy of a page that libxml2 parses: the page without the text of
 * its <script> and <style> elements (JSON-LD scripts kept: html_meta.c reads
 * them) and without the attributes the extraction never reads (onclick,
 * data-*, title, target, ...). On a portal page that is a fifth of the bytes
 * and most of the attribute values libxml2 would copy, decode and free.
 *
 * The parse of the lean copy must give the same tree as the page's, less
 * those texts and attributes. So the copy is cut by a small tokenizer that
 * follows libxml2 2.9.14's HTMLparser.c wherever it decides what is markup:
 * the prolog and content loop (htmlParseDocument, htmlParseContentInternal),
 * start tags and their attributes (htmlParseStartTag, htmlParseHTMLName,
 * htmlParseAttValue: names cut at 100 characters, bogus attributes dumped up
 * to a blank), end tags, comments (closed by "-->" or "--!>", or running to the
 * end), processing instructions, DOCTYPE with its literals, and script/style
 * text (recovery mode: it ends at the first "</script", any case, and a
 * "</scriptx" there is no end). Text and references need no reading: they
 * never swallow a '<'. Where the page does what the tokenizer does not follow
 * (a text that starts with an end tag or a closing start tag, a "</scriptx",
 * a non-ASCII name in a DOCTYPE or PI, a NUL byte), the rest of the page is
 * copied as it is: what is left in is never wrong, only slower.
 */
#include "input/html/html.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/** libxml2's HTML_PARSER_BUFFER_SIZE: tag and attribute names longer than
 *  this are cut, and the rest is read as the next attribute's name. */
#define NAME_MAX_LEN 100
/** Attribute cuts remembered per tag; attributes past these stay in. */
#define MAX_CUTS 32
/** "The tokenizer does not follow what libxml2 does here." */
#define STOP SIZE_MAX

/** Every attribute the extraction reads (care_html_attr, xmlGetProp). */
static const char *const READ_ATTRS[] = {
    "alt",      "aria-hidden", "class",         "content", "data-lazy-src", "data-original",
    "data-src", "data-srcset", "height",        "hidden",  "href",          "id",
    "itemprop", "lang",        "name",          "property", "rel",          "role",
    "src",      "srcset",      "start",         "style",   "type",          "width",
    NULL};

bool care_html_reads_attr(const char *name)
{
    for (size_t i = 0; READ_ATTRS[i] != NULL; i++)
        if (name[0] == READ_ATTRS[i][0] && strcmp(name, READ_ATTRS[i]) == 0)
            return true;
    return false;
}

typedef struct lean {
    const char *s;
    size_t len;
    char *out;
    size_t out_len;
    size_t from; /* the first byte of s not yet copied or cut */
} lean;

/** The byte at i, 0 past the end (libxml2's buffer is NUL-terminated). */
static unsigned char at(const lean *l, size_t i)
{
    return i < l->len ? (unsigned char)l->s[i] : 0;
}

/** Leave out [a, b) (a >= l->from). */
static void cut(lean *l, size_t a, size_t b)
{
    memcpy(l->out + l->out_len, l->s + l->from, a - l->from);
    l->out_len += a - l->from;
    l->from = b;
}

static bool is_blank(unsigned char c) /* IS_BLANK_CH */
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_letter(unsigned char c) /* IS_ASCII_LETTER */
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/** A character of htmlParseHTMLName's names. */
static bool is_html_name_char(unsigned char c)
{
    return is_letter(c) || is_digit(c) || c == ':' || c == '-' || c == '_' || c == '.';
}

static size_t skip_blanks(const lean *l, size_t p)
{
    while (is_blank(at(l, p)))
        p++;
    return p;
}

/** htmlParseHTMLName at p: the name lower-cased into name (at most
 *  NAME_MAX_LEN characters); returns its end, p when there is none. */
static size_t html_name(const lean *l, size_t p, char name[NAME_MAX_LEN + 1])
{
    size_t n = 0;
    unsigned char c = at(l, p);
    if (!is_letter(c) && c != '_' && c != ':' && c != '.') {
        name[0] = '\0';
        return p;
    }
    while (n < NAME_MAX_LEN && is_html_name_char(c = at(l, p))) {
        name[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 0x20 : c);
        p++;
    }
    name[n] = '\0';
    return p;
}

/** htmlParseName (PI targets, DOCTYPE names) at p: its end (p when there is
 *  none), or STOP where libxml2 would read a non-ASCII name. */
static size_t xml_name(const lean *l, size_t p)
{
    unsigned char c = at(l, p);
    if (c >= 0x80)
        return STOP;
    if (!is_letter(c) && c != '_' && c != ':')
        return p;
    while (is_html_name_char(at(l, p)))
        p++;
    return at(l, p) >= 0x80 ? STOP : p;
}

/** Past the next '>' at or after p, or the end. */
static size_t past_gt(const lean *l, size_t p)
{
    const char *q = p < l->len ? memchr(l->s + p, '>', l->len - p) : NULL;
    return q != NULL ? (size_t)(q - l->s) + 1 : l->len;
}

/** Past a quoted literal or value at p (its quote at p), or the end. */
static size_t past_quoted(const lean *l, size_t p)
{
    const char *q = p + 1 < l->len ? memchr(l->s + p + 1, l->s[p], l->len - p - 1) : NULL;
    return q != NULL ? (size_t)(q - l->s) + 1 : l->len;
}

/** htmlParseAttValue at p: the value's end. */
static size_t att_value_end(const lean *l, size_t p)
{
    if (at(l, p) == '"' || at(l, p) == '\'')
        return past_quoted(l, p);
    while (p < l->len && !is_blank(at(l, p)) && at(l, p) != '>')
        p++;
    return p;
}

/** Does s[p..) start with the lower-case ASCII word w, in any case? */
static bool starts_ci(const lean *l, size_t p, const char *w)
{
    for (; *w != '\0'; w++, p++)
        if ((at(l, p) | 0x20) != (unsigned char)*w)
            return false;
    return true;
}

/** A start tag: its name, end, whether its text may be JSON-LD, and the
 *  attributes to leave out. */
typedef struct start_tag {
    char name[NAME_MAX_LEN + 1];
    size_t end;   /* past '>' or "/>"; the page's end when it never ends */
    bool opens;   /* ended by '>': an element that holds what follows */
    bool json_ld; /* its first type attribute may read application/ld+json */
    size_t cuts[MAX_CUTS][2];
    size_t ncuts;
} start_tag;

/** After html_meta.c's strcmp on the decoded value: the raw value says it,
 *  or holds a reference that might. */
static bool may_be_json_ld(const lean *l, size_t v, size_t end)
{
    if (at(l, v) == '"' || at(l, v) == '\'') {
        v++;
        end -= end > v && at(l, end - 1) == at(l, v - 1);
    }
    static const char want[] = "application/ld+json";
    return memchr(l->s + v, '&', end - v) != NULL ||
           (end - v == sizeof want - 1 && memcmp(l->s + v, want, end - v) == 0);
}

/** One attribute at p (htmlParseAttribute, or the bogus-attribute dump);
 *  returns where it ends. */
static size_t read_attribute(const lean *l, size_t p, start_tag *t, bool *typed)
{
    char name[NAME_MAX_LEN + 1];
    size_t e = html_name(l, p, name);
    if (e == p) { /* no name: dumped up to a blank or the tag's end */
        while (p < l->len && !is_blank(at(l, p)) && at(l, p) != '>' &&
               (at(l, p) != '/' || at(l, p + 1) != '>'))
            p++;
        return p;
    }
    size_t v = skip_blanks(l, e), end = e;
    if (at(l, v) == '=') {
        v = skip_blanks(l, v + 1);
        end = att_value_end(l, v);
    }
    if (!*typed && strcmp(name, "type") == 0) {
        *typed = true;
        t->json_ld = end > e && may_be_json_ld(l, v, end);
    }
    /* a '=' after it would become the value of an attribute before it that has none */
    if (!care_html_reads_attr(name) && t->ncuts < MAX_CUTS && at(l, skip_blanks(l, end)) != '=') {
        t->cuts[t->ncuts][0] = p;
        t->cuts[t->ncuts++][1] = end;
    }
    return end > e ? end : v;
}

/** htmlParseStartTag and the end check of htmlParseElementInternal, at the
 *  '<' at p (a letter after it). */
static void read_start_tag(const lean *l, size_t p, start_tag *t)
{
    bool typed = false;
    t->ncuts = 0;
    t->json_ld = false;
    p = skip_blanks(l, html_name(l, p + 1, t->name));
    while (p < l->len && at(l, p) != '>' && (at(l, p) != '/' || at(l, p + 1) != '>'))
        p = skip_blanks(l, read_attribute(l, p, t, &typed));
    t->opens = at(l, p) == '>';
    t->end = p >= l->len ? l->len : p + (t->opens ? 1 : 2);
    if (p >= l->len)
        t->ncuts = 0; /* never ended: left alone */
}

/** Does "</name" at p end an element named name (htmlParseEndTag reads
 *  exactly that name)? */
static bool closes(const lean *l, size_t p, const char *name)
{
    size_t n = strlen(name);
    return at(l, p) == '<' && at(l, p + 1) == '/' && starts_ci(l, p + 2, name) &&
           !is_html_name_char(at(l, p + 2 + n));
}

/** Does a start tag at p close the script or style element `name` at once
 *  (htmlStartClose: noscript closes script; body and frameset close style)? */
static bool start_closes(const lean *l, size_t p, const char *name)
{
    char next[NAME_MAX_LEN + 1];
    size_t n = 0;
    unsigned char c;
    while (n < NAME_MAX_LEN && (is_letter(c = at(l, p + 1 + n)) || is_digit(c) || c == ':' ||
                                c == '-' || c == '_'))
        next[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 0x20 : c);
    next[n] = '\0';
    if (strcmp(name, "script") == 0)
        return strcmp(next, "noscript") == 0;
    return strcmp(next, "body") == 0 || strcmp(next, "frameset") == 0;
}

/** The end of the text of the script or style element `name` that starts at
 *  b (htmlParseScript in recovery mode), or STOP. */
static size_t raw_text_end(const lean *l, size_t b, const char *name)
{
    unsigned char c = at(l, b + 1);
    if (at(l, b) == '<' && c == '/')
        return closes(l, b, name) ? b : STOP; /* an end tag read as markup */
    if (at(l, b) == '<' && (is_letter(c) || c == '_' || c == ':') && start_closes(l, b, name))
        return STOP;
    size_t n = strlen(name);
    for (size_t p = b; p < l->len; p++) {
        const char *q = memchr(l->s + p, '<', l->len - p);
        if (q == NULL)
            break;
        p = (size_t)(q - l->s);
        if (at(l, p + 1) == '/' && starts_ci(l, p + 2, name))
            return is_html_name_char(at(l, p + 2 + n)) ? STOP : p;
    }
    return l->len; /* runs to the end of the page */
}

/** A start tag at p: its attribute cuts, and the text of a script or style
 *  element; returns where reading goes on, or STOP. */
static size_t lean_element(lean *l, size_t p)
{
    start_tag t;
    read_start_tag(l, p, &t);
    for (size_t i = 0; i < t.ncuts; i++)
        cut(l, t.cuts[i][0], t.cuts[i][1]);
    bool script = strcmp(t.name, "script") == 0;
    if (!t.opens || (!script && strcmp(t.name, "style") != 0))
        return t.end;
    size_t end = raw_text_end(l, t.end, t.name);
    if (end != STOP && end > t.end && !(script && t.json_ld))
        cut(l, t.end, end);
    return end;
}

/** A comment at p ("<!--"): past "-->" or "--!>" (htmlParseComment), or the end. */
static size_t comment_end(const lean *l, size_t p)
{
    for (p += 4; p < l->len; p++) {
        const char *d = memmem(l->s + p, l->len - p, "--", 2);
        if (d == NULL)
            break;
        p = (size_t)(d - l->s);
        if (at(l, p + 2) == '>')
            return p + 3;
        if (at(l, p + 2) == '!' && at(l, p + 3) == '>')
            return p + 4;
    }
    return l->len;
}

/** A processing instruction at p ("<?"): where htmlParsePI stops, or STOP. */
static size_t pi_end(const lean *l, size_t p)
{
    size_t e = xml_name(l, p + 2);
    if (e == STOP)
        return STOP;
    return e == p + 2 || e >= l->len ? p + 2 : past_gt(l, e);
}

/** A DOCTYPE public or system literal at p, if any (htmlParseSystemLiteral). */
static size_t literal_end(const lean *l, size_t p)
{
    return at(l, p) == '"' || at(l, p) == '\'' ? past_quoted(l, p) : p;
}

/** "<!DOCTYPE" at p: where htmlParseDocTypeDecl stops, or STOP. */
static size_t doctype_end(const lean *l, size_t p)
{
    p = xml_name(l, skip_blanks(l, p + 9));
    if (p == STOP)
        return STOP;
    p = skip_blanks(l, p);
    bool system = starts_ci(l, p, "system"), public = starts_ci(l, p, "public");
    if ((system && memcmp(l->s + p, "SYSTEM", 6) != 0) ||
        (public && memcmp(l->s + p, "PUBLIC", 6) != 0))
        return STOP; /* toupper() decides: leave it to the locale-free case */
    if (system || public)
        p = literal_end(l, skip_blanks(l, p + 6));
    if (public)
        p = literal_end(l, skip_blanks(l, p));
    return past_gt(l, skip_blanks(l, p));
}

/** Is there "<!DOCTYPE" at p, in any case? 1 yes, 0 no, -1 when a byte
 *  there is not ASCII (libxml2 compares toupper() of it: the locale's call). */
static int doctype_at(const lean *l, size_t p)
{
    if (at(l, p) != '<' || at(l, p + 1) != '!')
        return 0;
    int found = 1;
    for (size_t i = 0; i < 7; i++) {
        unsigned char c = at(l, p + 2 + i);
        if (c >= 0x80)
            found = -1;
        else if ((c | 0x20) != (unsigned char)"doctype"[i])
            return 0;
    }
    return found;
}

/** A comment, PI, start tag or a '<' of text at p; returns where reading
 *  goes on, or STOP. */
static size_t lean_markup(lean *l, size_t p)
{
    unsigned char c = at(l, p + 1);
    if (c == '!' && at(l, p + 2) == '-' && at(l, p + 3) == '-')
        return comment_end(l, p);
    if (c == '?')
        return pi_end(l, p);
    if (is_letter(c))
        return lean_element(l, p);
    return p + 1;
}

/** htmlParseEndTag at p ("</"): past it. */
static size_t end_tag_end(const lean *l, size_t p)
{
    char name[NAME_MAX_LEN + 1];
    size_t e = html_name(l, p + 2, name);
    if (e == p + 2)
        return p + 2; /* no name: only "</" is read */
    e = skip_blanks(l, e);
    return at(l, e) == '>' ? e + 1 : past_gt(l, e);
}

/** Comments and PIs of the prolog from p, each followed by blanks. */
static size_t prolog_misc(const lean *l, size_t p)
{
    while (p != STOP && at(l, p) == '<' &&
           ((at(l, p + 1) == '!' && at(l, p + 2) == '-' && at(l, p + 3) == '-') ||
            at(l, p + 1) == '?')) {
        p = at(l, p + 1) == '?' ? pi_end(l, p) : comment_end(l, p);
        p = p == STOP ? STOP : skip_blanks(l, p);
    }
    return p;
}

/** htmlParseDocument's prolog: blanks, comments and PIs, a DOCTYPE, more of
 *  them. Before it a UTF-8 BOM, which libxml2 skips when it switches to
 *  UTF-8 (a page that had two BOMs still starts with one once decoded). */
static size_t prolog(const lean *l)
{
    size_t bom = at(l, 0) == 0xEF && at(l, 1) == 0xBB && at(l, 2) == 0xBF ? 3 : 0;
    size_t p = prolog_misc(l, skip_blanks(l, bom));
    int doctype = p == STOP ? 0 : doctype_at(l, p);
    if (doctype < 0)
        return STOP;
    if (doctype > 0)
        p = doctype_end(l, p);
    return p == STOP ? STOP : prolog_misc(l, skip_blanks(l, p));
}

/** libxml2 hands text of fewer than HTML_PARSER_BIG_BUFFER_SIZE bytes to
 *  its tree builder in one piece. */
#define ONE_PIECE 999

/** Blanks from p (just after markup) up to the next '<': one of them stays,
 *  a line break when there is one. libxml2 keeps or drops such a text by its
 *  neighbours alone, and every reader of the tree collapses a run of white
 *  space, telling only whether it breaks a line (html_blocks.c put_text). */
static void collapse_blanks(lean *l, size_t p)
{
    size_t r = p, keep = p;
    bool line = false;
    for (; r - p <= ONE_PIECE && is_blank(at(l, r)); r++) {
        if (!line && (at(l, r) == '\n' || at(l, r) == '\r'))
            keep = r;
        line |= at(l, r) == '\n' || at(l, r) == '\r';
    }
    if (at(l, r) != '<' || r - p < 2 || r - p > ONE_PIECE)
        return;
    cut(l, p, keep);
    cut(l, keep + 1, r);
}

/** htmlParseContentInternal's loop over the markup. Right after a DOCTYPE in
 *  content (`bare_at`) it reads no end tag or DOCTYPE: '<' is text there. */
static void lean_page(lean *l)
{
    size_t p = prolog(l), bare_at = STOP;
    while (p < l->len) { /* STOP too ends it */
        const char *q = memchr(l->s + p, '<', l->len - p);
        if (q == NULL)
            break;
        p = (size_t)(q - l->s);
        int doctype = p == bare_at ? 0 : doctype_at(l, p);
        size_t text_lt = p + 1; /* where a '<' of text would end */
        if (p != bare_at && at(l, p + 1) == '/') {
            p = end_tag_end(l, p);
        } else if (doctype != 0) {
            p = doctype < 0 ? STOP : doctype_end(l, p);
            bare_at = p;
        } else {
            p = lean_markup(l, p);
        }
        if (p < l->len && p != text_lt)
            collapse_blanks(l, p);
    }
}

char *care_html_lean(const char *text, size_t len, size_t *out_len)
{
    lean l = {.s = text, .len = len, .out = malloc(len + 1)};
    if (l.out == NULL)
        return NULL;
    if (memchr(text, '\0', len) == NULL) /* NUL: libxml2's own rules, not followed */
        lean_page(&l);
    cut(&l, len, len);
    l.out[l.out_len] = '\0';
    *out_len = l.out_len;
    return l.out;
}
