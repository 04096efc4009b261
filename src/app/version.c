/*
 * version.c - the --version text.  Its first line is "portstat VERSION",
 * the same number as the man page, the package and the JSON "portstat"
 * key; a build from a git checkout adds "(git DESCRIBE)".  Then one line
 * per feature, saying whether it was compiled in and whether this host
 * offers it now: a bug report then says what the failing run could use.
 */
#include "lib/compat.h"

#include <errno.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app/sandbox.h"
#include "app/version.h"
#include "portstat_build.h"
#include "portstat_version.h"

/* Whether a NETLINK_SOCK_DIAG socket can be opened here (a seccomp policy,
 * systemd's RestrictAddressFamilies or an old kernel may refuse it): 0 or
 * the errno.  Opening it sends nothing. */
static int sock_diag_probe(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	int err = errno;

	if (fd < 0)
		return err != 0 ? err : EINVAL;
	(void)close(fd);
	return 0;
}

void version_text(char *buf, size_t len)
{
	const char *git = PORTSTAT_GIT_DESCRIBE;
	char netlink[160], landlock[96];
	int err = sock_diag_probe(), abi = sandbox_landlock_abi();

	if (err == 0)
		(void)snprintf(netlink, sizeof(netlink), "available");
	else
		(void)snprintf(netlink, sizeof(netlink), "unavailable (%s); /proc/net is read",
			       strerror(err));
	if (!sandbox_landlock_built())
		(void)snprintf(landlock, sizeof(landlock), "compiled out (PORTSTAT_LANDLOCK=OFF)");
	else if (abi > 0)
		(void)snprintf(landlock, sizeof(landlock), "compiled in, kernel ABI %d", abi);
	else
		(void)snprintf(landlock, sizeof(landlock),
			       "compiled in, not offered by this kernel");
	(void)snprintf(buf, len,
		       "portstat %s%s%s%s\n"
		       "features:\n"
		       "  netlink sock_diag: compiled in, %s\n"
		       "  landlock: %s\n"
		       "  built with libmnl %s, libbsd %s\n",
		       PORTSTAT_VERSION, *git != '\0' ? " (git " : "", git, *git != '\0' ? ")" : "",
		       netlink, landlock, PORTSTAT_LIBMNL_VERSION, PORTSTAT_LIBBSD_VERSION);
}
