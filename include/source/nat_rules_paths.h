/*
 * nat_rules_paths.h - NAT rules completed by the jumps that lead to them
 * (source/nat_rules.c's and nat_rules_expr.c's helper).
 *
 * kube-proxy's KUBE-SEP-* chains hold `-p tcp -j DNAT --to-destination
 * 10.244.1.5:8080`: no port of their own.  The port (the NodePort, or the
 * cluster IP and its port) is a condition of the jump rules that lead to
 * the chain.  While a dump is read, each such NAT rule and every jump or
 * goto is kept as a small record (struct nat_path_rule); when the dump ends,
 * each NAT rule is walked back through the jumps of its table to a chain no
 * rule jumps to (a base chain), the conditions met on the way merged.
 * Every path whose conditions agree gives one mapping.
 */
#ifndef PORTSTAT_SOURCE_NAT_RULES_PATHS_H
#define PORTSTAT_SOURCE_NAT_RULES_PATHS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/nat_map.h"

struct nat_rules_result;
struct nat_paths;

/* A path is at most this many chains long, the NAT rule's own included. */
#define NAT_PATH_MAX_CHAINS 8
/* Jump rules one NAT rule's walk may cross (hostile rulesets fan out). */
#define NAT_PATH_MAX_STEPS 4096
/* Mappings one NAT rule may give through its paths. */
#define NAT_PATH_MAX_MAPPINGS 256

/*
 * One rule as far as paths go.  m holds its understood conditions (proto,
 * family, iif, daddr, dport when have_dport) and, for a NAT rule, its target
 * (mechanism, to, to_port_*); m.table and m.chain are unused.  Strings are
 * borrowed for the call that takes the record.
 */
struct nat_path_rule {
	struct nat_mapping m;
	bool have_dport;
	bool blocked;	  /* a jump with a condition not understood: no path crosses it */
	const char *jump; /* the chain a jump or goto leads to; NULL: a NAT rule */
	uint8_t table_family;
	const char *table;
	const char *chain;
	uint64_t handle;
};

/*
 * Keeps a copy of r in *g (allocated on first use).  A NAT rule kept here
 * is resolved, or counted not understood, by nat_paths_resolve.
 */
void nat_paths_add(struct nat_paths **g, const struct nat_path_rule *r);

/*
 * Follows every NAT rule kept in g back through the jumps (see above),
 * appends the mappings to res->map, counts each rule no path completes in
 * res->not_understood (once), and empties g.  NULL is nothing.
 */
void nat_paths_resolve(struct nat_paths *g, struct nat_rules_result *res);

void nat_paths_free(struct nat_paths *g);

/*
 * Whether r's conditions name a protocol and a port range short of all
 * ports: a published port on its own.
 */
bool nat_path_complete(const struct nat_path_rule *r);

/*
 * Appends the mappings of a complete NAT rule r to map (an inet rule
 * without a family condition serves both families); the target ports
 * default to the matched ones.  False, and nothing appended, when it is
 * not one mapping per family (an inet rule with an address and no family).
 */
bool nat_path_emit(const struct nat_path_rule *r, struct nat_map *map);

#endif
