#!/bin/sh
# A new data directory is initialised with the superuser's password (never a built-in one); then PostgreSQL runs in
# the foreground on every interface of the container, password (SCRAM) authentication for everyone but the local socket.
set -eu
: "${POSTGRES_USER:=postgres}"
if [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then POSTGRES_PASSWORD=$(cat "$POSTGRES_PASSWORD_FILE"); fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  [ -n "${POSTGRES_PASSWORD:-}" ] || { echo "postgres: set POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE" >&2; exit 1; }
  pwfile=$(mktemp); printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$pwfile" -A scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [ -n "${POSTGRES_DB:-}" ] && [ "$POSTGRES_DB" != postgres ]; then
    postgres -D "$PGDATA" -c listen_addresses= -k /var/run/postgresql >/dev/null 2>&1 &
    pid=$!
    until pg_isready -h /var/run/postgresql -q; do sleep 0.2; done
    psql -h /var/run/postgresql -U "$POSTGRES_USER" -d postgres -qc "create database \"$POSTGRES_DB\"" >/dev/null
    kill -INT "$pid"; wait "$pid" || true
  fi
  echo "PostgreSQL init process complete; ready for start up."
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -k /var/run/postgresql -c max_connections=${POSTGRES_MAX_CONNECTIONS:-300} "$@"
