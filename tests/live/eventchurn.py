#!/usr/bin/env python3
"""Short-lived connections and a restarted listener for tests/live/test_events.sh.

  eventchurn.py PORTS_FILE N SERVER_PORT RESTART_PORT

Makes N TCP connections to 127.0.0.1:SERVER_PORT one after another; each
sends a byte, gets it back and is closed by the client, the server side
closing after it.  The client's port of each is written to PORTS_FILE, one
a line.  Then a listener on RESTART_PORT is opened, held for 2.5 s (a poll
sees it, even a late one), closed and at once opened again, and held 2.5 s more
(RESTART_PORT 0: no listener).
"""
import socket
import sys
import threading
import time


def serve(listener, n):
    for _ in range(n):
        conn, _ = listener.accept()
        data = conn.recv(1)
        conn.sendall(data)
        conn.recv(1)  # EOF: the client closed first
        conn.close()


def listen(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(64)
    return s


def main():
    path, n, port, restart = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    listener = listen(port)
    server = threading.Thread(target=serve, args=(listener, n))
    server.start()
    ports = []
    for _ in range(n):
        c = socket.create_connection(("127.0.0.1", port))
        ports.append(c.getsockname()[1])
        c.sendall(b"x")
        c.recv(1)
        c.close()
    server.join()
    listener.close()
    with open(path, "w") as f:
        f.write("".join("%d\n" % p for p in ports))
    if restart == 0:
        return
    first = listen(restart)
    time.sleep(2.5)
    first.close()
    second = listen(restart)
    time.sleep(2.5)
    second.close()


main()
