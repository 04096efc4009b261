/*
 * test_openmetrics.c - --openmetrics: label values escaped as OpenMetrics
 * requires (backslash, double quote, newline) with no raw control byte,
 * invalid UTF-8 or hidden character left, for hostile program names; the
 * families and their order; unix sockets left out; listeners grouped by
 * address with their established connections and accept queues.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "aggregate/metrics.h"
#include "aggregate/summary.h"
#include "output/format.h"
#include "conn_builder.h"
#include "fmt_capture.h"

static char *label_text(const char *s)
{
	FILE *f;
	struct outbuf *out = capture_begin(&f);

	format_openmetrics_label(out, s);
	return capture_end(f);
}

static void assert_label(const char *in, const char *want)
{
	char *got = label_text(in);

	assert_string_equal(got, want);
	free(got);
}

static void test_label_escapes(void **state)
{
	(void)state;
	assert_label("nginx", "nginx");
	assert_label("a\"b", "a\\\"b");
	assert_label("a\\b", "a\\\\b");
	assert_label("a\nb", "a\\nb");
	/* Other control bytes, DEL and invalid UTF-8: the text \xHH, backslash escaped. */
	assert_label("a\tb", "a\\\\x09b");
	assert_label("\x1b[31mred", "\\\\x1b[31mred");
	assert_label("x\x7f", "x\\\\x7f");
	assert_label("bad\xff", "bad\\\\xff");
	assert_label("\xc3", "\\\\xc3");
	/* Well-formed UTF-8 passes; a character that reorders text does not. */
	assert_label("caf\xc3\xa9", "caf\xc3\xa9");
	assert_label("a\xe2\x80\xae", "a\\\\xe2\\\\x80\\\\xae");
	/* An attempt to close the value and add a label of its own stays inside. */
	assert_label("x\",evil=\"1", "x\\\",evil=\\\"1");
}

/* A TCP listener on 0.0.0.0:8080 owned by program, with n connections in. */
static struct conn *add_listener(struct conntable *t, const char *program)
{
	struct conn *c = add_inet(t, PROTO_TCP, AF_INET, "0.0.0.0", 8080, "0.0.0.0", 0, CS_LISTEN);
	uint32_t comm = conntable_intern(t, program, strlen(program));

	c->inode = 100;
	c->recv_q = 3;
	c->send_q = 128;
	c->direction = DIR_LISTEN;
	c->service_class = PC_REGISTERED;
	c->owner_first = conntable_add_owner(t, 42, comm, 0);
	c->owner_count = 1;
	return c;
}

static char *render(struct conntable *t, struct metrics *m, struct summary *s)
{
	struct format_ctx ctx;
	struct port_space space = {32768, 60999, 28232, 0, false};
	struct openmetrics_input in;
	FILE *f;
	struct outbuf *out;

	memset(&ctx, 0, sizeof(ctx));
	ctx.show.top = 10;
	summary_build(s, t, &space);
	metrics_build(m, t, s, 1);
	in = (struct openmetrics_input){t, s, m, "9.9.9", 1500};
	out = capture_begin(&f);
	format_openmetrics(&in, &ctx, out);
	return capture_end(f);
}

static void test_hostile_program(void **state)
{
	struct conntable t;
	struct metrics m;
	struct summary s;
	char *text;
	size_t i;

	(void)state;
	conntable_init(&t);
	metrics_init(&m);
	summary_init(&s);
	add_listener(&t, "ev\"il\\\n} 1\nportstat_x 9\x01");
	text = render(&t, &m, &s);
	assert_non_null(strstr(text, "program=\"ev\\\"il\\\\\\n} 1\\nportstat_x 9\\\\x01\""));
	/* The hostile name made no line of its own. */
	assert_null(strstr(text, "\nportstat_x"));
	for (i = 0; text[i] != '\0'; i++)
		assert_true((unsigned char)text[i] >= 0x20 || text[i] == '\n');
	free(text);
	summary_free(&s);
	metrics_free(&m);
	conntable_free(&t);
}

/* Every sample belongs to the family that the last # TYPE named, with # HELP. */
static void assert_families(const char *text)
{
	char family[128] = "";
	bool help = false;
	const char *p = text, *nl;

	for (; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		size_t n = (size_t)(nl - p);

		if (n > 7 && strncmp(p, "# TYPE ", 7) == 0) {
			size_t k = strcspn(p + 7, " ");

			assert_true(k < sizeof(family));
			memcpy(family, p + 7, k);
			family[k] = '\0';
			assert_true(strncmp(p + 7 + k, " gauge\n", 7) == 0);
			help = false;
		} else if (n > 7 && strncmp(p, "# HELP ", 7) == 0) {
			assert_true(strncmp(p + 7, family, strlen(family)) == 0);
			help = true;
		} else if (p[0] != '#') {
			assert_true(strncmp(p, family, strlen(family)) == 0);
			assert_true(p[strlen(family)] == '{' || p[strlen(family)] == ' ');
			assert_true(help);
		}
	}
	assert_string_equal(p, "");
}

static void test_snapshot(void **state)
{
	struct conntable t;
	struct metrics m;
	struct summary s;
	struct conn *c;
	char *text;
	int i;

	(void)state;
	conntable_init(&t);
	metrics_init(&m);
	summary_init(&s);
	add_listener(&t, "nginx");
	/* SO_REUSEPORT: a sibling on the same address is the same series. */
	add_listener(&t, "nginx");
	for (i = 0; i < 2; i++) {
		c = add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 8080, "10.0.0.9",
			     (uint16_t)(40000 + i), CS_ESTABLISHED);
		c->direction = DIR_IN;
	}
	/* Not the listener's: another port, and one closing. */
	add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 8081, "10.0.0.9", 40000, CS_ESTABLISHED);
	add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 8080, "10.0.0.9", 40005, CS_TIME_WAIT);
	add_unix_named(&t, SOCK_STREAM, US_CONNECTED, "/run/x.sock", 11);
	text = render(&t, &m, &s);
	assert_families(text);
	assert_non_null(strstr(text, "portstat_build_info{version=\"9.9.9\"} 1\n"));
	assert_non_null(strstr(text, "portstat_listener_established_connections{netns=\"\","
				     "proto=\"tcp\",address=\"0.0.0.0\",port=\"8080\"} 2\n"));
	assert_non_null(strstr(text, "portstat_listener_accept_queue{netns=\"\",proto=\"tcp\","
				     "address=\"0.0.0.0\",port=\"8080\"} 6\n"));
	assert_non_null(strstr(text, "portstat_listener_accept_queue_limit{netns=\"\",proto="
				     "\"tcp\",address=\"0.0.0.0\",port=\"8080\"} 256\n"));
	assert_non_null(strstr(text, ",program=\"nginx\","));
	assert_non_null(strstr(text,
			       "portstat_sockets{netns=\"\",proto=\"tcp\",family=\"inet\","
			       "state=\"LISTEN\",class=\"registered\",direction=\"listen\"} 2\n"));
	assert_non_null(strstr(text, "# UNIT portstat_collect_duration_seconds seconds\n"));
	assert_non_null(strstr(text, "portstat_collect_duration_seconds 0.001500\n"));
	/* One listener series, no unix socket, and # EOF last. */
	assert_non_null(strstr(text, "portstat_listener_info{"));
	assert_null(strstr(strstr(text, "portstat_listener_info{") + 1, "portstat_listener_info{"));
	assert_null(strstr(text, "unix"));
	assert_non_null(strstr(text, "\n# EOF\n"));
	assert_string_equal(strstr(text, "\n# EOF\n"), "\n# EOF\n");
	free(text);
	summary_free(&s);
	metrics_free(&m);
	conntable_free(&t);
}

/* A connection to a dual-stack or an IPv4 listener finds it by its own local address. */
static void test_listener_of(void **state)
{
	struct conntable t;
	struct metrics m;
	struct conn *v6, *mapped, *v4;

	(void)state;
	conntable_init(&t);
	metrics_init(&m);
	add_inet(&t, PROTO_TCP, AF_INET6, "::", 443, "::", 0, CS_LISTEN);
	add_inet(&t, PROTO_TCP, AF_INET, "127.0.0.1", 25, "0.0.0.0", 0, CS_LISTEN);
	v6 = add_inet(&t, PROTO_TCP, AF_INET6, "2001:db8::1", 443, "2001:db8::2", 5000,
		      CS_ESTABLISHED);
	v4 = add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 443, "10.0.0.2", 5000, CS_ESTABLISHED);
	mapped = add_inet(&t, PROTO_TCP, AF_INET6, "::ffff:127.0.0.1", 25, "::ffff:127.0.0.1", 5000,
			  CS_ESTABLISHED);
	metrics_build(&m, &t, NULL, 1);
	assert_int_equal(m.listeners_len, 2);
	assert_int_equal(metrics_listener_of(&m, &t, v6), 0);
	assert_int_equal(metrics_listener_of(&m, &t, v4), 0);
	assert_int_equal(metrics_listener_of(&m, &t, mapped), 1);
	assert_int_equal(m.listeners[0].established, 2);
	assert_int_equal(m.listeners[1].established, 1);
	metrics_free(&m);
	conntable_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_label_escapes),
	    cmocka_unit_test(test_hostile_program),
	    cmocka_unit_test(test_snapshot),
	    cmocka_unit_test(test_listener_of),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
