#!/bin/bash
# Live: -s/--summary in a namespace whose ephemeral range is narrowed to
# 40000-40099 (100 ports).  85 clients connect to one listener and 10 of
# them close first (TIME-WAIT): that destination must show 85 of 100 ports,
# 85.0% and the "high" flag, an 11.8% TIME-WAIT share; the state counts must
# equal ss -s's (estab, timewait) and ss's per-state listing; the JSON and
# JSON Lines summaries are parsed with python3 and jq.  Also: the reserved
# ports list shrinks the usable range, filters, -l, --proc-root, --top,
# -c showing the change since the previous round, pressure per source address
# and connections in an accept queue, which are not orphans.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
command -v ss >/dev/null || live_skip "ss(8) not installed"
command -v jq >/dev/null || live_skip "jq not installed"

sysctl -qw net.ipv4.ip_local_port_range="40000 40099" || live_skip "cannot narrow the port range"
sysctl -qw net.ipv4.ip_local_reserved_ports="" || live_skip "cannot clear reserved ports"
live_spawn python3 "$here/sockpop.py" tcp-clients:127.0.0.1:5000:85:10 udp:127.0.0.1:5353

out="$LIVE_TMP/out.txt"
"$PORTSTAT" -s --services /dev/null >"$out" 2>"$LIVE_TMP/err.txt"
live_check "exit status" 0 "$?"
live_check "stderr" "" "$(cat "$LIVE_TMP/err.txt")"

# Pressure row: proto, destination, used, usable, use%, time_wait%, flag.
live_check "pressure row" "tcp 127.0.0.1 127.0.0.1:5000 85 100 85.0 11.8 high" \
	"$(awk '$3 == "127.0.0.1:5000" && NF == 8 { print }' "$out" | tr -s ' ')"
live_check "range line" \
	"Ephemeral port pressure (range 40000-40099: 100 ports, 0 reserved, 100 usable)" \
	"$(grep '^Ephemeral port pressure' "$out")"
live_check "local service" "tcp 5000 - yes 75 ESTABLISHED=75" \
	"$(awk '$1 == "tcp" && $2 == "5000" { print }' "$out" | tr -s ' ')"
live_check "remote service" "tcp 127.0.0.1:5000 - 85 ESTABLISHED=75,TIME_WAIT=10" \
	"$(awk '$2 == "127.0.0.1:5000" && NF == 5 { print }' "$out" | tr -s ' ')"

# ss -s: estab (tcpCurrEstab: both ends) and timewait are this namespace's.
# Its closed and orphaned come from host-wide counters (see portstat(8)).
ss_line=$(ss -s | grep '^TCP:')
ss_estab=$(sed -n 's/.*estab \([0-9]*\).*/\1/p' <<<"$ss_line")
ss_tw=$(sed -n 's/.*timewait \([0-9]*\).*/\1/p' <<<"$ss_line")
ps_line=$(grep '^TCP:' "$out")
live_check "estab as ss -s" "$ss_estab" "$(sed -n 's/.*estab \([0-9]*\).*/\1/p' <<<"$ps_line")"
live_check "timewait as ss -s" "$ss_tw" "$(sed -n 's/.*timewait \([0-9]*\).*/\1/p' <<<"$ps_line")"
live_check "estab is 150" 150 "$ss_estab"
live_check "TCP total" "TCP:   161 (estab 150, closed 0, orphaned 0, timewait 10)" "$ps_line"
for st in ESTABLISHED:established TIME_WAIT:time-wait LISTEN:listening; do
	ours=$(awk -v s="${st%%:*}" '$1 == "tcp" && $2 == s && NF == 3 { print $3 }' "$out")
	theirs=$(ss -Htan state "${st#*:}" | wc -l)
	live_check "tcp ${st%%:*} as ss" "$theirs" "$ours"
done
live_check "udp UNCONN" 1 "$(awk '$1 == "udp" && $2 == "UNCONN" { print $3 }' "$out")"

# JSON: one document, the summary object instead of the sockets.
"$PORTSTAT" -s --json >"$LIVE_TMP/s.json"
live_check "json exit status" 0 "$?"
live_check "json parsed by python3" "85 100 85.0 high 10 11.8" "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert "sockets" not in d and d["schema"] == 4
p = [x for x in d["summary"]["pressure"] if x["address"] == "127.0.0.1" and x["port"] == 5000][0]
assert p["source"] == "127.0.0.1"
print(p["used"], p["usable"], p["percent"], p["flag"], p["time_wait"], p["time_wait_percent"])
' "$LIVE_TMP/s.json")"
live_check "json tcp counts (jq)" "150 10 161" \
	"$(jq -r '.summary.tcp | "\(.estab) \(.timewait) \(.total)"' "$LIVE_TMP/s.json")"
live_check "json states (jq)" "150 10 1" \
	"$(jq -r '.summary.states.tcp | "\(.ESTABLISHED) \(.TIME_WAIT) \(.LISTEN)"' "$LIVE_TMP/s.json")"
live_check "json ephemeral range (jq)" "40000 40099 100" \
	"$(jq -r '.summary.ephemeral | "\(.low) \(.high) \(.usable)"' "$LIVE_TMP/s.json")"
live_check "json local service (jq)" "5000 true 75" \
	"$(jq -r '.summary.local_services[] | select(.proto == "tcp") | "\(.port) \(.listening) \(.connections)"' "$LIVE_TMP/s.json")"

# Reserved ports inside the range shrink it: 85 of 90.
sysctl -qw net.ipv4.ip_local_reserved_ports="40090-40099,50000"
live_check "reserved: 85 of 90" "85 90 94.4 high" \
	"$("$PORTSTAT" -s --json | jq -r '.summary.pressure[0] | "\(.used) \(.usable) \(.percent) \(.flag)"')"
sysctl -qw net.ipv4.ip_local_reserved_ports=""

# Filters, -l, --proc-root and --top.
live_check "--dport 5000: pressure kept" "85 85" \
	"$("$PORTSTAT" -s --json --dport 5000 | jq -r '"\(.summary.pressure[0].used) \(.summary.tcp.total)"')"
live_check "-l: listeners only" "1 0" \
	"$("$PORTSTAT" -s -l -t --json | jq -r '"\(.summary.tcp.total) \(.summary.pressure | length)"')"
live_check "--proc-root /proc: same row" "tcp 127.0.0.1 127.0.0.1:5000 85 100 85.0 11.8 high" \
	"$("$PORTSTAT" -s --proc-root /proc | awk '$3 == "127.0.0.1:5000" && NF == 8' | tr -s ' ')"
live_check "--top 1: one local service" 1 \
	"$("$PORTSTAT" -s --top 1 --json | jq '.summary.local_services | length')"
"$PORTSTAT" -s --dport 6553 >/dev/null
live_check "no match: exit 1" 1 "$?"

# JSON Lines with -c: one summary a round.
# Two lines are read, then the pipe closes and ends the run (status 0):
# no deadline that a slow run (valgrind) could miss; timeout only guards a hang.
timeout 60 "$PORTSTAT" -s --jsonl -c 0.5 | head -n 2 >"$LIVE_TMP/s.jsonl"
live_check "jsonl rounds" "1 2" "$(jq -r '.round' "$LIVE_TMP/s.jsonl" | head -2 | tr '\n' ' ' | sed 's/ $//')"
live_check "jsonl summary" 85 "$(head -1 "$LIVE_TMP/s.jsonl" | jq '.summary.pressure[0].used')"

# -c with -s: the second round shows what changed meanwhile (+3 clients, +3
# accepted, +1 listener).
# The rounds are awaited, not timed: a loaded machine may start late.
rounds() { grep -c '^Total:' "$LIVE_TMP/c.txt" 2>/dev/null || true; }
await_rounds() { # await_rounds N: at most 20 s
	i=0
	while [ "$(rounds)" -lt "$1" ] && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
"$PORTSTAT" -s -c 2 >"$LIVE_TMP/c.txt" &
cpid=$!
await_rounds 1
live_spawn python3 "$here/sockpop.py" tcp-clients:127.0.0.1:6000:3:0
# A round that starts after the clients are up shows them; the next round
# printed may have started before (its output is not written yet).
await_rounds $(($(rounds) + 2))
kill "$cpid"
wait "$cpid" 2>/dev/null
live_check "round 1: no change shown" 1 "$(grep -m1 '^Total:' "$LIVE_TMP/c.txt" | grep -cE '^Total: [0-9]+$')"
live_check "a round: total +7" 1 "$(grep -cE '^Total: [0-9]+ \(\+7\)$' "$LIVE_TMP/c.txt")"
live_check "no round with another change" 0 \
	"$(grep -E '^Total: [0-9]+ \(' "$LIVE_TMP/c.txt" | grep -cvE '\((0|\+7)\)$')"
live_check "that round: new destination +3" "+3" \
	"$(awk '$3 == "127.0.0.1:6000" && NF == 9 { print $9 }' "$LIVE_TMP/c.txt" | head -1)"

# 20 more clients from another source address, left in the listener's accept
# queue: each source has its own ports (85 of 100 and 20 of 100, not 105 of
# 100), and connections not yet accepted (no file, inode 0) are not orphans.
live_spawn python3 -c '
import socket, signal
held = []
for _ in range(20):
    s = socket.socket()
    s.bind(("127.0.0.2", 0))
    s.connect(("127.0.0.1", 5000))
    held.append(s)
print("ready", flush=True)
signal.pause()'
"$PORTSTAT" -s -t --services /dev/null >"$out"
live_check "per source: 127.0.0.1" "tcp 127.0.0.1 127.0.0.1:5000 85 100 85.0 11.8 high" \
	"$(awk '$2 == "127.0.0.1" && $3 == "127.0.0.1:5000" && NF == 8 { print }' "$out" | tr -s ' ')"
live_check "per source: 127.0.0.2" "tcp 127.0.0.2 127.0.0.1:5000 20 100 20.0 0.0 -" \
	"$(awk '$2 == "127.0.0.2" && $3 == "127.0.0.1:5000" && NF == 8 { print }' "$out" | tr -s ' ')"
live_check "accept queue: not orphaned" "orphaned 0" \
	"$(grep -o 'orphaned [0-9]*' "$out")"
live_check "accept queue: inode 0 as ss sees it" 20 \
	"$(ss -Htane state established '( sport = :5000 )' | grep -c ' ino:0 ')"

live_finish
