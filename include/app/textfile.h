/*
 * textfile.h - --textfile DIR: each round's metrics replace DIR/portstat.prom
 * atomically, for node_exporter's textfile collector: written to a
 * temporary file in DIR (a name not ending in .prom, which the collector
 * skips), fsynced, then renamed over the old file, so a scrape reads the
 * previous round or this one, never half of one.
 *
 * The directory is opened once, before the sandbox; every file operation
 * after is relative to that descriptor (openat, renameat, unlinkat).
 */
#ifndef PORTSTAT_TEXTFILE_H
#define PORTSTAT_TEXTFILE_H

#define TEXTFILE_NAME "portstat.prom"

struct textfile {
	int dirfd;    /* DIR, or -1 */
	int fd;	      /* this round's temporary file, or -1 */
	unsigned seq; /* temporary names tried so far */
	char tmp[64]; /* its name in DIR */
};

void textfile_init(struct textfile *tf);
/* Opens DIR (a directory, followed if a link); 0 or -errno. */
int textfile_open_dir(struct textfile *tf, const char *dir);
/* Creates this round's temporary file (mode 0644: the collector runs as
 * another user); its descriptor, or -errno. */
int textfile_begin(struct textfile *tf);
/* fsync, close, rename over DIR/portstat.prom; 0 or -errno (the temporary
 * file is removed then). */
int textfile_commit(struct textfile *tf);
/* Removes this round's temporary file, if any (a failed write). */
void textfile_abort(struct textfile *tf);
/* textfile_abort, then closes DIR. */
void textfile_close(struct textfile *tf);

#endif
