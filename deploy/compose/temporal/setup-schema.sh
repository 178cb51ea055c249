#!/bin/sh
# One-shot (temporalio/admin-tools): Temporal's own schema in its own PostgreSQL server, created and
# brought up to date by temporal-sql-tool. Safe to run again: existing databases are kept and only
# missing schema versions are applied.
set -eu
: "${SQL_PASSWORD:?}"
for db in temporal temporal_visibility; do
  # Fails when the database exists (a re-run); update-schema below fails loudly if anything is wrong.
  temporal-sql-tool --plugin postgres12 --ep temporal-db -p 5432 -u temporal --db "$db" create || true
done
temporal-sql-tool --plugin postgres12 --ep temporal-db -p 5432 -u temporal --db temporal setup-schema -v 0.0 || true
temporal-sql-tool --plugin postgres12 --ep temporal-db -p 5432 -u temporal --db temporal update-schema -d /etc/temporal/schema/postgresql/v12/temporal/versioned
temporal-sql-tool --plugin postgres12 --ep temporal-db -p 5432 -u temporal --db temporal_visibility setup-schema -v 0.0 || true
temporal-sql-tool --plugin postgres12 --ep temporal-db -p 5432 -u temporal --db temporal_visibility update-schema -d /etc/temporal/schema/postgresql/v12/visibility/versioned
echo 'Temporal schema up to date'
