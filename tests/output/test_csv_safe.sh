#!/bin/sh
# tests/output/test_csv_safe.sh PORTSTAT TREES - --csv-safe: a CSV or TSV
# cell that starts with = + - @ gets a single quote in front (a spreadsheet
# would evaluate it: OWASP's "CSV injection"), inside the quotes when the
# cell is quoted; a lone "-" is no formula and stays; without the option
# every cell is exact; --csv-safe without --csv or --tsv is a usage error.
bin=$1
trees=$2
fail() { printf 'FAIL: %s\n' "$*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Unix sockets named like formulas, one a lone "-", one with a comma.
mkdir -p "$tmp/root/net"
{
	echo 'Num       RefCount Protocol Flags    Type St Inode Path'
	n=100
	for path in '=1+2' '+SUM(A1)' '-2+3' '@abstract' '-' '=a,b' 'plain'; do
		echo "0000000000000000: 00000002 00000000 00010000 0001 01 $n $path"
		n=$((n + 1))
	done
} >"$tmp/root/net/unix"
cells() { # the local cell of each row (sorted by it)
	timeout 10 "$bin" -xan --proc-root "$tmp/root" -H -O local "$@"
}
[ "$(cells --csv --csv-safe)" = "'@abstract
'+SUM(A1)
-
'-2+3
'=1+2
\"'=a,b\"
plain" ] || fail "--csv --csv-safe gave: $(cells --csv --csv-safe)"
[ "$(cells --tsv --csv-safe)" = "'@abstract
'+SUM(A1)
-
'-2+3
'=1+2
'=a,b
plain" ] || fail "--tsv --csv-safe gave: $(cells --tsv --csv-safe)"
[ "$(cells --csv)" = "@abstract
+SUM(A1)
-
-2+3
=1+2
\"=a,b\"
plain" ] || fail "--csv (exact) gave: $(cells --csv)"

# Only with a format it changes.
timeout 10 "$bin" -an --proc-root "$trees/basic" --csv-safe >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 2 ] || fail "--csv-safe alone: status $rc, not 2"
[ "$(head -n 1 "$tmp/err")" = "portstat: --csv-safe needs --csv or --tsv" ] ||
	fail "--csv-safe alone said: $(cat "$tmp/err")"
echo "ok: --csv-safe"
