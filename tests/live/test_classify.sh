#!/bin/bash
# Live: listeners on 22, 80, 443, 5432, 8080 and a dynamic port, a client
# connected to each, over IPv4 and IPv6, in a fresh network namespace.
# Every row must show the right direction, service and class: the listener
# "listen", the accepted side "in", the client side "out", all three named
# after the listener's port.  Uses the built-in services table
# (--services /dev/null), so the host's /etc/services cannot matter.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
command -v ss >/dev/null || live_skip "ss(8) not installed"

ports="22 80 443 5432 8080 61000"
specs=""
for p in $ports; do specs="$specs tcp-pair:127.0.0.1:$p tcp-pair:[::1]:$p"; done
cd "$LIVE_TMP" || exit 1
# shellcheck disable=SC2086
live_spawn python3 "$here/sockpop.py" $specs udp:0.0.0.0:53 udp-conn:127.0.0.1:45000:53 \
	raw:0.0.0.0:icmp raw:[::]:icmpv6

out="$LIVE_TMP/out.txt"
"$PORTSTAT" -aneH -tuw --services /dev/null >"$out" 2>"$LIVE_TMP/err.txt"
live_check "exit status" 0 "$?"
live_check "stderr" "" "$(cat "$LIVE_TMP/err.txt")"

# Fields: 1 proto, 4 local, 5 remote, 6 state, 7 service, 8 class, 9 dir.
row() { # row PROTO LOCAL-SUFFIX REMOTE-SUFFIX STATE -> "service class dir"
	awk -v p="$1" -v l="$2" -v r="$3" -v s="$4" '
		$1 == p && $6 == s && substr($4, length($4) - length(l) + 1) == l &&
		substr($5, length($5) - length(r) + 1) == r { print $7, $8, $9 }' "$out"
}

expect_for() { # expect_for PORT -> "name class"
	case $1 in
	22) echo "ssh well-known" ;;
	80) echo "http well-known" ;;
	443) echo "https well-known" ;;
	5432) echo "postgresql registered" ;;
	8080) echo "http-alt registered" ;;
	61000) echo "- dynamic" ;;
	esac
}

for p in $ports; do
	want=$(expect_for "$p")
	for fam in 4 6; do
		if [ $fam = 4 ]; then proto=tcp lo=127.0.0.1 any='0.0.0.0:*'; else proto=tcp6 lo='[::1]' any='[::]:*'; fi
		live_check "$proto $p listener" "$want listen" "$(row $proto "$lo:$p" "$any" LISTEN)"
		live_check "$proto $p server side" "$want in" "$(row $proto "$lo:$p" "" ESTABLISHED)"
		live_check "$proto $p client side" "$want out" "$(row $proto "" "$lo:$p" ESTABLISHED)"
	done
done

live_check "udp listener" "domain well-known listen" "$(row udp 0.0.0.0:53 '0.0.0.0:*' UNCONN)"
live_check "udp client" "domain well-known out" "$(row udp 127.0.0.1:45000 127.0.0.1:53 ESTABLISHED)"
live_check "raw icmp" "icmp - listen" "$(row raw 0.0.0.0:1 '0.0.0.0:*' UNCONN)"
live_check "raw6 ipv6-icmp" "ipv6-icmp - listen" "$(row raw6 '[::]:58' '[::]:*' UNCONN)"

# -n keeps Service and Class: `portstat -an` shows ssh and well-known beside 0.0.0.0:22.
"$PORTSTAT" -anH -t --services /dev/null >"$out"
live_check "-n: numeric address, named service" "127.0.0.1:22 ssh well-known" \
	"$(awk '$4 == "127.0.0.1:22" && $6 == "LISTEN" { print $4, $7, $8 }' "$out")"

# --class: the service port's class; ephemeral: the local port's range.
"$PORTSTAT" -anH -t --class dynamic --services /dev/null >"$out"
live_check "--class dynamic rows" 6 "$(wc -l <"$out")"
live_check "--class dynamic only 61000" 6 "$(grep -c ':61000 ' "$out")"
"$PORTSTAT" -anH -t --class well-known,registered --services /dev/null >"$out"
live_check "--class well-known,registered rows" 30 "$(wc -l <"$out")"
"$PORTSTAT" -aneH -t --class ephemeral --services /dev/null >"$out"
live_check "--class ephemeral rows" 12 "$(wc -l <"$out")"
live_check "--class ephemeral: all client sides" 12 "$(awk '$9 == "out"' "$out" | wc -l)"
"$PORTSTAT" -anH -u --class dynamic --services /dev/null >/dev/null
live_check "--class with no match: exit 1" 1 "$?"

# Without -n: well-known ports are named in the address columns, ephemeral
# client ports never are, even when the services file names them.
# A port of the ephemeral range that no client above was given (CI once saw
# the first one taken: "Address already in use").
lo=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range)
while [ -n "$(ss -tanH "( sport = :$lo )")" ]; do lo=$((lo + 1)); done
printf 'ssh\t22/tcp\nfake-ephemeral\t%s/tcp\n' "$lo" >"$LIVE_TMP/services"
live_spawn python3 "$here/sockpop.py" "tcp-pair:127.0.0.1:$lo"
"$PORTSTAT" -atH --numeric-hosts --services "$LIVE_TMP/services" >"$out"
live_check "well-known port named" "127.0.0.1:ssh" \
	"$(awk '$6 == "LISTEN" && $4 == "127.0.0.1:ssh" { print $4 }' "$out")"
live_check "ephemeral port never named" 0 \
	"$(awk '$4 ~ /fake/ || $5 ~ /fake/' "$out" | wc -l)"
live_check "ephemeral port numeric" "127.0.0.1:$lo" \
	"$(awk -v p="127.0.0.1:$lo" '$6 == "LISTEN" && $4 == p { print $4 }' "$out")"

live_finish
