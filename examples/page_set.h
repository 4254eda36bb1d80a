/* carepage CLI: an article's pages and layout dump written as one set (page_set.c). */
#ifndef CAREPAGE_PAGE_SET_H
#define CAREPAGE_PAGE_SET_H

#include "carepage.h"

#include <stdbool.h>
#include <stddef.h>

/**
 * A page set being written into OUTDIR as a transaction. The run holds an
 * exclusive flock on OUTDIR itself for its whole length (a second run into
 * the same directory waits). Pages go to a staging directory
 * OUTDIR/.carepage-stage.XXXXXX, the dump to a hidden file beside its final
 * name; only when everything is written are they renamed into place, and in
 * the same step the pages of the earlier set beyond the new page count, and
 * the earlier set's dump when this run writes none or writes it elsewhere,
 * are removed (the earlier set is read from OUTDIR/.carepage-set, which each
 * commit writes: the page count and the dump's name); pages no set of carepage's
 * wrote are never touched). A failed run removes its staging: OUTDIR is as
 * it was. A killed run leaves its staging, which the next run finishes
 * (renamed half-way: a journal file says so) or removes.
 */
typedef struct page_set {
    char *dir;        /* OUTDIR */
    int lock_fd;      /* OUTDIR opened and flocked */
    char *stage;      /* the staging directory: the pages go here */
    char *dump;       /* the dump's final path, or NULL */
    char *dump_stage; /* where the dump is written first, or NULL */
    char *dump_record; /* the dump as OUTDIR/.carepage-set names it, or NULL */
} page_set;

/** Lock OUTDIR (waiting, with a message, while another run holds it), finish
 *  or remove what killed runs left, and make the staging directory. 0, or an
 *  errno with *what naming the step that failed. `dump` may be NULL. */
int page_set_begin(page_set *ps, const char *outdir, const char *dump, const char **what);

/** Everything is written: rename it into place, remove the earlier set's
 *  surplus pages and dump, record the set. 0, or an errno (the directory may
 *  then hold the new pages up to the failure; the next run finishes them). */
int page_set_commit(page_set *ps, size_t pages);

/** Forget the staged pages and dump (a failed run); unlock. Safe after commit. */
void page_set_end(page_set *ps);

/**
 * Write the layout's pages into `dir` (which must exist) and its dump to
 * `dump` (NULL: none) as one page set; `name` is the article's for the dump.
 * Returns an exit code (EXIT_OK, or that of the failure) and, on failure,
 * *why: a new message (the file and reason, and that nothing was changed).
 */
int page_set_write(care_layout *layout, care_engine *e, const char *dir, const char *dump,
                   const char *name, const care_png_metadata *meta, int jobs, char **why);

#endif
