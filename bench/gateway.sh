#!/usr/bin/env bash
# Switchboard gateway benchmark: wrk against three targets in one run
#   direct       the fake model provider (nginx returning fixed bodies)
#   nginx-proxy  nginx reverse proxy in front of that provider (reference)
#   gateway      switchboard serve in front of that provider
# for JSON and SSE chat completions at BENCH_CONNECTIONS (default 64) and at
# 1 connection.  See bench/README.md.
#
# usage: bench/gateway.sh [--only-nginx] [--keep-tmp] [-h|--help]
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")

usage() {
  cat <<EOF
usage: bench/gateway.sh [--only-nginx] [--keep-tmp]

  --only-nginx   benchmark only the direct upstream and the nginx proxy
  --keep-tmp     keep the temp dir (configs, logs, raw wrk output)

environment:
  SWITCHBOARD_BIN         gateway binary (default: $ROOT/.build/release/switchboard)
  BENCH_SECONDS           measured seconds per run (default 10)
  BENCH_WARMUP_SECONDS    warm-up seconds before each run, 0 = none (default 2)
  BENCH_CONNECTIONS       connections for the concurrent scenario (default 64)
  BENCH_THREADS           wrk threads for the concurrent scenario (default 2)
  BENCH_ALLOW_NO_GATEWAY  1 = skip the gateway (with a notice) if the binary is missing
  BENCH_UPSTREAM_WORKERS  nginx worker_processes of the fake provider (default 1)
  BENCH_PROXY_WORKERS     nginx worker_processes of the reference proxy (default auto)
  BENCH_RESULTS           also copy the per-run TSV results to this path
  BENCH_KEEP_TMP          1 = same as --keep-tmp
EOF
}

ONLY_NGINX=0
KEEP_TMP=${BENCH_KEEP_TMP:-0}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --only-nginx) ONLY_NGINX=1 ;;
    --keep-tmp) KEEP_TMP=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "gateway.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

SECONDS_PER_RUN=${BENCH_SECONDS:-10}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-2}
HI_CONNS=${BENCH_CONNECTIONS:-64}
HI_THREADS=${BENCH_THREADS:-2}
UPSTREAM_WORKERS=${BENCH_UPSTREAM_WORKERS:-1}
PROXY_WORKERS=${BENCH_PROXY_WORKERS:-auto}
SWITCHBOARD_BIN=${SWITCHBOARD_BIN:-$ROOT/.build/release/switchboard}
WRK=${WRK:-wrk}
NGINX=${NGINX:-nginx}

BENCH_NAME=bench
# shellcheck source=lib/harness.sh
source "$BENCH_DIR/lib/harness.sh"

check_int BENCH_SECONDS "$SECONDS_PER_RUN"
check_int BENCH_WARMUP_SECONDS "$WARMUP_SECONDS"
check_int BENCH_CONNECTIONS "$HI_CONNS"
check_int BENCH_THREADS "$HI_THREADS"
(( SECONDS_PER_RUN > 0 )) || die "BENCH_SECONDS must be > 0"
(( HI_CONNS >= HI_THREADS && HI_THREADS > 0 )) || die "need BENCH_CONNECTIONS >= BENCH_THREADS > 0"
(( HI_CONNS > 1 )) || die "BENCH_CONNECTIONS must be > 1 (the 1-connection scenario always runs)"

command -v "$WRK" >/dev/null || die "wrk not found (apt-get install wrk)"
bench_find_nginx
command -v python3 >/dev/null || die "python3 not found"
command -v curl >/dev/null || die "curl not found"

# --- gateway binary ---------------------------------------------------------
RUN_GATEWAY=1
GATEWAY_NOTE=""
if (( ONLY_NGINX )); then
  RUN_GATEWAY=0
  GATEWAY_NOTE="--only-nginx"
elif [[ ! -x $SWITCHBOARD_BIN ]]; then
  if [[ ${BENCH_ALLOW_NO_GATEWAY:-0} == 1 ]]; then
    RUN_GATEWAY=0
    GATEWAY_NOTE="binary $SWITCHBOARD_BIN not found"
    log "NOTICE: gateway binary '$SWITCHBOARD_BIN' not found; BENCH_ALLOW_NO_GATEWAY=1, so benchmarking only direct and nginx-proxy."
    log "        Build it with: swift build -c release"
  else
    die "gateway binary '$SWITCHBOARD_BIN' not found or not executable.
        Build it with:  (cd $ROOT && swift build -c release)
        or point SWITCHBOARD_BIN at it, or run with --only-nginx / BENCH_ALLOW_NO_GATEWAY=1."
  fi
else
  SWITCHBOARD_BIN=$(cd "$(dirname "$SWITCHBOARD_BIN")" && pwd)/$(basename "$SWITCHBOARD_BIN")
fi

bench_start_tmp switchboard-bench
FAILED=0

# --- ports ------------------------------------------------------------------
read -r UP_PORT PROXY_PORT GW_PORT < <(free_ports 3)
[[ -n ${GW_PORT:-} ]] || die "could not pick free ports"

UP_URL="http://127.0.0.1:$UP_PORT"
PROXY_URL="http://127.0.0.1:$PROXY_PORT"
GW_URL="http://127.0.0.1:$GW_PORT"

REQ_JSON=$BENCH_DIR/requests/chat-json.json
REQ_SSE=$BENCH_DIR/requests/chat-sse.json
RESP_JSON=$BENCH_DIR/upstream/chat-completion.json
RESP_SSE=$BENCH_DIR/upstream/chat-completion.sse

log "temp dir $TMP; ports: upstream $UP_PORT, nginx-proxy $PROXY_PORT, gateway $GW_PORT"

start_static_upstream "$UP_PORT"
UPSTREAM_PID=$NGINX_PID

start_nginx proxy "$BENCH_DIR/nginx/proxy.conf.tmpl" "$PROXY_PORT" "$PROXY_WORKERS" UP_PORT="$UP_PORT"
PROXY_PID=$NGINX_PID
wait_post_ok "proxy nginx" "$NGINX_PID" "$PROXY_URL/json/v1/chat/completions" "$REQ_JSON" 10 "$TMP/proxy/error.log"

# --- gateway ----------------------------------------------------------------
GW_PID=""
API_KEY=""
RSS_IDLE_KB=""
RSS_AFTER_KB=""
HWM_KB=""

if (( RUN_GATEWAY )); then
  GW_CONFIG=$(write_bench_config "$TMP/gateway" "$GW_PORT" "$UP_URL")
  start_gateway "$SWITCHBOARD_BIN" "$GW_CONFIG" "$GW_PORT"
  sleep 1   # let startup allocations settle before sampling idle memory
  RSS_IDLE_KB=$(proc_status_kb "$GW_PID" VmRSS)
  log "gateway up (pid $GW_PID), idle VmRSS $(awk -v k="${RSS_IDLE_KB:-0}" 'BEGIN { printf "%.1f", k / 1024 }') MB"
fi

# --- targets ----------------------------------------------------------------
TARGETS=(direct nginx-proxy)
(( RUN_GATEWAY )) && TARGETS+=(gateway)

target_url() {  # target mode
  local base
  case "$1" in
    direct) base=$UP_URL ;;
    nginx-proxy) base=$PROXY_URL ;;
    gateway) printf '%s/v1/chat/completions' "$GW_URL"; return ;;
  esac
  printf '%s/%s/v1/chat/completions' "$base" "$2"
}
target_key() { [[ $1 == gateway ]] && printf '%s' "$API_KEY" || true; }
req_body() { [[ $1 == json ]] && printf '%s' "$REQ_JSON" || printf '%s' "$REQ_SSE"; }

# --- validate responses -----------------------------------------------------
log "validating responses (status, content type, OpenAI JSON / SSE shape)"
mkdir -p "$TMP/validate"
for target in "${TARGETS[@]}"; do
  for mode in json sse; do
    out=$TMP/validate/$target-$mode
    auth=()
    key=$(target_key "$target")
    [[ -n $key ]] && auth=(-H "Authorization: Bearer $key")
    status=$(curl -sS -o "$out.body" -D "$out.headers" -w '%{http_code}' --max-time 10 \
      -X POST -H 'Content-Type: application/json' "${auth[@]}" \
      --data-binary "@$(req_body "$mode")" "$(target_url "$target" "$mode")") \
      || die "curl to $target ($mode) failed"
    expect=()
    if [[ $target != gateway ]]; then
      [[ $mode == json ]] && expect=(--expect "$RESP_JSON") || expect=(--expect "$RESP_SSE")
    else
      # The benchmark's stream does not ask for usage: the gateway keeps the backend's usage chunk.
      expect=(--usage-chunk absent)
    fi
    python3 "$BENCH_DIR/lib/validate.py" --mode "$mode" --label "$target/$mode" --status "$status" \
      --headers "$out.headers" --body "$out.body" "${expect[@]}" \
      || die "invalid $mode response from $target (saved in $out.body / $out.headers)"
    log "  $target/$mode: HTTP $status, $(wc -c <"$out.body") bytes, valid"
  done
done

# --- wrk runs -----------------------------------------------------------------
RESULTS=$TMP/results.tsv
# The CPU over each measured run at high concurrency: all CPUs' busy ticks, the target's (the
# proxy nginx or the gateway) and the fake provider's; read by lib/cpu_budget.py.
CPU_RUNS=$TMP/cpu.tsv
printf 'target\tmode\trequests\tbusy_ticks\ttarget_ticks\tupstream_ticks\n' >"$CPU_RUNS"
target_pid() { case "$1" in nginx-proxy) echo "$PROXY_PID" ;; gateway) echo "$GW_PID" ;; esac; }
printf 'target\tmode\tconns\tthreads\tseconds\trequests\trps\tp50_us\tp90_us\tp99_us\tmax_us\tnon2xx\tsocket_errors\n' >"$RESULTS"
mkdir -p "$TMP/wrk"


# run_wrk TARGET MODE CONNS THREADS SECONDS OUTFILE -> prints the BENCH_RESULT line
run_wrk() {
  local target=$1 mode=$2 conns=$3 threads=$4 secs=$5 outf=$6
  BENCH_BODY_FILE=$(req_body "$mode") BENCH_API_KEY=$(target_key "$target") \
    "$WRK" -t"$threads" -c"$conns" -d"${secs}s" --timeout 5s \
    -s "$BENCH_DIR/wrk/chat.lua" "$(target_url "$target" "$mode")" >"$outf" 2>&1 \
    || { cat "$outf" >&2; die "wrk failed for $target/$mode c=$conns"; }
  grep '^BENCH_RESULT ' "$outf" | tail -n 1 \
    || { cat "$outf" >&2; die "no BENCH_RESULT line from wrk for $target/$mode c=$conns"; }
}

total_runs=$(( ${#TARGETS[@]} * 4 ))
est=$(( total_runs * (SECONDS_PER_RUN + WARMUP_SECONDS) ))
log "running $total_runs wrk runs (${WARMUP_SECONDS}s warm-up + ${SECONDS_PER_RUN}s each, ~${est}s total)"

FAILURES=()
for mode in json sse; do
  for conns in "$HI_CONNS" 1; do
    if (( conns == 1 )); then threads=1; else threads=$HI_THREADS; fi
    for target in "${TARGETS[@]}"; do
      tag=$target-$mode-c$conns
      if (( WARMUP_SECONDS > 0 )); then
        line=$(run_wrk "$target" "$mode" "$conns" "$threads" "$WARMUP_SECONDS" "$TMP/wrk/$tag.warmup.txt")
        werr=$(( $(field non2xx "$line") + $(socket_errors "$line") ))
        (( werr == 0 )) || log "WARNING: $werr errors during warm-up of $tag"
      fi
      # Only the high-concurrency runs of a process we started are read (not direct's, not c=1).
      pid=""
      (( conns > 1 )) && pid=$(target_pid "$target")
      if [[ -n $pid ]]; then
        busy_before=$(machine_busy_ticks) upstream_before=$(tree_cpu_ticks "$UPSTREAM_PID") target_before=$(tree_cpu_ticks "$pid")
      fi
      line=$(run_wrk "$target" "$mode" "$conns" "$threads" "$SECONDS_PER_RUN" "$TMP/wrk/$tag.txt")
      if [[ -n $pid ]]; then
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$mode" "$(field requests "$line")" \
          $(( $(machine_busy_ticks) - busy_before )) $(( $(tree_cpu_ticks "$pid") - target_before )) \
          $(( $(tree_cpu_ticks "$UPSTREAM_PID") - upstream_before )) >>"$CPU_RUNS"
      fi
      non2xx=$(field non2xx "$line")
      sockerr=$(socket_errors "$line")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$target" "$mode" "$conns" "$threads" "$SECONDS_PER_RUN" "$(field requests "$line")" \
        "$(field rps "$line")" "$(field p50_us "$line")" "$(field p90_us "$line")" \
        "$(field p99_us "$line")" "$(field max_us "$line")" "$non2xx" "$sockerr" >>"$RESULTS"
      printf 'RESULT target=%s mode=%s conns=%s rps=%s p50_us=%s p99_us=%s non2xx=%s socket_errors=%s\n' \
        "$target" "$mode" "$conns" "$(field rps "$line")" "$(field p50_us "$line")" \
        "$(field p99_us "$line")" "$non2xx" "$sockerr"
      if (( non2xx > 0 || sockerr > 0 )); then
        msg="$tag: $non2xx non-2xx responses, socket errors: connect=$(field connect_errors "$line") read=$(field read_errors "$line") write=$(field write_errors "$line") timeout=$(field timeout_errors "$line")"
        log "ERROR: $msg"
        FAILURES+=("$msg")
      fi
      if [[ $target == gateway ]] && ! kill -0 "$GW_PID" 2>/dev/null; then
        log "gateway log tail:"; tail -n 30 "$GW_LOG" >&2 || true
        die "gateway died during $tag"
      fi
    done
  done
done

if (( RUN_GATEWAY )); then
  sleep 1
  RSS_AFTER_KB=$(proc_status_kb "$GW_PID" VmRSS)
  HWM_KB=$(proc_status_kb "$GW_PID" VmHWM)
fi

# --- thread hops ----------------------------------------------------------------
# Every time a gateway thread goes to sleep and is woken (a hand-off between threads, or waiting
# for the kernel) is a context switch. Counted over all its threads (ctx_switches, in the
# harness) during a 1-connection run, divided by the requests served: the thread hops one
# request costs.
# The same runs read each thread's CPU (thread_cpu_ticks): at one connection the event loop's
# work and the audit writer's commit lie one after the other on the request's path.
HOPS=()
THREAD_CPU=()
if (( RUN_GATEWAY )); then
  for mode in json sse; do
    before=$(ctx_switches "$GW_PID")
    threads_before=$(thread_cpu_ticks "$GW_PID")
    line=$(run_wrk gateway "$mode" 1 1 3 "$TMP/wrk/hops-$mode.txt")
    after=$(ctx_switches "$GW_PID")
    threads_after=$(thread_cpu_ticks "$GW_PID")
    requests=$(field requests "$line")
    HOPS+=("$mode=$(awk -v d=$(( after - before )) -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? d / n : 0) }')")
    THREAD_CPU+=("$mode: $(thread_cpu_per_request "$threads_before" "$threads_after" "$requests")")
  done
  log "context switches per request, 1 connection: ${HOPS[*]}"
  log "CPU µs per request by thread, 1 connection: ${THREAD_CPU[*]}"
fi

# --- the disk's durable append ------------------------------------------------------
# The floor under the 1-connection p50: the audit record is durable before the answer, so each
# request waits for at least one write and fdatasync on the disk that holds the store. Measured
# on that disk, in this run, without the gateway: a 4 KiB write and fdatasync at the end of a
# preallocated file.
SYNC_FLOOR=""
if (( RUN_GATEWAY )); then
  SYNC_FLOOR=$(python3 "$BENCH_DIR/lib/sync_floor.py" "$TMP/gateway/state") || die "measuring the disk's fdatasync failed"
  log "the store's disk, one 4 KiB write + fdatasync: $SYNC_FLOOR"
fi

# --- front doors ------------------------------------------------------------------
# The same JSON request through each front door, one connection, one after another in this run:
# the Chat Completions route, the Messages door, the Responses door without and with a stored
# response. Reported as each door's p50 less the Chat Completions route's (the mean of the runs
# just before and after it).
DOORS=()
door_p50() {  # path body -> p50 in microseconds
  local line
  line=$(BENCH_BODY_FILE=$2 BENCH_API_KEY=$API_KEY "$WRK" -t1 -c1 -d"${SECONDS_PER_RUN}s" --timeout 5s \
    -s "$BENCH_DIR/wrk/chat.lua" "$GW_URL$1" 2>&1 | grep '^BENCH_RESULT ' | tail -n 1) \
    || die "wrk failed for the door $1"
  (( $(field non2xx "$line") == 0 )) || die "the door $1 answered errors: $line"
  field p50_us "$line"
}
if (( RUN_GATEWAY )); then
  # Each door runs between two Chat Completions runs and is compared with their mean, so that a
  # drift of the machine during the section does not land on one door.
  before=$(door_p50 /v1/chat/completions "$REQ_JSON")
  for door in "messages:/v1/messages:messages-json" "responses:/v1/responses:responses-json" "responses-stored:/v1/responses:responses-store-json"; do
    IFS=: read -r name path body <<<"$door"
    p50=$(door_p50 "$path" "$BENCH_DIR/requests/$body.json")
    after=$(door_p50 /v1/chat/completions "$REQ_JSON")
    DOORS+=("$name=$(awk -v a="$p50" -v b="$before" -v c="$after" 'BEGIN { printf "%+.3f", (a - (b + c) / 2) / 1000 }') ms")
    before=$after
  done
  log "front doors over Chat Completions (p50, 1 connection, JSON): ${DOORS[*]}"
fi

# --- report -----------------------------------------------------------------
report_args=(--hi "$HI_CONNS")
[[ -n $GATEWAY_NOTE ]] && report_args+=("--gateway-note=$GATEWAY_NOTE")
[[ -n $RSS_IDLE_KB ]] && report_args+=(--rss-idle-kb "$RSS_IDLE_KB")
[[ -n $RSS_AFTER_KB ]] && report_args+=(--rss-after-kb "$RSS_AFTER_KB")
[[ -n $HWM_KB ]] && report_args+=(--hwm-kb "$HWM_KB")
echo
echo "Switchboard gateway benchmark: wrk ${SECONDS_PER_RUN}s per run after ${WARMUP_SECONDS}s warm-up;" \
  "c=$HI_CONNS uses $HI_THREADS threads, c=1 uses 1; $(nproc) CPUs shared by wrk, nginx and the gateway;" \
  "upstream workers=$UPSTREAM_WORKERS, proxy workers=$PROXY_WORKERS"
python3 "$BENCH_DIR/lib/report.py" "$RESULTS" "${report_args[@]}"
python3 "$BENCH_DIR/lib/cpu_budget.py" "$CPU_RUNS" "$RESULTS" --cpus "$(nproc)" --hz "$(getconf CLK_TCK)" \
  || log "WARNING: the CPU budget could not be computed (raw figures in $CPU_RUNS)"
(( ${#HOPS[@]} > 0 )) && echo "gateway context switches per request (thread hops), 1 connection: ${HOPS[*]}"
(( ${#THREAD_CPU[@]} > 0 )) && echo "gateway CPU µs per request by thread, 1 connection: ${THREAD_CPU[*]}"
[[ -n $SYNC_FLOOR ]] && echo "the store's disk, one 4 KiB write + fdatasync (the durable record's floor): $SYNC_FLOOR"
(( ${#DOORS[@]} > 0 )) && echo "front doors' added p50 over Chat Completions, 1 connection, JSON: ${DOORS[*]}"

if [[ -n ${BENCH_RESULTS:-} ]]; then
  cp "$RESULTS" "$BENCH_RESULTS"
  log "per-run results copied to $BENCH_RESULTS"
fi

if (( ${#FAILURES[@]} > 0 )); then
  echo >&2
  log "FAILED: ${#FAILURES[@]} run(s) had errors (raw wrk output in $TMP/wrk):"
  for f in "${FAILURES[@]}"; do log "  $f"; done
  exit 1
fi
