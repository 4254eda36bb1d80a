#!/bin/sh
# Install the build tree into a temporary prefix, then build examples/embed.c
# against the installed library with pkg-config (shared and static) and with
# find_package(carepage), and run each program.
# Usage: test_install.sh BUILD_DIR SOURCE_DIR WORK_DIR C_COMPILER "EXTRA_CFLAGS"
set -eu
build=$1 src=$2 work=$3 cc=$4 extra=${5:-}
rm -rf "$work" && mkdir -p "$work"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log"
# Not a directory the dynamic loader searches: no ldconfig run.
! grep -q "Running ldconfig" "$work/install.log"

pc=$(find "$prefix" -name carepage.pc)
libdir=$(dirname "$(dirname "$pc")")
test -f "$prefix/include/carepage.h"
test -x "$prefix/bin/carepage"
test -f "$libdir/libcarepage.a"
soname=$(objdump -p "$libdir/libcarepage.so" | awk '$1 == "SONAME" {print $2}')
test "$soname" = libcarepage.so.0 || { echo "SONAME is '$soname'"; exit 1; }
echo "installed: $(cd "$prefix" && find . -type f -o -type l | sort | tr '\n' ' ')"

export PKG_CONFIG_PATH="$libdir/pkgconfig"
test "$(pkg-config --modversion carepage)" = "$(sed -n 's/^project(carepage VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")"

# One pkg-config line, shared library. The temporary prefix is no directory the
# dynamic loader searches, so the program carries an rpath (docs/api.md); no
# LD_LIBRARY_PATH, and it must load the installed library, not the build tree's.
unset LD_LIBRARY_PATH
# shellcheck disable=SC2046,SC2086
"$cc" $extra -Wall -Wextra -Werror "$src/examples/embed.c" $(pkg-config --cflags --libs carepage) \
    -Wl,-rpath,"$(pkg-config --variable=libdir carepage)" -o "$work/embed-pc"
"$work/embed-pc"
ldd "$work/embed-pc" | grep -q "libcarepage.so.0 => $libdir/" || { ldd "$work/embed-pc"; exit 1; }
# The program records the shared library's SONAME.
objdump -p "$work/embed-pc" | grep -q 'NEEDED *libcarepage.so.0'

# Static: the archive plus Requires.private/Libs.private.
# shellcheck disable=SC2046,SC2086
"$cc" $extra "$src/examples/embed.c" $(pkg-config --cflags carepage) "$libdir/libcarepage.a" \
    $(pkg-config --static --libs carepage | sed 's/-lcarepage//') -o "$work/embed-static"
"$work/embed-static"

# find_package(carepage) -> carepage::carepage and carepage::carepage_static.
cmake -S "$src/tests/install_consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$extra" -DEMBED_SOURCE="$src/examples/embed.c" \
    >"$work/consumer.log"
cmake --build "$work/consumer" >>"$work/consumer.log"
# CMake gives the program the imported library's directory as its build rpath.
"$work/consumer/embed"
"$work/consumer/embed_static"
echo "install test: ok"
