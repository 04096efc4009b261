/*
 * nat_rules_paths.c - NAT rules completed by the jumps that lead to them
 * (source/nat_rules_paths.h).
 *
 * The walk goes backwards: from a NAT rule's chain to every rule of the
 * same table that jumps or gotos there, from that rule's chain on, until a
 * chain no rule jumps to (a base chain: the kernel refuses jumps to one).
 * Jump and goto are alike here: either way the packet reaches the chain
 * with the jump rule's conditions met.  The conditions of each rule on the
 * path are merged with what was met so far; a path is dropped when they
 * disagree (dport 80 on the way, 81 in the rule), when it crosses a jump
 * with a condition not understood, returns to a chain already on it (a
 * loop, which only a hostile dump holds), or is longer than
 * NAT_PATH_MAX_CHAINS.  Only a chain that no rule jumps to ends a path: one
 * reached only through a dropped jump gives nothing.  What precedes a jump
 * in its chain (a RETURN, a mark) is not looked at, as for every rule.
 *
 * Bounded work: one NAT rule's walk crosses at most NAT_PATH_MAX_STEPS jump
 * rules and gives at most NAT_PATH_MAX_MAPPINGS mappings; past either, the
 * rule gives none and is counted not understood (never a partial list).
 * Paths that end in the same conditions (PREROUTING and OUTPUT both jump to
 * KUBE-SERVICES) give one mapping.
 */
#include "lib/compat.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/xmalloc.h"
#include "source/nat_rules.h"
#include "source/nat_rules_paths.h"

/* The rules kept during one dump; their strings are owned here. */
struct nat_paths {
	struct nat_path_rule *v;
	size_t len, cap;
};

void nat_paths_add(struct nat_paths **g, const struct nat_path_rule *r)
{
	struct nat_paths *p = *g;
	struct nat_path_rule *k;

	if (p == NULL)
		p = *g = xcalloc(1, sizeof(*p));
	if (p->len == p->cap) {
		p->cap = p->cap == 0 ? 32 : p->cap * 2;
		p->v = xreallocarray(p->v, p->cap, sizeof(*p->v));
	}
	k = &p->v[p->len++];
	*k = *r;
	k->m.table = k->m.chain = NULL;
	k->table = xstrdup(r->table != NULL ? r->table : "");
	k->chain = xstrdup(r->chain != NULL ? r->chain : "");
	k->jump = r->jump != NULL ? xstrdup(r->jump) : NULL;
}

/* Forgets every kept rule; the array stays for the next dump. */
static void paths_clear(struct nat_paths *g)
{
	size_t i;

	for (i = 0; i < g->len; i++) {
		free((char *)g->v[i].table);
		free((char *)g->v[i].chain);
		free((char *)g->v[i].jump);
	}
	g->len = 0;
}

void nat_paths_free(struct nat_paths *g)
{
	if (g == NULL)
		return;
	paths_clear(g);
	free(g->v);
	free(g);
}

bool nat_path_complete(const struct nat_path_rule *r)
{
	return r->m.proto != 0 && r->have_dport && !(r->m.dport_lo == 0 && r->m.dport_hi == 65535);
}

static void emit_one(const struct nat_path_rule *r, uint8_t af, struct nat_map *map)
{
	struct nat_mapping m = r->m;

	m.family = af;
	if (!m.to_port_given) {
		m.to_port_lo = m.dport_lo;
		m.to_port_hi = m.dport_hi;
	}
	m.table_family = r->table_family;
	m.handle = r->handle;
	(void)nat_map_add(map, &m, r->table, r->chain);
}

bool nat_path_emit(const struct nat_path_rule *r, struct nat_map *map)
{
	if (r->m.family != 0) {
		emit_one(r, r->m.family, map);
		return true;
	}
	/* An inet rule without a family condition (redirect) serves both. */
	if (r->m.daddr.family != 0 || r->m.to.family != 0)
		return false;
	emit_one(r, AF_INET, map);
	emit_one(r, AF_INET6, map);
	return true;
}

/* Orders jumps by table family, table and the chain they lead to. */
static int jump_cmp(const void *a, const void *b)
{
	const struct nat_path_rule *x = *(const struct nat_path_rule *const *)a;
	const struct nat_path_rule *y = *(const struct nat_path_rule *const *)b;
	int c;

	if (x->table_family != y->table_family)
		return x->table_family < y->table_family ? -1 : 1;
	c = strcmp(x->table, y->table);
	return c != 0 ? c : strcmp(x->jump, y->jump);
}

/* One NAT rule's walk. */
struct walk {
	const struct nat_path_rule *const *jumps; /* sorted by jump_cmp */
	size_t njumps;
	const struct nat_path_rule *nat;
	const char *path[NAT_PATH_MAX_CHAINS]; /* the chains on the path, the rule's first */
	size_t depth;
	size_t steps;
	bool overflow;
	struct nat_path_rule *found; /* the distinct complete conditions */
	size_t nfound;
};

/* The first jump into chain of the walked rule's table (njumps when none). */
static size_t first_jump_to(const struct walk *w, const char *chain)
{
	struct nat_path_rule key = *w->nat;
	const struct nat_path_rule *kp = &key;
	size_t lo = 0, hi = w->njumps;

	key.jump = chain;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (jump_cmp(&w->jumps[mid], &kp) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool on_path(const struct walk *w, const char *chain)
{
	size_t i;

	for (i = 0; i < w->depth; i++)
		if (strcmp(w->path[i], chain) == 0)
			return true;
	return false;
}

/* Whether address b lies in a (both with prefixes of one family). */
static bool addr_within(const struct nat_addr *a, const struct nat_addr *b)
{
	unsigned full = a->prefix / 8, rest = a->prefix % 8;

	if (b->prefix < a->prefix || full > sizeof(a->addr))
		return false;
	if (memcmp(a->addr, b->addr, full) != 0)
		return false;
	return rest == 0 || ((a->addr[full] ^ b->addr[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

/* Both address conditions hold: the narrower one, or false when they exclude each other. */
static bool merge_addr(struct nat_addr *c, const struct nat_addr *o)
{
	if (o->family == 0)
		return true;
	if (c->family == 0) {
		*c = *o;
		return true;
	}
	if (c->family != o->family)
		return false;
	if (addr_within(c, o)) {
		*c = *o;
		return true;
	}
	return addr_within(o, c);
}

/*
 * Adds jump j's conditions to c; false when they contradict it, or cannot be
 * said as one mapping (two different interface conditions).
 */
static bool merge(struct nat_path_rule *c, const struct nat_path_rule *j)
{
	const struct nat_mapping *o = &j->m;

	if (o->proto != 0) {
		if (c->m.proto != 0 && c->m.proto != o->proto)
			return false;
		c->m.proto = o->proto;
	}
	if (o->family != 0) {
		if (c->m.family != 0 && c->m.family != o->family)
			return false;
		c->m.family = o->family;
	}
	if (j->have_dport) {
		if (!c->have_dport) {
			c->m.dport_lo = o->dport_lo;
			c->m.dport_hi = o->dport_hi;
			c->have_dport = true;
		}
		if (o->dport_lo > c->m.dport_lo)
			c->m.dport_lo = o->dport_lo;
		if (o->dport_hi < c->m.dport_hi)
			c->m.dport_hi = o->dport_hi;
		if (c->m.dport_lo > c->m.dport_hi)
			return false;
	}
	if (!merge_addr(&c->m.daddr, &o->daddr))
		return false;
	if (o->iif[0] != 0) {
		if (c->m.iif[0] == 0) {
			memcpy(c->m.iif, o->iif, sizeof(c->m.iif));
			c->m.iif_negated = o->iif_negated;
			c->m.iif_prefix = o->iif_prefix;
		} else if (strncmp(c->m.iif, o->iif, sizeof(c->m.iif)) != 0 ||
			   c->m.iif_negated != o->iif_negated || c->m.iif_prefix != o->iif_prefix) {
			return false;
		}
	}
	return true;
}

/* The same conditions (the target is the walked rule's either way). */
static bool same_conditions(const struct nat_path_rule *a, const struct nat_path_rule *b)
{
	return a->m.proto == b->m.proto && a->m.family == b->m.family &&
	       a->m.dport_lo == b->m.dport_lo && a->m.dport_hi == b->m.dport_hi &&
	       strncmp(a->m.iif, b->m.iif, sizeof(a->m.iif)) == 0 &&
	       a->m.iif_negated == b->m.iif_negated && a->m.iif_prefix == b->m.iif_prefix &&
	       a->m.daddr.family == b->m.daddr.family && a->m.daddr.prefix == b->m.daddr.prefix &&
	       memcmp(a->m.daddr.addr, b->m.daddr.addr, sizeof(a->m.daddr.addr)) == 0;
}

/* A path ended at a chain nothing jumps to: its conditions, kept once when complete. */
static void path_end(struct walk *w, const struct nat_path_rule *c)
{
	size_t i;

	if (!nat_path_complete(c))
		return;
	for (i = 0; i < w->nfound; i++)
		if (same_conditions(&w->found[i], c))
			return;
	if (w->nfound == NAT_PATH_MAX_MAPPINGS) {
		w->overflow = true;
		return;
	}
	if (w->found == NULL)
		w->found = xreallocarray(NULL, NAT_PATH_MAX_MAPPINGS, sizeof(*w->found));
	w->found[w->nfound++] = *c;
}

/* Every path into chain, c being what was met from there to the NAT rule. */
static void walk_back(struct walk *w, const struct nat_path_rule *c, const char *chain)
{
	size_t i = first_jump_to(w, chain), n = 0;

	for (; i < w->njumps && !w->overflow; i++) {
		const struct nat_path_rule *j = w->jumps[i];
		struct nat_path_rule next;

		if (j->table_family != w->nat->table_family ||
		    strcmp(j->table, w->nat->table) != 0 || strcmp(j->jump, chain) != 0)
			break;
		n++;
		if (++w->steps > NAT_PATH_MAX_STEPS) {
			w->overflow = true;
			return;
		}
		if (j->blocked || w->depth == NAT_PATH_MAX_CHAINS || on_path(w, j->chain))
			continue;
		next = *c;
		if (!merge(&next, j))
			continue;
		w->path[w->depth++] = j->chain;
		walk_back(w, &next, j->chain);
		w->depth--;
	}
	if (n == 0)
		path_end(w, c);
}

/* One NAT rule: its mappings appended, or counted not understood. */
static void resolve_one(const struct nat_path_rule *const *jumps, size_t njumps,
			const struct nat_path_rule *nat, struct nat_rules_result *res)
{
	struct walk w;
	size_t i;
	bool any = false;

	memset(&w, 0, sizeof(w));
	w.jumps = jumps;
	w.njumps = njumps;
	w.nat = nat;
	w.path[w.depth++] = nat->chain;
	walk_back(&w, nat, nat->chain);
	for (i = 0; i < w.nfound && !w.overflow; i++)
		any |= nat_path_emit(&w.found[i], &res->map);
	if (!any)
		res->not_understood++;
	free(w.found);
}

void nat_paths_resolve(struct nat_paths *g, struct nat_rules_result *res)
{
	const struct nat_path_rule **jumps;
	size_t i, n = 0;

	if (g == NULL || g->len == 0)
		return;
	jumps = xreallocarray(NULL, g->len, sizeof(*jumps));
	for (i = 0; i < g->len; i++)
		if (g->v[i].jump != NULL)
			jumps[n++] = &g->v[i];
	qsort(jumps, n, sizeof(*jumps), jump_cmp);
	for (i = 0; i < g->len; i++)
		if (g->v[i].jump == NULL)
			resolve_one(jumps, n, &g->v[i], res);
	free(jumps);
	paths_clear(g);
}
