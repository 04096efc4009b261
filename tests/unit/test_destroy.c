/*
 * test_destroy.c - the SOCK_DESTROY request builder and its answer's
 * parser (source/destroy.h, -K): the exact id of each socket, and the
 * answers of a kernel that closed it, of one built without
 * CONFIG_INET_DIAG_DESTROY (EOPNOTSUPP), of a sender without
 * CAP_NET_ADMIN (EPERM) and for a socket already gone (ENOENT), laid out
 * byte for byte as the kernel writes them (an nlmsgerr echoing the
 * request's header).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "conn_builder.h"
#include "model/conntable.h"
#include "source/destroy.h"

/* A TCP connection 10.0.0.1:40000 -> 10.0.0.2:443, its request decoded back. */
static void test_request_tcp4(void **state)
{
	struct conntable t;
	uint8_t buf[DESTROY_REQUEST_MAX];
	struct nlmsghdr h;
	struct inet_diag_req_v2 req;
	uint8_t want_src[4] = {10, 0, 0, 1}, want_dst[4] = {10, 0, 0, 2}, zero[12] = {0};
	int len;
	(void)state;

	conntable_init(&t);
	add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 40000, "10.0.0.2", 443, CS_ESTABLISHED);
	memset(buf, 0xAA, sizeof(buf));
	len = destroy_request_build(buf, sizeof(buf), &t.conns[0], 7, 1234);
	assert_int_equal(len, NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(req)));
	memcpy(&h, buf, sizeof(h));
	memcpy(&req, buf + NLMSG_HDRLEN, sizeof(req));
	assert_int_equal(h.nlmsg_len, len);
	assert_int_equal(h.nlmsg_type, 21); /* SOCK_DESTROY */
	assert_int_equal(h.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(h.nlmsg_seq, 1234);
	assert_int_equal(req.sdiag_family, AF_INET);
	assert_int_equal(req.sdiag_protocol, IPPROTO_TCP);
	assert_int_equal(ntohs(req.id.idiag_sport), 40000);
	assert_int_equal(ntohs(req.id.idiag_dport), 443);
	assert_memory_equal(req.id.idiag_src, want_src, 4);
	assert_memory_equal(req.id.idiag_dst, want_dst, 4);
	assert_memory_equal((uint8_t *)req.id.idiag_src + 4, zero, 12);
	assert_int_equal(req.id.idiag_if, 7);
	assert_int_equal(req.id.idiag_cookie[0], INET_DIAG_NOCOOKIE);
	assert_int_equal(req.id.idiag_cookie[1], INET_DIAG_NOCOOKIE);
	conntable_free(&t);
}

static void test_request_udp6_and_refusals(void **state)
{
	struct conntable t;
	uint8_t buf[DESTROY_REQUEST_MAX];
	struct inet_diag_req_v2 req;
	uint8_t want[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
	(void)state;

	conntable_init(&t);
	add_inet(&t, PROTO_UDP, AF_INET6, "2001:db8::1", 53, "::", 0, CS_CLOSE);
	add_unix_named(&t, SOCK_STREAM, 0, "/run/x", 6);
	add_inet(&t, PROTO_RAW, AF_INET, "0.0.0.0", 1, "0.0.0.0", 0, CS_CLOSE);
	assert_true(destroy_request_build(buf, sizeof(buf), &t.conns[0], 0, 1) > 0);
	memcpy(&req, buf + NLMSG_HDRLEN, sizeof(req));
	assert_int_equal(req.sdiag_family, AF_INET6);
	assert_int_equal(req.sdiag_protocol, IPPROTO_UDP);
	assert_memory_equal(req.id.idiag_src, want, 16);
	assert_int_equal(ntohs(req.id.idiag_sport), 53);
	/* unix and raw sockets: not closable this way; a short buffer: said. */
	assert_int_equal(destroy_request_build(buf, sizeof(buf), &t.conns[1], 0, 1),
			 -EPROTONOSUPPORT);
	assert_int_equal(destroy_request_build(buf, sizeof(buf), &t.conns[2], 0, 1),
			 -EPROTONOSUPPORT);
	assert_int_equal(destroy_request_build(buf, 20, &t.conns[0], 0, 1), -ENOSPC);
	assert_non_null(strstr(destroy_strerror(-EPROTONOSUPPORT), "TCP"));
	conntable_free(&t);
}

/*
 * The kernel's answer: nlmsghdr (type NLMSG_ERROR = 2), then struct
 * nlmsgerr: the errno as a negative int, then the request's header echoed
 * (with NETLINK_CAP_ACK unset the request's payload follows; cut here).
 * Little-endian, as recorded on x86-64.
 */
static size_t kernel_answer(uint8_t *out, uint32_t seq, int32_t err)
{
	struct nlmsghdr h = {.nlmsg_len = NLMSG_HDRLEN + 4 + NLMSG_HDRLEN,
			     .nlmsg_type = NLMSG_ERROR,
			     .nlmsg_flags = err == 0 ? NLM_F_CAPPED : 0,
			     .nlmsg_seq = seq,
			     .nlmsg_pid = 4242};
	struct nlmsghdr echo = {.nlmsg_len = 88,
				.nlmsg_type = 21,
				.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
				.nlmsg_seq = seq};

	memcpy(out, &h, sizeof(h));
	memcpy(out + NLMSG_HDRLEN, &err, 4);
	memcpy(out + NLMSG_HDRLEN + 4, &echo, sizeof(echo));
	return h.nlmsg_len;
}

/* A recorded answer of a kernel without CONFIG_INET_DIAG_DESTROY to request 77. */
static const uint8_t no_destroy_answer[] = {
    0x24, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x4d, 0x00, 0x00, 0x00, /* hdr */
    0x92, 0x10, 0x00, 0x00, 0xa1, 0xff, 0xff, 0xff,			    /* pid, -95 */
    0x58, 0x00, 0x00, 0x00, 0x15, 0x00, 0x05, 0x00, 0x4d, 0x00, 0x00, 0x00, /* echo */
    0x00, 0x00, 0x00, 0x00};

static void test_answers(void **state)
{
	uint8_t buf[256];
	size_t n;
	int err = 1;
	(void)state;

	n = kernel_answer(buf, 9, 0);
	assert_int_equal(destroy_reply_parse(buf, n, 9, &err), 0);
	assert_int_equal(err, 0);

	assert_int_equal(
	    destroy_reply_parse(no_destroy_answer, sizeof(no_destroy_answer), 77, &err), 0);
	assert_int_equal(err, -EOPNOTSUPP);
	assert_non_null(strstr(destroy_strerror(err), "CONFIG_INET_DIAG_DESTROY"));

	n = kernel_answer(buf, 9, -EPERM);
	assert_int_equal(destroy_reply_parse(buf, n, 9, &err), 0);
	assert_int_equal(err, -EPERM);
	assert_non_null(strstr(destroy_strerror(err), "CAP_NET_ADMIN"));

	n = kernel_answer(buf, 9, -ENOENT);
	assert_int_equal(destroy_reply_parse(buf, n, 9, &err), 0);
	assert_int_equal(err, -ENOENT);
	assert_non_null(strstr(destroy_strerror(err), "gone"));
	assert_null(destroy_strerror(-EIO));
}

/* A stale answer to another request is skipped; ours after it is found. */
static void test_foreign_and_malformed(void **state)
{
	uint8_t buf[256];
	size_t n;
	int err = 1;
	int32_t huge = INT32_MIN;
	(void)state;

	n = kernel_answer(buf, 8, -ENOENT);
	assert_int_equal(destroy_reply_parse(buf, n, 9, &err), -ENOMSG);
	n += kernel_answer(buf + n, 9, 0);
	assert_int_equal(destroy_reply_parse(buf, n, 9, &err), 0);
	assert_int_equal(err, 0);
	/* Truncated: a header cut short, a length past the buffer. */
	n = kernel_answer(buf, 9, 0);
	assert_int_equal(destroy_reply_parse(buf, 10, 9, &err), -EBADMSG);
	assert_int_equal(destroy_reply_parse(buf, n - 1, 9, &err), -EBADMSG);
	/* An error message without its number. */
	{
		struct nlmsghdr h = {
		    .nlmsg_len = NLMSG_HDRLEN, .nlmsg_type = NLMSG_ERROR, .nlmsg_seq = 9};

		memcpy(buf, &h, sizeof(h));
		assert_int_equal(destroy_reply_parse(buf, NLMSG_HDRLEN, 9, &err), -EBADMSG);
	}
	/* No errno is INT32_MIN: a protocol error, never a negation's overflow. */
	n = kernel_answer(buf, 9, 0);
	memcpy(buf + NLMSG_HDRLEN, &huge, 4);
	assert_int_equal(destroy_reply_parse(buf, n, 9, &err), 0);
	assert_int_equal(err, -EPROTO);
	assert_int_equal(destroy_reply_parse(buf, 0, 9, &err), -ENOMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_request_tcp4),
	    cmocka_unit_test(test_request_udp6_and_refusals),
	    cmocka_unit_test(test_answers),
	    cmocka_unit_test(test_foreign_and_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
