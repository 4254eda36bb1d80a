/* Many keywords found in one pass over a text (keywords.c): the keywords of
 * up to 32 groups are indexed by their first character, so one walk over a
 * line tells which groups occur in it and which open it, instead of one
 * memmem per keyword. Built by the caller for each call that needs it (no
 * global state); the keyword strings are borrowed and must outlive it.
 * Not installed. */
#ifndef CARE_KEYWORDS_H
#define CARE_KEYWORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** One group of keywords (UTF-8, matched byte for byte, case-sensitive; they
 *  start with a whole character, so a scan skips continuation bytes). */
typedef struct care_keyword_group {
    const char *const *words;
    size_t count;
} care_keyword_group;

/** The groups a text holds: bit g set when a keyword of group g occurs. */
typedef struct care_keyword_hits {
    uint32_t anywhere; /* somewhere in the text (as memmem finds it) */
    uint32_t at_start; /* at byte 0 (as a prefix test finds it) */
} care_keyword_hits;

/** Keywords indexed by their first character. */
typedef struct care_keywords {
    uint32_t *head;        /* bucket of a first character -> first keyword + 1 (0: none) */
    uint32_t *next;        /* keyword -> next keyword in its bucket + 1 */
    const char **word;     /* keyword -> its bytes */
    size_t *len;           /* keyword -> its length (> 0) */
    uint32_t *first;       /* keyword -> its first code point */
    uint32_t *group;       /* keyword -> its group's bit */
} care_keywords;

/**
 * Index groups[0..n) (n <= 32; group i is bit 1u << i of the hits); empty
 * strings are ignored. Returns false when memory runs out (then k needs no
 * care_keywords_free). Not thread-safe on one k while building; scanning a
 * built k from several threads is safe.
 */
bool care_keywords_init(care_keywords *k, const care_keyword_group *groups, size_t n);
/** Free what care_keywords_init allocated (k itself is the caller's). */
void care_keywords_free(care_keywords *k);
/** The groups whose keywords occur in s[0..n), and those that open it. */
care_keyword_hits care_keywords_scan(const care_keywords *k, const char *s, size_t n);

#endif
