#!/bin/bash
# Live: -i and -m (issue 18) against ss on a shaped, lossy transfer.
#
# The test's own namespace T (the sender, 10.9.0.1) and a namespace S it
# makes (the receiver, 10.9.0.2) are joined by a veth pair; T's end sends
# through a tbf qdisc (5 Mbit/s, so a queue builds and the rtt grows with
# it); a first transfer without loss shows the rtt grow with that queue.
# Then S drops 5 % of the TCP packets it receives (nftables numgen, in a
# table of S's own ruleset), so segments of a second transfer are lost and
# retransmitted.  The
# sender writes SIZE bytes, waits until all are acknowledged, and stays
# connected and idle: then nothing moves but the ages (lastsnd, lastrcv),
# and every field of `portstat -ti` must equal `ss -tin`'s, and `-m` must
# equal `ss -m`'s skmem, taken one after the other.  Printed as a table
# (field, portstat, ss).  Also: retransmits above 0, bytes_acked equal to
# what was sent (plus the SYN's one), the receiver's bytes_received.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
for t in ip nsenter tc nft ss python3 unshare; do
	command -v $t >/dev/null || live_skip "$t not installed"
done

SIZE=2000000
PORT=5001
NS_S=$LIVE_TMP/ns-receiver

cleanup() {
	for p in $LIVE_PIDS; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	umount "$NS_S" 2>/dev/null
	live_cleanup
}
trap cleanup EXIT

touch "$NS_S" && unshare --net="$NS_S" true || { echo "FAIL: namespace"; exit 1; }
ip link add snd type veth peer name rcv &&
	ip link set rcv netns "$NS_S" &&
	ip addr add 10.9.0.1/24 dev snd && ip link set snd up &&
	tc qdisc add dev snd root tbf rate 5mbit burst 32kbit latency 400ms ||
	{ echo "FAIL: sender's link"; exit 1; }
nsenter --net="$NS_S" sh -ec '
	ip link set lo up; ip addr add 10.9.0.2/24 dev rcv; ip link set rcv up
	nft add table inet i18loss
	nft add chain inet i18loss in "{ type filter hook input priority 0; }"' ||
	{ echo "FAIL: receiver's link and ruleset"; exit 1; }

cat >"$LIVE_TMP/peer.py" <<'EOF'
import fcntl, socket, struct, sys, termios, threading, time
role, size, port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
if role == "recv":
    l = socket.socket()
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(("10.9.0.2", port))
    l.listen()
    print("ready", flush=True)
    c, _ = l.accept()
    got = 0
    while got < size:
        b = c.recv(65536)
        if not b:
            break
        got += len(b)
    time.sleep(600)
else:
    donefile = sys.argv[4]
    s = socket.socket()
    # Cubic fills the queue (bbr would keep it short): the rtt must grow with it.
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, b"cubic")
    s.settimeout(30)
    s.connect(("10.9.0.2", port))
    s.settimeout(None)
    def send():
        s.sendall(b"x" * size)
        while True:  # every byte acknowledged: SIOCOUTQ is 0
            if struct.unpack("i", fcntl.ioctl(s, termios.TIOCOUTQ, b"\0" * 4))[0] == 0:
                break
            time.sleep(0.05)
        open(donefile, "w").close()
    threading.Thread(target=send, daemon=True).start()
    print("ready", flush=True)
    time.sleep(600)
EOF

# First, without loss: while the tbf queue fills (a second and a half into
# a transfer), the rtt TCP measures is far above the smallest it saw (the
# idle link's, from the handshake).
live_spawn nsenter --net="$NS_S" python3 "$LIVE_TMP/peer.py" recv "$SIZE" $((PORT + 1))
live_spawn python3 "$LIVE_TMP/peer.py" send "$SIZE" $((PORT + 1)) "$LIVE_TMP/done-probe"
sleep 1.5
busy_rtt=$("$PORTSTAT" -tin -H --csv -O rtt_us,min_rtt_us ":$((PORT + 1))" 2>&1)

# Then the transfer the fields are compared on, with 5 % of S's incoming TCP dropped.
nsenter --net="$NS_S" nft add rule inet i18loss in meta l4proto tcp numgen random mod 100 "<" 5 drop ||
	{ echo "FAIL: loss rule"; exit 1; }
live_spawn nsenter --net="$NS_S" python3 "$LIVE_TMP/peer.py" recv "$SIZE" "$PORT"
live_spawn python3 "$LIVE_TMP/peer.py" send "$SIZE" "$PORT" "$LIVE_TMP/done"

fields=cong,rtt_us,rttvar_us,min_rtt_us,mss,cwnd,ssthresh,unacked,retrans,total_retrans,lost
fields=$fields,sacked,bytes_sent,bytes_acked,bytes_received,bytes_retrans,delivery_rate_bps
fields=$fields,pacing_rate_bps,busy_time_us,rwnd_limited_us,sndbuf_limited_us,snd_wscale
fields=$fields,rcv_wscale,ecn,ecn_seen,last_data_sent_ms,last_data_recv_ms
memfields=rmem_alloc,rcvbuf,wmem_alloc,sndbuf,fwd_alloc,wmem_queued,optmem,backlog,drops

for _ in $(seq 1 600); do
	[ -e "$LIVE_TMP/done" ] && break
	sleep 0.1
done
[ -e "$LIVE_TMP/done" ] || { echo "FAIL: the transfer did not finish in 60 s"; exit 1; }
sleep 0.5 # the last ACK's effects settle; then the connection is idle

t0=$(date +%s%3N)
ss -tinmH dst "10.9.0.2:$PORT" >"$LIVE_TMP/ss.txt" 2>&1
"$PORTSTAT" -tinm --csv -O "$fields" ":$PORT" >"$LIVE_TMP/ps.csv" 2>&1
ps_rc=$?
between=$(($(date +%s%3N) - t0)) # the ages move this much between the two reads at most
"$PORTSTAT" -tinm --csv -O "$memfields" ":$PORT" >"$LIVE_TMP/psm.csv" 2>&1
live_check "portstat -tinm exits 0" "0 0" "$ps_rc $?"
"$PORTSTAT" -tin --json ":$PORT" >"$LIVE_TMP/ps.json" 2>&1

python3 - "$LIVE_TMP/ss.txt" "$LIVE_TMP/ps.csv" "$LIVE_TMP/ps.json" "$SIZE" "$busy_rtt" \
	"$LIVE_TMP/psm.csv" "$between" >"$LIVE_TMP/compare.txt" 2>&1 <<'EOF'
import csv, json, re, sys
ss_text = open(sys.argv[1]).read()
rows = list(csv.DictReader(open(sys.argv[2])))
size = int(sys.argv[4])
busy = sys.argv[5].strip().split(",")
fails = []
if len(rows) != 1:
    print("FAIL: portstat rows: %d, not 1" % len(rows)); print(open(sys.argv[2]).read()); sys.exit(1)
p = rows[0]
mem_rows = list(csv.DictReader(open(sys.argv[6])))
if len(mem_rows) != 1:
    print("FAIL: portstat -m rows: %d, not 1" % len(mem_rows)); sys.exit(1)
p.update(mem_rows[0])
words = ss_text.split()
kv = {}
for w in words:
    if ":" in w and not w.startswith("skmem"):
        k, v = w.split(":", 1)
        kv.setdefault(k, v)
def after(word):  # "delivery_rate 123bps"
    return words[words.index(word) + 1] if word in words else None
def bps(v):
    return v[:-3] if v and v.endswith("bps") else v
def ms_g(us):  # ss prints microseconds / 1000 with %g
    return "%g" % (int(us) / 1000) if us else None
def ms_int(us):
    return str(int(us) // 1000) if us else None
def ss_ms(v):  # "busy:44ms" / "rwnd_limited:12ms(3.1%)"
    return re.sub(r"ms.*", "", v) if v else None
# The congestion control: the first bare word after the endpoints (and skmem).
cong = next((w for w in words[words.index("ESTAB") + 5:] if re.fullmatch(r"[a-z0-9_]+", w)), None) if "ESTAB" in words else None
rtt, rttvar = (kv.get("rtt") or "/").split("/")
wscale = (kv.get("wscale") or ",").split(",")
retrans = (kv.get("retrans") or "0/0").split("/")
skmem = dict(re.findall(r"([a-z]+)(\d+)", re.search(r"skmem:\(([^)]*)\)", ss_text).group(1)))
# field, portstat's value in ss's unit, ss's value; ss leaves out zeros of some fields.
table = [
    ("cong", p["cong"], cong),
    ("rtt_us", ms_g(p["rtt_us"]), rtt),
    ("rttvar_us", ms_g(p["rttvar_us"]), rttvar),
    ("min_rtt_us", ms_g(p["min_rtt_us"]), kv.get("minrtt")),
    ("mss", p["mss"], kv.get("mss")),
    ("cwnd", p["cwnd"], kv.get("cwnd")),
    ("ssthresh", p["ssthresh"], kv.get("ssthresh", p["ssthresh"] if int(p["ssthresh"]) >= 0xFFFF else None)),
    ("unacked", p["unacked"], kv.get("unacked", "0")),
    ("retrans", p["retrans"], retrans[0]),
    ("total_retrans", p["total_retrans"], retrans[1]),
    ("lost", p["lost"], kv.get("lost", "0")),
    ("sacked", p["sacked"], kv.get("sacked", "0")),
    ("bytes_sent", p["bytes_sent"], kv.get("bytes_sent")),
    ("bytes_acked", p["bytes_acked"], kv.get("bytes_acked")),
    ("bytes_received", p["bytes_received"], kv.get("bytes_received", "0")),
    ("bytes_retrans", p["bytes_retrans"], kv.get("bytes_retrans", "0")),
    ("delivery_rate_bps", p["delivery_rate_bps"], bps(after("delivery_rate"))),
    ("pacing_rate_bps", p["pacing_rate_bps"], bps(after("pacing_rate"))),
    ("busy_time_us", ms_int(p["busy_time_us"]), ss_ms(kv.get("busy"))),
    ("rwnd_limited_us", ms_int(p["rwnd_limited_us"]), ss_ms(kv.get("rwnd_limited", "0ms"))),
    ("sndbuf_limited_us", ms_int(p["sndbuf_limited_us"]), ss_ms(kv.get("sndbuf_limited", "0ms"))),
    ("snd_wscale", p["snd_wscale"], wscale[0]),
    ("rcv_wscale", p["rcv_wscale"], wscale[1]),
    ("ecn", p["ecn"], "1" if "ecn" in words else "0"),
    ("ecn_seen", p["ecn_seen"], "1" if "ecnseen" in words else "0"),
]
for name, key in [("rmem_alloc", "r"), ("rcvbuf", "rb"), ("wmem_alloc", "t"), ("sndbuf", "tb"),
                  ("fwd_alloc", "f"), ("wmem_queued", "w"), ("optmem", "o"), ("backlog", "bl"),
                  ("drops", "d")]:
    table.append((name, p[name], skmem.get(key)))
print("%-18s %-22s %s" % ("field", "portstat", "ss"))
for name, ours, theirs in table:
    print("%-18s %-22s %s" % (name, ours, theirs))
    if ours != theirs:
        fails.append("%s: portstat %s, ss %s" % (name, ours, theirs))
# The ages move between the two reads: by at most the time the two took
# (measured: a run under valgrind takes seconds), plus 500 ms of rounding.
slack = int(sys.argv[7]) + 500
for name, key in [("last_data_sent_ms", "lastsnd"), ("last_data_recv_ms", "lastrcv")]:
    print("%-18s %-22s %s (ages: within %d ms)" % (name, p[name], kv.get(key), slack))
    if kv.get(key) is None or abs(int(p[name]) - int(kv[key])) > slack:
        fails.append("%s: portstat %s, ss %s" % (name, p[name], kv.get(key)))
if int(p["total_retrans"] or 0) <= 0:
    fails.append("no retransmits under 5 %% loss: total_retrans %s" % p["total_retrans"])
if p["bytes_acked"] != str(size + 1):
    fails.append("bytes_acked %s, not the %d bytes sent plus the SYN" % (p["bytes_acked"], size))
doc = json.load(open(sys.argv[3]))
ti = doc["sockets"][0]["tcp_info"]
if ti is None or ti["bytes_acked"] != size + 1 or ti["cong"] != "cubic":
    fails.append("JSON tcp_info: %s" % ti)
if doc["sockets"][0]["memory"] is not None:
    fails.append("JSON memory without -m: %s" % doc["sockets"][0]["memory"])
# The rtt with the tbf queue full, against the smallest seen (the idle link's).
print("%-18s %-22s (busy rtt_us, min_rtt_us)" % ("queue", ",".join(busy)))
if len(busy) != 2 or not busy[0].isdigit() or int(busy[0]) < max(10 * int(busy[1]), 20000):
    fails.append("rtt did not grow with the queue: rtt_us,min_rtt_us %s" % ",".join(busy))
for f in fails:
    print("FAIL: " + f)
print("ok: every field agrees with ss" if not fails else "%d differences" % len(fails))
EOF
cat "$LIVE_TMP/compare.txt"
live_check "portstat -tinm agrees with ss -tinm" "ok: every field agrees with ss" \
	"$(tail -n 1 "$LIVE_TMP/compare.txt")"

# The receiver: every byte received.
got=$(nsenter --net="$NS_S" "$PORTSTAT" -tinH --csv -O bytes_received,cong ":$PORT" 2>&1)
live_check "receiver's bytes_received" "$SIZE," "${got%%,*},"

# /proc has none of it: said once with -v, and the fields are null.
"$PORTSTAT" -tinm -v --source=proc --json ":$PORT" >"$LIVE_TMP/proc.json" 2>"$LIVE_TMP/proc.err"
live_check "--source=proc -v says once that /proc lacks them" 1 \
	"$(grep -c '/proc has no tcp_info or socket memory' "$LIVE_TMP/proc.err")"
live_check "--source=proc: tcp_info and memory null" "None None" \
	"$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["sockets"][0]; print(s["tcp_info"], s["memory"])' "$LIVE_TMP/proc.json" 2>&1)"

# UDP and unix sockets have memory (-m) and no tcp_info.
live_spawn python3 -c '
import socket, time
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 5353))
x = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); x.bind("\0i18-unix")
print("ready", flush=True); time.sleep(600)'
udp=$("$PORTSTAT" -uanm --csv -H -O local_port,rcvbuf,drops,rtt_us ":5353" 2>&1)
ss_rb=$(ss -uanmH sport = :5353 | grep -o 'rb[0-9]*' | head -n1)
live_check "udp -m rcvbuf as ss -m, no tcp_info" "5353,${ss_rb#rb},0," "$udp"
unix=$("$PORTSTAT" -xanm --csv -H -O path,sndbuf 2>&1 | grep '^@i18-unix,')
ss_tb=$(ss -xanmH | grep -F '@i18-unix' | grep -o 'tb[0-9]*' | head -n1)
live_check "unix -m sndbuf as ss -m" "@i18-unix,${ss_tb#tb}" "$unix"
live_finish
