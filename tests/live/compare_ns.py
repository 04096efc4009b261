#!/usr/bin/env python3
"""compare_ns.py: one network namespace in portstat's listing against ss run in it.

  compare_ns.py TABLE SS_OUT [CELL]
  compare_ns.py --owners JSON SS_OUT INODE

SS_OUT is `ss -tuwxanpeH` run inside the namespace (nsenter --net=FILE).

TABLE is `portstat -anH`.  With CELL, the table lists several namespaces
and so has a Netns column first: only the rows whose first field is CELL
are compared (without that field), and every row must have one.  The rows
are reduced to (protocol, family, local, remote, state) for Internet sockets
and (type, state, inode) for unix sockets, as tests/live/compare_peers.py
does (its parsers are reused); the sets must be equal and each socket listed
once: as many rows as ss has.

--owners: JSON is `portstat -anp --json` (one or more namespaces); its rows
whose netns.inode is INODE must be the same sockets (by socket inode) as
ss lists, each owned by the same set of PIDs as ss's users:(...) names.

ss's unix NAME must hold no spaces here (the test's population has none).
Prints the differences and exits 1 when there are any.
"""
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_peers  # noqa: E402  (the shared parsers)

UNIX_KINDS = {"u_str": "STREAM", "u_dgr": "DGRAM", "u_seq": "SEQPACKET"}


def ss_sockets(path):
    """ss -tuwxanpeH -> list of (row, inode, pids); row as compare_peers makes it."""
    out = []
    for line in open(path, encoding="utf-8", errors="replace"):
        f = line.split()
        if not f:
            continue
        pids = sorted(int(p) for p in re.findall(r"pid=(\d+)", line))
        if f[0] in UNIX_KINDS:
            # Netid State Recv-Q Send-Q NAME INODE PEER PEER_INODE [users:..] [-e fields]
            # (-e adds the file's ino:, not the socket's: the socket inode is f[5])
            state = compare_peers.STATE.get(f[1], f[1])
            if f[0] != "u_dgr" and state == "ESTABLISHED":
                state = "CONNECTED"
            out.append((("unix", UNIX_KINDS[f[0]], state, f[5]), f[5], pids))
            continue
        fam, la, lp = compare_peers.endpoint(f[4])
        _, ra, rp = compare_peers.endpoint(f[5], fam)
        ino = re.search(r"\bino:(\d+)", line)
        row = ("inet", f[0], fam, la, lp, ra, rp, compare_peers.STATE.get(f[1], f[1]))
        out.append((row, ino.group(1) if ino else None, pids))
    return out


def table_lines(path, cell):
    """TABLE's rows (titles and headers left out), CELL's only and without it."""
    rows, stray = [], []
    for line in open(path, encoding="utf-8", errors="replace"):
        f = line.split()
        if not f or f[0] in ("Active", "Proto", "Netns"):
            continue
        if cell is None:
            rows.append(line)
        elif f[0] == cell:
            rows.append(line.split(None, 1)[1])
        elif f[0] in ("tcp", "tcp6", "udp", "udp6", "unix", "raw", "raw6"):
            stray.append(line.rstrip("\n"))  # no Netns cell: the column is missing
    return rows, stray


def compare_table(table, ss_out, cell):
    rows, stray = table_lines(table, cell)
    ok = True
    for line in stray[:5]:
        print("row without a Netns cell: %r" % line)
        ok = False
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as tmp:
        tmp.writelines(rows)
    try:
        p_inet, p_unix, p_lite = compare_peers.portstat_rows(tmp.name)
    finally:
        os.unlink(tmp.name)
    theirs = ss_sockets(ss_out)
    s_inet = {r[0][1:] for r in theirs if r[0][0] == "inet"}
    s_unix = {r[0][1:] for r in theirs if r[0][0] == "unix"}
    ok &= compare_peers.report("inet", p_inet, s_inet)
    ok &= compare_peers.report("unix", compare_peers.unix_for_ss(p_unix),
                               compare_peers.unix_for_ss(s_unix))
    if p_lite:
        print("unexpected UDP-Lite rows: %s" % sorted(p_lite))
        ok = False
    if len(rows) != len(theirs):
        print("portstat lists %d rows, ss %d sockets (a namespace listed twice?)" %
              (len(rows), len(theirs)))
        ok = False
    print("compared: %d inet, %d unix sockets" % (len(p_inet), len(p_unix)))
    if not p_inet or not p_unix:
        print("nothing to compare: the population is missing")
        ok = False
    return ok


def compare_owners(json_path, ss_out, inode):
    doc = json.load(open(json_path, encoding="utf-8"))
    mine = {}
    for s in doc["sockets"]:
        if (s.get("netns") or {}).get("inode") != inode:
            continue
        mine[str(s["inode"])] = sorted(o["pid"] for o in (s.get("owners") or []))
    theirs = {ino: pids for _, ino, pids in ss_sockets(ss_out) if ino is not None}
    ok = True
    for ino in sorted(set(mine) | set(theirs)):
        if mine.get(ino) != theirs.get(ino):
            print("socket %s: portstat owners %s, ss owners %s" %
                  (ino, mine.get(ino), theirs.get(ino)))
            ok = False
    print("compared owners of %d sockets" % len(theirs))
    if not theirs:
        print("nothing to compare: the population is missing")
        ok = False
    return ok


def main():
    if sys.argv[1] == "--owners":
        ok = compare_owners(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        ok = compare_table(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
