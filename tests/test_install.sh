#!/usr/bin/env bash
# Installs the build into a temporary prefix and builds a program against
# it with nothing but pkg-config, then runs it.
# usage: test_install.sh BUILD_DIR CONSUMER_C [EXTRA_CFLAGS]
set -euo pipefail
build=$1 consumer=$2 extra=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
export PKG_CONFIG_PATH=$tmp/prefix/lib/pkgconfig
for f in include/kinerja/client.h include/kinerja/kinerja.pb-c.h \
         lib/libkinerja.so lib/pkgconfig/kinerja.pc bin/kinerja bin/kinerjad; do
  [ -e "$tmp/prefix/$f" ] || { echo "not ok - $f not installed"; exit 1; }
done
# shellcheck disable=SC2046,SC2086
${CC:-cc} -std=c11 -Wall -Wextra -Werror $extra "$consumer" -o "$tmp/consumer" \
  $(pkg-config --cflags --libs kinerja)
LD_LIBRARY_PATH=$tmp/prefix/lib "$tmp/consumer" "ipc://$tmp/nobody.sock"
echo "1 passed, 0 failed"
