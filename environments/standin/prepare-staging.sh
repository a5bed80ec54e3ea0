#!/usr/bin/env bash
# Brings databases on an existing PostgreSQL server to the state a real staging would be in before each
# deploy, one database per runbook:
#   STAGING_MES_DATABASE     MES: baseline schema (_prisma_migrations up to 20260101000000_baseline_mes_1h_1d) and source bars
#   STAGING_AGG_DATABASE     aggregation system before the cursor fix (DXY and XAUUSD cursors ahead)
#   STAGING_PHASE5_DATABASE  aggregation system after the cursor fix (004-006 applied)
#   STAGING_USAGE_DATABASE   metering database before 0003 (drizzle 0000-0002 in drizzle.__drizzle_migrations, usage rows);
#                            the usage runbook then connects with DATABASE_URL, as its document does
#   STAGING_BACKTEST_DATABASE backtest store before the deploy, with the migrations BACKTEST_STAND_IN_APPLIED lists
#                            (default 003) already applied: the runbook verifies those and applies 005 and 006
# Each database is dropped and created again; only names starting with runbooks_staging_ are accepted.
# The writes go through the same target guard as the runbooks: each database must be the one
# environments/staging.properties expects.
#
#   export STAGING_DB_HOST=127.0.0.1 STAGING_DB_USER=postgres STAGING_MES_DATABASE=runbooks_staging_mes \
#          STAGING_AGG_DATABASE=runbooks_staging_agg STAGING_PHASE5_DATABASE=runbooks_staging_phase5 \
#          STAGING_USAGE_DATABASE=runbooks_staging_usage STAGING_BACKTEST_DATABASE=runbooks_staging_backtest
#   bash environments/standin/prepare-staging.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

: "${STAGING_DB_HOST:?set STAGING_DB_HOST, STAGING_DB_USER and the STAGING_*_DATABASE names, as for mvn verify -Denv=staging}"
: "${STAGING_DB_USER:?set STAGING_DB_USER}"
STAGING_DB_PORT="${STAGING_DB_PORT:-5432}"
export PGPASSWORD="${STAGING_DB_PASSWORD:-}"

recreate() {
  case "$1" in
    runbooks_staging_*) ;;
    *) echo "prepare-staging: refusing to recreate '$1': a stand-in's name starts with runbooks_staging_." >&2; exit 2 ;;
  esac
  psql -X -q -v ON_ERROR_STOP=1 -h "$STAGING_DB_HOST" -p "$STAGING_DB_PORT" -U "$STAGING_DB_USER" -d postgres \
    -c "DROP DATABASE IF EXISTS \"$1\"" -c "CREATE DATABASE \"$1\""
}

for var in STAGING_MES_DATABASE STAGING_AGG_DATABASE STAGING_PHASE5_DATABASE STAGING_USAGE_DATABASE STAGING_BACKTEST_DATABASE; do
  : "${!var:?set $var}"
  recreate "${!var}"
done
mvn -q -B test-compile
mvn -q -B exec:java -Dexec.mainClass=runbooks.mes.MesStagingStandIn -Denv=staging
mvn -q -B exec:java -Dexec.mainClass=runbooks.agg.AggStagingStandIn -Denv=staging
mvn -q -B exec:java -Dexec.mainClass=runbooks.usage.UsageStagingStandIn -Denv=staging
BACKTEST_STAND_IN_APPLIED="${BACKTEST_STAND_IN_APPLIED-003}" mvn -q -B exec:java -Dexec.mainClass=runbooks.backtest.BacktestStagingStandIn -Denv=staging
