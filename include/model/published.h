/*
 * published.h - published ports: what a NAT rule (DNAT, REDIRECT) or a
 * userland proxy (docker-proxy) forwards from host endpoints to a target,
 * and, once enrichment joined it, the namespace and the listening socket
 * that answer; and each listener's exposure (model/exposure.h), looked
 * up by its socket inode.  Filled by enrichment (enrich/published.h),
 * read by outputs (-O exposure, --published).  No I/O.
 */
#ifndef PORTSTAT_MODEL_PUBLISHED_H
#define PORTSTAT_MODEL_PUBLISHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/hashtab.h"
#include "model/conntable.h"
#include "model/exposure.h"

enum published_via {
	PUBLISHED_DNAT,	    /* a DNAT rule: to another address */
	PUBLISHED_REDIRECT, /* a REDIRECT rule: to a port of the rule's own namespace */
	PUBLISHED_PROXY,    /* a userland proxy listening on the host endpoint */
};

/* The interface name a rule matches: the kernel's 15 bytes and a NUL. */
#define PUBLISHED_IFNAME_SIZE 16

struct published {
	uint8_t proto;	     /* PROTO_TCP or PROTO_UDP (model/conntable.h) */
	uint8_t via;	     /* enum published_via */
	uint8_t host_family; /* AF_INET, AF_INET6, or 0: any address */
	uint8_t host_prefix; /* bits of host_addr a packet must match */
	uint8_t host_addr[16];
	uint16_t host_port_lo, host_port_hi;
	char iif[PUBLISHED_IFNAME_SIZE]; /* rules: the input interface ("" none) */
	bool iif_negated;		 /* "! -i docker0": every interface but iif */
	uint16_t netns;			 /* conn.netns of the rule or the proxy */
	/* AF_UNSPEC: a port of the namespace the rule or proxy reaches itself
	 * (REDIRECT, rootlesskit's child); else the DNAT or proxy target. */
	uint8_t target_family;
	uint8_t target_addr[16];
	uint16_t target_port_lo, target_port_hi;
	pid_t proxy_pid; /* PUBLISHED_PROXY: the forwarder; else 0 */
	/* Enrichment's join: the namespace holding target_addr (-1: none read
	 * here holds it, -2: several do) and the socket listening there (0: none). */
	int target_netns;
	uint64_t listener_inode;
};

struct published_table {
	struct published *v;
	size_t len;
	size_t cap;
};

void published_table_init(struct published_table *p);
void published_table_free(struct published_table *p);
void published_table_reset(struct published_table *p);
/* Appends a copy of *e (join fields as given); returns the stored entry. */
struct published *published_table_add(struct published_table *p, const struct published *e);

/* "dnat", "redirect", "proxy". */
const char *published_via_name(unsigned via);

/*
 * What enrichment noted about a socket, by its inode (sockets of TIME_WAIT
 * and other inode-less states get none): a listener's exposure, and with
 * --nat the translation conntrack saw: the endpoint the client dialled
 * and the one the packets reached (the server's).
 */
struct socket_note {
	uint64_t inode;
	uint8_t exposure;   /* enum exposure; EXPOSURE_NONE: not a listener, or not asked */
	uint8_t nat_family; /* AF_INET, AF_INET6; 0: no translation noted */
	struct endpoint dialed;
	struct endpoint reached;
};

struct socket_notes {
	struct socket_note *v;
	size_t len;
	size_t cap;
	struct hashtab index; /* inode -> v[] */
	/* The published ports that reach the listeners (listener_inode). */
	const struct published_table *published;
};

void socket_notes_init(struct socket_notes *m);
void socket_notes_free(struct socket_notes *m);
void socket_notes_reset(struct socket_notes *m);
/* Sets the exposure of the listener with this inode (non-zero). */
void socket_notes_set_exposure(struct socket_notes *m, uint64_t inode, enum exposure word);
/* Notes the translation of the socket with this inode (non-zero). */
void socket_notes_set_nat(struct socket_notes *m, uint64_t inode, int family,
			  const struct endpoint *dialed, const struct endpoint *reached);
/* The socket's note, or NULL (m may be NULL). */
const struct socket_note *socket_notes_get(const struct socket_notes *m, uint64_t inode);
/* Its exposure, or EXPOSURE_NONE. */
enum exposure socket_notes_exposure(const struct socket_notes *m, uint64_t inode);

#endif
