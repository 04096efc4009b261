#!/bin/bash
# tests/support/record_conntrack.sh CONNTRACK_TOOL - re-records the unit
# tests' conntrack dumps (tests/fixtures/conntrack/) from real NATed flows:
# tests/live/nat_lab.sh's network, built in namespaces this script makes
# (root; never the host's ruleset or conntrack table), read in its router
# namespace R.  Writes ct4.bin and ct6.bin (one CTNETLINK dump each, AF_INET
# and AF_INET6, as the kernel sent them) and conntrack-L.txt (`conntrack -L`
# of the same moment, for a reader).  Run it by hand and review the diff: recordings are committed.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/live/lib.sh"
. "$top/tests/live/nat_lab.sh"
live_enter "$@"
tool=$PORTSTAT
out=$top/tests/fixtures/conntrack
nat_lab_up
nat_lab_flows
sleep 0.5
"$tool" record "$NAT_R" 4 "$out/ct4.bin" || exit 1
"$tool" record "$NAT_R" 6 "$out/ct6.bin" || exit 1
nsenter --net="$NAT_R" conntrack -L 2>/dev/null | sort >"$out/conntrack-L.txt"
echo "recorded under $out"
