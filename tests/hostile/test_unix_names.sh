#!/bin/bash
# Hostile host, live: unix socket names that test the edges of sun_path --
# a path of the full 108 bytes with no terminating NUL, an abstract name
# made only of NULs, names carrying terminal escapes and invalid UTF-8, one
# with U+202E RIGHT-TO-LEFT OVERRIDE (which makes "rlo<RLO>exe.sh" read as
# "rlohs.exe"), and one whose newline forges a /proc line -- through both
# sources.  Every name
# (but the forging one under /proc) must come out whole, escaped, on one
# line, and no control byte may reach the output.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../live/lib.sh"
live_enter "$@"
portstat=$PORTSTAT
cd "$LIVE_TMP" || exit 1

long=$(printf 'p%.0s' $(seq 1 108)) # relative to $LIVE_TMP: exactly 108 bytes
live_spawn python3 "$here/fullpath_sock.py" "$long"
live_spawn python3 "$here/../live/sockpop.py" 'unix-dgram:@\x00\x00\x00' \
	'unix-dgram:@\x1b]0;owned\x07\x1b[2J' 'unix-dgram:@bad\xff\xfeutf8' \
	'unix-dgram:@rlo\xe2\x80\xaeexe.sh' \
	'unix-dgram:@forge\n0000000000000000: 00000002 00000000 00010000 0001 01 4242 /forged'

for src in proc netlink; do
	out=$("$portstat" -xanH --source=$src 2>"$LIVE_TMP/err")
	live_check "$src: exit status" 0 $?
	live_check "$src: no control byte on stderr" 0 \
		"$(LC_ALL=C grep -c $'[\x01-\x08\x0b-\x1f\x7f]' "$LIVE_TMP/err")"
	live_check "$src: 108-byte path whole" 1 "$(grep -c -- " $long\$" <<<"$out")"
	live_check "$src: abstract NUL name as @@@@" 1 "$(grep -c -- ' @@@@$' <<<"$out")"
	live_check "$src: escape sequences escaped" 1 \
		"$(grep -cF -- ' @\x1b]0;owned\x07\x1b[2J' <<<"$out")"
	live_check "$src: invalid UTF-8 escaped" 1 "$(grep -cF -- ' @bad\xff\xfeutf8' <<<"$out")"
	live_check "$src: U+202E escaped" 1 "$(grep -cF -- ' @rlo\xe2\x80\xaeexe.sh' <<<"$out")"
	live_check "$src: no raw U+202E" 0 "$(grep -c $'\xe2\x80\xae' <<<"$out")"
	live_check "$src: no control byte in output" 0 \
		"$(LC_ALL=C grep -c $'[\x01-\x08\x0b-\x1f\x7f]' <<<"$out")"
done
# /proc/net/unix prints names raw: a newline in a name ends the line and
# what follows reads as another socket (the forging problem of portstat(8)).
# The netlink source, the default, carries names as bytes and cannot be fooled.
out=$("$portstat" -xanH 2>"$LIVE_TMP/err")
live_check "netlink: newline escaped, name whole" 1 \
	"$(grep -cF -- ' @forge\n0000000000000000: 00000002 00000000 00010000 0001 01 4242 /forged' <<<"$out")"
live_check "netlink: no forged socket" 0 "$(grep -vF '@forge' <<<"$out" | grep -c '/forged')"
live_check "netlink: one line per socket" 6 "$(grep -c . <<<"$out")"
live_check "netlink: nothing on stderr" "" "$(cat "$LIVE_TMP/err")"
live_finish
