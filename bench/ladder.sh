#!/usr/bin/env bash
# The gateway's cost per request, one rung at a time: each rung is an exchange that does all the
# work of the one before and more, so the difference between two rungs' CPU per request is what
# the added work costs. The gateway's own CPU time (user + system, all threads, including the
# kernel's loopback work done on its behalf) is read from /proc before and after each run.
# See bench/README.md.
#
# usage: bench/ladder.sh [BINARY]
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")

usage() {
  cat <<EOF
usage: bench/ladder.sh [BINARY]

  BINARY is a 'switchboard' binary (default: \$SWITCHBOARD_BIN or .build/release/switchboard).

rungs, each adding to the one before:
  healthz        GET /healthz: the HTTP server, the router and the request id
  refused        a chat completion with an unknown key: + the body read, the key check, the
                 audit record (durable), the log line and the metrics, a 401 answer
  unknown-model  a valid key and a model that is not configured: + the cached key and the
                 request's parse, a 404 answer
  json           the benchmark's chat completion: + inspection, routing, the upstream call and
                 the response filters, a 200 answer
  sse            the same, streamed: 16 events through the filters

environment:
EOF
  round_settings_usage LADDER "runs every rung once"
}

WRK=${WRK:-wrk}
KEEP_TMP=0
BENCH_NAME=ladder
# shellcheck source=lib/harness.sh
source "$BENCH_DIR/lib/harness.sh"

case "${1:-}" in -h|--help) usage; exit 0 ;; esac
[[ $# -le 1 ]] || { usage >&2; exit 2; }

read_round_settings LADDER
command -v "$WRK" >/dev/null || die "wrk not found (apt-get install wrk)"
bench_find_nginx
BIN=$(resolve_binary "${1:-${SWITCHBOARD_BIN:-$ROOT/.build/release/switchboard}}")
TICKS_PER_SECOND=$(getconf CLK_TCK)

bench_start_tmp switchboard-ladder
read -r UP_PORT GW_PORT < <(free_ports 2)
[[ -n ${GW_PORT:-} ]] || die "could not pick free ports"
start_static_upstream "$UP_PORT"
start_gateway "$BIN" "$(write_bench_config "$TMP/gateway" "$GW_PORT" "http://127.0.0.1:$UP_PORT")" "$GW_PORT"

# Each rung: name, method, path, body file, key, expected status class (2xx or error).
RUNGS=(
  "healthz GET /healthz - - 2xx"
  "refused POST /v1/chat/completions $BENCH_DIR/requests/chat-json.json sk-sb-ladder-unknown-key error"
  "unknown-model POST /v1/chat/completions $BENCH_DIR/requests/chat-unknown-model.json $API_KEY error"
  "json POST /v1/chat/completions $BENCH_DIR/requests/chat-json.json $API_KEY 2xx"
  "sse POST /v1/chat/completions $BENCH_DIR/requests/chat-sse.json $API_KEY 2xx"
)

# run METHOD PATH BODY KEY SECONDS -> the BENCH_RESULT line of one wrk run.
run() {
  local method=$1 path=$2 body=$3 key=$4 secs=$5
  [[ $body == - ]] && body=""
  [[ $key == - ]] && key=""
  BENCH_METHOD=$method BENCH_BODY_FILE=$body BENCH_API_KEY=$key "$WRK" -t2 -c"$CONNS" -d"${secs}s" --timeout 5s \
    -s "$BENCH_DIR/wrk/chat.lua" "http://127.0.0.1:$GW_PORT$path" 2>&1 \
    | grep '^BENCH_RESULT ' | tail -n 1 || die "wrk failed ($method $path)"
}

RESULTS=$TMP/results.tsv
: >"$RESULTS"
log "gateway $BIN (pid $GW_PID)"
log "$ROUNDS rounds x ${#RUNGS[@]} rungs, $CONNS connections, ${WARMUP_SECONDS}s warm-up + ${SECONDS_PER_RUN}s each"
for (( round = 1; round <= ROUNDS; round++ )); do
  for rung in "${RUNGS[@]}"; do
    read -r name method path body key expect <<<"$rung"
    (( WARMUP_SECONDS > 0 )) && run "$method" "$path" "$body" "$key" "$WARMUP_SECONDS" >/dev/null
    before=$(cpu_ticks "$GW_PID")
    line=$(run "$method" "$path" "$body" "$key" "$SECONDS_PER_RUN")
    after=$(cpu_ticks "$GW_PID")
    kill -0 "$GW_PID" 2>/dev/null || die "the gateway died during rung $name (log: $GW_LOG)"
    requests=$(field requests "$line")
    non2xx=$(field non2xx "$line")
    (( $(socket_errors "$line") == 0 )) || die "rung $name had socket errors: $line"
    if [[ $expect == 2xx ]]; then
      (( non2xx == 0 )) || die "rung $name answered $non2xx errors: $line"
    else
      (( non2xx == requests )) || die "rung $name should answer only errors, but $((requests - non2xx)) of $requests succeeded: $line"
    fi
    (( requests > 0 )) || die "rung $name served no requests: $line"
    cpu_us=$(( (after - before) * 1000000 / TICKS_PER_SECOND ))
    printf '%s\t%s\t%s\t%s\n' "$name" "$(field rps "$line")" "$cpu_us" "$requests" >>"$RESULTS"
    printf 'RUN round=%s rung=%s rps=%s cpu_us=%s requests=%s\n' "$round" "$name" "$(field rps "$line")" "$cpu_us" "$requests"
  done
done

python3 - "$RESULTS" "$SECONDS_PER_RUN" <<'EOF'
import statistics, sys
rungs = {}
for row in open(sys.argv[1]):
    name, rps, cpu_us, requests = row.split("\t")
    rungs.setdefault(name, []).append((float(rps), int(cpu_us) / int(requests), int(cpu_us) / 1e6 / float(sys.argv[2])))
print()
print(f"{'rung':<15} {'req/s':>9} {'cores':>6} {'CPU us/req':>11} {'added':>9}")
previous = None
summaries = []
for name, runs in rungs.items():
    rps = statistics.median(r for r, _, _ in runs)
    per_request = statistics.median(c for _, c, _ in runs)
    cores = statistics.median(k for _, _, k in runs)
    added = "" if previous is None else f"{per_request - previous:+8.1f}"
    print(f"{name:<15} {rps:>9.0f} {cores:>6.2f} {per_request:>11.1f} {added:>9}")
    summaries.append(f"SUMMARY rung={name} rps={rps:.0f} cpu_us_per_request={per_request:.1f}")
    previous = per_request
print()
print("\n".join(summaries))
EOF
