/*
 * test_column_set.c - the three ways to a cell agree: column_render (the
 * cellbuf), column_render_into (straight into a buffer: the table's hot
 * loop) and column_width (the measuring pass), for every column, over
 * sockets of every kind and with port names on and off; column_render_into
 * never writes past its room; and format_table's output equals the table
 * built cell by cell from column_render through the columns module (the
 * layout the direct path must reproduce).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <sys/socket.h>

#include "output/columns.h"
#include "conn_builder.h"
#include "model/conntable.h"
#include "lib/escape.h"
#include "fmt_capture.h"
#include "output/format.h"
#include "enrich/display_names.h"
#include "enrich/services.h"
#include "support/name_tables.h"

/* One socket of every kind a cell treats apart, with odd values. */
static void fill(struct conntable *t)
{
	static const char path[] = "/run/x\n\x1b[31m";
	static const char long_name[] = "a-service-name-far-longer-than-any-in-etc-services-"
					"which-still-has-to-print-whole-and-escaped-\\-too";
	struct conn *c;

	c = add_inet(t, PROTO_TCP, AF_INET, "127.0.0.1", 443, "0.0.0.0", 0, CS_LISTEN);
	c->send_q = 4096;
	c->service = "https";
	c->service_class = PC_WELL_KNOWN;
	c->direction = DIR_LISTEN;
	c->inode = 123456789012ull;
	c = add_inet(t, PROTO_TCP, AF_INET6, "2001:db8::1", 50000, "::ffff:10.0.0.1", 22,
		     CS_ESTABLISHED);
	c->recv_q = UINT32_MAX;
	c->service = "ssh";
	c->service_class = PC_WELL_KNOWN;
	c->direction = DIR_OUT;
	c->uid = 65534;
	c = add_inet(t, PROTO_TCP, AF_INET6, "fe80::1:2:3:4", 8080, "::", 0, CS_TIME_WAIT);
	c->service = "bad\tname\\";
	c->service_class = PC_REGISTERED;
	c = add_inet(t, PROTO_UDP, AF_INET, "10.1.2.3", 53, "0.0.0.0", 0, CS_CLOSE);
	c->service = long_name;
	c->service_class = PC_WELL_KNOWN;
	c = add_inet(t, PROTO_RAW, AF_INET6, "::1", 58, "::", 0, CS_CLOSE);
	c = add_unix_named(t, SOCK_STREAM, US_CONNECTED, path, sizeof(path) - 1);
	c->inode = 42;
	c->unix_peer = 43;
	c = add_unix_named(t, SOCK_DGRAM, US_UNCONNECTED, NULL, 0);
	c->unix_flags = UNIX_FLAG_ACCEPTCON;
}

static void opts_init(struct format_ctx *o, bool numeric)
{
	memset(o, 0, sizeof(*o));
	o->show.show_inet = o->show.show_unix = o->show.all = true;
	o->show.numeric_hosts = true;
	o->show.numeric_ports = numeric;
}

/* column_render_into, within room and past it, against column_render and column_width. */
static void check_cell(const struct conntable *t, const struct conn *c, const struct format_ctx *o,
		       struct addrfmt_memo *memo, enum column_id id)
{
	struct cellbuf cb = {NULL, 0}, scratch = {NULL, 0};
	char buf[COLUMN_CELL_MAX + 16];
	size_t want = column_render(id, t, c, o, &cb, NULL);
	size_t got, cap;

	assert_int_equal(column_width(id, t, c, o, memo, &scratch), want);
	memset(buf, 'Z', sizeof(buf));
	got = column_render_into(id, t, c, o, memo, buf, COLUMN_CELL_MAX);
	assert_true(buf[COLUMN_CELL_MAX] == 'Z');
	if (got == COLUMN_NO_FIT) {
		/* Only the unbounded cells, and a service name too long for the room. */
		assert_true(!column_renders_into(id, c->proto == PROTO_UNIX) ||
			    (id == COL_SERVICE && c->service != NULL &&
			     ESCAPE_BOUND(strlen(c->service)) > COLUMN_CELL_MAX));
	} else {
		assert_int_equal(got, want);
		assert_memory_equal(buf, cb.p, want);
		/* Less room: the whole cell or COLUMN_NO_FIT, never a byte past cap. */
		for (cap = 0; cap <= want + 1; cap++) {
			memset(buf, 'Z', sizeof(buf));
			got = column_render_into(id, t, c, o, memo, buf, cap);
			assert_true(buf[cap] == 'Z');
			if (got != COLUMN_NO_FIT) {
				assert_int_equal(got, want);
				assert_memory_equal(buf, cb.p, want);
			}
		}
	}
	cellbuf_free(&cb);
	cellbuf_free(&scratch);
}

static void test_cells_agree(void **state)
{
	struct services *svc = services_load_builtin();
	struct addrfmt_memo memo;
	struct conntable t;
	struct format_ctx o;
	size_t i, id;
	int numeric;
	(void)state;

	conntable_init(&t);
	fill(&t);
	display_names_ports(&t, svc, NULL);
	/* Without a memo, and with one kept over every row and column (hits and misses). */
	addrfmt_memo_init(&memo);
	for (numeric = 0; numeric <= 3; numeric++) {
		opts_init(&o, numeric & 1);
		for (i = 0; i < t.len; i++)
			for (id = 0; id < COL_COUNT; id++)
				check_cell(&t, &t.conns[i], &o, numeric & 2 ? &memo : NULL,
					   (enum column_id)id);
	}
	conntable_free(&t);
	services_free(svc);
}

/* The table as the columns module lays out column_render's cells. */
static char *reference_section(const struct conntable *t, const struct format_ctx *o,
			       const struct column_set *set, bool unix_section)
{
	struct grid_column spec[GRID_MAX_COLS];
	struct cellbuf cb = {NULL, 0};
	struct grid cols;
	FILE *f;
	struct outbuf *out = capture_begin(&f);
	size_t i, k;

	for (k = 0; k < set->n; k++)
		spec[k] = (struct grid_column){unix_section ? column_info(set->ids[k])->unix_header
							    : column_info(set->ids[k])->header,
					       column_info(set->ids[k])->align};
	grid_init(&cols, spec, set->n);
	for (i = 0; i < t->len; i++) {
		if ((t->conns[i].proto == PROTO_UNIX) != unix_section)
			continue;
		for (k = 0; k < set->n; k++) {
			size_t n = column_render(set->ids[k], t, &t->conns[i], o, &cb, NULL);

			grid_add(&cols, cb.p, n);
		}
	}
	grid_print(&cols, out, true);
	grid_free(&cols);
	cellbuf_free(&cb);
	return capture_end(f);
}

static void check_table(const struct conntable *t, struct format_ctx *o,
			const struct column_set *set)
{
	char *got, *inet, *unix_part, *want;
	FILE *f;
	struct outbuf *out;

	o->columns = set;
	o->show.show_unix = false;
	out = capture_begin(&f);
	format_table(t, o, out);
	got = capture_end(f);
	inet = reference_section(t, o, set, false);
	want = malloc(strlen(inet) + 64);
	assert_non_null(want);
	strcpy(want, "Active Internet connections (servers and established)\n");
	strcat(want, inet);
	assert_string_equal(got, want);
	free(got);
	free(want);
	free(inet);

	o->show.show_inet = false;
	o->show.show_unix = true;
	out = capture_begin(&f);
	format_table(t, o, out);
	got = capture_end(f);
	unix_part = reference_section(t, o, set, true);
	assert_non_null(strstr(got, unix_part));
	assert_string_equal(strstr(got, unix_part), unix_part);
	free(got);
	free(unix_part);
	o->show.show_inet = true;
}

static void test_table_matches_reference(void **state)
{
	static const char *const lists[] = {
	    "proto,recv_q,send_q,local,remote,state,service,class",
	    "send_q,proto,dir,uid,inode,local_port,remote_port,family,state",
	    "class,service,recv_q", "proto,local,path,remote", /* a column without a direct cell */
	};
	struct services *svc = services_load_builtin();
	struct conntable t;
	struct format_ctx o;
	struct column_set set;
	char msg[128];
	size_t i;
	int numeric;
	(void)state;

	conntable_init(&t);
	fill(&t);
	display_names_ports(&t, svc, NULL);
	for (numeric = 0; numeric <= 1; numeric++) {
		for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
			opts_init(&o, numeric);
			assert_int_equal(column_set_parse(&set, lists[i], msg, sizeof(msg)), 0);
			check_table(&t, &o, &set);
		}
	}
	conntable_free(&t);
	services_free(svc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cells_agree),
	    cmocka_unit_test(test_table_matches_reference),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
