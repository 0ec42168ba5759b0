#!/usr/bin/env bash
# Checks the layer rules of docs/architecture.md: a file under src/<layer>/ may include
# project headers only from the layers listed for it below. Prints every violation.
set -euo pipefail
src=${1:?usage: check_layers.sh SRC_DIR}

declare -A allowed=(
  [util]="util"
  [audio]="util audio"
  [text]="util text"
  [data]="util audio text data"
  [model]="util audio text model"
  [store]="util store"
  [obs]="util obs"
  [train]="util audio text data model store infer train"
  [infer]="util audio text model infer"
  [serve]="util audio text model infer store obs serve"
  [cli]="*"
)

status=0
for dir in "$src"/*/; do
  layer=$(basename "$dir")
  if [ -z "${allowed[$layer]+x}" ]; then
    echo "layering: src/$layer is not a known layer; add it to docs/architecture.md and $0"
    status=1
    continue
  fi
  [ "${allowed[$layer]}" = "*" ] && continue
  while IFS= read -r hit; do
    file=${hit%%:*}
    included=$(sed -E 's/.*#include "([^/"]+)\/.*/\1/' <<<"$hit")
    case " ${allowed[$layer]} " in
      *" $included "*) ;;
      *) echo "layering: $file includes \"$included/...\" but $layer may use only: ${allowed[$layer]}"
         status=1 ;;
    esac
  done < <(grep -rEn '^[[:space:]]*#include "[^/"]+/' "$dir" || true)
done
[ $status -eq 0 ] && echo "layering: ok"
exit $status
