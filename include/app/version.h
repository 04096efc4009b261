/*
 * version.h - the --version text: the one version (project(VERSION) in
 * CMakeLists.txt, with `git describe` when built from a checkout) and the
 * features compiled in and available on this host at run time.
 */
#ifndef PORTSTAT_VERSION_TEXT_H
#define PORTSTAT_VERSION_TEXT_H

#include <stddef.h>

/*
 * Writes the --version text into buf[0..len), NUL-terminated (cut short if
 * len is too small).  Probes the running kernel (a NETLINK_SOCK_DIAG socket
 * opened and closed, the Landlock ABI) but prints nothing.
 */
void version_text(char *buf, size_t len);

#endif
