/* YAML-style front matter at the top of a Markdown article ("---" lines around
 * "key: value" lines). carepage reads lang, title, author and source; the block is blanked so that
 * Markdown parsing and source offsets are unaffected. */
#include "input/frontmatter.h"

#include <stdbool.h>
#include <string.h>

static size_t line_end(const char *s, size_t len, size_t i)
{
    while (i < len && s[i] != '\n')
        i++;
    return i;
}

static bool is_fence(const char *s, size_t from, size_t to)
{
    while (to > from && (s[to - 1] == '\r' || s[to - 1] == ' '))
        to--;
    return to - from == 3 && memcmp(s + from, "---", 3) == 0;
}

/* "key: value" (quotes allowed): the value into out when the key matches. */
static void read_value(const char *s, size_t from, size_t to, const char *key, char *out,
                       size_t size)
{
    size_t k = strlen(key);
    if (to - from < k + 1 || memcmp(s + from, key, k) != 0 || s[from + k] != ':')
        return;
    from += k + 1;
    while (from < to && (s[from] == ' ' || s[from] == '"' || s[from] == '\''))
        from++;
    while (to > from && (s[to - 1] == ' ' || s[to - 1] == '\r' || s[to - 1] == '"' ||
                         s[to - 1] == '\''))
        to--;
    size_t n = to - from < size - 1 ? to - from : size - 1;
    while (n > 0 && n < to - from && ((unsigned char)s[from + n] & 0xC0) == 0x80)
        n--; /* never cut a UTF-8 sequence */
    memcpy(out, s + from, n);
    out[n] = '\0';
}

static void read_line(const char *s, size_t from, size_t to, care_front_matter *fm)
{
    read_value(s, from, to, "lang", fm->lang, sizeof fm->lang);
    read_value(s, from, to, "title", fm->title, sizeof fm->title);
    read_value(s, from, to, "author", fm->author, sizeof fm->author);
    read_value(s, from, to, "source", fm->source, sizeof fm->source);
}

size_t care_front_matter_blank(char *text, size_t len, care_front_matter *fm)
{
    size_t first = line_end(text, len, 0);
    if (!is_fence(text, 0, first) || first == len)
        return 0;
    for (size_t i = first + 1; i < len;) {
        size_t end = line_end(text, len, i);
        if (is_fence(text, i, end)) {
            for (size_t k = 0; k < end; k++)
                if (text[k] != '\n')
                    text[k] = ' ';
            return end;
        }
        read_line(text, i, end, fm);
        i = end + 1;
    }
    return 0; /* no closing fence: not front matter */
}
