/* conntrack.c - stub */
#include "lib/compat.h"

#include <errno.h>
#include <string.h>

#include "source/conntrack.h"

void conntrack_parser_init(struct conntrack_parser *p, struct nat_flow_table *t, unsigned netns)
{
	memset(p, 0, sizeof(*p));
	p->table = t;
	p->netns = netns;
}
int conntrack_parse(struct conntrack_parser *p, const void *buf, size_t len)
{
	(void)p, (void)buf, (void)len;
	return 0;
}
int conntrack_error(int err)
{
	return err;
}
int source_conntrack_read(struct mnl_socket *nfnl, unsigned netns, struct nat_flow_table *t)
{
	(void)nfnl, (void)netns, (void)t;
	return -ENOSYS;
}
