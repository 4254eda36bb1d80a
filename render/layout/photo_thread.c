/* The layout's photo thread. See photo_thread.h.
 *
 * Why: a 4000 x 3000 JPEG on a phone page spends about 13 ms in libjpeg's
 * entropy decoding, which cannot be split, while the pages around it are
 * drawn and encoded on about one core of two. Its box, caption and page
 * are known before a pixel is decoded, and what is left of its decoding
 * cannot fail (image/jpeg.c), so the layout is finished without it and the
 * pixels arrive on this thread while the other pages are drawn.
 *
 * The thread touches only the decodings handed to it (libjpeg's state, the
 * file's bytes, the pixel buffer), never the engine or the layout; each
 * finished decoding is published under the lock, so a reader that waited
 * for it sees every pixel. */
#define _POSIX_C_SOURCE 200809L
#include "layout/photo_thread.h"
#include "layout/layout.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct photo_job {
    care_image_rest *rest; /* NULL once run */
    uint8_t *owned;        /* the file's bytes, or NULL */
    bool failed;
    care_error why;        /* failed: the message */
} photo_job;

struct care_photo_thread {
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a job was added or finished, or the thread is to stop */
    pthread_t thread;
    photo_job *jobs;        /* in document order (under lock) */
    size_t count, cap;      /* (under lock) */
    size_t done;            /* jobs [0, done) finished, in order (under lock) */
    size_t failed;          /* how many of them failed (under lock) */
    bool sealed;            /* no more jobs will come (under lock) */
    atomic_bool cancel;     /* stop: read by the decoder between rows */
};

static void *run_jobs(void *arg)
{
    care_photo_thread *P = arg;
    pthread_mutex_lock(&P->lock);
    for (;;) {
        while (P->done == P->count && !P->sealed && !atomic_load(&P->cancel))
            pthread_cond_wait(&P->changed, &P->lock);
        if (P->done == P->count || atomic_load(&P->cancel))
            break;
        size_t k = P->done;
        care_image_rest *rest = P->jobs[k].rest;
        uint8_t *owned = P->jobs[k].owned;
        pthread_mutex_unlock(&P->lock);
        care_error why = {0};
        care_status st = care_image_rest_run(rest, &P->cancel, &why);
        free(owned);
        pthread_mutex_lock(&P->lock);
        P->jobs[k] = (photo_job){NULL, NULL, st != CARE_OK, why};
        P->failed += st != CARE_OK;
        P->done = k + 1;
        pthread_cond_broadcast(&P->changed);
    }
    pthread_mutex_unlock(&P->lock);
    return NULL;
}

static care_photo_thread *start(void)
{
    care_photo_thread *P = care_calloc(1, sizeof *P);
    if (!P)
        return NULL;
    atomic_init(&P->cancel, false);
    pthread_mutex_init(&P->lock, NULL);
    pthread_cond_init(&P->changed, NULL);
    if (pthread_create(&P->thread, NULL, run_jobs, P) != 0) {
        pthread_cond_destroy(&P->changed);
        pthread_mutex_destroy(&P->lock);
        free(P);
        return NULL;
    }
    return P;
}

bool care_photos_reserve(care_layout *L)
{
    if (!L->photos && !L->photos_tried) {
        L->photos_tried = true; /* a thread that cannot be had is not tried for every photo */
        L->photos = start();
    }
    care_photo_thread *P = L->photos;
    if (!P)
        return false;
    pthread_mutex_lock(&P->lock);
    bool room = P->count < P->cap;
    if (!room) {
        size_t cap = P->cap ? P->cap * 2 : 4;
        photo_job *v = care_realloc_array(P->jobs, cap, sizeof *v);
        if (v) {
            P->jobs = v;
            P->cap = cap;
            room = true;
        }
    }
    pthread_mutex_unlock(&P->lock);
    return room;
}

long care_photos_add(care_layout *L, care_image_rest *rest, uint8_t *owned)
{
    care_photo_thread *P = L->photos;
    pthread_mutex_lock(&P->lock);
    size_t k = P->count++;
    P->jobs[k] = (photo_job){rest, owned, false, {0}};
    pthread_cond_broadcast(&P->changed);
    pthread_mutex_unlock(&P->lock);
    return (long)k;
}

void care_photos_seal(care_layout *L)
{
    care_photo_thread *P = L->photos;
    if (!P)
        return;
    pthread_mutex_lock(&P->lock);
    P->sealed = true;
    pthread_cond_broadcast(&P->changed);
    pthread_mutex_unlock(&P->lock);
}

const care_image *care_figure_pixels(const care_layout *L, size_t figure)
{
    const care_placed_figure *f = &L->figures[figure];
    if (f->pending < 0)
        return &f->image;
    care_photo_thread *P = L->photos;
    size_t k = (size_t)f->pending;
    pthread_mutex_lock(&P->lock);
    while (P->done <= k)
        pthread_cond_wait(&P->changed, &P->lock);
    bool failed = P->jobs[k].failed;
    pthread_mutex_unlock(&P->lock);
    return failed ? NULL : &f->image;
}

bool care_figure_deferred(const care_layout *L, size_t figure)
{
    return L->figures[figure].pending >= 0;
}

size_t care_photos_failed_count(const care_layout *L)
{
    care_photo_thread *P = L->photos;
    if (!P)
        return 0;
    pthread_mutex_lock(&P->lock);
    while (P->done < P->count)
        pthread_cond_wait(&P->changed, &P->lock);
    size_t n = P->failed;
    pthread_mutex_unlock(&P->lock);
    return n;
}

const char *care_photos_failed(const care_layout *L, size_t i)
{
    if (i >= care_photos_failed_count(L))
        return NULL;
    care_photo_thread *P = L->photos;
    pthread_mutex_lock(&P->lock); /* every job is done: only for the memory order */
    const char *msg = NULL;
    for (size_t k = 0; k < P->count && !msg; k++)
        if (P->jobs[k].failed && i-- == 0)
            msg = P->jobs[k].why.message;
    pthread_mutex_unlock(&P->lock);
    return msg;
}

void care_photos_stop(care_layout *L)
{
    care_photo_thread *P = L->photos;
    if (!P)
        return;
    pthread_mutex_lock(&P->lock);
    atomic_store(&P->cancel, true);
    pthread_cond_broadcast(&P->changed);
    pthread_mutex_unlock(&P->lock);
    pthread_join(P->thread, NULL);
    for (size_t k = P->done; k < P->count; k++) {
        care_image_rest_free(P->jobs[k].rest);
        free(P->jobs[k].owned);
    }
    pthread_cond_destroy(&P->changed);
    pthread_mutex_destroy(&P->lock);
    free(P->jobs);
    free(P);
    L->photos = NULL;
}
