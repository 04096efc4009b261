/*
 * addrfmt.h - endpoint text: "1.2.3.4:22", "[2001:db8::1]:443", "0.0.0.0:*".
 *
 * Pure functions over the model; IPv6 text follows RFC 5952 (inet_ntop).
 */
#ifndef PORTSTAT_ADDRFMT_H
#define PORTSTAT_ADDRFMT_H

#include <stddef.h>
#include <stdint.h>

#include "model/conntable.h"

/*
 * An endpoint's interface ("zone", RFC 4007) and its NUL, without the '%':
 * an interface name (IF_NAMESIZE - 1 = 15 bytes from the system, escaped:
 * 4 bytes each at most) or an index (10 digits).
 */
#define ADDRFMT_ZONE_MAX (4 * 15 + 1)

/*
 * The longest endpoint text and its NUL: a host name of 255 bytes (the
 * resolver's limit, escaped), '%' and a zone, ':', a service name of 64
 * bytes (the services database's limit) and the NUL.  Host names are not
 * bracketed; a bracketed numeric IPv6 address (at most 47 bytes) and a
 * port number (at most 5 digits) are shorter than either.
 */
#define ADDRFMT_MAX (255 + 1 + (ADDRFMT_ZONE_MAX - 1) + 1 + 64 + 1)

/* The decimal text of v and a NUL into buf (ADDRFMT_U64_MAX bytes); returns its length.
 * Numbers are the commonest cells of a large table: no snprintf. */
#define ADDRFMT_U64_MAX 21
size_t addrfmt_u64(char *buf, uint64_t v);

/* The bare address text; returns its length. */
size_t addrfmt_ip(char *buf, size_t cap, int family, const uint8_t addr[16]);

/*
 * ADDR:PORT.  host, when not NULL, replaces the numeric address; portname,
 * when not NULL, replaces the port number.  Port 0 prints as '*'.  IPv6
 * addresses (not host names) are bracketed.
 */
size_t addrfmt_endpoint(char *buf, size_t cap, int family, const struct endpoint *e,
			const char *host, const char *portname);

/*
 * Interfaces (zones), written as ss and getnameinfo write them: after the
 * address, inside the brackets of IPv6 ("[fe80::1%eth0]:22",
 * "127.0.0.53%lo:53"), after a host name ("router%eth0:22").
 */
/* The zone text of s (its escaped name, or its index when the name is not
 * known) and a NUL into buf (ADDRFMT_ZONE_MAX bytes); returns its length. */
size_t addrfmt_zone(char *buf, const struct conntable *t, const struct conn_scope *s);
/* addrfmt_ip, then '%' and zone when zone is not NULL. */
size_t addrfmt_ip_zone(char *buf, size_t cap, int family, const uint8_t addr[16], const char *zone);
/* addrfmt_endpoint with the zone (NULL: none) after the address or host. */
size_t addrfmt_endpoint_zone(char *buf, size_t cap, int family, const struct endpoint *e,
			     const char *host, const char *zone, const char *portname);
/* What addrfmt_endpoint_zone returns for the same arguments. */
size_t addrfmt_endpoint_zone_len(size_t cap, int family, const struct endpoint *e, const char *host,
				 const char *zone, const char *portname);

/*
 * Numeric host texts as addrfmt_endpoint writes them ("10.0.0.1",
 * "[2001:db8::1]"), remembered for the addresses seen last: a table's rows
 * repeat a few addresses (they are sorted by local address), and an IPv6
 * text costs several times more to write than to look up.  Passing the
 * text as host to addrfmt_endpoint gives the same bytes as the numeric
 * path.  Direct-mapped: a slot holds the last address that hashed to it.
 */
#define ADDRFMT_IP_MAX	   46 /* INET6_ADDRSTRLEN: the longest address text plus its NUL */
#define ADDRFMT_MEMO_SLOTS 16
struct addrfmt_memo_slot {
	uint8_t family; /* 0: empty */
	uint8_t addr[16];
	char text[ADDRFMT_IP_MAX + 2]; /* brackets for IPv6 */
};
struct addrfmt_memo {
	struct addrfmt_memo_slot slot[ADDRFMT_MEMO_SLOTS];
};
void addrfmt_memo_init(struct addrfmt_memo *m);
/* The numeric host text of addr (AF_INET or AF_INET6), NUL-terminated, valid until the next call.
 */
const char *addrfmt_memo_host(struct addrfmt_memo *m, int family, const uint8_t addr[16]);

/*
 * Lengths without the text, for measuring column widths: a table's first
 * pass only needs widths, and counting digits costs less than writing them.
 */
/* What addrfmt_u64 returns for v. */
size_t addrfmt_u64_len(uint64_t v);
/* What addrfmt_endpoint returns for the same arguments. */
size_t addrfmt_endpoint_len(size_t cap, int family, const struct endpoint *e, const char *host,
			    const char *portname);

#endif
