/* Fixtures shared by the cmocka tests: one engine with the default fonts. */
#ifndef CARE_TEST_HELPERS_H
#define CARE_TEST_HELPERS_H

#include "carepage.h"

#include <stdio.h>
#include <stdlib.h>

/* cmocka group setup: an engine with the default font set in *state. */
static inline int test_setup_engine(void **state)
{
    care_engine *e = NULL;
    if (care_engine_new(&e) != CARE_OK)
        return -1;
    if (care_engine_set_fonts(e, NULL) != CARE_OK) {
        print_error("fonts: %s\n", care_engine_last_error(e));
        care_engine_free(e);
        return -1;
    }
    *state = e;
    return 0;
}

/* An engine with the default font set, for a test of its own; the test fails
 * when the fonts cannot be loaded. Free with care_engine_free. */
static inline care_engine *test_engine_new(void)
{
    care_engine *e = NULL;
    assert_int_equal(care_engine_new(&e), CARE_OK);
    assert_int_equal(care_engine_set_fonts(e, NULL), CARE_OK);
    return e;
}

/* cmocka group teardown for test_setup_engine. */
static inline int test_teardown_engine(void **state)
{
    care_engine_free(*state);
    return 0;
}

#ifdef CAREPAGE_FIXTURES
/* The bytes of tests/fixtures/NAME (at most 64 KiB), NUL-terminated, newly
 * allocated; *len their count. The test fails when the file cannot be read. */
static inline char *test_read_fixture(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", CAREPAGE_FIXTURES, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 16);
    assert_non_null(buf);
    *len = fread(buf, 1, (1 << 16) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}
#endif

#if defined(_POSIX_C_SOURCE) && _POSIX_C_SOURCE >= 200809L
/* doc written as Markdown (care_document_write_markdown), newly allocated and
 * NUL-terminated; *len its byte count. The test fails when writing fails. */
static inline char *test_write_markdown(const care_document *doc, size_t *len)
{
    char *md = NULL;
    FILE *f = open_memstream(&md, len);
    assert_non_null(f);
    assert_int_equal(care_document_write_markdown(doc, f), CARE_OK);
    fclose(f);
    return md;
}
#endif

#endif
