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
#include "source/source.h"
#include "lib/warnings.h"

/* Decoder state for one reply stream (one dump, or a whole replay file). */
struct netlink_parser {
	struct conntable *table;
	int proto;	   /* enum conn_proto of inet replies: from the last request seen */
	uint32_t seq;	   /* expected sequence number (check_ids) */
	uint32_t portid;   /* expected port id, 0 = any (check_ids) */
	bool check_ids;	   /* live dumps: foreign messages are an error */
	bool stop_at_done; /* live dumps end at the first NLMSG_DONE; replays do not */
	bool done;	   /* NLMSG_DONE or a final NLMSG_ERROR was seen */
	bool interrupted;  /* a message carried NLM_F_DUMP_INTR */
	int kernel_error;  /* first negative errno carried by NLMSG_ERROR/NLMSG_DONE */
	size_t segments;   /* NLMSG_DONE/NLMSG_ERROR messages seen */
	size_t records;	   /* sockets appended */
	size_t skipped;	   /* messages of types or families not decoded */
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
 * retries exhausted); then nothing has been appended and a message saying
 * why is in *why (static text or strerror).
 */
int source_netlink_read(const struct source_cfg *cfg, int proto, int family, struct conntable *t,
			const char **why);

/* Reads a --dump-netlink file (cfg->replay_file) into t.  Returns 0 or a negative errno. */
int source_netlink_replay(const struct source_cfg *cfg, struct conntable *t, struct warnings *w);

#endif
