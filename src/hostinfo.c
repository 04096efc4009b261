/*
 * hostinfo.c - the host name, from <proc_root>/sys/kernel/hostname.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "hostinfo.h"

int hostinfo_name(const char *proc_root, char *buf, size_t cap)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd, err = 0;

	if (cap == 0)
		return -EINVAL;
	buf[0] = '\0';
	if (snprintf(path, sizeof(path), "%s/sys/kernel/hostname", proc_root) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	do
		n = read(fd, buf, cap - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		err = -errno;
	(void)close(fd);
	if (err != 0)
		return err;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return buf[0] != '\0' ? 0 : -ENODATA;
}
