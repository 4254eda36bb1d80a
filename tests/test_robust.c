/* Huge and degenerate input, and faults: glyphs of 512-2048 px drawn inside
 * their bounding boxes, a 200,000-character paragraph without a break
 * opportunity, 10,000 combining marks on one base, empty / white-space-only /
 * emoji-only documents (each a correct page or a clear error, in seconds); the
 * CLI on a full disk (exit 4, no file left), other files of the output
 * directory untouched, byte-identical output on repeated runs, limit options.
 * Needs CAREPAGE_CLI, CAREPAGE_ARTICLE and CAREPAGE_TEST_TMP for the CLI tests. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_helpers.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "layout/fonts.h"
#include "raster/raster.h"

#include FT_OUTLINE_H

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Generous: sanitizer builds are several times slower than the few seconds a
 * release build takes (see the timings printed). */
#define MAX_SECONDS 30.0

/* ---------- huge glyphs ---------- */

/* The outline's control box at `size` px, in whole pixels (y up). */
static void glyph_box(const care_face *f, uint32_t id, float size, int *x0, int *y0, int *x1,
                      int *y1)
{
    FT_Face ft = f->ft;
    assert_int_equal(FT_Set_Char_Size(ft, 0, (FT_F26Dot6)lroundf(size * 64), 72, 72), 0);
    assert_int_equal(FT_Load_Glyph(ft, id, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP), 0);
    FT_BBox b;
    FT_Outline_Get_CBox(&ft->glyph->outline, &b);
    *x0 = (int)floor(b.xMin / 64.0), *y0 = (int)floor(b.yMin / 64.0);
    *x1 = (int)ceil(b.xMax / 64.0), *y1 = (int)ceil(b.yMax / 64.0);
}

typedef struct rect {
    int x0, y0, x1, y1; /* page pixels, y down, [x0, x1) x [y0, y1) */
} rect;

static void test_huge_glyphs(void **state)
{
    care_engine *e = *state;
    static const char TEXT[] = "龘鬱";
    care_document *doc = NULL;
    care_parse_options po = {.format = CARE_FORMAT_MARKDOWN};
    assert_int_equal(care_document_parse(e, TEXT, strlen(TEXT), &po, &doc), CARE_OK);
    static const float SIZES[] = {512, 1024, 2048};
    for (size_t s = 0; s < 3; s++) {
        double t0 = now();
        float size = SIZES[s];
        care_page_options o;
        care_page_options_preset(&o, "phone");
        o.font_size = size;
        o.margin_side = 16, o.margin_top = 64, o.margin_bottom = 160;
        o.width = (int)(2 * size) + 64;
        o.height = (int)(size * 1.7f * 1.6f) + 240;
        o.indent_em = 0;
        care_layout *L = NULL;
        if (care_layout_new(e, doc, &o, &L) != CARE_OK)
            fail_msg("%g px: %s", (double)size, care_engine_last_error(e));
        assert_int_equal(care_layout_page_count(L), 1);

        /* Each glyph's mask lies within its outline's box (one pixel of slack for
         * the subpixel origin and anti-aliasing), and is big: no overflowed size. */
        rect boxes[64];
        size_t nbox = 0, big = 0;
        const care_page *pg = &L->pages[0];
        for (size_t li = pg->line_start; li < pg->line_start + pg->line_count; li++) {
            const care_line *line = &L->lines[li];
            for (size_t gi = line->glyph_start; gi < line->glyph_start + line->glyph_count; gi++) {
                const care_placed_glyph *g = &L->glyphs[gi];
                care_glyph_mask m;
                int ox = 0;
                assert_int_equal(care_glyph_cache_get(e->glyphs, e->fonts, g->face, g->id,
                                                      line->font_size, g->x, &m, &ox, NULL),
                                 CARE_OK);
                if (!m.coverage)
                    continue;
                int x0, y0, x1, y1;
                glyph_box(care_fontset_face(e->fonts, g->face), g->id, line->font_size, &x0, &y0,
                          &x1, &y1);
                if (m.left < x0 - 1 || m.left + m.width > x1 + 2 || m.top > y1 + 1 ||
                    m.top - m.height < y0 - 1)
                    fail_msg("%g px glyph %u: mask %d,%d %dx%d outside box %d..%d x %d..%d",
                             (double)line->font_size, (unsigned)g->id, m.left, m.top, m.width,
                             m.height, x0, x1, y0, y1);
                if (line->block >= 0) {
                    assert_true(m.width > size / 2 && m.width <= size * 1.1f);
                    assert_true(m.height > size / 2 && m.height <= size * 1.1f);
                    big++;
                }
                int by = (int)lroundf(line->baseline + g->y);
                assert_true(nbox < 64);
                boxes[nbox++] = (rect){ox + m.left - 1, by - m.top - 1, ox + m.left + m.width + 1,
                                       by - m.top + m.height + 1};
            }
        }
        assert_int_equal(big, 2);

        /* Every inked pixel of the rendered page is inside a glyph box. */
        care_surface sf = {NULL, o.width, o.height, (size_t)o.width, CARE_PIXEL_GRAY8};
        sf.pixels = malloc(sf.stride * (size_t)sf.height);
        assert_non_null(sf.pixels);
        assert_int_equal(care_render_page(L, 0, &sf), CARE_OK);
        size_t ink = 0;
        for (int y = 0; y < sf.height; y++) {
            const uint8_t *row = sf.pixels + (size_t)y * sf.stride;
            for (int x = 0; x < sf.width; x++) {
                if (row[x] == 0xFF)
                    continue;
                ink++;
                bool inside = false;
                for (size_t b = 0; b < nbox && !inside; b++)
                    inside = x >= boxes[b].x0 && x < boxes[b].x1 && y >= boxes[b].y0 &&
                             y < boxes[b].y1;
                if (!inside)
                    fail_msg("%g px: ink at %d,%d outside every glyph box", (double)size, x, y);
            }
        }
        assert_true(ink > (size_t)(size * size / 8));
        free(sf.pixels);
        care_layout_free(L);
        double dt = now() - t0;
        print_message("glyphs at %g px: %.2f s\n", (double)size, dt);
        assert_true(dt < MAX_SECONDS);
    }
    care_document_free(doc);
}

/* ---------- degenerate documents ---------- */

/* Parse, lay out on a phone page and render the first and last pages; returns
 * the status (CARE_OK or an error with a message) and the page count. */
static care_status run_text(care_engine *e, const char *text, size_t len, care_format format,
                            size_t *pages, double *seconds)
{
    double t0 = now();
    care_document *doc = NULL;
    care_layout *L = NULL;
    care_parse_options po = {.format = format, .name = "degenerate"};
    care_status st = care_document_parse(e, text, len, &po, &doc);
    care_page_options o;
    care_page_options_preset(&o, "phone");
    if (st == CARE_OK)
        st = care_layout_new(e, doc, &o, &L);
    *pages = L ? care_layout_page_count(L) : 0;
    for (size_t p = 0; st == CARE_OK && p < *pages; p += (*pages > 1 ? *pages - 1 : 1)) {
        care_surface s = {NULL, o.width, o.height, (size_t)o.width * 3, CARE_PIXEL_RGB888};
        s.pixels = malloc(s.stride * (size_t)s.height);
        assert_non_null(s.pixels);
        st = care_render_page(L, p, &s);
        free(s.pixels);
    }
    /* every line starts on the page; only a line of one grapheme cluster wider
     * than the text box (a base with thousands of spacing marks) may run past it */
    for (size_t i = 0; L && i < L->line_count; i++) {
        const care_line *l = &L->lines[i];
        assert_true(l->x >= 0 && l->x < (float)o.width);
        if (l->x + l->width > (float)o.width + 0.5f)
            print_message("line %zu: %zu bytes, %.0f px wide, runs past the page\n", i,
                          l->end - l->start, (double)l->width);
    }
    care_layout_free(L);
    care_document_free(doc);
    *seconds = now() - t0;
    if (st != CARE_OK)
        assert_true(strlen(care_engine_last_error(e)) > 0);
    return st;
}

static char *repeat(const char *unit, size_t times, const char *prefix, size_t *len)
{
    size_t u = strlen(unit), p = strlen(prefix);
    char *s = malloc(p + u * times + 2);
    assert_non_null(s);
    memcpy(s, prefix, p);
    for (size_t i = 0; i < times; i++)
        memcpy(s + p + i * u, unit, u);
    *len = p + u * times;
    s[(*len)++] = '\n';
    s[*len] = '\0';
    return s;
}

static void check_case(care_engine *e, const char *what, const char *text, size_t len,
                       care_format format, size_t min_pages)
{
    size_t pages = 0;
    double dt = 0;
    care_status st = run_text(e, text, len, format, &pages, &dt);
    print_message("%s: %s, %zu page(s), %.2f s\n", what, care_status_string(st), pages, dt);
    if (st != CARE_OK)
        fail_msg("%s: %s", what, care_engine_last_error(e));
    assert_true(pages >= min_pages);
    assert_true(dt < MAX_SECONDS);
}

static void test_long_unbreakable_paragraph(void **state)
{
    size_t len;
    /* Latin letters: one "word" of 200,000 characters */
    char *s = repeat("a", 200000, "", &len);
    check_case(*state, "200000 x 'a'", s, len, CARE_FORMAT_MARKDOWN, 2);
    free(s);
    /* em dashes: never broken between (UAX #14 B2 B2) and ambiguous width */
    s = repeat("\xE2\x80\x94", 200000, "", &len);
    check_case(*state, "200000 x U+2014", s, len, CARE_FORMAT_MARKDOWN, 2);
    free(s);
    /* digits with a non-breaking space glue */
    s = repeat("9\xC2\xA0", 100000, "", &len);
    check_case(*state, "100000 x '9 NBSP'", s, len, CARE_FORMAT_MARKDOWN, 2);
    free(s);
}

static void test_combining_marks(void **state)
{
    size_t len;
    char *s = repeat("\xCC\x81", 10000, "a", &len); /* a + 10,000 x U+0301 */
    check_case(*state, "a + 10000 x U+0301", s, len, CARE_FORMAT_MARKDOWN, 1);
    free(s);
    s = repeat("\xE0\xA5\x8D", 10000, "\xE0\xA4\x95", &len); /* क + 10,000 virama */
    check_case(*state, "ka + 10000 x U+094D", s, len, CARE_FORMAT_MARKDOWN, 1);
    free(s);
}

static void test_empty_and_blank(void **state)
{
    care_engine *e = *state;
    check_case(e, "empty", "", 0, CARE_FORMAT_AUTO, 1);
    check_case(e, "empty text", "", 0, CARE_FORMAT_TEXT, 1);
    check_case(e, "empty html", "", 0, CARE_FORMAT_HTML, 1);
    static const char WS[] = "  \n\n\t \r\n\xE3\x80\x80\n \xC2\xA0 \n";
    check_case(e, "white space", WS, strlen(WS), CARE_FORMAT_AUTO, 1);
    check_case(e, "white space text", WS, strlen(WS), CARE_FORMAT_TEXT, 1);
    size_t len;
    char *s = repeat("\n", 100000, "", &len);
    check_case(e, "100000 newlines", s, len, CARE_FORMAT_TEXT, 1);
    free(s);
}

static void test_only_emoji(void **state)
{
    size_t len;
    char *s = repeat("\xF0\x9F\x98\x80\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD" /* 😀👍🏽 */
                     "\xF0\x9F\x87\xA8\xF0\x9F\x87\xB3", /* 🇨🇳 */
                     300, "", &len);
    check_case(*state, "emoji only", s, len, CARE_FORMAT_TEXT, 1);
    free(s);
    check_case(*state, "one emoji", "\xF0\x9F\x98\x80", 4, CARE_FORMAT_AUTO, 1);
}

/* ---------- the CLI: faults, untouched files, determinism, limit options ---------- */

typedef struct env {
    const char *cli, *article, *tmp;
} env;

static bool get_env(env *v)
{
    v->cli = getenv("CAREPAGE_CLI");
    v->article = getenv("CAREPAGE_ARTICLE");
    v->tmp = getenv("CAREPAGE_TEST_TMP");
    return v->cli && v->article && v->tmp;
}

static int sh(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    return rc != -1 && WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* Entries of dir other than . and .., written to `names` (space separated). */
static size_t list_dir(const char *dir, char *names, size_t size)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    names[0] = '\0';
    if (!d)
        return 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, ".."))
            continue;
        n++;
        strncat(names, ent->d_name, size - strlen(names) - 2);
        strcat(names, " ");
    }
    closedir(d);
    return n;
}

static void test_cli_full_disk_rlimit(void **state)
{
    (void)state;
    env v;
    if (!get_env(&v))
        skip();
    char dir[4096], names[4096];
    snprintf(dir, sizeof dir, "%s/robust-fsize", v.tmp);
    sh("rm -rf '%s'", dir);
    /* A file size limit of 8 KiB: every page write fails like a full disk (EFBIG). */
    int rc = sh("trap '' XFSZ; ulimit -f 16; exec '%s' -q '%s' -o '%s' 2>/dev/null", v.cli,
                v.article, dir);
    assert_int_equal(rc, 4);
    assert_int_equal(list_dir(dir, names, sizeof names), 0);
    sh("rm -rf '%s'", dir);
}

static void test_cli_full_tmpfs(void **state)
{
    (void)state;
    env v;
    if (!get_env(&v))
        skip();
    char mnt[4096], names[4096];
    snprintf(mnt, sizeof mnt, "%s/robust-tmpfs", v.tmp);
    mkdir(mnt, 0755);
    if (sh("mount -t tmpfs -o size=16k carepage-test '%s' 2>/dev/null", mnt) != 0) {
        print_message("cannot mount a tmpfs (not root?): the file-size-limit test covers it\n");
        rmdir(mnt);
        skip();
    }
    /* 16 KiB: no page of the sample fits */
    int rc = sh("'%s' -q '%s' -o '%s/out' 2>/dev/null", v.cli, v.article, mnt);
    char out[4200];
    snprintf(out, sizeof out, "%s/out", mnt);
    size_t n = list_dir(out, names, sizeof names);
    /* fill the rest, then ask for the dump only on the full disk */
    sh("cat /dev/zero > '%s/fill' 2>/dev/null", mnt);
    int rc_json = sh("'%s' -q '%s' -o '%s/pages' --layout-json '%s/layout.json' 2>/dev/null",
                     v.cli, v.article, v.tmp, mnt);
    char root[4096];
    list_dir(mnt, root, sizeof root);
    sh("umount '%s'", mnt);
    rmdir(mnt);
    sh("rm -rf '%s/pages'", v.tmp);
    assert_int_equal(rc, 4);
    if (n)
        fail_msg("left in the full output directory: %s", names);
    assert_int_equal(rc_json, 4);
    if (strcmp(root, "out ") && strcmp(root, "fill out ") && strcmp(root, "out fill "))
        fail_msg("left on the full disk: %s", root);
}

static bool same_file(const char *a, const char *b)
{
    return sh("cmp -s '%s' '%s'", a, b) == 0;
}

static void test_cli_keeps_other_files_and_repeats(void **state)
{
    (void)state;
    env v;
    if (!get_env(&v))
        skip();
    char d1[4096], d2[4096];
    snprintf(d1, sizeof d1, "%s/robust-run1", v.tmp);
    snprintf(d2, sizeof d2, "%s/robust-run2", v.tmp);
    sh("rm -rf '%s' '%s' && mkdir -p '%s' '%s'", d1, d2, d1, d2);
    sh("printf 'keep me' > '%s/notes.txt' && printf 'old' > '%s/page-099.png'", d1, d1);
    for (int run = 0; run < 2; run++) {
        const char *d = run ? d2 : d1;
        assert_int_equal(sh("'%s' -q --theme yellow-on-black '%s' -o '%s' --layout-json "
                            "'%s/layout.json'", v.cli, v.article, d, d), 0);
    }
    assert_int_equal(sh("test \"$(cat '%s/notes.txt')\" = 'keep me' && "
                        "test \"$(cat '%s/page-099.png')\" = old", d1, d1), 0);
    char names[4096], a[8192], b[8192];
    size_t n = list_dir(d2, names, sizeof names);
    assert_true(n >= 3); /* pages and the dump */
    for (char *name = strtok(names, " "); name; name = strtok(NULL, " ")) {
        if (name[0] == '.')
            continue; /* .carepage-set names each directory's own dump */
        snprintf(a, sizeof a, "%s/%s", d1, name);
        snprintf(b, sizeof b, "%s/%s", d2, name);
        if (!same_file(a, b))
            fail_msg("%s differs between two runs", name);
    }
    sh("rm -rf '%s' '%s'", d1, d2);
}

static void test_cli_limit_options(void **state)
{
    (void)state;
    env v;
    if (!get_env(&v))
        skip();
    char err[4096];
    snprintf(err, sizeof err, "%s/robust-limit.err", v.tmp);
    static const struct {
        const char *option, *names;
        int code;
    } CASES[] = {
        {"--max-pages 1", "max_pages", 5},
        {"--max-input 1K", "max-input limit of 1024 bytes", 5},
        {"--max-page-side 1000", "max_page_side", 5},
        {"--max-page-area 1000000", "max_page_area", 5},
        {"--max-font-size 40", "max_font_size", 5},
        {"--min-font-size 60", "min_font_size", 5},
        {"--max-paragraph-lines 2", "max_paragraph_lines", 5},
        {"--max-pages 0", "max_pages", 1},
        {"--max-page-side 99999", "max-page-side", 1},
        {"--max-input 2G", "max_input_bytes", 1},
        /* 0 or a negative size is refused, not taken for "the preset's" */
        {"--width 0", "width", 1},
        {"--height -3", "height", 1},
        {"--font-size 0", "font-size", 1},
        {"--margin -100", "margin", 1},
        {"--indent nan", "indent", 1},
        {"--paragraph-spacing -1", "paragraph-spacing", 1},
        {"--lang 'zh Hant'", "BCP 47", 1},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        int rc = sh("'%s' %s '%s' -o '%s/robust-limit' 2> '%s'", v.cli, CASES[i].option,
                    v.article, v.tmp, err);
        if (rc != CASES[i].code || sh("grep -q '%s' '%s'", CASES[i].names, err) != 0) {
            sh("cat '%s' >&2", err);
            fail_msg("%s: exit %d, expected %d and a message naming %s", CASES[i].option, rc,
                     CASES[i].code, CASES[i].names);
        }
    }
    assert_int_equal(sh("'%s' -q --max-pages 50 --max-input 64K '%s' -o '%s/robust-limit'",
                        v.cli, v.article, v.tmp), 0);
    /* a killed run's page temporaries are removed by the next run, nothing else */
    assert_int_equal(sh("mkdir -p '%s/robust-limit/k' && cd '%s/robust-limit/k' && "
                        "touch -d '10 minutes ago' .page-023.png.TLTz7z .page-002.png.ABC12x "
                        ".page-1.png.abcdef .page-001.png.abc keep.txt && "
                        "touch .page-003.png.Now123", v.tmp, v.tmp), 0);
    assert_int_equal(sh("'%s' -q '%s' -o '%s/robust-limit/k' 2> '%s'", v.cli, v.article, v.tmp,
                        err), 0);
    assert_int_equal(sh("grep -q 'removed 2 temporary files' '%s'", err), 0);
    assert_int_equal(sh("cd '%s/robust-limit/k' && test ! -e .page-023.png.TLTz7z && "
                        "test ! -e .page-002.png.ABC12x && test -e .page-1.png.abcdef && "
                        "test -e .page-001.png.abc && test -e keep.txt && "
                        "test -e .page-003.png.Now123", v.tmp), 0); /* another run's, maybe */
    /* -o creates the missing parents too */
    assert_int_equal(sh("'%s' -q '%s' -o '%s/robust-limit/a/b' && test -f '%s/robust-limit/a/b/"
                        "page-001.png'", v.cli, v.article, v.tmp, v.tmp), 0);
    sh("rm -rf '%s/robust-limit' '%s'", v.tmp, err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_huge_glyphs),
        cmocka_unit_test(test_long_unbreakable_paragraph),
        cmocka_unit_test(test_combining_marks),
        cmocka_unit_test(test_empty_and_blank),
        cmocka_unit_test(test_only_emoji),
        cmocka_unit_test(test_cli_full_disk_rlimit),
        cmocka_unit_test(test_cli_full_tmpfs),
        cmocka_unit_test(test_cli_keeps_other_files_and_repeats),
        cmocka_unit_test(test_cli_limit_options),
    };
    return cmocka_run_group_tests(tests, test_setup_engine, test_teardown_engine);
}
