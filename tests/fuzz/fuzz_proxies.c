/*
 * fuzz_proxies.c - the forwarder recogniser (proxies_parse_cmdline) on
 * the bytes of a /proc/PID/cmdline, copied to an exact-size allocation.
 * Whatever it takes must be a forward it could mean: a port in 1..65535
 * each side, tcp or udp, a family it parsed.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "enrich/proxies.h"
#include "fuzz_util.h"
#include "model/conntable.h"

#define MAPS 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t zero[16];
	struct proxy_map m[MAPS];
	enum proxy_kind kind;
	char *buf = fuzz_copy(data, size);
	size_t n, i;

	n = proxies_parse_cmdline(buf, size, m, MAPS, &kind);
	if (n > MAPS || (n == 0) != (kind == PROXY_NONE))
		abort();
	if (kind == PROXY_DOCKER && n != 1)
		abort();
	for (i = 0; i < n; i++) {
		if (m[i].host_port == 0 || m[i].target_port == 0)
			abort();
		if (m[i].proto != PROTO_TCP && m[i].proto != PROTO_UDP)
			abort();
		if (m[i].host_family != AF_INET && m[i].host_family != AF_INET6)
			abort();
		if (kind == PROXY_DOCKER
			? m[i].target_family != AF_INET && m[i].target_family != AF_INET6
			: m[i].target_family != AF_UNSPEC ||
			      memcmp(m[i].target_addr, zero, 16) != 0)
			abort();
	}
	/* No room: nothing written, nothing returned. */
	if (proxies_parse_cmdline(buf, size, m, 0, NULL) != 0)
		abort();
	free(buf);
	return 0;
}
