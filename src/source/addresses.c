/* stub */
#include <errno.h>
#include <string.h>
#include "source/addresses.h"
void addrs_parser_init(struct addrs_parser *p, struct addr_table *t, unsigned netns)
{ memset(p, 0, sizeof(*p)); p->table = t; p->netns = netns; }
int addrs_parse(struct addrs_parser *p, const void *buf, size_t len) { (void)p; (void)buf; (void)len; return 0; }
struct mnl_socket *source_addrs_socket_open(int *err) { *err = -ENOSYS; return NULL; }
void source_addrs_socket_close(struct mnl_socket *nl) { (void)nl; }
int source_addrs_read(struct mnl_socket *nl, unsigned netns, struct addr_table *t)
{ (void)nl; (void)netns; (void)t; return -ENOSYS; }
