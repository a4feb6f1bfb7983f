#!/usr/bin/env bash
# Runs a private Redis in the foreground: infra/redis.sh DATA_DIR PORT [durable|throwaway]
set -euo pipefail
data=$(realpath -m "$1"); port=$2; durability=${3:-durable}
mkdir -p "$data"
if [ "$durability" = "throwaway" ]; then persist=(--save "" --appendonly no); else persist=(--appendonly yes); fi
exec redis-server --port "$port" --bind 127.0.0.1 --dir "$data" --protected-mode yes "${persist[@]}"
