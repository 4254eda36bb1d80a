/* carepage-kiosk: show an article in care mode on a Linux framebuffer.
 *
 *   carepage-kiosk [options] ARTICLE
 *
 * Lays the article out for the framebuffer's resolution and pixel format
 * (/dev/fb0 by default: FBIOGET_VSCREENINFO / FBIOGET_FSCREENINFO, mmap) and
 * pages with keys on the terminal: space, Right/Down arrow, PageDown, n = next;
 * b, Left/Up arrow, PageUp, p = previous; Home/End; q = quit. --interval turns
 * the page every N seconds (wrapping to the first page). The terminal (raw
 * mode, cursor, console graphics mode) and the screen's old contents are
 * restored on exit, also on SIGINT and SIGTERM.
 *
 * Headless use (tests): --fb FILE --fb-size WxH --fb-format F treats an
 * ordinary file as the framebuffer; keys come from --keys STRING or from a
 * standard input that is not a terminal. Uses only the public API. */
#define _GNU_SOURCE
#include "carepage.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/fb.h>
#include <linux/kd.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_USAGE = 1, EXIT_INPUT = 2, EXIT_FB = 3, EXIT_LAYOUT = 5 };

/* The one piece of global state: set by the SIGINT/SIGTERM handler only. */
static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

typedef struct options {
    const char *article, *fb_path, *keys, *theme;
    int width, height, restore; /* restore: -1 = default (yes on a device, no on a file) */
    size_t stride;
    care_pixel_format format;
    bool file_fb, has_format;
    float font_size, interval;
    long start_page;
} options;

typedef struct framebuffer {
    int fd;
    uint8_t *map;
    size_t map_len;
    care_surface surface;
    uint8_t *saved; /* the screen before we drew, when restoring */
} framebuffer;

typedef struct terminal {
    bool raw, graphics, cursor_hidden;
    struct termios saved;
} terminal;

typedef enum key { KEY_NONE, KEY_NEXT, KEY_PREV, KEY_FIRST, KEY_LAST, KEY_QUIT, KEY_END } key;

typedef struct key_source {
    const char *script; /* --keys, consumed as it goes; NULL: standard input */
    char buf[64];
    size_t len;
    bool eof;
} key_source;

/* ---------- options ---------- */

/* The pixel format names, comma-separated, wrapped for the help's second column. */
static void format_names(char *out, size_t size)
{
    size_t used = 0, line = 0;
    out[0] = '\0';
    for (int f = 0; f < CARE_PIXEL_FORMAT_COUNT && used < size; f++) {
        const char *name = care_pixel_format_name((care_pixel_format)f);
        bool wrap = line > 0 && line + strlen(name) + 2 > 58;
        const char *sep = f == 0 ? "" : wrap ? ",\n                     " : ", ";
        int n = snprintf(out + used, size - used, "%s%s", sep, name);
        used += n > 0 ? (size_t)n : 0;
        line = wrap ? strlen(name) : line + (f ? 2 : 0) + strlen(name);
    }
}

static void usage(FILE *to)
{
    char formats[512];
    format_names(formats, sizeof formats);
    fprintf(to, "Usage: carepage-kiosk [options] ARTICLE\n"
          "Show a news article in care mode on a Linux framebuffer.\n\n"
          "  --fb PATH          framebuffer device (default /dev/fb0), or an ordinary file\n"
          "                     together with --fb-size and --fb-format\n"
          "  --fb-size WxH      size of a file framebuffer in px\n"
          "  --fb-format F      pixel format (see carepage.h): one of\n"
          "                     %s\n"
          "  --fb-stride BYTES  bytes per row of a file framebuffer (default: the row's bytes)\n"
          "  --theme NAME       black-on-white (default), white-on-black, yellow-on-black,\n"
          "                     black-on-cream\n"
          "  --font-size PX     body size (default: the kiosk preset's 64 px for 1080 px high\n"
          "                     landscape screens, the phone preset's 54 px for 1080 px wide\n"
          "                     portrait ones, scaled with the shorter side)\n"
          "  --page N           first page shown, 1-based (default 1)\n"
          "  --interval SEC     turn the page every SEC seconds, wrapping around (default off)\n"
          "  --keys STRING      scripted keys instead of the terminal, e.g. ' q'\n"
          "  --restore yes|no   put the old screen contents back on exit (default: yes on a\n"
          "                     device, no on a file)\n"
          "Keys: space, Right, Down, PageDown, n: next page; b, Left, Up, PageUp, p: previous;\n"
          "Home, End; q: quit. Without --keys, a standard input that is not a terminal is\n"
          "read as keys; at its end the viewer quits (or keeps turning pages with --interval).\n"
          "Exit status: 0 done; 1 bad usage; 2 article unreadable; 3 framebuffer error;\n"
          "5 the article could not be laid out.\n",
          formats);
}

static bool parse_format(const char *s, care_pixel_format *out)
{
    return care_pixel_format_from_name(s, out) == CARE_OK;
}

static bool parse_number(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= lo && v <= hi))
        return false;
    *out = v;
    return true;
}

static bool parse_one(options *o, int c, const char *arg)
{
    double v = 0;
    switch (c) {
    case 'f': o->fb_path = arg; return true;
    case 's': return sscanf(arg, "%dx%d", &o->width, &o->height) == 2 && o->width > 0 &&
                     o->height > 0 && o->width <= 16384 && o->height <= 16384;
    case 'F': return (o->has_format = parse_format(arg, &o->format));
    case 'S': return parse_number(arg, 1, 1 << 20, &v) && (o->stride = (size_t)v, true);
    case 't': o->theme = arg; return true;
    case 'z': return parse_number(arg, 4, 2048, &v) && (o->font_size = (float)v, true);
    case 'p': return parse_number(arg, 1, 1000, &v) && (o->start_page = (long)v, true);
    case 'i': return parse_number(arg, 0, 86400, &v) && (o->interval = (float)v, true);
    case 'k': o->keys = arg; return true;
    case 'r': o->restore = strcmp(arg, "yes") == 0 ? 1 : strcmp(arg, "no") == 0 ? 0 : -2;
              return o->restore != -2;
    }
    return false;
}

static int parse_args(int argc, char **argv, options *o)
{
    static const struct option longs[] = {
        {"fb", 1, NULL, 'f'},        {"fb-size", 1, NULL, 's'}, {"fb-format", 1, NULL, 'F'},
        {"fb-stride", 1, NULL, 'S'}, {"theme", 1, NULL, 't'},   {"font-size", 1, NULL, 'z'},
        {"page", 1, NULL, 'p'},      {"interval", 1, NULL, 'i'}, {"keys", 1, NULL, 'k'},
        {"restore", 1, NULL, 'r'},   {"help", 0, NULL, 'h'},    {NULL, 0, NULL, 0}};
    *o = (options){.fb_path = "/dev/fb0", .theme = "black-on-white", .restore = -1,
                   .start_page = 1};
    int c;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            exit(0);
        }
        if (c == '?' || !parse_one(o, c, optarg)) {
            if (c != '?')
                fprintf(stderr, "carepage-kiosk: bad value '%s'\n", optarg);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        usage(stderr);
        return EXIT_USAGE;
    }
    o->article = argv[optind];
    o->file_fb = o->width > 0 || o->has_format;
    if (o->file_fb && (o->width <= 0 || !o->has_format)) {
        fprintf(stderr, "carepage-kiosk: --fb %s: a file framebuffer needs %s too (e.g. %s)\n",
                o->fb_path, o->width <= 0 ? "--fb-size WxH" : "--fb-format FORMAT",
                o->width <= 0 ? "--fb-size 1920x1080" : "--fb-format rgb565");
        return EXIT_USAGE;
    }
    return 0;
}

/* ---------- framebuffer ---------- */

/* The care_pixel_format of an fbdev mode, from its depth and channel offsets. */
static bool format_of_var(const struct fb_var_screeninfo *v, care_pixel_format *out)
{
    unsigned bpp = v->bits_per_pixel, r = v->red.offset, b = v->blue.offset;
    if (bpp == 1 || bpp == 4 || (bpp == 8 && v->grayscale)) {
        *out = bpp == 1 ? CARE_PIXEL_MONO1 : bpp == 4 ? CARE_PIXEL_GRAY4 : CARE_PIXEL_GRAY8;
        return true;
    }
    if (bpp == 16 && r == 11 && v->green.length == 6)
        return *out = CARE_PIXEL_RGB565, true;
    if (bpp == 24 && (r == 16 || r == 0))
        return *out = r == 16 ? CARE_PIXEL_BGR888 : CARE_PIXEL_RGB888, true;
    if (bpp == 32 && r == 16 && b == 0)
        return *out = CARE_PIXEL_XRGB8888, true;
    if (bpp == 32 && r == 0 && b == 16)
        return *out = CARE_PIXEL_XBGR8888, true;
    if (bpp == 32 && r == 8 && b == 24)
        return *out = CARE_PIXEL_BGRX8888, true;
    return false;
}

static bool map_fb(framebuffer *fb, size_t len)
{
    void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fb->fd, 0);
    if (m == MAP_FAILED)
        return false;
    fb->map = m;
    fb->map_len = len;
    return true;
}

static bool open_device(framebuffer *fb, const char *path)
{
    struct fb_var_screeninfo var;
    struct fb_fix_screeninfo fix;
    care_pixel_format f;
    struct stat st;
    errno = 0;
    if (stat(path, &st) != 0 || !S_ISCHR(st.st_mode)) { /* not /dev/fbN: a missing or plain file */
        bool found = errno == 0 || errno != ENOENT;
        fprintf(stderr, "carepage-kiosk: --fb %s: %s, not a framebuffer device; to draw into an "
                "ordinary file give its size and pixel format too: --fb-size WxH --fb-format "
                "FORMAT (see --help)\n", path, found ? "an ordinary file" : "no such file");
        return false;
    }
    fb->fd = open(path, O_RDWR | O_CLOEXEC);
    if (fb->fd < 0 || ioctl(fb->fd, FBIOGET_VSCREENINFO, &var) != 0 ||
        ioctl(fb->fd, FBIOGET_FSCREENINFO, &fix) != 0) {
        fprintf(stderr, "carepage-kiosk: %s: %s\n", path, strerror(errno));
        return false;
    }
    if (!format_of_var(&var, &f)) {
        fprintf(stderr, "carepage-kiosk: %s: unsupported mode, %u bits per pixel\n", path,
                var.bits_per_pixel);
        return false;
    }
    if (!map_fb(fb, fix.smem_len)) {
        fprintf(stderr, "carepage-kiosk: %s: mmap: %s\n", path, strerror(errno));
        return false;
    }
    size_t offset = (size_t)var.yoffset * fix.line_length +
                    (size_t)var.xoffset * var.bits_per_pixel / 8;
    fb->surface = (care_surface){fb->map + offset, (int)var.xres, (int)var.yres,
                                 fix.line_length, f};
    if (offset + fix.line_length * (size_t)var.yres > fb->map_len) {
        fprintf(stderr, "carepage-kiosk: %s: the visible screen is outside the mapped memory\n", path);
        return false;
    }
    return true;
}

static bool open_file(framebuffer *fb, const options *o)
{
    size_t row = care_surface_row_bytes(o->format, o->width);
    size_t stride = o->stride ? o->stride : row, len = stride * (size_t)o->height;
    struct stat st;
    if (stride < row) {
        fprintf(stderr, "carepage-kiosk: --fb-stride %zu is below the row's %zu bytes\n", stride, row);
        return false;
    }
    fb->fd = open(o->fb_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fb->fd < 0 || fstat(fb->fd, &st) != 0 ||
        ((size_t)st.st_size < len && ftruncate(fb->fd, (off_t)len) != 0) || !map_fb(fb, len)) {
        fprintf(stderr, "carepage-kiosk: %s: %s\n", o->fb_path, strerror(errno));
        return false;
    }
    fb->surface = (care_surface){fb->map, o->width, o->height, stride, o->format};
    return true;
}

static bool save_screen(framebuffer *fb)
{
    size_t n = fb->surface.stride * (size_t)fb->surface.height;
    fb->saved = malloc(n);
    if (fb->saved)
        memcpy(fb->saved, fb->surface.pixels, n);
    return fb->saved != NULL;
}

static void close_fb(framebuffer *fb)
{
    if (fb->saved)
        memcpy(fb->surface.pixels, fb->saved, fb->surface.stride * (size_t)fb->surface.height);
    free(fb->saved);
    if (fb->map)
        munmap(fb->map, fb->map_len);
    if (fb->fd >= 0)
        close(fb->fd);
}

/* ---------- terminal ---------- */

static void term_setup(terminal *t, bool device)
{
    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &t->saved) != 0)
        return;
    struct termios raw = t->saved;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO); /* ISIG stays: Ctrl-C is SIGINT */
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    t->raw = tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0;
    if (!device)
        return;
    t->graphics = ioctl(STDIN_FILENO, KDSETMODE, KD_GRAPHICS) == 0; /* no console text over us */
    t->cursor_hidden = write(STDOUT_FILENO, "\033[?25l", 6) == 6;
}

static void term_restore(terminal *t)
{
    if (t->graphics)
        ioctl(STDIN_FILENO, KDSETMODE, KD_TEXT);
    if (t->cursor_hidden && write(STDOUT_FILENO, "\033[?25h", 6) != 6)
        t->cursor_hidden = false;
    if (t->raw)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &t->saved);
}

/* ---------- keys ---------- */

/* Decode the key at the start of s[0..n); *used receives its length (0: need more bytes). */
static key decode_key(const char *s, size_t n, size_t *used)
{
    static const struct {
        const char *seq;
        key k;
    } seqs[] = {{"\033[C", KEY_NEXT}, {"\033[B", KEY_NEXT},  {"\033[6~", KEY_NEXT},
                {"\033[D", KEY_PREV}, {"\033[A", KEY_PREV},  {"\033[5~", KEY_PREV},
                {"\033[H", KEY_FIRST}, {"\033[1~", KEY_FIRST}, {"\033[F", KEY_LAST},
                {"\033[4~", KEY_LAST}};
    *used = 1;
    if (!s[0])
        return KEY_NONE;
    if (s[0] != '\033')
        return strchr(" nNjl", s[0]) ? KEY_NEXT : strchr("bBpPkh", s[0]) ? KEY_PREV
               : strchr("qQ", s[0]) ? KEY_QUIT : KEY_NONE;
    for (size_t i = 0; i < sizeof seqs / sizeof *seqs; i++) {
        size_t len = strlen(seqs[i].seq);
        if (n >= len && memcmp(s, seqs[i].seq, len) == 0)
            return *used = len, seqs[i].k;
    }
    if (n < 4 && (n == 1 || s[1] == '['))
        *used = 0; /* maybe an incomplete sequence */
    return KEY_NONE;
}

/* Wait up to timeout_ms (-1: forever) for standard input (or only for the time
 * or a signal when with_input is false); false on timeout or signal.
 * SIGINT/SIGTERM are blocked except inside this ppoll, so none is missed. */
static bool wait_input(int timeout_ms, bool with_input)
{
    struct pollfd p = {STDIN_FILENO, POLLIN, 0};
    struct timespec ts = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L};
    sigset_t none;
    sigemptyset(&none);
    return ppoll(with_input ? &p : NULL, with_input ? 1 : 0, timeout_ms < 0 ? NULL : &ts,
                 &none) > 0;
}

/* The next key, KEY_NONE on timeout or signal, KEY_END when the keys ran out. */
static key next_key(key_source *ks, int timeout_ms)
{
    for (;;) {
        if (ks->script && !*ks->script)
            return KEY_END;
        const char *s = ks->script ? ks->script : ks->buf;
        size_t n = ks->script ? strlen(ks->script) : ks->len, used;
        key k = n ? decode_key(s, n, &used) : KEY_NONE;
        if (n && (used || ks->eof || ks->script)) {
            used = used ? used : 1;
            if (ks->script)
                ks->script += used;
            else
                memmove(ks->buf, ks->buf + used, ks->len -= used);
            if (k != KEY_NONE)
                return k;
            continue;
        }
        if (ks->script || ks->eof)
            return KEY_END;
        if (stop_requested || !wait_input(timeout_ms, true))
            return KEY_NONE;
        ssize_t got = read(STDIN_FILENO, ks->buf + ks->len, sizeof ks->buf - ks->len);
        if (got <= 0 && !(got < 0 && errno == EINTR))
            ks->eof = true;
        ks->len += got > 0 ? (size_t)got : 0;
    }
}

/* ---------- article and layout ---------- */

static char *read_article(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : NULL;
    char *data = NULL;
    size_t cap = 0;
    *len = 0;
    while (f && !ferror(f) && !feof(f)) {
        char *more = cap - *len < 4096 ? realloc(data, cap = cap * 2 + 4096) : data;
        if (!more)
            break;
        data = more;
        *len += fread(data + *len, 1, cap - *len, f);
    }
    bool ok = f && !ferror(f) && data;
    if (f)
        fclose(f);
    if (!ok)
        free(data);
    return ok ? data : NULL;
}

/* Page options for a w x h screen: the kiosk preset (landscape) or the phone
 * preset (portrait), font size and margins scaled with the shorter side. */
static bool page_options_for(care_page_options *po, const options *o, int w, int h)
{
    care_page_options_preset_size(po, w >= h ? "kiosk" : "phone", w, h);
    if (o->font_size > 0)
        po->font_size = o->font_size;
    return care_page_options_theme(po, o->theme) == CARE_OK;
}

typedef struct viewer {
    care_engine *engine;
    care_document *doc;
    care_layout *layout;
    size_t page, pages;
} viewer;

static int viewer_open(viewer *v, const options *o, int w, int h)
{
    size_t len;
    char *text = read_article(o->article, &len);
    if (!text) {
        fprintf(stderr, "carepage-kiosk: cannot read %s\n", o->article);
        return EXIT_INPUT;
    }
    care_parse_options parse = {.format = CARE_FORMAT_AUTO, .replace_invalid = true,
                                .name = o->article};
    care_page_options po;
    care_status st = care_engine_new(&v->engine);
    if (st == CARE_OK)
        st = care_engine_set_fonts(v->engine, NULL);
    if (st == CARE_OK)
        st = care_document_parse(v->engine, text, len, &parse, &v->doc);
    if (st == CARE_OK)
        st = page_options_for(&po, o, w, h) ? care_layout_new(v->engine, v->doc, &po, &v->layout)
                                             : CARE_ERR_INVALID_ARGUMENT;
    free(text);
    if (st != CARE_OK) {
        fprintf(stderr, "carepage-kiosk: %s: %s\n", care_status_string(st),
                v->engine ? care_engine_last_error(v->engine) : "");
        return st == CARE_ERR_INVALID_UTF8 ? EXIT_INPUT : EXIT_LAYOUT;
    }
    v->pages = care_layout_page_count(v->layout);
    v->page = (size_t)o->start_page - 1 < v->pages ? (size_t)o->start_page - 1 : v->pages - 1;
    return 0;
}

static void viewer_close(viewer *v)
{
    care_layout_free(v->layout);
    care_document_free(v->doc);
    care_engine_free(v->engine);
}

static bool show(viewer *v, framebuffer *fb)
{
    care_status st = care_render_page(v->layout, v->page, &fb->surface);
    if (st != CARE_OK) {
        fprintf(stderr, "carepage-kiosk: %s\n", care_engine_last_error(v->engine));
        return false;
    }
    if (!isatty(STDOUT_FILENO)) {
        printf("page %zu/%zu\n", v->page + 1, v->pages);
        fflush(stdout);
    }
    return true;
}

/* The page a key leads to (auto: a timer tick, which wraps around). */
static size_t turn(const viewer *v, key k, bool tick)
{
    if (tick)
        return (v->page + 1) % v->pages;
    switch (k) {
    case KEY_NEXT: return v->page + 1 < v->pages ? v->page + 1 : v->page;
    case KEY_PREV: return v->page ? v->page - 1 : 0;
    case KEY_FIRST: return 0;
    case KEY_LAST: return v->pages - 1;
    default: return v->page;
    }
}

static bool run(viewer *v, framebuffer *fb, const options *o)
{
    key_source ks = {.script = o->keys};
    int timeout = o->interval > 0 ? (int)lroundf(o->interval * 1000) : -1;
    bool keys_left = true;
    if (!show(v, fb))
        return false;
    while (!stop_requested) {
        key k = keys_left ? next_key(&ks, timeout) : (wait_input(timeout, false), KEY_NONE);
        if (k == KEY_QUIT || (k == KEY_END && timeout < 0))
            return true;
        if (k == KEY_END) {
            keys_left = false;
            continue;
        }
        if (stop_requested)
            return true;
        size_t page = turn(v, k, k == KEY_NONE);
        if (page != v->page) {
            v->page = page;
            if (!show(v, fb))
                return false;
        }
    }
    return true;
}

/* ---------- main ---------- */

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, NULL); /* delivered only inside ppoll */
}

int main(int argc, char **argv)
{
    options o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc;
    framebuffer fb = {.fd = -1};
    terminal term = {0};
    viewer v = {0};
    bool opened = o.file_fb ? open_file(&fb, &o) : open_device(&fb, o.fb_path);
    rc = opened ? viewer_open(&v, &o, fb.surface.width, fb.surface.height) : EXIT_FB;
    bool restore = o.restore >= 0 ? o.restore : !o.file_fb;
    if (rc == 0 && restore && !save_screen(&fb))
        rc = EXIT_FB;
    if (rc == 0) {
        install_signals();
        term_setup(&term, !o.file_fb);
        rc = run(&v, &fb, &o) ? 0 : EXIT_FB;
        term_restore(&term);
    }
    viewer_close(&v);
    close_fb(&fb);
    return rc;
}
