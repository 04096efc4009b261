/*
 * containers_procs.c - containers reached through processes
 * (enrich/containers_procs.h).
 */
#include "lib/compat.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "enrich/containers_procs.h"
#include "lib/number.h"

/* The container of process pid, or NULL (none, gone, unreadable). */
static const struct container_info *container_of(struct containers *cs, const char *proc_root,
						 pid_t pid, struct warnings *w)
{
	const struct container_info *info = NULL;
	char path[PATH_MAX];
	int fd, r;

	(void)snprintf(path, sizeof(path), "%s/%ld", proc_root, (long)pid);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	r = containers_of_pid(cs, fd, &info, w);
	(void)close(fd);
	return r == 1 ? info : NULL;
}

void containers_name_netns(struct containers *cs, struct netns_table *t, const char *proc_root,
			   struct warnings *w)
{
	size_t i;

	for (i = 0; i < t->len; i++)
		if (t->v[i].pid > 0)
			t->v[i].container = container_of(cs, proc_root, t->v[i].pid, w);
}

int containers_find_pid(struct containers *cs, const char *proc_root, const char *word, pid_t *pid,
			struct warnings *w)
{
	DIR *d = opendir(proc_root);
	struct dirent *de;
	pid_t best = 0;
	long long v;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		const struct container_info *info;

		if (de->d_name[0] < '1' || de->d_name[0] > '9' ||
		    number_parse(de->d_name, strlen(de->d_name), 1, INT_MAX, &v) != 0)
			continue;
		if (best != 0 && (pid_t)v > best)
			continue;
		info = container_of(cs, proc_root, (pid_t)v, w);
		if (info != NULL && container_matches(info, word))
			best = (pid_t)v;
	}
	(void)closedir(d);
	if (best == 0)
		return 0;
	*pid = best;
	return 1;
}
