#!/bin/sh
# The dependency rules of docs/architecture.md, checked on the #include lines
# of render/: no stage includes a higher stage's headers, only the entry
# points know the engine, nothing includes examples/; render/'s top keeps
# at most six files. Usage: check_layers.sh RENDER_DIR
set -u
cd "$1" || exit 2
status=0
# forbid FOLDER PATTERN WHY: no file under FOLDER includes a header matching PATTERN
forbid() {
    hits=$(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"($2)" "$1" 2>/dev/null)
    if [ -n "$hits" ]; then
        printf '%s\n%s\n' "rule broken: $3" "$hits"
        status=1
    fi
}
forbid layout 'raster/|output/' "layout never includes raster or output headers"
forbid input 'layout/|raster/|output/' "input never includes layout, raster or output headers"
forbid raster 'output/' "raster never includes output headers"
forbid common 'input/|layout/|raster/|output/|image/' "common includes nothing of the stages"
forbid image 'input/|layout/|raster/|output/' "image (photo decoding) includes only common"
for stage in common image input layout raster output; do
    forbid "$stage" 'engine\.h' "only the entry points at render/'s top know the engine ($stage/)"
done
forbid . '(\.\./)*examples/|carepage_cli\.h' "nothing in render/ includes examples/"
top=$(find . -maxdepth 1 -type f -name '*.[ch]' | wc -l)
if [ "$top" -gt 6 ]; then
    echo "rule broken: render/ has $top files at its top (at most 6: the entry points)"
    status=1
fi
[ $status -eq 0 ] && echo "layer rules hold ($(find . -name '*.[ch]' | wc -l) files, $top at the top)"
exit $status
