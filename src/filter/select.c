/*
 * filter.c - selection of the sockets to show.
 */
#include "lib/compat.h"

#include <errno.h>
#include <sys/socket.h>

#include "filter/query.h"
#include "filter/select.h"
#include "model/netns.h"

/* The service port's class, or for "ephemeral" the local port in range (its namespace's). */
static bool class_match(const struct filter *f, const struct port_range *range,
			const struct conn *c)
{
	if (!conn_is_inet(c))
		return false;
	if (c->service_class != PC_NONE && (f->classes & (1u << c->service_class)))
		return true;
	return (f->classes & FILTER_CLASS_EPHEMERAL) && conn_has_ports(c) && range != NULL &&
	       portclass_is_ephemeral(c->local.port, range);
}

/* -t/-u/-w/-x and -4/-6. */
static bool proto_family_match(const struct filter *f, const struct conn *c)
{
	if (!(f->protos & (1u << c->proto)))
		return false;
	if (c->family == AF_INET && !f->inet4)
		return false;
	return c->family != AF_INET6 || f->inet6;
}

static bool match(const struct filter *f, const struct port_range *range, const struct conn *c)
{
	bool listening;

	if (!proto_family_match(f, c))
		return false;
	if (f->classes != 0 && !class_match(f, range, c))
		return false;
	if (f->all)
		return true;
	/* A TCP socket that is bound but neither listening nor connected
	 * (CLOSE, BOUND_INACTIVE) is shown only with -a. */
	if (c->proto == PROTO_TCP && (c->state == CS_CLOSE || c->state == CS_BOUND_INACTIVE))
		return false;
	listening = conn_is_listening(c);
	return f->listening ? listening : !listening;
}

bool filter_match(const struct filter *f, const struct conn *c)
{
	return match(f, f->range, c);
}

bool filter_match_event(const struct filter *f, const struct conntable *t, const struct conn *c)
{
	return proto_family_match(f, c) &&
	       (f->query == NULL || query_match_but_owners(f->query, t, c));
}

size_t filter_apply(const struct filter *f, struct conntable *t)
{
	size_t i, kept = 0, missed = 0;

	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];

		if (!match(f, netns_range_of(t->netns, c->netns, f->range), c))
			continue;
		if (f->query != NULL && !query_match(f->query, t, c)) {
			/* Only its owners failed, and some may be hidden: a possible false "no". */
			missed += c->owners_hidden && query_match_but_owners(f->query, t, c);
			continue;
		}
		if (kept != i)
			t->conns[kept] = t->conns[i];
		kept++;
	}
	t->len = kept;
	return missed;
}

int filter_parse_classes(const char *list, unsigned *out)
{
	const char *p = list;

	*out = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		char name[16];
		enum port_class pc;

		if (len == 0 || len >= sizeof(name))
			return -EINVAL;
		memcpy(name, p, len);
		name[len] = '\0';
		pc = portclass_from_name(name);
		if (pc != PC_NONE)
			*out |= 1u << pc;
		else if (strcmp(name, "ephemeral") == 0)
			*out |= FILTER_CLASS_EPHEMERAL;
		else
			return -EINVAL;
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

bool filter_is_query(const struct filter *f)
{
	return f->classes != 0 || (f->query != NULL && query_active(f->query));
}
