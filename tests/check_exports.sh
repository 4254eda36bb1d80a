#!/bin/sh
# The shared library exports exactly the CARE_API functions of carepage.h, and
# every global symbol the static library defines starts with care_ (internal
# helpers shared between files are prefixed too; the rest are static; the
# symbols a sanitizer build adds are not ours).
# Usage: check_exports.sh LIBCAREPAGE_SO HEADER [LIBCAREPAGE_A]
set -eu
so=$1 header=$2 static=${3:-}
exported=$(nm -D --defined-only "$so" | awk '{print $3}' | sort)
declared=$(sed -n 's/^CARE_API [^(]*[ *]\(care_[a-z0-9_]*\)(.*/\1/p' "$header" | sort)
if [ "$exported" != "$declared" ]; then
    echo "exported vs declared differ:"
    printf '%s\n' "$exported" >"${TMPDIR:-/tmp}/exp.$$"
    printf '%s\n' "$declared" | diff "${TMPDIR:-/tmp}/exp.$$" - || true
    rm -f "${TMPDIR:-/tmp}/exp.$$"
    exit 1
fi
echo "$(printf '%s\n' "$exported" | wc -l) symbols exported, all CARE_API"
if [ -n "$static" ]; then
    globals=$(nm -g --defined-only "$static" | awk 'NF == 3 {print $3}' | sort -u)
    # sanitizer builds add their own (__odr_asan.care_..., __asan_...)
    stray=$(printf '%s\n' "$globals" | grep -v '^care_' | grep -Ev '^__(odr_asan|asan|ubsan|tsan|sancov)' || true)
    if [ -n "$stray" ]; then
        echo "$static defines global symbols without the care_ prefix (make them static or prefix them):"
        printf '%s\n' "$stray"
        exit 1
    fi
    echo "$(printf '%s\n' "$globals" | wc -l) global symbols in $(basename "$static"), all care_"
fi
