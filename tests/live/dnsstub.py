#!/usr/bin/env python3
"""A tiny DNS responder for the resolver live tests (127.0.0.1:53, UDP).

Answers PTR queries from a table given on the command line and prints
"ready" once bound.  Each argument is ADDR=NAME[@DELAY]: the reverse name
of ADDR answers NAME after DELAY seconds (default 0).  NAME "-" never
answers (a dead server).  Anything else gets NXDOMAIN at once.  With
--blackhole as the only argument, no query is ever answered: every query is
read and dropped (a server that is up but never replies), on UDP and TCP.
Runs only inside a test namespace; it never forwards a query.
"""
import ipaddress
import select
import socket
import struct
import sys
import threading
import time


def parse_name(msg, off):
    labels = []
    while msg[off]:
        n = msg[off]
        labels.append(msg[off + 1:off + 1 + n].decode("ascii", "replace"))
        off += n + 1
    return ".".join(labels).lower(), off + 1


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\0"


def reply(msg, qend, rcode, answer=None):
    ident, flags = struct.unpack("!HH", msg[:4])
    flags = 0x8000 | (flags & 0x0100) | 0x0080 | rcode
    head = struct.pack("!HHHHHH", ident, flags, 1, 1 if answer else 0, 0, 0)
    body = msg[12:qend]
    if answer:
        rdata = encode_name(answer)
        body += b"\xc0\x0c" + struct.pack("!HHIH", 12, 1, 60, len(rdata)) + rdata
    return head + body


def blackhole():
    """Reads every query and answers none; a TCP client is accepted and ignored."""
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 53))
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind(("127.0.0.1", 53))
    tcp.listen(64)
    print("ready", flush=True)
    held = []
    while True:
        ready, _, _ = select.select([udp, tcp] + held, [], [])
        for s in ready:
            if s is udp:
                udp.recvfrom(4096)
            elif s is tcp:
                held.append(tcp.accept()[0])
            elif not s.recv(4096):
                held.remove(s)
                s.close()


def main():
    if sys.argv[1:] == ["--blackhole"]:
        blackhole()
        return
    table = {}
    for arg in sys.argv[1:]:
        addr, rest = arg.split("=", 1)
        name, _, delay = rest.partition("@")
        ptr = ipaddress.ip_address(addr).reverse_pointer.lower()
        table[ptr] = (name, float(delay or 0))
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 53))
    print("ready", flush=True)

    def answer(msg, peer):
        try:
            qname, off = parse_name(msg, 12)
            qtype = struct.unpack("!H", msg[off:off + 2])[0]
            qend = off + 4
        except (IndexError, struct.error):
            return
        name, delay = table.get(qname, (None, 0))
        if name == "-":
            return
        if delay:
            time.sleep(delay)
        if name is not None and qtype == 12:
            sock.sendto(reply(msg, qend, 0, name), peer)
        else:
            sock.sendto(reply(msg, qend, 3), peer)

    while True:
        msg, peer = sock.recvfrom(4096)
        threading.Thread(target=answer, args=(msg, peer), daemon=True).start()


if __name__ == "__main__":
    main()
