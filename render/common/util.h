/* Errors, checked allocation and a growable byte buffer (util.c). Not installed. */
#ifndef CARE_UTIL_H
#define CARE_UTIL_H

#include "carepage.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------- errors: one choke point ---------- */

/** Where a stage records a failure: status plus a detail message. */
typedef struct care_error {
    care_status status;
    char message[512];
} care_error;

/** Record a failure in `err` (may be NULL) and return `status`. printf-style message. */
care_status care_fail(care_error *err, care_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/** strerror_r into buf (thread-safe); a fixed text when that fails. */
const char *care_error_text(int errnum, char *buf, size_t size);

/* ---------- the CPU's vector instructions ---------- */

/* CARE_AVX2 marks a function compiled for AVX2 besides the plain x86-64
 * build (GCC and Clang on x86-64 only; elsewhere it is not defined): call it
 * only when care_have_avx2(). Loops built from one always-inlined body for
 * both targets give the same bytes when their arithmetic is integer. */
#if defined(__x86_64__) && defined(__GNUC__)
#define CARE_AVX2 __attribute__((target("avx2")))
#endif

/** Whether the CPU has AVX2 (asked once by the C library at start-up; thread-safe). */
static inline bool care_have_avx2(void)
{
#ifdef CARE_AVX2
    return __builtin_cpu_supports("avx2");
#else
    return false;
#endif
}

/* ---------- checked allocation ---------- */

/** calloc with an overflow check of n * size; NULL on failure or overflow. */
void *care_calloc(size_t n, size_t size);
/** realloc of an array to n elements of size bytes, overflow-checked; NULL on failure
 *  (the old block is then still valid). */
void *care_realloc_array(void *ptr, size_t n, size_t size);
/** Room for one element more in `items`, an array of `count` elements of `size` bytes
 *  with room for *cap: when full, *cap doubles (`first` when 0) and the array is
 *  reallocated. Returns the array (moved or not); NULL when out of memory, the old
 *  array and *cap then unchanged. */
void *care_grow_array(void *items, size_t count, size_t *cap, size_t first, size_t size);
/** A buffer of `bytes` bytes for a page raster or a decoded photo, not
 *  zeroed; NULL on failure; free with free(). Linux: from 1 MiB on, 2 MiB
 *  aligned and marked for transparent huge pages, so that its first touch
 *  costs a page fault a 2 MiB instead of one a 4 KiB (a phone page: 1
 *  instead of 500; the corpus' longest article 4,500 -> 2,500 faults and
 *  ~3 ms less on the drawing thread). */
uint8_t *care_large_alloc(size_t bytes);
/** Copy of `len` bytes plus a NUL; NULL on failure. */
char *care_strndup(const char *s, size_t len);

/* ---------- growable byte buffer ---------- */

typedef struct care_buf {
    char *data;
    size_t len, cap;
    bool failed; /* an allocation failed: contents are incomplete */
} care_buf;

void care_buf_append(care_buf *b, const char *s, size_t n);
void care_buf_puts(care_buf *b, const char *s);
void care_buf_printf(care_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void care_buf_free(care_buf *b);

#endif
