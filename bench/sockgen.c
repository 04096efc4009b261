/*
 * sockgen.c - builds a socket population for benchmarks and holds it.
 *
 * Run it in a network namespace of its own (bench/run.sh does): every
 * socket lives on loopback, and the tools measured then see this
 * population and nothing else.
 *
 *   sockgen -s 100000            ~100k TCP sockets plus UDP and unix ones
 *   sockgen -4 N -6 M -H K -u U -x X -P P
 *
 * What it makes (counts are totals over all workers):
 *   -4 N   N IPv4 TCP pairs 127.0.0.1 -> 127.0.0.1: 2N ESTABLISHED sockets
 *   -6 N   N IPv6 TCP pairs over ::1
 *   -H N   N half-closed IPv4 pairs (client shut down its writing side):
 *          N FIN_WAIT2 + N CLOSE_WAIT sockets, stable while held
 *   -u N   N UDP sockets on 127.0.0.1, every second one connected
 *   -x N   N unix stream pairs through an abstract-name listener per worker
 *   -l N   N extra idle TCP listeners
 *   -P N   at least N worker processes
 *   -s S   preset for about S TCP sockets: 0.4S v4 pairs, 0.09S v6 pairs,
 *          S/100 half-closed pairs, S/20 UDP, S/40 unix pairs, S/5000 listeners
 * Worker 0 also runs a listener on port 443 with a few connections, so that
 * a single-port query has something to find.
 *
 * Workers: one process may hold only so many descriptors (RLIMIT_NOFILE),
 * so the population is split over enough processes to stay below it; each
 * worker also owns listeners of its own, so per-process owner lookups see
 * realistic fd tables.  Each worker connects a client and accepts it at
 * once: the accept queue never fills and no connection waits for a retry.
 *
 * When every worker holds its share, the parent prints one line
 * "ready SOCKETS PROCS" on stdout.  SIGTERM or SIGINT stops it: it stops
 * its workers by PID and exits 0.  Sockets close with SO_LINGER 0 (reset, no TIME_WAIT), so a
 * namespace can be reused after it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* Descriptors per worker: below this machine's hard limit of 20000, with room. */
#define FDS_PER_WORKER 16000
/* Connections per listener port: well below the ephemeral range's 28k ports. */
#define PAIRS_PER_PORT 8000
/* Listener ports lie below the ephemeral range; each worker has its own 100. */
#define LISTEN_PORT_BASE 10000
#define PORTS_PER_WORKER 100
/* Connections to :443 in worker 0, for the single-port query. */
#define HTTPS_PAIRS 16

struct share {
	long v4, v6, half, udp, unx, listeners;
};

static void die(const char *what)
{
	fprintf(stderr, "sockgen: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Closing with linger 0 sends a reset: nothing lingers in TIME_WAIT. */
static void no_linger(int fd)
{
	struct linger l = {1, 0};

	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
}

static socklen_t loopback(int family, unsigned port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;

		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(*a);
	}
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

	a6->sin6_family = AF_INET6;
	a6->sin6_port = htons((uint16_t)port);
	a6->sin6_addr = in6addr_loopback;
	return sizeof(*a6);
}

static int tcp_listener(int family, unsigned port)
{
	struct sockaddr_storage ss;
	socklen_t len = loopback(family, port, &ss);
	int one = 1, fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die("socket");
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) < 0)
		die("bind (listener)");
	if (listen(fd, 1024) < 0)
		die("listen");
	return fd;
}

/* One connected pair through listener lfd; shut_client half-closes it. */
static void tcp_pair(int family, int lfd, unsigned port, int shut_client)
{
	struct sockaddr_storage ss;
	socklen_t len = loopback(family, port, &ss);
	int c = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0), s;

	if (c < 0)
		die("socket");
	if (connect(c, (struct sockaddr *)&ss, len) < 0)
		die("connect");
	s = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (s < 0)
		die("accept");
	no_linger(c);
	no_linger(s);
	if (shut_client && shutdown(c, SHUT_WR) < 0)
		die("shutdown");
}

/* n pairs of one family, PAIRS_PER_PORT per listener port. */
static void tcp_pairs(int family, long n, unsigned *next_port, int shut_client)
{
	while (n > 0) {
		long k = n < PAIRS_PER_PORT ? n : PAIRS_PER_PORT;
		unsigned port = (*next_port)++;
		int lfd = tcp_listener(family, port);

		for (; k > 0; k--, n--)
			tcp_pair(family, lfd, port, shut_client);
	}
}

static void udp_sockets(long n)
{
	struct sockaddr_storage ss, prev;
	socklen_t len = 0;
	long i;

	for (i = 0; i < n; i++) {
		int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

		if (fd < 0)
			die("socket (udp)");
		len = loopback(AF_INET, 0, &ss);
		if (bind(fd, (struct sockaddr *)&ss, len) < 0)
			die("bind (udp)");
		/* Every second socket is connected to the one before it. */
		if (i % 2 == 1 && connect(fd, (struct sockaddr *)&prev, len) < 0)
			die("connect (udp)");
		len = sizeof(prev);
		if (getsockname(fd, (struct sockaddr *)&prev, &len) < 0)
			die("getsockname");
	}
}

static void unix_pairs(long n, int worker)
{
	struct sockaddr_un a;
	socklen_t len;
	int lfd;

	if (n == 0)
		return;
	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	/* Abstract name (leading NUL): nothing to clean up on the file system. */
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			  (size_t)snprintf(a.sun_path + 1, sizeof(a.sun_path) - 1, "sockgen-%d-%d",
					   (int)getppid(), worker));
	lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0)
		die("socket (unix)");
	if (bind(lfd, (struct sockaddr *)&a, len) < 0 || listen(lfd, 1024) < 0)
		die("bind/listen (unix)");
	for (; n > 0; n--) {
		int c = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (c < 0 || connect(c, (struct sockaddr *)&a, len) < 0)
			die("connect (unix)");
		if (accept4(lfd, NULL, NULL, SOCK_CLOEXEC) < 0)
			die("accept (unix)");
	}
}

static long fds_of(const struct share *s)
{
	return 2 * (s->v4 + s->v6 + s->half) + s->udp + 2 * s->unx + s->listeners +
	       (s->v4 + s->v6 + s->half) / PAIRS_PER_PORT + 8;
}

static void raise_fd_limit(long need)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		die("getrlimit");
	if (rl.rlim_cur < (rlim_t)need + 64) {
		rl.rlim_cur = rl.rlim_max < (rlim_t)need + 64 ? rl.rlim_max : (rlim_t)need + 64;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			die("setrlimit");
	}
}

/* A worker builds its share, reports on fd report, then sleeps until killed. */
static void worker(int id, const struct share *s, int report)
{
	unsigned port = LISTEN_PORT_BASE + (unsigned)id * PORTS_PER_WORKER;
	long i;
	char ok = 1;

	(void)signal(SIGTERM, SIG_DFL);
	(void)signal(SIGINT, SIG_DFL);
	(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
	raise_fd_limit(fds_of(s));
	tcp_pairs(AF_INET, s->v4, &port, 0);
	tcp_pairs(AF_INET6, s->v6, &port, 0);
	tcp_pairs(AF_INET, s->half, &port, 1);
	for (i = 0; i < s->listeners; i++)
		(void)tcp_listener(i % 4 == 3 ? AF_INET6 : AF_INET, port++);
	if (id == 0) {
		int lfd = tcp_listener(AF_INET, 443);

		for (i = 0; i < HTTPS_PAIRS; i++)
			tcp_pair(AF_INET, lfd, 443, 0);
	}
	udp_sockets(s->udp);
	unix_pairs(s->unx, id);
	if (write(report, &ok, 1) != 1)
		die("write (report)");
	(void)close(report);
	for (;;)
		pause();
}

/* Worker w's part of total: the first total % n workers take one more. */
static long part(long total, int n, int w)
{
	return total / n + (w < total % n ? 1 : 0);
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static long number(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0) {
		fprintf(stderr, "sockgen: not a count: %s\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	struct share all = {0, 0, 0, 0, 0, 0};
	int procs = 1, opt, i, fds[2], started = 0;
	struct sigaction sa;
	sigset_t block, old;
	pid_t *pids;
	long total;
	char ok;

	while ((opt = getopt(argc, argv, "4:6:H:u:x:l:P:s:")) != -1) {
		long v = number(optarg);

		switch (opt) {
		case '4':
			all.v4 = v;
			break;
		case '6':
			all.v6 = v;
			break;
		case 'H':
			all.half = v;
			break;
		case 'u':
			all.udp = v;
			break;
		case 'x':
			all.unx = v;
			break;
		case 'l':
			all.listeners = v;
			break;
		case 'P':
			procs = (int)v;
			break;
		case 's':
			all.v4 = v * 2 / 5;
			all.v6 = v * 9 / 100;
			all.half = v / 100;
			all.udp = v / 20;
			all.unx = v / 40;
			all.listeners = v / 5000;
			break;
		default:
			fprintf(stderr, "usage: sockgen [-s SCALE] [-4 N] [-6 N] [-H N] [-u N] "
					"[-x N] [-l N] [-P PROCS]\n");
			return 2;
		}
	}
	total = fds_of(&all);
	if (procs < 1)
		procs = 1;
	while (total / procs > FDS_PER_WORKER)
		procs++;
	if (procs > 99) {
		fprintf(stderr, "sockgen: population too large\n");
		return 2;
	}
	if (pipe2(fds, O_CLOEXEC) < 0)
		die("pipe");
	pids = calloc((size_t)procs, sizeof(*pids));
	if (pids == NULL)
		die("calloc");
	/* No SA_RESTART: a signal must interrupt the wait for the workers. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	for (i = 0; i < procs; i++) {
		struct share s = {part(all.v4, procs, i),   part(all.v6, procs, i),
				  part(all.half, procs, i), part(all.udp, procs, i),
				  part(all.unx, procs, i),  part(all.listeners, procs, i)};

		pids[i] = fork();
		if (pids[i] < 0)
			die("fork");
		if (pids[i] == 0) {
			(void)close(fds[0]);
			worker(i, &s, fds[1]);
		}
	}
	(void)close(fds[1]);
	/* One byte per worker that finished; EOF early means one died. */
	while (started < procs && !stop && read(fds[0], &ok, 1) == 1)
		started++;
	if (started == procs) {
		total = 2 * (all.v4 + all.v6 + all.half + HTTPS_PAIRS) + all.udp + 2 * all.unx;
		printf("ready %ld %d\n", total, procs);
		fflush(stdout);
		/* Blocked between the test and the wait, so no signal is lost. */
		sigemptyset(&block);
		sigaddset(&block, SIGTERM);
		sigaddset(&block, SIGINT);
		(void)sigprocmask(SIG_BLOCK, &block, &old);
		while (!stop)
			(void)sigsuspend(&old);
	} else if (!stop) {
		fprintf(stderr, "sockgen: a worker failed\n");
	}
	for (i = 0; i < procs; i++)
		(void)kill(pids[i], SIGTERM);
	for (i = 0; i < procs; i++)
		(void)waitpid(pids[i], NULL, 0);
	free(pids);
	return started == procs ? 0 : 1;
}
