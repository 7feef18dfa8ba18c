/* SPDX-License-Identifier: MIT */
/*
 * test_procfs_owner.c - socket owners from a fake /proc built in a temp
 * directory, and once from the real /proc.
 *
 * The tests run as root, which no file mode stops, so a /proc/<pid>/fd that
 * cannot be read is made of a regular file where the directory should be
 * (opening it fails with ENOTDIR), and an fd entry that cannot be read is a
 * regular file instead of a link (readlink fails with EINVAL): the code
 * treats every error but ENOENT alike.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "platform/linux/procfs.h"

struct fixture {
	char root[64];
	struct Nlg_procfs *pf;
	struct Nlg_procfs_stats last;
};

static struct fixture *fx; /* the current test's, for the helpers below */

static void pathf(char *out, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static void pathf(char *out, size_t size, const char *fmt, va_list ap)
{
	int n = snprintf(out, size, "%s/", fx->root);
	vsnprintf(out + n, size - (size_t)n, fmt, ap);
}

static void write_at(const char *content, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void write_at(const char *content, size_t len, const char *fmt, ...)
{
	char path[256];
	va_list ap;
	va_start(ap, fmt);
	pathf(path, sizeof(path), fmt, ap);
	va_end(ap);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, len, f), len);
	fclose(f);
}

static void run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void run(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	assert_int_equal(system(cmd), 0);
}

static void write_stat(int pid, int ppid, uint64_t start, const char *comm)
{
	char text[512];
	int n = snprintf(text, sizeof(text),
			 "%d (%s) S %d %d %d 0 -1 4194560 10 0 0 0 1 2 0 0 20 0 1 0 %llu "
			 "1000000 100 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0\n",
			 pid, comm, ppid, pid, pid, (unsigned long long)start);
	write_at(text, (size_t)n, "%d/stat", pid);
}

/* A process: pid, its parent, start time, name, real uid, and the owner of
 * its /proc entries (the effective uid the cache matches sockets with). */
static void mkproc(int pid, int ppid, uint64_t start, const char *comm, uint32_t uid,
		   uint32_t dir_uid)
{
	char text[512], path[256];
	run("mkdir -p '%s/%d/fd'", fx->root, pid);
	write_stat(pid, ppid, start, comm);
	int n = snprintf(text, sizeof(text),
			 "Name:\t%s\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t%d\nNgid:\t0\n"
			 "Pid:\t%d\nPPid:\t%d\nTracerPid:\t0\nUid:\t%u\t%u\t%u\t%u\n",
			 comm, pid, pid, ppid, uid, dir_uid, dir_uid, dir_uid);
	write_at(text, (size_t)n, "%d/status", pid);
	n = snprintf(text, sizeof(text), "/usr/bin/%s%c--port%c80%c", comm, 0, 0, 0);
	write_at(text, (size_t)n, "%d/cmdline", pid);
	n = snprintf(text, sizeof(text), "0::/system.slice/%s.service\n", comm);
	write_at(text, (size_t)n, "%d/cgroup", pid);
	snprintf(text, sizeof(text), "/usr/bin/%s", comm);
	snprintf(path, sizeof(path), "%s/%d/exe", fx->root, pid);
	assert_int_equal(symlink(text, path), 0);
	snprintf(path, sizeof(path), "%s/%d/stat", fx->root, pid);
	assert_int_equal(chown(path, dir_uid, 0), 0);
}

static void add_sock(int pid, int fd, uint64_t inode)
{
	char target[64], path[256];
	snprintf(target, sizeof(target), "socket:[%llu]", (unsigned long long)inode);
	snprintf(path, sizeof(path), "%s/%d/fd/%d", fx->root, pid, fd);
	unlink(path);
	assert_int_equal(symlink(target, path), 0);
}

static void add_file(int pid, int fd, const char *target)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%d/fd/%d", fx->root, pid, fd);
	unlink(path);
	assert_int_equal(symlink(target, path), 0);
}

static void close_fd(int pid, int fd)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%d/fd/%d", fx->root, pid, fd);
	assert_int_equal(unlink(path), 0);
}

static void kill_proc(int pid)
{
	run("rm -rf '%s/%d'", fx->root, pid);
}

static int sync_list(const uint64_t *inodes, const uint32_t *uids, size_t n)
{
	fx->last = *Nlg_procfs_stats(fx->pf);
	return Nlg_procfs_sync(fx->pf, inodes, uids, n);
}

/* How many of a counter the last sync used. */
#define USED(field) (Nlg_procfs_stats(fx->pf)->field - fx->last.field)

static const struct Nlg_proc_info *owner(uint64_t inode, enum nlg_owner_why *why)
{
	enum nlg_owner_why w = (enum nlg_owner_why)99;
	const struct Nlg_proc_info *pi = Nlg_procfs_owner(fx->pf, inode, &w);
	if (why)
		*why = w;
	return pi;
}

static int setup(void **state)
{
	fx = calloc(1, sizeof(*fx));
	if (!fx)
		return -1;
	strcpy(fx->root, "/tmp/nlg-owner-XXXXXX");
	if (!mkdtemp(fx->root) || Nlg_procfs_new(&fx->pf, fx->root) < 0)
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];
	Nlg_procfs_free(f->pf);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->root);
	int r = system(cmd);
	free(f);
	fx = NULL;
	return r;
}

static void owner_found(void **state)
{
	(void)state;
	mkproc(100, 1, 5000, "srv", 1000, 1000);
	add_file(100, 0, "/dev/null");
	add_sock(100, 3, 5001);
	add_sock(100, 4, 5002);
	uint64_t inodes[] = { 5001, 5002 };
	uint32_t uids[] = { 1000, 1000 };
	assert_int_equal(sync_list(inodes, uids, 2), 0);

	enum nlg_owner_why why;
	const struct Nlg_proc_info *pi = owner(5001, &why);
	assert_non_null(pi);
	assert_int_equal(why, NLG_OWNER_OK);
	assert_int_equal(pi->pid, 100);
	assert_int_equal(pi->ppid, 1);
	assert_int_equal(pi->start_ticks, 5000);
	assert_int_equal(pi->uid, 1000);
	assert_string_equal(pi->comm, "srv");
	assert_string_equal(pi->cmdline, "/usr/bin/srv --port 80");
	assert_string_equal(pi->exe, "/usr/bin/srv");
	assert_string_equal(pi->cgroup, "/system.slice/srv.service");
	assert_false(pi->gone);
	assert_ptr_equal(owner(5002, NULL), pi);
	assert_int_equal(USED(readlinks), 3);
}

static void not_found(void **state)
{
	(void)state;
	mkproc(100, 1, 5000, "srv", 0, 0);
	add_sock(100, 3, 5001);
	uint64_t inodes[] = { 9999, 0 };
	assert_int_equal(sync_list(inodes, NULL, 2), 0);
	enum nlg_owner_why why;
	assert_null(owner(9999, &why));
	assert_int_equal(why, NLG_OWNER_NOT_FOUND);
	assert_null(owner(12345, &why)); /* never given */
	assert_int_equal(why, NLG_OWNER_NOT_FOUND);
	assert_null(owner(5001, &why)); /* held, but not a live socket */
	assert_int_equal(why, NLG_OWNER_NOT_FOUND);
}

static void unreadable_fds(void **state)
{
	(void)state;
	/* 200: its fd "directory" is a file; 201: one fd entry is not a link. */
	mkproc(200, 1, 100, "locked", 0, 0);
	run("rmdir '%s/200/fd' && touch '%s/200/fd'", fx->root, fx->root);
	mkproc(201, 1, 100, "half", 1000, 1000);
	add_sock(201, 3, 4001);
	write_at("", 0, "201/fd/4");
	mkproc(202, 1, 100, "user", 2000, 2000);

	uint64_t inodes[] = { 7001, 7002, 7003, 4001 };
	uint32_t uids[] = { 0, 1000, 2000, 1000 };
	assert_int_equal(sync_list(inodes, uids, 4), 0);
	enum nlg_owner_why why;
	assert_null(owner(7001, &why));
	assert_int_equal(why, NLG_OWNER_UNREADABLE);
	assert_null(owner(7002, &why));
	assert_int_equal(why, NLG_OWNER_UNREADABLE);
	/* Nothing of uid 2000 was unreadable. */
	assert_null(owner(7003, &why));
	assert_int_equal(why, NLG_OWNER_NOT_FOUND);
	/* What could be read was placed. */
	const struct Nlg_proc_info *pi = owner(4001, &why);
	assert_non_null(pi);
	assert_int_equal(pi->pid, 201);
	assert_true(USED(unreadable) >= 2);
}

static void pid_recycled(void **state)
{
	(void)state;
	mkproc(300, 1, 1000, "first", 0, 0);
	add_sock(300, 3, 6001);
	uint64_t one[] = { 6001 };
	assert_int_equal(sync_list(one, NULL, 1), 0);
	const struct Nlg_proc_info *old = owner(6001, NULL);
	assert_non_null(old);
	assert_int_equal(old->start_ticks, 1000);

	/* 300 exits; a new process gets pid 300 and a new socket. */
	kill_proc(300);
	mkproc(300, 1, 2000, "second", 0, 0);
	add_sock(300, 3, 6002);
	uint64_t two[] = { 6002 };
	assert_int_equal(sync_list(two, NULL, 1), 0);
	const struct Nlg_proc_info *now = owner(6002, NULL);
	assert_non_null(now);
	assert_int_equal(now->pid, 300);
	assert_int_equal(now->start_ticks, 2000);
	assert_string_equal(now->comm, "second");
	assert_false(now->gone);
	/* 6001 left the list one sync ago: its owner is kept, and is gone. */
	const struct Nlg_proc_info *was = owner(6001, NULL);
	assert_non_null(was);
	assert_ptr_not_equal(was, now);
	assert_int_equal(was->start_ticks, 1000);
	assert_string_equal(was->comm, "first");
	assert_string_equal(was->cmdline, "/usr/bin/first --port 80");
	assert_true(was->gone);
	assert_int_equal(Nlg_procfs_stats(fx->pf)->procs, 2);

	/* A sync later 6001 is forgotten and the old process freed. */
	assert_int_equal(sync_list(two, NULL, 1), 0);
	enum nlg_owner_why why;
	assert_null(owner(6001, &why));
	assert_int_equal(why, NLG_OWNER_NOT_FOUND);
	assert_int_equal(Nlg_procfs_stats(fx->pf)->procs, 1);
	assert_ptr_equal(Nlg_procfs_proc(fx->pf, 300), owner(6002, NULL));
}

/* A pid recycled between two searches by a process that owned nothing:
 * its new process is read afresh (not taken for the cached one), and the
 * cache does not grow with the processes that ever held a pid. */
/* The same list again, its owners unchanged: one stat read per owner and
 * nothing else; an owner that exec'd, or exited while its socket lives on,
 * makes the sync a whole one again. */
static void unchanged_list(void **state)
{
	(void)state;
	mkproc(500, 1, 1000, "srv", 0, 0);
	mkproc(501, 500, 1100, "worker", 0, 0);
	add_sock(500, 3, 8001);
	add_sock(500, 4, 8002);
	add_sock(501, 3, 8003);
	uint64_t list[] = { 8001, 8002, 8003 };
	assert_int_equal(sync_list(list, NULL, 3), 0);
	assert_int_equal(owner(8003, NULL)->pid, 501);
	assert_int_equal(sync_list(list, NULL, 3), 0);
	assert_int_equal(USED(unchanged), 1);
	assert_int_equal(USED(stat_reads), 2);
	assert_int_equal(USED(procs_listed) + USED(fd_dirs) + USED(readlinks), 0);
	/* another list: a whole sync */
	uint64_t fewer[] = { 8001, 8003 };
	assert_int_equal(sync_list(fewer, NULL, 2), 0);
	assert_int_equal(USED(unchanged), 0);
	/* 8002 is kept one sync after it left: the next sync is whole too */
	assert_int_equal(sync_list(fewer, NULL, 2), 0);
	assert_int_equal(USED(unchanged), 0);
	assert_int_equal(sync_list(fewer, NULL, 2), 0);
	assert_int_equal(USED(unchanged), 1);
	/* the worker exec'd: its new name is read */
	write_stat(501, 500, 1100, "worker2");
	assert_int_equal(sync_list(fewer, NULL, 2), 0);
	assert_int_equal(USED(unchanged), 0);
	assert_string_equal(owner(8003, NULL)->comm, "worker2");
	/* the worker exits, its socket held by its parent too */
	add_sock(500, 5, 8003);
	kill_proc(501);
	assert_int_equal(sync_list(fewer, NULL, 2), 0);
	assert_int_equal(USED(unchanged), 0);
	assert_int_equal(owner(8003, NULL)->pid, 500);
}

static void listed_pid_recycled(void **state)
{
	(void)state;
	mkproc(310, 1, 1000, "first", 0, 0);
	mkproc(311, 1, 1100, "holder", 0, 0);
	add_sock(311, 3, 7001);
	uint64_t one[] = { 7001 };
	assert_int_equal(sync_list(one, NULL, 1), 0);
	for (uint64_t run = 0; run < 50; run++) {
		kill_proc(310);
		mkproc(310, 1, 2000 + run, "second", 0, 0);
		add_sock(310, 3, 7100 + run);
		uint64_t two[] = { 7001, 7100 + run };
		assert_int_equal(sync_list(two, NULL, 2), 0);
		const struct Nlg_proc_info *pi = owner(7100 + run, NULL);
		assert_non_null(pi);
		assert_int_equal(pi->start_ticks, 2000 + run);
		assert_string_equal(pi->comm, "second");
	}
	assert_true(Nlg_procfs_stats(fx->pf)->procs <= 4);
}

/* A recycled pid noticed while checking a live socket's owner. */
static void owner_recycled_while_socket_lives(void **state)
{
	(void)state;
	mkproc(310, 1, 1000, "first", 0, 0);
	add_sock(310, 3, 6101);
	uint64_t one[] = { 6101 };
	assert_int_equal(sync_list(one, NULL, 1), 0);
	kill_proc(310);
	mkproc(310, 1, 3000, "second", 0, 0);
	add_file(310, 3, "/dev/null");
	assert_int_equal(sync_list(one, NULL, 1), 0);
	/* Nobody visible holds it now: the exited owner stays, marked gone. */
	const struct Nlg_proc_info *pi = owner(6101, NULL);
	assert_non_null(pi);
	assert_int_equal(pi->start_ticks, 1000);
	assert_true(pi->gone);
	const struct Nlg_proc_info *cur = Nlg_procfs_proc(fx->pf, 310);
	assert_non_null(cur);
	assert_int_equal(cur->start_ticks, 3000);
	/* Searched once after the exit, not at every sync. */
	assert_int_equal(sync_list(one, NULL, 1), 0);
	assert_int_equal(USED(searches), 0);
	assert_ptr_equal(owner(6101, NULL), pi);
}

static void shared_socket_goes_to_parent_then_child(void **state)
{
	(void)state;
	mkproc(401, 400, 200, "child", 0, 0);
	add_sock(401, 7, 7001);
	mkproc(400, 1, 100, "parent", 0, 0);
	add_sock(400, 3, 7001);
	mkproc(402, 400, 200, "twin", 0, 0);
	add_sock(402, 3, 7001);
	uint64_t one[] = { 7001 };
	assert_int_equal(sync_list(one, NULL, 1), 0);
	const struct Nlg_proc_info *pi = owner(7001, NULL);
	assert_non_null(pi);
	assert_int_equal(pi->pid, 400); /* started first */

	/* The parent exits, the children keep the socket. */
	kill_proc(400);
	assert_int_equal(sync_list(one, NULL, 1), 0);
	pi = owner(7001, NULL);
	assert_non_null(pi);
	assert_int_equal(pi->pid, 401); /* same start: the lower pid */
	assert_false(pi->gone);
	assert_int_equal(USED(readlinks), 0); /* known from their fd readings */
}

static void incremental_reads_only_new_fds(void **state)
{
	(void)state;
	enum { N = 100 };
	uint64_t inodes[N + 3];
	mkproc(500, 1, 100, "many", 0, 0);
	for (int i = 0; i < 5; i++)
		add_file(500, i, "/var/log/x.log");
	add_sock(500, 9, 123); /* a unix socket: never in the list */
	for (int i = 0; i < N; i++) {
		add_sock(500, 10 + i, 8000 + (uint64_t)i);
		inodes[i] = 8000 + (uint64_t)i;
	}
	assert_int_equal(sync_list(inodes, NULL, N), 0);
	assert_int_equal(USED(readlinks), N + 6);
	assert_int_equal(USED(fd_dirs), 1);
	assert_int_equal(owner(8042, NULL)->pid, 500);

	/* Warm: nothing new, no fd read; one stat read to see the owner lives. */
	assert_int_equal(sync_list(inodes, NULL, N), 0);
	assert_int_equal(USED(readlinks), 0);
	assert_int_equal(USED(fd_dirs), 0);
	assert_int_equal(USED(procs_listed), 0);
	assert_int_equal(USED(stat_reads), 1);

	/* One new socket at a new fd: one link read (not the unix socket's). */
	add_sock(500, 200, 8100);
	inodes[N] = 8100;
	assert_int_equal(sync_list(inodes, NULL, N + 1), 0);
	assert_int_equal(USED(readlinks), 1);
	assert_int_equal(owner(8100, NULL)->pid, 500);

	/* Socket 8001 closed and its fd number reused by a new socket: the
	 * old socket is no longer live, so that fd is read again. */
	add_sock(500, 11, 8300);
	inodes[1] = 8300;
	assert_int_equal(sync_list(inodes, NULL, N + 1), 0);
	assert_int_equal(USED(readlinks), 1);
	assert_int_equal(owner(8300, NULL)->pid, 500);

	/* A file's fd number reused by a socket: the first pass misses it,
	 * the second reads again the fds that held files or unix sockets,
	 * without listing the directory again. */
	add_sock(500, 2, 8200);
	inodes[N + 1] = 8200;
	assert_int_equal(sync_list(inodes, NULL, N + 2), 0);
	assert_int_equal(USED(readlinks), 6);
	assert_int_equal(USED(fd_dirs), 1);
	assert_int_equal(owner(8200, NULL)->pid, 500);
}

static void first_pass_is_the_sockets_uid(void **state)
{
	(void)state;
	mkproc(800, 1, 100, "mine", 1000, 1000);
	add_sock(800, 3, 9500);
	mkproc(801, 1, 100, "theirs", 2000, 2000);
	for (int i = 0; i < 20; i++)
		add_file(801, i, "/dev/null");
	mkproc(802, 1, 100, "setuid", 0, 0);
	add_sock(802, 3, 9501);
	uint64_t inodes[] = { 9500 };
	uint32_t uids[] = { 1000 };
	assert_int_equal(sync_list(inodes, uids, 1), 0);
	assert_int_equal(owner(9500, NULL)->pid, 800);
	assert_int_equal(USED(fd_dirs), 1);
	assert_int_equal(USED(readlinks), 1);

	/* A socket of uid 1000 held only by a process of another uid: found
	 * by the last pass, over the other processes. */
	uint64_t two[] = { 9500, 9501 };
	uint32_t uids2[] = { 1000, 1000 };
	assert_int_equal(sync_list(two, uids2, 2), 0);
	assert_int_equal(owner(9501, NULL)->pid, 802);
}

static void ancestors(void **state)
{
	(void)state;
	mkproc(600, 1, 100, "app", 1000, 1000);
	mkproc(601, 600, 150, "helper", 1000, 1000);
	add_sock(601, 3, 9100);
	uint64_t one[] = { 9100 };
	assert_int_equal(sync_list(one, NULL, 1), 0);
	const struct Nlg_proc_info *pi = owner(9100, NULL);
	assert_non_null(pi);
	assert_int_equal(pi->ppid, 600);
	const struct Nlg_proc_info *parent = Nlg_procfs_proc(fx->pf, pi->ppid);
	assert_non_null(parent);
	assert_string_equal(parent->comm, "app");
	assert_string_equal(parent->cmdline, "/usr/bin/app --port 80");
	assert_int_equal(parent->uid, 1000);
	assert_int_equal(parent->ppid, 1);
	assert_null(Nlg_procfs_proc(fx->pf, 1)); /* not in this /proc */
	assert_null(Nlg_procfs_proc(fx->pf, 0));

	/* Read once: asking again reads nothing. */
	uint64_t reads = Nlg_procfs_stats(fx->pf)->stat_reads;
	assert_ptr_equal(Nlg_procfs_proc(fx->pf, 600), parent);
	assert_int_equal(Nlg_procfs_stats(fx->pf)->stat_reads, reads);
}

static void grace_period(void **state)
{
	(void)state;
	mkproc(700, 1, 100, "short", 0, 0);
	add_sock(700, 3, 9001);
	mkproc(701, 1, 100, "exits", 0, 0);
	add_sock(701, 3, 9002);
	uint64_t both[] = { 9001, 9002 };
	assert_int_equal(sync_list(both, NULL, 2), 0);
	assert_int_equal(Nlg_procfs_stats(fx->pf)->procs, 2);

	/* 9001 closes; 701 exits with 9002. Both are out of the next list,
	 * and their destroy events, read after it, still find their owners. */
	close_fd(700, 3);
	kill_proc(701);
	assert_int_equal(sync_list(NULL, NULL, 0), 0);
	assert_int_equal(owner(9001, NULL)->pid, 700);
	assert_int_equal(owner(9002, NULL)->pid, 701);
	assert_string_equal(owner(9002, NULL)->comm, "exits");

	/* One sync more and they are forgotten. */
	assert_int_equal(sync_list(NULL, NULL, 0), 0);
	enum nlg_owner_why why;
	assert_null(owner(9001, &why));
	assert_int_equal(why, NLG_OWNER_NOT_FOUND);
	assert_null(owner(9002, &why));
	assert_int_equal(Nlg_procfs_stats(fx->pf)->inodes, 0);

	/* The next search lists /proc, finds 701 gone and frees it. */
	mkproc(702, 1, 100, "next", 0, 0);
	add_sock(702, 3, 9003);
	uint64_t next[] = { 9003 };
	assert_int_equal(sync_list(next, NULL, 1), 0);
	assert_int_equal(owner(9003, NULL)->pid, 702);
	assert_int_equal(Nlg_procfs_stats(fx->pf)->procs, 2);
}

static void kernel_thread_details(void **state)
{
	(void)state;
	mkproc(900, 2, 10, "kworker/0:1", 0, 0);
	write_at("", 0, "900/cmdline");
	run("rm '%s/900/exe' '%s/900/cgroup'", fx->root, fx->root);
	const struct Nlg_proc_info *pi = Nlg_procfs_proc(fx->pf, 900);
	assert_non_null(pi);
	assert_string_equal(pi->cmdline, "");
	assert_null(pi->exe);
	assert_null(pi->cgroup);
	assert_string_equal(pi->comm, "kworker/0:1");
}

static void stat_text(void **state)
{
	(void)state;
	struct Nlg_proc_stat ps;
	static const char odd[] =
		"42 (a) (b c)) R 7 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 -5 1 0 123456789 0 0\n";
	assert_int_equal(Nlg_procfs_parse_stat(odd, sizeof(odd) - 1, &ps), 0);
	assert_string_equal(ps.comm, "a) (b c)");
	assert_int_equal(ps.ppid, 7);
	assert_int_equal(ps.start_ticks, 123456789);
	static const char longname[] =
		"9 (a-very-long-kernel-thread-name) S 2 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0\n";
	assert_int_equal(Nlg_procfs_parse_stat(longname, sizeof(longname) - 1, &ps), 0);
	assert_string_equal(ps.comm, "a-very-long-ker");
	assert_int_equal(ps.ppid, 2);
	assert_int_equal(ps.start_ticks, 5);
	static const char *const bad[] = {
		"", "42 a R 7\n", "42 (a R 7 1 1\n", "42 (a) R 7 42 42 0 -1 0 0 0\n",
		"42 (a) R x 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 -5 1 0 1 0 0\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(Nlg_procfs_parse_stat(bad[i], strlen(bad[i]), &ps), -EPROTO);
}

static void missing_root(void **state)
{
	(void)state;
	struct Nlg_procfs *pf = NULL;
	assert_int_equal(Nlg_procfs_new(&pf, "/nonexistent/proc"), -ENOENT);
	assert_int_equal(Nlg_procfs_new(&pf, NULL), -EINVAL);
}

/* The real /proc: a listening socket of this process is found as ours. */
static void real_proc(void **state)
{
	(void)state;
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(s >= 0);
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	assert_int_equal(bind(s, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(s, 1), 0);
	struct stat st;
	assert_int_equal(fstat(s, &st), 0);

	struct Nlg_procfs *pf;
	assert_int_equal(Nlg_procfs_new(&pf, "/proc"), 0);
	uint64_t inode = st.st_ino;
	uint32_t uid = geteuid();
	assert_int_equal(Nlg_procfs_sync(pf, &inode, &uid, 1), 0);
	enum nlg_owner_why why;
	const struct Nlg_proc_info *pi = Nlg_procfs_owner(pf, inode, &why);
	assert_non_null(pi);
	assert_int_equal(pi->pid, getpid());
	assert_int_equal(pi->ppid, getppid());
	assert_int_equal(pi->uid, getuid());
	assert_non_null(pi->exe);
	assert_non_null(strstr(pi->cmdline, "test_procfs_owner"));
	assert_true(pi->start_ticks > 0);
	/* Warm: found again without reading an fd. */
	uint64_t links = Nlg_procfs_stats(pf)->readlinks;
	assert_int_equal(Nlg_procfs_sync(pf, &inode, &uid, 1), 0);
	assert_ptr_equal(Nlg_procfs_owner(pf, inode, &why), pi);
	assert_int_equal(Nlg_procfs_stats(pf)->readlinks, links);
	Nlg_procfs_free(pf);
	close(s);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(owner_found),
		T(not_found),
		T(unreadable_fds),
		T(pid_recycled),
		T(unchanged_list),
		T(listed_pid_recycled),
		T(owner_recycled_while_socket_lives),
		T(shared_socket_goes_to_parent_then_child),
		T(incremental_reads_only_new_fds),
		T(first_pass_is_the_sockets_uid),
		T(ancestors),
		T(grace_period),
		T(kernel_thread_details),
		cmocka_unit_test(stat_text),
		cmocka_unit_test(missing_root),
		cmocka_unit_test(real_proc),
	};
	return cmocka_run_group_tests_name("procfs_owner", tests, NULL, NULL);
}
