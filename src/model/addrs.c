/*
 * addrs.c - the addresses of a run's namespaces (model/addrs.h) and the
 * kinds of address.
 */
#include "lib/compat.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/xmalloc.h"
#include "model/addrs.h"
#include "model/netns.h"

static const uint8_t v4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/*
 * The address as the kernel routes it: an IPv4-mapped IPv6 address is its
 * IPv4 address.  *v4 points at the 4 bytes when it is IPv4 in either form.
 */
static bool as_v4(int family, const uint8_t *addr, const uint8_t **v4)
{
	if (family == AF_INET) {
		*v4 = addr;
		return true;
	}
	if (family == AF_INET6 && memcmp(addr, v4_mapped_prefix, sizeof(v4_mapped_prefix)) == 0) {
		*v4 = addr + 12;
		return true;
	}
	return false;
}

bool addr_is_loopback(int family, const uint8_t *addr)
{
	static const uint8_t v6_loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	const uint8_t *v4;

	if (as_v4(family, addr, &v4))
		return v4[0] == 127;
	return family == AF_INET6 && memcmp(addr, v6_loopback, 16) == 0;
}

bool addr_is_link_local(int family, const uint8_t *addr)
{
	const uint8_t *v4;

	if (as_v4(family, addr, &v4))
		return v4[0] == 169 && v4[1] == 254;
	return family == AF_INET6 && addr[0] == 0xfe && (addr[1] & 0xc0) == 0x80;
}

bool addr_is_wildcard(int family, const uint8_t *addr)
{
	static const uint8_t zero[16];
	const uint8_t *v4;

	if (as_v4(family, addr, &v4))
		return memcmp(v4, zero, 4) == 0;
	return family == AF_INET6 && memcmp(addr, zero, 16) == 0;
}

void addr_table_init(struct addr_table *t)
{
	memset(t, 0, sizeof(*t));
}

void addr_table_free(struct addr_table *t)
{
	free(t->v);
	addr_table_init(t);
}

void addr_table_reset(struct addr_table *t)
{
	t->len = 0;
}

int addr_table_add(struct addr_table *t, unsigned netns, int family, const uint8_t *addr,
		   unsigned prefix_len, uint32_t ifindex)
{
	struct ns_addr *a;

	if ((family != AF_INET && family != AF_INET6) ||
	    prefix_len > (family == AF_INET ? 32u : 128u) || netns >= NETNS_MAX)
		return -EINVAL;
	if (t->len == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	a = &t->v[t->len++];
	memset(a, 0, sizeof(*a));
	memcpy(a->addr, addr, family == AF_INET ? 4 : 16);
	a->ifindex = ifindex;
	a->netns = (uint16_t)netns;
	a->family = (uint8_t)family;
	a->prefix_len = (uint8_t)prefix_len;
	return 0;
}

/* Whether a holds the address family/addr names, IPv4-mapped taken as IPv4 on both sides. */
static bool holds(const struct ns_addr *a, int family, const uint8_t *addr)
{
	const uint8_t *want4, *have4;
	bool want_v4 = as_v4(family, addr, &want4), have_v4 = as_v4(a->family, a->addr, &have4);

	if (want_v4 || have_v4)
		return want_v4 && have_v4 && memcmp(want4, have4, 4) == 0;
	return a->family == AF_INET6 && memcmp(a->addr, addr, 16) == 0;
}

int addr_table_owner(const struct addr_table *t, int family, const uint8_t *addr)
{
	int owner = ADDR_OWNER_NONE;
	size_t i;

	if ((family != AF_INET && family != AF_INET6) || addr_is_loopback(family, addr) ||
	    addr_is_link_local(family, addr))
		return ADDR_OWNER_NONE;
	/* A few addresses per namespace, looked up once per rule or proxy: a scan is enough. */
	for (i = 0; i < t->len; i++) {
		if (!holds(&t->v[i], family, addr))
			continue;
		if (owner >= 0 && owner != t->v[i].netns)
			return ADDR_OWNER_AMBIGUOUS;
		owner = t->v[i].netns;
	}
	return owner;
}
