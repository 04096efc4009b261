/*
 * format_util.c - the names every formatter prints for protocols, states,
 * socket types, classes and timers.
 */
#include "lib/compat.h"

#include <sys/socket.h>

#include "model/proto_names.h"
#include "output/format.h"

const char *format_proto_name(const struct conn *c)
{
	if (c->proto >= PROTO_COUNT)
		return "?";
	return c->family == AF_INET6 ? proto_spellings[c->proto].netstat6
				     : proto_spellings[c->proto].netstat;
}

static const char *const tcp_states[CS_MAX] = {
    [CS_NONE] = "UNKNOWN",
    [CS_ESTABLISHED] = "ESTABLISHED",
    [CS_SYN_SENT] = "SYN_SENT",
    [CS_SYN_RECV] = "SYN_RECV",
    [CS_FIN_WAIT1] = "FIN_WAIT1",
    [CS_FIN_WAIT2] = "FIN_WAIT2",
    [CS_TIME_WAIT] = "TIME_WAIT",
    [CS_CLOSE] = "BOUND", /* a TCP socket in CLOSE is bound, not listening */
    [CS_CLOSE_WAIT] = "CLOSE_WAIT",
    [CS_LAST_ACK] = "LAST_ACK",
    [CS_LISTEN] = "LISTEN",
    [CS_CLOSING] = "CLOSING",
    [CS_NEW_SYN_RECV] = "NEW_SYN_RECV",
    [CS_BOUND_INACTIVE] = "BOUND",
};

const char *format_state_name(const struct conn *c)
{
	if (c->proto == PROTO_UNIX)
		return format_unix_state_name(c);
	if (c->proto != PROTO_TCP) {
		/* Datagram sockets: connected or not, as ss names them. */
		if (c->state == CS_ESTABLISHED)
			return "ESTABLISHED";
		return "UNCONN";
	}
	if (c->state < CS_MAX)
		return tcp_states[c->state];
	return "UNKNOWN";
}

const char *format_unix_type_name(unsigned type)
{
	switch (type) {
	case SOCK_STREAM:
		return "STREAM";
	case SOCK_DGRAM:
		return "DGRAM";
	case SOCK_RAW:
		return "RAW";
	case SOCK_RDM:
		return "RDM";
	case SOCK_SEQPACKET:
		return "SEQPACKET";
	default:
		return "UNKNOWN";
	}
}

const char *format_unix_state_name(const struct conn *c)
{
	switch (c->state) {
	case US_UNCONNECTED:
		/* netstat leaves an unconnected, non-listening socket's state blank. */
		return (c->unix_flags & UNIX_FLAG_ACCEPTCON) ? "LISTENING" : "";
	default:
		return unix_state_name(c->state, false);
	}
}

const char *format_class_name(unsigned port_class)
{
	switch (port_class) {
	case PC_WELL_KNOWN:
		return "well-known";
	case PC_REGISTERED:
		return "registered";
	case PC_DYNAMIC:
		return "dynamic";
	default:
		return "-";
	}
}

const char *format_timer_name(unsigned timer)
{
	switch (timer) {
	case TIMER_ON:
		return "on";
	case TIMER_KEEPALIVE:
		return "keepalive";
	case TIMER_TIMEWAIT:
		return "timewait";
	case TIMER_PROBE:
		return "probe";
	default:
		return "off";
	}
}
