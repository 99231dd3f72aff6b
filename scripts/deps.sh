#!/usr/bin/env bash
# Installs what kinerja needs to build and test on Debian 12 (bookworm);
# curl is for tests/test_http.sh; protoc and python3-protobuf for
# tests/test_interop.sh (Google's runtime, strict on UTF-8).
# Skips apt entirely when everything is already there.
set -euo pipefail

packages=(build-essential cmake pkg-config
          libprotobuf-c-dev protobuf-c-compiler libnng-dev libsqlite3-dev
          libsodium-dev libcmocka-dev libcjson-dev curl openssl
          protobuf-compiler python3-protobuf)

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
