/* Break opportunities: ICU (UAX #14, lb=strict) over the whole paragraph,
 * then the Chinese strict rules (clreq §3.1.7 避头尾). Choosing the breaks is
 * line fitting: fitting.c (greedy) and totalfit.c (total-fit).
 * tests/test_unicode_conformance.c runs LineBreakTest.txt through this code. */
#include "common/text.h"
#include "layout/paragraph.h"

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

bool care_forbidden_at_line_start(uint32_t cp)
{
    return (cp >= 0x31F0 && cp <= 0x31FF) /* small katakana extension */ ||
           CARE_CODEPOINT_IN(LINE_START_FORBIDDEN, cp);
}

bool care_forbidden_at_line_end(uint32_t cp)
{
    return CARE_CODEPOINT_IN(LINE_END_FORBIDDEN, cp);
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

static bool is_hangul(uint32_t cp)
{
    return (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF) ||
           (cp >= 0x3130 && cp <= 0x318F);
}

/* The Chinese strict rules on top of an ICU opportunity before cluster i; in
 * Korean, words of Hangul stay whole (CSS word-break: keep-all). */
static bool chinese_rules_allow(const care_para *p, size_t i, bool korean)
{
    if (korean && is_hangul(p->clusters[i - 1].last_cp) && is_hangul(p->clusters[i].first_cp))
        return false;
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

/* One-character words that belong to a neighbour: suffixes to the word
 * before them ("投资官 / 们" reads as broken), adverbs and prepositions to
 * the word after them ("不 / 觉得"). A particle such as 的 or 了 starting a
 * line breaks a phrase, badly (CARE_CL_PARTICLE). */
static const uint32_t CLINGING_SUFFIXES[] = {0x4EEC /* 们 */, 0x6837 /* 样 */};
static const uint32_t LEANING_WORDS[] = {
    0x4E0D /* 不 */, 0x6CA1 /* 没 */, 0x88AB /* 被 */, 0x628A /* 把 */, 0x5F88 /* 很 */,
    0x6700 /* 最 */, 0x66F4 /* 更 */, 0x518D /* 再 */, 0x5C06 /* 将 */, 0x5DF2 /* 已 */,
};
static const uint32_t PARTICLES[] = {
    0x7684 /* 的 */, 0x5730 /* 地 */, 0x5F97 /* 得 */, 0x4E86 /* 了 */, 0x7740 /* 着 */,
    0x8FC7 /* 过 */, 0x5417 /* 吗 */, 0x5462 /* 呢 */, 0x5427 /* 吧 */, 0x554A /* 啊 */,
};

/* Marks after which a headline's phrase ends: a line may end there freely. */
static const uint32_t PHRASE_END_MARKS[] = {
    0xFF0C, 0x3001, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F, 0x3002, 0x002C, 0x003A, 0x003B, 0x0021,
    0x003F, 0x2026,
};

/* Signs that join the words of a term ("AI+云+芯", "R&D", "1-2月"). */
static const uint32_t JOINING_SIGNS[] = {
    0x002B, 0x0026, 0x002F, 0x0040, 0x0023, 0x003D, 0x005F, 0x002D, 0x00B7, 0x2010, 0x2013,
    0xFF0B, 0xFF06, 0xFF0F,
};

/* Does a phrase end before cluster i: after a space or a phrase-ending mark,
 * or before an opening quote or bracket (the quoted phrase starts)? */
static bool ends_phrase(const care_para *p, size_t i)
{
    const care_cluster *prev = &p->clusters[i - 1], *next = &p->clusters[i];
    return ((prev->flags | next->flags) & CARE_CL_SPACE) ||
           CARE_CODEPOINT_IN(PHRASE_END_MARKS, prev->last_cp) ||
           care_forbidden_at_line_end(next->first_cp);
}

/* The flags of a headline's break before cluster i, at UTF-16 index `at`
 * (not a phrase end): CARE_CL_IN_WORD when it splits a word, else
 * CARE_CL_IN_PHRASE (with CARE_CL_PARTICLE before a particle). A sign such as
 * + or & joins the words on both its sides into one term. Where ICU's
 * dictionary knows no word (names of places and people) it gives each Han
 * character a word of its own, so a break between two such one-character
 * words is taken as inside one; a one-character suffix clings to the word
 * before it, a one-character adverb to the word after it. */
static uint16_t headline_break_flags(UBreakIterator *words, const care_para *p, size_t i, int32_t at)
{
    uint32_t before_cp = p->clusters[i - 1].last_cp, after_cp = p->clusters[i].first_cp;
    if (!ubrk_isBoundary(words, at) || CARE_CODEPOINT_IN(JOINING_SIGNS, before_cp) ||
        CARE_CODEPOINT_IN(JOINING_SIGNS, after_cp))
        return CARE_CL_IN_WORD;
    bool single_before = ubrk_preceding(words, at) == at - 1 && care_is_cjk(before_cp);
    bool single_after = ubrk_following(words, at) == at + 1 && care_is_cjk(after_cp);
    if ((single_after && CARE_CODEPOINT_IN(CLINGING_SUFFIXES, after_cp)) ||
        (single_before && CARE_CODEPOINT_IN(LEANING_WORDS, before_cp)) ||
        (single_before && single_after && !CARE_CODEPOINT_IN(LEANING_WORDS, after_cp)))
        return CARE_CL_IN_WORD;
    if (single_after && CARE_CODEPOINT_IN(PARTICLES, after_cp))
        return CARE_CL_IN_PHRASE | CARE_CL_PARTICLE;
    return CARE_CL_IN_PHRASE;
}

static care_status open_word_breaker(UBreakIterator **out, care_error *err)
{
    UErrorCode e = U_ZERO_ERROR;
    *out = ubrk_open(UBRK_WORD, "", NULL, 0, &e);
    if (U_FAILURE(e)) {
        *out = NULL;
        return care_fail(err, CARE_ERR_TEXT, "ICU word breaker: %s (is ICU's data installed?)",
                         u_errorName(e));
    }
    return CARE_OK;
}

static bool has_cjk(const care_para *p)
{
    for (size_t i = 0; i < p->cluster_count; i++)
        if (p->clusters[i].flags & CARE_CL_CJK)
            return true;
    return false;
}

care_status care_mark_headline_breaks(UBreakIterator **words_slot, care_para *p, care_error *err)
{
    if (!has_cjk(p)) /* Latin lines break at spaces, which end phrases: nothing to mark */
        return CARE_OK;
    care_status st = *words_slot ? CARE_OK : open_word_breaker(words_slot, err);
    if (st != CARE_OK)
        return st;
    UBreakIterator *words = *words_slot;
    const care_u16 *u = &p->u16;
    UErrorCode e = U_ZERO_ERROR;
    ubrk_setText(words, (const UChar *)u->units, (int32_t)u->count, &e);
    if (U_FAILURE(e))
        return care_fail(err, CARE_ERR_TEXT, "ICU word breaker: %s", u_errorName(e));
    for (size_t i = 1; i < p->cluster_count; i++) {
        care_cluster *c = &p->clusters[i];
        if (!(c->flags & CARE_CL_BREAK_BEFORE) || (c->flags & CARE_CL_MANDATORY) || ends_phrase(p, i))
            continue;
        c->flags |= headline_break_flags(words, p, i, (int32_t)care_u16_index_of(u, c->start));
    }
    ubrk_setText(words, NULL, 0, &e); /* the text is the paragraph's: let go of it */
    return CARE_OK;
}

care_status care_mark_breaks(const char *lang, care_para *p, care_error *err)
{
    const care_u16 *u = &p->u16; /* made by care_itemize */
    char locale[ULOC_FULLNAME_CAPACITY + 16];
    break_locale(lang, locale, sizeof locale);
    bool korean = lang && strncmp(lang, "ko", 2) == 0;
    UErrorCode e = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_LINE, locale, (const UChar *)u->units, (int32_t)u->count, &e);
    if (U_FAILURE(e))
        return care_fail(err, CARE_ERR_TEXT, "ICU line breaker (%s): %s", locale, u_errorName(e));
    for (size_t i = 1; i < p->cluster_count; i++) {
        care_cluster *c = &p->clusters[i];
        int32_t at = (int32_t)care_u16_index_of(u, c->start);
        if (!ubrk_isBoundary(bi, at))
            continue;
        if (ubrk_getRuleStatus(bi) >= UBRK_LINE_HARD && ubrk_getRuleStatus(bi) < UBRK_LINE_HARD_LIMIT)
            c->flags |= CARE_CL_MANDATORY | CARE_CL_BREAK_BEFORE;
        else if (chinese_rules_allow(p, i, korean))
            c->flags |= CARE_CL_BREAK_BEFORE;
    }
    ubrk_close(bi);
    return CARE_OK;
}
