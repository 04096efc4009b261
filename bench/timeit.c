/*
 * timeit.c - runs one command once and prints what it cost.
 *
 *   timeit [-t SECONDS] [-o FILE] -- COMMAND [ARG...]
 *
 * Prints one line: "WALL_MS USER_MS SYS_MS MAXRSS_KB STATUS", where WALL_MS
 * runs from fork to the end of wait4 (so exec and exit are counted, as a
 * person typing the command pays them), MAXRSS_KB is the child's peak
 * resident set from wait4's rusage, and STATUS is the exit status, or
 * 128+N for a signal, or "timeout" when -t ran out (the child is then
 * killed).  The command's standard output goes to FILE (default
 * /dev/null); its standard error to /dev/null.
 *
 * bench/run.sh calls it once per command and repetition, interleaving the
 * commands, so that drift on a shared machine hits every command alike.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;

	(void)clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static double tv_ms(struct timeval tv)
{
	return (double)tv.tv_sec * 1e3 + (double)tv.tv_usec / 1e3;
}

static void child(char **argv, const char *out)
{
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int null = open("/dev/null", O_WRONLY);

	if (fd < 0 || null < 0 || dup2(fd, STDOUT_FILENO) < 0 || dup2(null, STDERR_FILENO) < 0)
		_exit(126);
	execvp(argv[0], argv);
	_exit(127);
}

static volatile pid_t victim;
static volatile sig_atomic_t timed_out;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
	(void)kill(victim, SIGKILL);
}

int main(int argc, char **argv)
{
	const char *out = "/dev/null";
	double limit_ms = 0, wall;
	struct timespec t0;
	struct rusage ru;
	int opt, status = 0;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+t:o:")) != -1) {
		switch (opt) {
		case 't':
			limit_ms = atof(optarg) * 1e3;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			fprintf(stderr,
				"usage: timeit [-t SECONDS] [-o FILE] -- COMMAND [ARG...]\n");
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "timeit: no command\n");
		return 2;
	}
	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("timeit: fork");
		return 1;
	}
	if (pid == 0)
		child(argv + optind, out);
	if (limit_ms > 0) {
		long long us = (long long)(limit_ms * 1e3);
		struct itimerval it;
		struct sigaction sa;

		memset(&it, 0, sizeof(it));
		it.it_value.tv_sec = (time_t)(us / 1000000);
		it.it_value.tv_usec = (suseconds_t)(us % 1000000);

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_alarm;
		victim = pid;
		(void)sigaction(SIGALRM, &sa, NULL);
		(void)setitimer(ITIMER_REAL, &it, NULL);
	}
	/* Blocking wait: the timer's handler kills the child if it overstays. */
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("timeit: wait4");
			return 1;
		}
	}
	wall = ms_since(&t0);
	printf("%.3f %.3f %.3f %ld ", wall, tv_ms(ru.ru_utime), tv_ms(ru.ru_stime), ru.ru_maxrss);
	if (timed_out)
		printf("timeout\n");
	else if (WIFSIGNALED(status))
		printf("%d\n", 128 + WTERMSIG(status));
	else
		printf("%d\n", WEXITSTATUS(status));
	return 0;
}
