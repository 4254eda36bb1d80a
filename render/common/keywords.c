/* Keyword groups found in one pass (see keywords.h). */
#include "common/keywords.h"
#include "common/text.h"

#include <stdlib.h>
#include <string.h>

/** Buckets of the first-character index (a power of two). */
#define BUCKETS 4096

static size_t total_words(const care_keyword_group *groups, size_t n)
{
    size_t total = 0;
    for (size_t g = 0; g < n; g++)
        total += groups[g].count;
    return total;
}

/** Add keyword w (non-empty) of group bit `group` as keyword number `i`. */
static void add_word(care_keywords *k, size_t i, const char *w, uint32_t group)
{
    size_t len = strlen(w), first_len = 0;
    uint32_t cp = care_utf8_next(w, len, &first_len);
    size_t b = cp & (BUCKETS - 1);
    k->word[i] = w;
    k->len[i] = len;
    k->first[i] = cp;
    k->group[i] = group;
    k->next[i] = k->head[b];
    k->head[b] = (uint32_t)i + 1;
}

bool care_keywords_init(care_keywords *k, const care_keyword_group *groups, size_t n)
{
    memset(k, 0, sizeof *k);
    n = n > 32 ? 32 : n;
    size_t total = total_words(groups, n), count = 0;
    k->head = care_calloc(BUCKETS, sizeof *k->head);
    k->next = care_calloc(total + 1, sizeof *k->next);
    k->word = care_calloc(total + 1, sizeof *k->word);
    k->len = care_calloc(total + 1, sizeof *k->len);
    k->first = care_calloc(total + 1, sizeof *k->first);
    k->group = care_calloc(total + 1, sizeof *k->group);
    if (!k->head || !k->next || !k->word || !k->len || !k->first || !k->group) {
        care_keywords_free(k);
        return false;
    }
    for (size_t g = 0; g < n; g++)
        for (size_t i = 0; i < groups[g].count; i++)
            if (groups[g].words[i][0] != '\0')
                add_word(k, count++, groups[g].words[i], 1u << g);
    return true;
}

void care_keywords_free(care_keywords *k)
{
    free(k->head);
    free(k->next);
    free(k->word);
    free(k->len);
    free(k->first);
    free(k->group);
    memset(k, 0, sizeof *k);
}

/** The groups of the keywords that start at s[0] with character cp (n bytes left). */
static uint32_t hits_at(const care_keywords *k, uint32_t cp, const char *s, size_t n)
{
    uint32_t hits = 0;
    for (uint32_t w = k->head[cp & (BUCKETS - 1)]; w != 0; w = k->next[w - 1])
        if (k->first[w - 1] == cp && k->len[w - 1] <= n &&
            memcmp(k->word[w - 1], s, k->len[w - 1]) == 0)
            hits |= k->group[w - 1];
    return hits;
}

care_keyword_hits care_keywords_scan(const care_keywords *k, const char *s, size_t n)
{
    care_keyword_hits h = {0, 0};
    for (size_t i = 0; i < n;) {
        size_t at = i;
        uint32_t cp = care_utf8_next(s, n, &i);
        if (k->head[cp & (BUCKETS - 1)] != 0) {
            uint32_t hits = hits_at(k, cp, s + at, n - at);
            h.anywhere |= hits;
            h.at_start |= at == 0 ? hits : 0;
        }
    }
    return h;
}
