/*
 * nat_rules.h - published ports from a network namespace's nftables
 * ruleset, read over NETLINK_NETFILTER (libmnl; how the attributes are read:
 * nat_rules_expr.c): every DNAT and REDIRECT rule that nft or iptables-nft (Docker,
 * CNI portmap, Kubernetes hostPort) wrote, in the ip, ip6 and inet
 * families, as a table of mappings (model/nat_map.h).
 *
 * Namespaces: a NETLINK_NETFILTER socket answers for the namespace it was
 * opened in, whatever namespace its reader is in later.  To read another
 * namespace, open the socket inside it (nat_rules_socket_open after
 * setns, as source/netns.c does for sock_diag), return, and pass it to
 * nat_rules_read.  A NULL socket reads the caller's current namespace.
 *
 * One decoder serves the kernel's replies, a recording, a unit test and the
 * fuzzer: nat_rules_parse takes a buffer of netlink messages.  It never
 * prints, never guesses: a DNAT or REDIRECT rule whose conditions or
 * target it does not fully understand is counted, not listed.
 *
 * A NAT rule without a port of its own (kube-proxy's KUBE-SEP-* chains) is
 * completed by the jumps that lead to its chain (source/nat_rules_paths.h).
 * Those are followed when the dump ends, at its NLMSG_DONE (or final
 * NLMSG_ERROR): however the replies are cut into buffers, the result is
 * the same; a buffer without the end leaves such rules pending (freed with
 * the result, neither listed nor counted).
 */
#ifndef PORTSTAT_SOURCE_NAT_RULES_H
#define PORTSTAT_SOURCE_NAT_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/nat_map.h"

struct mnl_socket;
struct nat_paths;

/* What one read (or one parsed buffer) found. */
struct nat_rules_result {
	struct nat_map map; /* the mappings understood */
	size_t rules;	    /* rule messages decoded */
	size_t
	    not_understood; /* DNAT/REDIRECT rules left out: a condition or target not understood */
	size_t undecoded;   /* rule messages malformed (a name not terminated, a bad handle) */
	size_t skipped;	    /* other messages (not rules, or rules of other families) */
	/* NAT rules without a port of their own and the jumps that may
	 * complete them (source/nat_rules_paths.h), kept until the dump ends;
	 * NULL when none. */
	struct nat_paths *paths;
};

void nat_rules_result_init(struct nat_rules_result *r);
void nat_rules_result_free(struct nat_rules_result *r);

/* Decoder state for one reply stream (one dump, or a recording of several). */
struct nat_rules_parser {
	struct nat_rules_result *res;
	uint32_t seq;	   /* expected sequence number (check_ids) */
	uint32_t portid;   /* expected port id, 0 = any (check_ids) */
	bool check_ids;	   /* live dumps: foreign messages are an error */
	bool stop_at_done; /* live dumps end at the first NLMSG_DONE; recordings do not */
	bool done;	   /* NLMSG_DONE or a final NLMSG_ERROR was seen */
	bool interrupted;  /* a message carried NLM_F_DUMP_INTR (the ruleset changed) */
	int kernel_error;  /* first negative errno carried by NLMSG_ERROR/NLMSG_DONE */
};

/* Prepares p to append to res (which the caller initialised). */
void nat_rules_parser_init(struct nat_rules_parser *p, struct nat_rules_result *res);

/*
 * Decodes every netlink message in buf[0..len): NFT_MSG_NEWRULE replies of
 * the ip, ip6 and inet families into res; at the end of a dump, the rules
 * that wait for their paths are resolved.  Returns 0, -EBADMSG for a
 * truncated message or a length past the buffer, -EPROTO for a sequence
 * number or port id that is not ours (check_ids).  What was decoded before
 * an error stays in res.  Errors the kernel reports are in p->kernel_error.
 */
int nat_rules_parse(struct nat_rules_parser *p, const void *buf, size_t len);

/*
 * A bound NETLINK_NETFILTER socket of the caller's network namespace at
 * this moment, or NULL with *err a negative errno (EAFNOSUPPORT under a
 * seccomp filter or RestrictAddressFamilies=, EPROTONOSUPPORT without
 * nfnetlink).
 */
struct mnl_socket *nat_rules_socket_open(int *err);
/* Closes it; NULL is nothing. */
void nat_rules_socket_close(struct mnl_socket *nl);

/*
 * Dumps every rule of the socket's namespace (nl NULL: a socket of the
 * caller's namespace, opened and closed here) and decodes it into res.
 * dump_fd >= 0 receives the raw replies as read (tests record fixtures so;
 * nat_rules_parse reads them back), -1 for none.  A dump interrupted by a
 * changing ruleset is retried (three times).  Returns 0, or a negative errno
 * with *why a static text; then res holds nothing from this read.
 * Reading the ruleset needs CAP_NET_ADMIN in the namespace's user
 * namespace: -EPERM otherwise.
 */
int nat_rules_read(struct mnl_socket *nl, int dump_fd, struct nat_rules_result *res,
		   const char **why);

/*
 * Whether iptables-legacy holds tables in the namespace whose /proc/net
 * <proc_root>/net shows ("/proc" for the caller's, "/proc/PID" for a
 * process's): <proc_root>/net/ip_tables_names or ip6_tables_names not
 * empty.  Netlink never sees those rules: the caller says so once.  A
 * missing file (no ip_tables module) is "no".  Returns 0 with *in_use, or a
 * negative errno of a file that exists but cannot be read.
 */
int nat_rules_legacy_in_use(const char *proc_root, bool *in_use);

#endif
