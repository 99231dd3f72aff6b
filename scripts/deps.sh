#!/usr/bin/env bash
# Installs what kinerja needs to build and test on Debian 12 (bookworm);
# curl is for tests/test_http.sh, python3 for tests/test_http_limits.py;
# protoc and python3-protobuf for tests/test_interop.sh (Google's
# runtime, strict on UTF-8); sqlite3 (the shell) for test_storage.sh.
# libzip for the LKjIP's docx; libgrpc (gRPC's C core) for --grpc; libpq
# for --db postgresql:// (the PostgreSQL server itself only with --test).
# With --test also what only the tests use: python3-docx (an
# independent docx reader), and Chromium, its driver and python3-selenium
# for the web console's browser tests; python3-grpcio
# and python3-grpc-tools (a gRPC client generated from the proto), the
# OpenAPI 3 schema (openapi-specification) with python3-jsonschema, and
# PHP with its curl extension, for issue #17's interop tests.
# Skips apt entirely when everything is already there.
set -euo pipefail

packages=(build-essential cmake pkg-config
          libprotobuf-c-dev protobuf-c-compiler libnng-dev libsqlite3-dev libpq-dev
          libsodium-dev libcmocka-dev libcjson-dev libmicrohttpd-dev
          libzip-dev libgrpc-dev libgnutls28-dev
          curl openssl python3 protobuf-compiler python3-protobuf sqlite3)
if [ "${1:-}" = --test ]; then
  packages+=(postgresql-15 python3-docx python3-lxml python3-selenium chromium
             chromium-driver
             python3-grpcio python3-grpc-tools python3-jsonschema
             openapi-specification php-cli php-curl)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' \
    || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
