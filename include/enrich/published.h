/*
 * published.h - enrichment: the ports published to listeners, and each
 * listener's exposure (issue 17).
 *
 * Three steps, run by the pipeline when exposure or --published is asked:
 *   1. the mappings: NAT rules (the source stage reads them into a
 *      model/nat_map.h table; published_add_rules converts them) and the
 *      userland proxies running here (published_find_proxies: a process
 *      named docker-proxy or rootlesskit, its /proc/PID/cmdline parsed by
 *      proxies.h);
 *   2. published_join: each target address to the namespace that holds it
 *      (model/addrs.h, read per namespace by the source stage; a loopback
 *      target is the rule's or proxy's own namespace), then to the socket
 *      listening there on the target port;
 *   3. exposure_enrich: each listener's word (enrich/exposure.h), published
 *      when step 2 joined a mapping to it.
 */
#ifndef PORTSTAT_ENRICH_PUBLISHED_H
#define PORTSTAT_ENRICH_PUBLISHED_H

#include "lib/warnings.h"
#include "model/addrs.h"
#include "model/conntable.h"
#include "model/nat_flows.h"
#include "model/nat_map.h"
#include "model/netns.h"
#include "model/published.h"

/*
 * Adds every userland proxy under proc_root whose namespace ns holds
 * (ns NULL: the run reads one namespace, index 0).  Returns how many
 * mappings were added.
 */
size_t published_find_proxies(struct published_table *p, const char *proc_root,
			      const struct netns_table *ns);

/* Adds the mappings of one namespace's NAT rules (m), read in namespace netns. */
void published_add_rules(struct published_table *p, const struct nat_map *m, unsigned netns);

/* Joins every mapping of p to its target's namespace and listener in t. */
void published_join(struct published_table *p, const struct addr_table *addrs,
		    const struct conntable *t);

/*
 * Sets the exposure of every Internet listener of t in m (which the caller
 * resets each round): host is the conn.netns of the namespace portstat
 * runs in ("any" for a wildcard there, "namespace" elsewhere).
 * m->published becomes p.
 */
void exposure_enrich(struct socket_notes *m, const struct conntable *t,
		     const struct published_table *p, unsigned host);

/*
 * --nat: notes in m, for every TCP and UDP socket of t that a destination
 * NAT translated (flows: conntrack's, every namespace read), the endpoint
 * the client dialled and the one the packets reached, whichever end the
 * socket is (the client's socket or the server's).
 */
void nat_enrich(struct socket_notes *m, const struct conntable *t,
		const struct nat_flow_table *flows);

#endif
