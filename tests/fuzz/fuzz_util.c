/*
 * fuzz_util.c - the memory file behind the whole-file fuzz targets, and
 * what the netlink parsers' targets check alike.
 *
 * A memfd rather than a temporary file: nothing is left on disk when a
 * fuzzer is killed, and refilling costs no filesystem work per input.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_util.h"

void fuzz_file_open(struct fuzz_file *f)
{
	f->fd = memfd_create("portstat-fuzz", MFD_CLOEXEC);
	if (f->fd < 0) {
		perror("memfd_create");
		abort();
	}
	(void)snprintf(f->path, sizeof(f->path), "/proc/self/fd/%d", f->fd);
}

void fuzz_file_fill(struct fuzz_file *f, const uint8_t *data, size_t size)
{
	size_t done = 0;

	if (ftruncate(f->fd, 0) != 0) {
		perror("ftruncate");
		abort();
	}
	while (done < size) {
		ssize_t n = pwrite(f->fd, data + done, size - done, (off_t)done);

		if (n <= 0) {
			perror("pwrite");
			abort();
		}
		done += (size_t)n;
	}
}

char *fuzz_copy(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);

	if (p == NULL)
		abort();
	memcpy(p, data, size);
	return p;
}

void fuzz_first_ids(const uint8_t *buf, size_t len, uint32_t *seq, uint32_t *portid)
{
	struct nlmsghdr h;

	if (len < sizeof(h))
		return;
	memcpy(&h, buf, sizeof(h));
	*seq = h.nlmsg_seq;
	*portid = h.nlmsg_pid;
}

void fuzz_check_parse(int r, int kernel_error)
{
	if (r != 0 && r != -EBADMSG && r != -EPROTO)
		abort();
	if (kernel_error > 0 || kernel_error < -4095)
		abort();
}
