/*
 * fuzz_proc_file.c - a whole /proc/net file through source_proc_read: the
 * line reader, header detection, the line parsers and the warnings.
 *
 * Input: a selector byte (which of the nine files), then the file's bytes.
 * A private proc root holds net/<name> symlinks to one memory file, so the
 * reader opens its input by path as it does on a real host.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/conntable.h"
#include "fuzz_util.h"
#include "source/source.h"
#include "lib/warnings.h"

static const struct {
	int proto, family;
} files[] = {
    {PROTO_TCP, AF_INET},  {PROTO_TCP, AF_INET6},    {PROTO_UDP, AF_INET},
    {PROTO_UDP, AF_INET6}, {PROTO_UDPLITE, AF_INET}, {PROTO_UDPLITE, AF_INET6},
    {PROTO_RAW, AF_INET},  {PROTO_RAW, AF_INET6},    {PROTO_UNIX, AF_UNIX},
};
#define NFILES (sizeof(files) / sizeof(files[0]))

static struct fuzz_file input;
static char root[64];

static void cleanup(void)
{
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < NFILES; i++) {
		(void)snprintf(path, sizeof(path), "%s/net/%s", root,
			       proc_file_name(files[i].proto, files[i].family));
		(void)unlink(path);
	}
	(void)snprintf(path, sizeof(path), "%s/net", root);
	(void)rmdir(path);
	(void)rmdir(root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[PATH_MAX];
	size_t i;

	(void)argc;
	(void)argv;
	fuzz_file_open(&input);
	(void)snprintf(root, sizeof(root), "/tmp/portstat-fuzz-XXXXXX");
	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		abort();
	}
	(void)snprintf(path, sizeof(path), "%s/net", root);
	if (mkdir(path, 0700) != 0) {
		perror("mkdir");
		abort();
	}
	for (i = 0; i < NFILES; i++) {
		(void)snprintf(path, sizeof(path), "%s/net/%s", root,
			       proc_file_name(files[i].proto, files[i].family));
		if (symlink(input.path, path) != 0) {
			perror("symlink");
			abort();
		}
	}
	(void)atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct source_cfg cfg;
	struct conntable t;
	struct warnings w;
	size_t i, which;
	int r;

	if (size == 0)
		return 0;
	which = data[0] % NFILES;
	fuzz_file_fill(&input, data + 1, size - 1);

	memset(&cfg, 0, sizeof(cfg));
	cfg.proc_root = root;
	cfg.protos = ~0u;
	cfg.inet4 = cfg.inet6 = true;
	cfg.source = SOURCE_PROC;
	cfg.dump_fd = -1;
	conntable_init(&t);
	warnings_init(&w);
	r = source_proc_read(&cfg, files[which].proto, files[which].family, &t, &w);
	if (r != 0)
		abort(); /* the file is there and readable: only bad lines, never an error */
	for (i = 0; i < t.len; i++) {
		const struct conn *c = &t.conns[i];

		if (c->proto != files[which].proto || c->family != files[which].family)
			abort();
		/* path is the unix arm of the record's union: inet records have none. */
		if (c->proto == PROTO_UNIX && c->path != 0 &&
		    (size_t)c->path + c->path_len >= t.pool_len)
			abort();
	}
	if (w.len > 1)
		abort(); /* bad lines are reported once per file */
	warnings_free(&w);
	conntable_free(&t);
	return 0;
}
