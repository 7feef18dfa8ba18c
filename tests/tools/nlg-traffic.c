/* SPDX-License-Identifier: MIT */
/*
 * nlg-traffic - a small, exact traffic generator for netledger's tests.
 *
 *   nlg-traffic sink ADDR PORT [--timeout S]
 *       accept TCP connections on ADDR:PORT (and read UDP datagrams on the
 *       same port); print the total bytes received when stopped (SIGTERM)
 *       or after --once when the first TCP peer closes.
 *   nlg-traffic send ADDR PORT BYTES [--connections N] [--timeout S]
 *                    [--child BYTES] [--child-rate B] [--linger S]
 *       open N TCP connections one after another, sending exactly BYTES on
 *       each, and wait for the peer to close each one. --child also has a
 *       child process send BYTES on a connection of its own (at most
 *       --child-rate bytes per second); --linger stays alive S seconds
 *       after the last byte (so that a monitor can still see the process);
 *       --hold MS keeps each connection open MS milliseconds after its bytes.
 *   --rate B (send and udp): at most B bytes per second.
 *   --name HEX: names the process (its comm, as prctl(PR_SET_NAME) sets it:
 *       the kernel keeps 15 bytes) with the bytes HEX spells, so that tests
 *       can give it names with control bytes or broken UTF-8.
 *   nlg-traffic udp ADDR PORT BYTES [--size N] [--per-socket K]
 *       send BYTES of UDP payload in datagrams of N bytes (default 1000),
 *       from a new socket every K datagrams (default: one socket).
 *
 * Every run is bounded by --timeout (default 60 s): it never loops forever.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static unsigned long long rate; /* bytes per second, 0: as fast as possible */
static unsigned hold_ms;        /* send: keep each connection open this long after its bytes */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sleeps until sent bytes are due at the rate, counted from start. */
static void pace(double start, unsigned long long sent)
{
	if (!rate)
		return;
	double due = start + (double)sent / (double)rate, left = due - now_s();
	if (left > 0)
		usleep((useconds_t)(left * 1e6));
}

/* Return: 0 after naming the process with the bytes hex spells, or -1. */
static int set_name(const char *hex)
{
	char name[64] = { 0 };
	size_t n = strlen(hex);
	if (n % 2 || n / 2 >= sizeof(name))
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned v;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1 || !v)
			return -1;
		name[i] = (char)v;
	}
	return prctl(PR_SET_NAME, name, 0, 0, 0) ? -1 : 0;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int parse_addr(const char *addr, const char *port, struct sockaddr_storage *ss,
		      socklen_t *len)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	long p = strtol(port, NULL, 10);
	memset(ss, 0, sizeof(*ss));
	if (p <= 0 || p > 65535)
		return -1;
	if (inet_pton(AF_INET, addr, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)p);
		*len = sizeof(*in4);
		return 0;
	}
	if (inet_pton(AF_INET6, addr, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)p);
		*len = sizeof(*in6);
		return 0;
	}
	return -1;
}

static int sink(const struct sockaddr_storage *ss, socklen_t len, int once)
{
	int one = 1;
	int ls = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (ls < 0 || setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(ls, (const struct sockaddr *)ss, len) < 0 || listen(ls, 128) < 0) {
		perror("nlg-traffic: listen");
		return 1;
	}
	int us = socket(ss->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (us < 0 || bind(us, (const struct sockaddr *)ss, len) < 0) {
		perror("nlg-traffic: udp bind");
		return 1;
	}
	unsigned long long udp_total = 0;
	/* Tell the test we are ready. */
	printf("ready\n");
	fflush(stdout);
	unsigned long long total = 0;
	static char buf[1 << 16];
	while (!stop) {
		struct pollfd pfd[2] = { { .fd = ls, .events = POLLIN }, { .fd = us, .events = POLLIN } };
		if (poll(pfd, 2, 200) <= 0)
			continue;
		if (pfd[1].revents & POLLIN) {
			ssize_t n = recv(us, buf, sizeof(buf), 0);
			if (n > 0)
				udp_total += (unsigned long long)n;
		}
		if (!(pfd[0].revents & POLLIN))
			continue;
		int c = accept(ls, NULL, NULL);
		if (c < 0)
			continue;
		for (;;) {
			ssize_t n = read(c, buf, sizeof(buf));
			if (n < 0 && errno == EINTR && !stop)
				continue;
			if (n <= 0)
				break;
			total += (unsigned long long)n;
		}
		close(c);
		if (once)
			break;
	}
	close(ls);
	close(us);
	printf("received %llu\n", total);
	printf("udp %llu\n", udp_total);
	return 0;
}

static int send_one(const struct sockaddr_storage *ss, socklen_t len, unsigned long long bytes)
{
	static char buf[1 << 16];
	int s = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || connect(s, (const struct sockaddr *)ss, len) < 0) {
		perror("nlg-traffic: connect");
		return -1;
	}
	memset(buf, 'n', sizeof(buf));
	double start = now_s();
	unsigned long long sent = 0;
	while (bytes > 0 && !stop) {
		size_t chunk = bytes < sizeof(buf) ? (size_t)bytes : sizeof(buf);
		pace(start, sent);
		ssize_t n = write(s, buf, chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			perror("nlg-traffic: write");
			close(s);
			return -1;
		}
		bytes -= (unsigned long long)n;
		sent += (unsigned long long)n;
	}
	/* --hold: the connection stays open (and visible to a sample). */
	for (unsigned t = 0; t < hold_ms / 10 && !stop; t++)
		usleep(10000);
	/* Half-close and wait for the peer's close, so the bytes have left. */
	shutdown(s, SHUT_WR);
	while (!stop && read(s, buf, sizeof(buf)) > 0)
		;
	close(s);
	return bytes == 0 ? 0 : -1;
}

static unsigned long per_socket; /* datagrams per UDP socket, 0: one socket */

static int udp_send(const struct sockaddr_storage *ss, socklen_t len, unsigned long long bytes,
		    size_t size)
{
	static char buf[65507];
	if (size == 0 || size > sizeof(buf))
		return -1;
	memset(buf, 'u', sizeof(buf));
	double start = now_s();
	unsigned long long sent = 0;
	unsigned long on_socket = 0;
	int s = -1;
	while (bytes > 0 && !stop) {
		if (s < 0 && (s = socket(ss->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
			return -1;
		size_t n = bytes < size ? (size_t)bytes : size;
		pace(start, sent);
		if (sendto(s, buf, n, 0, (const struct sockaddr *)ss, len) < 0) {
			if (errno == ENOBUFS || errno == EAGAIN) {
				usleep(1000);
				continue;
			}
			perror("nlg-traffic: sendto");
			close(s);
			return -1;
		}
		bytes -= n;
		sent += n;
		if (per_socket && ++on_socket == per_socket) {
			close(s);
			s = -1;
			on_socket = 0;
		}
		/* without a rate, pace a little so the receiver keeps up */
		if (!rate)
			usleep(50);
	}
	if (s >= 0)
		close(s);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	unsigned timeout = 60;
	long connections = 1;
	int once = 0;
	unsigned long long child = 0;
	unsigned long long child_rate = 0;
	unsigned linger = 0;
	size_t dgram = 1000;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
			timeout = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--connections") && i + 1 < argc)
			connections = strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--once"))
			once = 1;
		else if (!strcmp(argv[i], "--child") && i + 1 < argc)
			child = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--child-rate") && i + 1 < argc)
			child_rate = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--linger") && i + 1 < argc)
			linger = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--hold") && i + 1 < argc)
			hold_ms = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--rate") && i + 1 < argc)
			rate = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--size") && i + 1 < argc)
			dgram = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--per-socket") && i + 1 < argc)
			per_socket = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--name") && i + 1 < argc && set_name(argv[++i]) < 0)
			goto usage;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGALRM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	alarm(timeout);

	if (argc >= 4 && !strcmp(argv[1], "sink")) {
		if (parse_addr(argv[2], argv[3], &ss, &len) < 0)
			goto usage;
		return sink(&ss, len, once);
	}
	if (argc >= 5 && !strcmp(argv[1], "udp")) {
		char *end;
		unsigned long long bytes = strtoull(argv[4], &end, 10);
		if (*end || parse_addr(argv[2], argv[3], &ss, &len) < 0)
			goto usage;
		int rc = udp_send(&ss, len, bytes, dgram) < 0 ? 1 : 0;
		for (unsigned t = 0; t < linger * 10 && !stop; t++)
			usleep(100000);
		return rc;
	}
	if (argc >= 5 && !strcmp(argv[1], "send")) {
		char *end;
		unsigned long long bytes = strtoull(argv[4], &end, 10);
		if (*end || parse_addr(argv[2], argv[3], &ss, &len) < 0 || connections <= 0)
			goto usage;
		pid_t kid = -1;
		if (child) {
			kid = fork();
			if (kid == 0) {
				rate = child_rate;
				_exit(send_one(&ss, len, child) < 0 ? 1 : 0);
			}
		}
		int rc = 0;
		for (long i = 0; i < connections && !rc; i++)
			if (send_one(&ss, len, bytes) < 0)
				rc = 1;
		if (kid > 0) {
			int st;
			waitpid(kid, &st, 0);
			if (!WIFEXITED(st) || WEXITSTATUS(st))
				rc = 1;
		}
		for (unsigned t = 0; t < linger * 10 && !stop; t++)
			usleep(100000);
		return rc || stop ? 1 : 0;
	}
usage:
	fprintf(stderr, "usage: nlg-traffic sink ADDR PORT [--once] [--timeout S]\n"
			"       nlg-traffic send ADDR PORT BYTES [--connections N] [--rate B]\n"
			"                        [--child BYTES] [--child-rate B] [--linger S] [--hold MS] [--timeout S]\n"
			"       nlg-traffic udp ADDR PORT BYTES [--size N] [--per-socket K] [--rate B] [--linger S]\n"
			"       (send and udp also take --name HEX)\n");
	return 2;
}
