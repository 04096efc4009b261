/*
 * test_conntable_dedup.c - one record per socket: conntable_dedup drops the
 * repeats a dump under churn reports, conntable_union joins two dumps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "model/conntable.h"

static struct conn *add(struct conntable *t, int proto, uint64_t inode, uint16_t lport,
			uint16_t rport, uint8_t state)
{
	struct conn *c = conntable_append(t);

	c->proto = (uint8_t)proto;
	c->family = proto == PROTO_UNIX ? AF_UNIX : AF_INET;
	c->inode = inode;
	if (proto != PROTO_UNIX) {
		c->local.addr[0] = 127, c->local.addr[3] = 1;
		c->local.port = lport;
		c->remote.addr[0] = 127, c->remote.addr[3] = 1;
		c->remote.port = rport;
	}
	c->state = state;
	return c;
}

/* The inodes of the table, in order, as "i1 i2 ..." (ports for inode 0). */
static const char *inodes(const struct conntable *t)
{
	static char buf[512];
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < t->len && off < sizeof(buf) - 32; i++) {
		const struct conn *c = &t->conns[i];
		int n = c->inode != 0
			    ? snprintf(buf + off, sizeof(buf) - off, "%s%llu", i ? " " : "",
				       (unsigned long long)c->inode)
			    : snprintf(buf + off, sizeof(buf) - off, "%s%u>%u/%u", i ? " " : "",
				       c->local.port, c->remote.port, c->state);

		off += (size_t)n;
	}
	return buf;
}

/* A dump that saw sockets twice lists each once, the first sighting, in order. */
static void test_dedup_by_inode(void **state)
{
	struct conntable t;
	(void)state;

	conntable_init(&t);
	add(&t, PROTO_UNIX, 10, 0, 0, US_UNCONNECTED)->unix_flags = UNIX_FLAG_ACCEPTCON;
	add(&t, PROTO_UNIX, 11, 0, 0, US_CONNECTED);
	add(&t, PROTO_UNIX, 10, 0, 0, US_UNCONNECTED); /* the repeat: dropped */
	add(&t, PROTO_TCP, 10, 80, 0, CS_LISTEN);      /* same inode, other protocol: kept */
	add(&t, PROTO_UNIX, 12, 0, 0, US_CONNECTED);
	add(&t, PROTO_UNIX, 11, 0, 0, US_CONNECTED);
	add(&t, PROTO_TCP, 10, 80, 0, CS_LISTEN);
	assert_int_equal(conntable_dedup(&t), 3);
	assert_string_equal(inodes(&t), "10 11 10 12");
	assert_int_equal(t.conns[0].proto, PROTO_UNIX);
	assert_true(t.conns[0].unix_flags & UNIX_FLAG_ACCEPTCON); /* the first one kept */
	assert_int_equal(t.conns[2].proto, PROTO_TCP);
	/* Nothing left to drop. */
	assert_int_equal(conntable_dedup(&t), 0);
	assert_int_equal(t.len, 4);
	/* Inodes past 32 bits (a replay may hold any): compared whole. */
	add(&t, PROTO_UNIX, (uint64_t)1 << 40, 0, 0, US_CONNECTED);
	add(&t, PROTO_UNIX, ((uint64_t)1 << 40) + 1, 0, 0, US_CONNECTED);
	add(&t, PROTO_UNIX, (uint64_t)1 << 40, 0, 0, US_CONNECTED);
	add(&t, PROTO_UNIX, ((uint64_t)1 << 40) | 10, 0, 0, US_CONNECTED);
	assert_int_equal(conntable_dedup(&t), 1);
	assert_string_equal(inodes(&t), "10 11 10 12 1099511627776 1099511627777 1099511627786");
	conntable_free(&t);
}

/*
 * Without an inode: inet sockets by their tuple (a FIN_WAIT2 socket that
 * became TIME_WAIT between two sightings is one connection), unix sockets
 * never (an embryo has no name of its own).
 */
static void test_dedup_without_inode(void **state)
{
	struct conntable t;
	struct conn *c;
	(void)state;

	conntable_init(&t);
	add(&t, PROTO_TCP, 0, 5000, 80, CS_FIN_WAIT2);
	add(&t, PROTO_TCP, 0, 5001, 80, CS_TIME_WAIT);
	add(&t, PROTO_TCP, 0, 5000, 80, CS_TIME_WAIT); /* same tuple: dropped */
	add(&t, PROTO_TCP, 0, 80, 5000, CS_TIME_WAIT); /* the other end: kept */
	c = add(&t, PROTO_TCP, 0, 5001, 80, CS_TIME_WAIT);
	c->family = AF_INET6; /* another family: kept */
	c = add(&t, PROTO_TCP, 0, 5001, 80, CS_TIME_WAIT);
	c->scope = 1;					 /* another interface (VRF): kept */
	add(&t, PROTO_UDP, 0, 5001, 80, CS_ESTABLISHED); /* another protocol: kept */
	add(&t, PROTO_TCP, 7, 5001, 80, CS_ESTABLISHED); /* has an inode: not a tuple */
	add(&t, PROTO_UNIX, 0, 0, 0, US_CONNECTED);
	add(&t, PROTO_UNIX, 0, 0, 0, US_CONNECTED); /* unix without inode: both kept */
	assert_int_equal(conntable_dedup(&t), 1);
	assert_string_equal(inodes(&t), "5000>80/5 5001>80/6 80>5000/6 5001>80/6 5001>80/6 "
					"5001>80/1 7 0>0/3 0>0/3");
	assert_int_equal(t.conns[3].family, AF_INET6);
	assert_int_equal(t.conns[4].scope, 1);
	conntable_free(&t);
}

/*
 * Two dumps: a socket in both is listed once (as the first saw it); one the
 * first missed is added from the second; the second's sockets without an
 * inode are not (a connection closed between the dumps would show twice).
 */
static void test_union(void **state)
{
	struct conntable t;
	size_t second;
	(void)state;

	conntable_init(&t);
	add(&t, PROTO_UNIX, 1, 0, 0, US_UNCONNECTED);
	add(&t, PROTO_TCP, 2, 5000, 80, CS_ESTABLISHED);
	add(&t, PROTO_TCP, 0, 5001, 80, CS_TIME_WAIT);
	add(&t, PROTO_UNIX, 1, 0, 0, US_UNCONNECTED); /* a repeat within the first dump */
	second = t.len;
	add(&t, PROTO_UNIX, 3, 0, 0, US_UNCONNECTED);  /* missed by the first: added */
	add(&t, PROTO_UNIX, 1, 0, 0, US_CONNECTED);    /* in both: the first's record */
	add(&t, PROTO_TCP, 0, 5000, 80, CS_FIN_WAIT1); /* closed meanwhile: not added */
	add(&t, PROTO_TCP, 0, 5002, 80, CS_TIME_WAIT); /* new, without inode: not added */
	add(&t, PROTO_TCP, 0, 5001, 80, CS_TIME_WAIT);
	add(&t, PROTO_TCP, 2, 5000, 80, CS_ESTABLISHED);
	add(&t, PROTO_TCP, 4, 5003, 80, CS_ESTABLISHED); /* new, with an inode: added */
	assert_int_equal(conntable_union(&t, second), 6);
	assert_string_equal(inodes(&t), "1 2 5001>80/6 3 4");
	assert_int_equal(t.conns[0].state, US_UNCONNECTED);
	/* No second dump: the first alone, less its repeats. */
	add(&t, PROTO_UNIX, 3, 0, 0, US_UNCONNECTED);
	assert_int_equal(conntable_union(&t, t.len), 1);
	assert_int_equal(t.len, 5);
	conntable_free(&t);
}

/* At the scale portstat is measured at: every repeat found, order kept. */
static void test_dedup_large(void **state)
{
	struct conntable t;
	size_t i;
	(void)state;

	conntable_init(&t);
	for (i = 0; i < 100000; i++)
		add(&t, i % 2 ? PROTO_TCP : PROTO_UNIX, 1000 + i, (uint16_t)i, 0, 1);
	for (i = 0; i < 100000; i += 1000)
		add(&t, i % 2 ? PROTO_TCP : PROTO_UNIX, 1000 + i, (uint16_t)i, 0, 1);
	assert_int_equal(conntable_dedup(&t), 100);
	assert_int_equal(t.len, 100000);
	for (i = 0; i < t.len; i++)
		assert_int_equal(t.conns[i].inode, 1000 + i);
	conntable_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dedup_by_inode),
	    cmocka_unit_test(test_dedup_without_inode),
	    cmocka_unit_test(test_union),
	    cmocka_unit_test(test_dedup_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
