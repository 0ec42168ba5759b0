#!/usr/bin/env bash
# The shipped monitoring files, checked by promtool (CTest test deploy_rules):
#   deploy/prometheus/prometheus.yml        promtool check config (also checks the rule file it names)
#   deploy/prometheus/sori-alerts.yml       promtool check rules
#   deploy/prometheus/sori-alerts.test.yml  promtool test rules (each alert fires / stays silent)
#   deploy/grafana/sori-dashboard.json      every panel's expression (and each template
#                                           variable's label_values selector) compiled by
#                                           promtool as a recording rule
# Usage: check_deploy_rules.sh SOURCE_DIR
set -euo pipefail

src=${1:?usage: $0 SOURCE_DIR}
prom="$src/deploy/prometheus"
dashboard="$src/deploy/grafana/sori-dashboard.json"
for tool in promtool jq; do
  command -v "$tool" > /dev/null || { echo "deploy_rules: $tool not found (scripts/install-deps.sh installs it)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

promtool check config "$prom/prometheus.yml"
promtool check rules "$prom/sori-alerts.yml"
promtool test rules "$prom/sori-alerts.test.yml"

# Grafana's variables are not PromQL: $__rate_interval becomes a duration and the
# template variables regexes matching anything, as Grafana would substitute them.
# jq writes each expression as a JSON string, which is a valid YAML double-quoted scalar.
exprs="$tmp/exprs.jsonl"
jq -c '
  [.. | objects | select(has("expr")) | .expr] +
  [.templating.list[] | select(.type == "query") | (.query | if type == "object" then .query else . end)
     | capture("^label_values\\((?<sel>.*),\\s*[a-zA-Z_]+\\)$").sel]
  | .[]' "$dashboard" > "$exprs"
count=$(wc -l < "$exprs")
[ "$count" -ge 30 ] || { echo "deploy_rules: only $count expressions found in $dashboard" >&2; exit 1; }
{
  echo "groups:"
  echo "  - name: sori_dashboard_expressions"
  echo "    rules:"
  n=0
  while IFS= read -r expr; do
    n=$((n + 1))
    expr=${expr//'$__rate_interval'/5m}
    expr=${expr//'${instance}'/.*}
    expr=${expr//'$instance'/.*}
    expr=${expr//'${model_version}'/.*}
    expr=${expr//'$model_version'/.*}
    if [[ "$expr" == *'$'* ]]; then echo "deploy_rules: unknown variable left in $expr" >&2; exit 1; fi
    echo "      - record: sori_dashboard:expr_$n"
    echo "        expr: $expr"
  done < "$exprs"
} > "$tmp/dashboard-rules.yml"
if ! promtool check rules "$tmp/dashboard-rules.yml"; then
  cat -n "$tmp/dashboard-rules.yml" >&2
  exit 1
fi
echo "deploy_rules: OK ($count dashboard expressions)"
