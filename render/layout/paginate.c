/* Pagination: lines into pages, headings kept with their text, no widows or
 * orphans when avoidable, a page number on every page (care-mode §7). */
#include "layout/layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool is_body(care_block_kind k)
{
    return k == CARE_BLOCK_PARAGRAPH || k == CARE_BLOCK_QUOTE || k == CARE_BLOCK_LIST_ITEM ||
           k == CARE_BLOCK_CAPTION;
}

/* May a page end right before line i (i > 0)? `strength` 2 keeps every rule;
 * 1 lets a byline end a page (the rules the reader notices most — no page
 * ending with a heading, no widow or orphan — still hold). */
static bool break_allowed_before(const care_line *lines, size_t i, int strength)
{
    const care_line *prev = &lines[i - 1], *line = &lines[i];
    if (line->keep_with_prev)
        return false; /* a photo and its caption stay together */
    if (prev->kind == CARE_BLOCK_TITLE || prev->kind == CARE_BLOCK_HEADING ||
        (prev->kind == CARE_BLOCK_BYLINE && strength > 1))
        return false; /* keep a heading with what follows it */
    if (prev->block != line->block)
        return true;
    if (!is_body(line->kind))
        return false; /* a title or heading of several lines stays whole */
    size_t k = line->index_in_block, n = line->block_lines;
    return k != 1 && k + 1 != n; /* orphan: first line alone; widow: last line alone */
}

/* The line the next page starts with when line i does not fit on the page
 * that starts at `first`: the latest break that keeps the rules, else one that
 * lets a byline end the page, else i itself (the rules cannot all hold). */
static size_t choose_page_break(const care_line *lines, size_t first, size_t i)
{
    for (int strength = 2; strength >= 1; strength--)
        for (size_t brk = i; brk > first; brk--)
            if (break_allowed_before(lines, brk, strength))
                return brk;
    return i;
}

/* Baseline of a line whose box starts at y. */
static float baseline_in_box(const care_line *line, float y)
{
    return y + line->box_ascent;
}

typedef struct page_list {
    size_t *first; /* first body line of each page */
    size_t count, cap;
} page_list;

static care_status page_push(page_list *pl, size_t first, size_t max_pages, care_error *err)
{
    if (pl->count >= max_pages)
        return care_fail(err, CARE_ERR_LIMIT, "pages: the layout needs more than %zu pages "
                         "(limit max_pages)", max_pages);
    if (pl->count == pl->cap) {
        size_t cap = pl->cap ? pl->cap * 2 : 16;
        size_t *p = care_realloc_array(pl->first, cap, sizeof *p);
        if (!p)
            return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for %zu pages", cap);
        pl->first = p;
        pl->cap = cap;
    }
    pl->first[pl->count++] = first;
    return CARE_OK;
}

/* Greedy page filling with the keep rules; sets each body line's baseline. */
static care_status fill_pages(care_layout *L, size_t body, page_list *pl, care_error *err)
{
    float top = L->opts.margin_top, bottom = (float)L->opts.height - L->opts.margin_bottom;
    care_status st = page_push(pl, 0, L->limits.max_pages, err);
    float y = top;
    for (size_t i = 0; i < body && st == CARE_OK; i++) {
        care_line *line = &L->lines[i];
        size_t page_first = pl->first[pl->count - 1];
        float gap = i == page_first ? 0 : line->space_before;
        if (y + gap + line->height <= bottom + 0.01f || i == page_first) {
            line->baseline = baseline_in_box(line, y + gap);
            y += gap + line->height;
            continue;
        }
        size_t brk = choose_page_break(L->lines, page_first, i);
        st = page_push(pl, brk, L->limits.max_pages, err);
        y = top;
        i = brk - 1; /* lay out again from the break on the new page */
    }
    return st;
}

/* Page-number line "N / M", centred in the bottom margin, at body size. */
static care_status add_page_number(care_layout *L, size_t page, size_t pages, care_error *err)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%zu / %zu", page + 1, pages);
    L->furniture[page] = care_strndup(buf, strlen(buf));
    if (!L->furniture[page])
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for page numbers");
    care_span span = {0, strlen(buf), 0};
    /* a measure no page number fills: "N / M" stays one line, centred below */
    care_block_style bs = {.block = -1, .kind = CARE_BLOCK_FOOTER,
                           .font_size = L->opts.font_size, .left = 0, .width = 1e6f};
    size_t at = L->line_count;
    care_status st = care_layout_paragraph(L, L->furniture[page], strlen(buf), &span, 1, &bs, err);
    if (st != CARE_OK)
        return st;
    care_line *line = &L->lines[at];
    care_line_shift(L, line, ((float)L->opts.width - line->width) / 2 - line->x); /* centred */
    line->baseline = (float)L->opts.height - L->opts.margin_bottom / 2 +
                     (line->ascent - line->descent) / 2;
    return CARE_OK;
}

/* Put each page's lines together, its page number last. */
static care_status assemble_pages(care_layout *L, size_t body, const page_list *pl,
                                  care_error *err)
{
    L->pages = care_calloc(pl->count, sizeof *L->pages);
    L->furniture = care_calloc(pl->count, sizeof *L->furniture);
    if (!L->pages || !L->furniture)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for %zu pages", pl->count);
    L->page_count = pl->count;
    care_line *body_lines = care_calloc(body ? body : 1, sizeof *body_lines);
    if (!body_lines)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for pages");
    if (body) /* an empty document has no lines (and L->lines may be NULL) */
        memcpy(body_lines, L->lines, body * sizeof *body_lines);
    L->line_count = 0;
    care_status st = CARE_OK;
    for (size_t pg = 0; pg < pl->count && st == CARE_OK; pg++) {
        size_t first = pl->first[pg], end = pg + 1 < pl->count ? pl->first[pg + 1] : body;
        st = care_layout_reserve_lines(L, end - first, err);
        if (st != CARE_OK)
            break;
        L->pages[pg].line_start = L->line_count;
        if (end > first)
            memcpy(&L->lines[L->line_count], &body_lines[first], (end - first) * sizeof *body_lines);
        L->line_count += end - first;
        if (!L->opts.long_image)
            st = add_page_number(L, pg, pl->count, err);
        L->pages[pg].line_count = L->line_count - L->pages[pg].line_start;
    }
    free(body_lines);
    return st;
}

care_status care_paginate(care_layout *L, care_error *err)
{
    page_list pl = {0};
    size_t body = L->line_count;
    care_status st = fill_pages(L, body, &pl, err);
    if (st == CARE_OK)
        st = assemble_pages(L, body, &pl, err);
    free(pl.first);
    return st;
}

int care_page_output_height(const care_layout *L, size_t page)
{
    if (!L->opts.long_image || page >= L->page_count)
        return L->opts.height;
    if (L->pages[page].line_count == 0) /* an empty article: its margins only */
        return (int)ceilf(L->opts.margin_top + L->opts.margin_bottom) < L->opts.height
                   ? (int)ceilf(L->opts.margin_top + L->opts.margin_bottom)
                   : L->opts.height;
    const care_page *pg = &L->pages[page];
    const care_line *last = &L->lines[pg->line_start + pg->line_count - 1];
    float box_bottom = last->baseline + last->height - (last->height - (last->ascent + last->descent)) / 2 -
                       last->ascent;
    int h = (int)ceilf(box_bottom + L->opts.margin_bottom);
    return h < 1 ? 1 : h > L->opts.height ? L->opts.height : h;
}
