/* Line breaking: ICU (UAX #14) opportunities over the whole paragraph, the
 * Chinese strict rules (clreq §3.1.7 避头尾), and greedy line fitting. */
#include "paragraph.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uloc.h>

/* clreq §3.1.7 and GB/T 15834: closing brackets and quotes, stops, commas,
 * colons, dashes, ellipses, middle dots, iteration marks and small kana. */
static const uint32_t LINE_START_FORBIDDEN[] = {
    0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF01, 0x203C, 0x2047, 0x2048,
    0x2049, 0xFF09, 0xFF3D, 0xFF5D, 0x3015, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3019,
    0x3017, 0x301F, 0x2019, 0x201D, 0xFF60, 0x00BB, 0x2026, 0x2025, 0x22EF, 0x30FB, 0x00B7,
    0x2013, 0x2014, 0x2015, 0xFF5E, 0x007E, 0x30FD, 0x30FE, 0x309D, 0x309E, 0x3005, 0x303B,
    0x30FC, 0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308E,
    0x3095, 0x3096, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7,
    0x30EE, 0x30F5, 0x30F6, 0x002C, 0x002E, 0x003A, 0x003B, 0x003F, 0x0021, 0x0029, 0x005D,
    0x007D, 0x0025, 0x2030, 0x2103, 0xFF05, 0x2E3A,
};

/* Opening brackets and quotes never end a line. */
static const uint32_t LINE_END_FORBIDDEN[] = {
    0xFF08, 0xFF3B, 0xFF5B, 0x3014, 0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x3018, 0x3016,
    0x301D, 0x2018, 0x201C, 0xFF5F, 0x00AB, 0x0028, 0x005B, 0x007B,
};

static bool in_list(const uint32_t *list, size_t n, uint32_t cp)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == cp)
            return true;
    return false;
}

bool care_forbidden_at_line_start(uint32_t cp)
{
    return (cp >= 0x31F0 && cp <= 0x31FF) /* small katakana extension */ ||
           in_list(LINE_START_FORBIDDEN, sizeof LINE_START_FORBIDDEN / sizeof *LINE_START_FORBIDDEN, cp);
}

bool care_forbidden_at_line_end(uint32_t cp)
{
    return in_list(LINE_END_FORBIDDEN, sizeof LINE_END_FORBIDDEN / sizeof *LINE_END_FORBIDDEN, cp);
}

/* ICU locale for line breaking: the language with lb=strict (CSS line-break: strict). */
static void break_locale(const char *lang, char *out, size_t size)
{
    char base[ULOC_FULLNAME_CAPACITY] = "zh";
    if (lang && *lang) {
        size_t n = strcspn(lang, "-_");
        if (n >= sizeof base)
            n = sizeof base - 1;
        memcpy(base, lang, n);
        base[n] = '\0';
    }
    snprintf(out, size, "%s@lb=strict", base);
}

/* The Chinese strict rules on top of an ICU opportunity before cluster i. */
static bool chinese_rules_allow(const care_para *p, size_t i)
{
    const care_cluster *prev = &p->clusters[i - 1], *next = &p->clusters[i];
    size_t k = i;
    while (k < p->cluster_count && (p->clusters[k].flags & CARE_CL_SPACE))
        k++;
    if (k < p->cluster_count && care_forbidden_at_line_start(p->clusters[k].first_cp))
        return false;
    if (care_forbidden_at_line_end(prev->last_cp))
        return false;
    /* ——, …… and ⋯⋯ are one unit (clreq §3.1.7) */
    if (prev->last_cp == next->first_cp &&
        (next->first_cp == 0x2014 || next->first_cp == 0x2026 || next->first_cp == 0x22EF))
        return false;
    return true;
}

care_status care_mark_breaks(const char *lang, care_para *p, care_error *err)
{
    care_u16 u;
    care_status st = care_u16_from_utf8(p->text, p->len, &u, err);
    if (st != CARE_OK)
        return st;
    char locale[ULOC_FULLNAME_CAPACITY + 16];
    break_locale(lang, locale, sizeof locale);
    UErrorCode e = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_LINE, locale, (const UChar *)u.units, (int32_t)u.count, &e);
    if (U_FAILURE(e)) {
        care_u16_free(&u);
        return care_fail(err, CARE_ERR_TEXT, "ICU line breaker (%s): %s", locale, u_errorName(e));
    }
    for (size_t i = 1; i < p->cluster_count; i++) {
        care_cluster *c = &p->clusters[i];
        int32_t at = (int32_t)care_u16_index_of(&u, c->start);
        if (!ubrk_isBoundary(bi, at))
            continue;
        if (ubrk_getRuleStatus(bi) >= UBRK_LINE_HARD && ubrk_getRuleStatus(bi) < UBRK_LINE_HARD_LIMIT)
            c->flags |= CARE_CL_MANDATORY | CARE_CL_BREAK_BEFORE;
        else if (chinese_rules_allow(p, i))
            c->flags |= CARE_CL_BREAK_BEFORE;
    }
    ubrk_close(bi);
    care_u16_free(&u);
    return CARE_OK;
}

/* ---------- greedy fitting ---------- */

typedef struct line_list {
    care_line_range *items;
    size_t count, cap;
} line_list;

/* Close the line [first, brk): trailing spaces are dropped from its width. */
static care_status push_line(const care_para *p, line_list *l, size_t first, size_t brk,
                             care_error *err)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        care_line_range *items = care_realloc_array(l->items, cap, sizeof *items);
        if (!items)
            return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for %zu lines", cap);
        l->items = items;
        l->cap = cap;
    }
    size_t last = brk;
    while (last > first && (p->clusters[last - 1].flags & CARE_CL_SPACE))
        last--;
    float w = 0;
    for (size_t i = first; i < last; i++)
        w += p->clusters[i].advance;
    l->items[l->count++] = (care_line_range){first, last, brk, w};
    return CARE_OK;
}

/* An emergency break inside [first, i]: the latest grapheme boundary that does
 * not put a forbidden mark at the line start, at least one cluster in. */
static size_t emergency_break(const care_para *p, size_t first, size_t i)
{
    for (size_t k = i; k > first + 1; k--)
        if (!care_forbidden_at_line_start(p->clusters[k].first_cp) &&
            !care_forbidden_at_line_end(p->clusters[k - 1].last_cp))
            return k;
    return i > first ? i : first + 1;
}

/* The first cluster of the line after the one starting at `first`. */
static size_t fit_line(const care_para *p, size_t first, float avail)
{
    float w = 0;
    size_t opportunity = first;
    for (size_t i = first; i < p->cluster_count; i++) {
        const care_cluster *c = &p->clusters[i];
        if (i > first && (c->flags & CARE_CL_MANDATORY))
            return i;
        if (i > first && (c->flags & CARE_CL_BREAK_BEFORE))
            opportunity = i;
        if (!(c->flags & CARE_CL_SPACE) && i > first && w + c->advance > avail + 0.01f)
            return opportunity > first ? opportunity : emergency_break(p, first, i);
        w += c->advance;
    }
    return p->cluster_count;
}

/* Does the line [first, last) hold a single CJK character, alone or with marks? */
static bool is_lone_character(const care_para *p, size_t first, size_t last)
{
    size_t chars = 0;
    bool cjk = false;
    for (size_t i = first; i < last; i++) {
        uint32_t cp = p->clusters[i].first_cp;
        if (care_forbidden_at_line_start(cp) || care_forbidden_at_line_end(cp) ||
            (p->clusters[i].flags & CARE_CL_SPACE))
            continue;
        chars++;
        cjk = care_is_cjk(cp);
    }
    return chars == 1 && cjk;
}

/* clreq widow rule: when the last line would hold one character, end the line
 * before it one opportunity earlier so that two characters go down. */
static size_t pull_widow(const care_para *p, const line_list *l, float width)
{
    const care_line_range *prev = &l->items[l->count - 2], *last = &l->items[l->count - 1];
    if (!is_lone_character(p, last->first, last->last))
        return prev->next;
    for (size_t k = prev->next; k-- > prev->first + 1;) {
        if (!(p->clusters[k].flags & CARE_CL_BREAK_BEFORE))
            continue;
        float w = 0;
        for (size_t i = k; i < last->last; i++)
            w += p->clusters[i].advance;
        return w <= width + 0.01f ? k : prev->next;
    }
    return prev->next;
}

care_status care_break_lines(const care_para *p, float width, float first_indent,
                             care_line_range **lines, size_t *line_count, care_error *err)
{
    line_list l = {0};
    care_status st = CARE_OK;
    size_t first = 0;
    do {
        size_t next = fit_line(p, first, l.count == 0 ? width - first_indent : width);
        st = push_line(p, &l, first, next, err);
        first = next;
    } while (st == CARE_OK && first < p->cluster_count);
    if (st == CARE_OK && l.count >= 2 && !(p->clusters[l.items[l.count - 1].first].flags & CARE_CL_MANDATORY)) {
        size_t brk = pull_widow(p, &l, width);
        if (brk != l.items[l.count - 2].next) {
            size_t prev_first = l.items[l.count - 2].first;
            l.count -= 2;
            st = push_line(p, &l, prev_first, brk, err);
            if (st == CARE_OK)
                st = push_line(p, &l, brk, p->cluster_count, err);
        }
    }
    if (st != CARE_OK) {
        free(l.items);
        return st;
    }
    *lines = l.items;
    *line_count = l.count;
    return CARE_OK;
}
