/*
 * ss_expr.c - reads ss's filter expressions and matches them.
 *
 * A small recursive-descent parser over whitespace-separated tokens.  The
 * grammar is ss's own (iproute2's ssfilter.y): "and", "or" and plain
 * juxtaposition all join an expression so far with the next condition,
 * left to right, with no precedence between them; "not" takes the one
 * condition or parenthesised group after it.  So "a or b and c" is
 * "(a or b) and c", as ss evaluates it, and the answers agree with ss.
 *
 * Operands reuse the query's readers (query_add for hosts,
 * query_parse_ports for ports): a port or an address means the same here
 * as in portstat's own filter words, service names included.
 */
#include "lib/compat.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "filter/ss_expr.h"
#include "lib/xmalloc.h"
#include "model/state_names.h"
#include "ss_expr_tree.h"

/* Nodes 0 and 1 are the constants, so folding never allocates. */
#define NODE_TRUE  0
#define NODE_FALSE 1

enum op { OP_NONE, OP_EQ, OP_NE, OP_LT, OP_GT, OP_LE, OP_GE };

struct parser {
	const char **tok; /* the tokens, NUL-terminated strings */
	size_t ntok;
	size_t pos;
	const struct query_names *names;
	struct ss_expr *e;
	unsigned depth;
	const char *full; /* the token at which SS_EXPR_MAX_NODES ran out, or NULL */
	char *msg;
	size_t msglen;
};

static const char *const and_words[] = {"and", "&", "&&", NULL};
static const char *const or_words[] = {"or", "|", "||", NULL};
static const char *const not_words[] = {"not", "!", NULL};
static const char *const state_words[] = {"state", "exclude", "excl", NULL};

static const struct {
	const char *word;
	enum op op;
} ops[] = {
    {"=", OP_EQ},   {"==", OP_EQ}, {"eq", OP_EQ}, {"!=", OP_NE},  {"ne", OP_NE}, {"neq", OP_NE},
    {"<", OP_LT},   {"lt", OP_LT}, {">", OP_GT},  {"gt", OP_GT},  {"<=", OP_LE}, {"le", OP_LE},
    {"leq", OP_LE}, {">=", OP_GE}, {"ge", OP_GE}, {"geq", OP_GE},
};

/* ss keywords portstat cannot evaluate, and why. */
static const struct {
	const char *word;
	const char *why;
} unsupported[] = {
    {"dev", "ss's 'dev' condition is not supported (portstat has no interface filter)"},
    {"fwmark", "ss's 'fwmark' condition is not supported (portstat does not read socket marks)"},
    {"cgroup", "ss's 'cgroup' condition is not supported (portstat does not read socket "
	       "cgroups; --unit shows the owner's unit)"},
    {"autobound", "ss's 'autobound' condition is not supported (portstat does not know which "
		  "ports were bound automatically; --class ephemeral is close)"},
};

/* ss's HOST family prefixes: portstat takes Internet addresses only. */
static const char *const family_prefixes[] = {
    "unix:", "link:", "netlink:", "vsock:", "inet:", "inet6:", NULL};

static bool in(const char *t, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(t, *list) == 0)
			return true;
	return false;
}

static enum op op_of(const char *t)
{
	size_t i;

	for (i = 0; i < nitems(ops); i++)
		if (strcmp(t, ops[i].word) == 0)
			return ops[i].op;
	return OP_NONE;
}

static const char *unsupported_why(const char *t)
{
	size_t i;

	for (i = 0; i < nitems(unsupported); i++)
		if (strcmp(t, unsupported[i].word) == 0)
			return unsupported[i].why;
	return NULL;
}

static bool is_cond_word(const char *t)
{
	return strcmp(t, "dst") == 0 || strcmp(t, "src") == 0 || strcmp(t, "dport") == 0 ||
	       strcmp(t, "sport") == 0;
}

/* A token that cannot be an operand: a keyword, an operator or a parenthesis. */
static bool is_reserved(const char *t)
{
	return is_cond_word(t) || unsupported_why(t) != NULL || in(t, and_words) ||
	       in(t, or_words) || in(t, not_words) || in(t, state_words) || op_of(t) != OP_NONE ||
	       strcmp(t, "(") == 0 || strcmp(t, ")") == 0;
}

bool ss_expr_starts(const char *word)
{
	const char *p = word + strspn(word, " \t\n");
	size_t n = strcspn(p, " \t\n()");
	size_t i;

	if (*p == '(' || *p == '!')
		return true;
	for (i = 0; i < nitems(unsupported); i++)
		if (strlen(unsupported[i].word) == n && memcmp(p, unsupported[i].word, n) == 0)
			return true;
	return (n == 5 && memcmp(p, "state", 5) == 0) || (n == 7 && memcmp(p, "exclude", 7) == 0) ||
	       (n == 4 && memcmp(p, "excl", 4) == 0) || (n == 3 && memcmp(p, "dst", 3) == 0) ||
	       (n == 3 && memcmp(p, "src", 3) == 0) || (n == 5 && memcmp(p, "dport", 5) == 0) ||
	       (n == 5 && memcmp(p, "sport", 5) == 0) || (n == 3 && memcmp(p, "not", 3) == 0);
}

/* "bad filter 'WORD': REASON", WORD raw (main.c's reporter escapes the
 * whole message, once); always -EINVAL. */
static int perr(struct parser *p, const char *word, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int perr(struct parser *p, const char *word, const char *fmt, ...)
{
	char reason[640];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	(void)snprintf(p->msg, p->msglen, "bad filter '%s': %s", word, reason);
	return -EINVAL;
}

/* ---- tokens ---- */

static void push(struct parser *p, const char *t)
{
	p->tok[p->ntok++] = t;
}

/* One word: leading "(" and "!" (not "!=") and trailing ")" become their own tokens. */
static void split_word(struct parser *p, char *w)
{
	size_t len, close = 0;

	while (*w == '(' || (*w == '!' && w[1] != '=')) {
		push(p, *w == '(' ? "(" : "!");
		w++;
	}
	len = strlen(w);
	while (len > 0 && w[len - 1] == ')') {
		len--;
		close++;
	}
	w[len] = '\0';
	if (len > 0)
		push(p, w);
	while (close-- > 0)
		push(p, ")");
}

/* Splits buf (modified) at white space; every token takes at least one byte. */
static void lex(struct parser *p, char *buf)
{
	char *w = buf;

	for (;;) {
		char *end;
		bool last;

		w += strspn(w, " \t\n");
		if (*w == '\0')
			return;
		end = w + strcspn(w, " \t\n");
		last = *end == '\0';
		*end = '\0';
		split_word(p, w);
		if (last)
			return;
		w = end + 1;
	}
}

static const char *peek(const struct parser *p)
{
	return p->pos < p->ntok ? p->tok[p->pos] : NULL;
}

static const char *next(struct parser *p)
{
	return p->pos < p->ntok ? p->tok[p->pos++] : NULL;
}

/* ---- nodes, with constants folded ---- */

static int new_node(struct parser *p, struct ss_node n)
{
	struct ss_expr *e = p->e;

	if (e->nnodes >= SS_EXPR_MAX_NODES) {
		if (p->full == NULL)
			p->full = p->tok[p->pos - 1];
		return NODE_FALSE;
	}
	if ((e->nnodes & (e->nnodes - 1)) == 0)
		e->nodes = xreallocarray(e->nodes, e->nnodes ? (size_t)e->nnodes * 2 : 1,
					 sizeof(*e->nodes));
	e->nodes[e->nnodes] = n;
	return e->nnodes++;
}

static int mk_and(struct parser *p, int a, int b)
{
	if (a == NODE_TRUE)
		return b;
	if (b == NODE_TRUE)
		return a;
	if (a == NODE_FALSE || b == NODE_FALSE)
		return NODE_FALSE;
	return new_node(p, (struct ss_node){.kind = SSN_AND, .a = a, .b = b});
}

static int mk_or(struct parser *p, int a, int b)
{
	if (a == NODE_TRUE || b == NODE_TRUE)
		return NODE_TRUE;
	if (a == NODE_FALSE)
		return b;
	if (b == NODE_FALSE)
		return a;
	return new_node(p, (struct ss_node){.kind = SSN_OR, .a = a, .b = b});
}

static int mk_not(struct parser *p, int a)
{
	if (a == NODE_TRUE)
		return NODE_FALSE;
	if (a == NODE_FALSE)
		return NODE_TRUE;
	return new_node(p, (struct ss_node){.kind = SSN_NOT, .a = a});
}

static int mk_port(struct parser *p, bool local, uint16_t lo, uint16_t hi)
{
	if (lo == 0 && hi == UINT16_MAX)
		return NODE_TRUE;
	return new_node(p, (struct ss_node){.kind = SSN_PORT, .local = local, .ports = {lo, hi}});
}

/* ---- conditions ---- */

static const char *family_prefix(const char *v)
{
	const char *const *f;

	for (f = family_prefixes; *f != NULL; f++)
		if (strncmp(v, *f, strlen(*f)) == 0)
			return *f;
	return NULL;
}

/* An optional comparison after dst/src/dport/sport; *word is its token. */
static enum op take_op(struct parser *p, const char **word)
{
	const char *t = peek(p);
	enum op op = t != NULL ? op_of(t) : OP_NONE;

	if (op != OP_NONE)
		*word = next(p);
	return op;
}

/* The host operand of dst/src, read as a positional filter word. */
static int host_operand(struct parser *p, const char *v, bool local, int *out)
{
	size_t n = strlen(v), i;
	struct query tmp;
	char *buf;
	int r, node = NODE_FALSE;

	if (strcmp(v, "*") == 0 || strcmp(v, "*:*") == 0 || strcmp(v, ":*") == 0) {
		*out = NODE_TRUE;
		return 0;
	}
	buf = xmalloc(n + 1);
	memcpy(buf, v, n + 1);
	/* "ADDR:*": any port, so the address alone. */
	if (n > 2 && strcmp(buf + n - 2, ":*") == 0)
		buf[n - 2] = '\0';
	query_init(&tmp);
	r = query_add(&tmp, FARG_ENDPOINT, buf, p->names, p->msg, p->msglen);
	free(buf);
	if (r == 0) {
		/* ":PORT" and "*:PORT" came back as port filters: this end's port. */
		for (i = 0; i < tmp.nports; i++)
			node = mk_or(p, node, mk_port(p, local, tmp.ports[i].lo, tmp.ports[i].hi));
		for (i = 0; i < tmp.nhosts; i++)
			node = mk_or(p, node,
				     new_node(p, (struct ss_node){.kind = SSN_HOST,
								  .local = local,
								  .host = tmp.hosts[i]}));
		*out = node;
	}
	query_free(&tmp);
	return r;
}

/* dst|src [=|!=] HOST */
static int host_cond(struct parser *p, const char *kw, int *out)
{
	const char *opword = NULL, *v;
	enum op op = take_op(p, &opword);
	int r;

	if (op != OP_NONE && op != OP_EQ && op != OP_NE)
		return perr(p, opword, "compares ports: %s takes '=', '!=' or nothing", kw);
	v = next(p);
	if (v == NULL || is_reserved(v))
		return perr(p, kw, "an address must follow");
	if (family_prefix(v) != NULL)
		return perr(p, v,
			    "family prefix '%s' is not supported (-4, -6 and -x choose families)",
			    family_prefix(v));
	r = host_operand(p, v, strcmp(kw, "src") == 0, out);
	if (r == 0 && op == OP_NE)
		*out = mk_not(p, *out);
	return r;
}

/* dport|sport [OP] [:]PORT */
static int port_cond(struct parser *p, const char *kw, int *out)
{
	const char *opword = NULL, *v, *s, *why = NULL;
	enum op op = take_op(p, &opword);
	bool local = strcmp(kw, "sport") == 0;
	struct ef_ports r[2];
	uint16_t port;
	int k, i, node = NODE_FALSE;

	v = next(p);
	if (v == NULL || is_reserved(v))
		return perr(p, kw, "a port must follow");
	if (family_prefix(v) != NULL)
		return perr(p, v,
			    "family prefix '%s' is not supported (-4, -6 and -x choose families)",
			    family_prefix(v));
	s = v[0] == ':' ? v + 1 : v;
	if (strcmp(s, "*") == 0) {
		if (op == OP_NONE || op == OP_EQ || op == OP_NE) {
			*out = op == OP_NE ? NODE_FALSE : NODE_TRUE;
			return 0;
		}
		return perr(p, v, "'*' is any port: compare it with '=' or '!='");
	}
	k = query_parse_ports(s, strlen(s), p->names, r, &why);
	if (k == 0)
		return perr(p, v, "%s", why);
	if (op == OP_NONE || op == OP_EQ || op == OP_NE) {
		for (i = 0; i < k; i++)
			node = mk_or(p, node, mk_port(p, local, r[i].lo, r[i].hi));
		*out = op == OP_NE ? mk_not(p, node) : node;
		return 0;
	}
	if (k == 2)
		return perr(p, v, "names two ports (TCP and UDP): compare with a number");
	if (r[0].lo != r[0].hi)
		return perr(p, v, "'%s' compares with one port, not a range", opword);
	port = r[0].lo;
	switch (op) {
	case OP_LT:
		*out = port == 0 ? NODE_FALSE : mk_port(p, local, 0, (uint16_t)(port - 1));
		break;
	case OP_LE:
		*out = mk_port(p, local, 0, port);
		break;
	case OP_GT:
		*out = port == UINT16_MAX ? NODE_FALSE
					  : mk_port(p, local, (uint16_t)(port + 1), UINT16_MAX);
		break;
	default: /* OP_GE */
		*out = mk_port(p, local, port, UINT16_MAX);
		break;
	}
	return 0;
}

static int parse_list(struct parser *p, int *out);

/* One condition, "( LIST )" or "not ITEM". */
static int parse_item(struct parser *p, int *out)
{
	const char *t = next(p), *why;
	int r, a;

	if (t == NULL)
		return perr(p, p->ntok > 0 ? p->tok[p->ntok - 1] : "", "a condition must follow");
	if (strcmp(t, "(") == 0 || in(t, not_words)) {
		if (++p->depth > SS_EXPR_MAX_DEPTH)
			return perr(p, t, "nested too deeply (at most %d levels)",
				    SS_EXPR_MAX_DEPTH);
		if (strcmp(t, "(") == 0) {
			if (peek(p) != NULL && strcmp(peek(p), ")") == 0)
				return perr(p, t, "empty parentheses");
			if ((r = parse_list(p, &a)) != 0)
				return r;
			if (next(p) == NULL)
				return perr(p, t, "missing ')'");
		} else {
			if (peek(p) == NULL || strcmp(peek(p), ")") == 0)
				return perr(p, t, "a condition must follow");
			if ((r = parse_item(p, &a)) != 0)
				return r;
			a = mk_not(p, a);
		}
		p->depth--;
		*out = a;
		return 0;
	}
	if (strcmp(t, "dst") == 0 || strcmp(t, "src") == 0)
		return host_cond(p, t, out);
	if (strcmp(t, "dport") == 0 || strcmp(t, "sport") == 0)
		return port_cond(p, t, out);
	if ((why = unsupported_why(t)) != NULL)
		return perr(p, t, "%s", why);
	if (strcmp(t, ")") == 0)
		return perr(p, t, "no '(' to close");
	if (in(t, state_words))
		return perr(p, t, "state and exclude come first, before the conditions");
	if (in(t, and_words) || in(t, or_words))
		return perr(p, t, "a condition must come before it");
	if (op_of(t) != OP_NONE)
		return perr(p, t, "compares nothing: dst, src, dport or sport comes before it");
	return perr(p, t,
		    "not a condition: dst, src, dport or sport comes before an address or port");
}

/* ITEM { [and|or] ITEM }, left to right. */
static int parse_list(struct parser *p, int *out)
{
	int a, b, r;

	if ((r = parse_item(p, &a)) != 0)
		return r;
	for (;;) {
		const char *t = peek(p);
		bool is_or;

		if (t == NULL || strcmp(t, ")") == 0)
			break;
		is_or = in(t, or_words);
		if (is_or || in(t, and_words)) {
			p->pos++;
			if (peek(p) == NULL || strcmp(peek(p), ")") == 0)
				return perr(p, t, "a condition must follow");
		}
		if ((r = parse_item(p, &b)) != 0)
			return r;
		a = is_or ? mk_or(p, a, b) : mk_and(p, a, b);
	}
	*out = a;
	return 0;
}

/* [ state NAME | exclude NAME ]..., as ss reads them before the expression. */
static int parse_states(struct parser *p)
{
	struct ss_expr *e = p->e;
	const char *kw, *name = NULL;
	char known[512], both[256];
	bool saw = false;

	while ((kw = peek(p)) != NULL && in(kw, state_words)) {
		const struct state_name *st;

		p->pos++;
		name = next(p);
		if (name == NULL)
			return perr(p, kw, "a state name must follow");
		(void)snprintf(both, sizeof(both), "%s %s", kw, name);
		st = state_name_find(name, strlen(name));
		if (st == NULL) {
			(void)state_names_join(known, sizeof(known), STATE_IN_HINT);
			return perr(p, both, "unknown state (%s)", known);
		}
		if (strcmp(kw, "state") == 0) {
			if (!saw)
				e->states = 0;
			e->states |= st->mask;
			if (st->mask & STATE_SERVERS)
				e->exclude_servers = false;
		} else {
			if (!saw)
				e->states = STATE_ALL;
			e->states &= ~st->mask;
			if (st->mask & STATE_SERVERS)
				e->exclude_servers = true;
		}
		saw = true;
		if (e->states == 0)
			return perr(p, both, "no state is left to show");
	}
	return 0;
}

int ss_expr_parse(const char *text, const struct query_names *names, struct ss_expr **out,
		  char *msg, size_t msglen)
{
	size_t n = strlen(text);
	char *buf = xmalloc(n + 1);
	struct parser p;
	int r;

	memset(&p, 0, sizeof(p));
	memcpy(buf, text, n + 1);
	p.tok = xreallocarray(NULL, n + 1, sizeof(*p.tok));
	p.names = names;
	p.msg = msg;
	p.msglen = msglen;
	p.e = xcalloc(1, sizeof(*p.e));
	(void)new_node(&p, (struct ss_node){.kind = SSN_TRUE});
	(void)new_node(&p, (struct ss_node){.kind = SSN_FALSE});
	p.e->root = NODE_TRUE;
	lex(&p, buf);
	if (p.ntok == 0)
		r = perr(&p, text, "empty ss expression");
	else
		r = parse_states(&p);
	if (r == 0 && peek(&p) != NULL) {
		r = parse_list(&p, &p.e->root);
		if (r == 0 && peek(&p) != NULL)
			r = perr(&p, peek(&p), "no '(' to close");
	}
	if (r == 0 && p.full != NULL)
		r = perr(&p, p.full, "too long an ss expression (at most %d conditions)",
			 SS_EXPR_MAX_NODES - 2);
	free(p.tok);
	free(buf);
	if (r != 0) {
		ss_expr_free(p.e);
		p.e = NULL;
	}
	*out = p.e;
	return r;
}

void ss_expr_free(struct ss_expr *e)
{
	if (e == NULL)
		return;
	free(e->nodes);
	free(e);
}

uint32_t ss_expr_states(const struct ss_expr *e)
{
	return e->states;
}

bool ss_expr_has_endpoints(const struct ss_expr *e)
{
	return e->root != NODE_TRUE;
}

static bool eval(const struct ss_expr *e, int i, const struct conn *c)
{
	const struct ss_node *n = &e->nodes[i];
	uint16_t port;

	switch (n->kind) {
	case SSN_TRUE:
		return true;
	case SSN_FALSE:
		return false;
	case SSN_PORT:
		port = n->local ? c->local.port : c->remote.port;
		return port >= n->ports.lo && port <= n->ports.hi;
	case SSN_HOST:
		return query_host_test(&n->host, c, n->local);
	case SSN_AND:
		return eval(e, n->a, c) && eval(e, n->b, c);
	case SSN_OR:
		return eval(e, n->a, c) || eval(e, n->b, c);
	case SSN_NOT:
		return !eval(e, n->a, c);
	}
	return false;
}

bool ss_expr_match_endpoints(const struct ss_expr *e, const struct conn *c)
{
	if (e->root == NODE_TRUE)
		return true;
	if (!conn_is_inet(c))
		return false;
	return eval(e, e->root, c);
}

bool ss_expr_match_state(const struct ss_expr *e, const struct conn *c)
{
	return !(e->exclude_servers && conn_is_listening(c));
}
