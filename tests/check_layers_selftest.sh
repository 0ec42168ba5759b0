#!/usr/bin/env bash
# check_layers.sh must refuse each kind of violation: a made-up src/ tree with one of each.
set -uo pipefail
check=${1:?usage: check_layers_selftest.sh CHECK_LAYERS_SH}
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/infer" "$tree/util" "$tree/serve"
printf '#include "store/store.h"\n' > "$tree/infer/upward.cc"
printf '#include "../store/store.h"\n' > "$tree/infer/relative.cc"
printf '#include <model/package.h>\n' > "$tree/infer/angle.cc"
printf '#include <sqlite3.h>\n' > "$tree/util/sqlite.cc"
printf '#include <boost/beast/http.hpp>\n#include "infer/recognizer.h"\n' > "$tree/serve/fine.cc"
out=$("$check" "$tree")
rc=$?
fail=0
expect() { grep -qF -- "$1" <<<"$out" || { echo "check_layers missed: $1"; fail=1; }; }
[ $rc -eq 1 ] || { echo "check_layers exited $rc, expected 1"; fail=1; }
expect 'upward.cc includes "store/..." but infer may use only'
expect 'relative.cc: a relative "../" include'
expect 'angle.cc: a project header in <...>'
expect 'sqlite.cc includes <sqlite3'
grep -q 'fine.cc' <<<"$out" && { echo "check_layers refused an allowed include: $out"; fail=1; }
[ $fail -eq 0 ] && echo "check_layers self-test: ok"
exit $fail
