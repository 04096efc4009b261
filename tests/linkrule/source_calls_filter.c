/*
 * source_calls_filter.c - a deliberate backward call: a source that builds
 * the filter's kernel program itself instead of taking its bytes.
 */
#include "filter/bytecode.h"

int linkrule_build(struct query *q, struct diag_bytecode *bc);

int linkrule_build(struct query *q, struct diag_bytecode *bc)
{
	return diag_bytecode_build(q, bc);
}
