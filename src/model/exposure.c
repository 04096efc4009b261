/*
 * exposure.c - the words exposure is shown by (model/exposure.h): the
 * table column, JSON's "exposure" and the man page use these.
 */
#include "model/exposure.h"

const char *exposure_name(enum exposure e)
{
	static const char *const names[EXPOSURE_COUNT] = {
	    [EXPOSURE_NONE] = "",
	    [EXPOSURE_LOOPBACK] = "loopback",
	    [EXPOSURE_LOCAL] = "local",
	    [EXPOSURE_ANY] = "any",
	    [EXPOSURE_NAMESPACE] = "namespace",
	    [EXPOSURE_PUBLISHED] = "published",
	};

	return (unsigned)e < EXPOSURE_COUNT ? names[e] : "";
}
