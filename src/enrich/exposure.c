/*
 * exposure.c - the exposure word of a listener (enrich/exposure.h).
 *
 * The kinds of address live in the model (model/addrs.h), shared with the
 * owner lookup, so that "loopback" means the same 127/8, ::1 and
 * ::ffff:127.x in both.
 */
#include <sys/socket.h>

#include "enrich/exposure.h"
#include "model/addrs.h"

enum exposure exposure_of(int family, const uint8_t *addr, bool host_ns, bool published)
{
	if (family != AF_INET && family != AF_INET6)
		return EXPOSURE_NONE;
	if (published)
		return EXPOSURE_PUBLISHED;
	if (addr_is_loopback(family, addr))
		return EXPOSURE_LOOPBACK;
	if (!addr_is_wildcard(family, addr))
		return EXPOSURE_LOCAL;
	return host_ns ? EXPOSURE_ANY : EXPOSURE_NAMESPACE;
}
