#!/usr/bin/env bash
# The stand-in staging's own aggregation worker and market feed (on a real staging, the team's): runs
# against STAGING_AGG_DATABASE and STAGING_PHASE5_DATABASE until stopped. The runbooks only watch it.
# Run from a compiled tree (prepare-staging.sh compiles); classes are copied so a rebuild cannot disturb it.
#
#   bash environments/standin/run-aggregation.sh &   ...   kill %1
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${STAGING_AGG_DATABASE:?set STAGING_AGG_DATABASE and STAGING_PHASE5_DATABASE (see prepare-staging.sh)}"
: "${STAGING_PHASE5_DATABASE:?set STAGING_PHASE5_DATABASE}"
run=$(mktemp -d)
mvn -q -B dependency:build-classpath -Dmdep.outputFile="$run/classpath.txt" -Dmdep.includeScope=test
cp -r target/classes "$run/classes" && cp -r target/test-classes "$run/test-classes"
exec java -Denv=staging -Drunbooks.basedir="$PWD" -cp "$run/test-classes:$run/classes:$(cat "$run/classpath.txt")" \
  runbooks.agg.StandInAggregation
