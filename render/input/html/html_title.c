/* The article title and byline line from a page's metadata. */
#include "input/html/html.h"

#include <stdlib.h>
#include <string.h>

/** A title tail ("BBC News", "科技_腾讯网") has at most this many code points. */
#define TAIL_MAX_CHARS 24
/** What must remain of a title after its tail is cut. */
#define HEAD_MIN_CHARS 5

static size_t cp_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

/** Start of the last title separator in s[0..n) and its length; false when none. */
static bool last_separator(const char *s, size_t n, size_t *at, size_t *len)
{
    static const char *const seps[] = {" - ",  " | ", " \xE2\x80\x93 " /* – */,
                                       " \xE2\x80\x94 " /* — */, " :: ", " \xC2\xBB " /* » */,
                                       " \xC2\xB7 " /* · */, "_", "|", "\xEF\xBD\x9C" /* ｜ */,
                                       NULL};
    bool found = false;
    for (size_t k = 0; seps[k] != NULL; k++) {
        size_t sl = strlen(seps[k]);
        for (size_t i = n >= sl ? n - sl + 1 : 0; i-- > 0;) {
            if (memcmp(s + i, seps[k], sl) != 0)
                continue;
            if (!found || i > *at) {
                *at = i;
                *len = sl;
                found = true;
            }
            break;
        }
    }
    return found;
}

static size_t trim_end(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n;
}

/** Length of s without its site-name tails. */
static size_t strip_tail(const char *s)
{
    size_t n = trim_end(s, strlen(s)), at = 0, sl = 0;
    while (last_separator(s, n, &at, &sl)) {
        size_t tail = cp_count(s + at + sl, n - at - sl);
        size_t head = trim_end(s, at);
        if (tail > TAIL_MAX_CHARS || cp_count(s, head) < HEAD_MIN_CHARS)
            break;
        n = head;
    }
    return n;
}

/** Copy of s with white space removed (for comparisons). */
static char *squeeze(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; out != NULL && i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
            out[k++] = s[i];
    if (out != NULL)
        out[k] = '\0';
    return out;
}

/** Does heading h agree with title t: t contains most of h, or h contains t? */
static bool agrees(const char *h, const char *t, size_t tn)
{
    char *a = squeeze(h, strlen(h)), *b = squeeze(t, tn);
    bool yes = false;
    if (a != NULL && b != NULL && a[0] != '\0' && b[0] != '\0')
        yes = strstr(a, b) != NULL || (strstr(b, a) != NULL && 2 * strlen(a) >= strlen(b));
    free(a);
    free(b);
    return yes;
}

char *care_html_title_choose(const care_html_meta *meta, const char **dateline)
{
    *dateline = NULL;
    const char *page = meta->title ? meta->title : "";
    const char *base = meta->og_title ? meta->og_title : page;
    size_t base_len = strip_tail(base), page_len = strip_tail(page);
    for (size_t i = 0; i < meta->nh1; i++) {
        const char *h = meta->h1[i];
        if (agrees(h, base, base_len) || agrees(h, page, page_len)) {
            *dateline = meta->dateline[i];
            return care_strndup(h, strlen(h));
        }
    }
    if (base_len == 0 && page_len == 0 && meta->nh1 > 0) { /* no title elsewhere: the h1 */
        *dateline = meta->dateline[0];
        return care_strndup(meta->h1[0], strlen(meta->h1[0]));
    }
    if (base_len == 0)
        return care_strndup(page, page_len);
    return care_strndup(base, base_len);
}

static bool looks_like_date(const char *s)
{
    for (size_t i = 0; i < 10; i++) {
        bool digit = s[i] >= '0' && s[i] <= '9';
        if ((i == 4 || i == 7) ? s[i] != '-' : !digit)
            return false;
    }
    return true;
}

static void add_part(care_buf *b, const char *s, size_t n)
{
    if (n == 0)
        return;
    if (b->len > 0)
        care_buf_puts(b, " \xC2\xB7 ");
    care_buf_append(b, s, n);
}

char *care_html_byline_text(const care_html_meta *meta, const char *dateline)
{
    care_buf b = {0};
    care_buf_append(&b, "", 0);
    if (meta->author && (dateline == NULL || strstr(dateline, meta->author) == NULL))
        add_part(&b, meta->author, strlen(meta->author));
    if (dateline != NULL) {
        add_part(&b, dateline, strlen(dateline));
    } else {
        if (meta->site && (meta->author == NULL || strcmp(meta->site, meta->author) != 0))
            add_part(&b, meta->site, strlen(meta->site));
        if (meta->published && strlen(meta->published) >= 10 && looks_like_date(meta->published))
            add_part(&b, meta->published, 10);
    }
    if (b.failed) {
        care_buf_free(&b);
        return NULL;
    }
    return b.data;
}
