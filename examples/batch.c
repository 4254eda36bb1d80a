/* carepage batch mode: many articles in one process, one engine (fonts, glyph
 * and fallback caches reused), pages to OUTDIR/<article>/page-NNN.png.
 * A progress line on standard error when it is a terminal, a summary at the
 * end; with --keep-going a failed article does not stop the others. Uses only
 * the public API. */
#define _GNU_SOURCE
#include "carepage_cli.h"
#include "page_set.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct article {
    char *path;
    char *name;      /* output directory name: the file name without its extension */
    off_t bytes;     /* for the ETA; 0 when it cannot be stat'ed */
    int rc;          /* exit code of this article, -1 while not done */
    char *reason;    /* why it failed (allocated) */
    size_t pages;
} article;

typedef struct batch {
    article *items;
    size_t count, cap;
} batch;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool add_article(batch *b, const char *path)
{
    if (b->count == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        article *p = realloc(b->items, cap * sizeof *p);
        if (!p)
            return false;
        b->items = p;
        b->cap = cap;
    }
    article *a = &b->items[b->count];
    *a = (article){.path = strdup(path), .rc = -1};
    if (!a->path)
        return false;
    struct stat st;
    a->bytes = stat(path, &st) == 0 ? st.st_size : 0;
    b->count++;
    return true;
}

/* The paths of LIST, one a line; blank lines and lines starting with '#' are skipped. */
static bool read_list(const char *list, batch *b)
{
    FILE *f = strcmp(list, "-") ? fopen(list, "r") : stdin;
    if (!f) {
        fprintf(stderr, "carepage: cannot read the list %s: %s\n", list, strerror(errno));
        return false;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    bool ok = true;
    while (ok && (n = getline(&line, &cap, f)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' ||
                         line[n - 1] == '\t'))
            line[--n] = '\0';
        if (n > 0 && line[0] != '#')
            ok = add_article(b, line);
    }
    free(line);
    if (f != stdin)
        fclose(f);
    if (!ok)
        fprintf(stderr, "carepage: out of memory reading the list %s\n", list);
    return ok;
}

/* Directory names: the file name without its extension ("x/01_a.md" -> "01_a"),
 * made unique in list order by "-2", "-3", ... */
static bool name_articles(batch *b)
{
    for (size_t i = 0; i < b->count; i++) {
        const char *base = strrchr(b->items[i].path, '/');
        base = base ? base + 1 : b->items[i].path;
        size_t len = strlen(base);
        const char *dot = strrchr(base, '.');
        if (dot && dot != base)
            len = (size_t)(dot - base);
        if (len == 0 || (len <= 2 && strncmp(base, "..", len) == 0))
            base = "article", len = 7;
        char *name = malloc(len + 24);
        if (!name)
            return false;
        memcpy(name, base, len);
        name[len] = '\0';
        for (unsigned k = 2;; k++) {
            bool taken = false;
            for (size_t j = 0; j < i && !taken; j++) /* list order decides; fine for feeds of */
                taken = strcmp(b->items[j].name, name) == 0; /* thousands, see README */
            if (!taken)
                break;
            snprintf(name + len, 24, "-%u", k);
        }
        b->items[i].name = name;
    }
    return true;
}

static char *reasonf(const char *fmt, const char *a, const char *b)
{
    size_t n = strlen(fmt) + strlen(a) + strlen(b) + 1;
    char *r = malloc(n);
    if (r)
        snprintf(r, n, fmt, a, b);
    return r;
}

static int fail_with(article *a, care_engine *e, care_status st)
{
    char line[1024];
    describe_failure(line, sizeof line, e, st, "failed", a->path);
    a->reason = reasonf("%s%s", line, "");
    return exit_code_of(st);
}

/* Lay out and write one article; returns its exit code (a->reason says why it failed). */
static int render_article(const cli *c, care_engine *e, const care_page_options *opts,
                          article *a, const char *outdir)
{
    size_t len = 0;
    errno = 0;
    char *bytes = read_input(a->path, &len, c->limits.max_input_bytes);
    if (!bytes) {
        a->reason = reasonf("cannot read: %s%s", strerror(errno ? errno : EIO), "");
        return EXIT_INPUT;
    }
    char too_large[256];
    if (input_too_large(a->path, len, c->limits.max_input_bytes, too_large, sizeof too_large)) {
        free(bytes);
        a->reason = reasonf("%s%s", too_large, "");
        return EXIT_LAYOUT;
    }
    cli ac = *c;
    ac.input = a->path;
    ac.parse.name = a->path;
    size_t dir_len = strlen(outdir ? outdir : "") + strlen(a->name) + 2;
    char *dir = malloc(dir_len);
    char *json = NULL, *pdf = NULL; /* OUTDIR/<article>/NAME, PDFDIR/<article>.pdf */
    int rc = EXIT_OK;
    care_document *doc = NULL;
    care_layout *layout = NULL;
    care_status st = CARE_OK;
    if (!dir) {
        a->reason = reasonf("out of memory%s%s", "", "");
        rc = EXIT_LAYOUT;
        goto done;
    }
    snprintf(dir, dir_len, "%s/%s", outdir ? outdir : "", a->name);
    if (outdir && mkdir(dir, 0777) != 0 && errno != EEXIST) {
        a->reason = reasonf("cannot create %s: %s", dir, strerror(errno));
        rc = EXIT_OUTPUT;
        goto done;
    }
    if (outdir)
        remove_stale_temps(dir);
    st = care_document_parse(e, bytes, len, &ac.parse, &doc);
    care_page_options aopts = *opts;
    char *image_dir = article_dir(a->path);
    aopts.image_dir = image_dir;
    if (st == CARE_OK)
        st = image_dir ? care_layout_new(e, doc, &aopts, &layout) : CARE_ERR_NO_MEMORY;
    free(image_dir);
    if (st != CARE_OK) {
        rc = fail_with(a, e, st);
        goto done;
    }
    care_png_metadata meta = {c->title ? c->title : care_document_title(doc),
                              c->author ? c->author : care_document_author(doc),
                              c->source ? c->source : care_document_source(doc)};
    if (c->layout_json) {
        const char *base = strrchr(c->layout_json, '/');
        base = base ? base + 1 : c->layout_json;
        json = reasonf("%s/%s", dir, base);
        if (!json) {
            rc = fail_with(a, e, CARE_ERR_NO_MEMORY);
            goto done;
        }
    }
    rc = outdir ? page_set_write(layout, e, dir, json, a->path, &meta, c->jobs, &a->reason)
                : EXIT_OK;
    if (rc != EXIT_OK)
        goto done;
    if (c->pdf) {
        pdf = reasonf("%s/%s.pdf", c->pdf, a->name);
        st = pdf ? care_render_pdf(layout, pdf, &(care_pdf_metadata){c->title, c->author,
                                                                       c->source})
                 : CARE_ERR_NO_MEMORY;
    }
    if (st != CARE_OK) {
        rc = fail_with(a, e, st);
        goto done;
    }
    a->pages = care_layout_page_count(layout);
    warn_about_text(&ac, layout, doc);
done:
    if (rc != EXIT_OK && dir && outdir)
        rmdir(dir); /* a failed article leaves no empty directory (a full one stays) */
    care_layout_free(layout);
    care_document_free(doc);
    free(json);
    free(pdf);
    free(dir);
    free(bytes);
    return rc;
}

static void progress(size_t done, size_t total, size_t pages, double elapsed, off_t bytes_done,
                     off_t bytes_total)
{
    double rate = elapsed > 0 ? (double)pages / elapsed : 0;
    double frac = bytes_total > 0 ? (double)bytes_done / (double)bytes_total
                                  : (double)done / (double)total;
    long eta = frac > 0 ? (long)(elapsed * (1 - frac) / frac + 0.5) : 0;
    fprintf(stderr, "\r\033[Kcarepage: %zu/%zu articles, %zu pages, %.1f pages/s, ETA %ld:%02ld",
            done, total, pages, rate, eta / 60, eta % 60);
    fflush(stderr);
}

int run_batch(const cli *c, care_engine *e)
{
    care_page_options opts;
    int rc = page_options(c, &opts);
    if (rc >= 0)
        return rc;
    batch b = {0};
    bool ok = true;
    if (c->batch && !(ok = read_list(c->batch, &b)))
        rc = EXIT_INPUT;
    for (int i = 0; ok && i < c->input_count; i++)
        ok = add_article(&b, c->inputs[i]);
    if (ok && b.count == 0) {
        fprintf(stderr, "carepage: no articles to render\n");
        ok = false;
    }
    if (ok && !name_articles(&b)) {
        fprintf(stderr, "carepage: out of memory\n");
        ok = false;
    }
    const char *made = NULL;
    if (ok && ((c->outdir && make_dirs(made = c->outdir) != 0) ||
               (c->pdf && make_dirs(made = c->pdf) != 0))) {
        fprintf(stderr, "carepage: cannot create %s: %s\n", made, strerror(errno));
        rc = EXIT_OUTPUT;
        ok = false;
    }
    care_status st = ok ? care_engine_set_fonts(e, &c->fonts) : CARE_OK;
    if (st != CARE_OK) {
        const char *msg = care_engine_last_error(e);
        fprintf(stderr, "carepage: fonts: %s%s%s\n", care_status_string(st), *msg ? ": " : "", msg);
        rc = exit_code_of(st);
        ok = false;
    }
    off_t bytes_total = 0, bytes_done = 0;
    for (size_t i = 0; i < b.count; i++)
        bytes_total += b.items[i].bytes;
    bool tty = ok && !c->quiet && isatty(STDERR_FILENO);
    double t0 = now_s();
    size_t done = 0, pages = 0, failed = 0;
    int first_rc = EXIT_OK;
    for (size_t i = 0; ok && i < b.count; i++) {
        article *a = &b.items[i];
        a->rc = render_article(c, e, &opts, a, c->outdir);
        done++;
        pages += a->pages;
        bytes_done += a->bytes;
        if (a->rc != EXIT_OK) {
            failed++;
            first_rc = first_rc ? first_rc : a->rc;
            if (tty)
                fputs("\r\033[K", stderr);
            fprintf(stderr, "carepage: %s: %s\n", a->path, a->reason ? a->reason : "failed");
            if (!c->keep_going)
                break;
        }
        if (tty)
            progress(done, b.count, pages, now_s() - t0, bytes_done, bytes_total);
    }
    double elapsed = now_s() - t0;
    if (tty)
        fputs("\r\033[K", stderr);
    if (ok && (!c->quiet || failed)) {
        fprintf(stderr, "carepage: %zu of %zu articles rendered, %zu pages in %.2f s (%.1f pages/s) "
                "in %s\n", done - failed, b.count, pages, elapsed,
                elapsed > 0 ? (double)pages / elapsed : 0.0, c->outdir ? c->outdir : c->pdf);
        if (failed) {
            fprintf(stderr, "carepage: %zu failed%s:\n", failed,
                    done < b.count ? " (stopped there; --keep-going goes on)" : "");
            for (size_t i = 0; i < b.count; i++)
                if (b.items[i].rc > 0)
                    fprintf(stderr, "  %s: %s (exit %d)\n", b.items[i].path,
                            b.items[i].reason ? b.items[i].reason : "failed", b.items[i].rc);
        }
    }
    for (size_t i = 0; i < b.count; i++) {
        free(b.items[i].path);
        free(b.items[i].name);
        free(b.items[i].reason);
    }
    free(b.items);
    if (!ok)
        return rc >= 0 && rc != EXIT_OK ? rc : EXIT_USAGE;
    return first_rc;
}
