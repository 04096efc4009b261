/*
 * inet_diag_vm.h - the kernel's inet_diag_bc_audit() and inet_diag_bc_run()
 * (net/ipv4/inet_diag.c) restated for the ops portstat emits, so a test
 * can say "the kernel accepts this program and selects these sockets"
 * without a kernel.  Header-only, for the unit tests and fuzz targets.
 */
#ifndef PORTSTAT_TEST_INET_DIAG_VM_H
#define PORTSTAT_TEST_INET_DIAG_VM_H

#include <errno.h>
#include <linux/inet_diag.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "model/conntable.h"

#define VM_OP ((int)sizeof(struct inet_diag_bc_op))

static inline bool vm_prefix_eq(const uint8_t *a, const uint8_t *b, unsigned bits)
{
	unsigned i;

	for (i = 0; i < bits; i++) {
		unsigned m = 0x80u >> (i % 8);

		if ((a[i / 8] & m) != (b[i / 8] & m))
			return false;
	}
	return true;
}

/* S_COND/D_COND: port (-1 any), family (IPv4 also matches v4-mapped), prefix. */
static inline bool vm_cond(const uint8_t *p, const struct conn *c, bool src)
{
	static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	const struct endpoint *e = src ? &c->local : &c->remote;
	struct inet_diag_hostcond cond;
	const uint8_t *addr = p + VM_OP + sizeof(cond);

	memcpy(&cond, p + VM_OP, sizeof(cond));
	if (cond.port != -1 && cond.port != e->port)
		return false;
	if (cond.family != AF_UNSPEC && cond.family != c->family)
		return c->family == AF_INET6 && cond.family == AF_INET &&
		       memcmp(e->addr, mapped, 12) == 0 &&
		       vm_prefix_eq(e->addr + 12, addr, cond.prefix_len);
	return cond.prefix_len == 0 || vm_prefix_eq(e->addr, addr, cond.prefix_len);
}

/* The kernel's verdict on one socket; -1 on an op it would not run. */
static inline int vm_run(const uint8_t *bc, int len, const struct conn *c)
{
	while (len > 0) {
		struct inet_diag_bc_op op, arg;
		bool yes = true;

		memcpy(&op, bc, VM_OP);
		if (len >= 2 * VM_OP)
			memcpy(&arg, bc + VM_OP, VM_OP);
		else
			memset(&arg, 0, sizeof(arg));
		switch (op.code) {
		case INET_DIAG_BC_NOP:
			break;
		case INET_DIAG_BC_JMP:
			yes = false;
			break;
		case INET_DIAG_BC_S_GE:
			yes = c->local.port >= arg.no;
			break;
		case INET_DIAG_BC_S_LE:
			yes = c->local.port <= arg.no;
			break;
		case INET_DIAG_BC_D_GE:
			yes = c->remote.port >= arg.no;
			break;
		case INET_DIAG_BC_D_LE:
			yes = c->remote.port <= arg.no;
			break;
		case INET_DIAG_BC_S_COND:
		case INET_DIAG_BC_D_COND:
			yes = vm_cond(bc, c, op.code == INET_DIAG_BC_S_COND);
			break;
		default:
			return -1;
		}
		if (yes) {
			len -= op.yes;
			bc += op.yes;
		} else {
			len -= op.no;
			bc += op.no;
		}
	}
	return len == 0;
}

/* Whether a jump to "cc" bytes before the end lands on an op (the kernel's valid_cc). */
static inline bool vm_valid_cc(const uint8_t *bc, int len, int cc)
{
	while (len >= 0) {
		struct inet_diag_bc_op op;

		if (cc > len)
			return false;
		if (cc == len)
			return true;
		memcpy(&op, bc, VM_OP);
		if (op.yes < 4 || op.yes & 3)
			return false;
		len -= op.yes;
		bc += op.yes;
	}
	return false;
}

/* 0 when the kernel's audit accepts the program, else -EINVAL. */
static inline int vm_audit(const uint8_t *bytecode, int bytecode_len)
{
	const uint8_t *bc = bytecode;
	int len = bytecode_len;

	while (len > 0) {
		struct inet_diag_bc_op op;
		int min_len = VM_OP;

		if (len < VM_OP)
			return -EINVAL;
		memcpy(&op, bc, VM_OP);
		switch (op.code) {
		case INET_DIAG_BC_S_COND:
		case INET_DIAG_BC_D_COND: {
			struct inet_diag_hostcond cond;
			int alen;

			min_len += (int)sizeof(cond);
			if (len < min_len)
				return -EINVAL;
			memcpy(&cond, bc + VM_OP, sizeof(cond));
			if (cond.family != AF_INET && cond.family != AF_INET6 &&
			    cond.family != AF_UNSPEC)
				return -EINVAL;
			alen = cond.family == AF_INET ? 4 : cond.family == AF_INET6 ? 16 : 0;
			min_len += alen;
			if (len < min_len || cond.prefix_len > 8 * alen)
				return -EINVAL;
			break;
		}
		case INET_DIAG_BC_S_GE:
		case INET_DIAG_BC_S_LE:
		case INET_DIAG_BC_D_GE:
		case INET_DIAG_BC_D_LE:
			min_len += VM_OP;
			if (len < min_len)
				return -EINVAL;
			break;
		case INET_DIAG_BC_JMP:
		case INET_DIAG_BC_NOP:
			break;
		default:
			return -EINVAL;
		}
		if (op.code != INET_DIAG_BC_NOP) {
			if (op.no < min_len || op.no > len + 4 || op.no & 3)
				return -EINVAL;
			if (op.no < len && !vm_valid_cc(bytecode, bytecode_len, len - op.no))
				return -EINVAL;
		}
		if (op.yes < min_len || op.yes > len + 4 || op.yes & 3)
			return -EINVAL;
		bc += op.yes;
		len -= op.yes;
	}
	return len == 0 ? 0 : -EINVAL;
}

#endif
