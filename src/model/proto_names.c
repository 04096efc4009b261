/*
 * proto_names.c - the spellings of protocols and unix states.
 */
#include "model/proto_names.h"

const struct proto_spelling proto_spellings[PROTO_COUNT] = {
    [PROTO_TCP] = {"tcp", "tcp6", "tcp", "tcp6", "TCP"},
    [PROTO_UDP] = {"udp", "udp6", "udp", "udp6", "UDP"},
    [PROTO_UDPLITE] = {"udpl", "udpl6", "udplite", "udplite6", "UDPLITE"},
    [PROTO_RAW] = {"raw", "raw6", "raw", "raw6", "RAW"},
    [PROTO_ICMP] = {"icmp", "icmp6", "icmp", "icmp6", "ICMP"},
    [PROTO_UNIX] = {"unix", "unix", "unix", "unix", "UNIX"},
};

const char *unix_state_name(unsigned state, bool listening)
{
	static const char *const names[] = {
	    [US_FREE] = "FREE",
	    [US_UNCONNECTED] = "UNCONNECTED",
	    [US_CONNECTING] = "CONNECTING",
	    [US_CONNECTED] = "CONNECTED",
	    [US_DISCONNECTING] = "DISCONNECTING",
	};

	if (state == US_UNCONNECTED && listening)
		return "LISTENING";
	return state < sizeof(names) / sizeof(names[0]) ? names[state] : "UNKNOWN";
}
