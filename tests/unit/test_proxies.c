/*
 * test_proxies.c - userland forwarders recognised from /proc/PID/cmdline
 * (enrich/proxies.h): docker-proxy in every spelling Go's flag package
 * accepts, rootlesskit-docker-proxy, rootlesskit --publish; and hostile
 * argument lists (missing values, huge or non-decimal ports, bad
 * addresses, no NULs, other programs) that are not recognised.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "enrich/proxies.h"
#include "model/conntable.h"

/* A cmdline literal: its bytes, embedded NULs and the last one included. */
#define CMD(s) (s), (sizeof(s) - 1)

#define DOCKER_ARGS                                                                                \
	"-proto\0tcp\0-host-ip\0000.0.0.0\0-host-port\0008081\0-container-ip\0"                    \
	"172.17.0.2\0-container-port\00080\0"

static void assert_addr(int family, const uint8_t *addr, const char *text)
{
	uint8_t want[16];

	memset(want, 0, sizeof(want));
	assert_int_equal(inet_pton(family, text, want), 1);
	assert_memory_equal(addr, want, 16);
}

/* Exactly one map, tcp, host:hport -> target:tport over IPv4. */
static void assert_one_v4(const char *buf, size_t len, const char *host, unsigned hport,
			  const char *target, unsigned tport)
{
	struct proxy_map m[4];
	enum proxy_kind kind;

	assert_int_equal(proxies_parse_cmdline(buf, len, m, 4, &kind), 1);
	assert_int_equal(kind, PROXY_DOCKER);
	assert_int_equal(m[0].proto, PROTO_TCP);
	assert_int_equal(m[0].host_family, AF_INET);
	assert_int_equal(m[0].target_family, AF_INET);
	assert_addr(AF_INET, m[0].host_addr, host);
	assert_addr(AF_INET, m[0].target_addr, target);
	assert_int_equal(m[0].host_port, hport);
	assert_int_equal(m[0].target_port, tport);
}

static void assert_none(const char *buf, size_t len)
{
	struct proxy_map m[4];
	enum proxy_kind kind = PROXY_DOCKER;

	assert_int_equal(proxies_parse_cmdline(buf, len, m, 4, &kind), 0);
	assert_int_equal(kind, PROXY_NONE);
}

static void test_docker_proxy(void **state)
{
	(void)state;
	assert_one_v4(CMD("/usr/bin/docker-proxy\0" DOCKER_ARGS), "0.0.0.0", 8081, "172.17.0.2",
		      80);
	assert_one_v4(CMD("docker-proxy\0" DOCKER_ARGS), "0.0.0.0", 8081, "172.17.0.2", 80);
	/* The last NUL may be missing (a process that rewrote its cmdline). */
	assert_one_v4(CMD("docker-proxy\0-proto\0tcp\0-host-ip\000192.0.2.1\0-host-port\0"
			  "8081\0-container-ip\000172.17.0.2\0-container-port\080"),
		      "192.0.2.1", 8081, "172.17.0.2", 80);
}

/* -flag=value, --flag value, --flag=value, any order, the last of a repeated flag. */
static void test_go_flag_spellings(void **state)
{
	(void)state;
	assert_one_v4(CMD("docker-proxy\0-proto=tcp\0-host-ip=0.0.0.0\0-host-port=8081\0"
			  "-container-ip=172.17.0.2\0-container-port=80\0"),
		      "0.0.0.0", 8081, "172.17.0.2", 80);
	assert_one_v4(CMD("docker-proxy\0--container-port\00080\0--proto\0tcp\0--host-ip\0"
			  "10.1.2.3\0--host-port\0009000\0--container-ip\00010.0.0.7\0"),
		      "10.1.2.3", 9000, "10.0.0.7", 80);
	assert_one_v4(CMD("docker-proxy\0--proto=tcp\0--host-ip=0.0.0.0\0--host-port=1\0"
			  "--container-ip=172.17.0.2\0--container-port=65535\0"),
		      "0.0.0.0", 1, "172.17.0.2", 65535);
	assert_one_v4(CMD("docker-proxy\0" DOCKER_ARGS "-host-port\0008082\0"), "0.0.0.0", 8082,
		      "172.17.0.2", 80);
	/* The protocol defaults to tcp, as the program's own default. */
	assert_one_v4(CMD("docker-proxy\0-host-ip\0000.0.0.0\0-host-port\0008081\0-container-ip\0"
			  "172.17.0.2\0-container-port\00080\0"),
		      "0.0.0.0", 8081, "172.17.0.2", 80);
	/* A boolean flag (newer versions' -use-listen-fd) takes no value. */
	assert_one_v4(CMD("docker-proxy\0-use-listen-fd\0" DOCKER_ARGS), "0.0.0.0", 8081,
		      "172.17.0.2", 80);
	assert_one_v4(CMD("docker-proxy\0" DOCKER_ARGS "-use-listen-fd=true\0"), "0.0.0.0", 8081,
		      "172.17.0.2", 80);
}

/* A later version's flag is skipped with its value; it never takes a flag as one. */
static void test_unknown_flags(void **state)
{
	(void)state;
	assert_one_v4(CMD("docker-proxy\0-future\0007\0" DOCKER_ARGS), "0.0.0.0", 8081,
		      "172.17.0.2", 80);
	assert_one_v4(CMD("docker-proxy\0--future=7\0" DOCKER_ARGS), "0.0.0.0", 8081, "172.17.0.2",
		      80);
	assert_one_v4(CMD("docker-proxy\0-future-bool\0" DOCKER_ARGS), "0.0.0.0", 8081,
		      "172.17.0.2", 80);
	/* Bad flag syntax, which Go refuses: "---x", "-=x". */
	assert_none(CMD("docker-proxy\0---future\0" DOCKER_ARGS));
	assert_none(CMD("docker-proxy\0-=x\0" DOCKER_ARGS));
}

/* An IPv6 host port forwarded to an IPv4 container (a network without IPv6). */
static void test_mixed_families(void **state)
{
	struct proxy_map m[1];
	(void)state;

	assert_int_equal(proxies_parse_cmdline(CMD("docker-proxy\0-proto\0tcp\0-host-ip\0::\0"
						   "-host-port\0008080\0-container-ip\0"
						   "172.17.0.2\0-container-port\00080\0"),
					       m, 1, NULL),
			 1);
	assert_int_equal(m[0].host_family, AF_INET6);
	assert_int_equal(m[0].target_family, AF_INET);
	assert_addr(AF_INET, m[0].target_addr, "172.17.0.2");
}

static void test_udp_and_ipv6(void **state)
{
	struct proxy_map m[2];
	enum proxy_kind kind;
	(void)state;

	assert_int_equal(proxies_parse_cmdline(CMD("/usr/libexec/docker/docker-proxy\0-proto\0udp\0"
						   "-host-ip\0::\0-host-port\0005353\0"
						   "-container-ip\0fd00::2\0-container-port\0"
						   "53\0"),
					       m, 2, &kind),
			 1);
	assert_int_equal(kind, PROXY_DOCKER);
	assert_int_equal(m[0].proto, PROTO_UDP);
	assert_int_equal(m[0].host_family, AF_INET6);
	assert_int_equal(m[0].target_family, AF_INET6);
	assert_addr(AF_INET6, m[0].host_addr, "::");
	assert_addr(AF_INET6, m[0].target_addr, "fd00::2");
	assert_int_equal(m[0].host_port, 5353);
	assert_int_equal(m[0].target_port, 53);
}

/* Rootless Docker's proxy takes docker-proxy's flags. */
static void test_rootlesskit_docker_proxy(void **state)
{
	(void)state;
	assert_one_v4(CMD("rootlesskit-docker-proxy\0" DOCKER_ARGS), "0.0.0.0", 8081, "172.17.0.2",
		      80);
}

static void test_rootlesskit_publish(void **state)
{
	struct proxy_map m[4];
	enum proxy_kind kind;
	static const uint8_t zero[16];
	(void)state;

	assert_int_equal(proxies_parse_cmdline(CMD("rootlesskit\0--net=slirp4netns\0"
						   "--disable-host-loopback\0--port-driver\0"
						   "builtin\0-p\0000.0.0.0:8080:80/tcp\0"
						   "--publish=[::1]:8443:443/tcp\0"
						   "--publish\000127.0.0.1:5353:53/udp\0"
						   "/usr/bin/dockerd-rootless.sh\0-p\0x\0"),
					       m, 4, &kind),
			 3);
	assert_int_equal(kind, PROXY_ROOTLESSKIT);
	assert_int_equal(m[0].proto, PROTO_TCP);
	assert_int_equal(m[0].host_family, AF_INET);
	assert_addr(AF_INET, m[0].host_addr, "0.0.0.0");
	assert_int_equal(m[0].host_port, 8080);
	assert_int_equal(m[0].target_port, 80);
	assert_int_equal(m[0].target_family, AF_UNSPEC);
	assert_memory_equal(m[0].target_addr, zero, 16);
	assert_int_equal(m[1].host_family, AF_INET6);
	assert_addr(AF_INET6, m[1].host_addr, "::1");
	assert_int_equal(m[1].host_port, 8443);
	assert_int_equal(m[1].target_port, 443);
	assert_int_equal(m[2].proto, PROTO_UDP);
	assert_addr(AF_INET, m[2].host_addr, "127.0.0.1");
	assert_int_equal(m[2].host_port, 5353);
	assert_int_equal(m[2].target_port, 53);
	/* Without a parent address: every address of the host. */
	assert_int_equal(
	    proxies_parse_cmdline(CMD("rootlesskit\0-p=8080:80/tcp\0sh\0"), m, 4, &kind), 1);
	assert_int_equal(m[0].host_family, AF_INET);
	assert_addr(AF_INET, m[0].host_addr, "0.0.0.0");
	/* More than max: the first max are written, and so many returned. */
	assert_int_equal(proxies_parse_cmdline(CMD("rootlesskit\0-p\0008080:80/tcp\0-p\0"
						   "8081:81/tcp\0sh\0"),
					       m, 1, &kind),
			 1);
	assert_int_equal(m[0].host_port, 8080);
	/* rootlesskit without --publish forwards nothing its cmdline says. */
	assert_none(CMD("rootlesskit\0--net=slirp4netns\0--port-driver=builtin\0dockerd\0"));
}

/* Each of these would have been refused by the program, or is another program. */
static void test_hostile(void **state)
{
	(void)state;
	/* Missing values. */
	assert_none(CMD("docker-proxy\0-proto\0tcp\0-host-ip\0000.0.0.0\0-host-port\0008081\0"
			"-container-ip\000172.17.0.2\0-container-port\0"));
	assert_none(CMD("docker-proxy\0-proto\0tcp\0-host-ip\0000.0.0.0\0-host-port\0008081\0"
			"-container-ip\000172.17.0.2\0-container-port="));
	assert_none(CMD("docker-proxy\0-proto\0tcp\0-host-ip\0000.0.0.0\0-host-port=\0"
			"-container-ip\000172.17.0.2\0-container-port\00080\0"));
	assert_none(CMD("docker-proxy\0-proto\0tcp\0-host-ip\0000.0.0.0\0-host-port\0008081\0"
			"-container-port\00080\0"));
	assert_none(CMD("docker-proxy\0"));
	/* Huge, zero, signed, hexadecimal and non-numeric ports. */
	assert_none(CMD("docker-proxy\0-proto\0tcp\0-host-ip\0000.0.0.0\0-host-port\0"
			"99999999999999999999999999\0-container-ip\000172.17.0.2\0"
			"-container-port\00080\0"));
	assert_none(CMD("docker-proxy\0-proto\0tcp\0-host-ip\0000.0.0.0\0-host-port\00065536\0"
			"-container-ip\000172.17.0.2\0-container-port\00080\0"));
	assert_none(CMD("docker-proxy\0-proto\0tcp\0-host-ip\0000.0.0.0\0-host-port\0000\0"
			"-container-ip\000172.17.0.2\0-container-port\00080\0"));
	assert_none(CMD("docker-proxy\0-proto\0tcp\0-host-ip\0000.0.0.0\0-host-port\0+8081\0"
			"-container-ip\000172.17.0.2\0-container-port\00080\0"));
	assert_none(CMD("docker-proxy\0-proto\0tcp\0-host-ip\0000.0.0.0\0-host-port\0000x50\0"
			"-container-ip\000172.17.0.2\0-container-port\00080\0"));
	assert_none(CMD("docker-proxy\0-proto\0tcp\0-host-ip\0000.0.0.0\0-host-port\0http\0"
			"-container-ip\000172.17.0.2\0-container-port\00080\0"));
	assert_none(CMD("docker-proxy\0-proto\0tcp\0-host-ip\0000.0.0.0\0-host-port\0008081\0"
			"-container-ip\000172.17.0.2\0-container-port\00080 \0"));
	/* Bad addresses and a protocol portstat does not list. */
	assert_none(CMD("docker-proxy\0-proto\0tcp\0-host-ip\0000.0.0.0\0-host-port\0008081\0"
			"-container-ip\000172.17.0.256\0-container-port\00080\0"));
	assert_none(CMD("docker-proxy\0-proto\0tcp\0-host-ip\0localhost\0-host-port\0008081\0"
			"-container-ip\000172.17.0.2\0-container-port\00080\0"));
	assert_none(CMD("docker-proxy\0-proto\0sctp\0-host-ip\0000.0.0.0\0-host-port\0008081\0"
			"-container-ip\000172.17.0.2\0-container-port\00080\0"));
	/* No NULs: one argument, not the program docker-proxy. */
	assert_none(CMD("docker-proxy -proto tcp -host-ip 0.0.0.0 -host-port 8081 -container-ip "
			"172.17.0.2 -container-port 80"));
	/* Other programs, and names that only contain the word. */
	assert_none(CMD("nginx\0" DOCKER_ARGS));
	assert_none(CMD("docker-proxy-evil\0" DOCKER_ARGS));
	assert_none(CMD("/tmp/docker-proxy/sh\0" DOCKER_ARGS));
	assert_none(CMD("\0" DOCKER_ARGS));
	assert_none("", 0);
	/* Flags after "--" or after a word that is not one are not flags: values are missing. */
	assert_none(CMD("docker-proxy\0-proto\0tcp\0--\0-host-ip\0000.0.0.0\0-host-port\0008081\0"
			"-container-ip\000172.17.0.2\0-container-port\00080\0"));
	assert_none(CMD("docker-proxy\0extra\0" DOCKER_ARGS));
	/* rootlesskit with a spec that is not one. */
	assert_none(CMD("rootlesskit\0-p\0008080:80\0sh\0"));
	assert_none(CMD("rootlesskit\0-p\0008080:80/sctp\0sh\0"));
	assert_none(CMD("rootlesskit\0-p\0000.0.0.0:99999:80/tcp\0sh\0"));
	assert_none(CMD("rootlesskit\0-p\0[::1:8080:80/tcp\0sh\0"));
	assert_none(CMD("rootlesskit\0-p\0"));
}

/* A huge argument list of junk is read to its end without trouble. */
static void test_long_junk(void **state)
{
	size_t len = 1u << 20, i;
	char *buf = malloc(len);
	struct proxy_map m[2];
	(void)state;

	assert_non_null(buf);
	memcpy(buf, "docker-proxy", 13);
	for (i = 13; i < len; i++)
		buf[i] = (i % 7 == 0) ? '\0' : '-';
	assert_int_equal(proxies_parse_cmdline(buf, len, m, 2, NULL), 0);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_docker_proxy),
	    cmocka_unit_test(test_go_flag_spellings),
	    cmocka_unit_test(test_unknown_flags),
	    cmocka_unit_test(test_mixed_families),
	    cmocka_unit_test(test_udp_and_ipv6),
	    cmocka_unit_test(test_rootlesskit_docker_proxy),
	    cmocka_unit_test(test_rootlesskit_publish),
	    cmocka_unit_test(test_hostile),
	    cmocka_unit_test(test_long_junk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
