#!/usr/bin/env bash
# Runs a private Redis in the foreground: infra/redis.sh DATA_DIR PORT [durable|throwaway]
# With BLOG_REDIS_PASSWORD set (the AppHost sets it), every client must AUTH with it; it is passed in a
# configuration file of the data folder (0600), never on the command line.
set -euo pipefail
data=$(realpath -m "$1"); port=$2; durability=${3:-durable}
mkdir -p "$data"
if [ "$durability" = "throwaway" ]; then persist=(--save "" --appendonly no); else persist=(--appendonly yes); fi
config=/dev/null
if [ -n "${BLOG_REDIS_PASSWORD:-}" ]; then
  config="$data/redis-auth.conf"
  (umask 077; printf 'requirepass %s\n' "$BLOG_REDIS_PASSWORD" > "$config")
fi
exec redis-server "$config" --port "$port" --bind 127.0.0.1 --dir "$data" --protected-mode yes "${persist[@]}"
