#!/usr/bin/env bash
# Local PostgreSQL 15 and RabbitMQ 3.10 without Docker or systemd.
#   deploy/infra.sh up      install what is missing, start what is not running, wait until healthy
#   deploy/infra.sh down    stop only the servers this script started
#   deploy/infra.sh status  one line per server
#   deploy/infra.sh env     the connection settings, as shell exports: each service's own PostgreSQL role, and
#                           ALLIANCE_PG_ADMIN (the superuser, for test fixtures and tools that create databases; never a service's)
#   deploy/infra.sh roles   create or update the services' roles and databases (up does it too)
#   deploy/infra.sh rabbit-down | rabbit-up | postgres-down | postgres-up   one server at a time (the reliability suite)
# Settings (environment): ALLIANCE_PG_HOST/PORT/USER/PASSWORD, ALLIANCE_RABBIT_HOST/PORT/USER/PASSWORD,
# ALLIANCE_RABBIT_MGMT_PORT, ALLIANCE_STATE_DIR, ALLIANCE_SECRETS_DIR. A host other than 127.0.0.1/localhost is an existing
# server of yours: nothing is installed or started for it, it only has to answer (ALLIANCE_PG_PASSWORD: its superuser's).
#
# Passwords: none is built in. The superuser's (a new cluster) and each service role's are generated once and kept in
# the git-ignored .alliance/postgres-HOST-PORT.env (mode 600), one file per server, with the key-encryption key of each
# service's Data Protection key ring. The superuser only creates the
# roles and the databases; each service connects as alliance_<service>, which owns its own database and may not
# connect to any other service's.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
PG_HOST=${ALLIANCE_PG_HOST:-127.0.0.1}
PG_PORT=${ALLIANCE_PG_PORT:-54329}
PG_USER=${ALLIANCE_PG_USER:-postgres}
RABBIT_HOST=${ALLIANCE_RABBIT_HOST:-127.0.0.1}
RABBIT_PORT=${ALLIANCE_RABBIT_PORT:-56729}
RABBIT_MGMT_PORT=${ALLIANCE_RABBIT_MGMT_PORT:-15679}
RABBIT_USER=${ALLIANCE_RABBIT_USER:-guest}
RABBIT_PASSWORD=${ALLIANCE_RABBIT_PASSWORD:-guest}
RABBIT_DIST_PORT=${ALLIANCE_RABBIT_DIST_PORT:-25679}
EPMD_PORT=${ALLIANCE_EPMD_PORT:-43690}
PG_BIN=/usr/lib/postgresql/15/bin
RABBIT_BIN=/usr/lib/rabbitmq/bin

say() { echo "infra: $*" >&2; }
die() { echo "infra: $*" >&2; exit 1; }
is_local() { [[ $1 == 127.0.0.1 || $1 == localhost ]]; }
as_root() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }

# The data lives in the clone's git-ignored .run/ unless the postgres user cannot reach it
# (a clone under root's home, mode 700): then in a folder of its own under /var/tmp.
state_dir() {
  if [[ -n ${ALLIANCE_STATE_DIR:-} ]]; then echo "$ALLIANCE_STATE_DIR"; return; fi
  # ALLIANCE_STATE_SUFFIX keeps a second set of servers (the reliability suite's) apart from the first.
  local suffix=${ALLIANCE_STATE_SUFFIX:+/$ALLIANCE_STATE_SUFFIX}
  if [[ $(id -u) != 0 ]] || runuser -u postgres -- test -x "$repo" 2>/dev/null; then echo "$repo/.run$suffix"; return; fi
  echo "/var/tmp/alliance-$(echo -n "$repo" | md5sum | cut -c1-10)$suffix"
}
STATE=$(state_dir)

# The services that keep an event store, read from their Program.cs (a new service gets its role without an edit here).
DB_SERVICES=$(grep -ho 'AddEventStore("[a-z0-9_]*"' "$repo"/services/*/Program.cs | sed 's/.*("\(.*\)"/\1/' | sort -u)
SECRETS_DIR=${ALLIANCE_SECRETS_DIR:-$repo/.alliance}
SECRETS=$SECRETS_DIR/postgres-$PG_HOST-$PG_PORT.env
new_password() { head -c 32 /dev/urandom | base64 | tr -d '/+=\n' | cut -c1-40; }
# Reads (or, the first time, generates and keeps) the passwords for this server.
load_secrets() {
  (umask 077; mkdir -p "$SECRETS_DIR"; touch "$SECRETS")
  chmod 700 "$SECRETS_DIR"; chmod 600 "$SECRETS"
  # Several shells may ask at once (each developer's `env`): one generates, the others read what it wrote.
  exec 9>>"$SECRETS.lock"; flock 9
  # shellcheck disable=SC1090
  source "$SECRETS"
  if [[ -n ${ALLIANCE_PG_PASSWORD:-} ]]; then
    PG_PASSWORD=$ALLIANCE_PG_PASSWORD
  elif [[ -n ${PG_SUPERUSER_PASSWORD:-} ]]; then
    PG_PASSWORD=$PG_SUPERUSER_PASSWORD
  elif is_local "$PG_HOST" && [[ -f $STATE/postgres/data/PG_VERSION ]]; then
    # A cluster made before passwords were generated was given the old fixed one: keep it working, and say how to leave it.
    PG_PASSWORD=alliance
    [[ ${1:-} == quiet ]] || say "PostgreSQL's superuser still has the old fixed password: deploy/infra.sh rotate-superuser replaces it"
  else
    PG_PASSWORD=$(new_password)
    echo "PG_SUPERUSER_PASSWORD=$PG_PASSWORD" >>"$SECRETS"
  fi
  for service in $DB_SERVICES; do
    local var=PG_PASSWORD_${service^^} kek=KEY_RING_KEY_${service^^}
    if [[ -z ${!var:-} ]]; then
      printf -v "$var" '%s' "$(new_password)"
      echo "$var=${!var}" >>"$SECRETS"
    fi
    # The key-encryption key of the service's Data Protection key ring (which is in its database, so kept apart from it).
    if [[ -z ${!kek:-} ]]; then
      printf -v "$kek" '%s' "$(head -c 32 /dev/urandom | base64)"
      echo "$kek=${!kek}" >>"$SECRETS"
    fi
  done
  # Closed again, so that no server started below inherits (and holds) the lock.
  flock -u 9; exec 9>&-
}

install_missing() {
  local need=()
  if is_local "$PG_HOST" && [[ ! -x $PG_BIN/initdb ]]; then need+=(postgresql-15); fi
  if is_local "$RABBIT_HOST" && [[ ! -x $RABBIT_BIN/rabbitmq-server ]]; then need+=(rabbitmq-server); fi
  command -v curl >/dev/null || need+=(curl)
  # The browser tests drive Debian's Chromium; make test asks for it with ALLIANCE_BROWSER=1.
  if [[ ${ALLIANCE_BROWSER:-} == 1 ]] && [[ ! -x /usr/bin/chromium ]]; then need+=(chromium fonts-noto-cjk); fi
  [[ ${#need[@]} == 0 ]] && return 0
  command -v apt-get >/dev/null || die "apt-get not found: install ${need[*]} yourself, or point ALLIANCE_PG_HOST/ALLIANCE_RABBIT_HOST at running servers"
  if [[ $(id -u) != 0 ]] && ! command -v sudo >/dev/null; then die "installing ${need[*]} needs root or sudo"; fi
  say "installing ${need[*]} (apt-get)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  # Everything is installed before any server starts: upgrading PostgreSQL under a running server breaks it.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

pg_ready() { PGPASSWORD=$PG_PASSWORD psql "host=$PG_HOST port=$PG_PORT user=$PG_USER dbname=postgres connect_timeout=2" -qAtc 'select 1' >/dev/null 2>&1; }
pg_run() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  if pg_ready; then say "PostgreSQL answers on $PG_HOST:$PG_PORT: reusing it"; return; fi
  is_local "$PG_HOST" || die "PostgreSQL at $PG_HOST:$PG_PORT does not answer (user $PG_USER)"
  local dir=$STATE/postgres
  mkdir -p "$dir" && chmod 755 "$STATE"
  [[ $(id -u) == 0 ]] && chown postgres: "$dir"
  if [[ ! -f $dir/data/PG_VERSION ]]; then
    if [[ -z ${ALLIANCE_PG_PASSWORD:-} ]]; then
      # A new cluster: a new superuser password, kept (replacing any of a cluster that was there before).
      PG_PASSWORD=$(new_password)
      sed -i '/^PG_SUPERUSER_PASSWORD=/d' "$SECRETS"; echo "PG_SUPERUSER_PASSWORD=$PG_PASSWORD" >>"$SECRETS"
    fi
    (umask 077; printf '%s\n' "$PG_PASSWORD" >"$dir/pwfile"); [[ $(id -u) == 0 ]] && chown postgres: "$dir/pwfile"
    pg_run "$PG_BIN/initdb" -D "$dir/data" -U "$PG_USER" --pwfile="$dir/pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || die "initdb failed, see $dir/initdb.log"
    rm -f "$dir/pwfile"
  fi
  # max_connections=1000: eight services, each with its pool, a leader's lock connection per worker and a LISTEN
  # connection, plus the tests' own; at 300 the reliability suite's reconnect storm after an outage ran out of slots.
  # wal_init_zero=off: a new 16 MB WAL segment is not zero-filled first. Filled, each one held every commit for
  # 140-220 ms at once (PostgreSQL's log of slow statements, at the instants the segments were created; until
  # WAL segments are recycled, one every 15 s at 700 commands a second): the p99 of commands (docs/benchmarks.md).
  # ALLIANCE_PG_OPTIONS: extra server settings for a profiling session (e.g. -c shared_preload_libraries=pg_stat_statements).
  pg_run "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1 -c max_connections=1000 -c shared_buffers=256MB -c wal_init_zero=off ${ALLIANCE_PG_OPTIONS:-}" start >/dev/null \
    || die "PostgreSQL did not start, see $dir/server.log"
  touch "$dir/started-by-script"
  pg_ready || die "PostgreSQL started but does not accept $PG_USER, see $dir/server.log"
  say "PostgreSQL started on $PG_HOST:$PG_PORT (data in $dir/data)"
}

psql_admin() { PGPASSWORD=$PG_PASSWORD psql "host=$PG_HOST port=$PG_PORT user=$PG_USER dbname=${1:-postgres}" -qAt -v ON_ERROR_STOP=1 >/dev/null; }

# Each service's role (login only: no superuser, no createdb, no createrole) owns its own database and nothing else;
# nobody else may connect to that database. Idempotent; a database made by the superuser before (the services used to
# connect as it) is handed over with everything in it. Passwords go in on standard input, never on a command line.
ensure_roles() {
  for service in $DB_SERVICES; do
    local role=alliance_$service db=alliance_$service var=PG_PASSWORD_${service^^}
    psql_admin <<SQL || die "could not create role $role or database $db"
select format('create role %I login', '$role') where not exists (select from pg_roles where rolname = '$role') \gexec
alter role "$role" with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password '${!var}';
select format('create database %I owner %I', '$db', '$role') where not exists (select from pg_database where datname = '$db') \gexec
alter database "$db" owner to "$role";
revoke all on database "$db" from public;
SQL
    psql_admin "$db" <<SQL || die "could not hand $db over to $role"
select format('alter table %I.%I owner to %I', schemaname, tablename, '$role') from pg_tables
  where schemaname not in ('pg_catalog', 'information_schema') and tableowner <> '$role' \gexec
select format('alter sequence %I.%I owner to %I', schemaname, sequencename, '$role') from pg_sequences
  where schemaname not in ('pg_catalog', 'information_schema') and sequenceowner <> '$role' \gexec
select format('alter view %I.%I owner to %I', schemaname, viewname, '$role') from pg_views
  where schemaname not in ('pg_catalog', 'information_schema') and viewowner <> '$role' \gexec
select format('alter routine %s owner to %I', p.oid::regprocedure, '$role') from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname not in ('pg_catalog', 'information_schema') and p.proowner <> (select oid from pg_roles where rolname = '$role') \gexec
select format('alter schema %I owner to %I', nspname, '$role') from pg_namespace
  where nspname not in ('public', 'information_schema') and nspname not like 'pg\_%' and nspowner <> (select oid from pg_roles where rolname = '$role') \gexec
revoke all on schema public from public;
SQL
  done
}

# A new superuser password, for a cluster that still has the old fixed one (or whenever an operator wants a new one).
rotate_superuser() {
  local next; next=$(new_password)
  psql_admin <<SQL || die "could not change the superuser's password"
alter role "$PG_USER" password '$next';
SQL
  sed -i '/^PG_SUPERUSER_PASSWORD=/d' "$SECRETS"; echo "PG_SUPERUSER_PASSWORD=$next" >>"$SECRETS"
  say "the superuser's new password is in $SECRETS"
}

# A new password for one service's role (or every one): change it, keep it, then restart that service.
rotate_role() {
  for service in ${1:-$DB_SERVICES}; do
    local var=PG_PASSWORD_${service^^}
    sed -i "/^$var=/d" "$SECRETS"; printf -v "$var" '%s' "$(new_password)"; echo "$var=${!var}" >>"$SECRETS"
  done
  ensure_roles
  say "new role passwords are in $SECRETS: restart the services with the settings of deploy/infra.sh env"
}

rabbit_env() {
  local dir=$STATE/rabbitmq
  export HOME=$dir RABBITMQ_NODENAME=alliance@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT=$RABBIT_PORT RABBITMQ_DIST_PORT=$RABBIT_DIST_PORT ERL_EPMD_PORT=$EPMD_PORT ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_MNESIA_BASE=$dir/mnesia RABBITMQ_LOG_BASE=$dir/log RABBITMQ_CONFIG_FILE=$dir/rabbitmq
  export RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins RABBITMQ_PID_FILE=$dir/rabbitmq.pid
}
rabbit_ready() { curl -fsS -m 3 -u "$RABBIT_USER:$RABBIT_PASSWORD" "http://$RABBIT_HOST:$RABBIT_MGMT_PORT/api/overview" >/dev/null 2>&1; }

start_rabbit() {
  if rabbit_ready; then say "RabbitMQ answers on $RABBIT_HOST:$RABBIT_PORT: reusing it"; return; fi
  is_local "$RABBIT_HOST" || die "RabbitMQ management API at $RABBIT_HOST:$RABBIT_MGMT_PORT does not answer"
  local dir=$STATE/rabbitmq
  mkdir -p "$dir/log" "$dir/mnesia"
  cat >"$dir/rabbitmq.conf" <<CONF
listeners.tcp.default = $RABBIT_PORT
management.tcp.port = $RABBIT_MGMT_PORT
management.tcp.ip = 127.0.0.1
CONF
  echo '[rabbitmq_management].' >"$dir/enabled_plugins"
  (
    rabbit_env
    # Our own epmd on a private port, started by us so that `down` can find and stop exactly it.
    "$(ls /usr/lib/erlang/erts-*/bin/epmd | head -n1)" -daemon -port "$EPMD_PORT" -address 127.0.0.1
    setsid "$RABBIT_BIN/rabbitmq-server" >"$dir/log/console.log" 2>&1 < /dev/null &
    local server=$!
    # Fail fast when the server dies at boot, instead of waiting out the whole timeout.
    for _ in $(seq 120); do
      [[ -s $RABBITMQ_PID_FILE ]] && break
      kill -0 "$server" 2>/dev/null || die "RabbitMQ exited at start, see $dir/log/console.log"
      sleep 1
    done
    "$RABBIT_BIN/rabbitmqctl" wait --timeout 120 "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || die "RabbitMQ did not start, see $dir/log"
    "$RABBIT_BIN/rabbitmqctl" await_startup >/dev/null 2>&1
  )
  touch "$dir/started-by-script"
  for _ in $(seq 60); do rabbit_ready && break; sleep 1; done
  rabbit_ready || die "RabbitMQ started but its management API does not answer, see $dir/log"
  say "RabbitMQ started on $RABBIT_HOST:$RABBIT_PORT (management $RABBIT_MGMT_PORT, data in $dir)"
}

stop_postgres() {
  local dir=$STATE/postgres
  [[ -f $dir/started-by-script ]] || return 0
  pg_run "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -f "$dir/started-by-script"
  say "PostgreSQL stopped"
}

stop_rabbit() {
  local dir=$STATE/rabbitmq
  [[ -f $dir/started-by-script ]] || return 0
  (
    rabbit_env
    "$RABBIT_BIN/rabbitmqctl" shutdown >/dev/null 2>&1 || true
    # The epmd that the server started on our private port goes with it.
    pkill -f "epmd -daemon -port $EPMD_PORT" 2>/dev/null || true
  )
  rm -f "$dir/started-by-script"
  say "RabbitMQ stopped"
}

preflight() {
  command -v psql >/dev/null || install_missing
  command -v psql >/dev/null || die "psql not found: apt-get install postgresql-client"
}

case ${1:-up} in
  env|state|status|down|rabbit-*|postgres-down) load_secrets quiet ;;
  *) load_secrets ;;
esac

case ${1:-up} in
  up)
    install_missing
    preflight
    start_postgres
    ensure_roles
    start_rabbit
    ;;
  roles) preflight; ensure_roles ;;
  rotate-superuser) preflight; rotate_superuser ;;
  rotate-role) preflight; rotate_role "${2:-}" ;;
  down)
    stop_postgres
    stop_rabbit
    ;;
  # Single servers, for the reliability suite's outages (only servers this script started).
  rabbit-down) stop_rabbit ;;
  rabbit-up) start_rabbit ;;
  state) echo "$STATE" ;;
  postgres-down) stop_postgres ;;
  postgres-up) start_postgres ;;
  status)
    pg_ready && echo "postgres: up ($PG_HOST:$PG_PORT)" || echo "postgres: down ($PG_HOST:$PG_PORT)"
    rabbit_ready && echo "rabbitmq: up ($RABBIT_HOST:$RABBIT_PORT)" || echo "rabbitmq: down ($RABBIT_HOST:$RABBIT_PORT)"
    ;;
  env)
    cat <<ENV
export ALLIANCE_PG_ADMIN='Host=$PG_HOST;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASSWORD'
export Postgres__ConnectionString='Host=$PG_HOST;Port=$PG_PORT'
ENV
    for service in $DB_SERVICES; do
      var=PG_PASSWORD_${service^^} kek=KEY_RING_KEY_${service^^}
      echo "export Postgres__${service}__Username='alliance_$service' Postgres__${service}__Password='${!var}' DataProtection__${service}__KeyRingKey='${!kek}'"
    done
    cat <<ENV
export RabbitMq__Host='$RABBIT_HOST' RabbitMq__Port='$RABBIT_PORT' RabbitMq__Username='$RABBIT_USER' RabbitMq__Password='$RABBIT_PASSWORD'
export RabbitMq__ManagementUrl='http://$RABBIT_HOST:$RABBIT_MGMT_PORT'
ENV
    ;;
  *) die "usage: deploy/infra.sh up|down|status|env|roles|rotate-superuser|rotate-role [service]" ;;
esac
