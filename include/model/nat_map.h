/*
 * nat_map.h - published-port mappings read from NAT rules: "packets of
 * this protocol to this destination port (range), optionally only to this
 * address or through this input interface, are sent on to that address and
 * port" (a DNAT rule), or "to a port of this host" (REDIRECT).
 *
 * The source stage fills a table of them (source/nat_rules.h); enrichment
 * joins the targets to listeners.  Names and strings are kept as the kernel
 * gave them: whoever prints them escapes them.  No I/O here.
 */
#ifndef PORTSTAT_MODEL_NAT_MAP_H
#define PORTSTAT_MODEL_NAT_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An interface name as the kernel compares it: at most 15 bytes and a NUL. */
#define NAT_IFNAME_SIZE 16

enum nat_mechanism {
	NAT_DNAT,     /* to another address (and port) */
	NAT_REDIRECT, /* to the host itself (the primary address of the input interface) */
};

/* An address with a prefix length; family 0 means "none" (any address). */
struct nat_addr {
	uint8_t family;	  /* AF_INET, AF_INET6 or 0 */
	uint8_t prefix;	  /* bits that must match: 32 or 128 for one address */
	uint8_t addr[16]; /* network order; the first 4 bytes for AF_INET */
};

struct nat_mapping {
	uint8_t proto;	   /* IPPROTO_TCP or IPPROTO_UDP */
	uint8_t family;	   /* AF_INET or AF_INET6: the packets the rule translates */
	uint8_t mechanism; /* enum nat_mechanism */
	/* Input interface condition: iif[0] == 0 when the rule has none.
	 * iif_negated: "not through this one" (Docker's `! -i docker0`);
	 * iif_prefix: iif is a prefix (iptables' `br+`, nft's "br*"). */
	char iif[NAT_IFNAME_SIZE];
	bool iif_negated;
	bool iif_prefix;
	struct nat_addr daddr;	     /* destination condition; family 0: any */
	uint16_t dport_lo, dport_hi; /* matched destination ports, host order, lo <= hi */
	struct nat_addr to;	     /* DNAT target address; family 0 for REDIRECT */
	/* Target ports, host order.  When the rule names none, the matched
	 * ones (to_port_given false, to_port_lo..hi = dport_lo..hi). */
	uint16_t to_port_lo, to_port_hi;
	bool to_port_given;
	/* Where the rule lives, for -v and debugging; allocated, never NULL. */
	uint8_t table_family; /* NFPROTO_IPV4, _IPV6 or _INET */
	char *table;
	char *chain;
	uint64_t handle; /* the rule's handle in its chain */
};

/* A growable array of mappings; owns their names. */
struct nat_map {
	struct nat_mapping *v;
	size_t len;
	size_t cap;
};

void nat_map_init(struct nat_map *m);
/* Frees every mapping's names and the array; m is then empty (as after init). */
void nat_map_free(struct nat_map *m);
/*
 * Appends a copy of *e; its table and chain names (NULL reads as "") are
 * copied too.  Returns the stored mapping.  Never fails (xmalloc).
 */
struct nat_mapping *nat_map_add(struct nat_map *m, const struct nat_mapping *e, const char *table,
				const char *chain);

/* "dnat" or "redirect"; "?" for an unknown value. */
const char *nat_mechanism_name(uint8_t mechanism);

#endif
