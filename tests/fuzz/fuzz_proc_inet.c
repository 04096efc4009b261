/*
 * fuzz_proc_inet.c - one line of /proc/net/{tcp,udp,udplite,raw}{,6}.
 *
 * Input: a family byte (even: IPv4, odd: IPv6), then the line.  The line is
 * copied to an allocation of its exact length so that AddressSanitizer sees
 * any read past its end.  A line is OK, a header or bad, and an OK line must
 * have been given a plausible record.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fuzz_util.h"
#include "source/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conn c;
	enum proc_line r;
	int family;
	char *line;

	if (size == 0)
		return 0;
	family = (data[0] & 1) ? AF_INET6 : AF_INET;
	line = fuzz_copy(data + 1, size - 1);
	memset(&c, 0, sizeof(c));
	r = proc_parse_inet_line(line, size - 1, family, &c);
	if (r != PROC_LINE_OK && r != PROC_LINE_HEADER && r != PROC_LINE_BAD)
		abort();
	if (r == PROC_LINE_OK && (c.family != family || c.timer > TIMER_PROBE))
		abort();
	free(line);
	return 0;
}
