/* The image data of a page that shows photos: rows filtered for what they
 * hold and compressed in independent pieces (ISA-L), on several threads.
 * Used by png_idat.c. Not installed. */
#ifndef CARE_PNG_PHOTO_PAGE_H
#define CARE_PNG_PHOTO_PAGE_H

#include "output/png_idat.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Filtered rows compressed as one piece (bytes, about): a phone photo makes 10. */
#define CARE_PHOTO_PIECE_BYTES ((size_t)256 << 10)

/** One piece: raw deflate data (RFC 1951) ending in a full flush, so it
 *  refers to nothing before it and ends on a byte boundary, not final. */
typedef struct care_photo_piece {
    int top, bottom;  /* the image rows [top, bottom) it holds */
    bool photo;       /* the rows of a photo band (else text rows) */
    bool isal;        /* compressed with ISA-L (else zlib) */
    uint8_t *bytes;
    size_t len;
    size_t raw_len;   /* the filtered bytes it decodes to */
    uint32_t adler;   /* their Adler-32 */
    care_status status;
    int code;         /* on CARE_ERR_PNG: what ISA-L or zlib returned */
} care_photo_piece;

/**
 * The rows of `img` (bands valid, at least one) but the runs of at least
 * CARE_IDAT_BLANK_RUN rows equal to the row above outside the bands (which
 * png_idat.c copies in), filtered (PNG 3rd edition §9): Paeth in a photo
 * band, Up elsewhere, the image's first row None; each band and each run of
 * text rows between them cut at every CARE_PHOTO_PIECE_BYTES of filtered
 * bytes (whole rows) into pieces, each compressed on its own with ISA-L
 * igzip level 1, or, for a photo piece most of whose bytes are long zero
 * runs (a narrow photo on page background), with zlib level 6 Z_RLE as
 * png_idat.c compresses text. On up to `threads` threads (the calling one
 * included). The pieces are the same whatever the threads, so the bytes
 * depend only on the pixels (and the processor, see png_photo_page.c).
 * *pieces is newly allocated, in order of rows (free with
 * care_photo_pieces_free); NULL and CARE_ERR_NO_MEMORY when it cannot be.
 * Else CARE_OK, and each piece's status says whether it was compressed:
 * CARE_ERR_NO_MEMORY, or CARE_ERR_PNG with the compressor's return value in
 * `code` (not expected).
 */
care_status care_photo_page_compress(const care_idat_image *img, int threads,
                                     care_photo_piece **pieces, size_t *count);

void care_photo_pieces_free(care_photo_piece *pieces, size_t count);

#endif
