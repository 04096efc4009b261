/*
 * display_names.h - the names the rows that print are shown with: the
 * service name of each endpoint's port and the host name of each address,
 * recorded in the table (model/labels.h) for output to render.
 *
 * Runs after the filter, over the rows that print only.
 */
#ifndef PORTSTAT_ENRICH_DISPLAY_NAMES_H
#define PORTSTAT_ENRICH_DISPLAY_NAMES_H

#include "enrich/resolver.h"
#include "enrich/services.h"
#include "model/conntable.h"
#include "model/portclass.h"

/*
 * Names the ports of every Internet endpoint of t (raw sockets and port 0
 * excepted) from the services database.  A port in the host's ephemeral
 * range is never named: the kernel picked it, and any name the services
 * file gives it is a coincidence (ss's rule).
 */
void display_names_ports(struct conntable *t, const struct services *svc,
			 const struct port_range *ephemeral);

/* Records the host names the resolver knows for the addresses of t. */
void display_names_hosts(struct conntable *t, const struct resolver *r);

#endif
