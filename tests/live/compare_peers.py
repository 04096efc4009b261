#!/usr/bin/env python3
"""compare_peers.py: what portstat lists against what ss and netstat list.

  compare_peers.py PORTSTAT_OUT SS_OUT NETSTAT_OUT

PORTSTAT_OUT is `portstat -anH` (any source), SS_OUT `ss -tuwxanH`,
NETSTAT_OUT `netstat -anW`.  Each listing is reduced to a set of
(protocol, family, local, remote, state) for Internet sockets and
(type, state, inode) for unix sockets, normalised across the tools'
spellings; the sets must be equal.  ss has no UDP-Lite, so portstat's
UDP-Lite rows are compared with netstat only.  Prints the differences and
exits 1 when there are any.
"""
import ipaddress
import sys

STATE = {  # every tool's spelling -> one name
    "ESTAB": "ESTABLISHED", "ESTABLISHED": "ESTABLISHED", "LISTEN": "LISTEN",
    "UNCONN": "UNCONN", "": "UNCONN", "7": "UNCONN", "1": "ESTABLISHED",
    "SYN-SENT": "SYN_SENT", "SYN_SENT": "SYN_SENT", "SYN-RECV": "SYN_RECV",
    "SYN_RECV": "SYN_RECV", "FIN-WAIT-1": "FIN_WAIT1", "FIN_WAIT1": "FIN_WAIT1",
    "FIN-WAIT-2": "FIN_WAIT2", "FIN_WAIT2": "FIN_WAIT2", "TIME-WAIT": "TIME_WAIT",
    "TIME_WAIT": "TIME_WAIT", "CLOSE-WAIT": "CLOSE_WAIT", "CLOSE_WAIT": "CLOSE_WAIT",
    "LAST-ACK": "LAST_ACK", "LAST_ACK": "LAST_ACK", "CLOSING": "CLOSING",
    "UNCONNECTED": "UNCONN", "CONNECTED": "CONNECTED", "LISTENING": "LISTEN",
    "-": "UNCONN", "BOUND": "BOUND", "CLOSE": "BOUND",
}


def endpoint(text, family_hint=None):
    """'1.2.3.4:22', '[::1]:80', '*:22', ':::22' -> (family, addr, port)."""
    addr, _, port = text.rpartition(":")
    if addr.startswith("[") and addr.endswith("]"):
        addr = addr[1:-1]
    if addr in ("*", ""):
        addr = "::" if family_hint != 4 else "0.0.0.0"
    if addr.endswith(":") and addr != "::":   # netstat's ':::22'
        addr = addr.rstrip(":") or "::"
    ip = ipaddress.ip_address(addr.split("%")[0])
    return ip.version, ip.compressed, "0" if port == "*" else port


def netstat_style_fields(path):
    """The whitespace-split fields of every row, section titles and headers left out."""
    for line in open(path, encoding="utf-8", errors="replace"):
        f = line.split()
        if f and f[0] not in ("Active", "Proto"):
            yield f


def portstat_rows(path):
    inet, unix, lite = set(), set(), set()
    for f in netstat_style_fields(path):
        if f[0] == "unix":
            rest = f[f.index("]") + 1:]
            unix.add((rest[0], STATE.get(rest[1], rest[1]), rest[2]))
            continue
        proto = f[0].rstrip("6")
        fam, la, lp = endpoint(f[3])
        _, ra, rp = endpoint(f[4], fam)
        row = (proto, fam, la, lp, ra, rp, STATE.get(f[5], f[5]))
        (lite if proto == "udpl" else inet).add(row)
    return inet, unix, lite


def ss_rows(path):
    inet, unix = set(), set()
    kinds = {"u_str": "STREAM", "u_dgr": "DGRAM", "u_seq": "SEQPACKET"}
    for line in open(path, encoding="utf-8", errors="replace"):
        f = line.split()
        if not f:
            continue
        if f[0] in kinds:
            # local is "NAME INODE" (NAME may hold spaces), peer "NAME INODE"
            state = STATE.get(f[1], f[1])
            if f[0] != "u_dgr" and state == "ESTABLISHED":
                state = "CONNECTED"
            if f[0] == "u_dgr" and state in ("UNCONN", "ESTABLISHED"):
                state = "UNCONN"
            unix.add((kinds[f[0]], state, f[-3]))
            continue
        fam, la, lp = endpoint(f[4])
        _, ra, rp = endpoint(f[5], fam)
        inet.add((f[0], fam, la, lp, ra, rp, STATE.get(f[1], f[1])))
    return inet, unix


def netstat_rows(path):
    inet, unix, lite = set(), set(), set()
    for f in netstat_style_fields(path):
        if f[0] == "unix":
            rest = f[f.index("]") + 1:]
            typ = rest[0]
            if rest[1].isdigit():   # empty State column
                state, inode = "UNCONN", rest[1]
            else:
                state, inode = STATE.get(rest[1], rest[1]), rest[2]
            unix.add((typ, state, inode))
            continue
        proto = f[0].rstrip("6")
        v6 = f[0].endswith("6")
        fam, la, lp = endpoint(f[3], 6 if v6 else 4)
        if v6 and fam == 4:   # netstat prints ::ffff:a.b.c.d as a.b.c.d
            la = ipaddress.IPv6Address("::ffff:" + la).compressed
            fam = 6
        _, ra, rp = endpoint(f[4], 6 if v6 else 4)
        if v6 and "." in ra:
            ra = ipaddress.IPv6Address("::ffff:" + ra).compressed
        state = STATE.get(f[5], f[5]) if len(f) > 5 else "UNCONN"
        row = (proto, fam, la, lp, ra, rp, state)
        (lite if proto == "udpl" else inet).add(row)
    return inet, unix, lite


def unix_for_ss(rows):
    """ss says ESTAB/UNCONN; portstat and netstat say CONNECTED/''."""
    out = set()
    for typ, state, inode in rows:
        if typ == "DGRAM" and state in ("CONNECTED", "UNCONN"):
            state = "UNCONN"
        out.add((typ, state, inode))
    return out


def report(name, mine, theirs):
    ok = True
    for row in sorted(mine - theirs):
        print("%s: only portstat has %s" % (name, row))
        ok = False
    for row in sorted(theirs - mine):
        print("%s: only the peer has %s" % (name, row))
        ok = False
    return ok


def main():
    p_inet, p_unix, p_lite = portstat_rows(sys.argv[1])
    s_inet, s_unix = ss_rows(sys.argv[2])
    n_inet, n_unix, n_lite = netstat_rows(sys.argv[3])
    ok = report("ss inet", p_inet, s_inet)
    ok &= report("ss unix", unix_for_ss(p_unix), unix_for_ss(s_unix))
    ok &= report("netstat inet", p_inet | p_lite, n_inet | n_lite)
    ok &= report("netstat unix", unix_for_ss(p_unix), unix_for_ss(n_unix))
    print("compared: %d inet, %d udplite, %d unix sockets" % (len(p_inet), len(p_lite),
                                                               len(p_unix)))
    if not p_inet or not p_unix:
        print("nothing to compare: the population is missing")
        ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
