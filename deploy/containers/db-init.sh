#!/bin/sh
# The compose file's one-shot db-init: as PostgreSQL's superuser, each service's own role (login only) owning its
# own database, which nobody else may connect to (as deploy/infra.sh does on one machine). Idempotent: run at
# every `make up`, it also applies a changed password. Secrets: /run/secrets/pg-superuser and pg-<service> each.
set -eu
export PGHOST=${PGHOST:-postgres} PGUSER=${PGUSER:-postgres}
PGPASSWORD=$(cat /run/secrets/pg-superuser); export PGPASSWORD
until pg_isready -q; do sleep 1; done
for file in /run/secrets/pg-*; do
  service=${file##*/pg-}
  [ "$service" = superuser ] && continue
  role=alliance_$service
  psql -qAt -v ON_ERROR_STOP=1 -d postgres -v role="$role" -v password="$(cat "$file")" <<'SQL'
select format('create role %I login', :'role') where not exists (select from pg_roles where rolname = :'role') \gexec
select format('alter role %I with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password %L', :'role', :'password') \gexec
select format('create database %I owner %I', :'role', :'role') where not exists (select from pg_database where datname = :'role') \gexec
select format('revoke all on database %I from public', :'role') \gexec
SQL
  psql -qAt -v ON_ERROR_STOP=1 -d "$role" -c 'revoke all on schema public from public' >/dev/null
  echo "db-init: role and database $role ready"
done
