/* SPDX-License-Identifier: MIT */
/*
 * detach.c - going to the background: the parent waits for the child's
 * verdict on start-up, so that its exit status and message tell what went
 * wrong; the child then lets go of the terminal.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daemon/run.h"
#include "export/termtext.h"

int Nlgd_background(struct nlgd *d)
{
	int p[2];
	if (pipe(p) < 0) {
		fprintf(stderr, "netledgerd: pipe: %s\n", strerror(errno));
		return NLGD_EXIT_RUNTIME;
	}
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "netledgerd: fork: %s\n", strerror(errno));
		return NLGD_EXIT_RUNTIME;
	}
	if (pid > 0) {
		close(p[1]);
		char msg[512] = { 0 };
		ssize_t n = read(p[0], msg, sizeof(msg) - 1);
		if (n <= 0)
			return NLGD_EXIT_RUNTIME;
		if (msg[1])
			Nlg_term_printf(stderr, "netledgerd: %s\n", msg + 1);
		_exit((unsigned char)msg[0]);
	}
	close(p[0]);
	setsid();
	d->status_fd = p[1];
	return -1;
}

static void redirect_stdio(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	close(fd);
}

void Nlgd_started(struct nlgd *d, int rc)
{
	if (d->status_fd < 0) {
		if (rc)
			Nlg_term_printf(stderr, "netledgerd: %s\n", d->errmsg);
		return;
	}
	char msg[514];
	msg[0] = (char)rc;
	int n = snprintf(msg + 1, sizeof(msg) - 1, "%s", rc ? d->errmsg : "");
	if (write(d->status_fd, msg, (size_t)n + 2) < 0) {
		/* The parent is gone; nothing to tell. */
	}
	close(d->status_fd);
	d->status_fd = -1;
	if (!rc)
		redirect_stdio();
}
