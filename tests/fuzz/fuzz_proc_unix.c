/*
 * fuzz_proc_unix.c - one line of /proc/net/unix.
 *
 * Input: a byte whose low bit says whether the file has an Inode column,
 * then the line (copied to an exact-size allocation for AddressSanitizer).
 * An OK line must leave a record whose name lies inside the string pool and
 * has the recorded length.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "model/conntable.h"
#include "fuzz_util.h"
#include "source/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conntable t;
	struct conn *c;
	enum proc_line r;
	char *line;

	if (size == 0)
		return 0;
	line = fuzz_copy(data + 1, size - 1);
	conntable_init(&t);
	c = conntable_append(&t);
	r = proc_parse_unix_line(line, size - 1, data[0] & 1, &t, c);
	if (r == PROC_LINE_OK) {
		if (c->family != AF_UNIX || c->state > US_DISCONNECTING)
			abort();
		if (c->path != 0 && ((size_t)c->path + c->path_len >= t.pool_len ||
				     c->path_len == 0 || c->path_len > size - 1))
			abort();
	} else if (r != PROC_LINE_HEADER && r != PROC_LINE_BAD) {
		abort();
	}
	conntable_free(&t);
	free(line);
	return 0;
}
