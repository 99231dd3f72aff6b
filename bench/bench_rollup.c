/*
 * bench_rollup.c - the region roll-up of issue 19 on SQLite: GetCapaian
 * of a kabupaten over its 500 kecamatan (bench_ingest's data set with
 * sasaran, the workload bench_pg measures on PostgreSQL), end to end over
 * tcp loopback, and in kinerjad from its GetMetrics.
 */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"
#include "load.h"

/* Years of values of the 500 units: the roll-up reads one of them. */
static void
load(kinerja_client *c, int years)
{
	struct ingest *d = calloc(1, sizeof(*d));
	int            y;

	if (d == NULL)
		exit(1);
	ingest_registry(c, d);
	for (y = 0; y < years; y++) {
		ingest_fill(d, ING_FIRST_YEAR + y);
		load_values(c, d->vp, ING_BATCH);
	}
	ingest_links(c, d);
	free(d);
}

/* The service's own p99: at least 99 % of the roll-ups within 5 ms,
 * one of GetMetrics' bucket bounds, so the figure is exact. */
static void
in_service(kinerja_client *c)
{
	double share = bench_share_within(c, "GetCapaian", 5);
	char   val[64];

	if (share < 0)
		return;
	snprintf(val, sizeof(val), "%.1f %% of calls within 5 ms", share);
	bench_row_abs("Roll-up of 500 units p99 in the service (GetMetrics)",
	    val, 100 - share, 1, "<= 5 ms (>= 99 % of calls)");
}

int
main(int argc, char **argv)
{
	struct bench_opts   o;
	struct bench_server s;
	kinerja_client     *c;
	kinerja_status      st = KINERJA_STATUS_INIT;
	char                url[64], a[96];
	double              p50, p99;
	int                 years, reads;

	if (bench_parse(argc, argv, &o) != 0)
		return 2;
	years = o.quick ? 3 : 10; /* as bench_pg's ingest */
	reads = o.quick ? 50 : 200;
	if (bench_server_start_tcp(&s, &o, "8", url, sizeof(url)) != 0)
		return 1;
	bench_check(kinerja_open(&c, url, &st), &st, url);
	kinerja_set_timeout(c, 120000);
	load(c, years);
	ingest_rollup(c, reads, 0, &p50, &p99);
	printf("Roll-up of \"kab\" (500 kecamatan, %d years loaded) over %s: "
	       "p50 %.2f ms p99 %.2f ms over %d calls\n",
	    years, url, p50, p99, reads);
	snprintf(a, sizeof(a), "p50 %.2f ms, p99 %.2f ms", p50, p99);
	bench_row_abs("Roll-up of 500 units (GetCapaian) p99, end to end, tcp",
	    a, p99, 5, "<= 5 ms");
	in_service(c);
	/* kinerjad keeps a roll-up until the next write: the calls above are
	 * answered as kept after the first. This row is the other case, each
	 * roll-up computed afresh after a write. Context, no target. */
	ingest_rollup(c, reads / 4, 1, &p50, &p99);
	printf("Roll-up after a write (computed): p50 %.2f ms p99 %.2f ms "
	       "over %d calls\n",
	    p50, p99, reads / 4);
	snprintf(a, sizeof(a), "p50 %.2f ms, p99 %.2f ms", p50, p99);
	bench_row("Roll-up of 500 units after a write (computed again)", a,
	    "-", -1, 0, 0, NULL);
	kinerja_close(c);
	bench_server_stop(&s);
	return 0;
}
