/* Unicode conformance: every case of GraphemeBreakTest.txt and LineBreakTest.txt
 * (Debian's unicode-data package) through carepage's own cluster code
 * (care_itemize) and break-opportunity code (care_mark_breaks, zh-Hans).
 *
 * carepage differs from plain UAX #14 on purpose; each difference must be one
 * of the tailorings listed in LINE_TAILORINGS / GRAPHEME_TAILORINGS below, on
 * characters of the UAX #14 classes listed there. Any other difference, in
 * either direction, fails the test. The counts are printed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uversion.h>

#include "common/text.h"
#include "layout/paragraph.h"

#ifndef CAREPAGE_UNICODE_DATA
#define CAREPAGE_UNICODE_DATA "/usr/share/unicode/auxiliary"
#endif

#define MAX_CPS 64

/* ---------- the test files ---------- */

/** One test case: code points and, for each position, whether a break is expected before it. */
typedef struct ucase {
    uint32_t cps[MAX_CPS];
    bool brk[MAX_CPS + 1]; /* brk[i]: "÷" before cps[i] (brk[n]: at the end) */
    size_t n;
    char text[MAX_CPS * 4 + 1];
    size_t off[MAX_CPS + 1]; /* byte offset of cps[i] in text; off[n] = its length */
} ucase;

/** Parse "÷ 0023 × 0308 ÷ # comment"; false for comment and blank lines. */
static bool parse_case(const char *line, ucase *c)
{
    memset(c, 0, sizeof *c);
    const char *p = line;
    bool any = false;
    while (*p && *p != '#') {
        if (strncmp(p, "\xC3\xB7", 2) == 0 || strncmp(p, "\xC3\x97", 2) == 0) { /* ÷ × */
            c->brk[c->n] = p[1] == '\xB7';
            p += 2;
        } else if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'F')) {
            char *end;
            unsigned long cp = strtoul(p, &end, 16);
            assert_true(c->n < MAX_CPS);
            c->cps[c->n++] = (uint32_t)cp;
            p = end;
            any = true;
        } else {
            p++;
        }
    }
    size_t len = 0;
    for (size_t i = 0; i < c->n; i++) {
        c->off[i] = len;
        len += care_utf8_encode(c->cps[i], c->text + len);
    }
    c->off[c->n] = len;
    c->text[len] = '\0';
    return any;
}

/** The test file `name` from unicode-data, its version line in `version`; fails the
 *  test with what to install when the package is missing. */
static FILE *open_test_file(const char *name, char *version, size_t size)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", CAREPAGE_UNICODE_DATA, name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("%s is missing: install Debian's unicode-data package "
                 "(apt-get install unicode-data; it is in the README's package list)", path);
    char line[256] = "";
    if (!fgets(line, sizeof line, f))
        fail_msg("%s is empty", path);
    line[strcspn(line, "\r\n")] = '\0';
    snprintf(version, size, "%s", line + (line[0] == '#' ? 2 : 0));
    return f;
}

static const char *lb_class(uint32_t cp)
{
    int32_t v = u_getIntPropertyValue((UChar32)cp, UCHAR_LINE_BREAK);
    const char *name = u_getPropertyValueName(UCHAR_LINE_BREAK, v, U_SHORT_PROPERTY_NAME);
    return name ? name : "XX";
}

/* ---------- tailorings ---------- */

/** A deliberate difference from the Unicode algorithm. */
typedef struct tailoring {
    const char *name;
    const char *why;
    const char *classes; /* UAX #14 classes of the deciding character, space-separated */
    size_t cases;        /* differences it explained */
    char seen[160];      /* classes met, space-separated */
} tailoring;

enum { T_IN_CLUSTER, T_LINE_START, T_LINE_END, T_UNIT, T_ICU_NUMBERS, LINE_TAILORING_COUNT };

static tailoring LINE_TAILORINGS[LINE_TAILORING_COUNT] = {
    [T_IN_CLUSTER] = {"between clusters only",
                      "a line breaks only between grapheme clusters (UAX #29); UAX #14 "
                      "LB9/LB10 let a space or control take no mark, so it breaks "
                      "inside SP + CM, BK + ZWJ, ...",
                      "CM ZWJ"},
    [T_LINE_START] = {"clreq 3.1.7 line-start prohibition (避头)",
                      "no break before a mark that may not start a line, also "
                      "across spaces",
                      "AL AI BA B2 CJ CL CP EX IN IS NS PO QU"},
    [T_LINE_END] = {"clreq 3.1.7 line-end prohibition (避尾)",
                    "no break after an opening bracket or quote", "OP QU"},
    [T_UNIT] = {"clreq 3.1.7 unbreakable marks",
                "—— …… ⋯⋯ are kept whole", "B2 IN"},
    [T_ICU_NUMBERS] = {"ICU 72's numbers",
                       "ICU's, not carepage's: LB25 as UAX #14's pair rules (HY × NU, IS × NU "
                       "everywhere) where the test file uses the expression of UAX #14 8.2 "
                       "Example 7, and no break after a hyphen that opens the text",
                       "HY IS"},
};

enum { T_MODIFIER, GRAPHEME_TAILORING_COUNT };

static tailoring GRAPHEME_TAILORINGS[GRAPHEME_TAILORING_COUNT] = {
    [T_MODIFIER] = {"UTS #51 2.4 lone emoji modifier",
                    "an emoji modifier after a character that is no modifier base is a "
                    "cluster of its own (a colour swatch), not part of the character",
                    "EM"},
};

/** Count a difference explained by t, whose deciding character is cp. */
static void note(tailoring *t, uint32_t cp)
{
    t->cases++;
    const char *cls = lb_class(cp);
    char word[16];
    snprintf(word, sizeof word, " %s ", cls);
    char padded[sizeof t->seen + 2];
    snprintf(padded, sizeof padded, " %s ", t->seen);
    if (!strstr(padded, word) && strlen(t->seen) + strlen(cls) + 2 < sizeof t->seen)
        snprintf(t->seen + strlen(t->seen), sizeof t->seen - strlen(t->seen), "%s%s",
                 t->seen[0] ? " " : "", cls);
}

/** Every class met is one the tailoring lists. */
static void check_classes(const tailoring *t)
{
    char listed[96];
    snprintf(listed, sizeof listed, " %s ", t->classes);
    char seen[sizeof t->seen];
    snprintf(seen, sizeof seen, "%s", t->seen);
    for (char *w = strtok(seen, " "); w; w = strtok(NULL, " ")) {
        char word[16];
        snprintf(word, sizeof word, " %s ", w);
        if (!strstr(listed, word))
            fail_msg("tailoring \"%s\" met class %s, which it does not list (%s)", t->name, w,
                     t->classes);
    }
}

static void print_tailorings(const tailoring *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        print_message("  tailored, %s: %zu differences (classes met: %s; %s)\n", t[i].name, t[i].cases,
                      t[i].seen[0] ? t[i].seen : "none", t[i].why);
}

/* ---------- fixture ---------- */

static int setup_fonts(void **state)
{
    care_error err = {0};
    care_fontset *fs = NULL;
    if (care_fontset_new(&fs, &err) != CARE_OK || care_fontset_load(fs, NULL, &err) != CARE_OK) {
        print_error("fonts: %s\n", err.message);
        care_fontset_free(fs);
        return -1;
    }
    *state = fs;
    return 0;
}

static int teardown_fonts(void **state)
{
    care_fontset_free(*state);
    return 0;
}

/** Itemise (and, with `lang`, mark the breaks of) a case's text. */
static void itemize(care_fontset *fs, const ucase *c, const char *lang, care_para *p)
{
    care_error err = {0};
    memset(p, 0, sizeof *p);
    p->font_size = 16;
    care_status st = care_itemize(fs, c->text, c->off[c->n], NULL, 0, p, &err);
    if (st == CARE_OK && lang)
        st = care_mark_breaks(lang, p, &err);
    if (st != CARE_OK)
        fail_msg("%s", err.message);
}

/** The cluster starting at byte `at`, or NULL when a cluster spans it. */
static const care_cluster *cluster_at(const care_para *p, size_t at)
{
    for (size_t k = 0; k < p->cluster_count; k++)
        if (p->clusters[k].start == at)
            return &p->clusters[k];
    return NULL;
}

static void print_case(const char *what, const ucase *c, size_t i)
{
    char buf[MAX_CPS * 8] = "";
    for (size_t k = 0; k < c->n; k++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%04X(%s)",
                 k == i ? " [here] " : " ", (unsigned)c->cps[k], lb_class(c->cps[k]));
    print_error("%s before position %zu:%s\n", what, i, buf);
}

/* ---------- grapheme clusters ---------- */

/** Which tailoring explains a cluster start where UAX #29 has none; NULL: none does. */
static tailoring *grapheme_tailoring(const ucase *c, size_t i)
{
    if (u_hasBinaryProperty((UChar32)c->cps[i], UCHAR_EMOJI_MODIFIER) &&
        !u_hasBinaryProperty((UChar32)c->cps[i - 1], UCHAR_EMOJI_MODIFIER_BASE))
        return &GRAPHEME_TAILORINGS[T_MODIFIER];
    return NULL;
}

/** Compare one case; returns 0 conformant, 1 tailored, 2 failing. */
static int grapheme_case(care_fontset *fs, const ucase *c)
{
    care_para p;
    itemize(fs, c, NULL, &p);
    int verdict = 0;
    for (size_t i = 1; i < c->n; i++) {
        bool ours = cluster_at(&p, c->off[i]) != NULL;
        if (ours == c->brk[i])
            continue;
        tailoring *t = ours ? grapheme_tailoring(c, i) : NULL;
        if (t) {
            note(t, c->cps[i]);
            verdict = verdict > 1 ? verdict : 1;
        } else {
            print_case(ours ? "cluster boundary UAX #29 does not have" : "missing cluster boundary",
                       c, i);
            verdict = 2;
        }
    }
    care_para_free(&p);
    return verdict;
}

/* ---------- line breaking ---------- */

static bool is_break_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0x200B; /* as care_itemize's CARE_CL_SPACE */
}

static bool resolves_to_al(int32_t lb)
{
    return lb == U_LB_ALPHABETIC || lb == U_LB_AMBIGUOUS || lb == U_LB_COMPLEX_CONTEXT ||
           lb == U_LB_UNKNOWN;
}

/** ICU's rules where LineBreakTest.txt has ÷ before cps[i]: HY or IS (marks
 *  after it skipped) before a digit, or a hyphen opening the text before a letter. */
static bool icu_numbers(const ucase *c, size_t i, uint32_t *decider)
{
    size_t k = i;
    while (k > 0 && (u_getIntPropertyValue((UChar32)c->cps[k - 1], UCHAR_LINE_BREAK) ==
                         U_LB_COMBINING_MARK ||
                     c->cps[k - 1] == 0x200D))
        k--;
    if (k == 0)
        return false;
    int32_t prev = u_getIntPropertyValue((UChar32)c->cps[k - 1], UCHAR_LINE_BREAK);
    int32_t next = u_getIntPropertyValue((UChar32)c->cps[i], UCHAR_LINE_BREAK);
    *decider = c->cps[k - 1];
    if ((prev == U_LB_HYPHEN || prev == U_LB_INFIX_NUMERIC) && next == U_LB_NUMERIC)
        return true;
    return prev == U_LB_HYPHEN && k == 1 && resolves_to_al(next);
}

/** Which tailoring explains a missing opportunity before cps[i]; NULL: none does. */
static tailoring *line_tailoring(const care_para *p, const ucase *c, size_t i, uint32_t *decider)
{
    if (!cluster_at(p, c->off[i])) {
        *decider = c->cps[i];
        return &LINE_TAILORINGS[T_IN_CLUSTER];
    }
    size_t k = i;
    while (k < c->n && is_break_space(c->cps[k]))
        k++;
    if (k < c->n && care_forbidden_at_line_start(c->cps[k])) {
        *decider = c->cps[k];
        return &LINE_TAILORINGS[T_LINE_START];
    }
    if (care_forbidden_at_line_end(c->cps[i - 1])) {
        *decider = c->cps[i - 1];
        return &LINE_TAILORINGS[T_LINE_END];
    }
    uint32_t a = c->cps[i - 1], b = c->cps[i];
    if (a == b && (a == 0x2014 || a == 0x2026 || a == 0x22EF)) {
        *decider = b;
        return &LINE_TAILORINGS[T_UNIT];
    }
    return icu_numbers(c, i, decider) ? &LINE_TAILORINGS[T_ICU_NUMBERS] : NULL;
}

/** Compare one case; returns 0 conformant, 1 tailored, 2 failing. */
static int line_case(care_fontset *fs, const ucase *c)
{
    care_para p;
    itemize(fs, c, "zh-Hans", &p);
    int verdict = 0;
    for (size_t i = 1; i < c->n; i++) {
        const care_cluster *cl = cluster_at(&p, c->off[i]);
        bool ours = cl && (cl->flags & CARE_CL_BREAK_BEFORE);
        if (ours == c->brk[i])
            continue;
        uint32_t decider = 0;
        tailoring *t = ours ? NULL : line_tailoring(&p, c, i, &decider);
        if (t) {
            note(t, decider);
            verdict = verdict > 1 ? verdict : 1;
        } else {
            print_case(ours ? "break opportunity UAX #14 does not have" : "missing break opportunity",
                       c, i);
            verdict = 2;
        }
    }
    care_para_free(&p);
    return verdict;
}

/* ---------- the runs ---------- */

typedef int (*case_fn)(care_fontset *fs, const ucase *c);

static void run_file(care_fontset *fs, const char *name, case_fn fn, const tailoring *tailorings,
                     size_t ntailorings)
{
    char version[128];
    FILE *f = open_test_file(name, version, sizeof version);
    size_t counts[3] = {0}, lines = 0;
    char line[4096];
    ucase c;
    while (fgets(line, sizeof line, f)) {
        if (!parse_case(line, &c))
            continue;
        lines++;
        counts[fn(fs, &c)]++;
    }
    fclose(f);
    char icu[U_MAX_VERSION_STRING_LENGTH], uni[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo v;
    u_getVersion(v);
    u_versionToString(v, icu);
    u_getUnicodeVersion(v);
    u_versionToString(v, uni);
    print_message("%s (ICU %s, Unicode %s): %zu cases, %zu as the Unicode algorithm, "
                  "%zu tailored, %zu failing\n", version, icu, uni, lines, counts[0], counts[1],
                  counts[2]);
    print_tailorings(tailorings, ntailorings);
    for (size_t i = 0; i < ntailorings; i++)
        check_classes(&tailorings[i]);
    assert_true(lines > 500); /* the whole file was read */
    assert_int_equal(counts[2], 0);
}

static void test_grapheme_break(void **state)
{
    run_file(*state, "GraphemeBreakTest.txt", grapheme_case, GRAPHEME_TAILORINGS,
             GRAPHEME_TAILORING_COUNT);
}

static void test_line_break(void **state)
{
    run_file(*state, "LineBreakTest.txt", line_case, LINE_TAILORINGS, LINE_TAILORING_COUNT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grapheme_break),
        cmocka_unit_test(test_line_break),
    };
    return cmocka_run_group_tests(tests, setup_fonts, teardown_fonts);
}
