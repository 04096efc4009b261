/*
 * test_csv.c - CSV and TSV output, the -O column list and the cells
 * the column registry renders.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <errno.h>
#include <sys/socket.h>

#include "output/columns.h"
#include "conn_builder.h"
#include "model/conntable.h"
#include "fmt_capture.h"
#include "output/format.h"

static void opts_init(struct format_ctx *o)
{
	memset(o, 0, sizeof(*o));
	o->show.show_inet = o->show.show_unix = true;
	o->show.numeric_hosts = o->show.numeric_ports = true;
}

static char *csv(const struct conntable *t, const struct format_ctx *o, char sep)
{
	FILE *f;
	struct outbuf *out = capture_begin(&f);

	format_csv(t, o, out, sep);
	return capture_end(f);
}

static void fill(struct conntable *t)
{
	static const char path[] = "/run/a,\"b\"\tc\nd";
	struct conn *c = conntable_append(t);

	c->proto = PROTO_TCP;
	c->family = AF_INET6;
	c->state = CS_LISTEN;
	assert_int_equal(inet_pton(AF_INET6, "2001:db8::1", c->local.addr), 1);
	c->local.port = 443;
	c->send_q = 128;
	c->service = "https";
	c->service_class = PC_WELL_KNOWN;
	c->direction = DIR_LISTEN;
	c->inode = 77;
	c = add_unix_named(t, SOCK_DGRAM, US_CONNECTED, path, sizeof(path) - 1);
	c->inode = 78;
}

static void test_csv_default(void **state)
{
	struct conntable t;
	struct format_ctx o;
	char *s;
	(void)state;

	conntable_init(&t);
	fill(&t);
	opts_init(&o);
	s = csv(&t, &o, ',');
	assert_string_equal(s, "proto,recv_q,send_q,local,remote,state,service,class\n"
			       "tcp6,0,128,[2001:db8::1]:443,[::]:*,LISTEN,https,well-known\n"
			       "unix,0,0,\"/run/a,\"\"b\"\"\\tc\\nd\",,CONNECTED,,\n");
	free(s);
	o.show.no_header = true;
	o.show.extend = true;
	o.show.show_unix = false;
	s = csv(&t, &o, ',');
	assert_string_equal(
	    s, "tcp6,0,128,[2001:db8::1]:443,[::]:*,LISTEN,https,well-known,listen,0,77\n");
	free(s);
	conntable_free(&t);
}

static void test_tsv_and_columns(void **state)
{
	struct conntable t;
	struct format_ctx o;
	struct column_set set;
	char msg[128], *s;
	(void)state;

	conntable_init(&t);
	fill(&t);
	opts_init(&o);
	assert_int_equal(
	    column_set_parse(&set, "path,proto,local_port,type,inode,foreign", msg, sizeof(msg)),
	    0);
	o.columns = &set;
	s = csv(&t, &o, '\t');
	assert_string_equal(s, "path\tproto\tlocal_port\ttype\tinode\tremote\n"
			       "\ttcp6\t443\tSTREAM\t77\t[::]:*\n"
			       "/run/a,\"b\"\\tc\\nd\tunix\t\tDGRAM\t78\t\n");
	free(s);
	conntable_free(&t);
}

static void test_parse_errors(void **state)
{
	struct column_set set;
	char msg[128];
	(void)state;

	assert_int_equal(column_set_parse(&set, "proto,bogus", msg, sizeof(msg)), -EINVAL);
	assert_string_equal(msg, "unknown column 'bogus' (-O help lists the names)");
	assert_int_equal(column_set_parse(&set, "proto,proto", msg, sizeof(msg)), -EINVAL);
	assert_string_equal(msg, "repeated column 'proto' (-O help lists the names)");
	assert_int_equal(column_set_parse(&set, "proto,,local", msg, sizeof(msg)), -EINVAL);
	assert_int_equal(column_set_parse(&set, "", msg, sizeof(msg)), -EINVAL);
	assert_int_equal(column_set_parse(&set, "pro\x1bto", msg, sizeof(msg)), -EINVAL);
	/* Raw here: main.c's reporter escapes the whole message, once. */
	assert_string_equal(msg, "unknown column 'pro\x1bto' (-O help lists the names)");
	assert_int_equal(column_set_parse(&set, "state,local", msg, sizeof(msg)), 0);
	assert_int_equal(set.n, 2);
	assert_int_equal(set.ids[0], COL_STATE);
	assert_int_equal(set.ids[1], COL_LOCAL);
}

/* Every column has a distinct, shell-safe name and a line of help. */
static void test_registry(void **state)
{
	char help[4096];
	size_t i, j;
	(void)state;

	/* main.c prints it from a buffer of this size */
	assert_true(column_set_help(help, sizeof(help)) < sizeof(help));
	for (i = 0; i < COL_COUNT; i++) {
		const struct column_info *ci = column_info((enum column_id)i);

		assert_int_equal(strspn(ci->name, "abcdefghijklmnopqrstuvwxyz_"), strlen(ci->name));
		assert_non_null(strstr(help, ci->name));
		for (j = 0; j < i; j++)
			assert_string_not_equal(ci->name, column_info((enum column_id)j)->name);
	}
}

static void test_owner_cells(void **state)
{
	struct conntable t;
	struct format_ctx o;
	struct cellbuf cb = {NULL, 0};
	struct conn *c;
	size_t n;
	(void)state;

	conntable_init(&t);
	opts_init(&o);
	c = conntable_append(&t);
	c->proto = PROTO_TCP;
	c->family = AF_INET;
	assert_int_equal(column_render(COL_OWNER, &t, c, &o, &cb, NULL), 0); /* none: "-" */
	c->owners_hidden = true;
	n = column_render(COL_OWNER, &t, c, &o, &cb, NULL);
	assert_memory_equal(cb.p, "?", n);
	c->owner_first = conntable_add_owner(&t, 900, conntable_intern(&t, "b\nad", 4), 0);
	(void)conntable_add_owner(&t, 812, conntable_intern(&t, "sshd", 4),
				  conntable_intern(&t, "ssh.service", 11));
	c = &t.conns[0];
	c->owner_count = 2;
	/* Owners seen, and maybe more that this user cannot see: "+?". */
	n = column_render(COL_OWNER, &t, c, &o, &cb, NULL);
	assert_int_equal(n, strlen("812/sshd+1+?"));
	assert_memory_equal(cb.p, "812/sshd+1+?", n);
	(void)column_render(COL_PID, &t, c, &o, &cb, NULL);
	assert_string_equal(cb.p, "812");
	c->owners_hidden = false;
	n = column_render(COL_OWNER, &t, c, &o, &cb, NULL);
	assert_int_equal(n, strlen("812/sshd+1"));
	assert_string_equal(cb.p, "812/sshd+1");
	(void)column_render(COL_PID, &t, c, &o, &cb, NULL);
	assert_string_equal(cb.p, "812");
	(void)column_render(COL_UNIT, &t, c, &o, &cb, NULL);
	assert_string_equal(cb.p, "ssh.service");
	t.owners[0].pid = 1;
	(void)column_render(COL_PROGRAM, &t, c, &o, &cb, NULL);
	assert_string_equal(cb.p, "b\\nad");
	cellbuf_free(&cb);
	conntable_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_csv_default),	 cmocka_unit_test(test_tsv_and_columns),
	    cmocka_unit_test(test_parse_errors), cmocka_unit_test(test_registry),
	    cmocka_unit_test(test_owner_cells),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
