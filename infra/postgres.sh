#!/usr/bin/env bash
# Runs a private PostgreSQL 15 cluster in the foreground: infra/postgres.sh DATA_DIR PORT [fsync]
# Used by the AppHost (as an executable resource) and by `./blog test`. PostgreSQL refuses to run
# as root, so the server runs as the `postgres` user; SIGTERM/SIGINT ask for a fast shutdown.
#
# With BLOG_POSTGRES_PASSWORD set (the AppHost sets it from the state folder's secrets), TCP clients
# authenticate with SCRAM: the superuser `blog` gets that password, and each entry of
# BLOG_POSTGRES_ROLES ("database:role:password ...") is a login role that owns its database and all
# in it, with no other rights (no superuser, no CREATEDB, no CONNECT to other databases). Without it
# (the tests' throwaway cluster) local clients are trusted. The Unix socket lives in the data folder,
# which only the postgres user can reach.
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

host_auth=trust
[ -n "${BLOG_POSTGRES_PASSWORD:-}" ] && host_auth=scram-sha-256
cat > "$data/pg_hba.conf" <<HBA
local all all trust
host all all 127.0.0.1/32 $host_auth
host all all ::1/128 $host_auth
HBA
chown postgres:postgres "$data/pg_hba.conf"
chmod 600 "$data/pg_hba.conf"

# Roles and passwords are set with the server listening on its socket only, before any TCP client can come.
if [ -n "${BLOG_POSTGRES_PASSWORD:-}" ]; then
  (cd / && setpriv --reuid=postgres --regid=postgres --init-groups "$bin/pg_ctl" -D "$data" -w -s \
    -o "-p $port -k $data -c listen_addresses=''" start >/dev/null)
  {
    echo "ALTER ROLE blog PASSWORD '${BLOG_POSTGRES_PASSWORD}';"
    for entry in ${BLOG_POSTGRES_ROLES:-}; do
      IFS=: read -r database role password <<<"$entry"
      cat <<SQL
DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN CREATE ROLE "$role" LOGIN; END IF; END \$\$;
ALTER ROLE "$role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$password';
SELECT 'CREATE DATABASE "$database" OWNER "$role"' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$database') \gexec
ALTER DATABASE "$database" OWNER TO "$role";
REVOKE ALL ON DATABASE "$database" FROM PUBLIC;
\c "$database"
ALTER SCHEMA public OWNER TO "$role";
DO \$\$ DECLARE statement text; BEGIN
  FOR statement IN
    SELECT format('ALTER TABLE public.%I OWNER TO %I', tablename, '$role') FROM pg_tables WHERE schemaname = 'public' AND tableowner <> '$role'
    UNION ALL SELECT format('ALTER SEQUENCE public.%I OWNER TO %I', c.relname, '$role') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> '$role' AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
    UNION ALL SELECT format('ALTER FUNCTION public.%I(%s) OWNER TO %I', p.proname, pg_get_function_identity_arguments(p.oid), '$role') FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '$role'
  LOOP EXECUTE statement; END LOOP;
END \$\$;
\c postgres
SQL
    done
  } | (cd / && runuser -u postgres -- "$bin/psql" -q -v ON_ERROR_STOP=1 -h "$data" -p "$port" -U blog -d postgres >/dev/null)
  (cd / && setpriv --reuid=postgres --regid=postgres --init-groups "$bin/pg_ctl" -D "$data" -w -s -m fast stop >/dev/null)
fi

args=(-D "$data" -p "$port" -k "$data" -c listen_addresses=127.0.0.1 -c max_connections=300 -c password_encryption=scram-sha-256)
[ "$durability" = "throwaway" ] && args+=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)

cd /
setpriv --reuid=postgres --regid=postgres --init-groups "$bin/postgres" "${args[@]}" &
pid=$!
# SIGINT is PostgreSQL's "fast" shutdown: it does not wait for pooled client connections to close.
trap 'kill -INT $pid 2>/dev/null' TERM INT
wait $pid || true
wait $pid 2>/dev/null || true
