#!/usr/bin/env bash
# Runs a private RabbitMQ node in the foreground: infra/rabbitmq.sh DATA_DIR PORT
#   infra/rabbitmq.sh ctl DATA_DIR PORT ARGS...   runs rabbitmqctl against that node
# The node is named after its port, its Erlang distribution and epmd ports follow from it
# (PORT+1 and PORT+2), so two nodes (the platform's and the tests') never collide.
set -euo pipefail
if [ "$1" = "ctl" ]; then ctl=1; shift; else ctl=0; fi
data=$(realpath -m "$1"); port=$2; shift 2

export HOME="$data"
export RABBITMQ_NODENAME="blog$port@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$port
export RABBITMQ_DIST_PORT=$((port + 1))
export ERL_EPMD_PORT=$((port + 2))
export RABBITMQ_MNESIA_BASE="$data/mnesia"
export RABBITMQ_LOG_BASE="$data/log"
export RABBITMQ_ENABLED_PLUGINS_FILE="$data/enabled_plugins"
export RABBITMQ_PID_FILE="$data/pid"
export RABBITMQ_CONFIG_FILE="$data/rabbitmq"
export RABBITMQ_ADVANCED_CONFIG_FILE="$data/advanced.config"
export RABBITMQ_CONF_ENV_FILE="$data/rabbitmq-env.conf"

if [ $ctl = 1 ]; then exec /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RABBITMQ_NODENAME" "$@"; fi

mkdir -p "$data/mnesia" "$data/log"
[ -f "$data/enabled_plugins" ] || echo '[].' > "$data/enabled_plugins"
touch "$data/rabbitmq.conf" "$data/rabbitmq-env.conf"
[ -f "$data/advanced.config" ] || echo '[].' > "$data/advanced.config"

cd "$data"
/usr/lib/rabbitmq/bin/rabbitmq-server &
pid=$!
# The node starts its own epmd on a private port, which would outlive it: stop both together.
stop() { kill -TERM $pid 2>/dev/null || true; }
trap stop TERM INT
wait $pid || true
wait $pid 2>/dev/null || true
epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true
