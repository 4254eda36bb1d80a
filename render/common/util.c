/* Errors, checked allocation, growable buffers, status names. */
#define _POSIX_C_SOURCE 200809L /* the POSIX strerror_r */
#define _DEFAULT_SOURCE         /* madvise, MADV_HUGEPAGE */
#include "common/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

const char *care_error_text(int errnum, char *buf, size_t size)
{
    return strerror_r(errnum, buf, size) == 0 ? buf : "I/O error";
}

#define CARE_STR_(x) #x
#define CARE_STR(x) CARE_STR_(x)

/**
 * After vsnprintf truncated a message, drop a UTF-8 sequence that was cut in
 * the middle, so the message stays valid UTF-8 (file names may be Chinese).
 */
static void trim_partial_utf8(char *msg, size_t len)
{
    size_t i = len;
    size_t back = 0;
    while (i > 0 && back < 4 && ((unsigned char)msg[i - 1] & 0xC0) == 0x80) {
        i--;
        back++;
    }
    if (i == 0 || (unsigned char)msg[i - 1] < 0xC0)
        return; /* ends in ASCII or only continuation bytes: nothing to fix */
    unsigned char lead = (unsigned char)msg[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (back + 1 < need)
        msg[i - 1] = '\0';
}

care_status care_fail(care_error *err, care_status status, const char *fmt, ...)
{
    if (err == NULL)
        return status;
    err->status = status;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    if (n < 0)
        err->message[0] = '\0';
    else if ((size_t)n >= sizeof err->message)
        trim_partial_utf8(err->message, sizeof err->message - 1);
    return status;
}

void *care_calloc(size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    if (n == 0 || size == 0)
        return calloc(1, 1);
    return calloc(n, size);
}

void *care_realloc_array(void *ptr, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    size_t bytes = n * size;
    return realloc(ptr, bytes ? bytes : 1);
}

void *care_grow_array(void *items, size_t count, size_t *cap, size_t first, size_t size)
{
    if (count < *cap)
        return items;
    size_t more = *cap ? *cap * 2 : first;
    void *v = care_realloc_array(items, more, size);
    if (v != NULL)
        *cap = more;
    return v;
}

uint8_t *care_large_alloc(size_t bytes)
{
#ifdef MADV_HUGEPAGE
    const size_t huge = (size_t)2 << 20;
    void *p = NULL;
    /* rounded up to whole huge pages when that wastes little (a phone grey
     * page: 23 KB); else only the whole huge pages inside it are huge (an RGB
     * page of 6.2 MB would take 8) */
    size_t rounded = (bytes + huge - 1) / huge * huge;
    rounded = rounded - bytes <= bytes / 16 ? rounded : bytes;
    if (bytes >= huge / 2 && rounded >= bytes && posix_memalign(&p, huge, rounded) == 0) {
        madvise(p, rounded, MADV_HUGEPAGE); /* a hint: its failure changes nothing */
        return p;
    }
#endif
    return malloc(bytes);
}

char *care_strndup(const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return NULL;
    if (len > 0)
        memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

/** Make room for `extra` more bytes plus a NUL; false (and b->failed) on failure. */
static bool buf_reserve(care_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (extra >= SIZE_MAX - b->len) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *data = realloc(b->data, cap);
    if (data == NULL) {
        b->failed = true;
        return false;
    }
    b->data = data;
    b->cap = cap;
    return true;
}

void care_buf_append(care_buf *b, const char *s, size_t n)
{
    if (!buf_reserve(b, n))
        return;
    if (n > 0)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void care_buf_puts(care_buf *b, const char *s)
{
    care_buf_append(b, s, strlen(s));
}

void care_buf_printf(care_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        care_buf_append(b, small, (size_t)n);
        return;
    }
    if (!buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void care_buf_free(care_buf *b)
{
    if (b == NULL)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

const char *care_status_string(care_status status)
{
    switch (status) {
    case CARE_OK: return "ok";
    case CARE_ERR_INVALID_ARGUMENT: return "invalid argument";
    case CARE_ERR_NO_MEMORY: return "out of memory";
    case CARE_ERR_IO: return "input/output error";
    case CARE_ERR_INVALID_UTF8: return "invalid UTF-8";
    case CARE_ERR_FONT: return "font error";
    case CARE_ERR_LOW_CONTRAST: return "contrast too low";
    case CARE_ERR_LIMIT: return "limit exceeded";
    case CARE_ERR_TEXT: return "text processing error";
    case CARE_ERR_PNG: return "PNG error";
    }
    return "unknown status";
}

const char *care_version_string(void)
{
    return CARE_STR(CARE_VERSION_MAJOR) "." CARE_STR(CARE_VERSION_MINOR) "." CARE_STR(
        CARE_VERSION_PATCH);
}
