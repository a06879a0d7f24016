#!/usr/bin/env bash
# Compares two gateway builds in one run: both serve the same static upstream, and their wrk
# runs are interleaved (A B, then B A, round after round), so that a drift of this noisy machine
# lands on both. Prints each run and, per scenario, the median of each build and B's ratio to A,
# for throughput (or p50 at one connection) and for the gateway's CPU time per request.
# See bench/README.md.
#
# usage: bench/compare.sh A_BINARY B_BINARY
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")

usage() {
  cat <<EOF
usage: bench/compare.sh A_BINARY B_BINARY

  Both are 'switchboard' binaries (for example two release builds kept side by side).

environment:
EOF
  round_settings_usage COMPARE "runs every scenario on both builds"
}

WRK=${WRK:-wrk}
KEEP_TMP=0
BENCH_NAME=compare
# shellcheck source=lib/harness.sh
source "$BENCH_DIR/lib/harness.sh"

case "${1:-}" in -h|--help) usage; exit 0 ;; esac
[[ $# -eq 2 ]] || { usage >&2; exit 2; }

read_round_settings COMPARE
command -v "$WRK" >/dev/null || die "wrk not found (apt-get install wrk)"
bench_find_nginx
BIN_A=$(resolve_binary "$1")
BIN_B=$(resolve_binary "$2")
TICKS_PER_SECOND=$(getconf CLK_TCK)

bench_start_tmp switchboard-compare
read -r UP_PORT PORT_A PORT_B < <(free_ports 3)
[[ -n ${PORT_B:-} ]] || die "could not pick free ports"
UP_URL="http://127.0.0.1:$UP_PORT"
REQ_JSON=$BENCH_DIR/requests/chat-json.json
REQ_SSE=$BENCH_DIR/requests/chat-sse.json
start_static_upstream "$UP_PORT"

# start_build NAME BINARY PORT: a gateway with the benchmark's configuration; sets KEY_<NAME> and PID_<NAME>.
start_build() {
  local name=$1 binary=$2 port=$3
  start_gateway "$binary" "$(write_bench_config "$TMP/$name" "$port" "$UP_URL")" "$port"
  printf -v "KEY_$name" '%s' "$API_KEY"
  printf -v "PID_$name" '%s' "$GW_PID"
}
start_build A "$BIN_A" "$PORT_A"
start_build B "$BIN_B" "$PORT_B"

# run BUILD MODE CONNS SECONDS -> the BENCH_RESULT line of one wrk run against BUILD.
run() {
  local build=$1 mode=$2 conns=$3 secs=$4 port key body threads=2
  port=PORT_$build key=KEY_$build
  [[ $mode == json ]] && body=$REQ_JSON || body=$REQ_SSE
  (( conns == 1 )) && threads=1
  BENCH_BODY_FILE=$body BENCH_API_KEY=${!key} "$WRK" -t"$threads" -c"$conns" -d"${secs}s" --timeout 5s \
    -s "$BENCH_DIR/wrk/chat.lua" "http://127.0.0.1:${!port}/v1/chat/completions" 2>&1 \
    | grep '^BENCH_RESULT ' | tail -n 1 || die "wrk failed against build $build ($mode, $conns connections)"
}

RESULTS=$TMP/results.tsv
: >"$RESULTS"
SCENARIOS=("json $CONNS" "sse $CONNS" "json 1")
log "A = $BIN_A"
log "B = $BIN_B"
log "$ROUNDS rounds x ${#SCENARIOS[@]} scenarios x 2 builds, ${WARMUP_SECONDS}s warm-up + ${SECONDS_PER_RUN}s each"
for (( round = 1; round <= ROUNDS; round++ )); do
  order=(A B)
  (( round % 2 == 0 )) && order=(B A)
  for scenario in "${SCENARIOS[@]}"; do
    read -r mode conns <<<"$scenario"
    for build in "${order[@]}"; do
      (( WARMUP_SECONDS > 0 )) && run "$build" "$mode" "$conns" "$WARMUP_SECONDS" >/dev/null
      pid=PID_$build
      before=$(cpu_ticks "${!pid}")
      line=$(run "$build" "$mode" "$conns" "$SECONDS_PER_RUN")
      after=$(cpu_ticks "${!pid}")
      errors=$(( $(field non2xx "$line") + $(socket_errors "$line") ))
      (( errors == 0 )) || die "build $build answered $errors errors ($mode, $conns connections): $line"
      kill -0 "${!pid}" 2>/dev/null || die "build $build died ($mode, $conns connections)"
      requests=$(field requests "$line")
      (( requests > 0 )) || die "build $build served no requests ($mode, $conns connections): $line"
      cpu_us=$(( (after - before) * 1000000 / TICKS_PER_SECOND / requests ))
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$build" "$mode" "$conns" "$(field rps "$line")" "$(field p50_us "$line")" "$cpu_us" >>"$RESULTS"
      printf 'RUN round=%s build=%s mode=%s conns=%s rps=%s p50_us=%s cpu_us_per_request=%s\n' "$round" "$build" "$mode" "$conns" "$(field rps "$line")" "$(field p50_us "$line")" "$cpu_us"
    done
  done
done

python3 - "$RESULTS" <<'EOF'
import statistics, sys
runs = {}
for row in open(sys.argv[1]):
    build, mode, conns, rps, p50, cpu = row.split("\t")
    runs.setdefault((mode, int(conns)), {}).setdefault(build, []).append((float(rps), float(p50), float(cpu)))
summaries = []
print()
print(f"{'scenario':<18} {'A median':>14} {'B median':>14} {'B / A':>8}   {'CPU us/req A':>12} {'B':>6} {'B / A':>8}")
for (mode, conns), builds in runs.items():
    a_cpu, b_cpu = (statistics.median(c for _, _, c in builds[k]) for k in ("A", "B"))
    cpu = f"   {a_cpu:>12.0f} {b_cpu:>6.0f} {b_cpu / a_cpu:>7.3f}x"
    if conns == 1:
        a, b = (statistics.median(p for _, p, _ in builds[k]) for k in ("A", "B"))
        print(f"{mode + ' 1 conn p50':<18} {a:>11.0f} us {b:>11.0f} us {b / a:>7.3f}x{cpu}")
        summaries.append(f"SUMMARY {mode}_c1_p50_us A={a:.0f} B={b:.0f} b_over_a={b / a:.3f}")
    else:
        a, b = (statistics.median(r for r, _, _ in builds[k]) for k in ("A", "B"))
        print(f"{mode + f' {conns} conns':<18} {a:>10.0f} r/s {b:>10.0f} r/s {b / a:>7.3f}x{cpu}")
        summaries.append(f"SUMMARY {mode}_c{conns}_rps A={a:.0f} B={b:.0f} b_over_a={b / a:.3f}")
    summaries.append(f"SUMMARY {mode}_c{conns}_cpu_us_per_request A={a_cpu:.0f} B={b_cpu:.0f} b_over_a={b_cpu / a_cpu:.3f}")
print()
print("\n".join(summaries))
EOF
