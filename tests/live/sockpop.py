#!/usr/bin/env python3
"""Creates a known socket population in the current network namespace.

Used by the live tests: it prints "ready" once every socket exists and then
holds them until it is killed.  It prints nothing else (the test reads only
the first line).  Each argument adds sockets:

  tcp-listen:ADDR:PORT        a TCP listener
  tcp-pair:ADDR:PORT          a listener plus one established client pair
  udp:ADDR:PORT               an unconnected UDP socket
  udp-conn:ADDR:PORT:RPORT    a UDP socket bound to PORT connected to ADDR:RPORT
  udplite:ADDR:PORT           an unconnected UDP-Lite socket
  raw:ADDR:PROTO              a raw socket (PROTO: icmp, icmpv6 or a number)
  unix-stream:NAME            a listening stream socket plus a connected pair
  unix-dgram:NAME             a bound datagram socket
  unix-seqpacket:NAME         a listening seqpacket socket
  fork:N                      after all sockets exist, N child processes that
                              hold them too (a pre-forked server)
  comm:NAME                   sets this process's name (/proc/PID/comm, 15 bytes)
  tcp-synsent:ADDR:PORT       a listener whose accept queue is full (backlog 0,
                              one pair queued) and a client stuck in SYN-SENT:
                              the kernel drops its SYNs
  tcp-halfclosed:ADDR:PORT    a pair whose client shut down writing:
                              FIN-WAIT-2 on the client, CLOSE-WAIT on the server
  tcp-timewait:ADDR:PORT      a pair closed by the client first: TIME-WAIT (60 s)
  tcp-bound:ADDR:PORT         a TCP socket bound but neither listening nor connected
  tcp-clients:ADDR:PORT:N:C   a listener and N clients on ephemeral ports, of which
                              the first C are closed by the client: TIME-WAIT

A unix NAME starting with '@' is abstract; '\\n', '\\t', '\\e' and '\\xHH'
escapes are decoded so tests can make hostile names.  Paths are relative to
the current directory.  IPv6 addresses are written in brackets: [::1]:80.
"""
import os
import signal
import socket
import sys
import time

IPPROTO_UDPLITE = 136
held = []


def split_addr(spec):
    if spec.startswith("["):
        addr, rest = spec[1:].split("]", 1)
        return socket.AF_INET6, addr, rest.lstrip(":")
    addr, rest = spec.split(":", 1)
    return socket.AF_INET, addr, rest


def decode_name(name):
    return name.encode("latin-1").decode("unicode_escape").encode("latin-1")


def unix_addr(name):
    raw = decode_name(name)
    if raw.startswith(b"@"):
        return b"\0" + raw[1:]
    return raw


def listener(spec, backlog):
    fam, addr, port = split_addr(spec)
    srv = socket.socket(fam, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((addr, int(port)))
    srv.listen(backlog)
    return srv, fam, addr, port


def tcp(spec, pair):
    srv, fam, addr, port = listener(spec, 128)
    held.append(srv)
    if pair:
        cli = socket.socket(fam, socket.SOCK_STREAM)
        cli.connect((addr, int(port)))
        conn, _ = srv.accept()
        held.extend([cli, conn])


def tcp_synsent(spec):
    srv, fam, addr, port = listener(spec, 0)
    queued = socket.socket(fam, socket.SOCK_STREAM)
    queued.connect((addr, int(port)))
    stuck = socket.socket(fam, socket.SOCK_STREAM)
    stuck.setblocking(False)
    try:
        stuck.connect((addr, int(port)))
    except BlockingIOError:
        pass
    held.extend([srv, queued, stuck])
    time.sleep(0.2)  # the client answers the SYN-ACK; the second SYN is dropped


def tcp_closing(spec, timewait):
    srv, fam, addr, port = listener(spec, 4)
    cli = socket.socket(fam, socket.SOCK_STREAM)
    cli.connect((addr, int(port)))
    conn, _ = srv.accept()
    srv.close()
    if timewait:
        cli.close()
        conn.recv(1)  # the FIN has arrived
        conn.close()
    else:
        cli.shutdown(socket.SHUT_WR)
        conn.recv(1)
        held.extend([cli, conn])
    time.sleep(0.1)


def tcp_clients(spec):
    fam, addr, rest = split_addr(spec)
    port, count, closed = (int(x) for x in rest.split(":"))
    srv = socket.socket(fam, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((addr, port))
    srv.listen(count + 1)
    held.append(srv)
    pairs = []
    for _ in range(count):
        cli = socket.socket(fam, socket.SOCK_STREAM)
        cli.connect((addr, port))
        conn, _ = srv.accept()
        pairs.append((cli, conn))
    for i, (cli, conn) in enumerate(pairs):
        if i < closed:
            cli.close()
            conn.recv(1)  # the FIN has arrived
            conn.close()
        else:
            held.extend([cli, conn])
    time.sleep(0.1)


def udp(spec, proto=0, connect=False):
    fam, addr, rest = split_addr(spec)
    s = socket.socket(fam, socket.SOCK_DGRAM, proto)
    if connect:
        port, rport = rest.split(":")
        s.bind((addr, int(port)))
        s.connect((addr, int(rport)))
    else:
        s.bind((addr, int(rest)))
    held.append(s)


def raw(spec):
    fam, addr, proto = split_addr(spec)
    number = {"icmp": socket.IPPROTO_ICMP, "icmpv6": socket.IPPROTO_ICMPV6}.get(proto)
    s = socket.socket(fam, socket.SOCK_RAW, number if number is not None else int(proto))
    s.bind((addr, 0))
    held.append(s)


def unix(kind, name):
    addr = unix_addr(name)
    stype = {"stream": socket.SOCK_STREAM, "dgram": socket.SOCK_DGRAM,
             "seqpacket": socket.SOCK_SEQPACKET}[kind]
    s = socket.socket(socket.AF_UNIX, stype)
    s.bind(addr)
    held.append(s)
    if kind == "dgram":
        return
    s.listen(16)
    if kind == "stream":
        cli = socket.socket(socket.AF_UNIX, stype)
        cli.connect(addr)
        conn, _ = s.accept()
        held.extend([cli, conn])


def set_comm(name):
    import ctypes
    PR_SET_NAME = 15
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NAME, ctypes.c_char_p(decode_name(name)[:15]), 0, 0, 0) != 0:
        sys.exit("sockpop: prctl(PR_SET_NAME) failed")


def fork_holders(n):
    pids = []
    for _ in range(n):
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
            while True:
                signal.pause()
        pids.append(pid)
    return pids


def stop(children):
    for pid in children:
        os.kill(pid, signal.SIGTERM)
    sys.exit(0)


def main():
    children = []
    for arg in sys.argv[1:]:
        kind, spec = arg.split(":", 1)
        if kind == "tcp-listen":
            tcp(spec, False)
        elif kind == "tcp-pair":
            tcp(spec, True)
        elif kind == "tcp-synsent":
            tcp_synsent(spec)
        elif kind == "tcp-halfclosed":
            tcp_closing(spec, False)
        elif kind == "tcp-timewait":
            tcp_closing(spec, True)
        elif kind == "tcp-clients":
            tcp_clients(spec)
        elif kind == "tcp-bound":
            fam, addr, port = split_addr(spec)
            s = socket.socket(fam, socket.SOCK_STREAM)
            s.bind((addr, int(port)))
            held.append(s)
        elif kind == "udp":
            udp(spec)
        elif kind == "udp-conn":
            udp(spec, connect=True)
        elif kind == "udplite":
            udp(spec, IPPROTO_UDPLITE)
        elif kind == "raw":
            raw(spec)
        elif kind == "comm":
            set_comm(spec)
        elif kind == "fork":
            children.extend(fork_holders(int(spec)))
        elif kind.startswith("unix-"):
            unix(kind[5:], spec)
        else:
            sys.exit("sockpop: unknown kind " + kind)
    print("ready", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: stop(children))
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
