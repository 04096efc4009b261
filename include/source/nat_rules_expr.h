/*
 * nat_rules_expr.h - one nftables rule's expressions into published-port
 * mappings (source/nat_rules.c's helper; how they are read is described in
 * nat_rules_expr.c).
 */
#ifndef PORTSTAT_SOURCE_NAT_RULES_EXPR_H
#define PORTSTAT_SOURCE_NAT_RULES_EXPR_H

#include <stdint.h>

#include "source/nat_rules.h"

struct nlattr;

/* One NFT_MSG_NEWRULE message, its attributes checked to fit (nat_rules.c). */
struct nat_rule_msg {
	uint8_t family;		    /* NFPROTO_IPV4, _IPV6 or _INET (nfgenmsg) */
	const char *table;	    /* NFTA_RULE_TABLE, terminated; "" when absent */
	const char *chain;	    /* NFTA_RULE_CHAIN, terminated; "" when absent */
	uint64_t handle;	    /* NFTA_RULE_HANDLE, 0 when absent */
	const struct nlattr *exprs; /* NFTA_RULE_EXPRESSIONS, NULL when absent */
};

/*
 * Appends the mappings of rule r to res->map, or counts it in
 * res->not_understood.  A DNAT or REDIRECT rule without a protocol or port
 * of its own, and every jump or goto, is kept in res->paths for
 * nat_paths_resolve (source/nat_rules_paths.h); any other rule adds
 * nothing.
 */
void nat_rule_decode(const struct nat_rule_msg *r, struct nat_rules_result *res);

#endif
