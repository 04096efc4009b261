/*
 * conntable.h - the connection table: the one model every layer shares.
 *
 * Sources append one struct conn per socket; enrichment fills the slots
 * marked "enrichment"; filters and formatters only read.  Variable-length
 * text (unix paths, user names, program names) lives in one string pool
 * owned by the table and is referenced by offset, so a table of any size
 * costs a few large allocations, not one per socket.
 *
 * Depends on nothing but libc.
 */
#ifndef PORTSTAT_CONNTABLE_H
#define PORTSTAT_CONNTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/hashtab.h"
#include "model/container.h"
#include "model/labels.h"
struct netns_table; /* model/netns.h */

/* PROTO_ICMP: ICMP "ping" sockets (SOCK_DGRAM, IPPROTO_ICMP/ICMPV6); their
 * local "port" is the echo identifier. */
enum conn_proto {
	PROTO_TCP,
	PROTO_UDP,
	PROTO_UDPLITE,
	PROTO_RAW,
	PROTO_ICMP,
	PROTO_UNIX,
	PROTO_COUNT
};

/* Socket states, numbered as the kernel numbers TCP states (include/net/tcp_states.h). */
enum conn_state {
	CS_NONE = 0,
	CS_ESTABLISHED = 1,
	CS_SYN_SENT = 2,
	CS_SYN_RECV = 3,
	CS_FIN_WAIT1 = 4,
	CS_FIN_WAIT2 = 5,
	CS_TIME_WAIT = 6,
	CS_CLOSE = 7,
	CS_CLOSE_WAIT = 8,
	CS_LAST_ACK = 9,
	CS_LISTEN = 10,
	CS_CLOSING = 11,
	CS_NEW_SYN_RECV = 12,
	CS_BOUND_INACTIVE = 13,
	CS_MAX = 14
};

/* Unix socket states as /proc/net/unix numbers them (SS_* in linux/net.h). */
enum unix_state {
	US_FREE = 0,
	US_UNCONNECTED = 1,
	US_CONNECTING = 2,
	US_CONNECTED = 3,
	US_DISCONNECTING = 4
};

#define UNIX_FLAG_ACCEPTCON 0x10000 /* __SO_ACCEPTCON: a listening unix socket */

/* IANA port classes (RFC 6335); PC_NONE where a socket has no port. */
enum port_class { PC_NONE = 0, PC_WELL_KNOWN, PC_REGISTERED, PC_DYNAMIC };

/*
 * A uid nobody has: /proc/net/unix prints none, and unix_diag gives one only
 * from Linux 5.3 on.  (uid_t)-1 is no user's (setuid(-1) means "unchanged";
 * the kernel shows unmapped users as the overflow uid, 65534): shown as
 * unknown, matched by no --user.
 */
#define CONN_UID_UNKNOWN UINT32_MAX

/* Where a record was read: JSON's "source". */
enum conn_source { SRC_NETLINK = 0, SRC_PROC, SRC_REPLAY };

/* Which side of a pair is the service. */
enum conn_direction {
	DIR_UNKNOWN = 0,
	DIR_LISTEN, /* a listening (or unconnected, bound) socket */
	DIR_IN,	    /* connected; the local port is the service */
	DIR_OUT	    /* connected; the remote port is the service */
};

/* Timer kinds as the "tr" column of /proc/net/tcp numbers them. */
enum conn_timer {
	TIMER_OFF = 0,
	TIMER_ON = 1, /* retransmit */
	TIMER_KEEPALIVE = 2,
	TIMER_TIMEWAIT = 3,
	TIMER_PROBE = 4 /* zero-window probe */
};

struct endpoint {
	uint8_t addr[16]; /* network byte order; IPv4 uses the first 4 bytes */
	uint16_t port;	  /* host byte order; raw sockets: the IP protocol number */
};

/*
 * An interface a socket is scoped to: sock_diag's idiag_if, the device the
 * socket is bound to (SO_BINDTODEVICE, or the scope id of an IPv6
 * link-local address, which binds it).  A table keeps each distinct one
 * once; a record refers to it by a 16-bit number (conn.scope).
 */
struct conn_scope {
	uint32_t ifindex;
	uint32_t name;	/* enrichment: string pool offset of the interface name, 0 if not known */
	uint16_t netns; /* conn.netns: an index names an interface of its namespace only */
};

/* One process that holds a socket (filled by the owners enrichment). */
struct owner {
	pid_t pid;
	uint32_t comm;	  /* string pool offset of the program name */
	uint32_t command; /* offset of the full name when comm was cut at 15 bytes, else 0 */
	uint32_t unit;	  /* string pool offset of the systemd unit/container, 0 if none */
	/* The container the process runs in (owned by the run's cache,
	 * enrich/containers.h), NULL when none or not looked up. */
	const struct container_info *container;
};

/*
 * One socket.  At 100k sockets this table is the program's largest
 * allocation, so a record is kept to 88 bytes on 64-bit hosts
 * (conntable.c asserts the 32-bit sizes too): the fields only inet sockets
 * have and those only unix sockets have share storage (a union:
 * read the inet arm only when conn_is_inet(), the unix arm only for
 * PROTO_UNIX), values the kernel keeps in a byte are stored in a byte
 * (the timer kind in three bits), the interface is a 16-bit number into
 * the table's list of interfaces (conntable_scope) rather than the 32-bit
 * index, and the service port is derived (conn_service_port) rather than
 * stored.
 * Members are grouped by size so that no padding is wasted.
 */
struct conn {
	uint64_t inode;	     /* 0 for sockets without one (TIME_WAIT, request socks) */
	const char *service; /* enrichment: service name, owned by the services database, or NULL */
	uint32_t recv_q;     /* bytes queued for the application (unix listeners: backlog) */
	uint32_t send_q;     /* bytes not yet acknowledged (listeners: the backlog limit) */
	uint32_t uid;	     /* CONN_UID_UNKNOWN when the source does not say */
	uint32_t user; /* enrichment: string pool offset of the user name, 0 if not looked up */
	uint32_t owner_first; /* enrichment: index into conntable.owners */
	uint32_t owner_count; /* enrichment: 0: none; see owners_hidden */
	union {
		struct { /* inet (TCP, UDP, UDP-Lite, raw) */
			struct endpoint local;
			struct endpoint remote;
			uint32_t timer_ms;   /* time until the timer fires, in milliseconds */
			uint8_t retransmits; /* unrecovered retransmits (a u8 in the kernel) */
			uint8_t probes;	     /* keepalive/zero-window probes sent (a u8 too) */
			uint16_t scope;	     /* conntable_scope(); 0: no interface */
		};
		struct {		   /* unix */
			uint32_t path;	   /* string pool offset, 0 when unnamed */
			uint32_t path_len; /* exact byte length; abstract names start with '@' */
			uint32_t unix_refcnt;
			uint32_t unix_flags; /* UNIX_FLAG_ACCEPTCON */
			uint32_t
			    unix_peer; /* peer inode (unix_diag gives 32 bits), 0 when unknown */
			uint16_t unix_type; /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
		};
	};
	uint16_t proto : 4;  /* enum conn_proto */
	uint16_t source : 2; /* enum conn_source */
	/* The network namespace: an index into the run's namespace table
	 * (model/netns.h, conntable.netns); 0 when the run reads one. */
	uint16_t netns : 10;
	uint8_t family : 4;	   /* AF_INET (2), AF_INET6 (10) or AF_UNIX (1) */
	uint8_t state : 4;	   /* inet: enum conn_state; unix: enum unix_state */
	uint8_t service_class : 2; /* enrichment: enum port_class of the service port */
	uint8_t direction : 2;	   /* enrichment: enum conn_direction */
	bool owners_hidden : 1; /* enrichment: the owner could not be seen (permission), not "none"
				 */
	uint8_t timer : 3;	/* inet: enum conn_timer */
};

struct conntable {
	struct conn *conns;
	size_t len;
	size_t cap;
	char *pool; /* string pool; offset 0 is the empty string */
	size_t pool_len;
	size_t pool_cap;
	struct owner *owners;
	size_t owners_len;
	size_t owners_cap;
	struct labels labels;	   /* display names chosen by enrichment (model/labels.h) */
	struct conn_scope *scopes; /* the interfaces conn.scope numbers, first use first */
	size_t scopes_len;
	size_t scopes_cap;
	struct hashtab scope_index; /* (netns, ifindex) -> scopes[] */
	/* The namespaces conn.netns numbers (not owned: the run's), or NULL
	 * when the run reads only its own (every record then says 0). */
	const struct netns_table *netns;
	/* Enrichment (exposure, --published, --nat): each listener's exposure
	 * and each translated socket's endpoints, by inode (model/published.h),
	 * or NULL when neither was computed. */
	const struct socket_notes *notes;
};

void conntable_init(struct conntable *t);
void conntable_free(struct conntable *t);
/* Empties the table but keeps its memory, for continuous mode. */
void conntable_reset(struct conntable *t);

/* Returns a zeroed record at the end of the table, valid until the next append. */
struct conn *conntable_append(struct conntable *t);
/* Drops the last record (a source that found the line malformed after appending). */
void conntable_drop_last(struct conntable *t);

/* Copies len bytes plus a NUL into the pool and returns their offset. */
uint32_t conntable_intern(struct conntable *t, const char *s, size_t len);
/* The NUL-terminated text at a pool offset (offset 0 is ""). */
const char *conntable_str(const struct conntable *t, uint32_t off);

/* Appends an owner record and returns its index. */
uint32_t conntable_add_owner(struct conntable *t, pid_t pid, uint32_t comm, uint32_t unit);

/*
 * The conn.scope number of an interface index, adding it when new; 0 for
 * ifindex 0 (none).  A table holds at most 65535 distinct interfaces: past
 * that, 0 (a socket is then shown without its interface).
 */
uint16_t conntable_add_scope(struct conntable *t, unsigned netns, uint32_t ifindex);
/* The interface of a conn.scope number, or NULL for 0 (none). */
const struct conn_scope *conntable_scope(const struct conntable *t, uint16_t scope);
/*
 * The interface an endpoint of c is shown and filtered with: the socket's
 * for the local endpoint; for the remote one only when its address is IPv6
 * link-local (it has no meaning without the link).  NULL when none.
 */
const struct conn_scope *conntable_endpoint_scope(const struct conntable *t, const struct conn *c,
						  bool remote);

/*
 * Drops every record that repeats an earlier one, keeping the first in
 * place and the order of the rest; returns how many were dropped.  The
 * same socket is the same protocol and non-zero inode, or, for an inet
 * socket without an inode (TIME_WAIT, request and orphaned sockets), the
 * same protocol, family, endpoints and interface.  Unix records without an
 * inode are never repeats.  A sock_diag dump under churn may report a
 * socket twice (conntable_dedup.c says why); sources_collect calls this once.
 */
size_t conntable_dedup(struct conntable *t);
/*
 * t holds two dumps of the same sockets, the second from record `second`
 * on: keeps the first dump (less its repeats) and adds, of the second, the
 * sockets with an inode the first lacked.  Sockets without an inode are
 * transient (TIME_WAIT, orphans): taking them from the second dump too
 * would list a connection closed between the dumps twice, as ESTABLISHED
 * and as FIN_WAIT1.  Returns how many records were dropped.
 */
size_t conntable_union(struct conntable *t, size_t second);

/* Sorts by namespace, protocol, family, local endpoint, remote endpoint; ties keep source order. */
void conntable_sort(struct conntable *t);

/* Predicates */
bool conn_is_inet(const struct conn *c);
/* netstat's notion of a server socket: TCP LISTEN, an unconnected UDP/raw
 * socket, a unix socket with SO_ACCEPTCON. */
bool conn_is_listening(const struct conn *c);
/* Whether the endpoints' ports are ports (TCP, UDP, UDP-Lite): not the IP
 * protocol of a raw socket, nor the echo identifier of a ping socket. */
bool conn_has_ports(const struct conn *c);
/* The port that names the service (enrichment: see direction); 0 for unix sockets. */
uint16_t conn_service_port(const struct conn *c);
bool endpoint_addr_is_any(const struct endpoint *e, int family);
/* IPv6 link-local unicast (fe80::/10) or multicast of link or interface scope. */
bool endpoint_addr_is_link_local(const struct endpoint *e, int family);

#endif
