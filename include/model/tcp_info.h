/*
 * tcp_info.h - a socket's internals as sock_diag reports them (-i, -m):
 * TCP's tcp_info and congestion control (INET_DIAG_INFO, INET_DIAG_CONG)
 * and the socket's memory (INET_DIAG_SKMEMINFO, UNIX_DIAG_MEMINFO), each
 * as named numbers whose names carry their unit.
 *
 * They live beside the connection table, not in it: struct conn stays at
 * 88 bytes (conntable.h), and only the sockets asked about have them.  The
 * side table is keyed by the record's socket (its inode, or for an inet
 * socket without one its endpoints and namespace), so sorting and
 * filtering the connection table do not disturb it.
 *
 * A kernel that returns a shorter tcp_info lacks the later fields: each
 * field has a "present" bit, set only when the attribute covers it.
 * Depends on libc and lib/hashtab.
 */
#ifndef PORTSTAT_MODEL_TCP_INFO_H
#define PORTSTAT_MODEL_TCP_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/hashtab.h"
#include "model/conntable.h"

/*
 * The tcp_info numbers, in output order: X(ID, name, help).  The name is
 * the -O column, the CSV header and the JSON key.
 */
#define TCP_INFO_FIELDS(X)                                                                         \
	X(RTT_US, "rtt_us", "smoothed round-trip time, microseconds")                              \
	X(RTTVAR_US, "rttvar_us", "round-trip time variation, microseconds")                       \
	X(MIN_RTT_US, "min_rtt_us", "smallest round-trip time seen, microseconds")                 \
	X(MSS, "mss", "sending maximum segment size, bytes")                                       \
	X(CWND, "cwnd", "congestion window, segments")                                             \
	X(SSTHRESH, "ssthresh", "slow start threshold, segments (2147483647: none yet)")           \
	X(UNACKED, "unacked", "segments sent and not yet acknowledged")                            \
	X(RETRANS, "retrans", "segments being retransmitted now")                                  \
	X(TOTAL_RETRANS, "total_retrans", "segments retransmitted over the connection's life")     \
	X(LOST, "lost", "segments thought lost")                                                   \
	X(SACKED, "sacked", "segments selectively acknowledged")                                   \
	X(BYTES_SENT, "bytes_sent", "bytes sent, retransmissions included")                        \
	X(BYTES_ACKED, "bytes_acked", "bytes the peer acknowledged")                               \
	X(BYTES_RECEIVED, "bytes_received", "bytes received in order")                             \
	X(BYTES_RETRANS, "bytes_retrans", "bytes retransmitted")                                   \
	X(DELIVERY_RATE_BPS, "delivery_rate_bps", "latest delivery rate, bits per second")         \
	X(PACING_RATE_BPS, "pacing_rate_bps",                                                      \
	  "pacing rate, bits per second (18446744073709551615: unlimited)")                        \
	X(BUSY_TIME_US, "busy_time_us", "time spent sending data, microseconds")                   \
	X(RWND_LIMITED_US, "rwnd_limited_us", "time limited by the peer's window, microseconds")   \
	X(SNDBUF_LIMITED_US, "sndbuf_limited_us", "time limited by the send buffer, microseconds") \
	X(SND_WSCALE, "snd_wscale", "window scale the peer announced")                             \
	X(RCV_WSCALE, "rcv_wscale", "window scale announced to the peer")                          \
	X(ECN, "ecn", "1: ECN negotiated")                                                         \
	X(ECN_SEEN, "ecn_seen", "1: an ECN-capable packet was received")                           \
	X(LAST_DATA_SENT_MS, "last_data_sent_ms", "since data was last sent, milliseconds")        \
	X(LAST_DATA_RECV_MS, "last_data_recv_ms", "since data was last received, milliseconds")

/* The socket memory numbers, in SK_MEMINFO_* order (linux/sock_diag.h). */
#define SK_MEMINFO_FIELDS(X)                                                                       \
	X(RMEM_ALLOC, "rmem_alloc", "received data held, bytes")                                   \
	X(RCVBUF, "rcvbuf", "receive buffer size, bytes")                                          \
	X(WMEM_ALLOC, "wmem_alloc", "sent data held, bytes")                                       \
	X(SNDBUF, "sndbuf", "send buffer size, bytes")                                             \
	X(FWD_ALLOC, "fwd_alloc", "memory reserved ahead, bytes")                                  \
	X(WMEM_QUEUED, "wmem_queued", "data queued to send, bytes")                                \
	X(OPTMEM, "optmem", "option memory (filters...), bytes")                                   \
	X(BACKLOG, "backlog", "backlog queue, bytes")                                              \
	X(DROPS, "drops", "packets dropped")

#define TCPI_ENUM(id, name, help) TCPI_##id,
enum tcp_info_field { TCP_INFO_FIELDS(TCPI_ENUM) TCPI_COUNT };
#undef TCPI_ENUM

#define SKMEM_ENUM(id, name, help) SKMEM_##id,
enum sk_meminfo_field { SK_MEMINFO_FIELDS(SKMEM_ENUM) SKMEM_COUNT };
#undef SKMEM_ENUM

/* The congestion control name: the kernel's TCP_CA_NAME_MAX (16) with its NUL. */
#define TCP_CONG_NAME_SIZE 16

/*
 * The numbers the kernel keeps in 64 bits: the run of fields from
 * bytes_sent to sndbuf_limited_us.  The others fit 32 bits, so a value is
 * stored as its low half and, for these alone, a high half: a -ti of 100k
 * sockets touches a third less memory.
 */
#define TCPI_WIDE_FIRST TCPI_BYTES_SENT
#define TCPI_WIDE_COUNT (TCPI_SNDBUF_LIMITED_US - TCPI_BYTES_SENT + 1)

struct tcp_info_values {
	uint32_t lo[TCPI_COUNT];
	uint32_t hi[TCPI_WIDE_COUNT];
	uint32_t present;	       /* bit (1u << field): the kernel's tcp_info covers it */
	char cong[TCP_CONG_NAME_SIZE]; /* "" when INET_DIAG_CONG was not given */
};

struct sk_meminfo {
	uint32_t v[SKMEM_COUNT];
	uint32_t present; /* bit (1u << field) */
};

/* The field's name (the JSON key, -O column) and -O help line, or "?". */
const char *tcp_info_field_name(unsigned field);
const char *tcp_info_field_help(unsigned field);
const char *sk_meminfo_field_name(unsigned field);
const char *sk_meminfo_field_help(unsigned field);

static inline bool tcp_info_has(const struct tcp_info_values *t, unsigned field)
{
	return field < TCPI_COUNT && (t->present & (1u << field)) != 0;
}

/* A field's value (0 when absent: ask tcp_info_has). */
static inline uint64_t tcp_info_value(const struct tcp_info_values *t, unsigned field)
{
	uint64_t v = field < TCPI_COUNT ? t->lo[field] : 0;

	if (field >= TCPI_WIDE_FIRST && field < TCPI_WIDE_FIRST + TCPI_WIDE_COUNT)
		v |= (uint64_t)t->hi[field - TCPI_WIDE_FIRST] << 32;
	return v;
}

static inline bool sk_meminfo_has(const struct sk_meminfo *m, unsigned field)
{
	return field < SKMEM_COUNT && (m->present & (1u << field)) != 0;
}

/*
 * Decodes len bytes of an INET_DIAG_INFO attribute (struct tcp_info as the
 * running kernel lays it out, possibly shorter or longer than this
 * program's) into out: a field is present only when len covers it.  The
 * congestion name is left as it was.
 */
void tcp_info_decode(struct tcp_info_values *out, const uint8_t *data, size_t len);
/* Copies an INET_DIAG_CONG attribute (a name, NUL-terminated or not, cut at 15 bytes). */
void tcp_info_decode_cong(struct tcp_info_values *out, const uint8_t *data, size_t len);
/* Decodes an INET_DIAG_SKMEMINFO or UNIX_DIAG_MEMINFO attribute (u32 words). */
void sk_meminfo_decode(struct sk_meminfo *out, const uint8_t *data, size_t len);

/* One socket's internals; has_tcp_info and has_memory say which were given. */
struct sock_internals_entry {
	/* The key: conn.inode, or 0 with the endpoints in sock_internals.orphans[orphan]. */
	uint64_t inode;
	uint32_t orphan;
	uint16_t netns;
	uint8_t proto;
	uint8_t family;
	bool has_tcp_info;
	bool has_memory;
	struct tcp_info_values tcp;
	/* The memory is in sock_internals.mem[], beside: -ti does not pay for it. */
};

/* The endpoints that key an inet socket without an inode (an orphan in FIN_WAIT). */
struct sock_internals_orphan {
	struct endpoint local, remote;
};

struct sock_internals {
	/* What was asked: a source records only these (-o asks for
	 * INET_DIAG_INFO too, which must not show up as -i's). */
	bool want_info;	  /* -i */
	bool want_memory; /* -m */
	struct sock_internals_entry *v;
	size_t len;
	size_t cap;
	struct hashtab index;	/* key -> v[] */
	struct sk_meminfo *mem; /* want_memory: each entry's, by its index in v[]; else NULL */
	struct sock_internals_orphan *orphans;
	size_t orphans_len;
	size_t orphans_cap;
	/* sock_internals_bind_rows: the entry of each record of the table, by
	 * its position (UINT32_MAX: none), so that formatters, which read
	 * every row's entry several times, do not search for it. */
	uint32_t *rows;
	size_t rows_len;
	size_t rows_cap;
};

void sock_internals_init(struct sock_internals *s);
void sock_internals_free(struct sock_internals *s);
/* Forgets every entry (keeps the memory and what was asked), for the next round. */
void sock_internals_reset(struct sock_internals *s);
/*
 * The entry of c's socket, added (empty) when new; NULL for a socket that
 * cannot be keyed (a unix socket without an inode).
 */
struct sock_internals_entry *sock_internals_add(struct sock_internals *s, const struct conn *c);
/* The memory of an entry of s, or NULL when it has none (not asked, not given). */
const struct sk_meminfo *sock_internals_memory(const struct sock_internals *s,
					       const struct sock_internals_entry *e);
/* Decodes a memory attribute into an entry of s (added by sock_internals_add; -m asked). */
void sock_internals_set_memory(struct sock_internals *s, struct sock_internals_entry *e,
			       const uint8_t *data, size_t len);
/* c's entry, or NULL (s may be NULL). */
const struct sock_internals_entry *sock_internals_lookup(const struct sock_internals *s,
							 const struct conn *c);
/*
 * Notes which entry each record of t (whose internals s is) has, in the
 * table's order: once the table is final (filtered, sorted).
 */
void sock_internals_bind_rows(struct sock_internals *s, const struct conntable *t);
/*
 * The entry of c, a record of t, or NULL: from the rows bound when they
 * still match (checked against the entry's key), else looked up.
 */
const struct sock_internals_entry *sock_internals_of(const struct conntable *t,
						     const struct conn *c);

#endif
