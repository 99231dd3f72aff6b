#!/usr/bin/env bash
# test_standalone.sh - the repository stands on its own: no file of it may
# send a reader (or a build) to something outside it, such as a domain
# file or a tool in a directory beside the clone, or a path of the machine
# it was written on. Fails naming file:line for each such reference.
#
#   test_standalone.sh SOURCE_DIR
#
# The files are git's (tracked, or new and not ignored) in a checkout, else
# every file under SOURCE_DIR but build directories and .git.
set -u
src=${1:-$(dirname "$0")/..}
cd "$src" || exit 2

# Assembled from parts so that this file does not match itself.
dots='\.\.'
patterns=(
	"$dots/shared"
	'/wor''k/'
	'\.librar''y'
	'container-''check'
	'shared/(domain|reports|tools|style)'
)
re=$(IFS='|'; printf '%s' "${patterns[*]}")

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	list() { git ls-files -z --cached --others --exclude-standard; }
else
	list() {
		find . \( -name .git -o -type d -name 'build*' \) -prune -o -type f \
			-print0 | sed -z 's|^\./||'
	}
fi

found=$(list | xargs -0 -r grep -nIE -- "$re" 2>/dev/null)
if [ -n "$found" ]; then
	printf '%s\n' "$found" | sed 's/^/refers outside the repository: /'
	exit 1
fi
echo "ok: no file refers outside the repository"
