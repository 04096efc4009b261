#!/bin/bash
# tests/fuzz/make_corpus.sh PORTSTAT - rebuilds the seed corpora under
# tests/fuzz/corpus/ from the repository's own golden trees and from
# captures made here, in a fresh network namespace with a known socket
# population (/proc/net files and a --dump-netlink recording).  Needs root
# (live_enter); run it by hand when the parsers learn new shapes, and
# review the diff: seeds are committed.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/live/lib.sh"
live_enter "$@"
set -eu
corpus=$here/corpus
cap=$LIVE_TMP/capture
mkdir -p "$cap/net"

cd "$LIVE_TMP"
live_spawn python3 "$top/tests/live/sockpop.py" \
	tcp-listen:0.0.0.0:22 tcp-pair:127.0.0.1:8080 tcp-listen:[::]:443 tcp-pair:[::1]:80 \
	"tcp-pair:[::ffff:127.0.0.1]:3306" tcp-timewait:127.0.0.1:7000 tcp-synsent:127.0.0.1:7001 \
	udp:0.0.0.0:53 udp-conn:127.0.0.1:40000:53 udp:[::]:5353 udplite:127.0.0.1:9999 \
	udplite:[::1]:9998 raw:0.0.0.0:icmp raw:[::]:icmpv6 \
	"unix-stream:$LIVE_TMP/a sock  with spaces" 'unix-stream:@abstract\x00with\x00nuls' \
	'unix-dgram:@\x1b[31mred\n' "unix-dgram:$LIVE_TMP/dgram.sock" \
	"unix-seqpacket:$LIVE_TMP/seq.sock"
for f in tcp tcp6 udp udp6 udplite udplite6 raw raw6 unix; do
	cat "/proc/net/$f" >"$cap/net/$f"
done
"$PORTSTAT" -an --source=netlink --dump-netlink "$cap/netlink.bin" >/dev/null 2>&1 || true

# Whole files: a selector byte (index into fuzz_proc_file.c's table), then the file.
files=(tcp tcp6 udp udp6 udplite udplite6 raw raw6 unix)
for i in "${!files[@]}"; do
	f=${files[$i]}
	sel="\\x$(printf %02x "$i")"
	for tree in "$cap" "$top"/tests/golden/trees/*; do
		[ -f "$tree/net/$f" ] || continue
		{ printf "$sel"; cat "$tree/net/$f"; } \
			>"$corpus/fuzz_proc_file/$(basename "$tree")-$f"
	done
done

# Single lines: a family byte (0: IPv4, 1: IPv6) or an Inode-column byte (1: has it).
n=0
for tree in "$cap" "$top"/tests/golden/trees/*; do
	for f in tcp tcp6 udp udp6 udplite udplite6 raw raw6 unix; do
		[ -f "$tree/net/$f" ] || continue
		case $f in *6 | unix) fam='\x01' ;; *) fam='\x00' ;; esac
		dir=fuzz_proc_inet
		[ "$f" = unix ] && dir=fuzz_proc_unix
		while IFS= read -r line; do
			n=$((n + 1))
			{ printf "$fam"; printf '%s' "$line"; } >"$corpus/$dir/$(basename "$tree")-$f-$n"
		done <"$tree/net/$f"
	done
done

# Services files: the built-in table's source, the host's file, the golden one.
cp "$top/data/services.builtin" "$corpus/fuzz_services/builtin"
[ -f /etc/services ] && head -c 65536 /etc/services >"$corpus/fuzz_services/etc-services"
cp "$top/tests/golden/trees/services" "$corpus/fuzz_services/golden"

# Escaping: the unix names captured above and a few mixed scripts.
awk 'NR > 1 && NF >= 8 { sub(/^([^ ]+ +){7}/, ""); print }' "$cap/net/unix" |
	while IFS= read -r name; do
		n=$((n + 1))
		printf '%s' "$name" >"$corpus/fuzz_escape/unix-$n"
	done
printf 'caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7' >"$corpus/fuzz_escape/utf8"
printf 'a\\b\tc\nd\re\x1b[0m\x7f\xc2\x85\xff\xed\xa0\x80' >"$corpus/fuzz_escape/controls"
printf '\x00abstract\x00\x00' >"$corpus/fuzz_escape/nuls"

# Netlink: the recording, as a replay file holds it (options byte 0), and
# as a live dump would check it (bits 0 and 1).
if [ -s "$cap/netlink.bin" ]; then
	{ printf '\x00'; cat "$cap/netlink.bin"; } >"$corpus/fuzz_netlink/capture-replay"
	{ printf '\x03'; cat "$cap/netlink.bin"; } >"$corpus/fuzz_netlink/capture-live"
fi
# Conntrack: the recorded dumps (tests/support/record_conntrack.sh), as a
# replay (options byte 0) and as a live dump checks them (bit 0, namespace 2).
for f in ct4 ct6; do
	{ printf '\x00'; cat "$top/tests/fixtures/conntrack/$f.bin"; } >"$corpus/fuzz_conntrack/$f-replay"
	{ printf '\x05'; cat "$top/tests/fixtures/conntrack/$f.bin"; } >"$corpus/fuzz_conntrack/$f-live"
done
echo "corpus rebuilt under $corpus"
