/*
 * diag_bytecode.c - compiles the endpoint filters to inet_diag bytecode.
 *
 * Two passes over one description of the program: the first sizes every
 * alternative (jump targets need the final layout), the second writes.
 */
#include "lib/compat.h"

#include <errno.h>
#include <linux/inet_diag.h>
#include <sys/socket.h>

#include "filter/bytecode.h"
#include "filter/ss_expr.h"
#include "lib/xmalloc.h"

enum side { SRC, DST };

/* One alternative: an optional host condition and an optional port range. */
struct alt {
	enum side side;
	const struct ef_host *host; /* NULL: none */
	struct ef_ports ports;
	bool has_ports;
};

struct writer {
	uint8_t *p; /* NULL while sizing */
	size_t pos;
};

static size_t host_size(const struct ef_host *h)
{
	return sizeof(struct inet_diag_bc_op) + sizeof(struct inet_diag_hostcond) +
	       (h->family == AF_INET ? 4 : 16);
}

static size_t alt_size(const struct alt *a)
{
	size_t n = 0;

	if (a->host != NULL)
		n += host_size(a->host);
	if (a->has_ports && a->ports.lo > 0)
		n += 2 * sizeof(struct inet_diag_bc_op);
	if (a->has_ports && a->ports.hi < 65535)
		n += 2 * sizeof(struct inet_diag_bc_op);
	return n;
}

static void put_op(struct writer *w, uint8_t code, uint8_t yes, uint16_t no)
{
	if (w->p != NULL) {
		struct inet_diag_bc_op op = {code, yes, no};

		memcpy(w->p + w->pos, &op, sizeof(op));
	}
	w->pos += sizeof(struct inet_diag_bc_op);
}

/* A port comparison: the op, then a second op whose "no" holds the port. */
static void put_port(struct writer *w, uint8_t code, uint16_t port, size_t fail)
{
	put_op(w, code, 2 * sizeof(struct inet_diag_bc_op), (uint16_t)(fail - w->pos));
	put_op(w, 0, 0, port);
}

static void put_host(struct writer *w, enum side side, const struct ef_host *h, size_t fail)
{
	size_t alen = h->family == AF_INET ? 4 : 16, size = host_size(h);
	struct inet_diag_hostcond cond;

	put_op(w, side == SRC ? INET_DIAG_BC_S_COND : INET_DIAG_BC_D_COND, (uint8_t)size,
	       (uint16_t)(fail - w->pos));
	if (w->p != NULL) {
		memset(&cond, 0, sizeof(cond));
		cond.family = h->family;
		cond.prefix_len = h->prefix;
		cond.port = -1;
		memcpy(w->p + w->pos, &cond, sizeof(cond));
		memcpy(w->p + w->pos + sizeof(cond), h->addr, alen);
	}
	w->pos += sizeof(cond) + alen;
}

static void put_alt(struct writer *w, const struct alt *a, size_t fail)
{
	if (a->host != NULL)
		put_host(w, a->side, a->host, fail);
	if (a->has_ports && a->ports.lo > 0)
		put_port(w, a->side == SRC ? INET_DIAG_BC_S_GE : INET_DIAG_BC_D_GE, a->ports.lo,
			 fail);
	if (a->has_ports && a->ports.hi < 65535)
		put_port(w, a->side == SRC ? INET_DIAG_BC_S_LE : INET_DIAG_BC_D_LE, a->ports.hi,
			 fail);
}

/* A clause: its alternatives, OR-ed. */
struct clause {
	struct alt *alts;
	size_t n;
};

static size_t clause_size(const struct clause *c)
{
	size_t i, n = 0;

	for (i = 0; i < c->n; i++)
		n += alt_size(&c->alts[i]);
	return n + (c->n - 1) * sizeof(struct inet_diag_bc_op);
}

static void put_clause(struct writer *w, const struct clause *c, size_t reject)
{
	size_t end = w->pos + clause_size(c), i;

	for (i = 0; i < c->n; i++) {
		size_t next = w->pos + alt_size(&c->alts[i]);

		if (i + 1 == c->n) {
			put_alt(w, &c->alts[i], reject);
			break;
		}
		/* On failure: the next alternative, after this one's JMP. */
		put_alt(w, &c->alts[i], next + sizeof(struct inet_diag_bc_op));
		put_op(w, INET_DIAG_BC_JMP, sizeof(struct inet_diag_bc_op),
		       (uint16_t)(end - w->pos));
	}
}

static void add_alt(struct clause *c, struct alt a)
{
	/* An alternative with no test is always true: so is its clause. */
	if (alt_size(&a) == 0)
		c->n = SIZE_MAX;
	if (c->n == SIZE_MAX)
		return;
	c->alts = xreallocarray(c->alts, c->n + 1, sizeof(*c->alts));
	c->alts[c->n++] = a;
}

static void range_clause(struct clause *c, const struct ef_ports *r, size_t n, bool src, bool dst)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (src)
			add_alt(c, (struct alt){SRC, NULL, r[i], true});
		if (dst)
			add_alt(c, (struct alt){DST, NULL, r[i], true});
	}
}

int diag_bytecode_build(const struct query *f, struct diag_bytecode *bc)
{
	struct clause cl[4];
	struct writer w = {NULL, 0};
	size_t i, k, total = 0, ss_len;
	int err = 0;

	memset(bc, 0, sizeof(*bc));
	memset(cl, 0, sizeof(cl));
	range_clause(&cl[0], f->ports, f->nports, true, true);
	range_clause(&cl[1], f->sports, f->nsports, true, false);
	range_clause(&cl[2], f->dports, f->ndports, false, true);
	for (i = 0; i < f->nhosts; i++) {
		const struct ef_host *h = &f->hosts[i];

		add_alt(&cl[3], (struct alt){SRC, h, h->ports, h->has_ports});
		add_alt(&cl[3], (struct alt){DST, h, h->ports, h->has_ports});
	}
	for (k = 0; k < nitems(cl); k++)
		if (cl[k].n != 0 && cl[k].n != SIZE_MAX)
			total += clause_size(&cl[k]);
	/* An ss expression is one more clause, ANDed after the others. */
	ss_len = f->ss != NULL ? ss_expr_bytecode_size(f->ss) : 0;
	total += ss_len;
	if (total > DIAG_BYTECODE_MAX) {
		err = -E2BIG;
	} else if (total > 0) {
		w.p = xcalloc(total, 1);
		for (k = 0; k < nitems(cl); k++)
			if (cl[k].n != 0 && cl[k].n != SIZE_MAX)
				put_clause(&w, &cl[k], total + sizeof(struct inet_diag_bc_op));
		if (ss_len > 0)
			w.pos = ss_expr_bytecode_write(f->ss, w.p, w.pos,
						       total + sizeof(struct inet_diag_bc_op));
		bc->bytes = w.p;
		bc->len = total;
	}
	for (k = 0; k < nitems(cl); k++)
		free(cl[k].alts);
	return err;
}

void diag_bytecode_free(struct diag_bytecode *bc)
{
	free(bc->bytes);
	bc->bytes = NULL;
	bc->len = 0;
}
