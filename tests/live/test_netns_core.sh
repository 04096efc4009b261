#!/bin/bash
# Live: network namespaces (-N, --all-netns).  Two namespaces made by `ip
# netns add` (under a private tmpfs /run/netns: nothing reaches the host's),
# a listener set in each; portstat -N a,b lists each namespace's listeners
# as `ip netns exec NS ss -tlnH` does, with the Netns column first (the ip
# netns name), sorted by namespace first; --all-netns finds both; one -N
# alone has no Netns column unless -O netns asks; pid:PID names a
# namespace by a process in it; JSON carries {inode, name, container};
# a --dump-netlink recording of both replays with the same column.
# Several namespaces are read by several threads: --all-netns and -N of six
# (with -p, with -i) give the same rows run after run, and the rows of each
# namespace read alone, in the same order; so does one thread alone when
# no other can be started.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
command -v ss >/dev/null || live_skip "ss(8) not installed"
command -v ip >/dev/null || live_skip "ip(8) not installed"
command -v jq >/dev/null || live_skip "jq not installed"

mkdir -p /run/netns && mount -t tmpfs -o size=1m tmpfs /run/netns ||
	{ echo "FAIL: cannot mount a private /run/netns"; exit 1; }
netns_cleanup() {
	ip netns del psc_a 2>/dev/null
	ip netns del psc_b 2>/dev/null
	for n in c d e f; do ip netns del "psc_$n" 2>/dev/null; done
	live_cleanup
}
trap netns_cleanup EXIT
ip netns add psc_a && ip netns add psc_b || { echo "FAIL: ip netns add"; exit 1; }
ip -n psc_a link set lo up && ip -n psc_b link set lo up || { echo "FAIL: lo up"; exit 1; }

cat >"$LIVE_TMP/listen.py" <<'PY'
import socket, sys, time
socks = []
for spec in sys.argv[1:]:
    fam, addr, port = spec.split(",")
    s = socket.socket(socket.AF_INET6 if fam == "6" else socket.AF_INET)
    if fam == "6":
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind((addr, int(port)))
    s.listen(5)
    socks.append(s)
print("ready", flush=True)
time.sleep(600)
PY
live_spawn ip netns exec psc_a python3 "$LIVE_TMP/listen.py" 4,127.0.0.1,8080 4,0.0.0.0,2001
pid_a=$!
live_spawn ip netns exec psc_b python3 "$LIVE_TMP/listen.py" 4,0.0.0.0,8080 6,::1,2002

# ss's local addresses in one namespace, sorted.
ss_local() { ip netns exec "$1" ss -tlnH | awk '{ print $4 }' | sort; }
# portstat's local addresses of one namespace's rows (Netns column first).
ps_local() { awk -v ns="$1" '$1 == ns { print $5 }' | sort; }

out=$("$PORTSTAT" -N psc_a,psc_b -tln)
rc=$?
live_check "-N a,b: status 0" 0 "$rc"
live_check "-N a,b: the Netns column first" "Netns Proto" \
	"$(printf '%s\n' "$out" | sed -n 2p | awk '{ print $1, $2 }')"
live_check "-N a,b: psc_a as ss sees it" "$(ss_local psc_a)" \
	"$(printf '%s\n' "$out" | tail -n +3 | ps_local psc_a)"
live_check "-N a,b: psc_b as ss sees it" "$(ss_local psc_b)" \
	"$(printf '%s\n' "$out" | tail -n +3 | ps_local psc_b)"
live_check "-N a,b: rows sort by namespace first" "psc_a psc_a psc_b psc_b" \
	"$(printf '%s\n' "$out" | tail -n +3 | awk '{ print $1 }' | tr '\n' ' ' | sed 's/ $//')"

out=$("$PORTSTAT" -N psc_a -N psc_b -tlnH)
live_check "-N a -N b: the same as -N a,b" "$(ss_local psc_a; ss_local psc_b)" \
	"$(printf '%s\n' "$out" | ps_local psc_a; printf '%s\n' "$out" | ps_local psc_b)"

out=$("$PORTSTAT" --all-netns -tlnH)
live_check "--all-netns: psc_a as ss sees it" "$(ss_local psc_a)" \
	"$(printf '%s\n' "$out" | ps_local psc_a)"
live_check "--all-netns: psc_b as ss sees it" "$(ss_local psc_b)" \
	"$(printf '%s\n' "$out" | ps_local psc_b)"

out=$("$PORTSTAT" -N psc_a -tln)
live_check "-N a alone: no Netns column" "Proto" \
	"$(printf '%s\n' "$out" | sed -n 2p | awk '{ print $1 }')"
live_check "-N a alone: its listeners" "$(ss_local psc_a)" \
	"$(printf '%s\n' "$out" | tail -n +3 | awk '{ print $4 }' | sort)"
live_check "-O netns: the name" "psc_a psc_a" \
	"$("$PORTSTAT" -N psc_a -tlnH -O netns,local | awk '{ print $1 }' | tr '\n' ' ' | sed 's/ $//')"
live_check "pid:PID: the namespace of a process in it" "$(ss_local psc_a)" \
	"$("$PORTSTAT" -N "pid:$pid_a" -tlnH -O local | sort)"

# -s: a totals row per namespace (servers only with -l), and rows of the
# lists say their namespace.
out=$("$PORTSTAT" -N psc_a,psc_b -tl -s)
live_check "-s: each namespace's total" \
	"psc_a $(ss_local psc_a | wc -l) psc_b $(ss_local psc_b | wc -l)" \
	"$(printf '%s\n' "$out" | awk '/^Netns +Total/ { t = 1; next } t && NF == 0 { t = 0 } t { printf "%s %s ", $1, $2 }' | sed 's/ $//')"
live_check "-s: local services by namespace" "psc_a psc_b" \
	"$(printf '%s\n' "$out" | awk '/^Busiest local/ { t = 1; next } t && /^Netns/ { next } t && NF == 0 { t = 0 } t && $3 == 8080 { print $1 }' | sort | tr '\n' ' ' | sed 's/ $//')"

ino_b=$(stat -L -c %i /run/netns/psc_b)
live_check "JSON: schema 4, netns {inode, name, container} per socket" \
	"4 psc_a:null psc_b:$ino_b:null" \
	"$("$PORTSTAT" -N psc_a,psc_b -tln --json sport = :8080 |
		jq -r '[.schema, (.sockets[] | .netns | if .name == "psc_a" then "psc_a:\(.container)" else "\(.name):\(.inode):\(.container)" end)] | join(" ")')"

"$PORTSTAT" -N psc_a,psc_b -tln --dump-netlink "$LIVE_TMP/two.nl" >"$LIVE_TMP/live.txt" ||
	live_check "--dump-netlink: status" 0 "$?"
"$PORTSTAT" --from-netlink "$LIVE_TMP/two.nl" -tln >"$LIVE_TMP/replay.txt"
live_check "--from-netlink: a two-namespace recording replays as it was read" \
	"$(cat "$LIVE_TMP/live.txt")" "$(cat "$LIVE_TMP/replay.txt")"

# Four more namespaces, each with a connected pair, a listener bound to an
# interface of its own name (conn.scope), and named and abstract unix
# listeners: what a join of the threads' tables must carry over.
cat >"$LIVE_TMP/busy.py" <<'PY'
import socket, sys, time
ns, dev = sys.argv[1], sys.argv[2]
keep = []
srv = socket.socket()
srv.bind(("127.0.0.1", 7000))
srv.listen(8)
for _ in range(3):
    c = socket.create_connection(("127.0.0.1", 7000))
    a, _ = srv.accept()
    c.sendall(b"x" * 100)
    keep += [c, a]
b = socket.socket()
b.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, dev.encode())
b.bind(("0.0.0.0", 9000))
b.listen(1)
for name in (sys.argv[3], "\0psc-" + ns):
    u = socket.socket(socket.AF_UNIX)
    u.bind(name)
    u.listen(1)
    keep.append(u)
keep += [srv, b]
print("ready", flush=True)
time.sleep(600)
PY
for n in c d e f; do
	ip netns add "psc_$n" && ip -n "psc_$n" link set lo up &&
		ip -n "psc_$n" link add "dev_$n" type veth peer name "peer_$n" &&
		ip -n "psc_$n" link set "dev_$n" up ||
		{ echo "FAIL: namespace psc_$n"; exit 1; }
	live_spawn ip netns exec "psc_$n" python3 "$LIVE_TMP/busy.py" "$n" "dev_$n" "$LIVE_TMP/u_$n.sock"
done
six=psc_a,psc_b,psc_c,psc_d,psc_e,psc_f
# The rows of the psc_ namespaces (the host's others come and go), columns
# one space apart (each run pads them to its own widths).
rows() { "$PORTSTAT" "$@" | awk '$1 ~ /^psc_/ { $1 = $1; print }'; }
# Each namespace read alone, in the order -N and --all-netns list them.
alone() {
	local n
	for n in $(printf '%s\n' "$six" | tr ',' ' '); do rows -N "$n" "$@"; done
}
cols_p=netns,proto,local,remote,state,inode,pid,program,path
cols_i=netns,proto,local,remote,state,inode,cong,mss
# The table lists every namespace's inet sockets, then every namespace's unix ones.
want_p=$(alone -tuanp -H -O "$cols_p"; alone -xap -H -O "$cols_p")
want_i=$(alone -tani -H -O "$cols_i")
live_check "the namespaces have rows: 4 x (8 tcp + 2 unix) + 4 listeners" 44 \
	"$(printf '%s\n' "$want_p" | wc -l)"
live_check "a unix name and the interface of a namespace's own" \
	"psc_d $LIVE_TMP/u_d.sock 0.0.0.0%dev_d:9000" \
	"$(printf '%s\n' "$want_p" | awk '$1 == "psc_d" && $3 ~ /sock$/ { p = $3 } $1 == "psc_d" && $3 ~ /9000/ { l = $3 } END { print "psc_d", p, l }')"
for run in 1 2 3 4 5; do
	live_check "--all-netns -p, run $run: each namespace's rows as read alone" "$want_p" \
		"$(rows --all-netns -tuxanp -H -O "$cols_p")"
	live_check "-N six -i, run $run: each namespace's rows as read alone" "$want_i" \
		"$(rows -N "$six" -tani -H -O "$cols_i")"
done
# No thread can be started (a container's pids.max reached, clone refused):
# the calling thread reads every namespace itself, says nothing, misses none.
deny=$(dirname "$PORTSTAT")/tests/seccomp_deny
[ -x "$deny" ] || { echo "FAIL: $deny not built"; exit 1; }
live_check "no thread can start: --all-netns -p, each namespace's rows as read alone" "$want_p" \
	"$("$deny" threads "$PORTSTAT" --all-netns -tuxanp -H -O "$cols_p" 2>"$LIVE_TMP/nothreads.err" |
		awk '$1 ~ /^psc_/ { $1 = $1; print }')"
# (Owners hidden by a process the host keeps from root are not this test's.)
live_check "no thread can start: nothing else on stderr" "" \
	"$(grep -v "hidden ('?')" "$LIVE_TMP/nothreads.err")"
# The warnings too, in namespace order: as when --dump-netlink, whose file
# keeps each namespace's replies together, has them read in turn.  And
# each once a round: "/proc has no tcp_info" for the first namespace only.
"$PORTSTAT" -N "$six" -v -tuxanim >"$LIVE_TMP/par.out" 2>"$LIVE_TMP/par.err"
"$PORTSTAT" -N "$six" -v -tuxanim --dump-netlink "$LIVE_TMP/seq.nl" >"$LIVE_TMP/seq.out" \
	2>"$LIVE_TMP/seq.err"
live_check "-N six -v: the warnings of the namespaces read in turn" \
	"$(cat "$LIVE_TMP/seq.err")" "$(cat "$LIVE_TMP/par.err")"
live_check "-N six -v: the rows of the namespaces read in turn" \
	"$(awk '$1 ~ /^psc_/ { $1 = $1; print }' "$LIVE_TMP/seq.out")" \
	"$(awk '$1 ~ /^psc_/ { $1 = $1; print }' "$LIVE_TMP/par.out")"
live_check "-N six -v --source=proc -i: /proc's lack of tcp_info said once" 1 \
	"$("$PORTSTAT" -N "$six" -v -tanim --source=proc 2>&1 >/dev/null | grep -c 'has no tcp_info')"

# Without CAP_SYS_ADMIN: the caller's own namespace is listed, the others
# are skipped and counted in one line; status as today.
if command -v setpriv >/dev/null; then
	nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	out=$(nobody "$PORTSTAT" --all-netns -tlnH 2>"$LIVE_TMP/err")
	rc=$?
	live_check "unprivileged --all-netns: status 0" 0 "$rc"
	live_check "unprivileged --all-netns: one line on stderr" 1 "$(wc -l <"$LIVE_TMP/err")"
	grep -Eq '^portstat: [0-9]+ of [0-9]+ network namespaces skipped: cannot enter them \(Operation not permitted; setns needs CAP_SYS_ADMIN\)$' "$LIVE_TMP/err" ||
		live_check "unprivileged --all-netns: the reason" "N of M network namespaces skipped..." "$(cat "$LIVE_TMP/err")"
	live_check "unprivileged --all-netns: no row of psc_a or psc_b" "" \
		"$(printf '%s\n' "$out" | awk '$1 == "psc_a" || $1 == "psc_b"')"
	nobody "$PORTSTAT" -N psc_a -tln >/dev/null 2>"$LIVE_TMP/err"
	rc=$?
	live_check "unprivileged -N a: nothing readable, status 3" 3 "$rc"
	live_check "unprivileged -N a: the one reason" \
		"portstat: 1 of 1 network namespaces skipped: cannot enter them (Operation not permitted; setns needs CAP_SYS_ADMIN)" \
		"$(cat "$LIVE_TMP/err")"
else
	live_skip "setpriv(1) not installed"
fi

msg=$("$PORTSTAT" -N no_such_ns -tln 2>&1 >/dev/null)
rc=$?
live_check "-N unknown: usage status 2" 2 "$rc"
live_check "-N unknown: one line naming it" "portstat: -N no_such_ns: No such file or directory, and no container here has that name or id" "$msg"
live_finish
