/* stub */
#include "enrich/proxies.h"
size_t proxies_parse_cmdline(const char *buf, size_t len, struct proxy_map *out, size_t max,
			     enum proxy_kind *kind)
{ (void)buf; (void)len; (void)out; (void)max; if (kind) *kind = PROXY_NONE; return 0; }
