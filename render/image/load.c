/* Reading a photo file: only regular files (never a FIFO or device that could
 * block), no more than the byte limit, the path taken relative to the
 * article's directory. */
#define _POSIX_C_SOURCE 200809L
#include "common/util.h"
#include "image/image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* dir + "/" + path, or path itself when absolute or dir is NULL/empty. */
static char *join_path(const char *dir, const char *path)
{
    if (!dir || !*dir || path[0] == '/')
        return care_strndup(path, strlen(path));
    size_t n = strlen(dir) + strlen(path) + 2;
    char *out = care_calloc(n, 1);
    if (out)
        snprintf(out, n, "%s/%s", dir, path);
    return out;
}

static care_status read_all(int fd, size_t size, const char *name, uint8_t **out, care_error *err)
{
    uint8_t *buf = care_calloc(size ? size : 1, 1);
    if (!buf)
        return care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory for %zu bytes", name, size);
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            char msg[128];
            free(buf);
            return care_fail(err, CARE_ERR_IO, "%s: cannot read: %s", name,
                             n < 0 ? care_error_text(errno, msg, sizeof msg) : "file shrank");
        }
        got += (size_t)n;
    }
    *out = buf;
    return CARE_OK;
}

care_status care_image_read_file(const char *dir, const char *path, size_t max_bytes,
                                 uint8_t **out, size_t *len, care_error *err)
{
    *out = NULL;
    *len = 0;
    char *full = join_path(dir, path);
    if (!full)
        return care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory", path);
    int fd = open(full, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    char msg[128];
    care_status result;
    if (fd < 0)
        result = care_fail(err, CARE_ERR_IO, "%s: %s (looked for %s)", path,
                           errno == ENOENT ? "not found" : care_error_text(errno, msg, sizeof msg),
                           full);
    else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        result = care_fail(err, CARE_ERR_IO, "%s: not a regular file (%s)", path, full);
    else if ((uintmax_t)st.st_size > max_bytes)
        result = care_fail(err, CARE_ERR_LIMIT, "%s: %jd bytes, over the limit of %zu bytes "
                           "(max_image_bytes)", path, (intmax_t)st.st_size, max_bytes);
    else
        result = read_all(fd, (size_t)st.st_size, path, out, err);
    if (result == CARE_OK)
        *len = (size_t)st.st_size;
    if (fd >= 0)
        close(fd);
    free(full);
    return result;
}
