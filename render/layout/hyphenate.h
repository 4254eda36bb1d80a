/* Break opportunities inside Latin words and URLs in CJK text (hyphenate.c),
 * so a justified line need not be left loose. Not installed. */
#ifndef CARE_HYPHENATE_H
#define CARE_HYPHENATE_H

#include "layout/paragraph.h"

typedef struct _HyphenDict HyphenDict;

/** The hyphenation patterns carepage uses: Debian's hyphen-en-us (libhyphen). */
#ifndef CAREPAGE_HYPHEN_DICT
#define CAREPAGE_HYPHEN_DICT "/usr/share/hyphen/hyph_en_US.dic"
#endif

/** Load the patterns at `path`; NULL when the file is missing or unreadable
 *  (no words are hyphenated then). Free with care_hyphen_free. */
HyphenDict *care_hyphen_load(const char *path);
void care_hyphen_free(HyphenDict *dict);

/**
 * Add break opportunities to a justified paragraph whose breaks are marked
 * (care_mark_breaks): inside Latin words of 5 or more letters at the points
 * libhyphen's patterns give, at least 2 letters before and 3 after (the
 * patterns' own minimums), flagged CARE_CL_HYPHEN (a hyphen is drawn at the
 * line end); and inside URLs after / . - ? & before a letter or digit (no
 * hyphen drawn), flagged CARE_CL_URL_BREAK. Fitting weighs both against a
 * loose line. Also makes sure p has a hyphen glyph. `dict` may be NULL (no
 * hyphenation). Words in capitals (acronyms), words joined to digits or other
 * letters (iOS18, e-mail) and words inside URLs are left whole.
 */
care_status care_mark_hyphens(care_fontset *fs, const HyphenDict *dict, care_para *p,
                              care_error *err);

#endif
