/*
 * procfile.c - one small file under the proc root, read whole, and the
 * bounded input files named on the command line.
 *
 * Every file is opened with O_NONBLOCK: open(2) of a FIFO without a writer
 * waits forever, and a proc root is a directory anyone can fill (a saved
 * tree).  Files under the proc root are looked at before they are opened
 * (fstatat) and opened only when regular -- procfs files are regular files
 * of size 0 -- because opening a device can act (a tape rewinds, a watchdog
 * starts); the descriptor is checked again after the open, which a rename
 * in between cannot fool.  Symlinks are followed (no O_NOFOLLOW): /proc
 * itself is full of them (/proc/net, /proc/self), a saved tree may link
 * to the files it copies, and a link leads to nothing the user could not
 * name directly; what it leads to must still be a regular file.
 */
#include "lib/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lib/procfile.h"
#include "lib/xmalloc.h"

int procfile_open_at(int dirfd, const char *name)
{
	struct stat st;
	int fd;

	if (fstatat(dirfd, name, &st, 0) != 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	/* O_NONBLOCK stays set: it changes nothing for a regular file. */
	fd = openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		(void)close(fd);
		return -EINVAL;
	}
	return fd;
}

/* Reads fd into buf until its end or cap bytes; the count or a negative errno. */
static ssize_t read_upto(int fd, char *buf, size_t cap)
{
	size_t got = 0;

	while (got < cap) {
		ssize_t n = read(fd, buf + got, cap - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

ssize_t procfile_read_at(int dirfd, const char *name, char *buf, size_t cap)
{
	int fd = procfile_open_at(dirfd, name);
	ssize_t n;

	if (fd < 0)
		return fd;
	n = read_upto(fd, buf, cap);
	(void)close(fd);
	return n;
}

int procfile_read(const char *proc_root, const char *rel, char *buf, size_t cap, size_t *len)
{
	char path[PATH_MAX], more;
	ssize_t n;
	int fd;

	*len = 0;
	if (cap == 0)
		return -EINVAL;
	buf[0] = '\0';
	if (snprintf(path, sizeof(path), "%s/%s", proc_root, rel) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = procfile_open_at(AT_FDCWD, path);
	if (fd < 0)
		return fd;
	n = read_upto(fd, buf, cap - 1);
	/* One byte more than fits says the file is too big: an error, not a
	 * silently cut value (a cut range or host name would be a wrong one). */
	if (n == (ssize_t)(cap - 1) && read_upto(fd, &more, 1) == 1)
		n = -EFBIG;
	(void)close(fd);
	if (n < 0) {
		buf[0] = '\0';
		return (int)n;
	}
	buf[n] = '\0';
	*len = (size_t)n;
	return 0;
}

const char *procfile_strerror(int err, size_t cap, char *buf, size_t len)
{
	return inputfile_strerror(err, cap > 0 ? cap - 1 : 0, false, buf, len);
}

int inputfile_open(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), fl;

	if (fd < 0)
		return -errno;
	/* Reads block again: a pipe's writer may be slower than its reader. */
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
		int e = errno;

		(void)close(fd);
		return -e;
	}
	return fd;
}

int inputfile_check(int fd, size_t max, bool pipe_ok)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return -errno;
	if (S_ISREG(st.st_mode))
		return (uintmax_t)st.st_size > max ? -EFBIG : 0;
	/* /dev/null is empty, and the way to say "no file" (--services /dev/null). */
	if (S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3))
		return 0;
	return pipe_ok && S_ISFIFO(st.st_mode) ? 0 : -EINVAL;
}

int inputfile_read(int fd, size_t max, uint8_t **out, size_t *len)
{
	size_t cap = 64 * 1024, got = 0;
	uint8_t *buf = xmalloc(cap);

	for (;;) {
		ssize_t n;

		if (got == cap) {
			buf = xreallocarray(buf, 2, cap);
			cap *= 2;
		}
		n = read(fd, buf + got, cap - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			free(buf);
			return -e;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		if (got > max) {
			free(buf);
			return -EFBIG;
		}
	}
	*out = buf;
	*len = got;
	return 0;
}

const char *inputfile_strerror(int err, size_t max, bool pipe_ok, char *buf, size_t len)
{
	switch (err) {
	case -EINVAL: /* the refusal of procfile_open_at and inputfile_check */
		return pipe_ok ? "not a regular file or a pipe" : "not a regular file";
	case -EFBIG:
		if (max >= (1u << 20) && max % (1u << 20) == 0)
			(void)snprintf(buf, len, "larger than %zu MiB", max >> 20);
		else if (max >= 1024 && max % 1024 == 0)
			(void)snprintf(buf, len, "larger than %zu KiB", max >> 10);
		else
			(void)snprintf(buf, len, "larger than %zu bytes", max);
		return buf;
	default:
		return strerror(-err);
	}
}
