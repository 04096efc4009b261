#!/bin/bash
# Hostile host: a services file (--services) full of garbage -- binary
# bytes, NULs, terminal escapes, ports out of range, missing protocols, a
# 1 MiB line and a 100 KiB line -- around two good entries.  The good
# entries are used, the rest skipped with at most one escaped warning, and
# the table prints with status 0.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../live/lib.sh"
portstat=$(readlink -f "$1")
tree=$2/basic # listeners on 22 and 5432
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
	printf 'garbage\n\x00\x01\x02 22/tcp\n\x1b[2J\x1b]0;owned\x07 5432/tcp\n'
	printf 'toobig 70000/tcp\nnegative -5/tcp\nnoproto 22\nbadproto 22/xyz\n/tcp\n   \n\t\n'
	head -c 1048576 /dev/zero | tr '\0' 'x'
	printf ' 22/tcp\n'
	printf 'hostile-pg 5432/tcp\n'
	head -c 102400 /dev/urandom | tr -d '\n'
	printf '\nhostile-ssh\t22/tcp\t\talias-one alias-two # comment\n'
	printf 'nonewline 9/tcp'
} >"$tmp/services"

"$portstat" -tlH --numeric-hosts --proc-root "$tree" --services "$tmp/services" >"$tmp/out" 2>"$tmp/err"
live_check "status" 0 $?
live_check "good entry before the huge lines used" 1 "$(grep -c ':hostile-pg ' "$tmp/out")"
live_check "good entry after the huge lines used" 1 "$(grep -c ':hostile-ssh ' "$tmp/out")"
live_check "at most one warning" yes "$([ "$(wc -l <"$tmp/err")" -le 1 ] && echo yes || echo no)"
live_check "no control byte in output or warning" 0 \
	"$(cat "$tmp/out" "$tmp/err" | LC_ALL=C grep -c $'[\x01-\x08\x0b-\x1f\x7f]')"
live_finish
