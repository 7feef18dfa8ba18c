/* SPDX-License-Identifier: MIT */
/*
 * cgroup_run.c - a cgroup v2 of its own for the command being accounted:
 * made beside the others, joined by the command before it runs, listed
 * with the cgroups it makes under it, and removed at the end.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/array.h"
#include "platform/linux/cgroup.h"
#include "platform/linux/readfile.h"
#include "platform/runcg.h"

/* Bounds on the walk of the cgroups under ours, and on the rounds of
 * moving processes out before removal (a forking process may add more). */
#define MAX_DEPTH 16
#define MAX_DIRS 4096
#define MOVE_ROUNDS 20

struct Nlg_runcg {
	char *mount;      /* where cgroup v2 is mounted */
	char *path;       /* ours, from the mount */
	char *home;       /* the caller's own cgroup, from the mount */
	bool made;        /* made here, so removed here */
	uint64_t *ids;
	size_t nids, capids;
};

/* Return: the caller's cgroup v2 path (malloc'd, "" for the root) or NULL. */
static char *own_cgroup(const char *procfs_root)
{
	char path[PATH_MAX], buf[4096];
	snprintf(path, sizeof(path), "%s/self/cgroup", procfs_root);
	if (Nlg_read_small_at(AT_FDCWD, path, buf, sizeof(buf), NULL) < 0)
		return NULL;
	/* the v2 line is "0::/path" */
	for (char *line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (strncmp(line, "0::", 3))
			continue;
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		return strdup(strcmp(line + 3, "/") ? line + 3 : "");
	}
	return NULL;
}

static int full_path(const struct Nlg_runcg *cg, const char *rel, const char *file, char *buf,
		     size_t size)
{
	int n = snprintf(buf, size, "%s%s%s%s", cg->mount, rel, file ? "/" : "", file ? file : "");
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* Makes "<parent>/netledger-run-<pid>[-k]" and keeps its path. */
static int make_under(struct Nlg_runcg *cg, const char *parent)
{
	char rel[PATH_MAX], dir[PATH_MAX];
	int err = -EEXIST;
	for (int k = 0; k < 100 && err == -EEXIST; k++) {
		int n = k ? snprintf(rel, sizeof(rel), "%s/netledger-run-%d-%d", parent, (int)getpid(), k)
			  : snprintf(rel, sizeof(rel), "%s/netledger-run-%d", parent, (int)getpid());
		if (n < 0 || (size_t)n >= sizeof(rel) || full_path(cg, rel, NULL, dir, sizeof(dir)) < 0)
			return -ENAMETOOLONG;
		err = mkdir(dir, 0755) < 0 ? -errno : 0;
	}
	if (err < 0)
		return err;
	cg->path = strdup(rel);
	cg->made = true;
	return cg->path ? 0 : -ENOMEM;
}

/* Moving a process needs write access to cgroup.procs of the common
 * ancestor: the caller's own cgroup, when ours is made under it. */
static bool may_delegate(const struct Nlg_runcg *cg)
{
	char procs[PATH_MAX];
	return full_path(cg, cg->home, "cgroup.procs", procs, sizeof(procs)) == 0 &&
	       access(procs, W_OK) == 0;
}

static struct Nlg_runcg *runcg_new(const char *procfs_root)
{
	struct Nlg_runcg *cg = calloc(1, sizeof(*cg));
	if (!cg)
		return NULL;
	cg->mount = Nlg_cgroup2_mount(procfs_root);
	cg->home = own_cgroup(procfs_root);
	return cg;
}

int Nlg_runcg_create(struct Nlg_runcg **out, const char *procfs_root, struct Nlg_errbuf *eb)
{
	struct Nlg_runcg *cg = runcg_new(procfs_root);
	int err;
	*out = NULL;
	if (!cg)
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	if (!cg->mount || !cg->home) {
		Nlg_runcg_free(cg);
		return Nlg_fail(eb, -ENOTSUP, "no cgroup v2 hierarchy is mounted");
	}
	/* root: beside the system's cgroups; others: in a delegated subtree */
	err = geteuid() == 0 ? make_under(cg, "") : -EACCES;
	if (err < 0 && cg->home[0] && may_delegate(cg))
		err = make_under(cg, cg->home);
	if (err < 0) {
		Nlg_runcg_free(cg);
		if (err == -EACCES || err == -EPERM || err == -EROFS)
			return Nlg_fail(eb, -EACCES, "no cgroup v2 directory is writable (needs root "
						     "or a delegated cgroup)");
		return Nlg_fail(eb, err, "cannot make a cgroup: %s", strerror(-err));
	}
	*out = cg;
	return 0;
}

int Nlg_runcg_open(struct Nlg_runcg **out, const char *procfs_root, const char *path,
		   struct Nlg_errbuf *eb)
{
	struct Nlg_runcg *cg = runcg_new(procfs_root);
	char dir[PATH_MAX];
	struct stat st;
	*out = NULL;
	if (!cg)
		return Nlg_fail(eb, -ENOMEM, "out of memory");
	if (!cg->mount) {
		Nlg_runcg_free(cg);
		return Nlg_fail(eb, -ENOTSUP, "no cgroup v2 hierarchy is mounted");
	}
	cg->path = strdup(strcmp(path, "/") ? path : "");
	if (!cg->path || path[0] != '/' || strstr(path, "/..") ||
	    full_path(cg, cg->path, NULL, dir, sizeof(dir)) < 0 || stat(dir, &st) < 0 ||
	    !S_ISDIR(st.st_mode)) {
		Nlg_runcg_free(cg);
		return Nlg_fail(eb, -ENOENT, "no cgroup %s", path);
	}
	*out = cg;
	return 0;
}

const char *Nlg_runcg_path(const struct Nlg_runcg *cg)
{
	return cg->path[0] ? cg->path : "/";
}

static int write_pid(const char *procs, int pid)
{
	char buf[24];
	int fd = open(procs, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int n = snprintf(buf, sizeof(buf), "%d", pid);
	int err = write(fd, buf, (size_t)n) == n ? 0 : -errno;
	close(fd);
	return err;
}

int Nlg_runcg_add(struct Nlg_runcg *cg, int pid)
{
	char procs[PATH_MAX];
	if (full_path(cg, cg->path, "cgroup.procs", procs, sizeof(procs)) < 0)
		return -ENAMETOOLONG;
	return write_pid(procs, pid);
}

static int push_id(struct Nlg_runcg *cg, int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return 0;
	if (Nlg_array_reserve(&cg->ids, &cg->capids, cg->nids + 1, sizeof(*cg->ids), 8) < 0)
		return -ENOMEM;
	/* a cgroup v2 id is the inode number of its directory */
	cg->ids[cg->nids++] = (uint64_t)st.st_ino;
	return 0;
}

/* Calls fn(parent, dir, name) on every directory under fd0 (closed here),
 * the deepest first, so that fn may remove it. */
static int walk(int fd0, int depth, size_t *budget,
		int (*fn)(int parent, int fd, const char *name, void *ctx), void *ctx)
{
	DIR *d = fdopendir(fd0);
	int err = 0;
	if (!d) {
		close(fd0);
		return -errno;
	}
	struct dirent *de;
	while (!err && (de = readdir(d)) && *budget > 0) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		int fd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			continue;
		(*budget)--;
		int sub = depth < MAX_DEPTH ? dup(fd) : -1;
		if (sub >= 0)
			err = walk(sub, depth + 1, budget, fn, ctx);
		if (!err)
			err = fn(dirfd(d), fd, de->d_name, ctx);
		close(fd);
	}
	closedir(d);
	return err;
}

static int add_child_id(int parent, int fd, const char *name, void *ctx)
{
	(void)parent, (void)name;
	return push_id(ctx, fd);
}

int Nlg_runcg_ids(struct Nlg_runcg *cg, const uint64_t **ids)
{
	char dir[PATH_MAX];
	size_t budget = MAX_DIRS;
	cg->nids = 0;
	if (full_path(cg, cg->path, NULL, dir, sizeof(dir)) < 0)
		return -ENAMETOOLONG;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int err = push_id(cg, fd);
	if (err == 0)
		err = walk(fd, 0, &budget, add_child_id, cg);
	else
		close(fd);
	*ids = cg->ids;
	return err < 0 ? err : (int)cg->nids;
}

int Nlg_runcg_populated(struct Nlg_runcg *cg)
{
	char path[PATH_MAX], buf[256];
	if (full_path(cg, cg->path, "cgroup.events", path, sizeof(path)) < 0)
		return -ENAMETOOLONG;
	ssize_t n = Nlg_read_small_at(AT_FDCWD, path, buf, sizeof(buf), NULL);
	if (n < 0)
		return (int)n;
	char *p = strstr(buf, "populated ");
	return p ? p[10] == '1' : -EPROTO;
}

struct move_ctx {
	const char *home_procs;
	int moved;
};

/* Moves every process of the cgroup at fd to the caller's cgroup. */
static void move_out(int fd, struct move_ctx *mc)
{
	char buf[65536];
	if (Nlg_read_small_at(fd, "cgroup.procs", buf, sizeof(buf), NULL) < 0)
		return;
	for (char *p = buf, *end; *p; p = end) {
		long pid = strtol(p, &end, 10);
		if (end == p)
			break;
		if (pid > 0 && write_pid(mc->home_procs, (int)pid) == 0)
			mc->moved++;
	}
}

/* A cgroup the command made under ours: emptied, then removed. */
static int remove_child(int parent, int fd, const char *name, void *ctx)
{
	move_out(fd, ctx);
	unlinkat(parent, name, AT_REMOVEDIR);
	return 0;
}

/* Return: 0 once ours is removed, or -errno of its rmdir. */
static int remove_round(const char *dir, struct move_ctx *mc)
{
	size_t budget = MAX_DIRS;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int sub = dup(fd);
	if (sub >= 0)
		walk(sub, 0, &budget, remove_child, mc);
	move_out(fd, mc);
	close(fd);
	return rmdir(dir) < 0 ? -errno : 0;
}

int Nlg_runcg_remove(struct Nlg_runcg *cg, int *moved, struct Nlg_errbuf *eb)
{
	char dir[PATH_MAX], home_procs[PATH_MAX];
	struct move_ctx mc = { .home_procs = home_procs };
	int err = -EBUSY;
	*moved = 0;
	if (!cg->made)
		return 0;
	if (full_path(cg, cg->path, NULL, dir, sizeof(dir)) < 0 ||
	    full_path(cg, cg->home, "cgroup.procs", home_procs, sizeof(home_procs)) < 0)
		return Nlg_fail(eb, -ENAMETOOLONG, "cgroup path too long");
	/* A process that forks while it moves leaves its child behind:
	 * move again, a bounded number of times. */
	for (int round = 0; round < MOVE_ROUNDS && err == -EBUSY; round++) {
		err = remove_round(dir, &mc);
		if (err == -EBUSY && round)
			usleep(10000);
	}
	*moved = mc.moved;
	if (err < 0)
		return Nlg_fail(eb, err, "cannot remove the cgroup %s: %s", cg->path, strerror(-err));
	cg->made = false;
	return 0;
}

void Nlg_runcg_free(struct Nlg_runcg *cg)
{
	if (!cg)
		return;
	free(cg->mount);
	free(cg->path);
	free(cg->home);
	free(cg->ids);
	free(cg);
}

int Nlg_runcg_ppid(const char *procfs_root, int pid)
{
	char path[PATH_MAX], buf[1024];
	snprintf(path, sizeof(path), "%s/%d/stat", procfs_root, pid);
	ssize_t n = Nlg_read_small_at(AT_FDCWD, path, buf, sizeof(buf), NULL);
	if (n < 0)
		return n == -ENOENT ? -ESRCH : (int)n;
	/* "pid (comm) state ppid ...": comm may hold anything, even ") " */
	char *p = strrchr(buf, ')');
	int ppid;
	if (!p || sscanf(p + 1, " %*c %d", &ppid) != 1)
		return -EPROTO;
	return ppid;
}
