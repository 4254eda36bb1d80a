/* Atomic output: every file carepage writes goes to a temporary file beside
 * its final name and is renamed over it only when complete. */
#define _POSIX_C_SOURCE 200809L
#include "output/atomic_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "<dir>/.<name>.XXXXXX" for mkstemp: hidden, in the target's directory. */
static char *temp_template(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dir_len;
    size_t base_len = strlen(base);
    char *t = malloc(dir_len + 1 + base_len + 8);
    if (!t)
        return NULL;
    memcpy(t, path, dir_len);
    t[dir_len] = '.';
    memcpy(t + dir_len + 1, base, base_len);
    memcpy(t + dir_len + 1 + base_len, ".XXXXXX", 8);
    return t;
}

care_status care_atomic_open(care_atomic_file *f, const char *path, care_error *err)
{
    f->path = path;
    f->fd = -1;
    f->tmp = temp_template(path);
    if (!f->tmp)
        return care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory", path);
    f->fd = mkstemp(f->tmp);
    if (f->fd < 0) {
        char msg[128];
        care_status st = care_fail(err, CARE_ERR_IO, "cannot create a temporary file for %s: %s",
                                   path, care_error_text(errno, msg, sizeof msg));
        free(f->tmp);
        f->tmp = NULL;
        return st;
    }
    (void)fchmod(f->fd, 0644); /* best effort: mkstemp makes 0600 */
    return CARE_OK;
}

int care_atomic_commit(care_atomic_file *f)
{
    int failure = rename(f->tmp, f->path) == 0 ? 0 : errno;
    if (failure)
        unlink(f->tmp);
    free(f->tmp);
    f->tmp = NULL;
    return failure;
}

void care_atomic_abandon(care_atomic_file *f)
{
    unlink(f->tmp);
    free(f->tmp);
    f->tmp = NULL;
}

/* Write all of data to fd; 0, or the errno of the first failure. */
static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? errno : EIO;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

care_status care_atomic_write(const char *path, const char *data, size_t len, care_error *err)
{
    care_atomic_file out;
    care_status st = care_atomic_open(&out, path, err);
    if (st != CARE_OK)
        return st;
    int failure = write_all(out.fd, data, len);
    if (close(out.fd) != 0 && !failure)
        failure = errno;
    if (failure)
        care_atomic_abandon(&out);
    else
        failure = care_atomic_commit(&out);
    if (failure) {
        char msg[128];
        return care_fail(err, CARE_ERR_IO, "cannot write %s: %s", path,
                         care_error_text(failure, msg, sizeof msg));
    }
    return CARE_OK;
}
