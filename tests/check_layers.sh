#!/usr/bin/env bash
# Checks the layer rules of docs/architecture.md for what the build's include paths cannot
# catch (each layer's library sees only its own folder and the layers below it, so
# `#include "store/store.h"` in src/infer already fails to compile):
#   - project headers: a file under src/<layer>/ may include "<layer>/..." only from the
#     layers listed for it below; "../" includes and <layer/...> includes are refused;
#   - third-party headers: each library's headers only in the layers allowed to use it.
# Prints every violation; exit status 1 if any.
set -euo pipefail
src=${1:?usage: check_layers.sh SRC_DIR}

declare -A allowed=(
  [util]="util"
  [audio]="util audio"
  [text]="util text"
  [data]="util audio text data"
  [model]="util audio text model"
  [store]="util store"
  [net]="util net"
  [auth]="util store auth"
  [obs]="util obs"
  [train]="util audio text data model store infer train"
  [infer]="util audio text model infer"
  [monitor]="util audio text data model infer obs monitor"
  [jobs]="util audio text model infer store net obs jobs"
  [serve]="util audio text model infer store net auth obs jobs monitor serve"
  [cli]="*"
)

# Third-party headers (an extended regex on the include line) and the layers that may
# include them; spdlog, fmt, nlohmann-json and the standard library are open to all.
declare -A third_party=(
  ['<(torch|ATen|c10)/']="audio data model infer jobs train serve cli"
  ['<yaml-cpp/']="util model train"
  ['<boost/']="serve"
  ['<sqlite3\.h>']="store"
  ['<(sndfile|soxr|vorbis/|ogg/)']="audio"
  ['<archive(_entry)?\.h>']="model"
  ['<openssl/']="util net"
  ['<curl/']="net"
  ['<sentencepiece']="text"
  ['<CLI/']="cli"
)

status=0
violation() { echo "layering: $*"; status=1; }

for dir in "$src"/*/; do
  layer=$(basename "$dir")
  if [ -z "${allowed[$layer]+x}" ]; then
    violation "src/$layer is not a known layer; add it to docs/architecture.md and $0"
    continue
  fi
  while IFS= read -r hit; do
    violation "${hit%%:*}: a relative \"../\" include; include \"<layer>/<file>.h\" from src/"
  done < <(grep -rEn '^[[:space:]]*#[[:space:]]*include[[:space:]]*"\.\./' "$dir" || true)
  while IFS= read -r hit; do
    violation "${hit%%:*}: a project header in <...>; use quotes: #include \"<layer>/<file>.h\""
  done < <(grep -rEn '^[[:space:]]*#[[:space:]]*include[[:space:]]*<(util|audio|text|data|model|store|auth|obs|infer|monitor|jobs|train|serve|cli)/' "$dir" || true)
  for pattern in "${!third_party[@]}"; do
    case " ${third_party[$pattern]} " in *" $layer "*) continue ;; esac
    while IFS= read -r hit; do
      violation "${hit%%:*} includes ${pattern} but only these layers may: ${third_party[$pattern]}"
    done < <(grep -rEn "^[[:space:]]*#[[:space:]]*include[[:space:]]*${pattern}" "$dir" || true)
  done
  [ "${allowed[$layer]}" = "*" ] && continue
  while IFS= read -r hit; do
    file=${hit%%:*}
    included=$(sed -E 's/.*#[[:space:]]*include[[:space:]]*"([^/"]+)\/.*/\1/' <<<"$hit")
    case " ${allowed[$layer]} " in
      *" $included "*) ;;
      *) violation "$file includes \"$included/...\" but $layer may use only: ${allowed[$layer]}" ;;
    esac
  done < <(grep -rEn '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^./"][^/"]*/' "$dir" || true)
done
[ $status -eq 0 ] && echo "layering: ok"
exit $status
