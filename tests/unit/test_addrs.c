/*
 * test_addrs.c - a namespace's addresses: the RTM_GETADDR reply decoder
 * (source/addresses.h) on recorded bytes built here as the kernel lays
 * them out (IPv4 with IFA_LOCAL and IFA_ADDRESS, IPv6 with IFA_ADDRESS
 * only, a point-to-point peer, attributes of the wrong size, truncated
 * and foreign messages, a kernel error), the model's table and its
 * "which namespace owns this address" (model/addrs.h), the kinds of
 * address, and one live dump of the caller's namespace.
 */
#define _GNU_SOURCE /* unshare */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "model/addrs.h"
#include "model/netns.h"
#include "source/addresses.h"
#include "source/netns.h"
#include "fixtures.h"

#define SEQ 77

/* A reply stream under construction. */
struct stream {
	uint8_t buf[4096];
	size_t len;
};

static void put_attr(struct stream *s, unsigned type, const void *data, size_t len)
{
	struct nlattr a;

	a.nla_len = (uint16_t)(NLA_HDRLEN + len);
	a.nla_type = (uint16_t)type;
	memcpy(s->buf + s->len, &a, sizeof(a));
	memcpy(s->buf + s->len + NLA_HDRLEN, data, len);
	s->len += NLA_ALIGN(NLA_HDRLEN + len);
}

/* Starts a message; returns its offset, finished by end_msg. */
static size_t begin_msg(struct stream *s, unsigned type, uint32_t seq)
{
	struct nlmsghdr h;
	size_t at = s->len;

	memset(&h, 0, sizeof(h));
	h.nlmsg_type = (uint16_t)type;
	h.nlmsg_flags = NLM_F_MULTI;
	h.nlmsg_seq = seq;
	memcpy(s->buf + at, &h, sizeof(h));
	s->len += NLMSG_HDRLEN;
	return at;
}

static void end_msg(struct stream *s, size_t at)
{
	uint32_t len = (uint32_t)(s->len - at);

	memcpy(s->buf + at + offsetof(struct nlmsghdr, nlmsg_len), &len, sizeof(len));
}

/* An RTM_NEWADDR: local and address may be NULL (attribute left out). */
static void put_addr(struct stream *s, int family, unsigned prefix, uint32_t ifindex,
		     const char *local, const char *address)
{
	struct ifaddrmsg ifa;
	uint8_t bytes[16];
	size_t n = family == AF_INET ? 4 : 16;
	size_t at = begin_msg(s, RTM_NEWADDR, SEQ);

	memset(&ifa, 0, sizeof(ifa));
	ifa.ifa_family = (uint8_t)family;
	ifa.ifa_prefixlen = (uint8_t)prefix;
	ifa.ifa_index = ifindex;
	memcpy(s->buf + s->len, &ifa, sizeof(ifa));
	s->len += NLMSG_ALIGN(sizeof(ifa));
	if (address != NULL) {
		assert_int_equal(inet_pton(family, address, bytes), 1);
		put_attr(s, IFA_ADDRESS, bytes, n);
	}
	if (local != NULL) {
		assert_int_equal(inet_pton(family, local, bytes), 1);
		put_attr(s, IFA_LOCAL, bytes, n);
	}
	end_msg(s, at);
}

static void put_done(struct stream *s, int32_t err)
{
	size_t at = begin_msg(s, NLMSG_DONE, SEQ);

	memcpy(s->buf + s->len, &err, sizeof(err));
	s->len += sizeof(err);
	end_msg(s, at);
}

static const uint8_t *bytes_of(int family, const char *text)
{
	static uint8_t b[16];

	memset(b, 0, sizeof(b));
	assert_int_equal(inet_pton(family, text, b), 1);
	return b;
}

static void assert_entry(const struct ns_addr *a, unsigned netns, int family, const char *text,
			 unsigned prefix, uint32_t ifindex)
{
	assert_int_equal(a->netns, netns);
	assert_int_equal(a->family, family);
	assert_memory_equal(a->addr, bytes_of(family, text), 16);
	assert_int_equal(a->prefix_len, prefix);
	assert_int_equal(a->ifindex, ifindex);
}

/* A dump as the kernel sends it: each address once, then NLMSG_DONE. */
static void test_parse_dump(void **state)
{
	struct stream s = {.len = 0};
	struct addr_table t;
	struct addrs_parser p;
	(void)state;

	put_addr(&s, AF_INET, 8, 1, "127.0.0.1", "127.0.0.1");
	/* A NOOP message between two addresses is passed over. */
	end_msg(&s, begin_msg(&s, NLMSG_NOOP, SEQ));
	put_addr(&s, AF_INET, 16, 5, "172.17.0.2", "172.17.0.2");
	/* Point-to-point: IFA_ADDRESS is the peer, IFA_LOCAL ours. */
	put_addr(&s, AF_INET, 32, 6, "10.0.0.1", "10.0.0.2");
	put_addr(&s, AF_INET6, 128, 1, NULL, "::1");
	put_addr(&s, AF_INET6, 64, 5, NULL, "fd00::2");
	put_addr(&s, AF_INET6, 64, 5, NULL, "fe80::42:acff:fe11:2");
	put_done(&s, 0);
	/* Past NLMSG_DONE: another dump's, not read. */
	put_addr(&s, AF_INET, 24, 9, "192.0.2.1", "192.0.2.1");

	addr_table_init(&t);
	addrs_parser_init(&p, &t, 3);
	p.check_ids = true;
	p.seq = SEQ;
	assert_int_equal(addrs_parse(&p, s.buf, s.len), 0);
	assert_true(p.done);
	assert_int_equal(p.kernel_error, 0);
	assert_int_equal(p.added, 6);
	assert_int_equal(t.len, 6);
	assert_entry(&t.v[0], 3, AF_INET, "127.0.0.1", 8, 1);
	assert_entry(&t.v[1], 3, AF_INET, "172.17.0.2", 16, 5);
	assert_entry(&t.v[2], 3, AF_INET, "10.0.0.1", 32, 6);
	assert_entry(&t.v[3], 3, AF_INET6, "::1", 128, 1);
	assert_entry(&t.v[4], 3, AF_INET6, "fd00::2", 64, 5);
	assert_entry(&t.v[5], 3, AF_INET6, "fe80::42:acff:fe11:2", 64, 5);
	addr_table_free(&t);
}

/* Messages that carry no usable address are skipped, not guessed at. */
static void test_skips(void **state)
{
	struct stream s = {.len = 0};
	struct addr_table t;
	struct addrs_parser p;
	uint8_t three[3] = {10, 0, 0};
	size_t at;
	struct ifaddrmsg ifa;
	(void)state;

	/* An IPv4 address attribute of 3 bytes. */
	at = begin_msg(&s, RTM_NEWADDR, SEQ);
	memset(&ifa, 0, sizeof(ifa));
	ifa.ifa_family = AF_INET;
	ifa.ifa_prefixlen = 8;
	ifa.ifa_index = 2;
	memcpy(s.buf + s.len, &ifa, sizeof(ifa));
	s.len += sizeof(ifa);
	put_attr(&s, IFA_LOCAL, three, sizeof(three));
	end_msg(&s, at);
	/* A prefix longer than the address. */
	put_addr(&s, AF_INET, 33, 2, "10.0.0.1", "10.0.0.1");
	put_addr(&s, AF_INET6, 129, 2, NULL, "fd00::1");
	/* No address attribute at all. */
	put_addr(&s, AF_INET, 8, 2, NULL, NULL);
	/* Another family (AF_UNIX in an ifaddrmsg), another message type. */
	at = begin_msg(&s, RTM_NEWADDR, SEQ);
	ifa.ifa_family = AF_UNIX;
	memcpy(s.buf + s.len, &ifa, sizeof(ifa));
	s.len += sizeof(ifa);
	end_msg(&s, at);
	at = begin_msg(&s, RTM_NEWLINK, SEQ);
	end_msg(&s, at);
	/* A message too short for its ifaddrmsg. */
	at = begin_msg(&s, RTM_NEWADDR, SEQ);
	end_msg(&s, at);
	put_addr(&s, AF_INET, 24, 4, "192.0.2.7", "192.0.2.7");

	addr_table_init(&t);
	addrs_parser_init(&p, &t, 0);
	assert_int_equal(addrs_parse(&p, s.buf, s.len), 0);
	assert_false(p.done);
	assert_int_equal(p.skipped, 7);
	assert_int_equal(t.len, 1);
	assert_entry(&t.v[0], 0, AF_INET, "192.0.2.7", 24, 4);
	addr_table_free(&t);
}

static void test_truncated_and_foreign(void **state)
{
	struct stream s = {.len = 0};
	struct addr_table t;
	struct addrs_parser p;
	uint32_t bad;
	size_t i;
	(void)state;

	put_addr(&s, AF_INET, 16, 5, "172.17.0.2", "172.17.0.2");
	addr_table_init(&t);
	/* Every cut inside the message: an error, nothing past the cut read. */
	for (i = 1; i < s.len; i++) {
		addrs_parser_init(&p, &t, 0);
		assert_int_equal(addrs_parse(&p, s.buf, i), -EBADMSG);
	}
	/* A length that runs past the buffer, and one shorter than a header. */
	bad = (uint32_t)s.len + 4;
	memcpy(s.buf, &bad, sizeof(bad));
	addrs_parser_init(&p, &t, 0);
	assert_int_equal(addrs_parse(&p, s.buf, s.len), -EBADMSG);
	bad = 8;
	memcpy(s.buf, &bad, sizeof(bad));
	addrs_parser_init(&p, &t, 0);
	assert_int_equal(addrs_parse(&p, s.buf, s.len), -EBADMSG);
	/* Another sequence number in a live dump. */
	s.len = 0;
	put_addr(&s, AF_INET, 16, 5, "172.17.0.2", "172.17.0.2");
	addrs_parser_init(&p, &t, 0);
	p.check_ids = true;
	p.seq = SEQ + 1;
	assert_int_equal(addrs_parse(&p, s.buf, s.len), -EPROTO);
	/* An empty stream is no error. */
	addrs_parser_init(&p, &t, 0);
	assert_int_equal(addrs_parse(&p, s.buf, 0), 0);
	/* Truncated cases added nothing; the last, good, stream was not decoded. */
	assert_int_equal(t.len, 0);
	addr_table_free(&t);
}

static void test_kernel_error(void **state)
{
	struct stream s = {.len = 0};
	struct addr_table t;
	struct addrs_parser p;
	struct nlmsgerr e;
	size_t at;
	(void)state;

	at = begin_msg(&s, NLMSG_ERROR, SEQ);
	memset(&e, 0, sizeof(e));
	e.error = -EPERM;
	memcpy(s.buf + s.len, &e, sizeof(e));
	s.len += sizeof(e);
	end_msg(&s, at);
	addr_table_init(&t);
	addrs_parser_init(&p, &t, 0);
	assert_int_equal(addrs_parse(&p, s.buf, s.len), 0);
	assert_true(p.done);
	assert_int_equal(p.kernel_error, -EPERM);
	/* A DONE carrying an error; a nonsense error number is kept in range. */
	s.len = 0;
	put_done(&s, -EINTR);
	addrs_parser_init(&p, &t, 0);
	assert_int_equal(addrs_parse(&p, s.buf, s.len), 0);
	assert_int_equal(p.kernel_error, -EINTR);
	s.len = 0;
	put_done(&s, INT32_MIN);
	addrs_parser_init(&p, &t, 0);
	assert_int_equal(addrs_parse(&p, s.buf, s.len), 0);
	assert_int_equal(p.kernel_error, -EPROTO);
	assert_int_equal(t.len, 0);
	addr_table_free(&t);
}

static void add(struct addr_table *t, unsigned ns, int family, const char *text)
{
	assert_int_equal(
	    addr_table_add(t, ns, family, bytes_of(family, text), family == AF_INET ? 24 : 64, 2),
	    0);
}

static int owner(const struct addr_table *t, int family, const char *text)
{
	return addr_table_owner(t, family, bytes_of(family, text));
}

static void test_owner(void **state)
{
	struct addr_table t;
	(void)state;

	addr_table_init(&t);
	assert_int_equal(owner(&t, AF_INET, "172.17.0.2"), ADDR_OWNER_NONE);
	add(&t, 0, AF_INET, "127.0.0.1");
	add(&t, 0, AF_INET, "192.0.2.1");
	add(&t, 0, AF_INET, "172.17.0.1");
	add(&t, 0, AF_INET6, "::1");
	add(&t, 1, AF_INET, "127.0.0.1");
	add(&t, 1, AF_INET, "172.17.0.2");
	add(&t, 1, AF_INET6, "::1");
	add(&t, 1, AF_INET6, "fd00::2");
	add(&t, 1, AF_INET6, "fe80::1");
	add(&t, 2, AF_INET6, "fe80::1");
	add(&t, 2, AF_INET, "169.254.1.1");
	/* The same address on two interfaces of one namespace: still one owner. */
	add(&t, 2, AF_INET, "10.0.2.100");
	add(&t, 2, AF_INET, "10.0.2.100");
	/* The same address in two namespaces (slirp4netns gives each 10.0.2.100). */
	add(&t, 3, AF_INET, "10.0.2.200");
	add(&t, 4, AF_INET, "10.0.2.200");

	assert_int_equal(owner(&t, AF_INET, "172.17.0.2"), 1);
	assert_int_equal(owner(&t, AF_INET, "172.17.0.1"), 0);
	assert_int_equal(owner(&t, AF_INET, "192.0.2.1"), 0);
	assert_int_equal(owner(&t, AF_INET6, "fd00::2"), 1);
	assert_int_equal(owner(&t, AF_INET, "10.0.2.100"), 2);
	assert_int_equal(owner(&t, AF_INET, "10.0.2.200"), ADDR_OWNER_AMBIGUOUS);
	/* IPv4-mapped: looked up as IPv4. */
	assert_int_equal(owner(&t, AF_INET6, "::ffff:172.17.0.2"), 1);
	/* Loopback and link-local belong to no one, even held once. */
	assert_int_equal(owner(&t, AF_INET, "127.0.0.1"), ADDR_OWNER_NONE);
	assert_int_equal(owner(&t, AF_INET6, "::1"), ADDR_OWNER_NONE);
	assert_int_equal(owner(&t, AF_INET6, "::ffff:127.0.0.1"), ADDR_OWNER_NONE);
	assert_int_equal(owner(&t, AF_INET6, "fe80::1"), ADDR_OWNER_NONE);
	assert_int_equal(owner(&t, AF_INET, "169.254.1.1"), ADDR_OWNER_NONE);
	/* Unknown, and the wrong family for the bytes. */
	assert_int_equal(owner(&t, AF_INET, "198.51.100.1"), ADDR_OWNER_NONE);
	assert_int_equal(owner(&t, AF_INET6, "fd00::3"), ADDR_OWNER_NONE);
	assert_int_equal(addr_table_owner(&t, AF_UNIX, bytes_of(AF_INET, "172.17.0.2")),
			 ADDR_OWNER_NONE);
	addr_table_reset(&t);
	assert_int_equal(t.len, 0);
	assert_int_equal(owner(&t, AF_INET, "172.17.0.2"), ADDR_OWNER_NONE);
	addr_table_free(&t);
}

static void test_add_refuses(void **state)
{
	struct addr_table t;
	const uint8_t *a = bytes_of(AF_INET6, "fd00::1");
	(void)state;

	addr_table_init(&t);
	assert_int_equal(addr_table_add(&t, 0, AF_UNIX, a, 0, 1), -EINVAL);
	assert_int_equal(addr_table_add(&t, 0, AF_INET, a, 33, 1), -EINVAL);
	assert_int_equal(addr_table_add(&t, 0, AF_INET6, a, 129, 1), -EINVAL);
	assert_int_equal(addr_table_add(&t, NETNS_MAX, AF_INET6, a, 64, 1), -EINVAL);
	assert_int_equal(t.len, 0);
	assert_int_equal(addr_table_add(&t, NETNS_MAX - 1, AF_INET6, a, 128, 1), 0);
	assert_int_equal(addr_table_add(&t, 0, AF_INET, a, 32, 1), 0);
	assert_int_equal(t.len, 2);
	/* IPv4 keeps 4 bytes, the rest zero. */
	assert_memory_equal(t.v[1].addr, bytes_of(AF_INET, "253.0.0.0"), 16);
	addr_table_free(&t);
}

static bool kind(bool (*fn)(int, const uint8_t *), int family, const char *text)
{
	return fn(family, bytes_of(family, text));
}

static void test_kinds(void **state)
{
	(void)state;
	assert_true(kind(addr_is_loopback, AF_INET, "127.0.0.1"));
	assert_true(kind(addr_is_loopback, AF_INET, "127.9.8.7"));
	assert_true(kind(addr_is_loopback, AF_INET6, "::1"));
	assert_true(kind(addr_is_loopback, AF_INET6, "::ffff:127.0.0.1"));
	assert_false(kind(addr_is_loopback, AF_INET, "126.255.255.255"));
	assert_false(kind(addr_is_loopback, AF_INET6, "::"));
	assert_false(
	    kind(addr_is_loopback, AF_INET6, "::127.0.0.1")); /* IPv4-compatible: not mapped */
	assert_false(kind(addr_is_loopback, AF_INET6, "1::1"));

	assert_true(kind(addr_is_link_local, AF_INET, "169.254.0.1"));
	assert_true(kind(addr_is_link_local, AF_INET6, "fe80::1"));
	assert_true(kind(addr_is_link_local, AF_INET6, "febf::1"));
	assert_true(kind(addr_is_link_local, AF_INET6, "::ffff:169.254.3.4"));
	assert_false(kind(addr_is_link_local, AF_INET, "169.255.0.1"));
	assert_false(kind(addr_is_link_local, AF_INET6, "fec0::1"));
	assert_false(kind(addr_is_link_local, AF_INET6, "fd00::1"));

	assert_true(kind(addr_is_wildcard, AF_INET, "0.0.0.0"));
	assert_true(kind(addr_is_wildcard, AF_INET6, "::"));
	assert_true(kind(addr_is_wildcard, AF_INET6, "::ffff:0.0.0.0"));
	assert_false(kind(addr_is_wildcard, AF_INET, "0.0.0.1"));
	assert_false(kind(addr_is_wildcard, AF_INET6, "::ffff:0.0.0.1"));
	assert_false(kind(addr_is_wildcard, AF_INET6, "::1"));

	assert_false(addr_is_loopback(AF_UNIX, bytes_of(AF_INET, "127.0.0.1")));
	assert_false(addr_is_wildcard(AF_UNIX, bytes_of(AF_INET, "0.0.0.0")));
}

/*
 * The caller's own namespace through a fresh socket: every address read
 * is a valid one, and the dump is whole (no error).  What addresses this
 * machine has is not asserted: tests/live covers a namespace built for it.
 */
static void test_live_own(void **state)
{
	struct addr_table t;
	size_t i;
	(void)state;

	addr_table_init(&t);
	assert_int_equal(source_addrs_read(NULL, 5, &t), 0);
	for (i = 0; i < t.len; i++) {
		assert_int_equal(t.v[i].netns, 5);
		assert_true(t.v[i].family == AF_INET || t.v[i].family == AF_INET6);
		assert_true(t.v[i].prefix_len <= (t.v[i].family == AF_INET ? 32 : 128));
	}
	addr_table_free(&t);
}

/* Whether t holds text (family) as namespace ns. */
static bool has(const struct addr_table *t, unsigned ns, int family, const char *text)
{
	size_t i;

	for (i = 0; i < t->len; i++)
		if (t->v[i].netns == ns && t->v[i].family == family &&
		    memcmp(t->v[i].addr, bytes_of(family, text), 16) == 0)
			return true;
	return false;
}

/*
 * Another namespace, entered by netns_open with open_rtnl, is read
 * through the socket opened inside it: its address is there, and not in
 * the caller's namespace.  A child process holds the namespace (made with
 * unshare, given 192.0.2.55 on lo) until the test closes its pipe.
 */
static void test_other_namespace(void **state)
{
	struct netns_set s;
	struct addr_table t;
	char msg[256], word[64];
	int ready[2], hold[2], status;
	pid_t child;
	char c;
	(void)state;

	if (geteuid() != 0) {
		fixture_missing("needs root to make a network namespace");
		return;
	}
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(hold), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		(void)close(ready[0]);
		(void)close(hold[1]);
		if (unshare(CLONE_NEWNET) != 0 ||
		    system("ip link set lo up && ip addr add 192.0.2.55/24 dev lo") != 0)
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		(void)read(hold[0], &c, 1); /* until the parent closes its end */
		_exit(0);
	}
	(void)close(ready[1]);
	(void)close(hold[0]);
	assert_int_equal(read(ready[0], &c, 1), 1);

	netns_set_init(&s);
	s.open_rtnl = true;
	(void)snprintf(word, sizeof(word), "pid:%ld", (long)child);
	assert_int_equal(netns_add_arg(&s, "/proc", word, msg, sizeof(msg)), 0);
	netns_finish(&s, "/proc", false);
	assert_false(s.readers[0].own);
	assert_int_equal(netns_open(&s, NULL, NULL), 0);
	assert_int_equal(s.skipped, 0);
	assert_non_null(s.readers[0].rtnl);

	addr_table_init(&t);
	assert_int_equal(source_addrs_read(s.readers[0].rtnl, 0, &t), 0);
	assert_true(has(&t, 0, AF_INET, "192.0.2.55"));
	assert_true(has(&t, 0, AF_INET, "127.0.0.1"));
	/* Read twice through the same socket, as every -c round does. */
	addr_table_reset(&t);
	assert_int_equal(source_addrs_read(s.readers[0].rtnl, 0, &t), 0);
	assert_true(has(&t, 0, AF_INET, "192.0.2.55"));
	assert_int_equal(addr_table_owner(&t, AF_INET, bytes_of(AF_INET, "192.0.2.55")), 0);
	/* The caller's namespace, read as namespace 1, does not hold it. */
	assert_int_equal(source_addrs_read(NULL, 1, &t), 0);
	assert_false(has(&t, 1, AF_INET, "192.0.2.55"));
	assert_int_equal(addr_table_owner(&t, AF_INET, bytes_of(AF_INET, "192.0.2.55")), 0);
	addr_table_free(&t);
	netns_set_free(&s);

	(void)close(hold[1]);
	(void)close(ready[0]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_dump),
	    cmocka_unit_test(test_skips),
	    cmocka_unit_test(test_truncated_and_foreign),
	    cmocka_unit_test(test_kernel_error),
	    cmocka_unit_test(test_owner),
	    cmocka_unit_test(test_add_refuses),
	    cmocka_unit_test(test_kinds),
	    cmocka_unit_test(test_live_own),
	    cmocka_unit_test(test_other_namespace),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
