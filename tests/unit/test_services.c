/*
 * test_services.c - services database parsing, lookup by protocol and by
 * name, the built-in fallback table, and /etc/protocols names.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixtures.h"

#include "model/conntable.h"
#include "enrich/protocols.h"
#include "enrich/services.h"
#include "lib/warnings.h"
#include "support/name_tables.h"

static char *write_file(const char *content)
{
	char tmpl[] = "/tmp/portstat-services-XXXXXX";
	int fd = mkstemp(tmpl);
	size_t n = strlen(content);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, n), (ssize_t)n);
	close(fd);
	return strdup(tmpl);
}

static void test_parse_and_lookup(void **state)
{
	char *path = write_file("# comment\n"
				"ssh\t\t22/tcp\t\t\t# SSH Remote Login Protocol\n"
				"exec\t\t512/tcp\n"
				"biff\t\t512/udp\t\tcomsat\n"
				"domain\t\t53/tcp\n"
				"domain\t\t53/udp\n"
				"sctp-only\t9/sctp\n"
				"garbage line without port\n"
				"bad\t\t70000/tcp\n"
				"\n");
	struct services *s;
	struct warnings w;
	(void)state;

	warnings_init(&w);
	assert_int_equal(services_load(&s, path, &w), 0);
	assert_string_equal(services_name(s, 22, PROTO_TCP), "ssh");
	assert_null(services_name(s, 22, PROTO_UDP));
	assert_string_equal(services_name(s, 512, PROTO_TCP), "exec");
	assert_string_equal(services_name(s, 512, PROTO_UDP), "biff");
	assert_string_equal(services_name(s, 53, PROTO_UDPLITE), "domain");
	assert_null(services_name(s, 9, PROTO_TCP));
	assert_null(services_name(s, 22, PROTO_RAW));
	assert_int_equal(services_entries(s), 5);
	assert_int_equal(w.len, 1); /* two bad lines, one message */
	services_free(s);
	warnings_free(&w);
	unlink(path);
	free(path);
}

static void test_missing_file(void **state)
{
	struct services *s;
	struct warnings w;
	(void)state;

	warnings_init(&w);
	assert_true(services_load(&s, "/nonexistent/services", &w) < 0);
	assert_non_null(s);
	assert_true(services_same_as_builtin(s));
	assert_string_equal(services_name(s, 22, PROTO_TCP), "ssh");
	services_free(s);
	warnings_free(&w);
}

/* The ports the issue names, by protocol, as the built-in table has them. */
static void check_builtin_ports(const struct services *s)
{
	assert_true(services_same_as_builtin(s));
	assert_string_equal(services_name(s, 20, PROTO_TCP), "ftp-data");
	assert_string_equal(services_name(s, 21, PROTO_TCP), "ftp");
	assert_string_equal(services_name(s, 22, PROTO_TCP), "ssh");
	assert_string_equal(services_name(s, 23, PROTO_TCP), "telnet");
	assert_string_equal(services_name(s, 25, PROTO_TCP), "smtp");
	assert_string_equal(services_name(s, 53, PROTO_TCP), "domain");
	assert_string_equal(services_name(s, 53, PROTO_UDP), "domain");
	assert_string_equal(services_name(s, 53, PROTO_UDPLITE), "domain");
	assert_string_equal(services_name(s, 67, PROTO_UDP), "bootps");
	assert_string_equal(services_name(s, 68, PROTO_UDP), "bootpc");
	assert_string_equal(services_name(s, 80, PROTO_TCP), "http");
	assert_string_equal(services_name(s, 110, PROTO_TCP), "pop3");
	assert_string_equal(services_name(s, 143, PROTO_TCP), "imap2");
	assert_int_equal(services_port(s, "imap", PROTO_TCP), 143);
	assert_string_equal(services_name(s, 443, PROTO_TCP), "https");
	assert_string_equal(services_name(s, 512, PROTO_TCP), "exec");
	assert_string_equal(services_name(s, 512, PROTO_UDP), "biff");
	/* Common registered ports. */
	assert_string_equal(services_name(s, 3306, PROTO_TCP), "mysql");
	assert_string_equal(services_name(s, 5432, PROTO_TCP), "postgresql");
	assert_string_equal(services_name(s, 6379, PROTO_TCP), "redis");
	assert_string_equal(services_name(s, 8080, PROTO_TCP), "http-alt");
	assert_string_equal(services_name(s, 27017, PROTO_TCP), "mongodb");
	assert_null(services_name(s, 22, PROTO_UDP));
	assert_null(services_name(s, 9999, PROTO_TCP));
}

static void test_builtin_when_missing(void **state)
{
	struct services *s;
	struct warnings w;
	(void)state;

	warnings_init(&w);
	assert_true(services_load(&s, "/nonexistent", &w) < 0);
	check_builtin_ports(s);
	assert_int_equal(w.len, 0);
	services_free(s);
	warnings_free(&w);
}

static void test_builtin_when_empty(void **state)
{
	char *path = write_file("");
	char *comments = write_file("# only comments\n\n   \n");
	struct services *s;
	struct warnings w;
	(void)state;

	warnings_init(&w);
	assert_int_equal(services_load(&s, path, &w), 0);
	check_builtin_ports(s);
	services_free(s);
	assert_int_equal(services_load(&s, comments, &w), 0);
	check_builtin_ports(s);
	services_free(s);
	s = services_load_builtin();
	check_builtin_ports(s);
	services_free(s);
	warnings_free(&w);
	unlink(path);
	unlink(comments);
	free(path);
	free(comments);
}

/* Every TCP and UDP entry of the well-known range in Debian's netbase is built in. */
static void test_builtin_covers_netbase(void **state)
{
	char path[4096];
	struct services *file, *builtin;
	struct warnings w;
	size_t checked = 0;
	unsigned port;
	(void)state;

	fixture_path(path, sizeof(path), "SHARED_FIXTURES", "netbase/services");
	warnings_init(&w);
	assert_int_equal(services_load(&file, path, &w), 0);
	assert_false(services_same_as_builtin(file));
	builtin = services_load_builtin();
	for (port = 0; port < 1024; port++) {
		const char *a = services_name(file, (uint16_t)port, PROTO_TCP);
		const char *b = services_name(file, (uint16_t)port, PROTO_UDP);

		if (a != NULL) {
			assert_non_null(services_name(builtin, (uint16_t)port, PROTO_TCP));
			assert_string_equal(services_name(builtin, (uint16_t)port, PROTO_TCP), a);
			checked++;
		}
		if (b != NULL) {
			assert_non_null(services_name(builtin, (uint16_t)port, PROTO_UDP));
			assert_string_equal(services_name(builtin, (uint16_t)port, PROTO_UDP), b);
			checked++;
		}
	}
	assert_true(checked > 100);
	services_free(builtin);
	services_free(file);
	warnings_free(&w);
}

static void test_lookup_by_name(void **state)
{
	char *path = write_file("http\t80/tcp\twww www-http # WorldWideWeb\n"
				"http\t80/udp\n"
				"http-alt\t8080/tcp\twebcache\n"
				"other\t81/tcp\thttp\n"
				"biff\t512/udp\tcomsat\n");
	struct services *s;
	struct warnings w;
	(void)state;

	warnings_init(&w);
	assert_int_equal(services_load(&s, path, &w), 0);
	assert_int_equal(services_port(s, "http", PROTO_TCP), 80); /* the first one wins */
	assert_int_equal(services_port(s, "www", PROTO_TCP), 80);
	assert_int_equal(services_port(s, "www-http", PROTO_TCP), 80);
	assert_int_equal(services_port(s, "WorldWideWeb", PROTO_TCP), -ENOENT);
	assert_int_equal(services_port(s, "webcache", PROTO_TCP), 8080);
	assert_int_equal(services_port(s, "comsat", PROTO_UDPLITE), 512);
	assert_int_equal(services_port(s, "comsat", PROTO_TCP), -ENOENT);
	assert_int_equal(services_port(s, "nosuch", PROTO_UDP), -ENOENT);
	assert_string_equal(services_name(s, 81, PROTO_TCP), "other");
	assert_int_equal(w.len, 0);
	services_free(s);
	warnings_free(&w);
	unlink(path);
	free(path);
}

static void test_protocols(void **state)
{
	char *path = write_file("# protocols\nip\t0\tIP\nhopopt\t0\tHOPOPT\n"
				"icmp\t1\tICMP # internet control\nipv6-icmp\t58\tIPv6-ICMP\n"
				"bad\t300\nbroken\n");
	struct protocols *p;
	(void)state;

	assert_int_equal(protocols_load(&p, path), 0);
	assert_false(protocols_same_as_builtin(p));
	assert_string_equal(protocols_name(p, 0), "ip");
	assert_string_equal(protocols_name(p, 1), "icmp");
	assert_string_equal(protocols_name(p, 58), "ipv6-icmp");
	assert_null(protocols_name(p, 6));
	assert_null(protocols_name(p, 300));
	protocols_free(p);
	assert_true(protocols_load(&p, "/nonexistent") < 0);
	assert_true(protocols_same_as_builtin(p));
	assert_string_equal(protocols_name(p, 1), "icmp");
	assert_string_equal(protocols_name(p, 58), "ipv6-icmp");
	assert_string_equal(protocols_name(p, 136), "udplite");
	protocols_free(p);
	unlink(path);
	free(path);
}

/* Port and protocol numbers: plain decimals in range, never wrapped. */
static void test_numbers(void **state)
{
	char *spath = write_file("wrap\t\t4294967376/tcp\n" /* 2^32 + 80 */
				 "big\t\t65536/tcp\n"
				 "sign\t\t+81/tcp\n"
				 "space\t\t82 /tcp\n"
				 "hex\t\t0x53/tcp\n"
				 "zeros\t\t00000000084/tcp\n"
				 "top\t\t65535/udp\n"
				 "zero\t\t0/tcp\n");
	char *ppath = write_file("wrap\t4294967302\n" /* 2^32 + 6 */
				 "sign\t+17\nneg\t-1\njunk\t41x\n"
				 "zeros\t0000000047\ntop\t255\tTOP\nover\t256\n");
	struct services *s;
	struct protocols *p;
	struct warnings w;
	(void)state;

	warnings_init(&w);
	assert_int_equal(services_load(&s, spath, &w), 0);
	assert_null(services_name(s, 80, PROTO_TCP));
	assert_null(services_name(s, 0, PROTO_UDP));
	assert_int_equal(services_port(s, "big", PROTO_TCP), -ENOENT);
	assert_int_equal(services_port(s, "sign", PROTO_TCP), -ENOENT);
	assert_int_equal(services_port(s, "space", PROTO_TCP), -ENOENT);
	assert_int_equal(services_port(s, "hex", PROTO_TCP), -ENOENT);
	assert_string_equal(services_name(s, 84, PROTO_TCP), "zeros");
	assert_string_equal(services_name(s, 65535, PROTO_UDP), "top");
	assert_string_equal(services_name(s, 0, PROTO_TCP), "zero");
	assert_int_equal(services_entries(s), 3);
	assert_int_equal(w.len, 1);
	services_free(s);
	warnings_free(&w);
	assert_int_equal(protocols_load(&p, ppath), 0);
	assert_null(protocols_name(p, 6));
	assert_null(protocols_name(p, 17));
	assert_null(protocols_name(p, 41));
	assert_string_equal(protocols_name(p, 47), "zeros");
	assert_string_equal(protocols_name(p, 255), "top");
	protocols_free(p);
	unlink(spath);
	unlink(ppath);
	free(spath);
	free(ppath);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_and_lookup),
	    cmocka_unit_test(test_missing_file),
	    cmocka_unit_test(test_builtin_when_missing),
	    cmocka_unit_test(test_builtin_when_empty),
	    cmocka_unit_test(test_builtin_covers_netbase),
	    cmocka_unit_test(test_lookup_by_name),
	    cmocka_unit_test(test_protocols),
	    cmocka_unit_test(test_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
