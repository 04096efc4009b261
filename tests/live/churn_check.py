#!/usr/bin/env python3
"""Counts the steady sockets of churn.py in listings, for test_churn.sh.

  churn_check.py INODES FORMAT FILE...

INODES is churn.py's list of steady sockets ("unix INODE" or "tcp INODE").
Each FILE is one round: FORMAT "json" is `portstat -an --json`, FORMAT "ss"
is `ss -tuxaneH` (the inode is the "Port" column of a unix line and the
"ino:" word of an inet line).  For every round it counts how often each
steady socket appears and prints one line:

  rounds=R missing_rounds=M duplicate_rounds=D missing=m duplicates=d steady=S

missing_rounds/duplicate_rounds: rounds where at least one steady socket
was absent / appeared more than once; missing/duplicates: the sockets over
all rounds.  A round that is not a whole listing is an error (status 1).
"""
import json
import sys


def counts_json(text):
    seen = {}
    for s in json.loads(text)["sockets"]:
        key = (s["proto"], s["inode"])
        seen[key] = seen.get(key, 0) + 1
    return seen


def counts_ss(text):
    seen = {}
    for line in text.splitlines():
        f = line.split()
        if len(f) < 6:
            continue
        if f[0] in ("u_str", "u_dgr", "u_seq"):
            key = ("unix", int(f[5]))
        elif f[0] == "tcp":
            ino = [w for w in f if w.startswith("ino:")]
            if not ino:
                continue
            key = ("tcp", int(ino[0][4:]))
        else:
            continue
        seen[key] = seen.get(key, 0) + 1
    return seen


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        steady = [(p, int(i)) for p, i in (line.split() for line in f)]
    count = counts_json if sys.argv[2] == "json" else counts_ss
    rounds = missing_rounds = duplicate_rounds = missing = duplicates = 0
    for path in sys.argv[3:]:
        with open(path, encoding="utf-8") as f:
            seen = count(f.read())
        m = sum(1 for k in steady if seen.get(k, 0) == 0)
        d = sum(seen[k] - 1 for k in steady if seen.get(k, 0) > 1)
        rounds += 1
        missing += m
        duplicates += d
        missing_rounds += m > 0
        duplicate_rounds += d > 0
    print("rounds=%d missing_rounds=%d duplicate_rounds=%d missing=%d duplicates=%d steady=%d"
          % (rounds, missing_rounds, duplicate_rounds, missing, duplicates, len(steady)))


if __name__ == "__main__":
    sys.exit(main())
