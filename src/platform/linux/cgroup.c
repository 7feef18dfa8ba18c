/* SPDX-License-Identifier: MIT */
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
#include "core/u64map.h"
#include "platform/linux/cgroup.h"

/* Bounds on a walk of the hierarchy, so a huge or looping tree cannot
 * stall a sample. */
#define MAX_DEPTH 32
#define MAX_DIRS 100000

struct entry {
	char *path;           /* NULL: no cgroup had this id at the last walk */
	uint64_t members_gen; /* generation of the members read, 0 for none */
	int nmembers;         /* or a negative error code */
	int pid;              /* the first member */
};

struct Nlg_cgroups {
	char *mount;          /* where cgroup v2 is mounted, or NULL */
	struct entry *v;
	size_t n, cap;
	struct Nlg_u64map index; /* id -> position in v + 1 */
	uint64_t gen;
	bool walked;          /* in this generation */
};

/* Finds the cgroup2 mount in mountinfo: field 5 is the mount point, and
 * the filesystem type follows the " - " separator. */
char *Nlg_cgroup2_mount(const char *procfs_root)
{
	char path[PATH_MAX], line[4096];
	snprintf(path, sizeof(path), "%s/self/mountinfo", procfs_root);
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	char *found = NULL;
	while (!found && fgets(line, sizeof(line), f)) {
		char *sep = strstr(line, " - cgroup2 ");
		char mnt[PATH_MAX];
		if (sep && sscanf(line, "%*s %*s %*s %*s %4095s", mnt) == 1)
			found = strdup(mnt);
	}
	fclose(f);
	return found;
}

int Nlg_cgroups_new(struct Nlg_cgroups **out, const char *procfs_root)
{
	struct Nlg_cgroups *cg = calloc(1, sizeof(*cg));
	if (!cg)
		return -ENOMEM;
	cg->mount = Nlg_cgroup2_mount(procfs_root);
	cg->gen = 1;
	*out = cg;
	return 0;
}

void Nlg_cgroups_free(struct Nlg_cgroups *cg)
{
	if (!cg)
		return;
	for (size_t i = 0; i < cg->n; i++)
		free(cg->v[i].path);
	free(cg->v);
	Nlg_u64map_done(&cg->index);
	free(cg->mount);
	free(cg);
}

static struct entry *lookup(const struct Nlg_cgroups *cg, uint64_t id)
{
	uint64_t *pos = Nlg_u64map_get(&cg->index, id);
	return pos ? &cg->v[*pos - 1] : NULL;
}

/* Records a cgroup's path, or with rel NULL that the id names none. */
static int remember(struct Nlg_cgroups *cg, uint64_t id, const char *rel)
{
	struct entry *e = lookup(cg, id);
	if (e && (e->path || !rel))
		return 0;
	char *p = rel ? strdup(rel[0] ? rel : "/") : NULL;
	if (rel && !p)
		return -ENOMEM;
	if (e) {
		e->path = p;
		return 0;
	}
	if (Nlg_array_reserve(&cg->v, &cg->cap, cg->n + 1, sizeof(*cg->v), 64) < 0 ||
	    Nlg_u64map_put(&cg->index, id, cg->n + 1) < 0) {
		free(p);
		return -ENOMEM;
	}
	cg->v[cg->n++] = (struct entry){ .path = p };
	return 0;
}

/* Records every cgroup under dir (rel is its path from the root). */
static void walk(struct Nlg_cgroups *cg, int fd0, char *rel, size_t len, int depth,
		 size_t *budget)
{
	struct stat st;
	if (fstat(fd0, &st) == 0)
		remember(cg, (uint64_t)st.st_ino, rel);
	if (depth >= MAX_DEPTH) {
		close(fd0);
		return;
	}
	DIR *d = fdopendir(fd0);
	if (!d) {
		close(fd0);
		return;
	}
	struct dirent *de;
	while ((de = readdir(d)) && *budget > 0) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		size_t n = strlen(de->d_name);
		if (len + 1 + n >= PATH_MAX)
			continue;
		int fd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			continue;
		(*budget)--;
		rel[len] = '/';
		memcpy(rel + len + 1, de->d_name, n + 1);
		walk(cg, fd, rel, len + 1 + n, depth + 1, budget);
		rel[len] = '\0';
	}
	closedir(d);
}

/* An id unknown after a walk is remembered as such: it belonged to a
 * cgroup already removed, and walking again would not find it. */
const char *Nlg_cgroups_path(struct Nlg_cgroups *cg, uint64_t id)
{
	struct entry *e = lookup(cg, id);
	if (e || !cg->mount || cg->walked || id == 0)
		return e ? e->path : NULL;
	cg->walked = true;
	int fd = open(cg->mount, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	char rel[PATH_MAX] = "";
	size_t budget = MAX_DIRS;
	walk(cg, fd, rel, 0, 0, &budget);
	remember(cg, id, NULL);
	e = lookup(cg, id);
	return e ? e->path : NULL;
}

static int read_members(const char *mount, const char *rel, struct entry *e)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s%s/cgroup.procs", mount, strcmp(rel, "/") ? rel : "");
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	int n = 0, pid;
	while (fscanf(f, "%d", &pid) == 1) {
		if (n == 0)
			e->pid = pid;
		n++;
	}
	fclose(f);
	return n;
}

int Nlg_cgroups_members(struct Nlg_cgroups *cg, uint64_t id, int *pid)
{
	const char *rel = Nlg_cgroups_path(cg, id);
	if (!rel)
		return -ENOENT;
	/* Many sockets of one cgroup close in one sample: read it once. */
	struct entry *e = lookup(cg, id);
	if (e->members_gen != cg->gen) {
		e->nmembers = read_members(cg->mount, rel, e);
		e->members_gen = cg->gen;
	}
	*pid = e->pid;
	return e->nmembers;
}

void Nlg_cgroups_next(struct Nlg_cgroups *cg)
{
	cg->walked = false;
	cg->gen++;
}
