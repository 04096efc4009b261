/*
 * netns.h - the network namespaces a run lists (-N, --all-netns).
 *
 * A socket's identity includes its network namespace: every record
 * carries the index of its namespace in the run's table (conn.netns, ten
 * bits).  The sources fill the table (source/netns.h discovers and opens
 * the namespaces, a replay reads them from the recording), enrichment adds
 * what it learns (each namespace's ephemeral range; the container behind
 * it), outputs read it.  No I/O here.
 */
#ifndef PORTSTAT_MODEL_NETNS_H
#define PORTSTAT_MODEL_NETNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/container.h"
#include "model/portclass.h"

/* conn.netns holds ten bits. */
#define NETNS_MAX 1024

struct netns {
	uint64_t inode;		 /* of the namespace file (st_ino); 0 when not known */
	pid_t pid;		 /* a process in it (its /proc/PID/net), 0 when none is known */
	char *name;		 /* its `ip netns` name (allocated), or NULL */
	struct port_range range; /* its ephemeral range (enrichment; the default until read) */
	uint32_t reserved;	 /* its ip_local_reserved_ports inside range (enrichment) */
	/* Enrichment (containers): the container behind the namespace (of
	 * the process pid), owned by the run's cache; NULL until named, or
	 * when none is. */
	const struct container_info *container;
	/* Enrichment (interfaces): its interfaces' names by index, read inside
	 * it when the run starts (allocated); NULL when not read. */
	struct netns_ifname *ifnames;
	size_t n_ifnames;
};

/* One interface of a namespace. */
struct netns_ifname {
	uint32_t index;
	char name[16]; /* IF_NAMESIZE, NUL-terminated */
};

struct netns_table {
	struct netns *v;
	size_t len;
	size_t cap;
};

void netns_table_init(struct netns_table *t);
void netns_table_free(struct netns_table *t);

/* The index of the namespace with this inode (non-zero), or -1. */
int netns_table_find(const struct netns_table *t, uint64_t inode);

/*
 * The namespace with this inode, added when new (inode 0 is always new),
 * with the default range; *index receives its index.  NULL when the table
 * holds NETNS_MAX already.
 */
struct netns *netns_table_add(struct netns_table *t, uint64_t inode, size_t *index);

/*
 * The ephemeral range of namespace index (ip_local_port_range is per
 * namespace): t's, else fallback (t NULL: the run read only its own).
 */
const struct port_range *netns_range_of(const struct netns_table *t, unsigned index,
					const struct port_range *fallback);

/* The name of interface index in ns's list, or NULL. */
const char *netns_ifname(const struct netns *ns, uint32_t index);

/* Sets its `ip netns` name (copied), once: the first name found stays. */
void netns_set_name(struct netns *ns, const char *name);

/*
 * The text a namespace is shown by: its `ip netns` name, else its
 * container's name, else "net:[INODE]" (as /proc/PID/ns/net reads), into
 * buf (NUL-terminated, cut at len).  Not escaped: names come from the
 * system.  Returns buf.
 */
const char *netns_label(const struct netns *ns, char *buf, size_t len);

#endif
