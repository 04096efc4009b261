/*
 * ss_expr_tree.h - the parsed ss expression, shared by its parser and
 * matcher (ss_expr.c) and its bytecode compiler (ss_expr_bytecode.c) and
 * read by nothing else (private to src/filter).
 *
 * Nodes live in one array and refer to each other by index, so freeing is
 * one call and a hostile expression cannot make more than
 * SS_EXPR_MAX_NODES of them.  Constants are folded while parsing: a
 * TRUE or FALSE node is only ever the root.
 */
#ifndef PORTSTAT_FILTER_SS_EXPR_TREE_H
#define PORTSTAT_FILTER_SS_EXPR_TREE_H

#include <stdbool.h>
#include <stdint.h>

#include "filter/query.h"

enum ss_node_kind {
	SSN_TRUE,
	SSN_FALSE,
	SSN_PORT, /* the port of one end in [ports.lo, ports.hi] */
	SSN_HOST, /* one end's address (and port range) as a positional address filter */
	SSN_AND,
	SSN_OR,
	SSN_NOT
};

struct ss_node {
	enum ss_node_kind kind;
	bool local;	       /* PORT, HOST: src/sport (local end), else dst/dport */
	struct ef_ports ports; /* PORT */
	struct ef_host host;   /* HOST */
	int a, b;	       /* AND, OR: both operands; NOT: a */
};

struct ss_expr {
	struct ss_node *nodes;
	int nnodes;
	int root;
	uint32_t states;      /* the state words' mask; 0: none given */
	bool exclude_servers; /* "exclude listen": not what -l shows */
};

#endif
