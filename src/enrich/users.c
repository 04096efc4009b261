/*
 * users.c - uid -> user name, cached per distinct uid.
 */
#include "lib/compat.h"

#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

#include "enrich/users.h"
#include "lib/hashtab.h"
#include "lib/xmalloc.h"

struct uid_name {
	uint32_t uid;
	uint32_t name; /* pool offset */
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

/* A table holds few distinct uids: each is looked up once. */
void users_enrich(struct conntable *t, bool numeric)
{
	struct hashtab index;
	struct uid_name *seen = NULL;
	size_t nseen = 0, cap = 0, i;

	hashtab_init(&index);
	for (i = 0; i < t->len; i++) {
		struct conn *c = &t->conns[i];
		uint64_t hash = hash_u64(c->uid);
		struct hashtab_iter it;
		uint32_t k;

		if (c->uid == CONN_UID_UNKNOWN) {
			c->user = 0; /* no uid, no name */
			continue;
		}
		for (k = hashtab_first(&index, hash, &it); k != HASHTAB_NONE;
		     k = hashtab_next(&index, &it))
			if (seen[k].uid == c->uid)
				break;
		if (k == HASHTAB_NONE) {
			if (nseen == cap) {
				cap = cap ? cap * 2 : 16;
				seen = xreallocarray(seen, cap, sizeof(*seen));
			}
			seen[nseen] = (struct uid_name){c->uid, lookup_name(t, c->uid, numeric)};
			k = (uint32_t)nseen++;
			hashtab_insert(&index, hash, k);
		}
		c->user = seen[k].name;
	}
	hashtab_free(&index);
	free(seen);
}
