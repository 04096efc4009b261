#!/bin/sh
# test_openmetrics.sh BINARY TREES - --openmetrics on every saved tree
# (a directory with net/tcp) passes `promtool check metrics` (Debian's
# prometheus package, a test dependency: missing, this fails), repeats no
# series, holds no control byte but newline and ends with "# EOF"; and
# --textfile writes the same families into DIR/portstat.prom, leaves no
# temporary file, and fails a directory it cannot write with one line on
# stderr and status 3.
bin=$1
trees=$2
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v promtool >/dev/null || { echo "FAIL: promtool not installed (scripts/deps --test)"; exit 1; }

# check NAME FILE: the checks every output must pass.
check() {
	before=$fails
	if ! promtool check metrics <"$2" >"$tmp/lint" 2>&1; then
		fail "$1: promtool check metrics: $(head -3 "$tmp/lint")"
	fi
	dups=$(grep -v '^#' "$2" | sed 's/ [^ ]*$//' | sort | uniq -d | head -3)
	[ -z "$dups" ] || fail "$1: repeated series: $dups"
	[ "$(tail -n1 "$2")" = "# EOF" ] || fail "$1: the last line is not # EOF"
	[ "$(grep -c '^# EOF$' "$2")" = 1 ] || fail "$1: # EOF more than once"
	if LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" "$2"; then
		fail "$1: a control byte in the output"
	fi
	for f in $(sed -n 's/^# TYPE \([^ ]*\) .*/\1/p' "$2"); do
		grep -q "^# HELP $f " "$2" || fail "$1: $f has no # HELP"
	done
	grep -q 'unix' "$2" && fail "$1: unix sockets in the output"
	[ "$fails" = "$before" ] && echo "ok: $1"
}

n=0
for t in "$trees"/*/; do
	[ -f "$t/net/tcp" ] || continue
	name=$(basename "$t")
	n=$((n + 1))
	"$bin" --openmetrics --proc-root "$t" >"$tmp/$name.prom" 2>"$tmp/err"
	rc=$?
	[ "$rc" = 0 ] || fail "$name: status $rc: $(cat "$tmp/err")"
	check "tree $name" "$tmp/$name.prom"
done
[ "$n" -ge 3 ] || fail "only $n trees found under $trees"

# The pressure tree's busiest port space, and -l leaving connections out.
grep -q '^portstat_ephemeral_max_use_ratio{netns=""} 0.875000$' "$tmp/pressure.prom" ||
	fail "pressure: the highest use ratio is not 7 of 8 usable ports"
"$bin" --openmetrics -l --proc-root "$trees/pressure" >"$tmp/l.prom" 2>/dev/null
grep -q 'state="ESTABLISHED"' "$tmp/l.prom" && fail "-l: connections counted"
check "tree pressure -l" "$tmp/l.prom"

# --textfile: the file, and nothing else, in DIR.
mkdir "$tmp/dir"
"$bin" --textfile "$tmp/dir" --proc-root "$trees/pressure" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" = 0 ] || fail "--textfile: status $rc: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && fail "--textfile: wrote to standard output"
[ "$(ls -A "$tmp/dir")" = portstat.prom ] || fail "--textfile: DIR holds: $(ls -A "$tmp/dir")"
[ -f "$tmp/dir/portstat.prom" ] && check "--textfile" "$tmp/dir/portstat.prom"
mode=$(stat -c %a "$tmp/dir/portstat.prom" 2>/dev/null)
[ "$mode" = 644 ] || fail "--textfile: mode $mode, want 644 (node_exporter reads as its own user)"

# --textfile DIR that is not a directory, and one that cannot be written.
"$bin" --textfile "$tmp/none" --proc-root "$trees/pressure" >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 3 ] && [ "$(wc -l <"$tmp/err")" = 1 ] ||
	fail "--textfile missing DIR: status $rc, stderr: $(cat "$tmp/err")"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	mkdir "$tmp/ro" && chmod 755 "$tmp/ro" && chmod 755 "$tmp"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" --textfile "$tmp/ro" \
		--proc-root "$trees/pressure" >/dev/null 2>"$tmp/err"
	rc=$?
	[ "$rc" = 3 ] && [ "$(wc -l <"$tmp/err")" = 1 ] &&
		grep -q 'cannot write portstat.prom' "$tmp/err" ||
		fail "--textfile unwritable DIR: status $rc, stderr: $(cat "$tmp/err")"
	[ -z "$(ls -A "$tmp/ro")" ] || fail "--textfile unwritable DIR: left $(ls -A "$tmp/ro")"
fi

# Usage errors: status 2.
for args in "-s" "-O proto" "--json" "--csv" "--published"; do
	# shellcheck disable=SC2086
	"$bin" --openmetrics $args --proc-root "$trees/pressure" >/dev/null 2>&1
	rc=$?
	[ "$rc" = 2 ] || fail "--openmetrics $args: status $rc, want 2"
done

[ "$fails" = 0 ] && echo "openmetrics: all checks passed"
[ "$fails" = 0 ]
