#!/usr/bin/env bash
# Runs a private PostgreSQL 15 cluster in the foreground: infra/postgres.sh DATA_DIR PORT [fsync]
# Used by the AppHost (as an executable resource) and by `./blog test`. PostgreSQL refuses to run
# as root, so the server runs as the `postgres` user; SIGTERM/SIGINT ask for a fast shutdown.
set -euo pipefail
data=$(realpath -m "$1"); port=$2; durability=${3:-durable}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)

mkdir -p "$data"
chown postgres:postgres "$data"
chmod 700 "$data"
if ! runuser -u postgres -- test -x "$data"; then
  echo "postgres.sh: the user 'postgres' cannot reach $data; move the state folder (BLOG_STATE_DIR) somewhere every user can traverse" >&2
  exit 1
fi
if [ ! -f "$data/PG_VERSION" ]; then
  (cd / && runuser -u postgres -- "$bin/initdb" -D "$data" -U blog --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null)
fi
rm -f "$data/postmaster.pid.stale"

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "postgres.sh: port $port is already taken; PostgreSQL cannot listen on it" >&2
  exit 1
fi

args=(-D "$data" -p "$port" -k "$data" -c listen_addresses=127.0.0.1 -c max_connections=300)
[ "$durability" = "throwaway" ] && args+=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)

cd /
setpriv --reuid=postgres --regid=postgres --init-groups "$bin/postgres" "${args[@]}" &
pid=$!
# SIGINT is PostgreSQL's "fast" shutdown: it does not wait for pooled client connections to close.
trap 'kill -INT $pid 2>/dev/null' TERM INT
wait $pid || true
wait $pid 2>/dev/null || true
