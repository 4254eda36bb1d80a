/* carepage CLI: an article's pages and layout dump written as one set, renamed
 * into place only when all of it is written (see page_set.h). */
#define _DEFAULT_SOURCE /* mkdtemp, flock, dirfd, realpath, strndup */
#include "page_set.h"

#include "carepage_cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define STAGE_PREFIX ".carepage-stage."
/* The committed set: "N\0dump\0", the dump's file name when it is in OUTDIR
 * (so that the record is the same wherever OUTDIR is), else its absolute path. */
#define SET_FILE ".carepage-set"

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Write len bytes to a new file `path`; 0 or an errno. */
static int write_file(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return errno;
    int e = write(fd, data, len) == (ssize_t)len ? 0 : errno ? errno : EIO;
    if (close(fd) != 0 && e == 0)
        e = errno;
    return e;
}

/* The first `fields` NUL-terminated strings of file `path` into buf; false
 * when it cannot be read or has fewer. */
static bool read_fields(const char *path, char *buf, size_t size, const char **out, int fields)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t n = fread(buf, 1, size - 1, f);
    fclose(f);
    buf[n] = '\0';
    size_t at = 0;
    for (int i = 0; i < fields; i++) {
        if (at >= n)
            return false;
        out[i] = buf + at;
        at += strlen(buf + at) + 1;
    }
    return true;
}

static void remove_page(const char *dir, size_t page)
{
    char name[32];
    snprintf(name, sizeof name, "page-%03zu.png", page);
    char *p = join(dir, name);
    if (p)
        unlink(p);
    free(p);
}

/* Remove a staging directory and the dump it staged (a run that failed or was killed). */
static void discard(const char *stage)
{
    char buf[8192];
    const char *dump[1];
    char *info = join(stage, "dump-stage");
    if (info && read_fields(info, buf, sizeof buf, dump, 1) && dump[0][0])
        unlink(dump[0]);
    free(info);
    DIR *d = opendir(stage);
    for (struct dirent *ent = d ? readdir(d) : NULL; ent; ent = readdir(d))
        if (strcmp(ent->d_name, ".") && strcmp(ent->d_name, ".."))
            unlinkat(dirfd(d), ent->d_name, 0);
    if (d)
        closedir(d);
    rmdir(stage);
}

/* The earlier set's pages past the new count and its dump when this set
 * does not write the same file (`dump`: as the record names it). */
static void remove_earlier_set(const char *dir, size_t pages, const char *dump)
{
    char buf[8192];
    const char *old[2];
    char *path = join(dir, SET_FILE);
    if (path && read_fields(path, buf, sizeof buf, old, 2)) {
        size_t old_pages = strtoull(old[0], NULL, 10);
        for (size_t p = pages + 1; p <= old_pages; p++)
            remove_page(dir, p);
        char *old_dump = strchr(old[1], '/') ? strdup(old[1]) : join(dir, old[1]);
        if (old[1][0] && strcmp(old[1], dump) != 0 && old_dump)
            unlink(old_dump);
        free(old_dump);
    }
    free(path);
}

/* Rename a staged set into place (again, after a kill: what is already
 * renamed is skipped); 0 or an errno. */
static int roll_forward(const char *dir, const char *stage)
{
    char buf[8192], dbuf[8192], name[32];
    const char *set[2], *dump_stage[2]; /* staged at, final path */
    char *set_path = join(stage, "set"), *info = join(stage, "dump-stage");
    int e = set_path && info ? 0 : ENOMEM;
    if (!e && (!read_fields(set_path, buf, sizeof buf, set, 2) ||
               !read_fields(info, dbuf, sizeof dbuf, dump_stage, 2)))
        e = EIO;
    size_t pages = e ? 0 : strtoull(set[0], NULL, 10);
    for (size_t p = 1; !e && p <= pages; p++) {
        snprintf(name, sizeof name, "page-%03zu.png", p);
        char *from = join(stage, name), *to = join(dir, name);
        e = !from || !to ? ENOMEM : rename(from, to) == 0 || errno == ENOENT ? 0 : errno;
        free(from);
        free(to);
    }
    if (!e && dump_stage[0][0] && rename(dump_stage[0], dump_stage[1]) != 0 && errno != ENOENT)
        e = errno;
    if (!e)
        remove_earlier_set(dir, pages, set[1]);
    char *record = join(dir, SET_FILE);
    if (!e)
        e = !record ? ENOMEM : rename(set_path, record) == 0 || errno == ENOENT ? 0 : errno;
    free(record);
    free(set_path);
    free(info);
    if (!e)
        discard(stage);
    return e;
}

static bool has_journal(const char *stage)
{
    char *j = join(stage, "journal");
    bool yes = j && access(j, F_OK) == 0;
    free(j);
    return yes;
}

/* What killed runs left (the lock is held: no other run is at work here). */
static void recover(const char *dir)
{
    DIR *d = opendir(dir);
    for (struct dirent *ent = d ? readdir(d) : NULL; ent; ent = readdir(d)) {
        if (strncmp(ent->d_name, STAGE_PREFIX, strlen(STAGE_PREFIX)) != 0)
            continue;
        char *stage = join(dir, ent->d_name);
        if (!stage)
            continue;
        bool ready = has_journal(stage);
        if (!ready || roll_forward(dir, stage) != 0)
            discard(stage);
        fprintf(stderr, "carepage: warning: %s: %s the pages of a run that was killed\n", dir,
                ready ? "finished renaming" : "removed");
        free(stage);
    }
    if (d)
        closedir(d);
}

static int lock_dir(page_set *ps)
{
    ps->lock_fd = open(ps->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (ps->lock_fd < 0)
        return errno;
    if (flock(ps->lock_fd, LOCK_EX | LOCK_NB) == 0)
        return 0;
    if (errno != EWOULDBLOCK)
        return errno;
    fprintf(stderr, "carepage: %s: another carepage run is writing there; waiting for it\n",
            ps->dir);
    return flock(ps->lock_fd, LOCK_EX) == 0 ? 0 : errno;
}

/* An absolute path for the dump (the record must name it whatever the next
 * run's working directory). */
static char *absolute(const char *path)
{
    if (path[0] == '/')
        return strdup(path);
    char cwd[4096];
    return getcwd(cwd, sizeof cwd) ? join(cwd, path) : NULL;
}

/* "<dir of dump>/.<name of dump>.<stage suffix>" */
static char *dump_stage_path(const char *dump, const char *stage)
{
    const char *slash = strrchr(dump, '/');
    const char *suffix = strrchr(stage, '.') + 1;
    size_t n = strlen(dump) + strlen(suffix) + 3;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%.*s.%s.%s", (int)(slash - dump + 1), dump, slash + 1, suffix);
    return p;
}

/* How the record names the dump: its file name when it is in OUTDIR. */
static char *record_name(const char *dump, const char *dir)
{
    const char *slash = strrchr(dump, '/');
    char *dump_dir = strndup(dump, (size_t)(slash - dump + 1));
    char *a = dump_dir ? realpath(dump_dir, NULL) : NULL, *b = realpath(dir, NULL);
    bool inside = a && b && strcmp(a, b) == 0;
    free(dump_dir);
    free(a);
    free(b);
    return strdup(inside ? slash + 1 : dump);
}

static int stage_dump(page_set *ps, const char *dump)
{
    ps->dump = absolute(dump);
    ps->dump_stage = ps->dump ? dump_stage_path(ps->dump, ps->stage) : NULL;
    ps->dump_record = ps->dump_stage ? record_name(ps->dump, ps->dir) : NULL;
    return ps->dump_record ? 0 : ENOMEM;
}

int page_set_begin(page_set *ps, const char *outdir, const char *dump, const char **what)
{
    memset(ps, 0, sizeof *ps);
    ps->lock_fd = -1;
    ps->dir = strdup(outdir);
    *what = "locking the directory";
    int e = ps->dir ? lock_dir(ps) : ENOMEM;
    if (e)
        return e;
    recover(ps->dir);
    *what = "creating the staging directory";
    ps->stage = join(ps->dir, STAGE_PREFIX "XXXXXX");
    if (!ps->stage || !mkdtemp(ps->stage)) {
        e = ps->stage ? errno : ENOMEM;
        free(ps->stage);
        ps->stage = NULL;
        return e;
    }
    e = dump ? stage_dump(ps, dump) : 0;
    char *info = join(ps->stage, "dump-stage"), fields[8192];
    int n = snprintf(fields, sizeof fields, "%s%c%s", ps->dump_stage ? ps->dump_stage : "", '\0',
                     ps->dump ? ps->dump : "");
    if (!e)
        e = !info ? ENOMEM : n < 0 || (size_t)n >= sizeof fields
                                 ? ENAMETOOLONG
                                 : write_file(info, fields, (size_t)n + 1);
    free(info);
    return e;
}

int page_set_commit(page_set *ps, size_t pages)
{
    char record[8192];
    int n = snprintf(record, sizeof record, "%zu%c%s", pages, '\0',
                     ps->dump_record ? ps->dump_record : "");
    char *set = join(ps->stage, "set"), *journal = join(ps->stage, "journal");
    int e = !set || !journal || n < 0 || (size_t)n >= sizeof record
                ? ENOMEM
                : write_file(set, record, (size_t)n + 1);
    if (!e)
        e = write_file(journal, "", 0); /* from here on the set is committed */
    free(set);
    free(journal);
    if (!e)
        e = roll_forward(ps->dir, ps->stage);
    if (!e) {
        free(ps->stage);
        ps->stage = NULL;
    }
    return e;
}

void page_set_end(page_set *ps)
{
    if (ps->stage && !has_journal(ps->stage))
        discard(ps->stage);
    if (ps->lock_fd >= 0)
        close(ps->lock_fd);
    free(ps->stage);
    free(ps->dump);
    free(ps->dump_stage);
    free(ps->dump_record);
    free(ps->dir);
    memset(ps, 0, sizeof *ps);
    ps->lock_fd = -1;
}

/* A new message like printf's, or NULL when out of memory. */
static char *messagef(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *m = n >= 0 ? malloc((size_t)n + 1) : NULL;
    va_start(ap, fmt);
    if (m)
        vsnprintf(m, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return m;
}

static int staged_write(page_set *ps, care_layout *layout, care_engine *e, const char *name,
                        const care_png_metadata *meta, int jobs, char **why)
{
    care_status st = ps->dump ? care_layout_write_json(layout, ps->dump_stage, name) : CARE_OK;
    if (st == CARE_OK)
        st = care_render_pages_png(layout, ps->stage, meta, jobs);
    if (st != CARE_OK) {
        const char *msg = care_engine_last_error(e);
        *why = messagef("%s; nothing was changed in %s: no page%s of this run written, earlier "
                        "pages left as they were", *msg ? msg : care_status_string(st), ps->dir,
                        ps->dump ? " or dump" : "");
        return exit_code_of(st);
    }
    int err = page_set_commit(ps, care_layout_page_count(layout));
    if (err) {
        *why = messagef("%s: renaming the pages into place: %s (the next run into it finishes "
                        "the renaming)", ps->dir, strerror(err));
        return EXIT_OUTPUT;
    }
    return EXIT_OK;
}

int page_set_write(care_layout *layout, care_engine *e, const char *dir, const char *dump,
                   const char *name, const care_png_metadata *meta, int jobs, char **why)
{
    page_set ps;
    const char *what = "";
    *why = NULL;
    int err = page_set_begin(&ps, dir, dump, &what);
    int rc = err ? EXIT_OUTPUT : staged_write(&ps, layout, e, name, meta, jobs, why);
    if (err)
        *why = messagef("%s: %s: %s", dir, what, strerror(err));
    page_set_end(&ps);
    return rc;
}
