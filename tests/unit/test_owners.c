/*
 * test_procmap.c - the owners enrichment on a fake proc tree, and units.
 *
 * The tree holds PID directories whose fd/ entries are symlinks to
 * "socket:[INODE]" (readlink needs no real socket), comm and cgroup files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/conntable.h"
#include "enrich/containers.h"
#include "enrich/owners.h"
#include "filter/query.h"
#include "enrich/systemd_units.h"
#include "lib/warnings.h"

static char root[256];

static void put_file(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	(void)snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* A file of n bytes that may hold NULs (a cmdline). */
static void put_bytes(const char *rel, const char *bytes, size_t n)
{
	char path[512];
	FILE *f;

	(void)snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void make_proc(int pid, const char *comm, const char *cgroup)
{
	char rel[512];

	(void)snprintf(rel, sizeof(rel), "%s/%d", root, pid);
	assert_int_equal(mkdir(rel, 0755), 0);
	(void)snprintf(rel, sizeof(rel), "%s/%d/fd", root, pid);
	assert_int_equal(mkdir(rel, 0755), 0);
	if (comm != NULL) {
		(void)snprintf(rel, sizeof(rel), "%d/comm", pid);
		put_file(rel, comm);
	}
	if (cgroup != NULL) {
		(void)snprintf(rel, sizeof(rel), "%d/cgroup", pid);
		put_file(rel, cgroup);
	}
}

static void make_fd(int pid, int fd, const char *target)
{
	char path[512];

	(void)snprintf(path, sizeof(path), "%s/%d/fd/%d", root, pid, fd);
	assert_int_equal(symlink(target, path), 0);
}

static struct conn *add_conn(struct conntable *t, uint64_t inode, uint16_t port)
{
	struct conn *c = conntable_append(t);

	c->proto = PROTO_TCP;
	c->family = AF_INET;
	c->state = CS_LISTEN;
	c->local.port = port;
	c->inode = inode;
	return c;
}

static int setup(void **state)
{
	(void)state;
	(void)snprintf(root, sizeof(root), "%s/procmapXXXXXX", P_tmpdir);
	assert_non_null(mkdtemp(root));
	/* 812 sshd: one socket; 900 and 901: a pre-forked server sharing 2000
	 * (900 holds it twice); 950: vanished (no comm); 960: no sockets. */
	make_proc(812, "sshd\n", "0::/system.slice/ssh.service\n");
	make_fd(812, 3, "socket:[1000]");
	make_fd(812, 4, "/dev/null");
	make_proc(901, "nginx\n", "0::/system.slice/nginx.service\n");
	make_fd(901, 5, "socket:[2000]");
	make_proc(900, "nginx\n", "0::/system.slice/nginx.service\n");
	make_fd(900, 5, "socket:[2000]");
	make_fd(900, 6, "socket:[2000]");
	make_fd(900, 7, "socket:[99999]"); /* not in the table */
	make_proc(950, NULL, NULL);
	make_fd(950, 3, "socket:[3000]");
	make_proc(960, "idle\n", NULL);
	make_fd(960, 0, "pipe:[5]");
	/* PID 1 holds a socket-activated listener (4000), and one whose service runs (5000). */
	make_proc(1, "systemd\n", "0::/init.scope\n");
	make_fd(1, 40, "socket:[4000]");
	make_fd(1, 41, "socket:[5000]");
	make_proc(1200, "cupsd\n", "0::/system.slice/cups.service\n");
	make_fd(1200, 3, "socket:[5000]");
	put_file("notapid", "x");
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	(void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *comm_of(const struct conntable *t, const struct conn *c, uint32_t k)
{
	return conntable_str(t, t->owners[c->owner_first + k].comm);
}

static void test_owners(void **state)
{
	struct conntable t;
	struct warnings w;
	struct owners_stats st;
	(void)state;

	conntable_init(&t);
	warnings_init(&w);
	add_conn(&t, 1000, 22);
	add_conn(&t, 2000, 80);
	add_conn(&t, 3000, 81);
	add_conn(&t, 0, 82);	/* TIME_WAIT-like: no inode */
	add_conn(&t, 7777, 83); /* held by nobody */
	add_conn(&t, 4000, 631);
	add_conn(&t, 5000, 632);
	assert_int_equal(owners_enrich(&t, root, true, NULL, &st, NULL), 0);
	assert_int_equal(w.len, 0);

	assert_int_equal(t.conns[0].owner_count, 1);
	assert_int_equal(t.owners[t.conns[0].owner_first].pid, 812);
	assert_string_equal(comm_of(&t, &t.conns[0], 0), "sshd");
	assert_string_equal(conntable_str(&t, t.owners[t.conns[0].owner_first].unit),
			    "ssh.service");
	/* Two processes, one record each (900 holds it twice), in PID order. */
	assert_int_equal(t.conns[1].owner_count, 2);
	assert_int_equal(t.owners[t.conns[1].owner_first].pid, 900);
	assert_int_equal(t.owners[t.conns[1].owner_first + 1].pid, 901);
	/* Vanished process: skipped silently. */
	assert_int_equal(t.conns[2].owner_count, 0);
	assert_false(t.conns[2].owners_hidden);
	assert_int_equal(t.conns[3].owner_count, 0);
	assert_int_equal(t.conns[4].owner_count, 0);
	assert_false(t.conns[4].owners_hidden);
	assert_int_equal(owners_count_hidden(&t), 0);
	assert_int_equal(st.hidden_processes, 0);

	/* Socket activation: PID 1's record takes the running service's unit. */
	assert_int_equal(t.conns[6].owner_count, 2);
	systemd_activation_enrich(&t, NULL);
	assert_string_equal(conntable_str(&t, t.owners[t.conns[6].owner_first].unit),
			    "cups.service");
	assert_string_equal(conntable_str(&t, t.owners[t.conns[5].owner_first].unit), "init.scope");
	conntable_free(&t);
	warnings_free(&w);
}

static void test_hidden_note(void **state)
{
	struct conntable t;
	struct warnings w;
	struct owners_stats st = {.processes = 10, .hidden_processes = 2};
	(void)state;

	conntable_init(&t);
	warnings_init(&w);
	add_conn(&t, 5, 1)->owners_hidden = true;
	add_conn(&t, 6, 2)->owners_hidden = true;
	add_conn(&t, 0, 3);
	owners_warn_hidden(&t, &st, &w);
	assert_int_equal(w.len, 1);
	assert_string_equal(w.msgs[0], "owners of 2 sockets are hidden ('?'): 2 processes are not "
				       "readable by this user; root sees them");
	conntable_free(&t);
	warnings_free(&w);
}

static void test_missing_root(void **state)
{
	struct conntable t;
	struct warnings w;
	struct owners_stats st;
	(void)state;

	conntable_init(&t);
	warnings_init(&w);
	add_conn(&t, 1000, 22);
	assert_int_equal(owners_enrich(&t, "/nonexistent/proc", false, NULL, &st, NULL), -2);
	assert_int_equal(t.conns[0].owner_count, 0);
	/* Unknown, not "held by nobody": hidden, and the note says why. */
	assert_true(t.conns[0].owners_hidden);
	owners_warn_hidden(&t, &st, &w);
	assert_int_equal(w.len, 1);
	assert_string_equal(w.msgs[0], "owners of 1 socket are hidden ('?'): processes could not "
				       "be listed: No such file or directory");
	conntable_free(&t);
	warnings_free(&w);
}

/* Many sockets and processes: every socket finds its one owner (the hash never loses one). */
static void test_many(void **state)
{
	struct conntable t;
	struct warnings w;
	struct owners_stats st;
	char target[64];
	size_t i;
	(void)state;

	conntable_init(&t);
	warnings_init(&w);
	make_proc(3000, "farm\n", NULL);
	make_proc(3001, "farm2\n", NULL);
	for (i = 0; i < 3000; i++) {
		/* Inodes with a common stride stress the hash's spreading. */
		uint64_t ino = 100000 + i * 4096;

		add_conn(&t, ino, (uint16_t)i);
		(void)snprintf(target, sizeof(target), "socket:[%llu]", (unsigned long long)ino);
		make_fd(i % 2 ? 3001 : 3000, (int)i + 10, target);
	}
	assert_int_equal(owners_enrich(&t, root, false, NULL, &st, NULL), 0);
	for (i = 0; i < t.len; i++) {
		assert_int_equal(t.conns[i].owner_count, 1);
		assert_int_equal(t.owners[t.conns[i].owner_first].pid, i % 2 ? 3001 : 3000);
	}
	conntable_free(&t);
	warnings_free(&w);
}

static void test_socket_link(void **state)
{
	uint64_t ino = 0;
	(void)state;

	assert_true(owners_parse_socket_link("socket:[42]", 11, &ino));
	assert_int_equal(ino, 42);
	/* Socket inodes are 32 bits (get_next_ino); lib/number's range ends at LLONG_MAX. */
	assert_true(owners_parse_socket_link("socket:[9223372036854775807]", 28, &ino));
	assert_true(ino == INT64_MAX);
	assert_false(owners_parse_socket_link("socket:[18446744073709551615]", 29, &ino));
	assert_false(owners_parse_socket_link("socket:[0]", 10, &ino));
	assert_false(owners_parse_socket_link("socket:[+5]", 11, &ino));
	assert_false(owners_parse_socket_link("socket:[]", 9, &ino));
	assert_false(owners_parse_socket_link("socket:[12a]", 12, &ino));
	assert_false(owners_parse_socket_link("pipe:[12]", 9, &ino));
	assert_false(owners_parse_socket_link("socket:[99999999999999999999]", 29, &ino));
	assert_false(owners_parse_socket_link("anon_inode:[eventpoll]", 22, &ino));
}

/* A process with one socket (inode), comm, and optionally an exe link and a cmdline. */
static void make_named(int pid, const char *comm, const char *exe, const char *cmdline,
		       size_t cmdline_len, uint64_t inode)
{
	char rel[512], target[64];

	make_proc(pid, comm, NULL);
	if (exe != NULL) {
		(void)snprintf(rel, sizeof(rel), "%s/%d/exe", root, pid);
		assert_int_equal(symlink(exe, rel), 0);
	}
	if (cmdline != NULL) {
		(void)snprintf(rel, sizeof(rel), "%d/cmdline", pid);
		put_bytes(rel, cmdline, cmdline_len);
	}
	(void)snprintf(target, sizeof(target), "socket:[%llu]", (unsigned long long)inode);
	make_fd(pid, 3, target);
}

static const char *command_of(const struct conntable *t, const struct conn *c)
{
	assert_int_equal(c->owner_count, 1);
	return conntable_str(t, t->owners[c->owner_first].command);
}

/* The full name of a process whose comm the kernel cut at 15 bytes. */
static void test_full_command(void **state)
{
	static const char script[] = "/opt/pst-long-command-name\0/srv/app.py\0";
	static const char status[] = "abcdefghijklmno: master process\0";
	struct conntable t;
	struct warnings w;
	struct owners_stats st;
	(void)state;

	conntable_init(&t);
	warnings_init(&w);
	/* The exe link names it (the kernel's, the process cannot rewrite it). */
	make_named(1300, "systemd-resolve\n", "/usr/lib/systemd/systemd-resolved", NULL, 0, 6000);
	/* A script: the exe is the interpreter, argv[0] the name it was started under. */
	make_named(1301, "pst-long-comman\n", "/usr/bin/python3.11", script, sizeof(script) - 1,
		   6001);
	/* Not cut: comm is the name. */
	make_named(1302, "short\n", "/usr/bin/shortcut", NULL, 0, 6002);
	/* An executable replaced on disk. */
	make_named(1303, "systemd-resolve\n", "/usr/lib/systemd/systemd-resolved (deleted)", NULL,
		   0, 6003);
	/* Neither extends comm (a symlinked exe, argv[0] rewritten as a status): comm alone. */
	make_named(1304, "abcdefghijklmno\n", "/usr/bin/other", status, sizeof(status) - 1, 6004);
	add_conn(&t, 6000, 53);
	add_conn(&t, 6001, 54);
	add_conn(&t, 6002, 55);
	add_conn(&t, 6003, 56);
	add_conn(&t, 6004, 57);
	assert_int_equal(owners_enrich(&t, root, false, NULL, &st, NULL), 0);
	assert_string_equal(command_of(&t, &t.conns[0]), "systemd-resolved");
	assert_string_equal(comm_of(&t, &t.conns[0], 0), "systemd-resolve");
	assert_string_equal(command_of(&t, &t.conns[1]), "pst-long-command-name");
	assert_string_equal(command_of(&t, &t.conns[2]), "");
	assert_string_equal(command_of(&t, &t.conns[3]), "systemd-resolved");
	assert_string_equal(command_of(&t, &t.conns[4]), "");
	conntable_free(&t);
	warnings_free(&w);
}

/* --command matches comm or the full name, nothing in between. */
static void test_command_filter(void **state)
{
	struct conntable t;
	struct query q;
	struct conn *c;
	char msg[256];
	(void)state;

	conntable_init(&t);
	c = conntable_append(&t);
	c->proto = PROTO_TCP;
	c->family = AF_INET;
	c->inode = 6000;
	c->owner_first =
	    conntable_add_owner(&t, 1300, conntable_intern(&t, "systemd-resolve", 15), 0);
	t.owners[c->owner_first].command = conntable_intern(&t, "systemd-resolved", 16);
	c->owner_count = 1;
	const char *yes[] = {"systemd-resolved", "systemd-resolve", "x,systemd-resolved"};
	const char *no[] = {"systemd-resolv", "systemd-resolvedd", "systemd"};
	size_t i;

	for (i = 0; i < 3; i++) {
		query_init(&q);
		assert_int_equal(query_add(&q, FARG_COMMAND, yes[i], NULL, msg, sizeof(msg)), 0);
		assert_true(query_match(&q, &t, c));
		query_free(&q);
		query_init(&q);
		assert_int_equal(query_add(&q, FARG_COMMAND, no[i], NULL, msg, sizeof(msg)), 0);
		assert_false(query_match(&q, &t, c));
		query_free(&q);
	}
	/* An option or a FILTER taken as a name, also inside a list. */
	query_init(&q);
	assert_int_equal(query_add(&q, FARG_COMMAND, "nginx,:80", NULL, msg, sizeof(msg)), -EINVAL);
	assert_string_equal(msg, "bad filter '--command nginx,:80': a program name, not an option "
				 "or a filter");
	query_free(&q);
	conntable_free(&t);
}

/* The notes: '+?' sockets, and an owner query that may have missed sockets. */
static void test_partly_hidden_notes(void **state)
{
	struct conntable t;
	struct warnings w;
	struct owners_stats st = {.processes = 10, .hidden_processes = 3};
	struct conn *c;
	(void)state;

	conntable_init(&t);
	warnings_init(&w);
	c = add_conn(&t, 5, 1);
	c->owner_first = conntable_add_owner(&t, 700, conntable_intern(&t, "x", 1), 0);
	c->owner_count = 1;
	c->owners_hidden = true;
	owners_warn_hidden(&t, &st, &w);
	assert_int_equal(w.len, 1);
	assert_string_equal(w.msgs[0], "1 socket may have owners not shown ('+?'): 3 processes are "
				       "not readable by this user; root sees them");
	add_conn(&t, 6, 2)->owners_hidden = true;
	owners_warn_hidden(&t, &st, &w);
	assert_int_equal(w.len, 2);
	assert_string_equal(w.msgs[1], "owners of 1 socket are hidden ('?') and 1 more may have "
				       "owners not shown ('+?'): 3 processes are not readable by "
				       "this user; root sees them");
	owners_warn_query(0, &st, &w);
	assert_int_equal(w.len, 2);
	owners_warn_query(2, &st, &w);
	assert_int_equal(w.len, 3);
	assert_string_equal(w.msgs[2],
			    "--pid/--command/--container may have missed 2 sockets whose "
			    "owners are "
			    "hidden: 3 processes are not readable by this user; root "
			    "sees them");
	conntable_free(&t);
	warnings_free(&w);
}

static const char *unit_of(const char *text)
{
	static char out[256];

	out[0] = '\0';
	(void)systemd_parse_cgroup(text, strlen(text), out, sizeof(out));
	return out;
}

static void test_cgroup_units(void **state)
{
	(void)state;
	assert_string_equal(unit_of("0::/system.slice/sshd.service\n"), "sshd.service");
	assert_string_equal(unit_of("0::/init.scope\n"), "init.scope");
	assert_string_equal(unit_of("0::/user.slice/user-1000.slice/session-3.scope\n"),
			    "session-3.scope");
	assert_string_equal(
	    unit_of("0::/user.slice/user-1000.slice/user@1000.service/app.slice/foo.service\n"),
	    "foo.service");
	assert_string_equal(
	    unit_of("0::/system.slice/docker-"
		    "3f4e5d6c7b8a91a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081920.scope\n"),
	    "docker-3f4e5d6c7b8a");
	assert_string_equal(
	    unit_of("12:name=systemd:/docker/"
		    "3f4e5d6c7b8a91a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081920\n"
		    "11:memory:/docker/3f4e\n"),
	    "docker-3f4e5d6c7b8a");
	assert_string_equal(unit_of("0::/machine.slice/libpod-"
				    "aabbccddeeff00112233445566778899aabbccddeeff001122334455667788"
				    "99.scope/container\n"),
			    "libpod-aabbccddeeff");
	assert_string_equal(
	    unit_of("0::/kubepods.slice/kubepods-besteffort.slice/"
		    "kubepods-besteffort-pod0f1e2d3c_4b5a_6978_8796_a5b4c3d2e1f0.slice/"
		    "cri-containerd-"
		    "0011223344556677889900112233445566778899001122334455667788990011.scope\n"),
	    "pod0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
	assert_string_equal(unit_of("0::/kubepods/burstable/pod1234-abcd/0123456789abcdef\n"),
			    "pod1234-abcd");
	assert_string_equal(unit_of("0::/\n"), "");
	assert_string_equal(unit_of("9:name=systemd:/\n0::/\n"), "");
	assert_string_equal(unit_of("4:memory:/x.service\n"), "");
	assert_string_equal(unit_of("garbage"), "");
	assert_string_equal(unit_of(""), "");
}

static void test_socket_units(void **state)
{
	struct systemd_sockets u;
	struct conntable t;
	struct conn *c;
	const char *const dirs[] = {"/etc/systemd/system", "/lib/systemd/system", NULL};
	char dir[512];
	(void)state;

	(void)snprintf(dir, sizeof(dir), "%s/etc", root);
	assert_int_equal(mkdir(dir, 0755), 0);
	(void)snprintf(dir, sizeof(dir), "%s/etc/systemd", root);
	assert_int_equal(mkdir(dir, 0755), 0);
	(void)snprintf(dir, sizeof(dir), "%s/etc/systemd/system", root);
	assert_int_equal(mkdir(dir, 0755), 0);
	put_file("etc/systemd/system/cups.socket",
		 "[Socket]\nListenStream=/run/cups/cups.sock\nListenStream=631\n");
	put_file("etc/systemd/system/dns.socket", "[Socket]\nListenDatagram=127.0.0.1:53\n"
						  "ListenStream=[::1]:53\nListenStream=bogus:x\n");
	put_file("etc/systemd/system/notes.txt", "ListenStream=1\n");
	assert_int_equal(systemd_sockets_load(&u, root, dirs), 4);

	conntable_init(&t);
	c = add_conn(&t, 1, 631);
	assert_string_equal(systemd_sockets_match(&u, &t, c), "cups.socket");
	c->proto = PROTO_UDP;
	assert_null(systemd_sockets_match(&u, &t, c));
	c->local.port = 53;
	c->local.addr[0] = 127;
	c->local.addr[3] = 1;
	assert_string_equal(systemd_sockets_match(&u, &t, c), "dns.socket");
	c->local.addr[3] = 2;
	assert_null(systemd_sockets_match(&u, &t, c));
	c = conntable_append(&t);
	c->proto = PROTO_UNIX;
	c->family = AF_UNIX;
	c->path = conntable_intern(&t, "/run/cups/cups.sock", 19);
	c->path_len = 19;
	assert_string_equal(systemd_sockets_match(&u, &t, c), "cups.socket");

	/* PID 1 alone holds 631: the .socket unit names it. */
	c = add_conn(&t, 9, 631);
	c->owner_first = conntable_add_owner(&t, 1, 0, conntable_intern(&t, "init.scope", 10));
	c->owner_count = 1;
	systemd_activation_enrich(&t, &u);
	assert_string_equal(conntable_str(&t, t.owners[c->owner_first].unit), "cups.socket");
	conntable_free(&t);
	systemd_sockets_free(&u);
}

/*
 * A PID can be reused between the fd scan and the cgroup read: the
 * container must come from the directory the scan opened, not from
 * whatever process has that PID by then.  The tree's PID directory is
 * replaced after it is opened, as a new process with the same PID would
 * replace it.
 */
static void test_container_from_opened_pid_dir(void **state)
{
	static const char old_id[] =
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char old[512], cur[512];
	const struct container_info *info = NULL;
	struct containers cs;
	int pidfd;
	(void)state;

	make_proc(4242, "old\n",
		  "0::/system.slice/docker-0123456789abcdef0123456789abcdef"
		  "0123456789abcdef0123456789abcdef.scope\n");
	(void)snprintf(cur, sizeof(cur), "%s/4242", root);
	(void)snprintf(old, sizeof(old), "%s/4242.gone", root);
	pidfd = open(cur, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(pidfd >= 0);
	assert_int_equal(rename(cur, old), 0);
	make_proc(4242, "new\n", "0::/system.slice/new.service\n");

	containers_init(&cs, root); /* no runtime files there: the id alone */
	assert_int_equal(containers_of_pid(&cs, pidfd, &info, NULL), 1);
	assert_string_equal(info->id, old_id);
	containers_free(&cs);
	assert_int_equal(close(pidfd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_owners),
	    cmocka_unit_test(test_hidden_note),
	    cmocka_unit_test(test_missing_root),
	    cmocka_unit_test(test_many),
	    cmocka_unit_test(test_socket_link),
	    cmocka_unit_test(test_cgroup_units),
	    cmocka_unit_test(test_socket_units),
	    cmocka_unit_test(test_container_from_opened_pid_dir),
	    cmocka_unit_test(test_full_command),
	    cmocka_unit_test(test_command_filter),
	    cmocka_unit_test(test_partly_hidden_notes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
