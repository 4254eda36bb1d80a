/* Break opportunities inside Latin words (libhyphen with Debian's hyphen-en-us
 * patterns) and URLs in CJK text. */
#include "layout/hyphenate.h"

#include <hyphen.h>
#include <stdlib.h>
#include <string.h>

#define MIN_WORD 5   /* letters: shorter words stay whole */
#define MIN_BEFORE 2 /* letters before the hyphen */
#define MIN_AFTER 3  /* letters after it */
#define MAX_WORD 64  /* longer runs of letters are not words to hyphenate */

HyphenDict *care_hyphen_load(const char *path)
{
    return path ? hnj_hyphen_load(path) : NULL;
}

void care_hyphen_free(HyphenDict *dict)
{
    if (dict)
        hnj_hyphen_free(dict);
}

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_alnum(char c)
{
    return is_letter(c) || (c >= '0' && c <= '9');
}

/* Does the cluster hold ASCII letters only? */
static bool letters_only(const care_para *p, const care_cluster *c)
{
    for (size_t b = c->start; b < c->end; b++)
        if (!is_letter(p->text[b]))
            return false;
    return c->end > c->start;
}

/* Is the word at bytes [start, end) joined to more on either side: digits,
 * letters or a mark that makes it part of a longer token (iOS18, e-mail, a.b)? */
static bool joined(const care_para *p, size_t start, size_t end)
{
    static const char JOINERS[] = "0123456789-_/@&'\\";
    char before = start > 0 ? p->text[start - 1] : 0, after = end < p->len ? p->text[end] : 0;
    if ((before && (strchr(JOINERS, before) || before == '.')) || (after && strchr(JOINERS, after)))
        return true;
    return after == '.' && end + 1 < p->len && is_alnum(p->text[end + 1]);
}

/* A word to hyphenate: not in capitals, no capital inside (GitHub, iPhone). */
static bool plain_word(const char *w, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (is_upper(w[i]))
            return false;
    return true;
}

/* A break inside a word or URL; one ICU already allows inside a URL is
 * flagged as such too (fitting weighs it the same). */
static void flag_break(care_para *p, size_t i, uint16_t kind)
{
    uint16_t f = p->clusters[i].flags;
    if (!(f & CARE_CL_MANDATORY) && (kind == CARE_CL_URL_BREAK || !(f & CARE_CL_BREAK_BEFORE)))
        p->clusters[i].flags |= CARE_CL_BREAK_BEFORE | kind;
}

/* Hyphenate the word of clusters [first, last) (letters only). Returns the
 * number of points added, or -1 when libhyphen fails. */
static int hyphenate_word(const HyphenDict *dict, care_para *p, size_t first, size_t last)
{
    size_t start = p->clusters[first].start, n = p->clusters[last - 1].end - start;
    char word[MAX_WORD + 1], hyphens[MAX_WORD + 5];
    if (n < MIN_WORD || n > MAX_WORD || joined(p, start, start + n) ||
        !plain_word(p->text + start, n))
        return 0;
    for (size_t i = 0; i < n; i++)
        word[i] = (char)(p->text[start + i] | 0x20); /* the patterns are lower case */
    word[n] = 0;
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    int rc = hnj_hyphen_hyphenate3((HyphenDict *)dict, word, (int)n, hyphens, NULL, &rep, &pos,
                                   &cut, MIN_BEFORE, MIN_AFTER, MIN_BEFORE, MIN_AFTER);
    free(pos);
    free(cut);
    if (rep) { /* non-standard hyphenation (not in the English patterns) */
        for (size_t i = 0; i < n; i++)
            free(rep[i]);
        free(rep);
        return 0;
    }
    if (rc != 0)
        return -1;
    int added = 0;
    for (size_t i = first + 1; i < last; i++) {
        size_t at = p->clusters[i].start - start; /* letters before the cluster */
        if (at >= MIN_BEFORE && n - at >= MIN_AFTER && (hyphens[at - 1] & 1)) {
            flag_break(p, i, CARE_CL_HYPHEN);
            added++;
        }
    }
    return added;
}

/* A URL: a run of printable ASCII holding "://" or starting with "www.". */
static bool is_url(const char *s, size_t n, size_t *body)
{
    for (size_t i = 0; i + 3 <= n; i++)
        if (!memcmp(s + i, "://", 3)) {
            *body = i + 3;
            return true;
        }
    *body = 4;
    return n > 4 && !memcmp(s, "www.", 4);
}

/* Break after / . - ? & before a letter or digit inside the URL's address part. */
static size_t mark_url(care_para *p, size_t first, size_t last)
{
    size_t start = p->clusters[first].start, n = p->clusters[last - 1].end - start, body;
    if (!is_url(p->text + start, n, &body))
        return first;
    for (size_t i = first + 1; i < last; i++) {
        const care_cluster *c = &p->clusters[i];
        char prev = p->text[c->start - 1];
        if (c->start - start >= body && strchr("/.-?&", prev) && is_alnum(p->text[c->start]))
            flag_break(p, i, CARE_CL_URL_BREAK);
    }
    return last;
}

static bool printable_ascii(const care_para *p, const care_cluster *c)
{
    for (size_t b = c->start; b < c->end; b++)
        if ((unsigned char)p->text[b] <= ' ' || (unsigned char)p->text[b] >= 0x7F)
            return false;
    return true;
}

care_status care_mark_hyphens(care_fontset *fs, const HyphenDict *dict, care_para *p,
                              care_error *err)
{
    size_t n = p->cluster_count;
    for (size_t i = 0; i < n;) { /* URLs first: their words stay whole */
        size_t j = i;
        while (j < n && printable_ascii(p, &p->clusters[j]))
            j++;
        i = j > i ? mark_url(p, i, j) : i + 1;
        if (i < j) { /* not a URL: hyphenate its words */
            for (size_t k = i; k < j;) {
                size_t e = k;
                while (e < j && letters_only(p, &p->clusters[e]))
                    e++;
                if (e > k && dict && hyphenate_word(dict, p, k, e) < 0)
                    return care_fail(err, CARE_ERR_NO_MEMORY, "libhyphen failed on the word at "
                                     "byte %zu", p->clusters[k].start);
                k = e > k ? e : k + 1;
            }
            i = j;
        }
    }
    if (p->hyphen_advance == 0)
        care_choose_hyphen(fs, p);
    return CARE_OK;
}
