/* Collected text with style spans, and the blocks it becomes (collector.h). */
#include "common/text.h"
#include "input/collector.h"
#include "input/figure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void care_collector_put(care_collector *c, const char *s, size_t n)
{
    size_t at = c->text.len;
    care_buf_append(&c->text, s, n);
    if (c->text.failed) {
        c->failed = true;
        return;
    }
    care_span *last = c->nspans ? &c->spans[c->nspans - 1] : NULL;
    if (last && last->style == c->style && last->end == at) {
        last->end += n;
        return;
    }
    care_span *v = care_grow_array(c->spans, c->nspans, &c->cap_spans, 16, sizeof *v);
    if (v == NULL) {
        c->failed = true;
        return;
    }
    c->spans = v;
    c->spans[c->nspans++] = (care_span){at, at + n, c->style};
}

uint32_t care_collector_last_cp(const care_collector *c)
{
    size_t i = c->text.len;
    if (i == 0)
        return 0;
    while (i > 0 && ((unsigned char)c->text.data[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0)
        i--;
    return care_utf8_next(c->text.data, c->text.len, &i);
}

bool care_collector_space_before(const care_collector *c, uint32_t next)
{
    return c->text.len > 0 && !(care_is_cjk(care_collector_last_cp(c)) && care_is_cjk(next));
}

void care_collector_reset(care_collector *c)
{
    c->text.len = 0;
    if (c->text.data)
        c->text.data[0] = '\0';
    c->nspans = 0;
}

void care_collector_free(care_collector *c)
{
    care_buf_free(&c->text);
    free(c->spans);
}

static care_block *push_block(care_document *doc)
{
    care_block *v = care_grow_array(doc->blocks, doc->count, &doc->cap, 16, sizeof *v);
    if (v == NULL)
        return NULL;
    doc->blocks = v;
    care_block *blk = &doc->blocks[doc->count++];
    memset(blk, 0, sizeof *blk);
    return blk;
}

/* Give blk the spans clipped to [a, e) and rebased to a, equal neighbours
 * merged; false when memory runs out. */
static bool clip_spans(const care_span *spans, size_t count, size_t a, size_t e, care_block *blk)
{
    blk->spans = care_calloc(count ? count : 1, sizeof *blk->spans);
    if (blk->spans == NULL)
        return false;
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        size_t lo = spans[i].start > a ? spans[i].start : a;
        size_t hi = spans[i].end < e ? spans[i].end : e;
        if (lo >= hi)
            continue;
        care_span *prev = n ? &blk->spans[n - 1] : NULL;
        if (prev && prev->style == spans[i].style && prev->end == lo - a)
            prev->end = hi - a;
        else
            blk->spans[n++] = (care_span){lo - a, hi - a, spans[i].style};
    }
    blk->span_count = n;
    return true;
}

/* Bytes of white space (ASCII blank, U+00A0, U+3000) at the start of s[0..n)
 * (or, from_end, at its end). */
static size_t edge_space(const char *s, size_t n, bool from_end)
{
    static const struct { const char *bytes; size_t len; } SPACES[] = {
        {" ", 1}, {"\t", 1}, {"\n", 1}, {"\r", 1}, {"\xC2\xA0", 2}, {"\xE3\x80\x80", 3}};
    for (size_t k = 0; k < sizeof SPACES / sizeof *SPACES; k++) {
        size_t len = SPACES[k].len;
        if (n >= len && memcmp(from_end ? s + n - len : s, SPACES[k].bytes, len) == 0)
            return len;
    }
    return 0;
}

/* [*a, *e) without the white space at its ends. */
static void trim(const char *t, size_t *a, size_t *e)
{
    size_t k;
    while (*a < *e && (k = edge_space(t + *a, *e - *a, false)) > 0)
        *a += k;
    while (*e > *a && (k = edge_space(t + *a, *e - *a, true)) > 0)
        *e -= k;
}

bool care_collector_is_file_name(const care_collector *c)
{
    size_t a = 0, e = c->text.len;
    if (e == 0)
        return false;
    trim(c->text.data, &a, &e);
    return care_text_is_file_name(c->text.data + a, e - a);
}

care_status care_collector_emit_figure(care_document *doc, const care_collector *c, size_t a,
                                       size_t e, struct care_figure *fig, care_block **out)
{
    *out = NULL;
    const char *t = c->text.data ? c->text.data : "";
    trim(t, &a, &e);
    if (care_text_is_file_name(t + a, e - a))
        e = a;
    care_block *blk = push_block(doc);
    if (blk == NULL) {
        care_figure_free(fig);
        return CARE_ERR_NO_MEMORY;
    }
    blk->kind = CARE_BLOCK_FIGURE;
    blk->figure = fig;
    blk->text = care_strndup(t + a, e - a);
    if (blk->text == NULL || !clip_spans(c->spans, c->nspans, a, e, blk))
        return CARE_ERR_NO_MEMORY;
    blk->text_len = e - a;
    *out = blk;
    return CARE_OK;
}

care_status care_collector_emit(care_document *doc, const care_collector *c, size_t a, size_t e,
                                care_block_spec spec, care_block **out)
{
    *out = NULL;
    const char *t = c->text.data;
    trim(t, &a, &e);
    if (a == e)
        return CARE_OK;
    care_block *blk = push_block(doc);
    if (blk == NULL)
        return CARE_ERR_NO_MEMORY;
    blk->kind = spec.kind;
    blk->level = spec.level;
    if (spec.marker)
        snprintf(blk->marker, sizeof blk->marker, "%s", spec.marker);
    blk->text = care_strndup(t + a, e - a);
    if (blk->text == NULL || !clip_spans(c->spans, c->nspans, a, e, blk))
        return CARE_ERR_NO_MEMORY;
    blk->text_len = e - a;
    *out = blk;
    return CARE_OK;
}
