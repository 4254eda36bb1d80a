/* Punctuation compression (标点挤压) and Chinese-Latin spacing (中西文间距).
 * Done by adjusting advances ourselves, so it works with any CJK font, whether
 * or not it has the `halt`/`chws` features. */
#include "common/text.h"
#include "layout/paragraph.h"

#include <unicode/uchar.h>

static const uint32_t OPENING[] = {0xFF08, 0x3014, 0xFF3B, 0xFF5B, 0x3010, 0x3016, 0x300A,
                                   0x3008, 0x300C, 0x300E, 0x201C, 0x2018, 0x3018, 0xFF5F};
static const uint32_t CLOSING[] = {0xFF09, 0x3015, 0xFF3D, 0xFF5D, 0x3011, 0x3017, 0x300B,
                                   0x3009, 0x300D, 0x300F, 0x201D, 0x2019, 0x3019, 0xFF60};
static const uint32_t STOPS[] = {0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F};
static const uint32_t MIDDLE_DOTS[] = {0x30FB, 0x00B7, 0xFF65};
/* Marks that squeeze to ½ em mid-line (care-mode §6) besides the brackets: ，、；： */
static const uint32_t PAUSES[] = {0xFF0C, 0x3001, 0xFF1B, 0xFF1A};
/* Stops that squeeze to ½ em mid-line when nothing else is left (clreq §3.5's last step): 。？！ */
static const uint32_t FULL_STOPS[] = {0x3002, 0xFF1F, 0xFF01};
/* Stops trimmed at every line end with CARE_TRIM_FLUSH: ，。、；：！？ */
static const uint32_t FLUSH_STOPS[] = {0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F};

/* The compression class of a cluster set full width (1 em) in a CJK context. */
static uint8_t punct_class(const care_para *p, const care_cluster *c)
{
    if (c->end - c->start > 4 || c->advance < 0.9f * p->font_size)
        return CARE_PUNCT_NONE; /* a sequence, or a proportional glyph */
    uint32_t cp = c->first_cp;
    if (cp == 0x3000)
        return CARE_PUNCT_SPACE;
    if (CARE_CODEPOINT_IN(OPENING, cp))
        return CARE_PUNCT_OPEN;
    if (CARE_CODEPOINT_IN(CLOSING, cp))
        return CARE_PUNCT_CLOSE;
    if (CARE_CODEPOINT_IN(STOPS, cp))
        return p->ts.centred_stops ? CARE_PUNCT_MIDDLE : CARE_PUNCT_CLOSE;
    if (CARE_CODEPOINT_IN(MIDDLE_DOTS, cp))
        return CARE_PUNCT_MIDDLE;
    return CARE_PUNCT_NONE;
}

/* CSS Text 4 trim-adjacent: an opening mark after an opening, closing or middle
 * mark or U+3000 loses its left half; a closing mark before a closing or
 * middle mark loses its right half. So 2 em of marks become 1.5 em. */
static void trim_adjacent(care_para *p)
{
    float half = p->font_size / 2;
    for (size_t i = 0; i < p->cluster_count; i++) {
        care_cluster *c = &p->clusters[i];
        uint8_t prev = i > 0 ? p->clusters[i - 1].punct : CARE_PUNCT_NONE;
        uint8_t next = i + 1 < p->cluster_count ? p->clusters[i + 1].punct : CARE_PUNCT_NONE;
        if (c->punct == CARE_PUNCT_OPEN && prev != CARE_PUNCT_NONE)
            c->trim_left = half;
        if (c->punct == CARE_PUNCT_CLOSE && (next == CARE_PUNCT_CLOSE || next == CARE_PUNCT_MIDDLE))
            c->trim_right = half;
    }
}

/* A Han character, kana or Hangul syllable (not punctuation). */
static bool is_ideograph(uint32_t cp)
{
    return care_is_cjk(cp) && !(cp >= 0x3000 && cp <= 0x303F) && !(cp >= 0xFF00 && cp <= 0xFFEF) &&
           cp != 0x30FB && cp != 0x30FC;
}

/* A Latin, Greek or Cyrillic letter or a digit (not full-width forms). */
static bool is_western_alnum(uint32_t cp)
{
    return cp < 0x2E80 && u_isalnum((UChar32)cp);
}

/* A Latin letter or digit cluster; not an emoji keycap (1 U+FE0F U+20E3). */
static bool is_western_cluster(const care_cluster *c, uint32_t cp)
{
    return is_western_alnum(cp) && c->last_cp != 0x20E3 && c->last_cp != 0xFE0F;
}

static void cjk_latin_gaps(care_para *p)
{
    for (size_t i = 0; i + 1 < p->cluster_count; i++) {
        const care_cluster *c = &p->clusters[i], *d = &p->clusters[i + 1];
        if ((is_ideograph(c->last_cp) && is_western_cluster(d, d->first_cp)) ||
            (is_western_cluster(c, c->last_cp) && is_ideograph(d->first_cp)))
            p->clusters[i].gap_after = p->ts.cjk_latin_gap;
    }
}

float care_line_start_trim(const care_para *p, size_t first, bool paragraph_start)
{
    if (paragraph_start || !(p->ts.punct_trim & CARE_TRIM_START) || first >= p->cluster_count)
        return 0;
    const care_cluster *c = &p->clusters[first];
    return c->punct == CARE_PUNCT_OPEN && c->trim_left == 0 ? p->font_size / 2 : 0;
}

float care_line_end_trim(const care_para *p, size_t last)
{
    if (!(p->ts.punct_trim & CARE_TRIM_END) || last == 0)
        return 0;
    const care_cluster *c = &p->clusters[last - 1];
    return c->punct == CARE_PUNCT_CLOSE && c->trim_right == 0 ? p->font_size / 2 : 0;
}

float care_line_end_flush(const care_para *p, size_t last)
{
    if (!(p->ts.punct_trim & CARE_TRIM_FLUSH) || last == 0)
        return 0;
    const care_cluster *c = &p->clusters[last - 1];
    bool blank = c->punct == CARE_PUNCT_CLOSE || c->punct == CARE_PUNCT_MIDDLE;
    return blank && c->trim_right == 0 && CARE_CODEPOINT_IN(FLUSH_STOPS, c->first_cp)
               ? p->font_size / 2 : 0;
}

/* Can mark i give up its blank half (½ em) mid-line: nothing trimmed it and
 * no mark is on its blank side? */
static bool blank_half_free(const care_para *p, size_t i)
{
    const care_cluster *c = &p->clusters[i];
    if (c->trim_left > 0 || c->trim_right > 0)
        return false;
    if (c->punct == CARE_PUNCT_OPEN)
        return i > 0 && p->clusters[i - 1].punct == CARE_PUNCT_NONE;
    return c->punct == CARE_PUNCT_CLOSE && i + 1 < p->cluster_count &&
           p->clusters[i + 1].punct == CARE_PUNCT_NONE;
}

/* What cluster i gives up in the middle of a line (care-mode §6), per level. */
static void shrinkable_mid_line(care_para *p, size_t i)
{
    care_cluster *c = &p->clusters[i];
    float em = p->font_size;
    bool space = (c->flags & CARE_CL_SPACE) && c->first_cp == ' ' && c->advance > em / 4;
    c->shrinkable[CARE_SHRINK_SPACE] = space ? c->advance - em / 4 : 0;
    bool half = blank_half_free(p, i);
    bool mark = c->punct == CARE_PUNCT_OPEN || CARE_CODEPOINT_IN(PAUSES, c->first_cp) ||
                CARE_CODEPOINT_IN(CLOSING, c->first_cp);
    c->shrinkable[CARE_SHRINK_MARK] = half && mark ? em / 2 : 0;
    c->shrinkable[CARE_SHRINK_GAP] = c->gap_after > em / 8 ? c->gap_after - em / 8 : 0;
    c->shrinkable[CARE_SHRINK_STOP] = half && CARE_CODEPOINT_IN(FULL_STOPS, c->first_cp) ? em / 2 : 0;
}

/* Running sums of widths and shrinkables, so a line's are two look-ups. */
static void running_sums(care_para *p)
{
    double width = 0, shrink[CARE_SHRINK_LEVELS] = {0};
    for (size_t i = 0; i < p->cluster_count; i++) {
        care_cluster *c = &p->clusters[i];
        for (int lv = 0; lv < CARE_SHRINK_LEVELS; lv++) {
            c->shrinkable[lv] = 0;
            c->shrinkable_before[lv] = shrink[lv];
        }
        if (p->ts.shrink)
            shrinkable_mid_line(p, i);
        for (int lv = 0; lv < CARE_SHRINK_LEVELS; lv++)
            shrink[lv] += c->shrinkable[lv];
        c->width_before = width;
        width += c->advance - c->trim_left - c->trim_right + c->gap_after;
    }
}

void care_apply_spacing(care_para *p)
{
    for (size_t i = 0; i < p->cluster_count; i++) {
        care_cluster *c = &p->clusters[i];
        c->trim_left = c->trim_right = c->gap_after = 0;
        c->punct = p->ts.punct_trim ? punct_class(p, c) : CARE_PUNCT_NONE;
    }
    if (p->ts.punct_trim & CARE_TRIM_ADJACENT)
        trim_adjacent(p);
    if (p->ts.cjk_latin_gap > 0)
        cjk_latin_gaps(p);
    running_sums(p);
}

float care_range_width(const care_para *p, size_t first, size_t last)
{
    if (last <= first)
        return 0;
    const care_cluster *z = &p->clusters[last - 1];
    return (float)(z->width_before - p->clusters[first].width_before) + z->advance -
           z->trim_left - z->trim_right;
}

/* The edges of a line take no mark, gap or stop shrinking: its last cluster's
 * mark, gap and stop, an opening mark starting it. */
static void edge_shares(const care_para *p, size_t i, size_t first, size_t last, float out[])
{
    const care_cluster *c = &p->clusters[i];
    out[CARE_SHRINK_SPACE] = 0;
    out[CARE_SHRINK_MARK] = i + 1 == last || (i == first && c->punct == CARE_PUNCT_OPEN)
                                ? c->shrinkable[CARE_SHRINK_MARK] : 0;
    out[CARE_SHRINK_GAP] = i + 1 == last ? c->shrinkable[CARE_SHRINK_GAP] : 0;
    out[CARE_SHRINK_STOP] = i + 1 == last ? c->shrinkable[CARE_SHRINK_STOP] : 0;
}

void care_cluster_shrinkable(const care_para *p, size_t i, size_t first, size_t last,
                             float out[CARE_SHRINK_LEVELS])
{
    float edge[CARE_SHRINK_LEVELS];
    edge_shares(p, i, first, last, edge);
    for (int lv = 0; lv < CARE_SHRINK_LEVELS; lv++)
        out[lv] = p->clusters[i].shrinkable[lv] - edge[lv];
}

void care_range_shrinkable(const care_para *p, size_t first, size_t last,
                           double out[CARE_SHRINK_LEVELS])
{
    const care_cluster *a = &p->clusters[first], *z = &p->clusters[last - 1];
    float head[CARE_SHRINK_LEVELS], tail[CARE_SHRINK_LEVELS];
    edge_shares(p, first, first, last, head);
    edge_shares(p, last - 1, first, last, tail);
    for (int lv = 0; lv < CARE_SHRINK_LEVELS; lv++) {
        out[lv] = z->shrinkable_before[lv] + z->shrinkable[lv] - a->shrinkable_before[lv] -
                  tail[lv] - (last - 1 > first ? head[lv] : 0);
        out[lv] = out[lv] > 0 ? out[lv] : 0;
    }
}

bool care_can_hang(const care_para *p, size_t i)
{
    uint32_t cp = p->clusters[i].first_cp;
    return p->ts.hanging && (cp == 0x3001 || cp == 0xFF0C || cp == 0x3002);
}
