#!/bin/sh
# pg.sh - a throwaway PostgreSQL 15 for tests and trials, no system service.
#
#   scripts/pg.sh start DIR   initialise DIR (once) and start PostgreSQL on a
#                             Unix socket in DIR and 127.0.0.1 (a free port);
#                             prints the connection URL (also in DIR/url)
#   scripts/pg.sh stop DIR    stop it (the data stays in DIR)
#   scripts/pg.sh url DIR     print the URL of a running one
#
# Both are idempotent. PG_DURABLE=1 starts it with fsync and
# synchronous_commit on (for benchmarks); otherwise both are off. initdb refuses to run as root: as root the cluster
# belongs to `nobody` (PG_USER to choose another). PG_BIN overrides
# /usr/lib/postgresql/15/bin.
set -eu

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || {
	echo "usage: $0 start|stop|url DIR" >&2
	exit 2
}
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
[ -x "$bin/pg_ctl" ] || {
	echo "$0: no PostgreSQL at $bin (apt-get install postgresql-15)" >&2
	exit 1
}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
data=$dir/data

# Runs a PostgreSQL program as the cluster's owner.
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "${PG_USER:-nobody}" -- "$@"
	else
		"$@"
	fi
}

running() {
	as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

free_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket()
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

url() {
	# The socket directory as host, percent-encoded for the URL.
	host=$(printf %s "$dir" | sed 's|/|%2F|g')
	echo "postgresql://kinerja@$host:$(cat "$dir/port")/kinerja"
}

case $cmd in
start)
	if [ "$(id -u)" = 0 ]; then
		chown "${PG_USER:-nobody}" "$dir"
	fi
	if [ ! -f "$data/PG_VERSION" ]; then
		as_owner "$bin/initdb" -D "$data" -U kinerja -A trust \
			--locale=C.UTF-8 -E UTF8 >"$dir/initdb.log" 2>&1 || {
			cat "$dir/initdb.log" >&2
			exit 1
		}
	fi
	if ! running; then
		free_port >"$dir/port"
		# fsync off: a test database is thrown away, and fast matters.
		# PG_DURABLE=1 (the benchmarks): every commit on disk, as a
		# production server has it.
		durability="fsync=off -c synchronous_commit=off -c full_page_writes=off"
		[ "${PG_DURABLE:-}" = 1 ] &&
			durability="fsync=on -c synchronous_commit=on -c full_page_writes=on"
		as_owner "$bin/pg_ctl" -D "$data" -l "$dir/log" -w -t 60 \
			-o "-k $dir -h 127.0.0.1 -p $(cat "$dir/port") \
-c $durability -c max_connections=200" start >/dev/null || {
			cat "$dir/log" >&2
			exit 1
		}
		as_owner "$bin/psql" -h "$dir" -p "$(cat "$dir/port")" -U kinerja \
			-d postgres -qAt -c "SELECT 1 FROM pg_database
			WHERE datname = 'kinerja'" | grep -q 1 ||
			as_owner "$bin/createdb" -h "$dir" -p "$(cat "$dir/port")" \
				-U kinerja kinerja
	fi
	url | tee "$dir/url"
	;;
stop)
	if [ -f "$data/PG_VERSION" ] && running; then
		as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
	fi
	;;
url)
	running || {
		echo "$0: not running in $dir" >&2
		exit 1
	}
	url
	;;
*)
	echo "usage: $0 start|stop|url DIR" >&2
	exit 2
	;;
esac
