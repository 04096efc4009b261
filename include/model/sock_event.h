/*
 * sock_event.h - one thing -E saw happen: a socket the kernel closed (its
 * last state and counters, from the destroy message), or a listener
 * opened, closed or replaced between two polls.
 *
 * Sources fill the socket and the counters; the owner is enrichment (the
 * last scan of the processes that saw the socket), and outputs render it.
 */
#ifndef PORTSTAT_MODEL_SOCK_EVENT_H
#define PORTSTAT_MODEL_SOCK_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/conntable.h"

enum sock_event_kind {
	SOCK_EVENT_CLOSED,	   /* the kernel destroyed the socket */
	SOCK_EVENT_LISTEN_OPENED,  /* a listener that the last poll did not see */
	SOCK_EVENT_LISTEN_CLOSED,  /* a listener the last poll saw, gone */
	SOCK_EVENT_LISTEN_REPLACED /* gone and back on the same address and port */
};

#define SOCK_EVENT_COMMAND_MAX 16 /* a process name: 15 bytes and a NUL */

struct sock_event {
	enum sock_event_kind kind;
	/* The socket: protocol, family, state, endpoints, queues, uid, inode,
	 * netns (conn.scope, owners and pool offsets are not used). */
	struct conn conn;
	bool counters; /* tcp_info came with it: the numbers below are known */
	uint64_t bytes_sent;
	uint64_t bytes_acked;
	uint64_t bytes_received;
	uint32_t segs_out;
	uint32_t segs_in;
	uint32_t total_retrans;
	uint32_t rtt_us;
	bool owner_known; /* enrichment: a scan of the processes saw it */
	pid_t pid;
	char command[SOCK_EVENT_COMMAND_MAX];
};

#endif
