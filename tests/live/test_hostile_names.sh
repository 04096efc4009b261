#!/bin/bash
# Live: hostile names.  A process whose name holds ESC sequences and a
# newline holds unix sockets whose names hold ESC, BEL, CR, TAB, newline,
# invalid UTF-8 and a newline followed by a forged /proc/net/unix line.  In
# every format, stdout and stderr hold no byte below 0x20 but newline (and
# TAB as the TSV separator), every socket is one line, and with the netlink
# source no forged socket appears.
. "$(dirname "$0")/lib.sh"
live_enter "$@"
bin=$PORTSTAT here=$(cd "$(dirname "$0")" && pwd)
cd "$LIVE_TMP" || exit 1

forged='\n0000000000000000: 00000002 00000000 00010000 0001 01 4242424 forged.sock'
live_spawn python3 "$here/sockpop.py" 'comm:ev\x1b[1mil\nx' \
	'unix-stream:hostile-esc\x1b[31mred' 'unix-dgram:hostile-bel\x07cr\rtab\t' \
	'unix-dgram:hostile-nl\nname' 'unix-dgram:hostile-bad\xff\xfeutf' \
	"unix-dgram:hostile-forge$forged" 'unix-seqpacket:@hostile-abs\x1b]0;title\x07'

# Both sources and the process name are part of the test: a probe that
# fails is a failure, not a narrower test.
"$PORTSTAT" --source=netlink -x >/dev/null 2>probe.err
live_check "--source=netlink works (needed by the forged-socket check)" "0 " \
	"$? $(cat probe.err)"
"$PORTSTAT" -p -x >/dev/null 2>probe.err
live_check "-p works (needed by the process-name check)" "0 " "$? $(cat probe.err)"

# no_controls NAME FILE [ALLOWED]: no byte below 0x20 but \n (and ALLOWED), no DEL.
no_controls() {
	local bad
	bad=$(LC_ALL=C tr -d "\n$3" <"$2" | LC_ALL=C tr -d ' -~\200-\377' | od -An -c | head -3)
	live_check "$1: no control bytes" "" "$bad"
}

for src in netlink proc; do
	sel="--source=$src"
	[ "$src" = proc ] && sel="--proc-root /proc"
	# The truth: JSON strings carry the exact bytes.
	# shellcheck disable=SC2086
	"$bin" -ax $sel -p --json >json.out 2>json.err
	no_controls "$src json" json.out
	no_controls "$src json stderr" json.err
	# (jq's contains() stops at a NUL, as in an abstract name: use index.)
	want=$(jq '[.sockets[] | select(.path != null and (.path | index("hostile-")) != null)] | length' json.out)
	[ "$src" = netlink ] && live_check "$src: all hostile sockets seen" 7 "$want"
	for fmt in table -e --jsonl --csv --tsv; do
		[ "$fmt" = table ] && fmt=""
		# shellcheck disable=SC2086
		"$bin" -ax $sel -p $fmt >out 2>err
		allowed=""
		[ "$fmt" = --tsv ] && allowed='\t'
		no_controls "$src ${fmt:-table}" out "$allowed"
		no_controls "$src ${fmt:-table} stderr" err
		live_check "$src ${fmt:-table}: one line per socket" "$want" "$(grep -c 'hostile-' out)"
		if [ "$fmt" = --jsonl ]; then
			grep -q 'hostile-esc\\u001b\[31mred' out
		else
			grep -q 'hostile-esc\\x1b\[31mred' out
		fi
		live_check "$src ${fmt:-table}: ESC shown escaped" 0 "$?"
		if [ "$fmt" = --jsonl ]; then
			grep -q 'ev\\u001b\[1mil\\nx' out
		else
			grep -q 'ev\\x1b\[1mil\\nx' out
		fi
		live_check "$src ${fmt:-table}: process name escaped" 0 "$?"
	done
	if [ "$src" = proc ]; then
		# Control: /proc/net/unix cannot carry a newline, so the forged line
		# parses as a socket there; the netlink check below must not see it.
		n=$(jq '[.sockets[] | select(.inode == 4242424)] | length' json.out)
		live_check "proc json: the forged line is a socket (control)" 1 "$n"
	fi
	if [ "$src" = netlink ]; then
		n=$(jq '[.sockets[] | select(.inode == 4242424 or .path == "forged.sock")] | length' json.out)
		live_check "netlink json: no forged socket" 0 "$n"
		"$bin" -ax --source=netlink -W >out
		n=$(grep -c '^unix  *[0-9][0-9]*  *\[[^]]*\]  *[A-Z]*  *[^ ]*  *4242424 ' out)
		live_check "netlink table: no forged row" 0 "$n"
		# The exact bytes survive in JSON (the _hex twin for invalid UTF-8).
		n=$(jq '[.sockets[] | select(.path_hex == ("hostile-bad" | explode | map(. as $c | "0123456789abcdef"[($c / 16 | floor):($c / 16 | floor) + 1] + "0123456789abcdef"[($c % 16):($c % 16) + 1]) | add) + "fffe757466")] | length' json.out)
		live_check "netlink json: invalid UTF-8 kept exactly in path_hex" 1 "$n"
		n=$(jq '[.sockets[] | select(.path == "hostile-nl\nname")] | length' json.out)
		live_check "netlink json: newline decoded exactly" 1 "$n"
	fi
done
live_finish
