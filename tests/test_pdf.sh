#!/bin/sh
# --pdf: the tagged PDF of the fixture article checked with poppler-utils and
# qpdf against the PNG pages of the same run (pdf_check.py), in the phone and
# a4 presets and a colour theme; batch mode; writes that must fail cleanly.
# Usage: test_pdf.sh CAREPAGE SOURCE_DIR WORKDIR FIXTURE_PHOTO_WRITER
set -u
cp=$1 src=$2 work=$3 photo_writer=$4
rm -rf "$work" && mkdir -p "$work" || exit 1
# The fixture article beside its photo (a 640x480 JPEG made with libjpeg).
article=$work/pdf-article.md
cp "$src/tests/fixtures/pdf-article.md" "$article" && "$photo_writer" "$work/photo.jpg" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# 1. Phone, A4 and yellow-on-black: PDF, PNG pages and dump from one run.
for preset in phone a4 phone-yellow; do
    out=$work/$preset
    case $preset in
    phone) args="--preset phone" paper=810x1440 ;;
    a4) args="--preset a4" paper=595.28x841.89 ;;
    *) args="--preset phone --theme yellow-on-black" paper=810x1440 ;;
    esac
    # shellcheck disable=SC2086
    "$cp" -q $args "$article" -o "$out" --layout-json "$out/layout.json" --pdf "$out/article.pdf" \
        || fail "$preset: exit $?"
    echo "== $preset"
    python3 "$src/tests/pdf_check.py" "$out/article.pdf" "$out" "$out/layout.json" "$paper" \
        || fail "$preset: pdf_check"
done

# 1b. The photo: the JPEG file's own bytes embedded (DCTDecode), in its box.
jpegs=$(pdfimages -list "$work/phone/article.pdf" | awk 'NR > 2 && $9 == "jpeg" {n++} END {print n + 0}')
[ "$jpegs" -eq 1 ] || fail "the photo: $jpegs JPEG images in the PDF, want 1 (pdfimages -list)"
pdfimages -f 1 -l 99 -j "$work/phone/article.pdf" "$work/extracted" \
    && cmp -s "$(ls "$work"/extracted-*.jpg | head -1)" "$work/photo.jpg" \
    || fail "the embedded JPEG is not photo.jpg"

# 2. --pdf without -o writes only the PDF; the same PDF text as with -o.
"$cp" -q "$article" --pdf "$work/only.pdf" || fail "--pdf alone: exit $?"
[ -s "$work/only.pdf" ] || fail "--pdf alone wrote no file"
[ "$(pdftotext "$work/only.pdf" -)" = "$(pdftotext "$work/phone/article.pdf" -)" ] \
    || fail "--pdf alone: other text than with -o"

# 2b. A long image: each part a page of its own height (its PNG's, at 0.75 pt a px).
{
    printf '# 长图\n\n'
    i=0
    while [ $i -lt 30 ]; do
        printf '长图的每一段都不会把任何一行切成两半，PDF 的每一页和 PNG 一样高。\n\n'
        i=$((i + 1))
    done
} >"$work/long.md"
"$cp" -q --long --long-limit 3000 "$work/long.md" -o "$work/long" --pdf "$work/long/long.pdf" \
    || fail "--long --pdf: exit $?"
want=$(python3 -c 'import struct, sys
for p in sys.argv[1:]:
    print("%g" % (struct.unpack(">I", open(p, "rb").read()[20:24])[0] * 0.75))' "$work"/long/page-*.png)
got=$(pdfinfo -f 1 -l 99 "$work/long/long.pdf" | sed -n 's/^Page *[0-9]* size: *[0-9.]* x \([0-9.]*\) pts.*/\1/p')
[ -n "$want" ] && [ "$want" = "$got" ] || fail "long image: PDF page heights '$got', PNG heights x 0.75 '$want'"

# 3. Batch: DIR/<article>.pdf for each article, with and without -o.
printf '# 短文\n\n这是一篇很短的文章。\n' >"$work/short.md"
"$cp" -q "$article" "$work/short.md" --pdf "$work/pdfs" || fail "batch --pdf: exit $?"
for name in pdf-article short; do
    [ "$(pdfinfo "$work/pdfs/$name.pdf" 2>/dev/null | sed -n 's/^Tagged: *//p')" = yes ] \
        || fail "batch: $work/pdfs/$name.pdf missing or untagged"
done
[ ! -d "$work/pdfs/short" ] || fail "batch --pdf without -o made a page directory"
"$cp" -q "$work/short.md" "$article" -o "$work/both" --pdf "$work/both" || fail "batch -o --pdf: exit $?"
[ -f "$work/both/short.pdf" ] && [ -f "$work/both/short/page-001.png" ] \
    || fail "batch with -o and --pdf: missing $work/both/short.pdf or its pages"
# The batch's second PDF is drawn with the cairo faces the engine kept from the
# first (glyphs cached, others new): the same text, fonts and pages as alone.
second=$work/both/pdf-article.pdf
[ "$(pdftotext "$second" -)" = "$(pdftotext "$work/only.pdf" -)" ] \
    || fail "batch: the second PDF has other text than the article's PDF alone"
fonts_of() { pdffonts "$1" | awk 'NR > 2 {$1 = ""; $NF = ""; $(NF - 1) = ""; print}'; }
[ "$(fonts_of "$second")" = "$(fonts_of "$work/only.pdf")" ] \
    || fail "batch: the second PDF's fonts differ from the article's PDF alone"
for f in "$second" "$work/only.pdf"; do
    pdftoppm -r 24 -gray "$f" "$f-page" || fail "pdftoppm $f"
done
for p in "$work/only.pdf-page"-*.pgm; do
    cmp -s "$p" "$second-page-${p##*-page-}" || fail "batch: the second PDF's ${p##*-} differs"
done

# 4. A PDF that cannot be written: exit 4, the message names the file and the
# cause, no file and no temporary file left. A path under a regular file fails
# even for root; a read-only directory when not root.
: >"$work/plain-file"
msg=$("$cp" -q "$article" --pdf "$work/plain-file/a.pdf" 2>&1)
rc=$?
[ $rc -eq 4 ] || fail "PDF under a regular file: exit $rc, want 4"
case $msg in
*"$work/plain-file/a.pdf: Not a directory"*) ;;
*) fail "PDF under a regular file: message '$msg'" ;;
esac
mkdir -p "$work/ro" && echo old >"$work/ro/a.pdf" && chmod 555 "$work/ro"
if [ "$(id -u)" -ne 0 ]; then
    msg=$("$cp" -q "$article" --pdf "$work/ro/a.pdf" 2>&1)
    rc=$?
    [ $rc -eq 4 ] || fail "read-only directory: exit $rc, want 4"
    case $msg in
    *"$work/ro/a.pdf: Permission denied"*) ;;
    *) fail "read-only directory: message '$msg'" ;;
    esac
    [ "$(cat "$work/ro/a.pdf")" = old ] || fail "read-only directory: the old file changed"
else
    echo "read-only directory: skipped as root (root writes there); the regular-file case stands in"
fi
chmod 755 "$work/ro"
[ "$(ls -A "$work/ro")" = a.pdf ] || fail "a temporary file was left in $work/ro"
[ ! -e "$work/plain-file/a.pdf" ] || fail "a file was left under a regular file"

# Runs whose clusters are not one glyph for one character (Thai marks, a
# right-to-left run, a ligature) keep real ToUnicode entries: no U+FFFD.
printf '# 泰文\n\n泰文 สวัสดีครับ 和希伯来文 שלום，office 的 ffi。\n' > "$work/clusters.md"
if "$cp" -q "$work/clusters.md" --pdf "$work/clusters.pdf" &&
    qpdf --qdf --object-streams=disable "$work/clusters.pdf" "$work/clusters-qdf.pdf"; then
    ! grep -a -i -q '<fffd>' "$work/clusters-qdf.pdf" || fail "ToUnicode maps a glyph to U+FFFD"
    grep -a -q 'beginbfchar' "$work/clusters-qdf.pdf" || fail "no ToUnicode CMap in clusters.pdf"
else
    fail "clusters.md: no PDF"
fi

# Every glyph drawn as in the PNG page, square by square: cairo 1.16's CFF
# subsetter, given Noto Sans CJK whole, embedded 如 blank (pdftotext still
# found it, and a page's mean difference hid it).
mkdir -p "$work/glyphs"
printf '# 如何\n\n如果如此，又该如何？他说：“如今的情况，如同我们所料。”\n\n这是第二段，如果需要，可以再读一遍。\n' \
    > "$work/glyphs.md"
"$cp" -q "$work/glyphs.md" -o "$work/glyphs" --pdf "$work/glyphs/glyphs.pdf" || fail "glyphs.md: exit $?"
python3 "$src/tests/pdf_check.py" --glyphs "$work/glyphs/glyphs.pdf" "$work/glyphs" \
    || fail "glyphs.md: a glyph drawn otherwise than in the PNG page"

# Each face's glyphs, Latin and Han, go into one embedded font cut down to
# them (pdf_subset.c): a bold title and a regular paragraph make two fonts.
printf '# IF 云 Title\n\n中文 English 混排，IF 云。\n' > "$work/mixed.md"
"$cp" -q "$work/mixed.md" --pdf "$work/mixed.pdf" || fail "mixed.md: exit $?"
fonts=$(pdffonts "$work/mixed.pdf" | awk 'NR > 2 {print $1}' | sed 's/^[A-Z]*+//' | sort | tr '\n' ' ')
[ "$fonts" = "NotoSansCJKsc-Bold NotoSansCJKsc-Regular " ] \
    || fail "mixed.md: embedded fonts '$fonts', want one per face"

if [ $failures -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "test_pdf: ok"
