#!/usr/bin/env bash
# The library's boundary: libkinerja.so exports the API of client.h
# (kinerja_*) and the messages generated from kinerja.proto (kinerja__*),
# and nothing else; the core and the import internals stay inside.
# usage: test_symbols.sh LIBKINERJA_SO
set -euo pipefail
lib=$1
# Under AddressSanitizer each exported global comes with its ODR marker,
# __odr_asan.NAME: the marker of an allowed NAME is allowed too.
syms=$(nm -D --defined-only "$lib" | awk 'NF >= 3 { print $3 }' |
	sed 's/^__odr_asan\.//')
api=$(printf '%s\n' "$syms" | grep -c '^kinerja_[a-z]' || true)
gen=$(printf '%s\n' "$syms" | grep -c '^kinerja__' || true)
leaks=$(printf '%s\n' "$syms" | grep -v '^kinerja_' || true)
fail=0
if [ -n "$leaks" ]; then
	echo "not ok - libkinerja exports symbols outside its API:"
	printf '%s\n' "$leaks" | sed 's/^/#   /'
	fail=1
else
	echo "ok - only kinerja_ and kinerja__ symbols exported"
fi
# Guards against a check that passes on an empty or unreadable library.
if [ "$api" -lt 30 ] || [ "$gen" -lt 100 ]; then
	echo "not ok - expected the API and the messages, got $api kinerja_" \
	    "and $gen kinerja__ symbols"
	fail=1
else
	echo "ok - $api API functions and $gen generated symbols exported"
fi
# The LKjIP's text (issue #15) is part of the API.
for fn in kinerja_submit_narrative kinerja_get_narrative \
	kinerja_submit_profile kinerja_get_profile; do
	if printf '%s\n' "$syms" | grep -qx "$fn"; then
		echo "ok - $fn exported"
	else
		echo "not ok - $fn not exported"
		fail=1
	fi
done
exit $fail
