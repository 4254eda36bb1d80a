#!/bin/sh
# Page sets are transactions (issue 18): a run's pages and dump are renamed
# into place together, replacing the earlier set whole; a failed run changes
# nothing; a killed run's staging is cleaned; two runs at once never mix.
# Usage: test_page_set.sh CAREPAGE WORKDIR
set -u
cp=$1 work=$2
rm -rf "$work" && mkdir -p "$work" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# Every name in a directory (hidden ones too) with its checksum.
state() { (cd "$1" && for f in $(ls -A | sort); do
    if [ -d "$f" ]; then echo "$f/"; else echo "$f $(cksum <"$f")"; fi
done); }
no_leftovers() { # $1 dir: no staging directory or temporary file
    left=$(ls -A "$1" | grep -E '^\.carepage-stage\.|^\.page-|\.XXXXXX|^\.[^.].*\.json\.' || true)
    [ -z "$left" ] || fail "$2: left in $1: $left"
}

# Fixtures written for this test: a long article (14 pages) and a short one (3).
{
    echo "# 事务测试长文"
    echo
    i=0
    while [ $i -lt 40 ]; do
        echo "第${i}段：关怀版页面用大字号和高对比度排版，方便老年读者阅读新闻。第${i}段：关怀版页面用大字号和高对比度排版，方便老年读者阅读新闻。"
        echo
        i=$((i + 1))
    done
} >"$work/long.md"
printf '# 短文\n\n这是一篇很短的文章，只有一页。\n' >"$work/short.md"

# 1. A shorter run over a longer set: the longer set's surplus pages and its
#    dump go in the same step; a page no set of carepage's wrote stays.
d="$work/rerun"
"$cp" -q "$work/long.md" -o "$d" --layout-json "$d/layout.json" || fail "long run: exit $?"
n_long=$(ls "$d" | grep -c '^page-')
[ "$n_long" -ge 5 ] || fail "long article: $n_long pages, expected at least 5"
printf 'mine' >"$d/page-999.png"
"$cp" -q "$work/short.md" -o "$d" || fail "short run: exit $?"
[ "$(ls "$d" | grep '^page-0' | tr '\n' ' ')" = "page-001.png " ] ||
    fail "after the short run: $(ls "$d" | tr '\n' ' ')"
[ ! -e "$d/layout.json" ] || fail "the long run's dump outlived its pages"
[ "$(cat "$d/page-999.png")" = mine ] || fail "a page carepage did not write was touched"
"$cp" -q "$work/long.md" -o "$d" --layout-json "$d/layout.json" || fail "long again: exit $?"
"$cp" -q "$work/short.md" -o "$d" --layout-json "$d/layout.json" || fail "short + dump: exit $?"
grep -q '"source": "[^"]*/short.md"' "$d/layout.json" || fail "the dump is not the short run's"
[ "$(ls "$d" | grep -c '^page-0')" -eq 1 ] || fail "surplus pages after the second short run"
no_leftovers "$d" "re-run"

# 2. A run that fails writing pages (file size limit: EFBIG, as a full disk)
#    leaves the earlier set as it was, no dump of its own and no temporaries.
d="$work/failed"
"$cp" -q "$work/short.md" -o "$d" --layout-json "$d/layout.json" || fail "first run: exit $?"
before=$(state "$d")
sh -c "trap '' XFSZ; ulimit -f 200; exec '$cp' -q '$work/long.md' -o '$d' --layout-json '$d/layout.json'" \
    2>"$work/err2"
rc=$?
[ $rc -eq 4 ] || fail "failing run: exit $rc, expected 4"
[ "$(state "$d")" = "$before" ] || fail "a failed run changed the directory: $(state "$d")"
grep -q "nothing was changed in $d" "$work/err2" || fail "the failure does not say so: $(cat "$work/err2")"
no_leftovers "$d" "failed run"
d="$work/fresh"
sh -c "trap '' XFSZ; ulimit -f 200; exec '$cp' -q '$work/long.md' -o '$d' --layout-json '$d/layout.json'" \
    2>/dev/null
[ -z "$(ls -A "$d")" ] || fail "a failed first run left: $(ls -A "$d" | tr '\n' ' ')"

# 3. Full disk (a 1 MB tmpfs, root only): a re-run that runs out of space
#    leaves the complete earlier set.
mnt="$work/tmpfs"
mkdir -p "$mnt"
if mount -t tmpfs -o size=1m carepage-test "$mnt" 2>/dev/null; then
    "$cp" -q "$work/short.md" -o "$mnt/out" --layout-json "$mnt/out/layout.json" ||
        fail "tmpfs: first run exit $?"
    before=$(state "$mnt/out")
    "$cp" -q "$work/long.md" -o "$mnt/out" --layout-json "$mnt/out/layout.json" 2>"$work/err3"
    rc=$?
    [ $rc -eq 4 ] || fail "tmpfs: a 14-page run on 1 MB: exit $rc, expected 4"
    grep -q "No space left" "$work/err3" || fail "tmpfs: $(cat "$work/err3")"
    [ "$(state "$mnt/out")" = "$before" ] || fail "tmpfs: the earlier set changed: $(state "$mnt/out")"
    no_leftovers "$mnt/out" "tmpfs"
    [ "$(ls -A "$mnt" | tr '\n' ' ')" = "out " ] || fail "tmpfs root: $(ls -A "$mnt")"
    umount "$mnt"
else
    echo "no tmpfs (not root?): the file size limit above stands in for a full disk"
fi
rmdir "$mnt"

# 4. What a killed run left: staging without a journal is removed, staging
#    with one is renamed into place, both with a warning.
d="$work/killed"
"$cp" -q "$work/short.md" -o "$d" || fail "killed: first run exit $?"
mkdir "$d/.carepage-stage.AAAAAA" && printf 'x' >"$d/.carepage-stage.AAAAAA/page-001.png" &&
    printf '\0' >"$d/.carepage-stage.AAAAAA/dump-stage"
"$cp" -q "$work/short.md" -o "$d" 2>"$work/err4" || fail "after a kill: exit $?"
grep -q "removed the pages of a run that was killed" "$work/err4" || fail "no warning: $(cat "$work/err4")"
no_leftovers "$d" "after a kill"
cmp -s "$d/page-001.png" "$work/rerun/page-001.png" || fail "after a kill: page-001 is not the run's"

# 5. Two runs with different layouts into one directory at once: both succeed
#    (the second waits), and the directory holds one of the two sets whole.
"$cp" -q "$work/long.md" -o "$work/ref-phone" --layout-json "$work/ref-phone/layout.json"
"$cp" -q --preset tablet "$work/long.md" -o "$work/ref-tablet" --layout-json "$work/ref-tablet/layout.json"
i=0
while [ $i -lt 3 ]; do
    d="$work/both$i"
    "$cp" -q "$work/long.md" -o "$d" --layout-json "$d/layout.json" 2>"$work/err5a" &
    "$cp" -q --preset tablet "$work/long.md" -o "$d" --layout-json "$d/layout.json" 2>"$work/err5b"
    rc_b=$?
    wait $!
    rc_a=$?
    [ $rc_a -eq 0 ] && [ $rc_b -eq 0 ] || fail "concurrent runs: exit $rc_a and $rc_b"
    same=""
    for ref in phone tablet; do
        [ "$(ls "$d" | tr '\n' ' ')" = "$(ls "$work/ref-$ref" | tr '\n' ' ')" ] || continue
        ok=1
        for f in "$d"/page-*.png; do
            cmp -s "$f" "$work/ref-$ref/$(basename "$f")" || ok=0
        done
        [ $ok -eq 1 ] && same=$ref
    done
    [ -n "$same" ] || fail "concurrent runs $i left a mixed set: $(ls "$d" | tr '\n' ' ')"
    no_leftovers "$d" "concurrent runs"
    i=$((i + 1))
done

[ $failures -eq 0 ] && echo "test_page_set: all passed"
exit $failures
