/* carepage CLI: what carepage.c and the batch driver (batch.c) share. */
#ifndef CAREPAGE_CLI_H
#define CAREPAGE_CLI_H

#include "carepage.h"

/* Exit codes (documented in --help and the README). */
enum {
    EXIT_OK = 0,
    EXIT_USAGE = 1,  /* bad option or value */
    EXIT_INPUT = 2,  /* the article cannot be read or is not valid UTF-8 */
    EXIT_FONT = 3,   /* a font is missing */
    EXIT_OUTPUT = 4, /* a page or the layout dump cannot be written */
    EXIT_LAYOUT = 5  /* the article cannot be laid out (limits, contrast, memory) */
};

typedef struct cli {
    const char *input, *outdir, *layout_json, *preset, *theme, *title, *author, *source;
    const char *pdf;       /* --pdf FILE (batch mode: a directory for <article>.pdf) */
    const char *line_height;
    float font_size, margin, indent, spacing;
    int width, height;
    long fg, bg;
    bool allow_low_contrast, quiet, greedy, hanging, extract_only;
    const char *punct_trim;
    float cjk_latin;
    care_align align;
    care_parse_options parse;
    care_font_config fonts;
    const char *fallback[16];
    bool strict_glyphs;
    bool long_image; /* --long: one tall image */
    int long_limit;  /* --long-limit PX, 0 = 16384 */
    const char *lang;
    /* batch mode (batch.c) and parallel encoding */
    const char *batch;     /* --batch LIST: a file of article paths, one a line */
    char **inputs;         /* several ARTICLE arguments */
    int input_count;
    int jobs;              /* --jobs N: pages encoded at once; 0 = one per core */
    bool keep_going;       /* --keep-going: a failed article does not stop the batch */
    care_limits limits;    /* --max-input, --max-pages, ... (care_engine_set_limits) */
    bool no_images;        /* --no-images */
    float figure_height;   /* --figure-height SHARE, 0 = the preset's */
} cli;

/* carepage.c */
int page_options(const cli *c, care_page_options *o);
char *read_input(const char *path, size_t *len, size_t max);
/** Did read_input stop over --max-input? Then msg says the input's real size (a
 *  file's, from stat; from a pipe "more than MAX bytes") and what to do. */
bool input_too_large(const char *path, size_t len, size_t max, char *msg, size_t size);
int exit_code_of(care_status st);
/** The line that tells the user about a failure (without "carepage: "): the
 *  engine's last message with the font option that failed and what to do; `what`
 *  stands in when there is no message; a message starting with "SKIP: " loses
 *  that (batch lines already start with the article's path; skip may be NULL). */
void describe_failure(char *buf, size_t size, care_engine *e, care_status st, const char *what,
                      const char *skip);
void warn_about_text(const cli *c, const care_layout *layout, const care_document *doc);
/** The directory of an article file, where its image paths start ("." for a bare
 *  name or stdin); newly allocated, NULL when out of memory. */
char *article_dir(const char *path);

/** --pdf: write the layout as a tagged PDF to path; returns the exit code. */
int write_pdf(const cli *c, care_layout *layout, care_engine *e, const char *path);

/* batch.c: --batch LIST or several ARTICLE arguments; returns the exit code. */
int run_batch(const cli *c, care_engine *e);
/** mkdir -p: path and its missing parents (0777 before the umask); 0, or -1 with errno. */
int make_dirs(const char *path);
/** Remove the page temporary files (".page-NNN.png.XXXXXX") a killed run left
 *  in outdir, untouched for over two minutes (so not those of another run
 *  writing there now), with a warning; the library removes them itself on any
 *  error it returns, but SIGKILL or SIGTERM stop a run before it can. */
void remove_stale_temps(const char *outdir);

#endif
