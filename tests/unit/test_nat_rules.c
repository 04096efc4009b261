/*
 * test_nat_rules.c - NAT rules into published-port mappings
 * (source/nat_rules.h, model/nat_map.h), over netlink dumps the kernel
 * gave for rules that nft and iptables-nft loaded in a throw-away network
 * namespace (tests/fixtures/nat/record.sh: NAME.nft or NAME.sh -> NAME.bin),
 * a rule built here in the shape old iptables-nft wrote (x_tables matches
 * and targets), and broken buffers: truncated, garbage, an expression
 * without a name, an attribute of the wrong size.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/xt_tcpudp.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixtures.h"
#include "lib/procfile.h"
#include "model/nat_map.h"
#include "source/nat_rules.h"

/* tests/fixtures/nat/NAME into a fresh buffer (free it). */
static uint8_t *load_fixture(const char *name, size_t *len)
{
	char rel[256], path[1400];
	uint8_t *buf = NULL;
	int fd;

	(void)snprintf(rel, sizeof(rel), "tests/fixtures/nat/%s", name);
	fixture_path(path, sizeof(path), "PORTSTAT_SOURCE_DIR", rel);
	fd = inputfile_open(path);
	assert_true(fd >= 0);
	assert_int_equal(inputfile_read(fd, 1u << 20, &buf, len), 0);
	close(fd);
	return buf;
}

/* A recording decoded as a replay is: every message, no id checks. */
static void parse_fixture(const char *name, struct nat_rules_result *res)
{
	struct nat_rules_parser p;
	size_t len;
	uint8_t *buf = load_fixture(name, &len);

	nat_rules_result_init(res);
	nat_rules_parser_init(&p, res);
	assert_int_equal(nat_rules_parse(&p, buf, len), 0);
	assert_int_equal(p.kernel_error, 0);
	assert_true(p.done);
	free(buf);
}

/* The mapping of this protocol, family and first matched port; fails when absent. */
static const struct nat_mapping *find(const struct nat_rules_result *res, uint8_t proto,
				      uint8_t family, uint16_t dport)
{
	size_t i;

	for (i = 0; i < res->map.len; i++) {
		const struct nat_mapping *m = &res->map.v[i];

		if (m->proto == proto && m->family == family && m->dport_lo == dport)
			return m;
	}
	fail_msg("no mapping for proto %u family %u dport %u", proto, family, dport);
	return NULL;
}

static void assert_addr(const struct nat_addr *a, const char *text, unsigned prefix)
{
	char buf[INET6_ADDRSTRLEN];

	assert_int_not_equal(a->family, 0);
	assert_non_null(inet_ntop(a->family, a->addr, buf, sizeof(buf)));
	assert_string_equal(buf, text);
	assert_int_equal(a->prefix, prefix);
}

/* nft: dnat to address:port, to an address alone (the port kept), port ranges on both sides. */
static void test_nft_dnat(void **state)
{
	struct nat_rules_result res;
	const struct nat_mapping *m;
	(void)state;

	parse_fixture("nft_dnat.bin", &res);
	assert_int_equal(res.rules, 3);
	assert_int_equal(res.map.len, 3);
	assert_int_equal(res.not_understood, 0);

	m = find(&res, IPPROTO_TCP, AF_INET, 8080);
	assert_int_equal(m->dport_hi, 8080);
	assert_int_equal(m->mechanism, NAT_DNAT);
	assert_addr(&m->to, "10.0.0.2", 32);
	assert_true(m->to_port_given);
	assert_int_equal(m->to_port_lo, 80);
	assert_int_equal(m->to_port_hi, 80);
	assert_int_equal(m->daddr.family, 0);
	assert_string_equal(m->iif, "");
	assert_string_equal(m->table, "nat");
	assert_string_equal(m->chain, "prerouting");
	assert_int_equal(m->table_family, NFPROTO_IPV4);
	assert_true(m->handle > 0);

	m = find(&res, IPPROTO_UDP, AF_INET, 5353);
	assert_addr(&m->to, "10.0.0.3", 32);
	assert_false(m->to_port_given);
	assert_int_equal(m->to_port_lo, 5353);
	assert_int_equal(m->to_port_hi, 5353);

	m = find(&res, IPPROTO_TCP, AF_INET, 9000);
	assert_int_equal(m->dport_hi, 9010);
	assert_addr(&m->to, "10.0.0.4", 32);
	assert_int_equal(m->to_port_lo, 7000);
	assert_int_equal(m->to_port_hi, 7010);
	nat_rules_result_free(&res);
}

/* nft: redirect to a port, and redirect alone (same port); no target address. */
static void test_nft_redirect(void **state)
{
	struct nat_rules_result res;
	const struct nat_mapping *m;
	(void)state;

	parse_fixture("nft_redirect.bin", &res);
	assert_int_equal(res.map.len, 2);
	m = find(&res, IPPROTO_TCP, AF_INET, 2222);
	assert_int_equal(m->mechanism, NAT_REDIRECT);
	assert_int_equal(m->to.family, 0);
	assert_true(m->to_port_given);
	assert_int_equal(m->to_port_lo, 22);
	m = find(&res, IPPROTO_UDP, AF_INET, 53);
	assert_int_equal(m->mechanism, NAT_REDIRECT);
	assert_false(m->to_port_given);
	assert_int_equal(m->to_port_lo, 53);
	assert_string_equal(nat_mechanism_name(m->mechanism), "redirect");
	nat_rules_result_free(&res);
}

/* nft: input interface (exact, negated, wildcard) and destination address (host, prefixes). */
static void test_nft_match(void **state)
{
	struct nat_rules_result res;
	const struct nat_mapping *m;
	(void)state;

	parse_fixture("nft_match.bin", &res);
	assert_int_equal(res.map.len, 4);
	assert_int_equal(res.not_understood, 0);

	m = find(&res, IPPROTO_TCP, AF_INET, 8443);
	assert_string_equal(m->iif, "eth0");
	assert_false(m->iif_negated);
	assert_false(m->iif_prefix);
	assert_int_equal(m->daddr.family, 0);

	m = find(&res, IPPROTO_TCP, AF_INET, 8081);
	assert_string_equal(m->iif, "lo");
	assert_true(m->iif_negated);
	assert_addr(&m->daddr, "192.168.1.0", 24); /* a byte-aligned prefix: a shorter load */

	m = find(&res, IPPROTO_TCP, AF_INET, 8082);
	assert_addr(&m->daddr, "192.168.1.1", 32);

	m = find(&res, IPPROTO_UDP, AF_INET, 1000);
	assert_int_equal(m->dport_hi, 1999);
	assert_addr(&m->daddr, "172.16.0.0", 12); /* a load and a bitwise mask */
	assert_string_equal(m->iif, "veth");
	assert_true(m->iif_prefix);
	nat_rules_result_free(&res);
}

/* ip6 tables, and inet tables: dnat ip / dnat ip6, and a redirect that serves both families. */
static void test_ip6_and_inet(void **state)
{
	struct nat_rules_result res;
	const struct nat_mapping *m;
	(void)state;

	parse_fixture("nft_ip6.bin", &res);
	assert_int_equal(res.not_understood, 0);
	assert_int_equal(res.map.len, 6);
	m = find(&res, IPPROTO_TCP, AF_INET6, 8080);
	assert_addr(&m->to, "fd00::2", 128);
	assert_int_equal(m->to_port_lo, 80);
	assert_int_equal(m->table_family, NFPROTO_IPV6);
	m = find(&res, IPPROTO_UDP, AF_INET6, 53);
	assert_addr(&m->daddr, "2001:db8::", 32);
	assert_addr(&m->to, "fd00::3", 128);
	m = find(&res, IPPROTO_TCP, AF_INET, 7070);
	assert_addr(&m->to, "10.0.0.9", 32);
	assert_int_equal(m->table_family, NFPROTO_INET);
	assert_string_equal(m->table, "both");
	m = find(&res, IPPROTO_TCP, AF_INET6, 7071);
	assert_addr(&m->to, "fd00::9", 128);
	m = find(&res, IPPROTO_TCP, AF_INET, 7072);
	assert_int_equal(m->mechanism, NAT_REDIRECT);
	m = find(&res, IPPROTO_TCP, AF_INET6, 7072);
	assert_int_equal(m->mechanism, NAT_REDIRECT);
	nat_rules_result_free(&res);
}

/* Docker through iptables-nft: `! -i docker0 ... -j DNAT --to-destination` (xt DNAT target). */
static void test_iptables_docker(void **state)
{
	struct nat_rules_result res;
	const struct nat_mapping *m;
	(void)state;

	parse_fixture("iptables_docker.bin", &res);
	assert_int_equal(res.map.len, 5);
	assert_int_equal(res.not_understood, 1); /* -m multiport */

	m = find(&res, IPPROTO_TCP, AF_INET, 8080);
	assert_int_equal(m->mechanism, NAT_DNAT);
	assert_string_equal(m->iif, "docker0");
	assert_true(m->iif_negated);
	assert_addr(&m->to, "172.17.0.2", 32);
	assert_int_equal(m->to_port_lo, 80);
	assert_string_equal(m->chain, "DOCKER");

	m = find(&res, IPPROTO_UDP, AF_INET, 5353);
	assert_addr(&m->daddr, "127.0.0.1", 32);
	assert_addr(&m->to, "172.17.0.3", 32);
	assert_int_equal(m->to_port_lo, 53);

	m = find(&res, IPPROTO_TCP, AF_INET, 9000);
	assert_int_equal(m->dport_hi, 9010);
	assert_string_equal(m->iif, "br");
	assert_true(m->iif_prefix && m->iif_negated);
	assert_false(m->to_port_given);

	m = find(&res, IPPROTO_TCP, AF_INET, 2222);
	assert_int_equal(m->mechanism, NAT_REDIRECT); /* xt REDIRECT, revision 0 */
	assert_int_equal(m->to_port_lo, 22);

	m = find(&res, IPPROTO_TCP, AF_INET6, 8080);
	assert_addr(&m->to, "fd00::2", 128);
	assert_int_equal(m->to_port_lo, 80);
	nat_rules_result_free(&res);
}

/* CNI portmap: the CNI-DN-* chain's DNATs; its jumps and marks publish nothing. */
static void test_iptables_cni(void **state)
{
	struct nat_rules_result res;
	const struct nat_mapping *m;
	(void)state;

	parse_fixture("iptables_cni.bin", &res);
	assert_int_equal(res.map.len, 2);
	assert_int_equal(res.not_understood, 0);
	m = find(&res, IPPROTO_TCP, AF_INET, 8443);
	assert_addr(&m->to, "10.88.0.2", 32);
	assert_int_equal(m->to_port_lo, 443);
	assert_string_equal(m->chain, "CNI-DN-2b6a1f0c5d7e9a8b3c4d5");
	nat_rules_result_free(&res);
}

/* A mapping of this protocol, first port and target address (several share a port); fails when
 * absent. */
static const struct nat_mapping *find_to(const struct nat_rules_result *res, uint16_t dport,
					 const char *to)
{
	char buf[INET6_ADDRSTRLEN];
	size_t i;

	for (i = 0; i < res->map.len; i++) {
		const struct nat_mapping *m = &res->map.v[i];

		if (m->dport_lo == dport && m->to.family != 0 &&
		    inet_ntop(m->to.family, m->to.addr, buf, sizeof(buf)) != NULL &&
		    strcmp(buf, to) == 0)
			return m;
	}
	fail_msg("no mapping for dport %u to %s", dport, to);
	return NULL;
}

/*
 * kube-proxy (iptables mode, through iptables-nft): the DNATs in KUBE-SEP-*
 * name no port; the NodePort (KUBE-NODEPORTS --dport 30080) and the cluster
 * IP (KUBE-SERVICES -d 10.96.0.50 --dport 80) are conditions of the jumps
 * that lead there, through addrtype LOCAL, comments and a statistic split.
 */
static void test_iptables_kube(void **state)
{
	static const char *const eps[] = {"10.244.1.5", "10.244.2.6"};
	struct nat_rules_result res;
	const struct nat_mapping *m;
	size_t i;
	(void)state;

	parse_fixture("iptables_kube.bin", &res);
	assert_int_equal(res.not_understood, 0);
	assert_int_equal(res.map.len, 4);
	for (i = 0; i < 2; i++) {
		m = find_to(&res, 30080, eps[i]);
		assert_int_equal(m->proto, IPPROTO_TCP);
		assert_int_equal(m->family, AF_INET);
		assert_int_equal(m->dport_hi, 30080);
		assert_int_equal(m->daddr.family, 0);
		assert_int_equal(m->to_port_lo, 8080);
		assert_true(m->to_port_given);
		assert_string_equal(m->chain, i == 0 ? "KUBE-SEP-A" : "KUBE-SEP-B");

		m = find_to(&res, 80, eps[i]);
		assert_int_equal(m->proto, IPPROTO_TCP);
		assert_int_equal(m->dport_hi, 80);
		assert_addr(&m->daddr, "10.96.0.50", 32);
		assert_int_equal(m->to_port_lo, 8080);
	}
	nat_rules_result_free(&res);
}

/*
 * nft jumps and gotos: conditions merged along the path (fib daddr type
 * local and meta random restrict nothing); a path that contradicts the
 * rule is dropped, the agreeing one kept; a path through `ip saddr`, one
 * of 9 chains, and a chain nothing jumps to leave their rules counted.
 */
static void test_nft_jumps(void **state)
{
	struct nat_rules_result res;
	const struct nat_mapping *m;
	(void)state;

	parse_fixture("nft_jumps.bin", &res);
	assert_int_equal(res.rules, 21);
	assert_int_equal(res.not_understood, 3);
	assert_int_equal(res.map.len, 3);

	m = find_to(&res, 4000, "10.0.0.4");
	assert_int_equal(m->dport_hi, 4001);
	assert_string_equal(m->iif, "eth0");
	assert_false(m->iif_negated);
	assert_int_equal(m->to_port_lo, 40);
	assert_string_equal(m->chain, "ep1");
	m = find_to(&res, 4000, "10.0.0.5");
	assert_false(m->to_port_given);
	assert_int_equal(m->to_port_hi, 4001);

	m = find_to(&res, 81, "10.0.0.6");
	assert_int_equal(m->proto, IPPROTO_TCP);
	assert_int_equal(m->dport_hi, 81);
	assert_string_equal(m->chain, "contra");
	nat_rules_result_free(&res);
}

/* A chain name with an escape sequence is kept byte for byte (printers escape); a comment is no
 * condition. */
static void test_hostile_names(void **state)
{
	struct nat_rules_result res;
	const struct nat_mapping *m;
	(void)state;

	parse_fixture("hostile_names.bin", &res);
	assert_int_equal(res.map.len, 1);
	m = find(&res, IPPROTO_TCP, AF_INET, 80);
	assert_string_equal(m->chain, "evil\033[31mred\\n");
	assert_addr(&m->to, "10.0.0.1", 32);
	nat_rules_result_free(&res);
}

/*
 * Conntrack state, a map as target, a source address, an inverted port:
 * counted, never listed; masquerade, snat and a plain accept are no
 * published port and not counted.
 */
static void test_not_understood(void **state)
{
	struct nat_rules_result res;
	(void)state;

	parse_fixture("nft_unknown.bin", &res);
	assert_int_equal(res.rules, 8);
	assert_int_equal(res.not_understood, 4);
	assert_int_equal(res.map.len, 1);
	assert_int_equal(res.map.v[0].dport_lo, 8085);
	nat_rules_result_free(&res);
}

/* An empty ruleset: NLMSG_DONE alone. */
static void test_empty(void **state)
{
	struct nat_rules_result res;
	(void)state;

	parse_fixture("empty.bin", &res);
	assert_int_equal(res.rules, 0);
	assert_int_equal(res.map.len, 0);
	assert_int_equal(res.not_understood, 0);
	nat_rules_result_free(&res);
}

/* Every cut of a recording is an error or fewer mappings, never a crash or an invention. */
static void test_truncated(void **state)
{
	size_t len, cut;
	uint8_t *buf = load_fixture("iptables_docker.bin", &len);
	(void)state;

	for (cut = 0; cut < len; cut++) {
		struct nat_rules_result res;
		struct nat_rules_parser p;
		uint8_t *copy = malloc(cut ? cut : 1);
		int r;

		assert_non_null(copy);
		memcpy(copy, buf, cut);
		nat_rules_result_init(&res);
		nat_rules_parser_init(&p, &res);
		r = nat_rules_parse(&p, copy, cut);
		assert_true(r == 0 || r == -EBADMSG);
		assert_true(res.map.len <= 5);
		assert_false(p.done); /* NLMSG_DONE is the last message */
		nat_rules_result_free(&res);
		free(copy);
	}
	free(buf);
}

/* Garbage: a length past the buffer, a length below a header, random bytes. */
static void test_garbage(void **state)
{
	struct nat_rules_result res;
	struct nat_rules_parser p;
	struct nlmsghdr h = {.nlmsg_len = 4096, .nlmsg_type = NLMSG_DONE};
	uint8_t junk[512];
	size_t i;
	(void)state;

	nat_rules_result_init(&res);
	nat_rules_parser_init(&p, &res);
	assert_int_equal(nat_rules_parse(&p, &h, sizeof(h)), -EBADMSG);
	h.nlmsg_len = 3;
	assert_int_equal(nat_rules_parse(&p, &h, sizeof(h)), -EBADMSG);
	srand(17);
	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)rand();
	for (i = 0; i < 64; i++) {
		int r;

		memcpy(junk, &(uint32_t){(uint32_t)(16 + i * 7)}, 4); /* a plausible length */
		r = nat_rules_parse(&p, junk, sizeof(junk));
		assert_true(r == 0 || r == -EBADMSG);
	}
	assert_int_equal(res.map.len, 0);
	nat_rules_result_free(&res);
}

/* A live dump: a foreign sequence number is refused; the kernel's errno is kept. */
static void test_ids_and_errors(void **state)
{
	struct nat_rules_result res;
	struct nat_rules_parser p;
	struct {
		struct nlmsghdr h;
		struct nlmsgerr e;
	} msg;
	(void)state;

	memset(&msg, 0, sizeof(msg));
	msg.h.nlmsg_len = sizeof(msg);
	msg.h.nlmsg_type = NLMSG_ERROR;
	msg.h.nlmsg_seq = 7;
	msg.e.error = -EPERM;
	nat_rules_result_init(&res);
	nat_rules_parser_init(&p, &res);
	p.check_ids = p.stop_at_done = true;
	p.seq = 8;
	assert_int_equal(nat_rules_parse(&p, &msg, sizeof(msg)), -EPROTO);
	p.seq = 7;
	assert_int_equal(nat_rules_parse(&p, &msg, sizeof(msg)), 0);
	assert_int_equal(p.kernel_error, -EPERM);
	assert_true(p.done);
	nat_rules_result_free(&res);

	/* A bare NLMSG_DONE (no errno) ends the dump without an error. */
	nat_rules_result_init(&res);
	nat_rules_parser_init(&p, &res);
	msg.h.nlmsg_type = NLMSG_DONE;
	msg.h.nlmsg_len = NLMSG_HDRLEN;
	assert_int_equal(nat_rules_parse(&p, &msg, NLMSG_HDRLEN), 0);
	assert_true(p.done);
	assert_int_equal(p.kernel_error, 0);
	/* A value outside [-4095, 4095] is no errno: a protocol error. */
	nat_rules_parser_init(&p, &res);
	msg.h.nlmsg_type = NLMSG_ERROR;
	msg.h.nlmsg_len = sizeof(msg);
	msg.e.error = 5000;
	assert_int_equal(nat_rules_parse(&p, &msg, sizeof(msg)), 0);
	assert_true(p.done);
	assert_int_equal(p.kernel_error, -EPROTO);
	/* A rule message too short for its nfgenmsg is not decoded. */
	nat_rules_parser_init(&p, &res);
	msg.h.nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWRULE;
	msg.h.nlmsg_len = NLMSG_HDRLEN;
	assert_int_equal(nat_rules_parse(&p, &msg, NLMSG_HDRLEN), 0);
	assert_int_equal(res.undecoded, 1);
	nat_rules_result_free(&res);
}

static void put_be32(struct nlmsghdr *nlh, uint16_t type, uint32_t v)
{
	mnl_attr_put_u32(nlh, type, htonl(v));
}

/*
 * Old iptables-nft (before 1.8.3) wrote `-p tcp -m tcp --dport 8080 -j
 * DNAT --to-destination 172.17.0.2:80` as `ip protocol` + an x_tables tcp
 * match + DNAT revision 0 (nf_nat_ipv4_multi_range_compat).  Built here
 * with libmnl, since no iptables at hand writes it so any more.
 */
static size_t build_xt_rule(uint8_t *buf, bool invert_dport)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *g;
	struct nlattr *list, *elem, *data, *value;
	struct xt_tcp tcp = {.spts = {0, 65535}, .dpts = {8080, 8080}};
	struct nf_nat_ipv4_multi_range_compat nat;
	uint8_t six = IPPROTO_TCP;

	if (invert_dport)
		tcp.invflags = XT_TCP_INV_DSTPT;
	memset(&nat, 0, sizeof(nat));
	nat.rangesize = 1;
	nat.range[0].flags = NF_NAT_RANGE_MAP_IPS | NF_NAT_RANGE_PROTO_SPECIFIED;
	assert_int_equal(inet_pton(AF_INET, "172.17.0.2", &nat.range[0].min_ip), 1);
	nat.range[0].max_ip = nat.range[0].min_ip;
	nat.range[0].min.all = nat.range[0].max.all = htons(80);

	nlh->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWRULE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->nfgen_family = NFPROTO_IPV4;
	g->version = NFNETLINK_V0;
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "nat");
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, "DOCKER");
	list = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);

	/* ip protocol tcp: payload @ network header + 9, 1 byte; cmp eq 6. */
	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "payload");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	put_be32(nlh, NFTA_PAYLOAD_DREG, NFT_REG_1);
	put_be32(nlh, NFTA_PAYLOAD_BASE, NFT_PAYLOAD_NETWORK_HEADER);
	put_be32(nlh, NFTA_PAYLOAD_OFFSET, 9);
	put_be32(nlh, NFTA_PAYLOAD_LEN, 1);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);
	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "cmp");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	put_be32(nlh, NFTA_CMP_SREG, NFT_REG_1);
	put_be32(nlh, NFTA_CMP_OP, NFT_CMP_EQ);
	value = mnl_attr_nest_start(nlh, NFTA_CMP_DATA);
	mnl_attr_put(nlh, NFTA_DATA_VALUE, 1, &six);
	mnl_attr_nest_end(nlh, value);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);

	/* -m tcp --dport 8080: x_tables match "tcp", revision 0. */
	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "match");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	mnl_attr_put_strz(nlh, NFTA_MATCH_NAME, "tcp");
	put_be32(nlh, NFTA_MATCH_REV, 0);
	mnl_attr_put(nlh, NFTA_MATCH_INFO, sizeof(tcp), &tcp);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);

	/* counter, without data. */
	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "counter");
	mnl_attr_nest_end(nlh, elem);

	/* -j DNAT --to-destination 172.17.0.2:80: x_tables target "DNAT", revision 0. */
	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "target");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	mnl_attr_put_strz(nlh, NFTA_TARGET_NAME, "DNAT");
	put_be32(nlh, NFTA_TARGET_REV, 0);
	mnl_attr_put(nlh, NFTA_TARGET_INFO, sizeof(nat), &nat);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);

	mnl_attr_nest_end(nlh, list);
	return nlh->nlmsg_len;
}

static void test_xt_match_and_compat_target(void **state)
{
	static uint8_t buf[8192] __attribute__((aligned(4)));
	struct nat_rules_result res;
	struct nat_rules_parser p;
	const struct nat_mapping *m;
	size_t len = build_xt_rule(buf, false);
	(void)state;

	nat_rules_result_init(&res);
	nat_rules_parser_init(&p, &res);
	assert_int_equal(nat_rules_parse(&p, buf, len), 0);
	assert_int_equal(res.map.len, 1);
	m = find(&res, IPPROTO_TCP, AF_INET, 8080);
	assert_int_equal(m->dport_hi, 8080);
	assert_addr(&m->to, "172.17.0.2", 32);
	assert_int_equal(m->to_port_lo, 80);

	/* `! --dport 8080`: every other port; not understood. */
	len = build_xt_rule(buf, true);
	assert_int_equal(nat_rules_parse(&p, buf, len), 0);
	assert_int_equal(res.map.len, 1);
	assert_int_equal(res.not_understood, 1);
	nat_rules_result_free(&res);
}

enum breakage { INTACT, NAMELESS_EXPR, SHORT_U32, UNTERMINATED_TABLE, SHORT_HANDLE, BRIDGE };

/* nft's `tcp dport 8080 dnat to 10.0.0.2:80`, whole or broken one way. */
static size_t build_native_rule(uint8_t *buf, enum breakage how)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *g;
	struct nlattr *list, *elem, *data, *value;
	uint8_t six = IPPROTO_TCP, port[2] = {0x1f, 0x90}, addr[4] = {10, 0, 0, 2};
	uint8_t to_port[2] = {0, 80};
	uint16_t half = 2;

	nlh->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWRULE;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->nfgen_family = how == BRIDGE ? NFPROTO_BRIDGE : NFPROTO_IPV4;
	if (how == SHORT_HANDLE)
		mnl_attr_put_u32(nlh, NFTA_RULE_HANDLE, 1);
	if (how == UNTERMINATED_TABLE)
		mnl_attr_put(nlh, NFTA_RULE_TABLE, 3, "nat");
	else
		mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "nat");
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, "pre");
	list = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);

	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "meta");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	put_be32(nlh, NFTA_META_KEY, NFT_META_L4PROTO);
	put_be32(nlh, NFTA_META_DREG, NFT_REG_1);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);
	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	if (how != NAMELESS_EXPR)
		mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "cmp");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	put_be32(nlh, NFTA_CMP_SREG, NFT_REG_1);
	put_be32(nlh, NFTA_CMP_OP, NFT_CMP_EQ);
	value = mnl_attr_nest_start(nlh, NFTA_CMP_DATA);
	mnl_attr_put(nlh, NFTA_DATA_VALUE, 1, &six);
	mnl_attr_nest_end(nlh, value);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);

	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "payload");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	put_be32(nlh, NFTA_PAYLOAD_DREG, NFT_REG_1);
	put_be32(nlh, NFTA_PAYLOAD_BASE, NFT_PAYLOAD_TRANSPORT_HEADER);
	put_be32(nlh, NFTA_PAYLOAD_OFFSET, 2);
	put_be32(nlh, NFTA_PAYLOAD_LEN, 2);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);
	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "cmp");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	put_be32(nlh, NFTA_CMP_SREG, NFT_REG_1);
	put_be32(nlh, NFTA_CMP_OP, NFT_CMP_EQ);
	value = mnl_attr_nest_start(nlh, NFTA_CMP_DATA);
	mnl_attr_put(nlh, NFTA_DATA_VALUE, 2, port);
	mnl_attr_nest_end(nlh, value);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);

	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "immediate");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	put_be32(nlh, NFTA_IMMEDIATE_DREG, NFT_REG_1);
	value = mnl_attr_nest_start(nlh, NFTA_IMMEDIATE_DATA);
	mnl_attr_put(nlh, NFTA_DATA_VALUE, 4, addr);
	mnl_attr_nest_end(nlh, value);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);
	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "immediate");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	put_be32(nlh, NFTA_IMMEDIATE_DREG, NFT_REG_2);
	value = mnl_attr_nest_start(nlh, NFTA_IMMEDIATE_DATA);
	mnl_attr_put(nlh, NFTA_DATA_VALUE, 2, to_port);
	mnl_attr_nest_end(nlh, value);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);

	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "nat");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	put_be32(nlh, NFTA_NAT_TYPE, NFT_NAT_DNAT);
	if (how == SHORT_U32)
		mnl_attr_put(nlh, NFTA_NAT_FAMILY, sizeof(half), &half);
	else
		put_be32(nlh, NFTA_NAT_FAMILY, NFPROTO_IPV4);
	put_be32(nlh, NFTA_NAT_REG_ADDR_MIN, NFT_REG_1);
	put_be32(nlh, NFTA_NAT_REG_PROTO_MIN, NFT_REG_2);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);
	mnl_attr_nest_end(nlh, list);
	return nlh->nlmsg_len;
}

/*
 * What crashed or ended libnftnl 1.2.4 (the fuzzer found both): an
 * expression without a name (strcmp on NULL) and an attribute of the wrong
 * size (exit(1), "kernel ABI is broken").  Here: the rule is not
 * understood, or not decoded, and the process goes on.
 */
static void test_malformed_attributes(void **state)
{
	static const struct {
		enum breakage how;
		size_t mappings, not_understood, undecoded, skipped;
	} cases[] = {
	    {INTACT, 1, 0, 0, 0},	{NAMELESS_EXPR, 0, 1, 0, 0},
	    {SHORT_U32, 0, 1, 0, 0},	{UNTERMINATED_TABLE, 0, 0, 1, 0},
	    {SHORT_HANDLE, 0, 0, 1, 0}, /* a 64-bit handle in 4 bytes */
	    {BRIDGE, 0, 0, 0, 1},	/* no NAT of a bridge reaches a socket */
	};
	static uint8_t buf[8192] __attribute__((aligned(4)));
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nat_rules_result res;
		struct nat_rules_parser p;
		size_t len;

		memset(buf, 0, sizeof(buf));
		len = build_native_rule(buf, cases[i].how);
		nat_rules_result_init(&res);
		nat_rules_parser_init(&p, &res);
		assert_int_equal(nat_rules_parse(&p, buf, len), 0);
		assert_int_equal(res.map.len, cases[i].mappings);
		assert_int_equal(res.not_understood, cases[i].not_understood);
		assert_int_equal(res.undecoded, cases[i].undecoded);
		assert_int_equal(res.skipped, cases[i].skipped);
		if (cases[i].mappings == 1) {
			assert_addr(&res.map.v[0].to, "10.0.0.2", 32);
			assert_int_equal(res.map.v[0].dport_lo, 8080);
			assert_int_equal(res.map.v[0].to_port_lo, 80);
		}
		nat_rules_result_free(&res);
	}
}

/* Appends to nlh an expression NAME whose data attributes the caller adds; returns its nest. */
static struct nlattr *expr_start(struct nlmsghdr *nlh, const char *name, struct nlattr **data)
{
	struct nlattr *elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);

	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, name);
	*data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	return elem;
}

static void expr_end(struct nlmsghdr *nlh, struct nlattr *elem, struct nlattr *data)
{
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);
}

/* A register loaded (meta l4proto, or payload th dport) and compared equal to len bytes at v. */
static void put_match(struct nlmsghdr *nlh, bool dport, const void *v, uint16_t len)
{
	struct nlattr *elem, *data, *value;

	elem = expr_start(nlh, dport ? "payload" : "meta", &data);
	if (dport) {
		put_be32(nlh, NFTA_PAYLOAD_DREG, NFT_REG_1);
		put_be32(nlh, NFTA_PAYLOAD_BASE, NFT_PAYLOAD_TRANSPORT_HEADER);
		put_be32(nlh, NFTA_PAYLOAD_OFFSET, 2);
		put_be32(nlh, NFTA_PAYLOAD_LEN, 2);
	} else {
		put_be32(nlh, NFTA_META_KEY, NFT_META_L4PROTO);
		put_be32(nlh, NFTA_META_DREG, NFT_REG_1);
	}
	expr_end(nlh, elem, data);
	elem = expr_start(nlh, "cmp", &data);
	put_be32(nlh, NFTA_CMP_SREG, NFT_REG_1);
	put_be32(nlh, NFTA_CMP_OP, NFT_CMP_EQ);
	value = mnl_attr_nest_start(nlh, NFTA_CMP_DATA);
	mnl_attr_put(nlh, NFTA_DATA_VALUE, len, v);
	mnl_attr_nest_end(nlh, value);
	expr_end(nlh, elem, data);
}

/*
 * At buf, an ip nat rule in CHAIN: `tcp dport DPORT` (0: `meta l4proto tcp`
 * alone), then `jump TO` or, TO NULL, `dnat to 10.0.0.9:99`.  Returns its
 * length.  Shapes the kernel refuses to load (a loop) are built here.
 */
static size_t build_graph_rule(uint8_t *buf, const char *chain, uint16_t dport, const char *to)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *g;
	struct nlattr *list, *elem, *data, *value, *verdict;
	uint8_t six = IPPROTO_TCP, addr[4] = {10, 0, 0, 9}, port[2] = {0, 99};
	uint8_t be_dport[2] = {(uint8_t)(dport >> 8), (uint8_t)dport};

	nlh->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWRULE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->nfgen_family = NFPROTO_IPV4;
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "nat");
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, chain);
	list = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
	put_match(nlh, false, &six, 1);
	if (dport != 0)
		put_match(nlh, true, be_dport, 2);
	if (to != NULL) {
		elem = expr_start(nlh, "immediate", &data);
		put_be32(nlh, NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
		value = mnl_attr_nest_start(nlh, NFTA_IMMEDIATE_DATA);
		verdict = mnl_attr_nest_start(nlh, NFTA_DATA_VERDICT);
		mnl_attr_put_u32(nlh, NFTA_VERDICT_CODE, htonl((uint32_t)NFT_JUMP));
		mnl_attr_put_strz(nlh, NFTA_VERDICT_CHAIN, to);
		mnl_attr_nest_end(nlh, verdict);
		mnl_attr_nest_end(nlh, value);
		expr_end(nlh, elem, data);
	} else {
		elem = expr_start(nlh, "immediate", &data);
		put_be32(nlh, NFTA_IMMEDIATE_DREG, NFT_REG_1);
		value = mnl_attr_nest_start(nlh, NFTA_IMMEDIATE_DATA);
		mnl_attr_put(nlh, NFTA_DATA_VALUE, 4, addr);
		mnl_attr_nest_end(nlh, value);
		expr_end(nlh, elem, data);
		elem = expr_start(nlh, "immediate", &data);
		put_be32(nlh, NFTA_IMMEDIATE_DREG, NFT_REG_2);
		value = mnl_attr_nest_start(nlh, NFTA_IMMEDIATE_DATA);
		mnl_attr_put(nlh, NFTA_DATA_VALUE, 2, port);
		mnl_attr_nest_end(nlh, value);
		expr_end(nlh, elem, data);
		elem = expr_start(nlh, "nat", &data);
		put_be32(nlh, NFTA_NAT_TYPE, NFT_NAT_DNAT);
		put_be32(nlh, NFTA_NAT_FAMILY, NFPROTO_IPV4);
		put_be32(nlh, NFTA_NAT_REG_ADDR_MIN, NFT_REG_1);
		put_be32(nlh, NFTA_NAT_REG_PROTO_MIN, NFT_REG_2);
		expr_end(nlh, elem, data);
	}
	mnl_attr_nest_end(nlh, list);
	return nlh->nlmsg_len;
}

/* NLMSG_DONE at buf: the end of a dump, where jumps are followed. */
static size_t build_done(uint8_t *buf)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	*(int32_t *)mnl_nlmsg_put_extra_header(nlh, sizeof(int32_t)) = 0;
	return nlh->nlmsg_len;
}

/* A dump of the rules {chain, dport, jump target} and NLMSG_DONE, parsed cut at every message. */
struct graph_rule {
	const char *chain;
	uint16_t dport;
	const char *to;
};

static void parse_graph(const struct graph_rule *rules, size_t n, struct nat_rules_result *res)
{
	static uint8_t buf[1u << 18] __attribute__((aligned(4)));
	size_t len = 0, i;
	struct nat_rules_parser p;

	for (i = 0; i < n; i++) {
		assert_true(len + 4096 <= sizeof(buf));
		len += build_graph_rule(buf + len, rules[i].chain, rules[i].dport, rules[i].to);
	}
	len += build_done(buf + len);
	nat_rules_result_init(res);
	nat_rules_parser_init(&p, res);
	/* Message by message, as a live dump may arrive: the same result as one buffer. */
	for (i = 0; i < len;) {
		size_t one = NLMSG_ALIGN(((const struct nlmsghdr *)(buf + i))->nlmsg_len);

		assert_int_equal(nat_rules_parse(&p, buf + i, one), 0);
		i += one;
	}
	assert_true(p.done);
}

/*
 * A loop (a jumps to b, b to a), which a hostile dump may hold though the
 * kernel refuses it: followed once, never forever.  The one path from the
 * base chain gives the mapping; a chain reached only through the loop
 * gives none.
 */
static void test_jump_cycle(void **state)
{
	static const struct graph_rule loop[] = {
	    {"pre", 90, "a"}, {"a", 0, "b"}, {"b", 0, "a"},  {"b", 0, NULL},
	    {"x", 0, "y"},    {"y", 0, "x"}, {"y", 0, NULL},
	};
	struct nat_rules_result res;
	const struct nat_mapping *m;
	(void)state;

	parse_graph(loop, sizeof(loop) / sizeof(loop[0]), &res);
	assert_int_equal(res.map.len, 1);
	assert_int_equal(res.not_understood, 1); /* y's DNAT: no path from a base chain */
	m = find_to(&res, 90, "10.0.0.9");
	assert_string_equal(m->chain, "b");
	assert_int_equal(m->to_port_lo, 99);
	nat_rules_result_free(&res);
}

/*
 * Fan-out: 6 layers of 8 chains, each chain jumping to every chain of the
 * next (8^6 paths of 8 chains to the DNAT at the bottom): the work is
 * bounded, and that rule, not followed to the end, is counted.  A rule of
 * its own beside it is still followed.
 */
static void test_jump_fanout(void **state)
{
	enum { LAYERS = 6, WIDE = 8 };
	static char names[LAYERS][WIDE][8];
	static struct graph_rule rules[LAYERS * WIDE * WIDE + 2 * WIDE + 3];
	struct nat_rules_result res;
	size_t n = 0, l, i, j;
	(void)state;

	for (l = 0; l < LAYERS; l++)
		for (i = 0; i < WIDE; i++)
			(void)snprintf(names[l][i], sizeof(names[l][i]), "c%zu_%zu", l, i);
	for (i = 0; i < WIDE; i++)
		rules[n++] = (struct graph_rule){"pre", (uint16_t)(100 + i), names[0][i]};
	for (l = 0; l + 1 < LAYERS; l++)
		for (i = 0; i < WIDE; i++)
			for (j = 0; j < WIDE; j++)
				rules[n++] = (struct graph_rule){names[l][i], 0, names[l + 1][j]};
	for (i = 0; i < WIDE; i++)
		rules[n++] = (struct graph_rule){names[LAYERS - 1][i], 0, "end"};
	rules[n++] = (struct graph_rule){"end", 0, NULL};
	rules[n++] = (struct graph_rule){"pre", 7000, "ok"};
	rules[n++] = (struct graph_rule){"ok", 0, NULL};
	parse_graph(rules, n, &res);
	assert_int_equal(res.not_understood, 1);
	assert_int_equal(res.map.len, 1);
	assert_string_equal(find_to(&res, 7000, "10.0.0.9")->chain, "ok");
	nat_rules_result_free(&res);
}

/* Legacy iptables: a table name in /proc/net/ip_tables_names or ip6_tables_names. */
static void test_legacy(void **state)
{
	char root[] = "/tmp/test_nat_rules.XXXXXX", path[256];
	bool in_use = true;
	FILE *f;
	(void)state;

	assert_non_null(mkdtemp(root));
	/* No files (no ip_tables module): not in use. */
	(void)snprintf(path, sizeof(path), "%s/net", root);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(nat_rules_legacy_in_use(root, &in_use), 0);
	assert_false(in_use);
	/* Empty files (modules loaded, no table): not in use. */
	(void)snprintf(path, sizeof(path), "%s/net/ip_tables_names", root);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(nat_rules_legacy_in_use(root, &in_use), 0);
	assert_false(in_use);
	/* A table in ip6_tables_names: in use. */
	(void)snprintf(path, sizeof(path), "%s/net/ip6_tables_names", root);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs("nat\n", f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(nat_rules_legacy_in_use(root, &in_use), 0);
	assert_true(in_use);
	/* More names than the reader holds: certainly in use. */
	f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 1000; i++)
		assert_true(fprintf(f, "nat%d\n", i) > 0);
	assert_int_equal(fclose(f), 0);
	in_use = false;
	assert_int_equal(nat_rules_legacy_in_use(root, &in_use), 0);
	assert_true(in_use);
	assert_int_equal(unlink(path), 0);
	(void)snprintf(path, sizeof(path), "%s/net/ip_tables_names", root);
	assert_int_equal(unlink(path), 0);
	(void)snprintf(path, sizeof(path), "%s/net", root);
	assert_int_equal(rmdir(path), 0);
	assert_int_equal(rmdir(root), 0);
}

/* The model: names copied, the table grows, free empties it. */
static void test_nat_map(void **state)
{
	struct nat_map m;
	struct nat_mapping e;
	size_t i;
	(void)state;

	memset(&e, 0, sizeof(e));
	nat_map_init(&m);
	for (i = 0; i < 100; i++) {
		e.dport_lo = (uint16_t)i;
		(void)nat_map_add(&m, &e, i % 2 ? "nat" : NULL, "DOCKER");
	}
	assert_int_equal(m.len, 100);
	assert_int_equal(m.v[99].dport_lo, 99);
	assert_string_equal(m.v[99].table, "nat");
	assert_string_equal(m.v[98].table, "");
	assert_string_equal(m.v[0].chain, "DOCKER");
	assert_string_equal(nat_mechanism_name(NAT_DNAT), "dnat");
	assert_string_equal(nat_mechanism_name(9), "?");
	nat_map_free(&m);
	assert_int_equal(m.len, 0);
	assert_null(m.v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nft_dnat),
	    cmocka_unit_test(test_nft_redirect),
	    cmocka_unit_test(test_nft_match),
	    cmocka_unit_test(test_ip6_and_inet),
	    cmocka_unit_test(test_iptables_docker),
	    cmocka_unit_test(test_iptables_cni),
	    cmocka_unit_test(test_iptables_kube),
	    cmocka_unit_test(test_nft_jumps),
	    cmocka_unit_test(test_hostile_names),
	    cmocka_unit_test(test_not_understood),
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_garbage),
	    cmocka_unit_test(test_ids_and_errors),
	    cmocka_unit_test(test_xt_match_and_compat_target),
	    cmocka_unit_test(test_malformed_attributes),
	    cmocka_unit_test(test_jump_cycle),
	    cmocka_unit_test(test_jump_fanout),
	    cmocka_unit_test(test_legacy),
	    cmocka_unit_test(test_nat_map),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
