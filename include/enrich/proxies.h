/*
 * proxies.h - userland port forwarders recognised from their arguments:
 * what host endpoint a process forwards, and to where.
 *
 * A port published by Docker without its DNAT rules (userland-proxy, or
 * the hairpin case) is a docker-proxy process listening on the host port;
 * rootless Docker's rootlesskit-docker-proxy takes the same flags.  Their
 * argv names the target:
 *
 *	docker-proxy -proto tcp -host-ip 0.0.0.0 -host-port 8081
 *		     -container-ip 172.17.0.2 -container-port 80
 *
 * parsed as Go's flag package parses it (-flag value, -flag=value, and
 * the same with two dashes; parsing stops at "--" or the first word that
 * is not a flag).  rootlesskit given --publish (-p) on its command line,
 * "[PARENTIP:]PARENTPORT:CHILDPORT/PROTO", forwards to the port in its
 * child namespace (no target address: target_family AF_UNSPEC).  Ports it
 * adds later through its API (rootlessctl add-ports, rootless Docker) and
 * slirp4netns's port forwarding (its API socket only) are not on any
 * command line: not recognised.
 *
 * A pure function over the bytes of /proc/PID/cmdline: the caller reads
 * them.  No I/O.
 */
#ifndef PORTSTAT_ENRICH_PROXIES_H
#define PORTSTAT_ENRICH_PROXIES_H

#include <stddef.h>
#include <stdint.h>

enum proxy_kind {
	PROXY_NONE = 0,
	PROXY_DOCKER,	  /* docker-proxy, rootlesskit-docker-proxy */
	PROXY_ROOTLESSKIT /* rootlesskit --publish */
};

/* One forwarded endpoint. */
struct proxy_map {
	uint8_t host_addr[16];	 /* network byte order; IPv4 in the first 4 bytes */
	uint8_t target_addr[16]; /* the same; all zero when target_family is AF_UNSPEC */
	uint16_t host_port;	 /* host byte order, 1..65535 */
	uint16_t target_port;	 /* 1..65535 */
	uint8_t proto;		 /* enum conn_proto: PROTO_TCP or PROTO_UDP */
	uint8_t host_family;	 /* AF_INET or AF_INET6 */
	uint8_t target_family;	 /* AF_INET, AF_INET6, or AF_UNSPEC: the target namespace's port */
};

/*
 * Recognises a forwarder from its cmdline (buf[0..len): arguments each
 * ended by a NUL; the last NUL may be missing) and writes what it forwards
 * into out[0..max).  Returns how many maps were written (at most max; a
 * rootlesskit may publish more, the first max are kept): 0 when the process
 * is not a forwarder, or its arguments are not what one runs with (a flag
 * without its value, a port that is not a decimal in 1..65535, an address
 * that is not one, a protocol other than tcp and udp), since such a
 * process would have refused them.  *kind (may be NULL) says which
 * forwarder it was, PROXY_NONE with 0.
 */
size_t proxies_parse_cmdline(const char *buf, size_t len, struct proxy_map *out, size_t max,
			     enum proxy_kind *kind);

#endif
