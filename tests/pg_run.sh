#!/bin/sh
# pg_run.sh URL TEST... - runs a test binary on PostgreSQL (issue #18): the
# URL given at configure time, else $KINERJA_TEST_PG; neither: skipped (77).
url=${KINERJA_TEST_PG:-$1}
shift
if [ -z "$url" ]; then
	echo "no KINERJA_TEST_PG: PostgreSQL tests skipped"
	exit 77
fi
KINERJA_TEST_DB=$url exec "$@"
