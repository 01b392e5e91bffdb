# A throwaway PostgreSQL cluster for the tests, sourced by .ci/run (or by hand, in bash:
#   . .ci/postgres.sh && pg_start && pytest; pg_stop).
# pg_start installs Debian's postgresql when its binaries are missing, makes a cluster under a
# temporary folder, starts it on 127.0.0.1 and a free port (run as the postgres user when we are
# root: initdb refuses root), and exports PLANNING_TEST_POSTGRES for the tests.
# pg_stop stops it and removes the folder.

pg_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

pg_as_owner() {
  # Run a command as the cluster's owner: the postgres user when we are root, else ourselves.
  if [ "$(id -u)" != 0 ]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u postgres -- "$@"
  else
    su postgres -s /bin/sh -c '"$0" "$@"' -- "$@"
  fi
}

pg_start() {
  if [ -z "$(pg_bin)" ]; then
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  local bin
  bin=$(pg_bin)
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/planning-pg.XXXXXX")
  [ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"
  PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  pg_as_owner "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  pg_as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$PG_DIR -c fsync=off" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  export PG_DIR PG_PORT
  export PLANNING_TEST_POSTGRES="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  local bin
  bin=$(pg_bin)
  pg_as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  unset PG_DIR PLANNING_TEST_POSTGRES
}
