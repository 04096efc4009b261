/*
 * ss_expr_bytecode.c - an ss expression as inet_diag bytecode.
 *
 * write(node, fail) emits code that falls off its end when the node is
 * true and jumps to the absolute offset "fail" when it is false; every
 * op's "yes" is its own size, as the kernel's audit wants, so every
 * jump target is an op boundary or one op past the end (reject):
 *
 *   AND a b:  a(fail) b(fail)
 *   OR a b:   a(->b) JMP(->end) b(fail)
 *   NOT a:    a(->end) JMP(->fail)
 *   PORT:     GE/LE pairs, as the query's builder (filter/bytecode.c)
 *   HOST:     S_COND/D_COND with port -1, then the port range
 *
 * The kernel then evaluates exactly what ss_expr_match_endpoints does
 * for an Internet socket.
 */
#include "lib/compat.h"

#include <linux/inet_diag.h>
#include <sys/socket.h>

#include "filter/ss_expr.h"
#include "ss_expr_tree.h"

#define OP sizeof(struct inet_diag_bc_op)

struct writer {
	uint8_t *p; /* NULL while sizing */
	size_t pos;
};

static size_t range_size(struct ef_ports r)
{
	return (r.lo > 0 ? 2 * OP : 0) + (r.hi < UINT16_MAX ? 2 * OP : 0);
}

static size_t host_size(const struct ef_host *h)
{
	size_t n = OP + sizeof(struct inet_diag_hostcond) + (h->family == AF_INET ? 4 : 16);

	return h->has_ports ? n + range_size(h->ports) : n;
}

static size_t size(const struct ss_expr *e, int i)
{
	const struct ss_node *n = &e->nodes[i];

	switch (n->kind) {
	case SSN_TRUE:
		return 0;
	case SSN_FALSE:
		return OP;
	case SSN_PORT:
		return range_size(n->ports);
	case SSN_HOST:
		return host_size(&n->host);
	case SSN_AND:
		return size(e, n->a) + size(e, n->b);
	case SSN_OR:
		return size(e, n->a) + OP + size(e, n->b);
	case SSN_NOT:
		return size(e, n->a) + OP;
	}
	return 0;
}

static void put_op(struct writer *w, uint8_t code, uint8_t yes, size_t target)
{
	struct inet_diag_bc_op op = {code, yes, (uint16_t)(target - w->pos)};

	memcpy(w->p + w->pos, &op, OP);
	w->pos += OP;
}

static void put_jmp(struct writer *w, size_t target)
{
	put_op(w, INET_DIAG_BC_JMP, OP, target);
}

/* A comparison: the op, then an op whose "no" holds the port. */
static void put_cmp(struct writer *w, uint8_t code, uint16_t port, size_t fail)
{
	struct inet_diag_bc_op arg = {0, 0, port};

	put_op(w, code, 2 * OP, fail);
	memcpy(w->p + w->pos, &arg, OP);
	w->pos += OP;
}

static void put_range(struct writer *w, bool local, struct ef_ports r, size_t fail)
{
	if (r.lo > 0)
		put_cmp(w, local ? INET_DIAG_BC_S_GE : INET_DIAG_BC_D_GE, r.lo, fail);
	if (r.hi < UINT16_MAX)
		put_cmp(w, local ? INET_DIAG_BC_S_LE : INET_DIAG_BC_D_LE, r.hi, fail);
}

static void put_host(struct writer *w, bool local, const struct ef_host *h, size_t fail)
{
	size_t alen = h->family == AF_INET ? 4 : 16,
	       len = OP + sizeof(struct inet_diag_hostcond) + alen;
	struct inet_diag_hostcond cond;

	put_op(w, local ? INET_DIAG_BC_S_COND : INET_DIAG_BC_D_COND, (uint8_t)len, fail);
	memset(&cond, 0, sizeof(cond));
	cond.family = h->family;
	cond.prefix_len = h->prefix;
	cond.port = -1;
	memcpy(w->p + w->pos, &cond, sizeof(cond));
	memcpy(w->p + w->pos + sizeof(cond), h->addr, alen);
	w->pos += sizeof(cond) + alen;
	if (h->has_ports)
		put_range(w, local, h->ports, fail);
}

static void put(struct writer *w, const struct ss_expr *e, int i, size_t fail)
{
	const struct ss_node *n = &e->nodes[i];
	size_t end = w->pos + size(e, i);

	switch (n->kind) {
	case SSN_TRUE:
		break;
	case SSN_FALSE:
		put_jmp(w, fail);
		break;
	case SSN_PORT:
		put_range(w, n->local, n->ports, fail);
		break;
	case SSN_HOST:
		put_host(w, n->local, &n->host, fail);
		break;
	case SSN_AND:
		put(w, e, n->a, fail);
		put(w, e, n->b, fail);
		break;
	case SSN_OR:
		/* a false: on to b, past the JMP; a true: past b. */
		put(w, e, n->a, w->pos + size(e, n->a) + OP);
		put_jmp(w, end);
		put(w, e, n->b, fail);
		break;
	case SSN_NOT:
		/* a false: the NOT's end (true); a true: the JMP to fail. */
		put(w, e, n->a, end);
		put_jmp(w, fail);
		break;
	}
}

size_t ss_expr_bytecode_size(const struct ss_expr *e)
{
	return size(e, e->root);
}

size_t ss_expr_bytecode_write(const struct ss_expr *e, uint8_t *buf, size_t pos, size_t fail)
{
	struct writer w = {buf, pos};

	put(&w, e, e->root, fail);
	return w.pos;
}
