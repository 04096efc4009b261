#!/bin/sh
# Error messages escape what the user typed exactly once: a backslash shows
# as \\ and a control byte as \x01, never \\\\ or \\x01 (the modules used to
# escape the word and main.c's reporter escaped the message again).
bin=$1
tree=$2
fail() { printf "FAIL: %s\n" "$*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ctl=$(printf 'a\001b')

# expect LINE ARGS...: the first line of stderr is LINE exactly, status 2.
expect() {
	want=$1
	shift
	timeout 10 "$bin" --proc-root "$tree" "$@" >/dev/null 2>"$tmp/err"
	rc=$?
	[ "$rc" = 2 ] || fail "$*: status $rc, not 2"
	got=$(head -n 1 "$tmp/err")
	[ "$got" = "$want" ] || fail "$*: said '$got', not '$want'"
}

expect "portstat: unknown column 'x\\\\y' (-O help lists the names)" -O 'x\y'
expect "portstat: unknown column 'a\\x01b' (-O help lists the names)" -O "$ctl"
expect "portstat: bad filter '--user a\\\\b': unknown user" --user 'a\b'
expect "portstat: bad filter '--user a\\x01b': unknown user" --user "$ctl"
expect "portstat: bad filter '--state a\\x01b': unknown state (established, syn-sent, syn-recv, fin-wait-1, fin-wait-2, time-wait, closed, close-wait, last-ack, listening, closing, all, connected, synchronized, listen, bucket, big, bound-inactive)" --state "$ctl"
expect "portstat: bad filter 'a\\\\b': unknown service name" -t dport = 'a\b'
expect "portstat: bad filter 'e:a\\\\b': bad address" -t 'e:a\b'
expect "portstat: bad filter '--sport x\\x01y': unknown service name" --sport "$(printf 'x\001y')"
echo "ok: error messages escape once"
