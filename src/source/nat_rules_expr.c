/*
 * nat_rules_expr.c - one nftables rule into published-port mappings
 * (source/nat_rules_expr.h).
 *
 * The attributes are read with libmnl, each size checked, not with
 * libnftnl: libnftnl 1.2.4 ends the process (exit(1), "nf_tables kernel
 * ABI is broken") on an attribute of an unexpected size, and calls strcmp
 * on an expression name that is not there; a recording or a fuzzer's
 * input must never do either.
 *
 * A rule is a little program: loads into registers (meta, payload),
 * comparisons of registers (cmp, range, bitwise masks), constants
 * (immediate), and a statement (nat, redir) that reads its target from
 * registers.  What nft and iptables-nft write for a published port uses a
 * few shapes only:
 *
 *   meta l4proto / ip protocol      cmp eq 6|17          -> protocol
 *   meta nfproto                    cmp eq 2|10          -> family (inet tables)
 *   meta iifname                    cmp eq|neq NAME      -> input interface
 *   payload daddr (1..4|16 bytes)   [bitwise mask] cmp eq -> destination address/prefix
 *   payload th dport (2 bytes)      cmp eq|gte|lte, range eq -> destination ports
 *   xt match tcp/udp (old iptables-nft)                  -> destination ports
 *   xt match comment, counter, log                       -> no condition
 *   immediate + nat dnat / redir, xt target DNAT/REDIRECT -> the target
 *   immediate verdict jump|goto CHAIN (nft, and iptables-nft's -j CHAIN) -> a jump
 *
 * Conditions that do not change which packets of a published port are
 * translated are accepted and recorded as nothing: a load-balancing split
 * (xt statistic; meta random [& mask] cmp, which iptables-nft writes for
 * it), each endpoint then listed as a target of the same port; and "to an
 * address of this host" (xt addrtype --dst-type LOCAL alone, nft `fib daddr
 * type local`), which is what published means.
 *
 * A DNAT or REDIRECT rule without a protocol or a port range of its own
 * (kube-proxy's KUBE-SEP-* chains; a port range of all ports is none) is
 * completed by the jumps that lead to its chain: it and every jump rule are
 * handed to nat_rules_paths.c, which follows them when the dump ends.
 *
 * The registers are followed as the kernel sees them, so a comparison is
 * understood only when the load that fed it is.  Anything else on the way
 * to a DNAT or REDIRECT (a set lookup, conntrack state, a source address,
 * a map as target, an inverted port) makes the rule "not understood": it is
 * counted, never turned into a mapping that might be wrong.
 */
#include "lib/compat.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>
#include <linux/netfilter/xt_addrtype.h>
#include <linux/netfilter/xt_tcpudp.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include "source/nat_rules_expr.h"
#include "source/nat_rules_paths.h"

/* The kernel's register file: NFT_REG_1..4 are 16 bytes, NFT_REG32_00..15 4 bytes, overlapping. */
#define SLOTS 16

/*
 * One expression's attributes (NFTA_EXPR_DATA, by type), read with
 * libmnl: every attribute was checked to fit its nest before it is here,
 * and each accessor checks the size it reads.  An attribute of the wrong
 * size sets bad, and the expression is then not understood.
 */
#define ATTR_MAX 15

struct expr {
	const char *name;
	const struct nlattr *tb[ATTR_MAX + 1];
	bool bad;
};

static bool e_has(const struct expr *e, uint16_t t)
{
	return e->tb[t] != NULL;
}

/* A big-endian 32-bit attribute (the byte order of nf_tables' numbers); 0 when absent. */
static uint32_t e_u32(struct expr *e, uint16_t t)
{
	uint32_t v;

	if (e->tb[t] == NULL)
		return 0;
	if (mnl_attr_get_payload_len(e->tb[t]) != sizeof(v)) {
		e->bad = true;
		return 0;
	}
	memcpy(&v, mnl_attr_get_payload(e->tb[t]), sizeof(v));
	return ntohl(v);
}

/* A string attribute, terminated inside its payload; NULL when absent or not terminated. */
static const char *e_str(struct expr *e, uint16_t t)
{
	const char *v;
	uint16_t n;

	if (e->tb[t] == NULL)
		return NULL;
	v = mnl_attr_get_payload(e->tb[t]);
	n = mnl_attr_get_payload_len(e->tb[t]);
	if (n == 0 || memchr(v, 0, n) == NULL) {
		e->bad = true;
		return NULL;
	}
	return v;
}

/* A binary attribute (an x_tables info blob); NULL when absent or empty. */
static const uint8_t *e_blob(struct expr *e, uint16_t t, uint32_t *len)
{
	*len = 0;
	if (e->tb[t] == NULL || mnl_attr_get_payload_len(e->tb[t]) == 0)
		return NULL;
	*len = mnl_attr_get_payload_len(e->tb[t]);
	return mnl_attr_get_payload(e->tb[t]);
}

/* A data attribute: nested, its NFTA_DATA_VALUE (1 to 16 bytes); NULL otherwise. */
static const uint8_t *e_data(struct expr *e, uint16_t t, uint32_t *len)
{
	const struct nlattr *a;

	*len = 0;
	if (e->tb[t] == NULL)
		return NULL;
	mnl_attr_for_each_nested(a, e->tb[t])
	{
		uint16_t n = mnl_attr_get_payload_len(a);

		if (mnl_attr_get_type(a) != NFTA_DATA_VALUE)
			continue;
		if (n == 0 || n > 16) {
			e->bad = true;
			return NULL;
		}
		*len = n;
		return mnl_attr_get_payload(a);
	}
	return NULL;
}

/* What a register holds, as far as a published port goes. */
enum reg_tag {
	R_NONE,	   /* nothing we loaded: comparing it is not understood */
	R_L4PROTO, /* the transport protocol (1 byte) */
	R_NFPROTO, /* the family (1 byte) */
	R_IIFNAME, /* the input interface's name (16 bytes) */
	R_DADDR,   /* the destination address, maybe masked (prefix bits) */
	R_DPORT,   /* the transport destination port (2 bytes) */
	R_IMM,	   /* a constant (immediate) */
	R_RANDOM,  /* a random number (meta random): compared, a load-balancing split */
	R_FIBTYPE, /* the type of the destination address (fib daddr type, 4 bytes) */
};

struct reg {
	uint8_t tag;
	uint8_t len;	/* bytes loaded */
	uint8_t prefix; /* R_DADDR: the bits that survive the load and masks */
	uint8_t data[16];
};

struct rule_state {
	struct nat_mapping m;
	struct reg regs[SLOTS];
	uint8_t table_family; /* NFPROTO_IPV4, _IPV6 or _INET */
	uint8_t family;	      /* AF_INET, AF_INET6, 0 while not known (inet) */
	bool have_dport;
	bool nat;	  /* a DNAT or REDIRECT statement was read */
	bool nat_unknown; /* a statement that rewrites the destination in a way not understood */
	bool other;	  /* a condition or statement not understood */
	const char *jump; /* the chain of a jump or goto verdict (in the message) */
};

/* The slot of register number r (NFT_REG_1..4, NFT_REG32_00..15), or -1 (verdict, bad). */
static int slot_of(uint32_t r)
{
	if (r >= NFT_REG_1 && r <= NFT_REG_4)
		return (int)((r - NFT_REG_1) * 4);
	if (r >= NFT_REG32_00 && r < NFT_REG32_00 + SLOTS)
		return (int)(r - NFT_REG32_00);
	return -1;
}

static int af_of_nfproto(uint32_t nfproto)
{
	if (nfproto == NFPROTO_IPV4)
		return AF_INET;
	if (nfproto == NFPROTO_IPV6)
		return AF_INET6;
	return 0;
}

/* Writes a register: the slots it covers forget what they held. */
static struct reg *reg_load(struct rule_state *s, uint32_t r, uint8_t tag, const void *data,
			    uint32_t len)
{
	int slot = slot_of(r);
	int i, end;

	if (slot < 0 || len == 0 || len > 16 || slot * 4 + len > SLOTS * 4)
		return NULL;
	end = slot + (int)((len + 3) / 4);
	if (end > SLOTS) /* not reached (checked above): said so that the compiler sees it */
		return NULL;
	for (i = slot; i < end; i++)
		s->regs[i].tag = R_NONE;
	s->regs[slot].tag = tag;
	s->regs[slot].len = (uint8_t)len;
	s->regs[slot].prefix = 0;
	memset(s->regs[slot].data, 0, sizeof(s->regs[slot].data));
	if (data != NULL)
		memcpy(s->regs[slot].data, data, len);
	return &s->regs[slot];
}

/* The register an expression reads, or NULL when it is not one. */
static struct reg *reg_read(struct rule_state *s, struct expr *e, uint16_t attr)
{
	int slot;

	if (!e_has(e, attr))
		return NULL;
	slot = slot_of(e_u32(e, attr));
	return slot < 0 ? NULL : &s->regs[slot];
}

/* Destination ports lo..hi narrowed by another condition (all conditions hold). */
static void narrow_dport(struct rule_state *s, uint32_t lo, uint32_t hi)
{
	if (!s->have_dport) {
		s->m.dport_lo = 0;
		s->m.dport_hi = 65535;
		s->have_dport = true;
	}
	if (lo > s->m.dport_lo)
		s->m.dport_lo = (uint16_t)lo;
	if (hi < s->m.dport_hi)
		s->m.dport_hi = (uint16_t)hi;
	if (s->m.dport_lo > s->m.dport_hi)
		s->other = true; /* matches nothing: not a published port */
}

static uint16_t be16_at(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void do_meta(struct rule_state *s, struct expr *e)
{
	uint8_t tag = R_NONE;
	uint32_t len = 4;

	if (!e_has(e, NFTA_META_DREG)) {
		s->other = true; /* meta set: changes the packet */
		return;
	}
	switch (e_u32(e, NFTA_META_KEY)) {
	case NFT_META_L4PROTO:
		tag = R_L4PROTO;
		len = 1;
		break;
	case NFT_META_NFPROTO:
		tag = R_NFPROTO;
		len = 1;
		break;
	case NFT_META_IIFNAME:
		tag = R_IIFNAME;
		len = NAT_IFNAME_SIZE;
		break;
	case NFT_META_PRANDOM:
		tag = R_RANDOM;
		break;
	default:
		break;
	}
	if (reg_load(s, e_u32(e, NFTA_META_DREG), tag, NULL, len) == NULL)
		s->other = true;
}

static void do_payload(struct rule_state *s, struct expr *e)
{
	uint32_t base, off, len;
	uint8_t tag = R_NONE, prefix = 0;
	struct reg *g;

	if (!e_has(e, NFTA_PAYLOAD_DREG)) {
		s->other = true; /* payload write: mangles the packet */
		return;
	}
	base = e_u32(e, NFTA_PAYLOAD_BASE);
	off = e_u32(e, NFTA_PAYLOAD_OFFSET);
	len = e_u32(e, NFTA_PAYLOAD_LEN);
	if (base == NFT_PAYLOAD_TRANSPORT_HEADER && off == 2 && len == 2) {
		tag = R_DPORT; /* TCP's and UDP's alike */
	} else if (base == NFT_PAYLOAD_NETWORK_HEADER && s->family == AF_INET) {
		if (off == 9 && len == 1)
			tag = R_L4PROTO;
		else if (off == 16 && len >= 1 && len <= 4)
			tag = R_DADDR, prefix = (uint8_t)(len * 8);
	} else if (base == NFT_PAYLOAD_NETWORK_HEADER && s->family == AF_INET6) {
		if (off == 24 && len >= 1 && len <= 16)
			tag = R_DADDR, prefix = (uint8_t)(len * 8);
	}
	g = reg_load(s, e_u32(e, NFTA_PAYLOAD_DREG), tag, NULL, len);
	if (g == NULL)
		s->other = true;
	else
		g->prefix = prefix;
}

/* The number of leading one bits of mask[0..len), or -1 when the ones are not contiguous. */
static int mask_prefix(const uint8_t *mask, uint32_t len)
{
	uint32_t i;
	int bits = 0;
	bool zero_seen = false;

	for (i = 0; i < len * 8; i++) {
		bool one = mask[i / 8] & (0x80 >> (i % 8));

		if (one && zero_seen)
			return -1;
		if (one)
			bits++;
		else
			zero_seen = true;
	}
	return bits;
}

/* Only a destination address under a prefix mask (x & MASK ^ 0) is understood. */
static void do_bitwise(struct rule_state *s, struct expr *e)
{
	struct reg *src = reg_read(s, e, NFTA_BITWISE_SREG), *dst, copy;
	const uint8_t *mask, *xor;
	uint32_t mlen = 0, xlen = 0, i;
	int bits;

	if (src != NULL && src->tag == R_RANDOM) {
		/* A random number masked: still one, still a split. */
		if (reg_load(s, e_u32(e, NFTA_BITWISE_DREG), R_RANDOM, NULL, src->len) == NULL)
			s->other = true;
		return;
	}
	if (src == NULL || src->tag != R_DADDR ||
	    (e_has(e, NFTA_BITWISE_OP) && e_u32(e, NFTA_BITWISE_OP) != NFT_BITWISE_BOOL)) {
		s->other = true;
		return;
	}
	mask = e_data(e, NFTA_BITWISE_MASK, &mlen);
	xor = e_data(e, NFTA_BITWISE_XOR, &xlen);
	if (mask == NULL || xor == NULL || mlen != src->len || xlen != src->len) {
		s->other = true;
		return;
	}
	for (i = 0; i < xlen; i++)
		if (xor[i] != 0) {
			s->other = true;
			return;
		}
	bits = mask_prefix(mask, mlen);
	if (bits < 0) {
		s->other = true;
		return;
	}
	copy = *src;
	dst = reg_load(s, e_u32(e, NFTA_BITWISE_DREG), R_DADDR, copy.data, copy.len);
	if (dst == NULL) {
		s->other = true;
		return;
	}
	dst->prefix = bits < copy.prefix ? (uint8_t)bits : copy.prefix;
}

/* An interface name compared: up to a NUL exactly, or all of it as a prefix. */
static bool set_iif(struct rule_state *s, const uint8_t *d, uint32_t len, bool negated)
{
	const uint8_t *nul = memchr(d, 0, len);
	size_t n = nul != NULL ? (size_t)(nul - d) : len;

	if (s->m.iif[0] != 0 || n >= NAT_IFNAME_SIZE || n == 0)
		return false; /* two interface conditions, or a name that is none */
	memcpy(s->m.iif, d, n);
	s->m.iif[n] = 0;
	s->m.iif_negated = negated;
	s->m.iif_prefix = nul == NULL;
	return true;
}

static bool set_daddr(struct rule_state *s, const struct reg *g, const uint8_t *d, uint32_t len)
{
	uint32_t full = s->family == AF_INET ? 4 : 16;

	if (s->m.daddr.family != 0 || len != g->len || len > full)
		return false;
	s->m.daddr.family = s->family;
	s->m.daddr.prefix = g->prefix;
	memset(s->m.daddr.addr, 0, sizeof(s->m.daddr.addr));
	memcpy(s->m.daddr.addr, d, len);
	return true;
}

static bool set_l4proto(struct rule_state *s, uint8_t v)
{
	if ((v != IPPROTO_TCP && v != IPPROTO_UDP) || (s->m.proto != 0 && s->m.proto != v))
		return false;
	s->m.proto = v;
	return true;
}

static bool set_nfproto(struct rule_state *s, uint8_t v)
{
	int af = af_of_nfproto(v);

	if (af == 0 || (s->family != 0 && s->family != af))
		return false;
	s->family = (uint8_t)af;
	return true;
}

static bool cmp_dport(struct rule_state *s, uint32_t op, uint16_t v)
{
	switch (op) {
	case NFT_CMP_EQ:
		narrow_dport(s, v, v);
		return true;
	case NFT_CMP_GTE:
		narrow_dport(s, v, 65535);
		return true;
	case NFT_CMP_GT:
		narrow_dport(s, (uint32_t)v + 1, 65535);
		return true;
	case NFT_CMP_LTE:
		narrow_dport(s, 0, v);
		return true;
	case NFT_CMP_LT:
		if (v == 0)
			return false;
		narrow_dport(s, 0, (uint32_t)v - 1);
		return true;
	default:
		return false; /* != port: every other port is published */
	}
}

static void do_cmp(struct rule_state *s, struct expr *e)
{
	struct reg *g = reg_read(s, e, NFTA_CMP_SREG);
	uint32_t op = e_u32(e, NFTA_CMP_OP), len = 0;
	const uint8_t *d = e_data(e, NFTA_CMP_DATA, &len);
	bool ok = false;

	if (g == NULL || d == NULL || len == 0) {
		s->other = true;
		return;
	}
	switch (g->tag) {
	case R_L4PROTO:
		ok = op == NFT_CMP_EQ && len == 1 && set_l4proto(s, d[0]);
		break;
	case R_NFPROTO:
		ok = op == NFT_CMP_EQ && len == 1 && set_nfproto(s, d[0]);
		break;
	case R_IIFNAME:
		ok = (op == NFT_CMP_EQ || op == NFT_CMP_NEQ) && len <= NAT_IFNAME_SIZE &&
		     set_iif(s, d, len, op == NFT_CMP_NEQ);
		break;
	case R_DADDR:
		ok = op == NFT_CMP_EQ && set_daddr(s, g, d, len);
		break;
	case R_DPORT:
		ok = len == 2 && cmp_dport(s, op, be16_at(d));
		break;
	case R_RANDOM:
		ok = true; /* which endpoint a share of the packets goes to */
		break;
	case R_FIBTYPE: {
		uint32_t type;

		if (op == NFT_CMP_EQ && len == sizeof(type)) {
			memcpy(&type, d, sizeof(type)); /* host order, as the kernel writes it */
			ok = type == RTN_LOCAL;
		}
		break;
	}
	default:
		break;
	}
	if (!ok)
		s->other = true;
}

static void do_range(struct rule_state *s, struct expr *e)
{
	struct reg *g = reg_read(s, e, NFTA_RANGE_SREG);
	uint32_t flen = 0, tlen = 0;
	const uint8_t *from = e_data(e, NFTA_RANGE_FROM_DATA, &flen);
	const uint8_t *to = e_data(e, NFTA_RANGE_TO_DATA, &tlen);

	if (g == NULL || g->tag != R_DPORT || from == NULL || to == NULL || flen != 2 ||
	    tlen != 2 || e_u32(e, NFTA_RANGE_OP) != NFT_RANGE_EQ) {
		s->other = true;
		return;
	}
	narrow_dport(s, be16_at(from), be16_at(to));
}

/* fib daddr type: loaded; only a comparison with "local" is understood (do_cmp). */
static void do_fib(struct rule_state *s, struct expr *e)
{
	bool daddr_type = e_u32(e, NFTA_FIB_RESULT) == NFT_FIB_RESULT_ADDRTYPE &&
			  e_u32(e, NFTA_FIB_FLAGS) == NFTA_FIB_F_DADDR;

	if (!e_has(e, NFTA_FIB_DREG) ||
	    reg_load(s, e_u32(e, NFTA_FIB_DREG), daddr_type ? R_FIBTYPE : R_NONE, NULL, 4) == NULL)
		s->other = true;
}

/* A verdict: jump and goto keep their chain (nested NFTA_DATA_VERDICT); the rest is none. */
static void do_verdict(struct rule_state *s, struct expr *e)
{
	const struct nlattr *v = e->tb[NFTA_IMMEDIATE_DATA], *a, *code = NULL, *chain = NULL;
	uint32_t c;

	if (v == NULL)
		return;
	mnl_attr_for_each_nested(a, v)
	{
		const struct nlattr *b;

		if (mnl_attr_get_type(a) != NFTA_DATA_VERDICT)
			continue;
		mnl_attr_for_each_nested(b, a)
		{
			if (mnl_attr_get_type(b) == NFTA_VERDICT_CODE)
				code = b;
			else if (mnl_attr_get_type(b) == NFTA_VERDICT_CHAIN)
				chain = b;
		}
	}
	if (code == NULL || mnl_attr_get_payload_len(code) != sizeof(c))
		return;
	memcpy(&c, mnl_attr_get_payload(code), sizeof(c));
	c = ntohl(c);
	if (c != (uint32_t)NFT_JUMP && c != (uint32_t)NFT_GOTO)
		return;
	if (chain == NULL || mnl_attr_get_payload_len(chain) == 0 ||
	    memchr(mnl_attr_get_payload(chain), 0, mnl_attr_get_payload_len(chain)) == NULL ||
	    s->jump != NULL) {
		s->other = true; /* a jump to no chain, or two verdicts */
		return;
	}
	s->jump = mnl_attr_get_payload(chain);
}

static void do_immediate(struct rule_state *s, struct expr *e)
{
	uint32_t len = 0, dreg = e_u32(e, NFTA_IMMEDIATE_DREG);
	const void *d;

	if (dreg == NFT_REG_VERDICT) {
		do_verdict(s, e);
		return;
	}
	d = e_data(e, NFTA_IMMEDIATE_DATA, &len);
	if (d == NULL || reg_load(s, dreg, R_IMM, d, len) == NULL)
		s->other = true;
}

/* The constant a NAT statement reads from attr's register, of exactly len bytes (or 2 for ports).
 */
static const uint8_t *nat_reg(struct rule_state *s, struct expr *e, uint16_t attr, uint32_t len)
{
	struct reg *g = reg_read(s, e, attr);

	if (g == NULL || g->tag != R_IMM || g->len < len)
		return NULL;
	return g->data;
}

/* Target ports from registers; absent: none given.  False when not understood. */
static bool nat_ports(struct rule_state *s, struct expr *e, uint16_t min_attr, uint16_t max_attr)
{
	const uint8_t *lo, *hi;

	if (!e_has(e, min_attr))
		return !e_has(e, max_attr);
	lo = nat_reg(s, e, min_attr, 2);
	hi = e_has(e, max_attr) ? nat_reg(s, e, max_attr, 2) : lo;
	if (lo == NULL || hi == NULL || be16_at(lo) > be16_at(hi))
		return false;
	s->m.to_port_given = true;
	s->m.to_port_lo = be16_at(lo);
	s->m.to_port_hi = be16_at(hi);
	return true;
}

/* Flags that change what the target means (an offset, a netmap): not understood. */
#define NAT_FLAGS_UNDERSTOOD                                                                       \
	(NF_NAT_RANGE_MAP_IPS | NF_NAT_RANGE_PROTO_SPECIFIED | NF_NAT_RANGE_PROTO_RANDOM |         \
	 NF_NAT_RANGE_PERSISTENT | NF_NAT_RANGE_PROTO_RANDOM_FULLY)

static bool flags_understood(struct expr *e, uint16_t attr)
{
	return !e_has(e, attr) || (e_u32(e, attr) & ~(uint32_t)NAT_FLAGS_UNDERSTOOD) == 0;
}

static void do_nat(struct rule_state *s, struct expr *e)
{
	uint32_t type = e_u32(e, NFTA_NAT_TYPE);
	int af = af_of_nfproto(e_u32(e, NFTA_NAT_FAMILY));
	uint32_t alen = af == AF_INET ? 4 : 16;
	const uint8_t *lo, *hi;

	if (type != NFT_NAT_DNAT)
		return; /* SNAT: changes the source, publishes nothing */
	s->nat = true;
	s->m.mechanism = NAT_DNAT;
	if (af == 0 || (s->family != 0 && s->family != af) || !e_has(e, NFTA_NAT_REG_ADDR_MIN) ||
	    !flags_understood(e, NFTA_NAT_FLAGS)) {
		s->nat_unknown = true;
		return;
	}
	s->family = (uint8_t)af;
	lo = nat_reg(s, e, NFTA_NAT_REG_ADDR_MIN, alen);
	hi = e_has(e, NFTA_NAT_REG_ADDR_MAX) ? nat_reg(s, e, NFTA_NAT_REG_ADDR_MAX, alen) : lo;
	/* An address range spreads the load over several targets: not one mapping. */
	if (lo == NULL || hi == NULL || memcmp(lo, hi, alen) != 0) {
		s->nat_unknown = true;
		return;
	}
	s->m.to.family = (uint8_t)af;
	s->m.to.prefix = (uint8_t)(alen * 8);
	memcpy(s->m.to.addr, lo, alen);
	if (!nat_ports(s, e, NFTA_NAT_REG_PROTO_MIN, NFTA_NAT_REG_PROTO_MAX))
		s->nat_unknown = true;
}

static void do_redir(struct rule_state *s, struct expr *e)
{
	s->nat = true;
	s->m.mechanism = NAT_REDIRECT;
	if (!flags_understood(e, NFTA_REDIR_FLAGS) ||
	    !nat_ports(s, e, NFTA_REDIR_REG_PROTO_MIN, NFTA_REDIR_REG_PROTO_MAX))
		s->nat_unknown = true;
}

/* An x_tables target's range (iptables-nft's DNAT and REDIRECT), in one layout. */
struct xt_range {
	uint32_t flags;
	uint8_t min_addr[16], max_addr[16];
	uint16_t min_port, max_port; /* host order */
};

/*
 * The info blob of an xt DNAT/REDIRECT by revision and family: revision 0
 * of IPv4 is nf_nat_ipv4_multi_range_compat (one range), revision 0 of
 * IPv6 REDIRECT and revision 1 are nf_nat_range, revision 2 nf_nat_range2.
 */
static bool xt_range_read(const uint8_t *info, uint32_t len, uint32_t rev, int af,
			  struct xt_range *out)
{
	memset(out, 0, sizeof(*out));
	if (rev == 0 && af == AF_INET) {
		struct nf_nat_ipv4_multi_range_compat c;

		if (len < sizeof(c))
			return false;
		memcpy(&c, info, sizeof(c));
		if (c.rangesize != 1)
			return false;
		out->flags = c.range[0].flags;
		memcpy(out->min_addr, &c.range[0].min_ip, 4);
		memcpy(out->max_addr, &c.range[0].max_ip, 4);
		out->min_port = ntohs(c.range[0].min.all);
		out->max_port = ntohs(c.range[0].max.all);
		return true;
	}
	if (rev <= 2) {
		struct nf_nat_range2 r;
		size_t need = rev == 2 ? sizeof(struct nf_nat_range2) : sizeof(struct nf_nat_range);

		if (len < need)
			return false;
		memset(&r, 0, sizeof(r));
		memcpy(&r, info, need);
		out->flags = r.flags;
		memcpy(out->min_addr, &r.min_addr, 16);
		memcpy(out->max_addr, &r.max_addr, 16);
		out->min_port = ntohs(r.min_proto.all);
		out->max_port = ntohs(r.max_proto.all);
		return true;
	}
	return false;
}

static void do_xt_target(struct rule_state *s, struct expr *e)
{
	const char *name = e_str(e, NFTA_TARGET_NAME);
	uint32_t len = 0, rev = e_u32(e, NFTA_TARGET_REV);
	const uint8_t *info = e_blob(e, NFTA_TARGET_INFO, &len);
	bool redirect;
	struct xt_range r;
	uint32_t alen = s->family == AF_INET ? 4 : 16;

	if (name == NULL)
		return;
	if (strcmp(name, "NETMAP") == 0) {
		s->nat = s->nat_unknown = true; /* rewrites destinations, by prefix */
		return;
	}
	redirect = strcmp(name, "REDIRECT") == 0;
	if (!redirect && strcmp(name, "DNAT") != 0)
		return; /* MASQUERADE, SNAT, MARK, LOG...: publish nothing */
	s->nat = true;
	s->m.mechanism = redirect ? NAT_REDIRECT : NAT_DNAT;
	/* x_tables live in ip and ip6 tables only. */
	if (s->table_family == NFPROTO_INET || info == NULL ||
	    !xt_range_read(info, len, rev, s->family, &r) ||
	    (r.flags & ~(uint32_t)NAT_FLAGS_UNDERSTOOD) != 0) {
		s->nat_unknown = true;
		return;
	}
	if (!redirect) {
		/* DNAT to a port alone, or to an address range: not one mapping. */
		if (!(r.flags & NF_NAT_RANGE_MAP_IPS) ||
		    memcmp(r.min_addr, r.max_addr, alen) != 0) {
			s->nat_unknown = true;
			return;
		}
		s->m.to.family = s->family;
		s->m.to.prefix = (uint8_t)(alen * 8);
		memcpy(s->m.to.addr, r.min_addr, alen);
	}
	if (r.flags & NF_NAT_RANGE_PROTO_SPECIFIED) {
		if (r.min_port > r.max_port) {
			s->nat_unknown = true;
			return;
		}
		s->m.to_port_given = true;
		s->m.to_port_lo = r.min_port;
		s->m.to_port_hi = r.max_port;
	}
}

/*
 * xt addrtype: only `--dst-type LOCAL` alone (no source type, no inversion,
 * no interface limit).  Revision 0 is struct xt_addrtype_info, 1
 * xt_addrtype_info_v1; both begin with the source and destination types.
 */
static bool addrtype_local(const uint8_t *info, uint32_t len, uint32_t rev)
{
	uint16_t types[2];
	uint32_t tail[2] = {0, 0};

	if ((rev != 0 && rev != 1) || len < sizeof(types) + (rev == 0 ? 8u : 4u))
		return false;
	memcpy(types, info, sizeof(types));
	memcpy(tail, info + sizeof(types), rev == 0 ? 8 : 4);
	return types[0] == 0 && types[1] == XT_ADDRTYPE_LOCAL && tail[0] == 0 && tail[1] == 0;
}

/* Old iptables-nft writes `-m tcp --dport` and `-m udp --dport` as x_tables matches. */
static void do_xt_match(struct rule_state *s, struct expr *e)
{
	const char *name = e_str(e, NFTA_MATCH_NAME);
	uint32_t len = 0;
	const uint8_t *info = e_blob(e, NFTA_MATCH_INFO, &len);
	uint16_t spts[2], dpts[2];
	uint8_t inv;

	if (name != NULL && strcmp(name, "comment") == 0)
		return;
	if (name == NULL || info == NULL || s->table_family == NFPROTO_INET) {
		s->other = true;
		return;
	}
	if (strcmp(name, "tcp") == 0 && len >= sizeof(struct xt_tcp)) {
		struct xt_tcp t;

		memcpy(&t, info, sizeof(t));
		if (t.option != 0 || t.flg_mask != 0 || !set_l4proto(s, IPPROTO_TCP)) {
			s->other = true;
			return;
		}
		memcpy(spts, t.spts, sizeof(spts));
		memcpy(dpts, t.dpts, sizeof(dpts));
		inv = t.invflags;
	} else if (strcmp(name, "udp") == 0 && len >= sizeof(struct xt_udp)) {
		struct xt_udp u;

		memcpy(&u, info, sizeof(u));
		if (!set_l4proto(s, IPPROTO_UDP)) {
			s->other = true;
			return;
		}
		memcpy(spts, u.spts, sizeof(spts));
		memcpy(dpts, u.dpts, sizeof(dpts));
		inv = u.invflags;
	} else if (strcmp(name, "statistic") == 0) {
		return; /* a load-balancing split: every share goes to a target of the port */
	} else if (strcmp(name, "addrtype") == 0) {
		if (!addrtype_local(info, len, e_u32(e, NFTA_MATCH_REV)))
			s->other = true;
		return;
	} else {
		s->other = true; /* multiport, mark, conntrack...: conditions not followed */
		return;
	}
	/* A source port condition or an inverted one: not understood. */
	if (inv != 0 || spts[0] != 0 || spts[1] != 65535 || dpts[0] > dpts[1]) {
		s->other = true;
		return;
	}
	narrow_dport(s, dpts[0], dpts[1]);
}

static void one_expr(struct rule_state *s, struct expr *e)
{
	const char *name = e->name;

	if (name == NULL)
		s->other = true;
	else if (strcmp(name, "meta") == 0)
		do_meta(s, e);
	else if (strcmp(name, "payload") == 0)
		do_payload(s, e);
	else if (strcmp(name, "cmp") == 0)
		do_cmp(s, e);
	else if (strcmp(name, "range") == 0)
		do_range(s, e);
	else if (strcmp(name, "bitwise") == 0)
		do_bitwise(s, e);
	else if (strcmp(name, "immediate") == 0)
		do_immediate(s, e);
	else if (strcmp(name, "nat") == 0)
		do_nat(s, e);
	else if (strcmp(name, "redir") == 0)
		do_redir(s, e);
	else if (strcmp(name, "target") == 0)
		do_xt_target(s, e);
	else if (strcmp(name, "match") == 0)
		do_xt_match(s, e);
	else if (strcmp(name, "fib") == 0)
		do_fib(s, e);
	else if (strcmp(name, "counter") != 0 && strcmp(name, "log") != 0)
		s->other = true; /* lookup, ct, limit, masq...: not followed */
	if (e->bad)
		s->other = true;
}

/* The attributes of one NFTA_LIST_ELEM into e; false when it is no expression. */
static bool expr_read(const struct nlattr *elem, struct expr *e)
{
	const struct nlattr *a, *data = NULL;

	memset(e, 0, sizeof(*e));
	if (mnl_attr_get_type(elem) != NFTA_LIST_ELEM)
		return false;
	mnl_attr_for_each_nested(a, elem)
	{
		if (mnl_attr_get_type(a) == NFTA_EXPR_NAME)
			e->tb[0] = a; /* borrowed for e_str */
		else if (mnl_attr_get_type(a) == NFTA_EXPR_DATA)
			data = a;
	}
	e->name = e_str(e, 0);
	e->tb[0] = NULL;
	if (e->name == NULL || e->bad)
		return false;
	if (data == NULL)
		return true; /* counter alone, for one, may carry none */
	mnl_attr_for_each_nested(a, data)
	{
		uint16_t t = mnl_attr_get_type(a);

		if (t >= 1 && t <= ATTR_MAX)
			e->tb[t] = a;
	}
	return true;
}

/* s as a record of nat_rules_paths.h (strings borrowed from r and its message). */
static void to_path_rule(const struct rule_state *s, const struct nat_rule_msg *r,
			 struct nat_path_rule *p)
{
	memset(p, 0, sizeof(*p));
	p->m = s->m;
	p->m.family = s->family;
	p->have_dport = s->have_dport;
	p->blocked = s->other;
	p->table_family = s->table_family;
	p->table = r->table;
	p->chain = r->chain;
	p->handle = r->handle;
}

/* A decoded rule: a mapping now, a record for the paths, a count, or nothing. */
static void keep(const struct rule_state *s, const struct nat_rule_msg *r,
		 struct nat_rules_result *res)
{
	struct nat_path_rule p;

	to_path_rule(s, r, &p);
	if (!s->nat) {
		/* A jump with a condition not understood is kept too: the
		 * chain it leads to is then no chain nothing jumps to. */
		if (s->jump != NULL) {
			p.jump = s->jump;
			nat_paths_add(&res->paths, &p);
		}
		return;
	}
	if (s->other || s->nat_unknown) {
		res->not_understood++;
		return;
	}
	/* Complete on its own: decoded as it stands, whatever jumps lead here. */
	if (nat_path_complete(&p)) {
		if (!nat_path_emit(&p, &res->map))
			res->not_understood++;
		return;
	}
	nat_paths_add(&res->paths, &p);
}

void nat_rule_decode(const struct nat_rule_msg *r, struct nat_rules_result *res)
{
	struct rule_state s;
	const struct nlattr *elem;

	memset(&s, 0, sizeof(s));
	s.table_family = r->family;
	s.family = (uint8_t)af_of_nfproto(s.table_family);
	if (r->exprs != NULL) {
		mnl_attr_for_each_nested(elem, r->exprs)
		{
			struct expr e;

			if (expr_read(elem, &e))
				one_expr(&s, &e);
			else
				s.other = true;
		}
	}
	keep(&s, r, res);
}
