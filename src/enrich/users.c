/*
 * users.c - uid -> user name, cached per distinct uid.
 */
#include "lib/compat.h"

#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

#include "enrich/users.h"
#include "lib/xmalloc.h"

struct uid_slot {
	uint32_t uid;
	uint32_t name; /* pool offset; 0 = empty slot */
};

static uint32_t lookup_name(struct conntable *t, uint32_t uid, bool numeric)
{
	char num[16];
	char buf[4096];
	struct passwd pw, *res = NULL;

	if (!numeric && getpwuid_r((uid_t)uid, &pw, buf, sizeof(buf), &res) == 0 && res != NULL)
		return conntable_intern(t, res->pw_name, strlen(res->pw_name));
	/* Unknown uids print as numbers, as netstat does. */
	(void)snprintf(num, sizeof(num), "%u", uid);
	return conntable_intern(t, num, strlen(num));
}

void users_enrich(struct conntable *t, bool numeric)
{
	struct uid_slot *slots;
	size_t nslots = 256, used = 0, i;

	slots = xcalloc(nslots, sizeof(*slots));
	for (i = 0; i < t->len; i++) {
		struct conn *c = &t->conns[i];
		size_t h;

		if ((used + 1) * 2 > nslots) {
			struct uid_slot *old = slots;
			size_t oldn = nslots, k;

			nslots *= 2;
			slots = xcalloc(nslots, sizeof(*slots));
			for (k = 0; k < oldn; k++) {
				if (old[k].name == 0)
					continue;
				h = (old[k].uid * 2654435761u) & (nslots - 1);
				while (slots[h].name != 0)
					h = (h + 1) & (nslots - 1);
				slots[h] = old[k];
			}
			free(old);
		}
		h = (c->uid * 2654435761u) & (nslots - 1);
		while (slots[h].name != 0 && slots[h].uid != c->uid)
			h = (h + 1) & (nslots - 1);
		if (slots[h].name == 0) {
			slots[h].uid = c->uid;
			slots[h].name = lookup_name(t, c->uid, numeric);
			used++;
		}
		c->user = slots[h].name;
	}
	free(slots);
}
