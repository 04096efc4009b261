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
 * Opens the file name, relative to the directory open as dirfd (or
 * AT_FDCWD), for reading, without ever blocking in open(2): -EINVAL unless
 * it is a regular file (procfs files are regular, of size 0; a FIFO,
 * device, socket or directory is refused before it is opened).  Symlinks
 * are followed.  Returns the descriptor (O_NONBLOCK, O_CLOEXEC) or a
 * negative errno.
 */
int procfile_open_at(int dirfd, const char *name);

/*
 * Reads the file name (opened as procfile_open_at does) into buf until the
 * end of the file or until cap bytes (EINTR retried); no NUL.  A longer
 * file is cut at cap bytes: the callers read per-process files whose first
 * bytes are the answer (comm, argv[0] in cmdline).  Returns the byte count
 * or a negative errno.
 */
ssize_t procfile_read_at(int dirfd, const char *name, char *buf, size_t cap);

/*
 * Reads <proc_root>/<rel> (opened as procfile_open_at does) into buf, then
 * a NUL; *len gets the byte count.  A file of more than cap - 1 bytes is
 * -EFBIG, not cut: a cut number or name would be a wrong one, and the cap
 * bounds what a hostile tree (a 1 GB file) costs.  Returns 0,
 * -ENAMETOOLONG, -EINVAL (not a regular file), -EFBIG, or the negative
 * errno of open or read (then buf is "" and *len 0).
 */
int procfile_read(const char *proc_root, const char *rel, char *buf, size_t cap, size_t *len);

/* Why procfile_read (with this cap) or procfile_open_at (cap 0) failed with err:
 * "not a regular file", "larger than N bytes" or strerror's text; written
 * into buf (len bytes) when it needs to be. */
const char *procfile_strerror(int err, size_t cap, char *buf, size_t len);

/*
 * Input files named on the command line (--services, --from-netlink) are
 * bounded, so that memory grows with the sockets only: a device such as
 * /dev/zero never ends, and a huge file is no services database or dump.
 *
 * inputfile_check: 0 when fd is a regular file of at most max bytes,
 * /dev/null, or, with pipe_ok, a pipe (whose size is known only by reading it);
 * -EFBIG for a larger file; -EINVAL for a device, directory or socket.
 */
int inputfile_open(const char *path);
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
