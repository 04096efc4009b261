/*
 * test_netns.c - network namespaces: the -N words (source/netns.h), the
 * run's table and its labels (model/netns.h), and the table's order and
 * identity with a namespace in each record (conntable sort and dedup).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conn_builder.h"
#include "model/conntable.h"
#include "model/netns.h"
#include "source/netns.h"

static uint64_t own_inode(void)
{
	struct stat st;

	assert_int_equal(stat("/proc/self/ns/net", &st), 0);
	return (uint64_t)st.st_ino;
}

/* A path and pid:PID name the same namespace once; the pid is kept for /proc/PID/net. */
static void test_path_and_pid(void **state)
{
	struct netns_set s;
	char msg[256], word[64];
	(void)state;

	netns_set_init(&s);
	assert_int_equal(netns_add_arg(&s, "/proc", "/proc/self/ns/net", msg, sizeof(msg)), 0);
	(void)snprintf(word, sizeof(word), "pid:%ld", (long)getpid());
	assert_int_equal(netns_add_arg(&s, "/proc", word, msg, sizeof(msg)), 0);
	assert_int_equal(s.table.len, 1);
	assert_int_equal(s.table.v[0].inode, own_inode());
	assert_int_equal(s.table.v[0].pid, getpid());
	(void)snprintf(word, sizeof(word), "/proc/%ld", (long)getpid());
	assert_string_equal(s.readers[0].proc_root, word);
	netns_finish(&s, "/proc", false);
	assert_true(s.readers[0].own);
	assert_int_equal(s.own_ino, own_inode());
	netns_set_free(&s);
}

/* Each bad word is a usage error with one line that names it. */
static void test_bad_words(void **state)
{
	static const struct {
		const char *arg, *msg;
		int err;
	} cases[] = {
	    {"pid:abc", "-N pid:abc: not a process id", -EINVAL},
	    {"pid:0", "-N pid:0: not a process id", -EINVAL},
	    {"pid:-1", "-N pid:-1: not a process id", -EINVAL},
	    {"", "-N: an empty namespace", -EINVAL},
	    {"/proc/self/ns/net,,x", "-N: an empty namespace", -EINVAL},
	    {"..", "-N ..: not a namespace name", -EINVAL},
	    {"/proc/self/ns/mnt", "-N /proc/self/ns/mnt: not a network namespace", -EINVAL},
	    {"/proc/self/status", "-N /proc/self/status: not a network namespace", -EINVAL},
	    {"portstat-test-no-such-namespace",
	     "-N portstat-test-no-such-namespace: No such file or directory", -ENOENT},
	    {"/nonexistent/ns", "-N /nonexistent/ns: No such file or directory", -ENOENT},
	};
	struct netns_set s;
	char msg[256];
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		netns_set_init(&s);
		assert_int_equal(netns_add_arg(&s, "/proc", cases[i].arg, msg, sizeof(msg)),
				 cases[i].err);
		assert_string_equal(msg, cases[i].msg);
		netns_set_free(&s);
	}
}

/* --all-netns: the caller's own first (readable without privilege), each inode once. */
static void test_all(void **state)
{
	struct netns_set s;
	size_t i, j;
	(void)state;

	netns_set_init(&s);
	assert_int_equal(netns_add_all(&s, "/proc"), 0);
	netns_finish(&s, "/proc", true);
	assert_true(s.table.len >= 1);
	assert_int_equal(s.table.v[0].inode, own_inode());
	assert_true(s.readers[0].own);
	for (i = 0; i < s.table.len; i++)
		for (j = i + 1; j < s.table.len; j++)
			assert_true(s.table.v[i].inode != s.table.v[j].inode);
	netns_set_free(&s);
}

static void note_inside(void *arg, size_t index)
{
	size_t *calls = arg;

	calls[index]++;
}

/* The caller's own namespace needs no setns: readable, a fresh socket per dump. */
static void test_open_own(void **state)
{
	struct netns_set s;
	size_t calls[1] = {0};
	char msg[256];
	(void)state;

	netns_set_init(&s);
	assert_int_equal(netns_add_arg(&s, "/proc", "/proc/self/ns/net", msg, sizeof(msg)), 0);
	netns_finish(&s, "/proc", false);
	assert_int_equal(netns_open(&s, note_inside, calls), 0);
	assert_true(s.readers[0].readable);
	assert_null(s.readers[0].sock);
	assert_int_equal(s.skipped, 0);
	assert_int_equal(calls[0], 1);
	netns_set_free(&s);
}

/* The label: ip netns name, else the container's, else net:[INODE]; the table holds NETNS_MAX. */
static void test_table_and_label(void **state)
{
	struct container_info web = {.runtime = CONTAINER_DOCKER, .name = "web"};
	struct container_info pod = {.runtime = CONTAINER_CONTAINERD,
				     .name = "api",
				     .pod_name = "shop-7d9f",
				     .pod_namespace = "prod",
				     .container_name = "api"};
	struct container_info anon = {.runtime = CONTAINER_PODMAN, .short_id = "0123456789ab"};
	struct netns_table t;
	struct netns *ns;
	char buf[64];
	size_t index, i;
	(void)state;

	netns_table_init(&t);
	ns = netns_table_add(&t, 4026531840ull, &index);
	assert_non_null(ns);
	assert_int_equal(index, 0);
	assert_true(ns->range.is_default);
	assert_string_equal(netns_label(ns, buf, sizeof(buf)), "net:[4026531840]");

	ns->container = &anon;
	assert_string_equal(netns_label(ns, buf, sizeof(buf)), "podman-0123456789ab");
	ns->container = &pod; /* a pod's namespace is the pod's, not one container's */
	assert_string_equal(netns_label(ns, buf, sizeof(buf)), "prod/shop-7d9f");
	ns->container = &web;
	assert_string_equal(netns_label(ns, buf, sizeof(buf)), "web");
	netns_set_name(ns, "blue");
	netns_set_name(ns, "red"); /* the first name found stays */
	assert_string_equal(netns_label(ns, buf, sizeof(buf)), "blue");
	assert_int_equal(netns_table_find(&t, 4026531840ull), 0);
	assert_int_equal(netns_table_find(&t, 1), -1);
	assert_non_null(netns_table_add(&t, 4026531840ull, &index));
	assert_int_equal(t.len, 1);
	for (i = 1; i < NETNS_MAX; i++)
		assert_non_null(netns_table_add(&t, 1000 + i, &index));
	assert_int_equal(index, NETNS_MAX - 1);
	assert_null(netns_table_add(&t, 1, &index));
	netns_table_free(&t);
}

/* Rows sort by namespace first; ten bits of namespace survive the sort keys. */
static void test_sort_by_namespace(void **state)
{
	struct conntable t;
	struct conn *c;
	(void)state;

	conntable_init(&t);
	c = add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 80, "0.0.0.0", 0, CS_LISTEN);
	c->netns = NETNS_MAX - 1;
	c = add_inet(&t, PROTO_UDP, AF_INET, "10.0.0.9", 53, "0.0.0.0", 0, CS_CLOSE);
	c->netns = 2;
	c = add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.5", 22, "0.0.0.0", 0, CS_LISTEN);
	c->netns = 2;
	c = add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.7", 443, "0.0.0.0", 0, CS_LISTEN);
	c->netns = 0;
	conntable_sort(&t);
	assert_int_equal(t.conns[0].netns, 0);
	assert_int_equal(t.conns[0].local.port, 443);
	assert_int_equal(t.conns[1].netns, 2);
	assert_int_equal(t.conns[1].local.port, 22); /* TCP before UDP within a namespace */
	assert_int_equal(t.conns[2].local.port, 53);
	assert_int_equal(t.conns[3].netns, NETNS_MAX - 1);
	conntable_free(&t);
}

/* One TIME_WAIT tuple in two namespaces is two sockets (addresses repeat across them). */
static void test_dedup_keeps_namespaces_apart(void **state)
{
	struct conntable t;
	struct conn *c;
	(void)state;

	conntable_init(&t);
	c = add_inet(&t, PROTO_TCP, AF_INET, "127.0.0.1", 8080, "127.0.0.1", 40000, CS_TIME_WAIT);
	c->netns = 0;
	c = add_inet(&t, PROTO_TCP, AF_INET, "127.0.0.1", 8080, "127.0.0.1", 40000, CS_TIME_WAIT);
	c->netns = 1;
	c = add_inet(&t, PROTO_TCP, AF_INET, "127.0.0.1", 8080, "127.0.0.1", 40000, CS_TIME_WAIT);
	c->netns = 1;
	assert_int_equal(conntable_dedup(&t), 1);
	assert_int_equal(t.len, 2);
	assert_int_equal(t.conns[0].netns, 0);
	assert_int_equal(t.conns[1].netns, 1);
	conntable_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_path_and_pid),
	    cmocka_unit_test(test_bad_words),
	    cmocka_unit_test(test_all),
	    cmocka_unit_test(test_open_own),
	    cmocka_unit_test(test_table_and_label),
	    cmocka_unit_test(test_sort_by_namespace),
	    cmocka_unit_test(test_dedup_keeps_namespaces_apart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
