#!/bin/sh
# The shared library exports exactly the CARE_API functions of carepage.h.
# Usage: check_exports.sh LIBCAREPAGE_SO HEADER
set -eu
so=$1 header=$2
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
