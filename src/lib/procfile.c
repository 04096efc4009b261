/*
 * procfile.c - one small file under the proc root, read whole.
 */
#include "lib/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/procfile.h"

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
