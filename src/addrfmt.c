/*
 * addrfmt.c - address and port text for the formatters.
 */
#include "compat.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <sys/socket.h>

#include "addrfmt.h"

size_t addrfmt_ip(char *buf, size_t cap, int family, const uint8_t addr[16])
{
	if (inet_ntop(family == AF_INET ? AF_INET : AF_INET6, addr, buf, (socklen_t)cap) == NULL) {
		(void)strlcpy(buf, "?", cap);
		return strlen(buf);
	}
	return strlen(buf);
}

size_t addrfmt_endpoint(char *buf, size_t cap, int family, const struct endpoint *e,
			const char *host, const char *portname)
{
	char ip[INET6_ADDRSTRLEN];
	char port[8];
	const char *h = host;
	bool brackets = false;
	int n;

	if (h == NULL) {
		(void)addrfmt_ip(ip, sizeof(ip), family, e->addr);
		h = ip;
		brackets = family == AF_INET6;
	}
	if (portname == NULL) {
		if (e->port == 0)
			(void)strlcpy(port, "*", sizeof(port));
		else
			(void)snprintf(port, sizeof(port), "%u", e->port);
		portname = port;
	}
	n = snprintf(buf, cap, brackets ? "[%s]:%s" : "%s:%s", h, portname);
	if (n < 0)
		return 0;
	return (size_t)n < cap ? (size_t)n : cap - 1;
}
