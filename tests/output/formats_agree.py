#!/usr/bin/env python3
"""Checks that every output format lists the same sockets as the table.

usage: formats_agree.py PORTSTAT [ARGS...]

Runs PORTSTAT ARGS -n in table, --json, --jsonl, --csv and --tsv form,
parses each with a real parser (json, csv; jq when installed) and compares
the multiset of (proto, local, remote, state) for Internet sockets and of
(inode, path) for unix sockets.  Also checks that no output holds a byte
below 0x20 other than newline (and tab in TSV).  Exits 1 on a mismatch.
"""
import csv
import io
import json
import re
import shutil
import subprocess
import sys
from collections import Counter

FAILS = []


def run(argv):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        FAILS.append("%s: exit %d: %r" % (" ".join(argv), p.returncode, p.stderr))
    for name, data, allowed in (("stdout", p.stdout, b"\n\t" if "--tsv" in argv else b"\n"),
                                ("stderr", p.stderr, b"\n")):
        bad = [b for b in set(data) if (b < 0x20 and bytes([b]) not in allowed) or b == 0x7f]
        if bad:
            FAILS.append("%s %s holds control bytes %r" % (" ".join(argv), name, sorted(bad)))
    return p.stdout


def endpoint_text(fam, ep):
    port = "*" if ep["port"] in (0, None) else str(ep["port"])
    addr = ep["address"]
    return ("[%s]:%s" if fam == "inet6" else "%s:%s") % (addr, port)


def proto_text(s):
    name = {"udplite": "udpl"}.get(s["proto"], s["proto"])
    return name + ("6" if s["family"] == "inet6" else "")


def from_json_obj(s, inet, unix):
    if s["proto"] == "unix":
        path = s["path"]
        if path is not None:
            path = path.replace("\0", "@")
        unix[(s["inode"] or 0, path)] += 1
    else:
        if s["proto"] == "raw":
            # The table shows the protocol number where the port would be.
            local = dict(s["local"], port=s["ip_protocol"])
            remote = dict(s["remote"], port=0)
        else:
            local, remote = s["local"], s["remote"]
        inet[(proto_text(s), endpoint_text(s["family"], local),
              endpoint_text(s["family"], remote), s["state"])] += 1


def unescape(text):
    """Inverse of portstat's escape (src/lib/escape.c) for comparison."""
    out = bytearray()
    i = 0
    b = text.encode("utf-8", "surrogateescape")
    while i < len(b):
        if b[i:i + 1] == b"\\":
            c = b[i + 1:i + 2]
            if c == b"x":
                out.append(int(b[i + 2:i + 4], 16))
                i += 4
                continue
            out += {b"\\": b"\\", b"n": b"\n", b"t": b"\t", b"r": b"\r"}[c]
            i += 2
            continue
        out.append(b[i])
        i += 1
    return bytes(out)


def path_key(escaped):
    if escaped in ("-", ""):
        return None
    return unescape(escaped).decode("utf-8", "replace").replace("\0", "@")


UNIX_ROW = re.compile(r"^unix\s+\d+\s+\[[^\]]*\]\s+\S+\s+\S+\s+(\d+)\s+(.*)$")


def from_table(text):
    inet, unix = Counter(), Counter()
    for line in text.splitlines():
        f = line.split()
        if not f or f[0] in ("Active", "Proto"):
            continue
        if f[0] == "unix":
            m = UNIX_ROW.match(line)
            if not m:
                FAILS.append("unparsable unix row: %r" % line)
                continue
            unix[(int(m.group(1)), path_key(m.group(2)))] += 1
        else:
            inet[(f[0], f[3], f[4], f[5])] += 1
    return inet, unix


def from_rows(rows):
    inet, unix = Counter(), Counter()
    for r in rows:
        if r["proto"] == "unix":
            unix[(int(r["inode"]), path_key(r["local"]))] += 1
        else:
            inet[(r["proto"], r["local"], r["remote"], r["state"])] += 1
    return inet, unix


def compare(name, got, want):
    for kind, g, w in (("inet", got[0], want[0]), ("unix", got[1], want[1])):
        if g != w:
            FAILS.append("%s differs from the table (%s): missing %r, extra %r" %
                         (name, kind, list((w - g).items())[:5], list((g - w).items())[:5]))


def main():
    binary, args = sys.argv[1], sys.argv[2:] + ["-n"]
    table = from_table(run([binary] + args + ["-W"]).decode("utf-8", "surrogateescape"))
    if not table[0] and not table[1]:
        FAILS.append("the table lists no socket at all")

    doc = json.loads(run([binary] + args + ["--json"]))
    if doc["schema"] != 4 or not isinstance(doc["sockets"], list):
        FAILS.append("bad JSON document header")
    got = (Counter(), Counter())
    for s in doc["sockets"]:
        from_json_obj(s, *got)
    compare("--json", got, table)

    got = (Counter(), Counter())
    lines = run([binary] + args + ["--jsonl"]).decode().splitlines()
    for line in lines:
        s = json.loads(line)
        if s["round"] != 1 or not isinstance(s["time"], (int, float)):
            FAILS.append("--jsonl: bad round or time in %r" % line[:80])
        from_json_obj(s, *got)
    compare("--jsonl", got, table)

    cols = ["-O", "proto,local,remote,state,inode"]
    text = run([binary] + args + ["--csv"] + cols).decode("utf-8", "surrogateescape")
    compare("--csv", from_rows(csv.DictReader(io.StringIO(text, newline=""))), table)
    text = run([binary] + args + ["--tsv"] + cols).decode("utf-8", "surrogateescape")
    compare("--tsv", from_rows(csv.DictReader(io.StringIO(text, newline=""), delimiter="\t",
                                              quoting=csv.QUOTE_NONE)), table)

    if shutil.which("jq"):
        p = subprocess.run(["jq", "-e", ".sockets | length"],
                           input=run([binary] + args + ["--json"]), stdout=subprocess.PIPE)
        if p.returncode != 0 or int(p.stdout) != len(doc["sockets"]):
            FAILS.append("jq does not read the --json document")
        p = subprocess.run(["jq", "-s", "length"], input=run([binary] + args + ["--jsonl"]),
                           stdout=subprocess.PIPE)
        if p.returncode != 0 or int(p.stdout) != len(lines):
            FAILS.append("jq does not read the --jsonl stream")

    for f in FAILS:
        print("FAIL:", f)
    if not FAILS:
        print("ok: %d inet and %d unix sockets agree in table, json, jsonl, csv, tsv (%s)" %
              (sum(table[0].values()), sum(table[1].values()), " ".join(args)))
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
