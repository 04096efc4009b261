#!/bin/bash
# Live: every FILTER form, IPv4 and IPv6, with both sources, against a known
# population; the proc and netlink sources list the same rows for every
# filter; the kernel, given the inet_diag bytecode, selects exactly the
# sockets the user-space filter selects (tests/diag_probe); bad filters
# exit 2, no match exits 1.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
portstat=$PORTSTAT
probe=$(dirname "$portstat")/tests/diag_probe
cd "$LIVE_TMP" || exit 1
live_spawn python3 "$here/sockpop.py" \
	tcp-listen:0.0.0.0:22 tcp-pair:127.0.0.1:8080 tcp-pair:127.0.0.2:8443 \
	tcp-pair:[::1]:8080 "tcp-pair:[::ffff:127.0.0.1]:3306" tcp-listen:[::]:443 \
	udp:127.0.0.1:5353 udp:[::1]:5353 udp-conn:127.0.0.1:40000:5353

# rows FILTER...: "proto local remote state" per socket, sorted, for one source.
rows() {
	local src=$1
	shift
	"$portstat" -tuanH --source="$src" "$@" 2>/dev/null | awk '{print $1, $4, $5, $6}' | sort
}
count() { rows proc "$@" | grep -c .; }

check_filter() { # check_filter EXPECTED_COUNT FILTER...
	local want=$1
	shift
	live_check "proc: $* -> $want" "$want" "$(count "$@")"
	live_check "netlink = proc: $*" "$(rows proc "$@")" "$(rows netlink "$@")"
}

check_filter 6 :8080                  # listener and pair on v4, and on v6
check_filter 1 :ssh
check_filter 9 :8000-8500             # 8080 on both families, 8443
check_filter 10 127.0.0.1             # v4 8080, 8443 client, UDP, mapped v6
check_filter 3 127.0.0.2
check_filter 6 127.0.0.0/8:8000-9000  # 8080 and 8443 pairs, v4 only
check_filter 3 127.0.0.1:8080
check_filter 3 "[::1]:8080"
check_filter 4 ::1                    # v6 8080 x3 and UDP 5353
check_filter 1 "[::]/0:443"           # IPv6 sockets only
check_filter 3 "::ffff:127.0.0.1"     # the mapped pair and listener
check_filter 4 :22 :3306              # OR within a kind
check_filter 1 127.0.0.1 :40000       # AND across kinds
check_filter 2 --sport 8080 --state established
check_filter 2 --dport 8080
check_filter 1 --sport 40000 --dport 5353
check_filter 3 --state listening -4
check_filter 6 --state listening
check_filter 8 --state listen         # unconnected UDP counts as a server
check_filter 9 --state connected

"$portstat" -tan :9999 >/dev/null 2>&1
live_check "no match: status 1" 1 $?
"$portstat" -tan :8080 >/dev/null 2>&1
live_check "match: status 0" 0 $?
live_check "bad port: message" "portstat: bad filter ':99999': port out of range" \
	"$("$portstat" -tan :99999 2>&1)"
"$portstat" -tan :99999 >/dev/null 2>&1
live_check "bad port: status 2" 2 $?
"$portstat" -tan 300.1.1.1 >/dev/null 2>&1
live_check "bad address: status 2" 2 $?

# The kernel path: the same filters as inet_diag bytecode.
if [ -x "$probe" ]; then
	for f in :8080 :8000-8500 127.0.0.1 127.0.0.0/8:8000-9000 "[::1]:8080" ::ffff:127.0.0.1 \
		"[::]/0:443" ":22 :3306" "127.0.0.1 :40000"; do
		# shellcheck disable=SC2086
		"$probe" $f >"$LIVE_TMP/probe.out" 2>&1
		live_check "bytecode = user space: $f" 0 $?
	done
	# shellcheck disable=SC2086
	live_check "bytecode selects the right sockets: :8080" 6 \
		"$("$probe" :8080 | grep -c '^K tcp')"
else
	echo "note: $probe not built; bytecode check skipped"
fi
live_finish
