/*
 * source.h - what every socket source is asked for, and the /proc reader.
 *
 * A source appends records to a conntable and never prints: problems go to
 * a struct warnings, and the return value is 0 or a negative errno.
 */
#ifndef PORTSTAT_SOURCE_H
#define PORTSTAT_SOURCE_H

#include <stdbool.h>
#include <endian.h>
#include <stddef.h>
#include <stdint.h>

#include "model/conntable.h"
#include "lib/warnings.h"

struct mnl_socket;
struct netns_set;

/* Which source reads the kernel's sockets (--source). */
enum source_kind {
	SOURCE_AUTO,	/* netlink, falling back to /proc per protocol */
	SOURCE_NETLINK, /* netlink only */
	SOURCE_PROC	/* /proc/net only (implied by --proc-root) */
};

struct source_cfg {
	const char *proc_root; /* "/proc" or a saved tree (--proc-root) */
	unsigned protos;       /* bit (1u << PROTO_x) per protocol wanted */
	bool inet4;	       /* IPv4 sockets wanted */
	bool inet6;	       /* IPv6 sockets wanted */
	/*
	 * Bit (1u << CS_x) per TCP state wanted; a hint only (the filter
	 * decides).  CS_LISTEN stands for "servers" and CS_ESTABLISHED for
	 * "connected" in every protocol: unconnected UDP/raw sockets, unix
	 * listeners.  0 means every state.
	 */
	unsigned states;
	enum source_kind source;
	bool verbose;		 /* -v: say which source served each protocol */
	bool timers;		 /* -o: timer retransmits and probes must be exact */
	bool info;		 /* -i: tcp_info and congestion control (table.internals) */
	bool memory;		 /* -m: socket memory (table.internals) */
	bool consistent;	 /* --consistent: two dumps, their union (conntable_union) */
	const char *dump_file;	 /* --dump-netlink: copy raw replies here, or NULL */
	const char *replay_file; /* --from-netlink: decode this instead of the kernel */
	int dump_fd;		 /* dump_file, opened once by the pipeline, else -1 */
	/*
	 * The port/address filters as inet_diag bytecode (built by
	 * filter/bytecode.h and handed over as plain bytes: a source never calls a filter), to
	 * attach to inet requests as INET_DIAG_REQ_BYTECODE; NULL when none.
	 * A hint like states: user space filters again.
	 */
	const void *bytecode;
	size_t bytecode_len;
	/*
	 * -N, --all-netns: the namespaces to read, each through its own socket
	 * or /proc/PID/net (source/netns.h); NULL reads the caller's own, as
	 * always.  A replay fills replay_netns with the recorded ones.
	 */
	const struct netns_set *netns;
	struct netns_table *replay_netns;
	/* Set per namespace by collect.c: the socket to dump through (NULL: a
	 * fresh one per dump) and the conn.netns the records get. */
	struct mnl_socket *diag_sock;
	unsigned netns_index;
};

/* Result of a line parser. */
enum proc_line { PROC_LINE_OK, PROC_LINE_HEADER, PROC_LINE_BAD };

/*
 * Reads <proc_root>/net/<file> for one protocol and family (AF_INET,
 * AF_INET6, or AF_UNIX for PROTO_UNIX).  Returns 0, -ENOENT when the file
 * does not exist (that family or protocol is absent on the host), or another
 * negative errno when it cannot be read.
 */
int source_proc_read(const struct source_cfg *cfg, int proto, int family, struct conntable *t,
		     struct warnings *w);

/*
 * The byte order of the host whose kernel printed a /proc/net file: each
 * 32-bit word of an address is the raw network-order word printed with
 * %08X, so the same address reads differently on little- and big-endian
 * hosts.
 */
enum proc_byte_order { PROC_ORDER_LITTLE, PROC_ORDER_BIG };
#if BYTE_ORDER == BIG_ENDIAN
#define PROC_ORDER_HOST PROC_ORDER_BIG
#else
#define PROC_ORDER_HOST PROC_ORDER_LITTLE
#endif

/*
 * Decodes the address at the start of text (8 hex digits for AF_INET, 32
 * for AF_INET6) as a host of the given byte order printed it, into addr
 * (network order; IPv4 in the first 4 bytes, the rest zeroed).  Returns
 * false when text does not start with that many hex digits.
 */
bool proc_decode_addr(const char *text, size_t len, int family, enum proc_byte_order order,
		      uint8_t addr[16]);

/* Parses one line of tcp, udp, udplite or raw (4 or 6) into c. */
enum proc_line proc_parse_inet_line(const char *line, size_t len, int family, struct conn *c);

/* Parses one line of /proc/net/unix; has_inode is false for pre-2.6 files. */
enum proc_line proc_parse_unix_line(const char *line, size_t len, bool has_inode,
				    struct conntable *t, struct conn *c);

/* The file name under net/ for a protocol and family ("tcp6", "unix", ...). */
const char *proc_file_name(int proto, int family);

#endif
