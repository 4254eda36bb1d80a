/*
 * A document as Markdown (care_document_write_markdown): what carepage would
 * render, in the Markdown dialect it reads back — "# " title, byline lines
 * ending in two spaces, "##" headings, "> " quotes, "- "/"1. " list items,
 * captions as images' alt text, **strong** and *em*.
 */
#include "common/util.h"
#include "input/document.h"
#include "input/figure.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/** Write s[0..n) with Markdown's inline punctuation (and entity-starting &)
 *  escaped, and a backslash before s[extra] too (SIZE_MAX: none). */
static void put_escaped(care_buf *b, const char *s, size_t n, size_t extra)
{
    for (size_t i = 0; i < n; i++) {
        if ((s[i] != '\0' && strchr("\\`*_[]<>|&", s[i]) != NULL) || i == extra)
            care_buf_append(b, "\\", 1);
        care_buf_append(b, s + i, 1);
    }
}

/** What would start a block construct at the start of a line: a leading
 *  # > - + = is escaped here; for "2024. ..." the index of the '.' (or ')')
 *  that put_escaped must escape is returned (SIZE_MAX when none). */
static size_t put_line_start(care_buf *b, const char *s, size_t n)
{
    size_t digits = 0;
    while (digits < n && s[digits] >= '0' && s[digits] <= '9')
        digits++;
    if (n > 0 && (strchr("#>-+=", s[0]) != NULL))
        care_buf_append(b, "\\", 1);
    bool ordered = digits > 0 && digits < n && (s[digits] == '.' || s[digits] == ')');
    return ordered ? digits : SIZE_MAX;
}

static void put_inline(care_buf *b, const care_block *blk)
{
    for (size_t i = 0; i < blk->span_count; i++) {
        const care_span *sp = &blk->spans[i];
        const char *mark = sp->style == (CARE_STYLE_BOLD | CARE_STYLE_EM) ? "***"
                           : sp->style == CARE_STYLE_BOLD                 ? "**"
                           : sp->style == CARE_STYLE_EM                   ? "*"
                                                                          : "";
        size_t a = sp->start, e = sp->end;
        while (*mark && a < e && blk->text[a] == ' ')
            care_buf_append(b, blk->text + a++, 1);
        size_t tail = e;
        while (*mark && tail > a && blk->text[tail - 1] == ' ')
            tail--;
        size_t extra = i == 0 && a == 0 ? put_line_start(b, blk->text, blk->text_len) : SIZE_MAX;
        care_buf_puts(b, a < tail ? mark : "");
        put_escaped(b, blk->text + a, tail - a, extra);
        care_buf_puts(b, a < tail ? mark : "");
        care_buf_append(b, blk->text + tail, e - tail);
    }
}

static void put_block(care_buf *b, const care_block *blk, const care_block *prev)
{
    bool tight = prev && ((prev->kind == CARE_BLOCK_LIST_ITEM &&
                           blk->kind == CARE_BLOCK_LIST_ITEM) ||
                          (prev->kind != CARE_BLOCK_LIST_ITEM && prev->kind != CARE_BLOCK_CAPTION &&
                           prev->kind <= CARE_BLOCK_BYLINE && blk->kind == CARE_BLOCK_BYLINE));
    if (prev != NULL)
        care_buf_puts(b, tight ? "" : "\n");
    switch (blk->kind) {
    case CARE_BLOCK_TITLE: care_buf_puts(b, "# "); break;
    case CARE_BLOCK_HEADING:
        for (int i = 0; i < (blk->level < 2 ? 2 : blk->level > 6 ? 6 : blk->level); i++)
            care_buf_puts(b, "#");
        care_buf_puts(b, " ");
        break;
    case CARE_BLOCK_QUOTE: care_buf_puts(b, "> "); break;
    case CARE_BLOCK_LIST_ITEM:
        for (int i = 1; i < blk->level; i++)
            care_buf_puts(b, "    ");
        care_buf_puts(b, blk->marker[0] >= '0' && blk->marker[0] <= '9' ? blk->marker : "-");
        care_buf_puts(b, " ");
        break;
    case CARE_BLOCK_CAPTION:
    case CARE_BLOCK_FIGURE: care_buf_puts(b, "!["); break;
    default: break;
    }
    put_inline(b, blk);
    if (blk->kind == CARE_BLOCK_CAPTION)
        care_buf_puts(b, "]()");
    if (blk->kind == CARE_BLOCK_FIGURE) /* the first source, in <> (spaces and parentheses) */
        care_buf_printf(b, "](<%s>)", blk->figure && blk->figure->count ? blk->figure->refs[0].src : "");
    care_buf_puts(b, blk->kind == CARE_BLOCK_BYLINE ? "  \n" : "\n");
}

care_status care_document_write_markdown(const care_document *doc, FILE *out)
{
    if (doc == NULL || out == NULL)
        return CARE_ERR_INVALID_ARGUMENT;
    care_buf b = {0};
    care_buf_append(&b, "", 0);
    for (size_t i = 0; i < doc->count; i++)
        put_block(&b, &doc->blocks[i], i > 0 ? &doc->blocks[i - 1] : NULL);
    if (b.failed) {
        care_buf_free(&b);
        return CARE_ERR_NO_MEMORY;
    }
    bool ok = fwrite(b.data, 1, b.len, out) == b.len && fflush(out) == 0;
    care_buf_free(&b);
    return ok ? CARE_OK : CARE_ERR_IO;
}
