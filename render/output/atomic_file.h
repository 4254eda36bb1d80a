/* Files written atomically: a temporary file renamed over the target (atomic_file.c). Not installed. */
#ifndef CARE_ATOMIC_FILE_H
#define CARE_ATOMIC_FILE_H

#include "common/util.h"

/** A file being written: a temporary file beside `path`, renamed over it when complete. */
typedef struct care_atomic_file {
    const char *path; /* borrowed */
    char *tmp;
    int fd;           /* the caller writes and closes it */
} care_atomic_file;

/** Create the temporary file "<dir>/.<name>.XXXXXX" (mode 0644) for path.
 *  Errors: CARE_ERR_IO (message names path and the reason), CARE_ERR_NO_MEMORY. */
care_status care_atomic_open(care_atomic_file *f, const char *path, care_error *err);
/** After the caller closed fd: rename the temporary file over path; 0, or the
 *  errno of a failed rename (the temporary file is then removed). */
int care_atomic_commit(care_atomic_file *f);
/** After a failure (fd closed): remove the temporary file. */
void care_atomic_abandon(care_atomic_file *f);
/** Write data[0..len) to path atomically (open, write, close, commit); on any
 *  failure no file is left. Errors: CARE_ERR_IO (message names path and the
 *  reason), CARE_ERR_NO_MEMORY. */
care_status care_atomic_write(const char *path, const char *data, size_t len, care_error *err);

#endif
