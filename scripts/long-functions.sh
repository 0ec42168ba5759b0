#!/usr/bin/env bash
# Lists functions in src/ longer than a limit (default 80 lines), longest first, using
# universal-ctags' end: field. Data tables and SQL text are reported too; the issue that
# set the limit lets them stay (say why in a comment above them).
#   scripts/long-functions.sh [LIMIT] [DIR]
set -euo pipefail
limit=${1:-80}
dir=${2:-src}
command -v ctags >/dev/null || { echo "long-functions: needs universal-ctags (apt-get install universal-ctags)" >&2; exit 2; }
ctags -R --languages=C++ --kinds-C++=f --fields=+ne -x --_xformat='%{line} %{end} %{input} %{name}' "$dir" |
  awk -v limit="$limit" '$2 != "" { n = $2 - $1 + 1; if (n > limit) printf "%5d  %s:%d  %s\n", n, $3, $1, $4 }' |
  sort -rn
