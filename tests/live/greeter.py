#!/usr/bin/env python3
"""A listener for tests/live/*.sh: every client of 0.0.0.0:PORT gets WORD and a newline.

  greeter.py PORT WORD

Prints "ready" once listening (live_spawn waits for it), then serves until killed.
Run it through a symlink to python3 to give the process the program name a test wants.
"""
import socket
import sys

port, word = int(sys.argv[1]), sys.argv[2].encode() + b"\n"
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", port))
s.listen(16)
print("ready", flush=True)
while True:
    c, _ = s.accept()
    c.sendall(word)
    c.close()
