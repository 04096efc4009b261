/*
 * proto_names.h - every spelling of the model's protocols and unix socket
 * states, in one table each.  Output prints them (netstat's "udpl", JSON's
 * "udplite", the summary's "UDPLITE"), the /proc source opens files by
 * them; none of them writes its own list.
 */
#ifndef PORTSTAT_MODEL_PROTO_NAMES_H
#define PORTSTAT_MODEL_PROTO_NAMES_H

#include "model/conntable.h"

struct proto_spelling {
	const char *netstat;  /* the table's Proto column, IPv4 ("udpl") */
	const char *netstat6; /* the same for IPv6 ("udpl6") */
	const char *name;     /* JSON, the summary, /proc/net file names ("udplite") */
	const char *name6;    /* the IPv6 /proc/net file ("udplite6") */
	const char *upper;    /* the summary's Transport column ("UDPLITE") */
};

/* Indexed by enum conn_proto. */
extern const struct proto_spelling proto_spellings[PROTO_COUNT];

/* The name of a unix socket state (enum unix_state: "CONNECTED"), "LISTENING"
 * for an unconnected socket with SO_ACCEPTCON, "UNKNOWN" past the table. */
const char *unix_state_name(unsigned state, bool listening);

#endif
