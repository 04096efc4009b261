/* nat_flows.c - stub */
#include "lib/compat.h"

#include <errno.h>
#include <string.h>

#include "model/nat_flows.h"

void nat_flow_table_init(struct nat_flow_table *t)
{
	memset(t, 0, sizeof(*t));
}
void nat_flow_table_free(struct nat_flow_table *t)
{
	nat_flow_table_init(t);
}
void nat_flow_table_reset(struct nat_flow_table *t)
{
	t->len = 0;
}
int nat_flow_table_add(struct nat_flow_table *t, const struct nat_flow *f)
{
	(void)t;
	(void)f;
	return -ENOSYS;
}
const struct nat_flow *nat_flow_find_server(const struct nat_flow_table *t, int netns,
					    unsigned proto, int family,
					    const struct endpoint *local,
					    const struct endpoint *remote)
{
	(void)t, (void)netns, (void)proto, (void)family, (void)local, (void)remote;
	return NULL;
}
const struct nat_flow *nat_flow_find_client(const struct nat_flow_table *t, int netns,
					    unsigned proto, int family,
					    const struct endpoint *local,
					    const struct endpoint *remote)
{
	(void)t, (void)netns, (void)proto, (void)family, (void)local, (void)remote;
	return NULL;
}
bool nat_flow_is_mirror(const struct nat_flow *f)
{
	(void)f;
	return true;
}
