#!/bin/sh
# netstat's and ss's options that portstat lacks answer with one line that
# names what to use instead, and status 2: not a bare "unknown option".
bin=$1
fail() { echo "FAIL: $*"; exit 1; }
err=$(mktemp)
trap 'rm -f "$err"' EXIT

# option|what the hint must name
while IFS='|' read -r opt want; do
	"$bin" $opt >/dev/null 2>"$err"
	rc=$?
	[ "$rc" = 2 ] || fail "$opt: status $rc, not 2"
	line=$(head -n 1 "$err")
	case $line in
	"portstat: '${opt%%=*}' is not a portstat option; "*"$want"*) ;;
	*) fail "$opt: got '$line', want a hint naming $want" ;;
	esac
done <<'CASES'
-r|ip route
-r|resolved unless -n
-F|ss -F FILE
-g|ip maddr
-M|conntrack -L
-M|ss -M
-Z|ss -Z
-C|ip route show cache
-F|ip route
-S|ss -S
--statistics|nstat
-b|ss -b
--route|ip route
CASES
# A letter inside a cluster is named alone; an option no tool has stays unknown.
"$bin" -tr 2>"$err" >/dev/null
grep -q "^portstat: '-r' is not a portstat option; for the routing table (netstat -r) use 'ip route'; " "$err" ||
	fail "-tr: $(head -n 1 "$err")"
"$bin" -j 2>"$err" >/dev/null
grep -q "^portstat: unknown option '-j'$" "$err" || fail "-j: $(head -n 1 "$err")"
echo "ok: netstat and ss options answer with what to use instead"
