/*
 * textfile.c - --textfile DIR: atomic replacement of DIR/portstat.prom
 * (app/textfile.h says why each step is there).
 */
#include "lib/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "app/textfile.h"

void textfile_init(struct textfile *tf)
{
	tf->dirfd = -1;
	tf->fd = -1;
	tf->seq = 0;
	tf->tmp[0] = '\0';
}

int textfile_open_dir(struct textfile *tf, const char *dir)
{
	tf->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return tf->dirfd >= 0 ? 0 : -errno;
}

int textfile_begin(struct textfile *tf)
{
	struct timespec now;
	int tries;

	if (tf->dirfd < 0)
		return -EBADF;
	textfile_abort(tf);
	(void)clock_gettime(CLOCK_MONOTONIC, &now);
	/* O_EXCL, never O_TRUNC: a name another process planted is skipped, not written through. */
	for (tries = 0; tries < 100; tries++) {
		(void)snprintf(tf->tmp, sizeof(tf->tmp), ".%s.%ld.%lx.%u.tmp", TEXTFILE_NAME,
			       (long)getpid(), (unsigned long)now.tv_nsec, tf->seq++);
		tf->fd = openat(tf->dirfd, tf->tmp,
				O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (tf->fd >= 0) {
			/* The umask may have narrowed it: node_exporter reads as its own user. */
			if (fchmod(tf->fd, 0644) != 0) {
				int err = -errno;

				textfile_abort(tf);
				return err;
			}
			return tf->fd;
		}
		if (errno != EEXIST)
			break;
	}
	tf->tmp[0] = '\0';
	return -errno;
}

int textfile_commit(struct textfile *tf)
{
	int err = 0;

	if (tf->fd < 0)
		return -EBADF;
	if (fsync(tf->fd) != 0)
		err = -errno;
	if (close(tf->fd) != 0 && err == 0)
		err = -errno;
	tf->fd = -1;
	if (err == 0 && renameat(tf->dirfd, tf->tmp, tf->dirfd, TEXTFILE_NAME) != 0)
		err = -errno;
	if (err != 0) {
		(void)unlinkat(tf->dirfd, tf->tmp, 0);
		tf->tmp[0] = '\0';
		return err;
	}
	tf->tmp[0] = '\0';
	/* The rename itself survives a crash once the directory is synced too. */
	(void)fsync(tf->dirfd);
	return 0;
}

void textfile_abort(struct textfile *tf)
{
	if (tf->fd >= 0)
		(void)close(tf->fd);
	tf->fd = -1;
	if (tf->tmp[0] != '\0' && tf->dirfd >= 0)
		(void)unlinkat(tf->dirfd, tf->tmp, 0);
	tf->tmp[0] = '\0';
}

void textfile_close(struct textfile *tf)
{
	textfile_abort(tf);
	if (tf->dirfd >= 0)
		(void)close(tf->dirfd);
	tf->dirfd = -1;
}
