/* YAML-style front matter at the top of a Markdown article ("---" lines around
 * "key: value" lines). carepage reads `lang`; the block is blanked so that
 * Markdown parsing and source offsets are unaffected. */
#include "internal.h"

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

/* "lang: zh-Hant" (quotes allowed) -> lang. */
static void read_lang(const char *s, size_t from, size_t to, char *lang, size_t size)
{
    if (to - from < 5 || memcmp(s + from, "lang:", 5) != 0)
        return;
    from += 5;
    while (from < to && (s[from] == ' ' || s[from] == '"' || s[from] == '\''))
        from++;
    while (to > from && (s[to - 1] == ' ' || s[to - 1] == '\r' || s[to - 1] == '"' ||
                         s[to - 1] == '\''))
        to--;
    size_t n = to - from < size - 1 ? to - from : size - 1;
    memcpy(lang, s + from, n);
    lang[n] = '\0';
}

size_t care_front_matter_blank(char *text, size_t len, char *lang, size_t lang_size)
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
        read_lang(text, i, end, lang, lang_size);
        i = end + 1;
    }
    return 0; /* no closing fence: not front matter */
}
