/*
 * nft_record.c - test support for source/nat_rules.h: reads the NAT rules
 * of the namespace it runs in (or a recording) and prints the mappings,
 * one line each, then the counts.  Never part of portstat.
 *
 *   nft_record [-w FILE]   the live ruleset over netlink; -w also writes
 *                          the raw replies to FILE (tests/fixtures/nat/)
 *   nft_record -r FILE     a recording, decoded as the unit tests do
 *   nft_record -n NSFILE   the ruleset of another network namespace: the
 *                          socket is opened inside it (setns), then read
 *                          from this one, as portstat's caller will
 *
 * Line format (tests/live/test_nat_rules.sh builds the same from nft -j):
 *   PROTO FAMILY iif=[!]NAME[*]|- daddr=ADDR/PREFIX|- dport=LO-HI MECH
 *   to=ADDR|- port=LO-HI given|same table=FAMILY/TABLE chain=CHAIN
 * and last: rules=N not_understood=N undecoded=N legacy=0|1
 * Exit: 0, 1 when the read or parse fails (one line on stderr), 2 usage.
 */
#define _GNU_SOURCE /* setns */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/escape.h"
#include "lib/procfile.h"
#include "source/nat_rules.h"

static const char *table_family(uint8_t f)
{
	switch (f) {
	case 2:
		return "ip";
	case 10:
		return "ip6";
	case 1:
		return "inet";
	default:
		return "?";
	}
}

static void print_addr(const char *label, const struct nat_addr *a, int with_prefix)
{
	char text[INET6_ADDRSTRLEN];

	if (a->family == 0 || inet_ntop(a->family, a->addr, text, sizeof(text)) == NULL) {
		printf(" %s=-", label);
		return;
	}
	if (with_prefix)
		printf(" %s=%s/%u", label, text, a->prefix);
	else
		printf(" %s=%s", label, text);
}

/* A name as the kernel gave it (at most 256 bytes), escaped. */
static void print_name(const char *before, const char *s)
{
	char esc[ESCAPE_BOUND(256)];

	escape_text(esc, s, strnlen(s, 256));
	printf("%s%s", before, esc);
}

static void print_mapping(const struct nat_mapping *m)
{
	printf("%s %s", m->proto == IPPROTO_TCP ? "tcp" : "udp",
	       m->family == AF_INET ? "ip" : "ip6");
	if (m->iif[0] == 0) {
		printf(" iif=-");
	} else {
		char esc[ESCAPE_BOUND(NAT_IFNAME_SIZE)];

		escape_text(esc, m->iif, strnlen(m->iif, NAT_IFNAME_SIZE));
		printf(" iif=%s%s%s", m->iif_negated ? "!" : "", esc, m->iif_prefix ? "*" : "");
	}
	print_addr("daddr", &m->daddr, 1);
	printf(" dport=%u-%u %s", m->dport_lo, m->dport_hi, nat_mechanism_name(m->mechanism));
	print_addr("to", &m->to, 0);
	printf(" port=%u-%u %s", m->to_port_lo, m->to_port_hi, m->to_port_given ? "given" : "same");
	printf(" table=%s", table_family(m->table_family));
	print_name("/", m->table);
	print_name(" chain=", m->chain);
	putchar('\n');
}

static int read_file(const char *path, struct nat_rules_result *res)
{
	struct nat_rules_parser p;
	uint8_t *buf = NULL;
	size_t len = 0;
	int fd = inputfile_open(path), r;

	if (fd < 0) {
		fprintf(stderr, "nft_record: %s: %s\n", path, strerror(-fd));
		return 1;
	}
	r = inputfile_read(fd, 16u << 20, &buf, &len);
	close(fd);
	if (r < 0) {
		fprintf(stderr, "nft_record: %s: %s\n", path, strerror(-r));
		return 1;
	}
	nat_rules_parser_init(&p, res);
	r = nat_rules_parse(&p, buf, len);
	free(buf);
	if (r < 0 || p.kernel_error < 0) {
		fprintf(stderr, "nft_record: %s: %s\n", path,
			strerror(r < 0 ? -r : -p.kernel_error));
		return 1;
	}
	return 0;
}

/* A NETLINK_NETFILTER socket opened inside the namespace nsfile names; we come back. */
static struct mnl_socket *socket_in(const char *nsfile)
{
	struct mnl_socket *nl;
	int own = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	int ns = open(nsfile, O_RDONLY | O_CLOEXEC), err = 0;

	if (own < 0 || ns < 0 || setns(ns, CLONE_NEWNET) != 0) {
		fprintf(stderr, "nft_record: %s: %s\n", nsfile, strerror(errno));
		exit(1);
	}
	nl = nat_rules_socket_open(&err);
	if (setns(own, CLONE_NEWNET) != 0) {
		fprintf(stderr, "nft_record: back to our namespace: %s\n", strerror(errno));
		exit(1);
	}
	if (nl == NULL) {
		fprintf(stderr, "nft_record: socket in %s: %s\n", nsfile, strerror(-err));
		exit(1);
	}
	close(own);
	close(ns);
	return nl;
}

int main(int argc, char **argv)
{
	struct nat_rules_result res;
	const char *why = "";
	bool legacy = false;
	size_t i;
	int r, fd = -1;

	nat_rules_result_init(&res);
	if (argc == 3 && strcmp(argv[1], "-r") == 0) {
		if (read_file(argv[2], &res) != 0)
			return 1;
	} else if (argc == 3 && strcmp(argv[1], "-n") == 0) {
		struct mnl_socket *nl = socket_in(argv[2]);

		r = nat_rules_read(nl, -1, &res, &why);
		nat_rules_socket_close(nl);
		if (r < 0) {
			fprintf(stderr, "nft_record: %s: %s\n", why, strerror(-r));
			return 1;
		}
	} else if (argc == 1 || (argc == 3 && strcmp(argv[1], "-w") == 0)) {
		if (argc == 3) {
			fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
			if (fd < 0) {
				fprintf(stderr, "nft_record: %s: %s\n", argv[2], strerror(errno));
				return 1;
			}
		}
		r = nat_rules_read(NULL, fd, &res, &why);
		if (fd >= 0 && close(fd) != 0 && r == 0)
			r = -errno;
		if (r < 0) {
			fprintf(stderr, "nft_record: %s: %s\n", why, strerror(-r));
			return 1;
		}
		if (nat_rules_legacy_in_use("/proc", &legacy) < 0)
			legacy = false;
	} else {
		fprintf(stderr, "usage: nft_record [-w FILE] | -r FILE | -n NSFILE\n");
		return 2;
	}
	for (i = 0; i < res.map.len; i++)
		print_mapping(&res.map.v[i]);
	printf("rules=%zu not_understood=%zu undecoded=%zu legacy=%d\n", res.rules,
	       res.not_understood, res.undecoded, legacy ? 1 : 0);
	nat_rules_result_free(&res);
	return fflush(stdout) == 0 ? 0 : 1;
}
