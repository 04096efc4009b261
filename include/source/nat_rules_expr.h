/*
 * nat_rules_expr.h - one nftables rule's expressions, as libnftnl decoded
 * them, into published-port mappings (source/nat_rules.c's helper; the
 * rules are described there).
 */
#ifndef PORTSTAT_SOURCE_NAT_RULES_EXPR_H
#define PORTSTAT_SOURCE_NAT_RULES_EXPR_H

#include "source/nat_rules.h"

struct nftnl_rule;

/*
 * Appends the mappings of rule r (a rule of table family ip, ip6 or inet)
 * to res->map, or counts it in res->not_understood; a rule that is no DNAT
 * or REDIRECT adds nothing.
 */
void nat_rule_decode(struct nftnl_rule *r, struct nat_rules_result *res);

#endif
