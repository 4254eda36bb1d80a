/* The PDF's structure tree (ISO 32000-1 §14.8.4 standard structure types),
 * built with cairo's tags while the blocks are drawn in article order:
 * Document > H1 (title), P (byline, paragraph), H2..H6 (headings),
 * BlockQuote > P, L > LI > Lbl + LBody (+ L of a nested list); a shown photo a
 * Figure (the image) with its Caption beside it, a caption without its photo
 * Figure > Caption.
 * A block's text goes into Span children, one per page it is on: cairo 1.16
 * carries an element with content of its own over a page break by reopening
 * its marked content first thing on the next page, which would put the page's
 * artifacts inside it; an element holding only elements it does not reopen. */
#include "output/pdf_writer.h"

static const char *HEADINGS[] = {"H2", "H3", "H4", "H5", "H6"};

static void begin(care_pdf_tags *t, const char *tag)
{
    cairo_tag_begin(t->cr, tag, "");
}

static void end(care_pdf_tags *t, const char *tag)
{
    cairo_tag_end(t->cr, tag);
}

/* Close the open lists deeper than `level` (all of them for 0): each L with its LI. */
static void close_lists(care_pdf_tags *t, int level)
{
    while (t->list_depth > 0 && t->list_levels[t->list_depth - 1] > level) {
        end(t, "LI");
        end(t, "L");
        t->list_depth--;
    }
}

/* A list item at `level`: the item before it at that level ends; a deeper
 * item opens a list inside the open item (an L in its LI). */
static void begin_item(care_pdf_tags *t, const care_block *b)
{
    int level = b->level > 0 ? b->level : 1;
    close_lists(t, level);
    size_t cap = sizeof t->list_levels / sizeof *t->list_levels;
    if (t->list_depth > 0 && t->list_levels[t->list_depth - 1] == level) {
        end(t, "LI");
    } else if (t->list_depth < cap) {
        begin(t, "L");
        t->list_levels[t->list_depth++] = level;
    } else {
        end(t, "LI"); /* deeper than 16 levels: a sibling of the deepest item */
    }
    begin(t, "LI");
    if (b->marker[0]) {
        begin(t, "Lbl");
        t->leaf = "Lbl";
    } else {
        begin(t, "LBody");
        t->leaf = "LBody";
    }
}

/* Close the containers that do not hold a block of kind k. */
static void close_containers(care_pdf_tags *t, care_block_kind k)
{
    if (t->quote_open && k != CARE_BLOCK_QUOTE) {
        end(t, "BlockQuote");
        t->quote_open = false;
    }
    if (k != CARE_BLOCK_LIST_ITEM)
        close_lists(t, 0);
}

void care_pdf_tags_begin_block(care_pdf_tags *t, const care_block *b)
{
    close_containers(t, b->kind);
    switch (b->kind) {
    case CARE_BLOCK_LIST_ITEM:
        begin_item(t, b);
        return;
    case CARE_BLOCK_QUOTE:
        if (!t->quote_open)
            begin(t, "BlockQuote");
        t->quote_open = true;
        t->leaf = "P";
        break;
    case CARE_BLOCK_CAPTION:
    case CARE_BLOCK_FIGURE: /* its photo not shown: the caption in a Figure */
        begin(t, "Figure"); /* its /Alt is the caption (pdf_amend.c) */
        t->alts[t->alt_count++] = b->text;
        t->figure_open = true;
        t->leaf = "Caption";
        break;
    case CARE_BLOCK_TITLE:
        t->leaf = "H1";
        break;
    case CARE_BLOCK_HEADING: {
        int i = b->level < 2 ? 0 : b->level > 6 ? 4 : b->level - 2;
        t->leaf = HEADINGS[i];
        break;
    }
    default:
        t->leaf = "P";
        break;
    }
    begin(t, t->leaf);
}

void care_pdf_tags_begin_photo(care_pdf_tags *t, const care_block *b)
{
    close_containers(t, b->kind);
    begin(t, "Figure");
    t->alts[t->alt_count++] = b->text;
    t->leaf = "Figure";
}

void care_pdf_tags_begin_caption(care_pdf_tags *t)
{
    begin(t, "Caption");
    t->leaf = "Caption";
}

void care_pdf_tags_begin_body(care_pdf_tags *t)
{
    if (t->leaf && t->leaf[0] == 'L' && t->leaf[1] == 'b') { /* "Lbl" */
        end(t, "Lbl");
        begin(t, "LBody");
        t->leaf = "LBody";
    }
}

void care_pdf_tags_begin_text(care_pdf_tags *t)
{
    if (!t->span_open) {
        begin(t, "Span");
        t->spans++;
        t->span_empty = true;
    }
    t->span_open = true;
}

void care_pdf_tags_before_run(care_pdf_tags *t, bool isolated)
{
    if (t->span_open && !t->span_empty && (isolated || t->isolate_next)) {
        end(t, "Span");
        begin(t, "Span");
        t->spans++;
    }
    t->span_empty = false;
    t->isolate_next = isolated;
}

void care_pdf_tags_actual_text(care_pdf_tags *t, const char *text, size_t len)
{
    if (t->actual_count == t->actual_cap) {
        size_t cap = t->actual_cap ? 2 * t->actual_cap : 16;
        care_pdf_actual_text *v = care_realloc_array(t->actual, cap, sizeof *v);
        if (!v)
            return;
        t->actual = v;
        t->actual_cap = cap;
    }
    t->actual[t->actual_count++] = (care_pdf_actual_text){t->spans - 1, text, len};
}

void care_pdf_tags_end_page(care_pdf_tags *t)
{
    if (t->span_open)
        end(t, "Span");
    t->span_open = t->isolate_next = false;
}

void care_pdf_tags_end_block(care_pdf_tags *t)
{
    care_pdf_tags_end_page(t);
    if (t->leaf)
        end(t, t->leaf);
    t->leaf = NULL;
    if (t->figure_open) {
        end(t, "Figure");
        t->figure_open = false;
    }
}

void care_pdf_tags_finish(care_pdf_tags *t)
{
    if (t->leaf)
        care_pdf_tags_end_block(t);
    close_containers(t, CARE_BLOCK_FOOTER);
}
