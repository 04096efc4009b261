/*
 * hostinfo.c - the host name, from <proc_root>/sys/kernel/hostname.
 */
#include "lib/compat.h"

#include <errno.h>

#include "enrich/hostinfo.h"
#include "lib/procfile.h"

int hostinfo_name(const char *proc_root, char *buf, size_t cap)
{
	size_t len;
	int err = procfile_read(proc_root, "sys/kernel/hostname", buf, cap, &len);

	if (err != 0)
		return err;
	buf[strcspn(buf, "\n")] = '\0';
	return buf[0] != '\0' ? 0 : -ENODATA;
}
