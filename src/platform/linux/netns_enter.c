/* SPDX-License-Identifier: MIT */
/*
 * netns_enter.c - doing something inside another network namespace.
 * setns() moves only the calling thread, so a short-lived helper thread
 * enters, runs the function (which opens its sockets there) and ends; the
 * sockets stay bound to the namespace they were made in, and the caller's
 * own threads never leave theirs.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE  /* setns() */
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include "platform/linux/netns.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

struct run {
	int fd;
	int (*fn)(void *);
	void *arg;
	int ret;
};

static void *enter(void *data)
{
	struct run *r = data;
	if (setns(r->fd, CLONE_NEWNET) < 0)
		r->ret = -errno;
	else
		r->ret = r->fn(r->arg);
	return NULL;
}

int Nlg_netns_run(const char *nspath, int (*fn)(void *), void *arg)
{
	struct run r = { .fn = fn, .arg = arg };
	pthread_t t;
	r.fd = open(nspath, O_RDONLY | O_CLOEXEC);
	if (r.fd < 0)
		return -errno;
	int err = pthread_create(&t, NULL, enter, &r);
	if (err == 0)
		pthread_join(t, NULL);
	close(r.fd);
	return err ? -err : r.ret;
}

uint64_t Nlg_netns_cookie_of(int fd)
{
	uint64_t cookie = 0;
	socklen_t len = sizeof(cookie);
	if (getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) < 0)
		cookie = 0;
	return cookie;
}
