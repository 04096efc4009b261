/*
 * ss_expr.h - ss(8)'s filter expressions, as an alternative to portstat's
 * own positional filter words.
 *
 *   [ state NAME | exclude NAME ]... [ EXPRESSION ]
 *   EXPRESSION: CONDITION, "( EXPRESSION )", "not"/"!" EXPRESSION, and two
 *               expressions joined by "and"/"&"/"&&", "or"/"|"/"||" or nothing
 *               (and); they group left to right, as ss itself does
 *   CONDITION:  dst|src [=|!=] HOST        HOST: ADDR[/PREFIX][:PORT], [IPv6]:PORT, *:PORT
 *               dport|sport [OP] [:]PORT   OP: = != < > <= >= (eq neq lt gt le ge ...)
 *
 * The words are split at white space; parentheses split off a word they
 * are glued to.  Ports take service names as portstat's own filters do
 * (struct query_names).  dev, fwmark, cgroup, autobound and family
 * prefixes (unix:, inet6:, ...) are refused with a message that names them.
 *
 * The state words become a --state mask (ss_expr_states), which the
 * query ORs with --state; the expression is a tree matched against a
 * struct conn and compiled to inet_diag bytecode (ss_expr_bytecode.c).
 * An expression that tests a port or an address never matches a UNIX
 * socket, as portstat's own endpoint filters.
 */
#ifndef PORTSTAT_FILTER_SS_EXPR_H
#define PORTSTAT_FILTER_SS_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "filter/query.h"
#include "model/conntable.h"

/* Limits that keep recursion and the kernel program bounded. */
#define SS_EXPR_MAX_NODES 1024
#define SS_EXPR_MAX_DEPTH 64

struct ss_expr;

/*
 * Whether the positional words starting with word form an ss expression:
 * its first token is one of ss's keywords (state, exclude, dst, src,
 * dport, sport, not, dev, fwmark, cgroup, autobound) or begins with "("
 * or "!".  portstat's own filter words never do.
 */
bool ss_expr_starts(const char *word);

/*
 * Parses text (the positional words joined by spaces) into *out.  Returns
 * 0, or -EINVAL with "bad filter 'WORD': REASON" in msg and *out NULL.
 */
int ss_expr_parse(const char *text, const struct query_names *names, struct ss_expr **out,
		  char *msg, size_t msglen);
void ss_expr_free(struct ss_expr *e);

/* The state words as a --state mask (model/state_names.h); 0 when there were none. */
uint32_t ss_expr_states(const struct ss_expr *e);

/* True when the expression tests ports or addresses (it may reject a socket by them). */
bool ss_expr_has_endpoints(const struct ss_expr *e);

/* The port and address part: whether c passes it. */
bool ss_expr_match_endpoints(const struct ss_expr *e, const struct conn *c);

/* The part of the state words a mask cannot say ("exclude listen"): whether c passes it. */
bool ss_expr_match_state(const struct ss_expr *e, const struct conn *c);

/*
 * The expression as inet_diag bytecode, in the builder's convention
 * (filter/bytecode.h): success falls off the end, failure jumps to
 * "fail", an offset from the start of the whole program.  size is 0 when
 * the expression tests no port or address.  write puts size bytes at
 * buf + pos and returns pos + size.
 */
size_t ss_expr_bytecode_size(const struct ss_expr *e);
size_t ss_expr_bytecode_write(const struct ss_expr *e, uint8_t *buf, size_t pos, size_t fail);

#endif
