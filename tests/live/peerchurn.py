#!/usr/bin/env python3
"""Peers that keep changing, for the resolver's bounds (live test and soak).

Usage: peerchurn.py PEERS PER_SECOND

Holds PEERS TCP connections to a listener on 127.0.0.1:7 (inside a test
namespace), each from its own loopback address (127.A.B.C, all of 127/8 is
local on lo), and replaces PER_SECOND of them every second, oldest first,
with connections from addresses never used before: every round of
`portstat -c` sees addresses it has not resolved yet.  A replaced
connection is reset (SO_LINGER 0), so it leaves no TIME-WAIT socket behind.
Prints "ready" once the first PEERS connections exist, then runs until
killed.
"""
import collections
import socket
import struct
import sys
import time

LINGER_RESET = struct.pack("ii", 1, 0)


def addresses():
    """127.1.0.1 upwards, skipping .0 and .255: about 16 million, never twice."""
    for a in range(1, 255):
        for b in range(0, 256):
            for c in range(1, 255):
                yield "127.%d.%d.%d" % (a, b, c)


def main():
    peers, per_second = int(sys.argv[1]), int(sys.argv[2])
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 7))
    server.listen(4096)
    fresh = addresses()
    held = collections.deque()

    def connect():
        client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        client.bind((next(fresh), 0))
        client.connect(("127.0.0.1", 7))
        accepted, _ = server.accept()
        held.append((client, accepted))

    def drop():
        client, accepted = held.popleft()
        for s in (client, accepted):
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
            s.close()

    for _ in range(peers):
        connect()
    print("ready", flush=True)
    # Ten steps a second, so that the table changes within every round.
    step = max(1, per_second // 10)
    while True:
        time.sleep(step / per_second if per_second else 3600)
        for _ in range(step):
            drop()
            connect()


if __name__ == "__main__":
    main()
