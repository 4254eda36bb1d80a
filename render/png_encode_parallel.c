/* All pages of a layout to PNG files: rendered one after another on the
 * calling thread (the engine and its glyph cache are not thread-safe),
 * encoded on up to `jobs` worker threads at once (libpng/zlib calls share no
 * state). Every page's bytes depend only on its pixels and texts, so the
 * files are identical whatever the number of threads. */
#define _POSIX_C_SOURCE 200809L
#include "png_encode_parallel.h"
#include "png_writer.h"
#include "raster.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Page rasters in flight are bounded by this many bytes (an A4 RGB page is
 * 26 MB, a phone grey one 2 MB), so memory does not grow with the threads. */
#define PIPELINE_BYTES ((size_t)48 << 20)
#define MAX_JOBS 64

typedef struct job {
    size_t page;            /* page index */
    uint8_t *pixels;        /* the buffer of this slot */
    char *alt;              /* the page's text, owned */
    char path[4096];
    care_status status;
    care_error err;
    enum { SLOT_FREE, SLOT_READY, SLOT_BUSY } state;
} job;

typedef struct pipeline {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    job *slots;
    size_t nslots;
    bool closing;
    /* what every page shares */
    int width, height, channels;
    size_t stride;
    const care_png_metadata *meta;
    const care_layout *layout; /* read only by the workers: output heights */
    /* the first failure, by page number */
    size_t failed_page;
    care_status failed_status;
    care_error failed_err;
} pipeline;

int care_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
}

care_status care_write_page_png(const care_layout *L, size_t page, const uint8_t *pixels,
                                size_t stride, int channels, const char *alt,
                                const care_png_metadata *meta, const char *path, care_error *err)
{
    care_png_text texts[] = {{"Title", meta ? meta->title : NULL},
                             {"Author", meta ? meta->author : NULL},
                             {"Source", meta ? meta->source : NULL},
                             {"Description", alt}};
    return care_png_write_atomic(path, pixels, L->opts.width, care_page_output_height(L, page),
                                 stride, channels, L->opts.dpi, texts, 4, err);
}

static care_status encode_job(const pipeline *pl, job *j)
{
    return care_write_page_png(pl->layout, j->page, j->pixels, pl->stride, pl->channels, j->alt,
                               pl->meta, j->path, &j->err);
}

/* Keep the failure of the lowest page (so the message does not depend on timing). */
static void note_failure(pipeline *pl, const job *j)
{
    if (j->status != CARE_OK && j->page < pl->failed_page) {
        pl->failed_page = j->page;
        pl->failed_status = j->status;
        pl->failed_err = j->err;
    }
}

static void *worker(void *arg)
{
    pipeline *pl = arg;
    pthread_mutex_lock(&pl->lock);
    for (;;) {
        job *j = NULL;
        for (size_t i = 0; i < pl->nslots && !j; i++)
            if (pl->slots[i].state == SLOT_READY)
                j = &pl->slots[i];
        if (!j) {
            if (pl->closing)
                break;
            pthread_cond_wait(&pl->changed, &pl->lock);
            continue;
        }
        j->state = SLOT_BUSY;
        pthread_mutex_unlock(&pl->lock);
        j->status = encode_job(pl, j);
        pthread_mutex_lock(&pl->lock);
        note_failure(pl, j);
        free(j->alt);
        j->alt = NULL;
        j->state = SLOT_FREE;
        pthread_cond_broadcast(&pl->changed);
    }
    pthread_mutex_unlock(&pl->lock);
    return NULL;
}

/* Render page `page` into slot j (on the calling thread). */
static care_status render_job(care_layout *L, const pipeline *pl, const char *dir, size_t page,
                              job *j, care_error *err)
{
    j->page = page;
    j->status = CARE_OK;
    snprintf(j->path, sizeof j->path, "%s/page-%03zu.png", dir, page + 1);
    j->alt = care_layout_page_text(L, page);
    if (!j->alt)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory rendering %s", j->path);
    care_surface s = {j->pixels, pl->width, pl->height, pl->stride,
                      pl->channels == 1 ? CARE_PIXEL_GRAY8 : CARE_PIXEL_RGB888};
    return care_render_page(L, page, &s);
}

care_status care_render_pages_png(care_layout *L, const char *dir, const care_png_metadata *meta,
                                  int jobs)
{
    if (!L || !dir || !*dir)
        return CARE_ERR_INVALID_ARGUMENT;
    care_error *err = &L->engine->error;
    pipeline pl = {.meta = meta, .layout = L, .width = L->opts.width, .height = L->opts.height,
                   .channels = care_page_format(L) == CARE_PIXEL_GRAY8 ? 1 : 3,
                   .failed_page = (size_t)-1};
    pl.stride = (size_t)pl.width * (size_t)pl.channels;
    size_t page_bytes = pl.stride * (size_t)pl.height, pages = L->page_count;
    if (jobs <= 0)
        jobs = care_default_jobs();
    size_t workers = (size_t)(jobs > MAX_JOBS ? MAX_JOBS : jobs);
    size_t fit = PIPELINE_BYTES / page_bytes; /* buffers that fit the budget */
    workers = workers > fit ? (fit > 1 ? fit : 1) : workers;
    workers = workers > pages ? pages : workers;
    /* One buffer per worker: rendering a page takes a fraction of encoding it,
     * so the calling thread fills a buffer as soon as a worker frees one. One
     * worker: render and encode in turn on the calling thread. */
    pl.nslots = workers;
    pl.slots = care_calloc(pl.nslots, sizeof *pl.slots);
    if (!pl.slots)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for %zu pages", pl.nslots);
    care_status st = CARE_OK;
    for (size_t i = 0; i < pl.nslots && st == CARE_OK; i++) {
        pl.slots[i].pixels = malloc(page_bytes);
        if (!pl.slots[i].pixels)
            st = care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for a %dx%d page", pl.width,
                           pl.height);
    }
    if (st == CARE_OK && workers <= 1) {
        job *j = &pl.slots[0];
        for (size_t p = 0; p < pages && st == CARE_OK; p++) {
            st = render_job(L, &pl, dir, p, j, err);
            if (st == CARE_OK)
                st = encode_job(&pl, j);
            if (st != CARE_OK && j->err.message[0])
                *err = j->err;
            free(j->alt);
            j->alt = NULL;
        }
    } else if (st == CARE_OK) {
        pthread_t threads[MAX_JOBS];
        size_t started = 0;
        pthread_mutex_init(&pl.lock, NULL);
        pthread_cond_init(&pl.changed, NULL);
        for (; started < workers; started++)
            if (pthread_create(&threads[started], NULL, worker, &pl) != 0)
                break;
        if (started == 0)
            st = care_fail(err, CARE_ERR_NO_MEMORY, "cannot start an encoding thread");
        for (size_t p = 0; p < pages && st == CARE_OK; p++) {
            pthread_mutex_lock(&pl.lock);
            job *j = NULL;
            while (!j && pl.failed_page == (size_t)-1) {
                for (size_t i = 0; i < pl.nslots && !j; i++)
                    if (pl.slots[i].state == SLOT_FREE)
                        j = &pl.slots[i];
                if (!j)
                    pthread_cond_wait(&pl.changed, &pl.lock);
            }
            bool stop = pl.failed_page != (size_t)-1;
            pthread_mutex_unlock(&pl.lock);
            if (stop)
                break;
            st = render_job(L, &pl, dir, p, j, err); /* the slot is FREE: no worker touches it */
            pthread_mutex_lock(&pl.lock);
            if (st == CARE_OK)
                j->state = SLOT_READY;
            else {
                free(j->alt);
                j->alt = NULL;
            }
            pthread_cond_broadcast(&pl.changed);
            pthread_mutex_unlock(&pl.lock);
        }
        pthread_mutex_lock(&pl.lock);
        pl.closing = true;
        pthread_cond_broadcast(&pl.changed);
        pthread_mutex_unlock(&pl.lock);
        for (size_t i = 0; i < started; i++)
            pthread_join(threads[i], NULL);
        pthread_cond_destroy(&pl.changed);
        pthread_mutex_destroy(&pl.lock);
        if (st == CARE_OK && pl.failed_page != (size_t)-1) {
            st = pl.failed_status;
            *err = pl.failed_err;
        }
    }
    for (size_t i = 0; i < pl.nslots; i++) {
        free(pl.slots[i].pixels);
        free(pl.slots[i].alt);
    }
    free(pl.slots);
    return st;
}
