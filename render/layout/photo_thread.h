/* The layout's photo thread (photo_thread.c): the decodings figures.c may
 * leave for later (a baseline JPEG's scanlines, which cannot fail any more:
 * image/jpeg.c) run on one thread per layout, in document order, while the
 * caller goes on (laying out, drawing the pages without photos). Whoever
 * reads a photo's pixels waits for them with care_figure_pixels. */
#ifndef CARE_PHOTO_THREAD_H
#define CARE_PHOTO_THREAD_H

#include "image/image.h"

/** The pending decodings of a layout and the thread that runs them: made
 *  on the first one, separately allocated (a const layout's readers lock
 *  it), stopped by care_photos_stop. */
typedef struct care_photo_thread care_photo_thread;

/**
 * Make room for one more decoding on the layout's photo thread, starting it
 * (and its state) on the first call. false when there is no thread (it or
 * its memory cannot be had): the caller then runs the rest itself.
 */
bool care_photos_reserve(care_layout *layout);

/**
 * Hand a photo's rest of decoding to the photo thread (after a
 * care_photos_reserve that returned true: this cannot fail), with the file
 * bytes it reads when they are the layout's own (`owned`, freed once the
 * rest has run; NULL when the document's, which outlives the layout);
 * returns the decoding's number for care_placed_figure.pending.
 */
long care_photos_add(care_layout *layout, care_image_rest *rest, uint8_t *owned);

/** No more decodings will come: the thread ends after the last. */
void care_photos_seal(care_layout *layout);

/**
 * The decoded photo of figure `figure`, waiting for its decoding if it is
 * still pending; NULL when a decoding left for later failed (its box stays
 * blank; the problem is listed). Safe from several threads at once.
 */
const care_image *care_figure_pixels(const care_layout *layout, size_t figure);

/** Is figure `figure`'s decoding left to the photo thread (done or not)? */
bool care_figure_deferred(const care_layout *layout, size_t figure);

/** Wait for every decoding; then the failures, in document order: how many,
 *  and the message of the i-th (borrowed from the layout). */
size_t care_photos_failed_count(const care_layout *layout);
const char *care_photos_failed(const care_layout *layout, size_t i);

/** Stop the thread (a decoding in progress ends at its next row), join it,
 *  free what it had not run. */
void care_photos_stop(care_layout *layout);

#endif
