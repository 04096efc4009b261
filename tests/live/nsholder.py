#!/usr/bin/env python3
"""nsholder.py NSFILE SOCKPOP_ARGS...: sockpop.py's sockets, made inside
another network namespace by a process that does not stay there.

It enters the namespace NSFILE names (setns(2); a bind-mounted namespace
file such as /run/docker/netns/ID, or /proc/PID/ns/net), builds the sockets
SOCKPOP_ARGS ask for (tests/live/sockpop.py's kinds), and returns to its own
namespace just before it says "ready".  A socket keeps the namespace it was
made in, so the sockets stay there, held by a process that lives elsewhere:
once the namespace's creator has exited, no /proc/PID/ns/net leads to it and
only the file does -- the case of a namespace that is only bind-mounted.
Needs CAP_SYS_ADMIN (root).
"""
import ctypes
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sockpop  # noqa: E402

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)


def setns(fd, what):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        sys.exit("nsholder: setns(%s): %s" % (what, os.strerror(ctypes.get_errno())))


def main():
    home = os.open("/proc/self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
    target = os.open(sys.argv[1], os.O_RDONLY | os.O_CLOEXEC)
    setns(target, sys.argv[1])
    os.close(target)

    def ready(*args, **kwargs):
        # sockpop prints "ready" once every socket exists: the moment to return.
        setns(home, "home")
        print(*args, **kwargs)

    sockpop.print = ready  # sockpop's own name for print, looked up before the builtin
    sys.argv = [sys.argv[0]] + sys.argv[2:]
    sockpop.main()


if __name__ == "__main__":
    main()
