#!/bin/sh
# --version: the one version (project(VERSION), "(git DESCRIBE)" from a
# checkout) and, per feature, whether it is compiled in and whether this
# host offers it now -- checked against probes of its own (python3), and
# with netlink refused by a seccomp filter (tests/support/seccomp_deny.c).
# test_version.sh BINARY VERSION LIBMNL_VERSION LIBBSD_VERSION SECCOMP_DENY
bin=$1 version=$2 mnl=$3 bsd=$4 deny=$5
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
out=$("$bin" --version) || fail "--version exited $?"
echo "$out"

first=$(echo "$out" | sed -n 1p)
case $first in
"portstat $version" | "portstat $version (git "*")") ;;
*) fail "first line '$first' is not 'portstat $version [(git DESCRIBE)]'" ;;
esac
[ "$("$bin" -V)" = "$out" ] || fail "-V and --version differ"

# What this host offers, asked independently of portstat.
nl=$(python3 -c 'import socket
try:
    socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 4).close(); print("available")
except OSError: print("unavailable")')
ll=$(python3 -c 'import ctypes
libc = ctypes.CDLL(None, use_errno=True)
abi = libc.syscall(444, None, ctypes.c_size_t(0), ctypes.c_uint32(1))  # landlock_create_ruleset, VERSION
print(abi if abi > 0 else 0)')

echo "$out" | grep -qx "  netlink sock_diag: compiled in, $nl" ||
	fail "no line '  netlink sock_diag: compiled in, $nl'"
if [ "$ll" -gt 0 ]; then want="  landlock: compiled in, kernel ABI $ll"; else
	want="  landlock: compiled in, not offered by this kernel"; fi
# A coverage build compiles Landlock out (PORTSTAT_LANDLOCK=OFF) and says so.
echo "$out" | grep -qx -e "$want" -e "  landlock: compiled out (PORTSTAT_LANDLOCK=OFF)" ||
	fail "no line '$want'"
echo "$out" | grep -qx "  built with libmnl $mnl, libbsd $bsd" ||
	fail "no line '  built with libmnl $mnl, libbsd $bsd'"

# Netlink refused (systemd's RestrictAddressFamilies): said, with the reason.
out=$("$deny" netlink "$bin" --version) || fail "--version under seccomp_deny exited $?"
echo "$out" | grep -q "^  netlink sock_diag: compiled in, unavailable (.*); /proc/net is read\$" ||
	fail "netlink refused, but --version says: $(echo "$out" | grep netlink)"
[ "$fails" = 0 ] && echo "ok: --version"
exit $((fails > 0))
