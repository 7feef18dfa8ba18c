/* SPDX-License-Identifier: MIT */
/*
 * holdconns N PORT - holds N established TCP connections on loopback: a
 * server process accepts them and a client process opens them (two
 * processes, so that each stays within the open-files limit). Prints
 * "ready PID" (its own pid, whatever wrapper started it) when all are up,
 * then waits for SIGTERM (at most 600 s); the server dies with it.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void raise_nofile(long n)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)n + 64) {
		rl.rlim_cur = rl.rlim_max < (rlim_t)n + 64 ? rl.rlim_max : (rlim_t)n + 64;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return fprintf(stderr, "usage: holdconns N PORT\n"), 2;
	long n = atol(argv[1]);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2])) };
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	raise_nofile(n);
	alarm(600);

	int one = 1, ls = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(ls, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(ls, 4096) < 0)
		return perror("holdconns: listen"), 1;
	pid_t server = fork();
	if (server == 0) {
		/* never outlive the client, however it ends */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			return 1;
		for (long i = 0; i < n; i++)
			if (accept(ls, NULL, NULL) < 0)
				return perror("holdconns: accept"), 1;
		pause();
		return 0;
	}
	close(ls);
	for (long i = 0; i < n; i++) {
		int s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0)
			return perror("holdconns: connect"), kill(server, SIGTERM), 1;
		/* a few bytes each, so that every socket has counters to read */
		if (write(s, "x", 1) != 1)
			return perror("holdconns: write"), kill(server, SIGTERM), 1;
	}
	printf("ready %ld\n", (long)getpid());
	fflush(stdout);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGALRM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	int sig;
	sigwait(&set, &sig);
	kill(server, SIGTERM);
	waitpid(server, NULL, 0);
	return 0;
}
