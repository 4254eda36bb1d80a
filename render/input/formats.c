/* The table of input formats (formats.h) and the names the API and CLI use. */
#include "input/formats.h"
#include "input/html/html.h"
#include "input/markdown.h"
#include "input/plaintext.h"

#include <string.h>

/* In detection order; the last row is the fallback. */
static const care_input_format FORMATS[] = {
    {CARE_FORMAT_HTML, "html", care_html_detect, NULL, care_html_decode, false, true,
     care_parse_html},
    {CARE_FORMAT_MARKDOWN, "markdown", NULL, care_markdown_detect, NULL, true, false,
     care_parse_markdown},
    {CARE_FORMAT_TEXT, "text", NULL, NULL, NULL, false, false, care_parse_plain},
};
#define FORMAT_COUNT (sizeof FORMATS / sizeof *FORMATS)

const care_input_format *care_input_format_of(care_format f)
{
    for (size_t i = 0; i < FORMAT_COUNT; i++)
        if (FORMATS[i].format == f)
            return &FORMATS[i];
    return NULL;
}

const care_input_format *care_input_format_of_bytes(const char *bytes, size_t len)
{
    for (size_t i = 0; i < FORMAT_COUNT; i++)
        if (FORMATS[i].detect_bytes && FORMATS[i].detect_bytes(bytes, len))
            return &FORMATS[i];
    return NULL;
}

const care_input_format *care_input_format_of_text(const char *text, size_t len)
{
    for (size_t i = 0; i < FORMAT_COUNT; i++)
        if (!FORMATS[i].detect_bytes && (!FORMATS[i].detect_text || FORMATS[i].detect_text(text, len)))
            return &FORMATS[i];
    return &FORMATS[FORMAT_COUNT - 1];
}

const char *care_format_name(care_format format)
{
    const care_input_format *f = care_input_format_of(format);
    return format == CARE_FORMAT_AUTO ? "auto" : f ? f->name : NULL;
}

care_status care_format_from_name(const char *name, care_format *out)
{
    if (!name || !out)
        return CARE_ERR_INVALID_ARGUMENT;
    if (strcmp(name, "auto") == 0) {
        *out = CARE_FORMAT_AUTO;
        return CARE_OK;
    }
    for (size_t i = 0; i < FORMAT_COUNT; i++)
        if (strcmp(FORMATS[i].name, name) == 0) {
            *out = FORMATS[i].format;
            return CARE_OK;
        }
    return CARE_ERR_INVALID_ARGUMENT;
}
