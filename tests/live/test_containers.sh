#!/bin/bash
# Live: containers without a container runtime (issue 16).  Two processes,
# each in a network namespace of its own (unshare --net, held only by the
# process) and each moved into a cgroup named as the runtimes name theirs:
# Docker's docker-ID.scope, and a Kubernetes pod's
# kubepods...-podUID.slice/cri-containerd-ID.scope.  The runtimes' files
# that name them (Docker's config.v2.json; containerd's OCI spec with the
# CRI annotations) are written under tmpfs mounts of this test's mount
# namespace, over /var/lib and /run.  Both listen on 8080, and a forwarder
# on the test's own ("host") namespace's 8080 carries connections to the
# Docker one over a veth pair, as docker-proxy does.
#
#   - --all-netns -lp :8080 lists the three: the Netns column names the
#     container (web; prod/shop-7d9f, the pod, for the Kubernetes one),
#     the program column its program;
#   - --unit shows the owner's container (prod/shop-7d9f/api with the pod's
#     container name);
#   - --container web -lq :8080 exits 0, by pod and id prefix too, and
#     another name exits 1;
#   - -N web reads the container's namespace by its name;
#   - JSON carries the container objects (runtime, id, name, pod fields)
#     and parses with jq.
# The cgroups live under a directory this test makes and removes.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
command -v jq >/dev/null || live_skip "jq not installed"
command -v ip >/dev/null || live_skip "ip(8) not installed"

# The cgroup v2 hierarchy (pure v2, or the hybrid layout's unified one).
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
	cgroot=/sys/fs/cgroup
elif [ -f /sys/fs/cgroup/unified/cgroup.procs ]; then
	cgroot=/sys/fs/cgroup/unified
else
	echo "FAIL: no cgroup v2 hierarchy under /sys/fs/cgroup"
	exit 1
fi
cgtest="$cgroot/portstat-test.$$"
web_id=7e57c0de00000000000000000000000000000000000000000000000000000001
api_id=7e57c0de000000000000000000000000000000000000000000000000000000a2
pod_uid=3b0c9c1d-1c7e-4a49-9b57-2f1c3a7b9e01
web_cg="$cgtest/system.slice/docker-$web_id.scope"
pod_cg="$cgtest/kubepods.slice/kubepods-besteffort.slice"
pod_cg="$pod_cg/kubepods-besteffort-pod${pod_uid//-/_}.slice"
api_cg="$pod_cg/cri-containerd-$api_id.scope"

containers_cleanup() {
	live_cleanup
	# Processes gone, the cgroups this test made go, deepest first.
	for d in "$api_cg" "$pod_cg" "$cgtest/kubepods.slice/kubepods-besteffort.slice" \
		"$cgtest/kubepods.slice" "$web_cg" "$cgtest/system.slice" "$cgtest"; do
		[ -d "$d" ] && rmdir "$d" 2>/dev/null
	done
	[ -d "$cgtest" ] && echo "FAIL: cgroup $cgtest left behind" && exit 1
}
trap containers_cleanup EXIT
mkdir -p "$web_cg" "$api_cg" || { echo "FAIL: cannot make cgroups under $cgroot"; exit 1; }

# The runtimes' files, in this mount namespace only.
mount -t tmpfs -o size=4m tmpfs /var/lib && mount -t tmpfs -o size=4m tmpfs /run ||
	{ echo "FAIL: cannot mount tmpfs over /var/lib and /run"; exit 1; }
mkdir -p "/var/lib/docker/containers/$web_id" \
	"/run/containerd/io.containerd.runtime.v2.task/k8s.io/$api_id"
printf '{"ID":"%s","Name":"/web","Config":{"Image":"nginx"}}' "$web_id" \
	>"/var/lib/docker/containers/$web_id/config.v2.json"
cat >"/run/containerd/io.containerd.runtime.v2.task/k8s.io/$api_id/config.json" <<JSON
{"ociVersion":"1.1.0","annotations":{"io.kubernetes.cri.container-type":"container",
 "io.kubernetes.cri.sandbox-name":"shop-7d9f","io.kubernetes.cri.sandbox-namespace":"prod",
 "io.kubernetes.cri.sandbox-uid":"$pod_uid","io.kubernetes.cri.container-name":"api"}}
JSON

# Programs by name: comm is the name the program was started by.
py=$(python3 -c "import sys; print(sys.executable)")
ln -s "$py" "$LIVE_TMP/websrv"
ln -s "$py" "$LIVE_TMP/apisrv"
ln -s "$py" "$LIVE_TMP/docker-proxy"
cat >"$LIVE_TMP/forward.py" <<'PY'
import socket, sys, threading
# docker-proxy's arguments name the target; this one forwards to it.
args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((args["-host-ip"], int(args["-host-port"])))
s.listen(16)
print("ready", flush=True)
def pipe(a, b):
    while True:
        d = a.recv(4096)
        if not d:
            break
        b.sendall(d)
    b.shutdown(socket.SHUT_WR)
while True:
    c, _ = s.accept()
    u = socket.create_connection((args["-container-ip"], int(args["-container-port"])))
    threading.Thread(target=pipe, args=(c, u), daemon=True).start()
    threading.Thread(target=pipe, args=(u, c), daemon=True).start()
PY
# A "container": a process moved into its cgroup, then into a network
# namespace of its own, which only it holds.
cat >"$LIVE_TMP/container.sh" <<'SH'
#!/bin/sh
echo $$ >"$1/cgroup.procs" || exit 1
shift
exec unshare --net sh -c 'ip link set lo up && exec "$@"' sh "$@"
SH
chmod +x "$LIVE_TMP/container.sh"

live_spawn "$LIVE_TMP/container.sh" "$web_cg" "$LIVE_TMP/websrv" "$here/greeter.py" 8080 web
web_pid=$(cat "$web_cg/cgroup.procs" | head -n1)
live_spawn "$LIVE_TMP/container.sh" "$api_cg" "$LIVE_TMP/apisrv" "$here/greeter.py" 8080 web
[ -n "$web_pid" ] || { echo "FAIL: the web process is not in its cgroup"; exit 1; }

# The web container's network: a veth pair, as Docker's bridge gives one.
ip link add pst_host type veth peer name pst_web &&
	ip link set pst_web netns "$web_pid" &&
	ip addr add 10.99.16.1/24 dev pst_host && ip link set pst_host up &&
	nsenter --net="/proc/$web_pid/ns/net" ip addr add 10.99.16.2/24 dev pst_web &&
	nsenter --net="/proc/$web_pid/ns/net" ip link set pst_web up ||
	{ echo "FAIL: veth pair"; exit 1; }
live_spawn "$LIVE_TMP/docker-proxy" "$LIVE_TMP/forward.py" -proto tcp -host-ip 0.0.0.0 \
	-host-port 8080 -container-ip 10.99.16.2 -container-port 8080
live_check "the forwarder reaches the web container" "web" \
	"$(python3 -c 'import socket; print(socket.create_connection(("127.0.0.1", 8080), timeout=5).recv(16).decode().strip())')"

host_label="net:[$(stat -L -c %i /proc/self/ns/net)]"

out=$("$PORTSTAT" --all-netns -lnp :8080)
rc=$?
live_check "--all-netns -lp :8080: status 0" 0 "$rc"
# Netns and PID/Program of this test's rows (other namespaces of the
# machine may listen on 8080 too): the first and last columns.
rows=$(printf '%s\n' "$out" | awk -v host="$host_label" \
	'$1 == host || $1 == "web" || $1 == "prod/shop-7d9f" { n = split($NF, p, "/"); print $1, p[n] }' |
	sort)
live_check "--all-netns -lp :8080: the three listeners, named by container and program" \
	"$(printf '%s\n' "$host_label docker-proxy" "prod/shop-7d9f apisrv" "web websrv" | sort)" \
	"$rows"

out=$("$PORTSTAT" --all-netns -ln --unit :8080)
live_check "--unit: the Kubernetes owner is its pod's container" "prod/shop-7d9f/api" \
	"$(printf '%s\n' "$out" | awk '$1 == "prod/shop-7d9f" { print $NF }')"
live_check "--unit: the Docker owner is its container" "web" \
	"$(printf '%s\n' "$out" | awk '$1 == "web" { print $NF }')"

for name in web prod/shop-7d9f shop-7d9f api 7e57c0de0000000000000000000000000000000000000000000000000000000 "${api_id:0:12}"; do
	"$PORTSTAT" --container "$name" -lq :8080
	live_check "--container $name -lq :8080: status 0" 0 "$?"
done
"$PORTSTAT" --container db -lq :8080
live_check "--container db -lq :8080: status 1 (no such container)" 1 "$?"
"$PORTSTAT" --container web -lq :9999
live_check "--container web -lq :9999: status 1 (nothing on that port)" 1 "$?"
live_check "--container web: the web container's listener alone" "web 8080" \
	"$("$PORTSTAT" --container web -ln :8080 | awk 'NR > 2 { n = split($5, a, ":"); print $1, a[n] }')"

out=$("$PORTSTAT" -N web -ln -O netns,local :8080)
live_check "-N web: the container's namespace by its name" "web 0.0.0.0:8080" \
	"$(printf '%s\n' "$out" | awk 'NR > 2 { print $1, $2 }')"
"$PORTSTAT" -N nosuch -ln >/dev/null 2>"$LIVE_TMP/err"
live_check "-N nosuch: status 2" 2 "$?"
live_check "-N nosuch: one line saying neither namespace nor container" \
	"1 yes" "$(wc -l <"$LIVE_TMP/err") $(grep -q 'no container' "$LIVE_TMP/err" && echo yes)"

json=$("$PORTSTAT" --all-netns -lnp --unit --json :8080)
live_check "JSON parses" 0 "$(printf '%s' "$json" | jq empty >/dev/null 2>&1; echo $?)"
live_check "JSON: the Docker container and its owner" \
	"docker $web_id web null websrv web docker" \
	"$(printf '%s' "$json" | jq -r '.sockets[] | select(.netns.container.name == "web") |
		[.netns.container.runtime, .netns.container.id, .netns.container.name,
		 (.netns.container.pod_name | tostring), .owners[0].program, .owners[0].unit,
		 .owners[0].container.runtime] | join(" ")')"
live_check "JSON: the pod, its namespace and the container" \
	"containerd $api_id shop-7d9f prod api apisrv prod/shop-7d9f/api" \
	"$(printf '%s' "$json" | jq -r '.sockets[] | select(.netns.container.pod_name != null) |
		[.netns.container.runtime, .netns.container.id, .netns.container.pod_name,
		 .netns.container.pod_namespace, .netns.container.container_name,
		 .owners[0].program, .owners[0].unit] | join(" ")')"
live_check "JSON: the host's forwarder is in no container" "null docker-proxy null" \
	"$(printf '%s' "$json" | jq -r --arg ino "$(stat -L -c %i /proc/self/ns/net)" \
		'.sockets[] | select((.netns.inode | tostring) == $ino) |
		[(.netns.container | tostring), .owners[0].program, (.owners[0].container | tostring)] | join(" ")')"

live_finish
