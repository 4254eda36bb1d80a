/* CJK-friendly emphasis: literal '*' runs md4c left in a block, paired by
 * CommonMark's "process emphasis" procedure (spec 0.31.2 §6.2 and appendix)
 * with the markdown-cjk-friendly amendment's flanking rules. */
#include "input/md_emphasis.h"
#include "common/text.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

void care_stars_note(care_star_list *l, const builder *b, size_t from, bool escaped)
{
    for (size_t i = from; i < b->col.text.len && !l->failed; i++) {
        if (b->col.text.data[i] != '*')
            continue;
        if (escaped) {
            escaped = false; /* "\*": a literal asterisk */
            continue;
        }
        size_t *v = care_grow_array(l->pos, l->n, &l->cap, 16, sizeof *v);
        if (v == NULL) {
            l->failed = true;
            return;
        }
        l->pos = v;
        l->pos[l->n++] = i;
    }
}

void care_stars_free(care_star_list *l)
{
    free(l->pos);
    memset(l, 0, sizeof *l);
}

/* ---------- character classes (CommonMark 0.31.2 §2.1, amendment §2.1) ---------- */

/** Unicode whitespace; 0 stands for the start or end of the block. */
static bool is_ws(UChar32 cp)
{
    return cp == 0 || cp == '\t' || cp == '\n' || cp == '\f' || cp == '\r' ||
           u_charType(cp) == U_SPACE_SEPARATOR;
}

static bool is_punct(UChar32 cp)
{
    return cp != 0 && (U_GET_GC_MASK(cp) & (U_GC_P_MASK | U_GC_S_MASK)) != 0;
}

/** CJK: East Asian Width W, F or H and not an emoji, or Hangul. */
static bool is_cjk(UChar32 cp)
{
    if (cp == 0)
        return false;
    UErrorCode e = U_ZERO_ERROR;
    if (uscript_getScript(cp, &e) == USCRIPT_HANGUL)
        return true;
    int w = u_getIntPropertyValue(cp, UCHAR_EAST_ASIAN_WIDTH);
    return (w == U_EA_WIDE || w == U_EA_FULLWIDTH || w == U_EA_HALFWIDTH) &&
           !u_hasBinaryProperty(cp, UCHAR_EMOJI_PRESENTATION);
}

static bool non_cjk_punct(UChar32 cp)
{
    return is_punct(cp) && !is_cjk(cp);
}

/** Amended left-flanking: not before white space, and either not before non-CJK
 *  punctuation or after white space, non-CJK punctuation or a CJK character. */
static bool left_flanking(UChar32 before, UChar32 after)
{
    return !is_ws(after) &&
           (!non_cjk_punct(after) || is_ws(before) || non_cjk_punct(before) || is_cjk(before));
}

/** Amended right-flanking, the mirror image. */
static bool right_flanking(UChar32 before, UChar32 after)
{
    return !is_ws(before) &&
           (!non_cjk_punct(before) || is_ws(after) || non_cjk_punct(after) || is_cjk(after));
}

/* ---------- pairing ---------- */

typedef struct star_run {
    size_t a, e;       /* unused delimiters [a, e) in the text */
    size_t length;     /* the run's length as written */
    bool open, close;  /* can open / can close */
} star_run;

typedef struct star_pair {
    size_t open_at, close_at, n; /* delimiters [open_at, +n) and [close_at, +n) */
} star_pair;

/** The code point before byte i of s (0 at the start). */
static UChar32 cp_before(const char *s, size_t i)
{
    if (i == 0)
        return 0;
    size_t k = i - 1;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    return (UChar32)care_utf8_next(s, i, &k);
}

static UChar32 cp_at(const char *s, size_t len, size_t i)
{
    return i < len ? (UChar32)care_utf8_next(s, len, &i) : 0;
}

/** Group the noted positions into runs (adjacent asterisks) and classify them. */
static size_t make_runs(const care_star_list *l, const builder *b, star_run *runs)
{
    const char *s = b->col.text.data;
    size_t len = b->col.text.len, n = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (n > 0 && runs[n - 1].e == l->pos[i]) {
            runs[n - 1].e++;
            continue;
        }
        runs[n++] = (star_run){.a = l->pos[i], .e = l->pos[i] + 1};
    }
    for (size_t i = 0; i < n; i++) {
        UChar32 before = cp_before(s, runs[i].a), after = cp_at(s, len, runs[i].e);
        runs[i].length = runs[i].e - runs[i].a;
        runs[i].open = left_flanking(before, after);
        runs[i].close = right_flanking(before, after);
    }
    return n;
}

/** CommonMark's rule of 3: a run that can both open and close pairs with another
 *  only when their lengths' sum is not a multiple of 3 (unless both are). */
static bool rule_of_three_forbids(const star_run *opener, const star_run *closer)
{
    return (opener->close || closer->open) && (opener->length + closer->length) % 3 == 0 &&
           !(opener->length % 3 == 0 && closer->length % 3 == 0);
}

/** Pair the runs; returns the pairs found (at most as many as runs' asterisks / 2). */
static size_t pair_runs(star_run *runs, size_t n, star_pair *pairs)
{
    size_t np = 0;
    for (size_t i = 0; i < n; i++) {
        while (runs[i].close && runs[i].e > runs[i].a) {
            size_t j = i;
            while (j-- > 0)
                if (runs[j].open && runs[j].e > runs[j].a &&
                    !rule_of_three_forbids(&runs[j], &runs[i]))
                    break;
            if (j == SIZE_MAX)
                break;
            size_t use = runs[j].e - runs[j].a >= 2 && runs[i].e - runs[i].a >= 2 ? 2 : 1;
            runs[j].e -= use;
            pairs[np++] = (star_pair){runs[j].e, runs[i].a, use};
            runs[i].a += use;
            for (size_t k = j + 1; k < i; k++)
                runs[k].open = runs[k].close = false; /* inside the pair: literal */
        }
    }
    return np;
}

/* ---------- editing the collected text ---------- */

/** Split the span containing x so that a span starts at x. */
static bool split_span_at(care_collector *c, size_t x)
{
    for (size_t i = 0; i < c->nspans; i++) {
        care_span *sp = &c->spans[i];
        if (!(sp->start < x && x < sp->end))
            continue;
        care_span *v = care_grow_array(c->spans, c->nspans, &c->cap_spans, 8, sizeof *v);
        if (v == NULL)
            return false;
        c->spans = v;
        memmove(&c->spans[i + 2], &c->spans[i + 1], (c->nspans - i - 1) * sizeof *c->spans);
        c->spans[i + 1] = (care_span){x, c->spans[i].end, c->spans[i].style};
        c->spans[i].end = x;
        c->nspans++;
        return true;
    }
    return true;
}

static bool restyle(care_collector *c, size_t a, size_t e, unsigned bits)
{
    if (!split_span_at(c, a) || !split_span_at(c, e))
        return false;
    for (size_t i = 0; i < c->nspans; i++)
        if (c->spans[i].start >= a && c->spans[i].end <= e)
            c->spans[i].style |= bits;
    return true;
}

static size_t shift(size_t x, size_t at)
{
    return x > at ? x - 1 : x;
}

/** Remove the byte at `at` (an asterisk) from the text, its spans and segments. */
static void cut_byte(builder *b, size_t at)
{
    care_collector *c = &b->col;
    memmove(c->text.data + at, c->text.data + at + 1, c->text.len - at - 1);
    c->text.len--;
    c->text.data[c->text.len] = '\0';
    size_t kept = 0;
    for (size_t i = 0; i < c->nspans; i++) {
        care_span sp = {shift(c->spans[i].start, at), shift(c->spans[i].end, at), c->spans[i].style};
        if (sp.end > sp.start)
            c->spans[kept++] = sp;
    }
    c->nspans = kept;
    seg_list *lists[2] = {&b->lines, &b->images};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < lists[k]->n; i++) {
            segment *g = &lists[k]->v[i];
            g->buf_start = shift(g->buf_start, at);
            g->buf_end = shift(g->buf_end, at);
        }
}

static int compare_desc(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return a < b ? 1 : a > b ? -1 : 0;
}

care_status care_stars_resolve(care_star_list *l, builder *b)
{
    if (l->failed)
        return CARE_ERR_NO_MEMORY;
    if (l->n < 2 || b->col.failed) {
        l->n = 0;
        return CARE_OK;
    }
    star_run *runs = care_realloc_array(NULL, l->n, sizeof *runs);
    star_pair *pairs = care_realloc_array(NULL, l->n, sizeof *pairs);
    care_status st = runs && pairs ? CARE_OK : CARE_ERR_NO_MEMORY;
    size_t np = st == CARE_OK ? pair_runs(runs, make_runs(l, b, runs), pairs) : 0;
    size_t ncut = 0;
    for (size_t i = 0; i < np && st == CARE_OK; i++) {
        unsigned bits = pairs[i].n == 2 ? CARE_STYLE_BOLD : CARE_STYLE_EM;
        if (!restyle(&b->col, pairs[i].open_at + pairs[i].n, pairs[i].close_at, bits))
            st = CARE_ERR_NO_MEMORY;
        for (size_t k = 0; k < pairs[i].n; k++) { /* reuse l->pos for the bytes to cut */
            l->pos[ncut++] = pairs[i].open_at + k;
            l->pos[ncut++] = pairs[i].close_at + k;
        }
    }
    qsort(l->pos, ncut, sizeof *l->pos, compare_desc);
    for (size_t i = 0; i < ncut && st == CARE_OK; i++)
        cut_byte(b, l->pos[i]);
    free(runs);
    free(pairs);
    l->n = 0;
    return st;
}
