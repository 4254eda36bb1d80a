/* UTF-8, NFC, character classes and language tags (text.c). Not installed. */
#ifndef CARE_TEXT_H
#define CARE_TEXT_H

#include "common/util.h"

#include <stdint.h>

/**
 * Check that s[0..len) is well-formed UTF-8 (Unicode 15, Table 3-7).
 * With replace == false: on the first ill-formed subsequence return
 * CARE_ERR_INVALID_UTF8 with *bad_offset set to its byte offset; *out is NULL.
 * With replace == true: *out is a newly allocated NUL-terminated copy in which
 * each maximal subpart of an ill-formed subsequence is one U+FFFD;
 * *replaced counts them. When the input is valid, *out is a plain copy.
 * Never reads s[len] or beyond.
 */
care_status care_utf8_validate(const char *s, size_t len, bool replace, char **out,
                               size_t *out_len, size_t *bad_offset, size_t *replaced);

/** care_utf8_next for any sequence (ill-formed: U+FFFD, *i past its maximal subpart). */
uint32_t care_utf8_decode(const char *s, size_t len, size_t *i);

/** Decode one code point of valid UTF-8 at s[*i] (i < len), advancing *i.
 *  Inline for ASCII and the three-byte characters of Han text and CJK
 *  punctuation (U+1000-U+FFFF but U+D000-U+DFFF); care_utf8_decode does the rest. */
static inline uint32_t care_utf8_next(const char *s, size_t len, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s + *i;
    if (u[0] < 0x80) {
        *i += 1;
        return u[0];
    }
    if ((unsigned)u[0] - 0xE1u <= 0xEu && u[0] != 0xED && len - *i >= 3) {
        uint32_t c1 = u[1] ^ 0x80u, c2 = u[2] ^ 0x80u; /* continuation bytes: below 0x40 */
        if ((c1 | c2) < 0x40) {
            *i += 3;
            return ((uint32_t)(u[0] & 0x0F) << 12) | (c1 << 6) | c2;
        }
    }
    return care_utf8_decode(s, len, i);
}

/** Is the character at s[i] of valid UTF-8 in U+4E00-U+9FFF (CJK Unified
 *  Ideographs, three bytes)? Told by its first two bytes, without decoding. */
static inline bool care_utf8_is_unified_han(const char *s, size_t i)
{
    unsigned char lead = (unsigned char)s[i];
    return lead >= 0xE4 && lead <= 0xE9 && (lead > 0xE4 || (unsigned char)s[i + 1] >= 0xB8);
}

/** Encode cp as UTF-8 into buf (4 bytes room); returns the byte count. */
size_t care_utf8_encode(uint32_t cp, char *buf);

/** NFC-normalise valid UTF-8; *out newly allocated, NUL-terminated. Errors: CARE_ERR_TEXT, NO_MEMORY. */
care_status care_nfc(const char *s, size_t len, char **out, size_t *out_len, care_error *err);

/** care_nfc of s, a malloc'd NUL-terminated text it takes over (freed unless
 *  it is *out): already in NFC, *out is s itself, with no copy. */
care_status care_nfc_take(char *s, size_t len, char **out, size_t *out_len, care_error *err);

/** Is cp a Han ideograph, kana, Hangul, bopomofo, or a full-width CJK symbol/punctuation? */
bool care_is_cjk(uint32_t cp);
/** Is cp a Han ideograph (unified, extensions, compatibility)? */
bool care_is_han(uint32_t cp);
/** Is cp one of list[0..n)? */
bool care_codepoint_in(const uint32_t *list, size_t n, uint32_t cp);
/** care_codepoint_in over a static array. */
#define CARE_CODEPOINT_IN(array, cp) care_codepoint_in(array, sizeof array / sizeof *array, cp)

/** Is the BCP 47 tag Chinese ("zh", "zh-…"; case-insensitive)? */
bool care_lang_is_chinese(const char *lang);
/** Is it Traditional Chinese (zh-Hant, zh-TW, zh-HK, zh-MO): 「」 quotes, centred stops? */
bool care_lang_is_traditional(const char *lang);
/** Longest language tag accepted (bytes). */
#define CARE_LANG_TAG_MAX 31
/** Is tag a well-formed BCP 47 language tag (RFC 5646, as ICU's
 *  uloc_forLanguageTag parses it; '_' taken for '-'), 1..CARE_LANG_TAG_MAX bytes? */
bool care_lang_tag_valid(const char *tag);

#endif
