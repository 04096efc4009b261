/*
 * state_names.c - the --state names and the TCP states each covers.
 */
#include "lib/compat.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "model/conntable.h"
#include "model/state_names.h"

#define BUCKET ((1u << CS_SYN_RECV) | (1u << CS_NEW_SYN_RECV) | (1u << CS_TIME_WAIT))
#define SHORT  (STATE_IN_HELP | STATE_IN_HINT)

/* In the order --help and the unknown-state message list them. */
static const struct state_name names[] = {
    {"established", 1u << CS_ESTABLISHED, SHORT},
    {"syn-sent", 1u << CS_SYN_SENT, SHORT},
    {"syn-recv", (1u << CS_SYN_RECV) | (1u << CS_NEW_SYN_RECV), SHORT},
    {"fin-wait-1", 1u << CS_FIN_WAIT1, SHORT},
    {"fin-wait-2", 1u << CS_FIN_WAIT2, SHORT},
    {"time-wait", 1u << CS_TIME_WAIT, SHORT},
    {"closed", STATE_BOUND, SHORT},
    {"close-wait", 1u << CS_CLOSE_WAIT, SHORT},
    {"last-ack", 1u << CS_LAST_ACK, SHORT},
    {"listening", 1u << CS_LISTEN, SHORT},
    {"closing", 1u << CS_CLOSING, SHORT},
    {"all", STATE_ALL, SHORT},
    {"connected", STATE_CONNECTED, SHORT},
    {"synchronized", STATE_CONNECTED & ~(1u << CS_SYN_SENT), SHORT},
    {"listen", STATE_SERVERS, SHORT},
    {"bucket", BUCKET, SHORT},
    {"big", STATE_ALL & ~BUCKET, SHORT},
    {"bound-inactive", 1u << CS_BOUND_INACTIVE, SHORT},
};

const struct state_name *state_name_at(size_t i)
{
	return i < nitems(names) ? &names[i] : NULL;
}

/*
 * Whether s[0..n) spells name in any case, with '-', '_' or nothing between
 * its words: the names portstat prints (TIME_WAIT, FIN_WAIT1, LISTEN) are
 * then accepted as they are.  No two names of the table differ only so.
 */
static bool same_name(const char *name, const char *s, size_t n)
{
	size_t i = 0;

	for (;;) {
		while (*name == '-')
			name++;
		while (i < n && (s[i] == '-' || s[i] == '_'))
			i++;
		if (*name == '\0' || i == n)
			return *name == '\0' && i == n;
		if (*name != tolower((unsigned char)s[i]))
			return false;
		name++;
		i++;
	}
}

const struct state_name *state_name_find(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < nitems(names); i++)
		if (same_name(names[i].name, s, n))
			return &names[i];
	return NULL;
}

size_t state_names_join(char *buf, size_t len, unsigned list)
{
	size_t i, need = 0;

	if (len > 0)
		buf[0] = '\0';
	for (i = 0; i < nitems(names); i++) {
		const char *sep = need > 0 ? ", " : "";

		if (list != 0 && (names[i].lists & list) == 0)
			continue;
		/* strlcat truncates; need counts on for the caller's check. */
		if (len > 0) {
			(void)strlcat(buf, sep, len);
			(void)strlcat(buf, names[i].name, len);
		}
		need += strlen(sep) + strlen(names[i].name);
	}
	return need;
}
