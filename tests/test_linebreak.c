/* Tests of line breaking (linebreak.c) through the internal pipeline:
 * care_itemize -> care_shape -> care_mark_breaks -> care_break_lines, at 32 px
 * with the default fonts (Noto Sans CJK SC). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/fitting.h"

#define PX 32.0f /* font size: 1 em */

/* ---------- fixture: one default font set for the whole group ---------- */

static int setup_fonts(void **state)
{
    care_error err = {0};
    care_fontset *fs = NULL;
    if (care_fontset_new(&fs, &err) != CARE_OK)
        return -1;
    if (care_fontset_load(fs, NULL, &err) != CARE_OK) {
        print_error("care_fontset_load: %s\n", err.message);
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

/* ---------- helpers ---------- */

/* Itemise, shape (zh-Hans, 32 px), mark breaks and space `text` with the
 * product's default typesetting: punctuation compression on, ¼ em
 * Chinese-Latin spacing, greedy fitting (tests set ts.total_fit themselves). */
static void prepare(care_fontset *fs, const char *text, const care_span *spans, size_t nspans,
                    care_para *p)
{
    care_error err = {0};
    memset(p, 0, sizeof *p);
    p->font_size = PX;
    care_status st = care_itemize(fs, text, strlen(text), spans, nspans, p, &err);
    if (st == CARE_OK)
        st = care_shape(fs, NULL, "zh-Hans", p, &err);
    if (st == CARE_OK)
        st = care_mark_breaks("zh-Hans", p, &err);
    p->ts = (care_typeset){.punct_trim = CARE_TRIM_ADJACENT | CARE_TRIM_START | CARE_TRIM_END,
                           .cjk_latin_gap = 0.25f * PX};
    care_apply_spacing(p);
    if (st != CARE_OK)
        print_error("prepare(%s): %s\n", text, err.message);
    assert_int_equal(st, CARE_OK);
    assert_true(p->cluster_count > 0);
    assert_int_equal(p->font_size, PX);
}

static size_t break_at(const care_para *p, float width, care_line_range **lines)
{
    care_error err = {0};
    size_t n = 0;
    *lines = NULL;
    care_status st = care_break_lines(p, width, 0, lines, &n, &err);
    if (st != CARE_OK)
        print_error("care_break_lines(%.2f): %s\n", (double)width, err.message);
    assert_int_equal(st, CARE_OK);
    assert_non_null(*lines);
    assert_true(n >= 1);
    return n;
}

static bool only_spaces(const char *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (s[i] != ' ')
            return false;
    return true;
}

/* Byte offset where line k starts. */
static size_t line_start_byte(const care_para *p, const care_line_range *l)
{
    return p->clusters[l->first].start;
}

/* Invariants of every line breaking: nothing lost, no overflow (except a
 * single cluster alone on a line), natural widths that add up. */
static void check_lines(const care_para *p, const care_line_range *lines, size_t n, float width)
{
    assert_int_equal(lines[0].first, 0);
    assert_int_equal(p->clusters[0].start, 0);
    for (size_t k = 0; k < n; k++) {
        const care_line_range *l = &lines[k];
        assert_true(l->first <= l->last);
        assert_true(l->last <= l->next);
        assert_true(l->next <= p->cluster_count);
        if (k > 0) {
            /* line k starts where line k-1 said the next line starts */
            assert_int_equal(l->first, lines[k - 1].next);
            assert_int_equal(line_start_byte(p, l), p->clusters[lines[k - 1].next].start);
            /* and between the two lines there are at most spaces */
            size_t prev_end = lines[k - 1].last > lines[k - 1].first
                                  ? p->clusters[lines[k - 1].last - 1].end
                                  : line_start_byte(p, &lines[k - 1]);
            assert_true(prev_end <= line_start_byte(p, l));
            assert_true(only_spaces(p->text, prev_end, line_start_byte(p, l)));
            assert_true(l->first < l->next); /* progress */
        }
        /* the natural width never exceeds the clusters' advances and Chinese-Latin
         * gaps (trims and a hanging mark only take width off) */
        float sum = 0;
        for (size_t i = l->first; i < l->last; i++)
            sum += p->clusters[i].advance + (i + 1 < l->last ? p->clusters[i].gap_after : 0);
        assert_true(l->natural > 0 || l->last == l->first);
        assert_true(l->natural <= sum + 0.01f);
        if (l->last - l->first > 1 && !(l->natural <= width + 0.01f))
            fail_msg("line %zu of %zu is %.2f px wide in a %.2f px measure", k, n,
                     (double)l->natural, (double)width);
    }
    const care_line_range *last = &lines[n - 1];
    assert_int_equal(last->next, p->cluster_count);
    size_t end = last->last > last->first ? p->clusters[last->last - 1].end : 0;
    assert_true(only_spaces(p->text, end, p->len));
    assert_int_equal(p->clusters[p->cluster_count - 1].end, p->len);
}

/* Does any line after the first start at byte `at`? */
static bool some_line_starts_at(const care_para *p, const care_line_range *lines, size_t n,
                                size_t at)
{
    for (size_t k = 1; k < n; k++)
        if (line_start_byte(p, &lines[k]) == at)
            return true;
    return false;
}

/* Does any line after the first start strictly inside the bytes (from, to)? */
static bool some_line_starts_inside(const care_para *p, const care_line_range *lines, size_t n,
                                    size_t from, size_t to)
{
    for (size_t k = 1; k < n; k++) {
        size_t at = line_start_byte(p, &lines[k]);
        if (at > from && at < to)
            return true;
    }
    return false;
}

static bool starts_with_cp(const care_para *p, const care_line_range *l, uint32_t cp)
{
    return l->first < p->cluster_count && p->clusters[l->first].first_cp == cp;
}

/* Print the lines (for failure diagnosis). */
static void dump_lines(const care_para *p, const care_line_range *lines, size_t n, float width)
{
    print_message("width %.2f em:\n", (double)(width / PX));
    for (size_t k = 0; k < n; k++) {
        size_t a = line_start_byte(p, &lines[k]);
        size_t b = lines[k].last > lines[k].first ? p->clusters[lines[k].last - 1].end : a;
        print_message("  [%zu] %.*s (%.2f px)\n", k, (int)(b - a), p->text + a,
                      (double)lines[k].natural);
    }
}

/* All byte offsets of `needle` in `hay`, plus `shift`. */
static size_t find_all(const char *hay, const char *needle, size_t shift, size_t *out, size_t max)
{
    size_t n = 0;
    for (const char *s = strstr(hay, needle); s && n < max; s = strstr(s + 1, needle))
        out[n++] = (size_t)(s - hay) + shift;
    return n;
}

#define FULLWIDTH_COMMA 0xFF0C
#define IDEOGRAPHIC_STOP 0x3002
#define FULLWIDTH_RPAREN 0xFF09
#define FULLWIDTH_LPAREN 0xFF08

/* ---------- kinsoku (避头尾) sweep ---------- */

#define SALES "本季度销售额（2024），同比上升三成。"

static void test_kinsoku_sweep(void **state)
{
    care_fontset *fs = *state;
    const char *text = SALES SALES SALES;
    care_para p;
    prepare(fs, text, NULL, 0, &p);

    size_t paren_after_4[8], comma_after_paren[8], open_paren[8];
    size_t n4 = find_all(text, "4）", 1, paren_after_4, 8);
    size_t nc = find_all(text, "），", strlen("）"), comma_after_paren, 8);
    size_t no = find_all(text, "（", 0, open_paren, 8);
    assert_int_equal(n4, 3);
    assert_int_equal(nc, 3);
    assert_int_equal(no, 3);

    size_t total_lines = 0;
    for (int q = 16; q <= 64 * 2 - 16 + 1; q++) { /* 4 .. 16 em in 1/4 em steps, greedy then total-fit */
        p.ts.total_fit = q > 64;
        float width = (float)(q > 64 ? q - 49 : q) * PX / 4;
        care_line_range *lines;
        size_t n = break_at(&p, width, &lines);
        total_lines += n;
        check_lines(&p, lines, n, width);
        for (size_t k = 1; k < n; k++) {
            if (starts_with_cp(&p, &lines[k], FULLWIDTH_COMMA) ||
                starts_with_cp(&p, &lines[k], IDEOGRAPHIC_STOP) ||
                starts_with_cp(&p, &lines[k], FULLWIDTH_RPAREN)) {
                dump_lines(&p, lines, n, width);
                fail_msg("line %zu starts with a forbidden mark at %.2f em", k,
                         (double)(width / PX));
            }
            /* an opening bracket never ends a line */
            const care_line_range *prev = &lines[k - 1];
            assert_true(prev->last > prev->first);
            assert_int_not_equal(p.clusters[prev->last - 1].last_cp, FULLWIDTH_LPAREN);
        }
        for (size_t i = 0; i < 3; i++) {
            assert_false(some_line_starts_at(&p, lines, n, paren_after_4[i]));
            assert_false(some_line_starts_at(&p, lines, n, comma_after_paren[i]));
        }
        free(lines);
    }
    /* the sweep really produced multi-line results: 54 em of text, >= 4 lines at 16 em */
    assert_true(total_lines > 49 * 4);
    care_para_free(&p);
}

/* The same text: the number 2024 inside （2024）， is never split (care-mode §3,
 * "Never split: a number").
 *
 * The unit （2024）， is 5.2 em uncompressed; compression (）before ， and （ at a
 * line start lose ½ em each) and the line-end trim let it fit from 4 em on. */
static void test_kinsoku_sweep_number_whole(void **state)
{
    care_fontset *fs = *state;
    const char *text = SALES SALES SALES;
    care_para p;
    prepare(fs, text, NULL, 0, &p);
    size_t years[8];
    size_t ny = find_all(text, "2024", 0, years, 8);
    assert_int_equal(ny, 3);
    for (int q = 16; q <= 64; q++) {
        float width = (float)q * PX / 4;
        care_line_range *lines;
        size_t n = break_at(&p, width, &lines);
        for (size_t i = 0; i < ny; i++) {
            if (some_line_starts_inside(&p, lines, n, years[i], years[i] + 4)) {
                dump_lines(&p, lines, n, width);
                free(lines);
                care_para_free(&p);
                fail_msg("the number 2024 was split at %.2f em", (double)(width / PX));
            }
        }
        free(lines);
    }
    care_para_free(&p);
}

/* Break flags themselves: none before ）or ，, none after （ (clreq 避头尾). */
static void test_kinsoku_flags(void **state)
{
    care_fontset *fs = *state;
    care_para p;
    prepare(fs, SALES, NULL, 0, &p);
    size_t opportunities = 0;
    for (size_t i = 1; i < p.cluster_count; i++) {
        const care_cluster *c = &p.clusters[i];
        bool brk = (c->flags & CARE_CL_BREAK_BEFORE) != 0;
        opportunities += brk;
        if (c->first_cp == FULLWIDTH_COMMA || c->first_cp == IDEOGRAPHIC_STOP ||
            c->first_cp == FULLWIDTH_RPAREN)
            assert_false(brk);
        if (p.clusters[i - 1].last_cp == FULLWIDTH_LPAREN)
            assert_false(brk);
        assert_false(c->flags & CARE_CL_MANDATORY);
    }
    /* between Han characters there are opportunities: 本|季|度|销|售|额 etc. */
    assert_true(opportunities >= 10);
    /* a break before （ is allowed (额|（) */
    for (size_t i = 1; i < p.cluster_count; i++)
        if (p.clusters[i].first_cp == FULLWIDTH_LPAREN)
            assert_true(p.clusters[i].flags & CARE_CL_BREAK_BEFORE);
    care_para_free(&p);
}

/* ---------- —— is one unit ---------- */

static void test_dash_pair_kept_whole(void **state)
{
    care_fontset *fs = *state;
    const char *text = "记者——本报特派员——报道。";
    care_para p;
    prepare(fs, text, NULL, 0, &p);
    size_t inside[4];
    size_t nd = find_all(text, "——", strlen("—"), inside, 4);
    assert_int_equal(nd, 2);
    for (int q = 8; q <= 40; q++) { /* 2 .. 10 em */
        float width = (float)q * PX / 4;
        care_line_range *lines;
        size_t n = break_at(&p, width, &lines);
        check_lines(&p, lines, n, width);
        for (size_t i = 0; i < nd; i++) {
            if (some_line_starts_at(&p, lines, n, inside[i])) {
                dump_lines(&p, lines, n, width);
                fail_msg("—— split at %.2f em", (double)(width / PX));
            }
        }
        free(lines);
    }
    care_para_free(&p);
}

/* ---------- opportunities do not depend on style runs ---------- */

static void test_bold_span_same_breaks(void **state)
{
    care_fontset *fs = *state;
    const char *text = "比分为3:1，主队获胜。";
    const char *num = strstr(text, "3:1");
    size_t a = (size_t)(num - text), b = a + 3, len = strlen(text);
    care_span spans[3] = {{0, a, 0}, {a, b, CARE_STYLE_BOLD}, {b, len, 0}};
    care_para plain, bold;
    prepare(fs, text, NULL, 0, &plain);
    prepare(fs, text, spans, 3, &bold);

    /* the bold span really used the bold face */
    uint16_t bold_face = care_fontset_role(fs, CARE_ROLE_CJK, true);
    bool saw_bold = false;
    for (size_t i = 0; i < bold.cluster_count; i++)
        if (bold.clusters[i].start >= a && bold.clusters[i].end <= b) {
            assert_true(bold.clusters[i].style & CARE_STYLE_BOLD);
            saw_bold |= bold.clusters[i].face == bold_face;
        }
    assert_true(saw_bold);

    assert_int_equal(plain.cluster_count, bold.cluster_count);
    for (size_t i = 0; i < plain.cluster_count; i++) {
        assert_int_equal(plain.clusters[i].start, bold.clusters[i].start);
        assert_int_equal(plain.clusters[i].end, bold.clusters[i].end);
        unsigned fp = plain.clusters[i].flags & (CARE_CL_BREAK_BEFORE | CARE_CL_MANDATORY);
        unsigned fb = bold.clusters[i].flags & (CARE_CL_BREAK_BEFORE | CARE_CL_MANDATORY);
        if (fp != fb)
            fail_msg("break flags differ at byte %zu: plain %u, bold %u",
                     plain.clusters[i].start, fp, fb);
        /* 3:1 is one number: no opportunity inside it */
        if (plain.clusters[i].start > a && plain.clusters[i].start < b)
            assert_false(fb & CARE_CL_BREAK_BEFORE);
    }

    for (int q = 12; q <= 32; q++) { /* 3 .. 8 em */
        float width = (float)q * PX / 4;
        const care_para *both[2] = {&plain, &bold};
        for (int v = 0; v < 2; v++) {
            care_line_range *lines;
            size_t n = break_at(both[v], width, &lines);
            check_lines(both[v], lines, n, width);
            for (size_t k = 1; k < n; k++) {
                assert_false(starts_with_cp(both[v], &lines[k], FULLWIDTH_COMMA));
                assert_false(starts_with_cp(both[v], &lines[k], IDEOGRAPHIC_STOP));
            }
            assert_false(some_line_starts_inside(both[v], lines, n, a, b));
            free(lines);
        }
    }
    care_para_free(&plain);
    care_para_free(&bold);
}

/* ---------- an exact fit ---------- */

static void test_exact_fit(void **state)
{
    care_fontset *fs = *state;
    const char *text = "昨日，305名选手参赛。";
    const char *head = "昨日，305";
    size_t head_len = strlen(head);
    care_para p;
    prepare(fs, text, NULL, 0, &p);
    float width = 0;
    size_t head_clusters = 0;
    for (size_t i = 0; i < p.cluster_count && p.clusters[i].end <= head_len; i++) {
        width += p.clusters[i].advance;
        head_clusters++;
    }
    assert_int_equal(head_clusters, 6); /* 昨 日 ， 3 0 5 */
    assert_int_equal(p.clusters[head_clusters].start, head_len);
    /* sanity: three full-width characters plus three proportional digits */
    assert_true(width > 3 * PX + 3 * 0.4f * PX && width < 3 * PX + 3 * 0.7f * PX);

    care_line_range *lines;
    size_t n = break_at(&p, width, &lines);
    check_lines(&p, lines, n, width);
    if (!(n >= 2 && lines[0].first == 0 && lines[0].last == head_clusters &&
          p.clusters[lines[0].last - 1].end == head_len)) {
        dump_lines(&p, lines, n, width);
        fail_msg("the first line is not exactly 昨日，305");
    }
    assert_int_equal(lines[0].next, head_clusters);
    assert_float_equal(lines[0].natural, width, 0.001);
    free(lines);
    care_para_free(&p);
}

/* ---------- a word longer than the line ---------- */

static void test_long_url(void **state)
{
    care_fontset *fs = *state;
    const char *text = "详情请访问https://example.com/a-very-long-path-without-breaks，或拨打热线。";
    care_para p;
    prepare(fs, text, NULL, 0, &p);
    float width = 6 * PX;
    care_line_range *lines;
    size_t n = break_at(&p, width, &lines);
    check_lines(&p, lines, n, width);
    float url = 0;
    for (size_t i = 0; i < p.cluster_count; i++)
        if (p.clusters[i].first_cp < 0x80)
            url += p.clusters[i].advance;
    assert_true(url > 2 * width); /* the URL alone needs several lines */
    assert_true(n >= 4);
    for (size_t k = 0; k < n; k++) {
        if (!(lines[k].natural <= width + 0.01f)) {
            dump_lines(&p, lines, n, width);
            fail_msg("line %zu overflows: %.2f px > %.2f px", k, (double)lines[k].natural,
                     (double)width);
        }
        if (k > 0)
            assert_false(starts_with_cp(&p, &lines[k], FULLWIDTH_COMMA));
    }
    free(lines);
    care_para_free(&p);
}

/* ---------- numbers stay whole ---------- */

static void test_numbers_not_split(void **state)
{
    care_fontset *fs = *state;
    const char *text = "增长了3.14%和1,000元";
    const char *pi = strstr(text, "3.14%"), *k1 = strstr(text, "1,000");
    size_t pa = (size_t)(pi - text), pb = pa + strlen("3.14%");
    size_t ka = (size_t)(k1 - text), kb = ka + strlen("1,000");
    care_para p;
    prepare(fs, text, NULL, 0, &p);
    for (size_t i = 0; i < p.cluster_count; i++) {
        size_t at = p.clusters[i].start;
        if ((at > pa && at < pb) || (at > ka && at < kb))
            assert_false(p.clusters[i].flags & CARE_CL_BREAK_BEFORE);
    }
    for (int q = 12; q <= 40; q++) { /* 3 .. 10 em */
        float width = (float)q * PX / 4;
        care_line_range *lines;
        size_t n = break_at(&p, width, &lines);
        check_lines(&p, lines, n, width);
        if (some_line_starts_inside(&p, lines, n, pa, pb) ||
            some_line_starts_inside(&p, lines, n, ka, kb)) {
            dump_lines(&p, lines, n, width);
            fail_msg("a number was split at %.2f em", (double)(width / PX));
        }
        free(lines);
    }
    care_para_free(&p);
}

/* ---------- marks that plain UAX #14 would let start a line ---------- */

/* · (AI), ～ (ID) and — (B2) may start a line under UAX #14; the Chinese strict rules
 * (care-mode §3) forbid it. */
static void test_chinese_rules_beyond_uax14(void **state)
{
    care_fontset *fs = *state;
    const char *text = "约翰·史密斯说，气温为10～20度，风力三～四级—偏北风。";
    care_para p;
    prepare(fs, text, NULL, 0, &p);
    size_t marks = 0;
    for (size_t i = 1; i < p.cluster_count; i++) {
        uint32_t cp = p.clusters[i].first_cp;
        if (cp == 0x00B7 || cp == 0xFF5E || cp == 0x2014) {
            marks++;
            if (p.clusters[i].flags & CARE_CL_BREAK_BEFORE)
                fail_msg("break allowed before U+%04X at byte %zu", (unsigned)cp,
                         p.clusters[i].start);
        }
    }
    assert_int_equal(marks, 4);
    /* from 3 em on: at 2 em the unit 10～ (2.1 em) cannot fit at all */
    for (int q = 12; q <= 40; q++) { /* 3 .. 10 em */
        float width = (float)q * PX / 4;
        care_line_range *lines;
        size_t n = break_at(&p, width, &lines);
        check_lines(&p, lines, n, width);
        for (size_t k = 1; k < n; k++) {
            if (starts_with_cp(&p, &lines[k], 0x00B7) || starts_with_cp(&p, &lines[k], 0xFF5E) ||
                starts_with_cp(&p, &lines[k], 0x2014) ||
                starts_with_cp(&p, &lines[k], FULLWIDTH_COMMA) ||
                starts_with_cp(&p, &lines[k], IDEOGRAPHIC_STOP)) {
                dump_lines(&p, lines, n, width);
                free(lines);
                care_para_free(&p);
                fail_msg("a forbidden mark starts line %zu at %.2f em", k, (double)(width / PX));
            }
        }
        free(lines);
    }
    care_para_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinsoku_flags),
        cmocka_unit_test(test_kinsoku_sweep),
        cmocka_unit_test(test_kinsoku_sweep_number_whole),
        cmocka_unit_test(test_dash_pair_kept_whole),
        cmocka_unit_test(test_chinese_rules_beyond_uax14),
        cmocka_unit_test(test_bold_span_same_breaks),
        cmocka_unit_test(test_exact_fit),
        cmocka_unit_test(test_long_url),
        cmocka_unit_test(test_numbers_not_split),
    };
    return cmocka_run_group_tests_name("linebreak", tests, setup_fonts, teardown_fonts);
}
