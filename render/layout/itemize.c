/* Itemisation: grapheme clusters, bidi levels, scripts and a face per cluster. */
#include "common/text.h"
#include "layout/paragraph.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/ubrk.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

void care_para_free(care_para *p)
{
    free(p->clusters);
    free(p->glyphs);
    care_u16_free(&p->u16);
    memset(p, 0, sizeof *p);
}

care_status care_u16_from_utf8(const char *text, size_t len, care_u16 *out, care_error *err)
{
    memset(out, 0, sizeof *out);
    out->units = care_calloc(len + 1, sizeof(UChar));
    out->byte_of = care_calloc(len + 2, sizeof(size_t));
    if (!out->units || !out->byte_of) {
        care_u16_free(out);
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory converting %zu bytes to UTF-16", len);
    }
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        size_t at = i;
        uint32_t cp = care_utf8_next(text, len, &i);
        out->byte_of[n] = at;
        if (cp >= 0x10000) {
            out->units[n++] = (UChar)(0xD7C0 + (cp >> 10));
            out->byte_of[n] = at;
            out->units[n++] = (UChar)(0xDC00 | (cp & 0x3FF));
        } else {
            out->units[n++] = (UChar)cp;
        }
    }
    out->byte_of[n] = len;
    out->count = n;
    return CARE_OK;
}

void care_u16_free(care_u16 *u)
{
    free(u->units);
    free(u->byte_of);
    memset(u, 0, sizeof *u);
}

size_t care_u16_index_of(const care_u16 *u, size_t byte)
{
    size_t lo = 0, hi = u->count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (u->byte_of[mid] < byte)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---------- grapheme clusters ---------- */

/* Append the cluster of bytes [start, end). */
static void add_cluster(care_para *p, size_t start, size_t end)
{
    care_cluster *c = &p->clusters[p->cluster_count++];
    c->start = start;
    c->end = end;
    size_t i = start;
    c->first_cp = care_utf8_next(p->text, p->len, &i);
    c->last_cp = c->first_cp;
    while (i < end)
        c->last_cp = care_utf8_next(p->text, p->len, &i);
}

/* Add the grapheme [start, end) as one cluster, except that an emoji
 * modifier (skin tone) after a character that is not an emoji modifier base
 * starts a cluster of its own: it is shown as a colour swatch (UTS #51 §2.4),
 * and the character before it keeps its own font ("文🏻" is not one glyph). */
static void add_grapheme(care_para *p, size_t start, size_t end)
{
    size_t from = start, i = start;
    UChar32 prev = -1;
    while (i < end) {
        size_t at = i;
        UChar32 cp = (UChar32)care_utf8_next(p->text, p->len, &i);
        if (prev >= 0 && u_hasBinaryProperty(cp, UCHAR_EMOJI_MODIFIER) &&
            !u_hasBinaryProperty(prev, UCHAR_EMOJI_MODIFIER_BASE)) {
            add_cluster(p, from, at);
            from = at;
        }
        prev = cp;
    }
    add_cluster(p, from, end);
}

static care_status split_graphemes(const care_u16 *u, care_para *p, care_error *err)
{
    UErrorCode e = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_CHARACTER, "", (const UChar *)u->units,
                                   (int32_t)u->count, &e);
    if (U_FAILURE(e))
        return care_fail(err, CARE_ERR_TEXT, "ICU grapheme iterator: %s", u_errorName(e));
    p->clusters = care_calloc(u->count + 1, sizeof *p->clusters);
    if (!p->clusters) {
        ubrk_close(bi);
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for %zu clusters", u->count);
    }
    int32_t prev = ubrk_first(bi);
    for (int32_t b = ubrk_next(bi); b != UBRK_DONE; prev = b, b = ubrk_next(bi))
        add_grapheme(p, u->byte_of[prev], u->byte_of[b]); /* at most one cluster a UTF-16 unit */
    ubrk_close(bi);
    return CARE_OK;
}

/* ---------- bidi ---------- */

static care_status assign_levels(const care_u16 *u, care_para *p, care_error *err)
{
    UErrorCode e = U_ZERO_ERROR;
    UBiDi *bidi = ubidi_openSized((int32_t)u->count, 0, &e);
    if (U_SUCCESS(e))
        ubidi_setPara(bidi, (const UChar *)u->units, (int32_t)u->count, UBIDI_DEFAULT_LTR, NULL, &e);
    const UBiDiLevel *levels = U_SUCCESS(e) ? ubidi_getLevels(bidi, &e) : NULL;
    if (U_FAILURE(e) || !levels) {
        if (bidi)
            ubidi_close(bidi);
        return care_fail(err, CARE_ERR_TEXT, "ICU bidi: %s", u_errorName(e));
    }
    for (size_t i = 0; i < p->cluster_count; i++)
        p->clusters[i].level = levels[care_u16_index_of(u, p->clusters[i].start)];
    ubidi_close(bidi);
    return CARE_OK;
}

/* ---------- scripts ---------- */

static bool script_is_weak(int32_t sc)
{
    return sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED || sc == USCRIPT_UNKNOWN;
}

static bool script_is_cjk(int32_t sc)
{
    return sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA ||
           sc == USCRIPT_HANGUL || sc == USCRIPT_BOPOMOFO;
}

/* Punctuation whose width depends on context: full-width from the CJK face
 * next to Han text, proportional from the Latin face in Latin text (clreq §3.1). */
static bool is_ambiguous_punct(uint32_t cp)
{
    return cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019 || cp == 0x2014 ||
           cp == 0x2026 || cp == 0x00B7 || cp == 0x2015 || cp == 0x2E3A;
}

/* Common and Inherited clusters take the script of the preceding strong
 * cluster (at the paragraph start, the following one). */
static void resolve_scripts(care_para *p)
{
    int32_t last = USCRIPT_INVALID_CODE;
    for (size_t i = 0; i < p->cluster_count; i++) {
        UErrorCode e = U_ZERO_ERROR;
        int32_t sc = uscript_getScript((UChar32)p->clusters[i].first_cp, &e);
        if (U_FAILURE(e))
            sc = USCRIPT_COMMON;
        if (!script_is_weak(sc))
            last = sc;
        p->clusters[i].script = script_is_weak(sc) ? last : sc;
    }
    int32_t next = USCRIPT_LATIN;
    for (size_t i = p->cluster_count; i-- > 0;) {
        if (p->clusters[i].script == USCRIPT_INVALID_CODE)
            p->clusters[i].script = next;
        else
            next = p->clusters[i].script;
    }
}

/* Ambiguous punctuation next to CJK text becomes CJK (script Han, full width):
 * when the nearest cluster before or after it, skipping spaces and other
 * ambiguous marks, is a CJK character. Two linear passes (a run of thousands
 * of marks, e.g. "——", must not rescan the run for each mark). */
static void resolve_ambiguous_punct(care_para *p)
{
    bool cjk_before = false;
    for (size_t i = 0; i < p->cluster_count; i++) {
        care_cluster *c = &p->clusters[i];
        if (c->first_cp == ' ')
            continue;
        if (!is_ambiguous_punct(c->first_cp)) {
            cjk_before = care_is_cjk(c->first_cp);
            continue;
        }
        if (cjk_before) {
            c->flags |= CARE_CL_WIDTH_FWID | CARE_CL_CJK;
            c->script = USCRIPT_HAN;
        }
    }
    bool cjk_after = false;
    for (size_t i = p->cluster_count; i-- > 0;) {
        care_cluster *c = &p->clusters[i];
        if (c->first_cp == ' ')
            continue;
        if (!is_ambiguous_punct(c->first_cp)) {
            cjk_after = care_is_cjk(c->first_cp);
            continue;
        }
        if (c->flags & CARE_CL_CJK)
            continue;
        if (cjk_after) {
            c->flags |= CARE_CL_WIDTH_FWID | CARE_CL_CJK;
            c->script = USCRIPT_HAN;
        } else {
            c->flags |= CARE_CL_WIDTH_PWID;
        }
    }
}

/* ---------- fonts ---------- */

/* The style at `byte`; spans are sorted and clusters come in order, so the
 * search resumes at *at (linear over a paragraph, not quadratic). */
static unsigned style_at(const care_span *spans, size_t n, size_t byte, size_t *at)
{
    while (*at < n && spans[*at].end <= byte)
        (*at)++;
    return *at < n && byte >= spans[*at].start ? spans[*at].style : 0;
}

/* Presentation asked for by the cluster: 1 emoji (U+FE0F, an Emoji_Presentation
 * character, a flag or keycap), -1 text (U+FE0E), 0 no preference. */
static int emoji_presentation(const uint32_t *cps, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (cps[i] == 0xFE0E)
            return -1;
        if (cps[i] == 0xFE0F || cps[i] == 0x20E3)
            return 1;
    }
    return u_hasBinaryProperty((UChar32)cps[0], UCHAR_EMOJI_PRESENTATION) ||
           (cps[0] >= 0x1F1E6 && cps[0] <= 0x1F1FF);
}

/* The first face of the chain that covers the cluster: the colour emoji face
 * for emoji presentation; the CJK face first for CJK clusters, the Latin face
 * first otherwise; the configured fallbacks; any installed font (fontconfig). */
static uint16_t chain_face(care_fontset *fs, const uint32_t *cps, size_t n, bool cjk, bool bold,
                           int presentation)
{
    uint16_t emoji = care_fontset_role(fs, CARE_ROLE_EMOJI, false);
    if (presentation > 0 && emoji != CARE_NO_FACE && care_face_covers(fs, emoji, cps, n))
        return emoji;
    uint16_t first = care_fontset_role(fs, cjk ? CARE_ROLE_CJK : CARE_ROLE_LATIN, bold);
    uint16_t second = care_fontset_role(fs, cjk ? CARE_ROLE_LATIN : CARE_ROLE_CJK, bold);
    if (care_face_covers(fs, first, cps, n))
        return first;
    if (care_face_covers(fs, second, cps, n))
        return second;
    size_t count = 0;
    const uint16_t *extra = care_fontset_fallbacks(fs, &count);
    for (size_t i = 0; i < count; i++)
        if (care_face_covers(fs, extra[i], cps, n))
            return extra[i];
    return care_fontset_fallback(fs, cps, n, bold, presentation < 0);
}

static void choose_face(care_fontset *fs, const care_para *p, care_cluster *c)
{
    uint32_t cps[32];
    size_t n = 0;
    for (size_t i = c->start; i < c->end && n < 32;)
        cps[n++] = care_utf8_next(p->text, p->len, &i);
    bool cjk = (c->flags & CARE_CL_CJK) || script_is_cjk(c->script) || care_is_cjk(c->first_cp);
    /* emphasis: dots under Han (clreq 着重号, drawn by the layout), bold for Latin */
    bool bold = (c->style & CARE_STYLE_BOLD) || ((c->style & CARE_STYLE_EM) && !cjk);
    c->face = chain_face(fs, cps, n, cjk, bold, emoji_presentation(cps, n));
    if (c->face == CARE_NO_FACE) {
        c->face = care_fontset_role(fs, cjk ? CARE_ROLE_CJK : CARE_ROLE_LATIN, bold);
        c->flags |= CARE_CL_NOTDEF;
    }
}

static bool is_break_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0x200B;
}

care_status care_itemize(care_fontset *fs, const char *text, size_t len, const care_span *spans,
                         size_t span_count, care_para *p, care_error *err)
{
    p->text = text;
    p->len = len;
    care_status st = care_u16_from_utf8(text, len, &p->u16, err);
    if (st == CARE_OK)
        st = split_graphemes(&p->u16, p, err);
    if (st == CARE_OK)
        st = assign_levels(&p->u16, p, err);
    if (st != CARE_OK)
        return st;
    resolve_scripts(p);
    resolve_ambiguous_punct(p);
    size_t span_at = 0;
    for (size_t i = 0; i < p->cluster_count; i++) {
        care_cluster *c = &p->clusters[i];
        c->style = (uint8_t)style_at(spans, span_count, c->start, &span_at);
        if (care_is_cjk(c->first_cp))
            c->flags |= CARE_CL_CJK;
        if (is_break_space(c->first_cp))
            c->flags |= CARE_CL_SPACE;
        choose_face(fs, p, c);
    }
    return CARE_OK;
}
