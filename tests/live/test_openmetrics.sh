#!/bin/bash
# Live: --openmetrics and --textfile in a namespace, end to end through the
# fleet's own tools.  A listener on 127.0.0.1:8080 (program "webapp") with
# two clients; the ephemeral range narrowed to 40000-40099 (100 ports).
#  1. --openmetrics passes promtool check metrics and shows the listener with
#     its program, its 2 established connections, its backlog (as ss);
#  2. node_exporter (--collector.textfile.directory) and Prometheus (1 s
#     scrape), both on 127.0.0.1 here, while portstat --textfile -c 1 writes:
#     Prometheus's HTTP API finds the listener on 8080 with its program and
#     established count, then, once 85 clients to 127.0.0.1:9000 exist, the
#     pressure series (85 used) and the use ratio 0.85, and the third client
#     of 8080 when it comes; when the 85 go, the pressure series goes too;
#  3. --textfile through the Landlock sandbox (--from-netlink enters it):
#     the file is written, and nothing else;
# and nothing is left running (every process is this test's, killed by it).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
for t in promtool prometheus prometheus-node-exporter curl; do
	command -v "$t" >/dev/null || live_skip "$t not installed (scripts/deps --test)"
done

sysctl -qw net.ipv4.ip_local_port_range="40000 40099" || live_skip "cannot narrow the port range"
sysctl -qw net.ipv4.ip_local_reserved_ports="" || live_skip "cannot clear reserved ports"
live_spawn python3 "$here/sockpop.py" comm:webapp tcp-clients:127.0.0.1:8080:2:0

# 1. One snapshot.
m="$LIVE_TMP/m.prom"
"$PORTSTAT" --openmetrics >"$m" 2>"$LIVE_TMP/err"
live_check "exit status" 0 "$?"
live_check "stderr" "" "$(cat "$LIVE_TMP/err")"
promtool check metrics <"$m" >"$LIVE_TMP/lint" 2>&1
live_check "promtool check metrics" "0 " "$? $(cat "$LIVE_TMP/lint")"
live_check "listener on 8080" 'program="webapp"' \
	"$(grep '^portstat_listener_info{.*,port="8080",' "$m" | grep -o 'program="[^"]*"')"
live_check "established on 8080" 2 \
	"$(awk '/^portstat_listener_established_connections\{.*port="8080"\}/ { print $2 }' "$m")"
live_check "backlog of 8080, as ss's Send-Q" "$(ss -Hltn 'sport = :8080' | awk '{ print $3 }')" \
	"$(awk '/^portstat_listener_accept_queue_limit\{.*port="8080"\}/ { print $2 }' "$m")"
live_check "range" 100 "$(awk '/^portstat_ephemeral_range_ports\{/ { print $2 }' "$m")"

# 2. The fleet: node_exporter reads DIR, Prometheus scrapes it every second.
dir="$LIVE_TMP/textfile"
mkdir "$dir"
"$PORTSTAT" --textfile "$dir" -c 1 2>"$LIVE_TMP/writer.err" &
LIVE_PIDS="$LIVE_PIDS $!"
prometheus-node-exporter --web.listen-address=127.0.0.1:9100 --collector.disable-defaults \
	--collector.textfile --collector.textfile.directory="$dir" >"$LIVE_TMP/ne.log" 2>&1 &
LIVE_PIDS="$LIVE_PIDS $!"
cat >"$LIVE_TMP/prometheus.yml" <<'YML'
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:9100']
YML
prometheus --config.file="$LIVE_TMP/prometheus.yml" --storage.tsdb.path="$LIVE_TMP/tsdb" \
	--web.listen-address=127.0.0.1:9090 >"$LIVE_TMP/prom.log" 2>&1 &
LIVE_PIDS="$LIVE_PIDS $!"

# query EXPR: the instant vector as "LABEL=VALUE... VALUE" lines, sorted.
query() {
	curl -fsS --max-time 2 http://127.0.0.1:9090/api/v1/query --data-urlencode "query=$1" |
		python3 -c '
import json, sys
for r in json.load(sys.stdin)["data"]["result"]:
    m = r["metric"]
    print(" ".join(["%s=%s" % (k, m[k]) for k in sys.argv[1:]] + [r["value"][1]]))
' "${@:2}" | sort
}
# wait_for NAME WANT EXPR LABEL...: polls for 30 s until query's answer is WANT.
wait_for() {
	local name=$1 want=$2 got="" i
	shift 2
	for i in $(seq 60); do
		got=$(query "$@" 2>/dev/null)
		[ "$got" = "$want" ] && break
		sleep 0.5
	done
	live_check "prometheus: $name" "$want" "$got"
}

wait_for "listener on 8080 with its program" "program=webapp service=http-alt class=registered 1" \
	'portstat_listener_info{port="8080"}' program service class
wait_for "established on 8080" "port=8080 2" \
	'portstat_listener_established_connections{port="8080"}' port
wait_for "no pressure on 9000 yet" "" 'portstat_ephemeral_ports_used{destination_port="9000"}'

# Sockets come: 85 of the 100 ephemeral ports to one destination, a third client of 8080.
live_spawn python3 "$here/sockpop.py" tcp-clients:127.0.0.1:9000:85:0
pressure_pid=${LIVE_PIDS##* }
python3 -c '
import socket, sys, time
s = socket.create_connection(("127.0.0.1", 8080))
print("ready", flush=True)
time.sleep(600)' >"$LIVE_TMP/client.out" &
LIVE_PIDS="$LIVE_PIDS $!"
wait_for "pressure series: 85 used to 127.0.0.1:9000" "destination=127.0.0.1 destination_port=9000 85" \
	'portstat_ephemeral_ports_used{destination_port="9000"}' destination destination_port
wait_for "highest use ratio" "0.85" 'portstat_ephemeral_max_use_ratio'
wait_for "established on 8080 after a client came" "port=8080 3" \
	'portstat_listener_established_connections{port="8080"}' port
wait_for "ephemeral exhaustion alert expression" "1" \
	'count(portstat_ephemeral_max_use_ratio > 0.8)'

# Sockets go: the 85 clients end, and the series with them.  Whichever end
# the exiting process closes first would keep its port in TIME_WAIT for a
# minute (and a client's counts as used, as it should): this namespace keeps
# no TIME_WAIT sockets from here on, so the ports are free when the process is.
sysctl -qw net.ipv4.tcp_max_tw_buckets=0 || { echo "FAIL: tcp_max_tw_buckets"; exit 1; }
kill "$pressure_pid"
wait "$pressure_pid" 2>/dev/null
wait_for "pressure series gone" "" 'portstat_ephemeral_ports_used{destination_port="9000"}'
# (A process the writer cannot read may be reported hidden: that is its owners' warning.)
live_check "writer wrote every round" "" "$(grep -v 'owners of .* hidden' "$LIVE_TMP/writer.err")"
live_check "DIR holds portstat.prom only" "portstat.prom" "$(ls -A "$dir")"

# 3. Landlock: a replay has no owners, so the sandbox is entered; DIR stays writable.
"$PORTSTAT" --dump-netlink "$LIVE_TMP/dump.bin" -tan >/dev/null 2>&1
dir2="$LIVE_TMP/textfile2"
mkdir "$dir2"
"$PORTSTAT" --from-netlink "$LIVE_TMP/dump.bin" --textfile "$dir2" 2>"$LIVE_TMP/err"
live_check "--textfile under Landlock: status" "0 " "$? $(cat "$LIVE_TMP/err")"
live_check "--textfile under Landlock: the file" "portstat.prom" "$(ls -A "$dir2")"
promtool check metrics <"$dir2/portstat.prom" >"$LIVE_TMP/lint" 2>&1
live_check "--textfile under Landlock: promtool" "0 " "$? $(cat "$LIVE_TMP/lint")"

live_cleanup
trap - EXIT
for p in $LIVE_PIDS; do
	kill -0 "$p" 2>/dev/null && live_check "process $p stopped" stopped running
done
[ "$LIVE_FAILS" = 0 ] && echo "openmetrics live: all checks passed"
[ "$LIVE_FAILS" = 0 ]
