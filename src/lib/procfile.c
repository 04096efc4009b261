/*
 * procfile.c - one small file under the proc root, read whole.
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

ssize_t procfile_read_at(int dirfd, const char *name, char *buf, size_t cap)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	size_t got = 0;

	if (fd < 0)
		return -errno;
	while (got < cap) {
		ssize_t n = read(fd, buf + got, cap - got);

		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			(void)close(fd);
			return -e;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	(void)close(fd);
	return (ssize_t)got;
}

int procfile_read(const char *proc_root, const char *rel, char *buf, size_t cap, size_t *len)
{
	char path[PATH_MAX];
	ssize_t n;

	*len = 0;
	if (cap == 0)
		return -EINVAL;
	buf[0] = '\0';
	if (snprintf(path, sizeof(path), "%s/%s", proc_root, rel) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	n = procfile_read_at(AT_FDCWD, path, buf, cap - 1);
	if (n < 0) {
		buf[0] = '\0';
		return (int)n;
	}
	buf[n] = '\0';
	*len = (size_t)n;
	return 0;
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
	case -EINVAL:
		return pipe_ok ? "not a regular file or a pipe" : "not a regular file";
	case -EFBIG:
		(void)snprintf(buf, len, "larger than %zu MiB", max >> 20);
		return buf;
	default:
		return strerror(-err);
	}
}
