/*
 * test_conntable_merge.c - conntable_merge appends a table to another with
 * every reference into it rebased: pool offsets (unix paths, users,
 * owners, interface and host names), interfaces, owners, labels and the
 * -i/-m side table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "model/conntable_merge.h"
#include "model/tcp_info.h"
#include "conn_builder.h"

/* A table of one namespace as the netlink source leaves it, with -i and -m. */
struct side {
	struct conntable t;
	struct sock_internals in;
};

static void side_init(struct side *s)
{
	conntable_init(&s->t);
	sock_internals_init(&s->in);
	s->in.want_info = true;
	s->in.want_memory = true;
	s->t.internals = &s->in;
}

static void side_free(struct side *s)
{
	conntable_free(&s->t);
	sock_internals_free(&s->in);
}

/* An inet socket of namespace ns bound to ifindex, with tcp_info rtt and memory rcvbuf. */
static struct conn *add_tcp(struct side *s, unsigned ns, uint64_t inode, uint16_t lport,
			    uint32_t ifindex, uint32_t rtt, uint32_t rcvbuf)
{
	struct conn *c =
	    add_inet(&s->t, PROTO_TCP, AF_INET6, "fe80::1", lport, "fe80::2", 443, CS_ESTABLISHED);
	struct sock_internals_entry *e;

	c->inode = inode;
	c->netns = (uint16_t)ns & 0x3ff;
	c->scope = conntable_add_scope(&s->t, ns, ifindex);
	e = sock_internals_add(&s->in, c);
	assert_non_null(e);
	e->tcp.lo[TCPI_RTT_US] = rtt;
	e->tcp.present = 1u << TCPI_RTT_US;
	(void)strcpy(e->tcp.cong, "cubic");
	e->has_tcp_info = true;
	s->in.mem[e - s->in.v].v[SKMEM_RCVBUF] = rcvbuf;
	s->in.mem[e - s->in.v].present = 1u << SKMEM_RCVBUF;
	e->has_memory = true;
	return c;
}

static struct conn *add_path(struct side *s, unsigned ns, uint64_t inode, const char *path,
			     size_t len)
{
	struct conn *c = add_unix_named(&s->t, SOCK_STREAM, US_CONNECTED, path, len);

	c->inode = inode;
	c->netns = (uint16_t)ns & 0x3ff;
	return c;
}

static void check_internals(const struct conntable *t, const struct conn *c, uint32_t rtt,
			    uint32_t rcvbuf)
{
	const struct sock_internals_entry *e = sock_internals_lookup(t->internals, c);
	const struct sk_meminfo *m;

	assert_non_null(e);
	assert_true(e->has_tcp_info);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_RTT_US), rtt);
	assert_string_equal(e->tcp.cong, "cubic");
	m = sock_internals_memory(t->internals, e);
	assert_non_null(m);
	assert_int_equal(m->v[SKMEM_RCVBUF], rcvbuf);
}

static void check_scope(const struct conntable *t, const struct conn *c, unsigned ns,
			uint32_t ifindex, const char *name)
{
	const struct conn_scope *s = conntable_scope(t, c->scope);

	assert_non_null(s);
	assert_int_equal(s->netns, ns);
	assert_int_equal(s->ifindex, ifindex);
	assert_string_equal(conntable_str(t, s->name), name);
}

/* Two namespaces' tables joined: every record and what it refers to, as in its own table. */
static void test_merge_rebases_everything(void **state)
{
	static const char abstract[] = "@a\0b";
	struct side a, b;
	struct conn *c;
	uint32_t o;
	uint8_t addr[16] = {0xfe, 0x80, [15] = 2};
	(void)state;

	side_init(&a);
	side_init(&b);
	/* Namespace 0: a unix path, a bound TCP socket, a user and an owner. */
	add_path(&a, 0, 100, "/run/a.sock", 11);
	c = add_tcp(&a, 0, 101, 1000, 3, 11, 1100);
	c->user = conntable_intern(&a.t, "alice", 5);
	o = conntable_add_owner(&a.t, 10, conntable_intern(&a.t, "sshd", 4), 0);
	c = &a.t.conns[1];
	c->owner_first = o;
	c->owner_count = 1;
	a.t.scopes[c->scope - 1].name = conntable_intern(&a.t, "eth0", 4);

	/* Namespace 1: a name with a NUL, the same ifindex as namespace 0's and another,
	 * an orphan (no inode) keyed by its endpoints, labels. */
	add_path(&b, 1, 200, abstract, sizeof(abstract) - 1);
	c = add_tcp(&b, 1, 201, 2000, 3, 22, 2200);
	c->user = conntable_intern(&b.t, "bob", 3);
	b.t.scopes[c->scope - 1].name = conntable_intern(&b.t, "veth1", 5);
	o = conntable_add_owner(&b.t, 20, conntable_intern(&b.t, "nginx", 5),
				conntable_intern(&b.t, "web.service", 11));
	b.t.owners[o].command = conntable_intern(&b.t, "nginx: worker", 13);
	c = &b.t.conns[1];
	c->owner_first = o;
	c->owner_count = 1;
	add_tcp(&b, 1, 0, 2001, 7, 33, 3300);
	b.t.scopes[1].name = conntable_intern(&b.t, "wg0", 3);
	conntable_label_host(&b.t, AF_INET6, addr, "peer.example", 12);
	conntable_label_port(&b.t, PROTO_TCP, 443, "https");

	conntable_merge(&a.t, &b.t);

	assert_int_equal(a.t.len, 5);
	/* Namespace 0 untouched. */
	c = &a.t.conns[0];
	assert_int_equal(c->inode, 100);
	assert_int_equal(c->path_len, 11);
	assert_memory_equal(conntable_str(&a.t, c->path), "/run/a.sock", 12);
	c = &a.t.conns[1];
	check_scope(&a.t, c, 0, 3, "eth0");
	assert_string_equal(conntable_str(&a.t, c->user), "alice");
	assert_string_equal(conntable_str(&a.t, a.t.owners[c->owner_first].comm), "sshd");
	check_internals(&a.t, c, 11, 1100);

	/* Namespace 1's unix name, whole, NUL included. */
	c = &a.t.conns[2];
	assert_int_equal(c->inode, 200);
	assert_int_equal(c->netns, 1);
	assert_int_equal(c->path_len, sizeof(abstract) - 1);
	assert_memory_equal(conntable_str(&a.t, c->path), abstract, sizeof(abstract));
	/* Its socket on ifindex 3 is namespace 1's interface, not namespace 0's. */
	c = &a.t.conns[3];
	assert_int_equal(c->inode, 201);
	assert_int_equal(c->local.port, 2000);
	check_scope(&a.t, c, 1, 3, "veth1");
	assert_int_not_equal(c->scope, a.t.conns[1].scope);
	assert_string_equal(conntable_str(&a.t, c->user), "bob");
	assert_int_equal(c->owner_count, 1);
	assert_int_equal(a.t.owners[c->owner_first].pid, 20);
	assert_string_equal(conntable_str(&a.t, a.t.owners[c->owner_first].comm), "nginx");
	assert_string_equal(conntable_str(&a.t, a.t.owners[c->owner_first].unit), "web.service");
	assert_string_equal(conntable_str(&a.t, a.t.owners[c->owner_first].command),
			    "nginx: worker");
	check_internals(&a.t, c, 22, 2200);
	/* The orphan: found again by its endpoints and namespace. */
	c = &a.t.conns[4];
	assert_int_equal(c->inode, 0);
	assert_int_equal(c->local.port, 2001);
	check_scope(&a.t, c, 1, 7, "wg0");
	check_internals(&a.t, c, 33, 3300);
	assert_int_equal(a.t.internals->len, 3);
	assert_int_equal(a.t.scopes_len, 3);
	assert_int_equal(a.t.owners_len, 2);
	/* Labels. */
	assert_non_null(conntable_host_label(&a.t, AF_INET6, addr));
	assert_string_equal(conntable_host_label(&a.t, AF_INET6, addr), "peer.example");
	assert_string_equal(conntable_port_label(&a.t, PROTO_TCP, 443), "https");
	/* The source is left as it was. */
	assert_int_equal(b.t.len, 3);
	assert_int_equal(b.t.conns[1].scope, 1);
	side_free(&a);
	side_free(&b);
}

/* An empty table merged, or merged into: nothing lost, nothing invented. */
static void test_merge_empty(void **state)
{
	struct side a, b;
	struct conn *c;
	(void)state;

	side_init(&a);
	side_init(&b);
	conntable_merge(&a.t, &b.t);
	assert_int_equal(a.t.len, 0);
	assert_int_equal(a.t.internals->len, 0);
	add_path(&b, 2, 7, "/x", 2);
	add_tcp(&b, 2, 8, 80, 0, 1, 2);
	conntable_merge(&a.t, &b.t);
	assert_int_equal(a.t.len, 2);
	c = &a.t.conns[0];
	assert_memory_equal(conntable_str(&a.t, c->path), "/x", 3);
	c = &a.t.conns[1];
	assert_int_equal(c->scope, 0);
	check_internals(&a.t, c, 1, 2);
	side_free(&a);
	side_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_merge_rebases_everything),
	    cmocka_unit_test(test_merge_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
