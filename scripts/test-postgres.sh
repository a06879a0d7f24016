#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL cluster for the tests, owned by the `postgres` user
# (the server refuses to run as root), listening on 127.0.0.1 at a free port.
#   scripts/test-postgres.sh start   # prints the URL to export as SWITCHBOARD_TEST_POSTGRES_URL
#   scripts/test-postgres.sh stop    # keeps the data: start again resumes it on the same port
# SWITCHBOARD_TEST_POSTGRES_DIR picks the cluster's folder (default /tmp/switchboard-test-postgres).
# Needs Debian's `postgresql` package (apt-get install postgresql).
set -euo pipefail
# The server outlives this script: it must not inherit a descriptor (such as a caller's pipe)
# that the caller waits on to close.
for fd in /proc/$$/fd/*; do
  fd=${fd##*/}
  if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
done
DIR=${SWITCHBOARD_TEST_POSTGRES_DIR:-/tmp/switchboard-test-postgres}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$BIN" ] || [ ! -x "$BIN/pg_ctl" ]; then
  echo "PostgreSQL's server binaries are not installed: apt-get install postgresql" >&2
  exit 2
fi
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "${1:-start}" in
  start)
    if [ -f "$DIR/port" ] && as_postgres "$BIN/pg_ctl" -D "$DIR/data" status > /dev/null 2>&1; then
      echo "postgres://postgres@127.0.0.1:$(cat "$DIR/port")/postgres?sslmode=disable"
      exit 0
    fi
    # A cluster stopped earlier starts again with its data, on its port.
    if [ -f "$DIR/port" ] && [ -d "$DIR/data" ]; then
      port=$(cat "$DIR/port")
      as_postgres "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
        -o "-p $port -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start > /dev/null || { cat "$DIR/server.log" >&2; exit 1; }
      echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
      exit 0
    fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_postgres "$BIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 > "$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
    as_postgres "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
      -o "-p $port -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start > /dev/null || { cat "$DIR/server.log" >&2; exit 1; }
    echo "$port" | as_postgres tee "$DIR/port" > /dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
    ;;
  stop)
    [ -d "$DIR/data" ] && as_postgres "$BIN/pg_ctl" -D "$DIR/data" -m fast stop > /dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
