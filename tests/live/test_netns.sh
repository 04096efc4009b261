#!/bin/bash
# Live: other network namespaces (issue 16): -N/--netns NS and --all-netns.
#
# Inside the test's own network and mount namespace (lib.sh), with a tmpfs
# over /run so that nothing reaches the host's /run, four namespaces:
#   A  `ip netns add pst-a-PID`, its population started by `ip netns exec`:
#      reachable both as /run/netns/NAME and through its process's
#      /proc/PID/ns/net (--all-netns must list it once, by its name);
#   B  `unshare --net sleep`, held only by processes (the sleep and its
#      population, entered with nsenter): -N pid:PID and -N /proc/PID/ns/net;
#   C  bind-mounted on a file under /run/docker/netns (as Docker does), whose
#      creator then exits; its sockets are made there by a process that
#      returns to the test's namespace (nsholder.py), so that only the file
#      leads to it, and their owner lives in another namespace;
#   T  the test's own namespace, with one listener.
# Every namespace listens on :8080 (as containers do) and on ports of its own.
#
# What the CLI is assumed to do (issue 16):
#   - -N NS: NS is a /run/netns name, a namespace file path or pid:PID; -N
#     repeats or takes a comma-separated list, with the same output; one
#     namespace (however often named) prints exactly the plain format;
#   - --all-netns lists every namespace once (by inode), as does -N with
#     several: a Netns column first, its cell the `ip netns` name, else
#     net:[INODE]; a namespace's rows are contiguous in each section (rows
#     sort by namespace first); the header's first word is Netns; -O netns
#     adds the column even for one namespace;
#   - JSON: schema 4, every row has a netns object {inode, name, container},
#     name null when the namespace has no ip netns name;
#   - -p names owners in every namespace, as ss -p does there;
#   - an unknown namespace: a failure status and one stderr line naming it;
#   - as an unprivileged user, --all-netns lists its own namespace, exits 0
#     and says in one stderr line how many namespaces it skipped (at least A
#     and C, whose files it can see) and why.
# Each namespace's listing is compared socket for socket with
# `ss -tuwxanpeH` run in it (nsenter --net=FILE; compare_ns.py).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
for t in ip nsenter setpriv jq; do
	command -v $t >/dev/null || live_skip "$t not installed"
done
portstat=$PORTSTAT
chmod 755 "$LIVE_TMP"
cd "$LIVE_TMP" || exit 1

nsA=pst-a-$$
dockA=pst-c-$$ # Docker's file name for C
netns_cleanup() {
	for p in $LIVE_PIDS; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	ip netns del "$nsA" 2>/dev/null
	live_cleanup
	# The tmpfs over /run and what is mounted in it go with this mount namespace.
}
trap netns_cleanup EXIT

# A private /run: `ip netns` and the Docker directory write only here.  Keep
# lib.sh's resolv.conf where /etc/resolv.conf is a link into /run.
mount -t tmpfs -o mode=755 pst-run /run || { echo "FAIL: tmpfs on /run"; exit 1; }
if [ ! -e /etc/resolv.conf ]; then
	target=$(readlink -m /etc/resolv.conf)
	mkdir -p "$(dirname "$target")" && cp "$LIVE_TMP/resolv.conf" "$target"
fi
mkdir -p /run/netns /run/docker/netns

inode() { stat -L -c %i "$1"; }
inoT=$(inode /proc/self/ns/net)
py=$(python3 -c "import os, sys; print(os.path.realpath(sys.executable))")
for n in a b c t; do ln -s "$py" "$LIVE_TMP/pst-ns-$n"; done

# held_ns VAR: a process alone in a new network namespace (a sleep, our
# child); its PID in VAR.
held_ns() {
	unshare --net sleep 3600 &
	local pid=$! i
	for i in $(seq 50); do
		[ "$(inode /proc/$pid/ns/net 2>/dev/null)" = "$inoT" ] || break
		sleep 0.1
	done
	[ "$(inode /proc/$pid/ns/net)" != "$inoT" ] || { echo "FAIL: unshare --net"; exit 1; }
	printf -v "$1" %s "$pid"
}

# A: ip netns add.
ip netns add "$nsA" || { echo "FAIL: ip netns add"; exit 1; }
ip netns exec "$nsA" ip link set lo up
live_spawn ip netns exec "$nsA" "$LIVE_TMP/pst-ns-a" "$here/sockpop.py" \
	tcp-listen:0.0.0.0:8080 tcp-pair:127.0.0.1:18801 "tcp-pair:[::1]:18802" \
	udp:0.0.0.0:5353 udp-conn:127.0.0.1:40001:5353 unix-stream:@pst-ns-a \
	unix-dgram:"$LIVE_TMP/a.dgram"
pidA=${LIVE_PIDS##* } # ip netns exec executes the program itself
fileA=/run/netns/$nsA

# B: held by processes only.
held_ns sleepB
LIVE_PIDS="$LIVE_PIDS $sleepB"
fileB=/proc/$sleepB/ns/net
nsenter --net="$fileB" ip link set lo up
live_spawn nsenter --net="$fileB" "$LIVE_TMP/pst-ns-b" "$here/sockpop.py" \
	tcp-listen:0.0.0.0:8080 tcp-pair:127.0.0.1:18811 "udp:[::]:5353" \
	unix-stream:@pst-ns-b unix-seqpacket:"$LIVE_TMP/b.seq"
pidB=${LIVE_PIDS##* }

# C: only bind-mounted; its creator exits, its sockets' holder lives in T.
held_ns sleepC
fileC=/run/docker/netns/$dockA
touch "$fileC" && mount --bind "/proc/$sleepC/ns/net" "$fileC" || {
	echo "FAIL: bind-mount a namespace file"
	exit 1
}
kill "$sleepC"
wait "$sleepC" 2>/dev/null
nsenter --net="$fileC" ip link set lo up
live_spawn "$LIVE_TMP/pst-ns-c" "$here/nsholder.py" "$fileC" \
	tcp-listen:0.0.0.0:8080 tcp-pair:127.0.0.1:18821 "tcp-listen:[::]:18822" \
	udp:0.0.0.0:5353 unix-stream:@pst-ns-c
pidC=${LIVE_PIDS##* }

# T: the test's own namespace.
live_spawn "$LIVE_TMP/pst-ns-t" "$here/sockpop.py" tcp-listen:127.0.0.1:18831 \
	unix-stream:@pst-ns-t
pidT=${LIVE_PIDS##* }
fileT=/proc/$pidT/ns/net

inoA=$(inode "$fileA") inoB=$(inode "$fileB") inoC=$(inode "$fileC")
cellA=$nsA cellB="net:[$inoB]" cellC="net:[$inoC]" cellT="net:[$inoT]"
# The set-up itself: four namespaces; A also entered by a process; C by none.
live_check "set-up: four distinct namespaces" 4 \
	"$(printf '%s\n' "$inoA" "$inoB" "$inoC" "$inoT" | sort -u | wc -l)"
live_check "set-up: A's process is inside A" "$inoA" "$(inode /proc/$pidA/ns/net)"
live_check "set-up: no process inside C" 0 \
	"$(stat -L -c %i /proc/[0-9]*/ns/net 2>/dev/null | grep -cx "$inoC")"

# ss in each namespace: the reference.
for n in A B C T; do
	file=file$n
	nsenter --net="${!file}" ss -tuwxanpeH >"$LIVE_TMP/ss.$n" ||
		{ echo "FAIL: ss in $n"; exit 1; }
done

# run NAME ARGS...: portstat ARGS into NAME.out/NAME.err; its status in $rc.
run() {
	local name=$1
	shift
	"$portstat" "$@" >"$LIVE_TMP/$name.out" 2>"$LIVE_TMP/$name.err"
	rc=$?
}
# ran NAME WHAT: the run succeeded quietly (the stderr check shows why not).
ran() {
	live_check "$2: exit status" 0 "$rc"
	live_check "$2: stderr" "" "$(head -n 3 "$LIVE_TMP/$1.err")"
}
# ran_all NAME WHAT: an --all-netns run succeeded.  It reads every namespace
# on the host, other tests' too, so stderr may carry notes about those (an
# owner hidden by a security policy); as root, none about namespaces.
ran_all() {
	live_check "$2: exit status" 0 "$rc"
	live_check "$2: stderr says nothing of namespaces" "" \
		"$(grep -i 'namespace' "$LIVE_TMP/$1.err" | head -n 3)"
}
# compare NAME WHAT SS_FILE [CELL]: the listing against ss, socket for socket.
compare() {
	if "$py" "$here/compare_ns.py" "$LIVE_TMP/$1.out" "$3" ${4:+"$4"} >"$LIVE_TMP/cmp" 2>&1; then
		live_check "$2: same sockets as ss there" ok ok
	else
		live_check "$2: same sockets as ss there" ok "$(head -n 6 "$LIVE_TMP/cmp" | tr '\n' ';')"
	fi
}
# same A B: "same" when files A and B hold the same rows (and some rows).
same() {
	if [ ! -s "$1" ]; then
		echo "no rows"
	elif diff "$1" "$2" >"$LIVE_TMP/diff"; then
		echo same
	else
		head -n 4 "$LIVE_TMP/diff" | tr '\n' ';'
	fi
}
# cells FILE: the first fields of FILE's rows, sorted, unique, one line.
cells() { awk '{print $1}' "$1" | sort -u | tr '\n' ' '; }
# flat: rows with single spaces, sorted.
flat() { awk '{$1 = $1; print}' | sort; }

# 1. -N NS, one namespace, in every form: exactly the plain format.
i=0
for spec in "A:$nsA" "A:$fileA" "B:pid:$sleepB" "B:$fileB" "C:$fileC" "T:pid:$pidT"; do
	n=${spec%%:*} ns=${spec#?:} i=$((i + 1))
	run one$i -N "$ns" -anH
	ran one$i "-N $ns"
	compare one$i "-N $ns" "$LIVE_TMP/ss.$n"
done
live_check "-N pid:PID and -N /proc/PID/ns/net: the same listing" same \
	"$(same "$LIVE_TMP/one3.out" "$LIVE_TMP/one4.out")"
run long --netns "$nsA" -anH
ran long "--netns $nsA"
live_check "--netns is -N" same "$(same "$LIVE_TMP/one1.out" "$LIVE_TMP/long.out")"
# The same namespace named twice (a name and its process; pid: and its path) is one.
run twiceA -N "$nsA,pid:$pidA" -anH
ran twiceA "-N $nsA,pid:PID_IN_A"
live_check "-N A twice (name, pid:): listed once, plain" same \
	"$(same "$LIVE_TMP/one1.out" "$LIVE_TMP/twiceA.out")"
run twiceB -N "pid:$sleepB" -N "$fileB" -anH
live_check "-N B twice (pid:, path): listed once, plain" same \
	"$(same "$LIVE_TMP/one3.out" "$LIVE_TMP/twiceB.out")"

# 2. --all-netns: each namespace's rows under its cell, once, contiguous.
run all --all-netns -anH
ran_all all "--all-netns"
for n in A B C T; do
	cell=cell$n
	compare all "--all-netns, rows of $n (${!cell})" "$LIVE_TMP/ss.$n" "${!cell}"
done
live_check "--all-netns: A listed by its name only, not again as net:[INODE]" \
	"$(wc -l <"$LIVE_TMP/ss.A") rows, 0 rows" \
	"$(awk -v c="$cellA" '$1 == c' "$LIVE_TMP/all.out" | wc -l) rows, $(awk \
		-v c="net:[$inoA]" '$1 == c' "$LIVE_TMP/all.out" | wc -l) rows"
awk -v c="$cellA" '$1 == c {$1 = ""; print}' "$LIVE_TMP/all.out" | flat >"$LIVE_TMP/allA"
flat <"$LIVE_TMP/one1.out" >"$LIVE_TMP/oneA"
live_check "--all-netns: A's rows as -N A's" same "$(same "$LIVE_TMP/oneA" "$LIVE_TMP/allA")"
live_check "--all-netns: A, B, C and T listed" 4 \
	"$(awk -v a="$cellA" -v b="$cellB" -v c="$cellC" -v t="$cellT" \
		'$1 == a || $1 == b || $1 == c || $1 == t {print $1}' "$LIVE_TMP/all.out" | sort -u | wc -l)"
# Rows sort by namespace first: in each section (Internet, unix) a
# namespace's rows form one block.
live_check "--all-netns: each namespace's rows contiguous in each section" "" \
	"$(awk '{ sec = ($2 == "unix") ? "unix" : "inet"
		if ($1 != last[sec] && seen[sec, $1]++) print sec ": " $1 " split"
		last[sec] = $1 }' "$LIVE_TMP/all.out" | sort -u | head -n 3)"
run hdr --all-netns -tan
ran_all hdr "--all-netns -tan"
live_check "--all-netns: the header starts with Netns" 1 \
	"$(grep -c '^Netns  *Proto ' "$LIVE_TMP/hdr.out")"

# 3. Several namespaces by -N: repeated and comma-separated alike.
run rep -N "$nsA" -N "pid:$sleepB" -anH
ran rep "-N A -N B"
run comma -N "$nsA,pid:$sleepB" -anH
ran comma "-N A,B"
live_check "-N repeated and comma-separated: the same listing" same \
	"$(same "$LIVE_TMP/rep.out" "$LIVE_TMP/comma.out")"
live_check "-N A,B: the Netns cells" "$(printf '%s\n' "$cellA" "$cellB" | sort | tr '\n' ' ')" \
	"$(cells "$LIVE_TMP/rep.out")"
compare rep "-N A -N B, rows of A" "$LIVE_TMP/ss.A" "$cellA"
compare rep "-N A -N B, rows of B" "$LIVE_TMP/ss.B" "$cellB"

# 4. -O netns,local,state: the column on request, even for one namespace.
run cola -N "$nsA" -tlnH -O netns,local,state
ran cola "-N A -O netns,local,state"
live_check "-N A -O netns,local,state" \
	"$(printf '%s\n' "$nsA 0.0.0.0:8080 LISTEN" "$nsA 127.0.0.1:18801 LISTEN" \
		"$nsA [::1]:18802 LISTEN" | sort)" "$(flat <"$LIVE_TMP/cola.out")"
run colall --all-netns -tlnH -O netns,local,state
ran_all colall "--all-netns -O netns,local,state"
live_check "--all-netns -O netns,local,state: B's listeners" \
	"$(printf '%s\n' "$cellB 0.0.0.0:8080 LISTEN" "$cellB 127.0.0.1:18811 LISTEN" | sort)" \
	"$(awk -v c="$cellB" '$1 == c' "$LIVE_TMP/colall.out" | flat)"
live_check "--all-netns -O netns,local,state: C's listeners" \
	"$(printf '%s\n' "$cellC 0.0.0.0:8080 LISTEN" "$cellC 127.0.0.1:18821 LISTEN" \
		"$cellC [::]:18822 LISTEN" | sort)" \
	"$(awk -v c="$cellC" '$1 == c' "$LIVE_TMP/colall.out" | flat)"

# 5. Owners in every namespace (one pass over /proc): who listens on :8080.
run own --all-netns -tlnpH :8080
ran_all own "--all-netns -tlnp :8080"
live_check "--all-netns -lp :8080: each namespace's listener and its program" \
	"$(printf '%s\n' "$cellA $pidA/pst-ns-a" "$cellB $pidB/pst-ns-b" \
		"$cellC $pidC/pst-ns-c" | sort)" \
	"$(awk -v a="$cellA" -v b="$cellB" -v c="$cellC" '$1 == a || $1 == b || $1 == c {
		print $1, $NF }' "$LIVE_TMP/own.out" | sort)"

# 6. JSON: schema 4, a netns object on every row, the same sockets and owners.
run json --all-netns -anp --json
ran_all json "--all-netns --json"
live_check "JSON parses" ok \
	"$([ -s "$LIVE_TMP/json.out" ] && jq -e '.sockets | type == "array"' "$LIVE_TMP/json.out" \
		>/dev/null 2>&1 && echo ok)"
live_check "JSON schema" 4 "$(jq -r .schema "$LIVE_TMP/json.out" 2>/dev/null)"
live_check "JSON: every row has netns {inode, name, container}" 0 \
	"$(jq '[.sockets[] | select((.netns | type) != "object" or
		((.netns.inode | type) != "number") or
		((.netns | has("name") and has("container")) | not))] | length' \
		"$LIVE_TMP/json.out" 2>/dev/null)"
for n in A B C T; do
	ino=ino$n cell=cell$n name=null
	[ $n != A ] || name="\"$nsA\""
	live_check "JSON: $n's rows name it" "[$name]" \
		"$(jq -c --argjson i "${!ino}" '[.sockets[] | select(.netns.inode == $i) |
			.netns.name] | unique' "$LIVE_TMP/json.out" 2>/dev/null)"
	live_check "JSON: as many rows of $n as the table has" \
		"$(awk -v c="${!cell}" '$1 == c' "$LIVE_TMP/all.out" | wc -l)" \
		"$(jq --argjson i "${!ino}" '[.sockets[] | select(.netns.inode == $i)] | length' \
			"$LIVE_TMP/json.out" 2>/dev/null)"
	if "$py" "$here/compare_ns.py" --owners "$LIVE_TMP/json.out" "$LIVE_TMP/ss.$n" \
		"${!ino}" >"$LIVE_TMP/cmp" 2>&1; then
		live_check "JSON: $n's sockets and owners as ss -p there" ok ok
	else
		live_check "JSON: $n's sockets and owners as ss -p there" ok \
			"$(head -n 6 "$LIVE_TMP/cmp" | tr '\n' ';')"
	fi
done
run json1 -N "$nsA" -tan --json
ran json1 "-N A --json"
live_check "JSON -N A: schema 4, every row A's" "4 [{\"inode\":$inoA,\"name\":\"$nsA\"}]" \
	"$(jq -r '"\(.schema) \([.sockets[] | {inode: .netns.inode, name: .netns.name}] | unique)"' \
		"$LIVE_TMP/json1.out" 2>/dev/null)"

# 7. An unknown namespace: a failure, one line naming it.
run bad -N "pst-none-$$" -an
live_check "-N unknown: a failure status (not a crash)" yes \
	"$([ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && echo yes || echo "no ($rc)")"
live_check "-N unknown: one stderr line, naming it" "1 line(s), names it" \
	"$(wc -l <"$LIVE_TMP/bad.err") line(s), $(grep -q "pst-none-$$" "$LIVE_TMP/bad.err" &&
		echo names it || echo does not name it)"

# 8. Unprivileged: the readable part, one line on what was skipped and why.
cp "$portstat" "$LIVE_TMP/portstat" && chmod 755 "$LIVE_TMP/portstat"
setpriv --reuid 65534 --regid 65534 --clear-groups "$LIVE_TMP/portstat" --all-netns \
	-tanH -O netns,local,state >"$LIVE_TMP/np.out" 2>"$LIVE_TMP/np.err"
rc=$?
live_check "unprivileged --all-netns: exit status" 0 "$rc"
live_check "unprivileged --all-netns: one stderr line" 1 "$(wc -l <"$LIVE_TMP/np.err")"
live_check "unprivileged --all-netns: it counts the skipped namespaces (A and C at least)" yes \
	"$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) { print ($i >= 2) ? "yes" : "no: " $0; exit } }
		END { if (NR == 0) print "no line" }' "$LIVE_TMP/np.err")"
live_check "unprivileged --all-netns: the line says namespaces were skipped, and why" 1 \
	"$(grep -i 'namespace' "$LIVE_TMP/np.err" | grep -i 'skip' |
		grep -ciE 'CAP_SYS_ADMIN|root|privilege|permission')"
live_check "unprivileged --all-netns: its own namespace listed" \
	"$cellT 127.0.0.1:18831 LISTEN" "$(awk -v c="$cellT" '$1 == c' "$LIVE_TMP/np.out" | flat)"
live_check "unprivileged --all-netns: nothing from A, B or C" "" \
	"$(awk -v a="$cellA" -v b="$cellB" -v c="$cellC" '$1 == a || $1 == b || $1 == c' \
		"$LIVE_TMP/np.out" | head -n 3)"
live_finish
