/*
 * sources.c - runs the /proc reader per protocol and family.
 */
#include "compat.h"

#include <errno.h>
#include <sys/socket.h>

#include "sources.h"

static const int inet_protos[] = {PROTO_TCP, PROTO_UDP, PROTO_UDPLITE, PROTO_RAW};

/* Records one reader's outcome; absence (ENOENT) is not an error. */
static void account(int r, int *served, int *first_err)
{
	if (r == 0)
		(*served)++;
	else if (r != -ENOENT && *first_err == 0)
		*first_err = r;
}

int sources_collect(const struct source_cfg *cfg, struct conntable *t, struct warnings *w)
{
	int served = 0, first_err = 0;
	size_t i;

	for (i = 0; i < nitems(inet_protos); i++) {
		int proto = inet_protos[i];

		if (!(cfg->protos & (1u << proto)))
			continue;
		if (cfg->inet4)
			account(source_proc_read(cfg, proto, AF_INET, t, w), &served, &first_err);
		if (cfg->inet6)
			account(source_proc_read(cfg, proto, AF_INET6, t, w), &served, &first_err);
	}
	if (cfg->protos & (1u << PROTO_UNIX))
		account(source_proc_read(cfg, PROTO_UNIX, AF_UNIX, t, w), &served, &first_err);
	if (served > 0)
		return served;
	return first_err != 0 ? first_err : -ENOENT;
}
