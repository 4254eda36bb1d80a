/* Simplified or Traditional Chinese, told by character repertoires. See
 * lang_detect.h.
 *
 * GB2312 encodes Simplified characters and no Traditional-only ones; Big5
 * the reverse. A Han character only one of the two can encode is therefore
 * evidence for that variant; shared characters (的, 在, 人) say nothing. ICU's
 * converters hold both repertoires, so no table of our own is needed. On the
 * corpus: the Simplified articles 485-797 Simplified-only to 0-1
 * Traditional-only characters, the Taiwanese ones 137-422 to 0-14. */
#include "input/lang_detect.h"

#include <stdint.h>
#include <stdlib.h>

#include <unicode/ucnv.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#define HAN_SAMPLE 4000   /* Han characters looked at, at most */
#define MIN_EVIDENCE 4    /* Traditional-only characters needed at the least */
/* Japanese uses kanji only Big5 has (時 間 電) among much kana; Chinese text
 * quotes a name in kana now and then (the corpus' article 11: 55 kana to 660
 * Han). More kana than a third of the Han: not judged as Chinese. */
#define KANA_SHARE_JAPANESE 3

/* Can converter c encode cp exactly (no fallback, no substitution)? */
static bool encodes(UConverter *c, UChar32 cp)
{
    UChar u[2];
    int32_t n = 0;
    U16_APPEND_UNSAFE(u, n, cp);
    char out[8];
    UErrorCode e = U_ZERO_ERROR;
    ucnv_resetFromUnicode(c);
    ucnv_fromUChars(c, out, sizeof out, u, n, &e);
    return U_SUCCESS(e);
}

static UConverter *open_strict(const char *name)
{
    UErrorCode e = U_ZERO_ERROR;
    UConverter *c = ucnv_open(name, &e);
    if (U_FAILURE(e))
        return NULL;
    ucnv_setFromUCallBack(c, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
    ucnv_setFallback(c, false);
    if (U_FAILURE(e)) {
        ucnv_close(c);
        return NULL;
    }
    return c;
}

typedef struct variant_counts {
    size_t han, kana, simplified, traditional;
} variant_counts;

/** The BMP characters' repertoires found so far (bit cp): looked up in ICU once per call. */
typedef struct repertoire_memo {
    uint64_t known[0x10000 / 64], in_gb[0x10000 / 64], in_big5[0x10000 / 64];
} repertoire_memo;

static bool memo_bit(const uint64_t *set, UChar32 cp)
{
    return (set[cp / 64] >> (cp % 64)) & 1u;
}

/** Can GB2312 and Big5 encode cp? (memo NULL or cp beyond the BMP: asked each time) */
static void repertoires(repertoire_memo *memo, UConverter *gb, UConverter *big5, UChar32 cp,
                        bool *in_gb, bool *in_big5)
{
    if (memo == NULL || cp >= 0x10000) {
        *in_gb = encodes(gb, cp);
        *in_big5 = encodes(big5, cp);
        return;
    }
    uint64_t bit = (uint64_t)1 << (cp % 64);
    if (!(memo->known[cp / 64] & bit)) {
        memo->known[cp / 64] |= bit;
        memo->in_gb[cp / 64] |= encodes(gb, cp) ? bit : 0;
        memo->in_big5[cp / 64] |= encodes(big5, cp) ? bit : 0;
    }
    *in_gb = memo_bit(memo->in_gb, cp);
    *in_big5 = memo_bit(memo->in_big5, cp);
}

/* Count the Han characters, kana and the Simplified-only and
 * Traditional-only Han characters of text[0..len). */
static void count_variants(repertoire_memo *memo, UConverter *gb, UConverter *big5,
                           const char *text, size_t len, variant_counts *n)
{
    for (int32_t i = 0; i < (int32_t)len && n->han < HAN_SAMPLE;) {
        UChar32 cp;
        U8_NEXT(text, i, (int32_t)len, cp);
        if (cp < 0x2E80)
            continue;
        UErrorCode e = U_ZERO_ERROR;
        UScriptCode script = uscript_getScript(cp, &e);
        n->kana += script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA;
        if (script != USCRIPT_HAN)
            continue;
        n->han++;
        bool in_gb, in_big5;
        repertoires(memo, gb, big5, cp, &in_gb, &in_big5);
        n->simplified += in_gb && !in_big5;
        n->traditional += in_big5 && !in_gb;
    }
}

const char *care_detect_chinese_variant(const care_document *doc)
{
    UConverter *gb = open_strict("GB2312"), *big5 = open_strict("Big5");
    repertoire_memo *memo = calloc(1, sizeof *memo); /* NULL: slower, same answer */
    variant_counts n = {0};
    for (size_t b = 0; gb && big5 && b < doc->count && n.han < HAN_SAMPLE; b++)
        count_variants(memo, gb, big5, doc->blocks[b].text, doc->blocks[b].text_len, &n);
    free(memo);
    if (gb)
        ucnv_close(gb);
    if (big5)
        ucnv_close(big5);
    bool japanese = n.kana * KANA_SHARE_JAPANESE > n.han;
    return !japanese && n.traditional >= MIN_EVIDENCE && n.traditional > 2 * n.simplified
               ? "zh-Hant"
               : NULL;
}
