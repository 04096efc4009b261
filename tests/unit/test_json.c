/*
 * test_json.c - the JSON and JSON Lines formatters: keys, numbers,
 * nulls and the string rule (exact UTF-8, \u escapes, _hex for bad bytes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <sys/socket.h>

#include "conn_builder.h"
#include "model/conntable.h"
#include "model/netns.h"
#include "fmt_capture.h"
#include "output/format.h"
#include "portstat_version.h"

static const struct port_range range = {32768, 60999, false};

static void opts_init(struct format_ctx *o)
{
	memset(o, 0, sizeof(*o));
	o->show.show_inet = o->show.show_unix = true;
	o->ephemeral = &range;
	o->host = "box";
}

static char *json(const struct conntable *t, const struct format_ctx *o, bool lines)
{
	struct jsonl_state rounds = {2}; /* two rounds printed: this is round 3 */
	FILE *f;
	struct outbuf *out = capture_begin(&f);

	if (lines)
		format_jsonl(t, o, NULL, &rounds, 1700000000042ll, out);
	else
		format_json(t, o, NULL, out);
	return capture_end(f);
}

static struct conn *add_tcp(struct conntable *t, const char *local, uint16_t lport,
			    const char *remote, uint16_t rport, int state)
{
	return add_inet(t, PROTO_TCP, AF_INET, local, lport, remote, rport, state);
}

static struct conn *add_unix(struct conntable *t, const char *path, size_t len)
{
	return add_unix_named(t, SOCK_STREAM, US_UNCONNECTED, path, len);
}

/* -N, --all-netns: each socket names its namespace; the name is a system string. */
static void test_netns_object(void **state)
{
	struct container_info pod = {.runtime = CONTAINER_CONTAINERD,
				     .id = "0123456789abcdef0123456789abcdef"
					   "0123456789abcdef0123456789abcdef",
				     .name = "api",
				     .pod_name = "shop\"1",
				     .pod_namespace = "prod",
				     .container_name = "api"};
	struct conntable t;
	struct netns_table ns;
	struct format_ctx o;
	struct conn *c;
	size_t index;
	char *s;
	(void)state;
	conntable_init(&t);
	netns_table_init(&ns);
	opts_init(&o);
	assert_non_null(netns_table_add(&ns, 4026531840ull, &index));
	assert_non_null(netns_table_add(&ns, 4026532177ull, &index));
	assert_int_equal(index, 1);
	netns_set_name(&ns.v[1], "web\n1");
	t.netns = &ns;
	(void)add_tcp(&t, "0.0.0.0", 80, "0.0.0.0", 0, CS_LISTEN);
	c = add_tcp(&t, "0.0.0.0", 8080, "0.0.0.0", 0, CS_LISTEN);
	c->netns = 1;
	ns.v[0].container = &pod;
	s = json(&t, &o, false);
	assert_non_null(
	    strstr(s, "\"netns\":{\"inode\":4026531840,\"name\":null,"
		      "\"container\":{\"runtime\":\"containerd\",\"id\":\"0123456789abcdef"
		      "0123456789abcdef0123456789abcdef0123456789abcdef\",\"name\":\"api\","
		      "\"pod_name\":\"shop\\\"1\",\"pod_namespace\":\"prod\","
		      "\"container_name\":\"api\"}},\"exposure\":null,\"nat\":null}"));
	assert_non_null(strstr(s, "\"netns\":{\"inode\":4026532177,\"name\":\"web\\n1\","
				  "\"container\":null},\"exposure\":null,\"nat\":null}"));
	free(s);
	conntable_free(&t);
	netns_table_free(&ns);
}

static void test_document(void **state)
{
	struct conntable t;
	struct format_ctx o;
	char *s;
	(void)state;

	conntable_init(&t);
	opts_init(&o);
	s = json(&t, &o, false);
	assert_string_equal(s,
			    "{\"portstat\":\"" PORTSTAT_VERSION "\",\"schema\":3,\"host\":\"box\","
			    "\"ephemeral_range\":[32768,60999],\"sockets\":[]}\n");
	free(s);
	o.host = NULL;
	o.ephemeral = NULL;
	s = json(&t, &o, false);
	assert_non_null(strstr(s, "\"host\":null,\"ephemeral_range\":null,"));
	free(s);
	conntable_free(&t);
}

static void test_tcp_fields(void **state)
{
	struct conntable t;
	struct format_ctx o;
	struct conn *c;
	char *s;
	(void)state;

	conntable_init(&t);
	opts_init(&o);
	c = add_tcp(&t, "10.0.0.1", 22, "10.0.0.2", 40000, CS_ESTABLISHED);
	c->recv_q = 7;
	c->send_q = 4294967295u;
	c->inode = 18446744073709551615ull;
	c->uid = 1000;
	c->direction = DIR_IN;
	c->service = "ssh";
	c->service_class = PC_WELL_KNOWN;
	c->timer = TIMER_KEEPALIVE;
	c->timer_ms = 7190000;
	s = json(&t, &o, false);
	assert_non_null(strstr(s, "\n{\"proto\":\"tcp\",\"family\":\"inet\",\"type\":\"stream\","
				  "\"state\":\"ESTABLISHED\",\"recv_q\":7,\"send_q\":4294967295,"));
	assert_non_null(strstr(s,
			       "\"local\":{\"address\":\"10.0.0.1\",\"ifindex\":null,"
			       "\"interface\":null,\"port\":22,"
			       "\"service\":null,\"class\":\"well-known\",\"ephemeral\":false}"));
	assert_non_null(strstr(s, "\"remote\":{\"address\":\"10.0.0.2\",\"ifindex\":null,"
				  "\"interface\":null,\"port\":40000,"
				  "\"service\":null,\"class\":\"registered\",\"ephemeral\":true}"));
	assert_non_null(strstr(s, "\"direction\":\"in\",\"service\":\"ssh\",\"service_port\":22,"
				  "\"class\":\"well-known\",\"uid\":1000,\"user\":null,"
				  "\"inode\":18446744073709551615,"));
	assert_non_null(strstr(s, "\"timer\":{\"kind\":\"keepalive\",\"expires_ms\":7190000,"
				  "\"retransmits\":0,\"probes\":0}"));
	assert_non_null(strstr(s, "\"owners\":null,\"owners_hidden\":false,\"path\":null,"
				  "\"abstract\":null,\"peer_inode\":null,\"refcnt\":null,"
				  "\"source\":\"netlink\",\"netns\":null,\"exposure\":null,\"nat\":null}\n]}\n"));
	free(s);
	conntable_free(&t);
}

/* A link-local pair: both ends carry the socket's interface, the address stays RFC 5952;
 * an interface whose name is unknown has its index only; names are escaped. */
static void test_interface(void **state)
{
	struct conntable t;
	struct format_ctx o;
	struct conn *c;
	char *s;
	(void)state;

	conntable_init(&t);
	opts_init(&o);
	c = add_tcp(&t, "10.0.0.1", 22, "10.0.0.2", 40000, CS_ESTABLISHED);
	c->family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, "fe80::1", c->local.addr), 1);
	assert_int_equal(inet_pton(AF_INET6, "fe80::2", c->remote.addr), 1);
	c->scope = conntable_add_scope(&t, 0, 3);
	t.scopes[0].name = conntable_intern(&t, "eth\n0", 5);
	c = add_tcp(&t, "127.0.0.53", 53, "10.0.0.2", 40000, CS_ESTABLISHED);
	c->scope = conntable_add_scope(&t, 0, 1);
	s = json(&t, &o, false);
	assert_non_null(strstr(s, "\"local\":{\"address\":\"fe80::1\",\"ifindex\":3,"
				  "\"interface\":\"eth\\n0\",\"port\":22,"));
	assert_non_null(strstr(s, "\"remote\":{\"address\":\"fe80::2\",\"ifindex\":3,"
				  "\"interface\":\"eth\\n0\",\"port\":40000,"));
	/* A bound device shows on the local end; a global remote address has none. */
	assert_non_null(strstr(s, "\"local\":{\"address\":\"127.0.0.53\",\"ifindex\":1,"
				  "\"interface\":null,\"port\":53,"));
	assert_non_null(strstr(s, "\"remote\":{\"address\":\"10.0.0.2\",\"ifindex\":null,"
				  "\"interface\":null,\"port\":40000,"));
	free(s);
	conntable_free(&t);
}

static void test_nulls(void **state)
{
	struct conntable t;
	struct format_ctx o;
	struct conn *c;
	char *s;
	(void)state;

	conntable_init(&t);
	opts_init(&o);
	c = add_tcp(&t, "0.0.0.0", 0, "0.0.0.0", 0, CS_TIME_WAIT);
	c->inode = 0;
	c = conntable_append(&t);
	c->proto = PROTO_RAW;
	c->family = AF_INET6;
	c->local.port = 58; /* ipv6-icmp */
	c->source = SRC_PROC;
	c->uid = CONN_UID_UNKNOWN; /* as /proc/net/unix gives none */
	s = json(&t, &o, false);
	assert_non_null(strstr(s, "\"uid\":null,\"user\":null,"));
	assert_non_null(strstr(s, "\"source\":\"proc\",\"netns\":null,\"exposure\":null,\"nat\":null}"));
	assert_non_null(
	    strstr(s, "\"port\":0,\"service\":null,\"class\":null,\"ephemeral\":false"));
	assert_non_null(strstr(s, "\"direction\":null,\"service\":null,\"service_port\":null,"
				  "\"class\":null,"));
	assert_non_null(strstr(s, "\"inode\":null,"));
	assert_non_null(strstr(s, "\"proto\":\"raw\",\"family\":\"inet6\",\"type\":\"raw\","
				  "\"state\":\"UNCONN\""));
	assert_non_null(strstr(s, "\"local\":{\"address\":\"::\",\"ifindex\":null,"
				  "\"interface\":null,\"port\":null,"));
	assert_non_null(strstr(s, "\"ip_protocol\":58,"));
	free(s);
	conntable_free(&t);
}

static void test_unix_strings(void **state)
{
	static const char hostile[] = "a\n\x1b[31m\"\\\xff\xc2\x9b\xe2\x80\xa8\xc3\xa9\x7f";
	struct conntable t;
	struct format_ctx o;
	struct conn *c;
	char *s;
	size_t i;
	(void)state;

	conntable_init(&t);
	opts_init(&o);
	c = add_unix(&t, hostile, sizeof(hostile) - 1);
	c->unix_flags = UNIX_FLAG_ACCEPTCON;
	c->unix_peer = 99;
	c->unix_refcnt = 2;
	add_unix(&t, "\0abs\0x", 6);
	add_unix(&t, "", 0)->state = US_CONNECTED;
	add_unix(&t,
		 "/run/evil\xe2\x80\xae"
		 "exe.sh\xe2\x80\x8b",
		 21);
	s = json(&t, &o, false);
	/* Bidi controls and invisible characters as \uXXXX: the same string, and
	 * valid UTF-8, so no _hex twin. */
	assert_non_null(
	    strstr(s, "\"path\":\"/run/evil\\u202eexe.sh\\u200b\",\"abstract\":false,"));
	assert_non_null(strstr(s, "\"path\":\"a\\n\\u001b[31m\\\"\\\\\\ufffd\\u009b\\u2028\xc3\xa9"
				  "\\u007f\",\"path_hex\":\"610a1b5b33316d225cffc29be280a8c3a97f\","
				  "\"abstract\":false,\"peer_inode\":99,\"refcnt\":2,"
				  "\"source\":\"netlink\",\"netns\":null,\"exposure\":null,\"nat\":null}"));
	assert_non_null(strstr(s, "\"state\":\"LISTENING\""));
	assert_non_null(strstr(s, "\"path\":\"\\u0000abs\\u0000x\",\"abstract\":true,"));
	assert_non_null(strstr(s, "\"state\":\"CONNECTED\""));
	assert_non_null(strstr(s, "\"path\":null,\"abstract\":false,"));
	assert_non_null(strstr(s, "\"local\":null,\"remote\":null,\"ip_protocol\":null,"
				  "\"direction\":null,"));
	assert_non_null(strstr(s, "\"timer\":null,"));
	/* No raw control byte anywhere, and one line per socket. */
	for (i = 0; s[i] != '\0'; i++)
		assert_true((unsigned char)s[i] >= 0x20 || s[i] == '\n');
	free(s);
	conntable_free(&t);
}

static void test_owners_and_user(void **state)
{
	struct conntable t;
	struct format_ctx o;
	struct conn *c;
	char *s;
	(void)state;

	conntable_init(&t);
	opts_init(&o);
	o.show.owners = true;
	c = add_tcp(&t, "127.0.0.1", 80, "0.0.0.0", 0, CS_LISTEN);
	c->uid = 33;
	c->user = conntable_intern(&t, "www-data", 8);
	c->owner_first = conntable_add_owner(&t, 812, conntable_intern(&t, "nginx", 5),
					     conntable_intern(&t, "nginx.service", 13));
	(void)conntable_add_owner(&t, 813, conntable_intern(&t, "ev\x1bil", 5), 0);
	c->owner_count = 2;
	c = add_tcp(&t, "127.0.0.1", 81, "0.0.0.0", 0, CS_LISTEN);
	c->uid = 4242;
	c->user = conntable_intern(&t, "4242", 4); /* users.c: no name for this uid */
	c->owners_hidden = true;
	s = json(&t, &o, false);
	assert_non_null(strstr(s, "\"uid\":33,\"user\":\"www-data\","));
	assert_non_null(strstr(s, "\"owners\":[{\"pid\":812,\"program\":\"nginx\","
				  "\"unit\":\"nginx.service\",\"container\":null},{\"pid\":813,"
				  "\"program\":\"ev\\u001bil\",\"unit\":null,\"container\":null}],"
				  "\"owners_hidden\":false,"));
	assert_non_null(strstr(s, "\"uid\":4242,\"user\":null,"));
	assert_non_null(strstr(s, "\"owners\":[],\"owners_hidden\":true,"));
	free(s);
	o.show.numeric_users = true;
	s = json(&t, &o, false);
	assert_non_null(strstr(s, "\"uid\":33,\"user\":null,"));
	free(s);
	conntable_free(&t);
}

static void test_jsonl(void **state)
{
	struct conntable t;
	struct format_ctx o;
	char *s, *nl;
	(void)state;

	conntable_init(&t);
	opts_init(&o);
	(void)add_tcp(&t, "127.0.0.1", 80, "0.0.0.0", 0, CS_LISTEN);
	(void)add_unix(&t, "/run/x", 6);
	s = json(&t, &o, true);
	assert_memory_equal(
	    s, "{\"round\":3,\"time\":1700000000.042,\"schema\":3,\"proto\":\"tcp\",",
	    strlen("{\"round\":3,\"time\":1700000000.042,\"schema\":3,\"proto\":\"tcp\","));
	nl = strchr(s, '\n');
	assert_non_null(nl);
	assert_non_null(strstr(nl + 1, "{\"round\":3,\"time\":1700000000.042,\"schema\":3,"
				       "\"proto\":\"unix\","));
	assert_string_equal(strchr(nl + 1, '\n'), "\n");
	free(s);
	/* Only the sections asked for. */
	o.show.show_unix = false;
	s = json(&t, &o, true);
	assert_null(strstr(s, "unix"));
	free(s);
	conntable_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_netns_object),    cmocka_unit_test(test_document),
	    cmocka_unit_test(test_tcp_fields),	    cmocka_unit_test(test_interface),
	    cmocka_unit_test(test_nulls),	    cmocka_unit_test(test_unix_strings),
	    cmocka_unit_test(test_owners_and_user), cmocka_unit_test(test_jsonl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
