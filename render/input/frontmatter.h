/* Front matter of a Markdown article (frontmatter.c). Not installed. */
#ifndef CARE_FRONTMATTER_H
#define CARE_FRONTMATTER_H

#include <stddef.h>

/** What a Markdown article's front matter declares ("" when absent). */
typedef struct care_front_matter {
    char lang[32];
    char title[512], author[256], source[256];
} care_front_matter;

/**
 * Front matter ("---" / "key: value" lines / "---") at the very start of a
 * Markdown text: copies the `lang:`, `title:`, `author:` and `source:` values
 * into fm (empty otherwise) and overwrites the block with spaces, keeping
 * newlines, so that parsing and byte offsets are unaffected. Returns the
 * bytes blanked (0: none).
 */
size_t care_front_matter_blank(char *text, size_t len, care_front_matter *fm);

#endif
