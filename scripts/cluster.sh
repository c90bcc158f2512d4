#!/usr/bin/env bash
# Several app replicas behind HAProxy on this machine (loopback only), sharing sign-in state in PostgreSQL.
#
#   scripts/cluster.sh up [N] [--port P]   N replicas (default 3) and the front on 127.0.0.1:P (default 8500)
#   scripts/cluster.sh down                stop exactly what `up` started (the PIDs it recorded)
#   scripts/cluster.sh status              what runs, and the front's URL
#   scripts/cluster.sh pg-up | pg-down     only the private PostgreSQL (used by scripts/juicefs_proof.sh, tests)
#
# State (PIDs, logs, the generated cookie secret, PostgreSQL's data directory and password, the rendered HAProxy
# configuration) lives in $DASHBOARD_CLUSTER_DIR (default state/cluster, git-ignored). With $DASHBOARD_STATE_DSN set,
# that PostgreSQL is used and none is started. The warehouse is $DASHBOARD_DATA_DIR (default data/warehouse).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
DIR=$(realpath -m "${DASHBOARD_CLUSTER_DIR:-state/cluster}")
PIDS="$DIR/pids"
PY="$REPO/.venv/bin/python"
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
WAIT_S=${DASHBOARD_CLUSTER_WAIT_S:-120}

say() { echo "cluster: $*" >&2; }
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# Run as the postgres system user when we are root (PostgreSQL refuses to run as root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; else "$@"; fi
}

record() { echo "$1 $2 $3" >>"$PIDS"; }  # role pid port

wait_http() {  # url [pid]: wait until it answers 200 (fail at once when pid has exited)
  local url=$1 pid=${2:-} deadline=$((SECONDS + WAIT_S))
  until "$PY" -c 'import sys,urllib.request; sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=5).status == 200 else 1)' "$url" 2>/dev/null; do
    [ -z "$pid" ] || alive "$pid" || { say "process $pid serving $url exited"; return 1; }
    [ $SECONDS -lt $deadline ] || { say "no answer from $url after ${WAIT_S}s"; return 1; }
    sleep 0.5
  done
}

pg_up() {
  [ -x "$PG_BIN/postgres" ] || { say "PostgreSQL not found (apt-get install postgresql; scripts/setup.sh --dev does)"; exit 1; }
  mkdir -p "$DIR"
  local data="$DIR/pg" port
  if [ ! -s "$DIR/pg.password" ]; then
    (umask 077; "$PY" -c 'import secrets; print(secrets.token_urlsafe(24))' >"$DIR/pg.password")
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"; chmod 700 "$data"
    local pwfile="$data.pwfile"
    (umask 077; cp "$DIR/pg.password" "$pwfile")
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$data" "$pwfile"; fi
    as_pg "$PG_BIN/initdb" -D "$data" -U dashboard --pwfile="$pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
      || { rm -f "$pwfile"; say "initdb failed: see $DIR/initdb.log"; exit 1; }
    rm -f "$pwfile"
  fi
  port=$(free_port)
  local args=(-D "$data" -p "$port" -c listen_addresses=127.0.0.1 -c unix_socket_directories="$data" -c max_connections=200)
  # Started directly in the background (no wrapper shell), so the recorded PID is the postmaster's.
  if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid=postgres --regid=postgres --init-groups -- "$PG_BIN/postgres" "${args[@]}" >"$DIR/postgres.log" 2>&1 &
  else
    "$PG_BIN/postgres" "${args[@]}" >"$DIR/postgres.log" 2>&1 &
  fi
  record postgres $! "$port"
  local pg_pid=$! deadline=$((SECONDS + WAIT_S))
  until PGPASSWORD=$(cat "$DIR/pg.password") "$PG_BIN/psql" -qAt -h 127.0.0.1 -p "$port" -U dashboard -d postgres -c 'select 1' >/dev/null 2>&1; do
    alive "$pg_pid" || { say "PostgreSQL exited: see $DIR/postgres.log"; return 1; }
    [ $SECONDS -lt $deadline ] || { say "PostgreSQL did not start: see $DIR/postgres.log"; return 1; }
    sleep 0.3
  done
  for db in dashboard juicefs; do
    PGPASSWORD=$(cat "$DIR/pg.password") "$PG_BIN/psql" -qAt -h 127.0.0.1 -p "$port" -U dashboard -d postgres \
      -c "select 1 from pg_database where datname = '$db'" | grep -q 1 \
      || PGPASSWORD=$(cat "$DIR/pg.password") "$PG_BIN/psql" -q -h 127.0.0.1 -p "$port" -U dashboard -d postgres -c "create database $db" >/dev/null
  done
  (umask 077; echo "postgresql://dashboard:$(cat "$DIR/pg.password")@127.0.0.1:$port/dashboard" >"$DIR/state.dsn")
  say "PostgreSQL on 127.0.0.1:$port (data in $data)"
}

stop_pid() {  # role pid: TERM (INT for PostgreSQL: fast shutdown), wait, then KILL
  local role=$1 pid=$2 signal=TERM
  alive "$pid" || return 0
  [ "$role" = postgres ] && signal=INT
  if [ "$role" = postgres ] || [ "$role" = haproxy ]; then kill -"$signal" "$pid" 2>/dev/null || true
  else kill -"$signal" -- "-$pid" 2>/dev/null || kill -"$signal" "$pid" 2>/dev/null || true  # replicas run in their own group
  fi
  for _ in $(seq 1 100); do alive "$pid" || return 0; sleep 0.1; done
  say "$role ($pid) did not stop in 10 s: killing it"
  if [ "$role" = postgres ] || [ "$role" = haproxy ]; then kill -KILL "$pid" 2>/dev/null || true
  else kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
}

down() {
  [ -f "$PIDS" ] || { say "nothing recorded in $PIDS: nothing to stop"; return 0; }
  # Front first, then replicas, PostgreSQL last (reverse start order).
  tac "$PIDS" | while read -r role pid _port; do stop_pid "$role" "$pid"; done
  rm -f "$PIDS" "$DIR/cluster.env"
  say "stopped"
}

up() {
  local n=3 front=8500
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) front=$2; shift 2 ;;
      [0-9]*) n=$1; shift ;;
      *) say "unknown argument: $1"; exit 2 ;;
    esac
  done
  mkdir -p "$DIR"; chmod 711 "$DIR"
  if [ -f "$PIDS" ]; then
    while read -r _role pid _port; do alive "$pid" && { say "already up (see $PIDS); run: scripts/cluster.sh down"; exit 1; }; done <"$PIDS"
    rm -f "$PIDS"
  fi
  trap 'say "start failed: stopping what was started"; down' ERR
  command -v haproxy >/dev/null || { say "haproxy not found (apt-get install haproxy; scripts/setup.sh --dev does)"; exit 1; }
  local data=${DASHBOARD_DATA_DIR:-$REPO/data/warehouse}
  [ -e "$data/current" ] || DASHBOARD_DATA_DIR=$data "$PY" -m etl build
  # One cookie secret for every replica (a cookie signed by one is valid on all).
  [ -s "$DIR/auth_secret" ] || (umask 077; "$PY" -c 'import secrets; print(secrets.token_urlsafe(32))' >"$DIR/auth_secret")
  local dsn=${DASHBOARD_STATE_DSN:-}
  if [ -z "$dsn" ]; then pg_up; dsn=$(cat "$DIR/state.dsn"); fi
  local entry=app.py; [ -f serve.py ] && entry=serve.py
  local servers="" ports="" pids=""
  for i in $(seq 1 "$n"); do
    local port; port=$(free_port)
    DASHBOARD_STATE_DSN=$dsn DASHBOARD_AUTH_SECRET=$(cat "$DIR/auth_secret") DASHBOARD_TRUSTED_PROXIES=127.0.0.1 \
      DASHBOARD_DATA_DIR=$data DASHBOARD_REPLICA=app$i \
      setsid "$REPO/.venv/bin/streamlit" run "$entry" --server.port "$port" --server.address 127.0.0.1 \
      --server.headless true --browser.gatherUsageStats false >"$DIR/app$i.log" 2>&1 &
    record "app$i" $! "$port"
    pids+="$! "
    servers+="    server app$i 127.0.0.1:$port cookie app$i"$'\n'
    ports+="$port "
  done
  local ports_a=($ports) pids_a=($pids)
  for i in "${!ports_a[@]}"; do wait_http "http://127.0.0.1:${ports_a[$i]}/_stcore/health" "${pids_a[$i]}"; done
  { cat deploy/haproxy.cfg; printf '%s' "$servers"; } >"$DIR/haproxy.cfg"
  export DASHBOARD_FRONT_BIND="127.0.0.1:$front" DASHBOARD_HAPROXY_SOCK="$DIR/haproxy.sock"
  haproxy -c -q -f "$DIR/haproxy.cfg"
  haproxy -db -f "$DIR/haproxy.cfg" >"$DIR/haproxy.log" 2>&1 &
  record haproxy $! "$front"
  wait_http "http://127.0.0.1:$front/_stcore/health" $!
  trap - ERR
  (umask 077; {
    echo "DASHBOARD_FRONT_URL=http://127.0.0.1:$front"
    echo "DASHBOARD_STATE_DSN=$dsn"
    echo "DASHBOARD_REPLICA_PORTS=\"${ports% }\""
  } >"$DIR/cluster.env")
  say "$n replica(s) on ports ${ports% }; front http://127.0.0.1:$front ($entry; state in $DIR)"
}

status() {
  [ -f "$PIDS" ] || { echo "down"; return 0; }
  while read -r role pid port; do
    if alive "$pid"; then echo "$role pid $pid port $port: running"; else echo "$role pid $pid port $port: gone"; fi
  done <"$PIDS"
  [ -f "$DIR/cluster.env" ] && grep FRONT_URL "$DIR/cluster.env"
  return 0
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  status) status ;;
  pg-up) mkdir -p "$DIR"; chmod 711 "$DIR"; trap 'down' ERR; pg_up ;;
  pg-down) down ;;
  *) echo "usage: scripts/cluster.sh up [N] [--port P] | down | status | pg-up | pg-down" >&2; exit 2 ;;
esac
