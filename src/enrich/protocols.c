/*
 * protocols.c - protocols(5) parsing and lookup: one name per number 0-255.
 */
#include "lib/compat.h"

#include "lib/linereader.h"
#include "lib/number.h"
#include "enrich/protocols.h"
#include "lib/xmalloc.h"

#define PROTOCOL_NAME_MAX 64
#define PROTOCOL_COUNT	  256

struct protocols {
	char *names[PROTOCOL_COUNT]; /* NULL where the number has no name */
};

/* The IANA assignments Debian's netbase names (first name per number). */
static const char *const builtin_names[PROTOCOL_COUNT] = {
    [0] = "ip",
    [1] = "icmp",
    [2] = "igmp",
    [3] = "ggp",
    [4] = "ipencap",
    [5] = "st",
    [6] = "tcp",
    [8] = "egp",
    [9] = "igp",
    [12] = "pup",
    [17] = "udp",
    [20] = "hmp",
    [22] = "xns-idp",
    [27] = "rdp",
    [29] = "iso-tp4",
    [33] = "dccp",
    [36] = "xtp",
    [37] = "ddp",
    [38] = "idpr-cmtp",
    [41] = "ipv6",
    [43] = "ipv6-route",
    [44] = "ipv6-frag",
    [45] = "idrp",
    [46] = "rsvp",
    [47] = "gre",
    [50] = "esp",
    [51] = "ah",
    [57] = "skip",
    [58] = "ipv6-icmp",
    [59] = "ipv6-nonxt",
    [60] = "ipv6-opts",
    [73] = "rspf",
    [81] = "vmtp",
    [88] = "eigrp",
    [89] = "ospf",
    [93] = "ax.25",
    [94] = "ipip",
    [97] = "etherip",
    [98] = "encap",
    [103] = "pim",
    [108] = "ipcomp",
    [112] = "vrrp",
    [115] = "l2tp",
    [124] = "isis",
    [132] = "sctp",
    [133] = "fc",
    [135] = "mobility-header",
    [136] = "udplite",
    [137] = "mpls-in-ip",
    [138] = "manet",
    [139] = "hip",
    [140] = "shim6",
    [141] = "wesp",
    [142] = "rohc",
    [143] = "ethernet",
};

/* "name  number  aliases  # comment"; lines that do not fit are ignored. */
static bool parse_line(void *arg, const char *line, size_t len)
{
	struct protocols *p = arg;
	const char *s = line, *end = line + len, *name, *num;
	size_t nlen = line_word(&s, end, &name);
	long long number;

	if (nlen == 0 || nlen > PROTOCOL_NAME_MAX || s == end || !line_is_blank(*s))
		return true;
	/* The number runs to the next blank: "6#x" is no number. */
	for (num = s = line_skip_blanks(s, end); s < end && !line_is_blank(*s); s++)
		;
	if (number_parse(num, (size_t)(s - num), 0, PROTOCOL_COUNT - 1, &number) != 0)
		return true;
	if (p->names[number] != NULL)
		return true; /* the first name for a number wins, as getprotobynumber */
	p->names[number] = xmalloc(nlen + 1);
	memcpy(p->names[number], name, nlen);
	p->names[number][nlen] = '\0';
	return true;
}

static void fill_builtin(struct protocols *p)
{
	size_t i;

	for (i = 0; i < PROTOCOL_COUNT; i++)
		if (builtin_names[i] != NULL)
			p->names[i] = xstrdup(builtin_names[i]);
}

int protocols_load(struct protocols **out, const char *path)
{
	struct protocols *p = xcalloc(1, sizeof(*p));
	size_t i;
	int ret;

	*out = p;
	/* Lines that do not fit are skipped unreported, as getprotoent(3) skips them. */
	ret = linereader_each(path, 0, parse_line, p, NULL);
	for (i = 0; i < PROTOCOL_COUNT; i++)
		if (p->names[i] != NULL)
			return ret;
	fill_builtin(p);
	return ret;
}

void protocols_free(struct protocols *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < PROTOCOL_COUNT; i++)
		free(p->names[i]);
	free(p);
}

const char *protocols_name(const struct protocols *p, unsigned number)
{
	if (p == NULL || number >= PROTOCOL_COUNT)
		return NULL;
	return p->names[number];
}
