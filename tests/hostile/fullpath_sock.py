#!/usr/bin/env python3
"""fullpath_sock.py NAME - binds a unix datagram socket to NAME filling all
108 bytes of sun_path with no terminating NUL (Python's socket module
refuses that, so bind(2) is called through ctypes), prints "ready" and
holds it until killed."""
import ctypes
import signal
import socket
import sys

name = sys.argv[1].encode()
if len(name) != 108:
    sys.exit("fullpath_sock: NAME must be 108 bytes")
libc = ctypes.CDLL(None, use_errno=True)
addr = ctypes.create_string_buffer(2 + 108)
addr[0:2] = socket.AF_UNIX.to_bytes(2, sys.byteorder)
addr[2:110] = name
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
if libc.bind(s.fileno(), addr, 110) != 0:
    sys.exit("fullpath_sock: bind: " + str(ctypes.get_errno()))
print("ready", flush=True)
signal.pause()
