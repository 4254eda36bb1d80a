/* The scaler on its own thread. See decoders.h (care_row_pipe).
 *
 * Why: a 4000 x 3000 JPEG shown on a phone page is decoded at 1/4 scale
 * (libjpeg, ~10 ms, mostly entropy decoding that cannot be split) and its
 * 1000 x 750 rows area-averaged to 972 x 729 (~4 ms); both ran one after the
 * other on the thread that lays out the article, while the other core was
 * idle. Here the decoder writes rows into a ring and the scaler takes them
 * on a second thread. Rows are handed over in batches (one lock and at most
 * one wake-up a batch: rows one at a time cost ~1,300 context switches a
 * photo), so on a busy machine the pipe costs about nothing either. The
 * scaler sees the same rows in the same order, so no pixel changes. */
#define _POSIX_C_SOURCE 200809L
#include "image/decoders.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define BATCH 16          /* rows handed over at once */
#define RING (4 * BATCH)  /* rows the decoder may be ahead */
/* Below this many source bytes the thread costs more than it saves. */
#define MIN_PIPE_BYTES ((size_t)1 << 20)

struct care_row_pipe {
    care_scaler *scaler;
    size_t row_bytes;
    uint8_t *ring;        /* RING rows */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t more;  /* rows were handed over, or the decoder is done */
    pthread_cond_t room;  /* the scaler took rows */
    size_t handed;        /* rows handed over (under lock) */
    size_t taken;         /* rows the scaler has pushed (under lock) */
    bool done;            /* no more rows will come (under lock) */
    size_t written;       /* rows the decoder has written (its own) */
};

/* The scaler's thread: push every row handed over, in order. */
static void *scale_rows(void *arg)
{
    care_row_pipe *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (p->taken == p->handed && !p->done)
            pthread_cond_wait(&p->more, &p->lock);
        size_t from = p->taken, to = p->handed;
        if (from == to)
            break; /* done, and every row pushed */
        pthread_mutex_unlock(&p->lock);
        for (size_t r = from; r < to; r++)
            care_scaler_push(p->scaler, p->ring + (r % RING) * p->row_bytes);
        pthread_mutex_lock(&p->lock);
        p->taken = to;
        pthread_cond_signal(&p->room);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

care_row_pipe *care_row_pipe_start(care_scaler *s)
{
    size_t row_bytes = (size_t)s->src_w * (size_t)s->channels;
    if (row_bytes * (size_t)s->src_h < MIN_PIPE_BYTES || sysconf(_SC_NPROCESSORS_ONLN) < 2)
        return NULL;
    care_row_pipe *p = calloc(1, sizeof *p);
    if (!p || !(p->ring = care_calloc(RING, row_bytes))) {
        free(p);
        return NULL;
    }
    p->scaler = s;
    p->row_bytes = row_bytes;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->more, NULL);
    pthread_cond_init(&p->room, NULL);
    if (pthread_create(&p->thread, NULL, scale_rows, p) != 0) {
        pthread_cond_destroy(&p->room);
        pthread_cond_destroy(&p->more);
        pthread_mutex_destroy(&p->lock);
        free(p->ring);
        free(p);
        return NULL;
    }
    return p;
}

uint8_t *care_row_pipe_row(care_row_pipe *p)
{
    if (p->written % BATCH == 0) { /* hand the batch over; wait for room for the next */
        pthread_mutex_lock(&p->lock);
        p->handed = p->written;
        pthread_cond_signal(&p->more);
        while (p->written + BATCH - p->taken > RING)
            pthread_cond_wait(&p->room, &p->lock);
        pthread_mutex_unlock(&p->lock);
    }
    return p->ring + (p->written % RING) * p->row_bytes;
}

void care_row_pipe_written(care_row_pipe *p)
{
    p->written++;
}

void care_row_pipe_end(care_row_pipe *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->handed = p->written;
    p->done = true;
    pthread_cond_signal(&p->more);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    pthread_cond_destroy(&p->room);
    pthread_cond_destroy(&p->more);
    pthread_mutex_destroy(&p->lock);
    free(p->ring);
    free(p);
}
