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

#include <stddef.h>

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

#endif
