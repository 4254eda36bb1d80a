/* The font file as FreeType reads it for the PDF's cairo faces: the engine's
 * mapped bytes, with a table directory of our own at offset 0 that lists the
 * face's tables at their offsets in the file but leaves out 'cmap'.
 *
 * Why: cairo 1.16 looks up the character of every glyph it adds to a font
 * subset, even when it is given the glyph's text: it copies the font's whole
 * format-4 'cmap' subtable (up to 64 KB) out of the file and scans it, and
 * failing that walks the face's charmap character by character. For a CJK
 * font that was a quarter of a PDF's instructions (740 glyphs in the longest
 * article, 96,000 instructions each). With no 'cmap' table and no charmap
 * selected (pdf_fonts.c) both give up at once and cairo takes the text it is
 * given, so every glyph is drawn with its text (pdf_text.c).
 * The bytes are never copied: a read below the directory's end is served
 * from the directory, any other from the file (the file's own headers lie
 * below its first table, and ours is no longer than them). */
#include "output/pdf_writer.h"

#include <hb.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_TABLES = 64, RECORD = 16, HEADER = 12 };

struct care_pdf_face_stream {
    FT_StreamRec stream;                /* what FreeType reads (descriptor: this) */
    const unsigned char *bytes;         /* the font file */
    size_t len;
    unsigned char dir[HEADER + RECORD * MAX_TABLES]; /* our table directory */
    size_t dir_len;
};

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v & 0xFFFF);
}

/* FreeType's read call: count 0 is a seek (0: fine). */
static unsigned long read_bytes(FT_Stream stream, unsigned long offset, unsigned char *buf,
                                unsigned long count)
{
    const care_pdf_face_stream *s = stream->descriptor.pointer;
    if (count == 0)
        return offset <= s->len ? 0 : 1;
    if (offset >= s->len)
        return 0;
    if (count > s->len - offset)
        count = s->len - offset;
    size_t from_dir = offset < s->dir_len ? s->dir_len - offset : 0;
    from_dir = from_dir < count ? from_dir : count;
    memcpy(buf, s->dir + offset, from_dir);
    memcpy(buf + from_dir, s->bytes + offset + from_dir, count - from_dir);
    return count;
}

/* The sfnt header for n tables (OpenType: searchRange etc. from n). */
static void put_header(unsigned char *p, uint32_t version, unsigned n)
{
    unsigned selector = 0;
    while ((2u << selector) <= n)
        selector++;
    put32(p, version);
    put16(p + 4, n);
    put16(p + 6, RECORD << selector);
    put16(p + 8, selector);
    put16(p + 10, n * RECORD - (RECORD << selector));
}

/* Our directory: each table but 'cmap' at its offset in the file. False when
 * the face has no 'cmap' or its tables are not where this can list them. */
static bool build_directory(care_pdf_face_stream *s, hb_face_t *face)
{
    hb_tag_t tags[MAX_TABLES];
    unsigned count = MAX_TABLES, kept = 0;
    unsigned total = hb_face_get_table_tags(face, 0, &count, tags);
    size_t lowest = s->len;
    bool has_cmap = false, cff = false;
    for (unsigned i = 0; i < count && total <= MAX_TABLES; i++) {
        hb_blob_t *table = hb_face_reference_table(face, tags[i]);
        unsigned len = 0;
        const unsigned char *at = (const unsigned char *)hb_blob_get_data(table, &len);
        hb_blob_destroy(table); /* a slice of the file: `at` stays valid */
        has_cmap |= tags[i] == HB_TAG('c', 'm', 'a', 'p');
        cff |= tags[i] == HB_TAG('C', 'F', 'F', ' ') || tags[i] == HB_TAG('C', 'F', 'F', '2');
        if (tags[i] == HB_TAG('c', 'm', 'a', 'p'))
            continue;
        if (!at || at < s->bytes || len > s->len || at > s->bytes + (s->len - len))
            return false; /* not a slice of the file (an empty or copied table) */
        size_t offset = (size_t)(at - s->bytes);
        lowest = offset < lowest ? offset : lowest;
        unsigned char *r = s->dir + HEADER + RECORD * kept++;
        put32(r, tags[i]);
        put32(r + 4, 0); /* checksum: FreeType and cairo do not read it */
        put32(r + 8, (uint32_t)offset);
        put32(r + 12, len);
    }
    s->dir_len = HEADER + RECORD * (size_t)kept;
    put_header(s->dir, cff ? 0x4F54544Fu /* 'OTTO' */ : 0x00010000u, kept);
    return has_cmap && total <= MAX_TABLES && kept > 0 && s->dir_len <= lowest;
}

care_pdf_face_stream *care_pdf_face_stream_new(hb_blob_t *file, hb_face_t *face)
{
    care_pdf_face_stream *s = care_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    unsigned len = 0;
    s->bytes = (const unsigned char *)hb_blob_get_data(file, &len);
    s->len = len;
    if (!s->bytes || !build_directory(s, face)) {
        free(s);
        return NULL;
    }
    s->stream.size = (unsigned long)s->len;
    s->stream.descriptor.pointer = s;
    s->stream.read = read_bytes;
    return s;
}

FT_Stream care_pdf_face_stream_ft(care_pdf_face_stream *s)
{
    return &s->stream;
}
