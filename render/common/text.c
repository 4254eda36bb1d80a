/* UTF-8 validation and decoding, NFC (ICU), CJK classification. */
#include "common/text.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utypes.h>

/* ---------- UTF-8 well-formedness (Unicode Table 3-7) ---------- */

/** Allowed range of the second byte after lead byte `b`; false when `b` cannot lead. */
static bool lead_info(unsigned char b, size_t *len, unsigned char *lo, unsigned char *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
        *len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
        *len = 3;
        if (b == 0xE0)
            *lo = 0xA0;
        else if (b == 0xED)
            *hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        *len = 4;
        if (b == 0xF0)
            *lo = 0x90;
        else if (b == 0xF4)
            *hi = 0x8F;
    } else {
        return false;
    }
    return true;
}

/**
 * Examine the sequence at s[i] (i < len). Returns its length when it is a
 * well-formed character; otherwise 0, with *skip set to the length of the
 * maximal subpart of the ill-formed subsequence (at least 1), which is what
 * one U+FFFD replaces. Never reads s[len].
 */
static size_t utf8_scan(const unsigned char *s, size_t len, size_t i, size_t *skip)
{
    size_t n;
    unsigned char lo, hi;
    *skip = 1;
    if (s[i] < 0x80)
        return 1;
    if (!lead_info(s[i], &n, &lo, &hi))
        return 0;
    for (size_t k = 1; k < n; k++) {
        if (i + k >= len || s[i + k] < lo || s[i + k] > hi) {
            *skip = k;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    return n;
}

static const char REPLACEMENT[3] = {(char)0xEF, (char)0xBF, (char)0xBD};

/** The length of the ASCII run at the start of s[0..len), eight bytes at a time. */
static size_t ascii_run(const char *s, size_t len)
{
    size_t i = 0;
    for (uint64_t word; i + 8 <= len; i += 8) {
        memcpy(&word, s + i, 8);
        if (word & 0x8080808080808080u)
            break;
    }
    while (i < len && (unsigned char)s[i] < 0x80)
        i++;
    return i;
}

/** The length of the well-formed run of ASCII and three-byte characters (not
 *  E0 or ED leads, whose second byte is narrower) at s[i]: what text mostly is. */
static size_t common_run(const unsigned char *s, size_t len, size_t i)
{
    size_t start = i;
    for (;;) {
        if (i < len && s[i] < 0x80) {
            i += ascii_run((const char *)s + i, len - i);
        } else if (i + 3 <= len && s[i] >= 0xE1 && s[i] <= 0xEF && s[i] != 0xED &&
                   (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
            i += 3;
        } else {
            return i - start;
        }
    }
}

/** Output size after replacement, the count of replacements and the first bad offset. */
static bool utf8_measure(const unsigned char *s, size_t len, size_t *out_len, size_t *bad,
                         size_t *count)
{
    size_t total = 0, n = 0, i = 0, skip;
    *bad = len;
    while (i < len) {
        size_t run = common_run(s, len, i);
        total += run;
        i += run;
        if (i >= len)
            break;
        size_t step = utf8_scan(s, len, i, &skip);
        if (step == 0) {
            if (n++ == 0)
                *bad = i;
            step = skip;
            if (total > SIZE_MAX - 3)
                return false;
            total += 3;
        } else {
            total += step;
        }
        i += step;
    }
    *out_len = total;
    *count = n;
    return true;
}

/** Copy s to out, replacing each maximal ill-formed subpart by U+FFFD. */
static void utf8_copy_replacing(const unsigned char *s, size_t len, char *out)
{
    size_t i = 0, o = 0, skip;
    while (i < len) {
        size_t step = utf8_scan(s, len, i, &skip);
        if (step == 0) {
            memcpy(out + o, REPLACEMENT, 3);
            o += 3;
            i += skip;
        } else {
            memcpy(out + o, s + i, step);
            o += step;
            i += step;
        }
    }
    out[o] = '\0';
}

care_status care_utf8_validate(const char *s, size_t len, bool replace, char **out,
                               size_t *out_len, size_t *bad_offset, size_t *replaced)
{
    size_t total = 0, bad = 0, count = 0;
    if (out)
        *out = NULL;
    if (s == NULL && len > 0)
        return CARE_ERR_INVALID_ARGUMENT;
    if (!utf8_measure((const unsigned char *)s, len, &total, &bad, &count))
        return CARE_ERR_NO_MEMORY;
    if (bad_offset)
        *bad_offset = bad;
    if (replaced)
        *replaced = replace ? count : 0;
    if (count > 0 && !replace)
        return CARE_ERR_INVALID_UTF8;
    if (out == NULL)
        return CARE_OK;
    if (total == SIZE_MAX)
        return CARE_ERR_NO_MEMORY;
    char *copy = malloc(total + 1);
    if (copy == NULL)
        return CARE_ERR_NO_MEMORY;
    if (count == 0) {
        if (len > 0)
            memcpy(copy, s, len);
        copy[len] = '\0';
    } else {
        utf8_copy_replacing((const unsigned char *)s, len, copy);
    }
    *out = copy;
    if (out_len)
        *out_len = total;
    return CARE_OK;
}

uint32_t care_utf8_decode(const char *s, size_t len, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t skip, at = *i;
    size_t n = utf8_scan(u, len, at, &skip);
    if (n == 0) { /* defensive: callers pass valid UTF-8 */
        *i = at + skip;
        return 0xFFFD;
    }
    *i = at + n;
    switch (n) {
    case 1: return u[at];
    case 2: return ((uint32_t)(u[at] & 0x1F) << 6) | (u[at + 1] & 0x3F);
    case 3:
        return ((uint32_t)(u[at] & 0x0F) << 12) | ((uint32_t)(u[at + 1] & 0x3F) << 6) |
               (u[at + 2] & 0x3F);
    default:
        return ((uint32_t)(u[at] & 0x07) << 18) | ((uint32_t)(u[at + 1] & 0x3F) << 12) |
               ((uint32_t)(u[at + 2] & 0x3F) << 6) | (u[at + 3] & 0x3F);
    }
}

/** Surrogates and values above U+10FFFF are encoded as U+FFFD. */
size_t care_utf8_encode(uint32_t cp, char *buf)
{
    unsigned char *b = (unsigned char *)buf;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (unsigned char)(0xF0 | (cp >> 18));
    b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ---------- NFC ---------- */

static bool is_ascii(const char *s, size_t len)
{
    return ascii_run(s, len) == len;
}

static care_status copy_out(const char *s, size_t len, char **out, size_t *out_len)
{
    *out = care_strndup(s, len);
    if (*out == NULL)
        return CARE_ERR_NO_MEMORY;
    if (out_len)
        *out_len = len;
    return CARE_OK;
}

static care_status icu_fail(care_error *err, const char *what, UErrorCode code)
{
    if (code == U_MEMORY_ALLOCATION_ERROR)
        return care_fail(err, CARE_ERR_NO_MEMORY, "NFC: out of memory in %s", what);
    return care_fail(err, CARE_ERR_TEXT, "NFC: %s failed: %s", what, u_errorName(code));
}

/** UTF-16 to newly allocated UTF-8 (NUL-terminated). */
static care_status utf16_to_utf8(const UChar *u, int32_t ulen, char **out, size_t *out_len,
                                 care_error *err)
{
    UErrorCode code = U_ZERO_ERROR;
    int32_t n = 0;
    u_strToUTF8(NULL, 0, &n, u, ulen, &code);
    if (code != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(code))
        return icu_fail(err, "u_strToUTF8", code);
    char *buf = malloc((size_t)n + 1);
    if (buf == NULL)
        return care_fail(err, CARE_ERR_NO_MEMORY, "NFC: out of memory");
    code = U_ZERO_ERROR;
    u_strToUTF8(buf, n + 1, NULL, u, ulen, &code);
    if (U_FAILURE(code)) {
        free(buf);
        return icu_fail(err, "u_strToUTF8", code);
    }
    buf[n] = '\0';
    *out = buf;
    if (out_len)
        *out_len = (size_t)n;
    return CARE_OK;
}

/** Normalise UTF-16 `u` (length ulen) to NFC and convert the result to UTF-8. */
static care_status normalize_utf16(const UNormalizer2 *nfc, const UChar *u, int32_t ulen,
                                   char **out, size_t *out_len, care_error *err)
{
    UErrorCode code = U_ZERO_ERROR;
    int32_t n = unorm2_normalize(nfc, u, ulen, NULL, 0, &code);
    if (code != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(code))
        return icu_fail(err, "unorm2_normalize", code);
    UChar *norm = care_calloc((size_t)n + 1, sizeof *norm);
    if (norm == NULL)
        return care_fail(err, CARE_ERR_NO_MEMORY, "NFC: out of memory");
    code = U_ZERO_ERROR;
    n = unorm2_normalize(nfc, u, ulen, norm, n + 1, &code);
    care_status st = U_FAILURE(code) ? icu_fail(err, "unorm2_normalize", code)
                                     : utf16_to_utf8(norm, n, out, out_len, err);
    free(norm);
    return st;
}

/** What is known of the BMP characters met so far: which are NFC-stable. */
typedef struct nfc_memo {
    uint64_t known[0x10000 / 64], stable[0x10000 / 64];
} nfc_memo;

/** Does c stay as it is under NFC whatever surrounds it? True when its
 *  NFC_Quick_Check is Yes and its canonical combining class 0 (UAX #15 §9:
 *  a text of such characters is in NFC). */
static bool nfc_stable(nfc_memo *m, UChar32 c)
{
    if (c >= 0x10000)
        return u_getCombiningClass(c) == 0 &&
               u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES;
    uint64_t bit = (uint64_t)1 << (c % 64);
    if (!(m->known[c / 64] & bit)) {
        m->known[c / 64] |= bit;
        if (u_getCombiningClass(c) == 0 &&
            u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES)
            m->stable[c / 64] |= bit;
    }
    return (m->stable[c / 64] & bit) != 0;
}

/** Is valid UTF-8 s[0..len) made of NFC-stable characters only (so already in
 *  NFC, copied as it is)? Each BMP character is looked up in ICU once per call. */
static bool nfc_stable_text(const char *s, size_t len, bool *no_memory)
{
    nfc_memo *m = care_calloc(1, sizeof *m);
    *no_memory = m == NULL;
    bool stable = m != NULL;
    for (size_t i = 0; stable && i < len;) {
        if ((unsigned char)s[i] < 0x80)
            i += ascii_run(s + i, len - i);
        else if (care_utf8_is_unified_han(s, i))
            i += 3; /* U+4E00-U+9FFF: all NFC_QC=Yes, ccc 0 */
        else
            stable = nfc_stable(m, (UChar32)care_utf8_next(s, len, &i));
    }
    free(m);
    return stable;
}

/** NFC of valid UTF-8 s[0..len) into a new *out; *out stays NULL (CARE_OK)
 *  when s is already in NFC. */
static care_status nfc_unless_same(const char *s, size_t len, char **out, size_t *out_len,
                                   care_error *err)
{
    *out = NULL;
    if (is_ascii(s, len))
        return CARE_OK;
    bool no_memory = false;
    if (nfc_stable_text(s, len, &no_memory))
        return CARE_OK;
    if (no_memory)
        return care_fail(err, CARE_ERR_NO_MEMORY, "NFC: out of memory");
    if (len >= INT32_MAX) /* ICU lengths are int32_t */
        return care_fail(err, CARE_ERR_TEXT, "NFC: text of %zu bytes is too long", len);
    UErrorCode code = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&code);
    if (U_FAILURE(code))
        return icu_fail(err, "unorm2_getNFCInstance", code);
    UChar *u = care_calloc(len + 1, sizeof *u); /* UTF-16 never needs more units than UTF-8 bytes */
    if (u == NULL)
        return care_fail(err, CARE_ERR_NO_MEMORY, "NFC: out of memory");
    int32_t ulen = 0;
    u_strFromUTF8(u, (int32_t)len + 1, &ulen, s, (int32_t)len, &code);
    care_status st;
    if (U_FAILURE(code)) {
        st = icu_fail(err, "u_strFromUTF8", code);
    } else {
        UNormalizationCheckResult qc = unorm2_quickCheck(nfc, u, ulen, &code);
        if (U_SUCCESS(code) && qc == UNORM_YES)
            st = CARE_OK;
        else
            st = normalize_utf16(nfc, u, ulen, out, out_len, err);
    }
    free(u);
    return st;
}

care_status care_nfc(const char *s, size_t len, char **out, size_t *out_len, care_error *err)
{
    care_status st = nfc_unless_same(s, len, out, out_len, err);
    if (st == CARE_OK && *out == NULL)
        return copy_out(s, len, out, out_len);
    return st;
}

care_status care_nfc_take(char *s, size_t len, char **out, size_t *out_len, care_error *err)
{
    care_status st = nfc_unless_same(s, len, out, out_len, err);
    if (st == CARE_OK && *out == NULL) {
        *out = s;
        if (out_len)
            *out_len = len;
        return CARE_OK;
    }
    free(s);
    return st;
}

/* ---------- classification ---------- */

bool care_is_han(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F) ||
           cp == 0x3005 || cp == 0x3007;
}

bool care_is_cjk(uint32_t cp)
{
    if (care_is_han(cp))
        return true;
    return (cp >= 0x3000 && cp <= 0x303F) ||  /* CJK symbols and punctuation */
           (cp >= 0x3040 && cp <= 0x30FF) ||  /* hiragana, katakana */
           (cp >= 0x31F0 && cp <= 0x31FF) ||  /* katakana phonetic extensions */
           (cp >= 0x3100 && cp <= 0x312F) ||  /* bopomofo */
           (cp >= 0xAC00 && cp <= 0xD7AF) ||  /* Hangul syllables */
           (cp >= 0x1100 && cp <= 0x11FF) ||  /* Hangul jamo */
           (cp >= 0x3130 && cp <= 0x318F) ||  /* Hangul compatibility jamo */
           (cp >= 0xFF00 && cp <= 0xFF60) ||  /* full-width forms */
           (cp >= 0xFFE0 && cp <= 0xFFE6);
}

/* BCP 47 subtag at the start of tag, case-insensitively, ending the tag or
 * followed by '-' or '_'. */
static bool has_prefix_tag(const char *tag, const char *prefix)
{
    size_t n = 0;
    for (; prefix[n]; n++) { /* '_' and '-' alike: zh_Hant is zh-Hant */
        char a = tag[n] == '_' ? '-' : tag[n], b = prefix[n] == '_' ? '-' : prefix[n];
        if (!a || tolower((unsigned char)a) != tolower((unsigned char)b))
            return false;
    }
    return tag[n] == '\0' || tag[n] == '-' || tag[n] == '_';
}

bool care_lang_is_chinese(const char *lang)
{
    return lang && has_prefix_tag(lang, "zh");
}

bool care_lang_is_traditional(const char *lang)
{
    static const char *const tags[] = {"zh-Hant", "zh-TW", "zh-HK", "zh-MO"};
    for (size_t i = 0; lang && i < sizeof tags / sizeof *tags; i++)
        if (has_prefix_tag(lang, tags[i]))
            return true;
    return false;
}

/* The ICU locale of a BCP 47 tag ('_' taken for '-': zh_TW, as some pages write
 * it), if the whole tag parses; false for anything else. */
static bool lang_tag_locale(const char *tag, char *locale, int32_t size)
{
    char canon[CARE_LANG_TAG_MAX + 1];
    size_t n = tag ? strlen(tag) : 0;
    if (n == 0 || n > CARE_LANG_TAG_MAX)
        return false;
    for (size_t i = 0; i <= n; i++)
        canon[i] = tag[i] == '_' ? '-' : tag[i];
    int32_t parsed = 0;
    UErrorCode e = U_ZERO_ERROR;
    uloc_forLanguageTag(canon, locale, size, &parsed, &e);
    return U_SUCCESS(e) && (size_t)parsed == n;
}

bool care_lang_tag_valid(const char *tag)
{
    char locale[ULOC_FULLNAME_CAPACITY];
    return lang_tag_locale(tag, locale, sizeof locale);
}

bool care_language_known(const char *tag)
{
    char locale[ULOC_FULLNAME_CAPACITY];
    /* ICU's language table has a three-letter code for every language it knows. */
    return lang_tag_locale(tag, locale, sizeof locale) && *uloc_getISO3Language(locale) != '\0';
}

bool care_codepoint_in(const uint32_t *list, size_t n, uint32_t cp)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == cp)
            return true;
    return false;
}
