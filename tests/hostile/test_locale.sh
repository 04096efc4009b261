#!/bin/bash
# Hostile host: the output must not depend on the locale.  A saved unix
# file holds names with valid UTF-8, invalid bytes, a C1 control, ESC and
# DEL; under LC_ALL=C, a UTF-8 locale and a locale that does not exist the
# output is byte-identical, valid UTF-8 is kept and everything else is
# escaped.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../live/lib.sh"
portstat=$(readlink -f "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/tree/net"
{
	echo 'Num       RefCount Protocol Flags    Type St Inode Path'
	printf '0000000000000000: 00000002 00000000 00010000 0001 01  101 /run/caf\xc3\xa9-\xe2\x82\xac.sock\n'
	printf '0000000000000000: 00000002 00000000 00010000 0001 01  102 @bad\xff\xc3(\xed\xa0\x80\n'
	printf '0000000000000000: 00000002 00000000 00010000 0001 01  103 @c1\xc2\x85esc\x1b[31mdel\x7f\n'
} >"$tmp/tree/net/unix"

utf8=$(locale -a 2>/dev/null | grep -i -m1 -E '^(C|en_US)\.utf-?8$')
[ -n "$utf8" ] || utf8=C.UTF-8
for loc in C "$utf8" xx_XX.UTF-8; do
	LC_ALL=$loc "$portstat" -xanH --proc-root "$tmp/tree" >"$tmp/out.$loc" 2>"$tmp/err.$loc"
	live_check "$loc: status" 0 $?
	live_check "$loc: nothing on stderr" "" "$(cat "$tmp/err.$loc")"
done
live_check "C and $utf8 give the same bytes" same \
	"$(cmp -s "$tmp/out.C" "$tmp/out.$utf8" && echo same || echo differ)"
live_check "C and an unknown locale give the same bytes" same \
	"$(cmp -s "$tmp/out.C" "$tmp/out.xx_XX.UTF-8" && echo same || echo differ)"
out=$(cat "$tmp/out.C")
live_check "valid UTF-8 kept" 1 "$(grep -cF "$(printf '/run/caf\xc3\xa9-\xe2\x82\xac.sock')" <<<"$out")"
live_check "invalid UTF-8 escaped" 1 "$(grep -cF ' @bad\xff\xc3(\xed\xa0\x80' <<<"$out")"
live_check "C1, ESC and DEL escaped" 1 "$(grep -cF ' @c1\xc2\x85esc\x1b[31mdel\x7f' <<<"$out")"
live_finish
