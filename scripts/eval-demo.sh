#!/usr/bin/env bash
# Runs the demo evaluation suite (tests/eval/demo-suite.yaml) against the fake model provider:
# starts switchboard-fake-provider on a free port with tests/eval/fake-script.json, then
# `switchboard eval`, writing .build/eval/demo-report.json and .build/eval/demo-report.html.
# Extra arguments go to `switchboard eval` (e.g. --compare OLD.json); EVAL_SUITE names another
# suite, EVAL_OUT another folder, EVAL_REPEAT the runs per case. Exits as eval does.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SWITCHBOARD_BIN:-.build/debug/switchboard}
fake=${FAKE_PROVIDER_BIN:-.build/debug/switchboard-fake-provider}
out=${EVAL_OUT:-.build/eval}
mkdir -p "$out"
log=$(mktemp)
"$fake" --port 0 --script tests/eval/fake-script.json > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 200); do
  grep -q "listening on" "$log" && break
  kill -0 $pid 2>/dev/null || { cat "$log" >&2; exit 2; }
  sleep 0.05
done
address=$(grep -o "listening on [^ ]*" "$log" | head -1 | cut -d' ' -f3)
[ -n "$address" ] || { echo "the fake provider did not start:" >&2; cat "$log" >&2; exit 2; }
FAKE_OPENAI_URL="http://$address/v1" "$bin" eval "${EVAL_SUITE:-tests/eval/demo-suite.yaml}" --config tests/eval/switchboard.yaml \
  --repeat "${EVAL_REPEAT:-2}" --json "$out/demo-report.json" --html "$out/demo-report.html" "$@"
