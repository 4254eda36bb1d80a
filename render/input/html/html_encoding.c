/*
 * HTML input detection and character encodings: BOM, <meta charset>,
 * <meta http-equiv="Content-Type" content="...; charset=...">, conversion of
 * legacy encodings (GBK/GB18030, Big5, Shift_JIS, windows-125x, ...) to UTF-8
 * with ICU's converters.
 */
#include "common/text.h"
#include "input/html/html.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ustring.h>

#include <stdlib.h>
#include <string.h>

/** How far into the page a <meta charset> is looked for. */
#define META_SCAN_BYTES ((size_t)64 << 10)

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/** Does s[0..n) start with `prefix` (lower case), ignoring ASCII case? */
static bool starts_ci(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    if (k > n)
        return false;
    for (size_t i = 0; i < k; i++)
        if (lower(s[i]) != prefix[i])
            return false;
    return true;
}

/** Offset of `needle` (lower case) in s[0..n) ignoring case, or n. */
static size_t find_ci(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (starts_ci(s + i, n - i, needle))
            return i;
    return n;
}

static size_t skip_bom_and_space(const char *s, size_t n)
{
    size_t i = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

/* "<html" in UTF-16 of either byte order (a NUL-bearing needle, so no strlen). */
static bool has_utf16_html(const char *s, size_t n)
{
    static const char le[] = {'<', 0, 'h', 0, 't', 0, 'm', 0, 'l', 0};
    static const char be[] = {0, '<', 0, 'h', 0, 't', 0, 'm', 0, 'l'};
    for (size_t i = 0; i + sizeof le <= n; i++)
        if (memcmp(s + i, le, sizeof le) == 0 || memcmp(s + i, be, sizeof be) == 0)
            return true;
    return false;
}

bool care_html_detect(const char *bytes, size_t len)
{
    static const char *const starts[] = {"<!doctype html", "<html", "<head", "<body",
                                         "<meta", "<title", "<?xml"};
    if (len >= 2 && ((unsigned char)bytes[0] == 0xFF || (unsigned char)bytes[0] == 0xFE))
        return has_utf16_html(bytes, len < 4096 ? len : 4096);
    size_t i = skip_bom_and_space(bytes, len);
    if (i >= len || bytes[i] != '<')
        return false;
    for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++)
        if (starts_ci(bytes + i, len - i, starts[k]))
            return true;
    size_t window = len - i < 4096 ? len - i : 4096;
    return find_ci(bytes + i, window, "<html") < window || find_ci(bytes + i, window, "<body") < window;
}

/** Copy the charset value at s (after "charset") into label; false when none. */
static bool take_charset(const char *s, size_t n, char *label, size_t cap)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i >= n || s[i] != '=')
        return false;
    i++;
    while (i < n && (s[i] == ' ' || s[i] == '"' || s[i] == '\''))
        i++;
    size_t k = 0;
    while (i < n && k + 1 < cap && s[i] != '"' && s[i] != '\'' && s[i] != ';' && s[i] != '>' &&
           s[i] != ' ' && s[i] != '/')
        label[k++] = lower(s[i++]);
    label[k] = '\0';
    return k > 0;
}

/** The charset declared by the first <meta> that declares one; false when none. */
static bool declared_charset(const char *s, size_t n, char *label, size_t cap)
{
    if (n > META_SCAN_BYTES)
        n = META_SCAN_BYTES;
    size_t pos = 0;
    while (pos < n) {
        size_t at = pos + find_ci(s + pos, n - pos, "<meta");
        if (at >= n)
            return false;
        size_t end = at + find_ci(s + at, n - at, ">");
        size_t cs = at + find_ci(s + at, end - at, "charset");
        if (cs < end && take_charset(s + cs + 7, end - cs - 7, label, cap))
            return true;
        pos = end;
    }
    return false;
}

/**
 * The ICU converter for an encoding label, as the WHATWG Encoding Standard
 * (section 4.2, "Names and labels") maps labels to encodings: every GBK label
 * is the gb18030 decoder (byte 0x80 alone is €, see decode_callback), Big5's
 * labels are WHATWG Big5 (the HKSCS table), and latin1, ascii and
 * iso-8859-1 labels mean windows-1252. Other labels go to ICU as they are.
 */
static const char *converter_for(const char *label)
{
    static const struct {
        const char *label, *icu;
    } map[] = {{"gb2312", "GB18030"},         {"gbk", "GB18030"},
               {"gb_2312-80", "GB18030"},     {"x-gbk", "GB18030"},
               {"gb_2312", "GB18030"},        {"chinese", "GB18030"},
               {"csgb2312", "GB18030"},       {"csiso58gb231280", "GB18030"},
               {"iso-ir-58", "GB18030"},      {"cp936", "GB18030"},
               {"gb18030", "GB18030"},        {"big5", "Big5-HKSCS"},
               {"big5-hkscs", "Big5-HKSCS"},  {"cn-big5", "Big5-HKSCS"},
               {"csbig5", "Big5-HKSCS"},      {"x-x-big5", "Big5-HKSCS"},
               {"iso-8859-1", "windows-1252"}, {"iso8859-1", "windows-1252"},
               {"iso88591", "windows-1252"},  {"iso_8859-1", "windows-1252"},
               {"iso_8859-1:1987", "windows-1252"}, {"l1", "windows-1252"},
               {"latin1", "windows-1252"},    {"csisolatin1", "windows-1252"},
               {"iso-ir-100", "windows-1252"}, {"ibm819", "windows-1252"},
               {"cp819", "windows-1252"},     {"cp1252", "windows-1252"},
               {"x-cp1252", "windows-1252"},  {"us-ascii", "windows-1252"},
               {"ascii", "windows-1252"},     {"ansi_x3.4-1968", "windows-1252"},
               {"shift-jis", "Shift_JIS"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].label, label) == 0)
            return map[i].icu;
    return label;
}

/* UTF-8 labels, and the UTF-16/32 ones that a <meta> cannot truly mean: a page
 * whose meta could be read as ASCII is not UTF-16 (WHATWG: meta utf-16 → UTF-8). */
static bool is_utf8_label(const char *label)
{
    return strcmp(label, "utf-8") == 0 || strcmp(label, "utf8") == 0 ||
           strcmp(label, "unicode-1-1-utf-8") == 0 || strncmp(label, "utf-16", 6) == 0 ||
           strncmp(label, "utf-32", 6) == 0 || strcmp(label, "unicode") == 0;
}

/** Is s[0..n) valid UTF-8 with at least one non-ASCII byte? */
static bool plausible_utf8(const char *s, size_t n)
{
    bool high = false;
    for (size_t i = 0; i < n && !high; i++)
        high = (unsigned char)s[i] >= 0x80;
    if (!high)
        return false;
    char *copy = NULL;
    size_t copy_len = 0, bad = 0, replaced = 0;
    care_status st = care_utf8_validate(s, n, false, &copy, &copy_len, &bad, &replaced);
    free(copy);
    return st == CARE_OK;
}

/** What the decoding callback needs and finds. */
typedef struct decode_state {
    const char *start;  /* the bytes being converted */
    bool gb18030;       /* 0x80 alone is € (WHATWG gb18030 decoder, step 5) */
    bool replace;       /* ill-formed sequences become U+FFFD instead of failing */
    size_t replaced;    /* how many did */
    size_t bad_offset;  /* byte offset of the first ill-formed sequence not replaced */
    bool bad;
} decode_state;

/* Ill-formed or unmappable bytes: a lone 0x80 in GBK/GB18030 is €; otherwise
 * with replacement on one U+FFFD (never the SUB control some converters use),
 * counted; else the conversion stops and the offset is kept for the message. */
static void decode_callback(const void *context, UConverterToUnicodeArgs *args,
                            const char *units, int32_t length, UConverterCallbackReason reason,
                            UErrorCode *uerr)
{
    decode_state *d = (decode_state *)context;
    if (reason > UCNV_IRREGULAR)
        return; /* reset, close, clone: nothing to substitute */
    UChar sub = 0xFFFD;
    if (d->gb18030 && length == 1 && (unsigned char)units[0] == 0x80) {
        sub = 0x20AC;
    } else if (d->replace) {
        d->replaced++;
    } else {
        if (!d->bad)
            d->bad_offset = (size_t)(args->source - d->start) - (size_t)length;
        d->bad = true;
        return; /* *uerr stays a failure: the conversion stops */
    }
    *uerr = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &sub, 1, 0, uerr);
}

/** Convert with ICU: the bytes to UTF-16, then to UTF-8. */
/* skip: BOM bytes before `bytes` in the page, counted into error offsets. */
static care_status icu_convert(const char *bytes, size_t len, size_t skip, const char *conv_name,
                               bool replace, const char *name, char **out, size_t *out_len,
                               size_t *replaced, care_error *err)
{
    UErrorCode uerr = U_ZERO_ERROR;
    UConverter *conv = ucnv_open(conv_name, &uerr);
    if (U_FAILURE(uerr))
        return care_fail(err, CARE_ERR_TEXT, "%s: unknown character encoding \"%s\"", name,
                         conv_name);
    decode_state d = {.start = bytes, .replace = replace,
                      .gb18030 = strcmp(conv_name, "GB18030") == 0};
    ucnv_setToUCallBack(conv, decode_callback, &d, NULL, NULL, &uerr);
    size_t cap16 = len + 1;
    UChar *u16 = care_calloc(cap16, sizeof *u16);
    int32_t n16 = 0;
    if (u16 != NULL)
        n16 = ucnv_toUChars(conv, u16, (int32_t)cap16, bytes, (int32_t)len, &uerr);
    ucnv_close(conv);
    *replaced += d.replaced;
    if (u16 == NULL)
        return care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory converting %s", name,
                         conv_name);
    if (U_FAILURE(uerr)) {
        free(u16);
        if (d.bad)
            return care_fail(err, CARE_ERR_INVALID_UTF8,
                             "%s: bytes at byte offset %zu are not valid %s (the page's declared "
                             "encoding)", name, d.bad_offset + skip, conv_name);
        return care_fail(err, CARE_ERR_INVALID_UTF8,
                         "%s: bytes are not valid %s (the page's declared encoding): %s", name,
                         conv_name, u_errorName(uerr));
    }
    int32_t n8 = 0;
    uerr = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &n8, u16, n16, &uerr);
    uerr = U_ZERO_ERROR;
    char *u8 = malloc((size_t)n8 + 1);
    if (u8 != NULL)
        u_strToUTF8WithSub(u8, n8 + 1, &n8, u16, n16, 0xFFFD, NULL, &uerr);
    free(u16);
    if (u8 == NULL || U_FAILURE(uerr)) {
        free(u8);
        return care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory converting %s", name,
                         conv_name);
    }
    *out = u8;
    *out_len = (size_t)n8;
    return CARE_OK;
}

/** The encoding of a page from its BOM; NULL when it has none. *skip: BOM bytes. */
static const char *bom_encoding(const char *s, size_t n, size_t *skip)
{
    const unsigned char *u = (const unsigned char *)s;
    *skip = 0;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        *skip = 3;
        return "UTF-8";
    }
    if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
        *skip = 2;
        return "UTF-16BE";
    }
    if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
        *skip = 2;
        return "UTF-16LE";
    }
    return NULL;
}

care_status care_html_decode(const char *bytes, size_t len, bool replace, const char *name,
                             char **out, size_t *out_len, size_t *replaced, care_error *err)
{
    *out = NULL;
    *out_len = 0;
    if (len > INT32_MAX / 2)
        return care_fail(err, CARE_ERR_LIMIT, "%s: page of %zu bytes is too long", name, len);
    size_t skip = 0;
    const char *enc = bom_encoding(bytes, len, &skip);
    char label[64] = "utf-8";
    if (enc == NULL && declared_charset(bytes, len, label, sizeof label) &&
        !is_utf8_label(label) && !plausible_utf8(bytes, len))
        enc = converter_for(label);
    if (enc != NULL && strcmp(enc, "UTF-8") != 0)
        return icu_convert(bytes + skip, len - skip, skip, enc, replace, name, out, out_len,
                           replaced, err);
    *out = care_strndup(bytes + skip, len - skip);
    if (*out == NULL)
        return care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory", name);
    *out_len = len - skip;
    return CARE_OK;
}
