/*
 * test_proc_parse.c - the /proc/net line parsers and file reader, rule by
 * rule (issue 2), plus every real-world sample in ../shared/fixtures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/conntable.h"
#include "source/source.h"
#include "lib/warnings.h"

static enum proc_line parse4(const char *line, struct conn *c)
{
	memset(c, 0, sizeof(*c));
	return proc_parse_inet_line(line, strlen(line), AF_INET, c);
}

static enum proc_line parse6(const char *line, struct conn *c)
{
	memset(c, 0, sizeof(*c));
	return proc_parse_inet_line(line, strlen(line), AF_INET6, c);
}

static void test_ipv4_little_endian_word(void **state)
{
	struct conn c;
	(void)state;

	assert_int_equal(
	    parse4("   0: 0100007F:0016 0200000A:C350 01 00000010:00000020 02:000AC99B "
		   "00000003  1000        4 123456 1 ffff88003d3af3c0 100 0 0 10 0",
		   &c),
	    PROC_LINE_OK);
	assert_memory_equal(c.local.addr, "\x7f\x00\x00\x01", 4);
	assert_int_equal(c.local.port, 22);
	assert_memory_equal(c.remote.addr, "\x0a\x00\x00\x02", 4);
	assert_int_equal(c.remote.port, 50000);
	assert_int_equal(c.state, CS_ESTABLISHED);
	assert_int_equal(c.send_q, 0x10);
	assert_int_equal(c.recv_q, 0x20);
	assert_int_equal(c.timer, TIMER_KEEPALIVE);
	assert_int_equal(c.timer_ms, 0xAC99B * 10);
	assert_int_equal(c.retransmits, 3);
	assert_int_equal(c.uid, 1000);
	assert_int_equal(c.probes, 4);
	assert_int_equal(c.inode, 123456);
}

/* A state byte past the kernel's states is unknown (CS_NONE): a record keeps four bits of it. */
static void test_state_past_the_known_ones(void **state)
{
	struct conn c;
	(void)state;

	assert_int_equal(
	    parse4("   0: 0100007F:0016 0200000A:C350 1F 00000010:00000020 02:000AC99B "
		   "00000003  1000        4 123456 1 ffff88003d3af3c0 100 0 0 10 0",
		   &c),
	    PROC_LINE_OK);
	assert_int_equal(c.state, CS_NONE);
}

static void test_ipv6_words_not_reversed_whole(void **state)
{
	struct conn c;
	/* 2001:db8::1 is stored as the words B80D0120 00000000 00000000 01000000. */
	static const uint8_t want[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
					 0,    0,    0,	   0,	 0, 0, 0, 1};
	(void)state;

	assert_int_equal(
	    parse6("  1: B80D0120000000000000000001000000:01BB "
		   "00000000000000000000000000000000:0000 0A 00000000:00000000 "
		   "00:00000000 00000000     0        0 777 1 0000000000000000 100 0 0 10 0",
		   &c),
	    PROC_LINE_OK);
	assert_memory_equal(c.local.addr, want, 16);
	assert_int_equal(c.local.port, 443);
	assert_int_equal(c.state, CS_LISTEN);
}

static void test_ipv4_mapped_ipv6(void **state)
{
	struct conn c;
	static const uint8_t want[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1};
	(void)state;

	assert_int_equal(parse6("  0: 0000000000000000FFFF00000100007F:1F90 "
				"0000000000000000FFFF00000100007F:9C40 01 00000000:00000000 "
				"00:00000000 00000000     0        0 5 1",
				&c),
			 PROC_LINE_OK);
	assert_memory_equal(c.local.addr, want, 16);
	assert_int_equal(c.local.port, 8080);
}

static void test_header_detected_by_content(void **state)
{
	struct conn c;
	(void)state;

	assert_int_equal(
	    parse4("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
		   "retrnsmt   uid  timeout inode",
		   &c),
	    PROC_LINE_HEADER);
	assert_int_equal(parse4("sl  local_address rem_address", &c), PROC_LINE_HEADER);
	assert_int_equal(parse4("slot 1", &c), PROC_LINE_BAD);
}

static void test_timewait_and_request_lines_end_early(void **state)
{
	struct conn c;
	(void)state;

	/* TIME_WAIT: uid, timeout and inode are 0, and the line stops after the pointer. */
	assert_int_equal(
	    parse4("   3: 0100007F:9C40 0100007F:0016 06 00000000:00000000 03:00001770 "
		   "00000000     0        0 0 3 ffff8c7a1c76d000",
		   &c),
	    PROC_LINE_OK);
	assert_int_equal(c.state, CS_TIME_WAIT);
	assert_int_equal(c.timer, TIMER_TIMEWAIT);
	assert_int_equal(c.inode, 0);
	/* The shortest acceptable line ends right after the inode. */
	assert_int_equal(parse4("1: 3500007F:0035 00000000:0000 0A 00000000:00000000 00:00000000 "
				"00000000   101        0 15979",
				&c),
			 PROC_LINE_OK);
	assert_int_equal(c.inode, 15979);
}

static void test_new_states_and_64bit_inode(void **state)
{
	struct conn c;
	(void)state;

	assert_int_equal(parse4("0: 0100007F:0050 0100007F:D431 0C 00000000:00000000 00:00000000 "
				"00000000 0 0 18446744073709551615",
				&c),
			 PROC_LINE_OK);
	assert_int_equal(c.state, CS_NEW_SYN_RECV);
	assert_true(c.inode == UINT64_MAX);
	assert_int_equal(parse4("0: 0100007F:0050 00000000:0000 0D 00000000:00000000 00:00000000 "
				"00000000 0 0 4294967296",
				&c),
			 PROC_LINE_OK);
	assert_int_equal(c.state, CS_BOUND_INACTIVE);
	assert_true(c.inode == 4294967296ULL);
}

static void test_padding_and_extra_columns(void **state)
{
	struct conn c;
	(void)state;

	assert_int_equal(
	    parse4("   0: 00000000:0016 00000000:0000 0A 00000015:00000000 00:00000000 "
		   "00000000     0        0 2740 1 ffff88003d3af3c0 100 0 0 10 0 "
		   "99 98 97 new columns                      ",
		   &c),
	    PROC_LINE_OK);
	assert_int_equal(c.inode, 2740);
	assert_int_equal(c.send_q, 0x15);
}

static void test_bad_lines(void **state)
{
	struct conn c;
	(void)state;

	/* non-hex digit in the address */
	assert_int_equal(parse4("0: 0100007G:0016 00000000:0000 0A 00000000:00000000 00:00000000 "
				"00000000 0 0 1",
				&c),
			 PROC_LINE_BAD);
	/* a 5-digit port */
	assert_int_equal(parse4("0: 0100007F:00016 00000000:0000 0A 00000000:00000000 00:00000000 "
				"00000000 0 0 1",
				&c),
			 PROC_LINE_BAD);
	/* too few fields (prometheus' udp_broken) */
	assert_int_equal(parse4("   1: 00000000:0016 00000000:0000 0A", &c), PROC_LINE_BAD);
	/* an IPv6 address in an IPv4 file */
	assert_int_equal(parse4("0: 00000000000000000000000000000000:0016 00000000:0000 0A "
				"00000000:00000000 00:00000000 00000000 0 0 1",
				&c),
			 PROC_LINE_BAD);
	/* a NUL byte inside the line */
	{
		char line[] = "0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 "
			      "00000000 0 0 1";
		line[20] = '\0';
		memset(&c, 0, sizeof(c));
		assert_int_equal(proc_parse_inet_line(line, sizeof(line) - 1, AF_INET, &c),
				 PROC_LINE_BAD);
	}
	/* trailing garbage glued to the inode */
	assert_int_equal(parse4("0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 "
				"00000000 0 0 12x",
				&c),
			 PROC_LINE_BAD);
	assert_int_equal(parse4("", &c), PROC_LINE_BAD);
}

static enum proc_line parse_unix(struct conntable *t, const char *line, bool has_inode)
{
	struct conn *c = conntable_append(t);
	enum proc_line r = proc_parse_unix_line(line, strlen(line), has_inode, t, c);

	if (r != PROC_LINE_OK)
		conntable_drop_last(t);
	return r;
}

static void test_unix_lines(void **state)
{
	struct conntable t;
	const struct conn *c;
	(void)state;

	conntable_init(&t);
	assert_int_equal(
	    parse_unix(&t, "Num       RefCount Protocol Flags    Type St Inode Path", true),
	    PROC_LINE_HEADER);
	assert_int_equal(parse_unix(&t,
				    "0000000000000000: 00000002 00000000 00010000 0001 01 3442596 "
				    "/var/run/postgresql/.s.PGSQL.5432",
				    true),
			 PROC_LINE_OK);
	c = &t.conns[0];
	assert_int_equal(c->unix_flags, 0x10000);
	assert_true(conn_is_listening(c));
	assert_int_equal(c->unix_type, SOCK_STREAM);
	assert_int_equal(c->state, US_UNCONNECTED);
	assert_int_equal(c->inode, 3442596);
	/* /proc/net/unix has no uid column: unknown, never root's 0. */
	assert_int_equal(c->uid, UINT32_MAX);
	assert_int_equal(c->path_len, strlen("/var/run/postgresql/.s.PGSQL.5432"));
	assert_memory_equal(t.pool + c->path, "/var/run/postgresql/.s.PGSQL.5432", c->path_len);

	/* names with spaces keep every space, including trailing ones */
	assert_int_equal(parse_unix(&t,
				    "ffff8db2fd23a000: 00000003 00000000 00000000 0001 03 17031 "
				    "/tmp/a  b c  ",
				    true),
			 PROC_LINE_OK);
	c = &t.conns[1];
	assert_int_equal(c->path_len, strlen("/tmp/a  b c  "));
	assert_memory_equal(t.pool + c->path, "/tmp/a  b c  ", c->path_len);

	/* abstract: the kernel's '@' becomes the NUL it stands for */
	assert_int_equal(parse_unix(&t,
				    "ffff880037a393c0: 00000002 00000000 00000000 0002 01  9050 "
				    "@/org/kernel/udev/udevd",
				    true),
			 PROC_LINE_OK);
	c = &t.conns[2];
	assert_int_equal(t.pool[c->path], '\0');
	assert_memory_equal(t.pool + c->path + 1, "/org/kernel/udev/udevd", c->path_len - 1);

	/* no path at all */
	assert_int_equal(
	    parse_unix(&t, "ffff8db2f3e09400: 00000002 00000000 00000000 0002 01 21401", true),
	    PROC_LINE_OK);
	assert_int_equal(t.conns[3].path_len, 0);

	/* old kernels: no Inode column */
	assert_int_equal(parse_unix(&t,
				    "0000000000000000: 00000002 00000000 00010000 0001 01 "
				    "/var/run/postgresql/.s.PGSQL.5432",
				    false),
			 PROC_LINE_OK);
	assert_int_equal(t.conns[4].inode, 0);
	assert_int_equal(t.conns[4].path_len, strlen("/var/run/postgresql/.s.PGSQL.5432"));

	/* corrupted: the Inode column is missing though the header has it */
	assert_int_equal(
	    parse_unix(&t, "ffff8db2f3e09400: 00000002 00000000 00000000 0002 01", true),
	    PROC_LINE_BAD);
	/* a line of zeros */
	assert_int_equal(
	    parse_unix(&t, "000000000000000000000000000000000000000000000000000000", true),
	    PROC_LINE_BAD);
	assert_int_equal(t.len, 5);
	conntable_free(&t);
}

/* Writes content to DIR/net/NAME and returns DIR (a fresh temporary tree). */
static char *make_tree(const char *name, const char *content, size_t len)
{
	char tmpl[] = "/tmp/portstat-test-XXXXXX";
	char path[256];
	char *dir = mkdtemp(tmpl);
	FILE *f;

	assert_non_null(dir);
	dir = strdup(dir);
	snprintf(path, sizeof(path), "%s/net", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/net/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return dir;
}

static void remove_tree(char *dir, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/net/%s", dir, name);
	unlink(path);
	snprintf(path, sizeof(path), "%s/net", dir);
	rmdir(path);
	rmdir(dir);
	free(dir);
}

static void test_file_reader_reports_bad_lines_once(void **state)
{
	static const char content[] =
	    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
	    "timeout inode\n"
	    "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0  "
	    "      0 2740 1\n"
	    "   1: 00000000:00016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0  "
	    "      0 2741 1\n"
	    "   2: junk\n"
	    "   3: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0  "
	    "      0 2742 1"; /* no final newline */
	char *dir = make_tree("tcp", content, sizeof(content) - 1);
	struct source_cfg cfg = {.proc_root = dir, .protos = 1u << PROTO_TCP, .inet4 = true};
	struct conntable t;
	struct warnings w;
	char want[512];
	(void)state;

	conntable_init(&t);
	warnings_init(&w);
	assert_int_equal(source_proc_read(&cfg, PROTO_TCP, AF_INET, &t, &w), 0);
	assert_int_equal(t.len, 2);
	assert_int_equal(t.conns[0].inode, 2740);
	assert_int_equal(t.conns[1].inode, 2742);
	assert_int_equal(t.conns[1].proto, PROTO_TCP);
	assert_int_equal(w.len, 1);
	snprintf(want, sizeof(want),
		 "%s/net/tcp:3: malformed line skipped (2 malformed lines in all)", dir);
	assert_string_equal(w.msgs[0], want);

	/* A missing file (no IPv6 on this host) is -ENOENT and no warning. */
	warnings_clear(&w);
	assert_int_equal(source_proc_read(&cfg, PROTO_TCP, AF_INET6, &t, &w), -2);
	assert_int_equal(w.len, 0);
	conntable_free(&t);
	warnings_free(&w);
	remove_tree(dir, "tcp");
}

static void test_file_reader_huge_line_and_nul(void **state)
{
	size_t big = 70 * 1024;
	static const char good[] = "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 "
				   "00:00000000 00000000     0        0 2740 1\n";
	size_t len = big + 2 * (sizeof(good) - 1) + 8;
	char *content = malloc(len);
	char *p = content, *dir;
	struct source_cfg cfg = {.proc_root = NULL, .protos = 1u << PROTO_TCP, .inet4 = true};
	struct conntable t;
	struct warnings w;
	(void)state;

	memcpy(p, good, sizeof(good) - 1);
	p += sizeof(good) - 1;
	memset(p, 'A', big);
	p += big;
	*p++ = '\n';
	memcpy(p, "\0\0\0\0\n", 5);
	p += 5;
	memcpy(p, good, sizeof(good) - 1);
	p += sizeof(good) - 1;
	dir = make_tree("tcp", content, (size_t)(p - content));
	cfg.proc_root = dir;
	conntable_init(&t);
	warnings_init(&w);
	assert_int_equal(source_proc_read(&cfg, PROTO_TCP, AF_INET, &t, &w), 0);
	assert_int_equal(t.len, 2);
	assert_int_equal(w.len, 1);
	assert_non_null(strstr(w.msgs[0], "net/tcp:2: malformed line skipped"));
	conntable_free(&t);
	warnings_free(&w);
	free(content);
	remove_tree(dir, "tcp");
}

/*
 * The kernel prints each address word as the raw network-order __be32
 * with %08X, so the text depends on the host: 127.0.0.1 is "0100007F" on
 * x86 and "7F000001" on s390x.  Both must decode to the same bytes.
 */
static void test_addr_words_in_either_byte_order(void **state)
{
	static const uint8_t lo[4] = {0x7f, 0x00, 0x00, 0x01};
	static const uint8_t doc6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
					 0,    0,    0,	   0,	 0, 0, 0, 1};
	uint8_t a[16];
	uint32_t word = 0;
	(void)state;

	assert_true(proc_decode_addr("0100007F", 8, AF_INET, PROC_ORDER_LITTLE, a));
	assert_memory_equal(a, lo, 4);
	assert_true(proc_decode_addr("7F000001", 8, AF_INET, PROC_ORDER_BIG, a));
	assert_memory_equal(a, lo, 4);
	assert_true(proc_decode_addr("B80D0120000000000000000001000000", 32, AF_INET6,
				     PROC_ORDER_LITTLE, a));
	assert_memory_equal(a, doc6, 16);
	assert_true(
	    proc_decode_addr("20010DB8000000000000000000000001", 32, AF_INET6, PROC_ORDER_BIG, a));
	assert_memory_equal(a, doc6, 16);
	/* On this host the text is the word the kernel held in memory. */
	memcpy(&word, lo, 4);
	{
		char text[9];

		(void)snprintf(text, sizeof(text), "%08X", word);
		assert_true(proc_decode_addr(text, 8, AF_INET, PROC_ORDER_HOST, a));
		assert_memory_equal(a, lo, 4);
	}
	assert_false(proc_decode_addr("7F00001", 7, AF_INET, PROC_ORDER_BIG, a));
	assert_false(proc_decode_addr("7F00000G", 8, AF_INET, PROC_ORDER_BIG, a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ipv4_little_endian_word),
	    cmocka_unit_test(test_state_past_the_known_ones),
	    cmocka_unit_test(test_addr_words_in_either_byte_order),
	    cmocka_unit_test(test_ipv6_words_not_reversed_whole),
	    cmocka_unit_test(test_ipv4_mapped_ipv6),
	    cmocka_unit_test(test_header_detected_by_content),
	    cmocka_unit_test(test_timewait_and_request_lines_end_early),
	    cmocka_unit_test(test_new_states_and_64bit_inode),
	    cmocka_unit_test(test_padding_and_extra_columns),
	    cmocka_unit_test(test_bad_lines),
	    cmocka_unit_test(test_unix_lines),
	    cmocka_unit_test(test_file_reader_reports_bad_lines_once),
	    cmocka_unit_test(test_file_reader_huge_line_and_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
