/*
 * conn_builder.h - appends an Internet socket to a table from text
 * addresses, or a unix socket from its name, for the unit tests that build
 * tables by hand.  Include after <cmocka.h>.
 */
#ifndef PORTSTAT_TEST_CONN_BUILDER_H
#define PORTSTAT_TEST_CONN_BUILDER_H

#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>

#include "model/conntable.h"

static inline struct conn *add_inet(struct conntable *t, int proto, int family, const char *laddr,
				    uint16_t lport, const char *raddr, uint16_t rport, int state)
{
	struct conn *c = conntable_append(t);

	c->proto = (uint8_t)proto;
	c->family = (uint8_t)family;
	c->state = (uint8_t)state;
	assert_int_equal(inet_pton(family, laddr, c->local.addr), 1);
	assert_int_equal(inet_pton(family, raddr, c->remote.addr), 1);
	c->local.port = lport;
	c->remote.port = rport;
	return c;
}

/* A unix socket of type (SOCK_*) and state (enum unix_state) named path[0..len), or unnamed. */
static inline struct conn *add_unix_named(struct conntable *t, int type, int state,
					  const char *path, size_t len)
{
	struct conn *c = conntable_append(t);

	c->proto = PROTO_UNIX;
	c->family = AF_UNIX;
	c->state = (uint8_t)state;
	c->unix_type = (uint16_t)type;
	c->path = len ? conntable_intern(t, path, len) : 0;
	c->path_len = (uint32_t)len;
	return c;
}

#endif
