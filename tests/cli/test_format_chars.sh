#!/bin/sh
# Unicode format characters that reorder or hide text come out escaped: a
# unix socket named "/run/evil" U+202E "exe.sh" would read as
# "/run/evilhs.exe" in a terminal.  The table, CSV and stderr show its
# bytes as \xHH (the escape every other unsafe byte gets); JSON writes
# \u202e, the same string.  A saved /proc tree carries the name.
bin=$1
fail() { printf 'FAIL: %s\n' "$*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rlo=$(printf '\342\200\256') # U+202E RIGHT-TO-LEFT OVERRIDE
zwsp=$(printf '\342\200\213') # U+200B ZERO WIDTH SPACE
mkdir -p "$tmp/root/net"
{
	echo 'Num       RefCount Protocol Flags    Type St Inode Path'
	echo "0000000000000000: 00000002 00000000 00010000 0001 01 100 /run/evil${rlo}exe.sh"
	echo "0000000000000000: 00000002 00000000 00010000 0001 01 101 /run/a${zwsp}b"
} >"$tmp/root/net/unix"
p() { timeout 10 "$bin" -xan -H --proc-root "$tmp/root" -O local "$@"; }

[ "$(p)" = '/run/a\xe2\x80\x8bb
/run/evil\xe2\x80\xaeexe.sh' ] || fail "table: $(p | od -c | head -5)"
[ "$(p --csv)" = '/run/a\xe2\x80\x8bb
/run/evil\xe2\x80\xaeexe.sh' ] || fail "CSV: $(p --csv | od -c | head -5)"
got=$(timeout 10 "$bin" -xan --json --proc-root "$tmp/root" | grep -o '"path":"[^"]*"')
[ "$got" = '"path":"/run/a\u200bb"
"path":"/run/evil\u202eexe.sh"' ] || fail "JSON: $got"
# Nowhere the raw bytes.
for f in "" --csv --tsv --json; do
	out=$(timeout 10 "$bin" -xan $f --proc-root "$tmp/root")
	case $out in
	*"$rlo"* | *"$zwsp"*) fail "raw format character with '$f'" ;;
	esac
done
echo "ok: format characters escaped"
