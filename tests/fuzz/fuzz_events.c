/*
 * fuzz_events.c - -E's notification decoder (events_parse) on a byte
 * stream as the destroy groups deliver it, each socket decoded printed as
 * a table row and a JSON line into /dev/null; and the Drops reader of
 * /proc/net/netlink on the same bytes as text.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "lib/outbuf.h"
#include "output/events.h"
#include "source/events.h"

static struct outbuf sink; /* 64 KiB: not on the stack */

static void print(void *ctx, const struct sock_event *e)
{
	struct events_format table = {false, NULL}, jsonl = {true, NULL};

	(void)ctx;
	if (e->conn.proto >= PROTO_COUNT || e->kind != SOCK_EVENT_CLOSED)
		abort();
	format_event(&table, e, 0, &sink);
	format_event(&jsonl, e, 0, &sink);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = (uint8_t *)fuzz_copy(data, size);
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	uint64_t drops;
	int r;

	if (fd < 0)
		abort();
	outbuf_init(&sink, fd);
	r = events_parse(buf, size, 0, print, NULL);
	if (r < 0 && r != -EBADMSG)
		abort();
	r = events_netlink_drops((const char *)buf, size, 4, &drops);
	if (r != 0 && r != -ENOENT)
		abort();
	if (outbuf_flush(&sink) != 0)
		abort();
	close(fd);
	free(buf);
	return 0;
}
