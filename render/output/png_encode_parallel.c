/* All pages of a layout to PNG files: rendered one after another on the
 * calling thread (the engine and its glyph cache are not thread-safe),
 * encoded on up to `jobs` worker threads at once (libpng/zlib calls share no
 * state); a worker compresses a page with photos on jobs / workers threads
 * (itself included), so at most `jobs` threads encode at once. Every page's
 * bytes depend only on its pixels and texts, so the files are identical
 * whatever the number of threads (a page with photos: its pixels, see
 * png_photo_page.c). Pages showing a photo still being decoded on the
 * layout's photo thread are drawn last. */
#define _POSIX_C_SOURCE 200809L
#include "output/png_encode_parallel.h"
#include "output/png_writer.h"
#include "layout/photo_thread.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Page rasters in flight are bounded by this many bytes (an A4 RGB page is
 * 26 MB, a phone grey one 2 MB), so their memory does not grow with the
 * threads; each worker's encoder adds about 0.6 MB (and a page's width x
 * height for palette indices). */
#define PIPELINE_BYTES ((size_t)48 << 20)
#define MAX_JOBS 64
/* Buffers beyond one per worker: the calling thread draws the next page
 * while every worker is busy, so no worker waits for a page to be drawn
 * (measured on the longest article: none 65 ms, one 62 ms, two 62 ms; each
 * costs a page of memory). */
#define RENDER_AHEAD 1

typedef struct job {
    size_t page;            /* page index */
    care_output_raster raster; /* of this page */
    uint8_t *pixels;        /* the buffer of this slot, made on first use */
    size_t capacity;        /* its bytes: a grey page's, grown for an RGB page */
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
    const care_png_metadata *meta;
    const care_layout *layout; /* read only by the workers: the dpi */
    care_glyph_cache *cache;   /* the calling thread's, for drawing */
    int threads;               /* the most a page with photos is compressed on: jobs / workers */
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

/* The rows of page `page` (r->rows of them) that hold photos, top down, where
 * raster.c draws them; *count of them, newly allocated (NULL when none). */
static care_idat_band *photo_rows(const care_layout *L, size_t page, const care_output_raster *r,
                                  size_t *count)
{
    const care_page *pg = &L->pages[page];
    care_idat_band *bands = NULL;
    *count = 0;
    for (size_t i = pg->line_start; i < pg->line_start + pg->line_count; i++) {
        const care_line *line = &L->lines[i];
        if (line->kind != CARE_BLOCK_FIGURE || !L->figures[line->figure].image.pixels)
            continue;
        int top = care_figure_top(line), bottom = top + L->figures[line->figure].image.height;
        top = top < 0 ? 0 : top;
        bottom = bottom > r->rows ? r->rows : bottom;
        if (bottom <= top || (*count && top < bands[*count - 1].bottom))
            continue; /* off the page, or not below the one before: plain rows */
        if (!bands && !(bands = care_calloc(pg->line_count, sizeof *bands)))
            return NULL; /* no memory: the rows are encoded as any others */
        bands[(*count)++] = (care_idat_band){top, bottom};
    }
    return bands;
}

care_status care_write_page_png(const care_layout *L, size_t page, const care_output_raster *r,
                                const uint8_t *pixels, const char *alt,
                                const care_png_metadata *meta, const char *path,
                                care_idat_encoder *enc, care_error *err)
{
    care_png_text texts[] = {{"Title", meta ? meta->title : NULL},
                             {"Author", meta ? meta->author : NULL},
                             {"Source", meta ? meta->source : NULL},
                             {"Description", alt}};
    size_t photo_count = 0;
    care_idat_band *photos = page < L->page_count ? photo_rows(L, page, r, &photo_count) : NULL;
    care_png_image img = {pixels,      r->width, r->rows, (size_t)r->width * (size_t)r->channels,
                          r->channels, L->opts.dpi, photos, photo_count};
    care_status st = care_png_write_image(path, &img, texts, 4, enc, err);
    free(photos);
    return st;
}

static care_status encode_job(const pipeline *pl, job *j, care_idat_encoder *enc)
{
    return care_write_page_png(pl->layout, j->page, &j->raster, j->pixels, j->alt,
                               pl->meta, j->path, enc, &j->err);
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

/* The ready page with the lowest number, or NULL. Called with the lock held. */
static job *next_ready(pipeline *pl)
{
    job *j = NULL;
    for (size_t i = 0; i < pl->nslots; i++)
        if (pl->slots[i].state == SLOT_READY && (!j || pl->slots[i].page < j->page))
            j = &pl->slots[i];
    return j;
}

static void *worker(void *arg)
{
    pipeline *pl = arg;
    care_idat_encoder *enc = care_idat_encoder_new(); /* NULL: one per page instead */
    care_idat_encoder_set_threads(enc, pl->threads);
    pthread_mutex_lock(&pl->lock);
    for (;;) {
        job *j = next_ready(pl);
        if (!j) {
            if (pl->closing)
                break;
            pthread_cond_wait(&pl->changed, &pl->lock);
            continue;
        }
        j->state = SLOT_BUSY;
        pthread_mutex_unlock(&pl->lock);
        j->status = encode_job(pl, j, enc);
        pthread_mutex_lock(&pl->lock);
        note_failure(pl, j);
        free(j->alt);
        j->alt = NULL;
        j->state = SLOT_FREE;
        pthread_cond_broadcast(&pl->changed);
    }
    pthread_mutex_unlock(&pl->lock);
    care_idat_encoder_free(enc);
    return NULL;
}

/* Render page `page` into slot j (on the calling thread). */
static care_status render_job(const care_layout *L, care_glyph_cache *cache, const char *dir,
                              size_t page, job *j, care_error *err)
{
    j->page = page;
    j->status = CARE_OK;
    snprintf(j->path, sizeof j->path, "%s/page-%03zu.png", dir, page + 1);
    j->alt = care_layout_page_text(L, page);
    if (!j->alt)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory rendering %s", j->path);
    j->raster = care_output_raster_of(L, page);
    size_t need = care_output_raster_bytes(&j->raster);
    if (j->capacity < need) {
        free(j->pixels);
        j->pixels = care_large_alloc(need);
        j->capacity = j->pixels ? need : 0;
        if (!j->pixels)
            return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for a %dx%d page",
                             j->raster.width, j->raster.rows);
    }
    return care_draw_output_rows(L, cache, page, &j->raster, j->pixels, err);
}

/* Does page `page` show a photo whose decoding was left to the layout's photo thread? */
static bool page_waits_for_photo(const care_layout *L, size_t page)
{
    const care_page *pg = &L->pages[page];
    for (size_t i = pg->line_start; i < pg->line_start + pg->line_count; i++)
        if (L->lines[i].kind == CARE_BLOCK_FIGURE && care_figure_deferred(L, L->lines[i].figure))
            return true;
    return false;
}

/* The order the pages are drawn in: those without such a photo first, so
 * that the photo thread decodes while they are drawn, then the others;
 * each part by page number. Newly allocated; NULL when out of memory. */
static size_t *page_order(const care_layout *L)
{
    size_t *order = care_calloc(L->page_count ? L->page_count : 1, sizeof *order), n = 0;
    for (int waits = 0; order && waits <= 1; waits++)
        for (size_t p = 0; p < L->page_count; p++)
            if (page_waits_for_photo(L, p) == (bool)waits)
                order[n++] = p;
    return order;
}

/* One thread: render and encode each page in turn. The first failure by
 * page number is reported: after a failure only pages before it are tried. */
static care_status write_pages_serially(const care_layout *L, pipeline *pl, const size_t *order,
                                        const char *dir, care_error *err)
{
    care_idat_encoder *enc = care_idat_encoder_new();
    if (!enc)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for the PNG encoder");
    care_idat_encoder_set_threads(enc, pl->threads);
    job *j = &pl->slots[0];
    care_status failed = CARE_OK;
    size_t failed_page = (size_t)-1;
    for (size_t n = 0; n < L->page_count; n++) {
        size_t p = order[n];
        if (p > failed_page)
            continue;
        j->err = (care_error){0};
        care_status st = render_job(L, pl->cache, dir, p, j, &j->err);
        if (st == CARE_OK)
            st = encode_job(pl, j, enc);
        if (st != CARE_OK) {
            failed = st, failed_page = p;
            if (j->err.message[0])
                *err = j->err;
        }
        free(j->alt);
        j->alt = NULL;
    }
    care_idat_encoder_free(enc);
    return failed;
}

/* A free slot for page `page`, waiting for one; NULL once a page before it has failed. */
static job *wait_free_slot(pipeline *pl, size_t page)
{
    job *j = NULL;
    pthread_mutex_lock(&pl->lock);
    while (!j && page < pl->failed_page) {
        for (size_t i = 0; i < pl->nslots && !j; i++)
            if (pl->slots[i].state == SLOT_FREE)
                j = &pl->slots[i];
        if (!j)
            pthread_cond_wait(&pl->changed, &pl->lock);
    }
    pthread_mutex_unlock(&pl->lock);
    return j;
}

/* Render every page on this thread, in `order`, into free slots for the
 * workers to encode; a page that fails to render is noted like one that
 * fails to encode. After a failure only pages before it are tried. */
static void feed_pages(const care_layout *L, pipeline *pl, const size_t *order, const char *dir)
{
    for (size_t n = 0; n < L->page_count; n++) {
        size_t p = order[n];
        job *j = wait_free_slot(pl, p);
        if (!j)
            continue;
        /* the slot is FREE: no worker touches it */
        j->status = render_job(L, pl->cache, dir, p, j, &j->err);
        pthread_mutex_lock(&pl->lock);
        if (j->status == CARE_OK)
            j->state = SLOT_READY;
        else {
            note_failure(pl, j);
            free(j->alt);
            j->alt = NULL;
        }
        pthread_cond_broadcast(&pl->changed);
        pthread_mutex_unlock(&pl->lock);
    }
}

static care_status write_pages_in_parallel(const care_layout *L, pipeline *pl,
                                           const size_t *order, const char *dir, size_t workers,
                                           care_error *err)
{
    /* the glyphs first, on every thread: then drawing a page only composites,
     * and the first page reaches an encoder sooner */
    int cores = care_default_jobs(); /* more glyph threads than cores only cost faces */
    care_glyph_cache_prefill(pl->cache, L->fonts, L, 0, L->page_count,
                             (int)workers < cores ? (int)workers : cores);
    pthread_t threads[MAX_JOBS];
    size_t started = 0;
    pthread_mutex_init(&pl->lock, NULL);
    pthread_cond_init(&pl->changed, NULL);
    for (; started < workers; started++)
        if (pthread_create(&threads[started], NULL, worker, pl) != 0)
            break;
    care_status st = CARE_OK;
    if (started == 0)
        st = care_fail(err, CARE_ERR_NO_MEMORY, "cannot start an encoding thread");
    else
        feed_pages(L, pl, order, dir);
    pthread_mutex_lock(&pl->lock);
    pl->closing = true;
    pthread_cond_broadcast(&pl->changed);
    pthread_mutex_unlock(&pl->lock);
    for (size_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    pthread_cond_destroy(&pl->changed);
    pthread_mutex_destroy(&pl->lock);
    if (st == CARE_OK && pl->failed_page != (size_t)-1) {
        st = pl->failed_status;
        *err = pl->failed_err;
    }
    return st;
}

care_status care_png_write_pages(const care_layout *L, care_glyph_cache *cache, const char *dir,
                                 const care_png_metadata *meta, int jobs, care_error *err)
{
    pipeline pl = {.meta = meta, .layout = L, .cache = cache, .failed_page = (size_t)-1};
    size_t pages = L->page_count;
    size_t page_bytes = 1; /* the most of any page: what the memory budget counts */
    for (size_t p = 0; p < pages; p++) {
        care_output_raster r = care_output_raster_of(L, p);
        page_bytes = care_output_raster_bytes(&r) > page_bytes ? care_output_raster_bytes(&r)
                                                                : page_bytes;
    }
    size_t workers = (size_t)(jobs <= 0 ? care_default_jobs() : jobs > MAX_JOBS ? MAX_JOBS : jobs);
    size_t threads = workers; /* the most at work at once */
    size_t fit = PIPELINE_BYTES / page_bytes; /* buffers that fit the budget */
    fit = fit > 1 ? fit : 1;
    workers = workers > fit ? fit : workers;
    workers = workers > pages ? pages : workers;
    /* each worker compresses a page with photos on its share of the threads
     * (all of them for one page), so no more than `jobs` threads encode at once */
    pl.threads = (int)(threads / (workers ? workers : 1));
    /* One worker: render and encode in turn on the calling thread. */
    pl.nslots = workers <= 1 ? 1 : workers + RENDER_AHEAD;
    pl.nslots = pl.nslots > fit ? fit : pl.nslots > pages ? pages : pl.nslots;
    pl.slots = care_calloc(pl.nslots ? pl.nslots : 1, sizeof *pl.slots);
    if (!pl.slots)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for %zu pages", pl.nslots);
    size_t *order = page_order(L);
    care_status st = order ? CARE_OK : care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for "
                                                 "%zu pages", pages);
    if (order && pages > 0)
        st = workers <= 1 ? write_pages_serially(L, &pl, order, dir, err)
                          : write_pages_in_parallel(L, &pl, order, dir, workers, err);
    free(order);
    for (size_t i = 0; i < pl.nslots; i++) {
        free(pl.slots[i].pixels);
        free(pl.slots[i].alt);
    }
    free(pl.slots);
    return st;
}
