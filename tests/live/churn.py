#!/usr/bin/env python3
"""Steady sockets under heavy churn, for tests/live/test_churn.sh.

  churn.py STEADY_UNIX STEADY_TCP BASE_PORT INODES

Makes STEADY_UNIX listening unix stream sockets named @portstat-steady-K
(abstract), as many unnamed unix stream pairs (2 * STEADY_UNIX sockets) and
STEADY_TCP TCP listeners on 127.0.0.1:BASE_PORT+K, writes the inode of
every steady socket to the file INODES ("unix INODE" or "tcp INODE", one a
line), then forks two churners that run until killed: one creates and
closes unix socket pairs and bound datagram sockets in batches (thousands a
second; unnamed and named sockets live in different halves of the kernel's
unix hash table, so both are churned), the other opens and closes TCP
listeners on ephemeral ports.  The kernel walks
its socket hash chains without holding a lock across the messages of one
sock_diag dump, so these insertions and removals shift the position a dump
resumes from: a steady socket may be skipped or reported twice.

Prints "ready" once the steady sockets exist and the churners run, then
holds everything until SIGTERM (which also stops the churners, by PID).
Every tenth of a second each churner adds its count of sockets created to
a counter file (CHURN_COUNT_DIR, if set), so the test can state the rate.
"""
import os
import signal
import socket
import sys
import time


def churn_unix(count_file):
    made = 0
    last = time.monotonic()
    while True:
        batch = []
        for k in range(32):
            a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            named = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            named.bind("\0portstat-churn-%d-%d" % (os.getpid(), k))
            batch += [a, b, named]
        for s in batch:
            s.close()
        made += len(batch)
        last = report(count_file, made, last)


def churn_tcp(count_file):
    made = 0
    last = time.monotonic()
    while True:
        batch = []
        for _ in range(16):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            s.listen(1)
            batch.append(s)
        for s in batch:
            s.close()
        made += len(batch)
        last = report(count_file, made, last)


def report(count_file, made, last):
    now = time.monotonic()
    if count_file is not None and now - last >= 0.1:
        with open(count_file, "w") as f:
            f.write("%d\n" % made)
        return now
    return last


def main():
    if len(sys.argv) != 5:
        sys.stderr.write("usage: churn.py STEADY_UNIX STEADY_TCP BASE_PORT INODES\n")
        return 2
    n_unix, n_tcp, base = (int(a) for a in sys.argv[1:4])
    steady = []
    for k in range(n_unix):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind("\0portstat-steady-%d" % k)
        s.listen(1)
        steady.append(("unix", s))
        steady += [("unix", p) for p in socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)]
    for k in range(n_tcp):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", base + k))
        s.listen(1)
        steady.append(("tcp", s))
    with open(sys.argv[4], "w") as f:
        for proto, s in steady:
            f.write("%s %d\n" % (proto, os.fstat(s.fileno()).st_ino))
    count_dir = os.environ.get("CHURN_COUNT_DIR")
    children = []
    for name, fn in (("unix", churn_unix), ("tcp", churn_tcp)):
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            fn(os.path.join(count_dir, name) if count_dir else None)
            os._exit(0)
        children.append(pid)

    def stop(signum, frame):
        for pid in children:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for pid in children:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("ready", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    sys.exit(main())
