/*
 * hostinfo.c - the host name, from <proc_root>/sys/kernel/hostname.
 */
#include "lib/compat.h"

#include <errno.h>

#include "enrich/hostinfo.h"
#include "lib/procfile.h"
#include "lib/warnings.h"

int hostinfo_name(const char *proc_root, char *buf, size_t cap, struct warnings *w)
{
	static const char rel[] = "sys/kernel/hostname";
	size_t len;
	int err = procfile_read(proc_root, rel, buf, cap, &len);
	char why[64];

	/* A FIFO (which would block) or a file longer than any host name is
	 * said once; a saved tree without the file (ENOENT) names no host. */
	if (err != 0 && w != NULL && (err == -EINVAL || err == -EFBIG))
		warnings_add(w, "%s/%s: %s", proc_root, rel,
			     procfile_strerror(err, cap, why, sizeof(why)));
	if (err != 0)
		return err;
	buf[strcspn(buf, "\n")] = '\0';
	return buf[0] != '\0' ? 0 : -ENODATA;
}
