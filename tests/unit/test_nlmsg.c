/*
 * test_nlmsg.c - the netlink message walk and end-of-dump rule every
 * netlink reader of the source stage shares (source/nlmsg.h): a truncated
 * header, a length shorter than a header or past the buffer, a foreign
 * sequence number or port id, NLM_F_DUMP_INTR, the errno an NLMSG_DONE or
 * NLMSG_ERROR carries and an acknowledgement; then that the parsers built
 * on it read the same errno alike, and the socket chores (open, a refused
 * bind, drain, receiving a dump, write-all).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/addrs.h"
#include "model/conntable.h"
#include "model/nat_flows.h"
#include "source/addresses.h"
#include "source/conntrack.h"
#include "source/nat_rules.h"
#include "source/netlink.h"
#include "source/nlmsg.h"

#ifndef NLM_F_DUMP_INTR
#define NLM_F_DUMP_INTR 0x10
#endif

/* An NLMSG_ERROR (or NLMSG_DONE) with its errno, as the kernel lays it out. */
struct err_msg {
	struct nlmsghdr h;
	int32_t error;
	uint8_t rest[16]; /* the echoed request's header */
};

static void put_err(struct err_msg *m, uint16_t type, int32_t error)
{
	memset(m, 0, sizeof(*m));
	m->h.nlmsg_len = sizeof(*m);
	m->h.nlmsg_type = type;
	m->h.nlmsg_seq = 7;
	m->h.nlmsg_pid = 9;
	m->error = error;
}

/* What the walk handed the callback. */
struct seen {
	int calls;
	uint16_t types[4];
	uint32_t lens[4];
	int stop_at; /* the call (1-based) that returns ret, 0 for none */
	int ret;
};

static int record(void *ctx, const struct nlmsghdr *h, const uint8_t *msg)
{
	struct seen *s = ctx;
	struct nlmsghdr copy;

	/* msg is the message itself, h an aligned copy of its header. */
	memcpy(&copy, msg, sizeof(copy));
	assert_memory_equal(&copy, h, sizeof(copy));
	if (s->calls < 4) {
		s->types[s->calls] = h->nlmsg_type;
		s->lens[s->calls] = h->nlmsg_len;
	}
	s->calls++;
	return s->calls == s->stop_at ? s->ret : 0;
}

/* Lays out a header of type and length at buf + off. */
static void put_hdr(uint8_t *buf, size_t off, uint16_t type, uint32_t len, uint16_t flags)
{
	struct nlmsghdr h;

	memset(&h, 0, sizeof(h));
	h.nlmsg_len = len;
	h.nlmsg_type = type;
	h.nlmsg_flags = flags;
	h.nlmsg_seq = 7;
	h.nlmsg_pid = 9;
	memcpy(buf + off, &h, sizeof(h));
}

static void test_walk_framing(void **state)
{
	static const struct nlmsg_walk any = {false, 0, 0, NULL};
	uint8_t buf[64];
	struct seen s;
	(void)state;

	memset(buf, 0, sizeof(buf));
	/* Nothing: no call. */
	memset(&s, 0, sizeof(s));
	assert_int_equal(nlmsg_walk(buf, 0, &any, record, &s), 0);
	assert_int_equal(s.calls, 0);
	/* A header cut short. */
	put_hdr(buf, 0, NLMSG_NOOP, NLMSG_HDRLEN, 0);
	assert_int_equal(nlmsg_walk(buf, NLMSG_HDRLEN - 1, &any, record, &s), -EBADMSG);
	/* A length shorter than the header. */
	put_hdr(buf, 0, NLMSG_NOOP, NLMSG_HDRLEN - 1, 0);
	assert_int_equal(nlmsg_walk(buf, NLMSG_HDRLEN, &any, record, &s), -EBADMSG);
	/* A length past the buffer. */
	put_hdr(buf, 0, NLMSG_NOOP, NLMSG_HDRLEN + 4, 0);
	assert_int_equal(nlmsg_walk(buf, NLMSG_HDRLEN + 3, &any, record, &s), -EBADMSG);
	assert_int_equal(s.calls, 0);

	/* Two messages, the first 21 bytes long: the second starts at 24. */
	put_hdr(buf, 0, 100, NLMSG_HDRLEN + 5, 0);
	put_hdr(buf, 24, 101, NLMSG_HDRLEN, 0);
	assert_int_equal(nlmsg_walk(buf, 24 + NLMSG_HDRLEN, &any, record, &s), 0);
	assert_int_equal(s.calls, 2);
	assert_int_equal(s.types[0], 100);
	assert_int_equal(s.lens[0], NLMSG_HDRLEN + 5);
	assert_int_equal(s.types[1], 101);
	/* A last message whose padding the buffer does not hold is still read. */
	memset(&s, 0, sizeof(s));
	assert_int_equal(nlmsg_walk(buf, NLMSG_HDRLEN + 5, &any, record, &s), 0);
	assert_int_equal(s.calls, 1);
	/* Bytes after the padding that are no header are an error, after the first. */
	memset(&s, 0, sizeof(s));
	assert_int_equal(nlmsg_walk(buf, 24 + 8, &any, record, &s), -EBADMSG);
	assert_int_equal(s.calls, 1);
	/* The callback stops the walk, or fails it. */
	memset(&s, 0, sizeof(s));
	s.stop_at = 1;
	s.ret = 1;
	assert_int_equal(nlmsg_walk(buf, 24 + NLMSG_HDRLEN, &any, record, &s), 1);
	assert_int_equal(s.calls, 1);
	memset(&s, 0, sizeof(s));
	s.stop_at = 2;
	s.ret = -EIO;
	assert_int_equal(nlmsg_walk(buf, 24 + NLMSG_HDRLEN, &any, record, &s), -EIO);
	assert_int_equal(s.calls, 2);
}

static void test_walk_ids_and_intr(void **state)
{
	uint8_t buf[2 * NLMSG_HDRLEN];
	bool interrupted = false;
	struct nlmsg_walk w = {true, 7, 9, &interrupted};
	struct seen s;
	(void)state;

	put_hdr(buf, 0, 100, NLMSG_HDRLEN, 0);
	put_hdr(buf, NLMSG_HDRLEN, 101, NLMSG_HDRLEN, NLM_F_DUMP_INTR);
	memset(&s, 0, sizeof(s));
	assert_int_equal(nlmsg_walk(buf, sizeof(buf), &w, record, &s), 0);
	assert_int_equal(s.calls, 2);
	assert_true(interrupted);
	/* A foreign sequence number, then a foreign port id: nothing is read. */
	interrupted = false;
	w.seq = 8;
	memset(&s, 0, sizeof(s));
	assert_int_equal(nlmsg_walk(buf, sizeof(buf), &w, record, &s), -EPROTO);
	w.seq = 7;
	w.portid = 10;
	assert_int_equal(nlmsg_walk(buf, sizeof(buf), &w, record, &s), -EPROTO);
	assert_int_equal(s.calls, 0);
	assert_false(interrupted);
	/* Port id 0 takes any; without the check nothing is foreign. */
	w.portid = 0;
	assert_int_equal(nlmsg_walk(buf, sizeof(buf), &w, record, &s), 0);
	w.check_ids = false;
	w.seq = 1;
	w.portid = 2;
	assert_int_equal(nlmsg_walk(buf, sizeof(buf), &w, record, &s), 0);
	assert_int_equal(s.calls, 4);
	/* NLM_F_DUMP_INTR with nowhere to note it. */
	w.interrupted = NULL;
	assert_int_equal(nlmsg_walk(buf, sizeof(buf), &w, record, &s), 0);
}

/* nlmsg_end_of_dump on msg as the walk hands it over: r and *err. */
static void end_is(const struct err_msg *m, uint32_t len, int want_r, int want_err)
{
	struct nlmsghdr h = m->h;
	int err = 12345;

	h.nlmsg_len = len;
	assert_int_equal(nlmsg_end_of_dump(&h, (const uint8_t *)m, &err), want_r);
	assert_int_equal(err, want_err);
}

static void test_end_of_dump(void **state)
{
	struct err_msg m;
	(void)state;

	/* A bare NLMSG_DONE, and one cut inside its errno: the end, no error. */
	put_err(&m, NLMSG_DONE, -EPERM);
	end_is(&m, NLMSG_HDRLEN, NLMSG_END, 0);
	end_is(&m, NLMSG_HDRLEN + 3, NLMSG_END, 0);
	/* An NLMSG_DONE carrying an errno (a dump that failed half way). */
	end_is(&m, NLMSG_HDRLEN + 4, NLMSG_END, -EPERM);
	/* An NLMSG_ERROR too short for its errno. */
	put_err(&m, NLMSG_ERROR, -EPERM);
	end_is(&m, NLMSG_HDRLEN + 3, -EBADMSG, 0);
	/* NLMSG_ERROR: a negative errno as it is, a positive one negated. */
	end_is(&m, sizeof(m), NLMSG_END, -EPERM);
	put_err(&m, NLMSG_ERROR, EIO);
	end_is(&m, sizeof(m), NLMSG_END, -EIO);
	put_err(&m, NLMSG_ERROR, 4095);
	end_is(&m, sizeof(m), NLMSG_END, -4095);
	put_err(&m, NLMSG_ERROR, -4095);
	end_is(&m, sizeof(m), NLMSG_END, -4095);
	/* Outside [-4095, 4095]: no errno at all. */
	put_err(&m, NLMSG_ERROR, 4096);
	end_is(&m, sizeof(m), NLMSG_END, -EPROTO);
	put_err(&m, NLMSG_ERROR, -4096);
	end_is(&m, sizeof(m), NLMSG_END, -EPROTO);
	put_err(&m, NLMSG_ERROR, INT32_MIN);
	end_is(&m, sizeof(m), NLMSG_END, -EPROTO);
	put_err(&m, NLMSG_DONE, 5000);
	end_is(&m, sizeof(m), NLMSG_END, -EPROTO);
	/* NLMSG_ERROR with 0 acknowledges; NLMSG_DONE with 0 ends. */
	put_err(&m, NLMSG_ERROR, 0);
	end_is(&m, sizeof(m), NLMSG_ACK, 0);
	put_err(&m, NLMSG_DONE, 0);
	end_is(&m, sizeof(m), NLMSG_END, 0);
}

/* The first errno of a dump is the one kept. */
static void test_dump_done(void **state)
{
	struct err_msg m;
	int kernel_error = 0;
	(void)state;

	put_err(&m, NLMSG_ERROR, 0);
	assert_int_equal(nlmsg_dump_done(&m.h, (const uint8_t *)&m, &kernel_error), 0);
	assert_int_equal(kernel_error, 0);
	put_err(&m, NLMSG_DONE, -ENOBUFS);
	assert_int_equal(nlmsg_dump_done(&m.h, (const uint8_t *)&m, &kernel_error), 0);
	assert_int_equal(kernel_error, -ENOBUFS);
	put_err(&m, NLMSG_ERROR, EPERM);
	assert_int_equal(nlmsg_dump_done(&m.h, (const uint8_t *)&m, &kernel_error), 0);
	assert_int_equal(kernel_error, -ENOBUFS);
	m.h.nlmsg_len = NLMSG_HDRLEN;
	assert_int_equal(nlmsg_dump_done(&m.h, (const uint8_t *)&m, &kernel_error), -EBADMSG);
	assert_int_equal(kernel_error, -ENOBUFS);
}

/*
 * Every dump parser reads the errno alike: 5 is EIO, whichever carries it.
 * An acknowledgement ends an address, conntrack or sock_diag dump (none
 * asks for one), not a rule dump.
 */
static void test_parsers_agree(void **state)
{
	struct addr_table at;
	struct addrs_parser ap;
	struct nat_flow_table ft;
	struct conntrack_parser cp;
	struct conntable ct;
	struct netlink_parser np;
	struct nat_rules_result res;
	struct nat_rules_parser rp;
	struct err_msg m;
	(void)state;

	addr_table_init(&at);
	nat_flow_table_init(&ft);
	conntable_init(&ct);
	nat_rules_result_init(&res);
	put_err(&m, NLMSG_ERROR, EIO);
	addrs_parser_init(&ap, &at, 0);
	assert_int_equal(addrs_parse(&ap, &m, sizeof(m)), 0);
	assert_int_equal(ap.kernel_error, -EIO);
	conntrack_parser_init(&cp, &ft, 0);
	assert_int_equal(conntrack_parse(&cp, &m, sizeof(m)), 0);
	assert_int_equal(cp.kernel_error, -EIO);
	netlink_parser_init(&np, &ct, PROTO_TCP);
	assert_int_equal(netlink_parse(&np, &m, sizeof(m)), 0);
	assert_int_equal(np.kernel_error, -EIO);
	nat_rules_parser_init(&rp, &res);
	assert_int_equal(nat_rules_parse(&rp, &m, sizeof(m)), 0);
	assert_int_equal(rp.kernel_error, -EIO);
	assert_true(rp.done);

	put_err(&m, NLMSG_ERROR, 0);
	addrs_parser_init(&ap, &at, 0);
	assert_int_equal(addrs_parse(&ap, &m, sizeof(m)), 0);
	assert_true(ap.done);
	assert_int_equal(ap.kernel_error, 0);
	nat_rules_parser_init(&rp, &res);
	assert_int_equal(nat_rules_parse(&rp, &m, sizeof(m)), 0);
	assert_false(rp.done);
	assert_int_equal(rp.kernel_error, 0);

	nat_rules_result_free(&res);
	conntable_free(&ct);
	nat_flow_table_free(&ft);
	addr_table_free(&at);
}

static void test_socket_open(void **state)
{
	struct mnl_socket *nl;
	bool bind_failed = true;
	int err = 1;
	(void)state;

	nl = nlmsg_socket_open(NETLINK_ROUTE, &err, &bind_failed);
	assert_non_null(nl);
	assert_int_equal(err, 0);
	assert_false(bind_failed);
	assert_true(fcntl(mnl_socket_get_fd(nl), F_GETFD) & FD_CLOEXEC);
	assert_int_not_equal(mnl_socket_get_portid(nl), 0);
	nlmsg_socket_close(nl);
	nlmsg_socket_close(NULL);
	/* No such netlink protocol: the socket itself is refused. */
	nl = nlmsg_socket_open(MAX_LINKS, &err, &bind_failed);
	assert_null(nl);
	assert_int_equal(err, -EPROTONOSUPPORT);
	assert_false(bind_failed);
	nl = nlmsg_socket_open(MAX_LINKS, &err, NULL);
	assert_null(nl);
}

#if defined(__x86_64__)
#define AUDIT_ARCH_HERE AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define AUDIT_ARCH_HERE AUDIT_ARCH_AARCH64
#endif

#ifdef AUDIT_ARCH_HERE
/* In a child: bind(2) refused with EADDRINUSE by a seccomp filter. */
static int refuse_bind(void)
{
	struct sock_filter code[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_HERE, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_bind, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EADDRINUSE),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {(unsigned short)(sizeof(code) / sizeof(code[0])), code};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}
#endif

/* A socket that opens but does not bind is closed again, and says so. */
static void test_socket_bind_refused(void **state)
{
#ifdef AUDIT_ARCH_HERE
	pid_t pid;
	int status;
	(void)state;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct mnl_socket *nl;
		bool bind_failed = false;
		int err = 0;

		if (refuse_bind() != 0)
			exit(2);
		nl = nlmsg_socket_open(NETLINK_ROUTE, &err, &bind_failed);
		/* exit, not _exit: a coverage build writes its counters at exit. */
		exit(nl == NULL && err == -EADDRINUSE && bind_failed ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
#else
	(void)state;
	fail_msg("test_nlmsg: add this architecture's AUDIT_ARCH value");
#endif
}

/* A dump's replies left queued are dropped: the next receive finds none. */
static void test_drain(void **state)
{
	uint8_t req[256];
	uint8_t *buf = malloc(64 * 1024);
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	int err;
	(void)state;

	assert_non_null(buf);
	nl = nlmsg_socket_open(NETLINK_ROUTE, &err, NULL);
	assert_non_null(nl);
	/* Empty: returns at once. */
	nlmsg_drain(nl, buf, 64 * 1024);
	nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = 1;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_UNSPEC;
	assert_true(mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) >= 0);
	/* A dump always ends with NLMSG_DONE: something is queued. */
	assert_true(recv(mnl_socket_get_fd(nl), buf, 1, MSG_DONTWAIT | MSG_PEEK) > 0);
	nlmsg_drain(nl, buf, 64 * 1024);
	assert_true(recv(mnl_socket_get_fd(nl), buf, 64 * 1024, MSG_DONTWAIT) < 0);
	assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
	nlmsg_socket_close(nl);
	free(buf);
}

/* A parser for nlmsg_receive_dump: addrs_parse, or a failure. */
static int parse_addrs(void *p, const void *buf, size_t len)
{
	return addrs_parse(p, buf, len);
}

static int parse_fails(void *p, const void *buf, size_t len)
{
	(void)p;
	(void)buf;
	(void)len;
	return -EBADMSG;
}

/* Sends an RTM_GETADDR dump request of sequence number seq on nl. */
static void request_addrs(struct mnl_socket *nl, uint32_t seq)
{
	uint8_t req[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	struct ifaddrmsg *ifa;

	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_UNSPEC;
	assert_true(mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) >= 0);
}

/* A live dump received to its end; a datagram too large; a parser's error. */
static void test_receive_dump(void **state)
{
	uint8_t *buf = malloc(64 * 1024);
	struct addr_table t;
	struct addrs_parser p;
	struct mnl_socket *nl;
	bool done = false;
	int err;
	(void)state;

	assert_non_null(buf);
	addr_table_init(&t);
	nl = nlmsg_socket_open(NETLINK_ROUTE, &err, NULL);
	assert_non_null(nl);
	request_addrs(nl, 1);
	addrs_parser_init(&p, &t, 0);
	p.check_ids = true;
	p.seq = 1;
	p.portid = mnl_socket_get_portid(nl);
	assert_int_equal(nlmsg_receive_dump(nl, buf, 64 * 1024, parse_addrs, &p, &p.done), 0);
	assert_true(p.done);
	assert_int_equal(p.kernel_error, 0);
	/* Done already: nothing is received. */
	assert_int_equal(nlmsg_receive_dump(nl, buf, 64 * 1024, parse_fails, NULL, &p.done), 0);
	request_addrs(nl, 2);
	assert_int_equal(nlmsg_receive_dump(nl, buf, 64 * 1024, parse_fails, NULL, &done),
			 -EBADMSG);
	nlmsg_drain(nl, buf, 64 * 1024);
	request_addrs(nl, 3);
	assert_int_equal(nlmsg_receive_dump(nl, buf, NLMSG_HDRLEN, parse_fails, NULL, &done),
			 -ENOSPC);
	nlmsg_socket_close(nl);
	addr_table_free(&t);
	free(buf);
}

static void test_write_all(void **state)
{
	char out[8] = {0};
	int fds[2];
	(void)state;

	assert_int_equal(pipe(fds), 0);
	assert_int_equal(nlmsg_write_all(fds[1], "netlink", 7), 0);
	assert_int_equal(nlmsg_write_all(fds[1], "", 0), 0);
	assert_int_equal(read(fds[0], out, sizeof(out)), 7);
	assert_string_equal(out, "netlink");
	/* The read end takes no writes. */
	assert_int_equal(nlmsg_write_all(fds[0], "x", 1), -EBADF);
	assert_int_equal(close(fds[0]), 0);
	assert_int_equal(close(fds[1]), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_walk_framing),	cmocka_unit_test(test_walk_ids_and_intr),
	    cmocka_unit_test(test_end_of_dump),		cmocka_unit_test(test_dump_done),
	    cmocka_unit_test(test_parsers_agree),	cmocka_unit_test(test_socket_open),
	    cmocka_unit_test(test_socket_bind_refused), cmocka_unit_test(test_drain),
	    cmocka_unit_test(test_receive_dump),	cmocka_unit_test(test_write_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
