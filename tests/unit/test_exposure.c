/*
 * test_exposure.c - the exposure word of a listener (enrich/exposure.h)
 * for every case, over IPv4, IPv6 and IPv4-mapped IPv6 addresses, and the
 * model's names of the words (model/exposure.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "enrich/exposure.h"
#include "model/exposure.h"

/* The address text as conn.local.addr holds it (16 bytes, IPv4 in the first 4). */
static const uint8_t *addr_of(int family, const char *text)
{
	static uint8_t buf[16];

	memset(buf, 0, sizeof(buf));
	assert_int_equal(inet_pton(family, text, buf), 1);
	return buf;
}

static enum exposure of(int family, const char *text, bool host_ns, bool published)
{
	return exposure_of(family, addr_of(family, text), host_ns, published);
}

static void test_loopback(void **state)
{
	(void)state;
	assert_int_equal(of(AF_INET, "127.0.0.1", true, false), EXPOSURE_LOOPBACK);
	assert_int_equal(of(AF_INET, "127.255.1.2", false, false), EXPOSURE_LOOPBACK);
	assert_int_equal(of(AF_INET6, "::1", true, false), EXPOSURE_LOOPBACK);
	assert_int_equal(of(AF_INET6, "::1", false, false), EXPOSURE_LOOPBACK);
	assert_int_equal(of(AF_INET6, "::ffff:127.0.0.53", true, false), EXPOSURE_LOOPBACK);
	/* 128.0.0.1 and ::2 are not loopback; ::ffff:7f00:1 spelt otherwise is. */
	assert_int_equal(of(AF_INET, "128.0.0.1", true, false), EXPOSURE_LOCAL);
	assert_int_equal(of(AF_INET6, "::2", true, false), EXPOSURE_LOCAL);
	assert_int_equal(of(AF_INET6, "::ffff:7f00:1", true, false), EXPOSURE_LOOPBACK);
}

static void test_local(void **state)
{
	(void)state;
	assert_int_equal(of(AF_INET, "192.0.2.10", true, false), EXPOSURE_LOCAL);
	assert_int_equal(of(AF_INET, "172.17.0.2", false, false), EXPOSURE_LOCAL);
	assert_int_equal(of(AF_INET6, "2001:db8::5", true, false), EXPOSURE_LOCAL);
	assert_int_equal(of(AF_INET6, "fe80::1", false, false), EXPOSURE_LOCAL);
	assert_int_equal(of(AF_INET6, "::ffff:192.0.2.10", true, false), EXPOSURE_LOCAL);
}

static void test_any_in_host(void **state)
{
	(void)state;
	assert_int_equal(of(AF_INET, "0.0.0.0", true, false), EXPOSURE_ANY);
	assert_int_equal(of(AF_INET6, "::", true, false), EXPOSURE_ANY);
	assert_int_equal(of(AF_INET6, "::ffff:0.0.0.0", true, false), EXPOSURE_ANY);
}

static void test_namespace(void **state)
{
	(void)state;
	assert_int_equal(of(AF_INET, "0.0.0.0", false, false), EXPOSURE_NAMESPACE);
	assert_int_equal(of(AF_INET6, "::", false, false), EXPOSURE_NAMESPACE);
	assert_int_equal(of(AF_INET6, "::ffff:0.0.0.0", false, false), EXPOSURE_NAMESPACE);
}

/* Whatever it is bound to, a published listener is reached from outside. */
static void test_published(void **state)
{
	static const struct {
		int family;
		const char *text;
	} cases[] = {
	    {AF_INET, "0.0.0.0"},	  {AF_INET, "172.17.0.2"},
	    {AF_INET, "127.0.0.1"},	  {AF_INET6, "::"},
	    {AF_INET6, "fd00::2"},	  {AF_INET6, "::1"},
	    {AF_INET6, "::ffff:0.0.0.0"}, {AF_INET6, "::ffff:172.17.0.2"},
	};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(of(cases[i].family, cases[i].text, false, true),
				 EXPOSURE_PUBLISHED);
		assert_int_equal(of(cases[i].family, cases[i].text, true, true),
				 EXPOSURE_PUBLISHED);
	}
}

/* Unix sockets and unknown families have no exposure. */
static void test_other_family(void **state)
{
	static const uint8_t zero[16];
	(void)state;

	assert_int_equal(exposure_of(AF_UNIX, zero, true, false), EXPOSURE_NONE);
	assert_int_equal(exposure_of(AF_UNSPEC, zero, true, true), EXPOSURE_NONE);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(exposure_name(EXPOSURE_NONE), "");
	assert_string_equal(exposure_name(EXPOSURE_LOOPBACK), "loopback");
	assert_string_equal(exposure_name(EXPOSURE_LOCAL), "local");
	assert_string_equal(exposure_name(EXPOSURE_ANY), "any");
	assert_string_equal(exposure_name(EXPOSURE_NAMESPACE), "namespace");
	assert_string_equal(exposure_name(EXPOSURE_PUBLISHED), "published");
	assert_string_equal(exposure_name(EXPOSURE_COUNT), "");
	assert_string_equal(exposure_name((enum exposure)200), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_loopback),	cmocka_unit_test(test_local),
	    cmocka_unit_test(test_any_in_host), cmocka_unit_test(test_namespace),
	    cmocka_unit_test(test_published),	cmocka_unit_test(test_other_family),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
