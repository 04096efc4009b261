/*
 * own_sockets.h - the sockets portstat itself opened, so that they are not
 * listed as the host's.
 *
 * Host names are looked up by the system's resolver on portstat's own
 * threads: a DNS query is a UDP (or TCP) socket to a name server, and NSS
 * may talk to nscd or systemd-resolved over a unix socket.  Those sockets
 * exist only because portstat runs, and without this they would show in
 * its own listing, one more for every lookup under way.  The set is the
 * socket inodes /proc/self/fd holds (threads share the descriptor table),
 * less the ones the process inherited: a standard stream that is a socket
 * (a service's journal stream) is its caller's, and stays listed.
 * Reading /proc/self/fd needs no privilege and costs one readlink per
 * descriptor: a few dozen at most.
 */
#ifndef PORTSTAT_OWN_SOCKETS_H
#define PORTSTAT_OWN_SOCKETS_H

#include <stddef.h>
#include <stdint.h>

#include "model/conntable.h"

struct own_sockets {
	uint64_t *inherited; /* sockets held at own_sockets_init */
	size_t ninherited;
	uint64_t *noted; /* sockets opened since, noted by own_sockets_note */
	size_t len, cap;
};

/* Notes the sockets the process holds now as inherited (never dropped).
 * Returns 0 or a negative errno (then none is taken for inherited). */
int own_sockets_init(struct own_sockets *s);
void own_sockets_free(struct own_sockets *s);

/* Forgets the sockets noted so far (not the inherited ones). */
void own_sockets_clear(struct own_sockets *s);

/* Adds the sockets the process holds now and did not inherit.  Returns 0
 * or a negative errno (/proc not mounted): then nothing is added. */
int own_sockets_note(struct own_sockets *s);

/* Removes the rows of t whose socket was noted; returns how many.  Runs
 * before enrichment: rows are only moved, the string pool is untouched. */
size_t own_sockets_drop(const struct own_sockets *s, struct conntable *t);

#endif
