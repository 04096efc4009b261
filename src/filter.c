/*
 * filter.c - selection of the sockets to show.
 */
#include "compat.h"

#include <sys/socket.h>

#include "filter.h"

bool filter_match(const struct filter *f, const struct conn *c)
{
	bool listening;

	if (!(f->protos & (1u << c->proto)))
		return false;
	if (c->family == AF_INET && !f->inet4)
		return false;
	if (c->family == AF_INET6 && !f->inet6)
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

void filter_apply(const struct filter *f, struct conntable *t)
{
	size_t i, kept = 0;

	for (i = 0; i < t->len; i++) {
		if (!filter_match(f, &t->conns[i]))
			continue;
		if (kept != i)
			t->conns[kept] = t->conns[i];
		kept++;
	}
	t->len = kept;
}
