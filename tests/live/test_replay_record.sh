#!/bin/bash
# Live: a replay is what was recorded.  A protocol read from /proc while
# --dump-netlink recorded (ping sockets: sock_diag has none) is marked in the
# dump, and the replay says it is not there instead of showing nothing.
# Owners are the live machine's processes, not the recorded host's: -p,
# --pid, --command, --unit and the owner columns are refused (status 2) with
# --from-netlink.  Replayed rows say "source": "replay" in JSON.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
bin=$PORTSTAT
command -v python3 >/dev/null || live_skip "python3 not installed"
command -v jq >/dev/null || live_skip "jq not installed"
sysctl -qw net.ipv4.ping_group_range="0 2147483647" || live_skip "cannot allow ping sockets"
cd "$LIVE_TMP" || exit 1

cat >ping.py <<'EOF'
import socket, time
v4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
v4.bind(("127.0.0.1", 0))
print("ready", flush=True)
time.sleep(600)
EOF
live_spawn python3 ping.py
live_spawn python3 "$here/sockpop.py" tcp-listen:127.0.0.1:2222

"$bin" -4an >live.out 2>live.err
live_check "live: the ping socket is listed" 1 "$(grep -c '^icmp ' live.out)"
"$bin" -4an --dump-netlink dump.bin >/dev/null 2>rec.err
live_check "recording: status" "0 " "$? $(cat rec.err)"
"$bin" -4an --from-netlink dump.bin >replay.out 2>replay.err
live_check "replay: status" 0 "$?"
live_check "replay: says icmp was read from /proc and is not in it" 1 \
	"$(grep -c ': icmp: read from /proc while recording; not in this replay$' replay.err)"
live_check "replay: the TCP listener is there" 1 "$(grep -c '127.0.0.1:2222' replay.out)"
"$bin" -4tn --from-netlink dump.bin >/dev/null 2>tcp.err
live_check "replay of TCP alone: no word about icmp" "" "$(cat tcp.err)"
"$bin" -4an --from-netlink dump.bin --json 2>/dev/null >replay.json
live_check "replay json: rows say source replay" '["replay"]' \
	"$(jq -c '[.sockets[].source] | unique' replay.json)"

# Owners of a replay would be this machine's processes: refused.
for opt in -p "--pid 1" "--command python3" --unit "-O local,pid" "-O program"; do
	# shellcheck disable=SC2086
	"$bin" -an --from-netlink dump.bin $opt >own.out 2>own.err
	live_check "replay $opt: status 2" 2 "$?"
	live_check "replay $opt: one line on stderr, nothing on stdout" "1 0" \
		"$(wc -l <own.err) $(wc -c <own.out)"
done
live_finish
