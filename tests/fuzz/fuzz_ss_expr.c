/*
 * fuzz_ss_expr.c - ss's filter expressions (ss_expr_parse through
 * query_add), then what is built from them: the kernel program, which
 * the kernel's audit must accept and which must agree with user-space
 * matching on a few sockets.
 *
 * Input: the expression text (the positional words joined by spaces;
 * argv cannot hold a NUL, so the text stops at one).  A refused
 * expression must leave one NUL-terminated "bad filter '...': ..." line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "enrich/services.h"
#include "filter/bytecode.h"
#include "filter/query.h"
#include "filter/ss_expr.h"
#include "fuzz_util.h"
#include "model/conntable.h"
#include "support/inet_diag_vm.h"
#include "support/name_tables.h"

static struct services *svc;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	svc = services_load_builtin();
	return 0;
}

static struct conn *add(struct conntable *t, int proto, int family, int state)
{
	struct conn *c = conntable_append(t);

	c->proto = (uint8_t)proto;
	c->family = (uint8_t)family;
	c->state = (uint8_t)state;
	return c;
}

/* IPv4, IPv6, IPv4-mapped; listening, established, unconnected UDP; unix. */
static void fill(struct conntable *t)
{
	static const uint8_t lo4[4] = {127, 0, 0, 1}, net10[4] = {10, 1, 2, 3};
	static const uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 5};
	static const uint8_t lo6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	struct conn *c;

	c = add(t, PROTO_TCP, AF_INET, CS_ESTABLISHED);
	memcpy(c->local.addr, lo4, 4), c->local.port = 22;
	memcpy(c->remote.addr, net10, 4), c->remote.port = 40000;
	c = add(t, PROTO_TCP, AF_INET, CS_LISTEN);
	c->local.port = 80;
	c = add(t, PROTO_TCP, AF_INET6, CS_ESTABLISHED);
	memcpy(c->local.addr, mapped, 16), c->local.port = 443;
	memcpy(c->remote.addr, lo6, 16), c->remote.port = 65535;
	c = add(t, PROTO_UDP, AF_INET6, CS_CLOSE);
	memcpy(c->local.addr, lo6, 16), c->local.port = 53;
	c = add(t, PROTO_UNIX, AF_UNIX, US_CONNECTED);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct query f;
	struct diag_bytecode bc;
	struct conntable t;
	size_t n = strnlen((const char *)data, size), k;
	char msg[512], *text = malloc(n + 1);
	int r;

	if (text == NULL)
		abort();
	memcpy(text, data, n); /* exact size plus the NUL, for ASan */
	text[n] = '\0';
	query_init(&f);
	memset(msg, 'x', sizeof(msg));
	r = query_add(&f, FARG_SS_EXPR, text, &(struct query_names){services_port, svc, NULL}, msg,
		      sizeof(msg));
	free(text);
	if (r != 0) {
		if (r != -EINVAL || memchr(msg, '\0', sizeof(msg)) == NULL ||
		    strncmp(msg, "bad filter '", 12) != 0 || f.ss != NULL)
			abort();
		query_free(&f);
		return 0;
	}
	(void)query_state_hint(&f);
	r = diag_bytecode_build(&f, &bc);
	if (r != 0 && r != -E2BIG)
		abort();
	if (bc.len > DIAG_BYTECODE_MAX || (bc.len > 0 && vm_audit(bc.bytes, (int)bc.len) != 0))
		abort();
	conntable_init(&t);
	fill(&t);
	for (k = 0; k < t.len; k++) {
		const struct conn *c = &t.conns[k];
		bool ends = query_match_endpoints(&f, c);

		if (query_match(&f, &t, c) && !ends)
			abort();
		if (bc.len > 0 && conn_is_inet(c) && vm_run(bc.bytes, (int)bc.len, c) != (int)ends)
			abort();
	}
	conntable_free(&t);
	diag_bytecode_free(&bc);
	query_free(&f);
	return 0;
}
