/*
 * What a page says about itself: <title>, OpenGraph/Twitter/Dublin Core
 * <meta> tags, schema.org JSON-LD (headline, author, datePublished), the
 * page's h1 headings; and the article title chosen from them.
 */
#include "input/html/html.h"

#include <stdlib.h>
#include <string.h>

#define MAX_H1 HTML_MAX_H1

/** Set *field to a copy of value (collapsed) unless it is set or value is blank. */
static bool set_once(char **field, const char *value)
{
    if (*field != NULL || value == NULL)
        return true;
    while (*value == ' ' || *value == '\t' || *value == '\n' || *value == '\r')
        value++;
    if (*value == '\0')
        return true;
    care_buf b = {0};
    bool space = false;
    for (const char *p = value; *p; p++) {
        bool sp = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
        if (!sp && space)
            care_buf_append(&b, " ", 1);
        space = sp;
        if (!sp)
            care_buf_append(&b, p, 1);
    }
    if (b.failed) {
        care_buf_free(&b);
        return false;
    }
    *field = b.data;
    return true;
}

/* A meta author that names no one: a profile URL, or a value holding an e-mail address
 * (templates ship "name, email@gmail.com"); such a value never becomes a byline. */
static bool is_not_a_name(const char *s)
{
    return s != NULL && (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 ||
                         strchr(s, '@') != NULL);
}

/** One <meta>: its name or property decides the field. */
static bool read_meta_tag(const xmlNode *n, care_html_meta *m)
{
    static const char *const titles[] = {"og:title", "twitter:title", "dc.title", "dc:title",
                                         NULL};
    static const char *const authors[] = {"author", "article:author", "dc.creator",
                                          "dc:creator", "byl", "parsely-author",
                                          "sailthru.author", NULL};
    static const char *const sites[] = {"og:site_name", "application-name", NULL};
    static const char *const dates[] = {"article:published_time", "og:article:published_time",
                                        "pubdate", "publishdate", "dc.date", "date", NULL};
    const char *key = care_html_attr(n, "property");
    const char *content = care_html_attr(n, "content");
    if (key == NULL)
        key = care_html_attr(n, "name");
    if (key == NULL || content == NULL)
        return true;
    char lower[64];
    size_t k = 0;
    for (; key[k] != '\0' && k + 1 < sizeof lower; k++)
        lower[k] = (char)(key[k] >= 'A' && key[k] <= 'Z' ? key[k] - 'A' + 'a' : key[k]);
    lower[k] = '\0';
    bool ok = true;
    for (size_t i = 0; titles[i]; i++)
        ok &= strcmp(lower, titles[i]) != 0 || set_once(&m->og_title, content);
    for (size_t i = 0; authors[i]; i++)
        ok &= strcmp(lower, authors[i]) != 0 || is_not_a_name(content) || set_once(&m->author, content);
    for (size_t i = 0; sites[i]; i++)
        ok &= strcmp(lower, sites[i]) != 0 || set_once(&m->site, content);
    for (size_t i = 0; dates[i]; i++)
        ok &= strcmp(lower, dates[i]) != 0 || set_once(&m->published, content);
    return ok;
}

/** The JSON string value after "key": in s (first one), copied; NULL when none. */
static char *json_string(const char *s, const char *key)
{
    const char *at = strstr(s, key);
    if (at == NULL)
        return NULL;
    at += strlen(key);
    while (*at == ' ' || *at == '\n' || *at == '\t' || *at == ':' || *at == '\r')
        at++;
    if (*at != '"')
        return NULL;
    const char *end = ++at;
    while (*end != '\0' && *end != '"')
        end += end[0] == '\\' && end[1] != '\0' ? 2 : 1;
    if (*end != '"' || memchr(at, '\\', (size_t)(end - at)) != NULL)
        return NULL; /* escapes: leave to the other sources */
    return care_strndup(at, (size_t)(end - at));
}

/** schema.org JSON-LD: headline, author name, datePublished. */
static bool read_json_ld(const xmlNode *n, care_html_meta *m)
{
    const char *type = care_html_attr(n, "type");
    if (type == NULL || strcmp(type, "application/ld+json") != 0 || n->children == NULL ||
        n->children->content == NULL)
        return true;
    const char *json = (const char *)n->children->content;
    const char *author = strstr(json, "\"author\"");
    char *values[3] = {json_string(json, "\"headline\""),
                       author ? json_string(author, "\"name\"") : NULL,
                       json_string(json, "\"datePublished\"")};
    bool ok = set_once(&m->og_title, values[0]) && set_once(&m->author, values[1]) &&
              set_once(&m->published, values[2]);
    for (size_t i = 0; i < 3; i++)
        free(values[i]);
    return ok;
}

typedef struct meta_walk {
    care_html_meta *meta;
    char *h1[MAX_H1];
    char *dateline[MAX_H1];
    size_t nh1;
    bool ok;
} meta_walk;

static void walk(meta_walk *w, const xmlNode *n)
{
    for (const xmlNode *k = n; k != NULL && w->ok; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (care_html_is(k, "meta")) {
            w->ok = read_meta_tag(k, w->meta);
        } else if (care_html_is(k, "script")) {
            w->ok = read_json_ld(k, w->meta);
        } else if (care_html_is(k, "title") && w->meta->title == NULL) {
            char *t = care_html_text_of(k);
            w->ok = t != NULL;
            w->meta->title = t;
        } else if (care_html_is(k, "h1") && w->nh1 < MAX_H1) {
            w->h1[w->nh1] = care_html_text_of(k);
            w->ok = w->h1[w->nh1] != NULL && care_html_dateline_after(k, &w->dateline[w->nh1]);
            w->nh1++;
        }
        if (!care_html_is(k, "script") && !care_html_is(k, "style"))
            walk(w, k->children);
    }
}

bool care_html_meta_read(xmlDoc *page, care_html_meta *meta)
{
    memset(meta, 0, sizeof *meta);
    meta_walk w = {.meta = meta, .ok = true};
    walk(&w, xmlDocGetRootElement(page));
    memcpy(meta->h1, w.h1, sizeof meta->h1);
    memcpy(meta->dateline, w.dateline, sizeof meta->dateline);
    meta->nh1 = w.nh1;
    return w.ok;
}

void care_html_meta_free(care_html_meta *meta)
{
    free(meta->title);
    free(meta->og_title);
    free(meta->author);
    free(meta->site);
    free(meta->published);
    for (size_t i = 0; i < meta->nh1; i++) {
        free(meta->h1[i]);
        free(meta->dateline[i]);
    }
    memset(meta, 0, sizeof *meta);
}
