/*
 * procfile.c - one small file under the proc root, read whole.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "procfile.h"

int procfile_read(const char *proc_root, const char *rel, char *buf, size_t cap, size_t *len)
{
	char path[PATH_MAX];
	size_t got = 0;
	int fd, err = 0;

	*len = 0;
	if (cap == 0)
		return -EINVAL;
	buf[0] = '\0';
	if (snprintf(path, sizeof(path), "%s/%s", proc_root, rel) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (got < cap - 1) {
		ssize_t n = read(fd, buf + got, cap - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = -errno;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	(void)close(fd);
	if (err != 0) {
		buf[0] = '\0';
		return err;
	}
	buf[got] = '\0';
	*len = got;
	return 0;
}
