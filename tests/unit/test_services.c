/*
 * test_services.c - services database parsing and lookup by protocol.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "conntable.h"
#include "services.h"
#include "warnings.h"

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
	assert_int_equal(services_count(s), 5);
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
	assert_null(services_name(s, 22, PROTO_TCP));
	services_free(s);
	warnings_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_lookup),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
