/*
 * procfile.h - one small file under the proc root, read whole.
 *
 * The files portstat reads besides /proc/net (the ephemeral range, the
 * reserved ports, the host name, a process's comm and cgroup) are a line
 * or a few kilobytes; reading them under the proc root, like every other
 * input, lets a saved tree describe the host it was saved from.
 */
#ifndef PORTSTAT_PROCFILE_H
#define PORTSTAT_PROCFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sys/types.h>

/*
 * Reads the file name, relative to the directory open as dirfd (or
 * AT_FDCWD), into buf until the end of the file or until cap bytes (EINTR
 * retried); no NUL.  Returns the byte count or a negative errno.
 */
ssize_t procfile_read_at(int dirfd, const char *name, char *buf, size_t cap);

/*
 * Reads <proc_root>/<rel> into buf until the end of the file or until
 * cap - 1 bytes (EINTR retried), then a NUL; *len gets the byte count
 * (cap - 1 means the file may be longer).  Returns 0, -ENAMETOOLONG, or
 * the negative errno of open or read (then buf is "" and *len 0).
 */
int procfile_read(const char *proc_root, const char *rel, char *buf, size_t cap, size_t *len);

/*
 * Input files named on the command line (--services, --from-netlink) are
 * bounded, so that memory grows with the sockets only: a device such as
 * /dev/zero never ends, and a huge file is no services database or dump.
 *
 * inputfile_check: 0 when fd is a regular file of at most max bytes,
 * /dev/null, or, with pipe_ok, a pipe (whose size is known only by reading it);
 * -EFBIG for a larger file; -EINVAL for a device, directory or socket.
 */
int inputfile_check(int fd, size_t max, bool pipe_ok);

/*
 * Reads fd to its end into *out (malloc'd, free it), at most max bytes:
 * -EFBIG as soon as there is more, or the negative errno of read.
 */
int inputfile_read(int fd, size_t max, uint8_t **out, size_t *len);

/* The reason for inputfile_check's or inputfile_read's error err, for the
 * same max and pipe_ok; written into buf (len bytes) when it needs to be. */
const char *inputfile_strerror(int err, size_t max, bool pipe_ok, char *buf, size_t len);

#endif
