#!/usr/bin/env python3
"""A population of TCP connections for tests/live/test_kill.sh.

  killpop.py FIRST_PORT LISTENERS PER_LISTENER REPORT

Opens LISTENERS listeners on 127.0.0.1 from FIRST_PORT on and PER_LISTENER
client connections to each, accepts them all, prints "ready" and holds
them until killed.  A thread waits on every accepted (server-side) socket
and appends a line to REPORT for each that ends: "PORT ERRNO-NAME" (a
reset is ECONNRESET, an orderly close EOF).  One more thread is blocked in
recv() on the first server-side socket of FIRST_PORT and writes
"blocked-recv ERRNO-NAME" when that recv returns.
"""
import errno
import resource
import select
import socket
import sys
import threading
import time


def report(path, lock, line):
    with lock:
        with open(path, "a") as f:
            f.write(line + "\n")


def outcome(sock):
    try:
        data = sock.recv(1)
        return "EOF" if data == b"" else None
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))


def watch(servers, path, lock):
    poller = select.poll()
    by_fd = {}
    for port, s in servers:
        poller.register(s, select.POLLIN | select.POLLERR | select.POLLHUP)
        by_fd[s.fileno()] = (port, s)
    while by_fd:
        for fd, _ in poller.poll():
            port, s = by_fd[fd]
            what = outcome(s)
            if what is not None:
                poller.unregister(fd)
                del by_fd[fd]
                report(path, lock, "%d %s" % (port, what))


def blocked(sock, path, lock):
    report(path, lock, "blocked-recv " + (outcome(sock) or "DATA"))


def main():
    first, nlist, per, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    want = 2 * nlist * per + nlist + 64
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, want))
    listeners, clients, servers = [], [], []
    for i in range(nlist):
        l = socket.socket()
        l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        l.bind(("127.0.0.1", first + i))
        l.listen(per + 16)
        listeners.append(l)
        for _ in range(per):
            clients.append(socket.create_connection(("127.0.0.1", first + i)))
            servers.append((first + i, l.accept()[0]))
    lock = threading.Lock()
    # The blocked recv has its own socket; the poll thread watches the rest.
    threading.Thread(target=blocked, args=(servers[0][1], path, lock), daemon=True).start()
    threading.Thread(target=watch, args=(servers[1:], path, lock), daemon=True).start()
    print("ready", flush=True)
    while True:
        time.sleep(3600)


main()
