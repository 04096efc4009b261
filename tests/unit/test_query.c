/*
 * test_endpoint_filter.c - parsing every FILTER form and its errors, and
 * matching: AND across kinds, OR within one, local or remote, states, owners.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "filter/query.h"
#include "model/netns.h"
#include "enrich/services.h"
#include "support/name_tables.h"

static struct services *svc;

static int setup(void **state)
{
	(void)state;
	svc = services_load_builtin();
	return svc != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	services_free(svc);
	return 0;
}

static struct conn tcp4(const char *l, uint16_t lp, const char *r, uint16_t rp, int state)
{
	struct conn c;

	memset(&c, 0, sizeof(c));
	c.proto = PROTO_TCP;
	c.family = AF_INET;
	c.state = (uint8_t)state;
	assert_int_equal(inet_pton(AF_INET, l, c.local.addr), 1);
	assert_int_equal(inet_pton(AF_INET, r, c.remote.addr), 1);
	c.local.port = lp;
	c.remote.port = rp;
	return c;
}

static struct conn tcp6(const char *l, uint16_t lp, const char *r, uint16_t rp, int state)
{
	struct conn c = tcp4("0.0.0.0", lp, "0.0.0.0", rp, state);

	c.family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, l, c.local.addr), 1);
	assert_int_equal(inet_pton(AF_INET6, r, c.remote.addr), 1);
	return c;
}

/* The interface names the filter may look up: lo is 1, eth0 is 2. */
static uint32_t fake_ifindex(const char *name)
{
	return strcmp(name, "lo") == 0 ? 1 : strcmp(name, "eth0") == 0 ? 2 : 0;
}

/* Builds a filter from words "KIND:TEXT" (KIND: e=positional, s, d, t=state, p=pid, g=program,
 * u=user, k=--taken, x=ss expression, c=container). */
static int build(struct query *f, char *msg, const char *const *words)
{
	query_init(f);
	for (; *words != NULL; words++) {
		static const char kinds[] = "esdtpgukxc";
		const char *k = strchr(kinds, (*words)[0]);
		int r;

		assert_non_null(k);
		r = query_add(f, (enum filter_arg_kind)(k - kinds), *words + 2,
			      &(struct query_names){services_port, svc, fake_ifindex}, msg, 256);
		if (r != 0)
			return r;
	}
	return 0;
}

static bool matches(const char *const *words, const struct conn *c)
{
	struct query f;
	struct conntable t;
	char msg[256];
	bool r;

	conntable_init(&t);
	assert_int_equal(build(&f, msg, words), 0);
	r = query_match(&f, &t, c);
	query_free(&f);
	conntable_free(&t);
	return r;
}

static void expect_error(const char *word, const char *want)
{
	struct query f;
	char msg[256] = "";
	const char *words[] = {word, NULL};

	assert_int_equal(build(&f, msg, words), -EINVAL);
	assert_string_equal(msg, want);
	query_free(&f);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("e::99999", "bad filter ':99999': port out of range");
	expect_error("e::90-80", "bad filter ':90-80': range is backwards");
	expect_error("e::1-70000", "bad filter ':1-70000': port out of range");
	expect_error("e::nosuchservice", "bad filter ':nosuchservice': unknown service name");
	expect_error("e::", "bad filter ':': port missing");
	expect_error("e:1.2.3", "bad filter '1.2.3': bad address");
	expect_error("e:10.0.0.0/33", "bad filter '10.0.0.0/33': bad prefix length");
	expect_error("e:[::1", "bad filter '[::1': missing ']'");
	expect_error("e:[127.0.0.1]:80",
		     "bad filter '[127.0.0.1]:80': brackets hold an IPv6 address");
	expect_error("e:[::1]x", "bad filter '[::1]x': junk after ']'");
	expect_error("e:[::1]:99999", "bad filter '[::1]:99999': port out of range");
	expect_error("e:fe80::/129", "bad filter 'fe80::/129': bad prefix length");
	/* Raw here: main.c's reporter escapes the whole message, once. */
	expect_error("e:\x1b[31m", "bad filter '\x1b[31m': bad address");
	expect_error("s:80,", "bad filter '--sport 80,': empty item in list");
	expect_error("d:0x50", "bad filter '--dport 0x50': unknown service name");
	expect_error("t:bogus",
		     "bad filter '--state bogus': unknown state (established, syn-sent, syn-recv, "
		     "fin-wait-1, fin-wait-2, time-wait, closed, close-wait, last-ack, listening, "
		     "closing, all, connected, synchronized, listen, bucket, big, bound-inactive)");
	expect_error("p:12x", "bad filter '--pid 12x': not a process id");
	expect_error("p:0", "bad filter '--pid 0': not a process id");
	expect_error("u:no-such-user-here", "bad filter '--user no-such-user-here': unknown user");
}

static void test_ports(void **state)
{
	struct conn c = tcp4("10.0.0.1", 8080, "10.0.0.2", 51000, CS_ESTABLISHED);
	const char *p8080[] = {"e::8080", NULL};
	const char *p51000[] = {"e::51000", NULL};
	const char *p80[] = {"e::80", NULL};
	const char *range[] = {"e::8000-8100", NULL};
	const char *either[] = {"e::22", "e::8080", NULL}; /* OR within a kind */
	const char *ssh[] = {"e::ssh", NULL};
	const char *sport[] = {"s:8080", NULL};
	const char *sport_remote[] = {"s:51000", NULL};
	const char *dport[] = {"d:50000-52000", NULL};
	const char *both[] = {"s:8080", "d:80", NULL}; /* AND across kinds */
	const char *list[] = {"s:22,8080", NULL};
	(void)state;

	assert_true(matches(p8080, &c));
	assert_true(matches(p51000, &c)); /* the remote end counts too */
	assert_false(matches(p80, &c));
	assert_true(matches(range, &c));
	assert_true(matches(either, &c));
	assert_false(matches(ssh, &c));
	c.local.port = 22;
	assert_true(matches(ssh, &c));
	c.local.port = 8080;
	assert_true(matches(sport, &c));
	assert_false(matches(sport_remote, &c));
	assert_true(matches(dport, &c));
	assert_false(matches(both, &c));
	assert_true(matches(list, &c));
}

static void test_addresses(void **state)
{
	struct conn c = tcp4("10.1.2.3", 443, "192.168.7.9", 40000, CS_ESTABLISHED);
	struct conn m = tcp6("::ffff:10.1.2.3", 443, "::ffff:192.168.7.9", 40000, CS_ESTABLISHED);
	struct conn v6 = tcp6("2001:db8::5", 443, "2001:db8:1::9", 40000, CS_ESTABLISHED);
	const char *addr[] = {"e:10.1.2.3", NULL};
	const char *net[] = {"e:192.168.0.0/16", NULL};
	const char *net_port[] = {"e:192.168.0.0/16:40000", NULL};
	const char *wrong_port[] = {"e:10.1.2.3:80", NULL};
	const char *right_port[] = {"e:10.1.2.3:https", NULL};
	const char *two[] = {"e:10.9.9.9", "e:192.168.7.9", NULL};
	const char *and_port[] = {"e:10.1.2.3", "e::80", NULL};
	const char *v6addr[] = {"e:2001:db8::5", NULL};
	const char *v6net[] = {"e:2001:db8::/32", NULL};
	const char *v6br[] = {"e:[2001:db8:1::9]:40000", NULL};
	const char *v6brnet[] = {"e:[2001:db8:1::]/48:40000", NULL};
	const char *any[] = {"e:0.0.0.0/0", NULL};
	const char *star[] = {"e:*:443", NULL};
	(void)state;

	assert_true(matches(addr, &c));
	assert_true(matches(net, &c));
	assert_true(matches(net_port, &c));
	assert_false(matches(wrong_port, &c));
	assert_true(matches(right_port, &c));
	assert_true(matches(two, &c));
	assert_false(matches(and_port, &c));
	/* IPv4 filters match IPv4-mapped IPv6 sockets, as the kernel's bytecode does. */
	assert_true(matches(addr, &m));
	assert_true(matches(net_port, &m));
	assert_false(matches(addr, &v6));
	assert_true(matches(v6addr, &v6));
	assert_true(matches(v6net, &v6));
	assert_true(matches(v6br, &v6));
	assert_true(matches(v6brnet, &v6));
	assert_false(matches(v6addr, &c));
	assert_true(matches(any, &c));
	assert_true(matches(any, &m));
	assert_false(matches(any, &v6));
	assert_true(matches(star, &v6));
}

/* ADDR%IF: a name (looked up) or an index; the interface the endpoint is
 * shown with must be that one; without %IF any interface matches. */
static void test_zones(void **state)
{
	struct conn c = tcp6("fe80::1", 22, "fe80::2", 50000, CS_ESTABLISHED);
	struct conn g = tcp6("fe80::1", 22, "2001:db8::2", 50000, CS_ESTABLISHED);
	struct conntable t;
	struct query f;
	char msg[256];
	const char *eth0[] = {"e:fe80::1%eth0", NULL};
	const char *idx2[] = {"e:fe80::2%2", NULL};
	const char *br[] = {"e:[fe80::1%eth0]:22", NULL};
	const char *brnet[] = {"e:[fe80::%eth0]/64:50000", NULL};
	const char *lo[] = {"e:fe80::1%lo", NULL};
	const char *any[] = {"e:fe80::1", NULL};
	const char *remote_global[] = {"e:2001:db8::2%eth0", NULL};
	const char *either[] = {"e:fe80::1%lo", "e:fe80::2%eth0", NULL};
	const char *v4[] = {"e:127.0.0.53%eth0:22", NULL};
	(void)state;

	conntable_init(&t);
	c.scope = g.scope = conntable_add_scope(&t, 0, 2);
	assert_int_equal(build(&f, msg, eth0), 0);
	assert_true(query_match(&f, &t, &c));
	assert_int_equal(f.hosts[0].ifindex, 2);
	query_free(&f);
	assert_int_equal(build(&f, msg, idx2), 0);
	assert_true(query_match(&f, &t, &c)); /* the remote link-local end */
	query_free(&f);
	assert_int_equal(build(&f, msg, br), 0);
	assert_true(query_match(&f, &t, &c));
	query_free(&f);
	assert_int_equal(build(&f, msg, brnet), 0);
	assert_true(query_match(&f, &t, &c));
	query_free(&f);
	assert_int_equal(build(&f, msg, lo), 0);
	assert_false(query_match(&f, &t, &c));
	assert_true(query_match_endpoints(&f, &c)); /* the bytecode's superset */
	query_free(&f);
	assert_int_equal(build(&f, msg, any), 0);
	assert_true(query_match(&f, &t, &c));
	query_free(&f);
	assert_int_equal(build(&f, msg, remote_global), 0);
	assert_false(query_match(&f, &t, &g)); /* a global remote has no interface */
	query_free(&f);
	assert_int_equal(build(&f, msg, either), 0);
	assert_true(query_match(&f, &t, &c));
	query_free(&f);
	assert_int_equal(build(&f, msg, v4), 0);
	assert_int_equal(f.hosts[0].family, AF_INET);
	assert_int_equal(f.hosts[0].ifindex, 2);
	query_free(&f);
	conntable_free(&t);
	expect_error("e:fe80::1%nosuch", "bad filter 'fe80::1%nosuch': no such interface");
	expect_error("e:fe80::1%", "bad filter 'fe80::1%': interface missing after '%'");
	expect_error("e:[fe80::1%0]:22",
		     "bad filter '[fe80::1%0]:22': interface index out of range");
	expect_error("e:fe80::1%abcdefghijklmnopq",
		     "bad filter 'fe80::1%abcdefghijklmnopq': no such interface");
}

static void test_unix_never_matches_endpoints(void **state)
{
	struct conn u;
	const char *port[] = {"e::0", NULL};
	const char *st[] = {"t:listening", NULL};
	(void)state;

	memset(&u, 0, sizeof(u));
	u.proto = PROTO_UNIX;
	u.family = AF_UNIX;
	u.unix_flags = UNIX_FLAG_ACCEPTCON;
	assert_false(matches(port, &u));
	assert_true(matches(st, &u)); /* a unix listener is "listening" */
}

static void test_states(void **state)
{
	struct conn est = tcp4("1.1.1.1", 1, "2.2.2.2", 2, CS_ESTABLISHED);
	struct conn lis = tcp4("1.1.1.1", 1, "0.0.0.0", 0, CS_LISTEN);
	struct conn syn = tcp4("1.1.1.1", 1, "2.2.2.2", 2, CS_SYN_SENT);
	struct conn tw = tcp4("1.1.1.1", 1, "2.2.2.2", 2, CS_TIME_WAIT);
	struct conn udp = tcp4("1.1.1.1", 53, "0.0.0.0", 0, CS_CLOSE);
	const char *connected[] = {"t:connected", NULL};
	const char *sync[] = {"t:synchronized", NULL};
	const char *listen[] = {"t:listen", NULL};
	const char *list[] = {"t:time-wait,listening", NULL};
	const char *bucket[] = {"t:bucket", NULL};
	const char *big[] = {"t:big", NULL};
	const char *closed[] = {"t:closed", NULL};
	(void)state;

	udp.proto = PROTO_UDP;
	assert_true(matches(connected, &est));
	assert_true(matches(connected, &syn));
	assert_true(matches(connected, &tw));
	assert_false(matches(connected, &lis));
	assert_false(matches(connected, &udp));
	assert_false(matches(sync, &syn));
	assert_true(matches(sync, &est));
	assert_true(matches(listen, &lis));
	assert_false(matches(listen, &est));
	assert_true(matches(list, &tw));
	assert_true(matches(list, &lis));
	assert_false(matches(list, &est));
	assert_true(matches(bucket, &tw));
	assert_false(matches(big, &tw));
	assert_true(matches(big, &est));
	assert_true(matches(closed, &udp));
	assert_true(matches(listen, &udp)); /* "listen": servers, as -l */
	assert_false(matches(list, &udp));  /* "listening": the TCP state only */
}

/* A bound TCP socket comes back from the kernel in state CLOSE: "closed" and
 * "bound-inactive" select it, "connected" does not; --taken is a local port. */
static void test_bound_and_taken(void **state)
{
	struct conn bound = tcp4("127.0.0.1", 7777, "0.0.0.0", 0, CS_CLOSE);
	struct conn bi = tcp4("127.0.0.1", 7777, "0.0.0.0", 0, CS_BOUND_INACTIVE);
	struct conn out = tcp4("127.0.0.1", 40000, "127.0.0.1", 7777, CS_ESTABLISHED);
	const char *closed[] = {"t:closed", NULL};
	const char *inactive[] = {"t:bound-inactive", NULL};
	const char *connected[] = {"t:connected", NULL};
	const char *taken[] = {"k:7777", NULL};
	struct query f;
	char msg[256];
	(void)state;

	assert_true(matches(closed, &bound));
	assert_true(matches(closed, &bi));
	assert_true(matches(inactive, &bound));
	assert_true(matches(inactive, &bi));
	assert_false(matches(connected, &bound));
	assert_false(matches(connected, &bi));
	assert_true(matches(taken, &bound));
	assert_false(matches(taken, &out)); /* 7777 is its remote port */
	assert_int_equal(build(&f, msg, inactive), 0);
	assert_true(query_state_hint(&f) & (1u << CS_BOUND_INACTIVE));
	query_free(&f);
	expect_error("k:bogus", "bad filter '--taken bogus': unknown service name");
}

static void test_owners_and_users(void **state)
{
	struct query f;
	struct conntable t;
	struct conn *c;
	char msg[256];
	const char *pid[] = {"p:812,900", NULL};
	const char *prog[] = {"g:nginx", NULL};
	const char *both[] = {"p:812", "g:nginx", NULL};
	const char *root_user[] = {"u:root", NULL};
	const char *uid[] = {"u:1000", NULL};
	(void)state;

	conntable_init(&t);
	c = conntable_append(&t);
	c->proto = PROTO_TCP;
	c->family = AF_INET;
	c->uid = 0;
	c->owner_first = conntable_add_owner(&t, 900, conntable_intern(&t, "nginx", 5), 0);
	(void)conntable_add_owner(&t, 901, conntable_intern(&t, "nginx", 5), 0);
	c->owner_count = 2;
	assert_int_equal(build(&f, msg, pid), 0);
	assert_true(query_needs_owners(&f));
	assert_true(query_match(&f, &t, c));
	query_free(&f);
	assert_int_equal(build(&f, msg, prog), 0);
	assert_true(query_match(&f, &t, c));
	query_free(&f);
	assert_int_equal(build(&f, msg, both), 0);
	assert_false(query_match(&f, &t, c)); /* AND: 812 holds nothing */
	query_free(&f);
	assert_int_equal(build(&f, msg, root_user), 0);
	assert_false(query_needs_owners(&f));
	assert_true(query_match(&f, &t, c));
	query_free(&f);
	assert_int_equal(build(&f, msg, uid), 0);
	assert_false(query_match(&f, &t, c));
	query_free(&f);
	/* No owners (hidden or none): an owner filter cannot match. */
	c->owner_count = 0;
	assert_int_equal(build(&f, msg, prog), 0);
	assert_false(query_match(&f, &t, c));
	query_free(&f);
	conntable_free(&t);
}

/* A number too big for its field is a usage error, never a wrapped value. */
static void test_numbers_out_of_range(void **state)
{
	(void)state;
	expect_error("u:4294967296", "bad filter '--user 4294967296': uid out of range");
	expect_error("u:99999999999999999999",
		     "bad filter '--user 99999999999999999999': uid out of range");
	expect_error("p:9999999999", "bad filter '--pid 9999999999': not a process id");
	expect_error("p:2147483648", "bad filter '--pid 2147483648': not a process id");
	expect_error("p:+5", "bad filter '--pid +5': not a process id");
	expect_error("p:", "bad filter '--pid ': empty item in list");
}

/* The largest values that fit are still accepted. */
static void test_numbers_at_the_limit(void **state)
{
	struct query f;
	char msg[256];
	const char *uid[] = {"u:4294967295", NULL};
	const char *pid[] = {"p:2147483647,007", NULL};
	(void)state;

	assert_int_equal(build(&f, msg, uid), 0);
	assert_int_equal(f.nuids, 1);
	assert_int_equal(f.uids[0], 4294967295u);
	query_free(&f);
	assert_int_equal(build(&f, msg, pid), 0);
	assert_int_equal(f.npids, 2);
	assert_int_equal(f.pids[0], 2147483647);
	assert_int_equal(f.pids[1], 7);
	query_free(&f);
}

/*
 * A record's state takes four bits (sources turn a /proc state byte past
 * CS_MAX into CS_NONE): the values it can hold that name no state must
 * not reach a shift wrongly and must match no --state, not even "all".
 */
static void test_state_out_of_range(void **state)
{
	static const unsigned bad[] = {CS_MAX, 15};
	const char *all[] = {"t:all", NULL};
	const char *est[] = {"t:established", NULL};
	const char *listen[] = {"t:listen", NULL};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct conn c = tcp4("1.1.1.1", 1, "2.2.2.2", 2, (int)bad[i]);
		struct conn udp = tcp4("1.1.1.1", 53, "0.0.0.0", 0, (int)bad[i]);

		udp.proto = PROTO_UDP;
		assert_false(matches(all, &c));
		assert_false(matches(est, &c));
		assert_false(matches(listen, &udp));
	}
}

static void test_hint_and_activity(void **state)
{
	struct query f;
	char msg[256];
	const char *none[] = {NULL};
	const char *est[] = {"t:established", NULL};
	const char *closed[] = {"t:closed", NULL};
	(void)state;

	assert_int_equal(build(&f, msg, none), 0);
	assert_false(query_active(&f));
	assert_int_equal(query_state_hint(&f), 0);
	query_free(&f);
	assert_int_equal(build(&f, msg, est), 0);
	assert_true(query_active(&f));
	assert_false(query_has_endpoints(&f));
	assert_int_equal(query_state_hint(&f), 1u << CS_ESTABLISHED);
	query_free(&f);
	assert_int_equal(build(&f, msg, closed), 0);
	/* The kernel dumps bound-only TCP sockets only when asked for bound-inactive. */
	assert_int_equal(query_state_hint(&f),
			 (1u << CS_CLOSE) | (1u << CS_LISTEN) | (1u << CS_BOUND_INACTIVE));
	query_free(&f);
}

static void add_listener(struct conntable *t, uint16_t port)
{
	*conntable_append(t) = tcp4("0.0.0.0", port, "0.0.0.0", 0, CS_LISTEN);
}

/*
 * --container: a socket of the container's namespace, or held by one of
 * its processes (a container on the host's network); by name, pod,
 * NAMESPACE/POD, container name or id prefix.
 */
static void test_containers(void **state)
{
	struct container_info web = {.runtime = CONTAINER_DOCKER,
				     .id = "abcdef0123456789abcdef0123456789"
					   "abcdef0123456789abcdef0123456789",
				     .name = "web"};
	struct container_info pod = {.runtime = CONTAINER_CONTAINERD,
				     .id = "0123456789abcdef0123456789abcdef"
					   "0123456789abcdef0123456789abcdef",
				     .name = "api",
				     .pod_name = "shop-7d9f",
				     .pod_namespace = "prod",
				     .container_name = "api"};
	const char *by_name[] = {"c:web", NULL};
	const char *by_id[] = {"c:abcdef01", NULL};
	const char *by_pod[] = {"c:prod/shop-7d9f", NULL};
	const char *other[] = {"c:db,abcdef1", NULL};
	const char *empty[] = {"c:", NULL};
	struct netns_table ns;
	struct conntable t;
	struct query f;
	struct conn *in_web, *host, *host_proxy;
	char msg[256];
	size_t index;
	(void)state;

	conntable_init(&t);
	netns_table_init(&ns);
	assert_non_null(netns_table_add(&ns, 1, &index));
	assert_non_null(netns_table_add(&ns, 2, &index));
	ns.v[1].container = &web;
	t.netns = &ns;
	add_listener(&t, 8080);
	add_listener(&t, 22);
	add_listener(&t, 8443);
	in_web = &t.conns[0];
	host = &t.conns[1];
	host_proxy = &t.conns[2];
	in_web->netns = 1;
	host_proxy->owner_first = conntable_add_owner(&t, 7, conntable_intern(&t, "envoy", 5), 0);
	t.owners[host_proxy->owner_first].container = &pod;
	host_proxy->owner_count = 1;

	assert_int_equal(build(&f, msg, by_name), 0);
	assert_true(query_needs_owners(&f));
	assert_true(query_match(&f, &t, in_web));
	assert_false(query_match(&f, &t, host));
	assert_false(query_match(&f, &t, host_proxy));
	query_free(&f);
	assert_int_equal(build(&f, msg, by_id), 0);
	assert_true(query_match(&f, &t, in_web));
	query_free(&f);
	assert_int_equal(build(&f, msg, by_pod), 0);
	assert_false(query_match(&f, &t, in_web));
	assert_true(query_match(&f, &t, host_proxy));
	query_free(&f);
	assert_int_equal(build(&f, msg, other), 0);
	assert_false(query_match(&f, &t, in_web));
	assert_false(query_match(&f, &t, host_proxy));
	query_free(&f);
	assert_int_equal(build(&f, msg, empty), -EINVAL);
	query_free(&f);
	conntable_free(&t);
	netns_table_free(&ns);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_ports),
	    cmocka_unit_test(test_addresses),
	    cmocka_unit_test(test_unix_never_matches_endpoints),
	    cmocka_unit_test(test_zones),
	    cmocka_unit_test(test_states),
	    cmocka_unit_test(test_bound_and_taken),
	    cmocka_unit_test(test_owners_and_users),
	    cmocka_unit_test(test_containers),
	    cmocka_unit_test(test_hint_and_activity),
	    cmocka_unit_test(test_numbers_out_of_range),
	    cmocka_unit_test(test_numbers_at_the_limit),
	    cmocka_unit_test(test_state_out_of_range),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
