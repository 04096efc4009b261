/*
 * fuzz_endpoint_filter.c - the query filter parser (query_add),
 * then what is built from it: the netlink state hint, the inet_diag
 * bytecode, and matching against a few sockets.
 *
 * Input: lines, each one command-line word: a kind byte (FARG_*, modulo
 * the number of kinds) and the word's text (argv cannot hold a NUL, so a
 * line stops at one).  A rejected word must leave a NUL-terminated message
 * that says so; the filter stays usable.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "model/conntable.h"
#include "filter/bytecode.h"
#include "filter/query.h"
#include "fuzz_util.h"
#include "enrich/services.h"
#include "support/name_tables.h"

#define NKINDS (FARG_USER + 1)

static struct services *svc;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	svc = services_load_builtin();
	return 0;
}

/* A table to match against: IPv4 and IPv4-mapped IPv6 TCP, UDP, unix. */
static void fill(struct conntable *t)
{
	static const uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1};
	struct conn *c;

	c = conntable_append(t);
	c->proto = PROTO_TCP, c->family = AF_INET, c->state = CS_ESTABLISHED;
	memcpy(c->local.addr, mapped + 12, 4), c->local.port = 22;
	memcpy(c->remote.addr, mapped + 12, 4), c->remote.port = 40000;
	c = conntable_append(t);
	c->proto = PROTO_TCP, c->family = AF_INET6, c->state = CS_LISTEN;
	memcpy(c->local.addr, mapped, 16), c->local.port = 443;
	c = conntable_append(t);
	c->proto = PROTO_UDP, c->family = AF_INET, c->state = CS_CLOSE, c->local.port = 53;
	c = conntable_append(t);
	c->proto = PROTO_UNIX, c->family = AF_UNIX, c->state = US_CONNECTED;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct query f;
	struct diag_bytecode bc;
	struct conntable t;
	size_t i = 0, k;

	query_init(&f);
	while (i < size) {
		size_t end = i + 1;
		enum filter_arg_kind kind = (enum filter_arg_kind)(data[i] % NKINDS);
		char msg[256], *word;
		int r;

		while (end < size && data[end] != '\n' && data[end] != '\0')
			end++;
		word = malloc(end - i);
		if (word == NULL)
			abort();
		memcpy(word, data + i + 1, end - i - 1);
		word[end - i - 1] = '\0';
		memset(msg, 'x', sizeof(msg));
		r = query_add(&f, kind, word, &(struct query_names){services_port, svc, NULL}, msg,
			      sizeof(msg));
		if (r != 0 && (r != -EINVAL || memchr(msg, '\0', sizeof(msg)) == NULL))
			abort();
		free(word);
		i = end + 1;
	}
	(void)query_state_hint(&f);
	(void)query_needs_owners(&f);
	if (diag_bytecode_build(&f, &bc) == 0 && bc.len > DIAG_BYTECODE_MAX)
		abort();
	diag_bytecode_free(&bc);
	conntable_init(&t);
	fill(&t);
	for (k = 0; k < t.len; k++) {
		bool all = query_match(&f, &t, &t.conns[k]);

		/* Passing every filter implies passing the endpoint ones. */
		if (all && !query_match_endpoints(&f, &t.conns[k]))
			abort();
	}
	conntable_free(&t);
	query_free(&f);
	return 0;
}
