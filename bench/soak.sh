#!/usr/bin/env bash
# Switchboard soak benchmark: the gateway under a mixed load for several rounds, with its
# anonymous memory (RssAnon) read after each round. Fails when memory keeps growing once the
# first round has warmed the gateway up. See bench/README.md.
#
# The load, all at once in every round (one wrk process per kind):
#   json        chat completions to a private static upstream (nginx)
#   sse         streamed chat completions to the same upstream
#   tools       a scenario with the calculate plugin: the model double calls it, then answers
#   tools-sse   the same scenario, streamed
#   masked      a request holding an e-mail address (L2) to a public backend double: masked
#               on the way out, the echoed pseudonym restored on the way back
#   masked-sse  the same, streamed
#   errors      refused requests in turn: unknown key, malformed JSON, wrong type, unknown model
#
# usage: bench/soak.sh [--keep-tmp] [-h|--help]
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BENCH_NAME=soak
# shellcheck source=lib/harness.sh
source "$BENCH_DIR/lib/harness.sh"

usage() {
  cat <<EOF
usage: bench/soak.sh [--keep-tmp]

  --keep-tmp     keep the temp dir (configs, logs, raw wrk output)

environment:
  SWITCHBOARD_BIN        gateway binary (default: $ROOT/.build/release/switchboard)
  FAKE_PROVIDER_BIN      model double (default: $ROOT/.build/release/switchboard-fake-provider)
  SOAK_ROUNDS            rounds of load (default 5; at least 2)
  SOAK_ROUND_SECONDS     seconds of load per round (default 120: ten minutes in all)
  SOAK_SETTLE_SECONDS    idle seconds before memory is read after a round (default 2)
  SOAK_MAX_GROWTH_KB     most RssAnon a round after the first may add, in KiB (default 1024)
  SOAK_SCALE             connections per kind are multiplied by this (default 1: 48 in all)
  SOAK_KEEP_TMP          1 = same as --keep-tmp
EOF
}

KEEP_TMP=${SOAK_KEEP_TMP:-0}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keep-tmp) KEEP_TMP=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "soak.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

ROUNDS=${SOAK_ROUNDS:-5}
ROUND_SECONDS=${SOAK_ROUND_SECONDS:-120}
SETTLE_SECONDS=${SOAK_SETTLE_SECONDS:-2}
MAX_GROWTH_KB=${SOAK_MAX_GROWTH_KB:-1024}
SCALE=${SOAK_SCALE:-1}
check_int SOAK_ROUNDS "$ROUNDS"
check_int SOAK_ROUND_SECONDS "$ROUND_SECONDS"
check_int SOAK_SETTLE_SECONDS "$SETTLE_SECONDS"
check_int SOAK_MAX_GROWTH_KB "$MAX_GROWTH_KB"
check_int SOAK_SCALE "$SCALE"
(( ROUNDS >= 2 )) || die "SOAK_ROUNDS must be at least 2 (the first round is the warm-up)"
(( ROUND_SECONDS > 0 && SCALE > 0 )) || die "SOAK_ROUND_SECONDS and SOAK_SCALE must be > 0"

need_command wrk "apt-get install wrk"
need_command python3 "apt-get install python3"
need_command curl "apt-get install curl"
bench_find_nginx
SWITCHBOARD_BIN=$(resolve_binary "${SWITCHBOARD_BIN:-$ROOT/.build/release/switchboard}")
FAKE_PROVIDER_BIN=$(resolve_binary "${FAKE_PROVIDER_BIN:-$ROOT/.build/release/switchboard-fake-provider}")

bench_start_tmp switchboard-soak
read -r UP_PORT GW_PORT < <(free_ports 2)
[[ -n ${GW_PORT:-} ]] || die "could not pick free ports"
GW_URL="http://127.0.0.1:$GW_PORT"
log "temp dir $TMP; ports: static upstream $UP_PORT, gateway $GW_PORT"

start_static_upstream "$UP_PORT"

# --- the model double: tool calls for the scenario, echoes for the public backend ------------
cat >"$TMP/fake-script.json" <<'EOF'
{"rules": [
  {"match": "请计算", "when": "user",
   "reply": {"tool_calls": [{"name": "calculate", "arguments": "{\"expression\": \"round(1.15 * 1.1, 2)\"}"}]}},
  {"when": "tool_result", "reply": {"content": "按涨跌幅计算，结果为 1.27。"}}
]}
EOF
"$FAKE_PROVIDER_BIN" --port 0 --script "$TMP/fake-script.json" >"$TMP/fake.out" 2>"$TMP/fake.err" &
FAKE_PID=$!
bench_track "$FAKE_PID"
deadline=$((SECONDS + 20))
until grep -q 'listening on ' "$TMP/fake.out" 2>/dev/null; do
  kill -0 "$FAKE_PID" 2>/dev/null || { cat "$TMP/fake.err" >&2; die "the model double exited during startup"; }
  ((SECONDS < deadline)) || die "the model double did not start within 20s"
  sleep 0.1
done
FAKE_URL="http://127.0.0.1:$(sed -n 's/.*listening on .*:\([0-9]*\).*/\1/p' "$TMP/fake.out" | head -n 1)"

# --- the gateway ---------------------------------------------------------------------------
# The benchmark's configuration, with the model double as a private backend (plugins) and as a
# public one (masking), and the plugin scenario.
GW_CONFIG=$(write_bench_config "$TMP/gateway" "$GW_PORT" "http://127.0.0.1:$UP_PORT" \
  "  - { name: tools,   kind: openai, url: \"$FAKE_URL/v1\", zone: private, capacity: 1024 }
  - { name: maas,    kind: openai, url: \"$FAKE_URL/v1\", zone: public,  capacity: 1024 }" \
  "  - { alias: bench-tools,  targets: [tools] }
  - { alias: bench-public, targets: [maas] }" \
  "scenarios:
  - { name: soak-calc, model: bench-tools, prompt: \"你是分析助手。\", plugins: [calculate], max_steps: 3 }")
start_gateway "$SWITCHBOARD_BIN" "$GW_CONFIG" "$GW_PORT"
sleep 1
log "gateway up (pid $GW_PID), idle RssAnon $(proc_status_kb "$GW_PID" RssAnon) kB"

# --- the load ------------------------------------------------------------------------------
EMAIL="zhang.wei@example.com"
mkdir -p "$TMP/requests" "$TMP/wrk"
write_body() { printf '%s' "$2" >"$TMP/requests/$1.json"; }
cp "$BENCH_DIR/requests/chat-json.json" "$TMP/requests/json.json"
cp "$BENCH_DIR/requests/chat-sse.json" "$TMP/requests/sse.json"
cp "$BENCH_DIR/requests/chat-json.json" "$TMP/requests/errors.json"   # errors.lua makes the refused requests from it
write_body tools '{"model":"scenario/soak-calc","messages":[{"role":"user","content":"请计算 1.15 乘以 1.1，保留两位小数"}]}'
write_body tools-sse '{"model":"scenario/soak-calc","stream":true,"messages":[{"role":"user","content":"请计算 1.15 乘以 1.1，保留两位小数"}]}'
write_body masked "{\"model\":\"bench-public\",\"messages\":[{\"role\":\"user\",\"content\":\"我的邮箱是 $EMAIL，请回复确认\"}]}"
write_body masked-sse "{\"model\":\"bench-public\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"我的邮箱是 $EMAIL，请回复确认\"}]}"

KINDS=(json sse tools tools-sse masked masked-sse errors)
declare -A CONNS=([json]=12 [sse]=12 [tools]=6 [tools-sse]=4 [masked]=6 [masked-sse]=4 [errors]=4)
declare -A SCRIPT=([errors]=errors.lua)

# One request of each kind before any load: the answers must be what the kind expects.
log "checking one request of each kind"
for kind in "${KINDS[@]}"; do
  out=$TMP/requests/$kind.answer
  key=$API_KEY expected=200
  # errors.lua begins with an unknown key; the other refusals are checked by the load itself.
  [[ $kind == errors ]] && key=sk-sb-not-a-key-000000000000 expected=401
  status=$(curl -sS -o "$out" -w '%{http_code}' --max-time 20 -X POST -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $key" --data-binary "@$TMP/requests/$kind.json" "$GW_URL/v1/chat/completions") \
    || die "curl failed for $kind"
  [[ $status == "$expected" ]] || { cat "$out" >&2; die "$kind: HTTP $status, expected $expected"; }
  case $kind in
    tools) grep -q '1.27' "$out" || { cat "$out" >&2; die "tools: the answer does not carry the plugin's figure"; } ;;
    tools-sse) grep -q '"name":"calculate","status":"ok"' "$out" || { cat "$out" >&2; die "tools-sse: the stream reports no successful plugin call"; } ;;
    masked|masked-sse) grep -q "$EMAIL" "$out" || { cat "$out" >&2; die "$kind: the answer was not restored"; } ;;
  esac
done
curl -sS "$FAKE_URL/_control/requests" >"$TMP/requests/fake-received.json"
if grep -q "$EMAIL" "$TMP/requests/fake-received.json"; then
  die "the public backend double received the e-mail address unmasked"
fi
grep -q '\[\[email_1\]\]' "$TMP/requests/fake-received.json" \
  || die "the public backend double did not receive a pseudonym (see $TMP/requests/fake-received.json)"
log "  every kind answered as expected; the public double saw only pseudonyms"

# run_round N: every kind at once for ROUND_SECONDS; sets ROUND_EXCHANGES, fails on bad answers.
run_round() {
  local round=$1 kind pids=() line requests non2xx sockerr
  for kind in "${KINDS[@]}"; do
    BENCH_LUA_DIR="$BENCH_DIR/wrk" BENCH_BODY_FILE="$TMP/requests/$kind.json" BENCH_API_KEY="$API_KEY" \
      wrk -t1 -c$(( CONNS[$kind] * SCALE )) -d"${ROUND_SECONDS}s" --timeout 10s \
      -s "$BENCH_DIR/wrk/${SCRIPT[$kind]:-chat.lua}" "$GW_URL/v1/chat/completions" \
      >"$TMP/wrk/round$round-$kind.txt" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
  kill -0 "$GW_PID" 2>/dev/null || { tail -n 30 "$GW_LOG" >&2 || true; die "the gateway died in round $round"; }
  ROUND_EXCHANGES=0
  for kind in "${KINDS[@]}"; do
    line=$(grep '^BENCH_RESULT ' "$TMP/wrk/round$round-$kind.txt" | tail -n 1) \
      || { cat "$TMP/wrk/round$round-$kind.txt" >&2; die "no result from wrk for $kind in round $round"; }
    requests=$(field requests "$line")
    non2xx=$(field non2xx "$line")
    sockerr=$(socket_errors "$line")
    (( sockerr == 0 )) || die "$kind: $sockerr socket errors in round $round ($TMP/wrk/round$round-$kind.txt)"
    if [[ $kind == errors ]]; then
      (( non2xx == requests )) || die "errors: $(( requests - non2xx )) refused requests were answered with 2xx in round $round"
    else
      (( non2xx == 0 )) || die "$kind: $non2xx non-2xx answers in round $round"
    fi
    ROUND_EXCHANGES=$(( ROUND_EXCHANGES + requests ))
  done
}

log "running $ROUNDS rounds of ${ROUND_SECONDS}s (about $(( ROUNDS * (ROUND_SECONDS + SETTLE_SECONDS) ))s)"
printf '\n%-6s %10s %10s %12s %12s %12s\n' round exchanges "per s" "RssAnon kB" "growth kB" "per 1k ex."
previous=$(proc_status_kb "$GW_PID" RssAnon)
printf '%-6s %10s %10s %12s %12s %12s\n' idle - - "$previous" - -
FAILED_ROUNDS=()
TOTAL=0
for ((round = 1; round <= ROUNDS; round++)); do
  run_round "$round"
  sleep "$SETTLE_SECONDS"
  rss=$(proc_status_kb "$GW_PID" RssAnon)
  growth=$(( rss - previous ))
  TOTAL=$(( TOTAL + ROUND_EXCHANGES ))
  per_thousand=$(awk -v g="$growth" -v n="$ROUND_EXCHANGES" 'BEGIN { printf "%.2f", (n > 0 ? g * 1000 / n : 0) }')
  printf '%-6s %10s %10s %12s %12s %12s\n' "$round" "$ROUND_EXCHANGES" "$(( ROUND_EXCHANGES / ROUND_SECONDS ))" "$rss" "$growth" "$per_thousand"
  if (( round > 1 && growth >= MAX_GROWTH_KB )); then FAILED_ROUNDS+=("$round (+$growth kB)"); fi
  previous=$rss
done
sleep "$SETTLE_SECONDS"
printf '%-6s %10s %10s %12s %12s %12s\n' "idle" - - "$(proc_status_kb "$GW_PID" RssAnon)" - -
echo
echo "SUMMARY exchanges=$TOTAL rounds=$ROUNDS round_seconds=$ROUND_SECONDS rss_anon_kb=$previous vm_hwm_kb=$(proc_status_kb "$GW_PID" VmHWM)"

if (( ${#FAILED_ROUNDS[@]} > 0 )); then
  log "FAILED: anonymous memory kept growing after the warm-up round (limit ${MAX_GROWTH_KB} kB a round): rounds ${FAILED_ROUNDS[*]}"
  exit 1
fi
log "passed: after the warm-up round, no round grew anonymous memory by ${MAX_GROWTH_KB} kB or more"
