/*
 * services_builtin.h - the services table compiled into the binary.
 *
 * The build generates its definition from data/services.builtin
 * (cmake/gen_services.cmake); services.c falls back to it when the services
 * file is missing, unreadable or empty, as in minimal containers.
 */
#ifndef PORTSTAT_SERVICES_BUILTIN_H
#define PORTSTAT_SERVICES_BUILTIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct services_builtin_entry {
	uint16_t port;
	bool udp;	     /* false: tcp */
	const char *name;    /* the name printed for (port, protocol) */
	const char *aliases; /* space-separated, "" when none */
};

extern const struct services_builtin_entry services_builtin[];
extern const size_t services_builtin_len;

#endif
