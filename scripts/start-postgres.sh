#!/usr/bin/env bash
# Starts a local PostgreSQL for the db.query tests (Debian's postgresql package) and creates the
# `symphony` role and database. Prints the connection URL on stdout. Idempotent.
set -euo pipefail
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "postgresql is not installed (apt-get install postgresql)" >&2
  exit 1
fi
read -r version cluster _ <<<"$(pg_lsclusters --no-header | head -1)"
if [ -z "${version:-}" ]; then
  v=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_createcluster "$v" main >/dev/null
  read -r version cluster _ <<<"$(pg_lsclusters --no-header | head -1)"
fi
pg_ctlcluster "$version" "$cluster" start >/dev/null 2>&1 || true
port=$(pg_lsclusters --no-header | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $3}')
for _ in $(seq 1 50); do
  runuser -u postgres -- psql -p "$port" -tAc 'select 1' >/dev/null 2>&1 && break
  sleep 0.2
done
runuser -u postgres -- psql -p "$port" -tAc "SELECT 1 FROM pg_roles WHERE rolname='symphony'" | grep -q 1 \
  || runuser -u postgres -- psql -p "$port" -qc "CREATE USER symphony WITH PASSWORD 'symphony' SUPERUSER" >/dev/null
runuser -u postgres -- psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname='symphony'" | grep -q 1 \
  || runuser -u postgres -- psql -p "$port" -qc "CREATE DATABASE symphony OWNER symphony" >/dev/null
echo "postgres://symphony:symphony@127.0.0.1:${port}/symphony"
