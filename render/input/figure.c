/* Photo sources as the article wrote them: data: URIs decoded, remote URLs
 * marked (carepage never fetches), local paths percent-decoded; and the test
 * that keeps file names out of captions. */
#include "common/util.h"
#include "input/figure.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool starts_with_ci(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++)
        if (tolower((unsigned char)s[i]) != prefix[i])
            return false;
    return true;
}

static int hex_value(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* %XX sequences decoded; a newly allocated string, *out_len its length. */
static char *percent_decode(const char *s, size_t n, size_t *out_len)
{
    char *out = care_calloc(n + 1, 1);
    size_t k = 0;
    for (size_t i = 0; out && i < n; i++) {
        if (s[i] == '%' && i + 2 < n && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
            out[k++] = (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out[k++] = s[i];
        }
    }
    if (out_len)
        *out_len = k;
    return out;
}

static int base64_value(char c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26
           : c >= '0' && c <= '9' ? c - '0' + 52 : c == '+' || c == '-' ? 62
           : c == '/' || c == '_' ? 63 : -1;
}

/* Base64 (RFC 4648, white space and padding skipped) into a new buffer. */
static uint8_t *base64_decode(const char *s, size_t n, size_t *out_len)
{
    uint8_t *out = care_calloc(n / 4 * 3 + 3, 1);
    size_t k = 0;
    unsigned acc = 0, bits = 0;
    for (size_t i = 0; out && i < n; i++) {
        int v = base64_value(s[i]);
        if (v < 0)
            continue;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[k++] = (uint8_t)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    *out_len = k;
    return out;
}

/* "data:[type][;base64],payload": ref->src becomes "data:type", bytes the payload. */
static bool data_uri(care_image_ref *ref, const char *s, size_t n)
{
    const char *comma = memchr(s, ',', n);
    size_t head = comma ? (size_t)(comma - s) : n;
    size_t type_end = 5;
    while (type_end < head && s[type_end] != ';')
        type_end++;
    ref->src = care_strndup(s, type_end);
    bool base64 = head >= 12 && starts_with_ci(s + head - 7, 7, ";base64");
    const char *payload = comma ? comma + 1 : s + n;
    size_t plen = (size_t)(s + n - payload);
    ref->bytes = base64 ? base64_decode(payload, plen, &ref->len)
                        : (uint8_t *)percent_decode(payload, plen, &ref->len);
    return ref->src && ref->bytes;
}

/* A URL with a scheme other than file: (mailto:, ftp:, ...): "scheme:" before any '/'. */
static bool has_scheme(const char *s, size_t n)
{
    for (size_t i = 0; i < n && s[i] != '/' && s[i] != '?' && s[i] != '#'; i++)
        if (s[i] == ':')
            return i > 1; /* "C:" would be a drive letter, not a scheme */
    return false;
}

static bool local_path(care_image_ref *ref, const char *s, size_t n)
{
    ref->src = care_strndup(s, n);
    if (starts_with_ci(s, n, "file://"))
        s += 7, n -= 7;
    size_t end = 0;
    while (end < n && s[end] != '?' && s[end] != '#')
        end++;
    ref->path = percent_decode(s, end, NULL);
    return ref->src && ref->path;
}

/* Room for one more source; false when out of memory. */
static bool grow(care_figure *fig)
{
    care_image_ref *v = care_grow_array(fig->refs, fig->count, &fig->cap, 4, sizeof *v);
    if (!v)
        return false;
    fig->refs = v;
    return true;
}

static void ref_free(care_image_ref *ref)
{
    free(ref->src);
    free(ref->path);
    free(ref->bytes);
}

bool care_figure_set_bytes(care_figure *fig, const void *bytes, size_t len)
{
    const char *name = fig->count ? fig->refs[0].src : "(bytes)";
    care_image_ref ref = {.src = care_strndup(name, strlen(name)), .bytes = care_calloc(len, 1),
                          .len = len, .given = true};
    if (!ref.src || !ref.bytes || (!(fig->count && fig->refs[0].given) && !grow(fig))) {
        ref_free(&ref);
        return false;
    }
    memcpy(ref.bytes, bytes, len);
    if (fig->count && fig->refs[0].given) {
        ref_free(&fig->refs[0]);
    } else {
        memmove(&fig->refs[1], &fig->refs[0], fig->count * sizeof *fig->refs);
        fig->count++;
    }
    fig->refs[0] = ref;
    return true;
}

bool care_figure_add_src(care_figure *fig, const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n == 0 || starts_with_ci(s, n, "about:") || starts_with_ci(s, n, "javascript:"))
        return true;
    if (!grow(fig))
        return false;
    care_image_ref *ref = &fig->refs[fig->count++];
    memset(ref, 0, sizeof *ref);
    if (starts_with_ci(s, n, "data:"))
        return data_uri(ref, s, n);
    if (starts_with_ci(s, n, "//") || (has_scheme(s, n) && !starts_with_ci(s, n, "file:"))) {
        ref->remote = true;
        ref->src = care_strndup(s, n);
        return ref->src != NULL;
    }
    return local_path(ref, s, n);
}

void care_figure_free(care_figure *fig)
{
    if (!fig)
        return;
    for (size_t i = 0; i < fig->count; i++)
        ref_free(&fig->refs[i]);
    free(fig->refs);
    free(fig);
}

bool care_text_is_file_name(const char *t, size_t n)
{
    static const char *const EXT[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp",
                                      ".svg", ".avif", ".heic", ".tif", ".tiff"};
    for (size_t i = 0; i < n; i++)
        if (isspace((unsigned char)t[i]))
            return false;
    for (size_t i = 0; i < sizeof EXT / sizeof *EXT; i++) {
        size_t k = strlen(EXT[i]);
        if (n > k && starts_with_ci(t + n - k, k, EXT[i]))
            return true;
    }
    return false;
}
