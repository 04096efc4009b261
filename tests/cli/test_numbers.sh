#!/bin/sh
# Decimal arguments: a number too big for its field, a sign, junk or an
# empty word is a usage error (status 2, one line on stderr), never a
# wrapped or truncated value; the largest value that fits still works.
# test_numbers.sh BINARY TREE
bin=$1
tree=$2
err=$(mktemp)
trap 'rm -f "$err"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# usage ARGS...: status 2 and one message line on stderr ("portstat: ..."),
# besides the --help hint that option errors add.
usage() {
	"$bin" --proc-root "$tree" "$@" >/dev/null 2>"$err"
	rc=$?
	[ "$rc" = 2 ] || fail "'$*' exited $rc, not 2 (usage error): $(cat "$err")"
	n=$(grep -cv "^Try 'portstat --help' for more information.\$" "$err")
	[ "$n" = 1 ] || fail "'$*' printed $n message lines on stderr, not 1"
	grep -q '^portstat: ' "$err" || fail "'$*' printed no 'portstat: ' message"
}

# status WANT ARGS...: runs and expects status WANT.
status() {
	want=$1
	shift
	"$bin" --proc-root "$tree" "$@" >/dev/null 2>"$err"
	rc=$?
	[ "$rc" = "$want" ] || fail "'$*' exited $rc, not $want: $(cat "$err")"
}

usage --pid 9999999999
usage --pid 2147483648
usage --pid +1
usage --pid -1
usage --user 4294967296
usage --user 99999999999999999999
usage --sport 65536
usage --dport ' 80'
usage :99999
usage 10.0.0.0/33
usage --top 0
usage --top 1000001
usage --top +5
usage --top ''
usage -c 0
usage -c 86401
usage --continuous=0x
usage --resolve-timeout 61
usage --resolve-timeout 60.001
usage --resolve-timeout 1.2345
usage --resolve-timeout -1
usage --resolve-timeout .5

status 1 --pid 2147483647
status 1 --user 4294967295
status 0 -an --top 1000000 -s
status 0 -an --resolve-timeout 60
status 0 -an --resolve-timeout 0.5
status 0 -an --sport 0-65535
status 0 -an 0.0.0.0/0

[ "$fails" = 0 ] || exit 1
echo "ok: decimal arguments"
