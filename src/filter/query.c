/*
 * endpoint_filter.c - parsing and user-space matching of the query filters.
 *
 * Parsing turns each word into ranges, address prefixes, a state mask or
 * owner keys once; matching is then a few comparisons per socket.  The
 * address comparison mirrors the kernel's inet_diag bytecode so the /proc
 * path and a filtered netlink dump agree on every socket.
 */
#include "lib/compat.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <pwd.h>
#include <stdio.h>
#include <sys/socket.h>

#include "filter/query.h"
#include "filter/ss_expr.h"
#include "lib/number.h"
#include "lib/xmalloc.h"
#include "model/addrs.h"
#include "model/container.h"
#include "model/netns.h"
#include "model/state_names.h"

/* "listen": servers as -l means them; "connected": neither listening nor closed. */
#define SERVERS	  STATE_SERVERS
#define CONNECTED STATE_CONNECTED

/* one_state's reason for a name not in the table; add_states lists the names. */
static const char unknown_state[] = "unknown state";

void query_init(struct query *f)
{
	memset(f, 0, sizeof(*f));
}

void query_free(struct query *f)
{
	size_t i;

	for (i = 0; i < f->nprograms; i++)
		free(f->programs[i]);
	free(f->programs);
	for (i = 0; i < f->ncontainers; i++)
		free(f->containers[i]);
	free(f->containers);
	free(f->ports);
	free(f->hosts);
	free(f->sports);
	free(f->dports);
	free(f->pids);
	free(f->uids);
	ss_expr_free(f->ss);
	memset(f, 0, sizeof(*f));
}

/* Appends one element to a growable array (capacity = next power of two). */
static void *grow(void *v, size_t len, size_t size)
{
	if ((len & (len - 1)) == 0)
		v = xreallocarray(v, len ? len * 2 : 1, size);
	return v;
}

/* The word is written raw: main.c's reporter escapes the whole message, once. */
static int fail(char *msg, size_t msglen, const char *prefix, const char *text, const char *reason)
{
	(void)snprintf(msg, msglen, "bad filter '%s%s': %s", prefix, text, reason);
	return -EINVAL;
}

/* A decimal port 0-65535: 1 ok, 0 not a number, -1 out of range. */
static int parse_port_number(const char *s, size_t n, uint16_t *out)
{
	long long v;
	int r = number_parse(s, n, 0, UINT16_MAX, &v);

	if (r == -EINVAL)
		return 0;
	if (r != 0)
		return -1;
	*out = (uint16_t)v;
	return 1;
}

/*
 * PORT, LOW-HIGH or a service name.  A service whose TCP and UDP ports
 * differ gives two ranges.  Returns the number of ranges (1 or 2) or sets
 * *why and returns 0.
 */
static int parse_ports(const char *s, size_t n, const struct query_names *svc,
		       struct ef_ports out[2], const char **why)
{
	const char *dash = memchr(s, '-', n);
	uint16_t a = 0, b = 0;
	int ra, rb, tp, up;
	char name[128];

	ra = parse_port_number(s, n, &a);
	if (ra == 1) {
		out[0] = (struct ef_ports){a, a};
		return 1;
	}
	if (ra < 0) {
		*why = "port out of range";
		return 0;
	}
	if (dash != NULL) {
		ra = parse_port_number(s, (size_t)(dash - s), &a);
		rb = parse_port_number(dash + 1, n - (size_t)(dash + 1 - s), &b);
		if (ra < 0 || rb < 0) {
			*why = "port out of range";
			return 0;
		}
		if (ra == 1 && rb == 1) {
			if (a > b) {
				*why = "range is backwards";
				return 0;
			}
			out[0] = (struct ef_ports){a, b};
			return 1;
		}
	}
	if (n == 0) {
		*why = "port missing";
		return 0;
	}
	if (n >= sizeof(name)) {
		*why = "unknown service name";
		return 0;
	}
	memcpy(name, s, n);
	name[n] = '\0';
	tp = svc != NULL ? svc->port(svc->db, name, PROTO_TCP) : -ENOENT;
	up = svc != NULL ? svc->port(svc->db, name, PROTO_UDP) : -ENOENT;
	if (tp < 0 && up < 0) {
		*why = "unknown service name";
		return 0;
	}
	if (tp < 0 || up < 0 || tp == up) {
		a = (uint16_t)(tp >= 0 ? tp : up);
		out[0] = (struct ef_ports){a, a};
		return 1;
	}
	out[0] = (struct ef_ports){(uint16_t)tp, (uint16_t)tp};
	out[1] = (struct ef_ports){(uint16_t)up, (uint16_t)up};
	return 2;
}

static void add_ranges(struct ef_ports **v, size_t *len, const struct ef_ports *r, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		*v = grow(*v, *len, sizeof(**v));
		(*v)[(*len)++] = r[i];
	}
}

/* The "%IF" of an address: an interface name or index; returns a reason or NULL. */
static const char *parse_zone(const char *s, size_t n, const struct query_names *names,
			      uint32_t *ifindex)
{
	char name[IF_NAMESIZE];
	long long v;

	if (n == 0)
		return "interface missing after '%'";
	if (number_is_decimal(s, n)) {
		if (number_parse(s, n, 1, UINT32_MAX, &v) != 0)
			return "interface index out of range";
		*ifindex = (uint32_t)v;
		return NULL;
	}
	if (n >= sizeof(name) || memchr(s, '\0', n) != NULL || names == NULL ||
	    names->ifindex == NULL)
		return "no such interface";
	memcpy(name, s, n);
	name[n] = '\0';
	*ifindex = names->ifindex(name);
	return *ifindex != 0 ? NULL : "no such interface";
}

/* ADDR[%IF] or ADDR[%IF]/PREFIX (no brackets) into h; returns a reason or NULL. */
static const char *parse_addr(const char *s, size_t n, const struct query_names *names,
			      struct ef_host *h)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = memchr(s, '/', n);
	size_t alen = slash ? (size_t)(slash - s) : n;
	const char *pct = memchr(s, '%', alen);
	unsigned maxbits;

	h->ifindex = 0;
	if (pct != NULL) {
		const char *why =
		    parse_zone(pct + 1, alen - (size_t)(pct + 1 - s), names, &h->ifindex);

		if (why != NULL)
			return why;
		alen = (size_t)(pct - s);
	}
	if (alen == 0 || alen >= sizeof(buf))
		return "bad address";
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	memset(h->addr, 0, sizeof(h->addr));
	if (inet_pton(AF_INET, buf, h->addr) == 1)
		h->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, h->addr) == 1)
		h->family = AF_INET6;
	else
		return "bad address";
	maxbits = h->family == AF_INET ? 32 : 128;
	h->prefix = (uint8_t)maxbits;
	if (slash != NULL) {
		long long bits;

		if (number_parse(slash + 1, n - (size_t)(slash + 1 - s), 0, maxbits, &bits) != 0)
			return "bad prefix length";
		h->prefix = (uint8_t)bits;
	}
	return NULL;
}

static int add_endpoint(struct query *f, const char *text, const struct query_names *svc, char *msg,
			size_t msglen)
{
	size_t n = strlen(text);
	struct ef_ports r[2];
	struct ef_host h;
	const char *why = NULL, *addr = text, *port = NULL;
	size_t alen = n;
	int k = 0;

	/* ":PORT" and "*:PORT"; "::1" is an IPv6 address. */
	if ((text[0] == ':' || (text[0] == '*' && text[1] == ':')) &&
	    strchr(strchr(text, ':') + 1, ':') == NULL) {
		port = strchr(text, ':') + 1;
		k = parse_ports(port, strlen(port), svc, r, &why);
		if (k == 0)
			return fail(msg, msglen, "", text, why);
		add_ranges(&f->ports, &f->nports, r, k);
		return 0;
	}
	memset(&h, 0, sizeof(h));
	if (text[0] == '[') {
		char tmp[INET6_ADDRSTRLEN + 8];
		const char *rb = strchr(text, ']'), *tail;
		size_t a;

		if (rb == NULL)
			return fail(msg, msglen, "", text, "missing ']'");
		a = (size_t)(rb - text - 1);
		tail = rb + 1;
		if (a >= sizeof(tmp))
			return fail(msg, msglen, "", text, "bad address");
		memcpy(tmp, text + 1, a);
		if (*tail == '/') { /* "[ADDR]/N": the prefix joins the address */
			size_t pl = strcspn(tail, ":");

			if (a + pl >= sizeof(tmp))
				return fail(msg, msglen, "", text, "bad prefix length");
			memcpy(tmp + a, tail, pl);
			a += pl;
			tail += pl;
		}
		tmp[a] = '\0';
		if (*tail == ':')
			port = tail + 1;
		else if (*tail != '\0')
			return fail(msg, msglen, "", text, "junk after ']'");
		why = parse_addr(tmp, a, svc, &h);
		if (why == NULL && h.family != AF_INET6)
			why = "brackets hold an IPv6 address";
	} else {
		const char *c = strchr(text, ':');

		/* One colon: IPv4 ADDR:PORT; several: a bare IPv6 address. */
		if (c != NULL && strchr(c + 1, ':') == NULL) {
			alen = (size_t)(c - text);
			port = c + 1;
		}
		why = parse_addr(addr, alen, svc, &h);
	}
	if (why != NULL)
		return fail(msg, msglen, "", text, why);
	if (port != NULL) {
		k = parse_ports(port, strlen(port), svc, r, &why);
		if (k == 0)
			return fail(msg, msglen, "", text, why);
		h.has_ports = true;
		h.ports = r[0];
	}
	f->hosts = grow(f->hosts, f->nhosts, sizeof(*f->hosts));
	f->hosts[f->nhosts++] = h;
	if (k == 2) { /* a service with two ports: the same address twice */
		h.ports = r[1];
		f->hosts = grow(f->hosts, f->nhosts, sizeof(*f->hosts));
		f->hosts[f->nhosts++] = h;
	}
	return 0;
}

typedef int (*item_fn)(struct query *, const char *, size_t, const struct query_names *,
		       const char **);

/* Calls one(item) for each item of a comma-separated list; 0, or -EINVAL and *why set. */
static int items(const char *text, item_fn one, struct query *f, const struct query_names *svc,
		 const char **why)
{
	const char *p = text;

	for (;;) {
		size_t n = strcspn(p, ",");

		*why = "empty item in list";
		if (n == 0 || one(f, p, n, svc, why) != 0)
			return -EINVAL;
		if (p[n] == '\0')
			return 0;
		p += n + 1;
	}
}

/* items() with its failure written to msg as "bad filter 'OPT TEXT': WHY". */
static int each_item(const char *text, const char *opt, char *msg, size_t msglen, item_fn one,
		     struct query *f, const struct query_names *svc)
{
	const char *why = NULL;

	if (items(text, one, f, svc, &why) == 0)
		return 0;
	return fail(msg, msglen, opt, text, why);
}

static int add_port_list(struct ef_ports **v, size_t *len, const char *s, size_t n,
			 const struct query_names *svc, const char **why)
{
	struct ef_ports r[2];
	int k = parse_ports(s, n, svc, r, why);

	if (k == 0)
		return -EINVAL;
	add_ranges(v, len, r, k);
	return 0;
}

static int one_sport(struct query *f, const char *s, size_t n, const struct query_names *svc,
		     const char **why)
{
	return add_port_list(&f->sports, &f->nsports, s, n, svc, why);
}

static int one_dport(struct query *f, const char *s, size_t n, const struct query_names *svc,
		     const char **why)
{
	return add_port_list(&f->dports, &f->ndports, s, n, svc, why);
}

static int one_state(struct query *f, const char *s, size_t n, const struct query_names *svc,
		     const char **why)
{
	const struct state_name *st = state_name_find(s, n);

	(void)svc;
	if (st == NULL) {
		*why = unknown_state;
		return -EINVAL;
	}
	f->states |= st->mask;
	return 0;
}

/* --state LIST; an unknown name is answered with the names there are. */
static int add_states(struct query *f, const char *text, const struct query_names *svc, char *msg,
		      size_t msglen)
{
	const char *why = NULL;
	char known[512], reason[sizeof(known) + sizeof(unknown_state) + 3];

	if (items(text, one_state, f, svc, &why) == 0)
		return 0;
	if (why == unknown_state) {
		(void)state_names_join(known, sizeof(known), STATE_IN_HINT);
		(void)snprintf(reason, sizeof(reason), "%s (%s)", unknown_state, known);
		why = reason;
	}
	return fail(msg, msglen, "--state ", text, why);
}

static int one_pid(struct query *f, const char *s, size_t n, const struct query_names *svc,
		   const char **why)
{
	long long v;

	(void)svc;
	/* pid_t is an int; a wider number is no process, not a wrapped one. */
	if (number_parse(s, n, 1, INT_MAX, &v) != 0) {
		*why = "not a process id";
		return -EINVAL;
	}
	f->pids = grow(f->pids, f->npids, sizeof(*f->pids));
	f->pids[f->npids++] = (pid_t)v;
	return 0;
}

static int one_command(struct query *f, const char *s, size_t n, const struct query_names *svc,
		       const char **why)
{
	char *name;

	(void)svc;
	/* "--command -p" or "--command :80" is a mistaken option or FILTER, not a name. */
	if (n == 0 || s[0] == '-' || s[0] == ':') {
		*why = "a program name, not an option or a filter";
		return -EINVAL;
	}
	name = xmalloc(n + 1);
	memcpy(name, s, n);
	name[n] = '\0';
	f->programs = grow(f->programs, f->nprograms, sizeof(*f->programs));
	f->programs[f->nprograms++] = name;
	return 0;
}

static int one_container(struct query *f, const char *s, size_t n, const struct query_names *svc,
			 const char **why)
{
	char *name;

	(void)svc;
	if (n == 0 || s[0] == '-' || s[0] == ':') {
		*why = "a container name or id, not an option or a filter";
		return -EINVAL;
	}
	name = xmalloc(n + 1);
	memcpy(name, s, n);
	name[n] = '\0';
	f->containers = grow(f->containers, f->ncontainers, sizeof(*f->containers));
	f->containers[f->ncontainers++] = name;
	return 0;
}

/* A user name into its uid; returns a reason or NULL. */
static const char *lookup_user(const char *s, size_t n, uint32_t *uid)
{
	char name[256], buf[4096];
	struct passwd pw, *res = NULL;

	if (n >= sizeof(name))
		return "unknown user";
	memcpy(name, s, n);
	name[n] = '\0';
	if (getpwnam_r(name, &pw, buf, sizeof(buf), &res) != 0 || res == NULL)
		return "unknown user";
	*uid = res->pw_uid;
	return NULL;
}

/* A uid (all digits: never a name) or a user name. */
static int one_user(struct query *f, const char *s, size_t n, const struct query_names *svc,
		    const char **why)
{
	uint32_t uid;
	long long v;

	(void)svc;
	if (number_is_decimal(s, n)) {
		if (number_parse(s, n, 0, UINT32_MAX, &v) != 0) {
			*why = "uid out of range";
			return -EINVAL;
		}
		uid = (uint32_t)v;
	} else if ((*why = lookup_user(s, n, &uid)) != NULL) {
		return -EINVAL;
	}
	f->uids = grow(f->uids, f->nuids, sizeof(*f->uids));
	f->uids[f->nuids++] = uid;
	return 0;
}

/* ss's expression: its state words join --state, the rest is matched as a tree. */
static int add_ss_expr(struct query *f, const char *text, const struct query_names *svc, char *msg,
		       size_t msglen)
{
	int r;

	if (f->ss != NULL)
		return fail(msg, msglen, "", text, "only one ss expression");
	r = ss_expr_parse(text, svc, &f->ss, msg, msglen);
	if (r == 0)
		f->states |= ss_expr_states(f->ss);
	return r;
}

int query_add(struct query *f, enum filter_arg_kind kind, const char *text,
	      const struct query_names *svc, char *msg, size_t msglen)
{
	switch (kind) {
	case FARG_ENDPOINT:
		if (*text == '\0')
			return fail(msg, msglen, "", text, "empty filter");
		return add_endpoint(f, text, svc, msg, msglen);
	case FARG_SPORT:
		return each_item(text, "--sport ", msg, msglen, one_sport, f, svc);
	case FARG_DPORT:
		return each_item(text, "--dport ", msg, msglen, one_dport, f, svc);
	case FARG_STATE:
		return add_states(f, text, svc, msg, msglen);
	case FARG_PID:
		return each_item(text, "--pid ", msg, msglen, one_pid, f, svc);
	case FARG_COMMAND:
		return each_item(text, "--command ", msg, msglen, one_command, f, svc);
	case FARG_CONTAINER:
		return each_item(text, "--container ", msg, msglen, one_container, f, svc);
	case FARG_USER:
		return each_item(text, "--user ", msg, msglen, one_user, f, svc);
	case FARG_TAKEN:
		return each_item(text, "--taken ", msg, msglen, one_sport, f, svc);
	case FARG_SS_EXPR:
		return add_ss_expr(f, text, svc, msg, msglen);
	}
	return fail(msg, msglen, "", text, "unknown kind");
}

bool query_has_endpoints(const struct query *f)
{
	return f->nports || f->nhosts || f->nsports || f->ndports ||
	       (f->ss != NULL && ss_expr_has_endpoints(f->ss));
}

bool query_needs_owners(const struct query *f)
{
	return f->npids || f->nprograms || f->ncontainers;
}

bool query_active(const struct query *f)
{
	return query_has_endpoints(f) || f->states || f->npids || f->nprograms || f->ncontainers ||
	       f->nuids || f->ss != NULL;
}

uint32_t query_state_hint(const struct query *f)
{
	uint32_t h = f->states & ~SERVERS;

	if (f->states == 0)
		return 0;
	if (f->states & SERVERS)
		h |= 1u << CS_LISTEN;
	/* Unconnected UDP/raw are "closed" and count as servers; unix listeners as LISTEN. */
	if (h & ((1u << CS_LISTEN) | (1u << CS_CLOSE)))
		h |= (1u << CS_LISTEN) | (1u << CS_CLOSE);
	if (h & CONNECTED)
		h |= 1u << CS_ESTABLISHED;
	/* The kernel dumps bound-only TCP sockets only for TCP_BOUND_INACTIVE. */
	if (f->states & STATE_BOUND)
		h |= STATE_BOUND;
	return h;
}

unsigned query_conn_state(const struct conn *c)
{
	if (c->proto != PROTO_UNIX)
		return c->state;
	/* The kernel keeps TCP state numbers in a unix socket's sk_state. */
	if (c->unix_flags & UNIX_FLAG_ACCEPTCON)
		return CS_LISTEN;
	switch (c->state) {
	case US_CONNECTED:
		return CS_ESTABLISHED;
	case US_CONNECTING:
		return CS_SYN_SENT;
	default:
		return CS_CLOSE;
	}
}

static bool in_ranges(const struct ef_ports *r, size_t n, uint16_t port)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (port >= r[i].lo && port <= r[i].hi)
			return true;
	return false;
}

static bool bits_match(const uint8_t *a, const uint8_t *b, unsigned bits)
{
	unsigned whole = bits / 8, rest = bits % 8;

	if (memcmp(a, b, whole) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((a[whole] ^ b[whole]) & (0xff00u >> rest) & 0xff) == 0;
}

/* As the kernel's INET_DIAG_BC_S_COND/D_COND: family, mapped IPv4, prefix. */
static bool host_matches(const struct ef_host *h, const struct conn *c, const struct endpoint *e)
{
	static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	if (h->has_ports && (e->port < h->ports.lo || e->port > h->ports.hi))
		return false;
	if (h->family != c->family) {
		return c->family == AF_INET6 && h->family == AF_INET &&
		       memcmp(e->addr, mapped, 12) == 0 &&
		       bits_match(e->addr + 12, h->addr, h->prefix);
	}
	return bits_match(e->addr, h->addr, h->prefix);
}

/* An ADDR%IF filter's interface against the one the endpoint is shown with. */
static bool zone_matches(const struct ef_host *h, const struct conntable *t, const struct conn *c,
			 bool remote)
{
	const struct conn_scope *s;

	if (h->ifindex == 0 || t == NULL)
		return true;
	s = conntable_endpoint_scope(t, c, remote);
	return s != NULL && s->ifindex == h->ifindex;
}

/* The endpoint filters; t NULL: interfaces are not compared (as the bytecode). */
static bool match_endpoints(const struct query *f, const struct conntable *t, const struct conn *c)
{
	size_t i;
	bool ok;

	if (!query_has_endpoints(f))
		return true;
	if (!conn_is_inet(c))
		return false;
	if (f->nports && !in_ranges(f->ports, f->nports, c->local.port) &&
	    !in_ranges(f->ports, f->nports, c->remote.port))
		return false;
	if (f->nsports && !in_ranges(f->sports, f->nsports, c->local.port))
		return false;
	if (f->ndports && !in_ranges(f->dports, f->ndports, c->remote.port))
		return false;
	ok = f->nhosts == 0;
	for (i = 0; i < f->nhosts && !ok; i++)
		ok = (host_matches(&f->hosts[i], c, &c->local) &&
		      zone_matches(&f->hosts[i], t, c, false)) ||
		     (host_matches(&f->hosts[i], c, &c->remote) &&
		      zone_matches(&f->hosts[i], t, c, true));
	return ok && (f->ss == NULL || ss_expr_match_endpoints(f->ss, c));
}

bool query_published_ok(const struct query *f)
{
	return f->nsports == 0 && f->ndports == 0 && f->states == 0 && f->npids == 0 &&
	       f->nprograms == 0 && f->ncontainers == 0 && f->nuids == 0 && f->ss == NULL;
}

/* Whether ranges overlap lo..hi. */
static bool ranges_overlap(const struct ef_ports *r, size_t n, uint16_t lo, uint16_t hi)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (r[i].lo <= hi && r[i].hi >= lo)
			return true;
	return false;
}

bool query_match_published(const struct query *f, const struct published *e)
{
	size_t i;
	bool ok = f->nhosts == 0;

	if (f->nports > 0 && !ranges_overlap(f->ports, f->nports, e->host_port_lo, e->host_port_hi))
		return false;
	for (i = 0; i < f->nhosts && !ok; i++) {
		const struct ef_host *h = &f->hosts[i];
		struct ef_host addr_only;
		struct conn c;

		if (h->has_ports && !ranges_overlap(&h->ports, 1, e->host_port_lo, e->host_port_hi))
			continue;
		if (e->host_prefix == 0 || e->host_family == 0 ||
		    addr_is_wildcard(e->host_family, e->host_addr)) {
			ok = true; /* every address of the host */
			continue;
		}
		memset(&c, 0, sizeof(c));
		c.family = e->host_family;
		memcpy(c.local.addr, e->host_addr, sizeof(c.local.addr));
		addr_only = *h; /* the ports were compared as ranges above */
		addr_only.has_ports = false;
		ok = h->family == e->host_family && host_matches(&addr_only, &c, &c.local);
	}
	return ok;
}

bool query_match_endpoints(const struct query *f, const struct conn *c)
{
	return match_endpoints(f, NULL, c);
}

/* Whether a --container word names info (NULL: no container). */
static bool container_named(const struct query *f, const struct container_info *info)
{
	size_t i;

	for (i = 0; info != NULL && i < f->ncontainers; i++)
		if (container_matches(info, f->containers[i]))
			return true;
	return false;
}

/*
 * --container: the socket's namespace is the container's, or a process
 * of the container holds it (a container on the host's network).
 */
static bool container_match(const struct query *f, const struct conntable *t, const struct conn *c)
{
	uint32_t k;

	if (f->ncontainers == 0)
		return true;
	if (t->netns != NULL && c->netns < t->netns->len &&
	    container_named(f, t->netns->v[c->netns].container))
		return true;
	for (k = 0; k < c->owner_count; k++)
		if (container_named(f, t->owners[c->owner_first + k].container))
			return true;
	return false;
}

static bool owners_match(const struct query *f, const struct conntable *t, const struct conn *c)
{
	bool pid_ok = f->npids == 0, prog_ok = f->nprograms == 0;
	uint32_t k;
	size_t i;

	for (k = 0; k < c->owner_count; k++) {
		const struct owner *o = &t->owners[c->owner_first + k];
		const char *comm = conntable_str(t, o->comm);
		const char *command = conntable_str(t, o->command);

		for (i = 0; i < f->npids && !pid_ok; i++)
			pid_ok = o->pid == f->pids[i];
		/* comm as netstat and ss show it, or the full name it was cut from. */
		for (i = 0; i < f->nprograms && !prog_ok; i++)
			prog_ok = strcmp(comm, f->programs[i]) == 0 ||
				  (o->command != 0 && strcmp(command, f->programs[i]) == 0);
	}
	return pid_ok && prog_ok && container_match(f, t, c);
}

/*
 * Whether a --state set holds c's state.  The state byte comes from /proc
 * or netlink as is: one no kernel state has (CS_MAX and up) matches no
 * set, not even "listen" for an unconnected UDP socket, and never
 * reaches a shift wider than the mask.
 */
static bool state_in(uint32_t states, const struct conn *c)
{
	unsigned st = query_conn_state(c);

	if (st >= CS_MAX)
		return false;
	/* Bound-only TCP sockets come back from the kernel in state CLOSE. */
	if (c->proto == PROTO_TCP && st == CS_CLOSE && (states & (1u << CS_BOUND_INACTIVE)))
		return true;
	return (states & (1u << st)) || ((states & SERVERS) && conn_is_listening(c));
}

bool query_match(const struct query *f, const struct conntable *t, const struct conn *c)
{
	return query_match_but_owners(f, t, c) && owners_match(f, t, c);
}

bool query_match_but_owners(const struct query *f, const struct conntable *t, const struct conn *c)
{
	size_t i;
	bool ok;

	if (!match_endpoints(f, t, c))
		return false;
	if (f->states && !state_in(f->states, c))
		return false;
	if (f->ss != NULL && !ss_expr_match_state(f->ss, c))
		return false;
	if (f->nuids) {
		ok = false;
		for (i = 0; i < f->nuids && !ok; i++)
			ok = c->uid == f->uids[i] && c->uid != CONN_UID_UNKNOWN;
		if (!ok)
			return false;
	}
	return true;
}

int query_parse_ports(const char *s, size_t n, const struct query_names *names,
		      struct ef_ports out[2], const char **why)
{
	return parse_ports(s, n, names, out, why);
}

bool query_host_test(const struct ef_host *h, const struct conn *c, bool local)
{
	return host_matches(h, c, local ? &c->local : &c->remote);
}
