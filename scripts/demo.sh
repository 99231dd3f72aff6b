#!/usr/bin/env bash
# The demo command: installs dependencies, builds, starts kinerjad on a fresh
# SQLite database with the Batu Bara demo data, and shows what it computes.
# kinerjad keeps running on tcp://127.0.0.1:7450, with the web console and
# gRPC on free ports of 127.0.0.1 (printed at the end); stop it with
#   kill "$(cat build/kinerjad.pid)"
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
mkdir -p build
scripts/build.sh build >build/build.log 2>&1 || { cat build/build.log; exit 1; }

url=tcp://127.0.0.1:7450
db=build/demo.db
kinerja() { build/client/kinerja --url "$url" "$@"; }

if [ -f build/kinerjad.pid ] && kill "$(cat build/kinerjad.pid)" 2>/dev/null; then
  sleep 1  # the previous demo server is stopping
fi
rm -f "$db" "$db-wal" "$db-shm"
build/service/kinerjad --db "$db" --demo --listen "$url" \
  --http 127.0.0.1:0 --grpc 127.0.0.1:0 2>build/kinerjad.log &
echo $! >build/kinerjad.pid
for _ in $(seq 50); do
  kinerja health >/dev/null 2>&1 && break
  sleep 0.2
done

run() { printf '\n$ kinerja %s\n' "$*"; kinerja "$@"; }
run health
run units
run capaian --unit tanjung-tiram --year 2025
run capaian --unit lima-puluh-pesisir --year 2023
run capaian --unit sei-balai --year 2024
run capaian --unit medang-deras --year 2025
run --format json capaian --unit tanjung-tiram --year 2025
run ranking --year 2025 --indicator IKM --region batubara
run trend --unit medang-deras --indicator IKM --from 2021
run progress --unit medang-deras --year 2025
run budget --unit tanjung-tiram --year 2025
run efficiency --unit lima-puluh-pesisir --year 2023
run survey --unit sei-balai --year 2024
run akip --unit sei-balai --year 2024
run metrics
printf '\nkinerjad is running on %s (log: build/kinerjad.log).\n' "$url"
port=$(sed -n 's/^kinerjad: HTTP on port \([0-9]*\)$/\1/p' build/kinerjad.log)
printf 'Web console: http://127.0.0.1:%s/ (the demo runs without --auth:\n' "$port"
printf '  any token text signs in, as the local admin)\n'
gport=$(sed -n 's/^kinerjad: gRPC on port \([0-9]*\)$/\1/p' build/kinerjad.log)
printf 'gRPC: 127.0.0.1:%s (service kinerja.Kinerja; see docs/grpc.md)\n' "$gport"
printf 'Try: build/client/kinerja --help    Stop: kill "$(cat build/kinerjad.pid)"\n'
