# Shared helpers for the benchmark scripts (bench/gateway.sh, bench/soak.sh); sourced, not run.
#
# The sourcing script sets BENCH_DIR, ROOT and KEEP_TMP first, then calls bench_start_tmp.
# Every process started with bench_track is stopped in reverse order on exit; the temp dir is
# removed unless KEEP_TMP=1 or the script failed.

log() { printf '[%s] %s\n' "${BENCH_NAME:-bench}" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "${BENCH_NAME:-bench}" "$*" >&2; exit 1; }

check_int() { [[ $2 =~ ^[0-9]+$ ]] || die "$1 must be a non-negative integer (got '$2')"; }

# The defaults of read_round_settings, also shown by round_settings_usage.
DEFAULT_ROUNDS=3 DEFAULT_SECONDS=3 DEFAULT_WARMUP_SECONDS=1 DEFAULT_CONNECTIONS=64

# read_round_settings PREFIX: sets ROUNDS, SECONDS_PER_RUN, WARMUP_SECONDS, CONNS and KEEP_TMP
# from PREFIX_ROUNDS, PREFIX_SECONDS, PREFIX_WARMUP_SECONDS, PREFIX_CONNECTIONS (defaults
# above) and PREFIX_KEEP_TMP (default 0), and dies on a value that cannot be used.
read_round_settings() {
  local prefix=$1 name
  name=${prefix}_ROUNDS; ROUNDS=${!name:-$DEFAULT_ROUNDS}; check_int "$name" "$ROUNDS"
  name=${prefix}_SECONDS; SECONDS_PER_RUN=${!name:-$DEFAULT_SECONDS}; check_int "$name" "$SECONDS_PER_RUN"
  name=${prefix}_WARMUP_SECONDS; WARMUP_SECONDS=${!name:-$DEFAULT_WARMUP_SECONDS}; check_int "$name" "$WARMUP_SECONDS"
  name=${prefix}_CONNECTIONS; CONNS=${!name:-$DEFAULT_CONNECTIONS}; check_int "$name" "$CONNS"
  name=${prefix}_KEEP_TMP; KEEP_TMP=${!name:-0}
  (( ROUNDS > 0 && SECONDS_PER_RUN > 0 && CONNS > 1 )) \
    || die "need ${prefix}_ROUNDS > 0, ${prefix}_SECONDS > 0 and ${prefix}_CONNECTIONS > 1"
}

# round_settings_usage PREFIX ROUND: the usage lines of read_round_settings's variables; ROUND
# says what one round runs.
round_settings_usage() {
  local prefix=$1 round=$2
  printf '  %-23s %s\n' \
    "${prefix}_ROUNDS" "rounds; each $round (default $DEFAULT_ROUNDS)" \
    "${prefix}_SECONDS" "measured seconds per run (default $DEFAULT_SECONDS)" \
    "${prefix}_WARMUP_SECONDS" "warm-up seconds before each run, 0 = none (default $DEFAULT_WARMUP_SECONDS)" \
    "${prefix}_CONNECTIONS" "connections of the concurrent runs (default $DEFAULT_CONNECTIONS)" \
    "${prefix}_KEEP_TMP" "1 = keep the temp dir (configs, gateway logs, results)"
}

# need_command NAME HINT: dies unless NAME is on PATH.
need_command() { command -v "$1" >/dev/null || die "$1 not found ($2)"; }

# bench_find_nginx: sets NGINX_PATH or dies.
bench_find_nginx() {
  NGINX_PATH=$(command -v "${NGINX:-nginx}" || true)
  [[ -n $NGINX_PATH ]] || NGINX_PATH=/usr/sbin/nginx
  [[ -x $NGINX_PATH ]] || die "nginx not found (apt-get install nginx-light or nginx)"
  USER_DIRECTIVE=""
  if (( EUID == 0 )); then
    # nginx started by root would run its workers as 'nobody'; keep them as us.
    USER_DIRECTIVE="user $(id -un) $(id -gn);"
  fi
}

PIDS=()        # processes we started, stopped in reverse order

bench_track() { PIDS+=("$1"); }

stop_pid() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid did not stop on SIGTERM; sending SIGKILL"
    pkill -KILL -P "$pid" 2>/dev/null || true   # its children (nginx workers)
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

bench_cleanup() {
  local rc=$? i
  trap - EXIT INT TERM
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    stop_pid "${PIDS[i]}"
  done
  if (( KEEP_TMP )) || (( rc != 0 )); then
    log "temp dir kept: $TMP"
  else
    rm -rf "$TMP"
  fi
  exit "$rc"
}

# bench_start_tmp PREFIX: makes TMP and installs the cleanup traps.
bench_start_tmp() {
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  TMP=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  trap bench_cleanup EXIT
  trap 'log "interrupted"; exit 130' INT TERM
}

# free_ports N: prints N free TCP ports on 127.0.0.1, space-separated.
free_ports() {
  python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(*(s.getsockname()[1] for s in socks))
for s in socks:
    s.close()
EOF
}

# wait_post_ok NAME PID URL BODY_FILE TIMEOUT_S LOG: POSTs until 200.
wait_post_ok() {
  local name=$1 pid=$2 url=$3 body=$4 timeout=$5 logf=$6
  local deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$logf" >&2 || true; die "$name exited during startup (log: $logf)"; }
    if curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary "@$body" "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  tail -n 20 "$logf" >&2 || true
  die "$name did not answer at $url within ${timeout}s (log: $logf)"
}

# start_nginx NAME TEMPLATE PORT WORKERS [extra NAME=VALUE...]; sets NGINX_PID
start_nginx() {
  local name=$1 tmpl=$2 port=$3 workers=$4
  shift 4
  local prefix=$TMP/$name
  mkdir -p "$prefix/tmp"
  python3 "$BENCH_DIR/lib/render.py" "$tmpl" "$prefix/nginx.conf" \
    PREFIX="$prefix" PORT="$port" WORKERS="$workers" USER_DIRECTIVE="$USER_DIRECTIVE" "$@" \
    || die "could not render $tmpl"
  "$NGINX_PATH" -t -q -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" \
    2>"$prefix/configtest.log" || { cat "$prefix/configtest.log" >&2; die "nginx config test failed for $name ($prefix/nginx.conf)"; }
  "$NGINX_PATH" -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" \
    >"$prefix/stdout.log" 2>&1 &
  NGINX_PID=$!
  bench_track "$NGINX_PID"
}

# start_static_upstream PORT: nginx answering /json and /sse chat completions with fixed bodies.
start_static_upstream() {
  local port=$1
  mkdir -p "$TMP/upstream/www/json/v1/chat" "$TMP/upstream/www/sse/v1/chat"
  cp "$BENCH_DIR/upstream/chat-completion.json" "$TMP/upstream/www/json/v1/chat/completions"
  cp "$BENCH_DIR/upstream/chat-completion.sse" "$TMP/upstream/www/sse/v1/chat/completions"
  start_nginx upstream "$BENCH_DIR/nginx/upstream.conf.tmpl" "$port" "${UPSTREAM_WORKERS:-1}"
  wait_post_ok "upstream nginx" "$NGINX_PID" "http://127.0.0.1:$port/json/v1/chat/completions" \
    "$BENCH_DIR/requests/chat-json.json" 10 "$TMP/upstream/error.log"
}

# ctx_switches PID: voluntary + involuntary context switches over all of PID's threads.
ctx_switches() {
  cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { n += $2 } END { print n + 0 }'
}

# stat_cpu_ticks FILE: user + system CPU time in a /proc stat file (a process's or a thread's),
# in clock ticks (getconf CLK_TCK a second).
stat_cpu_ticks() { awk '{ print $14 + $15 }' "$1" 2>/dev/null || echo 0; }

# cpu_ticks PID: the CPU time PID has used, all its threads, in clock ticks.
cpu_ticks() { stat_cpu_ticks "/proc/$1/stat"; }

# tree_cpu_ticks PID: the CPU ticks of PID and its children (an nginx master and its workers).
tree_cpu_ticks() {
  local pid total=0
  for pid in "$1" $(pgrep -P "$1" 2>/dev/null); do
    total=$(( total + $(cpu_ticks "$pid") ))
  done
  echo "$total"
}

# machine_busy_ticks: the ticks all CPUs have spent busy since boot (user, nice, system, irq,
# softirq; not idle, iowait or steal), from /proc/stat.
machine_busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8; exit }' /proc/stat; }

# thread_cpu_ticks PID: the CPU ticks PID's threads have used, one "CLASS TICKS" line per class
# of thread: event-loops (NIO's threads), audit-writer, log-writer, other (named as the gateway
# names them; see DedicatedThread).
thread_cpu_ticks() {
  local task
  for task in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(tr ' ' '_' <"$task/comm" 2>/dev/null)" "$(stat_cpu_ticks "$task/stat")"
  done | awk 'NF == 2 {
      class = ($1 ~ /^NIO-/) ? "event-loops" : ($1 == "audit-writer" || $1 == "log-writer") ? $1 : "other"
      ticks[class] += $2
    } END { for (class in ticks) print class, ticks[class] }'
}

# thread_cpu_per_request BEFORE AFTER REQUESTS: from two thread_cpu_ticks snapshots, each
# class's CPU per request in microseconds ("event-loops=412 audit-writer=198 ...").
thread_cpu_per_request() {
  awk -v n="$3" -v hz="$(getconf CLK_TCK)" '
    FNR == NR { before[$1] = $2; next }
    { used[$1] = $2 - before[$1] }
    END {
      split("event-loops audit-writer log-writer other", order, " ")
      for (i = 1; i <= 4; i++) if (order[i] in used) printf "%s%s=%.0f", (out++ ? " " : ""), order[i], (n > 0 ? used[order[i]] * 1e6 / hz / n : 0)
      print ""
    }' <(echo "$1") <(echo "$2")
}

proc_status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || true; }

# write_bench_config DIR PORT UPSTREAM_URL [BACKENDS [MODELS [SECTIONS]]]: writes
# DIR/switchboard.yaml (the benchmark's gateway: listening on PORT, its database in DIR/state,
# aliases bench-json and bench-sse for the static upstream's two paths) and prints its path.
# BACKENDS and MODELS are more YAML list items for those lists, SECTIONS more top-level YAML.
write_bench_config() {
  local dir=$1 port=$2 upstream=$3 backends=${4:-} models=${5:-} sections=${6:-}
  mkdir -p "$dir/state"
  cat >"$dir/switchboard.yaml" <<EOF
server:
  listen: "127.0.0.1:$port"
store:
  sqlite: "$dir/state/switchboard.db"
backends:
  - { name: up-json, kind: openai, url: "$upstream/json/v1", zone: private, capacity: 1024 }
  - { name: up-sse,  kind: openai, url: "$upstream/sse/v1",  zone: private, capacity: 1024 }
${backends:+$backends
}models:
  - { alias: bench-json, targets: [up-json] }
  - { alias: bench-sse,  targets: [up-sse] }
${models:+$models
}${sections}
EOF
  printf '%s' "$dir/switchboard.yaml"
}

# start_gateway BINARY CONFIG PORT: creates an app key (API_KEY) and starts `serve` (GW_PID).
start_gateway() {
  local binary=$1 config=$2 port=$3 dir
  dir=$(dirname "$config")
  log "creating API key: $binary keys create --tenant bench --role app"
  if ! "$binary" keys create --tenant bench --role app --config "$config" \
      >"$dir/keys.out" 2>"$dir/keys.err"; then
    cat "$dir/keys.out" "$dir/keys.err" >&2
    die "'switchboard keys create' failed (config: $config)"
  fi
  API_KEY=$(awk 'NF { last = $0 } END { print last }' "$dir/keys.out" | tr -d '[:space:]')
  [[ -n $API_KEY ]] || { cat "$dir/keys.err" >&2; die "'switchboard keys create' printed no key on stdout"; }

  GW_LOG=$dir/serve.log
  log "starting gateway: $binary serve --config $config (log: $GW_LOG)"
  "$binary" serve --config "$config" >"$GW_LOG" 2>&1 &
  GW_PID=$!
  bench_track "$GW_PID"
  local deadline=$((SECONDS + 30))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; do
    if ! kill -0 "$GW_PID" 2>/dev/null; then
      log "gateway log tail:"; tail -n 30 "$GW_LOG" >&2 || true
      die "gateway exited during startup"
    fi
    if ((SECONDS >= deadline)); then
      log "gateway log tail:"; tail -n 30 "$GW_LOG" >&2 || true
      die "gateway did not answer http://127.0.0.1:$port/healthz within 30s"
    fi
    sleep 0.1
  done
}

# resolve_binary VAR DEFAULT: absolute path of an executable, or dies with how to build it.
resolve_binary() {
  local path=$1
  [[ -x $path ]] || die "binary '$path' not found or not executable.
        Build it with:  (cd $ROOT && swift build -c release)"
  printf '%s/%s' "$(cd "$(dirname "$path")" && pwd)" "$(basename "$path")"
}

# field NAME LINE: the value of NAME=... in a BENCH_RESULT line.
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<"$2"; }

# socket_errors LINE: connect, read, write and timeout errors of a BENCH_RESULT line, summed.
socket_errors() {
  echo $(( $(field connect_errors "$1") + $(field read_errors "$1") + $(field write_errors "$1") + $(field timeout_errors "$1") ))
}
