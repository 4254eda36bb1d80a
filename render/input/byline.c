/* Bylines ("记者：…", "来源：…", "By …") and the document's metadata. */
#include "input/block_builder.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t care_count_chars(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

static bool starts_with_ci(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    if (k > n)
        return false;
    for (size_t i = 0; i < k; i++) {
        char c = s[i], p = prefix[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (p >= 'A' && p <= 'Z')
            p = (char)(p - 'A' + 'a');
        if (c != p)
            return false;
    }
    return true;
}

/** Length of a separator between a byline label and its value at s (0: none). */
static size_t separator_len(const char *s, size_t n)
{
    static const char *const seps[] = {":", "\xEF\xBC\x9A" /* ： */, "\xEF\xB8\xB1" /* ︱ */,
                                       "|", "\xEF\xBD\x9C" /* ｜ */, "/", "\xEF\xBC\x8F" /* ／ */,
                                       " ", "\xE3\x80\x80" /* U+3000 */};
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
        if (starts_with_ci(s, n, seps[i]))
            return strlen(seps[i]);
    return 0;
}

/** A byline label; `need_sep`: the label must be followed by a separator. */
typedef struct label {
    const char *text;
    bool need_sep;
} label;

/**
 * When line s[0..n) starts with one of `labels` (then separators), set
 * *value to the rest. Latin labels need a separator (so "Byron" is no "By").
 */
static bool match_label(const char *s, size_t n, const label *labels, size_t count,
                        const char **value, size_t *value_len)
{
    for (size_t i = 0; i < count; i++) {
        size_t k = strlen(labels[i].text);
        if (!starts_with_ci(s, n, labels[i].text))
            continue;
        size_t j = k, sep;
        while (j < n && (sep = separator_len(s + j, n - j)) > 0)
            j += sep;
        if (j == k && labels[i].need_sep)
            continue;
        *value = s + j;
        *value_len = n - j;
        return true;
    }
    return false;
}

/** Does a plain-text line look like "来源：…", "作者:…", "By: …"? (label + colon) */
bool care_is_labelled_line(const char *s, size_t n)
{
    static const char *const labels[] = {
        "\xE8\xB4\xA3\xE4\xBB\xBB\xE7\xBC\x96\xE8\xBE\x91" /* 责任编辑 */,
        "\xE8\xB2\xAC\xE4\xBB\xBB\xE7\xB7\xA8\xE8\xBC\xAF" /* 責任編輯 */,
        "\xE6\x9D\xA5\xE6\xBA\x90" /* 来源 */, "\xE4\xBE\x86\xE6\xBA\x90" /* 來源 */,
        "\xE4\xBD\x9C\xE8\x80\x85" /* 作者 */, "\xE8\xAE\xB0\xE8\x80\x85" /* 记者 */,
        "\xE8\xA8\x98\xE8\x80\x85" /* 記者 */, "\xE7\xBC\x96\xE8\xBE\x91" /* 编辑 */,
        "\xE7\xB7\xA8\xE8\xBC\xAF" /* 編輯 */, "By", "Source"};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        size_t j = strlen(labels[i]);
        if (!starts_with_ci(s, n, labels[i]))
            continue;
        while (j < n && s[j] == ' ')
            j++;
        if (starts_with_ci(s + j, n - j, ":") ||
            starts_with_ci(s + j, n - j, "\xEF\xBC\x9A" /* ： */))
            return true;
    }
    return false;
}

static const label AUTHOR_LABELS[] = {
    {"\xE4\xBD\x9C\xE8\x80\x85" /* 作者 */, false}, {"\xE8\xAE\xB0\xE8\x80\x85" /* 记者 */, false},
    {"\xE8\xA8\x98\xE8\x80\x85" /* 記者 */, false}, {"\xE6\x96\x87" /* 文 */, true},
    {"By", true}};
static const label SOURCE_LABELS[] = {
    {"\xE6\x9D\xA5\xE6\xBA\x90" /* 来源 */, false}, {"\xE4\xBE\x86\xE6\xBA\x90" /* 來源 */, false},
    {"\xE5\x87\xBA\xE5\xA4\x84" /* 出处 */, false}, {"\xE5\x87\xBA\xE8\x99\x95" /* 出處 */, false},
    {"Source", true}};

/** Trimmed copy of s[0..n) (ASCII spaces and U+3000 removed at both ends). */
static char *trimmed_copy(const char *s, size_t n)
{
    for (;;) {
        if (n > 0 && care_is_blank_byte(*s)) {
            s++, n--;
        } else if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) {
            s += 3, n -= 3;
        } else if (n > 0 && care_is_blank_byte(s[n - 1])) {
            n--;
        } else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0) {
            n -= 3;
        } else {
            break;
        }
    }
    return care_strndup(s, n);
}

/** Set *field from a byline block's value when it is still empty. */
static bool take_value(char **field, const char *value, size_t value_len)
{
    if ((*field)[0] != '\0')
        return true;
    char *v = trimmed_copy(value, value_len);
    if (v == NULL)
        return false;
    if (v[0] == '\0') {
        free(v);
        return true;
    }
    free(*field);
    *field = v;
    return true;
}

static bool meta_from_byline(care_document *doc, const care_block *blk)
{
    const char *value;
    size_t value_len;
    size_t na = sizeof AUTHOR_LABELS / sizeof AUTHOR_LABELS[0];
    size_t ns = sizeof SOURCE_LABELS / sizeof SOURCE_LABELS[0];
    if (match_label(blk->text, blk->text_len, AUTHOR_LABELS, na, &value, &value_len))
        return take_value(&doc->author, value, value_len);
    if (match_label(blk->text, blk->text_len, SOURCE_LABELS, ns, &value, &value_len))
        return take_value(&doc->source, value, value_len);
    return true;
}

/** Fill title, author and source ("" when absent) from the blocks. */
/* Front matter title/author/source win over what the blocks suggest. */
static care_status front_matter_metadata(care_document *doc)
{
    const char *values[3] = {doc->front.title, doc->front.author, doc->front.source};
    char **fields[3] = {&doc->title, &doc->author, &doc->source};
    for (int i = 0; i < 3; i++) {
        if (!values[i][0])
            continue;
        char *v = care_strndup(values[i], strlen(values[i]));
        if (!v)
            return CARE_ERR_NO_MEMORY;
        free(*fields[i]);
        *fields[i] = v;
    }
    return CARE_OK;
}

care_status care_fill_metadata(care_document *doc)
{
    doc->title = care_strndup("", 0);
    doc->author = care_strndup("", 0);
    doc->source = care_strndup("", 0);
    if (!doc->title || !doc->author || !doc->source)
        return CARE_ERR_NO_MEMORY;
    for (size_t i = 0; i < doc->count; i++) {
        const care_block *blk = &doc->blocks[i];
        if (blk->kind == CARE_BLOCK_TITLE && doc->title[0] == '\0') {
            char *t = care_strndup(blk->text, blk->text_len);
            if (t == NULL)
                return CARE_ERR_NO_MEMORY;
            free(doc->title);
            doc->title = t;
        } else if (blk->kind == CARE_BLOCK_BYLINE && !meta_from_byline(doc, blk)) {
            return CARE_ERR_NO_MEMORY;
        }
    }
    return front_matter_metadata(doc);
}
