/*
 * unit.h - the systemd unit or container a process runs in (--unit).
 *
 * A process's unit is read from /proc/PID/cgroup: the cgroup v2 line
 * ("0::/system.slice/sshd.service"), else the v1 "name=systemd" line.
 * Containers win over units: docker-<id12>, libpod-<id12>, and for
 * Kubernetes the pod ("pod<uid>").  Otherwise the innermost ".service" or
 * ".scope" component names the unit.
 *
 * Socket activation: systemd (PID 1) creates and holds the listening socket
 * of a socket-activated service.  When the service runs it holds the socket
 * too, so PID 1's owner record takes the unit of another owner of the same
 * socket.  When nothing else holds it, the ".socket" unit whose Listen*=
 * line names the socket's port or path is found in the unit files
 * (/etc/systemd/system, /run/systemd/system, /usr/local/lib/systemd/system,
 * /usr/lib/systemd/system, /lib/systemd/system; drop-ins are not read).
 */
#ifndef PORTSTAT_UNIT_H
#define PORTSTAT_UNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/conntable.h"

/* Writes the unit or container for a cgroup file's text to out; returns its length, 0 if none. */
size_t systemd_parse_cgroup(const char *text, size_t len, char *out, size_t cap);

/* The unit of one cgroup path ("/system.slice/sshd.service"); returns its length, 0 if none. */
size_t systemd_unit_from_path(const char *path, size_t len, char *out, size_t cap);

/* One Listen*= line of a .socket unit. */
struct systemd_listen {
	char name[256];	  /* the .socket unit's file name */
	uint8_t proto;	  /* PROTO_TCP (ListenStream), PROTO_UDP (ListenDatagram), PROTO_UNIX */
	uint8_t family;	  /* AF_INET, AF_INET6, AF_UNSPEC (port only) or AF_UNIX */
	uint8_t addr[16]; /* when family is AF_INET or AF_INET6 */
	uint16_t port;
	char path[108]; /* unix: the path, '@' for abstract */
};

struct systemd_sockets {
	struct systemd_listen *v;
	size_t len;
	size_t cap;
};

/* The directories read by systemd_sockets_load, in precedence order, NULL-terminated. */
extern const char *const systemd_socket_dirs[];

/*
 * Reads every *.socket file of dirs (NULL-terminated; the first file of a
 * name wins) under root ("" for the running system).  Unreadable
 * directories are skipped.  Returns the number of Listen lines kept.
 */
size_t systemd_sockets_load(struct systemd_sockets *u, const char *root, const char *const *dirs);
void systemd_sockets_free(struct systemd_sockets *u);

/* The .socket unit whose Listen line names socket c, or NULL. */
const char *systemd_sockets_match(const struct systemd_sockets *u, const struct conntable *t,
				  const struct conn *c);

/*
 * Socket activation: gives every owner record of PID 1 the unit of another
 * owner of the same socket, else the matching .socket unit of u (u may be
 * NULL).
 */
void systemd_activation_enrich(struct conntable *t, const struct systemd_sockets *u);

#endif
