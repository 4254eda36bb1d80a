/* care_render_pdf through the API: a file that is a whole PDF, its failures
 * (named, no file left), the paper option checked, long-image parts as pages
 * of their own height. The poppler checks of the content are in test_pdf.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_helpers.h"
#include "engine.h"
#include "output/pdf_writer.h"

#include <ft2build.h>
#include FT_TRUETYPE_TABLES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char ARTICLE[] = "# 标题\n\n第一段文字，*着重*的两个字下面有点。\n\n> 引用的一段话。\n\n"
                              "- 列表一\n- 列表二\n\n![图片说明](a.jpg)\n";

static char *tmp_path(const char *name)
{
    const char *dir = getenv("CAREPAGE_TEST_TMP");
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "/tmp", name);
    return path;
}

static care_layout *layout_of(care_engine *e, care_document **doc, const char *preset)
{
    care_parse_options po = {.format = CARE_FORMAT_MARKDOWN, .name = "pdf.md"};
    assert_int_equal(care_document_parse(e, ARTICLE, strlen(ARTICLE), &po, doc), CARE_OK);
    care_page_options opts;
    care_page_options_preset(&opts, preset);
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(e, *doc, &opts, &L), CARE_OK);
    return L;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 22);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 22, f);
    fclose(f);
    return buf;
}

/* A complete file: the header, the end marker, and the presets' paper sizes. */
static void test_writes_a_pdf(void **state)
{
    care_engine *e = *state;
    care_document *doc = NULL;
    care_layout *L = layout_of(e, &doc, "phone");
    const char *path = tmp_path("api.pdf");
    assert_int_equal(care_render_pdf(L, path, NULL), CARE_OK);
    size_t len = 0;
    char *pdf = read_all(path, &len);
    assert_true(len > 1000 && len < (1 << 20));
    assert_memory_equal(pdf, "%PDF-1.5", 8);
    assert_non_null(strstr(pdf + len - 16, "%%EOF"));
    free(pdf);
    care_layout_free(L);
    care_document_free(doc);
}

/* Failures name the file and the cause and leave no file. */
static void test_failures(void **state)
{
    care_engine *e = *state;
    assert_int_equal(care_render_pdf(NULL, "x.pdf", NULL), CARE_ERR_INVALID_ARGUMENT);
    care_document *doc = NULL;
    care_layout *L = layout_of(e, &doc, "a4");
    assert_int_equal(care_render_pdf(L, NULL, NULL), CARE_ERR_INVALID_ARGUMENT);
    assert_int_equal(care_render_pdf(L, "", NULL), CARE_ERR_INVALID_ARGUMENT);

    char file[4096], under[4200];
    snprintf(file, sizeof file, "%s", tmp_path("pdf-plain-file"));
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(under, sizeof under, "%s/a.pdf", file);
    assert_int_equal(care_render_pdf(L, under, NULL), CARE_ERR_IO);
    char want[4400];
    snprintf(want, sizeof want, "cannot create a temporary file for %s: Not a directory", under);
    assert_string_equal(care_engine_last_error(e), want);
    assert_int_not_equal(access(under, F_OK), 0);

    assert_int_equal(care_engine_set_fonts(e, NULL), CARE_OK); /* the layout's glyph ids go */
    assert_int_equal(care_render_pdf(L, tmp_path("stale.pdf"), NULL), CARE_ERR_INVALID_ARGUMENT);
    assert_non_null(strstr(care_engine_last_error(e), "fonts were replaced"));
    assert_int_not_equal(access(tmp_path("stale.pdf"), F_OK), 0);
    care_layout_free(L);
    care_document_free(doc);
}

/* The paper size is checked like the other page options. */
static void test_paper_option(void **state)
{
    care_engine *e = *state;
    care_parse_options po = {.format = CARE_FORMAT_MARKDOWN};
    care_document *doc = NULL;
    assert_int_equal(care_document_parse(e, ARTICLE, strlen(ARTICLE), &po, &doc), CARE_OK);
    care_page_options opts;
    care_page_options_preset(&opts, "a4");
    assert_true(opts.pdf_width == 595.28f && opts.pdf_height == 841.89f);
    care_page_options_preset(&opts, "phone");
    assert_true(opts.pdf_width == 0 && opts.pdf_height == 0);
    opts.pdf_width = 20000;
    opts.pdf_height = 800;
    care_layout *L = NULL;
    assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_ERR_INVALID_ARGUMENT);
    assert_string_equal(care_engine_last_error(e), "PDF page 20000 x 800 pt: each side must be "
                        "0..14400 pt (PDF's largest page), both 0 or neither");
    opts.pdf_width = 500;
    opts.pdf_height = 0;
    assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_ERR_INVALID_ARGUMENT);
    care_document_free(doc);
}

/* A second PDF from the same engine whose article needs a fallback face the
 * first did not (Thai): the engine's PDF fonts grow with its font set. */
static void test_later_pdf_with_a_new_fallback_face(void **state)
{
    care_engine *e = *state;
    care_document *doc = NULL;
    care_layout *L = layout_of(e, &doc, "phone");
    assert_int_equal(care_render_pdf(L, tmp_path("first.pdf"), NULL), CARE_OK);
    care_layout_free(L);
    care_document_free(doc);

    static const char THAI[] = "# 第二篇\n\n泰文 สวัสดีครับ 在中文里。\n";
    care_parse_options po = {.format = CARE_FORMAT_MARKDOWN, .name = "thai.md"};
    assert_int_equal(care_document_parse(e, THAI, strlen(THAI), &po, &doc), CARE_OK);
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    assert_int_equal(care_layout_new(e, doc, &opts, &L), CARE_OK);
    assert_int_equal(care_render_pdf(L, tmp_path("second.pdf"), NULL), CARE_OK);
    assert_int_equal(access(tmp_path("second.pdf"), F_OK), 0);
    care_layout_free(L);
    care_document_free(doc);
}

static FT_UInt glyph_of(const care_face *f, uint32_t cp)
{
    hb_codepoint_t g = 0;
    assert_true(hb_font_get_nominal_glyph(f->hb, cp, &g));
    return g;
}

/* A face cut down to two glyphs (pdf_subset.c): .notdef and the two, renumbered
 * in id order; the same outline and advance as in the whole font; no 'cmap';
 * glyphs it does not hold are refused, and the ids are left as they were. */
static void test_subset_of_two_glyphs(void **state)
{
    care_engine *e = *state;
    const care_face *f = care_fontset_face(e->fonts, 0);
    FT_UInt han = glyph_of(f, 0x4E2D), latin = glyph_of(f, 'A'), other = glyph_of(f, 0x56FD);
    assert_true(latin < han);
    hb_set_t *glyphs = hb_set_create();
    hb_set_add(glyphs, han);
    hb_set_add(glyphs, latin);
    care_pdf_subset *s = care_pdf_subset_new(f, glyphs);
    assert_non_null(s);
    assert_true(care_pdf_subset_holds(s, glyphs));
    cairo_glyph_t ids[2] = {{han, 0, 0}, {latin, 0, 0}}, refused[2] = {{han, 0, 0}, {other, 0, 0}};
    assert_true(care_pdf_subset_map(s, ids, 2));
    assert_int_equal(ids[0].index, 2);
    assert_int_equal(ids[1].index, 1);
    assert_false(care_pdf_subset_map(s, refused, 2));
    assert_int_equal(refused[0].index, han);
    hb_set_add(glyphs, other);
    assert_false(care_pdf_subset_holds(s, glyphs));

    unsigned len = 0;
    const char *bytes = hb_blob_get_data(care_pdf_subset_file(s), &len);
    assert_true(len > 0 && len < 20000); /* the whole font: 16 MB */
    FT_Library lib = NULL;
    FT_Face sub = NULL;
    assert_int_equal(FT_Init_FreeType(&lib), 0);
    assert_int_equal(FT_New_Memory_Face(lib, (const FT_Byte *)bytes, (FT_Long)len, 0, &sub), 0);
    assert_int_equal(sub->num_glyphs, 3);
    FT_ULong cmap_len = 0; /* no 'cmap' table (FreeType may make up a charmap) */
    assert_int_not_equal(FT_Load_Sfnt_Table(sub, FT_MAKE_TAG('c', 'm', 'a', 'p'), 0, NULL, &cmap_len), 0);
    assert_int_equal(FT_Load_Glyph(sub, 2, FT_LOAD_NO_SCALE), 0);
    FT_Pos advance = sub->glyph->advance.x;
    short points = sub->glyph->outline.n_points, contours = sub->glyph->outline.n_contours;
    FT_Vector first = sub->glyph->outline.points[0];
    assert_int_equal(FT_Load_Glyph(f->ft, han, FT_LOAD_NO_SCALE), 0);
    assert_int_equal(advance, f->ft->glyph->advance.x);
    assert_int_equal(points, f->ft->glyph->outline.n_points);
    assert_int_equal(contours, f->ft->glyph->outline.n_contours);
    assert_int_equal(first.x, f->ft->glyph->outline.points[0].x);
    assert_int_equal(first.y, f->ft->glyph->outline.points[0].y);
    FT_Done_Face(sub);
    FT_Done_FreeType(lib);
    care_pdf_subset_free(s);
    hb_set_destroy(glyphs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writes_a_pdf),
        cmocka_unit_test(test_failures),
        cmocka_unit_test(test_paper_option),
        cmocka_unit_test(test_later_pdf_with_a_new_fallback_face),
        cmocka_unit_test(test_subset_of_two_glyphs),
    };
    return cmocka_run_group_tests(tests, test_setup_engine, test_teardown_engine);
}
