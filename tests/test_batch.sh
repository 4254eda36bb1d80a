#!/bin/sh
# Batch mode, --jobs and --keep-going of the carepage CLI.
# Usage: test_batch.sh CAREPAGE WORKDIR
set -u
cp=$1 work=$2
rm -rf "$work" && mkdir -p "$work/in/sub" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Fixtures written for this test: a long article (several pages), a short one,
# one with the same file name in another directory, one that is not UTF-8.
{
    echo "# 批量测试长文"
    echo
    i=0
    while [ $i -lt 40 ]; do
        echo "第${i}段：关怀版页面用大字号和高对比度排版，方便老年读者阅读新闻。2024年，CPU与GPU的价格继续变化。"
        echo
        i=$((i + 1))
    done
} >"$work/in/long.md"
printf '# 短文\n\n这是一篇很短的文章。\n' >"$work/in/short.md"
printf '# 同名\n\n另一目录里的同名文章。\n' >"$work/in/sub/short.md"
printf '# \345\235\217\n\n\377\376 不是 UTF-8。\n' >"$work/in/bad.md"

# 1. --jobs 1 and --jobs 4 write identical bytes.
"$cp" -q -j 1 "$work/in/long.md" -o "$work/j1" || fail "--jobs 1 exit $?"
"$cp" -q --jobs 4 "$work/in/long.md" -o "$work/j4" || fail "--jobs 4 exit $?"
n=$(ls "$work/j1" | grep -c '^page-.*\.png$')
[ "$n" -ge 3 ] || fail "expected at least 3 pages, got $n"
[ "$(ls "$work/j1")" = "$(ls "$work/j4")" ] || fail "--jobs 1 and 4 wrote different file lists"
for f in "$work"/j1/page-*.png; do
    cmp -s "$f" "$work/j4/$(basename "$f")" || fail "$(basename "$f") differs between --jobs 1 and 4"
done

# 2. --batch with --keep-going: the bad article fails, the others are written
#    (byte-identical to single runs: the shared engine changes nothing), the
#    summary names the failure and the exit status is the failure's (2: input).
printf '%s\n' "$work/in/long.md" "$work/in/bad.md" "" "# a comment" "$work/in/short.md" \
    "$work/in/sub/short.md" >"$work/list"
"$cp" --batch "$work/list" --keep-going -j 2 -o "$work/out" 2>"$work/err"
rc=$?
[ $rc -eq 2 ] || fail "--keep-going batch: exit $rc, expected 2"
grep -q "1 failed" "$work/err" || fail "summary does not count the failure: $(cat "$work/err")"
grep -q "^  $work/in/bad.md: invalid UTF-8" "$work/err" ||
    fail "summary does not list bad.md with its reason: $(cat "$work/err")"
grep -q "3 of 4 articles rendered" "$work/err" || fail "summary line: $(cat "$work/err")"
for f in "$work"/j1/page-*.png; do
    cmp -s "$f" "$work/out/long/$(basename "$f")" || fail "batch long/$(basename "$f") differs"
done
[ -f "$work/out/short/page-001.png" ] || fail "short/page-001.png missing"
[ -f "$work/out/short-2/page-001.png" ] || fail "the second short.md did not go to short-2/"
[ ! -e "$work/out/bad" ] || fail "the bad article left a directory behind"

# 3. Without --keep-going the batch stops at the first failure.
printf '%s\n' "$work/in/bad.md" "$work/in/short.md" >"$work/list2"
"$cp" -q --batch "$work/list2" -o "$work/stop" 2>"$work/err2"
rc=$?
[ $rc -eq 2 ] || fail "stopping batch: exit $rc, expected 2"
[ ! -e "$work/stop/short/page-001.png" ] || fail "the batch went on after a failure"
grep -q "bad.md" "$work/err2" || fail "the failure is not reported even with -q"

# 4. Several ARTICLE arguments are a batch too; a clean batch exits 0.
"$cp" -q "$work/in/short.md" "$work/in/long.md" -o "$work/multi" || fail "multi-file exit $?"
[ -f "$work/multi/short/page-001.png" ] && [ -f "$work/multi/long/page-003.png" ] ||
    fail "multi-file batch did not write short/ and long/"

# 5. A list that cannot be read is an input error.
"$cp" -q --batch "$work/no-such-list" -o "$work/x" 2>/dev/null
rc=$?
[ $rc -eq 2 ] || fail "missing list: exit $rc, expected 2"

[ $failures -eq 0 ] && echo "test_batch: all passed"
exit $failures
