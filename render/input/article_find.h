/* Finding the article in a copy of a whole web page (article_find.c): the
 * text units (lines of a plain-text copy, or text blocks of an HTML page)
 * are classified as content or furniture by their own look (length, sentence
 * and clause punctuation, function words, dates, counters, navigation and
 * notice words, repetition of another unit, link density), in the manner of
 * jusText (Pomikálek 2011) and trafilatura; the article is the contiguous run
 * of units with the largest sum of scores; the headline is the nearest
 * headline-like unit before it, and the label/date lines between them are
 * bylines. Language cues only (Chinese and English); no site rules. */
#ifndef CARE_ARTICLE_FIND_H
#define CARE_ARTICLE_FIND_H

#include <stdbool.h>
#include <stddef.h>

/** One text unit handed to the classifier (borrowed UTF-8). */
typedef struct care_text_unit {
    const char *text;
    size_t len;
    size_t link_chars; /* code points inside links (HTML); 0 for plain text */
} care_text_unit;

/** What a unit becomes. */
typedef enum care_unit_role {
    CARE_ROLE_DROP = 0, /* furniture: left out */
    CARE_ROLE_TITLE,
    CARE_ROLE_BYLINE,
    CARE_ROLE_HEADING, /* a short line without sentence punctuation inside the article */
    CARE_ROLE_BODY,
    CARE_ROLE_BYLINE_MORE /* the byline before it goes on (a dateline set on lines of its
                             own: "2019" / "09/07" / "19:02"): joined to it with a space */
} care_unit_role;

/** The classifier's verdict over all units. */
typedef struct care_article_pick {
    bool page_copy;    /* the units look like a whole page (furniture around an article) */
    bool found;        /* an article was found in it; false: keep everything, warn */
    size_t first, end; /* the article's units [first, end) (title and bylines excluded) */
    size_t dropped;    /* units left out */
} care_article_pick;

/**
 * Classify units[0..n) and set roles[i] (n entries) for each. When the text is
 * not a page copy (nothing but the title and bylines would be left out) or no
 * article is found, pick->page_copy / pick->found say so and roles are not
 * meaningful. Returns false only when memory runs out. Pure function of its input.
 */
bool care_article_find(const care_text_unit *units, size_t n, unsigned char *roles,
                       care_article_pick *pick);

/**
 * Length of the byline s[0..len) without the page furniture at its end, for a page
 * copy's byline lines (plaintext.c) and an HTML page's dateline (html_dateline.c):
 * words after the last blank (space, tab, U+3000) that are a counter (digits; a year
 * is none), a page action (举报, 分享, 微博, 打印, Share, Print, …) or an app link
 * ("…APP", "…客户端"); a counter with its unit, glued or not ("57人参与11评论");
 * a staff code glued to the last name ("杨倩_NF4425"). "2019-09-05 11:10 游民星空[整理] 1"
 * keeps "2019-09-05 11:10 游民星空[整理]". Nothing is cut that would leave it empty;
 * trailing blanks are left out. Byte length; pure function.
 */
size_t care_byline_len(const char *s, size_t len);

/**
 * Where a font-size control sits inside the byline s[0..len): "字号：A- A A+" (a label
 * 字号/字体, a colon or not, then two or more of A- A A+ 大 中 小), with the blank after
 * it: [*start, *end). False when there is none. Pure function.
 */
bool care_byline_control(const char *s, size_t len, size_t *start, size_t *end);

#endif
