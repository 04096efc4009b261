/*
 * source_netlink.h - the NETLINK_SOCK_DIAG source: inet_diag (TCP, UDP,
 * UDP-Lite, raw over IPv4 and IPv6) and unix_diag dumps, live or replayed
 * from a file written with --dump-netlink.
 *
 * One parser decodes every byte stream, whether it comes from the kernel, a
 * replay file, a unit test or a fuzzer: netlink_parse.  It never prints and
 * never trusts a length it has not checked against the buffer.
 */
#ifndef PORTSTAT_SOURCE_NETLINK_H
#define PORTSTAT_SOURCE_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/conntable.h"
#include "model/netns.h"
#include "source/source.h"
#include "lib/warnings.h"

/* Decoder state for one reply stream (one dump, or a whole replay file). */
struct netlink_parser {
	struct conntable *table;
	int proto;	    /* enum conn_proto of inet replies: from the last request seen */
	uint8_t source;	    /* enum conn_source of the records: SRC_NETLINK or SRC_REPLAY */
	uint32_t seq;	    /* expected sequence number (check_ids) */
	uint32_t portid;    /* expected port id, 0 = any (check_ids) */
	bool check_ids;	    /* live dumps: foreign messages are an error */
	bool stop_at_done;  /* live dumps end at the first NLMSG_DONE; replays do not */
	bool done;	    /* NLMSG_DONE or a final NLMSG_ERROR was seen */
	bool interrupted;   /* a message carried NLM_F_DUMP_INTR */
	int kernel_error;   /* first negative errno carried by NLMSG_ERROR/NLMSG_DONE */
	size_t segments;    /* NLMSG_DONE/NLMSG_ERROR messages seen */
	size_t records;	    /* sockets appended */
	size_t skipped;	    /* messages of types or families not decoded */
	uint32_t from_proc; /* netlink_proc_bit() of each NETLINK_MARK_PROC seen */
	unsigned netns;	    /* conn.netns of the records (a replay: from NETLINK_MARK_NETNS) */
	struct netns_table *netns_table; /* a replay: the recorded namespaces, or NULL */
};

/*
 * A message portstat writes into a --dump-netlink file and no kernel sends:
 * "this protocol and family was read from /proc while recording, so its
 * sockets are not in this file".  Its payload is struct netlink_mark_proc.
 * The type lies outside NETLINK_SOCK_DIAG's (18 to 21), so that readers
 * that do not know it skip it, as they skip any unknown type, and files
 * without it read as before.
 */
#define NETLINK_MARK_PROC 0x7050
struct netlink_mark_proc {
	uint8_t family;	  /* AF_INET, AF_INET6 or AF_UNIX */
	uint8_t protocol; /* IPPROTO_TCP, _UDP, _UDPLITE, _RAW, _ICMP, _ICMPV6; 0 for unix */
	uint8_t pad[2];
};

/*
 * Another message of portstat's own (-N, --all-netns): "the replies that
 * follow, up to the next such mark, come from this network namespace".
 * Its payload is struct netlink_mark_netns followed by name_len bytes of
 * its `ip netns` name (none when it has none).  Recordings without it hold
 * one namespace, as before; readers that do not know it skip it.
 */
#define NETLINK_MARK_NETNS 0x7051
struct netlink_mark_netns {
	uint64_t inode; /* of the namespace file; 0 when not known */
	uint8_t name_len;
	uint8_t pad[7];
};

/* The bit of netlink_parser.from_proc for a protocol and family. */
uint32_t netlink_proc_bit(int proto, int family);

/* Why source_netlink_read could not serve a protocol. */
enum netlink_failure {
	NL_FAILED,	   /* netlink cannot serve it: the caller may read /proc */
	NL_SOCKET_REFUSED, /* no NETLINK_SOCK_DIAG socket (seccomp, RestrictAddressFamilies=) */
	NL_DUMP_WRITE	   /* writing the --dump-netlink file failed: the errno is that */
};

struct netlink_error {
	const char *why; /* static text */
	enum netlink_failure kind;
};

/* Prepares p to append to t; inet replies are taken as proto until a request says otherwise. */
void netlink_parser_init(struct netlink_parser *p, struct conntable *t, int proto);

/*
 * Decodes every netlink message in buf[0..len) into the table.  Returns 0,
 * -EBADMSG for a truncated message or a length that runs past the buffer,
 * -EPROTO for a sequence number or port id that is not ours.  Errors the
 * kernel reports in the stream are left in p->kernel_error.
 */
int netlink_parse(struct netlink_parser *p, const void *buf, size_t len);

/*
 * Dumps one protocol and family (AF_INET, AF_INET6; AF_UNIX for
 * PROTO_UNIX; AF_UNSPEC for PROTO_TCP: both families in one walk of the
 * kernel's tables) from the kernel.  Returns 0, or a negative errno when netlink
 * cannot serve it (socket refused, request refused, dump ended in an error,
 * retries exhausted) or the --dump-netlink file cannot be written; then
 * nothing has been appended and *err says why.
 */
int source_netlink_read(const struct source_cfg *cfg, int proto, int family, struct conntable *t,
			struct netlink_error *err);

/*
 * Opens a NETLINK_SOCK_DIAG socket bound in the caller's network namespace
 * at this moment (source/netns.c calls it inside each namespace).  Returns
 * it, or NULL with *err a negative errno.
 */
struct mnl_socket *source_netlink_socket_open(int *err);
/* Closes it; NULL is nothing. */
void source_netlink_socket_close(struct mnl_socket *nl);

/*
 * Writes a NETLINK_MARK_NETNS message to the --dump-netlink file (cfg->dump_fd)
 * before a namespace's dumps.  Returns 0 or a negative errno of the write.
 */
int source_netlink_mark_netns(const struct source_cfg *cfg, uint64_t inode, const char *name);

/*
 * Writes a NETLINK_MARK_PROC message for a protocol and family read from
 * /proc to the --dump-netlink file (cfg->dump_fd).  Returns 0 or a negative
 * errno of the write.
 */
int source_netlink_mark_proc(const struct source_cfg *cfg, int proto, int family);

/*
 * Opens the --dump-netlink file once, before the sandbox: never through a
 * symbolic link, never blocking (a FIFO), and an existing file only when it
 * is a regular file of the caller's; it is emptied.  Returns the descriptor,
 * or a negative errno with *why saying what was refused (static text).
 */
int source_netlink_dump_open(const char *path, const char **why);

/* Empties the --dump-netlink file for a new snapshot.  Returns 0 or a negative errno. */
int source_netlink_dump_rewind(int fd);

/*
 * Reads a --dump-netlink file (cfg->replay_file) into t, and says which
 * wanted protocol was read from /proc while recording and so is not in it.
 * Returns 0 or a negative errno.
 */
int source_netlink_replay(const struct source_cfg *cfg, struct conntable *t, struct warnings *w);

#endif
