#!/usr/bin/env bash
# Brings a database on an existing PostgreSQL server to the state a real staging would be in before
# the MES 4h/1w deploy: the baseline schema (Flyway history up to 20260101000000) and the MES source
# bars. The database is dropped and created again; only names starting with runbooks_staging_ are
# accepted. The write itself goes through the same target guard as the runbook: the database must be
# the one environments/staging.properties expects.
#
#   STAGING_DB_HOST=127.0.0.1 STAGING_DB_USER=postgres STAGING_MES_DATABASE=runbooks_staging_mes \
#     bash environments/standin/prepare-staging.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

: "${STAGING_DB_HOST:?set STAGING_DB_HOST (and STAGING_DB_USER, STAGING_MES_DATABASE), as for mvn verify -Denv=staging}"
: "${STAGING_DB_USER:?set STAGING_DB_USER}"
: "${STAGING_MES_DATABASE:?set STAGING_MES_DATABASE}"
STAGING_DB_PORT="${STAGING_DB_PORT:-5432}"
case "$STAGING_MES_DATABASE" in
  runbooks_staging_*) ;;
  *) echo "prepare-staging: refusing to recreate '$STAGING_MES_DATABASE': a stand-in's name starts with runbooks_staging_." >&2; exit 2 ;;
esac

export PGPASSWORD="${STAGING_DB_PASSWORD:-}"
psql -X -q -v ON_ERROR_STOP=1 -h "$STAGING_DB_HOST" -p "$STAGING_DB_PORT" -U "$STAGING_DB_USER" -d postgres \
  -c "DROP DATABASE IF EXISTS \"$STAGING_MES_DATABASE\"" -c "CREATE DATABASE \"$STAGING_MES_DATABASE\""
mvn -q -B test-compile exec:java -Dexec.mainClass=runbooks.mes.MesStandIn -Denv=staging
