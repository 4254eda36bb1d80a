/* carepage: render an article (Markdown or plain text, UTF-8) as care-mode PNG pages.
 * Uses only the public API in carepage.h. */
#define _GNU_SOURCE
#include "carepage_cli.h"
#include "page_set.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>



static void usage(FILE *to)
{
    fputs("Usage: carepage [options] ARTICLE -o OUTDIR\n"
          "Render a news article (Markdown, plain text or an HTML page; '-' reads standard\n"
          "input) "
          "as large-print care-mode pages OUTDIR/page-001.png, page-002.png, ...\n\n"
          "Page:\n"
          "  --preset NAME         phone (1080x1920 px, body 54 px), tablet (1600x2560, 72),\n"
          "                        kiosk (1920x1080, 64), a4 (2480x3508 at 300 dpi, 112 = 27 pt);\n"
          "                        default phone\n"
          "  --width PX, --height PX   page size in px (default: the preset's); the preset's\n"
          "                        margins and body size scale with the shorter side\n"
          "                        (body at least 4.5 % of it and 18 dp)\n"
          "  --font-size PX        body size in px, 4..2048 (default: the preset's)\n"
          "  --line-height X       baseline distance as a multiple of the font size, 1..4,\n"
          "                        or 'normal' for the fonts' own metrics (default 1.7)\n"
          "  --margin PX           minimum side margin in px (default: the preset's, phone 48);\n"
          "                        the text box is snapped to a whole number of em\n"
          "  --indent EM           first-line indent of paragraphs in em (default 2)\n"
          "  --paragraph-spacing EM  extra space between paragraphs in em (default 0)\n"
          "  --align MODE          auto (justify CJK paragraphs, start-align Latin ones),\n"
          "                        justify or start (default auto)\n"
          "Colour:\n"
          "  --theme NAME          black-on-white (default), white-on-black, yellow-on-black,\n"
          "                        black-on-cream; each at least 7:1 (WCAG 1.4.6)\n"
          "  --fg #RRGGBB, --bg #RRGGBB   own colours; refused below 7:1 unless\n"
          "  --allow-low-contrast  is given\n"
          "Text:\n"
          "  --lang TAG            language of the text, BCP 47 (default: the article's front\n"
          "                        matter lang, else zh-Hant for Traditional characters,\n"
          "                        else zh-Hans)\n"
          "  --format FMT          auto, markdown, text or html (default auto, by content:\n"
          "                        html for a web page; markdown for '# ' at the start or\n"
          "                        '## ', '- ', '1. ', '> ' lines, **strong** or links; else text)\n"
          "  --extract-only        print the article taken from the input as Markdown to\n"
          "                        standard output and render nothing (no -o needed)\n"
          "  --no-extract          take a plain text whole even when it looks like a copy of a\n"
          "                        whole web page (default: keep only its article, see README)\n"
          "  --replace-invalid     replace ill-formed UTF-8 with U+FFFD instead of failing\n"
          "  --keep-punct          keep punctuation as typed (default: in Chinese text ASCII\n"
          "                        , : ; ? ! ( ) next to Han become ，：；？！（）, \"...\" \u201c...\u201d)\n"
          "Typesetting:\n"
          "  --punct-trim MODE     punctuation compression: all (default: flush for Simplified,\n"
          "                        fit for Traditional Chinese), flush (a line-end \uff0c\u3002\u3001\uff1b\uff1a\uff01\uff1f\n"
          "                        always \u00bd em: flush right edges), fit (a line-end mark\n"
          "                        \u00bd em only when that lets the line fit), adjacent, start,\n"
          "                        end or none (adjacent pairs always, except with none)\n"
          "  --cjk-latin-spacing EM  space between Han and Latin letters/digits (default 0.25)\n"
          "  --line-breaking MODE  total-fit (default: whole paragraph) or greedy\n"
          "  --hanging-punct       let one \u3001\uff0c\u3002 hang past the line end (default off)\n"
          "Photos (JPEG, PNG, WebP, GIF; paths relative to the article's file; http(s)\n"
          "images are never fetched: their caption or alt text is set instead, with a warning):\n"
          "  --no-images           leave the photos out (captions and alt text stay)\n"
          "  --figure-height SHARE most height of a photo as a share of the text area, 0.1..1\n"
          "                        (default 0.6)\n"
          "Fonts (a fontconfig family name, or a file path with an optional #INDEX):\n"
          "  --font-cjk SPEC       default 'Noto Sans CJK SC'\n"
          "  --font-cjk-bold SPEC  default the CJK family's Bold\n"
          "  --font-latin SPEC     default: the CJK face's own Latin glyphs\n"
          "  --font-latin-bold SPEC\n"
          "  --font-emoji SPEC     colour emoji face (default 'Noto Color Emoji' when installed)\n"
          "  --font-fallback SPEC  a face tried before fontconfig's fallback (repeatable, 16 at most)\n"
          "  --strict-glyphs       fail (exit 3) when no installed font has a character,\n"
          "                        instead of drawing a .notdef box and warning\n"
          "Output:\n"
          "  -o, --output DIR      directory for the pages (created if missing; other files\n"
          "                        in it are left alone)\n"
          "  --pdf FILE            also (or, without -o, only) write the pages as one tagged\n"
          "                        PDF (text searchable; a4 on A4 paper, others at 96 px/in)\n"
          "  --layout-json FILE    also write the layout dump (carepage-layout v1)\n"
          "  --long                one tall image (长图) instead of pages, split into\n"
          "                        page-001.png, page-002.png ... only when taller than\n"
          "  --long-limit PX       (default 16384, the most a part may have; 256..16384);\n"
          "                        a part never cuts through a line\n"
          "  --title T, --author A, --source S   PNG and PDF metadata (default: from the\n"
          "                        article; the source is the PDF's Subject)\n"
          "  -j, --jobs N          pages encoded at once, on threads, 0..64 (default, or 0: one\n"
          "                        per core);\n"
          "                        the files are identical whatever N\n"
          "Many articles (one process, fonts and caches reused; pages go to\n"
          "OUTDIR/<article name without extension>/page-001.png, ...; --pdf DIR writes\n"
          "DIR/<article>.pdf, with -o or without it):\n"
          "  carepage [options] ARTICLE ARTICLE... -o OUTDIR\n"
          "  --batch LIST          read the article paths from LIST, one a line ('-': stdin)\n"
          "  --keep-going          go on after an article fails; the summary lists the\n"
          "                        failures and the exit status is the first one's\n"
          "  (in batch mode --layout-json NAME writes OUTDIR/<article>/NAME)\n"
          "Limits (exceeding one fails with exit 5 and names it; see care_limits):\n"
          "  --max-input BYTES     largest article (default 16M; suffixes K, M, G; at most 1G)\n"
          "  --max-pages N         most pages (default 1000)\n"
          "  --max-page-side PX    largest page width or height (default and at most 16384)\n"
          "  --max-page-area PX    largest width x height (default and at most 268435456)\n"
          "  --min-font-size PX, --max-font-size PX   body size range (default 4..2048)\n"
          "  --max-paragraph-lines N   most lines of one paragraph (default 100000)\n"
          "  --max-image-pixels N  most pixels of one photo (default 50000000; a photo over\n"
          "  --max-image-bytes BYTES   either is not shown, with a warning; default 32M)\n"
          "  -q, --quiet           no summary on standard error\n"
          "  -h, --help            this text;  --version  the version\n\n"
          "Exit status: 0 done, 1 bad usage, 2 input unreadable or invalid UTF-8,\n"
          "3 font missing, 4 output not written, 5 layout failed (limits, contrast).\n", to);
}

enum {
    OPT_PRESET = 256, OPT_WIDTH, OPT_HEIGHT, OPT_FONT_SIZE, OPT_LINE_HEIGHT, OPT_MARGIN,
    OPT_INDENT, OPT_SPACING, OPT_ALIGN, OPT_THEME, OPT_FG, OPT_BG, OPT_LOW_CONTRAST, OPT_LANG,
    OPT_FORMAT, OPT_REPLACE, OPT_FONT_CJK, OPT_FONT_CJK_BOLD, OPT_FONT_LATIN,
    OPT_FONT_LATIN_BOLD, OPT_LAYOUT_JSON, OPT_TITLE, OPT_AUTHOR, OPT_SOURCE, OPT_VERSION,
    OPT_EXTRACT_ONLY, OPT_NO_EXTRACT, OPT_KEEP_PUNCT, OPT_PUNCT_TRIM, OPT_CJK_LATIN, OPT_LINE_BREAKING, OPT_HANGING,
    OPT_FONT_EMOJI, OPT_FONT_FALLBACK, OPT_STRICT_GLYPHS, OPT_LONG, OPT_LONG_LIMIT, OPT_BATCH, OPT_KEEP_GOING,
    OPT_MAX_INPUT, OPT_MAX_PAGES, OPT_MAX_PAGE_SIDE, OPT_MAX_PAGE_AREA, OPT_MIN_FONT_SIZE,
    OPT_MAX_FONT_SIZE, OPT_MAX_PARAGRAPH_LINES, OPT_PDF, OPT_NO_IMAGES, OPT_FIGURE_HEIGHT,
    OPT_MAX_IMAGE_PIXELS, OPT_MAX_IMAGE_BYTES
};

static const struct option OPTIONS[] = {
    {"output", required_argument, 0, 'o'}, {"preset", required_argument, 0, OPT_PRESET},
    {"width", required_argument, 0, OPT_WIDTH}, {"height", required_argument, 0, OPT_HEIGHT},
    {"font-size", required_argument, 0, OPT_FONT_SIZE},
    {"line-height", required_argument, 0, OPT_LINE_HEIGHT},
    {"margin", required_argument, 0, OPT_MARGIN}, {"indent", required_argument, 0, OPT_INDENT},
    {"paragraph-spacing", required_argument, 0, OPT_SPACING},
    {"align", required_argument, 0, OPT_ALIGN}, {"theme", required_argument, 0, OPT_THEME},
    {"fg", required_argument, 0, OPT_FG}, {"bg", required_argument, 0, OPT_BG},
    {"allow-low-contrast", no_argument, 0, OPT_LOW_CONTRAST},
    {"lang", required_argument, 0, OPT_LANG}, {"format", required_argument, 0, OPT_FORMAT},
    {"extract-only", no_argument, 0, OPT_EXTRACT_ONLY},
    {"replace-invalid", no_argument, 0, OPT_REPLACE},
    {"keep-punct", no_argument, 0, OPT_KEEP_PUNCT},
    {"no-extract", no_argument, 0, OPT_NO_EXTRACT},
    {"punct-trim", required_argument, 0, OPT_PUNCT_TRIM},
    {"cjk-latin-spacing", required_argument, 0, OPT_CJK_LATIN},
    {"line-breaking", required_argument, 0, OPT_LINE_BREAKING},
    {"hanging-punct", no_argument, 0, OPT_HANGING},
    {"font-emoji", required_argument, 0, OPT_FONT_EMOJI},
    {"font-fallback", required_argument, 0, OPT_FONT_FALLBACK},
    {"strict-glyphs", no_argument, 0, OPT_STRICT_GLYPHS},
    {"long", no_argument, 0, OPT_LONG},
    {"long-limit", required_argument, 0, OPT_LONG_LIMIT},
    {"font-cjk", required_argument, 0, OPT_FONT_CJK},
    {"font-cjk-bold", required_argument, 0, OPT_FONT_CJK_BOLD},
    {"font-latin", required_argument, 0, OPT_FONT_LATIN},
    {"font-latin-bold", required_argument, 0, OPT_FONT_LATIN_BOLD},
    {"layout-json", required_argument, 0, OPT_LAYOUT_JSON}, {"pdf", required_argument, 0, OPT_PDF},
    {"title", required_argument, 0, OPT_TITLE}, {"author", required_argument, 0, OPT_AUTHOR},
    {"batch", required_argument, 0, OPT_BATCH}, {"jobs", required_argument, 0, 'j'},
    {"keep-going", no_argument, 0, OPT_KEEP_GOING},
    {"max-input", required_argument, 0, OPT_MAX_INPUT},
    {"max-pages", required_argument, 0, OPT_MAX_PAGES},
    {"max-page-side", required_argument, 0, OPT_MAX_PAGE_SIDE},
    {"max-page-area", required_argument, 0, OPT_MAX_PAGE_AREA},
    {"min-font-size", required_argument, 0, OPT_MIN_FONT_SIZE},
    {"max-font-size", required_argument, 0, OPT_MAX_FONT_SIZE},
    {"max-paragraph-lines", required_argument, 0, OPT_MAX_PARAGRAPH_LINES},
    {"no-images", no_argument, 0, OPT_NO_IMAGES},
    {"figure-height", required_argument, 0, OPT_FIGURE_HEIGHT},
    {"max-image-pixels", required_argument, 0, OPT_MAX_IMAGE_PIXELS},
    {"max-image-bytes", required_argument, 0, OPT_MAX_IMAGE_BYTES},
    {"source", required_argument, 0, OPT_SOURCE}, {"quiet", no_argument, 0, 'q'},
    {"help", no_argument, 0, 'h'}, {"version", no_argument, 0, OPT_VERSION}, {0, 0, 0, 0}};

static bool parse_float(const char *s, float *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end)
        return false;
    *out = (float)v;
    return true;
}

static bool parse_int(const char *s, int *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < INT_MIN || v > INT_MAX)
        return false;
    *out = (int)v;
    return true;
}

static bool parse_colour(const char *s, long *out)
{
    if (*s == '#')
        s++;
    char *end = NULL;
    long v = strtol(s, &end, 16);
    if (strlen(s) != 6 || *end)
        return false;
    *out = v;
    return true;
}

static int bad_value(const char *option, const char *value)
{
    fprintf(stderr, "carepage: invalid value '%s' for --%s (see carepage --help)\n", value, option);
    return EXIT_USAGE;
}

/* A value outside a fixed set or range: the message says what is accepted. */
static int bad_choice(const char *option, const char *value, const char *accepted)
{
    fprintf(stderr, "carepage: invalid value '%s' for --%s: use %s\n", value, option, accepted);
    return EXIT_USAGE;
}

/* A count or size: decimal digits, optionally K, M or G (binary multiples). */
static bool parse_size(const char *s, size_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        return false;
    unsigned shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
    if ((shift && end[1]) || (!shift && *end) || v > (SIZE_MAX >> shift))
        return false;
    *out = (size_t)v << shift;
    return true;
}

/* --max-input, --max-pages, ...: checked again by care_engine_set_limits. */
static int take_limit(cli *c, int opt, const char *name, const char *arg)
{
    care_limits *l = &c->limits;
    size_t v = 0;
    float f = 0;
    bool ok = opt == OPT_MIN_FONT_SIZE || opt == OPT_MAX_FONT_SIZE ? parse_float(arg, &f)
                                                                   : parse_size(arg, &v);
    if (!ok || ((opt == OPT_MAX_PAGE_SIDE) && v > (size_t)16384))
        return bad_value(name, arg);
    switch (opt) {
    case OPT_MAX_INPUT: l->max_input_bytes = v; break;
    case OPT_MAX_PAGES: l->max_pages = v; break;
    case OPT_MAX_PAGE_SIDE: l->max_page_side = (int)v; break;
    case OPT_MAX_PAGE_AREA: l->max_page_area = v; break;
    case OPT_MIN_FONT_SIZE: l->min_font_size = f; break;
    case OPT_MAX_FONT_SIZE: l->max_font_size = f; break;
    case OPT_MAX_IMAGE_PIXELS: l->max_image_pixels = v; break;
    case OPT_MAX_IMAGE_BYTES: l->max_image_bytes = v; break;
    default: l->max_paragraph_lines = v; break;
    }
    return -1;
}

/* One option; returns -1 when it was fine, else an exit code. */
static int take_option(cli *c, int opt, const char *arg)
{
    switch (opt) {
    case 'o':
        if (!*arg) {
            fputs("carepage: -o: the output directory name is empty; give a directory for the "
                  "pages, e.g. -o out/ (created if missing)\n", stderr);
            return EXIT_USAGE;
        }
        c->outdir = arg;
        break;
    case OPT_PRESET: c->preset = arg; break;
    /* sizes must be positive, distances not negative: 0 or -1 is not "the preset's" */
    case OPT_WIDTH:
        if (!parse_int(arg, &c->width) || c->width < 1)
            return bad_value("width", arg);
        break;
    case OPT_HEIGHT:
        if (!parse_int(arg, &c->height) || c->height < 1)
            return bad_value("height", arg);
        break;
    case OPT_FONT_SIZE:
        if (!parse_float(arg, &c->font_size) || !(c->font_size > 0))
            return bad_value("font-size", arg);
        break;
    case OPT_LINE_HEIGHT: c->line_height = arg; break;
    case OPT_MARGIN:
        if (!parse_float(arg, &c->margin) || !(c->margin >= 0))
            return bad_value("margin", arg);
        break;
    case OPT_INDENT:
        if (!parse_float(arg, &c->indent) || !(c->indent >= 0))
            return bad_value("indent", arg);
        break;
    case OPT_SPACING:
        if (!parse_float(arg, &c->spacing) || !(c->spacing >= 0))
            return bad_value("paragraph-spacing", arg);
        break;
    case OPT_ALIGN:
        if (strcmp(arg, "auto") && strcmp(arg, "justify") && strcmp(arg, "start"))
            return bad_choice("align", arg, "auto, justify or start");
        c->align = !strcmp(arg, "justify") ? CARE_ALIGN_JUSTIFY
                   : !strcmp(arg, "start") ? CARE_ALIGN_START : CARE_ALIGN_AUTO;
        break;
    case OPT_THEME: c->theme = arg; break;
    case OPT_FG: if (!parse_colour(arg, &c->fg)) return bad_value("fg", arg); break;
    case OPT_BG: if (!parse_colour(arg, &c->bg)) return bad_value("bg", arg); break;
    case OPT_LOW_CONTRAST: c->allow_low_contrast = true; break;
    case OPT_LANG: c->lang = arg; break;
    case OPT_FORMAT:
        if (care_format_from_name(arg, &c->parse.format) != CARE_OK)
            return bad_choice("format", arg, "auto, markdown, text or html");
        break;
    case OPT_EXTRACT_ONLY: c->extract_only = true; break;
    case OPT_REPLACE: c->parse.replace_invalid = true; break;
    case OPT_KEEP_PUNCT: c->parse.keep_punct = true; break;
    case OPT_NO_EXTRACT: c->parse.no_extract = true; break;
    case OPT_PUNCT_TRIM:
        if (strcmp(arg, "all") && strcmp(arg, "flush") && strcmp(arg, "fit") &&
            strcmp(arg, "adjacent") && strcmp(arg, "start") && strcmp(arg, "end") &&
            strcmp(arg, "none"))
            return bad_choice("punct-trim", arg, "all, flush, fit, adjacent, start, end or none");
        c->punct_trim = arg;
        break;
    case OPT_CJK_LATIN:
        if (!parse_float(arg, &c->cjk_latin) || c->cjk_latin < 0 || c->cjk_latin > 1)
            return bad_value("cjk-latin-spacing", arg);
        break;
    case OPT_LINE_BREAKING:
        if (strcmp(arg, "greedy") && strcmp(arg, "total-fit"))
            return bad_choice("line-breaking", arg, "total-fit or greedy");
        c->greedy = !strcmp(arg, "greedy");
        break;
    case OPT_HANGING: c->hanging = true; break;
    case OPT_FONT_EMOJI: c->fonts.emoji = arg; break;
    case OPT_FONT_FALLBACK:
        if (c->fonts.fallback_count == sizeof c->fallback / sizeof *c->fallback)
            return bad_value("font-fallback (at most 16)", arg);
        c->fallback[c->fonts.fallback_count++] = arg;
        c->fonts.fallback = c->fallback;
        break;
    case OPT_STRICT_GLYPHS: c->strict_glyphs = true; break;
    case OPT_LONG: c->long_image = true; break;
    case OPT_LONG_LIMIT:
        if (!parse_int(arg, &c->long_limit) || c->long_limit < 256 || c->long_limit > 16384)
            return bad_value("long-limit (256..16384 px)", arg);
        break;
    case OPT_FONT_CJK: c->fonts.cjk_regular = arg; break;
    case OPT_FONT_CJK_BOLD: c->fonts.cjk_bold = arg; break;
    case OPT_FONT_LATIN: c->fonts.latin_regular = arg; break;
    case OPT_FONT_LATIN_BOLD: c->fonts.latin_bold = arg; break;
    case OPT_LAYOUT_JSON: c->layout_json = arg; break;
    case OPT_PDF:
        if (!*arg)
            return bad_value("pdf", arg);
        c->pdf = arg;
        break;
    case OPT_TITLE: c->title = arg; break;
    case OPT_AUTHOR: c->author = arg; break;
    case OPT_SOURCE: c->source = arg; break;
    case OPT_BATCH: c->batch = arg; break;
    case 'j':
        if (!parse_int(arg, &c->jobs) || c->jobs < 0 || c->jobs > 64)
            return bad_choice("jobs", arg, "a whole number from 0 (one per core) to 64");
        break;
    case OPT_KEEP_GOING: c->keep_going = true; break;
    case OPT_MAX_INPUT: return take_limit(c, opt, "max-input", arg);
    case OPT_MAX_PAGES: return take_limit(c, opt, "max-pages", arg);
    case OPT_MAX_PAGE_SIDE: return take_limit(c, opt, "max-page-side", arg);
    case OPT_MAX_PAGE_AREA: return take_limit(c, opt, "max-page-area", arg);
    case OPT_MIN_FONT_SIZE: return take_limit(c, opt, "min-font-size", arg);
    case OPT_MAX_FONT_SIZE: return take_limit(c, opt, "max-font-size", arg);
    case OPT_MAX_PARAGRAPH_LINES: return take_limit(c, opt, "max-paragraph-lines", arg);
    case OPT_MAX_IMAGE_PIXELS: return take_limit(c, opt, "max-image-pixels", arg);
    case OPT_MAX_IMAGE_BYTES: return take_limit(c, opt, "max-image-bytes", arg);
    case OPT_NO_IMAGES: c->no_images = true; break;
    case OPT_FIGURE_HEIGHT:
        if (!parse_float(arg, &c->figure_height) || !(c->figure_height >= 0.1f && c->figure_height <= 1))
            return bad_value("figure-height", arg);
        break;
    case 'q': c->quiet = true; break;
    case 'h': usage(stdout); return EXIT_OK;
    case OPT_VERSION: printf("carepage %s\n", care_version_string()); return EXIT_OK;
    default:
        fputs("carepage: see carepage --help for the options\n", stderr);
        return EXIT_USAGE;
    }
    return -1;
}

static int parse_args(cli *c, int argc, char **argv)
{
    *c = (cli){.preset = "phone", .fg = -1, .bg = -1, .margin = -1, .indent = -1, .spacing = -1,
               .cjk_latin = -1};
    care_limits_default(&c->limits);
    int opt;
    opterr = 0; /* our own messages, all starting with "carepage:" */
    /* the leading ':' makes getopt tell a missing value (':') from an unknown option ('?') */
    while ((opt = getopt_long(argc, argv, ":o:j:qh", OPTIONS, NULL)) != -1) {
        if (opt == '?' || opt == ':') {
            fprintf(stderr, "carepage: %s '%s' (see carepage --help)\n",
                    opt == ':' ? "a value is missing after option" : "unknown option",
                    optind > 0 && optind <= argc ? argv[optind - 1] : "?");
            return EXIT_USAGE;
        }
        int rc = take_option(c, opt, optarg);
        if (rc >= 0)
            return rc;
    }
    c->parse.lang = c->lang; /* single and batch mode alike */
    if ((c->batch || argc - optind > 1) && !c->extract_only) { /* batch mode: batch.c */
        if ((!c->outdir && !c->pdf) || (c->layout_json && !c->outdir) ||
            (c->batch && optind != argc)) {
            fputs("carepage: --batch LIST or several ARTICLEs need -o OUTDIR or --pdf DIR "
                  "(--layout-json: -o) and no other ARTICLE (see carepage --help)\n", stderr);
            return EXIT_USAGE;
        }
        c->inputs = argv + optind;
        c->input_count = argc - optind;
        return -1;
    }
    if (optind + 1 != argc || (!c->outdir && !c->pdf && !c->extract_only)) {
        fputs("carepage: one ARTICLE and -o OUTDIR or --pdf FILE are required (see carepage "
              "--help)\n", stderr);
        return EXIT_USAGE;
    }
    c->input = argv[optind];
    c->parse.name = strcmp(c->input, "-") ? c->input : "<stdin>";
    return -1;
}

static unsigned punct_trim_bits(const char *mode)
{
    if (!strcmp(mode, "none"))
        return CARE_PUNCT_TRIM_NONE;
    if (!strcmp(mode, "adjacent"))
        return CARE_PUNCT_TRIM_ADJACENT;
    if (!strcmp(mode, "start"))
        return CARE_PUNCT_TRIM_ADJACENT | CARE_PUNCT_TRIM_START;
    if (!strcmp(mode, "end"))
        return CARE_PUNCT_TRIM_ADJACENT | CARE_PUNCT_TRIM_END;
    if (!strcmp(mode, "fit"))
        return CARE_PUNCT_TRIM_ALL;
    if (!strcmp(mode, "flush"))
        return CARE_PUNCT_TRIM_ALL | CARE_PUNCT_TRIM_FLUSH;
    return CARE_PUNCT_TRIM_ALL | CARE_PUNCT_TRIM_FLUSH_BY_LANG;
}

/* The page options from the preset and the options given. */
int page_options(const cli *c, care_page_options *o)
{
    if (care_page_options_preset(o, c->preset) != CARE_OK)
        return bad_choice("preset", c->preset, "phone, tablet, kiosk or a4");
    /* another page size: the preset's margins and body size scaled to it */
    care_page_options_preset_size(o, c->preset, c->width ? c->width : o->width,
                                  c->height ? c->height : o->height);
    if (c->theme && care_page_options_theme(o, c->theme) != CARE_OK)
        return bad_choice("theme", c->theme,
                          "black-on-white, white-on-black, yellow-on-black or black-on-cream");
    if (c->font_size && (c->font_size < c->limits.min_font_size ||
                         c->font_size > c->limits.max_font_size)) {
        fprintf(stderr, "carepage: invalid value '%g' for --font-size: use %g to %g px "
                "(--min-font-size, --max-font-size)\n", c->font_size,
                c->limits.min_font_size, c->limits.max_font_size);
        return EXIT_USAGE;
    }
    if (c->font_size) o->font_size = c->font_size;
    if (c->margin >= 0) o->margin_side = c->margin;
    if (c->indent >= 0) o->indent_em = c->indent;
    if (c->spacing >= 0) o->paragraph_spacing = c->spacing;
    if (c->line_height && !strcmp(c->line_height, "normal"))
        o->line_height = 0;
    else if (c->line_height &&
             (!parse_float(c->line_height, &o->line_height) || o->line_height < 1 ||
              o->line_height > 4))
        return bad_choice("line-height", c->line_height,
                          "a multiple of the font size from 1 to 4, or 'normal'");
    if (c->fg >= 0 || c->bg >= 0) {
        o->foreground = c->fg >= 0 ? (uint32_t)c->fg : o->foreground;
        o->background = c->bg >= 0 ? (uint32_t)c->bg : o->background;
        o->theme_name = "custom";
    }
    o->allow_low_contrast = c->allow_low_contrast;
    o->align = c->align;
    if (c->lang) o->lang = c->lang;
    /* Well-formed but unknown ("garbage"); a tag with other characters is refused later. */
    if (c->lang && c->lang[strspn(c->lang, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                           "0123456789-_")] == '\0' && !care_language_known(c->lang))
        fprintf(stderr, "carepage: warning: --lang %s: ICU knows no such language; shaping and "
                "line breaking follow the default rules, not a language's (use a tag such as "
                "zh-Hans, zh-Hant or en)\n", c->lang);
    if (c->cjk_latin >= 0) o->cjk_latin_spacing = c->cjk_latin;
    o->greedy_breaking = c->greedy;
    o->hanging_punct = c->hanging;
    o->strict_glyphs = c->strict_glyphs;
    o->no_images = c->no_images;
    if (c->figure_height > 0) o->figure_max_height = c->figure_height;
    if (c->long_image) { /* 长图: one tall image, in parts of at most --long-limit px */
        o->long_image = true;
        o->height = c->long_limit ? c->long_limit : 16384;
        o->margin_bottom = o->margin_top;
    }
    if (c->punct_trim)
        o->punct_trim = punct_trim_bits(c->punct_trim);
    return -1;
}

/* Read a whole file (or standard input for "-"); stops after more than `max` bytes
 * (the length then says so and the parser refuses it, naming the limit). */
char *read_input(const char *path, size_t *len, size_t max)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap || n > max)
            break;
        char *grown = realloc(buf, cap * 2);
        if (!grown)
            free(buf);
        buf = grown;
        cap *= 2;
    }
    bool failed = ferror(f);
    if (f != stdin)
        fclose(f);
    if (failed) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* " (100.0 MiB)" for sizes of a MiB or more, else "". */
static const char *in_mib(double bytes, char *buf, size_t size)
{
    snprintf(buf, size, bytes >= 1 << 20 ? " (%.1f MiB)" : "", bytes / (1 << 20));
    return buf;
}

bool input_too_large(const char *path, size_t len, size_t max, char *msg, size_t size)
{
    if (len <= max)
        return false;
    struct stat st;
    char a[32], b[32];
    unsigned long long mib = (max + (1 << 20) - 1) >> 20; /* the limit, whole MiB */
    if (strcmp(path, "-") && stat(path, &st) == 0 && S_ISREG(st.st_mode))
        snprintf(msg, size, "the input is %lld bytes%s, over the --max-input limit of %zu "
                 "bytes%s: raise it, e.g. --max-input %lldM", (long long)st.st_size,
                 in_mib((double)st.st_size, a, sizeof a), max, in_mib((double)max, b, sizeof b),
                 (long long)((st.st_size + (1 << 20) - 1) >> 20));
    else /* a pipe: only what was read is known */
        snprintf(msg, size, "the input is more than the --max-input limit of %zu bytes%s: raise "
                 "it, e.g. --max-input %lluM", max, in_mib((double)max, b, sizeof b), 2 * mib);
    return true;
}

int exit_code_of(care_status st)
{
    switch (st) {
    case CARE_OK: return EXIT_OK;
    case CARE_ERR_INVALID_UTF8: return EXIT_INPUT;
    case CARE_ERR_FONT: return EXIT_FONT;
    case CARE_ERR_IO: case CARE_ERR_PNG: return EXIT_OUTPUT;
    case CARE_ERR_INVALID_ARGUMENT: return EXIT_USAGE;
    default: return EXIT_LAYOUT;
    }
}

/* What the user can do about a failure, by status. */
static const char *hint_for(care_status st)
{
    switch (st) {
    case CARE_ERR_INVALID_UTF8: return " (--replace-invalid replaces bad bytes with U+FFFD)";
    case CARE_ERR_LOW_CONTRAST: return " (--allow-low-contrast renders it anyway)";
    case CARE_ERR_FONT: return " (see --font-cjk and fonts/README.md)";
    default: return "";
    }
}

/* A font error starts with the care_font_config field that failed
 * ("latin_regular: ...", "fallback[1]: ..."): its option, or NULL. */
static const char *font_option(const char *msg)
{
    static const struct { const char *field, *option; } fields[] = {
        {"cjk_regular", "--font-cjk"}, {"cjk_bold", "--font-cjk-bold"},
        {"latin_regular", "--font-latin"}, {"latin_bold", "--font-latin-bold"},
        {"emoji", "--font-emoji"}, {"fallback", "--font-fallback"}};
    size_t n = strcspn(msg, "[:");
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (strlen(fields[i].field) == n && !strncmp(msg, fields[i].field, n))
            return fields[i].option;
    return NULL;
}

void describe_failure(char *buf, size_t size, care_engine *e, care_status st, const char *what,
                      const char *skip)
{
    const char *msg = e ? care_engine_last_error(e) : "";
    size_t n = skip ? strlen(skip) : 0;
    if (n && !strncmp(msg, skip, n) && !strncmp(msg + n, ": ", 2))
        msg += n + 2;
    const char *option = st == CARE_ERR_FONT ? font_option(msg) : NULL;
    const char *rest = option ? strstr(msg, ": ") : NULL;
    if (rest)
        snprintf(buf, size, "%s: %s (see fonts/README.md)", option, rest + 2);
    else if (*msg)
        snprintf(buf, size, "%s%s", msg, hint_for(st));
    else
        snprintf(buf, size, "%s: %s%s", what, care_status_string(st), hint_for(st));
}

/* One line on stderr: the library's message names the file, offset or font;
 * `what` is only used when there is no message. */
static int fail(care_engine *e, care_status st, const char *what)
{
    char line[1024];
    describe_failure(line, sizeof line, e, st, what, NULL);
    fprintf(stderr, "carepage: %s\n", line);
    return exit_code_of(st);
}

/* One warning listing the photos that are not shown, one a line (at most 10). */
static void warn_about_images(const char *name, const care_layout *layout)
{
    size_t n = care_layout_image_problem_count(layout);
    if (n == 0)
        return;
    fprintf(stderr, "carepage: warning: %s: %zu photo%s not shown (the caption or alt text is "
            "set instead):\n", name, n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n && i < 10; i++)
        fprintf(stderr, "  %s\n", care_layout_image_problem(layout, i));
    if (n > 10)
        fprintf(stderr, "  and %zu more\n", n - 10);
}

char *article_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!strcmp(path, "-") || !slash)
        return strdup(".");
    return slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
}

static void warn_no_article(const char *name)
{
    fprintf(stderr, "carepage: warning: %s looks like a copy of a whole web page, but no "
            "article was found in it; all of it is kept\n", name);
}

/* Warnings: characters drawn as .notdef, photos not shown, control characters dropped, no article in a page copy. */
void warn_about_text(const cli *c, const care_layout *layout, const care_document *doc)
{
    size_t missing = care_layout_missing_count(layout);
    if (missing) {
        fprintf(stderr, "carepage: warning: %s: no installed font has", c->parse.name);
        for (size_t i = 0; i < missing && i < 16; i++)
            fprintf(stderr, "%s U+%04X", i ? "," : "", (unsigned)care_layout_missing_char(layout, i));
        fprintf(stderr, "%s (tried the CJK, Latin, emoji and fallback faces and fontconfig); "
                "drawn as boxes\n", missing > 16 ? ", ..." : "");
    }
    size_t replaced = care_document_replaced_count(doc);
    if (replaced)
        fprintf(stderr, "carepage: warning: %s: %zu ill-formed or unmappable byte sequence%s replaced with U+FFFD\n",
                c->parse.name, replaced, replaced == 1 ? "" : "s");
    if (care_document_block_count(doc) == 0)
        fprintf(stderr, "carepage: warning: %s has no text; the page is empty\n", c->parse.name);
    warn_about_images(c->parse.name, layout);
    size_t dropped = care_document_dropped_controls(doc);
    if (dropped)
        fprintf(stderr, "carepage: warning: %s: %zu control character%s dropped\n", c->parse.name,
                dropped, dropped == 1 ? "" : "s");
    if (care_document_extraction(doc, NULL) == CARE_EXTRACT_NOT_FOUND)
        warn_no_article(c->parse.name);
}

/* Pages with higher numbers left in OUTDIR by an earlier, longer run are kept
 * (other files are never touched) but would mislead a reader: say so. */
static void warn_about_stale_pages(const char *outdir, size_t pages)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/page-%03zu.png", outdir, pages + 1);
    if (access(path, F_OK) == 0)
        fprintf(stderr, "carepage: warning: %s is from an earlier run (this article has %zu "
                "page%s); it was left alone\n", path, pages, pages == 1 ? "" : "s");
}

int make_dirs(const char *path)
{
    char dir[4096];
    if (!*path) {
        errno = ENOENT;
        return -1;
    }
    if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = dir + 1; *p; p++) { /* each parent first, as mkdir -p */
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(dir, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

/* ".page-NNN.png.XXXXXX": a page's temporary file (render/output/atomic_file.c). */
static bool is_page_temp(const char *name)
{
    if (strncmp(name, ".page-", 6) != 0) /* first: shorter names end before name + 6 */
        return false;
    size_t n = strlen(name), digits = strspn(name + 6, "0123456789");
    if (digits < 3 || strncmp(name + 6 + digits, ".png.", 5) != 0)
        return false;
    const char *suffix = name + 6 + digits + 5;
    return n == (size_t)(suffix - name) + 6 &&
           strspn(suffix, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") == 6;
}

/* Untouched this long, a temporary file is no other run's work in progress. */
#define STALE_TEMP_SECONDS 120

void remove_stale_temps(const char *outdir)
{
    DIR *d = opendir(outdir);
    if (!d)
        return;
    size_t removed = 0;
    time_t now = time(NULL);
    for (struct dirent *ent = readdir(d); ent; ent = readdir(d)) {
        struct stat st;
        if (is_page_temp(ent->d_name) &&
            fstatat(dirfd(d), ent->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            now - st.st_mtime > STALE_TEMP_SECONDS)
            removed += unlinkat(dirfd(d), ent->d_name, 0) == 0;
    }
    closedir(d);
    if (removed)
        fprintf(stderr, "carepage: warning: removed %zu temporary file%s in %s left by a run "
                "that was killed\n", removed, removed == 1 ? "" : "s", outdir);
}

static int write_pages(const cli *c, care_layout *layout, const care_document *doc, care_engine *e)
{
    if (make_dirs(c->outdir) != 0) {
        fprintf(stderr, "carepage: cannot create %s: %s\n", c->outdir, strerror(errno));
        return EXIT_OUTPUT;
    }
    remove_stale_temps(c->outdir);
    care_png_metadata meta = {c->title ? c->title : care_document_title(doc),
                              c->author ? c->author : care_document_author(doc),
                              c->source ? c->source : care_document_source(doc)};
    size_t pages = care_layout_page_count(layout);
    char *why = NULL;
    int rc = page_set_write(layout, e, c->outdir, c->layout_json, c->parse.name, &meta, c->jobs,
                            &why);
    if (rc != EXIT_OK) {
        fprintf(stderr, "carepage: %s\n", why ? why : "out of memory");
        free(why);
        return rc;
    }
    warn_about_stale_pages(c->outdir, pages);
    warn_about_text(c, layout, doc);
    if (!c->quiet)
        fprintf(stderr, "carepage: %s: %zu page%s in %s\n", c->parse.name, pages,
                pages == 1 ? "" : "s", c->outdir);
    return EXIT_OK;
}

/* A page copy: say how much was left out (--extract-only: also that no article was found). */
static void tell_extraction(const cli *c, const care_document *doc, bool warn)
{
    size_t dropped = 0;
    care_extraction x = care_document_extraction(doc, &dropped);
    if (x == CARE_EXTRACT_NOT_FOUND && warn)
        warn_no_article(c->parse.name);
    else if (x == CARE_EXTRACT_ARTICLE && !c->quiet)
        fprintf(stderr, "carepage: %s is a copy of a whole web page: its article was taken, "
                "%zu line%s of page furniture left out (--no-extract keeps everything)\n",
                c->parse.name, dropped, dropped == 1 ? "" : "s");
}

int write_pdf(const cli *c, care_layout *layout, care_engine *e, const char *path)
{
    care_pdf_metadata meta = {c->title, c->author, c->source};
    care_status st = care_render_pdf(layout, path, &meta);
    if (st != CARE_OK)
        return fail(e, st, path);
    if (!c->quiet && !c->input_count && !c->batch)
        fprintf(stderr, "carepage: %s: %zu page%s in %s\n", c->parse.name,
                care_layout_page_count(layout), care_layout_page_count(layout) == 1 ? "" : "s",
                path);
    return EXIT_OK;
}

/* --extract-only: the parsed article as Markdown on standard output. */
static int extract_only(const cli *c, care_engine *e, const char *bytes, size_t len)
{
    care_document *doc = NULL;
    care_status st = care_document_parse(e, bytes, len, &c->parse, &doc);
    if (st == CARE_OK)
        tell_extraction(c, doc, true);
    if (st == CARE_OK)
        st = care_document_write_markdown(doc, stdout);
    care_document_free(doc);
    return st != CARE_OK ? fail(e, st, c->parse.name) : EXIT_OK;
}

static int run(const cli *c, care_engine *e, const char *bytes, size_t len)
{
    if (c->extract_only)
        return extract_only(c, e, bytes, len);
    care_page_options opts;
    int rc = page_options(c, &opts);
    if (rc >= 0)
        return rc;
    care_status st = care_engine_set_fonts(e, &c->fonts);
    if (st != CARE_OK)
        return fail(e, st, "fonts");
    care_document *doc = NULL;
    st = care_document_parse(e, bytes, len, &c->parse, &doc);
    if (st != CARE_OK)
        return fail(e, st, c->parse.name);
    tell_extraction(c, doc, false);
    care_layout *layout = NULL;
    char *image_dir = article_dir(c->input);
    opts.image_dir = image_dir;
    st = care_layout_new(e, doc, &opts, &layout);
    free(image_dir);
    rc = st != CARE_OK ? fail(e, st, c->parse.name)
         : c->outdir ? write_pages(c, layout, doc, e)
                     : EXIT_OK;
    if (rc == EXIT_OK && c->pdf) {
        rc = write_pdf(c, layout, e, c->pdf);
        if (rc == EXIT_OK && !c->outdir)
            warn_about_text(c, layout, doc);
    }
    care_layout_free(layout);
    care_document_free(doc);
    return rc;
}

int main(int argc, char **argv)
{
    cli c;
    int rc = parse_args(&c, argc, argv);
    if (rc >= 0)
        return rc;
    if (c.input_count || c.batch) {
        care_engine *e = NULL;
        care_status st = care_engine_new(&e);
        if (st == CARE_OK && (st = care_engine_set_limits(e, &c.limits)) != CARE_OK)
            rc = fail(e, st, "limits");
        else
            rc = st != CARE_OK ? fail(NULL, st, "engine") : run_batch(&c, e);
        care_engine_free(e);
        return rc;
    }
    size_t len = 0;
    char *bytes = read_input(c.input, &len, c.limits.max_input_bytes);
    if (!bytes) {
        fprintf(stderr, "carepage: cannot read %s: %s\n", c.parse.name, strerror(errno));
        return EXIT_INPUT;
    }
    char too_large[256];
    if (input_too_large(c.input, len, c.limits.max_input_bytes, too_large, sizeof too_large)) {
        fprintf(stderr, "carepage: %s: %s\n", c.parse.name, too_large);
        free(bytes);
        return EXIT_LAYOUT;
    }
    care_engine *e = NULL;
    care_status st = care_engine_new(&e);
    if (st == CARE_OK && (st = care_engine_set_limits(e, &c.limits)) != CARE_OK)
        rc = fail(e, st, "limits");
    else
        rc = st != CARE_OK ? fail(NULL, st, "engine") : run(&c, e, bytes, len);
    care_engine_free(e);
    free(bytes);
    return rc;
}
