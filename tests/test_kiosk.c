/* Tests of examples/kiosk.c on a file framebuffer: scripted and piped keys,
 * the file holds the library's page converted to the format, restore on
 * SIGTERM, auto page turn. Needs CAREPAGE_KIOSK (the binary) and
 * CAREPAGE_ARTICLE (an article of several pages at 1920x1080). */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "carepage.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define W 1920 /* the kiosk preset's size: the viewer lays out exactly like the preset */
#define H 1080

typedef struct fixture {
    const char *kiosk, *article;
    char fb[512];
    care_engine *engine;
    care_document *doc;
    care_layout *layout;
} fixture;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    if (f && fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        data = n >= 0 ? malloc((size_t)n + 1) : NULL;
        rewind(f);
        *len = data ? fread(data, 1, (size_t)n, f) : 0;
    }
    if (f)
        fclose(f);
    return data;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->kiosk = getenv("CAREPAGE_KIOSK");
    f->article = getenv("CAREPAGE_ARTICLE");
    const char *tmp = getenv("CAREPAGE_TEST_TMP");
    snprintf(f->fb, sizeof f->fb, "%s/kiosk-%ld.fb", tmp ? tmp : "/tmp", (long)getpid());
    size_t len = 0;
    char *text = f->article ? slurp(f->article, &len) : NULL;
    care_parse_options po = {.name = f->article};
    care_page_options o;
    care_page_options_preset(&o, "kiosk");
    if (!f->kiosk || !text || care_engine_new(&f->engine) != CARE_OK ||
        care_engine_set_fonts(f->engine, NULL) != CARE_OK ||
        care_document_parse(f->engine, text, len, &po, &f->doc) != CARE_OK ||
        care_layout_new(f->engine, f->doc, &o, &f->layout) != CARE_OK)
        return -1;
    free(text);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    remove(f->fb);
    care_layout_free(f->layout);
    care_document_free(f->doc);
    care_engine_free(f->engine);
    free(f);
    return 0;
}

typedef struct child {
    pid_t pid;
    int in, out; /* its standard input (write end) and output (read end) */
} child;

/* Start the viewer on the file framebuffer; extra arguments end with NULL. */
static child start(const fixture *f, const char *format, ...)
{
    const char *argv[32] = {f->kiosk, "--fb", f->fb, "--fb-size", "1920x1080", "--fb-format", format};
    int n = 7;
    va_list ap;
    va_start(ap, format);
    for (const char *a; (a = va_arg(ap, const char *)) != NULL && n < 30;)
        argv[n++] = a;
    va_end(ap);
    argv[n++] = f->article;
    argv[n] = NULL;
    int in[2], out[2];
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    child c = {fork(), in[1], out[0]};
    assert_true(c.pid >= 0);
    if (c.pid == 0) {
        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        close(in[0]), close(in[1]), close(out[0]), close(out[1]);
        execv(f->kiosk, (char *const *)argv);
        _exit(127);
    }
    close(in[0]), close(out[1]);
    return c;
}

static int finish(child *c)
{
    close(c->in);
    int status = 0;
    assert_int_equal(waitpid(c->pid, &status, 0), c->pid);
    close(c->out);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

/* Read the viewer's status lines until one starts with `want` ("page 2/"). */
static void wait_for_line(child *c, const char *want)
{
    char line[128];
    size_t n = 0;
    for (;;) {
        char ch;
        assert_int_equal(read(c->out, &ch, 1), 1);
        if (ch != '\n') {
            if (n + 1 < sizeof line)
                line[n++] = ch;
            continue;
        }
        line[n] = 0, n = 0;
        if (strncmp(line, want, strlen(want)) == 0)
            return;
    }
}

/* The framebuffer file equals the library's page `page` in `format`. */
static void assert_fb_holds(const fixture *f, care_pixel_format format, size_t page)
{
    size_t stride = care_surface_row_bytes(format, W), len = 0;
    care_surface s = {calloc(stride, H), W, H, stride, format};
    assert_non_null(s.pixels);
    assert_int_equal(care_render_page(f->layout, page, &s), CARE_OK);
    char *fb = slurp(f->fb, &len);
    assert_non_null(fb);
    assert_int_equal(len, stride * H);
    assert_memory_equal(fb, s.pixels, len);
    free(fb);
    free(s.pixels);
}

static void fill_file(const fixture *f, size_t len, int byte)
{
    FILE *fp = fopen(f->fb, "wb");
    assert_non_null(fp);
    for (size_t i = 0; i < len; i++)
        fputc(byte, fp);
    assert_int_equal(fclose(fp), 0);
}

static void test_scripted_next_page(void **state)
{
    fixture *f = *state;
    assert_true(care_layout_page_count(f->layout) >= 3);
    static const struct {
        const char *name;
        care_pixel_format format;
    } formats[] = {{"rgb565", CARE_PIXEL_RGB565}, {"mono1", CARE_PIXEL_MONO1},
                   {"xrgb8888", CARE_PIXEL_XRGB8888}, {"gray4", CARE_PIXEL_GRAY4}};
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        remove(f->fb);
        child c = start(f, formats[i].name, "--keys", " q", NULL);
        assert_int_equal(finish(&c), 0);
        assert_fb_holds(f, formats[i].format, 1);
    }
}

static void test_piped_escape_keys(void **state)
{
    fixture *f = *state;
    remove(f->fb);
    child c = start(f, "bgrx8888", NULL);
    const char keys[] = "\033[6~\033[C\033[5~x"; /* PageDown, Right, PageUp, junk; then EOF */
    assert_int_equal(write(c.in, keys, strlen(keys)), (ssize_t)strlen(keys));
    assert_int_equal(finish(&c), 0);
    assert_fb_holds(f, CARE_PIXEL_BGRX8888, 1);
    /* q stops before the rest of the keys; the start page option */
    remove(f->fb);
    c = start(f, "rgb565", "--page", "3", "--keys", "bqbb", NULL);
    assert_int_equal(finish(&c), 0);
    assert_fb_holds(f, CARE_PIXEL_RGB565, 1);
}

static void test_sigterm_restores_screen(void **state)
{
    fixture *f = *state;
    size_t len = (size_t)W * 2 * H;
    fill_file(f, len, 0x5A);
    child c = start(f, "rgb565", "--restore", "yes", NULL);
    wait_for_line(&c, "page 1/");
    assert_int_equal(kill(c.pid, SIGTERM), 0);
    int status = 0;
    assert_int_equal(waitpid(c.pid, &status, 0), c.pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    close(c.in), close(c.out);
    size_t got = 0;
    char *fb = slurp(f->fb, &got);
    assert_int_equal(got, len);
    for (size_t i = 0; i < len; i++)
        assert_int_equal((unsigned char)fb[i], 0x5A);
    free(fb);
}

static void test_auto_page_turn(void **state)
{
    fixture *f = *state;
    remove(f->fb);
    child c = start(f, "gray8", "--interval", "0.05", NULL);
    wait_for_line(&c, "page 3/");
    assert_int_equal(kill(c.pid, SIGINT), 0);
    assert_int_equal(finish(&c), 0);
}

static void test_bad_usage(void **state)
{
    fixture *f = *state;
    child c = start(f, "rgb999", NULL);
    assert_int_equal(finish(&c), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scripted_next_page),
        cmocka_unit_test(test_piped_escape_keys),
        cmocka_unit_test(test_sigterm_restores_screen),
        cmocka_unit_test(test_auto_page_turn),
        cmocka_unit_test(test_bad_usage),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
