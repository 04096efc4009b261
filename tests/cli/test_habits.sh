#!/bin/sh
# Small things users hit: optional arguments as separate words, fractional
# intervals, state names as printed, options that clash, -c rounds in the
# table and in CSV, and columns aligned by display width for UTF-8 names.
bin=$1
tree=$2
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --color and -c take their value as the next word when it can only be that.
"$bin" -tn --color never --proc-root "$tree" >"$tmp/a" 2>"$tmp/err" ||
	fail "--color never: $(cat "$tmp/err")"
"$bin" -tn --color=never --proc-root "$tree" >"$tmp/b" || fail "--color=never failed"
cmp -s "$tmp/a" "$tmp/b" || fail "--color never and --color=never differ"
for c in "-c 0.5" "-c0.5" "--continuous=0.5" "--continuous 0.5"; do
	timeout -s INT 1.3 "$bin" -tn $c --proc-root "$tree" >"$tmp/c" 2>"$tmp/err"
	rc=$?
	[ "$rc" = 124 ] || [ "$rc" = 130 ] || fail "$c: status $rc: $(cat "$tmp/err")"
	n=$(grep -c '^Active Internet connections' "$tmp/c")
	[ "$n" -ge 2 ] || fail "$c: $n rounds in 1.3 s, want at least 2"
done

# The state names portstat prints select what they name, in any case.
owners=$tree/../owners
"$bin" -an --state time-wait --proc-root "$owners" >"$tmp/want" || fail "--state time-wait"
grep -q TIME_WAIT "$tmp/want" || fail "the owners tree has no TIME_WAIT row"
for s in TIME_WAIT time_wait Time-Wait; do
	"$bin" -an --state "$s" --proc-root "$owners" >"$tmp/got" 2>"$tmp/err" ||
		fail "--state $s: $(cat "$tmp/err")"
	cmp -s "$tmp/want" "$tmp/got" || fail "--state $s differs from --state time-wait"
done
"$bin" -an --state LISTEN --proc-root "$tree" >"$tmp/got" 2>"$tmp/err" ||
	fail "--state LISTEN: $(cat "$tmp/err")"
grep -q ' LISTEN ' "$tmp/got" || fail "--state LISTEN showed no LISTEN row"

# Options that cannot both hold are refused, not silently dropped.
expect_usage() {
	want=$1
	shift
	"$bin" "$@" --proc-root "$tree" >/dev/null 2>"$tmp/err"
	rc=$?
	[ "$rc" = 2 ] || fail "$*: status $rc, not 2"
	[ "$(head -n 1 "$tmp/err")" = "portstat: $want" ] || fail "$*: $(head -n 1 "$tmp/err")"
}
expect_usage "-l cannot be combined with --state (add 'listen' to the --state list)" \
	-l --state time-wait
expect_usage "--json cannot be combined with --csv" --json --csv
expect_usage "--tsv cannot be combined with --jsonl" --tsv --jsonl

# -c: every table round starts with a time stamp line; CSV has one header.
timeout -s INT 1.3 "$bin" -tn -c 0.5 --proc-root "$tree" >"$tmp/rounds"
marks=$(grep -Ec '^--- [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4} ---$' "$tmp/rounds")
titles=$(grep -c '^Active Internet connections' "$tmp/rounds")
[ "$titles" -ge 2 ] && [ "$marks" = "$titles" ] ||
	fail "-c: $marks time stamp lines for $titles rounds"
head -n 1 "$tmp/rounds" | grep -q '^--- ' || fail "-c: the first round has no time stamp line"
timeout -s INT 1.3 "$bin" -tn -H -c 0.5 --proc-root "$tree" >"$tmp/rounds"
grep -q '^---' "$tmp/rounds" && fail "-c -H printed a time stamp line"
for fmt in csv tsv; do
	timeout -s INT 1.3 "$bin" -tn --$fmt -c 0.5 --proc-root "$tree" >"$tmp/rounds"
	headers=$(grep -c '^proto' "$tmp/rounds")
	rows=$(grep -c '^tcp' "$tmp/rounds")
	one=$("$bin" -tn --$fmt --proc-root "$tree" | grep -c '^tcp')
	[ "$headers" = 1 ] || fail "--$fmt -c: $headers header lines, want 1"
	[ "$rows" -ge $((2 * one)) ] || fail "--$fmt -c: $rows rows, want at least two rounds"
done

# Columns align by display width: a UTF-8 path takes fewer columns than bytes.
mkdir -p "$tmp/tree"
cp -R "$tree/." "$tmp/tree/"
chmod -R u+w "$tmp/tree"
printf '%s\n' \
	'0000000000000001: 00000002 00000000 00000000 0001 01 70001 /run/caf\303\251.sock' \
	'0000000000000002: 00000002 00000000 00000000 0001 01 70002 /run/\346\227\245\346\234\254.sock' \
	'0000000000000003: 00000002 00000000 00000000 0001 01 70003 /run/plain.sock' |
	while IFS= read -r l; do printf "$l\n"; done >>"$tmp/tree/net/unix"
"$bin" -x -H -O path,inode --proc-root "$tmp/tree" >"$tmp/utf8" || fail "UTF-8 paths"
grep -q 'café' "$tmp/utf8" || fail "the UTF-8 path is not printed as is: $(cat "$tmp/utf8")"
# The display width of each row up to the inode must be the same.
widths=$(while IFS= read -r row; do
	printf '%s' "${row%% [0-9]*}" | LC_ALL=C.UTF-8 wc -L
done <"$tmp/utf8" | sort -u | wc -l)
[ "$widths" = 1 ] || fail "columns do not line up by display width:
$(cat "$tmp/utf8")"
echo "ok: small habits"
