/*
 * published.c - published ports joined to listeners, and exposure
 * (enrich/published.h).
 */
#include "lib/compat.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "enrich/exposure.h"
#include "enrich/proxies.h"
#include "enrich/published.h"
#include "lib/number.h"
#include "lib/procfile.h"
#include "lib/xmalloc.h"

/* A forwarder's command line: Docker's is a few hundred bytes; longer is cut. */
#define CMDLINE_MAX ((size_t)64 << 10)
/* rootlesskit may publish many ports on one command line. */
#define PROXY_MAPS_MAX 64

/* The forwarders by comm (cut at 15 bytes by the kernel). */
static bool proxy_comm(const char *comm, size_t n)
{
	return (n == 12 && memcmp(comm, "docker-proxy", 12) == 0) ||
	       (n >= 11 && memcmp(comm, "rootlesskit", 11) == 0);
}

/* The namespace of the process open as pidfd: its index in ns, 0 when ns is NULL, -1 unknown. */
static int process_netns(int pidfd, const struct netns_table *ns)
{
	struct stat st;

	if (ns == NULL)
		return 0;
	if (fstatat(pidfd, "ns/net", &st, 0) != 0)
		return -1;
	return netns_table_find(ns, (uint64_t)st.st_ino);
}

static size_t add_proxy(struct published_table *p, int pidfd, pid_t pid, unsigned netns, char *buf)
{
	struct proxy_map maps[PROXY_MAPS_MAX];
	enum proxy_kind kind;
	ssize_t got = procfile_read_at(pidfd, "cmdline", buf, CMDLINE_MAX);
	size_t n, i;

	if (got <= 0)
		return 0;
	n = proxies_parse_cmdline(buf, (size_t)got, maps, PROXY_MAPS_MAX, &kind);
	for (i = 0; i < n; i++) {
		struct published e;

		memset(&e, 0, sizeof(e));
		e.proto = maps[i].proto;
		e.via = PUBLISHED_PROXY;
		e.host_family = maps[i].host_family;
		e.host_prefix = maps[i].host_family == AF_INET ? 32 : 128;
		memcpy(e.host_addr, maps[i].host_addr, sizeof(e.host_addr));
		e.host_port_lo = e.host_port_hi = maps[i].host_port;
		e.netns = (uint16_t)netns;
		e.target_family = maps[i].target_family;
		memcpy(e.target_addr, maps[i].target_addr, sizeof(e.target_addr));
		e.target_port_lo = e.target_port_hi = maps[i].target_port;
		e.proxy_pid = pid;
		e.target_netns = -1;
		(void)published_table_add(p, &e);
	}
	return n;
}

size_t published_find_proxies(struct published_table *p, const char *proc_root,
			      const struct netns_table *ns)
{
	DIR *d = opendir(proc_root);
	struct dirent *de;
	char *buf, comm[64];
	size_t added = 0;
	int rootfd;

	if (d == NULL)
		return 0;
	rootfd = dirfd(d);
	buf = xmalloc(CMDLINE_MAX);
	while ((de = readdir(d)) != NULL) {
		long long pid;
		ssize_t n;
		int pidfd, netns;

		if (de->d_name[0] < '1' || de->d_name[0] > '9' ||
		    number_parse(de->d_name, strlen(de->d_name), 1, INT_MAX, &pid) != 0)
			continue;
		pidfd = openat(rootfd, de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pidfd < 0)
			continue;
		n = procfile_read_at(pidfd, "comm", comm, sizeof(comm));
		if (n > 0 && comm[n - 1] == '\n')
			n--;
		/* A proxy in a namespace this run does not read forwards nothing listed. */
		if (n > 0 && proxy_comm(comm, (size_t)n) && (netns = process_netns(pidfd, ns)) >= 0)
			added += add_proxy(p, pidfd, (pid_t)pid, (unsigned)netns, buf);
		(void)close(pidfd);
	}
	free(buf);
	(void)closedir(d);
	return added;
}

static void copy_nat_addr(uint8_t *family, uint8_t *prefix, uint8_t addr[16],
			  const struct nat_addr *a)
{
	*family = a->family;
	*prefix = a->prefix;
	memcpy(addr, a->addr, 16);
}

void published_add_rules(struct published_table *p, const struct nat_map *m, unsigned netns)
{
	size_t i;

	for (i = 0; i < m->len; i++) {
		const struct nat_mapping *r = &m->v[i];
		struct published e;

		memset(&e, 0, sizeof(e));
		e.proto = r->proto == IPPROTO_UDP ? PROTO_UDP : PROTO_TCP;
		e.via = r->mechanism == NAT_REDIRECT ? PUBLISHED_REDIRECT : PUBLISHED_DNAT;
		copy_nat_addr(&e.host_family, &e.host_prefix, e.host_addr, &r->daddr);
		if (e.host_family == 0) /* any address: shown as the rule's family's wildcard */
			e.host_family = r->family;
		e.host_port_lo = r->dport_lo;
		e.host_port_hi = r->dport_hi;
		(void)strlcpy(e.iif, r->iif, sizeof(e.iif));
		e.iif_negated = r->iif_negated;
		e.netns = (uint16_t)netns;
		if (r->mechanism == NAT_REDIRECT) {
			e.target_family = AF_UNSPEC;
		} else {
			uint8_t prefix;

			copy_nat_addr(&e.target_family, &prefix, e.target_addr, &r->to);
		}
		e.target_port_lo = r->to_port_lo;
		e.target_port_hi = r->to_port_hi;
		e.target_netns = -1;
		(void)published_table_add(p, &e);
	}
}

/* The namespace a mapping reaches: where its target address lives. */
static int target_netns(const struct published *e, const struct addr_table *addrs)
{
	int owner;

	/* REDIRECT goes to the rule's own namespace; rootlesskit to its child's, not known. */
	if (e->target_family == AF_UNSPEC)
		return e->via == PUBLISHED_REDIRECT ? (int)e->netns : ADDR_OWNER_NONE;
	/* Every namespace has a loopback: a loopback target is the forwarder's own. */
	if (addr_is_loopback(e->target_family, e->target_addr))
		return (int)e->netns;
	owner = addrs != NULL ? addr_table_owner(addrs, e->target_family, e->target_addr)
			      : ADDR_OWNER_NONE;
	return owner;
}

/* Whether listener c answers a packet for the target of e in its namespace. */
static bool answers(const struct conn *c, const struct published *e)
{
	size_t n;

	if (c->proto != e->proto || c->local.port < e->target_port_lo ||
	    c->local.port > e->target_port_hi)
		return false;
	if (e->target_family == AF_UNSPEC || endpoint_addr_is_any(&c->local, c->family))
		/* A [::] listener takes IPv4 too unless IPV6_V6ONLY: not known here, assumed. */
		return c->family == e->target_family || c->family == AF_INET6 ||
		       e->target_family == AF_UNSPEC;
	if (c->family == e->target_family) {
		n = c->family == AF_INET ? 4 : 16;
		return memcmp(c->local.addr, e->target_addr, n) == 0;
	}
	return false;
}

void published_join(struct published_table *p, const struct addr_table *addrs,
		    const struct conntable *t)
{
	size_t i, k, *listeners = NULL, nl = 0;

	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];

		if (conn_has_ports(c) && conn_is_listening(c) && c->inode != 0) {
			listeners = xreallocarray(listeners, nl + 1, sizeof(*listeners));
			listeners[nl++] = i;
		}
	}
	for (k = 0; k < p->len; k++) {
		struct published *e = &p->v[k];

		e->target_netns = target_netns(e, addrs);
		e->listener_inode = 0;
		for (i = 0; i < nl && e->target_netns >= 0; i++) {
			const struct conn *c = &t->conns[listeners[i]];

			if ((int)c->netns == e->target_netns && answers(c, e)) {
				e->listener_inode = c->inode;
				break;
			}
		}
	}
	free(listeners);
}

void exposure_enrich(struct socket_notes *m, const struct conntable *t,
		     const struct published_table *p, unsigned host)
{
	size_t i, k;

	m->published = p;
	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];
		bool published = false;

		if (!conn_has_ports(c) || !conn_is_listening(c) || c->inode == 0)
			continue;
		for (k = 0; p != NULL && k < p->len && !published; k++)
			published = p->v[k].listener_inode == c->inode;
		socket_notes_set_exposure(
		    m, c->inode,
		    exposure_of(c->family, c->local.addr, c->netns == host, published));
	}
}

void nat_enrich(struct socket_notes *m, const struct conntable *t,
		const struct nat_flow_table *flows)
{
	size_t i;

	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];
		unsigned proto = c->proto == PROTO_UDP ? IPPROTO_UDP : IPPROTO_TCP;
		const struct nat_flow *f;

		if (c->inode == 0 || (c->proto != PROTO_TCP && c->proto != PROTO_UDP) ||
		    conn_is_listening(c))
			continue;
		/* The server's socket sees the reply direction; the client's the original. */
		f = nat_flow_find_server(flows, NAT_FLOW_ANY_NETNS, proto, c->family, &c->local,
					 &c->remote);
		if (f == NULL)
			f = nat_flow_find_client(flows, NAT_FLOW_ANY_NETNS, proto, c->family,
						 &c->local, &c->remote);
		if (f != NULL && (f->nat & NAT_FLOW_DNAT))
			socket_notes_set_nat(m, c->inode, f->family, &f->orig.dst, &f->reply.src);
	}
}
