/*
 * addrs.h - the addresses each network namespace of a run holds, and the
 * kinds of address that say how far a socket bound to one is reached.
 *
 * The address source (source/addresses.h) fills the table from each
 * namespace's RTM_GETADDR dump; enrichment asks it which namespace owns a
 * DNAT or proxy target, to find the listener that answers it.  No I/O here.
 */
#ifndef PORTSTAT_MODEL_ADDRS_H
#define PORTSTAT_MODEL_ADDRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One address of one interface of one namespace. */
struct ns_addr {
	uint8_t addr[16];   /* network byte order; IPv4 uses the first 4 bytes, the rest zero */
	uint32_t ifindex;   /* the interface it is on (in its namespace) */
	uint16_t netns;	    /* index in the run's namespace table (conn.netns) */
	uint8_t family;	    /* AF_INET or AF_INET6 */
	uint8_t prefix_len; /* 0..32 or 0..128 */
};

struct addr_table {
	struct ns_addr *v;
	size_t len;
	size_t cap;
};

/* addr_table_owner's answers besides a namespace index. */
#define ADDR_OWNER_NONE	     (-1) /* no namespace holds it (or it is loopback, link-local) */
#define ADDR_OWNER_AMBIGUOUS (-2) /* several namespaces hold it: which one answers is unknown */

void addr_table_init(struct addr_table *t);
void addr_table_free(struct addr_table *t);
/* Empties the table but keeps its memory (a new round). */
void addr_table_reset(struct addr_table *t);

/*
 * Adds an address (addr: 4 bytes for AF_INET, 16 for AF_INET6).  Returns
 * 0, or -EINVAL for another family, a prefix longer than the family's
 * address or a namespace index past NETNS_MAX.
 */
int addr_table_add(struct addr_table *t, unsigned netns, int family, const uint8_t *addr,
		   unsigned prefix_len, uint32_t ifindex);

/*
 * Which namespace owns addr (4 or 16 bytes by family; an IPv4-mapped IPv6
 * address is looked up as its IPv4 address): its index, ADDR_OWNER_NONE,
 * or ADDR_OWNER_AMBIGUOUS when more than one namespace holds it.  Every
 * namespace has 127.0.0.1 and ::1 and may reuse a link-local address, so
 * loopback and link-local addresses are never owned: ADDR_OWNER_NONE.
 */
int addr_table_owner(const struct addr_table *t, int family, const uint8_t *addr);

/*
 * Kinds of address, by family (addr: 4 bytes for AF_INET, 16 for
 * AF_INET6).  An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged as
 * its IPv4 address, as the kernel routes it.
 */
/* 127.0.0.0/8, ::1. */
bool addr_is_loopback(int family, const uint8_t *addr);
/* 169.254.0.0/16, fe80::/10. */
bool addr_is_link_local(int family, const uint8_t *addr);
/* 0.0.0.0, ::, ::ffff:0.0.0.0: a socket bound to it takes every address. */
bool addr_is_wildcard(int family, const uint8_t *addr);

#endif
