/*
 * kill.c - -K: one SOCK_DESTROY per chosen socket, and a sentence for
 * each the kernel would not close.
 *
 * Each socket is closed in its own namespace: through the sock_diag
 * socket netns.c opened inside it before the sandbox, or, for the
 * caller's namespace, one opened here and used for every request.  The
 * kernel checks CAP_NET_ADMIN on each request, so the sandbox keeps it
 * for -K (run_open.c).
 */
#include "lib/compat.h"

#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>

#include "app/kill.h"
#include "model/netns.h"
#include "model/proto_names.h"
#include "output/addrfmt.h"
#include "source/destroy.h"
#include "source/netlink.h"
#include "source/netns.h"

/* The sock_diag socket of a namespace index, opening the caller's once. */
static struct mnl_socket *socket_for(const struct netns_set *ns, unsigned index,
				     struct mnl_socket **own, int *err)
{
	if (ns != NULL && index < ns->table.len && !ns->readers[index].own) {
		*err = -ENOTCONN; /* entering it failed, or its socket was refused */
		return ns->readers[index].sock;
	}
	if (*own == NULL)
		*own = source_netlink_socket_open(err);
	return *own;
}

/* "tcp 10.0.0.1:40000 -> 10.0.0.2:443" (with " in NETNS" for another namespace). */
static void describe(char *buf, size_t cap, const struct conn *c, const struct netns_set *ns)
{
	char local[128], remote[128], label[64];
	const char *proto = c->family == AF_INET6 ? proto_spellings[c->proto].netstat6
						  : proto_spellings[c->proto].netstat;

	(void)addrfmt_endpoint(local, sizeof(local), c->family, &c->local, NULL, NULL);
	(void)addrfmt_endpoint(remote, sizeof(remote), c->family, &c->remote, NULL, NULL);
	if (ns != NULL && c->netns < ns->table.len && !ns->readers[c->netns].own)
		(void)snprintf(buf, cap, "%s %s -> %s in %s", proto, local, remote,
			       netns_label(&ns->table.v[c->netns], label, sizeof(label)));
	else
		(void)snprintf(buf, cap, "%s %s -> %s", proto, local, remote);
}

static void say_failure(struct warnings *w, const struct conn *c, const struct netns_set *ns,
			int err)
{
	char what[384];
	const char *why = destroy_strerror(err);

	describe(what, sizeof(what), c, ns);
	if (why == NULL && err == -ENOTCONN)
		why = "no sock_diag socket could be opened in its namespace";
	if (why != NULL)
		warnings_add(w, "cannot close %s: %s", what, why);
	else
		warnings_add(w, "cannot close %s: %s", what, strerror(-err));
}

void kill_sockets(struct conntable *t, const struct netns_set *ns, bool dry_run, struct warnings *w,
		  struct kill_outcome *out)
{
	struct mnl_socket *own = NULL;
	uint32_t seq = (uint32_t)time(NULL);
	size_t i, kept = 0;

	memset(out, 0, sizeof(*out));
	out->matched = t->len;
	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];
		const struct conn_scope *scope = conntable_scope(t, c->scope);
		struct mnl_socket *nl;
		int err = 0;

		if (!dry_run) {
			nl = socket_for(ns, c->netns, &own, &err);
			if (nl != NULL)
				err = source_destroy(nl, c, scope != NULL ? scope->ifindex : 0,
						     seq++);
			else if (err == 0)
				err = -ENOTCONN;
		}
		if (err != 0) {
			say_failure(w, c, ns, err);
			out->failed++;
			continue;
		}
		t->conns[kept++] = t->conns[i];
		out->closed++;
	}
	t->len = kept;
	source_netlink_socket_close(own);
}
