/* SPDX-License-Identifier: MIT */
/*
 * nlg-thread - a process whose socket is made by a thread of another name,
 * as dig's isc-net-0000 makes dig's sockets.
 *
 *   nlg-thread ADDR PORT DATAGRAMS [--hold MS]
 *       a thread named "isc-net-0000" opens a UDP socket, sends DATAGRAMS
 *       datagrams of 100 bytes to ADDR:PORT, keeps the socket MS
 *       milliseconds (default 0), closes it and ends; then the process
 *       exits. Bounded: at most 10000 datagrams, a hold of at most 60 s.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

struct job {
	struct sockaddr_in to;
	unsigned long datagrams, hold_ms;
	int status;
};

static void *worker(void *arg)
{
	struct job *j = arg;
	char buf[100];
	memset(buf, 't', sizeof(buf));
	prctl(PR_SET_NAME, "isc-net-0000");
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0) {
		perror("nlg-thread: socket");
		j->status = 1;
		return NULL;
	}
	for (unsigned long i = 0; i < j->datagrams; i++)
		if (sendto(s, buf, sizeof(buf), 0, (const struct sockaddr *)&j->to, sizeof(j->to)) < 0) {
			perror("nlg-thread: sendto");
			j->status = 1;
			break;
		}
	usleep((useconds_t)j->hold_ms * 1000);
	close(s);
	return NULL;
}

int main(int argc, char **argv)
{
	struct job j = { .to.sin_family = AF_INET };
	if (argc < 4 || inet_pton(AF_INET, argv[1], &j.to.sin_addr) != 1) {
		fprintf(stderr, "usage: nlg-thread ADDR PORT DATAGRAMS [--hold MS]\n");
		return 2;
	}
	j.to.sin_port = htons((uint16_t)strtoul(argv[2], NULL, 10));
	j.datagrams = strtoul(argv[3], NULL, 10);
	if (argc >= 6 && !strcmp(argv[4], "--hold"))
		j.hold_ms = strtoul(argv[5], NULL, 10);
	if (j.datagrams > 10000 || j.hold_ms > 60000) {
		fprintf(stderr, "nlg-thread: at most 10000 datagrams and a hold of 60000 ms\n");
		return 2;
	}
	pthread_t t;
	if (pthread_create(&t, NULL, worker, &j) != 0 || pthread_join(t, NULL) != 0) {
		fprintf(stderr, "nlg-thread: cannot run the thread\n");
		return 1;
	}
	return j.status;
}
