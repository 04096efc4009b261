/*
 * services.h - the services database: port number <-> service name.
 *
 * Loaded once from /etc/services (or --services FILE) into two hash
 * indexes (lib/hashtab.h), one keyed by (port, protocol) and one by (name,
 * protocol), so a lookup per socket costs a probe or two.  When the file
 * is missing, unreadable or holds no entry, the table compiled into the
 * binary (data/services.builtin) is used instead.  Only this module reads
 * the file; formatters get a const pointer.
 */
#ifndef PORTSTAT_SERVICES_H
#define PORTSTAT_SERVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/warnings.h"

struct services;

/* The largest services file read (IANA's whole registry is about 1 MiB). */
#define SERVICES_MAX_BYTES ((size_t)16 << 20)

/* The most names (and aliases) indexed per file: /etc/services holds a few
 * thousand, IANA's whole registry some 15000; the ones past it are skipped
 * with one warning, so that memory stays below the file's size however
 * the file is written. */
#define SERVICES_MAX_NAMES 65536

/*
 * Loads path into *out, or the built-in table when path cannot be opened
 * or yields no entry.  Returns 0, or a negative errno when the file could
 * not be opened or read (*out is then still a usable database): -EINVAL
 * when it is not a regular file, -EFBIG when larger than
 * SERVICES_MAX_BYTES (inputfile_check).  Malformed lines, and names past
 * SERVICES_MAX_NAMES, are skipped and reported once each in w.
 */
int services_load(struct services **out, const char *path, struct warnings *w);
void services_free(struct services *s);

/* The name of port for proto (PROTO_TCP, PROTO_UDP; PROTO_UDPLITE uses udp's), or NULL. */
const char *services_name(const struct services *s, uint16_t port, int proto);

/* The port a service name or alias stands for in proto, or -ENOENT. */
int services_port(const struct services *s, const char *name, int proto);

#endif
