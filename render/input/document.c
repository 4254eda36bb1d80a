/* The public document functions: validation, decoding, NFC, the parser of
 * the input format (formats.c), punctuation normalisation, metadata. */
#include "common/limits.h"
#include "common/text.h"
#include "input/block_builder.h"
#include "input/figure.h"
#include "input/formats.h"
#include "input/lang_detect.h"
#include "input/markdown.h"
#include "input/plaintext.h"
#include "input/punct.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/** Validate (or repair) UTF-8 and normalise to NFC; *text is newly allocated. */
static care_status prepare_text(care_error *err, const char *bytes, size_t len,
                                const care_parse_options *opt, const char *name,
                                care_document *doc, char **text, size_t *text_len)
{
    char *valid = NULL;
    size_t valid_len = 0, bad = 0;
    care_status st = care_utf8_validate(bytes, len, opt->replace_invalid, &valid, &valid_len,
                                        &bad, &doc->replaced);
    if (st == CARE_ERR_INVALID_UTF8)
        return care_fail(err, st, "%s: invalid UTF-8 at byte offset %zu", name, bad);
    if (st != CARE_OK)
        return care_fail(err, st, "%s: out of memory checking UTF-8", name);
    return care_nfc_take(valid, valid_len, text, text_len, err);
}

/* Chinese punctuation normalisation of every block, unless the caller keeps it. */
static care_status normalize_blocks(care_document *doc, const care_parse_options *opt,
                                    care_error *err)
{
    const char *own = care_document_lang(doc);
    const char *lang = opt->lang ? opt->lang : own[0] ? own : "zh-Hans";
    if (opt->keep_punct || !care_lang_is_chinese(lang))
        return CARE_OK;
    bool traditional = care_lang_is_traditional(lang);
    care_status st = CARE_OK;
    for (size_t i = 0; i < doc->count && st == CARE_OK; i++)
        st = care_normalize_punctuation(&doc->blocks[i], traditional, err);
    return st;
}

/** Could the text be a copy of a whole web page? (plain text or undecided, not
 *  opening with a Markdown title, extraction not turned off) */
static bool page_copy_possible(const care_input_format *format, const care_parse_options *opt,
                               const char *text, size_t len)
{
    if (opt->no_extract || (format && format->format != CARE_FORMAT_TEXT))
        return false;
    return format || !care_markdown_opens_with_title(text, len);
}

/** Parse the prepared text by its format (a page copy's article first); *format
 *  (NULL: by content) becomes the format used. */
static care_status parse_text(const char *text, size_t len, const care_parse_options *opt,
                              care_document *doc, const care_input_format **format,
                              care_error *err)
{
    if (page_copy_possible(*format, opt, text, len)) {
        care_status st = care_parse_page_copy(text, len, doc, err);
        if (st != CARE_OK || doc->extraction == CARE_EXTRACT_ARTICLE) {
            *format = care_input_format_of(CARE_FORMAT_TEXT);
            return st;
        }
        if (doc->extraction == CARE_EXTRACT_NOT_FOUND)
            *format = care_input_format_of(CARE_FORMAT_TEXT);
    }
    if (!*format)
        *format = care_input_format_of_text(text, len);
    return (*format)->parse(text, len, doc, err);
}

/* A photo whose alt text only repeats the article's title (portals set it so)
 * has nothing to say under it: its text goes (normalised text compared). */
static void drop_title_alt_texts(care_document *doc)
{
    const char *title = NULL;
    for (size_t i = 0; i < doc->count && !title; i++)
        if (doc->blocks[i].kind == CARE_BLOCK_TITLE)
            title = doc->blocks[i].text;
    for (size_t i = 0; title && i < doc->count; i++) {
        care_block *b = &doc->blocks[i];
        if (b->kind == CARE_BLOCK_FIGURE && b->text_len && strcmp(b->text, title) == 0) {
            b->text[0] = '\0';
            b->text_len = 0;
            b->span_count = 0;
        }
    }
}

static care_status parse_into(care_error *err, const char *bytes, size_t len,
                              const care_parse_options *opt, care_document *doc)
{
    char *text = NULL, *page = NULL; /* page: the input decoded to UTF-8 by its format */
    size_t text_len = 0, page_len = 0, decoded_replaced = 0;
    const care_input_format *format = opt->format == CARE_FORMAT_AUTO
                                          ? care_input_format_of_bytes(bytes, len)
                                          : care_input_format_of(opt->format);
    care_status st = CARE_OK;
    if (format && format->decode)
        st = format->decode(bytes, len, opt->replace_invalid, doc->name, &page, &page_len,
                            &decoded_replaced, err);
    if (st == CARE_OK)
        st = prepare_text(err, page ? page : bytes, page ? page_len : len, opt, doc->name, doc,
                          &text, &text_len);
    doc->replaced += decoded_replaced; /* legacy-encoding bytes replaced while decoding */
    free(page);
    if (st != CARE_OK)
        return st;
    if (!format || format->front_matter) /* by content: front matter is looked for first */
        care_front_matter_blank(text, text_len, &doc->front);
    st = parse_text(text, text_len, opt, doc, &format, err);
    free(text);
    if (doc->front.lang[0] && !care_lang_tag_valid(doc->front.lang))
        doc->front.lang[0] = '\0'; /* "lang: 繁體": not a tag, as if not there */
    if (st == CARE_OK && !opt->lang && !doc->front.lang[0])
        doc->detected_lang = care_detect_chinese_variant(doc);
    if (st == CARE_OK)
        st = normalize_blocks(doc, opt, err);
    if (st == CARE_OK)
        drop_title_alt_texts(doc);
    if (st == CARE_OK && !format->own_metadata && care_fill_metadata(doc) != CARE_OK)
        st = care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory", doc->name);
    return st;
}

care_status care_document_read(const char *bytes, size_t len, const care_parse_options *options,
                               size_t max_input, care_document **out, care_error *err)
{
    care_parse_options defaults = {0};
    const care_parse_options *opt = options ? options : &defaults;
    if (out == NULL || (bytes == NULL && len > 0))
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT,
                         "care_document_parse: %s is NULL", out ? "bytes" : "out");
    *out = NULL;
    if (opt->format != CARE_FORMAT_AUTO && !care_input_format_of(opt->format))
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "care_document_parse: unknown format %d",
                         (int)opt->format);
    const char *name = opt->name ? opt->name : "input";
    if (opt->lang && !care_lang_tag_valid(opt->lang))
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "%s: language \"%.40s\" is not a BCP 47 "
                         "tag (e.g. zh-Hans, zh-Hant, en)", name, opt->lang);
    if (len > max_input)
        return care_fail(err, CARE_ERR_LIMIT,
                         "%s: input is %zu bytes, over the limit of %zu bytes (max_input_bytes)",
                         name, len, max_input);
    care_document *doc = care_calloc(1, sizeof *doc);
    if (doc == NULL || (doc->name = care_strndup(name, strlen(name))) == NULL) {
        care_document_free(doc);
        return care_fail(err, CARE_ERR_NO_MEMORY, "%s: out of memory", name);
    }
    care_status st = parse_into(err, bytes ? bytes : "", len, opt, doc);
    if (st != CARE_OK) {
        care_document_free(doc);
        return st;
    }
    *out = doc;
    return CARE_OK;
}

void care_document_free(care_document *doc)
{
    if (doc == NULL)
        return;
    for (size_t i = 0; i < doc->count; i++) {
        free(doc->blocks[i].text);
        free(doc->blocks[i].spans);
        care_figure_free(doc->blocks[i].figure);
    }
    free(doc->blocks);
    free(doc->title);
    free(doc->author);
    free(doc->source);
    free(doc->name);
    free(doc);
}

size_t care_document_block_count(const care_document *doc)
{
    return doc ? doc->count : 0;
}

care_status care_document_block(const care_document *doc, size_t i, care_block_kind *kind,
                                const char **text)
{
    if (doc == NULL || i >= doc->count)
        return CARE_ERR_INVALID_ARGUMENT;
    if (kind)
        *kind = doc->blocks[i].kind;
    if (text)
        *text = doc->blocks[i].text;
    return CARE_OK;
}

const char *care_document_figure_src(const care_document *doc, size_t i)
{
    if (doc == NULL || i >= doc->count || !doc->blocks[i].figure || !doc->blocks[i].figure->count)
        return NULL;
    return doc->blocks[i].figure->refs[0].src;
}

care_status care_document_set_figure_bytes(care_document *doc, size_t i, const void *bytes,
                                           size_t len)
{
    if (doc == NULL || bytes == NULL || len == 0 || i >= doc->count || !doc->blocks[i].figure)
        return CARE_ERR_INVALID_ARGUMENT;
    if (len > CARE_CEILING_IMAGE_BYTES)
        return CARE_ERR_LIMIT;
    return care_figure_set_bytes(doc->blocks[i].figure, bytes, len) ? CARE_OK : CARE_ERR_NO_MEMORY;
}

const char *care_document_title(const care_document *doc)
{
    return doc && doc->title ? doc->title : "";
}

const char *care_document_author(const care_document *doc)
{
    return doc && doc->author ? doc->author : "";
}

size_t care_document_replaced_count(const care_document *doc)
{
    return doc ? doc->replaced : 0;
}

care_extraction care_document_extraction(const care_document *doc, size_t *dropped_lines)
{
    if (dropped_lines)
        *dropped_lines = doc ? doc->extract_dropped : 0;
    return doc ? doc->extraction : CARE_EXTRACT_NONE;
}

size_t care_document_dropped_controls(const care_document *doc)
{
    return doc ? doc->dropped_controls : 0;
}

const char *care_document_lang(const care_document *doc)
{
    if (!doc)
        return "";
    return doc->front.lang[0] || !doc->detected_lang ? doc->front.lang : doc->detected_lang;
}

const char *care_document_source(const care_document *doc)
{
    return doc && doc->source ? doc->source : "";
}
