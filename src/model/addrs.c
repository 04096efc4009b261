/* stub */
#include <errno.h>
#include <string.h>
#include "model/addrs.h"
void addr_table_init(struct addr_table *t) { memset(t, 0, sizeof(*t)); }
void addr_table_free(struct addr_table *t) { addr_table_init(t); }
void addr_table_reset(struct addr_table *t) { t->len = 0; }
int addr_table_add(struct addr_table *t, unsigned netns, int family, const uint8_t *addr,
		   unsigned prefix_len, uint32_t ifindex)
{ (void)t; (void)netns; (void)family; (void)addr; (void)prefix_len; (void)ifindex; return -ENOSYS; }
int addr_table_owner(const struct addr_table *t, int family, const uint8_t *addr)
{ (void)t; (void)family; (void)addr; return ADDR_OWNER_NONE; }
bool addr_is_loopback(int family, const uint8_t *addr) { (void)family; (void)addr; return false; }
bool addr_is_link_local(int family, const uint8_t *addr) { (void)family; (void)addr; return false; }
bool addr_is_wildcard(int family, const uint8_t *addr) { (void)family; (void)addr; return false; }
