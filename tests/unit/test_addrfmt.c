/*
 * test_addrfmt.c - the hand-written address and number text against
 * inet_ntop and snprintf, which it replaces for speed: the same bytes for
 * every address shape (zero runs anywhere, ties, mapped and compatible
 * IPv4), for cut buffers and for numbers up to UINT64_MAX.
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

#include "output/addrfmt.h"

static void expect_ip(int family, const uint8_t a[16])
{
	char want[INET6_ADDRSTRLEN], got[INET6_ADDRSTRLEN];
	size_t n;

	assert_non_null(inet_ntop(family, a, want, sizeof(want)));
	n = addrfmt_ip(got, sizeof(got), family, a);
	assert_string_equal(got, want);
	assert_int_equal(n, strlen(want));
}

/* Every address whose 8 groups are each 0, 1, 0xffff or 0xabc: all zero-run shapes. */
static void test_v6_every_zero_run_shape(void **state)
{
	static const unsigned group[4] = {0, 1, 0xffff, 0x0abc};
	uint8_t a[16];
	unsigned code, i;
	(void)state;

	for (code = 0; code < 65536; code++) {
		for (i = 0; i < 8; i++) {
			unsigned w = group[(code >> (2 * i)) & 3];

			a[2 * i] = (uint8_t)(w >> 8);
			a[2 * i + 1] = (uint8_t)w;
		}
		expect_ip(AF_INET6, a);
	}
}

static void test_v6_random_and_special(void **state)
{
	uint8_t a[16];
	unsigned i, k;
	(void)state;

	srand(7);
	for (i = 0; i < 200000; i++) {
		for (k = 0; k < 16; k++)
			a[k] = (uint8_t)(rand() % 3 == 0 ? 0 : rand());
		expect_ip(AF_INET6, a);
	}
	/* ::ffff:a.b.c.d, ::a.b.c.d and their near misses */
	memset(a, 0, sizeof(a));
	a[10] = a[11] = 0xff;
	a[12] = 192, a[13] = 0, a[14] = 2, a[15] = 1;
	expect_ip(AF_INET6, a);
	a[10] = a[11] = 0;
	expect_ip(AF_INET6, a);
	a[9] = 1;
	expect_ip(AF_INET6, a);
	memset(a, 0, sizeof(a));
	a[15] = 1; /* ::1 */
	expect_ip(AF_INET6, a);
	a[15] = 0; /* :: */
	expect_ip(AF_INET6, a);
}

static void test_v4(void **state)
{
	uint8_t a[16] = {0};
	unsigned i;
	(void)state;

	for (i = 0; i < 256; i++) {
		a[0] = (uint8_t)i, a[1] = (uint8_t)(255 - i), a[2] = (uint8_t)(i / 10),
		a[3] = (uint8_t)(i * 7);
		expect_ip(AF_INET, a);
	}
}

static void test_endpoint_matches_snprintf(void **state)
{
	struct endpoint e = {{0}, 0};
	char got[ADDRFMT_MAX], want[ADDRFMT_MAX];
	size_t cap;
	(void)state;

	e.addr[0] = 10, e.addr[3] = 200;
	e.port = 65535;
	assert_int_equal(addrfmt_endpoint(got, sizeof(got), AF_INET, &e, NULL, NULL), 16);
	assert_string_equal(got, "10.0.0.200:65535");
	e.port = 0;
	(void)addrfmt_endpoint(got, sizeof(got), AF_INET, &e, NULL, NULL);
	assert_string_equal(got, "10.0.0.200:*");
	memset(e.addr, 0, 16);
	e.addr[15] = 1;
	e.port = 443;
	(void)addrfmt_endpoint(got, sizeof(got), AF_INET6, &e, NULL, "https");
	assert_string_equal(got, "[::1]:https");
	(void)addrfmt_endpoint(got, sizeof(got), AF_INET6, &e, "localhost", NULL);
	assert_string_equal(got, "localhost:443");
	/* Cut buffers hold what snprintf would have written. */
	for (cap = 1; cap < 24; cap++) {
		size_t n = addrfmt_endpoint(got, cap, AF_INET6, &e, NULL, "https");

		(void)snprintf(want, cap, "[%s]:%s", "::1", "https");
		assert_string_equal(got, want);
		assert_int_equal(n, strlen(want));
	}
}

/*
 * The longest endpoint: a 255-byte host name (the resolver's limit), ':'
 * and a 64-byte service name (the services database's limit) fit in
 * ADDRFMT_MAX bytes uncut, with the NUL; so does the longest bracketed
 * numeric IPv6 address with that service name.
 */
static void test_longest_endpoint_fits(void **state)
{
	struct endpoint e = {{0}, 443};
	char host[255 + 1], port[64 + 1], want[255 + 1 + 64 + 1], got[ADDRFMT_MAX];
	size_t n;
	(void)state;

	memset(host, 'h', 255);
	host[255] = '\0';
	memset(port, 'p', 64);
	port[64] = '\0';
	(void)snprintf(want, sizeof(want), "%s:%s", host, port);
	n = addrfmt_endpoint(got, sizeof(got), AF_INET6, &e, host, port);
	assert_string_equal(got, want);
	assert_int_equal(n, 255 + 1 + 64);
	assert_int_equal(addrfmt_endpoint_len(sizeof(got), AF_INET6, &e, host, port), n);

	memset(e.addr, 0xff, 16);
	(void)snprintf(want, sizeof(want), "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:%s", port);
	n = addrfmt_endpoint(got, sizeof(got), AF_INET6, &e, NULL, port);
	assert_string_equal(got, want);
	assert_int_equal(n, strlen(want));
}

/* Zones as ss and getnameinfo write them, inside IPv6 brackets; names escaped,
 * unknown names as the index; the measured length is the written one. */
static void test_zones(void **state)
{
	struct endpoint e = {{0}, 22};
	struct conntable t;
	struct conn_scope s = {3, 0, 0};
	char zone[ADDRFMT_ZONE_MAX], got[ADDRFMT_MAX], host[255 + 1];
	size_t n;
	(void)state;

	conntable_init(&t);
	assert_int_equal(addrfmt_zone(zone, &t, &s), 1);
	assert_string_equal(zone, "3");
	s.name = conntable_intern(&t, "eth0", 4);
	assert_int_equal(addrfmt_zone(zone, &t, &s), 4);
	assert_string_equal(zone, "eth0");
	assert_int_equal(inet_pton(AF_INET6, "fe80::1", e.addr), 1);
	n = addrfmt_endpoint_zone(got, sizeof(got), AF_INET6, &e, NULL, zone, NULL);
	assert_string_equal(got, "[fe80::1%eth0]:22");
	assert_int_equal(n, strlen(got));
	assert_int_equal(addrfmt_endpoint_zone_len(sizeof(got), AF_INET6, &e, NULL, zone, NULL), n);
	(void)addrfmt_endpoint_zone(got, sizeof(got), AF_INET6, &e, "router", zone, "ssh");
	assert_string_equal(got, "router%eth0:ssh");
	(void)addrfmt_endpoint_zone(got, sizeof(got), AF_INET6, &e, NULL, NULL, NULL);
	assert_string_equal(got, "[fe80::1]:22");
	assert_int_equal(addrfmt_ip_zone(got, sizeof(got), AF_INET6, e.addr, zone), 12);
	assert_string_equal(got, "fe80::1%eth0");
	(void)addrfmt_ip_zone(got, 9, AF_INET6, e.addr, zone); /* cut, never overrun */
	assert_string_equal(got, "fe80::1%");
	memset(e.addr, 0, 16);
	e.addr[0] = 127, e.addr[3] = 53, e.port = 53;
	(void)addrfmt_endpoint_zone(got, sizeof(got), AF_INET, &e, NULL, "lo", NULL);
	assert_string_equal(got, "127.0.0.53%lo:53");
	/* A hostile 15-byte name: escaped, and the longest cell still fits. */
	s.name = conntable_intern(
	    &t, "\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b", 15);
	n = addrfmt_zone(zone, &t, &s);
	assert_int_equal(n, 60);
	assert_null(strchr(zone, '\x1b'));
	memset(host, 'h', 255);
	host[255] = '\0';
	n = addrfmt_endpoint_zone(
	    got, sizeof(got), AF_INET6, &e, host, zone,
	    "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp");
	assert_int_equal(n, 255 + 1 + 60 + 1 + 64);
	assert_int_equal(n, strlen(got));
	conntable_free(&t);
}

/* The measuring pass of the table relies on the lengths matching the text
 * exactly: every octet width, IPv6 shapes, names, port 0 and short caps. */
static void test_lengths_match_text(void **state)
{
	static const char *const hosts[] = {NULL, "h", "a-much-longer-host.example"};
	static const char *const ports[] = {NULL, "ssh", "http-alt"};
	static const size_t caps[] = {ADDRFMT_MAX, 1, 2, 5, 12, 20};
	char buf[ADDRFMT_MAX];
	uint64_t v = 7;
	size_t i, h, p, k;
	(void)state;

	for (i = 0; i < 20000; i++) {
		struct endpoint e;
		int family = (i / 7) % 2 ? AF_INET : AF_INET6;

		v = v * 6364136223846793005u + 1442695040888963407u;
		memset(&e, 0, sizeof(e));
		for (k = 0; k < 16; k++) /* mostly zero bytes for IPv6 runs, all widths for IPv4 */
			e.addr[k] = (uint8_t)((v >> (k * 4 % 64)) % 4 == 0 ? v >> (k % 8 * 8) : 0);
		e.port = (uint16_t)(i % 5 == 0 ? 0 : v >> 48);
		h = i % 3, p = (i / 3) % 3, k = (i / 9) % 6;
		assert_int_equal(addrfmt_endpoint_len(caps[k], family, &e, hosts[h], ports[p]),
				 addrfmt_endpoint(buf, caps[k], family, &e, hosts[h], ports[p]));
		if (h == 0 && p == 0 && k == 0) { /* the in-place path: the text itself */
			char ip[64], want[80];

			(void)addrfmt_ip(ip, sizeof(ip), family, e.addr);
			if (e.port == 0)
				(void)snprintf(want, sizeof(want),
					       family == AF_INET6 ? "[%s]:*" : "%s:*", ip);
			else
				(void)snprintf(want, sizeof(want),
					       family == AF_INET6 ? "[%s]:%u" : "%s:%u", ip,
					       (unsigned)e.port);
			assert_string_equal(buf, want);
		}
	}
}

static void test_u64_matches_snprintf(void **state)
{
	static const uint64_t edges[] = {0,
					 1,
					 9,
					 10,
					 99,
					 100,
					 65535,
					 4294967295u,
					 9999999999999999999u,
					 10000000000000000000u,
					 UINT64_MAX};
	char got[ADDRFMT_U64_MAX], want[32];
	uint64_t v = 1;
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		(void)snprintf(want, sizeof(want), "%llu", (unsigned long long)edges[i]);
		assert_int_equal(addrfmt_u64(got, edges[i]), strlen(want));
		assert_int_equal(addrfmt_u64_len(edges[i]), strlen(want));
		assert_string_equal(got, want);
	}
	/* Either side of every power of ten, where the digit count changes. */
	for (v = 10; v <= UINT64_MAX / 10; v *= 10) {
		uint64_t near[] = {v - 1, v, v + 1, v * 10 - 1};

		for (i = 0; i < 4; i++) {
			(void)snprintf(want, sizeof(want), "%llu", (unsigned long long)near[i]);
			assert_int_equal(addrfmt_u64_len(near[i]), strlen(want));
		}
	}
	v = 1;
	for (i = 0; i < 100000; i++) {
		v = v * 6364136223846793005u + 1442695040888963407u;
		(void)snprintf(want, sizeof(want), "%llu", (unsigned long long)(v >> (i % 64)));
		assert_int_equal(addrfmt_u64(got, v >> (i % 64)), strlen(want));
		assert_int_equal(addrfmt_u64_len(v >> (i % 64)), strlen(want));
		assert_string_equal(got, want);
	}
}

/* The memo gives addrfmt_ip's text (IPv6 bracketed) however addresses collide in it. */
static void test_memo_matches_ip(void **state)
{
	struct addrfmt_memo m;
	uint64_t v = 7;
	size_t i;
	(void)state;

	addrfmt_memo_init(&m);
	for (i = 0; i < 20000; i++) {
		uint8_t addr[16] = {0};
		char want[ADDRFMT_IP_MAX + 2], ip[ADDRFMT_IP_MAX];
		int family = (i % 3) ? AF_INET : AF_INET6;
		size_t k;

		v = v * 6364136223846793005u + 1442695040888963407u;
		/* Few distinct bytes: the same slot and the same bytes under both families. */
		for (k = 0; k < (family == AF_INET ? 4u : 16u); k++)
			addr[k] = (uint8_t)((v >> (k * 3 % 60)) & 3);
		(void)addrfmt_ip(ip, sizeof(ip), family, addr);
		(void)snprintf(want, sizeof(want), family == AF_INET6 ? "[%s]" : "%s", ip);
		assert_string_equal(addrfmt_memo_host(&m, family, addr), want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_memo_matches_ip),
	    cmocka_unit_test(test_v6_every_zero_run_shape),
	    cmocka_unit_test(test_v6_random_and_special),
	    cmocka_unit_test(test_v4),
	    cmocka_unit_test(test_endpoint_matches_snprintf),
	    cmocka_unit_test(test_longest_endpoint_fits),
	    cmocka_unit_test(test_u64_matches_snprintf),
	    cmocka_unit_test(test_lengths_match_text),
	    cmocka_unit_test(test_zones),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
