/*
 * output_calls_enrich.c - a deliberate backward call: an output module that
 * looks a service name up itself.  tests/linkrule/test_link_rule.sh links
 * it with the output stage and expects the link to fail.
 */
#include <stddef.h>

#include "enrich/services.h"

const char *linkrule_port_name(void);

const char *linkrule_port_name(void)
{
	return services_name(NULL, 22, 0);
}
