#!/bin/bash
# Live: in a fresh namespace with a known population, every output format
# (table, --json, --jsonl, --csv, --tsv) parses with a real parser and lists
# the same sockets as the table, for the default source and for /proc.
. "$(dirname "$0")/lib.sh"
live_enter "$@"
bin=$1 here=$(cd "$(dirname "$0")" && pwd)
cd "$LIVE_TMP" || exit 1
live_spawn python3 "$here/sockpop.py" tcp-pair:127.0.0.1:8080 "tcp-pair:[::1]:443" \
	tcp-listen:0.0.0.0:22 udp:0.0.0.0:53 udp-conn:127.0.0.1:40000:53 "udp:[::]:5353" \
	udplite:127.0.0.1:9999 raw:127.0.0.1:icmp "unix-stream:with space.sock" \
	unix-dgram:@abstract-name unix-seqpacket:seq.sock

for args in "-a" "-l" "-a --proc-root /proc" "-at" "-ax"; do
	# shellcheck disable=SC2086
	out=$(python3 "$here/../output/formats_agree.py" "$bin" $args 2>&1)
	live_check "formats agree: $args" 0 "$?"
	echo "$out"
done
n=$("$bin" -an --json | jq '[.sockets[] | select(.local.port == 8080 and .state == "ESTABLISHED")] | length')
live_check "jq finds the 8080 pair" 1 "$n"
n=$("$bin" -an --jsonl | jq -s '[.[] | select(.proto == "unix" and .path == "with space.sock")] | length')
live_check "jq finds the unix name with a space" 2 "$n"
live_finish
