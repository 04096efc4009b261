/*
 * tcp_info.c - decoding a socket's internals and their side table (model/tcp_info.h).
 *
 * The layout is the kernel's struct tcp_info (linux/tcp.h), read by
 * offsetof into a zeroed copy: a kernel that sends fewer bytes leaves the
 * rest zero, and those fields are marked absent, never shown as 0.
 */
#include "lib/compat.h"

#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "model/tcp_info.h"

_Static_assert(TCPI_COUNT <= 32, "tcp_info_values.present holds 32 bits");
_Static_assert(SKMEM_COUNT <= 32, "sk_meminfo.present holds 32 bits");
_Static_assert((int)SKMEM_RMEM_ALLOC == (int)SK_MEMINFO_RMEM_ALLOC &&
		   (int)SKMEM_DROPS == (int)SK_MEMINFO_DROPS,
	       "sk_meminfo fields follow SK_MEMINFO_*");

#define NAME_OF(id, name, help) name,
#define HELP_OF(id, name, help) help,
static const char *const tcpi_names[TCPI_COUNT] = {TCP_INFO_FIELDS(NAME_OF)};
static const char *const tcpi_helps[TCPI_COUNT] = {TCP_INFO_FIELDS(HELP_OF)};
static const char *const skmem_names[SKMEM_COUNT] = {SK_MEMINFO_FIELDS(NAME_OF)};
static const char *const skmem_helps[SKMEM_COUNT] = {SK_MEMINFO_FIELDS(HELP_OF)};
#undef NAME_OF
#undef HELP_OF

const char *tcp_info_field_name(unsigned field)
{
	return field < TCPI_COUNT ? tcpi_names[field] : "?";
}

const char *tcp_info_field_help(unsigned field)
{
	return field < TCPI_COUNT ? tcpi_helps[field] : "?";
}

const char *sk_meminfo_field_name(unsigned field)
{
	return field < SKMEM_COUNT ? skmem_names[field] : "?";
}

const char *sk_meminfo_field_help(unsigned field)
{
	return field < SKMEM_COUNT ? skmem_helps[field] : "?";
}

/* The bytes that hold the window scales (two 4-bit fields after tcpi_options). */
#define TCPI_WSCALE_OFF (offsetof(struct tcp_info, tcpi_options) + 1)

_Static_assert(TCPI_WIDE_FIRST + TCPI_WIDE_COUNT <= TCPI_COUNT, "the wide fields are tcp_info's");

/* Sets field to v when the kernel's len bytes cover [off, off + size). */
static void put(struct tcp_info_values *out, size_t len, unsigned field, size_t off, size_t size,
		uint64_t v)
{
	if (len < off + size)
		return;
	out->lo[field] = (uint32_t)v;
	if (field >= TCPI_WIDE_FIRST && field < TCPI_WIDE_FIRST + TCPI_WIDE_COUNT)
		out->hi[field - TCPI_WIDE_FIRST] = (uint32_t)(v >> 32);
	out->present |= 1u << field;
}

/* Bytes per second to bits per second; ~0 (no limit) and overflow stay all ones. */
static uint64_t bits_per_second(uint64_t bytes)
{
	return bytes > UINT64_MAX / 8 ? UINT64_MAX : bytes * 8;
}

#define PUT(field, member, v)                                                                      \
	put(out, len, (field), offsetof(struct tcp_info, member), sizeof(ti.member), (v))

void tcp_info_decode(struct tcp_info_values *out, const uint8_t *data, size_t len)
{
	struct tcp_info ti;

	memset(&ti, 0, sizeof(ti));
	memcpy(&ti, data, len < sizeof(ti) ? len : sizeof(ti));
	memset(out->lo, 0, sizeof(out->lo));
	memset(out->hi, 0, sizeof(out->hi));
	out->present = 0;
	PUT(TCPI_RTT_US, tcpi_rtt, ti.tcpi_rtt);
	PUT(TCPI_RTTVAR_US, tcpi_rttvar, ti.tcpi_rttvar);
	PUT(TCPI_MIN_RTT_US, tcpi_min_rtt, ti.tcpi_min_rtt);
	PUT(TCPI_MSS, tcpi_snd_mss, ti.tcpi_snd_mss);
	PUT(TCPI_CWND, tcpi_snd_cwnd, ti.tcpi_snd_cwnd);
	PUT(TCPI_SSTHRESH, tcpi_snd_ssthresh, ti.tcpi_snd_ssthresh);
	PUT(TCPI_UNACKED, tcpi_unacked, ti.tcpi_unacked);
	PUT(TCPI_RETRANS, tcpi_retrans, ti.tcpi_retrans);
	PUT(TCPI_TOTAL_RETRANS, tcpi_total_retrans, ti.tcpi_total_retrans);
	PUT(TCPI_LOST, tcpi_lost, ti.tcpi_lost);
	PUT(TCPI_SACKED, tcpi_sacked, ti.tcpi_sacked);
	PUT(TCPI_BYTES_SENT, tcpi_bytes_sent, ti.tcpi_bytes_sent);
	PUT(TCPI_BYTES_ACKED, tcpi_bytes_acked, ti.tcpi_bytes_acked);
	PUT(TCPI_BYTES_RECEIVED, tcpi_bytes_received, ti.tcpi_bytes_received);
	PUT(TCPI_BYTES_RETRANS, tcpi_bytes_retrans, ti.tcpi_bytes_retrans);
	PUT(TCPI_DELIVERY_RATE_BPS, tcpi_delivery_rate, bits_per_second(ti.tcpi_delivery_rate));
	PUT(TCPI_PACING_RATE_BPS, tcpi_pacing_rate, bits_per_second(ti.tcpi_pacing_rate));
	PUT(TCPI_BUSY_TIME_US, tcpi_busy_time, ti.tcpi_busy_time);
	PUT(TCPI_RWND_LIMITED_US, tcpi_rwnd_limited, ti.tcpi_rwnd_limited);
	PUT(TCPI_SNDBUF_LIMITED_US, tcpi_sndbuf_limited, ti.tcpi_sndbuf_limited);
	/* Bit-fields have no offsetof: the byte after tcpi_options holds both scales. */
	put(out, len, TCPI_SND_WSCALE, TCPI_WSCALE_OFF, 1, ti.tcpi_snd_wscale);
	put(out, len, TCPI_RCV_WSCALE, TCPI_WSCALE_OFF, 1, ti.tcpi_rcv_wscale);
	PUT(TCPI_ECN, tcpi_options, (ti.tcpi_options & TCPI_OPT_ECN) != 0);
	PUT(TCPI_ECN_SEEN, tcpi_options, (ti.tcpi_options & TCPI_OPT_ECN_SEEN) != 0);
	PUT(TCPI_LAST_DATA_SENT_MS, tcpi_last_data_sent, ti.tcpi_last_data_sent);
	PUT(TCPI_LAST_DATA_RECV_MS, tcpi_last_data_recv, ti.tcpi_last_data_recv);
}

#undef PUT

void tcp_info_decode_cong(struct tcp_info_values *out, const uint8_t *data, size_t len)
{
	size_t n = strnlen((const char *)data,
			   len < TCP_CONG_NAME_SIZE - 1 ? len : TCP_CONG_NAME_SIZE - 1);

	memcpy(out->cong, data, n);
	out->cong[n] = '\0';
}

void sk_meminfo_decode(struct sk_meminfo *out, const uint8_t *data, size_t len)
{
	unsigned i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < SKMEM_COUNT && len >= (i + 1) * sizeof(uint32_t); i++) {
		memcpy(&out->v[i], data + i * sizeof(uint32_t), sizeof(uint32_t));
		out->present |= 1u << i;
	}
}

/* ---- the side table ---- */

void sock_internals_init(struct sock_internals *s)
{
	memset(s, 0, sizeof(*s));
	hashtab_init(&s->index);
}

void sock_internals_free(struct sock_internals *s)
{
	free(s->v);
	free(s->mem);
	free(s->rows);
	free(s->orphans);
	hashtab_free(&s->index);
	sock_internals_init(s);
}

void sock_internals_reset(struct sock_internals *s)
{
	s->len = 0;
	s->rows_len = 0;
	s->orphans_len = 0;
	hashtab_clear(&s->index);
}

/* An inet socket without an inode (an orphan in FIN_WAIT) is known by its endpoints. */
static uint64_t key_hash(const struct conn *c)
{
	uint8_t k[2 * sizeof(struct endpoint) + 4];

	if (c->inode != 0)
		return hash_u64(c->inode);
	memset(k, 0, sizeof(k));
	memcpy(k, c->local.addr, sizeof(c->local.addr));
	memcpy(k + 16, &c->local.port, 2);
	memcpy(k + 18, c->remote.addr, sizeof(c->remote.addr));
	memcpy(k + 34, &c->remote.port, 2);
	k[36] = (uint8_t)c->proto;
	k[37] = (uint8_t)c->family;
	k[38] = (uint8_t)(c->netns & 0xff);
	k[39] = (uint8_t)(c->netns >> 8);
	return hash_bytes(k, sizeof(k));
}

static bool same_endpoint(const struct endpoint *a, const struct endpoint *b)
{
	return a->port == b->port && memcmp(a->addr, b->addr, sizeof(a->addr)) == 0;
}

static bool key_equal(const struct sock_internals *s, const struct sock_internals_entry *e,
		      const struct conn *c)
{
	const struct sock_internals_orphan *o;

	if (e->inode != c->inode)
		return false;
	if (c->inode != 0)
		return true;
	if (e->proto != c->proto || e->family != c->family || e->netns != c->netns ||
	    e->orphan >= s->orphans_len)
		return false;
	o = &s->orphans[e->orphan];
	return same_endpoint(&o->local, &c->local) && same_endpoint(&o->remote, &c->remote);
}

static bool keyable(const struct conn *c)
{
	return c->inode != 0 || conn_is_inet(c);
}

const struct sock_internals_entry *sock_internals_lookup(const struct sock_internals *s,
							 const struct conn *c)
{
	struct hashtab_iter it;
	uint32_t i;

	if (s == NULL || s->len == 0 || !keyable(c))
		return NULL;
	for (i = hashtab_first(&s->index, key_hash(c), &it); i != HASHTAB_NONE;
	     i = hashtab_next(&s->index, &it))
		if (key_equal(s, &s->v[i], c))
			return &s->v[i];
	return NULL;
}

void sock_internals_bind_rows(struct sock_internals *s, const struct conntable *t)
{
	size_t i;

	s->rows_len = 0;
	if (s->len == 0)
		return;
	if (t->len > s->rows_cap) {
		s->rows_cap = t->len;
		s->rows = xreallocarray(s->rows, s->rows_cap, sizeof(*s->rows));
	}
	for (i = 0; i < t->len; i++) {
		const struct sock_internals_entry *e = sock_internals_lookup(s, &t->conns[i]);

		s->rows[i] = e != NULL ? (uint32_t)(e - s->v) : UINT32_MAX;
	}
	s->rows_len = t->len;
}

const struct sock_internals_entry *sock_internals_of(const struct conntable *t,
						     const struct conn *c)
{
	const struct sock_internals *s = t->internals;
	size_t row;

	if (s == NULL || s->len == 0)
		return NULL;
	if (s->rows_len == t->len && c >= t->conns && c < t->conns + t->len) {
		row = (size_t)(c - t->conns);
		if (s->rows[row] == UINT32_MAX)
			return NULL;
		if (s->rows[row] < s->len && key_equal(s, &s->v[s->rows[row]], c))
			return &s->v[s->rows[row]];
	}
	return sock_internals_lookup(s, c);
}

const struct sk_meminfo *sock_internals_memory(const struct sock_internals *s,
					       const struct sock_internals_entry *e)
{
	if (s == NULL || s->mem == NULL || !e->has_memory || e < s->v || e >= s->v + s->len)
		return NULL;
	return &s->mem[e - s->v];
}

void sock_internals_set_memory(struct sock_internals *s, struct sock_internals_entry *e,
			       const uint8_t *data, size_t len)
{
	if (s->mem == NULL || e < s->v || e >= s->v + s->len)
		return;
	sk_meminfo_decode(&s->mem[e - s->v], data, len);
	e->has_memory = true;
}

struct sock_internals_entry *sock_internals_add(struct sock_internals *s, const struct conn *c)
{
	struct sock_internals_entry *e;

	if (!keyable(c))
		return NULL;
	e = (struct sock_internals_entry *)sock_internals_lookup(s, c);
	if (e != NULL)
		return e;
	if (s->len == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
		if (s->want_memory)
			s->mem = xreallocarray(s->mem, s->cap, sizeof(*s->mem));
	}
	e = &s->v[s->len];
	memset(e, 0, sizeof(*e));
	/* Not read without has_memory, yet never left as realloc's garbage. */
	if (s->mem != NULL)
		memset(&s->mem[s->len], 0, sizeof(*s->mem));
	e->inode = c->inode;
	e->proto = (uint8_t)c->proto;
	e->family = (uint8_t)c->family;
	e->netns = (uint16_t)c->netns;
	if (c->inode == 0) {
		if (s->orphans_len == s->orphans_cap) {
			s->orphans_cap = s->orphans_cap ? s->orphans_cap * 2 : 16;
			s->orphans = xreallocarray(s->orphans, s->orphans_cap, sizeof(*s->orphans));
		}
		e->orphan = (uint32_t)s->orphans_len;
		s->orphans[s->orphans_len].local = c->local;
		s->orphans[s->orphans_len].remote = c->remote;
		s->orphans_len++;
	}
	hashtab_insert(&s->index, key_hash(c), (uint32_t)s->len);
	s->len++;
	return e;
}
