#!/bin/sh
# What the CLI says when something is wrong: each message names the option or
# file that failed and what to do (issue 17). The exact text is checked.
# Usage: test_messages.sh CAREPAGE CAREPAGE_KIOSK WORKDIR
set -u
cp=$1 kiosk=$2 work=$3
rm -rf "$work" && mkdir -p "$work" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
printf '# 标题\n\n关怀版页面，大字号。\n' >"$work/a.md"

# expect EXIT "EXACT STDERR LINE" COMMAND...: the exit status and one line of stderr.
expect() {
    want_rc=$1 want=$2
    shift 2
    "$@" >"$work/out" 2>"$work/err"
    rc=$?
    [ "$rc" -eq "$want_rc" ] || fail "$*: exit $rc, expected $want_rc"
    grep -qxF -- "$want" "$work/err" || fail "$*: expected the line
  $want
got:
$(cat "$work/err")"
}

# 1. The font option that failed, not a CJK hint for every font.
expect 3 "carepage: --font-latin: font family 'No Such Latin' is not installed (name an installed family, as 'fc-list : family' lists them, or a font file) (see fonts/README.md)" \
    "$cp" "$work/a.md" -o "$work/o" --font-latin 'No Such Latin'
expect 3 "carepage: --font-fallback: font file $work/none.otf (face 0) cannot be opened (see fonts/README.md)" \
    "$cp" "$work/a.md" -o "$work/o" --font-fallback "$work/none.otf"
expect 3 "carepage: --font-emoji: font file $work/none.ttf (face 0) cannot be opened (see fonts/README.md)" \
    "$cp" "$work/a.md" -o "$work/o" --font-emoji "$work/none.ttf"
expect 3 "carepage: --font-cjk-bold: font family 'No Such CJK' (bold) is not installed (name an installed family, as 'fc-list : family' lists them, or a font file) (see fonts/README.md)" \
    "$cp" "$work/a.md" -o "$work/o" --font-cjk-bold 'No Such CJK'

# 2. Invalid UTF-8 in a batch: one clean line, with the hint a single run gives.
printf '# t\n\nab\377cd\n' >"$work/bad.md"
expect 2 "carepage: $work/bad.md: invalid UTF-8 at byte offset 7 (--replace-invalid replaces bad bytes with U+FFFD)" \
    "$cp" "$work/bad.md" -o "$work/o1"
expect 2 "  $work/bad.md: invalid UTF-8 at byte offset 7 (--replace-invalid replaces bad bytes with U+FFFD) (exit 2)" \
    "$cp" --keep-going "$work/bad.md" "$work/a.md" -o "$work/o2"

# 3. The kiosk viewer given a plain file without its size.
: >"$work/fb"
expect 3 "carepage-kiosk: --fb $work/fb: an ordinary file, not a framebuffer device; to draw into an ordinary file give its size and pixel format too: --fb-size WxH --fb-format FORMAT (see --help)" \
    "$kiosk" --fb "$work/fb" --keys q "$work/a.md"
expect 1 "carepage-kiosk: --fb $work/fb: a file framebuffer needs --fb-size WxH too (e.g. --fb-size 1920x1080)" \
    "$kiosk" --fb "$work/fb" --fb-format rgb565 --keys q "$work/a.md"

# 4. A font size inside --help's range that does not fit: the largest that does.
expect 1 "carepage: font size 2048 px is too large for the page: the text box is 984 px wide (1080 px less 96 px side margins) and needs two characters a line; 492 px is the largest font size that fits" \
    "$cp" "$work/a.md" -o "$work/o" --font-size 2048
"$cp" -q "$work/a.md" -o "$work/o492" --font-size 492 || fail "--font-size 492, said to fit, failed"

# 5. A well-formed language tag of no language ICU knows: a warning, and pages.
expect 0 "carepage: warning: --lang garbage: ICU knows no such language; shaping and line breaking follow the default rules, not a language's (use a tag such as zh-Hans, zh-Hant or en)" \
    "$cp" -q "$work/a.md" -o "$work/o" --lang garbage
"$cp" -q "$work/a.md" -o "$work/o" --lang yue 2>"$work/err"
[ ! -s "$work/err" ] || fail "--lang yue (Cantonese) warned: $(cat "$work/err")"

# 6. An empty -o.
expect 1 "carepage: -o: the output directory name is empty; give a directory for the pages, e.g. -o out/ (created if missing)" \
    "$cp" "$work/a.md" -o ''

# 7. An input over --max-input: its real size (a file), or "more than" (a pipe).
head -c 3000 /dev/zero | tr '\0' 'a' >"$work/big.txt"
expect 5 "carepage: $work/big.txt: the input is 3000 bytes, over the --max-input limit of 1024 bytes: raise it, e.g. --max-input 1M" \
    "$cp" "$work/big.txt" -o "$work/o" --max-input 1K
cat "$work/big.txt" | expect 5 "carepage: <stdin>: the input is more than the --max-input limit of 1024 bytes: raise it, e.g. --max-input 2M" \
    "$cp" - -o "$work/o" --max-input 1K

# 8. An option at the end of the line without its value; values outside a set or range.
expect 1 "carepage: a value is missing after option '-o' (see carepage --help)" "$cp" "$work/a.md" -o
expect 1 "carepage: a value is missing after option '--width' (see carepage --help)" \
    "$cp" "$work/a.md" --width
expect 1 "carepage: unknown option '--widht' (see carepage --help)" "$cp" "$work/a.md" --widht 3
expect 1 "carepage: invalid value 'phon' for --preset: use phone, tablet, kiosk or a4" \
    "$cp" "$work/a.md" -o "$work/o" --preset phon
expect 1 "carepage: invalid value 'red' for --theme: use black-on-white, white-on-black, yellow-on-black or black-on-cream" \
    "$cp" "$work/a.md" -o "$work/o" --theme red
expect 1 "carepage: invalid value 'center' for --align: use auto, justify or start" \
    "$cp" "$work/a.md" -o "$work/o" --align center
expect 1 "carepage: invalid value '100' for --jobs: use a whole number from 0 (one per core) to 64" \
    "$cp" "$work/a.md" -o "$work/o" --jobs 100
expect 1 "carepage: invalid value '0.5' for --line-height: use a multiple of the font size from 1 to 4, or 'normal'" \
    "$cp" "$work/a.md" -o "$work/o" --line-height 0.5
expect 1 "carepage: invalid value '3' for --font-size: use 4 to 2048 px (--min-font-size, --max-font-size)" \
    "$cp" "$work/a.md" -o "$work/o" --font-size 3

[ "$failures" -eq 0 ] && echo "messages: ok"
exit $((failures != 0))
