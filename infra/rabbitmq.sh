#!/usr/bin/env bash
# Runs a private RabbitMQ node in the foreground: infra/rabbitmq.sh DATA_DIR PORT
#   infra/rabbitmq.sh ctl DATA_DIR PORT ARGS...   runs rabbitmqctl against that node
# The node is named after its port, its Erlang distribution and epmd ports follow from it
# (PORT+1 and PORT+2), so two nodes (the platform's and the tests') never collide; every port listens
# on 127.0.0.1 only. With BLOG_RABBITMQ_PASSWORD set (the AppHost sets it), the only account is `blog`
# with that password (`guest` is removed); without it (the tests' node) `guest` stays.
set -euo pipefail
if [ "$1" = "ctl" ]; then ctl=1; shift; else ctl=0; fi
data=$(realpath -m "$1"); port=$2; shift 2

export HOME="$data"
export RABBITMQ_NODENAME="blog$port@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$port
export RABBITMQ_DIST_PORT=$((port + 1))
export ERL_EPMD_PORT=$((port + 2))
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export RABBITMQ_MNESIA_BASE="$data/mnesia"
export RABBITMQ_LOG_BASE="$data/log"
export RABBITMQ_ENABLED_PLUGINS_FILE="$data/enabled_plugins"
export RABBITMQ_PID_FILE="$data/pid"
export RABBITMQ_CONFIG_FILE="$data/rabbitmq"
export RABBITMQ_ADVANCED_CONFIG_FILE="$data/advanced.config"
export RABBITMQ_CONF_ENV_FILE="$data/rabbitmq-env.conf"

rabbitmqctl() { /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RABBITMQ_NODENAME" "$@"; }
if [ $ctl = 1 ]; then rabbitmqctl "$@"; exit; fi

mkdir -p "$data/mnesia" "$data/log"
[ -f "$data/enabled_plugins" ] || echo '[].' > "$data/enabled_plugins"
touch "$data/rabbitmq-env.conf"
[ -f "$data/advanced.config" ] || echo '[].' > "$data/advanced.config"
# A new node creates `blog` (not `guest`) as its first account.
(umask 077; if [ -n "${BLOG_RABBITMQ_PASSWORD:-}" ]; then printf 'default_user = blog\ndefault_pass = %s\n' "$BLOG_RABBITMQ_PASSWORD"; fi > "$data/rabbitmq.conf")

cd "$data"
/usr/lib/rabbitmq/bin/rabbitmq-server &
pid=$!
# A node made before credentials existed has `guest`: give it `blog` with the password, and remove `guest`.
started() { # short waits in a loop: one long await_startup begun before the node exists never returns
  local deadline=$((SECONDS + 180))
  until rabbitmqctl await_startup --timeout 5 >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] && kill -0 $pid 2>/dev/null || return 1
    sleep 1
  done
}
configure() {
  if [ -n "${BLOG_RABBITMQ_PASSWORD:-}" ] && started; then
    if ! rabbitmqctl authenticate_user blog "$BLOG_RABBITMQ_PASSWORD" >/dev/null 2>&1; then
      rabbitmqctl add_user blog "$BLOG_RABBITMQ_PASSWORD" >/dev/null 2>&1 || rabbitmqctl change_password blog "$BLOG_RABBITMQ_PASSWORD" >/dev/null
      rabbitmqctl set_user_tags blog administrator >/dev/null
      rabbitmqctl set_permissions -p / blog '.*' '.*' '.*' >/dev/null
    fi
    rabbitmqctl delete_user guest >/dev/null 2>&1 || true
  fi
}
# In the background, so a stop is acted on at once: bash runs a trap only after the foreground command,
# and each rabbitmqctl takes seconds (a stop during them outlasted the AppHost's wait for the process).
configure &
configuring=$!
# The node starts its own epmd on a private port, which would outlive it: stop both together.
stop() { kill -TERM $pid $configuring 2>/dev/null || true; }
trap stop TERM INT
wait $configuring || true
wait $pid || true
wait $pid 2>/dev/null || true
epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true
