#!/bin/sh
# run_golden.sh BINARY DIR - runs every case under DIR/cases and compares
# stdout, stderr and exit status with the files beside it.
# run_golden.sh --update BINARY DIR - rewrites the expected files instead:
# used by scripts/update-golden only, never by a test.
#
# A case is a directory holding:
#   args          one argument per line; @TREES@ stands for DIR/trees
#   expected.out  the exact standard output
#   expected.err  the exact standard error (optional: default empty)
#   expected.rc   the exit status (optional: default 0)
#
# Updating: the expected files change only through scripts/update-golden,
# which refuses a source tree (src/, include/) with uncommitted changes,
# rebuilds the binary, rewrites every case with it, and shows the diff;
# reviewing and committing that diff is left to a person.  No environment
# variable turns this check into an update.
set -u
update=0
if [ "${1:-}" = --update ]; then
	update=1
	shift
fi
bin=$1
dir=$2
fails=0
count=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for case in "$dir"/cases/*/; do
	case=${case%/}
	name=${case##*/}
	count=$((count + 1))
	set --
	while IFS= read -r arg || [ -n "$arg" ]; do
		set -- "$@" "$(printf '%s' "$arg" | sed "s|@TREES@|$dir/trees|g")"
	done <"$case/args"
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	# Messages name the tree by its path: make that independent of the checkout.
	sed -i "s|$dir/trees|@TREES@|g" "$tmp/err"
	if [ "$update" = 1 ]; then
		cp "$tmp/out" "$case/expected.out"
		if [ -s "$tmp/err" ]; then cp "$tmp/err" "$case/expected.err"; else rm -f "$case/expected.err"; fi
		if [ "$rc" != 0 ]; then echo "$rc" >"$case/expected.rc"; else rm -f "$case/expected.rc"; fi
		echo "updated: $name"
		continue
	fi
	want_rc=0
	[ -f "$case/expected.rc" ] && want_rc=$(cat "$case/expected.rc")
	[ -f "$case/expected.err" ] || : >"$tmp/want_err"
	[ -f "$case/expected.err" ] && cp "$case/expected.err" "$tmp/want_err"
	bad=""
	cmp -s "$tmp/out" "$case/expected.out" || bad="$bad stdout"
	cmp -s "$tmp/err" "$tmp/want_err" || bad="$bad stderr"
	[ "$rc" = "$want_rc" ] || bad="$bad status($rc, want $want_rc)"
	if [ -n "$bad" ]; then
		echo "FAIL: $name:$bad"
		diff -u "$case/expected.out" "$tmp/out" | head -40
		diff -u "$tmp/want_err" "$tmp/err" | head -20
		fails=$((fails + 1))
	else
		echo "ok: $name"
	fi
done
echo "golden: $count cases, $fails failed"
[ "$fails" = 0 ] && [ "$count" -gt 0 ]
