#!/bin/sh
# carepage against pango-view (Debian pango1.0-tools) on the same plain text.
#
# Usage: bench/compare.sh [-r RUNS] [-j JOBS] [-b BUILD_DIR] ARTICLE_DIR
#
# For every *.md / *.txt article of ARTICLE_DIR (README.md left out) the
# Markdown marks are stripped into one plain text (title line, blank lines
# between paragraphs) that both programs render with the same settings:
# Noto Sans CJK SC, body 54 px, text width 972 px (preset phone: 1080 px page,
# 48 px minimum side margins, the text box snapped to whole em), baseline
# distance 1.7 x 54 px, wrapping at any character. carepage writes paginated
# PNG pages (`carepage --format text`, preset phone, --jobs JOBS); pango-view
# writes one tall PNG (`--pixels`, so points are pixels; `--line-spacing` is
# 1.7 / 1.448, 1.448 em being Noto Sans CJK's ascent + descent, which Pango
# multiplies). Each run starts both processes one after the other (the same
# machine state), RUNS times (default 5); the table has the medians of the
# wall times, carepage's speed as a multiple of pango-view's, and the peak
# RSS of each. Then the per-stage medians of carepage-bench on the longest
# article, the whole directory as one `carepage --batch` (time, pages/s, peak
# RSS), carepage-scaling (linear cost, framebuffer pages/s) and
# carepage-png-table (PNG settings) are printed.
#
# Needs: pango-view, GNU time (/usr/bin/time), a Release build of the bench
# target (default BUILD_DIR: build). Numbers, not a pass/fail test.
set -eu

runs=5 jobs=0 build=build
while getopts r:j:b: opt; do
    case $opt in
    r) runs=$OPTARG ;;
    j) jobs=$OPTARG ;;
    b) build=$OPTARG ;;
    *) echo "usage: $0 [-r RUNS] [-j JOBS] [-b BUILD_DIR] ARTICLE_DIR" >&2; exit 1 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: $0 [-r RUNS] [-j JOBS] [-b BUILD_DIR] ARTICLE_DIR" >&2; exit 1; }
dir=$1
cp=$build/carepage
for tool in "$cp" "$build/carepage-bench" "$build/carepage-scaling" "$build/carepage-png-table"; do
    [ -x "$tool" ] || { echo "$0: $tool missing: cmake --build $build --target bench" >&2; exit 1; }
done
command -v pango-view >/dev/null || { echo "$0: pango-view missing: apt-get install pango1.0-tools" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "$0: GNU time missing: apt-get install time" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/carepage-compare.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# Markdown to the plain text both programs read.
plain() {
    sed -E -e 's/^#+ +//' -e 's/^> ?//' -e 's/^[-*] +//' -e 's/\*\*//g' -e 's/  +$//' \
        -e 's/!\[([^]]*)\]\([^)]*\)/\1/g' -e 's/\[([^]]*)\]\([^)]*\)/\1/g' "$1"
}

font="Noto Sans CJK SC 54"
pango() {
    pango-view -q --pixels --font="$font" --width=972 --wrap=word-char --line-spacing=1.174 \
        --margin="96 54" --language=zh-cn -o "$2" "$1"
}

printf '%-44s %6s %5s %9s %9s %7s %8s %8s\n' article chars pages "carepage" "pango" "speedup" \
    "cp RSS" "pg RSS"
printf '%-44s %6s %5s %9s %9s %7s %8s %8s\n' "" "" "" "ms" "ms" "x" "MiB" "MiB"
longest="" longest_chars=0 longest_bytes=0 # the longest article: the largest file
: >"$tmp/list"
for f in "$dir"/*.md "$dir"/*.txt; do
    [ -f "$f" ] || continue
    case $(basename "$f") in README.md) continue ;; esac
    echo "$f" >>"$tmp/list"
    name=$(basename "$f")
    txt=$tmp/$name.txt
    plain "$f" >"$txt"
    chars=$(tr -d '\n' <"$txt" | wc -m)
    bytes=$(wc -c <"$f")
    if [ "$bytes" -gt "$longest_bytes" ]; then longest=$f longest_chars=$chars longest_bytes=$bytes; fi
    : >"$tmp/cp.t"; : >"$tmp/pg.t"; : >"$tmp/cp.m"; : >"$tmp/pg.m"
    r=0
    while [ $r -lt "$runs" ]; do
        rm -rf "$tmp/out"
        t0=$(ms)
        /usr/bin/time -f %M -o "$tmp/rss" "$cp" -q --format text -j "$jobs" "$txt" -o "$tmp/out"
        t1=$(ms)
        cat "$tmp/rss" >>"$tmp/cp.m"
        /usr/bin/time -f %M -o "$tmp/rss" sh -c 'exec "$@"' pango pango-view -q --pixels \
            --font="$font" --width=972 --wrap=word-char --line-spacing=1.174 --margin="96 54" \
            --language=zh-cn -o "$tmp/pango.png" "$txt"
        t2=$(ms)
        cat "$tmp/rss" >>"$tmp/pg.m"
        echo $((t1 - t0)) >>"$tmp/cp.t"
        echo $((t2 - t1)) >>"$tmp/pg.t"
        r=$((r + 1))
    done
    pages=$(ls "$tmp/out" | grep -c '^page-')
    c=$(median <"$tmp/cp.t") p=$(median <"$tmp/pg.t")
    cm=$(median <"$tmp/cp.m") pm=$(median <"$tmp/pg.m")
    awk -v n="$name" -v ch="$chars" -v pg="$pages" -v c="$c" -v p="$p" -v cm="$cm" -v pm="$pm" \
        'BEGIN {printf "%-44s %6d %5d %9.0f %9.0f %7.1f %8.1f %8.1f\n", substr(n, 1, 44), ch, pg, c, p,
                (c > 0 ? p / c : 0), cm / 1024, pm / 1024}'
done
[ -n "$longest" ] || { echo "$0: no articles in $dir" >&2; exit 1; }
echo "(median of $runs runs each; speedup = pango-view time / carepage time, same run;"
echo " goal on the longest article, $(basename "$longest"): >= 10x)"
echo
echo "== per stage, longest article ($longest_chars characters), carepage-bench =="
"$build/carepage-bench" "$longest" "$runs" "$tmp" "$jobs"
echo
echo "== whole directory in one process: carepage --batch (jobs $jobs; 0 = one per core) =="
/usr/bin/time -f "%e s wall, peak RSS %M KiB" -o "$tmp/batch.rss" \
    "$cp" --batch "$tmp/list" -j "$jobs" -o "$tmp/batch" 2>&1 | tail -1
cat "$tmp/batch.rss"
echo "(goal: peak RSS < 64 MiB = 65536 KiB)"
echo
echo "== linear cost and framebuffer speed: carepage-scaling =="
"$build/carepage-scaling" "$runs"
echo
echo "== PNG settings on the longest article: carepage-png-table =="
"$build/carepage-png-table" "$longest" 3
